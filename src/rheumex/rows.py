"""From a converted Document and its spaCy Doc to table rows (the medspaCy DocConsumer idea).

``document_rows(document, doc)`` returns the documents row, the mention rows and the case
rows of one paper; ``annotate(nlp, document)`` runs the pipeline on a Document so that the
pipeline sees the converter's sections.
"""
from __future__ import annotations

import hashlib
import re
from collections import OrderedDict

from spacy.language import Language
from spacy.tokens import Doc

from rheumex.extract.document import Document

AGE_SEX = re.compile(
    r"\b(?:a|an)\s+(\d{1,3})[- ](?:year|yr)s?[- ]old\s+(?:\w+\s+){0,3}?(woman|man|female|male|girl|boy|lady|gentleman|patient|child)\b", re.I)
FEMALE = {"woman", "female", "girl", "lady"}
MALE = {"man", "male", "boy", "gentleman"}
RESPONSE = [
    ("worsened", re.compile(r"\b(worsen\w*|progress(?:ed|ion)|deteriorat\w*|enlarg\w*|no response|refractory|failed)\b", re.I)),
    ("improved", re.compile(r"\b(improv\w*|regress\w*|resol\w*|decreas\w*|reduc\w*|disappear\w*|remission|shrank|healed|successful\w*)\b", re.I)),
    ("no change", re.compile(r"\b(no change|unchanged|stable|persist\w*|no improvement|no significant change)\b", re.I)),
]
OUTCOME = re.compile(r"\b(died|death|expired|discharged|recovered|alive|lost to follow-up)\b", re.I)


def doc_id_for(data: bytes | str) -> str:
    """Stable document id: the first 16 hex digits of the content's SHA-256."""
    b = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(b).hexdigest()[:16]


def annotate(nlp: Language, document: Document, include_references: bool = False) -> Doc:
    """Run ``nlp`` on ``document.text`` with the Document's sections attached."""
    doc = nlp.make_doc(document.text)
    doc._.sections = [(s.start, s.end, s.name, s.kind) for s in document.sections]
    skip = {"other"} if include_references else {"references", "other"}
    for name in ("rheumex_entity_resolver", "rheumex_abbreviations"):
        if nlp.has_pipe(name):
            pipe = nlp.get_pipe(name)
            attr = "skip_kinds" if hasattr(pipe, "skip_kinds") else "skip"
            setattr(pipe, attr, skip)
    return nlp(doc)


def document_row(document: Document, doc_id: str, status: str = "ok") -> dict:
    m = document.metadata
    return {
        "doc_id": doc_id, "source": document.source, "format": document.format, "title": m.title,
        "authors": "; ".join(m.authors) if m.authors else None, "journal": m.journal, "year": m.year, "doi": m.doi,
        "n_chars": len(document.text), "n_pages": len(document.pages) if document.pages else None,
        "text": document.text, "status": status,
    }


def mention_rows(doc: Doc, doc_id: str) -> list[dict]:
    rows = []
    for i, ent in enumerate(doc.ents):
        rows.append({
            "doc_id": doc_id, "mention_id": f"{doc_id}-{i:04d}", "label": ent.label_,
            "start": ent.start_char, "end": ent.end_char, "text": ent.text, "sentence": ent.sent.text.strip(),
            "section": ent._.section, "section_kind": ent._.section_kind, "case_id": ent._.case_id,
            "concept_id": ent._.concept_id, "concept_name": ent._.concept_name,
            "negated": bool(ent._.negated), "hypothetical": bool(ent._.hypothetical),
            "subject": ent._.subject, "source": ent._.source,
        })
    return rows


def case_rows(doc: Doc, doc_id: str, mentions: list[dict]) -> list[dict]:
    """One row per patient case: the case's mentions grouped by label, age/sex, response."""
    by_case: "OrderedDict[str, list[dict]]" = OrderedDict()
    for m in mentions:
        if m["case_id"] and m["subject"] == "patient":
            by_case.setdefault(m["case_id"], []).append(m)
    rows = []
    regions = doc._.cases or []
    for case_id, ms in by_case.items():
        spans = [(s, e) for s, e, c in regions if c == case_id] or [(0, len(doc.text))]
        region_text = " ".join(doc.text[s:e] for s, e in spans)
        age = sex = None
        m = AGE_SEX.search(region_text) or (AGE_SEX.search(doc.text) if len(by_case) == 1 else None)
        if m:
            age = m.group(1)
            w = m.group(2).lower()
            sex = "female" if w in FEMALE else "male" if w in MALE else None

        def names(label: str) -> str | None:
            seen = OrderedDict()
            for x in ms:
                if x["label"] == label and not x["negated"] and not x["hypothetical"]:
                    seen.setdefault((x["concept_name"] or x["text"]).strip(), None)
            return "; ".join(seen) or None

        response = "not stated"
        treated = [x for x in ms if x["label"] == "TREATMENT" and not x["negated"]]
        if treated:
            sents = " ".join(x["sentence"] for x in treated)
            after = region_text[max(x["end"] for x in treated) - spans[0][0]:] if spans[0][0] <= treated[-1]["end"] else ""
            for label, rx in RESPONSE:
                if rx.search(sents) or rx.search(after[:600]):
                    response = label
                    break
        om = OUTCOME.search(region_text)
        rows.append({
            "doc_id": doc_id, "case_id": case_id, "age": age, "sex": sex, "diseases": names("DISEASE"),
            "calcinosis_sites": names("CALCINOSIS_SITE"), "imaging": names("IMAGING"), "treatments": names("TREATMENT"),
            "treatment_response": response, "outcome": om.group(1).lower() if om else None,
            "evidence": " ".join(x["mention_id"] for x in ms),
        })
    return rows
