"""Letters with diacritics drawn from a supplementary font whose glyph names lie, read from their outlines.

Some typesetting systems set the letters a text font lacks (Turkish ı ğ ş, Polish ł ń ę, ...)
from a small extra font embedded beside it, with no ``/ToUnicode`` map and glyphs named after
plain letters: "Fakıoglu" comes out of the PDF as "FakJoglu", "Zaręba" as "Zarwba", "Ulaş" as
"UlaG". The names are wrong, but the outlines are not: such a glyph is a letter of the text
font (the same outline points, moved) plus a mark, or that letter with a part left out.

:func:`substitutes` finds such fonts among the fonts a page used (simple font, no
``/ToUnicode``, an embedded CFF program of a few glyphs) and reads each glyph:

1. **base letter**: the single-letter glyph of the page's other embedded fonts whose outline
   points, moved by the most common offset, are found most completely in the glyph;
2. **what is left over**: the glyph's points not on the base letter. None left and the base's
   part above the x-height missing: a dotless letter (i -> ı, j -> ȷ); left-over points above
   the base: an accent; below it: a cedilla or an ogonek; across its stem: a stroke (l -> ł);
3. **the mark** from the left-over outline's shape: acute or grave (slanted one way or the
   other), circumflex or caron (peak or dip in the middle, straight lines), breve (dip, curved),
   dot, ring, dieresis (two blobs), macron; below the letter a cedilla (its leftmost point is
   the end of its tail, low down) or an ogonek (its leftmost point is its bowl, halfway down);
4. base + combining mark, composed (NFC) into one letter; a glyph read no way is left as it is.

Only fonts of this shape are opened (``fontTools`` reads the CFF), so ordinary PDFs pay nothing.
"""
from __future__ import annotations

import io
import unicodedata
from collections import Counter

#: combining marks by the name the shape analysis gives
_MARKS = {"acute": "\u0301", "grave": "\u0300", "circumflex": "\u0302", "caron": "\u030c", "breve": "\u0306",
          "dot": "\u0307", "ring": "\u030a", "dieresis": "\u0308", "macron": "\u0304", "cedilla": "\u0327",
          "ogonek": "\u0328"}
_STROKE = {"l": "\u0142", "L": "\u0141", "d": "\u0111", "D": "\u0110", "h": "\u0127", "H": "\u0126", "o": "\u00f8",
           "O": "\u00d8", "t": "\u0167", "T": "\u0166"}
_DOTLESS = {"i": "\u0131", "j": "\u0237"}
_MAX_GLYPHS = 40


def _charstrings(font):
    """The CharStrings of a simple font's embedded CFF program (FontFile3), or None."""
    from pdfminer.pdftypes import resolve1

    try:
        ff = resolve1(font.descriptor.get("FontFile3"))
        if ff is None:
            return None
        from fontTools.cffLib import CFFFontSet

        cff = CFFFontSet()
        cff.decompile(io.BytesIO(ff.get_data()), None)
        return cff[cff.fontNames[0]].CharStrings
    except Exception:  # a program fontTools cannot read: nothing to decode
        return None


def _outline(cs, name: str) -> list[list[tuple[str, list[tuple[int, int]]]]]:
    """Contours of a glyph: lists of (operator, points) with rounded coordinates."""
    from fontTools.pens.recordingPen import RecordingPen

    pen = RecordingPen()
    cs[name].draw(pen)
    out, cur = [], []
    for op, args in pen.value:
        if op in ("closePath", "endPath"):
            if cur:
                out.append(cur)
            cur = []
        else:
            cur.append((op, [(round(x), round(y)) for x, y in args]))
    if cur:
        out.append(cur)
    return out


def _points(contours) -> list[tuple[int, int]]:
    return [pt for c in contours for _, pts in c for pt in pts]


def _bbox(pts) -> tuple[int, int, int, int]:
    return min(x for x, _ in pts), min(y for _, y in pts), max(x for x, _ in pts), max(y for _, y in pts)


def _match(u_pts: list, b_pts: list) -> tuple[float, float, set]:
    """(share of base points found in the glyph, share of glyph points on the base, moved base points)."""
    ys = {}
    for bx, by in b_pts:
        ys.setdefault(by, []).append(bx)
    votes: Counter = Counter()
    for ux, uy in u_pts:
        for bx in ys.get(uy, ()):
            votes[ux - bx] += 1
    dx = votes.most_common(1)[0][0] if votes else 0
    moved = {(x + dx, y) for x, y in b_pts}
    us = set(u_pts)
    return len(moved & us) / len(moved), sum(1 for p in u_pts if p in moved) / len(u_pts), moved


