"""TREATMENT by the label contract (issues 14 and 19): one test per decision, under both configs.

The decisions are those of ``corpora/labels.md`` (TREATMENT, boundary decisions, version 2) and
``corpora/GUIDELINES.md`` (3 TREATMENT, 7.7, 7.8, 8.1, 8.4):

1. drugs by name, generic or brand ("prednisone", "Augmentin"), also drug names no lexicon lists,
   known by their INN stem ("-mab", "-nib", "-parib", "-cept", "-azole" ...);
2. a brand written beside its generic ("pentoxifylline (Trental)", "Brand (generic)") is TREATMENT;
3. drug classes ("bisphosphonates", "calcium channel blockers", "TNF-α inhibitors", "NSAIDs");
4. an abbreviation is its own mention ("6-mercaptopurine (6-MP)");
5. procedures and therapies, by word form ("-ectomy", "-otomy", "-ostomy", "-plasty", "-pexy",
   "-rrhaphy", "-desis", "-tripsy") and by procedure noun ("curettage", "debridement", "amputation");
6. devices and physical agents presented as therapy ("hot packs", "compression stockings",
   "splint", "stent"; v2), vaccines and desensitisation given as therapy;
7. name only: no route, dose, frequency, "oral/topical/intravenous", no laterality (v2):
   "low dose warfarin" -> "warfarin", "topical steroids" -> "steroids", "right radical
   nephrectomy" -> "radical nephrectomy";
8. not TREATMENT: diagnostic procedures (biopsy, imaging), contrast agents and radiotracers, the
   bare words "treatment", "therapy", "therapeutic modality", "medication", "surgery" as a
   diagnostic route ("Diagnosis By: Surgery");
9. coordination: one span per conjunct that stands alone; bare modifiers sharing a head are one
   span ("partial or total splenectomy");
10. combinations written as one word ("piperacillin/tazobactam") are one span;
11. drugs in any role, also as a cause ("warfarin-induced calcification" -> "warfarin").

Sentences: labels.md / GUIDELINES.md examples (as minimal sentences; also the word-form and INN
cases, which are constructed and named by their rule), the seed paper
(``src/rheumex/example/seed.txt``), dev-split gold documents (``corpora/gold/split.tsv``) and the
BC5CDR training split (``shared/public-corpora/CDR_TrainingSet.PubTator.txt``, PMIDs given). No
test-split document is quoted.
"""
import pytest

CONFIGS = ("rules", "base")


def treatments(nlp, text):
    return [e.text for e in nlp(text).ents if e.label_ == "TREATMENT"]


