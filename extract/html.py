"""HTML article pages (publisher pages, PMC, saved web pages) to a :class:`Document`.

Own lxml-based extraction, chosen over trafilatura after measuring both on the same pages
(``benchmarks/html_extraction.py``: content recall 100% vs 89%, boilerplate strings leaked
0 vs 4, figure captions kept 5/5 vs 0 as sections, 8 vs 19 ms per page; trafilatura also
needs the extra package lxml_html_clean with lxml >= 5.2). Steps:

1. **Bytes to text.** Refuse binary junk ("not an HTML document: ..."). Then BOM, the
   declared charset (``<meta charset>``, ``http-equiv`` Content-Type, XML declaration;
   WHATWG aliases, so ``iso-8859-1`` means windows-1252 and ``euc-kr`` means CP949),
   UTF-8, and last charset-normalizer. A declaration the bytes contradict is overruled
   with a warning (a page declaring UTF-8 but written in windows-1252 decodes right).
2. **Parse** with lxml's HTML parser: no network, no external resources, comments and
   processing instructions removed; ``<script>``/``<style>``/``<noscript>``/``<template>``
   are never read.
3. **Main content**: the largest ``<article>``, else ``<main>``/``role=main``/
   ``#maincontent``, else ``<body>``; inside it navigation, menus, breadcrumbs, cookie
   banners, sidebars, share/related widgets, headers and footers are removed by tag, ARIA
   role, class/id words and link density, and action links ("Click for larger image",
   "Open in a separate window", "Go to:") are dropped.
4. **Structure**: the title (first ``<h1>``, else ``citation_title``/``DC.title``/``og:title``)
   becomes a ``title`` section at the start of the text; short author/affiliation/history
   lines before the first section become ``other`` ("Front matter"); headings ``h1``-``h6``
   open sections whose kind comes from :func:`rheumex.extract.sections.heading_kind`
   (abstract, keywords, body, references, other ...); containers marked ``abstract``,
   ``keywords`` or ``references``/``ref-list`` give those kinds without a heading;
   ``<figure>``/``<figcaption>``, ``div.caption`` and PMC ``fig`` blocks give one
   ``caption`` section each whose text is exactly the caption (its label, "Fig. 1", is the
   section name and a line of its own before it); ``<table>`` with a caption gives a
   ``table`` section; reference lists give one ``references`` section, one reference a line.
   Paragraphs are separated by blank lines; white space inside a paragraph is collapsed.
5. **Metadata** from Highwire ``citation_*``, Dublin Core ``DC.*``/``dcterms.*``, PRISM and
   ``og:`` meta tags (title, authors, journal, year, DOI, PMID, PMCID, licence).
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from rheumex.extract.document import Document, Metadata, TextBuilder
from rheumex.extract.errors import ConversionError
from rheumex.extract.normalize import clean_inline
from rheumex.extract.sections import heading_kind
from rheumex.extract.text import bomless_utf16

# --------------------------------------------------------------------------- decoding

#: WHATWG encoding labels whose Python codec differs (browsers decode these as the superset).
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "l1": "cp1252",
    "us-ascii": "cp1252", "ascii": "cp1252", "ansi_x3.4-1968": "cp1252", "iso-8859-9": "cp1254",
    "euc-kr": "cp949", "euc_kr": "cp949", "ks_c_5601-1987": "cp949", "ks_c_5601": "cp949", "x-windows-949": "cp949",
    "windows-949": "cp949", "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030",
    "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932", "tis-620": "cp874",
    "x-mac-roman": "mac_roman", "macintosh": "mac_roman", "unicode": "utf-8", "utf8": "utf-8",
}
_DECLARED = re.compile(rb"""<meta[^>]{0,400}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]{1,40})""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:\-]{1,40})["']""", re.I)


def _codec(label: str) -> str | None:
    """Python codec name for a charset label, WHATWG aliases applied; None if unknown."""
    label = label.strip().lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _single_byte(codec: str) -> bool:
    return len(bytes(range(0x80, 0x100)).decode(codec, "ignore")) > 100


def _declared_charset(head: bytes) -> str | None:
    m = _XML_DECL.match(head) or _DECLARED.search(head)
    return m.group(1).decode("ascii") if m else None


def _detect(data: bytes) -> str | None:
    """charset-normalizer's guess; among equally good single-byte Latin guesses prefer windows-1252."""
    from charset_normalizer import from_bytes

    results = list(from_bytes(data[:200_000]))
    if not results:
        return None
    best = results[0]
    for r in results:
        same = r.encoding == "cp1252" or "cp1252" in (getattr(r, "could_be_from_charset", None) or [])
        if same and r.chaos <= best.chaos + 0.01 and r.coherence >= best.coherence - 0.01:
            return "cp1252"
    return best.encoding


def _binary_reason(data: bytes) -> str | None:
    """Why ``data`` is not text (NUL or many control bytes), or None."""
    sample = data[:8192]
    if not sample:
        return None
    ctrl = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    if b"\x00" in sample or ctrl / len(sample) > 0.02:
        return f"binary data ({ctrl / len(sample):.0%} control bytes in the first {len(sample):,} bytes); is the file really a web page?"
    return None


