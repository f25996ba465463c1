"""TREATMENT classes found on unlabelled documents (session 11, treat3, issue 14): therapy names
made of therapy-kind words written open or coordinated before a shared head. Sentences are copied from the unlabelled shared documents
(/work/shared/docs: sle-infections-framework-review-oarrr.pdf, hindawi/PMC4736388, medpix), named
in each comment.

labels.md TREATMENT: drug classes and therapies ("calcium channel blockers", "radiation therapy");
coordinations: one span for the whole phrase when a conjunct does not stand alone ("mediastinal
and hilar lymphadenopathy"); the bare words "treatment", "therapy" are not TREATMENT.
"""


def ents(nlp, text):
    return [(e.text, e.label_) for e in nlp(text).ents]


def treatments(nlp, text):
    return [t for t, label in ents(nlp, text) if label == "TREATMENT"]


def test_open_spelling_of_a_hyphenated_kind(nlp):
    # hindawi/PMC4736388 (discussion): "lipid lowering" is the open spelling of the kind "lipid-lowering"
    assert "lipid lowering drugs" in treatments(
        nlp, "Ten patients had stopped the lipid lowering drugs and all the others were high fat diet.")


def test_two_word_kinds_before_a_therapy_head(nlp):
    # sle-infections review (introduction; proposed steps)
    found = treatments(nlp, "Infections are at times coupled with lupus disease activity states where glucocorticoids and "
                            "cytotoxic immune suppressive therapy may trigger infections.")
    assert found == ["glucocorticoids", "cytotoxic immune suppressive therapy"]
    found = treatments(nlp, "It is vital to deal with evolving sepsis in the setting of neutropenia be it related to SLE or a "
                            "complication of cytotoxic immunosuppressive therapy or immune modulatory treatment.")
    assert "immune modulatory treatment" in found and "cytotoxic immunosuppressive therapy" in found


def test_immune_and_targeted_therapies(nlp):
    # sle-infections review (abstract; treatment section)
    found = treatments(nlp, "Further precision-based risk and screening measures must identify individuals who would benefit "
                            "most from low dose immunosuppressive therapy, targeted immune therapy, and vaccination programs.")
    assert "immunosuppressive therapy" in found and "targeted immune therapy" in found
    found = treatments(nlp, "The use of safer immune therapy with lower infectious adverse events such as intravenous "
                            "immunoglobulin must be prudent given the importance of controlling disease activity.")
    assert found == ["immune therapy", "intravenous immunoglobulin"]


def test_coordinated_kinds_share_the_head(nlp):
    # sle-infections review: the first conjunct has no head of its own, so the phrase is one name
    found = treatments(nlp, "In addition, the risk of infection in SLE is higher in the presence of comorbidities and when "
                            "using glucocorticoids, immunosuppressive and immune modulatory therapy.")
    assert found == ["glucocorticoids", "immunosuppressive and immune modulatory therapy"]
    found = treatments(nlp, "Prophylactic therapy and screening for salient infections in SLE is a priority prior to the use "
                            "of biological and immunosuppressive therapy.")
    assert "biological and immunosuppressive therapy" in found
    # a conjunct that is a drug name of its own stays apart (constructed from the same pattern)
    found = treatments(nlp, "The patient received steroid and immunosuppressive therapy.")
    assert found == ["steroid", "immunosuppressive therapy"]


def test_prophylaxis_after_a_kind(nlp):
    # sle-infections review (introduction)
    found = treatments(nlp, "Despite awareness of factors contributing to increased susceptibility to infections in SLE, and "
                            "having the knowledge of vaccinations and pre-exposure prophylaxis, infections remain one of the "
                            "leading causes of death in SLE across all times.")
    assert found == ["vaccinations", "pre-exposure prophylaxis"]
    # the bare head stays unlabelled (labels.md: bare generic words)
    assert treatments(nlp, "Prophylaxis was not discussed.") == []


