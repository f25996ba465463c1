"""Custom attributes rheumex sets on spaCy objects (registered once, on import).

Doc:  ``doc._.sections`` list of (start_char, end_char, name, kind) from the Document;
      ``doc._.cases`` list of (start_char, end_char, case_id) patient-case regions.
Span: ``ent._.concept_id``, ``ent._.concept_name``, ``ent._.source`` (rule, lexicon or model),
      ``ent._.negated``, ``ent._.hypothetical``, ``ent._.section``, ``ent._.section_kind``,
      ``ent._.case_id``, ``ent._.subject`` ("patient", "literature", "general" or "relative").
"""
from __future__ import annotations

from bisect import bisect_right

from spacy.attrs import ORTH, SENT_START, SPACY
from spacy.tokens import Doc, Span

_DOC = {"sections": None, "cases": None}
_SPAN = {"concept_id": None, "concept_name": None, "source": None, "negated": False, "hypothetical": False,
         "section": None, "section_kind": None, "case_id": None, "subject": None}


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per document: spaCy joins every token on each access, and
    rheumex components never change tokenization after the tokenizer."""
    key = "rheumex.text"
    text = doc.user_data.get(key)
    if text is None or (len(doc) and len(text) != doc[-1].idx + len(doc[-1].text_with_ws)):
        text = doc.user_data[key] = _join_tokens(doc)  # first use, or the doc was retokenized
    return text


def remember_text(doc: Doc, text: str) -> Doc:
    """Record ``text`` as :func:`doc_text` of ``doc``; the caller knows that ``doc.text == text``
    (``rheumex.pieces.make_doc`` tokenized it), so it is never joined from the tokens."""
    doc.user_data["rheumex.text"] = text
    return doc


def _join_tokens(doc: Doc) -> str:
    """``doc.text`` (each token's text plus one space where it has one) from the ORTH/SPACY
    arrays, without creating a ``Token`` object per token."""
    if not len(doc):
        return ""
    strings = doc.vocab.strings
    return "".join([strings[o] + " " if s else strings[o] for o, s in doc.to_array([ORTH, SPACY]).tolist()])


def sentence_of(doc: Doc, i: int) -> tuple[int, int]:
    """(start, end) token offsets of the sentence holding token ``i``, from a table built
    once per document (``Token.sent`` walks the tokens on every call)."""
    key = "rheumex.sents"
    table = doc.user_data.get(key)
    if table is None or table[2] != len(doc):
        flags = doc.to_array(SENT_START).tolist() if len(doc) else []
        starts = [k for k, f in enumerate(flags) if f == 1 or k == 0]
        table = doc.user_data[key] = (starts, starts[1:] + [len(doc)], len(doc))
    starts, ends, _n = table
    k = bisect_right(starts, i) - 1
    return starts[k], ends[k]


def register() -> None:
    for name, default in _DOC.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in _SPAN.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


register()
