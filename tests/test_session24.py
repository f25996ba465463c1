"""Classes of session 24 (constructed sentences in the pattern of unlabelled third-party case
reports judged by labels.md, GUIDELINES.md and CASES.md)."""
from test_session21 import ents


def test_a_later_case_opened_mid_paragraph_is_its_own_row(nlp):
    # CASES.md 1: each reported patient is a case; "However, in patient 2, ..." opens the second one
    from test_cases import _rows
    text = ("Case presentation\n\nWe describe two patients with dermatomyositis. Patient 1, a 34-year-old "
            "woman, had calcinosis of the elbows and was treated with diltiazem, with improvement. However, in "
            "patient 2, a 50-year-old man, the calcinosis progressed despite alendronate.\n\n"
            "Discussion\n\nCalcinosis is common in juvenile dermatomyositis.\n")
    rows = _rows(nlp, text)
    assert sorted(rows) == ["1", "2"]
    assert list(rows["1"]["treatments"]) == ["diltiazem"]
    assert list(rows["2"]["treatments"]) == ["alendronate"]
    assert rows["2"]["sex"] == "male"


def test_a_drug_broken_after_its_chemical_prefix_is_the_drug(nlp):
    assert ents(nlp, "She was given hydroxy-chloroquine 200 mg daily.", "TREATMENT") == ["hydroxy-chloroquine"]
    assert ents(nlp, "He was given methyl-prednisolone pulses.", "TREATMENT") == ["methyl-prednisolone"]


def test_a_class_pulse_therapy_is_one_treatment(nlp):
    # GUIDELINES TREATMENT: "therapy" after a drug class stays in the span, as in "steroid pulse therapy"
    assert ents(nlp, "Corticosteroid pulse therapy was started.", "TREATMENT") == ["Corticosteroid pulse therapy"]
    assert ents(nlp, "Methylprednisolone therapy was started.", "TREATMENT") == ["Methylprednisolone"]


def test_a_hard_wrapped_line_break_inside_a_sentence_hides_no_name(nlp, tmp_path):
    from rheumex.extract import convert
    from rheumex.rows import annotate
    path = tmp_path / "wrapped.txt"
    path.write_text("Case report\n\nA 45-year-old woman with long-standing systemic\nsclerosis had known interstitial lung\n"
                    "disease. She was treated with\nmycophenolate mofetil.\n\nDiscussion\n\nSystemic sclerosis is rare.\n",
                    encoding="utf-8")
    document = convert(str(path))
    doc = annotate(nlp, document)
    got = [(e.text, e.label_) for e in doc.ents]
    assert ("systemic sclerosis", "DISEASE") in got
    assert ("interstitial lung disease", "DISEASE") in got
    # offsets still index the converted text
    for e in doc.ents:
        assert document.text[e.start_char:e.end_char].replace("\n", " ") == e.text


def test_unwrap_keeps_headings_and_lengths():
    from rheumex.pieces import unwrap
    text = ("Treatment\nsteroids were given.\n\nA long line of a wrapped sentence about systemic\nsclerosis.\n\n"
            "Differential Diagnosis: osteochondroma\nosteosarcoma\n")
    out = unwrap(text)
    assert len(out) == len(text)
    assert out.startswith("Treatment\nsteroids")  # a short line is a heading: its break stays
    assert "systemic sclerosis." in out
    assert out.endswith("osteochondroma\nosteosarcoma\n")  # a list keeps its lines


def test_inline_labels_of_a_structured_abstract_stay_in_the_abstract():
    from rheumex.extract.sections import detect_sections
    text = ("Calcinosis in dermatomyositis: a case report\n\nAbstract\n\n"
            "Background: Calcinosis is common in juvenile dermatomyositis.\n"
            "Case presentation: A 54-year-old woman with dermatomyositis had calcinosis of the elbows.\n"
            "Conclusions: Diltiazem may help.\n\nKeywords: calcinosis; dermatomyositis\n\n"
            "Background\n\nCalcinosis is frequent [1].\n\nCase presentation\n\nA 54-year-old woman presented.\n")
    secs, _meta = detect_sections(text)
    kinds = [(s.name, s.kind) for s in secs]
    assert kinds[:3] == [("Title", "title"), ("Abstract", "abstract"), ("Keywords", "keywords")]
    abstract = next(s for s in secs if s.kind == "abstract")
    assert "Conclusions: Diltiazem" in text[abstract.start:abstract.end]
    assert ("Case presentation", "body") in kinds


