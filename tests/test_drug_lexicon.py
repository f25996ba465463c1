"""Drug names imported from the DrugBank open vocabulary / MeSH (pipelines/import_drugs.py)."""
import importlib.util
import json
import os
from pathlib import Path

import pytest

from rheumex.pipelines import build_lexicons, import_drugs

LEXICON = Path(build_lexicons.OUT) / "treatment.jsonl"


def treatments(nlp, text):
    return {e.text: e for e in nlp(text).ents if e.label_ == "TREATMENT"}


def test_imported_drugs_are_treatments_with_concept_ids(nlp):
    t = treatments(nlp, "The dog was treated with lomustine. She received cefuroxime, "
                        "then cholestyramine for pruritus, and later anifrolumab.")
    want = {"lomustine": ("DRUGBANK:DB01206", "Lomustine"), "cefuroxime": ("DRUGBANK:DB01112", "Cefuroxime"),
            "cholestyramine": ("DRUGBANK:DB01432", "Cholestyramine"), "anifrolumab": ("DRUGBANK:DB11976", "Anifrolumab")}
    for text, (cid, name) in want.items():
        assert text in t, text
        assert (t[text]._.concept_id, t[text]._.concept_name) == (cid, name)
        assert t[text]._.source == build_lexicons.DRUG_SOURCE


def test_brand_name_takes_the_generic_concept(nlp):
    t = treatments(nlp, "Gleostine was stopped after two cycles.")
    assert t["Gleostine"]._.concept_id == "DRUGBANK:DB01206" and t["Gleostine"]._.concept_name == "Lomustine"


def test_curated_entries_keep_precedence(nlp):
    t = treatments(nlp, "Calcinosis was treated with diltiazem and warfarin.")
    assert t["diltiazem"]._.concept_id == "MESH:D004110" and t["diltiazem"]._.source.startswith("curated")


@pytest.mark.parametrize("text", [
    "Parathyroid hormone and alkaline phosphatase were elevated.",
    "Lungs: CTAB. Heart: regular rate and rhythm.",
    "Hematoxylin and eosin staining showed calcium phosphate deposits.",
    "Interleukin-10 and procalcitonin levels were high; she had hypoglycemic episodes.",
    "Today the salt and water intake was normal and gold jewellery was removed.",
    "Lead, iron and oxygen saturation were recorded; a contrast study was planned.",
    "Glucose-6-phosphate dehydrogenase activity and tyrosine levels were normal.",
])
def test_stoplist_and_analytes_are_not_treatments(nlp, text):
    drug = [e.text for e in nlp(text).ents if e.label_ == "TREATMENT" and e._.source == build_lexicons.DRUG_SOURCE]
    assert drug == []


def _drug_entries(entries):
    return [e for e in entries if e["source"] == build_lexicons.DRUG_SOURCE]


def test_shipped_drug_entries_respect_stoplist_and_other_labels():
    shipped = [json.loads(l) for l in LEXICON.read_text(encoding="utf-8").splitlines() if l.strip()]
    drugs = _drug_entries(shipped)
    assert len(drugs) > 10_000 and all(e.get("id") or e.get("name") for e in drugs)
    blocked = set()
    for name in ("drug_stoplist.txt", "chemical_exclude.txt", "anatomy.txt"):
        blocked |= build_lexicons._read_list(name)
    blocked |= {build_lexicons._match_form(t) for t in blocked}
    bad = [e["pattern"] for e in drugs if e["pattern"] in blocked or build_lexicons._match_form(e["pattern"]) in blocked]
    assert bad == []
    disease = {json.loads(l)["pattern"] for l in (LEXICON.parent / "disease.jsonl").read_text(encoding="utf-8").splitlines() if l}
    assert not disease & {e["pattern"] for e in drugs}


def test_shipped_drug_entries_match_a_fresh_build():
    """treatment.jsonl is made by build_lexicons.py; rerun it after editing a source."""
    shipped = [json.loads(l) for l in LEXICON.read_text(encoding="utf-8").splitlines() if l.strip()]
    fresh = build_lexicons.build()["treatment"]
    assert _drug_entries(shipped) == _drug_entries(fresh), "run python -m rheumex.pipelines.build_lexicons"


