"""Annotating texts of any length and content: long texts in pieces, punctuation runs cut.

* spaCy refuses texts over ``nlp.max_length`` (1,000,000 characters, error E088), and the
  pipeline is slower than linear on long texts (scispaCy's abbreviation detector searches
  the whole document for every short form: 990,000 characters took 62 s in one piece). A
  text longer than :data:`PIECE_CHARS` (200,000 characters, about 60 pages; or
  ``nlp.max_length`` if smaller) is tokenized whole, cut into pieces at section starts,
  else paragraph breaks, else line breaks, else sentence ends, else any token boundary, and
  each piece runs through the pipeline on its own; the pieces are joined back into one
  ``Doc`` whose text is the input exactly, so every offset stays valid. An abbreviation
  defined in one piece is not resolved in another; a case id a later piece reuses gets the
  next free number.
* A hard-wrapped line break inside a sentence (plain text saved from a PDF or a mail: "systemic\n
  sclerosis", "interstitial lung\ndisease") is read as a space (:func:`unwrap`): spaCy makes every
  "\n" a token of its own, so no lexicon phrase or name rule would match across it. The text keeps
  its length, so every offset stays valid.
* The tokenizer takes quadratic time on a long run of punctuation (20 KB of "(" took 69 s):
  every run of more than :data:`MAX_PUNCT_RUN` non-letter, non-digit, non-space characters
  becomes one token without going through the tokenizer, which sees only the text around it.
"""
from __future__ import annotations

import re
import warnings
from bisect import bisect_right

from spacy.language import Language
from spacy.tokens import Doc

#: Texts longer than this are annotated in pieces of at most this many characters.
PIECE_CHARS = 200_000

#: Longest run of punctuation/symbol characters handed to the tokenizer.
MAX_PUNCT_RUN = 50

_PUNCT_RUN = re.compile(r"(?:[^\w\s]|_){%d,}" % (MAX_PUNCT_RUN + 1))

#: The longest line of a wrapped paragraph is at least this long (a heading or a list is not).
WRAPPED_LINE = 30
_WRAP = re.compile(r"(?<=[A-Za-z0-9,;'\u2019)])\n(?=[a-z])")
_BLOCK = re.compile(r"[^\n]+(?:\n[^\n]+)+")
_PARAGRAPH_END = re.compile(r"[.!?:;)\]\"\u201d\u2019]\s*$")


def unwrap(text: str) -> str:
    """``text`` with each line break inside a hard-wrapped sentence replaced by a space (same
    length: offsets stay valid).

    A paragraph (lines between blank lines) is wrapped when its longest line has at least
    :data:`WRAPPED_LINE` characters and every line but the last is at least 0.6 of it: text set
    to one width. In it, a break between a word (or comma) and a lower-case word is a space. A
    list written one item a line ("Differential Diagnosis: leiomyosarcoma\nmetastatic disease
    with tumor thrombus\nangiosarcoma", a MedPix discussion of one statement a line) has short
    lines inside, or a short last line that ends no sentence, and keeps its breaks."""
    if "\n" not in text:
        return text
    out = None
    for block in _BLOCK.finditer(text):
        lines = block.group(0).split("\n")
        width = max(len(x) for x in lines)
        if width < WRAPPED_LINE or any(len(x) < 0.6 * width for x in lines[:-1]):
            continue
        if len(lines[-1]) < 0.6 * width and not _PARAGRAPH_END.search(lines[-1]):
            continue  # "Differential Diagnosis: osteochondroma\nosteosarcoma": a list
        for m in _WRAP.finditer(text, block.start(), block.end()):
            if out is None:
                out = list(text)
            out[m.start()] = " "
    return text if out is None else "".join(out)


