"""``convert()``: detect the format of a file or bytes and run the matching converter."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from rheumex.extract.document import Document
from rheumex.extract.errors import ConversionError, EmptyInput, InputTooLarge, UnsupportedFormat

log = logging.getLogger(__name__)

#: File extensions rheumex reads, and the format each one means.
EXTENSIONS = {".pdf": "pdf", ".html": "html", ".htm": "html", ".xhtml": "html", ".xml": "xml", ".nxml": "jats", ".txt": "text",
              ".json": "json"}
FORMATS = ("pdf", "html", "jats", "tei", "bioc-xml", "bioc-json", "text")


@dataclass(frozen=True)
class Limits:
    """Safety limits for one input. ``max_bytes``: larger files are refused unread."""

    max_bytes: int = 50 * 1024 * 1024
    max_pages: int = 200


DEFAULT_LIMITS = Limits()


def _sniff(data: bytes) -> str | None:
    head = data[:4096].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    low = head.lower()
    if low.startswith(b"<?xml") or low.startswith(b"<!doctype article") or low.startswith(b"<article") or low.startswith(b"<tei"):
        return "xml"
    if b"<html" in low or low.startswith(b"<!doctype html"):
        return "html"
    if low.startswith(b"<collection"):
        return "xml"
    if head[:1] in (b"{", b"["):
        return "json"
    return None


def _xml_flavour(data: bytes) -> str:
    head = data[:20000]
    if re.search(rb"<TEI[\s>]", head) or b"http://www.tei-c.org/ns" in head:
        return "tei"
    if re.search(rb"<html[\s>]", head, re.I):
        return "html"
    from rheumex.extract.bioc_input import is_bioc_xml

    if is_bioc_xml(data):
        return "bioc-xml"
    return "jats"


def detect_format(data: bytes, name: str | None = None) -> str:
    """Guess the format from the content (magic bytes), then the file extension."""
    fmt = _sniff(data)
    if fmt is None and name:
        fmt = EXTENSIONS.get(Path(name).suffix.lower())
    if fmt is None:
        raise UnsupportedFormat(name or "<bytes>", f"unsupported file type; rheumex reads {', '.join(sorted(EXTENSIONS))}")
    if fmt == "xml" or fmt == "jats":
        fmt = _xml_flavour(data)
    if fmt == "json":
        from rheumex.extract.bioc_input import is_bioc_json

        if not is_bioc_json(data) and name and EXTENSIONS.get(Path(name).suffix.lower()) == "text":
            return "text"  # a saved page's text opening with "[Skip to Content]": the extension says plain text
        if not is_bioc_json(data):
            raise UnsupportedFormat(name or "<bytes>", "a JSON file that is not a BioC collection (no \"documents\" "
                                                       "with \"passages\"); rheumex reads BioC JSON only")
        fmt = "bioc-json"
    return fmt


def convert(path_or_bytes: str | Path | bytes, format: str | None = None, *, source: str | None = None,
            limits: Limits = DEFAULT_LIMITS) -> Document:
    """Convert a paper to a :class:`Document`.

    Args:
        path_or_bytes: a file path, or the file's bytes.
        format: ``pdf``, ``html``, ``jats``, ``tei``, ``bioc-xml``, ``bioc-json`` or ``text``; detected
            when None.
        source: name to record as ``Document.source`` (default: the path).
        limits: size limits; see :class:`Limits`.

    Raises:
        ConversionError: (and subclasses) with a message naming the file and the reason.
    """
    if isinstance(path_or_bytes, (bytes, bytearray)):
        data = bytes(path_or_bytes)
        name = source or "<bytes>"
        ext_name = source
    else:
        path = Path(path_or_bytes)
        name = source or str(path)
        ext_name = str(path)
        if not path.exists():
            raise ConversionError(name, "file not found; check the path")
        if path.is_dir():
            raise ConversionError(name, "is a directory, not a file")
        try:
            size = path.stat().st_size
            if size > limits.max_bytes:
                raise InputTooLarge(name, f"file is {size:,} bytes, over the limit of {limits.max_bytes:,}; raise --max-bytes to read it")
            data = path.read_bytes()
        except PermissionError:
            raise ConversionError(name, "permission denied; the file is not readable") from None
        except OSError as e:
            raise ConversionError(name, f"cannot read file: {e.strerror or e}") from None
    if len(data) > limits.max_bytes:
        raise InputTooLarge(name, f"input is {len(data):,} bytes, over the limit of {limits.max_bytes:,}")
    if not data.strip():
        raise EmptyInput(name, "empty file (0 bytes or only white space)")
    fmt = format or detect_format(data, ext_name)
    if fmt in ("xml", "json"):
        fmt = detect_format(data, ext_name)
    if fmt == "pdf":
        from rheumex.extract.pdf import convert_pdf

        doc = convert_pdf(data, name, max_pages=limits.max_pages)
    elif fmt == "html":
        from rheumex.extract.html import convert_html

        doc = convert_html(data, name)
    elif fmt == "jats":
        from rheumex.extract.jats import convert_jats

        doc = convert_jats(data, name)
    elif fmt == "tei":
        from rheumex.extract.tei import convert_tei

        doc = convert_tei(data, name)
    elif fmt in ("bioc-xml", "bioc-json"):
        from rheumex.extract.bioc_input import convert_bioc

        doc = convert_bioc(data, name, fmt)
    elif fmt == "text":
        from rheumex.extract.text import convert_text

        doc = convert_text(data, name)
    else:
        raise UnsupportedFormat(name, f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if not doc.text.strip():
        raise EmptyInput(name, "no text could be extracted")
    return doc
