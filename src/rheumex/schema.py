"""The table contract: column names and pandas dtypes of every table rheumex writes.

One place defines them; the writer, the reader and the README follow this module.
All dtypes are pandas nullable types, so missing values stay ``<NA>`` in every column.
"""
from __future__ import annotations

import pandas as pd

DOCUMENTS: dict[str, str] = {
    "doc_id": "string", "source": "string", "format": "string", "title": "string", "authors": "string",
    "journal": "string", "year": "Int64", "doi": "string", "n_chars": "Int64", "n_pages": "Int64",
    "text": "string", "status": "string",
}
MENTIONS: dict[str, str] = {
    "doc_id": "string", "mention_id": "string", "label": "string", "start": "Int64", "end": "Int64",
    "text": "string", "sentence": "string", "section": "string", "section_kind": "string", "case_id": "string",
    "concept_id": "string", "concept_name": "string", "negated": "boolean", "hypothetical": "boolean",
    "subject": "string", "source": "string",
}
CASES: dict[str, str] = {
    "doc_id": "string", "case_id": "string", "age": "string", "sex": "string", "diseases": "string",
    "calcinosis_sites": "string", "imaging": "string", "treatments": "string", "treatment_response": "string",
    "outcome": "string", "evidence": "string",
}
MANIFEST: dict[str, str] = {
    "source": "string", "doc_id": "string", "status": "string", "error": "string", "seconds": "Float64",
    "warnings": "string",
}
TABLES: dict[str, dict[str, str]] = {"documents": DOCUMENTS, "mentions": MENTIONS, "cases": CASES, "manifest": MANIFEST}
STATUSES = ("ok", "error", "skipped")


def frame(rows: list[dict], table: str) -> pd.DataFrame:
    """Rows -> a DataFrame with exactly the contract's columns, order and dtypes."""
    cols = TABLES[table]
    df = pd.DataFrame(rows, columns=list(cols))
    return df.astype(cols)
