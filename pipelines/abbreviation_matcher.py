"""A bounded parenthesis matcher for scispaCy's ``AbbreviationDetector`` (same definitions, less work).

scispaCy (0.5-0.6) finds definition candidates with the token pattern ``( + )``: an open
bracket, one or more tokens of any kind, a close bracket. spaCy's ``Matcher`` returns every
match of it, so each ``(`` keeps a live match state to the end of the document and every later
``)`` closes one more match: the work grows with brackets x tokens. Then
``scispacy.abbreviation.filter_matches`` throws away every match with more than 8 tokens
between the brackets. In papers with reference lists ("(2010)", "(Suppl 2)" ...) that
matcher was 0.35 of the ``base`` pipeline's 3.05 CPU s on 12 Hindawi PDFs; over the 115 dev
documents (texts and the dev PDFs) it took 0.34 CPU s, the bounded one 0.12 s
(``benchmarks/results/e2e-s8.md``).

:func:`bound_parenthesis_matchers` gives each detector a matcher of the same name whose
middle is ``{"OP": "{1,8}"}``: exactly the matches the filter keeps, in the same order (each
match of the bounded pattern is a match of the open one; spaCy emits matches as their states
end, in start order), so the detector finds the same abbreviations
(``tests/test_abbreviation_matcher.py`` compares the two on real sentences).
"""
from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher

#: the most tokens between the brackets ``scispacy.abbreviation.filter_matches`` keeps
MAX_INSIDE = 8
PATTERN = [{"ORTH": "("}, {"OP": f"{{1,{MAX_INSIDE}}}"}, {"ORTH": ")"}]


def _is_detector(pipe) -> bool:
    try:
        from scispacy.abbreviation import AbbreviationDetector
    except ImportError:  # pragma: no cover - scispaCy is a dependency
        return False
    return isinstance(pipe, AbbreviationDetector) and isinstance(getattr(pipe, "matcher", None), Matcher)


def bounded_matcher(nlp: Language) -> Matcher:
    """The ``parenthesis`` matcher with at most :data:`MAX_INSIDE` tokens inside the brackets."""
    matcher = Matcher(nlp.vocab)
    matcher.add("parenthesis", [PATTERN])
    return matcher


def bound_parenthesis_matchers(nlp: Language) -> list[str]:
    """Give every scispaCy ``AbbreviationDetector`` in ``nlp`` the bounded matcher; returns their names."""
    done = []
    for name, pipe in nlp.components:
        if _is_detector(pipe):
            pipe.matcher = bounded_matcher(nlp)
            done.append(name)
    return done
