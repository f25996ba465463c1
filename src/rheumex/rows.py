"""From a converted Document and its spaCy Doc to table rows (the medspaCy DocConsumer idea).

``document_rows(document, doc)`` returns the documents row, the mention rows and the case
rows of one paper; ``annotate(nlp, document)`` runs the pipeline on a Document so that the
pipeline sees the converter's sections.
"""
from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from functools import lru_cache
from importlib import resources
from typing import Callable

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
    for name in ("rheumex_entity_resolver", "rheumex_document_memory", "rheumex_abbreviations"):
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


_MENTION_EXTENSIONS = ("section", "section_kind", "case_id", "concept_id", "concept_name", "negated", "hypothetical",
                       "subject", "source")


def _plain_extensions(doc: Doc) -> dict | None:
    """The defaults of the span extensions a mention row reads, when each is a plain stored value
    (no getter, method or setter: read straight from ``doc.user_data``, as ``Underscore`` does) and
    ``Span.sent`` has no hook; None otherwise."""
    from spacy.tokens import Span

    if doc.user_span_hooks or "sents" in doc.user_hooks or not doc.has_annotation("SENT_START"):
        return None
    defaults = {}
    for name in _MENTION_EXTENSIONS:
        ext = Span.get_extension(name)
        if ext is None or ext[1:] != (None, None, None) or isinstance(ext[0], (dict, list, set)):
            return None
        defaults[name] = ext[0]
    return defaults


def mention_rows(doc: Doc, doc_id: str) -> list[dict]:
    """One row per entity of ``doc`` (the ``mentions`` table)."""
    defaults = _plain_extensions(doc)
    if defaults is None:
        return _mention_rows_spans(doc, doc_id)
    from rheumex.pipelines.extensions import doc_text, sentence_of

    # the same values as _mention_rows_spans, without a Token object per token of each mention and
    # its sentence: texts cut from the document text, sentences from the sentence table, extension
    # values read from doc.user_data under Underscore's keys
    text = doc_text(doc)
    data = doc.user_data
    sentences: dict[int, str] = {}
    rows = []
    for i, ent in enumerate(doc.ents):
        a, b = ent.start_char, ent.end_char
        x = {name: data.get(("._.", name, a, b), default) for name, default in defaults.items()}
        s, e = sentence_of(doc, ent.start)  # Span.sent: the sentence of the first token
        sentence = sentences.get(s)
        if sentence is None:
            last = doc[e - 1]
            sentence = sentences[s] = text[doc[s].idx:last.idx + len(last)].strip()
        rows.append({
            "doc_id": doc_id, "mention_id": f"{doc_id}-{i:04d}", "label": ent.label_,
            "start": a, "end": b, "text": text[a:b], "sentence": sentence,
            "section": x["section"], "section_kind": x["section_kind"], "case_id": x["case_id"],
            "concept_id": x["concept_id"], "concept_name": x["concept_name"],
            "negated": bool(x["negated"]), "hypothetical": bool(x["hypothetical"]),
            "subject": x["subject"], "source": x["source"],
        })
    return rows


def _mention_rows_spans(doc: Doc, doc_id: str) -> list[dict]:
    """:func:`mention_rows` through the ``Span`` API (extensions with getters, sentence hooks)."""
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
    from rheumex.pipelines.extensions import doc_text
    from rheumex.pipelines.structure import innermost_case, section_role

    regions = doc._.cases or []
    sections = doc._.sections or []
    text = doc_text(doc)  # a sentence's text is text[start_char:end_char] (Span.text without a Token per token)

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
            sent_text = text[sent.start_char:sent.end_char]
            if rules.literature_strong.search(sent_text):
                continue
            out.append((sent.start_char, sent_text))
        return out
    starts = {m["start"] for m in mentions}
    for sent in doc.sents:
        sent_text = text[sent.start_char:sent.end_char]
        if any(sent.start_char <= s < sent.end_char for s in starts):
            out.append((sent.start_char, sent_text))
        elif role_at(sent.start_char) not in ("break", "differential") and not rules.literature_weak.search(sent_text):
            out.append((sent.start_char, sent_text))
    return out


def _self_references(doc: Doc, sents: list[tuple[int, str]], rules) -> list[tuple[int, str]]:
    """Sentences outside the case narrative that are about the reported patient ("our
    patient remains asymptomatic", CASES.md 1: discussion sentences about "our patient"
    are part of the case), without comparisons or citations: ``(start_char, text)``."""
    from rheumex.pipelines.structure import section_role

    have = {s0 for s0, _t in sents}
    sections = doc._.sections or []

    def role_at(pos: int) -> str:
        for s, e, name, kind in sections:
            if s <= pos < e:
                return section_role(name, kind, rules)
        return "neutral"

    out = []
    for sent in doc.sents:
        t = sent.text
        if sent.start_char in have or not rules.self_reference.search(t) or rules.comparison.search(t):
            continue
        if rules.literature_weak.search(t) or role_at(sent.start_char) in ("break", "differential", "float"):
            continue
        out.append((sent.start_char, t))
    return out


def _abstract_sentences(doc: Doc, rules) -> list[tuple[int, str]]:
    """``(start_char, text)`` of the abstract's sentences that do not cite literature: a
    one-patient paper's abstract introduces its patient ("A 9-year-old girl with ...") when
    the case narrative only says "the patient" (CASES.md 2.1-2.2: age and sex where the
    paper states them)."""
    from rheumex.pipelines.extensions import doc_text

    text = doc_text(doc)
    spans = [(s, e) for s, e, _n, kind in doc._.sections or () if kind == "abstract"]
    out = []
    for sent in doc.sents:
        if any(s <= sent.start_char < e for s, e in spans):
            t = text[sent.start_char:sent.end_char]
            if not rules.literature_weak.search(t):
                out.append((sent.start_char, t))
    return out


def _age_sex(sents: list[tuple[int, str]], rules) -> tuple[str | None, str | None]:
    """Age (``"47"``, ``"4 months"``) and sex (``female``/``male``) from the case's sentences."""
    from rheumex.pipelines.structure import HYPHENS

    text = "\n".join(t for _s, t in sents).translate(HYPHENS)
    age = sex = None

    def noun_sex(word: str | None) -> str | None:
        w = (word or "").lower()
        return "female" if w in rules.female_nouns else "male" if w in rules.male_nouns else None

    m = rules.age_intro.search(text)
    if m:
        age, sex = rules.age_number(m.group("age")), noun_sex(m.group("noun"))
    if age is None:
        for rx in rules.ages:
            m = rx.search(text)
            if m:
                unit = (m.groupdict().get("unit") or "").lower()
                age = rules.age_number(m.group("age")) + (f" {unit.rstrip('s')}s" if unit[:2] in ("mo", "we", "da") else "")
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
        if (max(f, ma) >= 2 and max(f, ma) >= 2 * min(f, ma)) or (max(f, ma) == 1 and min(f, ma) == 0):  # one "she" is enough
            sex = "female" if f > ma else "male"
    return age, sex


_ABBR_AFTER = re.compile(r"\s*\(\s*([A-Za-z][\w-]{0,9})\s*[);,]")


