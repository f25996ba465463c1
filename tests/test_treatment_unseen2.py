"""TREATMENT classes found on unlabelled research papers (session 10, treat2): exercise
therapies, lifestyle and nutrition interventions, rehabilitation, "<disease> prophylaxis",
thromboprophylaxis devices. Sentences are copied from the unlabelled shared documents
(/work/shared/docs: pdf-more, html-real, *-layoutref.pdf), named in each comment.

labels.md TREATMENT: "a procedure or therapy" given or discussed ("physical therapy"); v2: devices
presented as therapy ("compression stockings"); the bare words "treatment", "therapy" are not.
"""


def ents(nlp, text):
    return [(e.text, e.label_) for e in nlp(text).ents]


def test_exercise_kinds_before_training_or_exercise(nlp):
    # mdpi_nutrients_2018_protein_exercise_frailty_review.pdf (abstract)
    found = ents(nlp, "Aging poses a high risk of lean mass loss, which can be effectively improved through "
                      "resistance exercise training, or multicomponent exercise training as well as nutrition "
                      "supplementation, such as protein supplementation.")
    assert ("resistance exercise training", "TREATMENT") in found
    assert ("multicomponent exercise training", "TREATMENT") in found
    assert ("protein supplementation", "TREATMENT") in found
    # same paper, methods: search keywords for the intervention
    found = ents(nlp, "The keywords used for intervention were as follows: progressive resistance training, "
                      "strength training, weight training and/or weight lifting.")
    assert ("strength training", "TREATMENT") in found and ("weight training", "TREATMENT") in found


def test_bare_exercise_and_exercise_tests_are_no_treatment(nlp):
    # dev gold MPX1935 wording: bare "exercise" is unlabelled
    found = ents(nlp, "She denied history of trauma or exercise.")
    assert not any(label == "TREATMENT" for _, label in found)
    # an exercise test is diagnostic (labels.md: diagnostic procedures are not TREATMENT)
    found = ents(nlp, "Aerobic exercise testing was performed on a treadmill.")
    assert not any(label == "TREATMENT" for _, label in found)
    # "resistance" names no therapy before a generic therapy head
    found = ents(nlp, "Metformin is the first choice for insulin resistance treatment.")
    assert ("resistance treatment", "TREATMENT") not in found
    assert ("insulin resistance treatment", "TREATMENT") not in found


def test_lifestyle_interventions_and_advice(nlp):
    # hindawi-heart-failure-programmes-layoutref.pdf (introduction)
    found = ents(nlp, "Treatment requires a complex combination of pharmacological and lifestyle interventions.")
    assert ("lifestyle interventions", "TREATMENT") in found
    # bmc_medicine_2014_limit_antenatal_diet_rct.pdf (abstract)
    found = ents(nlp, "Women randomised to Lifestyle Advice demonstrated a statistically significant increase "
                      "in the number of servings of fruit and vegetables consumed per day.")
    assert ("Lifestyle Advice", "TREATMENT") in found


def test_medical_interventions_stay_unnamed(nlp):
    # dev gold PMC4738733 wording: "medical interventions" is unlabelled ("medical" is no kind word)
    found = ents(nlp, "She had severe retroperitoneal hemorrhage refractory to all medical interventions.")
    assert not any(label == "TREATMENT" for _, label in found)


def test_rehabilitation(nlp):
    # hindawi-heart-failure-programmes-layoutref.pdf (introduction)
    found = ents(nlp, "Structured cardiac rehabilitation plays an essential role in helping patients adopt new "
                      "lifestyle practices following their diagnosis of heart failure.")
    assert ("cardiac rehabilitation", "TREATMENT") in found


def test_disease_prophylaxis_and_thromboprophylaxis_devices(nlp):
    # bmc-dvt-prophylaxis-trauma-sysreview-layoutref.pdf (abstract)
    found = ents(nlp, "This systematic review describes the potential complications associated with LMWHs, "
                      "mechanical compression devices, and IVC filters.")
    # session 13: the listed kind words in a run stay in the device name (treatment_device_materials.txt header)
    assert ("mechanical compression devices", "TREATMENT") in found
    assert ("IVC filters", "TREATMENT") in found
    found = ents(nlp, "Manuscripts were reviewed for relevance to the topic of DVT prophylaxis.")
    assert ("DVT prophylaxis", "TREATMENT") in found


