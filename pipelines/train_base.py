"""Train the rheumex base model (tok2vec + PTB tagger + dependency parser) on the CRAFT treebank.

Data: ``craft-conllu.tar.gz`` (CRAFT dependency treebank, 97 full-text PMC articles, CC BY 3.0;
``/work/shared/treebanks/craft`` here, or ``--treebank PATH``). The split is by article and
fixed in ``pipelines/data/craft_split.tsv`` (80 train / 8 dev / 9 test by sorted file name).

Tokens. CRAFT splits hyphens and slashes ("TGF - beta2", "wild - type"); the pipeline's
scispaCy tokenizer (``rheumex.scispacy_tokenizer.v1``) keeps such words whole. With
``--tokens pipeline`` (default, the shipped model) every paragraph is retokenized to the
pipeline tokenizer: the gold tokens that together form exactly one pipeline token are merged
(``Doc.retokenize``), and the merged token takes the tag, dependency label and head of the
piece whose head lies outside it (the span's syntactic root). Pipeline tokens that cross a
gold boundary or are finer than the gold tokens are left as in CRAFT. With ``--tokens craft``
the treebank's own tokens are kept (for the comparison in ``benchmarks/results/base-model.md``).

Coarse POS: ``doc.noun_chunks`` needs ``Token.pos_``; an ``attribute_ruler`` maps each PTB tag to
its UPOS from ``pipelines/data/ptb_tag_map.tsv`` (the most frequent UPOS of that tag in the
CRAFT training articles, written by the ``tag-map`` command).

    python -m rheumex.pipelines.train_base convert --out DIR [--tokens pipeline|craft]
    python -m rheumex.pipelines.train_base train --out DIR [--max-steps N] [--tokens ...]
    python -m rheumex.pipelines.train_base evaluate --model DIR [--split test]
    python -m rheumex.pipelines.train_base install --model DIR/model-best   # -> pipelines/models/base
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tarfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

import rheumex.pipelines  # noqa: F401  (registers rheumex.scispacy_tokenizer.v1)

HERE = Path(__file__).resolve().parent
SPLIT_FILE = HERE / "data" / "craft_split.tsv"
TAG_MAP_FILE = HERE / "data" / "ptb_tag_map.tsv"
CONFIG = HERE / "configs" / "base_train.cfg"
PACKAGED = HERE / "models" / "base"
DEFAULT_TREEBANK = Path("/work/shared/treebanks/craft/craft-conllu.tar.gz")


@dataclass
class Sentence:
    """One CoNLL-U sentence: parallel token columns, heads 0-based within the sentence (root: itself)."""
    words: list[str] = field(default_factory=list)
    spaces: list[bool] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    pos: list[str] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)
    heads: list[int] = field(default_factory=list)
    deps: list[str] = field(default_factory=list)


def read_conllu(text: str) -> list[list[Sentence]]:
    """CoNLL-U text -> paragraphs (``# newpar``) of sentences. Multiword-token and empty-node
    lines are skipped; the label ``root`` becomes spaCy's ``ROOT``."""
    paragraphs: list[list[Sentence]] = []
    sent: Sentence | None = None
    for line in text.splitlines():
        if line.startswith("# newpar") or (line.startswith("# newdoc")):
            paragraphs.append([])
            continue
        if line.startswith("#"):
            continue
        if not line.strip():
            sent = None
            continue
        cols = line.split("\t")
        if "-" in cols[0] or "." in cols[0]:
            continue
        if sent is None:
            sent = Sentence()
            if not paragraphs:
                paragraphs.append([])
            paragraphs[-1].append(sent)
        i = int(cols[0]) - 1
        head = int(cols[6])
        sent.words.append(cols[1])
        sent.lemmas.append(cols[2])
        sent.pos.append(cols[3])
        sent.tags.append(cols[4])
        sent.heads.append(i if head == 0 else head - 1)
        sent.deps.append("ROOT" if cols[7] == "root" else cols[7])
        sent.spaces.append("SpaceAfter=No" not in cols[9])
    return [p for p in paragraphs if p]


def gold_doc(vocab, paragraph: list[Sentence]) -> Doc:
    """A gold Doc (words, spaces, tags, pos, lemmas, heads, deps, sentence starts) for one paragraph;
    sentences are separated by one space."""
    words, spaces, tags, pos, lemmas, heads, deps, starts = [], [], [], [], [], [], [], []
    for s in paragraph:
        off = len(words)
        words += s.words
        sp = list(s.spaces)
        sp[-1] = True
        spaces += sp
        tags += s.tags
        pos += s.pos
        lemmas += s.lemmas
        heads += [h + off for h in s.heads]
        deps += s.deps
        starts += [True] + [False] * (len(s.words) - 1)
    spaces[-1] = False
    return Doc(vocab, words=words, spaces=spaces, tags=tags, pos=pos, lemmas=lemmas, heads=heads, deps=deps,
               sent_starts=starts)


def retokenize_to(doc: Doc, nlp: Language, stats: Counter | None = None) -> Doc:
    """Merge the gold tokens that form exactly one token of ``nlp``'s tokenizer (in place, returned).

    The merged token keeps the attributes, label and head of the span's syntactic root
    (spaCy's merge default). Counts merged pieces in ``stats``."""
    stats = stats if stats is not None else Counter()
    pred = nlp.make_doc(doc.text)
    spans = []
    for t in pred:
        if t.is_space:
            continue
        span = doc.char_span(t.idx, t.idx + len(t.text))
        if span is None:
            stats["pipeline_token_crosses_gold"] += 1
        elif len(span) > 1:
            spans.append(span)
            stats["merged_pipeline_tokens"] += 1
            stats["merged_gold_tokens"] += len(span)
    with doc.retokenize() as retok:
        for span in spans:
            root = span.root
            retok.merge(span, attrs={"TAG": root.tag_, "POS": root.pos_, "DEP": root.dep_})
    stats["gold_tokens_after"] += len(doc)
    return doc


def blank_nlp() -> Language:
    """Blank English with the rheumex (scispaCy) tokenizer, as in the pipeline configs."""
    return spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "rheumex.scispacy_tokenizer.v1"}}})


