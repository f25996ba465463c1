"""DISEASE classes found by hand-judging unlabelled papers (session 11, issue 14): two MedPix
teaching cases (/work/unlabelled/mpx), two Hindawi research articles and one publisher HTML page
(/work/unlabelled/full), none of them in the gold. Sentences are copied here; the tests read no
shared material."""
import pytest

from rheumex.extract.document import Document
from rheumex.extract.sections import detect_sections
from rheumex.rows import annotate


def ents(nlp, text):
    return [(e.text, e.label_) for e in nlp(text).ents]


@pytest.fixture(params=["base", "rules"])
def pipe(request, pipelines):
    return pipelines[request.param]


# Hindawi PMC4736388 (unlabelled): the converted article puts its tables after the reference list.
REFS_THEN_TABLES = (
    "4. Discussion\n\nThe comorbidity of DM in HTG pancreatitis group was evidently higher.\n\n"
    "References\n"
    "1 Zhu Y. Pan X. Zeng H. A study on the etiology, severity, and mortality of 3260 patients with acute "
    "pancreatitis according to the revised Atlanta classification in Jiangxi, China over an 8-year period "
    "Pancreas 2016 10.1097/mpa.0000000000000633\n"
    "2 Scherer J. Singh V. P. Pitchumoni C. S. Yadav D. Issues in hypertriglyceridemic pancreatitis: an "
    "update Journal of Clinical Gastroenterology 2014 48 3 195 203\n\n"
    "Table 2\nComorbidity in acute pancreatitis.\n"
    " | HTG pancreatitis (n = 126) | Biliary pancreatitis (n = 168) | P value\n"
    "Hypertension | 8 (6.3%) | 29 (17.3%) | <0.05\n"
    "Coronary heart disease | 3 (2.4%) | 22 (13.1%) | <0.05\n"
)


def test_a_caption_after_the_reference_list_ends_it():
    # extract/sections.py: the numbered reference run stops at a "Table N"/"Figure N" caption
    sections, _ = detect_sections(REFS_THEN_TABLES)
    kinds = [(s.name, s.kind) for s in sections]
    assert ("References", "references") in kinds and ("Table 2", "caption") in kinds
    table = next(s for s in sections if s.name == "Table 2")
    assert "Coronary heart disease" in REFS_THEN_TABLES[table.start:table.end]
    refs = next(s for s in sections if s.kind == "references")
    assert "Table 2" not in REFS_THEN_TABLES[refs.start:refs.end]


def test_disease_mentions_in_tables_after_the_references(nlp):
    sections, _ = detect_sections(REFS_THEN_TABLES)
    doc = annotate(nlp, Document(text=REFS_THEN_TABLES, sections=sections))
    table_start = REFS_THEN_TABLES.index("Table 2")
    found = [e.text for e in doc.ents if e.label_ == "DISEASE" and e.start_char > table_start]
    assert "Coronary heart disease" in found and "Hypertension" in found
    refs = (REFS_THEN_TABLES.index("References"), table_start)
    assert not [e.text for e in doc.ents if refs[0] <= e.start_char < refs[1]]


def test_bracketed_citations_glued_to_a_word_are_split_off(pipe):
    # pipelines/tokenizer.py CITATION_SUFFIX; Medicine 2018 HLA-DRB1/alopecia areata meta-analysis
    # (publisher HTML, unlabelled)
    found = ents(pipe, "Human leukocyte antigen (HLA)-DRB1 polymorphisms have been discussed in many types of "
                       "autoimmune diseases, for instance, aplastic anemia,[3] systemic lupus erythematosus and "
                       "lupus nephritis,[4] Vogt–Koyanagi–Harada disease,[5] and multiple sclerosis.[6]")
    # (the joined eponym "Vogt–Koyanagi–Harada disease" needs the parse: not asserted here)
    for name in ("aplastic anemia", "lupus nephritis", "multiple sclerosis"):
        assert (name, "DISEASE") in found
    doc = pipe("Alopecia areata (AA) is an autoimmune disease. The expression may be induced on other "
               "nucleated cells, leading to AA.[8,9] One study suggested a lower occurrence in AA,[21] whereas "
               "others found no association.")
    assert [e.text for e in doc.ents if e.text == "AA"] == ["AA", "AA", "AA"]
    # a bracket that is not a citation stays in its token
    assert "[3H]thymidine" in [t.text for t in pipe("Incorporation of [3H]thymidine was measured.")]


