"""The pipeline cache (pipelines/cache.py, issue 17): the second load of a pipeline comes from
the cache and finds the same entities; a cache written for another pipeline, a corrupt one,
or one older than an edited lexicon file is never used."""
import os

import pytest

from rheumex.pipelines import cache, load_pipeline

SENTENCE = "Calcinosis cutis of both elbows in systemic sclerosis was treated with diltiazem."


def small_config(tmp_path, lexicon):
    """A small real pipeline (scispaCy tokenizer, normalizer, span_ruler on a user lexicon)."""
    cfg = tmp_path / "small.cfg"
    cfg.write_text(f'''
[nlp]
lang = "en"
pipeline = ["rheumex_normalizer","rheumex_lexicon"]

[nlp.tokenizer]
@tokenizers = "rheumex.scispacy_tokenizer.v1"

[components]

[components.rheumex_normalizer]
factory = "rheumex_normalizer"

[components.rheumex_lexicon]
factory = "span_ruler"
spans_key = "sc"
phrase_matcher_attr = "NORM"
validate = false

[initialize]

[initialize.components]

[initialize.components.rheumex_lexicon]

[initialize.components.rheumex_lexicon.patterns]
@misc = "rheumex.lexicon_patterns.v1"
files = ["{lexicon}"]
''', encoding="utf-8")
    return cfg


def spans(nlp, text=SENTENCE):
    doc = nlp(text)
    return sorted((s.text, s.label_) for s in doc.spans["sc"])


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    d = tmp_path / "cache"
    monkeypatch.setenv("RHEUMEX_CACHE_DIR", str(d))
    return d


@pytest.fixture
def lexicon(tmp_path):
    lex = tmp_path / "my.jsonl"
    lex.write_text('{"label": "DISEASE", "pattern": "calcinosis cutis", "id": "D002115", "source": "mine"}\n'
                   '{"label": "DISEASE", "pattern": "systemic sclerosis", "id": "D012595", "source": "mine"}\n',
                   encoding="utf-8")
    return lex


def test_second_load_comes_from_the_cache_with_the_same_entities(cache_dir):
    first = load_pipeline()
    second = load_pipeline()
    assert first.meta["rheumex"]["cache"] == "built" and second.meta["rheumex"]["cache"] == "hit"
    ents = lambda nlp: [(e.text, e.label_, e._.concept_id, e._.negated) for e in nlp(SENTENCE).ents]  # noqa: E731
    assert ents(second) == ents(first)
    assert ("Calcinosis cutis", "DISEASE") in [e[:2] for e in ents(second)]
    assert len(second.get_pipe("rheumex_lexicon").patterns) == len(first.get_pipe("rheumex_lexicon").patterns)
    assert len(list(cache_dir.glob("rulers-*.bin"))) == 1