def _bomless_utf16(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when ASCII-range markup shows as every other byte zero, else None."""
    return bomless_utf16(data, min_len=16) if b"<" in data[:4096] else None


def decode_html(data: bytes, source: str, warnings: list[str]) -> str:
    """Decode HTML bytes: BOM, declared charset (checked), UTF-8, then detection.

    Raises:
        ConversionError: "not an HTML document: binary data ..." for binary junk.
    """
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            text = data[len(bom):].decode(codec, errors="replace")
            if "\ufffd" in text:
                warnings.append(f"invalid {codec} bytes after the byte-order mark replaced with U+FFFD")
            return text
    utf16 = _bomless_utf16(data)
    if utf16:
        warnings.append(f"no byte-order mark; decoded as {utf16} (every other byte is zero)")
        return data.decode(utf16, errors="replace")
    reason = _binary_reason(data)
    if reason:
        raise ConversionError(source, f"not an HTML document: {reason}")
    label = _declared_charset(data[:4096])
    ascii_only = data.isascii()
    if label:
        codec = _codec(label)
        if codec is None:
            warnings.append(f"unknown charset {label!r} declared; detecting the encoding instead")
        elif ascii_only:
            return data.decode("ascii")
        else:
            if codec != "utf-8" and _single_byte(codec):
                try:  # declared a single-byte charset but the bytes are valid UTF-8: they are UTF-8
                    text = data.decode("utf-8")
                    warnings.append(f"declared charset {label} but the bytes are UTF-8; decoded as UTF-8")
                    return text
                except UnicodeDecodeError:
                    pass
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                pass
    if ascii_only:
        return data.decode("ascii")
    try:
        text = data.decode("utf-8")
        if label and _codec(label) not in (None, "utf-8"):
            warnings.append("decoded as UTF-8")
        return text
    except UnicodeDecodeError:
        pass
    enc = _detect(data)
    if enc:
        try:
            text = data.decode(enc)
            why = f"the declared charset {label} does not match the bytes" if label else "no charset declared and not UTF-8"
            warnings.append(f"{why}; decoded as {enc} (detected)")
            return text
        except (UnicodeDecodeError, LookupError):
            pass
    warnings.append("undecodable bytes replaced with U+FFFD")
    return data.decode("utf-8", errors="replace")


# --------------------------------------------------------------------------- metadata

_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)")
_YEAR = re.compile(r"\b(1[6-9]\d\d|20\d\d)\b")


def _metas(root) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for m in root.iter("meta"):
        key = (m.get("name") or m.get("property") or m.get("itemprop") or "").strip().lower()
        val = clean_inline(m.get("content") or "")
        if key and val:
            out.setdefault(key, []).append(val)
    return out


def _person(name: str) -> str:
    """ "Yi, Seung Woo" -> "Seung Woo Yi" (Highwire's "Last, First"); other forms unchanged."""
    parts = [p.strip() for p in name.split(",")]
    if len(parts) == 2 and all(parts) and not re.search(r"\d", name):
        return f"{parts[1]} {parts[0]}"
    return name.strip()


def _metadata(root, metas: dict[str, list[str]]) -> Metadata:
    def first(*keys: str) -> str | None:
        for k in keys:
            if metas.get(k):
                return metas[k][0]
        return None

    meta = Metadata()
    meta.title = first("citation_title", "dc.title", "dcterms.title", "prism.title", "og:title", "twitter:title")
    for k in ("citation_author", "dc.creator", "dcterms.creator", "dc.contributor", "author"):
        if metas.get(k):
            seen: list[str] = []
            for a in metas[k]:
                for one in (a.split(";") if ";" in a else [a]):
                    p = _person(one)
                    if p and p not in seen:
                        seen.append(p)
            meta.authors = seen
            break
    meta.journal = first("citation_journal_title", "prism.publicationname", "citation_conference_title",
                         "citation_journal_abbrev", "dc.source", "dcterms.source")
    for k in ("citation_publication_date", "citation_date", "citation_cover_date", "citation_online_date", "citation_year",
              "prism.publicationdate", "prism.coverdate", "dc.date", "dcterms.issued", "dc.date.issued", "dcterms.date",
              "article:published_time", "og:published_time"):
        y = _YEAR.search(metas.get(k, [""])[0])
        if y:
            meta.year = int(y.group(1))
            break
    for k in ("citation_doi", "prism.doi", "dc.identifier", "dcterms.identifier", "bepress_citation_doi", "og:url", "citation_abstract_html_url"):
        for v in metas.get(k, []):
            m = _DOI.search(v)
            if m:
                meta.doi = m.group(1).rstrip(".,;")
                break
        if meta.doi:
            break
    pmid = first("citation_pmid")
    if pmid is None:
        for v in metas.get("dc.identifier", []):
            m = re.match(r"(?i)pmid:\s*(\d+)", v)
            if m:
                pmid = m.group(1)
    meta.pmid = pmid
    pmcid = first("citation_pmcid")
    if pmcid is None:
        urls = metas.get("og:url", []) + metas.get("citation_fulltext_html_url", []) + [l.get("href", "") for l in root.iter("link") if l.get("rel") == "canonical"]
        for u in urls:
            m = re.search(r"/pmc/articles/(PMC\d+)", u, re.I)
            if m:
                pmcid = m.group(1).upper()
                break
    if pmcid:
        meta.pmcid = pmcid if pmcid.upper().startswith("PMC") else f"PMC{pmcid}"
    lic = first("dc.rights", "dcterms.license", "dcterms.rights", "citation_license", "license", "dc.license")
    if lic is None:
        for el in root.iter("link", "a"):
            if (el.get("rel") or "").lower() == "license" and el.get("href"):
                lic = el.get("href")
                break
    meta.licence = lic
    return meta


# --------------------------------------------------------------------------- pruning

_NEVER = {"script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "canvas", "applet", "map",
          "button", "input", "select", "textarea", "option", "datalist", "meta", "link", "head", "title", "base",
          "nav", "aside", "dialog", "menu", "noframes", "frameset", "audio", "video", "source", "track", "annotation", "annotation-xml"}
_DROP_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog", "menu",
               "menubar", "toolbar", "tooltip"}
_BOILER_WORD = re.compile(r"""^(?:
    (?:top|main|side|sub|site|global|primary|secondary|mobile|left|right|page|user|util|utility|quick|dropdown|mega|offcanvas|header|footer)?
        (?:nav|navbar|navigation|navi|menu|menubar|gnb|lnb)s?
  | breadcrumbs? | crumbs? | footers? | sitefooter | pagefooter | globalfooter | subfooter
  | cookies? | cookiebanner | cookienotice | cookieconsent | consent | gdpr | banners? | masthead
  | siteheader | pageheader | globalheader | journalheader | universalheader | topheader | headerbar
  | sidebars? | sidecolumn | rightcolumn | leftcolumn | rightcol | leftcol | toolbar | tools | articletools
  | share | sharing | sharebar | social | sociallinks | advert | advertisement | ads | adslot | adsense | sponsor | sponsored
  | skip | skiplink | skipnav | skipcontent | sronly | screenreadertext | offscreen | visuallyhidden | goto
  | related | relatedarticles | similar | similararticles | citedby | recentactivity | modal | popup | newsletter
  | subscribe | subscription | search | searchbox | searchform | login | signin | alerts? | disclaimer | feedback
  | courtesy | promo | widgets? | outbrain | taboola | printonly | comments? | pagination | pager | usabanner
  | downloads? | sortby | sorttabs | signposts? | metrics | articlemetrics | almsignposts | close | closer | floater | carousel
)$""", re.X)
_ACTION_TEXT = re.compile(
    r"^\s*(?:click (?:here )?(?:for|to (?:view|see|enlarge)) (?:a |the )?larger (?:image|version|view)|click (?:on )?(?:the )?image to (?:zoom|enlarge)"
    r"|open in (?:a )?(?:separate|new) (?:window|tab)|view (?:larger|full[- ]size|original|high[- ]resolution) (?:image|version|figure)"
    r"|download (?:figure|image|slide|high[- ]res(?:olution)? image|powerpoint|ppt|table)|go to:?|back to top|top of page|\^?\s*top"
    r"|open in (?:the )?figure viewer|(?:download )?power ?point(?: slide)?|view (?:figure|table|image)|full size image|figure viewer"
    r"|see (?:more|all|reviews)\W*|show (?:more|less)|expand|collapse|print|e-?mail this (?:article|page)|share"
    r"|view (?:abstract|full text|article|pdf)|show in context)\s*$", re.I)
#: class/id words of tool widgets that sit inside figures and reference lists ("Download: PPT PNG TIFF",
#: "Sort by: original order author year")
_WIDGET_WORDS = {"download", "downloads", "sortby", "sorttabs", "sorttab"}
#: Badges and one-word tool links: dropped when they are all an element says.
_BADGE_TEXT = re.compile(r"^\s*(?:free access|open access|full access|free to read|check for updates|get access|request permissions"
                         r"|export citation|track citation|add to favou?rites|download pdf|view pdf|pdf|epub|cite|share|tools)\s*$", re.I)
#: Link texts inside a reference list that only point elsewhere ("[PubMed] [Google Scholar]").
_REF_LINK_TEXT = re.compile(r"^\s*(?:pubmed|pubmed/ncbi|pubmed central|pmc free article|pmc|google scholar|cross ?ref|web of science(?:®)?|scopus|medline"
                            r"|cas|full text|free full text|article|abstract|link|ref list|open ?url|find it.*|publisher site|view article)\s*$", re.I)
#: Publisher taxonomy labels ("Subject Areas: Developmental Biology, Molecular Biology"): links to a
#: subject/topic/category browse page, or marked so by class or itemprop. Not the authors' keywords.
_SUBJECT_WORDS = {"subject", "subjects", "subjectarea", "subjectareas", "subjectlink", "category", "categories",
                  "taxonomy", "topic", "topics", "discipline", "disciplines"}
_SUBJECT_HREF = re.compile(r"/(?:subjects?|topics?|categor(?:y|ies)|disciplines?|taxonomy)(?:/|\?|$)"
                           r"|[?&](?:subject|topic|category|discipline)s?=", re.I)
_REF_RESIDUE = re.compile(r"\s*\[\s*(?:PMC free article|PubMed|Google Scholar|Cross ?Ref|Ref list|Medline|Web of Science|Scopus|Free Full Text|Full Text|Article|Abstract)\s*\]", re.I)
_LABEL = re.compile(r"^(?:supplementary |suppl\. )?(?:fig(?:ure)?s?|plate|image|photo|scheme|chart|graph|table|tab)\.?\s*(?:[0-9]+[A-Za-z]?|[IVX]+|[A-Z])?\s*[.:]?$", re.I)
_LABEL_PREFIX = re.compile(r"^((?:supplementary )?(?:fig(?:ure)?|table)\.?\s*(?:[0-9]+[A-Za-z]?|[IVX]+))\s*[.:|\u2013\u2014-]?\s+(?=\S)", re.I)

_BLOCK_TAGS = {"address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "dir", "div", "dl",
               "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
               "hgroup", "hr", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody",
               "thead", "tfoot", "tr", "td", "th", "ul", "caption", "html", "frameset", "frame", "legend", "noframes"}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


def _tokens(el) -> list[str]:
    return f"{el.get('class') or ''} {el.get('id') or ''}".lower().split()


def _words(el) -> set[str]:
    """Class/id tokens, their parts split at - _ . : and each token with the separators removed."""
    out: set[str] = set()
    for t in _tokens(el):
        parts = [p for p in re.split(r"[-_.:]+", t) if p]
        out.update(parts)
        out.add("".join(parts))
    return out


def _text_len(el) -> int:
    return len(re.sub(r"\s+", "", el.text_content() or ""))


def _link_text_len(el) -> int:
    return sum(_text_len(a) for a in el.iter("a"))


_REF_WORDS = {"references", "reference", "refs", "reflist", "referencelist", "referencessection", "backreflist", "reflistsec",
              "bibliography", "biblio", "bibliographysection", "literaturecited", "citationlist", "refsection", "reference-list"}
_ABS_WORDS = {"abstract", "abstracts", "articleabstract", "abstractsection", "abstractcontent", "summary-abstract"}
_KWD_WORDS = {"keywords", "keyword", "kwd", "kwdgroup", "keywordlist", "keywordsection", "articlekeywords", "subjectterms"}
_FRONT_WORDS = {"fm", "frontmatter", "front", "authors", "author", "authorlist", "authorsinfo", "affiliation", "affiliations",
                "aff", "affl", "contrib", "contribgroup", "history", "pubhistory", "dates", "copyright", "permissions",
                "citation", "articlecitation", "articleinfo", "articlemeta", "byline", "authornotes", "correspondence"}
#: class/id words of text panels set apart from the running text (JATS <boxed-text> as PMC and
#: publishers render it, key points, "Box 1"): section kind ``box``. A bare "box" counts only on <aside>.
_BOX_WORDS = {"boxedtext", "boxed", "textbox", "keypoints", "keypoint", "keymessages", "keyfindings", "articlebox",
              "boxout", "panelbox", "featurebox", "infobox"}
_FIG_TOKENS = {"fig", "figure", "fig-wrap", "figure-wrap", "fig-container", "figure-container", "figbox", "fig-box",
               "figure-box", "figure-panel", "fig-panel", "article-figure", "figure-item"}
_CAPTION_TOKENS = {"caption", "fig-caption", "figure-caption", "figcaption", "fig_caption", "figure_caption", "figurecaption",
                   "table-caption", "tablecaption"}
_TABLE_WRAP_TOKENS = {"table-wrap", "tablewrap", "table-container", "table-box", "table-panel", "tbl", "article-table",
                      "table-wrapper", "table-figure", "table-item", "t-wrap"}


def _semantic(el) -> str | None:
    """``references``/``abstract``/``keywords``/``front`` for a container marked so by class, id or role."""
    role = (el.get("role") or "").lower()
    epub = (el.get("epub:type") or "").lower()
    if role == "doc-bibliography" or epub == "bibliography":
        return "references"
    if role == "doc-abstract":
        return "abstract"
    if el.tag in ("a", "span", "b", "strong", "em", "i", "sup", "sub", "img", "input", "label", "button"):
        return None
    w = _words(el)
    if w & _REF_WORDS:
        whole = {"".join(p for p in re.split(r"[-_.:]+", t) if p) for t in _tokens(el)}
        # a class *part* ("field-type-taxonomy-term-reference") marks a reference list only when
        # the element holds one; a whole class or id word ("references") always does
        if whole & _REF_WORDS or _text_len(el) >= 150 or len(el.findall(".//li")) >= 2:
            return "references"
    if w & _KWD_WORDS:
        return "keywords"
    if w & _ABS_WORDS:
        return "abstract"
    if w & _FRONT_WORDS:
        return "front"
    if _is_box(el):
        return "box"
    return None


def _is_box(el) -> bool:
    """A text panel: box class words, or an <aside> marked "box" that holds running text."""
    w = _words(el)
    if el.tag in ("div", "section", "aside", "article") and w & _BOX_WORDS:
        return True
    return el.tag == "aside" and bool(w & {"box", "boxes"}) and any(len((p.text_content() or "").split()) >= 15 for p in el.iter("p"))


def _is_figure(el) -> bool:
    return el.tag == "figure" or (el.get("role") or "").lower() == "figure" or (el.tag in ("div", "section", "span") and bool(set(_tokens(el)) & _FIG_TOKENS))


def _is_table_wrap(el) -> bool:
    return el.tag in ("div", "section") and bool(set(_tokens(el)) & _TABLE_WRAP_TOKENS) and el.find(".//table") is not None


def _subject_link(a) -> bool:
    return bool(_words(a) & _SUBJECT_WORDS or (a.get("itemprop") or "").lower() == "about"
                or _SUBJECT_HREF.search(a.get("href") or ""))


def _subject_list(el) -> bool:
    """A list of publisher subject labels: every word of ``el`` is link text, every link a subject link.

    A ``<dd>`` that is one drops its ``<dt>`` label with it (see :func:`_prune`). Lists marked as
    keywords (class ``keywords``, ``subjectterms``) are not subject lists: they are kept as keywords.
    """
    links = list(el.iter("a"))
    if not links or _semantic(el) == "keywords" or any(_semantic(a) == "keywords" for a in el.iterancestors()):
        return False
    text = re.sub(r"[\s,;|\u00b7\u2022/]+", "", el.text_content() or "")
    return bool(text) and _link_text_len(el) >= len(text) - 1 and all(_subject_link(a) for a in links)


def _keeps_structure(el, title_h1) -> bool:
    """An element that must not be dropped: holds the title, a known section heading or an abstract/reference list."""
    if title_h1 is not None and (el is title_h1 or any(a is el for a in title_h1.iterancestors())):
        return True
    for h in el.iter("h1", "h2", "h3", "h4"):
        hk = heading_kind(clean_inline(h.text_content()))
        if hk and hk[1] in ("abstract", "references", "body"):
            return True
    for d in el.iter():
        if isinstance(d.tag, str) and _semantic(d) in ("references", "abstract") and _text_len(d) >= 300:
            return True
    return False


def _prune(root, title_h1) -> None:
    """Remove boilerplate under ``root`` (in place)."""
    total = max(_text_len(root), 1)

    def big(el) -> bool:
        return _text_len(el) > 0.4 * total

    def visit(el, protected: bool, in_refs: bool) -> None:
        for c in list(el):
            if not isinstance(c.tag, str):
                c.drop_tree() if c.getparent() is not None else None
                continue
            tag = c.tag.lower()
            drop = False
            if tag in _NEVER:
                drop = not (tag == "aside" and _is_box(c))
            elif tag == "form":
                drop = not big(c) and not _keeps_structure(c, title_h1)
            elif tag in ("header", "footer"):
                drop = not _keeps_structure(c, title_h1)
            elif c.get("hidden") is not None or (c.get("aria-hidden") or "").lower() == "true":
                drop = True
            elif tag == "a" and _ACTION_TEXT.match(c.text_content() or ""):
                drop = True
            elif tag in ("a", "span", "div", "li", "p", "strong", "b") and _BADGE_TEXT.match(c.text_content() or ""):
                drop = True
            elif in_refs and tag == "a" and _REF_LINK_TEXT.match(c.text_content() or ""):
                drop = True
            elif tag in ("a", "span", "li", "label") and set(_words(c)) & {"toggle", "pmctoggle", "tooltip", "dropdown", "expander"}:
                drop = True
            elif tag in ("div", "ul", "ol", "span", "p") and _words(c) & _WIDGET_WORDS:
                drop = True  # download buttons and sort tabs, even inside a figure or reference list
            elif not protected and tag in ("dd", "ul", "ol", "li", "p", "div", "span") and _subject_list(c):
                drop = True
                label = c.getprevious()
                if tag == "dd" and label is not None and label.tag == "dt":
                    label.drop_tree()
            elif not protected:
                role = (c.get("role") or "").lower()
                if role in _DROP_ROLES or any(_BOILER_WORD.match(w) for w in _words(c)):
                    drop = not big(c) and not _keeps_structure(c, title_h1)
                elif tag in ("div", "ul", "section", "table", "td", "p", "dl", "span") and not _is_figure(c):
                    sem = _semantic(c)
                    links = list(c.iter("a"))
                    if len(links) >= 3 and sem not in ("keywords", "front", "abstract"):
                        n = _text_len(c)
                        # link-only rows ("References Related Information") even when marked, but not real reference lists
                        if n and _link_text_len(c) / n > 0.6 and n < 3000 and not (sem == "references" and n >= 300) \
                                and not _keeps_structure(c, title_h1):
                            drop = True
            if drop:
                c.drop_tree()
                continue
            refs = in_refs or _semantic(c) == "references"
            visit(c, protected or refs or _is_figure(c), refs)

    visit(root, False, False)


def _choose_root(body):
    """The main-content element: largest <article>, else <main>/role=main/#maincontent, else <body>."""
    def size(el) -> int:
        return sum(len(t) for t in el.itertext())

    total = max(size(body), 1)
    arts = [a for a in body.iter("article")]
    if arts:
        best = max(arts, key=size)
        if size(best) >= 0.2 * total:
            return best
    for el in body.iter():
        if not isinstance(el.tag, str):
            continue
        toks = set(_tokens(el))
        if el.tag == "main" or (el.get("role") or "").lower() == "main" or toks & {"maincontent", "main-content", "main_content", "content-main", "article-body", "articlebody", "article-content", "fulltext", "full-text"}:
            if size(el) >= 0.2 * total:
                return el
    return body


# --------------------------------------------------------------------------- walking


@dataclass
class _Block:
    type: str  # heading, para, list, caption, table
    text: str = ""
    ctx: str | None = None
    level: int = 0
    label: str | None = None
    items: list[str] = field(default_factory=list)
    el: object = None
    numbers: list[int] | None = None  # item numbers of an <ol>
    name: str | None = None  # section name of a caption/table whose label is inside its text
    pseudo: bool = False  # a heading told by its print only (_pseudo_heading), not by its tag


def _is_callout(el, prev: str) -> bool:
    """A citation call-out glued to a word: <sup><a href="#B1">1</a></sup> or <a href="#r2"><sup>2,3</sup></a>."""
    if not prev or prev[-1].isspace() or prev[-1] in "([":
        return False
    txt = (el.text_content() or "").strip()
    if not re.fullmatch(r"[\d,\u2013\-\s]+", txt or "x"):
        return False
    if el.tag == "sup":
        return any((a.get("href") or "").startswith("#") for a in el.iter("a")) or el.getparent() is not None and el.getparent().tag == "a"
    if el.tag == "a":
        return (el.get("href") or "").startswith("#") and el.find(".//sup") is not None
    return False


class _Walker:
    def __init__(self, has_block: set) -> None:
        self.blocks: list[_Block] = []
        self.has_block = has_block

    # inline text ------------------------------------------------------------
    def inline(self, el, skip=None) -> str:
        parts: list[str] = []
        self._inline_into(el, parts, skip or ())
        return "".join(parts)

    def _inline_into(self, el, parts: list[str], skip) -> None:
        if el.text:
            parts.append(el.text)
        for c in el:
            if isinstance(c.tag, str) and not any(c is s for s in skip):
                if c.tag == "br":
                    parts.append(" ")
                elif _is_callout(c, "".join(parts[-3:]) if parts else ""):
                    pass
                elif c.tag == "sup" and not "".join(parts).strip() and (c.tail or "")[:1].isalpha():
                    parts.append((c.text_content() or "").strip() + " ")  # "<sup>1</sup>Department" -> "1 Department"
                else:
                    self._inline_into(c, parts, skip)
                    if c.tag in _BLOCK_TAGS:
                        parts.append(" ")
            if c.tail:
                parts.append(c.tail)

    def is_block(self, el) -> bool:
        return el.tag in _BLOCK_TAGS or el in self.has_block or _is_figure(el) or _semantic(el) is not None and el.tag not in ("span", "a")

    # blocks -----------------------------------------------------------------
    def para(self, text: str, ctx: str | None, el=None) -> None:
        t = _clean(text)
        if t:
            self.blocks.append(_Block("para", t, ctx, el=el))

    def container(self, el, ctx: str | None) -> None:
        buf: list[str] = []
        brs = 0

        def flush() -> None:
            if buf:
                self.para("".join(buf), ctx)
                buf.clear()

        if el.text:
            buf.append(el.text)
        for c in el:
            if not isinstance(c.tag, str):
                buf.append(c.tail or "")
                continue
            if c.tag == "br":
                brs += 1
                if brs >= 2:
                    flush()
                else:
                    buf.append(" ")
                if (c.tail or "").strip():
                    brs = 0
                buf.append(c.tail or "")
                continue
            if self.is_block(c):
                flush()
                brs = 0
                self.block(c, ctx)
            elif _is_callout(c, "".join(buf[-3:])):
                pass
            elif c.tag == "sup" and not "".join(buf).strip() and (c.tail or "")[:1].isalpha():
                buf.append((c.text_content() or "").strip() + " ")  # "<sup>1</sup>Department" -> "1 Department"
            else:
                if (c.text_content() or "").strip():
                    brs = 0
                buf.append(self.inline(c))
            if c.tail:
                if c.tail.strip():
                    brs = 0
                buf.append(c.tail)
        flush()

    def block(self, el, ctx: str | None) -> None:
        tag = el.tag
        sem = _semantic(el)
        if ctx == "references":
            new_ctx = "references"
        elif sem == "front" and ctx in ("abstract", "keywords"):
            new_ctx = ctx
        elif ctx == "box" and sem not in ("references",):
            new_ctx = "box"
        else:
            new_ctx = sem or ctx
        if tag in _HEADINGS:
            t = _clean(self.inline(el))
            if t:
                self.blocks.append(_Block("heading", t, new_ctx, level=_HEADINGS[tag], el=el))
        elif tag == "table":
            self.table(el, new_ctx)
        elif _is_figure(el):
            self.figure(el, new_ctx)
        elif _is_table_wrap(el):
            self.table_wrap(el, new_ctx)
        elif tag == "figcaption" or (tag in ("div", "p", "span") and set(_tokens(el)) & _CAPTION_TOKENS and new_ctx != "references"):
            self.caption(el, el)
        elif tag in ("ul", "ol"):
            self.list(el, new_ctx)
        elif tag == "hr":
            return
        elif tag in ("p", "div") and new_ctx != "references" and (t := _pseudo_heading(el)) is not None:
            self.blocks.append(_Block("heading", t, new_ctx, level=2, el=el, pseudo=True))
        else:
            self.container(el, new_ctx)

    def list(self, el, ctx: str | None) -> None:
        lis = [li for li in el if isinstance(li.tag, str) and li.tag == "li"]
        numbers = _ol_numbers(el, lis)
        if ctx == "references":
            for li, n in zip(lis, numbers or [None] * len(lis)):
                t = _numbered(_ref_clean(self.inline(li)), n)
                if t:
                    self.blocks.append(_Block("para", t, "references", el=li))
            return
        if any(li in self.has_block for li in lis):
            for li in lis:
                self.container(li, ctx)
            return
        pairs = [(_clean(self.inline(li)), n) for li, n in zip(lis, numbers or [None] * len(lis))]
        pairs = [(t, n) for t, n in pairs if t]
        if pairs:
            items = [t for t, _ in pairs]
            self.blocks.append(_Block("list", "\n".join(items), ctx, items=items, el=el,
                                      numbers=[n for _, n in pairs] if numbers else None))

    def _label_in(self, fig, caption_el):
        """(label element, label text) of a figure: class *label*, else a short "Figure 2" text outside the caption."""
        for d in fig.iter():
            if d is fig or not isinstance(d.tag, str):
                continue
            if "label" in _words(d) or d.tag == "label":
                t = _clean(d.text_content())
                if t and len(t) <= 40:
                    return d, t
        for d in fig.iter():
            if d is fig or not isinstance(d.tag, str) or d.tag in ("img",):
                continue
            if caption_el is not None and (d is caption_el or any(a is caption_el for a in d.iterancestors())):
                continue
            if caption_el is not None and any(x is caption_el for x in d.iter()):
                continue
            t = _clean(d.text_content())
            if t and _LABEL.match(t):
                return d, t.rstrip(".:")
        return None, None

    def figure(self, fig, ctx) -> None:
        if fig.find(".//table") is not None and (fig.find(".//figcaption") is not None or any("caption" in _tokens(d) for d in fig.iter() if isinstance(d.tag, str))):
            self.table_wrap(fig, ctx)
            return
        cap = fig.find(".//figcaption")
        if cap is None:
            cap = next((d for d in fig.iter() if isinstance(d.tag, str) and d is not fig and ("caption" in _tokens(d) or "legend" in _tokens(d))), None)
        self.caption(fig, cap)

    def caption(self, fig, cap) -> None:
        label_el, label = self._label_in(fig, cap)
        skip = [label_el] if label_el is not None else []
        if cap is not None:
            text = _clean(self.inline(cap, skip))
        else:
            text = _clean(self.inline(fig, skip))
        name = None
        if label is None and text:  # a label written in the caption text stays there and names the section
            m = _LABEL_PREFIX.match(text)
            name = m.group(1) if m else None
        if text:
            self.blocks.append(_Block("caption", text, None, label=label, el=fig, name=name))

    def table_wrap(self, wrap, ctx) -> None:
        table = wrap.find(".//table")
        cap = wrap.find(".//figcaption")
        if cap is None:
            cap = next((d for d in wrap.iter() if isinstance(d.tag, str) and d is not wrap and "caption" in _tokens(d)), None)
        if cap is None:
            cap = table.find("caption")
        label_el, label = self._label_in(wrap, cap)
        skip = [label_el] if label_el is not None else []
        caption = _clean(self.inline(cap, skip)) if cap is not None else ""
        self._emit_table(table, label, caption, ctx)
        foot = [d for d in wrap.iter() if isinstance(d.tag, str) and set(_tokens(d)) & {"table-foot", "table-wrap-foot", "tablefoot", "fn", "table-footnotes"}]
        if foot and self.blocks and self.blocks[-1].type == "table":
            self.blocks[-1].items.extend(_clean(self.inline(f)) for f in foot if _clean(self.inline(f)))

    def table(self, table, ctx) -> None:
        cap = table.find("caption")
        if cap is None and any(d.tag in ("table", "div", "p", "h1", "h2", "h3", "h4", "ul", "ol", "section", "article", "form")
                               for d in table.iter() if d is not table and isinstance(d.tag, str)):
            # a layout table: read its cells as ordinary containers
            for tr in _rows(table):
                for cell in tr:
                    if isinstance(cell.tag, str) and cell.tag in ("td", "th"):
                        self.container(cell, ctx)
            return
        caption = _clean(self.inline(cap)) if cap is not None else ""
        self._emit_table(table, None, caption, ctx)

    def _emit_table(self, table, label, caption, ctx) -> None:
        rows = []
        for tr in _rows(table):
            cells = [_clean(self.inline(td)) for td in tr if isinstance(td.tag, str) and td.tag in ("td", "th")]
            if any(cells):
                rows.append(" | ".join(cells))
        if caption or label:
            m = _LABEL_PREFIX.match(caption) if label is None else None
            self.blocks.append(_Block("table", caption, ctx, label=label, items=rows, el=table, name=m.group(1) if m else None))
        elif rows:
            self.blocks.append(_Block("list", "\n".join(rows), ctx, items=rows, el=table))


_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.I)


