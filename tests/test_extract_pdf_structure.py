"""PDF structure rules of session 18: reference entries and headings decided by layout.

Each rule is checked on a small synthetic layout (rows or a generated PDF) and, where one of the
fixtures shows it, on that real page (``data/ATTRIBUTION.md``).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from rheumex.extract import convert
from rheumex.extract import pdf_layout as L

DATA = Path(__file__).parent / "data"


def _row(x0: float, base: float, text: str, size: float = 9.0, x1: float | None = None, bold: bool = False) -> L.Row:
    x1 = x0 + 0.45 * size * len(text) if x1 is None else x1
    return L.Row(x0, base - 0.2 * size, x1, base + 0.8 * size, text, size, bold, base, 0, len(text.replace(" ", "")))


def _metrics(indent_style: bool) -> L.Metrics:
    m = L.Metrics([])
    m.body, m.pitch, m.indent_style = 10.0, {9.0: 10.5, 10.0: 11.5}, indent_style
    return m


def _refs(paras: list[L.Para]) -> list[str]:
    return [p.raw for p in paras]


# --- reference entries: hanging indent ------------------------------------------------------

def test_hanging_second_line_of_a_numbered_entry_is_not_a_new_paragraph():
    # PMC4709619 (Hindawi): "[9]" is set 3 pt right of "[10]" (the labels are right-aligned), so the
    # column's left edge is the wider label's; the entry's first line ends with an initial ("S.")
    # and the next line sits at the hanging indent. In a document whose paragraphs open with a
    # first-line indent this read as a new paragraph: 24 such splits in 16 of the 49 papers.
    rows = [
        _row(310.0, 438.8, "[9] Y. Adachi, K. Yasuda, M. Inomata, K. Sato, N. Shiraishi, and S.", x1=548.7),
        _row(324.6, 428.4, "Kitano, \u201cPathology and prognosis of gastric carcinoma: well ver-", x1=548.7),
        _row(324.6, 417.9, "sus poorly differentiated type,\u201d Cancer, vol. 89, no. 7, pp. 1418\u2013", x1=548.7),
        _row(324.6, 407.5, "1424, 2000.", x1=364.2),
        _row(307.0, 395.0, "[10] P. Lauren, \u201cThe two histologic main types of gastric carcinoma:", x1=548.7),
        _row(324.6, 384.5, "diffuse and so-called intestinal-type carcinoma: an attempt at", x1=548.7),
        _row(324.6, 374.1, "Scandinavica, vol. 64, pp. 31\u201349, 1965.", x1=457.8),
    ]
    leaf = L.Leaf(rows)
    paras = L.split_leaf(leaf, 0, _metrics(indent_style=True), rows)
    assert [p.raw[:4] for p in paras] == ["[9] ", "[10]"]
    # an indented line after a finished line is still a new paragraph in running text
    body = [
        _row(50.6, 511.5, "Two patients with the same lesion were seen in the clinic during", size=10.0, x1=290.7),
        _row(50.6, 500.0, "and the patient was discharged on the tenth day after surgery.", size=10.0, x1=290.7),
        _row(62.6, 488.5, "Follow-up imaging at six months showed no recurrence of the", size=10.0, x1=290.7),
        _row(50.6, 477.0, "lesion and the patient remains well.", size=10.0, x1=200.0),
    ]
    paras = L.split_leaf(L.Leaf(body), 0, _metrics(indent_style=True), body)
    assert len(paras) == 2 and paras[1].raw.startswith("Follow-up")


def test_reference_entries_of_the_fixtures_are_whole():
    # real pages: a Hindawi list ("[2] R. L. Campbell, R. Banner, J. Konick-McMahan, and M." /
    # "D. Naylor, ...") and Wiley's numbered author-year list ("1. Huang, H., ... 2015." /
    # "Multidrug resistance ...") were cut after the entry's first line
    for path, n in ((DATA / "pdf" / "hindawi-heart-failure-programmes-layoutref.pdf", 17),
                    (DATA / "pdf-more" / "wiley_cancermed_2018_wbrt_temozolomide_metaanalysis.pdf", 26)):
        d = convert(path)
        paras = [p for s in d.sections if s.kind == "references" for p in d.section_text(s).split("\n\n")][1:]
        assert len(paras) == n, path.name
        assert all(re.match(r"\[?\d{1,3}[.\]]\s", p) for p in paras), path.name


# --- reference zone: a table at the top of the next column ------------------------------------

def _two_column_reference_page(table_on_top: bool) -> list[L.Row]:
    from rheumex.extract import pdf as P  # noqa: F401 - the heading predicate lives there

    rows = [_row(50.6, 700.0 - 11.4 * i, "running text of the discussion in the left column", size=10.0, x1=290.7)
            for i in range(30)]
    rows.append(_row(50.6, 321.3, "References", size=12.0, x1=105.6, bold=True))
    y = 302.8
    for n in range(1, 7):
        rows.append(_row(53.3, y, f"[{n}] A. Author, B. Author, and C. Author, \u201cA title of the", x1=290.7))
        rows.append(_row(66.5, y - 10.5, "paper,\u201d Journal of Things, vol. 1, pp. 1\u20139, 2010.", x1=240.0))
        y -= 33.4
    y = 700.0
    if table_on_top:  # the right half of a table set across the page: several cells on each baseline
        rows.append(_row(403.8, 700.3, "Multivariate regression analysis", x1=516.4))
        for i in range(12):
            base = 687.9 - 12.45 * i
            for x0, text in ((307.6, "<0.001"), (373.5, "1.341"), (426.5, "1.118\u20131.610"), (512.7, "0.002")):
                rows.append(_row(x0, base, text, x1=x0 + 24.0))
        y = 516.1
    n = 7
    while y > 60:
        rows.append(_row(310.2, y, f"[{n}] D. Author and E. Author, \u201cAnother title that runs on to", x1=548.7))
        rows.append(_row(324.6, y - 10.5, "a second line,\u201d Journal, vol. 2, pp. 3\u20134, 2012.", x1=495.4))
        y -= 33.4
        n += 1
    return rows


def test_table_at_the_top_of_the_next_column_is_not_read_into_the_reference_list():
    # PMC4709619 (Hindawi) page 9: "References" halfway down the left column, a table across the
    # page top, the list going on in the right column under the table; the table's right half was
    # taken as the top of the list's next column: 7 paragraphs of numbers in the references
    from rheumex.extract import pdf as P

    rows = _two_column_reference_page(table_on_top=True)
    head, col, beside = L.reference_zone(rows, P._ref_heading, 10.0, 612.0)
    assert head.text == "References"
    texts = [r.text for r in beside]
    assert not [t for t in texts if re.match(r"[<\d.\u2013]+$|Multivariate", t)]
    assert [t for t in texts if t.startswith("[7] ")]
    # without the table the whole right column (set like the list, from the page top) follows the heading
    rows = _two_column_reference_page(table_on_top=False)
    head, col, beside = L.reference_zone(rows, P._ref_heading, 10.0, 612.0)
    assert len(beside) == len([r for r in rows if r.x0 > 300])


def test_a_caption_across_both_columns_is_no_measure_of_a_short_leafs_column():
    # PMC4739214 (Hindawi) page 3: reference [1] has two lines at the foot of the left column
    # (heading + 2 rows: a short leaf); a 9 pt figure caption spans the page from the left edge.
    # Widened to the caption's end, the entry's full last line looked short and [1] did not go on
    # in the right column ("imaging appearance, and treatment, ..." became an entry of its own).
    leaf_rows = [_row(50.6, 86.1, "References", size=12.0, x1=105.6, bold=True),
                 _row(53.3, 67.6, "[1] L. W. Bancroft, M. J. Kransdorf, J. J. Peterson, and M. I.", x1=290.7),
                 _row(66.5, 57.2, "O\u2019Connor, \u201cBenign fatty tumors: classification, clinical course,", x1=290.7)]
    caption = _row(50.6, 563.6, "Figure 4: Histological findings of the lesion. (a) A histological examination", x1=548.7)
    right = [_row(310.1 if i % 2 else 324.5, 88.6 - 10.5 * i, "an entry of the right column", x1=548.7) for i in range(4)]
    page = leaf_rows + [caption] + right
    leaf = L.Leaf(leaf_rows)
    assert L.col_right(leaf, leaf_rows[-1], page) == pytest.approx(548.7)  # inside a leaf: as before
    assert L.col_right(leaf, leaf_rows[-1], page, beside=True) == pytest.approx(290.7)
    d = convert(DATA / "pdf-jats" / "PMC4739218.pdf")  # a fixture page of the same layout keeps its entries whole
    paras = [p for s in d.sections if s.kind == "references" for p in d.section_text(s).split("\n\n")][1:]
    assert all(re.match(r"\[\d+\] ", p) for p in paras)


# --- headings set in the text's own size: italic or bold, run in or on a line of their own ----

def _face_row(runs: list[tuple[str, int]], x0: float = 308.6, base: float = 500.0, size: float = 10.0) -> L.Row:
    """A row from ``(text, face)`` runs (face: 1 bold + 2 italic), built by the converter's own row code."""
    chars, x = [], x0
    for text, face in runs:
        for ch in text:
            if not ch.isspace():
                chars.append((ch, x, base, x + 0.5 * size, base + size, size, bool(face & 1), bool(face & 2)))
            x += 0.5 * size
    rows = L.frags_to_rows(L.chars_to_frags(chars), 0)
    assert len(rows) == 1
    return rows[0]


