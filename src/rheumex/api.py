"""Python API: ``process``, ``read_results`` and the :class:`Results` tables."""
from __future__ import annotations

import json
import os
import platform
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pandas as pd

from rheumex import __version__, schema
from rheumex.runner import Item, RunOptions, RunResult, expand_inputs, run

TABLE_NAMES = ("documents", "mentions", "cases", "manifest")


@dataclass
class Results:
    """The tables of a run, as pandas DataFrames with the dtypes of :mod:`rheumex.schema`."""

    documents: pd.DataFrame
    mentions: pd.DataFrame
    cases: pd.DataFrame
    manifest: pd.DataFrame

    def summary(self) -> str:
        st = self.manifest["status"].value_counts().to_dict() if len(self.manifest) else {}
        labels = self.mentions["label"].value_counts().to_dict() if len(self.mentions) else {}
        return (f"{len(self.manifest)} inputs: {st.get('ok', 0)} ok, {st.get('error', 0)} error, "
                f"{st.get('skipped', 0)} skipped; {len(self.mentions)} mentions "
                + "(" + ", ".join(f"{k} {v}" for k, v in sorted(labels.items())) + ")"
                + f"; {len(self.cases)} cases")


def _results_from(run_result: RunResult) -> Results:
    rows: dict[str, list[dict]] = {t: [] for t in TABLE_NAMES}
    for part in run_result.parts:
        m = dict(part["manifest"])
        m.pop("status_note", None)
        rows["manifest"].append(m)
        for t in ("documents", "mentions", "cases"):
            rows[t].extend(part[t])
    return Results(**{t: schema.frame(rows[t], t) for t in TABLE_NAMES})


def process(paths_or_texts: Iterable[str | Path] | str | Path, *, config: str | None = None, model: str | None = None,
            include_references: bool = False, workers: int = 1) -> Results:
    """Convert and annotate papers; return the tables in memory.

    ``paths_or_texts``: file paths, directories, globs, or raw text strings (a string that
    is not an existing path and contains white space is treated as a document's text).
    """
    if isinstance(paths_or_texts, (str, Path)):
        paths_or_texts = [paths_or_texts]
    items: list[Item] = []
    for i, x in enumerate(paths_or_texts):
        if isinstance(x, str) and not Path(x).exists() and (len(x) > 255 or any(c.isspace() for c in x)) and not any(c in x for c in "*?"):
            items.append(Item(source=f"<text {i}>", text=x))
        else:
            items.extend(expand_inputs([x]))
    opts = RunOptions(workers=workers, config=config, model=model, include_references=include_references)
    return _results_from(run(items, None, opts))


def write_results(results: Results, out: Path, run_info: dict) -> None:
    """Write every table as Parquet and CSV, and ``run.json``; each file replaced atomically."""
    out.mkdir(parents=True, exist_ok=True)
    for name in TABLE_NAMES:
        df = getattr(results, name)
        for ext in ("parquet", "csv"):
            path = out / f"{name}.{ext}"
            tmp = out / f".{name}.{ext}.tmp{os.getpid()}"
            if ext == "parquet":
                df.to_parquet(tmp, index=False)
            else:
                df.to_csv(tmp, index=False)
            os.replace(tmp, path)
    tmp = out / f".run.json.tmp{os.getpid()}"
    tmp.write_text(json.dumps(run_info, indent=2, default=str), encoding="utf-8")
    os.replace(tmp, out / "run.json")


def extract_to_dir(inputs: Iterable[str | Path], out: Path, opts: RunOptions) -> tuple[Results, dict]:
    """The ``rheumex extract`` job: run, write tables and ``run.json``; return both."""
    started = time.time()
    items = expand_inputs(inputs)
    rr = run(items, out, opts)
    results = _results_from(rr)
    resumed = sum(1 for p in rr.parts if p["manifest"].get("status_note") == "resumed")
    st = results.manifest["status"].value_counts().to_dict()
    info = {
        "rheumex_version": __version__,
        "pipeline": {"name": "rheumex_rules", **rr.pipeline},
        "inputs": len(items), "ok": int(st.get("ok", 0)), "error": int(st.get("error", 0)),
        "skipped": int(st.get("skipped", 0)), "resumed": resumed,
        "mentions": len(results.mentions), "cases": len(results.cases),
        "seconds": round(rr.seconds, 3), "started": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(started)),
        "workers": opts.workers, "include_references": opts.include_references,
        "python": platform.python_version(),
    }
    write_results(results, out, info)
    return results, info


def read_results(directory: str | Path) -> Results:
    """Load the tables written by ``rheumex extract`` (Parquet) with the contract's dtypes."""
    d = Path(directory)
    if not (d / "manifest.parquet").exists():
        raise FileNotFoundError(f"{d}: no rheumex tables here (expected manifest.parquet); run `rheumex extract ... --out {d}` first")
    tables = {}
    for name in TABLE_NAMES:
        path = d / f"{name}.parquet"
        df = pd.read_parquet(path) if path.exists() else schema.frame([], name)
        tables[name] = df.astype(schema.TABLES[name])
    return Results(**tables)
