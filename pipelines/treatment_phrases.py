"""TREATMENT candidates built from a head word and its neighbour (no parse needed).

Eight rules, each for a class of names that no lexicon lists one by one
(``corpora/labels.md`` TREATMENT: "a procedure or therapy", a drug class; GUIDELINES 3):

- *therapy heads*: a therapy-kind word before a generic head of
  ``data/treatment_therapy_heads.txt`` is one name ("antimicrobial therapy", "radiation
  treatment", "alkylating agents", "conservative management"); the kind words are in
  ``data/treatment_kind_words.txt``. A TREATMENT candidate right before the kind word joins
  it ("steroid sparing agent"). The bare head ("therapy", "treatment") and a qualitative word
  before it ("standard therapy") stay unlabelled, and so does a specific drug before
  "therapy": "Augmentin therapy" stays "Augmentin" (the lexicon match). A kind may be written
  open ("lipid lowering drugs" for "lipid-lowering", the listed "immune suppressive"), and kinds
  coordinated before one head share it when the first conjunct is no treatment name of its own
  ("immunosuppressive and immune modulatory therapy"; "steroid and immunosuppressive therapy"
  stays two). A generic procedure noun of ``data/treatment_procedure_heads.txt`` ("procedure",
  "approach") is a name only after a procedural kind of ``data/treatment_procedure_kinds.txt``
  ("percutaneous procedures", "surgical approach", "dental procedure"), which also make names
  with the therapy heads ("percutaneous interventions", "endovascular treatment").
- *exercise therapies*: an exercise-kind word of ``data/treatment_exercise_kinds.txt`` before a head of
  ``data/treatment_exercise_heads.txt`` ("resistance exercise training", "strength training",
  "aerobic exercise"); kept apart from the therapy heads ("insulin resistance treatment" is none).
- *procedure on its object*: a procedure noun of ``data/treatment_procedure_nouns.txt`` right
  after the disease, lesion, device or anatomy it acts on is one name with it ("inguinal hernia
  repair", "tumor resection", "stone removal", "stent removal", "patella resurfacing"); a vaccine
  noun also after the symbol of its pathogen or product ("HPV vaccine", "BCG vaccination").
- *eponymous procedures*: a capitalised name before "procedure"/"operation" or a one-word
  operation name ("Whipple's procedure", "Sistrunk procedure", "WHIPPLE PROCEDURE", "Kasai
  portoenterostomy"); never a research or statistical method
  of ``data/treatment_eponym_methods.txt`` ("Delphi procedure", "Bonferroni procedure").
- *therapeutic devices*: a brand, material or treatment before a device noun of
  ``data/treatment_device_heads.txt`` ("Essure device", "tubal inserts", "sterilization
  device"; labels.md v2: devices presented as therapy), never before a disease word ("graft
  infection").
- *brand beside its generic*: a capitalised word in parentheses right after a drug name, or a
  capitalised word right before a drug name in parentheses, is the drug's brand ("pentoxifylline
  (Trental)", "Triniol (paramethasone)"; labels.md: "a drug (generic or brand name)") when the
  paper never writes it in lower case, it is no abbreviation (all capitals: left to the
  abbreviation component) and no other candidate covers it. It takes the generic's concept; the
  document memory then finds the brand's other mentions.
- *target classes*: a target symbol or an "anti-<target>" word before a class head of
  ``data/treatment_class_heads.txt`` is a drug class ("SGLT2 inhibitor", "PD-1 inhibitors",
  "anti-TNF agents"); a symbol is a token with capitals and a digit or a Greek letter, or
  capitals only (at least two), on one line with the head.

- *coordinated therapies*: a word of ``data/treatment_coordinated_words.txt`` ("radiation") is a
  TREATMENT coordinated with one ("surgical removal and radiation") or after a therapy-kind word
  ("adjuvant radiation"); alone it names an exposure ("ionizing radiation").

And one filter, ``not_given_as_therapy``: a drug name right after the isotope of an imaging
tracer (``data/treatment_diagnostic_isotopes.txt``: "technetium-99m methylene diphosphonate") is
the tracer, a drug name right before a test or physiology noun (``data/treatment_test_nouns.txt``:
"dexamethasone suppression test", "insulin secretion") is a test agent or a body substance, a drug
name right after a molar concentration (``data/treatment_reagent_units.txt``: "108 mM NaCl") is a
laboratory reagent, a
procedure right after "diagnostic" ("diagnostic laparoscopy") is a diagnostic procedure, and a
procedure noun that also names the place it made (``data/treatment_place_procedures.txt``) after
a locative preposition and a determiner is that place ("at the jejunojejunal anastomosis") (labels.md:
none is TREATMENT).

The resolver adds these candidates to the lexicon's (``EntityResolver._resolve``); the longest
span wins there, so "inguinal hernia repair" replaces the DISEASE "inguinal hernia".
"""
from __future__ import annotations

import functools

import re
from typing import Protocol

import numpy
from spacy.attrs import ORTH
from spacy.tokens import Doc

from rheumex.pipelines.syntax import data_words

