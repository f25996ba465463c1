"""Document-level memory (pipelines/memory.py, ``rheumex_document_memory``).

Excerpts (attribution in tests/data/ATTRIBUTION.md):
- PAAG: Inayat F et al., "Nonthrombotic Pulmonary Embolism: A Potential Complication of
  Polyacrylamide Hydrogel Cosmetic Injection", Case Reports in Medicine 2016,
  doi:10.1155/2016/1397434, PMC4738949 (CC BY), from shared/docs/hindawi/PMC4738949;
- coarctation: MedPix case MPX1321 (US NLM MedPix), from shared/docs/medpix/MPX1321.txt;
- Essure: PMC4745314 (CC BY), Case Rep Obstet Gynecol 2016, doi:10.1155/2016/6961202, from shared/docs/hindawi/PMC4745314.
"""
from spacy.tokens import Span

PAAG = (
    "Nonthrombotic Pulmonary Embolism: A Potential Complication of Polyacrylamide Hydrogel Cosmetic Injection\n\n"
    "It is highly water-absorbent and results in polyacrylamide hydrogel (PAAG). "
    "She had bilateral multiple injections of polyacrylamide hydrogel in the buttocks for "
    "cosmetic enhancement. Clinicians need to be particularly vigilant when a patient presents with respiratory "
    "symptoms after PAAG usage.\n"
)
COARCTATION = (
    "Neonates with severe disease may present in heart failure and/or shock. Older infants and children may be "
    "asymptomatic or present (especially with exertion) with chest pain, cold extremities, and claudication."
)

BEFORE_MEMORY = "rheumex_document_memory"


def _until_memory(nlp, text):
    """The doc as the memory component receives it (every earlier component has run)."""
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name == BEFORE_MEMORY:
            break
        doc = proc(doc)
    return doc


def _seed(doc, text, label, nth=0, source="rule:test"):
    """Mark the nth occurrence of ``text`` as an entity, as a resolver or syntax rule would."""
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(text, start + 1)
    span = doc.char_span(start, start + len(text), label=label)
    span._.source = source
    doc.ents = list(doc.ents) + [span]
    return doc


def _after_memory(nlp, doc):
    seen = False
    for name, proc in nlp.pipeline:
        if name == BEFORE_MEMORY:
            seen = True
        if seen:
            doc = proc(doc)
    return doc


def test_memory_runs_after_the_resolver_and_before_abbreviations(nlp):
    names = nlp.pipe_names
    assert names.index("rheumex_entity_resolver") < names.index(BEFORE_MEMORY) < names.index("rheumex_abbreviations")


def test_a_name_recognised_once_is_recognised_at_every_occurrence_with_its_abbreviation(nlp):
    # the title's "Polyacrylamide Hydrogel" is recognised (e.g. by a syntax rule); the lexicon has no such drug
    doc = _seed(_until_memory(nlp, PAAG), "Polyacrylamide Hydrogel", "TREATMENT")
    doc = _after_memory(nlp, doc)
    found = [(e.text, e._.source) for e in doc.ents if e.label_ == "TREATMENT"]
    assert [t for t, _ in found] == ["Polyacrylamide Hydrogel", "polyacrylamide hydrogel", "PAAG",
                                     "polyacrylamide hydrogel", "PAAG"]
    assert found[1][1] == "memory:rule:test"
    # the short form defined after the long form that only memory found takes its label too
    assert found[2][1].startswith("abbreviation:memory:")


def test_without_a_first_recognition_nothing_is_invented(nlp):
    doc = _after_memory(nlp, _until_memory(nlp, PAAG))
    assert not [e for e in doc.ents if "hydrogel" in e.text.lower() or e.text == "PAAG"]


