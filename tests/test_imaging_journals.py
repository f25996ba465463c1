"""IMAGING classes found on unlabelled text outside the gold corpus in layouts other than MedPix
(Hindawi JATS in ``/work/shared/docs/hindawi`` whose PMC ids are not in ``corpora/gold/split.tsv``,
``/work/shared/docs/pdf-more``, ``/work/shared/docs/html-real``) and on unlabelled MedPix cases
(``/work/unlabelled/mpx``); session 10, ``img``. Each test fails without the rule it names."""
import pytest


@pytest.fixture(scope="module")
def base():
    import rheumex

    return rheumex.load_pipeline("base")


def imaging(nlp, text):
    return [e.text for e in nlp(text).ents if e.label_ == "IMAGING"]


def test_lower_case_pet_is_the_animal(base):
    # imaging_capitals_only.txt. html-real peerj_2015_727 (zebrafish methods) and Hindawi PMC4738708
    assert imaging(base, "Adult wild-type zebrafish were purchased from a local pet store (Remix, Nagoya, Japan) and were "
                         "maintained at 28.5 °C in 2-L tank equipped with a system that circulates conditioned filtered "
                         "tap water.") == []
    assert imaging(base, "Recently, C. neoformans serotype A is the most common variety in association of pet birds "
                         "droppings in the Egyptian environment [25].") == []
    # wiley_cancermed_2018 (pdf-more): capitals stay a modality
    assert imaging(base, "The patients all had pathologically confirmed NSCLC and brain metastases diagnosed with CT or "
                         "MRI.") == ["CT", "MRI"]


def test_modality_abbreviation_among_authors_initials_is_a_person(base):
    # imaging_phrases.in_initials_list; html-real bmc_trials_2014_15-511 (author contributions in the methods)
    assert imaging(base, "Questionnaires used during the whole Delphi procedure were pilot-tested by three members of the "
                         "project team (CT, MB, RO) and by one or two selected panellists.") == []
    assert imaging(base, "The project team consisted of one investigator (AC), appointed to coordinate the day-to-day "
                         "management of the project, and three members of the Steering Committee working at the same "
                         "institution (CT, MB, RO).") == []


def test_modalities_joined_by_a_slash_in_one_token(base):
    # resolver._hyphenated_modalities splits on "/" too; MedPix MPX2407 (unlabelled)
    assert "MRI/MRA" in imaging(base, "Diagnosis By: Contrast Catheter Cerebral Angiography & MRI/MRA")


def test_study_names_missing_from_the_lexicon(base):
    # sources/imaging.tsv. Hindawi PMC4706923 (MR enteroclysis)
    assert imaging(base, "All patients underwent MR enteroclysis.") == ["MR enteroclysis"]
    # pdf-more bmc_medicine_2014 (the hyphen-less spelling of the DXA name)
    assert "dual energy X-ray absorptiometry" in imaging(
        base, "Reports in the literature indicate that maternal consumption of a diet high in polyunsaturated fatty "
              "acids is predictive of fat mass determined by dual energy X-ray absorptiometry at the ages of 4 and 6 "
              "years [71].")
    # Hindawi PMC4706908 ("radiogram"); MedPix MPX2608 ("roentgenography")
    assert any("radiograms" in m for m in imaging(
        base, "A few milliliters of contrast agent was injected into the gallbladder while fluoroscopic radiograms are "
              "being obtained (Figure 3)."))
    assert "chest roentgenography" in imaging(
        base, "US is particularly useful for sampling fluid that does not layer freely on decubitus films, and can "
              "distinguish solid from liquid pleural abnormalities better than chest roentgenography.")


def test_projection_words_and_coordinated_projections_after_a_determiner(base):
    # sources/imaging_modifiers.txt and imaging_view_words.txt; MedPix MPX1722, MPX1810, MPX2608 (unlabelled)
    assert "AP and frog-leg radiograph of both hips" in imaging(
        base, "Radiographic evaluation of a patient with suspected osteonecrosis includes an AP and frog-leg radiograph "
              "of both hips.")
    assert "Frontal and frog leg films of both hip joints" in imaging(
        base, "Findings: Frontal and frog leg films of both hip joints revealed extensive degenerative changes on the "
              "bilateral femoral heads and acetabula.")
    assert "decubitus films" in imaging(
        base, "US is particularly useful for sampling fluid that does not layer freely on decubitus films, and can "
              "distinguish solid from liquid pleural abnormalities better than chest roentgenography.")


def test_modality_adjective_before_a_modality_name_is_one_study(base):
    # resolver._study_follows and imaging_phrases.adjacent_pairs; Hindawi PMC4706923 (abstract and introduction)
    assert imaging(base, "Instead multidetector computed tomographic enteroclysis and magnetic resonance enteroclysis have "
                         "the potential to simultaneously depict intraluminal, mural, and extraintestinal "
                         "abnormalities.") == ["multidetector computed tomographic enteroclysis",
                                               "magnetic resonance enteroclysis"]
    # the short form in brackets stays inside the study's name (labels.md: "... (MALT) lymphoma")
    assert imaging(base, "Multidetector computed tomographic (CT) enteroclysis and magnetic resonance (MR) enteroclysis "
                         "have the potential to simultaneously depict intraluminal, mural, and extraintestinal "
                         "abnormalities.") == ["Multidetector computed tomographic (CT) enteroclysis",
                                               "magnetic resonance (MR) enteroclysis"]


def test_abbreviation_glossary_defining_a_modality_abbreviation_otherwise(base):
    # imaging_phrases.glossary_redefined; pdf-more mdpi_nutrients_2018 (table footnote glossary)
    found = imaging(base, "BIA, bioelectrical impedance analysis; BMI, body mass index; CG, control group; CRT, chair rise "
                          "time; CSA, cross-sectional area; CT, cognition training; DB, double blind; DLW, doubly labeled "
                          "water; DXA, dual-energy X-ray absorptiometry; EAA, essential amino acids.")
    assert "CT" not in found and found == ["DXA", "dual-energy X-ray absorptiometry"]
    # prose with the same punctuation keeps its modality (the entry before is no glossary entry)
    assert "CT" in imaging(base, "He had a chest radiograph; CT, performed the next day, showed a mass; MRI was normal.")


def test_a_glossary_redefinition_and_authors_initials_hold_for_every_label(base):
    # session 18; pdf-more mdpi_nutrients_2018 (table footnote glossary): "CSA" is no cyclosporine here
    text = ("BIA, bioelectrical impedance analysis; BMI, body mass index; CG, control group; CRT, chair rise "
            "time; CSA, cross-sectional area; CT, cognition training; DB, double blind.")
    assert "CSA" not in [e.text for e in base(text).ents]
    # html-real BMC Trials 2014 15:511 (core outcome set): a list of members' initials names no disease
    text = ("Drug toxicity was monitored. The Steering Committee includes 18 members among whom 14 are researchers "
            "(RD, CL, RB, LC, NF, MG, BK, FK, DT, AP).")
    assert "DT" not in [e.text for e in base(text).ents]
