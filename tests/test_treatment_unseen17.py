"""TREATMENT: a generic procedure noun named by its kind (session 17, from dev gold classes;
GUIDELINES 3 TREATMENT). Sentences are copied from dev gold texts (named in each test)."""


def ents(nlp, text):
    return [(e.text, e.label_) for e in nlp(text).ents]


def test_procedure_nouns_named_by_their_kind(nlp):
    # MPX2508 (Disease Discussion), MPX2450 (History), PMC4738949 (Discussion)
    assert ("percutaneous approaches", "TREATMENT") in ents(
        nlp, "Preliminary data suggest that percutaneous approaches also may prove to have a role.")
    assert ("dental procedure", "TREATMENT") in ents(
        nlp, "Patient had recently undergone dental procedure around time the lump was first noted.")
    assert ("cosmetic procedures", "TREATMENT") in ents(
        nlp, "Embolism of injected material should always be in the differential diagnoses in patients "
             "developing acute respiratory failure after cosmetic procedures.")
    # a procedural kind before a general therapy head too: "percutaneous interventions" (MPX2508)
    found = ents(nlp, "This study and other early investigations are suggestive that percutaneous interventions "
                      "such as stent placement or embolization may be effective measures to avoid surgical repair.")
    assert ("percutaneous interventions", "TREATMENT") in found and ("stent placement", "TREATMENT") in found


def test_generic_procedure_words_stay_unlabelled(nlp):
    # "procedure"/"approach" alone or after an evaluative word is no treatment name
    found = ents(nlp, "The procedure was uneventful. A conservative approach and a multidisciplinary approach "
                      "were discussed before any invasive procedure.")
    assert not any(label == "TREATMENT" and text.lower().endswith(("procedure", "approach"))
                   for text, label in found), found


def test_eponym_before_an_operation_word_and_the_stage_of_a_procedure(nlp):
    # PMC4706908 (laparoscopy-assisted cholangiography), Methods
    assert ("Kasai portoenterostomy", "TREATMENT") in ents(
        nlp, "Infants who had undergone Kasai portoenterostomy were excluded from the study.")
    # a capitalised word at a sentence start is no eponym
    assert ("laparotomy", "TREATMENT") in ents(nlp, "Emergency laparotomy followed.")
    # PMC4739456 (primary arthroplasty for tibia fractures), Introduction
    found = ents(nlp, "However, there are very few publications dealing with the primary TKA for patients with a "
                      "proximal tibia fracture after total knee arthroplasty (TKA).")
    assert ("primary TKA", "TREATMENT") in found
    # "secondary to" is no stage word
    assert ("chemotherapy", "TREATMENT") in ents(nlp, "Anemia secondary to chemotherapy was seen.")
