"""Misspelt lexicon words: one-edit variants of long one-word DISEASE/TREATMENT/IMAGING lexicon terms.

Case reports misspell names ("cyclophoshamide", "uveitits", "hydocephalus", "osteosarcma");
a phrase matcher misses every such occurrence. :class:`SpellingIndex` finds, for a word not
matched by any lexicon entry, the one lexicon term it differs from by a single edit
(insertion, deletion, substitution or swap of two neighbouring letters), using a deletion
index (every term and its one-letter deletions) so a lookup costs a few dictionary probes.

Only long words are considered (``min_length``, default 8 letters, for the word; a term may be one
letter shorter, so that an inserted letter is found: "uveitits" -> "uveitis"),
the first letter must agree, the term must end like a disease name or a generic drug
(``spelling_target_endings.txt``: "-itis", "-oma", "-amide" ...), the word must not be a word of
any lexicon term or of ``spelling_known_words.txt`` (spelt right in CRAFT articles) nor end like an adjective ("eosinophilic"), and a variant that is one edit
from two different terms is left alone (ambiguous). Words written the same way elsewhere as a lexicon term never reach here:
the resolver asks only about tokens no candidate covers.
"""
from __future__ import annotations

from typing import Iterable

from rheumex.pipelines.syntax import data_words

MIN_LENGTH = 8
# adjectives of a disease word ("eosinophilic", "pleuritic") are not misspelt disease names
ADJECTIVE_ENDINGS = ("ic", "al", "ive", "ous", "ile", "ar", "ary")


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def _one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by exactly one insertion, deletion, substitution or
    swap of two neighbouring letters."""
    if a == b:
        return False
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    if la > lb:
        a, b = b, a
    return any(b[:i] + b[i + 1:] == a for i in range(len(b)))


_UNSEEN = object()


class SpellingIndex:
    """One-edit lookup over lexicon terms: ``index.match("cyclophoshamide")`` returns the
    entry of "cyclophosphamide" (a dict with ``label``, ``pattern`` and ``id``), or None."""

    def __init__(self, entries: Iterable[dict], labels: Iterable[str] = ("DISEASE", "TREATMENT", "IMAGING"),
                 min_length: int = MIN_LENGTH, endings: Iterable[str] | None = None) -> None:
        self.min_length = min_length
        wanted = set(labels)
        ends = tuple(endings if endings is not None else data_words("spelling_target_endings.txt"))
        self.terms: dict[str, dict] = {}
        keys: dict[str, set[str]] = {}
        # every word of every lexicon term, and correctly spelt words of biomedical text
        # (spelling_known_words.txt: "neurites" is no misspelt "neuritis"): never a misspelling
        self.known: set[str] = set(data_words("spelling_known_words.txt"))
        for e in entries:
            term = e.get("pattern", "")
            self.known.update(term.split())
            # a term one letter shorter than a word may be its misspelling's target ("uveitis" <- "uveitits")
            if e.get("label") not in wanted or len(term) < min_length - 1 or not term.isalpha() or not term.isascii():
                continue
            if not term.endswith(ends):
                continue
            self.terms.setdefault(term, e)
        for term in self.terms:
            for key in _deletions(term) | {term}:
                keys.setdefault(key, set()).add(term)
        # tuples, not sets: 26k small sets would stay in every garbage collection's scan for the
        # life of the pipeline; tuples of strings leave it (the terms of a key are only iterated)
        self._keys: dict[str, tuple[str, ...]] = {k: tuple(sorted(v)) for k, v in keys.items()}

    def state(self) -> dict:
        """The index as plain data (for the pipeline cache, :mod:`rheumex.pipelines.cache`)."""
        return {"min_length": self.min_length, "terms": self.terms, "known": sorted(self.known),
                "keys": [[k, sorted(v)] for k, v in self._keys.items()]}

    @classmethod
    def from_state(cls, state: dict) -> "SpellingIndex":
        """The index :meth:`state` described, without reading the lexicon again."""
        index = cls.__new__(cls)
        index.min_length = int(state["min_length"])
        index.terms = {t: dict(e) for t, e in state["terms"].items()}
        index.known = set(state["known"])
        index._keys = {k: tuple(v) for k, v in state["keys"]}
        return index

    def match(self, word: str) -> dict | None:
        """The entry of the one lexicon term ``word`` (any case) is a one-edit misspelling of,
        or None (no such term, several, the word is a term itself, or it is too short).

        Remembered per word (the index does not change once built; a paper asks for the same
        words many times: every token of a sentence the parse selector or the misspelling rule
        looks at)."""
        memo = self.__dict__.get("_memo")
        if memo is None:
            memo = self._memo = {}
        hit = memo.get(word, _UNSEEN)
        if hit is _UNSEEN:
            hit = self._match(word)
            if len(memo) < 200_000:  # bounded: a long batch run sees many rare words
                memo[word] = hit
        return hit

    def _match(self, word: str) -> dict | None:
        low = word.lower()
        if len(low) < self.min_length or not low.isalpha() or low in self.known or low.endswith(ADJECTIVE_ENDINGS):
            return None
        found: set[str] = set()
        for key in _deletions(low) | {low}:
            found.update(t for t in self._keys.get(key, ()) if t[0] == low[0] and _one_edit(low, t))
        if len(found) != 1:
            return None
        entry = self.terms[found.pop()]
        return entry
