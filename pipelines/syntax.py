"""Small helpers over the base model's parse (``pipelines/models/base``) for the entity rules.

The dependency labels are CRAFT's Stanford-style ones (amod, compound, nmod, det, nummod, conj,
cc, prep, pobj ...). Every function reads ``Token.dep_``/``Token.head`` only, so it needs a
parsed ``Doc`` (``rheumex.load_pipeline("base")`` or any spaCy model with a parser).

    from rheumex.pipelines.syntax import noun_phrase, conjuncts
    noun_phrase(doc[i])   # "diffuse cutaneous systemic sclerosis" around "sclerosis"
    conjuncts(doc[i])     # ("small", "large") for "small" in "small and large bowel obstruction"
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Callable

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


@lru_cache(maxsize=None)
def data_words(name: str) -> frozenset[str]:
    """The lower-case words of a one-word-a-line list in ``pipelines/data/`` (``#`` lines are the header)."""
    path = resources.files("rheumex.pipelines").joinpath("data", name)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise FileNotFoundError(f"{path}: word list missing; reinstall rheumex (pip install -e .) or restore the file") from exc
    return frozenset(ln.strip().lower() for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))


NAME_TAGS = frozenset({"JJ", "JJR", "JJS", "NN", "NNS", "NNP", "NNPS", "HYPH", "POS"})


#: endings of an adjective the tagger may have tagged as a noun ("subacute", "cystic")
_ADJECTIVE_FORM = re.compile(r"(al|ic|ous|ary|ar|oid|ive|ute|ed|ing|ent|ant|ile)$")


def _unlike_conjuncts(left: Token, right: Token) -> bool:
    """A noun coordinated with an adjective is no coordinated modifier pair: in "calcification of
    the pericardium and diffuse cutaneous systemic sclerosis" the parser hung "pericardium and
    diffuse" on "sclerosis", but "pericardium" is the object of "of" (a noun of its own)."""
    return left.tag_.startswith("NN") and right.tag_.startswith("JJ") and not _ADJECTIVE_FORM.search(left.lower_)


def name_start(head: Token, keep: Callable[[Token], bool], limit: int = 0) -> int:
    """Where the name whose head noun is ``head`` begins, from the parse: the contiguous run of
    ``head``'s left dependents that belong to a name (``KEEP_DEPS``: amod, compound, nmod ...,
    recursively, with coordinated modifiers "small and/or large"), tagged as adjective or noun,
    accepted by ``keep`` and not before ``limit``. Determiners, numbers and anything ``keep``
    refuses end the run ("the severe restrictive lung disease" -> "restrictive lung disease").
    Returns ``head.i`` when nothing on the left belongs to the name."""
    kept = set()
    stack = [head]
    if head.dep_ == "compound" and head.head.i > head.i:
        # a flat noun compound: the disease noun modifies a following noun and the parser hangs
        # its own modifiers on that noun too ("HTG pancreatitis groups": HTG -> groups). Only an
        # upper-case noun (an acronym) joins: adjectives and common nouns there mostly modify the
        # last noun ("human HD gene", "mouse HD gene": NCBI-disease train)
        for sib in head.head.lefts:
            if sib.i < head.i and sib.dep_ in ("compound", "nmod", "nn") and sib.tag_.startswith("NN") and sib.is_upper:
                kept.add(sib.i)
                stack.append(sib)
    while stack:
        tok = stack.pop()
        for child in tok.lefts:
            if child.dep_ in KEEP_DEPS or (child.dep_ in COORD_DEPS and tok.i != head.i):
                kept.add(child.i)
                stack.append(child)
        for child in tok.children:  # the possessive of an eponym: "Raynaud 's phenomenon"
            if child.tag_ == "POS" and child.i < head.i and tok.i != head.i:
                kept.add(child.i)
        if tok.i != head.i:
            for child in tok.rights:
                if child.i < head.i and child.dep_ in COORD_DEPS | KEEP_DEPS:
                    kept.add(child.i)
                    stack.append(child)
    doc = head.doc
    start = head.i
    while start - 1 >= limit and start - 1 in kept:
        t = doc[start - 1]
        coord = t.dep_ in ("cc", "punct", "conj") and t.tag_ in ("CC", ",", "HYPH") or t.text in ("/", "and/or")
        if not coord and (t.tag_ not in NAME_TAGS or not keep(t)):
            break
        if coord and t.tag_ == "CC" and start - 2 >= 0 and _unlike_conjuncts(doc[start - 2], doc[start]):
            break
        if "\n" in t.whitespace_ or t.is_space:
            break
        start -= 1
    # a coordinator, comma or hyphen never opens a name
    while start < head.i and (doc[start].tag_ in ("CC", ",", "HYPH", "POS") or doc[start].is_punct):
        start += 1
    return start
