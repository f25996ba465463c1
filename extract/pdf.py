"""PDF to a :class:`Document`, with pdfminer.six for the characters and our own layout analysis.

Steps (geometry in :mod:`rheumex.extract.pdf_layout`):

1. **Characters**: pdfminer parses each page into positioned ``LTChar`` objects (text, box,
   font name, size); no pdfminer box grouping is run, which is where most of
   ``extract_text``'s time and its two-column mistakes come from. Ligatures (U+FB01 ...)
   become letters, unmapped glyphs ``(cid:N)`` are dropped, rotated text (margin stamps)
   and text inside pictures (figure labels) is ignored.
2. **Rows and reading order** per page: fragments -> rows -> recursive XY-cut (columns
   left to right, full-width blocks in place, publisher sidebars set aside).
3. **Page furniture**: rows in the top or bottom 12% of a page that repeat on other pages
   (digits ignored, so "Page 3 of 9" repeats) and page-number-only rows are dropped.
4. **Paragraphs**: rows re-flowed into one line per paragraph; a paragraph continues
   across column and page breaks and around floats (captions, footnotes, sidebars, which
   are emitted after the paragraph they interrupted); line-end hyphens are removed between
   lowercase parts unless the document spells the word with a hyphen elsewhere
   ("calcifica-|tion" -> "calcification", "heparin-|induced" stays hyphenated, "anti-|Jo1" keeps
   its hyphen).
5. **Structure**: a publisher cover sheet (HAL, "To cite this version", "downloaded by") is
   recognised and kept as an ``other`` section; the title is the largest-print paragraph
   near the top of the first article page, checked against the /Title entry (used when
   sensible and typography gives nothing); headings come from typography (bold or larger
   print, short) and :func:`rheumex.extract.sections.heading_kind`; "Fig. 1"/"Table 2"
   paragraphs become ``caption``/``table`` sections; the reference list runs from its heading
   to the next non-reference heading (kind ``references``).
6. **Metadata**: title, authors (the line under the title, else /Author), DOI (info dict,
   running headers, first page, text), journal and year (citation line, /Subject),
   licence (Creative Commons link).

``Document.pages[i]`` is the ``(start, end)`` span of page *i*'s text; the spans partition the
text in page order (a float deferred past a page break counts to the later page).
"""
from __future__ import annotations

import functools
import io
import logging
import re
from collections import Counter
from difflib import SequenceMatcher

from rheumex.extract.document import Document, Metadata, Section
from rheumex.extract.errors import ConversionError, EncryptedPDF, NoTextLayer
from rheumex.extract.normalize import LIGATURES
from rheumex.extract.pdf_meta import journal_and_year
from rheumex.extract import pdf_glyphs as G
from rheumex.extract import pdf_layout as L
from rheumex.extract.sections import _looks_like_title, heading_kind

if logging.getLogger("pdfminer").level == logging.NOTSET:  # pdfminer warns about every odd colour operator
    logging.getLogger("pdfminer").setLevel(logging.ERROR)

_DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"<>,;]+", re.I)
_PAGE_NUM = re.compile(r"^(?:page\s*)?#+(?:\s*(?:of|/)\s*#+)?$|^[-\u2013\u2014]\s*#+\s*[-\u2013\u2014]$|^[ivxlc]{1,6}$", re.I)
_CAPTION = re.compile(r"^(?P<label>(?:fig(?:ure)?s?\.?|table|tab\.|scheme|chart|plate|box)\s*(?:\d+|[IVX]+)[A-Za-z]?)"
                      r"(?P<delim>\s*[.:|\u2014\u2013]|\s*$)?", re.I)
_TYPE_LABEL = re.compile(r"^(?:open access|research|original|review|case|brief|short|clinical|letter|editorial|commentary|"
                         r"perspective|mini[- ]?review|systematic review|technical|report|article|communication|images?)"
                         r"(?:\s+(?:article|paper|report|review|communication|study|letter|research|access|full text article))*$", re.I)
_COVER = re.compile(r"HAL Id\s*:|HAL is a multi-disciplinary open access|archive ouverte pluridisciplinaire|To cite this version"
                    r"|This article was downloaded by|Full Terms & Conditions of access|Terms and Conditions of (?:access|use)"
                    r"|^Downloaded from\b|This is a PDF file of an unedited manuscript", re.I | re.M)
_RUNIN = re.compile(r"^(?P<label>abstract|summary|key\s?words?|index terms|acknowledge?ments?|funding(?: information)?|"
                    r"conflicts? of interests?(?: statement)?|competing interests?|declaration of competing interests?|"
                    r"disclosures?(?: statement)?|author contributions?|authors' contributions|data availability(?: statement)?|"
                    r"institutional review board statement|informed consent statement|ethics statement|citation|received|"
                    r"copyright|publisher's note|abbreviations|correspondence|edited by|reviewed by|specialty section)"
                    r"\s*[:.\u2014\u2013|]\s*", re.I)
#: numbered headings: "2.", "2.3", "2.3 | Heading" (Wiley), "IV." (Roman numerals)
_NUMBERED = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s*\|?\s+|[IVX]{1,5}\.\s+)[A-Z]")
#: run-in labels of back-matter statements (kind "back"); the other run-in labels are front matter
_BACK_RUNIN = re.compile(r"^(?:acknowledge?ments?|funding|conflicts?|competing|declaration|disclosure|author|data availability|"
                         r"institutional review|informed consent|ethics)", re.I)
_URL_END = re.compile(r"(?:\b10\.\d{4,9}/\S*|https?://\S*|www\.\S*)[./_-]$|(?:\b10\.\d{4,9}/\S*|https?://\S*)/$")
_LICENCE_URL = re.compile(r"creativecommons\.org/licen[cs]es/([a-z-]+)/(\d\.\d)", re.I)
_HYPHEN_KEEP = {"anti", "non", "self", "well", "long", "short", "low", "high", "follow", "cross", "ill", "semi", "multi", "meta",
                "half", "x", "t", "b", "ex", "co"}


class _Page:
    __slots__ = ("index", "width", "height", "rows", "graphics", "leaves", "cover", "panels", "boxes")

    def __init__(self, index: int, width: float, height: float):
        self.index, self.width, self.height = index, width, height
        self.rows: list[L.Row] = []
        self.graphics: list[tuple[float, float, float, float]] = []
        self.panels: list[tuple[float, float, float, float]] = []  # plain rectangles (frames, tinted boxes)
        self.boxes: list[tuple[float, float, float, float]] = []  # those of them that hold rows of text
        self.leaves: list[L.Leaf] = []
        self.cover = False


# ----------------------------------------------------------------------------- reading


def _decode(v) -> str | None:
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSLiteral

    try:
        v = resolve1(v)
    except Exception:
        return None
    if isinstance(v, PSLiteral):
        v = v.name
    if isinstance(v, bytes):
        if v.startswith(b"\xfe\xff"):
            return v[2:].decode("utf-16-be", "replace").strip("\x00") or None
        if v.startswith(b"\xff\xfe"):
            return v[2:].decode("utf-16-le", "replace") or None
        try:
            return v.decode("utf-8") or None
        except UnicodeDecodeError:
            return v.decode("cp1252", "replace") or None
    return str(v) if isinstance(v, (str, int, float)) and str(v) else None


def _corrupt(source: str, e: Exception, data: bytes = b"") -> ConversionError:
    detail = str(e).strip() or type(e).__name__
    if data and b"%%EOF" not in data[-4096:]:
        detail = f"the file ends early (no %%EOF marker; truncated download?): {detail}"
    return ConversionError(source, f"corrupt or truncated PDF: {detail[:200]}")


def _open(data: bytes, source: str):
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser

    if not data.lstrip()[:1024].startswith(b"%PDF") and b"%PDF" not in data[:1024]:
        raise ConversionError(source, "corrupt or truncated PDF: no %PDF header")
    try:
        doc = PDFDocument(PDFParser(io.BytesIO(data)))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise EncryptedPDF(source, "encrypted, password required") from None
    except Exception as e:  # pdfminer raises many types on broken files
        if re.search(r"encrypt|password|decrypt", str(e), re.I):
            raise EncryptedPDF(source, "encrypted, password required") from None
        raise _corrupt(source, e, data) from None
    try:
        doc.catalog["Pages"]
    except Exception as e:
        raise _corrupt(source, e, data) from None
    return doc


def _page_count(doc) -> int | None:
    from pdfminer.pdftypes import resolve1

    try:
        n = resolve1(resolve1(doc.catalog["Pages"]).get("Count"))
        return int(n) if isinstance(n, int) else None
    except Exception:
        return None


