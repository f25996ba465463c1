"""The worker protocol shared by every batch engine: what a worker is given, how it loads
the pipeline, and how it turns one input into a *part* (rows + manifest row) under a deadline.

:mod:`rheumex.runner` (in-process and the local process pool) and
:mod:`rheumex.dask_engine` (Dask workers) both import this module, and nothing here imports
either of them, so the engines do not depend on each other.

A part is a dict ``{"manifest": row, "documents": [...], "mentions": [...], "cases": [...],
"timing": {"convert": s, "nlp": s, "rows": s}}`` (``rows``: turning the annotated doc into
table rows); the error and time-out rows are built here too, so
every engine reports the same messages.

Loading: :func:`init_worker` loads the pipeline once per process and options. The local
pool calls it in the parent before forking its workers, so N workers cost one load and
share the loaded pipeline's memory pages (copy-on-write).
"""
from __future__ import annotations

import ctypes
import logging
import os
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from rheumex.extract.convert import Limits, convert
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
    engine: str = "local"  # "local" or "dask"
    scheduler: str | None = None  # Dask scheduler address; None: a LocalCluster of `workers` processes


@dataclass
class Item:
    """One input: a path (or an in-memory text) and what became of it."""

    source: str
    path: Path | None = None
    text: str | None = None
    error: str | None = None  # not processed: becomes a status=error row with this message
    skipped: str | None = None  # not processed on purpose (unsupported type, link leaving the tree ...): status=skipped



_NLP = None
_NLP_KEY: tuple | None = None
_OPTS: RunOptions | None = None


class _Timeout(BaseException):
    """A document's time is up. A BaseException, so a library's ``except Exception`` cannot swallow it."""


def _alarm(signum, frame):  # pragma: no cover - exercised through subprocess tests
    raise _Timeout()


class _Deadline:
    """Raise :class:`_Timeout` in the current thread after ``seconds`` (0/None: never).

    Main thread: ``SIGALRM`` (also interrupts sleeps and blocking system calls). Other
    threads (Dask workers, callers in threads): an asynchronous exception, delivered at the
    next Python bytecode. Neither can interrupt a long C call; the parent's hard deadline
    covers that (see the module docstring).
    """

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.mode: str | None = None

    def __enter__(self) -> "_Deadline":
        if not self.seconds or self.seconds <= 0:
            return self
        if hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread():
            self.mode = "alarm"
            self._old = signal.signal(signal.SIGALRM, _alarm)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        else:
            self.mode = "thread"
            self._lock = threading.Lock()
            self._active = True
            self._tid = threading.get_ident()
            self._timer = threading.Timer(self.seconds, self._fire)
            self._timer.daemon = True
            self._timer.start()
        return self

    def _fire(self) -> None:
        with self._lock:
            if self._active:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self._tid), ctypes.py_object(_Timeout))

    def __exit__(self, *exc) -> bool:
        if self.mode == "alarm":
            try:
                signal.setitimer(signal.ITIMER_REAL, 0)
            finally:
                signal.signal(signal.SIGALRM, self._old)
        elif self.mode == "thread":
            with self._lock:  # after this, _fire cannot raise in this thread any more
                self._active = False
            self._timer.cancel()
        return False


def _pipeline_key(opts: RunOptions) -> tuple:
    """What identifies a loaded pipeline (cheap: checked before every Dask task)."""
    try:
        mtime = os.stat(opts.config).st_mtime_ns if opts.config else None
    except OSError:
        mtime = None
    return (opts.config, mtime, opts.model, os.environ.get("RHEUMEX_MODEL"))


def init_worker(opts: RunOptions) -> float:
    """Make this process ready for :func:`process_item`: load the pipeline (once per options).

    Returns the seconds spent loading (0.0 when this process had it loaded already, e.g. a
    worker forked from a parent that loaded it)."""
    global _NLP, _NLP_KEY, _OPTS
    from rheumex.pipelines import load_pipeline

    key = _pipeline_key(opts)
    seconds = 0.0
    _one_blas_thread()
    if _NLP is None or _NLP_KEY != key:
        t0 = time.perf_counter()
        _NLP = load_pipeline(opts.config, model=opts.model)
        _NLP_KEY = key
        seconds = time.perf_counter() - t0
    _OPTS = opts
    return seconds


