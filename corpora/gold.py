"""The gold corpus: build it from the labelling files, load it, validate it.

Source of truth: ``corpora/labelling/<id>.md`` (hand-labelled, see ``markup.py`` and
``GUIDELINES.md``). ``python -m rheumex.corpora.gold build`` turns them into
``corpora/gold/gold.jsonl``, one document per line::

    {"id", "text", "spans": [{"start", "end", "label", "negated"?, "hypothetical"?, "case_id"?}],
     "meta": {"source", "licence", "split", "format", "text_sha256", "notes", "sections"}}

The split (dev ~70% / test ~30%) is frozen in ``corpora/gold/split.tsv``: a new document
gets a split once, by a hash of its id, and keeps it.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from importlib import resources
from pathlib import Path
from typing import Iterator

from rheumex.corpora.markup import LABELS, MarkupError, read_labelling_file
from rheumex.corpora.render import RENDER_FORMAT, jats_gold_text

HERE = Path(__file__).resolve().parent
GOLD_NAME = "gold.jsonl"


def default_gold_path():
    return resources.files("rheumex.corpora").joinpath("gold", GOLD_NAME)


def load_gold(path: str | Path | None = None, split: str = "all") -> list[dict]:
    """Gold documents (optionally one split: ``dev``, ``test`` or ``all``)."""
    p = default_gold_path() if path is None else Path(path)
    docs = [json.loads(l) for l in p.read_text(encoding="utf-8").splitlines() if l.strip()]
    if split != "all":
        docs = [d for d in docs if d["meta"].get("split") == split]
    return docs


def validate(docs: list[dict]) -> list[str]:
    """Problems in gold documents (empty list: valid)."""
    problems = []
    ids = set()
    for d in docs:
        did = d.get("id")
        if did in ids:
            problems.append(f"{did}: duplicate id")
        ids.add(did)
        text = d["text"]
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != d["meta"].get("text_sha256"):
            problems.append(f"{did}: text_sha256 does not match the text")
        last_end = -1
        for s in sorted(d["spans"], key=lambda s: (s["start"], s["end"])):
            where = f"{did} [{s['start']}:{s['end']}]"
            if not (0 <= s["start"] < s["end"] <= len(text)):
                problems.append(f"{where}: offsets out of bounds")
                continue
            frag = text[s["start"] : s["end"]]
            if frag != frag.strip():
                problems.append(f"{where}: leading/trailing white space in {frag!r}")
            if s["label"] not in LABELS:
                problems.append(f"{where}: unknown label {s['label']!r}")
            if s["start"] < last_end:
                problems.append(f"{where}: overlaps the previous span")
            last_end = max(last_end, s["end"])
        if d["meta"].get("split") not in ("dev", "test"):
            problems.append(f"{did}: split must be dev or test")
    return problems


def _read_split(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            k, v = line.split("\t")[:2]
            out[k] = v
    return out


#: Gold v2 (labels.md version 2): the locked test split for documents added from v2 on.
#: A new id is ``test`` when ``sha256("rheumex-gold-v2:" + id) mod 100 < 40``; ids already in
#: ``split.tsv`` keep their line. The v2 ids (30 Hindawi case reports, 57 MedPix
#: calcification cases) were written to ``split.tsv`` before any of them was labelled.
SPLIT_SALT = "rheumex-gold-v2:"
SPLIT_TEST_PERCENT = 40


def _assign_split(doc_id: str) -> str:
    """The frozen split of a document id not yet in ``split.tsv`` (locked test by hash)."""
    h = int(hashlib.sha256((SPLIT_SALT + doc_id).encode()).hexdigest(), 16)
    return "test" if h % 100 < SPLIT_TEST_PERCENT else "dev"


def pubtator_text(path: Path, pmid: str) -> str:
    """The text a PubTator abstract is labelled on: ``title + "\\n" + abstract + "\\n"``."""
    parts = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith(f"{pmid}|t|") or line.startswith(f"{pmid}|a|"):
                parts[line[len(pmid) + 1]] = line.rstrip("\n").split("|", 2)[2]
    if set(parts) != {"t", "a"}:
        raise MarkupError(f"{path}: no title and abstract for PMID {pmid}")
    return parts["t"] + "\n" + parts["a"] + "\n"


def iter_labelled(folder: Path) -> Iterator[tuple[str, dict, object]]:
    for f in sorted(folder.glob("*.md")):
        meta, marked = read_labelling_file(f)
        yield meta.get("id") or f.stem, meta, marked


def build(labelling: Path, out_dir: Path, shared: Path | None = None) -> list[dict]:
    """Build gold documents from labelling files; freeze new ids into split.tsv."""
    split_path = out_dir / "split.tsv"
    splits = _read_split(split_path)
    docs = []
    for doc_id, meta, marked in iter_labelled(labelling):
        text = marked.text
        sections = None
        src = meta.get("source", "")
        if shared is not None and "#" in src and (shared / src.split("#")[0]).exists():
            path, pmid = src.split("#", 1)
            if pubtator_text(shared / path, pmid) != text:
                raise MarkupError(f"{doc_id}: labelled text differs from PMID {pmid} in {path} (expected title, newline, abstract, newline)")
        elif shared is not None and src and (shared / src).exists() and meta.get("format") == RENDER_FORMAT:
            rendered, sections = jats_gold_text(shared / src, source=src)
            if rendered != text:
                raise MarkupError(f"{doc_id}: labelled text differs from rheumex.corpora.render.jats_gold_text({src}); relabel against the current rendering")
        elif shared is not None and src and (shared / src).exists():
            from rheumex.extract import convert

            converted = convert(shared / src, source=src)
            if converted.text != text:
                raise MarkupError(f"{doc_id}: labelled text differs from rheumex.extract.convert({src}); relabel against the current converter")
            sections = [[s.start, s.end, s.name, s.kind] for s in converted.sections]
        if doc_id not in splits:
            splits[doc_id] = _assign_split(doc_id)
        docs.append({
            "id": doc_id, "text": text, "spans": [s.to_json() for s in marked.spans],
            "meta": {"source": src, "licence": meta.get("licence"), "split": splits[doc_id],
                     "format": meta.get("format", "text"), "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                     "notes": meta.get("notes"), "second_reading_changes": meta.get("second_reading_changes"),
                     "sections": sections},
        })
    out_dir.mkdir(parents=True, exist_ok=True)
    split_path.write_text("# id\tsplit (frozen: never change a line, only add)\n" + "".join(f"{k}\t{v}\n" for k, v in sorted(splits.items())), encoding="utf-8")
    (out_dir / GOLD_NAME).write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    return docs


def statistics(docs: list[dict]) -> dict:
    stats: dict = {}
    for split in ("dev", "test", "all"):
        sel = [d for d in docs if split == "all" or d["meta"]["split"] == split]
        per = {l: 0 for l in LABELS}
        for d in sel:
            for s in d["spans"]:
                per[s["label"]] += 1
        stats[split] = {"documents": len(sel), "mentions": sum(per.values()), **per}
    return stats


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m rheumex.corpora.gold")
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="labelling files -> gold.jsonl")
    b.add_argument("--labelling", type=Path, default=HERE / "labelling")
    b.add_argument("--out", type=Path, default=HERE / "gold")
    b.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared", help="folder with the original source files (to check texts and record sections)")
    v = sub.add_parser("validate", help="check a gold file")
    v.add_argument("gold", type=Path, nargs="?")
    s = sub.add_parser("stats", help="documents and mentions per label and split")
    s.add_argument("gold", type=Path, nargs="?")
    args = ap.parse_args(argv)
    if args.cmd == "build":
        docs = build(args.labelling, args.out, args.shared if args.shared.exists() else None)
        problems = validate(docs)
        print(json.dumps(statistics(docs), indent=1))
    else:
        docs = load_gold(args.gold)
        problems = validate(docs)
        if args.cmd == "stats":
            print(json.dumps(statistics(docs), indent=1))
    for p in problems:
        print("invalid:", p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
