"""Batch runs: inputs -> per-document results -> tables, resumable and crash-isolated.

Each document's rows are written as one JSON part file under ``OUT/.parts/<pipeline>/``
(atomically: temp file + rename) as soon as it is done. A rerun into the same folder skips
every input whose content hash already has a part for this pipeline version (resume), so
a killed run loses at most the documents in flight. The final tables are rebuilt from the
parts of this run's inputs, in input order, and replaced atomically.

One bad input never sinks the batch: conversion and pipeline errors, time-outs and worker
crashes become manifest rows with ``status=error`` and a message naming the file.
"""
from __future__ import annotations

import glob
import json
import logging
import os
import signal
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from rheumex import __version__
from rheumex.extract.convert import EXTENSIONS, Limits, convert
from rheumex.extract.errors import ConversionError

log = logging.getLogger(__name__)


@dataclass
class RunOptions:
    """Options of one batch run (the CLI flags)."""

    workers: int = 1
    config: str | None = None
    model: str | None = None
    include_references: bool = False
    resume: bool = True
    timeout: float = 300.0
    max_bytes: int = Limits().max_bytes
    progress: bool = False


@dataclass
class Item:
    """One input: a path (or an in-memory text) and what became of it."""

    source: str
    path: Path | None = None
    text: str | None = None
    error: str | None = None


@dataclass
class RunResult:
    parts: list[dict] = field(default_factory=list)  # per input: {"manifest": row, "documents": [...], ...}
    seconds: float = 0.0
    pipeline: dict = field(default_factory=dict)


def expand_inputs(inputs: Iterable[str | Path]) -> list[Item]:
    """Files, directories (recursive, supported extensions) and globs -> ordered items.

    A path that does not exist becomes an item with an error, so it shows in the manifest.
    """
    items: list[Item] = []
    seen: set[str] = set()

    def add(p: Path, error: str | None = None) -> None:
        key = str(p)
        if key not in seen:
            seen.add(key)
            items.append(Item(source=key, path=p, error=error))

    for raw in inputs:
        s = str(raw)
        p = Path(s)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() in EXTENSIONS and not any(part.startswith(".") for part in f.relative_to(p).parts):
                    add(f)
        elif p.exists() or os.path.islink(s):
            add(p)
        elif any(ch in s for ch in "*?["):
            matches = sorted(glob.glob(s, recursive=True))
            if not matches:
                add(p, f"{s}: no file matches this pattern")
            for m in matches:
                if Path(m).is_file():
                    add(Path(m))
        else:
            add(p, f"{s}: file not found; check the path")
    return items


# -- worker side ---------------------------------------------------------------------
_NLP = None
_OPTS: RunOptions | None = None


class _Timeout(Exception):
    pass


def _alarm(signum, frame):  # pragma: no cover - exercised through subprocess tests
    raise _Timeout()


def _init_worker(opts: RunOptions) -> None:
    global _NLP, _OPTS
    from rheumex.pipelines import load_pipeline

    _OPTS = opts
    _NLP = load_pipeline(opts.config, model=opts.model)


def process_item(item: Item) -> dict:
    """Convert and annotate one input; never raises. Returns the part dict."""
    from rheumex.rows import annotate, case_rows, doc_id_for, document_row, mention_rows

    opts = _OPTS or RunOptions()
    t0 = time.perf_counter()
    manifest = {"source": item.source, "doc_id": None, "status": "error", "error": None, "seconds": None, "warnings": None}
    part = {"manifest": manifest, "documents": [], "mentions": [], "cases": []}
    if item.error:
        manifest["error"] = item.error
        manifest["seconds"] = 0.0
        return part
    use_alarm = opts.timeout and hasattr(signal, "SIGALRM")
    if use_alarm:
        old = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, opts.timeout)
    try:
        if os.environ.get("RHEUMEX_TEST_HANG") and item.source.endswith(os.environ["RHEUMEX_TEST_HANG"]):
            time.sleep(3600)  # test hook: simulate a hanging input
        if item.text is not None:
            data = item.text.encode("utf-8")
            document = convert(data, "text", source=item.source, limits=Limits(max_bytes=opts.max_bytes))
            document.text = item.text
        else:
            document = convert(item.path, source=item.source, limits=Limits(max_bytes=opts.max_bytes))
        doc_id = doc_id_for(document.text)
        manifest["doc_id"] = doc_id
        doc = annotate(_NLP, document, opts.include_references)
        mentions = mention_rows(doc, doc_id)
        part["documents"] = [document_row(document, doc_id)]
        part["mentions"] = mentions
        part["cases"] = case_rows(doc, doc_id, mentions)
        manifest["status"] = "ok"
        manifest["warnings"] = "; ".join(document.warnings) or None
    except _Timeout:
        manifest["error"] = f"{item.source}: timed out after {opts.timeout:g} s; raise --timeout or check the file"
    except ConversionError as e:
        manifest["error"] = str(e)
    except MemoryError:
        manifest["error"] = f"{item.source}: out of memory while processing"
    except Exception as e:  # one bad input never sinks the batch
        log.debug("failed on %s", item.source, exc_info=True)
        manifest["error"] = f"{item.source}: {type(e).__name__}: {e}"
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
    manifest["seconds"] = round(time.perf_counter() - t0, 4)
    return part


