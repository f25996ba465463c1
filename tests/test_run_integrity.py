"""Run integrity (issue 18, items 1-3, 5, 8-11): exit codes that never lie, one writer per
output folder, tables replaced as a set, no silent drops, no wrong merges. Each test runs
`rheumex extract` (or the runner) on real files the way a user would."""
import json
import os
import shutil
import subprocess
import sys
import time

import pandas as pd
import pytest

import rheumex
from rheumex import api, outdir
from rheumex.inputs import content_key, expand_inputs
from rheumex.worker import Item

SENTENCE = "A 47-year-old woman with systemic sclerosis had calcinosis cutis of both elbows."


def cli(*args, env=None, timeout=180):
    return subprocess.run([sys.executable, "-m", "rheumex.cli", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=timeout)


def manifest(out):
    return pd.read_parquet(out / "manifest.parquet")


@pytest.fixture
def papers(tmp_path, data_dir):
    """A folder with a text, an HTML page and a JATS file: three good papers."""
    d = tmp_path / "papers"
    d.mkdir()
    shutil.copy(data_dir / "seed.txt", d / "seed.txt")
    shutil.copy(data_dir / "html" / "ra-manubriosternal-acta-orthop-2010.pmc.html", d / "ra.html")
    shutil.copy(data_dir / "xml" / "acg-chronic-pancreatitis-disappearing-calcifications.xml", d / "acg.xml")
    return d


# -- 1. exit status: 20 consecutive runs exit 0 ---------------------------------------------
def test_twenty_consecutive_runs_exit_0(tmp_path, data_dir):
    """The exit-134 loop ('terminate called without an active exception' after the summary).
    20 runs of a small batch (text and JATS, so each run is mostly start-up, pipeline load, table
    writing and exit, where the crash was; 1 and 2 workers), two at a time."""
    inputs = [str(data_dir / "seed.txt"), str(data_dir / "xml" / "acg-chronic-pancreatitis-disappearing-calcifications.xml")]
    codes = []
    for k in range(0, 20, 2):
        procs = [subprocess.Popen([sys.executable, "-m", "rheumex.cli", "extract", *inputs, "--out", str(tmp_path / f"o{k + j}"),
                                   "--quiet", "--workers", str(1 + j)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for j in range(2)]
        for p in procs:
            _, err = p.communicate(timeout=240)
            codes.append((p.returncode, err[-300:]))
    assert [c for c, _ in codes] == [0] * 20, [c for c in codes if c[0] != 0][:2]
    assert all("terminate called" not in e for _, e in codes)


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="needs Linux /proc to count native threads")
def test_a_run_leaves_no_native_threads_behind(tmp_path, papers):
    """The cause of exit 134: Arrow's C++ thread pools, started by pd.read_parquet, still alive
    when the interpreter exits. A whole extract job plus read_results must start none."""
    from rheumex.runner import RunOptions

    def native_threads():
        return set(os.listdir("/proc/self/task"))

    import pyarrow.parquet  # noqa: F401  (importing starts jemalloc's thread: not ours to judge)

    before = native_threads()
    api.extract_to_dir([papers], tmp_path / "out", RunOptions(resume=False))
    res = rheumex.read_results(tmp_path / "out")
    assert len(res.documents) == 3 and len(res.mentions) > 0
    assert native_threads() <= before


# -- 2. one writer per folder; tables as one set; leftovers; failed final write ---------------
def test_second_run_into_a_busy_folder_is_refused_with_exit_2(tmp_path, papers):
    out = tmp_path / "out"
    out.mkdir()
    first = subprocess.Popen([sys.executable, "-m", "rheumex.cli", "extract", str(papers), "--out", str(out), "--quiet"],
                             env={**os.environ, "RHEUMEX_TEST_HANG": "seed.txt"}, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and "pid" not in ((out / ".lock").read_text() if (out / ".lock").exists() else ""):
            time.sleep(0.1)
        r = cli("extract", str(papers), "--out", str(out), "--quiet")
        assert r.returncode == 2, r.stderr
        assert "being written by another rheumex run" in r.stderr and str(first.pid) in r.stderr
        assert not (out / "manifest.parquet").exists()
    finally:
        first.kill()
        first.wait(10)
    r = cli("extract", str(papers), "--out", str(out), "--quiet")  # the lock died with the first run
    assert r.returncode == 0, r.stderr
    assert len(manifest(out)) == 3


def test_leftover_temp_files_are_removed_and_a_cut_swap_is_refused(tmp_path, papers):
    out = tmp_path / "out"
    assert cli("extract", str(papers), "--out", str(out), "--quiet").returncode == 0
    part_dir = next((out / ".parts").iterdir())
    junk = [out / ".mentions.parquet.tmp999", out / ".run.json.tmp999", part_dir / "abc.json.tmp999"]
    for f in junk:
        f.write_text("half written")
    (out / outdir.SWAP_MARKER).write_text("pid 999\n")  # as if killed while renaming the tables
    with pytest.raises(outdir.IncompleteRun, match="rerun the same"):
        rheumex.read_results(out)
    r = cli("extract", str(papers), "--out", str(out), "--quiet")
    assert r.returncode == 0, r.stderr
    assert not any(f.exists() for f in junk) and not (out / outdir.SWAP_MARKER).exists()
    assert len(rheumex.read_results(out).documents) == 3


def test_tables_from_different_runs_are_refused(tmp_path, papers, data_dir):
    a, b = tmp_path / "a", tmp_path / "b"
    assert cli("extract", str(papers), "--out", str(a), "--quiet").returncode == 0
    assert cli("extract", str(data_dir / "seed.txt"), "--out", str(b), "--quiet").returncode == 0
    shutil.copy(b / "mentions.parquet", a / "mentions.parquet")  # a half-swapped or mixed set
    with pytest.raises(outdir.IncompleteRun, match="does not belong"):
        rheumex.read_results(a)


def test_failed_final_write_names_the_path_and_exits_3(tmp_path, papers, monkeypatch):
    out = tmp_path / "out"
    real_replace = os.replace

    def full_disk(src, dst, *a, **k):
        if str(dst).endswith("cases.parquet"):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst, *a, **k)

    monkeypatch.setattr(os, "replace", full_disk)
    from rheumex import cli as rcli

    code = rcli.main(["extract", str(papers), "--out", str(out), "--quiet"])
    assert code == rcli.EXIT_WRITE == 3
    monkeypatch.setattr(os, "replace", real_replace)
    with pytest.raises(outdir.IncompleteRun):
        rheumex.read_results(out)  # never half a set read as a result


def test_failed_final_write_message(tmp_path, papers, monkeypatch, capsys):
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda s, d, *a, **k: (_ for _ in ()).throw(OSError(28, "No space left on device"))
                        if str(d).endswith("cases.parquet") else real_replace(s, d, *a, **k))
    from rheumex import cli as rcli

    rcli.main(["extract", str(papers), "--out", str(tmp_path / "out"), "--quiet"])
    err = capsys.readouterr().err
    assert "cases.parquet" in err and "No space left on device" in err and "Traceback" not in err


# -- 3. usage errors exit 2 -------------------------------------------------------------
def test_usage_errors_exit_2_before_any_work(tmp_path, papers):
    r = cli("extract", str(papers), "--out", str(tmp_path / "o1"), "--model", "en_core_sci_nonexistent")
    assert r.returncode == 2 and "not installed" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "o1" / "manifest.parquet").exists()
    r = cli("extract", str(papers), "--out", str(tmp_path / "o2"), "--config", "nosuchconfig")
    assert r.returncode == 2 and "config file not found" in r.stderr
    not_a_run = tmp_path / "notrun"
    not_a_run.mkdir()
    r = cli("evaluate", "--pred", str(not_a_run), "--out", str(tmp_path / "ev"))
    assert r.returncode == 2 and "is not a rheumex run folder" in r.stderr and "Traceback" not in r.stderr
    r = cli("evaluate", "--pred", str(tmp_path / "missing"), "--out", str(tmp_path / "ev"))
    assert r.returncode == 2


