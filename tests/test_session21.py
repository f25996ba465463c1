"""Classes of session 21 (constructed sentences in the pattern of case reports; labels.md and
GUIDELINES: a site keeps its anatomical "of" phrase; a condition whose course a treatment did not
change is present; only what a trigger governs is negated or hypothetical)."""


def ents(nlp, text, label):
    return [e.text for e in nlp(text).ents if e.label_ == label]


def ctx(nlp, text):
    return [(e.text, e._.negated, e._.hypothetical) for e in nlp(text).ents]


def test_an_ordinal_in_the_of_phrase_stays_in_the_site(nlp):
    assert ents(nlp, "Radiographs showed calcification of the distal phalanx of the left first finger.",
                "CALCINOSIS_SITE") == ["distal phalanx of the left first finger"]
    assert ents(nlp, "A calcified nodule was found on the distal phalanx of the right second toe.",
                "CALCINOSIS_SITE") == ["distal phalanx of the right second toe"]
    # a laterality word or ordinal with no anatomy after it is not taken
    assert ents(nlp, "Calcification of the tip of the left was seen.", "CALCINOSIS_SITE") != [
        "tip of the left"]


def test_a_treatment_that_did_not_change_a_condition_leaves_it_present(nlp):
    assert ("calciphylaxis", False, False) in ctx(nlp, "Warfarin did not halt the progression of calciphylaxis.")
    assert ("calcinosis", False, False) in ctx(nlp, "Intralesional steroids have not prevented progression of the calcinosis.")
    assert ("bisphosphonates", False, False) in ctx(nlp, "Her calcinosis did not resolve after bisphosphonates.")
    assert ("colchicine", False, False) in ctx(nlp, "Calcinosis was not controlled by colchicine.")
    # a plain negation still negates
    assert ("calcinosis", True, False) in ctx(nlp, "The patient did not have calcinosis.")


def test_a_backward_trigger_stops_at_the_comma_of_an_opening_phrase(nlp):
    got = ctx(nlp, "After failure of conventional DMARDs, a biologic agent was considered.")
    assert ("DMARDs", False, False) in got and ("biologic agent", False, True) in got
    got = ctx(nlp, "Despite methotrexate, surgery was considered.")
    assert ("methotrexate", False, False) in got and ("surgery", False, True) in got
    # with no opening phrase a list is governed as a whole
    got = ctx(nlp, "Methotrexate, surgery and colchicine were considered.")
    assert all(h for _t, _n, h in got)


def test_calciphylaxis_anchors_no_site(nlp):
    # labels.md v2: only calcification, calcinosis, calcium deposits and calcified/calcific make a site
    assert ents(nlp, "She had calciphylaxis lesions in her lower left leg.", "CALCINOSIS_SITE") == []
    assert ents(nlp, "Calcinosis of the left leg was seen.", "CALCINOSIS_SITE") == ["left leg"]


def test_position_and_hyphenated_locative_adjectives_stay_in_the_site(nlp):
    assert ents(nlp, "There were calcifications over both greater trochanteric regions.", "CALCINOSIS_SITE") == [
        "both greater trochanteric regions"]
    assert ents(nlp, "Calcification of the left circumflex artery was seen.", "CALCINOSIS_SITE") == [
        "left circumflex artery"]
    assert ents(nlp, "Calcifications were seen in the juxta-articular soft-tissue.", "CALCINOSIS_SITE") == [
        "juxta-articular soft-tissue"]


def test_a_size_word_before_a_site_that_modifies_the_calcification_stays_out(nlp):
    assert ents(nlp, "Numerous small soft tissue calcifications were seen.", "CALCINOSIS_SITE") == ["soft tissue"]
    # ... but it stays in where the anatomy is the head, or names the anatomy
    assert ents(nlp, "Calcifications were seen in the small ductal branches.", "CALCINOSIS_SITE") == [
        "small ductal branches"]
    assert ents(nlp, "Calcifications were seen in the small joints of the hands.", "CALCINOSIS_SITE") == [
        "small joints of the hands"]


def test_british_spellings_match_the_lexicons(nlp):
    assert ents(nlp, "She was treated with sodium thiosulphate.", "TREATMENT") == ["sodium thiosulphate"]
    assert ents(nlp, "He had coeliac disease.", "DISEASE") == ["coeliac disease"]


