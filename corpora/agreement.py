"""Inter-annotator agreement between two independent labellings of the same documents.

Layout: ``corpora/labelling/<id>.md`` is the first labeller's file (the one the gold is
built from) and ``corpora/agreement/<labeller>/<id>.md`` a second, independent labelling of
the same text by another labeller who never saw the first. Agreement is the strict F1
between the two span sets per label (exact offsets and label; symmetric, so neither side
is "gold"), with lenient F1 (overlapping span, same label) beside it.

Every disagreement is then resolved under the guidelines and recorded in
``corpora/agreement/resolutions.tsv`` (``doc_id, start, end, text, first, second,
decision, reason``): ``decision`` says which reading the gold keeps (``first``,
``second`` or ``neither``/``other: ...``), and the gold file is edited to match.

Usage::

    python -m rheumex.corpora.agreement              # table per label + disagreements
    python -m rheumex.corpora.agreement --tsv out.tsv  # disagreements to resolve
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from rheumex.corpora.markup import LABELS, read_labelling_file

HERE = Path(__file__).resolve().parent


def _spans(path: Path) -> tuple[str, set[tuple[int, int, str]]]:
    _, marked = read_labelling_file(path)
    return marked.text, {(s.start, s.end, s.label) for s in marked.spans}


def pairs(agreement_dir: Path = HERE / "agreement", labelling_dir: Path = HERE / "labelling") -> list[tuple[str, str, Path, Path]]:
    """``(doc_id, second_labeller, first_file, second_file)`` for every doubly labelled document."""
    out = []
    for sub in sorted(p for p in agreement_dir.iterdir() if p.is_dir()) if agreement_dir.exists() else []:
        for f in sorted(sub.glob("*.md")):
            first = labelling_dir / f.name
            if first.exists():
                out.append((f.stem, sub.name, first, f))
    return out


def _f1(tp: int, n_a: int, n_b: int) -> float | None:
    return 2 * tp / (n_a + n_b) if n_a + n_b else None


def agreement(doc_pairs: list[tuple[str, str, Path, Path]]) -> dict:
    """Strict and lenient F1 per label and micro over all documents, plus disagreements."""
    counts = {lab: {"both": 0, "first": 0, "second": 0, "lenient_both_first": 0, "lenient_both_second": 0} for lab in LABELS}
    disagreements = []
    for doc_id, who, f_a, f_b in doc_pairs:
        text_a, a = _spans(f_a)
        text_b, b = _spans(f_b)
        if text_a != text_b:
            raise ValueError(f"{f_b}: its text differs from {f_a}; both must label the same source text")
        for lab in LABELS:
            sa = {s for s in a if s[2] == lab}
            sb = {s for s in b if s[2] == lab}
            c = counts[lab]
            c["both"] += len(sa & sb)
            c["first"] += len(sa)
            c["second"] += len(sb)
            c["lenient_both_first"] += sum(any(x[0] < y[1] and y[0] < x[1] for y in sb) for x in sa)
            c["lenient_both_second"] += sum(any(x[0] < y[1] and y[0] < x[1] for y in sa) for x in sb)
        for s in sorted(a ^ b):
            in_a = s in a
            partner = [t for t in (b if in_a else a) if t[0] < s[1] and s[0] < t[1] and t not in (a if in_a else b)]
            disagreements.append({"doc_id": doc_id, "second_labeller": who, "start": s[0], "end": s[1], "label": s[2],
                                  "text": text_a[s[0]:s[1]], "only_in": "first" if in_a else "second",
                                  "overlaps": "; ".join(f"{text_a[t[0]:t[1]]}|{t[2]}" for t in partner)})
    per_label = {}
    tot = {"both": 0, "first": 0, "second": 0, "lf": 0, "ls": 0}
    for lab, c in counts.items():
        lp = c["lenient_both_first"] / c["first"] if c["first"] else 0.0
        lr = c["lenient_both_second"] / c["second"] if c["second"] else 0.0
        per_label[lab] = {"first": c["first"], "second": c["second"], "both": c["both"],
                          "strict_f1": _f1(c["both"], c["first"], c["second"]),
                          "lenient_f1": (2 * lp * lr / (lp + lr)) if lp + lr else None}
        tot["both"] += c["both"]; tot["first"] += c["first"]; tot["second"] += c["second"]
        tot["lf"] += c["lenient_both_first"]; tot["ls"] += c["lenient_both_second"]
    lp = tot["lf"] / tot["first"] if tot["first"] else 0.0
    lr = tot["ls"] / tot["second"] if tot["second"] else 0.0
    micro = {"first": tot["first"], "second": tot["second"], "both": tot["both"],
             "strict_f1": _f1(tot["both"], tot["first"], tot["second"]),
             "lenient_f1": (2 * lp * lr / (lp + lr)) if lp + lr else None}
    return {"n_documents": len(doc_pairs), "documents": [p[0] for p in doc_pairs], "per_label": per_label,
            "micro": micro, "disagreements": disagreements}


def format_agreement(res: dict) -> str:
    lines = [f"{res['n_documents']} documents labelled twice, independently",
             f"{'label':16s} {'first':>6s} {'second':>6s} {'both':>6s} {'strict F1':>10s} {'lenient F1':>11s}"]
    rows = [*res["per_label"].items(), ("micro", res["micro"])]
    for lab, d in rows:
        f = lambda v: f"{v:.3f}" if v is not None else "-"
        lines.append(f"{lab:16s} {d['first']:6d} {d['second']:6d} {d['both']:6d} {f(d['strict_f1']):>10s} {f(d['lenient_f1']):>11s}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m rheumex.corpora.agreement", description=__doc__.split("\n\n")[0])
    ap.add_argument("--agreement", type=Path, default=HERE / "agreement")
    ap.add_argument("--labelling", type=Path, default=HERE / "labelling")
    ap.add_argument("--tsv", type=Path, help="write the disagreements to this TSV")
    ap.add_argument("--json", type=Path, help="write the figures to this JSON file")
    args = ap.parse_args(argv)
    doc_pairs = pairs(args.agreement, args.labelling)
    if not doc_pairs:
        print(f"no doubly labelled documents under {args.agreement}", file=sys.stderr)
        return 1
    res = agreement(doc_pairs)
    print(format_agreement(res))
    if args.tsv:
        with args.tsv.open("w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=list(res["disagreements"][0]) if res["disagreements"] else ["doc_id"], delimiter="\t")
            w.writeheader()
            w.writerows(res["disagreements"])
    if args.json:
        args.json.write_text(json.dumps({k: v for k, v in res.items() if k != "disagreements"}, indent=2), encoding="utf-8")
    print(f"{len(res['disagreements'])} disagreeing spans", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
