"""The phrase table (pipelines/phrase_table.py): a cached span ruler's phrases as arrays, matched
without re-adding them to spaCy's PhraseMatcher; the matches are the PhraseMatcher's."""
import pickle
import random

import numpy as np
import pytest
import spacy
import srsly
from spacy.attrs import LOWER, NORM, ORTH
from spacy.matcher import PhraseMatcher

from rheumex.pipelines import cache, load_pipeline
from rheumex.pipelines import phrase_table as pt

WORDS = ["a", "b", "c", "d", "e", "A", "B"]


def _random_phrases(rng, nlp, n_keys=40):
    """Keys with short phrases over a small alphabet: phrases that are prefixes of others,
    the same phrase under two keys, a key with no phrase and an empty pattern."""
    phrases = {}
    for k in range(n_keys):
        texts = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(1, 3))]
        phrases[f"('L{k % 3}', 'id{k}')"] = [nlp.make_doc(t) for t in texts]
    phrases["('L0', 'same')"] = [nlp.make_doc("a b")]
    phrases["('L1', 'nothing')"] = []
    phrases["('L2', 'empty')"] = [nlp.make_doc("")]
    return phrases


def _spacy_and_table(nlp, phrases, attr):
    pm = PhraseMatcher(nlp.vocab, attr=attr)
    for key, docs in phrases.items():
        pm.add(key, docs)
    _vocab, stored, _callbacks, _attr = pm.__reduce__()[1]
    table = pt.build_table({nlp.vocab.strings.add(k): seqs for k, seqs in stored.items()})
    table = pt.PhraseTable.from_state(srsly.msgpack_loads(srsly.msgpack_dumps(table.to_state())))  # as read from a cache file
    return pm, pt.TablePhraseMatcher(nlp.vocab, attr, table, list(stored))


