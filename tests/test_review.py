"""`rheumex review`: static offline HTML pages, highlights, escaping, and a real browser."""
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rheumex.api import extract_to_dir
from rheumex.cli import main
from rheumex.review import page_name, write_review
from rheumex.runner import RunOptions

ROOT = Path(__file__).resolve().parents[1]
TOOL = ROOT / "tools" / "screenshot_review.py"
INJECTION = "<script>alert(1)</script>"
EVIL_NAME = "evil<img src=x onerror=alert(2)>.txt"


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory, data_dir):
    inputs = tmp_path_factory.mktemp("inputs")
    shutil.copy(data_dir / "seed.txt", inputs / "seed.txt")
    (inputs / EVIL_NAME).write_text(
        "Case report\n\nA 50-year-old woman with dermatomyositis " + INJECTION +
        " had calcinosis of the elbows on CT. She was treated with diltiazem & \"quotes\" <b>bold</b>.\n", encoding="utf-8")
    shutil.copy(data_dir / "bad" / "corrupt.pdf", inputs / "corrupt.pdf")
    out = tmp_path_factory.mktemp("run")
    extract_to_dir([str(inputs)], out, RunOptions())
    return out


@pytest.fixture(scope="module")
def pages(run_dir):
    written = write_review(run_dir)
    return {p.name: p.read_text(encoding="utf-8") for p in written}, written


def _doc_page(pages_, needle: str) -> str:
    found = [t for n, t in pages_.items() if n.startswith("doc-") and needle in t]
    assert len(found) == 1
    return found[0]


def test_index_and_one_page_per_document(pages, run_dir):
    texts, written = pages
    assert written[0] == run_dir / "review" / "index.html"
    assert len([n for n in texts if n.startswith("doc-")]) == 2  # seed + injection; the corrupt PDF has no page
    index = texts["index.html"]
    assert "corrupt.pdf" in index and "status-error" in index and index.count('class="status-ok"') == 2
    for name in texts:
        if name.startswith("doc-"):
            assert f'href="{name}"' in index
    assert "table.sortable" in index and 'class="sortable"' in index  # the inline sorting script and its tables


def test_pages_are_offline(pages):
    for text in pages[0].values():
        assert "Content-Security-Policy" in text and "default-src 'none'" in text
        assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", text)  # no CDN, no remote resource
        assert "<link" not in text


def test_entities_highlighted_with_legend_and_cases(pages):
    seed = _doc_page(pages[0], "Two Cases of Calcinosis Cutis")
    site = r'<mark id="[0-9a-f]+-\d{4}" class="ent[^"]*" style="background:#7aecec"[^>]*>left side abdominal wall<span class="lbl">'
    assert re.search(site + "CALCINOSIS_SITE", seed)
    assert 'style="background:#aa9cfc"' in seed and ">Abdomen-pelvis CT<" in seed
    assert 'class="legend"' in seed and "DISEASE" in seed
    assert "<h2>Cases (2)</h2>" in seed and "gluteal area" in seed
    # evidence ids link to the highlighted mentions
    for target in re.findall(r'<a href="#([^"]+)">', seed):
        assert f'id="{target}"' in seed


def test_document_text_is_escaped_never_executed(pages):
    texts = pages[0]
    page = _doc_page(texts, "&lt;script&gt;alert(1)")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page and "&amp; &quot;quotes&quot;" in page
    for text in texts.values():
        assert INJECTION not in text and "alert(1)</script>" not in text
        assert "<img" not in text and "<b>bold" not in text
        # the only script is rheumex's own sorting code, and no document text is inside it
        scripts = re.findall(r"<script>(.*?)</script>", text, flags=re.S)
        assert len(scripts) == 1 and "alert" not in scripts[0]
    assert "evil&lt;img src=x onerror=alert(2)&gt;.txt" in texts["index.html"]


def test_cli_review_and_missing_run_dir(run_dir, tmp_path, capsys):
    assert main(["review", str(run_dir), "--out", str(tmp_path / "pages")]) == 0
    assert (tmp_path / "pages" / "index.html").is_file()
    assert "open" in capsys.readouterr().err
    assert main(["review", str(tmp_path / "nothing-here")]) == 2
    assert "run `rheumex extract" in capsys.readouterr().err


def test_page_names_are_safe():
    assert page_name("a49fe389a0728603") == "doc-a49fe389a0728603.html"
    assert page_name("../x<y>") == "doc-.._x_y_.html"


def _chromium():
    sys.path.insert(0, str(TOOL.parent))
    try:
        from screenshot_review import find_chromium
    finally:
        sys.path.pop(0)
    return find_chromium()


@pytest.mark.skipif(_chromium() is None, reason="no Chromium binary (apt-get install -y chromium)")
def test_screenshot_of_a_review_page(pages, run_dir, tmp_path):
    page = next(p for p in pages[1] if p.name.startswith("doc-") and "Two Cases" in p.read_text(encoding="utf-8"))
    png = tmp_path / "doc.png"
    r = subprocess.run([sys.executable, str(TOOL), str(page), str(png), "--window-size", "1024,768"],
                       capture_output=True, text=True, timeout=180, check=False)
    assert r.returncode == 0, r.stderr
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
