"""Text clean-up shared by the converters (PDF, HTML): ligatures, hyphenation, spaces."""
from __future__ import annotations

import re
import unicodedata

#: Presentation-form ligatures and their plain spellings.
LIGATURES = {
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    "\ufb05": "st", "\ufb06": "st", "\u0132": "IJ", "\u0133": "ij",
}
_LIG_RE = re.compile("|".join(map(re.escape, LIGATURES)))

# A line-end hyphen between two lowercase word parts: "calcifica-\ntion" -> "calcification".
_HYPHEN_BREAK = re.compile(r"(?<=[a-z])[-\u00ad\u2010]\n(?=[a-z])")
_SOFT_HYPHEN = re.compile("\u00ad")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def fix_ligatures(text: str) -> str:
    """Replace ligature code points (U+FB01 ...) with their letters."""
    return _LIG_RE.sub(lambda m: LIGATURES[m.group(0)], text)


def join_hyphenation(text: str, keep_hyphen: "set[str] | None" = None) -> str:
    """Join words split by a line-end hyphen ("calcifica-\\ntion" -> "calcification").

    Only a hyphen between two lowercase letters at a line break is removed; real hyphens
    inside a line ("anti-Jo1", "abdomen-pelvis") are untouched. When the part before the
    hyphen is a known prefix that keeps its hyphen (``keep_hyphen``), the hyphen stays
    and only the line break goes.
    """
    keep = keep_hyphen or _KEEP_HYPHEN_PREFIXES

    def repl(m: re.Match) -> str:
        start = m.start()
        word_start = start
        while word_start > 0 and text[word_start - 1].isalpha():
            word_start -= 1
        before = text[word_start:start].lower()
        return "-" if before in keep else ""

    return _HYPHEN_BREAK.sub(repl, text)


_KEEP_HYPHEN_PREFIXES = {"anti", "non", "self", "well", "long", "short", "low", "high", "follow", "x", "t", "b", "cross", "co", "ill"}


def normalize_spaces(text: str) -> str:
    """Collapse runs of horizontal white space, strip line ends, keep paragraph breaks."""
    text = _SOFT_HYPHEN.sub("", text)
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def clean_inline(text: str) -> str:
    """Normalise one paragraph from markup (HTML/XML): NFC, ligatures, single spaces."""
    text = unicodedata.normalize("NFC", fix_ligatures(text))
    return re.sub(r"\s+", " ", _SOFT_HYPHEN.sub("", text)).strip()
