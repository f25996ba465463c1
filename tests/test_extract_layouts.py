"""Conversion v2 (issue 16): layouts the converter was not tuned on, checked against the publisher's JATS.

Fixtures (``data/ATTRIBUTION.md``): two Hindawi articles as PDF and JATS XML (``data/pdf-jats/``)
and two more publishers' PDFs (``data/pdf-more/``: Wiley Cancer Medicine, Wolters Kluwer Medicine).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from rheumex.extract import convert
from rheumex.extract.pdf_meta import journal_and_year

DATA = Path(__file__).parent / "data"
PJ = DATA / "pdf-jats"
MORE = DATA / "pdf-more"
WILEY = MORE / "wiley_cancermed_2018_wbrt_temozolomide_metaanalysis.pdf"
WK = MORE / "wk_medicine_2018_hla_drb1_alopecia_areata_metaanalysis.pdf"


@pytest.fixture(scope="module")
def pdfs():
    return {p.stem: convert(p) for p in sorted(PJ.glob("*.pdf"))}


def _section_with(doc, needle: str):
    i = doc.text.find(needle)
    assert i >= 0, needle
    return doc.section_at(i)


def _norm(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", s.lower())


# --- reference zones ---------------------------------------------------------------------

def test_two_column_reference_list_is_read_after_its_heading(pdfs):
    # PMC4745336: "References" sits at the foot of the left column, [2]..[15] fill the right
    # column from the top of the page; on main the right column was read first and became
    # part of "Conflict of Interests"
    d = pdfs["PMC4745336"]
    refs = [s for s in d.sections if s.kind == "references"]
    assert len(refs) == 1
    text = d.section_text(refs[0])
    assert text.startswith("References\n\n[1] UNAIDS")
    for n in range(1, 16):
        assert f"[{n}] " in text
    coi = next(s for s in d.sections if s.name == "Conflict of Interests")
    assert "[2]" not in d.section_text(coi) and "UNAIDS" not in d.section_text(coi)


def test_no_reference_only_word_reaches_the_body(pdfs):
    # PMC4739218: on main the right column of the last page ([9] onwards) was read into "3. Discussion"
    d = pdfs["PMC4739218"]
    readable = " ".join(d.section_text(s) for s in d.sections if s.kind not in ("references", "other", "back"))
    assert not re.search(r"\[\d+\] [A-Z]\. ", readable)
    for cited in ("Daenens", "Houthoofd", "Peetermans", "Fourneau", "Campylobacter fennelliae"):
        assert cited not in readable
    refs = " ".join(d.section_text(s) for s in d.sections if s.kind == "references")
    assert "[9] M. Dubois, K. Daenens" in refs


# --- metadata ----------------------------------------------------------------------------

@pytest.mark.parametrize("stem,journal", [("PMC4745336", "Scientifica"), ("PMC4739218", "Case Reports in Surgery")])
def test_year_is_the_volume_year_not_the_received_year(pdfs, stem, journal):
    d = pdfs[stem]
    # first page: "Received ... 2015; Accepted ... 2015" and "Volume 2016, Article ID ..."
    assert d.metadata.year == 2016
    assert d.metadata.journal == journal


def test_journal_and_year_from_lines():
    # lines as printed on the first page of PMC4678086 (Hindawi), top to bottom
    first = ["Hindawi Publishing Corporation", "Journal of Diabetes Research", "Volume 2016, Article ID 7245947, 4 pages",
             "http://dx.doi.org/10.1155/2016/7245947", "Clinical Study",
             "Received 22 March 2015; Revised 27 May 2015; Accepted 27 May 2015",
             "Copyright \u00a9 2016 Jing Ma et al. This is an open access article distributed under the Creative Commons"]
    assert journal_and_year({}, ["2 Journal of Diabetes Research", "Journal of Diabetes Research 3"], first) == (
        "Journal of Diabetes Research", 2016)
    # only a history and a copyright line: the copyright year, never "Accepted"
    assert journal_and_year({}, [], ["Received: 3 October 2017 / Accepted: 16 July 2018",
                                     "Copyright \u00a9 2019 the Author(s)."])[1] == 2019
    # a citation line with the year in brackets (Wolters Kluwer)
    assert journal_and_year({}, [], ["Medicine (2018) 97:32(e11790)"]) == ("Medicine", 2018)
    # volume(issue): e-page with a DOI but no year after the journal (Cureus running foot, 2023);
    # the year then comes from the copyright line
    assert journal_and_year({}, ["2023 Dighriri et al. Cureus 15(1): e33242. DOI 10.7759/cureus.33242", "2 of 12"],
                            ["\u00a9 Copyright 2023"]) == ("Cureus", 2023)
    # ...a cited title before the journal is cut at its full stop (PLOS citation style)
    assert journal_and_year({}, [], ["Smith J, Doe A (2014) Heat stroke. PLoS ONE 9(3): e91234. "
                                     "doi:10.1371/journal.pone.0091234"])[0] == "PLoS ONE"
    # ...and without a DOI on the line a "12(3): 45" is no citation
    assert journal_and_year({}, [], ["See reference 12(3): 45 for details"]) == (None, None)


def test_title_matches_jats_and_back_matter_is_its_own_kind(pdfs):
    import xml.etree.ElementTree as ET

    for stem, d in pdfs.items():
        root = ET.parse(PJ / f"{stem}.xml").getroot()
        title = "".join(next(e for e in root.iter() if e.tag.endswith("article-title")).itertext())
        assert _norm(d.metadata.title) == _norm(title)
        j = convert(PJ / f"{stem}.xml")
        assert [s.name for s in j.sections if s.kind == "back"] == [s.name for s in d.sections if s.kind == "back"]
        assert any(s.kind == "back" for s in d.sections)


def test_wiley_title_from_info_title_not_the_journal_logo():
    d = convert(WILEY)
    # the largest print on the page is the journal name "Cancer Medicine"
    assert d.metadata.title == ("Meta-analysis of whole-brain radiotherapy plus temozolomide compared with whole-brain "
                                "radiotherapy for the treatment of brain metastases from non-small-cell lung cancer")
    assert d.metadata.authors[0] == "Yong Xin" and d.metadata.authors[-1] == "Guan Jiang" and len(d.metadata.authors) == 7
    assert d.metadata.doi == "10.1002/cam4.1306" and d.metadata.year == 2018
    # hyphens set with a zero-width space glyph after them are not split words
    assert "whole- brain" not in d.text and "whole-brain radiotherapy" in d.text


def test_multi_line_title_with_subtitle_and_author_degrees():
    d = convert(WK)
    assert _norm(d.metadata.title) == _norm("HLA-DRB1 polymorphisms and alopecia areata disease risk: "
                                            "a systematic review and meta-analysis")
    # "Conghua Ji, MDa, Shan Liu, MDa,*, Kan Zhu, MDb, ..."
    assert d.metadata.authors[:3] == ["Conghua Ji", "Shan Liu", "Kan Zhu"]
    assert d.metadata.journal == "Medicine" and d.metadata.year == 2018


# --- back matter is not annotated --------------------------------------------------------

def test_pipeline_takes_no_mentions_from_back_matter():
    import rheumex

    text = ("Case Report\n\nA 67-year-old man treated with levofloxacin developed severe thrombocytopenia.\n\n"
            "Funding\n\nThe study was supported by a grant for research on systemic sclerosis and methotrexate.\n")
    res = rheumex.process([text])
    m = res.mentions
    assert "thrombocytopenia" in set(m["text"].str.lower())
    assert not m["text"].str.lower().isin(["systemic sclerosis", "methotrexate"]).any()
    assert "back" not in set(m["section_kind"])


# --- typography ----------------------------------------------------------------------------

def test_landscape_table_page_is_read_turned_upright():
    # Wiley page 4 is Table 1 set sideways; on main its 2,181 characters were ignored
    d = convert(WILEY)
    t = next(s for s in d.sections if s.kind == "table" and s.name == "Table 1")
    text = d.section_text(t)
    assert text.startswith("Table 1. Summary of the characteristics of the 12 trials")
    assert "Chua, et al." in text and "Hassler, et al." in text
    assert any("read turned upright" in w for w in d.warnings)


def test_numbered_heading_styles_and_letter_spaced_labels():
    from rheumex.extract.pdf_layout import unspace_letters
    from rheumex.extract.sections import heading_kind

    assert heading_kind("3 | RESULTS") == ("RESULTS", "body")  # Wiley "2.3 | Heading" style
    assert heading_kind("IV. Discussion") == ("Discussion", "body")
    assert heading_kind("5 | REFERENCES") == ("REFERENCES", "references")
    assert unspace_letters("F I G U R E 2 Forest plot of overall survival") == "FIGURE 2 Forest plot of overall survival"
    assert unspace_letters("T A B L E 1") == "TABLE 1"
    assert unspace_letters("groups A B C and D") == "groups A B C and D"


# --- rows: print of different sizes -------------------------------------------------------

def _chars(text: str, x: float, y: float, size: float, bold: bool = False) -> list:
    out, w = [], 0.5 * size
    for i, ch in enumerate(text):
        out.append((ch, x + i * w, y, x + (i + 1) * w, y + size, size, bold))
    return out


def test_chart_tick_label_is_not_glued_to_the_next_columns_line():
    # PMC4738914 page 2: the 6 pt tick label "10" of a platelet chart in the left column sits
    # 24 pt left of a 10 pt body line of the right column, on the same height; glued into one row
    # it bridged the gutter, the page was read row by row across both columns and
    # "fluoro-|quinolones" was cut in two
    from rheumex.extract import pdf_layout as L

    chars = _chars("10", 277.1, 613.6, 6.0) + _chars("with reported survival, several days passed", 308.6, 613.1, 10.0)
    rows = L.frags_to_rows(L.chars_to_frags(chars), 0)
    assert sorted(r.text for r in rows) == ["10", "with reported survival, several days passed"]
    # a superscript affiliation mark right after a name (no gap) stays in the name's row
    chars = _chars("Murat Alkan,", 50.0, 700.0, 12.0) + _chars("1", 122.0, 705.0, 7.0) + _chars(" Kamuran Tutus", 126.0, 700.0, 12.0)
    rows = L.frags_to_rows(L.chars_to_frags(chars), 0)
    assert len(rows) == 1 and rows[0].text.startswith("Murat Alkan,") and "Kamuran Tutus" in rows[0].text



def test_raised_mass_number_joins_its_word():
    # PMC4739210 page 1 (dev; Hindawi, CC BY): the 6 pt mass number of "111In-labeled" is set 6.3 pt
    # above a 9 pt line, overlapping it by 2.7 of its 6 pt: it was read as a block of its own
    # ("111" between paragraphs) and the IMAGING span lost it ("In-labeled WBC scintigraphy")
    from rheumex.extract import pdf_layout as L

    line = "with the use of"
    chars = _chars(line, 139.0 - 4.5 * len(line), 347.5, 9.0) + _chars("111", 141.3, 353.8, 6.0) \
        + _chars("In-labeled WBC scintigraphy.", 150.5, 347.5, 9.0)
    rows = L.frags_to_rows(L.chars_to_frags(chars), 0)
    assert [r.text for r in rows] == ["with the use of 111In-labeled WBC scintigraphy."]
    # a line of small print above, not overlapping, stays its own row
    chars = _chars("a footnote in small print", 100.0, 359.0, 6.0) + _chars("body text line", 100.0, 347.5, 9.0)
    assert len(L.frags_to_rows(L.chars_to_frags(chars), 0)) == 2

# --- text panels (section kind box) ------------------------------------------------------

from pdf_helpers import minimal_pdf as _pdf  # noqa: E402

def boxed_pdf() -> bytes:
    """One page: a title, "Discussion", a tinted panel "Box 1. Key points", more discussion, "Conclusion"."""
    body = [
        "Calcinosis cutis is the deposition of insoluble calcium salts in the skin and",
        "subcutaneous tissue. It is seen in juvenile dermatomyositis more often than in",
        "adults, and it may cause pain, ulceration and contractures of the joints nearby.",
    ]
    box = [
        "Dystrophic calcinosis occurs in damaged tissue with normal serum calcium and",
        "phosphate levels; diltiazem, bisphosphonates and sodium thiosulfate have been",
        "tried with mixed results in small series of patients with dermatomyositis.",
    ]
    after = [
        "Our patient was treated with intravenous sodium thiosulfate three times a week",
        "and the nodules on both elbows shrank within six months of the first infusion.",
        "No new lesions appeared during the following year of regular follow-up visits.",
    ]
    ops = [b"0.85 g 66 470 480 100 re f 0 g"]  # the tinted panel
    def line(font, size, x, y, t):
        t = t.replace("(", "\\(").replace(")", "\\)")
        ops.append(b"BT /%s %d Tf %d %d Td (%s) Tj ET" % (font.encode(), size, x, y, t.encode()))
    line("F2", 16, 72, 720, "Calcinosis Cutis in Dermatomyositis: A Case Report")
    line("F2", 11, 72, 680, "Discussion")
    y = 660
    for t in body:
        line("F1", 10, 72, y, t)
        y -= 13
    line("F2", 10, 72, 552, "Box 1. Key points")
    y = 536
    for t in box:
        line("F1", 10, 72, y, t)
        y -= 13
    y = 450
    for t in after:
        line("F1", 10, 72, y, t)
        y -= 13
    line("F2", 11, 72, 390, "Conclusion")
    y = 370
    for t in body[:2]:
        line("F1", 10, 72, y, t)
        y -= 13
    content = b"\n".join(ops)
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >>",
    ])


def test_text_on_a_tinted_panel_is_a_box_section_and_the_section_goes_on_after_it():
    # a made-up page: "Discussion", a tinted panel "Box 1. Key points" with three rows, the
    # discussion going on under the panel, then "Conclusion"
    d = convert(boxed_pdf(), "pdf")
    secs = [(s.name, s.kind, d.section_text(s)) for s in d.sections]
    box = [s for s in secs if s[1] == "box"]
    assert len(box) == 1 and box[0][0] == "Box 1. Key points"
    assert "Dystrophic calcinosis occurs" in box[0][2] and "small series of patients" in box[0][2]
    after = next(s for s in secs if "Our patient was treated" in s[2])
    assert after[:2] == ("Discussion", "body")  # the panel's heading does not end the discussion
    assert ("Conclusion", "body") in [(n, k) for n, k, _ in secs]
