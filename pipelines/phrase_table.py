"""A span ruler's phrase patterns as arrays, matched without re-adding them to a ``PhraseMatcher``.

Putting a cached span ruler back used to mean one ``PhraseMatcher.add`` per match key (27k
for the lexicon ruler, 0.12 s of a 0.45 s load; most of it making a vocab lexeme for every
key). What a ``PhraseMatcher`` holds is plain data: for every match key the sequences of
token attribute hashes (``NORM`` ids) of its phrases. :class:`PhraseTable` keeps that data as
a few numpy arrays (stored in the pipeline cache as bytes and read back without a Python
object per phrase) and finds the same matches as spaCy's ``PhraseMatcher``:

a phrase occurs at token ``i`` when the window ``doc[i:i + len(phrase)]`` has its attribute
hashes. Every phrase and every proper prefix of one (the nodes of the ``PhraseMatcher``'s
trie) has a 64-bit polynomial hash, unique among the nodes (the multiplier is chosen when
the table is built). Windows of one token are looked up, and the ones that are a prefix grow
by one token while their hash is a node's: the trie walk, for all start tokens at once. A
window whose hash is a phrase's is compared token by token with that phrase, so a window
that only shares a hash with a node never matches.

:class:`TablePhraseMatcher` stands in for the ``PhraseMatcher`` of a span ruler restored from
the cache: the same call and the same ``(match_id, start, end)`` matches. Anything that
changes its patterns (``add``, ``remove``) or pickles it first turns it into a real
``PhraseMatcher`` (the slow way, once) and hands the call on.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

import numpy as np
from spacy.attrs import LOWER, NORM, ORTH
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

#: Attributes whose ``Doc.to_array`` values are what ``PhraseMatcher`` compares (token texts).
TABLE_ATTRS = frozenset({int(ORTH), int(LOWER), int(NORM)})

#: Hash multipliers tried in turn until every node of a table has its own hash (odd 64-bit constants).
MULTIPLIERS = (0x100000001B3, 0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93)

_U64, _I64 = np.dtype("<u8"), np.dtype("<i8")
_ARRAYS = {"node_hash": _U64, "node_phrase": _I64, "node_inner": np.dtype("?"), "phrase_start": _I64,
           "phrase_len": _I64, "tokens": _U64, "key_start": _I64, "key_hash": _U64}


@dataclass(frozen=True)
class PhraseTable:
    """Phrases as arrays (see the module doc).

    Attributes:
        mult: the hash multiplier; a node's hash is ``h = h * mult + token`` over its tokens,
            from ``h = 1`` (mod 2**64; not from 0, so leading 0 tokens still count).
        node_hash: the hashes of all nodes (phrases and proper prefixes of phrases), sorted, unique.
        node_phrase: per node, the index of the phrase it is, or -1 (only a prefix).
        node_inner: per node, whether it is a proper prefix of some phrase (a window may grow).
        phrase_start, phrase_len: per phrase, where its tokens are in ``tokens`` and how many.
        tokens: the attribute hashes of all phrases, one after the other.
        key_start: per phrase ``p``, its match keys are ``key_hash[key_start[p]:key_start[p + 1]]``.
        key_hash: the match ids (``StringStore`` hashes of the match keys).
    """

    mult: int
    node_hash: np.ndarray
    node_phrase: np.ndarray
    node_inner: np.ndarray
    phrase_start: np.ndarray
    phrase_len: np.ndarray
    tokens: np.ndarray
    key_start: np.ndarray
    key_hash: np.ndarray

    @property
    def n_phrases(self) -> int:
        return len(self.phrase_len)

    def phrases(self) -> Iterable[tuple[tuple[int, ...], list[int]]]:
        """Every phrase (its attribute hashes) with its match ids, in table order."""
        tokens, keys = self.tokens.tolist(), self.key_hash.tolist()
        starts, lens, kstarts = self.phrase_start.tolist(), self.phrase_len.tolist(), self.key_start.tolist()
        for p in range(self.n_phrases):
            yield tuple(tokens[starts[p]:starts[p] + lens[p]]), keys[kstarts[p]:kstarts[p + 1]]

    def find(self, values: np.ndarray) -> list[tuple[int, int, int]]:
        """``(match_id, start, end)`` of every phrase occurring in ``values`` (attribute hashes
        of consecutive tokens), ordered by start, then end."""
        n, n_nodes = len(values), len(self.node_hash)
        if n == 0 or n_nodes == 0:
            return []
        values = np.ascontiguousarray(values, dtype=np.uint64)
        mult = np.uint64(self.mult)
        starts = np.arange(n, dtype=np.int64)
        hashes = values + mult  # 1 * mult + the first token
        found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        length = 1
        while starts.size:
            node = np.minimum(np.searchsorted(self.node_hash, hashes), n_nodes - 1)
            is_node = self.node_hash[node] == hashes
            node, starts, hashes = node[is_node], starts[is_node], hashes[is_node]
            phrase = self.node_phrase[node]
            if (phrase >= 0).any():
                hit = phrase >= 0
                found.append(self._verified(values, starts[hit], phrase[hit], length))
            grow = self.node_inner[node] & (starts + length < n)
            starts = starts[grow]
            hashes = hashes[grow] * mult + values[starts + length]
            length += 1
        if not found:
            return []
        keys, begin, end = (np.concatenate(parts) for parts in zip(*found))
        order = np.lexsort((end, begin))  # stable: a phrase's keys keep their order
        return list(zip(keys[order].tolist(), begin[order].tolist(), end[order].tolist()))

    def _verified(self, values: np.ndarray, starts: np.ndarray, phrase: np.ndarray,
                  length: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The matches of windows ``values[s:s + length]`` whose hash is the one of ``phrase``:
        the windows that are that phrase, token for token, each with every key of the phrase."""
        offsets = np.arange(length, dtype=np.int64)
        same = self.phrase_len[phrase] == length
        same &= (self.tokens[self.phrase_start[phrase][:, None] + offsets]
                 == values[starts[:, None] + offsets]).all(axis=1)
        starts, phrase = starts[same], phrase[same]
        first, count = self.key_start[phrase], self.key_start[phrase + 1] - self.key_start[phrase]
        key_index = np.repeat(first - np.cumsum(count) + count, count) + np.arange(int(count.sum()), dtype=np.int64)
        begin = np.repeat(starts, count)
        return self.key_hash[key_index], begin, begin + length

    def to_state(self) -> dict:
        """Plain data for the pipeline cache (msgpack): the multiplier and the arrays as bytes."""
        state: dict = {"mult": self.mult}
        for name, dtype in _ARRAYS.items():
            state[name] = np.ascontiguousarray(getattr(self, name), dtype=dtype).tobytes()
        return state

    @classmethod
    def from_state(cls, state: Mapping) -> "PhraseTable":
        """The table of :meth:`to_state` (arrays read in place from the bytes, not copied)."""
        arrays = {name: np.frombuffer(bytes(state[name]), dtype=dtype) for name, dtype in _ARRAYS.items()}
        table = cls(mult=int(state["mult"]), **arrays)
        n_nodes, n_phrases = len(table.node_hash), len(table.phrase_len)
        if not (len(table.node_phrase) == len(table.node_inner) == n_nodes and len(table.phrase_start) == n_phrases
                and len(table.key_start) == n_phrases + 1 and int(table.phrase_len.sum(initial=0)) == len(table.tokens)
                and int(table.key_start[-1]) == len(table.key_hash)):
            raise ValueError("phrase table: array sizes do not fit together")
        return table