def _bold_only(el, depth: int = 0) -> bool:
    """Whether all text of ``el`` is inside one bold element (``<b>``, ``<strong>``, a span styled bold),
    possibly wrapped in further single children: ``<p><b>Case presentation</b></p>``."""
    if depth > 3 or (el.text or "").strip():
        return False
    kids = [c for c in el if isinstance(c.tag, str) and c.tag != "br"]
    if len(kids) != 1 or any((c.tail or "").strip() for c in el if isinstance(c.tag, str)):
        return False
    k = kids[0]
    if k.tag in ("b", "strong") or _BOLD_STYLE.search(k.get("style") or ""):
        return True
    return k.tag in ("span", "font", "p", "div", "a", "em", "i") and _bold_only(k, depth + 1)


def _pseudo_heading(el) -> str | None:
    """The heading text of a paragraph that is a heading in all but its tag (pages exported from word
    processors and small publishers set headings as ``<p><b>Discussion</b></p>``; session 19): a short
    paragraph all in bold, one to ten words, not ending like a sentence, no figure/table label, or any
    short paragraph that is exactly a known section heading ("Case report", "References")."""
    if el.find(".//img") is not None or el.find(".//table") is not None:
        return None
    text = _clean(clean_inline(el.text_content() or ""))
    if not text or len(text) > 90 or _LABEL_PREFIX.match(text):
        return None
    words = text.split()
    known = _heading_kind(text) is not None
    if known and len(words) <= 5 and not text.endswith((",", ";")):
        return text
    if not _bold_only(el) or len(words) > 10 or text.endswith((".", ",", ";")) or not text[:1].isupper():
        return None
    return text