def test_no_effect_on_a_finding_leaves_it_present_and_modal_adverbs_keep_the_hedge(nlp):
    assert ("calcinosis", False, False) in ctx(nlp, "Colchicine had no effect on calcinosis.")
    assert ("calcinosis", False, False) in ctx(nlp, "There was no improvement in calcinosis after diltiazem.")
    got = ctx(nlp, "Oxygen and sodium thiosulfate could potentially be effective treatments for calciphylaxis.")
    assert ("Oxygen", False, True) in got and ("sodium thiosulfate", False, True) in got


def test_a_list_goes_on_over_a_determiner_and_a_treatments_substance(nlp):
    got = ctx(nlp, "It may be necessary to use NSAIDs, colchicine and an intra-articular injection of a corticosteroid.")
    assert [h for t, _n, h in got if t in ("NSAIDs", "colchicine", "corticosteroid")] == [True, True, True]


def test_response_wordings_s21():
    from rheumex.case_response import sentence_response
    assert sentence_response("Treatment indicated a poor response to therapy.") == "no response"
    assert sentence_response("Sodium thiosulfate failed to halt the progression of the ulcers.") == "worsened"
    assert sentence_response("Bisphosphonates have not prevented progression of nodule formation.") == "worsened"
    assert sentence_response("There were scars at sites of healed ulcers.") is None
    assert sentence_response("There was no progression.") == "resolved"


from test_cases import _rows  # noqa: E402  (one case-row helper for the case tests)


def test_a_case_told_only_in_the_abstract_is_a_case(nlp):
    # CASES.md: one row per reported patient; here the body has an introduction and a discussion only
    text = ("Calcinosis cutis in dermatomyositis\n\nAbstract\n\nCalcinosis is a known complication. We report a "
            "52-year-old woman with dermatomyositis who developed calcinosis cutis on the elbows. She was treated "
            "with diltiazem. She eventually died of cardiac failure.\n\nIntroduction\n\nTreatment options include "
            "bisphosphonates and surgery.\n\nDiscussion\n\nSodium thiosulfate has been used in several reports.\n")
    rows = _rows(nlp, text)
    assert list(rows) == ["1"]
    row = rows["1"]
    assert (row["age"], row["sex"], row["outcome"]) == ("52", "female", "died")
    assert "diltiazem" in row["treatments"] and "bisphosphonates" not in row["treatments"]
    assert "Sodium thiosulfate" not in row["treatments"]


def test_two_cases_numbered_in_words_in_the_abstract(nlp):
    text = ("Calcinosis in systemic sclerosis: two cases\n\nAbstract\n\nCase one refers to an 80-year-old man with "
            "calcinosis of the fingers treated with colchicine. Case two refers to a 59-year-old woman with "
            "calcinosis of the knees treated with diltiazem.\n\nDiscussion\n\nCalcinosis is common.\n")
    rows = _rows(nlp, text)
    assert set(rows) == {"1", "2"}
    assert (rows["1"]["age"], rows["2"]["age"]) == ("80", "59")
    assert rows["1"]["treatments"] == ["colchicine"] and rows["2"]["treatments"] == ["diltiazem"]


def test_en_dash_eponym_pairs_are_one_name(nlp):
    # publishers set eponym pairs with an en dash; the lexicons write them with a hyphen
    assert ents(nlp, "She had Henoch\u2013Schönlein purpura.", "DISEASE") == ["Henoch\u2013Schönlein purpura"]
    assert ents(nlp, "She had Churg\u2013Strauss syndrome.", "DISEASE") == ["Churg\u2013Strauss syndrome"]
    # an eponym pair with a letter outside ASCII opens a syndrome name like a single eponym
    assert ents(nlp, "She had Sjögren-Larsson syndrome.", "DISEASE") == ["Sjögren-Larsson syndrome"]
    # a range is no name; words with spaces around the dash stay apart
    assert ents(nlp, "The dose was 10\u201320 mg of prednisone.", "TREATMENT") == ["prednisone"]
    assert "calcinosis\u2013a" not in [t.text for t in nlp("It was calcinosis \u2013 a rare finding.")]
    assert ents(nlp, "MRI-CT disease was noted.", "DISEASE") == []


def test_therapies_of_calcific_tendinitis_and_discharge_drainage(nlp):
    assert ents(nlp, "Extracorporeal shock wave therapy (ESWT) was performed.", "TREATMENT") == [
        "Extracorporeal shock wave therapy", "ESWT"]
    assert ents(nlp, "Extracorporeal shock wave therapy was performed.", "DISEASE") == []
    assert ents(nlp, "Ultrasound-guided barbotage was done.", "TREATMENT") == ["Ultrasound-guided barbotage"]
    assert ents(nlp, "She was placed on a phosphate-restricted diet.", "TREATMENT") == ["phosphate-restricted diet"]
    assert ents(nlp, "There was reddish drainage from the right buttock.", "TREATMENT") == []
    assert ents(nlp, "Percutaneous drainage was performed.", "TREATMENT") == ["Percutaneous drainage"]