# -- driver side -----------------------------------------------------------------------
def _content_key(item: Item) -> str | None:
    """Hash of the raw input bytes, used to find an earlier part (resume)."""
    from rheumex.rows import doc_id_for

    try:
        if item.text is not None:
            return doc_id_for(item.text)
        if item.path is not None and item.path.is_file():
            return doc_id_for(item.path.read_bytes())
    except OSError:
        return None
    return None


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + f".tmp{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def run(items: list[Item], out: Path | None, opts: RunOptions) -> RunResult:
    """Process ``items``; with ``out``, keep resumable parts under ``out/.parts``."""
    from rheumex.pipelines import config_hash

    t0 = time.perf_counter()
    phash = config_hash(opts.config) + ("-refs" if opts.include_references else "") + (f"-{Path(opts.model).name}" if opts.model else "")
    parts_dir = None
    if out is not None:
        parts_dir = out / ".parts" / f"{__version__}-{phash}"
        parts_dir.mkdir(parents=True, exist_ok=True)
    results: list[dict | None] = [None] * len(items)
    todo: list[int] = []
    keys: list[str | None] = []
    for i, item in enumerate(items):
        key = _content_key(item) if not item.error else None
        keys.append(key)
        if parts_dir is not None and opts.resume and key and (parts_dir / f"{key}.json").exists():
            try:
                part = json.loads((parts_dir / f"{key}.json").read_text(encoding="utf-8"))
                part["manifest"]["source"] = item.source
                for d in part["documents"]:
                    d["source"] = item.source
                part["manifest"]["status_note"] = "resumed"
                results[i] = part
                continue
            except (OSError, ValueError):
                pass
        todo.append(i)

    bar = None
    if opts.progress and todo:
        from tqdm import tqdm

        bar = tqdm(total=len(todo), unit="doc", file=sys.stderr, dynamic_ncols=True, desc="rheumex")

    def done(i: int, part: dict) -> None:
        results[i] = part
        if parts_dir is not None and keys[i] and part["manifest"]["status"] == "ok":
            _write_atomic(parts_dir / f"{keys[i]}.json", json.dumps(part, ensure_ascii=False))
        if bar is not None:
            bar.update(1)

    if opts.workers <= 1 or len(todo) <= 1:
        _init_worker(opts)
        for i in todo:
            done(i, process_item(items[i]))
    else:
        _run_pool(items, todo, opts, done)
    if bar is not None:
        bar.close()
    res = RunResult(parts=[r for r in results if r is not None], seconds=time.perf_counter() - t0)
    res.pipeline = {"config_hash": phash, "config": opts.config or "default", "model": opts.model}
    return res


def _run_pool(items: list[Item], todo: list[int], opts: RunOptions, done) -> None:
    """Process pool. When a worker dies, the inputs it took down are retried once in a
    fresh pool; an input that kills a worker twice becomes an error row."""
    pending = list(todo)
    attempts: dict[int, int] = {}
    while pending:
        with ProcessPoolExecutor(max_workers=opts.workers, initializer=_init_worker, initargs=(opts,)) as ex:
            futs = {ex.submit(process_item, items[i]): i for i in pending}
            pending = []
            for fut in as_completed(futs):
                i = futs[fut]
                try:
                    done(i, fut.result())
                except BrokenProcessPool:
                    attempts[i] = attempts.get(i, 0) + 1
                    if attempts[i] >= 2:
                        done(i, {"manifest": {"source": items[i].source, "doc_id": None, "status": "error",
                                              "error": f"{items[i].source}: worker process crashed while processing this file",
                                              "seconds": None, "warnings": None},
                                 "documents": [], "mentions": [], "cases": []})
                    else:
                        pending.append(i)
        pending.sort()