def test_a_case_told_only_in_an_abstract_under_an_article_type_label_gets_its_row(nlp):
    from test_cases import _rows
    text = ("Case Report\n\nAbstract\n\nA 54-year-old woman with dermatomyositis had calcinosis of the elbows. "
            "She was treated with diltiazem, and the calcinosis decreased in size.\n")
    rows = _rows(nlp, text)
    assert list(rows) == ["1"]
    assert list(rows["1"]["treatments"]) == ["diltiazem"]
    assert rows["1"]["treatment_response"] == "improved"


def test_greek_letters_and_hyphenated_class_names_match(nlp):
    assert ents(nlp, "He received \u03b1-blockers and \u03b2-blockers.", "TREATMENT") == ["\u03b1-blockers", "\u03b2-blockers"]
    assert ents(nlp, "Treatment with an ACE-inhibitor was initiated.", "TREATMENT") == ["ACE-inhibitor"]
    assert ents(nlp, "She was switched from ACE-Is to TNF-inhibitors.", "TREATMENT") == ["ACE-Is", "TNF-inhibitors"]


def test_session24_hedges_and_negations(nlp):
    from test_session21 import ctx
    assert ctx(nlp, "The pressure was 86 mm Hg, suggesting a severe pulmonary hypertension.") == [
        ("pulmonary hypertension", False, True)]
    assert ctx(nlp, "She was suspected to have developed immune thrombocytopenia.") == [
        ("immune thrombocytopenia", False, True)]
    # a claim is no hedge
    assert ctx(nlp, "Our case suggests that colchicine is effective.") == [("colchicine", False, False)]
    # not a statement of absence
    assert ctx(nlp, "There was no obvious cause for the pericardial effusion.") == [("pericardial effusion", False, False)]
    assert ctx(nlp, "She had no evidence suggestive of hyperparathyroidism.") == [("hyperparathyroidism", True, False)]
    # a treatment decided against
    assert ctx(nlp, "The question was raised, but cyclophosphamide was not added.") == [("cyclophosphamide", True, False)]


def test_negation_and_hedge_scopes_stop_at_a_new_clause(nlp):
    from test_session21 import ctx
    assert ctx(nlp, "She had anemia, and the ANA was negative.") == [("anemia", False, False)]
    assert ctx(nlp, "Blood cultures, HIV, and hepatitis B were negative.")[-2:] == [("HIV", True, False), ("hepatitis B", True, False)]
    assert ctx(nlp, "Giant cell arteritis was the likely diagnosis, and prednisone led to complete resolution.")[-1] == (
        "prednisone", False, False)
    assert ctx(nlp, "Without the correct treatment right away, septic arthritis can destroy the joint.") == [
        ("septic arthritis", False, False)]


def test_examples_of_a_negated_class_are_negated(nlp):
    from test_session21 import ctx
    got = ctx(nlp, "There was no history of connective tissue disease, such as dermatomyositis or scleroderma.")
    assert got == [("connective tissue disease", True, False), ("dermatomyositis", True, False), ("scleroderma", True, False)]


def test_a_remission_not_achieved_is_no_response_and_a_full_recovery_resolved():
    from rheumex.case_response import sentence_response
    assert sentence_response("However, renal remission of SLE was not achieved.") == "no response"
    assert sentence_response("She failed to achieve remission.") == "no response"
    assert sentence_response("Treatment with prednisolone led to a full recovery.") == "resolved"


def test_course_words_stay_out_of_a_name(nlp):
    # GUIDELINES 2: course and status words describe the disease and stay out
    assert ents(nlp, "New Onset Diffuse Systemic Sclerosis was diagnosed.", "DISEASE") == ["Diffuse Systemic Sclerosis"]
    assert ents(nlp, "She developed new-onset AKI.", "DISEASE") == ["AKI"]
    assert ents(nlp, "He was thought to have new onset gout.", "DISEASE") == ["gout"]
    assert ents(nlp, "SSc is a prototypical connective tissue disease.", "DISEASE") == ["SSc", "connective tissue disease"]
    # an age of onset is part of the name
    assert ents(nlp, "She had early onset migraine.", "DISEASE") == ["early onset migraine"]


def test_a_disease_defined_with_an_abbreviation_takes_the_whole_long_form(nlp):
    got = ents(nlp, "A diagnosis of immune mediated necrotizing myopathy (IMNM) was made. IMNM responded to IVIG.", "DISEASE")
    assert got == ["immune mediated necrotizing myopathy", "IMNM", "IMNM"]
    # a word of another mention is not taken
    assert ents(nlp, "She had lupus nephritis (LN).", "DISEASE") == ["lupus nephritis", "LN"]


