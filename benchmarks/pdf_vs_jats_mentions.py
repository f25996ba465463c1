"""What PDF conversion costs the entity pipeline: mentions from each publisher PDF against mentions
from the same paper's JATS XML (the publisher's own structured text).

The 49 Hindawi articles of ``/work/shared/docs/hindawi`` come as ``fulltext.pdf`` and ``fulltext.xml``.
Both are run through ``rheumex extract`` (default pipeline); per paper, mentions are compared as
multisets of (label, normalised text) (lower case, hyphens and soft hyphens dropped, curly
apostrophes straightened, spaces collapsed). A mention found only in the PDF run or only in the
JATS run is a place where conversion changed what the pipeline read: a word split at a line end,
table cells run together, a heading glued to its paragraph, a caption in the body. Reported: per
label the mentions in both, only in the PDF, only in the JATS, and the agreement F1
(2 x both / (PDF + JATS)); the most frequent differences are listed for reading.

    python benchmarks/pdf_vs_jats_mentions.py [--docs DIR] [--workers 2] [--top 30] [--json F]

Needs ``/work/shared/docs/hindawi`` (or ``--docs``); says so and exits 0 when it is absent.
"""
from __future__ import annotations

import argparse
import collections
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

DEFAULT_DOCS = Path("/work/shared/docs/hindawi")


def norm(text: str) -> str:
    """The comparison form of a mention's text."""
    t = text.lower().replace("\u00ad", "").replace("-", "").replace("\u2019", "'")
    return re.sub(r"\s+", " ", t).strip()


def run(files: list[Path], out: Path, workers: int) -> None:
    cmd = [sys.executable, "-m", "rheumex.cli", "extract", *map(str, files), "--out", str(out), "--workers", str(workers)]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def mentions_by_paper(out: Path) -> dict[str, collections.Counter]:
    import pandas as pd

    man = pd.read_parquet(out / "manifest.parquet")
    paper = {d: Path(s).parent.name for d, s in zip(man.doc_id, man.source)}
    m = pd.read_parquet(out / "mentions.parquet")
    res: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for doc_id, label, text in zip(m.doc_id, m.label, m.text):
        res[paper[doc_id]][(label, norm(text))] += 1
    return res


def compare(pdf: dict, xml: dict) -> tuple[dict, collections.Counter, collections.Counter]:
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    only_pdf: collections.Counter = collections.Counter()
    only_xml: collections.Counter = collections.Counter()
    for paper in sorted(set(pdf) | set(xml)):
        a, b = pdf.get(paper, collections.Counter()), xml.get(paper, collections.Counter())
        for key, n in (a & b).items():
            counts[key[0]]["both"] += n
        for key, n in (a - b).items():
            counts[key[0]]["only_pdf"] += n
            only_pdf[key] += n
        for key, n in (b - a).items():
            counts[key[0]]["only_jats"] += n
            only_xml[key] += n
    return counts, only_pdf, only_xml


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=Path, default=DEFAULT_DOCS)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    pairs = sorted(p for p in args.docs.glob("*/fulltext.pdf") if (p.parent / "fulltext.xml").exists()) \
        if args.docs.is_dir() else []
    if not pairs:
        print(f"{args.docs}: no fulltext.pdf + fulltext.xml pairs (the shared Hindawi folder is absent); nothing measured")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        run(pairs, Path(tmp) / "pdf", args.workers)
        run([p.parent / "fulltext.xml" for p in pairs], Path(tmp) / "xml", args.workers)
        counts, only_pdf, only_xml = compare(mentions_by_paper(Path(tmp) / "pdf"), mentions_by_paper(Path(tmp) / "xml"))
    print(f"{len(pairs)} papers, PDF vs JATS, `rheumex extract` default pipeline\n")
    print("| label | both | only in PDF | only in JATS | agreement F1 |\n|---|---:|---:|---:|---:|")
    total = collections.Counter()
    rows = {}
    for label in sorted(counts):
        c = counts[label]
        total.update(c)
        f1 = 2 * c["both"] / (2 * c["both"] + c["only_pdf"] + c["only_jats"])
        rows[label] = {**c, "f1": round(f1, 4)}
        print(f"| {label} | {c['both']} | {c['only_pdf']} | {c['only_jats']} | {f1:.3f} |")
    f1 = 2 * total["both"] / (2 * total["both"] + total["only_pdf"] + total["only_jats"])
    print(f"| all | {total['both']} | {total['only_pdf']} | {total['only_jats']} | {f1:.3f} |\n")
    for name, c in (("only in the PDF", only_pdf), ("only in the JATS", only_xml)):
        print(f"most frequent {name}: " + ", ".join(f"{l} '{t}' x{n}" for (l, t), n in c.most_common(args.top)))
    if args.json:
        args.json.write_text(json.dumps({"papers": len(pairs), "labels": rows, "all": {**total, "f1": round(f1, 4)},
                                         "only_pdf": [[l, t, n] for (l, t), n in only_pdf.most_common()],
                                         "only_jats": [[l, t, n] for (l, t), n in only_xml.most_common()]}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
