"""``rheumex_selective_parse``: run the tagger and parser only on the sentences whose parse is read.

The base model's tok2vec + tagger + parser are most of the ``base`` pipeline's time (the
parser's compiled transition loop alone about a third), yet the entity rules read the parse in
few places: DISEASE names built from the parse, the parse-based site rule (anatomy tied to a
calcification word) and the eponym and acronym name rules. A sentence without any of those
never has its tags or arcs read. This component asks the ``selectors`` components (the entity
resolver and the abbreviation resolver, which extends short-form names with the resolver's
name rules: each knows which of its rules read the parse, see their ``syntax_sentences``)
for the token ranges of those sentences, copies them
into one compact ``Doc`` (words, spaces and the sentence boundaries only: no ``user_data``,
unlike ``Span.as_doc``), runs the sourced ``components`` on it (disabled in the main
pipeline: ``[nlp] disabled``), and writes ``TAG``, ``POS``, ``HEAD`` and ``DEP`` back.

Tokens of the other sentences keep no tag and no head (``Token.head`` is the token itself,
``dep_`` is ""); the sentence boundaries of ``rheumex_sentencizer`` are kept for every
sentence (the parser keeps them too: it never moves one). A document that is parsed already
(a scispaCy model's own parser ran earlier) is left as it is. When no selector component
is in the pipeline every sentence is parsed.

The parse of a sentence can differ slightly from its parse in the whole document, as the
tok2vec window (4 tokens) and the parser's lookahead see the neighbouring selected
sentence instead of the skipped one (dev CV figures in benchmarks/results/pipeline-selective-parse.md).
"""
from __future__ import annotations

from typing import Callable, Iterable, Iterator

import numpy
from spacy.attrs import DEP, HEAD, IS_SPACE, ORTH, POS, SENT_START, SPACY, TAG
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

ANNOTATION = [TAG, POS, HEAD, DEP]


class SelectiveParse:
    """Parse the selected sentences of each document with the named (disabled) components."""

    def __init__(self, nlp: Language, components: list[str], selectors: list[str]) -> None:
        self.nlp = nlp
        self.component_names = list(components)
        self.selector_names = list(selectors)

    def _components(self) -> list[tuple[str, Callable]]:
        # looked up at call time: the components are added after this one is made; a model
        # given with --model may lack some of them (no parser): the others still run
        present = set(self.nlp.component_names)
        return [(name, self.nlp.get_pipe(name)) for name in self.component_names if name in present]

    def _selectors(self) -> list[Callable[[Doc], list[tuple[int, int]]]]:
        found = [getattr(self.nlp.get_pipe(name), "syntax_sentences", None)
                 for name in self.selector_names if name in self.nlp.pipe_names]
        return [f for f in found if f is not None]

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            self._parse(batch)
            yield from batch

    def _parse(self, docs: list[Doc]) -> None:
        selectors = self._selectors()
        jobs = []  # (doc, token indices, compact doc)
        for doc in docs:
            if not len(doc) or doc.has_annotation("DEP"):
                continue
            # whole sentences: every selector returns sentences of the same SENT_START column
            ranges = sorted({r for select in selectors for r in select(doc)}) if selectors else [(0, len(doc))]
            if not ranges:
                continue
            idx = numpy.concatenate([numpy.arange(s, e) for s, e in ranges])
            jobs.append((doc, idx, _compact(doc, idx)))
        if not jobs:
            return
        subs = [sub for _doc, _idx, sub in jobs]
        for _name, proc in self._components():
            subs = list(proc.pipe(subs)) if hasattr(proc, "pipe") else [proc(d) for d in subs]
        for (doc, idx, _sub), sub in zip(jobs, subs):
            _write_back(doc, idx, sub)


