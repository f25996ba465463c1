"""rheumex's HTML extractor vs trafilatura on six real saved publisher pages (tests/data/html-real).

    python benchmarks/html_real.py [--repeat 5]

Pages: BMC Trials x3, eLife, PeerJ, PLOS ONE as a crawler saved them (``MANIFEST.tsv`` gives the
true title and DOI of each). Per page and extractor:

* **title / DOI**: exactly the MANIFEST's (trafilatura: its ``title`` metadata; it has no DOI field,
  so a DOI counts when it appears in its metadata ``url``/``id`` or text);
* **paragraph words kept**: the page's own ``<p>`` elements of 20+ words (scripts and templates
  removed) are the reference, independent of either extractor; the share of their words
  (multiset) found in the extracted text;
* **boilerplate lines**: lines of the extracted text equal to a navigation, footer,
  cookie, share, menu or download widget string of the page (texts of ``<nav>``/``<footer>``
  and of elements whose class/id names one of those; the article's own headings, which tables
  of contents repeat, are not counted);
* **references**: a separate reference section (own: a ``references`` section; trafilatura: a
  ``<list>``/``<ref>`` block after a "References" head in its XML output);
* **captions**: figure/table captions kept as sections (own) / as ``<graphic>``/``<figure>``
  or caption text in the output (trafilatura);
* **ms/page**: median over ``--repeat`` runs.

trafilatura is optional (``pip install trafilatura``); without it only the own extractor runs.
"""
from __future__ import annotations

import argparse
import csv
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "tests" / "data" / "html-real"
_ARTICLE_HEADINGS = re.compile(r"^(?:abstract|introduction|background|methods?|materials and methods|results|discussion|"
                               r"conclusions?|references|acknowledge?ments|figures|tables|.{0,3})$", re.I)


def words(s: str) -> Counter:
    return Counter(w.lower() for w in re.findall(r"[^\W\d_]{2,}", s))


def reference_paragraphs(html: bytes) -> list[str]:
    import lxml.html

    root = lxml.html.fromstring(html)
    for bad in root.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    out = []
    for p in root.iter("p"):
        t = re.sub(r"\s+", " ", p.text_content()).strip()
        if len(t.split()) >= 20:
            out.append(t)
    return out


def boilerplate_strings(html: bytes) -> set[str]:
    import lxml.html

    root = lxml.html.fromstring(html)
    for bad in root.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    out: set[str] = set()
    headings = {re.sub(r"\s+", " ", h.text_content()).strip() for h in root.iter("h1", "h2", "h3", "h4", "h5", "h6")}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        cls = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
        if el.tag in ("nav", "footer") or re.search(r"cookie|share|social|footer|\bnav|banner|download|toolbar|menu", cls):
            for s in el.itertext():
                s = re.sub(r"\s+", " ", s).strip()
                if 4 <= len(s) <= 80 and re.search(r"[A-Za-z]{3}", s) and not _ARTICLE_HEADINGS.match(s) and s not in headings:
                    out.add(s)
    return out


def manifest() -> dict[str, dict]:
    with (PAGES / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        return {r["file"]: r for r in csv.DictReader(fh, delimiter="\t")}


def own(data: bytes, name: str) -> dict:
    from rheumex.extract import convert

    d = convert(data, format="html", source=name)
    return {"text": d.text, "title": d.metadata.title, "doi": d.metadata.doi,
            "refs": any(s.kind == "references" for s in d.sections),
            "captions": sum(1 for s in d.sections if s.kind in ("caption", "table"))}


def trafi(data: bytes, name: str) -> dict:
    import trafilatura

    html = data.decode("utf-8", "replace")
    xml = trafilatura.extract(html, output_format="xml", include_comments=False, include_tables=True, with_metadata=True) or ""
    text = trafilatura.extract(html, include_comments=False, include_tables=True) or ""
    meta = trafilatura.extract_metadata(html)
    title = meta.title if meta else None
    blob = " ".join(str(x) for x in ((meta.url, meta.id) if meta else ()) if x) + " " + text
    m = re.search(r"\b10\.\d{4,9}/[^\s\"<>,;]+", blob)
    refs = bool(re.search(r"<head[^>]*>\s*References\s*</head>\s*<list", xml, re.I))
    caps = len(re.findall(r"<graphic\b|<figure\b", xml))
    return {"text": text, "title": title, "doi": m.group(0).rstrip(".") if m else None, "refs": refs, "captions": caps}


def score(res: dict, row: dict, paras: list[str], boiler: set[str]) -> dict:
    ref = Counter()
    for p in paras:
        ref.update(words(p))
    got = words(res["text"])
    kept = sum((ref & got).values()) / max(1, sum(ref.values()))
    lines = {ln.strip() for ln in res["text"].split("\n") if ln.strip()}
    leaked = sorted(lines & boiler)
    return {"title": (res["title"] or "").strip() == row["article_title"].strip(),
            "doi": (res["doi"] or "").lower() == row["doi"].lower(), "kept": kept, "leaked": leaked,
            "refs": res["refs"], "captions": res["captions"]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    if not PAGES.is_dir():
        print(f"skip: {PAGES} not found")
        return 0
    extractors = {"own": own}
    try:
        import trafilatura

        extractors[f"trafilatura {trafilatura.__version__}"] = trafi
    except Exception as e:  # pragma: no cover
        print(f"trafilatura not available ({type(e).__name__}: {e}); own extractor only\n")
    print("| page | extractor | title | DOI | paragraph words kept | boilerplate lines | refs section | captions | ms/page |")
    print("|---|---|---|---|---:|---:|---|---:|---:|")
    totals: dict[str, list] = {k: [] for k in extractors}
    for name, row in manifest().items():
        data = (PAGES / name).read_bytes()
        paras, boiler = reference_paragraphs(data), boilerplate_strings(data)
        for ename, fn in extractors.items():
            times = []
            for _ in range(max(1, args.repeat)):
                t = time.perf_counter()
                res = fn(data, name)
                times.append(time.perf_counter() - t)
            s = score(res, row, paras, boiler)
            s["ms"] = 1000 * statistics.median(times)
            totals[ename].append(s)
            yn = lambda b: "yes" if b else "**no**"  # noqa: E731
            print(f"| {name[:34]} | {ename} | {yn(s['title'])} | {yn(s['doi'])} | {s['kept']:.3f} | {len(s['leaked'])} | "
                  f"{yn(s['refs'])} | {s['captions']} | {s['ms']:.0f} |")
            if s["leaked"]:
                print(f"|  | leaked: {'; '.join(s['leaked'][:6])} |||||||")
    for ename, ss in totals.items():
        n = len(ss)
        print(f"\n**{ename}**: title {sum(s['title'] for s in ss)}/{n}, DOI {sum(s['doi'] for s in ss)}/{n}, "
              f"paragraph words kept {statistics.mean(s['kept'] for s in ss):.3f} (min {min(s['kept'] for s in ss):.3f}), "
              f"boilerplate lines {sum(len(s['leaked']) for s in ss)}, refs {sum(s['refs'] for s in ss)}/{n}, "
              f"captions {sum(s['captions'] for s in ss)}, {statistics.mean(s['ms'] for s in ss):.0f} ms/page")
    return 0


if __name__ == "__main__":
    sys.exit(main())
