"""DISEASE classes found on unlabelled full text (session 12, lead, issue 14). Sentences are copied
from the unlabelled shared documents (/work/shared/docs, not in the gold), named in each comment.

labels.md: IMAGING is its own label; a modality abbreviation says how a disease was seen and is
no part of the disease's name.
"""


def ents(nlp, text):
    return [(e.text, e.label_) for e in nlp(text).ents]


def test_modality_abbreviation_is_no_eponym(nlp):
    # cureus-multiple-sclerosis-review-layoutref.pdf (Management and treatment)
    found = ents(nlp, "Interferon-β moderately decreases the rate of recurrence and MRI disease parameters and delays "
                      "disability buildup.")
    assert ("MRI disease", "DISEASE") not in found


def test_acronym_syndromes_stay_named(nlp):
    # the eponym rule still names upper-case syndromes (labels.md: "CREST syndrome")
    found = ents(nlp, "The patient had CREST syndrome, and POEMS syndrome was considered.")
    assert ("CREST syndrome", "DISEASE") in found and ("POEMS syndrome", "DISEASE") in found


def test_ossification_is_a_pathological_finding(nlp):
    # labels.md v2: "Ossification" naming a pathological finding is DISEASE, like calcification
    # (dev gold MPX1709, a MedPix case of a periosteal chondroma)
    found = ents(nlp, "Histological evaluation revealed a lobulated fibrocartilaginous matrix with diffuse foci of ossification.")
    assert ("ossification", "DISEASE") in found
    found = ents(nlp, "Ossification and calcification may also be seen.")
    assert ("Ossification", "DISEASE") in found and ("calcification", "DISEASE") in found


def test_normal_bone_formation_is_no_disease(nlp):
    # dev gold MPX1319 (osteochondroma discussion) leaves normal enchondral ossification out
    found = ents(nlp, "Lesions grow by enchondral ossification of proliferating cartilage cells in its cap.")
    assert not any("ossification" in t for t, _label in found)
    assert ents(nlp, "The ossification centres of the femur appeared normal.") == []


def test_ossification_makes_no_calcinosis_site(nlp):
    # labels.md v2: ossification alone does not make a CALCINOSIS_SITE
    found = ents(nlp, "There was ossification of the posterior longitudinal ligament at C5.")
    assert not any(label == "CALCINOSIS_SITE" for _t, label in found)
