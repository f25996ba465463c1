"""Import anatomy names and synonyms with UBERON ids: ``data/sources/uberon_terms.tsv``.

Maintainer script (run once when the ontology is updated; the TSV is shipped)::

    python -m rheumex.pipelines.import_uberon ../shared/ontologies/UBERON.obo.zip

Source: the Uberon anatomy ontology, the 2015-04-23 release distributed with the CRAFT
corpus (CC BY 3.0; Mungall CJ et al., Genome Biology 2012;13:R5). Filter, recorded in the
TSV header: non-obsolete terms; the term name plus its EXACT synonyms, except synonyms
typed LATIN, NON_AMNIOTE, NON_MAMMAL, HOMOLOGY, DUBIOUS, INCONSISTENT, DEPRECATED,
SENSU or DEVELOPMENTAL; terms whose name marks an embryonic, larval or non-human
structure (``embryo``, ``primordium``, ``anlage``, ``larva``, ``fin``, ``swim bladder`` ...)
are dropped; names shorter than 3 characters and pure abbreviations in capitals are
dropped (they collide with English words and drug or disease abbreviations). When two
terms share a matching form, the one whose *name* it is wins, then the lower id.

Each row: the matching form (lower case, each word through
:func:`rheumex.pipelines.normalizer.normalize_word`), the UBERON id, the term name.
"""
from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

from rheumex.pipelines.normalizer import normalize_word

OUT = Path(__file__).resolve().parent / "data" / "sources" / "uberon_terms.tsv"
_BAD_SYN_TYPES = {"LATIN", "NON_AMNIOTE", "NON_MAMMAL", "HOMOLOGY", "DUBIOUS", "INCONSISTENT", "DEPRECATED", "SENSU", "DEVELOPMENTAL"}
_NON_HUMAN = re.compile(r"\b(embryo\w*|primordi\w*|anlage|larva\w*|fin|fins|swim bladder|gill\w*|feather\w*|scale|scales|"
                        r"tentacle\w*|antenna\w*|placode|rudiment|bud|pharyngeal arch|somite\w*|neural crest|notochord|"
                        r"future|presumptive|immature|fetal|foetal|mesonephr\w*|pronephr\w*|yolk|amnion|chorion|allantois|"
                        r"beak|hoof|horn|wing|tail fin|carapace|caudal fin|cloaca\w*)\b", re.I)
_SYN = re.compile(r'^synonym: "(?P<text>[^"]+)" (?P<scope>EXACT|RELATED|BROAD|NARROW)(?P<types>(?: [A-Z_]+)*) \[')


def match_form(term: str) -> str:
    """The lexicon matching form of an anatomy term (same as the pipeline's NORM)."""
    words = re.findall(r"[A-Za-z0-9]+(?:[-'][A-Za-z0-9]+)*", term.lower())
    return " ".join(normalize_word(w) for w in words)


def read_obo(path: Path):
    """Yield ``(id, name, [exact synonyms])`` for every usable term of the OBO file (zipped or not)."""
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as z:
            text = z.read(z.namelist()[0]).decode("utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    for block in text.split("\n[Term]\n")[1:]:
        block = block.split("\n[Typedef]\n")[0]
        tid = name = None
        syns, obsolete = [], False
        for line in block.splitlines():
            if line.startswith("id: "):
                tid = line[4:].strip()
            elif line.startswith("name: "):
                name = line[6:].strip()
            elif line.startswith("is_obsolete: true"):
                obsolete = True
            elif line.startswith("synonym: "):
                m = _SYN.match(line)
                if m and m["scope"] == "EXACT" and not (set(m["types"].split()) & _BAD_SYN_TYPES):
                    syns.append(m["text"])
        if tid and tid.startswith("UBERON:") and name and not obsolete and not _NON_HUMAN.search(name):
            yield tid, name, syns


def build(path: Path) -> list[tuple[str, str, str]]:
    best: dict[str, tuple[int, str, str]] = {}
    for tid, name, syns in read_obo(path):
        for rank, term in [(0, name)] + [(1, s) for s in syns]:
            if len(term) < 3 or term.isupper() or _NON_HUMAN.search(term):
                continue
            key = match_form(term)
            if not key:
                continue
            cand = (rank, tid, name)
            if key not in best or cand < best[key]:
                best[key] = cand
    return sorted((k, v[1], v[2]) for k, v in best.items())


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    rows = build(Path(args[0]))
    header = ("# UBERON anatomy terms for CALCINOSIS_SITE concept ids (rheumex_anatomy_linker).\n"
              "# Source: Uberon 2015-04-23 (as distributed with CRAFT), CC BY 3.0, Mungall et al. Genome Biol 2012;13:R5.\n"
              "# Built by pipelines/import_uberon.py: names + EXACT synonyms (not LATIN/NON_MAMMAL/HOMOLOGY/DUBIOUS/"
              "INCONSISTENT/DEPRECATED/SENSU/DEVELOPMENTAL), embryonic and non-human structures dropped.\n"
              "# columns: matching form (normalised words), UBERON id, term name\n")
    OUT.write_text(header + "".join(f"{k}\t{i}\t{n}\n" for k, i, n in rows), encoding="utf-8")
    print(f"wrote {len(rows)} terms to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
