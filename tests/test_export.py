"""``rheumex export RUN --to FMT`` (issue 18 item 16): every format is read back with its own
library (bioc, spaCy) or reader and gives the run's texts and mentions."""
import json
import shutil

import pandas as pd
import pytest

from rheumex.api import extract_to_dir, read_results
from rheumex.cli import main
from rheumex.corpora import formats
from rheumex.export import EXPORT_FORMATS, run_documents
from rheumex.runner import RunOptions


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory, data_dir):
    inputs = tmp_path_factory.mktemp("inputs")
    shutil.copy(data_dir / "seed.txt", inputs / "seed.txt")
    shutil.copy(data_dir / "xml" / "acg-chronic-pancreatitis-disappearing-calcifications.xml", inputs / "acg.xml")
    out = tmp_path_factory.mktemp("run")
    extract_to_dir([str(inputs)], out, RunOptions())
    return out


@pytest.fixture(scope="module")
def tables(run_dir):
    r = read_results(run_dir)
    assert len(r.documents) == 2 and len(r.mentions) > 100
    return r


@pytest.fixture(scope="module")
def exported(run_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("exported")
    paths = {}
    for fmt in EXPORT_FORMATS:
        paths[fmt] = out / ("brat" if fmt == "brat" else f"run.{fmt}")
        assert main(["export", str(run_dir), "--to", fmt, "--out", str(paths[fmt])]) == 0, fmt
    return paths


def _expected(tables) -> dict[str, list[tuple]]:
    """doc_id -> sorted (start, end, label, text) of its mentions, from the run's tables."""
    out: dict[str, list[tuple]] = {}
    texts = dict(zip(tables.documents["doc_id"], tables.documents["text"]))
    for m in tables.mentions.itertuples():
        out.setdefault(m.doc_id, []).append((int(m.start), int(m.end), m.label, texts[m.doc_id][m.start:m.end]))
    return {k: sorted(v) for k, v in out.items()}


def _spans(doc: dict) -> list[tuple]:
    return sorted((s["start"], s["end"], s["label"], doc["text"][s["start"]:s["end"]]) for s in doc["spans"])


def test_cli_export_reports_and_refuses_what_is_not_a_run(run_dir, tmp_path, capsys):
    assert main(["export", str(run_dir), "--to", "jsonl", "--out", str(tmp_path / "x.jsonl")]) == 0
    assert "2 documents" in capsys.readouterr().err
    assert main(["export", str(tmp_path / "nothing"), "--to", "brat", "--out", str(tmp_path / "b")]) == 2
    assert "no rheumex tables here" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["brat", "pubtator", "bioc-xml", "bioc-json", "docbin", "jsonl"])
def test_round_trip_through_rheumex_readers_keeps_texts_mentions_and_attributes(fmt, exported, tables):
    back = {d["id"]: d for d in formats.import_docs(fmt, exported[fmt])}
    texts = dict(zip(tables.documents["doc_id"], tables.documents["text"]))
    assert set(back) == set(texts)
    for did, spans in _expected(tables).items():
        assert back[did]["text"] == texts[did]
        assert _spans(back[did]) == spans
    # attributes survive: negated mentions, case ids and concept ids
    ms = tables.mentions
    attrs = {(m.doc_id, int(m.start), int(m.end)): m for m in ms.itertuples()}
    n_neg = n_case = 0
    for did, d in back.items():
        for s in d["spans"]:
            m = attrs[(did, s["start"], s["end"])]
            assert s.get("negated", False) == bool(m.negated) and s.get("concept_id") == (None if pd.isna(m.concept_id) else m.concept_id)
            assert s.get("case_id") == (None if pd.isna(m.case_id) else m.case_id)
            n_neg += bool(s.get("negated"))
            n_case += "case_id" in s
    assert n_neg > 0 and n_case > 0