def test_ambiguous_one_word_names_are_not_propagated(nlp):
    # "cold" recognised once as a disease must not turn "cold extremities" into a disease
    doc = _until_memory(nlp, "She had a cold. " + COARCTATION)
    doc = _seed(doc, "cold", "DISEASE")
    doc = _after_memory(nlp, doc)
    assert [e.text for e in doc.ents if e.text == "cold"] == ["cold"]
    assert "heart failure" in [e.text for e in doc.ents]


def test_no_propagation_into_references_or_over_existing_entities(nlp):
    refs = "\nReferences\n1. Polyacrylamide hydrogel injections: a review. Plast Surg 2010.\n"
    doc = _until_memory(nlp, PAAG + refs)
    body_end = len(PAAG)
    doc._.sections = [(0, body_end, "body", "body"), (body_end, len(doc.text), "references", "references")]
    doc = _seed(doc, "Polyacrylamide Hydrogel", "TREATMENT")
    # an existing, longer entity keeps its span: memory never overlaps it
    doc = _seed(doc, "injections of polyacrylamide hydrogel", "TREATMENT", source="rule:longer")
    doc = _after_memory(nlp, doc)
    ents = [(e.text, e._.source) for e in doc.ents]
    assert ("injections of polyacrylamide hydrogel", "rule:longer") in ents
    assert not [e for e in doc.ents if e.start_char >= body_end]
    assert sum(1 for t, _ in ents if t.lower() == "polyacrylamide hydrogel") == 2  # title + definition


def test_resolver_decisions_on_lexicon_matches_are_kept(nlp):
    # "Diagnosis By: Surgical excision" is no treatment (resolver rule); the treatment below is
    text = ("Case Diagnosis: Meningioma, Falx\n\nDiagnosis By: MRI and Surgical excision\n\n"
            "Treatment & Follow Up: Surgical excision was performed.")
    doc = nlp(text)
    exc = [e for e in doc.ents if e.text.lower() == "surgical excision"]
    assert all(not (e._.source or "").startswith("memory") for e in exc)
    assert not [e for e in exc if e.start_char < text.index("Treatment")]


def test_bare_cyst_is_a_disease_only_when_the_paper_names_one(nlp):
    # dev gold MPX1775 (juvenile pilocytic astrocytoma): "a mural nodule in a cyst" describes the
    # tumour's appearance (GUIDELINES 3: a cyst as a generic description is no disease)
    doc = nlp("Title: Juvenile pilocytic astrocytoma\n\nThe tumor has a classic appearance of a mural nodule in a cyst.")
    assert "cyst" not in [e.text for e in doc.ents]
    # dev gold MPX2286 (aneurysmal bone cyst): a bare "cyst" refers back to the named lesion
    doc = nlp("Title: Aneurysmal Bone Cyst\n\nThese findings are consistent with an aneurysmal bone cyst. "
              "The cyst was treated with curettage.")
    assert ("cyst", "DISEASE") in [(e.text, e.label_) for e in doc.ents]


ESSURE = (  # PMC4745314 (CC BY; tests/data/ATTRIBUTION.md), three sentences of the case report
    "A twenty-nine-year-old woman presented with a two-year complaint of chronic pelvic pain after the "
    "hysteroscopic placement of an Essure device for sterilization. Essure requires a confirmation of proper "
    "placement with a follow-up hysterosalpingogram (HSG) at three months. Complications associated with the "
    "Essure device include improper placement."
)


def test_a_device_brand_is_the_device_when_named_alone(nlp):
    # "<Brand> <device noun>" (treatment_phrases.device_phrases) makes the brand alone a seed
    doc = nlp(ESSURE)
    ents = [(e.text, e.label_) for e in doc.ents]
    assert ents.count(("Essure device", "TREATMENT")) == 2
    assert ("Essure", "TREATMENT") in ents
    # a capitalised word the paper also writes in lower case is no brand ("Sterilization device")
    doc = nlp("Sterilization device placement failed. The sterilization was repeated. Sterilization is common.")
    assert all(e._.source != "memory:rule:device_phrase" for e in doc.ents)
