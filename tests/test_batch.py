"""Batch runs at scale (issue #7): resume after kill -9, hanging inputs, the Dask engine,
and the streaming table writer. Small corpora of seed.txt variants; `rheumex extract` runs
in a subprocess, like a user."""
import json
import os
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from rheumex import api, runner

TABLES = ("documents", "mentions", "cases", "manifest")
N_DOCS = 10


def cli(*args, env=None, **kw):
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "rheumex.cli", "extract", *args, "--quiet"],
                          capture_output=True, text=True, env=full_env, timeout=180, **kw)


def tables(out):
    """The four tables; timing (manifest.seconds) dropped, the only column allowed to differ."""
    t = {name: pd.read_parquet(out / f"{name}.parquet") for name in TABLES}
    t["manifest"] = t["manifest"].drop(columns=["seconds"])
    return t


def assert_same_tables(a, b):
    ta, tb = tables(a), tables(b)
    for name in TABLES:
        pd.testing.assert_frame_equal(ta[name], tb[name], check_exact=True, obj=name)
    for name in ("documents", "mentions", "cases"):
        assert (a / f"{name}.csv").read_bytes() == (b / f"{name}.csv").read_bytes(), name


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, data_dir):
    """10 light variants of the seed paper: doc01.txt .. doc10.txt."""
    folder = tmp_path_factory.mktemp("corpus")
    seed = (data_dir / "seed.txt").read_text(encoding="utf-8")
    for i in range(1, N_DOCS + 1):
        text = f"Report {i}.\n\n" + seed.replace("Two Cases", f"Two Cases ({i})", 1)
        (folder / f"doc{i:02d}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def clean_run(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("clean")
    r = cli(str(corpus), "--out", str(out), "--workers", "1")
    assert r.returncode == 0, r.stderr
    return out


def _parts(out):
    return list(out.glob(".parts/*/*.json"))


def test_kill9_mid_run_then_rerun_equals_clean_run(corpus, clean_run, tmp_path):
    out = tmp_path / "out"
    # doc07 hangs, so the killed run is caught with all other documents done and doc07 in flight
    p = subprocess.Popen([sys.executable, "-m", "rheumex.cli", "extract", str(corpus), "--out", str(out),
                          "--workers", "2", "--quiet"], env={**os.environ, "RHEUMEX_TEST_HANG": "doc07.txt"},
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    while len(_parts(out)) < N_DOCS - 1 and time.monotonic() < deadline and p.poll() is None:
        time.sleep(0.1)
    try:
        import psutil

        workers = psutil.Process(p.pid).children()
    except (ImportError, Exception):  # psutil comes with dask; the orphan check is skipped without it
        workers = []
    p.send_signal(signal.SIGKILL)
    p.wait(10)
    assert len(_parts(out)) == N_DOCS - 1
    assert not (out / "manifest.parquet").exists()  # tables are written only at the end
    gone_by = time.monotonic() + 10  # workers die with the parent (even the one stuck in doc07)
    while any(w.is_running() and w.status() != "zombie" for w in workers) and time.monotonic() < gone_by:
        time.sleep(0.1)
    assert not any(w.is_running() and w.status() != "zombie" for w in workers)

    r = cli(str(corpus), "--out", str(out), "--workers", "1")
    assert r.returncode == 0, r.stderr
    assert "9 resumed" in r.stderr
    info = json.loads((out / "run.json").read_text())
    assert info["resumed"] == N_DOCS - 1 and info["processed"] == 1
    assert_same_tables(clean_run, out)


def test_hanging_input_is_cut_at_timeout_and_reported(corpus, tmp_path):
    """A hang deaf to SIGALRM (like a C loop): the pool's parent deadline kills the worker."""
    out = tmp_path / "out"
    t0 = time.monotonic()
    r = cli(str(corpus), "--out", str(out), "--workers", "2", "--timeout", "2",
            env={"RHEUMEX_TEST_HANG": "doc03.txt", "RHEUMEX_TEST_HANG_HARD": "1"})
    assert time.monotonic() - t0 < 60
    assert r.returncode == 1, r.stderr
    m = pd.read_parquet(out / "manifest.parquet")
    assert list(m.source) == sorted(m.source)  # input order, whatever the completion order
    bad = m[m.source.str.endswith("doc03.txt")].iloc[0]
    assert bad.status == "error" and "timed out after 2 s" in bad.error and "doc03.txt" in bad.error
    assert (m.status == "ok").sum() == N_DOCS - 1
    assert "timed out after 2 s" in r.stderr
    assert len(pd.read_parquet(out / "documents.parquet")) == N_DOCS - 1


def test_hang_in_process_is_cut_by_alarm(corpus, monkeypatch):
    """--workers 1: the in-process SIGALRM deadline cuts an interruptible hang."""
    monkeypatch.setenv("RHEUMEX_TEST_HANG", "doc02.txt")
    items = runner.expand_inputs(sorted(corpus.glob("doc0[1-3].txt")))
    t0 = time.monotonic()
    parts = runner.run(items, None, runner.RunOptions(workers=1, timeout=1)).parts
    assert time.monotonic() - t0 < 30
    assert [p["manifest"]["status"] for p in parts] == ["ok", "error", "ok"]
    assert parts[1]["manifest"]["error"] == runner.timeout_message(items[1].source, 1)
    assert parts[1]["mentions"] == []


def test_dask_engine_gives_the_same_tables(corpus, clean_run, tmp_path):
    pytest.importorskip("distributed")
    out = tmp_path / "out"
    r = cli(str(corpus), "--out", str(out), "--engine", "dask", "--workers", "2")
    assert r.returncode == 0, r.stderr
    assert json.loads((out / "run.json").read_text())["engine"] == "dask"
    assert_same_tables(clean_run, out)


def test_dask_missing_tells_what_to_install(monkeypatch):
    from rheumex import dask_engine

    monkeypatch.setattr(dask_engine, "_IMPORT_ERROR", ImportError("No module named 'distributed'"))
    with pytest.raises(ImportError, match=r"pip install 'rheumex\[dask\]'"):
        dask_engine.run_dask([], [0], runner.RunOptions(engine="dask"), lambda i, p: None)


def test_scheduler_needs_dask_engine(tmp_path, corpus):
    r = cli(str(corpus / "doc01.txt"), "--out", str(tmp_path), "--scheduler", "tcp://127.0.0.1:1")
    assert r.returncode == 2 and "--engine dask" in r.stderr


def _fake_part(i: int, n_mentions: int) -> dict:
    doc_id = f"{i:016x}"
    return {
        "manifest": {"source": f"d{i}.txt", "doc_id": doc_id, "status": "ok", "error": None, "seconds": 0.5, "warnings": None},
        "documents": [{"doc_id": doc_id, "source": f"d{i}.txt", "format": "text", "title": None, "authors": None,
                       "journal": None, "year": 2000 + i, "doi": None, "n_chars": 10, "n_pages": None,
                       "text": f"text, \"quoted\"\n{i}", "status": "ok"}],
        "mentions": [{"doc_id": doc_id, "mention_id": f"{doc_id}-{k:04d}", "label": "DISEASE", "start": k, "end": k + 1,
                      "text": "x", "sentence": "x y", "section": None, "section_kind": "body", "case_id": None,
                      "concept_id": None, "concept_name": None, "negated": bool(k % 2), "hypothetical": False,
                      "subject": "patient", "source": "lexicon"} for k in range(n_mentions)],
        "cases": [],
    }


def test_streamed_tables_equal_one_shot_tables(tmp_path):
    """Many small batches (row groups, CSV appends) give the same tables as one DataFrame."""
    parts = [_fake_part(i, i % 4) for i in range(23)]
    parts.append({"manifest": {"source": "bad.pdf", "doc_id": None, "status": "error", "error": "bad.pdf: broken",
                               "seconds": 0.0, "warnings": None, "status_note": "resumed"},
                  "documents": [], "mentions": [], "cases": []})
    stats = api.write_tables(iter(parts), tmp_path / "streamed", batch_docs=5)
    assert stats.inputs == 24 and stats.status == {"ok": 23, "error": 1} and stats.resumed == 1
    assert stats.mentions == sum(i % 4 for i in range(23)) and stats.cases == 0
    rr = runner.RunResult(slots=parts)
    api.write_results(api._results_from(rr), tmp_path / "oneshot", {})
    for name in TABLES:
        a = pd.read_parquet(tmp_path / "streamed" / f"{name}.parquet")
        b = pd.read_parquet(tmp_path / "oneshot" / f"{name}.parquet")
        c = api._results_from(rr).__getattribute__(name).reset_index(drop=True)
        pd.testing.assert_frame_equal(a, b, obj=name)
        pd.testing.assert_frame_equal(a.astype(c.dtypes.to_dict()), c, obj=name)
        assert (tmp_path / "streamed" / f"{name}.csv").read_bytes() == pd.DataFrame(c).to_csv(index=False).encode()
    assert not list((tmp_path / "streamed").glob(".*tmp*"))  # temp files renamed away
    empty = pd.read_parquet(tmp_path / "streamed" / "cases.parquet")
    assert len(empty) == 0 and list(empty.columns)[:2] == ["doc_id", "case_id"]


# -- issue 17: load once, fork many; stage timings; progress bar ---------------------------------
def test_workers_are_forked_with_the_loaded_pipeline(corpus, tmp_path):
    """N workers cost one load: the parent loads, the workers start ready (their own load is 0 s)."""
    out = tmp_path / "out"
    r = cli(str(corpus), "--out", str(out), "--workers", "2")
    assert r.returncode == 0, r.stderr
    info = json.loads((out / "run.json").read_text())
    assert info["load_seconds"] > 0
    assert info["worker_load_seconds"] == [0.0, 0.0]


def test_run_json_has_stage_totals_and_load_time(clean_run):
    info = json.loads((clean_run / "run.json").read_text())
    st = info["stages"]
    # run as the rheumex program: the time before the job (interpreter, imports) is "startup"
    assert set(st) == {"startup", "load", "convert", "nlp", "rows", "write", "other"} and all(v >= 0 for v in st.values())
    assert st["nlp"] > 0 and st["rows"] > 0 and info["load_seconds"] > 0 and st["load"] == info["load_seconds"]
    assert st["startup"] > 0.1  # at least the spaCy import
    m = pd.read_parquet(clean_run / "manifest.parquet")
    assert st["convert"] + st["nlp"] + st["rows"] <= m.seconds.sum() + 0.01  # parts of the per-document seconds
    # in-process: the stages after startup add up to the job's time (run + table writing + run.json)
    job = sum(v for k, v in st.items() if k != "startup")
    assert info["seconds"] + info["write_seconds"] - 0.05 <= job <= info["seconds"] + info["write_seconds"] + 1.0


def test_pool_run_json_counts_the_document_phase_as_wall_time(corpus, tmp_path):
    """With workers the summed worker seconds overlap; "other" is computed from the document
    phase's wall time (engine_seconds), so the stages still account for the job."""
    out = tmp_path / "out"
    r = cli(str(corpus), "--out", str(out), "--workers", "2", "--no-resume")
    assert r.returncode == 0, r.stderr
    info = json.loads((out / "run.json").read_text())
    st = info["stages"]
    assert info["engine_seconds"] > 0 and st["other"] >= 0
    serial = st["load"] + info["engine_seconds"] + st["write"] + st["other"]
    assert info["seconds"] + info["write_seconds"] - 0.05 <= serial <= info["seconds"] + info["write_seconds"] + 1.0


def test_progress_bar_shows_the_current_file(corpus, capsys):
    items = runner.expand_inputs(sorted(corpus.glob("doc0[1-2].txt")))
    runner.run(items, None, runner.RunOptions(workers=1, progress=True))
    err = capsys.readouterr().err
    assert "doc01.txt" in err and "doc02.txt" in err


def test_engines_share_one_worker_protocol():
    """runner and dask_engine both use rheumex.worker and do not import each other."""
    import ast
    from pathlib import Path

    import rheumex

    src = Path(rheumex.__file__).parent
    imports = {}
    for name in ("runner", "dask_engine", "worker"):
        tree = ast.parse((src / f"{name}.py").read_text())
        mods = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                mods.add(node.module)
                mods.update(f"{node.module}.{a.name}" for a in node.names)
            elif isinstance(node, ast.Import):
                mods.update(a.name for a in node.names)
        imports[name] = mods
    assert "rheumex.worker" in imports["runner"] and "rheumex.worker" in imports["dask_engine"]
    assert not any(m.startswith("rheumex.runner") or m == "rheumex.runner" for m in imports["dask_engine"])
    assert not any("runner" in m or "dask_engine" in m for m in imports["worker"])