def test_a_site_ending_a_paragraph_without_a_full_stop_is_kept(nlp):
    # a caption or title line: the parser hung "knee" on the blank-line token after it
    got = [(e.text, e.label_) for e in nlp("Calcification of the left knee\n\nThe patient was well.").ents]
    assert ("left knee", "CALCINOSIS_SITE") in got


def test_a_structure_keeps_its_named_adjective(nlp):
    assert ents(nlp, "Calcification of the cruciform ligament and the alar ligament was seen.", "CALCINOSIS_SITE") == [
        "cruciform ligament", "alar ligament"]
    assert ents(nlp, "There was calcification of the coracoid process.", "CALCINOSIS_SITE") == ["coracoid process"]


def test_coordinated_position_words_share_the_part_noun(nlp):
    assert ents(nlp, "Calcifications in the medial and lateral aspects of the left knee.", "CALCINOSIS_SITE") == [
        "medial and lateral aspects of the left knee"]
    assert ents(nlp, "Calcifications of the aorta and coronary arteries.", "CALCINOSIS_SITE") == ["aorta", "coronary arteries"]


def test_a_site_list_goes_on_after_bracketed_counts(nlp):
    assert ents(nlp, "Calcifications in the fingers (6), toes (2), wrists (2), elbow (1), and ankle (1) were seen.",
                "CALCINOSIS_SITE") == ["fingers", "toes", "wrists", "elbow", "ankle"]
    assert ents(nlp, "Calcinosis affected the hands (45%), elbows (30%) and knees (10%).", "CALCINOSIS_SITE") == [
        "hands", "elbows", "knees"]


def test_titles_of_saved_teaching_case_pages():
    from rheumex.extract.sections import detect_sections
    text = ("CASE 8977 Published on 08.11.2010\n\nMultiple Brown Tumours in a patient with chronic renal failure "
            "(ECR 2010 Case of the day)\n\nSection\n\nMusculoskeletal system\n\nCase Type\n\nClinical Cases\n\n"
            "Categories\nArea of Interest Extremities, Bones ; Imaging Technique Conventional radiography, CT\n"
            "Clinical History\nWe present the case of a 63 year old male with left shoulder pain.\n")
    secs, meta = detect_sections(text)
    assert meta.title.startswith("Multiple Brown Tumours")
    kinds = {s.name: s.kind for s in secs}
    assert kinds["Categories"] == "other" and kinds["Clinical History"] == "body"
    secs, meta = detect_sections("Vascular calcification\n\nCase contributed by Dr A Smith\n\n\nMultiple hand ulcers "
                                 "in a man on peritoneal dialysis.\n\nPatient Data\n\nAge: 75\n")
    assert meta.title == "Vascular calcification"
    secs, meta = detect_sections("Calcinosis Cutis (Benign cutaneous calcification, benign nodular calcification)\n\n"
                                 "Are You Confident of the Diagnosis?\n\nCalcinosis cutis may be triggered by many "
                                 "causes, ranging from chronic illness to trauma.\n")
    assert meta.title.startswith("Calcinosis Cutis")


def test_reported_symptoms_and_examination_signs_are_no_disease(nlp):
    # labels.md: symptoms and signs are not DISEASE
    for text in ("She had bruising and bruises.", "There was no scleral icterus.", "She had paraesthesias of the face.",
                 "He had focal neurological deficits.", "She had gastrointestinal symptoms and asthenia."):
        assert ents(nlp, text, "DISEASE") == [], text
    assert ents(nlp, "She had gastrointestinal bleeding.", "DISEASE") == ["gastrointestinal bleeding"]


def test_lab_analytes_and_radiotracers_are_no_treatment(nlp):
    assert ents(nlp, "Blood urea nitrogen was 30 mg/dL.", "TREATMENT") == []
    assert ents(nlp, "A technetium 99m hydroxymethylene diphosphonate bone scan showed uptake.", "TREATMENT") == []
    assert ents(nlp, "She received diphosphonate.", "TREATMENT") == ["diphosphonate"]
    assert ents(nlp, "She was given oxygen.", "TREATMENT") == ["oxygen"]


