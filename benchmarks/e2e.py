"""End to end: what a user waits for, from PDF files to tables (issue 17).

    python benchmarks/e2e.py                  # best of 3, the 49 Hindawi PDFs and 140 short texts
    python benchmarks/e2e.py --repeat 1 --json e2e.json

On the 49 PDFs of ``../shared/docs/hindawi/*/fulltext.pdf`` (referenced in place; the
benchmark prints a message and exits 0 when that folder is absent), each in a fresh
process, timed from outside (process start to exit):

* ``rheumex extract --workers 1`` and ``--workers 2`` (fresh output folder, ``--no-resume``);
* bare pdfminer ``extract_text`` over the same files, one after the other;
* pypdfium2 text (``pip install 'rheumex[fast-pdf]'``) over the same files.

And on 140 short texts (the 69 MedPix case texts of ``../shared/docs/medpix`` twice each, in
two folders, plus ``tests/data/seed.txt``): ``rheumex extract --workers 1`` and ``2``.

``--config base`` runs every rheumex row with the base pipeline (rules on the packaged CRAFT
tagger/parser) instead of the default.

Every measurement is repeated ``--repeat`` times, the runs of one round interleaved (so a
busy neighbour hits all of them alike), and the best is kept. Per-stage seconds (convert,
NLP, table writing: worker seconds summed over documents) and the pipeline load time come
from the best run's ``run.json``. The pipeline cache is warmed once first (its one-off
build is reported separately). Ratios are printed against the issue's targets.

rheumex's own modules are byte-compiled once first as well (``compileall`` into their
``__pycache__`` folders, as ``pip install`` does for an installed package): with an editable
install and ``PYTHONDONTWRITEBYTECODE=1`` (this machine's environment) every run compiled
its ~47 modules from source again, about 0.1 s of each run's serial start-up that no user of
an installed rheumex pays, while pdfminer, spaCy and the other installed packages are read
from their bytecode. ``--no-compile`` measures without it.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _shared_docs() -> Path:
    """``../shared/docs`` of the checkout (or of the folder above a git worktree under
    ``wt/``); ``RHEUMEX_SHARED_DOCS`` overrides."""
    if os.environ.get("RHEUMEX_SHARED_DOCS"):
        return Path(os.environ["RHEUMEX_SHARED_DOCS"])
    for base in ROOT.parents:
        if (base / "shared" / "docs").is_dir():
            return base / "shared" / "docs"
    return ROOT.parent / "shared" / "docs"


SHARED = _shared_docs()
HINDAWI = SHARED / "hindawi"
MEDPIX = SHARED / "medpix"

PDFMINER = (
    "import logging, sys\n"
    "from pdfminer.high_level import extract_text\n"
    "logging.getLogger('pdfminer').setLevel(logging.ERROR)\n"
    "n = sum(len(extract_text(f)) for f in sys.argv[1:])\n"
    "print(n)\n"
)
PDFIUM = (
    "import sys\n"
    "import pypdfium2 as pdfium\n"
    "n = 0\n"
    "for f in sys.argv[1:]:\n"
    "    pdf = pdfium.PdfDocument(f)\n"
    "    for page in pdf:\n"
    "        n += len(page.get_textpage().get_text_range())\n"
    "    pdf.close()\n"
    "print(n)\n"
)


CPU: dict[int, float] = {}  # id(CompletedProcess) -> CPU seconds of that process tree
LOADAVG: dict[int, float] = {}


def timed(cmd: list[str], env: dict | None = None) -> tuple[float, subprocess.CompletedProcess]:
    """Wall seconds of one command; its CPU seconds (user + sys of it and its children, from
    ``RUSAGE_CHILDREN``) and the 1-minute load average at its end are kept in CPU/LOADAVG."""
    import resource

    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, **(env or {})})
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU[id(p)] = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    LOADAVG[id(p)] = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return wall, p


CONFIG: list[str] = []  # ["--config", NAME] from --config


def extract(inputs: list[str], out: Path, workers: int) -> tuple[float, dict, subprocess.CompletedProcess]:
    if out.exists():
        shutil.rmtree(out)
    wall, p = timed([sys.executable, "-m", "rheumex.cli", "extract", *inputs, "--out", str(out),
                     "--workers", str(workers), "--no-resume", "--quiet", *CONFIG])
    if p.returncode not in (0, 1):
        raise RuntimeError(f"rheumex extract failed (exit {p.returncode}): {p.stderr[-2000:]}")
    return wall, json.loads((out / "run.json").read_text()), p


def text_corpus(folder: Path) -> list[str]:
    """140 short texts: MedPix x2 (folders a/ and b/) + the seed."""
    srcs = sorted(MEDPIX.glob("*.txt"))
    for sub in ("a", "b"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
        for s in srcs:
            shutil.copy(s, folder / sub / s.name)
    shutil.copy(ROOT / "tests" / "data" / "seed.txt", folder / "seed.txt")
    return [str(folder / "a"), str(folder / "b"), str(folder / "seed.txt")]


def compile_rheumex() -> int:
    """Byte-compile the modules of the rheumex package this interpreter imports (its folders
    under the package directory mapping: ``src/rheumex``, ``extract``, ``pipelines``, ...);
    returns how many ``.py`` files they hold."""
    import compileall
    import importlib.util

    folders = set()
    for name in ("rheumex", "rheumex.extract", "rheumex.pipelines", "rheumex.corpora", "rheumex.evaluation"):
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.submodule_search_locations:
            folders.update(spec.submodule_search_locations)
    n = 0
    for folder in sorted(folders):
        compileall.compile_dir(folder, quiet=1, maxlevels=0)
        n += sum(1 for _ in Path(folder).glob("*.py"))
    return n


def pages_of(pdfs: list[str]) -> int:
    from pdfminer.pdfpage import PDFPage

    n = 0
    for f in pdfs:
        with open(f, "rb") as fh:
            n += sum(1 for _ in PDFPage.get_pages(fh))
    return n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", help="also write the results as JSON here")
    ap.add_argument("--no-texts", action="store_true", help="skip the 140-text corpus")
    ap.add_argument("--no-pdfs", action="store_true", help="skip the PDF rows (rheumex and the PDF libraries)")
    ap.add_argument("--config", help="rheumex pipeline config for every rheumex row (default: the default config)")
    ap.add_argument("--no-compile", action="store_true",
                    help="do not byte-compile rheumex's modules first (each run then compiles them when the environment sets PYTHONDONTWRITEBYTECODE)")
    args = ap.parse_args(argv)
    CONFIG[:] = ["--config", args.config] if args.config else []

    pdfs = sorted(str(p) for p in HINDAWI.glob("*/*.pdf"))
    if not pdfs:
        print(f"e2e benchmark skipped: no PDFs under {HINDAWI} (the shared documents are not on this machine)")
        return 0
    try:
        import pypdfium2  # noqa: F401
        have_pdfium = True
    except ImportError:
        have_pdfium = False
        print("note: pypdfium2 not installed (pip install 'rheumex[fast-pdf]'); its row is skipped", file=sys.stderr)

    tmp = Path(tempfile.mkdtemp(prefix="rheumex-e2e-"))
    try:
        texts = [] if args.no_texts or not MEDPIX.is_dir() else text_corpus(tmp / "texts")
        if not args.no_compile:
            print(f"bytecode: {compile_rheumex()} rheumex modules compiled (as an installed package has them)", file=sys.stderr)
        # warm the pipeline cache (a user pays this once per pipeline version)
        warm, p = timed([sys.executable, "-c", "import sys, time; t=time.perf_counter(); import rheumex; "
                         "nlp=rheumex.load_pipeline(sys.argv[1] or None); print(nlp.meta['rheumex']['cache'], time.perf_counter()-t)",
                         args.config or ""])
        print(f"pipeline cache warm-up: {p.stdout.strip()} ({warm:.1f} s wall)", file=sys.stderr)
        best: dict[str, tuple[float, dict | None, float, float]] = {}  # name -> (wall, run.json, cpu s, load average)

        def keep(name: str, wall: float, info: dict | None, p: subprocess.CompletedProcess) -> None:
            cpu, la = CPU.get(id(p), float("nan")), LOADAVG.get(id(p), float("nan"))
            if name not in best or wall < best[name][0]:
                best[name] = (wall, info, cpu, la)
            print(f"  {name}: {wall:.2f} s wall, {cpu:.2f} s CPU, load average {la:.1f}", file=sys.stderr)

        for r in range(args.repeat):
            print(f"round {r + 1}/{args.repeat}", file=sys.stderr)
            if not args.no_pdfs:
                wall, p = timed([sys.executable, "-c", PDFMINER, *pdfs])
                keep("pdfminer extract_text", wall, None, p)
            if have_pdfium and not args.no_pdfs:
                wall, p = timed([sys.executable, "-c", PDFIUM, *pdfs])
                keep("pypdfium2 text", wall, None, p)
            for w in (1, 2) if not args.no_pdfs else ():
                wall, info, p = extract(pdfs, tmp / f"out-pdf-{w}", w)
                keep(f"rheumex extract --workers {w} (PDFs)", wall, info, p)
            for w in (1, 2) if texts else ():
                wall, info, p = extract(texts, tmp / f"out-txt-{w}", w)
                keep(f"rheumex extract --workers {w} (texts)", wall, info, p)

        n_pages = pages_of(pdfs)
        print(f"\n{len(pdfs)} Hindawi PDFs ({n_pages} pages); best of {args.repeat}; machine: {os.cpu_count()} cores, "
              f"Python {sys.version.split()[0]}\n")
        # stages (run.json): startup, load, write and other are wall seconds of the main process;
        # convert, nlp and rows are worker seconds summed over documents (they overlap with N
        # workers; "docs wall" is the document phase's wall time)
        print("| run | wall s | CPU s | load average | s/page | startup s | load s | convert s | nlp s | rows s | docs wall s "
              "| write s | other s | ok/inputs |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for name, (wall, info, cpu, la) in best.items():
            st = (info or {}).get("stages", {})
            per_page = f"{wall / n_pages:.3f}" if "texts" not in name else ""
            cells = [st.get("startup", ""), st.get("load", (info or {}).get("load_seconds", "")), st.get("convert", ""),
                     st.get("nlp", ""), st.get("rows", ""), (info or {}).get("engine_seconds", ""), st.get("write", ""),
                     st.get("other", "")]
            ok = f"{info['ok']}/{info['inputs']}" if info else ""
            print(f"| {name} | {wall:.2f} | {cpu:.2f} | {la:.1f} | {per_page} | " + " | ".join(str(c) for c in cells) + f" | {ok} |")

        def ratio(a: str, b: str, k: int = 0) -> float | None:
            return round(best[a][k] / best[b][k], 2) if a in best and b in best else None

        targets = [
            ("2 workers vs 1, 49 PDFs (speed-up)", ratio("rheumex extract --workers 1 (PDFs)", "rheumex extract --workers 2 (PDFs)"), ">= 1.8"),
            ("2 workers vs 1, 140 texts (speed-up)", ratio("rheumex extract --workers 1 (texts)", "rheumex extract --workers 2 (texts)"), ">= 1.7"),
            ("rheumex 1 worker / bare pdfminer, 49 PDFs", ratio("rheumex extract --workers 1 (PDFs)", "pdfminer extract_text"), "<= 1.25"),
            ("same, CPU seconds (robust to other programs on the machine)",
             ratio("rheumex extract --workers 1 (PDFs)", "pdfminer extract_text", 2), "(<= 1.25)"),
        ]
        print("\n| target | measured | want |\n|---|---|---|")
        for name, val, want in targets:
            print(f"| {name} | {val if val is not None else 'n/a'} | {want} |")
        if args.json:
            Path(args.json).write_text(json.dumps({
                "pdfs": len(pdfs), "pages": n_pages, "repeat": args.repeat,
                "best": {k: {"wall_s": round(v[0], 3), "cpu_s": round(v[2], 3), "loadavg": v[3], "run_json": v[1]}
                         for k, v in best.items()},
                "targets": {n: {"measured": v, "want": w} for n, v, w in targets},
            }, indent=2), encoding="utf-8")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
