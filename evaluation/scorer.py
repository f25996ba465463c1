"""Span scoring: strict and lenient precision/recall/F1 per label, micro and macro.

A document is ``{"id", "text", "spans": [{"start", "end", "label", ...}]}`` (the gold JSONL
format); predictions use the same shape. Strict: same start, end and label. Lenient:
overlapping spans with the same label, each gold and predicted span used at most once.
"Span" scores ignore the label (strict offsets). Confidence intervals: percentile
bootstrap over documents.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Iterable

LABELS = ("DISEASE", "CALCINOSIS_SITE", "IMAGING", "TREATMENT")


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Counts") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def prf(self) -> dict:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if self.fn == 0 else 0.0)
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else (1.0 if self.fp == 0 else 0.0)
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": p, "recall": r, "f1": f, "tp": self.tp, "fp": self.fp, "fn": self.fn}


def _key(s: dict) -> tuple[int, int, str]:
    return (int(s["start"]), int(s["end"]), s["label"])


def match_doc(gold: list[dict], pred: list[dict], mode: str) -> tuple[dict[str, Counts], list[tuple[dict, dict]]]:
    """Counts per label for one document and the matched (gold, pred) pairs."""
    counts = {l: Counts() for l in LABELS}
    g_set = list({_key(s): s for s in gold}.values())  # duplicate spans count once
    p_set = list({_key(s): s for s in pred}.values())
    pairs: list[tuple[dict, dict]] = []
    if mode == "strict":
        gk = {_key(s): s for s in g_set}
        for p in p_set:
            if _key(p) in gk:
                pairs.append((gk[_key(p)], p))
    elif mode == "lenient":
        used: set[int] = set()
        for p in sorted(p_set, key=_key):
            for j, g in enumerate(g_set):
                if j not in used and g["label"] == p["label"] and g["start"] < p["end"] and p["start"] < g["end"]:
                    used.add(j)
                    pairs.append((g, p))
                    break
    elif mode == "span":
        gk = {(s["start"], s["end"]): s for s in g_set}
        for p in p_set:
            if (p["start"], p["end"]) in gk:
                pairs.append((gk[(p["start"], p["end"])], p))
        n = len(pairs)
        c = Counts(n, len(p_set) - n, len(g_set) - n)
        return {"ALL": c}, pairs
    else:
        raise ValueError(f"unknown mode {mode!r}; use strict, lenient or span")
    matched_g = {id(g) for g, _ in pairs}
    matched_p = {id(p) for _, p in pairs}
    for g in g_set:
        if g["label"] in counts:
            if id(g) in matched_g:
                counts[g["label"]].tp += 1
            else:
                counts[g["label"]].fn += 1
    for p in p_set:
        if p["label"] in counts and id(p) not in matched_p:
            counts[p["label"]].fp += 1
    return counts, pairs


def aggregate(per_doc: list[dict[str, Counts]], labels: Iterable[str] = LABELS) -> dict:
    labels = list(labels)
    total = {l: Counts() for l in labels}
    for c in per_doc:
        for l in labels:
            if l in c:
                total[l].add(c[l])
    micro = Counts()
    for l in labels:
        micro.add(total[l])
    per_label = {l: total[l].prf() for l in labels}
    present = [l for l in labels if total[l].tp + total[l].fn + total[l].fp > 0]
    macro = {k: (sum(per_label[l][k] for l in present) / len(present) if present else 0.0) for k in ("precision", "recall", "f1")}
    return {"micro": micro.prf(), "macro": macro, "per_label": per_label}


def bootstrap_ci(per_doc: list[dict[str, Counts]], labels: Iterable[str] = LABELS, n: int = 1000, seed: int = 13) -> dict:
    """95% percentile intervals of micro F1 and each label's F1, resampling documents."""
    labels = list(labels)
    rng = random.Random(seed)
    if not per_doc:
        return {}
    samples: dict[str, list[float]] = {"micro": [], **{l: [] for l in labels}}
    for _ in range(n):
        draw = [per_doc[rng.randrange(len(per_doc))] for _ in per_doc]
        agg = aggregate(draw, labels)
        samples["micro"].append(agg["micro"]["f1"])
        for l in labels:
            samples[l].append(agg["per_label"][l]["f1"])
    out = {}
    for k, vals in samples.items():
        vals.sort()
        out[k] = [vals[int(0.025 * (n - 1))], vals[int(0.975 * (n - 1))]]
    return out


