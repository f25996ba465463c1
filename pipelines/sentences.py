"""``rheumex_sentencizer``: rule-based sentence splitting for case reports.

Splits after ``. ? !`` when the next word starts a sentence, except after abbreviations
("Fig. 1", "et al.", "i.e.", "vs.", "Dr."), and at paragraph breaks and heading lines.
A single hard line break splits only after sentence punctuation or a short (heading) line,
so wrapped paragraphs stay whole. Much faster than a statistical parser and needs no model.
"""
from __future__ import annotations

import re
from typing import Iterable

import numpy
from spacy.attrs import IDX, IS_SPACE, ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.tokens import Doc

from rheumex.pipelines import extensions

DEFAULT_ABBREVIATIONS = [
    "fig", "figs", "al", "i.e", "e.g", "vs", "dr", "mr", "mrs", "ms", "prof", "approx", "no", "nos",
    "ref", "refs", "eq", "vol", "pp", "p", "ca", "cf", "etc", "resp", "st", "inc", "ltd", "jr", "sr",
    "tab", "suppl", "dept", "univ", "min", "max", "mg", "ml", "kg", "pt", "pts", "yr", "yrs", "mo", "wk",
]


# a line ending in one of these continues on the next line (a hard-wrapped paragraph)
_CONTINUES = {",", "-", ";", "(", "and", "or", "of", "the", "with", "in", "to", "a", "an", "for", "by", "on", "at", "from", "as"}


class Sentencizer:
    def __init__(self, abbreviations: Iterable[str], heading_max_chars: int = 60) -> None:
        self.abbreviations = {a.lower().rstrip(".") for a in abbreviations}
        self.heading_max_chars = heading_max_chars

    def _is_abbrev(self, text: str) -> bool:
        t = text.lower().rstrip(".")
        return t in self.abbreviations or (len(t) == 1 and t.isalpha())

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        text = extensions.doc_text(doc)
        # plain Python lists: much faster than creating Token objects in the loops below
        arr = doc.to_array([ORTH, SPACY, IS_SPACE, IDX])
        strings = doc.vocab.strings
        toks = [strings[h] for h in arr[:, 0].tolist()]
        lows = [t.lower() for t in toks]
        wss = [" " if f else "" for f in arr[:, 1].tolist()]
        space = [bool(f) for f in arr[:, 2].tolist()]
        idx = arr[:, 3].tolist()
        starts = [False] * n
        starts[0] = True
        line_start = 0
        for i in range(n - 1):
            t = toks[i]
            if space[i] or "\n" in wss[i]:
                ws = t if space[i] else wss[i]
                if "\n" in ws:
                    nl_count = ws.count("\n")
                    line = text[line_start : idx[i]].strip()
                    prev = i - 1 if space[i] and i > 0 else i
                    j0 = i + 1
                    while j0 < n and space[j0]:
                        j0 += 1
                    nxt_text = toks[j0] if j0 < n else ""
                    wrapped = nxt_text[:1].islower() or lows[prev] in _CONTINUES
                    if (nl_count >= 2 or toks[prev] in (".", "?", "!", ":") or toks[prev].endswith(".")
                            or len(line) < self.heading_max_chars or not wrapped):
                        j = i + 1
                        while j < n and space[j]:
                            j += 1
                        if j < n:
                            starts[j] = True
                    line_start = idx[i] + len(t) + (len(wss[i]) if not space[i] else 0)
                if space[i]:
                    continue
            if t in ("?", "!") or (t == "." or (t.endswith(".") and len(t) > 1 and not self._is_abbrev(t))):
                if t == "." and i > 0 and self._is_abbrev(toks[i - 1]) and not wss[i - 1]:
                    continue
                j = i + 1
                while j < n and (space[j] or toks[j] in (")", "]", '"', "\u201d")):
                    j += 1
                # a citation glued to the period: "administration.,7 Spontaneous", "osteomyelitis.1,3 In"
                while j < n and not wss[j - 1] and not space[j - 1] and _CITATION.fullmatch(toks[j]):
                    j += 1
                while j < n and space[j]:
                    j += 1
                if j < n:
                    first = toks[j][:1]
                    if first.isupper() or first.isdigit() or first in "(\"\u201c[":
                        starts[j] = True
        arr = numpy.where(numpy.array(starts), 1, -1).astype("int64").astype("uint64").reshape(-1, 1)
        doc.from_array([SENT_START], arr)
        return doc


_CITATION = re.compile(r"[,;]|\d{1,3}(?:[,\-–]\d{1,3})*")


@Language.factory(
    "rheumex_sentencizer",
    assigns=["token.is_sent_start"],
    default_config={"abbreviations": DEFAULT_ABBREVIATIONS, "heading_max_chars": 60},
)
def make_sentencizer(nlp: Language, name: str, abbreviations: list[str], heading_max_chars: int) -> Sentencizer:
    """Rule-based sentence boundaries; see module docstring."""
    return Sentencizer(abbreviations, heading_max_chars)