def _collect(container, chars: list, graphics: list, page_area: float, hidden: list, rotated: list,
             panels: list | None = None, fontlog: list | None = None) -> None:
    """Characters, picture boxes; text inside pictures goes to ``hidden`` (used only if the page has no other text).

    ``fontlog`` receives the font name of each character put in ``chars`` (see :mod:`rheumex.extract.pdf_glyphs`).
    """
    from pdfminer.layout import LTCurve, LTFigure, LTImage, LTRect

    for o in container:
        if type(o) is tuple:  # a character (rheumex.extract.pdf_chars)
            n = len(o)
            if n == 9:
                chars.append(o[:8])  # (text, x0, y0, x1, y1, size, bold, italic)
                if fontlog is not None:
                    fontlog.append(o[8])
            elif n == 10:
                rotated.append(o[:8])  # margin stamps, rotated table headers; or a landscape page
            elif n == 1:
                rotated.append(None)
            continue
        elif isinstance(o, LTFigure):
            kids = list(o)
            drawn = [k for k in kids if isinstance(k, (LTImage, LTCurve, LTFigure))]
            nchar = sum(1 for k in kids if type(k) is tuple)
            if drawn and all(isinstance(k, LTRect) for k in drawn) and len(drawn) <= 2 and nchar >= 200:
                # a tinted or framed panel drawn as its own object (key points, a boxed summary):
                # running text on a background, kept
                if panels is not None:
                    panels.extend(k.bbox for k in drawn)
                _collect([k for k in kids if not isinstance(k, LTRect)], chars, graphics, page_area, hidden, rotated, panels,
                         fontlog)
                continue
            if drawn:
                # a picture: its text (axis labels, panel letters, or a whole clipped page as some
                # publishers embed) is not running text
                if (o.x1 - o.x0) * (o.y1 - o.y0) < 0.5 * page_area:
                    graphics.append(o.bbox)
                _collect(kids, hidden, [], page_area, [], [])
                continue
            _collect(kids, chars, graphics, page_area, hidden, rotated, panels, fontlog)
        elif isinstance(o, (LTImage, LTCurve)):
            w, h = o.x1 - o.x0, o.y1 - o.y0
            if w * h < 0.5 * page_area and (w > L.SMALL_DRAWING or h > L.SMALL_DRAWING):
                graphics.append(o.bbox)
                if panels is not None and isinstance(o, LTRect):
                    panels.append(o.bbox)


def _turn_upright(chars: list, width: float, height: float) -> tuple[list, float, float]:
    """Characters of text turned 90 degrees, in the coordinates of the page turned so it reads upright.

    Text turned counter-clockwise (reading bottom to top) is turned back clockwise: the new
    x is the old y, the new y runs from the left edge; text turned clockwise the other way.
    The majority direction decides for the page. Returns (chars, new width, new height).
    """
    ccw = sum(1 for c in chars if c[7] > 0) >= len(chars) / 2
    out = []
    for t, x0, y0, x1, y1, size, bold, sign in chars:
        if (sign > 0) != ccw:
            continue
        if ccw:
            out.append((t, y0, width - x1, y1, width - x0, size, bold, False))
        else:
            out.append((t, height - y1, x0, height - y0, x1, size, bold, False))
    # characters in reading order along each line
    out.sort(key=lambda c: (-round((c[2] + c[4]) / 2), c[1]))
    return out, height, width


def _read_pages(doc, source: str, max_pages: int, warnings: list[str]) -> list[_Page]:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    from rheumex.extract.pdf_chars import CharTupleAggregator
    from rheumex.extract.pdf_content import FastPageInterpreter

    rsrc = PDFResourceManager(caching=True)
    device = CharTupleAggregator(rsrc)  # raw characters as tuples; layout is ours
    interp = FastPageInterpreter(rsrc, device)  # pdfminer's interpreter with a faster content reader
    pages: list[_Page] = []
    glyph_cache: dict = {}
    total = _page_count(doc)
    try:
        for i, page in enumerate(PDFPage.create_pages(doc)):
            if i >= max_pages:
                warnings.append(f"{total or 'more than ' + str(max_pages)} pages; only the first {max_pages} were read (max_pages)")
                break
            try:
                page.rotate = 0  # lay the page out as drawn: a /Rotate-d page's text then reads left to right
                interp.process_page(page)
                lt = device.get_result()
            except (PDFPasswordIncorrect, PDFEncryptionError):
                raise EncryptedPDF(source, "encrypted, password required") from None
            except Exception as e:
                warnings.append(f"page {i + 1} could not be read ({type(e).__name__}: {str(e)[:80]}); skipped")
                pages.append(_Page(i, 612.0, 792.0))
                continue
            p = _Page(i, lt.width, lt.height)
            chars: list = []
            hidden: list = []
            rotated: list = []
            fontlog: list[str] = []
            _collect(lt, chars, p.graphics, lt.width * lt.height, hidden, rotated, p.panels, fontlog)
            suspects = G.in_word_fonts(chars, fontlog)
            if suspects:
                # letters set from a supplementary font whose glyph names lie ("FakJoglu"): read from the outlines
                fonts = {str(f.fontname): f for f in rsrc._cached_fonts.values()}
                subst = G.substitutes(fonts, suspects, glyph_cache)
                if subst:
                    chars = [(subst.get((f, c[0]), c[0]),) + c[1:] if f in suspects else c for c, f in zip(chars, fontlog)]
            turned = [c for c in rotated if c is not None]
            if len(turned) > max(200, 2 * len(chars)):
                # a landscape page (a wide table set sideways): turn it upright and read it
                chars, W, H = _turn_upright(turned, lt.width, lt.height)
                p = _Page(i, W, H)
                warnings.append(f"page {i + 1}: text set sideways ({len(turned)} characters) read turned upright")
            elif len(rotated) > max(200, len(chars)):
                warnings.append(f"page {i + 1}: {len(rotated)} characters of rotated text ignored")
            if len(chars) < 20 and len(hidden) > len(chars):
                chars = hidden
            w, h = p.width, p.height
            chars = [c for c in chars if c[3] > 0 and c[1] < w and c[4] > 0 and c[2] < h]  # clipped off the page
            p.rows = L.frags_to_rows(L.chars_to_frags(chars), i)
            pages.append(p)
    except ConversionError:
        raise
    except Exception as e:
        if not pages:
            raise _corrupt(source, e) from None
        warnings.append(f"stopped after page {len(pages)}: {type(e).__name__}: {str(e)[:80]}")
    if not pages:
        raise ConversionError(source, "corrupt or truncated PDF: no pages found")
    return pages


# ----------------------------------------------------------------------------- page clean-up


def _furniture_key(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text.lower())).strip()


def _remove_furniture(pages: list[_Page]) -> list[str]:
    """Drop running headers/footers and page numbers; return the dropped texts (for metadata)."""
    n = len(pages)
    zone_counts: Counter = Counter()
    for p in pages:
        keys = {_furniture_key(r.text) for r in p.rows if _in_zone(r, p)}
        zone_counts.update(keys)
    repeated = {k for k, c in zone_counts.items() if n >= 2 and c >= 2 and c >= 0.25 * n and len(k) < 160}
    dropped: list[str] = []
    for p in pages:
        keep = []
        for r in p.rows:
            if _in_zone(r, p):
                k = _furniture_key(r.text)
                if k in repeated or _PAGE_NUM.match(k):
                    dropped.append(r.text)
                    continue
            keep.append(r)
        p.rows = keep
    return dropped


def _in_zone(r: L.Row, p: _Page) -> bool:
    return r.y0 > 0.88 * p.height or r.y1 < 0.12 * p.height


def _within(r: L.Row, g: tuple[float, float, float, float]) -> bool:
    return g[0] - 2 <= r.x0 and r.x1 <= g[2] + 2 and g[1] - 2 <= r.y0 and r.y1 <= g[3] + 2


def _contains(a: tuple, b: tuple) -> bool:
    return a[0] - 1 <= b[0] and a[1] - 1 <= b[1] and b[2] <= a[2] + 1 and b[3] <= a[3] + 1