def test_a_definition_inside_the_case_text_gives_no_diagnosis(nlp):
    # CASES.md 2.3: general statements are not the patient's diagnoses
    from test_cases import _rows
    text = ("Case report\n\nA 72-year-old woman presented with shoulder pain and was diagnosed with polymyalgia "
            "rheumatica. Polymyalgia rheumatica is a systemic inflammatory disease of the elderly. She was treated "
            "with prednisolone and her symptoms resolved.\n\nDiscussion\n\nPMR is common [1].\n")
    rows = _rows(nlp, text)
    assert list(rows["1"]["diseases"]) == ["polymyalgia rheumatica"]
    assert list(rows["1"]["treatments"]) == ["prednisolone"]


def test_a_class_in_apposition_after_the_diagnosis_is_no_item(nlp):
    from test_cases import _rows
    text = ("Case report\n\nA 45-year-old woman was diagnosed with dermatomyositis, an idiopathic inflammatory "
            "myopathy, and was treated with prednisone. She also had hypertension, a common disease.\n\n"
            "Discussion\n\nDermatomyositis is rare [1].\n")
    rows = _rows(nlp, text)
    assert list(rows["1"]["diseases"]) == ["dermatomyositis", "hypertension"]


def test_patients_named_by_letters_are_cases(nlp):
    from test_cases import _rows
    text = ("Case presentation\n\nPatient A was a 34-year-old woman with dermatomyositis and calcinosis of the elbows, "
            "treated with diltiazem. Patient B, her 40-year-old brother, had juvenile dermatomyositis and received "
            "methotrexate.\n\nDiscussion\n\nCalcinosis is common in juvenile dermatomyositis.\n")
    rows = _rows(nlp, text)
    assert sorted(rows) == ["A", "B"]
    assert list(rows["B"]["treatments"]) == ["methotrexate"] and rows["B"]["sex"] == "male"


def test_a_short_form_of_a_long_form_holding_an_abbreviation(nlp):
    # labels.md: an abbreviation is its own mention, at every occurrence
    assert ents(nlp, "Neuropsychiatric SLE (NPSLE) is rare. NPSLE was treated.", "DISEASE") == [
        "Neuropsychiatric SLE", "NPSLE", "NPSLE"]
    assert ents(nlp, "She had catastrophic APS and lupus.", "DISEASE")[-1] == "lupus"
    assert ents(nlp, "The APS was reached by a 3 mm margin.", "DISEASE") == []


def test_greek_and_latin_plurals_match_their_singular(nlp):
    assert ents(nlp, "Scleroderma renal crises are rare.", "DISEASE") == ["Scleroderma renal crises"]
    assert ents(nlp, "Colonic diverticula were seen.", "DISEASE") == ["Colonic diverticula"]


def test_contracted_negations_negate(nlp):
    from test_session21 import ctx
    assert ctx(nlp, "He didn't have renal disease or parasitic disease.") == [
        ("renal disease", True, False), ("parasitic disease", True, False)]
    assert ctx(nlp, "The lesions didn't respond to colchicine.") == [("colchicine", False, False)]


def test_a_glued_closing_bracket_of_a_short_form_splits(nlp):
    from test_session21 import ctx
    got = ctx(nlp, "She had hemophagocytic syndrome(HPS)without any evidence of hematologic malignancy.")
    assert ("HPS", False, False) in got and ("hematologic malignancy", True, False) in got


def test_a_case_reported_without_an_age_or_beside_a_literature_review_gets_its_row(nlp):
    from test_cases import _rows
    rows = _rows(nlp, "Eosinophilic granulomatosis with polyangiitis: a case report\n\nWe report a rare case of "
                      "eosinophilic granulomatosis with polyangiitis with peripheral neuropathy. In addition to "
                      "glucocorticoids, we administered mepolizumab, and this resulted in remission.\n")
    assert list(rows) == ["1"] and "mepolizumab" in list(rows["1"]["treatments"])
    rows = _rows(nlp, "Microscopic polyangiitis: a case report\n\nWe present a literature review and a case of a "
                      "58-year-old woman with microscopic polyangiitis. She was treated with rituximab, which "
                      "resulted in complete remission.\n")
    assert list(rows) == ["1"] and rows["1"]["age"] in ("58", 58)


def test_a_procedure_keeps_its_manner_and_stage_words(nlp):
    # GUIDELINES 3 TREATMENT: a word naming how the procedure is done, and its stage, stay in
    assert ents(nlp, "Catheter-directed thrombolysis was performed.", "TREATMENT") == ["Catheter-directed thrombolysis"]
    assert ents(nlp, "He underwent below-knee amputation.", "TREATMENT") == ["below-knee amputation"]
    assert ents(nlp, "He underwent revision total knee arthroplasty.", "TREATMENT") == ["revision total knee arthroplasty"]
    assert ents(nlp, "A drug-eluting stent was placed.", "TREATMENT") == ["drug-eluting stent"]
    # dose, duration and route stay out
    assert ents(nlp, "She received long-term antimicrobial therapy.", "TREATMENT") == ["antimicrobial therapy"]
    assert ents(nlp, "Intra-articular steroid injections were given.", "TREATMENT") == ["steroid injections"]


