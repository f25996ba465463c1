"""DISEASE (and chemical/TREATMENT) scores on NCBI-disease devel and BC5CDR development.

The shipped lexicons are built from the training AND development splits (issue 5), so a
score on a development split with them is optimistic. This script therefore also builds
lexicons from the training splits only (``build_lexicons --train-only``) into a temporary
folder and scores a pipeline that uses those: the fair number to set beside published ones.

    python benchmarks/pubtator.py [--corpora DIR]   # DIR holds the PubTator files (default ../shared/public-corpora)
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rheumex.evaluation.pubtator import evaluate_pubtator
from rheumex.pipelines import default_config_path

FILES = {"NCBI-disease devel": ("NCBIdevelopset_corpus.txt", ("DISEASE",)),
         "BC5CDR development": ("CDR_DevelopmentSet.PubTator.txt", ("DISEASE", "TREATMENT"))}


def train_only_config(tmp: Path) -> str:
    lex = tmp / "lexicon"
    subprocess.run([sys.executable, "-m", "rheumex.pipelines.build_lexicons", "--train-only", "--out", str(lex)], check=True,
                   capture_output=True)
    shipped = Path(str(default_config_path())).parent.parent / "data" / "lexicon"
    cfg = Path(str(default_config_path())).read_text(encoding="utf-8")

    def absolute(m: re.Match) -> str:
        names = json.loads(m.group(2))
        return m.group(1) + json.dumps([str(lex / n) if (lex / n).exists() else str(shipped / n) for n in names])

    cfg = re.sub(r"^((?:files|lexicon_files) = )(\[.*\])$", absolute, cfg, flags=re.M)
    path = tmp / "train_only.cfg"
    path.write_text(cfg, encoding="utf-8")
    return str(path)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpora", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared" / "public-corpora")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        configs = {"shipped lexicons (train+dev)": None, "train-only lexicons": train_only_config(Path(tmp))}
        for corpus, (fname, labels) in FILES.items():
            path = args.corpora / fname
            if not path.exists():
                print(f"skip {corpus}: {path} not found", file=sys.stderr)
                continue
            for cname, cfg in configs.items():
                t0 = time.perf_counter()
                m = evaluate_pubtator(path, cfg, labels)
                for label in labels:
                    s, l = m["strict"]["per_label"][label], m["lenient"]["per_label"][label]
                    rows.append((corpus, label, cname, s["precision"], s["recall"], s["f1"], l["f1"], time.perf_counter() - t0))
    print("| corpus | label | lexicons | strict P | strict R | strict F1 | lenient F1 |")
    print("|---|---|---|---|---|---|---|")
    for c, lab, cn, p, r, f, lf, _ in rows:
        print(f"| {c} | {lab} | {cn} | {p:.3f} | {r:.3f} | {f:.3f} | {lf:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