def _drop_picture_text(p: _Page) -> None:
    if not p.graphics:
        return
    # a plain rectangle standing alone (no picture or drawing inside, not a cell of a grid of
    # rectangles) is a frame or a tinted panel (abstract box, key points, boxed case summary):
    # its text is kept, not dropped as picture text
    inside = lambda a, b: b[0] >= a[0] - 1 and b[1] >= a[1] - 1 and b[2] <= a[2] + 1 and b[3] <= a[3] + 1 and a != b  # noqa: E731
    same = lambda a, b: all(abs(x - y) <= 1.5 for x, y in zip(a, b))  # noqa: E731
    meets = lambda a, b: a[0] <= b[2] + 1 and b[0] <= a[2] + 1 and a[1] <= b[3] + 1 and b[1] <= a[3] + 1  # noqa: E731
    panels = {g for g in p.panels
              if not any(inside(g, o) for o in p.graphics if o not in p.panels)
              and not any(meets(g, o) and not same(g, o) for o in p.panels)}
    pics = [g for g in p.graphics if (g[2] - g[0]) > 40 and (g[3] - g[1]) > 40 and g not in panels]
    # text panels (section kind "box"): a frame or tint of a few rows or more, not a page border
    area = p.width * p.height
    for g in sorted(panels):
        if (g[2] - g[0]) > 40 and (g[3] - g[1]) > 20 and (g[2] - g[0]) * (g[3] - g[1]) < 0.6 * area \
                and sum(1 for r in p.rows if _within(r, g)) >= 2 and not any(_contains(b, g) for b in p.boxes):
            p.boxes = [b for b in p.boxes if not _contains(g, b)] + [g]
    if pics:
        p.rows = [r for r in p.rows if not any(g[0] - 2 <= r.x0 and r.x1 <= g[2] + 2 and g[1] - 2 <= r.y0 and r.y1 <= g[3] + 2
                                               for g in pics)]


# ----------------------------------------------------------------------------- paragraphs


class _Block:
    """A final paragraph: text, rows' offsets, and classification."""

    __slots__ = ("para", "text", "kind", "name", "float", "heading", "page", "box")

    def __init__(self, para: L.Para):
        self.box: tuple | None = None  # the text panel (frame or tint) all its rows sit in
        self.para = para
        self.text = ""
        self.kind = para.kind
        self.name = para.name
        self.float = para.float
        self.heading = para.heading
        self.page = para.rows[0].page


def _classify(paras: list[L.Para], pages: list[_Page], m: L.Metrics, leaves: dict[int, L.Leaf]) -> None:
    """Mark floats (captions, footnotes, sidebars, page-edge small print) and headings."""
    body = m.body
    by_page: dict[int, list[L.Para]] = {}
    for para in paras:
        by_page.setdefault(para.rows[0].page, []).append(para)
    for pi, plist in by_page.items():
        page = pages[pi]
        table_open = False
        last_caption: L.Para | None = None
        for k, para in enumerate(plist):
            if para.kind == "_absorbed":
                continue
            if _label_alone(para, plist[k + 1] if k + 1 < len(plist) else None):
                para.rows.extend(plist[k + 1].rows)  # "Table 2" over its title: one caption
                plist[k + 1].kind = "_absorbed"
            raw = para.raw
            if (last_caption is not None and para.first_in_leaf and abs(para.size - last_caption.size) <= 0.3
                    and not L.ends_sentence(last_caption.rows[-1].text) and raw[:1].islower()):
                # the second half of a caption set in two columns
                last_caption.rows.extend(para.rows)
                para.kind = "_absorbed"
                continue
            size = para.size
            first = para.rows[0]
            if page.cover:
                para.kind, para.name = "other", "Cover page"
                continue
            cm = _CAPTION.match(raw)
            if cm and cm.group("label")[:1] in "bB" and any(all(_within(r, g) for r in para.rows) for g in page.boxes):
                cm = None  # "Box 1. Key points" heading its own panel: the panel is the box, not a caption
            if cm and (cm.group("delim") or abs(size - body) > 0.4 or first.bold) and len(raw) > len(cm.group(0)) + 3:
                label = cm.group("label")
                para.float = True
                para.kind = "table" if re.match(r"tab", label, re.I) else "caption"
                para.name = re.sub(r"\s+", " ", label).strip()
                table_open = para.kind == "table"
                last_caption = para
                continue
            last_caption = None
            if (table_open and size < body - 0.4) or leaves[para.leaf].tabular:
                para.float, para.kind, para.name = True, "table", "table body"
                continue
            table_open = False
            if any(r.margin for r in para.rows):
                para.float, para.kind, para.name = True, "other", "sidebar"
                continue

        _table_above_caption(plist, body)
        # small print at the top or bottom edge of the page, set well apart from the text: page notes
        for edge in ("bottom", "top"):
            group = [pa for pa in plist if not pa.kind and pa.size < body - 0.5 and all(
                (r.y1 < 0.15 * page.height) if edge == "bottom" else (r.y0 > 0.85 * page.height) for r in pa.rows)]
            if group and _clearance(group, page, edge == "bottom") >= 1.2 * body:
                for pa in group:
                    pa.float, pa.kind, pa.name = True, "other", "page notes"
        # footnotes: a few rows of small print closing a column, set apart from the text above
        by_leaf: dict[int, list[L.Para]] = {}
        for para in plist:
            by_leaf.setdefault(para.leaf, []).append(para)
        for lps in by_leaf.values():
            if not any(abs(p_.size - body) <= 0.6 for p_ in lps):
                continue
            tail: list[L.Para] = []
            for para in reversed(lps):
                if para.kind or para.size >= body - 0.7 or para.rows[0].y1 > page.height * 0.5 or _RUNIN.match(para.raw):
                    break
                tail.insert(0, para)
            nrows = sum(len(p_.rows) for p_ in tail)
            if not tail or nrows > 8 or nrows > 0.3 * len(leaves[tail[0].leaf].rows):
                continue
            k = lps.index(tail[0])
            if k > 0 and lps[k - 1].rows[-1].y0 - tail[0].rows[0].y1 < 0.8 * body:
                continue
            for para in tail:
                para.float, para.kind, para.name = True, "other", "footnote"
    for para in paras:
        if para.kind or para.float:
            continue
        para.heading = _is_heading(para, body)
    by_leaf: dict[int, list[L.Para]] = {}
    for para in paras:
        if not para.kind and not para.float:
            by_leaf.setdefault(para.leaf, []).append(para)
    for lps in by_leaf.values():
        for k in range(len(lps) - 2, -1, -1):  # from the bottom: a subheading may stand over another
            para = lps[k]
            if not para.heading and _set_off_subheading(lps[k - 1] if k else None, para, lps[k + 1], m, leaves[para.leaf].x0):
                para.heading = True


def _set_off_subheading(prev: L.Para | None, para: L.Para, nxt: L.Para, m: L.Metrics, left: float) -> bool:
    """A subheading told from the text by its face alone: one short line in italic, or in print a
    little smaller or larger than the text, over a paragraph of running text, with more room above
    it than a line's (or right under a heading or a line in its own print, or at the top of a column);
    or over such a subheading in its own print ("Treatment schedules" over "Lifestyle Advice group", in italic).

    Cureus sets "Vitamin D Deficiency" in italic at the text's size; BMC sets "Study design" in
    another typeface 0.6 pt smaller than the text. No sentence end, at most 12 words, a capital first,
    set at the column's left edge (``left``) where the text under it starts (or up to 3 em left of
    its first-line indent): not a table cell beside other cells.
    """
    text = para.raw.strip()
    if len(para.rows) != 1 or len(text.split()) > 12 or not re.match(r"[A-Z][^\W\d_]{2}", text) or text.endswith((".", ",", ";", ":")):
        return False
    if _RUNIN.match(text) or _CAPTION.match(text) or _affiliation_block(text) or text.count(",") >= 2:
        return False
    r, q = para.rows[0], nxt.rows[0]
    body_text = (abs(nxt.size - m.body) <= 0.3 and not nxt.bold and not nxt.italic and not nxt.heading
                 and (len(nxt.rows) >= 2 or L.ends_sentence(nxt.raw)) and bool(re.match(r"[A-Z\d(\[]", nxt.raw)))
    sub_under = nxt.heading and len(nxt.rows) == 1 and abs(nxt.size - r.size) <= 0.3 and not nxt.bold
    if not (body_text or sub_under) or r.bold or q.page != r.page or not (0 < r.base - q.base <= 3 * m.pitch_of(nxt.size)):
        return False
    em = nxt.size
    if abs(r.x0 - left) > 0.5 * em or not (-0.5 * em <= q.x0 - r.x0 <= 3 * em):
        return False
    if not (r.italic or 0.3 <= abs(r.size - m.body) <= 1.5):
        return False
    if prev is None or prev.heading or prev.rows[-1].page != r.page or (len(prev.rows) == 1 and abs(prev.size - r.size) <= 0.3):
        return True  # nothing above in the column, a heading above, or a line in the same print (a subheading over it)
    return prev.rows[-1].base - r.base > 1.5 * m.pitch_of(nxt.size)


