"""IMAGING candidates for bare MR sequence names (no parse needed).

GUIDELINES 3 IMAGING: spans keep their sequence words, and a sequence named alone is a study
of its own: "hypointense on T1, hyperintense on T2", the headings "T2WI:" and "T1WI:". A bare
"T1"/"T2" is an MR sequence only in an MR paper and only after "on", as a line-initial
heading, or before an MR signal word ("T2 hyperintense", "focal T2 bright lesion", "increased
T2 signal"; ``imaging_signal_words.txt``); elsewhere it is a tumour stage ("staged T2 N0") or a
vertebra. "T1WI"/"T2WI"
("weighted image") are always sequences. The resolver extends these like any IMAGING
candidate ("Post-gadolinium T1WI", "axial T2").
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

from rheumex.pipelines.syntax import data_words

BARE_SEQUENCES = frozenset({"t1", "t2"})
WEIGHTED_IMAGES = frozenset({"t1wi", "t2wi", "t1w", "t2w"})
# an MR paper names the modality somewhere
MR_WORDS = frozenset({"mr", "mri", "mris", "weighted", "t1-weighted", "t2-weighted", "gadolinium", "flair", "stir"})


def bare_sequences(doc: Doc, lower: list[str]) -> list[tuple[int, int]]:
    """(start, end) token spans of bare MR sequence names (see the module docstring)."""
    hits = [i for i, w in enumerate(lower) if w in BARE_SEQUENCES or w in WEIGHTED_IMAGES]
    if not hits or not MR_WORDS.intersection(lower):
        return []
    out = []
    for i in hits:
        if lower[i] in WEIGHTED_IMAGES:
            out.append((i, i + 1))
            continue
        nxt = lower[i + 1] if i + 1 < len(lower) else ""
        if nxt in ("-", "-weighted", "weighted", "‐"):
            continue  # "T1-weighted ...": the sequence-run rule takes the whole phrase
        after_on = i > 0 and lower[i - 1] == "on"
        heading = nxt == ":" and (i == 0 or "\n" in doc[i - 1].whitespace_ or doc[i - 1].is_space or doc[i - 1].text == ":")
        signal = nxt in data_words("imaging_signal_words.txt")
        if after_on or heading or signal:
            out.append((i, i + 1))
    # "low T1 and high T2 signal", "T1 or T2 hyperintense": a bare sequence coordinated with one that names
    # the signal is a study too (one adjective between allowed); session 13, unlabelled MedPix MPX2008
    found = {s for s, _ in out}
    for i in hits:
        if i in found or lower[i] not in BARE_SEQUENCES or i + 2 >= len(lower) or lower[i + 1] not in ("and", "or", "/", ","):
            continue
        for j in (i + 2, i + 3):
            if j in found and lower[j] in BARE_SEQUENCES and all(doc[k].is_alpha for k in range(i + 2, j)) \
                    and "\n" not in doc[i].whitespace_:
                out.append((i, i + 1))
                break
    return sorted(out)


def adjacent_pairs(doc: Doc, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of two IMAGING spans written one after the other on one line (or sharing a
    region word), as one study: "CT pulmonary angiogram" ("CT pulmonary" + "pulmonary angiogram"),
    "CT myelography". Spans separated by a comma, "and" or a slash stay apart ("CR, CT, and MR"),
    and so does a study that ends in a plural noun ("plain radiographs MRI", a list missing its
    comma). The short form of the first in brackets may stand between them, inside the study's
    name: "magnetic resonance (MR) enteroclysis" (labels.md: an abbreviation inside a name stays inside)."""
    out = []
    starts = {s for s, _ in spans}
    for s, e in spans:
        last = doc[e - 1]
        if e >= len(doc) or "\n" in last.whitespace_ or not last.whitespace_ or (last.lower_.endswith("s") and len(last) > 3):
            continue
        for s2, e2 in spans:
            if s < s2 <= e < e2:
                out.append((s, e2))
        if (e + 3 < len(doc) and doc[e].text == "(" and doc[e + 1].is_upper and doc[e + 1].is_alpha and doc[e + 2].text == ")"
                and e + 3 in starts and doc[e + 2].whitespace_):
            out.extend((s, e2) for s2, e2 in spans if s2 == e + 3 and len(doc[s2:e2]) == 1)
    return out


