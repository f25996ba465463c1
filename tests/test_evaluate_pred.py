"""``rheumex evaluate --pred RUN`` / ``--gold FILE`` (issue 18 item 17): score the gold
documents that are in the run, say how many are missing; a gold file without split
metadata is scored whole; the report uses the shared highlighting and CSP."""
import json
import re

import pytest

from rheumex.api import extract_to_dir
from rheumex.cli import main
from rheumex.runner import RunOptions

TEXTS = {
    "a": "Case report\n\nA 61-year-old woman with systemic sclerosis had calcinosis of the fingers on radiography.\n",
    "b": "Case report\n\nA 40-year-old man with dermatomyositis was treated with diltiazem; CT showed no calcinosis.\n",
    "c": "Case report\n\nA 9-year-old girl with juvenile dermatomyositis <script>alert(1)</script> received prednisone.\n",
}


def _gold(with_split: bool) -> list[dict]:
    docs = []
    for i, (k, t) in enumerate(TEXTS.items()):
        s = t.index("systemic sclerosis") if "systemic sclerosis" in t else t.index("dermatomyositis")
        e = s + (len("systemic sclerosis") if "systemic sclerosis" in t else len("dermatomyositis"))
        meta = {"split": "dev"} if with_split else {}
        docs.append({"id": f"doc-{k}", "text": t, "meta": meta, "spans": [{"start": s, "end": e, "label": "DISEASE"}]})
    return docs


@pytest.fixture(scope="module")
def run_ab(tmp_path_factory):
    """A run over the texts of gold documents a and b only (c is missing from it)."""
    inputs = tmp_path_factory.mktemp("inputs")
    for k in ("a", "b"):
        (inputs / f"{k}.txt").write_text(TEXTS[k], encoding="utf-8")
    out = tmp_path_factory.mktemp("run")
    extract_to_dir([str(inputs)], out, RunOptions())
    return out


def _write(path, docs):
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    return path


def test_pred_scores_only_gold_documents_in_the_run(run_ab, tmp_path, capsys):
    gold = _write(tmp_path / "gold.jsonl", _gold(with_split=True))
    assert main(["evaluate", "--gold", str(gold), "--pred", str(run_ab), "--out", str(tmp_path / "ev"), "--bootstrap", "0"]) == 0
    err = capsys.readouterr().err
    assert "scoring the 2 of 3 gold documents" in err and "1 missing from the run" in err
    metrics = json.loads((tmp_path / "ev" / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["n_documents"] == 2 and metrics["missing_from_run"] == ["doc-c"]
    # both gold spans are found, and the missing document does not count as two false negatives
    assert metrics["strict"]["per_label"]["DISEASE"]["fn"] == 0
    report = (tmp_path / "ev" / "report.html").read_text(encoding="utf-8")
    assert "1 gold documents not in the run" in report and "doc-c" not in report


def test_gold_file_without_split_metadata_is_scored_whole(run_ab, tmp_path, capsys):
    gold = _write(tmp_path / "nosplit.jsonl", [d for d in _gold(with_split=False) if d["id"] != "doc-c"])
    assert main(["evaluate", "--gold", str(gold), "--pred", str(run_ab), "--out", str(tmp_path / "ev"), "--bootstrap", "0"]) == 0
    err = capsys.readouterr().err
    assert "no gold documents" not in err and "(no split metadata)" in err
    assert json.loads((tmp_path / "ev" / "metrics.json").read_text(encoding="utf-8"))["n_documents"] == 2


def test_pred_without_any_gold_document_or_not_a_run_is_a_usage_error(run_ab, tmp_path, capsys):
    gold = _write(tmp_path / "conly.jsonl", [d for d in _gold(with_split=True) if d["id"] == "doc-c"])
    assert main(["evaluate", "--gold", str(gold), "--pred", str(run_ab), "--out", str(tmp_path / "ev")]) == 2
    assert "none of the 1 gold documents" in capsys.readouterr().err
    assert main(["evaluate", "--gold", str(gold), "--pred", str(tmp_path / "not-a-run"), "--out", str(tmp_path / "ev")]) == 2
    err = capsys.readouterr().err
    assert "not-a-run" in err and ("no rheumex tables here" in err or "is not a rheumex run folder" in err)


def test_report_uses_shared_highlighting_escapes_text_and_has_csp(tmp_path):
    from rheumex.evaluation.run import report_html
    from rheumex.evaluation.scorer import score
    from rheumex.highlight import LABEL_COLOURS

    gold = _gold(with_split=True)
    metrics = score(gold, gold, bootstrap=0)
    page = report_html(metrics, gold, gold)
    assert f'style="background:{LABEL_COLOURS["DISEASE"]}"' in page  # the review pages' colour
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    script_src = next(d.strip() for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "default-src 'none'" in csp and script_src.startswith("script-src 'sha256-") and "unsafe-inline" not in script_src
