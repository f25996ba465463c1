"""Render the seed paper (``shared/seed/jkra-2007-calcinosis-cutis.txt``) as a small journal-style PDF.

Output: ``src/rheumex/example/seed.pdf`` (the bundled example) - a born-digital PDF with a text
layer, made to exercise the PDF converter on a known text:

* page furniture: a running header (journal citation) and a page number on every page;
* front matter: "Published online" / copyright lines, the title in 18 pt bold, the authors,
  the affiliation, the received/accepted line;
* the abstract paragraph (no heading, as in the seed) and the "Keywords:" line;
* three grey boxes standing for the figures, each with its caption as a separate paragraph
  ("Fig. 1" in bold, caption text in 9 pt);
* a "References" heading and the numbered reference list (2-15, as in the seed: reference 1
  was lost on the web page) in two columns with hanging indents;
* a few long words at line ends are hyphenated ("calcifica-|tion"), only words the text also
  spells unbroken, so the converter's de-hyphenation can be checked against the seed;
* PDF /Title and /Author set; no dates, so the output is byte-for-byte reproducible.

The text is the seed's own (its "??" where dashes were lost is kept); the web page's
"Journal List >" breadcrumb and "Click for larger image" links are not rendered.

No dependencies beyond the standard library: the PDF is written by hand with the base-14
fonts (Helvetica family, WinAnsiEncoding); glyph widths for line breaking come from the
Adobe font metrics bundled with matplotlib when available, else a rough estimate.

Usage::

    python tools/make_example_pdf.py [SEED_TXT] [OUT_PDF]
"""
from __future__ import annotations

import re
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SEED = Path("/work/shared/seed/jkra-2007-calcinosis-cutis.txt")
FALLBACK_SEED = ROOT / "src" / "rheumex" / "example" / "seed.txt"
DEFAULT_OUT = ROOT / "src" / "rheumex" / "example" / "seed.pdf"

PAGE_W, PAGE_H = 595.0, 842.0  # A4
MARGIN_L, MARGIN_R, MARGIN_T, MARGIN_B = 62.0, 62.0, 70.0, 70.0
GUTTER = 18.0

FONTS = {"F1": "Helvetica", "F2": "Helvetica-Bold", "F3": "Helvetica-Oblique"}
_AFM = {"Helvetica": "phvr8a.afm", "Helvetica-Bold": "phvb8a.afm", "Helvetica-Oblique": "phvro8a.afm"}
_NAMES = dict(zip(
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
    ["space", "exclam", "quotedbl", "numbersign", "dollar", "percent", "ampersand", "quotesingle", "parenleft",
     "parenright", "asterisk", "plus", "comma", "hyphen", "period", "slash", "zero", "one", "two", "three", "four",
     "five", "six", "seven", "eight", "nine", "colon", "semicolon", "less", "equal", "greater", "question", "at",
     *"ABCDEFGHIJKLMNOPQRSTUVWXYZ", "bracketleft", "backslash", "bracketright", "asciicircum", "underscore", "grave",
     *"abcdefghijklmnopqrstuvwxyz", "braceleft", "bar", "braceright", "asciitilde"]))
_NAMES.update({"\u00d7": "multiply", "\u2013": "endash", "\u2014": "emdash", "\u00a9": "copyright", "\u2019": "quoteright",
               "\u2018": "quoteleft", "\u201c": "quotedblleft", "\u201d": "quotedblright", "\u00e9": "eacute"})


def _load_widths() -> dict[str, dict[str, float]]:
    widths: dict[str, dict[str, float]] = {}
    try:
        import matplotlib

        afm_dir = Path(matplotlib.get_data_path()) / "fonts" / "afm"
    except Exception:  # pragma: no cover - matplotlib is a rheumex dependency
        afm_dir = None
    for font, fname in _AFM.items():
        table: dict[str, float] = {}
        if afm_dir is not None and (afm_dir / fname).exists():
            for line in (afm_dir / fname).read_text(encoding="latin-1").splitlines():
                m = re.match(r"C -?\d+ ; WX (\d+) ; N (\S+) ;", line)
                if m:
                    table[m.group(2)] = float(m.group(1))
        widths[font] = table
    return widths


_WIDTHS = _load_widths()


def text_width(text: str, font: str, size: float) -> float:
    table = _WIDTHS.get(FONTS[font], {})
    return sum(table.get(_NAMES.get(ch, ""), 556.0) for ch in text) * size / 1000.0


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


# ----------------------------------------------------------------------------- seed parsing


