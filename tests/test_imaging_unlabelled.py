"""IMAGING rules found on MedPix cases outside the gold corpus (``/work/shared/docs/medpix``, ids not in
``corpora/gold/split.tsv``; session 10, ``site``). Each test fails without the rule it names."""
import pytest


@pytest.fixture(scope="module")
def base():
    import rheumex

    return rheumex.load_pipeline("base")


def imaging(nlp, text):
    return [e.text for e in nlp(text).ents if e.label_ == "IMAGING"]


def test_tracer_written_with_a_slash_before_a_nuclear_modality(base):
    # MedPix MPX1771: the tokenizer keeps "In-111/WBC" and "HMPAO/WBC" whole
    found = imaging(base, "Previous studies of nuclear medicine inflammatory bowel imaging demonstrate good correlation "
                          "between locale of uptake on In-111/WBC scanning and region of bowel affected, however Tc-99m "
                          "HMPAO/WBC scanning has been shown to demonstrate better localization properties.")
    assert "In-111/WBC scanning" in found and "Tc-99m HMPAO/WBC scanning" in found


def test_us_as_a_report_subject_or_after_by_is_ultrasound_the_us_is_the_country(base):
    # MedPix MPX2608 (empyema): the paper never spells out ultrasound
    assert imaging(base, "US is widely available, provides guidance for thoracentesis or pleural catheter placement, and "
                         "can be transported to the bedside.") == ["US"]
    assert "US" in imaging(base, "Computed tomography, however, gives additional information not obtained by US.")
    # MedPix MPX2450 (sarcoidosis): the country
    assert imaging(base, "In the US, blacks are more frequently affected and the ACCESS trial showed that affected patients "
                         "were five times more likely than controls to report a sibling with the disease.") == []


def test_adjective_of_a_lexicon_modality_with_a_study_noun_is_a_study(base):
    # MedPix MPX2539: "fluoroscopic" is not in the lexicon, "fluoroscopy" is (GUIDELINES 7.4/7.5)
    found = imaging(base, "Frontal fluoroscopic images from a solid column barium enema and subsequent upper GI study "
                          "demontrate concentric annular long segment luminal narrowing of the gastric antrum which extends "
                          "into the pyloric channel.")
    assert "Frontal fluoroscopic images" in found


def test_multiplanar_and_coregistered_are_technique_words(base):
    # MedPix MPX1960 and MPX1110 (imaging_modifiers.txt); the bare "images" stays out (labels.md)
    assert "Multiplane MRI" in imaging(base, "Multiplane MRI images demonstrate absent left and posterior pericardial fat "
                                             "and pericardium.")
    assert "Coregistered SPECT/CT" in imaging(base, "Coregistered SPECT/CT images after the administration of "
                                                    "In-111-octreotide demonstrates a focus of increased radiotracer uptake "
                                                    "at the left neck corresponding to the area in question demonstrated on MR.")


def test_modalities_joined_by_a_hyphen_in_one_token(base):
    # MedPix MPX2508: "ultrasound-Doppler" is one token; both parts are lexicon modalities
    assert "ultrasound-Doppler" in imaging(base, "Prior to the development and widespread use of ultrasound-Doppler "
                                                 "technology, AVFs were suspected on clinical findings and diagnosed with an "
                                                 "arteriogram.")


def test_misspelt_modality_is_found_like_a_misspelt_disease(base):
    # MedPix MPX1452: "echocardiograhpy" swaps two neighbouring letters of "echocardiography"
    doc = base("In this patient with mild, asymptomatic, pulmonary valve stenosis with pressure gradiant >30mmHg is "
               "monitored with survelliance echocardiograhpy every 2-3 years, as per the 2008 ACC/AHA adult congenital "
               "heart disease guidelines.")
    found = [(e.text, e._.concept_id) for e in doc.ents if e.label_ == "IMAGING"]
    assert ("echocardiograhpy", "MESH:D004452") in found
    # Hindawi PMC4706908 (not in the gold): the instrument is no misspelt "laparoscopy" (no -scopy target ending)
    doc = base("Under general anesthesia, a 5 mm umbilical trocar was introduced via the open Hasson technique, in order "
               "to create a port for a 30-degree laparoscope.")
    assert "laparoscope" not in [e.text for e in doc.ents]


def test_radiotracer_phrase_before_study_is_a_nuclear_study(base):
    # MedPix MPX1771: the tracer names the modality; "study" alone would not
    assert imaging(base, "Tc-99m HMPAO tagged WBC study demonstrates normal biodistribution of the radiopharmaceutical as "
                         "well as a focal region of linear uptake in the right lower quadrant of the abdomen.") == [
        "Tc-99m HMPAO tagged WBC study"]
    assert imaging(base, "Study was obtained several months after the previously shown Tc-99m HMPAO/WBC study.") == [
        "Tc-99m HMPAO/WBC study"]
