"""The scispaCy tokenizer, registered so a config file can name it.

``combined_rule_tokenizer`` (scispaCy, Neumann et al. 2019) keeps biomedical tokens such
as "abdomen-pelvis", "anti-Jo1" and "IL-6" whole and splits "Fig." and units sensibly.
"""
from __future__ import annotations

import re
import warnings
from contextlib import contextmanager
from typing import Callable

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer


# the hyphen may be a Unicode one (U+2010, U+2011: publisher XML and PDF text, "lomustine\u2010induced");
# a closing bracket may stand before it: a short form defined right before the participle,
# "doxorubicin (DOX)-induced cardiotoxicity", "amiodarone (AMI)-induced lung toxicity" (BC5CDR
# training abstracts): without the split, ")-induced" glues to the short form and the definition is lost
COMPOUND_PARTICIPLES = (r"(?:induced|associated|related|dependent|mediated|resistant|refractory|"
                        r"sparing|treated|naive|naïve|exposed|positive|negative|type|"
                        # session 22: title case ("Warfarin-Induced Nonuremic Calciphylaxis")
                        r"Induced|Associated|Related|Dependent|Mediated)\b")
COMPOUND_INFIX = (r"(?<=[A-Za-z0-9)])(?<![Ss]ero)[-\u2010\u2011](?=" + COMPOUND_PARTICIPLES + ")"
                  r"|(?<=[A-Za-z0-9])\)(?=[-\u2010\u2011]" + COMPOUND_PARTICIPLES + ")")
# ... and the opening bracket of that short form is a prefix of its own (scispaCy keeps a bracket
# whose partner is inside the token, for chemical names such as "(+)-catechin")
COMPOUND_PREFIX = (r"^\((?=[A-Za-z0-9]+\)[-\u2010\u2011]" + COMPOUND_PARTICIPLES + ")"
                   # session 20: a short form in brackets before a slash: "(MAS)/hemophagocytic lymphohistiocytosis"
                   r"|^\((?=[A-Za-z][A-Za-z0-9-]{0,9}\)/[A-Za-z])")
# ... with its closing bracket and the slash as infixes of their own
SLASH_AFTER_SHORT_FORM = r"(?<=[A-Za-z0-9])\)(?=/[A-Za-z])|(?<=\))/(?=[A-Za-z])"
# session 22 (third-party web and PDF text): a short form glued to its long form, "Calcinosis
# cutis(CC)", "sodium thiosulfate(TST)": the bracket opens a token of its own when at least three
# lower-case letters stand before it and a capital starts the bracketed short form, so the
# abbreviation detector sees the definition ("Ca(OH)2", "(+)-catechin" keep their brackets); session 24:
# so does the closing bracket of a short form glued to the next word ("syndrome(HPS)without any")
GLUED_SHORT_FORM = r"(?<=[a-z]{3})\((?=[A-Z][A-Za-z0-9-]{0,9}(?:\)|$))|(?<=[A-Z0-9]{2})\)(?=[a-z]{3})"
# ... and a title's hyphen before its genre words: "Recurrent Auricular Perichondritis-Case Report"
TITLE_GENRE_HYPHEN = r"(?<=[a-z]{3})[-\u2010\u2011\u2013](?=(?:Case|Report|A Case|Review)\b)"
# session 24: a full stop glued between two sentences of a saved page ("a possible treatment option.Description");
# session 23 (third-party web text): punctuation glued after a citation or a bracket, "unknown
# [3].Steroids are", "(5 mg per day),methotrexate": the full stop or comma is a token of its own;
# and a slash between a name and a short form, "dermatomyositis/JDM" ("PET/CT", "and/or" stay whole)
GLUED_AFTER_BRACKET = r"(?<=\])\.(?=[A-Z][a-z])|(?<=[)\]]),(?=[A-Za-z])|(?<=[a-z]{4})\.(?=[A-Z][a-z]{3,})"
SLASH_BEFORE_SHORT_FORM = r"(?<=[a-z]{3})/(?=[A-Z]{2,}[a-z]?\b)"


