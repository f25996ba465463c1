"""Scope of the ``negated`` / ``hypothetical`` attributes (``pipelines/context.py``,
``pipelines/data/context_rules.json``; GUIDELINES 7.3, labels.md "Attributes").

Sentences are from the shared MedPix teaching cases and Hindawi case reports (source in
each comment). Each test checks one class: lists after a trigger, a colon after a
trigger, a sentence-initial condition, overlapping triggers of one category, a scope that
stops at a trigger of the other category, pseudo-triggers, backward triggers of refusal
and unsuitability, and an abbreviation in brackets after its negated long form.
"""


def attrs(nlp, text):
    return {e.text: (bool(e._.negated), bool(e._.hypothetical)) for e in nlp(text).ents}


def test_a_differential_list_is_hypothetical_to_its_end(nlp):
    # MPX1601: the list runs past the trigger's token window
    a = attrs(nlp, "It is important to distinguish these findings from ischemic stroke, hemorrhage, abscess, "
                   "lymphoma, Creutzfeldt-Jakob disease, glioma, and metastatic disease, for the "
                   "determination of appropriate treatment.")
    for name in ("ischemic stroke", "lymphoma", "Creutzfeldt-Jakob disease", "glioma", "metastatic disease"):
        assert a[name] == (False, True), name


def test_a_colon_after_the_trigger_opens_its_scope(nlp):
    # MPX1980
    a = attrs(nlp, "This patient has a long list of differential diagnoses: lymphoma, metastatic disease, "
                   "nerve sheath tumors, primary bone tumors, myeloma, meningocele, cysts, abscesses, and beyond.")
    assert a["lymphoma"][1] and a["meningocele"][1] and a["myeloma"][1]


def test_a_sentence_opening_with_if_is_conditional(nlp):
    # MPX2286: the main clause after the condition is hypothetical too
    a = attrs(nlp, "If a malignancy is found, the patient has a wide resection of the tumor.")
    assert a["wide resection"][1] is True
    # ...but "if" inside a narrative sentence keeps its short forward scope
    a = attrs(nlp, "The patient received prednisone and was told to return if the rash recurred.")
    assert a["prednisone"] == (False, False)


def test_overlapping_negation_triggers_both_count(nlp):
    # PMC4736587: "were negative" and "negative for" share a word
    a = attrs(nlp, "Two sweat tests were negative for cystic fibrosis.")
    assert a["cystic fibrosis"][0] is True


def test_a_scope_stops_at_a_trigger_of_the_other_category(nlp):
    # MPX2276: the fracture is a condition ("unless"), not stated absent ("No treatment")
    a = attrs(nlp, "Treatment & Follow Up: No treatment necessary unless patient experiences bone pain or "
                   "pathological fracture.")
    assert a["pathological fracture"] == (False, True)


def test_pseudo_triggers_do_not_negate(nlp):
    # MPX1657 and PMC4745348
    a = attrs(nlp, "Nephrocalcinosis and nephrolithiasis occur in a variety of other conditions, including but "
                   "not limited to sarcoidosis, hyperthyroidism, and hypervitaminosis D.")
    assert a["sarcoidosis"][0] is False and a["hyperthyroidism"][0] is False
    a = attrs(nlp, "He was treated for pneumonia, but he did not respond to broad spectrum antibiotics and had "
                   "persistent fever.")
    assert a["broad spectrum antibiotics"][0] is False


def test_treatments_not_offered_or_unsuitable_are_negated(nlp):
    # MPX1191, PMC4745278
    a = attrs(nlp, "Unfortunately, tumor recurred in 2002. Further surgery was not offered because of comorbid "
                   "conditions and metastatic lung disease.")
    assert a["surgery"][0] is True
    a = attrs(nlp, "The patient was unsuitable for allogeneic hematopoietic stem cell transplantation (AHSCT) "
                   "and she remains on treatment for both ALL and ET.")
    assert a["allogeneic hematopoietic stem cell transplantation"][0] is True
    assert a["AHSCT"][0] is True  # the short form in brackets goes with its long form


