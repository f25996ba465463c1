"""Write a JATS article as BioC XML and BioC JSON laid out like PMC's BioC API output.

Used to make the test fixtures ``tests/data/bioc/`` from a CC BY JATS file of the repo
(``tests/data/pdf-jats/PMC4745336.xml``): a ``front`` passage with the metadata infons,
``abstract_title_1``/``abstract`` passages, ``title_1``/``paragraph`` passages per body
section (section_type from the heading), ``fig_caption``/``table_caption`` passages, one
``ref`` passage per reference and ACK_FUND/COMP_INT back matter.

    python tools/jats_to_bioc.py tests/data/pdf-jats/PMC4745336.xml tests/data/bioc/PMC4745336
"""
from __future__ import annotations

import argparse
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import bioc
from bioc import biocjson, biocxml

_SECTION_TYPES = [("introduction", "INTRO"), ("background", "INTRO"), ("case", "CASE"), ("method", "METHODS"),
                  ("result", "RESULTS"), ("discussion", "DISCUSS"), ("conclusion", "CONCL"),
                  ("acknowledg", "ACK_FUND"), ("funding", "ACK_FUND"), ("conflict", "COMP_INT"),
                  ("competing", "COMP_INT"), ("disclosure", "COMP_INT"), ("contribution", "AUTH_CONT")]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text(el) -> str:
    return re.sub(r"\s+", " ", "".join(el.itertext())).strip() if el is not None else ""


def _find(el, name):
    return next((x for x in el.iter() if _local(x.tag) == name), None)


def _section_type(heading: str) -> str:
    h = heading.lower()
    return next((t for k, t in _SECTION_TYPES if k in h), "INTRO")


def build(jats: Path) -> bioc.BioCCollection:
    root = ET.parse(jats).getroot()
    am = _find(root, "article-meta")
    coll = bioc.BioCCollection()
    coll.source, coll.key, coll.date = "PMC", "pmc.key", "20160101"
    doc = bioc.BioCDocument()
    offset = 0

    def add(text: str, section_type: str, ptype: str, **infons) -> None:
        nonlocal offset
        if not text:
            return
        p = bioc.BioCPassage()
        p.infons.update({"section_type": section_type, "type": ptype, **infons})
        p.offset, p.text = offset, text
        doc.add_passage(p)
        offset += len(text) + 1

    front: dict[str, str] = {}
    for aid in am.iter():
        if _local(aid.tag) == "article-id":
            kind = {"pmcid": "pmc"}.get(aid.get("pub-id-type"), aid.get("pub-id-type"))
            front[f"article-id_{kind}"] = (aid.text or "").strip()
    names = [c for c in am.iter() if _local(c.tag) == "contrib" and c.get("contrib-type", "author") == "author"]
    for i, c in enumerate(names):
        front[f"name_{i}"] = f"surname:{_text(_find(c, 'surname'))};given-names:{_text(_find(c, 'given-names'))}"
    year = _find(_find(am, "pub-date"), "year")
    front["year"] = _text(year)
    front["source"] = _text(_find(root, "journal-title"))
    front["kwd"] = " ".join(_text(k) for k in am.iter() if _local(k.tag) == "kwd")
    if "article-id_pmc" in front:
        doc.id = "PMC" + front["article-id_pmc"].removeprefix("PMC")
    add(_text(_find(am, "article-title")), "TITLE", "front", **front)
    ab = _find(am, "abstract")
    if ab is not None:
        for c in ab:
            if _local(c.tag) == "sec":
                add(_text(_find(c, "title")), "ABSTRACT", "abstract_title_1")
                add(" ".join(_text(p) for p in c if _local(p.tag) == "p"), "ABSTRACT", "abstract")
            elif _local(c.tag) == "p":
                add(_text(c), "ABSTRACT", "abstract")

    def walk(sec, level: int, stype: str) -> None:
        for c in sec:
            n = _local(c.tag)
            if n == "title":
                add(_text(c), stype, f"title_{level}")
            elif n == "p":
                for block in [x for x in c if _local(x.tag) in ("fig", "table-wrap")]:
                    c.remove(block)
                    floats.append(block)
                add(_text(c), stype, "paragraph")
            elif n == "sec":
                walk(c, level + 1, stype)
            elif n in ("fig", "table-wrap"):
                floats.append(c)

    floats: list = []
    body = _find(root, "body")
    for sec in (body if body is not None else []):
        if _local(sec.tag) == "sec":
            walk(sec, 1, _section_type(_text(_find(sec, "title"))))
    for f in floats + [x for x in root.iter() if _local(x.tag) in ("fig", "table-wrap") and x not in floats]:
        cap = _find(f, "caption")
        kind = "FIG" if _local(f.tag) == "fig" else "TABLE"
        add(_text(_find(f, "label")), kind, "fig_title_caption" if kind == "FIG" else "table_title_caption")
        add(_text(cap), kind, "fig_caption" if kind == "FIG" else "table_caption")
    back = _find(root, "back")
    if back is not None:
        for c in back:
            n = _local(c.tag)
            if n in ("ack", "sec", "fn-group", "notes"):
                t = _text(_find(c, "title"))
                st = _section_type(t) if t else "ACK_FUND"
                add(t, st, "title_1")
                add(" ".join(_text(p) for p in c.iter() if _local(p.tag) == "p"), st, "paragraph")
        for ref in back.iter():
            if _local(ref.tag) == "ref":
                add(re.sub(r"\s+", " ", " ".join(t.strip() for t in ref.itertext())).strip(), "REF", "ref")
    coll.add_document(doc)
    return coll


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("jats", type=Path)
    ap.add_argument("out", type=Path, help="output path without extension (.bioc.xml and .bioc.json are written)")
    a = ap.parse_args(argv)
    coll = build(a.jats)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    Path(f"{a.out}.bioc.xml").write_text(biocxml.dumps(coll, pretty_print=True), encoding="utf-8")
    Path(f"{a.out}.bioc.json").write_text(biocjson.dumps(coll, indent=1), encoding="utf-8")
    print(f"wrote {a.out}.bioc.xml, {a.out}.bioc.json", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