def _fake_dictionary():
    canon = {
        "lomustine": {"name": "Lomustine", "drugbank_id": "DB01206", "mesh_id": "D018906", "mesh_tree": ["D02.654.692.440"]},
        "carmustine": {"name": "Carmustine", "drugbank_id": "DB00262", "mesh_id": "D018906", "mesh_tree": ["D02.654.692.247"]},
        "antineoplastic agents, alkylating": {"name": "Antineoplastic Agents, Alkylating", "mesh_id": "D018906",
                                              "mesh_tree": ["D27.505.954.248.147"]},
        "cefuroxime": {"name": "Cefuroxime", "drugbank_id": "DB01112", "mesh_id": "D002444", "mesh_tree": ["D03.633"]},
        "creatine kinase": {"name": "Creatine Kinase", "mesh_id": "D003402", "mesh_tree": ["D08.811.913.696.640.150"]},
        "iohexol": {"name": "Iohexol", "drugbank_id": "DB01362", "smiles": "C", "mesh_id": "D007472", "mesh_tree": ["D02.1"]},
        "iron": {"name": "Iron", "drugbank_id": "DB01592", "formula": "Fe", "smiles": "[Fe]"},
        "candida albicans": {"name": "Candida albicans", "drugbank_id": "DB10429"},
        "ciprofloxacin/dexamethasone": {"name": "Ciprofloxacin/dexamethasone", "wikipedia_url": "x"},
    }
    variants = {v: [c] for c, vs in {
        "lomustine": ["lomustine", "gleostine", "ccnu", "lomustinum", "ly-123"],
        "carmustine": ["carmustine"],
        "antineoplastic agents, alkylating": ["antineoplastic agents, alkylating", "alkylating antineoplastic agents"],
        "cefuroxime": ["cefuroxime", "zinacef", "parathyroid hormone"],
        "creatine kinase": ["creatine kinase"], "iohexol": ["iohexol"], "iron": ["iron"],
        "candida albicans": ["candida albicans"], "ciprofloxacin/dexamethasone": ["ciprofloxacin/dexamethasone"],
    }.items() for v in vs}
    return {"drug_variant_to_canonical": variants, "drug_canonical_to_data": canon,
            "drug_variant_to_variant_data": {"gleostine": {"is_brand": True}}}


def test_import_filters_on_a_small_dictionary():
    kept, reasons, n = import_drugs.select(_fake_dictionary())
    assert n == 16
    assert set(kept) == {"lomustine", "gleostine", "carmustine", "alkylating antineoplastic agents", "cefuroxime", "zinacef"}
    # the pharmacological-action id shared by lomustine and carmustine belongs to the class
    assert kept["lomustine"] == ("Lomustine", "", "DB01206", "generic", "")
    assert kept["gleostine"][3] == "brand"
    assert kept["alkylating antineoplastic agents"][1] == "D018906"
    assert kept["cefuroxime"][1] == "D002444"
    assert reasons["short_acronym"] == 1 and reasons["foreign_form"] == 1 and reasons["code_like"] == 1
    assert reasons["inverted_or_list"] == 1 and reasons["stoplist"] == 1 and reasons["diagnostic_agent"] == 1
    assert reasons["element_or_ion"] == 1 and reasons["source_material"] == 1 and reasons["no_identifier"] == 1
    assert reasons["mesh_only_not_medicine (enzymes)"] == 1


@pytest.mark.skipif(not (os.environ.get("DNER_WHEEL_DIR") or importlib.util.find_spec(import_drugs.MODULE)),
                    reason="drug-named-entity-recognition not installed (set DNER_WHEEL_DIR to an unpacked wheel)")