def read_split(path: Path = SPLIT_FILE) -> dict[str, str]:
    """``article file name -> train/dev/test`` from the split file (``#`` lines are comments)."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip() or line.startswith("article\t"):
            continue
        name, part = line.split("\t")[:2]
        out[name] = part
    return out


def write_split(names: list[str], path: Path = SPLIT_FILE, n_dev: int = 8, n_test: int = 9) -> None:
    """Fix the split by sorted article file name: the first ``len - n_dev - n_test`` train, then dev, then test."""
    names = sorted(names)
    n_train = len(names) - n_dev - n_test
    lines = ["# CRAFT treebank split BY ARTICLE for the rheumex base model (pipelines/train_base.py):",
             f"# sorted file names of craft-conllu.tar.gz; first {n_train} train, next {n_dev} dev, last {n_test} test.",
             "# The test articles are used only for the held-out figures in benchmarks/results/base-model.md.",
             "article\tsplit"]
    for i, n in enumerate(names):
        lines.append(f"{n}\t{'train' if i < n_train else 'dev' if i < n_train + n_dev else 'test'}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def iter_articles(treebank: Path) -> Iterator[tuple[str, str]]:
    """(file name, CoNLL-U text) for every article in the treebank tarball (or a folder of .conllu)."""
    if treebank.is_dir():
        for p in sorted(treebank.glob("*.conllu")):
            yield p.name, p.read_text(encoding="utf-8")
        return
    if not treebank.is_file():
        raise FileNotFoundError(f"CRAFT treebank not found: {treebank}; pass --treebank PATH to craft-conllu.tar.gz")
    with tarfile.open(treebank) as tar:
        for m in sorted(tar.getmembers(), key=lambda m: m.name):
            if m.name.endswith(".conllu"):
                yield Path(m.name).name, tar.extractfile(m).read().decode("utf-8")


def split_docs(treebank: Path, part: str, tokens: str = "pipeline", nlp: Language | None = None,
               stats: Counter | None = None) -> list[Doc]:
    """Gold paragraph Docs of one split part, retokenized to the pipeline tokenizer if ``tokens == "pipeline"``."""
    nlp = nlp or blank_nlp()
    split = read_split()
    docs = []
    for name, text in iter_articles(treebank):
        if split.get(name) != part:
            continue
        for para in read_conllu(text):
            doc = gold_doc(nlp.vocab, para)
            if stats is not None:
                stats["gold_tokens"] += len(doc)
            if tokens == "pipeline":
                retokenize_to(doc, nlp, stats)
            docs.append(doc)
    return docs


def write_tag_map(treebank: Path, path: Path = TAG_MAP_FILE) -> dict[str, str]:
    """Most frequent UPOS for each PTB tag in the training articles -> ``ptb_tag_map.tsv``."""
    split = read_split()
    counts: dict[str, Counter] = defaultdict(Counter)
    for name, text in iter_articles(treebank):
        if split.get(name) != "train":
            continue
        for para in read_conllu(text):
            for s in para:
                for t, p in zip(s.tags, s.pos):
                    counts[t][p] += 1
    mapping = {t: c.most_common(1)[0][0] for t, c in sorted(counts.items())}
    lines = ["# PTB tag -> coarse UPOS for the base model's attribute_ruler (doc.noun_chunks needs Token.pos_).",
             "# Most frequent UPOS of each tag in the CRAFT training articles (python -m rheumex.pipelines.train_base tag-map).",
             "tag\tpos\tcount"]
    lines += [f"{t}\t{p}\t{sum(counts[t].values())}" for t, p in mapping.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return mapping


def read_tag_map(path: Path = TAG_MAP_FILE) -> dict[str, str]:
    """``PTB tag -> UPOS`` from ``ptb_tag_map.tsv``."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("tag\t") or not line.strip():
            continue
        t, p = line.split("\t")[:2]
        out[t] = p
    return out


