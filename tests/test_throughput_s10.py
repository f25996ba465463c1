"""Session 10 throughput changes (issue 17): the same output, less work per document.

* pdfminer's per-token ``log.debug`` calls are skipped while nobody listens (extract/pdf_quiet.py);
* the morphology component's lexicon words come from the pipeline cache, and one joined regex
  stands for all its REGEX rules on a word that matches none (pipelines/morphology.py);
* the resolver finds the tokens outside skipped sections with array operations (pipelines/resolver.py).
"""
from __future__ import annotations

import logging
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
PDF = DATA / "pdf" / "hindawi-heart-failure-programmes-layoutref.pdf"


# -- pdfminer debug calls ------------------------------------------------------------------
def test_pdfminer_debug_is_a_noop_only_inside_the_block():
    from rheumex.extract.pdf_quiet import debug_off

    lg = logging.getLogger("pdfminer.psparser")
    old = logging.getLogger("pdfminer").level
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        with debug_off():
            assert "debug" in vars(lg)  # the instance attribute (a no-op) hides Logger.debug
            with debug_off():  # nested: still muted
                pass
            assert "debug" in vars(lg)
        assert "debug" not in vars(lg)  # removed when the last block ends
    finally:
        logging.getLogger("pdfminer").setLevel(old)


def test_pdfminer_debug_records_still_reach_a_listener(caplog):
    """With DEBUG enabled for pdfminer, converting a real PDF still logs pdfminer's debug records."""
    from rheumex.extract.convert import convert

    old = logging.getLogger("pdfminer").level
    try:
        with caplog.at_level(logging.DEBUG, logger="pdfminer"):
            convert(PDF)
        assert any(r.name.startswith("pdfminer.") and r.levelno == logging.DEBUG for r in caplog.records)
    finally:
        logging.getLogger("pdfminer").setLevel(old)


def test_converting_with_debug_off_gives_the_same_document():
    from rheumex.extract.convert import convert

    pm = logging.getLogger("pdfminer")
    old, prop = pm.level, pm.propagate
    try:
        pm.setLevel(logging.DEBUG)  # nothing muted: pdfminer's own debug calls run
        pm.propagate = False  # (and go nowhere)
        loud = convert(PDF)
    finally:
        pm.setLevel(old)
        pm.propagate = prop
    quiet = convert(PDF)
    assert quiet.text == loud.text and quiet.sections == loud.sections


# -- morphology ----------------------------------------------------------------------------
def test_morphology_words_come_from_the_cache(nlp, monkeypatch):
    """A pipeline restored from the cache does not read treatment.jsonl for the drug-combination rule
    (sentence: PMC4739210, shortened, as in test_treatment_contract.py)."""
    import rheumex
    from rheumex.pipelines import morphology

    rheumex.load_pipeline()  # the session's cache file exists now
    fresh = rheumex.load_pipeline()
    assert fresh.meta["rheumex"].get("cache") == "hit"

    def no_file(*a, **k):
        raise AssertionError("the lexicon file was read on a cache hit")

    monkeypatch.setattr(morphology, "iter_lexicon", no_file)
    doc = fresh("He was started on broad-spectrum antibiotics, including vancomycin, piperacillin/tazobactam, and ciprofloxacin.")
    assert any(s.text == "piperacillin/tazobactam" and s.label_ == "TREATMENT" for s in doc.spans["rheumex_candidates"])


def test_morphology_state_round_trip(nlp):
    m = nlp.get_pipe("rheumex_morphology")
    state = m.cache_state()
    assert state["parts_words"] and "piperacillin" in state["parts_words"][0]
    m.restore_state(state)
    with pytest.raises(ValueError):
        m.restore_state({"parts_words": []})


def test_joined_regex_gives_the_hits_of_every_rule(nlp):
    """Every word of a real sentence (dev gold text style, PMC4739210 shortened) and a few word
    forms: the joined-regex shortcut finds exactly the rules that testing each rule finds."""
    m = nlp.get_pipe("rheumex_morphology")
    assert m._any_regex is not None
    sentence = ("He was started on broad-spectrum antibiotics, including vancomycin, piperacillin/tazobactam, and "
                "ciprofloxacin, for cholangitis after cholecystectomy; diagnosis of calcinosis and hypercalciuria.")
    words = [t.lower_ for t in nlp.make_doc(sentence)] + ["anatomy", "stoma", "trimethoprim-sulfamethoxazole", "x"]
    hits = 0
    for w in words:
        expected = tuple(r for r in m.rules if r.matches(w))
        assert m._lookup(w) == expected, w
        hits += bool(expected)
    assert hits >= 5


