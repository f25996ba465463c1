"""extract/pdf_content.py: the fast content-stream reader gives the objects pdfminer's own
``PDFContentParser`` gives, and falls back to it for what it does not read itself."""
from pathlib import Path

import pytest
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfinterp import PDFContentParser, PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFStream, stream_value
from pdfminer.psparser import PSEOF

from rheumex.extract.pdf_chars import CharTupleAggregator
from rheumex.extract.pdf_content import FastPageInterpreter, _Fallback, content_objects

DATA = Path(__file__).parent / "data"


def pdfminer_objects(data: bytes) -> list:
    parser = PDFContentParser([PDFStream({}, data)])
    out = []
    while True:
        try:
            out.append(parser.nextobject()[1])
        except PSEOF:
            return out


@pytest.mark.parametrize("data", [
    b"BT /F1 12 Tf 72 712 Td (Hello) Tj ET",
    b"[(A) -120 (B\\)c) 5.5 (x\\(y\\))] TJ",
    b"1.2.3 -.5 5. --5 +-3 . - + 0 Tj",  # pdfminer's number quirks
    b"<48656c6c6f> Tj <4 8 6> Tj << /MCID 3 /Foo [1 2] >> BDC EMC",  # odd hex digit, a dictionary
    b"(nested (paren) here) Tj (oct \\101\\1012 \\x) Tj (line\\\ncont) Tj",  # escapes, continuation
    b"q 1 0 0 1 0 0 cm /Im0 Do Q % a comment\n T* ' \" 5Tj true false null f*",
    b"(\\r\\n\\t\\b\\f\\\\) Tj {1 2} x ) >",  # a procedure, a stray ")" and ">"
    b"/N\xc3\xa9 Tf /\xff Tf \x00 Tj\x00 (\xe9) Tj",  # non-ASCII names and strings, NUL bytes
])
def test_same_objects_as_pdfminer(data):
    assert content_objects(data) == pdfminer_objects(data)


@pytest.mark.parametrize("data", [
    b"BI /W 1 /H 1 ID \x00\xff EI",  # inline image
    b"/A#20B Tf",  # name with a # escape
    b"(\\777) Tj",  # octal escape above 255
    b"[1 2 >> Tj",  # brackets that do not nest
    b"[1 2",  # unclosed array
])
def test_unusual_content_is_left_to_pdfminer(data):
    with pytest.raises(_Fallback):
        content_objects(data)


@pytest.mark.parametrize("name", ["pdf-jats/PMC4739218.pdf", "pdf-glyphs/PMC4735928.pdf",
                                  "pdf-more/wk_medicine_2018_hla_drb1_alopecia_areata_metaanalysis.pdf"])
def test_real_pages_render_the_same_characters(name):
    def chars(interp_cls):
        with open(DATA / name, "rb") as fh:
            doc = PDFDocument(PDFParser(fh))
            rsrc = PDFResourceManager(caching=True)
            device = CharTupleAggregator(rsrc)
            interp = interp_cls(rsrc, device)
            out = []
            for page in PDFPage.create_pages(doc):
                data = b"".join(stream_value(s).get_data() for s in page.contents)
                assert content_objects(data) == pdfminer_objects(data)
                interp.process_page(page)
                out.append(repr(device.get_result()))
            return out
    assert chars(FastPageInterpreter) == chars(PDFPageInterpreter)
