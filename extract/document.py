"""The :class:`Document`: one converted paper, text plus structure and metadata.

A Document keeps sections as character spans over one ``text`` (the GROBID idea: a paper
is a structure, not a string), so every later mention can say where it came from.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Iterator

#: Allowed values of :attr:`Section.kind`. ``back``: back matter (acknowledgements, funding,
#: conflicts of interest, disclosures, author contributions, data availability), which names
#: grants, drugs of sponsors and the authors' other work but reports nothing of the case; the
#: pipeline takes no mentions from it (like ``references`` and ``other``). ``box``: text set
#: on a framed or tinted panel (key points, "what is known"), read like the body.
SECTION_KINDS = ("title", "abstract", "keywords", "body", "caption", "table", "references", "back", "box", "other")


@dataclass
class Section:
    """A named part of the document text: ``text[start:end]``.

    ``name`` is the heading as written ("Case report", "Fig. 2", "Discussion");
    ``kind`` is one of :data:`SECTION_KINDS`.
    """

    name: str
    kind: str
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.kind not in SECTION_KINDS:
            raise ValueError(f"unknown section kind {self.kind!r}; use one of {SECTION_KINDS}")
        if self.end < self.start:
            raise ValueError(f"section {self.name!r} ends ({self.end}) before it starts ({self.start})")


@dataclass
class Metadata:
    """Bibliographic metadata; every field is optional."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    journal: str | None = None
    year: int | None = None
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    licence: str | None = None


@dataclass
class Document:
    """A converted paper.

    Attributes:
        text: the clean text; every offset in ``sections`` and ``pages`` points into it.
        sections: non-overlapping sections in text order (gaps are allowed).
        metadata: title, authors, journal, year, DOI, PMID, PMCID, licence.
        pages: ``(start, end)`` of each PDF page's text (empty for other formats).
        source: the file path (or ``"<bytes>"``/``"<text>"``) the document came from.
        format: ``pdf``, ``html``, ``jats``, ``tei`` or ``text``.
        warnings: non-fatal problems met while converting, for the run manifest.
    """

    text: str
    sections: list[Section] = field(default_factory=list)
    metadata: Metadata = field(default_factory=Metadata)
    pages: list[tuple[int, int]] = field(default_factory=list)
    source: str = "<text>"
    format: str = "text"
    warnings: list[str] = field(default_factory=list)

    def section_at(self, offset: int) -> Section | None:
        """The section containing character ``offset``, or None."""
        for s in self.sections:
            if s.start <= offset < s.end:
                return s
        return None

    def sections_of(self, kind: str) -> Iterator[Section]:
        return (s for s in self.sections if s.kind == kind)

    def section_text(self, section: Section) -> str:
        return self.text[section.start : section.end]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Document":
        return cls(
            text=d["text"],
            sections=[Section(**s) for s in d.get("sections", [])],
            metadata=Metadata(**d.get("metadata", {})),
            pages=[tuple(p) for p in d.get("pages", [])],
            source=d.get("source", "<text>"),
            format=d.get("format", "text"),
            warnings=list(d.get("warnings", [])),
        )


class TextBuilder:
    """Accumulates text piece by piece while recording sections over it.

    Converters append paragraphs with :meth:`add`; offsets are computed here once, so
    no converter does offset arithmetic of its own.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._len = 0
        self.sections: list[Section] = []

    @property
    def length(self) -> int:
        return self._len

    def add(self, text: str, *, name: str | None = None, kind: str | None = None, sep: str = "\n\n") -> tuple[int, int]:
        """Append ``text`` (after ``sep`` unless empty so far); record a section if ``kind``."""
        text = text.strip()
        if not text:
            return (self._len, self._len)
        if self._len:
            self._parts.append(sep)
            self._len += len(sep)
        start = self._len
        self._parts.append(text)
        self._len += len(text)
        if kind:
            self.sections.append(Section(name or kind, kind, start, self._len))
        return (start, self._len)

    def open_section(self, name: str, kind: str) -> int:
        """Mark the start of a section whose paragraphs follow; close with :meth:`close_section`."""
        return self._len + (2 if self._len else 0)

    def close_section(self, name: str, kind: str, start: int) -> None:
        if self._len > start:
            self.sections.append(Section(name, kind, start, self._len))

    def text(self) -> str:
        return "".join(self._parts)
