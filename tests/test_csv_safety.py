"""CSV formula injection (issue 18 item 13): every CSV rheumex writes is safe to open in a
spreadsheet; Parquet keeps the raw text."""
import csv
import json

import pandas as pd
import pytest

from rheumex.api import extract_to_dir
from rheumex.csvsafe import neutralise, safe_frame
from rheumex.cli import main
from rheumex.runner import RunOptions

PAPER = ('=HYPERLINK("http://evil.example/x","Calcinosis")\n\nCase report\n\n'
         "-A 50-year-old woman with dermatomyositis had calcinosis of the elbows on CT.\n"
         "@SUM(1+1) She was treated with diltiazem.\n")


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    inputs = tmp_path_factory.mktemp("inputs")
    (inputs / "paper.txt").write_text(PAPER, encoding="utf-8")
    out = tmp_path_factory.mktemp("run")
    extract_to_dir([str(inputs)], out, RunOptions())
    return out


def _csv(path):
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_table_csvs_neutralise_formula_cells_parquet_keeps_raw(run_dir):
    doc = _csv(run_dir / "documents.csv")[0]
    assert doc["text"].startswith("'=HYPERLINK(")
    sentences = {m["text"]: m["sentence"] for m in _csv(run_dir / "mentions.csv")}
    assert sentences["dermatomyositis"].startswith("'-A 50-year-old woman")
    assert sentences["diltiazem"].startswith("'@SUM(1+1) She was treated")
    assert sentences["CT"] == sentences["dermatomyositis"]
    # nothing in any CSV starts with a formula character any more
    for name in ("documents", "mentions", "cases", "manifest"):
        for row in _csv(run_dir / f"{name}.csv"):
            for value in row.values():
                assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (name, value)
    # Parquet (and so the Python API) keeps the exact text: offsets stay valid
    docs = pd.read_parquet(run_dir / "documents.parquet")
    assert docs["text"].iloc[0] == PAPER
    ms = pd.read_parquet(run_dir / "mentions.parquet")
    assert set(ms["sentence"]) >= {"@SUM(1+1) She was treated with diltiazem."}


def test_errors_csv_is_neutralised(run_dir, tmp_path):
    gold = {"id": "g1", "text": PAPER, "meta": {"split": "dev"},
            "spans": [{"start": PAPER.index("=HYPERLINK"), "end": PAPER.index("=HYPERLINK") + 10, "label": "DISEASE"}]}
    gold_path = tmp_path / "gold.jsonl"
    gold_path.write_text(json.dumps(gold) + "\n", encoding="utf-8")
    assert main(["evaluate", "--gold", str(gold_path), "--pred", str(run_dir), "--out", str(tmp_path / "ev"),
                 "--bootstrap", "0"]) == 0
    rows = _csv(tmp_path / "ev" / "errors.csv")
    fn = [r for r in rows if r["error"] == "false_negative"]
    assert fn and fn[0]["gold_text"] == "'=HYPERLINK" and fn[0]["context"].startswith("'=HYPERLINK")


def test_neutralise_is_the_owasp_rule():
    assert [neutralise(v) for v in ("=1+1", "+1", "-1", "@x", "\tx", "\rx", "a=b", "", None, -1, 2.5)] == \
        ["'=1+1", "'+1", "'-1", "'@x", "'\tx", "'\rx", "a=b", "", None, -1, 2.5]
    df = pd.DataFrame({"t": pd.array(["=x", "y", None], dtype="string"), "n": pd.array([-1, 2, None], dtype="Int64")})
    out = safe_frame(df)
    assert out["t"].tolist()[:2] == ["'=x", "y"] and out["n"].tolist()[:2] == [-1, 2]
    assert df["t"].iloc[0] == "=x"  # the input frame is untouched
