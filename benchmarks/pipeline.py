"""Throughput of the default pipeline vs the bare scispaCy tokenizer (issue 5 target:
the rules pipeline keeps >= 50% of tokenizer-only words/s), and peak memory.

    python benchmarks/pipeline.py [--repeat 5]

Texts: the gold corpus texts (57 real case reports and abstracts), repeated ``--repeat``
times. Words = whitespace-separated tokens of the input.
"""
from __future__ import annotations

import argparse
import platform
import resource
import time

from rheumex.corpora.gold import load_gold
from rheumex.pipelines import load_pipeline


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    texts = [d["text"] for d in load_gold()] * args.repeat
    words = sum(len(t.split()) for t in texts)
    nlp = load_pipeline()
    list(nlp.pipe(texts[:5]))  # warm up
    t0 = time.perf_counter()
    for t in texts:
        nlp.tokenizer(t)
    tok_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    full_s = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"machine: {platform.machine()}, Python {platform.python_version()}, {len(texts)} texts, {words} words")
    print("| run | seconds | words/s |")
    print("|---|---|---|")
    print(f"| scispaCy tokenizer only | {tok_s:.2f} | {words / tok_s:,.0f} |")
    print(f"| default rules pipeline | {full_s:.2f} | {words / full_s:,.0f} |")
    print(f"ratio (pipeline / tokenizer words/s): {tok_s / full_s:.2f} (target >= 0.50); peak RSS {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
