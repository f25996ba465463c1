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
from rheumex.pieces import make_doc, run_pipeline


def doc_id_for(data: bytes | str) -> str:
    """Stable document id: the first 16 hex digits of the content's SHA-256."""
    b = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(b).hexdigest()[:16]


def annotate(nlp: Language, document: Document, include_references: bool = False) -> Doc:
    """Run ``nlp`` on ``document.text`` with the Document's sections attached (texts of any
    length: long ones in pieces, see :mod:`rheumex.pieces`)."""
    doc = make_doc(nlp, document.text)
    doc._.sections = [(s.start, s.end, s.name, s.kind) for s in document.sections]
    skip = {"other", "back"} if include_references else {"references", "other", "back"}
    for name in ("rheumex_entity_resolver", "rheumex_abbreviations"):
        if nlp.has_pipe(name):
            pipe = nlp.get_pipe(name)
            attr = "skip_kinds" if hasattr(pipe, "skip_kinds") else "skip"
            setattr(pipe, attr, skip)
    return run_pipeline(nlp, doc)


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


def _sentences_of_case(doc: Doc, case_id: str, mentions: list[dict], rules) -> list[tuple[int, str]]:
    """``(start_char, text)`` of the sentences that tell case ``case_id``'s story, in order.

    Sentences in the case's regions (not differential diagnoses, not citing literature);
    for a document without case regions, the sentences of its patient mentions, or every
    sentence that does not cite literature when that is the only case.
    """
    from rheumex.pipelines.structure import innermost_case, section_role

    regions = doc._.cases or []
    sections = doc._.sections or []

    def role_at(pos: int) -> str:
        for s, e, name, kind in sections:
            if s <= pos < e:
                return section_role(name, kind, rules)
        return "neutral"

    out = []
    if regions:
        for sent in doc.sents:
            reg = innermost_case(regions, sent.start_char)
            if reg is None or reg[2] != case_id or role_at(sent.start_char) == "differential":
                continue
            if rules.literature_strong.search(sent.text):
                continue
            out.append((sent.start_char, sent.text))
        return out
    starts = {m["start"] for m in mentions}
    for sent in doc.sents:
        if any(sent.start_char <= s < sent.end_char for s in starts):
            out.append((sent.start_char, sent.text))
        elif role_at(sent.start_char) not in ("break", "differential") and not rules.literature_weak.search(sent.text):
            out.append((sent.start_char, sent.text))
    return out


def _age_sex(sents: list[tuple[int, str]], rules) -> tuple[str | None, str | None]:
    """Age (``"47"``, ``"4 months"``) and sex (``female``/``male``) from the case's sentences."""
    text = "\n".join(t for _s, t in sents)
    age = sex = None

    def noun_sex(word: str | None) -> str | None:
        w = (word or "").lower()
        return "female" if w in rules.female_nouns else "male" if w in rules.male_nouns else None

    m = rules.age_intro.search(text)
    if m:
        age, sex = m.group("age"), noun_sex(m.group("noun"))
    if age is None:
        for rx in rules.ages:
            m = rx.search(text)
            if m:
                unit = (m.groupdict().get("unit") or "").lower()
                age = m.group("age") + (f" {unit.rstrip('s')}s" if unit[:2] in ("mo", "we", "da") else "")
                following = re.findall(r"[A-Za-z]+", text[m.end():m.end() + 40])[:4]  # "50 year-old (Caucasian) female"
                sex = next((noun_sex(w) for w in following if noun_sex(w)), None)
                break
    if age is None:
        found = []
        for rx in rules.ages_at:
            found += [(m.start(), m.group("age")) for m in rx.finditer(text)]
        found.sort()
        if found:
            def sentence(pos: int) -> str:
                end = text.find("\n", pos)
                return text[text.rfind("\n", 0, pos) + 1: end if end >= 0 else len(text)]

            age = next((a for pos, a in found if rules.presentation.search(sentence(pos))), found[0][1])
    if sex is None:
        m = rules.person_any.search(text)
        if m:
            sex = noun_sex(m.group(1))
    if sex is None:
        f = len(rules.female_pronouns.findall(text))
        ma = len(rules.male_pronouns.findall(text))
        if max(f, ma) >= 2 and max(f, ma) >= 2 * min(f, ma):
            sex = "female" if f > ma else "male"
    return age, sex


