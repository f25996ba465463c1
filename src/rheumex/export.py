"""``rheumex export``: a run folder's documents and mentions in the formats of the field.

:func:`run_documents` turns the ``documents`` and ``mentions`` tables of a
``rheumex extract`` run into the document dicts the gold-corpus converters take
(:mod:`rheumex.corpora.formats`), and :func:`export_run` writes them with those writers:

=============  =====================================================================
``brat``       a folder of ``<doc_id>.txt`` + ``.ann`` and ``annotation.conf``
``bioc-xml``   one BioC XML collection (``bioc`` package)
``bioc-json``  one BioC JSON collection
``pubtator``   PubTator (title/abstract lines, one line per mention)
``docbin``     a spaCy ``DocBin`` (``.spacy``) with ``doc.ents`` and ``doc.spans["gold"]``
``jsonl``      JSONL that Prodigy (``spans``) and doccano (``label``) import
``conll``      token-per-line BIO, CoNLL-2003 document lines (``spacy convert -c ner``)
=============  =====================================================================

Mentions keep ``negated``, ``hypothetical``, ``case_id`` and ``concept_id`` wherever the
format has room for them; document metadata (source, format, title, authors, journal,
year, doi) goes into BioC infons, DocBin user data and JSONL ``meta``.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rheumex.highlight import is_set

__all__ = ["EXPORT_FORMATS", "ExportResult", "run_documents", "export_run"]

#: ``rheumex export --to`` choices (the writers of :mod:`rheumex.corpora.formats`)
EXPORT_FORMATS = ("brat", "bioc-xml", "bioc-json", "pubtator", "docbin", "jsonl", "conll")
META_COLUMNS = ("source", "format", "title", "authors", "journal", "year", "doi")


@dataclass
class ExportResult:
    """What :func:`export_run` wrote."""

    path: Path
    documents: int
    mentions: int


def _value(v: Any) -> Any:
    if not is_set(v) or isinstance(v, bool):
        return None
    return int(v) if hasattr(v, "__index__") and not isinstance(v, str) else v


def run_documents(run_dir: str | Path) -> list[dict]:
    """The run's documents as gold-format dicts: ``{"id", "text", "meta", "spans"}``.

    ``id`` is the ``doc_id``; ``spans`` are the mentions (``start``, ``end``, ``label`` and,
    when set, ``negated``, ``hypothetical``, ``case_id``, ``concept_id``); ``meta`` holds the
    document columns that are set. A ``doc_id`` listed twice (two inputs with the same
    content) is exported once.

    Raises:
        FileNotFoundError: ``run_dir`` holds no rheumex tables (the message says what to run).
    """
    from rheumex.api import read_results
    from rheumex.corpora.formats import _span

    results = read_results(run_dir)
    by_doc: dict[str, list[dict]] = {}
    for m in results.mentions.itertuples(index=False):
        by_doc.setdefault(m.doc_id, []).append(_span(
            int(m.start), int(m.end), m.label, negated=is_set(m.negated), hypothetical=is_set(m.hypothetical),
            case_id=_value(m.case_id), concept_id=_value(m.concept_id)))
    docs: list[dict] = []
    seen: set[str] = set()
    for d in results.documents.to_dict("records"):
        did = d["doc_id"]
        if not isinstance(d.get("text"), str) or did in seen:
            continue
        seen.add(did)
        meta = {k: _value(d.get(k)) for k in META_COLUMNS if _value(d.get(k)) is not None}
        docs.append({"id": did, "text": d["text"], "meta": meta, "spans": by_doc.get(did, [])})
    return docs


def export_run(run_dir: str | Path, fmt: str, out: str | Path) -> ExportResult:
    """Write the run in ``run_dir`` as ``fmt`` (one of :data:`EXPORT_FORMATS`) to ``out``
    (a folder for ``brat``, a file for the others).

    Raises:
        ValueError: unknown format.
        FileNotFoundError: ``run_dir`` is not a ``rheumex extract`` output folder.
    """
    from rheumex.corpora.formats import export

    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    docs = run_documents(run_dir)
    path = export(docs, fmt, out)
    return ExportResult(Path(path), len(docs), sum(len(d["spans"]) for d in docs))