def test_rows_know_the_face_they_start_in_and_how_far_it_runs():
    r = _face_row([("2.2. Protocol.", 2), (" A total of 65 patients were included", 0)])
    assert (r.face, r.lead, r.nital) == (2, len("2.2.Protocol."), len("2.2.Protocol."))
    assert r.text == "2.2. Protocol. A total of 65 patients were included"
    r = _face_row([("Case 1:", 1), (" a 54-year-old man", 0)])
    assert (r.face, r.lead) == (1, 6)
    r = _face_row([("plain text", 0)])
    assert (r.face, r.lead, r.nital) == (0, 9, 0)
    # seven-field characters (no italic flag) are upright
    rows = L.frags_to_rows(L.chars_to_frags([("a", 0.0, 0.0, 5.0, 10.0, 10.0, False), ("b", 5.0, 0.0, 10.0, 10.0, 10.0, False)]), 0)
    assert (rows[0].face, rows[0].nital) == (0, 0)


def test_run_in_heading_is_read_from_the_change_of_face():
    from rheumex.extract.pdf import _runin_heading

    text = [(" A total of 65 Chinese newly diagnosed patients were", 0)]
    more = [_face_row([("included in the study and treated with insulin.", 0)], base=488.5)]
    # PMC4678086 (Hindawi): the heading italic, its full stop too, the text upright
    assert _runin_heading([_face_row([("2.2. Protocol.", 2)] + text)] + more) == "2.2. Protocol"
    # the heading fills its line; the text starts on the next one
    rows = [_face_row([("3.2. Correlation between the Ratio of RBG/RI and Insulin Dose.", 2)]),
            _face_row([("There was a negative correlation between the ratio", 0)], base=488.5)] + more
    assert _runin_heading(rows) == "3.2. Correlation between the Ratio of RBG/RI and Insulin Dose"
    # the full stop upright after an italic heading; a bold one with a colon
    assert _runin_heading([_face_row([("(1) Overall Survival Comparison", 2), (". We found that the long-term", 0)])] + more) \
        == "(1) Overall Survival Comparison"
    assert _runin_heading([_face_row([("Case 1:", 1), (" A 54-year-old man presented with pain", 0)])] + more) == "Case 1"
    # PMC4745318: the text opens with an italic term, so the face runs on past the heading
    rows = [_face_row([("3.3. Validity of Bangla Version of PDRQ-9. Face validity", 2), (", content", 0)])] + more
    assert _runin_heading(rows) == "3.3. Validity of Bangla Version of PDRQ-9"
    # not headings: an italic name opening a sentence, an italic paragraph, upright text
    assert _runin_heading([_face_row([("Cryptococcus neoformans", 2), (" was isolated from 12 of the trees", 0)])] + more) is None
    assert _runin_heading([_face_row([("E. coli", 2), (" grew in both blood cultures taken on admission", 0)])] + more) is None
    assert _runin_heading([_face_row([("An italic paragraph. It goes on in italic", 2)]),
                           _face_row([("to its end.", 2)], base=488.5)]) is None
    assert _runin_heading([_face_row([("2.2. Protocol. A total of 65 patients", 0)])] + more) is None


