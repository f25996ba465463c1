"""``rheumex_context``: ConText/NegEx-style ``negated`` and ``hypothetical`` attributes.

Trigger rules are data (``data/context_rules.json``, medspaCy-style: literal, category,
direction). A forward trigger governs the entities after it up to ``max_tokens``, a
terminator ("but", "however", ";") or the sentence end; a backward trigger the entities
before it. Pseudo-triggers ("no change", "not only") are ignored. Entities in a section
named like "Differential Diagnosis" are hypothetical.
"""
from __future__ import annotations

import json
from importlib import resources

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from rheumex.pipelines import extensions  # noqa: F401


class ContextComponent:
    def __init__(self, nlp: Language, rules: dict) -> None:
        self.max_tokens = int(rules.get("max_tokens", 8))
        self.direction: dict[str, tuple[str, str]] = {}
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for i, r in enumerate(rules["rules"]):
            key = f"ctx{i}"
            self.direction[key] = (r["category"], r["direction"])
            self.matcher.add(key, [nlp.make_doc(r["literal"])])
        self.pseudo = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.pseudo.add("PSEUDO", [nlp.make_doc(p) for p in rules.get("pseudo", [])])
        self.term = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.term.add("TERM", [nlp.make_doc(t) for t in rules.get("terminators", [])])
        self.hyp_sections = {s.lower() for s in rules.get("hypothetical_sections", [])}

    def __call__(self, doc: Doc) -> Doc:
        if not doc.ents:
            return doc
        pseudo_tokens = set()
        for _, s, e in self.pseudo(doc):
            pseudo_tokens.update(range(s, e))
        terms = {s for _, s, _e in self.term(doc)}
        triggers = []
        for mid, s, e in self.matcher(doc):
            if s in pseudo_tokens:
                continue
            cat, direction = self.direction[doc.vocab.strings[mid]]
            triggers.append((s, e, cat, direction))
        # longest trigger wins where triggers overlap ("no evidence of" over "no")
        triggers.sort(key=lambda t: (t[0], -(t[1] - t[0])))
        kept, last_end = [], -1
        for t in triggers:
            if t[0] >= last_end:
                kept.append(t)
                last_end = t[1]
        for ent in doc.ents:
            sent_start, sent_end = extensions.sentence_of(doc, ent.start)
            for s, e, cat, direction in kept:
                if not (sent_start <= s < sent_end) or (s < ent.end and e > ent.start):
                    continue
                hit = False
                if direction in ("forward", "bidirectional") and e <= ent.start and ent.start - e <= self.max_tokens:
                    hit = not any(i in terms for i in range(e, ent.start))
                if not hit and direction in ("backward", "bidirectional") and s >= ent.end and s - ent.end <= self.max_tokens:
                    hit = not any(i in terms for i in range(ent.end, s))
                if hit:
                    if cat == "NEGATED":
                        ent._.negated = True
                    else:
                        ent._.hypothetical = True
            if ent._.section and ent._.section.lower().rstrip(":") in self.hyp_sections:
                ent._.hypothetical = True
        return doc


def load_rules(name: str = "context_rules.json") -> dict:
    return json.loads(resources.files("rheumex.pipelines").joinpath("data", name).read_text(encoding="utf-8"))


@Language.factory("rheumex_context", assigns=["span._.negated", "span._.hypothetical"], requires=["doc.ents", "doc.sents"],
                  default_config={"rules": "context_rules.json"})
def make_context(nlp: Language, name: str, rules: str) -> ContextComponent:
    """NegEx/ConText attributes; see module docstring."""
    return ContextComponent(nlp, load_rules(rules))
