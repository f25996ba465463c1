"""Classes of session 23 (constructed sentences in the pattern of unlabelled third-party case
reports that helpers judged by labels.md and GUIDELINES: specialties and services named by a
disease or procedure word, injuries with their kind, status words out of a name, rule-outs still
to be done)."""
from test_session21 import ctx, ents


def test_a_specialty_or_service_is_no_mention(nlp):
    # labels.md v2: organisational units are not annotated; a DISEASE is the patient's condition
    assert ents(nlp, "Infectious disease was consulted and vancomycin was started.", "DISEASE") == []
    assert ents(nlp, "The infectious diseases team recommended meropenem.", "DISEASE") == []
    assert ents(nlp, "An infectious disease consultation was obtained for suspected endocarditis.",
                "DISEASE") == ["endocarditis"]
    assert ents(nlp, "He was seen at the general surgery OPD.", "TREATMENT") == []
    # the same words as the patient's condition or a therapy given stay
    assert ents(nlp, "He had an infectious disease of the skin.", "DISEASE") == ["infectious disease"]
    assert ents(nlp, "He underwent surgery in May.", "TREATMENT") == ["surgery"]


def test_an_injury_with_its_kind_is_one_disease(nlp):
    assert ents(nlp, "He sustained a burn injury to the forearm.", "DISEASE") == ["burn injury"]


def test_a_control_status_word_stays_out_of_the_name(nlp):
    # GUIDELINES: course and status words are no part of a name ("stable SLE", "refractory GPA")
    assert ents(nlp, "He had uncontrolled hyperparathyroidism despite cinacalcet.", "DISEASE") == [
        "hyperparathyroidism"]


def test_a_rule_out_still_to_be_done_is_a_hedge(nlp):
    assert ctx(nlp, "Lymphoma should be carefully excluded before treatment.") == [("Lymphoma", False, True)]
    assert ctx(nlp, "Tuberculosis must be ruled out in these patients.") == [("Tuberculosis", False, True)]
    # a rule-out done negates
    assert ctx(nlp, "Tuberculosis was excluded.") == [("Tuberculosis", True, False)]


def test_denial_and_open_questions(nlp):
    assert ctx(nlp, "She disclaimed any visual disturbance or stroke.")[-1] == ("stroke", True, False)
    assert ctx(nlp, "There was a suggestion of a vasculitis on biopsy.") == [("vasculitis", False, True)]
    assert ctx(nlp, "It was unclear whether tuberculosis had triggered the flare.") == [("tuberculosis", False, True)]


def test_an_article_type_label_before_the_abstract_opens_no_case(nlp, tmp_path):
    # a saved journal page: the "CASE REPORT" label sits above the title; the case is told in the abstract
    from rheumex.extract import convert
    from rheumex.rows import annotate, case_rows, mention_rows
    path = tmp_path / "page.txt"
    path.write_text(
        "Dermatology Online Journal\n\nCASE REPORT\nYear : 2012 | Volume : 3 | Issue : 1\n\n"
        "Cutaneous polyarteritis nodosa: a rare isolated cutaneous vasculitis\n\n"
        "A. Author1, B. Author2\n1 Department of Medicine, City Hospital, India\n\n"
        "Abstract\n\nCutaneous polyarteritis nodosa is a rare form of cutaneous vasculitis. We report a case of "
        "cutaneous polyarteritis nodosa in a 14-year-old girl who presented with digital gangrene. She received "
        "treatment with steroids and the lesions resolved completely over a month.\n\n"
        "Introduction\n\nCutaneous polyarteritis nodosa was first described in 1931. Steroids are the usual "
        "first treatment.\n", encoding="utf-8")
    doc = annotate(nlp, convert(str(path)))
    rows = case_rows(doc, "t", mention_rows(doc, "t"))
    assert len(rows) == 1
    assert rows[0]["age"] in ("14", 14)
    assert "steroids" in list(rows[0]["treatments"])
    assert rows[0]["treatment_response"] == "resolved"


def test_a_series_sentence_gives_its_disease_and_response_to_every_case(nlp):
    from test_cases import _rows
    text = ("Results\n\nIn our centre we are currently treating two adolescents with Takayasu arteritis. "
            "Patient 1 presented with arthralgia, anaemia and fatigue. Patient 2 demonstrated leg claudication. "
            "Both patients were started on infliximab, which resulted in a good clinical response.\n\n"
            "Conclusion\n\nTakayasu arteritis should be considered in children with claudication.\n")
    rows = _rows(nlp, text)
    assert sorted(rows) == ["1", "2"]
    for r in rows.values():
        assert "Takayasu arteritis" in list(r["diseases"])
        assert "infliximab" in list(r["treatments"])
        assert r["treatment_response"] == "improved"


def test_punctuation_glued_after_a_bracket_or_citation_splits(nlp):
    assert ents(nlp, "Its pathogenesis is unknown [3].Steroids are the first line.", "TREATMENT") == ["Steroids"]
    assert ents(nlp, "He took prednisolone (5 mg per day),methotrexate and folic acid.", "TREATMENT") == [
        "prednisolone", "methotrexate", "folic acid"]
    assert ents(nlp, "Tocilizumab (TCZ) was given. She improved with the use of TCZ[1].", "TREATMENT") == [
        "Tocilizumab", "TCZ", "TCZ"]
    assert "dermatomyositis" in ents(nlp, "It is associated with dermatomyositis/JDM progression.", "DISEASE")
    # slashes between capitals and units stay whole
    assert [t.text for t in nlp("PET/CT and/or 5 mg/dL")] == ["PET/CT", "and/or", "5", "mg/dL"]


def test_drug_class_wordings(nlp):
    assert ents(nlp, "Steroids and immunosuppressive medicines could be tapered.", "TREATMENT") == [
        "Steroids", "immunosuppressive medicines"]
    assert ents(nlp, "Two previous immunobiological drugs failed.", "TREATMENT") == ["immunobiological drugs"]


def test_a_saved_pages_field_labels_and_numbered_bylines_are_no_title():
    from rheumex.extract.sections import detect_sections
    text = ("Calcinosis in limited cutaneous systemic sclerosis\n\nClinical Cases 11.02.2025\n"
            "Section: Musculoskeletal system\nCase Type: Clinical Cases\nPatient: 62 years, female\n\n"
            "Background\n\nSystemic sclerosis is an immune-mediated disorder.\n")
    sections, meta = detect_sections(text)
    assert meta.title != "Section: Musculoskeletal system"
    # the first line is no front matter left out of the annotation
    assert all(s.kind != "other" for s in sections if s.start == 0)
    sections, meta = detect_sections("Article Text\n\nOverlap connective tissue disease and calcification\n"
                                     "  1. A T Y Chan1,\n  2. J McNally1\n\nCase report\n\nA woman had calcinosis.\n")
    assert meta.title != "2. J McNally1"


def test_a_title_with_a_colon_stays_the_title():
    from rheumex.extract.sections import detect_sections
    _sections, meta = detect_sections("Calciphylaxis: A Case Report\n\nJohn Smith1, Mary Jones2\n\n"
                                      "Abstract\n\nA 60-year-old woman on dialysis had painful skin ulcers.\n")
    assert meta.title == "Calciphylaxis: A Case Report"