from pdf_helpers import minimal_pdf as _pdf  # noqa: E402


def _run_in_pdf() -> bytes:
    """One page: a title, "2. Methods" (bold), "2.1. Patients." run in (italic), "2.2. Statistical
    Analysis" on a line of its own (italic, body size), then "3. Results" (bold)."""
    ops: list[bytes] = []

    def esc(t: str) -> bytes:
        return t.replace("(", "\\(").replace(")", "\\)").encode()

    def line(y: int, *runs: tuple[str, str]) -> None:
        ops.append(b"BT 72 %d Td " % y + b" ".join(b"/%s 10 Tf (%s) Tj" % (f.encode(), esc(t)) for f, t in runs) + b" ET")

    ops.append(b"BT /F2 16 Tf 72 720 Td (Insulin Dose in Newly Diagnosed Type 2 Diabetes) Tj ET")
    line(680, ("F2", "2. Methods"))
    line(664, ("F3", "2.1. Patients."), ("F1", " All participants with type 2 diabetes were diagnosed by the"))
    for i, t in enumerate(["criteria of the World Health Organization and treated with insulin for two",
                           "weeks in the department of endocrinology of our hospital in Shanghai."]):
        line(652 - 12 * i, ("F1", t))
    line(616, ("F3", "2.2. Statistical Analysis"))
    for i, t in enumerate(["The data were shown as means and standard errors and compared with the",
                           "test of Student; a value of P below 0.05 was taken as significant here."]):
        line(600 - 12 * i, ("F1", t))
    line(564, ("F2", "3. Results"))
    for i, t in enumerate(["When the target glucose level was achieved the total daily dose was 46 units",
                           "and it was lower in the patients with a higher ratio of glucose to insulin."]):
        line(548 - 12 * i, ("F1", t))
    content = b"\n".join(ops)
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R /F2 6 0 R /F3 7 0 R >> >>"
        b" /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Bold >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Italic >>",
    ])


