"""The bundled gold corpus is valid, stands alone, and the seed scores as required."""
from rheumex.corpora.gold import load_gold, validate
from rheumex.corpora.markup import parse_markup, render_markup
from rheumex.evaluation.run import predict
from rheumex.evaluation.scorer import score


def test_gold_validates():
    docs = load_gold()
    assert docs and validate(docs) == []


def test_markup_round_trip():
    for d in load_gold():
        marked = render_markup(d["text"], d["spans"])
        back = parse_markup(marked)
        assert back.text == d["text"]
        assert [s.to_json() for s in back.spans] == sorted(d["spans"], key=lambda s: (s["start"], s["end"]))


def test_seed_strict_f1_at_least_090_per_label():
    gold = [d for d in load_gold() if d["id"] == "seed-jkra-2007"]
    m = score(gold, predict(gold), bootstrap=0)
    for label, s in m["strict"]["per_label"].items():
        if s["tp"] + s["fn"]:
            assert s["f1"] >= 0.90, (label, s)


def test_packaged_corpus_has_no_unreviewed_label_conflicts():
    """Every string labelled differently in two places was read and recorded in
    corpora/gold/consistency_reviewed.tsv (GUIDELINES section 5, step 3)."""
    from rheumex.corpora.consistency import report

    open_conflicts = sorted({(f.text.lower(), f.elsewhere) for f in report(load_gold()) if f.kind == "label" and not f.reviewed})
    assert not open_conflicts, f"unreviewed label conflicts: {open_conflicts[:10]}"
