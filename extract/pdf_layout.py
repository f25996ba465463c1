"""Page geometry for the PDF converter: characters -> fragments -> rows -> reading order -> paragraphs.

pdfminer.six gives positioned characters (``LTChar``: text, bounding box, font name and size).
Everything after that is done here, in plain Python on small tuples, because pdfminer's own
box grouping is both the slow part of ``extract_text`` and the part that goes wrong on
two-column pages (boxes interleaved, justified lines split in two, hanging indents
separated from their numbers):

1. **Fragments**: characters joined in content-stream order while they sit on one baseline
   with a small gap (a space is inserted for gaps wider than ~0.12 em or a space glyph).
2. **Rows**: fragments on one baseline merged left to right, unless the gap between them is a
   column gutter (no other text nearby crosses it). Superscripts join their row.
3. **Reading order**: recursive XY-cut over the rows of a page: horizontal cuts at empty
   bands, then vertical cuts at gutters; consecutive bands with the same column layout
   (gutter at the same x, same body size, no figure or rule between them) are merged back,
   so aligned paragraph gaps in both columns never reorder a two-column page. A narrow
   column of smaller print beside the main text (publisher sidebars) is marked ``margin``.
4. **Paragraphs** inside one column (leaf): a new paragraph starts at a change of font size
   or weight, a larger line gap, a first-line indent after a finished line, a line that ends
   well before the column edge (the next word would have fitted), or a new item of a list
   with hanging indents (references).

The converter (:mod:`rheumex.extract.pdf`) then removes page furniture, sets floats
(captions, footnotes, sidebars) aside, joins paragraphs across column and page breaks and
records sections.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter

#: a drawing (line, curve, rectangle, image) outside figures counts as a picture box or panel only if
#: wider or taller than this many points (``pdf._collect``); smaller ones are not even built
#: (``pdf_chars.CharTupleAggregator.paint_path``)
SMALL_DRAWING = 30.0
#: italic or oblique faces ("MinionPro-It", "Times-Italic", "URWPalladioL-Ital", "Univers-LightOblique",
#: "HelveticaNeueLTStd-BdIt", "AdvOT0d9ab1db.I"); math fonts set variables in italic and are not counted
_ITALIC_FONT = re.compile(r"(?i:italic|oblique|ital$|slanted)|[-_,.a-z]It$|\.B?I$")
_MATH_FONT = re.compile(r"(?i:math|symbol)|^(?:CMMI|CMSY|MTMI|MTSY|RMTMI|EURM)")
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi|\.B$|[-,_+]B$|CMBX|[-,]Bd|BdIt|Bd$", re.I)
_TERMINAL = re.compile(r"[.!?:;]['\"\u2019\u201d)\]]*(?:\[?[\d,\u2013\u2010-]+\]?)?$")
_BULLET = re.compile(r"^(?:[\u2022\u25cf\u25aa\u2013\u2014\u00b7*-]\s|\(?(?:\d{1,3}|[ivx]{1,4}|[a-h])[.)]\s)")
_LABEL = re.compile(r"^(?:\[?\d{1,3}[.\])]?|[\u2022\u25cf\u25aa\u25e6\u00b7*\u2013-]|\(?(?:\d{1,2}|[a-h]|[ivx]{1,4})\))$")
_RUNIN_START = re.compile(r"^(?:key\s?words?|index terms|abbreviations|abstract|summary)\s*[:.\u2014|]", re.I)
_REF_START = re.compile(r"^\[?\d{1,3}[.\])]?\s+\S")

# Spacing accents that TeX-made PDFs put before the letter they belong to ("Sj¨ogren").
_SPACING_ACCENTS = {"\u00a8": "\u0308", "\u00b4": "\u0301", "\u02c6": "\u0302", "\u02dc": "\u0303", "\u00b8": "\u0327",
                    "\u02c7": "\u030c", "\u02da": "\u030a", "\u02d8": "\u0306", "\u00af": "\u0304", "`": "\u0300"}
_ACCENT_BEFORE = re.compile("([\u00a8\u00b4\u02c6\u02dc\u02c7\u02da\u02d8])([A-Za-z\u0131])|(?<=[A-Za-z ])`([aeiouAEIOU])|(\u00b8)([cCsStT])")


def fix_spacing_accents(text: str) -> str:
    """Join spacing accents to the following letter and compose: "Sj¨ogren" -> "Sjögren"."""
    if not any(ch in text for ch in _SPACING_ACCENTS):
        return text

    def repl(m: re.Match) -> str:
        acc, letter = (m.group(1), m.group(2)) if m.group(1) else ((("`", m.group(3)) if m.group(3) else (m.group(4), m.group(5))))
        letter = "i" if letter == "\u0131" else letter
        return unicodedata.normalize("NFC", letter + _SPACING_ACCENTS[acc])

    return _ACCENT_BEFORE.sub(repl, text)


_SPACED = re.compile(r"(?<![\w])(?:[A-Z] ){4,}[A-Z](?![\w])")


def unspace_letters(text: str) -> str:
    """Letter-spaced labels as words: "F I G U R E 2" -> "FIGURE 2", "R E V I E W" -> "REVIEW"."""
    return _SPACED.sub(lambda m: m.group(0).replace(" ", "") if re.search(r"[AEIOUY]", m.group(0)) else m.group(0), text)


def is_bold(fontname: str, _cache: dict = {}) -> bool:  # noqa: B006 - a deliberate memo
    b = _cache.get(fontname)
    if b is None:
        b = _cache[fontname] = bool(_BOLD_FONT.search(fontname.split("+")[-1]))
    return b


def is_italic(fontname: str, _cache: dict = {}) -> bool:  # noqa: B006 - a deliberate memo
    b = _cache.get(fontname)
    if b is None:
        name = fontname.split("+")[-1]
        b = _cache[fontname] = bool(_ITALIC_FONT.search(name)) and not _MATH_FONT.search(name)
    return b


class Frag:
    """Characters on one baseline, in content-stream order.

    ``face`` is the face of the first character (1 bold + 2 italic), ``lead`` how many characters
    from the start are set in it, ``nital`` how many are italic.
    """

    __slots__ = ("x0", "y0", "x1", "y1", "parts", "style", "cy0", "cy1", "last", "lastx", "face", "lead", "nital")

    def __init__(self, x0, y0, x1, y1, text, size, bold, italic=False):
        self.x0, self.y0, self.x1, self.y1 = x0, y0, x1, y1
        self.cy0, self.cy1 = y0, y1
        self.parts = [text]
        self.style = Counter({(size, bold): len(text)})
        self.last, self.lastx = text, x0
        self.face = bool(bold) + 2 * bool(italic)
        self.lead = len(text)
        self.nital = len(text) if italic else 0


#: a gap between two fragments of one row at least this many ems wide separates the cells of a
#: table row ("ALI/ARDS   Renal insufficiency   Cardiovascular insufficiency"); word spaces of
#: justified text stay well under it. Only table bodies use it (``Row.cells``).
CELL_GAP = 1.0

class Row:
    """One line of text on a page (fragments merged), with its dominant style.

    ``face`` / ``lead``: the face (1 bold + 2 italic) of the row's first character and how many
    characters (spaces not counted) from the row's start are set in it; ``nital``: italic characters.
    """

    __slots__ = ("x0", "y0", "x1", "y1", "text", "size", "bold", "base", "page", "leaf", "nchar", "margin",
                 "face", "lead", "nital", "cells")

    def __init__(self, x0, y0, x1, y1, text, size, bold, base, page, nchar):
        self.x0, self.y0, self.x1, self.y1 = x0, y0, x1, y1
        self.text, self.size, self.bold, self.base, self.page, self.nchar = text, size, bold, base, page, nchar
        self.leaf = -1
        self.margin = False
        self.face = 1 if bold else 0
        self.lead = nchar
        self.nital = 0
        self.cells: str | None = None  # the text with " | " at gaps of a table's cells (CELL_GAP), if any

    @property
    def italic(self) -> bool:
        return self.nital * 2 > self.nchar

    @property
    def style(self) -> tuple[float, bool]:
        return (self.size, self.bold)

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"<Row p{self.page} {self.x0:.0f},{self.y0:.0f}-{self.x1:.0f},{self.y1:.0f} {self.size}{'B' if self.bold else ''} {self.text[:40]!r}>"


def chars_to_frags(chars) -> list[Frag]:
    """Group positioned characters ``(text, x0, y0, x1, y1, size, bold, italic)`` into fragments.

    (``italic`` may be left out: seven-field characters are upright.)
    """
    # the open fragment's changing fields live in locals (x1 .. lastx, face .. nital) and are
    # written back when it closes
    if chars and len(chars[0]) == 7:
        chars = [c + (False,) for c in chars]
    frags: list[Frag] = []
    cur: Frag | None = None
    space = False
    space_x = 0.0
    fx1 = fy0 = fy1 = fcy0 = fcy1 = lastx = 0.0
    last = ""
    face = lead = nital = 0
    in_lead = True
    for text, x0, y0, x1, y1, size, bold, ital in chars:
        if text.isspace():
            space, space_x = True, x0
            continue
        if cur is not None:
            if space and abs(x0 - space_x) < 0.05 * size and x0 - fx1 < 0.05 * size:
                space = False  # a space glyph with no advance (the next letter sits where it starts): no word break
            h = min(y1 - y0, fcy1 - fcy0)
            ov = min(y1, fcy1) - max(y0, fcy0)
            gap = x0 - fx1
            if ov >= 0.5 * h and -0.7 * size <= gap <= 1.0 * size:
                if text == last and abs(x0 - lastx) < 0.1 * size:
                    continue  # overprinted (fake bold / shadow) glyph
                parts = cur.parts
                if space or gap > 0.12 * size:
                    parts.append(" ")
                parts.append(text)
                if x1 > fx1:
                    fx1 = x1
                if y0 < fy0:
                    fy0 = y0
                if y1 > fy1:
                    fy1 = y1
                fcy0, fcy1 = y0, y1
                cur.style[(size, bold)] += len(text)
                if ital:
                    nital += len(text)
                if in_lead and bold + 2 * ital != face:
                    in_lead = False
                    lead = sum(cur.style.values()) - len(text)
                last, lastx = text, x0
                space = False
                continue
            cur.x1, cur.y0, cur.y1, cur.cy0, cur.cy1, cur.last, cur.lastx = fx1, fy0, fy1, fcy0, fcy1, last, lastx
            cur.lead, cur.nital = (lead if not in_lead else sum(cur.style.values())), nital
            frags.append(cur)
        cur = Frag(x0, y0, x1, y1, text, size, bold, ital)
        fx1, fy0, fy1, fcy0, fcy1, last, lastx = x1, y0, y1, y0, y1, text, x0
        face, nital, in_lead = cur.face, cur.nital, True
        space = False
    if cur is not None:
        cur.x1, cur.y0, cur.y1, cur.cy0, cur.cy1, cur.last, cur.lastx = fx1, fy0, fy1, fcy0, fcy1, last, lastx
        cur.lead, cur.nital = (lead if not in_lead else sum(cur.style.values())), nital
        frags.append(cur)
    return frags


def _crossed(frags_by_y, ys, mx: float, yc: float, reach: float, skip) -> bool:
    """Do at least two fragments within ``reach`` of height ``yc`` cover x = ``mx`` (so it is no gutter)?"""
    lo, hi = bisect_left(ys, yc - reach), bisect_right(ys, yc + reach)
    n = 0
    for f in frags_by_y[lo:hi]:
        if f.x0 < mx - 1 and f.x1 > mx + 1 and f not in skip:
            n += 1
            if n >= 2:
                return True
    return False


def _starts_in(frags_by_y, ys, left: float, right: float, yc: float, reach: float) -> int:
    """How many fragments within ``reach`` of height ``yc`` start between x = ``left`` and ``right``?"""
    lo, hi = bisect_left(ys, yc - reach), bisect_right(ys, yc + reach)
    return sum(1 for f in frags_by_y[lo:hi] if left < f.x0 <= right)


def frags_to_rows(frags: list[Frag], page: int) -> list[Row]:
    """Merge fragments on one baseline into rows; never across a column gutter."""
    if not frags:
        return []
    by_y = sorted(frags, key=lambda f: (f.y0 + f.y1) / 2)
    ys = [(f.y0 + f.y1) / 2 for f in by_y]
    groups: list[list] = []  # [x0, y0, x1, y1, cy0, cy1, size, members]
    buckets: dict[int, list] = {}
    for f in sorted(frags, key=lambda f: f.x0):
        size = max(f.style, key=f.style.get)[0]
        yc = (f.y0 + f.y1) / 2
        k = int(yc // 6)
        best, best_gap = None, None
        for kk in (k - 1, k, k + 1):
            for g in buckets.get(kk, ()):
                h = min(f.y1 - f.y0, g[5] - g[4])
                ov = min(f.y1, g[5]) - max(f.y0, g[4])
                gap = f.x0 - g[2]
                if ov < 0.5 * h:
                    # a raised or lowered mark in smaller print touching the line: an isotope's mass
                    # number ("111In-labeled"), a footnote or affiliation mark, an index ("T2")
                    if not (min(size, g[6]) < 0.85 * max(size, g[6]) and ov >= 0.25 * h
                            and -0.3 * max(size, g[6]) <= gap <= 0.3 * max(size, g[6])):
                        continue
                s = max(size, g[6])
                if gap < -0.5 * s:
                    if f.x1 <= g[2] + 0.5 * s and size < 0.85 * g[6] and f.x1 - f.x0 < 4 * s:
                        # a superscript drawn after its line (affiliation marks): absorbed, not spliced
                        best, best_gap = g, -1.0
                    continue
                label = len(g[7]) == 1 and _LABEL.match("".join(g[7][0].parts))
                # print of very different sizes side by side (a chart's tick label beside a line of
                # the next column): the gap is measured in the smaller print, so they stay apart
                reach = min(size, g[6]) if min(size, g[6]) < 0.8 * s else s
                if gap > (4.0 if label else 2.5) * reach:
                    continue
                if (gap > 0.6 * s and not label and not _crossed(by_y, ys, (g[2] + f.x0) / 2, yc, 3 * s, g[7])
                        and _starts_in(by_y, ys, g[2], f.x0 + 1.5 * s, yc, 12 * s) >= 2):
                    continue  # a gutter: no text around crosses the gap, and other lines start inside it or with f
                if best is None or gap < best_gap:
                    best, best_gap = g, gap
        if best is None:
            g = [f.x0, f.y0, f.x1, f.y1, f.y0, f.y1, size, [f]]
            groups.append(g)
            buckets.setdefault(k, []).append(g)
        elif best_gap == -1.0:
            continue
        else:
            g = best
            g[7].append(f)
            g[2] = max(g[2], f.x1)
            if f.y0 < g[1]:
                g[1] = f.y0
            if f.y1 > g[3]:
                g[3] = f.y1
            if size >= g[6]:  # the baseline band follows the main text, not superscripts
                g[4], g[5], g[6] = f.y0, f.y1, size
    rows = []
    for g in groups:
        members = sorted(g[7], key=lambda f: f.x0)
        style: Counter = Counter()
        parts = []
        wide = []  # indexes in parts of the spaces that stand for a gap as wide as a table's cell gap
        prev = None
        for f in members:
            style.update(f.style)
            if prev is not None:
                s = max(prev.style, key=prev.style.get)[0]
                if f.x0 - prev.x1 > 0.12 * s:
                    parts.append(" ")
                    if f.x0 - prev.x1 > CELL_GAP * s:
                        wide.append(len(parts) - 1)
            parts.append("".join(f.parts))
            prev = f
        text = re.sub(r"\s+", " ", "".join(parts)).strip()
        if not text:
            continue
        cells = None
        if re.search(r"\b[A-Z] [A-Z] [A-Z] [A-Z] [A-Z]\b", text):
            text = unspace_letters(text)
        elif wide:
            for k in wide:
                parts[k] = " | "
            cells = re.sub(r"\s+", " ", "".join(parts)).strip()
        (size, bold), _ = style.most_common(1)[0]
        nchar = sum(style.values())
        base = min(f.y0 for f in members if max(f.style, key=f.style.get)[0] == size) if members else g[1]
        row = Row(g[0], g[1], g[2], g[3], text, size, bold, base, page, nchar)
        # the face the row starts in and how far it runs (a run-in heading's extent)
        face, lead = members[0].face, 0
        for f in members:
            if f.face != face:
                break
            lead += f.lead
            if f.lead < sum(f.style.values()):
                break
        row.face, row.lead, row.nital = face, lead, sum(f.nital for f in members)
        row.cells = cells
        rows.append(row)
    return rows


# --------------------------------------------------------------------------------------
# reading order: recursive XY-cut with band merging


class Leaf:
    """Rows of one column piece, top to bottom."""

    __slots__ = ("rows", "margin", "x0", "x1", "tabular")

    def __init__(self, rows: list[Row], margin: bool = False):
        self.rows = sorted(rows, key=lambda r: (-r.base, r.x0))
        self.margin = margin
        self.tabular = False
        self.x0 = min(r.x0 for r in rows) if rows else 0.0
        self.x1 = max(r.x1 for r in rows) if rows else 0.0


def _dominant_size(rows: list[Row]) -> float:
    c: Counter = Counter()
    for r in rows:
        c[r.size] += r.nchar
    return c.most_common(1)[0][0] if c else 0.0


def _hsplit(rows: list[Row], mingap: float) -> list[list[Row]]:
    rows = sorted(rows, key=lambda r: -r.y1)
    bands = [[rows[0]]]
    bottom = rows[0].y0
    for r in rows[1:]:
        if r.y1 < bottom - mingap:
            bands.append([r])
            bottom = r.y0
        else:
            bands[-1].append(r)
            bottom = min(bottom, r.y0)
    return bands


def _gaps(rows: list[Row], mingap: float) -> list[tuple[float, float]]:
    iv = sorted((r.x0, r.x1) for r in rows)
    gaps = []
    right = iv[0][1]
    for x0, x1 in iv[1:]:
        if x0 - right >= mingap:
            gaps.append((right, x0))
        right = max(right, x1)
    return gaps


def _vsplit(rows: list[Row], mingap: float) -> list[list[Row]]:
    """Split rows into columns at vertical gutters (left to right)."""
    if len(rows) < 2:
        return [rows]
    gaps = _gaps(rows, mingap)
    crossers: list[Row] = []
    if not gaps and len(rows) >= 12:
        # tolerate one or two rows that run into the gutter (long URLs, wide formulas)
        width = max(r.x1 for r in rows) - min(r.x0 for r in rows)
        wide = [r for r in rows if r.x1 - r.x0 > 0.55 * width]
        if 0 < len(wide) <= max(1, len(rows) // 25):
            rest = [r for r in rows if r not in wide]
            gaps = _gaps(rest, mingap)
            if gaps:
                crossers = wide
    if not gaps:
        return [rows]
    cols: list[list[Row]] = [[] for _ in range(len(gaps) + 1)]
    for r in rows:
        c = (r.x0 + r.x1) / 2 if r in crossers else r.x0
        i = 0
        while i < len(gaps) and c >= gaps[i][1] - 0.01:
            i += 1
        cols[i].append(r)
    return [c for c in cols if c]


class _Page:
    """What the XY-cut needs to know about the page besides its rows."""

    def __init__(self, graphics: list[tuple[float, float, float, float]], body: float):
        self.graphics = graphics
        self.body = body


def _graphic_between(page: _Page, top: float, bottom: float, x: float) -> bool:
    for gx0, gy0, gx1, gy1 in page.graphics:
        if gx0 < x < gx1 and gy1 > bottom - 1 and gy0 < top + 1:
            return True
    return False


def _merge_bands(bands: list[list[Row]], page: _Page, vgap: float) -> list[list[Row]]:
    out = [bands[0]]
    for b in bands[1:]:
        a = out[-1]
        ga, gb = _gaps(a, vgap), _gaps(b, vgap)
        ok = False
        if ga and gb:
            for a0, a1 in ga:
                for b0, b1 in gb:
                    if min(a1, b1) - max(a0, b0) > 0:
                        ca, cb = _vsplit(a, vgap), _vsplit(b, vgap)
                        left_edges_match = len(ca) == len(cb) and (len(ca) == 2 or all(
                            abs(min(r.x0 for r in p) - min(r.x0 for r in q)) < 3 * page.body for p, q in zip(ca, cb)))
                        mid = (max(a0, b0) + min(a1, b1)) / 2
                        # a band of small print in every column (a two-column figure caption) stays apart
                        caption_band = len(ca) == len(cb) and all(
                            abs(_dominant_size(p) - _dominant_size(q)) > 1.0 for p, q in zip(ca, cb))
                        if (left_edges_match and not caption_band
                                and not _graphic_between(page, min(r.y0 for r in a), max(r.y1 for r in b), mid)):
                            ok = True
                        break
                if ok:
                    break
        elif ga and not gb and not ok:
            # one column's text going on below the end of the others (a short last column, a
            # reference list set apart): it belongs to that column, read before the next one
            ca = _vsplit(a, vgap)
            bx0, bx1 = min(r.x0 for r in b), max(r.x1 for r in b)
            for c in ca[:-1] if len(ca) >= 2 else []:
                cx0, cx1 = min(r.x0 for r in c), max(r.x1 for r in c)
                if (abs(bx0 - cx0) < 3 * page.body and bx1 <= cx1 + page.body
                        and not _graphic_between(page, min(r.y0 for r in a), max(r.y1 for r in b), (bx0 + bx1) / 2)):
                    ok = True
                    break
        if ok:
            out[-1] = a + b
        else:
            out.append(b)
    return out


def _xy(rows: list[Row], page: _Page, depth: int = 0) -> list[Leaf]:
    if len(rows) <= 1 or depth > 12:
        return [Leaf(rows)] if rows else []
    heights = sorted(r.y1 - r.y0 for r in rows)
    mingap = max(3.0, 0.6 * heights[len(heights) // 2])
    vgap = max(5.0, 0.5 * page.body)
    bands = _hsplit(rows, mingap)
    if len(bands) > 1:
        bands = _merge_bands(bands, page, vgap)
    if len(bands) == 1:
        cols = _vsplit(rows, vgap)
        if len(cols) == 1:
            return [Leaf(rows)]
        return _order_cols(cols, page, depth)
    parts: list[list[Leaf]] = []
    split = False
    for b in bands:
        cols = _vsplit(b, vgap)
        if len(cols) > 1:
            split = True
            parts.append(_order_cols(cols, page, depth))
        else:
            parts.append([Leaf(b)])
    if not split:
        return [Leaf(rows)]
    return [leaf for p in parts for leaf in p]


def _order_cols(cols: list[list[Row]], page: _Page, depth: int) -> list[Leaf]:
    total = max(r.x1 for c in cols for r in c) - min(r.x0 for c in cols for r in c)
    sizes = [_dominant_size(c) for c in cols]
    margin_leaves, main_leaves = [], []
    widths = [max(r.x1 for r in c) - min(r.x0 for r in c) for c in cols]
    tabular = len(cols) >= 3 and max(widths) < 0.45 * total
    for i, c in enumerate(cols):
        w = max(r.x1 for r in c) - min(r.x0 for r in c)
        others = [s for j, s in enumerate(sizes) if j != i]
        is_margin = (len(cols) >= 2 and len(c) >= 2 and w < 0.32 * total and others
                     and sizes[i] < max(others) - 0.5 and sum(r.nchar for r in c) < max(
                         sum(r.nchar for r in cols[j]) for j in range(len(cols)) if j != i))
        leaves = _xy(c, page, depth + 1)
        if tabular:
            for leaf in leaves:
                leaf.tabular = True
        if is_margin:
            for leaf in leaves:
                leaf.margin = True
            margin_leaves.extend(leaves)
        else:
            main_leaves.extend(leaves)
    return margin_leaves + main_leaves


def reference_zone(rows: list[Row], is_heading, body: float, page_width: float) -> tuple[Row, list[Row], list[Row]] | None:
    """The reference list's region of a page, found on the layout before columns are ordered.

    ``is_heading(text)`` says whether a row's text is a reference-list heading. The zone is
    the heading, the rows of its column below it, and the rows of the columns to its right
    that follow it (level with or below it, or above it when set like the list itself). Without this, a two-column list whose
    right column is taller than the left column's text above the heading is cut into a band
    of its own and read *before* the heading, so cited papers land in the preceding section.
    Returns ``(heading_row, rows_of_its_column, rows_right_of_it)`` or None when the page has
    no such heading.
    """
    heads = [r for r in rows if len(r.text) <= 40 and r.size >= body - 0.6 and is_heading(r.text)]
    if not heads:
        return None
    h = max(heads, key=lambda r: r.y1)  # the topmost one
    em = max(h.size, body)
    # the heading's column: where the rows under it start and (mostly) end; without rows under
    # it, the rows above it that are not full width (a centred heading is fine)
    under = [r for r in rows if r is not h and r.y1 <= h.y1 + 0.3 * em and h.x0 - 2 * em <= r.x0 <= h.x1]
    if not under:
        under = [r for r in rows if r is not h and r.x0 < h.x1 and r.x1 > h.x0 and r.x1 - r.x0 < 0.6 * page_width]
    if under:
        ends = sorted(r.x1 for r in under)
        col_x0, col_x1 = min([h.x0] + [r.x0 for r in under]), max(h.x1, ends[int(0.8 * (len(ends) - 1))])
    else:
        col_x0, col_x1 = h.x0, h.x1
    in_col, beside = [], []
    for r in rows:
        if r is h or (r.y1 <= h.y1 + 0.3 * em and col_x0 - em <= r.x0 < col_x1 - 0.5 * em):
            in_col.append(r)
        elif r.x0 >= col_x1 - 0.5 * em:
            beside.append(r)
    # columns to the right: what is level with or below the heading follows it; what is above it
    # follows it only when it is set like the list under the heading (the list began in an
    # earlier column), not like body text (a band of body text read before the heading)
    below = [r for r in beside if r.y1 <= h.y1 + 0.3 * em]
    above = sorted(_column_top(beside, below, h.y1 + 0.3 * em, em), key=lambda r: -r.y1)
    ref_size = _dominant_size([r for r in in_col if r is not h]) if len(in_col) > 1 else None
    if above and ref_size is not None and abs(_dominant_size(above) - ref_size) <= 0.3 and (
            abs(ref_size - body) > 0.3 or re.match(r"^\[?\d{1,3}[.\])]\s", above[0].text)):
        below = below + above
    return h, in_col, below


def _column_top(beside: list[Row], below: list[Row], level: float, em: float) -> list[Row]:
    """The rows above ``level`` that run on, line by line, into the rows ``below`` it.

    Going up from the rows below the heading's level: each baseline holds one row per column,
    starting at that column's left edge or up to 3 em right of it (a hanging indent), and the
    gap to the line below is at most 2.2 em. What is above the first baseline that breaks this
    (a table or figure set at the top of the column, several cells on one baseline) is not the
    list going on.
    """
    rows = sorted((r for r in beside if r.y1 > level), key=lambda r: r.base)
    if not rows:
        return []
    cols = _vsplit(beside, max(5.0, 0.5 * em))
    low = {id(r) for r in below}
    edges = [min(r.x0 for r in ([q for q in c if id(q) in low] or c)) for c in cols]
    prev = max((r.base for r in below), default=None)
    out: list[Row] = []
    i = 0
    while i < len(rows):
        group = [rows[i]]
        while i + len(group) < len(rows) and rows[i + len(group)].base - group[0].base < 0.3 * em:
            group.append(rows[i + len(group)])
        if prev is not None and group[0].base - prev > 2.2 * em:
            break
        homes = [next((k for k, e in enumerate(edges) if e - 0.5 * em <= r.x0 <= e + 3 * em), None) for r in group]
        if None in homes or len(set(homes)) < len(homes):
            break
        out.extend(group)
        prev = max(r.base for r in group)
        i += len(group)
    return out


def reading_order(rows: list[Row], graphics, body: float, ref_heading=None, page_width: float = 612.0) -> list[Leaf]:
    """Leaves (column pieces) of one page in reading order; margin leaves first.

    With ``ref_heading`` (a predicate on row text) a reference zone (:func:`reference_zone`)
    is set apart first and ordered after the rest of the page.
    """
    if not rows:
        return []
    page = _Page(graphics, body)
    # pictures set in one column take up room in it: as blank stand-in rows they keep the XY-cut
    # from cutting a band across the page where only the other column has text beside them (which
    # would read that column's top before the text under the picture)
    pics = [Row(g[0], g[1], g[2], g[3], "", body, False, g[1], rows[0].page, 0) for g in graphics
            if g[2] - g[0] > 40 and g[3] - g[1] > 40 and g[2] - g[0] < 0.45 * page_width]
    if pics:
        leaves = _reading_order(rows + pics, page, ref_heading, page_width)
        out = []
        for leaf in leaves:
            keep = [r for r in leaf.rows if r.nchar]
            if keep:
                nl = Leaf(keep, leaf.margin)
                nl.tabular = leaf.tabular
                out.append(nl)
        return out
    return _reading_order(rows, page, ref_heading, page_width)


def _reading_order(rows: list[Row], page: _Page, ref_heading, page_width: float) -> list[Leaf]:
    if ref_heading is not None:
        z = reference_zone(rows, ref_heading, page.body, page_width)
        if z is not None:
            # the page's own order with the zone taken out (so no band opens where it was), then the zone
            ids = {id(r) for r in z[1] + z[2]}
            out = []
            for leaf in _xy(rows, page):
                keep = [r for r in leaf.rows if id(r) not in ids]
                if keep:
                    nl = Leaf(keep, leaf.margin)
                    nl.tabular = leaf.tabular
                    out.append(nl)
            return out + [leaf for part in (z[1], z[2]) if part for leaf in _xy(part, page)]
    return _xy(rows, page)


# --------------------------------------------------------------------------------------
# paragraphs inside a leaf


def first_word_width(r: Row) -> float:
    w = r.text.split(" ", 1)[0]
    per = (r.x1 - r.x0) / max(1, len(r.text))
    return len(w) * per


def ends_sentence(text: str) -> bool:
    return bool(_TERMINAL.search(text))


class Para:
    """A paragraph: rows in reading order plus what the converter decides about it."""

    __slots__ = ("rows", "kind", "name", "float", "leaf", "first_in_leaf", "last_in_leaf", "heading", "joined")

    def __init__(self, rows: list[Row], leaf: int):
        self.rows = rows
        self.leaf = leaf
        self.kind: str | None = None
        self.name: str | None = None
        self.float = False
        self.first_in_leaf = False
        self.last_in_leaf = False
        self.heading = False
        self.joined = False

    @property
    def size(self) -> float:
        return _dominant_size(self.rows)

    @property
    def bold(self) -> bool:
        n = sum(r.nchar for r in self.rows)
        return sum(r.nchar for r in self.rows if r.bold) * 2 > n

    @property
    def italic(self) -> bool:
        n = sum(r.nchar for r in self.rows)
        return sum(r.nital for r in self.rows) * 2 > n

    @property
    def raw(self) -> str:
        return " ".join(r.text for r in self.rows)

    def __repr__(self) -> str:  # pragma: no cover
        return f"<Para leaf{self.leaf} {self.kind} {self.raw[:60]!r}>"


class Metrics:
    """Document-wide typographic facts used by the paragraph rules."""

    def __init__(self, pages_rows: list[list[Row]]):
        sizes: Counter = Counter()
        content = [rows for rows in pages_rows if rows]
        for rows in content[: max(1, (len(content) + 1) // 2)]:  # the first half: reference lists are at the end
            for r in rows:
                sizes[r.size] += r.nchar
        total = sum(sizes.values())
        big = [sz for sz, n in sizes.items() if n >= 0.25 * total]
        self.body = max(big) if big else (sizes.most_common(1)[0][0] if sizes else 10.0)
        self.pitch: dict[float, float] = {}
        self.indent_style = False

    def learn(self, leaves_by_page: list[list[Leaf]]) -> None:
        diffs: dict[float, Counter] = {}
        indents = 0
        for leaves in leaves_by_page:
            for leaf in leaves:
                rows = leaf.rows
                for p, r in zip(rows, rows[1:]):
                    if p.size == r.size:
                        d = p.base - r.base
                        if 0.8 * r.size < d < 2.2 * r.size:
                            diffs.setdefault(r.size, Counter())[round(d * 2) / 2] += 1
                    if (r.x0 > leaf.x0 + 0.8 * r.size and r.x0 < leaf.x0 + 4 * r.size and p.x0 <= leaf.x0 + 0.3 * r.size
                            and p.size == r.size and not p.bold and (p.x1 < leaf.x1 - 3 * r.size) and ends_sentence(p.text)):
                        indents += 1
        for s, c in diffs.items():
            self.pitch[s] = c.most_common(1)[0][0]
        self.indent_style = indents >= 3

    def pitch_of(self, size: float) -> float:
        return self.pitch.get(size) or 1.2 * size


def col_right(leaf: Leaf, r: Row, page_rows: list[Row], beside: bool = False) -> float:
    """Right edge of the column ``r`` sits in (the leaf, widened by rows sharing its left edge).

    With ``beside``, not widened past the left edge of text level with the leaf to its right
    (the next column): a figure caption set across both columns from the left column's edge is
    no measure of a short leaf's column when deciding whether its last line is full.
    """
    right = leaf.x1
    if len(leaf.rows) < 4:
        stop = float("inf")
        if beside:
            top, bottom = max(q.y1 for q in leaf.rows), min(q.y0 for q in leaf.rows)
            stop = min((q.x0 for q in page_rows if q.x0 > leaf.x1 + 0.5 * r.size and q.y0 < top and q.y1 > bottom),
                       default=stop)
        for q in page_rows:
            if abs(q.x0 - leaf.x0) < 2 * r.size and right < q.x1 <= stop and q.size == r.size:
                right = q.x1
    return right


def split_leaf(leaf: Leaf, leaf_id: int, m: Metrics, page_rows: list[Row]) -> list[Para]:
    """Paragraphs inside one leaf."""
    rows = leaf.rows
    if not rows:
        return []
    paras: list[Para] = []
    cur = [rows[0]]
    right = col_right(leaf, rows[0], page_rows)
    for p, r in zip(rows, rows[1:]):
        if _breaks(p, r, cur[0], leaf, right, m):
            paras.append(Para(cur, leaf_id))
            cur = [r]
        else:
            cur.append(r)
    paras.append(Para(cur, leaf_id))
    paras[0].first_in_leaf = True
    paras[-1].last_in_leaf = True
    return paras


def _breaks(p: Row, r: Row, first: Row, leaf: Leaf, right: float, m: Metrics) -> bool:
    s = r.size
    if abs(p.size - r.size) > 0.6 or p.bold != r.bold:
        return True
    if _RUNIN_START.match(r.text):
        return True
    d = p.base - r.base
    if d <= 0.3 * s or d > 1.45 * m.pitch_of(s):
        return True
    big = s >= m.body + 1.5  # titles and large headings: one paragraph while style and spacing hold
    if big:
        return False
    left = leaf.x0
    p_full = p.x1 >= right - (1.5 * first_word_width(r) + 1.5 * s)
    p_ended = (not p_full) or ends_sentence(p.text)
    if p.text.endswith(("-", "\u00ad", "\u2010")) and p_full:
        return False
    if not p_full:
        return True
    # first-line indent after a finished line (not the hanging indent of a list item's second line)
    # a list item's first line starting with its label ("[9] Y. Adachi, ...") is a hanging first line
    # even when wider labels further down ("[10]") set the column's left edge left of it
    hanging = first is p and (p.x0 <= left + 0.3 * s or bool(_REF_START.match(p.text) or _BULLET.match(p.text)))
    if r.x0 > left + 0.6 * s and r.x0 > p.x0 + 0.6 * s and p_ended and m.indent_style and not hanging:
        return True
    # new item in a hanging-indent list (references): r back at the left edge
    if first.x0 < p.x0 - 0.6 * s and r.x0 < p.x0 - 0.6 * s:
        return True
    if _BULLET.match(r.text) and r.x0 < p.x0 - 0.3 * s:
        return True
    # the next numbered reference after one that ended at the column edge, or one whose label
    # follows the entry's own ("17." under "16. ... [CrossRef]", which ends with no full stop)
    if (_REF_START.match(r.text) and _REF_START.match(first.text) and r.x0 <= first.x0 + 0.3 * s
            and (ends_sentence(p.text) or _label_number(r.text) == _label_number(first.text) + 1)):
        return True
    return False


def _label_number(text: str) -> int:
    m = re.match(r"\[?(\d{1,3})", text)
    return int(m.group(1)) if m else -1


def continues(a: Para, b: Para, leaf_a: Leaf, leaf_b: Leaf, m: Metrics, rows_a: list[Row], rows_b: list[Row],
              across_float: bool = False) -> bool:
    """May paragraph ``b`` (after a column/page break or a float) continue paragraph ``a``?"""
    p, r = a.rows[-1], b.rows[0]
    s = r.size
    if abs(p.size - r.size) > 0.6 or p.bold != r.bold or a.heading or b.heading:
        return False
    if p.size >= m.body + 1.5:
        return False
    if p.page == r.page and r.y1 <= p.y0 + 0.3 * s and min(p.x1, r.x1) - max(p.x0, r.x0) > 0:
        # stacked in the same column (a band or a float in between): the line gap still counts
        if p.base - r.base > 1.45 * m.pitch_of(s) and not across_float:
            return False
    if p.text.endswith(("-", "\u00ad", "\u2010")) and r.text[:1].islower():
        return True
    right = col_right(leaf_a, p, rows_a, beside=True)
    if p.x1 < right - (1.5 * first_word_width(r) + 1.5 * s):
        return False
    r_indented = (r.x0 - leaf_b.x0) > (p.x0 - leaf_a.x0) + 0.6 * s  # relative to where the previous line sat
    if m.indent_style and r_indented and len(leaf_b.rows) > 1:
        return False
    if ends_sentence(p.text) and r.text[:1].isupper() and not m.indent_style:
        return False
    if _REF_START.match(r.text) or _BULLET.match(r.text):
        return False
    return True
