"""Undefined initialisms of a name the same paper spells out: "AVF" after "arteriovenous fistula".

Case reports often write a short form without ever defining it in brackets, once the long form
has appeared elsewhere in the paper (a title "Arteriovenous Fistula", a differential diagnosis
"AVF"; "multiple sclerosis" ... "Of all cases of MS"). scispaCy's ``AbbreviationDetector`` finds
only bracketed definitions, and ``abbreviations.tsv`` lists only the common short forms, so such
mentions are missed at every occurrence. labels.md: abbreviations are labelled like their long
form.

A short form here is a token of 2 to 6 capital letters (a plural "s" allowed: "AVFs"), no roman
numeral and no word of ``data/initialism_stopwords.txt``, outside a line written in capitals
(a title "HEPATIC SARCOID"). It names a DISEASE or TREATMENT entity of the same document when it
spells that entity's initials: the first letter of every word (hyphen pieces count as words;
"of", "the", "and" ... may be skipped), where a word may also give the letter right after a
combining vowel "o" inside it ("arteriovenous" gives "AV", "gastroesophageal" "GE",
"aortoenteric" "AE"). When the initials of entities with different labels or concepts collide,
the short form is left alone.
"""
from __future__ import annotations

import re
from itertools import product

from rheumex.pipelines.syntax import data_words

SHORT_FORM = re.compile(r"[A-Z]{2,6}s?")
ROMAN = re.compile(r"[IVXLC]+")
#: words a long form may leave out of its initials ("tetralogy of Fallot" -> "TOF" or "TF")
LINK_WORDS = frozenset({"of", "the", "and", "in", "with", "to", "for", "a", "an", "or"})
WORD = re.compile(r"[A-Za-z]+")
MAX_WORDS = 6


def _word_initials(word: str) -> set[str]:
    """The initials one word may give: its first letter, plus letters that follow a combining
    "o" inside it (at most two more, each starting a remainder of at least four letters)."""
    w = word.lower()
    out = {w[0]}
    inner = [k for k in range(3, len(w) - 3) if w[k - 1] == "o"]
    for k in inner[:3]:
        out.add(w[0] + w[k])
        for k2 in inner:
            if k2 > k + 2:
                out.add(w[0] + w[k] + w[k2])
    return out


def initials(text: str) -> set[str]:
    """Every upper-case initialism ``text`` may be written as (empty for a one-letter result or
    more than :data:`MAX_WORDS` words)."""
    words = WORD.findall(text)
    if not words or len(words) > MAX_WORDS:
        return set()
    options = []
    for w in words:
        opts = _word_initials(w)
        if w.lower() in LINK_WORDS:
            opts = opts | {""}
        options.append(sorted(opts))
    out = set()
    for combo in product(*options):
        s = "".join(combo).upper()
        if 2 <= len(s) <= 6:
            out.add(s)
        if len(out) > 200:
            break
    return out


def short_form_key(text: str) -> str | None:
    """The initialism a token stands for ("AVFs" -> "AVF"), or None when it cannot be one."""
    if not SHORT_FORM.fullmatch(text):
        return None
    key = text[:-1] if text.endswith("s") else text
    if len(key) < 2 or ROMAN.fullmatch(key) or key.lower() in data_words("initialism_stopwords.txt"):
        return None
    return key


def initialism_table(entities, wanted: set[str]) -> dict[str, object]:
    """Initialism -> the entity it stands for, for the initialisms in ``wanted`` (the short forms
    the document writes), over ``entities`` (spans with ``label_`` and ``_.concept_id``); an
    initialism shared by entities of different labels or concepts is left out."""
    table: dict[str, object] = {}
    clash: set[str] = set()
    for e in entities:
        if e.label_ not in ("DISEASE", "TREATMENT") or len(WORD.findall(e.text)) < 2:
            continue  # one word gives one letter, unless it is a compound: leave those to the lexicon
        ident = (e.label_, e._.concept_id or e.text.lower())
        for key in initials(e.text) & wanted:
            if key in clash:
                continue
            old = table.get(key)
            if old is not None and (old.label_, old._.concept_id or old.text.lower()) != ident:
                clash.add(key)
                del table[key]
            elif old is None:
                table[key] = e
    return table


def in_capitals_line(doc, i: int) -> bool:
    """Whether token ``i`` stands on a line written without lower-case letters (a title in capitals)."""
    text = doc.text
    idx = doc[i].idx
    start = text.rfind("\n", 0, idx) + 1
    end = text.find("\n", idx)
    line = text[start:end if end >= 0 else len(text)]
    return not any(ch.islower() for ch in line)
