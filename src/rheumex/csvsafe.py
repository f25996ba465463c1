"""CSV formula-injection defence: the one place where rheumex makes cells safe for spreadsheets.

A CSV cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run
as a formula by Excel, LibreOffice and Google Sheets when the file is opened
(``=HYPERLINK(...)``, ``@SUM(...)``, DDE payloads). Paper titles, author lists, sentences,
file names and error messages come from untrusted documents, so every CSV rheumex writes
passes its text cells through :func:`neutralise` (OWASP "CSV Injection" advice: prefix the
cell with a single quote, which spreadsheets show as text). Numbers, booleans and missing
values are left alone; Parquet files and the Python API keep the raw text.

Use :func:`safe_frame` before ``DataFrame.to_csv`` and :func:`safe_row` before
``csv.writer.writerow`` / ``csv.DictWriter.writerow``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping

if TYPE_CHECKING:  # pandas is imported by safe_frame, not with this module (the CLI imports it for every command)
    import pandas as pd

#: characters that make a spreadsheet treat a cell as a formula (OWASP)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

__all__ = ["FORMULA_START", "neutralise", "safe_frame", "safe_row"]


def neutralise(value: Any) -> Any:
    """``value`` with a leading ``'`` if it is a string starting with a formula character.

    >>> neutralise("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralise("calcinosis"), neutralise(-3)
    ('calcinosis', -3)
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


#: what :func:`neutralise` looks at: a caller with many strings may skip the call for the others
#: (:func:`rheumex.schema.csv_column`)
neutralise.starts = FORMULA_START  # type: ignore[attr-defined]


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text columns are neutralised (other columns unchanged).

    The input frame is not modified, so the same frame can still be written raw to Parquet.
    """
    import pandas as pd

    text_cols = [c for c in df.columns if pd.api.types.is_string_dtype(df[c]) or df[c].dtype == object]
    if not text_cols or not len(df):
        return df
    out = df.copy()
    for c in text_cols:
        col = out[c]
        if isinstance(col.dtype, pd.StringDtype):  # strings or missing: one vectorised test
            mask = col.str.startswith(FORMULA_START).fillna(False).astype(bool)
        else:
            mask = col.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_START)).astype(bool)
        if mask.any():
            out[c] = col.mask(mask, "'" + col[mask].astype(str))
    return out


def safe_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """A CSV row (``csv.DictWriter``) with every text value neutralised."""
    return {k: neutralise(v) for k, v in row.items()}
