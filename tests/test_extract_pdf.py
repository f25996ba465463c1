"""PDF conversion (issue 4, PDF part): structure, clean text and errors on real publisher PDFs.

Inputs are copies under ``tests/data`` (``pdf/ATTRIBUTION.md``, ``bad/README.md``) and the bundled
example ``rheumex/example/seed.pdf`` (made by ``tools/make_example_pdf.py`` from the seed text,
whose copy is ``tests/data/seed.txt``). Each PDF is converted once per module.
"""
from __future__ import annotations

import importlib.util
import re
from importlib import resources
from pathlib import Path

import pytest

from rheumex.extract import Limits, convert
from rheumex.extract.errors import ConversionError, EncryptedPDF, NoTextLayer

DATA = Path(__file__).parent / "data"
PDF = DATA / "pdf"
BAD = DATA / "bad"
ROOT = Path(__file__).resolve().parents[1]

BMC = "bmc-dvt-prophylaxis-trauma-sysreview-layoutref.pdf"
CUREUS = "cureus-multiple-sclerosis-review-layoutref.pdf"
HINDAWI = "hindawi-heart-failure-programmes-layoutref.pdf"
LREC = "lrec2020-medical-entities-in-case-reports.pdf"
MDPI = "mdpi-diagnostics-cmr-hypertensive-heart-review-layoutref.pdf"
SJOGREN = "sjogren-epigenetics-review-frontgenet-hal.pdf"
SLE = "sle-infections-framework-review-oarrr.pdf"
ALL = [BMC, CUREUS, HINDAWI, LREC, MDPI, SJOGREN, SLE]

# titles as printed on each paper's first article page (checked by reading the PDFs)
TITLES = {
    BMC: "Complications related to deep venous thrombosis prophylaxis in trauma: a systematic review of the literature",
    CUREUS: "An Overview of the History, Pathophysiology, and Pharmacological Interventions of Multiple Sclerosis",
    HINDAWI: "Patient Experiences of Structured Heart Failure Programmes",
    LREC: "Named Entities in Medical Case Reports: Corpus and Experiments",
    MDPI: "Cardiac Magnetic Resonance in Hypertensive Heart Disease: Time for a New Chapter",
    SJOGREN: "The contribution of epigenetics in Sjögren\u2019s syndrome",
    SLE: "A Framework to Overcome Challenges in the Management of Infections in Patients with Systemic Lupus Erythematosus",
}
DOIS = {BMC: "10.1186/1752-2897-4-1", CUREUS: "10.7759/cureus.33242", HINDAWI: "10.1155/2010/157939", LREC: None,
        MDPI: "10.3390/diagnostics13010137", SJOGREN: "10.3389/fgene.2014.00071", SLE: "10.2147/OARRR.S295036"}
YEARS = {BMC: 2010, CUREUS: 2023, HINDAWI: 2010, MDPI: 2023, SJOGREN: 2014, SLE: 2023}
FIRST_AUTHORS = {BMC: "Indraneel Datta", CUREUS: "Ibrahim M. Dighriri", HINDAWI: "Nuala E. Tully", LREC: "Sarah Schulz",
                 MDPI: "Marija Zdravkovic", SJOGREN: "Orsia D. Konsta", SLE: "Madhavi Rao"}

# one entry near the start and one near the end of each reference list (as re-flowed text)
REFERENCES = {
    BMC: ["Kudsk KA, Fabian TC, Baum S, Gold RE, Mangiante E, Voeller G: Silent deep vein thrombosis",
          "Weitz JI: Low-molecular-weight heparins. N Engl J Med 1997, 337:688-98."],
    CUREUS: ["Howard J, Trevick S, Younger DS: Epidemiology of multiple sclerosis",
             "Kelley CL, Smeltzer SC: Betaseron: the new MS treatment. J Neurosci Nurs. 1994"],
    HINDAWI: ["E. Braunwald, \u201cShattuck lecture: cardiovascular medicine at the turn of the millennium",
              "Physician and Sportsmedicine, vol. 38, no. 1, pp. 28\u201336, 2010."],
    LREC: ["Bekoulis, G., Deleu, J., Demeester, T., and Develder, C. (2018a). Adversarial training",
           "HuggingFace\u2019s Transformers: State-of-the-art Natural Language Processing"],
    MDPI: ["Mills, K.T.; Stefanescu, A.; He, J. The global epidemiology of hypertension. Nat. Rev. Nephrol. 2020"],
    SJOGREN: ["Alevizos, I., Alexander, S., Turner, R. J., and Illei, G. G. (2011). MicroRNA expression profiles",
              "IRAK1 gene expressions in the peripheral mononuclear cells of patients with Sj\u00f6gren\u2019s syndrome"],
    SLE: ["Arnaud L, Tektonidou MG. Long-term outcomes in systemic lupus erythematosus",
          "Luijten RK, Cuppen BV, Bijlsma JW, Derksen RH. Serious infections in systemic lupus erythematosus"],
}

