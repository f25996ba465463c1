"""``rheumex_abbreviations``: short forms take their long form's label and concept.

1. Definitions found by scispaCy's ``AbbreviationDetector`` (Schwartz & Hearst 2003):
   when the long form ("systemic lupus erythematosus") is an entity, every occurrence of
   the short form ("SLE") in the document becomes an entity with the same label/concept.
2. Undefined common abbreviations from ``abbreviations.tsv`` (CT, MRI, SLE, RA ...), used
   only when the document does not define the short form otherwise and, for ambiguous
   ones, when a guard word occurs in the document (RA needs "rheumatoid").
3. Undefined initialisms of a DISEASE/TREATMENT name the same document spells out ("AVF"
   after "arteriovenous fistula"; :mod:`rheumex.pipelines.initialisms`).
Existing entities are never overwritten; short forms inside skipped sections are ignored. An
undefined short form in a list of authors' initials, or one that an abbreviation glossary defines
as something else ("CSA, cross-sectional area;"), is no mention: a glossary's redefinition also
removes the lexicon's reading of that short form everywhere in the document.
"""
from __future__ import annotations

import re
from importlib import resources

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from rheumex.pipelines import extensions  # noqa: F401
from rheumex.pipelines.initialisms import SHORT_FORM, in_capitals_line, initialism_table, short_form_key
from rheumex.pipelines.selective_parse import sentence_table
from rheumex.pipelines.syntax import data_words


# words that, between the start of a long form and an entity ending it, make the entity a part of
# a longer phrase (a prepositional object), so the short form does not name the entity
#: a plain lower-case word (or hyphenated words) that may open a named form of a short form's long form
COURSE_WORD = re.compile(r"[A-Za-z][a-z]+(?:-[a-z]+)*")
LONG_FORM_LINKS = frozenset({"of", "in", "to", "per", "for", "with", "by", "from", "on", "at", "after", "versus", "vs"})


def _upper_lines(name: str) -> frozenset[str]:
    """The upper-case lines of a one-item-a-line list in ``pipelines/data/`` (``#`` lines are the header)."""
    return frozenset(w.upper() for w in data_words(name))