def test_not_indicated_and_did_not_have(nlp):
    # MPX2358: "not indicated" looks back; the hemorrhage after "unless" is a condition
    a = attrs(nlp, "A definite diagnosis is important because surgical resection is not indicated unless there "
                   "has been significant hemorrhage.")
    assert a["surgical resection"][0] is True
    # PMC4745314: "did not have" also looks forward (it did before as "not")
    a = attrs(nlp, "She did not have any history of gonorrhea or chlamydia infection.")
    assert a["gonorrhea"][0] is True and a["chlamydia infection"][0] is True


def test_a_negated_noun_that_is_not_the_mention_negates_nothing(nlp):
    # acg-autoimmune-enteropathy (dev gold): the guidelines are absent, not the disease
    a = attrs(nlp, "There are no formal guidelines for AIE treatment, and patients are typically treated with "
                   "corticosteroids initially.")
    assert a.get("AIE", (False, False))[0] is False
    # MPX1810 (dev gold): no report of a link, not no sarcoid
    a = attrs(nlp, "There is no case report of a link between sarcoid and AVN.")
    assert a["sarcoid"][0] is False
    # the negation proper still works next to it
    assert attrs(nlp, "There was no evidence of sarcoid.")["sarcoid"][0] is True


def test_a_list_after_not_present_is_negated_and_a_cohort_exclusion_is_not(nlp):
    # MPX1737 (dev gold), Discussion
    a = attrs(nlp, "Other risk factors not present: steroid Tx, obesity, HyperPTH, RA, leukemia, DM, SLE, gout, infection")
    for name in ("steroid", "obesity", "leukemia"):
        assert a[name][0] is True, name
    # PMC4706908 (dev gold): the infants were excluded, the operation happened
    a = attrs(nlp, "Infants who had undergone Kasai portoenterostomy were excluded from the study.")
    assert a["Kasai portoenterostomy"][0] is False


def test_a_declined_or_refused_treatment_is_not_given(nlp):
    # constructed (GUIDELINES 4: neg = not given); the treatment given next stays affirmed
    a = attrs(nlp, "The patient declined surgery and was treated with colchicine.")
    assert a["surgery"] == (True, False) and a["colchicine"] == (False, False)
    assert attrs(nlp, "Surgical excision was declined by the patient.")["Surgical excision"][0] is True
    assert attrs(nlp, "She refused to undergo amputation.")["amputation"][0] is True
    # "declined" as a fall: a preposition between it and the drug ends its reach
    assert attrs(nlp, "Her renal function declined after cisplatin.")["cisplatin"][0] is False


def test_post_negation_finding_verbs_and_failed_to_reveal(nlp):
    # NegEx (Chapman et al. 2001) post-negation and "fails to reveal"; constructed sentences
    assert attrs(nlp, "Calcifications were not seen on the radiograph.")["Calcifications"][0] is True
    assert attrs(nlp, "Metastases were not detected.")["Metastases"][0] is True
    assert attrs(nlp, "The biopsy failed to reveal amyloidosis.")["amyloidosis"][0] is True
    # the bare "not" inside the trigger still governs forward
    assert attrs(nlp, "He was not found to have tuberculosis.")["tuberculosis"][0] is True
    # PMC4745309 (dev gold): the fistulae were there, the endoscope could not show them
    assert attrs(nlp, "That is why the fistulae could not be seen by the endoscope.")["fistulae"][0] is False


def test_considered_as_or_to_be_is_a_judgement_not_a_possibility(nlp):
    # dev gold: MPX1550, acg-chronic-pancreatitis, PMC4738733 mark none of these hypothetical
    a = attrs(nlp, "Although craniopharyngiomas are commonly considered as childhood tumors, they may be encountered at any age.")
    assert a["childhood tumors"][1] is False
    a = attrs(nlp, "Pancreatic calcifications and diabetes are considered to be hallmarks of chronic pancreatitis.")
    assert a["chronic pancreatitis"][1] is False
    # a differential consideration and a modal before it stay hypothetical
    assert attrs(nlp, "Sarcoidosis was considered.")["Sarcoidosis"][1] is True
    assert attrs(nlp, "Bilateral adrenalectomy should be considered as a treatment option.")["adrenalectomy"][1] is True