def test_a_bracketed_short_form_inside_a_site_and_lists_around_figure_pointers(nlp):
    assert ents(nlp, "Calcification of the left anterior descending (LAD) artery was noted.", "CALCINOSIS_SITE") == [
        "left anterior descending (LAD) artery"]
    assert ents(nlp, "Calcifications were seen in the pelvic region (Fig. 1A), thigh, knee, and lower leg (Fig. 1B).",
                "CALCINOSIS_SITE") == ["pelvic region", "thigh", "knee", "lower leg"]


def test_an_autoantibody_before_positive_stays_in_the_name(nlp):
    assert ents(nlp, "She had anti-Mi2-positive dermatomyositis.", "DISEASE") == ["anti-Mi2-positive dermatomyositis"]
    assert ents(nlp, "She had MDA5-positive dermatomyositis.", "DISEASE") == ["MDA5-positive dermatomyositis"]


def test_a_suspended_hyphen_prefix_joins_the_coordinated_name(nlp):
    # labels.md: one span when a conjunct does not stand alone
    assert ents(nlp, "She had pre- and post-coarctation dilatation.", "DISEASE") == ["pre- and post-coarctation dilatation"]
    assert ents(nlp, "There was calcification of the intra- and extrahepatic bile ducts.", "CALCINOSIS_SITE") == [
        "intra- and extrahepatic bile ducts"]
    assert ents(nlp, "She had JAK2 V617F-positive myeloproliferative neoplasms.", "DISEASE") == [
        "JAK2 V617F-positive myeloproliferative neoplasms"]


def test_modal_treatment_verbs_hedge_the_treatments_they_govern(nlp):
    got = ctx(nlp, "Acute gout may be treated with nonsteroidal anti-inflammatory drugs, corticosteroids, or colchicine.")
    assert [h for t, _n, h in got if t != "Acute gout"] == [True, True, True]
    assert ("Surgical excision", False, True) in ctx(nlp, "Surgical excision may be performed.")
    assert ("Rituximab", False, True) in ctx(nlp, "Rituximab therapy might be warranted.")
    # GUIDELINES 7.3: a general fact with "can" or "usually" is no hedge
    assert ("surgery", False, False) in ctx(nlp, "Recurrences are usually treated with surgery.")
    assert ("MRI", False, False) in ctx(nlp, "MRI can be used for staging.")
    # a narrative sentence stays as it is
    assert ("colchicine", False, False) in ctx(nlp, "She was treated with colchicine.")


def test_context_classes_of_session21(nlp):
    got = ctx(nlp, "Due to the concern for toxicity, colchicine and corticosteroids were not started.")
    assert ("colchicine", True, False) in got or ("colchicine", False, False) in got
    assert all(not h for t, _n, h in got if t in ("colchicine", "corticosteroids"))
    got = ctx(nlp, "There was no response to methotrexate, and calcinosis progressed.")
    assert ("methotrexate", False, False) in got and ("calcinosis", False, False) in got
    assert ("toxic maculopathy", False, True) in ctx(nlp, "It was suspected that the findings were related to toxic maculopathy.")
    assert ("rituximab", True, False) in ctx(nlp, "We initiated plasma exchange instead of rituximab.")
    assert ("granulomatosis with polyangiitis", False, False) in ctx(
        nlp, "Later investigations would support granulomatosis with polyangiitis.")


def test_possessives_and_organisation_names_are_no_part_of_a_disease(nlp):
    assert ents(nlp, "His arthritis improved.", "DISEASE") == ["arthritis"]
    assert ents(nlp, "The European League against Rheumatism (EULAR) recommendations were followed.", "DISEASE") == []


def test_marker_associated_names_and_evidence_words(nlp):
    assert ents(nlp, "She had IgG4-related fibrosis.", "DISEASE") == ["IgG4-related fibrosis"]
    assert ents(nlp, "He had HLA-B27-associated uveitis.", "DISEASE") == ["HLA-B27-associated uveitis"]
    assert ents(nlp, "He had aspiration-proven gout.", "DISEASE") == ["gout"]
    assert ents(nlp, "She had small vessel vasculitis.", "DISEASE") == ["small vessel vasculitis"]
    assert ents(nlp, "An oral aphtha was present.", "DISEASE") == ["oral aphtha"]
    # symptoms and measurements are no DISEASE (labels.md)
    assert ents(nlp, "She had loss of appetite and frequent desaturations.", "DISEASE") == []


