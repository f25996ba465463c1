"""K-fold cross-validation by document over the gold dev split (``rheumex evaluate --cv K``).

Folds are fixed by a hash of the document id (``sha256("rheumex-cv:" + id) mod K``), so a
document is always in the same fold whatever else is added to the corpus and whoever runs
the command. For each fold the pipeline is fitted on the other folds and scored on the
held-out one:

- a pipeline component that learns or tunes anything from gold documents (a threshold, a
  lexicon filter, a span classifier) exposes ``fit_gold(docs: list[dict]) -> None``; it is
  called with the training folds' gold documents before the held-out fold is predicted,
  and must replace (not accumulate) what an earlier call learnt;
- a pipeline with no such component (the shipped rules-only default) is the same system
  for every fold: the folds then give K held-out estimates of the same system, and their
  spread shows how much the score depends on which documents are measured.

The result holds every fold's scores, their mean and standard deviation, and the scores of
all held-out predictions pooled (the "dev (CV)" figure the README reports).
"""
from __future__ import annotations

import hashlib
import statistics
from typing import Callable

from rheumex.evaluation.scorer import LABELS, score

CV_SALT = "rheumex-cv:"


def fold_of(doc_id: str, k: int) -> int:
    """The fold (0..k-1) of a document id."""
    return int(hashlib.sha256((CV_SALT + doc_id).encode()).hexdigest(), 16) % k


def assign_folds(docs: list[dict], k: int) -> list[list[dict]]:
    """Gold documents grouped into ``k`` folds by :func:`fold_of`."""
    if k < 2:
        raise ValueError(f"cross-validation needs at least 2 folds, got {k}")
    if len(docs) < k:
        raise ValueError(f"{len(docs)} documents cannot be split into {k} folds")
    folds: list[list[dict]] = [[] for _ in range(k)]
    for d in docs:
        folds[fold_of(d["id"], k)].append(d)
    return folds


def gold_fitters(nlp) -> list:
    """Pipeline components that learn from gold documents (have ``fit_gold``)."""
    return [proc for _, proc in nlp.pipeline if callable(getattr(proc, "fit_gold", None))]


def _summary(metrics: dict) -> dict:
    s = metrics["strict"]
    out = {"n_documents": metrics["n_documents"], "micro_f1": s["micro"]["f1"],
           "micro_precision": s["micro"]["precision"], "micro_recall": s["micro"]["recall"],
           "lenient_micro_f1": metrics["lenient"]["micro"]["f1"]}
    for lab in LABELS:
        d = s["per_label"][lab]
        out[f"{lab}_f1"] = d["f1"] if d["tp"] + d["fp"] + d["fn"] else None
    return out


def cross_validate(docs: list[dict], k: int, predict: Callable[[list[dict]], list[dict]],
                   fit: Callable[[list[dict]], None] | None = None) -> dict:
    """Score ``predict`` on each of ``k`` document folds after ``fit`` on the others.

    Args:
        docs: gold documents (normally the dev split).
        k: number of folds.
        predict: gold documents -> predicted documents (``{"id", "text", "spans"}``).
        fit: called with the training folds before each held-out fold is predicted
            (None: nothing learns from gold).

    Returns:
        ``{"k", "fitted", "folds": [...], "mean": {...}, "sd": {...}, "pooled": metrics}``.
    """
    folds = assign_folds(docs, k)
    rows, all_gold, all_pred = [], [], []
    for i, held in enumerate(folds):
        if not held:
            continue
        if fit is not None:
            fit([d for j, f in enumerate(folds) if j != i for d in f])
        preds = predict(held)
        m = score(held, preds, bootstrap=0)
        rows.append({"fold": i, "doc_ids": [d["id"] for d in held], **_summary(m)})
        all_gold += held
        all_pred += preds
    keys = [key for key in rows[0] if key not in ("fold", "doc_ids", "n_documents")]
    mean, sd = {}, {}
    for key in keys:
        vals = [r[key] for r in rows if r[key] is not None]
        mean[key] = statistics.fmean(vals) if vals else None
        sd[key] = statistics.stdev(vals) if len(vals) > 1 else None
    return {"k": k, "fitted": fit is not None, "folds": rows, "mean": mean, "sd": sd,
            "pooled": score(all_gold, all_pred, bootstrap=1000)}


def format_cv(res: dict) -> str:
    """A plain-text table: one line per fold, then mean +- sd and pooled."""
    cols = ["micro_f1", *[f"{lab}_f1" for lab in LABELS]]
    head = f"{'fold':>6s} {'docs':>5s} " + " ".join(f"{c.replace('_f1', ''):>15s}" for c in cols)
    lines = [head]
    fmt = lambda v: f"{v:15.3f}" if v is not None else f"{'-':>15s}"
    for r in res["folds"]:
        lines.append(f"{r['fold']:>6d} {r['n_documents']:>5d} " + " ".join(fmt(r[c]) for c in cols))
    lines.append(f"{'mean':>6s} {'':>5s} " + " ".join(
        (f"{res['mean'][c]:8.3f}+-{res['sd'][c]:.3f}" if res["sd"][c] is not None else fmt(res["mean"][c])).rjust(15) for c in cols))
    p = res["pooled"]["strict"]
    ci = res["pooled"]["strict"].get("ci95", {}).get("micro")
    lines.append(f"pooled held-out predictions: strict micro P {p['micro']['precision']:.3f} R {p['micro']['recall']:.3f} "
                 f"F1 {p['micro']['f1']:.3f}" + (f" [{ci[0]:.3f}, {ci[1]:.3f}]" if ci else "")
                 + f"; lenient F1 {res['pooled']['lenient']['micro']['f1']:.3f}; fitted per fold: {'yes' if res['fitted'] else 'no (nothing learns from gold)'}")
    return "\n".join(lines)