def _ol_numbers(el, lis) -> list[int] | None:
    """The numbers an <ol> shows for its items (start=, value=), None for other lists."""
    if el.tag != "ol":
        return None
    try:
        n = int(el.get("start") or 1)
    except ValueError:
        n = 1
    out = []
    for li in lis:
        try:
            n = int(li.get("value")) if li.get("value") else n
        except ValueError:
            pass
        out.append(n)
        n += 1
    return out


def _numbered(text: str, n: int | None) -> str:
    """A reference with its list number ("2. Boulman N ...") unless the text is numbered already."""
    if n is None or not text or re.match(r"^\[?\d{1,4}[\].)]?\s", text):
        return text
    return f"{n}. {text}"


def _rows(table) -> list:
    """The table's own rows (not those of nested tables)."""
    out = []
    for c in table:
        if not isinstance(c.tag, str):
            continue
        if c.tag == "tr":
            out.append(c)
        elif c.tag in ("thead", "tbody", "tfoot"):
            out.extend(r for r in c if isinstance(r.tag, str) and r.tag == "tr")
    return out


def _clean(text: str) -> str:
    return clean_inline(re.sub("[\u200b\u200c\u200d\u2060\ufeff]", "", text or ""))


def _ref_clean(text: str) -> str:
    t = _REF_RESIDUE.sub("", _clean(text))
    return re.sub(r"\s*\[\s*\]", "", t).strip()