def _table_above_caption(plist: list[L.Para], body: float) -> None:
    """Small print set right above a table's caption is that table's body (LREC and ACL set the
    caption under the table: "Table 2: Examples of long entities per type" under its cells).

    Going up from the caption: unclassified paragraphs in print smaller than the text, above it
    on its page, reaching into the width of the caption and the cells taken, each at most 3 lines of text above the top of the ones
    taken (columns of cells side by side overlap it); the first paragraph in the text's print (or of
    another kind) ends the table.
    """
    for k, cap in enumerate(plist):
        if cap.kind != "table" or cap.name == "table body" or not cap.float:
            continue
        top = cap.rows[0]
        x0, x1 = min(r.x0 for r in cap.rows), max(r.x1 for r in cap.rows)
        below = top.y1
        run: list[L.Para] = []
        for para in reversed(plist[:k]):
            rows = para.rows
            if (para.kind or para.float or para.size >= body - 0.4 or rows[0].page != top.page
                    or min(r.y0 for r in rows) < top.y1 - 0.5 * body or min(r.y0 for r in rows) - below > 3 * body
                    or max(r.x1 for r in rows) < x0 or min(r.x0 for r in rows) > x1):
                break
            run.append(para)
            below = max([below] + [r.y1 for r in rows])
            x0, x1 = min([x0] + [r.x0 for r in rows]), max([x1] + [r.x1 for r in rows])
        for para in run:
            para.float, para.kind, para.name = True, "table", "table body"


def _label_alone(para: L.Para, nxt: L.Para | None) -> bool:
    """A float's label on a line of its own ("Table 2", bold) with its title on the line under it,
    in the same print and column ("Meta-analysis of associations between ...": Wolters Kluwer).

    Alone, the label is too short for a caption and read as a heading.
    """
    cm = _CAPTION.match(para.raw)
    if cm is None or len(para.raw) > len(cm.group(0)) + 3 or len(para.rows) != 1 or nxt is None or nxt.kind:
        return False
    r, q = para.rows[0], nxt.rows[0]
    return (q.page == r.page and nxt.leaf == para.leaf and abs(q.size - r.size) <= 0.3 and q.bold == r.bold
            and 0 < r.base - q.base <= 2.0 * r.size and q.text[:1].isupper() and not _CAPTION.match(nxt.raw))


def _clearance(group: list[L.Para], page: _Page, above: bool) -> float:
    """Empty space between a group of paragraphs and the nearest other text above (or below) it."""
    ids = {id(r) for pa in group for r in pa.rows}
    top = max(r.y1 for pa in group for r in pa.rows)
    bottom = min(r.y0 for pa in group for r in pa.rows)
    if any(id(q) not in ids and ((q.y1 < top) if above else (q.y0 > bottom)) for q in page.rows):
        return 0.0  # other text nearer the page edge: not page notes
    gaps = [q.y0 - top if above else bottom - q.y1 for q in page.rows
            if id(q) not in ids and ((q.y0 >= top - 1) if above else (q.y1 <= bottom + 1))]
    return min(gaps) if gaps else 1e9


def _is_heading(para: L.Para, body: float) -> bool:
    text = para.raw.strip()
    if _long_numbered_heading(para, text, body):
        return True
    if len(para.rows) > 3 or len(text) > 120 or not re.search(r"[A-Za-z]{2}", text):
        return False
    words = text.split()
    if heading_kind(text) or _ref_heading(text):
        return True
    if len(words) > 15 or text.count(",") >= 2 or _RUNIN.match(text) or _TYPE_LABEL.match(_unspace(text)):
        return False
    if text.endswith((".", ",", ";")) and not re.match(r"^\d+(\.\d+)*\.?\s+\S+$", text):
        return False
    size = para.size
    if para.italic and _SECTION_NUMBER.match(text) and not text.endswith(".") and not _affiliation_block(text):
        return True  # "3.2. Survival Analysis" set in italic on a line of its own (not "1 Department of ..., ...")
    return para.bold or size >= body + 0.9 or (text.isupper() and len(text) >= 4 and size >= body - 0.6)


def _long_numbered_heading(para: L.Para, text: str, body: float) -> bool:
    """A numbered heading set over up to four lines, every line in bold (or every line in italic).

    MDPI and Wolters Kluwer set long section titles in the text's own size over two or three lines
    ("7. Tissue Characterization in Hypertensive Heart Disease—Clinical Aspects and / Evaluation of
    Myocardial Fibrosis Using LGE, Myocardial Tissue Mapping and / ..."), with commas in them; the
    length, word and comma limits of other headings do not apply when the section number and the
    face of every line say heading. No sentence end, not an affiliation ("1 Department of ...").
    """
    if len(para.rows) > 4 or len(text) > 250 or len(text.split()) > 40 or not _SECTION_NUMBER.match(text):
        return False
    if text.endswith((".", ",", ";", ":")) or _affiliation_block(text) or para.size < body - 0.6:
        return False
    return all(r.bold for r in para.rows) or all(r.italic for r in para.rows)


#: a heading's second line that starts with one of these goes on the first ("Results" / "and Discussion")
_HEADING_GOES_ON = {"and", "or", "of", "&", "in", "with", "for", "the", "to", "on", "at", "by", "from", "versus", "vs"}


def _split_stacked_headings(paras: list[L.Para]) -> list[L.Para]:
    """Two headings set in the same print on consecutive lines read as one paragraph: a section
    heading alone on its first line ("METHODS", which :func:`heading_kind` knows) over the first
    subheading ("Search Strategy": Frontiers) become two headings.

    The rest must start with a capital and not with a word that carries the first line on
    ("Results" / "And Discussion").
    """
    out: list[L.Para] = []
    for para in paras:
        rows = para.rows
        if para.heading and len(rows) >= 2 and (heading_kind(rows[0].text) or _ref_heading(rows[0].text)):
            rest = " ".join(r.text for r in rows[1:])
            first_word = rest.split(" ", 1)[0].lower()
            if rest[:1].isupper() and first_word not in _HEADING_GOES_ON:
                head, sub = L.Para(rows[:1], para.leaf), L.Para(rows[1:], para.leaf)
                head.first_in_leaf, sub.last_in_leaf = para.first_in_leaf, para.last_in_leaf
                head.heading = sub.heading = True
                out.extend((head, sub))
                continue
        out.append(para)
    return out


class _Text:
    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text


def _prefix(text: str, n: int) -> str:
    """The start of ``text`` holding its first ``n`` characters that are not spaces."""
    k = 0
    for i, ch in enumerate(text):
        if not ch.isspace():
            k += 1
            if k == n:
                return text[: i + 1]
    return text


#: a section number opening a heading line: "2.", "3.2.1", "IV." (not "12000 Prague")
_SECTION_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,5}\.)\s+[A-Z]")
#: the section number of a run-in heading: "2.1.", "3.2.1", "(1)", "IV."
_RUNIN_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)*\.?|\(\d{1,2}\)|[IVX]{1,5}\.)\s")


def _runin_heading(rows: list[L.Row]) -> str | None:
    """A heading set at the start of its paragraph in another face than the text after it.

    "2.2. Protocol. A total of 65 ..." (the heading italic, the text upright), "Case 1: A 54-year-old
    ..." (bold, then regular): the paragraph's first characters are bold or italic, that face
    ends within the paragraph's first three lines (or with one of them) at a full stop, colon
    or dash (set in either face), and text of at least three words follows, starting with a
    capital, a digit or a bracket. When the face runs on past the heading's full stop (the text
    opens with an italic term: "3.3. Validity of ... PDRQ-9. Face validity, ..."), the heading
    ends at that full stop. At most 12 words (25 with a section number). Returns the heading
    without its closing mark, or None.
    """
    face = rows[0].face
    if not face:
        return None
    parts: list[str] = []
    rest = ""
    for r in rows[:3]:
        if r.face != face:
            break  # the face ended with the line before
        if r.lead >= r.nchar:
            parts.append(r.text)
            continue
        parts.append(_prefix(r.text, r.lead))
        rest = r.text[len(parts[-1]):]
        break
    else:
        return None  # the first three lines in one face: a heading of its own or an italic paragraph
    n_whole = len(parts) - (1 if rest else 0)
    if n_whole >= len(rows):
        return None
    head, _ = _join_rows([_Text(t) for t in parts], set())
    head = head.strip()
    tail = " ".join([rest] + [q.text for q in rows[len(parts):]]).strip()
    if head[-1:] in ".:\u2014\u2013":
        head = head[:-1].rstrip()
    elif tail[:1] in ".:\u2014\u2013":
        tail = tail[1:].strip()
    else:
        number = _RUNIN_NUMBER.match(head + " ")
        cut = re.search(r"(?<=[^\W\d_]{2})[.:]\s+(?=[A-Z])|(?<=\d)[.:]\s+(?=[A-Z])", head[number.end() if number else 0:])
        if cut is None:
            return None
        k = (number.end() if number else 0) + cut.start()
        head, tail = head[:k].rstrip(), head[k + 1:].strip() + " " + tail
    words = head.split()
    numbered = bool(_RUNIN_NUMBER.match(head + " "))
    if not words or len(words) > (25 if numbered else 12) or not re.search(r"[^\W\d_]{3}", head):
        return None
    if len(tail.split()) < 3 or not re.match(r"[A-Z\d(\[\u201c\"']", tail):
        return None
    return L.fix_spacing_accents(head)