def test_run_in_italic_subheading_opens_a_section_and_its_paragraph_stays_whole():
    d = convert(_run_in_pdf(), "pdf")
    secs = [(s.name, s.kind, d.section_text(s)) for s in d.sections]
    names = [n for n, k, _ in secs if k == "body"]
    assert names[:2] == ["2. Methods", "2.1. Patients"] and names[-1] == "3. Results"
    sub = next(t for n, _, t in secs if n == "2.1. Patients")
    assert sub.startswith("2.1. Patients. All participants") and "Shanghai." in sub


def test_numbered_italic_line_of_its_own_in_body_size_is_a_heading():
    # the made-up page: "2.2. Statistical Analysis" in italic at the text's size, on a line of its own
    d = convert(_run_in_pdf(), "pdf")
    names = [s.name for s in d.sections if s.kind == "body"]
    assert names == ["2. Methods", "2.1. Patients", "2.2. Statistical Analysis", "3. Results"]
    # Wolters Kluwer Medicine: "2.1. Search strategy" ... set the same way (another publisher's layout)
    d = convert(DATA / "pdf-more" / "wk_medicine_2018_hla_drb1_alopecia_areata_metaanalysis.pdf")
    names = [s.name for s in d.sections if s.kind == "body"]
    for h in ("2.1. Search strategy", "2.6. Statistical analysis", "3.1. Study characteristics", "3.5. Publication bias"):
        assert h in names
    abstract = next(s.start for s in d.sections if s.kind == "abstract")
    assert not [s for s in d.sections if s.kind == "body" and s.start < abstract]
    # an italic affiliation line with a marker and a number-like postcode is no heading
    from rheumex.extract.pdf import _is_heading

    for text in ("1 Department of Surgery, University of Calgary", "12000 Prague, Czech Republic"):
        para = L.Para([_face_row([(text, 2)])], 0)
        assert not _is_heading(para, 10.0), text
    assert _is_heading(L.Para([_face_row([("3.2. Survival Analysis", 2)])], 0), 10.0)
    assert not _is_heading(L.Para([_face_row([("3.2. Survival Analysis", 0)])], 0), 10.0)


# --- reference entries: numbering --------------------------------------------------------------

