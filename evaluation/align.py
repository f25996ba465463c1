"""Project a run's mentions onto gold text when the run converted the paper itself.

``rheumex evaluate --pred RUN --align``: a gold full-text document was labelled on text
rendered from the publisher's JATS (:func:`rheumex.corpora.render.jats_gold_text`); a run
over the same paper's PDF or XML has its own text (running heads, page furniture, joined or
kept line-end hyphens, captions in another place, references and back matter). To score such
a run, each predicted mention is carried over to the gold text by a character alignment of
the two texts, and counts only if **both of its ends** land on aligned characters.

How the texts are aligned (:func:`align_texts`):

1. both texts are cut into tokens (runs of word characters, and single punctuation marks);
   hyphens and dashes are dropped, whitespace separates tokens and is never aligned;
   each token is normalised (NFKD, combining marks and spacing accents dropped, ligatures
   expanded, quotes unified, case folded), remembering which original character each
   normalised character came from;
2. :class:`difflib.SequenceMatcher` (no auto-junk) aligns the two token sequences; equal
   tokens are aligned character by character;
3. inside each replaced block (a hyphenated word joined in one text and not the other, a
   ligature, a glyph read differently) the normalised characters are aligned the same way;
4. a second pass aligns the leftover runs of predicted tokens against the leftover gold
   tokens, so a caption or table set elsewhere in the PDF than in the XML is still found
   (blocks of at least :data:`MIN_MOVED_TOKENS` tokens).

A projected mention is ``[map(start), map(end - 1) + 1)``; it is dropped (reported as
unmapped) when either end is unaligned, or when the projected span is much longer than the
mention (its ends fell into two different places).

Which run document is a gold document (:func:`match_run_documents`), first rule that
applies: the identical text; the DOI (gold ``meta.doi``, case-insensitive, equal to the
run's ``doi``); the PMCID (the gold id or ``meta.pmcid`` as a path component or file stem of
the run document's ``source``); the file name (the gold ``meta.source`` path's last two
components, e.g. ``PMC4735928/fulltext.xml``, ending the run's ``source`` with any
extension, or the gold id as the run source's file stem). Among several candidates the
run's first document wins.
"""
from __future__ import annotations

import gc
import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import PurePath

#: Fewest tokens of a block found out of place by the second pass (a moved caption).
MIN_MOVED_TOKENS = 4

#: Largest replaced block (normalised characters per side) aligned character by character.
MAX_CHAR_BLOCK = 4000