def sentence_table(doc: Doc) -> tuple[list[int], list[int], list[int]]:
    """The sentence start and end token of every sentence and the sentence number of every
    token, from the ``SENT_START`` column (for selectors: no ``Token`` object per token)."""
    flags = doc.to_array(SENT_START).tolist() if len(doc) else []
    starts = [i for i, v in enumerate(flags) if v == 1 or i == 0]
    sent_of, k = [], -1
    nxt = starts[1] if len(starts) > 1 else -1
    for i in range(len(doc)):
        if i == 0 or i == nxt:
            k += 1
            nxt = starts[k + 1] if k + 1 < len(starts) else -1
        sent_of.append(k)
    return starts, starts[1:] + [len(doc)], sent_of


def _compact(doc: Doc, idx: numpy.ndarray) -> Doc:
    """A new ``Doc`` of the tokens ``idx`` of ``doc`` (whole sentences, in order): their words,
    trailing spaces and sentence starts."""
    arr = doc.to_array([ORTH, SPACY, SENT_START])[idx]
    strings = doc.vocab.strings
    words = [strings[o] for o in arr[:, 0].tolist()]
    spaces = [bool(s) for s in arr[:, 1].tolist()]
    starts = [s == 1 for s in arr[:, 2].astype("int64").tolist()]
    starts[0] = True
    return Doc(doc.vocab, words=words, spaces=spaces, sent_starts=starts)


def _write_back(doc: Doc, idx: numpy.ndarray, sub: Doc) -> None:
    """Copy the annotation of the compact ``sub`` to the tokens ``idx`` of ``doc``. Heads are
    relative offsets inside a sentence, and every sentence is copied whole, so they stay valid."""
    sent = doc.to_array([SENT_START])
    arr = numpy.zeros((len(doc), len(ANNOTATION)), dtype="uint64")
    arr[idx] = sub.to_array(ANNOTATION)
    _space_heads_to_words(arr, doc.to_array([IS_SPACE]).reshape(-1), idx, doc.vocab.strings.add("dep"))
    doc.from_array(ANNOTATION, arr)
    doc.from_array([SENT_START], sent)  # setting heads recomputes the boundaries: keep the sentencizer's


def _space_heads_to_words(arr: numpy.ndarray, is_space: numpy.ndarray, idx: numpy.ndarray, dep_label: int) -> None:
    """A white-space token the parser made the head of a phrase ("Calcification of the left knee\n\n":
    "knee" a compound of "\n\n", the pobj; the CRAFT-trained parser never saw one) hands its place
    in the tree to its nearest word child on the left (else the first), which takes its other
    children; the white space hangs on that word as ``dep`` (session 24). Arcs between words stay."""
    h, d = ANNOTATION.index(HEAD), ANNOTATION.index(DEP)
    pos = numpy.arange(len(arr), dtype="int64")
    head = pos + arr[:, h].astype("int64")
    space = is_space.astype(bool)
    hung = numpy.nonzero(space[head] & (head != pos))[0]  # tokens whose head is a white-space token
    if not len(hung):
        return
    by_head: dict[int, list[int]] = {}
    for c in hung.tolist():
        by_head.setdefault(int(head[c]), []).append(c)
    for sp, children in sorted(by_head.items()):
        left = [c for c in children if c < sp]
        new = max(left) if left else min(children)
        head[new] = new if head[sp] == sp else head[sp]
        arr[new, d] = arr[sp, d]
        for c in children:
            if c != new:
                head[c] = new
        head[sp] = new
        arr[sp, d] = dep_label
    arr[:, h] = (head - numpy.arange(len(arr), dtype="int64")).astype("uint64")


@Language.factory(
    "rheumex_selective_parse",
    assigns=["token.tag", "token.pos", "token.dep", "token.head"],
    requires=["token.is_sent_start"],
    default_config={"components": ["tok2vec", "tagger", "rheumex_tag_pos", "parser"],
                    "selectors": ["rheumex_entity_resolver", "rheumex_abbreviations"]},
)
def make_selective_parse(nlp: Language, name: str, components: list[str], selectors: list[str]) -> SelectiveParse:
    """Tag and parse only the sentences the ``selectors`` components ask for (see module doc)."""
    return SelectiveParse(nlp, components, selectors)
