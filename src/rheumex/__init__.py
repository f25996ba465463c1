"""rheumex: rheumatology case reports to evidence tables.

Public API::

    import rheumex
    results = rheumex.process(["paper.pdf", "case.html"])
    results.documents, results.mentions, results.cases, results.manifest
    nlp = rheumex.load_pipeline()          # a normal spaCy pipeline
    results = rheumex.read_results("out/")  # tables written by `rheumex extract`
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "process", "load_pipeline", "read_results", "Results"]


def __getattr__(name: str):  # lazy: `import rheumex` stays cheap (no spaCy import)
    if name in ("process", "read_results", "Results"):
        from rheumex import api

        return getattr(api, name)
    if name == "load_pipeline":
        from rheumex.pipelines import load_pipeline

        return load_pipeline
    raise AttributeError(f"module 'rheumex' has no attribute {name!r}")
