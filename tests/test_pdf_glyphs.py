"""Letters set from a supplementary font whose glyph names lie (``extract/pdf_glyphs.py``).

Real font programs (``data/pdf-glyphs/*.cff``, ATTRIBUTION.md): the bold author-line font
"Minion-Black" of two Hindawi PDFs and the small "minionblackadditional" font their typesetter
used for the letters Minion-Black's encoding lacks, with no /ToUnicode map and glyphs named
"B", "N", "w", "J", "G", "L". pdfminer reads "Zaręba" as "Zarwba", "Ulaş" as "UlaG".
"""
from __future__ import annotations

import io
from pathlib import Path

import pytest

pytest.importorskip("fontTools")

from fontTools.cffLib import CFFFontSet  # noqa: E402

from rheumex.extract import convert  # noqa: E402
from rheumex.extract import pdf_glyphs as G  # noqa: E402

DATA = Path(__file__).parent / "data" / "pdf-glyphs"


def _cff(name: str):
    cff = CFFFontSet()
    cff.decompile(io.BytesIO((DATA / name).read_bytes()), None)
    return cff[cff.fontNames[0]].CharStrings


@pytest.mark.parametrize("paper,expected", [
    ("PMC4709662", {"B": "\u0142", "N": "\u0144", "w": "\u0119"}),   # ł ń ę: Hołody-Zaręba, Kędra, Guzińska
    ("PMC4735928", {"J": "\u0131", "G": "\u015f", "L": None}),      # ı ş: Kadiroğulları, Ulaş; ğ: no g in the host
])
def test_real_supplementary_glyphs_read_from_their_outlines(paper, expected):
    extra, host = _cff(f"{paper}-minionblackadditional.cff"), _cff(f"{paper}-Minion-Black.cff")
    got = {g: G.read_glyph(G._outline(extra, g), [host]) for g in expected}
    assert got == expected


class _Glyph:
    def __init__(self, contours):
        self.contours = contours

    def draw(self, pen):
        for c in self.contours:
            pen.moveTo(c[0])
            for pt in c[1:]:
                pen.lineTo(pt)
            pen.closePath()


O = [(100, 0), (400, 0), (400, 450), (100, 450)]
C = [(100, 0), (380, 0), (380, 460), (100, 460)]
E = [(100, 0), (390, 0), (390, 455), (100, 455)]
L_STEM = [(100, 0), (180, 0), (180, 700), (100, 700)]
I_STEM, I_DOT = [(110, 0), (190, 0), (190, 450), (110, 450)], [(110, 550), (190, 550), (190, 630), (110, 630)]
HOST = {"o": _Glyph([O]), "c": _Glyph([C]), "e": _Glyph([E]), "l": _Glyph([L_STEM]), "i": _Glyph([I_STEM, I_DOT])}


@pytest.mark.parametrize("contours,letter", [
    ([O, [(240, 520), (300, 520), (380, 680), (330, 690)]], "\u00f3"),                       # o + acute
    ([O, [(360, 520), (300, 520), (220, 680), (270, 690)]], "\u00f2"),                       # o + grave
    ([O, [(150, 520), (210, 520), (210, 580), (150, 580)], [(290, 520), (350, 520), (350, 580), (290, 580)]], "\u00f6"),
    ([C + [(230, -30), (270, -30), (300, -120), (200, -200)]], "\u00e7"),                   # cedilla: tail low left
    ([E + [(300, -30), (330, -30), (260, -120), (340, -200)]], "\u0119"),                   # ogonek: bowl halfway
    ([L_STEM[:2] + [(180, 300), (220, 380), (220, 420), (180, 400)] + L_STEM[2:] + [(100, 320), (60, 300), (60, 340)]], "\u0142"),
    ([I_STEM], "\u0131"),                                                                    # i without its dot
    ([[(0, 0), (50, 10), (20, 80)]], None),                                                  # no letter of the host
])
def test_synthetic_marks(contours, letter):
    assert G.read_glyph(G._outline({"x": _Glyph(contours)}, "x"), [HOST]) == letter


def _chars(text, x, size=12.0):
    return [(ch, x + i * 6.0, 700.0, x + (i + 1) * 6.0, 712.0, size, True) for i, ch in enumerate(text)]


def test_in_word_fonts_finds_a_font_used_only_inside_other_words():
    chars = _chars("Fakioglu", 50) + _chars("Ulas1", 150)
    fonts = ["Minion-Black"] * len(chars)
    fonts[3] = fonts[12] = "extra"          # "Fak" + "ı" + "oglu", "Ula" + "ş"
    assert G.in_word_fonts(chars, fonts) == {"extra": {"Minion-Black"}}
    # a font that sets whole words (italics) is no supplementary font
    chars = _chars("in", 50) + _chars("vivo", 63)
    assert G.in_word_fonts(chars, ["Regular"] * 2 + ["Italic"] * 4) == {}


def test_real_author_line_gets_its_turkish_letters_back():
    # Çiçek et al., Case Reports in Medicine 2016 (PMC4735928, CC BY); pdfminer alone gives
    # "Ersin KadiroLullarJ" and "Mahmut UlaG"
    d = convert(DATA / "PMC4735928.pdf")
    assert d.metadata.authors[-1] == "Mahmut Ula\u015f"
    assert d.metadata.authors[2].endswith("ulları")  # ğ stays unread: the host subset has no "g" to build it from
