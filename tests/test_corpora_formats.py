"""rheumex.corpora.formats: every format gives back the exact text and every span of the gold corpus."""
import json
import warnings

import pytest

from rheumex.corpora import formats as F
from rheumex.corpora.gold import load_gold

EDGE_TEXT = "Head\tline\r\nsecond line\nspan\nacross \u2028x \U0001F600 calcinosis|x\n"


def _at(sub: str, label: str, **attrs) -> dict:
    i = EDGE_TEXT.index(sub)
    return {"start": i, "end": i + len(sub), "label": label, **attrs}


# line breaks of every kind, a tab, a span across a newline, a non-BMP character, '|' in a
# span, a case id that needs escaping, a concept id; a text without newline; one ending with one
EDGE = [
    {"id": "edge-1", "text": EDGE_TEXT, "meta": {"split": "dev", "source": "synthetic"},
     "spans": [_at("Head\tline", "DISEASE", negated=True),
               _at("span\nacross", "IMAGING", hypothetical=True, case_id="case 1;x=2"),
               _at("\U0001F600 calcinosis|x", "DISEASE", negated=True, hypothetical=True, concept_id="UMLS:C0006663")]},
    {"id": "edge-2", "text": "no newline at all", "meta": {}, "spans": [{"start": 3, "end": 10, "label": "TREATMENT"}]},
    {"id": "edge-3", "text": "ends with a newline\n", "meta": {}, "spans": []},
]


def _key(d: dict) -> tuple:
    return d["text"], sorted((s["start"], s["end"], s["label"], bool(s.get("negated")), bool(s.get("hypothetical")),
                              s.get("case_id"), s.get("concept_id")) for s in d["spans"])


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    docs = load_gold()
    assert docs
    return docs


@pytest.fixture(scope="module")
def tok_nlp():
    return F._blank_nlp()


def _write(fmt: str, docs: list[dict], tmp_path, nlp):
    out = tmp_path / {"brat": "brat", "pubtator": "g.pubtator", "bioc-xml": "g.xml", "bioc-json": "g.json", "docbin": "g.spacy",
                      "jsonl": "g.jsonl", "conll": "g.conll"}[fmt]
    if fmt == "docbin":
        return F.write_docbin(docs, out, nlp=nlp)
    return F.export(docs, fmt, out)


@pytest.mark.parametrize("fmt", F.FORMATS)
def test_round_trip_every_span_and_text(fmt, gold, tok_nlp, tmp_path):
    docs = gold + EDGE
    out = _write(fmt, docs, tmp_path, tok_nlp)
    back = F.import_docs(fmt, out)
    assert sorted(d["id"] for d in back) == sorted(d["id"] for d in docs)
    by_id = {d["id"]: d for d in back}
    for d in docs:
        assert _key(by_id[d["id"]]) == _key(d), d["id"]
    if fmt in ("bioc-xml", "bioc-json", "docbin", "jsonl"):  # these carry meta too
        assert all(by_id[d["id"]]["meta"] == d["meta"] for d in gold)


def test_pubtator_offsets_match_title_space_abstract(gold, tmp_path):
    path = F.write_pubtator(gold + EDGE, tmp_path / "g.pubtator")
    parts: dict = {}
    n = 0
    for line in path.read_text(encoding="utf-8").split("\n"):
        head = line.split("|", 2)
        if len(head) == 3 and head[1] in ("t", "a"):
            parts[head[1]] = head[2]
            assert "\t" not in head[2] and "\r" not in head[2]
        elif "\t" in line:
            f = line.split("\t")
            full = parts["t"] + " " + parts["a"]
            assert full[int(f[1]):int(f[2])] == f[3]
            n += 1
    assert n == sum(len(d["spans"]) for d in gold + EDGE)
    edge = {d["id"]: d for d in F.read_pubtator(path)}["edge-1"]
    assert edge["text"].count("\n") == EDGE_TEXT.count("\n") and "\r\n" in edge["text"] and "\u2028" in edge["text"]


