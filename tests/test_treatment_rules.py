"""TREATMENT coverage rules on real sentences from the shared case reports (MedPix, PMC).

Each test names the rule (``pipelines/treatment_phrases.py``, the name modifiers of
``pipelines/data/treatment_modifiers.txt`` or the vocabulary of
``pipelines/data/sources/treatment_procedures.tsv``) and the part of ``corpora/labels.md``
(TREATMENT: "a procedure or therapy", drug classes) it follows.
"""


def ents(nlp, text):
    return [(e.text, e.label_) for e in nlp(text).ents]


def test_therapy_kind_word_and_head_are_one_treatment(nlp):
    # PMC4739218: "<therapy kind> therapy" is a named therapy
    found = ents(nlp, "Infected aneurysm was treated successfully with surgical repair and long-term antimicrobial therapy.")
    assert ("antimicrobial therapy", "TREATMENT") in found
    # MPX2209: approaches named by their kind
    found = ents(nlp, "If serial ultrasound studies show that the pseudocyst is shrinking, conservative therapy is indicated.")
    assert ("conservative therapy", "TREATMENT") in found
    # PMC4738733: a drug class with "medications"
    found = ents(nlp, "She had been on anticoagulant medications for atrial fibrillation.")
    assert ("anticoagulant medications", "TREATMENT") in found


def test_bare_or_qualified_therapy_word_is_no_treatment(nlp):
    # MPX1442: "standard therapy" names no therapy (labels.md: bare "therapy" is not TREATMENT)
    found = ents(nlp, "Combination therapy with oral daily cyclophosphamide and glucocorticoids is considered the standard therapy.")
    assert not any(t in ("standard therapy", "Combination therapy") for t, _ in found)
    # PMC4738698: a specific drug before "therapy" keeps its own name only (GUIDELINES 3)
    found = ents(nlp, "In light of the good local wound healing on Augmentin therapy, staphylococcal infection was unlikely.")
    assert ("Augmentin therapy", "TREATMENT") not in found


def test_treatment_name_before_kind_word_joins_it(nlp):
    # MPX1152: "steroid sparing agent"
    found = ents(nlp, "Methotrexate is used as a steroid sparing agent.")
    assert ("steroid sparing agent", "TREATMENT") in found


def test_procedure_noun_takes_its_object(nlp):
    # MPX2275: "<disease> repair" is one TREATMENT, not a DISEASE plus a word
    found = ents(nlp, "He had a history of inguinal hernia repair.")
    assert ("inguinal hernia repair", "TREATMENT") in found
    # MPX2001: "stone removal and stricture dilatation"
    found = ents(nlp, "Endoscopic techniques such as stone removal and stricture dilatation are useful in management.")
    assert ("stone removal", "TREATMENT") in found and ("stricture dilatation", "TREATMENT") in found
    # PMC4739213: anatomy + procedure noun
    found = ents(nlp, "Patella resurfacing has been shown to reduce the prevalence of anterior knee pain.")
    assert ("Patella resurfacing", "TREATMENT") in found


def test_dilatation_of_anatomy_stays_a_finding(nlp):
    # MPX2386: "pancreatic ductal dilatation" is a finding, never a procedure
    found = ents(nlp, "CT shows pancreatic ductal dilatation and a mass in the pancreatic head.")
    assert not any(label == "TREATMENT" for _, label in found)


def test_eponymous_procedure(nlp):
    # MPX1371 / MPX1193: a capitalised name before "procedure"
    assert ("Whipple's procedure", "TREATMENT") in ents(nlp, "The patient underwent a Whipple's procedure.")
    found = ents(nlp, "Recommendations for cancer developing within a TDC include the Sistrunk procedure.")
    assert ("Sistrunk procedure", "TREATMENT") in found


def test_treatment_modifiers_stay_inside(nlp):
    # MPX1775 / PMC4745278 / PMC4738733: extent, schedule and approach words are part of the name
    assert ("Complete resection", "TREATMENT") in ents(nlp, "Complete resection is the treatment of choice.")
    found = ents(nlp, "She received induction chemotherapy and then consolidation chemotherapy.")
    assert ("induction chemotherapy", "TREATMENT") in found and ("consolidation chemotherapy", "TREATMENT") in found
    assert ("endotracheal intubation", "TREATMENT") in ents(nlp, "She required endotracheal intubation.")


