"""Score the packaged statistical NER (``rheumex_ner``) ALONE on NCBI-disease devel and BC5CDR dev.

Model-only: blank English + the rheumex tokenizer + ``rheumex_ner``; no lexicons, no
resolver. Strict span-level P/R/F1 (exact character offsets and label), micro over
documents, per label: DISEASE on both files, CHEMICAL on BC5CDR (gold "Chemical"; note
``read_pubtator_gold`` calls it TREATMENT, renamed back here). Text = title + " " + abstract.
"reachable" = gold spans whose offsets fall on rheumex token boundaries (the ceiling for
strict recall of any token-level model on this tokenizer).

With ``--end-to-end`` it also scores the full pipeline with ``configs/ner.cfg`` (rules + NER; and
``rules.cfg``, rules only, for comparison) through ``rheumex.evaluation.pubtator`` (registering the
``rheumex_ner`` factory first, as ``rheumex.pipelines`` does not import it yet); with
``--train-only-lexicons`` also both configs with lexicons rebuilt from the training splits
(the shipped lexicons contain the dev splits' names, so their dev scores are optimistic).
End-to-end scores use the pipeline's labels (BC5CDR Chemical = TREATMENT).

    python benchmarks/ner_model.py [--model DIR] [--end-to-end [--train-only-lexicons]] [--json OUT]
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import rheumex.pipelines  # noqa: F401
import rheumex.pipelines.ner  # noqa: F401  (registers "rheumex_ner")
from rheumex.evaluation.pubtator import read_pubtator_gold
from rheumex.pipelines.train_ner import blank_nlp

SOURCES = Path(rheumex.pipelines.__file__).resolve().parent / "data" / "sources"
CONFIGS = Path(rheumex.pipelines.__file__).resolve().parent / "configs"
FILES = {"NCBI-disease devel": ("NCBIdevelopset_corpus.txt", ("DISEASE",)),
         "BC5CDR dev": ("CDR_DevelopmentSet.PubTator.txt", ("DISEASE", "CHEMICAL"))}
RENAME = {"TREATMENT": "CHEMICAL"}


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4),
            "tp": tp, "fp": fp, "fn": fn}


def score_model(path: Path, labels: tuple[str, ...], nlp) -> dict:
    gold = read_pubtator_gold(path)
    t0 = time.time()
    docs = list(nlp.pipe([g["text"] for g in gold], batch_size=32))
    secs = time.time() - t0
    counts = {l: Counter() for l in labels}
    for g, doc in zip(gold, docs):
        bounds_s, bounds_e = {t.idx for t in doc}, {t.idx + len(t) for t in doc}
        gs = {(s["start"], s["end"], RENAME.get(s["label"], s["label"])) for s in g["spans"]}
        ps = {(e.start_char, e.end_char, e.label_) for e in doc.ents}
        for l in labels:
            gl, pl = {x for x in gs if x[2] == l}, {x for x in ps if x[2] == l}
            c = counts[l]
            c["tp"] += len(gl & pl)
            c["fp"] += len(pl - gl)
            c["fn"] += len(gl - pl)
            c["gold"] += len(gl)
            c["reachable"] += sum(1 for s, e, _ in gl if s in bounds_s and e in bounds_e)
    out = {}
    for l, c in counts.items():
        out[l] = prf(c["tp"], c["fp"], c["fn"]) | {"gold": c["gold"], "reachable": c["reachable"],
                                                   "max_recall": round(c["reachable"] / c["gold"], 4) if c["gold"] else None}
    tot = Counter()
    for c in counts.values():
        tot.update(c)
    out["micro"] = prf(tot["tp"], tot["fp"], tot["fn"])
    out["seconds"] = round(secs, 1)
    out["docs"] = len(gold)
    return out


def train_only_configs(tmp: Path, names: tuple[str, ...]) -> dict[str, Path]:
    """Copies of ``configs/<name>`` whose lexicons are rebuilt from the TRAINING splits only
    (``build_lexicons --train-only``, as in benchmarks/pubtator.py): the shipped lexicons also
    hold the development splits' names, which makes any dev score with them optimistic."""
    lex = tmp / "lexicon"
    subprocess.run([sys.executable, "-m", "rheumex.pipelines.build_lexicons", "--train-only", "--out", str(lex)], check=True,
                   capture_output=True)
    shipped = CONFIGS.parent / "data" / "lexicon"

    def absolute(m: re.Match) -> str:
        files = json.loads(m.group(2))
        return m.group(1) + json.dumps([str(lex / n) if (lex / n).exists() else str(shipped / n) for n in files])

    out = {}
    for name in names:
        cfg = re.sub(r"^((?:files|lexicon_files) = )(\[.*\])$", absolute, (CONFIGS / name).read_text(encoding="utf-8"), flags=re.M)
        out[name] = tmp / f"train_only_{name}"
        out[name].write_text(cfg, encoding="utf-8")
    return out


def end_to_end(path: Path, config: Path, labels: tuple[str, ...]) -> dict:
    from rheumex.evaluation.pubtator import evaluate_pubtator

    m = evaluate_pubtator(path, str(config), labels)
    return {mode: {l: {k: round(v, 4) for k, v in d.items() if k in ("precision", "recall", "f1")}
                   for l, d in m[mode]["per_label"].items()} for mode in ("strict", "lenient")}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", default="packaged", help='"packaged" (pipelines/models/ner) or a spaCy model folder')
    ap.add_argument("--sources", type=Path, default=SOURCES)
    ap.add_argument("--end-to-end", action="store_true", help="also score configs/ner.cfg (rules + NER) and rules.cfg (rules only)")
    ap.add_argument("--train-only-lexicons", action="store_true",
                    help="with --end-to-end: also score both configs with lexicons built from the training splits only")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)
    except ImportError:
        pass
    nlp = blank_nlp()
    nlp.add_pipe("rheumex_ner", config={"model": args.model})
    res: dict = {"model_only": {}}
    for name, (fname, labels) in FILES.items():
        res["model_only"][name] = score_model(args.sources / fname, labels, nlp)
        print(name, json.dumps(res["model_only"][name]), flush=True)
    if args.end_to_end:
        with tempfile.TemporaryDirectory() as tmp:
            configs = {cfg: CONFIGS / cfg for cfg in ("ner.cfg", "rules.cfg")}
            if args.train_only_lexicons:
                configs.update({f"{k} + train-only lexicons": v for k, v in
                                train_only_configs(Path(tmp), ("ner.cfg", "rules.cfg")).items()})
            for cname, cfg in configs.items():
                res[cname] = {}
                for name, (fname, labels) in FILES.items():
                    labels = tuple("TREATMENT" if l == "CHEMICAL" else l for l in labels)
                    res[cname][name] = end_to_end(args.sources / fname, cfg, labels)
                    print(cname, name, json.dumps(res[cname][name]), flush=True)
    if args.json:
        args.json.write_text(json.dumps(res, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
