"""Custom attributes rheumex sets on spaCy objects (registered once, on import).

Doc:  ``doc._.sections`` list of (start_char, end_char, name, kind) from the Document;
      ``doc._.cases`` list of (start_char, end_char, case_id) patient-case regions.
Span: ``ent._.concept_id``, ``ent._.concept_name``, ``ent._.source`` (rule, lexicon or model),
      ``ent._.negated``, ``ent._.hypothetical``, ``ent._.section``, ``ent._.section_kind``,
      ``ent._.case_id``, ``ent._.subject`` ("patient", "literature" or "general").
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

_DOC = {"sections": None, "cases": None}
_SPAN = {"concept_id": None, "concept_name": None, "source": None, "negated": False, "hypothetical": False,
         "section": None, "section_kind": None, "case_id": None, "subject": None}


def register() -> None:
    for name, default in _DOC.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in _SPAN.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


register()