def _has_block_set(root) -> set:
    """Elements that are not block tags but contain block-level descendants (<a><div>..</div></a>)."""
    out: set = set()
    for el in root.iter():
        if isinstance(el.tag, str) and (el.tag in _BLOCK_TAGS or _is_figure(el)):
            for a in el.iterancestors():
                if a in out:
                    break
                out.add(a)
    return out


# --------------------------------------------------------------------------- assembling

_KEYWORDS_TEXT = re.compile(r"^(?:key ?words?|index terms|mesh terms)\s*[:.\-\u2013\u2014]", re.I)
_FRONT_TEXT = re.compile(r"(©|\(c\)\s*\d{4}|copyright|licen[cs]e|received|accepted|revised|published|correspond|e-?mail|\bdoi\b"
                         r"|department|universit|hospital|institute|college|school of|\bM\.?D\.?\b|Ph\.?D|\b(?:19|20)\d\d\b)", re.I)
_DEFAULT_NAMES = {"abstract": "Abstract", "keywords": "Keywords", "references": "References", "other": "Front matter", "body": "Body",
                  "back": "Back matter"}
#: run-in labels of article metadata and statements (as ``pdf._RUNIN``); the second set is back matter
_META_RUNIN = re.compile(r"^(?:citation|(?:academic |handling )?editor|received|accepted|published|copyright|data availability|"
                         r"funding|competing interests?|conflicts? of interests?|author contributions?|correspondence|"
                         r"ethics statement|abbreviations)\s*(?:statement\s*)?:\s*\S", re.I)