SOURCE_THERAPY = "rule:therapy_head"
SOURCE_EXERCISE = "rule:exercise_phrase"
SOURCE_OBJECT = "rule:object_procedure"
SOURCE_EPONYM = "rule:eponym_procedure"
SOURCE_DEVICE = "rule:device_phrase"
SOURCE_BRAND = "rule:brand_beside_generic"
SOURCE_CLASS = "rule:target_class"
SOURCE_COORDINATED = "rule:coordinated_therapy"
SOURCE_SUPPORTIVE = "rule:supportive_agent"
SOURCE_DEFINITION = "rule:class_definition"
# a drug-class word by its prefix: "antimetabolite", "anti-hypertensive", "anti-TNF" (before a therapy head)
ANTI_KIND = re.compile(r"^anti-?[a-z0-9]{3,}$")
# a conjunction between two coordinated therapies ("surgery and/or radiation": "and", "/", "or")
CONJUNCTIONS = frozenset({"and", "or", ",", "/", "and/or", "&"})
# registration marks that may follow a brand inside the parentheses ("Aquamid®")
BRAND_MARKS = frozenset({"®", "™"})
# a drug candidate from one of these sources can name a brand beside it (the drug lexicons and
# the drug-stem word form; not procedures, devices or therapy phrases)
DRUG_SOURCES = ("drugbank", "corpus:bc5cdr", "curated:curated_treatments", "rule:morphology:drug", "fda-unii-brands")
# lexicon source of the imported brand names (build_lexicons.BRAND_SOURCE): kept only as proper names
BRAND_LEXICON_SOURCE = "fda-unii-brands"
EPONYM_PROCEDURE_HEADS = frozenset({"procedure", "operation"})
# one-word operation names an eponym can stand before ("Kasai portoenterostomy", "Hartmann colostomy")
EPONYM_OPERATION_WORD = re.compile(r"[a-z]{3,}(ectom(y|ies)|otom(y|ies)|ostom(y|ies)|plast(y|ies)|pex(y|ies)|rrhaph(y|ies))")
POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
# an object of a procedure is at most this many tokens (the lexicon match or an anatomy run)
MAX_OBJECT_TOKENS = 4
# after anatomy these name a finding, not a procedure: "ductal dilatation", "renal pelvic
# dilatation" are DISEASE; only a lesion is dilated as treatment ("stricture dilatation")
LESION_ONLY_NOUNS = frozenset({"dilatation", "dilation"})


class _Candidate(Protocol):
    start: int
    end: int
    label: str


def _joined(doc: Doc, i: int) -> bool:
    """Token ``i`` and token ``i + 1`` are on one line (no line break or blank token between)."""
    t = doc[i]
    return not ("\n" in t.whitespace_ or t.is_space)


def _kind_start(doc: Doc, lower: list[str], end: int, kinds: frozenset[str]) -> int:
    """Where the run of therapy-kind words ending before token ``end`` begins (``end`` when there
    is none): at most three kinds, each one word ("antimicrobial") or two words written open
    whose spaced or hyphenated form is listed ("immune suppressive", "lipid lowering" for
    "lipid-lowering"), all on one line. Any "anti-" word is a kind, closed or hyphenated
    ("antimetabolite therapy", "anti-hypertensive drugs", "anti-TNF therapy")."""
    start, n = end, 0
    while start > 0 and n < 3:
        two = start >= 2 and _joined(doc, start - 2) and _joined(doc, start - 1) and (
            f"{lower[start - 2]} {lower[start - 1]}" in kinds or f"{lower[start - 2]}-{lower[start - 1]}" in kinds)
        if two:
            start -= 2
        elif (lower[start - 1] in kinds or ANTI_KIND.match(lower[start - 1])) and _joined(doc, start - 1):
            start -= 1
        else:
            break
        n += 1
    return start


def therapy_phrases(doc: Doc, cands: list[_Candidate], lower: list[str]) -> list[tuple[int, int]]:
    """(start, end) token spans "<kind word>+ <therapy head>" (see the module docstring)."""
    heads = data_words("treatment_therapy_heads.txt")
    kinds = data_words("treatment_kind_words.txt")
    procedure_heads = data_words("treatment_procedure_heads.txt")
    procedure_kinds = data_words("treatment_procedure_kinds.txt")
    any_kind = kinds | procedure_kinds
    treatment_end = {c.end: c.start for c in cands if c.label == "TREATMENT"}
    covered = {k for c in cands if c.label == "TREATMENT" for k in range(c.start, c.end)}
    covered |= {s for s, _e in class_plurals(doc, lower)}  # "anti-inflammatories and prokinetic agents": two names
    out = []
    for i, w in enumerate(lower):
        if i == 0 or (w not in heads and w not in procedure_heads):
            continue
        # a generic procedure noun only after a procedural kind ("percutaneous procedures")
        start = _kind_start(doc, lower, i, any_kind if w in heads else procedure_kinds)
        if start == i:
            continue
        # "steroid sparing agent", "steroid-sparing agents": a treatment name before the kind word
        j = start - 1 if start > 0 and lower[start - 1] == "-" and not doc[start - 1].whitespace_ else start
        if j in treatment_end and _joined(doc, j - 1):
            start = treatment_end[j]
        # coordinated kinds sharing the head ("immunosuppressive and immune modulatory therapy",
        # "biological and immunosuppressive therapy"): one name when the first conjunct is kind
        # words only, no treatment name of its own ("glucocorticoids and cytotoxic therapy" stays two)
        if start > 1 and lower[start - 1] in ("and", "or", "and/or") and _joined(doc, start - 2) and _joined(doc, start - 1):
            first = _kind_start(doc, lower, start - 1, kinds)
            if first < start - 1 and not any(k in covered for k in range(first, start - 1)):
                start = first
        out.append((start, i + 1))
    return out


def exercise_phrases(doc: Doc, lower: list[str]) -> list[tuple[int, int]]:
    """(start, end) token spans "<exercise kind>+ <exercise head>" ("resistance exercise training",
    "strength training", "aerobic exercise"): kinds of ``data/treatment_exercise_kinds.txt`` before a
    head of ``data/treatment_exercise_heads.txt``; the bare head stays unlabelled, and so does an
    exercise test ("exercise tolerance test": a diagnostic procedure)."""
    heads = data_words("treatment_exercise_heads.txt")
    kinds = data_words("treatment_exercise_kinds.txt")
    out = []
    for i, w in enumerate(lower):
        if w not in heads or i == 0:
            continue
        start = i
        while start > 0 and lower[start - 1] in kinds and lower[start - 1] != w and _joined(doc, start - 1) and i - start < 3:
            start -= 1
        if start < i and not _test_agent(doc, i + 1):
            out.append((start, i + 1))
    return out


