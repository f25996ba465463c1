"""Batch throughput and memory of ``rheumex extract`` on generated corpora of N documents.

    python benchmarks/batch.py                 # quick: N = 100 and 500, 1 and 2 workers
    python benchmarks/batch.py --full          # also N = 1000 and 5000 (largest worker count only)
    python benchmarks/batch.py --sizes 200 --workers 2 --engine dask

A corpus of N documents is built in a temp folder by repeating and lightly varying shared
texts: ``tests/data/seed.txt``, the MedPix case texts in ``../shared/docs/medpix`` (when that
folder exists) and, every ``--pdf-every``-th document, one of the PDFs in ``tests/data/pdf``
(text files get a "Report k." first line and a numbered title; PDFs get a trailing comment
after ``%%EOF``, so every file has its own content hash and nothing is deduplicated).

Each configuration runs ``python -m rheumex.cli extract`` in a fresh output folder (no
resume) as a subprocess and reports:

* wall seconds (process start to exit, including pipeline loading and table writing),
  docs/s and words/s over that wall time;
* seconds per PDF page: the PDFs' per-document seconds from the manifest (worker time)
  over their pages;
* peak RSS: the sum over the CLI process and all its workers, sampled every 0.1 s with
  psutil (forked workers share pages, so the sum over-counts), and the largest single
  process' max RSS from ``resource.getrusage(RUSAGE_CHILDREN)`` in a wrapper process.

For reference, on the same documents: the bare scispaCy tokenizer
(``rheumex.pipelines.tokenizer``; PDFs as pdfminer's text) and raw pdfminer
``extract_text`` (seconds per page, each distinct PDF once). Targets printed side by side:
2 workers >= 1.8x one worker at N >= 500; peak memory at the largest N within 1.2x of N=500.
Results go to stdout as markdown and, with ``--json FILE``, as JSON.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MEDPIX = next((b / "shared" / "docs" / "medpix" for b in ROOT.parents if (b / "shared" / "docs" / "medpix").is_dir()),
              ROOT.parent / "shared" / "docs" / "medpix")  # ../shared of the checkout, or of the folder above a worktree

_WRAPPER = (
    "import json, resource, subprocess, sys\n"
    "rc = subprocess.run(sys.argv[1:]).returncode\n"
    "ru = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(json.dumps({'rc': rc, 'children_maxrss_kb': ru.ru_maxrss, 'cpu_s': ru.ru_utime + ru.ru_stime}))\n"
)


def text_sources() -> list[Path]:
    srcs = [ROOT / "tests" / "data" / "seed.txt"]
    if MEDPIX.is_dir():
        srcs += sorted(MEDPIX.glob("*.txt"))
    return srcs


def pdf_sources() -> list[Path]:
    return sorted((ROOT / "tests" / "data" / "pdf").glob("*.pdf"))


def build_corpus(folder: Path, n: int, pdf_every: int) -> dict:
    """Write ``n`` documents into ``folder``; returns what went in."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = [p.read_text(encoding="utf-8") for p in text_sources()]
    pdfs = [p.read_bytes() for p in pdf_sources()]
    n_pdf = 0
    for k in range(n):
        if pdfs and pdf_every > 0 and k % pdf_every == pdf_every - 1:
            data = pdfs[n_pdf % len(pdfs)] + f"\n%rheumex-bench {k}\n".encode()
            (folder / f"{k:05d}.pdf").write_bytes(data)
            n_pdf += 1
        else:
            text = texts[k % len(texts)]
            lines = text.split("\n", 1)
            varied = f"Report {k}.\n\n{lines[0]} ({k})\n{lines[1] if len(lines) > 1 else ''}"
            (folder / f"{k:05d}.txt").write_text(varied, encoding="utf-8")
    return {"docs": n, "pdfs": n_pdf, "texts": n - n_pdf, "text_sources": len(texts), "pdf_sources": len(pdfs)}


