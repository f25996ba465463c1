"""A disease word that names a measuring instrument or a tumour's property is no DISEASE mention
(labels.md v2: score and scale names; resolver._names_a_measure, data/disease_measure_nouns.txt;
data/disease_attribute_nouns.txt). Sentences from the dev gold articles added in session 17."""


def ents(nlp, text):
    return [(e.text, e.label_) for e in nlp(text).ents]


def test_disease_words_inside_score_and_scale_names(nlp):
    # PMC4739473 (poor sleep in multiple sclerosis), Abstract and Introduction
    found = ents(nlp, "Conclusions. Poor sleep is associated with increased depression and fatigue scale values. "
                      "In several studies Pittsburgh Sleep Quality Index (PSQI) values correlated with sleep diary "
                      "variables and depression scales.")
    assert not any(text.lower() == "depression" for text, _ in found), found
    # the disease itself stays a mention
    # PMC4739473, Discussion: "depression is increased in patients suffering from OSA or insomnia"
    assert ("depression", "DISEASE") in ents(nlp, "The prevalence of depression is increased in patients with sleep disorders.")


def test_generic_tumour_noun_before_a_process_word(nlp):
    # PMC4736972 (Notch signalling in breast cancer), Introduction
    found = ents(nlp, "Notch1, Notch3, or Notch4 intracellular domains under the control of the mouse mammary tumour "
                      "virus (MMTV) promoter all cause tumour formation in mice.")
    assert not any(text.lower() == "tumour" for text, _ in found), found


def test_organ_system_conditions_and_sentence_initial_classifying_adjectives(nlp):
    # acg chronic pancreatitis (dev gold), Abstract; MPX1276; PMC4738733
    found = ents(nlp, "Pancreatic calcifications, exocrine insufficiency, and endocrine insufficiency are hallmarks "
                      "of chronic pancreatitis.")
    assert ("exocrine insufficiency", "DISEASE") in found and ("endocrine insufficiency", "DISEASE") in found
    assert ("platelets dysfunction", "DISEASE") in ents(
        nlp, "She had hemorrhagic shock probably due to underlying bleeding diathesis secondary to platelets dysfunction.")
    # PMC4736587 (trichohepatoenteric syndrome), Discussion: a classifying adjective opening the sentence
    assert ("Trichoenterohepatic syndrome", "DISEASE") in ents(
        nlp, "Trichoenterohepatic syndrome should be put in mind in cases of intractable diarrhea.")
    # a capitalised word inside a sentence is no adjective of that kind
    assert not any(t == "Clinical syndromes" for t, _ in ents(nlp, "Clinical syndromes of infection vary."))


def test_compression_of_a_neural_structure(nlp):
    # PMC4738733 (dev gold), Case Presentation; MPX2508
    found = ents(nlp, "MRI of the spine showed spinal cord compression; the cord compression was relieved. "
                      "Nerve compression is rare.")
    assert ("spinal cord compression", "DISEASE") in found and ("cord compression", "DISEASE") in found
    assert ("Nerve compression", "DISEASE") in found


def test_a_noun_coordinated_with_an_adjective_is_no_shared_modifier(nlp):
    # a noun before "and" + adjective is a conjunct of its own, not a modifier of the head (parse error)
    found = ents(nlp, "He had calcification of the pericardium and diffuse cutaneous systemic sclerosis.")
    assert ("diffuse cutaneous systemic sclerosis", "DISEASE") in found, found
    # coordinated adjectives and bare nouns sharing a head stay one name
    found = ents(nlp, "She had acute and subacute arthritis, small and large bowel obstruction and liver and kidney disease.")
    assert ("acute and subacute arthritis", "DISEASE") in found and ("small and large bowel obstruction", "DISEASE") in found


def test_measured_hormones_are_no_treatment(nlp):
    # PMC4709665 (glucagon assays; dev gold labels no "glucagon"): the body's own hormone measured
    found = ents(nlp, "Plasma glucagon levels were analyzed with four commercial glucagon assays.")
    assert not any(label == "TREATMENT" for _, label in found), found
