"""Name classes of session 20 (constructed sentences in the pattern of case reports; labels.md:
keep the words that are part of the name)."""


def ents(nlp, text, label="DISEASE"):
    return [e.text for e in nlp(text).ents if e.label_ == label]


def test_latin_qualifiers_after_a_name_stay_inside_it(nlp):
    assert ents(nlp, "She had calcinosis cutis universalis.") == ["calcinosis cutis universalis"]
    assert ents(nlp, "Biopsy showed morphea profunda.") == ["morphea profunda"]
    assert ents(nlp, "The lesion was panniculitis ossificans.") == ["panniculitis ossificans"]
    # an English word after the name is not taken
    assert ents(nlp, "Calcinosis cutis progressed.") == ["Calcinosis cutis"]


def ctx(nlp, text):
    return [(e.text, e._.negated, e._.hypothetical) for e in nlp(text).ents]


def test_rapidly_progressive_is_part_of_the_name(nlp):
    assert ents(nlp, "He developed rapidly progressive glomerulonephritis (RPGN).") == [
        "rapidly progressive glomerulonephritis", "RPGN"]


def test_a_spelled_cytokine_with_a_greek_suffix_names_no_disease(nlp):
    assert ents(nlp, "Tumor necrosis factor-α levels were high.") == []
    assert ents(nlp, "Tumor necrosis factor-alpha inhibitors were given.", "TREATMENT") == [
        "Tumor necrosis factor-alpha inhibitors"]


def test_classes_with_a_bracketed_short_form_and_spelled_variants(nlp):
    assert ents(nlp, "Tumor necrosis factor (TNF) inhibitors were started.", "TREATMENT") == [
        "Tumor necrosis factor (TNF) inhibitors"]
    assert ents(nlp, "Phosphodiesterase type 5 inhibitors were given. A urate-lowering drug was started.",
                "TREATMENT") == ["Phosphodiesterase type 5 inhibitors", "urate-lowering drug"]
    assert ents(nlp, "She was diagnosed with DRESS after allopurinol.") == ["DRESS"]


def test_no_standard_therapy_for_x_does_not_deny_x(nlp):
    assert ctx(nlp, "There is no standard therapy for calcinosis in systemic sclerosis.") == [
        ("calcinosis", False, False), ("systemic sclerosis", False, False)]
    assert ctx(nlp, "There was no calcinosis.") == [("calcinosis", True, False)]


def test_concern_for_is_a_possibility_and_a_purpose_clause_ends_a_hedge(nlp):
    assert ctx(nlp, "There was concern for scleroderma.") == [("scleroderma", False, True)]
    assert ctx(nlp, "She was started on steroids to treat suspected inflammatory arthritis.") == [
        ("steroids", False, False), ("inflammatory arthritis", False, True)]


def test_a_failed_or_not_tolerated_treatment_was_given(nlp):
    assert ctx(nlp, "The edema was not responsive to bevacizumab.") == [("edema", False, False), ("bevacizumab", False, False)] \
        or ctx(nlp, "The edema was not responsive to bevacizumab.") == [("bevacizumab", False, False)]
    assert ctx(nlp, "He could not tolerate colchicine.") == [("colchicine", False, False)]
    assert ctx(nlp, "There was no improvement despite prednisone.") == [("prednisone", False, False)]
    assert ctx(nlp, "Colchicine was not given.") == [("Colchicine", True, False)]


def test_an_antigen_or_organism_named_after_a_disease_is_no_disease(nlp):
    assert ents(nlp, "Anti-melanoma differentiation-associated gene 5 antibodies were positive.") == []
    assert ents(nlp, "Cultures grew Mycobacterium tuberculosis. She had tuberculosis.") == ["tuberculosis"]


def test_plain_text_titles_short_or_over_a_prose_paragraph():
    from rheumex.extract.sections import detect_sections

    _s, meta = detect_sections("Calciphylaxis\n\nAbstract\n\nA 60-year-old woman had calciphylaxis of the thighs.\n")
    assert meta.title == "Calciphylaxis"
    body = ("A 45-year-old woman with a ten-year history of systemic lupus erythematosus presented with painful "
            "nodules on the buttocks and thighs. Radiographs showed calcification.\n")
    _s, meta = detect_sections("Calcinosis cutis in a patient with systemic lupus erythematosus\n\n" + body)
    assert meta.title == "Calcinosis cutis in a patient with systemic lupus erythematosus"
    _s, meta = detect_sections("The patient was seen in 2001.\n\n" + body)  # a sentence is no title
    assert meta.title is None


def test_evaluation_unremarkable_potential_therapies_and_confirmed_s20(nlp):
    assert ctx(nlp, "Evaluation for tuberculosis was unremarkable.") == [("tuberculosis", True, False)]
    assert ctx(nlp, "The CT of the abdomen was unremarkable.") == [("CT of the abdomen", False, False)]
    assert ctx(nlp, "Potential new therapies for systemic sclerosis are needed.") == [("systemic sclerosis", False, False)]
    assert ctx(nlp, "It was likely caused by warfarin and confirmed Haemophilus influenzae infection.")[-1] == (
        "Haemophilus influenzae infection", False, False)


def test_a_bracketed_short_form_before_a_slash_is_its_own_token(nlp):
    assert ents(nlp, "He developed macrophage activation syndrome (MAS)/hemophagocytic lymphohistiocytosis.") == [
        "macrophage activation syndrome", "MAS", "hemophagocytic lymphohistiocytosis"]
    assert [t.text for t in nlp.make_doc("(+)-catechin")] == ["(+)-catechin"]