@pytest.mark.parametrize("fmt,module", [("bioc-xml", "biocxml"), ("bioc-json", "biocjson")])
def test_bioc_export_reads_with_the_bioc_library(fmt, module, exported, tables):
    import bioc

    with open(exported[fmt], encoding="utf-8") as fh:
        collection = getattr(bioc, module).load(fh)
    expected = _expected(tables)
    assert {d.id for d in collection.documents} == set(expected)
    for d in collection.documents:
        (passage,) = d.passages
        got = sorted((a.locations[0].offset, a.locations[0].offset + a.locations[0].length, a.infons["type"], a.text)
                     for a in passage.annotations)
        assert got == expected[d.id]
    acg = next(d for d in collection.documents if "Pancreatitis" in d.passages[0].text[:200])
    assert json.loads(acg.infons["rheumex_meta"])["format"] == "jats"


def test_docbin_export_reads_with_spacy(exported, tables):
    import spacy
    from spacy.tokens import DocBin

    docs = list(DocBin(store_user_data=True).from_disk(exported["docbin"]).get_docs(spacy.blank("en").vocab))
    expected = _expected(tables)
    assert len(docs) == 2
    for doc in docs:
        did = doc.user_data["rheumex_gold"]["id"]
        gold = sorted((s.start_char, s.end_char, s.label_, s.text) for s in doc.spans["gold"])
        aligned = [e for e in expected[did] if doc.char_span(e[0], e[1]) is not None]
        assert len(aligned) >= 0.95 * len(expected[did])
        assert set(aligned) <= set(gold)
        assert len(doc.ents) >= 0.9 * len(aligned) and all((e.start_char, e.end_char, e.label_, e.text) in set(aligned) for e in doc.ents)


def test_jsonl_is_prodigy_and_doccano_shaped(exported, tables):
    lines = [json.loads(l) for l in exported["jsonl"].read_text(encoding="utf-8").splitlines()]
    expected = _expected(tables)
    assert len(lines) == 2
    for rec in lines:
        did = rec["meta"]["id"]
        # Prodigy: text + spans [{start, end, label}] + meta
        assert sorted((s["start"], s["end"], s["label"], rec["text"][s["start"]:s["end"]]) for s in rec["spans"]) == expected[did]
        assert all(set(s) == {"start", "end", "label"} for s in rec["spans"])
        # doccano sequence labelling: label [[start, end, label]]
        assert [list(x) for x in rec["label"]] == [[s["start"], s["end"], s["label"]] for s in rec["spans"]]
    seed = next(r for r in lines if "Calcinosis Cutis" in r["text"][:2000])
    assert seed["meta"]["format"] == "text" and seed["meta"]["source"].endswith("seed.txt")


def test_conll_export_reads_with_spacys_conll_converter(exported, tables):
    from spacy.training.converters import conll_ner_to_docs

    text = exported["conll"].read_text(encoding="utf-8")
    assert text.startswith(formats.CONLL_DOCSTART + "\n")
    for line in text.splitlines():
        assert line == formats.CONLL_DOCSTART or not line or len(line.split("\t")) == 2
    docs = list(conll_ner_to_docs(text, n_sents=0, no_print=True))
    assert len(docs) == 2
    expected = _expected(tables)
    order = list(tables.documents["doc_id"])
    for doc, did in zip(docs, order):
        # BIO keeps one tag per token: drop mentions overlapping an earlier (longer) one
        kept, end = [], -1
        for s, e, label, t in sorted(expected[did], key=lambda x: (x[0], -x[1])):
            if s >= end:
                kept.append((label, "".join(t.split())))
                end = e
        got = [(e.label_, "".join(e.text.split())) for e in doc.ents]
        assert len(got) == len(kept)
        same = sum(a == b for a, b in zip(got, kept))
        assert same >= 0.97 * len(kept), [x for x in zip(got, kept) if x[0] != x[1]][:5]
    # and our own reader gives the same entities
    back = formats.read_conll(exported["conll"])
    assert [[(s["label"], d["text"][s["start"]:s["end"]].replace(" ", "")) for s in d["spans"]] for d in back] == \
        [[(e.label_, "".join(e.text.split())) for e in doc.ents] for doc in docs]