def object_procedures(doc: Doc, cands: list[_Candidate], lower: list[str], anatomy_words: set[str]) -> list[tuple[int, int]]:
    """(start, end) token spans "<disease|lesion|device|anatomy> <procedure noun>", and "<kind>
    <procedure noun>" without an object ("endoscopic removal", "in situ reconstruction"; kinds of
    ``data/treatment_procedure_noun_kinds.txt``, more nouns in ``data/treatment_kind_procedure_nouns.txt``)."""
    nouns = data_words("treatment_procedure_nouns.txt")
    kind_nouns = nouns | data_words("treatment_kind_procedure_nouns.txt")
    kinds = data_words("treatment_procedure_noun_kinds.txt")
    object_only = data_words("treatment_object_only_nouns.txt")
    lesion_end: dict[int, int] = {}  # disease, lesion or device candidates by end
    anatomy_end: dict[int, int] = {}
    for c in cands:
        if c.label in ("DISEASE", "TREATMENT", "ANATOMY") and c.end - c.start <= MAX_OBJECT_TOKENS:
            ends = anatomy_end if c.label == "ANATOMY" else lesion_end
            ends[c.end] = min(ends.get(c.end, c.start), c.start)
    out = []
    for i, w in enumerate(lower):
        if w not in kind_nouns or i == 0 or not _joined(doc, i - 1):
            continue
        kind_start = i if w in object_only else _kind_start(doc, lower, i, kinds)
        if w not in nouns:
            if kind_start < i:
                out.append((kind_start, i + 1))
            continue
        start = lesion_end.get(i)
        if start is None and w not in LESION_ONLY_NOUNS:
            start = anatomy_end.get(i)
        if start is None and w not in LESION_ONLY_NOUNS:
            start = i
            while start > 0 and i - start < MAX_OBJECT_TOKENS and doc[start - 1].norm_ in anatomy_words \
                    and doc[start - 1].is_alpha and _joined(doc, start - 1):
                start -= 1
        if start == i and w.startswith("vaccin") and _target_symbol(doc[i - 1].text) and "-" not in doc[i - 1].text:
            start = i - 1  # a vaccine named by its pathogen's or product's symbol: "HPV vaccine", "BCG vaccination"
            start = lesion_end.get(start, start)  # after the disease it prevents: "rabies HDCV vaccine"
        if start is not None and start < i and not any(doc[k].is_punct for k in range(start, i)):
            out.append((_kind_start(doc, lower, start, kinds), i + 1))  # "in situ graft replacement"
        elif kind_start < i:
            out.append((kind_start, i + 1))
    return out


def eponym_procedures(doc: Doc, lower: list[str], lower_set: set[str]) -> list[tuple[int, int]]:
    """(start, end) token spans "<Name>('s) procedure|operation|<-ectomy/-ostomy/-plasty word>" for a
    capitalised name that the paper never writes in lower case ("Whipple's procedure", "Sistrunk
    procedure", "Kasai portoenterostomy")."""
    methods = data_words("treatment_eponym_methods.txt")
    out = []
    for i, w in enumerate(lower):
        if i == 0 or (w not in EPONYM_PROCEDURE_HEADS and not EPONYM_OPERATION_WORD.fullmatch(w)):
            continue
        j = i - 1
        while j > 0 and doc[j].is_space and "\n" not in doc[j].text:
            j -= 1  # "Sistrunk  procedure": a doubled space
        possessive = doc[j].text in POSSESSIVE and j > 0 and not doc[j - 1].whitespace_
        k = j - 1 if possessive else j
        word = doc[k]
        if "\n" in word.whitespace_ or not word.is_alpha or len(word) < 3 or word.is_stop:
            continue
        if not word.text[:1].isupper() or word.lower_ in lower_set or word.lower_ in methods:
            continue
        if word.is_upper and not doc[i].is_upper:
            continue  # "ERCP procedure": an abbreviation, not a name
        if re.search(r"(al|ic|ive|ous|ary)$", word.lower_) and not possessive:
            continue  # "Surgical procedure" at a sentence start: an adjective, not a name
        if w not in EPONYM_PROCEDURE_HEADS and not possessive and (word.is_sent_start or k == 0):
            continue  # "Emergency laparotomy was done": any word is capitalised there
        out.append((k, i + 1))
    return out


def device_phrases(doc: Doc, cands: list[_Candidate], lower: list[str], lower_set: set[str]) -> list[tuple[int, int]]:
    """(start, end) token spans "<brand|material|treatment> <device noun>" ("Essure device",
    "sterilization device", "tubal inserts", "dacron graft"), unless a DISEASE candidate starts
    right after ("graft infection")."""
    heads = data_words("treatment_device_heads.txt")
    materials = data_words("treatment_device_materials.txt")
    treatment_end = {c.end: c.start for c in cands if c.label == "TREATMENT"}
    disease_start = {c.start for c in cands if c.label == "DISEASE"}
    out = []
    for i, w in enumerate(lower):
        if w not in heads or i == 0 or not _joined(doc, i - 1) or i + 1 in disease_start:
            continue
        prev = doc[i - 1]
        if i in treatment_end:
            start = treatment_end[i]
        elif lower[i - 1] in materials:
            start = i - 1
            while start > 0 and start > i - 3 and lower[start - 1] in materials and _joined(doc, start - 1):
                start -= 1  # "mechanical compression devices": listed words in a run
        elif (prev.is_alpha and len(prev) > 2 and prev.text[:1].isupper() and not prev.is_upper and not prev.is_stop
              and prev.lower_ not in lower_set and not prev.is_sent_start):
            start = i - 1  # a brand name: "Essure device"
        else:
            continue
        out.append((start, i + 1))
    return out


