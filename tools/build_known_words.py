"""Build ``pipelines/data/spelling_known_words.txt``: correctly spelt long words of biomedical text.

The misspelling rule (:mod:`rheumex.pipelines.spelling`) maps a word one edit away from a disease
or drug name onto that name ("uveitits" -> uveitis). Real words one edit away from a name are not
misspellings ("neurites" is not "neuritis"). This script lists every alphabetic word of at least
8 letters that occurs at least twice in the CRAFT treebank (97 PMC full-text articles, CC BY 3.0,
``../shared/treebanks/craft/craft-conllu.tar.gz``): words edited by a journal, so not misspelt.

    python tools/build_known_words.py [--craft PATH] [--out PATH]
"""
from __future__ import annotations

import argparse
import collections
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADER = """# Correctly spelt words the misspelling rule (pipelines/spelling.py) never rewrites onto a disease or
# drug name ("neurites" is not a misspelt "neuritis"): alphabetic words of >= 8 letters seen at least
# twice in the CRAFT treebank (97 PMC full-text articles, CC BY 3.0; Bada et al., BMC Bioinformatics 2012;
# Verspoor et al. 2012), lower case. Built by tools/build_known_words.py; do not edit by hand.
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--craft", default=str(ROOT.parent / "shared" / "treebanks" / "craft" / "craft-conllu.tar.gz"))
    ap.add_argument("--out", default=str(ROOT / "pipelines" / "data" / "spelling_known_words.txt"))
    ap.add_argument("--min-count", type=int, default=2)
    args = ap.parse_args()
    counts: collections.Counter[str] = collections.Counter()
    with tarfile.open(args.craft) as tar:
        for member in tar:
            if not member.name.endswith(".conllu"):
                continue
            for line in tar.extractfile(member).read().decode("utf-8").splitlines():
                if line[:1].isdigit():
                    word = line.split("\t")[1].lower()
                    if word.isalpha() and word.isascii() and len(word) >= 8:
                        counts[word] += 1
    words = sorted(w for w, n in counts.items() if n >= args.min_count)
    Path(args.out).write_text(HEADER + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(words)} words")


if __name__ == "__main__":
    main()