def _names(ms: list[dict], label: str, max_forms: int = 3) -> str | None:
    """Distinct asserted mentions of ``label``, one item per concept (or per wording when
    there is no concept): its wordings in text order, without those contained in a longer
    one ("CT" in "Abdomen-pelvis CT"), at most ``max_forms``, joined by " / ", then
    ``[concept name]`` when that is not one of the wordings. Items are joined by "; "."""
    groups: "OrderedDict[str, list[str]]" = OrderedDict()
    concepts: dict[str, str | None] = {}
    for x in ms:
        if x["label"] == label and not x["negated"] and not x["hypothetical"]:
            text = " ".join((x["text"] or "").split())
            key = x["concept_id"] or text.lower()
            groups.setdefault(key, []).append(text)
            concepts.setdefault(key, x["concept_name"])
    items = []
    for key, texts in groups.items():
        forms: list[str] = []
        for t in texts:
            if t.lower() not in (f.lower() for f in forms):
                forms.append(t)
        kept = [f for f in forms if not any(f.lower() != g.lower() and f.lower() in g.lower() for g in forms)][:max_forms]
        concept = concepts[key]
        item = " / ".join(kept)
        if concept and concept.strip().lower() not in (f.lower() for f in kept):
            item += f" [{concept}]"
        items.append(item)
    return "; ".join(items) or None


def _response(sents: list[tuple[int, str]], ms: list[dict], rules) -> str:
    """``improved``/``no change``/``worsened`` from the last case sentence with a response
    cue at or after the first treatment; ``not stated`` when there is none."""
    treated = [x["start"] for x in ms if x["label"] == "TREATMENT" and not x["negated"] and not x["hypothetical"]]
    if not treated:
        return "not stated"
    from rheumex.pipelines.structure import cue_label

    first = min(treated)
    label = "not stated"
    for i, (start, text) in enumerate(sents):
        end = sents[i + 1][0] if i + 1 < len(sents) else start + len(text) + 1
        if end <= first:
            continue
        label = cue_label(text, rules.response, rules.response_negator, rules.response_window) or label
    return label


def _outcome(sents: list[tuple[int, str]], rules) -> str | None:
    """``died`` if stated anywhere, else the label of the last sentence with an outcome cue."""
    if any(rules.outcome_died.search(t) for _s, t in sents):
        return "died"
    from rheumex.pipelines.structure import cue_label

    out = None
    for _s, t in sents:
        out = cue_label(t, rules.outcome) or out
    return out


def case_rows(doc: Doc, doc_id: str, mentions: list[dict]) -> list[dict]:
    """One row per patient case of ``doc`` (the ``cases`` table, see ``schema.CASES``).

    Cases are the regions of ``doc._.cases`` (plus case ids of patient mentions in a
    document without regions). Per case: age and sex from its narrative; its asserted
    patient mentions grouped by label (``diseases``, ``calcinosis_sites``, ``imaging``,
    ``treatments``); ``treatment_response`` and ``outcome`` from cue phrases in
    ``pipelines/data/case_rules.json``; ``evidence`` the ids of all its mentions.
    Mentions about cited literature or general knowledge are never part of a case.
    """
    from rheumex.pipelines.structure import case_rules

    rules = case_rules()
    by_case: "OrderedDict[str, list[dict]]" = OrderedDict()
    order = sorted([(s, c) for s, _e, c in doc._.cases or []] +
                   [(m["start"], m["case_id"]) for m in mentions if m["case_id"] and m["subject"] == "patient"])
    for _pos, cid in order:
        by_case.setdefault(cid, [])
    for m in mentions:
        if m["case_id"] and m["subject"] == "patient":
            by_case[m["case_id"]].append(m)
    rows = []
    for case_id, ms in sorted(by_case.items(), key=lambda kv: (not kv[0].isdigit(), int(kv[0]) if kv[0].isdigit() else 0, kv[0])):
        sents = _sentences_of_case(doc, case_id, ms, rules)
        age, sex = _age_sex(sents, rules)
        rows.append({
            "doc_id": doc_id, "case_id": case_id, "age": age, "sex": sex, "diseases": _names(ms, "DISEASE"),
            "calcinosis_sites": _names(ms, "CALCINOSIS_SITE"), "imaging": _names(ms, "IMAGING"),
            "treatments": _names(ms, "TREATMENT"), "treatment_response": _response(sents, ms, rules),
            "outcome": _outcome(sents, rules), "evidence": " ".join(x["mention_id"] for x in ms) or None,
        })
    return rows