def test_bioc_xml_refuses_characters_xml_cannot_hold(tmp_path):
    doc = {"id": "vt", "text": "a\x0bb", "meta": {}, "spans": [{"start": 0, "end": 1, "label": "DISEASE"}]}
    with pytest.raises(ValueError, match=r"vt.*U\+000B.*fmt='json'"):
        F.write_bioc([doc], tmp_path / "x.xml", "xml")
    assert _key(F.read_bioc(F.write_bioc([doc], tmp_path / "x.json", "json"))[0]) == _key(doc)


def test_brat_detects_an_edited_txt(tmp_path):
    F.write_brat(EDGE[1:2], tmp_path)
    (tmp_path / "edge-2.txt").write_text("no NEWLINE at all", encoding="utf-8")
    with pytest.raises(ValueError, match=r"edge-2\.ann:1: .*differs"):
        F.read_brat(tmp_path)


def test_to_examples_keeps_every_span_and_names_misaligned_docs(gold, tok_nlp):
    misaligned = F.misaligned_spans(gold, tok_nlp)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        examples = F.to_examples(gold, tok_nlp)
    assert len(examples) == len(gold)
    for d, ex in zip(gold, examples):
        assert ex.predicted.text == ex.reference.text == d["text"]
        ents = [(e.start_char, e.end_char, e.label_) for e in ex.reference.ents]
        assert ents == sorted((s["start"], s["end"], s["label"]) for s in d["spans"])
        assert ex.reference.user_data["rheumex_gold"]["id"] == d["id"]
    warned = {str(w.message).split(":")[0] for w in caught}
    assert warned == {doc_id for doc_id, _ in misaligned}
    projected = sum(len(ex.get_aligned_spans_y2x(ex.reference.ents)) for ex in examples)
    assert projected == sum(len(d["spans"]) for d in gold) - len(misaligned)
    bad = {"id": "glued", "text": "tumor3. seen", "meta": {}, "spans": [{"start": 0, "end": 5, "label": "DISEASE"}]}
    if F.misaligned_spans([bad], tok_nlp):
        with pytest.raises(ValueError, match="glued: 1 of 1"):
            F.to_examples([bad], tok_nlp, on_misaligned="raise")


def test_to_dataframes(gold):
    documents, spans = F.to_dataframes(gold + EDGE)
    assert list(documents["doc_id"]) == [d["id"] for d in gold + EDGE]
    assert len(spans) == sum(len(d["spans"]) for d in gold + EDGE)
    assert str(spans["negated"].dtype) == "boolean" and str(spans["start"].dtype) == "Int64"
    texts = {d["id"]: d["text"] for d in gold + EDGE}
    assert all(texts[r.doc_id][r.start:r.end] == r.text for r in spans.itertuples())
    row = spans[spans["doc_id"] == "edge-1"].iloc[1]
    assert row["case_id"] == "case 1;x=2" and bool(row["hypothetical"]) and not bool(row["negated"])


def test_cli_export_import(gold, tmp_path, capsys):
    src = tmp_path / "gold.jsonl"
    src.write_text("".join(json.dumps(d) + "\n" for d in gold[:3]), encoding="utf-8")
    assert F.main(["export", "--to", "bioc-json", str(src), str(tmp_path / "g.json")]) == 0
    assert F.main(["import", "--from", "bioc-json", str(tmp_path / "g.json"), str(tmp_path / "back.jsonl")]) == 0
    back = [json.loads(l) for l in (tmp_path / "back.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [_key(d) for d in back] == [_key(d) for d in gold[:3]]
    assert F.main(["export", "--to", "brat", str(tmp_path / "missing.jsonl"), str(tmp_path / "b")]) == 1
    assert "missing.jsonl: no such gold file" in capsys.readouterr().err
