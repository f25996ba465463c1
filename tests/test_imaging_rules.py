"""IMAGING boundary words on real sentences from the shared case reports (MedPix, PMC).

GUIDELINES 3 IMAGING / 7.4: a study keeps its view, sequence, contrast, region and kind-of-study
words (``pipelines/data/sources/imaging_modifiers.txt``); its time or purpose is no part of it.
"""


def ents(nlp, text):
    return [(e.text, e.label_) for e in nlp(text).ents]


def test_kind_of_study_words_stay_inside(nlp):
    # MPX1980 / PMC4745306 / PMC4738949
    assert ("whole body bone scan", "IMAGING") in ents(nlp, "He was scheduled for metastatic work-up with whole body bone scan.")
    assert ("conventional CT", "IMAGING") in ents(nlp, "More than one imaging modality such as conventional CT may be needed.")
    assert ("Volumetric computed tomography", "IMAGING") in ents(nlp, "Volumetric computed tomography showed a filling defect.")


def test_time_and_purpose_words_stay_out(nlp):
    # vet-hypertrophic-osteopathy / PMC4745348 / MPX2456
    assert ("CT", "IMAGING") in ents(nlp, "A follow-up CT performed 4 months later revealed progression.")
    assert ("chest CT", "IMAGING") in ents(nlp, "Repeat chest CT demonstrated worsening of disease.")
    assert ("chest radiograph", "IMAGING") in ents(nlp, "A 67 year old asymptomatic woman presented for screening chest radiograph.")


def test_bare_mr_sequence_after_on_or_as_heading(nlp):
    # MPX1191: "on T1" / "on T2" in an MR description are studies (GUIDELINES 3 IMAGING)
    found = ents(nlp, "HCC can be recognized as low-signal intensity on T1 with an increase in signal intensity on T2. "
                      "MR demonstrates vascular invasion.")
    assert ("T1", "IMAGING") in found and ("T2", "IMAGING") in found
    # MPX1601: weighted-image abbreviations as headings
    found = ents(nlp, "MRI findings:\nT2WI: Increased signal intensity in the temporal lobes.\nT1WI: Low signal intensity.")
    assert ("T2WI", "IMAGING") in found and ("T1WI", "IMAGING") in found
    # a tumour stage is no sequence, even in an MR paper
    assert ("T2", "IMAGING") not in ents(nlp, "The lesion was staged T2 N0 on MRI.")


def test_adjacent_modalities_are_one_study(nlp):
    # MPX1191 / MPX2275: a modality and the study written right after it are one span
    assert ("CT pulmonary angiogram", "IMAGING") in ents(nlp, "A CT pulmonary angiogram was performed to evaluate for embolism.")
    assert ("CT myelography", "IMAGING") in ents(nlp, "CT myelography may demonstrate focal epidural masses.")
    # MPX2456: a list that lost its comma stays two studies
    found = ents(nlp, "Enchondromas are seen incidentally on plain radiographs MRI, and/or CT while investigating other pathology.")
    assert ("plain radiographs", "IMAGING") in found and ("MRI", "IMAGING") in found
