"""HTML article pages: main content, metadata, sections, captions, references, charsets, junk.

Fixtures (tests/data/html, see ATTRIBUTION.md there) reproduce the structure of real
publisher pages: a KoreaMed Synapse page of the seed paper (also the bundled example
src/rheumex/example/seed.html), a PMC classic article page of the RA manubrio-sternal case
report and a Wiley Online Library-style page of the vet case report (held out while the
extractor was written). Small synthetic pages built in the tests cover the remaining markup.
"""
from __future__ import annotations

import difflib
import re
import socket
import time
from pathlib import Path

import pytest

from rheumex.extract import ConversionError, convert
from rheumex.extract.errors import EmptyInput
from rheumex.extract.html import convert_html

DATA = Path(__file__).parent / "data"
HTML = DATA / "html"
EXAMPLE = Path(__file__).parents[1] / "src" / "rheumex" / "example" / "seed.html"
SEED = HTML / "jkra-2007-calcinosis-cutis.synapse.html"
PMC = HTML / "ra-manubriosternal-acta-orthop-2010.pmc.html"
WILEY = HTML / "vet-hypertrophic-osteopathy-dog-2026.wiley.html"
WRONG = DATA / "bad" / "wrong_charset.html"
JUNK = DATA / "bad" / "junk.html"

RA_TITLE = "Resection arthroplasty for luxation of the manubrio-sternal joint in rheumatoid arthritis\u2014a case report"
SEED_TITLE = "Two Cases of Calcinosis Cutis Combined with Rheumatologic Disease"

BOILERPLATE = {
    SEED: ["Journal List", "Skip to main content", "cookies", "Got it!", "About Synapse", "Search Synapse", "Archives",
           "Instructions for Authors", "Article Tools", "PDF Links", "E-mail this article", "Facebook", "Twitter",
           "Related articles", "Click for larger image", "Terms of Use", "Privacy Policy", "All rights reserved",
           "SCRIPT TEXT", "enable JavaScript", "v.14(4)", "1003591", "openLarge", "_gaq"],
    PMC: ["official website", "cookies", "Skip to main content", "Sign in to NCBI", "Search term", "Advanced", "Journal List",
          "Go to:", "Open in a separate window", "Author information", "Article notes", "PMC Disclaimer", "PubReader", "ePub",
          "Similar articles", "Recent Activity", "Follow NCBI", "Rockville Pike", "Policies and Guidelines",
          "provided here courtesy of", "PubMed]", "Google Scholar", "SCRIPT TEXT", "Click on image to zoom", "See reviews"],
    WILEY: ["cookies", "Accept All", "Login / Register", "Current Issue", "All Issues", "Free Access", "Open in figure viewer",
            "PowerPoint", "Google Scholar", "Citing Literature", "Metrics", "Downloads", "Paraneoplastic syndromes in dogs",
            "Give access", "Privacy Policy", "Terms of Use", "All rights reserved", "SCRIPT TEXT", "References Related Information"],
    WRONG: ["Home | Journals", "Example Publisher mirror", "Terms", "Privacy"],
}


def sec_text(doc, s) -> str:
    return doc.text[s.start:s.end]


def of_kind(doc, kind):
    return [s for s in doc.sections if s.kind == kind]


@pytest.fixture(scope="module")
def docs():
    return {p: convert(p) for p in (SEED, PMC, WILEY, WRONG, EXAMPLE)}


@pytest.fixture(scope="module")
def seed_txt() -> list[str]:
    return [l.strip() for l in (DATA / "seed.txt").read_text(encoding="utf-8").splitlines() if l.strip()]


# ---------------------------------------------------------------- fixtures are what they say


def test_fixtures_declare_reconstruction_and_licence():
    for p in (SEED, PMC, WILEY, WRONG):
        head = p.read_bytes()[:1500].decode("latin-1")
        assert head.startswith("<!-- Reconstruction for rheumex tests"), p
        assert "Licence:" in head and "CC" in head, p
    assert EXAMPLE.read_bytes() == SEED.read_bytes()  # the bundled example is fixture (a)


# ---------------------------------------------------------------- metadata


