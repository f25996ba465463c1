"""Resolver rules built on the packaged base model's parse (``--config base``; issue 14 part 2).

Every sentence is quoted from the shared material (``tests/data/ATTRIBUTION.md``, section
"sentences in test_syntax_rules.py"): MedPix case texts (MPX ids), the BC5CDR/NCBI-disease
PubTator corpora (PMIDs) and the examples in ``corpora/labels.md``. Each test fails with
the rules-only resolver or without the rule it names.
"""
import pytest


@pytest.fixture(scope="module")
def base():
    import rheumex

    return rheumex.load_pipeline("base")


def ents(nlp, text):
    return [(e.text, e.label_) for e in nlp(text).ents]


# -- noun-phrase boundaries -------------------------------------------------------------------

def test_name_keeps_classifying_modifiers_from_the_parse(base):
    # MedPix MPX1420 (discussion): "low-grade" is an amod of "gliomas"
    found = ents(base, "The biology and natural history of ependymomas resemble those of low-grade gliomas; "
                       "as a result, local growth is predominant.")
    assert ("low-grade gliomas", "DISEASE") in found
    # MedPix MPX2281 (findings): "complex" classifies the cyst (Bosniak)
    found = ents(base, "CT scan with contrast showed an incidental finding of a complex renal cyst.")
    assert ("complex renal cyst", "DISEASE") in found


def test_name_drops_determiners_and_severity_words(base):
    # MedPix MPX1152: "severe" describes the disease, it is not part of its name
    found = ents(base, "Chloroquine is used as a steroid sparing agent in patients with severe skin disease.")
    assert ("skin disease", "DISEASE") in found
    assert not any(t.startswith("severe") for t, _l in found)


def test_laterality_stays_out_of_disease_and_treatment(base):
    # BC5CDR PMID 2894766 (labels.md v2 example: "bilateral pleural effusions" -> "pleural effusions")
    found = ents(base, "Pneumonitis, bilateral pleural effusions, echocardiographic evidence of cardiac tamponade.")
    assert ("pleural effusions", "DISEASE") in found
    # MedPix MPX2275: "Left inguinal hernia repair" -> TREATMENT "inguinal hernia repair" (gold)
    found = ents(base, "80 year old female with history of low grade lymphoma and meningioma admitted for "
                       "Left inguinal hernia repair.")
    assert not any(t.lower().startswith("left") and l in ("DISEASE", "TREATMENT") for t, l in found)


# -- coordination -----------------------------------------------------------------------------

def test_coordinated_adjectives_sharing_a_head_are_one_name(base):
    # labels.md examples, in a minimal sentence: "acute, subacute or chronic" have no noun of their own
    found = ents(base, "The patient had acute, subacute or chronic arthritis.")  # labels.md example
    assert ("acute, subacute or chronic arthritis", "DISEASE") in found
    # labels.md example: size words join only as anatomy ("small bowel", "large bowel")
    found = ents(base, "He developed small and/or large bowel obstruction.")
    assert ("small and/or large bowel obstruction", "DISEASE") in found


def test_conjuncts_that_stand_alone_stay_separate(base):
    # MedPix MPX1152: nouns in a list are separate mentions
    found = ents(base, "A new TNF-alpha antagonist Ustekinumab, approved for dosing in patients with RA, psoriatic arthritis, "
                       "and ankylosing spondylitis; is currently being tested.")
    assert ("psoriatic arthritis", "DISEASE") in found and ("ankylosing spondylitis", "DISEASE") in found
    # MedPix MPX1269: a comma list is no coordination of modifiers ("post-traumatic, epidermoid cyst")
    found = ents(base, "Considerations for a splenic cyst include post-traumatic, epidermoid cyst, abscess, hydatid cyst.")
    assert ("epidermoid cyst", "DISEASE") in found