# running headers / footers repeated on the pages (digits vary); none may reach body text
FURNITURE = {
    BMC: ["Journal of Trauma Management & Outcomes 2010, 4:1", "traumamanagement.org/content", "Page 10 of 11"],
    CUREUS: ["Dighriri et al. Cureus 15(1): e33242", "2 of 12"],
    HINDAWI: ["Rehabilitation Research and Practice"],
    LREC: [],
    MDPI: ["Diagnostics 2023, 13, 137", "2 of 16"],
    SJOGREN: ["Konsta et al.", "Epigenetics in Sj\u00f6gren\u2019s syndrome", "April 2014 | Volume 5 | Article 71",
              "Frontiers in Genetics | Epigenomics and Epigenetics", "www.frontiersin.org"],
    SLE: ["Rao and Mikdashi", "Dovepress", "Open Access Rheumatology: Research and Reviews 2023:15", "Powered by TCPDF"],
}

# sentences that cross a column break (or a page break, or run around a float) in the PDF
WHOLE_SENTENCES = [
    (BMC, "Although the options are numerous, level one evidence currently supports the use of pharmacologic "
          "anticoagulation with low molecular weight heparins (LMWHs) as the primary DVT prophylactic agent [10]."),
    (HINDAWI, "The discussions were flexible and allowed participants to speak freely of their experiences living with "
              "heart failure and to raise issues important to their lives."),
    (HINDAWI, "Patients had a low level of confidence that their GPs had sufficient expertise to manage their heart "
              "failure care."),
    (SJOGREN, "The contribution of B cells in the demethylation process was further explored in SS patients treated with "
              "rituximab, a chimeric anti-CD20 monoclonal antibody from the TEARS study (Devauchelle-Pensec et al., 2007; "
              "Thabet et al., 2013)."),
    (SJOGREN, "To date, only a few studies have been conducted on miRNAs in peripheral blood mononuclear cells (PBMCs) "
              "from SS patients and from SS-prone mouse models."),
    (SJOGREN, "For example, macroH2A, a variant of the canonical H2A histone, greatly increases stability of nucleosomes"),
    (SJOGREN, "Euchromatin is an extended form of chromatin that allows access to the underlying genes."),  # a 2-column caption
    (LREC, "In Proceedings of the Eighteenth International Conference on Machine Learning, ICML \u201901, pages 282\u2013289"),
    (MDPI, "Left ventricular hypertrophy, as one of the main characteristics of cardiac remodeling in patients with "
           "hypertension, is defined as an abnormal increase in left ventricular mass"),
    (CUREUS, "Augustus d'Este kept a journal for 26 years in which he wrote about how symptoms of what we now know to be "
             "MS got worse over time."),
]

# a reference-list line: "12. Surname AB, ..." or "Surname, A. B., ... (2011)." with a year
_REF_LINE = re.compile(r"^(\[?\d{1,3}[.\])]?\s+)?[A-Z][\w'\u2019-]+,?\s+(?:[A-Z]{1,3}\b|[A-Z]\.(?:\s?[A-Z]\.)*)[,.;]?\s.*\b(19|20)\d\d\b")
_LIGATURES = re.compile("[\ufb00-\ufb06]")


@pytest.fixture(scope="module")
def docs():
    return {name: convert(PDF / name) for name in ALL}


