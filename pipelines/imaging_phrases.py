"""IMAGING candidates for bare MR sequence names (no parse needed).

GUIDELINES 3 IMAGING: spans keep their sequence words, and a sequence named alone is a study
of its own: "hypointense on T1, hyperintense on T2", the headings "T2WI:" and "T1WI:". A bare
"T1"/"T2" is an MR sequence only in an MR paper and only after "on" or as a line-initial
heading; elsewhere it is a tumour stage ("staged T2 N0") or a vertebra. "T1WI"/"T2WI"
("weighted image") are always sequences. The resolver extends these like any IMAGING
candidate ("Post-gadolinium T1WI", "axial T2").
"""
from __future__ import annotations

from spacy.tokens import Doc

BARE_SEQUENCES = frozenset({"t1", "t2"})
WEIGHTED_IMAGES = frozenset({"t1wi", "t2wi", "t1w", "t2w"})
# an MR paper names the modality somewhere
MR_WORDS = frozenset({"mr", "mri", "mris", "weighted", "t1-weighted", "t2-weighted", "gadolinium", "flair", "stir"})


def bare_sequences(doc: Doc, lower: list[str]) -> list[tuple[int, int]]:
    """(start, end) token spans of bare MR sequence names (see the module docstring)."""
    hits = [i for i, w in enumerate(lower) if w in BARE_SEQUENCES or w in WEIGHTED_IMAGES]
    if not hits or not MR_WORDS.intersection(lower):
        return []
    out = []
    for i in hits:
        if lower[i] in WEIGHTED_IMAGES:
            out.append((i, i + 1))
            continue
        nxt = lower[i + 1] if i + 1 < len(lower) else ""
        if nxt in ("-", "-weighted", "weighted", "‐"):
            continue  # "T1-weighted ...": the sequence-run rule takes the whole phrase
        after_on = i > 0 and lower[i - 1] == "on"
        heading = nxt == ":" and (i == 0 or "\n" in doc[i - 1].whitespace_ or doc[i - 1].is_space or doc[i - 1].text == ":")
        if after_on or heading:
            out.append((i, i + 1))
    return out


def adjacent_pairs(doc: Doc, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of two IMAGING spans written one after the other on one line (or sharing a
    region word), as one study: "CT pulmonary angiogram" ("CT pulmonary" + "pulmonary angiogram"),
    "CT myelography". Spans separated by a comma, "and" or a slash stay apart ("CR, CT, and MR"),
    and so does a study that ends in a plural noun ("plain radiographs MRI", a list missing its
    comma)."""
    out = []
    for s, e in spans:
        last = doc[e - 1]
        if e >= len(doc) or "\n" in last.whitespace_ or not last.whitespace_ or (last.lower_.endswith("s") and len(last) > 3):
            continue
        for s2, e2 in spans:
            if s < s2 <= e < e2:
                out.append((s, e2))
    return out