def test_drainage_after_the_device_it_drains(nlp):
    # medpix MPX2608 (Disease Discussion)
    found = treatments(nlp, "The therapeutic armamentarium for parapneumonic effusion or empyema consists of antibiotic "
                            "therapy, thoracentesis, chest tube drainage, image-guided percutaneous catheter drainage, "
                            "intrapleural fibrinolytic agents, and a variety of surgical drainage procedures.")
    assert "chest tube drainage" in found and "antibiotic therapy" in found


def test_immunization_and_osteosynthesis_are_named(nlp):
    # sle-infections review (discussion); hindawi/PMC4739456 (discussion)
    assert "immunization" in treatments(nlp, "Despite the safety and efficacy of immunization against common pathogens, "
                                             "controversies remain.")
    assert "osteosynthesis" in treatments(nlp, "In most cases the osteosynthesis allows only a partial weight bearing for "
                                               "the first few weeks postoperatively.")


def test_open_spelling_of_a_hyphenated_modifier(nlp):
    # dev gold PMC4745348: "broad spectrum" is the open spelling of the listed modifier "broad-spectrum"
    found = treatments(nlp, "Symptoms persisted despite addition of broad spectrum antibiotics. Surgical repair for "
                            "persistent air leak was required.")
    assert "broad spectrum antibiotics" in found
    # two words that are no listed modifier stay out ("high dose" is a dose)
    assert "steroids" in treatments(nlp, "He was given high dose steroids.")


def test_drug_conjunct_is_no_modifier_of_a_disease_head(nlp):
    # dev gold PMC4745309 and the sle-infections review: the drug before "and" is a name of its own,
    # not a modifier shared with the disease head (labels.md coordination: conjuncts that stand alone)
    found = ents(nlp, "His past medical history included diabetes mellitus, regulated by oral antidiabetics and "
                      "myocardial infarction followed by 3 cardiac stent placements.")
    assert ("antidiabetics", "TREATMENT") in found and ("myocardial infarction", "DISEASE") in found
    found = ents(nlp, "Higher cumulative doses of glucocorticoids and renal disease are associated with increased risk "
                      "of mycobacterial species in SLE.")
    assert ("glucocorticoids", "TREATMENT") in found and ("renal disease", "DISEASE") in found
    # modifiers still share the head
    assert ("mediastinal and hilar lymphadenopathy", "DISEASE") in ents(
        nlp, "Chest radiograph showed mediastinal and hilar lymphadenopathy.")


def test_vaccine_named_by_a_symbol(nlp):
    # sle-infections review: the pathogen's symbol names the vaccine
    found = treatments(nlp, "A recent systematic review meta-analysis study has emphasized the safety of HPV vaccination "
                            "in SLE, given the low-level evidence of the temporal relationship between SLE development "
                            "following the exposure of HPV vaccine.")
    assert found == ["HPV vaccination", "HPV vaccine"]


def test_anti_words_and_endocrine_are_kinds(nlp):
    # mdpi-diagnostics-cmr-hypertensive-heart-review-layoutref.pdf: a hyphenated "anti-" kind
    assert "anti-hypertensive drugs" in treatments(
        nlp, "Certain CMR studies have provided enough evidence of the positive role of anti-hypertensive drugs, mainly "
             "in terms of left ventricle hypertrophy reduction and changes in cardiac functional parameters [58,59].")
    # medpix MPX1722 (Treatment & Follow Up): a closed "anti-" kind the list does not hold
    assert "antimetabolite therapy" in treatments(
        nlp, "The patient is currently receiving chemotherapy via the POG 9906 protocol, currently a phase III randomized "
             "study of multidrug antimetabolite therapy in children recently diagnosed with acute lymphoblastic leukemia.")
    # hindawi/PMC4736972
    found = treatments(nlp, "Tamoxifen, which antagonises the action of ER by competing for the ligand-binding domain of the "
                            "receptor, is the prevalent endocrine therapy of choice [41].")
    assert found == ["Tamoxifen", "endocrine therapy"]
