"""Shared helpers of the case-row tests (test_case_rules.py, test_cases_contract.py)."""
from rheumex.rows import case_rows, mention_rows


def one_case_row(nlp, narrative: str) -> dict:
    """The one case row of a short case report; an age/sex opening is added unless the narrative
    starts with its own ("A 65-year-old ...")."""
    intro = "" if narrative.startswith("A ") else "A 64-year-old woman presented with back pain. "
    doc = nlp("Case report\n\n" + intro + narrative + "\n")
    rows = case_rows(doc, "t", mention_rows(doc, "t"))
    assert len(rows) == 1
    return rows[0]


def has_item(items: list[str], word: str) -> bool:
    """Does any item of a list column contain ``word`` (case-insensitive)?"""
    return any(word.lower() in x.lower() for x in items)