def test_metadata_from_highwire_tags(docs):
    m = docs[SEED].metadata
    assert m.title == SEED_TITLE
    assert m.authors[0] == "Seung Woo Yi" and m.authors[-1] == "Soo Kon Lee" and len(m.authors) == 10
    assert m.journal == "The Journal of the Korean Rheumatism Association" and m.year == 2007 and m.doi is None
    m = docs[PMC].metadata
    assert m.title == RA_TITLE
    assert m.authors == ["Marloes W J L Schmitz", "Maarten C de Waal Malefijt", "Hedwig A E M van Heereveld"]
    assert (m.journal, m.year, m.doi, m.pmid, m.pmcid) == ("Acta Orthopaedica", 2010, "10.3109/17453674.2010.480940", "20367413", "PMC2876849")
    assert m.licence == "http://creativecommons.org/licenses/by/2.5/"
    assert docs[PMC].format == "html" and docs[PMC].warnings == []


def test_metadata_from_dublin_core_and_og_only():
    page = b"""<html><head><meta name="DC.Title" content="Gout of the knee"><meta name="DC.Creator" content="Doe, Jane">
    <meta name="DC.Creator" content="Roe, Rick"><meta name="DC.Date" content="2019-03-02"><meta name="DC.Source" content="Case Rep Rheumatol">
    <meta name="DC.Identifier" content="doi:10.1155/2019/123456"><meta name="DC.Rights" content="CC BY 4.0">
    <meta property="og:title" content="ignored when DC.title exists"></head><body><p>A man had gout.</p></body></html>"""
    m = convert_html(page, "dc.html").metadata
    assert (m.title, m.authors, m.year, m.journal, m.doi, m.licence) == (
        "Gout of the knee", ["Jane Doe", "Rick Roe"], 2019, "Case Rep Rheumatol", "10.1155/2019/123456", "CC BY 4.0")
    og = convert_html(b'<html><head><meta property="og:title" content="Only OG"><meta property="article:published_time" '
                      b'content="2021-05-01T10:00:00Z"></head><body><p>Text.</p></body></html>', "og.html")
    assert og.metadata.title == "Only OG" and og.metadata.year == 2021 and og.text.startswith("Only OG\n\nText.")


# ---------------------------------------------------------------- boilerplate and scripts


@pytest.mark.parametrize("page", [SEED, PMC, WILEY, WRONG], ids=lambda p: p.name)
def test_no_boilerplate(docs, page):
    text = docs[page].text
    leaked = [b for b in BOILERPLATE[page] if b.lower() in text.lower()]
    assert leaked == []
    assert "{" not in text and "function(" not in text  # no script or style text


def test_script_content_never_appears():
    page = b"""<!DOCTYPE html><html><head><title>T</title><script>var a = "HEADSCRIPT";</script>
    <style>p { color: red } /* STYLETEXT */</style></head><body onload="ONLOADTEXT()">
    <article><h1>Title here</h1><p>Before <script>document.write("INLINESCRIPT")</script>after.</p>
    <script type="application/ld+json">{"name": "JSONLD"}</script><noscript>NOSCRIPTTEXT</noscript>
    <template><p>TEMPLATETEXT</p></template><p onclick="CLICKTEXT()">Clean <SCRIPT>IFRAMESCRIPT</SCRIPT>paragraph.</p>
    <svg><text>SVGTEXT</text></svg></article><script src="x.js">SRCSCRIPT</script></body></html>"""
    d = convert_html(page, "s.html")
    for bad in ("HEADSCRIPT", "STYLETEXT", "ONLOADTEXT", "INLINESCRIPT", "JSONLD", "NOSCRIPTTEXT", "TEMPLATETEXT",
                "CLICKTEXT", "IFRAMESCRIPT", "SVGTEXT", "SRCSCRIPT"):
        assert bad not in d.text
    assert "Before after." in d.text and "Clean paragraph." in d.text


# ---------------------------------------------------------------- the seed example


@pytest.mark.parametrize("page", [EXAMPLE, SEED], ids=["example", "fixture"])
def test_seed_page_structure(docs, seed_txt, page):
    d = docs[page]
    assert d.sections[0].kind == "title" and d.sections[0].start == 0 and sec_text(d, d.sections[0]) == SEED_TITLE
    (ab,) = of_kind(d, "abstract")
    assert sec_text(d, ab) == next(l for l in seed_txt if l.startswith("The calcinosis"))
    (kw,) = of_kind(d, "keywords")
    assert sec_text(d, kw) == "Keywords: Calcinosis cutis; Dystrophic calcification; Rheumatic disease"
    caps = of_kind(d, "caption")
    want = [seed_txt[i + 1] for i, l in enumerate(seed_txt) if re.fullmatch(r"Fig\. \d", l)]
    assert [sec_text(d, c) for c in caps] == want and len(want) == 3
    assert want[0].startswith("Abdomen-pelvis CT at diagnosis, Case 1. There are extensive")
    assert [c.name for c in caps] == ["Fig. 1", "Fig. 2", "Fig. 3"]
    (refs,) = of_kind(d, "references")
    assert sec_text(d, refs).splitlines() == [l for l in seed_txt if re.match(r"^\d+\. [A-Z]", l)]
    assert sec_text(d, refs).startswith("2. Boulman N") and d.text.endswith("Br J Dermatol 1996;135:302\u2013304.")
    # front matter is marked "other", not body; nothing of the page reaches a body section
    assert [s.kind for s in d.sections] == ["title", "other", "abstract", "keywords", "caption", "caption", "caption", "references"]