def parse_seed(text: str) -> dict:
    lines = [ln.rstrip() for ln in text.splitlines()]
    nonblank = [ln for ln in lines if ln.strip()]
    get = lambda pat: next(ln for ln in nonblank if re.search(pat, ln))  # noqa: E731
    d = {
        "citation": get(r"^J Korean Rheum Assoc\. \d{4}"),
        "published": get(r"^Published online"),
        "copyright": get(r"^Copyright"),
        "title": get(r"^Two Cases of Calcinosis"),
        "authors": get(r"M\.D\., .*M\.D\."),
        "affiliation": get(r"^Department of"),
        "received": get(r"^Received"),
        "keywords": get(r"^Keywords:"),
    }
    i = nonblank.index(d["received"])
    d["abstract"] = nonblank[i + 1]
    figs = []
    for k, ln in enumerate(nonblank):
        m = re.match(r"^(Fig\. \d+)$", ln)
        if m:
            figs.append((m.group(1), nonblank[k + 1]))
    d["figures"] = figs
    d["references"] = [ln for ln in nonblank if re.match(r"^\d{1,2}\. [A-Z]", ln)]
    return d


# ----------------------------------------------------------------------------- layout


class Doc:
    def __init__(self) -> None:
        self.pages: list[list[bytes]] = []
        self.new_page()

    def new_page(self) -> None:
        self.pages.append([])

    def text(self, x: float, y: float, s: str, font: str, size: float) -> None:
        self.pages[-1].append(b"BT /%s %.1f Tf %.2f %.2f Td %s Tj ET" % (font.encode(), size, x, y, _pdf_string(s)))

    def rect(self, x: float, y: float, w: float, h: float, grey: float = 0.85) -> None:
        self.pages[-1].append(b"q %.2f g %.2f %.2f %.2f %.2f re f Q" % (grey, x, y, w, h))

    def rule(self, x0: float, y: float, x1: float) -> None:
        self.pages[-1].append(b"q 0.5 w %.2f %.2f m %.2f %.2f l S Q" % (x0, y, x1, y))


def wrap(words: list[str], font: str, size: float, width: float, first_width: float, hyphenable: set[str]) -> list[str]:
    """Greedy line breaking; a long word that the text also spells elsewhere may be hyphenated."""
    lines: list[str] = []
    cur = ""
    limit = first_width
    for w in words:
        cand = w if not cur else cur + " " + w
        if text_width(cand, font, size) <= limit:
            cur = cand
            continue
        core = re.sub(r"[^a-z]+$", "", w)
        split_done = False
        if cur and core in hyphenable and len(core) >= 9:
            for k in range(len(core) - 4, 4, -1):
                head = (cur + " " + w[:k] + "-")
                if text_width(head, font, size) <= limit and w[:k].isalpha():
                    lines.append(head)
                    cur = w[k:]
                    split_done = True
                    break
        if not split_done:
            if cur:
                lines.append(cur)
            cur = w
        limit = width
    if cur:
        lines.append(cur)
    return lines


def hyphenable_words(text: str) -> set[str]:
    words = re.findall(r"\b[a-z]{9,}\b", text)
    counts: dict[str, int] = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    return {w for w, c in counts.items() if c >= 2}


