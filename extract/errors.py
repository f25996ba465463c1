"""Conversion errors. Each message names the file and the reason, and says what to do."""
from __future__ import annotations


class ConversionError(Exception):
    """A file could not be converted. ``str(err)`` is ready for the run manifest."""

    code = "conversion"

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class UnsupportedFormat(ConversionError):
    code = "unsupported"


class EncryptedPDF(ConversionError):
    code = "encrypted"


class NoTextLayer(ConversionError):
    code = "no_text"


class InputTooLarge(ConversionError):
    code = "too_large"


class UnsafeXML(ConversionError):
    code = "unsafe_xml"


class EmptyInput(ConversionError):
    code = "empty"


class DecompressionBomb(ConversionError):
    """A PDF stream (or the document's streams together) decodes to more than the limit."""

    code = "zip_bomb"


class XMLTooDeep(ConversionError):
    """XML elements nested deeper than the limit (refused before any recursive walk)."""

    code = "xml_too_deep"
