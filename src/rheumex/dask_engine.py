"""The ``--engine dask`` batch engine: the same run over a ``dask.distributed`` cluster.

Without ``--scheduler`` a :class:`distributed.LocalCluster` of ``--workers`` processes
(one thread each) is started; with ``--scheduler tcp://host:8786`` the run uses a running
cluster (dask-jobqueue, dask-kubernetes, ``dask scheduler`` + ``dask worker``...). The
workers need rheumex installed and must see the input paths (shared file system); the
part files and tables are written by this (client) process only.

Same results as the local engine: every worker runs :func:`rheumex.worker.process_item`,
the client writes the same part files (so a run resumes across engines) and the tables
are written in input order. Each worker loads the pipeline once (a worker plugin, re-run
when a worker restarts).

Time-outs: inside the worker thread an asynchronous exception cuts Python-level work at
``--timeout``; a document still running ``timeout + grace`` seconds after its start
event reached the client has its future cancelled and its worker restarted through the
nanny (this also cuts a C loop), and becomes the same time-out row the local engine writes.
A document whose worker keeps dying ends, after Dask's ``allowed-failures`` retries, as a
``worker process crashed`` row.
"""
from __future__ import annotations

import logging
import threading
import time
import uuid
from collections import deque
from pathlib import Path
from typing import Callable

from rheumex import worker as protocol
from rheumex.worker import Item, RunOptions, crash_message, error_part, hard_deadline, timeout_message

try:  # dask is optional: imported only when --engine dask is used (rheumex.runner imports this module lazily)
    import distributed
    from distributed import WorkerPlugin as _PluginBase

    _IMPORT_ERROR: ImportError | None = None
except ImportError as e:  # pragma: no cover - depends on the environment
    distributed = None
    _PluginBase = object
    _IMPORT_ERROR = e

log = logging.getLogger(__name__)

TOPIC = "rheumex-started"  # workers log (tag, worker address) here when a document starts
_NLP_LOCK = threading.Lock()  # one document at a time per worker process, whatever its thread count


def require_distributed():
    """The ``distributed`` module, or an ImportError telling the user what to install."""
    if _IMPORT_ERROR is not None or distributed is None:
        raise ImportError(f"--engine dask needs dask.distributed, which is not installed ({_IMPORT_ERROR}); "
                          "install it with: pip install 'rheumex[dask]'")
    return distributed


class RheumexWorkerPlugin(_PluginBase):
    """Loads the rheumex pipeline once when a worker starts (and again after a restart)."""

    idempotent = False

    def __init__(self, opts: RunOptions) -> None:
        self.opts = opts

    def setup(self, worker) -> None:
        protocol.init_worker(self.opts)


def _process_on_worker(item: Item, opts: RunOptions, tag: str) -> dict:
    """The Dask task: announce the start (for the client's deadline), then process one input."""
    try:
        w = distributed.get_worker()
        w.log_event(TOPIC, {"tag": tag, "worker": w.address})
    except Exception:  # noqa: BLE001 - without the event only the in-worker time-out applies
        log.debug("could not log the start of %s", tag, exc_info=True)
    with _NLP_LOCK:
        protocol.init_worker(opts)  # no-op when the plugin loaded this pipeline already
        return protocol.process_item(item)


def _portable(item: Item) -> Item:
    """The item with an absolute path (workers may run in another directory); same source."""
    if item.path is None:
        return item
    return Item(source=item.source, path=Path(item.path).absolute(), text=item.text, error=item.error)


def _connect(opts: RunOptions):
    """A Client on ``opts.scheduler``, or on a new LocalCluster; returns (client, cluster or None)."""
    dd = require_distributed()
    if opts.scheduler:
        try:
            client = dd.Client(opts.scheduler, timeout="30s")
        except (OSError, TimeoutError) as e:
            raise RuntimeError(f"could not connect to the Dask scheduler at {opts.scheduler} ({e}); check the address "
                               "and that the scheduler is running (`dask scheduler`)") from None
        try:
            client.wait_for_workers(1, timeout=120)
        except TimeoutError:
            client.close()
            raise RuntimeError(f"the Dask scheduler at {opts.scheduler} has no workers after 120 s; start some "
                               "(`dask worker {opts.scheduler} --nthreads 1`)") from None
        return client, None
    cluster = dd.LocalCluster(n_workers=max(1, opts.workers), threads_per_worker=1, processes=True,
                              dashboard_address=":0", silence_logs=logging.ERROR)  # :0 = any free port
    return dd.Client(cluster), cluster