def _ref_heading(text: str) -> bool:
    low = re.sub(r"^(?:\d+(?:\.\d+)*\.?|[IVX]+\.)\s*\|?\s*", "", text.strip()).rstrip(":.").lower()
    return len(low.split()) <= 4 and bool(re.search(r"\b(references|bibliography|literature cited|works cited|reference list)$", low))


def _unspace(text: str) -> str:
    """"R E V I E W" -> "REVIEW"."""
    toks = text.split()
    return "".join(toks) if len(toks) > 2 and all(len(t) == 1 for t in toks) else text


def _assemble(paras: list[L.Para], leaves: dict[int, L.Leaf], page_rows: dict[int, list[L.Row]], m: L.Metrics) -> list[L.Para]:
    """Join paragraphs across column/page breaks and floats; floats follow the paragraph they interrupt."""
    out: list[L.Para] = []
    pending: list[L.Para] = []
    open_para: L.Para | None = None
    can_continue = False
    prev_float = False
    for para in paras:
        if para.float or para.kind == "other" and para.name == "Cover page":
            if open_para is not None and can_continue:
                pending.append(para)
            else:
                out.append(para)
            prev_float = True
            continue
        if (open_para is not None and can_continue and (para.first_in_leaf or prev_float)
                and L.continues(open_para, para, leaves[open_para.rows[-1].leaf], leaves[para.leaf], m,
                                page_rows[open_para.rows[-1].page], page_rows[para.rows[0].page], prev_float)):
            open_para.rows.extend(para.rows)
            open_para.joined = True
            can_continue = para.last_in_leaf
            prev_float = False
            continue
        out.extend(pending)
        pending = []
        out.append(para)
        open_para = para
        # a paragraph ending its leaf may go on in the next column; one followed by a float in
        # its own leaf may go on after the float (checked when the next paragraph comes)
        can_continue = not para.heading and para.kind != "title"
        prev_float = False
    out.extend(pending)
    return out


_ENTRY_LABEL = re.compile(r"^\[?(\d{1,3})[.\])]?\s+\S")


def _join_entry_continuations(paras: list[L.Para]) -> list[L.Para]:
    """In a numbered reference list, a paragraph with no label set at the entries' hanging
    indent between entry n and entry n + 1 is the rest of entry n.

    Ragged-right lists end an entry's line short of the column edge ("... obstetric population."
    then "MJA 2006, 184:56-59."), which reads as a paragraph end. The list runs from a
    reference heading to the next heading; floats inside it are stepped over.
    """
    out: list[L.Para] = []
    in_refs = False
    last: L.Para | None = None  # the open numbered entry
    last_n = -1
    for k, para in enumerate(paras):
        if para.heading:
            in_refs = _ref_heading(para.raw)
            last = None
        elif in_refs and not para.float and not para.kind:
            m = _ENTRY_LABEL.match(para.raw)
            if m:
                last, last_n = para, int(m.group(1))
            elif last is not None and _hanging_continuation(last, para):
                nxt = next((q for q in paras[k + 1:] if not q.float and not q.kind), None)
                m2 = _ENTRY_LABEL.match(nxt.raw) if nxt is not None and not nxt.heading else None
                if m2 and int(m2.group(1)) == last_n + 1:
                    last.rows.extend(para.rows)
                    last.joined = True
                    continue
                last = None
            else:
                last = None
        out.append(para)
    return out


def _hanging_continuation(entry: L.Para, para: L.Para) -> bool:
    """``para`` starts right of ``entry``'s label in the same column, at most 3 em in, in the same print."""
    r, first = para.rows[0], entry.rows[-1]
    label = entry.rows[0]
    s = r.size
    if abs(r.size - label.size) > 0.3 or r.bold != label.bold or r.page != first.page:
        return False
    edge = label.x0 if label.page == r.page and abs(label.x0 - first.x0) < 3 * max(s, 10.0) else min(
        q.x0 for q in entry.rows if q.page == r.page)
    return 0.6 * s < r.x0 - edge <= 3 * max(s, 10.0)


def _vocabulary(pages: list[_Page]) -> set[str]:
    """Words of the document (and the hyphenated pairs inside compounds), for line-end hyphen decisions."""
    vocab: set[str] = set()
    for p in pages:
        for r in p.rows:
            words = re.findall(r"[^\W\d_](?:[^\W\d_]|[-\u2010])*[^\W\d_]", r.text)
            # a row's last word before a line-end hyphen and a lowercase first word may be word pieces
            if words and re.search(r"[-\u2010\u00ad]$", r.text):
                words.pop()
            if words and r.text[:1].islower():
                words.pop(0)
            for w in words:
                w = w.lower().replace("\u2010", "-")
                vocab.add(w)
                if "-" in w:
                    parts = w.split("-")
                    vocab.update(parts)
                    vocab.update(a + "-" + b for a, b in zip(parts, parts[1:]))
    return vocab


#: a table row that ends like this goes on in the row below (a cell wrapped over two lines)
_TABLE_WRAP = re.compile(r"([,(/\u2013-]|\b(?:and|or|of|with|in|the|a|an|to|for|by|at))$")
#: a table cell of marks only, no letter or digit ("-", "++", "+/-", "\u2013"): never the start of a wrapped cell
_MARK_CELL = re.compile(r"[^\w\s]+(?:\s+[^\w\s]+)*")


def _join_rows(rows: list[L.Row], vocab: set[str], table: bool = False) -> tuple[str, list[int]]:
    """Re-flow rows into one line; returns the text and each row's start offset. With ``table``
    (a table body) a row stays a line of its own unless it continues a wrapped cell (the row
    starts in lower case or the one above ends in a comma, bracket, dash or a function word), and
    wide gaps between cells are " | ", as the JATS reader writes table cells: a cell's words never
    run into the next cell's."""
    text = ""
    starts = []
    for r in rows:
        cells = getattr(r, "cells", None) if table else None
        t = L.fix_spacing_accents(cells or r.text)
        if not text:
            starts.append(0)
            text = t
            continue
        if text.endswith("\u00ad"):
            text = text[:-1]
        elif re.search(r"\d[-\u2010\u2011]$", text) and t[:1].isalpha():
            pass  # "Gadd45-|alpha", "CD4-|positive": keep the hyphen
        elif re.search(r"[^\W\d_][-\u2010\u2011]$", text):
            left = re.search(r"((?:[^\W\d_]+[-\u2010\u2011])*[^\W\d_]+)[-\u2010\u2011]$", text).group(1)
            right_m = re.match(r"[^\W\d_]+", t)
            if t[:1].islower() and right_m:
                if _keep_hyphen(left, right_m.group(0), vocab):
                    pass  # keep "-" and glue
                else:
                    text = text[:-1]
            # uppercase or digit after the hyphen: a real hyphen ("anti-Jo1", "IL-6")
        elif re.search(r"\d[-\u2013]$", text) and t[:1].isdigit():
            pass  # a number range broken at the line end: "482-|5"
        elif _URL_END.search(text) and not t[:1].isupper() and not t.startswith("("):
            pass  # a DOI or URL broken at the line end: "10.1016/j.imlet.2011.|09.006"
        elif table and (not _TABLE_WRAP.search(text) or _MARK_CELL.fullmatch(text.rsplit("\n", 1)[-1])) and not t[:1].islower():
            # the next cell down ("Opossum" / "Prairie dog"); a wrapped cell goes on: "Mean age (year," / "range)";
            # a cell of marks only ("-", "+/-") ends in a dash but is whole
            text += "\n"
        else:
            text += " "
        starts.append(len(text))
        text += t
    return text, starts


