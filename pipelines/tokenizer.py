"""The scispaCy tokenizer, registered so a config file can name it.

``combined_rule_tokenizer`` (scispaCy, Neumann et al. 2019) keeps biomedical tokens such
as "abdomen-pelvis", "anti-Jo1" and "IL-6" whole and splits "Fig." and units sensibly.
"""
from __future__ import annotations

import re
import warnings
from typing import Callable

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer


COMPOUND_INFIX = (r"(?<=[A-Za-z0-9])(?<![Ss]ero)-(?=(?:induced|associated|related|dependent|mediated|resistant|refractory|"
                  r"sparing|treated|naive|naïve|exposed|positive|negative|type)\b)")


# Citation numbers glued to the word before them ("hydronephrosis5", "osteomyelitis.1" in
# MedPix and PDF text) are split off, so the word matches the lexicons.
CITATION_SUFFIX = r"(?<=[a-z]{4})[0-9]{1,2}$|(?<=[a-z]{3}[.,])[0-9]{1,3}$|(?<=[a-z]{2}\.,)[0-9]{1,3}$"


@spacy.registry.tokenizers("rheumex.scispacy_tokenizer.v1")
def create_scispacy_tokenizer() -> Callable[[Language], Tokenizer]:
    def make(nlp: Language) -> Tokenizer:
        from scispacy.custom_tokenizer import combined_rule_tokenizer

        # combined_rule_tokenizer reads token_match/url_match from the default tokenizer
        nlp.tokenizer = spacy.registry.tokenizers.get("spacy.Tokenizer.v1")()(nlp)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)  # a regex warning inside scispaCy
            tok = combined_rule_tokenizer(nlp)
        # "Sulfasalazine-induced", "ANCA-associated": the name before the hyphen is a
        # mention of its own, so split before these participles (scispaCy keeps them whole)
        base = tok.infix_finditer.__self__.pattern
        tok.infix_finditer = re.compile(f"{COMPOUND_INFIX}|{base}").finditer
        suffix = tok.suffix_search.__self__.pattern
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)  # the same regex warning, in scispaCy's suffixes
            tok.suffix_search = re.compile(f"{CITATION_SUFFIX}|{suffix}").search
        return tok

    return make
