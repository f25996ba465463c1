"""Import spaCy without its command-line interface.

``spacy/__init__.py`` imports ``spacy.cli.info`` only to offer ``spacy.info``; that pulls in
the whole ``spacy.cli`` package (every ``spacy`` subcommand with typer, weasel, requests and
httpx: about 0.2 s of a 0.6 s spaCy import, ``python -X importtime``). A pipeline never uses it. :func:`import_spacy` imports spaCy with a stand-in
``spacy.cli.info`` module whose ``info`` imports the real one when called, and removes the
stand-in from ``sys.modules`` right after, so a later ``import spacy.cli`` (``rheumex
evaluate`` training helpers, ``python -m spacy``) loads the real package as usual.

It also indexes catalogue's entry points by group (:func:`index_entry_points`): every registry
lookup of a spaCy pipeline load (factories, architectures, msgpack encoders: about 190 per
load) filtered all of the environment's entry points again (``EntryPoints.select``), about
0.05 of a 0.8 s load.
"""
from __future__ import annotations

import sys
import types

_STUB = "spacy.cli.info"


def _info(*args, **kwargs):
    """``spacy.info``: the real :func:`spacy.cli.info.info`, imported on first call."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


class _EntryPointsByGroup:
    """catalogue's ``AVAILABLE_ENTRY_POINTS`` with ``select(group=...)`` answered from a
    per-group memo (the same entry points, in the same order); anything else is passed on."""

    def __init__(self, eps) -> None:
        self._eps = eps
        self._groups: dict = {}

    def select(self, **params):
        if list(params) != ["group"]:
            return self._eps.select(**params)
        group = params["group"]
        if group not in self._groups:
            self._groups[group] = self._eps.select(group=group)
        return self._groups[group]

    def __getattr__(self, name: str):
        return getattr(self._eps, name)

    def __getitem__(self, key):
        return self._eps[key]

    def __iter__(self):
        return iter(self._eps)

    def __len__(self) -> int:
        return len(self._eps)


def index_entry_points() -> None:
    """Put :class:`_EntryPointsByGroup` in front of ``catalogue.AVAILABLE_ENTRY_POINTS`` (once)."""
    try:
        import catalogue
    except ImportError:  # pragma: no cover - a spaCy dependency
        return
    eps = getattr(catalogue, "AVAILABLE_ENTRY_POINTS", None)
    if eps is not None and hasattr(eps, "select") and not isinstance(eps, _EntryPointsByGroup):
        catalogue.AVAILABLE_ENTRY_POINTS = _EntryPointsByGroup(eps)


def import_spacy() -> types.ModuleType:
    """``import spacy``, without importing ``spacy.cli`` when spaCy was not imported yet; then :func:`index_entry_points`."""
    if "spacy" in sys.modules or _STUB in sys.modules:
        import spacy

        index_entry_points()
        return spacy
    stub = types.ModuleType(_STUB, "stand-in for spacy.cli.info while spaCy is imported (rheumex)")
    stub.info = _info  # type: ignore[attr-defined]
    sys.modules[_STUB] = stub
    try:
        import spacy
    finally:
        if sys.modules.get(_STUB) is stub:
            del sys.modules[_STUB]
    index_entry_points()
    return spacy
