"""The packaged base model (tok2vec + PTB tagger + parser trained on CRAFT) and its training data handling.

No training here: the model in ``pipelines/models/base`` is loaded as shipped. The CRAFT sentence in
``tests/data/craft/`` is copied from the treebank (CC BY 3.0, see ATTRIBUTION.md).
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import spacy

from rheumex.pipelines import base_model_path, load_pipeline
from rheumex.pipelines import train_base

DATA = Path(__file__).parent / "data"
# from the seed paper (tests/data/seed.txt)
SEED_SENTENCE = "We report two cases of calcinosis cutis combined with rheumatic disease."


@pytest.fixture(scope="module")
def base():
    return spacy.load(base_model_path())


def test_base_model_tags_and_parses_a_real_sentence(base):
    assert {"tok2vec", "tagger", "attribute_ruler", "parser"} <= set(base.pipe_names)
    doc = base(SEED_SENTENCE)
    tags = {t.text: t.tag_ for t in doc}
    assert tags["report"].startswith("VB") and tags["cases"] == "NNS" and tags["two"] == "CD"
    assert tags["rheumatic"] == "JJ"
    by = {t.text: t for t in doc}
    assert by["report"].dep_ == "ROOT" and by["We"].head.text == "report"
    assert by["rheumatic"].head.text == "disease" and by["rheumatic"].dep_ == "amod"
    assert by["calcinosis"].pos_ == "NOUN"  # coarse POS from the attribute_ruler


def test_noun_chunks_are_found(base):
    chunks = [c.text for c in base(SEED_SENTENCE).noun_chunks]
    assert chunks, "doc.noun_chunks is empty: coarse POS not set"
    assert "rheumatic disease" in chunks
    assert any("cases" in c for c in chunks)


def test_base_model_is_small():
    size = sum(f.stat().st_size for f in base_model_path().rglob("*") if f.is_file())
    assert size <= 25 * 1024 * 1024


def test_tag_map_covers_every_tag_the_model_predicts(base):
    mapping = train_base.read_tag_map()
    missing = set(base.get_pipe("tagger").labels) - set(mapping)
    assert not missing
    assert mapping["NN"] == "NOUN" and mapping["JJ"] == "ADJ" and mapping["VBD"] == "VERB"


def test_split_file_is_by_article():
    split = train_base.read_split()
    counts = Counter(split.values())
    assert counts == {"train": 80, "dev": 8, "test": 9}
    assert all(name.endswith(".conllu") for name in split)  # one row per article file, each in one part
    lines = [ln for ln in train_base.SPLIT_FILE.read_text().splitlines() if ln and not ln.startswith(("#", "article\t"))]
    assert len(lines) == len(split) == 97


def test_treebank_is_retokenized_to_the_pipeline_tokenizer():
    """CRAFT splits "C57BL / 6J"; the pipeline tokenizer keeps it whole, so the pieces are merged and the
    merged token keeps the syntactic root's tag, label and head."""
    nlp = train_base.blank_nlp()
    (para,) = train_base.read_conllu((DATA / "craft" / "11532192-s96.conllu").read_text(encoding="utf-8"))
    doc = train_base.gold_doc(nlp.vocab, para)
    assert "C57BL" in [t.text for t in doc] and len(doc) == 18
    train_base.retokenize_to(doc, nlp)
    assert [t.text for t in doc] == [t.text for t in nlp.make_doc(doc.text)]
    by = {t.text: t for t in doc}
    assert by["C57BL/6J"].tag_ == "NN" and by["C57BL/6J"].dep_ == "pobj" and by["C57BL/6J"].head.text == "in"
    assert by["129P3/J"].dep_ == "conj" and by["129P3/J"].head.text == "C57BL/6J"
    assert by["strains"].head.text == "C57BL/6J"


