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