def test_drug_terms_tsv_is_reproducible(tmp_path):
    wheel = os.environ.get("DNER_WHEEL_DIR")
    out = tmp_path / "drug_terms.tsv"
    assert import_drugs.main((["--wheel-dir", wheel] if wheel else []) + ["--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == (import_drugs.OUT).read_text(encoding="utf-8")


def test_unii_brands_import_on_a_small_list(tmp_path):
    # import_unii_brands.py: a brand of a known drug takes its concept (also through a salt word);
    # brands of unknown substances, brands of two generics, codes and lower-case words are dropped
    from rheumex.pipelines import import_unii_brands

    unii = tmp_path / "UNII_Names.txt"
    unii.write_text("Name\tTYPE\tUNII\tDisplay Name\n"
                    "LUPKYNIS\tbn\tX1\tVOCLOSPORIN\n"
                    "DEPO-MEDROL\tbn\tX2\tMETHYLPREDNISOLONE ACETATE\n"
                    "ZORBLAX\tbn\tX3\tNOT A KNOWN SUBSTANCE\n"
                    "TWOFOLD\tbn\tX4\tWARFARIN\nTWOFOLD\tbn\tX5\tASPIRIN\n"
                    "NS-218\tbn\tX6\tWARFARIN\n"
                    "RELIEF\tbn\tX7\tASPIRIN\n"
                    "VOCLOSPORIN\tcn\tX1\tVOCLOSPORIN\n"
                    # a combination product: every part a known drug -> the combination of their concepts
                    "AUGMENTIN COMPONENT AMOXICILLIN\tbn\tX8\tAMOXICILLIN\n"
                    "AUGMENTIN COMPONENT CLAVULANATE POTASSIUM\tcn\tX9\tCLAVULANATE POTASSIUM\n"
                    # one part unknown: dropped
                    "ZORBAMIX COMPONENT WARFARIN\tcn\tX10\tWARFARIN\n"
                    "ZORBAMIX COMPONENT NOT A KNOWN SUBSTANCE\tcn\tX11\tNOT A KNOWN SUBSTANCE\n", encoding="utf-8")
    rows, drops = import_unii_brands.build(unii)
    kept = {r[0]: r[1] for r in rows}
    assert set(kept) == {"lupkynis", "depo-medrol", "augmentin"}
    assert kept["depo-medrol"] == "MESH:D008775"  # methylprednisolone
    assert len(kept["augmentin"].split("+")) == 2
    assert drops["no_generic"] == 1 and drops["several_generics"] == 1 and drops["combination_not_known"] == 1


def test_combination_brand_is_found(nlp):
    # PMC4738698: a combination product's brand named alone (amoxicillin/clavulanate), from the
    # "X COMPONENT Y" rows of the UNII list (import_unii_brands.py)
    ents = [(e.text, e.label_, e._.concept_id) for e in
            nlp("He also was started on an antibiotic treatment (Augmentin 50 mg 3 times a day (tid)).").ents]
    brand = [c for t, lab, c in ents if t == "Augmentin" and lab == "TREATMENT"]
    assert len(brand) == 1 and "+" in brand[0]


def test_imported_brand_is_a_proper_name_only(nlp):
    # the resolver keeps an imported brand only written with a capital, in a paper that never
    # writes it in lower case; at a sentence start only when the paper also writes it inside one
    found = [(e.text, e._.concept_id) for e in nlp("She was given Lupkynis. Lupkynis was stopped.").ents]
    assert found == [("Lupkynis", "DRUGBANK:DB11693")] * 2
    assert [e.text for e in nlp("Lupkynis was stopped.").ents] == []
    assert [e.text for e in nlp("She was given Lupkynis, but lupkynis levels were low.").ents] == []


def test_other_in_ine_spelling_of_a_drug_name(nlp):
    # MPX1152 (dev): "cyclosporin" is the other spelling of "cyclosporine" (build_lexicons: derived
    # "-in"/"-ine" variants); MPX1657 (dev): "amphotericine B" of "amphotericin b"
    found = [(e.text, e.label_) for e in nlp("In patients who are unresponsive to steroids, other medications such as "
                                              "azathioprine or cyclosporin may be useful.").ents]
    assert ("cyclosporin", "TREATMENT") in found
    found = [(e.text, e.label_) for e in nlp("Diseases known to cause secondary RTA include nephrotoxic drugs "
                                              "(outdated tetracycline, amphotericine B), and acetazolamide administration.").ents]
    assert ("amphotericine B", "TREATMENT") in found