def test_missing_input_is_reported_before_the_pipeline_loads(tmp_path, papers):
    r = cli("extract", str(tmp_path / "typo.pdf"), str(papers), "--out", str(tmp_path / "out"),
            env={"RHEUMEX_CACHE_DIR": str(tmp_path / "fresh-cache")})  # a cold load takes seconds
    assert r.returncode == 1
    first = r.stderr.splitlines()[0]
    assert "typo.pdf: file not found" in first
    m = manifest(tmp_path / "out").set_index("source")
    assert m.loc[str(tmp_path / "typo.pdf"), "status"] == "error"


def test_only_missing_inputs_do_not_load_the_pipeline(tmp_path):
    t0 = time.monotonic()
    r = cli("extract", str(tmp_path / "a.pdf"), "--out", str(tmp_path / "out"), env={"RHEUMEX_CACHE_DIR": "off"})
    assert r.returncode == 1 and "no document was processed" in r.stderr
    assert json.loads((tmp_path / "out" / "run.json").read_text())["load_seconds"] is None
    assert time.monotonic() - t0 < 30


# -- 5. size before hashing, special files by stat ------------------------------------------
def test_special_files_and_oversized_files_are_refused_unread(tmp_path, papers):
    fifo = papers / "pipe.txt"
    os.mkfifo(fifo)  # opening it for reading would block forever
    big = tmp_path / "big.txt"
    big.write_text("calcinosis " * 20_000)
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")
    out = tmp_path / "out"
    t0 = time.monotonic()
    r = cli("extract", str(papers), str(big), str(zero), "--out", str(out), "--max-bytes", "100000", "--timeout", "20")
    assert time.monotonic() - t0 < 60
    assert r.returncode == 1
    m = manifest(out).set_index("source")
    assert m.loc[str(fifo), "status"] == "error" and "not a regular file" in m.loc[str(fifo), "error"]
    assert m.loc[str(zero), "status"] == "error" and "not a regular file" in m.loc[str(zero), "error"]
    assert m.loc[str(big), "status"] == "error" and "over the limit of 100,000" in m.loc[str(big), "error"]
    assert (m.status == "ok").sum() == 3


