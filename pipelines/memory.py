"""``rheumex_document_memory``: a name recognised once in a paper is recognised everywhere in it.

A paper names its own topic many times ("Degos disease" in the title, the abstract, the case
and the discussion). Whatever recognised the name once (the lexicon in the title or
abstract, a definition "X (ABBR)" whose long form is an entity, a resolver rule), this
component marks every other occurrence of the same word sequence in the same document:

- *seeds*: the DISEASE and TREATMENT entities of the document outside skipped sections
  (references and back matter by default), keyed by their tokens' ``Token.norm_`` (the
  spelling-neutral form of ``rheumex_normalizer``: case, plural and British/American
  spelling do not matter), or by exact text for a one-token name with a capital letter
  ("PAAG", "Behcet"), which stays case-sensitive;
- *brand seeds*: the brand of a "<Brand> <device noun>" TREATMENT ("Essure device") is also a
  seed, alone and case-sensitive ("... requires a confirmation of proper placement": "Essure
  requires"), when it is one capitalised word the paper never writes in lower case;
- *not seeds*: supportive-care agents given in one place ("received a unit of blood",
  ``treatment_phrases.supportive_agents``), which are a treatment only where they are given; one-word lower-case names on the stop list ``data/sources/memory_stoplist.txt``
  (ambiguous everyday words such as "cold", "lead", "stroke" in "heat stroke" ...), names
  shorter than 3 characters, and keys that two seeds of different labels share;
- *occurrences*: the longest seed key starting at each token, only where no token of it is
  already part of an entity of any label, never inside a skipped section, and not glued to a
  hyphen or slash on either side ("SLE-like", "pre-eclampsia/eclampsia" keep their own reading);
- *judged occurrences stay as judged*: where a lexicon or word-form candidate of the same
  label (``doc.spans[candidates_key]``) overlaps the occurrence, the resolver has already
  seen it there and turned it down ("Diagnosis By: surgical excision", "curettage material"),
  so memory leaves it alone. Memory therefore adds the names that only a context rule, the
  statistical NER or the syntax found once, and the lexicon names in a wording the lexicon
  did not match;
- the new entity takes the seed's label, concept id and name; its ``source`` is
  ``"memory:" + the seed's source``.

Before that, a bare generic lesion noun of ``data/disease_referring_heads.txt`` ("cysts") stays
a DISEASE only when the paper names one with a modifier ("renal cyst"): alone it is a generic
description (GUIDELINES 3), unless it refers back to the paper's named lesion.

It runs after ``rheumex_entity_resolver`` (whose entities are the seeds) and before
``rheumex_abbreviations``, so a long form found only by memory at its definition
"X (ABBR)" gives its short form ABBR the same label and concept.
"""
from __future__ import annotations

from importlib import resources

from spacy.attrs import NORM, ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span

from rheumex.pipelines import extensions  # noqa: F401
from rheumex.pipelines.syntax import data_words
from rheumex.pipelines.treatment_phrases import SOURCE_DEVICE, SOURCE_SUPPORTIVE

SEED_LABELS_DEFAULT = ["DISEASE", "TREATMENT"]
SKIP_KINDS_DEFAULT = ["references", "other"]


def load_stoplist(name: str = "memory_stoplist.txt") -> set[str]:
    """Lower-case words from a packaged data file (``#`` lines are comments)."""
    path = resources.files("rheumex.pipelines").joinpath("data", "sources", name)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise FileNotFoundError(f"rheumex_document_memory: stop list {path} not found; "
                                f"set [components.rheumex_document_memory] stoplist to a file in "
                                f"pipelines/data/sources/") from e
    return {l.strip().lower() for l in text.splitlines() if l.strip() and not l.startswith("#")}