# ---------------------------------------------------------------- the PMC page


def test_pmc_sections_captions_references(docs):
    d = docs[PMC]
    assert sec_text(d, d.sections[0]) == RA_TITLE
    body_names = [s.name for s in of_kind(d, "body")]
    assert body_names == ["Introduction", "Introduction", "Discussion"]  # the figure splits the Introduction
    (cap,) = of_kind(d, "caption")
    assert sec_text(d, cap) == "CT scan showing the MSJ luxation (April 2001)." and cap.name == "Figure"
    (refs,) = of_kind(d, "references")
    lines = sec_text(d, refs).splitlines()
    assert lines[0] == "References" and len(lines) == 9
    assert lines[1] == "Bogdan A, Clark J. Manubrio-sternal joint in rheumatoid arthritis. Br Med J. 1950;16:1361\u20132."
    assert "Rapoport RJ" not in "".join(sec_text(d, s) for s in of_kind(d, "body"))  # references are not body
    front = of_kind(d, "other")
    assert front and front[0].name == "Front matter" and "Department of Rheumatology" in sec_text(d, front[0])


def test_pmc_body_matches_the_jats_version(docs):
    jats = convert(DATA / "xml" / "ra-manubriosternal-acta-orthop-2010.nxml")
    body = lambda doc: " ".join(sec_text(doc, s) for s in of_kind(doc, "body"))  # noqa: E731
    assert difflib.SequenceMatcher(None, body(jats), body(docs[PMC]), autojunk=False).ratio() >= 0.98


def test_held_out_wiley_page(docs):
    d = docs[WILEY]
    assert d.metadata.doi == "10.1002/vms3.71021" and d.metadata.year == 2026 and len(d.metadata.authors) == 7
    kinds = {s.name: s.kind for s in d.sections}
    assert kinds["ABSTRACT"] == "abstract" and kinds["1 Introduction"] == "body" and kinds["3 Discussion"] == "body"
    assert kinds["Data Availability Statement"] == "back" and kinds["Acknowledgements"] == "back"
    (cap,) = of_kind(d, "caption")
    assert cap.name == "FIGURE 1" and sec_text(d, cap).startswith("FIGURE 1 Computed tomography (CT) findings in a dog")
    (refs,) = of_kind(d, "references")
    assert len(sec_text(d, refs).splitlines()) == 1 + 32


# ---------------------------------------------------------------- text shape


@pytest.mark.parametrize("page", [SEED, PMC, WILEY, WRONG], ids=lambda p: p.name)
def test_sections_and_paragraphs_well_formed(docs, page):
    d = docs[page]
    assert d.sections[0].kind == "title" and d.sections[0].start == 0
    prev = 0
    for s in d.sections:
        assert prev <= s.start < s.end <= len(d.text)
        assert sec_text(d, s) == sec_text(d, s).strip()
        prev = s.end
    assert "  " not in d.text and "\t" not in d.text and "\n\n\n" not in d.text
    assert all(line == line.strip() for line in d.text.split("\n"))
    # a paragraph that is wrapped and indented in the HTML comes out on one line
    if page is SEED:
        assert "devitalized tissues normal calcium/phosphorus metabolism" in d.text


# ---------------------------------------------------------------- other markup


SYNTHETIC = """<!DOCTYPE html><html><head><title>Synthetic | Site</title></head><body>
<header><a href="/">Site</a></header>
<main><article>
<h1>A synthetic case of gout</h1>
<section class="abstract"><h2>Abstract</h2><h3>Background</h3><p>Gout is common.</p><h3>Case</h3><p>A man.</p></section>
<ul class="kwd-group"><li>gout</li><li>tophus</li></ul>
<h2>Case report</h2>
<p>A 60-year-old man had arthritis.<sup><a href="#r1">1</a></sup> Urate was 9 mg/dL.<br><br>Second paragraph after two breaks.</p>
<figure><img src="http://example.invalid/f.png"><figcaption><b>Figure 2.</b> Tophus on the ear.</figcaption></figure>
<table><caption>Table 1. Laboratory values</caption><tr><th>Test</th><th>Value</th></tr><tr><td>Urate</td><td>9 mg/dL</td></tr></table>
<h2>Figure legends</h2><p>Fig. 3. Radiograph of the foot.</p>
<h2>References</h2><ol><li>Doe J. Gout. J Rheum 2001;1:1-2.</li><li>Roe R. Urate. Arthritis 2002;2:3-4.</li></ol>
</article></main><footer>Footer text</footer></body></html>"""


