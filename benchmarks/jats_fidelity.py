"""Field-by-field fidelity of ``rheumex.extract.convert()`` on PDFs, scored against the publisher's JATS.

    python benchmarks/jats_fidelity.py [--root DIR] [--out benchmarks/results/jats-fidelity] [--only PMCID ...]

This is how GROBID's end-to-end evaluation works on PubMed Central: the same article as
PDF and as JATS XML, the XML taken as ground truth. By default it reads every
``*/fulltext.pdf`` with a ``fulltext.xml`` beside it under ``/work/shared/docs/hindawi/``
(49 open-access Hindawi articles); it prints a skip message and exits 0 when that folder
is absent. Writes ``OUT.md`` (summary table and the per-paper table) and ``OUT.json``
(every per-paper figure) and prints the summary.

Fields (gold from the XML, prediction from ``convert(pdf)``):

* **title**: equal after lower-casing and dropping everything but letters and digits;
* **authors**: every ``<contrib contrib-type="author">`` surname is the last word of one
  of the predicted authors (accents folded, case ignored): "all surnames" per paper, and
  the share of surnames found over all papers; **first author**: the first surnames agree;
* **journal**: ``<journal-title>`` equal to ``metadata.journal`` (case and a leading
  "The" ignored); **year**: the publication (volume) year, ``pub-date`` ``ppub`` or
  ``collection``, else the earliest; **DOI**: equal ignoring case;
* **abstract**: normalised Levenshtein ratio of the abstract texts >= 0.9 (``rapidfuzz``
  when installed, else :mod:`difflib`);
* **headings**: the share of ``<sec><title>`` headings (numbering stripped) of body and
  back matter that the PDF gives as a section name *or* as the start of a paragraph
  (run-in headings such as "2.1. Subjects." are paragraph starts); the stricter share
  found as a section name is reported too;
* **body words**: bags of lower-cased alphabetic words (2+ letters) of the JATS body,
  captions and tables against the PDF's ``body``/``caption``/``table``/``box`` sections:
  recall and precision (multiset intersection), pooled over all papers and per paper;
* **ref leak**: reference-only words (in the JATS references, nowhere else in the XML,
  front matter and affiliations included) found in the PDF text the pipeline reads (every
  section kind but ``references``, ``other`` and ``back``), as a share of their occurrences
  in the references; a paper "leaks" when this is over 1%. The same share over *all*
  non-reference text (page headers such as "Volume 2016 ... http://dx.doi.org" included)
  is reported as ``ref_leak_any``;
* **swallowed**: body-only words (in the JATS body, not in the references) found in the
  PDF's reference sections, as a share of their body occurrences;
* **references**: number of ``<ref>`` elements vs the paragraphs of the PDF reference
  section (heading excluded): exact agreement and mean absolute difference.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ROOT = Path("/work/shared/docs/hindawi")
BODY_KINDS = ("body", "caption", "table", "box")
#: sections the pipeline takes no mentions from (references, front/back matter, page notes)
SKIPPED_KINDS = ("references", "other", "back")

try:  # pragma: no cover - either is fine
    from rapidfuzz.distance import Levenshtein as _lev

    def ratio(a: str, b: str) -> float:
        return _lev.normalized_similarity(a, b)

    RATIO_IMPL = "rapidfuzz Levenshtein.normalized_similarity"
except ImportError:  # pragma: no cover
    from difflib import SequenceMatcher

    def ratio(a: str, b: str) -> float:
        return SequenceMatcher(None, a, b, autojunk=False).ratio()

    RATIO_IMPL = "difflib.SequenceMatcher.ratio"


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in s if not unicodedata.combining(ch)).lower()


def norm(s: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", "", fold(s or ""))


def words(s: str) -> Counter:
    return Counter(re.findall(r"[^\W\d_]{2,}", fold(s)))


def strip_number(h: str) -> str:
    return re.sub(r"^\s*(?:\d+(?:\.\d+)*\.?|[IVXLC]+\.)\s*", "", h).strip(" .:")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text(el) -> str:
    return re.sub(r"\s+", " ", "".join(el.itertext())).strip() if el is not None else ""


def gold_from_jats(path: Path) -> dict:
    """Ground truth fields read straight from the XML (plus the JATS converter's sections for text)."""
    from rheumex.extract import convert

    root = ET.parse(path).getroot()
    it = list(root.iter())
    by = lambda name: [e for e in it if _local(e.tag) == name]  # noqa: E731
    am = next(iter(by("article-meta")), None)
    am_it = list(am.iter()) if am is not None else []
    title = _text(next((e for e in am_it if _local(e.tag) == "article-title"), None))
    surnames = []
    for c in (e for e in am_it if _local(e.tag) == "contrib"):
        if c.get("contrib-type", "author") != "author":
            continue
        s = next((e for e in c.iter() if _local(e.tag) == "surname"), None)
        if s is not None:
            surnames.append(_text(s))
    journal = _text(next(iter(by("journal-title")), None))
    years = {}
    for pd in (e for e in am_it if _local(e.tag) == "pub-date"):
        y = next((e for e in pd.iter() if _local(e.tag) == "year"), None)
        if y is not None and (y.text or "").strip().isdigit():
            years[pd.get("pub-type") or pd.get("date-type") or ""] = int(y.text.strip())
    year = years.get("ppub") or years.get("collection") or (min(years.values()) if years else None)
    doi = next((e.text.strip() for e in am_it if _local(e.tag) == "article-id" and e.get("pub-id-type") == "doi" and e.text), None)
    abstract = " ".join(_text(p) for a in (e for e in am_it if _local(e.tag) == "abstract")
                        if a.get("abstract-type") not in ("teaser", "graphical", "toc")
                        for p in a.iter() if _local(p.tag) == "p")
    headings = []
    for part in ("body", "back"):
        el = next(iter(by(part)), None)
        if el is None:
            continue
        for sec in (e for e in el.iter() if _local(e.tag) == "sec"):
            t = next((c for c in sec if _local(c.tag) == "title"), None)
            if t is not None and _text(t):
                headings.append(_text(t))
    n_refs = len(by("ref"))
    jd = convert(path, format="jats")
    parts: dict[str, list[str]] = {}
    for s in jd.sections:
        parts.setdefault(s.kind, []).append(jd.section_text(s))
    body = "\n".join(parts.get("body", []) + parts.get("caption", []) + parts.get("table", []) + parts.get("box", []))
    refs = "\n".join(parts.get("references", []))
    # every word of the XML outside the reference list (front matter, affiliations, permissions too)
    for parent in list(root.iter()):
        for c in list(parent):
            if _local(c.tag) == "ref-list":
                parent.remove(c)
    nonref = " ".join(root.itertext())
    return {"title": title, "surnames": surnames, "journal": journal, "year": year, "doi": doi, "abstract": abstract,
            "headings": headings, "n_refs": n_refs, "body": body, "refs": refs, "nonref": nonref}


def _multiset_overlap(a: Counter, b: Counter) -> int:
    return sum((a & b).values())


def score(pdf: Path, xml: Path) -> dict:
    from rheumex.extract import convert

    g = gold_from_jats(xml)
    t0 = time.perf_counter()
    d = convert(pdf)
    secs = time.perf_counter() - t0
    m = d.metadata
    parts: dict[str, list[str]] = {}
    for s in d.sections:
        parts.setdefault(s.kind, []).append(d.section_text(s))
    p_body = "\n".join(t for k in BODY_KINDS for t in parts.get(k, []))
    p_refs = "\n".join(parts.get("references", []))
    ref_spans = [(s.start, s.end) for s in d.sections if s.kind == "references"]
    p_nonref = d.text
    for a, b in reversed(ref_spans):
        p_nonref = p_nonref[:a] + "\n" + p_nonref[b:]
    p_read = "\n".join(d.section_text(s) for s in d.sections if s.kind not in SKIPPED_KINDS)
    r: dict = {"paper": pdf.parent.name, "seconds": round(secs, 3)}
    # metadata
    r["title_ok"] = norm(m.title) == norm(g["title"])
    pred_sur = [norm(a.split()[-1]) for a in m.authors if a.split()]
    gold_sur = [norm(s.split()[-1]) if s.split() else "" for s in g["surnames"]]
    found = [s for s in gold_sur if s in pred_sur]
    r["surnames_gold"] = len(gold_sur)
    r["surnames_found"] = len(found)
    r["all_surnames"] = bool(gold_sur) and len(found) == len(gold_sur)
    r["first_author_ok"] = bool(gold_sur and pred_sur) and pred_sur[0] == gold_sur[0]
    jn = lambda s: norm(re.sub(r"^the\s+", "", s or "", flags=re.I))  # noqa: E731
    r["journal_ok"] = bool(g["journal"]) and jn(m.journal) == jn(g["journal"])
    r["year_ok"] = m.year == g["year"]
    r["doi_ok"] = (m.doi or "").lower() == (g["doi"] or "").lower() and bool(g["doi"])
    # abstract
    p_abs = " ".join(parts.get("abstract", []))
    p_abs = re.sub(r"^\s*abstract\s*[.:]?\s*", "", p_abs, flags=re.I)
    a_ratio = ratio(re.sub(r"\s+", " ", fold(p_abs)).strip(), re.sub(r"\s+", " ", fold(g["abstract"])).strip()) if g["abstract"] else None
    r["abstract_ratio"] = None if a_ratio is None else round(a_ratio, 4)
    r["abstract_ok"] = a_ratio is not None and a_ratio >= 0.9
    # headings
    names = {norm(strip_number(s.name)) for s in d.sections}
    starts = set()
    for para in d.text.split("\n\n"):
        starts.add(norm(strip_number(para.strip()))[:200])
    para_norms = [norm(strip_number(p)) for p in d.text.split("\n\n")]
    hs = [norm(strip_number(h)) for h in g["headings"]]
    hs = [h for h in hs if h]
    as_name = [h for h in hs if h in names]
    anywhere = [h for h in hs if h in names or any(p.startswith(h) for p in para_norms)]
    r["headings_gold"] = len(hs)
    r["headings_as_section"] = len(as_name)
    r["headings_found"] = len(anywhere)
    r["headings_missing"] = [h for h in g["headings"] if norm(strip_number(h)) and norm(strip_number(h)) not in set(anywhere)]
    # body words
    gb, pb = words(g["body"]), words(p_body)
    ov = _multiset_overlap(gb, pb)
    r["body_gold_words"], r["body_pred_words"], r["body_overlap"] = sum(gb.values()), sum(pb.values()), ov
    r["body_recall"] = round(ov / max(1, sum(gb.values())), 4)
    r["body_precision"] = round(ov / max(1, sum(pb.values())), 4)
    # leaks
    g_refs, g_nonref = words(g["refs"]), words(g["nonref"])
    ref_only = {w: c for w, c in g_refs.items() if w not in g_nonref}
    n_ro = max(1, sum(ref_only.values()))
    pn, pread = words(p_nonref), words(p_read)
    r["ref_only_words"] = sum(ref_only.values())
    r["ref_leak"] = round(sum(min(c, pread[w]) for w, c in ref_only.items()) / n_ro, 4)
    r["ref_leak_any"] = round(sum(min(c, pn[w]) for w, c in ref_only.items()) / n_ro, 4)
    body_only = {w: c for w, c in gb.items() if w not in g_refs}
    pr = words(p_refs)
    sw = sum(min(c, pr[w]) for w, c in body_only.items())
    r["swallowed"] = round(sw / max(1, sum(body_only.values())), 4)
    # references
    n_pred = 0
    for s in d.sections:
        if s.kind == "references":
            paras = [p for p in d.section_text(s).split("\n\n") if p.strip()]
            if paras and len(paras[0].split()) <= 4 and re.search(r"(?i)reference|bibliograph|literature", paras[0]):
                paras = paras[1:]
            n_pred += len(paras)
    r["refs_gold"], r["refs_pred"] = g["n_refs"], n_pred
    r["refs_ok"] = n_pred == g["n_refs"]
    r["pred"] = {"title": m.title, "authors": m.authors, "journal": m.journal, "year": m.year, "doi": m.doi}
    r["gold"] = {"title": g["title"], "surnames": g["surnames"], "journal": g["journal"], "year": g["year"], "doi": g["doi"]}
    return r


def summarise(rows: list[dict]) -> dict:
    n = len(rows)
    mean = lambda k: sum(1 for r in rows if r[k]) / n  # noqa: E731
    ov = sum(r["body_overlap"] for r in rows)
    s = {
        "papers": n,
        "title": mean("title_ok"), "doi": mean("doi_ok"), "year": mean("year_ok"), "first_author": mean("first_author_ok"),
        "all_surnames": mean("all_surnames"),
        "surnames_found": sum(r["surnames_found"] for r in rows) / max(1, sum(r["surnames_gold"] for r in rows)),
        "journal": mean("journal_ok"), "abstract_ratio>=0.9": mean("abstract_ok"),
        "headings_found": sum(r["headings_found"] for r in rows) / max(1, sum(r["headings_gold"] for r in rows)),
        "headings_as_section": sum(r["headings_as_section"] for r in rows) / max(1, sum(r["headings_gold"] for r in rows)),
        "body_recall": ov / max(1, sum(r["body_gold_words"] for r in rows)),
        "body_precision": ov / max(1, sum(r["body_pred_words"] for r in rows)),
        "papers_leaking_>1%": sum(1 for r in rows if r["ref_leak"] > 0.01),
        "max_ref_leak": max(r["ref_leak"] for r in rows),
        "papers_leaking_>1%_into_any_non_reference_text": sum(1 for r in rows if r["ref_leak_any"] > 0.01),
        "mean_swallowed": sum(r["swallowed"] for r in rows) / n,
        "refs_count_exact": mean("refs_ok"),
        "refs_count_mean_abs_diff": sum(abs(r["refs_pred"] - r["refs_gold"]) for r in rows) / n,
        "seconds_total": sum(r["seconds"] for r in rows),
    }
    return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in s.items()}


