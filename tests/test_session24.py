"""Classes of session 24 (constructed sentences in the pattern of unlabelled third-party case
reports judged by labels.md, GUIDELINES.md and CASES.md)."""
from test_session21 import ents


def test_a_later_case_opened_mid_paragraph_is_its_own_row(nlp):
    # CASES.md 1: each reported patient is a case; "However, in patient 2, ..." opens the second one
    from test_cases import _rows
    text = ("Case presentation\n\nWe describe two patients with dermatomyositis. Patient 1, a 34-year-old "
            "woman, had calcinosis of the elbows and was treated with diltiazem, with improvement. However, in "
            "patient 2, a 50-year-old man, the calcinosis progressed despite alendronate.\n\n"
            "Discussion\n\nCalcinosis is common in juvenile dermatomyositis.\n")
    rows = _rows(nlp, text)
    assert sorted(rows) == ["1", "2"]
    assert list(rows["1"]["treatments"]) == ["diltiazem"]
    assert list(rows["2"]["treatments"]) == ["alendronate"]
    assert rows["2"]["sex"] == "male"


def test_a_drug_broken_after_its_chemical_prefix_is_the_drug(nlp):
    assert ents(nlp, "She was given hydroxy-chloroquine 200 mg daily.", "TREATMENT") == ["hydroxy-chloroquine"]
    assert ents(nlp, "He was given methyl-prednisolone pulses.", "TREATMENT") == ["methyl-prednisolone"]


def test_a_class_pulse_therapy_is_one_treatment(nlp):
    # GUIDELINES TREATMENT: "therapy" after a drug class stays in the span, as in "steroid pulse therapy"
    assert ents(nlp, "Corticosteroid pulse therapy was started.", "TREATMENT") == ["Corticosteroid pulse therapy"]
    assert ents(nlp, "Methylprednisolone therapy was started.", "TREATMENT") == ["Methylprednisolone"]
