"""TREATMENT classes found on unlabelled MedPix teaching cases (session 12, lead, issue 14).
Sentences are copied from the unlabelled shared documents (/work/shared/docs/medpix, not in the
gold), named in each comment.

labels.md TREATMENT: a therapeutic intervention: drugs, drug classes ("calcium channel
blockers"), procedures; v2: a device or physical agent presented as therapy, not the same thing
as a cause or a body function.
"""


def ents(nlp, text):
    return [(e.text, e.label_) for e in nlp(text).ents]


def treatments(nlp, text):
    return [t for t, label in ents(nlp, text) if label == "TREATMENT"]


def test_target_with_a_spelled_greek_letter_makes_a_drug_class(nlp):
    # MPX2450 (sarcoidosis, treatment discussion)
    found = treatments(nlp, "A new TNF-alpha antagonist Ustekinumab, approved for dosing in patients with RA, psoriatic "
                            "arthritis, and ankylosing spondylitis; is currently being tested for its efficacy in treatment "
                            "of sarcoidosis.")
    assert found == ["TNF-alpha antagonist", "Ustekinumab"]


def test_spelled_greek_letter_needs_a_target_symbol_before_it():
    from rheumex.pipelines.treatment_phrases import _target_symbol

    assert _target_symbol("TNF-alpha") and _target_symbol("IL-1beta") and _target_symbol("TNFalpha")
    assert not _target_symbol("Alpha") and not _target_symbol("The-alpha") and not _target_symbol("T-cells")


def test_venous_and_lymphatic_drainage_is_no_procedure(nlp):
    # MPX1610 (thoracic anomalies, discussion): the veins' own drainage, not a treatment
    text = ("unilateral pulmonary hypoplasia/scimitar syndrome with aberrant pulmonary venous return* (small RIGHT "
            "pulmonary artery with hypoplasia of all or part of RIGHT lung AND partial anomalous drainage of the "
            "pulmonary veins - subdiaphragmatic into IVC, hepatic or portal veins)")
    assert treatments(nlp, text) == []


def test_drainage_as_a_procedure_stays(nlp):
    # the procedure reading is kept: a device or technique word before "drainage" (MPX2608, session 11)
    assert treatments(nlp, "Chest tube drainage was done.") == ["Chest tube drainage"]
    assert treatments(nlp, "She was referred for manual lymphatic drainage.") == ["manual lymphatic drainage"]


def test_core_decompression(nlp):
    # MPX2008 (avascular necrosis of the femoral heads, treatment & follow up)
    found = treatments(nlp, "The patient was later treated with intra-articular steroid injections and subsequent surgical "
                            "core decompression.")
    assert found == ["steroid injections", "surgical core decompression"]


def test_anti_target_monoclonal_antibody_is_one_drug_class(nlp):
    # unlabelled Cureus multiple sclerosis review (Management and treatment)
    found = treatments(nlp, "Rituximab is an anti-CD20 monoclonal antibody that, based on early studies and real-world "
                            "experience, seems equally effective against RMS and PPMS.")
    assert found == ["Rituximab", "anti-CD20 monoclonal antibody"]


def test_autoantibodies_are_no_treatment(nlp):
    # the same head after an autoantigen is a laboratory finding (GUIDELINES: laboratory tests are not TREATMENT)
    assert treatments(nlp, "Anti-dsDNA antibodies were elevated and anti-Jo-1 antibody was negative.") == []


def test_receptor_modulator_class(nlp):
    # unlabelled Cureus multiple sclerosis review (Management and treatment)
    found = treatments(nlp, "Ozanimod, a newly licensed selective S1P receptor modulator, demonstrated efficacy and safety "
                            "in RMS.")
    assert found[0] == "Ozanimod" and found[1].endswith("S1P receptor modulator")


def test_measured_body_substance_is_no_treatment(nlp):
    # frontiers_neurol_2018_vitamin_d_parkinson_metaanalysis.pdf (abstract; methods)
    assert treatments(nlp, "Compared with controls, PD patients had lower serum vitamin D levels (WMD -3.96, 95%CI "
                           "-5.00, -2.92), especially in higher latitude regions.") == []
    assert treatments(nlp, "(3) the serum levels of vitamin D calculated by mean and standard deviation") == []
    # ... given as therapy it stays a treatment (same paper, discussion)
    assert "vitamin D supplement" in treatments(nlp, "Few studies focused on the vitamin D supplement and its relationship "
                                                     "with PD.") or "vitamin D" in treatments(
        nlp, "Few studies focused on the vitamin D supplement and its relationship with PD.")


def test_substance_insufficiency_is_a_disease(nlp):
    # frontiers_neurol_2018_vitamin_d_parkinson_metaanalysis.pdf (results)
    found = ents(nlp, "Eight studies analyzed vitamin D insufficiency in PD patients.")
    assert ("vitamin D insufficiency", "DISEASE") in found


def test_short_form_of_a_longer_phrase_does_not_take_its_last_entity(nlp):
    # hindawi PMC4678086 (unlabelled research article, abstract): the ratio's short form is no insulin
    text = ("The total daily dose of insulin and the ratio of the reduction of blood glucose/per unit of insulin "
            "(RBG/RI) were recorded. There was a negative correlation between the ratio of RBG/RI and TDD.")
    assert not any("RBG" in t for t in treatments(nlp, text))


def test_place_or_record_after_a_procedure_is_no_treatment(nlp):
    # dev gold PMC4736312 (caesarean section case) and PMC4739213 (patellar button migration) leave these out
    assert treatments(nlp, "After anesthesia clearance patient was taken in operation theatre for procedure.") == []
    assert treatments(nlp, "Unfortunately the original operation note was not available for review.") == []
    # the procedure itself stays
    assert treatments(nlp, "Following the operation, the patient completed his course of antibiotics.")[0] == "operation"


def test_measured_electrolytes_and_substrate_enzymes_are_no_treatment(nlp):
    # dev gold MPX1953 (renal tubular acidosis discussion) and PMC4745278 (laboratory values)
    text = ("This is caused by constant loss of serum sodium bicarbonate. Hypercalciuria combines with elevated urine pH "
            "and reduced urinary secretion of citrate.")
    assert treatments(nlp, text) == []
    assert treatments(nlp, "Laboratory tests showed a lactate dehydrogenase of 1186 IU/L.") == []
    # given as therapy they stay
    assert treatments(nlp, "He was treated with sodium bicarbonate and potassium citrate.") == ["sodium bicarbonate",
                                                                                               "potassium citrate"]


def test_specialty_practice_is_no_treatment_but_a_placed_device_is(nlp):
    # dev gold PMC4745309 (hernia case, introduction) and PMC4745348 ("a chest tube placed")
    assert treatments(nlp, "They are one of the most common clinical conditions and performed operations in daily "
                           "general surgery practice.") == ["operations"]
    assert treatments(nlp, "Our patient was readmitted and a chest tube placed.") == ["chest tube"]
