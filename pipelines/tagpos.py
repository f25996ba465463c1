"""``rheumex_tag_pos``: coarse part of speech (``Token.pos_``) from the fine PTB tag, by table.

The base model's tagger predicts PTB tags (``Token.tag_``); ``doc.noun_chunks`` and the
resolver's syntax rules need the coarse Universal POS too. spaCy's ``attribute_ruler`` can do
the mapping, but it runs a Matcher over every token (about 7% of the base model's time); this
component does the same one-to-one mapping with a dictionary lookup per token. The table is
``pipelines/data/ptb_tag_map.tsv`` (written by ``python -m rheumex.pipelines.train_base
tag-map``: the most frequent UPOS of each PTB tag in the CRAFT training articles).

Tokens that already have a coarse POS (set by an installed scispaCy model's own
attribute_ruler or morphologizer) are left as they are.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

from spacy.attrs import POS, TAG
from spacy.language import Language
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc


@lru_cache(maxsize=4)
def tag_pos_table(name: str = "ptb_tag_map.tsv") -> dict[str, str]:
    """PTB tag -> UPOS from a tab-separated data file (``tag``, ``pos``, ``count``; ``#`` lines are comments)."""
    text = resources.files("rheumex.pipelines").joinpath("data", name).read_text(encoding="utf-8")
    table: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("tag\t"):
            continue
        tag, pos = line.split("\t")[:2]
        table[tag] = pos
    return table


class TagToPos:
    """Set ``Token.pos_`` from ``Token.tag_`` by the PTB -> UPOS table (unknown tags: ``X``)."""

    def __init__(self, table: dict[str, str]):
        self.table = dict(table)
        self._ids: dict[int, int] = {}  # tag hash -> POS id, filled as tags are met

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        # the POS/TAG columns as arrays, written back once: no Token object per token
        arr = doc.to_array([POS, TAG])
        pos, tags = arr[:, 0].tolist(), arr[:, 1].tolist()
        ids, strings = self._ids, doc.vocab.strings
        changed = False
        for i, (p, t) in enumerate(zip(pos, tags)):
            if p == 0 and t:
                q = ids.get(t)
                if q is None:
                    q = ids[t] = POS_IDS[self.table.get(strings[t], "X")]
                pos[i] = q
                changed = True
        if changed:
            arr[:, 0] = pos
            doc.from_array([POS], arr[:, :1])
        return doc


@Language.factory("rheumex_tag_pos", assigns=["token.pos"], requires=["token.tag"],
                  default_config={"table": "ptb_tag_map.tsv"})
def make_tag_pos(nlp: Language, name: str, table: str) -> TagToPos:
    """Coarse POS from PTB tags by the table in ``pipelines/data/<table>``."""
    return TagToPos(tag_pos_table(table))
