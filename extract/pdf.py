"""PDF to a :class:`Document` with pdfminer.six layout analysis.

- Reading order: pdfminer's text boxes per page, ordered column by column (boxes whose
  left edge lies in the left half come before the right half when the page has two
  columns), top to bottom within a column.
- Page furniture: a line that repeats on at least half of the pages (digits ignored, so
  "Page 3 of 9" repeats) and bare page numbers are dropped.
- Text clean-up: ligatures normalised, line-end hyphenation joined between lowercase
  parts, each box re-flowed into one paragraph.
- Structure: headings via :mod:`rheumex.extract.sections` on the re-flowed paragraphs
  (Abstract, Introduction, Case report, Discussion, References ...), captions from
  paragraphs starting "Fig. 1"/"Table 2"; title from the PDF /Title entry when sensible,
  else the largest-font line on the first text page; DOI from metadata or text.
"""
from __future__ import annotations

import io
import re
from collections import Counter

from rheumex.extract.document import Document, Metadata
from rheumex.extract.errors import ConversionError, EncryptedPDF, NoTextLayer
from rheumex.extract.normalize import fix_ligatures, join_hyphenation
from rheumex.extract.sections import detect_sections

_DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"<>]+")
_PAGE_NUM = re.compile(r"^\s*(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?\s*$", re.I)


def _boxes(layout) -> list[tuple[float, float, float, float, str, float]]:
    from pdfminer.layout import LTChar, LTTextBox, LTTextLine

    out = []
    for el in layout:
        if isinstance(el, LTTextBox):
            sizes = [c.size for line in el if isinstance(line, LTTextLine) for c in line if isinstance(c, LTChar)]
            size = max(Counter(round(s, 1) for s in sizes).most_common(1)[0][0], 0) if sizes else 0.0
            out.append((el.x0, el.y0, el.x1, el.y1, el.get_text(), size))
    return out


def _order(boxes, width: float):
    mid = width / 2
    left = [b for b in boxes if b[2] <= mid + 10]
    right = [b for b in boxes if b[0] >= mid - 10 and b not in left]
    full = [b for b in boxes if b not in left and b not in right]
    two_col = len(left) >= 2 and len(right) >= 2
    if not two_col:
        return sorted(boxes, key=lambda b: (-b[3], b[0]))
    # full-width boxes above the columns come first, the rest after
    top = max((b[3] for b in left + right), default=0)
    above = sorted([b for b in full if b[1] >= top - 5], key=lambda b: -b[3])
    below = sorted([b for b in full if b not in above], key=lambda b: -b[3])
    return above + sorted(left, key=lambda b: -b[3]) + sorted(right, key=lambda b: -b[3]) + below


def _furniture_key(line: str) -> str:
    return re.sub(r"\d+", "#", line.strip().lower())


