"""The packaged statistical NER (``rheumex_ner``) and the PubTator -> DocBin conversion of its trainer."""
import re
from collections import Counter

import pytest
from spacy.tokens import DocBin

import rheumex.pipelines  # noqa: F401
import rheumex.pipelines.ner as rner
from rheumex.pipelines.build_lexicons import read_pubtator
from rheumex.pipelines.train_ner import blank_nlp, pubtator_docs

pytestmark = pytest.mark.skipif(not (rner.packaged_model_path() / "config.cfg").is_file(),
                                reason="no packaged model at pipelines/models/ner")


@pytest.fixture(scope="module")
def ner_nlp():
    nlp = blank_nlp()
    nlp.add_pipe("rheumex_ner")  # default config: the packaged model
    return nlp


def seed_sentence(data_dir, word):
    text = (data_dir / "seed.txt").read_text(encoding="utf-8")
    return next(s.strip() for s in re.split(r"(?<=\.)\s+", text) if word in s and len(s) < 400)


def test_packaged_model_loads_via_factory(ner_nlp):
    comp = ner_nlp.get_pipe("rheumex_ner")
    assert set(comp.labels) == {"DISEASE", "CHEMICAL"}
    assert rner.load_ner_model() is comp.inner  # loaded once, shared


def test_finds_disease_in_real_sentence(ner_nlp, data_dir):
    # "... connective tissues disease ??primarily systemic lupus erythematosus, scleroderma, or dermatomyositis ..."
    # ("dermatomyositis" never occurs in the NCBI/BC5CDR training splits)
    sent = seed_sentence(data_dir, "or dermatomyositis")
    doc = ner_nlp(sent)
    diseases = {e.text for e in doc.ents if e.label_ == "DISEASE"}
    assert "dermatomyositis" in diseases, [(e.text, e.label_) for e in doc.ents]
    assert "systemic lupus erythematosus" in diseases


def test_component_on_rheumex_tokenizer_doc(ner_nlp):
    doc = blank_nlp().make_doc("Calcinosis cutis in systemic sclerosis (SSc) improved with intravenous sodium thiosulfate.")
    comp = ner_nlp.get_pipe("rheumex_ner")
    doc = comp(doc)
    assert doc.ents and {e.label_ for e in doc.ents} <= {"DISEASE", "CHEMICAL"}
    assert all(doc.vocab.strings[e.label] == e.label_ for e in doc.ents)
    assert any("sclerosis" in e.text and e.label_ == "DISEASE" for e in doc.ents)
    assert doc.tensor.size == 0  # the inner tok2vec does not leave a tensor on our doc
    # pipe() gives the same result as __call__
    texts = ["Naloxone reverses the antihypertensive effect of clonidine.", "", doc.text]
    piped = list(ner_nlp.pipe(texts, batch_size=2))
    assert [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in piped] == \
        [[(e.start_char, e.end_char, e.label_) for e in ner_nlp(t).ents] for t in texts]


SAMPLE = """\
1000001|t|Familial adenomatous polyposis and cisplatin-induced nephrotoxicity.
1000001|a|We report a DMD/BMD family with breast cancer.
1000001\t0\t30\tFamilial adenomatous polyposis\tSpecificDisease\tD011125
1000001\t35\t44\tcisplatin\tChemical\tD002945
1000001\t53\t67\tnephrotoxicity\tDisease\tD007674
1000001\t81\t84\tDMD\tModifier\tD020388
1000001\t85\t88\tBMD\tModifier\tD020388
1000001\t101\t114\tbreast cancer\tDisease\tD001943

1000002|t|Naloxone reverses hypertension.
1000002|a|Clonidine did not.
1000002\t0\t8\tNaloxone\tChemical\tD009270
1000002\t18\t30\thypertension\tDisease\tD006973
1000002\t32\t41\tClonidine\tChemical\tD003000
1000002\tCID\tD009270\tD006973
"""


def test_pubtator_to_docbin_keeps_spans(tmp_path):
    path = tmp_path / "sample.PubTator.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    parsed = read_pubtator(path)
    assert [d["id"] for d in parsed] == ["1000001", "1000002"]
    nlp = blank_nlp()
    stats = Counter()
    docs = pubtator_docs(nlp, parsed, has_chemical=True, stats=stats)
    db = DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE"])
    for d in docs:
        db.add(d)
    (tmp_path / "s.spacy").write_bytes(db.to_bytes())
    back = list(DocBin().from_bytes((tmp_path / "s.spacy").read_bytes()).get_docs(nlp.vocab))
    got = [[(e.text, e.label_) for e in d.ents] for d in back]
    assert got[0] == [("Familial adenomatous polyposis", "DISEASE"), ("cisplatin", "CHEMICAL"), ("nephrotoxicity", "DISEASE"),
                      ("DMD/BMD", "DISEASE"), ("breast cancer", "DISEASE")]
    assert got[1] == [("Naloxone", "CHEMICAL"), ("hypertension", "DISEASE"), ("Clonidine", "CHEMICAL")]
    assert back[0].text == parsed[0]["text"]
    # "DMD" and "BMD" sit in one token: both expand to "DMD/BMD", one is dropped as an overlap
    assert stats["mentions"] == 9 and stats["misaligned_expanded"] == 2 and stats["overlap_dropped"] == 1
    # without chemical annotation (NCBI): chemical-gazetteer tokens become missing, the rest O
    ncbi_doc = dict(parsed[0], mentions=[m for m in parsed[0]["mentions"] if m[3] != "Chemical"])
    gaz = lambda doc: [(t.i, t.i + 1) for t in doc if t.text == "cisplatin"]  # noqa: E731
    ncbi = pubtator_docs(nlp, [ncbi_doc], has_chemical=False, gazetteer=gaz)[0]
    chem = next(t for t in ncbi if t.text == "cisplatin")
    assert chem.ent_iob_ == "" and ncbi[chem.i + 1].ent_iob_ == "O"  # missing, then O
    assert [(e.text, e.label_) for e in ncbi.ents][0] == ("Familial adenomatous polyposis", "DISEASE")


def test_ner_config_runs_the_model_and_merges_by_policy():
    import rheumex

    nlp = rheumex.load_pipeline("ner")  # ner.cfg: rules + packaged NER
    assert nlp.pipe_names.index("rheumex_ner") == nlp.pipe_names.index("rheumex_entity_resolver") - 1
    default = rheumex.load_pipeline().pipe_names  # the default is the base pipeline: rules on the parser, no NER
    assert "rheumex_ner" not in default and "rheumex_selective_parse" in default
    texts = ["A woman with dermatomyositis developed calcinosis cutis and was treated with intravenous sodium thiosulfate.", ""]
    docs = list(nlp.pipe(texts, batch_size=2))
    assert [[(e.text, e.label_) for e in d.ents] for d in docs] == [[(e.text, e.label_) for e in nlp(t).ents] for t in texts]
    labels = {e.label_ for e in docs[0].ents}
    assert "CHEMICAL" not in labels and "DISEASE" in labels  # model labels go through the resolver's model_labels
    # fill_gaps: a lexicon entity is never replaced by an overlapping model span
    doc = nlp("She had systemic lupus erythematosus with calcinosis.")
    assert all(not (e._.source or "").startswith("model") for e in doc.ents)
    # a model span that is a lesion word or symptom is dropped (labels.md)
    resolver = nlp.get_pipe("rheumex_entity_resolver")
    d = nlp.make_doc("a painful hypoechoic lesion")
    from spacy.tokens import Span
    assert resolver._model_excluded(Span(d, 1, 4, label="DISEASE"), "DISEASE")