@pytest.fixture(scope="module")
def seed_pdf() -> Path:
    return Path(str(resources.files("rheumex").joinpath("example/seed.pdf")))


@pytest.fixture(scope="module")
def seed_doc(seed_pdf):
    return convert(seed_pdf)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _texts(doc, *kinds):
    return [doc.text[s.start:s.end] for s in doc.sections if s.kind in kinds]


# ----------------------------------------------------------------------------- structure


@pytest.mark.parametrize("name", ALL)
def test_title_from_the_first_article_page(docs, name):
    d = docs[name]
    assert d.format == "pdf"
    assert d.metadata.title == TITLES[name]
    titles = [s for s in d.sections if s.kind == "title"]
    assert len(titles) == 1 and d.text[titles[0].start:titles[0].end] == TITLES[name]


def test_hal_cover_sheet_is_not_the_title(docs):
    d = docs[SJOGREN]
    # the HAL cover repeats the title as "... Sj¨ogren's Syndrome." - it must not win
    cover = [s for s in d.sections if s.name == "Cover page"]
    assert cover and cover[0].kind == "other" and cover[0].start == 0
    assert "HAL Id: hal-00987664" in d.text[cover[0].start:cover[0].end]
    title = next(s for s in d.sections if s.kind == "title")
    assert d.pages[0][1] <= title.start < d.pages[1][1]  # on page 2, the article's first page
    assert "Sj\u00f6gren\u2019s Syndrome." in d.text[:d.pages[0][1]]  # the cover's accents composed ("Sj¨ogren")


@pytest.mark.parametrize("name", ALL)
def test_metadata(docs, name):
    m = docs[name].metadata
    assert m.doi == DOIS[name]
    if name in YEARS:
        assert m.year == YEARS[name]
    assert m.authors and m.authors[0] == FIRST_AUTHORS[name]
    assert all(not re.search(r"\d|\*", a) for a in m.authors)


def test_journal_and_licence(docs):
    assert docs[BMC].metadata.journal == "Journal of Trauma Management & Outcomes"
    assert docs[SLE].metadata.journal == "Open Access Rheumatology: Research and Reviews"
    assert docs[SJOGREN].metadata.journal == "Frontiers in Genetics"
    assert docs[MDPI].metadata.journal == "Diagnostics"
    assert docs[BMC].metadata.licence == "CC BY 2.0"
    assert docs[SLE].metadata.licence == "CC BY-NC 3.0"


@pytest.mark.parametrize("name", ALL)
def test_references_section_found_and_kept_out_of_the_body(docs, name):
    d = docs[name]
    refs = [s for s in d.sections if s.kind == "references"]
    assert len(refs) == 1
    ref_text = _squash(d.text[refs[0].start:refs[0].end])
    for entry in REFERENCES[name]:
        assert entry in ref_text
    body_paras = [p for t in _texts(d, "body", "abstract") for p in t.split("\n\n")]
    assert not [p for p in body_paras if _REF_LINE.match(p)], "reference-list lines in body sections"
    for entry in REFERENCES[name]:
        assert not any(entry in _squash(t) for t in _texts(d, "body", "abstract", "caption"))
    # the list comes after the body
    assert refs[0].start > max(s.start for s in d.sections if s.kind == "body")


@pytest.mark.parametrize("name", ALL)
def test_no_running_headers_or_page_numbers_in_body(docs, name):
    d = docs[name]
    body = "\n\n".join(_texts(d, "body", "abstract", "caption", "table"))
    for line in FURNITURE[name]:
        assert line not in body, line
    prose = "\n\n".join(_texts(d, "body", "abstract"))
    assert not [p for p in prose.split("\n\n") if re.fullmatch(r"\d{1,4}|page \d+( of \d+)?", p.strip(), re.I)]


