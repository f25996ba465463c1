"""BioC XML / BioC JSON input (PMC's BioC API, PubTator exports) to a :class:`Document`.

A BioC collection holds documents made of passages; PMC's BioC service names each passage
by two infons, ``section_type`` (TITLE, ABSTRACT, INTRO, CASE, METHODS, RESULTS, DISCUSS,
CONCL, FIG, TABLE, REF, ACK_FUND, COMP_INT, AUTH_CONT, ABBR, SUPPL, KEYWORD, ...) and
``type`` (front, abstract, abstract_title_1, title_1, title_2, paragraph, fig_caption,
fig_title_caption, table_caption, table, table_footnote, ref, footnote). The ``front``
passage carries the metadata (``article-id_doi``, ``article-id_pmc``, ``article-id_pmid``,
``name_0`` = ``surname:X;given-names:Y``, ``year``, ``source`` = journal, ``license``,
``kwd``). BioC XML first passes the safe parser (``extract/xmlsafe.py``: no entity
expansion, no DTD fetch, bounded nesting). Passages are read with the ``bioc`` package and mapped to rheumex section kinds:
title, abstract, keywords, body (named by the running heading), caption, table,
references, back (acknowledgements, funding, competing interests, contributions) and
other (abbreviation lists, supplementary material, review history).

One paper per file: a collection with several documents is refused with a message saying
so (rheumex writes one manifest row per input file).
"""
from __future__ import annotations

import json
import re

from rheumex.extract.document import Document, Metadata, TextBuilder
from rheumex.extract.errors import ConversionError

#: section_type -> rheumex section kind (anything else is body)
SECTION_KINDS = {
    "TITLE": "title", "ABSTRACT": "abstract", "KEYWORD": "keywords", "FIG": "caption", "TABLE": "table",
    "REF": "references", "ACK_FUND": "back", "COMP_INT": "back", "AUTH_CONT": "back", "FUNDING": "back",
    "ABBR": "other", "SUPPL": "other", "REVIEW_INFO": "other", "APPENDIX": "other",
}
_HEADING_TYPES = re.compile(r"^(?:abstract_)?title(?:_\d+)?$|^title$")


def is_bioc_json(data: bytes) -> bool:
    """True for a BioC JSON collection (an object with ``documents``, or PMC's list of them)."""
    head = data[:65536]
    return head.lstrip()[:1] in (b"{", b"[") and b'"documents"' in head and b'"passages"' in head


def is_bioc_xml(data: bytes) -> bool:
    """True when the XML's root element is a BioC ``<collection>``."""
    head = re.sub(rb"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<!--.*?-->", b"", data[:4096], flags=re.S).lstrip()
    return head.startswith(b"<collection")


def _load(data: bytes, source: str, fmt: str):
    from bioc import biocjson, biocxml

    if fmt == "bioc-xml":
        from rheumex.extract.xmlsafe import parse_xml

        parse_xml(data, source)  # the safety gate: no entities or DTD fetches, bounded depth
    text = data.decode("utf-8", errors="replace")
    try:
        if fmt == "bioc-json":
            obj = json.loads(text)
            if isinstance(obj, list):  # PMC's BioC JSON service answers with a list of collections
                obj = {"documents": [d for c in obj if isinstance(c, dict) for d in (c.get("documents") or [])]}
            return biocjson.loads(json.dumps(_complete(obj)))
        return biocxml.loads(text)
    except ConversionError:
        raise
    except Exception as e:  # noqa: BLE001 - any parse problem is the file's
        raise ConversionError(source, f"not a readable BioC collection ({type(e).__name__}: {e})") from None


def _complete(obj: dict) -> dict:
    """Fill the keys the ``bioc`` JSON reader requires but exports often leave out."""
    for k in ("source", "date", "key"):
        obj.setdefault(k, "")
    obj.setdefault("infons", {})
    for d in obj.get("documents") or []:
        d.setdefault("id", "")
        d.setdefault("infons", {})
        d.setdefault("relations", [])
        d.setdefault("annotations", [])
        for p in d.get("passages") or []:
            p.setdefault("infons", {})
            p.setdefault("offset", 0)
            p.setdefault("sentences", [])
            p.setdefault("annotations", [])
            p.setdefault("relations", [])
    return obj


def _authors(infons: dict) -> list[str]:
    names = []
    for key in sorted((k for k in infons if re.fullmatch(r"name_\d+", k)), key=lambda k: int(k[5:])):
        parts = dict(p.split(":", 1) for p in infons[key].split(";") if ":" in p)
        full = " ".join(x for x in (parts.get("given-names", "").strip(), parts.get("surname", "").strip()) if x)
        if full:
            names.append(full)
    return names


