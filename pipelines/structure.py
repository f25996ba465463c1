"""Document structure on the Doc: sections, patient cases, and who a mention is about.

``rheumex_structure`` (early in the pipeline) makes sure ``doc._.sections`` is set: the
converter's sections when rheumex built the Doc from a Document, else the same heuristic
section finder used for plain text, so ``nlp(text)`` also skips reference lists.
It then finds patient-case regions (``doc._.cases``) from "Case 1"/"Patient 2" headings,
captions naming a case ("... Case 2."), and sentences that open a case ("Case 2 was a
...", "The second patient ...").

``rheumex_attribution`` (after the entities exist) sets on each entity its ``section``,
``section_kind``, ``subject`` (patient / literature / general) and ``case_id``.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from rheumex.pipelines import extensions  # noqa: F401

_ORD = {"first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5", "sixth": "6",
        "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5"}
CASE_HEADING = re.compile(r"^\s*(?:case|patient)\s+(\d+|[ivx]+|one|two|three|four|five)\b", re.I)
CASE_IN_CAPTION = re.compile(r"\b(?:case|patient)\s+(\d+)\b", re.I)
CASE_OPENING = re.compile(r"(?:^|(?<=[.\n]\s)|(?<=\n))\s*(?:(?:in\s+)?case\s+(\d+)\b|the\s+(first|second|third|fourth|fifth)\s+(?:patient|case)\b|patient\s+(\d+)\b)", re.I)
PATIENT_CUES = re.compile(
    r"\b(\d+[- ](?:year|month|week|day)[- ]old|years? of age|our patient|the patient|this patient|a patient|"
    r"in this case|case\s+\d|the first patient|the second patient|she|he|her|his|presented|admitted|"
    r"was treated|underwent|was started|was given|received|follow[- ]up|on examination|revealed|showed)\b", re.I)
LITERATURE_CUES = re.compile(
    r"(\bet al\b|\[\d+[\]\-,]|\(\d+(?:[,\u2013-]\d+)*\)|\b(?:previously|previous(?:ly)? reported|reported cases|"
    r"case reports?|literature|studies|study|review|series|trials?|authors?|described|have been reported|has been reported)\b)", re.I)
PATIENT_SECTIONS = re.compile(r"case|history|exam|finding|presentation|treatment|follow|diagnosis|patient|clinical", re.I)
GENERAL_SECTIONS = re.compile(r"introduction|background|discussion|disease discussion|conclusion|abstract|summary", re.I)


def _section_of(doc: Doc, start_char: int):
    for s, e, name, kind in doc._.sections or ():
        if s <= start_char < e:
            return s, e, name, kind
    return None


def find_cases(doc: Doc) -> list[tuple[int, int, str]]:
    """Patient-case regions ``(start_char, end_char, case_id)``, in text order."""
    text = doc.text
    sections = doc._.sections or []
    regions: list[tuple[int, int, str]] = []
    for s, e, name, kind in sections:
        m = CASE_HEADING.match(name or "")
        if m and kind == "body":
            regions.append((s, e, _ORD.get(m.group(1).lower(), m.group(1))))
        elif kind in ("caption", "table"):
            found = {m.group(1) for m in CASE_IN_CAPTION.finditer(text[s:e])}
            if len(found) == 1:
                regions.append((s, e, found.pop()))
    # sentence openings inside body sections without their own case heading
    openings = []
    for s, e, name, kind in sections:
        if kind != "body" or CASE_HEADING.match(name or "") or GENERAL_SECTIONS.search(name or ""):
            continue
        for m in CASE_OPENING.finditer(text, s, e):
            cid = m.group(1) or _ORD.get((m.group(2) or "").lower()) or m.group(3)
            if cid:
                openings.append((m.start(), cid, e))
    for i, (start, cid, sec_end) in enumerate(openings):
        end = sec_end
        for start2, _c, _e in openings[i + 1 :]:
            if start2 < sec_end:
                end = start2
                break
        regions.append((start, end, cid))
    return sorted(regions)


class Structure:
    def __call__(self, doc: Doc) -> Doc:
        if doc._.sections is None:
            from rheumex.extract.sections import detect_sections

            secs, _meta = detect_sections(doc.text)
            doc._.sections = [(s.start, s.end, s.name, s.kind) for s in secs]
        doc._.cases = find_cases(doc)
        return doc


class Attribution:
    def __call__(self, doc: Doc) -> Doc:
        cases = doc._.cases or []
        case_ids = {c for _s, _e, c in cases}
        single_case = len(case_ids) <= 1 and bool(PATIENT_CUES.search(doc.text))
        for ent in doc.ents:
            sec = _section_of(doc, ent.start_char)
            ent._.section = sec[2] if sec else None
            ent._.section_kind = sec[3] if sec else None
            ent._.subject = self._subject(ent, sec)
            cid = None
            for s, e, c in cases:
                if s <= ent.start_char < e:
                    cid = c  # innermost/latest region wins
            if cid is None and ent._.subject == "patient" and single_case:
                cid = next(iter(case_ids), "1")
            if cid is not None and ent._.subject == "literature":
                cid = None
            if cid is not None:
                ent._.subject = "patient"
            ent._.case_id = cid
        return doc

    @staticmethod
    def _subject(ent: Span, sec) -> str:
        sent = ent.sent.text
        name = (sec[2] if sec else "") or ""
        kind = sec[3] if sec else "body"
        if LITERATURE_CUES.search(sent) and not re.search(r"\b(our|this) (patient|case)\b", sent, re.I):
            return "literature"
        if kind == "caption":
            return "patient"
        if PATIENT_CUES.search(sent):
            return "patient"
        if kind == "body" and PATIENT_SECTIONS.search(name) and not GENERAL_SECTIONS.search(name):
            return "patient"
        return "general"


@Language.factory("rheumex_structure", assigns=["doc._.sections", "doc._.cases"], default_config={})
def make_structure(nlp: Language, name: str) -> Structure:
    """Sections (from the Document or detected) and patient-case regions."""
    return Structure()


@Language.factory("rheumex_attribution", assigns=["span._.section", "span._.case_id", "span._.subject"],
                  requires=["doc.ents"], default_config={})
def make_attribution(nlp: Language, name: str) -> Attribution:
    """Section, subject and patient case of every entity."""
    return Attribution()
