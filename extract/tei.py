"""GROBID TEI XML to a :class:`Document`.

GROBID already did the layout work on a PDF; this module reads its header (title,
authors, journal, date, DOI), abstract, keywords, body divisions, figures and the
bibliography exactly as GROBID wrote them.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET

from rheumex.extract.document import Document, Metadata, TextBuilder
from rheumex.extract.jats import _find, _findall, _wrap  # noqa: F401  (shared tree helpers)
from rheumex.extract.normalize import clean_inline
from rheumex.extract.sections import HEADING_KINDS
from rheumex.extract.xmlsafe import local, parse_xml


def _text(el: ET.Element | None) -> str:
    """All text under ``el``, figures excluded, spaces normalised."""
    if el is None:
        return ""
    parts = [el.text or ""]
    for c in el:
        if local(c.tag) not in ("figure", "note"):
            parts.append(_text(c))
        parts.append(c.tail or "")
    return clean_inline("".join(parts))


def _person(p: ET.Element) -> str:
    names = [clean_inline(x.text or "") for x in p if local(x.tag) in ("forename", "surname")]
    return " ".join(n for n in names if n)


def _metadata(root: ET.Element) -> Metadata:
    meta = Metadata()
    header = _find(root, "teiHeader")
    ts = _find(header, "titleStmt")
    t = _find(ts, "title")
    meta.title = _text(t) or None
    src = _find(header, "sourceDesc")
    analytic = _find(src, "analytic")
    for a in _findall(analytic, "author"):
        pn = _find(a, "persName")
        if pn is not None and _person(pn):
            meta.authors.append(_person(pn))
    monogr = _find(src, "monogr")
    for tt in _findall(monogr, "title"):
        if tt.get("level") == "j":
            meta.journal = _text(tt) or None
            break
    for d in _findall(header, "date"):
        when = (d.get("when") or d.text or "")[:4]
        if when.isdigit():
            meta.year = int(when)
            break
    for idno in _findall(src, "idno"):
        typ = (idno.get("type") or "").upper()
        if typ == "DOI":
            meta.doi = (idno.text or "").strip() or None
        elif typ == "PMID":
            meta.pmid = (idno.text or "").strip() or None
    lic = _find(header, "licence")
    if lic is not None:
        meta.licence = _text(lic) or lic.get("target")
    return meta


def _bibl(b: ET.Element) -> str:
    analytic = _find(b, "analytic")
    monogr = _find(b, "monogr")
    authors = [_person(p) for p in _findall(analytic if analytic is not None else monogr, "persName")]
    title = _text(_find(analytic, "title")) if analytic is not None else ""
    journal = _text(_find(monogr, "title"))
    date = _find(monogr, "date")
    year = (date.get("when") or "")[:4] if date is not None else ""
    parts = [", ".join(a for a in authors if a), title, journal, year]
    return ". ".join(p for p in parts if p)


def convert_tei(data: bytes, source: str) -> Document:
    """Convert GROBID TEI XML bytes."""
    root = parse_xml(data, source)
    meta = _metadata(root)
    tb = TextBuilder()
    if meta.title:
        tb.add(meta.title, name="Title", kind="title")
    header = _find(root, "teiHeader")
    abstract = _find(header, "abstract")
    if abstract is not None:
        paras = [_text(p) for p in _findall(abstract, "p")]
        if any(paras):
            start = tb.open_section("Abstract", "abstract")
            tb.add("Abstract")
            for p in paras:
                tb.add(p)
            tb.close_section("Abstract", "abstract", start)
    terms = [_text(t) for t in _findall(_find(header, "keywords"), "term")]
    if any(terms):
        tb.add("Keywords: " + "; ".join(t for t in terms if t), name="Keywords", kind="keywords")
    body = _find(root, "body")
    figures: list[ET.Element] = []
    if body is not None:
        for div in [d for d in body if local(d.tag) == "div"]:
            head_el = next((c for c in div if local(c.tag) == "head"), None)
            head = _text(head_el)
            kind = HEADING_KINDS.get(head.lower().rstrip(":."), "body") if head else "body"
            if kind in ("title", "caption"):
                kind = "body"
            start = tb.open_section(head or "Body", kind)
            if head:
                tb.add(head)
            for c in div:
                name = local(c.tag)
                if name == "p":
                    tb.add(_text(c))
                    figures.extend(f for f in c.iter() if local(f.tag) == "figure")
                elif name == "figure":
                    figures.append(c)
                elif name not in ("head",):
                    tb.add(_text(c))
            tb.close_section(head or "Body", kind, start)
        figures.extend(f for f in body if local(f.tag) == "figure")
    for fig in figures:
        label = _text(_find(fig, "head")) or (("Table " if fig.get("type") == "table" else "Figure ") + (_text(_find(fig, "label")) or "")).strip()
        desc = _text(_find(fig, "figDesc"))
        kind = "table" if fig.get("type") == "table" else "caption"
        tb.add(f"{label}\n{desc}" if desc else label, name=label, kind=kind)
    back = _find(root, "back")
    if back is not None:
        for div in [d for d in back.iter() if local(d.tag) == "div" and d.get("type") in ("acknowledgement", "annex", "funding")]:
            tb.add(_text(div), name=div.get("type") or "other", kind="other" if div.get("type") == "annex" else "back")
        refs = [_bibl(b) for b in _findall(_find(back, "listBibl"), "biblStruct")]
        refs = [r for r in refs if r]
        if refs:
            tb.add("References\n" + "\n".join(refs), name="References", kind="references")
    return Document(text=tb.text(), sections=tb.sections, metadata=meta, source=source, format="tei")