CASES = [
    # (source, sentence, the TREATMENT spans exactly)
    # 1: generic drug names; 7: name only
    ("labels.md", "She was given low dose warfarin.", ["warfarin"]),
    ("labels.md", "He was treated with topical steroids.", ["steroids"]),
    ("labels.md", "Oral antimalarial drugs were started.", ["antimalarial drugs"]),
    ("MPX1152", "If chest x-rays showed persistent pulmonary infiltration with associated decreased serial lung "
                "functions oral steroids are used.", ["steroids"]),
    ("PMC4736312", "She was given three-unit packed cell and continued on intravenous antibiotics.",
     ["packed cell", "antibiotics"]),
    ("seed ref 14", "Rapid improvement of calcinosis in juvenile dermatomyositis with alendronate.", ["alendronate"]),
    # 1: drug names by INN stem that a dictionary may lack (the stem is the WHO INN stem)
    ("INN -parib", "She was started on olaparib maintenance.", ["olaparib"]),
    ("INN -fenib", "The melanoma was treated with vemurafenib.", ["vemurafenib"]),
    ("INN -cept", "Etanercept was stopped because of infection.", ["Etanercept"]),
    ("INN -gliflozin", "Empagliflozin was added for diabetes.", ["Empagliflozin"]),
    # 2: brand names of known drugs (FDA UNII brands, import_unii_brands.py), as proper names
    ("brand", "Her knee was injected with Depo-Medrol and she was later switched to Lupkynis.", ["Depo-Medrol", "Lupkynis"]),
    # 2: brand beside its generic
    ("PMC4738698", "Pediatricians should be aware of this risk after a carnivore bite and implement appropriate antibiotic "
                   "therapy, as amoxicillin/clavulanate potassium (Augmentin) may have prolonged the typical incubation "
                   "period.", ["antibiotic therapy", "amoxicillin/clavulanate potassium", "Augmentin"]),
    ("BC5CDR 7582165", "Two patients treated with parenteral paramethasone (Triniol) and dexamethasone (Sedionbel) "
                       "developed the syndrome.", ["paramethasone", "Triniol", "dexamethasone", "Sedionbel"]),
    ("BC5CDR 2348231", "Many of these patients are taking pentoxifylline (Trental), a methylxanthine derivative.",
     ["pentoxifylline", "Trental"]),
    # 3: drug classes
    ("labels.md", "Calcium channel blockers and bisphosphonates were tried.", ["Calcium channel blockers", "bisphosphonates"]),
    ("acg-autoimmune-enteropathy", "The disease has only been described in 37 adults prior to our case, and variable "
                                   "treatment success has been documented with steroids, immunomodulators, and TNF-α "
                                   "inhibitors.", ["steroids", "immunomodulators", "TNF-α inhibitors"]),
    ("GUIDELINES 3", "She was treated with corticosteroids.", ["corticosteroids"]),
    ("target class", "She was given an SGLT2 inhibitor.", ["SGLT2 inhibitor"]),
    ("target class", "PD-1 inhibitors and GLP-1 agonists were used.", ["PD-1 inhibitors", "GLP-1 agonists"]),
    ("target class", "She was treated with anti-TNF agents and an IL-6 receptor antagonist.",
     ["anti-TNF agents", "IL-6 receptor antagonist"]),
    ("labels.md (drug classes)", "She was given vitamin K antagonists.", ["vitamin K antagonists"]),
    ("target class: lab values", "C1 inhibitor levels were low and anti-dsDNA antibodies were positive.", []),
    # 4: an abbreviation is its own mention
    ("acg-autoimmune-enteropathy", "Therapy with agents including azathioprine, 6-mercaptopurine (6-MP), cyclosporine, "
                                   "tacrolimus, mycophenolate mofetil, sirolimus, and infliximab have all been used.",
     ["azathioprine", "6-mercaptopurine", "6-MP", "cyclosporine", "tacrolimus", "mycophenolate mofetil", "sirolimus",
      "infliximab"]),
    # 5: procedures and therapies
    ("labels.md", "The lesion was treated with surgical excision and curettage.", ["surgical excision", "curettage"]),
    ("labels.md", "Extracorporeal shock wave lithotripsy was performed.", ["Extracorporeal shock wave lithotripsy"]),
    ("labels.md", "He received intravenous immunoglobulin and physical therapy.", ["intravenous immunoglobulin", "physical therapy"]),
    ("seed ref 15", "Digital calcification in systemic sclerosis: effective treatment with good tissue preservation using "
                    "the carbon dioxide laser.", ["carbon dioxide laser"]),
    ("GUIDELINES 3", "Bone grafting and resection arthroplasty were done.", ["Bone grafting", "resection arthroplasty"]),
    ("GUIDELINES 3", "Radiation therapy and chemotherapy followed.", ["Radiation therapy", "chemotherapy"]),
    ("MPX1123", "Treatment & Follow Up: Patient underwent right radical nephrectomy and exploration of left kidney.",
     ["radical nephrectomy"]),
    ("constructed, as MPX1390", "The wound required repeated debridements and antibiotics.", ["debridements", "antibiotics"]),
    # the stage word stays in the name (GUIDELINES 3 TREATMENT: "primary TKA", dev gold PMC4739456, MPX1677)
    ("word form -rrhaphy", "The tear was closed by primary herniorrhaphy.", ["primary herniorrhaphy"]),
    ("word form -lysis", "Laparoscopic adhesiolysis relieved the obstruction.", ["Laparoscopic adhesiolysis"]),
    ("word form -tripsy", "Extracorporeal shockwave lithotripsy fragmented the stones.", ["Extracorporeal shockwave lithotripsy"]),
    ("word form -therapy", "Narrowband ultraviolet B phototherapy was started.", ["phototherapy"]),
    ("procedure noun", "The cyst was treated by marsupialization.", ["marsupialization"]),
    ("PMC4735928", "Since the patient had a prior history of aortic grafting surgery, the findings suggested an AEF and "
                   "graft infection, which prompted urgent surgical treatment.", ["aortic grafting surgery", "surgical treatment"]),
    # session 21: "extracorporeal" is part of the procedure's name, as in labels.md's "extracorporeal shock wave lithotripsy"
    ("word form -ablation, -pheresis", "She underwent cryoablation and extracorporeal photopheresis.",
     ["cryoablation", "extracorporeal photopheresis"]),
    # the bare word form too (/work/shared/docs/hindawi/PMC4736388, abstract and discussion)
    ("word form -pheresis (bare)", "Six patients received apheresis in HTG group. The number of aphereses is not big.",
     ["apheresis", "aphereses"]),
    ("labels.md (drug classes)", "Beta blockers and ACE inhibitors were continued.", ["Beta blockers", "ACE inhibitors"]),
    ("GUIDELINES 3", "The tumour was removed and he was treated with surgery.", ["surgery"]),
    # 6: devices and physical agents as therapy; vaccines
    ("labels.md v2", "Hot packs were used for pain relief.", ["Hot packs"]),
    ("labels.md v2", "She was fitted with compression stockings and a splint.", ["compression stockings", "splint"]),
    ("GUIDELINES 8.4", "He was fitted with a hearing aid; a pacemaker was placed for complete heart block.",
     ["hearing aid", "pacemaker"]),
    ("labels.md (vaccines)", "We report a case of Guillain-Barre syndrome after influenza vaccination.", ["influenza vaccination"]),
    ("labels.md (desensitisation)", "Desensitization to allopurinol was successful.", ["Desensitization", "allopurinol"]),
    # 8: not TREATMENT
    ("seed", "While various therapeutic modality have been used, no treatment has convincingly prevented or reduced "
             "calcinosis.", []),
    ("labels.md", "Diagnosis By: Surgery", []),
    ("labels.md (generic 'drug therapy')", "Patients on monotherapy did better than those on pharmacotherapy.", []),
    ("MPX1114", "Diagnosis By: Biopsy confirmed.", []),
    ("GUIDELINES 3", "A skin biopsy was performed and the medication was continued.", []),
    ("GUIDELINES 3", "CT with intravenous contrast showed a mass.", []),
    ("GUIDELINES 3", "A bone scan with technetium-99m MDP was normal.", []),
    ("labels.md (radiotracers)", "A bone scan with technetium-99m methylene diphosphonate was normal.", []),
    ("GUIDELINES 3 (diagnostic procedures)", "She underwent diagnostic laparoscopy.", []),
    # 9: coordination
    ("MPX1269 (shortened)", "Available options include more direct surgical interventions such as decapsulation, partial or total "
                "splenectomy.", ["direct surgical interventions", "decapsulation", "partial or total splenectomy"]),
    ("PMC4739210 (shortened)", "He was started on broad-spectrum antibiotics, including vancomycin, piperacillin/tazobactam, and "
                   "ciprofloxacin.", ["broad-spectrum antibiotics", "vancomycin", "piperacillin/tazobactam", "ciprofloxacin"]),
    # 11: drugs as causes
    ("GUIDELINES 7.8", "Warfarin-induced calcification was suspected.", ["Warfarin"]),
]