def test_response_clearance_no_change_and_neither_nor(nlp):
    from rheumex.case_response import sentence_response
    from test_session21 import ctx
    assert sentence_response("This led once again to full clearance.") == "resolved"
    assert sentence_response("She received methotrexate and pamidronate without change.") == "no response"
    assert sentence_response("The condition responded to neither methotrexate nor etanercept.") == "no response"
    # drugs that failed were given
    assert ctx(nlp, "The condition responded to neither methotrexate nor etanercept.") == [
        ("methotrexate", False, False), ("etanercept", False, False)]
    assert ctx(nlp, "She had neither fever nor arthritis.") == [("arthritis", True, False)]


def test_named_calcification_diseases_stay_one_span(nlp):
    # GUIDELINES 3: named calcinosis forms stay one span; the organ inside them is no site
    got = [(e.text, e.label_) for e in nlp("The infant had generalized arterial calcification of infancy (GACI). GACI is rare.").ents]
    assert got == [("generalized arterial calcification of infancy", "DISEASE"), ("GACI", "DISEASE"), ("GACI", "DISEASE")]
    assert ents(nlp, "Diffuse arterial calcifications were seen.", "CALCINOSIS_SITE") == ["arterial"]


def test_imaging_tracers_glued_and_short_sequence_names(nlp):
    assert ents(nlp, "An 18FDG PET-CT was performed.", "IMAGING") == ["18FDG PET-CT"]
    assert ents(nlp, "18F-FDG PET/CTA showed aortitis.", "IMAGING") == ["18F-FDG PET/CTA"]
    assert ents(nlp, "On the T1W and T2W images the mass was bright.", "IMAGING") == ["T1W and T2W images"]
    assert ents(nlp, "The T2W was 4.", "IMAGING") == []
    # the dev gold's convention: the long form and its abbreviation are two spans, "scan" out
    assert ents(nlp, "A computed tomography (CT) scan was done. CT was repeated.", "IMAGING") == [
        "computed tomography", "CT", "CT"]


def test_second_round_hedges_and_negations(nlp):
    from test_session21 import ctx
    got = ctx(nlp, "Initial differential included hepatitis C and malignancy.")
    assert got == [("hepatitis C", False, True), ("malignancy", False, True)]
    assert ctx(nlp, "There was arterial irregularity indicative of vasculitis.") == [("vasculitis", False, True)]
    assert ctx(nlp, "IV contrast and radiographs were not requested.") == [("radiographs", True, False)]
    assert ctx(nlp, "None of them showed calcinosis.") == [("calcinosis", True, False)]
    assert ctx(nlp, "There are no other reported cases of bilateral pseudogout.") == [("pseudogout", False, False)]


def test_a_full_stop_glued_between_sentences_splits(nlp):
    doc = nlp("This is a possible treatment option.Description A 40-year-old woman had lupus.")
    assert len(list(doc.sents)) == 2
    assert [t.text for t in nlp("The S.aureus grew.")][1] == "S.aureus"


def test_spine_and_joint_sites_keep_their_levels_and_digits(nlp):
    assert ents(nlp, "Calcification of the right C2/C3 facet joint and bilateral C4/5 facet joints was seen.",
                "CALCINOSIS_SITE") == ["right C2/C3 facet joint", "bilateral C4/5 facet joints"]
    assert ents(nlp, "Calcifications within the 1st and 3rd MCP joints were seen.", "CALCINOSIS_SITE") == [
        "1st and 3rd MCP joints"]
    assert ents(nlp, "There was chondrocalcinosis within the radiocapitellar joint.", "CALCINOSIS_SITE") == [
        "radiocapitellar joint"]
    assert ents(nlp, "Calcinosis affected the spinal canal.", "CALCINOSIS_SITE") == ["spinal canal"]


