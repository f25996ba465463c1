"""Memory of ``rheumex extract --workers 2`` as the corpus grows, and what the workers share (issue 17).

    python benchmarks/memory.py                      # N = 100 and 1000 short texts, 2 workers
    python benchmarks/memory.py --sizes 100 1000 3000 --workers 2 --json mem.json

The corpus is the MedPix case texts of ``../shared/docs/medpix`` and ``tests/data/seed.txt``
repeated to N documents (each with its own "Report k." first line, so no two have the same
content hash: :func:`batch.build_corpus`, no PDFs). When ``../shared`` is absent the benchmark
prints a message and exits 0 (the seed alone is no corpus).

Each N runs ``python -m rheumex.cli extract`` in a fresh output folder (default config) while
the process tree is sampled every 0.3 s with psutil (``/proc/PID/smaps_rollup``,
:func:`batch.run_extract`): the peak of the RSS sum (over-counts pages the forked workers share
with the parent), the peak of the PSS sum (each shared page split among its sharers: the
run's real memory) and, at that moment, each process' RSS, USS (pages only it holds) and PSS.
A worker forked after the parent loaded the pipeline (load once, fork many) shows a USS far
below its RSS: RSS - USS is what it shares.

Targets (issue 17): peak RSS at the largest N within 1.2x of the smallest N, and the workers
sharing the loaded pipeline (printed: each worker's shared MB and share of its RSS).
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import batch  # noqa: E402  (benchmarks/batch.py: corpus builder and the sampled extract run)


def _roles(per_process: list, workers: int) -> dict:
    """Name the sampled processes: the wrapper (smallest), the CLI parent (largest RSS, the
    first started of the big ones) and the workers (the rest, forked from the parent)."""
    procs = sorted(per_process, key=lambda p: p[0])  # by pid: wrapper, CLI, then its workers
    out = {"wrapper": procs[0] if procs else None, "parent": procs[1] if len(procs) > 1 else None,
           "workers": procs[2:2 + workers]}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=300.0)
    ap.add_argument("--json", type=Path, help="also write the results as JSON")
    args = ap.parse_args(argv)
    if not batch.MEDPIX.is_dir():
        print(f"memory benchmark skipped: {batch.MEDPIX} not found (the shared documents are not on this machine)")
        return 0
    try:
        import psutil  # noqa: F401
    except ImportError:
        print("memory benchmark skipped: psutil is not installed (pip install psutil)")
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="rheumex-mem-"))
    runs = []
    try:
        for n in args.sizes:
            corpus = tmp / f"corpus-{n}"
            info = batch.build_corpus(corpus, n, pdf_every=0)
            print(f"N={n} ({info['texts']} texts from {info['text_sources']} sources), workers={args.workers} ...",
                  file=sys.stderr, flush=True)
            r = batch.run_extract(corpus, tmp / f"out-{n}", args.workers, "local", args.timeout)
            r["n"] = n
            r["roles"] = _roles(r.get("per_process_rss_uss_pss_mb") or [], args.workers)
            runs.append(r)
            print(f"  {r['wall_s']} s wall, {r['cpu_s']} s CPU, peak RSS sum {r['peak_rss_sum_mb']} MB, "
                  f"peak PSS sum {r['peak_pss_sum_mb']} MB", file=sys.stderr, flush=True)
            shutil.rmtree(tmp / f"out-{n}", ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"\nrheumex extract --workers {args.workers} on N short texts (MedPix + seed, repeated); "
          "memory sampled every 0.3 s over the process tree\n")
    print("| N | wall s | CPU s | peak RSS sum MB | peak PSS sum MB | USS sum at peak MB | largest process max RSS MB |"
          " others' CPU % |")
    print("|---|---|---|---|---|---|---|---|")
    for r in runs:
        print(f"| {r['n']} | {r['wall_s']} | {r['cpu_s']} | {r['peak_rss_sum_mb']} | {r['peak_pss_sum_mb']} | "
              f"{r['uss_sum_at_peak_mb']} | {r['max_process_rss_mb']} | {r['others_cpu_pct']} |")
    print("\nAt the peak PSS, per process (RSS / USS / PSS MB; shared = RSS - USS):\n")
    print("| N | process | RSS | USS | PSS | shared | shared % of RSS |")
    print("|---|---|---|---|---|---|---|")
    for r in runs:
        roles = r["roles"]
        named = [("parent", roles["parent"])] + [(f"worker {k + 1}", w) for k, w in enumerate(roles["workers"])]
        for name, p in named:
            if p is None:
                continue
            _pid, rss, uss, pss = p
            print(f"| {r['n']} | {name} | {rss} | {uss} | {pss} | {rss - uss} | {100 * (rss - uss) / rss:.0f} |")
    targets = []
    if len(runs) >= 2:
        small, big = min(runs, key=lambda r: r["n"]), max(runs, key=lambda r: r["n"])
        for key, what in (("peak_rss_sum_mb", "peak RSS sum"), ("peak_pss_sum_mb", "peak PSS sum")):
            if small.get(key) and big.get(key):
                ratio = big[key] / small[key]
                targets.append({"target": f"{what} N={big['n']} / N={small['n']}", "want": "<= 1.2x",
                                "got": f"{ratio:.2f}x", "met": ratio <= 1.2})
        ws = big["roles"]["workers"]
        if ws:
            share = min((w[1] - w[2]) / w[1] for w in ws if w[1])
            targets.append({"target": f"workers share the parent's loaded pipeline (N={big['n']}: least shared part of a worker's RSS)",
                            "want": "most of it", "got": f"{100 * share:.0f}%", "met": share >= 0.5})
    if targets:
        print("\n| target | want | got | met |\n|---|---|---|---|")
        for t in targets:
            print(f"| {t['target']} | {t['want']} | {t['got']} | {'yes' if t['met'] else 'no'} |")
    if args.json:
        args.json.write_text(json.dumps({"workers": args.workers, "runs": runs, "targets": targets}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
