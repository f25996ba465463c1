"""The table contract: column names and pandas dtypes of every table rheumex writes.

One place defines them; the writer, the reader and the README follow this module.
Scalar dtypes are pandas nullable types, so missing values stay ``<NA>``. List columns
(:data:`LIST`) hold a Python ``list`` of ``str`` in every row (empty when nothing was
found); they are ``list<string>`` in Parquet and JSON arrays (``["CT", "MRI"]``) in CSV.
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported when a table is built or read, not with this module
    import pandas as pd

#: The dtype name of a list-of-strings column (object dtype in pandas).
LIST = "list<string>"

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
    "doc_id": "string", "case_id": "string", "age": "string", "sex": "string", "diseases": LIST,
    "calcinosis_sites": LIST, "imaging": LIST, "treatments": LIST, "treatment_response": "string",
    "response_sentence_ids": LIST, "response_sentences": LIST, "outcome": "string", "evidence": LIST,
}
MANIFEST: dict[str, str] = {
    "source": "string", "doc_id": "string", "status": "string", "error": "string", "seconds": "Float64",
    "warnings": "string",
}
TABLES: dict[str, dict[str, str]] = {"documents": DOCUMENTS, "mentions": MENTIONS, "cases": CASES, "manifest": MANIFEST}
STATUSES = ("ok", "error", "skipped")


def list_columns(table: str) -> list[str]:
    """The list-of-strings columns of ``table``."""
    return [c for c, t in TABLES[table].items() if t == LIST]


def as_list(value) -> list[str]:
    """A cell of a list column as ``list[str]``: lists, tuples and NumPy arrays (Parquet),
    JSON array strings (CSV); ``None``/NA -> ``[]``.

    Raises:
        ValueError: a string that is not a JSON array of strings.
    """
    if value is None:
        return []
    if isinstance(value, str):
        if not value.strip():
            return []
        try:
            parsed = json.loads(value)
        except ValueError:
            parsed = None
        if not isinstance(parsed, list):
            raise ValueError(f"list column cell {value[:60]!r} is not a JSON array (a table or saved part written by an "
                             f"older rheumex? rerun `rheumex extract` with --no-resume)")
        return [str(x) for x in parsed]
    if hasattr(value, "tolist") and not isinstance(value, (list, tuple)):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return [str(x) for x in value]
    import pandas as pd

    if pd.isna(value):
        return []
    raise ValueError(f"list column cell {value!r} is not a list")


def _pandas_dtypes(table: str) -> dict[str, str]:
    return {c: ("object" if t == LIST else t) for c, t in TABLES[table].items()}


def frame(rows: list[dict], table: str) -> pd.DataFrame:
    """Rows -> a DataFrame with exactly the contract's columns, order and dtypes (list
    columns as Python lists of strings)."""
    cols = TABLES[table]
    import pandas as pd

    df = pd.DataFrame(rows, columns=list(cols))
    return conform(df, table)


def conform(df: pd.DataFrame, table: str) -> pd.DataFrame:
    """A DataFrame read back (Parquet or CSV) with the contract's dtypes; list cells become
    ``list[str]``."""
    df = df.astype(_pandas_dtypes(table))
    for c in list_columns(table):
        import pandas as pd

        df[c] = pd.Series([as_list(v) for v in df[c]], index=df.index, dtype="object")
    return df


def arrow_schema(table: str):
    """The pyarrow schema of ``table`` (list columns as ``list<string>``)."""
    import pyarrow as pa

    base = pa.Schema.from_pandas(frame([], table), preserve_index=False)  # list columns: object (pandas metadata)
    fields = [pa.field(f.name, pa.list_(pa.string())) if TABLES[table][f.name] == LIST else f for f in base]
    return pa.schema(fields, metadata=base.metadata)


def csv_frame(df: pd.DataFrame, table: str) -> pd.DataFrame:
    """``df`` as written to CSV: list cells as JSON arrays (``["CT", "MRI"]``)."""
    cols = list_columns(table)
    if not cols:
        return df
    df = df.copy()
    for c in cols:
        df[c] = [json.dumps(as_list(v), ensure_ascii=False) for v in df[c]]
    return df


def read_csv(path, table: str) -> pd.DataFrame:
    """A table CSV written by rheumex, with the contract's dtypes and list columns parsed."""
    import pandas as pd

    df = pd.read_csv(path, dtype={c: "string" for c in TABLES[table]}, keep_default_na=True)
    return conform(df, table)