def test_synthetic_structures():
    d = convert_html(SYNTHETIC.encode(), "synthetic.html")
    by = [(s.kind, s.name, sec_text(d, s)) for s in d.sections]
    assert by[0] == ("title", "Title", "A synthetic case of gout")
    assert by[1] == ("abstract", "Abstract", "Abstract\n\nBackground\n\nGout is common.\n\nCase\n\nA man.")
    assert by[2] == ("keywords", "Keywords", "Keywords: gout; tophus")
    # a label in the caption text stays in it and names the section (a label element of its own does not: see the seed)
    assert ("caption", "Figure 2", "Figure 2. Tophus on the ear.") in by
    assert ("table", "Table 1", "Table 1. Laboratory values\nTest | Value\nUrate | 9 mg/dL") in by
    assert ("caption", "Fig. 3", "Fig. 3. Radiograph of the foot.") in by
    assert by[-1] == ("references", "References", "References\n1. Doe J. Gout. J Rheum 2001;1:1-2.\n2. Roe R. Urate. Arthritis 2002;2:3-4.")
    assert "arthritis. Urate" in d.text and "arthritis.1" not in d.text  # glued call-out dropped
    assert "9 mg/dL.\n\nSecond paragraph" in d.text  # <br><br> ends a paragraph
    assert "Footer text" not in d.text and "Site" not in d.text.replace("Synthetic", "")


