"""Conversion prefetch of the local pool (rheumex.worker.prefetch_main): the files converted
while the parent loads the pipeline give exactly the tables of a run without it."""
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

from rheumex import worker
from rheumex.extract import convert
from rheumex.worker import Item, RunOptions

DATA = Path(__file__).parent / "data"
PDFS = [DATA / "pdf-jats" / "PMC4739218.pdf", DATA / "pdf-glyphs" / "PMC4735928.pdf", DATA / "pdf-jats" / "PMC4745336.pdf"]


def test_prefetched_document_is_the_converted_document(tmp_path, monkeypatch):
    src = str(PDFS[0])
    worker.prefetch_main([(src, src), ("missing.pdf", str(tmp_path / "missing.pdf"))], str(tmp_path), RunOptions())
    assert len(list(tmp_path.glob("*.pkl"))) == 1  # the missing file is left to the worker
    monkeypatch.setattr(worker, "PREFETCH_DIR", tmp_path)
    got = worker._take_prefetched(Item(source=src, path=Path(src)))
    assert got is not None and got[0] == convert(Path(src), source=src) and got[1] > 0
    assert not list(tmp_path.glob("*.pkl"))  # taken once
    assert worker._take_prefetched(Item(source=src, path=Path(src))) is None


def test_two_workers_with_prefetch_give_the_one_worker_tables(tmp_path):
    for p in PDFS:
        (tmp_path / "in").mkdir(exist_ok=True)
        (tmp_path / "in" / p.name).write_bytes(p.read_bytes())
    before = {p.name for p in Path(tempfile.gettempdir()).glob("rheumex-prefetch-*")}
    outs = {}
    for w in ("1", "2"):
        out = tmp_path / f"out{w}"
        r = subprocess.run([sys.executable, "-m", "rheumex.cli", "extract", str(tmp_path / "in"), "--out", str(out),
                            "--workers", w, "--quiet"], capture_output=True, text=True, timeout=300, env=dict(os.environ))
        assert r.returncode == 0, r.stderr
        outs[w] = out
    for name in ("documents", "mentions", "cases"):
        pd.testing.assert_frame_equal(pd.read_parquet(outs["1"] / f"{name}.parquet"),
                                      pd.read_parquet(outs["2"] / f"{name}.parquet"), check_exact=True, obj=name)
    after = {p.name for p in Path(tempfile.gettempdir()).glob("rheumex-prefetch-*")}
    assert after <= before  # the prefetch folder is removed
