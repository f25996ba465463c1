"""Score the pipeline on PubTator corpora (NCBI-disease, BC5CDR) to compare with the literature.

Mapping (documented in the README): every disease type of NCBI-disease
(SpecificDisease, DiseaseClass, Modifier, CompositeMention) and BC5CDR ``Disease`` ->
our DISEASE; BC5CDR ``Chemical`` -> our TREATMENT (scored separately, and only as a rough
guide: BC5CDR chemicals include toxins, analytes and contrast agents that our label
contract excludes). Text = title + " " + abstract, as PubTator offsets require.

    python -m rheumex.evaluation.pubtator FILE.PubTator [--config CFG] [--labels DISEASE]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rheumex.evaluation.scorer import score

TYPE_MAP = {"SpecificDisease": "DISEASE", "DiseaseClass": "DISEASE", "Modifier": "DISEASE",
            "CompositeMention": "DISEASE", "Disease": "DISEASE", "Chemical": "TREATMENT"}


def read_pubtator_gold(path: str | Path) -> list[dict]:
    """PubTator file -> gold documents in the rheumex gold format (``split`` = ``all``)."""
    from rheumex.pipelines.build_lexicons import read_pubtator

    docs = []
    for d in read_pubtator(Path(path)):
        spans = [{"start": s, "end": e, "label": TYPE_MAP[t]} for s, e, _txt, t, _cid in d["mentions"] if t in TYPE_MAP]
        # PubTator may list one mention twice (e.g. two ids); the scorer wants unique spans
        uniq = {(s["start"], s["end"], s["label"]): s for s in spans}
        docs.append({"id": d["id"], "text": d["text"], "spans": sorted(uniq.values(), key=lambda s: (s["start"], s["end"])),
                     "meta": {"source": str(path), "split": "all", "sections": [[0, len(d["text"]), "Abstract", "abstract"]]}})
    return docs


def evaluate_pubtator(path: str | Path, config: str | None = None, labels: tuple[str, ...] = ("DISEASE",)) -> dict:
    """Strict/lenient P/R/F1 of the pipeline on one PubTator file for ``labels``."""
    from rheumex.evaluation.run import predict

    gold = read_pubtator_gold(path)
    preds = predict(gold, config)
    keep = set(labels)
    gold = [{**g, "spans": [s for s in g["spans"] if s["label"] in keep]} for g in gold]
    preds = [{**p, "spans": [s for s in p["spans"] if s["label"] in keep]} for p in preds]
    return score(gold, preds, labels=list(labels), bootstrap=0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m rheumex.evaluation.pubtator", description=__doc__.split("\n\n")[0])
    ap.add_argument("pubtator", type=Path)
    ap.add_argument("--config")
    ap.add_argument("--labels", nargs="+", default=["DISEASE"])
    args = ap.parse_args(argv)
    if not args.pubtator.exists():
        print(f"{args.pubtator}: file not found", file=sys.stderr)
        return 2
    m = evaluate_pubtator(args.pubtator, args.config, tuple(args.labels))
    print(json.dumps({mode: {l: {k: round(v, 4) for k, v in d.items() if k in ("precision", "recall", "f1")}
                             for l, d in m[mode]["per_label"].items()} for mode in ("strict", "lenient")}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