def _prefix_hashes(tokens: np.ndarray, mult: int) -> np.ndarray:
    """``out[p, n - 1]``: the hash of the first ``n`` tokens of phrase ``p`` (the rows of
    ``tokens``, zero-padded to the longest phrase; entries past a phrase's end mean nothing)."""
    out = np.zeros(tokens.shape, dtype=_U64)
    h = np.ones(len(tokens), dtype=_U64)
    for n in range(tokens.shape[1]):
        h = h * np.uint64(mult) + tokens[:, n]
        out[:, n] = h
    return out


def _common_prefix(tokens: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """Per phrase, how many leading tokens it shares with the phrase before it (0 for the first)."""
    out = np.zeros(len(lens), dtype=_I64)
    if len(lens) > 1:
        same = tokens[1:] == tokens[:-1]
        run = np.where(same.all(axis=1), tokens.shape[1], np.argmin(same, axis=1))
        out[1:] = np.minimum(run, np.minimum(lens[1:], lens[:-1]))
    return out


def _keys_by_phrase(phrases: Mapping[int, Iterable[Sequence[int]]]) -> dict[tuple[int, ...], int | list[int]]:
    """``{phrase: match id, or list of match ids}`` (most phrases have one: no list for those,
    which keeps a cold build of 65k phrases from allocating 65k lists)."""
    out: dict[tuple[int, ...], int | list[int]] = {}
    for key, seqs in phrases.items():
        key = int(key)
        for seq in seqs:
            if not len(seq):
                continue
            seq = tuple(seq)
            had = out.get(seq)
            if had is None:
                out[seq] = key
            elif type(had) is int:
                if had != key:
                    out[seq] = [had, key]
            elif key not in had:
                had.append(key)
    return out


def _flat_keys(by_phrase: Mapping[tuple[int, ...], int | list[int]], ordered: Iterable[tuple[int, ...]]) -> Iterable[int]:
    """The match ids of the phrases in ``ordered``, one after the other."""
    for seq in ordered:
        keys = by_phrase[seq]
        if type(keys) is int:
            yield keys
        else:
            yield from keys


def build_table(phrases: Mapping[int, Iterable[Sequence[int]]]) -> PhraseTable:
    """The table of ``{match_id: [attribute hash sequences]}`` (what ``PhraseMatcher`` holds;
    empty sequences are left out, as ``PhraseMatcher.add`` leaves them out).

    The phrases are sorted, so the phrases that start with the same ``n`` tokens are
    neighbours: the first of them, at length ``n``, is that node's first occurrence (``n``
    beyond the prefix it shares with the phrase before it). A node is a phrase when it is a
    whole phrase there, and a proper prefix when it is shorter or the next phrase extends it.
    """
    by_phrase = _keys_by_phrase(phrases)
    ordered = sorted(by_phrase)
    lens = np.array([len(seq) for seq in ordered], dtype=_I64)
    flat = np.fromiter((t for seq in ordered for t in seq), dtype=_U64, count=int(lens.sum()))
    starts = (np.cumsum(lens) - lens).astype(_I64)
    width = int(lens.max(initial=0))
    padded = np.zeros((len(lens), width), dtype=_U64)
    padded[np.repeat(np.arange(len(lens)), lens), np.arange(len(flat)) - np.repeat(starts, lens)] = flat
    shared = _common_prefix(padded, lens)
    shared_next = np.append(shared[1:], 0)
    # first occurrences of the nodes: (phrase p, length n) for shared[p] < n <= lens[p]
    count = lens - shared
    row = np.repeat(np.arange(len(lens)), count)
    length = np.arange(int(count.sum()), dtype=_I64) - np.repeat(np.cumsum(count) - count, count) + np.repeat(shared, count) + 1
    whole = length == lens[row]
    for mult in MULTIPLIERS:
        hashes = _prefix_hashes(padded, mult)[row, length - 1]
        if len(np.unique(hashes)) == len(hashes):
            break
    else:  # pragma: no cover - five 64-bit multipliers all colliding
        raise ValueError("phrase table: no hash multiplier without collisions")
    order = np.argsort(hashes, kind="stable")
    key_counts = np.fromiter((1 if type(by_phrase[seq]) is int else len(by_phrase[seq]) for seq in ordered),
                             dtype=_I64, count=len(ordered))
    return PhraseTable(
        mult=mult,
        node_hash=hashes[order],
        node_phrase=np.where(whole, row, -1)[order],
        node_inner=(~whole | (shared_next[row] >= length))[order],
        phrase_start=starts,
        phrase_len=lens,
        tokens=flat,
        key_start=np.concatenate([[0], np.cumsum(key_counts)]).astype(_I64),
        key_hash=np.fromiter(_flat_keys(by_phrase, ordered), dtype=_U64, count=int(key_counts.sum())),
    )


class TablePhraseMatcher:
    """A ``PhraseMatcher`` stand-in over a :class:`PhraseTable` (see the module doc).

    Args:
        vocab: the pipeline's vocab (its ``StringStore`` gets the match keys when they are
            needed: :meth:`add_strings`).
        attr: the token attribute the phrases are in (one of :data:`TABLE_ATTRS`).
        table: the phrases.
        keys: the match keys (strings) of the table, for ``len``, ``in`` and turning it into
            a real ``PhraseMatcher``.
    """

    def __init__(self, vocab: Vocab, attr: int, table: PhraseTable, keys: Sequence[str]) -> None:
        if int(attr) not in TABLE_ATTRS:
            raise ValueError(f"phrase table: attribute {attr} is not a token text attribute")
        self.vocab = vocab
        self.attr = int(attr)
        self.table = table
        self.keys = list(keys)
        self._matcher: PhraseMatcher | None = None
        self._strings_added = False

    def add_strings(self) -> None:
        """Put the match keys in the vocab's ``StringStore``, where ``PhraseMatcher.add`` puts
        them (wanted for labels of ``as_spans`` matches and by ``SpanRuler.remove``; not on
        every load: 26k strings for the lexicon ruler)."""
        if not self._strings_added:
            add = self.vocab.strings.add
            for key in self.keys:
                add(key)
            self._strings_added = True

    def __len__(self) -> int:
        return len(self.keys) if self._matcher is None else len(self._matcher)

    def __contains__(self, key: str) -> bool:
        return key in set(self.keys) if self._matcher is None else key in self._matcher

    def __call__(self, doclike: Doc | Span, *, as_spans: bool = False) -> list:
        """The matches in a ``Doc`` or ``Span``, as ``PhraseMatcher.__call__`` gives them."""
        if self._matcher is not None:
            return self._matcher(doclike, as_spans=as_spans)
        if doclike is None or len(doclike) == 0:
            return []
        if isinstance(doclike, Doc):
            doc, start, end = doclike, 0, len(doclike)
        elif isinstance(doclike, Span):
            doc, start, end = doclike.doc, doclike.start, doclike.end
        else:
            raise ValueError(f"TablePhraseMatcher matches a Doc or Span, not {type(doclike).__name__}")
        matches = self.table.find(doc.to_array(self.attr)[start:end])
        matches = [(key, s + start, e + start) for key, s, e in matches] if start else matches
        if as_spans:
            self.add_strings()
            return [Span(doc, s, e, label=key) for key, s, e in matches]
        return matches

    def phrase_matcher(self) -> PhraseMatcher:
        """This matcher as a real ``PhraseMatcher`` (built once, then used for every call)."""
        if self._matcher is None:
            pm = PhraseMatcher(self.vocab, attr=self.attr)
            by_id = {self.vocab.strings.add(key): key for key in self.keys}
            self._strings_added = True
            docs: dict[str, list[tuple[int, ...]]] = {key: [] for key in self.keys}
            for seq, ids in self.table.phrases():
                for match_id in ids:
                    docs[by_id[match_id]].append(seq)
            for key, seqs in docs.items():
                pm.add(key, seqs)
            self._matcher = pm
        return self._matcher

    def add(self, key: str, docs, *_docs, on_match=None) -> None:
        self.phrase_matcher().add(key, docs, *_docs, on_match=on_match)

    def remove(self, key: str) -> None:
        self.phrase_matcher().remove(key)

    def __reduce__(self):
        return self.phrase_matcher().__reduce__()
