"""Plain-text input: the text is kept exactly; sections are found heuristically."""
from __future__ import annotations

from rheumex.extract.document import Document
from rheumex.extract.sections import detect_sections


def decode_bytes(data: bytes, source: str, warnings: list[str]) -> str:
    """Decode bytes as UTF-8 (BOM aware); otherwise detect the charset and warn."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        warnings.append(f"not UTF-8; decoded as {best.encoding}")
        return str(best)
    warnings.append("undecodable bytes replaced with U+FFFD")
    return data.decode("utf-8", errors="replace")


def convert_text(data: bytes | str, source: str = "<text>") -> Document:
    """Convert plain text. ``Document.text`` is the input's exact content."""
    warnings: list[str] = []
    text = data if isinstance(data, str) else decode_bytes(data, source, warnings)
    sections, meta = detect_sections(text)
    return Document(text=text, sections=sections, metadata=meta, source=source, format="text", warnings=warnings)