def test_supportive_care_and_anaesthesia_vocabulary(nlp):
    # PMC4736312: obstetric and anaesthesia procedures
    found = ents(nlp, "She was given spinal anesthesia, which was later converted to general anesthesia.")
    assert ("spinal anesthesia", "TREATMENT") in found and ("general anesthesia", "TREATMENT") in found
    found = ents(nlp, "She was prepared for emergency cesarean section.")
    assert ("cesarean section", "TREATMENT") in found
    # PMC4738733: blood components
    found = ents(nlp, "Supportive measures included vasopressors, packed red blood cell, fresh frozen plasma, and platelets transfusion.")
    for name in ("vasopressors", "packed red blood cell", "fresh frozen plasma", "platelets transfusion"):
        assert (name, "TREATMENT") in found


def test_procedure_keeps_its_locating_adjective_but_not_route_or_side(nlp):
    # vet-hypertrophic-osteopathy / MPX1775: a procedure's locating adjective is part of its name
    found = ents(nlp, "The dog underwent a right caudal lung lobectomy and ipsilateral tracheobronchial lymphadenectomy.")
    assert ("caudal lung lobectomy", "TREATMENT") in found
    assert ("tracheobronchial lymphadenectomy", "TREATMENT") in found  # labels.md v2: side words stay out
    assert ("suboccipital craniectomy", "TREATMENT") in ents(nlp, "She underwent suboccipital craniectomy.")
    # labels.md: route words stay out ("topical steroids" -> "steroids")
    assert ("topical steroids", "TREATMENT") not in ents(nlp, "The lesions were treated with topical steroids.")


def test_generic_right_heads_stay_inside(nlp):
    # PMC4739213 / PMC4736312: "surgery", "supplements" after a treatment name are part of it
    found = ents(nlp, "Implant loosening is not a new phenomenon, nor is implant migration; however they are rarely seen after knee arthroplasty surgery.")
    assert ("knee arthroplasty surgery", "TREATMENT") in found
    found = ents(nlp, "In early pregnancy it can be treated with methylene blue and vitamin C supplements.")
    assert ("vitamin C supplements", "TREATMENT") in found


def test_therapeutic_devices(nlp):
    # PMC4745314: a brand, a treatment or a material before a device noun (labels.md v2: devices as therapy)
    found = ents(nlp, "She presented with chronic pelvic pain and dyspareunia after the hysteroscopic placement of an Essure device for sterilization.")
    assert ("Essure device", "TREATMENT") in found
    found = ents(nlp, "It is a sterilization device that consists of an expanding microinsert.")
    assert ("sterilization device", "TREATMENT") in found
    found = ents(nlp, "A small percentage of women subsequently choose to have the tubal inserts removed due to regret.")
    assert ("tubal inserts", "TREATMENT") in found
    # PMC4739218: the device as a cause of disease only is no treatment
    found = ents(nlp, "Pathological analysis confirmed a prosthetic graft infection.")
    assert not any(label == "TREATMENT" for _, label in found)


def test_operative_endoscopies_are_treatment(nlp):
    # PMC4745314 / acg-jejunal-bezoar: GUIDELINES 7.7, endoscopy used to treat is TREATMENT
    found = ents(nlp, "The microinsert is placed into the cornual section of the fallopian tube during hysteroscopy.")
    assert ("hysteroscopy", "TREATMENT") in found
    found = ents(nlp, "A push enteroscopy revealed circumferential solid feculent and vegetable matter.")
    assert ("push enteroscopy", "TREATMENT") in found
    # a diagnostic endoscopy is neither TREATMENT nor IMAGING
    assert ents(nlp, "Also, pt to have colonoscopy.") == []


def test_a_drug_combination_written_as_one_word_is_one_treatment(nlp):
    # acg-bile-cast-nephropathy, PMC4739210 (dev gold: one TREATMENT span): the tokenizer keeps
    # "piperacillin/tazobactam" whole, so morphology.jsonl "drug-combination" checks its parts
    found = ents(nlp, "Blood cultures were positive for Streptococcus pneumoniae and pseudomonas, so the patient was "
                      "treated with piperacillin/tazobactam.")
    assert ("piperacillin/tazobactam", "TREATMENT") in found
    found = ents(nlp, "He was started on broad-spectrum antibiotics, including vancomycin, piperacillin-tazobactam, "
                      "and ciprofloxacin.")
    assert ("piperacillin-tazobactam", "TREATMENT") in found
    # a word whose parts are not all drugs is no combination
    found = ents(nlp, "The cisplatin-based regimen was well tolerated; PET/CT and/or MRI were normal.")
    assert not any(t in ("cisplatin-based", "and/or") and lab == "TREATMENT" for t, lab in found)


