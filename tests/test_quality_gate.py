"""CI quality gate (issue 9): strict micro F1 on the gold dev split must not drop more than
``tolerance`` below ``evaluation/baseline.json``. A change that moves quality on purpose
updates the baseline in the same commit."""
import json
from importlib import resources

from rheumex.corpora.gold import load_gold
from rheumex.evaluation.run import predict
from rheumex.evaluation.scorer import score


def test_dev_f1_does_not_drop_below_baseline():
    baseline = json.loads(resources.files("rheumex.evaluation").joinpath("baseline.json").read_text(encoding="utf-8"))
    gold = load_gold(split=baseline["split"])
    assert len(gold) == baseline["n_documents"], "the dev split changed; rerun rheumex evaluate and update the baseline"
    metrics = score(gold, predict(gold), bootstrap=0)
    f1 = metrics["strict"]["micro"]["f1"]
    floor = baseline["strict"]["micro"]["f1"] - baseline["tolerance"]
    per_label = {l: round(d["f1"], 3) for l, d in metrics["strict"]["per_label"].items()}
    assert f1 >= floor, f"strict micro F1 on dev fell to {f1:.4f} (baseline {baseline['strict']['micro']['f1']}); per label {per_label}"