def test_the_next_number_at_the_entry_edge_starts_an_entry_even_without_a_full_stop():
    # MDPI (fixture pdf/mdpi-diagnostics-...): "16. Kahan, T. ... 2012, 30, 685-687. [CrossRef]" fills
    # its line and ends with a bracket, not a full stop; "17. Lee, J.H. ..." was read into it
    rows = [
        _row(35.7, 538.9, "16. Kahan, T. The importance of myocardial fibrosis in hypertensive heart disease. "
                          "J. Hypertens. 2012, 30, 685\u2013687. [CrossRef]", x1=534.5),
        _row(35.7, 527.4, "17. Lee, J.H.; Park, J.H. Role of echocardiography in clinical hypertension. "
                          "Clin. Hypertens. 2015, 21, 9. [CrossRef]", x1=488.0),
        _row(35.7, 515.9, "18. Burchell, A.E.; Rodrigues, J.C.L.; Charalambos, M.; Ratcliffe, L.E.K.; Hart, E.C.;", x1=560.4),
        _row(57.2, 504.4, "Nightingale, A.K. Comprehensive First-Line Magnetic Resonance Imaging in Hypertension", x1=559.5),
    ]
    paras = L.split_leaf(L.Leaf(rows), 0, _metrics(indent_style=False), rows)
    assert [p.raw[:3] for p in paras] == ["16.", "17.", "18."]
    # a wrapped line that happens to start with another number stays in its entry
    rows = [
        _row(35.7, 538.9, "5. Smith, A. Outcomes in a cohort of patients with lupus nephritis followed for", x1=560.0),
        _row(35.7, 527.4, "12 years. Lupus 2010, 19, 1\u20139.", x1=200.0),
    ]
    assert len(L.split_leaf(L.Leaf(rows), 0, _metrics(indent_style=False), rows)) == 1
    for path, pairs in ((DATA / "pdf" / "mdpi-diagnostics-cmr-hypertensive-heart-review-layoutref.pdf", ("16", "17")),
                        (DATA / "pdf" / "sle-infections-framework-review-oarrr.pdf", ("60", "61"))):
        d = convert(path)
        paras = [p for s in d.sections if s.kind == "references" for p in d.section_text(s).split("\n\n")]
        assert [p for p in paras if p.startswith(pairs[0] + ". ")] and [p for p in paras if p.startswith(pairs[1] + ". ")]
        assert not [p for p in paras if re.search(r"\s%s\. [A-Z][a-z]+,? [A-Z]" % pairs[1], p)], path.name


def test_an_unlabelled_line_at_the_hanging_indent_between_entries_n_and_n_plus_1_is_entry_n():
    # BMC Medicine (ragged right): "2. Callaway LK, ... in an Australian obstetric population." ends
    # short of the column edge, so "MJA 2006, 184:56-59." (at the hanging indent) read as a paragraph
    from rheumex.extract.pdf import _join_entry_continuations

    def para(rows, heading=False):
        p = L.Para(rows, 0)
        p.heading = heading
        return p

    def entries(last_label: str, tail_x0: float = 71.7):
        return [
            para([_row(56.7, 630.0, "References", size=7.5, x1=91.9)], heading=True),
            para([_row(56.7, 612.2, "1. World Health Organisation: Obesity: preventing and managing", size=7.5, x1=276.5),
                  _row(71.7, 603.2, "the global epidemic. Geneva: World Health Organisation; 2000.", size=7.5, x1=280.3)]),
            para([_row(56.7, 585.0, "2. Callaway LK, Prins JB, Chang AM, McIntyre HD: The prevalence and", size=7.5, x1=288.2),
                  _row(71.7, 576.0, "of overweight and obesity in an Australian obstetric population.", size=7.5, x1=263.7)]),
            para([_row(tail_x0, 567.0, "MJA 2006, 184:56\u201359.", size=7.5, x1=133.0)]),
            para([_row(56.7, 557.8, f"{last_label} Dodd JM, Grivell RM, Nguyen A-M, Chan A, Robinson JS: Maternal", size=7.5,
                       x1=274.7)]),
        ]

    out = _join_entry_continuations(entries("3."))
    assert [p.raw[:7] for p in out] == ["Referen", "1. Worl", "2. Call", "3. Dodd"]
    assert out[2].raw.endswith("population. MJA 2006, 184:56\u201359.")
    # not joined: the next entry is not n + 1, the line is not indented, or no reference heading above
    assert len(_join_entry_continuations(entries("7."))) == 5
    assert len(_join_entry_continuations(entries("3.", tail_x0=56.7))) == 5
    assert len(_join_entry_continuations(entries("3.")[1:])) == 4


def test_table_body_rows_stay_lines_of_their_own():
    # session 18: a table body's rows are not re-flowed into one line (a cell's words ran into the
    # next cell's: "ALI/ARDS Renal insufficiency Cardiovascular insufficiency" became one DISEASE);
    # a wrapped cell goes on (lower-case start, or a comma/bracket/function word at the line end)
    from rheumex.extract.pdf import _join_rows, _Text

    rows = [_Text(t) for t in ("Opossum", "Prairie dog", "Mean age (year,", "range)", "Medium hospital",
                               "stay in days (range)", "Renal insufficiency")]
    text, starts = _join_rows(rows, set(), table=True)
    assert text == "Opossum\nPrairie dog\nMean age (year, range)\nMedium hospital stay in days (range)\nRenal insufficiency"
    assert _join_rows(rows[:2], set())[0] == "Opossum Prairie dog"  # running text is re-flowed as before


