"""UBERON concept ids for CALCINOSIS_SITE mentions (rheumex_anatomy_linker), on real sentences."""
import pytest

from rheumex.pipelines import load_pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _sites(nlp, text):
    return {e.text: (e._.concept_id, e._.concept_name) for e in nlp(text).ents if e.label_ == "CALCINOSIS_SITE"}


def test_seed_sites_get_uberon_ids(nlp):
    # seed paper (J Korean Rheum Assoc 2007), case 1 and case 2
    s = _sites(nlp, "Abdomen-pelvis CT showed calcinosis in the left side abdominal wall and subcutaneous layer. "
                    "Abdomen-pelvis CT showed extensive calcification involving gluteal area.")
    assert s["left side abdominal wall"] == ("UBERON:0003697", "abdominal wall")
    assert s["gluteal area"][0] == "UBERON:0013691"


def test_generic_head_gives_way_to_the_specific_bone(nlp):
    # MedPix MPX1022: "central calcific densities ... in the posterior aspect of the metadiaphysis of the distal right femur"
    s = _sites(nlp, "Central calcific densities are seen in the posterior aspect of the metadiaphysis of the distal right femur.")
    (cid, name), = s.values()
    assert (cid, name) == ("UBERON:0000981", "femur")


def test_locating_adjective_is_linked_to_its_organ(nlp):
    s = _sites(nlp, "CT demonstrated pericardial calcifications.")
    assert s == {"pericardial": ("UBERON:0002407", "pericardium")}


def test_site_without_known_anatomy_keeps_no_id():
    from rheumex.pipelines.anatomy_linker import AnatomyLinker

    linker = AnatomyLinker("uberon_terms.tsv", "anatomy_links.tsv", "anatomy_generic_heads.txt")
    assert linker.link_words(["zzzq", "blorp"]) is None
    assert linker.link_words(["periphery", "of", "the", "lung"])[1] == "lung"
