"""Inline span markup used to hand-label the gold corpus.

Annotators copy a document's text and wrap every mention in double brackets::

    A 12-year-old girl with [[juvenile dermatomyositis|DISEASE]] had
    [[calcinosis|DISEASE]] of the [[both elbows|CALCINOSIS_SITE|case=1]] on
    [[plain radiographs|IMAGING]]; [[bisphosphonates|TREATMENT|hyp]] were discussed.

Attributes after the label, separated by ``|``: ``neg`` (negated), ``hyp``
(hypothetical), ``case=ID`` (patient case), ``concept=ID`` (concept id).

Stripping the markup must give back the source text exactly; :func:`parse_markup`
returns that text and the spans with character offsets into it. The module has no
dependencies so annotators can run it as a script::

    python corpora/markup.py check corpora/labelling/MPX1309.md
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

LABELS = ("DISEASE", "CALCINOSIS_SITE", "IMAGING", "TREATMENT")

_MARK = re.compile(r"\[\[(?P<text>[^\[\]|]+?)\|(?P<label>[A-Z_]+)(?P<attrs>(?:\|[^\[\]|]+)*)\]\]")


class MarkupError(ValueError):
    """A labelling file is malformed; the message names the file and position."""


@dataclass
class MarkedSpan:
    """One labelled span, with offsets into the plain text."""

    start: int
    end: int
    label: str
    text: str
    negated: bool = False
    hypothetical: bool = False
    case_id: str | None = None
    concept_id: str | None = None

    def to_json(self) -> dict:
        out: dict = {"start": self.start, "end": self.end, "label": self.label}
        if self.negated:
            out["negated"] = True
        if self.hypothetical:
            out["hypothetical"] = True
        if self.case_id:
            out["case_id"] = self.case_id
        if self.concept_id:
            out["concept_id"] = self.concept_id
        return out


@dataclass
class Marked:
    text: str
    spans: list[MarkedSpan] = field(default_factory=list)


def _parse_attrs(attrs: str, where: str) -> dict:
    out: dict = {}
    for raw in filter(None, attrs.split("|")):
        a = raw.strip()
        if a in ("neg", "negated"):
            out["negated"] = True
        elif a in ("hyp", "hypothetical"):
            out["hypothetical"] = True
        elif a.startswith("case="):
            out["case_id"] = a[5:].strip()
        elif a.startswith("concept="):
            out["concept_id"] = a[8:].strip()
        else:
            raise MarkupError(f"{where}: unknown attribute {a!r} (use neg, hyp, case=ID, concept=ID)")
    return out


def parse_markup(marked: str, where: str = "<markup>") -> Marked:
    """Strip ``[[text|LABEL|attrs]]`` marks and return the plain text with its spans."""
    plain: list[str] = []
    spans: list[MarkedSpan] = []
    pos = 0
    length = 0
    for m in _MARK.finditer(marked):
        before = marked[pos : m.start()]
        plain.append(before)
        length += len(before)
        label = m.group("label")
        line = marked.count("\n", 0, m.start()) + 1
        here = f"{where}:{line}"
        if label not in LABELS:
            raise MarkupError(f"{here}: unknown label {label!r} in {m.group(0)!r}; use one of {', '.join(LABELS)}")
        text = m.group("text")
        if text != text.strip():
            raise MarkupError(f"{here}: span {text!r} has leading/trailing whitespace")
        attrs = _parse_attrs(m.group("attrs"), here)
        spans.append(MarkedSpan(length, length + len(text), label, text, **attrs))
        plain.append(text)
        length += len(text)
        pos = m.end()
    plain.append(marked[pos:])
    text = "".join(plain)
    leftover = re.search(r"\[\[|\]\]", text)
    if leftover:
        line = text.count("\n", 0, leftover.start()) + 1
        raise MarkupError(f"{where}: unbalanced or malformed mark near line {line}: {text[max(0, leftover.start()-40):leftover.start()+40]!r}")
    return Marked(text, spans)


def render_markup(text: str, spans: Iterable[MarkedSpan | dict]) -> str:
    """Inverse of :func:`parse_markup`: write spans back into the text as marks."""
    items = []
    for s in spans:
        d = s.to_json() if isinstance(s, MarkedSpan) else dict(s)
        items.append(d)
    items.sort(key=lambda d: (d["start"], d["end"]))
    out, pos = [], 0
    for d in items:
        out.append(text[pos : d["start"]])
        attrs = ""
        if d.get("negated"):
            attrs += "|neg"
        if d.get("hypothetical"):
            attrs += "|hyp"
        if d.get("case_id"):
            attrs += f"|case={d['case_id']}"
        if d.get("concept_id"):
            attrs += f"|concept={d['concept_id']}"
        out.append(f"[[{text[d['start']:d['end']]}|{d['label']}{attrs}]]")
        pos = d["end"]
    out.append(text[pos:])
    return "".join(out)


HEADER_END = "\n---\n"


def read_labelling_file(path: str | Path) -> tuple[dict, Marked]:
    """Read a labelling file: a ``key: value`` header, a ``---`` line, then the marked text.

    The header names at least ``source`` (the original file) and may carry ``licence``,
    ``format`` and ``notes``. Everything after the first ``---`` line is the marked text.
    """
    path = Path(path)
    raw = path.read_text(encoding="utf-8")
    if HEADER_END not in raw:
        raise MarkupError(f"{path}: missing header; start with 'source: ...' lines and a '---' line")
    head, body = raw.split(HEADER_END, 1)
    meta = {}
    for line in head.splitlines():
        if line.strip() and ":" in line:
            k, v = line.split(":", 1)
            meta[k.strip()] = v.strip()
    return meta, parse_markup(body, str(path))


def _main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] != "check":
        print("usage: python corpora/markup.py check FILE.md [SOURCE.txt]", file=sys.stderr)
        return 2
    meta, marked = read_labelling_file(argv[1])
    if len(argv) > 2:
        source = Path(argv[2]).read_text(encoding="utf-8")
        if source != marked.text:
            for i, (a, b) in enumerate(zip(source, marked.text)):
                if a != b:
                    break
            else:
                i = min(len(source), len(marked.text))
            print(f"TEXT MISMATCH at char {i}: source {source[i-30:i+30]!r} vs marked {marked.text[i-30:i+30]!r}")
            return 1
        print("text matches source exactly")
    counts: dict[str, int] = {}
    for s in marked.spans:
        counts[s.label] = counts.get(s.label, 0) + 1
        flags = ",".join(k for k in ("negated", "hypothetical") if getattr(s, k))
        print(f"{s.start:6d} {s.end:6d} {s.label:16s} {s.text!r} {flags} {('case=' + s.case_id) if s.case_id else ''}")
    print("counts:", counts, "total:", len(marked.spans))
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