def _one_blas_thread() -> None:
    """One BLAS thread in this process (and the workers forked from it). The pipeline's matrix
    products are small (numpy's OpenBLAS, ``pipelines/gemm.py``); with its default of one thread
    per core, OpenBLAS's idle threads spun and burnt 9 of 22 CPU-seconds of a one-worker run
    over 139 texts for no wall-time gain, and two workers each with two threads oversubscribe
    two cores (``benchmarks/results/e2e-s7.md``)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - a declared dependency
        return
    threadpool_limits(1, user_api="blas")


def pipeline_loaded(opts: RunOptions) -> bool:
    """Whether this process holds the pipeline for ``opts`` already."""
    return _NLP is not None and _NLP_KEY == _pipeline_key(opts)


def _test_hooks(source: str) -> None:
    """Test hooks (environment): RHEUMEX_TEST_HANG=<suffix> makes inputs ending with it hang;
    with RHEUMEX_TEST_HANG_HARD=1 the hang is deaf to SIGALRM and to thread interrupts, like a
    C loop that never returns to the interpreter (only the parent's hard deadline cuts it)."""
    hang = os.environ.get("RHEUMEX_TEST_HANG")
    if not hang or not source.endswith(hang):
        return
    if os.environ.get("RHEUMEX_TEST_HANG_HARD"):
        if hasattr(signal, "pthread_sigmask"):
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(3600)
    end = time.monotonic() + 3600
    while time.monotonic() < end:
        time.sleep(0.05)


def timeout_message(source: str, timeout: float) -> str:
    """The manifest error of a document cut at ``timeout`` seconds (same for every engine)."""
    return f"{source}: timed out after {timeout:g} s; raise --timeout or check the file"


def crash_message(source: str) -> str:
    """The manifest error of a document whose worker process died twice (same for every engine)."""
    return f"{source}: worker process crashed while processing this file"


def error_part(source: str, message: str, seconds: float | None = None) -> dict:
    """A part for an input that produced no rows: a manifest row with ``status=error``."""
    return {"manifest": {"source": source, "doc_id": None, "status": "error", "error": message,
                         "seconds": seconds, "warnings": None},
            "documents": [], "mentions": [], "cases": []}


def skipped_part(source: str, message: str) -> dict:
    """A part for an input left out on purpose: a manifest row with ``status=skipped``."""
    part = error_part(source, message, 0.0)
    part["manifest"]["status"] = "skipped"
    return part


# -- conversion prefetch (local pool) ----------------------------------------------------
#: Folder of documents converted ahead by :func:`prefetch_main` (None: no prefetch). The local
#: pool sets it in the parent before forking, so its workers inherit it.
PREFETCH_DIR: Path | None = None


def _prefetch_path(folder: Path, source: str) -> Path:
    import hashlib

    return folder / (hashlib.sha1(source.encode("utf-8", "surrogatepass")).hexdigest() + ".pkl")


def prefetch_main(jobs: list[tuple[str, str]], folder: str, opts: RunOptions) -> None:
    """Convert files ahead while the parent loads the pipeline (its other core is idle then).

    ``jobs`` are ``(source, path)`` in the order the workers will take them. Each converted
    document is pickled to ``folder`` (temp file + rename); a file that fails, or takes longer
    than the time-out, is simply left to the worker, which converts it and reports any error
    itself. The parent kills this process once its workers run: nothing here is ever needed."""
    import pickle

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _one_blas_thread()
    out = Path(folder)
    for source, path in jobs:
        t0 = time.perf_counter()
        try:
            with _Deadline(opts.timeout):
                document = convert(Path(path), source=source, limits=Limits(max_bytes=opts.max_bytes))
        except BaseException:  # noqa: BLE001 - the worker converts it again and reports
            continue
        dest = _prefetch_path(out, source)
        tmp = dest.with_suffix(f".tmp{os.getpid()}")
        try:
            with open(tmp, "wb") as fh:
                pickle.dump((document, time.perf_counter() - t0), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, dest)
        except OSError:
            return


def _take_prefetched(item: Item):
    """(document, its conversion seconds) converted ahead for ``item``, or None; the file is removed."""
    if PREFETCH_DIR is None or item.path is None:
        return None
    import pickle

    path = _prefetch_path(PREFETCH_DIR, item.source)
    try:
        with open(path, "rb") as fh:
            got = pickle.load(fh)
    except (OSError, EOFError, pickle.UnpicklingError):
        return None
    finally:
        try:
            path.unlink()
        except OSError:
            pass
    return got


def process_item(item: Item) -> dict:
    """Convert and annotate one input; never raises. Returns the part dict."""
    from rheumex.rows import annotate, case_rows, doc_id_for, document_row, mention_rows

    opts = _OPTS or RunOptions()
    t0 = time.perf_counter()
    if item.skipped:
        return skipped_part(item.source, item.skipped)
    part = error_part(item.source, item.error, 0.0 if item.error else None)
    manifest = part["manifest"]
    if item.error:
        return part
    timing = {"convert": 0.0, "nlp": 0.0, "rows": 0.0}
    ahead = None
    try:
        with _Deadline(opts.timeout):
            _test_hooks(item.source)
            if item.text is not None:
                data = item.text.encode("utf-8")
                document = convert(data, "text", source=item.source, limits=Limits(max_bytes=opts.max_bytes))
                document.text = item.text
            else:
                ahead = _take_prefetched(item)
                if ahead is not None:  # converted while the pool started (prefetch_main)
                    document, ahead_seconds = ahead
                else:
                    document = convert(item.path, source=item.source, limits=Limits(max_bytes=opts.max_bytes))
            t1 = time.perf_counter()
            timing["convert"] = t1 - t0 + (ahead[1] if item.text is None and ahead is not None else 0.0)
            doc_id = doc_id_for(f"{document.format}\0{document.text}")  # same text as .txt and .html: two documents
            manifest["doc_id"] = doc_id
            doc = annotate(_NLP, document, opts.include_references)
            t2 = time.perf_counter()
            timing["nlp"] = t2 - t1
            mentions = mention_rows(doc, doc_id)
            part["documents"] = [document_row(document, doc_id)]
            part["mentions"] = mentions
            part["cases"] = case_rows(doc, doc_id, mentions)
            timing["rows"] = time.perf_counter() - t2
            manifest["status"] = "ok"
            manifest["error"] = None
            manifest["warnings"] = "; ".join(document.warnings) or None
    except _Timeout:
        part = error_part(item.source, timeout_message(item.source, opts.timeout))
        manifest = part["manifest"]
    except ConversionError as e:
        manifest["error"] = str(e)
    except MemoryError:
        manifest["error"] = f"{item.source}: out of memory while processing"
    except Exception as e:  # one bad input never sinks the batch
        log.debug("failed on %s", item.source, exc_info=True)
        manifest["error"] = f"{item.source}: {type(e).__name__}: {e}"
    if manifest["status"] != "ok":  # no partial rows for a failed document
        part["documents"], part["mentions"], part["cases"] = [], [], []
    manifest["seconds"] = round(time.perf_counter() - t0, 4)
    part["timing"] = {k: round(v, 4) for k, v in timing.items()}
    return part


def hard_deadline(timeout: float | None) -> float | None:
    """Seconds after which the parent kills a worker still busy with one document.

    ``timeout`` plus a grace (10 % of it, between 1 and 30 s) that lets the worker's own
    time-out report first."""
    if not timeout or timeout <= 0:
        return None
    return timeout + min(max(1.0, 0.1 * timeout), 30.0)
