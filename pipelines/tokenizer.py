"""The scispaCy tokenizer, registered so a config file can name it.

``combined_rule_tokenizer`` (scispaCy, Neumann et al. 2019) keeps biomedical tokens such
as "abdomen-pelvis", "anti-Jo1" and "IL-6" whole and splits "Fig." and units sensibly.
"""
from __future__ import annotations

import warnings
from typing import Callable

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer


@spacy.registry.tokenizers("rheumex.scispacy_tokenizer.v1")
def create_scispacy_tokenizer() -> Callable[[Language], Tokenizer]:
    def make(nlp: Language) -> Tokenizer:
        from scispacy.custom_tokenizer import combined_rule_tokenizer

        # combined_rule_tokenizer reads token_match/url_match from the default tokenizer
        nlp.tokenizer = spacy.registry.tokenizers.get("spacy.Tokenizer.v1")()(nlp)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)  # a regex warning inside scispaCy
            return combined_rule_tokenizer(nlp)

    return make