def make_doc(nlp: Language, text: str) -> Doc:
    """Tokenize ``text`` (any length; ``doc.text`` is ``text`` with wrapped line breaks as spaces,
    :func:`unwrap`, so of the same length), runs of punctuation as single tokens."""
    from rheumex.pipelines.extensions import remember_text

    text = unwrap(text)
    runs = [m.span() for m in _PUNCT_RUN.finditer(text)]
    if not runs:
        return remember_text(nlp.tokenizer(text), text)  # the tokenizer itself has no length limit; only make_doc checks
    docs: list[Doc] = []
    pos = 0
    for a, b in runs:
        if a > pos:
            docs.append(nlp.tokenizer(text[pos:a]))
        ws = b < len(text) and text[b] == " "
        docs.append(Doc(nlp.vocab, words=[text[a:b]], spaces=[ws]))
        pos = b + (1 if ws else 0)
    if pos < len(text):
        docs.append(nlp.tokenizer(text[pos:]))
    return remember_text(_join([d for d in docs if len(d)]), text)


def _join(docs: list[Doc]) -> Doc:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # W101/W102: doc-level user data is set again by the caller
        return Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor"])


def piece_limit(nlp: Language) -> int:
    return max(1000, min(PIECE_CHARS, nlp.max_length))


def cut_points(doc: Doc, sections: list[tuple[int, int, str, str]], limit: int) -> list[int]:
    """Token indices where pieces start (first 0), each piece at most ``limit`` characters
    when the tokens allow; preferred cuts: section start, paragraph break, line break,
    sentence end, any token."""
    starts = [t.idx for t in doc]
    text_len = len(doc.text)
    section_starts = sorted({s for s, _e, _n, _k in sections})

    def rank(i: int) -> int:
        """Lower is better: how good a cut before token ``i`` is."""
        char = starts[i]
        prev = doc[i - 1]
        if char in section_set:
            return 0
        if prev.is_space and "\n\n" in prev.text or prev.text_with_ws.endswith("\n\n"):
            return 1
        if "\n" in prev.text_with_ws:
            return 2
        if prev.text in (".", "!", "?") and prev.whitespace_:
            return 3
        return 4

    section_set = set(section_starts)
    cuts = [0]
    while text_len - starts[cuts[-1]] > limit:
        lo_char = starts[cuts[-1]] + limit // 2
        hi_char = starts[cuts[-1]] + limit
        lo = max(cuts[-1] + 1, bisect_right(starts, lo_char))
        hi = bisect_right(starts, hi_char) - 1  # last token starting within the limit
        if hi < lo:
            hi = lo = max(cuts[-1] + 1, hi)
        best, best_rank = hi, 5
        for i in range(hi, lo - 1, -1):  # latest cut of the best rank
            r = rank(i)
            if r < best_rank:
                best, best_rank = i, r
                if r == 0:
                    break
        if best >= len(doc):
            break
        cuts.append(best)
    return cuts


def run_pipeline(nlp: Language, doc: Doc) -> Doc:
    """``nlp(doc)``, in pieces when the text is longer than :func:`piece_limit`."""
    limit = piece_limit(nlp)
    if not len(doc) or doc[-1].idx + len(doc[-1].text_with_ws) <= limit:  # len(doc.text), without joining the tokens
        return nlp(doc)
    sections = list(doc._.sections or [])
    cuts = cut_points(doc, sections, limit) + [len(doc)]
    pieces: list[Doc] = []
    cases: list[tuple[int, int, str]] = []
    used: set[str] = set()
    for a, b in zip(cuts, cuts[1:]):
        off, end = doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text_with_ws)
        piece = doc[a:b].as_doc()
        piece._.sections = [(max(s, off) - off, min(e, end) - off, n, k) for s, e, n, k in sections if s < end and e > off]
        piece = nlp(piece)
        rename = _renumber([c for _s, _e, c in piece._.cases or []], used)
        for ent in piece.ents:
            if ent._.case_id in rename:
                ent._.case_id = rename[ent._.case_id]
        cases += [(s + off, e + off, rename.get(c, c)) for s, e, c in piece._.cases or []]
        pieces.append(piece)
    merged = _join(pieces)
    merged._.sections = sections
    merged._.cases = cases
    return merged


def _renumber(ids: list[str], used: set[str]) -> dict[str, str]:
    """New ids for the case ids of a piece that an earlier piece already used."""
    rename: dict[str, str] = {}
    taken = set(used)
    for cid in dict.fromkeys(ids):
        if cid in used:
            n = max([int(x) for x in taken if x.isdigit()] + [0]) + 1
            rename[cid] = str(n)
            taken.add(str(n))
        else:
            taken.add(cid)
    used |= taken
    return rename
