"""``rheumex evaluate``: run the pipeline on gold texts (or read a run) and score it.

Writes ``metrics.json`` (scheme: ``{"strict": {"micro": {...}, "macro": {...},
"per_label": {LABEL: {...}}, "ci95": {...}}, "lenient": {...}, "span": {...},
"concepts": {...}, "attributes": {...}}``), ``errors.csv`` and ``report.html``.
"""
from __future__ import annotations

import argparse
import base64
import csv
import html
import io
import json
import sys
from pathlib import Path

from rheumex.evaluation.scorer import LABELS, match_doc, paired_bootstrap, score


def predict(gold_docs: list[dict], config: str | None = None, model: str | None = None, nlp=None) -> list[dict]:
    """Run the pipeline on each gold text (with the gold's stored sections).

    ``nlp`` reuses an already loaded pipeline (``config``/``model`` are then ignored)."""
    from rheumex.extract.document import Document, Section
    from rheumex.extract.sections import detect_sections
    from rheumex.pipelines import load_pipeline
    from rheumex.rows import annotate

    if nlp is None:
        nlp = load_pipeline(config, model=model)
    out = []
    for g in gold_docs:
        secs = g["meta"].get("sections")
        sections = [Section(n, k, s, e) for s, e, n, k in secs] if secs else detect_sections(g["text"])[0]
        doc = annotate(nlp, Document(text=g["text"], sections=sections, source=g["id"]))
        spans = [{"start": e.start_char, "end": e.end_char, "label": e.label_, "negated": bool(e._.negated),
                  "hypothetical": bool(e._.hypothetical), "case_id": e._.case_id, "concept_id": e._.concept_id,
                  "sentence": e.sent.text.strip()} for e in doc.ents]
        out.append({"id": g["id"], "text": g["text"], "spans": spans})
    return out


def read_run_predictions(run_dir: Path, gold_docs: list[dict]) -> list[dict]:
    """Predictions from a previous ``rheumex extract`` run, matched to gold by text."""
    from rheumex.api import read_results

    r = read_results(run_dir)
    by_text = {t: d for d, t in zip(r.documents["doc_id"], r.documents["text"])}
    out = []
    for g in gold_docs:
        did = by_text.get(g["text"])
        ms = r.mentions[r.mentions["doc_id"] == did] if did else r.mentions.iloc[0:0]
        spans = [{"start": int(m.start), "end": int(m.end), "label": m.label, "negated": bool(m.negated),
                  "hypothetical": bool(m.hypothetical), "case_id": None if m.case_id is None or str(m.case_id) == "<NA>" else m.case_id,
                  "concept_id": m.concept_id, "sentence": m.sentence} for m in ms.itertuples()]
        out.append({"id": g["id"], "text": g["text"], "spans": spans})
    return out


def error_rows(gold_docs: list[dict], pred_docs: list[dict]) -> list[dict]:
    """FP, FN, boundary errors and label confusions, one row each."""
    by = {d["id"]: d for d in pred_docs}
    rows = []
    for g in gold_docs:
        text = g["text"]
        preds = by.get(g["id"], {"spans": []})["spans"]
        _, strict_pairs = match_doc(g["spans"], preds, "strict")
        sg = {(x["start"], x["end"], x["label"]) for x, _ in strict_pairs}
        un_g = [s for s in g["spans"] if (s["start"], s["end"], s["label"]) not in sg]
        un_p = [s for s in preds if (s["start"], s["end"], s["label"]) not in sg]
        used_p = set()
        for gs in un_g:
            kind, partner = "false_negative", None
            for j, ps in enumerate(un_p):
                if j in used_p or not (ps["start"] < gs["end"] and gs["start"] < ps["end"]):
                    continue
                partner = ps
                used_p.add(j)
                if ps["label"] == gs["label"]:
                    kind = "boundary"
                elif (ps["start"], ps["end"]) == (gs["start"], gs["end"]):
                    kind = "label_confusion"
                else:
                    kind = "boundary_and_label"
                break
            rows.append(_row(g, kind, gs, partner, text))
        for j, ps in enumerate(un_p):
            if j not in used_p:
                rows.append(_row(g, "false_positive", None, ps, text))
    return rows


def _row(g: dict, kind: str, gs: dict | None, ps: dict | None, text: str) -> dict:
    anchor = gs or ps
    s = text.rfind("\n", 0, anchor["start"]) + 1
    e = text.find("\n", anchor["end"])
    ctx = text[max(s, anchor["start"] - 150) : (e if e >= 0 else len(text))][:400]
    return {"doc_id": g["id"], "error": kind,
            "gold_start": gs["start"] if gs else None, "gold_end": gs["end"] if gs else None,
            "gold_label": gs["label"] if gs else None, "gold_text": text[gs["start"]:gs["end"]] if gs else None,
            "pred_start": ps["start"] if ps else None, "pred_end": ps["end"] if ps else None,
            "pred_label": ps["label"] if ps else None, "pred_text": text[ps["start"]:ps["end"]] if ps else None,
            "context": ctx}