def test_cache_folder_follows_xdg_and_can_be_switched_off(monkeypatch, tmp_path):
    monkeypatch.delenv("RHEUMEX_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "rheumex"
    monkeypatch.setenv("RHEUMEX_CACHE_DIR", "off")
    assert cache.cache_dir() is None


def test_cache_of_another_pipeline_is_never_used(cache_dir, tmp_path, lexicon):
    cfg = small_config(tmp_path, lexicon)
    built = load_pipeline(str(cfg))
    assert built.meta["rheumex"]["cache"] == "built"
    (path,) = cache_dir.glob("rulers-*.bin")
    # the same file name, but the header says it was written for another pipeline
    data = bytearray(path.read_bytes())
    n = len(cache.MAGIC)
    data[n:n + 64] = b"0" * 64
    path.write_bytes(bytes(data))
    nlp = load_pipeline(str(cfg))
    assert nlp.meta["rheumex"]["cache"] == "built"
    assert spans(nlp) == [("Calcinosis cutis", "DISEASE"), ("systemic sclerosis", "DISEASE")]
    assert load_pipeline(str(cfg)).meta["rheumex"]["cache"] == "hit"  # rewritten with the right key


@pytest.mark.parametrize("damage", ["flip_payload_byte", "truncate", "garbage"])
def test_corrupt_cache_is_never_used(cache_dir, tmp_path, lexicon, damage):
    cfg = small_config(tmp_path, lexicon)
    load_pipeline(str(cfg))
    (path,) = cache_dir.glob("rulers-*.bin")
    data = bytearray(path.read_bytes())
    if damage == "flip_payload_byte":
        data[-10] ^= 0xFF
    elif damage == "truncate":
        data = data[: len(data) // 2]
    else:
        data = bytearray(os.urandom(300))
    path.write_bytes(bytes(data))
    nlp = load_pipeline(str(cfg))
    assert nlp.meta["rheumex"]["cache"] == "built"
    assert spans(nlp) == [("Calcinosis cutis", "DISEASE"), ("systemic sclerosis", "DISEASE")]


def test_cache_file_of_the_sha256_format_is_never_used(cache_dir, tmp_path, lexicon):
    """A file written in the RC1 layout (SHA-256 checksum), even with this pipeline's key and a
    matching digest, is rebuilt: only RC2 files (CRC-32) are read."""
    import hashlib

    cfg = small_config(tmp_path, lexicon)
    load_pipeline(str(cfg))
    (path,) = cache_dir.glob("rulers-*.bin")
    data = path.read_bytes()
    key, payload = data[len(cache.MAGIC):len(cache.MAGIC) + 64], data[cache.HEADER_LEN:]
    path.write_bytes(b"RHEUMEXRC1\n" + key + b"\n" + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
    nlp = load_pipeline(str(cfg))
    assert nlp.meta["rheumex"]["cache"] == "built"
    assert spans(nlp) == [("Calcinosis cutis", "DISEASE"), ("systemic sclerosis", "DISEASE")]
    assert path.read_bytes().startswith(cache.MAGIC)


def test_edited_user_lexicon_is_not_answered_from_the_old_cache(cache_dir, tmp_path, lexicon):
    cfg = small_config(tmp_path, lexicon)
    assert ("diltiazem", "TREATMENT") not in spans(load_pipeline(str(cfg)))
    with lexicon.open("a", encoding="utf-8") as fh:
        fh.write('{"label": "TREATMENT", "pattern": "diltiazem", "id": "D004110", "source": "mine"}\n')
    nlp = load_pipeline(str(cfg))
    assert nlp.meta["rheumex"]["cache"] == "built"
    assert ("diltiazem", "TREATMENT") in spans(nlp)


def test_unwritable_cache_folder_only_costs_speed(monkeypatch, tmp_path, lexicon):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("RHEUMEX_CACHE_DIR", str(blocker / "sub"))
    nlp = load_pipeline(str(small_config(tmp_path, lexicon)))
    assert spans(nlp) == [("Calcinosis cutis", "DISEASE"), ("systemic sclerosis", "DISEASE")]


def _annotations(nlp, text):
    doc = nlp(text)
    return ([(t.text, t.norm_, t.tag_, t.dep_, t.head.i, t.is_sent_start) for t in doc],
            [(e.start, e.end, e.label_, e._.concept_id, e._.concept_name, e._.negated) for e in doc.ents])


def test_cache_hit_gives_the_same_pipeline_state_and_annotations_as_a_normal_build(cache_dir):
    """Rulers, the resolver's lexicon tables (concept names, spelling index) and the anatomy
    linker's tables restored from the cache equal the ones built from the data files."""
    from pathlib import Path

    text = (Path(__file__).parent / "data" / "seed.txt").read_text(encoding="utf-8")[:6000]
    built, hit = load_pipeline(), load_pipeline()
    assert (built.meta["rheumex"]["cache"], hit.meta["rheumex"]["cache"]) == ("built", "hit")
    assert _annotations(hit, text) == _annotations(built, text)
    for name in cache.stateful_components(built):
        assert hit.get_pipe(name).cache_state() == built.get_pipe(name).cache_state(), name
    assert "rheumex_entity_resolver" in cache.stateful_components(built)
    assert "rheumex_anatomy_linker" in cache.stateful_components(built)
    # the pattern dicts are decoded only when read, and then equal the built ones
    r_hit, r_built = hit.get_pipe("rheumex_lexicon"), built.get_pipe("rheumex_lexicon")
    assert len(r_hit) == len(r_built)
    assert r_hit.patterns == r_built.patterns and r_hit.labels == r_built.labels
    assert hit.meta["labels"] == built.meta["labels"]
    assert r_hit.to_bytes() == r_built.to_bytes()


def test_base_config_sourced_without_the_source_tokenizer_parses_the_same(tmp_path, monkeypatch):
    """load_pipeline takes the packaged base model's tok2vec/tagger/parser without building its
    tokenizer; the result equals spaCy's own sourcing (the whole source pipeline loaded)."""
    import spacy

    import rheumex.pipelines as P

    monkeypatch.setenv("RHEUMEX_CACHE_DIR", "off")
    ours = load_pipeline("base")
    cfg, _path = P._read_config("base")
    P._resolve_sources(cfg)
    plain = spacy.util.load_model_from_config(cfg, auto_fill=True, validate=True)  # spaCy's sourcing
    with plain.select_pipes(disable=P._sourced(cfg)):
        plain.initialize()
    text = "Calcinosis cutis of both elbows was seen in a woman with systemic sclerosis; she was treated with diltiazem."
    assert _annotations(ours, text) == _annotations(plain, text)
    assert ours.pipe_names == plain.pipe_names
    assert spacy.util.load_model.__module__ == "spacy.util"  # spaCy's loader is back in place


def test_tokenizer_affix_patterns_equal_scispacys_compiled_ones():
    """The tokenizer joins scispaCy's infix/suffix expressions without compiling them first
    (pipelines/tokenizer.py); the patterns equal the ones scispaCy's own compiled regexes carry."""
    import warnings
    from types import SimpleNamespace

    import spacy
    from scispacy.custom_tokenizer import combined_rule_tokenizer

    from rheumex.pipelines.tokenizer import (CITATION_SUFFIX, COMPOUND_INFIX, COMPOUND_PREFIX, GLUED_AFTER_BRACKET,
                                             GLUED_SHORT_FORM, SLASH_AFTER_SHORT_FORM, SLASH_BEFORE_SHORT_FORM,
                                             TITLE_GENRE_HYPHEN, create_scispacy_tokenizer)

    nlp = spacy.blank("en")
    stub = SimpleNamespace(vocab=nlp.vocab, Defaults=SimpleNamespace(tokenizer_exceptions={}),
                           tokenizer=SimpleNamespace(token_match=nlp.Defaults.token_match))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        real = combined_rule_tokenizer(stub)
    ours = create_scispacy_tokenizer()(nlp)
    assert ours.infix_finditer.__self__.pattern == (f"{COMPOUND_INFIX}|{SLASH_AFTER_SHORT_FORM}|{GLUED_SHORT_FORM}|"
                                                           f"{TITLE_GENRE_HYPHEN}|{GLUED_AFTER_BRACKET}|{SLASH_BEFORE_SHORT_FORM}|"
                                                           f"{real.infix_finditer.__self__.pattern}")
    assert ours.suffix_search.__self__.pattern == f"{CITATION_SUFFIX}|{real.suffix_search.__self__.pattern}"
    assert ours.prefix_search.__self__.pattern == f"{COMPOUND_PREFIX}|{real.prefix_search.__self__.pattern}"
    import scispacy.custom_tokenizer as sci_tok

    assert sci_tok.compile_infix_regex is spacy.util.compile_infix_regex  # put back
