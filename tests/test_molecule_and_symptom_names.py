"""Names that hold a disease word without naming a disease, and complaints that are no DISEASE.

Classes found by hand-judging the pipeline on unlabelled web case reports (session 19; the texts
are third-party and not copied here, the sentences below are constructed in their pattern).
labels.md: lab values and bare symptoms and signs are not DISEASE; a disease word inside another
name is not annotated; a crystal or analyte is no TREATMENT.
"""


def ents(nlp, text):
    return [(e.text, e.label_) for e in nlp(text).ents]


def test_a_molecule_named_after_a_disease_is_no_disease(nlp):
    # pipelines/data/disease_molecule_names.txt
    assert ents(nlp, "Tumor necrosis factor alpha and interleukin-6 were elevated.") == []
    assert ents(nlp, "The tumor suppressor gene p53 was mutated.") == []
    assert ents(nlp, "Cancer antigen 125 was raised.") == []
    assert ents(nlp, "Lupus anticoagulant was positive.") == []  # nor a TREATMENT "anticoagulant"
    # the drug class named after the molecule is a longer candidate and stays
    assert ("tumor necrosis factor inhibitor", "TREATMENT") in ents(nlp, "She received a tumor necrosis factor inhibitor.")
    # the disease words on their own still count
    assert ("tumor", "DISEASE") in ents(nlp, "She had a tumor and necrosis of the bowel.")


def test_complaints_and_signs_are_no_disease(nlp):
    # pipelines/data/sources/disease_exclude.txt (session 19 block)
    found = ents(nlp, "He had fever, sore throat and dry cough, later double vision and amaurosis fugax, "
                      "muscle pain, a skin rash, polyuria and tinnitus.")
    assert [x for x in found if x[1] == "DISEASE"] == []


def test_crystals_and_analytes_are_no_treatment(nlp):
    # pipelines/data/sources/chemical_exclude.txt (session 19 block)
    assert ents(nlp, "Monosodium urate (MSU) crystals were seen and serum urate was 9 mg/dL.") == []
    assert ("urate-lowering therapy", "TREATMENT") in ents(nlp, "Urate-lowering therapy with allopurinol was continued.") \
        or ("Urate-lowering therapy", "TREATMENT") in ents(nlp, "Urate-lowering therapy with allopurinol was continued.")


def test_her_disease_is_a_pronoun_not_hers_disease(nlp):
    # mesh_disease_stoplist.txt, applied by build_lexicons to the MeSH and ICD-10-CM sources:
    # "her disease" (and "hers disease" through the singular match form) is Hers disease in MeSH
    found = ents(nlp, "After two years her disease was controlled with methotrexate.")
    assert [x for x in found if x[1] == "DISEASE"] == []
    assert ("Glycogen storage disease type VI", "DISEASE") in ents(nlp, "Glycogen storage disease type VI was diagnosed.")


def test_a_hyphenated_imaging_technique_written_as_two_words_stays_in_the_span(nlp):
    assert ("High resolution CT", "IMAGING") in ents(nlp, "High resolution CT showed fibrosis.")
    assert ("low dose CT", "IMAGING") in ents(nlp, "A low dose CT was done.")
    assert ("CT", "IMAGING") in ents(nlp, "The resolution of the CT was poor.")


def test_a_bracketed_short_form_inside_a_disease_name_stays_inside(nlp):
    # labels.md: "an abbreviation inside a name stays inside"
    assert ents(nlp, "Antineutrophil cytoplasmic antibody (ANCA)-associated vasculitis was diagnosed.") == [
        ("Antineutrophil cytoplasmic antibody (ANCA)-associated vasculitis", "DISEASE")]


def test_rheumatology_disease_names_of_the_coverage_check(nlp):
    for name in ("catastrophic antiphospholipid syndrome", "clinically amyopathic dermatomyositis",
                 "immune-mediated necrotizing myopathy", "Henoch-Schönlein purpura", "porcelain gallbladder"):
        assert (name, "DISEASE") in ents(nlp, f"She was diagnosed with {name}."), name


def test_undefined_rheumatology_short_forms_and_a_time_adverb_before_one(nlp):
    # abbreviations.tsv, session 19 block: guarded by a context word of the document
    found = ents(nlp, "Giant cell arteritis was suspected. A diagnosis of GCA was made. Polymyalgia followed: PMR.")
    assert ("GCA", "DISEASE") in found and ("PMR", "DISEASE") in found
    assert ents(nlp, "The patient with AOSD and IgG4-RD.") == [("AOSD", "DISEASE"), ("IgG4-RD", "DISEASE")]
    assert ents(nlp, "He had MAS. His blood pressure was normal.") == []  # MAS needs its context word
    # name_qualitative_words.txt: "Later" read as an adjective opens no name
    found = ents(nlp, "She had Churg-Strauss syndrome (CSS). Later CSS relapsed.")
    assert found.count(("CSS", "DISEASE")) == 2


def test_a_drug_resistance_prefix_names_the_organism_not_a_treatment(nlp):
    assert ents(nlp, "She was diagnosed with methicillin-resistant Staphylococcus aureus bacteremia.") == [
        ("methicillin-resistant Staphylococcus aureus bacteremia", "DISEASE")]
    # the drug given stays a treatment
    assert ("vancomycin", "TREATMENT") in ents(nlp, "He was treated with vancomycin for the bacteremia.")


def test_more_named_conditions_of_the_coverage_check(nlp):
    found = ents(nlp, "She was diagnosed with disseminated herpes zoster and MGUS.")
    assert ("disseminated herpes zoster", "DISEASE") in found and ("MGUS", "DISEASE") in found
    assert ents(nlp, "Hypercalcemia of malignancy was diagnosed.") == [("Hypercalcemia of malignancy", "DISEASE")]