# Citation numbers glued to the word before them ("hydronephrosis5", "osteomyelitis.1" in
# MedPix and PDF text) are split off, so the word matches the lexicons.
# Bracketed citations glued the same way ("aplastic anemia,[3]", "leading to AA.[8,9]",
# "in AA,[21]": publisher HTML and PDF text) lose their "[..." part once "]" is split off;
# only digits, commas and ranges, so "[3H]" or "Ca[2+]" stay whole. After a full stop the
# citation may be a list or range ("hydroxychloroquine.4,6", "SLE.25", "infections.1-3"); session 24: so may a list
# glued to the word ("watermelon stomach1,2", "gangrene1-4").
_CITE_LIST = r"\[[0-9]{1,3}(?:[,\u2013\u2011-][0-9]{1,3})*$"
CITATION_SUFFIX = (r"(?<=[a-z]{4})[0-9]{1,2}(?:[,\u2013-][0-9]{1,2})*$|(?<=[a-z]{3}[.,])[0-9]{1,3}$|(?<=[a-z]{2}\.,)[0-9]{1,3}$"
                   r"|(?<=[A-Za-z][.,;:])" + _CITE_LIST + r"|(?<=[a-z]{3})" + _CITE_LIST
                   + r"|(?<=[A-Za-z]{2}\.)[0-9]{1,3}(?:[,\u2013-][0-9]{1,3})*$"
                   # session 22: after a bracketed short form ending a sentence, "erythematosus (SLE).4 However"
                   + r"|(?<=[A-Za-z0-9]\)\.)[0-9]{1,3}(?:[,\u2013-][0-9]{1,3})*$"
                   # session 23: after a short form, "with the use of TCZ[1].", "patients with AAV[3]"
                   + r"|(?<=[A-Z]{2})" + _CITE_LIST)


class _Uncompiled:
    """A regex pattern not compiled: only ``.pattern`` is read. It matches nothing, which only
    the throw-away tokenizer (its special cases) ever sees."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern

    def search(self, text: str) -> None:
        return None

    def finditer(self, text: str):
        return iter(())


@contextmanager
def _infix_suffix_uncompiled():
    """While scispaCy builds its throw-away tokenizer, its infix and suffix expressions are
    joined as spaCy's ``compile_infix_regex``/``compile_suffix_regex`` join them, but not
    compiled: both are compiled once below, with rheumex's additions (each is a large
    character-class regex; compiling it is a good part of a tokenizer's build)."""
    import scispacy.custom_tokenizer as sci_tok

    saved = sci_tok.compile_infix_regex, sci_tok.compile_suffix_regex
    sci_tok.compile_infix_regex = lambda entries: _Uncompiled("|".join([p for p in entries if p.strip()]))
    sci_tok.compile_suffix_regex = lambda entries: _Uncompiled("|".join([p + "$" for p in entries if p.strip()]))
    try:
        yield
    finally:
        sci_tok.compile_infix_regex, sci_tok.compile_suffix_regex = saved


@spacy.registry.tokenizers("rheumex.scispacy_tokenizer.v1")
def create_scispacy_tokenizer() -> Callable[[Language], Tokenizer]:
    def make(nlp: Language) -> Tokenizer:
        from types import SimpleNamespace

        from scispacy.custom_tokenizer import ABBREVIATIONS, combined_rule_tokenizer
        from spacy.symbols import ORTH

        # scispaCy's regexes, read from a throw-away tokenizer built without spaCy's 5k
        # exceptions (loading special cases is the slow part of a tokenizer; the final one
        # below loads them once). combined_rule_tokenizer reads token_match from
        # nlp.tokenizer: the default tokenizer's is nlp.Defaults.token_match.
        stub = SimpleNamespace(vocab=nlp.vocab, Defaults=SimpleNamespace(tokenizer_exceptions={}),
                               tokenizer=SimpleNamespace(token_match=nlp.Defaults.token_match))
        with warnings.catch_warnings(), _infix_suffix_uncompiled():
            warnings.simplefilter("ignore", FutureWarning)  # a regex warning inside scispaCy
            sci = combined_rule_tokenizer(stub)  # type: ignore[arg-type]
        # "Sulfasalazine-induced", "ANCA-associated": the name before the hyphen is a
        # mention of its own, so split before these participles (scispaCy keeps them whole)
        infix = re.compile(f"{COMPOUND_INFIX}|{SLASH_AFTER_SHORT_FORM}|{GLUED_SHORT_FORM}|{TITLE_GENRE_HYPHEN}|{GLUED_AFTER_BRACKET}|{SLASH_BEFORE_SHORT_FORM}|{sci.infix_finditer.__self__.pattern}")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)  # the same regex warning, in scispaCy's suffixes
            suffix = re.compile(f"{CITATION_SUFFIX}|{sci.suffix_search.__self__.pattern}")
        rules = dict(nlp.Defaults.tokenizer_exceptions)  # what combined_rule_tokenizer uses, plus its exclusions
        rules.update({a: [{ORTH: a}] for a in ABBREVIATIONS})
        prefix = re.compile(f"{COMPOUND_PREFIX}|{sci.prefix_search.__self__.pattern}")
        return Tokenizer(nlp.vocab, rules, prefix_search=prefix.search, suffix_search=suffix.search,
                         infix_finditer=infix.finditer, token_match=sci.token_match)

    return make


@spacy.registry.tokenizers("rheumex.no_tokenizer.v1")
def create_no_tokenizer() -> Callable[[Language], Tokenizer]:
    """A bare tokenizer (no rules, no affixes: built in microseconds) for a pipeline loaded only
    to take trained components from it (``load_pipeline`` sourcing the packaged base model);
    never used to tokenize a document."""

    def make(nlp: Language) -> Tokenizer:
        return Tokenizer(nlp.vocab)

    return make