def test_two_studies_joined_by_and_stay_apart(nlp):
    assert ents(nlp, "CT chest and kidney ultrasound were unremarkable.", "IMAGING") == ["CT chest", "kidney ultrasound"]
    assert ents(nlp, "MRI brain and chest X-ray were normal.", "IMAGING") == ["MRI brain", "chest X-ray"]
    # one study with coordinated views or regions stays one span
    assert ents(nlp, "PA and lateral chest x-rays were done.", "IMAGING") == ["PA and lateral chest x-rays"]
    assert ents(nlp, "CT chest, abdomen and pelvis was done.", "IMAGING") == ["CT chest, abdomen and pelvis"]
    assert ents(nlp, "DECT of the knees showed urate.", "IMAGING") == ["DECT of the knees"]


def test_negation_and_hedge_classes_of_session21(nlp):
    # a rule-out not done is a hedge, not a negation
    assert ("pneumothorax", False, True) in ctx(nlp, "A small pneumothorax cannot be ruled out at this point.")
    assert ("Lymphoma", False, True) in ctx(nlp, "Lymphoma was not ruled out.")
    # hedges right after the mention; 'no suspicion of' negates
    assert ("Rheumatoid arthritis", False, True) in ctx(nlp, "Rheumatoid arthritis could also explain the presentation.")
    assert ("malignancy", True, False) in ctx(nlp, "Since there was no suspicion of malignancy, no biopsy was done.")
    # treatments given for a suspected disease are not hedged
    got = ctx(nlp, "She was treated with steroids and rituximab for suspected granulomatosis with polyangiitis.")
    assert ("steroids", False, False) in got and ("granulomatosis with polyangiitis", False, True) in got
    assert ("Lymphoma", False, True) in ctx(nlp, "Lymphoma should be suspected in patients who deteriorate.")
    # 'absent' before its noun; a new clause after 'and' is out of the scope
    assert ("lupus nephritis", False, False) in ctx(
        nlp, "Renal pathology was consistent with lupus nephritis and absent extrarenal manifestations.")
    assert ("gout", False, False) in ctx(nlp, "No erosions were seen and gout was diagnosed.")
    assert ("dermatomyositis", False, False) in ctx(nlp, "She had no Raynaud's phenomenon and dermatomyositis was diagnosed.")
    assert ("arthritis", True, False) in ctx(nlp, "No fever, rash, and arthritis were reported.")


def test_a_scope_runs_over_a_list_of_short_items(nlp):
    got = ctx(nlp, "Blood cultures, malaria screen, hepatitis serology, cytomegalovirus, HIV, and syphilis serology were negative.")
    assert all(n for _t, n, _h in got)
    got = ctx(nlp, "She denies any history of arthritis, psoriasis, or previous lung disease.")
    assert ("lung disease", True, False) in got
    # not across a clause
    assert ("arthritis", False, False) in ctx(nlp, "She had fever, chills, night sweats, weight loss, rash, and arthritis; tests were negative.")


def test_site_classes_of_session21_second_round(nlp):
    assert ents(nlp, "Calcinosis of the skin, muscle, tendon and visceral organs.", "CALCINOSIS_SITE") == [
        "skin", "muscle", "tendon", "visceral organs"]
    assert ents(nlp, "Calcium deposits in the skin and subcutaneous tissue.", "CALCINOSIS_SITE") == [
        "skin", "subcutaneous tissue"]
    assert ents(nlp, "Calcifications involving the thalami were seen.", "CALCINOSIS_SITE") == ["thalami"]
    assert ents(nlp, "There was massive peri-articular calcinosis.", "CALCINOSIS_SITE") == ["peri-articular"]
    assert ents(nlp, "Thickened gastric mucosa with calcium deposits in the submucosa.", "CALCINOSIS_SITE") == ["submucosa"]
    assert ents(nlp, "Calcification of the caudate heads was seen.", "CALCINOSIS_SITE") == ["caudate heads"]