def build(seed: dict, source_text: str) -> bytes:
    doc = Doc()
    hyph = hyphenable_words(source_text)
    width = PAGE_W - MARGIN_L - MARGIN_R
    y = PAGE_H - MARGIN_T

    def para(s: str, font: str = "F1", size: float = 10.0, lead: float = 1.35, indent: float = 0.0, x: float = MARGIN_L,
             w: float = width, space_after: float = 8.0, hanging: float = 0.0, hyphenate: bool = True) -> None:
        nonlocal y
        lines = wrap(s.split(), font, size, w - hanging, w - indent, hyph if hyphenate else set())
        for k, line in enumerate(lines):
            if y < MARGIN_B + size:
                page_break()
            dx = indent if k == 0 else hanging
            doc.text(x + dx, y, line, font, size)
            y -= size * lead
        y -= space_after

    def page_break() -> None:
        nonlocal y
        doc.new_page()
        y = PAGE_H - MARGIN_T

    # front matter
    doc.text(MARGIN_L, y, seed["published"], "F1", 8)
    y -= 11
    doc.text(MARGIN_L, y, seed["copyright"], "F1", 8)
    y -= 42
    para(seed["title"], "F2", 18, lead=1.25, space_after=14, hyphenate=False)
    para(seed["authors"], "F1", 11, lead=1.3, space_after=6, hyphenate=False)
    para(seed["affiliation"], "F3", 9, space_after=4, hyphenate=False)
    para(seed["received"], "F1", 9, space_after=22, hyphenate=False)
    doc.rule(MARGIN_L, y + 12, PAGE_W - MARGIN_R)
    para(seed["abstract"], "F1", 10, lead=1.4, space_after=10)
    para(seed["keywords"], "F1", 10, space_after=24, hyphenate=False)

    # figures: a grey box each, the caption under it
    box_w, box_h = 250.0, 150.0
    for label, caption in seed["figures"]:
        if y - box_h - 60 < MARGIN_B:
            page_break()
        doc.rect(MARGIN_L + (width - box_w) / 2, y - box_h, box_w, box_h)
        y -= box_h + 16
        lines = wrap((label + " " + caption).split(), "F1", 9, width, width, hyph)
        for k, line in enumerate(lines):
            if k == 0:
                doc.text(MARGIN_L, y, label, "F2", 9)
                doc.text(MARGIN_L + text_width(label + " ", "F2", 9), y, line[len(label) + 1:], "F1", 9)
            else:
                doc.text(MARGIN_L, y, line, "F1", 9)
            y -= 12.5
        y -= 22

    # references: heading, then two columns with hanging indents
    if y < MARGIN_B + 200:
        page_break()
    doc.text(MARGIN_L, y, "References", "F2", 12)
    y -= 22
    col_w = (width - GUTTER) / 2
    top = y
    col = 0
    for ref in seed["references"]:
        num, rest = ref.split(" ", 1)
        lines = wrap(rest.split(), "F1", 8.5, col_w - 16, col_w - 16, set())
        for k, line in enumerate(lines):
            if y < MARGIN_B + 8:
                if col == 0:
                    col, y = 1, top
                else:
                    page_break()
                    col, top = 0, PAGE_H - MARGIN_T
                    y = top
            x = MARGIN_L + col * (col_w + GUTTER)
            if k == 0:
                doc.text(x, y, num, "F1", 8.5)
            doc.text(x + 16, y, line, "F1", 8.5)
            y -= 11.5
        y -= 3

    # running header and page numbers
    first_page = int(re.search(r":(\d+)-", seed["citation"]).group(1))
    for i, ops in enumerate(doc.pages):
        ops.insert(0, b"BT /F3 8.0 Tf %.2f %.2f Td %s Tj ET" % (MARGIN_L, PAGE_H - 40, _pdf_string(seed["citation"])))
        num = str(first_page + i)
        ops.append(b"BT /F1 9.0 Tf %.2f %.2f Td %s Tj ET" % ((PAGE_W - text_width(num, "F1", 9)) / 2, 40, _pdf_string(num)))
    authors = re.sub(r",? M\.D\.", "", seed["authors"]).replace(" and ", ", ")
    return write_pdf(doc, {"Title": seed["title"], "Author": authors,
                           "Subject": "J Korean Rheum Assoc 2007;14(4):395-400",
                           "Creator": "rheumex tools/make_example_pdf.py"})


# ----------------------------------------------------------------------------- PDF writer


def write_pdf(doc: Doc, info: dict[str, str]) -> bytes:
    objs: list[bytes] = []

    def add(body: bytes) -> int:
        objs.append(body)
        return len(objs)

    font_ids = {k: add(b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>" % v.encode())
                for k, v in FONTS.items()}
    resources = b"<< /Font << " + b" ".join(b"/%s %d 0 R" % (k.encode(), i) for k, i in font_ids.items()) + b" >> >>"
    pages_id = len(objs) + 1 + 2 * len(doc.pages)  # reserved after the page objects
    page_ids = []
    for ops in doc.pages:
        data = zlib.compress(b"\n".join(ops), 9)
        cid = add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream")
        page_ids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Resources %s /Contents %d 0 R >>"
                            % (pages_id, PAGE_W, PAGE_H, resources, cid)))
    assert add(b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % i for i in page_ids) + b"] /Count %d >>" % len(page_ids)) == pages_id
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    info_id = add(b"<< " + b" ".join(b"/%s %s" % (k.encode(), _pdf_string(v)) for k, v in info.items()) + b" >>")
    return pdf_bytes(objs, catalog, b"/Info %d 0 R " % info_id)


def pdf_bytes(objects: list[bytes], root: int, extra_trailer: bytes = b"") -> bytes:
    """A PDF file of the numbered ``objects`` with a correct cross-reference table; ``root`` is the
    catalogue's object number, ``extra_trailer`` more trailer entries ("/Info 6 0 R "). The one PDF
    writer of the project: the test fixtures (``tests/pdf_helpers.py``, ``tests/data/bad/make_bad_pdfs.py``)
    load it from here."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, extra_trailer, xref)
    return bytes(out)


def main(argv: list[str]) -> int:
    seed_path = Path(argv[1]) if len(argv) > 1 else (DEFAULT_SEED if DEFAULT_SEED.exists() else FALLBACK_SEED)
    out = Path(argv[2]) if len(argv) > 2 else DEFAULT_OUT
    text = seed_path.read_text(encoding="utf-8")
    pdf = build(parse_seed(text), text)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pdf)
    print(f"wrote {out} ({len(pdf):,} bytes) from {seed_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
