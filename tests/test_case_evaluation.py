"""Per-case evidence (issue 19): ``rheumex evaluate --cases``, case rows on real case
reports, and the machine-readable list columns of the cases table.

Fixtures: two Hindawi case reports of the case gold's **dev** split (JATS XML, CC BY,
``tests/data/ATTRIBUTION.md``) in ``tests/data/cases/<PMCID>/fulltext.xml`` and their
hand-made rows copied from ``corpora/gold/cases.jsonl`` into ``tests/data/cases/cases_gold.jsonl``.
"""
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import rheumex
from rheumex import schema
from rheumex.evaluation.cases import (age_years, case_documents, match_items, names_match, normalise_name,
                                      predict_cases, score_cases)
from rheumex.rows import case_rows, mention_rows

CASES_DIR = Path(__file__).parent / "data" / "cases"


@pytest.fixture(scope="module")
def hindawi(nlp):
    docs = case_documents(["PMC4745314", "PMC4738698"], text_dirs=[CASES_DIR])
    return predict_cases(docs, nlp=nlp)


def _rows(nlp, text: str) -> dict[str, dict]:
    doc = nlp(text)
    return {r["case_id"]: r for r in case_rows(doc, "t", mention_rows(doc, "t"))}


# -- matching rules of the evaluator ------------------------------------------------------
def test_names_are_compared_without_case_plural_laterality_and_determiners():
    assert normalise_name("the Left Renal Cysts") == "renal cyst"
    assert names_match("renal cyst", "right renal cysts")
    # containment as whole words only
    assert names_match("calcinosis", "calcinosis cutis") and names_match("calcinosis cutis", "calcinosis")
    assert not names_match("renal cyst", "renal cystectomy")


def test_items_are_matched_one_to_one_exact_first():
    gold = [("calcinosis cutis", None), ("calcinosis", None)]
    pred = [{"name": "calcinosis", "wordings": ["calcinosis"], "concepts": []}]
    mg, mp, pairs = match_items(gold, pred)
    assert (mg, mp, pairs) == (1, 1, [(1, 0)])  # the exact pair wins; one prediction matches one gold item
    # a MeSH heading agreeing with the predicted concept name matches whatever the wording
    mg, _mp, _ = match_items([("RA", "Arthritis, Rheumatoid")],
                             [{"name": "rheumatoid arthritis", "wordings": ["rheumatoid arthritis"], "concepts": ["Arthritis, Rheumatoid"]}])
    assert mg == 1


def test_ages_are_compared_in_years():
    assert age_years("4 months") == 0.33 and age_years("47") == 47.0 and age_years(0.33) == 0.33
    assert age_years("10 days") == 0.0 and age_years(None) is None


def test_score_counts_cases_age_response_and_items():
    gold = [{"doc_id": "a", "case_id": "1", "age": 47, "sex": "female", "diagnoses": ["dermatomyositis", "calcinosis"],
             "treatments": ["diltiazem"], "imaging": [], "calcinosis_sites": [], "response": "resolved"},
            {"doc_id": "a", "case_id": "2", "age": 30, "sex": "male", "diagnoses": ["systemic sclerosis"], "treatments": [],
             "imaging": [], "calcinosis_sites": [], "response": "not stated"},
            {"doc_id": "b", "case_id": None, "notes": "no case"}]
    ms = [{"mention_id": "m1", "label": "DISEASE", "text": "dermatomyositis", "concept_id": None, "concept_name": None,
           "negated": False, "hypothetical": False},
          {"mention_id": "m2", "label": "DISEASE", "text": "gout", "concept_id": None, "concept_name": None,
           "negated": False, "hypothetical": False},
          {"mention_id": "m3", "label": "TREATMENT", "text": "diltiazem", "concept_id": None, "concept_name": None,
           "negated": False, "hypothetical": False}]
    pred = {"a": {"cases": [{"case_id": "1", "age": "47", "sex": "female", "diseases": ["dermatomyositis", "gout"],
                             "treatments": ["diltiazem"], "imaging": [], "calcinosis_sites": [], "treatment_response": "improved",
                             "evidence": ["m1", "m2", "m3"]}], "mentions": ms},
            "b": {"cases": [], "mentions": []}}
    m = score_cases(gold, pred)
    assert m["papers"] == 2 and m["right_number_of_cases"]["papers"] == 1  # paper a: 1 row for 2 patients
    assert m["age_exact"] == 0.5 and m["sex_exact"] == 0.5 and m["response_accuracy"] == 0.0
    conf = m["response_confusion"]["gold_by_pred"]
    assert conf["resolved"]["improved"] == 1 and conf["not stated"]["(no case)"] == 1
    d = m["fields"]["diagnoses"]
    assert (d["matched_gold"], d["gold"], d["matched_pred"], d["pred"]) == (1, 3, 1, 2)
    assert m["fields"]["treatments"]["precision"] == 1.0


