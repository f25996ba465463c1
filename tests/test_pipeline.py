"""The entity pipeline on real sentences: labels, abbreviations, context, sites, cases, model path."""
import spacy

import rheumex


def ents(nlp, text):
    return {(e.label_, e.text): e for e in nlp(text).ents}


def test_nlp_is_a_normal_spacy_pipeline(nlp):
    doc = nlp("Calcinosis cutis was treated with diltiazem.")
    assert isinstance(nlp, spacy.language.Language)
    assert {(e.label_, e.text) for e in doc.ents} == {("DISEASE", "Calcinosis cutis"), ("TREATMENT", "diltiazem")}


def test_abbreviation_takes_long_form_label_and_concept(nlp):
    e = ents(nlp, "A woman with systemic lupus erythematosus (SLE) was admitted. SLE flares were frequent.")
    sle = [v for (l, t), v in e.items() if t == "SLE"]
    assert sle and all(s.label_ == "DISEASE" and s._.concept_id == "MESH:D008180" for s in sle)


def test_undefined_ambiguous_abbreviation_needs_guard(nlp):
    assert ("DISEASE", "RA") in ents(nlp, "Patients with rheumatoid arthritis. RA was active.")
    assert ("DISEASE", "RA") not in ents(nlp, "The RA and RV were dilated on echocardiography.")


def test_negation_and_hypothetical(nlp):
    e = ents(nlp, "There was no evidence of calcinosis. Bisphosphonates may be considered.")
    assert e[("DISEASE", "calcinosis")]._.negated
    assert e[("TREATMENT", "Bisphosphonates")]._.hypothetical
    e = ents(nlp, "CT showed calcinosis of both elbows.")
    assert not e[("DISEASE", "calcinosis")]._.negated


def test_calcinosis_site_kept_and_scan_region_rejected(nlp):
    e = ents(nlp, "Abdomen-pelvis CT showed extensive calcification involving gluteal area.")
    assert ("CALCINOSIS_SITE", "gluteal area") in e and ("IMAGING", "Abdomen-pelvis CT") in e
    e = ents(nlp, "CT of the abdomen and pelvis showed a mass in the liver.")
    assert ("IMAGING", "CT of the abdomen and pelvis") in e
    assert not any(l == "CALCINOSIS_SITE" for l, _ in e)
    e = ents(nlp, "Pericardial calcifications were seen on chest radiograph.")
    assert ("CALCINOSIS_SITE", "Pericardial") in e


def test_case_attribution_from_headings(nlp):
    text = ("Case 1\nA 47-year-old woman with dermatomyositis had calcinosis of the elbows.\n\n"
            "Case 2\nA 30-year-old man with systemic sclerosis had calcinosis of the fingertips.\n")
    got = {e.text: e._.case_id for e in nlp(text).ents}
    assert got["dermatomyositis"] == "1" and got["systemic sclerosis"] == "2"


def test_scispacy_model_path_is_used(tmp_path):
    # a tiny "model" built here: blank English + an entity ruler standing in for a trained NER
    model = spacy.blank("en")
    ruler = model.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "DISEASE", "pattern": "morbus testus"}])
    model.to_disk(tmp_path / "tiny_model")
    nlp = rheumex.load_pipeline(model=str(tmp_path / "tiny_model"))
    assert nlp.pipe_names[-1] == "rheumex_context" and "entity_ruler" in nlp.pipe_names
    doc = nlp("The patient had morbus testus and dermatomyositis.")
    got = {e.text: e._.source for e in doc.ents}
    assert got["morbus testus"] == "model:DISEASE"
    assert got["dermatomyositis"].startswith("curated")
    assert nlp.meta["rheumex"]["base_model"].endswith("tiny_model")


def test_missing_model_message():
    import pytest

    with pytest.raises(OSError, match="not installed"):
        rheumex.load_pipeline(model="en_core_sci_does_not_exist")
