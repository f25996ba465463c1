"""A case's treatment response from its outcome sentences (corpora/CASES.md 2.7).

The cue phrases, negators, hedges and their meaning are data:
``pipelines/data/response_cues.tsv`` (its header line says how to read it). A sentence's
labels are those of its cues after negation ("no recurrence" -> ``resolved``, "did not
improve" -> ``no response``) and with hedged cues dropped ("risk of recurrence"); the
case's response is the label of the LAST sentence after its first treatment that has a
strong cue (weak cues -- "satisfied", "well controlled" -- count only when no strong cue
follows the first treatment); when that last statement is ``no response`` ("persisted
unchanged") after an earlier good one ("resolution of pain"), the condition got better but
not gone: ``improved`` (CASES.md 2.7).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

GOOD = ("resolved", "improved")
BAD = ("no response", "worsened")
#: the order in which a sentence's labels are tried when they do not conflict
ORDER = ("untreated", "no response", "worsened", "resolved", "improved")


@dataclass(frozen=True)
class Cue:
    label: str
    if_negated: str | None
    strong: bool
    pattern: re.Pattern


@dataclass(frozen=True)
class ResponseRules:
    cues: tuple[Cue, ...]
    negator: re.Pattern
    hedge: re.Pattern
    clause: re.Pattern
    window: int
    given: re.Pattern
    other_subject: re.Pattern | None = None


def _data_path() -> Path:
    import rheumex.pipelines as p

    return Path(p.__file__).resolve().parent / "data" / "response_cues.tsv"


def load_response_rules(path: str | Path | None = None) -> ResponseRules:
    """Read ``response_cues.tsv`` (or ``path``): see its header line."""
    cues, alts = [], {"negator": [], "hedge": [], "clause": [], "given": [], "other_subject": []}
    window = 5
    lines = Path(path or _data_path()).read_text(encoding="utf-8").splitlines()
    for line in lines:
        if not line.strip() or line.startswith("#") or line.startswith("kind\t"):
            continue
        kind, label, neg, strength, pattern, *_why = line.split("\t")
        if kind == "cue":
            rx = re.compile(r"(?<![\w-])(?:" + pattern + r")(?![\w-])", re.I)
            cues.append(Cue(label, None if neg == "-" else neg, strength == "strong", rx))
        elif kind == "window":
            window = int(pattern)
        elif kind in alts:
            alts[kind].append(pattern)
        else:
            raise ValueError(f"response_cues.tsv: unknown kind {kind!r}")

    def alt(xs, bounded=True):
        body = "|".join(xs)
        return re.compile(r"(?<!\w)(?:" + body + r")(?!\w)" if bounded else body, re.I)

    other = re.compile("|".join(alts["other_subject"]), re.I) if alts["other_subject"] else None
    return ResponseRules(tuple(cues), alt(alts["negator"]), alt(alts["hedge"]), alt(alts["clause"], bounded=False), window,
                         alt(alts["given"]), other)


@lru_cache(maxsize=1)
def response_rules() -> ResponseRules:
    """The bundled rules, read once per process."""
    return load_response_rules()


def _context(text: str, start: int, rules: ResponseRules) -> str:
    """The last ``window`` words before ``start`` within the cue's clause."""
    before = text[:start]
    cut = 0
    for m in rules.clause.finditer(before):
        cut = m.end()
    words = re.findall(r"[\w'-]+", before[cut:])[-rules.window:]
    return " ".join(words)