def test_hashing_streams_the_file(tmp_path, monkeypatch):
    f = tmp_path / "a.txt"
    f.write_bytes(b"x" * (3 << 20))
    reads = []
    real_open = open

    class Spy:
        def __init__(self, fh):
            self.fh = fh

        def read(self, n=-1):
            reads.append(n)
            return self.fh.read(n)

        def __enter__(self):
            return self

        def __exit__(self, *a):
            self.fh.close()

    monkeypatch.setattr("builtins.open", lambda p, mode="r", *a, **k: Spy(real_open(p, mode, *a, **k)) if str(p) == str(f) else real_open(p, mode, *a, **k))
    key, size = content_key(Item(source=str(f), path=f))
    assert size == 3 << 20 and key
    assert reads and all(0 < n <= 1 << 20 for n in reads)


# -- 8. one manifest row per input ------------------------------------------------------------
def test_every_input_gets_one_manifest_row(tmp_path, papers, data_dir):
    shutil.copy(data_dir / "bad" / "notes.docx", papers / "notes.docx")
    (papers / "figure.png").write_bytes(b"\x89PNG")
    (papers / ".DS_Store").write_bytes(b"x")  # hidden: ignored
    empty = tmp_path / "empty"
    empty.mkdir()
    out = tmp_path / "out"
    r = cli("extract", str(papers), str(empty), "--out", str(out), "--quiet")
    assert r.returncode == 1, r.stderr  # the empty folder is an error
    m = manifest(out).set_index("source")
    assert m.loc[str(papers / "notes.docx"), "status"] == "skipped"
    assert "unsupported file type .docx" in m.loc[str(papers / "notes.docx"), "error"]
    assert m.loc[str(papers / "figure.png"), "status"] == "skipped"
    assert m.loc[str(empty), "status"] == "error" and "no files" in m.loc[str(empty), "error"]
    assert (m.status == "ok").sum() == 3 and len(m) == 6
    info = json.loads((out / "run.json").read_text())
    assert (info["ok"], info["skipped"], info["error"]) == (3, 2, 1)


def test_zero_documents_exit_1(tmp_path, data_dir):
    d = tmp_path / "only-docx"
    d.mkdir()
    shutil.copy(data_dir / "bad" / "notes.docx", d / "notes.docx")
    r = cli("extract", str(d), "--out", str(tmp_path / "out"), "--quiet")
    assert r.returncode == 1 and "no document was processed" in r.stderr


# -- 9. never read an output folder back --------------------------------------------------------
def test_output_folder_inside_the_input_folder_is_not_read_back(tmp_path, papers):
    out = papers / "results"
    assert cli("extract", str(papers), "--out", str(out), "--quiet").returncode == 0
    assert cli("review", str(out)).returncode == 0  # review pages inside the input folder now
    first = rheumex.read_results(out)
    other = papers / "old-run"  # an earlier run's folder under another name
    shutil.copytree(out, other)
    r = cli("extract", str(papers), "--out", str(out), "--quiet")
    assert r.returncode == 0, r.stderr
    again = rheumex.read_results(out)
    assert len(again.documents) == 3 and len(again.mentions) == len(first.mentions)
    m = again.manifest.set_index("source")
    assert m.loc[str(other), "status"] == "skipped" and "rheumex output folder" in m.loc[str(other), "error"]
    assert str(out) not in set(m.index)  # the run's own --out: not even a row