def run_dask(items: list[Item], todo: list[int], opts: RunOptions, done: Callable[[int, dict], None]) -> None:
    """Process ``items[i]`` for every ``i`` in ``todo`` on a Dask cluster; call ``done(i, part)``
    in this thread as each finishes (any order; the caller keeps input order)."""
    dd = require_distributed()
    dlog = logging.getLogger("distributed")
    old_level = dlog.level
    if not logging.getLogger().isEnabledFor(logging.DEBUG):
        dlog.setLevel(logging.ERROR)  # the scheduler's INFO chatter would drown the progress bar
    try:
        _run(dd, items, todo, opts, done)
    finally:
        dlog.setLevel(old_level)


def _run(dd, items: list[Item], todo: list[int], opts: RunOptions, done: Callable[[int, dict], None]) -> None:
    client, cluster = _connect(opts)
    started: dict[str, tuple[float, str]] = {}
    lock = threading.Lock()
    restarts: list[threading.Thread] = []

    def on_start(event) -> None:
        _, msg = event
        with lock:
            started[msg["tag"]] = (time.monotonic(), msg["worker"])

    try:
        client.register_plugin(RheumexWorkerPlugin(opts), name="rheumex")
        client.subscribe_topic(TOPIC, on_start)
        nthreads = sum(client.nthreads().values()) or max(1, opts.workers)
        window = max(2, 2 * nthreads)  # bounded in flight: memory stays flat on the client
        limit = hard_deadline(opts.timeout)
        run_id = uuid.uuid4().hex[:8]
        queue = deque(todo)
        inflight: dict = {}  # future -> index
        while queue or inflight:
            while queue and len(inflight) < window:
                i = queue.popleft()
                tag = f"rheumex-{run_id}-{i}"
                fut = client.submit(_process_on_worker, _portable(items[i]), opts, tag, key=tag, pure=False)
                inflight[fut] = i
            try:
                finished, _ = dd.wait(list(inflight), timeout=0.5, return_when="FIRST_COMPLETED")
            except TimeoutError:
                finished = set()
            for fut in finished:
                i = inflight.pop(fut)
                with lock:
                    started.pop(fut.key, None)
                done(i, _part_of(fut, items[i]))
                fut.release()
            if limit is None:
                continue
            now = time.monotonic()
            for fut, i in list(inflight.items()):
                with lock:
                    s = started.get(fut.key)
                if s is None or now - s[0] <= limit:
                    continue
                inflight.pop(fut)
                with lock:
                    started.pop(fut.key, None)
                log.warning("%s: still running after %.0f s; restarting Dask worker %s", items[i].source, limit, s[1])
                fut.cancel()
                t = threading.Thread(target=_restart, args=(client, s[1]), daemon=True)
                t.start()
                restarts.append(t)
                done(i, error_part(items[i].source, timeout_message(items[i].source, opts.timeout), round(now - s[0], 4)))
    finally:
        if cluster is None:  # a shared cluster: let the restarts of hung workers finish
            for t in restarts:
                t.join(60)
        try:
            client.unsubscribe_topic(TOPIC)
        except Exception:  # noqa: BLE001
            pass
        client.close()
        if cluster is not None:
            cluster.close()


def _restart(client, worker: str) -> None:
    try:
        client.restart_workers([worker], raise_for_error=False)
    except Exception:  # noqa: BLE001 - the worker may be gone already
        log.debug("restart of %s failed", worker, exc_info=True)


def _part_of(fut, item: Item) -> dict:
    """The part a finished future holds, or an error part naming the file."""
    if fut.status == "finished":
        return fut.result()
    exc = fut.exception() if fut.status == "error" else None
    if exc is None or type(exc).__name__ == "KilledWorker":
        return error_part(item.source, crash_message(item.source))
    return error_part(item.source, f"{item.source}: {type(exc).__name__}: {exc}")
