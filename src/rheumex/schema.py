"""The table contract: column names and pandas dtypes of every table rheumex writes.

One place defines them; the writer, the reader and the README follow this module.
Scalar dtypes are pandas nullable types, so missing values stay ``<NA>``. List columns
(:data:`LIST`) hold a Python ``list`` of ``str`` in every row (empty when nothing was
found); they are ``list<string>`` in Parquet and JSON arrays (``["CT", "MRI"]``) in CSV.
"""
from __future__ import annotations

import functools
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
    """The pyarrow schema of ``table`` (list columns as ``list<string>``), with the ``pandas``
    metadata that ``pa.Schema.from_pandas(frame([], table))`` gives (so ``read_parquet``
    restores the dtypes), built without importing pandas (0.2 s of a ``rheumex extract`` run;
    ``tests/test_throughput_s10.py`` checks it against pandas' own)."""
    import pyarrow as pa

    fields, columns = [], []
    for name, dtype in TABLES[table].items():
        arrow, pandas_type, numpy_type = _ARROW[dtype]
        fields.append(pa.field(name, arrow()))
        columns.append({"name": name, "field_name": name, "pandas_type": pandas_type, "numpy_type": numpy_type,
                        "metadata": None})
    meta = {"index_columns": [], "column_indexes": [], "columns": columns,
            "creator": {"library": "pyarrow", "version": pa.__version__}, "pandas_version": _pandas_version()}
    return pa.schema(fields, metadata={b"pandas": json.dumps(meta).encode("utf-8")})


@functools.lru_cache(maxsize=1)
def _pandas_version() -> str:
    """pandas' version without importing it (its import is most of writing a small run's tables);
    looked up once per process."""
    import sys

    if "pandas" in sys.modules:
        return sys.modules["pandas"].__version__
    from importlib import metadata

    return metadata.version("pandas")


def _pa(name: str):
    def make():
        import pyarrow as pa

        if name == "list":
            return pa.list_(pa.string())
        return getattr(pa, name)()

    return make


#: contract dtype -> (arrow type, pandas_type and numpy_type of the pandas metadata of an empty frame)
_ARROW = {"string": (_pa("large_string"), "object", "string"), "Int64": (_pa("int64"), "int64", "Int64"),
          "boolean": (_pa("bool_"), "bool", "boolean"), "Float64": (_pa("float64"), "float64", "Float64"),
          LIST: (_pa("list"), "empty", "object")}


#: the value types a column of these dtypes may hold on the plain path (``type(v)``, so no ``bool`` as an int)
_PLAIN_TYPES = {"string": {str, type(None)}, "Int64": {int, type(None)}, "boolean": {bool, type(None)}}


def plain_columns(rows: list[dict], table: str) -> dict[str, list] | None:
    """The rows of ``table`` as one list per column, with the values :func:`frame` would hold,
    when every value is a plain one (``str``/``None`` in text columns, ``int`` in integer
    columns, ``bool`` in boolean ones, a finite ``float`` or ``int`` in float ones, a list or JSON
    array in list columns); None when some value needs pandas' own conversion (then use
    :func:`frame`). Missing keys are missing values, as in :func:`frame`."""
    import math

    out: dict[str, list] = {}
    for col, dtype in TABLES[table].items():
        values = [r.get(col) for r in rows]
        if dtype in _PLAIN_TYPES:  # one set of value types per column (a set comprehension), not an all() generator test per value
            if not {type(v) for v in values} <= _PLAIN_TYPES[dtype]:
                return None
        elif dtype == "Float64":
            if not all(v is None or (type(v) in (float, int) and math.isfinite(v)) for v in values):
                return None
            values = [None if v is None else float(v) for v in values]
        elif dtype == LIST:
            if not all(v is None or isinstance(v, (str, list, tuple)) for v in values):
                return None
            values = [as_list(v) for v in values]
        else:  # pragma: no cover - a dtype this module does not define
            return None
        out[col] = values
    return out


#: ``json.dumps(x, ensure_ascii=False)`` without building an encoder per call
JSON_ENCODER = json.JSONEncoder(ensure_ascii=False)


def csv_column(values: list, dtype: str, guard) -> list[str]:
    """The CSV cells of a column of :func:`plain_columns`, as ``DataFrame.to_csv`` writes them
    after :func:`csv_frame` (missing: empty; lists: JSON arrays; floats: ``repr``), text cells
    through ``guard`` (the formula guard, :func:`rheumex.csvsafe.neutralise`)."""
    if dtype == "string":
        starts = getattr(guard, "starts", None)  # a guard that changes only cells starting so: asked only for those
        if starts is not None:
            return ["" if v is None else guard(v) if v.startswith(starts) else v for v in values]
        return ["" if v is None else guard(v) for v in values]
    if dtype == LIST:
        encode = JSON_ENCODER.encode
        return ["" if v is None else encode(v) for v in values]
    if dtype == "Float64":
        return ["" if v is None else repr(v) for v in values]
    return ["" if v is None else str(v) for v in values]


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
