"""The shipped lexicons never learn from a gold document's own PubTator annotations
(pipelines/data/sources/gold_overlap_pmids.txt; measurement discipline of the locked test split)."""
from __future__ import annotations

import json
from pathlib import Path

from rheumex.pipelines import build_lexicons

GOLD = Path(__file__).resolve().parents[1] / "corpora" / "gold" / "gold.jsonl"


def _gold_pubtator_pmids() -> set[str]:
    out = set()
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        source = json.loads(line)["meta"].get("source", "")
        if ".PubTator.txt#" in source or "corpus.txt#" in source:
            out.add(source.rsplit("#", 1)[1])
    return out


def test_every_pubtator_gold_document_is_excluded_from_the_lexicon_build():
    pmids = _gold_pubtator_pmids()
    assert len(pmids) >= 15
    missing = pmids - build_lexicons.gold_overlap_pmids()
    assert not missing, f"add these PMIDs to pipelines/data/sources/gold_overlap_pmids.txt: {sorted(missing)}"


def test_corpus_terms_leave_the_excluded_documents_out():
    # cdr-10669626 is a gold test document: excluded, its abstract's chemical mentions are not counted
    one = frozenset({"10669626"})
    with_doc = build_lexicons.corpus_terms("Chemical", train_only=True)
    without = build_lexicons.corpus_terms("Chemical", train_only=True, exclude_ids=one)
    assert sum(st["count"] for st in without.values()) < sum(st["count"] for st in with_doc.values())
