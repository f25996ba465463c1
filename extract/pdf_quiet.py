"""pdfminer's debug calls, skipped while a PDF is converted and nobody listens to them.

pdfminer.six logs every token its PostScript parser reads (``log.debug("nexttoken: %r", ...)``
in ``psparser``, more in ``pdfinterp`` and ``pdfdocument``): about 48,000 calls per PDF page.
With debug logging off each call still goes through ``Logger.debug`` and ``isEnabledFor``
(2-3 % of the CPU time of converting the 49 Hindawi PDFs, ``benchmarks/results/e2e-s10.md``).
:func:`debug_off` gives each ``pdfminer.*`` logger that would drop debug records anyway an
instance attribute ``debug`` that does nothing, for the duration of the ``with`` block, and
removes it afterwards. A logger for which debug records are enabled (``logging.DEBUG`` set
on it, on a parent or on the root) keeps its ``debug`` method, so nothing that would have been
logged is lost. Nested and concurrent blocks (threads of a Dask worker) share one count: the
attributes go when the last block ends.
"""
from __future__ import annotations

import logging
import threading
from contextlib import contextmanager
from typing import Iterator

_LOCK = threading.Lock()
_DEPTH = 0
_MUTED: list[logging.Logger] = []


def _noop(*args, **kwargs) -> None:
    return None


def _pdfminer_loggers() -> list[logging.Logger]:
    return [lg for name, lg in list(logging.root.manager.loggerDict.items())
            if (name == "pdfminer" or name.startswith("pdfminer.")) and isinstance(lg, logging.Logger)]


@contextmanager
def debug_off() -> Iterator[None]:
    """Within the block, ``debug`` of every ``pdfminer`` logger not enabled for DEBUG is a no-op."""
    global _DEPTH
    import pdfminer.converter, pdfminer.pdfinterp, pdfminer.pdfpage  # noqa: E401, F401 - their loggers exist from here on

    with _LOCK:
        if _DEPTH == 0:
            for lg in _pdfminer_loggers():
                if not lg.isEnabledFor(logging.DEBUG) and "debug" not in vars(lg):
                    lg.debug = _noop  # type: ignore[method-assign]
                    _MUTED.append(lg)
        _DEPTH += 1
    try:
        yield
    finally:
        with _LOCK:
            _DEPTH -= 1
            if _DEPTH == 0:
                for lg in _MUTED:
                    if vars(lg).get("debug") is _noop:
                        del lg.debug
                _MUTED.clear()
