"""Pipeline load time in fresh processes (issue 17 target: default config <= 1.5 s, median of 5).

    python benchmarks/load.py                 # default config, 5 fresh processes
    python benchmarks/load.py --config ner --runs 5

Each run is a new Python process that imports ``rheumex.pipelines`` (timed separately:
spaCy, scispaCy, thinc) and then calls ``load_pipeline()`` (the number the target is about).
First one cold build into an empty cache folder (what a user pays once per pipeline version),
then ``--runs`` warm loads from that cache. Prints a markdown table and the medians.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

PROBE = (
    "import json, sys, time\n"
    "t0 = time.perf_counter()\n"
    "import rheumex.pipelines as P\n"
    "t1 = time.perf_counter(); c1 = time.process_time()\n"
    "nlp = P.load_pipeline(sys.argv[1] if sys.argv[1] != '-' else None)\n"
    "t2 = time.perf_counter(); c2 = time.process_time()\n"
    "print(json.dumps({'import_s': t1 - t0, 'load_s': t2 - t1, 'load_cpu_s': c2 - c1, 'cache': nlp.meta['rheumex']['cache']}))\n"
)


def probe(config: str | None, cache: str) -> dict:
    p = subprocess.run([sys.executable, "-c", PROBE, config or "-"], capture_output=True, text=True,
                       env={**os.environ, "RHEUMEX_CACHE_DIR": cache}, timeout=300)
    if p.returncode != 0:
        raise RuntimeError(p.stderr[-2000:])
    r = json.loads(p.stdout.strip().splitlines()[-1])
    r["loadavg"] = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return r


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--config", help="packaged config name or .cfg path (default: default)")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    cache = tempfile.mkdtemp(prefix="rheumex-load-cache-")
    try:
        cold = probe(args.config, cache)
        warm = [probe(args.config, cache) for _ in range(args.runs)]
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    print(f"config {args.config or 'default'}; {os.cpu_count()} cores; Python {sys.version.split()[0]}\n")
    print("| run | cache | import s | load_pipeline() wall s | load_pipeline() CPU s | load average |\n|---|---|---|---|---|---|")
    for k, r in [("cold (empty cache)", cold)] + [(f"warm {k}", r) for k, r in enumerate(warm, 1)]:
        print(f"| {k} | {r['cache']} | {r['import_s']:.2f} | {r['load_s']:.2f} | {r['load_cpu_s']:.2f} | {r['loadavg']:.1f} |")
    med = statistics.median(r["load_s"] for r in warm)
    med_cpu = statistics.median(r["load_cpu_s"] for r in warm)
    med_imp = statistics.median(r["import_s"] for r in warm)
    print(f"\nmedian of {args.runs} fresh processes: load_pipeline() {med:.2f} s wall, {med_cpu:.2f} s CPU (target <= 1.5 s: "
          f"{'met' if med <= 1.5 else 'NOT met'} on wall time); imports {med_imp:.2f} s; import + load {med + med_imp:.2f} s. "
          "A load average above the core count means other programs share the CPU: wall times stretch, CPU times much less.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
