"""``rheumex evaluate``: run the pipeline on gold texts (or read a run) and score it.

Writes ``metrics.json`` (scheme: ``{"strict": {"micro": {...}, "macro": {...},
"per_label": {LABEL: {...}}, "ci95": {...}}, "lenient": {...}, "span": {...},
"concepts": {...}, "attributes": {...}}``), ``errors.csv`` and ``report.html``.
"""
from __future__ import annotations

import argparse
import base64
import csv
import io
import json
import sys
from pathlib import Path

from rheumex.csvsafe import safe_row
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


def read_run_predictions(run_dir: Path, gold_docs: list[dict], results=None) -> list[dict]:
    """Predictions from a previous ``rheumex extract`` run, matched to gold by text.

    ``results`` reuses tables already read from ``run_dir``. A gold document whose text is
    not in the run gets no spans (use :func:`gold_in_run` to score only those present)."""
    from rheumex.api import read_results

    r = results if results is not None else read_results(run_dir)
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


def read_run_predictions_aligned(gold_docs: list[dict], results) -> tuple[list[dict], dict]:
    """Predictions of a run whose documents may have their own text (a PDF or XML the run
    converted), projected onto each gold text (:mod:`rheumex.evaluation.align`).

    Returns ``(predictions, report)``: predictions in gold offsets (only mentions whose both
    ends map), and ``report`` = ``{"documents": {gold id: {"doc_id", "same_text",
    "predicted", "mapped", "unmapped", "unmapped_by_section_kind", "seconds"}}, "predicted",
    "mapped", "unmapped", "unmapped_by_section_kind"}``."""
    import time
    from collections import Counter

    from rheumex.evaluation.align import match_run_documents, project_spans

    docs = results.documents
    matched = match_run_documents(gold_docs, docs)
    text_of = dict(zip(docs["doc_id"], docs["text"]))
    out, per_doc = [], {}
    tot = Counter()
    kinds: Counter = Counter()
    for g in gold_docs:
        did = matched.get(g["id"])
        if did is None:
            out.append({"id": g["id"], "text": g["text"], "spans": []})
            continue
        ms = results.mentions[results.mentions["doc_id"] == did]
        spans = [{"start": int(m.start), "end": int(m.end), "label": m.label, "negated": bool(m.negated),
                  "hypothetical": bool(m.hypothetical), "case_id": None if m.case_id is None or str(m.case_id) == "<NA>" else m.case_id,
                  "concept_id": m.concept_id, "sentence": m.sentence, "section_kind": m.section_kind} for m in ms.itertuples()]
        ptext = text_of[did]
        t0 = time.perf_counter()
        mapped, unmapped = project_spans(spans, ptext, g["text"])
        dt = time.perf_counter() - t0
        uk = Counter(str(sp.get("section_kind")) for sp in unmapped)
        per_doc[g["id"]] = {"doc_id": did, "same_text": ptext == g["text"], "predicted": len(spans), "mapped": len(mapped),
                            "unmapped": len(unmapped), "unmapped_by_section_kind": dict(uk), "seconds": round(dt, 3)}
        tot.update(predicted=len(spans), mapped=len(mapped), unmapped=len(unmapped))
        kinds.update(uk)
        out.append({"id": g["id"], "text": g["text"], "spans": mapped})
    report = {"documents": per_doc, **{k: tot[k] for k in ("predicted", "mapped", "unmapped")},
              "unmapped_by_section_kind": dict(kinds)}
    return out, report


def gold_in_run(gold_docs: list[dict], results) -> tuple[list[dict], list[str]]:
    """``(present, missing_ids)``: the gold documents whose exact text is a document of the run
    (``results``, as :func:`rheumex.api.read_results` returns it), and the ids of the others."""
    texts = set(results.documents["text"].dropna())
    present = [g for g in gold_docs if g["text"] in texts]
    return present, [g["id"] for g in gold_docs if g["text"] not in texts]


def select_gold(path: str | None, split: str) -> tuple[list[dict], str]:
    """The gold documents to score and a description of the selection.

    The bundled corpus, or a ``--gold`` file whose documents carry ``meta.split``, is cut to
    ``split``; a ``--gold`` file without split metadata is scored whole (``split`` is then
    ignored, and the description says so)."""
    from rheumex.corpora.gold import load_gold

    docs = load_gold(path, "all")
    if path is not None and not any((d.get("meta") or {}).get("split") for d in docs):
        return docs, f"all of {path} (no split metadata)"
    return (docs if split == "all" else [d for d in docs if (d.get("meta") or {}).get("split") == split]), f"split {split!r}"


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
    attrs = metrics.get("attributes", {})
    for a in ("negated", "hypothetical"):  # on strictly matched mentions; gold True = positive
        s = attrs.get(a, {})
        if "f1" in s and s.get("accuracy") is not None:  # no matched mention: nothing to say
            lines.append(f"{a:16s} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f}   "
                         f"{'accuracy':>10s} {s['accuracy']:.3f} of {s['n']} matched mentions")
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


