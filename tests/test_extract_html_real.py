"""HTML conversion on six real saved publisher pages (issue 16): BMC Trials x3, eLife, PeerJ, PLOS ONE.

The pages are copies of ``shared/docs/html-real`` (CC BY 4.0; ``data/html-real/MANIFEST.tsv`` gives
source, commit, true title and DOI; ``data/ATTRIBUTION.md``). The boilerplate strings below were
read off each page's navigation, footer, share, cookie and download widgets.
"""
from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from rheumex.extract import convert

PAGES = Path(__file__).parent / "data" / "html-real"
with (PAGES / "MANIFEST.tsv").open(encoding="utf-8") as _fh:
    MANIFEST = {r["file"]: r for r in csv.DictReader(_fh, delimiter="\t")}

BOILERPLATE = {
    "bmc_trials_2014_15-511_low_back_pain_core_outcome.html": ["BioMed Central", "Gateways", "About this journal", "My Trials",
                                                               "Viewing options", "Article metrics", "Readers' comments",
                                                               "Google blog search", "Terms and Conditions", "Contact us"],
    "bmc_trials_2015_16-1_ears_smoking_recruitment.html": ["Gateways", "About this journal", "Pre-publication history",
                                                          "Other articles by authors", "Tweet", "Privacy statement"],
    "bmc_trials_2015_16-2_drug_monitoring_protocol.html": ["Gateways", "Related literature", "Cited by", "on Google Scholar"],
    "elife_2014_e04407_drosophila_circuitry.html": ["Careers", "Research advances", "Reproducibility Project", "Podcasts",
                                                    "Sort by:", "original order", "View Abstract", "Download figure",
                                                    "Open in new tab", "Download powerpoint"],
    "peerj_2015_727_wwox_zebrafish_edema.html": ["Who we are", "Academic advisors", "How PeerJ works", "Institutional plans",
                                                "Download as", "Save to Mendeley", "Read in ReadCube", "Subject Areas"],
    "plosone_2019_0213978_reticuloendotheliosis_chickens.html": ["create account", "sign in", "Submission Guidelines",
                                                                "Loading metrics", "PNG larger image", "TIFF original image",
                                                                "Download PDF", "Figures"],
}


@pytest.fixture(scope="module")
def docs():
    return {name: convert(PAGES / name) for name in MANIFEST}


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_title_and_doi_from_meta_tags(docs, name):
    d = docs[name]
    assert d.metadata.title == MANIFEST[name]["article_title"]
    assert d.metadata.doi == MANIFEST[name]["doi"]


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_no_navigation_share_cookie_or_download_lines(docs, name):
    lines = {ln.strip() for ln in docs[name].text.split("\n")}
    leaked = [s for s in BOILERPLATE[name] if s in lines or any(ln.startswith(s + " ") for ln in lines)]
    assert leaked == []


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_article_paragraphs_kept(docs, name):
    # the page's own <p> paragraphs of 20+ words: >= 95% of their words are in the text
    import lxml.html

    root = lxml.html.fromstring((PAGES / name).read_bytes())
    for bad in root.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    ref: Counter = Counter()
    for p in root.iter("p"):
        t = p.text_content()
        if len(t.split()) >= 20:
            ref.update(w.lower() for w in re.findall(r"[^\W\d_]{2,}", t))
    got = Counter(w.lower() for w in re.findall(r"[^\W\d_]{2,}", docs[name].text))
    assert sum((ref & got).values()) / sum(ref.values()) >= 0.95


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_references_split_off_and_body_has_sections(docs, name):
    d = docs[name]
    refs = [s for s in d.sections if s.kind == "references"]
    assert refs, "no reference section"
    ref_text = " ".join(d.section_text(s) for s in refs)
    assert len(re.findall(r"\b(?:19|20)\d\d\b", ref_text)) >= 5  # the saved PLOS page holds 5 references
    assert "PubMed/NCBI" not in ref_text and "Google Scholar" not in ref_text
    body = [s for s in d.sections if s.kind == "body"]
    assert len({s.name for s in body}) >= 4
    # no reference text in the body
    assert not any(d.section_text(s).lstrip().startswith("Sort by") for s in d.sections)


def test_figure_captions_kept_as_sections(docs):
    elife = docs["elife_2014_e04407_drosophila_circuitry.html"]
    caps = [s for s in elife.sections if s.kind == "caption"]
    assert len(caps) >= 10
    assert elife.section_text(caps[0]).startswith("Development, morphogenesis, and differential Otd expression")
    plos = docs["plosone_2019_0213978_reticuloendotheliosis_chickens.html"]
    names = [s.name for s in plos.sections if s.kind == "caption"]
    assert names == ["Table 1", "Table 2", "Table 3"]
    peerj = docs["peerj_2015_727_wwox_zebrafish_edema.html"]
    assert sum(1 for s in peerj.sections if s.kind == "caption") == 4


def test_declarations_are_back_matter_and_peer_review_is_not_body(docs):
    peerj = docs["peerj_2015_727_wwox_zebrafish_edema.html"]
    kinds = {s.name: s.kind for s in peerj.sections}
    assert kinds["Competing Interests"] == "back" and kinds["Funding"] == "back" and kinds["Animal Ethics"] == "back"
    elife = docs["elife_2014_e04407_drosophila_circuitry.html"]
    kinds = {s.name: s.kind for s in elife.sections}
    assert kinds["Decision letter"] == "other" and kinds["Author response"] == "other"
    # the article-category field ("Research article") is not a reference list
    first_refs = next(i for i, s in enumerate(elife.sections) if s.kind == "references")
    assert first_refs > next(i for i, s in enumerate(elife.sections) if s.kind == "body")


def test_publisher_subject_labels_dropped_keywords_kept(docs):
    # PeerJ's article-information list: "Subject Areas" + links to the journal's subject browse
    # pages (publisher taxonomy, also a site-menu item) is dropped; the authors' keywords stay
    peerj = docs["peerj_2015_727_wwox_zebrafish_edema.html"]
    lines = [ln.strip() for ln in peerj.text.split("\n")]
    assert "Subject Areas" not in lines and "Developmental Biology, Molecular Biology" not in lines
    assert "Zebrafish, Intracellular calcium, Yellow cameleon, WWOX" in lines


def test_metadata_paragraphs_inside_the_abstract_container_leave_the_abstract(docs):
    # PLOS ONE puts "Citation:", "Editor:", "Received:", "Copyright:" (article metadata) and
    # "Data Availability:", "Funding:", "Competing interests:" (statements) after the abstract, in its container
    plos = docs["plosone_2019_0213978_reticuloendotheliosis_chickens.html"]
    abstract = next(s for s in plos.sections if s.kind == "abstract")
    text = plos.text[abstract.start:abstract.end]
    assert "Reticuloendotheliosis virus (REV)" in text
    assert not re.search(r"Citation:|Editor:|Copyright:|Funding:|Data Availability:", text)
    kind_at = {s.kind for s in plos.sections if plos.text.startswith(("Citation:", "Funding:"), s.start)
               or "Citation: Li Y" in plos.text[s.start:s.end] or "Funding: The research" in plos.text[s.start:s.end]}
    assert kind_at == {"other", "back"}
