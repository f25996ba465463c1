"""`rheumex extract` end to end on the seed and on bad inputs (subprocess, like a user)."""
import shutil
import subprocess
import sys

import pandas as pd
import pytest

import rheumex

REQUIRED = {
    ("DISEASE", "systemic lupus erythematosus"), ("DISEASE", "scleroderma"), ("DISEASE", "dermatomyositis"),
    ("DISEASE", "calcinosis cutis"), ("CALCINOSIS_SITE", "left side abdominal wall"),
    ("CALCINOSIS_SITE", "subcutaneous layer"), ("CALCINOSIS_SITE", "gluteal area"), ("IMAGING", "Abdomen-pelvis CT"),
}


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "rheumex.cli", *args], capture_output=True, text=True, cwd=cwd)


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory, data_dir):
    out = tmp_path_factory.mktemp("seed")
    r = run_cli("extract", str(data_dir / "seed.txt"), "--out", str(out))
    assert r.returncode == 0, r.stderr
    return out, r


def test_seed_mentions_with_exact_offsets(seed_run, data_dir):
    out, _ = seed_run
    res = rheumex.read_results(out)
    text = (data_dir / "seed.txt").read_text(encoding="utf-8")
    assert res.documents.text.iloc[0] == text  # .txt input: exact content
    found = {(m.label, m.text) for m in res.mentions.itertuples()}
    assert REQUIRED <= found
    for m in res.mentions.itertuples():
        assert text[m.start:m.end] == m.text
    lowered = {t.lower() for t in res.mentions.text}
    assert not lowered & {"warfarin", "diltiazem", "alendronate"}  # only in the references


def test_tables_written_with_contract(seed_run):
    out, r = seed_run
    for name in ("documents", "mentions", "cases", "manifest"):
        assert (out / f"{name}.parquet").exists() and (out / f"{name}.csv").exists()
    info = (out / "run.json").read_text()
    assert "config_hash" in info and "rheumex_version" in info
    df = pd.read_parquet(out / "mentions.parquet")
    assert str(df["start"].dtype) == "Int64" and str(df["negated"].dtype) == "boolean"
    assert "1 ok" in r.stderr


def test_seed_cases(seed_run):
    res = rheumex.read_results(seed_run[0])
    cases = res.cases.set_index("case_id")
    assert set(cases.index) == {"1", "2"}
    assert "left side abdominal wall" in cases.loc["1", "calcinosis_sites"]
    assert "gluteal area" in cases.loc["2", "calcinosis_sites"]
    assert cases.loc["1", "imaging"] == ["Abdomen-pelvis CT"]  # a list column; the concept is one join away
    ms = res.mentions.set_index("mention_id").loc[cases.loc["1", "evidence"]]
    assert any("Tomography" in str(c) for c in ms[ms["label"] == "IMAGING"]["concept_name"])


def test_include_references_marks_them(tmp_path, data_dir):
    r = run_cli("extract", str(data_dir / "seed.txt"), "--out", str(tmp_path), "--include-references")
    assert r.returncode == 0, r.stderr
    m = rheumex.read_results(tmp_path).mentions
    refs = m[m.section_kind == "references"]
    assert "warfarin" in set(refs.text.str.lower())


def test_bad_inputs_each_get_an_error_row(tmp_path, data_dir):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(data_dir / "seed.txt", folder / "seed.txt")
    for name in ("corrupt.pdf", "empty.txt", "notes.docx"):
        shutil.copy(data_dir / "bad" / name, folder / name)
    (folder / "dangling.txt").symlink_to(tmp_path / "does-not-exist.txt")
    out = tmp_path / "out"
    r = run_cli("extract", str(folder), str(folder / "notes.docx"), str(tmp_path / "missing.pdf"), "--out", str(out))
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    man = rheumex.read_results(out).manifest.set_index("source")
    assert man.loc[str(folder / "seed.txt"), "status"] == "ok"
    expect = {"corrupt.pdf": "corrupt or truncated PDF", "empty.txt": "empty file", "notes.docx": "unsupported file type",
              "missing.pdf": "file not found", "dangling.txt": "file not found"}
    for src, row in man.iterrows():
        if src.endswith("seed.txt"):
            continue
        assert row.status == "error"
        assert src in row.error  # names the file
        assert any(src.endswith(k) and v in row.error for k, v in expect.items()), row.error


