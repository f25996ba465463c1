"""Drug classes named by a molecular target spelled out in words, and rheumatology therapy names.

Session 19: classes missed on unlabelled web case reports and in a coverage check of therapy names
written from domain knowledge (labels.md TREATMENT: drug classes, procedures, therapies). The
sentences are constructed; ``pipelines/treatment_phrases._spelled_target_start`` and the session-19
blocks of ``curated_treatments.tsv`` / ``treatment_procedures.tsv``.
"""
import pytest


def treatments(nlp, text):
    return [e.text for e in nlp(text).ents if e.label_ == "TREATMENT"]


@pytest.mark.parametrize("sentence, name", [
    ("She was given xanthine oxidase inhibitors.", "xanthine oxidase inhibitors"),
    ("Phosphodiesterase-5 inhibitors such as sildenafil were used.", "Phosphodiesterase-5 inhibitors"),
    ("Tumour necrosis factor alpha inhibitors were stopped.", "Tumour necrosis factor alpha inhibitors"),
    ("Interleukin-6 receptor antagonists were given.", "Interleukin-6 receptor antagonists"),
    ("We started interleukin 1 receptor antagonist therapy.", "interleukin 1 receptor antagonist"),
    ("Tyrosine kinase inhibitors were given.", "Tyrosine kinase inhibitors"),
])
def test_a_spelled_out_target_before_a_class_head_is_a_drug_class(nlp, sentence, name):
    assert name in treatments(nlp, sentence)


def test_a_verb_or_an_ordinary_word_is_no_part_of_the_target(nlp):
    assert "xanthine oxidase inhibitors" in treatments(nlp, "She was given xanthine oxidase inhibitors.")
    assert treatments(nlp, "Serum lipase and amylase levels were elevated.") == []
    assert treatments(nlp, "The base release inhibitors were tested.") == []


@pytest.mark.parametrize("name", [
    "glucocorticosteroids", "uricosuric drugs", "renal replacement therapy", "lifestyle changes",
    "joint washout", "immunoadsorption", "biologic DMARDs", "cognitive behavioural therapy",
    "B-cell depletion therapy", "botulinum toxin",
])
def test_rheumatology_therapy_names(nlp, name):
    assert name in treatments(nlp, f"She was treated with {name}.")


@pytest.mark.parametrize("sentence, name", [
    ("He received an autologous stem cell transplant.", "autologous stem cell transplant"),
    ("She received a renal transplant in 2010.", "renal transplant"),
    ("Endovascular coiling of the aneurysm was performed.", "Endovascular coiling"),
])
def test_transplants_and_approach_words(nlp, sentence, name):
    assert name in treatments(nlp, sentence)