def format_table(metrics: dict) -> str:
    lines = [f"{'label':16s} {'P':>6s} {'R':>6s} {'F1':>6s}   {'lenient F1':>10s}  {'n gold':>6s}"]
    for l in LABELS:
        s = metrics["strict"]["per_label"][l]
        le = metrics["lenient"]["per_label"][l]
        if s["tp"] + s["fp"] + s["fn"] == 0:
            lines.append(f"{l:16s} {'-':>6s} {'-':>6s} {'-':>6s}   {'-':>10s}  {0:6d}")
            continue
        lines.append(f"{l:16s} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f}   {le['f1']:10.3f}  {s['tp'] + s['fn']:6d}")
    for avg in ("micro", "macro"):
        s = metrics["strict"][avg]
        lines.append(f"{avg:16s} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f}   {metrics['lenient'][avg]['f1']:10.3f}")
    return "\n".join(lines)


def _chart_png(metrics: dict) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 3.2))
    xs = range(len(LABELS))
    w = 0.27
    for k, key in enumerate(("precision", "recall", "f1")):
        vals = [metrics["strict"]["per_label"][l][key] for l in LABELS]
        kw = {}
        if key == "f1" and metrics["strict"].get("ci95"):
            ci = metrics["strict"]["ci95"]
            kw["yerr"] = [[v - ci[l][0] for v, l in zip(vals, LABELS)], [ci[l][1] - v for v, l in zip(vals, LABELS)]]
            kw["capsize"] = 3
        ax.bar([x + (k - 1) * w for x in xs], vals, w, label=key, **kw)
    ax.set_xticks(list(xs), LABELS, fontsize=8)
    ax.set_ylim(0, 1.05)
    ax.legend(fontsize=8, ncol=3)
    ax.set_title("strict P/R/F1 per label (F1 with 95% bootstrap CI)", fontsize=9)
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png", dpi=110)
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode()


COLORS = {"DISEASE": "#f4a6a6", "CALCINOSIS_SITE": "#a6d8f4", "IMAGING": "#c5f4a6", "TREATMENT": "#f4e3a6"}


def highlight(text: str, spans: list[dict]) -> str:
    """Escaped text with spans wrapped in coloured <mark> tags (non-overlapping)."""
    out, pos = [], 0
    for s in sorted(spans, key=lambda s: (s["start"], -s["end"])):
        if s["start"] < pos:
            continue
        out.append(html.escape(text[pos : s["start"]]))
        out.append(f'<mark style="background:{COLORS.get(s["label"], "#ddd")}" title="{html.escape(s["label"])}">'
                   f'{html.escape(text[s["start"]:s["end"]])}</mark>')
        pos = s["end"]
    out.append(html.escape(text[pos:]))
    return "".join(out)


def report_html(metrics: dict, gold_docs: list[dict], pred_docs: list[dict]) -> str:
    by = {d["id"]: d for d in pred_docs}
    legend = " ".join(f'<mark style="background:{c}">{l}</mark>' for l, c in COLORS.items())
    parts = ["<!doctype html><html><head><meta charset='utf-8'><title>rheumex evaluation</title>",
             "<style>body{font-family:sans-serif;margin:1.5em} table{border-collapse:collapse} td,th{border:1px solid #ccc;padding:2px 6px}"
             " .cols{display:flex;gap:1em} .cols>div{flex:1;white-space:pre-wrap;font-size:12px;border:1px solid #ddd;padding:6px}</style></head><body>",
             "<h1>rheumex evaluation</h1>", f"<p>{metrics['n_documents']} documents</p>",
             "<pre>" + html.escape(format_table(metrics)) + "</pre>",
             f"<img alt='P/R/F1 chart' src='data:image/png;base64,{_chart_png(metrics)}'>",
             f"<p>Legend: {legend}</p>"]
    for g in gold_docs:
        p = by.get(g["id"], {"spans": []})
        parts.append(f"<h2>{html.escape(g['id'])}</h2><div class='cols'><div><b>gold</b>\n{highlight(g['text'], g['spans'])}</div>"
                     f"<div><b>predicted</b>\n{highlight(g['text'], p['spans'])}</div></div>")
    parts.append("</body></html>")
    return "".join(parts)