@pytest.mark.parametrize("name", ALL)
def test_clean_text(docs, name):
    text = docs[name].text
    # no line-end hyphen left between lowercase word parts, not even across a paragraph break
    assert not re.search(r"[a-z]-\n[a-z]", text) and not re.search(r"[a-z]-\n\n[a-z]", text)
    assert not _LIGATURES.search(text)
    assert "(cid:" not in text and "\ufffd" not in text
    # paragraphs re-flowed: no hard line breaks inside a paragraph (a table body keeps one line per
    # cell row: extract/pdf.py _join_rows)
    d = docs[name]
    outside = "\n\n".join(d.text[s.start:s.end] for s in d.sections if s.kind != "table")
    assert not re.search(r"[^\n]\n[^\n]", outside)


def test_line_end_hyphens(docs):
    bmc = docs[BMC].text
    assert "not life-threatening, a resulting pulmonary embolism" in bmc      # "life-threa-|tening"
    assert "systematic review, meta-analysis, and cost implications" in bmc   # "meta-|analysis" keeps its hyphen
    assert "Hollingsworth-Fridlund P" in bmc                                   # "Hollingsworth-|Fridlund"
    sj = docs[SJOGREN].text
    assert "euchromatin and heterochromatin" in sj                             # "hete-|rochromatin"
    assert "Gadd45-alpha" in sj or "Gadd45alpha" not in sj
    assert "Sj\u00f6gren\u2019s syndrome. Immunol. Lett. 141" in sj           # "Sjö-|gren’s"
    assert "10.1016/j.imlet.2011.09.006" in sj                                 # a DOI broken at the line end


def test_hyphen_rules_unit():
    from rheumex.extract.pdf import _join_rows
    from rheumex.extract.pdf_layout import Row

    def rows(*texts):
        return [Row(0, 100 - 12 * i, 200, 110 - 12 * i, t, 10.0, False, 100 - 12 * i, 0, len(t)) for i, t in enumerate(texts)]

    vocab = {"abdomen", "pelvis", "abdomen-pelvis", "calcification", "anti"}
    assert _join_rows(rows("dystrophic calcifica-", "tion of the skin"), vocab)[0] == "dystrophic calcification of the skin"
    assert _join_rows(rows("positive for anti-", "Jo1 antibodies"), vocab)[0] == "positive for anti-Jo1 antibodies"
    assert _join_rows(rows("an abdomen-", "pelvis CT"), vocab)[0] == "an abdomen-pelvis CT"
    assert _join_rows(rows("Abdomen-pelvis CT at", "diagnosis"), vocab)[0] == "Abdomen-pelvis CT at diagnosis"
    text, starts = _join_rows(rows("one", "two"), vocab)
    assert text == "one two" and starts == [0, 4]


@pytest.mark.parametrize("name, sentence", WHOLE_SENTENCES, ids=[f"{n.split('-')[0]}-{i}" for i, (n, _) in enumerate(WHOLE_SENTENCES)])
def test_sentence_across_column_break_is_whole(docs, name, sentence):
    assert sentence in docs[name].text


def test_sections_and_captions(docs):
    for name in ALL:
        kinds = [s.kind for s in docs[name].sections]
        assert kinds.count("abstract") >= 1, name
        assert "body" in kinds, name
        d = docs[name]
        assert all(a.end <= b.start for a, b in zip(d.sections, d.sections[1:])), "sections overlap"
    sj = docs[SJOGREN]
    fig = next(s for s in sj.sections if s.kind == "caption" and s.name == "FIGURE 1")
    assert sj.text[fig.start:fig.end].startswith("FIGURE 1 | Chromatin. Nucleosomes are the repetitive unit")
    tab = next(s for s in sj.sections if s.kind == "table" and s.name == "Table 1")
    assert "Histone modifications as part of epigenetic control." in sj.text[tab.start:tab.end]
    names = {(s.kind, s.name) for s in docs[MDPI].sections}
    assert {("caption", "Figure 1"), ("caption", "Figure 4"), ("table", "Table 1"), ("keywords", "Keywords"),
            ("body", "1. Introduction"), ("body", "10. Conclusions")} <= names
    hk = {(s.kind, s.name) for s in docs[HINDAWI].sections}
    assert ("body", "11. Discussion") in hk and ("back", "Acknowledgments") in hk
    # the unlabelled Hindawi abstract ("Objectives. ... Conclusion. ...") is found
    abstract = _texts(docs[HINDAWI], "abstract")[0]
    assert abstract.startswith("Objectives. Patient experiences of structured heart failure") and "Copyright" not in abstract
    keywords = _texts(docs[SLE], "keywords")[0]
    assert keywords == "Keywords: systemic lupus erythematosus, infections, challenges, management, lupus flares"


