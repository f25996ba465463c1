"""``rheumex_entity_resolver``: lexicon candidates (and model NER) -> ``doc.ents``.

Steps, each a rule a reviewer can check:

1. Candidates come from ``doc.spans[candidates_key]`` (the lexicon ruler) and, when a
   scispaCy model ran before, from its ``doc.ents`` mapped through ``model_labels``.
2. Candidates inside skipped sections (references, front matter) are dropped.
3. IMAGING spans absorb their view/sequence/contrast/region words on the left
   ("Axial NECT", "PA and lateral chest x-rays", "Abdomen-pelvis CT"), a following
   "scan", and "of the <anatomy> (and <anatomy>)" on the right ("CT of the abdomen and
   pelvis"). Anatomy absorbed this way is the scan region, never a calcinosis site.
4. ANATOMY candidates merge with adjacent anatomy and laterality words ("left side
   abdominal wall", "both elbows", "soft tissues of the right thigh") and become
   CALCINOSIS_SITE only when tied to calcification: a calcification mention or the words
   "calcified"/"calcific" in the same sentence within ``site_window`` tokens with no
   clause break, or anywhere in a figure caption about calcification. Anatomy next to
   "biopsy" is a biopsy site and is dropped.
5. Overlaps: the longest span wins; ties go to ``label_priority``.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span

from rheumex.pipelines import extensions  # noqa: F401  (registers Span/Doc attributes)
from rheumex.pipelines.normalizer import normalize_word

LATERALITY = {"left", "right", "bilateral", "both", "side", "sided", "left-sided", "right-sided", "distal", "proximal",
              "medial", "lateral", "anterior", "posterior", "upper", "lower", "inner", "outer", "deep", "superficial",
              "superior", "inferior", "ventral", "dorsal", "central", "peripheral", "mid", "bilaterally"}
# "calcium" alone is chemistry or a lab value; "calcium deposits" is a DISEASE candidate
CALC_WORDS = {"calcified", "calcific", "calcifying", "calcify", "calcifies", "calcinotic", "ossified", "mineralized", "mineralised"}
CONNECTORS = {"and", "or", "of", "the", "/"}
CLAUSE_BREAKS = {";", "whereas", "while", "but", "however"}
SKIP_KINDS_DEFAULT = ["references", "other"]
ADJECTIVE_END = re.compile(r"(al|ic|ar|ous|eal|ary|ial)$")
# GUIDELINES 7.4/7.5: a modality adjective is IMAGING only with the study noun after it
MODALITY_ADJECTIVE = re.compile(r"(graphic|scopic|tomographic|sonographic|scintigraphic)$", re.I)
STUDY_NOUNS = {"examination", "examinations", "evaluation", "study", "studies", "series", "survey", "view", "views",
               "image", "images", "imaging", "scan", "scans", "exam", "exams", "assessment", "follow-up"}


@dataclass
class Cand:
    start: int  # token index
    end: int
    label: str
    concept_id: str
    source: str


def _data_lines(name: str) -> list[str]:
    text = resources.files("rheumex.pipelines").joinpath("data", "sources", name).read_text(encoding="utf-8")
    return [l.strip().lower() for l in text.splitlines() if l.strip() and not l.startswith("#")]


class EntityResolver:
    def __init__(self, nlp: Language, candidates_key: str, label_priority: list[str], site_window: int,
                 skip_section_kinds: list[str], model_labels: dict[str, str], lexicon_files: list[str]) -> None:
        self.candidates_key = candidates_key
        self.priority = {l: i for i, l in enumerate(label_priority)}
        self.site_window = site_window
        self.skip_kinds = set(skip_section_kinds)
        self.model_labels = dict(model_labels)
        self.imaging_modifiers = {normalize_word(w) for w in _data_lines("imaging_modifiers.txt")}
        self.anatomy_words = set()
        self.anatomy_terms = {normalize_word(t) for t in _data_lines("anatomy.txt") if " " not in t}
        for term in _data_lines("anatomy.txt"):
            self.anatomy_words.update(normalize_word(w) for w in term.split())
        self.anatomy_words -= CONNECTORS
        self.modifiers: dict[str, set[str]] = {"DISEASE": set(), "TREATMENT": set()}
        for line in _data_lines("entity_modifiers.tsv"):
            word, _, label = line.partition("\t")
            self.modifiers.setdefault(label.upper(), set()).add(normalize_word(word))
        self.names: dict[str, str] = {}
        from rheumex.pipelines.lexicon import iter_lexicon

        for entry in iter_lexicon(lexicon_files):
            if entry.get("id") and entry.get("name"):
                self.names.setdefault(entry["id"], entry["name"])

    # -- helpers -----------------------------------------------------------------
    def _skipped(self, doc: Doc, start_char: int) -> bool:
        for s, e, _name, kind in doc._.sections or ():
            if s <= start_char < e:
                return kind in self.skip_kinds
        return False

    def _section_name(self, doc: Doc, start_char: int) -> str:
        for s, e, name, _kind in doc._.sections or ():
            if s <= start_char < e:
                return (name or "").lower()
        return ""

    def _caption_with_calc(self, doc: Doc, start_char: int) -> bool:
        for s, e, _name, kind in doc._.sections or ():
            if s <= start_char < e and kind == "caption":
                return bool(re.search(r"calci|calcium", doc.text[s:e], re.I))
        return False

    def _norm(self, doc: Doc, start: int, end: int) -> str:
        return doc[start:end].text.lower()

    def _extend_imaging(self, doc: Doc, c: Cand, anatomy_ends: dict[int, int]) -> Cand:
        start, end = c.start, c.end
        # left: modifiers and region words, possibly coordinated ("PA and lateral chest")
        while start > 0:
            t = doc[start - 1]
            n = t.norm_
            if t.is_space or "\n" in t.whitespace_:
                break
            if n in self.imaging_modifiers or (n in self.anatomy_words and t.text[:1] != "(") or re.fullmatch(r"t[12]|t[12]-weighted|[23]d", n):
                if n == "and" and not (start - 2 >= 0 and doc[start - 2].norm_ in self.imaging_modifiers):
                    break
                start -= 1
                continue
            break
        while start < c.start and doc[start].norm_ == "and":
            start += 1
        # right: "scan(s)", "of the X (and Y)"
        if end < len(doc) and doc[end].lower_ in ("scan", "scans", "scanning") and c.label == "IMAGING":
            end += 1
        if end + 1 < len(doc) and doc[end].lower_ == "of":
            j = end + 1
            if j < len(doc) and doc[j].lower_ in ("the", "his", "her", "both"):
                j += 1
            k = j
            while k < len(doc) and (doc[k].norm_ in self.anatomy_words or doc[k].norm_ in LATERALITY or
                                    (doc[k].lower_ in ("and", "/") and k + 1 < len(doc) and doc[k + 1].norm_ in self.anatomy_words)):
                k += 1
            if k > j:
                end = k
        return Cand(start, end, c.label, c.concept_id, c.source)

    def _study_adjective(self, doc: Doc, c: Cand) -> Cand | None:
        """"radiographic examination" stays whole; "radiographic features" is no mention."""
        if not MODALITY_ADJECTIVE.search(doc[c.end - 1].text):
            return c
        if c.end < len(doc) and doc[c.end].lower_ in STUDY_NOUNS:
            return Cand(c.start, c.end + 1, c.label, c.concept_id, c.source)
        return None

    def _extend_name(self, doc: Doc, c: Cand) -> Cand:
        """DISEASE/TREATMENT spans take the modifiers that are part of the name on their
        left: classifying adjectives from ``entity_modifiers.tsv``, anatomy ("pulmonary
        hamartoma"), eponyms ("Wilms' tumor", "Takayasu's arteritis") and "type I"."""
        mods = self.modifiers.get(c.label, set())
        head = doc[c.start:c.end].text.lower()
        calc = c.label == "DISEASE" and re.search(r"calci|calcium", head)
        start = c.start
        while start > 0:
            t = doc[start - 1]
            if "\n" in t.whitespace_ or t.is_space:
                break
            n = t.norm_
            if n in ("'s", "’s", "'", "’") and start - 2 >= 0 and doc[start - 2].text[:1].isupper() and not doc[start - 2].whitespace_:
                start -= 2  # eponym: Wilms' / Paget's
                continue
            if t.text[:1].isupper() and t.text[-2:] in ("'s", "’s") and len(t.text) > 3:
                start -= 1
                continue
            if re.fullmatch(r"(i{1,3}|iv|v|vi{0,3}|[1-6][a-c]?)", n) and start - 2 >= 0 and doc[start - 2].lower_ in ("type", "types"):
                start -= 2
                continue
            if n in mods or (not calc and c.label == "DISEASE" and n in self.anatomy_terms):
                start -= 1
                continue
            break
        return Cand(start, c.end, c.label, c.concept_id, c.source) if start != c.start else c

    def _extend_anatomy(self, doc: Doc, c: Cand) -> Cand:
        start, end = c.start, c.end
        while start > 0 and (doc[start - 1].norm_ in LATERALITY or doc[start - 1].norm_ in self.anatomy_words) and not doc[start - 1].is_punct:
            start -= 1
        # "soft tissues of the right thigh": an anatomical "of" phrase stays inside
        if end + 1 < len(doc) and doc[end].lower_ == "of":
            j = end + 1
            if doc[j].lower_ in ("the", "both"):
                j += 1
            k = j
            while k < len(doc) and (doc[k].norm_ in LATERALITY or doc[k].norm_ in self.anatomy_words) and not doc[k].is_punct:
                k += 1
            if k > j and doc[k - 1].norm_ in self.anatomy_words:
                end = k
        while end < len(doc) and doc[end].norm_ in self.anatomy_words and not doc[end].is_punct:
            end += 1
        # never start or end with a bare "side"/"and"
        while start < c.start and doc[start].norm_ in ("side", "sided", "and"):
            start += 1
        while end > c.end and doc[end - 1].norm_ in ("and", "or", "/"):
            end -= 1
        # adjectives sharing one head stay one span ("parenchymal and intraductal
        # calcifications"); nouns joined by "and" are separate sites ("aorta and coronary arteries")
        if (end + 1 < len(doc) and doc[end].lower_ in ("and", "or") and ADJECTIVE_END.search(doc[end - 1].lower_)
                and doc[end + 1].norm_ in self.anatomy_words and ADJECTIVE_END.search(doc[end + 1].lower_)):
            end += 2
        if doc[start].lower_ == "both" and any(t.lower_ == "and" for t in doc[start:end]):
            start += 1
        return Cand(start, end, c.label, c.concept_id, c.source)

    def _tied_to_calcification(self, doc: Doc, c: Cand, calc_tokens: list[int]) -> bool:
        if self._caption_with_calc(doc, doc[c.start].idx):
            return True
        sent = doc[c.start].sent
        for i in calc_tokens:
            if not (sent.start <= i < sent.end):
                continue
            lo, hi = (i, c.start) if i < c.start else (c.end, i)
            if hi - lo > self.site_window:
                continue
            between = doc[lo:hi]
            if any(t.lower_ in CLAUSE_BREAKS for t in between):
                continue
            return True
        return False

    # -- main ----------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        cands: list[Cand] = []
        for span in doc.spans.get(self.candidates_key, []):
            cid, _, src = (span.id_ or "").partition("#")
            cands.append(Cand(span.start, span.end, span.label_, cid, src or "lexicon"))
        for ent in doc.ents:  # a statistical NER that ran before us (scispaCy model)
            label = self.model_labels.get(ent.label_)
            if label:
                cands.append(Cand(ent.start, ent.end, label, ent.kb_id_ or "", f"model:{ent.label_}"))
        cands = [c for c in cands if not self._skipped(doc, doc[c.start].idx)]
        # "Diagnosis By: Surgery" (MedPix) names how the diagnosis was made, not a treatment
        cands = [c for c in cands if not (c.label == "TREATMENT" and self._section_name(doc, doc[c.start].idx) == "diagnosis by")]
        # biopsy sites are never candidates for calcinosis sites
        cands = [c for c in cands if not (c.label == "ANATOMY" and self._near_biopsy(doc, c))]
        # "arrow head" in a figure caption points at something; it is no anatomy
        cands = [c for c in cands if not (c.label == "ANATOMY" and c.start > 0 and doc[c.start - 1].lower_ == "arrow")]
        imaging = [self._extend_imaging(doc, c, {}) for c in cands if c.label == "IMAGING"]
        imaging = [c for c in (self._study_adjective(doc, c) for c in imaging) if c is not None]
        covered = set()
        for c in imaging:
            covered.update(range(c.start, c.end))
        calc_tokens = [i for c in cands if c.label == "DISEASE" and re.search(r"calci|calcium", doc[c.start:c.end].text, re.I)
                       for i in range(c.start, c.end)]
        calc_tokens += [t.i for t in doc if t.lower_ in CALC_WORDS or t.lower_.startswith("calcif")]
        others: list[Cand] = []
        for c in cands:
            if c.label == "IMAGING":
                continue
            if c.label == "ANATOMY":
                if any(i in covered for i in range(c.start, c.end)):
                    continue
                c = self._extend_anatomy(doc, c)
                if any(i in covered for i in range(c.start, c.end)):
                    continue
                if self._modifies_other_noun(doc, c, calc_tokens):
                    continue
                if not self._tied_to_calcification(doc, c, calc_tokens):
                    continue
                c = Cand(c.start, c.end, "CALCINOSIS_SITE", "", "rule:calcinosis_site")
            elif c.label in ("DISEASE", "TREATMENT"):
                if c.label == "TREATMENT" and c.end < len(doc) and doc[c.end].lower_ == "standard":
                    continue  # "gold standard"
                c = self._extend_name(doc, c)
            others.append(c)
        chosen = self._select(imaging + others)
        ents = []
        for c in chosen:
            span = Span(doc, c.start, c.end, label=c.label, kb_id=c.concept_id or "")
            span._.concept_id = c.concept_id or None
            span._.concept_name = self.names.get(c.concept_id) if c.concept_id else (span.text.lower() if c.label == "CALCINOSIS_SITE" else None)
            span._.source = c.source
            ents.append(span)
        doc.ents = ents  # Span extension values are keyed by offsets and label, so they survive
        return doc

    def _modifies_other_noun(self, doc: Doc, c: Cand, calc_tokens: list[int]) -> bool:
        """An anatomical adjective ("fascial thickening") locates a calcification only
        when the calcification word follows it ("pericardial calcifications")."""
        last = doc[c.end - 1].lower_
        if not ADJECTIVE_END.search(last) or c.end >= len(doc):
            return False
        nxt = doc[c.end]
        return not (nxt.i in calc_tokens or nxt.is_punct or nxt.lower_ in ("and", "or"))

    def _near_biopsy(self, doc: Doc, c: Cand) -> bool:
        lo = max(0, c.start - 3)
        hi = min(len(doc), c.end + 2)
        return any(t.lower_.startswith("biops") for t in doc[lo:hi])

    def _select(self, cands: Iterable[Cand]) -> list[Cand]:
        # longest first; then label priority; a lexicon entry (with its concept) before a
        # morphology rule match of the same extent
        order = sorted(cands, key=lambda c: (-(c.end - c.start), self.priority.get(c.label, 99),
                                             c.source.startswith("rule:morphology"), c.start))
        taken: set[int] = set()
        out = []
        for c in order:
            if c.end <= c.start or any(i in taken for i in range(c.start, c.end)):
                continue
            taken.update(range(c.start, c.end))
            out.append(c)
        return sorted(out, key=lambda c: c.start)


@Language.factory(
    "rheumex_entity_resolver",
    assigns=["doc.ents"],
    requires=["doc.sents"],
    default_config={
        "candidates_key": "rheumex_candidates",
        "label_priority": ["IMAGING", "TREATMENT", "DISEASE", "CALCINOSIS_SITE", "ANATOMY"],
        "site_window": 12,
        "skip_section_kinds": SKIP_KINDS_DEFAULT,
        "model_labels": {"DISEASE": "DISEASE"},
        "lexicon_files": ["disease.jsonl", "treatment.jsonl", "imaging.jsonl", "anatomy.jsonl"],
    },
)
def make_resolver(nlp: Language, name: str, candidates_key: str, label_priority: list[str], site_window: int,
                  skip_section_kinds: list[str], model_labels: dict[str, str], lexicon_files: list[str]) -> EntityResolver:
    """Turn candidates into ``doc.ents``; see the module docstring for the rules."""
    return EntityResolver(nlp, candidates_key, label_priority, site_window, skip_section_kinds, model_labels, lexicon_files)