_BACK_RUNIN = re.compile(r"^(?:data availability|funding|competing|conflicts?|author contributions?|ethics)", re.I)


class _Assembler:
    def __init__(self) -> None:
        self.tb = TextBuilder()
        self.cur: tuple[str, str, int] | None = None  # (name, kind, start)
        self.cur_level = 0
        self.lines_in_cur = 0
        self.by_ctx = False  # the running section was opened by a marked container, not a heading
        self.resume: tuple[str, str] | None = None  # the section a box interrupted

    def close(self) -> None:
        if self.cur is not None:
            self.tb.close_section(*self.cur)
            self.cur = None

    def open(self, name: str, kind: str) -> None:
        self.close()
        self.cur = (name, kind, self.tb.open_section(name, kind))
        self.lines_in_cur = 0

    def add(self, text: str) -> None:
        if self.cur is None:
            self.open("Body", "body")
        sep = "\n" if self.cur[1] == "references" and self.lines_in_cur else "\n\n"
        start, _ = self.tb.add(text, sep=sep)
        if self.lines_in_cur == 0 and self.cur is not None and start != self.cur[2]:
            self.cur = (self.cur[0], self.cur[1], start)
        self.lines_in_cur += 1

    def labelled(self, label: str | None, text: str, kind: str, name: str) -> None:
        """A caption/table section: its label on a line of its own, the section = the text."""
        resume = self.cur
        self.close()
        if label:
            self.tb.add(label)
            self.tb.add(text, name=name, kind=kind, sep="\n")
        else:
            self.tb.add(text, name=name, kind=kind)
        if resume is not None:
            self.cur = (resume[0], resume[1], self.tb.open_section(resume[0], resume[1]))
            self.lines_in_cur = 0