def test_a_colon_after_a_listing_verb_opens_the_triggers_scope(nlp):
    # MPX1045, MPX2527 (dev gold: every item hypothetical)
    a = attrs(nlp, "Associated anomalies may include: ureteral duplication, hypospadias, undescended testis, ectopic ureter.")
    assert all(a[n][1] for n in ("ureteral duplication", "hypospadias", "ectopic ureter"))
    a = attrs(nlp, "The differential of an enlarged digit includes: neurofibromatosis, macrodactyly, hemangioma.")
    assert all(a[n][1] for n in ("neurofibromatosis", "macrodactyly", "hemangioma"))
    # no trigger, no attribute
    assert attrs(nlp, "Her history includes: hypertension and diabetes.")["hypertension"] == (False, False)


def test_negex_conjunctions_table_bars_and_comparison_pseudo_triggers(nlp):
    # PMC4738949 (dev gold): the bleeding happened, its source was not seen
    a = attrs(nlp, "Diffuse alveolar hemorrhages were revealed with no overt source of bleeding.")
    assert a["bleeding"][0] is False
    # PMC4709662 (dev gold): a table row label before an "Absent" cell is no negated mention
    a = attrs(nlp, "Lymph node metastasis | Absent | 42 | 4.2 (0-16)")
    assert a["Lymph node metastasis"][0] is False
    # PMC4739473 (dev gold): a comparison, not an absence
    a = attrs(nlp, "Macey et al. did not find any relationship between PSQI values and OSA in 49 patients.")
    assert a["OSA"][0] is False
    # the plain negation still works
    assert attrs(nlp, "There was no evidence of bleeding.")["bleeding"][0] is True


def test_a_work_up_list_with_negative_results_is_negated(nlp):
    # MPX1463 (dev gold): every item of the list is negated; "with" is part of the trigger, no terminator
    a = attrs(nlp, "The patient underwent evaluation for lyme disease, multiple sclerosis, meningitis, sarcoid, "
                   "and lupus with negative results for all etiologies.")
    assert all(a[n][0] for n in ("lyme disease", "multiple sclerosis", "sarcoid", "lupus"))


def test_a_mimic_and_a_named_risk_are_hypothetical(nlp):
    # MPX1879, PMC4739456 (dev gold)
    a = attrs(nlp, "Bony changes may be hyperostotic or osteolytic, mimicking Paget's or fibrous dysplasia.")
    assert a["fibrous dysplasia"][1] is True
    a = attrs(nlp, "With early mobilization, associated risks like thrombosis, pulmonary embolism, and pneumonia could be reduced.")
    assert a["thrombosis"][1] and a["pulmonary embolism"][1]


def test_a_modal_phrase_ending_in_with_opens_a_scope_past_the_with(nlp):
    # MPX1123 (dev gold: all hypothetical)
    a = attrs(nlp, "Such patients may present with other conditions that include aniridia, mental retardation, macroglossia.")
    assert all(a[n][1] for n in ("aniridia", "mental retardation", "macroglossia"))


def test_treatments_not_performed_screens_and_options(nlp):
    # constructed probes (GUIDELINES 4: neg = not given; hyp = possible, suggested)
    assert attrs(nlp, "Surgery was not performed because of the high risk.")["Surgery"][0] is True
    assert attrs(nlp, "The patient refused further treatment with bisphosphonates.")["bisphosphonates"][0] is True
    assert attrs(nlp, "We recommend screening for malignancy in patients with dermatomyositis.")["malignancy"][1] is True
    assert attrs(nlp, "Intravenous immunoglobulin could be an option in refractory cases.")["Intravenous immunoglobulin"][1] is True


def test_with_or_without_predisposition_and_monitoring_targets_are_hypothetical(nlp):
    # MPX1123, MPX2450, MPX1319 (dev gold)
    a = attrs(nlp, "Chemotherapy with vincristine and dactinomycin with or without radiation therapy is used.")
    assert a["radiation therapy"] == (False, True)
    assert attrs(nlp, "This polymorphism makes people more susceptible to sarcoidosis.")["sarcoidosis"][1] is True
    assert attrs(nlp, "Serial radiographs are performed to monitor for malignant transformation.")["malignant transformation"][1] is True