@pytest.mark.parametrize("config", CONFIGS)
@pytest.mark.parametrize("source,text,expected", CASES, ids=[f"{c[0]}:{c[1][:40]}" for c in CASES])
def test_treatment_decisions(pipelines, config, source, text, expected):
    assert treatments(pipelines[config], text) == expected


@pytest.mark.parametrize("config", CONFIGS)
def test_devices_and_casting_as_therapy(pipelines, config):
    # MPX2485 (gold: "serial casting", "surgical repair"): casting is the procedure
    found = treatments(pipelines[config], "Treatment strategies range from conservative treatment with serial casting "
                                          "to surgical repair.")
    assert "serial casting" in found and "surgical repair" in found
    # labels.md v2: the same object as a cause of disease only is no TREATMENT (as in PMC4739210: "lying on a hard ice pack")
    assert treatments(pipelines[config], "He had been lying on a hard ice pack, developing a sacral decubitus ulcer.") == []


@pytest.mark.parametrize("config", CONFIGS)
def test_glued_therapy_word_is_not_split(pipelines, config):
    # MPX1442: a conversion glued "immunosuppressive therapy"; labels.md: no annotation inside a glued word
    found = treatments(pipelines[config], "Only 20 percent of lesions diminish with immunosuppressivetherapy alone.")
    assert found == []


