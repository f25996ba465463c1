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

Both of the detector's matchers now find their matches from the ``ORTH`` column
(``Doc.to_array``) instead of spaCy's ``Matcher``, which builds a ``Token`` object for every
token of the document on every call (0.17 + 0.19 CPU s on the 49 Hindawi PDFs; about 0.02 s this
way): :class:`ParenthesisMatches` (the bounded pattern above) and :class:`ShortFormMatcher` (the
``global_matcher`` that finds every other occurrence of each defined short form: sequences of
``{"ORTH": ...}`` tokens). Each returns the ``Matcher``'s matches in the ``Matcher``'s order (by
end token; for the bracket pattern later starts first, for the short forms earlier starts
first, then patterns in the order they were added), which the detector's first-wins
bookkeeping depends on (``tests/test_throughput_s10.py`` compares them with spaCy's
``Matcher`` on real documents and on random token sequences).
"""
from __future__ import annotations

from bisect import bisect_left

import numpy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

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


class ParenthesisMatches:
    """The matches of :func:`bounded_matcher` (key ``"parenthesis"``), found from the ``ORTH`` column."""

    def __init__(self, vocab) -> None:
        self.vocab = vocab
        self.key = vocab.strings.add("parenthesis")
        self.open, self.close = vocab.strings.add("("), vocab.strings.add(")")

    def __len__(self) -> int:
        return 1

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        if not len(doc):
            return []
        orth = doc.to_array(ORTH)
        opens = numpy.flatnonzero(orth == self.open).tolist()
        if not opens:
            return []
        out = []
        for j in numpy.flatnonzero(orth == self.close).tolist():
            # "(" at i, ")" at j, 1..MAX_INSIDE tokens between; the Matcher emits them at j, latest start first
            lo, hi = bisect_left(opens, j - MAX_INSIDE - 1), bisect_left(opens, j - 1)
            out.extend((self.key, i, j + 1) for i in reversed(opens[lo:hi]))
        return out


class ShortFormMatcher:
    """What scispaCy's ``global_matcher`` does with spaCy's ``Matcher``: ``add(key, patterns)``
    with patterns of ``{"ORTH": text}`` tokens, ``remove(key)``, and a call that returns every
    ``(key hash, start, end)`` occurrence, ordered as the ``Matcher`` orders them (end token,
    start token, then the order the patterns were added)."""

    def __init__(self, vocab) -> None:
        self.vocab = vocab
        self._patterns: dict[int, list[tuple[int, tuple[int, ...]]]] = {}
        self._added = 0

    def __len__(self) -> int:
        return len(self._patterns)

    def __contains__(self, key) -> bool:
        return self._key(key) in self._patterns

    def _key(self, key) -> int:
        return self.vocab.strings.add(key) if isinstance(key, str) else int(key)

    def add(self, key, patterns: list[list[dict]], on_match=None) -> None:
        if on_match is not None:
            raise ValueError("ShortFormMatcher: callbacks are not supported")
        seqs = []
        for pattern in patterns:
            if not pattern or any(set(tok) != {"ORTH"} or not isinstance(tok["ORTH"], str) for tok in pattern):
                raise ValueError(f"ShortFormMatcher: only sequences of {{'ORTH': text}} tokens, not {pattern!r}")
            seqs.append((self._added, tuple(self.vocab.strings.add(tok["ORTH"]) for tok in pattern)))
            self._added += 1
        self._patterns.setdefault(self._key(key), []).extend(seqs)

    def remove(self, key) -> None:
        k = self._key(key)
        if k not in self._patterns:
            raise KeyError(key)
        del self._patterns[k]

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        if not self._patterns or not len(doc):
            return []
        orth = doc.to_array(ORTH)
        found = []
        for key, seqs in self._patterns.items():
            for n, seq in seqs:
                m = len(seq)
                if m > len(orth):
                    continue
                starts = numpy.flatnonzero(orth[:len(orth) - m + 1] == seq[0])
                for k in range(1, m):
                    if not len(starts):
                        break
                    starts = starts[orth[starts + k] == seq[k]]
                found.extend((int(i) + m, int(i), n, key) for i in starts)
        found.sort()
        out, seen = [], set()
        for end, start, _n, key in found:
            match = (key, start, end)
            if match not in seen:
                seen.add(match)
                out.append(match)
        return out


def bound_parenthesis_matchers(nlp: Language) -> list[str]:
    """Give every scispaCy ``AbbreviationDetector`` in ``nlp`` the array-based bounded bracket
    matcher and short-form matcher (see the module doc); returns their names."""
    done = []
    for name, pipe in nlp.components:
        if _is_detector(pipe):
            pipe.matcher = ParenthesisMatches(nlp.vocab)
            pipe.global_matcher = ShortFormMatcher(nlp.vocab)
            done.append(name)
    return done