def _sample_rss(pid: int, stop: threading.Event, peak: list[int], shared: dict | None = None) -> None:
    """Peak RSS summed over the process tree into ``peak[0]``; with ``shared``, also the peak
    PSS and USS sums and the per-process USS/RSS at that moment (``/proc/PID/smaps_rollup``,
    psutil ``memory_full_info``): forked workers that share the parent's pipeline pages have
    a USS far below their RSS, and the PSS sum is the real memory of the run."""
    try:
        import psutil
    except ImportError:
        return
    try:
        root = psutil.Process(pid)
    except psutil.Error:
        return
    while not stop.is_set():
        total = 0
        try:
            procs = [root, *root.children(recursive=True)]
        except psutil.Error:
            break
        pss = uss = 0
        per = []
        for p in procs:
            try:
                if shared is not None:
                    full = p.memory_full_info()
                    total += full.rss
                    pss += full.pss
                    uss += full.uss
                    per.append((p.pid, round(full.rss / 2**20), round(full.uss / 2**20), round(full.pss / 2**20)))
                else:
                    total += p.memory_info().rss
            except psutil.Error:
                pass
        peak[0] = max(peak[0], total)
        if shared is not None and pss > shared.get("pss", 0):
            shared.update(pss=pss, uss=uss, rss=total, per_process_rss_uss_pss_mb=per)
        stop.wait(0.1 if shared is None else 0.3)


def run_extract(corpus: Path, out: Path, workers: int, engine: str, timeout: float) -> dict:
    """One ``rheumex extract`` run (subprocess); wall time, memory and table figures."""
    import pandas as pd

    if out.exists():
        shutil.rmtree(out)
    cmd = [sys.executable, "-c", _WRAPPER, sys.executable, "-m", "rheumex.cli", "extract", str(corpus),
           "--out", str(out), "--workers", str(workers), "--engine", engine, "--timeout", str(timeout), "--quiet"]
    stop, peak, shared = threading.Event(), [0], {}
    busy0 = _busy_cpu_s()
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = threading.Thread(target=_sample_rss, args=(p.pid, stop, peak, shared), daemon=True)
    sampler.start()
    stdout, stderr = p.communicate()
    wall = time.perf_counter() - t0
    busy = _busy_cpu_s() - busy0 if busy0 is not None else None
    stop.set()
    sampler.join()
    wrap = json.loads(stdout.strip().splitlines()[-1])
    if wrap["rc"] not in (0, 1):
        raise RuntimeError(f"rheumex extract failed (exit {wrap['rc']}): {stderr[-2000:]}")
    info = json.loads((out / "run.json").read_text())
    docs = pd.read_parquet(out / "documents.parquet", columns=["source", "format", "n_pages", "text"])
    man = pd.read_parquet(out / "manifest.parquet", columns=["source", "status", "seconds"])
    words = int(docs["text"].str.split().str.len().sum())
    pdf = docs[docs["format"] == "pdf"].merge(man, on="source")
    pages = int(pdf["n_pages"].fillna(0).sum())
    n = len(man)
    return {
        "workers": workers, "engine": engine, "docs": n, "ok": int((man["status"] == "ok").sum()),
        "wall_s": round(wall, 2), "run_s": info["seconds"], "write_s": info.get("write_seconds"),
        "docs_per_s": round(n / wall, 2), "words": words, "words_per_s": round(words / wall),
        "pdf_pages": pages, "s_per_pdf_page": round(float(pdf["seconds"].sum()) / pages, 3) if pages else None,
        "peak_rss_sum_mb": round(peak[0] / 2**20) if peak[0] else None,
        "peak_pss_sum_mb": round(shared["pss"] / 2**20) if shared.get("pss") else None,
        "uss_sum_at_peak_mb": round(shared["uss"] / 2**20) if shared.get("uss") else None,
        "per_process_rss_uss_pss_mb": shared.get("per_process_rss_uss_pss_mb"),
        "max_process_rss_mb": round(wrap["children_maxrss_kb"] / 1024),
        "cpu_s": round(wrap["cpu_s"], 1),
        # CPU used by other programs during the run, in % of the machine (a busy neighbour slows us)
        "others_cpu_pct": round(100 * max(0.0, busy - wrap["cpu_s"]) / (wall * (os.cpu_count() or 1))) if busy is not None else None,
    }


