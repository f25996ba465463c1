"""Seconds per page: ``rheumex.extract.convert()`` vs raw pdfminer vs pypdfium2, on the test PDFs.

    python benchmarks/conversion.py [--repeat N] [--cpu] [--hindawi] [PDF ...]

Without arguments it reads ``tests/data/pdf/*.pdf`` and the bundled example
``src/rheumex/example/seed.pdf``. For each file and method the best of ``--repeat`` runs
(default 3) is kept, so a cold disk cache or a busy neighbour does not count. Prints a
markdown table:

* ``convert``: the full converter (pdfminer characters + our layout analysis, furniture
  removal, paragraphs, sections, metadata);
* ``pdfminer``: ``pdfminer.high_level.extract_text`` with its default layout analysis (plain
  text, no structure), the baseline the converter must stay faster than (issue 16);
* ``pypdfium2``: PDFium's text extraction (``PdfTextPage.get_text_range``) for every page, the
  optional fast backend (plain text only; shown as n/a when pypdfium2 is not installed).

The last row sums time and pages over all files. ``--cpu`` measures CPU seconds of this process
(``time.process_time``) instead of wall time, for a shared machine where neighbours steal the
cores; ``--hindawi`` adds the 49 ``/work/shared/docs/hindawi/*/fulltext.pdf`` and the 5
``/work/shared/docs/pdf-more`` PDFs (issue 16's speed check: all of them, ``convert`` < ``pdfminer``).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


_CLOCK = time.perf_counter


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = _CLOCK()
        fn()
        best = min(best, _CLOCK() - t)
    return best


def _pages(path: Path) -> int:
    from pdfminer.pdfpage import PDFPage

    with path.open("rb") as fh:
        return sum(1 for _ in PDFPage.get_pages(fh))


def _pdfium(path: Path) -> None:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        for i in range(len(doc)):
            page = doc[i]
            page.get_textpage().get_text_range()
    finally:
        doc.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--cpu", action="store_true", help="CPU seconds (time.process_time) instead of wall seconds")
    ap.add_argument("--hindawi", action="store_true", help="the 49 shared Hindawi PDFs and the 5 pdf-more PDFs")
    args = ap.parse_args(argv)
    global _CLOCK
    if args.cpu:
        _CLOCK = time.process_time
    files = list(args.pdfs)
    if args.hindawi:
        files += sorted(Path("/work/shared/docs/hindawi").glob("*/fulltext.pdf")) + sorted(Path("/work/shared/docs/pdf-more").glob("*.pdf"))
    files = files or sorted((ROOT / "tests" / "data" / "pdf").glob("*.pdf")) + [ROOT / "src" / "rheumex" / "example" / "seed.pdf"]
    files = [f for f in files if f.exists()]
    if not files:
        print("no PDFs found", file=sys.stderr)
        return 1

    import logging

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    from pdfminer.high_level import extract_text

    from rheumex.extract import convert

    try:
        import pypdfium2  # noqa: F401

        have_pdfium = True
    except ImportError:
        have_pdfium = False

    print(f"best of {args.repeat} runs; {'CPU' if args.cpu else 'wall'} seconds per page\n")
    print("| file | pages | convert | pdfminer extract_text | pypdfium2 | convert / pdfminer |")
    print("|---|---:|---:|---:|---:|---:|")
    tot = {"pages": 0, "convert": 0.0, "pdfminer": 0.0, "pdfium": 0.0}
    for f in files:
        n = _pages(f)
        c = _best(lambda f=f: convert(f), args.repeat)
        m = _best(lambda f=f: extract_text(str(f)), args.repeat)
        p = _best(lambda f=f: _pdfium(f), args.repeat) if have_pdfium else None
        tot["pages"] += n
        tot["convert"] += c
        tot["pdfminer"] += m
        tot["pdfium"] += p or 0.0
        ps = f"{p / n:.4f}" if p is not None else "n/a"
        name = f"{f.parent.name}/{f.name}" if f.name == "fulltext.pdf" else f.name
        print(f"| {name} | {n} | {c / n:.3f} | {m / n:.3f} | {ps} | {c / m:.2f}x |")
    n = tot["pages"]
    ps = f"{tot['pdfium'] / n:.4f}" if have_pdfium else "n/a"
    print(f"| **all** | {n} | {tot['convert'] / n:.3f} | {tot['pdfminer'] / n:.3f} | {ps} | "
          f"{tot['convert'] / tot['pdfminer']:.2f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
