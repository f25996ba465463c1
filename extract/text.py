"""Plain-text input: the text is kept exactly; sections are found heuristically.

Bytes that are not UTF-8 are decoded the way browsers treat an undeclared Western page
(the HTML converter maps ``iso-8859-1`` to windows-1252 for the same reason): as
windows-1252 when that gives plausible Western European text, and only otherwise by
charset detection. charset-normalizer alone is unreliable on short Latin-1 texts: it
reads "Niña" as UTF-16 and "La niña de 5 años" as cp1250 ("Nińa", "ańos").
"""
from __future__ import annotations

import codecs

from rheumex.extract.document import Document
from rheumex.extract.sections import detect_sections

#: Non-ASCII punctuation that may stand between two letters in Western text
#: (apostrophes, hyphens and dashes, middle dot, no-break and thin spaces).
_JOINERS = set("\u2019\u2018\u2010\u2011\u2013\u2014\u00b7\u00a0\u2009\u202f\u00ad")

#: Above this share of non-ASCII letters a windows-1252 reading is not Western text (a
#: Cyrillic, Greek or Hebrew code page read as windows-1252 gives almost only accented letters).
_MAX_ACCENTED_SHARE = 0.3

#: Latin code pages other than windows-1252, and the languages written in them. A text that
#: reads as Western in windows-1252 is decoded with charset detection's best guess instead
#: only when that guess is one of these code pages and names one of its languages (Czech,
#: Hungarian and Turkish read as windows-1252 without a telltale symbol: "kùže", "nõ", "yaþ").
_OTHER_LATIN = {
    "cp1250": "ce", "iso8859_2": "ce", "iso8859_16": "ce", "mac_latin2": "ce",
    "cp1254": "tr", "iso8859_9": "tr",
    "cp1257": "baltic", "iso8859_13": "baltic", "iso8859_4": "baltic",
}
_LANGUAGES = {
    "ce": {"Polish", "Czech", "Slovak", "Hungarian", "Slovene", "Croatian", "Romanian", "Serbian"},
    "tr": {"Turkish"},
    "baltic": {"Lithuanian", "Latvian", "Estonian"},
}

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def looks_western(text: str) -> bool:
    """Is ``text`` plausible Western European text (English, Spanish, French, German ...)?

    False when more than 30% of its letters are non-ASCII, or when a non-ASCII symbol other
    than an apostrophe, dash or special space stands between two letters: what a Polish
    cp1250 text looks like read as windows-1252 ("bia³y", "mo¿e").
    """
    letters = accented = 0
    prev_letter = False
    pending: str | None = None  # a non-ASCII symbol right after a letter
    for ch in text:
        if ch.isalpha():
            letters += 1
            if ch > "\x7f":
                accented += 1
            if pending is not None:
                return False
            prev_letter = True
            continue
        pending = ch if (prev_letter and ch > "\x7f" and ch not in _JOINERS) else None
        prev_letter = False
    return letters == 0 or accented <= _MAX_ACCENTED_SHARE * letters


def bomless_utf16(data: bytes, min_len: int = 8) -> str | None:
    """``utf-16-le``/``-be`` when ASCII text shows as every other byte zero, else None.

    Shared by the text and HTML decoders (the HTML one also asks for markup)."""
    sample = data[:4096]
    if len(sample) < min_len:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _guess(data: bytes):
    """charset-normalizer's best match; UTF-16/32 only for bytes that contain NULs."""
    from charset_normalizer import from_bytes

    has_nul = b"\x00" in data[:65536]
    for r in from_bytes(data[:200_000]):
        if has_nul or not r.encoding.startswith(("utf_16", "utf_32")):
            return r
    return None


def _other_latin(data: bytes) -> str | None:
    """The detected code page when it is a non-Western Latin one naming one of its languages."""
    r = _guess(data)
    if r is None:
        return None
    group = _OTHER_LATIN.get(r.encoding)
    return r.encoding if group and r.language in _LANGUAGES[group] else None


def decode_bytes(data: bytes, source: str, warnings: list[str]) -> str:
    """Decode text bytes; a warning says how when they are not UTF-8.

    Order: UTF-8 (a UTF-8 byte-order mark is dropped); UTF-16/32 by byte-order mark or by
    every other byte being zero; windows-1252 when that reads as Western text
    (:func:`looks_western`), unless charset detection finds a Central European, Turkish or
    Baltic code page and language; charset detection; last, UTF-8 with U+FFFD replacements.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace")
    utf16 = bomless_utf16(data)
    if utf16:
        warnings.append(f"not UTF-8; decoded as {utf16} (no byte-order mark, every other byte is zero)")
        return data.decode(utf16, errors="replace")
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:  # bytes windows-1252 leaves undefined (0x81, 0x8d, 0x8f, 0x90, 0x9d)
        text = None
    if text is not None and looks_western(text):
        other = _other_latin(data)
        if other is None:
            warnings.append("not UTF-8; decoded as windows-1252 (Western European)")
            return text
        try:
            text = data.decode(other)
            warnings.append(f"not UTF-8; decoded as {other} (detected)")
            return text
        except UnicodeDecodeError:
            warnings.append("not UTF-8; decoded as windows-1252 (Western European)")
            return text
    guess = _guess(data)
    enc = guess.encoding if guess is not None else None
    if enc:
        try:
            text = data.decode(enc)
            warnings.append(f"not UTF-8; decoded as {enc} (detected)")
            return text
        except (UnicodeDecodeError, LookupError):
            pass
    warnings.append("undecodable bytes replaced with U+FFFD")
    return data.decode("utf-8", errors="replace")


def convert_text(data: bytes | str, source: str = "<text>") -> Document:
    """Convert plain text. ``Document.text`` is the input's exact content."""
    warnings: list[str] = []
    text = data if isinstance(data, str) else decode_bytes(data, source, warnings)
    sections, meta = detect_sections(text)
    return Document(text=text, sections=sections, metadata=meta, source=source, format="text", warnings=warnings)