def wait_quiet(max_wait: float, threshold: float = 10.0) -> float | None:
    """Wait up to ``max_wait`` s for a second in which the machine is below ``threshold`` % CPU busy
    (other programs on a small machine distort timings); returns the last reading."""
    try:
        import psutil
    except ImportError:
        return None
    end = time.monotonic() + max_wait
    while True:
        busy = psutil.cpu_percent(interval=1.0)
        if busy < threshold or time.monotonic() >= end:
            return busy


def _busy_cpu_s() -> float | None:
    try:
        import psutil
    except ImportError:
        return None
    t = psutil.cpu_times()
    return sum(t) - t.idle - getattr(t, "iowait", 0.0)


def reference(corpus: Path) -> dict:
    """Bare scispaCy tokenizer over the corpus texts and raw pdfminer on each distinct PDF."""
    import logging

    import spacy
    from pdfminer.high_level import extract_text

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    from pdfminer.pdfpage import PDFPage

    from rheumex.pipelines.tokenizer import create_scispacy_tokenizer

    pdf_text: dict[str, str] = {}
    pdf_s, pdf_pages = 0.0, 0
    for p in pdf_sources():
        t = time.perf_counter()
        pdf_text[p.name] = extract_text(str(p))
        pdf_s += time.perf_counter() - t
        with p.open("rb") as fh:
            pdf_pages += sum(1 for _ in PDFPage.get_pages(fh))
    names = sorted(p.name for p in pdf_sources())
    texts = []
    n_pdf = 0
    for f in sorted(corpus.iterdir()):
        if f.suffix == ".pdf":
            texts.append(pdf_text[names[n_pdf % len(names)]])
            n_pdf += 1
        else:
            texts.append(f.read_text(encoding="utf-8"))
    nlp = spacy.blank("en")
    tok = create_scispacy_tokenizer()(nlp)
    t = time.perf_counter()
    n_tokens = sum(len(tok(x)) for x in texts)
    tok_s = time.perf_counter() - t
    words = sum(len(x.split()) for x in texts)
    return {"tokenizer_docs": len(texts), "tokenizer_s": round(tok_s, 2), "tokenizer_docs_per_s": round(len(texts) / tok_s),
            "tokenizer_words_per_s": round(words / tok_s), "tokens": n_tokens,
            "pdfminer_pdfs": len(pdf_text), "pdfminer_pages": pdf_pages,
            "pdfminer_s_per_page": round(pdf_s / pdf_pages, 3) if pdf_pages else None}