def sentence_cues(text: str, rules: ResponseRules | None = None) -> list[tuple[str, bool]]:
    """``(label, strong)`` of every cue stated in ``text``, after negation, hedges dropped,
    in text order (a cue inside a longer cue's match is not counted again)."""
    r = rules or response_rules()
    hits = []
    for cue in r.cues:
        for m in cue.pattern.finditer(text):
            hits.append((m.start(), -m.end(), cue))
    hits.sort(key=lambda h: (h[0], h[1]))
    out, covered = [], -1
    for start, neg_end, cue in hits:
        end = -neg_end
        if end <= covered:
            continue
        covered = max(covered, end)
        if cue.label == "none":  # states nothing, and hides the cues inside it
            continue
        ctx = _context(text, start, r)
        if r.hedge.search(ctx):
            continue
        label = cue.label
        if r.negator.search(ctx):
            if cue.if_negated is None:
                continue
            label = cue.if_negated
        out.append((label, cue.strong))
    return out


def sentence_label(labels: list[str]) -> str | None:
    """One label for a sentence's cue labels: good and bad together -> ``improved``
    (mixed: "complete resolution of pain despite persistent radiographic evidence");
    ``untreated`` -> ``not stated``; else the first of :data:`ORDER` present."""
    if not labels:
        return None
    if "untreated" in labels:
        return "not stated"
    if any(x in GOOD for x in labels) and any(x in BAD for x in labels):
        return "improved"
    return next(x for x in ORDER if x in labels)


def sentence_response(text: str, rules: ResponseRules | None = None, weak: bool = True) -> str | None:
    """The response ``text`` states, or None (``weak``: weak cues count too)."""
    return sentence_label([lab for lab, strong in sentence_cues(text, rules) if strong or weak])


def first_given(sents: list[tuple[int, str]], treatment_starts: list[int], rules: ResponseRules | None = None) -> int | None:
    """Where the treatment course starts: the first treatment mention (char offset) whose
    sentence has a 'given' verb ("underwent", "was started on"), else the first treatment
    mention; None without treatment mentions."""
    if not treatment_starts:
        return None
    r = rules or response_rules()
    bounds = [(s0, sents[i + 1][0] if i + 1 < len(sents) else s0 + len(t) + 1, t) for i, (s0, t) in enumerate(sents)]
    for pos in sorted(treatment_starts):
        for s0, e0, t in bounds:
            if s0 <= pos < e0 and r.given.search(t):
                return pos
    return min(treatment_starts)


def case_response(sents: list[tuple[int, str]], first_treatment: int | None, skip: set[int] = frozenset(),
                  rules: ResponseRules | None = None) -> tuple[str, list[int]]:
    """``(response, [evidence sentence start])`` for a case whose narrative sentences are
    ``sents`` (``(start_char, text)`` in order); only sentences ending after
    ``first_treatment`` count, and none whose start is in ``skip`` (captions). No treatment
    -> ``("not stated", [])``; no cue -> ``("not stated", [])``; a sentence saying that no
    treatment was given ("No active intervention was advised") -> ``not stated`` whatever
    follows (CASES.md 4, "Untreated condition, other treatments given")."""
    if first_treatment is None:
        return "not stated", []
    r = rules or response_rules()
    strong, weak = [], []
    for i, (start, text) in enumerate(sents):
        end = sents[i + 1][0] if i + 1 < len(sents) else start + len(text) + 1
        if end <= first_treatment or start in skip or (r.other_subject and r.other_subject.search(text)):
            continue
        cues = sentence_cues(text, r)
        s = sentence_label([lab for lab, st in cues if st])
        if s:
            strong.append((s, start))
        w = sentence_label([lab for lab, _st in cues])
        if w:
            weak.append((w, start))
    untreated = [x for x in strong if x[0] == "not stated"]
    pick = untreated or strong or weak  # CASES.md 4: the main condition untreated -> not stated
    if not pick:
        return "not stated", []
    label, start = pick[-1]
    if label == "no response" and pick is strong:
        # better first, then unchanged ("complete clinical resolution of pain ... HO persisted
        # unchanged"): better but not gone, CASES.md 2.7 "improved" (not a later failure
        # after an early gain: "worsened" stays the last statement's)
        good = [x for x in strong[:-1] if x[0] in GOOD]
        if good:
            return "improved", [good[-1][1], start]
    return label, [start]
