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
