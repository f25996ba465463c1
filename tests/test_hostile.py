"""Hostile inputs stay bounded (issue 18 items 4, 6, 7, 12): PDF decompression bombs, texts
over spaCy's max_length, pathological tokenizer input, deeply nested XML, Latin-1 text.

Every hostile file is built here at test time, small (a few KB) and fast to make.
"""
from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from rheumex.extract import convert
from rheumex.extract import pdfguard
from rheumex.extract.document import Document
from rheumex.extract.errors import DecompressionBomb, XMLTooDeep

SEED = Path(__file__).parent / "data" / "seed.txt"
MB = 1024 * 1024


# ------------------------------------------------------------------ building PDFs


from pdf_helpers import minimal_pdf as _pdf  # noqa: E402


def _stream(data: bytes, filters: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), filters) + data + b"\nendstream"


def _deflated_spaces(n_mb: int) -> bytes:
    """A zlib stream of ``n_mb`` MB of spaces, made without holding them: one MB block
    compressed once after a full flush is byte-identical every time, so it is repeated."""
    block = b" " * MB
    c = zlib.compressobj(9)
    first = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    tail = c.flush()
    adler = 1
    for _ in range(n_mb):
        adler = zlib.adler32(block, adler)
    return first + again * (n_mb - 1) + tail[:-4] + adler.to_bytes(4, "big")


def _one_page_pdf(extra_streams: list[bytes]) -> bytes:
    """A page saying "Calcinosis cutis in dermatomyositis." followed by ``extra_streams`` as
    further content streams."""
    text = _stream(b"BT /F1 12 Tf 72 720 Td (Calcinosis cutis in dermatomyositis.) Tj ET")
    n = len(extra_streams)
    refs = b" ".join(b"%d 0 R" % (5 + i) for i in range(n))
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 %d 0 R >> >> "
        b"/Contents [4 0 R %s] >>" % (5 + n, refs),
        text, *extra_streams,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


# ------------------------------------------------------------------ 4. PDF decompression bombs


def test_nested_flate_bomb_is_refused_as_a_zip_bomb():
    inner = _deflated_spaces(128)  # 128 MB of content behind two FlateDecode filters
    bomb = _stream(zlib.compress(inner, 9), b"/Filter [/FlateDecode /FlateDecode] ")
    data = _one_page_pdf([bomb])
    assert len(data) < 4000
    with pytest.raises(DecompressionBomb) as e:
        convert(data, source="bomb.pdf")
    assert str(e.value) == "bomb.pdf: decompressed PDF stream larger than 64 MB (zip bomb?)"


def test_many_streams_over_the_document_budget_are_refused(monkeypatch):
    monkeypatch.setattr(pdfguard, "LIMITS", pdfguard.GuardLimits(max_stream_bytes=1 * MB, max_document_bytes=2 * MB))
    chunk = _stream(zlib.compress(b" " * (MB - 100), 9), b"/Filter /FlateDecode ")
    with pytest.raises(DecompressionBomb, match=r"streams larger than 2 MB in total \(zip bomb\?\)"):
        convert(_one_page_pdf([chunk] * 4), source="many.pdf")
    # under the budget the same kind of file converts
    doc = convert(_one_page_pdf([chunk]), source="one.pdf")
    assert doc.text.strip() == "Calcinosis cutis in dermatomyositis."


def test_bounded_inflate_matches_zlib_and_its_errors():
    payload = b"Calcinosis cutis. " * 5000
    z = zlib.compress(payload)
    assert pdfguard.inflate(z) == payload
    assert pdfguard.inflate(z + b"trailing junk") == payload
    with pytest.raises(zlib.error):
        pdfguard.inflate(z[:-10])  # truncated: pdfminer then tries its corrupted-stream fallback
    assert pdfguard.inflate_corrupted(z[:-2]) == payload  # bad checksum: data kept


# ------------------------------------------------------------------ 6. long texts, tokenizer traps


