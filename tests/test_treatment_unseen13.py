"""TREATMENT recall classes found in session 13 (treat5) on unlabelled text and the BC5CDR
TRAINING abstracts (never the development split): sentences copied from those sources."""


def ents(nlp, text):
    return [(e.text, e.label_) for e in nlp(text).ents]


def treatments(nlp, text):
    return [e.text for e in nlp(text).ents if e.label_ == "TREATMENT"]


def test_short_form_bracketed_before_a_compound_participle(nlp):
    # BC5CDR training abstract (bundled CDR_TrainingSet, GSPE cytoprotection study): "(DOX)-induced"
    # used to glue ")-induced" to the short form, so the definition was lost (tokenizer COMPOUND_INFIX/PREFIX)
    text = ("This study assessed the ability of IH636 grape seed proanthocyanidin extract (GSPE) to prevent "
            "acetaminophen (AAP)-induced nephrotoxicity, amiodarone (AMI)-induced lung toxicity, and doxorubicin "
            "(DOX)-induced cardiotoxicity in mice. GSPE preexposure prior to AAP, AMI and DOX provided near complete protection.")
    found = treatments(nlp, text)
    assert "doxorubicin" in found and "amiodarone" in found
    assert found.count("DOX") == 2 and found.count("AMI") == 2
    assert ("cardiotoxicity", "DISEASE") in ents(nlp, text)


def test_tokenizer_keeps_chemical_brackets_whole(nlp):
    # constructed guard: the new prefix only splits a bracket closed right before "-<participle>": "(+)-catechin" stays whole
    assert "(+)-catechin" in [t.text for t in nlp.tokenizer("Treatment with (+)-catechin was started.")]
    assert [t.text for t in nlp.tokenizer("doxorubicin (DOX)-induced")] == ["doxorubicin", "(", "DOX", ")", "-", "induced"]


def test_drug_short_forms_whose_letters_do_not_spell_the_name(nlp):
    # BC5CDR training abstract 8387218: AZT is from azidothymidine, not from "zidovudine"
    found = treatments(nlp, "One hundred and fifty-one patients intolerant to zidovudine (AZT) received didanosine (ddI) "
                            "to a maximum dose of 12.5 mg/kg/day. Patients stopped AZT.")
    assert found.count("AZT") == 2
    # unlabelled PMC4736012 (Hindawi review of bowel preparation): an element-symbol short form
    found = treatments(nlp, "2.3. Sodium Phosphate (NaP)\n\nNaP is not recommended for bowel cleansing due to the potential "
                            "for renal damage and other adverse effects (Grade B) [3]. However, the use of NaP is possible.")
    assert found.count("NaP") == 3


def test_route_in_brackets_is_no_short_form_of_the_drug(nlp):
    # constructed guard, prescription wording (data/treatment_route_abbreviations.txt): the route is not the drug's name
    found = treatments(nlp, "He received prednisone (PO) daily. PO intake was poor.")
    assert "prednisone" in found and "PO" not in found


def test_short_form_of_a_therapy_named_by_its_head_noun(nlp):
    # unlabelled PMC4678086 (Hindawi, insulin dose in type 2 diabetes): the long forms end in
    # "infusion"/"therapy" (data/treatment_therapy_heads.txt) and hold the drug
    found = treatments(nlp, "Intensive insulin therapy normally includes continuous subcutaneous insulin infusion (CSII) and "
                            "multi-daily insulin injections therapy (MDI). Patients with CSII present more prominent reduction "
                            "in HbA1c and glycaemia with less hypoglycaemic events compared to MDI [5].")
    assert found.count("CSII") == 2 and found.count("MDI") == 2
    # a long form whose drug is a prepositional object names a measure, not a therapy
    found = treatments(nlp, "The reduction of blood glucose levels in response to per unit of insulin (RBG/RI) was recorded.")
    assert "RBG/RI" not in found


def test_drug_class_named_by_the_plural_of_its_adjective(nlp):
    # unlabelled PMC4736012 (bowel preparation review): "prokinetics" (treatment_class_plural_affixes.txt)
    found = treatments(nlp, "To date, various prokinetics including erythromycin [28–30], mosapride [31], metoclopramide "
                            "[32–34], and lubiprostone [35, 36] have been investigated for bowel preparation of VCE.")
    assert "prokinetics" in found and "metoclopramide" in found
    # unlabelled PMC4736972 (Notch signalling in breast cancer review): an "anti-" class plural
    found = treatments(nlp, "Therapies against ERα +ve breast cancer include antioestrogens and aromatase inhibitors (AIs) [40].")
    assert "antioestrogens" in found
    # unlabelled PMC4736012 abstract (as written): the plural before "use"
    found = treatments(nlp, "Sodium phosphate as well as complementary simethicone and prokinetics use are considered.")
    assert "prokinetics" in found and "simethicone" in found
    # constructed guard: plurals that are no drug class: antibodies, antigens, "pharmacokinetics", "professionals"
    found = treatments(nlp, "Antinuclear antibodies and antigens were studied; the pharmacokinetics were explained by health professionals.")
    assert found == []