def test_table_cells_in_a_real_pdf():
    # tests/data/pdf OARRR review (Table 1 Risk Factors for Infection in SLE): one risk factor a line
    from rheumex.extract import convert

    d = convert(Path(__file__).parent / "data" / "pdf" / "sle-infections-framework-review-oarrr.pdf")
    tables = "\n\n".join(d.text[s.start:s.end] for s in d.sections if s.kind == "table")
    assert "The first 5 years of SLE diagnosis\nEthnicity" in tables
    assert "\nLymphopenia" in tables


# --- session 19: headings, captions and table cells of other publishers' layouts ---------------

def _bold_para(lines: list[str], face: int = 1, base: float = 500.0, size: float = 10.0) -> L.Para:
    return L.Para([_face_row([(t, face)], x0=166.4, base=base - 10.5 * i, size=size) for i, t in enumerate(lines)], 0)


def test_a_long_numbered_heading_set_over_lines_in_bold_is_a_heading():
    # MDPI Diagnostics: section titles in the text's size, bold, over two or three lines, with commas
    from rheumex.extract.pdf import _is_heading

    seven = ["7. Tissue Characterization in Hypertensive Heart Disease\u2014Clinical Aspects and",
             "Evaluation of Myocardial Fibrosis Using LGE, Myocardial Tissue Mapping and",
             "Extracellular Volume Fraction (ECV) Measurement"]
    assert _is_heading(_bold_para(seven), 10.0)
    assert _is_heading(_bold_para(["5. Ventricular Volumes and Left Ventricle Geometry Measured by Cardiac Magnetic",
                                   "Resonance in Patients with Hypertensive Heart Disease"]), 10.0)
    # Wolters Kluwer: one italic numbered line with two commas
    assert _is_heading(_bold_para(["3.6. Influence of continent, country, and NOS score"], face=2), 9.0)
    # not headings: a sentence end, no section number, a line in the regular face, small print, an address
    assert not _is_heading(_bold_para(seven[:2] + ["Extracellular Volume Fraction (ECV) Measurement."]), 10.0)
    assert not _is_heading(_bold_para([t[3:] for t in seven]), 10.0)
    mixed = _bold_para(seven)
    mixed.rows[2] = _face_row([(seven[2], 0)], x0=166.4, base=479.0)
    assert not _is_heading(mixed, 10.0)
    assert not _is_heading(_bold_para(seven, size=7.0), 10.0)
    assert not _is_heading(_bold_para(["2 Department of Cardiology, University Hospital Medical Center Bezanijska Kosa,",
                                       "Faculty of Medicine, University of Belgrade, 11000 Belgrade, Serbia"]), 10.0)
    d = convert(DATA / "pdf" / "mdpi-diagnostics-cmr-hypertensive-heart-review-layoutref.pdf")
    numbers = [s.name.split(".")[0] for s in d.sections if s.kind == "body" and re.match(r"\d+\. ", s.name)]
    assert sorted(set(numbers), key=int) == [str(i) for i in range(1, 11)]
    assert [s.name for s in d.sections if s.name.startswith("7. ")][0].endswith("Extracellular Volume Fraction (ECV) Measurement")


