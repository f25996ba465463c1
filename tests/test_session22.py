"""Classes of session 22 (constructed sentences in the pattern of unlabelled third-party case
reports that helpers judged by labels.md and GUIDELINES: hybrid and technique-qualified imaging
names, short forms inside names, glued short forms and citations, coordinated size words, course
words out of a name, symptoms, therapy-hormones, hedge and negation phrases, case rows)."""
from test_cases import _rows
from test_session21 import ctx, ents


def test_hybrid_scans_written_out_are_one_study(nlp):
    assert ents(nlp, "Positron emission tomography/computed tomography showed uptake.", "IMAGING") == [
        "Positron emission tomography/computed tomography"]
    assert ents(nlp, "Positron emission tomography-computed tomography (PET-CT) showed uptake.", "IMAGING") == [
        "Positron emission tomography-computed tomography", "PET-CT"]
    assert ents(nlp, "Dual-energy xray absorptiometry showed osteoporosis.", "IMAGING") == [
        "Dual-energy xray absorptiometry"]


def test_technique_words_stay_in_the_study(nlp):
    assert ents(nlp, "Color-coded duplex sonography of the temporal arteries showed a halo.", "IMAGING") == [
        "Color-coded duplex sonography of the temporal arteries"]
    assert ents(nlp, "Single contrast barium swallow and double contrast barium swallow were done.", "IMAGING") == [
        "Single contrast barium swallow", "double contrast barium swallow"]
    assert ents(nlp, "Gray-scale ultrasound showed a mass. Upper GI barium study was normal.", "IMAGING") == [
        "Gray-scale ultrasound", "Upper GI barium study"]
    assert ents(nlp, "Lateral-view DXA was done.", "IMAGING") == ["Lateral-view DXA"]
    # a count word is no technique
    assert ents(nlp, "Single axial CT image demonstrates a large mass.", "IMAGING") == ["axial CT"]


def test_a_short_form_inside_a_name_stays_inside(nlp):
    # labels.md: "mucosa-associated lymphoid tissue (MALT) lymphoma" is one span
    text = "She had mucosa-associated lymphoid tissue (MALT) lymphoma. The MALT lymphoma regressed."
    assert ents(nlp, text, "DISEASE") == ["mucosa-associated lymphoid tissue (MALT) lymphoma", "MALT lymphoma"]
    assert ents(nlp, "Superior mesenteric artery (SMA) stenosis was seen.", "DISEASE") == [
        "Superior mesenteric artery (SMA) stenosis"]
    # a long form that is a mention of its own keeps its own span
    assert ents(nlp, "She had systemic lupus erythematosus (SLE) nephritis.", "DISEASE")[:2] == [
        "systemic lupus erythematosus", "SLE"]
    # a calcification's anatomy stays a site
    got = ctx(nlp, "Superior mesenteric artery (SMA) calcification was seen.")
    assert ("calcification", False, False) in got and "Superior mesenteric artery" in ents(
        nlp, "Superior mesenteric artery (SMA) calcification was seen.", "CALCINOSIS_SITE")


def test_glued_short_forms_and_citations_are_split(nlp):
    text = "Calcinosis cutis(CC) is rare. Later CC recurred."
    assert ents(nlp, text, "DISEASE") == ["Calcinosis cutis", "CC", "CC"]
    text = "Topical sodium thiosulfate(TST) was used. TST helped."
    assert ents(nlp, text, "TREATMENT") == ["sodium thiosulfate", "TST", "TST"]
    text = "She had systemic lupus erythematosus (SLE).4 However SLE was mild."
    assert ents(nlp, text, "DISEASE") == ["systemic lupus erythematosus", "SLE", "SLE"]
    # chemistry keeps its brackets
    assert [t.text for t in nlp.make_doc("Ca(OH)2 and (+)-catechin")] == ["Ca(OH)2", "and", "(+)-catechin"]


def test_coordinated_size_words_share_the_name(nlp):
    assert ents(nlp, "He had medium and large vessel vasculitis.", "DISEASE") == ["medium and large vessel vasculitis"]
    assert ents(nlp, "She had small and medium vessel vasculitis.", "DISEASE") == ["small and medium vessel vasculitis"]


