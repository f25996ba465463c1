"""CPU seconds of each pipeline component on the 49 Hindawi PDFs of ``benchmarks/e2e.py``.

For issue 17's NLP stage: converts the PDFs once (the converted Documents are kept in a
pickle, ``--cache``, so a rerun skips conversion), then runs ``rheumex.rows.annotate`` on
each one with every component wrapped in a ``time.process_time`` timer (the wrapper passes
attribute access through: components look each other up with ``nlp.get_pipe``).
``--profile N`` adds a cProfile of the NLP stage (top N functions by own time).

    python benchmarks/profile_nlp.py [--cache /tmp/rheumex-docs.pkl] [--profile 30]
"""
from __future__ import annotations

import argparse
import collections
import cProfile
import pickle
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from e2e import HINDAWI  # noqa: E402


class _Timed:
    def __init__(self, proc, name: str, acc: collections.Counter) -> None:
        self.__dict__.update(_proc=proc, _name=name, _acc=acc)

    def __getattr__(self, attr):
        return getattr(self._proc, attr)

    def __setattr__(self, attr, value) -> None:
        setattr(self._proc, attr, value)

    def __call__(self, doc):
        t = time.process_time()
        out = self._proc(doc)
        self._acc[self._name] += time.process_time() - t
        return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", default="/tmp/rheumex-profile-docs.pkl", help="pickle of the converted Documents")
    ap.add_argument("--profile", type=int, default=0, help="print the top N functions of a cProfile")
    args = ap.parse_args(argv)
    import rheumex
    from rheumex.extract.convert import convert
    from rheumex.rows import annotate, case_rows, mention_rows

    cache = Path(args.cache)
    if cache.exists():
        documents = pickle.loads(cache.read_bytes())
    else:
        t = time.process_time()
        documents = [convert(p, source=str(p)) for p in sorted(HINDAWI.glob("*/*.pdf"))]
        print(f"convert: {len(documents)} PDFs, {time.process_time() - t:.2f} CPU s")
        cache.write_bytes(pickle.dumps(documents))
    t = time.process_time()
    nlp = rheumex.load_pipeline()
    print(f"load: {time.process_time() - t:.2f} CPU s")
    acc: collections.Counter = collections.Counter()
    nlp._components = [(name, _Timed(proc, name, acc)) for name, proc in nlp._components]
    prof = cProfile.Profile() if args.profile else None
    t = time.process_time()
    if prof:
        prof.enable()
    for i, document in enumerate(documents):
        doc = annotate(nlp, document)
        case_rows(doc, str(i), mention_rows(doc, str(i)))
    if prof:
        prof.disable()
    total = time.process_time() - t
    print(f"nlp + rows: {total:.2f} CPU s; components {sum(acc.values()):.2f}, rest (tokenizer, rows) "
          f"{total - sum(acc.values()):.2f}")
    for name, secs in acc.most_common():
        print(f"{secs:8.2f}  {name}")
    if prof:
        pstats.Stats(prof).sort_stats("tottime").print_stats(args.profile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