def test_generic_tumour_noun_before_an_attribute_noun_is_no_disease(pipe):
    # resolver _tumor_attribute, disease_generic_tumor_nouns.txt + disease_attribute_nouns.txt
    # Hindawi PMC4709619 (unlabelled):
    found = ents(pipe, "The mean tumor diameter of MC, WMDC, and PDC was 6.81 cm, 5.18 cm, and 6.31 cm, respectively, "
                       "and we found more MC patients with larger tumor size (>5 cm) than WMDC cases.")
    assert not [t for t, label in found if label == "DISEASE" and t.lower() == "tumor"]
    # dev gold vet-hypertrophic-osteopathy leaves "tumour" out of "tumour burden and tumour microenvironment"
    found = ents(pipe, "Metastatic progression suggests that tumour burden and tumour microenvironment may "
                       "significantly contribute.")
    assert not [t for t, label in found if label == "DISEASE" and t.lower() == "tumour"]
    # the noun alone, or a named lesion, stays a DISEASE (dev gold MPX1123: "rhabdoid tumor of the kidney")
    assert ("tumor", "DISEASE") in ents(pipe, "The tumor was excised with clear margins.")
    found = ents(pipe, "A tumor thrombus extended into the renal vein.")
    assert [t for t, label in found if label == "DISEASE" and t.startswith("tumor")]  # "thrombus" is no attribute


def test_organ_system_conditions_and_tumour_spread_into_an_organ(pipe):
    # resolver _named_heads rule:organ_condition with disease_organ_systems.txt, and the heads
    # "dissemination"/"seeding" of disease_organ_heads.txt. Hindawi PMC4736388 (unlabelled):
    found = ents(pipe, "Patients who develop persistent organ failure within the first few days are at increased "
                       "risk of death possibility.")
    assert ("organ failure", "DISEASE") in found
    found = ents(pipe, "The most frequent complication was followed by renal insufficiency (14.3%) and "
                       "cardiovascular insufficiency (13.5%) as shown in Table 4.")
    assert ("cardiovascular insufficiency", "DISEASE") in found
    # Hindawi PMC4709619 (unlabelled):
    found = ents(pipe, "The distant metastasis included peritoneal dissemination, hepatic metastasis, and "
                       "nonregional lymph node metastasis.")
    assert ("peritoneal dissemination", "DISEASE") in found
    # a bare head, or a word naming no organ, stays out (disease_exclude.txt: "dysfunction")
    found = ents(pipe, "Dissemination of the survey was slow and the organ donation rate fell.")
    assert not [t for t, label in found if label == "DISEASE"]


def test_acronym_modifier_of_a_disease_noun_in_a_flat_compound(pipelines):
    # syntax.name_start: in "HTG pancreatitis groups" the parser hangs HTG on "groups"; an
    # upper-case noun right before the disease noun still belongs to its name (needs the parse).
    # Hindawi PMC4736388 (unlabelled):
    nlp = pipelines["base"]
    found = ents(nlp, "In our research the patients in HTG pancreatitis groups were younger than biliary "
                      "pancreatitis group.")
    assert ("HTG pancreatitis", "DISEASE") in found
    found = ents(nlp, "The comorbidity of DM in HTG pancreatitis group was evidently higher than biliary "
                      "pancreatitis group.")
    assert ("HTG pancreatitis", "DISEASE") in found
    # an adjective or common noun on the last noun stays out (NCBI-disease train: "human HD gene")
    found = ents(nlp, "The human HD gene was cloned in 1993.")
    assert not [t for t, label in found if t.lower().startswith("human")]


def test_life_period_of_onset_stays_in_the_name(pipe):
    # entity_modifiers.tsv: "postpartum", "peripartum", "puerperal", "postmenopausal" beside
    # "neonatal", "infantile". MPX2407 (unlabelled):
    found = ents(pipe, "Other conditions, therefore, need to be ruled out before a diagnosis of postpartum cerebral "
                       "angiopathy can be made including preeclampsia /eclampsia.")
    assert ("postpartum cerebral angiopathy", "DISEASE") in found
    assert ("Postpartum Cerebral Angiopathy", "DISEASE") in ents(pipe, "Case Diagnosis: Postpartum Cerebral Angiopathy")


def test_organ_condition_inside_a_score_name_stays_out_everywhere(pipe):
    # name_institution_heads.txt "assessment"; a rule's name turned down inside an instrument name is
    # judged, so the document memory does not bring it back. Unlabelled SLE infections review (OARRR):
    found = ents(pipe, "These include, Simplified Acute Physiology Score II (SAPS II), Sequential Organ Failure "
                       "Assessment (SOFA) and Acute Physiology scores. Persistent organ failure occurred.")
    assert [t for t, label in found if label == "DISEASE"] == ["organ failure"]