def _mark(u_outline, moved: set, base_box: tuple) -> str | None:
    """Name of the mark the glyph ``u_outline`` draws beside its base letter (points ``moved``, box ``base_box``)."""
    bx0, by0, bx1, by1 = base_box
    tol = 0.05 * (by1 - by0)
    extra = [p for p in _points(u_outline) if p not in moved]
    above = [p for p in extra if p[1] > by1 + tol]
    below = [p for p in extra if p[1] < by0 - tol]
    if len(above) >= 3 and len(above) >= len(below):
        pts = above
        x0, y0, x1, y1 = _bbox(pts)
        w, h = max(1, x1 - x0), max(1, y1 - y0)
        region = set(pts)
        conts = [c for c in u_outline if sum(1 for p in _points([c]) if p in region) > 0.5 * len(_points([c]))]
        curved = any(op in ("curveTo", "qCurveTo") for c in conts for op, _ in c)
        if len(conts) == 2:
            b0, b1 = _bbox(_points([conts[0]])), _bbox(_points([conts[1]]))
            nested = (b0[0] <= b1[0] and b0[2] >= b1[2]) or (b1[0] <= b0[0] and b1[2] >= b0[2])
            return "ring" if nested else "dieresis"
        if len(conts) != 1:
            return None
        if h < 0.35 * w and not curved:
            return "macron"
        mid = (x0 + x1) / 2
        highs = [p for p in pts if p[1] >= y1 - 0.15 * h]
        lows = [p for p in pts if p[1] <= y0 + 0.15 * h]
        lean = sum(x for x, _ in highs) / len(highs) - sum(x for x, _ in lows) / len(lows)
        if lean > 0.2 * w:
            return "acute"  # its top leans right
        if lean < -0.2 * w:
            return "grave"
        if w <= 1.4 * h and curved and all(abs(p[0] - mid) < 0.35 * w for p in highs + lows):
            return "dot"
        if all(abs(p[0] - mid) < 0.3 * w for p in highs):
            return "circumflex"
        if all(abs(p[0] - mid) < 0.3 * w for p in lows):
            return "breve" if curved else "caron"
        return None
    if len(below) >= 3:
        # a cedilla's tail ends at its lower left; an ogonek's leftmost point is its bowl, halfway down
        x0, y0, _, y1 = _bbox(below)
        left = [y for x, y in below if x == x0]
        return "cedilla" if sum(left) / len(left) < y0 + 0.3 * max(1, y1 - y0) else "ogonek"
    if extra and not above and not below:
        return "stroke"
    return None


def read_glyph(u_outline, hosts: list) -> str | None:
    """The letter a supplementary glyph draws, from its outline and the host fonts' letters; None if unread."""
    u_pts = _points(u_outline)
    if len(u_pts) < 3:
        return None
    best = None
    for cs in hosts:
        for name in cs.keys():
            if len(name) != 1 or not name.isalpha():
                continue
            b_outline = _outline(cs, name)
            b_pts = _points(b_outline)
            if len(b_pts) < 3:
                continue
            cover, on_base, moved = _match(u_pts, b_pts)
            key = (cover * min(1.0, len(b_pts) / len(u_pts)) if cover >= 0.8 else on_base * cover, cover)
            if best is None or key > best[0]:
                best = (key, name, cover, on_base, moved, b_pts)
    if best is None:
        return None
    _, base, cover, on_base, moved, b_pts = best
    bbox = _bbox(list(moved))
    if on_base >= 0.99 and cover < 0.8:
        # the glyph is part of the letter: dotless if what is missing is the part above the x-height
        missing = [p for p in moved if p not in set(u_pts)]
        if base in _DOTLESS and missing and min(y for _, y in missing) > _bbox(u_pts)[3]:
            return _DOTLESS[base]
        return None
    if cover < 0.8 or on_base >= 0.99:
        return None
    mark = _mark(u_outline, moved, bbox)
    if mark is None:
        return None
    if mark == "stroke":
        return _STROKE.get(base)
    out = unicodedata.normalize("NFC", base + _MARKS[mark])
    return out if len(out) == 1 else None


def in_word_fonts(chars: list, fontlog: list[str]) -> dict[str, set[str]]:
    """Fonts used for single letters inside the words of another font: ``{font: {host fonts}}``.

    ``chars`` are the page's ``(text, x0, y0, x1, y1, size, bold)`` in drawing order and
    ``fontlog`` their font names. A font counts when at least four fifths of its letters sit
    alone right after a letter of another font of the same size that it touches ("Fak" + "ı" + "oglu",
    "Ula" + "ş").
    """
    inside: Counter = Counter()
    hosts: dict[str, set[str]] = {}
    for i in range(1, len(fontlog)):
        f, before = fontlog[i], fontlog[i - 1]
        if f == before or (i + 1 < len(fontlog) and fontlog[i + 1] == f):
            continue
        c = chars[i]
        t, x0, size = c[0], c[1], c[5]
        a = chars[i - 1]
        if t.isalpha() and a[0].isalpha() and abs(a[5] - size) < 0.5 and abs(x0 - a[3]) < 0.1 * size:
            inside[f] += 1
            hosts.setdefault(f, set()).add(before)
    if not inside:
        return {}
    letters = Counter(f for (t, *_), f in zip(chars, fontlog) if f in inside and t.isalpha())
    return {f: hosts[f] for f, n in inside.items() if n >= 0.8 * letters[f]}


def substitutes(fonts: dict, suspects: dict[str, set[str]], cache: dict) -> dict[tuple[str, str], str]:
    """``{(fontname, text): letter}`` for the glyphs of the supplementary fonts ``suspects``.

    ``fonts`` maps font names to the pdfminer font objects of the page; ``suspects`` is what
    :func:`in_word_fonts` found. A supplementary font qualifies when it has no ``/ToUnicode``
    map and an embedded CFF program; its glyphs are read against its host fonts' programs.
    ``cache`` (kept across pages) holds each font's decoded glyphs, so it is read once per document.
    """
    out: dict[tuple[str, str], str] = {}
    for name, host_names in suspects.items():
        if name not in cache:
            cache[name] = {}
            f = fonts.get(name)
            if f is None or getattr(f, "unicode_map", None) is not None or not hasattr(f, "descriptor"):
                continue
            cs = _charstrings(f)
            hosts = [h for h in (_charstrings(fonts[n]) for n in host_names if n in fonts) if h is not None]
            if cs is None or not hosts or len(cs.keys()) > _MAX_GLYPHS:
                continue
            for g in cs.keys():
                if len(g) == 1 and g.isascii() and g.isalpha():
                    try:
                        u = read_glyph(_outline(cs, g), hosts)
                    except Exception:  # an outline fontTools cannot draw: left as it is
                        u = None
                    if u is not None and u != g:
                        cache[name][g] = u
        out.update({(name, t): u for t, u in cache[name].items()})
    return out