def test_evaluate_cases_cli_writes_metrics_block_and_report(tmp_path):
    out = tmp_path / "eval"
    proc = subprocess.run([sys.executable, "-m", "rheumex.cli", "evaluate", "--cases", "--split", "dev",
                           "--case-gold", str(CASES_DIR / "cases_gold.jsonl"), "--case-texts", str(CASES_DIR),
                           "--out", str(out)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "response accuracy" in proc.stdout
    cases = json.loads((out / "metrics.json").read_text())["cases"]
    assert cases["papers"] == 2 and cases["gold_cases"] == 2 and cases["not_scored"] == []
    assert cases["right_number_of_cases"]["rate"] == 1.0 and cases["sex_exact"] == 1.0
    assert set(cases["fields"]) == {"diagnoses", "treatments", "imaging", "calcinosis_sites"}
    assert "<section id='cases'>" in (out / "report.html").read_text()



def test_evaluate_cases_scores_a_run_over_the_papers_files(tmp_path, data_dir):
    """``--cases --pred RUN``: a run over the papers' own files (XML here, PDFs alike) is matched by the
    PMCID in the source path, as ``--align`` matches mention gold; a run with none of them exits 2."""
    run = tmp_path / "run"
    r = subprocess.run([sys.executable, "-m", "rheumex.cli", "extract", str(CASES_DIR / "PMC4745314" / "fulltext.xml"),
                        "--out", str(run), "--quiet"], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    base = [sys.executable, "-m", "rheumex.cli", "evaluate", "--cases", "--split", "dev",
            "--case-gold", str(CASES_DIR / "cases_gold.jsonl"), "--case-texts", str(CASES_DIR)]
    proc = subprocess.run(base + ["--pred", str(run), "--out", str(tmp_path / "ev")], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    cases = json.loads((tmp_path / "ev" / "metrics.json").read_text())["cases"]
    assert cases["papers"] == 1 and cases["not_scored"] == ["PMC4738698"]
    other = tmp_path / "other"
    r = subprocess.run([sys.executable, "-m", "rheumex.cli", "extract", str(data_dir / "seed.txt"), "--out", str(other), "--quiet"],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    proc = subprocess.run(base + ["--pred", str(other), "--out", str(tmp_path / "ev2")], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 2 and "could be scored" in proc.stderr

# -- case rows on real case reports ---------------------------------------------------------
def test_single_case_report_with_ages_in_words_and_resolved_response(hindawi):
    rows = hindawi["PMC4745314"]["cases"]  # "Presentation of the Case"; abstract: "A twenty-nine-year-old woman"
    assert len(rows) == 1
    r = rows[0]
    assert (r["age"], r["sex"], r["treatment_response"]) == ("29", "female", "resolved")
    assert "doxycycline" in r["treatments"]
    # "laparoscopic bilateral total salpingectomy": laterality stays out of TREATMENT (labels.md v2),
    # so the contiguous name is "total salpingectomy" (as in the gold)
    assert "total salpingectomy" in r["treatments"]
    # the response evidence: the follow-up sentence, with its id
    assert len(r["response_sentence_ids"]) == 1 and r["response_sentence_ids"][0].startswith("PMC4745314-s")
    assert "complete resolution" in r["response_sentences"][0]


def test_differentials_and_tests_on_animals_are_not_the_patients_diagnoses(hindawi):
    r = hindawi["PMC4738698"]["cases"][0]  # tularemia after a coyote bite
    assert (r["age"], r["sex"]) == ("3.5", "male")
    assert "tularemia" in r["diseases"]
    # "the probability of staphylococcal or streptococcal infection is relatively low";
    # "rabies postexposure treatment"; the coyotes "tested negative for rabies"
    assert not any("streptococcal" in d or "rabies" in d for d in r["diseases"])
    assert r["treatment_response"] == "improved"  # "though unchanged in size, was no longer inflamed"


def test_relatives_are_no_cases_unless_reported_as_cases(nlp):
    text = ("Case report\n\nA 30-year-old woman presented with calcinosis of the fingers. Her sister, a 35-year-old woman, "
            "has systemic sclerosis. She was treated with diltiazem.\n\nDiscussion\n\nCalcinosis is common.\n")
    rows = _rows(nlp, text)
    assert list(rows) == ["1"] and rows["1"]["age"] == "30"
    numbered = ("Case report\n\nA 30-year-old woman presented with calcinosis of the fingers.\n\n"
                "Her sister, a 35-year-old woman, had calcinosis of the elbows. "
                "Radiographs of the hands of case 1 showed calcinosis. She was treated with diltiazem.\n\n"
                "Discussion\n\nCases 1 and 2 are sisters.\n")
    rows = _rows(nlp, numbered)
    assert set(rows) == {"1", "2"} and rows["2"]["age"] == "35"
    assert "diltiazem" in rows["1"]["treatments"]  # after the relative's sentence the story is the patient's again


def test_considered_and_refused_treatments_and_work_up_diagnoses_are_left_out(nlp):
    text = ("Case report\n\nA 52-year-old man with systemic sclerosis had calcinosis of the elbows. "
            "Testing for hyperparathyroidism was negative. Sodium thiosulfate was considered but he refused surgery. "
            "He was treated with diltiazem and the calcinosis resolved.\n")
    r = _rows(nlp, text)["1"]
    assert "diltiazem" in r["treatments"] and not any("thiosulfate" in t.lower() for t in r["treatments"])
    assert "hyperparathyroidism" not in r["diseases"] and "systemic sclerosis" in r["diseases"]
    assert r["treatment_response"] == "resolved"


def test_a_refusal_governs_its_own_clause_only(nlp):
    # the cue window stops at a clause that says a treatment was given (case_items.before_breaks)
    text = ("Case report\n\nA 54-year-old woman with dermatomyositis had calcinosis of the elbows. "
            "She declined surgery and was treated with diltiazem. Colchicine was considered but methotrexate was started. "
            "She refused amputation and chemotherapy.\n")
    t = [x.lower() for x in _rows(nlp, text)["1"]["treatments"]]
    assert "diltiazem" in t and "methotrexate" in t
    assert not any(x in t for x in ("surgery", "colchicine", "amputation", "chemotherapy"))


# -- the cases table keeps list columns machine-readable ---------------------------------
def test_list_columns_in_parquet_csv_and_read_results(tmp_path, data_dir):
    out = tmp_path / "run"
    proc = subprocess.run([sys.executable, "-m", "rheumex.cli", "extract", str(data_dir / "seed.txt"), "--out", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    pschema = pq.read_schema(out / "cases.parquet")
    for col in schema.list_columns("cases"):
        assert pschema.field(col).type == pa.list_(pa.string()), col
    raw = pd.read_csv(out / "cases.csv", dtype=str)
    assert json.loads(raw.loc[0, "imaging"]) == ["Abdomen-pelvis CT"]  # a JSON array, not "; "-joined text
    res = rheumex.read_results(out)
    assert res.cases.loc[0, "imaging"] == ["Abdomen-pelvis CT"] and isinstance(res.cases.loc[0, "evidence"], list)
    back = schema.read_csv(out / "cases.csv", "cases")
    assert back["calcinosis_sites"].tolist() == res.cases["calcinosis_sites"].tolist()
    assert all(isinstance(v, list) for v in back["treatments"])  # empty lists stay lists


def test_list_cells_that_are_not_lists_name_the_problem():
    assert schema.as_list('["a", "b"]') == ["a", "b"] and schema.as_list(None) == [] and schema.as_list("") == []
    with pytest.raises(ValueError, match="not a JSON array"):
        schema.as_list('{"a": 1}')


def test_review_page_shows_the_response_sentence_and_list_items():
    from rheumex.review import document_page

    text = ("Case report\n\nA 58-year-old woman with systemic sclerosis had calcinosis of the fingertips on radiographs. "
            "She was treated with diltiazem.\nAt 6 months the calcinosis had resolved completely.\n")
    res = rheumex.process([text])
    page = document_page(res.documents.iloc[0].to_dict(), res.mentions, res.cases)
    row = res.cases.iloc[0]
    sid = row["response_sentence_ids"][0]
    assert row["treatment_response"] == "resolved" and sid.startswith(row["doc_id"] + "-s")
    assert "\u201cAt 6 months the calcinosis had resolved completely.\u201d" in page
    assert sid.rsplit("-", 1)[-1] in page and "diltiazem" in page
    assert "[&#x27;" not in page  # items shown as text, not as a Python list
