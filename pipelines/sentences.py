"""``rheumex_sentencizer``: rule-based sentence splitting for case reports.

Splits after ``. ? !`` when the next word starts a sentence, except after abbreviations
("Fig. 1", "et al.", "i.e.", "vs.", "Dr."), and at paragraph breaks and heading lines.
A single hard line break splits only after sentence punctuation or a short (heading) line,
so wrapped paragraphs stay whole. Much faster than a statistical parser and needs no model.
"""
from __future__ import annotations

from typing import Iterable

from spacy.language import Language
from spacy.tokens import Doc

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
        text = doc.text
        starts = [False] * n
        starts[0] = True
        line_start = 0
        for i, tok in enumerate(doc[:-1]):
            nxt = doc[i + 1]
            t = tok.text
            if tok.is_space or "\n" in tok.whitespace_:
                ws = t if tok.is_space else tok.whitespace_
                if "\n" in ws:
                    nl_count = ws.count("\n")
                    line = text[line_start : tok.idx].strip()
                    prev = doc[i - 1] if tok.is_space and i > 0 else tok
                    j0 = i + 1
                    while j0 < n and doc[j0].is_space:
                        j0 += 1
                    nxt_text = doc[j0].text if j0 < n else ""
                    wrapped = nxt_text[:1].islower() or prev.lower_ in _CONTINUES
                    if (nl_count >= 2 or prev.text in (".", "?", "!", ":") or prev.text.endswith(".")
                            or len(line) < self.heading_max_chars or not wrapped):
                        j = i + 1
                        while j < n and doc[j].is_space:
                            j += 1
                        if j < n:
                            starts[j] = True
                    line_start = tok.idx + len(t) + (len(tok.whitespace_) if not tok.is_space else 0)
                if tok.is_space:
                    continue
            if t in ("?", "!") or (t == "." or (t.endswith(".") and len(t) > 1 and not self._is_abbrev(t))):
                if t == "." and i > 0 and self._is_abbrev(doc[i - 1].text) and not doc[i - 1].whitespace_:
                    continue
                j = i + 1
                while j < n and (doc[j].is_space or doc[j].text in (")", "]", '"', "\u201d")):
                    j += 1
                if j < n:
                    first = doc[j].text[:1]
                    if first.isupper() or first.isdigit() or first in "(\"\u201c[":
                        starts[j] = True
        for i, tok in enumerate(doc):
            tok.is_sent_start = starts[i]
        return doc


@Language.factory(
    "rheumex_sentencizer",
    assigns=["token.is_sent_start"],
    default_config={"abbreviations": DEFAULT_ABBREVIATIONS, "heading_max_chars": 60},
)
def make_sentencizer(nlp: Language, name: str, abbreviations: list[str], heading_max_chars: int) -> Sentencizer:
    """Rule-based sentence boundaries; see module docstring."""
    return Sentencizer(abbreviations, heading_max_chars)