def _brand_word(doc: Doc, i: int, lower_set: set[str], covered: set[int]) -> bool:
    """Token ``i`` can be a brand name: a capitalised word of at least 4 letters (a hyphen inside
    is allowed: "Solu-Medrol" is tokenised whole), without two capitals in a row (an
    abbreviation), no stop word, not covered by another candidate, and never written in lower
    case in the paper."""
    t = doc[i]
    word = t.text.replace("-", "")
    # two capitals in a row make an abbreviation, also in the plural ("COCs", "NMBAs", "BChEs")
    return (word.isalpha() and len(word) >= 4 and t.text[:1].isupper() and not re.search(r"[A-Z]{2}", t.text)
            and not t.is_stop and i not in covered and t.lower_ not in lower_set)


def brand_beside_generic(doc: Doc, cands: list[_Candidate], lower_set: set[str]) -> list[tuple[int, int, int]]:
    """(start, end, generic index in ``cands``) token spans of brand names beside their generic:
    "<drug> (<Brand>[®])" and "<Brand>[®] (<drug>)" (see the module docstring)."""
    drugs = {}
    for k, c in enumerate(cands):
        if c.label == "TREATMENT" and str(getattr(c, "source", "")).startswith(DRUG_SOURCES):
            drugs.setdefault((c.start, c.end), k)
    salts = data_words("treatment_salt_words.txt")
    by_end = {e: (s, k) for (s, e), k in drugs.items()}
    # "amoxicillin/clavulanate potassium (Augmentin)": the brand follows the salt word
    by_end.update({e + 1: v for e, v in list(by_end.items()) if e < len(doc) and doc[e].lower_ in salts})
    by_start = {s: (e, k) for (s, e), k in drugs.items()}
    covered = {i for c in cands for i in range(c.start, c.end)}
    n = len(doc)
    out = []
    # the "(" tokens, from the ORTH column (a Token object per token was most of this function's time)
    opens = numpy.flatnonzero(doc.to_array(ORTH) == doc.vocab.strings.add("(")).tolist() if n else []
    for i in opens:
        if i + 2 >= n:
            continue
        j = i + 1  # first token inside the parentheses
        close = j + 1 + (j + 1 < n and doc[j + 1].text in BRAND_MARKS)
        # "<drug> (<Brand>)"
        if i in by_end and close < n and doc[close].text == ")" and _brand_word(doc, j, lower_set, covered):
            out.append((j, j + 1, by_end[i][1]))
            continue
        # "<Brand> (<drug>)"
        if j in by_start and by_start[j][0] < n and doc[by_start[j][0]].text == ")" and i > 0:
            b = i - 1 - (doc[i - 1].text in BRAND_MARKS)
            if b >= 0 and not doc[b].is_sent_start and _brand_word(doc, b, lower_set, covered):
                out.append((b, b + 1, by_start[j][1]))
    return out


GREEK = re.compile(r"[α-ωΑ-Ω]")
# words after a class head that make it a laboratory measurement ("C1 esterase inhibitor levels")
MEASURED_AFTER = frozenset({"level", "levels", "activity", "concentration", "concentrations", "titer", "titers", "titre",
                            "titres", "assay", "deficiency", "antigen", "function"})
# capitalised words that are no target symbol before "inhibitors": "NO inhibitors" (nitric oxide
# is written so, but so is the word "no" in headings), "ALL", "AND"
SYMBOL_STOP = frozenset({"no", "all", "and", "or", "not", "the", "new"})
_SPELLED_GREEK = re.compile(r"^([A-Z][A-Za-z0-9-]*?[A-Z0-9])-?([a-z]+)$")


def _target_symbol(text: str) -> bool:
    """"SGLT2", "PD-1", "TNF-α", "IL-17A", "JAK": capitals (two or more) with digits, hyphens or a
    Greek letter; or an "anti-<target>" word ("anti-TNF", "anti-IL-6")."""
    if text.lower().startswith("anti-") and len(text) > 6:
        return _target_symbol(text[5:]) or text[5:].isalpha()
    # a Greek letter written out after the symbol: "TNF-alpha", "IL-1beta" (data/greek_letter_names.txt)
    m = _SPELLED_GREEK.match(text)
    if m and m.group(2).lower() in data_words("greek_letter_names.txt"):
        return _target_symbol(m.group(1))
    caps = sum(ch.isupper() for ch in text)
    return caps >= 2 and text.lower() not in SYMBOL_STOP and re.fullmatch(r"[A-Z0-9α-ωΑ-Ω-]+[a-z]?", text) is not None and text[0].isalpha()


