"""Scorer: hand-computed cases, and agreement with spaCy's Scorer.score_spans."""
import spacy
from spacy.training import Example

from rheumex.evaluation.scorer import score


def doc(spans, text="x" * 100, i="d"):
    return {"id": i, "text": text, "spans": [dict(start=s, end=e, label=l) for s, e, l in spans]}


def test_empty_gold_and_empty_prediction():
    m = score([doc([])], [doc([])], bootstrap=0)
    assert m["strict"]["micro"]["f1"] == 0.0 or m["strict"]["micro"]["tp"] == 0
    m = score([doc([(0, 4, "DISEASE")])], [doc([])], bootstrap=0)
    assert m["strict"]["per_label"]["DISEASE"]["recall"] == 0.0
    m = score([doc([])], [doc([(0, 4, "DISEASE")])], bootstrap=0)
    assert m["strict"]["per_label"]["DISEASE"]["precision"] == 0.0


def test_boundary_label_and_duplicates():
    gold = doc([(0, 10, "DISEASE"), (20, 30, "IMAGING"), (40, 50, "TREATMENT")])
    pred = doc([(0, 8, "DISEASE"), (20, 30, "DISEASE"), (40, 50, "TREATMENT"), (40, 50, "TREATMENT")])
    m = score([gold], [pred], bootstrap=0)
    s = m["strict"]
    assert (s["micro"]["tp"], s["micro"]["fp"], s["micro"]["fn"]) == (1, 2, 2)  # duplicate counted once
    assert abs(s["micro"]["precision"] - 1 / 3) < 1e-9 and abs(s["micro"]["recall"] - 1 / 3) < 1e-9
    le = m["lenient"]
    assert le["per_label"]["DISEASE"]["tp"] == 1  # overlap, same label
    assert le["per_label"]["IMAGING"]["fn"] == 1  # label confusion is not a lenient match
    assert m["span"]["tp"] == 2  # label-agnostic exact offsets: (20,30) and (40,50)


def test_agrees_with_spacy_scorer():
    nlp = spacy.blank("en")
    text = "Calcinosis cutis in systemic sclerosis treated with warfarin after CT of the chest ."
    pd_ = nlp(text)
    gd = nlp(text)
    gold_sp = [(0, 16, "DISEASE"), (20, 38, "DISEASE"), (52, 60, "TREATMENT"), (67, 82, "IMAGING")]
    pred_sp = [(0, 10, "DISEASE"), (20, 38, "DISEASE"), (52, 60, "TREATMENT"), (67, 69, "IMAGING")]
    pd_.spans["sc"] = [pd_.char_span(s, e, label=l) for s, e, l in pred_sp]
    gd.spans["sc"] = [gd.char_span(s, e, label=l) for s, e, l in gold_sp]
    ref = spacy.scorer.Scorer.score_spans([Example(pd_, gd)], "spans", getter=lambda d, attr: d.spans["sc"])
    ours = score([doc(gold_sp, text)], [doc(pred_sp, text)], bootstrap=0)["strict"]["micro"]
    assert abs(ours["precision"] - ref["spans_p"]) < 1e-9
    assert abs(ours["recall"] - ref["spans_r"]) < 1e-9
    assert abs(ours["f1"] - ref["spans_f"]) < 1e-9


def test_attribute_precision_recall_on_matched_spans():
    def d(spans):
        return {"id": "d", "text": "x" * 100,
                "spans": [dict(start=s, end=e, label="DISEASE", hypothetical=h) for s, e, h in spans]}
    gold = d([(0, 5, True), (10, 15, True), (20, 25, False), (30, 35, False), (40, 45, True)])
    pred = d([(0, 5, True), (10, 15, False), (20, 25, True), (30, 35, False), (41, 45, True)])  # last: no match
    a = score([gold], [pred], bootstrap=0)["attributes"]["hypothetical"]
    assert (a["tp"], a["fp"], a["fn"], a["n"]) == (1, 1, 1, 4)
    assert a["accuracy"] == 0.5 and a["precision"] == 0.5 and a["recall"] == 0.5
