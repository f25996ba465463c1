"""Batch runs: inputs -> per-document results -> tables, resumable and crash-isolated.

Each document's rows are written as one JSON part file under ``OUT/.parts/<pipeline>/``
(atomically: temp file + rename) as soon as it is done. A rerun into the same folder skips
every input whose content hash already has a part for this pipeline version (resume), so
a killed run loses at most the documents in flight. The final tables are streamed from the
parts of this run's inputs, in input order (:meth:`RunResult.iter_parts`), so memory does
not grow with the corpus; the writer lives in :mod:`rheumex.api`.

Engines (``RunOptions.engine``):

``local``
    ``workers == 1``: in this process. ``workers >= 2``: a pool of worker processes taking
    one document at a time; on Linux the pipeline is loaded once here and the workers are
    forked from this process with it (load once, fork many). While this process loads, a
    short-lived prefetch process converts the first files on the core the load leaves idle
    (:func:`rheumex.worker.prefetch_main`); it is killed once the workers run.
``dask``
    a ``dask.distributed`` cluster (:mod:`rheumex.dask_engine`), local or remote. Both
    engines run :func:`rheumex.worker.process_item` (the worker protocol lives in
    :mod:`rheumex.worker`; the engines do not import each other) and this module writes the
    same part files, so their tables are identical and a run resumes with either engine.

Inputs are expanded by :mod:`rheumex.inputs` (one manifest row per input); the output
folder's lock and final swap are in :mod:`rheumex.outdir`.

Time-outs (``RunOptions.timeout`` seconds per document) are enforced twice:

1. inside the worker, by ``SIGALRM`` in a main thread (interrupts Python code, sleeps and
   blocking I/O) or by an asynchronous exception in other threads (Dask workers; checked
   between Python bytecodes);
2. by the parent, for the local pool and the Dask engine: a document still running
   ``timeout + grace`` seconds after it started has its worker process killed and
   replaced. This also cuts a hang that (1) cannot interrupt, such as a long C loop that
   never returns to the interpreter.

With ``workers == 1`` (in-process) only (1) applies; use ``--workers 2`` or more when
inputs may hang inside C code.

One bad input never sinks the batch: conversion and pipeline errors, time-outs and worker
crashes become manifest rows with ``status=error`` and a message naming the file.
"""
from __future__ import annotations

import ctypes
import json
import logging
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import wait as mp_wait
from pathlib import Path
from typing import Callable, Iterable, Iterator, NamedTuple

from rheumex import __version__
from rheumex.inputs import check_file, content_key, expand_inputs  # noqa: F401  (expand_inputs: public here too)
import rheumex.worker as worker_module
from rheumex.worker import (Item, RunOptions, crash_message, error_part, hard_deadline, init_worker, pipeline_loaded,  # noqa: F401
                            process_item, skipped_part, timeout_message)

log = logging.getLogger(__name__)

ENGINES = ("local", "dask")


class StoredPart(NamedTuple):
    """A finished document whose part lives on disk (read back when the tables are written)."""

    path: Path
    source: str
    resumed: bool


@dataclass
class RunResult:
    """What :func:`run` produced: one slot per input, in input order.

    A slot is the part dict itself (errors, and every input of a run without an output
    folder) or a :class:`StoredPart` that :meth:`iter_parts` reads back one at a time.
    """

    slots: list[dict | StoredPart] = field(default_factory=list)
    seconds: float = 0.0
    pipeline: dict = field(default_factory=dict)
    processed: int = 0  # inputs processed in this run (the rest were resumed)
    load_seconds: float | None = None  # pipeline load in this process (None: the engine's workers loaded it)
    stages: dict = field(default_factory=dict)  # summed worker seconds per stage: {"convert": s, "nlp": s, "rows": s}
    engine_seconds: float = 0.0  # wall seconds of the document phase (after the load, until the last result)
    worker_load_seconds: list | None = None  # local pool: each worker's own load (0.0 = forked with the pipeline)

    def iter_parts(self) -> Iterator[dict]:
        """The parts in input order: ``{"manifest": row, "documents": [...], "mentions": [...], "cases": [...]}``.

        Resumed parts carry ``manifest["status_note"] = "resumed"``.
        """
        for slot in self.slots:
            if isinstance(slot, dict):
                yield slot
            else:
                yield _load_part(slot)

    @property
    def parts(self) -> list[dict]:
        """All parts as a list (loads every stored part: memory grows with the corpus)."""
        return list(self.iter_parts())