def test_a_float_label_on_a_line_of_its_own_takes_the_title_under_it():
    # Wolters Kluwer Medicine: "Table 2" (bold) over "Meta-analysis of associations between ..." (bold,
    # same size): the label alone was too short for a caption and became a body heading "Table 2"
    from rheumex.extract.pdf import _label_alone

    label = L.Para([_row(74.9, 756.1, "Table 2", size=8.0, bold=True)], 0)
    title = L.Para([_row(71.9, 744.2, "Meta-analysis of associations between HLA-DRB1 alleles and alopecia areata.",
                         size=8.0, bold=True)], 0)
    assert _label_alone(label, title)
    # not: the line under it in other print, lower case, another caption, far below, or a label with its title
    assert not _label_alone(label, L.Para([_row(71.9, 744.2, "Meta-analysis of associations", size=9.0)], 0))
    assert not _label_alone(label, L.Para([_row(71.9, 744.2, "shows the associations", size=8.0, bold=True)], 0))
    assert not _label_alone(label, L.Para([_row(71.9, 744.2, "Table 3 Meta-regression.", size=8.0, bold=True)], 0))
    assert not _label_alone(label, L.Para([_row(71.9, 700.0, "Meta-analysis of associations", size=8.0, bold=True)], 0))
    assert not _label_alone(L.Para([_row(74.9, 756.1, "Table 2. Meta-analysis of associations", size=8.0, bold=True)], 0),
                            title)
    d = convert(DATA / "pdf-more" / "wk_medicine_2018_hla_drb1_alopecia_areata_metaanalysis.pdf")
    assert not [s for s in d.sections if s.kind != "table" and s.name.startswith("Table")]
    t2 = next(s for s in d.sections if s.name == "Table 2")
    assert t2.kind == "table" and d.section_text(t2).startswith("Table 2 Meta-analysis of associations")
    assert "DRB1\u221701" in d.section_text(t2) and "AA indicates alopecia areata" in d.section_text(t2)


def test_a_table_cell_of_marks_only_is_a_line_of_its_own():
    # MDPI Diagnostics Table 1: a column of "++++", "-", "-", "+++": a lone dash read as a cell
    # wrapped over two lines ran the cells together ("- - +++")
    from rheumex.extract.pdf import _join_rows, _Text

    rows = [_Text(t) for t in ("++", "-", "-", "+++", "+/-", "Mean age (year,", "range)", "IL-", "6 level")]
    text, _ = _join_rows(rows, set(), table=True)
    assert text.split("\n") == ["++", "-", "-", "+++", "+/-", "Mean age (year, range)", "IL-6 level"]


def test_a_section_heading_stacked_over_its_first_subheading_is_two_headings():
    # Frontiers: "METHODS" over "Search Strategy", both 12 pt bold, read as one heading
    from rheumex.extract.pdf import _split_stacked_headings

    def head(*lines: str) -> L.Para:
        p = L.Para([_row(305.1, 624.5 - 18.4 * i, t, size=12.0, bold=True) for i, t in enumerate(lines)], 0)
        p.heading = True
        return p

    out = _split_stacked_headings([head("METHODS", "Search Strategy")])
    assert [p.raw for p in out] == ["METHODS", "Search Strategy"] and all(p.heading for p in out)
    assert [p.raw for p in _split_stacked_headings([head("REFERENCES", "Cited Works")])] == ["REFERENCES", "Cited Works"]
    # one heading over two lines stays whole
    for lines in (("Results", "and Discussion"), ("Results", "And Discussion"), ("Methods of", "Cell Culture"),
                  ("Case Report", "of a rare tumour")):
        assert len(_split_stacked_headings([head(*lines)])) == 1, lines
    body = head("Methods", "Search Strategy")
    body.heading = False
    assert len(_split_stacked_headings([body])) == 1


