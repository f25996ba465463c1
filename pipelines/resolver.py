"""``rheumex_entity_resolver``: lexicon candidates (and model NER) -> ``doc.ents``.

Steps, each a rule a reviewer can check:

1. Candidates come from ``doc.spans[candidates_key]`` (the lexicon ruler) and, when a
   scispaCy model ran before, from its ``doc.ents`` mapped through ``model_labels``.
2. Candidates inside skipped sections (references, front matter) are dropped.
3. IMAGING spans absorb their view/sequence/contrast/region words on the left
   ("Axial NECT", "PA and lateral chest x-rays", "Abdomen-pelvis CT", laterality before a
   region, coordinated modifier lists, protocol names), a following "scan", region words
   and "of the <anatomy> (and <anatomy>)" on the right ("CT of the abdomen and pelvis",
   "CT chest, abdomen and pelvis"; an "of" region must end the phrase), bracketed views and
   technique tails ("with and without gadolinium"). Anatomy absorbed this way is the scan
   region, never a calcinosis site. A bare "film(s)" and an abbreviation the text defines
   as something else are dropped (tests/test_imaging_contract.py lists the decisions).
4. ANATOMY candidates merge with adjacent anatomy and laterality words ("left side
   abdominal wall", "both elbows", "soft tissues of the right thigh") and become
   CALCINOSIS_SITE only when tied to calcification: a calcification mention or the words
   "calcified"/"calcific" in the same sentence within ``site_window`` tokens with no
   clause break, or anywhere in a figure caption about calcification. Anatomy next to
   "biopsy" is a biopsy site and is dropped.
5. Overlaps: the longest span wins; ties go to ``label_priority``.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable

import numpy
from spacy.attrs import IDX, LOWER, NORM, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from rheumex.pipelines import extensions  # noqa: F401  (registers Span/Doc attributes)
from rheumex.pipelines.normalizer import normalize_word
from rheumex.pipelines import imaging_phrases, treatment_phrases
from rheumex.pipelines.selective_parse import sentence_table
from rheumex.pipelines.spelling import SpellingIndex
from rheumex.pipelines.syntax import data_words, laterality_words, name_start

# ordinal words that coordinate before one anatomical head ("first and second digits")
# prepositions by which another finding owns its place ("pain in the right hip", "atrophy along the
# neck, body and tail of the pancreas", "erythema over the elbows")
OTHER_FINDING_PREPOSITIONS = frozenset({"of", "in", "within", "involving", "along", "throughout", "over", "on", "at", "around"})
ORDINAL_WORDS = {"first", "second", "third", "fourth", "fifth", "1st", "2nd", "3rd", "4th", "5th"}
LATERALITY = {"left", "right", "bilateral", "both", "side", "sided", "left-sided", "right-sided", "distal", "proximal",
              "medial", "lateral", "anterior", "posterior", "upper", "lower", "inner", "outer", "deep", "superficial",
              "superior", "inferior", "ventral", "dorsal", "central", "peripheral", "mid", "bilaterally"}
# "calcium" alone is chemistry or a lab value; "calcium deposits" is a DISEASE candidate. labels.md v2:
# only calcification, calcinosis, calcium deposits and "calcified"/"calcific" make a site, never
# "ossified"/"ossification"/"mineralized" (GUIDELINES 8.2), in the parse rule and the token window alike
# GUIDELINES 3 IMAGING (modifiers that are part of the study's name): the access route or technique of a
# study, written as an adjective before the modality: trans-/intra-/endo- + adjective ("transrectal",
# "intraoperative", "endobronchial", "transhepatic") and -scopic ("laparoscopic", "endoscopic"); session 13,
# unlabelled MedPix and PMC text ("Laparoscopic cholangiography", "Endobronchial ultrasound")
ROUTE_ADJECTIVE = re.compile(r"(trans|intra|endo)[a-z]{4,}(al|ic|ous|ive|eal|ary)|[a-z]{3,}oscopic")
# a DISEASE name that names calcification anchors sites ("calcinosis", "chondrocalcinosis", "calcium
# deposits"); calciphylaxis does not (labels.md v2: only calcification, calcinosis, calcium deposits and
# "calcified"/"calcific" make a site): "calciphylaxis lesions in her lower left leg" is no site
# two eponyms joined by a hyphen or an en dash ("Sj\u00f6gren-Larsson", "Sch\u00f6nlein\u2013Henoch")
EPONYM_PAIR = re.compile(r"[A-Z][^\W\d_A-Z][^\W\d_]*(?:[-\u2010\u2011\u2013][A-Z][^\W\d_A-Z][^\W\d_]*)+")
# the first word of a bracketed figure pointer ("(Fig. 1A)", "(Figure 2)", "(arrow)")
FIGURE_POINTER = re.compile(r"(?:fig|figs|figure|figures|arrows?|arrowheads?|asterisks?|star)\.?$")
# an autoantibody or marker written before "-positive" ("anti-Mi2", "anti-SRP", "MDA5", "HLA-B27")
ANTIBODY_TOKEN = re.compile(r"(?:[Aa]nti-?[A-Za-z0-9-]+|[A-Z][A-Z0-9-]*[0-9A-Z])$")
# a prefix whose hyphen is suspended before a coordination ("intra- and extrahepatic", "pre- and post-")
SUSPENDED_PREFIX = re.compile(r"[A-Za-z]{2,}-")
# a gene symbol with a digit ("JAK2", "BRAF", "HLA-B27" is one token)
GENE_SYMBOL = re.compile(r"[A-Z][A-Z0-9-]*[0-9][A-Z0-9]*")
POSSESSIVES = frozenset({"his", "her", "their", "its", "our", "my", "your", "whose"})
# an immunoglobulin class ("IgG4", "IgA")
IG_CLASS = re.compile(r"Ig[AGMDE][0-9]?")
# a word telling how a diagnosis was made, glued before the name ("biopsy-proven", "aspiration-proven")
EVIDENCE_COMPOUND = re.compile(r"-(?:proven|confirmed|documented|verified|diagnosed)$")
# one-word study heads that start a study of their own after a region ("CT chest and kidney ultrasound")
STUDY_HEADS = frozenset({"ct", "mri", "mr", "ultrasound", "ultrasonography", "sonography", "x-ray", "x-rays", "xray",
                         "radiograph", "radiographs", "radiography", "scintigraphy", "pet", "pet/ct", "echocardiography",
                         "echocardiogram", "angiography", "mammography", "doppler"})
CALC_DISEASE = re.compile(r"calci(?!phyla)|calcium", re.I)
CALC_WORDS = {"calcified", "calcific", "calcifying", "calcify", "calcifies", "calcinotic"}
CONNECTORS = {"and", "or", "of", "the", "/"}
CLAUSE_BREAKS = {";", "whereas", "while", "but", "however"}
SKIP_KINDS_DEFAULT = ["references", "other", "back"]
ADJECTIVE_END = re.compile(r"(al|ic|ar|ous|eal|ary|ial)$")
#: "1st", "3rd": a numbered digit or rib before its anatomy ("1st and 3rd MCP joints")
NUMERAL_ORDINAL = re.compile(r"\d{1,2}(?:st|nd|rd|th)")
#: a vertebral level before spine anatomy ("C2/C3 facet joint", "L4-L5 disc", "C4/5 facet joints")
SPINE_LEVEL = re.compile(r"[CTLS]\d{1,2}(?:[/\u2013-][CTLS]?\d{1,2})?")
SPINE_LEVEL_HEADS = frozenset({"joint", "body", "disc", "disk", "vertebra", "level", "foramen", "segment", "lamina",
                               "pedicle", "space", "process"})
#: a named adjective of an anatomical structure ("alar", "cruciform", "coracoid", "cruciate": site_structure_heads.txt)
STRUCTURE_ADJECTIVE = re.compile(r"[a-z]{2,}(?:ar|form|oid|ate)")
# GUIDELINES 7.4/7.5: a modality adjective is IMAGING only with the study noun after it
MODALITY_ADJECTIVE = re.compile(r"(graphic|scopic|tomographic|sonographic|scintigraphic)$", re.I)
# a TREATMENT ending in one of these is a procedure: anatomy on its left is part of it
PROCEDURE_HEAD = re.compile(r"(ectom(y|ies)|otom(y|ies)|ostom(y|ies)|plast(y|ies)|pex(y|ies)|surger(y|ies)|resections?|amputations?|"
                            r"excisions?|transplant(ation)?s?|grafts?|grafting|repairs?|drainage|fixation|debridement|dilat(at)?ion|"
                            r"reconstruction|stents?|stenting|ablation|placement|implantation|pinning|stabili[sz]ation|centes[ie]s|embolization|embolisation|irradiation|radiotherapy|anast[oa]mos[ie]s|bypass(es)?|"
                            r"lavage|barbotage|needling|decompression|aspiration|thrombolysis|fibrinolysis)$")
#: a hyphenated compound before a procedure that names how it is done ("skin-sparing excision",
#: "catheter-directed thrombolysis", "drug-eluting stent", "below-knee amputation", "split-thickness skin
#: grafting"; the dev gold: "below-the-knee amputation", "silver-coated graft"); not a dose, duration or
#: number ("high-dose", "long-term", "three-unit": the gold leaves them out)
PROCEDURE_MANNER = re.compile(r"[a-z]{2,}-(?:[a-z]{2,}-)?(?:[a-z]{2,}(?:ing|ed)|knee|elbow|thickness|the-knee|the-elbow|en-y)")
NOT_MANNER_PARTS = frozenset({"long", "short", "high", "low", "single", "double", "multi", "one", "two", "three", "four",
                              "five", "term", "dose", "unit", "time", "daily", "weekly", "sided", "left", "right"})
#: the stage of a procedure stays in its name (GUIDELINES 3: "primary TKA", "revision resurfacing")
PROCEDURE_STAGE = frozenset({"revision", "primary", "staged", "redo"})
#: a procedure's guidance written as one token ("ultrasound-guided", "video-assisted", "CT-guided")
GUIDANCE = re.compile(r"[a-z]{2,}-(?:guided|assisted)")
HYPHENATED_WORD = re.compile(r"[a-z]{2,}(?:-[a-z]{2,})+")
TUMOUR_HEAD = re.compile(r"(tumou?rs?|sarcomas?|carcinomas?|cancers?|neoplasms?|lymphomas?|adenomas?|blastomas?)$")
# MR sequence phrases ("T2 weighted images", "T1- and T2-weighted sequences", "gradient-recalled
# echo", "proton density without fat sat axial") are IMAGING studies on their own (labels.md:
# imaging spans keep their view and sequence words); a run needs one core token.
# "T2-weight images", "Diffusion weight image": "weight" written for "weighted" (dev gold MPX1775; unlabelled MPX2407);
# "T2w images", "T1W and T2W images", "T1-enhanced" (session 24)
SEQ_CORE = re.compile(r"^(t[12]-?|t[12]-weight(ed)?|t[12]wi?|t[12]-enhanced|stir|flair|dwi|fse|tse|gre|proton|gradient-recalled|gradient-echo|spin-echo|diffusion-weight(ed)?)$")
SEQ_WORDS = {"weighted", "-weighted", "weight", "and", "&", "/", "fat", "sat", "saturation", "saturated", "suppressed", "suppression",
             "fat-suppressed", "fat-saturated", "axial", "sagittal", "coronal", "post-contrast", "pre-contrast",
             "contrast-enhanced", "gadolinium-enhanced", "density", "gradient", "echo", "spin", "fast", "inversion",
             "recovery", "diffusion", "with", "without", "w/", "w/o", "postcontrast", "precontrast",
             # spelled-out sequence names and contrast inside a run: "short tau inversion recovery", "fluid
             # attenuated inversion recovery", "gradient recalled echo", "T1 weighted gadolinium enhanced images"
             "tau", "short-tau", "fluid", "attenuated", "recalled", "gadolinium", "enhanced", "post", "pre", "post-gadolinium"}
# "T1 mapping", "T2 maps": a relaxation map is an MR study too (session 11, unlabelled cardiac MR review)
SEQ_END = {"images", "image", "imaging", "sequence", "sequences", "mapping", "map", "maps"}
SEQ_EDGE = {"and", "&", "/", ",", "with", "without", "w/", "w/o"}
CONTRAST_WORDS = {"contrast", "gadolinium", "fat", "iv", "intravenous", "oral"}
# a technique phrase after "with"/"without" ("with and without gadolinium", "with intravenous and oral
# contrast material", "with fat saturation"): these words, holding one of CONTRAST_CORE
CONTRAST_RUN = CONTRAST_WORDS | {"and", "or", "/", "&", "with", "without", "w/", "w/o", "enhancement", "saturation", "sat",
                                 "suppression", "material", "medium", "media", "agent", "i.v."}
CONTRAST_CORE = {"contrast", "gadolinium", "fat"}
# the word after an "of <anatomy>" region that ends the study phrase: punctuation, a number, a function
# word or a verb; any other word means the anatomy modifies a later noun ("of the neck and thyroid gland
# and thyroid hormone determinations", "of left lower lobe superior segment cavitary lesion")
REGION_END_WORDS = {"and", "or", "with", "without", "w/", "w/o", "in", "on", "at", "for", "from", "to", "of", "by", "as",
                    "was", "were", "is", "are", "has", "had", "have", "be", "been", "which", "that", "who", "showed",
                    "shows", "show", "reveals", "revealed", "demonstrates", "demonstrated", "demonstrate", "confirms",
                    "confirmed", "depicts", "disclosed", "exhibits", "exhibited", "displays", "found", "done",
                    "performed", "obtained", "then", "also", "again", "later", "after", "before", "during", "because",
                    "but", "while", "when", "where", "since", "until", "via", "using", "under", "being", "not", "no",
                    "may", "might", "can", "could", "will", "would", "should", "must", "did", "does", "do"}
REPORT_VERBS = {"showed", "shows", "revealed", "reveals", "demonstrated", "demonstrates", "confirmed", "confirms", "was", "is",
                "disclosed", "documented", "found"}
VIEW_COUNT = re.compile(r"(one|two|three|four|five|[1-5])-views?")
STUDY_AFTER = {"image", "images", "imaging", "study", "studies", "examination", "exam", "evaluation", "scan", "scans", "view", "views", "sequence", "sequences"}
# a dilatation of the ducts is what the study showed, not what it did ("ERCP showed stenosis and dilation
# of the bile ducts": session 22, third-party case report)
THERAPEUTIC_ERCP = re.compile(r"\bstent|sphincterotom|papillotom|\bextract(ion|ed)\b|\bremov(al|ed)\b|\bballoon|"
                              r"(?<!ductal )\bdilat(at)?ion\b(?!\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,3}ducts?\b(?!\s+strictur))|"
                              r"\bdrainage\b|lithotrips", re.I)
# position words that stay inside a DISEASE name ("bilateral hydronephrosis", "distal renal
# tubular acidosis", "upper airway obstruction"); "both", "central", "deep" stay out
DISEASE_POSITION = LATERALITY - {"both", "central", "deep", "side", "sided", "mid", "bilaterally", "inner", "outer"}
# a hyphenated locative adjective ("juxta-articular", "peri-articular", "para-spinal")
LOCATIVE_HYPHEN = re.compile(r"(juxta|intra|extra|peri|para|sub|supra|retro|trans|inter|infra)-[a-z]{4,}$")
# size words that describe a calcification, not its place, before anatomy ("small soft tissue calcifications")
SIZE_WORDS = frozenset({"small", "large"})
LOCATIVE_PREFIX = re.compile(r"(intra|extra|peri|para|sub|supra|retro|trans|inter)[a-z]")
#: an affiliation marker glued to the unit noun by a PDF ("1Department", "*Division")
_UNIT_MARK = re.compile(r"^[\d*\u2020\u2021\u00a7]+")
#: adjective endings of lone public-corpus DISEASE words ("ischemic", "hypertensive", "tuberculous",
#: "cocaine-addicted"); "-oid" nouns ("fibroid", "carcinoid") are names
CORPUS_ADJECTIVE = re.compile(r"[a-z](ic|ive|ous|al|ed)$")
#: a lone word of a Keywords line glued by a broken conversion ("takayasuarteritisvasculitis") is
#: not a mention (the broader test for glued words is ``EntityResolver._glued_word``)
GLUED = re.compile(r"(itis|osis|oma|emia|pathy)[a-z]{4,}(itis|osis|omas?|emia|pathy|ease)$")
# heads that make a DISEASE name with the word before them ("Kawasaki disease", "Paget's
# disease", "pulmonary disease", "Cushing syndrome", "Trousseau's sign")
NAMED_HEADS = {"disease", "diseases", "syndrome", "syndromes", "disorder", "disorders"}
EPONYM_HEADS = NAMED_HEADS | {"sign", "phenomenon", "tumor", "tumour", "sarcoma", "lymphoma", "palsy", "anomaly",
                              "deformity", "fracture", "ulcer", "arteritis", "thyroiditis", "granulomatosis", "cyst"}
UBERON_SOURCE = "rule:uberon_anatomy"  # ANATOMY candidates from UBERON names (_uberon_anatomy)
CALCIUM_DEPOSIT = {"hydroxyapatite", "deposit", "deposits", "deposition", "pyrophosphate", "crystals", "crystal", "salts"}
# heads that make a model span a symptom, sign, lesion word or process, not a DISEASE (labels.md)
MODEL_NON_DISEASE_HEADS = {
    "lesion", "opacity", "mass", "pain", "swelling", "inflammation", "weakness", "rash", "diarrhea", "diarrhoea",
    "tenderness", "wasting", "lameness", "fever", "trauma", "abnormality", "reaction", "artifact", "artefact",
    "movement", "consciousness", "narrowing", "scalloping", "hypervascularity", "infiltration", "sclerosis",
    "function", "perfusion", "inability", "disappearance", "dissolution", "flexion", "contour", "trabeculation",
    "diagnosis", "prognosis", "staging", "finding", "change", "density", "signal", "enhancement", "nodule",
    "plaque", "lucency", "arthralgia", "myalgia", "cough", "dyspnea", "fatigue", "itching", "headache", "nausea",
    "vomiting", "hematuria", "haematuria", "microhematuria", "edema", "oedema", "erythema", "process", "condition"}
# anatomy named as the subject or object of a tissue process is not a calcification site
TISSUE_PROCESS_AFTER = {"formation", "resorption", "loss", "destruction", "remodeling", "remodelling", "turnover"}
TISSUE_PROCESS_BEFORE = {"resorption", "dissolution", "destruction", "preservation", "loss", "erosion", "remodeling",
                         "remodelling", "formation", "expansion", "thinning"}
VIEW_WORDS = {"ap", "pa", "lateral", "oblique", "frontal", "axial", "coronal", "sagittal", "anteroposterior", "posteroanterior"}
# classifying (not qualitative) adjectives stay inside a DISEASE name (labels.md: "keep
# modifiers that are part of the name"); qualitative, evaluative and extent words do not
#: an autoantibody by its target symbol: "anti-MDA5", "anti-Jo-1", "anti-TIF1γ", "anti-NXP2", "anti-SRP"
ANTIBODY_SUBTYPE = re.compile(r"[Aa]nti-(?=[^-]*[A-Z])[A-Za-z0-9αβγ]{2,8}(?:-[0-9A-Za-z]{1,3})?")
CLASSIFYING_ADJECTIVE = re.compile(r"[a-z]{3,}(genic|omatous|ular|ial|eal|ary|oid|ous|ic|al|ar)$")
QUALITATIVE_ADJECTIVES = {
    "typical", "classic", "classical", "clinical", "physical", "critical", "significant", "normal", "abnormal", "usual",
    "unusual", "general", "total", "partial", "initial", "final", "potential", "possible", "actual", "special",
    "several", "various", "numerous", "previous", "serious", "obvious", "continuous", "spontaneous", "simultaneous",
    "historical", "radiographic", "radiological", "radiologic", "histologic", "histological", "pathologic",
    "pathological", "characteristic", "specific", "nonspecific", "dramatic", "tragic", "basic", "periodic",
    "symptomatic", "asymptomatic", "clinic", "medical", "surgical", "additional", "original", "essential",
    "minimal", "maximal", "focal", "global", "mural", "similar", "regular", "irregular", "particular", "peculiar",
    "massive", "extensive", "progressive", "aggressive", "diffuse", "bilateral", "unilateral", "lateral", "medial",
    "central", "peripheral", "superficial", "proximal", "distal", "terminal", "internal", "external", "nodular",
    "numerous", "enormous", "tremendous", "dangerous", "various", "ambiguous", "heterogeneous", "homogeneous",
    "associated", "concomitant", "underlying", "coexistent", "coexisting", "concurrent", "secondary", "primary",
    "preliminary", "temporary", "necessary", "ordinary", "extraordinary", "contrary", "solitary", "multiple",
    "frequent", "rare", "common", "typical", "benign", "new", "old", "acute", "chronic", "mild", "moderate", "severe",
    "large", "small", "huge", "giant", "tiny", "dominant", "overall", "local", "regional", "natural", "unilocular",
    # words of the study, not the disease: "experimental thrombosis" is a model of thrombosis (BC5CDR training split)
    "experimental", "substantial"}
TOXICITY_WORDS = {"toxicity", "intoxication", "poisoning", "overdose", "deficiency", "insufficiency"}  # "vitamin D insufficiency"
#: a gene, hormone or variant symbol: capitals and digits ("CALR", "JAK2", "V617F", "ACTH", "HER2", "ER")
SYMBOL = re.compile(r"(?=[A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*[A-Z0-9])[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*")
LETTER_SUFFIXED = {"hepatitis", "hypervitaminosis", "avitaminosis", "hemophilia", "haemophilia"}
# a subtype code after "type(s)": roman or arabic, with an optional letter ("type IID", "type 1B")
HYPHENATED_EPONYM = re.compile(r"[A-Z][a-z]{2,}(-[A-Z][a-z]{2,})+")  # "Hippel-Lindau", "Guillain-Barre"
TYPE_CODE = re.compile(r"(i{1,3}|iv|vi{0,3}|ix|x)[a-d]?|[1-9][a-d]?")
TYPED_CODE = re.compile(r"type-(i{1,3}|iv|vi{0,3}|ix|x|[1-9])[a-d]?")  # one token: "type-2"
STUDY_NOUNS = {"examination", "examinations", "evaluation", "study", "studies", "series", "survey", "view", "views",
               "image", "images", "imaging", "scan", "scans", "exam", "exams", "assessment", "follow-up"}


# a word that can be part of a name built from the parse ("low-grade", "non-Hodgkin", "Raynaud", "'s")
NAME_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|'s|’s|-")
# an abbreviated genus before a species epithet: "S. haematobium infection", "E. coli sepsis"
GENUS_ABBREVIATION = re.compile(r"[A-Z]\.")
VIRUS_ABBREVIATION = re.compile(r"[A-Z][A-Za-z]{0,3}V(-?[0-9]{1,3}[A-Z]?)?")


@lru_cache(maxsize=1)
def uberon_forms() -> tuple[frozenset[str], frozenset[str]]:
    """The matching forms of the UBERON anatomy names and exact synonyms (``data/sources/uberon_terms.tsv``,
    made by ``import_uberon.py``) that may open an ANATOMY candidate, minus the ordinary-English ones of
    ``site_uberon_stoplist.txt``; and the one-word forms among them."""
    text = resources.files("rheumex.pipelines").joinpath("data", "sources", "uberon_terms.tsv").read_text(encoding="utf-8")
    stop = data_words("site_uberon_stoplist.txt")
    forms = frozenset(ln.split("\t", 1)[0] for ln in text.splitlines() if ln and not ln.startswith("#")) - stop
    return forms, frozenset(f for f in forms if " " not in f)


def latin_singulars(word: str) -> list[str]:
    """Singular forms of a Latin anatomical plural, for the UBERON lookup (its names are singular and the
    lexicon's match form only strips an English "-s"): "menisci" -> "meniscus", "sulci" -> "sulcus",
    "phalanges" -> "phalanx", "cortices" -> "cortex", "bursae" -> "bursa" (session 19)."""
    out = []
    if len(word) > 4 and word.endswith("i"):
        out.append(word[:-1] + "us")
    if len(word) > 4 and word.endswith("ae"):
        out.append(word[:-1])
    if len(word) > 5 and word.endswith("ges"):
        out.append(word[:-3] + "x")
    if len(word) > 5 and word.endswith("ices"):
        out += [word[:-4] + "ex", word[:-4] + "ix"]
    return out


@lru_cache(maxsize=4096)
def imaging_modifier_misspelt(word: str, modifiers: frozenset[str]) -> bool:
    """Whether ``word`` is one edit from exactly one alphabetic imaging modifier of seven letters or more
    ("sagital" -> "sagittal", "noncontrasr" -> "noncontrast") and is none of the anatomy or lexicon words
    (``SpellingIndex`` rules for a misspelt word: same first letter, no adjective look-alike of another word)."""
    from rheumex.pipelines.spelling import _one_edit
    hits = {m for m in modifiers if len(m) >= 7 and m.isalpha() and m[0] == word[0] and _one_edit(word, m)}
    return len(hits) == 1


@lru_cache(maxsize=1)
def imaging_words() -> dict[str, str]:
    """One-word IMAGING lexicon names ("fluoroscopy", "ultrasound", "doppler") and their concept ids, from
    ``data/lexicon/imaging.jsonl``."""
    out: dict[str, str] = {}
    text = resources.files("rheumex.pipelines").joinpath("data", "lexicon", "imaging.jsonl").read_text(encoding="utf-8")
    for line in text.splitlines():
        entry = json.loads(line) if line.strip() else {}
        pat = entry.get("pattern")
        if isinstance(pat, str) and " " not in pat and entry.get("label") == "IMAGING":
            out.setdefault(pat, entry.get("id") or "")
    return out


def modality_nouns() -> dict[str, str]:
    """The one-word IMAGING lexicon names of a technique ending in -graphy/-scopy ("fluoroscopy", "scintigraphy")."""
    return {w: cid for w, cid in imaging_words().items() if re.search(r"(graphy|scopy)$", w)}


def calcium_deposit(lower: list[str], i: int) -> bool:
    """The word "calcium" at ``i`` names a deposit, not chemistry or a lab value: a deposit word after it
    ("calcium hydroxyapatite", "calcium deposits")."""
    return i + 1 < len(lower) and lower[i + 1] in CALCIUM_DEPOSIT


#: participles after a cause in "<cause>-induced <disease>" (``_drug_induced``)
_CAUSE_PARTICIPLES = frozenset(("induced", "associated", "related", "mediated"))

class _View:
    """Per-document lower-case strings and sentence ids, read once with ``Doc.to_array``:
    creating a ``Token`` object per access dominates the resolver's time otherwise."""

    def __init__(self, doc: Doc, skip_ranges: list[tuple[int, int]] | None = None) -> None:
        arr = doc.to_array([LOWER, SENT_START, ORTH, NORM, IDX])
        strings = doc.vocab.strings
        self.lower = [strings[h] for h in arr[:, 0].tolist()]
        self.norm = [strings[h] for h in arr[:, 3].tolist()]
        # words written in lower case somewhere in the document (ORTH == LOWER), outside the skipped
        # sections: reference lists lower-case titles ("adverse events with essure hysteroscopic
        # sterilization"), which says nothing about how the paper writes its names
        keep = [True] * len(self.lower)
        if skip_ranges:
            idx = arr[:, 4].astype("int64")  # token start characters; one pass per range, not per token
            inside = numpy.zeros(len(idx), dtype=bool)
            for s, e in skip_ranges:
                inside |= (idx >= s) & (idx < e)
            keep = (~inside).tolist()
        self.lower_set = {w for w, o, lo, k in zip(self.lower, arr[:, 2].tolist(), arr[:, 0].tolist(), keep)
                          if k and o == lo and w.isalpha()}
        self.text: str | None = None
        self.captions: dict[tuple[int, int], bool] = {}
        sid, self.sent = -1, []
        for i, v in enumerate(arr[:, 1].tolist()):
            if v == 1 or i == 0:
                sid += 1
            self.sent.append(sid)


@dataclass
class Cand:
    start: int  # token index
    end: int
    label: str
    concept_id: str
    source: str


def _optional_lines(name: str) -> list[str]:
    try:
        return _data_lines(name)
    except FileNotFoundError:
        return []


def _data_lines(name: str) -> list[str]:
    text = resources.files("rheumex.pipelines").joinpath("data", "sources", name).read_text(encoding="utf-8")
    return [l.strip().lower() for l in text.splitlines() if l.strip() and not l.startswith("#")]


class EntityResolver:
    _view: _View | None = None

    def __init__(self, nlp: Language, candidates_key: str, label_priority: list[str], site_window: int,
                 skip_section_kinds: list[str], model_labels: dict[str, str], lexicon_files: list[str],
                 model_policy: str = "fill_gaps") -> None:
        self.candidates_key = candidates_key
        self.priority = {l: i for i, l in enumerate(label_priority)}
        self.site_window = site_window
        self.skip_kinds = set(skip_section_kinds)
        self.model_labels = dict(model_labels)
        self.model_policy = model_policy
        if model_policy not in ("fill_gaps", "longest"):
            raise ValueError(f"model_policy must be 'fill_gaps' or 'longest', not {model_policy!r}")
        self.model_exclude = {
            "DISEASE": set(_data_lines("disease_exclude.txt")) | {normalize_word(w) for w in _data_lines("disease_exclude.txt")},
            "TREATMENT": set(_data_lines("chemical_exclude.txt")) | set(_optional_lines("drug_stoplist.txt")),
        }
        self.imaging_modifiers = {normalize_word(w) for w in _data_lines("imaging_modifiers.txt")}
        self._modifier_set = frozenset(self.imaging_modifiers)
        self.anatomy_words = set()
        self.anatomy_terms = {normalize_word(t) for t in _data_lines("anatomy.txt") if " " not in t}
        self.anatomy_multi = {" ".join(normalize_word(w) for w in t.split()) for t in _data_lines("anatomy.txt") if " " in t}
        self.anatomy_multi_last = {t.rsplit(" ", 1)[-1] for t in self.anatomy_multi}  # a cheap test before joining words
        for term in _data_lines("anatomy.txt"):
            self.anatomy_words.update(normalize_word(w) for w in term.split())
        self.anatomy_words -= CONNECTORS
        # symptom, sign and lesion words (labels.md: not DISEASE): anatomy right before one modifies it ("knee pain")
        self._symptom_words = {w for w in _data_lines("disease_exclude.txt") if " " not in w} - self.anatomy_words
        self.modifiers: dict[str, set[str]] = {"DISEASE": set(), "TREATMENT": set()}
        for line in _data_lines("entity_modifiers.tsv"):
            word, _, label = line.partition("\t")
            self.modifiers.setdefault(label.upper(), set()).add(normalize_word(word))
        self.modifiers["TREATMENT"].update(normalize_word(w) for w in data_words("treatment_modifiers.txt"))
        self.organ_heads = data_words("disease_organ_heads.txt")
        self.eponym_lesion_heads = data_words("disease_eponym_lesion_heads.txt")
        self.organ_words = (self.anatomy_terms - {normalize_word(w) for w in data_words("disease_organ_nonorgan.txt")}
                            | data_words("disease_organ_systems.txt"))
        self.kind_required = data_words("disease_kind_required.txt")
        self.institution_heads = data_words("name_institution_heads.txt")
        self.institution_units = data_words("name_institution_units.txt")
        self.service_nouns = data_words("name_service_nouns.txt")
        self.injury_kinds = data_words("disease_injury_kinds.txt")
        self.lesion_heads = data_words("disease_lesion_heads.txt")
        self.generic_tumor_nouns = data_words("disease_generic_tumor_nouns.txt")
        self.tumor_attribute_nouns = data_words("disease_attribute_nouns.txt")
        self.disease_measure_nouns = data_words("disease_measure_nouns.txt")
        self.molecule_names = [tuple(p.split()) for p in data_words("disease_molecule_names.txt")]
        self._molecule_words = frozenset(w for name in self.molecule_names for w in name)
        self.body_flow_words = data_words("treatment_body_flow_words.txt")
        self.nonname_words = data_words("name_nonname_words.txt")
        self.normal_ossification_words = data_words("disease_ossification_normal_words.txt")
        self.setting_nouns = data_words("treatment_setting_nouns.txt")
        self.treatment_modifier_words = data_words("treatment_modifiers.txt")
        self.capitals_only = data_words("disease_capitals_only.txt")
        self.imaging_capitals_only = data_words("imaging_capitals_only.txt")
        self.injury_heads = data_words("disease_injury_heads.txt")
        self.device_complications = data_words("disease_device_complications.txt")
        self.device_nouns = data_words("disease_device_nouns.txt") | data_words("treatment_device_heads.txt")
        self.modifiers.setdefault("TREATMENT_RIGHT", set()).update(normalize_word(w) for w in data_words("treatment_right_heads.txt"))
        self.drug_salts = frozenset(normalize_word(w) for w in data_words("treatment_salt_words.txt"))
        self.drug_salt_endings = tuple(sorted(data_words("treatment_salt_endings.txt")))
        # concept names and the spelling index come from the 57k lexicon lines: built by
        # initialize() (or on first use), or restored from the pipeline cache (cache_state)
        self.lexicon_files = list(lexicon_files)
        self._names: dict[str, str] | None = None
        self._spelling: SpellingIndex | None = None

    # -- lexicon tables (cached with the pipeline: rheumex.pipelines.cache) --------
    def _build_lexicon_tables(self) -> None:
        from rheumex.pipelines.lexicon import iter_lexicon

        names: dict[str, str] = {}
        entries = list(iter_lexicon(self.lexicon_files))
        for entry in entries:
            if entry.get("id") and entry.get("name"):
                names.setdefault(entry["id"], entry["name"])
        self._names, self._spelling = names, SpellingIndex(entries)

    @property
    def names(self) -> dict[str, str]:
        """Concept id -> preferred name, from the lexicon files."""
        if self._names is None:
            self._build_lexicon_tables()
        return self._names  # type: ignore[return-value]

    @property
    def spelling(self) -> SpellingIndex:
        """One-edit index over the lexicon's long DISEASE/TREATMENT words."""
        if self._spelling is None:
            self._build_lexicon_tables()
        return self._spelling  # type: ignore[return-value]

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        """Build the lexicon tables now (``nlp.initialize()``), not on the first document."""
        self._build_lexicon_tables()

    def cache_state(self) -> dict:
        """The lexicon tables as plain data, for the pipeline cache."""
        return {"names": self.names, "spelling": self.spelling.state()}

    def restore_state(self, state: dict) -> None:
        """Put tables from :meth:`cache_state` back (instead of reading the lexicon files)."""
        names, spelling = dict(state["names"]), SpellingIndex.from_state(state["spelling"])
        self._names, self._spelling = names, spelling

    # -- helpers -----------------------------------------------------------------
    def _skipped(self, doc: Doc, start_char: int) -> bool:
        for s, e, _name, kind in doc._.sections or ():
            if s <= start_char < e:
                return kind in self.skip_kinds
        return False

    def _section_name(self, doc: Doc, start_char: int) -> str:
        for s, e, name, _kind in doc._.sections or ():
            if s <= start_char < e:
                return (name or "").lower()
        return ""

    def _caption_with_calc(self, doc: Doc, start_char: int) -> bool:
        """The anatomy at ``start_char`` is in a figure caption about a calcification (labels.md: a site is
        tied "in a figure caption about the calcification"): the caption holds a calcification word of the
        site rules (``_calc_set``: "calcification", "calcified", "calcium deposits" ...). Any "calci"/"calcium"
        string is not enough: "Two-photon calcium imaging ... of the antennal nerve", "serum calcium",
        "calcitonin", "calcineurin inhibitor" name no calcification (session 13, unlabelled eLife caption)."""
        for s, e, _name, kind in doc._.sections or ():
            if s <= start_char < e and kind == "caption":
                view = self._view
                calc = getattr(self, "_calc_set", None)
                if view is None or calc is None:
                    return bool(re.search(r"calcif|calcinosis", extensions.doc_text(doc)[s:e], re.I))
                if (s, e) not in view.captions:
                    view.captions[(s, e)] = any(s <= doc[i].idx < e for i in calc)
                return view.captions[(s, e)]
        return False

    def _norm(self, doc: Doc, start: int, end: int) -> str:
        return doc[start:end].text.lower()

    def _named_heads(self, doc: Doc, cands: list[Cand]) -> list[Cand]:
        """DISEASE candidates "<word> disease|syndrome|disorder" where the word is an eponym
        (capitalised, possibly possessive: "Kawasaki disease", "Paget's disease") or a
        modifier or anatomy word ("pulmonary disease", "occlusive disease"), and eponym +
        "sign|tumor|sarcoma|..." ("Trousseau's sign"), eponym + lesion word of
        ``disease_eponym_lesion_heads.txt`` ("Lisch nodules"); an organ condition "<anatomy word>
        damage|injury|dysfunction|..." (``disease_organ_heads.txt``: "renal damage", "myocardial
        injury"). Name extension adds more modifiers."""
        covered = {i for c in cands if c.label == "DISEASE" for i in range(c.start, c.end)}
        mods = self.modifiers.get("DISEASE", set())
        out = []
        for i, head in enumerate(self._view.lower):
            organ = head in self.organ_heads
            lesion = head in self.eponym_lesion_heads
            if not (head in EPONYM_HEADS or organ or lesion) or i in covered or i == 0:
                continue
            t = doc[i]
            j = t.i - 1
            prev = doc[j]
            if prev.is_space or "\n" in prev.whitespace_:
                continue
            possessive = prev.text in ("'s", "’s", "'", "’") and j > 0 and not doc[j - 1].whitespace_
            word = doc[j - 1] if possessive else prev
            w_start = j - 1 if possessive else j
            eponym = (word.text[:1].isupper() and (word.is_alpha or EPONYM_PAIR.fullmatch(word.text)) and not re.fullmatch(r"[IVX]+", word.text) and not word.is_stop and len(word) > 2
                      and (not word.is_sent_start or self._sentence_initial_eponym(word))
                      and word.lower_ not in mods and word.norm_ not in self.anatomy_words
                      and word.lower_ not in self.nonname_words)  # "MRI disease parameters" (name_nonname_words.txt)
            if word.text[-2:] in ("'s", "’s") and word.text[:1].isupper() and len(word) > 4:
                eponym = True  # "Paget's" kept whole by the tokenizer
            descriptive = head in NAMED_HEADS and not possessive and (word.norm_ in mods or word.norm_ in self.anatomy_terms
                                                                      or self._classifying_word(word))
            if lesion:  # "Lisch nodules", "Gottron papules": an eponym names the lesion (disease_eponym_lesion_heads.txt)
                opens_field = w_start > 0 and doc[w_start - 1].text in (":", "-", "•", "*")  # "Findings: Multiple lesions"
                test = i + 1 < len(doc) and doc[i + 1].norm_ in ("test", "assay")  # "Beutler spot test" (NCBI train)
                if (eponym and t.is_lower and not opens_field and not test and word.lower_ not in QUALITATIVE_ADJECTIVES
                        and word.lower_ not in data_words("name_qualitative_words.txt")
                        and (possessive or word.text[1:].islower() or word.text[-2:] in ("'s", "’s"))):
                    out.append(Cand(w_start, t.i + 1, "DISEASE", "", "rule:eponym_lesion"))
                continue
            if organ:  # "renal damage": only an anatomy word makes the condition a named one
                if not possessive and word.norm_ in self.organ_words:
                    out.append(Cand(w_start, t.i + 1, "DISEASE", "", "rule:organ_condition"))
                continue
            if (eponym and (possessive or head in NAMED_HEADS or word.text[-2:] in ("'s", "’s"))) or descriptive:
                out.append(Cand(w_start, t.i + 1, "DISEASE", "", "rule:named_head"))
        return out

    def _glued_word(self, text: str) -> bool:
        """Two or more words run together by a broken conversion: a capital after three lower-case
        letters ("HamartomaBenign", "AcidosisRTAMedullary"), or a lower-case word of 10 letters or more
        that no lexicon term or known word spells and that splits into known words of 4 letters or
        more ("periostealchondroma", "benignpleuralfibrous"); a combining prefix
        (``name_word_prefixes.txt``: "intra", "para") or form ending in -o ("osteo") opens no pair."""
        if not text.isalpha() or len(text) < 7:
            return False
        if re.search(r"[a-z]{3}[A-Z]", text):
            return True
        w = text.lower()
        if len(w) < 10 or not text[1:].islower():
            return False
        known = self.spelling.known
        if w in known or normalize_word(w) in known:
            return False
        prefixes = data_words("name_word_prefixes.txt")

        memo: dict[int, int] = {}

        def pieces(i: int) -> int:  # number of known words w[i:] splits into, 0 when it does not
            if i in memo:
                return memo[i]
            memo[i] = 0
            for j in range(len(w), i + 3, -1):  # longest piece first
                p = w[i:j]
                if p.endswith("o") or p in prefixes or not (p in known or normalize_word(p) in known):
                    continue
                n = 0 if j == len(w) else pieces(j)
                if j == len(w) or n:
                    memo[i] = n + 1
                    break
            return memo[i]

        return pieces(0) >= 2

    def _classifying_word(self, word) -> bool:
        """A lower-case adjective by form ("cholestatic", "neurocutaneous", "hepatosplenic":
        ``CLASSIFYING_ADJECTIVE``; capitalised only at a sentence or line start) that is no qualitative, population or non-name word: with a
        class noun it names a kind of disease ("the cholestatic disorders"), as the name
        extension already lets it stay inside a lexicon name ("bronchogenic carcinoma")."""
        n = word.norm_
        # capitalised only as the first word of a sentence or line ("Trichoenterohepatic syndrome should ...")
        cased = word.is_lower or (word.is_title and (word.is_sent_start or word.i == 0 or "\n" in word.doc[word.i - 1].whitespace_))
        return bool(word.is_alpha and cased and not word.is_stop and CLASSIFYING_ADJECTIVE.search(n)
                    and n not in QUALITATIVE_ADJECTIVES and n not in data_words("name_qualitative_words.txt")
                    and n not in data_words("name_population_words.txt") and n not in data_words("name_nonname_words.txt")
                    and not word.tag_.startswith("VB"))

    def _located_lesion_word(self, doc: Doc, c: Cand) -> bool:
        """labels.md: a lesion word with only its location ("liver mass", "skin lesions", "right
        lung nodule") is no DISEASE (``disease_lesion_heads.txt``)."""
        toks = doc[c.start:c.end]
        if len(toks) < 2 or toks[-1].norm_ not in self.lesion_heads:
            return False
        return all(t.norm_ in self.anatomy_terms or t.norm_ in self.anatomy_words or t.norm_ in DISEASE_POSITION
                   or self._laterality(doc, t) or t.text in ("-", "/") for t in toks[:-1])

    @staticmethod
    def _in_virus_name(doc: Doc, c: Cand) -> bool:
        """labels.md: organisms are not DISEASE ("cytomegalovirus" naming the virus). A disease
        word that ends a virus's name or stands right before "virus" names the virus: "human
        immunodeficiency virus", "hepatitis B virus", "Epstein-Barr virus", "mouse mammary tumour
        virus" (unlabelled sle-infections review, PMC4736972). An infection named after the
        virus ("hepatitis B virus infection", "CMV infection") is a longer candidate of its own
        (``_organism_infections``) and stays."""
        if c.source.startswith("rule:organism"):
            return False
        if doc[c.end - 1].norm_.endswith("virus"):
            return True
        if c.end < len(doc) and "\n" not in doc[c.end - 1].whitespace_:
            nxt = doc[c.end]
            return nxt.norm_ == "virus" or (nxt.text == "-" and c.end + 1 < len(doc) and doc[c.end + 1].norm_ == "virus")
        return False

    @staticmethod
    def _resistance_of_organism(doc: Doc, c: Cand) -> bool:
        """A drug written "<drug>-resistant/-sensitive/-susceptible" before a capitalised organism or an
        organism abbreviation names the organism's resistance ("methicillin-resistant Staphylococcus
        aureus", "vancomycin-resistant Enterococcus", "carbapenem-resistant Klebsiella"), not a treatment."""
        k = c.end
        if k + 2 < len(doc) and doc[k].text == "-" and doc[k + 1].lower_ in ("resistant", "sensitive", "susceptible"):
            nxt = doc[k + 2]
            return nxt.text[:1].isupper() or nxt.lower_ in ("organisms", "bacteria", "strains", "strain", "isolates", "infection")
        return False

    def _in_molecule_name(self, doc: Doc, c: Cand) -> bool:
        """A DISEASE or TREATMENT candidate inside the name of a molecule, antigen or lab antibody
        that holds a disease word ("tumor necrosis factor", "cancer antigen 125", "lupus
        anticoagulant": no "anticoagulant" either; ``disease_molecule_names.txt``) names no disease
        or therapy (labels.md: lab values; a word inside another name is not annotated). Checked
        before name extension; a longer candidate ("tumor necrosis factor inhibitor") is kept."""
        first = doc[c.start].norm_
        first = first[5:] if first.startswith("anti-") else first  # "anti-melanoma differentiation-associated gene 5"
        if not self.molecule_names or first not in self._molecule_words:
            return False  # a candidate inside such a name starts with one of its words
        norms = [t.norm_[5:] if t.norm_.startswith("anti-") else t.norm_ for t in doc[max(0, c.start - 4):min(len(doc), c.end + 4)]]
        heads = [w.split("-")[0] for w in norms]  # "tumor necrosis factor-α": the word before a hyphenated suffix
        off = max(0, c.start - 4)
        for name in self.molecule_names:
            n = len(name)
            for k in range(len(norms) - n + 1):
                s = off + k
                if s <= c.start and c.end <= s + n and all(norms[k + i] == w or heads[k + i] == w for i, w in enumerate(name)):
                    return True
        return False

    def _injury_kinds(self, doc: Doc, cands: list[Cand]) -> list[Cand]:
        """labels.md v2, injuries with their kind: "<kind> <injury head>" is one DISEASE, the kind an
        animal or a mechanism (``disease_injury_kinds.txt``) right before a head of
        ``disease_injury_heads.txt``, with any kind words before it: "coyote bite", "cat bites",
        "puncture wounds", "catfish barb injury", "blunt trauma". Name extension adds modifiers."""
        covered = {i for c in cands if c.label == "DISEASE" for i in range(c.start, c.end)}
        lower = self._view.lower
        out = []
        for i, head in enumerate(lower):
            if head not in self.injury_heads or i == 0 or i in covered:
                continue
            j = i
            while j > 0 and lower[j - 1] in self.injury_kinds and "\n" not in doc[j - 1].whitespace_ and not doc[j - 1].is_punct:
                j -= 1
            if j < i:
                out.append(Cand(j, i + 1, "DISEASE", "", "rule:injury_kind"))
        return out

    def _device_complications(self, doc: Doc, cands: list[Cand]) -> list[Cand]:
        """labels.md DISEASE, complications that are disorders: "<device noun> <complication>"
        (``disease_device_nouns.txt`` + ``treatment_device_heads.txt``, then
        ``disease_device_complications.txt``) is one DISEASE: "implant loosening", "stent
        migration", "PEG failure". The device's own modifiers come in by name extension."""
        covered = {i for c in cands if c.label == "DISEASE" for i in range(c.start, c.end)}
        lower = self._view.lower
        out = []
        for i, head in enumerate(lower):
            if head not in self.device_complications or i == 0 or i in covered:
                continue
            if lower[i - 1] in self.device_nouns and "\n" not in doc[i - 1].whitespace_ and not doc[i - 1].whitespace_ == "":
                end = i + 1
                # "button dissociation and migration": the second complication does not stand alone
                if end + 1 < len(lower) and lower[end] in ("and", "or") and lower[end + 1] in self.device_complications:
                    end += 2
                out.append(Cand(i - 1, end, "DISEASE", "", "rule:device_complication"))
        return out

    def _in_institution_name(self, doc: Doc, c: Cand) -> bool:
        """labels.md v2, GUIDELINES 8.5: a capitalised DISEASE candidate inside the name of an
        organisation, trial, guideline or instrument ("Arthritis Foundation", "Moffitt Cancer
        Center", "Positive and Negative Syndrome Scale") is no mention: capitalised words (and
        "of", "and", "&", "'s") after it lead, on one line, to a capitalised head noun of
        ``name_institution_heads.txt``."""
        if not doc[c.start].text[:1].isupper():
            return False
        j = c.end
        while j < len(doc) and j - c.end <= 6 and "\n" not in doc[j - 1].whitespace_:
            t = doc[j]
            if t.text[:1].isupper() and t.lower_ in self.institution_heads:
                return True
            if not (t.is_alpha and t.text[:1].isupper() or t.lower_ in ("of", "and", "&", "'s", "’s", "-")):
                return False
            j += 1
        return False

    def _names_a_service(self, doc: Doc, c: Cand) -> bool:
        """labels.md v2 (a DISEASE is the patient's condition, a TREATMENT one given; organisational
        units are not annotated): a DISEASE or TREATMENT candidate that names a specialty or service
        ("the general surgery OPD"): followed by a noun of
        ``name_service_nouns.txt`` ("the infectious disease team", "an Infectious Diseases
        consultation"), by "was/were consulted" ("Infectious disease was consulted"), or right after
        "consulted" ("we consulted infectious diseases")."""
        n = len(doc)
        if c.end < n and doc[c.end].lower_ in self.service_nouns:
            return True
        if c.end + 1 < n and doc[c.end].lower_ in ("was", "were") and doc[c.end + 1].lower_ == "consulted":
            return True
        return c.start > 0 and doc[c.start - 1].lower_ == "consulted"

    @staticmethod
    def _names_an_instrument(doc: Doc, c: Cand) -> bool:
        """GUIDELINES 8.5: a DISEASE candidate inside the name of a measuring instrument ("SLE Disease
        Activity Index", "Crohn's disease activity index", "Birmingham Vasculitis Activity Score"): an
        instrument noun of ``name_instrument_nouns.txt`` follows, with at most two words of
        ``name_instrument_middles.txt`` between (session 24)."""
        nouns, middles = data_words("name_instrument_nouns.txt"), data_words("name_instrument_middles.txt")
        k = c.end
        while k < len(doc) and k - c.end < 2 and doc[k].lower_ in middles and "\n" not in doc[k - 1].whitespace_:
            k += 1
        if k + 1 < len(doc) and doc[k].lower_ == "index" and doc[k + 1].lower_ in ("case", "cases", "patient", "patients"):
            return False  # "the lupus index case": the proband
        return k < len(doc) and doc[k].lower_ in nouns and "\n" not in doc[k - 1].whitespace_

    def _after_institution_unit(self, doc: Doc, c: Cand) -> bool:
        """labels.md v2 (organisation names; affiliations are not annotated): a capitalised DISEASE or
        TREATMENT candidate after "<Unit> of (the)" and capitalised words only, on one line, where
        <Unit> is a capitalised noun of ``name_institution_units.txt``: "Department of Surgery",
        "Division of Pediatric Rheumatology", "Annals of the Rheumatic Diseases"."""
        if not doc[c.start].text[:1].isupper():
            return False
        j = c.start - 1
        while j >= 0 and c.start - j <= 6 and "\n" not in doc[j].whitespace_:
            t = doc[j]
            if t.lower_ in ("of", "against", "for"):  # "Department of Surgery", "European League against Rheumatism"
                k = j - 1
                if k >= 0 and "\n" not in doc[k].whitespace_ and _UNIT_MARK.sub("", doc[k].text)[:1].isupper() \
                        and _UNIT_MARK.sub("", doc[k].lower_).rstrip(".") in self.institution_units:
                    return True
            elif not (t.is_alpha and t.text[:1].isupper() or t.lower_ in ("the", "and", "&")):
                return False
            j -= 1
        return False

    def _treatment_phrases(self, doc: Doc, cands: list[Cand]) -> list[Cand]:
        """TREATMENT candidates from head-word rules (``treatment_phrases``): "antimicrobial
        therapy", "inguinal hernia repair", "Whipple's procedure", "pentoxifylline (Trental)"."""
        lower = self._view.lower
        out = [Cand(s, e, "TREATMENT", "", treatment_phrases.SOURCE_THERAPY)
               for s, e in treatment_phrases.therapy_phrases(doc, cands, lower)]
        out += [Cand(s, e, "TREATMENT", "", treatment_phrases.SOURCE_EXERCISE)
                for s, e in treatment_phrases.exercise_phrases(doc, lower)]
        out += [Cand(s, e, "TREATMENT", "", treatment_phrases.SOURCE_OBJECT)
                for s, e in treatment_phrases.object_procedures(doc, cands, lower, self.anatomy_words)]
        out += [Cand(s, e, "TREATMENT", "", treatment_phrases.SOURCE_EPONYM)
                for s, e in treatment_phrases.eponym_procedures(doc, lower, self._view.lower_set)]
        out += [Cand(s, e, "TREATMENT", "", treatment_phrases.SOURCE_DEVICE)
                for s, e in treatment_phrases.device_phrases(doc, cands, lower, self._view.lower_set)]
        out += [Cand(s, e, "TREATMENT", "", treatment_phrases.SOURCE_CLASS)
                for s, e in treatment_phrases.target_classes(doc, lower)]
        out += [Cand(s, e, "TREATMENT", "", treatment_phrases.SOURCE_CLASS)
                for s, e in treatment_phrases.class_plurals(doc, lower)]
        out += [Cand(s, e, "TREATMENT", cands[k].concept_id, treatment_phrases.SOURCE_BRAND)
                for s, e, k in treatment_phrases.brand_beside_generic(doc, cands, self._view.lower_set)]
        out += [Cand(s, e, "TREATMENT", "", treatment_phrases.SOURCE_SUPPORTIVE)
                for s, e in treatment_phrases.supportive_agents(doc, cands, lower)]
        out += [Cand(s, e, "TREATMENT", "", treatment_phrases.SOURCE_DEFINITION)
                for s, e in treatment_phrases.class_definitions(doc, cands, lower)]
        # "surgical removal and radiation": with the phrases above as coordinated treatments too
        out += [Cand(s, e, "TREATMENT", "", treatment_phrases.SOURCE_COORDINATED)
                for s, e in treatment_phrases.coordinated_therapies(doc, cands + out, lower)]
        return out

    def _sentence_initial_eponym(self, word) -> bool:
        """A capitalised word opening a sentence before "disease"/"syndrome" is an eponym
        ("Kawasaki disease is an acute vasculitis") when the parse tags it a noun, it is not an
        adjective by form or a qualitative word, and the paper never writes it in lower case."""
        if not self._parsed or not word.tag_.startswith("NN"):
            return False
        low = word.lower_
        if low in QUALITATIVE_ADJECTIVES or CLASSIFYING_ADJECTIVE.search(low) or low.endswith(("ive", "ed", "ing")):
            return False
        return low not in self._view.lower_set

    def _model_excluded(self, ent: Span, label: str) -> bool:
        """A model span our label contract does not count: a symptom or generic word from
        ``disease_exclude.txt``, a lab chemical or contrast agent from ``chemical_exclude.txt``
        / ``drug_stoplist.txt``, a bare anatomy word, or a span with a line break."""
        text = ent.text.lower()
        if "\n" in text or len(text) < 3 or not re.fullmatch(r"[\w' ’/-]+", text) or re.search(r"\d", text) and label == "DISEASE":
            return True
        if len(ent) == 1 and not (ent.text.isupper() and len(ent.text) >= 2):
            return True  # one lower-case word: the lexicons and word-form rules already decide those
        head = ent[-1].norm_
        if label == "DISEASE" and (head in MODEL_NON_DISEASE_HEADS or head in self.anatomy_words or ent[0].lower_ in ("denies", "no", "increase", "reduced", "decreased")):
            return True  # lesion words, symptoms, processes (labels.md), or plain anatomy
        norm = " ".join(t.norm_ for t in ent)
        if label == "DISEASE":
            return text in self.model_exclude["DISEASE"] or norm in self.model_exclude["DISEASE"] or norm in self.anatomy_terms
        if label == "TREATMENT":
            return text in self.model_exclude["TREATMENT"] or norm in self.model_exclude["TREATMENT"]
        return False

    @staticmethod
    def _seq_core(lowers: list[str], i: int) -> bool:
        """A sequence run's core token: ``SEQ_CORE``, or the first word of a spelled-out name
        ("inversion recovery", "spin echo", "diffusion weighted", "gradient recalled")."""
        w = lowers[i]
        if SEQ_CORE.match(w):
            return True
        nxt = lowers[i + 1] if i + 1 < len(lowers) else ""
        return (w, nxt) in (("inversion", "recovery"), ("spin", "echo"), ("diffusion", "weighted"), ("diffusion", "-weighted"),
                            ("diffusion", "weight"),
                            ("gradient", "recalled"), ("gradient", "echo"))

    @staticmethod
    def _bracket_end(doc: Doc, i: int) -> int:
        """The end of a bracket at ``i`` inside a sequence name: its abbreviation ("(STIR)", "(PD FS)",
        "(FLAIR)") or sequence words ("(fat sat)"); ``i`` when there is none."""
        if doc[i].text != "(":
            return i
        j = i + 1
        while j < len(doc) and j - i <= 3 and doc[j].text != ")":
            w = doc[j]
            if not (w.norm_ in SEQ_WORDS or (w.text.isupper() and w.text.isalpha() and len(w.text) <= 5)):
                return i
            j += 1
        return j + 1 if j < len(doc) and doc[j].text == ")" and j > i + 1 else i

    def _sequence_runs(self, doc: Doc) -> list[Cand]:
        """IMAGING candidates for MR sequence phrases (see ``SEQ_CORE``): a run of sequence words
        around a core token, with a bracketed abbreviation inside ("short tau inversion recovery
        (STIR) sagittal"); a comma before a new core starts the next study of a list ("Sagittal and
        coronal T1, axial T2"), one before more sequence words continues it ("T2-weighted,
        fat-saturated images")."""
        out: list[Cand] = []
        lowers = self._view.lower
        i, n = 0, len(doc)
        while i < n:
            if not self._seq_core(lowers, i):
                i += 1
                continue
            start = i
            while start > 0 and not doc[start - 1].whitespace_.count("\n") and doc[start - 1].lower_ not in ("with", "without", "w/", "w/o"):
                prev = doc[start - 1]
                if prev.norm_ in ("and", "&", "/") and not (start >= 2 and (SEQ_CORE.match(doc[start - 2].norm_) or doc[start - 2].text.endswith("-"))):
                    break  # "T1- and T2-weighted", "T1 and T2": a coordinator joins sequence names only
                if prev.norm_ in SEQ_WORDS or SEQ_CORE.match(prev.norm_) or (prev.lower_ == "short" and lowers[start] == "tau"):
                    start -= 1
                elif prev.text == ")" and any(start - k >= 0 and self._bracket_end(doc, start - k) == start for k in (3, 4, 5)):
                    start -= next(k for k in (3, 4, 5) if start - k >= 0 and self._bracket_end(doc, start - k) == start)
                else:
                    break
            end = i + 1
            while end < n and not doc[end - 1].whitespace_.count("\n"):
                t = doc[end]
                if t.lower_ in ("with", "without", "w/", "w/o") and not (end + 1 < n and doc[end + 1].lower_ in CONTRAST_WORDS):
                    break
                if t.lower_ in ("in", "opposed", "out-of") and end + 1 < n and doc[end + 1].lower_ == "phase":
                    end += 2  # chemical-shift sequences: "T1 weighted in phase", "opposed phase"
                    continue
                if t.text == "(" and self._bracket_end(doc, end) > end:
                    end = self._bracket_end(doc, end)
                    continue
                if t.text == "," and end + 1 < n and doc[end + 1].norm_ in SEQ_WORDS - SEQ_EDGE:
                    j = end + 1
                    while j < n and doc[j].norm_ in SEQ_WORDS - SEQ_EDGE and not self._seq_core(lowers, j):
                        j += 1
                    if j < n and (self._seq_core(lowers, j) or SEQ_CORE.match(doc[j].norm_)):
                        break  # ", axial T2": the next study of a list
                    end += 1
                    continue
                if t.norm_ in SEQ_WORDS or SEQ_CORE.match(t.norm_):
                    end += 1
                    continue
                break
            while end > start + 1 and doc[end - 1].norm_ in SEQ_EDGE | {",", "post", "pre"}:
                end -= 1
            while start < end - 1 and doc[start].norm_ in SEQ_EDGE:
                start += 1
            if end < n and doc[end].lower_ in SEQ_END and not doc[end - 1].whitespace_.count("\n"):
                end += 1
            text = doc[start:end].text.lower()
            if end < n and doc[end - 1].lower_ not in SEQ_END and doc[end].lower_ in data_words("imaging_measure_words.txt"):
                i = max(end, i + 1)
                continue  # "the pre-contrast T1 value": a measured quantity (imaging_measure_words.txt)
            # a bare "T1"/"T2" is a lab or staging code; "proton" alone is physics; "T1-weighted" alone is a sequence
            if (end - start > 1 and not re.fullmatch(r"(t[12]|proton)(\s*(and|/)\s*(t[12]|proton))?", text)) \
                    or re.fullmatch(r"t[12]-weighted", text):
                out.append(Cand(start, end, "IMAGING", "MESH:D008279", "rule:mr_sequence"))
            i = max(end, i + 1)
        return out

    def _named_sequences(self, doc: Doc) -> list[Cand]:
        """IMAGING candidates for an MR sequence named by its vendor or technique name before "sequence(s)"
        or "imaging" (``imaging_sequence_names.txt``: "VIBE sequences", "HASTE sequences", "TrueFISP coronal
        sequence", "cine and PSIR LGE sequences", "LGE imaging"), and for any run of view, contrast or
        sequence words before "sequence(s)" ("postgadolinium sequences", "coronal sequence"; labels.md:
        imaging spans keep their sequence words). The run takes words on one line leftwards: sequence names,
        imaging modifiers, ``SEQ_WORDS``, "T1"/"T2", "2D"/"3D" and a coordinator between two of them. "DNA
        sequence", "16S rRNA sequence" hold none of them. Session 11, ``tests/test_imaging_unseen3.py``."""
        names = data_words("imaging_sequence_names.txt")
        out = []
        lower = self._view.lower
        for i, w in enumerate(lower):
            if w not in ("sequence", "sequences", "imaging") or i == 0:
                continue
            start, named = i, False
            while start > 0 and "\n" not in doc[start - 1].whitespace_:
                t = doc[start - 1]
                n = t.norm_
                if n in names or t.lower_ in names:
                    named = True
                elif n in ("and", "&", "/", ",") and start - 2 >= 0 and start < i:
                    p = doc[start - 2]
                    if not (p.norm_ in names or p.lower_ in names or self._imaging_modifier(p) or p.norm_ in SEQ_WORDS):
                        break
                elif not (self._imaging_modifier(t) or n in SEQ_WORDS or SEQ_CORE.match(n) or re.fullmatch(r"[23]d|t[12]\*?", n)):
                    break
                start -= 1
            while start < i and doc[start].norm_ in SEQ_EDGE:
                start += 1
            if start < i and (named or w != "imaging"):
                out.append(Cand(start, i + 1, "IMAGING", "MESH:D008279", "rule:named_sequence"))
        return out

    def _us_abbreviation(self, doc: Doc, imaging_tokens: frozenset[int] = frozenset()) -> list[Cand]:
        """"US" is ultrasound after an anatomy word ("Kidney US", "renal US"), before "of", or in a
        list of modalities ("on US, low attenuation on CT", "CT and US"): next to another IMAGING
        candidate across a comma, "and", "or" or a slash, after "on" or "by" before punctuation ("not
        obtained by US."), or as the subject of a report verb not after "the" ("US is widely available";
        "In the US, blacks are more frequently affected" is the country)."""
        out = []
        for i in (i for i, w in enumerate(self._view.lower) if w == "us"):
            t = doc[i]
            listed = self._listed(doc, i, imaging_tokens)
            on_us = i > 0 and doc[i - 1].lower_ in ("on", "by") and (i + 1 == len(doc) or doc[i + 1].is_punct)
            # the subject of a report verb ("US is widely available", "US showed"); the country is "the US"
            subject = (i + 1 < len(doc) and doc[i + 1].lower_ in REPORT_VERBS and not (i > 0 and doc[i - 1].lower_ == "the"))
            # GUIDELINES 7.11: a heading naming the modality ("US:", "US FINDINGS:") at a line start
            line_start = i == 0 or "\n" in doc[i - 1].whitespace_ or doc[i - 1].is_space
            heading = line_start and i + 1 < len(doc) and (doc[i + 1].text == ":" or (doc[i + 1].text.isupper() and doc[i + 1].is_alpha
                                                                                     and len(doc[i + 1].text) > 3))
            if t.text == "US" and ((i > 0 and doc[i - 1].norm_ in self.anatomy_words and doc[i - 1].norm_ not in CONNECTORS)
                                   or listed or on_us or heading or subject
                                   or (i + 2 < len(doc) and doc[i + 1].lower_ == "of"
                                       and (doc[i + 2].lower_ in ("the", "both") or doc[i + 2].norm_ in self.anatomy_words))):
                out.append(Cand(t.i, t.i + 1, "IMAGING", "MESH:D014463", "rule:us_abbreviation"))
        return out

    @staticmethod
    def _sentence_and_next(doc: Doc, i: int) -> str:
        """The text of token ``i``'s sentence, and of the next sentence when that one names the
        procedure again ("... ERCP was performed. During ERCP, stones were extracted")."""
        sent = doc[i].sent
        if sent.end < len(doc):
            nxt = doc[sent.end].sent.text
            if re.search(r"\bERCP\b|cholangiopancreatogra", nxt, re.I):
                return sent.text + " " + nxt
        return sent.text

    @staticmethod
    def _listed(doc: Doc, i: int, imaging_tokens: frozenset[int]) -> bool:
        """Whether token ``i`` is a conjunct of a list holding another IMAGING candidate: one or two
        of ",", "and", "or", "/" between them ("CT and US", "CT, MRI, or echo")."""
        for d in (-1, 1):
            j = i + d
            steps = 0
            while 0 <= j < len(doc) and doc[j].text in (",", "and", "or", "/") and steps < 2:
                j += d
                steps += 1
            if steps and 0 <= j < len(doc) and j in imaging_tokens:
                return True
        return False

    def _echo_abbreviation(self, doc: Doc, imaging_tokens: frozenset[int]) -> list[Cand]:
        """"echo" is an echocardiogram (labels.md IMAGING: the study's short name) in a list of
        modalities ("by CT, MRI, or echo"), after "an"/"on"/"by"/"repeat", or as the subject of a
        reporting verb ("Echo showed"); never inside an MR sequence name ("spin echo", "gradient
        echo", "echo time")."""
        out = []
        for i in (i for i, w in enumerate(self._view.lower) if w == "echo"):
            prev = doc[i - 1].lower_ if i > 0 else ""
            nxt = doc[i + 1].lower_ if i + 1 < len(doc) else ""
            if prev in ("spin", "gradient", "recalled", "fast", "turbo", "planar", "-") or prev.endswith("-") \
                    or nxt in ("time", "times", "train", "planar", "sequence", "sequences", "image", "images", "-", "weighted"):
                continue
            listed = self._listed(doc, i, imaging_tokens)
            # "2D Echo", "M-Mode Echo", "transthoracic echo": a view or technique word before it (session 11,
            # unlabelled cardiac MR review table header; _extend_imaging then keeps the word)
            technique = i > 0 and "\n" not in doc[i - 1].whitespace_ and (self._imaging_modifier(doc[i - 1])
                                                                         or re.fullmatch(r"[23]-?d", prev) is not None)
            if listed or technique or prev in ("an", "on", "by", "repeat") or nxt in REPORT_VERBS:
                out.append(Cand(i, i + 1, "IMAGING", "MESH:D004452", "rule:echo"))
        return out

    @staticmethod
    def _contrast_tail(doc: Doc, end: int) -> int:
        """The end after a technique phrase at ``end`` ("with contrast enhancement", "w/
        contrast", "with fat saturation", "with and without gadolinium", "with intravenous and
        oral contrast material"), or ``end`` when there is none: words of ``CONTRAST_RUN`` on one
        line holding a ``CONTRAST_CORE`` word, never ending on a coordinator."""
        if not (end + 1 < len(doc) and doc[end].lower_ in ("with", "without", "w/", "w/o")):
            return end
        j = end + 1
        while j < len(doc) and doc[j].lower_ in CONTRAST_RUN and not doc[j - 1].whitespace_.count("\n"):
            j += 1
        while j > end + 1 and doc[j - 1].lower_ in ("and", "or", "/", "&", "with", "without", "w/", "w/o"):
            j -= 1
        if not any(doc[k].lower_ in CONTRAST_CORE for k in range(end + 1, j)):
            return end
        return j

    def _left_word(self, t) -> bool:
        """A word that stays inside an IMAGING span on its left: a view, sequence, contrast,
        technique or region word (``imaging_modifiers.txt``, anatomy), laterality (labels.md v2),
        "2D"/"3D", "T1"/"T2" and a view count ("three-view")."""
        n = t.norm_
        if n in self.anatomy_words and n not in self.anatomy_terms and n not in self.imaging_modifiers and n not in laterality_words() \
                and not (t.i + 1 < len(t.doc) and t.doc[t.i + 1].norm_ in self.anatomy_words):
            return False  # a word of a longer anatomy name alone ("most common CT pattern", "large", "white")
        return (self._imaging_modifier(t) or (self._region_token(t) and t.text[:1] != "(") or n in laterality_words()
                or bool(re.fullmatch(r"t[12]|t[12]-weighted|[23]d", n)) or bool(VIEW_COUNT.fullmatch(n)))

    def _imaging_modifier(self, t) -> bool:
        """A view, technique or contrast word of ``imaging_modifiers.txt``, also in the forms unseen papers
        write it (session 11, unlabelled MedPix and journal text; ``tests/test_imaging_unseen3.py``):
        with a "post"/"pre"/"non"/"un" prefix ("post-gadolinium", "nonenhanced"; "Post gadolinium" as two
        words before a modifier), a hyphenated word ending in a technique word of
        ``imaging_modifier_endings.txt`` ("soft-tissue-selective", "speckle-tracking", "two-dimensional"),
        a one-edit misspelling of a listed word of seven letters or more ("sagital", "noncontrasr"), and
        a hyphenated listed word written as two words ("high resolution CT", session 19)."""
        n = t.norm_
        if n in self.imaging_modifiers:
            return True
        doc = t.doc
        # a hyphenated modifier of the list written as two words ("high resolution CT", "low dose CT")
        if t.i + 1 < len(doc) and "\n" not in t.whitespace_ and f"{n}-{doc[t.i + 1].norm_}" in self.imaging_modifiers:
            return True
        if t.i > 0 and "\n" not in doc[t.i - 1].whitespace_ and f"{doc[t.i - 1].norm_}-{n}" in self.imaging_modifiers:
            return True
        if re.search(r"[a-z][A-Z]", t.text):
            return False  # glued by a broken conversion ("levelsNon-contrast"): labels.md, not annotated inside
        m = re.fullmatch(r"(post|pre|non|un)-?([a-z].+)", n)
        if m and len(m.group(2)) >= 4 and m.group(2) in self.imaging_modifiers:
            return True
        if n in ("post", "pre") and t.i + 1 < len(t.doc) and t.doc[t.i + 1].norm_ in self.imaging_modifiers \
                and "\n" not in t.whitespace_:
            return True
        if "-" in n.strip("-") and n.rsplit("-", 1)[1] in data_words("imaging_modifier_endings.txt"):
            return True
        if ROUTE_ADJECTIVE.fullmatch(n) and n not in self.anatomy_words:
            return True  # "Intraoperative ultrasound", "Transrectal ultrasound", "Laparoscopic cholangiography"
        return (len(n) >= 7 and n.isalpha() and n not in self.anatomy_words and n not in imaging_words()
                and imaging_modifier_misspelt(n, self._modifier_set))

    def _protocol_word(self, t) -> bool:
        """A word of a protocol name ("renal-stone", "PE", "stroke"): a word (hyphens allowed) on the
        line, not a stop word, an imaging modifier or a time/purpose word (those are no part of a name)."""
        return (t.text.replace("-", "").isalpha() and not t.is_stop and "\n" not in t.whitespace_
                and t.norm_ not in self.imaging_modifiers
                and t.lower_ not in ("previous", "prior", "initial", "repeat", "follow-up", "screening", "routine"))

    def _region_token(self, t) -> bool:
        """An anatomy word, or anatomy words joined by slashes in one token ("abdomen/pelvis")."""
        if t.norm_ in self.anatomy_words:
            return True
        parts = t.lower_.split("/")
        return len(parts) > 1 and all(p and normalize_word(p) in self.anatomy_words and p not in CONNECTORS for p in parts)

    def _conjunct_word(self, t) -> bool:
        """A left word that can be a conjunct of a modifier list ("2D and 3D", "Carotid, thoracic, and
        abdominal"); a bare sequence name is a study of its own ("T2, and axial T1")."""
        return self._left_word(t) and not re.fullmatch(r"t[12]|t[12]-weighted", t.norm_) and t.norm_ not in CONNECTORS

    def _region_end(self, doc: Doc, k: int) -> bool:
        """Whether an "of <anatomy>" region ending before ``k`` ends the study phrase (``REGION_END_WORDS``)."""
        if k >= len(doc) or "\n" in doc[k - 1].whitespace_:
            return True
        t = doc[k]
        return t.is_space or t.is_punct or t.like_num or t.lower_ in REGION_END_WORDS or t.lower_.endswith(("ed", "ing"))

    def _extend_imaging(self, doc: Doc, c: Cand, anatomy_ends: dict[int, int]) -> Cand:
        start, end = c.start, c.end
        # left: modifiers and region words, possibly coordinated ("PA and lateral chest", "2D and 3D",
        # "Carotid, thoracic, and abdominal", "Abdomen/Pelvis/Thorax")
        coordinated = False
        while start > 0:
            t = doc[start - 1]
            n = t.norm_
            if (t.is_space and "\n" not in t.text and start >= 2 and "\n" not in doc[start - 2].whitespace_
                    and self._imaging_modifier(doc[start - 2]) and doc[start - 2].norm_ not in CONNECTORS):
                # "Axial  CT of sacrum": a doubled space between a view or technique word and the modality
                # (not a region word: "... calculi.  Biliary  Direct cholangiography" starts a new phrase)
                start -= 2
                continue
            if t.is_space or "\n" in t.whitespace_:
                break
            if n in ("and", "or", "/", "&"):
                before = doc[start - 2] if start >= 2 else None
                if before is not None and before.text == "," and start >= 3 and self._conjunct_word(doc[start - 3]):
                    start -= 2  # ", and": an Oxford comma
                    coordinated = True
                    continue
                seq_pair = before is not None and re.fullmatch(r"t[12]", before.norm_) and re.fullmatch(r"t[12]", doc[start].norm_)
                if not seq_pair and (before is None or not self._conjunct_word(before) or not self._conjunct_word(doc[start])):
                    break  # "PA and lateral chest x-rays", "limb and thoracic radiographs"
                start -= 1
                coordinated = True
                continue
            if n == "protocol" and start >= 2:
                # "renal-stone protocol abdominal CT", "non-contrast renal stone protocol CT": a protocol
                # name (one or two words) is a kind of study
                k = start - 1
                while k > 0 and start - 1 - k < 2 and self._protocol_word(doc[k - 1]):
                    k -= 1
                if k < start - 1:
                    start = k
                    continue
                break
            if t.lower_ in STUDY_HEADS:
                break  # another study ("MRI brain and chest X-ray")
            if self._left_word(t) and not (n in laterality_words() and start == c.start and n not in self.imaging_modifiers):
                start -= 1  # laterality only before a region or view word: "Bilateral hand radiographs", not "both CT and MRI"
                continue
            # "Anteroposterior (AP) radiograph of the hips": a view's abbreviation in brackets stays inside
            # (labels.md: an abbreviation inside a name stays inside)
            if (t.text == ")" and start >= 4 and doc[start - 3].text == "(" and doc[start - 2].text.isupper()
                    and doc[start - 2].is_alpha and len(doc[start - 2]) <= 5 and "\n" not in doc[start - 4].whitespace_
                    and self._left_word(doc[start - 4]) and doc[start - 4].norm_ not in CONNECTORS):
                start -= 4
                continue
            # "AP, lateral and oblique radiographic views", "Carotid, thoracic, and abdominal ultrasound": a
            # comma inside a list closed by a coordinator
            if t.text == "," and coordinated and start >= 2 and self._conjunct_word(doc[start - 2]) and self._conjunct_word(doc[start]):
                start -= 1
                continue
            break
        while start < c.start and doc[start].norm_ in ("and", "or", "/", "&", ","):
            start += 1
        # a coordinated list after a preposition or determiner is that phrase's ("radiograph of the left
        # hip and CT of the femoral heads"): keep only the words after the last coordinator
        # ... unless the list holds projections only: "an AP and frog-leg radiograph of both hips", "the PA
        # and lateral chest radiographs" (imaging_view_words.txt)
        # ... or right after a study of its own: "CT chest and kidney ultrasound" (two studies)
        if coordinated and start > 0 and doc[start - 1].lower_ in STUDY_HEADS and any(
                doc[k].norm_ in ("and", "or", "/", "&", ",") for k in range(start, c.start)):
            start = max(k for k in range(start, c.start) if doc[k].norm_ in ("and", "or", "/", "&", ",")) + 1
        elif coordinated and start > 0 and doc[start - 1].lower_ in ("the", "of", "a", "an", "to", "in", "his", "her", "both"):
            cut = max(k for k in range(start, c.start) if doc[k].norm_ in ("and", "or", "/", "&", ","))
            views = data_words("imaging_view_words.txt")
            if not all(t.norm_ in views or t.norm_ in ("and", "or", "/", "&", ",") for t in doc[start:cut]):
                start = cut + 1
        # "111In-labeled WBC scintigraphy", "18F-FDG PET/CT": the radiotracer stays inside
        start = imaging_phrases.tracer_start(doc, start, doc[c.end - 1].text, data_words("imaging_tracer_words.txt"))
        # a sequence phrase ending where the modality's left words begin or inside them:
        # "T1-weighted with fat saturation MR"
        for e_, s_ in anatomy_ends.items():
            if start <= e_ <= c.start and s_ < start:
                start = s_
        # right: "scan(s)", "of the X (and Y)"
        if end < len(doc) and doc[end].lower_ in ("scan", "scans", "scanning") and c.label == "IMAGING":
            end += 1
        # "Computed tomography (CT) of the abdomen": the abbreviation stays inside before "of"
        if (end + 3 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")" and doc[end + 3].lower_ == "of"
                and doc[end + 1].text.isupper()):
            end += 3
        # (not before a study noun: the dev gold spans "computed tomography (CT) scan" as "computed tomography" + "CT")
        # "MRI T2", "CT chest", "CT abdomen/pelvis", "CT chest, abdomen and pelvis": a sequence or region
        # words straight after the modality
        if c.source != "rule:mr_sequence" and end < len(doc) and not doc[end - 1].whitespace_.count("\n"):
            if re.fullmatch(r"t[12]", doc[end].norm_):
                end += 1
            else:
                end = self._region_run(doc, end, after_of=False)
        # "CT chest PE protocol": a protocol name after the study
        if end + 1 < len(doc) and not doc[end - 1].whitespace_.count("\n") and doc[end].lower_ == "protocol":
            end += 1
        elif (end + 2 < len(doc) and not doc[end - 1].whitespace_.count("\n") and doc[end + 1].lower_ == "protocol"
              and self._protocol_word(doc[end])):
            end += 2
        # "Chest radiographs (PA and lateral)": bracketed views
        if end < len(doc) and doc[end].text == "(":
            j = end + 1
            while j < len(doc) and j - end <= 6 and (doc[j].norm_ in VIEW_WORDS or doc[j].lower_ in ("and", "/", ",", "view", "views")):
                j += 1
            if j < len(doc) and doc[j].text == ")" and j > end + 1 and doc[end + 1].norm_ in VIEW_WORDS:
                end = j + 1
        end = self._contrast_tail(doc, end)  # "with contrast (enhancement)", "w/ contrast"
        # "MR images of the left foot", "CT examination of the chest": the study noun stays
        # inside when a region or a technique follows it
        if end + 2 < len(doc) and doc[end].lower_ in STUDY_AFTER:
            k = end + 1
            if doc[k].is_space and "\n" not in doc[k].text and k + 1 < len(doc) and doc[k + 1].lower_ == "of":
                k += 1  # "MR images  of the left knee": a doubled space (dev gold MPX1935)
            nxt = doc[k].lower_
            j = k + 1 if nxt == "of" else k
            if nxt == "of" and j < len(doc) and doc[j].lower_ in ("the", "his", "her", "both", "of"):
                j += 1
            technique_end = self._contrast_tail(doc, end + 1)  # "MR images with fat saturation"
            if nxt == "of" and j < len(doc) and (doc[j].norm_ in self.anatomy_words or doc[j].norm_ in LATERALITY):
                end = k
            elif technique_end > end + 1:
                end = technique_end
        if end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].lower_ == "of":
            end += 1  # "CT examination of of the chest" (a typo in the source)
        if end + 1 < len(doc) and doc[end].lower_ == "of":
            j = end + 1
            if j < len(doc) and doc[j].lower_ in ("the", "his", "her", "both"):
                j += 1
            # "of the patient's joints", "of this patient's hands": a possessive before the region
            if (j + 2 < len(doc) and doc[j].lower_ in ("patient", "patients") and doc[j + 1].text in ("'s", "’s", "'", "’")):
                j += 2
            elif (j + 3 < len(doc) and doc[j].lower_ in ("this", "our") and doc[j + 1].lower_ == "patient"
                  and doc[j + 2].text in ("'s", "’s")):
                j += 3
            k = self._region_run(doc, j, after_of=True)
            if k > j:
                end = self._contrast_tail(doc, k)  # "MRI of the right humerus w/ contrast"
        return Cand(start, end, c.label, c.concept_id, c.source)

    def _region_run(self, doc: Doc, j: int, after_of: bool) -> int:
        """The end of a scan region starting at ``j`` (``j`` when there is none): anatomy words
        (and, after "of", laterality), coordinated by "and", "or", "/" or a comma list closed by
        "and"/"or" ("the chest, abdomen and pelvis"; a list not closed so keeps its first item),
        on one line. After "of", when the word after the run does not end the phrase
        (``_region_end``), the anatomy modifies a later noun: the region ends at the last
        coordinator, or there is none. Straight after the modality ("CT chest PE protocol") the
        region words stand as they are."""
        laterality = after_of
        def anatomy(i: int) -> bool:
            return i < len(doc) and self._region_token(doc[i]) and doc[i].norm_ not in CONNECTORS

        k, conj = j, []
        while k < len(doc) and not (k > j and "\n" in doc[k - 1].whitespace_):
            w = doc[k]
            if anatomy(k) or (laterality and w.norm_ in LATERALITY):
                k += 1
                continue
            if k > j and w.lower_ in ("and", "/", ",", "or") and (anatomy(k + 1) or (laterality and k + 1 < len(doc) and doc[k + 1].norm_ in LATERALITY)
                                                             or (w.text == "," and k + 1 < len(doc) and doc[k + 1].lower_ in ("and", "or")
                                                                 and anatomy(k + 2))):
                conj.append(k)
                k += 1
                continue
            break
        if conj and doc[conj[-1]].text == ",":
            k = conj[0]  # a comma list not closed by "and": the region is its first item
        if conj and k < len(doc) and (doc[k].lower_ in STUDY_HEADS or doc[k].norm_ in modality_nouns()):
            k = conj[-1]  # the last conjunct is the region of the next study: "CT chest and kidney ultrasound"
        if after_of and k > j and not self._region_end(doc, k):
            k = max((x for x in conj if x < k), default=j)
        return k

    def _drop_redefined(self, doc: Doc, imaging: list[Cand]) -> list[Cand]:
        """A one-token IMAGING abbreviation the text defines as something else is not IMAGING
        ("polyethylene terephthalate (PET) fibers"): the definition (scispaCy's abbreviation
        detector) must itself hold an IMAGING candidate ("Positron emission tomography (PET)")."""
        other: set[str] = set()
        spans = {(c.start, c.end) for c in imaging}
        for short in getattr(doc._, "abbreviations", None) or []:
            if isinstance(short, dict):
                ls, le, ss, se = short["long_start"], short["long_end"], short["short_start"], short["short_end"]
            else:
                if short._.long_form is None:
                    continue
                ls, le, ss, se = short._.long_form.start, short._.long_form.end, short.start, short.end
            # "Cardiac gated CT (with and without contrast) findings": the detector's "definition" is the
            # study's own technique words, no other meaning (session 11, unlabelled MedPix MPX1452)
            technique = all(t.is_punct or t.is_stop or t.norm_ in CONTRAST_RUN or t.norm_ in SEQ_WORDS
                            or self._imaging_modifier(t) for t in doc[ls:le])
            if (ss, se) in spans and not any(s < le and e > ls for s, e in spans) and not technique:
                other.add(doc[ss:se].text)
        if not other:
            return imaging
        return [c for c in imaging if not (c.end - c.start == 1 and doc[c.start].text in other)]

    def _derived_modality_adjectives(self, doc: Doc, cands: list[Cand]) -> list[Cand]:
        """GUIDELINES 7.4/7.5: a modality adjective with a study noun after it is a study ("Computed
        tomographic images"). The adjective of any one-word -graphy/-scopy modality of the lexicon
        (``modality_nouns``) counts, whether or not the lexicon lists it: "Frontal fluoroscopic images"
        (fluoroscopy). ``_study_adjective`` then takes the study noun, ``_extend_imaging`` the view words."""
        nouns = modality_nouns()
        taken = {i for c in cands if c.label == "IMAGING" for i in range(c.start, c.end)}
        out = []
        for i, w in enumerate(self._view.lower[:-1]):
            if i in taken or not MODALITY_ADJECTIVE.search(w) or not self._study_follows(doc, i + 1):
                continue
            noun = w[:-2] + "y"
            if noun in nouns:
                out.append(Cand(i, i + 1, "IMAGING", nouns[noun], "rule:modality_adjective"))
        return out

    def _hyphenated_modalities(self, doc: Doc, cands: list[Cand]) -> list[Cand]:
        """One token joining modalities with a hyphen, every part a one-word IMAGING lexicon name
        (``imaging_words``): "ultrasound-Doppler technology" -> "ultrasound-Doppler" (the lexicon matches
        whole tokens only). The first part's concept."""
        words = imaging_words()
        taken = {i for c in cands if c.label == "IMAGING" for i in range(c.start, c.end)}
        out = []
        for i, w in enumerate(self._view.lower):
            if not ("-" in w or "/" in w) or i in taken:
                continue
            # a slash joins modalities the same way: "CT/MRI of the brain", "MRI/MRA" (one token)
            parts = [normalize_word(p) for p in re.split(r"[-/]", w)]
            if len(parts) >= 2 and all(p in words for p in parts):
                out.append(Cand(i, i + 1, "IMAGING", words[parts[0]], "rule:hyphenated_modalities"))
        return out

    def _study_follows(self, doc: Doc, k: int) -> bool:
        """Token ``k`` starts the study a modality adjective qualifies: a study noun ("radiographic
        examination") or a one-word modality name, also after the adjective's abbreviation in brackets
        ("computed tomographic enteroclysis", "Multidetector computed tomographic (CT) enteroclysis":
        ``adjacent_pairs`` then joins the two)."""
        lower = self._view.lower
        if k + 3 < len(lower) and lower[k] == "(" and lower[k + 2] == ")" and doc[k + 1].is_upper:
            k += 3
        return k < len(lower) and (lower[k] in STUDY_NOUNS or (lower[k] in imaging_words() and not MODALITY_ADJECTIVE.search(lower[k])))

    def _study_adjective(self, doc: Doc, c: Cand) -> Cand | None:
        """"radiographic examination" stays whole; "radiographic features" is no mention; before a
        modality name the adjective is kept for ``adjacent_pairs`` ("computed tomographic enteroclysis")."""
        if not MODALITY_ADJECTIVE.search(doc[c.end - 1].text):
            return c
        if c.end < len(doc) and doc[c.end].lower_ in STUDY_NOUNS:
            return Cand(c.start, c.end + 1, c.label, c.concept_id, c.source)
        if self._study_follows(doc, c.end):
            return c
        return None

    def _extend_name(self, doc: Doc, c: Cand, taken: set[int] | None = None) -> Cand:
        """DISEASE/TREATMENT spans take the words that are part of the name.

        Left: classifying adjectives from ``entity_modifiers.tsv``, anatomy ("pulmonary
        hamartoma"; for TREATMENT only before a procedure: "sinus surgery", "right radical
        nephrectomy"), eponyms ("Wilms' tumor"), "type I", "<word> cell" ("clear cell
        sarcoma") and a coordinated modifier ("mediastinal and hilar lymphadenopathy").
        Right (DISEASE): "in situ", a letter after hepatitis/hypervitaminosis ("hepatitis
        C"), a following generic head from ``disease_right_heads.txt`` ("syndrome", "diathesis"), "of the <anatomy>" after a tumour word
        ("rhabdoid tumor of the kidney"), "of <X>" after deficiency/toxicity. Right
        (TREATMENT): "procedure(s)", "prophylaxis", "replacement", "agent(s)" and similar
        words from ``entity_modifiers.tsv`` (label TREATMENT_RIGHT). Tokens in ``taken``
        (other entities) are never absorbed.
        """
        taken = taken or set()
        mods = self.modifiers.get(c.label, set())
        head = doc[c.start:c.end].text.lower()
        # the generic finding ("calcification", "calcinosis", "calcium deposits") keeps its site
        # apart; a compound name ("nephrocalcinosis") keeps its type adjective ("medullary")
        # ... also after a kind word ("facial dystrophic calcification", "periarticular tumoral calcinosis": site
        # "facial" + DISEASE "dystrophic calcification", session 21) and for "microcalcifications"
        calc = c.label == "DISEASE" and re.search(r"(?:^|\s)(?:micro)?(?:calcif|calcinos|calcium|calcific)", head)
        procedure = c.label == "TREATMENT" and PROCEDURE_HEAD.search(doc[c.end - 1].lower_)

        def free(i: int) -> bool:
            return i not in taken

        def joinable(t) -> bool:  # no line break or blank token between t and the next token
            return not ("\n" in t.whitespace_ or t.is_space)

        qualitative = data_words("name_qualitative_words.txt")
        nonname = data_words("name_nonname_words.txt")  # "reveal" ends like an adjective ("-al") but is a verb
        population = data_words("name_population_words.txt")  # "Arabic", "Italian": a population, no kind of disease

        def modifier(t) -> bool:
            n = t.norm_
            if calc and (n in self.anatomy_words or LOCATIVE_PREFIX.match(n)):
                return False  # "intraductal calcifications": the location is a CALCINOSIS_SITE
            if n in mods:
                return True
            if c.label == "DISEASE" and not calc and (n in self.anatomy_terms or n in DISEASE_POSITION):
                return True
            if (c.label == "DISEASE" and not calc and CLASSIFYING_ADJECTIVE.search(n) and n not in QUALITATIVE_ADJECTIVES
                    and n not in qualitative and n not in population and t.is_alpha and not t.is_stop and doc[c.end - 1].norm_ not in self.anatomy_words
                    and n not in nonname and not t.tag_.startswith("VB")):
                return True  # a classifying adjective is part of the name: "bronchogenic carcinoma", "glial tumors"
            if c.label == "DISEASE" and not calc:
                return self._compound_modifier(doc, t, mods)
            if (procedure and CLASSIFYING_ADJECTIVE.search(t.lower_) and n not in QUALITATIVE_ADJECTIVES
                    and (t.is_alpha or HYPHENATED_WORD.fullmatch(t.lower_) and t.lower_.split("-")[0] not in LATERALITY)  # "extra-anatomic bypass"
                    and n not in qualitative and n not in nonname
                    and not t.lower_.endswith("lateral") and n not in data_words("treatment_route_words.txt")):
                return True  # a locating adjective of a procedure: "suboccipital craniectomy", "tracheobronchial lymphadenectomy"
            if procedure and (GUIDANCE.fullmatch(t.lower_) or (t.lower_ in guidance and t.i + 1 < len(doc)
                                                                and doc[t.i + 1].lower_ in ("guided", "assisted"))):
                return True  # how the procedure is guided: "image-guided drainage", "video-assisted thoracic surgery"
            if procedure and (t.lower_ in PROCEDURE_STAGE or (
                    PROCEDURE_MANNER.fullmatch(t.lower_) and not NOT_MANNER_PARTS.intersection(t.lower_.split("-"))
                    and n not in data_words("treatment_route_words.txt"))):
                return True  # session 24: "skin-sparing marginal excision", "revision total knee arthroplasty"
            return bool(procedure and (n in self.anatomy_words or n in LATERALITY) and n not in ("and", "of"))

        guidance = data_words("treatment_guidance_words.txt")

        def modifier(t, _modifier=modifier) -> bool:  # labels.md v2: laterality stays out of the name
            # ... and so does a possessive determiner, capitalised at a sentence start ("His arthritis improved")
            return not self._laterality(doc, t) and t.lower_ not in POSSESSIVES and _modifier(t)

        # a drug name is a conjunct of its own, never a modifier shared with a disease head:
        # "doses of glucocorticoids and renal disease" (labels.md coordination: it stands alone)
        drug_words = getattr(self, "_treatment_single", frozenset()) if c.label == "DISEASE" else frozenset()

        def conjunct(t) -> bool:
            # a plural noun is a name of its own, never a modifier shared with the head: "enlarged
            # lymph nodes, and retroperitoneal haemorrhage" (two findings; "nodes" is anatomy)
            plural = t.tag_ in ("NNS", "NNPS") or (len(t.lower_) > 3 and t.lower_.endswith("s") and t.norm_ != t.lower_
                                                   and t.lower_ in (t.norm_ + "s", t.norm_ + "es"))
            return t.i not in drug_words and not plural and modifier(t)

        start = c.start
        while start > 0 and free(start - 1):
            t = doc[start - 1]
            if t.is_space and "\n" not in t.text and start - 2 >= 0 and free(start - 2) and modifier(doc[start - 2]):
                start -= 2  # "papillary  carcinoma": a doubled space between modifier and name
                continue
            if not joinable(t):
                break
            n = t.norm_
            if n in ("'s", "’s", "'", "’") and start - 2 >= 0 and doc[start - 2].text[:1].isupper() and not doc[start - 2].whitespace_:
                start -= 2  # eponym: Wilms' / Paget's
                continue
            if t.text[:1].isupper() and t.text[-2:] in ("'s", "’s") and len(t.text) > 3:
                start -= 1
                continue
            # "type 1 and type 2 diabetes": a type coordinated before the name's own type (labels.md: one span when a
            # conjunct does not stand alone)
            if (n in ("and", "or", "and/or") and doc[start].lower_ in ("type", "types") and start >= 3
                    and doc[start - 3].lower_ == "type" and TYPE_CODE.fullmatch(doc[start - 2].norm_)
                    and all(free(j) for j in range(start - 3, start)) and joinable(doc[start - 3]) and joinable(doc[start - 2])):
                start -= 3
                continue
            if TYPE_CODE.fullmatch(n):
                k = self._type_list_start(doc, start - 1, free)
                if k is not None:
                    start = k  # "type IID von Willebrand disease", "types II, III, and IV hernias"
                    continue
            if c.label == "DISEASE" and n in ("cell", "cells") and start - 2 >= 0 and free(start - 2) and joinable(doc[start - 2]):
                j = start - 2
                if doc[j].text == "-" and j - 1 >= 0 and free(j - 1):
                    j -= 1  # "small-cell" split by the tokenizer
                if doc[j].is_alpha or re.fullmatch(r"[A-Za-z]{1,2}", doc[j].text):
                    start = j  # "clear cell", "sickle cell", "squamous cell", "B-cell"
                    continue
            if c.label == "DISEASE" and not calc:
                k = self._property_start(doc, start, free, joinable)
                if k is not None:
                    start = k  # "ACTH-secreting metastatic parotid tumour", "CALR mutated ET"
                    continue
            if modifier(t):
                start -= 1
                continue
            # "in situ" is an approach of the procedure (GUIDELINES 3 TREATMENT): "in situ graft replacement"
            if c.label == "TREATMENT" and n == "situ" and start - 2 >= 0 and free(start - 2) and doc[start - 2].lower_ == "in":
                start -= 2
                continue
            # a listed hyphenated modifier written open: "broad spectrum antibiotics" ("broad-spectrum")
            if (start - 2 >= 0 and free(start - 2) and joinable(doc[start - 2]) and t.is_alpha and doc[start - 2].is_alpha
                    and normalize_word(f"{doc[start - 2].lower_}-{t.lower_}") in mods):
                start -= 2
                continue
            # a multi-word anatomy term: "small bowel obstruction", "terminal ileum bezoar"; also one whose last
            # word the span already holds ("small" + "vessel vasculitis")
            if c.label == "DISEASE" and not calc and start < c.end and f"{n} {doc[start].norm_}" in self.anatomy_multi \
                    and t.is_alpha and not (start >= 2 and doc[start - 2].lower_ in ("and", "or", "and/or", "/")):
                start -= 1
                continue
            if c.label == "DISEASE" and not calc and n in self.anatomy_multi_last:
                k = next((k for k in (3, 2) if start - k >= 0 and all(free(j) for j in range(start - k, start))
                          and " ".join(doc[j].norm_ for j in range(start - k, start)) in self.anatomy_multi), 0)
                if k:
                    start -= k
                    continue
            # a coordinated modifier sharing the head: "mediastinal and hilar lymphadenopathy"
            if (n in ("and", "or", "/") and start < c.end and (modifier(doc[start]) or start < c.start)
                    and not (n == "/" and (t.whitespace_ or doc[start - 2].whitespace_))  # "lung / Swyer-James syndrome": two names
                    and start - 2 >= 0 and free(start - 2) and joinable(doc[start - 2]) and conjunct(doc[start - 2])):
                start -= 2
                continue
            break
        if (c.label == "DISEASE" and not calc and start >= 2 and doc[start - 1].lower_ == "progressive"
                and doc[start - 2].lower_ == "rapidly" and free(start - 1) and free(start - 2)):
            start -= 2  # "rapidly progressive glomerulonephritis (RPGN)", "rapidly progressive ILD": a named course
        if c.label == "DISEASE" and not calc:
            start = self._shared_head_start(doc, c, start, free, joinable, conjunct)
        if c.label == "DISEASE" and not calc and self._parsed:
            start = min(start, self._syntax_start(doc, c, start, free, joinable))
            # the parse leaves a spaced "non" out of the modifiers it adds; the token rule's "non"
            # (_compound_modifier) keeps it: "non specific interstitial pneumonia" (session 24: cut to its opposite)
            if (start < c.start and start > 0 and free(start - 1) and doc[start - 1].lower_ == "non"
                    and self._compound_modifier(doc, doc[start - 1], mods)):
                start -= 1
            start = self._coordinated_start(doc, start, c.end - 1, free, joinable, modifier)
            start = self._standalone_conjunct_cut(doc, start, c.start)
            start = self._class_noun_cut(doc, start, c.start)
        while start < c.end - 1 and self._laterality(doc, doc[start]):
            start += 1  # "bilateral pleural effusions" -> "pleural effusions" (labels.md v2)
        while start < c.start and doc[start].lower_ in POSSESSIVES:
            start += 1  # "His arthritis improved": a possessive is no part of the name
        while start < c.start and EVIDENCE_COMPOUND.search(doc[start].lower_):
            start += 1  # "aspiration-proven gout": how the diagnosis was made is no part of the name
        end = c.end
        if c.label == "DISEASE":
            last = doc[end - 1].lower_
            nxt = doc[end] if end < len(doc) and free(end) and joinable(doc[end - 1]) else None
            latin = data_words("disease_latin_postpositives.txt")
            while nxt is not None and nxt.lower_ in latin:  # "calcinosis cutis universalis", "morphea profunda"
                end += 1
                nxt = doc[end] if end < len(doc) and free(end) and joinable(doc[end - 1]) else None
            if nxt is not None:
                if nxt.lower_ == "in" and end + 1 < len(doc) and doc[end + 1].lower_ == "situ":
                    end += 2
                elif last in LETTER_SUFFIXED and re.fullmatch(r"[A-E][1-3]?", nxt.text):
                    end += 1
                elif nxt.lower_ in data_words("disease_right_heads.txt") and not calc:
                    end += 1  # "<disease> syndrome", "bleeding diathesis", "fistula tract"
                elif not calc and (TYPED_CODE.fullmatch(nxt.lower_) or nxt.lower_ in ("type", "types") and end + 1 < len(doc)
                                   and free(end + 1) and joinable(nxt) and TYPE_CODE.fullmatch(doc[end + 1].lower_)):
                    end += 1 if TYPED_CODE.fullmatch(nxt.lower_) else 2  # "neurofibromatosis type I", "type-2"
                elif nxt.lower_ == "of" and end + 1 < len(doc):
                    j = end + 1
                    if TUMOUR_HEAD.search(last):
                        if j < len(doc) and doc[j].lower_ in ("the", "both"):
                            j += 1
                        k = j
                        while k < len(doc) and free(k) and (doc[k].norm_ in self.anatomy_words or doc[k].norm_ in LATERALITY) and doc[k].norm_ not in CONNECTORS:
                            k += 1
                        if k > j and doc[k - 1].norm_ in self.anatomy_words:
                            end = k
                    elif last in ("deficiency", "toxicity", "intoxication", "poisoning", "overdose") and free(j):
                        # "toxicity of vitamin D3", "deficiency of terminal complement components": a
                        # short noun phrase; a stop word ("the", "can", "was"), a sentence end or a
                        # clause word ends it ("toxicity of lometrexol can be" -> "toxicity of lometrexol")
                        k = j
                        while (k < len(doc) and k - j < 3 and free(k) and not doc[k].is_punct and not doc[k].is_stop
                               and not doc[k].is_sent_start and not doc[k].text.endswith(".") and joinable(doc[k - 1])):
                            k += 1
                        if k > j:
                            end = k
        elif c.label == "TREATMENT":
            right = self.modifiers.get("TREATMENT_RIGHT", set())
            if end < len(doc) and free(end) and joinable(doc[end - 1]) and doc[end].norm_ in right:
                end += 1
            elif (c.source == "rule:morphology:combined-modality" and end < len(doc) and free(end) and joinable(doc[end - 1])
                  and doc[end].lower_ in ("therapy", "therapies", "treatment")):
                end += 1  # "chemo-radiation therapy" (dev gold MPX2497), as the lexicon's "radiation therapy"
            elif (end < len(doc) and free(end) and joinable(doc[end - 1]) and doc[end].lower_ in ("therapy", "treatment")
                  and doc[end - 1].norm_ in data_words("treatment_class_therapy_words.txt")):
                end += 1  # a class with its therapy noun: "steroid therapy", "bisphosphonate therapy" (gold convention)
            elif (end + 1 < len(doc) and free(end) and free(end + 1) and joinable(doc[end - 1]) and joinable(doc[end])
                  and doc[end].lower_ in ("pulse", "pulsed") and doc[end + 1].lower_ in ("therapy", "treatment")
                  and doc[end - 1].norm_ in data_words("treatment_class_therapy_words.txt")):
                end += 2  # the same with its regimen word: "corticosteroid pulse therapy", as the lexicon's "steroid pulse therapy"
            elif c.source.startswith(treatment_phrases.DRUG_SOURCES):
                # "amoxicillin/clavulanate potassium", "warfarin sodium", "hyoscine butylbromide",
                # "methylprednisolone sodium succinate": up to two salt or ester words
                while (end < len(doc) and end - c.end < 2 and free(end) and joinable(doc[end - 1])
                       and self._salt_word(doc[end])):
                    end += 1
        # an autoantibody naming the subtype stays inside: "anti-MDA5 dermatomyositis",
        # "anti-Jo-1 myositis" (as a receptor status stays in "ERα +ve breast cancer")
        if (c.label == "DISEASE" and start > 0 and free(start - 1) and joinable(doc[start - 1])
                and ANTIBODY_SUBTYPE.fullmatch(doc[start - 1].text)):
            start -= 1
        # a possessive eponym coordinated before the name is a name of its own ("Paget's or fibrous
        # dysplasia" -> "fibrous dysplasia"; labels.md coordination: a conjunct that stands alone)
        for k in range(c.start - 1, start, -1):
            if doc[k].lower_ in ("or", "and", "and/or") and k - 1 >= start and (
                    doc[k - 1].lower_ in ("'s", "’s") or doc[k - 1].text.endswith(("'s", "’s"))):
                start = k + 1
                break
        if (start, end) == (c.start, c.end):
            return c
        return Cand(start, end, c.label, c.concept_id, c.source)

    def _salt_word(self, t) -> bool:
        """A salt, ester or hydrate word (treatment_salt_words.txt, or a word ending in one of
        treatment_salt_endings.txt: "butylbromide", "dipropionate", "dihydrochloride")."""
        return t.norm_ in self.drug_salts or (t.is_alpha and t.is_lower and t.lower_.endswith(self.drug_salt_endings))

    def _property_start(self, doc: Doc, start: int, free, joinable) -> int | None:
        """The start of a substance or gene with a participle of ``disease_property_participles.txt``
        right before a DISEASE name ("ACTH-secreting", "ACTH secreting", "adrenocorticotropic hormone
        (ACTH) secreting", "CALR-positive", "JAK2 V617F-positive", "CALR mutated"), or None. The
        substance is a word joined to the participle by a hyphen, an upper-case or digit-bearing symbol,
        or up to two words before a bracketed acronym; symbols before it join too ("JAK2 V617F")."""
        words = data_words("disease_property_participles.txt")

        def symbol(t) -> bool:
            return bool(SYMBOL.fullmatch(t.text)) and free(t.i) and joinable(t)

        def symbols_before(j: int) -> int:
            while j - 1 >= 0 and symbol(doc[j - 1]):
                j -= 1
            return j

        j = start - 1
        t = doc[j]
        if not free(j) or not joinable(t):
            return None
        head, sep, last = t.lower_.rpartition("-")
        if sep and last in words and head and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", head):
            return symbols_before(j)  # one token: "ACTH-secreting", "mucin-secreting", "V617F-positive"
        if t.lower_ not in words or j - 1 < 0 or not free(j - 1) or not joinable(doc[j - 1]):
            return None
        prev = doc[j - 1]
        if prev.text in ("-", "\u2010", "\u2011") and j - 2 >= 0 and free(j - 2) and not doc[j - 2].whitespace_ \
                and (symbol(doc[j - 2]) or doc[j - 2].is_alpha):
            return symbols_before(j - 2)  # "CALR - positive" as the tokenizer splits "-positive"
        if symbol(prev):
            return symbols_before(j - 1)  # "CALR mutated", "ACTH secreting"
        if prev.text == ")" and j - 3 >= 0 and doc[j - 3].text == "(" and SYMBOL.fullmatch(doc[j - 2].text):
            k = j - 3
            n = 0
            while n < 2 and k - 1 >= 0 and free(k - 1) and joinable(doc[k - 1]) and doc[k - 1].is_alpha and not doc[k - 1].is_stop:
                k -= 1
                n += 1
            return k if n else None  # "adrenocorticotropic hormone (ACTH) secreting"
        return None

    def _misspelt(self, doc: Doc, cands: list[Cand]) -> list[Cand]:
        """DISEASE/TREATMENT candidates for long words no candidate covers that are one edit
        away from exactly one one-word lexicon term ("cyclophoshamide", "uveitits",
        "hydocephalus"; :mod:`rheumex.pipelines.spelling`), with that term's label and concept."""
        covered = {i for c in cands for i in range(c.start, c.end)}
        out = []
        norms = self._view.norm
        spelling = self.spelling
        seen: dict[tuple[str, str], dict | None] = {}  # a word recurs in a document: look it up once
        for i, w in enumerate(self._view.lower):
            if i in covered or len(w) < spelling.min_length or not w.isalpha():
                continue
            key = (w, norms[i])
            entry = seen[key] if key in seen else seen.setdefault(key, self._spelling_match(w, norms[i]))
            if entry is not None:
                out.append(Cand(i, i + 1, entry["label"], entry.get("id") or "", "rule:misspelling"))
        return out

    def _deficiency_names(self, doc: Doc) -> list[Cand]:
        """DISEASE candidates for deficiencies of a named gene product: "<X> deficiency" and
        "deficiency of <X ...>" where X is written like a gene, protein or enzyme symbol (a
        capital after the first letter or a digit: "C5", "HPRT", "NADH-CYB5R",
        "alpha-1-antiprotease"); "deficiency of NADH methemoglobin reductase enzyme" takes up to
        four words that are no stop words, "of C6 and C7" coordinated symbols. A deficiency of an unnamed substance ("a deficiency
        in parathyroid hormone") is no candidate."""
        out = []
        n = len(doc)

        def symbol(t) -> bool:
            x = t.text
            return (len(x) >= 2 and bool(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9-]*", x)) and not x.isdigit()
                    and not re.fullmatch(r"[IVX]+", x)  # "type II deficiency": a type code, no symbol
                    and (any(ch.isdigit() for ch in x) or any(ch.isupper() for ch in x[1:])))

        for i, w in enumerate(self._view.lower):
            if w not in ("deficiency", "deficiencies"):
                continue
            if i > 0 and symbol(doc[i - 1]) and "\n" not in doc[i - 1].whitespace_:
                out.append(Cand(i - 1, i + 1, "DISEASE", "", "rule:deficiency"))
            elif i + 2 < n and doc[i + 1].lower_ == "of" and symbol(doc[i + 2]):
                k = i + 3
                while k + 1 < n and doc[k].lower_ in ("and", "or") and symbol(doc[k + 1]):
                    k += 2  # "deficiencies of C6 and C7"
                while k < n and k - (i + 2) < 4 and not doc[k].is_punct and not doc[k].is_stop and "\n" not in doc[k - 1].whitespace_:
                    k += 1
                out.append(Cand(i, k, "DISEASE", "", "rule:deficiency"))
        return out

    def _organism_infections(self, doc: Doc) -> list[Cand]:
        """DISEASE candidates "<organism> <infection head>" (labels.md: an infection named after
        an organism is a DISEASE, the organism alone is not): heads from ``infection_heads.txt``;
        the organism is an abbreviated virus ("HSV encephalitis", "HIV-1 infection"), a word with
        an organism ending from ``organism_endings.txt`` ("adenovirus pneumonia"), or a binomial
        with an abbreviated or organism genus ("S. haematobium infection", "Candida albicans sepsis")."""
        heads = data_words("infection_heads.txt")
        endings = tuple(data_words("organism_endings.txt"))
        out = []

        def organism_word(t) -> bool:
            low = t.lower_  # the ending alone ("virus disease") names no organism
            # an abbreviated virus, with its type: "HSV", "HIV-1", "HAdV-40", "HCoV-229E"
            return bool(VIRUS_ABBREVIATION.fullmatch(t.text)) or (t.is_alpha and any(low.endswith(e) and len(low) > len(e) for e in endings))

        for i, w in enumerate(self._view.lower):
            if w not in heads or i == 0:
                continue
            prev = doc[i - 1]
            if "\n" in prev.whitespace_ or not prev.whitespace_:
                continue
            if organism_word(prev):
                # coordinated organisms share the head: "HAdV-40 and HAdV-41 infections" (labels.md
                # coordination: an organism alone does not stand as a disease name)
                start = i - 1
                while (start >= 2 and doc[start - 1].lower_ in ("and", "or", "and/or", ",") and organism_word(doc[start - 2])
                       and "\n" not in doc[start - 2].whitespace_ and "\n" not in doc[start - 1].whitespace_):
                    start -= 2
                out.append(Cand(start, i + 1, "DISEASE", "", "rule:organism_infection"))
            elif (i >= 2 and prev.is_lower and prev.is_alpha and len(prev) > 3 and "\n" not in doc[i - 2].whitespace_
                  and (GENUS_ABBREVIATION.fullmatch(doc[i - 2].text) or doc[i - 2].text[:1].isupper() and organism_word(doc[i - 2]))):
                out.append(Cand(i - 2, i + 1, "DISEASE", "", "rule:organism_infection"))
        return out

    @staticmethod
    def _drug_induced(doc: Doc, cands: list[Cand]) -> list[Cand]:
        """GUIDELINES 7.8: a drug is TREATMENT in any role, also as a cause, so a DISEASE name
        "<drug>-induced <disease>" from a lexicon ("heparin-induced thrombocytopenia") keeps only
        the disease after "induced" when a TREATMENT candidate covers the word before it
        ("radiation-induced meningiomas" -> TREATMENT "radiation" + DISEASE "meningiomas"; also
        "-associated", "-related", "-mediated": "MTX-associated lymphoproliferative disorder",
        session 24); a cause that is no treatment stays inside ("Bezoar-induced small bowel
        obstruction", "HIV-associated facial lipoatrophy")."""
        treat = {i for c in cands if c.label == "TREATMENT" for i in range(c.start, c.end)}
        out = []
        for c in cands:
            if c.label == "DISEASE":
                k = next((k for k in range(c.start + 1, c.end - 1) if doc[k].lower_.lstrip("-") in _CAUSE_PARTICIPLES), None)
                cause = k - 2 if k is not None and doc[k - 1].text in ("-", "\u2010", "\u2011") else (k - 1 if k is not None else None)
                if cause is not None and cause >= c.start and cause in treat:
                    c = Cand(k + 1, c.end, c.label, "", c.source)
            out.append(c)
        return out

    def _compound_modifier(self, doc: Doc, t, mods: set[str]) -> bool:
        """Hyphenated and negated classifiers inside a DISEASE name, and eponyms: "non-parasitic cysts",
        "non caseating granulomas" (a "non" before the name's own modifier), "adult-onset
        epilepsy" ("<word>-onset"), compounds of modifier words ("breast-ovarian cancer"), and
        hyphenated eponyms with their particle ("von Hippel-Lindau tumor"), and a grade adverb
        before "differentiated" (``grade_adverbs.txt``: "poorly differentiated carcinoma")."""
        n = t.lower_
        if n == "non":
            return t.i + 1 < len(doc) and doc[t.i + 1].is_alpha and not t.whitespace_.count("\n")
        grade = data_words("grade_adverbs.txt")
        if n in grade and t.i + 1 < len(doc) and doc[t.i + 1].lower_ in ("differentiated", "undifferentiated"):
            return True  # a tumour grade: "poorly differentiated carcinoma"
        if len(n.split("-")) == 2 and n.split("-")[0] in grade and n.split("-")[1] == "differentiated":
            return True  # "well-differentiated liposarcoma"
        if HYPHENATED_EPONYM.fullmatch(t.text):
            return True  # "von Hippel-Lindau tumor", "Schwartz-Jampel chondrodystrophic myotonia"
        if n in ("von", "van", "de", "di") and t.i + 1 < len(doc) and t.text.islower() and doc[t.i + 1].text[:1].isupper():
            return True  # the particle of an eponym: "von Hippel-Lindau", "de Quervain"
        parts = n.split("-")
        if len(parts) < 2 or not all(parts) or not all(p.isalpha() for p in parts):
            return False
        stop = data_words("name_qualitative_words.txt")
        if parts[0] == "non" and len(parts) == 2 and len(parts[1]) >= 4:
            return parts[1] not in stop and parts[1] not in QUALITATIVE_ADJECTIVES  # "non-fatal" is no kind
        if len(parts) == 2 and parts[1] == "onset":
            return parts[0] in data_words("disease_onset_words.txt")

        def word(p: str) -> bool:
            return p in mods or p in self.anatomy_terms or (bool(CLASSIFYING_ADJECTIVE.search(p)) and p not in QUALITATIVE_ADJECTIVES
                                                             and p not in stop)

        return all(word(p) for p in parts)

    @staticmethod
    def _shared_head_start(doc: Doc, c: Cand, start: int, free, joinable, modifier) -> int:
        """Coordination without a parse (labels.md: one span when a conjunct does not stand
        alone): modifiers listed before one head share it, so the list is one name ("breast
        and/or ovarian cancer", "epidermoid, mesothelial, and dermoid cysts", "Lung, and breast
        adenocarcinomas"), and so do prefixes cut off before it ("aniso- and poikilotrichosis",
        "intra- and extrahepatic duct calculi"). The separator next to the name must be a
        conjunction ("and", "or", "and/or", "/", possibly after a comma); bare commas only
        continue a list further left. Each conjunct is one word that ``modifier`` accepts."""
        # a list of modifiers needs a head left over after the word that opens the name
        first_is_mod = start < c.end - 1 and (start < c.start or modifier(doc[start]))
        j, seen_cc = start, False
        while j - 2 >= 0:
            k = j - 1
            seps = []
            while k >= 0 and j - k <= 2 and free(k) and doc[k].lower_ in (",", "and", "or", "and/or", "/"):
                seps.append(doc[k].lower_)
                k -= 1
            if not seps or k < 0 or not free(k) or not joinable(doc[k]) or any(not joinable(doc[x]) for x in range(k + 1, j)):
                break
            if "/" in seps and any(doc[x].whitespace_ for x in range(k, j)):
                break  # "hyperlucent lung / Swyer-James syndrome": a spaced slash separates two names
            cc = any(x != "," for x in seps)
            if not (cc or seen_cc) or seps.count(",") > 1:
                break
            t = doc[k]
            if t.lower_ in ("'s", "’s") or t.text.endswith(("'s", "’s")):
                break  # a possessive eponym is a name of its own: "Paget's or fibrous dysplasia" (session 19)
            is_prefix = not seen_cc and t.text.endswith("-") and len(t.text) > 3 and t.text[:-1].isalpha()
            if not (is_prefix or first_is_mod and modifier(t) and t.is_alpha):
                break
            seen_cc = seen_cc or cc
            j = k
            if is_prefix:
                break  # "aniso- and poikilotrichosis": one prefix, no list
        return j

    @staticmethod
    def _type_list_start(doc: Doc, i: int, free) -> int | None:
        """Start of "type(s) <code>[, <code>][ and|or <code>]" whose last code is token ``i``
        (a subtype list before a name: "types II, III, and IV hernias"), or None."""
        j = i
        while j - 1 >= 0 and free(j - 1):
            prev = doc[j - 1].lower_
            if prev in ("type", "types"):
                return j - 1
            k = j - 1
            while k >= 0 and j - k <= 2 and doc[k].lower_ in (",", "and", "or", "/"):
                k -= 1  # ", ", " and ", ", and "
            if k < j - 1 and k >= 0 and free(k) and TYPE_CODE.fullmatch(doc[k].lower_):
                j = k
                continue
            return None
        return None

    def _laterality(self, doc: Doc, t) -> bool:
        """``t`` is a side word that labels.md v2 keeps out of DISEASE/TREATMENT names ("left",
        "bilateral"; ``syntax_laterality.txt``), unless the next word makes it a part of an organ
        ("right heart", "left ventricular hypertrophy"; ``laterality_parts.txt``)."""
        if t.lower_ not in laterality_words():
            return False
        return not (t.i + 1 < len(doc) and doc[t.i + 1].lower_ in data_words("laterality_parts.txt"))

    def _syntax_start(self, doc: Doc, c: Cand, start: int, free, joinable) -> int:
        """Noun-phrase rule (needs a parse): a DISEASE name is the noun phrase around its lexicon
        or morphology head, so its classifying modifiers and noun compounds stay inside
        ("restrictive lung disease", "low-grade gliomas", "complex renal cyst"), while
        determiners, numbers, laterality and the qualitative, extent and size words of
        ``name_qualitative_words.txt`` ("severe", "large", "multiple"), the nationality words of
        ``name_population_words.txt`` ("Finnish choroideremia"), the units, report verbs and
        text words of ``name_nonname_words.txt`` ("cm", "reveals") and the possessive of a common
        noun ("child's") end it; an age of onset before a spaced "onset" stays (``disease_onset_words.txt``:
        "early onset migraine", like "early-onset"). Tokens of
        IMAGING/TREATMENT candidates and other entities are never absorbed."""
        root = doc[c.start:c.end].root
        stop = (data_words("name_qualitative_words.txt") | data_words("name_nonname_words.txt")
                | data_words("name_population_words.txt"))
        other = self._other_tokens

        def common_possessive(t) -> bool:  # "boy's infection", "diabetic's neuropathy": an owner, no eponym
            if t.tag_ == "POS" or t.lower_ in ("'s", "’s"):
                return t.i > 0 and doc[t.i - 1].is_lower
            return t.is_lower and t.i + 1 < len(doc) and doc[t.i + 1].lower_ in ("'s", "’s") or t.lower_.endswith(("'s", "’s")) and t.is_lower

        onset = data_words("disease_onset_words.txt")

        def age_of_onset(t) -> bool:  # "early onset migraine": spaced like "early-onset" (_compound_modifier)
            return t.lower_ in onset and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "onset"

        def keep(t) -> bool:
            # a bare "onset" only after its age ("early onset migraine"; "New Onset Diffuse Systemic Sclerosis" ->
            # "Diffuse Systemic Sclerosis", session 24)
            if t.lower_ == "onset" and not (t.i > 0 and age_of_onset(doc[t.i - 1])):
                return False
            return (free(t.i) and joinable(t) and t.i not in other and (t.lower_ not in stop or age_of_onset(t)) and not t.like_num
                    and not self._laterality(doc, t) and not common_possessive(t)
                    and bool(NAME_WORD.fullmatch(t.text) or GENUS_ABBREVIATION.fullmatch(t.text) and t.i + 1 < len(doc) and doc[t.i + 1].is_lower))

        return name_start(root, keep)

    def _standalone_conjunct_cut(self, doc: Doc, start: int, name_start: int) -> int:
        """Coordination rule (labels.md: one span per conjunct that stands alone): a name built
        leftwards from the parse never reaches across a coordinator or list comma whose left
        conjunct ends a DISEASE candidate of its own or is an acronym ("adenopathy and parenchymal
        lung disease" -> "parenchymal lung disease"; "TB or fungal infection" -> "fungal infection"), nor
        across a spaced dash ("PNET - Primitive Neuroectodermal Tumors"), nor across a list comma
        that no "and"/"or" follows before the name ("include post-traumatic, epidermoid cyst"). Returns the first
        token after the rightmost such separator before ``name_start``, or ``start``."""
        ends = self._disease_last_tokens
        cut = start
        for k in range(start + 1, name_start):
            t = doc[k]
            sep = t.lower_ in ("and", "or", "and/or", ",", ";") or (t.text in ("-", "–") and t.whitespace_ and doc[k - 1].whitespace_)
            prev = doc[k - 1]
            acronym = (prev.is_alpha and prev.text.isupper() and 2 <= len(prev.text) <= 6  # "TB or fungal infection"
                       and k + 1 < len(doc) and not doc[k + 1].text.isupper())  # not a text in capitals
            if sep and (k - 1 in ends or acronym):
                cut = k + 1
            elif t.text == "," and not any(doc[j].lower_ in ("and", "or", "and/or") for j in range(k + 1, name_start)):
                cut = k + 1  # a bare comma list is no coordination: "post-traumatic, epidermoid cyst, abscess"
        while cut < name_start and (doc[cut].lower_ in ("and", "or", "and/or") or doc[cut].is_punct):
            cut += 1
        return cut

    def _class_noun_cut(self, doc: Doc, start: int, name_start: int) -> int:
        """Apposition rule (needs a parse): a name built leftwards from the parse never reaches across
        a class noun (``disease_class_nouns.txt``: "disorder", "disease", "syndrome" ...) that ends a
        DISEASE candidate of its own: "the autosomal recessive disorder ataxia-telangiectasia" is two
        names, "autosomal recessive disorder" and "ataxia-telangiectasia", and so is "Haim-Munk
        syndrome and Papillon-Lefevre syndrome". Returns the first token after the rightmost such
        noun before ``name_start`` (and after a coordinator or comma that follows it), or ``start``."""
        nouns = data_words("disease_class_nouns.txt")
        cut = start
        for k in range(start, name_start):
            if k in self._disease_last_tokens and doc[k].lower_ in nouns:
                cut = k + 1
        while cut < name_start and (doc[cut].lower_ in ("and", "or", "and/or") or doc[cut].is_punct):
            cut += 1
        return cut

    def _coordinated_start(self, doc: Doc, start: int, head: int, free, joinable, modifier=lambda t: False) -> int:
        """Coordination rule (needs a parse): adjectives coordinated before a name that have no
        noun of their own share its head, so the whole coordination is one name ("acute, subacute
        or chronic arthritis", "subacute or chronic granulomatous mycosis", "small and/or large
        bowel obstruction"). A conjunct that is a noun, or an adjective with its own noun, stands
        alone and stays a separate mention ("psoriatic arthritis and ankylosing spondylitis").
        Size words from ``name_qualitative_words.txt`` join only when both conjuncts make anatomy
        with the next word ("small bowel", "large bowel")."""
        stop = data_words("name_qualitative_words.txt")
        coordinators = {"and", "or", "and/or", ","}

        def adjective_alone(t) -> bool:  # an adjective that does not head a noun phrase of its own
            return (t.tag_.startswith("JJ") and free(t.i) and joinable(t) and not self._laterality(doc, t)
                    and t.i not in self._other_tokens and not (t.head.i < start and t.head.tag_.startswith("NN") and t.head.i > t.i))

        sizes, sized = data_words("size_words.txt"), data_words("size_classified_nouns.txt")

        def size_before(t, noun: int) -> bool:  # "medium" (tagged NN) in "medium and large vessel vasculitis"
            return t.lower_ in sizes and free(t.i) and noun < len(doc) and doc[noun].norm_ in sized

        def opens(t) -> bool:  # the conjunct next to the name: an adjective, or a word the name already took as its
            return t.tag_.startswith("JJ") or (t.tag_.startswith("NN") and modifier(t))  # modifier ("subacute" tagged NN)

        # "small and/or large bowel obstruction": the first conjunct sits right before the name
        if (start >= 3 and doc[start - 2].lower_ in coordinators - {","}
                and ((doc[start - 1].tag_.startswith("JJ") and adjective_alone(doc[start - 1]) and adjective_alone(doc[start - 3]))
                     or (size_before(doc[start - 1], start) and size_before(doc[start - 3], start)))):
            a, b = doc[start - 3].lower_, doc[start - 1].lower_
            nxt = doc[start].norm_
            if ((a not in stop and b not in stop) or (f"{a} {nxt}" in self.anatomy_multi and f"{b} {nxt}" in self.anatomy_multi)
                    or nxt in sized):
                start -= 3
        # "acute, subacute or chronic arthritis": an "and"/"or" first, then commas further left;
        # the name's own head is never the adjective that opens the coordination ("wear and tear")
        seen_cc = any(doc[k].lower_ in coordinators - {","} for k in range(start, head))
        while (start >= 2 and start < head and (opens(doc[start]) or size_before(doc[start], start + 1))
               and doc[start - 1].lower_ in coordinators
               and (seen_cc or doc[start - 1].lower_ != ",")
               and free(start - 1) and joinable(doc[start - 1])
               and ((adjective_alone(doc[start - 2]) and doc[start - 2].lower_ not in stop)
                    or (size_before(doc[start], start + 1) and size_before(doc[start - 2], start + 1)))):
            seen_cc = True
            start -= 2
        return start

    def _acronym_names(self, doc: Doc, cands: list[Cand]) -> list[Cand]:
        """A spelled-out acronym name is one DISEASE: "calcinosis, Raynaud's phenomenon, esophageal
        dysmotility, sclerodactyly and telangiectasia (CREST) syndrome": the list items before
        "(ACRONYM) syndrome|disease" whose initials spell the acronym."""
        out = []
        lower = self._view.lower
        for i in range(2, len(doc) - 1):
            # the lower-case forms first (only ")" lower-cases to ")"): no Token object per token
            if not (lower[i] == ")" and lower[i - 2] == "(" and lower[i + 1] in NAMED_HEADS):
                continue
            acro = doc[i - 1].text
            if not (acro.isupper() and acro.isalpha() and 3 <= len(acro) <= 8):
                continue
            # list items, right to left: each item starts after a ",", "and" or "or"; the first
            # item is the word (with its modifiers, from the parse) before the first separator
            items, j, n = [], i - 3, len(acro)
            while j > 0 and len(items) < n - 1:
                if doc[j].text in (",", "and", "or"):
                    if doc[j + 1].text not in (",", "and", "or"):
                        items.append(j + 1)
                elif "\n" in doc[j].whitespace_:
                    break
                j -= 1
            if len(items) == n - 1 and j >= 0:
                first = name_start(doc[j], lambda t: True) if self._parsed else j
                items.append(first)
            items.reverse()
            if len(items) == len(acro) and "".join(doc[k].text[0].upper() for k in items) == acro:
                out.append(Cand(items[0], i + 2, "DISEASE", "", "rule:acronym_name"))
        return out

    def _extend_anatomy(self, doc: Doc, c: Cand) -> Cand:
        start, end = c.start, c.end
        # GUIDELINES 3: laterality, number and anatomical modifiers stay inside ("both elbows", "one kidney")
        positions = data_words("site_position_adjectives.txt")

        structure = doc[end - 1].norm_ in data_words("site_structure_heads.txt")
        spinal = doc[end - 1].norm_ in SPINE_LEVEL_HEADS
        qualitative = data_words("name_qualitative_words.txt")

        def modifier(t) -> bool:
            return (t.norm_ in LATERALITY or t.norm_ in self.anatomy_words or (t.like_num and t.is_alpha)
                    or t.norm_ in positions or self._locative_hyphenated(t)
                    # a structure's named adjective: "alar ligament", "cruciform ligament" (session 24)
                    or (structure and t.is_alpha and t.is_lower and STRUCTURE_ADJECTIVE.fullmatch(t.lower_) is not None
                        and t.lower_ not in qualitative and not t.is_stop)
                    # a numbered digit or a vertebral level: "3rd MCP joint", "right C2/C3 facet joint" (session 24)
                    or NUMERAL_ORDINAL.fullmatch(t.lower_) is not None
                    or (spinal and SPINE_LEVEL.fullmatch(t.text) is not None)) and not t.is_punct and "\n" not in t.whitespace_

        while start > 0:
            # a bracketed short form inside the name: "left anterior descending (LAD) artery" (labels.md: an
            # abbreviation inside a name stays inside)
            if (start >= 4 and doc[start - 1].text == ")" and doc[start - 3].text == "(" and doc[start - 2].is_upper
                    and len(doc[start - 2]) <= 6 and (doc[start - 4].norm_ in positions or doc[start - 4].norm_ in LATERALITY)
                    and modifier(doc[start - 4])):
                start -= 3
                continue
            if not modifier(doc[start - 1]):
                break
            n = doc[start - 1].norm_
            if (n not in LATERALITY and n in QUALITATIVE_ADJECTIVES and n not in positions
                    and (ADJECTIVE_END.search(doc[end - 1].lower_) or (n in SIZE_WORDS and end in self._calc_set))
                    and f"{n} {doc[start].norm_}" not in self.anatomy_multi):
                # before an adjectival site a size word describes the noun after it ("a large retroperitoneal
                # mass"), and "small"/"large" before a site that modifies the calcification noun describe the
                # calcification ("numerous small soft tissue calcifications"; but "calcification in the small
                # ductal branches"), unless they name the anatomy with it ("small bowel")
                break
            start -= 1
        # "soft tissues of the right thigh": an anatomical "of" phrase stays inside
        if end + 1 < len(doc) and doc[end].lower_ == "of":
            j = end + 1
            if doc[j].lower_ in ("the", "both"):
                j += 1
            k = j
            # an ordinal numbers the digit in the "of" phrase ("distal phalanx of the left first finger")
            while k < len(doc) and (doc[k].norm_ in LATERALITY or doc[k].norm_ in self.anatomy_words
                                    or doc[k].norm_ in ORDINAL_WORDS) and not doc[k].is_punct:
                k += 1
            if k > j and doc[k - 1].norm_ in self.anatomy_words:
                end = k
        while end < len(doc) and doc[end].norm_ in self.anatomy_words and not doc[end].is_punct:
            end += 1
        # a position word after the site relates it to other anatomy ("the soft tissues posterior to both knee
        # joints", "adjacent to"): it stays out
        while end > c.end and doc[end - 1].norm_ in LATERALITY and end < len(doc) and doc[end].lower_ == "to":
            end -= 1
        # never start or end with a bare "side"/"and"
        while start < c.start and doc[start].norm_ in ("side", "sided", "and"):
            start += 1
        while end > c.end and doc[end - 1].norm_ in ("and", "or", "/"):
            end -= 1
        # adjectives sharing one head stay one span ("parenchymal and intraductal
        # calcifications"); nouns joined by "and" are separate sites ("aorta and coronary arteries")
        if (end + 1 < len(doc) and doc[end].lower_ in ("and", "or") and ADJECTIVE_END.search(doc[end - 1].lower_)
                and doc[end + 1].norm_ in self.anatomy_words and ADJECTIVE_END.search(doc[end + 1].lower_)):
            end += 2
        start = self._shared_anatomy_head(doc, start, end)
        # laterality before a coordination stays in too ("bilateral radial and ulnar arteries")
        while start > 0 and doc[start - 1].norm_ in LATERALITY and not doc[start - 1].is_punct \
                and any(t.lower_ in ("and", "or") for t in doc[start:end]):
            start -= 1
        if doc[start].lower_ == "both" and any(t.lower_ == "and" for t in doc[start:end]):
            start += 1
        part_start, end = self._part_of_anatomy(doc, start, end)
        if part_start < start:  # "medial and lateral aspects of the left knee": the part noun's modifiers coordinate too
            part_start = self._shared_anatomy_head(doc, part_start, end)
        return Cand(part_start, end, c.label, c.concept_id, c.source)

    @staticmethod
    def _locative_hyphenated(t) -> bool:
        """A hyphenated locative adjective before anatomy ("juxta-articular soft-tissue", "peri-articular
        tissue"): a prefix of place, a hyphen, an adjective."""
        low = t.lower_
        if "-" not in low or not LOCATIVE_HYPHEN.match(low):
            return False
        return bool(ADJECTIVE_END.search(low)) and low not in QUALITATIVE_ADJECTIVES

    def _shared_anatomy_head(self, doc: Doc, start: int, end: int) -> int:
        """labels.md coordination: one site when a conjunct does not stand alone. A modifier
        coordinated before the site that names anatomy only together with the site's head noun
        shares it ("descending and sigmoid colons": "descending colon" is an anatomy term;
        "ascending, descending and sigmoid colons"), so the whole coordination is one site; a
        conjunct that is anatomy of its own stays apart ("aorta and coronary arteries")."""
        head = doc[end - 1].norm_
        heads = {head, head[:-1]} if head.endswith("s") and not head.endswith("ss") else {head}
        uberon, _single = uberon_forms()
        # session 19: the first word of the site decides which kind of conjunct can share its head:
        # a laterality word ("left and right knees") or an ordinal ("first and second digits")
        kind = (LATERALITY if doc[start].norm_ in LATERALITY else ORDINAL_WORDS if doc[start].norm_ in ORDINAL_WORDS
                else "numeral" if NUMERAL_ORDINAL.fullmatch(doc[start].lower_) else None)

        def shares(t) -> bool:
            if "\n" in t.whitespace_:
                return False
            if kind is ORDINAL_WORDS or kind == "numeral":
                if NUMERAL_ORDINAL.fullmatch(t.lower_):
                    return True  # "1st and 3rd MCP joints"
            if not t.is_alpha:
                return False
            if kind == "numeral":
                return False
            if kind is not None and t.norm_ in kind:
                return True
            # an anatomy name with the head, curated or UBERON ("medial and lateral menisci"); from UBERON
            # only a word that is no anatomy alone ("muscle or subcutaneous tissue": two sites)
            return any(f"{t.norm_} {h}" in self.anatomy_multi for h in heads) or (
                t.norm_ not in _single and t.norm_ not in self.anatomy_terms and any(f"{t.norm_} {h}" in uberon for h in heads))

        j, seen_cc = start, False
        while j >= 2 and doc[j - 1].lower_ in ("and", "or", ",") and (seen_cc or doc[j - 1].lower_ != ",") \
                and shares(doc[j - 2]) and "\n" not in doc[j - 1].whitespace_:
            seen_cc = True
            j -= 2
        return j

    @staticmethod
    def _part_noun(t) -> bool:
        low = t.lower_
        parts = data_words("site_part_nouns.txt")
        return low in parts or t.norm_ in parts or (low.endswith("s") and low[:-1] in parts)

    def _locative_adjectives(self, doc: Doc, cands: list[Cand]) -> list[Cand]:
        """ANATOMY candidates the anatomy list lacks, by word form (labels.md: adjectival anatomy is a
        CALCINOSIS_SITE when it locates calcification: "periventricular calcifications"): a
        locative adjective (a prefix intra-/extra-/peri-/para-/sub-/supra-/retro-/trans-/inter-, a root
        of 5 letters or more that is no qualitative word, an adjective ending: "intramedullary",
        "subependymal", "paraspinal") right before a calcification word, with only quotes or a
        hyphenated descriptor between ("intramedullary "popcorn-like" calcifications"); with a parse,
        also any amod of a calcification word."""
        taken = {i for c in cands for i in range(c.start, c.end)}
        lower, calc, out = self._view.lower, self._calc_set, []
        for i, w in enumerate(lower):
            m = LOCATIVE_PREFIX.match(w)
            if m is None or i in taken or i in calc or not w.isalpha() or not ADJECTIVE_END.search(w):
                continue
            root = w[m.end() - 1:]
            if len(root) < 5 or root in QUALITATIVE_ADJECTIVES or w in QUALITATIVE_ADJECTIVES:
                continue
            k = i + 1
            while k < len(doc) and k - i <= 3 and (doc[k].text in ('"', "“", "”", "'") or "-" in doc[k].text and len(doc[k]) > 2):
                k += 1
            if (k < len(doc) and k in calc and "\n" not in doc[i].whitespace_) or (
                    self._parsed and doc[i].dep_ == "amod" and doc[i].head.i in calc):
                out.append(Cand(i, i + 1, "ANATOMY", "", "rule:locative_adjective"))
        return out

    def _calcification_pronouns(self, doc: Doc, calc: set[int]) -> list[int]:
        """A subject pronoun opening a sentence (``site_anaphora_pronouns.txt``: "They", "These") right after a
        sentence whose subject is a calcification (a calcification word among its first 4 tokens) stands for
        that calcification: "The calcific deposits occur most commonly at humerus or femur. They occur within
        tendons and ligaments." The pronoun ties sites as the calcification word would."""
        if not calc:
            return []
        lower, sent_of = self._view.lower, self._view.sent
        pronouns = data_words("site_anaphora_pronouns.txt")
        out, prev_start = [], None
        for i in range(len(doc)):
            if i == 0 or sent_of[i] != sent_of[i - 1]:
                if prev_start is not None and lower[i] in pronouns and any(
                        k in calc for k in range(prev_start, min(i, prev_start + 4))):
                    out.append(i)
                prev_start = i
        return out

    def _uberon_anatomy(self, doc: Doc, cands: list[Cand]) -> list[Cand]:
        """ANATOMY candidates the curated anatomy list lacks, from the UBERON names and exact synonyms
        (labels.md: a site is a body region, organ, tissue or layer: "caudate nuclei", "putamen",
        "parietal lobes", "globus pallidus"). Only in a sentence with a calcification word (no rule makes a
        site elsewhere): the longest run of up to 6 words, none taken by another candidate, whose
        normalised form is a UBERON form (``uberon_forms``); a one-word form must be a word of 4 letters
        or more that is no abbreviation, laterality or qualitative word and, with a parse, a noun. Only with
        a parse: such anatomy becomes a site by the parse's tie alone, never by the token window."""
        calc = self._calc_set
        if not calc or not (self._parsed and self._parsed_sites):
            return []  # without a parse nothing could tie them (see _tied_to_calcification)
        forms, _single = uberon_forms()
        # a curated anatomy candidate may be part of a longer UBERON name ("parietal" + "lobes"): the longer
        # candidate wins the overlap later (longest span first)
        taken = {i for c in cands if c.label != "ANATOMY" for i in range(c.start, c.end)}
        anatomy = [(c.start, c.end) for c in cands if c.label == "ANATOMY"]
        sent_of = self._view.sent
        sents = {sent_of[i] for i in calc}
        out, n, i = [], len(doc), 0
        while i < n:
            if sent_of[i] not in sents or i in taken or i in calc or not doc[i].is_alpha:
                i += 1
                continue
            j = i
            while (j < n and j - i < 6 and j not in taken and j not in calc and doc[j].is_alpha and sent_of[j] == sent_of[i]
                   and (j == i or "\n" not in doc[j - 1].whitespace_)):
                j += 1
            hit = 0
            for k in range(j, i, -1):
                words = [doc[m].norm_ for m in range(i, k)]
                if (k - i > 1 or self._uberon_word(doc[i])) and (" ".join(words) in forms or any(
                        " ".join(words[:-1] + [w]) in forms for w in latin_singulars(words[-1]))):
                    hit = k
                    break
            if hit and not any(a <= i and hit <= b for a, b in anatomy) and not (i > 0 and doc[i - 1].lower_ == "arrow") \
                    and not self._near_biopsy(doc, Cand(i, hit, "ANATOMY", "", UBERON_SOURCE)):
                out.append(Cand(i, hit, "ANATOMY", "", UBERON_SOURCE))
                i = hit
            elif hit:
                i = hit
            else:
                i += 1
        return out

    def _uberon_word(self, t) -> bool:
        """A one-word UBERON form names anatomy here: 4 letters or more, no abbreviation in capitals, no
        laterality or qualitative word, and a noun when the sentence is parsed ("putamen", not "lateral")."""
        low = t.lower_
        if len(low) < 4 or t.is_upper or low in LATERALITY or low in QUALITATIVE_ADJECTIVES:
            return False
        # ... or a word in a noun's function that does not end like an adjective (the tagger takes a Latin plural
        # before a bracket for an adjective: "calcification of both menisci (chondrocalcinosis)")
        return not self._parsed or not t.tag_ or t.tag_.startswith("NN") or (
            t.dep_ in ("pobj", "dobj", "nsubj", "nsubjpass") and not ADJECTIVE_END.search(low))

    def _part_of_anatomy(self, doc: Doc, start: int, end: int) -> tuple[int, int]:
        """A part noun (``site_part_nouns.txt``) makes one site with its anatomy (GUIDELINES 3: an
        anatomical "of" phrase naming one location stays inside): "cartilage cap", "humeral shaft"
        on the right; "posterior aspect of the distal femur", "anterior aspect of the left kidney"
        on the left, with the part's position words. An "of" object coordinated with more anatomy
        names several locations and stays apart ("the area of the hips and shoulders" -> "hips",
        "shoulders")."""
        while end < len(doc) and self._part_noun(doc[end]) and "\n" not in doc[end - 1].whitespace_:
            end += 1
        j = start
        if j > 0 and doc[j - 1].lower_ in ("the", "his", "her", "its"):
            j -= 1
        nxt = doc[end] if end < len(doc) else None
        several = nxt is not None and (nxt.lower_ in ("and", "or", "/") or nxt.text == "," and end + 1 < len(doc)
                                       and doc[end + 1].norm_ in self.anatomy_words)
        if several and nxt.lower_ in ("and", "or"):
            # the next conjunct is a place of its own: "the dorsal surface of the hands and the plantar aspect
            # of the feet", "... of the hands and on the lateral aspect of the feet"
            k = end + 1
            if k < len(doc) and (doc[k].lower_ in data_words("site_prepositions.txt") or doc[k].lower_ in ("on", "over", "at", "in")):
                several = False
            else:
                while k < len(doc) and (doc[k].lower_ in ("the", "both", "his", "her", "its") or doc[k].norm_ in LATERALITY
                                        or doc[k].norm_ in self.anatomy_words) and not doc[k].is_punct and not self._part_noun(doc[k]):
                    k += 1
                if k > end + 1 and k < len(doc) and self._part_noun(doc[k]):
                    several = False
        if j >= 2 and doc[j - 1].lower_ == "of" and self._part_noun(doc[j - 2]) and not several:
            k = j - 2
            # the part's position words, and anatomy naming the part ("soft tissue compartment of the arms")
            while k > 0 and (doc[k - 1].norm_ in LATERALITY or doc[k - 1].norm_ in self.anatomy_words) \
                    and not doc[k - 1].is_punct and "\n" not in doc[k - 1].whitespace_:
                k -= 1
            start = k
        return start, end

    def _site_of_other_disease(self, doc: Doc, c: Cand, disease_ends: set[int]) -> bool:
        """"osteopenia of the bones of the foot": anatomy in an of/in-phrase right after another
        (non-calcification) disease or a symptom or sign word (``disease_exclude.txt``: "pain in the
        right hip") belongs to that finding, even near a calcification, unless the finding holds the
        calcification ("a cyst in the left kidney, containing a small calcification"); so does
        anatomy in a tissue process ("new bone formation", "dissolution of the bone")."""
        if c.end < len(doc) and doc[c.end].lower_ in TISSUE_PROCESS_AFTER:
            return True  # "new bone formation", "bone resorption"
        dets = ("the", "both", "his", "her")
        i = c.start - 1
        if i >= 0 and doc[i].lower_ in dets:
            i -= 1
        # climb an anatomical "of" chain to the finding it hangs on: "osteopenia of the bones of the foot"
        for _ in range(3):
            if not (i >= 1 and doc[i].lower_ == "of" and doc[i - 1].norm_ in self.anatomy_words):
                break
            j = i - 1
            while j >= 0 and (doc[j].norm_ in self.anatomy_words or doc[j].norm_ in LATERALITY) and not doc[j].is_punct:
                j -= 1
            if j >= 0 and doc[j].lower_ in dets:
                j -= 1
            i = j
        if i >= 1 and doc[i].lower_ == "of" and doc[i - 1].lower_ in TISSUE_PROCESS_BEFORE:
            return True  # "dissolution of the bone", "preservation of the cortex"
        # a symptom or sign word owns its place too ("pain in the right hip", "swelling of the left ankle")
        if not (i >= 1 and doc[i].lower_ in OTHER_FINDING_PREPOSITIONS
                and (i in disease_ends or doc[i - 1].lower_ in self._symptom_words or doc[i - 1].norm_ in self._symptom_words)):
            return False
        # unless that lesion is what holds the calcification: "1.3cm cyst in the anterior aspect of the
        # left kidney, containing a small calcification on its edge"
        owner, calc = doc[i - 1], self._calc_set
        # ... or is itself calcified ("a calcified mass in the pelvis", "calcified nodules on the thighs")
        calcified = (any(ch.i in calc for ch in owner.children if ch.dep_ in ("amod", "compound")) if self._parsed else False) or any(
            k in calc and not any(doc[j].is_punct for j in range(k, i - 1)) for k in range(max(0, i - 4), i - 1))
        held = self._parsed and (self._holds_calc(owner, calc) or self._holds_calc(doc[c.end - 1], calc))
        return not (calcified or held or self._with_calc_after(doc, c.end))

    def _tied_by_parse(self, doc: Doc, c: Cand, calc: set[int]) -> bool:
        """Site rule on the parse: anatomy is a calcification site when a dependency path ties
        it to a calcification word (``calc``; never "ossified"/"ossification", labels.md v2):
        "calcification(s) of/in/within/involving/along X" (``site_prepositions.txt``), "calcified X",
        "X showed/contained calcifications" (``site_verbs.txt``), adjectival anatomy on the
        calcification word ("pericardial calcification"), or X coordinated with such a site
        ("calcification of the falx and tentorium")."""
        preps = data_words("site_prepositions.txt")
        verbs = data_words("site_verbs.txt")
        toks = [doc[i] for i in range(c.start, c.end)]
        for tok in toks:
            head = tok.head
            hops = 0
            # climb coordination and "of"-chains inside the anatomy phrase: "falx and tentorium",
            # "the visualized arteries of the foot"
            while hops < 4 and (tok.dep_ in ("conj", "nmod", "compound", "amod") and head.tag_.startswith("NN") and head.i not in calc
                                or tok.dep_ == "conj" and head.i not in calc
                                or (tok.dep_ == "pobj" and head.lower_ == "of" and head.head.i not in calc
                                    and head.head.tag_.startswith("NN") and self._anatomy_owner(head.head))):
                if tok.dep_ != "pobj":
                    tok = head
                else:
                    tok = head.head
                head = tok.head
                hops += 1
            if tok.i in calc or head.i in calc and tok.dep_ in ("amod", "compound", "nmod", "poss"):
                return True  # "pericardial calcification", "basal ganglia calcifications"
            if any(ch.i in calc for ch in tok.children if ch.dep_ in ("amod", "compound")):
                return True  # "calcified pericardium"
            if (tok.dep_ in ("amod", "compound") and tok.i < head.i and head.tag_.startswith("NN") and head.i not in calc
                    and head.norm_ not in self.anatomy_words
                    and any(ch.i in calc and ch.i != tok.i for ch in head.children if ch.dep_ in ("amod", "compound"))):
                return True  # session 22: "a periarticular calcified mass", "soft tissue calcific deposits"
            if any(ch.lower_ in ("with", "containing") and any(o.i in calc for o in ch.subtree) for ch in tok.children):
                return True  # "a lesion in the distal femur with mixed fluid and calcification"
            if tok.dep_ in ("nsubj", "nsubjpass") and head.i in calc:
                return True  # "the lymph nodes may calcify"
            if tok.dep_ == "pobj" and head.lower_ in preps and self._calcified_clause(head.head, calc):
                return True  # "calcification of the falx", "calcifications are seen within the aorta"
            if tok.dep_ == "dobj" and head.lower_ == "involving" and head.head.i in calc:
                return True  # "calcifications involving the distal convoluted tubules"
            if tok.dep_ in ("nsubj", "nsubjpass") and head.lower_ in verbs and any(
                    ch.i in calc for ch in head.children if ch.dep_ in ("dobj", "attr")):
                return True  # "the pericardium showed calcifications"
        return False

    def _anatomy_owner(self, tok) -> bool:
        """An "of" chain inside an anatomy phrase climbs only through anatomy or a part noun ("the visualized
        arteries of the foot", "the wall of the aorta"). Another finding's noun owns its "of" object: in
        "calcified mediastinal adenopathy and near complete opacification of the left main pulmonary artery"
        (dev MPX1445) the artery is where the opacification is, not the calcification."""
        return (tok.norm_ in self.anatomy_words or self._part_noun(tok) or tok.i in self._calc_set
                or any(ch.i in self._calc_set for ch in tok.children if ch.dep_ in ("amod", "compound")))

    @staticmethod
    def _calcified_clause(tok, calc: set[int]) -> bool:
        """``tok`` (what a locating preposition hangs on) is a calcification word, a noun with a
        calcification modifier ("calcific changes of the aorta"), or a verb or adjective whose
        subject is one ("calcifications are seen within", "deposits occur at", "which may be
        present in"), climbing clause links (acl, relcl, advcl, xcomp, acomp) at most 3 times."""
        for _ in range(4):
            if tok.i in calc:
                return True
            if any(ch.i in calc for ch in tok.children if ch.dep_ in ("amod", "compound", "nsubj", "nsubjpass")):
                return True
            # ... or whose object is one, when the parse hangs the place on the verb: "showed calcifications
            # in X", "identified calcified cyst like structures in the iris epithelium" (CRAFT)
            if tok.tag_.startswith("VB") and any(ch.i in calc or any(m.i in calc for m in ch.children if m.dep_ in ("amod", "compound"))
                                                 for ch in tok.children if ch.dep_ in ("dobj", "attr")):
                return True
            # a subject the text calcifies: "a calcified lesion is seen in", "a lesion with ... central
            # calcific densities is seen ... in the posterior aspect of the distal right femur"
            if any(ch.dep_ in ("nsubj", "nsubjpass") and (any(m.i in calc for m in ch.children if m.dep_ in ("amod", "compound"))
                                                          or EntityResolver._holds_calc(ch, calc)) for ch in tok.children):
                return True
            # a lesion located there that carries the calcification: "a cyst within the spleen
            # with a thin calcified rim", "a lesion in the distal femur with ... calcification"
            for ch in tok.children:
                if ch.dep_ in ("prep", "acl") and ch.lower_ in ("with", "containing"):
                    for obj in ch.subtree:
                        if obj.i in calc:
                            return True
                if ch.lower_ == "of" and any(o.dep_ == "pobj" and (o.i in calc or any(m.i in calc for m in o.lefts)) for o in ch.children):
                    return True  # "deposition of calcium hydroxyapatite in tendons"
            if tok.dep_ in ("acl", "relcl", "advcl", "xcomp", "acomp", "ccomp") or (tok.dep_ == "conj" and tok.tag_.startswith("VB")):
                tok = tok.head
                continue
            if tok.tag_.startswith(("VB", "JJ")) and tok.head.i != tok.i and tok.dep_ not in ("ROOT", "amod"):
                tok = tok.head
                continue
            return False
        return False

    def _tied_to_calcification(self, doc: Doc, c: Cand, calc_tokens: list[int]) -> bool:
        if self._caption_with_calc(doc, doc[c.start].idx):
            return True
        if self._parsed and self._parsed_sites:
            if self._tied_by_parse(doc, c, self._calc_set):
                return True
            if self._owned_by_other_noun(doc, c, self._calc_set):
                return False  # "osteopenia of the bones of the foot and ankle, ... calcifications"
            if c.source == UBERON_SOURCE and (doc[c.end - 1].norm_ not in self.anatomy_terms
                                               or doc[c.end - 1].norm_ in data_words("anatomy_generic_heads.txt")
                                               or doc[c.end - 1].norm_ in ("space", "spaces", "cavity", "tissue", "tissues")):
                # UBERON anatomy needs the parse's tie: the window alone took "the pericardial space"; a UBERON
                # name whose head is curated anatomy is tied like that anatomy ("greater trochanter", session 19)
                return False
            if self._listed_with_calcification(doc[c.end - 1], self._calc_set):
                return False  # "lobulated mass, scalloped cortical margins, calcifications, cysts": a finding of its own
        return self._tied_in_window(c, calc_tokens)

    @staticmethod
    def _listed_with_calcification(tok, calc: set[int]) -> bool:
        """The parse coordinates the anatomy's head noun with a calcification word: they are items of one list
        of findings ("lobulated mass, scalloped cortical margins, calcifications, cysts"), so the anatomy is a
        finding of its own, not where the calcification is (the token window must not tie them). A comma must stand
        between them: "basal ganglion and soft tissue calcification" shares the calcification word."""
        doc = tok.doc
        others = ([tok.head] if tok.dep_ == "conj" else []) + [ch for ch in tok.children if ch.dep_ == "conj"]
        # a comma between them: "basal ganglion and soft tissue calcification" shares the calcification word
        return any(o.i in calc and any(doc[k].text == "," for k in range(min(o.i, tok.i), max(o.i, tok.i))) for o in others)

    def _owned_by_other_noun(self, doc: Doc, c: Cand, calc: set[int]) -> bool:
        """The parse makes the anatomy the "of" object of another noun that is no calcification
        word and no anatomy ("osteopenia of the bones of the foot and ankle", "identification of
        the ovaries"), climbing coordination and anatomical "of" chains: the anatomy belongs to
        that noun, so the token window must not tie it to a calcification nearby."""
        tok = doc[c.end - 1]
        for _ in range(5):
            while tok.dep_ == "conj" and tok.head.i != tok.i:
                tok = tok.head
            if not (tok.dep_ == "pobj" and tok.head.lower_ == "of"):
                return False
            if tok.head.i > 0 and tok.head.i - 1 in calc:
                return False  # "sclerosis and calcinosis of the fingertips": the of-phrase follows the calcification word; read it low
            owner = tok.head.head
            if owner.i in calc or any(ch.i in calc for ch in owner.children if ch.dep_ in ("amod", "compound")):
                return False
            if owner.norm_ in self.anatomy_words or self._part_noun(owner):
                tok = owner  # "the bones of the foot", "the posterior aspect of the femur": climb to the owner
                continue
            return owner.tag_.startswith("NN")
        return False

    def _tied_in_window(self, c: Cand, calc_tokens: list[int]) -> bool:
        """Parse-free site rule (and the fallback when the parse finds no path): a calcification
        word in the same sentence within ``site_window`` tokens, with no clause break between."""
        sent_of, lower = self._view.sent, self._view.lower
        here = sent_of[c.start]
        for i in calc_tokens:
            if sent_of[i] != here:
                continue
            lo, hi = (i, c.start) if i < c.start else (c.end, i)
            if hi - lo > self.site_window:
                continue
            if any(lower[k] in CLAUSE_BREAKS for k in range(lo, hi)):
                continue
            if any(self._new_clause(lower, k) for k in range(lo, hi)):
                continue  # "their capsule can later calcify, and they can dissect fascial planes"
            return True
        return False

    @staticmethod
    def _new_clause(lower: list[str], k: int) -> bool:
        """Token ``k`` opens a coordinated clause with a subject of its own: a comma, a coordinator and a
        subject pronoun (``site_clause_subjects.txt``: ", and they can dissect fascial planes"). The token
        window does not reach across it."""
        return (0 < k < len(lower) - 1 and lower[k] in ("and", "but", "or", "so") and lower[k - 1] == ","
                and lower[k + 1] in data_words("site_clause_subjects.txt"))

    # -- which sentences need the parse --------------------------------------------
    def syntax_sentences(self, doc: Doc) -> list[tuple[int, int]]:
        """The sentences (token start, end) whose tags and arcs these rules read, for
        ``rheumex_selective_parse``: a sentence outside the skipped sections with a DISEASE
        candidate (lexicon, morphology or model: its name is built from the parse), an ANATOMY
        candidate and a calcification word (the parse-based site rule; without a calcification
        word in the sentence no rule makes a site, parse or not), or a word that opens a
        rule-built DISEASE name (an eponym or acronym head "disease"/"syndrome"/"sign"..., an
        infection head, "deficiency", a one-edit misspelling of a DISEASE term). Every rule that
        reads ``Token.tag_``/``dep_``/``head`` looks only inside such a sentence. An over-estimate
        is harmless (more parsing); a rule that starts reading the parse elsewhere must be added here."""
        n = len(doc)
        if not n:
            return []
        arr = doc.to_array([LOWER, IDX, NORM])
        strings = doc.vocab.strings
        lower = [strings[h] for h in arr[:, 0].tolist()]
        starts, ends, sent_of = sentence_table(doc)
        idx = arr[:, 1].tolist()
        need: set[int] = set()

        def mark(i: int) -> None:
            if sent_of[i] not in need and not self._skipped(doc, idx[i]):
                need.add(sent_of[i])

        covered: set[int] = set()
        anatomy: list[int] = []
        for span in doc.spans.get(self.candidates_key, []):
            covered.update(range(span.start, span.end))
            if span.label_ == "DISEASE":
                mark(span.start)
            elif span.label_ == "ANATOMY":
                anatomy.append(span.start)
        for ent in doc.ents:
            if self.model_labels.get(ent.label_) == "DISEASE":
                mark(ent.start)
        opens = EPONYM_HEADS | data_words("infection_heads.txt") | {"deficiency", "deficiencies"}
        calc_sents = set()
        for i, w in enumerate(lower):
            if w in opens:
                mark(i)
            elif w in CALC_WORDS or w.startswith("calcif") or w == "calcium":
                calc_sents.add(sent_of[i])
                if w != "calcium" or calcium_deposit(lower, i):
                    mark(i)  # UBERON anatomy (_uberon_anatomy) is looked up in such a sentence
        for i in anatomy:
            if sent_of[i] in calc_sents:
                mark(i)
        norms = arr[:, 2].tolist()
        for i, w in enumerate(lower):
            if sent_of[i] in need or i in covered or len(w) < self.spelling.min_length or not w.isalpha():
                continue
            entry = self._spelling_match(w, strings[norms[i]])
            if entry is not None and entry.get("label") == "DISEASE":
                mark(i)
        return [(starts[s], ends[s]) for s in sorted(need)]

    def _spelling_match(self, lower: str, norm: str) -> dict | None:
        """The lexicon entry a word (its lower-case form, then its NORM) misspells, or None."""
        entry = self.spelling.match(lower)
        if entry is None and norm != lower:
            entry = self.spelling.match(norm)
        return entry

    # -- main ----------------------------------------------------------------------
    _parsed = False
    _other_tokens: frozenset = frozenset()
    _disease_last_tokens: frozenset = frozenset()  # last tokens of the DISEASE candidates (standalone conjuncts)
    _calc_set: set = set()
    _owner_starts: frozenset = frozenset()  # first tokens of DISEASE/TREATMENT candidates (anatomy before them modifies them)
    _parsed_sites = True  # site decisions from the parse when there is one (token window otherwise)

    def __call__(self, doc: Doc) -> Doc:
        self._view = _View(doc, [(s, e) for s, e, _n, kind in doc._.sections or () if kind in self.skip_kinds])
        self._parsed = doc.has_annotation("DEP")
        try:
            return self._resolve(doc)
        finally:
            self._view = None

    def _resolve(self, doc: Doc) -> Doc:
        cands: list[Cand] = []
        for span in doc.spans.get(self.candidates_key, []):
            cid, _, src = (span.id_ or "").partition("#")
            cands.append(Cand(span.start, span.end, span.label_, cid, src or "lexicon"))
        rule_tokens = {i for c in cands if c.label in ("DISEASE", "TREATMENT", "IMAGING") for i in range(c.start, c.end)}
        self._other_tokens = frozenset(i for c in cands if c.label in ("TREATMENT", "IMAGING") for i in range(c.start, c.end))
        for ent in doc.ents:  # a statistical NER that ran before us (rheumex_ner or a scispaCy model)
            label = self.model_labels.get(ent.label_)
            if not label or self._model_excluded(ent, label):
                continue
            if self.model_policy == "fill_gaps" and any(i in rule_tokens for i in range(ent.start, ent.end)):
                continue  # lexicons and rules win where they found something
            cands.append(Cand(ent.start, ent.end, label, ent.kb_id_ or "", f"model:{ent.label_}"))
        cands = self._drug_induced(doc, cands)
        cands += self._named_heads(doc, cands)
        cands += self._injury_kinds(doc, cands)
        cands += self._device_complications(doc, cands)
        cands += self._organism_infections(doc)
        cands += self._deficiency_names(doc)
        cands += self._acronym_names(doc, cands)
        cands += self._treatment_phrases(doc, cands)
        cands += self._misspelt(doc, cands)
        cands = [c for c in cands if not self._skipped(doc, doc[c.start].idx)]
        in_name = [c for c in cands if c.label in ("DISEASE", "TREATMENT") and self._in_institution_name(doc, c)]
        if in_name:
            cands = [c for c in cands if not any(c is x for x in in_name)]
            # a rule's name turned down here is judged like a lexicon candidate, so the document memory
            # does not bring it back ("organ failure" ... "Sequential Organ Failure Assessment")
            group = doc.spans.get(self.candidates_key)
            if group is not None:
                for c in in_name:
                    if c.source.startswith("rule:"):
                        group.append(Span(doc, c.start, c.end, label=c.label))
        cands = [c for c in cands if not (c.label == "DISEASE" and self._located_lesion_word(doc, c))]
        # labels.md: a DISEASE is a name (a noun phrase); the public corpora also label lone adjectives
        # ("ischemic" of "ischemic or hemorrhagic stroke", "was not hypertensive", "hepatotoxic")
        cands = [c for c in cands if not (c.label == "DISEASE" and c.end - c.start == 1 and c.source.startswith("corpus:")
                                          and not doc[c.start].is_upper and CORPUS_ADJECTIVE.search(doc[c.start].lower_))]
        cands = [c for c in cands if not (c.label == "DISEASE" and c.end - c.start == 1 and doc[c.start].lower_ in self.capitals_only
                                          and not doc[c.start].is_upper)]
        # a word-form rule never makes a DISEASE of a sign the contract leaves out ("cyanosis": -osis)
        # ... nor of anatomy ("plantar aponeurosis")
        cands = [c for c in cands if not (c.label == "DISEASE" and c.source.startswith("rule:morphology")
                                          and (doc[c.start:c.end].text.lower() in self.model_exclude["DISEASE"]
                                               or doc[c.start].norm_ in self.anatomy_terms))]
        cands = [c for c in cands if not (c.label in ("DISEASE", "TREATMENT") and self._after_institution_unit(doc, c))]
        cands = [c for c in cands if not (c.label in ("DISEASE", "TREATMENT") and self._names_a_service(doc, c))]
        cands = [c for c in cands if not (c.label == "DISEASE" and self._names_an_instrument(doc, c))]
        cands = [c for c in cands if not (c.label == "DISEASE" and c.end - c.start == 1 and GLUED.search(doc[c.start].lower_))]
        # "Diagnosis By: Surgery" (MedPix) names how the diagnosis was made, not a treatment
        cands = [c for c in cands if not (c.label == "TREATMENT" and self._section_name(doc, doc[c.start].idx) == "diagnosis by")]
        brands = [c for c in cands if c.label == "TREATMENT" and c.source.startswith(treatment_phrases.BRAND_LEXICON_SOURCE)]
        if brands:  # imported brand names only as proper names (treatment_phrases.brand_as_name)
            inner = {t.text for t in doc if not t.is_sent_start and t.text[:1].isupper()}
            drop = {id(c) for c in brands if not treatment_phrases.brand_as_name(doc, c.start, self._view.lower_set, inner)}
            cands = [c for c in cands if id(c) not in drop]
        # labels.md: a radiotracer's carrier drug and a "diagnostic" procedure are not TREATMENT
        cands = [c for c in cands if not (c.label == "TREATMENT" and treatment_phrases.not_given_as_therapy(
            doc, c.start, c.source.startswith(treatment_phrases.DRUG_SOURCES), c.end))]
        # biopsy sites are never candidates for calcinosis sites
        cands = [c for c in cands if not (c.label == "ANATOMY" and self._near_biopsy(doc, c))]
        # "arrow head" in a figure caption points at something; it is no anatomy
        cands = [c for c in cands if not (c.label == "ANATOMY" and c.start > 0 and doc[c.start - 1].lower_ == "arrow")]
        seq = self._sequence_runs(doc)
        seq_ends = {c.end: c.start for c in seq}
        cands += self._named_sequences(doc)
        imaging_tokens = frozenset(i for c in cands if c.label == "IMAGING" for i in range(c.start, c.end))
        cands += seq + self._us_abbreviation(doc, imaging_tokens) + self._echo_abbreviation(doc, imaging_tokens)
        cands += [Cand(s, e, "IMAGING", "MESH:D008279", "rule:bare_sequence")
                  for s, e in imaging_phrases.bare_sequences(doc, self._view.lower)]
        cands += [Cand(s, e, "IMAGING", "MESH:D011877", "rule:slashed_tracer")
                  for s, e in imaging_phrases.slashed_tracer_studies(doc, self._view.lower, data_words("imaging_tracer_words.txt"))]
        imaging_taken = {i for c in cands if c.label == "IMAGING" for i in range(c.start, c.end)}
        cands += [Cand(s, e, "IMAGING", "MESH:D011877", "rule:tracer_study")
                  for s, e in imaging_phrases.tracer_studies(doc, self._view.lower, data_words("imaging_tracer_words.txt"), imaging_taken)]
        cands += self._derived_modality_adjectives(doc, cands)
        cands += self._hyphenated_modalities(doc, cands)
        imaging = [self._extend_imaging(doc, c, seq_ends) for c in cands if c.label == "IMAGING"]
        imaging = [c for c in (self._study_adjective(doc, c) for c in imaging) if c is not None]
        # a modality that guides a procedure ("Endobronchial ultrasound guided transbronchial needle aspiration",
        # unlabelled MedPix MPX2450) is written as the dev gold's unlabelled "CT-guided biopsy": no study of its own
        imaging = [c for c in imaging if not (c.end < len(doc) and doc[c.end].lower_ == "guided" and "\n" not in doc[c.end - 1].whitespace_)]
        # GUIDELINES 3 IMAGING: a bare "film(s)" names no modality ("peripheral blood film" is a lab test)
        imaging = [c for c in imaging if not (c.end - c.start == 1 and doc[c.start].norm_ == "film")]
        # GUIDELINES 7.5: "Doppler" describing a finding ("normal Doppler flow", "color Doppler signal") is no study
        imaging = [c for c in imaging if not (doc[c.end - 1].norm_ == "doppler" and c.end < len(doc)
                                              and doc[c.end].norm_ in ("flow", "signal", "waveform", "velocity", "spectrum"))]
        imaging = self._drop_redefined(doc, imaging)
        # "X-ray crystallography", "ultrasound therapy", "therapeutic ultrasound": no study (imaging_nonstudy_heads.txt)
        nonstudy = data_words("imaging_nonstudy_heads.txt")
        imaging = [c for c in imaging if not (
            (c.end < len(doc) and doc[c.end].lower_ in nonstudy and "\n" not in doc[c.end - 1].whitespace_)
            or (c.start > 0 and doc[c.start - 1].lower_ == "therapeutic" and c.end - c.start == 1))]
        # imaging_capitals_only.txt: "pet store", "pet birds", "Ct values", "Mr Smith" name no modality
        imaging = [c for c in imaging if not (c.end - c.start == 1 and doc[c.start].lower_ in self.imaging_capitals_only
                                              and not doc[c.start].is_upper)]
        imaging = [c for c in imaging if not (c.end - c.start == 1 and imaging_phrases.in_initials_list(doc, c.start, imaging_words()))]
        imaging_at = {i for c in imaging for i in range(c.start, c.end)}
        imaging = [c for c in imaging if not (c.end - c.start == 1 and imaging_phrases.glossary_redefined(doc, c.start, imaging_at))]
        concept_at = {c.start: c.concept_id for c in imaging}
        imaging += [Cand(s, e, "IMAGING", concept_at[s], "rule:adjacent_modalities")
                    for s, e in imaging_phrases.adjacent_pairs(doc, sorted({(c.start, c.end) for c in imaging}))]
        # GUIDELINES 7.7: an ERCP done to treat (stent, stone extraction, sphincterotomy) is TREATMENT
        # (the procedure is often named in one sentence and its acts told in the next, which names it again:
        # "ERCP was performed due to his jaundice. During ERCP, ... papillotomy")
        imaging = [Cand(c.start, c.end, "TREATMENT", c.concept_id, c.source)
                   if c.concept_id == "MESH:D002760" and THERAPEUTIC_ERCP.search(self._sentence_and_next(doc, c.start)) else c
                   for c in imaging]
        covered = set()
        for c in imaging:
            covered.update(range(c.start, c.end))
        calc_tokens = [i for c in cands if c.label == "DISEASE" and CALC_DISEASE.search(doc[c.start:c.end].text)
                       for i in range(c.start, c.end)]
        lower = self._view.lower
        calc_tokens += [i for i, w in enumerate(lower) if w in CALC_WORDS or w.startswith("calcif")]
        # "deposition of calcium hydroxyapatite in tendons": calcium named as a deposit
        calc_tokens += [i for i, w in enumerate(lower) if w == "calcium" and calcium_deposit(lower, i)]
        # session 22: the short form of a calcification disease the paper defines anchors sites too ("Uremic
        # tumoral calcinosis (UTC) ... multiple UTCs in the right shoulder, left elbow and wrist")
        calc_shorts = {a["short_text"] for a in getattr(doc._, "abbreviations", None) or []
                       if isinstance(a, dict) and re.search(r"calcinos|calcificat", a["long_text"], re.I)
                       and sum(ch.isupper() for ch in a["short_text"]) >= 2 and len(a["short_text"]) <= 10}
        if calc_shorts:
            calc_tokens += [t.i for t in doc if t.text in calc_shorts or (t.text.endswith("s") and t.text[:-1] in calc_shorts)]
        # "a calcification inhibitor ... expressed ... in the artery wall": a calcification word before an agent,
        # gene or assay noun (site_calc_agent_heads.txt) names no calcification, so it anchors no site
        agents = data_words("site_calc_agent_heads.txt")
        calc_tokens = [i for i in calc_tokens if not (i + 1 < len(lower) and lower[i + 1] in agents
                                                      and (lower[i].startswith("calc") or lower[i] in CALC_WORDS))]
        calc_tokens += self._calcification_pronouns(doc, set(calc_tokens))
        self._calc_set = set(calc_tokens)
        cands += self._locative_adjectives(doc, cands)
        cands += self._uberon_anatomy(doc, cands)
        self._disease_last_tokens = frozenset(c.end - 1 for c in cands if c.label == "DISEASE")
        self._owner_starts = frozenset(c.start for c in cands if c.label in ("DISEASE", "TREATMENT")
                                       and not CALC_DISEASE.search(doc[c.start:c.end].text))
        disease_ends = {c.end for c in cands if c.label == "DISEASE" and not CALC_DISEASE.search(doc[c.start:c.end].text)}
        self._treatment_single = frozenset(c.start for c in cands if c.label == "TREATMENT" and c.end - c.start == 1)
        others: list[Cand] = []
        site_ends: set[int] = set()
        other_ends: set[int] = set()  # ends of anatomy that belongs to another finding
        for c in sorted(cands, key=lambda c: c.start):
            if c.label == "IMAGING":
                continue
            if c.label == "ANATOMY":
                if any(i in covered for i in range(c.start, c.end)):
                    continue
                c = self._extend_anatomy(doc, c)
                if any(i in covered for i in range(c.start, c.end)):
                    continue
                if self._modifies_other_noun(doc, c, calc_tokens) or self._attenuation_of_lesion(doc, c):
                    continue
                if self._after_finding_adjective(doc, c):
                    continue  # "Thickened gastric mucosa with calcium deposits in the submucosa" (site_finding_adjectives.txt)
                # a conjunct of a site is a site too: "in the area of the hips and shoulders"; the list
                # right after a site outweighs a parse that hangs the conjunct on the calcification noun
                # ("Calcinosis involving the hands, elbows and knees": "elbows" parsed as conj of "Calcinosis")
                conjunct = c.start >= 2 and doc[c.start - 1].lower_ in ("and", "or", ",") and c.start - 1 in site_ends
                # ... also with a determiner after the list word: "the aorta, the iliac arteries and the femoral arteries"
                conjunct = conjunct or (c.start >= 3 and doc[c.start - 1].lower_ in ("the", "a", "an") and
                                        doc[c.start - 2].lower_ in ("and", "or", ",") and c.start - 2 in site_ends)
                # ... also after a serial comma: "the thigh, knee, and lower leg"
                conjunct = conjunct or (c.start >= 3 and doc[c.start - 1].lower_ in ("and", "or") and
                                        doc[c.start - 2].text == "," and c.start - 2 in site_ends)
                if (not conjunct and self._conjunct_of_calcification(doc, c)) or self._subject_of_other_predicate(doc, c) \
                        or (self._parsed and self._object_of_other_verb(doc, c)):
                    continue  # "pancreatic calcifications and a dilated pancreatic duct", "... and the spleen was enlarged"
                if not conjunct and not self._tied_to_calcification(doc, c, calc_tokens):
                    continue
                # ... and a conjunct of another finding's anatomy belongs to it: "of the bones of the foot and ankle"
                if (c.start >= 2 and doc[c.start - 1].lower_ in ("and", "or") and c.start - 1 in other_ends) \
                        or self._site_of_other_disease(doc, c, disease_ends):
                    other_ends.add(c.end)
                    continue
                c = Cand(c.start, c.end, "CALCINOSIS_SITE", "", "rule:calcinosis_site")
                site_ends.add(c.end)
                if c.end < len(doc) and doc[c.end].text == ")":
                    site_ends.add(c.end + 1)  # a list goes on after a bracketed short form: "... artery (LMCA), left ..."
                close = self._figure_bracket_end(doc, c.end)
                if close:
                    site_ends.add(close)  # ... and after a figure pointer: "the pelvic region (Fig. 1A), thigh, ..."
                count = self._count_bracket_end(doc, c.end)
                if count:
                    site_ends.add(count)  # ... and after a count: "the fingers (6), toes (2), wrists (2)" (session 24)
            elif c.label in ("DISEASE", "TREATMENT"):
                if c.label == "TREATMENT" and c.end < len(doc) and doc[c.end].lower_ == "standard":
                    continue  # "gold standard"
                if c.label == "TREATMENT" and self._resistance_of_organism(doc, c):
                    # "methicillin-resistant Staphylococcus aureus bacteremia": the drug names the organism's
                    # resistance, no treatment; the disease named after the organism takes it in (session 19)
                    continue
                if c.label == "TREATMENT" and c.end < len(doc) and doc[c.end].lower_ in TOXICITY_WORDS and not doc[c.end - 1].whitespace_.count("\n"):
                    # "vitamin D3 toxicity", "lithium intoxication": the whole phrase is the disorder
                    others.append(Cand(c.start, c.end + 1, "DISEASE", "", "rule:drug_toxicity"))
                if self._in_molecule_name(doc, c):
                    continue  # "tumor necrosis factor alpha", "lupus anticoagulant" (disease_molecule_names.txt)
                c = self._extend_name(doc, c)
                if c.label == "DISEASE" and self._in_virus_name(doc, c):
                    continue  # "human immunodeficiency virus", "hepatitis B virus": the organism's name
                if c.label == "DISEASE" and self._normal_ossification(doc, c):
                    continue  # "enchondral ossification", "ossification centres" (disease_ossification_normal_words.txt)
                if c.label == "TREATMENT" and self._diagnostic_aspiration(doc, c):
                    continue  # "fine needle aspiration (FNA) biopsies", "transbronchial needle aspiration": sampling
                if c.label == "TREATMENT" and self._discharge_drainage(doc, c):
                    continue  # "purulent drainage" (treatment_discharge_words.txt)
                if c.label == "TREATMENT" and self._setting_noun(doc, c):
                    continue  # "operation theatre", "operation note" (treatment_setting_nouns.txt)
                if c.label == "TREATMENT" and self._body_flow(doc, c):
                    continue  # "venous drainage of the pancreas": the body's own flow (treatment_body_flow_words.txt)
                if c.label == "DISEASE" and self._tumor_attribute(doc, c):
                    continue  # "tumor size", "tumour microenvironment": no disease named (disease_attribute_nouns.txt)
                if c.label == "DISEASE" and self._names_a_measure(doc, c):
                    continue  # "depression scores", "Beck Depression Inventory" (disease_measure_nouns.txt)
                if c.label == "DISEASE" and doc[c.end - 1].lower_ in self.kind_required and not any(
                        t.norm_ in self.anatomy_terms for t in doc[c.start:c.end - 1]):
                    continue  # a "strain" with no site is a lineage ("murine strains"), not an injury (disease_kind_required.txt)
                norm = " ".join(t.norm_ for t in doc[c.start:c.end])
                if c.label == "DISEASE" and c.end - c.start > 1 and (norm in self.anatomy_multi or norm in self.anatomy_terms):
                    continue  # labels.md: anatomy alone is no DISEASE ("ganglion" + "basal" = "basal ganglion")
            others.append(c)
        # labels.md: text glued by a broken conversion is not annotated inside the glued word (MedPix
        # Keywords lines: "Pulmonary HamartomaBenign Neoplasm", "periostealchondroma"): a DISEASE span
        # holding a glued word is no mention, nor is a site found inside it ("Renal Tubular" of
        # "Renal Tubular AcidosisRTAMedullary Nephrocalcinosis"); the gold leaves the whole run out
        # ... nor is one right after a glued word ("HamartomaBenign Neoplasm": the run goes on)
        glued = [c for c in others if c.label == "DISEASE" and any(self._glued_word(t.text) for t in doc[max(c.start - 1, 0):c.end])]
        if glued:
            inside = {i for c in glued for i in range(c.start, c.end)}
            others = [c for c in others if not (c.label in ("DISEASE", "CALCINOSIS_SITE") and any(i in inside for i in range(c.start, c.end)))]
        # the same words read as anatomy tied to a calcification and as a disease name ("Basal
        # ganglion calcification": the lexicon's "ganglion" cyst grown by the parse): the text
        # names where the calcification is, so the site wins over equal-span label priority
        site_spans = {(c.start, c.end) for c in others if c.label == "CALCINOSIS_SITE"}
        others = [c for c in others if not (c.label == "DISEASE" and (c.start, c.end) in site_spans)]
        others = self._join_bare_site_pairs(doc, others)
        others = self._bracketed_short_form_names(doc, others)
        others = self._suspended_prefixes(doc, others)
        # rules that run after the section filter above (MR sequences, "US", locative adjectives) obey it too
        chosen = [c for c in self._select(imaging + others) if not self._skipped(doc, doc[c.start].idx)]
        ents = []
        for c in chosen:
            span = Span(doc, c.start, c.end, label=c.label, kb_id=c.concept_id or "")
            span._.concept_id = c.concept_id or None
            span._.concept_name = self.names.get(c.concept_id) if c.concept_id else (span.text.lower() if c.label == "CALCINOSIS_SITE" else None)
            span._.source = c.source
            ents.append(span)
        doc.ents = ents  # Span extension values are keyed by offsets and label, so they survive
        return doc

    @staticmethod
    def _suspended_prefixes(doc: Doc, cands: list[Cand]) -> list[Cand]:
        """labels.md coordination: a conjunct that does not stand alone makes one span of the whole phrase. A
        prefix with a suspended hyphen coordinated before a name is such a conjunct: "intra- and extrahepatic
        bile ducts", "pre- and post-coarctation dilatation", "mono- or polyarthritis"."""
        taken = {i for c in cands for i in range(c.start, c.end)}
        out = []
        for c in cands:
            s = c.start
            if (s >= 2 and doc[s - 1].lower_ in ("and", "or", "and/or", "&") and SUSPENDED_PREFIX.fullmatch(doc[s - 2].text)
                    and s - 2 not in taken and "\n" not in doc[s - 2].whitespace_):
                c = Cand(s - 2, c.end, c.label, c.concept_id, c.source)
            out.append(c)
        return out

    @staticmethod
    def _bracketed_short_form_names(doc: Doc, cands: list[Cand]) -> list[Cand]:
        """labels.md: an abbreviation inside a name stays inside. A DISEASE named "<long form> (<short>)-<participle>
        <name>" is one span from the long form on: "antineutrophil cytoplasmic antibody (ANCA)-associated
        vasculitis", "human leukocyte antigen (HLA)-B27-associated uveitis" is not (the long form must end right
        before the bracket, as the abbreviation detector found it). Session 19, unlabelled web case reports. Also a
        drug's resistance prefix stays in the organism's disease: "methicillin-resistant Staphylococcus aureus bacteremia"."""
        pairs = {}
        shorts = {}  # the short forms the document defines ("MALT") -> their long form's tokens
        for a in getattr(doc._, "abbreviations", None) or []:
            if isinstance(a, dict):
                pairs[a["short_start"]] = (a["long_start"], a["long_end"])
                shorts[a["short_text"]] = range(a["long_start"], a["long_end"])
        taken = {i for c in cands for i in range(c.start, c.end)}
        out = []
        for c in cands:
            s = c.start
            if (c.label == "DISEASE" and s >= 2 and doc[s].lower_ in ("resistant", "sensitive", "susceptible")
                    and doc[s - 1].text == "-" and doc[s - 2].is_alpha and s - 2 not in taken and s - 1 not in taken):
                c = Cand(s - 2, c.end, c.label, c.concept_id, c.source)  # "methicillin-resistant Staphylococcus aureus bacteremia"
                out.append(c)
                continue
            if (c.label == "DISEASE" and s >= 2 and doc[s].lower_ in ("positive", "negative") and doc[s - 1].text == "-"
                    and not doc[s - 1].whitespace_ and not doc[s - 2].whitespace_ and ANTIBODY_TOKEN.match(doc[s - 2].text)
                    and s - 2 not in taken):
                # session 21: "anti-Mi2-positive dermatomyositis" (the tokenizer splits "-positive" off the antibody);
                # a gene named before its variant comes along: "JAK2 V617F-positive myeloproliferative neoplasms"
                first = s - 2
                if first >= 1 and GENE_SYMBOL.fullmatch(doc[first - 1].text) and first - 1 not in taken \
                        and "\n" not in doc[first - 1].whitespace_:
                    first -= 1
                out.append(Cand(first, c.end, c.label, c.concept_id, c.source))
                continue
            if (c.label == "DISEASE" and s >= 3 and doc[s - 1].lower_ in ("associated", "related", "mediated") and doc[s - 2].text == "-"
                    and not doc[s - 2].whitespace_ and not doc[s - 3].whitespace_ and doc[s - 1].whitespace_
                    and (ANTIBODY_TOKEN.match(doc[s - 3].text) or IG_CLASS.fullmatch(doc[s - 3].text))
                    and not any(i in taken for i in range(s - 3, s))):
                # session 21: a marker's association is part of the name ("IgG4-related fibrosis", "ANCA-associated
                # glomerulonephritis", "HLA-B27-associated uveitis"), as with a bracketed short form below
                out.append(Cand(s - 3, c.end, c.label, c.concept_id, c.source))
                continue
            if (c.label == "DISEASE" and s >= 4 and doc[s - 1].text == ")" and doc[s - 3].text == "("
                    and s - 2 in pairs and pairs[s - 2][1] == s - 3 and not doc[s - 1].whitespace_.count("\n")
                    and not doc[s].lower_.startswith("calc")
                    and not any(i in taken for i in range(pairs[s - 2][0], s))):
                # session 22 (third-party case reports): a long form that is no mention of its own, its short
                # form, then the name's head: "mucosa-associated lymphoid tissue (MALT) lymphoma", "superior
                # mesenteric artery (SMA) stenosis", "gastrointestinal (GI) bleeding" are one span each (labels.md);
                # "systemic lupus erythematosus (SLE) nephritis" keeps its own long form (taken), and
                # a calcification's anatomy stays a CALCINOSIS_SITE
                out.append(Cand(pairs[s - 2][0], c.end, c.label, c.concept_id, c.source))
                continue
            if (c.label == "DISEASE" and s >= 1 and doc[s - 1].text in shorts and s - 1 not in pairs
                    and s - 1 not in taken and not any(i in taken for i in shorts[doc[s - 1].text])
                    and "\n" not in doc[s - 1].whitespace_ and not doc[s].lower_.startswith("calc")
                    and (s < 2 or doc[s - 2].text != "(")):
                # ... and that short form used later before the head: "MALT lymphoma" (the short form is no mention
                # of its own: its long form was none)
                out.append(Cand(s - 1, c.end, c.label, c.concept_id, c.source))
                continue
            if (c.label == "DISEASE" and s >= 5 and doc[s - 1].lower_ in ("associated", "related", "mediated", "induced", "positive")
                    and doc[s - 2].text == "-" and doc[s - 3].text == ")" and doc[s - 5].text == "("
                    and s - 4 in pairs and pairs[s - 4][1] == s - 5
                    and not any(i in taken for i in range(pairs[s - 4][0], s))):
                c = Cand(pairs[s - 4][0], c.end, c.label, c.concept_id, c.source)
            out.append(c)
        return out

    @staticmethod
    def _join_bare_site_pairs(doc: Doc, cands: list[Cand]) -> list[Cand]:
        """Two one-word sites joined by "and"/"or" share one location phrase and are one span
        (GUIDELINES 7.9, labels.md "falx and tentorium": "tendons and ligaments", "hips and
        shoulders", "humerus or femur"); a conjunct with a modifier or determiner of its own stays
        apart ("the left elbow and both knees", "aortic valve and mitral annulus"), and so do the
        items of a longer list ("the hands, elbows and knees", as "coronary vessels, aorta, and
        splenic artery" in the gold)."""
        sites = {c.start: c for c in cands if c.label == "CALCINOSIS_SITE" and c.end - c.start == 1}
        drop, add = set(), []
        for start, a in sorted(sites.items()):
            b = sites.get(a.end + 1)
            if (b is None or id(a) in drop or doc[a.end].lower_ not in ("and", "or")
                    or not (doc[a.start].is_alpha and doc[b.start].is_alpha)
                    or "\n" in doc[a.start].whitespace_ or "\n" in doc[a.end].whitespace_):
                continue
            if a.start > 0 and doc[a.start - 1].text == ",":
                continue  # the last two of a longer list ("the hands, elbows and knees"): one span each
            drop.update((id(a), id(b)))
            add.append(Cand(a.start, b.end, "CALCINOSIS_SITE", "", a.source))
        return [c for c in cands if id(c) not in drop] + add if add else cands

    def _after_finding_adjective(self, doc: Doc, c: Cand) -> bool:
        """Anatomy right after an adjective of another finding (``site_finding_adjectives.txt``: "thickened",
        "dilated") is what that finding describes, unless a calcification word follows it at once or stands
        right before the adjective ("calcified, dilated duct")."""
        if c.start == 0 or doc[c.start - 1].lower_ not in data_words("site_finding_adjectives.txt"):
            return False
        calc = self._calc_set
        if c.end in calc or (c.end + 1 in calc and doc[c.end].text in (",", "and")):
            return False
        return not any(k in calc for k in range(max(0, c.start - 4), c.start - 1))

    @staticmethod
    def _count_bracket_end(doc: Doc, i: int) -> int:
        """The index after a bracketed count or share starting at ``i`` ("(6)", "(45%)", "(n = 3)",
        "(2/5)"), or 0 when there is none."""
        if i + 2 >= len(doc) or doc[i].text != "(":
            return 0
        for k in range(i + 1, min(len(doc), i + 6)):
            if doc[k].text == ")":
                return k + 1 if k > i + 1 else 0
            if not (doc[k].like_num or doc[k].text in ("%", "/", "=", "n", "N") or re.fullmatch(r"[\d./%=]+", doc[k].text)):
                return 0
        return 0

    @staticmethod
    def _figure_bracket_end(doc: Doc, i: int) -> int:
        """The index after a bracketed figure pointer starting at ``i`` ("(Fig. 1A)", "(Figure 2, arrow)",
        "(arrows)"), or 0 when there is none."""
        if i + 1 >= len(doc) or doc[i].text != "(" or not FIGURE_POINTER.match(doc[i + 1].lower_):
            return 0
        for k in range(i + 2, min(len(doc), i + 9)):
            if doc[k].text == ")":
                return k + 1
            if doc[k].text == "(":
                return 0
        return 0

    @staticmethod
    def _diagnostic_aspiration(doc: Doc, c: Cand) -> bool:
        """An aspiration that samples tissue is a diagnostic procedure (labels.md: no TREATMENT): "fine needle
        aspiration", "transbronchial needle aspiration", "... aspiration cytology/biopsy"."""
        if doc[c.end - 1].lower_ not in ("aspiration", "aspirations") and doc[c.start].lower_ != "fna":
            return False
        before = doc[c.start - 1].lower_ if c.start > 0 else ""
        after = doc[c.end].lower_ if c.end < len(doc) else ""
        sampling = ("fine", "fine-needle", "transbronchial", "endobronchial", "eus-guided")
        return (before in sampling or any(t.lower_ in sampling for t in doc[c.start:c.end])
                or after in ("biopsy", "biopsies", "cytology", "cytologies") or doc[c.start].lower_ == "fna"
                or (after == "(" and c.end + 2 < len(doc) and doc[c.end + 1].lower_ == "fna"))

    @staticmethod
    def _discharge_drainage(doc: Doc, c: Cand) -> bool:
        """"drainage" after a word of treatment_discharge_words.txt ("purulent drainage", "reddish drainage
        from the right buttock") is fluid coming out, not the procedure."""
        if doc[c.end - 1].lower_ not in ("drainage", "drainages"):
            return False
        words = data_words("treatment_discharge_words.txt")
        if c.end - c.start == 2 and doc[c.start].lower_ in words:
            return True  # "The wound had serous drainage" (the describing word taken into the span)
        return c.end - c.start == 1 and c.start > 0 and doc[c.start - 1].lower_ in words

    def _setting_noun(self, doc: Doc, c: Cand) -> bool:
        """A TREATMENT span right before a place or record noun of treatment_setting_nouns.txt
        ("operation theatre", "operation note", "dialysis unit") names where the care happens."""
        if c.end >= len(doc) or "\n" in doc[c.end - 1].whitespace_:
            return False
        nxt = doc[c.end]
        return nxt.is_lower and nxt.lower_ in self.setting_nouns

    def _normal_ossification(self, doc: Doc, c: Cand) -> bool:
        """An "ossification" span that names normal bone formation: a word of
        disease_ossification_normal_words.txt right before the head or right after the span."""
        head = doc[c.end - 1].lower_
        if head not in ("ossification", "ossifications"):
            return False
        before = doc[c.end - 2].lower_ if c.end - 2 >= max(c.start - 1, 0) else ""
        after = doc[c.end].lower_ if c.end < len(doc) else ""
        return before in self.normal_ossification_words or after in self.normal_ossification_words

    def _body_flow(self, doc: Doc, c: Cand) -> bool:
        """A "drainage" span with a blood or lymph flow word before its head ("venous drainage",
        "lymphatic drainage of the breast", "anomalous pulmonary venous drainage";
        treatment_body_flow_words.txt) names the body's own flow, not a procedure, unless a
        procedure word of treatment_modifiers.txt is in it ("manual lymphatic drainage")."""
        words = [t.lower_ for t in doc[c.start:c.end]]
        if words[-1] != "drainage" or not any(w in self.body_flow_words for w in words[:-1]):
            return False
        return not any(w in self.treatment_modifier_words for w in words[:-1])

    def _names_a_measure(self, doc: Doc, c: Cand) -> bool:
        """A DISEASE name right before a noun of a measuring instrument ("depression scores",
        "Beck Depression Inventory"; disease_measure_nouns.txt), alone or coordinated with one word
        before it ("depression and fatigue scores"), names the instrument (labels.md v2)."""
        if c.end >= len(doc) or "\n" in doc[c.end - 1].whitespace_:
            return False
        if doc[c.end].lower_ in self.disease_measure_nouns:
            return True
        # coordinated before one instrument noun: "increased depression and fatigue scale values"
        k = c.end
        return (k + 2 < len(doc) and doc[k].lower_ in ("and", "or") and doc[k + 1].is_alpha
                and doc[k + 2].lower_ in self.disease_measure_nouns and "\n" not in doc[k + 1].whitespace_)

    def _conjunct_of_calcification(self, doc: Doc, c: Cand) -> bool:
        """Anatomy coordinated with the calcification noun itself ("pancreatic calcifications and a
        dilated pancreatic duct", from the parse) is another finding, not where the calcification
        is (labels.md CALCINOSIS_SITE: the location of calcification)."""
        head = doc[c.end - 1]
        if (head.dep_ == "conj" and head.head.i in self._calc_set and head.head.i < c.start
                and not (head.head.i + 1 < len(doc) and doc[head.head.i + 1].lower_ in ("of", "in", "within"))):
            return True
        # session 19, the other order: "a dilated pancreatic duct and calcification in the pancreas" (the
        # calcification has a location of its own after it, and no calcification word came before the
        # anatomy in its sentence)
        k = c.end
        if k < len(doc) and doc[k].lower_ == "and":
            k += 1
            while k < len(doc) and k - c.end <= 3 and k not in self._calc_set and doc[k].is_alpha and doc[k].lower_ not in ("and", "or"):
                k += 1
            if k in self._calc_set and k + 1 < len(doc) and doc[k + 1].lower_ in ("in", "of", "within", "involving"):
                sent_start = extensions.sentence_of(doc, c.start)[0]
                return not any(sent_start <= i < c.start for i in self._calc_set)
        return False

    def _object_of_other_verb(self, doc: Doc, c: Cand) -> bool:
        """Anatomy that is the object of a verb, with no calcification word in the object ("a calcified
        pericardium constricting the heart", "the calcified mass compressed the left ventricle", from the
        parse; session 19) is what that verb acts on,
        not where the calcification is. A verb of ``site_verbs.txt`` or "involving"/"affecting" ties
        its object ("calcification involving the gluteal area") and is left to the site rules."""
        head = doc[c.end - 1]
        if head.dep_ != "dobj" or not head.head.tag_.startswith("VB"):
            return False
        verb = head.head
        low = verb.lower_
        if low in data_words("site_verbs.txt") or low.startswith(("involv", "affect", "contain", "show", "reveal", "demonstrat",
                                                                  "surround", "encas", "lin", "extend", "includ", "reach")):
            return False
        if verb.i in self._calc_set or any(a.i in self._calc_set for a in verb.ancestors):
            return False  # "calcifying the tendon"; "calcification ... involving the gluteal area" (the verb hangs on it)
        return not any(t.i in self._calc_set for t in head.subtree)  # "constricting the calcified heart" stays

    def _subject_of_other_predicate(self, doc: Doc, c: Cand) -> bool:
        """Anatomy that is the subject of a predicate with no calcification word under it ("...
        calcified cysts and the spleen was enlarged", "and the aorta was dilated", from the parse)
        is described by that predicate, not located as a calcification."""
        head = doc[c.end - 1]
        if head.dep_ not in ("nsubj", "nsubjpass"):
            return False
        pred = head.head
        if pred.i in self._calc_set or any(a.i in self._calc_set for a in pred.ancestors):
            return False  # "the pericardium was calcified"; a parse that hangs the verb on the calcification noun
        return not any(t.i in self._calc_set for t in pred.subtree)

    def _tumor_attribute(self, doc: Doc, c: Cand) -> bool:
        """A bare generic tumour noun before a noun naming its property or part ("tumor size",
        "tumor cells", "tumour microenvironment"; disease_attribute_nouns.txt) names no disease."""
        if c.end - c.start != 1 or c.end >= len(doc) or doc[c.start].norm_ not in self.generic_tumor_nouns:
            return False
        nxt = doc[c.end]
        # a capitalised pair only as a field label: "Tumor Growth:", "Neoplasm Name:" (MedPix)
        label = c.end + 1 < len(doc) and doc[c.end + 1].text == ":"
        return ((nxt.is_lower or label) and nxt.norm_ in self.tumor_attribute_nouns
                and "\n" not in doc[c.start].whitespace_)

    def _modifies_other_noun(self, doc: Doc, c: Cand, calc_tokens: list[int]) -> bool:
        """Anatomy that modifies another noun locates that noun, not a calcification ("fascial
        thickening", "knee pain"); it is a site only when the noun it modifies is the
        calcification ("pericardial calcifications") or a lesion the text calcifies ("a large
        retroperitoneal mass with central dystrophic calcifications", labels.md: "calcified scleral
        plaques in the left globe"). With a parse: the anatomy's head word is an amod/compound/nmod
        of a noun on its right. Without one: an anatomical adjective followed by anything but a
        calcification word, or an anatomical noun followed by a DISEASE/TREATMENT name or a symptom
        or lesion word (``disease_exclude.txt``: "pain", "swelling", "mass")."""
        if c.end >= len(doc):
            return False
        last, nxt = doc[c.end - 1], doc[c.end]
        if self._parsed and self._parsed_sites and last.dep_ in ("amod", "compound", "nmod") and last.head.i >= c.end:
            owner = last.head
            if owner.i in self._calc_set or owner.norm_ in self.anatomy_words or self._part_noun(owner) or not owner.tag_.startswith("NN"):
                return False
            if any(doc[k].is_punct or doc[k].lower_ in ("and", "or") for k in range(c.end, owner.i)):
                return False  # a list the parse read as a compound: "Calcinosis of the skin, muscle, tendon and visceral organs"
            if (owner.norm_ in self.lesion_heads or owner.norm_ in data_words("site_calcified_generic_nouns.txt")) and any(
                    ch.i in self._calc_set for ch in owner.children if ch.dep_ in ("amod", "compound")):
                # session 22: a generic lesion noun the text calcifies ("a periarticular calcified mass", "calcific
                # soft tissue deposits"); a named lesion keeps its adjective ("calcified scleral plaques", labels.md)
                return False
            return not self._calcified_noun(owner)
        if nxt.i in calc_tokens or nxt.is_punct or nxt.lower_ in ("and", "or"):
            return False
        if ADJECTIVE_END.search(last.lower_):
            return not self._with_calc_after(doc, c.end + 1)  # "retroperitoneal mass with ... calcifications"
        return nxt.i in self._owner_starts or nxt.lower_ in self._symptom_words

    def _attenuation_of_lesion(self, doc: Doc, c: Cand) -> bool:
        """Anatomy that describes a lesion word's attenuation (``site_attenuation_words.txt`` before a word of
        ``disease_lesion_heads.txt``, a hyphen between allowed): "soft-tissue density", "soft tissue mass"
        (labels.md: a lesion word) locate nothing, even when the lesion holds calcifications."""
        words = " ".join(t.norm_ for t in doc[c.start:c.end] if t.text != "-").replace("-", " ")
        if words not in data_words("site_attenuation_words.txt"):
            return False
        k = c.end + (1 if c.end < len(doc) and doc[c.end].text == "-" else 0)
        return k < len(doc) and (doc[k].lower_ in self.lesion_heads or doc[k].norm_ in self.lesion_heads)

    def _calcified_noun(self, tok) -> bool:
        """``tok`` carries a calcification in a "with"/"containing" phrase ("mass with central
        calcifications"), by the parse or, where the parse hangs the phrase elsewhere, by the words
        right after ``tok``. A "calcified" modifier does not count: labels.md keeps the adjective of a
        calcified lesion inside the lesion ("calcified scleral plaques in the left globe")."""
        return self._holds_calc(tok, self._calc_set) or self._with_calc_after(tok.doc, tok.i + 1)

    @staticmethod
    def _holds_calc(tok, calc: set[int]) -> bool:
        """A "with"/"containing" dependent of ``tok`` whose subtree holds a calcification word."""
        return any(ch.lower_ in ("with", "containing") and any(o.i in calc for o in ch.subtree) for ch in tok.children)

    def _with_calc_after(self, doc: Doc, i: int, reach: int = 8) -> bool:
        """Token ``i`` opens a "with"/"containing" phrase (after an optional comma) that names a
        calcification within ``reach`` tokens, before any punctuation or clause break: "mass with
        central dystrophic calcifications", "cyst in the left kidney, containing a small calcification"."""
        if i < len(doc) and doc[i].text == ",":
            i += 1
        if i >= len(doc) or doc[i].lower_ not in ("with", "containing", "contained", "contains"):
            return False
        for k in range(i + 1, min(len(doc), i + 1 + reach)):
            if k in self._calc_set:
                return True
            if doc[k].is_punct or doc[k].lower_ in CLAUSE_BREAKS or doc[k].is_sent_start:
                return False
        return False

    def _near_biopsy(self, doc: Doc, c: Cand) -> bool:
        """A biopsy site is no calcinosis site (labels.md): "biopsy" within 3 tokens before or 2
        after the anatomy ("skin biopsy", "biopsy specimen of the skin"), or a biopsy phrase reaching
        it through a preposition, determiners and the site's own position words ("a skin biopsy
        from the left thigh", "biopsies taken from the right forearm")."""
        lower = self._view.lower if self._view else [t.lower_ for t in doc]
        lo = max(0, c.start - 3)
        hi = min(len(doc), c.end + 2)
        if any(w.startswith("biops") for w in lower[lo:hi]):
            return True
        k = c.start - 1
        through = {"of", "from", "at", "in", "taken", "obtained", "specimen", "specimens", "sample", "samples", "the", "his",
                   "her", "a", "an"}
        while k >= 0 and c.start - k <= 8 and (lower[k] in through or doc[k].norm_ in LATERALITY or doc[k].norm_ in self.anatomy_words):
            k -= 1
        return k >= 0 and k < c.start - 1 and lower[k].startswith("biops")

    def _select(self, cands: Iterable[Cand]) -> list[Cand]:
        # longest first; then label priority; a lexicon entry (with its concept) before a
        # morphology rule match of the same extent
        order = sorted(cands, key=lambda c: (-(c.end - c.start), self.priority.get(c.label, 99),
                                             c.source.startswith("rule:morphology"), c.start))
        taken: set[int] = set()
        out = []
        for c in order:
            if c.end <= c.start or any(i in taken for i in range(c.start, c.end)):
                continue
            taken.update(range(c.start, c.end))
            out.append(c)
        return sorted(out, key=lambda c: c.start)


@Language.factory(
    "rheumex_entity_resolver",
    assigns=["doc.ents"],
    requires=["doc.sents"],
    default_config={
        "candidates_key": "rheumex_candidates",
        "label_priority": ["IMAGING", "TREATMENT", "DISEASE", "CALCINOSIS_SITE", "ANATOMY"],
        "site_window": 12,
        "skip_section_kinds": SKIP_KINDS_DEFAULT,
        "model_labels": {"DISEASE": "DISEASE"},
        "model_policy": "fill_gaps",
        "lexicon_files": ["disease.jsonl", "treatment.jsonl", "imaging.jsonl", "anatomy.jsonl"],
    },
)
def make_resolver(nlp: Language, name: str, candidates_key: str, label_priority: list[str], site_window: int,
                  skip_section_kinds: list[str], model_labels: dict[str, str], lexicon_files: list[str],
                  model_policy: str) -> EntityResolver:
    """Turn candidates into ``doc.ents``; see the module docstring for the rules."""
    return EntityResolver(nlp, candidates_key, label_priority, site_window, skip_section_kinds, model_labels, lexicon_files,
                          model_policy)
