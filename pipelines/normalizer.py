"""``rheumex_normalizer``: a spelling-neutral ``Token.norm_`` for lexicon matching.

The lexicon ruler matches on NORM, and runs this same component over its phrase
patterns, so one normalisation serves both sides: lower case, British to American
spelling ("leukaemia" -> "leukemia", "oesophagus" -> "esophagus", "tumour" -> "tumor")
and a light plural fold ("calcifications" -> "calcification", "arteries" -> "artery"); ligatures,
soft hyphens and zero-width characters inside a word (text pasted from a PDF) do not hide it.
Plural, British and case variants of a lexicon entry therefore need no extra patterns.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy
from spacy.attrs import LOWER, NORM
from spacy.language import Language
from spacy.tokens import Doc

_BRITISH = [
    (re.compile(r"aemi"), "emi"), (re.compile(r"^oe(?=soph|dem)"), "e"), (re.compile(r"(?<=[a-z])oedem"), "edem"),
    (re.compile(r"tumour"), "tumor"), (re.compile(r"haem"), "hem"), (re.compile(r"paed"), "ped"),
    (re.compile(r"oestr"), "estr"), (re.compile(r"(?<=[a-z])isation"), "ization"), (re.compile(r"colour"), "color"),
    (re.compile(r"fibre"), "fiber"), (re.compile(r"centre"), "center"), (re.compile(r"(?<=[a-z])ise$"), "ize"),
    (re.compile(r"tumoural"), "tumoral"), (re.compile(r"orthopaed"), "orthoped"), (re.compile(r"anaem"), "anem"),
    (re.compile(r"diarrhoea"), "diarrhea"), (re.compile(r"oesophag"), "esophag"), (re.compile(r"haemat"), "hemat"),
    # session 21: "sodium thiosulphate", "sulphasalazine", "coeliac disease", "anaesthesia", "foetal",
    # "dyspnoea", "aluminium hydroxide", "gynaecomastia"
    (re.compile(r"sulph"), "sulf"), (re.compile(r"coeliac"), "celiac"), (re.compile(r"anaesth"), "anesth"),
    (re.compile(r"^foet"), "fet"), (re.compile(r"(?<=[a-z]{3})oea$"), "ea"), (re.compile(r"^aluminium$"), "aluminum"),
    (re.compile(r"gynaec"), "gynec"),
]
#: a locative prefix written with a hyphen ("peri-articular", "intra-abdominal"): both spellings match alike
_LOCATIVE_HYPHEN = re.compile(r"^(peri|para|intra|extra|sub|supra|retro|juxta|infra|inter)-(?=[a-z]{4,}$)")
#: a drug name broken after a chemical prefix ("hydroxy-chloroquine", "methyl-prednisolone",
#: "co-trimoxazole"; session 24): both spellings match alike
_CHEMICAL_HYPHEN = re.compile(r"^(hydroxy|methyl|ethyl|amino|chloro|fluoro|cyclo|sulfa|co)-(?=[a-z]{5,}$)")
_KEEP_S = ("ss", "us", "is", "ys", "os")
_IRREGULAR = {"diagnoses": "diagnosis", "metastases": "metastasis", "prostheses": "prosthesis",
              "analyses": "analysis", "stenoses": "stenosis", "fibroses": "fibrosis", "necroses": "necrosis",
              "calculi": "calculus", "bronchi": "bronchus", "vertebrae": "vertebra", "phalanges": "phalanx",
              "indices": "index", "appendices": "appendix", "apices": "apex", "cervices": "cervix",
              "tophi": "tophus", "emboli": "embolus", "thrombi": "thrombus", "foci": "focus", "nuclei": "nucleus",
              "femora": "femur", "women": "woman", "men": "man", "children": "child", "feet": "foot", "teeth": "tooth",
              "bursae": "bursa", "fasciae": "fascia", "mammae": "mamma", "bases": "base", "xrays": "xray", "x-rays": "x-ray",
              # Latin "-us" anatomy nouns with an English plural: the "-s" fold made "sinuse" ("computed tomographic
              # scan of the sinuses", dev gold MPX1442), "plexuse" ("choroid plexuses")
              "sinuses": "sinus", "plexuses": "plexus", "meatuses": "meatus", "hiatuses": "hiatus",
              # names that end like a plural but are no plural of another word: folding them made
              # "aid" match AIDS, "said" SAIDS and "Cary" (NC) caries
              "aids": "aids", "saids": "saids", "caries": "caries", "rabies": "rabies", "scabies": "scabies",
              "herpes": "herpes", "diabetes": "diabetes", "measles": "measles", "mumps": "mumps", "rickets": "rickets",
              "series": "series", "species": "species",
              # session 21: Latin "-us" anatomy plurals ("calcifications involving the thalami")
              "thalami": "thalamus", "glomeruli": "glomerulus", "alveoli": "alveolus", "humeri": "humerus",
              "radii": "radius", "fundi": "fundus", "sulci": "sulcus", "gyri": "gyrus", "tali": "talus",
              "calcanei": "calcaneus", "condyli": "condylus", "tubuli": "tubulus",
              # session 24: Greek "-is" plurals ("Scleroderma renal crises" lost its head) and Latin ones
              "crises": "crisis", "thromboses": "thrombosis", "psychoses": "psychosis", "scleroses": "sclerosis",
              "anastomoses": "anastomosis", "ecchymoses": "ecchymosis", "exostoses": "exostosis",
              "synostoses": "synostosis", "dermatoses": "dermatosis", "fistulae": "fistula", "bullae": "bulla",
              "diverticula": "diverticulum", "hila": "hilum"}


#: Characters a text pasted from a PDF or a web page can hold inside a word: Unicode hyphens, the
#: en dash publishers set between eponyms ("Churg\u2013Strauss syndrome") and the minus sign (match as "-"), presentation-form ligatures (their letters: "calci\ufb01cation"), and invisible
#: soft hyphens, zero-width spaces and joiners (dropped: "di\u00adltiazem"), and Greek letters (their names).
_INWORD = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2212": "-", "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl",
                         "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st", "\u00ad": None,
                         "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None, "\ufeff": None,
                         # Greek letters match as their names ("\u03b1-blockers" = "alpha-blockers"; session 24)
                         "\u03b1": "alpha", "\u03b2": "beta", "\u03b3": "gamma", "\u03b4": "delta", "\u03ba": "kappa"})


@lru_cache(maxsize=200_000)
def normalize_word(lower: str) -> str:
    """The matching form of one lower-cased token."""
    w = lower
    if not w.isascii():
        w = w.translate(_INWORD) or w
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if any(c.isdigit() for c in w) or len(w) <= 3:
        return w
    for pat, rep in _BRITISH:
        w = pat.sub(rep, w)
    if "-" in w:
        w = _LOCATIVE_HYPHEN.sub(r"\1", w)  # "peri-articular" = "periarticular" (session 21)
        w = _CHEMICAL_HYPHEN.sub(r"\1", w)
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "xes", "ches", "shes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(_KEEP_S) and w[-2].isalpha():
        return w[:-1]
    return w


def normalize_doc(doc: Doc) -> Doc:
    """Set every token's NORM in one array operation (no Token objects)."""
    if not len(doc):
        return doc
    if len(doc) < 32:  # lexicon patterns and short texts: a plain loop beats the array round trip
        for token in doc:
            norm = normalize_word(token.lower_)
            if norm != token.norm_:
                token.norm_ = norm
        return doc
    strings = doc.vocab.strings
    # each distinct word once (a paper repeats its words: ~4 tokens per distinct lower-case form)
    uniq, inverse = numpy.unique(doc.to_array(LOWER), return_inverse=True)
    norms = numpy.fromiter((_norm_hash(strings, h) for h in uniq.tolist()), dtype="uint64", count=len(uniq))
    doc.from_array([NORM], norms[inverse].reshape(-1, 1))
    return doc


_NORMS: dict[int, str] = {}  # lower-case hash -> matching form (hashes are the same in every vocab)


def _norm_hash(strings, lower_hash: int) -> int:
    norm = _NORMS.get(lower_hash)
    if norm is None:
        norm = normalize_word(strings[lower_hash])
        if len(_NORMS) < 500_000:
            _NORMS[lower_hash] = norm
    return strings.add(norm)  # the string must be in *this* vocab's StringStore


@Language.factory("rheumex_normalizer", assigns=["token.norm"], default_config={})
def make_normalizer(nlp: Language, name: str):
    """Set ``Token.norm_`` to the spelling-neutral matching form (see module doc)."""
    return normalize_doc
