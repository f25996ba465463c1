"""Cross-validation by document (``rheumex evaluate --cv K``)."""
import json
import subprocess
import sys

import pytest

from rheumex.evaluation.cv import assign_folds, cross_validate, fold_of


def _docs(n):
    return [{"id": f"doc{i}", "text": "Calcinosis of the elbow.", "spans": [{"start": 0, "end": 10, "label": "DISEASE"}]} for i in range(n)]


def test_fold_of_a_document_does_not_depend_on_the_rest_of_the_corpus():
    small, large = _docs(10), _docs(40)
    for d in small:
        assert fold_of(d["id"], 5) == fold_of(d["id"], 5)
    f_small = {d["id"]: i for i, f in enumerate(assign_folds(small, 5)) for d in f}
    f_large = {d["id"]: i for i, f in enumerate(assign_folds(large, 5)) for d in f}
    assert all(f_large[k] == v for k, v in f_small.items())


def test_fit_never_sees_the_held_out_fold_and_every_document_is_held_out_once():
    docs = _docs(23)
    seen_held, fitted_on = [], []

    def fit(train):
        fitted_on.append({d["id"] for d in train})

    def predict(held):
        seen_held.append({d["id"] for d in held})
        assert not (seen_held[-1] & fitted_on[-1]), "training folds overlap the held-out fold"
        return [{"id": d["id"], "text": d["text"], "spans": d["spans"] if d["id"] != "doc3" else []} for d in held]

    res = cross_validate(docs, 5, predict, fit)
    assert sorted(i for s in seen_held for i in s) == sorted(d["id"] for d in docs)
    assert res["fitted"] and len(res["folds"]) == len(seen_held)
    pooled = res["pooled"]["strict"]["micro"]
    assert pooled["tp"] == 22 and pooled["fn"] == 1


def test_too_few_documents_is_a_clear_error():
    with pytest.raises(ValueError, match="cannot be split into 5 folds"):
        assign_folds(_docs(3), 5)


def test_cli_refuses_cv_on_the_locked_test_split(tmp_path):
    r = subprocess.run([sys.executable, "-m", "rheumex.cli", "evaluate", "--cv", "5", "--split", "test", "--out", str(tmp_path)],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "locked test split" in r.stderr