def test_usage_error_exit_2(tmp_path):
    assert run_cli("extract", "--out", str(tmp_path)).returncode == 2
    assert run_cli("frobnicate").returncode == 2


def test_example_runs_from_another_directory(tmp_path):
    r = run_cli("extract", "--example", "--out", str(tmp_path / "ex"), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    res = rheumex.read_results(tmp_path / "ex")
    assert (res.manifest.status == "ok").all() and len(res.manifest) >= 1


def test_resume_skips_done_documents(tmp_path, data_dir):
    out = tmp_path / "o"
    assert run_cli("extract", str(data_dir / "seed.txt"), "--out", str(out)).returncode == 0
    first = rheumex.read_results(out).mentions
    run_info = run_cli("extract", str(data_dir / "seed.txt"), "--out", str(out))
    assert '"resumed": 1' in (out / "run.json").read_text()
    pd.testing.assert_frame_equal(first, rheumex.read_results(out).mentions)


def test_info_and_version():
    r = run_cli("info")
    assert r.returncode == 0 and "scispaCy model: none" in r.stdout and "rheumex_entity_resolver" in r.stdout
    assert run_cli("--version").stdout.startswith("rheumex ")


def test_bundled_example_formats_give_the_same_mentions():
    """Issue 3, item 7: the seed as .txt, .html and .pdf gives one (label, text) set."""
    from importlib import resources

    import rheumex

    ex = resources.files("rheumex").joinpath("example")
    paths = [str(ex.joinpath(f"seed.{ext}")) for ext in ("txt", "html", "pdf")]
    res = rheumex.process(paths)
    assert list(res.manifest["status"]) == ["ok", "ok", "ok"], res.manifest["error"].tolist()
    by_format = {}
    for doc_id, fmt in zip(res.documents["doc_id"], res.documents["format"]):
        sel = res.mentions[res.mentions["doc_id"] == doc_id]
        by_format[fmt] = set(zip(sel["label"], sel["text"]))
    assert set(by_format) == {"text", "html", "pdf"}
    assert by_format["text"] and by_format["html"] == by_format["text"] and by_format["pdf"] == by_format["text"]
    assert ("IMAGING", "Abdomen-pelvis CT") in by_format["pdf"]


def test_process_accepts_long_text_and_questions(data_dir):
    """A document's text (long, with '?' or line breaks) is never taken for a path or a glob."""
    text = (data_dir / "seed.txt").read_text(encoding="utf-8")
    long_one_line = " ".join(text.split())  # > 255 characters, no line break
    res = rheumex.process([long_one_line, "Calcinosis cutis in dermatomyositis?"])
    sources = res.manifest["source"].tolist()
    assert sources == ["<text 0>", "<text 1>"]
    assert (res.manifest["status"] == "ok").all()
    doc_1 = res.manifest.loc[res.manifest["source"] == "<text 1>", "doc_id"].iloc[0]
    m = res.mentions
    assert ((m["doc_id"] == doc_1) & (m["text"] == "dermatomyositis")).any()


def test_config_hash_covers_case_rules(monkeypatch, tmp_path):
    """Editing the case rules changes the pipeline version, so a resumed run redoes documents."""
    from pathlib import Path

    from rheumex import pipelines

    before = pipelines.config_hash()
    copy = tmp_path / "data"
    shutil.copytree(Path(str(pipelines.data_dir())), copy)
    monkeypatch.setattr(pipelines, "data_dir", lambda: copy)
    assert pipelines.config_hash() == before  # same files, same hash
    rules = copy / "case_rules.json"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert pipelines.config_hash() != before