@pytest.mark.parametrize("attr", [ORTH, LOWER, NORM])
def test_table_matcher_finds_what_the_phrase_matcher_finds(attr):
    nlp = spacy.blank("en")
    rng = random.Random(attr)
    pm, tpm = _spacy_and_table(nlp, _random_phrases(rng, nlp), attr)
    assert len(tpm) == len(pm)
    for _ in range(60):
        doc = nlp.make_doc(" ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 40))))
        assert sorted(tpm(doc)) == sorted(pm(doc))
        if len(doc) > 1:
            start = rng.randrange(len(doc))
            span = doc[start:rng.randrange(start, len(doc)) + 1]
            assert sorted(tpm(span)) == sorted(pm(span))
            assert (sorted((s.start, s.end, s.label_) for s in tpm(span, as_spans=True))
                    == sorted((s.start, s.end, s.label_) for s in pm(span, as_spans=True)))


def test_table_nodes_are_every_phrase_and_proper_prefix_once():
    rng = random.Random(5)
    phrases = {k: [tuple(rng.randint(0, 3) for _ in range(rng.randint(1, 5))) for _ in range(3)] for k in range(30)}
    table = pt.build_table(phrases)
    seqs = {seq for v in phrases.values() for seq in v}
    inner = {seq[:n] for seq in seqs for n in range(1, len(seq))}
    got = {}
    for h, p, is_inner in zip(table.node_hash.tolist(), table.node_phrase.tolist(), table.node_inner.tolist()):
        got[h] = (p, is_inner)
    assert len(got) == len(table.node_hash) == len(seqs | inner)
    by_seq = {seq: ids for seq, ids in table.phrases()}
    assert set(by_seq) == seqs
    assert all(sorted(ids) == sorted({k for k, v in phrases.items() if seq in v}) for seq, ids in by_seq.items())
    for node in seqs | inner:
        h = 1
        for t in node:
            h = (h * table.mult + t) % 2**64
        p, is_inner = got[h]
        assert is_inner == (node in inner)
        assert (p >= 0) == (node in seqs) and (p < 0 or list(by_seq)[p] == node)


def test_a_window_that_only_shares_a_hash_with_a_phrase_is_no_match(monkeypatch):
    """Under multiplier 1 a hash is 1 + the sum of the tokens: the window (2, 1) grows from the
    node (2,) to the hash of the phrase (1, 2); only the real occurrences match."""
    monkeypatch.setattr(pt, "MULTIPLIERS", (1,))
    table = pt.build_table({7: [(1, 2)], 8: [(2, 5)]})  # nodes (1,) 2, (2,) 3, (1, 2) 4, (2, 5) 8
    assert table.mult == 1 and table.node_hash.tolist() == [2, 3, 4, 8]
    assert table.find(np.array([2, 1, 1, 2, 2, 5], dtype=np.uint64)) == [(7, 2, 4), (8, 4, 6)]


def test_leading_zero_tokens_do_not_collide():
    table = pt.build_table({7: [(0,)], 8: [(0, 0)], 9: [(0, 0, 3)]})
    assert table.find(np.array([0, 0, 3, 0], dtype=np.uint64)) == [(7, 0, 1), (8, 0, 2), (9, 0, 3), (7, 1, 2), (7, 3, 4)]


def test_build_picks_another_multiplier_when_two_phrases_collide(monkeypatch):
    monkeypatch.setattr(pt, "MULTIPLIERS", (1, 0x100000001B3))
    table = pt.build_table({7: [(1, 2)], 8: [(3,)]})  # (1, 2) and (3,) collide under multiplier 1
    assert table.mult == 0x100000001B3
    assert table.find(np.array([3, 1, 2], dtype=np.uint64)) == [(8, 0, 1), (7, 1, 3)]


def test_a_table_whose_arrays_do_not_fit_together_is_refused():
    state = pt.build_table({7: [(1, 2)], 8: [(3,)]}).to_state()
    state["tokens"] = state["tokens"][:8]
    with pytest.raises(ValueError):
        pt.PhraseTable.from_state(state)


def test_changing_or_pickling_the_table_matcher_turns_it_into_a_phrase_matcher():
    nlp = spacy.blank("en")
    pm, tpm = _spacy_and_table(nlp, _random_phrases(random.Random(1), nlp), NORM)
    doc = nlp.make_doc("a b c d e a b c B A a")
    assert "('L0', 'same')" in tpm and "('L0', 'unknown')" not in tpm
    tpm.add("('L9', 'new')", [nlp.make_doc("c d e")])
    pm.add("('L9', 'new')", [nlp.make_doc("c d e")])
    tpm.remove("('L0', 'same')")
    pm.remove("('L0', 'same')")
    assert sorted(tpm(doc)) == sorted(pm(doc)) and len(tpm) == len(pm)
    again = pickle.loads(pickle.dumps(tpm))
    assert isinstance(again, PhraseMatcher) and sorted(again(doc)) == sorted(pm(doc))


def test_table_matcher_refuses_other_attributes():
    nlp = spacy.blank("en")
    with pytest.raises(ValueError):
        pt.TablePhraseMatcher(nlp.vocab, spacy.attrs.TAG, pt.build_table({}), [])


# -- in the pipeline cache -------------------------------------------------------------------
from test_pipeline_cache import SENTENCE, cache_dir, lexicon, small_config, spans  # noqa: E402,F401


def test_restored_ruler_matches_with_the_table_and_can_still_be_edited(cache_dir, tmp_path, lexicon):
    cfg = small_config(tmp_path, lexicon)
    built, hit = load_pipeline(str(cfg)), load_pipeline(str(cfg))
    assert (built.meta["rheumex"]["cache"], hit.meta["rheumex"]["cache"]) == ("built", "hit")
    ruler = hit.get_pipe("rheumex_lexicon")
    assert isinstance(ruler.phrase_matcher, pt.TablePhraseMatcher)
    assert spans(hit) == spans(built) == [("Calcinosis cutis", "DISEASE"), ("systemic sclerosis", "DISEASE")]
    for nlp in (built, hit):
        nlp.get_pipe("rheumex_lexicon").remove_by_id("D012595#mine")
    assert spans(hit) == spans(built) == [("Calcinosis cutis", "DISEASE")]
    for nlp in (built, hit):
        nlp.get_pipe("rheumex_lexicon").remove("DISEASE")
    assert spans(hit) == spans(built) == []


def test_table_matcher_puts_its_keys_in_the_string_store_when_they_are_needed():
    nlp = spacy.blank("en")
    table = pt.build_table({nlp.vocab.strings.add("('L', 'x')"): [(nlp.vocab.strings.add("a"),)]})
    fresh = spacy.blank("en")
    tpm = pt.TablePhraseMatcher(fresh.vocab, ORTH, table, ["('L', 'x')"])
    doc = fresh.make_doc("b a")
    assert tpm(doc) == [(fresh.vocab.strings.as_int("('L', 'x')"), 1, 2)]
    assert "('L', 'x')" not in fresh.vocab.strings  # not on a load
    assert [(s.start, s.label_) for s in tpm(doc, as_spans=True)] == [(1, "('L', 'x')")]
    assert "('L', 'x')" in fresh.vocab.strings


def _rewrite_ruler_state(path, key, change):
    states = srsly.msgpack_loads(path.read_bytes()[cache.HEADER_LEN:])
    change(states["rulers"]["rheumex_lexicon"])
    cache.write_cache(path, key, states)


@pytest.mark.parametrize("change", ["drop_table", "short_table", "format_2"])
def test_a_ruler_state_without_a_fitting_phrase_table_is_never_used(cache_dir, tmp_path, lexicon, change):
    """A file with the right key but an old (format 2: ``phrases``) or damaged phrase table is
    rebuilt, not used."""
    cfg = small_config(tmp_path, lexicon)
    load_pipeline(str(cfg))
    (path,) = cache_dir.glob("rulers-*.bin")
    key = path.read_bytes()[len(cache.MAGIC):len(cache.MAGIC) + 64].decode()

    def damage(state):
        if change == "short_table":
            state["phrase_table"]["node_phrase"] = state["phrase_table"]["node_phrase"][:-8]
        else:
            del state["phrase_table"]
            if change == "format_2":
                state["phrases"] = [[k, []] for k in state.pop("keys")]

    _rewrite_ruler_state(path, key, damage)
    nlp = load_pipeline(str(cfg))
    assert nlp.meta["rheumex"]["cache"] == "built"
    assert spans(nlp) == [("Calcinosis cutis", "DISEASE"), ("systemic sclerosis", "DISEASE")]
    assert load_pipeline(str(cfg)).meta["rheumex"]["cache"] == "hit"


def test_format_version_is_part_of_the_cache_key(monkeypatch):
    """Files written before phrase tables (format 2) have another key, so another file name."""
    assert cache.FORMAT_VERSION >= 3
    key = cache.cache_key("abc")
    monkeypatch.setattr(cache, "FORMAT_VERSION", 2)
    assert cache.cache_key("abc") != key


def test_a_pipeline_on_a_model_restores_its_lexicon_as_a_table(cache_dir, tmp_path):
    """The --model code path (a spaCy model folder as the base): the second load comes from the
    cache, matches with the table and finds the same entities as the first."""
    model = spacy.blank("en")
    model.add_pipe("entity_ruler").add_patterns([{"label": "DISEASE", "pattern": "morbus testus"}])
    model.to_disk(tmp_path / "tiny_model")
    built, hit = (load_pipeline(model=str(tmp_path / "tiny_model")) for _ in range(2))
    assert (built.meta["rheumex"]["cache"], hit.meta["rheumex"]["cache"]) == ("built", "hit")
    assert isinstance(hit.get_pipe("rheumex_lexicon").phrase_matcher, pt.TablePhraseMatcher)
    text = "The patient had morbus testus, dermatomyositis and calcinosis cutis treated with diltiazem."
    ents = lambda nlp: [(e.text, e.label_, e._.concept_id, e._.source) for e in nlp(text).ents]  # noqa: E731
    assert ents(hit) == ents(built)
    assert ("morbus testus", "DISEASE") in [e[:2] for e in ents(hit)]