def load_abbreviations(name: str = "abbreviations.tsv") -> dict[str, list[dict]]:
    text = resources.files("rheumex.pipelines").joinpath("data", "sources", name).read_text(encoding="utf-8")
    table: dict[str, list[dict]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = (line.split("\t") + [""] * 5)[:5]
        abbr, label, cid, cname, req = parts
        table.setdefault(abbr, []).append({"label": label, "concept_id": cid or None, "concept_name": cname or None,
                                           "requires": [w for w in req.split("|") if w]})
    return table


class AbbreviationResolver:
    def __init__(self, table: dict[str, list[dict]], skip_section_kinds: list[str], nlp: Language | None = None) -> None:
        self.table = table
        self.nlp = nlp
        self.skip = set(skip_section_kinds)
        self._disease_keys = {abbr for abbr, cands in table.items() if any(c["label"] == "DISEASE" for c in cands)}

    @property
    def resolver(self):
        """The entity resolver of the same pipeline (for its name-extension rules), if any."""
        if self.nlp is not None and "rheumex_entity_resolver" in self.nlp.pipe_names:
            return self.nlp.get_pipe("rheumex_entity_resolver")
        return None

    def _lexicon_name(self, text: str) -> bool:
        """Whether the lexicons (and word-form rules) know ``text`` as one DISEASE name."""
        cache = self.__dict__.setdefault("_name_cache", {})
        hit = cache.get(text)
        if hit is None:
            mini = self.nlp.make_doc(text)
            for name in ("rheumex_token_repair", "rheumex_normalizer", "rheumex_lexicon", "rheumex_morphology"):
                if name in self.nlp.pipe_names:
                    mini = self.nlp.get_pipe(name)(mini)
            key = getattr(self.resolver, "candidates_key", "rheumex_candidates")
            hit = any(sp.label_ == "DISEASE" and sp.start == 0 and sp.end == len(mini) for sp in mini.spans.get(key, []))
            if len(cache) < 50_000:
                cache[text] = hit
        return hit

    def _named_course_start(self, doc: Doc, start: int, long_text: str, occupied: set[int]) -> int:
        """A short form keeps the words before it that its long form takes in a known name:
        "secondary progressive MS" because "secondary progressive multiple sclerosis" is one
        DISEASE name of the lexicons, "relapsing-remitting MS" likewise (the gold labels the
        full name whole; the name rules leave course words such as "progressive" out, as in
        "progressive infection"). Up to three plain words right before the short form, the first
        of them no word of ``name_qualitative_words.txt`` ("mild HPA" stays "HPA": NCBI-disease train)."""
        words: list[int] = []
        j = start
        while (len(words) < 3 and j - 1 >= 0 and j - 1 not in occupied and "\n" not in doc[j - 1].whitespace_
               and COURSE_WORD.fullmatch(doc[j - 1].text)):
            j -= 1
            words.insert(0, j)
        from rheumex.pipelines.syntax import data_words

        qualitative = data_words("name_qualitative_words.txt")
        for k in range(len(words), 0, -1):
            if doc[words[-k]].lower_ in qualitative:
                continue  # "mild HPA": severity and course words alone open no name ("progressive" only after "secondary")
            phrase = " ".join(doc[i].text for i in words[-k:]) + " " + long_text
            if self._lexicon_name(phrase):
                return start - k
        return start

    def syntax_sentences(self, doc: Doc) -> list[tuple[int, int]]:
        """The sentences (token start, end) holding a possible short-form occurrence, for
        ``rheumex_selective_parse``: a DISEASE name found this way is extended with the
        resolver's name rules, which read the parse. Candidates (before the long forms are
        known to be entities): the short forms the detector found, the DISEASE short forms of
        the table, and capitalised words in brackets ("(SJS;", "(DM)"); skipped sections excluded."""
        if not len(doc) or self.resolver is None:
            return []
        orth = doc.to_array(ORTH).tolist()
        strings = doc.vocab.strings
        words = [strings[h] for h in orth]
        wanted = set(self._disease_keys)
        for short in getattr(doc._, "abbreviations", []) or []:
            text = doc[short["short_start"]:short["short_end"]].text if isinstance(short, dict) else short.text
            if any(ch.isupper() for ch in text):  # as in __call__: "(arrow)" is no short form
                wanted.add(text)
        for i in range(1, len(words) - 1):
            if words[i - 1] == "(" and words[i + 1] in (")", ";", ",") and sum(ch.isupper() for ch in words[i]) >= 2:
                wanted.add(words[i])
        starts, ends, sent_of = sentence_table(doc)
        need = set()
        for i, w in enumerate(words):
            if w in wanted and sent_of[i] not in need and not self._skipped(doc, doc[i].idx):
                need.add(sent_of[i])
        return [(starts[s], ends[s]) for s in sorted(need)]

    def _skipped(self, doc: Doc, start_char: int) -> bool:
        for s, e, _n, kind in doc._.sections or ():
            if s <= start_char < e:
                return kind in self.skip
        return False

    @staticmethod
    def _inner_acronym_short_forms(doc: Doc, ents: list[Span], defined: dict) -> list[tuple[str, Span]]:
        """The acronym inside a spelled-out acronym name ("calcinosis, Raynaud's phenomenon,
        esophageal dysmotility, sclerodactyly and telangiectasia (CREST) syndrome", one DISEASE by
        the resolver's acronym rule) is that name's short form: a later bare "CREST" is the syndrome."""
        out = []
        for e in ents:
            if e.label_ != "DISEASE" or len(e) < 5 or e[-1].lower_ not in ("syndrome", "disease"):
                continue
            if e[-4].text != "(" or e[-2].text != ")":
                continue
            short = e[-3].text
            if short in defined or not (short.isupper() and short.isalpha() and 3 <= len(short) <= 8):
                continue
            out.append((short, e))
        return out

    @staticmethod
    def _bracketed_disease_short_forms(doc: Doc, ents: list[Span], defined: dict) -> list[tuple[str, Span]]:
        """Definitions the Schwartz-Hearst detector misses, for DISEASE names only: a capitalised
        short form in brackets straight after a DISEASE entity, alone or first in a bracketed
        list ("Schwartz-Jampel syndrome (SJS; chondrodystrophic myotonia; ...)"), whose letters
        are initials of the name's words in any order ("Myotonic dystrophy (DM)", from the Latin
        "dystrophia myotonica"). Each letter of the short form must start a word (or a
        hyphen-joined part) of the name, and the name must give at least as many initials."""
        out = []
        for e in ents:
            if e.label_ != "DISEASE" or e.end + 2 >= len(doc) or doc[e.end].text != "(":
                continue
            short = doc[e.end + 1]
            if short.text in defined or doc[e.end + 2].text not in (")", ";", ","):
                continue
            letters = re.sub(r"[0-9-]", "", short.text)
            if not (2 <= len(letters) <= 6 and letters.isalpha() and sum(ch.isupper() for ch in letters) >= 2):
                continue
            initials = [w[0].upper() for w in re.split(r"[\s-]+", e.text) if w[:1].isalpha()]
            pool = list(initials)
            ok = len(initials) >= len(letters)
            for ch in letters.upper():
                if ch in pool:
                    pool.remove(ch)
                else:
                    ok = False
                    break
            if ok:
                out.append((short.text, e))
        return out

    @staticmethod
    def _bracketed_treatment_short_forms(doc: Doc, ents: list[Span], defined: dict) -> list[tuple[str, Span]]:
        """Definitions the Schwartz-Hearst detector misses, for TREATMENT names: a short form in
        brackets straight after a TREATMENT entity whose letters do not spell the name, because
        drug short forms come from an older or chemical name or from element symbols
        ("zidovudine (AZT)" from azidothymidine, "sodium phosphate (NaP)": BC5CDR training
        abstracts; unlabelled PMC4736012). The short form is one token of 2-6 letters (digits
        and hyphens aside) with at least two capitals, closed by ")", ";" or ","; route and
        frequency abbreviations ("(PO)", "(IV)": data/treatment_route_abbreviations.txt) are none."""
        routes = _upper_lines("treatment_route_abbreviations.txt")
        out = []
        for e in ents:
            if e.label_ != "TREATMENT" or e.end + 2 >= len(doc) or doc[e.end].text != "(":
                continue
            short = doc[e.end + 1]
            if short.text in defined or doc[e.end + 2].text not in (")", ";", ",") or short.text.upper() in routes:
                continue
            letters = re.sub(r"[0-9-]", "", short.text)
            if 2 <= len(letters) <= 6 and letters.isalpha() and sum(ch.isupper() for ch in letters) >= 2:
                out.append((short.text, e))
        return out

    @staticmethod
    def _therapy_long_form(doc: Doc, long_form: Span, ents: list[Span]) -> Span | None:
        """The TREATMENT entity inside a long form that names a therapy by its head noun
        ("continuous subcutaneous insulin infusion (CSII)", "multi-daily insulin injections
        therapy (MDI)": unlabelled PMC4678086; "hormone replacement therapy (HRT)"): the long form
        ends in a head of data/treatment_therapy_heads.txt and holds a TREATMENT entity, so the
        short form names a therapy. None when it does not, or when a linking word ("of", "for" ...)
        stands between the entity and the head ("the dose of insulin per infusion (DI)")."""
        if long_form[-1].lower_ not in data_words("treatment_therapy_heads.txt"):
            return None
        inner = [e for e in ents if e.label_ == "TREATMENT" and long_form.start <= e.start and e.end < long_form.end]
        if not inner:
            return None
        ent = inner[-1]
        if any(t.lower_ in LONG_FORM_LINKS or t.is_punct for t in doc[ent.end:long_form.end]):
            return None
        return ent

    @staticmethod
    def _glossary_redefined_ents(doc: Doc, ents: list[Span]) -> tuple[list[Span], set[str]]:
        """A one-token entity in capitals that an abbreviation glossary defines as something else
        ("CSA, cross-sectional area; DXA, dual-energy X-ray absorptiometry;" in a table footnote:
        "CSA" is no cyclosporine there) is dropped, with every other occurrence of that short form
        in the document. Returns the entities kept and the redefined short forms."""
        from rheumex.pipelines.imaging_phrases import glossary_redefined

        by_label: dict[str, set[int]] = {}
        for e in ents:
            by_label.setdefault(e.label_, set()).update(range(e.start, e.end))
        redefined = {e.text for e in ents if len(e) == 1 and e.text.isupper() and len(e.text) >= 2
                     and not str(e._.source or "").startswith("abbreviation:")
                     and glossary_redefined(doc, e.start, by_label.get(e.label_, set()) - {e.start})}
        if not redefined:
            return ents, redefined
        return [e for e in ents if not (len(e) == 1 and e.text in redefined)], redefined

    def __call__(self, doc: Doc) -> Doc:
        ents, redefined = self._glossary_redefined_ents(doc, list(doc.ents))
        if len(ents) != len(doc.ents):
            doc.ents = ents
        routes = _upper_lines("treatment_route_abbreviations.txt")
        by_range = {(e.start_char, e.end_char): e for e in ents}
        changed = False  # a DISEASE grown to its defined long form
        defined: dict[str, dict | None] = {}
        for short in getattr(doc._, "abbreviations", []) or []:
            if isinstance(short, dict):  # AbbreviationDetector(make_serializable=True)
                long_form = doc[short["long_start"] : short["long_end"]]
                short = doc[short["short_start"] : short["short_end"]]
            else:
                long_form = short._.long_form
            if long_form is None or not any(ch.isupper() for ch in short.text):
                continue  # "(arrow)", "(asterisk)": a lower-case word in brackets is no short form
            while len(long_form) > 1 and long_form[-1].is_space:  # "thyroglossal  duct  cyst  (TDC)"
                long_form = long_form[:-1]
            ent = by_range.get((long_form.start_char, long_form.end_char))
            if ent is None:  # the long form may carry a determiner, or the entity a modifier it lacks
                ent = next((e for e in ents if e.end_char == long_form.end_char and e.start_char < long_form.end_char), None)
                if ent is not None and ent.start > long_form.start and any(
                        t.lower_ in LONG_FORM_LINKS for t in doc[long_form.start:ent.start]):
                    # "the reduction of blood glucose/per unit of insulin (RBG/RI)": the entity is the
                    # object inside a longer phrase, which the short form names as a whole
                    ent = None
                if ent is not None and ent.start > long_form.start:
                    grown = self._defined_name(doc, long_form, ent, ents)
                    if grown is not None:  # "immune mediated necrotizing myopathy (IMNM)": the paper's name, whole
                        ents[ents.index(ent)] = grown
                        by_range[(grown.start_char, grown.end_char)] = grown
                        ent = grown
                        changed = True
            if ent is None:  # the long form inside a longer study name: "magnetic resonance imaging (MRI) scan of the elbow"
                ent = next((e for e in ents if e.label_ == "IMAGING" and e.start == long_form.start
                            and e.end > short.end and e.start_char < short.start_char), None)
            if ent is None:
                ent = self._therapy_long_form(doc, long_form, ents)
            if ent is not None and ent.label_ == "TREATMENT" and short.text.upper() in routes:
                ent = None  # "prednisone (PO)": the route, no short form of the drug
            defined[short.text] = (
                {"label": ent.label_, "concept_id": ent._.concept_id, "concept_name": ent._.concept_name,
                 "source": f"abbreviation:{ent._.source}", "long_text": ent.text} if ent is not None else None
            )
        for short, ent in (self._bracketed_disease_short_forms(doc, ents, defined)
                           + self._inner_acronym_short_forms(doc, ents, defined)
                           + self._bracketed_treatment_short_forms(doc, ents, defined)):
            defined[short] = {"label": ent.label_, "concept_id": ent._.concept_id, "concept_name": ent._.concept_name,
                              "source": f"abbreviation:{ent._.source}"}
        lower = extensions.doc_text(doc).lower()
        new: list[tuple[Span, dict]] = []
        occupied = set()
        for e in ents:
            occupied.update(range(e.start, e.end))
        wanted = set(defined) | set(self.table)
        orth = doc.to_array(ORTH).tolist() if len(doc) else []
        strings = doc.vocab.strings
        words = [strings[h] for h in orth]
        keys = {i: short_form_key(w) for i, w in enumerate(words) if w not in wanted and SHORT_FORM.fullmatch(w)}
        keys = {i: k for i, k in keys.items() if k is not None and k not in defined}
        spelled = initialism_table(ents, set(keys.values())) if keys else {}  # 3. undefined initialisms (pipelines/initialisms.py)
        hits = [i for i, w in enumerate(words) if w in wanted or keys.get(i) in spelled]
        for tok in (doc[i] for i in hits):
            text = tok.text
            info = None
            if text in defined:
                info = defined[text]
            elif text in self.table:
                for cand in self.table[text]:
                    if not cand["requires"] or any(w in lower for w in cand["requires"]):
                        info = dict(cand, source="abbreviation:abbreviations.tsv")
                        break
            elif (keys.get(tok.i) in spelled and not in_capitals_line(doc, tok.i)
                  and not (tok.i + 1 < len(doc) and doc[tok.i + 1].text == ":")):  # "GB: gallbladder", a legend's glossary
                long_form = spelled[keys[tok.i]]
                info = {"label": long_form.label_, "concept_id": long_form._.concept_id,
                        "concept_name": long_form._.concept_name, "source": "abbreviation:initialism"}
            if info is None or tok.i in occupied or self._skipped(doc, tok.idx) or text in redefined:
                continue
            if text == "US" and text not in defined and tok.i >= 2 and doc[tok.i - 1].lower_ == "the" \
                    and doc[tok.i - 2].lower_ in ("in", "of", "across", "throughout", "outside"):
                continue  # "In the US, ...": the country, not ultrasound
            if text not in defined:
                from rheumex.pipelines.imaging_phrases import glossary_redefined, in_initials_list

                if info["label"] == "IMAGING":
                    from rheumex.pipelines.resolver import imaging_words

                    known = imaging_words()
                else:  # the other short forms of the list are none the paper or the table knows
                    known = {w.lower() for w in wanted}
                if in_initials_list(doc, tok.i, known):
                    continue  # "(CT, MB, RO)", "(RD, CL, RB, LC, NF ...)": authors' initials
                if glossary_redefined(doc, tok.i, {i for e in ents if e.label_ == info["label"] for i in range(e.start, e.end)}):
                    continue  # "; CT, cognition training;": a glossary defines it otherwise

            span = Span(doc, tok.i, tok.i + 1, label=info["label"], kb_id=info.get("concept_id") or "")
            new.append((span, info))
            occupied.add(tok.i)
        if new and self.resolver is not None:  # "paraneoplastic HO", "type I RTA": the name's own modifiers
            from rheumex.pipelines.resolver import Cand

            grown = []
            for span, info in new:
                if span.label_ in ("DISEASE", "TREATMENT"):
                    c = self.resolver._extend_name(doc, Cand(span.start, span.end, span.label_, "", ""), occupied - {span.start})
                    if span.label_ == "DISEASE" and info.get("long_text"):
                        c = Cand(self._named_course_start(doc, c.start, info["long_text"], occupied), c.end, c.label, "", "")
                    if (c.start, c.end) != (span.start, span.end):
                        occupied.update(range(c.start, c.end))
                        span = Span(doc, c.start, c.end, label=span.label_, kb_id=span.kb_id_)
                grown.append((span, info))
            new = grown
        if new and self.resolver is not None:  # GUIDELINES 8.5: "SLE Disease Activity Index" names an instrument
            from rheumex.pipelines.resolver import Cand

            new = [(sp, info) for sp, info in new if not (sp.label_ == "DISEASE" and self.resolver._names_an_instrument(
                doc, Cand(sp.start, sp.end, sp.label_, "", "")))]
        if new:
            new += self._short_forms_of_new_long_forms(doc, new, defined, occupied)
            for span, info in new:
                span._.concept_id = info.get("concept_id")
                span._.concept_name = info.get("concept_name")
                span._.source = info.get("source")
            doc.ents = filter_spans(ents + [s for s, _ in new])
        elif changed:
            doc.ents = ents
        return doc

    def _short_forms_of_new_long_forms(self, doc: Doc, new: list[tuple[Span, dict]], defined: dict,
                                       occupied: set[int]) -> list[tuple[Span, dict]]:
        """A short form whose long form became a mention only in this component ("Neuropsychiatric SLE
        (NPSLE)": "SLE" from the table, grown by its modifier) names that mention at every occurrence
        (session 24: "NPSLE" was lost, the definition had found no mention when it was read)."""
        by_range = {(sp.start, sp.end): (sp, info) for sp, info in new}
        out = []
        for short in getattr(doc._, "abbreviations", []) or []:
            if not isinstance(short, dict):
                short = {"short_text": short.text, "long_start": short._.long_form.start, "long_end": short._.long_form.end}
            text = short["short_text"]
            if defined.get(text) is not None or not any(ch.isupper() for ch in text):
                continue
            hit = by_range.get((short["long_start"], short["long_end"]))
            if hit is None or hit[0].label_ != "DISEASE":
                continue
            info = dict(hit[1], source=f"abbreviation:{hit[1].get('source')}")
            defined[text] = info
            for tok in doc:
                if tok.text == text and tok.i not in occupied and not self._skipped(doc, tok.idx):
                    out.append((Span(doc, tok.i, tok.i + 1, label=hit[0].label_, kb_id=hit[0].kb_id_), info))
                    occupied.add(tok.i)
        return out

    @staticmethod
    def _defined_name(doc: Doc, long_form: Span, ent: Span, ents: list[Span]) -> Span | None:
        """The DISEASE ``ent`` grown leftwards over the rest of the long form a definition gives it
        ("immune mediated necrotizing myopathy (IMNM)", "non specific interstitial pneumonia (NSIP)":
        labels.md, take the longer name; session 24), or None. Only plain words are taken, none a
        severity, course or laterality word (``name_qualitative_words.txt``), a stop word or a
        word of another mention; a leading determiner stays out."""
        if ent.label_ != "DISEASE":
            return None
        start = long_form.start
        while start < ent.start and doc[start].lower_ in ("a", "an", "the"):
            start += 1
        if start >= ent.start:
            return None
        qualitative = data_words("name_qualitative_words.txt")
        others = {i for e in ents if e is not ent for i in range(e.start, e.end)}
        for t in doc[start:ent.start]:
            if (t.i in others or not COURSE_WORD.fullmatch(t.text) or t.lower_ in qualitative
                    or (t.is_stop and t.lower_ != "non") or t.lower_ in ("left", "right", "bilateral", "unilateral")
                    or "\n" in t.whitespace_):
                return None
        grown = Span(doc, start, ent.end, label=ent.label_, kb_id=ent.kb_id_)
        grown._.concept_id = ent._.concept_id
        grown._.concept_name = ent._.concept_name
        grown._.source = ent._.source
        return grown


@Language.factory("rheumex_abbreviations", assigns=["doc.ents"], requires=["doc.ents"],
                  default_config={"table": "abbreviations.tsv", "skip_section_kinds": ["references", "other", "back"]})
def make_abbreviations(nlp: Language, name: str, table: str, skip_section_kinds: list[str]) -> AbbreviationResolver:
    """Propagate abbreviation labels; see module docstring."""
    return AbbreviationResolver(load_abbreviations(table), skip_section_kinds, nlp)
