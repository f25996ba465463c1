"""The character-tuple device: small page-level drawings are not built, everything else is pdfminer's."""
from pdfminer.layout import LTCurve, LTFigure, LTRect
from pdfminer.pdfinterp import PDFGraphicState, PDFResourceManager

from rheumex.extract.pdf_chars import CharTupleAggregator
from rheumex.extract.pdf_layout import SMALL_DRAWING


class _Page:  # what PDFPageAggregator.begin_page reads
    pageid = 1
    mediabox = (0, 0, 612, 792)
    cropbox = (0, 0, 612, 792)


def _rect(x, y, w, h):
    return [("m", x, y), ("l", x + w, y), ("l", x + w, y + h), ("l", x, y + h), ("h",)]


def _device() -> CharTupleAggregator:
    dev = CharTupleAggregator(PDFResourceManager())
    dev.begin_page(_Page(), (1, 0, 0, 1, 0, 0))
    dev.set_ctm((1, 0, 0, 1, 0, 0))
    return dev


def test_small_page_level_drawings_are_skipped_large_ones_kept():
    dev = _device()
    gs = PDFGraphicState()
    dev.paint_path(gs, True, False, False, _rect(100, 100, 4, 4))  # a chart dot
    dev.paint_path(gs, True, False, False, [("m", 10, 10), ("c", 12, 14, 16, 18, 20, 20)])  # a tick
    assert list(dev.cur_item) == []
    dev.paint_path(gs, False, True, False, _rect(50, 400, 500, 120))  # a tinted panel
    dev.paint_path(gs, True, False, False, [("m", 50, 50), ("l", 50 + SMALL_DRAWING + 1, 50)])  # a rule
    kept = list(dev.cur_item)
    assert isinstance(kept[0], LTRect) and kept[0].bbox == (50, 400, 550, 520)
    assert isinstance(kept[1], LTCurve)


def test_subpaths_are_judged_one_by_one():
    """pdfminer builds one object per subpath (it calls ``paint_path`` again for each): a small
    subpath is left out even when the whole path spans the page, a large one is built."""
    dev = _device()
    dev.paint_path(PDFGraphicState(), True, False, False, _rect(10, 10, 5, 5) + _rect(500, 700, 5, 5))
    assert list(dev.cur_item) == []
    dev.paint_path(PDFGraphicState(), True, False, False, _rect(10, 10, 5, 5) + _rect(100, 300, 200, 100))
    kept = list(dev.cur_item)
    assert len(kept) == 1 and kept[0].bbox == (100, 300, 300, 400)


def test_small_drawings_inside_a_figure_are_built():
    """Figures are judged by what they contain (pdf._collect), so nothing is left out there."""
    dev = _device()
    dev.begin_figure("Fm1", (0, 0, 200, 200), (1, 0, 0, 1, 0, 0))
    dev.paint_path(PDFGraphicState(), True, False, False, _rect(20, 20, 3, 3))
    fig = dev.cur_item
    assert isinstance(fig, LTFigure) and len(list(fig)) == 1