def score(gold_docs: list[dict], pred_docs: list[dict], labels: Iterable[str] = LABELS, bootstrap: int = 1000) -> dict:
    """Full metrics: strict, lenient, span, concepts, attributes, bootstrap CIs."""
    labels = list(labels)
    pred_by_id = {d["id"]: d for d in pred_docs}
    out: dict = {"n_documents": len(gold_docs)}
    for mode in ("strict", "lenient"):
        per_doc = []
        for g in gold_docs:
            c, _ = match_doc(g["spans"], pred_by_id.get(g["id"], {"spans": []})["spans"], mode)
            per_doc.append(c)
        out[mode] = aggregate(per_doc, labels)
        out[mode]["ci95"] = bootstrap_ci(per_doc, labels, n=bootstrap) if bootstrap else {}
    span_docs = [match_doc(g["spans"], pred_by_id.get(g["id"], {"spans": []})["spans"], "span")[0] for g in gold_docs]
    out["span"] = aggregate(span_docs, ["ALL"])["micro"]
    # document-level concept sets
    cc = Counts()
    for g in gold_docs:
        gs = {s.get("concept_id") for s in g["spans"] if s.get("concept_id")}
        if not gs:
            continue
        ps = {s.get("concept_id") for s in pred_by_id.get(g["id"], {"spans": []})["spans"] if s.get("concept_id")}
        cc.add(Counts(len(gs & ps), len(ps - gs), len(gs - ps)))
    out["concepts"] = cc.prf()
    # attributes on strictly matched spans. negated/hypothetical are rare, so besides accuracy
    # the attribute's own precision/recall/F1 (a gold span marked True is the positive class)
    attrs = {"negated": [0, 0], "hypothetical": [0, 0], "case_id": [0, 0]}
    flags = {"negated": Counts(), "hypothetical": Counts()}
    for g in gold_docs:
        _, pairs = match_doc(g["spans"], pred_by_id.get(g["id"], {"spans": []})["spans"], "strict")
        multi_case = len({s.get("case_id") for s in g["spans"] if s.get("case_id")}) > 1
        for gs, ps in pairs:
            for a in ("negated", "hypothetical"):
                gv, pv = bool(gs.get(a)), bool(ps.get(a))
                attrs[a][1] += 1
                attrs[a][0] += int(gv == pv)
                flags[a].add(Counts(int(gv and pv), int(pv and not gv), int(gv and not pv)))
            if multi_case:
                attrs["case_id"][1] += 1
                attrs["case_id"][0] += int((gs.get("case_id") or None) == (ps.get("case_id") or None))
    out["attributes"] = {a: {"accuracy": (c / n if n else None), "n": n} for a, (c, n) in attrs.items()}
    for a, cnt in flags.items():
        out["attributes"][a].update(cnt.prf())
    return out


def paired_bootstrap(gold_docs: list[dict], pred_a: list[dict], pred_b: list[dict], n: int = 1000, seed: int = 13) -> dict:
    """Paired bootstrap of the strict micro-F1 difference B - A over documents."""
    a_by = {d["id"]: d for d in pred_a}
    b_by = {d["id"]: d for d in pred_b}
    ca = [match_doc(g["spans"], a_by.get(g["id"], {"spans": []})["spans"], "strict")[0] for g in gold_docs]
    cb = [match_doc(g["spans"], b_by.get(g["id"], {"spans": []})["spans"], "strict")[0] for g in gold_docs]
    rng = random.Random(seed)
    base = aggregate(cb)["micro"]["f1"] - aggregate(ca)["micro"]["f1"]
    diffs = []
    for _ in range(n):
        idx = [rng.randrange(len(gold_docs)) for _ in gold_docs]
        diffs.append(aggregate([cb[i] for i in idx])["micro"]["f1"] - aggregate([ca[i] for i in idx])["micro"]["f1"])
    diffs.sort()
    p = sum(1 for d in diffs if d <= 0) / n if base > 0 else sum(1 for d in diffs if d >= 0) / n
    return {"f1_difference": base, "ci95": [diffs[int(0.025 * (n - 1))], diffs[int(0.975 * (n - 1))]], "p_value": p}