def test_course_and_status_words_are_no_part_of_a_name(nlp):
    assert ents(nlp, "She had stable SLE and rapid osteoporosis with serial crush fractures.", "DISEASE") == [
        "SLE", "osteoporosis", "crush fractures"]
    assert ents(nlp, "He had metachronous sialadenitis.", "DISEASE") == ["sialadenitis"]
    assert ents(nlp, "He had treatment-refractory granulomatosis with polyangiitis.", "DISEASE") == [
        "granulomatosis with polyangiitis"]
    assert ents(nlp, "She had refractory calcinosis cutis.", "DISEASE") == ["calcinosis cutis"]
    # a lexicon name with the word keeps it
    assert "refractory anemia" in ents(nlp, "He had refractory anemia.", "DISEASE")
    assert ents(nlp, "She had catastrophic antiphospholipid antibody syndrome.", "DISEASE") == [
        "catastrophic antiphospholipid antibody syndrome"]


def test_symptoms_are_no_disease(nlp):
    assert ents(nlp, "She had dysphonia, proximal muscular weakness and acute pain.", "DISEASE") == []


def test_hormones_given_as_therapy_and_measured(nlp):
    assert ents(nlp, "She was given calcitonin and pilocarpine.", "TREATMENT") == ["calcitonin", "pilocarpine"]
    assert ents(nlp, "Non-steroidal anti-inflammatory medications were started.", "TREATMENT") == [
        "Non-steroidal anti-inflammatory medications"]
    assert ents(nlp, "Serum calcitonin levels were normal. Vitamin D was low.", "TREATMENT") == []
    assert ents(nlp, "She had raised creatine phosphokinase (CPK) levels.", "TREATMENT") == []
    # a dose change is a therapy
    assert ents(nlp, "Calcitriol was reduced to 0.25 ug.", "TREATMENT") == ["Calcitriol"]


def test_an_ercp_that_showed_dilated_ducts_is_imaging(nlp):
    text = "Endoscopic retrograde cholangiopancreatography showed stenosis and dilation of the bile ducts."
    assert ents(nlp, text, "IMAGING") == ["Endoscopic retrograde cholangiopancreatography"]
    assert ents(nlp, "ERCP with balloon dilation of the stricture was done.", "TREATMENT")[:1] == ["ERCP"]


def test_hedges_and_negations_of_session_22(nlp):
    assert ("urinary tract infection", False, True) in ctx(nlp, "She was treated for a presumed urinary tract infection.")
    assert ("sarcoidosis", False, False) in ctx(nlp, "The biopsy confirmed the suspected diagnosis of sarcoidosis.")
    assert ("methotrexate", False, True) in ctx(nlp, "She is going to start methotrexate soon.")
    assert ("HIV", True, False) in ctx(nlp, "He had negative tests for HIV.")
    assert ("electrolyte imbalance", True, False) in ctx(nlp, "There was a lack of any electrolyte imbalance.")
    got = ctx(nlp, "A bone scan was not obtained. MRI could not be performed.")
    assert ("bone scan", True, False) in got and ("MRI", True, False) in got
    assert ("cyclophosphamide", True, False) in ctx(nlp, "Renal failure precluded the use of cyclophosphamide.")
    got = ctx(nlp, "Severe heart failure prevented us from using steroid therapy.")
    assert ("steroid therapy", True, False) in got and ("heart failure", False, False) in got
    assert ("brain tumors", False, True) in ctx(nlp, "The lesions suggested an abscess or, less likely, brain tumors.")


def test_response_cues_of_session_22(nlp):
    rows = _rows(nlp, "A 7-year-old girl had juvenile dermatomyositis with calcinosis. She was treated with diltiazem. "
                      "Diltiazem showed a positive effect in controlling the progression of calcinosis.")
    assert rows["1"]["treatment_response"] == "improved"
    rows = _rows(nlp, "A 12-year-old girl had autoimmune hemolytic anemia. She was treated with corticosteroids, "
                      "with a favorable clinical and biological outcome.")
    assert rows["1"]["treatment_response"] == "improved"
    rows = _rows(nlp, "A 50-year-old woman had calcinosis of the hip. She underwent surgical excision. "
                      "Her postoperative recovery was positive.")
    assert rows["1"]["treatment_response"] == "resolved"