def _keep_hyphen(left: str, right: str, vocab: set[str]) -> bool:
    """Is the hyphen at a line end a real one? ``left`` is the text before it, ``right`` the word after."""
    pieces = re.split(r"[-\u2010\u2011]", left)
    last = pieces[-1]
    if last.isupper() and len(last) <= 4:
        return True  # "N-|acetyl", "T-|cell", "IL-|receptor"
    joined, hyph = (last + right).lower(), (last + "-" + right).lower()
    if joined in vocab and hyph not in vocab:
        return False
    if hyph in vocab:
        return True
    if last.lower() in _HYPHEN_KEEP:
        return True
    if len(last) >= 3 and len(right) >= 3 and last.lower() in vocab and right.lower() in vocab:
        return True  # two words of their own: "heparin-|induced", "molecular-|weight"
    return False


# ----------------------------------------------------------------------------- metadata


def _sensible_title(t: str | None) -> bool:
    if not t:
        return False
    t = t.strip()
    if len(t) < 10 or len(t) > 400 or len(t.split()) < 3:
        return False
    if re.search(r"\.(pdf|docx?|tex|dvi|indd|qxd|qxp|p65|rtf)\b|^untitled|^microsoft word|^title$|_|\.\.|^layout \d", t, re.I):
        return False
    letters = sum(ch.isalpha() for ch in t)
    return letters >= 0.6 * len(t.replace(" ", ""))