def test_anastomosis_and_bypass_are_procedures_with_their_modifiers(nlp):
    # dev gold PMC4745309: "bilioenteric anastomosis"; PMC4735928: "Axillobifemoral bypass", "extra-anatomic bypass"
    assert "bilioenteric anastomosis" in treatments(
        nlp, "Pneumobilia may be significant in patients without a history of bilioenteric anastomosis [9, 10].")
    found = treatments(nlp, "Axillobifemoral bypass is recommended for maintaining the continuity of distal blood flow [11]. "
                            "However, the reported risk of amputation for patients undergoing extra-anatomic bypass is 33%.")
    assert "Axillobifemoral bypass" in found and "extra-anatomic bypass" in found
    # unlabelled MPX1321 / MPX1677: a join technique stays in the name, and the usual misspelling is the word
    found = treatments(nlp, "Various surgical interventions have been performed throughout the years, including resection of the "
                            "stenotic tract with end-to-end anastamosis, subclavian flap aortoplasty, percutaneous balloon angioplasty.")
    assert "end-to-end anastamosis" in found
    assert "end-to-end reanastomosis" in treatments(
        nlp, "Several surgical methods of repair are employed, including end-to-end reanastomosis, subclavian flap aortoplasty.")


def test_anastomosis_as_a_place_and_bypass_as_a_verb_are_no_treatment(nlp):
    # dev gold acg-jejunal-bezoar, MPX2001: the place the operation made is left unlabelled
    found = treatments(nlp, "CT revealed a mass suggestive of a bezoar at the level of the jejunojejunal anastomosis (J-JA) (Figure 1).")
    assert not any("anastomosis" in t for t in found)
    assert treatments(nlp, "On CT, oral contrast refluxing through an anastomosis may obscure calculi.") == []
    # dev gold vet-hypertrophic-osteopathy: the verb
    assert treatments(nlp, "However, in HO, this filtering function may be bypassed, allowing them to reach the peripheral "
                           "circulation. Surgeons chose to bypass the lesion.") == []


def test_device_names_with_their_kind_words(nlp):
    # unlabelled BMC trauma DVT review (layoutref PDF): listed material/kind words in a run before the
    # device noun, the full filter name, and "retrievable" filters (treatment_device_materials.txt)
    found = treatments(nlp, "Mechanical compression devices can result in local soft tissue injury, bleeding and patient "
                            "non-compliance. Inferior vena cava filters migrate, cause inferior vena cava occlusion, and penetrate the vessel wall.")
    assert "Mechanical compression devices" in found and "Inferior vena cava filters" in found
    found = treatments(nlp, "When LMWH and mechanical device thromboprophylaxis are contraindicated, retrievable IVC filters should be "
                            "considered in high-risk trauma patients [79]. Of the four studies analyzing retrievable filters in "
                            "injured patients, none reported filter migration or IVC occlusion rates.")
    assert "retrievable IVC filters" in found and "retrievable filters" in found
    # unlabelled PMC4678086: a drug before a device noun ("pump"); no physiological pump
    found = treatments(nlp, "All patients were switched to insulin pump (Paradigm 712 pump, Medtronic, Northridge, CA) with "
                            "rapid-acting insulin (Insulin Aspart Injection, Novo Nordisk) for 72 hours. The insulin pump was stopped.")
    assert found.count("insulin pump") == 2
    assert "sodium pump" not in treatments(nlp, "Digoxin inhibits the sodium pump of the myocyte.")  # constructed guard


def test_salt_and_ester_words_by_their_ending_stay_in_the_drug_name(nlp):
    # unlabelled PMC4706923 (Hindawi, MRI enteroclysis): "butylbromide" (treatment_salt_endings.txt)
    found = treatments(nlp, "Then 20 mg of hyoscine butylbromide (Buscopan; Boehringer-Ingelheim, Ingelheim, Germany) was "
                            "administered intravenously.")
    assert "hyoscine butylbromide" in found
    # constructed guards: two salt words; a verb after a drug class is no salt
    assert "methylprednisolone sodium succinate" in treatments(nlp, "She received methylprednisolone sodium succinate.")
    assert "Statins" in treatments(nlp, "Statins activate the pathway.")


def test_bypass_before_a_noun_it_modifies_and_after_a_relative_pronoun(nlp):
    # unlabelled MPX2379: the procedure names the patient group, it is no place
    assert "heart bypass" in treatments(nlp, "However, our institution has seen this condition more often in the  post heart "
                                             "bypass patient.")
    # unlabelled MPX2508: the verb after "that"
    assert treatments(nlp, "Disease Discussion: Arteriovenous fistulas (AVFs) are abnormal connections between arteries and "
                           "veins that bypass the normal anatomic capillary beds.") == []


def test_combined_modality_words_joined_by_a_hyphen(nlp):
    # dev gold MPX2497: "combination chemo-radiation therapy" -> "chemo-radiation therapy" (morphology.jsonl
    # combined-modality; "combination" names no therapy: treatment_kind_words.txt header)
    assert treatments(nlp, "The 5 year survival rate is 50% - 86% with combination chemo-radiation therapy.") == ["chemo-radiation therapy"]
    # constructed guard (no real sentence in the material): hyphenated words that are no therapy
    assert treatments(nlp, "The patient had a radio-opaque marker and chemo-sensitivity testing.") == []


def test_particle_therapy_and_organ_transplant(nlp):
    # dev gold MPX1502: a particle therapy kind before "therapy" (treatment_kind_words.txt)
    found = treatments(nlp, "Proton beam therapy has been the mainstay of radiation treatment for clival chordomas.")
    assert "Proton beam therapy" in found
    # BC5CDR training abstract 17175308 (title): "transplant" after the organ (treatment_procedure_nouns.txt)
    found = treatments(nlp, "Proteinuria after conversion to sirolimus in renal transplant recipients.")
    assert "renal transplant" in found and "sirolimus" in found
