"""``rheumex_context``: ConText/NegEx-style ``negated`` and ``hypothetical`` attributes.

Trigger rules are data (``data/context_rules.json``, medspaCy-style: literal, category,
direction, optional ``max_tokens``). A forward trigger governs the entities after it up to
``max_tokens``, a terminator ("but", "however", ";"), a trigger of the other category or the
sentence end; a backward trigger the entities before it; a bidirectional one both (a modal
verb: "X may develop", "may present with X"). A trigger marked ``sentence_initial`` that
opens its sentence ("If a malignancy is found, ... resection") governs the whole sentence.
Pseudo-triggers ("no change", "not only") are ignored. A governed entity passes its
attribute on along a list of entities of the same label joined only by list words
(``list_separators``: ",", "and", "or"): "differential diagnoses: lymphoma, ..., myeloma,
meningocele, cysts" (ConText lets a scope run over a list; here the list may be longer
than the token window). Entities in a section named like "Differential Diagnosis" are
hypothetical. ``label_forward_window`` caps a forward trigger's reach for a label (an imaging
study is negated only right after its trigger: "without cholangiography"); a rule's ``labels``
limit what it governs (decisions about an act, "not offered", "planned": treatments and imaging);
a rule with ``no_breakers`` governs a forward entity only when no window breaker (a preposition or
determiner) stands between them: "declined surgery", not "renal function declined after cisplatin".
A backward trigger does not reach into a sentence-opening adverbial phrase closed by a comma
(``backward_intro_openers``: "After failure of conventional DMARDs, a biologic agent was
considered": the DMARDs were given, only the biologic is hypothetical).
"""
from __future__ import annotations

import json
import re
from importlib import resources

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from rheumex.pipelines import extensions  # noqa: F401

_CATEGORIES = ("NEGATED", "HYPOTHETICAL")
_DETERMINERS = frozenset({"a", "an", "the"})
# verbs that open a list with a colon ("may include:", "the differential includes:")
LISTING_VERBS = frozenset({"include", "includes", "included", "including", "comprise", "comprises", "are", "is"})


#: "did not" and its contraction: a trigger written with "not" also matches "didn't", "wasn't" ... (session 24:
#: "He didn't have renal disease" was no negation)
_CONTRACTIONS = {"did not": "didn't", "does not": "doesn't", "do not": "don't", "was not": "wasn't",
                 "were not": "weren't", "is not": "isn't", "are not": "aren't", "has not": "hasn't",
                 "have not": "haven't", "had not": "hadn't", "could not": "couldn't", "would not": "wouldn't",
                 "should not": "shouldn't", "cannot": "can't", "can not": "can't"}
_CONTRACTION_RX = re.compile(r"\b(" + "|".join(re.escape(k) for k in _CONTRACTIONS) + r")\b")


def _with_contractions(literal: str) -> list[str]:
    """``literal`` and, when it holds "did not", "was not" ..., the same with the contraction."""
    low = literal.lower()
    if not _CONTRACTION_RX.search(low):
        return [literal]
    return [literal, _CONTRACTION_RX.sub(lambda m: _CONTRACTIONS[m.group(1)], low)]


def _short_form_bracket(doc: Doc, i: int) -> bool:
    """Token ``i`` is a bracket around one word, as around a short form: "(PML)"."""
    t = doc[i].text
    if t == "(":
        return i + 2 < len(doc) and doc[i + 2].text == ")" and not doc[i + 1].is_punct
    if t == ")":
        return i >= 2 and doc[i - 2].text == "(" and not doc[i - 1].is_punct
    return False