def _norm(t: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", t.lower())


def _similar(a: str, b: str) -> float:
    a, b = _norm(a), _norm(b)
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _clean_info_title(t: str | None) -> str | None:
    """The /Title entry with HTML character references decoded ("Meta&#x2010;analysis")."""
    if not t:
        return t
    import html

    return re.sub(r"\s+", " ", html.unescape(t)).strip()


def _title_para(paras: list[L.Para], pages: list[_Page], body: float, info_title: str | None = None) -> L.Para | None:
    """The title: the first-page paragraph that the /Title entry names, else the largest print.

    A subtitle set right under it in large bold print ("A systematic review and meta-analysis")
    is marked as title too (the caller joins them with ": ").
    """
    first = next((p for p in pages if not p.cover and p.rows), None)
    if first is None:
        return None
    cands = [pa for pa in paras if pa.rows[0].page == first.index and not pa.float
             and pa.rows[0].y1 > 0.35 * first.height and 2 <= len(pa.raw.split()) <= 60
             and not _TYPE_LABEL.match(_unspace(pa.raw)) and not _DOI.search(pa.raw) and re.search(r"[a-z]", pa.raw)]
    if not cands:
        return None
    best = None
    if _sensible_title(info_title):
        named = [pa for pa in cands if pa.size >= body + 0.9 and _similar(pa.raw, info_title) >= 0.9]
        if named:
            best = max(named, key=lambda pa: pa.size)
    if best is None:
        top = max(pa.size for pa in cands)
        if top < body + 0.9:
            return None
        best = max((pa for pa in cands if pa.size == top), key=lambda pa: len(pa.raw))
    k = paras.index(best)
    if k + 1 < len(paras):
        nxt = paras[k + 1]
        gap = best.rows[-1].y0 - nxt.rows[0].y1
        if (nxt in cands and nxt.bold and nxt.size >= body + 2 and nxt.size >= 0.7 * best.size and nxt.size < best.size
                and 0 <= gap <= 0.8 * best.size and len(nxt.raw.split()) <= 20 and not _authors_from(nxt.raw)):
            nxt.kind, nxt.name, nxt.heading = "title", "Title", False
    return best


_NAME_PART = r"(?:[A-Z\u00c0-\u00de\u0100-\u017f][A-Za-z'\u2019\u00c0-\u017f-]*\.?|[A-Z]\.)"
_NAME = re.compile(rf"^{_NAME_PART}(?:\s+(?:{_NAME_PART}|van|von|de|der|den|da|di|del|la|le|du|dos|el|al|bin|ben))*$")


# degrees after a name, with an affiliation letter glued on ("Conghua Ji, MDa, Shan Liu, MDa,*")
_DEGREES = re.compile(r",?\s*\b(?:M\.\s?D\.|Ph\.\s?D\.|MD|PhD|MBBS|MSc|BSc|BM|BS|MPH|FRCP|FACR|RN|DO|MS|MA)[a-h]?\b\.?"
                      r"(?=\s*(?:[,\d\u2217*\u2020\u2021]|and\b|&|$))")


def _authors_from(text: str) -> list[str]:
    if re.search(r"\b(received|accepted|published|department|universit|correspond|e-?mail|copyright|abstract)", text, re.I):
        return []
    t = _DEGREES.sub("", text)
    t = re.sub(r"[\d*\u2217\u2020\u2021\u00a7\u00b6#\u2016]+", " ", t)
    t = t.replace("|", ",")  # "Name One | Name Two" author lists
    t = re.sub(r"\b(?:ORCID|iD)\b", " ", t)
    t = re.sub(r"\s+,", ",", re.sub(r"\s+", " ", t)).strip(" ,;")
    parts = [p.strip(" ,;.") if not re.search(r"\b[A-Z]\.$", p.strip(" ,;")) else p.strip(" ,;")
             for p in re.split(r",|;|\band\b|&", t)]
    # affiliation letters left between commas ("Xin1,a, Guo1,a" -> "Xin", "a", "Guo", "a")
    parts = [p for p in parts if p and not re.fullmatch(r"[a-h](?:\s*[a-h])*", p)]
    if not parts:
        return []
    good = [p for p in parts if 2 <= len(p.split()) <= 5 and _NAME.match(p)
            and not re.search(r"universit|department|hospital|institut|college|school|center|centre|faculty|gmbh|inc\b", p, re.I)]
    return good if len(good) >= 0.6 * len(parts) else []


def _find_doi(info_values: list[str], furniture: list[str], first_page: str, text: str, whole: str = "") -> str | None:
    """The article's DOI: info dictionary, running heads, first page, then a DOI standing alone
    on a line or in a "Cite this article" note anywhere (BMC prints it after the references), then
    the text before the references."""
    def clean(d: str) -> str:
        d = d.rstrip(".,;:")
        while d.endswith(")") and d.count("(") < d.count(")"):
            d = d[:-1]
        while d.endswith("]") and d.count("[") < d.count("]"):
            d = d[:-1]
        return d.rstrip(".,;:>")

    for v in info_values:
        m = _DOI.search(v)
        if m:
            return clean(m.group(0))
    fdois = Counter(clean(m.group(0)) for f in furniture for m in _DOI.finditer(f))
    if fdois:
        return fdois.most_common(1)[0][0]
    m = re.search(r"(?:doi\s*[:.]?\s*|doi\.org/)(10\.\d{4,9}/[^\s\"<>,;]+)", first_page, re.I) or _DOI.search(first_page)
    if m:
        return clean(m.group(m.lastindex or 0))
    m = (re.search(r"(?im)^(?:doi\s*:?\s*|https?://(?:dx\.)?doi\.org/)(10\.\d{4,9}/\S+)$", whole)
         or re.search(r"(?is)cite this article as:.{0,400}?\bdoi\s*:?\s*(10\.\d{4,9}/[^\s\"<>,;]+)", whole))
    if m:
        return clean(m.group(1))
    m = _DOI.search(text)
    return clean(m.group(0)) if m else None




# ----------------------------------------------------------------------------- entry point


def convert_pdf(data: bytes, source: str = "<bytes>", max_pages: int = 200) -> Document:
    """Convert PDF bytes.

    Raises:
        EncryptedPDF: the file needs a password.
        NoTextLayer: no extractable text (a scan); OCR is not supported.
        ConversionError: corrupt or truncated file.
    """
    warnings: list[str] = []
    doc = _open(data, source)
    info: dict[str, str] = {}
    try:
        for d in doc.info or []:
            for k, v in d.items():
                s = _decode(v)
                if s:
                    info[str(k)] = s.strip()
    except Exception:
        warnings.append("unreadable document information dictionary; ignored")
    pages = _read_pages(doc, source, max(1, max_pages), warnings)
    if not any(p.rows for p in pages):
        raise NoTextLayer(source, "no text layer (scanned?); OCR is not supported")

    for p in pages:
        _drop_picture_text(p)
    raw_lines = {p.index: [r.text for r in sorted(p.rows, key=lambda r: (-r.y1, r.x0))] for p in pages[:2]}
    furniture = _remove_furniture(pages)
    if len(pages) > 1 and pages[0].rows and _COVER.search("\n".join(r.text for r in pages[0].rows)):
        pages[0].cover = True

    m = L.Metrics([p.rows for p in pages if not p.cover])
    leaf_map: dict[int, L.Leaf] = {}
    page_rows: dict[int, list[L.Row]] = {}
    all_leaves = []
    refs_seen = False
    for p in pages:
        p.leaves = L.reading_order(p.rows, p.graphics, m.body, None if refs_seen or p.cover else _ref_heading, p.width)
        refs_seen = refs_seen or any(_ref_heading(r.text) for leaf in p.leaves for r in leaf.rows if len(r.text) <= 40)
        page_rows[p.index] = p.rows
        all_leaves.append(p.leaves)
    m.learn(all_leaves)
    paras: list[L.Para] = []
    for p in pages:
        for leaf in p.leaves:
            lid = len(leaf_map)
            leaf_map[lid] = leaf
            for r in leaf.rows:
                r.leaf = lid
                r.margin = leaf.margin
            paras.extend(L.split_leaf(leaf, lid, m, p.rows))
    _classify(paras, pages, m, leaf_map)
    paras = [pa for pa in paras if pa.kind != "_absorbed"]
    title_para = _title_para(paras, pages, m.body, _clean_info_title(info.get("Title")))
    if title_para is not None:
        title_para.kind, title_para.name, title_para.heading = "title", "Title", False
        for para in paras[: paras.index(title_para)]:
            para.heading = False  # journal names and article-type labels above the title
    paras = _split_stacked_headings(paras)
    paras = _assemble(paras, leaf_map, page_rows, m)
    paras = _join_entry_continuations(paras)

    # text
    vocab = _vocabulary(pages)
    blocks: list[_Block] = []
    parts: list[str] = []
    pos = 0
    page_first: dict[int, int] = {}
    for para in paras:
        text, starts = _join_rows(para.rows, vocab, table=para.kind == "table" and para.name == "table body")
        text = text.strip()
        if not text:
            continue
        b = _Block(para)
        if parts:
            parts.append("\n\n")
            pos += 2
        b.text = text
        for r, s in zip(para.rows, starts):
            page_first.setdefault(r.page, pos + s)
            page_first[r.page] = min(page_first[r.page], pos + s)
        parts.append(text)
        pos += len(text)
        blocks.append(b)
    text = "".join(parts)

    for b in blocks:
        boxes = pages[b.page].boxes
        if boxes and not b.float:
            b.box = next((g for g in boxes if all(_within(r, g) for r in b.para.rows if r.page == b.page)), None)
    sections = _sections(blocks)
    meta = Metadata()
    # title
    meta_title = info.get("Title")
    titles = [b for b in blocks if b.kind == "title"]
    typo = titles[-1] if titles else None
    if titles:
        meta.title = titles[0].text
        for b in titles[1:]:  # a subtitle
            meta.title += (" " if re.search(r"[:?.!]$", meta.title) else ": ") + b.text
    elif _sensible_title(meta_title):
        meta.title = re.sub(r"\s+", " ", meta_title).strip()
        i = _norm_find(text, meta.title)
        if i is not None:
            sections = _insert_section(sections, Section("Title", "title", i[0], i[1]), text)
    else:  # no larger print and no usable /Title: the first title-like line of the first article page
        first_page = next((p.index for p in pages if p.rows and not p.cover), None)
        pos = 0
        for b in blocks:
            if b.page == first_page and not b.float and _looks_like_title(b.text) and len(b.text) < 300:
                meta.title = b.text
                sections = _insert_section(sections, Section("Title", "title", pos, pos + len(b.text)), text)
                break
            pos += len(b.text) + 2
    # authors
    authors: list[str] = []
    if typo is not None:
        k = blocks.index(typo)
        for b in [b for b in blocks[k + 1:] if not b.float][:2]:
            authors = _authors_from(b.text)
            if authors or len(b.text.split()) > 4:
                break
    meta_auth = info.get("Author", "")
    if not authors and meta_auth and not re.search(r"\{?et al", meta_auth):
        authors = [a for a in (x.strip(" .") for x in re.split(r";|,|\band\b", meta_auth)) if len(a.split()) >= 2]
    meta.authors = authors
    # DOI, journal, year, licence
    content_pages = [p for p in pages if p.rows]
    first_text = "\n".join(r.text for p in content_pages[:2] for r in p.rows if p.cover or p is content_pages[0])
    refs = next((s for s in sections if s.kind == "references"), None)
    text_before_refs = text[: refs.start] if refs else text
    meta.doi = _find_doi([info.get(k, "") for k in ("doi", "DOI", "Subject", "Keywords", "Title", "WPS-ARTICLEDOI")],
                         furniture, first_text, text_before_refs, text)
    article_page = next((p for p in content_pages if not p.cover), content_pages[0])
    meta.journal, meta.year = journal_and_year(info, furniture, raw_lines.get(article_page.index)
                                               or [r.text for r in article_page.rows])
    lm = _LICENCE_URL.search(re.sub(r"\s+", "", first_text)) or _LICENCE_URL.search(re.sub(r"\s+", "", text_before_refs))
    if lm:
        meta.licence = f"CC {lm.group(1).upper()} {lm.group(2)}"
    else:
        lm = re.search(r"\bCC[- ]BY((?:[- ](?:NC|ND|SA))*)\s*(\d\.\d)", first_text)
        if lm:
            meta.licence = f"CC BY{lm.group(1).replace(' ', '-').upper()} {lm.group(2)}"

    # pages: partition the text at each page's first row
    spans = []
    starts = [page_first.get(p.index) for p in pages]
    nxt = len(text)
    for i in range(len(pages) - 1, -1, -1):
        s = starts[i]
        if s is None:
            spans.append((nxt, nxt))
            continue
        s = min(s, nxt)  # a page whose only text was a float set after the next page's first paragraph
        e = nxt
        while e > s and text[e - 1].isspace():
            e -= 1
        spans.append((s, e))
        nxt = s
    spans.reverse()
    return Document(text=text, sections=sections, metadata=meta, pages=spans, source=source, format="pdf", warnings=warnings)


def _norm_find(text: str, needle: str) -> tuple[int, int] | None:
    i = text.find(needle)
    if i >= 0:
        return (i, i + len(needle))
    pat = r"\s+".join(map(re.escape, needle.split()))
    m = re.search(pat, text[:20000], re.I)
    return (m.start(), m.end()) if m else None


def _insert_section(sections: list[Section], new: Section, text: str) -> list[Section]:
    """Put ``new`` in, cutting the sections it overlaps (their remains keep no edge white space)."""
    out = []
    for s in sections:
        if s.end <= new.start or s.start >= new.end:
            out.append(s)
            continue
        if s.start < new.start:
            end = new.start
            while end > s.start and text[end - 1].isspace():
                end -= 1
            if end > s.start:
                out.append(Section(s.name, s.kind, s.start, end))
        if s.end > new.end:
            start = new.end
            while start < s.end and text[start].isspace():
                start += 1
            if start < s.end:
                out.append(Section(s.name, s.kind, start, s.end))
    out.append(new)
    return sorted(out, key=lambda s: s.start)


# ----------------------------------------------------------------------------- sections


def _box_label(blocks: list[_Block], i: int, labels: list, cur: tuple[str, str], seen_body: bool,
               seen_refs: bool) -> tuple[str, str] | None:
    """``(name, "box")`` for a paragraph on a text panel, or None when the panel is read as usual.

    A panel is a box unless it holds a section of another kind (an abstract, keywords, back
    matter under their own heading) or stands in back matter or after the references (a
    journal's advertisement); in front matter only a panel with a heading of its own counts
    ("Key points", "What is known"), not an author-information panel. The name is the panel's
    first paragraph when that is a heading, else "Box". Headings on a panel do not end the
    section the panel interrupts.
    """
    b = blocks[i]
    first = i
    while first > 0 and blocks[first - 1].box == b.box and blocks[first - 1].page == b.page and not blocks[first - 1].float:
        first -= 1
    if first < i:
        return labels[first] if labels[first][1] == "box" else None
    head = blocks[first]
    named = head.heading or bool(re.match(r"^box\s*\d+", head.text, re.I))
    if named and (_ref_heading(head.text) or _RUNIN.match(head.text)):
        return None
    hk = heading_kind(head.text) if named else None
    if hk and hk[1] not in ("body", "title", "caption"):
        return None
    if seen_refs or cur[1] in ("back", "references") or (cur[1] == "other" and seen_body):
        return None
    if not seen_body and not named:
        return None
    return (head.text.rstrip(":. ") if named else "Box", "box")


#: an affiliation line: an optional marker ("1", "a", "*", "†") then an institution word, as in
#: "1Department of Surgery, University of Calgary, Calgary, Canada"
_AFFILIATION = re.compile(r"^(?:[\d*†‡§a-z]{1,3}[ .,)]*)?(?:Department|Dept\.|Division|School|Faculty|Institute|Institut|"
                          r"Centre|Center|Laboratory|Laboratories|Unit|Service|Clinic|University|Universit\w+|College|Hospital)\b")


_ADDRESS_FUNCTION_WORDS = {"of", "for", "and", "the", "de", "der", "la", "di", "du", "und", "y", "e", "at", "in", "a", "b", "c", "d"}


def _affiliation_block(text: str) -> bool:
    """True for a short block that is an address (institution word first, comma-separated parts, no
    sentence after it): a first-page affiliation footnote the layout put in the text flow."""
    text = text.strip()
    if len(text) > 300 or text.count(",") < 1 or not _AFFILIATION.match(text):
        return False
    words = re.findall(r"[^\W\d_]+", text)
    lower = [w for w in words if w[0].islower() and w not in _ADDRESS_FUNCTION_WORDS]
    return len(lower) <= len(words) // 10  # an address is in title case: "Department of Surgery, University of ..."


def _sections(blocks: list[_Block]) -> list[Section]:
    """Sections over the blocks, in text order, not overlapping."""
    spans = []
    pos = 0
    for b in blocks:
        spans.append((pos, pos + len(b.text)))
        pos += len(b.text) + 2
    # decide each block's (name, kind)
    labels: list[tuple[str, str]] = [("", "")] * len(blocks)
    cur = ("Front matter", "other")
    seen_body = seen_refs = seen_abstract = seen_kw = False
    title_idx = next((i for i, b in enumerate(blocks) if b.kind == "title"), None)
    for i, b in enumerate(blocks):
        if b.kind == "title":
            labels[i] = ("Title", "title")
            continue
        if b.name == "Cover page":
            labels[i] = ("Cover page", "other")
            continue
        if b.float:
            labels[i] = (b.name or b.kind or "other", b.kind or "other")
            continue
        t = b.text
        if b.box is not None:
            box = _box_label(blocks, i, labels, cur, seen_body, seen_refs)
            if box is not None:
                labels[i] = box
                continue
        if b.heading:
            hk = heading_kind(t)
            name = t.rstrip(":. ")
            if _ref_heading(t) or (hk and hk[1] == "references"):
                cur = (name, "references")
                seen_refs = True
            elif hk:
                kind = hk[1]
                if kind == "title":
                    kind = "other"
                cur = (name, kind)
                if kind == "body":
                    seen_body = True
                if kind == "abstract":
                    seen_abstract = True
            elif not (seen_body or seen_abstract or seen_kw or seen_refs or _NUMBERED.match(t)):
                labels[i] = cur  # bold author lines, affiliations ... before the first real section
                continue
            elif seen_refs or (cur[1] in ("other", "back") and seen_body):
                cur = (name, "back" if cur[1] == "back" and not seen_refs else "other")
            else:
                cur = (name, "body")
                seen_body = True
            labels[i] = cur
            continue
        ri = _RUNIN.match(t)
        if ri:
            lab = re.sub(r"\s+", " ", ri.group("label")).strip()
            low = lab.lower()
            if low in ("abstract", "summary") and not seen_body:
                cur = (lab, "abstract")
                seen_abstract = True
                labels[i] = cur
                continue
            if low.startswith(("key", "index terms")):
                labels[i] = (lab, "keywords")
                seen_kw = True
                if cur[1] == "abstract":
                    cur = ("Front matter", "other")
                continue
            back = bool(_BACK_RUNIN.match(low))
            labels[i] = (lab, "back" if back else "other")
            if seen_refs:
                cur = ("Back matter", "back" if back else "other")  # statements after the reference list
            continue
        if cur[1] != "references" and _affiliation_block(t):
            labels[i] = ("Affiliations", "other")  # a first-page footnote in the text flow: not annotated
            continue
        if cur[1] == "body":
            head = _runin_heading(b.para.rows)
            if head:
                cur = (head, cur[1])  # a run-in heading opens a section of its own
        labels[i] = cur
    # an abstract without a label: the longest front-matter paragraph after the title
    if not seen_abstract and title_idx is not None:
        front = [i for i in range(title_idx + 1, len(blocks)) if labels[i] == ("Front matter", "other")
                 and not blocks[i].float and (len(blocks[i].text.split()) >= 50 or (
                     len(blocks[i].text.split()) >= 30 and re.search(r"[.!?]$", blocks[i].text)
                     and not re.search(r"\bDepartment of\b|^\d+\s*[A-Z]|\b(?:received|accepted|published)\b", blocks[i].text)))
                 and not re.search(r"copyright|licen[cs]e|creative commons|correspond|\u00a9|e-?mail", blocks[i].text, re.I)]
        # only paragraphs before the first body heading or keywords line qualify (there must be one)
        first_body = next((i for i, lab in enumerate(labels) if lab[1] in ("body", "keywords")), None)
        front = [i for i in front if first_body is not None and i < first_body]
        if front:
            k = max(front, key=lambda i: len(blocks[i].text))
            labels[k] = ("Abstract", "abstract")
            seen_abstract = True
    # no body heading at all (a short report or letter): running text after the front matter is the body
    if not any(k == "body" for _, k in labels):
        start = max([i for i, (_, k) in enumerate(labels) if k in ("title", "abstract", "keywords")], default=-1) + 1
        first = next((i for i in range(start, len(blocks)) if labels[i] == ("Front matter", "other") and not blocks[i].float
                      and len(blocks[i].text.split()) >= 12 and re.search(r"[.!?]['\u2019\u201d)]?$", blocks[i].text)
                      and not re.search(r"universit|department|hospital|correspond|e-?mail|received", blocks[i].text, re.I)), None)
        if first is not None:
            for i in range(first, len(blocks)):
                if labels[i] == ("Front matter", "other") and not blocks[i].float:
                    labels[i] = ("Body", "body")
    # a reference list without a heading: a trailing run of numbered references
    if not any(k == "references" for _, k in labels):
        j = len(blocks)
        while j > 0 and (re.match(r"^\[?\d{1,3}[.\])]?\s+\S.*\b(1[89]\d\d|20\d\d)\b", blocks[j - 1].text) or blocks[j - 1].float):
            j -= 1
        if len(blocks) - j >= 3:
            for i in range(j, len(blocks)):
                if not blocks[i].float:
                    labels[i] = ("References", "references")
    # merge consecutive blocks with the same label into sections
    sections: list[Section] = []
    run_start = None
    run_label = None
    run_end = 0
    for i, b in enumerate(blocks):
        lab = labels[i]
        s, e = spans[i]
        table_cont = (lab[1] == "table" and run_label is not None and run_label[1] == "table"
                      and (lab[0] == "table body" or run_label[0] == "table body"))
        new_run = not table_cont and (run_label is None or lab != run_label or b.float or b.heading or (i > 0 and blocks[i - 1].float)
                                      or lab[1] in ("caption", "table", "keywords", "title"))
        if table_cont and run_label[0] == "table body" and lab[0] != "table body":
            run_label = lab  # the table's caption names the whole table
        if new_run:
            if run_label is not None:
                sections.append(Section(run_label[0] or run_label[1], run_label[1], run_start, run_end))
            run_start, run_label = s, lab
        run_end = e
    if run_label is not None:
        sections.append(Section(run_label[0] or run_label[1], run_label[1], run_start, run_end))
    # a heading's section includes the paragraphs under it: merge "heading" runs with their followers
    merged: list[Section] = []
    for s in sections:
        if merged and merged[-1].kind == s.kind and merged[-1].name == s.name and s.kind not in ("caption", "table", "title"):
            prev = merged[-1]
            merged[-1] = Section(prev.name, prev.kind, prev.start, s.end)
            continue
        merged.append(s)
    return merged


# Decompression bombs: each call decodes its streams under a size budget (rheumex.extract.pdfguard).
from rheumex.extract.pdfguard import guarded as _guarded  # noqa: E402

# pdfminer's per-token debug calls are skipped while no handler listens (rheumex.extract.pdf_quiet).
from rheumex.extract.pdf_quiet import debug_off as _debug_off  # noqa: E402


def _quiet(convert):
    @functools.wraps(convert)
    def wrapper(*args, **kwargs):
        with _debug_off():
            return convert(*args, **kwargs)

    return wrapper


convert_pdf = _guarded(_quiet(convert_pdf))