# nuclear-medicine modalities a radiotracer phrase can precede
NUCLEAR_HEADS = frozenset({"scintigraphy", "scintigraphies", "scintigram", "scan", "scans", "pet", "pet/ct", "spect", "spect/ct",
                           "pet-ct", "spect-ct", "scanning", "pet/cta", "pet-cta", "pet/mri", "pet/mr", "pet-mri"})
# isotope tokens: "111In-", "Indium-111", "Indium-111-", "99mTc", "Tc-99m", "18F-FDG", "I-131", "67Ga", and a
# tracer glued to its isotope ("18FDG", session 24)
ISOTOPE = re.compile(r"(\d{1,3}m?(?:FDG|Tc[A-Z]{2,6}|Ga[A-Z]{2,8}|F[A-Z]{2,6})|\d{1,3}m?[A-Z][a-z]?(-[A-Za-z-]*)?|[A-Z][a-z]+-\d{1,3}m?-?|[A-Z][a-z]?-\d{1,3}m?|\d{1,3}m?[A-Z][a-z]?-[A-Za-z]+(-[A-Za-z]+)*)")


# study nouns that name a nuclear-medicine study only after a radiotracer phrase ("Tc-99m HMPAO tagged WBC study")
TRACER_STUDY_NOUNS = frozenset({"study", "studies"})


def tracer_studies(doc: Doc, lower: list[str], tracer_words: frozenset[str], taken: set[int]) -> list[tuple[int, int]]:
    """A radiotracer phrase (``tracer_start``: it must name an isotope or a tracer compound) before "study"
    is a nuclear-medicine study: "Tc-99m HMPAO tagged WBC study demonstrates normal biodistribution"
    (MedPix MPX1771). Returns (start, end) token spans; tokens in ``taken`` are left alone."""
    out = []
    for i, w in enumerate(lower):
        if w in TRACER_STUDY_NOUNS and i not in taken and i > 0:
            start = tracer_start(doc, i, "scan", tracer_words)
            if start < i and not any(k in taken for k in range(start, i)):
                out.append((start, i + 1))
    return out


def slashed_tracer_studies(doc: Doc, lower: list[str], tracer_words: frozenset[str]) -> list[tuple[int, int]]:
    """Nuclear-medicine studies whose tracer is written with a slash and so stays one token ("In-111/WBC
    scanning", "Tc-99m HMPAO/WBC scanning"): a token whose slash parts are all isotopes or tracer words
    (``imaging_tracer_words.txt``), one of them an isotope or a labelled-cell word, right before a
    nuclear-medicine modality (``NUCLEAR_HEADS``) or "study" ("Tc-99m HMPAO/WBC study"). Returns (start, end) token spans of the token and the
    modality; the resolver widens them over the tracer words before (``tracer_start``)."""
    out = []
    for i in range(len(doc) - 1):
        if "/" not in lower[i] or lower[i + 1] not in NUCLEAR_HEADS | TRACER_STUDY_NOUNS or "\n" in doc[i].whitespace_:
            continue
        parts = [p for p in doc[i].text.split("/") if p]
        if len(parts) < 2 or not all(ISOTOPE.fullmatch(p) or p.lower() in tracer_words for p in parts):
            continue
        if any(ISOTOPE.fullmatch(p) or p.lower() in ("wbc", "hmpao", "leukocyte", "leukocytes") for p in parts):
            out.append((i, i + 2))
    return out


