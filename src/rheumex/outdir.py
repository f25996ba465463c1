"""The output folder of ``rheumex extract``: one writer at a time, tables replaced as one set.

* :func:`output_lock`: an exclusive ``fcntl.flock`` on ``OUT/.lock`` for the whole run; a
  second run into the same folder fails at once with :class:`OutputLocked` (the CLI exits
  2). The kernel drops the lock when the process dies, even by ``kill -9``; forked worker
  processes close their copy of the descriptor, so they never keep a folder locked.
* :func:`remove_leftovers`: temp files of a run that died (``.*.tmp*`` next to the tables,
  ``.parts/*/*.tmp*``) are removed by the next run, under the lock.
* :func:`swap_in`: the new tables (already complete under temp names) and ``run.json``
  replace the old ones as a set: ``OUT/.swapping`` is created first and removed last, and
  ``run.json`` (written last but one) records every table file's size.
  :func:`check_complete` (used by :func:`rheumex.read_results`) refuses a folder whose swap
  was cut short or whose files do not match its ``run.json``.
* :class:`OutputWriteError`: the tables could not be written (disk full, permissions); the
  message names the path; the CLI exits 3.
"""
from __future__ import annotations

import json
import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

SWAP_MARKER = ".swapping"
LOCK_FILE = ".lock"

_locked_fds: set[int] = set()  # lock descriptors of this process, closed in forked children


class OutputLocked(RuntimeError):
    """Another rheumex run is writing into the output folder."""


class OutputWriteError(OSError):
    """The final tables or run.json could not be written."""


class IncompleteRun(RuntimeError):
    """The folder's tables are not one complete run's set (a swap was cut short)."""


def _close_in_child() -> None:
    for fd in list(_locked_fds):
        try:
            os.close(fd)
        except OSError:
            pass
    _locked_fds.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_in_child)


@contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``out/.lock`` (see the module doc).

    Raises:
        OutputLocked: another process holds it; the message names it and says what to do.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks; run unguarded
        yield
        return
    path = Path(out) / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        try:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
        except OSError:
            holder = ""
        os.close(fd)
        raise OutputLocked(f"{out} is being written by another rheumex run ({holder or 'unknown process'}); "
                           "wait for it to finish or choose another --out") from None
    _locked_fds.add(fd)
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} since {time.strftime('%Y-%m-%d %H:%M:%S')}\n".encode(), 0)
        yield
    finally:
        _locked_fds.discard(fd)
        os.close(fd)  # releases the lock


def remove_leftovers(out: Path) -> list[Path]:
    """Delete temp files left by runs that died; call with the lock held. Returns them."""
    out = Path(out)
    gone = []
    for pattern in (".*.tmp*", ".parts/*/*.tmp*"):
        for f in out.glob(pattern):
            try:
                if f.is_file():
                    f.unlink()
                    gone.append(f)
            except OSError:
                pass
    return gone


def swap_in(out: Path, pending: list[tuple[Path, Path]], run_info: dict) -> None:
    """Rename the complete temp tables into place and write ``run.json``, as one set.

    Raises:
        OutputWriteError: a rename or the run.json write failed (names the path).
    """
    out = Path(out)
    marker = out / SWAP_MARKER
    current = None
    try:
        current = marker
        marker.write_text(f"pid {os.getpid()}\n", encoding="utf-8")
        run_info = dict(run_info)
        run_info["tables"] = {final.name: tmp.stat().st_size for tmp, final in pending}
        for tmp, final in pending:
            current = final
            os.replace(tmp, final)
        current = out / "run.json"
        tmp = out / f".run.json.tmp{os.getpid()}"
        tmp.write_text(json.dumps(run_info, indent=2, default=str), encoding="utf-8")
        os.replace(tmp, current)
        current = marker
        marker.unlink()
    except OSError as e:
        raise OutputWriteError(f"{current}: writing the final tables failed ({e.strerror or e}); free disk space or fix "
                               "permissions, then rerun the same command (finished documents resume)") from None


def check_complete(directory: Path) -> None:
    """Raise :class:`IncompleteRun` when ``directory``'s tables are not one run's set."""
    d = Path(directory)
    if (d / SWAP_MARKER).exists():
        raise IncompleteRun(f"{d}: the last run stopped while replacing its tables; rerun the same "
                            "`rheumex extract` command (finished documents resume) to complete them")
    try:
        info = json.loads((d / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return  # tables written by write_results or an older rheumex: nothing to check against
    for name, size in (info.get("tables") or {}).items():
        try:
            actual = (d / name).stat().st_size
        except OSError:
            actual = None
        if actual != size:
            raise IncompleteRun(f"{d / name} does not belong to the run described by {d / 'run.json'} "
                                f"({actual} bytes, expected {size}); rerun `rheumex extract` into this folder")