def abbreviation_long_forms(mentions: list[dict], text: str) -> dict[str, str]:
    """``{abbreviation: long form}`` from the document's definitions "long form (ABBR)",
    where the long form is a mention (of any subject) and the abbreviation has two or more
    capitals and starts with the long form's first letter ("Cushing's syndrome (CS)")."""
    out: dict[str, str] = {}
    for m in mentions:
        a = _ABBR_AFTER.match(text, m["end"])
        long = " ".join((m["text"] or "").split())
        if not a or not long:
            continue
        abbr = a.group(1)
        if sum(c.isupper() for c in abbr) >= 2 and abbr[0].lower() == long[0].lower() and abbr != long:
            out.setdefault(abbr, long)
    return out


def case_items(ms: list[dict], label: str, long_forms: dict[str, str] | None = None) -> list[dict]:
    """The distinct asserted mentions of ``label`` in ``ms`` (mention rows), one item per
    concept (or per normalised wording when there is none; a wording whose words strictly
    contain its concept name's words is a TREATMENT item of its own), in text order.

    Each item: ``name`` (the first wording not contained in a longer one, preferring a
    spelt-out form to an abbreviation: "Abdomen-pelvis CT" over "CT", "systemic lupus
    erythematosus" over "SLE"; an item worded only by an abbreviation takes its long form
    from ``long_forms``, see :func:`abbreviation_long_forms`: CASES.md 3 "use the first full
    form"; in a DISEASE or TREATMENT name of several words each defined abbreviation is spelt
    out, see :func:`_spell_out`), ``wordings`` (all distinct wordings), ``concept_id``,
    ``concept_name`` and ``mention_ids``."""
    groups: "OrderedDict[str, dict]" = OrderedDict()
    for x in ms:
        if x["label"] != label or x["negated"] or x["hypothetical"]:
            continue
        text = " ".join((x["text"] or "").split())
        key = x["concept_id"] or text.lower()
        if label == "TREATMENT" and x["concept_id"] and x["concept_name"]:
            # a treatment wording more specific than its concept ("covered metal stent", "dorsal
            # duct stent" of Stents) is an item of its own (two devices or procedures of one kind);
            # the bare concept word then merges into one of them. Wordings of a broad concept
            # (case_rules.json "split_concepts": "induction chemotherapy" and "consolidation
            # chemotherapy" of Drug Therapy) are items of their own likewise.
            cw, tw = set(_words(x["concept_name"])), set(_words(text))
            if (cw and cw < tw) or (len(tw) > 1 and x["concept_name"].lower() in _split_concepts()):
                key = f"{x['concept_id']}|{' '.join(sorted(tw))}"
        g = groups.setdefault(key, {"wordings": [], "concept_id": x["concept_id"], "concept_name": x["concept_name"],
                                     "mention_ids": []})
        if text.lower() not in (w.lower() for w in g["wordings"]):
            g["wordings"].append(text)
        g["mention_ids"].append(x["mention_id"])
    items = []
    for g in groups.values():
        forms = g["wordings"]
        kept = [f for f in forms if not any(f.lower() != o.lower() and f.lower() in o.lower() for o in forms)]
        spelt = [f for f in kept if not (f.isupper() and len(f) <= 6)]
        name = (spelt or kept or forms)[0]
        if not spelt and long_forms and name in long_forms:
            name = long_forms[name]
            g["wordings"] = [name] + g["wordings"]
        elif long_forms and label in ("DISEASE", "TREATMENT"):  # imaging keeps "chest CT" (CASES.md 2.5)
            spelt_out = _spell_out(name, long_forms)
            if spelt_out != name:  # "ACTH dependent CS" -> "ACTH dependent Cushing's syndrome"
                name = spelt_out
                g["wordings"] = [name] + g["wordings"]
        items.append({"name": name, **g})
    return items


def _spell_out(name: str, long_forms: dict[str, str]) -> str:
    """``name`` with each word that is an abbreviation the paper defines (``long_forms``,
    see :func:`abbreviation_long_forms`) replaced by its long form, when the name has other
    words too (CASES.md 3: the first full form; "ACTH dependent CS" -> "ACTH dependent
    Cushing's syndrome"). A long form that already stands in the name is not repeated."""
    words = name.split()
    if len(words) < 2:
        return name
    out = [long_forms[w] if w in long_forms and long_forms[w].lower() not in name.lower() else w for w in words]
    return " ".join(out)


@lru_cache(maxsize=1)
def _split_concepts() -> frozenset:
    """Concept names whose distinct multi-word wordings are distinct treatment items
    (``case_rules.json`` ``case_items.TREATMENT.split_concepts``)."""
    from rheumex.pipelines.structure import case_rules

    return frozenset(c.lower() for c in case_rules().raw["case_items"]["TREATMENT"].get("split_concepts", []))


def _names(ms: list[dict], label: str, long_forms: dict[str, str] | None = None) -> list[str]:
    """The item names of :func:`case_items` (a list column of the cases table)."""
    return [it["name"] for it in case_items(ms, label, long_forms)]


@lru_cache(maxsize=100_000)
def _words(name: str) -> tuple[str, ...]:
    """The normalised words of an item name (cached: the case-list filters ask for the same names
    many times)."""
    from rheumex.pipelines.normalizer import normalize_word

    return tuple(normalize_word(w) for w in re.findall(r"[^\W_]+", name.lower()))


# prepositions that open a post-modifier of a DISEASE name ("flushing of the face", "mass in the liver")
_POSTMODIFIER_PREPOSITIONS = frozenset({"of", "in", "on", "at", "over", "around", "along", "within"})


def _head_phrases(name: str) -> list[tuple[str, ...]]:
    """The normalised words of a DISEASE item name, and, when a preposition opens a post-modifier,
    the words before it: the head of "flushing of the face" is "flushing", that of "pain and
    visual disturbance in the ipsilateral eye" "visual disturbance" (CASES.md 2.3: symptoms and
    lesion words alone are no diagnoses, whatever anatomy follows them)."""
    ws = _words(name)
    out = [ws] if ws else []
    k = next((i for i, w in enumerate(ws) if w in _POSTMODIFIER_PREPOSITIONS), None)
    if k:  # not at position 0
        out.append(ws[:k])
    return out


