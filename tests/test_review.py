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
    assert "&lt;b&gt;bold&lt;/b&gt;" in page and ("&amp; &quot;quotes&quot;" in page or "&amp; &#34;quotes&#34;" in page)
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


def _csp(page: str) -> dict[str, str]:
    content = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page).group(1)
    return {d.split()[0]: d.split(None, 1)[1] if " " in d.strip() else "" for d in (x.strip() for x in content.split(";")) if d}


def _event_handlers(page: str) -> list[str]:
    from html.parser import HTMLParser

    found: list[str] = []

    class P(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.extend(f"{tag} {k}" for k, _ in attrs if k.startswith("on"))

    P().feed(page)
    return found


def test_csp_allows_only_our_script_by_hash(pages):
    import base64
    import hashlib

    for name, text in pages[0].items():
        csp = _csp(text)
        assert "unsafe-inline" not in csp["script-src"] and "unsafe-eval" not in csp["script-src"], name
        assert csp["default-src"] == "'none'"
        (script,) = re.findall(r"<script>(.*?)</script>", text, flags=re.S)
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
        assert csp["script-src"] == f"'sha256-{digest}'", name
        assert not _event_handlers(text), name  # no inline event handlers (the CSP would block them)


def test_index_has_label_filter_and_mention_search(pages):
    index = pages[0]["index.html"]
    assert '<select id="label-filter">' in index and '<option value="TREATMENT">TREATMENT</option>' in index
    assert '<input id="search" type="search"' in index
    rows = re.findall(r'<tr data-labels="([^"]*)" data-search="([^"]*)"', index)
    assert len(rows) == 3  # seed, the injection paper, the corrupt PDF
    evil = next(r for r in rows if "diltiazem" in r[1])
    assert "TREATMENT" in evil[0].split() and "dermatomyositis" in evil[1].split("\n")
    seed = next(r for r in rows if "calcinosis cutis" in r[1])
    assert "TREATMENT" not in seed[0].split() and "CALCINOSIS_SITE" in seed[0].split()
    assert "&lt;script&gt;" not in evil[1] and "<script>" not in evil[1]


def _dump_dom(binary: str, url: str, tmp_path: Path) -> str:
    profile = tmp_path / f"profile{len(list(tmp_path.iterdir()))}"
    r = subprocess.run([binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                        "--dump-dom", url], capture_output=True, text=True, timeout=180, check=False)
    assert r.returncode == 0, r.stderr[-1500:]
    return r.stdout


@pytest.mark.skipif(_chromium() is None, reason="no Chromium binary (apt-get install -y chromium)")
def test_chromium_runs_our_script_under_the_csp_and_blocks_injected_ones(pages, run_dir, tmp_path):
    index = run_dir / "review" / "index.html"
    # sort by the mentions column (5th) ascending, keep TREATMENT documents mentioning diltiazem
    dom = _dump_dom(_chromium(), index.as_uri() + "#sort=4:asc&label=TREATMENT&q=diltiazem", tmp_path)
    assert 'data-rheumex-script="ready"' in dom  # the hashed script ran
    rows = re.findall(r'<tr data-labels="[^"]*" data-search="[^"]*"( hidden="")?>\s*<td class="num">\d+</td>\s*'
                      r'<td>.*?</td>\s*<td class="title">.*?</td>\s*<td class="status-\w+">\w+</td>\s*<td class="num">(\d*)</td>',
                      dom, flags=re.S)
    assert len(rows) == 3
    assert [bool(h) for h, _ in rows].count(False) == 1 and 'id="shown">1<' in dom
    counts = [int(n) if n else -1 for _, n in rows]
    assert counts == sorted(counts)  # rows really were re-ordered by the mentions column
    assert '<th class="num sortable asc">mentions</th>' in dom
    # an inline script that is not ours (as if a page had been tampered with) is refused
    evil = run_dir / "review" / "tampered.html"
    evil.write_text(index.read_text(encoding="utf-8").replace("</body>", '<script>document.title="pwned"</script></body>'),
                    encoding="utf-8")
    dom = _dump_dom(_chromium(), evil.as_uri(), tmp_path)
    assert "<title>rheumex review</title>" in dom and "pwned</title>" not in dom
    assert 'data-rheumex-script="ready"' in dom
    evil.unlink()


def test_extract_summary_line_ends_with_the_review_command(data_dir, tmp_path, capsys):
    out = tmp_path / "my run"
    assert main(["extract", str(data_dir / "seed.txt"), "--out", str(out), "--quiet"]) == 0
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last.startswith("rheumex: 1 inputs: 1 ok") and last.endswith(f"next: rheumex review '{out}'")