def test_sidebars_and_footnotes_do_not_split_paragraphs(docs):
    mdpi = docs[MDPI]
    side = next(s for s in mdpi.sections if s.name == "sidebar" and "Academic Editors" in mdpi.text[s.start:s.end])
    assert side.kind == "other"
    bmc = docs[BMC]
    note = next(s for s in bmc.sections if s.name == "footnote")
    assert bmc.text[note.start:note.end].startswith("* Correspondence: ball.chad@gmail.com")


@pytest.mark.parametrize("name", ALL)
def test_page_spans(docs, name):
    d = docs[name]
    from pdfminer.pdfpage import PDFPage

    with open(PDF / name, "rb") as fh:
        n = sum(1 for _ in PDFPage.get_pages(fh))
    assert len(d.pages) == n
    prev_end = 0
    for start, end in d.pages:
        assert prev_end <= start <= end <= len(d.text)
        prev_end = end
    assert d.pages[0][0] == 0 and d.pages[-1][1] == len(d.text.rstrip())


def test_max_pages_warning():
    d = convert(PDF / HINDAWI, limits=Limits(max_pages=2))
    assert len(d.pages) == 2
    assert any("only the first 2" in w for w in d.warnings)
    assert d.metadata.title == TITLES[HINDAWI]


# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("name, cls, message", [
    ("encrypted.pdf", EncryptedPDF, "encrypted, password required"),
    ("image_only.pdf", NoTextLayer, "no text layer (scanned?); OCR is not supported"),
    ("truncated.pdf", ConversionError, "corrupt or truncated PDF: "),
])
def test_bad_pdfs(name, cls, message):
    with pytest.raises(ConversionError) as err:
        convert(BAD / name)
    assert type(err.value) is cls
    assert message in err.value.reason
    assert str(err.value).startswith(str(BAD / name) + ": ")