class _ItemRules:
    """The compiled ``case_items`` block of ``case_rules.json``."""

    def __init__(self, raw: dict) -> None:
        d = raw["case_items"]
        self.window = int(d.get("window_chars", 60))
        self.question = re.compile(d["question"]["pattern"]) if d.get("question") else None
        breaks = d.get("before_breaks", {}).get("patterns", [])
        self.before_breaks = re.compile("|".join(f"(?:{b})" for b in breaks), re.I) if breaks else None
        self.before = {k: re.compile(r"(?<!\w)(?:" + "|".join(d[k]["before"]) + r")(?!\w)", re.I) for k in ("DISEASE", "TREATMENT")}
        self.after = {k: re.compile(r"^\W*(?:" + "|".join(d[k]["after"]) + r")(?!\w)", re.I) for k in ("DISEASE", "TREATMENT")}
        sl = d["DISEASE"].get("sign_list")
        self.sign_list = re.compile(sl["cue"], re.I) if sl else None
        self.sign_list_stops = frozenset(w.lower() for w in sl.get("stop_words", [])) if sl else frozenset()
        self.heads = {" ".join(_words(w)) for w in d["not_diagnosis_heads"]}
        self.named_sign_modifiers = frozenset(" ".join(_words(w)) for w in d.get("named_sign_modifiers", {}).get("words", []))
        self.generic = {" ".join(_words(w)) for w in d["generic_names"]}
        self.finding_heads = {" ".join(_words(w)) for w in d.get("finding_heads", {}).get("words", [])}
        self.generic_treatments = {" ".join(_words(w)) for w in d["generic_treatments"]}
        self.apposition_class_heads = frozenset(w.lower() for w in d.get("apposition_class_heads", {}).get("words", []))
        self.given_though_negated = re.compile(d["TREATMENT"]["given_though_negated"], re.I)
        self.combination = re.compile(d["TREATMENT"]["combination_separator"])
        self.combination_concepts = tuple(d["TREATMENT"]["combination_concepts"])
        self.class_before_member = re.compile(d["TREATMENT"]["class_before_member"])
        self.class_words = {w.lower() for w in d["TREATMENT"]["class_words"]}
        self.adverb_name = re.compile(d["TREATMENT"]["adverb_name"])
        self.restating = {" ".join(_words(w)) for w in d["TREATMENT"]["restating_words"]}
        from rheumex.pipelines.syntax import data_words

        self.device_heads = frozenset(" ".join(_words(w)) for w in data_words("treatment_device_heads.txt"))
        self.class_then_members = re.compile(d["TREATMENT"]["class_then_members"], re.I)
        self.outside_general = re.compile("|".join(f"(?:{c})" for c in d["outside_narrative_general"]["cues"]), re.I)
        self.calcinosis_restating = {" ".join(_words(w)) for w in d["restated_by_calcinosis"]["words"]}
        self.general_statement = _GeneralStatement(d["general_statement"], data_words("case_general_subject_heads.txt"))
        t = raw.get("title_diagnoses", {})
        self.title_all_cases = re.compile(r"(?<!\w)(?:" + "|".join(t.get("all_cases", [])) + r")(?!\w)", re.I) if t.get("all_cases") else None


class _GeneralStatement:
    """The compiled ``case_items.general_statement`` block of ``case_rules.json``."""

    def __init__(self, d: dict, heads: frozenset) -> None:
        head = "|".join(sorted(map(re.escape, heads), key=len, reverse=True))
        self.heading = re.compile(d["heading"])
        # a generic subject: up to three modifiers, the head noun, an optional post-modifier, the finite verb
        self.subject = re.compile(r"^\W*(?:[^\W\d][\w'-]*\s+){0,3}?(?P<head>" + head + r")(?![\w-])"
                                  r"(?P<post>(?:" + d["post"] + r")[^;]*?)?\s+(?P<verb>" + d["verbs"] + "|" + d["copula"]
                                  + r")(?!\w)", re.I)
        self.copula = re.compile(r"^(?:" + d["copula"] + r")$", re.I)
        self.scope = re.compile(d["scope"], re.I)
        self.generic_modifiers = re.compile(d["generic_modifiers"], re.I)
        self.subordinate = re.compile(d["subordinators"], re.I)
        self.condition = re.compile(d["condition"], re.I)
        self.joiners = frozenset(w.lower() for w in d["subject_joiners"])
        self.bare_verb = re.compile(r"\s*(?:\([^()]{0,40}\)\s*)?(?:" + d["bare_subject_verbs"] + r")(?!\w)", re.I)
        self.case_time = re.compile(d["case_time"], re.I)
        self.patient = re.compile(r"(?<!\w)(?:" + "|".join(d["patient_words"]) + r")(?!\w)", re.I)


_ITEM_RULES: dict[int, _ItemRules] = {}


def _item_rules(rules) -> _ItemRules:
    r = _ITEM_RULES.get(id(rules))
    if r is None:
        r = _ITEM_RULES[id(rules)] = _ItemRules(rules.raw)
    return r


def _not_the_patients(m: dict, text: str, sent_start: int, sent_end: int, ir: _ItemRules,
                      treatment_starts: tuple[int, ...] = ()) -> bool:
    """Whether the words around mention ``m`` make it a differential, work-up target,
    susceptibility result, considered or refused item (``case_items`` before/after cues), a
    mention of a question sentence (``case_items.question``), or
    a treatment class followed by "including"/"such as" and a named treatment of the same
    sentence (``class_then_members``: the members are the items, CASES.md 2.4; with no
    member recognised the class stays: "rabies postexposure treatment, including rabies
    human immunoglobulins"). ``treatment_starts``: start offsets of the document's
    TREATMENT mentions."""
    label = m["label"]
    if label not in ir.before:
        return False
    if ir.question is not None and m.get("section_kind") != "title" and ir.question.search(text, sent_start, sent_end):
        # a question asserts nothing ("Is this recurrence or changes induced by surgery and/or radiation?"); a
        # title that asks ("Pneumatosis intestinalis: a benign finding?") still names the case's condition
        return True
    clause = text[sent_start:m["start"]]
    if ir.before_breaks is not None:  # a cue of an earlier clause governs nothing after a break
        last = None
        for last in ir.before_breaks.finditer(clause):
            pass
        if last is not None:
            clause = clause[last.end():]
    before = clause[-ir.window:]
    after = text[m["end"]:min(sent_end, m["end"] + ir.window)]
    if ir.before[label].search(before) or ir.after[label].search(after):
        return True
    if _listed_after_cue(clause, ir.before[label]):
        return True
    if label == "DISEASE" and ir.sign_list is not None and _listed_signs(text[sent_start:m["start"]], ir):
        return True
    if label == "TREATMENT":
        c = ir.class_then_members.match(after)
        if c and any(m["end"] + c.end() <= s < sent_end for s in treatment_starts):
            return True
    return False


# a conjunct of a list: a few words (no clause: no verb or pronoun of the narrative), then a comma
# or "and"/"or" ("ebv, lyme disease, multiple sclerosis, meningitis, sarcoid, syphillis, and ")
_LIST_ITEM = re.compile(r"\s*(?:[^\W\d_][\w'’-]*\s+){0,3}[^\W\d_][\w'’-]*\s*(?:,\s*(?:and|or)?|\band\b|\bor\b|/)\s*", re.I)
_CLAUSE_WORDS = frozenset({"was", "were", "is", "are", "had", "has", "have", "be", "been", "she", "he", "her", "his", "they",
                           "we", "patient", "showed", "revealed", "demonstrated", "which", "who", "that", "but", "then"})
# list items between a cue and the mention: more than the cue window reaches, fewer than a paragraph
MAX_LIST_ITEMS = 12


def _listed_after_cue(before: str, cue: re.Pattern) -> bool:
    """Whether the text ``before`` a mention (from its sentence start) ends with a cue of ``cue``
    followed only by list items: the mention is a later conjunct of a differential or work-up
    list that the ``case_items`` window (a few words) no longer reaches ("evaluation for ebv,
    lyme disease, multiple sclerosis, meningitis, sarcoid, syphillis, and lupus with negative
    results": lupus too; CASES.md 2.3, differential diagnoses and ruled-out conditions are out)."""
    last = None
    for last in cue.finditer(before):
        pass
    if last is None:
        return False
    gap, pos, items = before[last.end():], 0, 0
    while pos < len(gap):
        item = _LIST_ITEM.match(gap, pos)
        if item is None or item.end() == pos:
            return False
        if _CLAUSE_WORDS & set(re.findall(r"\w+", item.group(0).lower())):
            return False
        pos, items = item.end(), items + 1
    return 1 <= items <= MAX_LIST_ITEMS


