"""Throughput of the pipelines vs the bare scispaCy tokenizer (issue 5 target: the rules
pipeline keeps >= 50% of tokenizer-only words/s; issue 14 target: the pipeline with the
base tagger/parser >= 15,000 tokens/s single process and >= 0.04 of the tokenizer's
tokens/s), and peak memory.

    OMP_NUM_THREADS=1 python benchmarks/pipeline.py [--repeat 5] [--runs 3] [--configs default rules base ner]

Texts: the gold corpus texts (real case reports and abstracts), repeated ``--repeat``
times. Words = whitespace-separated tokens of the input; tokens = spaCy tokens of the
pipeline tokenizer (what spaCy's published words/s count). Peak RSS is the process's
maximum after each configuration (so only the first row is that configuration alone; run
one config per process for a clean figure). Each configuration is loaded
once (load time reported separately) and run with ``nlp.pipe``; the per-component split
is measured by running each component over the same docs in turn.

Times are CPU seconds of this process (``time.process_time``: user + system of all its
threads), not wall time: the machine is shared, and wall time measures the other jobs too
(it is printed alongside). Set ``OMP_NUM_THREADS=1`` for a single-threaded BLAS. Every timed
pass starts with an empty tokenizer cache (see ``_cold``).
"""
from __future__ import annotations

import argparse
import os
import platform
import resource
import time

from rheumex.corpora.gold import load_gold
from rheumex.pipelines import load_pipeline


def _cold(nlp) -> None:
    """Empty the tokenizer's cache of already-split strings, so every timed pass tokenizes
    as on text it has not seen (a warm cache made the bare tokenizer about 3x faster here,
    and the tokenizer-only and pipeline passes must start from the same state)."""
    flush = getattr(nlp.tokenizer, "_flush_cache", None)
    if flush is not None:
        flush()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--runs", type=int, default=1, help="time nlp.pipe this many times per config and keep the least CPU time "
                    "(the least disturbed by other jobs on a shared machine)")
    ap.add_argument("--configs", nargs="+", default=["default", "ner"], help="packaged config names or .cfg paths")
    args = ap.parse_args()
    texts = [d["text"] for d in load_gold()] * args.repeat
    words = sum(len(t.split()) for t in texts)
    tokens = 0
    rows, parts = [], {}
    tok_s = None
    for name in args.configs:
        t0 = time.perf_counter()
        nlp = load_pipeline(name)
        load_s = time.perf_counter() - t0
        list(nlp.pipe(texts[:5]))  # warm up
        if tok_s is None:
            tokens = sum(len(nlp.tokenizer(t)) for t in texts)
            tok_s = float("inf")
            for _run in range(max(1, args.runs)):
                _cold(nlp)
                t0 = time.process_time()
                for t in texts:
                    nlp.tokenizer(t)
                tok_s = min(tok_s, time.process_time() - t0)
        full_s = wall_s = float("inf")
        for _run in range(max(1, args.runs)):
            _cold(nlp)
            t0, w0 = time.process_time(), time.perf_counter()
            for _ in nlp.pipe(texts, batch_size=16):
                pass
            cpu, wall = time.process_time() - t0, time.perf_counter() - w0
            if cpu < full_s:
                full_s, wall_s = cpu, wall
        rows.append((name, load_s, full_s, wall_s, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
        _cold(nlp)
        docs = [nlp.make_doc(t) for t in texts]
        split = {}
        for comp_name, proc in nlp.pipeline:
            t0 = time.process_time()
            docs = list(proc.pipe(docs, batch_size=16)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
            split[comp_name] = time.process_time() - t0
        parts[name] = split
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    load_avg = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, load average {load_avg}, Python {platform.python_version()}, "
          f"{len(texts)} texts, {words} words, {tokens} tokens, best of {max(1, args.runs)} run(s)")
    print("| run | load s (wall) | CPU s | wall s | words per CPU-s | tokens per CPU-s | ratio to tokenizer | peak RSS MB so far |")
    print("|---|---|---|---|---|---|---|---|")
    print(f"| scispaCy tokenizer only | | {tok_s:.2f} | | {words / tok_s:,.0f} | {tokens / tok_s:,.0f} | 1.00 | |")
    for name, load_s, full_s, wall_s, peak in rows:
        print(f"| `{name}` pipeline | {load_s:.1f} | {full_s:.2f} | {wall_s:.2f} | {words / full_s:,.0f} | {tokens / full_s:,.0f} | "
              f"{tok_s / full_s:.3f} | {peak:.0f} |")
    print("targets: rules pipeline >= 0.50 of tokenizer-only words/s (issue 5); pipeline with the base parser >= 15,000 "
          f"tokens/s and >= 0.04 of the tokenizer (issue 14); peak RSS {rss:.0f} MB (all configs loaded in turn)")
    for name, split in parts.items():
        print(f"\n{name}: CPU seconds per component: " + ", ".join(f"{k} {v:.2f}" for k, v in split.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