def _fmt(v) -> str:
    if v is None:
        return "n/a"
    return f"{v:,}" if isinstance(v, int) else f"{v:g}" if isinstance(v, float) else str(v)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 500], help="corpus sizes run with every --workers value")
    ap.add_argument("--full", action="store_true", help="also N=1000 and N=5000, with the largest --workers value only")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--engine", choices=("local", "dask"), default="local")
    ap.add_argument("--pdf-every", type=int, default=50, help="every k-th document is a PDF (0: none); default 50")
    ap.add_argument("--timeout", type=float, default=300.0)
    ap.add_argument("--wait-quiet", type=float, default=0.0, metavar="SECONDS",
                    help="before each run wait up to this long for the machine to be idle (< 10%% CPU busy)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="run each configuration this many times (interleaved) and keep the fastest, so a busy neighbour counts less")
    ap.add_argument("--workdir", type=Path, help="keep corpora and outputs here (default: a temp folder, removed)")
    ap.add_argument("--json", type=Path, help="also write the results as JSON")
    args = ap.parse_args(argv)

    plan = [(n, w) for n in args.sizes for w in args.workers]
    if args.full:
        plan += [(n, max(args.workers)) for n in (1000, 5000) if n not in args.sizes]
    tmp = Path(tempfile.mkdtemp(prefix="rheumex-bench-")) if args.workdir is None else args.workdir
    tmp.mkdir(parents=True, exist_ok=True)
    results: dict = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}, "runs": [], "reference": {}}
    try:
        import psutil

        results["machine"]["ram_gb"] = round(psutil.virtual_memory().total / 2**30)
    except ImportError:
        pass
    try:
        corpora: dict[int, Path] = {}
        best: dict[tuple[int, int], dict] = {}
        for rep in range(max(1, args.repeat)):
            for n, w in plan:
                if n not in corpora:
                    corpora[n] = tmp / f"corpus-{n}"
                    if corpora[n].exists():
                        shutil.rmtree(corpora[n])
                    results.setdefault("corpora", {})[n] = build_corpus(corpora[n], n, args.pdf_every)
                if n > 1000 and rep > 0:
                    continue  # the big corpora once
                if args.wait_quiet > 0:
                    wait_quiet(args.wait_quiet)
                print(f"N={n} workers={w} (run {rep + 1}) ...", file=sys.stderr, flush=True)
                r = run_extract(corpora[n], tmp / f"out-{n}-{w}", w, args.engine, args.timeout)
                r["n"] = n
                results.setdefault("all_runs", []).append(r)
                print(f"  {r['wall_s']} s, {r['docs_per_s']} docs/s, peak RSS {r['peak_rss_sum_mb']} MB, "
                      f"others used {r['others_cpu_pct']}% CPU", file=sys.stderr, flush=True)
                if (n, w) not in best or r["wall_s"] < best[(n, w)]["wall_s"]:
                    best[(n, w)] = r
        results["runs"] = [best[k] for k in plan if k in best]
        ref_n = max(n for n in args.sizes)
        results["reference"] = {"n": ref_n, **reference(corpora[ref_n])}
    finally:
        if args.workdir is None:
            shutil.rmtree(tmp, ignore_errors=True)

    runs = results["runs"]
    cols = ["n", "workers", "wall_s", "docs_per_s", "words_per_s", "s_per_pdf_page", "pdf_pages", "peak_rss_sum_mb",
            "peak_pss_sum_mb", "uss_sum_at_peak_mb", "max_process_rss_mb", "cpu_s", "others_cpu_pct"]
    print(f"\nengine {args.engine}; {results['machine']}; every {args.pdf_every}th document a PDF; "
          f"fastest of {args.repeat} run(s) per row (N > 1000: one run)\n")
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for r in runs:
        print("| " + " | ".join(_fmt(r.get(c)) for c in cols) + " |")
    ref = results["reference"]
    print(f"\nreference on N={ref['n']}: bare scispaCy tokenizer {ref['tokenizer_docs_per_s']:,} docs/s, "
          f"{ref['tokenizer_words_per_s']:,} words/s; raw pdfminer extract_text {ref['pdfminer_s_per_page']} s/page "
          f"({ref['pdfminer_pdfs']} PDFs, {ref['pdfminer_pages']} pages)")
    by = {(r["n"], r["workers"]): r for r in runs}
    targets = []
    for n in sorted({r["n"] for r in runs}):
        if n >= 500 and (n, 1) in by and (n, 2) in by:
            s = by[(n, 1)]["wall_s"] / by[(n, 2)]["wall_s"]
            targets.append({"target": f"speed-up 2 vs 1 worker, N={n}", "want": ">= 1.8x", "got": f"{s:.2f}x", "met": s >= 1.8})
    wmax = max(args.workers)
    big = max((r["n"] for r in runs if r["workers"] == wmax), default=0)
    small = min((r["n"] for r in runs if r["workers"] == wmax), default=0)
    if big > small and by[(small, wmax)]["peak_rss_sum_mb"]:
        for key, what in (("peak_rss_sum_mb", "peak RSS"), ("peak_pss_sum_mb", "peak PSS")):
            if by[(big, wmax)].get(key) and by[(small, wmax)].get(key):
                ratio = by[(big, wmax)][key] / by[(small, wmax)][key]
                targets.append({"target": f"{what} N={big} / N={small} ({wmax} workers)", "want": "<= 1.2x",
                                "got": f"{ratio:.2f}x", "met": ratio <= 1.2})
    for r in runs:
        if r.get("per_process_rss_uss_pss_mb"):
            print(f"N={r['n']} workers={r['workers']} at peak PSS, per process (pid, RSS, USS, PSS MB): {r['per_process_rss_uss_pss_mb']}")
    if targets:
        print("\n| target | want | got | met |\n|---|---|---|---|")
        for t in targets:
            print(f"| {t['target']} | {t['want']} | {t['got']} | {'yes' if t['met'] else 'no'} |")
    results["targets"] = targets
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