def test_combination_of_curated_drugs_written_as_one_token(nlp):
    # MPX1722 (unlabelled MedPix): "prednisone/dexamethasone" is one token; both parts are curated
    # drugs (morphology.jsonl drug-combination: parts from drugbank, BC5CDR or curated_treatments)
    found = ents(nlp, "18 year old male with acute lymphocytic leukemia currently on chemotherapy protocol that "
                      "includes treatment with vincristine, methotrexate, prednisone/dexamethasone surges, and 6-MP.")
    assert ("prednisone/dexamethasone", "TREATMENT") in found


def test_procedure_compounds_by_word_form(nlp):
    # morphology.jsonl: "<radio|cryo|micro...>surgery" and "<photo|electro|thermo>coagulation" are
    # procedures (labels.md TREATMENT: a procedure or therapy); "stereotactic" stays in the name
    # (treatment_modifiers.txt). Sentences of the kind of MPX2033/MPX2450 (unlabelled MedPix).
    found = ents(nlp, "She underwent laser photocoagulation and stereotactic radiosurgery.")
    assert ("photocoagulation", "TREATMENT") in found and ("stereotactic radiosurgery", "TREATMENT") in found
    # "neurosurgery" (the department: "referred to neurosurgery") is not a compound of this kind
    assert ents(nlp, "Patient referred to neurosurgery for consultation.") == []


def test_procedure_vocabulary_of_unlabelled_case_reports(nlp):
    # MPX2450, MPX2374 (unlabelled MedPix): neck dissection, coiling
    # (sources/treatment_procedures.tsv); a balloon angioplasty keeps its device word (MPX1321).
    # "core decompression" was taken back out of the vocabulary: see the session-10 merge note.
    assert ("neck dissection", "TREATMENT") in ents(nlp, "Left neck dissection for debulking of mass.")
    assert ("coiling", "TREATMENT") in ents(nlp, "Conventional pulmonary arteriography and coiling.")
    found = ents(nlp, "Various surgical interventions have been performed throughout the years, including percutaneous balloon angioplasty.")
    assert any(t.endswith("balloon angioplasty") and lab == "TREATMENT" for t, lab in found)


def test_substance_given_as_therapy_before_a_therapy_head(nlp):
    # an analyte of chemical_exclude.txt (potassium, testosterone) is a therapy before a therapy head
    # (treatment_kind_words.txt, treatment_therapy_heads.txt "supplementation", "replacement"), as
    # "iron therapy" is; alone it stays a lab value
    found = ents(nlp, "Oral potassium supplementation was started and testosterone replacement was continued.")
    assert ("potassium supplementation", "TREATMENT") in found and ("testosterone replacement", "TREATMENT") in found
    assert not any(lab == "TREATMENT" for _t, lab in ents(nlp, "Serum potassium was 3.1 mmol/L."))


def test_words_that_are_no_drug_here(nlp):
    # MPX2539 (unlabelled MedPix): "luminal" is the adjective (drug_stoplist.txt), not the phenobarbital brand
    found = ents(nlp, "Subsequent upper GI study demontrate concentric annular long segment luminal narrowing of the "
                      "gastric antrum which extends into the pyloric channel.")
    assert not any(t == "luminal" for t, _ in found)
    # MPX1610 (unlabelled MedPix): "camp" is cAMP in BC5CDR (chemical_exclude.txt), here a boot camp
    assert not any(t == "camp" for t, _ in ents(nlp, "She has had recurrent RLL pneumonia - one episode was 4 years ago while in boot camp."))


def test_evaluative_adjective_stays_out_of_a_procedure_name(nlp):
    # PMC4706908 (Hindawi, not a gold document): "unnecessary laparotomy" -> "laparotomy"
    # (name_qualitative_words.txt now also read for a procedure's adjectives)
    found = ents(nlp, "Laparoscopic assistance has lately been introduced to avoid unnecessary laparotomy.")
    assert ("laparotomy", "TREATMENT") in found and ("unnecessary laparotomy", "TREATMENT") not in found


def test_department_name_is_no_treatment(nlp):
    # PMC4706908 (Hindawi, not a gold document): "Pediatric Surgery Department" is an organisational
    # unit (labels.md v2 organisation names; name_institution_heads.txt)
    found = ents(nlp, "The mean age at referral to Pediatric Surgery Department was 76.3 days.")
    assert not any(lab == "TREATMENT" for _t, lab in found)