def test_a_background_disease_stays_beside_its_complication(nlp):
    rows = _rows(nlp, "A 71-year-old woman with scleroderma since 2000 presented with hypertension and was diagnosed "
                      "with scleroderma renal crisis. She was treated with captopril.")
    assert {"scleroderma", "scleroderma renal crisis"} <= {d.lower() for d in rows["1"]["diseases"]}
    # a kind of the disease restates it
    rows = _rows(nlp, "A 40-year-old man had pancreatitis. It was acute pancreatitis. He was treated with fluids.")
    assert [d.lower() for d in rows["1"]["diseases"]] == ["acute pancreatitis"]


def test_named_calcification_forms_and_region_sites(nlp):
    assert "eggshell calcification" in ents(nlp, "CT showed mediastinal eggshell calcification.", "DISEASE")
    assert ents(nlp, "Caseous calcification of the mitral annulus (CCMA) was seen. CCMA was large.", "DISEASE") == [
        "Caseous calcification of the mitral annulus", "CCMA", "CCMA"]
    assert ents(nlp, "She had Monckeberg's medial calcific sclerosis.", "DISEASE") == [
        "Monckeberg's medial calcific sclerosis"]
    sites = ents(nlp, "Calcified lesions were on the legs, arms, clavicular region, and neck.", "CALCINOSIS_SITE")
    assert "clavicular region" in sites and "neck" in sites
    assert ents(nlp, "Calcium deposits were in the antecubital fossa.", "CALCINOSIS_SITE") == ["antecubital fossa"]


def test_anatomy_before_a_calcified_generic_noun_is_the_site(nlp):
    assert ents(nlp, "A periarticular calcified mass was seen.", "CALCINOSIS_SITE") == ["periarticular"]
    assert "soft tissue" in ents(nlp, "Large calcific soft tissue deposits were seen.", "CALCINOSIS_SITE")
    # anatomy before another finding stays out
    assert ents(nlp, "Fascial thickening and calcifications of the skin were seen.", "CALCINOSIS_SITE") == ["skin"]


def test_title_case_participles_and_genre_hyphens_split(nlp):
    got = [(e.text, e.label_) for e in nlp("Warfarin-Induced Nonuremic Calciphylaxis").ents]
    assert got == [("Warfarin", "TREATMENT"), ("Nonuremic Calciphylaxis", "DISEASE")]
    assert "Auricular Perichondritis" in ents(nlp, "Recurrent Auricular Perichondritis-Case Report", "DISEASE")


def test_negation_scopes_of_session_22(nlp):
    got = ctx(nlp, "A progressive multifocal leukoencephalopathy (PML) was excluded.")
    assert ("progressive multifocal leukoencephalopathy", True, False) in got
    assert ("gout", False, False) in ctx(nlp, "He denied fever and had a history of gout.")
    assert ("sodium thiosulfate", False, False) in ctx(nlp, "She was not on dialysis and was started on sodium thiosulfate.")
    got = ctx(nlp, "No recurrence was noted after surgical resection.")
    assert ("recurrence", True, False) in got and ("surgical resection", False, False) in got
    got = ctx(nlp, "Radiographs were negative for calcification. MRI was negative.")
    assert ("Radiographs", False, False) in got and ("MRI", False, False) in got and ("calcification", True, False) in got
    assert ("gout", True, False) in ctx(nlp, "After excluding gout, pseudogout was diagnosed.")


