"""``rheumex_selective_parse`` (pipelines/selective_parse.py): the base config tags and parses only
the sentences whose parse the entity rules read, on the seed paper and real dev sentences."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest

from rheumex.pipelines import load_pipeline

DATA = Path(__file__).parent / "data"
MODEL = ["tok2vec", "tagger", "rheumex_tag_pos", "parser"]


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline("base")


@pytest.fixture(scope="module")
def seed_doc(nlp):
    return nlp((DATA / "seed.txt").read_text(encoding="utf-8"))


@contextmanager
def parse_everything(nlp):
    """The same pipeline with the parse on every sentence (no selector asked)."""
    comp = nlp.get_pipe("rheumex_selective_parse")
    kept = comp.selector_names
    comp.selector_names = []
    try:
        yield nlp
    finally:
        comp.selector_names = kept


def _parsed(span) -> bool:
    return any(t.dep_ for t in span)


def _sentence(doc, text: str):
    return next(s for s in doc.sents if s.text.strip() == text)


def test_the_model_runs_inside_the_selective_parse(nlp):
    names = nlp.pipe_names
    assert set(MODEL) <= set(nlp.disabled) and not set(MODEL) & set(names)
    assert names.index("rheumex_structure") < names.index("rheumex_selective_parse") < names.index("rheumex_entity_resolver")


def test_sentences_with_a_disease_candidate_are_parsed(seed_doc):
    sent = _sentence(seed_doc, "We report two cases of calcinosis cutis combined with rheumatic disease.")
    assert _parsed(sent)
    by = {t.text: t for t in sent}
    assert by["rheumatic"].tag_ == "JJ" and by["rheumatic"].head.text == "disease" and by["calcinosis"].pos_ == "NOUN"


def test_sentences_no_rule_reads_the_parse_of_stay_unparsed(seed_doc):
    # IMAGING only (no rule reads its parse), an author line, and a reference (a skipped section)
    for text in ("Abdomen-pelvis CT at diagnosis, Case 1.", "Sang Won Lee, M.D.,",
                 "Extensive calcinosis cutis in relapsed acute lymphoblastic leukaemia."):
        sent = _sentence(seed_doc, text)
        assert not _parsed(sent)
        assert all(t.head.i == t.i and t.tag_ == "" and t.pos_ == "" for t in sent)
    assert [(e.text, e.label_) for e in _sentence(seed_doc, "Abdomen-pelvis CT at diagnosis, Case 1.").ents] == [
        ("Abdomen-pelvis CT", "IMAGING")]


def test_heads_stay_inside_their_sentences(seed_doc):
    # (the boundaries are the sentencizer's: test_base_model.test_base_pipeline_keeps_the_rheumex_sentence_boundaries)
    for sent in seed_doc.sents:
        assert all(sent.start <= t.head.i < sent.end for t in sent)


def test_entities_are_those_of_the_fully_parsed_pipeline_on_the_seed(nlp, seed_doc):
    with parse_everything(nlp):
        full = nlp(seed_doc.text)
    assert all(_parsed(s) for s in full.sents if any(not t.is_space for t in s))
    got = [(e.start, e.end, e.label_, e._.negated, e._.hypothetical) for e in seed_doc.ents]
    assert got == [(e.start, e.end, e.label_, e._.negated, e._.hypothetical) for e in full.ents]


def test_a_short_form_sentence_is_parsed_for_the_abbreviation_name_rules(nlp):
    # MPX1657 (dev): "RTA" is a DISEASE only through rheumex_abbreviations, which extends the
    # name with the resolver's parse-based rules
    text = "Primary RTA results from an inherited enzymatic defect."
    nlp.get_pipe("rheumex_abbreviations")  # the selector is in the pipeline
    doc = nlp(text)
    assert _parsed(doc[:])
    with parse_everything(nlp):
        full = nlp(text)
    assert [(e.text, e.label_) for e in doc.ents] == [(e.text, e.label_) for e in full.ents]
    assert any(e.label_ == "DISEASE" and "RTA" in e.text for e in doc.ents)


def test_a_document_parsed_already_is_left_alone(nlp):
    doc = nlp("Calcinosis in systemic sclerosis. The weather was fine.")
    comp = nlp.get_pipe("rheumex_selective_parse")
    before = [(t.tag_, t.dep_, t.head.i) for t in doc]
    assert _parsed(doc[:]) and comp(doc) is doc
    assert [(t.tag_, t.dep_, t.head.i) for t in doc] == before


def test_without_selectors_in_the_pipeline_everything_is_parsed(nlp):
    text = "Abdomen-pelvis CT at diagnosis, Case 1."
    comp = nlp.get_pipe("rheumex_selective_parse")
    kept = comp.selector_names
    comp.selector_names = ["no_such_component"]
    try:
        doc = nlp(text)
    finally:
        comp.selector_names = kept
    assert all(t.dep_ for t in doc)