#: Back-matter headings that sections.HEADING_KINDS does not know yet (kind "back")
_EXTRA_BACK_HEADINGS = re.compile(
    r"^(?:data availability(?: statement)?|data sharing(?: statement)?|ethics(?: statement| approval)?|ethical approval|"
    r"(?:informed |patient )?consent(?: for publication)?|declarations?|declaration of (?:competing )?interests?|"
    r"credit authorship contribution statement|(?:financial )?support|grant support|role of the funding source|"
    r"additional information and declarations|(?:animal|human) ethics|field study permissions|(?:dna|data) deposition|"
    r"grant disclosures|"
    r"authors?[\u2019']?s?[\u2019']? contributions?|funding(?: information| statement)?)$", re.I)
#: ... and headings of other non-content parts (kind "other")
_EXTRA_OTHER_HEADINGS = re.compile(
    r"^(?:supplementary (?:material|information|data)|supporting information|open research|peer review|notes?|footnotes|"
    r"author information|orcid|associated data|publisher'?s note|decision letter|author response|reviewer comments|"
    r"peer review (?:report|history)|article and author information|author and article information)$", re.I)


def _heading_kind(text: str) -> tuple[str, str] | None:
    hk = heading_kind(text)
    if hk:
        return hk
    bare = re.sub(r"^(\d+(\.\d+)*\.?|[IVX]+\.)\s+", "", text).rstrip(":.").strip()
    if _EXTRA_BACK_HEADINGS.match(bare):
        return bare, "back"
    if _EXTRA_OTHER_HEADINGS.match(bare):
        return bare, "other"
    return None


def _norm_title(t: str) -> str:
    return re.sub(r"[\W_]+", " ", t).strip().lower()