def test_a_keyword_line_after_prose_is_no_title():
    from rheumex.extract.sections import detect_sections

    text = ("Polymyositis (PM) is a rare inflammatory myopathy. We describe a patient with polymyositis who was "
            "treated with physiotherapy.\n\nPolymyositis, Case report, Inflammatory Myopathy, Physiotherapy\n\n"
            "A 45-year-old woman presented with weakness.\n")
    sections, meta = detect_sections(text)
    assert meta.title is None
    assert not any(s.kind == "title" for s in sections)
    # a title over its text is still the title
    sections, meta = detect_sections("Calcinosis cutis in a patient with lupus\n\n" + "A 45-year-old woman had lupus. " * 8)
    assert meta.title == "Calcinosis cutis in a patient with lupus"


def test_a_sentence_about_both_patients_goes_to_every_case(nlp):
    text = ("Case report\n\nThe first patient, a 47-year-old woman, had calcinosis cutis of the thighs. She was treated "
            "with sodium thiosulfate.\nThe second patient was a 60-year-old man with calcinosis cutis of the arms. He "
            "was treated with surgical excision.\nBoth patients had underlying chronic renal failure with hemodialysis.\n\n"
            "Discussion\n\nCalcinosis is rare.\n")
    rows = _rows(nlp, text)
    assert set(rows) == {"1", "2"}
    for r in rows.values():
        assert "chronic renal failure" in r["diseases"] and "hemodialysis" in r["treatments"]
    assert "surgical excision" not in rows["1"]["treatments"] and "sodium thiosulfate" not in rows["2"]["treatments"]


def test_a_relative_named_in_the_sentence_owns_what_follows(nlp):
    text = ("Case report\n\nA 12-year-old girl presented with fever and pallor. She has a 7-year-old brother who has been "
            "followed for 2 years for autoimmune hemolytic anemia. She was diagnosed with systemic lupus erythematosus "
            "and treated with prednisone, and improved.\n")
    rows = _rows(nlp, text)
    assert list(rows) == ["1"]
    assert (rows["1"]["age"], rows["1"]["sex"]) == ("12", "female")
    assert rows["1"]["diseases"] == ["systemic lupus erythematosus"]
    rows = _rows(nlp, "Case report\n\nA 30-year-old woman had dermatomyositis. Her mother had rheumatoid arthritis. "
                      "She was treated with methotrexate.\n")
    assert rows["1"]["diseases"] == ["dermatomyositis"]
    # a mother who is the patient stays the patient
    rows = _rows(nlp, "Case report\n\nA 32-year-old mother of two presented with systemic lupus erythematosus.\n")
    assert rows["1"]["diseases"] == ["systemic lupus erythematosus"]


def test_names_of_pediatric_rheumatology_and_dermatology(nlp):
    assert ents(nlp, "She was diagnosed with sJIA and cSLE.", "DISEASE") == ["sJIA", "cSLE"]
    assert ents(nlp, "Multisystem Inflammatory Syndrome in Children (MIS-C) developed.", "DISEASE") == [
        "Multisystem Inflammatory Syndrome in Children", "MIS-C"]
    assert ents(nlp, "She had linear scleroderma en coup de sabre.", "DISEASE") == ["linear scleroderma en coup de sabre"]
    assert ents(nlp, "She had osteoma cutis and calcifying panniculitis.", "DISEASE") == ["osteoma cutis", "calcifying panniculitis"]
    assert ents(nlp, "Uremic tumoral calcinosis (UTC) is uncommon.", "DISEASE") == ["Uremic tumoral calcinosis", "UTC"]
    assert ents(nlp, "Massive calcium-phosphate deposits were seen.", "DISEASE") == ["calcium-phosphate deposits"]
    got = [(e.text, e.label_) for e in nlp("Cholesterol embolization was considered. Embolization of the artery was performed.").ents]
    assert got == [("Cholesterol embolization", "DISEASE"), ("Embolization", "TREATMENT")]


def test_treatments_and_studies_of_session_22_lexicons(nlp):
    assert ents(nlp, "Negative pressure therapy and silver alginate dressing were applied.", "TREATMENT") == [
        "Negative pressure therapy", "silver alginate dressing"]
    assert ents(nlp, "She responded well to fluid resuscitation.", "TREATMENT") == ["fluid resuscitation"]
    assert ents(nlp, "Intravascular ultrasound (IVUS) showed aneurysms.", "IMAGING") == ["Intravascular ultrasound", "IVUS"]
    assert ents(nlp, "Tc-methoxyisobutylisonitrile scintigraphy and a MIBI scan were done.", "IMAGING") == [
        "Tc-methoxyisobutylisonitrile scintigraphy", "MIBI scan"]
    assert ("streptococcal pharyngitis", False, True) in ctx(nlp, "She was tentatively diagnosed as having streptococcal pharyngitis.")


