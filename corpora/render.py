"""The text a full-text gold document is labelled on, rendered from the publisher's JATS XML.

Gold v2 labels full-text case reports (``shared/docs/hindawi/<PMCID>/fulltext.xml``) on the
article's own words only: title, abstract, body sections and figure/table captions. The
reference list and the back matter (acknowledgements, disclosures, conflicts of interest,
funding) are not part of the labelled text: mentions are never taken from them.

:func:`jats_gold_text` is the one function that makes that text. It runs the package's
JATS converter (:func:`rheumex.extract.convert`) and keeps, in document order, the sections
whose kind is ``title``, ``abstract``, ``keywords``, ``body``, ``caption`` or ``table``,
joined by one blank line. The gold build re-renders every such document from its source and
refuses a labelling file whose text differs, so a converter change that alters the text
is noticed instead of silently shifting offsets.

Usage::

    python -m rheumex.corpora.render ../shared/docs/hindawi/PMC4735894/fulltext.xml > PMC4735894.txt
"""
from __future__ import annotations

import sys
from pathlib import Path

#: Section kinds that belong to a full-text gold document's labelled text.
GOLD_KINDS = ("title", "abstract", "keywords", "body", "caption", "table")

#: The labelling-file ``format`` value that selects this rendering in the gold build.
RENDER_FORMAT = "jats-gold"


def jats_gold_text(path: str | Path, source: str | None = None) -> tuple[str, list[list]]:
    """Render a JATS/NXML article as gold text.

    Args:
        path: the article's XML file.
        source: the source name to record (defaults to ``str(path)``).

    Returns:
        ``(text, sections)``: the text (title, abstract, body, captions; no references or
        back matter) and its sections as ``[start, end, name, kind]`` with offsets into it.

    Raises:
        rheumex.extract.errors.ConversionError: when the XML cannot be converted.
    """
    from rheumex.extract import convert

    doc = convert(Path(path), source=source or str(path))
    parts: list[str] = []
    sections: list[list] = []
    pos = 0
    for s in doc.sections:
        if s.kind not in GOLD_KINDS:
            continue
        chunk = doc.text[s.start : s.end].strip()
        if not chunk:
            continue
        if parts:
            parts.append("\n\n")
            pos += 2
        sections.append([pos, pos + len(chunk), s.name, s.kind])
        parts.append(chunk)
        pos += len(chunk)
    return "".join(parts) + "\n", sections


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m rheumex.corpora.render ARTICLE.xml", file=sys.stderr)
        return 2
    text, _ = jats_gold_text(args[0])
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