def _listed_signs(before: str, ir: _ItemRules) -> bool:
    """Whether the text ``before`` a DISEASE mention (from its sentence start) ends with a sign-list
    cue (``case_items.DISEASE.sign_list``: "Further signs were ") followed only by list items and at
    most two modifiers of the mention ("hyperhidrosis, hypersalivation, bronchorrhoea, and severe "):
    the mention names a sign, not a diagnosis (CASES.md 2.3)."""
    last = None
    for last in ir.sign_list.finditer(before):
        pass
    if last is None:
        return False
    gap = before[last.end():]
    words = set(re.findall(r"[\w'’-]+", gap.lower()))
    if words & (_CLAUSE_WORDS | ir.sign_list_stops):
        return False
    mods = re.search(r"(?:[^\W\d_][\w'’-]*\s+){0,2}$", gap)
    gap = gap[:mods.start()] if mods else gap
    pos, items = 0, 0
    while pos < len(gap):
        item = _LIST_ITEM.match(gap, pos)
        if item is None or item.end() == pos:
            return False
        pos, items = item.end(), items + 1
    return items <= MAX_LIST_ITEMS


def general_outside_narrative(m: dict, doc: Doc, text: str, sent_start: int, sent_end: int, ir: _ItemRules) -> bool:
    """Whether DISEASE/TREATMENT mention ``m`` lies outside every case region of a paper
    that has case regions, in the abstract or a body section (not a caption or the title),
    in a sentence that makes a general statement (``case_items.outside_narrative_general``:
    "... are rare occurring in 2.6% of cavitary lesions", "... are also associated with a
    higher risk of ..."): CASES.md 2.3-2.4, the general literature is not the patient's."""
    from rheumex.pipelines.structure import innermost_case

    regions = doc._.cases or []
    if m["label"] not in ("DISEASE", "TREATMENT") or not regions or m["section_kind"] not in ("abstract", "body"):
        return False
    if innermost_case(regions, m["start"]) is not None:
        return False
    return bool(ir.outside_general.search(text[sent_start:sent_end]))


def general_in_narrative(text: str, sent_start: int, sent_end: int, ir: _ItemRules, rules) -> bool:
    """Whether the sentence ``text[sent_start:sent_end]`` makes a general statement
    (``case_items.outside_narrative_general``: "is associated with", "in 30% of", "can lead to")
    with no word of the patient (``patient_cues``: "she", "the patient", "presented" ...)."""
    sent = text[sent_start:sent_end]
    return bool(ir.outside_general.search(sent)) and not rules.patient_cues.search(sent)


def general_treatment_statement(m: dict, text: str, sent_start: int, sent_end: int, ir: _ItemRules,
                                treatment_spans: tuple[tuple[int, int], ...] = ()) -> bool:
    """Whether TREATMENT mention ``m`` lies in a clause that states what treats a disease in
    general rather than what this patient got (CASES.md 2.4; ``case_items.general_statement``):
    a generic subject noun phrase ("Treatment options for avascular necrosis include ...",
    "Other treatments including azathioprine ... may be used depending upon the etiology") or a
    subject made only of treatment mentions ("Steroids have not been proven to change course of
    disease"), with a present-tense or modal verb, and no patient word or case-time verb in the
    clause ("She was treated with ...", "Treatment with X was started" stay). ``treatment_spans``:
    ``(start, end)`` of the document's TREATMENT mentions (the bare-subject test)."""
    if m["label"] != "TREATMENT":
        return False
    gs = ir.general_statement
    sent = text[sent_start:sent_end]
    h = gs.heading.match(sent)
    c0 = h.end() if h else 0
    rel = m["start"] - sent_start
    if rel < c0:
        return False
    for k in (i for i, ch in enumerate(sent) if ch == ";"):  # the clause of the mention
        if k < rel:
            c0 = max(c0, k + 1)
    c1 = sent.find(";", rel)
    clause = sent[c0:c1 if c1 >= 0 else len(sent)]
    if gs.patient.search(clause) or gs.case_time.search(clause):
        return False
    sub = gs.subordinate.match(clause)  # "Although ..., primary therapy is medical"
    for main in (clause, clause[sub.end():]) if sub else (clause,):
        s = gs.subject.match(main)
        if s is None:
            continue
        if not gs.copula.match(s.group("verb")):
            return True
        post = s.group("post") or ""
        if (s.group("head").lower().endswith("s") or gs.scope.match(post) or gs.condition.search(clause)
                or gs.generic_modifiers.search(main[:s.start("head")])):
            return True
    # a subject of treatment mentions only ("Steroids have not been proven ...", "X and Y remain ...")
    lead = len(clause) - len(clause.lstrip())
    pos, base = lead, sent_start + c0
    spans = sorted((a - base, b - base) for a, b in treatment_spans if base <= a < base + len(clause))
    for a, b in spans:
        if a < pos:
            continue
        gap = clause[pos:a]
        if any(w.lower() not in gs.joiners for w in re.findall(r"[^\W\d_][\w'-]*", gap)) or re.search(r"[^\w\s,/-]", gap):
            break
        pos = b
        if gs.bare_verb.match(clause, pos):
            return True  # the whole clause is the general statement, its predicate's treatments too
    return False


def merge_combinations(ms: list[dict], text: str, separator: re.Pattern, drugs: tuple[str, ...]) -> list[dict]:
    """Adjacent drug mentions (TREATMENT, concept id starting with a ``drugs`` prefix)
    joined only by ``separator`` (a space, "/", "+", "-":
    "amoxicillin clavulanate", "piperacillin/tazobactam") become one mention of the
    combination (its text the whole stretch, no concept), as a reader records them."""
    out: list[dict] = []
    for m in sorted(ms, key=lambda x: x["start"]):
        prev = out[-1] if out else None
        if (prev is not None and m["label"] == "TREATMENT" and prev["label"] == "TREATMENT"
                and (m["concept_id"] or "").startswith(drugs) and (prev.get("combines") or prev["concept_id"] or "").startswith(drugs)
                and prev["end"] <= m["start"] and separator.match(text[prev["end"]:m["start"]])
                and prev["negated"] == m["negated"] and prev["hypothetical"] == m["hypothetical"]):
            out[-1] = dict(prev, end=m["end"], text=text[prev["start"]:m["end"]], concept_id=None, concept_name=None,
                           combines=prev.get("combines") or prev["concept_id"])
            continue
        out.append(m)
    return out


@lru_cache(maxsize=1)
def _passive_treatment_verbs() -> tuple[re.Pattern, dict[str, str]]:
    """``(pattern, {participle: noun})`` from ``pipelines/data/treatment_passive_verbs.tsv``."""
    nouns = _data_pairs("treatment_passive_verbs.tsv")
    verbs = "|".join(sorted(map(re.escape, nouns), key=len, reverse=True))
    # "was excised", "were then resected", "had been drained", "were cleaned and sutured"
    rx = re.compile(r"\b(?:was|were|had been|have been|has been)\s+(?:(?:\w+ly|then|also|subsequently|later|first|again)\s+)*"
                    r"(?:\w+ed\s+and\s+)?(?P<verb>" + verbs + r")\b"
                    # attributive: "a resected left lower extremity chondrosarcoma", "the excised mass": the act was done
                    r"|\b(?:a|an|the|his|her|their|its|previously|recently|prior)\s+(?:\w+ly\s+)?(?P<attr>" + verbs + r")"
                    r"(?=\s+(?!(?:by|with|in|at|from|to|and|or|on|for|under|during|after)\b)[a-z])", re.I)
    return rx, nouns