def _metadata(front_infons: dict, doc_id: str, title: str | None) -> Metadata:
    meta = Metadata(title=title or None, authors=_authors(front_infons))
    meta.journal = (front_infons.get("source") or front_infons.get("journal") or "").strip() or None
    year = re.search(r"\b(1[89]\d\d|20\d\d)\b", front_infons.get("year", "") or front_infons.get("date", ""))
    meta.year = int(year.group(1)) if year else None
    meta.doi = (front_infons.get("article-id_doi") or "").strip() or None
    meta.pmid = (front_infons.get("article-id_pmid") or "").strip() or None
    pmc = (front_infons.get("article-id_pmc") or front_infons.get("article-id_pmcid") or "").strip()
    if not pmc and re.fullmatch(r"(?:PMC)?\d+", doc_id or "") and doc_id.upper().startswith("PMC"):
        pmc = doc_id
    meta.pmcid = (pmc if pmc.upper().startswith("PMC") else f"PMC{pmc}") if pmc else None
    meta.licence = (front_infons.get("license") or front_infons.get("licence") or "").strip() or None
    return meta


def convert_bioc(data: bytes, source: str, fmt: str = "bioc-xml") -> Document:
    """Convert one BioC XML (``fmt="bioc-xml"``) or BioC JSON (``"bioc-json"``) paper.

    Raises:
        ConversionError: unreadable collection, no document, or several documents.
    """
    coll = _load(data, source, fmt)
    docs = list(coll.documents)
    if not docs:
        raise ConversionError(source, "BioC collection holds no document")
    if len(docs) > 1:
        raise ConversionError(source, f"BioC collection holds {len(docs)} documents; rheumex reads one paper per "
                                      "file: split it into one file per <document>")
    bdoc = docs[0]
    passages = list(bdoc.passages)
    front = next((p for p in passages if p.infons.get("type") == "front"), None)
    if front is None:
        front = next((p for p in passages if p.infons.get("section_type", "").upper() == "TITLE"), None)
    title = re.sub(r"\s+", " ", (front.text or "")).strip() if front is not None else ""
    meta = _metadata(dict(front.infons) if front is not None else {}, bdoc.id or "", title)
    kwd = (front.infons.get("kwd") or "").strip() if front is not None else ""

    tb = TextBuilder()
    if title:
        tb.add(title, name="Title", kind="title")
    refs: list[str] = []
    group: tuple[str, str] | None = None  # (name, kind) of the running section
    start = 0
    captions: list[str] = []

    def close() -> None:
        nonlocal group
        if group is not None:
            tb.close_section(group[0], group[1], start)
        group = None

    def open_(name: str, kind: str) -> None:
        nonlocal group, start
        close()
        group = (name, kind)
        start = tb.open_section(name, kind)

    heading = "Body"
    for p in passages:
        if p is front:
            continue
        text = re.sub(r"[ \t\r\f\v]+", " ", p.text or "").strip()
        if not text:
            continue
        st = (p.infons.get("section_type") or "").upper()
        ptype = (p.infons.get("type") or "").lower()
        kind = SECTION_KINDS.get(st, "body")
        if kind == "title":
            continue  # a second title passage (some exports repeat it)
        if kind == "references" or ptype == "ref":
            refs.append(text)
            continue
        if ptype == "footnote" and kind == "body":
            kind = "back"
        if kind in ("caption", "table"):
            # one section per figure or table: its title and caption passages go together
            if ptype in ("fig_title_caption", "table_title_caption"):
                captions.append(text)
                continue
            close()
            kind_here = "table" if ptype in ("table", "table_footnote") else "caption"
            joined = " ".join(captions + [text])
            captions = []
            tb.add(joined, name="Table" if st == "TABLE" else "Figure", kind=kind_here)
            continue
        if _HEADING_TYPES.match(ptype):
            if kind == "abstract":
                if group is None or group[1] != "abstract":
                    open_("Abstract", "abstract")
                tb.add(text)
                continue
            heading = text
            open_(heading, kind)
            tb.add(text)
            continue
        want = "Abstract" if kind == "abstract" else heading if kind == "body" else (group[0] if group and group[1] == kind else st.title() or kind)
        if group is None or group[1] != kind or (kind == "body" and group[0] != want):
            open_(want, kind)
        tb.add(text)
    close()
    if captions:
        tb.add(" ".join(captions), name="Figure", kind="caption")
    if kwd:
        tb.add("Keywords: " + kwd, name="Keywords", kind="keywords")
    if refs:
        tb.add("References\n" + "\n".join(refs), name="References", kind="references")
    return Document(text=tb.text(), sections=tb.sections, metadata=meta, source=source, format="bioc")
