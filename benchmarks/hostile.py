"""Time and peak memory on hostile inputs (issue 18 items 4, 6, 7): each case runs in its
own process under ``ulimit -v 6 GiB`` and reports seconds, peak RSS and the outcome.

    python benchmarks/hostile.py            # all cases
    python benchmarks/hostile.py --only bomb4g

Cases: a 4 GB (nominal) nested-FlateDecode PDF bomb of about 7 KB; a 1,200,000-character
text (the seed paper repeated) through the whole pipeline; 20 KB of "(" through the whole
pipeline; JATS nested 1,000,000 levels deep. Needs no shared data.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MB = 1024 * 1024
SEED = ROOT / "tests" / "data" / "seed.txt"


def _bomb_pdf(n_mb: int) -> bytes:
    sys.path.insert(0, str(ROOT / "tests"))
    from test_hostile import _deflated_spaces, _one_page_pdf, _stream

    inner = _deflated_spaces(n_mb)
    return _one_page_pdf([_stream(zlib.compress(inner, 9), b"/Filter [/FlateDecode /FlateDecode] ")])


def _case(name: str) -> dict:
    out: dict = {"case": name}
    t0 = time.perf_counter()
    try:
        if name == "bomb4g":
            from rheumex.extract import convert

            data = _bomb_pdf(4096)
            out["input"] = f"{len(data):,} bytes PDF, 4,096 MB decoded"
            t0 = time.perf_counter()
            convert(data, source="bomb4g.pdf")
            out["outcome"] = "converted"
        elif name in ("long_text", "parens"):
            import rheumex
            from rheumex.extract.document import Document
            from rheumex.rows import annotate, mention_rows

            nlp = rheumex.load_pipeline()
            if name == "long_text":
                seed = SEED.read_text(encoding="utf-8")
                text = "\n\n".join([seed] * (1_200_000 // len(seed) + 1))[:1_200_000]
            else:
                text = "Calcinosis cutis.\n" + "(" * 20_000 + " Systemic sclerosis."
            out["input"] = f"{len(text):,} characters"
            t0 = time.perf_counter()
            doc = annotate(nlp, Document(text=text, sections=[], source=name))
            rows = mention_rows(doc, "x")
            ok = doc.text == text and all(text[r["start"]:r["end"]] == r["text"] for r in rows)
            out["outcome"] = f"{len(rows)} mentions, offsets exact: {ok}"
        elif name == "deep_jats":
            from rheumex.extract import convert

            n = 1_000_000
            data = b"<article><body><sec><p>" + b"<italic>" * n + b"x" + b"</italic>" * n + b"</p></sec></body></article>"
            out["input"] = f"{len(data):,} bytes, {n:,} levels"
            t0 = time.perf_counter()
            convert(data, "jats", source="deep.nxml")
            out["outcome"] = "converted"
    except Exception as e:  # the expected refusals
        out["outcome"] = f"{type(e).__name__}: {e}"
    out["seconds"] = round(time.perf_counter() - t0, 2)
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", help="one case: bomb4g, long_text, parens, deep_jats")
    ap.add_argument("--case", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.case:
        print(json.dumps(_case(a.case)))
        return
    for name in [a.only] if a.only else ["bomb4g", "deep_jats", "parens", "long_text"]:
        cmd = f"ulimit -v {6 * 1024 * 1024}; exec {sys.executable} {Path(__file__).resolve()} --case {name}"
        p = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, timeout=900)
        line = p.stdout.strip().splitlines()[-1] if p.stdout.strip() else json.dumps({"case": name, "error": p.stderr[-300:]})
        r = json.loads(line)
        print(f"{r['case']:10} {r.get('input', '')!s:40} {r.get('seconds', '?')!s:>7} s  {r.get('peak_rss_mb', '?')!s:>5} MB  "
              f"{r.get('outcome', r.get('error'))}", flush=True)


if __name__ == "__main__":
    main()
