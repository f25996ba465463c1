"""Inter-annotator agreement (rheumex.corpora.agreement) on two small labellings."""
import pytest

from rheumex.corpora.agreement import agreement, pairs

HEAD = "id: x\nsource: x.txt\nformat: text\n---\n"


def _write(path, body):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEAD + body, encoding="utf-8")


def test_strict_and_lenient_agreement_per_label(tmp_path):
    first = "[[Calcinosis cutis|DISEASE]] of the [[left elbow|CALCINOSIS_SITE]] on [[plain films|IMAGING]].\n"
    second = "[[Calcinosis cutis|DISEASE]] of the left [[elbow|CALCINOSIS_SITE]] on [[plain films|IMAGING]].\n"
    _write(tmp_path / "labelling" / "d1.md", first)
    _write(tmp_path / "agreement" / "lm2" / "d1.md", second)
    res = agreement(pairs(tmp_path / "agreement", tmp_path / "labelling"))
    assert res["per_label"]["DISEASE"]["strict_f1"] == 1.0
    assert res["per_label"]["CALCINOSIS_SITE"]["strict_f1"] == 0.0
    assert res["per_label"]["CALCINOSIS_SITE"]["lenient_f1"] == 1.0
    assert res["micro"]["strict_f1"] == pytest.approx(2 * 2 / 6)
    texts = {(d["text"], d["only_in"]) for d in res["disagreements"]}
    assert texts == {("left elbow", "first"), ("elbow", "second")}


def test_different_texts_are_refused(tmp_path):
    _write(tmp_path / "labelling" / "d1.md", "[[gout|DISEASE]] here.\n")
    _write(tmp_path / "agreement" / "a" / "d1.md", "[[gout|DISEASE]] there.\n")
    with pytest.raises(ValueError, match="differs"):
        agreement(pairs(tmp_path / "agreement", tmp_path / "labelling"))
