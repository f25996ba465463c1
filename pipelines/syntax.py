"""Small helpers over the base model's parse (``pipelines/models/base``) for the entity rules.

The dependency labels are CRAFT's Stanford-style ones (amod, compound, nmod, det, nummod, conj,
cc, prep, pobj ...). Every function reads ``Token.dep_``/``Token.head`` only, so it needs a
parsed ``Doc`` (``rheumex.load_pipeline("base")`` or any spaCy model with a parser).

    from rheumex.pipelines.syntax import noun_phrase, conjuncts
    noun_phrase(doc[i])   # "diffuse cutaneous systemic sclerosis" around "sclerosis"
    conjuncts(doc[i])     # ("small", "large") for "small" in "small and large bowel obstruction"
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

from spacy.tokens import Span, Token

# dependents that belong to a name: classifying adjectives, noun compounds, noun modifiers,
# hyphen pieces ("Stevens-Johnson"), and the coordination of such modifiers
KEEP_DEPS = frozenset({"amod", "compound", "nmod", "nn", "hmod", "hyph", "npadvmod", "poss"})
COORD_DEPS = frozenset({"conj", "cc", "punct"})
# dependents that never belong to a name: determiners, quantities, possessive markers
DROP_DEPS = frozenset({"det", "predet", "nummod", "num", "quantmod", "case", "neg"})


@lru_cache(maxsize=1)
def laterality_words() -> frozenset[str]:
    """Lower-case laterality words dropped from names (``pipelines/data/syntax_laterality.txt``)."""
    text = resources.files("rheumex.pipelines").joinpath("data", "syntax_laterality.txt").read_text(encoding="utf-8")
    return frozenset(ln.strip().lower() for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))


def _modifiers(tok: Token) -> list[Token]:
    """``tok``'s left-side name modifiers, recursively, with the coordinations between them."""
    out = []
    for child in tok.lefts:
        if child.dep_ in KEEP_DEPS and child.lower_ not in laterality_words():
            out.append(child)
            out.extend(_modifiers(child))
            for c in child.rights:  # "small and large": large is conj of small
                if c.dep_ in COORD_DEPS and c.i < tok.i:
                    out.append(c)
                    out.extend(_modifiers(c))
    return out


def noun_phrase(head: Token) -> Span:
    """The name around a noun ``head``: its left modifiers that belong to a name (amod, compound,
    nmod and their coordination: "diffuse cutaneous systemic sclerosis", "small and large bowel
    obstruction", "complex renal cyst"), without determiners, numbers or laterality words
    ("the two left renal cysts" -> "renal cysts"). The result is the contiguous run of kept tokens
    ending at ``head`` (a dropped word in the middle ends the phrase there)."""
    kept = {t.i for t in _modifiers(head)}
    start = head.i
    while start - 1 in kept:
        start -= 1
    # a trailing coordinator or comma never opens a name
    while start < head.i and (head.doc[start].dep_ in ("cc", "punct")):
        start += 1
    return head.doc[start:head.i + 1]


def conjuncts(tok: Token) -> tuple[Token, ...]:
    """The tokens coordinated with ``tok`` (both directions, in text order, ``tok`` excluded):
    "calcinosis, Raynaud's phenomenon ... and telangiectasia" gives every listed head."""
    return tuple(sorted(tok.conjuncts, key=lambda t: t.i))


def shares_head_noun(tok: Token) -> bool:
    """True when ``tok`` is a coordinated modifier that does not stand alone but shares the head
    noun after it ("small" and "large" in "small and large bowel obstruction")."""
    first = tok
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    if first is tok and not any(c.dep_ == "conj" for c in tok.rights):
        return False  # not coordinated at all
    return first.dep_ in KEEP_DEPS and first.head.i > tok.i
