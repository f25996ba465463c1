"""``rheumex review``: static, offline HTML pages to review a run by eye.

``write_review(run_dir, out)`` reads the tables written by ``rheumex extract`` and writes

* ``index.html``: every input with its status, mention counts per label and cases, in a
  table whose columns sort on click;
* ``doc-<doc_id>.html`` per document: the text with the entities highlighted by label
  (displaCy-style colours, a legend), the cases table and the mentions table; mention
  ids link to their highlight in the text.

The pages are self-contained: inline CSS and a few lines of inline JS, no CDN, no
external resource (a Content-Security-Policy forbids them). Every piece of document
text, metadata and error message is HTML-escaped, so a document containing
``<script>`` shows it as text and never runs it.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd

from rheumex import __version__, schema
from rheumex.api import Results, read_results

#: displaCy-style colours per label (spaCy's palette); other labels are grey.
LABEL_COLOURS: dict[str, str] = {
    "DISEASE": "#ff9561", "CALCINOSIS_SITE": "#7aecec", "IMAGING": "#aa9cfc", "TREATMENT": "#bfeeb7",
    "ANATOMY": "#feca74",
}
DEFAULT_COLOUR = "#dddddd"
LABEL_ORDER = ("DISEASE", "CALCINOSIS_SITE", "IMAGING", "TREATMENT", "ANATOMY")

_CSS = """
*{box-sizing:border-box}
body{font:15px/1.5 -apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#222;margin:0;background:#f6f7f9}
header{background:#2b3a4a;color:#fff;padding:14px 28px}
header a{color:#cfe3ff}
header h1{font-size:20px;margin:0 0 4px}
header .meta{font-size:13px;color:#d5dde6}
main{padding:18px 28px;max-width:1400px}
section{background:#fff;border:1px solid #e1e4e8;border-radius:6px;padding:14px 18px;margin:0 0 18px}
h2{font-size:16px;margin:0 0 10px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid #e8eaed;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f0f2f5;position:sticky;top:0}
th.sortable{cursor:pointer;user-select:none;padding-right:16px}
th.sortable:after{content:"\\2195";color:#9aa3ad;font-size:11px;position:absolute;right:4px;top:6px}
th.asc:after{content:"\\25B2";color:#2b3a4a}
th.desc:after{content:"\\25BC";color:#2b3a4a}
td.num,th.num{text-align:right}
tr:hover td{background:#fafbfc}
.status-ok{color:#17803d;font-weight:600}
.status-error{color:#c62828;font-weight:600}
.status-skipped{color:#8a6d00;font-weight:600}
.small{font-size:12px;color:#5f6b76}
.legend{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:0 0 10px;font-size:13px}
.chip{display:inline-block;padding:2px 8px;border-radius:4px;font-weight:600;font-size:12px}
.doctext{white-space:pre-wrap;line-height:2.3;font-size:15px;max-height:none}
mark.ent{padding:0.12em 0.35em;margin:0 0.1em;border-radius:0.35em;line-height:1;color:#111;
 box-decoration-break:clone;-webkit-box-decoration-break:clone}
mark.ent .lbl{white-space:nowrap;font-size:0.58em;font-weight:700;text-transform:uppercase;margin-left:0.4em;
 vertical-align:middle;color:#333}
mark.neg{text-decoration:line-through}
mark.hyp{font-style:italic;outline:1.5px dashed #555;outline-offset:-1px}
mark.lit{opacity:0.55}
mark.ent:target{box-shadow:0 0 0 3px #2b3a4a}
.nowrap{white-space:nowrap}
.none{color:#b0b7bf}
td.title{min-width:200px}
td.err{min-width:160px;max-width:260px;overflow-wrap:anywhere}
.scroll{overflow-x:auto}
code{font-size:12px}
a{color:#0b5cad}
"""

_SORT_JS = """
document.querySelectorAll('table.sortable').forEach(function(t){
 t.querySelectorAll('th').forEach(function(th,i){th.classList.add('sortable');th.addEventListener('click',function(){
  var asc=!th.classList.contains('asc');t.querySelectorAll('th').forEach(function(h){h.classList.remove('asc','desc')});
  th.classList.add(asc?'asc':'desc');var b=t.tBodies[0],rows=Array.from(b.rows);
  var key=function(r){var c=r.cells[i];var v=c?(c.dataset.v!==undefined?c.dataset.v:c.textContent.trim()):'';
   var n=parseFloat(v);return (v!==''&&!isNaN(n)&&isFinite(v))?n:v.toLowerCase()};
  rows.sort(function(x,y){var a=key(x),c=key(y);if(typeof a!==typeof c){a=String(a);c=String(c)}
   return (a<c?-1:a>c?1:0)*(asc?1:-1)});rows.forEach(function(r){b.appendChild(r)})})})});
"""

_NONE = '<span class="none">&ndash;</span>'
_CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
        "base-uri 'none'; form-action 'none'")


def esc(value) -> str:
    """``value`` as HTML-escaped text; missing values (None, NA, NaN) become ``""``."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


def _page(title: str, header: str, body: str) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{_CSP}\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{esc(title)}</title><style>{_CSS}</style></head><body>"
            f"<header>{header}</header><main>{body}</main><script>{_SORT_JS}</script></body></html>\n")


def page_name(doc_id: str) -> str:
    """File name of a document's page (doc ids are hex; anything else is made safe)."""
    return "doc-" + re.sub(r"[^A-Za-z0-9_.-]", "_", str(doc_id)) + ".html"


def colour(label: str) -> str:
    return LABEL_COLOURS.get(label, DEFAULT_COLOUR)


def _labels_in(mentions: pd.DataFrame) -> list[str]:
    present = set(mentions["label"].dropna()) if len(mentions) else set()
    return [lab for lab in LABEL_ORDER if lab in present] + sorted(present - set(LABEL_ORDER))


def _flag(v) -> bool:
    return bool(v) if v is not None and not (not isinstance(v, str) and pd.isna(v)) else False


def highlight(text: str, mentions: pd.DataFrame) -> str:
    """The document text as HTML with each mention wrapped in a coloured ``<mark>``.

    Offsets are character offsets into ``text``; overlapping or out-of-range mentions
    are skipped. All text is escaped; runs of blank lines are shown as one.
    """
    def plain(segment: str) -> str:
        return esc(re.sub(r"\n[ \t]*(?:\n[ \t]*){2,}", "\n\n", segment))

    out: list[str] = []
    pos = 0
    ms = mentions.sort_values(["start", "end"]) if len(mentions) else mentions
    for m in ms.itertuples(index=False):
        s, e = int(m.start), int(m.end)
        if s < pos or e > len(text) or s >= e:
            continue
        out.append(plain(text[pos:s]))
        classes = ["ent"]
        if _flag(m.negated):
            classes.append("neg")
        if _flag(m.hypothetical):
            classes.append("hyp")
        if isinstance(m.subject, str) and m.subject in ("literature", "general"):
            classes.append("lit")
        tip = [m.label]
        if isinstance(m.concept_name, str) and m.concept_name:
            tip.append(f"{m.concept_name} ({m.concept_id})")
        tip.append(f"subject: {m.subject}" + (f", case {m.case_id}" if isinstance(m.case_id, str) and m.case_id else ""))
        if _flag(m.negated):
            tip.append("negated")
        if _flag(m.hypothetical):
            tip.append("hypothetical")
        case = f" &middot; case {esc(m.case_id)}" if isinstance(m.case_id, str) and m.case_id else ""
        out.append(f'<mark id="{esc(m.mention_id)}" class="{" ".join(classes)}" style="background:{colour(m.label)}" '
                   f'title="{esc(" | ".join(tip))}">{esc(text[s:e])}<span class="lbl">{esc(m.label)}{case}</span></mark>')
        pos = e
    out.append(plain(text[pos:]))
    return "".join(out)


def _legend(mentions: pd.DataFrame) -> str:
    counts = mentions["label"].value_counts().to_dict() if len(mentions) else {}
    chips = [f'<span class="chip" style="background:{colour(lab)}">{esc(lab)} {counts.get(lab, 0)}</span>'
             for lab in _labels_in(mentions)]
    chips += ['<span class="small">styles:</span>',
              '<mark class="ent neg" style="background:#eee">negated</mark>',
              '<mark class="ent hyp" style="background:#eee">hypothetical</mark>',
              '<mark class="ent lit" style="background:#eee">literature / general</mark>',
              '<span class="small">&middot; case N: about patient case N; hover a mention for its concept</span>']
    return '<div class="legend">' + "".join(chips) + "</div>"


def _cases_table(cases: pd.DataFrame) -> str:
    if not len(cases):
        return '<p class="small">No patient case found.</p>'
    cols = ["case_id", "age", "sex", "diseases", "calcinosis_sites", "imaging", "treatments", "treatment_response",
            "response_sentences", "outcome", "evidence"]
    head = "".join(f"<th>{esc(c)}</th>" for c in cols)
    rows = []
    for r in cases.to_dict("records"):
        cells = []
        for c in cols:
            v = r.get(c)
            if c == "evidence":
                ids = schema.as_list(v)
                links = " ".join(f'<a href="#{esc(i)}">{esc(i.rsplit("-", 1)[-1])}</a>' for i in ids)
                cells.append(f'<td class="small">{links}</td>')
            elif c == "response_sentences":  # the sentence(s) the response was read from, with their ids
                quotes = [f'<span class="small">{esc(i.rsplit("-", 1)[-1])}</span> &ldquo;{esc(q)}&rdquo;'
                          for i, q in zip(schema.as_list(r.get("response_sentence_ids")), schema.as_list(v))]
                cells.append(f'<td class="small">{"<br>".join(quotes) or _NONE}</td>')
            elif c in schema.list_columns("cases"):
                cells.append(f"<td>{esc('; '.join(schema.as_list(v))) or _NONE}</td>")
            else:
                cells.append(f"<td>{esc(v) or _NONE}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f'<div class="scroll"><table class="sortable"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'


def _mentions_table(mentions: pd.DataFrame) -> str:
    if not len(mentions):
        return '<p class="small">No mentions.</p>'
    cols = [("mention_id", "id"), ("label", "label"), ("text", "text"), ("concept_name", "concept"),
            ("section", "section"), ("subject", "subject"), ("case_id", "case"), ("negated", "neg"),
            ("hypothetical", "hyp"), ("start", "start")]
    head = "".join(f'<th class="{"num" if k == "start" else ""}">{esc(n)}</th>' for k, n in cols)
    rows = []
    for r in mentions.sort_values("start").to_dict("records"):
        cells = []
        for k, _n in cols:
            v = r[k]
            if k == "mention_id":
                cells.append(f'<td class="nowrap" data-v="{esc(v)}"><a href="#{esc(v)}">{esc(str(v).rsplit("-", 1)[-1])}</a></td>')
            elif k == "label":
                cells.append(f'<td><span class="chip" style="background:{colour(v)}">{esc(v)}</span></td>')
            elif k in ("negated", "hypothetical"):
                cells.append(f"<td>{'yes' if _flag(v) else ''}</td>")
            elif k == "start":
                cells.append(f'<td class="num">{esc(v)}</td>')
            elif k == "concept_name" and isinstance(v, str):
                cells.append(f'<td>{esc(v)} <span class="small">{esc(r["concept_id"])}</span></td>')
            else:
                cells.append(f"<td>{esc(v)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f'<div class="scroll"><table class="sortable"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'


def document_page(doc: dict, mentions: pd.DataFrame, cases: pd.DataFrame, manifest_row: dict | None = None) -> str:
    """The HTML review page of one document (a ``documents`` row and its mentions/cases)."""
    text = doc.get("text") or ""
    title = doc.get("title") if isinstance(doc.get("title"), str) and doc.get("title") else doc.get("source")
    meta = [f"source: {esc(doc.get('source'))}", f"doc_id: <code>{esc(doc.get('doc_id'))}</code>",
            f"format: {esc(doc.get('format'))}", f"{esc(doc.get('n_chars'))} characters"]
    for k in ("journal", "year", "doi", "authors"):
        if esc(doc.get(k)):
            meta.append(f"{k}: {esc(doc.get(k))}")
    if manifest_row and esc(manifest_row.get("warnings")):
        meta.append(f"warnings: {esc(manifest_row.get('warnings'))}")
    header = (f'<a href="index.html">&larr; all documents</a><h1>{esc(title)}</h1>'
              f'<div class="meta">{" &middot; ".join(meta)}</div>')
    body = (f'<section><h2>Cases ({len(cases)})</h2>{_cases_table(cases)}</section>'
            f'<section><h2>Text with entities ({len(mentions)} mentions)</h2>{_legend(mentions)}'
            f'<div class="doctext">{highlight(text, mentions)}</div></section>'
            f'<section><h2>Mentions</h2>{_mentions_table(mentions)}</section>')
    return _page(f"rheumex review: {title}", header, body)


def index_page(results: Results, run_dir: str) -> str:
    """The HTML index: one row per input of the run."""
    docs = {r["doc_id"]: r for r in results.documents.to_dict("records")}
    labels = _labels_in(results.mentions)
    m_counts = results.mentions.groupby(["doc_id", "label"]).size().to_dict() if len(results.mentions) else {}
    m_total = results.mentions.groupby("doc_id").size().to_dict() if len(results.mentions) else {}
    c_total = results.cases.groupby("doc_id").size().to_dict() if len(results.cases) else {}
    head = ("<th>#</th><th>source</th><th>title</th><th>status</th>"
            + '<th class="num">mentions</th>' + "".join(f'<th class="num">{esc(lab).replace("_", "_<wbr>")}</th>' for lab in labels)
            + '<th class="num">cases</th><th class="num">seconds</th><th>error / warnings</th>')
    rows = []
    for i, m in enumerate(results.manifest.to_dict("records"), 1):
        did = m.get("doc_id") if isinstance(m.get("doc_id"), str) else None
        d = docs.get(did) if did else None
        src = esc(m.get("source"))
        name = Path(str(m.get("source"))).name
        link = f'<a href="{page_name(did)}" title="{src}">{esc(name)}</a>' if d is not None else f'<span title="{src}">{esc(name)}</span>'
        status = esc(m.get("status"))
        cells = [f'<td class="num">{i}</td>', f"<td>{link}</td>", f"<td class=\"title\">{esc(d.get('title')) if d else ''}</td>",
                 f'<td class="status-{status}">{status}</td>', f'<td class="num">{m_total.get(did, 0) if d else ""}</td>']
        cells += [f'<td class="num">{m_counts.get((did, lab), 0) if d else ""}</td>' for lab in labels]
        secs = m.get("seconds")
        cells += [f'<td class="num">{c_total.get(did, 0) if d else ""}</td>',
                  f'<td class="num">{"" if secs is None or pd.isna(secs) else f"{float(secs):.2f}"}</td>',
                  f'<td class="small err">{esc(m.get("error")) or esc(m.get("warnings"))}</td>']
        rows.append("<tr>" + "".join(cells) + "</tr>")
    st = results.manifest["status"].value_counts().to_dict() if len(results.manifest) else {}
    summary = (f"{len(results.manifest)} inputs: {st.get('ok', 0)} ok, {st.get('error', 0)} error, "
               f"{st.get('skipped', 0)} skipped &middot; {len(results.mentions)} mentions &middot; {len(results.cases)} cases")
    header = (f"<h1>rheumex review</h1><div class=\"meta\">run: {esc(run_dir)} &middot; {summary} &middot; "
              f"rheumex {esc(__version__)}</div>")
    chips = "".join(f'<span class="chip" style="background:{colour(lab)}">{esc(lab)}</span>' for lab in labels)
    body = (f'<section><h2>Documents</h2><div class="legend">{chips}<span class="small">click a column header to sort; '
            f'click a file to see its text, mentions and cases</span></div>'
            f'<div class="scroll"><table class="sortable"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
            '</div></section>')
    return _page("rheumex review", header, body)


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