def test_spelled_out_acronym_name_is_one_mention(base):
    # labels.md example (CREST syndrome spelled out)
    found = ents(base, "The patient had calcinosis, Raynaud's phenomenon, esophageal dysmotility, sclerodactyly and "
                       "telangiectasia (CREST) syndrome.")
    assert ("calcinosis, Raynaud's phenomenon, esophageal dysmotility, sclerodactyly and telangiectasia (CREST) syndrome",
            "DISEASE") in found


# -- organisms, suffixes, eponyms -------------------------------------------------------------

def test_organism_infection_keeps_the_abbreviated_genus(base):
    # labels.md example "S. haematobium infection", in a minimal sentence
    found = ents(base, "Hematuria was caused by S. haematobium infection.")
    assert ("S. haematobium infection", "DISEASE") in found


def test_hyphenated_and_sentence_initial_eponyms(base):
    # MedPix (Wilms tumor case): hyphenated eponyms in a list
    found = ents(base, "Congenital abnormalities such as aniridia, hemi-hypertrophy, Beckwith-Wiedemann syndrome, "
                       "nephroblastomatosis, and various genitourinary anomalies.")
    assert ("Beckwith-Wiedemann syndrome", "DISEASE") in found
    # BC5CDR PMID 9721172: sentence-initial hyphenated eponym
    assert ("Stevens-Johnson syndrome", "DISEASE") in ents(
        base, "Stevens-Johnson syndrome is a well-recognized immune complex-mediated hypersensitivity.")


# -- calcinosis sites from dependency paths ---------------------------------------------------

def test_sites_tied_by_the_parse(base):
    # MedPix MPX1657: "calcifications in X"
    found = ents(base, "An unenhanced renal-stone protocol CT scan demonstrates calcifications in the renal medullary "
                       "pyramids bilaterally, consistent with medullary nephrocalcinosis.")
    assert ("renal medullary pyramids", "CALCINOSIS_SITE") in found
    # MedPix MPX2305: adjectival anatomy and "of" + object; "in the area of the hips and shoulders"
    found = ents(base, "Particularly suggestive of hypoparathyroidism are intracranial calcifications of the basal ganglia.")
    assert ("basal ganglia", "CALCINOSIS_SITE") in found
    # MedPix MPX1114: "X may calcify"
    assert ("lymph nodes", "CALCINOSIS_SITE") in ents(base, "The lymph nodes may calcify, sometimes in a characteristic eggshell fashion.")
    # MedPix MPX2015: "calcifications are seen within X"
    assert ("thoracic aorta", "CALCINOSIS_SITE") in ents(base, "Calcifications are seen within the thoracic aorta.")


def test_anatomy_not_tied_by_the_parse_is_no_site(base):
    # MedPix MPX1390: the bones of the foot carry the osteopenia, only the arteries the calcifications
    found = ents(base, "AP, lateral and oblique radiographs of the left foot show severe osteopenia of the bones of the "
                       "foot and ankle, as well as extensive calcifications of the visualized arteries of the foot.")
    sites = [t for t, l in found if l == "CALCINOSIS_SITE"]
    assert "ankle" not in sites and "foot" not in sites
    # labels.md v2: ossification never makes a site
    found = ents(base, "Heterotopic ossification of the elbow was seen.")
    assert not any(l == "CALCINOSIS_SITE" for _t, l in found)


def test_a_plural_noun_is_no_modifier_shared_with_the_next_name(nlp):
    # PMC4738733 (dev gold): "nodes" is a finding of its own, not a modifier of "haemorrhage"
    text = ("CT abdomen revealed interval worsening of splenomegaly to 20 cm, multiple enlarged lymph nodes, and "
            "retroperitoneal haemorrhage extending from the left kidney.")
    assert "retroperitoneal haemorrhage" in [e.text for e in nlp(text).ents]
    # singular modifiers still share the head (labels.md coordination)
    assert "breast and/or ovarian cancer" in [e.text for e in nlp("She had breast and/or ovarian cancer.").ents]
