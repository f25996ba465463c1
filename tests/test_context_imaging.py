"""An imaging study is negated only right after its trigger (context_rules.json
label_forward_window; sentences from the dev gold)."""


def marks(nlp, text):
    return {(e.text, e._.negated) for e in nlp(text).ents if e.label_ == "IMAGING"}


def test_imaging_negated_only_next_to_its_trigger(nlp):
    # MPX1775, acg chronic pancreatitis (dev gold: CT/MRI not negated; cross-sectional imaging negated)
    assert marks(nlp, "The cyst wall does not consist of tumor cells and thus will not enhance on CT or MRI.") == {
        ("CT", False), ("MRI", False)}
    assert ("cross-sectional imaging", True) in marks(
        nlp, "It is worth noting, however, that prior studies of disappearing calcifications often did not use "
             "cross-sectional imaging.")
    # PMC4706908: "portoenterostomy was performed without cholangiography"
    assert ("cholangiography", True) in marks(nlp, "Portoenterostomy was performed without cholangiography.")
    # MPX2608: "additional information not obtained by US"
    assert ("US", False) in marks(nlp, "Computed tomography, however, gives additional information not obtained by US.")


def test_decisions_about_an_act_govern_treatments_only(nlp):
    # MPX1191 (dev gold): the disease is stated, the surgery is what was not offered
    doc = nlp("Due to her comorbid conditions and metastatic lung disease, surgery options were not offered.")
    by = {e.text: e._.negated for e in doc.ents}
    assert by.get("metastatic lung disease") is False and by.get("surgery") is True, by


def test_a_bracket_ends_a_negation_scope(nlp):
    # MPX1610 (dev gold): the artery and lung bud are absent, the agenesis is stated
    doc = nlp("Also included in the category of thoracic anomalies are: pulmonary agenesis (pulmonary artery "
              "and lung bud are absent), pulmonary aplasia.")
    by = {e.text: e._.negated for e in doc.ents}
    assert by.get("pulmonary agenesis") is False, by


def test_differential_list_phrases_are_hypothetical(nlp):
    # MPX1269, MPX1022, MPX1610 (dev gold: every item hypothetical)
    doc = nlp("The differential considerations for a splenic cyst include epidermoid cyst, abscess, hydatid cyst.")
    assert all(e._.hypothetical for e in doc.ents if e.text in ("epidermoid cyst", "abscess")), [(e.text, e._.hypothetical) for e in doc.ents]
    doc = nlp("Bone infarct is also a diagnostic consideration.")
    assert [e._.hypothetical for e in doc.ents if e.text == "Bone infarct"] == [True]
    doc = nlp("Based on patient history, patient was suspected of having an intralobar pulmonary sequestration.")
    assert all(e._.hypothetical for e in doc.ents if "sequestration" in e.text)