class ContextComponent:
    def __init__(self, nlp: Language, rules: dict) -> None:
        self.max_tokens = int(rules.get("max_tokens", 8))
        self.direction: dict[str, tuple[str, str, int, int, bool, frozenset]] = {}
        self.no_breakers: set[str] = set()  # rule keys whose forward scope stops at a window breaker
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for i, r in enumerate(rules["rules"]):
            key = f"ctx{i}"
            window = int(r.get("max_tokens", self.max_tokens))
            self.direction[key] = (r["category"], r["direction"], window, int(r.get("back_tokens", window)),
                                   bool(r.get("sentence_initial")), frozenset(r.get("labels", ())))
            if r.get("no_breakers"):
                self.no_breakers.add(key)
            patterns = [nlp.make_doc(lit) for lit in _with_contractions(r["literal"])]
            self.longest = max(getattr(self, "longest", 1), *(len(p) for p in patterns))
            self.matcher.add(key, patterns)
        self.pseudo = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.pseudo.add("PSEUDO", [nlp.make_doc(v) for p in rules.get("pseudo", []) for v in _with_contractions(p)])
        self.term = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.term.add("TERM", [nlp.make_doc(t) for t in rules.get("terminators", [])])
        self.neg_term = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.neg_term.add("NEGTERM", [nlp.make_doc(t) for t in rules.get("negation_terminators", [])])
        self.separators = {w.lower() for w in rules.get("list_separators", [])}
        self.max_list_gap = int(rules.get("max_list_gap", 3))
        self.hyp_sections = {s.lower() for s in rules.get("hypothetical_sections", [])}
        self.label_window = {k: int(v) for k, v in rules.get("label_forward_window", {}).items()}
        self.window_breakers = {w.lower() for w in rules.get("window_breakers", [])}
        self.intro_openers = {w.lower() for w in rules.get("backward_intro_openers", [])}
        self.clause_verbs = {w.lower() for w in rules.get("clause_subject_verbs", [])}
        self.max_list_span = int(rules.get("max_list_span", 30))
        self.clause_openers = frozenset(w.lower() for w in rules.get("clause_openers", []))
        self.example_links = frozenset(tuple(w.lower().split()) for w in rules.get("example_links", []))

    def _triggers(self, doc: Doc) -> list[tuple[int, int, str, str, int, int, bool, frozenset, bool]]:
        pseudo_tokens = set()
        for _, s, e in self.pseudo(doc):
            pseudo_tokens.update(range(s, e))
        triggers = []
        # "responded to neither methotrexate nor etanercept": a pseudo "neither" takes its "nor" with it
        pseudo_neither = [i for i in pseudo_tokens if doc[i].lower_ == "neither"]
        for mid, s, e in self.matcher(doc):
            if s in pseudo_tokens:
                continue
            if doc[s].lower_ == "nor" and any(0 < s - i <= 12 for i in pseudo_neither):
                continue
            key = doc.vocab.strings[mid]
            triggers.append((s, e) + self.direction[key] + (key in self.no_breakers,))
        # longest trigger wins where triggers nest ("no evidence of" over "no") or where triggers
        # of different categories overlap; two of one category that only overlap both count
        # ("were negative" and "negative for" in "were negative for X")
        triggers.sort(key=lambda t: (t[0], -(t[1] - t[0])))
        kept: list = []
        for t in triggers:
            # kept triggers are in start order: only those starting at most the longest
            # trigger's length before t can overlap it
            clash = False
            for k in reversed(kept):
                if k[0] < t[0] - self.longest:
                    break
                if k[0] < t[1] and t[0] < k[1] and (k[2] != t[2] or (k[0] <= t[0] and t[1] <= k[1])):
                    clash = True
                    break
            if not clash:
                kept.append(t)
        return kept

    def __call__(self, doc: Doc) -> Doc:
        if not doc.ents:
            return doc
        terms = {s for _, s, _e in self.term(doc)}
        kept = self._triggers(doc)
        # a scope also ends at a trigger of the other category ("no treatment ... unless X")
        stops = {cat: {i for s, e, c, *_ in kept if c != cat for i in range(s, e)} for cat in _CATEGORIES}
        ents = list(doc.ents)
        blocked = {cat: terms | stops[cat] for cat in _CATEGORIES}
        # brackets end a negation scope only (negation_terminators)
        # ... but not the brackets of a one-word short form: "A progressive multifocal leukoencephalopathy
        # (PML) was excluded" (session 22, third-party case report)
        blocked["NEGATED"] = blocked["NEGATED"] | {s for _, s, _e in self.neg_term(doc) if not _short_form_bracket(doc, s)}
        by_sentence: dict[int, list] = {}  # triggers grouped by their sentence's start
        for t in kept:
            by_sentence.setdefault(extensions.sentence_of(doc, t[0])[0], []).append(t)
        governed: dict[str, set[int]] = {c: set() for c in _CATEGORIES}
        for k, ent in enumerate(ents):
            sent_start, sent_end = extensions.sentence_of(doc, ent.start)
            for s, e, cat, direction, window, back, initial, labels, adjacent in by_sentence.get(sent_start, ()):
                if (s < ent.end and e > ent.start) or (labels and ent.label_ not in labels):
                    continue
                if initial and s == sent_start:
                    hit = True
                else:
                    hit = False
                    reach = window
                    if ent.label_ in self.label_window:  # "without cholangiography", not "will not enhance on CT"
                        reach = min(window, self.label_window[ent.label_])
                    if direction in ("forward", "bidirectional") and e <= ent.start and (
                            ent.start - e <= reach or (reach == window and self._list_gap(doc, e, ent.start))):
                        # a colon right after the trigger opens what it governs ("differential diagnoses: A, B"),
                        # and so does one after a listing verb a few words on ("Associated anomalies may
                        # include: A, B", "The differential of an enlarged digit includes: A, B"; session 19)
                        first = e + 1 if e < ent.start and doc[e].text == ":" else e
                        if first == e:
                            for q in range(e + 1, min(ent.start, e + 7)):
                                if doc[q].text == ":" and doc[q - 1].lower_ in LISTING_VERBS:
                                    first = q + 1
                                    break
                        hit = (blocked[cat].isdisjoint(range(first, ent.start)) and not self._leaves_intro(doc, sent_start, s, ent)
                               and not self._new_clause_subject(doc, e, ent))
                        if hit and (adjacent or reach < window) and any(doc[i].lower_ in self.window_breakers
                                                                        for i in range(e, ent.start)):
                            hit = False
                    if not hit and direction in ("backward", "bidirectional") and s >= ent.end and (
                            s - ent.end <= back or self._list_gap(doc, ent.end, s)):
                        hit = (blocked[cat].isdisjoint(range(ent.end, s)) and not self._in_intro(doc, sent_start, ent, s)
                               and not self._new_clause_between(doc, ent.end, s))
                if hit:
                    governed[cat].add(k)
        for cat, idx in governed.items():
            for k in self._along_lists(doc, ents, idx, examples=cat == "NEGATED"):
                if cat == "NEGATED":
                    ents[k]._.negated = True
                else:
                    ents[k]._.hypothetical = True
        for ent in ents:
            if ent._.section and ent._.section.lower().rstrip(":") in self.hyp_sections:
                ent._.hypothetical = True
        return doc

    def _list_gap(self, doc: Doc, start: int, end: int) -> bool:
        """True when the tokens ``start:end`` are a list of short items (ConText lets a scope run over a
        list): at most ``max_list_span`` tokens, at least two list commas, each item at most 4 words of
        letters, digits, hyphens or brackets, no verb ("Blood cultures, malaria screen, hepatitis serology,
        cytomegalovirus, HIV, ... were negative"; "denies any history of arthritis, psoriasis, or previous
        lung disease")."""
        if end - start > self.max_list_span or end - start < 3:
            return False
        items, n, commas = [], 0, 0
        for t in doc[start:end]:
            if t.text == ",":
                commas += 1
                items.append(n)
                n = 0
                continue
            if t.lower_ in ("and", "or", "and/or", "nor"):
                continue
            if t.tag_.startswith(("VB", "MD")) or t.lower_ in self.clause_verbs or not (
                    t.is_alpha or t.like_num or t.text in ("(", ")", "-", "/") or "-" in t.text):
                return False
            n += 1
        items.append(n)
        return commas >= 2 and max(items) <= 4

    def _new_clause_subject(self, doc: Doc, trigger_end: int, ent: Span) -> bool:
        """True when ``ent`` is the subject of a new clause after a coordinator: a verb of
        ``clause_subject_verbs`` follows it, and either that verb is singular (a coordinated subject would take
        a plural: "She had no Raynaud's phenomenon and dermatomyositis was diagnosed") or a verb stands between
        the trigger and the coordinator ("No erosions were seen and gout was diagnosed"); not "No fever, rash,
        and arthritis were reported"."""
        if not self.clause_verbs or ent.end >= len(doc) or doc[ent.end].lower_ not in self.clause_verbs:
            return False
        coords = [i for i in range(trigger_end, ent.start) if doc[i].lower_ in ("and", "but", ",", "so", "then")]
        if not coords:
            return False
        if doc[ent.end].lower_ not in ("were", "are", "have", "had"):
            return True  # a verb a coordinated subject would not take alone ("..., and prednisone led to"; session 24)
        return any(doc[i].lower_ in self.clause_verbs or doc[i].tag_.startswith("VB") for i in range(trigger_end, coords[-1]))

    def _new_clause_between(self, doc: Doc, start: int, end: int) -> bool:
        """A comma and a coordinator followed by a determiner or possessive open a new clause
        between ``start`` and ``end``: a backward trigger after it does not reach before it ("She
        had anemia, and the ANA was negative"; session 24). A real list of mentions ("X, Y, and Z
        were negative") still passes the attribute on along the list."""
        return any(doc[i].text == "," and doc[i + 1].lower_ in ("and", "but") and doc[i + 2].lower_ in self.clause_openers
                   for i in range(start, end - 2))

    def _intro_end(self, doc: Doc, sent_start: int) -> int | None:
        """The comma closing a sentence-opening adverbial phrase ("After failure of DMARDs, ...", "Due to the
        concern for toxicity, ..."; ``backward_intro_openers``), or None when the sentence opens otherwise."""
        if not self.intro_openers or doc[sent_start].lower_ not in self.intro_openers:
            return None
        sent_end = extensions.sentence_of(doc, sent_start)[1]
        return next((i for i in range(sent_start, sent_end) if doc[i].text == ","), None)

    def _leaves_intro(self, doc: Doc, sent_start: int, trigger: int, ent: Span) -> bool:
        """A forward trigger inside the opening phrase does not reach past its comma."""
        comma = self._intro_end(doc, sent_start)
        return comma is not None and trigger < comma < ent.start

    def _in_intro(self, doc: Doc, sent_start: int, ent: Span, trigger: int) -> bool:
        """A backward trigger after the opening phrase does not reach into it."""
        comma = self._intro_end(doc, sent_start)
        return comma is not None and ent.end <= comma < trigger

    def _list_link(self, doc: Doc, a: Span, b: Span, examples: bool = False) -> bool:
        """True when ``b`` follows ``a`` in one list: same label, same sentence, and only list
        words (at least one separator) between them."""
        gap = doc[a.end:b.start]
        if a.label != b.label or not 1 <= len(gap) <= max(self.max_list_gap, 5):
            return False
        sent = extensions.sentence_of(doc, a.start)
        if sent != extensions.sentence_of(doc, b.start):
            return False
        # the comma closing a sentence-opening phrase is no list comma ("After surgery, colchicine was considered")
        comma = self._intro_end(doc, sent[0])
        if comma is not None and a.end <= comma < b.start:
            return False
        words = [t.lower_ for t in gap]
        # ``examples``: examples of a negated mention are negated ("no history of connective tissue disease,
        # such as dermatomyositis"; session 24). Not so for a hedge: the dev gold keeps the examples of a
        # risk asserted ("an increased risk of lymphoid neoplasms, particularly ... such as chronic
        # lymphocytic leukemia")
        if examples and tuple(w for w in words if w not in (",", ":", "-", "\u2013", "\u2014")) in self.example_links:
            return True
        if len(gap) > self.max_list_gap:
            return False
        # a treatment of a substance ("an intra-articular injection of a corticosteroid") is one item
        if a.label_ == "TREATMENT" and words[0] == "of" and all(w in _DETERMINERS for w in words[1:]):
            return True
        # a determiner may follow the list word ("colchicine and an injection")
        if len(words) >= 2 and words[-1] in _DETERMINERS and words[-2] in self.separators:
            words = words[:-1]
        if self._new_clause_subject(doc, a.end, b):
            return False  # "no Raynaud's phenomenon and dermatomyositis was diagnosed": a new clause
        return all(w in self.separators for w in words) and any(w in self.separators for w in words)

    def _along_lists(self, doc: Doc, ents: list[Span], seeds: set[int], examples: bool = False) -> set[int]:
        out = set(seeds)
        links = [self._list_link(doc, ents[k], ents[k + 1], examples) for k in range(len(ents) - 1)]
        for k in range(len(ents) - 1):  # rightwards
            if k in out and links[k]:
                out.add(k + 1)
        for k in range(len(ents) - 2, -1, -1):  # leftwards
            if k + 1 in out and links[k]:
                out.add(k)
        return out


def load_rules(name: str = "context_rules.json") -> dict:
    return json.loads(resources.files("rheumex.pipelines").joinpath("data", name).read_text(encoding="utf-8"))


@Language.factory("rheumex_context", assigns=["span._.negated", "span._.hypothetical"], requires=["doc.ents", "doc.sents"],
                  default_config={"rules": "context_rules.json"})
def make_context(nlp: Language, name: str, rules: str) -> ContextComponent:
    """NegEx/ConText attributes; see module docstring."""
    return ContextComponent(nlp, load_rules(rules))
