"""Consistency report over the gold corpus (GUIDELINES.md section 5, step 3).

Two kinds of finding, each to be resolved by reading the sentence:

- ``label``: the same string (case-insensitive, white space collapsed) carries different
  labels in different places;
- ``missed``: a string that is labelled somewhere occurs elsewhere as a whole word
  without any span on it (outside reference sections).

A label conflict that was read and judged correct as it stands (the same string means
different things in different places) is recorded in ``gold/consistency_reviewed.tsv``
(string, the label set, the reason); the report marks it ``reviewed`` and ``--check``
fails only on conflicts nobody has reviewed.

Usage::

    python -m rheumex.corpora.consistency [GOLD.jsonl] [--doc ID] [--min-count N] [--json]
    python -m rheumex.corpora.consistency --check     # exit 1 on unreviewed label conflicts
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

from rheumex.corpora.gold import load_gold

# Strings this short or this generic give more noise than findings.
_MIN_LEN = 3
# Anatomy is a CALCINOSIS_SITE only next to calcification: an unlabelled site string is a
# finding only when its sentence talks about calcification.
_CALC = re.compile(r"calc|ossif|minerali", re.I)


REVIEWED = Path(__file__).resolve().parent / "gold" / "consistency_reviewed.tsv"


def load_reviewed(path: Path = REVIEWED) -> dict[str, tuple[frozenset, str]]:
    """Reviewed label conflicts: normalised string -> (label set, reason)."""
    out: dict[str, tuple[frozenset, str]] = {}
    if not path.exists():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, labels, reason = (line.split("\t") + ["", ""])[:3]
        out[_key(text)] = (frozenset(l.strip() for l in labels.split(",") if l.strip()), reason.strip())
    return out


@dataclass
class Finding:
    kind: str  # "label" | "missed"
    doc_id: str
    start: int
    end: int
    text: str
    found: str | None  # the label here (None when missed)
    elsewhere: str  # e.g. "DISEASE x12, IMAGING x1"
    context: str
    reviewed: str | None = None  # the recorded reason when this label conflict was reviewed


def _key(s: str) -> str:
    return re.sub(r"\s+", " ", s.strip().lower())


def _context(text: str, start: int, end: int, width: int = 70) -> str:
    left = text[max(0, start - width) : start].replace("\n", " ")
    right = text[end : end + width].replace("\n", " ")
    return f"...{left}[{text[start:end]}]{right}..."


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    stops = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    return text[left + 1 : min(stops) if stops else len(text)]


def _excluded_ranges(doc: dict) -> list[tuple[int, int]]:
    return [(s[0], s[1]) for s in (doc["meta"].get("sections") or []) if s[3] == "references"]


def report(docs: list[dict], min_count: int = 1, reviewed: dict | None = None) -> list[Finding]:
    """All findings for ``docs`` (a list of gold documents), sorted by document and offset.

    ``reviewed`` (default: :func:`load_reviewed`) marks label conflicts already judged."""
    reviewed = load_reviewed() if reviewed is None else reviewed
    labels_of: dict[str, Counter] = defaultdict(Counter)
    for d in docs:
        for s in d["spans"]:
            labels_of[_key(d["text"][s["start"] : s["end"]])][s["label"]] += 1

    def summary(key: str) -> str:
        return ", ".join(f"{lab} x{n}" for lab, n in labels_of[key].most_common())

    # one compiled pattern per labelled string, reused for every document (re's own cache holds 512)
    # (a plain substring test on the longest word first: most strings occur in few documents)
    patterns = [(max(key.split(" "), key=len),
                 re.compile(r"(?<![\w-])" + r"\s+".join(re.escape(w) for w in key.split(" ")) + r"(?![\w-])"), key, counts)
                for key, counts in labels_of.items() if len(key) >= _MIN_LEN and sum(counts.values()) >= min_count]
    findings: list[Finding] = []
    for d in docs:
        text = d["text"]
        for s in d["spans"]:
            key = _key(text[s["start"] : s["end"]])
            if len(labels_of[key]) > 1:
                rev = reviewed.get(key)
                ok = rev[1] if rev and rev[0] == frozenset(labels_of[key]) else None
                findings.append(Finding("label", d["id"], s["start"], s["end"], text[s["start"] : s["end"]], s["label"],
                                        summary(key), _context(text, s["start"], s["end"]), ok))
        covered = sorted((s["start"], s["end"]) for s in d["spans"]) + _excluded_ranges(d)
        lowered = text.lower()
        for word, pattern, key, counts in patterns:
            if word not in lowered:
                continue
            for m in pattern.finditer(lowered):
                a, b = m.start(), m.end()
                if any(a < e and s < b for s, e in covered):
                    continue
                if set(counts) == {"CALCINOSIS_SITE"} and not _CALC.search(_sentence(text, a, b)):
                    continue
                findings.append(Finding("missed", d["id"], a, b, text[a:b], None, summary(key), _context(text, a, b)))
    findings.sort(key=lambda f: (f.doc_id, f.start, f.kind))
    return findings


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m rheumex.corpora.consistency", description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", nargs="?", type=Path, help="gold JSONL (default: the packaged corpus)")
    ap.add_argument("--doc", action="append", help="only report findings inside this document (repeatable)")
    ap.add_argument("--min-count", type=int, default=1, help="ignore strings labelled fewer times than this")
    ap.add_argument("--json", action="store_true", help="one JSON object per finding")
    ap.add_argument("--check", action="store_true", help="print only unreviewed label conflicts; exit 1 if there are any")
    args = ap.parse_args(argv)
    docs = load_gold(args.gold)
    findings = report(docs, args.min_count)
    if args.doc:
        findings = [f for f in findings if f.doc_id in set(args.doc)]
    if args.check:
        open_conflicts = [f for f in findings if f.kind == "label" and not f.reviewed]
        for f in open_conflicts:
            print(f"{f.doc_id}\t{f.start}-{f.end}\t{f.text!r} is {f.found}; corpus: {f.elsewhere}\n\t{f.context}")
        print(f"{len(open_conflicts)} unreviewed label conflicts", file=sys.stderr)
        return 1 if open_conflicts else 0
    for f in findings:
        if args.json:
            print(json.dumps(asdict(f), ensure_ascii=False))
        else:
            here = f.found or "unlabelled"
            note = f" (reviewed: {f.reviewed})" if f.reviewed else ""
            print(f"{f.doc_id}\t{f.start}-{f.end}\t{f.kind}\t{f.text!r} is {here}; corpus: {f.elsewhere}{note}\n\t{f.context}")
    kinds = Counter(f.kind for f in findings)
    print(f"{len(findings)} findings: {kinds.get('label', 0)} label conflicts, {kinds.get('missed', 0)} unlabelled occurrences",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