def test_a_defined_short_form_of_a_calcinosis_anchors_sites(nlp):
    text = "Uremic tumoral calcinosis (UTC) is uncommon. Multiple UTCs were seen in the right shoulder, left elbow and wrist."
    assert ents(nlp, text, "CALCINOSIS_SITE") == ["right shoulder", "left elbow", "wrist"]
    text = "Calcinosis cutis (CC) is rare. We saw a case of CC of the fingertip."
    assert ents(nlp, text, "CALCINOSIS_SITE") == ["fingertip"]


def test_a_title_over_one_author_line():
    from rheumex.extract.sections import detect_sections

    sections, meta = detect_sections("Plate-like cutaneous osteoma on the scalp\nThaer Douri\n\n"
                                     "A 45-year-old man presented with a plaque on the scalp. It was excised.\n")
    assert meta.title == "Plate-like cutaneous osteoma on the scalp"


def test_a_vitamin_with_a_measured_value_is_a_lab(nlp):
    assert ents(nlp, "25-hydroxy vitamin D 31.5 ng/mL was measured. Vitamin D, 12 ng/ml.", "TREATMENT") == []
    assert ents(nlp, "She was given vitamin D 1000 IU daily.", "TREATMENT") == ["vitamin D"]


def test_hedges_and_pseudo_triggers_added_late_in_session_22(nlp):
    got = ctx(nlp, "Minocycline can be tried.")
    assert ("Minocycline", False, True) in got
    got = ctx(nlp, "Patient denied history suggestive of Raynaud phenomenon or oral ulcers.")
    assert ("Raynaud phenomenon", True, False) in got and ("oral ulcers", True, False) in got
    assert ("calciphylaxis", False, False) in ctx(nlp, "There are no clear guidelines for calciphylaxis treatment.")
    # a negative workup negates its target (dev gold), it does not hedge it
    assert ("celiac disease", False, True) not in ctx(nlp, "Workup for celiac disease was performed and was negative.")


def test_vessel_and_tissue_words_and_the_nsaid_noun(nlp):
    assert ents(nlp, "Microvascular calcification and arteriolar calcification were seen.", "CALCINOSIS_SITE") == [
        "Microvascular", "arteriolar"]
    assert "myofascia" in ents(nlp, "Calcinosis within the skin, subcutaneous tissue, myofascia, or muscle was seen.",
                               "CALCINOSIS_SITE")
    assert ents(nlp, "An oral non-steroidal anti-inflammatory was started.", "TREATMENT") == ["non-steroidal anti-inflammatory"]


def test_orthopaedic_names_of_session_22(nlp):
    assert ents(nlp, "She received focused extracorporeal shock wave treatment.", "TREATMENT") == [
        "focused extracorporeal shock wave treatment"]
    assert ents(nlp, "Focused Shock Waves as a Treatment Option", "DISEASE") == []
    assert ents(nlp, "The patient was in shock.", "DISEASE") == ["shock"]
    assert ents(nlp, "Crowned dens syndrome (CDS) was diagnosed. Later CDS recurred.", "DISEASE") == [
        "Crowned dens syndrome", "CDS", "CDS"]
    assert ents(nlp, "Calcifications surrounding the dens were seen.", "CALCINOSIS_SITE") == ["dens"]
    assert ents(nlp, "She had calcium hydroxyapatite deposition in the longus colli tendon.", "DISEASE") == [
        "calcium hydroxyapatite deposition"]
    assert ("fractures", True, False) in ctx(nlp, "A plain radiography excluded fractures.")
    assert ("radical surgery", False, True) in ctx(nlp, "She was referred for radical surgery.")
