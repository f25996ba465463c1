"""Issue 16 acceptance on the shared PDFs without JATS: title, DOI, reference split, page furniture.

    python benchmarks/pdf_structure.py [--out benchmarks/results/pdf-structure.md] [PDF ...]

Without arguments it reads the 7 PDFs of ``tests/data/pdf/`` and the 5 of ``tests/data/pdf-more/``
(tests/data/pdf-more holds only two; the rest are read from ``/work/shared/docs/pdf-more``). Expected title and DOI per file come from
``benchmarks/data/pdf_landing.tsv`` (the manifests' landing information). Per file:

* **title**: equal to the landing title after Unicode folding (accents, curly quotes) and case;
* **DOI**: equal ignoring case (an empty expected DOI must be predicted empty);
* **refs at heading**: the first ``references`` section starts with a reference heading line
  ("References", "Bibliography", "Literature cited", optionally numbered) **and** no reading section
  (body, abstract, caption, table, box, keywords) holds a reference-like paragraph (a numbered or
  author-year entry with a year, or "et al." plus a year and a volume:pages pattern), **and** no
  ``body`` section comes after the reference list;
* **furniture in body**: page furniture found independently of the converter: pdfminer's text of
  each page, its first 3 and last 3 non-empty lines; a line (digits masked) that recurs on at
  least 3 pages and on a third of the pages is a running head/foot; a bare number (or "Page n of
  m") there is a page number. Counted: paragraphs or lines of the reading sections equal to a
  running head or page number, and running heads of 15+ characters spliced inside a paragraph;
  and, listed for inspection, each page's printed number found as a token in that page's text.

Prints (and writes with ``--out``) a markdown table and the totals.
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LANDING = ROOT / "benchmarks" / "data" / "pdf_landing.tsv"
READING = ("body", "abstract", "caption", "table", "box", "keywords")
_REF_HEAD = re.compile(r"^(?:\d{1,2}\.?\s+|[IVX]{1,5}\.\s+)?(?:bibliographical\s+)?(?:references?|bibliography|literature cited"
                       r"|references and notes|works cited)\s*:?$", re.I)
_REF_ENTRY = re.compile(r"^(?:\[\d{1,3}\]|\d{1,3}\.)\s+\S.{10,}\b(?:19|20)\d\d\b"
                        r"|^[A-Z][\w'\-]+,\s+(?:[A-Z]\.\s*){1,3}.{0,200}\((?:19|20)\d\d[a-z]?\)"
                        r"|^[A-Z][\w'\-]+ [A-Z]{1,3}(?:, [A-Z][\w'\-]+ [A-Z]{1,3})+\b.{0,300}\b(?:19|20)\d\d\b", re.S)
_PAGENO = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s or "")
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.translate(str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}))
    return re.sub(r"\s+", " ", s).strip().lower()


def landing() -> dict[str, dict]:
    with LANDING.open(encoding="utf-8") as fh:
        next(fh)  # header line saying what the file is for
        return {r["file"]: r for r in csv.DictReader(fh, delimiter="\t")}


def default_files() -> list[Path]:
    out: dict[str, Path] = {}
    for sub, shared in (("pdf", Path("/work/shared/docs")), ("pdf-more", Path("/work/shared/docs/pdf-more"))):
        for f in sorted((ROOT / "tests" / "data" / sub).glob("*.pdf")) + sorted(shared.glob("*.pdf")):
            out.setdefault(f.name, f)
    return list(out.values())


def furniture(path: Path) -> tuple[set[str], set[str], list[set[str]]]:
    """Page furniture from pdfminer's page texts, independent of the converter.

    Returns the running heads/feet with digits masked as '#', the same lines as printed (for the
    spliced check), and per page the bare numbers printed at its top or bottom (page numbers).
    """
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextContainer

    per_page: list[list[str]] = []
    numbers: list[set[str]] = []
    for page in extract_pages(str(path)):
        lines = []
        for b in page:
            if not isinstance(b, LTTextContainer):
                continue
            for ln in b:
                t = re.sub(r"\s+", " ", getattr(ln, "get_text", lambda: "")()).strip()
                if t:
                    lines.append((-ln.y1, t))
        lines.sort()
        edge = [t for _, t in lines[:3] + lines[-3:]]
        per_page.append(edge)
        numbers.append({m.group(1) for t in edge for m in [re.match(r"^(?:page\s+)?(\d{1,4})(?:\s*(?:of|/)\s*\d{1,4})?$", t, re.I)] if m})
    n = len(per_page)
    c = Counter(x for p in per_page for x in {re.sub(r"\d", "#", t) for t in p})
    heads = {x for x, k in c.items() if k >= 3 and k >= n / 3 and re.search(r"[A-Za-z]{3}", x)
             and not re.match(r"(?i)(?:fig(?:ure)?|table)\.? ?#", x)}
    raw = {t for p in per_page for t in p if re.sub(r"\d", "#", t) in heads}
    return heads, raw, numbers


def check(path: Path, exp: dict | None) -> dict:
    from rheumex.extract import convert

    d = convert(path)
    heads, raw_heads, pagenos = furniture(path)
    row: dict = {"file": path.name, "pages": len(pagenos)}
    if exp is not None:
        row["title"] = fold(d.metadata.title) == fold(exp["title"])
        row["doi"] = (d.metadata.doi or "").lower() == (exp["doi"] or "").lower()
    row["got_title"], row["got_doi"] = d.metadata.title, d.metadata.doi
    refs = [s for s in d.sections if s.kind == "references"]
    problems = []
    if not refs:
        problems.append("no references section")
    else:
        first = refs[0]
        head = d.text[first.start:first.end].split("\n", 1)[0].strip()
        if not _REF_HEAD.match(head):
            problems.append(f"reference section starts with {head[:40]!r}")
        late = [s for s in d.sections if s.kind == "body" and s.start >= first.end]
        if late:
            problems.append(f"{len(late)} body section(s) after the references: {late[0].name[:30]!r}")
    leaked_refs, furn, numtok = [], [], []
    for s in d.sections:
        if s.kind not in READING:
            continue
        for para in d.text[s.start:s.end].split("\n\n"):
            p = para.strip()
            if _REF_ENTRY.search(p) and s.kind != "table":
                leaked_refs.append(p[:80])
            if s.kind == "table":
                continue
            for ln in p.split("\n"):
                m = re.sub(r"\d", "#", re.sub(r"\s+", " ", ln).strip())
                if m in heads or _PAGENO.match(ln.strip()):
                    furn.append(ln.strip()[:60])
            flat = re.sub(r"\s+", " ", p)
            for h in raw_heads:
                if len(h) >= 15 and h in flat and flat != h:
                    furn.append(f"spliced: {h[:50]}")
    # the page's own printed number as a token of that page's reading text (a spliced page number,
    # or a number that happens to be equal: listed for inspection, not counted as furniture)
    for i, (a, b) in enumerate(d.pages[: len(pagenos)]):
        for num in pagenos[i]:
            for m in re.finditer(rf"(?<![\w.,/-]){num}(?![\w%.,/-])", d.text[a:b]):
                sec = d.section_at(a + m.start())
                if sec is not None and sec.kind in READING and sec.kind != "table":
                    numtok.append(f"p{i + 1} {num}: ...{d.text[max(a, a + m.start() - 30):a + m.end() + 30]!r}")
    row["pageno_tokens"] = numtok
    if leaked_refs:
        problems.append(f"{len(leaked_refs)} reference-like paragraph(s) in reading sections: {leaked_refs[0]!r}")
    row["refs_ok"] = not problems
    row["ref_problems"] = problems
    row["furniture"] = furn
    row["running_heads"] = sorted(heads)
    return row


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    import logging

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    files = args.pdfs or default_files()
    if not files:
        print("skip: no PDFs found")
        return 0
    land = landing()
    yn = lambda b: "yes" if b else "**no**"  # noqa: E731
    out = ["| file | pages | title exact | DOI exact | refs split at heading | furniture lines in body | running heads found | own page number as a token |",
           "|---|---:|---|---|---|---:|---:|---:|"]
    notes, rows = [], []
    for f in files:
        r = check(f, land.get(f.name))
        rows.append(r)
        out.append(f"| {f.name[:44]} | {r['pages']} | {yn(r.get('title'))} | {yn(r.get('doi'))} | {yn(r['refs_ok'])} | "
                   f"{len(r['furniture'])} | {len(r['running_heads'])} | {len(r['pageno_tokens'])} |")
        if r.get("title") is False:
            notes.append(f"- {f.name}: title {r['got_title']!r}")
        if r.get("doi") is False:
            notes.append(f"- {f.name}: DOI {r['got_doi']!r}")
        for p in r["ref_problems"]:
            notes.append(f"- {f.name}: {p}")
        for x in r["furniture"][:5]:
            notes.append(f"- {f.name}: furniture {x!r}")
        for x in r["pageno_tokens"][:5]:
            notes.append(f"- {f.name}: page number token {x}")
    n = len(rows)
    out.append("")
    out.append(f"**{n} PDFs**: title {sum(bool(r.get('title')) for r in rows)}/{n}, DOI {sum(bool(r.get('doi')) for r in rows)}/{n}, "
               f"references split at the heading {sum(r['refs_ok'] for r in rows)}/{n}, "
               f"furniture lines in reading sections {sum(len(r['furniture']) for r in rows)}")
    text = "\n".join(out + ([""] + notes if notes else []))
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