def target_classes(doc: Doc, lower: list[str]) -> list[tuple[int, int]]:
    """(start, end) token spans "<target symbol> <class head>" (see the module docstring)."""
    heads = data_words("treatment_class_heads.txt")
    out = []
    for i, w in enumerate(lower):
        if w not in heads and "-" in w:
            # one token, symbol and head joined by a hyphen: "ACE-inhibitor", "TNF-inhibitors" (session 24)
            left, _, right = doc[i].text.rpartition("-")
            if (right.lower() in heads and right.lower() not in ("agents", "agent", "drugs", "antibody", "antibodies")
                    and _target_symbol(left) and not (i + 1 < len(lower) and lower[i + 1] in MEASURED_AFTER)):
                out.append((i, i + 1))
            continue
        if w not in heads or i == 0 or not _joined(doc, i - 1):
            continue
        prev = doc[i - 1].text
        if i + 1 < len(lower) and lower[i + 1] in MEASURED_AFTER:
            continue  # "C1 esterase inhibitor levels": a laboratory analyte
        if re.fullmatch(r"[IVX]+a?", prev) and i >= 2 and lower[i - 2] == "factor":
            continue  # "acquired factor VIII inhibitor": an autoantibody against a clotting factor
        generic_head = w in ("agents", "agent", "drugs", "antibody", "antibodies")
        if w in ("antibody", "antibodies") and doc[i - 1].lower_ != "monoclonal":
            continue  # "anti-dsDNA antibodies", "anti-Jo-1 antibody": autoantibodies, laboratory findings
        if prev.lower().startswith("anti-") and _target_symbol(prev):
            out.append((i - 1, i + 1))
        elif w in ("antibody", "antibodies") and doc[i - 1].lower_ == "monoclonal" and i >= 2 \
                and doc[i - 2].lower_.startswith("anti-") and _target_symbol(doc[i - 2].text) and _joined(doc, i - 2):
            out.append((i - 2, i + 1))  # "anti-CD20 monoclonal antibody"
        elif not generic_head and _target_symbol(prev):
            start = i - 1
            # "IL-6 receptor antagonist": a "receptor" between the symbol and the head
            out.append((start, i + 1))
        elif not generic_head and doc[i - 1].lower_ == "receptor" and i >= 2 and _target_symbol(doc[i - 2].text) \
                and _joined(doc, i - 2):
            out.append((i - 2, i + 1))
        elif not generic_head:
            start = _spelled_target_start(doc, lower, i)
            if start is not None:
                out.append((start, i + 1))
    return out


_ENZYME = re.compile(r"[a-z]{3,}ase(?:-?\d+[a-z]?)?")  # "oxidase", "phosphodiesterase-5", "kinase"
_INTERLEUKIN = re.compile(r"interleukin-?\d+[a-z]?")  # "interleukin-6", "interleukin-17a"
_NUMBER = re.compile(r"-?\d+[a-z]?")


def _spelled_target_start(doc: Doc, lower: list[str], head: int) -> int | None:
    """Start of a molecular target spelled out in words right before a class head (session 19,
    unlabelled web case reports): an enzyme with up to two words naming it ("xanthine oxidase
    inhibitors", "Janus kinase inhibitors", "phosphodiesterase-5 inhibitors"), an interleukin
    ("interleukin-6 receptor antagonists", "interleukin 1 receptor antagonist") or tumour necrosis
    factor ("tumour necrosis factor alpha inhibitors"); a "receptor" may stand before the head.
    None when there is no such target."""
    j = head - 1
    if j >= 0 and lower[j] == "receptor" and j > 0 and _joined(doc, j - 1):
        j -= 1
    if j >= 0 and (lower[j] in data_words("greek_letter_names.txt") or lower[j] in ("-alpha", "α", "-α")) and j > 0 \
            and _joined(doc, j - 1):
        j -= 1  # "factor alpha", "factor-alpha"
    if j < 0:
        return None
    w = lower[j]
    if _INTERLEUKIN.fullmatch(w):
        return j
    if _NUMBER.fullmatch(w) and j > 0 and _joined(doc, j - 1) and lower[j - 1] == "interleukin":
        return j - 1
    if w in ("factor", "factor-alpha", "factor-α") and j >= 2 and lower[j - 1] == "necrosis" \
            and lower[j - 2] in ("tumor", "tumour") and _joined(doc, j - 2) and _joined(doc, j - 1):
        return j - 2
    if _NUMBER.fullmatch(w) and j > 0 and _joined(doc, j - 1) and _ENZYME.fullmatch(lower[j - 1]):
        j -= 1  # "phosphodiesterase 5"
        w = lower[j]
    if not _ENZYME.fullmatch(w) or w in ("disease", "base", "release", "increase", "decrease", "phase", "case", "purchase"):
        return None
    start = j
    for _ in range(2):  # "xanthine oxidase", "dipeptidyl peptidase-4", "Janus kinase"
        k = start - 1
        if k < 0 or not _joined(doc, k) or not doc[k].is_alpha or doc[k].is_stop or len(doc[k].text) < 4:
            break
        if doc[k].pos_ in ("VERB", "AUX", "ADP", "DET", "PRON", "CCONJ") or doc[k].tag_[:2] in ("VB", "IN", "DT", "PR", "CC", "RB"):
            break
        if doc[k].lower_.endswith(("ed", "ing")) or doc[k].lower_ in ("given", "taken", "begun", "shown", "chosen"):
            break  # a participle ("given", "started") is no part of a target's name, tagged or not
        start = k
    return start


# the ending of a drug-class adjective ("antiemetic", "antiviral", "anticoagulant", "antihypertensive",
# "anti-inflammatory", "antiplatelet"): an unlisted "anti-" word needs one to make a class plural, so
# "antibodies" and "antigens" are none
CLASS_ADJECTIVE_END = re.compile(r"(ic|al|ant|ent|ive|ory|et)$")


def _class_plural_stem(word: str, kinds: frozenset[str], affixes: frozenset[str]) -> bool:
    """``word`` is the plural of a drug-class adjective formed with a listed affix: a kind word
    ("prokinetics", "thrombolytics") or an "anti-" adjective ("antipyretics", "anti-inflammatories")."""
    stems = [word[:-3] + "y"] if word.endswith("ies") else [word[:-1]] if word.endswith("s") and not word.endswith("ss") else []
    for stem in stems:
        if not any(stem.startswith(a[:-1]) if a.endswith("-") else stem.endswith(a[1:]) for a in affixes):
            continue
        if stem in kinds or (ANTI_KIND.match(stem) and CLASS_ADJECTIVE_END.search(stem)):
            return True
    return False