def markdown(summary: dict, rows: list[dict], header: str) -> str:
    out = [header, "", "| field | value |", "|---|---:|"]
    out += [f"| {k} | {v} |" for k, v in summary.items()]
    out += ["", "Per paper:", "",
            "| paper | title | DOI | year | 1st author | surnames | journal | abstract | headings | body R | body P | ref leak | swallowed | refs pred/gold |",
            "|---|---|---|---|---|---|---|---:|---|---:|---:|---:|---:|---|"]
    ok = lambda b: "ok" if b else "**no**"  # noqa: E731
    for r in rows:
        out.append(f"| {r['paper']} | {ok(r['title_ok'])} | {ok(r['doi_ok'])} | {ok(r['year_ok'])} | {ok(r['first_author_ok'])} | "
                   f"{r['surnames_found']}/{r['surnames_gold']} | {ok(r['journal_ok'])} | {r['abstract_ratio']} | "
                   f"{r['headings_found']}/{r['headings_gold']} | {r['body_recall']:.3f} | {r['body_precision']:.3f} | "
                   f"{r['ref_leak']:.3f} | {r['swallowed']:.3f} | {r['refs_pred']}/{r['refs_gold']} |")
    return "\n".join(out) + "\n"


def other_layouts(folder: Path) -> int:
    """Titles, DOIs, reference headings and furniture in the body for PDFs listed in ``folder/MANIFEST.tsv``."""
    import csv
    from collections import Counter

    from rheumex.extract import convert
    from rheumex.extract import pdf as P

    man = folder / "MANIFEST.tsv"
    if not man.exists():
        print(f"skip: {man} not found")
        return 0
    print(f"| {folder.name} file | title | DOI | reference section starts with | running-head / page-number lines in body |")
    print("|---|---|---|---|---:|")
    with man.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            path = folder / row["file"]
            d = convert(path)
            # running heads: lines in the top/bottom 12% of the pages that repeat (digits ignored)
            data = path.read_bytes()
            pages = P._read_pages(P._open(data, str(path)), str(path), 200, [])
            keys = Counter()
            for p in pages:
                keys.update({P._furniture_key(r.text) for r in p.rows if P._in_zone(r, p)})
            heads = {k for k, c in keys.items() if c >= 2 and len(k) > 3}
            body = [para for s in d.sections if s.kind in ("body", "abstract", "box")
                    for para in d.section_text(s).split("\n\n")]
            bad = [para for para in body if P._furniture_key(para) in heads or re.fullmatch(r"\d{1,4}|page \d+( of \d+)?", para.strip(), re.I)]
            refs = next((s for s in d.sections if s.kind == "references"), None)
            head = d.section_text(refs).split("\n")[0][:30] if refs else "(none)"
            ok = lambda b: "ok" if b else "**no**"  # noqa: E731
            print(f"| {row['file']} | {ok(norm(d.metadata.title) == norm(row['article_title']))} | "
                  f"{ok((d.metadata.doi or '').lower() == row['doi'].lower())} | {head} | {len(bad)} |")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="folder of <id>/fulltext.pdf + fulltext.xml pairs")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "jats-fidelity",
                    help="output path without extension (.md and .json are written)")
    ap.add_argument("--only", nargs="*", help="paper folder names to score (default: all)")
    ap.add_argument("--label", default="", help="a note for the report header (e.g. the git commit)")
    ap.add_argument("--other-layouts", type=Path, metavar="DIR",
                    help="instead: check titles, DOIs, reference headings and furniture of DIR/MANIFEST.tsv PDFs")
    args = ap.parse_args(argv)
    if args.other_layouts:
        return other_layouts(args.other_layouts)
    if not args.root.is_dir():
        print(f"skip: {args.root} not found (the shared Hindawi PDF+JATS pairs are needed for this benchmark)")
        return 0
    pairs = [(p, p.with_name("fulltext.xml")) for p in sorted(args.root.glob("*/fulltext.pdf")) if p.with_name("fulltext.xml").exists()]
    if args.only:
        pairs = [pp for pp in pairs if pp[0].parent.name in set(args.only)]
    if not pairs:
        print(f"skip: no */fulltext.pdf with fulltext.xml under {args.root}")
        return 0
    rows = []
    for pdf, xml in pairs:
        try:
            rows.append(score(pdf, xml))
        except Exception as e:  # one bad pair must not hide the others
            print(f"{pdf}: {type(e).__name__}: {e}", file=sys.stderr)
    summary = summarise(rows)
    header = (f"# PDF vs JATS fidelity ({len(rows)} papers under {args.root})\n\n"
              f"`python benchmarks/jats_fidelity.py` {args.label}; abstract ratio: {RATIO_IMPL}.")
    md = markdown(summary, rows, header)
    if not args.only:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.with_suffix(".md").write_text(md, encoding="utf-8")
        args.out.with_suffix(".json").write_text(json.dumps({"summary": summary, "papers": rows}, indent=1, ensure_ascii=False),
                                                 encoding="utf-8")
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