def convert_pdf(data: bytes, source: str, max_pages: int = 200) -> Document:
    """Convert PDF bytes; raises EncryptedPDF, NoTextLayer or ConversionError on bad input."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser, PDFSyntaxError
    from pdfminer.psparser import PSException

    warnings: list[str] = []
    meta = Metadata()
    try:
        parser = PDFParser(io.BytesIO(data))
        pdoc = PDFDocument(parser)
        info = pdoc.info[0] if pdoc.info else {}
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise EncryptedPDF(source, "encrypted, password required") from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AttributeError) as e:
        raise ConversionError(source, f"corrupt or truncated PDF: {type(e).__name__}: {e}") from None
    except Exception as e:  # pdfminer raises many types on broken files
        if "encrypt" in str(e).lower() or "password" in str(e).lower():
            raise EncryptedPDF(source, "encrypted, password required") from None
        raise ConversionError(source, f"corrupt or truncated PDF: {type(e).__name__}: {e}") from None

    def decode(v) -> str | None:
        from pdfminer.pdftypes import resolve1

        v = resolve1(v)
        if isinstance(v, bytes):
            if v.startswith(b"\xfe\xff"):
                return v[2:].decode("utf-16-be", "replace")
            return v.decode("latin-1", "replace")
        return str(v) if v else None

    pdf_title = decode(info.get("Title")) if info else None
    pdf_author = decode(info.get("Author")) if info else None
    pages: list[list[tuple]] = []
    widths: list[float] = []
    try:
        for i, layout in enumerate(extract_pages(io.BytesIO(data), laparams=LAParams(line_margin=0.5, boxes_flow=0.5))):
            if i >= max_pages:
                warnings.append(f"more than {max_pages} pages; only the first {max_pages} were read")
                break
            pages.append(_boxes(layout))
            widths.append(layout.width)
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise EncryptedPDF(source, "encrypted, password required") from None
    except Exception as e:
        if not pages:
            raise ConversionError(source, f"corrupt or truncated PDF: {type(e).__name__}: {e}") from None
        warnings.append(f"stopped reading after page {len(pages)}: {type(e).__name__}")
    if not any(b[4].strip() for p in pages for b in p):
        raise NoTextLayer(source, "no text layer (scanned?); OCR is not supported")
    # running headers/footers: lines repeated on >= half the pages (at least 3 pages)
    line_pages: Counter = Counter()
    for p in pages:
        keys = {_furniture_key(l) for b in p for l in b[4].splitlines() if l.strip()}
        line_pages.update(keys)
    n = len(pages)
    furniture = {k for k, c in line_pages.items() if n >= 3 and c >= max(3, n / 2) and len(k) < 120}
    paragraphs: list[str] = []
    page_spans: list[tuple[int, int]] = []
    title_guess = None
    best_size = 0.0
    pos = 0
    for pi, (p, w) in enumerate(zip(pages, widths)):
        start = pos
        for b in _order(p, w):
            lines = [l for l in b[4].splitlines() if l.strip() and _furniture_key(l) not in furniture and not _PAGE_NUM.match(l)]
            if not lines:
                continue
            text = fix_ligatures("\n".join(l.strip() for l in lines))
            text = join_hyphenation(text)
            para = re.sub(r"\s*\n\s*", " ", text).strip()
            if not para:
                continue
            if pi <= 1 and b[5] > best_size and 3 <= len(para.split()) <= 40 and not _DOI.search(para):
                best_size, title_guess = b[5], para
            paragraphs.append(para)
            pos += len(para) + 2
        page_spans.append((start, max(start, pos - 2)))
    text = "\n\n".join(paragraphs)
    page_spans = [(s, min(e, len(text))) for s, e in page_spans]
    sections, tmeta = detect_sections(text)
    good_pdf_title = pdf_title and 3 <= len(pdf_title.split()) <= 40 and not re.search(r"\.(pdf|docx?)$|^untitled|microsoft word", pdf_title, re.I)
    meta.title = pdf_title.strip() if good_pdf_title else (title_guess or tmeta.title)
    if pdf_author:
        meta.authors = [a.strip() for a in re.split(r";|,| and ", pdf_author) if a.strip()]
    m = _DOI.search(" ".join(decode(v) or "" for v in (info or {}).values() if isinstance(v, (bytes, str)))) or _DOI.search(text)
    if m:
        meta.doi = m.group(0).rstrip(".,;)")
    y = re.search(r"\b(19[5-9]\d|20[0-4]\d)\b", text[:3000])
    if y:
        meta.year = int(y.group(1))
    if meta.title and not any(s.kind == "title" for s in sections):
        i = text.find(meta.title)
        if i >= 0:
            from rheumex.extract.document import Section

            sections = sorted([s for s in sections if not (s.start <= i < s.end and s.kind == "other")] + [Section("Title", "title", i, i + len(meta.title))], key=lambda s: s.start)
    return Document(text=text, sections=_no_overlap(sections), metadata=meta, pages=page_spans, source=source, format="pdf", warnings=warnings)


def _no_overlap(sections):
    out = []
    for s in sorted(sections, key=lambda s: (s.start, -s.end)):
        if out and s.start < out[-1].end:
            if s.kind == "title":
                prev = out.pop()
                from rheumex.extract.document import Section

                if s.start > prev.start:
                    out.append(Section(prev.name, prev.kind, prev.start, s.start))
                out.append(s)
                if prev.end > s.end:
                    out.append(Section(prev.name, prev.kind, s.end, prev.end))
            continue
        out.append(s)
    return out