_TOKEN = re.compile(r"\w+|[^\w\s]", re.UNICODE)
_DROP = set("-\u00ad\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00b8\u00b4`\u00a8\u02c6\u02dc\u00af\u02d8\u02d9\u02da\u02db\u02c7")
_QUOTES = {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
           "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"', "\u2033": '"'}


@dataclass
class _Tok:
    norm: str
    offsets: list[int] = field(default_factory=list)  # original offset of each normalised char


def _norm_char(c: str) -> str:
    c = _QUOTES.get(c, c)
    d = unicodedata.normalize("NFKD", c)
    return "".join(x for x in d if not unicodedata.combining(x) and x not in _DROP and not x.isspace()).casefold()


def tokens(text: str) -> list[_Tok]:
    """The normalised tokens of ``text`` (hyphens, dashes and spacing accents dropped)."""
    out: list[_Tok] = []
    for m in _TOKEN.finditer(text):
        w = m.group()
        if w.isascii() and (w.isalnum() or len(w) > 1):
            out.append(_Tok(w.lower(), list(range(m.start(), m.end()))))
            continue
        t = _Tok("")
        parts = []
        for i in range(m.start(), m.end()):
            n = _norm_char(text[i])
            parts.append(n)
            t.offsets.extend([i] * len(n))
        t.norm = "".join(parts)
        if t.norm:
            out.append(t)
    return out


def _char_align(pt: list[_Tok], gt: list[_Tok], cmap: dict[int, int]) -> None:
    ps = "".join(t.norm for t in pt)
    gs = "".join(t.norm for t in gt)
    if not ps or not gs or len(ps) > MAX_CHAR_BLOCK or len(gs) > MAX_CHAR_BLOCK:
        return
    po = [o for t in pt for o in t.offsets]
    go = [o for t in gt for o in t.offsets]
    for a, b, n in SequenceMatcher(None, ps, gs, autojunk=False).get_matching_blocks():
        for k in range(n):
            cmap.setdefault(po[a + k], go[b + k])


def _tok_equal(p: _Tok, g: _Tok, cmap: dict[int, int]) -> None:
    for a, b in zip(p.offsets, g.offsets):
        cmap.setdefault(a, b)


def align_texts(pred_text: str, gold_text: str) -> dict[int, int]:
    """A map from character offsets of ``pred_text`` to those of ``gold_text``.

    Only aligned characters are keys (whitespace, dropped hyphens and unmatched text are
    absent). Identical texts give the identity on every non-space character."""
    if pred_text == gold_text:
        return {i: i for i, c in enumerate(pred_text) if not c.isspace()}
    gc_on = gc.isenabled()
    gc.disable()  # many small acyclic lists: the collector would cost more than the alignment
    try:
        return _align(pred_text, gold_text)
    finally:
        if gc_on:
            gc.enable()


def _align(pred_text: str, gold_text: str) -> dict[int, int]:
    pt, gt = tokens(pred_text), tokens(gold_text)
    cmap: dict[int, int] = {}
    used_p = [False] * len(pt)
    used_g = [False] * len(gt)
    pn, gn = [t.norm for t in pt], [t.norm for t in gt]

    # 1-2. anchors (token n-grams once in each text, in order), token diffs between them
    _align_range(pt, gt, pn, gn, 0, len(pn), 0, len(gn), used_p, used_g, cmap, 0)
    # 3. leftover predicted runs against leftover gold tokens anywhere (moved captions, tables)
    _moved_blocks(pt, gt, used_p, used_g, cmap)
    return cmap


#: Length of the token n-grams used as anchors.
ANCHOR = 3


def _unique_pairs(pn: list[str], gn: list[str], irange, jrange) -> list[tuple[int, int]]:
    def once(seq, rng):
        seen: dict[tuple, int] = {}
        dup: set[tuple] = set()
        stop = rng.stop
        for i in rng:
            if i + ANCHOR > stop:
                break
            key = tuple(seq[i : i + ANCHOR])
            if key in seen:
                dup.add(key)
            else:
                seen[key] = i
        return {k: v for k, v in seen.items() if k not in dup}

    a, b = once(pn, irange), once(gn, jrange)
    return sorted((i, b[k]) for k, i in a.items() if k in b)


def _monotone(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest chain of pairs increasing in both coordinates (pairs sorted by the first)."""
    import bisect

    tails: list[int] = []  # smallest j ending a chain of each length
    tail_idx: list[int] = []
    prev = [-1] * len(pairs)
    for n, (_, j) in enumerate(pairs):
        k = bisect.bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            tail_idx.append(n)
        else:
            tails[k] = j
            tail_idx[k] = n
        prev[n] = tail_idx[k - 1] if k else -1
    out = []
    n = tail_idx[-1] if tail_idx else -1
    while n >= 0:
        out.append(pairs[n])
        n = prev[n]
    return out[::-1]


#: A gap of more tokens than this (both sides) is split again by anchors unique inside it.
SPLIT_GAP = 200


def _align_range(pt, gt, pn, gn, i0, i1, j0, j1, used_p, used_g, cmap, depth: int) -> None:
    """Patience-style: anchors unique in the range, recursively; short gaps by token diff."""
    if i1 <= i0 or j1 <= j0:
        return
    chain = []
    if depth < 8 and (depth == 0 or (i1 - i0 > SPLIT_GAP and j1 - j0 > SPLIT_GAP)):
        chain = _monotone(_unique_pairs(pn, gn, range(i0, i1), range(j0, j1)))
    if not chain:
        _diff_gap(pt, gt, i0, i1, j0, j1, used_p, used_g, cmap)
        return
    pi, pj = i0, j0
    for ai, aj in chain + [(i1, j1)]:
        if ai < pi or aj < pj:
            continue
        _align_range(pt, gt, pn, gn, pi, ai, pj, aj, used_p, used_g, cmap, depth + 1)
        k = 0
        while ai + k < i1 and aj + k < j1 and pn[ai + k] == gn[aj + k] and k < ANCHOR:
            _tok_equal(pt[ai + k], gt[aj + k], cmap)
            used_p[ai + k] = used_g[aj + k] = True
            k += 1
        pi, pj = ai + k, aj + k


#: A gap longer than this on both sides is "noisy" (see :func:`_diff_gap`).
NOISY_GAP = 12


def _diff_gap(pt, gt, i0, i1, j0, j1, used_p, used_g, cmap) -> None:
    if i1 <= i0 or j1 <= j0:
        return
    # a long gap on both sides holds unrelated text (a caption here, a table there): only
    # runs of several equal tokens are trusted in it
    noisy = i1 - i0 > NOISY_GAP and j1 - j0 > NOISY_GAP
    big = (i1 - i0) * (j1 - j0) > 4_000_000  # no anchors in a huge gap: let difflib skip frequent tokens
    sm = SequenceMatcher(None, [t.norm for t in pt[i0:i1]], [t.norm for t in gt[j0:j1]], autojunk=big)
    for op, a1, a2, b1, b2 in sm.get_opcodes():
        a1, a2, b1, b2 = a1 + i0, a2 + i0, b1 + j0, b2 + j0
        if op == "equal":
            if noisy and a2 - a1 < MIN_MOVED_TOKENS:
                continue  # a stray "of the" between unrelated stretches: leave it to the second pass
            for k in range(a2 - a1):
                _tok_equal(pt[a1 + k], gt[b1 + k], cmap)
                used_p[a1 + k] = used_g[b1 + k] = True
        elif not noisy and op == "replace" and (a2 - a1) <= 3 * (b2 - b1) + 3 and (b2 - b1) <= 3 * (a2 - a1) + 3:
            before = len(cmap)
            _char_align(pt[a1:a2], gt[b1:b2], cmap)
            if len(cmap) - before >= 0.5 * sum(len(t.norm) for t in pt[a1:a2]):
                for k in range(a1, a2):
                    used_p[k] = True
                for k in range(b1, b2):
                    used_g[k] = True


def _runs(used: list[bool], min_len: int) -> list[tuple[int, int]]:
    out, s = [], None
    for i, u in enumerate(used + [True]):
        if not u and s is None:
            s = i
        elif u and s is not None:
            if i - s >= min_len:
                out.append((s, i))
            s = None
    return out


def _moved_blocks(pt: list[_Tok], gt: list[_Tok], used_p: list[bool], used_g: list[bool], cmap: dict[int, int]) -> None:
    """Leftover predicted runs against the leftover gold tokens, in any order: each n-gram
    that occurs once among the leftovers of both is grown both ways over equal unused tokens
    and kept when it reaches :data:`MIN_MOVED_TOKENS` tokens."""
    p_left = [i for i, u in enumerate(used_p) if not u]
    g_left = [j for j, u in enumerate(used_g) if not u]
    if not p_left or not g_left:
        return
    pn = [pt[i].norm for i in p_left]
    gn = [gt[j].norm for j in g_left]
    for a, b in _unique_pairs(pn, gn, range(len(pn)), range(len(gn))):
        i, j = p_left[a], g_left[b]
        if used_p[i] or used_g[j]:
            continue
        s = 0
        while i - s - 1 >= 0 and j - s - 1 >= 0 and not used_p[i - s - 1] and not used_g[j - s - 1] and pt[i - s - 1].norm == gt[j - s - 1].norm:
            s += 1
        e = 0
        while i + e < len(pt) and j + e < len(gt) and not used_p[i + e] and not used_g[j + e] and pt[i + e].norm == gt[j + e].norm:
            e += 1
        if s + e < MIN_MOVED_TOKENS:
            continue
        for k in range(-s, e):
            _tok_equal(pt[i + k], gt[j + k], cmap)
            used_p[i + k] = used_g[j + k] = True


def project_span(start: int, end: int, pred_text: str, cmap: dict[int, int]) -> tuple[int, int] | None:
    """The gold offsets of the predicted span ``[start, end)``, or None when an end does not map.

    Leading/trailing whitespace and dropped characters (hyphens) of the span are skipped."""
    s, e = start, end - 1
    while s <= e and pred_text[s].isspace():
        s += 1
    while e >= s and pred_text[e].isspace():
        e -= 1
    if s > e or s not in cmap or e not in cmap:
        return None
    gs, ge = cmap[s], cmap[e] + 1
    if ge <= gs or (ge - gs) > 2 * (end - start) + 10:
        return None
    return gs, ge


def project_spans(spans: list[dict], pred_text: str, gold_text: str, cmap: dict[int, int] | None = None) -> tuple[list[dict], list[dict]]:
    """``(mapped, unmapped)``: ``spans`` (dicts with ``start``/``end``) carried onto ``gold_text``.

    Mapped spans are copies with gold offsets; unmapped spans are returned unchanged."""
    if cmap is None:
        cmap = align_texts(pred_text, gold_text)
    mapped, unmapped = [], []
    for sp in spans:
        r = project_span(int(sp["start"]), int(sp["end"]), pred_text, cmap)
        if r is None:
            unmapped.append(sp)
        else:
            mapped.append({**sp, "start": r[0], "end": r[1]})
    return mapped, unmapped


_PMCID = re.compile(r"^PMC\d+$", re.I)


def _source_keys(source: str) -> tuple[set[str], str]:
    p = PurePath(str(source))
    parts = {x.lower() for x in p.parts}
    parts.add(p.stem.lower())
    tail = "/".join([*p.parts[-2:-1], p.stem]).lower()
    return parts, tail


def match_run_documents(gold_docs: list[dict], documents) -> dict[str, str]:
    """``{gold id: run doc_id}`` for the gold documents found in a run's documents table.

    Rules, in order (the module docstring): identical text, DOI, PMCID in the run source
    path, gold source file name. ``documents`` is the run's ``documents`` DataFrame."""
    rows = [dict(zip(documents.columns, r)) for r in documents.itertuples(index=False)]
    out: dict[str, str] = {}
    by_text: dict[str, str] = {}
    for r in rows:
        if isinstance(r.get("text"), str):
            by_text.setdefault(r["text"], r["doc_id"])
    keyed = []
    for r in rows:
        src = r.get("source")
        parts, tail = _source_keys(src) if isinstance(src, str) else (set(), "")
        doi = r.get("doi")
        keyed.append((r["doc_id"], (doi.strip().lower() if isinstance(doi, str) else None), parts, tail))
    for g in gold_docs:
        if g["text"] in by_text:
            out[g["id"]] = by_text[g["text"]]
            continue
        meta = g.get("meta") or {}
        gdoi = (meta.get("doi") or "").strip().lower() or None
        pmcids = {x.lower() for x in (g["id"], meta.get("pmcid") or "") if x and _PMCID.match(x)}
        gsrc = meta.get("source")
        gtail = _source_keys(gsrc)[1] if isinstance(gsrc, str) and "/" in gsrc.replace("\\", "/") else None
        hit = None
        for rule in ("doi", "pmcid", "file"):
            for did, rdoi, parts, tail in keyed:
                if (rule == "doi" and gdoi and rdoi == gdoi) or (rule == "pmcid" and pmcids & parts) or (
                        rule == "file" and ((gtail and tail == gtail) or g["id"].lower() == tail.rsplit("/", 1)[-1])):
                    hit = did
                    break
            if hit:
                break
        if hit:
            out[g["id"]] = hit
    return out
