"""JATS, GROBID TEI and CERMINE versions of one article; unsafe XML refused."""
import difflib

import pytest

from rheumex.extract import convert
from rheumex.extract.errors import UnsafeXML


def body(doc):
    return " ".join(doc.text[s.start:s.end] for s in doc.sections if s.kind == "body")


def norm(t):
    return t.replace("\u2014", "-").replace("\u2013", "-")


@pytest.fixture(scope="module")
def ra(data_dir):
    base = data_dir / "xml" / "ra-manubriosternal-acta-orthop-2010"
    return {k: convert(f"{base}.{k}") for k in ("nxml", "grobid-tei.xml", "cermine-jats.xml")}


def test_three_versions_agree(ra):
    assert ra["nxml"].format == "jats" and ra["grobid-tei.xml"].format == "tei" and ra["cermine-jats.xml"].format == "jats"
    titles = {norm(d.metadata.title) for d in ra.values()}
    assert titles == {"Resection arthroplasty for luxation of the manubrio-sternal joint in rheumatoid arthritis-a case report"}
    assert ra["nxml"].metadata.doi == ra["grobid-tei.xml"].metadata.doi == "10.3109/17453674.2010.480940"
    assert ra["cermine-jats.xml"].metadata.doi is None  # the CERMINE file carries no DOI at all
    ref = body(ra["nxml"])
    for k in ("grobid-tei.xml", "cermine-jats.xml"):
        assert difflib.SequenceMatcher(None, ref, body(ra[k]), autojunk=False).ratio() >= 0.9


def test_jats_structure(data_dir):
    d = convert(data_dir / "xml" / "acg-chronic-pancreatitis-disappearing-calcifications.xml")
    assert d.metadata.title == "Chronic Pancreatitis with Spontaneously Disappearing Calcifications"
    assert d.metadata.doi == "10.14309/crj.2018.94" and d.metadata.year == 2018 and d.metadata.pmcid == "PMC6358577"
    names = [s.name for s in d.sections if s.kind == "body"]
    assert {"Introduction", "Case Report", "Discussion"} <= set(names)
    caps = [s for s in d.sections if s.kind == "caption"]
    assert len(caps) == 5 and d.text[caps[0].start:caps[0].end].startswith("Figure 1\nContrast-enhanced axial computed tomography")
    refs = [s for s in d.sections if s.kind == "references"]
    assert len(refs) == 1 and "Machicado" in d.text[refs[0].start:refs[0].end]
    assert "chronic pancreatitis.1" not in d.text  # citation call-outs are not glued to words


@pytest.mark.parametrize("name", ["xxe.xml", "billion_laughs.xml"])
def test_unsafe_xml_refused(data_dir, name):
    with pytest.raises(UnsafeXML, match="refused unsafe XML"):
        convert(data_dir / "bad" / name)


def test_text_sections_of_the_seed(data_dir):
    d = convert(data_dir / "seed.txt")
    kinds = [s.kind for s in d.sections]
    assert d.metadata.title == "Two Cases of Calcinosis Cutis Combined with Rheumatologic Disease"
    assert kinds.count("caption") == 3 and "references" in kinds and "abstract" in kinds
    ref = next(s for s in d.sections if s.kind == "references")
    assert d.text[ref.start:].startswith("2. Boulman N")


def test_html_main_content_metadata_and_sections(tmp_path):
    page = tmp_path / "case.html"
    page.write_text(
        '<html><head><meta charset="utf-8"><meta name="citation_title" content="Calcinosis in dermatomyositis">'
        '<meta name="citation_doi" content="10.1000/xyz"><meta name="citation_author" content="Kim A">'
        "<script>alert('x')</script></head><body><nav class='menu'>Home | Journals</nav>"
        "<div class='cookie-banner'>We use cookies</div><article><h1>Calcinosis in dermatomyositis</h1>"
        "<h2>Case report</h2><p>A 40-year-old woman had calcinosis of both elbows.</p>"
        "<figure><figcaption>Fig. 1. Radiograph of the elbows.</figcaption></figure>"
        "<h2>References</h2><ol><li>Smith A. Warfarin. 2004.</li></ol></article><footer>Contact us</footer></body></html>",
        encoding="utf-8")
    d = convert(page)
    assert d.format == "html" and d.metadata.doi == "10.1000/xyz" and d.metadata.authors == ["Kim A"]
    for junk in ("Home", "cookies", "Contact", "alert"):
        assert junk not in d.text
    kinds = {s.kind: d.text[s.start:s.end] for s in d.sections}
    assert kinds["caption"] == "Fig. 1. Radiograph of the elbows." and "Warfarin" in kinds["references"]


def test_binary_junk_named_html_is_a_clear_error(tmp_path):
    from rheumex.extract.errors import ConversionError

    junk = tmp_path / "junk.html"
    junk.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(ConversionError, match="not an HTML document"):
        convert(junk)


_BOXED_JATS = b"""<?xml version="1.0"?>
<article xmlns:xlink="http://www.w3.org/1999/xlink"><front><article-meta><title-group>
<article-title>Calcinosis cutis in dermatomyositis</article-title></title-group></article-meta></front>
<body><sec><title>Discussion</title>
<p>Calcinosis cutis is the deposition of insoluble calcium salts in the skin.</p>
<boxed-text id="box1"><label>Box 1</label><caption><title>Key points</title></caption>
<p>Dystrophic calcinosis occurs in damaged tissue with normal serum calcium.</p>
<list><list-item><p>Diltiazem has been tried.</p></list-item></list>
<fig id="f1"><label>Figure 1</label><caption><p>Nodules on the elbow.</p></caption></fig>
</boxed-text>
<p>Our patient was treated with sodium thiosulfate.</p>
<boxed-text><graphic xlink:href="graphical-abstract.jpg"/></boxed-text>
</sec></body></article>"""


def test_jats_boxed_text_is_a_box_section():
    d = convert(_BOXED_JATS, "jats")
    secs = [(s.name, s.kind, d.section_text(s)) for s in d.sections]
    box = [s for s in secs if s[1] == "box"]
    assert box[0][0] == "Box 1: Key points"
    assert "Dystrophic calcinosis occurs" in box[0][2] and "Diltiazem has been tried" in box[0][2]
    assert ("Figure 1", "caption") in [(n, k) for n, k, _ in secs]  # a figure in the box keeps its own section
    assert any(k == "body" and "sodium thiosulfate" in t for _, k, t in secs)
    assert len(box) == 1 or all(b[0] == "Box 1: Key points" for b in box)  # the graphic-only box gives no section