def cmd_evaluate(args: argparse.Namespace) -> int:
    from rheumex.corpora.gold import load_gold

    if args.compare:
        return cmd_compare(args)
    if getattr(args, "cases", False):
        from rheumex.evaluation.cases import cmd_cases

        return cmd_cases(args)
    if args.cv:
        return cmd_cv(args)
    gold = load_gold(args.gold, args.split)
    if not gold:
        print(f"rheumex evaluate: no gold documents in split {args.split!r}", file=sys.stderr)
        return 2
    preds = read_run_predictions(Path(args.pred), gold) if args.pred else predict(gold, args.config, args.model)
    metrics = score(gold, preds, bootstrap=args.bootstrap)
    metrics["split"] = args.split
    print(format_table(metrics))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2), encoding="utf-8")
    rows = error_rows(gold, preds)
    with (out / "errors.csv").open("w", newline="", encoding="utf-8") as fh:
        fields = ["doc_id", "error", "gold_start", "gold_end", "gold_label", "gold_text", "pred_start", "pred_end", "pred_label", "pred_text", "context"]
        w = csv.DictWriter(fh, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)
    (out / "report.html").write_text(report_html(metrics, gold, preds), encoding="utf-8")
    print(f"wrote {out}/metrics.json, errors.csv ({len(rows)} rows), report.html", file=sys.stderr)
    return 0


def cmd_cv(args: argparse.Namespace) -> int:
    """``--cv K``: K-fold cross-validation by document over the chosen split (dev by default)."""
    from rheumex.corpora.gold import load_gold
    from rheumex.evaluation.cv import cross_validate, format_cv, gold_fitters
    from rheumex.pipelines import load_pipeline

    if args.split == "test":
        print("rheumex evaluate: --cv runs over dev (or all); the locked test split is for release measurements only", file=sys.stderr)
        return 2
    if args.pred:
        print("rheumex evaluate: --cv runs the pipeline itself; it cannot score a previous run (--pred)", file=sys.stderr)
        return 2
    gold = load_gold(args.gold, args.split)
    if len(gold) < args.cv:
        print(f"rheumex evaluate: {len(gold)} gold documents in split {args.split!r}, fewer than {args.cv} folds", file=sys.stderr)
        return 2
    nlp = load_pipeline(args.config, model=args.model)
    fitters = gold_fitters(nlp)

    def fit(train: list[dict]) -> None:
        for proc in fitters:
            proc.fit_gold(train)

    res = cross_validate(gold, args.cv, lambda docs: predict(docs, nlp=nlp), fit if fitters else None)
    res["split"] = args.split
    print(format_cv(res))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "cv.json").write_text(json.dumps(res, indent=2), encoding="utf-8")
    print(f"wrote {out}/cv.json", file=sys.stderr)
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from rheumex.corpora.gold import load_gold

    a, b = args.compare
    gold = load_gold(args.gold, args.split)
    res = paired_bootstrap(gold, read_run_predictions(Path(a), gold), read_run_predictions(Path(b), gold), n=args.bootstrap or 1000)
    print(json.dumps(res, indent=2))
    return 0


def add_parser(sub) -> None:
    e = sub.add_parser("evaluate", help="score the pipeline (or a run) against hand-labelled gold data")
    e.add_argument("--gold", help="gold JSONL (default: the bundled corpus)")
    e.add_argument("--split", choices=["dev", "test", "all"], default="dev")
    e.add_argument("--pred", help="a previous `rheumex extract` output folder to score instead of running the pipeline")
    e.add_argument("--config")
    e.add_argument("--model")
    e.add_argument("--out", default="rheumex-eval")
    e.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples for the 95%% CIs (0: none)")
    e.add_argument("--cv", type=int, metavar="K", help="K-fold cross-validation by document over --split (dev): per-fold, mean+-sd and pooled scores in cv.json")
    e.add_argument("--compare", nargs=2, metavar=("RUN_A", "RUN_B"), help="paired bootstrap of strict micro-F1, run B minus run A")
    e.add_argument("--cases", action="store_true", help="score the cases table against the case gold (corpora/gold/cases.jsonl): "
                   "per-field scores in metrics.json's \"cases\" block and report.html; --split dev by default")
    e.add_argument("--case-gold", help="case gold JSONL (default: the bundled corpora/gold/cases.jsonl)")
    e.add_argument("--case-texts", action="append", metavar="DIR", help="folder with the texts of case-gold papers not in the "
                   "mention gold (<PMCID>/fulltext.xml, <id>.xml or <id>.txt); default $RHEUMEX_CASE_TEXTS or shared/docs/hindawi")
    e.set_defaults(func=cmd_evaluate)
