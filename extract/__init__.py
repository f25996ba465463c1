"""Conversion of papers (PDF, HTML, JATS/NXML, GROBID TEI, plain text) to a :class:`Document`.

One obvious entry point::

    from rheumex.extract import convert
    doc = convert("paper.pdf")
    doc.text, doc.sections, doc.metadata

Everything else in this package is for people who need it.
"""
from __future__ import annotations

from rheumex.extract.convert import DEFAULT_LIMITS, Limits, convert, detect_format
from rheumex.extract.document import Document, Metadata, Section
from rheumex.extract.errors import ConversionError

__all__ = ["convert", "detect_format", "Document", "Metadata", "Section", "ConversionError", "Limits", "DEFAULT_LIMITS"]
