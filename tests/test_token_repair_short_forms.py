"""Slash-joined short forms (pipelines/token_repair.py, split_short_forms; session 17, from the
Hindawi research articles added to the dev gold)."""


def ents(nlp, text):
    return [(e.text, e.label_) for e in nlp(text).ents]


def test_defined_short_forms_joined_by_a_slash_are_two_mentions(nlp):
    # PMC4739473 (poor sleep in multiple sclerosis), Introduction
    found = ents(nlp, "Veauthier classified 19 patients with restless legs syndrome (RLS) or periodic limb movement "
                      "disorder (PLMD) in GS and PS. Whereas all insomnia patients, the majority of RLS/PLMD patients, "
                      "and most untreated patients were PS.")
    assert found.count(("RLS", "DISEASE")) == 2 and found.count(("PLMD", "DISEASE")) == 2, found
    # PMC4736388 (hypertriglyceridemic pancreatitis): the pair defined at once
    doc = nlp("The most frequent complication was acute lung injury/acute respiratory distress syndrome "
              "(ALI/ARDS). ALI/ARDS was seen in 30 patients.")
    words = [t.text for t in doc]
    assert "ALI/ARDS" not in words and words.count("ALI") == 2 and words.count("ARDS") == 2, words


def test_modalities_and_undefined_pairs_stay_whole(nlp):
    doc = nlp("Positron emission tomography (PET) and computed tomography (CT) were done: PET/CT showed uptake. "
              "Human immunodeficiency virus (HIV) causes acquired immunodeficiency syndrome (AIDS); HIV/AIDS care "
              "was offered. DM/PM was not defined here.")
    words = [t.text for t in doc]
    assert "PET/CT" in words and "HIV/AIDS" in words and "DM/PM" in words


def test_hiv_aids_is_one_disease_in_any_case(nlp):
    # PMC4745336 (prevention of mother-to-child transmission), title; the lexicon writes it in lower case
    assert ("HIV/AIDS", "DISEASE") in ents(
        nlp, "Prevention of Mother-to-Child Transmission of HIV/AIDS: Perception of Health Care Workers in Rural Areas.")
    assert ("hiv/aids", "DISEASE") in ents(nlp, "Knowledge of hiv/aids was poor.")
