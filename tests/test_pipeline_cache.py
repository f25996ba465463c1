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
