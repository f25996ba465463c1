"""``rheumex review``: static, offline HTML pages to review a run by eye.

``write_review(run_dir, out)`` reads the tables written by ``rheumex extract`` and writes

* ``index.html``: every input with its status, mention counts per label and cases, in a
  table whose columns sort on click, with a label filter and a search over mention text;
* ``doc-<doc_id>.html`` per document: the text with the entities highlighted by label
  (:mod:`rheumex.highlight`: the same colours as the evaluation report, a legend), the
  cases table and the mentions table; mention ids link to their highlight in the text.

The pages are jinja2 templates (``rheumex/templates/review_*.html.j2``, autoescape on;
:mod:`rheumex.pages`) and self-contained: no CDN, no external resource, and a
Content-Security-Policy that allows only rheumex's own script by its hash (no
``'unsafe-inline'`` scripts). Every piece of document text, metadata and error message is
HTML-escaped, so a document containing ``<script>`` shows it as text and never runs it.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from rheumex import __version__
from rheumex.api import Results, read_results
from rheumex.highlight import LABEL_COLOURS, colour, is_set, order_labels  # noqa: F401  (re-exported)
from rheumex.pages import render

__all__ = ["write_review", "index_page", "document_page", "page_name"]

CASE_COLUMNS = ["case_id", "age", "sex", "diseases", "calcinosis_sites", "imaging", "treatments", "treatment_response",
                "outcome", "evidence"]


def page_name(doc_id: str) -> str:
    """File name of a document's page (doc ids are hex; anything else is made safe)."""
    return "doc-" + re.sub(r"[^A-Za-z0-9_.-]", "_", str(doc_id)) + ".html"


def _records(df: pd.DataFrame) -> list[dict]:
    """Rows as dicts with missing values (NA, NaN) as None."""
    if not len(df):
        return []
    def clean(v):
        return None if v is None or (not isinstance(v, (list, tuple, dict, str)) and pd.isna(v)) else v

    return [{k: clean(v) for k, v in r.items()} for r in df.to_dict("records")]


def _labels_in(mentions: pd.DataFrame) -> list[str]:
    return order_labels(mentions["label"].dropna()) if len(mentions) else []


def document_page(doc: dict, mentions: pd.DataFrame, cases: pd.DataFrame, manifest_row: dict | None = None) -> str:
    """The HTML review page of one document (a ``documents`` row and its mentions/cases)."""
    text = doc.get("text") if isinstance(doc.get("text"), str) else ""
    title = doc.get("title") if is_set(doc.get("title")) else doc.get("source")
    meta = [("source", doc.get("source")), ("doc_id", doc.get("doc_id")), ("format", doc.get("format")),
            ("characters", doc.get("n_chars"))]
    meta += [(k, doc.get(k)) for k in ("journal", "year", "doi", "authors") if is_set(doc.get(k))]
    if manifest_row and is_set(manifest_row.get("warnings")):
        meta.append(("warnings", manifest_row.get("warnings")))
    ms = _records(mentions.sort_values(["start", "end"]) if len(mentions) else mentions)
    cs = _records(cases)
    for c in cs:
        c["evidence"] = str(c["evidence"]).split() if is_set(c.get("evidence")) else []
    counts = mentions["label"].value_counts().to_dict() if len(mentions) else {}
    return render("review_document.html.j2", title=f"rheumex review: {title}", heading=title, meta=meta, text=text,
                  mentions=ms, cases=cs, case_columns=CASE_COLUMNS, labels=_labels_in(mentions), counts=counts)


def index_page(results: Results, run_dir: str) -> str:
    """The HTML index: one row per input of the run, filterable by label and mention text."""
    docs = {r["doc_id"]: r for r in results.documents.to_dict("records")}
    m = results.mentions
    labels = _labels_in(m)
    m_counts: dict = {}
    texts: dict = {}
    if len(m):
        for (did, lab), n in m.groupby(["doc_id", "label"]).size().items():
            m_counts.setdefault(did, {})[lab] = int(n)
        for did, g in m.groupby("doc_id"):
            texts[did] = sorted({str(t).lower() for t in g["text"].dropna()})
    c_total = results.cases.groupby("doc_id").size().to_dict() if len(results.cases) else {}
    rows = []
    for man in _records(results.manifest):
        did = man.get("doc_id")
        d = docs.get(did) if did else None
        name = Path(str(man.get("source"))).name
        counts = m_counts.get(did, {}) if d is not None else {}
        secs = man.get("seconds")
        title = d.get("title") if d is not None and is_set(d.get("title")) else ""
        rows.append({
            "page": page_name(did) if d is not None else None, "source": man.get("source"), "name": name,
            "title": title, "status": man.get("status"),
            "n_mentions": sum(counts.values()) if d is not None else "", "counts": counts, "labels": sorted(counts),
            "n_cases": c_total.get(did, 0) if d is not None else "",
            "seconds": "" if secs is None else f"{float(secs):.2f}",
            "note": man.get("error") or man.get("warnings") or "",
            # what the search box looks in: mention texts, then file name and title
            "search": "\n".join(texts.get(did, []) + [name.lower(), str(title).lower()]),
        })
    st = results.manifest["status"].value_counts().to_dict() if len(results.manifest) else {}
    status = {k: int(st.get(k, 0)) for k in ("ok", "error", "skipped")}
    return render("review_index.html.j2", title="rheumex review", run_dir=run_dir, n_inputs=len(results.manifest),
                  status=status, n_mentions=len(m), n_cases=len(results.cases), version=__version__, labels=labels, rows=rows)


def write_review(run_dir: str | Path, out: str | Path | None = None) -> list[Path]:
    """Write ``index.html`` and one page per document of the run in ``run_dir``.

    Args:
        run_dir: a folder written by ``rheumex extract`` (holds ``manifest.parquet``).
        out: where to write the pages; default ``<run_dir>/review``.

    Returns:
        The written files, ``index.html`` first.

    Raises:
        FileNotFoundError: ``run_dir`` holds no rheumex tables (message says what to run).
    """
    run_dir = Path(run_dir)
    results = read_results(run_dir)
    out = Path(out) if out is not None else run_dir / "review"
    out.mkdir(parents=True, exist_ok=True)
    manifest_by_doc = {m["doc_id"]: m for m in results.manifest.to_dict("records") if isinstance(m.get("doc_id"), str)}
    written = [out / "index.html"]
    (out / "index.html").write_text(index_page(results, str(run_dir)), encoding="utf-8")
    mentions_by = {k: g for k, g in results.mentions.groupby("doc_id")} if len(results.mentions) else {}
    cases_by = {k: g for k, g in results.cases.groupby("doc_id")} if len(results.cases) else {}
    for doc in results.documents.to_dict("records"):
        did = doc["doc_id"]
        page = document_page(doc, mentions_by.get(did, results.mentions.iloc[0:0]), cases_by.get(did, results.cases.iloc[0:0]),
                             manifest_by_doc.get(did))
        path = out / page_name(did)
        path.write_text(page, encoding="utf-8")
        written.append(path)
    return written