_CAUSE_AFTER = re.compile(r"\s*[-\u2010\u2011\u2013]?\s*(?:induced|associated|related|mediated)\b", re.I)
_NOT_GIVEN = re.compile(r"\b(?:not|never|no|planned|scheduled|decided|to be|would|could|should|might|may|must|cannot|unable)\b", re.I)


@lru_cache(maxsize=1)
def _nominal_treatment_phrases() -> list[tuple[re.Pattern, str]]:
    """``[(pattern, noun)]`` from ``pipelines/data/treatment_nominal_phrases.tsv`` ("received a unit
    of blood" -> "blood transfusion")."""
    text = resources.files("rheumex.pipelines").joinpath("data", "treatment_nominal_phrases.tsv").read_text(encoding="utf-8")
    out = []
    for ln in text.splitlines():
        if ln.strip() and not ln.startswith("#"):
            rx, noun = ln.split("\t")
            out.append((re.compile(r"\b(?P<verb>" + rx.strip() + r")\b", re.I), noun.strip()))
    return out


def verb_treatments(sents: list[tuple[int, str]], ms: list[dict]) -> list[dict]:
    """Treatment items named by a passive verb in the case's narrative sentences ``sents``
    (CASES.md 4, "Treatment named by a verb": "the cholecystogastric fistula was excised" ->
    "excision", "which was resected 3 years prior" -> "resection"; the verbs and nouns of
    ``treatment_passive_verbs.tsv``; and the phrases of ``treatment_nominal_phrases.tsv``, "received
    a unit of blood" -> "blood transfusion"), as mention-like dicts (no mention id, no concept) at the
    verb's offset; an attributive participle after a determiner tells the act was done too ("a
    resected left lower extremity chondrosarcoma" -> "resection"), when the case names no treatment
    (otherwise it refers back to one: "the excised mass" after "lung lobectomy"). Left out: a sentence that already has a TREATMENT mention ``ms`` whose
    words contain the noun's first five letters or the verb's ("surgical excision ... was
    excised"), and a verb whose clause up to it has a negation, plan or modal ("could not be
    resected" is never matched: "be" alone is no past auxiliary)."""
    rx, nouns = _passive_treatment_verbs()
    out = []
    for s0, t in sents:
        found = [(m, nouns[(m.group("verb") or m.group("attr")).lower()], False) for m in rx.finditer(t)]
        found += [(m, noun, True) for prx, noun in _nominal_treatment_phrases() for m in prx.finditer(t)]
        for m, noun, nominal in found:
            clause = t[max(t.rfind(",", 0, m.start()), t.rfind(";", 0, m.start()), 0):m.end()]
            if _NOT_GIVEN.search(clause):
                continue
            g = "verb" if m.groupdict().get("verb") else "attr"
            if g == "attr" and any(x["label"] == "TREATMENT" for x in ms):
                continue  # "the excised mass" refers back to a procedure the case names ("lung lobectomy")
            verb = m.group(g).lower()
            s1 = s0 + len(t)
            # a mention inside a nominal phrase is part of what it paraphrases ("received a unit of
            # blood": the mention "blood" merges into the item "blood transfusion")
            inside = (s0 + m.start(), s0 + m.end()) if nominal else (-1, -1)
            if any(x["label"] == "TREATMENT" and s0 <= x["start"] < s1 and not inside[0] <= x["start"] < inside[1]
                   and (noun[:5] in (x["text"] or "").lower() or verb[:5] in (x["text"] or "").lower()) for x in ms):
                continue
            out.append({"mention_id": None, "label": "TREATMENT", "start": s0 + m.start(g), "end": s0 + m.end(g),
                        "text": noun, "sentence": t, "concept_id": None, "concept_name": None,
                        "negated": False, "hypothetical": False, "subject": "patient"})
    return out


def _data_pairs(name: str) -> dict[str, str]:
    """``{first column (lower case): second column}`` of a two-column TSV in ``pipelines/data/``
    (``#`` lines are the header)."""
    text = resources.files("rheumex.pipelines").joinpath("data", name).read_text(encoding="utf-8")
    out = {}
    for ln in text.splitlines():
        if ln.strip() and not ln.startswith("#"):
            a, b = ln.split("\t")
            out[a.strip().lower()] = b.strip()
    return out


@lru_cache(maxsize=1)
def _condition_adjectives() -> tuple[re.Pattern, dict[str, str]]:
    """``(pattern, {adjective: diagnosis})`` from ``pipelines/data/patient_condition_adjectives.tsv``."""
    from rheumex.pipelines.structure import case_rules

    names = _data_pairs("patient_condition_adjectives.tsv")
    nouns = case_rules().raw["person_nouns"]
    person = "|".join(nouns["female"] + nouns["male"] + [n for n in nouns["neutral"] if n != "case"])
    adj = "|".join(sorted(map(re.escape, names), key=len, reverse=True))
    rx = re.compile(r"(?<![\w-])(?P<adj>" + adj + r")(?=\s+(?:[\w-]+\s+){0,3}?(?:" + person + r")s?\b)", re.I)
    return rx, names


def adjective_diagnoses(sents: list[tuple[int, str]]) -> list[dict]:
    """Background diseases named by an adjective of the patient in the case's narrative
    sentences ``sents`` ("A 60-year old diabetic woman" -> "diabetes": CASES.md 2.3, the
    words of ``patient_condition_adjectives.tsv``), as mention-like dicts (no mention id, no
    concept) at the adjective's offset; a sentence with a negation before the adjective
    ("no", "not", "non") adds nothing."""
    rx, names = _condition_adjectives()
    out = []
    for s0, t in sents:
        for m in rx.finditer(t):
            if re.search(r"\b(?:no|not|non|never|without)\b", t[:m.start()], re.I):
                continue
            out.append({"mention_id": None, "label": "DISEASE", "start": s0 + m.start("adj"), "end": s0 + m.end("adj"),
                        "text": names[m.group("adj").lower()], "sentence": t, "concept_id": None, "concept_name": None,
                        "negated": False, "hypothetical": False, "subject": "patient"})
    return out


def merge_brand_devices(names: list[str], device_heads: frozenset) -> list[str]:
    """One item per named device: treatment names of two or more words that start with the
    same word and end in a device noun (``treatment_device_heads.txt``: "Essure device",
    "Essure coil", "Essure inserts") are one device, named by the first."""
    seen, out = set(), []
    for n in names:
        w = _words(n)
        key = w[0] if len(w) > 1 and w[-1] in device_heads else None
        if key is not None and key in seen:
            continue
        if key is not None:
            seen.add(key)
        out.append(n)
    return out


