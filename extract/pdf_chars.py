"""A pdfminer.six device that records each character as a small tuple instead of an ``LTChar``.

With ``laparams=None`` (no pdfminer box grouping) the converter only needs, per glyph, its
text, box, rounded size, weight and orientation. pdfminer's :class:`PDFPageAggregator`
builds a full ``LTChar`` object for each (two matrix products, a font lookup per glyph,
a dozen attributes), which the converter then walks and turns into tuples: about a
third of the CPU time of reading a page. :class:`CharTupleAggregator` does the same
arithmetic (the boxes are bit for bit those of ``LTChar``) and puts the tuples straight
into the page tree; figures, images, curves and rectangles are pdfminer's objects as
before, except that a path drawn directly on the page whose points all fit in a 30 x 30 pt
box is not built at all (:meth:`CharTupleAggregator.paint_path`): the converter ignores such
small drawings outside figures (chart dots, ticks, glyph-like marks), and a chart drawn as
thousands of them cost more than the text of its page (one Hindawi paper: 1.47x the CPU of
pdfminer's ``extract_text``, whose text device ignores paths; 0.90x without them). Font
lookups (``to_unichr``, ``char_width``, ``char_disp``, bold) are memoised per font and
character id.

Entries in a container that stand for a character (``type(o) is tuple``):

* ``(text, x0, y0, x1, y1, size, bold, italic, fontname)``: an upright character with text
  (ligatures spelled out, a no-break space as a space);
* ``SKIPPED`` (``()``): an upright glyph without text (empty, or an unmapped ``(cid:N)``);
* ``(text, x0, y0, x1, y1, size, bold, sign, italic, fontname)``: a character turned by about 90
  degrees (``sign`` 1 counter-clockwise, -1 clockwise);
* ``ROTATED`` (``(None,)``): any other rotated glyph.
"""
from __future__ import annotations

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTPage
from pdfminer.pdffont import PDFUnicodeNotDefined

from rheumex.extract.normalize import LIGATURES
from rheumex.extract.pdf_layout import SMALL_DRAWING, is_bold, is_italic

SKIPPED: tuple = ()
ROTATED: tuple = (None,)


class CharTupleAggregator(PDFPageAggregator):
    """:class:`PDFPageAggregator` (``laparams=None``) whose characters are tuples (see the module doc)."""

    def __init__(self, rsrcmgr, pageno: int = 1) -> None:
        super().__init__(rsrcmgr, pageno=pageno, laparams=None)
        # font -> (glyphs {cid: (upright text, turned text, width, disp)}, bold, vertical, descent, name, italic)
        self._fonts: dict = {}

    def _font(self, font) -> tuple:
        f = self._fonts[font] = ({}, is_bold(font.fontname), font.is_vertical(), font.get_descent(), font.fontname,
                                 is_italic(font.fontname))
        return f

    def _glyph(self, font, cid: int, glyphs: dict) -> tuple:
        try:
            text = font.to_unichr(cid)
            assert isinstance(text, str), str(type(text))
        except PDFUnicodeNotDefined:
            text = self.handle_undefined_char(font, cid)
        if not text or text.startswith("(cid:"):
            up = turned = None
        else:
            turned = LIGATURES.get(text, text)
            up = "\u0020" if text == "\u00a0" else turned
        g = glyphs[cid] = (up, turned, font.char_width(cid), font.char_disp(cid))
        return g

    def paint_path(self, gstate, stroke, fill, evenodd, path) -> None:
        """pdfminer's ``paint_path``, skipped for a small drawing directly on the page.

        Every object pdfminer would build from ``path`` has a box inside the box of the path's
        end points (``h`` closes on the first point), so when that box is at most
        :data:`SMALL_DRAWING` wide and tall, none of them would be taken by the converter.
        Inside a figure every path is built as before (figures are judged by what they contain).
        """
        if type(self.cur_item) is LTPage and path:
            a, b, c, d, e, f = self.ctm
            xs, ys = [], []
            for seg in path:
                if len(seg) >= 3:
                    x, y = seg[-2], seg[-1]
                    xs.append(a * x + c * y + e)
                    ys.append(b * x + d * y + f)
            if xs and max(xs) - min(xs) <= SMALL_DRAWING and max(ys) - min(ys) <= SMALL_DRAWING:
                return
        super().paint_path(gstate, stroke, fill, evenodd, path)

    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate) -> float:
        f = self._fonts.get(font) or self._font(font)
        glyphs = f[0]
        g = glyphs.get(cid) or self._glyph(font, cid, glyphs)
        adv = g[2] * fontsize * scaling
        # the box as LTChar.__init__ computes it
        if f[2]:
            vx, vy = g[3]
            vx = fontsize * 0.5 if vx is None else vx * fontsize * 0.001
            vy = (1000 - vy) * fontsize * 0.001
            bx0, by0, bx1, by1 = -vx, vy + rise + adv, -vx + fontsize, vy + rise
        else:
            descent = f[3] * fontsize
            bx0, by0, bx1, by1 = 0, descent + rise, adv, descent + rise + fontsize
        a, b, c, d, e, ff = matrix
        # apply_matrix_rect: the four corners, then min / max
        l1, b1 = a * bx0 + c * by0 + e, b * bx0 + d * by0 + ff
        r1, b2 = a * bx1 + c * by0 + e, b * bx1 + d * by0 + ff
        r2, t1 = a * bx1 + c * by1 + e, b * bx1 + d * by1 + ff
        l2, t2 = a * bx0 + c * by1 + e, b * bx0 + d * by1 + ff
        x0, y0 = min(l1, l2, r1, r2), min(b1, b2, t1, t2)
        x1, y1 = max(l1, l2, r1, r2), max(b1, b2, t1, t2)
        size = round((x1 - x0) if f[2] else (y1 - y0), 1)
        if a * d * scaling > 0 and b * c <= 0:  # upright
            t = g[0]
            self.cur_item._objs.append(SKIPPED if t is None else (t, x0, y0, x1, y1, size, f[1], f[5], f[4]))
        else:
            t = g[1]
            if abs(a) < 0.1 * abs(b) and t is not None:
                self.cur_item._objs.append((t, x0, y0, x1, y1, size, f[1], 1 if b > 0 else -1, f[5], f[4]))
            else:
                self.cur_item._objs.append(ROTATED)
        return adv