def _load_part(slot: StoredPart) -> dict:
    try:
        part = json.loads(slot.path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise RuntimeError(f"{slot.path}: the saved result of {slot.source} is unreadable ({e}); "
                           "delete this file or rerun with --no-resume") from None
    part["manifest"]["source"] = slot.source
    for d in part["documents"]:
        d["source"] = slot.source
    if slot.resumed:
        part["manifest"]["status_note"] = "resumed"
    return part


# -- driver side -----------------------------------------------------------------------
def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + f".tmp{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _part_ok(path: Path) -> bool:
    """An earlier part that can be reused (exists and parses)."""
    try:
        json.loads(path.read_text(encoding="utf-8"))
        return True
    except (OSError, ValueError):
        return False


def run(items: list[Item], out: Path | None, opts: RunOptions, warm: Callable[[], None] | None = None) -> RunResult:
    """Process ``items``; with ``out``, keep resumable parts under ``out/.parts``.

    ``warm`` (optional) is called in a background thread of this process once a local pool's
    workers are started (the parent only waits for results then), e.g. to import the table
    writers; a replacement worker is forked only after it has returned.

    Raises:
        ValueError: unknown ``opts.engine``.
        ImportError: ``engine="dask"`` without dask installed (the message says what to install).
    """
    from rheumex.pipelines import config_hash

    if opts.engine not in ENGINES:
        raise ValueError(f"unknown engine {opts.engine!r}; use one of: {', '.join(ENGINES)}")
    t0 = time.perf_counter()
    phash = config_hash(opts.config) + ("-refs" if opts.include_references else "") + (f"-{Path(opts.model).name}" if opts.model else "")
    parts_dir = None
    if out is not None:
        parts_dir = out / ".parts" / f"{__version__}-{phash}"
        parts_dir.mkdir(parents=True, exist_ok=True)
    slots: list[dict | StoredPart | None] = [None] * len(items)
    todo: list[int] = []
    keys: list[str | None] = []
    sizes: dict[int, int] = {}
    for i, item in enumerate(items):
        if not item.error and not item.skipped:
            item.error = check_file(item, opts.max_bytes)  # special files and oversized ones: refused unread
        if item.error or item.skipped:  # no engine needed: the row is known
            keys.append(None)
            slots[i] = process_item(item)
            continue
        key, sizes[i] = content_key(item)
        keys.append(key)
        if parts_dir is not None and opts.resume and key and _part_ok(parts_dir / f"{key}.json"):
            slots[i] = StoredPart(parts_dir / f"{key}.json", item.source, True)
            continue
        todo.append(i)

    bar = None
    if opts.progress and todo:
        import tqdm as _tqdm

        _tqdm.tqdm.monitor_interval = 0  # no monitor thread: the pool forks workers from this process
        resumed = len(items) - len(todo)
        bar = _tqdm.tqdm(total=len(todo), unit="doc", file=sys.stderr, dynamic_ncols=True,
                         desc="rheumex" + (f" ({resumed} resumed)" if resumed else ""))
    errors = 0
    stages = {"convert": 0.0, "nlp": 0.0, "rows": 0.0}

    def started(i: int) -> None:
        """An engine began items[i]: the bar shows its file name."""
        if bar is not None:
            bar.set_postfix_str(_short_name(items[i].source) + (f", {errors} errors" if errors else ""))

    def part_path(i: int) -> str | None:
        """Where the part of items[i] is kept (None: no output folder or no content key)."""
        return str(parts_dir / f"{keys[i]}.json") if parts_dir is not None and keys[i] else None

    def done(i: int, part: dict) -> None:
        nonlocal errors
        for k, v in (part.pop("timing", None) or {}).items():
            stages[k] = stages.get(k, 0.0) + float(v or 0.0)
        ok = part["manifest"]["status"] == "ok"
        stored = part.pop("_stored", None)
        if stored is not None:  # a pool worker wrote the part file itself and sent only its manifest
            slots[i] = StoredPart(Path(stored), items[i].source, False)
        elif parts_dir is not None and keys[i] and ok:
            path = parts_dir / f"{keys[i]}.json"
            _write_atomic(path, json.dumps(part, ensure_ascii=False))
            slots[i] = StoredPart(path, items[i].source, False)  # drop the rows: memory stays flat
        else:
            slots[i] = part
        if not ok:
            errors += 1
        if bar is not None:
            bar.update(1)

    load_seconds: float | None = None
    pool_stats: dict = {}
    t_engine = time.perf_counter()
    try:
        if opts.engine == "dask" or opts.workers > 1:
            # largest inputs first (longest-processing-time-first): no worker is left with a
            # big PDF at the end while the others idle. Tables keep input order regardless.
            todo.sort(key=lambda i: -sizes[i])
        if todo and opts.engine == "dask":
            from rheumex.dask_engine import run_dask

            run_dask(items, todo, opts, lambda i, part: (started(i), done(i, part)))
        elif todo and opts.workers <= 1:
            load_seconds = init_worker(opts)
            for i in todo:
                started(i)
                done(i, process_item(items[i]))
        elif todo:
            load_seconds = _run_pool(items, todo, opts, done, started, pool_stats, warm, part_path)
    finally:
        if bar is not None:
            bar.close()
    engine_seconds = max(0.0, time.perf_counter() - t_engine - (load_seconds or 0.0))
    missing = [items[i].source for i, s in enumerate(slots) if s is None]
    if missing:  # cannot happen unless an engine lost an input; never write partial tables silently
        raise RuntimeError(f"{len(missing)} inputs got no result (first: {missing[0]}); rerun the same command to resume")
    res = RunResult(slots=slots, seconds=time.perf_counter() - t0, processed=len(todo),  # type: ignore[arg-type]
                    load_seconds=None if load_seconds is None else round(load_seconds, 3),
                    stages={k: round(v, 3) for k, v in stages.items()}, engine_seconds=round(engine_seconds, 3),
                    worker_load_seconds=pool_stats.get("worker_load_seconds"))
    res.pipeline = {"config_hash": phash, "config": opts.config or "default", "model": opts.model}
    return res


def _short_name(source: str, width: int = 40) -> str:
    """The file name for the progress bar; with its folder when the name alone says little
    (``PMC4678086/fulltext.pdf``)."""
    p = Path(source)
    name = p.name or source
    if p.stem.lower() in ("fulltext", "index", "main", "paper", "article", "document") and p.parent.name:
        name = f"{p.parent.name}/{name}"
    return name if len(name) <= width else "…" + name[-(width - 1):]


# -- local process pool ------------------------------------------------------------------
def _mp_context():
    """fork on Linux (fast start, no ``if __name__ == "__main__"`` guard needed in scripts,
    as before), else the platform default (spawn on macOS and Windows)."""
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _die_with_parent() -> None:
    """Linux: have the kernel SIGKILL this worker when the parent dies (even by kill -9), so
    a worker stuck in a hanging document does not outlive the run."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        parent = os.getppid()
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)
    except (OSError, AttributeError):
        pass


def _pool_main(conn, opts: RunOptions, inherited: list) -> None:
    """A pool worker: load the pipeline, then process one (index, item) at a time until told
    to stop (None) or the parent goes away."""
    for c in inherited:  # the parent's ends of every pipe: without them we see EOF when it dies
        c.close()
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    try:
        seconds = init_worker(opts)  # 0.0 when forked from a parent that loaded the pipeline
    except BaseException as e:  # noqa: BLE001 - reported to the parent, which stops the run
        conn.send(("init_error", f"{type(e).__name__}: {e}"))
        return
    conn.send(("ready", round(seconds, 3)))
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return  # parent died (e.g. kill -9): exit instead of lingering
        if msg is None:
            return
        i, item, path = msg
        part = process_item(item)
        if path is not None and part["manifest"]["status"] == "ok":
            # the worker writes its own part file (atomically) and sends back only what the parent
            # reads: the JSON encoding and the pipe transfer of the rows leave the parent's core
            try:
                _write_atomic(Path(path), json.dumps({k: v for k, v in part.items() if k != "timing"}, ensure_ascii=False))
                part = {"manifest": part["manifest"], "timing": part.get("timing"), "_stored": path}
            except OSError:
                pass  # the parent writes it (and reports the error if it cannot either)
        try:
            conn.send(("done", i, part))
        except OSError:
            return


#: documents a pool worker holds at once: the one it works on and the next, already in its
#: pipe, so it starts the next as soon as it sends a result instead of waiting for the parent to
#: read the result and answer (about 9 ms per document on a loaded machine, 0.6 s per worker over
#: the 139 short texts: ``benchmarks/results/e2e-s11.md``). The parent sends a second document
#: only while more documents wait than there are workers (the last ones go to whichever worker
#: is free) and only a small message (a path, or a text under :data:`_PREFETCH_TEXT`
#: characters), so a send to a busy worker never fills the pipe and blocks the parent.
PREFETCH = 2
_PREFETCH_TEXT = 8192


class _PoolWorker:
    def __init__(self, ctx, opts: RunOptions, others: list["_PoolWorker"]) -> None:
        self.conn, child = ctx.Pipe()
        inherited = [self.conn, *(w.conn for w in others if not w.conn.closed)] if ctx.get_start_method() == "fork" else []
        self.proc = ctx.Process(target=_pool_main, args=(child, opts, inherited), daemon=True, name="rheumex-worker")
        self.proc.start()
        child.close()
        self.ready = False
        self.inflight: deque[int] = deque()  # sent, not yet done, in the order the worker takes them
        self.started = 0.0  # when inflight[0] started, as the parent saw it

    @property
    def task(self) -> int | None:
        """The document the worker is working on (None: idle)."""
        return self.inflight[0] if self.inflight else None

    def assign(self, i: int, item: Item, path: str | None = None) -> bool:
        """Send items[i] (and where to keep its part, ``path``) to the worker; False when it is gone."""
        try:
            self.conn.send((i, item, path))
        except OSError:
            return False
        if not self.inflight:
            self.started = time.monotonic()
        self.inflight.append(i)
        return True

    def finished(self, i: int) -> None:
        """The result of ``i`` (the head) arrived: the next document in the pipe has started."""
        if self.inflight and self.inflight[0] == i:
            self.inflight.popleft()
        else:  # pragma: no cover - the worker takes its documents in order
            self.inflight = deque(x for x in self.inflight if x != i)
        self.started = time.monotonic()

    def take_back(self) -> list[int]:
        """The documents sent but not started (behind the head), removed from this worker."""
        rest = list(self.inflight)[1:]
        self.inflight.clear()
        return rest

    def release(self) -> None:
        """End an idle worker without waiting for it: its exit (freeing a few hundred MB of
        pages, ~20 ms for two workers) overlaps with the parent's table writing. The process is
        reaped by the next pool's start or at interpreter exit (multiprocessing joins its
        children then)."""
        if self.proc.is_alive():
            self.proc.terminate()
        self.conn.close()

    def stop(self, kill: bool = False) -> None:
        if not kill and self.proc.is_alive():
            self.proc.terminate()  # idle (all results are in): no need to wait for a clean exit
            self.proc.join(2.0)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(5.0)
        self.conn.close()


def _small(item: Item) -> bool:
    """Whether ``item`` may be sent to a busy worker (see :data:`PREFETCH`)."""
    return item.text is None or len(item.text) < _PREFETCH_TEXT


def _run_pool(items: list[Item], todo: list[int], opts: RunOptions, done: Callable[[int, dict], None],
              started: Callable[[int], None] = lambda i: None, stats_out: dict | None = None,
              warm: Callable[[], None] | None = None,
              part_path: Callable[[int], str | None] | None = None) -> float | None:
    """A pool of ``opts.workers`` processes with a per-document deadline in the parent.

    ``part_path(i)`` (optional) says where the part of items[i] is kept: the worker then writes that
    file itself and sends back only the manifest row and timings (``"_stored"``), so the rows are
    neither pickled through the pipe nor JSON-encoded on the parent's core.

    Load once, fork many: with the ``fork`` start method (Linux) the parent loads the
    pipeline first and every worker, replacements included, is forked from it ready to go,
    sharing the pipeline's memory pages (``gc.freeze`` keeps the garbage collector from
    touching, and so copying, them). Elsewhere (spawn) each worker loads it (about 1 s
    with the pipeline cache). Returns the parent's load seconds (None when it did not load).

    Each worker works on one document at a time and holds at most one more in its pipe
    (:data:`PREFETCH`); it takes them in order, so the parent knows when every document
    started (when the result of the one before it arrived): one still running after
    :func:`hard_deadline` seconds has its worker killed (SIGKILL) and replaced, and becomes a
    time-out row. A worker that dies is replaced and its document retried once; a document
    that kills a worker twice becomes an error row. The document a killed or dead worker
    held behind that one goes back to the front of the queue (it had not started).
    """
    ctx = _mp_context()
    stats_out = {} if stats_out is None else stats_out
    load_seconds = None
    prefetcher, prefetch_dir = None, None
    if ctx.get_start_method() == "fork":
        import gc

        prefetcher, prefetch_dir = _start_prefetch(ctx, items, todo, opts)
        load_seconds = init_worker(opts)  # errors (bad config, missing model) surface here, once
        gc.collect(1)  # the young generations only: a full collection scans the whole pipeline (~0.05 s) and finds nothing after a load
        gc.freeze()  # objects alive now are never scanned again: their pages stay shared after fork
    queue = deque(todo)
    worker_loads: list[float] = []  # each started worker's own load seconds (0.0: forked ready)
    crashes: dict[int, int] = {}
    limit = hard_deadline(opts.timeout)
    n = max(1, min(opts.workers, len(todo)))
    workers: list[_PoolWorker] = []
    try:
        for _ in range(n):
            workers.append(_PoolWorker(ctx, opts, workers))
    finally:
        _stop_prefetch(prefetcher)  # the workers run now: the idle core is gone
    warmer = None
    if warm is not None:
        import threading

        warmer = threading.Thread(target=warm, name="rheumex-warm", daemon=True)
        warmer.start()

    def replace(k: int) -> None:
        nonlocal warmer
        if warmer is not None:  # no fork while the thread may hold an import lock the child would inherit
            warmer.join()
            warmer = None
        workers[k] = _PoolWorker(ctx, opts, workers)

    failed_starts = 0
    clean = False

    def feed(w: _PoolWorker) -> None:
        """Keep ``w`` busy: a document when idle, one more (PREFETCH) while many wait."""
        while w.ready and queue and (not w.inflight or (
                len(w.inflight) < PREFETCH and len(queue) > n and _small(items[queue[0]]))):
            i = queue.popleft()
            if not w.assign(i, items[i], part_path(i) if part_path is not None else None):
                queue.appendleft(i)  # the worker is gone; noticed below
                return
            if len(w.inflight) == 1:
                started(i)

    def requeue(w: _PoolWorker) -> None:
        """The documents ``w`` held behind its head go back to the front of the queue, in order."""
        queue.extendleft(reversed(w.take_back()))

    try:
        while queue or any(w.task is not None for w in workers):
            for w in workers:
                feed(w)
            now = time.monotonic()
            wait_s = 1.0
            if limit is not None:
                for w in workers:
                    if w.task is not None:
                        wait_s = min(wait_s, max(0.01, w.started + limit - now))
            mp_wait([w.conn for w in workers] + [w.proc.sentinel for w in workers], wait_s)
            for k, w in enumerate(workers):
                dead = False
                while True:
                    try:
                        if not w.conn.poll():
                            break
                        msg = w.conn.recv()
                    except (EOFError, OSError):
                        dead = True
                        break
                    if msg[0] == "ready":
                        w.ready = True
                        worker_loads.append(msg[1])
                    elif msg[0] == "done":
                        _, i, part = msg
                        w.finished(i)
                        if w.inflight:
                            started(w.inflight[0])
                        feed(w)  # keep the worker busy while the parent stores the result
                        done(i, part)
                    elif msg[0] == "init_error":
                        raise RuntimeError(f"a worker could not load the pipeline: {msg[1]}; "
                                           "check --config/--model (try `rheumex info`)")
                if dead or not w.proc.is_alive():
                    i = w.task
                    requeue(w)  # the documents behind the one it died on did not start: no crash of theirs
                    if i is not None:
                        crashes[i] = crashes.get(i, 0) + 1
                        if crashes[i] >= 2:
                            done(i, error_part(items[i].source, crash_message(items[i].source)))
                        else:
                            queue.appendleft(i)
                    elif not w.ready:
                        failed_starts += 1
                        if failed_starts > 2 * n:
                            raise RuntimeError("worker processes keep dying while loading the pipeline "
                                               "(out of memory?); try fewer --workers")
                    w.stop(kill=True)
                    replace(k)
                elif limit is not None and w.task is not None and time.monotonic() - w.started > limit:
                    i = w.task
                    log.warning("%s: still running after %.0f s; killing its worker", items[i].source, limit)
                    requeue(w)
                    w.stop(kill=True)
                    done(i, error_part(items[i].source, timeout_message(items[i].source, opts.timeout),
                                       round(time.monotonic() - w.started, 4)))
                    replace(k)
        clean = True
    finally:
        for w in workers:
            if clean:  # all results are in and every worker is idle: SIGTERM, not waited for
                w.release()
            else:
                w.stop(kill=True)
        if load_seconds is not None:
            import gc

            gc.unfreeze()
        if prefetch_dir is not None:
            import shutil

            worker_module.PREFETCH_DIR = None
            shutil.rmtree(prefetch_dir, ignore_errors=True)
    stats_out["worker_load_seconds"] = worker_loads
    return load_seconds


def _start_prefetch(ctx, items: list[Item], todo: list[int], opts: RunOptions):
    """Start :func:`rheumex.worker.prefetch_main` on the files of ``todo`` (in the order the
    workers take them) while this process loads the pipeline, so the core the load leaves idle
    converts the first documents (issue 17: 2 workers vs 1). Returns ``(process, folder)``, or
    ``(None, None)`` when there is nothing to gain: no files, the pipeline already loaded here,
    or a single worker."""
    if opts.workers < 2 or pipeline_loaded(opts):
        return None, None
    jobs = [(items[i].source, str(items[i].path)) for i in todo
            if items[i].path is not None and items[i].text is None and not items[i].error and not items[i].skipped]
    if not jobs:
        return None, None
    import tempfile

    folder = tempfile.mkdtemp(prefix="rheumex-prefetch-")
    worker_module.PREFETCH_DIR = Path(folder)
    proc = ctx.Process(target=_prefetch_child, args=(jobs, folder, opts), daemon=True, name="rheumex-prefetch")
    try:
        proc.start()
    except OSError:  # no process to spare: the workers convert everything themselves
        worker_module.PREFETCH_DIR = None
        return None, folder
    return proc, folder


def _prefetch_child(jobs, folder, opts) -> None:
    _die_with_parent()
    worker_module.prefetch_main(jobs, folder, opts)


def _stop_prefetch(proc) -> None:
    """Kill the prefetch process (it only ever works ahead; a half-converted file is redone)."""
    if proc is None:
        return
    if proc.is_alive():
        proc.kill()
    proc.join(5.0)
