"""HTML article pages to a :class:`Document` (lxml; no network, scripts never read).

Main content: the ``<article>``/``<main>`` element when present, else ``<body>``, with
navigation, headers, footers, asides, forms, scripts, styles and elements whose class or
id says menu/nav/cookie/banner/footer/breadcrumb removed. Sections come from ``h1``-``h4``
headings (kinds via :data:`rheumex.extract.sections.HEADING_KINDS`), captions from
``figcaption`` and ``caption`` elements, metadata from ``citation_*`` (Highwire),
Dublin Core ``DC.*`` and ``og:`` meta tags. Charset: declared charset, else detected.
"""
from __future__ import annotations

import re

from rheumex.extract.document import Document, Metadata, TextBuilder
from rheumex.extract.errors import ConversionError
from rheumex.extract.normalize import clean_inline
from rheumex.extract.sections import HEADING_KINDS
from rheumex.extract.text import decode_bytes

_BOILER = re.compile(r"(^|[\s_-])(nav|navbar|menu|cookie|banner|footer|header|breadcrumb|sidebar|share|social|advert|ads|toolbar|skip)([\s_-]|$)", re.I)
_DROP_TAGS = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button", "iframe", "svg", "template"}
_BLOCK = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "caption", "blockquote", "pre", "dd", "dt", "tr"}


def _decode(data: bytes, source: str, warnings: list[str]) -> str:
    m = re.search(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_\-]+)""", data[:4096], re.I)
    if m:
        try:
            return data.decode(m.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            warnings.append(f"declared charset {m.group(1).decode('ascii', 'replace')} is wrong; detected instead")
    return decode_bytes(data, source, warnings)


def convert_html(data: bytes, source: str) -> Document:
    """Convert HTML bytes."""
    import lxml.html

    warnings: list[str] = []
    text = _decode(data, source, warnings)
    if "\x00" in text[:2000] or not re.search(r"<\s*(html|body|p|div|article|head)\b", text[:20000], re.I):
        raise ConversionError(source, "not an HTML document (no HTML markup found; binary or wrong extension?)")
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8", no_network=True))
    except Exception as e:
        raise ConversionError(source, f"unreadable HTML: {e}") from None
    meta = Metadata()
    metas: dict[str, list[str]] = {}
    for m in root.iter("meta"):
        k = (m.get("name") or m.get("property") or "").strip().lower()
        if k and m.get("content"):
            metas.setdefault(k, []).append(m.get("content").strip())
    first = lambda *ks: next((metas[k][0] for k in ks if k in metas), None)  # noqa: E731
    meta.title = first("citation_title", "dc.title", "og:title") or (clean_inline(root.findtext(".//title") or "") or None)
    meta.authors = metas.get("citation_author") or metas.get("dc.creator") or []
    meta.journal = first("citation_journal_title", "dc.source", "og:site_name")
    date = first("citation_publication_date", "citation_date", "dc.date")
    if date and re.search(r"(19|20)\d\d", date):
        meta.year = int(re.search(r"(19|20)\d\d", date).group(0))
    doi = first("citation_doi", "dc.identifier")
    if doi:
        meta.doi = re.sub(r"^(doi:|https?://(dx\.)?doi\.org/)", "", doi, flags=re.I)
    meta.pmid = first("citation_pmid")
    meta.licence = first("dc.rights", "citation_license")
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        cls = f"{el.get('class', '')} {el.get('id', '')} {el.get('role', '')}"
        if el.tag in _DROP_TAGS or (el.tag in ("div", "section", "ul", "ol", "span") and _BOILER.search(cls)):
            if el.getparent() is not None:
                el.drop_tree()
    body = next((el for el in (root.find(".//article"), root.find(".//main"), root.find("body")) if el is not None), root)
    tb = TextBuilder()
    kind, name, start = "body", "Body", None
    title_done = False
    for el in body.iter():
        if not isinstance(el.tag, str) or el.tag not in _BLOCK:
            continue
        if any(a.tag in _BLOCK for a in el.iterancestors() if isinstance(a.tag, str)):
            continue
        t = clean_inline(el.text_content())
        if not t:
            continue
        if el.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            if start is not None:
                tb.close_section(name, kind, start)
            if el.tag == "h1" and not title_done:
                tb.add(t, name="Title", kind="title")
                title_done = True
                meta.title = meta.title or t
                start = None
                continue
            k = HEADING_KINDS.get(t.lower().rstrip(":."), "body")
            kind, name = ("body" if k in ("title", "caption") else k), t
            start = tb.open_section(name, kind)
            tb.add(t)
            continue
        if el.tag in ("figcaption", "caption"):
            if start is not None:
                tb.close_section(name, kind, start)
            tb.add(t, name=t.split(".")[0][:40], kind="caption")
            start = tb.open_section(name, kind)
            continue
        if start is None:
            start = tb.open_section(name, kind)
        tb.add(t)
    if start is not None:
        tb.close_section(name, kind, start)
    return Document(text=tb.text(), sections=tb.sections, metadata=meta, source=source, format="html", warnings=warnings)