def report_html(metrics: dict, gold_docs: list[dict], pred_docs: list[dict], missing: int = 0) -> str:
    """The evaluation report: scores, chart, and gold vs predicted spans per document.

    Rendered from ``rheumex/templates/evaluation_report.html.j2`` with the same highlighting
    (:mod:`rheumex.highlight`, one colour per label), stylesheet and Content-Security-Policy
    as the ``rheumex review`` pages; every text is escaped."""
    from rheumex.highlight import order_labels
    from rheumex.pages import render

    by = {d["id"]: d for d in pred_docs}
    docs = [{"id": g["id"], "text": g["text"], "gold": g["spans"], "pred": by.get(g["id"], {"spans": []})["spans"]}
            for g in gold_docs]
    labels = order_labels(list(LABELS) + [s["label"] for d in docs for s in d["gold"] + d["pred"]])
    return render("evaluation_report.html.j2", title="rheumex evaluation", n_documents=metrics["n_documents"],
                  split=metrics.get("split"), missing=missing, table=format_table(metrics), chart=_chart_png(metrics),
                  labels=labels, docs=docs)


def cmd_evaluate(args: argparse.Namespace) -> int:
    if args.compare:
        return cmd_compare(args)
    if getattr(args, "cases", False):
        from rheumex.evaluation.cases import cmd_cases

        return cmd_cases(args)
    if args.cv:
        return cmd_cv(args)
    if args.gold is not None and not Path(args.gold).is_file():
        print(f"rheumex evaluate: gold file not found: {args.gold} (give a gold JSONL, or drop --gold for the bundled corpus)",
              file=sys.stderr)
        return 2
    gold, selection = select_gold(args.gold, args.split)
    if not gold:
        print(f"rheumex evaluate: no gold documents in {selection}", file=sys.stderr)
        return 2
    missing: list[str] = []
    if args.pred:
        from rheumex.api import read_results

        try:
            run = read_results(args.pred)
        except FileNotFoundError as e:
            print(f"rheumex evaluate: {e}", file=sys.stderr)
            return 2
        n_gold = len(gold)
        if getattr(args, "align", False):
            from rheumex.evaluation.align import match_run_documents

            found = match_run_documents(gold, run.documents)
            missing = [g["id"] for g in gold if g["id"] not in found]
            gold = [g for g in gold if g["id"] in found]
        else:
            gold, missing = gold_in_run(gold, run)
        if not gold:
            print(f"rheumex evaluate: none of the {n_gold} gold documents ({selection}) is in the run {args.pred}; "
                  "run `rheumex extract` on the gold texts first, or choose another --split/--gold", file=sys.stderr)
            return 2
        print(f"rheumex evaluate: scoring the {len(gold)} of {n_gold} gold documents ({selection}) present in {args.pred}; "
              f"{len(missing)} missing from the run, not scored", file=sys.stderr)
        if getattr(args, "align", False):
            preds, align_report = read_run_predictions_aligned(gold, run)
            print(f"rheumex evaluate --align: {align_report['mapped']} of {align_report['predicted']} predicted mentions "
                  f"mapped onto the gold texts, {align_report['unmapped']} unmapped "
                  f"(by section kind: {align_report['unmapped_by_section_kind']})", file=sys.stderr)
        else:
            preds = read_run_predictions(Path(args.pred), gold, results=run)
    else:
        preds = predict(gold, args.config, args.model)
    metrics = score(gold, preds, bootstrap=args.bootstrap)
    metrics["split"] = args.split if selection.startswith("split") else "all"
    metrics["selection"] = selection
    if args.pred:
        metrics["missing_from_run"] = missing
        if getattr(args, "align", False):
            metrics["align"] = align_report
    print(format_table(metrics))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2), encoding="utf-8")
    rows = error_rows(gold, preds)
    with (out / "errors.csv").open("w", newline="", encoding="utf-8") as fh:
        fields = ["doc_id", "error", "gold_start", "gold_end", "gold_label", "gold_text", "pred_start", "pred_end", "pred_label", "pred_text", "context"]
        w = csv.DictWriter(fh, fieldnames=fields)
        w.writeheader()
        w.writerows(safe_row(r) for r in rows)  # formula-safe CSV (rheumex.csvsafe)
    (out / "report.html").write_text(report_html(metrics, gold, preds, missing=len(missing)), encoding="utf-8")
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
    e.add_argument("--align", action="store_true", help="with --pred: match gold documents to the run's by text, DOI, PMCID "
                   "or file name and project the run's mentions onto the gold text by a character alignment (for runs over "
                   "PDFs or XML of the gold papers); metrics.json's \"align\" block counts the mentions that could not be mapped")
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