def test_drug_class_adjectives_before_therapy_heads(nlp):
    # cureus-multiple-sclerosis-review-layoutref.pdf (abstract)
    found = ents(nlp, "Disease-modifying drugs such as fingolimod, interferon-beta, natalizumab, and dimethyl "
                      "fumarate are the most widely used treatments for MS.")
    assert ("Disease-modifying drugs", "TREATMENT") in found
    # interferon beta without its isoform suffix (same paper)
    assert ("interferon-beta", "TREATMENT") in found
    found = ents(nlp, "Interferon-β moderately decreases the rate of recurrence and MRI disease parameters.")
    assert ("Interferon-β", "TREATMENT") in found
    # same paper (history of MS treatment)
    found = ents(nlp, 'Subsequent "cures" included anticoagulants, histamine desensitization, various diets, '
                      'immunizations, and anticancer drugs [13,16].')
    assert ("anticancer drugs", "TREATMENT") in found


def test_bibliographic_database_name_is_no_treatment(nlp):
    # mdpi_nutrients_2018_protein_exercise_frailty_review.pdf (abstract): PEDro names a database
    found = ents(nlp, "We finally included 22 RCTs in the meta-analysis, with a mean (range/total) Physiotherapy "
                      "Evidence Database score of 6.7 (4-9/10).")
    assert not any(label == "TREATMENT" for _, label in found)


def test_research_method_eponym_is_no_procedure(nlp):
    # bmc_trials_2014_15-511_low_back_pain_core_outcome.html: the Delphi consensus method
    found = ents(nlp, "The whole Delphi procedure was conducted online.")
    assert not any(label == "TREATMENT" for _, label in found)
    # MPX1371 wording (dev test file test_treatment_rules.py): a surgeon's eponym still is one
    found = ents(nlp, "She underwent a Whipple's procedure for the mass.")
    assert ("Whipple's procedure", "TREATMENT") in found


def test_reagent_after_a_molar_concentration_is_no_treatment(nlp):
    # elife_2014_e04407_drosophila_circuitry.html (methods): a saline recipe
    found = ents(nlp, "Animals were dissected in Ca2+-free AHL saline, which contains 108 mM NaCl, 5 mM KCl, "
                      "5 mM HEPES, 5 mM trehalose, and 10 mM sucrose, with pH adjusted to 7.4.")
    assert not any(label == "TREATMENT" for _, label in found)
    # peerj_2015_727_wwox_zebrafish_edema.html (methods)
    found = ents(nlp, "Embryos were rinsed with 1/3 Ringer's solution containing 1.67 mM HEPES, 38.7 mM NaCl, "
                      "0.97 mM potassium chloride, and 0.60 mM calcium chloride (pH 7.2).")
    assert not any(label == "TREATMENT" for _, label in found)


def test_clinical_doses_keep_their_drug(nlp):
    # dev gold PMC4736312: a dose in volume units before the drug is clinical, not a molar reagent
    found = ents(nlp, "She was given spinal anesthesia (2 mL bupivacaine given in sitting position by 25 G spinal "
                      "needle in L3-L4 space), which was later converted to general anesthesia (induced with 100% "
                      "oxygen on Bains).")
    assert ("bupivacaine", "TREATMENT") in found


def test_restriction_diets_and_low_molecular_weight_heparin(nlp):
    # hindawi-heart-failure-programmes-layoutref.pdf (introduction)
    found = ents(nlp, "Lifestyle changes include the reduction of salt intake, fluid restriction, alcohol restriction, "
                      "and modifying diet.")
    assert ("fluid restriction", "TREATMENT") in found
    # bmc-dvt-prophylaxis-trauma-sysreview-layoutref.pdf (abstract): the class name without hyphens
    found = ents(nlp, "Level one evidence currently supports the use of low molecular weight heparins for "
                      "thromboprophylaxis in the trauma patient.")
    assert ("low molecular weight heparins", "TREATMENT") in found