def convert(treebank: Path, out: Path, tokens: str = "pipeline") -> dict:
    """Write ``train.spacy`` / ``dev.spacy`` / ``test.spacy`` (+ ``*-craft.spacy`` gold-token test) to ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    nlp = blank_nlp()
    report = {"tokens": tokens}
    for part in ("train", "dev", "test"):
        stats: Counter = Counter()
        docs = split_docs(treebank, part, tokens, nlp, stats)
        DocBin(docs=docs, store_user_data=False).to_disk(out / f"{part}.spacy")
        report[part] = {"docs": len(docs), **stats}
        print(part, report[part], flush=True)
    (out / "convert.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    return report


def train(treebank: Path, out: Path, tokens: str = "pipeline", max_steps: int = 20000, overrides: dict | None = None) -> Path:
    """Convert (if needed) and train with ``configs/base_train.cfg``; returns ``out/model-best``."""
    from spacy.cli.train import train as spacy_train

    data = out / "data"
    if not (data / "train.spacy").is_file():
        convert(treebank, data, tokens)
    ov = {"paths.train": str(data / "train.spacy"), "paths.dev": str(data / "dev.spacy"),
          "training.max_steps": max_steps}
    ov.update(overrides or {})
    t0 = time.time()
    spacy_train(CONFIG, out, overrides=ov)
    print(f"trained in {time.time() - t0:.0f} s", flush=True)
    return out / "model-best"


def add_attribute_ruler(nlp: Language, mapping: dict[str, str] | None = None) -> None:
    """Add (or refill) the ``attribute_ruler`` after the tagger: PTB tag -> coarse POS."""
    mapping = mapping or read_tag_map()
    if "attribute_ruler" in nlp.pipe_names:
        nlp.remove_pipe("attribute_ruler")
    ruler = nlp.add_pipe("attribute_ruler", after="tagger")
    for tag, pos in mapping.items():
        ruler.add([[{"TAG": tag}]], {"POS": pos})


def install(model: Path, dest: Path = PACKAGED) -> Path:
    """Copy a trained model into the package as ``pipelines/models/base`` with the attribute_ruler added."""
    nlp = spacy.load(model)
    add_attribute_ruler(nlp)
    nlp.meta.update({"name": "rheumex_base", "version": "1.0.0",
                     "description": "rheumex base model: tok2vec + PTB tagger + dependency parser trained on the CRAFT "
                                    "treebank (80 articles, pipelines/data/craft_split.tsv), retokenized to the "
                                    "rheumex scispaCy tokenizer; attribute_ruler PTB tag -> UPOS.",
                     "license": "CC BY 3.0 (CRAFT annotations)",
                     "sources": [{"name": "CRAFT dependency treebank", "url": "https://github.com/UCDenver-ccp/CRAFT",
                                  "license": "CC BY 3.0"}]})
    if dest.exists():
        shutil.rmtree(dest)
    nlp.to_disk(dest)
    return dest


# ---------------------------------------------------------------------------------------- evaluation

def _scores(examples) -> dict:
    from spacy.scorer import Scorer

    s = Scorer.score_token_attr(examples, "tag")
    d = Scorer.score_deps(examples, "dep", head_attr="head", head_getter=lambda t, attr: t.head,
                          ignore_labels=("p", "punct"))
    n_gold = sum(len(e.reference) for e in examples)
    return {"tag_acc": s["tag_acc"], "uas": d["dep_uas"], "las": d["dep_las"], "gold_tokens": n_gold}


def evaluate(model: Path | Language, treebank: Path, part: str = "test") -> dict:
    """Tag accuracy, UAS, LAS (punctuation excluded, as spaCy's scorer does) on one split part.

    - ``craft_tokens``: the CRAFT gold tokens, parsed within the gold sentences;
    - ``pipeline_gold_tokens``: the gold tokens retokenized to the pipeline tokenizer;
    - ``raw_text``: the paragraph text through the pipeline tokenizer, sentence starts set from
      the gold sentences (as the rheumex sentencizer does in the pipeline), scored against the
      CRAFT gold tokens by spaCy's alignment: a gold token that is not aligned one to one counts
      as wrong;
    - ``raw_text_one_to_one``: the same, only over gold tokens aligned one to one.
    """
    from spacy.training import Example

    nlp = spacy.load(model) if not isinstance(model, Language) else model
    tok = blank_nlp()
    names = [n for n in nlp.pipe_names if n in ("tok2vec", "tagger", "parser", "attribute_ruler")]
    out = {}
    craft = split_docs(treebank, part, "craft", tok)
    for label, refs in (("craft_tokens", craft), ("pipeline_gold_tokens", None)):
        if refs is None:
            refs = split_docs(treebank, part, "pipeline", tok)
        preds = []
        for r in refs:
            d = Doc(nlp.vocab, words=[t.text for t in r], spaces=[bool(t.whitespace_) for t in r],
                    sent_starts=[bool(t.is_sent_start) for t in r])
            preds.append(d)
        t0 = time.perf_counter()
        with nlp.select_pipes(enable=names):
            preds = list(nlp.pipe(preds, batch_size=64))
        secs = time.perf_counter() - t0
        out[label] = {**_scores([Example(p, r) for p, r in zip(preds, refs)]),
                      "words_per_s": sum(len(p) for p in preds) / secs}
    # raw text through the pipeline tokenizer
    preds = []
    for r in craft:
        d = tok.make_doc(r.text)
        starts = {t.idx for t in r if t.is_sent_start}
        for t in d:
            t.is_sent_start = t.idx in starts
        preds.append(Doc(nlp.vocab, words=[t.text for t in d], spaces=[bool(t.whitespace_) for t in d],
                         sent_starts=[bool(t.is_sent_start) for t in d]))
    with nlp.select_pipes(enable=names):
        preds = list(nlp.pipe(preds, batch_size=64))
    examples = [Example(p, r) for p, r in zip(preds, craft)]
    out["raw_text"] = _scores(examples)
    # one-to-one aligned subset
    tag_ok = uas_ok = las_ok = n = n_dep = 0
    total = 0
    for ex in examples:
        al = ex.alignment
        for gi, g in enumerate(ex.reference):
            total += 1
            if al.y2x.lengths[gi] != 1:
                continue
            pi = al.y2x[gi][0]
            if al.x2y.lengths[pi] != 1:
                continue
            p = ex.predicted[pi]
            n += 1
            tag_ok += p.tag_ == g.tag_
            if g.dep_ in ("punct", "p"):
                continue
            n_dep += 1
            ph = p.head.i
            gh = al.x2y[ph] if al.x2y.lengths[ph] == 1 else []
            if len(gh) == 1 and gh[0] == g.head.i:
                uas_ok += 1
                las_ok += p.dep_.lower() == g.dep_.lower()
    out["raw_text_one_to_one"] = {"tag_acc": tag_ok / n, "uas": uas_ok / n_dep, "las": las_ok / n_dep,
                                  "gold_tokens": n, "share_of_gold_tokens": n / total}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("command", choices=["split", "tag-map", "convert", "train", "evaluate", "install"])
    ap.add_argument("--treebank", type=Path, default=DEFAULT_TREEBANK)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--model", type=Path)
    ap.add_argument("--tokens", choices=["pipeline", "craft"], default="pipeline")
    ap.add_argument("--split", default="test", choices=["dev", "test"])
    ap.add_argument("--max-steps", type=int, default=20000)
    ap.add_argument("--gold-preproc", action="store_true", help="train on gold sentences and tokens (one example per sentence)")
    a = ap.parse_args(argv)
    if a.command == "split":
        write_split([n for n, _ in iter_articles(a.treebank)])
    elif a.command == "tag-map":
        print(write_tag_map(a.treebank))
    elif a.command == "convert":
        convert(a.treebank, a.out, a.tokens)
    elif a.command == "train":
        ov = {"corpora.train.gold_preproc": True, "corpora.dev.gold_preproc": True} if a.gold_preproc else {}
        train(a.treebank, a.out, a.tokens, a.max_steps, ov)
    elif a.command == "evaluate":
        res = evaluate(a.model, a.treebank, a.split)
        print(json.dumps(res, indent=1))
    elif a.command == "install":
        print(install(a.model))
    return 0


if __name__ == "__main__":
    sys.exit(main())
