"""The case-row contract of corpora/CASES.md 2.3 (diagnoses), 2.4 (treatments) and 4, one
checklist item a test, on real sentences of the seed and of dev-split papers of the case gold
(corpora/gold/cases.jsonl; never a test-split paper), run through the default pipeline.

Checklist (diagnoses): the patient's own and background conditions are in; differential,
ruled-out/negated and suspected-only conditions are out (a hedge right before the name:
"concerning for", "probable", "suggesting against", "may represent"); symptoms and signs,
bare lab abnormalities and lesion or finding words ("mass", "vegetation", "thickening") are
out, a named (eponymous) condition with such a head stays; relatives' conditions are out.
Treatments: given (also background and stopped for harm) in; considered, refused, planned,
never taken, literature out.
"""
from __future__ import annotations

import pytest



from case_helpers import has_item as _has, one_case_row as _row  # noqa: E402


def _flags(sentence: str, word: str, label: str = "DISEASE") -> bool:
    from rheumex.pipelines.structure import case_rules
    from rheumex.rows import _item_rules, _not_the_patients

    start = sentence.index(word)
    m = {"label": label, "start": start, "end": start + len(word)}
    return _not_the_patients(m, sentence, 0, len(sentence), _item_rules(case_rules()))


# -- diagnoses: in --------------------------------------------------------------------------------
@pytest.mark.parametrize("sentence, word", [
    # background diseases of the patient (acg-autoimmune-enteropathy)
    ("A 46-year-old woman with Hashimoto’s thyroiditis, idiopathic cardiomyopathy, and a body mass index of 14 kg/m2 "
     "presented to clinic with more than 20 years of watery diarrhea.", "thyroiditis"),
    # a complication diagnosed during the course (PMC4738733)
    ("Microscopic evaluation confirmed the diagnosis of multiple myeloma with more than 60% CD138 and lambda light "
     "chain positive plasma cell in the bone marrow (Figures 3 and 4).", "multiple myeloma"),  # at biopsy
])
def test_the_patients_own_conditions_are_diagnoses(nlp, sentence, word):
    assert _has(_row(nlp, sentence)["diseases"], word)


# -- diagnoses: out, by checklist item --------------------------------------------------------------
@pytest.mark.parametrize("sentence, word", [
    # a hedge: suspected only (PMC4739210)
    ("A transthoracic echocardiogram was performed, which showed an echodensity on the mechanical aortic valve, "
     "concerning for vegetation.", "vegetation"),
    ("We describe a case of suspected E. tarda prosthetic aortic valve and mitral valve endocarditis with probable "
     "vegetations and new mitral regurgitation on transthoracic and transesophageal echocardiograms.", "vegetations"),
])
def test_a_hedged_condition_is_no_diagnosis(sentence, word):
    assert _flags(sentence, word)


def test_a_hedge_reaches_only_the_name_right_after_it():
    s = ("We describe a case of suspected E. tarda prosthetic aortic valve and mitral valve endocarditis with probable "
         "vegetations and new mitral regurgitation on transthoracic and transesophageal echocardiograms.")
    assert not _flags(s, "mitral regurgitation")


def test_confirmed_after_suspected_stays():
    # CASES.md 2.3: first suspected, then confirmed: the confirming sentence keeps it (acg-chronic-pancreatitis)
    s = ("A fistulectomy and limited wedge posterior wall gastrectomy was performed, and pathology subsequently "
         "confirmed the presence of an intramural fistula.")
    assert not _flags(s, "intramural fistula")


@pytest.mark.parametrize("sentence, word", [
    # a finding of imaging or examination, not a diagnosis (vet-hypertrophic-osteopathy, PMC4739210)
    ("After 3 months of treatment, a three-view thoracic radiographic examination showed that the largest pulmonary "
     "lesion remained of similar size, compared to the previous CT.", "pulmonary lesion"),
    ("A transthoracic echocardiogram was performed, which showed an echodensity on the mechanical aortic valve.",
     "echodensity"),
    # symptoms (PMC4745348)
    ("A 31-year-old previously healthy male presented for two weeks of fevers, productive cough, and dyspnea.",
     "cough"),
])
def test_findings_and_symptoms_are_no_diagnoses(nlp, sentence, word):
    assert not _has(_row(nlp, sentence)["diseases"], word)


def test_finding_heads_symptom_heads_and_eponyms():
    from rheumex.pipelines.structure import case_rules
    from rheumex.rows import _case_lists, _item_rules

    ir = _item_rules(case_rules())

    def d(i, text):
        return {"mention_id": f"m{i}", "label": "DISEASE", "start": i * 10, "end": i * 10 + 5, "text": text,
                "concept_id": None, "concept_name": None, "negated": False, "hypothetical": False}

    # "a pulmonary mass in the right caudal lung lobe" (vet-hypertrophic-osteopathy); cyanosis (PMC4736312);
    # a possessive eponym names a condition (CASES.md 2.3: the paper's wording of a diagnosed condition)
    names = ["pulmonary mass", "cyanosis", "Dieulafoy's lesion", "primary pulmonary histiocytic sarcoma",
             "degenerative changes", "stenosis"]
    got = _case_lists([d(i, n) for i, n in enumerate(names)], ir)["diseases"]
    assert got == ["Dieulafoy's lesion", "primary pulmonary histiocytic sarcoma"]


# -- treatments -----------------------------------------------------------------------------------
@pytest.mark.parametrize("sentence, word", [
    # a prior procedure counts (CASES.md 4; acg-jejunal-bezoar)
    ("For these reasons, the patient in this case, who was diabetic with a prior history of a hepaticojejunostomy, "
     "was particularly susceptible to bezoar formation as a cause of her small bowel obstruction.",
     "hepaticojejunostomy"),
    # stopped because of harm, and named as the cause of a suspected harm: still given (CASES.md 4;
    # vet-hypertrophic-osteopathy)
    ("However, due to a significant elevation in ALT levels, lomustine-induced hepatotoxicity was suspected, "
     "leading to its discontinuation.", "lomustine"),
])
def test_given_treatments_are_items(nlp, sentence, word):
    assert _has(_row(nlp, sentence)["treatments"], word)


@pytest.mark.parametrize("sentence, word", [
    # considered / contraindicated / unwilling (acg-autoimmune-enteropathy, PMC4739210)
    ("TNF-α inhibitors were contraindicated for our patient due to her cardiomyopathy.", "TNF-α inhibitors"),
    ("The patient was unwilling to accept lifelong suppressive antibiotics without further information.",
     "antibiotics"),
])
def test_treatments_not_given_are_no_items(sentence, word):
    assert _flags(sentence, word, "TREATMENT")