class DocumentMemory:
    """Propagate DISEASE/TREATMENT names to their other occurrences in the same document."""

    def __init__(self, stoplist: set[str], labels: list[str], skip_section_kinds: list[str],
                 candidates_key: str = "rheumex_candidates") -> None:
        self.stop = stoplist
        self.candidates_key = candidates_key
        self.labels = set(labels)
        self.skip = set(skip_section_kinds)

    def _skip_ranges(self, doc: Doc) -> list[tuple[int, int]]:
        return [(s, e) for s, e, _n, kind in doc._.sections or () if kind in self.skip]

    @staticmethod
    def _inside(ranges: list[tuple[int, int]], char: int) -> bool:
        return any(s <= char < e for s, e in ranges)

    def _key(self, ent: Span, text: str, norms: list[int], orths: list[int], strings) -> tuple | None:
        """The matching key of a seed entity (``text`` is its text), or None when it must not be propagated."""
        if len(text) < 3:
            return None
        if ent.end - ent.start == 1:
            if not text.islower():
                return ("ORTH", orths[ent.start])
            if text.lower() in self.stop or strings[norms[ent.start]] in self.stop:
                return None
        return ("NORM",) + tuple(norms[ent.start:ent.end])

    def __call__(self, doc: Doc) -> Doc:
        ents = self._referring_heads(list(doc.ents))
        if len(ents) != len(doc.ents):
            doc.ents = ents
        if not ents or not len(doc):
            return doc
        norms = doc.to_array(NORM).tolist()
        orths = doc.to_array(ORTH).tolist()
        skip = self._skip_ranges(doc)
        text = extensions.doc_text(doc)
        strings = doc.vocab.strings
        seeds: dict[tuple, Span | None] = {}
        for ent in ents:
            if ent.label_ not in self.labels or (skip and self._inside(skip, ent.start_char)):
                continue
            if ent._.source == SOURCE_SUPPORTIVE:
                continue  # "received a unit of blood": a treatment here only, not "blood" everywhere
            key = self._key(ent, text[ent.start_char:ent.end_char], norms, orths, strings)
            if key is None:
                continue
            prev = seeds.get(key, ent) if key in seeds else ent
            seeds[key] = ent if prev is not None and prev.label_ == ent.label_ else None  # label clash: drop
        seeds = {k: v for k, v in seeds.items() if v is not None}
        for key, ent in self._brand_seeds(ents, orths, skip).items():
            seeds.setdefault(key, ent)
        if not seeds:
            return doc
        # index: first token hash -> keys starting with it (longest first)
        first: dict[tuple[str, int], list[tuple]] = {}
        for key in sorted(seeds, key=lambda k: -(len(k) - 1)):
            first.setdefault((key[0], key[1]), []).append(key)
        occupied = bytearray(len(doc))
        for e in ents:
            occupied[e.start:e.end] = b"\x01" * (e.end - e.start)
        judged: dict[str, bytearray] = {}  # filled on the first free occurrence (most papers have none)
        new: list[Span] = []
        n = len(doc)
        # only tokens that can start a key are visited (one pass over the hash arrays)
        norm_first = {k[1] for k in first if k[0] == "NORM"}
        orth_first = {k[1] for k in first if k[0] == "ORTH"}
        starts = [i for i, h in enumerate(norms) if h in norm_first]
        if orth_first:
            starts = sorted(set(starts).union(i for i, h in enumerate(orths) if h in orth_first))
        next_free = 0
        for i in starts:
            if i < next_free:
                continue
            hit = None
            for key in first.get(("NORM", norms[i]), []) + first.get(("ORTH", orths[i]), []):
                length = len(key) - 1
                if i + length > n or (hit is not None and length <= hit[1]):
                    continue
                if key[0] == "NORM" and tuple(norms[i:i + length]) != key[1:]:
                    continue
                if any(occupied[i:i + length]):
                    continue
                if not judged:
                    judged = self._judged(doc)
                if any(judged[seeds[key].label_][i:i + length]):
                    continue
                hit = (key, length)
            if hit is None or not self._free_standing(doc, i, i + hit[1]) or (skip and self._inside(skip, doc[i].idx)):
                continue
            key, length = hit
            seed = seeds[key]
            span = Span(doc, i, i + length, label=seed.label_, kb_id=seed.kb_id_)
            span._.concept_id = seed._.concept_id
            span._.concept_name = seed._.concept_name
            span._.source = f"memory:{seed._.source}"
            new.append(span)
            occupied[i:i + length] = b"\x01" * length
            next_free = i + length
        if new:
            doc.ents = sorted(ents + new, key=lambda s: s.start)
        return doc

    def _brand_seeds(self, ents: list[Span], orths: list[int], skip: list[tuple[int, int]]) -> dict[tuple, Span]:
        """Seeds for a device's brand alone: the brand of a "<Brand> <device noun>" TREATMENT
        (``source`` :data:`SOURCE_DEVICE`, "Essure device", "Essure microinserts") names the same
        device without its noun ("removal of Essure"), keyed by exact text. A brand is one
        capitalised word of letters (not all capitals, not a stop word) that the paper never
        writes in lower case ("Sterilization device" at a sentence start is no brand)."""
        out: dict[tuple, Span] = {}
        lower_words = None
        for ent in ents:
            if ent.label_ != "TREATMENT" or ent._.source != SOURCE_DEVICE or len(ent) != 2:
                continue
            brand = ent[0]
            word = brand.text
            if (len(word) < 4 or not word.isalpha() or not word[:1].isupper() or word.isupper() or brand.is_stop
                    or (skip and self._inside(skip, ent.start_char))):
                continue
            if lower_words is None:
                lower_words = {t.text for t in ent.doc if t.is_lower}
            if word.lower() in lower_words:
                continue
            out.setdefault(("ORTH", orths[brand.i]), ent)
        return out

    @staticmethod
    def _referring_heads(ents: list[Span]) -> list[Span]:
        """``ents`` without the bare generic lesion nouns of ``data/disease_referring_heads.txt``
        ("cysts") when no DISEASE entity names one with a modifier ("renal cyst")."""
        heads = data_words("disease_referring_heads.txt")
        bare = [e for e in ents if e.label_ == "DISEASE" and len(e) == 1 and e.text.lower() in heads]
        if not bare:
            return ents
        named = {e[-1].lower_ for e in ents if e.label_ == "DISEASE" and len(e) > 1 and e[-1].lower_ in heads}
        named |= {w[:-1] for w in named if w.endswith("s")} | {w + "s" for w in named}
        drop = {id(e) for e in bare if e.text.lower() not in named}
        return [e for e in ents if id(e) not in drop] if drop else ents

    def _judged(self, doc: Doc) -> dict[str, bytearray]:
        """Per label, the tokens covered by a lexicon or word-form candidate of that label."""
        judged = {label: bytearray(len(doc)) for label in self.labels}
        for c in doc.spans.get(self.candidates_key, []):
            if c.label_ in judged:
                judged[c.label_][c.start:c.end] = b"\x01" * (c.end - c.start)
        return judged

    @staticmethod
    def _free_standing(doc: Doc, start: int, end: int) -> bool:
        """Not glued to a hyphen or slash: "SLE-like", "x/y" are other words."""
        if start > 0 and not doc[start - 1].whitespace_ and doc[start - 1].text in ("-", "/"):
            return False
        if end < len(doc) and not doc[end - 1].whitespace_ and doc[end].text in ("-", "/"):
            return False
        return True


@Language.factory("rheumex_document_memory", assigns=["doc.ents"], requires=["doc.ents"],
                  default_config={"stoplist": "memory_stoplist.txt", "labels": SEED_LABELS_DEFAULT,
                                  "skip_section_kinds": SKIP_KINDS_DEFAULT, "candidates_key": "rheumex_candidates"})
def make_document_memory(nlp: Language, name: str, stoplist: str, labels: list[str],
                         skip_section_kinds: list[str], candidates_key: str) -> DocumentMemory:
    """Recognise a DISEASE/TREATMENT name at every occurrence in its document; see module doc."""
    return DocumentMemory(load_stoplist(stoplist), labels, skip_section_kinds, candidates_key)