def tracer_start(doc: Doc, start: int, head: str, tracer_words: frozenset[str]) -> int:
    """Where a radiotracer phrase before a nuclear-medicine modality begins (``start`` when there
    is none): isotope tokens ("111In-labeled", "Indium-111", "18F-FDG"), tracer words
    (``imaging_tracer_words.txt``) and a bracketed abbreviation between them ("(WBC)",
    "(111In-)"); the phrase must hold an isotope or a tracer compound word, never opens with a
    bracket, and stops at a line break."""
    if head.lower() not in NUCLEAR_HEADS | TRACER_STUDY_NOUNS:
        return start
    i = start
    while i > 0:
        t = doc[i - 1]
        if "\n" in t.whitespace_ or t.is_space:
            break
        low = t.lower_
        if low == "m" and i >= 2 and (doc[i - 2].like_num or ISOTOPE.fullmatch(doc[i - 2].text)) and not doc[i - 2].whitespace_.count("\n"):
            i -= 2  # "99 m Technetium-HMPAO", "Technetium-99 m": the metastable isotope split in two tokens
            continue
        if low in tracer_words or ISOTOPE.fullmatch(t.text) or any(w in tracer_words for w in low.split("-") if w):
            i -= 1
            continue
        # "(WBC)", "(111In-)": a bracketed tracer abbreviation inside the phrase
        if t.text == ")" and i - 3 >= 0 and doc[i - 3].text == "(" and (ISOTOPE.fullmatch(doc[i - 2].text) or doc[i - 2].lower_ in tracer_words):
            i -= 3
            continue
        break
    while i < start and (doc[i].is_punct or doc[i].lower_ in ("white", "blood", "cell", "cells")):
        i += 1  # a phrase opens with the tracer, not with a bracket or a bare "blood"
    words = [doc[k] for k in range(i, start)]
    if not any(ISOTOPE.fullmatch(w.text) or w.lower_ in ("fdg", "somatostatin", "octreotide", "mibg", "sestamibi", "hmpao", "mdp")
               or "-" in w.text and any(p in tracer_words for p in w.lower_.split("-")) for w in words):
        return start  # "white blood cell scan" alone names no tracer
    return i


# "|" joins the cells of a converted table row: "rs1800896 (IL10) | CC | CT | TT |" lists genotypes (unlabelled
# Eur J Pain fibromyalgia article), not a modality among short capital codes
INITIALS_SEPARATORS = frozenset({",", "and", "&", "|"})


def in_initials_list(doc: Doc, i: int, imaging_words) -> bool:
    """The one-token modality abbreviation at ``i`` is a person's initials: it is written in capitals
    and every other conjunct of its comma/and list (two at least) is a two- or three-letter word in
    capitals that no one-word IMAGING name spells ("three members of the project team (CT, MB, RO)",
    "CT, MB and RO conducted the study"). "CT, MRI and US" is a list of modalities."""
    if not doc[i].is_upper:
        return False
    others = []
    for step in (-2, 2):
        j = i + step
        while 0 <= j < len(doc) and doc[j - step // 2].text in INITIALS_SEPARATORS:
            if not (doc[j].is_alpha and doc[j].is_upper and 2 <= len(doc[j]) <= 3):
                break  # the list of codes ends here (a table row's first cell: "rs1800896 (IL10) | CC | CT | TT")
            others.append(doc[j])
            j += step
    return len(others) >= 2 and all(t.lower_ not in imaging_words for t in others)


def glossary_redefined(doc: Doc, i: int, imaging_tokens) -> bool:
    """The one-token abbreviation at ``i`` is an entry of an abbreviation glossary that defines it as
    something else (table footnotes: "... CSA, cross-sectional area; CT, cognition training; DB, double
    blind; DXA, dual-energy X-ray absorptiometry; ..."): it follows a ";", a comma follows it, and the
    words up to the next ";" hold no IMAGING token. "DXA, dual-energy X-ray absorptiometry;" stays."""
    if i < 1 or i + 2 >= len(doc) or doc[i - 1].text != ";" or doc[i + 1].text != ",":
        return False
    k = i + 2
    while k < len(doc) and doc[k].text != ";" and k - i < 12:
        if k in imaging_tokens or "\n" in doc[k].whitespace_:
            return False
        k += 1
    if not (k < len(doc) and doc[k].text == ";" and k > i + 2):
        return False
    # the entry before has the same shape ("CSA, cross-sectional area;"): "a chest radiograph; CT, done
    # the next day, showed ..." is prose
    p = i - 2
    while p >= 0 and doc[p].text != ";" and i - p < 14 and "\n" not in doc[p].whitespace_:
        p -= 1
    p += 1
    return p + 1 < i - 1 and doc[p + 1].text == "," and any(ch.isupper() or ch.isdigit() for ch in doc[p].text)