def test_no_network_access(monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    page = b"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
    <html><head><link rel="stylesheet" href="http://example.invalid/a.css"><base href="http://example.invalid/"></head>
    <body><iframe src="http://example.invalid/x"></iframe><img src="http://example.invalid/i.png"><p>Offline text.</p></body></html>"""
    assert convert_html(page, "net.html").text == "Offline text."
    convert(PMC)


# ---------------------------------------------------------------- charsets


def test_wrong_charset_page_decodes(docs):
    d = docs[WRONG]
    for word in ("Möhle", "Università", "Plouët", "Brandão", "\u201cHypertrophic"):
        assert word in d.text
    assert "\ufffd" not in d.text
    assert any("utf-8" in w and "cp1252" in w for w in d.warnings), d.warnings


@pytest.mark.parametrize("decl", [b"", b'<meta charset="iso-8859-1">', b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'])
def test_windows_1252_with_or_without_declaration(decl):
    page = b"<html><head>" + decl + "</head><body><p>Sjögren’s syndrome and Behçet’s disease: café-au-lait, naïve, 38 °C.</p></body></html>".encode("cp1252")
    d = convert_html(page, "w.html")
    assert d.text == "Sjögren’s syndrome and Behçet’s disease: café-au-lait, naïve, 38 °C."


def test_utf8_bytes_with_a_latin1_declaration_are_read_as_utf8():
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>Möhle and Plouët</p></body></html>'.encode("utf-8")
    d = convert_html(page, "u.html")
    assert d.text == "Möhle and Plouët" and any("UTF-8" in w for w in d.warnings)


@pytest.mark.parametrize("decl", [b'<meta charset="euc-kr">', b""])
def test_euc_kr_page(decl):
    korean = "피부석회증은 결합조직질환 환자에서 관찰되는 이영양성 석회화이다. 두 증례를 보고한다."
    page = b"<html><head>" + decl + b"</head><body><p>" + (korean * 3).encode("euc-kr") + b"</p></body></html>"
    assert korean in convert_html(page, "k.html").text


def test_bom_and_utf16():
    text = "<html><body><p>Möhle</p></body></html>"
    assert convert_html(b"\xef\xbb\xbf" + text.encode("utf-8"), "b.html").text == "Möhle"
    assert convert_html(b"\xff\xfe" + text.encode("utf-16-le"), "b16.html").text == "Möhle"
    assert convert_html(text.encode("utf-16-le"), "nobom.html").text == "Möhle"  # no BOM: zero bytes say UTF-16


# ---------------------------------------------------------------- junk and empty pages


def test_binary_junk_named_html_is_a_clear_error():
    with pytest.raises(ConversionError, match=r"junk\.html: not an HTML document: binary data"):
        convert(JUNK)
    with pytest.raises(ConversionError, match="not an HTML document"):
        convert_html(b"\x00\x01\x02garbage<html>" * 50, "x.html")


def test_page_without_article_text():
    with pytest.raises(EmptyInput):
        convert(b"<html><body><nav><a href='/'>Home</a></nav><footer>Footer</footer></body></html>", source="nav.html")
    d = convert_html(b"just some text, no markup", "plain.html")
    assert d.text == "just some text, no markup" and any("no HTML markup" in w for w in d.warnings)


def test_deep_nesting_is_a_warning_not_a_crash():
    d = convert_html(b"<html><body><p>Top text.</p>" + b"<div>" * 5000 + b"<p>deep</p>" + b"</div>" * 5000 + b"</body></html>", "deep.html")
    assert d.text.startswith("Top text.") and any("nested" in w for w in d.warnings)


def test_fast():
    data = PMC.read_bytes()
    t = time.perf_counter()
    for _ in range(5):
        convert_html(data, "pmc.html")
    assert (time.perf_counter() - t) / 5 < 0.5


_SUBJECTS_PAGE = b"""<html><head><title>T</title></head><body><article>
<h1>Calcinosis cutis in dermatomyositis: a case report</h1>
<dl class="article-info"><dt>Subjects</dt><dd><a href="/topics/rheumatology">Rheumatology</a>,
<a href="/topics/dermatology">Dermatology</a></dd>
<dt>Keywords</dt><dd><span class="kwd">Calcinosis</span>, <span class="kwd">Dermatomyositis</span></dd></dl>
<div class="categories"><a class="category" href="/browse?category=case-reports">Case reports</a></div>
<h2>Introduction</h2><p>Calcinosis cutis is the deposition of insoluble calcium salts in the skin and
subcutaneous tissue, and it is seen in juvenile dermatomyositis more often than in adults.</p>
<div class="kwd-group"><a href="/subjects/calcinosis">Calcinosis</a></div>
</article></body></html>"""


def test_subject_label_lists_dropped_but_keyword_links_kept():
    d = convert_html(_SUBJECTS_PAGE, "subjects.html")
    lines = [ln.strip() for ln in d.text.split("\n")]
    assert "Subjects" not in lines and "Rheumatology, Dermatology" not in lines and "Case reports" not in lines
    assert "Calcinosis, Dermatomyositis" in lines  # the authors' keywords (no links) stay
    assert "Keywords: Calcinosis" in lines  # a keyword group made of subject links is still keywords
    assert any(ln.startswith("Calcinosis cutis is the deposition") for ln in lines)


_BOX_PAGE = b"""<html><head><title>T</title></head><body><article>
<h1>Calcinosis cutis in dermatomyositis: a case report</h1>
<h2>Discussion</h2><p>Calcinosis cutis is the deposition of insoluble calcium salts in the skin and
subcutaneous tissue, and it is seen in juvenile dermatomyositis more often than in adults.</p>
<div class="boxed-text" id="box1"><h3>Box 1. Key points</h3>
<p>Dystrophic calcinosis occurs in damaged tissue with normal serum calcium and phosphate levels.</p>
<ul><li>Diltiazem and bisphosphonates have been tried with mixed results.</li></ul></div>
<p>Our patient was treated with intravenous sodium thiosulfate and the nodules shrank within six months.</p>
<aside class="box"><p>Take-home message: calcinosis in dermatomyositis may respond to intravenous sodium thiosulfate given over several months of treatment.</p></aside>
<aside class="sidebar"><p>Most read articles this month in the journal and other links to follow across the site.</p></aside>
</article></body></html>"""


def test_text_panels_are_box_sections_and_the_interrupted_section_goes_on():
    d = convert_html(_BOX_PAGE, "box.html")
    secs = [(s.name, s.kind, d.section_text(s)) for s in d.sections]
    boxes = [s for s in secs if s[1] == "box"]
    assert boxes[0][0] == "Box 1. Key points" and "Dystrophic calcinosis" in boxes[0][2] and "Diltiazem" in boxes[0][2]
    assert boxes[1][0] == "Box" and boxes[1][2].startswith("Take-home message")
    after = next(s for s in secs if "sodium thiosulfate and the nodules" in s[2])
    assert after[:2] == ("Discussion", "body")
    assert "Most read articles" not in d.text  # an <aside> that is no box is still dropped