def class_plurals(doc: Doc, lower: list[str]) -> list[tuple[int, int]]:
    """(start, end) one-token spans: a drug class named by the plural of its adjective
    ("antimicrobials", "prokinetics", "anti-inflammatories"; data/treatment_class_plural_affixes.txt)."""
    kinds = data_words("treatment_kind_words.txt")
    affixes = data_words("treatment_class_plural_affixes.txt")
    return [(i, i + 1) for i, w in enumerate(lower) if len(w) > 6 and _class_plural_stem(w, kinds, affixes)]


def coordinated_therapies(doc: Doc, cands: list[_Candidate], lower: list[str]) -> list[tuple[int, int]]:
    """(start, end) one-token spans of a word of ``data/treatment_coordinated_words.txt`` that is
    coordinated with a TREATMENT candidate (up to three conjunction tokens between, on one line:
    "surgical removal and radiation", "surgery and/or radiation", "radiation, chemotherapy") or
    stands right after a therapy-kind word ("adjuvant radiation"); see that file's header."""
    words = data_words("treatment_coordinated_words.txt")
    kinds = data_words("treatment_kind_words.txt")
    treat = [c for c in cands if c.label == "TREATMENT"]
    ends = {c.end for c in treat}
    starts = {c.start for c in treat}
    n = len(doc)
    out = []
    for i, w in enumerate(lower):
        if w not in words:
            continue
        if i + 1 < n and doc[i + 1].lower_ in ("dose", "doses", "exposure", "field", "fields", "oncology", "oncologist", "therapy",
                                               "treatment", "-"):
            continue  # "radiation dose", "radiation oncology"; "radiation therapy" is the lexicon's
        if i > 0 and lower[i - 1] in kinds and _joined(doc, i - 1):
            out.append((i, i + 1))
            continue
        j = i - 1  # conjunctions before: "<treatment> and radiation"
        while j >= 0 and i - j <= 3 and lower[j] in CONJUNCTIONS and _joined(doc, j):
            j -= 1
        if j < i - 1 and j + 1 in ends:
            out.append((i, i + 1))
            continue
        k = i + 1  # conjunctions after: "radiation and chemotherapy"
        while k < n and k - i <= 3 and lower[k] in CONJUNCTIONS and _joined(doc, k - 1):
            k += 1
        if k > i + 1 and k in starts:
            out.append((i, i + 1))
    return out


#: class words that are no name of their own in a definition ("This drug is a potent agent")
_GENERIC_NAME_WORDS = frozenset({"treatment", "treatments", "therapy", "therapies", "medicine", "medicines", "substance",
                                 "substances", "compound", "compounds", "product", "products", "material", "materials"})
#: words that end the name a definition gives ("One such filler is X (ABBR), which ...")
_NAME_END = frozenset({"(", ",", ".", ";", ":", "which", "that", "and", "or", "is", "was", "has", "in", "for", "with", "of"})


def class_definitions(doc: Doc, cands: list[_Candidate], lower: list[str]) -> list[tuple[int, int]]:
    """(start, end) token spans of a name defined by a treatment class noun of
    ``data/treatment_definition_heads.txt``: "One such filler is polyacrylamide hydrogel (PAAG)" (the name
    after "such <head> is"), "Polyacrylamide hydrogel is a synthetic soft tissue filling agent" (the
    name before "is a(n) [up to five words] <head>"). A name is one to four words of letters (hyphens
    allowed) on one line, not a pronoun, determiner or stop word, and no candidate of any label."""
    heads = data_words("treatment_definition_heads.txt")
    covered = {k for c in cands for k in range(c.start, c.end)}
    n = len(doc)

    def word(k: int) -> bool:
        t = doc[k]
        return (t.is_alpha or ("-" in t.text and t.text.replace("-", "").isalpha())) and not t.is_stop and k not in covered

    def generic(s: int, e: int) -> bool:  # "This drug is a potent agent": a class word names nothing
        return all(lower[k] in heads or lower[k] in _GENERIC_NAME_WORDS for k in range(s, e))

    out = []
    for i, w in enumerate(lower):
        if w != "is" or i < 1 or i + 2 >= n:
            continue
        # "such <head> is <name>"
        if i >= 2 and lower[i - 1] in heads and lower[i - 2] == "such":
            e = i + 1
            while e < n and e - i <= 4 and lower[e] not in _NAME_END and word(e) and _joined(doc, e - 1):
                e += 1
            if e > i + 1 and (e >= n or lower[e] in _NAME_END) and not generic(i + 1, e):
                out.append((i + 1, e))
            continue
        # "<name> [(ABBR)] is a(n) [words] <head>"
        if lower[i + 1] not in ("a", "an"):
            continue
        k = i + 2
        while k < n and k - i <= 7 and lower[k] not in heads and doc[k].is_alpha and "\n" not in doc[k - 1].whitespace_:
            k += 1
        if not (k < n and lower[k] in heads and (k + 1 >= n or not doc[k + 1].is_alpha or lower[k + 1] in _NAME_END)):
            continue
        e = i
        if e >= 3 and doc[e - 1].text == ")" and doc[e - 3].text == "(":
            e -= 3  # "Polyacrylamide hydrogel (PAAG) is ..."
        s0 = e
        while s0 > 0 and e - s0 < 4 and word(s0 - 1) and _joined(doc, s0 - 1) and not doc[s0 - 1].is_sent_start:
            s0 -= 1
        if s0 > 0 and word(s0 - 1) and doc[s0 - 1].is_sent_start and e - s0 < 4:
            s0 -= 1  # the name opens the sentence
        if s0 < e and (s0 == 0 or doc[s0].is_sent_start or not word(s0 - 1)) and not generic(s0, e):
            out.append((s0, e))
    return out