def test_a_subheading_set_off_by_its_face_alone_is_a_heading():
    # BMC Medicine: "Study design" in another typeface 0.6 pt smaller than the text, regular weight;
    # Cureus: "Vitamin D Deficiency" in italic at the text's size. Both were read as body paragraphs.
    from rheumex.extract.pdf import _set_off_subheading

    m = _metrics(indent_style=False)
    m.pitch[9.4] = 11.0

    def para(*rows: L.Row) -> L.Para:
        return L.Para(list(rows), 0)

    before = para(_row(56.7, 532.0, "the text of the section above runs on to the end of", size=10.0, x1=290.0),
                  _row(56.7, 520.5, "its last line.", size=10.0, x1=120.0))
    after = para(_row(56.7, 485.0, "The study was a multicentre randomised trial across", size=10.0, x1=290.0),
                 _row(56.7, 473.5, "the three major metropolitan maternity hospitals.", size=10.0, x1=280.0))
    sub = para(_row(56.7, 497.0, "Study design", size=9.4, x1=110.0))
    assert _set_off_subheading(before, sub, after, m, 56.7)
    assert _set_off_subheading(None, sub, after, m, 56.7)  # at the top of the column
    italic = para(_face_row([("Vitamin D Deficiency", 2)], x0=56.7, base=497.0))
    assert _set_off_subheading(before, italic, after, m, 56.7)
    # over an italic subheading, in its own print: "Treatment schedules" / "Lifestyle Advice group"
    italic = para(_face_row([("Lifestyle Advice group", 2)], x0=56.7, base=497.0, size=9.4))
    assert _set_off_subheading(before, italic, after, m, 56.7)
    italic.heading = True
    above = para(_row(56.7, 532.0, "the last line of the section above.", size=10.0, x1=200.0))
    assert _set_off_subheading(above, para(_row(56.7, 509.0, "Treatment schedules", size=9.4, x1=110.0)), italic, m, 56.7)
    # not subheadings: in the text's own print, upright; a sentence; no room above it after running text;
    # set away from the column's edge (a table cell); over small print; a line of two rows
    assert not _set_off_subheading(before, para(_row(56.7, 497.0, "Study design", size=10.0, x1=110.0)), after, m, 56.7)
    assert not _set_off_subheading(before, para(_row(56.7, 497.0, "Data were analysed.", size=9.4, x1=110.0)), after, m, 56.7)
    close = para(_row(56.7, 508.0, "its last line goes on", size=10.0, x1=290.0))
    assert not _set_off_subheading(close, sub, after, m, 56.7)
    cell = para(_row(257.2, 497.0, "Reader 2", size=9.4, x1=288.7))
    assert not _set_off_subheading(before, cell, after, m, 50.6)
    small = para(_row(56.7, 485.0, "* Correspondence: someone@example.org", size=7.0, x1=200.0))
    assert not _set_off_subheading(before, sub, small, m, 56.7)
    two = para(_row(56.7, 508.5, "Study design and", size=9.4, x1=110.0), _row(56.7, 497.0, "setting", size=9.4, x1=90.0))
    assert not _set_off_subheading(before, two, after, m, 56.7)
    d = convert(DATA / "pdf" / "cureus-multiple-sclerosis-review-layoutref.pdf")
    names = [s.name for s in d.sections if s.kind == "body"]
    for h in ("Vitamin D Deficiency", "Genetics and Family History", "Injury", "Cigarette Smoking"):
        assert h in names


def test_small_print_right_above_a_table_caption_is_the_tables_body():
    # LREC 2020: "Table 2: Examples of long entities per type" is set under its cells (9 pt, the
    # text 10 pt); the cells ("Type", "Example", "case", "condition" ...) were read as body paragraphs
    from rheumex.extract.pdf import _table_above_caption

    def para(x0: float, base: float, text: str, size: float, x1: float, lines: int = 1) -> L.Para:
        return L.Para([_row(x0, base - 11.0 * i, text, size=size, x1=x1) for i in range(lines)], 0)

    text = para(304.9, 346.6, "rather long entities are given in Table 2.", 10.0, 463.1)
    # the cells' columns read one after the other: "Type", "Example", the type column, the example column
    cells = [para(310.8, 319.7, "Type", 9.0, 328.4), para(356.7, 319.7, "Example", 9.0, 388.5),
             para(310.8, 303.7, "case", 9.0, 326.3, lines=2), para(310.8, 270.8, "factor", 9.0, 331.5),
             para(310.8, 248.9, "finding", 9.0, 336.3), para(310.8, 205.1, "modifier", 9.0, 341.2),
             para(356.7, 303.7, "42-year-old poorly prepared mountaineer", 9.0, 526.8, lines=10)]
    caption = para(336.2, 170.0, "Table 2: Examples of long entities per type", 10.0, 508.3)
    caption.float, caption.kind, caption.name = True, "table", "Table 2"
    plist = [text] + cells + [caption]
    _table_above_caption(plist, 10.0)
    assert [p.name for p in cells] == ["table body"] * len(cells) and all(p.float for p in cells)
    assert text.kind is None and not text.float
    # not taken: small print far above the caption, or with running text between
    far = [para(304.9, 320.0, "a footnote of the column", 8.0, 500.0)]
    caption2 = para(336.2, 250.0, "Table 3: Relations", 10.0, 508.3)
    caption2.float, caption2.kind, caption2.name = True, "table", "Table 3"
    _table_above_caption(far + [caption2], 10.0)
    assert far[0].kind is None
    d = convert(DATA / "pdf" / "lrec2020-medical-entities-in-case-reports.pdf")
    t2 = next(s for s in d.sections if s.name == "Table 2")
    assert t2.kind == "table" and d.section_text(t2).startswith("Type\n\nExample\n\ncase condition")
    assert not [s for s in d.sections if s.kind == "body" and "\n\nfactor\n\n" in d.section_text(s)]
