"""Train the small rheumex NER (DISEASE, CHEMICAL) from scratch on public TRAINING splits.

Data (``pipelines/data/sources``): NCBI-disease train (``NCBItrainset_corpus.txt``, every
mention type -> DISEASE) and BC5CDR train (``CDR_TrainingSet.PubTator.txt``, Disease ->
DISEASE, Chemical -> CHEMICAL). The official development sets are never read here; a
seeded 10 % of the training documents is held out for early stopping and model-best.

NCBI abstracts carry no chemical labels. With ``--ncbi-outside gazetteer`` (default)
their tokens are "O" except tokens matching a chemical name seen in the BC5CDR training
annotations, which are marked missing (spaCy's ``-``, neither entity nor O), so the
model is never taught that a real chemical in an NCBI abstract is "not an entity".
``--ncbi-outside missing`` marks every NCBI token outside the disease spans missing;
``--ncbi-outside outside`` treats them all as O.

Text = title + " " + abstract (PubTator offsets), tokenized by ``rheumex.scispacy_tokenizer.v1``;
character spans are aligned with ``doc.char_span(..., alignment_mode="expand")``.

    python -m rheumex.pipelines.train_ner --out DIR [--max-docs N] [--max-steps N] [--install]
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from collections import Counter
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span
from spacy.util import filter_spans

import rheumex.pipelines  # noqa: F401  (registers rheumex.scispacy_tokenizer.v1)
from rheumex.pipelines.build_lexicons import read_pubtator

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "data" / "sources"
CONFIG = HERE / "configs" / "ner_train.cfg"
PACKAGED = HERE / "models" / "ner"
TRAIN_FILES = {"ncbi": SOURCES / "NCBItrainset_corpus.txt", "cdr": SOURCES / "CDR_TrainingSet.PubTator.txt"}
LABEL_MAP = {"SpecificDisease": "DISEASE", "DiseaseClass": "DISEASE", "Modifier": "DISEASE",
             "CompositeMention": "DISEASE", "Disease": "DISEASE", "Chemical": "CHEMICAL"}
LABELS = ("DISEASE", "CHEMICAL")


def blank_nlp() -> Language:
    """Blank English with the rheumex (scispaCy) tokenizer, as in the pipeline configs."""
    return spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "rheumex.scispacy_tokenizer.v1"}}})


def chemical_names(cdr_docs: list[dict]) -> set[str]:
    """Surface forms of every Chemical mention in (training) BC5CDR documents."""
    return {m[2] for d in cdr_docs for m in d["mentions"] if m[3] == "Chemical" and m[2].strip()}


def _gazetteer_matcher(nlp: Language, names: set[str]):
    """PhraseMatcher for chemical names: case-sensitive for short names ("NO", "Ca"), else lower case."""
    from spacy.matcher import PhraseMatcher

    lower, exact = PhraseMatcher(nlp.vocab, attr="LOWER"), PhraseMatcher(nlp.vocab, attr="ORTH")
    lower.add("CHEM", [nlp.make_doc(n) for n in sorted(names) if len(n) > 4])
    exact.add("CHEM", [nlp.make_doc(n) for n in sorted(names) if len(n) <= 4])
    return lambda doc: [(s, e) for m in (lower, exact) for _id, s, e in m(doc)]


def pubtator_docs(nlp: Language, docs: list[dict], has_chemical: bool, outside: str = "gazetteer",
                  gazetteer=None, stats: Counter | None = None) -> list[Doc]:
    """Parsed PubTator documents (``read_pubtator``) -> Docs whose ``ents`` hold the gold spans.

    ``has_chemical`` False (NCBI): tokens are O / missing as described in the module doc.
    ``stats`` counts mentions, exact/expanded/failed alignments and dropped overlaps.
    """
    stats = stats if stats is not None else Counter()
    out = []
    for d in docs:
        doc = nlp.make_doc(d["text"])
        doc.user_data["pubtator_id"] = d["id"]
        spans, seen = [], set()
        for s, e, _txt, typ, _cid in d["mentions"]:
            label = LABEL_MAP.get(typ)
            if label is None or (s, e, label) in seen:
                continue
            seen.add((s, e, label))
            stats["mentions"] += 1
            span = doc.char_span(s, e, label=label, alignment_mode="expand")
            if span is None:
                stats["unalignable"] += 1
                continue
            if (span.start_char, span.end_char) != (s, e):
                stats["misaligned_expanded"] += 1
                stats[f"misaligned_{label}"] += 1
            spans.append(span)
        kept = filter_spans(spans)
        stats["overlap_dropped"] += len(spans) - len(kept)
        missing: list[Span] = []
        if not has_chemical and outside != "outside":
            covered = {i for sp in kept for i in range(sp.start, sp.end)}
            if outside == "missing":
                idx = [i for i in range(len(doc)) if i not in covered]
            else:  # gazetteer
                idx = sorted({i for s, e in (gazetteer(doc) if gazetteer else []) for i in range(s, e)} - covered)
            missing = [doc[i:i + 1] for i in idx]
            stats["missing_tokens"] += len(missing)
        doc.set_ents(kept, missing=missing, default="outside")
        stats["entities"] += len(kept)
        stats["docs"] += 1
        stats["tokens"] += len(doc)
        out.append(doc)
    return out


def convert(out_dir: Path, max_docs: int | None = None, dev_fraction: float = 0.1, seed: int = 42,
            outside: str = "gazetteer") -> dict:
    """Write ``train.spacy`` and ``dev.spacy`` (held-out training documents) to ``out_dir``."""
    nlp = blank_nlp()
    parsed = {k: read_pubtator(p) for k, p in TRAIN_FILES.items()}
    if max_docs:
        parsed = {k: v[:max_docs] for k, v in parsed.items()}
    gaz = _gazetteer_matcher(nlp, chemical_names(parsed["cdr"])) if outside == "gazetteer" else None
    rng = random.Random(seed)
    train, dev, report = [], [], {}
    for name, docs in parsed.items():
        stats: Counter = Counter()
        converted = pubtator_docs(nlp, docs, has_chemical=(name == "cdr"), outside=outside, gazetteer=gaz, stats=stats)
        rng.shuffle(converted)
        n_dev = max(1, round(len(converted) * dev_fraction))
        dev += converted[:n_dev]
        train += converted[n_dev:]
        report[name] = dict(stats) | {"train_docs": len(converted) - n_dev, "heldout_docs": n_dev}
    out_dir.mkdir(parents=True, exist_ok=True)
    for split, docs in (("train", train), ("dev", dev)):
        db = DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE"], store_user_data=False)
        for doc in docs:
            db.add(doc)
        db.to_disk(out_dir / f"{split}.spacy")
    return report


def train(out_dir: Path, max_steps: int | None = None, eval_frequency: int | None = None, patience: int | None = None,
          seed: int = 42) -> Path:
    from spacy.cli.train import train as spacy_train

    overrides = {"paths.train": str(out_dir / "corpus" / "train.spacy"), "paths.dev": str(out_dir / "corpus" / "dev.spacy"),
                 "system.seed": seed}
    if max_steps is not None:
        overrides["training.max_steps"] = max_steps
    if eval_frequency is not None:
        overrides["training.eval_frequency"] = eval_frequency
    if patience is not None:
        overrides["training.patience"] = patience
    spacy_train(CONFIG, out_dir / "model", overrides=overrides)
    return out_dir / "model" / "model-best"


def install(model_best: Path, dest: Path = PACKAGED) -> None:
    """Copy model-best into the package (``pipelines/models/ner``), replacing what is there."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(model_best, dest)
    from thinc.api import Config

    cfg = Config().from_disk(dest / "config.cfg", interpolate=False)
    cfg["paths"]["train"] = cfg["paths"]["dev"] = None  # no local training paths in the shipped config
    cfg.to_disk(dest / "config.cfg", interpolate=False)
    meta_path = dest / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update({"name": "rheumex_ner", "description": "rheumex DISEASE/CHEMICAL NER trained from scratch (no vectors) on the "
                 "NCBI-disease and BC5CDR training splits with the rheumex tokenizer (pipelines/train_ner.py); "
                 "performance = held-out 10% of the training documents", "sources": [
                     {"name": "NCBI-disease corpus (train)", "url": "https://www.ncbi.nlm.nih.gov/CBBresearch/Dogan/DISEASE/"},
                     {"name": "BioCreative V CDR corpus (train)", "url": "https://biocreative.bioinformatics.udel.edu/tasks/biocreative-v/track-3-cdr/"}]})
    meta_path.write_text(json.dumps(meta, indent=2), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m rheumex.pipelines.train_ner", description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, required=True, help="work folder: corpus/*.spacy, model/model-best, model/model-last")
    ap.add_argument("--max-docs", type=int, default=None, help="use only the first N documents of each corpus (smoke run)")
    ap.add_argument("--max-steps", type=int, default=None, help="override [training] max_steps")
    ap.add_argument("--eval-frequency", type=int, default=None)
    ap.add_argument("--patience", type=int, default=None)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--dev-fraction", type=float, default=0.1, help="share of the training documents held out for model-best")
    ap.add_argument("--ncbi-outside", choices=["gazetteer", "missing", "outside"], default="gazetteer",
                    help="NCBI tokens outside disease spans: O except chemical-gazetteer hits (missing), all missing, or all O")
    ap.add_argument("--convert-only", action="store_true")
    ap.add_argument("--install", action="store_true", help="copy model-best to pipelines/models/ner")
    ap.add_argument("--threads", type=int, default=1, help="BLAS threads (also set OMP_NUM_THREADS=1 in the environment)")
    args = ap.parse_args(argv)

    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(args.threads)
    except ImportError:
        pass
    t0 = time.time()
    report = convert(args.out / "corpus", args.max_docs, args.dev_fraction, args.seed, args.ncbi_outside)
    report["ncbi_outside"] = args.ncbi_outside
    (args.out / "conversion.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(json.dumps(report, indent=1), file=sys.stderr)
    if args.convert_only:
        return 0
    t1 = time.time()
    best = train(args.out, args.max_steps, args.eval_frequency, args.patience, args.seed)
    t2 = time.time()
    timing = {"convert_s": round(t1 - t0, 1), "train_s": round(t2 - t1, 1)}
    (args.out / "timing.json").write_text(json.dumps(timing), encoding="utf-8")
    print(json.dumps(timing), file=sys.stderr)
    if args.install:
        install(best)
        print(f"installed {best} -> {PACKAGED}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