def test_rules_that_cannot_be_joined_are_each_tested():
    from rheumex.pipelines.morphology import _any_of, _rule

    rules = [_rule({"label": "DISEASE", "pattern": [{"LOWER": {"REGEX": r"^(a)\1$"}}], "source": "t"})]
    assert _any_of(rules) == (None, ())
    rules = [_rule({"label": "DISEASE", "pattern": [{"LOWER": {"REGEX": r"^[a-z]{3,}itis$"}}], "source": "t"}),
             _rule({"label": "DISEASE", "pattern": [{"LOWER": "gout"}], "source": "t"})]
    joined, plain = _any_of(rules)
    assert joined is not None and plain == (rules[1],)


# -- resolver ------------------------------------------------------------------------------
def test_words_of_skipped_sections_do_not_count_as_lower_case(nlp):
    """_View.lower_set: words written in lower case only inside a skipped range (a reference
    list) are left out (title in the style of the reference lists of the Hindawi PDFs)."""
    from rheumex.pipelines.resolver import _View

    body = "Essure was removed. "
    refs = "Adverse events with essure hysteroscopic sterilization."
    doc = nlp.make_doc(body + refs)
    view = _View(doc, [(len(body), len(body) + len(refs))])
    assert "essure" not in view.lower_set and "removed" in view.lower_set
    assert "essure" in _View(doc, []).lower_set
    assert "essure" in _View(doc, [(0, 5)]).lower_set


# -- tables written without pandas -------------------------------------------------------
def _reference_arrow_schema(table: str):
    """The schema as rheumex built it with pandas before session 10."""
    import pyarrow as pa

    from rheumex import schema

    base = pa.Schema.from_pandas(schema.frame([], table), preserve_index=False)
    fields = [pa.field(f.name, pa.list_(pa.string())) if schema.TABLES[table][f.name] == schema.LIST else f for f in base]
    return pa.schema(fields, metadata=base.metadata)


@pytest.mark.parametrize("table", ["documents", "mentions", "cases", "manifest"])
def test_arrow_schema_is_the_one_pandas_gives(table):
    from rheumex import schema

    assert schema.arrow_schema(table).equals(_reference_arrow_schema(table), check_metadata=True)


# rows as the pipeline makes them, from tests/data/seed.txt, with the awkward values a paper can hold
_ROWS = {
    "mentions": [
        {"doc_id": "d1", "mention_id": "d1-0000", "label": "DISEASE", "start": 0, "end": 20, "text": "Calcinosis cutis",
         "sentence": 'A 54-year-old woman with "limited" systemic sclerosis,\nRaynaud\u2019s phenomenon; é', "section": None,
         "section_kind": "body", "case_id": "1", "concept_id": "MESH:D002115", "concept_name": "Calcinosis",
         "negated": False, "hypothetical": True, "subject": "patient", "source": "mesh"},
        {"doc_id": "d1", "mention_id": "d1-0001", "label": "TREATMENT", "start": 7, "end": None, "text": "=HYPERLINK(1)",
         "sentence": "-3 mg/kg", "section": "+x", "section_kind": "@y", "case_id": None, "concept_id": "\ttab",
         "concept_name": "", "negated": None, "hypothetical": False, "subject": None, "source": "\rcr"},
    ],
    "cases": [
        {"doc_id": "d1", "case_id": "1", "age": "54", "sex": "female", "diseases": ["calcinosis cutis", "=SUM(A1)"],
         "calcinosis_sites": [], "imaging": None, "treatments": ("diltiazem",), "treatment_response": None,
         "response_sentence_ids": '["d1-s0001"]', "response_sentences": ["The nodules \"shrank\"\n."], "outcome": None,
         "evidence": ["d1-0000", "d1-0001"]},
    ],
    "manifest": [
        {"source": "seed.txt", "doc_id": "d1", "status": "ok", "error": None, "seconds": 0.1234, "warnings": None},
        {"source": "-bad.pdf", "doc_id": None, "status": "error", "error": "bad, \"really\"", "seconds": 5e-05, "warnings": "w"},
        {"source": "x.pdf", "doc_id": None, "status": "error", "error": "x", "seconds": 3, "warnings": None},
    ],
    "documents": [
        {"doc_id": "d1", "source": "seed.txt", "format": "text", "title": None, "authors": None, "journal": None,
         "year": 2019, "doi": None, "n_chars": 1234, "n_pages": None, "text": "Calcinosis cutis.\n\nA 54-year-old woman",
         "status": "ok"},
    ],
}