@pytest.mark.parametrize("data", [b"%PDF-1.4 broken", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"])
def test_corrupt_bytes(data):
    with pytest.raises(ConversionError) as err:
        convert(data, source="broken.pdf")
    assert type(err.value) is ConversionError
    assert err.value.reason.startswith("corrupt or truncated PDF: ") and err.value.source == "broken.pdf"


def test_truncated_real_pdf_is_a_clear_error():
    data = (PDF / BMC).read_bytes()
    with pytest.raises(ConversionError) as err:
        convert(data[: len(data) // 2], source="half.pdf")
    assert "corrupt or truncated PDF" in str(err.value) and "no %%EOF" in str(err.value)


def test_bad_pdf_generator_is_reproducible():
    spec = importlib.util.spec_from_file_location("make_bad_pdfs", BAD / "make_bad_pdfs.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.encrypted_pdf() == (BAD / "encrypted.pdf").read_bytes()
    assert mod.image_only_pdf() == (BAD / "image_only.pdf").read_bytes()


# ----------------------------------------------------------------------------- the bundled example


def _seed_parts():
    text = (DATA / "seed.txt").read_text(encoding="utf-8")
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    title = next(ln for ln in lines if ln.startswith("Two Cases of Calcinosis"))
    abstract = lines[lines.index(next(ln for ln in lines if ln.startswith("Received"))) + 1]
    keywords = next(ln for ln in lines if ln.startswith("Keywords:"))
    figs = [(ln, lines[i + 1]) for i, ln in enumerate(lines) if re.fullmatch(r"Fig\. \d+", ln)]
    refs = [ln for ln in lines if re.match(r"\d{1,2}\. [A-Z]", ln)]
    return title, abstract, keywords, figs, refs


def test_seed_pdf_matches_the_seed_text(seed_doc):
    title, abstract, keywords, figs, refs = _seed_parts()
    d = seed_doc
    assert d.metadata.title == title and _texts(d, "title") == [title]
    assert [_squash(t) for t in _texts(d, "abstract")] == [_squash(abstract)]
    assert [_squash(t) for t in _texts(d, "keywords")] == [_squash(keywords)]
    captions = {s.name: _squash(d.text[s.start:s.end]) for s in d.sections if s.kind == "caption"}
    assert captions == {label: _squash(f"{label} {caption}") for label, caption in figs}
    ref_sections = [s for s in d.sections if s.kind == "references"]
    assert len(ref_sections) == 1
    ref_text = d.text[ref_sections[0].start:ref_sections[0].end]
    assert _squash(ref_text) == _squash("References " + " ".join(refs))
    assert [_squash(p) for p in ref_text.split("\n\n")[1:]] == [_squash(r) for r in refs]
    assert d.metadata.authors[:2] == ["Seung Woo Yi", "Sang Won Lee"] and len(d.metadata.authors) == 10
    assert d.metadata.journal == "J Korean Rheum Assoc" and d.metadata.year == 2007
    assert "J Korean Rheum Assoc. 2007 Dec" not in d.text  # the running header is page furniture
    assert "calcinosis cutis combined with rheumatic disease" in d.text  # "calcin-|osis" re-joined


def test_seed_pdf_is_what_the_tool_makes(seed_pdf, tmp_path):
    spec = importlib.util.spec_from_file_location("make_example_pdf", ROOT / "tools" / "make_example_pdf.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    out = tmp_path / "seed.pdf"
    assert mod.main(["make_example_pdf.py", str(DATA / "seed.txt"), str(out)]) == 0
    assert out.read_bytes() == seed_pdf.read_bytes()


def _tool():
    spec = importlib.util.spec_from_file_location("make_example_pdf", ROOT / "tools" / "make_example_pdf.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_plain_pdf_without_headings_or_metadata():
    """One font, no /Title, no headings: title from the first title-like line, running text is body."""
    tool = _tool()
    doc = tool.Doc()
    y = 760
    for line in ["A Plain Report on Gout Tophi", "John Smith, Jane Doe",
                 "Gout is common in older men and the tophi grow slowly over many years of untreated disease.",
                 "A second paragraph follows with more words about the case and the treatment given to him."]:
        doc.text(72, y, line, "F1", 10)
        y -= 30
    d = convert(tool.write_pdf(doc, {}), source="plain.pdf")
    assert d.metadata.title == "A Plain Report on Gout Tophi"
    assert [s.kind for s in d.sections] == ["title", "other", "body"]
    assert d.text[d.sections[-1].start:].startswith("Gout is common") and d.text.endswith("given to him.")
    assert all(not d.text[s.start].isspace() and not d.text[s.end - 1].isspace() for s in d.sections)


def test_two_columns_with_aligned_paragraph_gaps():
    """Paragraph gaps at the same height in both columns must not reorder the page into bands."""
    tool = _tool()
    doc = tool.Doc()
    left = [f"Left column line {i} of the running text which goes on" for i in range(12)]
    right = [f"Right column line {i} of the running text which goes on" for i in range(12)]
    doc.text(60, 780, "Two Column Test Title For Reading Order", "F2", 16)
    for i in range(12):
        y = 700 - i * 12 - (18 if i >= 6 else 0)  # a paragraph gap after line 5 in both columns
        doc.text(60, y, left[i] if i != 5 else "Left column line 5 ends the paragraph.", "F1", 9)
        doc.text(310, y, right[i] if i != 5 else "Right column line 5 ends the paragraph.", "F1", 9)
    d = convert(tool.write_pdf(doc, {}), source="cols.pdf")
    t = d.text
    assert t.index("Left column line 11") < t.index("Right column line 0")
    assert "Left column line 4 of the running text which goes on Left column line 5 ends the paragraph." in t


def test_rotated_pages_read_like_upright_ones(seed_pdf, seed_doc):
    data = seed_pdf.read_bytes().replace(b"/MediaBox [0 0 595 842]", b"/Rotate 90 /MediaBox [0 0 595 842]")
    assert b"/Rotate 90" in data
    d = convert(data, source="rotated.pdf")
    assert d.text == seed_doc.text and d.metadata.title == seed_doc.metadata.title
