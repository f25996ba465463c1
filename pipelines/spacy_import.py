"""Import spaCy without its command-line interface.

``spacy/__init__.py`` imports ``spacy.cli.info`` only to offer ``spacy.info``; that pulls in
the whole ``spacy.cli`` package (every ``spacy`` subcommand with typer, weasel, requests and
httpx: about 0.2 s of a 0.6 s spaCy import, ``python -X importtime``). A pipeline never uses it. :func:`import_spacy` imports spaCy with a stand-in
``spacy.cli.info`` module whose ``info`` imports the real one when called, and removes the
stand-in from ``sys.modules`` right after, so a later ``import spacy.cli`` (``rheumex
evaluate`` training helpers, ``python -m spacy``) loads the real package as usual.
"""
from __future__ import annotations

import sys
import types

_STUB = "spacy.cli.info"


def _info(*args, **kwargs):
    """``spacy.info``: the real :func:`spacy.cli.info.info`, imported on first call."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def import_spacy() -> types.ModuleType:
    """``import spacy``, without importing ``spacy.cli`` when spaCy was not imported yet."""
    if "spacy" in sys.modules or _STUB in sys.modules:
        import spacy

        return spacy
    stub = types.ModuleType(_STUB, "stand-in for spacy.cli.info while spaCy is imported (rheumex)")
    stub.info = _info  # type: ignore[attr-defined]
    sys.modules[_STUB] = stub
    try:
        import spacy
    finally:
        if sys.modules.get(_STUB) is stub:
            del sys.modules[_STUB]
    return spacy