def _write(tmp_path, table: str, rows: list[dict], via_frame: bool) -> tuple[bytes, bytes]:
    from rheumex.api import _TableWriter

    out = tmp_path / ("frame" if via_frame else "plain") / table
    out.mkdir(parents=True)
    w = _TableWriter(out, table)
    (w._write_frame if via_frame else w.write)(rows)
    w.write([])
    w.close()
    w.commit()
    return (out / f"{table}.csv").read_bytes(), (out / f"{table}.parquet").read_bytes()


@pytest.mark.parametrize("table", ["documents", "mentions", "cases", "manifest"])
def test_plain_writer_gives_the_bytes_of_the_pandas_writer(tmp_path, table):
    from rheumex import schema

    rows = _ROWS[table]
    assert schema.plain_columns(rows, table) is not None  # the fast path is the one tested
    plain = _write(tmp_path, table, rows, via_frame=False)
    frame = _write(tmp_path, table, rows, via_frame=True)
    assert plain[0] == frame[0]
    assert plain[1] == frame[1]
    assert b"'=HYPERLINK(1)" in plain[0] or table != "mentions"  # the formula guard still applies


def test_values_of_other_types_go_through_pandas(tmp_path):
    """A case id given as a number (an API caller's rows) is written as pandas converts it."""
    from rheumex import schema
    from rheumex.api import read_table

    rows = [dict(_ROWS["mentions"][0], case_id=1, start=3.0)]
    assert schema.plain_columns(rows, "mentions") is None
    csv_bytes, _ = _write(tmp_path, "mentions", rows, via_frame=False)
    df = read_table(tmp_path / "plain" / "mentions" / "mentions.parquet")
    assert df["case_id"].tolist() == ["1"] and df["start"].tolist() == [3]
    assert b",1,MESH:D002115," in csv_bytes


def test_extract_command_imports_no_pandas(tmp_path):
    import subprocess
    import sys

    code = ("import sys\nfrom rheumex.cli import main\n"
            f"code = main(['extract', {str(DATA / 'seed.txt')!r}, '--out', {str(tmp_path / 'out')!r}, '--quiet'])\n"
            "print(code, 'pandas' in sys.modules)\n")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert p.stdout.split() == ["0", "False"], p.stderr[-2000:]
    from rheumex import read_results

    res = read_results(tmp_path / "out")
    assert res.manifest["status"].tolist() == ["ok"] and len(res.mentions) > 10


# -- scispaCy's abbreviation matchers on the ORTH column ------------------------------------
def _random_docs(nlp, alphabet, n, seed):
    import random

    from spacy.tokens import Doc

    rnd = random.Random(seed)
    for _ in range(n):
        yield Doc(nlp.vocab, words=[rnd.choice(alphabet) for _ in range(rnd.randint(0, 40))])


def test_parenthesis_matches_are_the_bounded_matchers(nlp, data_dir):
    """Same matches, same order, as the bounded spaCy Matcher: the seed paper, dev sentences with
    nested brackets (tests/test_abbreviation_matcher.py) and random bracket sequences."""
    from test_abbreviation_matcher import SENTENCES

    from rheumex.pipelines.abbreviation_matcher import ParenthesisMatches, bounded_matcher

    ref, new = bounded_matcher(nlp), ParenthesisMatches(nlp.vocab)
    docs = [nlp.make_doc(t) for t in SENTENCES + [(data_dir / "seed.txt").read_text(encoding="utf-8")]]
    docs += list(_random_docs(nlp, ["(", ")", "x", "y"], 1500, 1))
    n = 0
    for doc in docs:
        assert new(doc) == list(ref(doc)), [t.text for t in doc]
        n += len(new(doc))
    assert n > 1000


def test_short_form_matcher_is_spacys_matcher(nlp):
    """add / call / remove rounds as scispaCy's find_matches_for makes them, against spaCy's Matcher."""
    import random

    from spacy.matcher import Matcher

    from rheumex.pipelines.abbreviation_matcher import ShortFormMatcher

    rnd = random.Random(3)
    ref, new = Matcher(nlp.vocab), ShortFormMatcher(nlp.vocab)
    total = 0
    for doc in _random_docs(nlp, list("ABCD"), 1500, 2):
        for _ in range(rnd.randint(0, 4)):
            pattern = [{"ORTH": rnd.choice("ABCDE")} for _ in range(rnd.randint(1, 3))]
            key = f"k{rnd.randint(0, 6)}"
            ref.add(key, [pattern])
            new.add(key, [pattern])
        a, b = ref(doc), new(doc)
        assert a == b, [t.text for t in doc]
        total += len(a)
        for key in {nlp.vocab.strings[m[0]] for m in a}:
            ref.remove(key)
            new.remove(key)
        assert len(ref) == len(new)
    assert total > 1000
    with pytest.raises(ValueError):
        new.add("x", [[{"LOWER": "ct"}]])