def test_skin_signs_are_no_case_diagnoses_but_named_purpuras_are(nlp):
    text = ("Calcinosis in dermatomyositis\n\nCase presentation\n\nA 40-year-old woman with dermatomyositis had "
            "calcinosis of the elbows. Gottron papules and purpura were noted on examination. She also had "
            "Henoch-Schönlein purpura in childhood.\n\nDiscussion\n\nCalcinosis is common.\n")
    row = _rows(nlp, text)["1"]
    assert "Gottron papules" not in row["diseases"] and "purpura" not in row["diseases"]
    assert "Henoch-Schönlein purpura" in row["diseases"] and "dermatomyositis" in row["diseases"]


def test_treatment_classes_of_session21_second_round(nlp):
    assert ents(nlp, "She received bisphosphonate therapy and insulin therapy.", "TREATMENT") == [
        "bisphosphonate therapy", "insulin therapy"]
    assert ents(nlp, "Warfarin therapy was stopped.", "TREATMENT") == ["Warfarin"]  # a named drug keeps no therapy noun
    assert ents(nlp, "She was given the calcium-channel blocker diltiazem.", "TREATMENT") == [
        "calcium-channel blocker", "diltiazem"]
    assert ents(nlp, "He was treated by ultrasound-guided needle decompression.", "TREATMENT") == [
        "ultrasound-guided needle decompression"]
    assert ents(nlp, "The wound had serous drainage.", "TREATMENT") == []
    assert ents(nlp, "She was started on a low phosphorus diet.", "TREATMENT") == ["low phosphorus diet"]


def test_an_anatomical_adjective_before_a_kind_of_calcification_is_its_site(nlp):
    doc = nlp("She had facial dystrophic calcification and breast microcalcifications.")
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("facial", "CALCINOSIS_SITE"), ("dystrophic calcification", "DISEASE"),
        ("breast", "CALCINOSIS_SITE"), ("microcalcifications", "DISEASE")]
    assert ents(nlp, "There was medullary nephrocalcinosis.", "DISEASE") == ["medullary nephrocalcinosis"]
    assert ents(nlp, "Calcium salt deposition in soft tissue was seen.", "DISEASE") == ["Calcium salt deposition"]


def test_sampling_aspirations_and_image_reactions(nlp):
    assert ents(nlp, "Fine needle aspiration (FNA) biopsies can yield spherules.", "TREATMENT") == []
    assert ents(nlp, "The cyst was treated with needle aspiration.", "TREATMENT") == ["needle aspiration"]
    # GUIDELINES 7.10: resorption describing an image is no DISEASE; an erosion is (gold convention)
    assert ents(nlp, "Radiographs showed subperiosteal bone resorption.", "DISEASE") == []
    assert ents(nlp, "Intra-articular steroid injections were given.", "TREATMENT") == ["steroid injections"]


def test_a_type_coordinated_before_the_names_type(nlp):
    assert ents(nlp, "She had type 1 and type 2 diabetes.", "DISEASE") == ["type 1 and type 2 diabetes"]
    assert ents(nlp, "She had type 2 diabetes.", "DISEASE") == ["type 2 diabetes"]


def test_outcome_and_response_wordings_of_session21(nlp):
    from rheumex.case_response import sentence_response
    assert sentence_response("The disease was very severe, rapidly progressive, and fatal.") == "worsened"
    text = ("Scleroderma renal crisis\n\nCase presentation\n\nA 62-year-old man with systemic sclerosis was treated "
            "with captopril. There was complete resolution of symptoms.\n\nDiscussion\n\nRenal crisis is rare.\n")
    assert _rows(nlp, text)["1"]["outcome"] == "recovered"
    fatal = text.replace("There was complete resolution of symptoms.", "The course was rapidly progressive and fatal.")
    assert _rows(nlp, fatal)["1"]["outcome"] == "died"


def test_imaging_classes_of_session21(nlp):
    assert ents(nlp, "Therapeutic ultrasound was applied.", "IMAGING") == []
    assert ents(nlp, "Therapeutic ultrasound was applied.", "TREATMENT") == ["Therapeutic ultrasound"]
    assert ents(nlp, "X-ray crystallography showed hydroxyapatite.", "IMAGING") == []
    assert ents(nlp, "A radionuclide bone scan showed uptake.", "IMAGING") == ["radionuclide bone scan"]
    assert ents(nlp, "Pulsed-wave Doppler showed flow.", "IMAGING") == ["Pulsed-wave Doppler"]
    assert ents(nlp, "Radiological examination of the chest was normal.", "IMAGING") == [
        "Radiological examination of the chest"]
    assert ents(nlp, "A bone scan of this patient's hands was done.", "IMAGING") == ["bone scan of this patient's hands"]
