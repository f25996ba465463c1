"""JATS / NLM XML (PMC ``.nxml``, Europe PMC, CERMINE output) to a :class:`Document`.

Title, authors, abstract, keywords, body sections, figure and table captions and the
reference list are taken from the XML elements, never guessed from layout. Citation
call-outs glued to words ("nutrition.<xref>1</xref>") are dropped so that "nutrition.1"
never reaches the tokenizer; bracketed ones ("[1]") are kept.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from rheumex.extract.document import Document, Metadata, TextBuilder
from rheumex.extract.normalize import clean_inline
from rheumex.extract.sections import HEADING_KINDS
from rheumex.extract.xmlsafe import local, parse_xml

XLINK = "{http://www.w3.org/1999/xlink}href"
_BLOCK = {"fig", "table-wrap", "fig-group", "table-wrap-group", "disp-formula", "list", "def-list", "boxed-text", "supplementary-material"}
_DROP = {"graphic", "inline-graphic", "media", "alternatives", "object-id", "table"}


def _find(el: ET.Element | None, *names: str) -> ET.Element | None:
    """First descendant whose local name is one of ``names``."""
    if el is None:
        return None
    for d in el.iter():
        if local(d.tag) in names:
            return d
    return None


def _findall(el: ET.Element | None, name: str) -> list[ET.Element]:
    return [] if el is None else [d for d in el.iter() if local(d.tag) == name]


def _children(el: ET.Element, name: str | None = None) -> list[ET.Element]:
    return [c for c in el if name is None or local(c.tag) == name]


def inline_text(el: ET.Element | None, *, skip_blocks: bool = True) -> str:
    """The text of an element with inline markup flattened and call-outs cleaned."""
    if el is None:
        return ""
    parts: list[str] = [el.text or ""]
    for c in el:
        name = local(c.tag)
        if (skip_blocks and name in _BLOCK) or name in _DROP or name == "":
            parts.append(c.tail or "")
            continue
        if name == "xref" and c.get("ref-type") in ("bibr", "fn", "aff", "table-fn"):
            prev = "".join(parts)[-1:]
            inner = inline_text(c)
            if prev and not prev.isspace() and prev not in "([;,-\u2013" and re.fullmatch(r"[\d,\u2013\-\s]+", inner or "x"):
                parts.append(c.tail or "")  # superscript-style call-out glued to a word
                continue
            parts.append(inner)
            parts.append(c.tail or "")
            continue
        if name == "sup":
            inner = inline_text(c)
            if re.fullmatch(r"[\d,\u2013\-\s]*", inner) and _only_xrefs(c):
                parts.append(c.tail or "")
                continue
            parts.append(inner)
            parts.append(c.tail or "")
            continue
        parts.append(inline_text(c, skip_blocks=skip_blocks))
        if name in ("surname", "given-names", "name", "string-name") and not (c.tail or "").strip():
            parts.append(" ")
        parts.append(c.tail or "")
    return "".join(parts)


def _only_xrefs(el: ET.Element) -> bool:
    """A <sup> holding only citation separators or xrefs (",", "1-3")."""
    kids = list(el)
    if kids:
        return all(local(k.tag) == "xref" and k.get("ref-type") in ("bibr", "fn") for k in kids)
    return not (el.text or "").strip().isdigit()


def _caption_text(block: ET.Element) -> tuple[str, str]:
    label = clean_inline(inline_text(_find(block, "label")))
    cap = _find(block, "caption")
    pieces = []
    if cap is not None:
        for c in cap:
            if local(c.tag) in ("title", "p"):
                pieces.append(clean_inline(inline_text(c)))
    body = " ".join(p for p in pieces if p)
    return label, body


class _Walker:
    def __init__(self) -> None:
        self.tb = TextBuilder()

    def blocks(self, el: ET.Element) -> None:
        """Emit the figures and tables inside ``el`` as caption/table sections."""
        for c in el:
            name = local(c.tag)
            if name in ("fig", "fig-group"):
                for fig in ([c] if name == "fig" else _children(c, "fig")):
                    label, body = _caption_text(fig)
                    text = f"{label}\n{body}" if label else body
                    self.tb.add(text, name=label or "Figure", kind="caption")
            elif name in ("table-wrap", "table-wrap-group"):
                for tw in ([c] if name == "table-wrap" else _children(c, "table-wrap")):
                    label, body = _caption_text(tw)
                    rows = []
                    for tr in _findall(tw, "tr"):
                        cells = [clean_inline(inline_text(td)) for td in tr if local(td.tag) in ("td", "th")]
                        if any(cells):
                            rows.append(" | ".join(cells))
                    foot = " ".join(clean_inline(inline_text(f)) for f in _findall(tw, "table-wrap-foot"))
                    text = "\n".join(x for x in [label, body, *rows, foot] if x)
                    self.tb.add(text, name=label or "Table", kind="table")
            elif name in ("list",):
                items = [clean_inline(inline_text(li)) for li in _findall(c, "list-item")]
                self.tb.add("\n".join(i for i in items if i))
            elif name == "boxed-text":
                self.box(c)
            elif name in ("p", "sec"):
                self.blocks(c)

    def box(self, box: ET.Element) -> None:
        """A ``<boxed-text>`` panel (key points, "Box 1", a case summary): a section of kind ``box``.

        Named by its label and caption title ("Box 1: Key points"), else "Box"; its paragraphs,
        lists and inner sections are its text; figures and tables in it keep their own sections.
        """
        label_el = next(iter(_children(box, "label")), None)
        label = clean_inline(inline_text(label_el)) if label_el is not None else ""
        cap = next(iter(_children(box, "caption")), None)
        title_el = next(iter(_children(cap, "title")), None) if cap is not None else None
        if title_el is None:
            title_el = next(iter(_children(box, "title")), None)
        title = clean_inline(inline_text(title_el)) if title_el is not None else ""
        name = ": ".join(x for x in (label, title) if x) or "Box"
        start = self.tb.open_section(name, "box")
        self.tb.add(name if (label or title) else "")

        def walk(el: ET.Element) -> None:
            nonlocal start
            for c in el:
                n = local(c.tag)
                if n in ("label", "title", "caption") and el is box:
                    if n == "caption":  # caption paragraphs beyond the title
                        for p in c:
                            if local(p.tag) == "p":
                                self.tb.add(clean_inline(inline_text(p)))
                    continue
                if n == "p":
                    self.tb.add(clean_inline(inline_text(c)))
                elif n == "list":
                    items = [clean_inline(inline_text(li)) for li in _findall(c, "list-item")]
                    self.tb.add("\n".join(i for i in items if i))
                elif n == "sec":
                    t = next((x for x in c if local(x.tag) == "title"), None)
                    if t is not None:
                        self.tb.add(clean_inline(inline_text(t)))
                    walk(c)
                elif n in ("fig", "fig-group", "table-wrap", "table-wrap-group"):
                    self.tb.close_section(name, "box", start)
                    self.blocks(_wrap(c))
                    start = self.tb.open_section(name, "box")
                elif n not in _DROP and n != "title":
                    self.tb.add(clean_inline(inline_text(c)))

        walk(box)
        self.tb.close_section(name, "box", start)

    def section(self, sec: ET.Element, kind: str = "body", depth: int = 0) -> None:
        title_el = None
        for c in sec:
            if local(c.tag) == "title":
                title_el = c
                break
        heading = clean_inline(inline_text(title_el)) if title_el is not None else ""
        own_kind = HEADING_KINDS.get(heading.lower().rstrip(":."), kind) if heading else kind
        if own_kind in ("title", "caption"):
            own_kind = "body"
        if sec.get("sec-type") in ("COI-statement", "ethics-statement", "data-availability", "conflict", "funding",
                                   "author-contributions", "acknowledgment", "acknowledgement") or local(sec.tag) in ("ack", "notes"):
            own_kind = "back"
        elif sec.get("sec-type") == "supplementary-material" or local(sec.tag) in ("app-group", "glossary"):
            own_kind = "other"
        start = self.tb.open_section(heading or "Body", own_kind)
        if heading:
            self.tb.add(heading)
        for c in sec:
            name = local(c.tag)
            if name == "title":
                continue
            if name == "sec":
                self.tb.close_section(heading or "Body", own_kind, start)
                self.section(c, own_kind, depth + 1)
                start = self.tb.open_section(heading or "Body", own_kind)
                continue
            if name == "p":
                self.tb.add(clean_inline(inline_text(c)))
                self.blocks(c)
            elif name in _BLOCK:
                # close the running section so captions get their own section
                self.tb.close_section(heading or "Body", own_kind, start)
                self.blocks(_wrap(c))
                start = self.tb.open_section(heading or "Body", own_kind)
            elif name not in _DROP and name != "label":
                self.tb.add(clean_inline(inline_text(c)))
        self.tb.close_section(heading or "Body", own_kind, start)


def _wrap(el: ET.Element) -> ET.Element:
    w = ET.Element("wrap")
    w.append(el)
    return w


def _metadata(root: ET.Element) -> Metadata:
    meta = Metadata()
    am = _find(root, "article-meta")
    tg = _find(am, "title-group")
    meta.title = clean_inline(inline_text(_find(tg, "article-title"))) or None
    jm = _find(root, "journal-meta")
    jt = _find(jm, "journal-title")
    if jt is not None:
        meta.journal = clean_inline(inline_text(jt)) or None
    for contrib in _findall(_find(am, "contrib-group") if am is not None else None, "contrib"):
        if contrib.get("contrib-type", "author") != "author":
            continue
        name = _find(contrib, "name", "string-name")
        if name is None:
            continue
        sur = clean_inline(inline_text(_find(name, "surname")))
        given = clean_inline(inline_text(_find(name, "given-names")))
        full = " ".join(x for x in (given, sur) if x) or clean_inline(inline_text(name))
        if full:
            meta.authors.append(full)
    for aid in _findall(am, "article-id"):
        t = (aid.get("pub-id-type") or "").lower()
        v = (aid.text or "").strip()
        if t == "doi":
            meta.doi = v
        elif t == "pmid":
            meta.pmid = v
        elif t in ("pmc", "pmcid"):
            meta.pmcid = v if v.upper().startswith("PMC") else f"PMC{v}"
    years = []
    for pd in _findall(am, "pub-date"):
        y = _find(pd, "year")
        if y is not None and (y.text or "").strip().isdigit():
            years.append(int(y.text.strip()))
    if years:
        meta.year = min(years)
    lic = _find(am, "license")
    if lic is not None:
        href = lic.get(XLINK)
        lp = clean_inline(inline_text(_find(lic, "license-p")))
        meta.licence = href or (lp[:300] if lp else None)
    if meta.doi is None:
        m = re.search(r"\b10\.\d{4,9}/[^\s\"<>]+", _leading_text(root, 20000))
        if m:
            meta.doi = m.group(0).rstrip(".,;")
    return meta


def _leading_text(root: ET.Element, limit: int) -> str:
    """The attribute values and text of ``root`` in document order, space-separated, up to
    about ``limit`` characters: an iterative walk (no recursion, however deep the tree),
    stopping as soon as enough text is collected."""
    pieces: list[str] = []
    size = 0
    stack: list[tuple[ET.Element, bool]] = [(root, False)]
    while stack and size < limit:
        el, closing = stack.pop()
        if closing:
            new = [el.tail or ""]
        else:
            new = [*el.attrib.values(), el.text or ""]
            if el is not root:
                stack.append((el, True))  # its tail follows its subtree
            stack.extend((c, False) for c in reversed(el))
        for piece in new:
            if piece:
                pieces.append(piece)
                size += len(piece) + 1
    return " ".join(pieces)


def _reference_text(ref: ET.Element) -> str:
    label = clean_inline(inline_text(_find(ref, "label")))
    cit = _find(ref, "mixed-citation", "element-citation", "citation", "nlm-citation")
    if cit is None:
        body = clean_inline(inline_text(ref))
    elif local(cit.tag) == "element-citation":
        body = clean_inline(" ".join(t.strip() for t in cit.itertext() if t.strip()))
    else:
        body = clean_inline(inline_text(cit))
    if label and not body.startswith(label):
        return f"{label} {body}".strip()
    return body


def convert_jats(data: bytes, source: str) -> Document:
    """Convert JATS/NLM XML bytes."""
    root = parse_xml(data, source)
    if local(root.tag) != "article":
        art = _find(root, "article")
        if art is None:
            from rheumex.extract.errors import ConversionError

            raise ConversionError(source, f"not a JATS article (root element <{local(root.tag)}>); expected <article>")
        root = art
    meta = _metadata(root)
    w = _Walker()
    tb = w.tb
    if meta.title:
        tb.add(meta.title, name="Title", kind="title")
    am = _find(root, "article-meta")
    for ab in _findall(am, "abstract"):
        if ab.get("abstract-type") in ("teaser", "graphical", "toc"):
            continue
        start = tb.open_section("Abstract", "abstract")
        t = _children(ab, "title")
        tb.add(clean_inline(inline_text(t[0])) if t else "Abstract")
        for c in ab:
            name = local(c.tag)
            if name == "p":
                tb.add(clean_inline(inline_text(c)))
            elif name == "sec":
                st = _children(c, "title")
                head = clean_inline(inline_text(st[0])) if st else ""
                paras = " ".join(clean_inline(inline_text(p)) for p in _children(c, "p"))
                tb.add(f"{head}: {paras}" if head else paras)
        tb.close_section("Abstract", "abstract", start)
    kwds = []
    for kg in _findall(am, "kwd-group"):
        kwds.extend(clean_inline(inline_text(k)) for k in _children(kg, "kwd"))
    if kwds:
        tb.add("Keywords: " + "; ".join(k for k in kwds if k), name="Keywords", kind="keywords")
    body = _find(root, "body")
    if body is not None:
        loose_start = None
        for c in body:
            name = local(c.tag)
            if name == "sec":
                if loose_start is not None:
                    tb.close_section("Body", "body", loose_start)
                    loose_start = None
                w.section(c)
            elif name == "p":
                if loose_start is None:
                    loose_start = tb.open_section("Body", "body")
                tb.add(clean_inline(inline_text(c)))
                if any(local(x.tag) in _BLOCK for x in c):
                    tb.close_section("Body", "body", loose_start)
                    w.blocks(c)
                    loose_start = None
            elif name in _BLOCK:
                if loose_start is not None:
                    tb.close_section("Body", "body", loose_start)
                    loose_start = None
                w.blocks(_wrap(c))
        if loose_start is not None:
            tb.close_section("Body", "body", loose_start)
    back = _find(root, "back")
    if back is not None:
        for c in back:
            name = local(c.tag)
            kind = "other" if name in ("app-group", "glossary") else "back"
            if name in ("ack", "notes", "app-group", "glossary") and _children(c, "title"):
                w.section(c, kind)
            elif name in ("ack", "fn-group", "notes", "app-group", "glossary"):
                text = clean_inline(inline_text(c))
                if text:
                    tb.add(text, name=name, kind=kind)
            elif name == "sec":
                w.section(c, "back")
        # figures placed in back matter (some PMC exports) are still captions
        for c in back:
            if local(c.tag) in ("fig", "table-wrap", "fig-group"):
                w.blocks(_wrap(c))
        for rl in _findall(back, "ref-list"):
            refs = [_reference_text(r) for r in _findall(rl, "ref")]
            refs = [r for r in refs if r]
            if refs:
                title = _children(rl, "title")
                head = clean_inline(inline_text(title[0])) if title else "References"
                tb.add(head + "\n" + "\n".join(refs), name=head, kind="references")
    # floating figures outside body/back (some exports put them under <floats-group>)
    fg = _find(root, "floats-group")
    if fg is not None:
        w.blocks(fg)
    return Document(text=tb.text(), sections=tb.sections, metadata=meta, source=source, format="jats")