def test_detector_finds_the_same_abbreviations_as_with_spacys_matchers(nlp):
    """Dev sentences (PMC4738949, PMC4745278; tests/test_abbreviation_matcher.py): the detector with
    spaCy's Matchers and with the ORTH-column matchers gives the same short forms and long forms."""
    from spacy.matcher import Matcher
    from test_abbreviation_matcher import SENTENCES

    from rheumex.pipelines.abbreviation_matcher import bounded_matcher

    det = nlp.get_pipe("abbreviation_detector")
    text = " ".join(SENTENCES) + " The CT of the chest and the ET follow-up were normal; PV (PV) stayed."

    def run():
        doc = det(nlp.make_doc(text))
        return [(a["short_text"], a["short_start"], a["long_text"]) for a in
                (det.make_short_form_serializable(x) if not isinstance(x, dict) else x for x in doc._.abbreviations)]

    fast = run()
    saved = det.matcher, det.global_matcher
    try:
        det.matcher, det.global_matcher = bounded_matcher(nlp), Matcher(nlp.vocab)
        slow = run()
    finally:
        det.matcher, det.global_matcher = saved
    # scispaCy collects each long form's short forms in a set of Spans (hashed with the Doc's id),
    # so the list order differs from doc to doc with either matcher: compare the abbreviations
    assert sorted(fast) == sorted(slow) and len(fast) >= 6


def test_normalizer_norms_each_distinct_word_once_with_the_same_result(nlp):
    """A text over 32 tokens (the array path) with repeated words (seed paper, tests/data/seed.txt):
    every token's NORM is normalize_word of its lower-case form."""
    from rheumex.pipelines.normalizer import normalize_doc, normalize_word

    text = ("Two Cases of Calcinosis Cutis Combined with Rheumatologic Disease. Calcinosis cutis is a disorder "
            "characterized by deposition of calcium salts in the skin; calcifications of the skin and the "
            "subcutaneous tissue, Calcifications and tumours, haemorrhage and oedema.")
    doc = normalize_doc(nlp.make_doc(text))
    assert len(doc) > 32
    assert [t.norm_ for t in doc] == [normalize_word(t.lower_) for t in doc]
    assert doc[3].norm_ == "calcinosis" and "calcification" in {t.norm_ for t in doc} and "tumor" in {t.norm_ for t in doc}


@pytest.mark.parametrize("text", [
    # seed paper (tests/data/seed.txt), and the same with a PDF table rule (a punctuation run: the other make_doc path)
    "Two Cases of Calcinosis Cutis Combined with Rheumatologic Disease. Calcinosis cutis is a disorder.",
    "Two Cases of Calcinosis Cutis Combined with Rheumatologic Disease. " + "-" * 60 + " Calcinosis cutis is a disorder.",
])
def test_make_doc_remembers_its_text(nlp, monkeypatch, text):
    """The document text is known when the doc is made: doc_text never joins the tokens again."""
    from rheumex.pieces import make_doc
    from rheumex.pipelines import extensions

    doc = make_doc(nlp, text)
    monkeypatch.setattr(extensions, "_join_tokens", lambda d: (_ for _ in ()).throw(AssertionError("joined")))
    assert extensions.doc_text(doc) == text == doc.text


def test_mention_rows_without_spans_are_the_span_rows(nlp, data_dir):
    """The seed paper (tests/data/seed.txt): rows read from user_data and the document text equal
    the rows built through Span.sent, Span.text and Span._; a sentence hook takes the Span path."""
    from rheumex.extract.convert import convert
    from rheumex.rows import _mention_rows_spans, annotate, mention_rows

    doc = annotate(nlp, convert(data_dir / "seed.txt"))
    fast = mention_rows(doc, "d1")
    assert len(fast) > 20 and fast == _mention_rows_spans(doc, "d1")
    assert any(r["case_id"] for r in fast) and any(r["concept_id"] for r in fast)
    doc.user_span_hooks["sent"] = lambda span: span.doc[span.start:span.end]  # a hook: honoured
    hooked = mention_rows(doc, "d1")
    assert all(r["sentence"] == r["text"].strip() for r in hooked)


def test_spelling_matches_are_remembered(nlp):
    """A one-edit misspelling ("uveitits", the example of pipelines/spelling.py) and correct words:
    the remembered answer is the computed one, asked again or not."""
    idx = nlp.get_pipe("rheumex_entity_resolver").spelling
    words = ["uveitits", "uveitis", "calcinosis", "patient", "Uveitits"]
    first = [idx.match(w) for w in words]
    assert first == [idx._match(w) for w in words] == [idx.match(w) for w in words]
    assert first[0] is not None and first[0]["pattern"] == "uveitis" and first[1] is None
