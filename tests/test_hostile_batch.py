"""Issue 18 acceptance: one batch of >= 60 hostile inputs next to good ones.

Every input gets exactly one manifest row with a reason, no process grows past 1.5 GB
under ``ulimit -v 6 GiB``, and the good files' tables are identical to a run of the good
files alone. Everything hostile is built here at test time (small files; the bombs are a
few KB that would inflate to GBs), plus the fixtures in ``tests/data/bad``.
"""
from __future__ import annotations

import os
import random
import resource
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pandas as pd
import pytest

DATA = Path(__file__).parent / "data"
EXAMPLE = Path(__file__).parents[1] / "src" / "rheumex" / "example"


def _pdf_with_stream(payload: bytes, filters: bytes) -> bytes:
    """A one-page PDF whose content stream is ``payload`` under ``filters``."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            b"<< /Length %d /Filter %s >>\nstream\n" % (len(payload), filters) + payload + b"\nendstream"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def _bomb(mb: int) -> bytes:
    z = zlib.compressobj(9)
    chunk = b"\0" * (1 << 20)
    once = b"".join(z.compress(chunk) for _ in range(mb)) + z.flush()
    return _pdf_with_stream(zlib.compress(once, 9), b"[/FlateDecode /FlateDecode]")


def _build(root: Path) -> tuple[list[Path], list[Path]]:
    """Create the batch under ``root/in``; returns (hostile entries, good files)."""
    src = root / "in"
    src.mkdir()
    hostile: list[Path] = []
    rng = random.Random(18)
    for f in sorted((DATA / "bad").iterdir()):
        if f.name not in ("README.md", "make_bad_pdfs.py"):
            hostile.append(Path(shutil.copy(f, src / f"bad-{f.name}")))
    for i, mb in enumerate((300, 600, 1000, 2000, 4000)):
        p = src / f"bomb-{i}.pdf"
        p.write_bytes(_bomb(mb))
        hostile.append(p)
    for i, depth in enumerate((250, 1000, 10_000, 100_000, 1_000_000)):
        p = src / f"deep-{i}.nxml"
        p.write_bytes(b"<article><body>" + b"<sec>" * depth + b"x" + b"</sec>" * depth + b"</body></article>")
        hostile.append(p)
    for i, ch in enumerate("([{-=*"):
        p = src / f"punct-{i}.txt"
        p.write_text("Calcinosis of the elbow. " + ch * 20_000 + " Systemic sclerosis.\n", encoding="utf-8")
        hostile.append(p)
    for i in range(20):
        ext = (".pdf", ".html", ".xml", ".nxml")[i % 4]
        p = src / f"junk-{i}{ext}"
        p.write_bytes(bytes(rng.randrange(256) for _ in range(rng.randrange(0, 4000))))
        hostile.append(p)
    for i, ext in enumerate((".docx", ".rtf", ".png", ".zip", ".exe", ".odt")):
        p = src / f"other-{i}{ext}"
        p.write_bytes(b"PK\x03\x04 not a paper")
        hostile.append(p)
    for i in range(3):
        p = src / f"truncated-{i}.pdf"
        p.write_bytes(_pdf_with_stream(zlib.compress(b"BT /F1 12 Tf (Hello) Tj ET"), b"/FlateDecode")[: 80 + 40 * i])
        hostile.append(p)
    for i in range(3):
        p = src / f"nul-{i}.html"
        p.write_bytes(b"<html><body>" + b"\0" * 5000 * (i + 1) + b"</body></html>")
        hostile.append(p)
    for i, target in enumerate(("/etc/hostname", "/etc/passwd")):
        p = src / f"link-out-{i}.txt"
        os.symlink(target, p)
        hostile.append(p)
    fifo = src / "pipe.txt"
    os.mkfifo(fifo)
    hostile.append(fifo)
    for i in range(2):
        (src / f"empty-dir-{i}").mkdir()
    good: list[Path] = []
    seed = (EXAMPLE / "seed.txt").read_text(encoding="utf-8")
    for i in range(4):
        p = src / f"good-{i}.txt"
        p.write_text(seed + f"\nCopy {i}.\n", encoding="utf-8")
        good.append(p)
    for name in ("seed.html", "seed.pdf"):
        good.append(Path(shutil.copy(EXAMPLE / name, src / f"good-{name}")))
    return hostile, good


def _extract(inputs: list[Path], out: Path) -> tuple[int, int]:
    """Run ``rheumex extract`` under ``ulimit -v 6 GiB``; (exit code, peak RSS in MB of any process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    cmd = " ".join(["ulimit -v 6291456;", "exec", sys.executable, "-m", "rheumex.cli", "extract", "--no-resume",
                    "--timeout", "120", "--out", str(out)] + [str(p) for p in inputs])
    r = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, timeout=900)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return r.returncode, max(peak, before) // 1024


def _tables(out: Path, good_names: set[str]) -> dict[str, pd.DataFrame]:
    from rheumex.api import read_results

    res = read_results(out)
    docs = res.documents[[Path(s).name in good_names for s in res.documents["source"]]]
    ids = set(docs["doc_id"])
    men = res.mentions[res.mentions["doc_id"].isin(ids)]
    docs = docs.assign(source=[Path(s).name for s in docs["source"]]).sort_values("source").reset_index(drop=True)
    keep = [c for c in men.columns if c not in ("seconds",)]
    men = men[keep].sort_values(["doc_id", "start", "end", "label"]).reset_index(drop=True)
    return {"documents": docs, "mentions": men}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")
def test_hostile_batch_one_row_each_bounded_memory_good_tables_unchanged(tmp_path):
    hostile, good = _build(tmp_path)
    assert len(hostile) >= 60
    rc, peak_mb = _extract([tmp_path / "in"], tmp_path / "out")
    assert rc == 1, "some inputs failed, so the exit code must be 1"
    assert peak_mb < 1536, f"a process reached {peak_mb} MB"

    man = pd.read_parquet(tmp_path / "out" / "manifest.parquet")
    names = [Path(s).name for s in man["source"]]
    for p in hostile + good:
        assert names.count(p.name) == 1, f"{p.name}: {names.count(p.name)} manifest rows"
    by_name = dict(zip(names, zip(man["status"], man["error"].fillna(""))))
    for p in good:
        assert by_name[p.name][0] == "ok", (p.name, by_name[p.name])
    for p in hostile:
        status, error = by_name[p.name]
        if status != "ok":
            assert error.strip(), f"{p.name}: {status} without a reason"
    assert by_name["bomb-4.pdf"][0] == "error" and "zip bomb" in by_name["bomb-4.pdf"][1]
    assert "nested deeper" in by_name["deep-4.nxml"][1]
    assert by_name["other-0.docx"][0] == "skipped"
    assert by_name["link-out-1.txt"][0] != "ok"

    rc_good, _ = _extract(good, tmp_path / "out-good")
    assert rc_good == 0
    names_good = {p.name for p in good}
    a, b = _tables(tmp_path / "out", names_good), _tables(tmp_path / "out-good", names_good)
    pd.testing.assert_frame_equal(a["mentions"], b["mentions"])
    cols = [c for c in a["documents"].columns if c not in ("status",)]
    pd.testing.assert_frame_equal(a["documents"][cols], b["documents"][cols])