def _title_diagnoses(doc: Doc, mentions: list[dict], text: str, n_cases: int, ir: _ItemRules) -> list[dict]:
    """The asserted DISEASE mentions of the title that are the reported patients' conditions
    (CASES.md 4, "Titles"): all of them when the paper has one case; with several cases only
    when the title speaks of the cases together ("Two Cases of ...", "Report of Three Members
    in a Family": ``case_rules.json`` ``title_diagnoses.all_cases``); none without a case."""
    spans = [(s, e) for s, e, _n, kind in doc._.sections or () if kind == "title"]
    if not spans or n_cases == 0:
        return []
    if n_cases > 1 and not (ir.title_all_cases and any(ir.title_all_cases.search(text[s:e]) for s, e in spans)):
        return []
    return [m for m in mentions if m["label"] == "DISEASE" and not m["negated"] and not m["hypothetical"]
            and any(s <= m["start"] < e for s, e in spans)]


def _same_head(a: str, b: str) -> bool:
    """Head words of one condition: equal, or one a compound ending in the other where the
    shorter has five letters or more ("adenocarcinoma"/"carcinoma", "phytobezoar"/"bezoar")."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 5 and long_.endswith(short)


def new_title_diagnoses(case_ms: list[dict], titles: list[dict]) -> list[dict]:
    """The title DISEASE mentions that add a condition the case's own DISEASE mentions do not
    name: not the same concept, and not the same head word ("Biliary Fistula" restates
    "cholecystogastric and cholecystoduodenal fistulae"; "Abdominal Aortic Aneurysm" restates
    "infrarenal aortic aneurysm"), nor a head that one of the case's heads ends with, or that
    ends with one of them (a compound of the same condition: "Obstructive Pancreatic Carcinoma"
    restates "pancreatic adenocarcinoma"; "Jejunal Bezoar" would restate "phytobezoar")."""
    def head(m: dict) -> str | None:
        w = _words(m["text"] or "")
        return (w[-1][:-1] if w[-1].endswith("ae") else w[-1]) if w else None  # "fistulae" -> "fistula"

    own = [m for m in case_ms if m["label"] == "DISEASE" and not m["negated"] and not m["hypothetical"]]
    concepts = {m["concept_id"] for m in own if m["concept_id"]}
    heads = {head(m) for m in own} - {None}
    out = []
    for m in titles:
        h = head(m)
        if h is None or (m["concept_id"] and m["concept_id"] in concepts) or any(_same_head(h, o) for o in heads):
            continue
        out.append(m)
        concepts.add(m["concept_id"])
        heads.add(h)
    return out


def drop_classes_before_members(ms: list[dict], text: str, ir: _ItemRules) -> list[dict]:
    """A drug-class TREATMENT mention (a word in ``class_words``) followed in its sentence by
    a treatment mention with only an abbreviation, "(" or ":" between ("non-steroidal
    anti-inflammatory drugs (NSAIDs), Piroxicam", "antibiotics (vancomycin ...") names the
    class of the drug that follows and is no item of its own, nor is the class's abbreviation
    (CASES.md 2.4: drug classes only when no drug is named); nor is a class in apposition after
    its drug ("lamivudine, a reverse transcriptase inhibitor, ..."), nor a treatment right before
    a drug of another concept named in parentheses ("oral bisphosphonate (alendronate sodium)")."""
    treat = sorted((m for m in ms if m["label"] == "TREATMENT"), key=lambda m: m["start"])
    drop = set()

    def is_class(m: dict) -> bool:
        return any(w in ir.class_words for w in re.findall(r"[^\W_]+", (m["text"] or "").lower()))

    for k, (a, b) in enumerate(zip(treat, treat[1:])):
        if a["end"] > b["start"] or a.get("sentence") != b.get("sentence"):
            continue
        if is_class(b) and not is_class(a) and re.match(r"^\s*,\s*(?:a|an|the)\s+$", text[a["end"]:b["start"]]) \
                and re.match(r"^\s*[,;)]", text[b["end"]:b["end"] + 3]):
            # "lamivudine, a reverse transcriptase inhibitor, ...": the class in apposition restates the drug
            drop.add(b["mention_id"])
            continue
        if not is_class(a):
            # "oral bisphosphonate (alendronate sodium)": a treatment named in parentheses right after
            # another of a different concept names what was given; the first is its class or kind
            if (re.match(r"^\s*\($", text[a["end"]:b["start"]]) and re.match(r"^(?:\s*[\w-]+){0,2}\s*\)", text[b["end"]:b["end"] + 30])
                    and b["concept_id"] and b["concept_id"] != a["concept_id"] and not is_class(b)
                    and not ((b["text"] or "").isupper() and len(b["text"] or "") <= 6)):
                drop.add(a["mention_id"])
            continue
        between = text[a["end"]:b["start"]]
        if ir.class_before_member.match(between) and not is_class(b):
            drop.add(a["mention_id"])
        elif re.match(r"^\s*\($", between) and is_class(b) and k + 2 < len(treat):
            c = treat[k + 2]  # "class (ABBR), drug": the abbreviation is a class mention too
            if b["end"] <= c["start"] and c.get("sentence") == b.get("sentence") and not is_class(c) \
                    and re.match(r"^\s*\)\s*[,:]?\s*$", text[b["end"]:c["start"]]):
                drop.update((a["mention_id"], b["mention_id"]))
    return [m for m in ms if m["mention_id"] not in drop]


def drop_disease_appositions(ms: list[dict], text: str, ir: _ItemRules) -> list[dict]:
    """A DISEASE mention in apposition after another one that names its class ("dermatomyositis, an
    idiopathic inflammatory myositis, ...", "Behçet's disease, a variable vessel vasculitis") restates
    the diagnosis: no item of its own (CASES.md 2.3, one item per condition; session 24)."""
    dis = sorted((m for m in ms if m["label"] == "DISEASE"), key=lambda m: m["start"])
    drop = set()
    for a, b in zip(dis, dis[1:]):
        if a["end"] > b["start"] or a.get("sentence") != b.get("sentence"):
            continue
        words = re.findall(r"[^\W_]+", (b["text"] or "").lower())
        if (words and words[-1] in ir.apposition_class_heads and len(words) >= 2
                and re.match(r"^\s*,\s*(?:a|an)\s+(?:[\w-]+\s+){0,2}$", text[a["end"]:b["start"]])
                and re.match(r"^\s*(?:[,;:.)]|$|(?:of|that|which|characteri[sz]ed|with)\b)", text[b["end"]:b["end"] + 16])):
            drop.add(b["mention_id"])
        elif re.match(r"^\s*,\s*(?:a|an)\s+(?:[\w-]+\s+)?(?:variant|form|subtype|subset|type)\s+of\s+(?:the\s+)?$",
                      text[a["end"]:b["start"]]):
            drop.add(b["mention_id"])  # "CREST syndrome, a variant of scleroderma": the class of the diagnosis
    return [m for m in ms if m["mention_id"] not in drop]


_EPONYM = re.compile(r"(?<=\w)['\u2019]s\b")


@lru_cache(maxsize=1)
def _drug_classes() -> tuple[frozenset, tuple[tuple[frozenset, re.Pattern], ...]]:
    """``(filler words, ((class wordings, member pattern), ...))`` from
    ``pipelines/data/treatment_class_fillers.txt`` and ``treatment_class_members.tsv``."""
    from rheumex.pipelines.syntax import data_words

    fillers = frozenset(" ".join(_words(w)) for w in data_words("treatment_class_fillers.txt"))
    text = resources.files("rheumex.pipelines").joinpath("data", "treatment_class_members.tsv").read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("class\t"):
            continue
        _cls, phrases, members = line.split("\t")
        rows.append((frozenset(_words(p) for p in phrases.split("|")), re.compile("|".join(f"(?:{m})" for m in members.split("|")))))
    return fillers, tuple(rows)


def drop_restated_classes(names: list[str], concept_names: dict[str, str] | None = None) -> list[str]:
    """The treatment item ``names`` of one case without the items that only name a drug class
    when a member of that class is an item too (CASES.md 2.4, "drug classes when no drug is
    named": "intravenous antibiotics" with "vancomycin", "oral corticosteroids" with
    "prednisolone"; ``pipelines/data/treatment_class_members.tsv``). An item is a class item when
    its words, without the filler words of ``treatment_class_fillers.txt``, are one of a class's
    wordings; a member is recognised by a stem in a word of its name or of its concept name
    (``concept_names``: item name -> concept name, "Augmentin" -> "Clavulanic Acid / Amoxicillin")."""
    fillers, classes = _drug_classes()
    concept_names = concept_names or {}

    def class_of(name: str) -> int | None:
        core = tuple(w for w in _words(name) if w not in fillers)
        return next((k for k, (phrases, _m) in enumerate(classes) if core in phrases), None) if core else None

    kinds = {n: class_of(n) for n in names}
    drop = set()
    for n, k in kinds.items():
        if k is None:
            continue
        member = classes[k][1]
        if any(kinds[o] is None and any(member.search(w) for w in _words(o) + _words(concept_names.get(o, "")))
               for o in names if o != n):
            drop.add(n)
    return [n for n in names if n not in drop]


def _eponym(name: str) -> bool:
    """Whether a DISEASE item name carries an eponym in the possessive ("Dieulafoy's lesion"):
    a named condition, which a finding head (``case_items.finding_heads``) does not make a
    finding."""
    return bool(_EPONYM.search(name))


def _named_sign(ws: tuple[str, ...], head: str, ir: _ItemRules) -> bool:
    """Whether the word before a symptom head in the item words ``ws`` makes it a named diagnosis
    ("supraventricular tachycardia", "sinus bradycardia": ``case_items.named_sign_modifiers``)."""
    k = len(ws) - len(head.split())
    return k >= 1 and ws[k - 1] in ir.named_sign_modifiers


#: the last word of a condition named after the disease it complicates ("scleroderma renal crisis", "lupus nephritis")
_CONDITION_END = re.compile(r"(?:itis|osis|pathy|crisis|syndrome|disease|disorder|calcinosis|calcification|failure|fibrosis)$")


def _background_of(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """``short`` names the disease that ``long`` is a complication of, so both are the patient's
    diagnoses (CASES.md 2.3: background diseases count): ``long`` begins with ``short`` and the rest
    is a condition of its own ("scleroderma" in "scleroderma renal crisis", "lupus" in "lupus
    nephritis"), not a kind of it ("calcinosis" in "calcinosis cutis", "pancreatitis" in "acute
    pancreatitis")."""
    k = len(short)
    return 0 < k < len(long) and long[:k] == short and bool(_CONDITION_END.search(long[-1]))


def _case_lists(ms: list[dict], ir: _ItemRules, long_forms: dict[str, str] | None = None,
                title_ids: frozenset = frozenset()) -> dict[str, list[str]]:
    """The four list columns of a case from its asserted mentions: generic and symptom
    DISEASE items out (a symptom-headed item named only in the title stays: CASES.md 4,
    "named symptom as the topic condition"; ``title_ids`` are the title mentions' ids), generic
    TREATMENT items out when a specific one exists, items whose words are a subset of another
    item's words merged into it."""
    out = {}
    for col, label in (("diseases", "DISEASE"), ("calcinosis_sites", "CALCINOSIS_SITE"), ("imaging", "IMAGING"),
                       ("treatments", "TREATMENT")):
        items = case_items(ms, label, long_forms)
        names = [it["name"] for it in items]
        if label == "DISEASE":
            topic = {it["name"] for it in items if set(it["mention_ids"]) <= title_ids}
            names = [n for n in names if " ".join(_words(n)) not in ir.generic and (n in topic or not any(
                " ".join(ws[-len(h.split()):]) == h and not _named_sign(ws, h, ir) for ws in _head_phrases(n) for h in ir.heads))
                and (n in topic or _eponym(n) or not any(ws[-1] in ir.finding_heads for ws in _head_phrases(n)))]
            if any("calcinosis" in _words(n) for n in names):  # "calcifications" restate "calcinosis cutis"
                names = [n for n in names if " ".join(_words(n)) not in ir.calcinosis_restating]
        if label == "TREATMENT" and any(" ".join(_words(n)) not in ir.generic_treatments for n in names):
            names = [n for n in names if " ".join(_words(n)) not in ir.generic_treatments]
        if label in ("DISEASE", "TREATMENT"):
            sets = [set(_words(n)) for n in names]
            if label == "TREATMENT":  # "drainage procedure" restates "percutaneous transhepatic bile duct drainage"
                sets = [(ws - ir.restating) or ws for ws in sets]
            names = [n for i, n in enumerate(names) if not any(
                j != i and sets[i] and (sets[i] < sets[j] or (sets[i] == sets[j] and j < i))
                and not (label == "DISEASE" and _background_of(_words(n), _words(names[j]))) for j in range(len(names)))]
        if label == "DISEASE":  # "jejunal bezoar" restates "jejunal phytobezoar" (CASES.md 2.3: one item per condition)
            sets = [_words(n) for n in names]
            names = [n for i, n in enumerate(names) if not any(
                j != i and len(sets[i]) == len(sets[j]) > 1 and sets[i] != sets[j]
                and all(_same_head(a, b) for a, b in zip(sets[i], sets[j])) and len(names[i]) < len(names[j])
                for j in range(len(names)))]
        if label == "TREATMENT":
            concept_names = {it["name"]: it["concept_name"] or "" for it in items}
            names = drop_restated_classes(names, concept_names)
            names = merge_brand_devices(names, ir.device_heads)
        out[col] = names
    return out


def _response(sents: list[tuple[int, str]], ms: list[dict], rules, captions: set[int] = frozenset(),
              died: bool = False) -> tuple[str, list[int]]:
    """The case's response (``resolved``/``improved``/``no response``/``worsened``/``not
    stated``) by :func:`rheumex.case_response.case_response` (the last narrative sentence,
    captions left out, with a response cue at or after the first treatment given, see
    :func:`rheumex.case_response.first_given`), with that
    sentence's start (the evidence); ``worsened`` when the patient died."""
    from rheumex.case_response import case_response, first_given

    treated = [x["start"] for x in ms if x["label"] == "TREATMENT" and not x["negated"] and not x["hypothetical"]]
    label, evidence = case_response(sents, first_given(sents, treated), captions)
    if treated and died:
        died_at = [s0 for s0, t in sents if rules.outcome_died.search(t)]
        return "worsened", died_at[-1:] or evidence
    return label, evidence


def _outcome(sents: list[tuple[int, str]], rules) -> str | None:
    """``died`` if stated anywhere, else the label of the last sentence with an outcome cue."""
    if any(rules.outcome_died.search(t) for _s, t in sents):
        return "died"
    from rheumex.pipelines.structure import cue_label

    out = None
    for _s, t in sents:
        out = cue_label(t, rules.outcome) or out
    return out


def _share_all_case_mentions(by_case: "OrderedDict[str, list[dict]]", mentions: list[dict], text: str,
                             sent_span: Callable[[int], tuple[int, int]], rules) -> None:
    """A sentence about every patient of a series ("Both patients had underlying CRF with hemodialysis",
    ``case_rules.json`` "every_case_sentence") gives its mentions to every case (CASES.md 2.3: each patient's own
    background); session 22, third-party case series. Reference-list mentions never count."""
    if len(by_case) < 2:
        return
    cue = rules.every_case_sentence
    hits: dict[tuple[int, int], bool] = {}
    for m in mentions:
        if m.get("section_kind") == "references" or m["label"] not in ("DISEASE", "TREATMENT", "IMAGING", "CALCINOSIS_SITE"):
            continue
        span = sent_span(m["start"])
        if span not in hits:
            hits[span] = bool(cue.search(text[span[0]:span[1]]))
        if not hits[span]:
            continue
        for ms in by_case.values():
            if not any(x is m for x in ms):
                ms.append(m)
    for ms in by_case.values():
        ms.sort(key=lambda x: x["start"])


def case_rows(doc: Doc, doc_id: str, mentions: list[dict]) -> list[dict]:
    """One row per patient case of ``doc`` (the ``cases`` table, see ``schema.CASES``).

    Cases are the regions of ``doc._.cases`` (plus case ids of patient mentions in a
    document without regions). Per case: age and sex from its narrative; its asserted
    patient mentions grouped by label (``diseases``, ``calcinosis_sites``, ``imaging``,
    ``treatments``); ``treatment_response`` from ``pipelines/data/response_cues.tsv`` and ``outcome`` from cue phrases in
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
    from bisect import bisect_right

    from rheumex.pipelines.extensions import doc_text

    text = doc_text(doc)
    ir = _item_rules(rules)
    sent_bounds = [(sent.start_char, sent.end_char) for sent in doc.sents]
    sent_starts = [b[0] for b in sent_bounds]

    def sent_span(pos: int) -> tuple[int, int]:
        k = max(0, bisect_right(sent_starts, pos) - 1)
        return sent_bounds[k] if sent_bounds else (0, len(text))

    sent_ids = {s0: f"{doc_id}-s{k:04d}" for k, (s0, _e0) in enumerate(sent_bounds)}
    _share_all_case_mentions(by_case, mentions, text, sent_span, rules)
    caption_spans = [(s, e) for s, e, _n, k in doc._.sections or () if k in ("caption", "table")]
    captions = {s0 for s0 in sent_ids if any(s <= s0 < e for s, e in caption_spans)}
    long_forms = abbreviation_long_forms(mentions, text)
    treatment_starts = tuple(m["start"] for m in mentions if m["label"] == "TREATMENT")
    treatment_spans = tuple((m["start"], m["end"]) for m in mentions if m["label"] == "TREATMENT")
    rows = []
    single = len(by_case) == 1
    titles = _title_diagnoses(doc, mentions, text, len(by_case), ir)
    title_ids = frozenset(m["mention_id"] for m in titles)
    case_sents = {case_id: _sentences_of_case(doc, case_id, ms, rules) for case_id, ms in by_case.items()}
    # a sentence about every patient ("both patients were started on infliximab, which resulted in a good
    # response") tells each case's response, not only the one whose narrative it sits in (session 23)
    shared = sorted({st for ss in case_sents.values() for st in ss if rules.every_case_sentence.search(st[1])}) \
        if len(by_case) > 1 else []
    for case_id, ms in sorted(by_case.items(), key=lambda kv: (not kv[0].isdigit(), int(kv[0]) if kv[0].isdigit() else 0, kv[0])):
        sents = case_sents[case_id]
        age, sex = _age_sex(sents, rules)
        if single and (age is None or sex is None):  # the narrative says "the patient": the abstract may say who
            a_age, a_sex = _age_sex(_abstract_sentences(doc, rules), rules)
            age, sex = age if age is not None else a_age, sex if sex is not None else a_sex
        outcome = _outcome(sents, rules)
        story = sorted(set(sents) | set(shared)) if shared else sents
        response, ev = _response(story, ms, rules, captions, died=outcome == "died")
        if single and not ev:  # the narrative tells no outcome: the discussion may ("our patient remains well")
            story = sorted(sents + _self_references(doc, sents, rules))
            response, ev = _response(story, ms, rules, captions, died=outcome == "died")
        ev_text = dict(story)
        ms_given = [dict(m, negated=False) if m["negated"] and m["label"] == "TREATMENT" and ir.given_though_negated.search(
            text[max(sent_span(m["start"])[0], m["start"] - ir.window):m["start"]]) else m for m in ms]
        # a drug named as the cause of a suspected harm ("lomustine-induced hepatotoxicity was suspected") was given
        # (CASES.md 4, "Drugs as causes are treatments given"; the hedge is the harm's)
        ms_given = [dict(m, hypothetical=False) if m["label"] == "TREATMENT" and m["hypothetical"] and not m["negated"]
                    and _CAUSE_AFTER.match(text, m["end"]) else m for m in ms_given]
        asserted = [m for m in ms_given if not _not_the_patients(m, text, *sent_span(m["start"]), ir, treatment_starts)]
        # general statements about treatment ("Other treatments including azathioprine ... may be used") are no items
        asserted = [m for m in asserted if not general_treatment_statement(m, text, *sent_span(m["start"]), ir, treatment_spans)]
        # general statements outside the narrative are no items, but they still name a condition the title restates
        general = [m for m in asserted if general_outside_narrative(m, doc, text, *sent_span(m["start"]), ir)]
        asserted = [m for m in asserted if m not in general]
        # inside the narrative too, a general statement that names no patient ("Dystrophic calcinosis is
        # associated with systemic sclerosis ...", letters and image pieces without a Discussion heading)
        # names no diagnosis of the case (CASES.md 2.3)
        general_in = [m for m in asserted if m["label"] == "DISEASE" and general_in_narrative(text, *sent_span(m["start"]), ir, rules)]
        general += general_in
        asserted = [m for m in asserted if m not in general_in]
        asserted = drop_classes_before_members(asserted, text, ir)
        asserted = drop_disease_appositions(asserted, text, ir)
        # an adverb ("Laparoscopically", "surgically") names no treatment (CASES.md 3: a noun phrase)
        asserted = [m for m in asserted if not (m["label"] == "TREATMENT" and ir.adverb_name.match((m["text"] or "").strip()))]
        asserted = merge_combinations(asserted, text, ir.combination, ir.combination_concepts)
        asserted += verb_treatments(sents, asserted) + adjective_diagnoses(sents)
        asserted += new_title_diagnoses(asserted + general, [m for m in titles if not _not_the_patients(m, text, *sent_span(m["start"]), ir)])
        rows.append({
            "doc_id": doc_id, "case_id": case_id, "age": age, "sex": sex,
            **_case_lists(asserted, ir, long_forms, title_ids),
            "treatment_response": response,
            "response_sentence_ids": [sent_ids.get(s0, f"{doc_id}-c{s0}") for s0 in ev],
            "response_sentences": [" ".join(ev_text[s0].split()) for s0 in ev],
            "outcome": outcome, "evidence": [x["mention_id"] for x in ms] + [
                x["mention_id"] for x in titles if x["mention_id"] not in {m["mention_id"] for m in ms}],
        })
    return rows
