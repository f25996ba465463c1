"""Speed refactors must give what the slow versions gave (benchmarks/results/pipeline-base.md)."""
from spacy.tokens import Doc

from rheumex.pipelines import extensions
from rheumex.pipelines.tagpos import TagToPos, tag_pos_table

# tests/data/seed.txt (J Korean Rheum Assoc 2007): a title line, a wrapped author line, blanks
SEED = ("Two Cases of Calcinosis Cutis Combined with Rheumatologic Disease\n"
        "Seung Woo Yi, M.D., Sang Won Lee, M.D.,  Myoung Kyun Son, M.D.\n\n"
        "Department of Internal Medicine, Yonsei University College of Medicine, Seoul, Korea. ")


def _nlp():
    import spacy
    nlp = spacy.blank("en")
    return nlp


def test_doc_text_from_arrays_equals_doc_text():
    doc = _nlp()(SEED)
    assert extensions._join_tokens(doc) == doc.text == SEED
    assert extensions.doc_text(doc) == SEED
    assert extensions._join_tokens(_nlp()("")) == ""


def test_tag_pos_by_arrays_sets_pos_from_tags_and_keeps_a_preset_pos():
    words = ["Calcinosis", "cutis", "was", "found", "."]
    doc = Doc(_nlp().vocab, words=words, tags=["NN", "NN", "VBD", "VBN", "."])
    doc[0].pos_ = "PROPN"  # set before, e.g. by a scispaCy model's attribute_ruler: left alone
    TagToPos(tag_pos_table())(doc)
    table = tag_pos_table()
    assert [t.pos_ for t in doc] == ["PROPN", table["NN"], table["VBD"], table["VBN"], table["."]]
    untagged = Doc(_nlp().vocab, words=words)
    TagToPos(tag_pos_table())(untagged)
    assert [t.pos for t in untagged] == [0] * 5
