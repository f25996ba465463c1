"""``rheumex_morphology``: one-token word-form rules ("-itis", "-ectomy", INN drug stems).

The rules live in a JSONL pattern file (``data/lexicon/morphology.jsonl``) in spaCy's
``span_ruler`` format, restricted to single-token patterns on ``LOWER`` with ``REGEX``,
``NOT_IN`` and ``IN``. spaCy's ``Matcher`` runs every regex on every token of every
document; this component evaluates them once per distinct lower-cased word and caches
the result, which gives the same spans about 30 times faster on case reports. A rule with
``parts_from`` (``{"file", "sources", "separator"}``) matches a word only when every part
between separators is a one-word phrase of that lexicon file from those sources: a drug
combination written as one token, "piperacillin/tazobactam", "trimethoprim-sulfamethoxazole"
(the tokenizer keeps such words whole, so the lexicon sees neither drug). Matches are
added to the same span group as the lexicon ruler's (``rheumex_candidates``), with the
``"concept_id#source"`` id the resolver reads.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.tokens import Doc, Span

from rheumex.pipelines.lexicon import iter_lexicon


@dataclass(frozen=True)
class _Rule:
    label: str
    span_id: str
    regex: re.Pattern | None
    not_in: frozenset[str]
    in_: frozenset[str] | None
    equals: str | None
    parts: "_LexiconWords | None" = None
    part_separator: re.Pattern | None = None

    def matches(self, lower: str) -> bool:
        if self.equals is not None and lower != self.equals:
            return False
        if self.in_ is not None and lower not in self.in_:
            return False
        if lower in self.not_in:
            return False
        if self.regex is not None and self.regex.search(lower) is None:
            return False
        if self.parts is not None:  # "piperacillin/tazobactam": every part a word of the lexicon
            pieces = self.part_separator.split(lower)
            words = self.parts.words()
            return len(pieces) > 1 and all(x in words for x in pieces)
        return True


class _LexiconWords:
    """The one-word phrase patterns of a lexicon file whose ``source`` starts with one of
    ``sources``, read on first use (the file is large and most documents never ask)."""

    def __init__(self, file: str, sources: tuple[str, ...]) -> None:
        self.file, self.sources = file, sources
        self._words: frozenset[str] | None = None

    def words(self) -> frozenset[str]:
        if self._words is None:
            self._words = frozenset(e["pattern"].lower() for e in iter_lexicon([self.file])
                                    if isinstance(e.get("pattern"), str) and str(e.get("source", "")).startswith(self.sources)
                                    and not re.search(r"[\s/-]", e["pattern"]))
        return self._words


def _lexicon_words(spec: dict, where: str) -> tuple[_LexiconWords, re.Pattern]:
    """``parts_from`` of a rule: the lexicon words the parts must be, and the ``separator``
    regex between the parts."""
    try:
        file, sources, sep = spec["file"], tuple(spec["sources"]), re.compile(spec["separator"])
    except (KeyError, TypeError) as exc:
        raise ValueError(f"morphology rule {where}: parts_from needs 'file', 'sources' and 'separator'") from exc
    return _LexiconWords(file, sources), sep


def _rule(entry: dict) -> _Rule:
    pattern = entry.get("pattern")
    where = f"{entry.get('source', '?')} ({entry.get('label')})"
    if not (isinstance(pattern, list) and len(pattern) == 1 and set(pattern[0]) == {"LOWER"}):
        raise ValueError(f"morphology rule {where}: only one-token patterns on LOWER are supported here; "
                         "put multi-token patterns in a lexicon file read by the span_ruler")
    spec = pattern[0]["LOWER"]
    if isinstance(spec, str):
        spec = {"==": spec}
    unknown = set(spec) - {"REGEX", "NOT_IN", "IN", "=="}
    if unknown:
        raise ValueError(f"morphology rule {where}: unsupported keys {sorted(unknown)}; use REGEX, NOT_IN or IN")
    return _Rule(
        label=entry["label"],
        span_id=f"{entry.get('id') or ''}#{entry.get('source', 'lexicon')}",
        regex=re.compile(spec["REGEX"]) if "REGEX" in spec else None,
        not_in=frozenset(spec.get("NOT_IN", [])),
        in_=frozenset(spec["IN"]) if "IN" in spec else None,
        equals=spec.get("=="),
        **(dict(zip(("parts", "part_separator"), _lexicon_words(entry["parts_from"], where))) if "parts_from" in entry else {}),
    )


def _any_of(rules: list[_Rule]) -> tuple[re.Pattern | None, tuple[_Rule, ...]]:
    """One regex that finds a match in a word exactly when some rule's ``REGEX`` does (the
    alternation of them all), and the rules without a ``REGEX``. Most new words match no rule:
    one search then replaces a test per rule. ``(None, ())`` when the regexes cannot be
    joined (inline flags, backreferences): every rule is tested."""
    regexes = [r.regex for r in rules if r.regex is not None]
    if not regexes or any(x.flags != re.UNICODE or "(?" in x.pattern.replace("(?:", "").replace("(?!", "").replace("(?=", "")
                          .replace("(?<!", "").replace("(?<=", "") or re.search(r"\\[1-9]", x.pattern) for x in regexes):
        return None, ()
    try:
        joined = re.compile("|".join(f"(?:{x.pattern})" for x in regexes))
    except re.error:
        return None, ()
    return joined, tuple(r for r in rules if r.regex is None)


class MorphologyRules:
    def __init__(self, rules: list[_Rule], spans_key: str) -> None:
        self.rules = rules
        self.spans_key = spans_key
        self._cache: dict[str, tuple[_Rule, ...]] = {}
        self._by_hash: dict[int, tuple[_Rule, ...]] = {}
        self._any_regex, self._no_regex = _any_of(rules)

    def _lexicon_parts(self) -> list[_LexiconWords]:
        return [r.parts for r in self.rules if r.parts is not None]

    def cache_state(self) -> dict:
        """The lexicon words of the ``parts_from`` rules (read from a large lexicon file, 0.1 s),
        for the pipeline cache (:mod:`rheumex.pipelines.cache`): a process that loads the
        pipeline from the cache, and every worker forked from it, has them without reading
        the file on its first document."""
        return {"parts_words": [sorted(p.words()) for p in self._lexicon_parts()]}

    def restore_state(self, state: dict) -> None:
        """Put the words of :meth:`cache_state` back."""
        parts = self._lexicon_parts()
        words = state["parts_words"]
        if len(words) != len(parts):
            raise ValueError("morphology cache state: the number of parts_from rules differs")
        for p, w in zip(parts, words):
            p._words = frozenset(w)

    def _lookup(self, lower: str) -> tuple[_Rule, ...]:
        hit = self._cache.get(lower)
        if hit is None:
            if self._any_regex is not None and self._any_regex.search(lower) is None:
                hit = tuple(r for r in self._no_regex if r.matches(lower))  # no REGEX rule can match
            else:
                hit = tuple(r for r in self.rules if r.matches(lower))
            if len(self._cache) < 500_000:  # bounded: a long batch run sees many rare words
                self._cache[lower] = hit
        return hit

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        strings = doc.vocab.strings
        for i, h in enumerate(doc.to_array(LOWER).tolist() if len(doc) else []):
            hit = self._by_hash.get(h)
            if hit is None:
                hit = self._lookup(strings[h])
                if len(self._by_hash) < 500_000:
                    self._by_hash[h] = hit
            for r in hit:
                spans.append(Span(doc, i, i + 1, label=r.label, span_id=r.span_id))
        if spans:
            if self.spans_key in doc.spans:
                doc.spans[self.spans_key].extend(spans)
            else:
                doc.spans[self.spans_key] = spans
        return doc


@Language.factory("rheumex_morphology", assigns=["doc.spans"],
                  default_config={"files": ["morphology.jsonl"], "spans_key": "rheumex_candidates"})
def make_morphology(nlp: Language, name: str, files: list[str], spans_key: str) -> MorphologyRules:
    """Word-form rules from JSONL files as lexicon candidates; see the module docstring."""
    return MorphologyRules([_rule(e) for e in iter_lexicon(files)], spans_key)