def test_radiotherapy_keeps_its_field_and_beam_words(nlp):
    # wiley_cancermed_2018_wbrt_temozolomide (shared/docs/pdf-more, no gold): "whole-brain
    # radiotherapy (WBRT)" is the modality's name (treatment_modifiers.txt "whole-brain")
    found = ents(nlp, "The aim of this meta-analysis was to compare the efficiency of whole-brain radiotherapy (WBRT) "
                      "plus temozolomide (TMZ) with WBRT for the treatment of brain metastases.")
    assert ("whole-brain radiotherapy", "TREATMENT") in found
    # MPX1935 (dev; a reference title): "external beam" stays in the name
    found = ents(nlp, "External beam radiotherapy as postoperative treatment of diffuse pigmented villonodular synovitis.")
    assert ("External beam radiotherapy", "TREATMENT") in found


def test_radiation_is_a_treatment_beside_another(nlp):
    # MPX1502 (dev): "radiation" coordinated with a treatment (treatment_coordinated_words.txt)
    found = ents(nlp, "Treatment for clival chordomas usually consists of a dual approach: surgical removal and radiation.")
    assert ("radiation", "TREATMENT") in found
    # MPX2139 (dev): after a therapy-kind word ("operative")
    assert ("radiation", "TREATMENT") in ents(nlp, "Treatment & Follow Up: Surgical resection and post operative radiation planned.")
    # PMC4706923 (Hindawi, no gold): an exposure, not a therapy
    found = ents(nlp, "MR enterography provides functional, anatomical, and real time information without the need of ionizing radiation.")
    assert not any(t == "radiation" for t, _ in found)


def test_drug_before_a_unicode_hyphen_and_induced(nlp):
    # vet-hypertrophic-osteopathy (dev): "lomustine\u2010induced" with U+2010 (publisher XML) splits like
    # "lomustine-induced" (tokenizer COMPOUND_INFIX; GUIDELINES 7.8: drugs as causes are TREATMENT)
    found = ents(nlp, "However, due to a significant elevation in ALT levels, lomustine\u2010induced hepatotoxicity was suspected.")
    assert ("lomustine", "TREATMENT") in found and ("hepatotoxicity", "DISEASE") in found


def test_common_treatment_abbreviations_without_a_definition(nlp):
    # CDR training set (bundled sources/CDR_TrainingSet.PubTator.txt): "5-FU" used without its
    # definition (sources/abbreviations.tsv; the Schwartz-Hearst detector does not pair "5-FU" with
    # "5-fluorouracil")
    found = ents(nlp, "TAKE HOME MESSAGE: Capecitabine is an oral prodrug of 5-FU and was developed to fulfill the need "
                      "for a more convenient therapy.")
    assert ("5-FU", "TREATMENT") in found
    # a guarded short form needs a guard word in the document: "PPI" of a network is no drug
    assert not any(t == "PPI" for t, _ in ents(nlp, "PPI networks were built from the expression data."))


def test_drug_named_as_a_test_agent_or_body_substance_is_no_treatment(nlp):
    # PMC4745306 (dev, a table row): "Overnight dexamethasone test" is a diagnostic test
    # (treatment_test_nouns.txt; labels.md: diagnostic procedures are not TREATMENT)
    found = ents(nlp, "Overnight dexamethasone test (ODST) | 1 mg dexamethasone given at midnight | Measurement of 9 am cortisol")
    assert [t for t, lab in found if lab == "TREATMENT"] == ["dexamethasone"]  # the dose given in the test stays
    # PMC4736587 (dev): "Insulin Growth Factor 1" is a protein
    found = ents(nlp, "Thyroid function tests were normal. Insulin Growth Factor 1 (IGF-1) was lower than normal.")
    assert not any(lab == "TREATMENT" for _t, lab in found)
    # PMC4678086 (Hindawi, no gold): "insulin secretion" is physiology; "received insulin infusion" a treatment
    assert ents(nlp, "In newly diagnosed Chinese patients with type 2 diabetes, insulin secretion, in particular at "
                     "early phase, is impaired.") == [("type 2 diabetes", "DISEASE")]
    assert ("insulin", "TREATMENT") in ents(nlp, "All patients received insulin infusion intravenously (5 U/per hour).")
