"""Shared helper of the PDF layout tests (test_extract_layouts.py, test_extract_pdf_structure.py, test_hostile.py).

The PDF writer itself is ``tools/make_example_pdf.pdf_bytes`` (one copy for the bundled example, these
tests and ``tests/data/bad/make_bad_pdfs.py``), loaded by file path: ``tools`` is no package.
"""
import importlib.util
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def _writer():
    path = Path(__file__).resolve().parents[1] / "tools" / "make_example_pdf.py"
    spec = importlib.util.spec_from_file_location("make_example_pdf", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.pdf_bytes


def minimal_pdf(objects: list[bytes]) -> bytes:
    """A PDF file of the numbered ``objects`` (object 1 is the catalogue) with a correct xref table."""
    return _writer()(objects, 1)