@pytest.mark.parametrize("config", CONFIGS)
def test_brand_is_remembered_across_the_document(pipelines, config):
    # a brand defined beside its generic once is the same drug at its later mentions (document memory)
    found = treatments(pipelines[config], "Two patients were treated with paramethasone (Triniol). Triniol was stopped "
                                          "after two weeks.")
    assert found == ["paramethasone", "Triniol", "Triniol"]
    # a plural abbreviation in parentheses is no brand: "COCs" is the abbreviation of its long form
    found = [(e.text, e._.source) for e in pipelines[config]("Women using combined oral contraceptives (COCs) were "
                                                             "studied.").ents if e.label_ == "TREATMENT"]
    assert not any(src.endswith("brand_beside_generic") for _, src in found)
    # a capitalised word in parentheses after a non-drug is no brand (BC5CDR 11961407: a gene symbol)
    found = treatments(pipelines[config], "GLEPP1 receptor tyrosine phosphatase (Ptpro) in rat PAN nephrosis.")
    assert found == []


@pytest.mark.parametrize("config", CONFIGS)
def test_vaccine_name_with_acronym(pipelines, config):
    # PMC4738698 (gold: "rabies postexposure treatment", "rabies human immunoglobulins", "rabies HDCV vaccine")
    found = treatments(pipelines[config], "The child was given rabies postexposure treatment, including rabies human "
                                          "immunoglobulins and subsequently the full series (1 mL of rabies HDCV vaccine "
                                          "at days 3, 7, 14, and 28).")
    assert "rabies HDCV vaccine" in found


@pytest.mark.parametrize("config", CONFIGS)
@pytest.mark.xfail(reason="known gap: the disease before a therapy phrase or a drug ('rabies postexposure treatment', "
                          "'rabies human immunoglobulins') is not joined")
def test_disease_before_a_therapy_phrase(pipelines, config):
    # PMC4738698, the same sentence
    found = treatments(pipelines[config], "The child was given rabies postexposure treatment, including rabies human "
                                          "immunoglobulins and subsequently the full series (1 mL of rabies HDCV vaccine "
                                          "at days 3, 7, 14, and 28).")
    assert "rabies postexposure treatment" in found and "rabies human immunoglobulins" in found


@pytest.mark.parametrize("config", CONFIGS)
@pytest.mark.xfail(reason="known gap: '<chemical> analogue' when the chemical is no drug candidate ('purine', 'folic acid')")
def test_analogue_classes(pipelines, config):
    # cdr-3970039 (dev)
    found = treatments(pipelines[config], "The drugs commonly used are cyclophosphamide and chlorambucil (alkylating "
                                          "agents), azathioprine (purine analogue), and methotrexate (folic acid analogue).")
    assert found == ["cyclophosphamide", "chlorambucil", "alkylating agents", "azathioprine", "purine analogue",
                     "methotrexate", "folic acid analogue"]