def _annotate(nlp, text: str):
    from rheumex.rows import annotate, mention_rows

    doc = annotate(nlp, Document(text=text, sections=[], source="long.txt"))
    return doc, mention_rows(doc, "d")


def test_text_over_max_length_is_annotated_in_pieces_with_exact_offsets(nlp):
    seed = SEED.read_text(encoding="utf-8")
    text = "\n\n".join([seed] * 6)  # 26,000 characters
    old = nlp.max_length
    nlp.max_length = 10_000  # the same code path as a 1,000,000-character text, at test speed
    try:
        doc, rows = _annotate(nlp, text)  # spaCy alone: E088
    finally:
        nlp.max_length = old
    assert doc.text == text
    assert rows and all(text[r["start"]:r["end"]] == r["text"] for r in rows)
    late = [r for r in rows if r["start"] > 20_000]
    assert any(r["text"].lower() == "calcinosis cutis" for r in late), "the last pieces are annotated too"
    assert len({r["mention_id"] for r in rows}) == len(rows)


def test_a_run_of_punctuation_is_one_token_not_a_tokenizer_trap(nlp):
    text = "Calcinosis cutis of the elbows.\n" + "(" * 20_000 + " Systemic sclerosis was diagnosed."
    doc, rows = _annotate(nlp, text)  # the tokenizer alone: 20,000 tokens in about a minute
    assert doc.text == text
    assert any(len(t) == 20_000 for t in doc)
    assert {"Calcinosis cutis", "Systemic sclerosis"} <= {r["text"] for r in rows}
    assert all(text[r["start"]:r["end"]] == r["text"] for r in rows)


def test_short_separator_lines_tokenize_as_before(nlp):
    from rheumex.pieces import make_doc

    text = "Case 1\n" + "=" * 40 + "\nA 47-year-old woman."
    assert [t.text for t in make_doc(nlp, text)] == [t.text for t in nlp.make_doc(text)]


# ------------------------------------------------------------------ 7. deeply nested XML


def _jats(body: bytes) -> bytes:
    return (b'<?xml version="1.0"?>\n<article><front><article-meta><title-group><article-title>Calcinosis'
            b"</article-title></title-group></article-meta></front><body><sec><title>Case</title><p>" + body
            + b"</p></sec></body></article>")


def test_deeply_nested_jats_is_refused_with_a_clear_message():
    data = _jats(b"<italic>" * 100_000 + b"x" + b"</italic>" * 100_000)
    with pytest.raises(XMLTooDeep) as e:
        convert(data, "jats", source="deep.nxml")
    assert str(e.value).startswith("deep.nxml: XML nested deeper than 200 levels")


def test_nesting_within_the_limit_converts_and_the_doi_is_found_in_the_text():
    data = _jats(b"<italic>" * 150 + b"Calcinosis cutis, doi:10.1234/rheum.5678." + b"</italic>" * 150)
    doc = convert(data, "jats", source="ok.nxml")
    assert "Calcinosis cutis" in doc.text
    assert doc.metadata.doi == "10.1234/rheum.5678"


# ------------------------------------------------------------------ 12. Latin-1 / windows-1252 text


@pytest.mark.parametrize("text", [
    "Niña",
    "La niña de 5 años presentó calcinosis en ambos codos.",
    "Calcinosis in Sjögren’s syndrome and Behçet’s disease; fever 38.5 °C, CRP 12 µg/ml.",
    "Kalzinose bei einer 47-jährigen Patientin; größere Verkalkungen an beiden Ellenbögen.",
])
def test_latin1_text_decodes_as_windows_1252(text):
    doc = convert(text.encode("cp1252"), "text", source="case.txt")
    assert doc.text == text
    assert doc.warnings == ["not UTF-8; decoded as windows-1252 (Western European)"]


def test_central_european_text_keeps_its_code_page():
    text = "Zwapnienia skóry u 47-letniej pacjentki z twardziną układową; leczenie przyniosło poprawę."
    assert convert(text.encode("cp1250"), "text", source="pl.txt").text == text
