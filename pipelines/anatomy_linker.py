"""``rheumex_anatomy_linker``: UBERON concept ids for CALCINOSIS_SITE mentions.

Each CALCINOSIS_SITE entity gets ``concept_id`` ``UBERON:...`` and ``concept_name`` (the
UBERON term name) from the anatomy it names:

1. every word sequence of the mention (up to 6 words, in the spelling-neutral
   ``Token.norm_`` of ``rheumex_normalizer``, with a plain plural fold as fallback) is
   looked up, first in the curated ``anatomy_links.tsv`` (locating adjectives such as
   "pericardial", everyday names such as "soft tissue"), then in ``uberon_terms.tsv``
   (names and exact synonyms imported from Uberon by ``import_uberon.py``);
2. of the matches, the ones that are not generic (``anatomy_generic_heads.txt``: "aspect",
   "side", "soft tissue" ...) win; among them the longest, then the leftmost, i.e. the head
   of "X of the Y" when X is specific ("arteries of the foot" -> artery), the Y when X is
   generic ("posterior aspect of the distal femur" -> femur);
3. a mention with no match keeps no concept id, and its concept name stays its lower-cased
   text (as before this component existed).

Laterality and position words ("left", "distal") are not part of any UBERON name, so they
never block a match. Abbreviated sites ("LCL") take their long form's concept from
``rheumex_abbreviations``, which runs after this component.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

DATA = Path(__file__).resolve().parent / "data"
MAX_WORDS = 6


def _read_table(path: Path) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        key, cid, name = line.split("\t")
        out.setdefault(key, (cid, name))
    return out


@lru_cache(maxsize=4)
def _load(terms: str, links: str, generic: str) -> tuple[dict, dict, frozenset]:
    from rheumex.pipelines.import_uberon import match_form

    curated = {match_form(k): v for k, v in _read_table(DATA / "sources" / links).items()}
    uberon = _read_table(DATA / "sources" / terms)
    heads = frozenset(match_form(l) for l in (DATA / generic).read_text(encoding="utf-8").splitlines()
                      if l.strip() and not l.startswith("#"))
    return curated, uberon, heads


class AnatomyLinker:
    """Assigns UBERON ids to CALCINOSIS_SITE entities (see the module docstring)."""

    def __init__(self, terms: str, links: str, generic_heads: str, *, load: bool = True):
        self.files = (terms, links, generic_heads)
        self._tables: tuple[dict, dict, frozenset] | None = _load(*self.files) if load else None

    @property
    def curated(self) -> dict:
        return self._table(0)

    @property
    def uberon(self) -> dict:
        return self._table(1)

    @property
    def generic(self) -> frozenset:
        return self._table(2)

    def _table(self, k: int):
        if self._tables is None:
            self._tables = _load(*self.files)
        return self._tables[k]

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        """Read the tables now (``nlp.initialize()``), not on the first document."""
        self._table(0)

    def cache_state(self) -> dict:
        """The tables as plain data, for the pipeline cache (:mod:`rheumex.pipelines.cache`)."""
        def columns(table: dict) -> list[list[str]]:
            return [list(table), [v[0] for v in table.values()], [v[1] for v in table.values()]]

        return {"curated": columns(self.curated), "uberon": columns(self.uberon), "generic": sorted(self.generic)}

    def restore_state(self, state: dict) -> None:
        """Put tables from :meth:`cache_state` back (instead of reading the TSV files)."""
        def table(cols: list[list[str]]) -> dict[str, tuple[str, str]]:
            keys, cids, names = cols
            return dict(zip(keys, zip(cids, names)))

        self._tables = (table(state["curated"]), table(state["uberon"]), frozenset(state["generic"]))

    def lookup(self, key: str) -> tuple[str, str] | None:
        hit = self.curated.get(key) or self.uberon.get(key)
        if hit is None and key.endswith("s") and not key.endswith("ss"):
            hit = self.curated.get(key[:-1]) or self.uberon.get(key[:-1])
        return hit

    def link_words(self, words: list[str]) -> tuple[str, str] | None:
        """The concept of a site given its normalised words (None: no anatomy found)."""
        matches = []  # (generic, -length, start, concept)
        n = len(words)
        for i in range(n):
            for j in range(min(n, i + MAX_WORDS), i, -1):
                key = " ".join(words[i:j])
                hit = self.lookup(key)
                if hit:
                    matches.append((key in self.generic, -(j - i), i, hit))
                    break
        return min(matches)[3] if matches else None

    def __call__(self, doc: Doc) -> Doc:
        for ent in doc.ents:
            if ent.label_ != "CALCINOSIS_SITE":
                continue
            words = [t.norm_ for t in ent if not t.is_punct]
            hit = self.link_words(words)
            if hit:
                ent._.concept_id, ent._.concept_name = hit
        return doc


@Language.factory("rheumex_anatomy_linker", requires=["doc.ents"], assigns=["span._.concept_id", "span._.concept_name"],
                  default_config={"terms": "uberon_terms.tsv", "links": "anatomy_links.tsv",
                                  "generic_heads": "anatomy_generic_heads.txt"})
def make_anatomy_linker(nlp: Language, name: str, terms: str, links: str, generic_heads: str) -> AnatomyLinker:
    """UBERON concept ids for CALCINOSIS_SITE mentions (files under ``pipelines/data``)."""
    return AnatomyLinker(terms, links, generic_heads, load=False)  # initialize() or the pipeline cache fills it