def _assemble(blocks: list[_Block], title: str | None, title_el) -> TextBuilder:
    a = _Assembler()
    if title:
        a.tb.add(title, name="Title", kind="title")
    structured = any((b.type == "heading" and b.el is not title_el) or b.ctx in ("abstract", "keywords", "references") for b in blocks)
    # headings set with h2-h6 tags: a page that tags its headings gets no headings from bold print
    structured_tags = any(b.type == "heading" and not b.pseudo and b.el is not title_el and b.level >= 2 for b in blocks)
    front = True
    legends = False
    for b in blocks:
        if b.el is not None and b.el is title_el:
            continue
        in_skipped = a.cur is not None and a.cur[1] in ("other", "back", "references") and a.cur[0] != "Front matter"
        if b.ctx == "box" and b.type in ("heading", "para", "list") and not in_skipped:
            # (a box inside a decision letter or back matter stays part of it)
            # a text panel: its own section, named by its heading; the section it interrupts goes on after it
            if a.cur is None or a.cur[1] != "box" or b.type == "heading" and a.lines_in_cur:
                if a.cur is not None and a.cur[1] != "box":
                    a.resume = (a.cur[0], a.cur[1])
                a.open(b.text if b.type == "heading" else "Box", "box")
            front = False
            a.add(b.text)
            continue
        if a.cur is not None and a.cur[1] == "box":
            a.close()
            if a.resume is not None and b.type != "heading":
                a.open(*a.resume)
                a.by_ctx = False
            a.resume = None
        if b.type == "heading" and b.pseudo and (front or structured_tags) and _heading_kind(b.text) is None:
            # a bold line in the front matter (an author's name) or on a page whose headings are tagged
            # is a paragraph; only known section names open sections there
            b = _Block("para", b.text, b.ctx, el=b.el)
        if b.type == "heading":
            if b.ctx in ("abstract", "references") and a.cur is not None and a.cur[1] == b.ctx:
                a.add(b.text)  # sub-heading of a structured abstract / of the reference list
                continue
            hk = _heading_kind(b.text)
            if b.ctx in ("abstract", "keywords", "references"):
                kind = b.ctx
            elif hk:
                kind = hk[1]
            elif a.cur is not None and b.level > a.cur_level and a.cur[1] in ("other", "back", "references", "abstract"):
                kind = a.cur[1]
            else:
                kind = "body"
            legends = kind == "caption"
            if kind in ("title", "caption"):
                kind = "body" if kind == "title" else "other"
            front = False
            a.open(b.text, kind)
            a.by_ctx = False
            a.cur_level = b.level
            a.add(b.text)
            continue
        if b.type in ("caption", "table"):
            front = False
            name = b.label or b.name or ("Figure" if b.type == "caption" else "Table")
            text = b.text if b.type == "caption" else "\n".join(x for x in [b.text, *b.items] if x)
            a.labelled(b.label, text, "caption" if b.type == "caption" else "table", name)
            continue
        text = b.text
        want: str | None = None
        if b.ctx in ("abstract", "keywords", "references"):
            want = b.ctx
        elif _KEYWORDS_TEXT.match(text) and not (a.cur and a.cur[1] == "references"):
            want = "keywords"
        if b.type != "list" and _META_RUNIN.match(text) and not (a.cur and a.cur[1] == "references"):
            # "Citation: ...", "Editor: ...", "Funding: ..." paragraphs a page puts inside its abstract
            # or body container are article metadata and statements, not text about the patient
            want = "back" if _BACK_RUNIN.match(text) else "other"
        if want is None and front:
            if b.ctx == "front" or (structured and (len(text) < 200 or _FRONT_TEXT.search(text[:200]))) or (not structured and _FRONT_TEXT.search(text) and len(text) < 300):
                want = "other"
            else:
                front = False
                if a.cur is not None and a.cur[1] == "other" and a.cur[0] == "Front matter":
                    a.close()
        if want is not None and want != "other":
            front = False
        if legends and want is None and a.cur is not None:
            m = _LABEL_PREFIX.match(text)
            if m:
                a.labelled(None, text, "caption", m.group(1))
                continue
        if want == "keywords":
            if b.type == "list":
                text = "; ".join(b.items)
            if not _KEYWORDS_TEXT.match(text) and not (a.cur and a.cur[1] == "keywords"):
                text = "Keywords: " + text
            if a.cur is None or a.cur[1] != "keywords":
                a.open("Keywords", "keywords")
            a.add(text)
            continue
        if want is not None:
            if a.cur is None or a.cur[1] != want:
                a.open(_DEFAULT_NAMES[want], want)
                a.by_ctx = True
        elif a.cur is None or a.by_ctx or a.cur[1] == "keywords":
            a.open("Body", "body")
        if b.type == "list" and a.cur is not None and a.cur[1] == "references":
            for item, n in zip(b.items, b.numbers or [None] * len(b.items)):
                a.add(_numbered(_ref_clean(item), n))
            continue
        a.add(_ref_clean(text) if a.cur is not None and a.cur[1] == "references" else text)
    a.close()
    return a.tb


# --------------------------------------------------------------------------- entry point


def _title_from_tag(root) -> str | None:
    t = _clean(root.findtext(".//title") or "")
    if not t:
        return None
    m = re.match(r"^(.*\S)\s+(?:[|\u2013\u2014]|-)\s+([^|\u2013\u2014]{1,40})$", t)
    return m.group(1) if m and len(m.group(1).split()) >= 3 else t


def convert_html(data: bytes, source: str) -> Document:
    """Convert the bytes of an HTML page (see the module docstring).

    Raises:
        ConversionError: binary or unparseable input ("not an HTML document: ...").
    """
    import lxml.etree
    import lxml.html

    warnings: list[str] = []
    text = decode_html(data, source, warnings)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    if not re.search(r"<\s*[A-Za-z!/]", text[:100_000]):
        warnings.append("no HTML markup found; read as plain text")
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, recover=True)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8", errors="replace"), parser=parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as e:
        raise ConversionError(source, f"not an HTML document: the parser found no content ({e})") from None
    if any("Excessive depth" in e.message for e in parser.error_log):
        warnings.append("elements nested more than 256 levels deep were cut off by the HTML parser")
    metas = _metas(root)
    meta = _metadata(root, metas)
    tag_title = _title_from_tag(root)
    body = root.find("body")
    if body is None:
        body = root
    main = _choose_root(body)
    for bad in list(main.iter("script", "style", "noscript", "template")):
        bad.drop_tree()
    h1 = next(iter(main.iter("h1")), None)
    try:
        _prune(main, h1)
        has_block = _has_block_set(main)
        w = _Walker(has_block)
        w.container(main, _semantic(main) if main is not body else None)
    except RecursionError:
        raise ConversionError(source, "not an HTML document this converter can read: elements nested too deeply") from None
    blocks = w.blocks
    # the title: first <h1>; else a heading repeating the meta title; else the meta title / <title>
    title_block = next((b for b in blocks if b.type == "heading" and b.level == 1), None)
    if title_block is None and meta.title:
        nt = _norm_title(meta.title)
        title_block = next((b for b in blocks if b.type == "heading" and _norm_title(b.text) == nt), None)
    if title_block is not None:
        title, title_el = title_block.text, title_block.el
    else:
        title, title_el = meta.title or tag_title, None
    if meta.title is None:
        meta.title = title
    tb = _assemble(blocks, title, title_el)
    if not tb.text().strip():
        warnings.append("no article text found on the page")
    return Document(text=tb.text(), sections=tb.sections, metadata=meta, source=source, format="html", warnings=warnings)