def test_base_pipeline_keeps_the_rheumex_sentence_boundaries():
    text = (DATA / "seed.txt").read_text(encoding="utf-8")[:4000]
    rules = [s.text for s in load_pipeline("rules")(text).sents]
    doc = load_pipeline("base")(text)
    assert [s.text for s in doc.sents] == rules
    assert doc.has_annotation("DEP") and doc.has_annotation("TAG")


# ---- pipelines/syntax.py on real sentences (MedPix cases MPX2281, MPX2450, MPX2305 and a seed-paper
# reference title, from the shared material; quoted here so the tests do not need it)

def _doc(base, text):
    return base(text)


def _tok(doc, word):
    return next(t for t in doc if t.text == word)


def test_noun_phrase_keeps_classifying_modifiers_and_drops_the_determiner(base):
    from rheumex.pipelines.syntax import noun_phrase

    doc = _doc(base, "CT scan with contrast showed an incidental finding of a complex renal cyst.")
    assert noun_phrase(_tok(doc, "cyst")).text == "complex renal cyst"
    doc = _doc(base, "Low dose warfarin treatment for calcinosis in patients with systemic sclerosis")
    assert noun_phrase(_tok(doc, "sclerosis")).text == "systemic sclerosis"


def test_noun_phrase_drops_laterality_and_conjuncts_are_found(base):
    from rheumex.pipelines.syntax import conjuncts, noun_phrase

    doc = _doc(base, "There is a strong association between subcutaneous sarcoidosis and bilateral hilar "
                     "lymphadenopathy (72.7%).")
    assert noun_phrase(_tok(doc, "lymphadenopathy")).text == "hilar lymphadenopathy"
    assert noun_phrase(_tok(doc, "sarcoidosis")).text == "subcutaneous sarcoidosis"
    assert [t.text for t in conjuncts(_tok(doc, "sarcoidosis"))] == ["lymphadenopathy"]


def test_noun_phrase_keeps_noun_compounds_in_a_list(base):
    from rheumex.pipelines.syntax import conjuncts, noun_phrase

    doc = _doc(base, "X-linked dominant trait characterized by hypocalcemia, hyperphosphatemia, basal ganglion "
                     "and soft tissue calcification.")
    assert noun_phrase(_tok(doc, "calcification")).text == "soft tissue calcification"
    assert {"hypocalcemia", "hyperphosphatemia"} <= {t.text for t in conjuncts(_tok(doc, "calcification"))}


def test_tag_pos_table_gives_the_attribute_rulers_coarse_pos(base):
    """``rheumex_tag_pos`` (the base config's cheap PTB -> UPOS step) agrees with the model's attribute_ruler."""
    from rheumex.pipelines.tagpos import TagToPos, tag_pos_table

    doc = base(SEED_SENTENCE + " The patient was treated with oral prednisone (20 mg/day), and the nodules regressed.")
    expected = [t.pos_ for t in doc]
    for t in doc:
        t.pos = 0
    TagToPos(tag_pos_table())(doc)
    assert [t.pos_ for t in doc] == expected
    assert tag_pos_table()["''"] == "PUNCT"  # the closing-quote tag is a tag, not an empty cell
    doc[0].pos_ = "PROPN"  # a POS set before (an installed model's own) is kept
    TagToPos(tag_pos_table())(doc)
    assert doc[0].pos_ == "PROPN"


def test_base_config_uses_the_table_not_the_attribute_ruler():
    nlp = load_pipeline("base")
    names = nlp.component_names  # the model's components run inside rheumex_selective_parse, in this order
    assert "attribute_ruler" not in names and names.index("tagger") < names.index("rheumex_tag_pos") < names.index("parser")
    assert nlp.get_pipe("rheumex_selective_parse").component_names == ["tok2vec", "tagger", "rheumex_tag_pos", "parser"]
    by = {t.text: t for t in nlp(SEED_SENTENCE)}
    assert by["calcinosis"].pos_ == "NOUN" and by["rheumatic"].pos_ == "ADJ"