# -- 10. symlinks leaving the tree ------------------------------------------------------------
def test_symlink_leaving_the_tree_is_not_followed(tmp_path, papers):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0: systemic sclerosis password")
    (papers / "passwd.txt").symlink_to(secret)
    (papers / "inside.txt").symlink_to(papers / "seed.txt")  # a link inside the tree is read
    out = tmp_path / "out"
    r = cli("extract", str(papers), "--out", str(out), "--quiet")
    assert r.returncode == 0, r.stderr
    res = rheumex.read_results(out)
    row = res.manifest.set_index("source").loc[str(papers / "passwd.txt")]
    assert row.status == "skipped" and "outside" in row.error and "not followed" in row.error
    assert not res.documents.text.str.contains("password").any()
    assert str(papers / "inside.txt") in set(res.documents.source)


# -- 11. format in the resume key and doc_id; identical contents stay apart ---------------------------
def test_same_bytes_as_txt_and_html_are_two_documents(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    page = f"<p>{SENTENCE}</p>\n<p>Treated with diltiazem.</p>\n"  # no <html>: the extension decides the format
    (d / "a.txt").write_text(page, encoding="utf-8")
    (d / "a.html").write_text(page, encoding="utf-8")
    out = tmp_path / "out"
    assert cli("extract", str(d), "--out", str(out), "--quiet").returncode == 0
    docs = rheumex.read_results(out).documents.set_index("source")
    assert docs.loc[str(d / "a.txt"), "format"] == "text" and docs.loc[str(d / "a.html"), "format"] == "html"
    assert "<p>" in docs.loc[str(d / "a.txt"), "text"] and "<p>" not in docs.loc[str(d / "a.html"), "text"]
    assert docs.loc[str(d / "a.txt"), "doc_id"] != docs.loc[str(d / "a.html"), "doc_id"]
    assert content_key(Item(str(d / "a.txt"), d / "a.txt"))[0] != content_key(Item(str(d / "a.html"), d / "a.html"))[0]
    # and a rerun (resume) keeps them apart
    assert cli("extract", str(d), "--out", str(out), "--quiet").returncode == 0
    again = rheumex.read_results(out).documents.set_index("source")
    assert "<p>" in again.loc[str(d / "a.txt"), "text"] and "<p>" not in again.loc[str(d / "a.html"), "text"]


def test_identical_inputs_get_distinct_ids_and_both_review_pages(tmp_path, data_dir):
    d = tmp_path / "in"
    (d / "x").mkdir(parents=True)
    (d / "y").mkdir()
    shutil.copy(data_dir / "seed.txt", d / "x" / "seed.txt")
    shutil.copy(data_dir / "seed.txt", d / "y" / "seed.txt")
    out = tmp_path / "out"
    assert cli("extract", str(d), "--out", str(out), "--quiet").returncode == 0
    res = rheumex.read_results(out)
    assert res.documents.doc_id.is_unique and len(res.documents) == 2
    assert res.mentions.mention_id.is_unique
    a, b = res.documents.doc_id
    assert b == f"{a}-2"
    assert (res.mentions.doc_id == a).sum() == (res.mentions.doc_id == b).sum() > 0
    evidence = [m for ev in res.cases[res.cases.doc_id == b].evidence for m in ev]  # a list column
    assert evidence and all(m.startswith(b + "-") for m in evidence)
    assert cli("review", str(out)).returncode == 0
    pages = list((out / "review").glob("doc-*.html"))
    assert len(pages) == 2


def test_expand_inputs_has_no_silent_drops(tmp_path, papers):
    """Python API view of the same rules (process() uses them too)."""
    (papers / "sub").mkdir()
    (papers / "sub" / "deck.pptx").write_bytes(b"x")
    items = expand_inputs([papers])
    by = {i.source: i for i in items}
    assert by[str(papers / "sub" / "deck.pptx")].skipped
    assert [i.source for i in items] == sorted(i.source for i in items)
