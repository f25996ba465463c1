"""HTML pages whose section headings are bold paragraphs, not h2-h6 (session 19).

Pages exported from word processors and some small publishers set "<p><b>Case presentation</b></p>":
without this the whole article was one "Body" section and the reference list was read as body text.
The page below is constructed in that style.
"""
from rheumex.extract import convert

PAGE = """<html><head><title>Calcinosis cutis in dermatomyositis | J Rare Cases</title>
<meta name="citation_title" content="Calcinosis cutis in dermatomyositis: a case report">
<meta name="citation_author" content="Jane Smith"><meta name="citation_doi" content="10.1234/jrc.2021.001">
</head><body><div class="article">
<div class="art-title">Calcinosis cutis in dermatomyositis: a case report</div>
<p><b>Jane Smith</b></p>
<p><b>Abstract</b></p><p>We report a 54-year-old woman with dermatomyositis and calcinosis cutis.</p>
<p><b>Introduction</b></p><p>Calcinosis cutis is the deposition of calcium salts in the skin.</p>
<p><strong>Clinical course</strong></p><p>She was treated with sodium thiosulfate and improved.</p>
<p><span style="font-weight:bold">Discussion</span></p><p>Sodium thiosulfate is used for calciphylaxis.</p>
<p>Some text with <b>bold words</b> inside is a paragraph.</p>
<p><b>This bold sentence is a paragraph.</b></p>
<p><b>References</b></p><ol><li>Smith J. Calcinosis. J Rheum. 2010;1:1-2.</li></ol>
</div></body></html>"""


def test_bold_paragraph_headings_open_sections(tmp_path):
    f = tmp_path / "page.html"
    f.write_text(PAGE, encoding="utf-8")
    d = convert(f)
    names = [(s.kind, s.name) for s in d.sections]
    assert ("abstract", "Abstract") in names and ("body", "Introduction") in names
    assert ("body", "Clinical course") in names and ("body", "Discussion") in names  # unknown names too, after the front
    assert ("references", "References") in names
    refs = next(s for s in d.sections if s.kind == "references")
    assert "Smith J. Calcinosis" in d.text[refs.start:refs.end]
    # an author's name in bold before the first section, and bold inside or as a sentence, open nothing
    assert not any(n == "Jane Smith" for _, n in names)
    assert not any(n.startswith(("This bold", "Some text")) for _, n in names)