@pytest.mark.parametrize("config", CONFIGS)
def test_standard_general_medicine_therapies(pipelines, config):
    # session 18: full names and undefined short forms of common therapies (constructed sentences;
    # abbreviations.tsv, treatment_procedures.tsv); ambiguous short forms need their context word
    found = treatments(pipelines[config], "She was started on highly active antiretroviral therapy and continuous positive "
                                          "airway pressure; HAART and CPAP were continued after CABG.")
    assert found == ["highly active antiretroviral therapy", "continuous positive airway pressure", "HAART", "CPAP", "CABG"]
    assert treatments(pipelines[config], "The PCI score was recorded.") == []  # no coronary context: not the intervention
    assert treatments(pipelines[config], "She had undergone PCI for coronary artery disease.") == ["PCI"]


@pytest.mark.parametrize("config", CONFIGS)
def test_an_approach_word_makes_a_procedure_noun_a_treatment(pipelines, config):
    # PMC4739218 (dev gold; CC BY, tests/data/ATTRIBUTION.md): GUIDELINES 3 TREATMENT
    found = treatments(pipelines[config], "In situ reconstruction was more often performed than extra-anatomic "
                                          "reconstruction (37 versus six).")
    assert found == ["In situ reconstruction", "extra-anatomic reconstruction"]
    # PMC4735928 (dev gold)
    assert treatments(pipelines[config], "Almost none of the patients who had in situ grafting had extremity loss.") == \
        ["in situ grafting"]
    # ... and before the object of the procedure
    assert treatments(pipelines[config], "In situ graft replacement was performed.") == ["In situ graft replacement"]
    # a placed device is named by the device, not by "<approach> placement"
    found = treatments(pipelines[config], "She presented after the hysteroscopic placement of an Essure device.")
    assert "hysteroscopic placement" not in found


@pytest.mark.parametrize("config", CONFIGS)
def test_supportive_agents_given_to_the_patient(pipelines, config):
    # labels.md v2 (a physical agent presented as therapy); dev gold PMC4736312, PMC4736388, PMC4738733
    assert treatments(pipelines[config], "After evaluation she then received a unit of blood.") == ["blood"]
    assert "oxygen" in treatments(pipelines[config], "General anesthesia was induced with 100% oxygen.")
    assert treatments(pipelines[config], "All patients were treated by restoring fluid and electrolytes intravenously.") == \
        ["fluid", "electrolytes"]
    assert "blood products" in treatments(pipelines[config], "Supportive measures included vasopressors and blood products.")
    # not given: a body fluid, a gas measured, cells
    assert treatments(pipelines[config], "Her oxygen saturation was 66% and blood pressure 120/80; pleural fluid was drained.") == []
    assert treatments(pipelines[config], "The peripheral blood showed less than 20% plasma cells.") == []


@pytest.mark.parametrize("config", CONFIGS)
def test_a_name_defined_by_a_treatment_class_noun(pipelines, config):
    # PMC4738949 (dev gold, CC BY; tests/test_memory.py PAAG): GUIDELINES 3 TREATMENT
    text = ("Injectable fillers are one of the popular nonsurgical treatments for wrinkles. One such filler is "
            "polyacrylamide hydrogel (PAAG), which is currently approved in various countries. PAAG contains "
            "2.5% polyacrylamide.")
    found = treatments(pipelines[config], text)
    assert "polyacrylamide hydrogel" in found and found.count("PAAG") == 2
    assert treatments(pipelines[config], "The patient is a 45-year-old woman. It is a potent drug.") == []
    assert treatments(pipelines[config], "This drug is a potent agent. The compound is a new agent.") == []  # class words