def test_a_text_file_opening_with_a_bracket_is_plain_text(tmp_path):
    from rheumex.extract import convert
    from rheumex.extract.convert import UnsupportedFormat
    path = tmp_path / "page.txt"
    path.write_text("[Skip to Content]\n\nCalcinosis cutis treated with sodium thiosulfate\n\nA 45-year-old woman had "
                    "calcinosis.\n\nMeSH terms\n\nCalcinosis / drug therapy\n", encoding="utf-8")
    doc = convert(str(path))
    assert doc.format == "text"
    assert [s.kind for s in doc.sections if s.name == "MeSH terms"] == ["other"]
    bad = tmp_path / "data.json"
    bad.write_text("[1, 2, 3]", encoding="utf-8")
    import pytest
    with pytest.raises(UnsupportedFormat):
        convert(str(bad))


def test_page_furniture_and_journal_lines_are_no_title():
    from rheumex.extract.sections import detect_sections
    assert detect_sections("Medicine logoLink to Medicine\n\nNeonatal Kawasaki disease - Case report\n\nA 24-day-old boy "
                           "presented with fever and was treated for Kawasaki disease.\n")[1].title == (
        "Neonatal Kawasaki disease - Case report")
    assert detect_sections("Biotechnology & Biotechnological Equipment (Dec 2024)\n\nTakayasu arteritis in a young "
                           "woman treated with tocilizumab\n\nA 24-year-old woman presented with arm claudication.\n"
                           )[1].title == "Takayasu arteritis in a young woman treated with tocilizumab"


def test_a_diagnosis_initially_established_and_replaced_is_no_item(nlp):
    # CASES.md 4: superseded diagnoses are out
    from test_cases import _rows
    text = ("Case report\n\nA 52-year-old woman presented with polyarthritis. An ambulatory diagnosis of rheumatoid "
            "arthritis was initially established. After a muscle biopsy the diagnosis of scleromyositis was finally "
            "established. She was treated with prednisone.\n\nDiscussion\n\nScleromyositis is rare.\n")
    rows = _rows(nlp, text)
    assert "rheumatoid arthritis" not in list(rows["1"]["diseases"])
    assert "scleromyositis" in list(rows["1"]["diseases"])


def test_a_variant_apposition_and_comorbidities_such_as(nlp):
    from test_cases import _rows
    text = ("Case report\n\nA 60-year-old woman had CREST syndrome, a limited variant of scleroderma, with calcinosis of "
            "the fingers. Later she developed comorbidities such as depression and an acute pulmonary embolism. She was "
            "treated with diltiazem.\n\nDiscussion\n\nThe differential diagnosis includes diseases such as lupus.\n")
    got = list(_rows(nlp, text)["1"]["diseases"])
    assert "scleroderma" not in got and "depression" in got and "acute pulmonary embolism" in got and "lupus" not in got


def test_developed_despite_treatment_is_worsened():
    from rheumex.case_response import sentence_response
    assert sentence_response("However, despite the treatment with two doses of intravenous immunoglobulin and "
                             "infliximab, during follow-up the infant developed giant coronary artery aneurysms.") == "worsened"
    assert sentence_response("Despite treatment, she developed no complications.") != "worsened"


def test_negative_results_after_the_tested_conditions(nlp):
    from test_session21 import ctx
    assert ctx(nlp, "Infectious processes were ruled out, including HIV and tuberculosis.")[-2:] == [
        ("HIV", True, False), ("tuberculosis", True, False)]
    assert ctx(nlp, "She was tested for histoplasmosis, which was negative.") == [("histoplasmosis", True, False)]
    assert ctx(nlp, "She had lupus, which was treated with steroids.") == [("lupus", False, False), ("steroids", False, False)]


def test_a_citation_list_glued_to_a_word_splits(nlp):
    assert ents(nlp, "It was compatible with watermelon stomach1,2 and gangrene1-4.", "DISEASE") == [
        "watermelon stomach", "gangrene"]
    assert [t.text for t in nlp("IL-1,6 were measured.")][0] == "IL-1,6"


def test_a_spaced_non_before_the_names_modifier_stays(nlp):
    assert ents(nlp, "CT showed non specific interstitial pneumonia.", "DISEASE") == ["non specific interstitial pneumonia"]
    assert ents(nlp, "There was non significant arthritis.", "DISEASE") == ["arthritis"]


def test_immunoglobulin_therapy_under_other_names(nlp):
    assert ents(nlp, "She received intravenous gammaglobulin.", "TREATMENT") == ["intravenous gammaglobulin"]
    assert ents(nlp, "Serum gamma globulin was elevated.", "TREATMENT") == []
    assert ents(nlp, "She used Chinese herbs.", "TREATMENT") == ["Chinese herbs"]