#: a dose right before an agent: "100% oxygen", "2 L oxygen", "500 mL saline"
_DOSE = re.compile(r"(\d+(\.\d+)?%?|%|l|l/min|ml|ml/h|ml/kg|liters?|litres?)$")


@functools.lru_cache(maxsize=1)
def _supportive_agent_index() -> dict[str, tuple[tuple[str, ...], ...]]:
    """First word -> the agents of ``data/treatment_supportive_agents.txt`` starting with it, longest first."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for a in sorted((tuple(a.split()) for a in data_words("treatment_supportive_agents.txt")), key=len, reverse=True):
        index.setdefault(a[0], []).append(a)
    return {k: tuple(v) for k, v in index.items()}


def supportive_agents(doc: Doc, cands: list[_Candidate], lower: list[str]) -> list[tuple[int, int]]:
    """(start, end) token spans of a supportive-care agent of ``data/treatment_supportive_agents.txt``
    given to the patient: a cue of ``data/treatment_administration_cues.txt`` at most three tokens
    before it on its line ("received a unit of blood", "infusion of saline"), a dose right before it
    ("100% oxygen"), or a TREATMENT candidate or another given agent coordinated with it
    ("vasopressors and blood products", "restoring fluid and electrolytes"); see the file headers."""
    agents = _supportive_agent_index()
    cues = data_words("treatment_administration_cues.txt")
    # "plasma cells", "blood glucose", "oxygen saturation": a noun after the agent makes it something else
    after_nouns = data_words("treatment_measure_nouns.txt") | data_words("treatment_supportive_after_nouns.txt")
    covered = {k for c in cands if c.label == "TREATMENT" for k in range(c.start, c.end)}
    treat_end = {c.end for c in cands if c.label == "TREATMENT"}
    treat_start = {c.start for c in cands if c.label == "TREATMENT"}
    n = len(doc)
    found: list[tuple[int, int]] = []
    i = 0
    while i < n:
        hit = next((a for a in agents.get(lower[i], ()) if tuple(lower[i:i + len(a)]) == a
                    and all(_joined(doc, k) for k in range(i, i + len(a) - 1))), None)
        if hit is None or i in covered:
            i += 1
            continue
        e = i + len(hit)
        if e < n and _joined(doc, e - 1) and (lower[e] in after_nouns or lower[e] == "-"):
            i = e
            continue
        found.append((i, e))
        i += len(hit)
    given: set[int] = set()
    for k, (s, e) in enumerate(found):
        before = [j for j in range(max(0, s - 3), s) if all(_joined(doc, m) for m in range(j, s))]
        if any(lower[j] in cues for j in before) or (s > 0 and _joined(doc, s - 1) and _DOSE.match(lower[s - 1])):
            given.add(k)
            continue
        j = s - 1  # coordinated with a treatment: "<treatment> and blood products"
        while j >= 0 and s - j <= 3 and lower[j] in CONJUNCTIONS and _joined(doc, j):
            j -= 1
        if j < s - 1 and j + 1 in treat_end:
            given.add(k)
            continue
        m = e  # ... or before one: "blood products and vasopressors"
        while m < n and m - e <= 3 and lower[m] in CONJUNCTIONS and _joined(doc, m - 1):
            m += 1
        if m > e and m in treat_start:
            given.add(k)
    # an agent coordinated with a given agent is given too: "restoring fluid and electrolytes"
    changed = True
    while changed:
        changed = False
        for k in range(len(found) - 1):
            (s1, e1), (s2, e2) = found[k], found[k + 1]
            gap = range(e1, s2)
            if (k in given) != (k + 1 in given) and 0 < len(gap) <= 3 and all(lower[g] in CONJUNCTIONS for g in gap) \
                    and all(_joined(doc, g) for g in range(e1 - 1, s2)):
                given.update((k, k + 1))
                changed = True
    return [found[k] for k in sorted(given)]


# words between a drug and "test": "dexamethasone suppression test", "ACTH stimulation test"
TEST_KINDS = frozenset({"suppression", "stimulation", "tolerance", "provocation", "loading", "challenge", "skin"})


def _test_agent(doc: Doc, end: int) -> bool:
    """The drug name ending at ``end`` is followed by a noun of ``data/treatment_test_nouns.txt``
    (after at most one test-kind word): "dexamethasone test", "insulin secretion"."""
    nouns = data_words("treatment_test_nouns.txt")
    k = end
    if k < len(doc) and doc[k].lower_ in TEST_KINDS and _joined(doc, k - 1):
        k += 1
    return k < len(doc) and doc[k].lower_ in nouns and _joined(doc, k - 1)


def _body_substance_measure(doc: Doc, start: int, end: int) -> bool:
    """The name ``doc[start:end]`` is a vitamin, mineral or hormone of
    ``data/treatment_body_substances.txt`` followed by a noun of ``data/treatment_measure_nouns.txt``:
    "serum vitamin D levels", "vitamin D status", "the serum levels of vitamin D" name a measured
    body substance."""
    name = " ".join(t.lower_ for t in doc[start:end])
    if name not in data_words("treatment_body_substances.txt"):
        return False
    measures = data_words("treatment_measure_nouns.txt")
    if end < len(doc) and _joined(doc, end - 1) and doc[end].lower_ in measures:
        return True
    if start >= 1 and doc[start - 1].lower_ in measures and _joined(doc, start - 1):
        return True  # "serum sodium bicarbonate", "urinary citrate"
    # "25-hydroxy vitamin D 31.5 ng/mL", "vitamin D, 12 ng/ml": a value with a concentration unit follows (session 22)
    k = end + (1 if end < len(doc) and doc[end].text in (",", ":", "=", "of") else 0)
    if k + 1 < len(doc) and doc[k].like_num and re.fullmatch(r"(?:n|p|m|µ|u)?(?:g|mol|IU|iu)/(?:d?l|ml|mL|L)", doc[k + 1].text):
        return True
    # "Vitamin D was low": a copula and a word of ``data/treatment_level_words.txt``
    if end + 1 < len(doc) and doc[end].lower_ in ("was", "were", "is", "are") and doc[end + 1].lower_ in data_words("treatment_level_words.txt"):
        return True
    # "serum levels of vitamin D"
    return start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in measures and _joined(doc, start - 2)


def _reagent_concentration(doc: Doc, start: int) -> bool:
    """The drug name at ``start`` follows "<number> <molar unit>" of ``data/treatment_reagent_units.txt``
    ("108 mM NaCl", "5 mM HEPES"): a laboratory reagent. The unit must end in a capital "M" (molar;
    "mm" is a length)."""
    if start < 2:
        return False
    unit = doc[start - 1].text
    return (unit.endswith("M") and unit.lower() in data_words("treatment_reagent_units.txt")
            and doc[start - 2].like_num and _joined(doc, start - 2))


DETERMINERS = frozenset({"the", "a", "an", "this", "that", "its", "their", "his", "her"})
VERB_CUES = frozenset({"to", "can", "may", "might", "could", "would", "will", "should", "must", "cannot", "not",
                       "that", "which", "they"})


def names_a_place(doc: Doc, start: int, end: int) -> bool:
    """A procedure noun of ``data/treatment_place_procedures.txt`` ending the candidate that
    stands, with at most three name words before it, after a locative preposition and a
    determiner: the place the procedure made ("at the jejunojejunal anastomosis"), no treatment."""
    listed = data_words("treatment_place_procedures.txt")
    if doc[end - 1].lower_ not in listed:
        return False
    preps = data_words("site_prepositions.txt") | {w[1:] for w in listed if w.startswith("@")}
    k = start - 1
    while k >= 0 and start - k <= 3 and doc[k].lower_ not in DETERMINERS and doc[k].is_alpha and not doc[k].is_stop:
        k -= 1
    # the noun heads its phrase (a stop word, punctuation or the end follows): "in the post heart bypass
    # patient" names a patient, and the procedure stays a treatment
    heads_phrase = end >= len(doc) or doc[end].is_punct or doc[end].is_stop or doc[end].is_space
    if heads_phrase and k >= 1 and doc[k].lower_ in DETERMINERS and doc[k - 1].lower_ in preps:
        return True
    # a noun that is also a verb ("bypass"): after "to" or a modal it is the verb ("to bypass the lesion")
    return end - start == 1 and start >= 1 and doc[start - 1].lower_ in VERB_CUES


def not_given_as_therapy(doc: Doc, start: int, is_drug: bool, end: int | None = None) -> bool:
    """A TREATMENT candidate at ``start`` (ending at ``end``) that names a tracer, a diagnostic
    procedure or the agent of a diagnostic test, or a procedure noun naming the place the
    procedure made (see the module docstring)."""
    if not is_drug and end is not None and names_a_place(doc, start, end):
        return True
    if is_drug and end is not None and (_test_agent(doc, end) or _body_substance_measure(doc, start, end)
                                        or _tracer_of_scan(doc, end)):
        return True
    if start == 0 or not _joined(doc, start - 1):
        return False
    if is_drug and _reagent_concentration(doc, start):
        return True
    if is_drug:  # the isotope right before the name or up to two words before it ("technetium-99m methylene")
        isotopes = data_words("treatment_diagnostic_isotopes.txt")
        for k in range(start - 1, max(start - 4, -1), -1):
            word = doc[k].lower_.rstrip("-")
            if word in isotopes or any(word.startswith(x + "-") or word.endswith("-" + x) for x in isotopes):
                return True
            if not (doc[k].is_alpha or re.fullmatch(r"\d+m", doc[k].lower_)) or not _joined(doc, k):
                break  # "technetium 99m hydroxymethylene diphosphonate": the mass number is part of the isotope
        return False
    return doc[start - 1].lower_ == "diagnostic"


@functools.lru_cache(maxsize=1)
def _scan_nouns() -> frozenset[str]:
    """The nuclear-medicine study nouns a radiotracer stands before (``imaging_phrases.NUCLEAR_HEADS``), and
    "scintillation", "scintiscan", "imaging" ("bone scintillation imaging")."""
    from rheumex.pipelines.imaging_phrases import NUCLEAR_HEADS

    return NUCLEAR_HEADS | {"scintillation", "scintiscan", "imaging"}


def _tracer_of_scan(doc: Doc, end: int) -> bool:
    """A drug name right before a nuclear-medicine study ("methylene diphosphonate bone scan",
    "hydroxymethylene diphosphonate (HDP) scintigraphy"; a bracketed short form may stand between)
    is its radiotracer (labels.md: radiotracers are no TREATMENT; session 24)."""
    k = end
    if k + 2 < len(doc) and doc[k].text == "(" and doc[k + 2].text == ")":
        k += 3
    if k < len(doc) and doc[k].lower_ in ("bone", "bones", "whole-body", "skeletal"):
        k += 1
    return k < len(doc) and doc[k].lower_ in _scan_nouns() and k > end


def brand_as_name(doc: Doc, start: int, lower_set: set[str], inner_capitals: set[str]) -> bool:
    """An imported brand-name match at ``start`` is kept only as a proper name: written with a
    capital in a paper that never writes it in lower case ("Lupkynis was added"; not "abate" in
    "the pain did not abate"), and, as the first word of a sentence, only when the paper also
    writes it capitalised inside a sentence (``inner_capitals``)."""
    t = doc[start]
    if not t.text[:1].isupper() or t.lower_ in lower_set:
        return False
    return not t.is_sent_start or t.text in inner_capitals
