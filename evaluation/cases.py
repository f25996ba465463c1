"""``rheumex evaluate --cases``: score the cases table against the hand-made case gold.

Gold: ``corpora/gold/cases.jsonl`` (guidelines ``corpora/CASES.md``), one row per patient,
split by ``corpora/gold/split.tsv`` (dev by default; the locked test split only for release
measurements).

How predicted rows are matched to gold rows:

* **Papers.** A paper is scored when its text is found (see :func:`case_documents`); its
  cases count is right when the number of predicted rows equals the number of gold
  patients (0 for a gold "no case" row).
* **Cases within a paper** are aligned by ``case_id`` order: the k-th gold case (sorted by
  number) with the k-th predicted case. A gold case without a predicted partner counts as
  wrong for age, sex and response, and all its items are missed; a predicted case without
  a gold partner adds all its items as false positives.
* **Age** is compared in years (``"4 months"`` -> 0.33, rounded to 2 decimals); **sex**
  exactly; ``null`` = ``null`` counts as right.
* **Response**: accuracy over gold cases, and the gold x predicted confusion matrix
  (``"(no case)"`` when the gold case has no predicted partner).
* **List fields** (diagnoses, treatments, imaging, calcinosis_sites): one-to-one matching
  of items. A gold item and a predicted item match by concept when both have one and they
  agree (the gold row's ``diagnoses_mesh``/``treatments_mesh`` MeSH heading against the
  predicted mention's ``concept_name``, compared normalised), or else by normalised name
  (a concept disagreement does not veto a name match: the gold headings are a reader's
  guesses, the predicted ones come from the lexicons, and "microcytic hypochromic anemia"
  must match itself whatever heading each side chose): lower case,
  each word plural-folded with :func:`rheumex.pipelines.normalizer.normalize_word`,
  punctuation to spaces, and the words of ``name_matching.drop_words`` in
  ``pipelines/data/case_rules.json`` (laterality, determiners) dropped. A gold name also
  matches a predicted name that contains it, or is contained in it, as whole words
  ("calcinosis" ~ "calcinosis cutis"). Exact matches are paired first, then containment.
  A predicted item is matched if any wording of it (its mentions' texts) matches.
  Precision = matched predicted items / predicted items, recall = matched gold items /
  gold items, pooled over all cases of the split.
"""
from __future__ import annotations

import html
import json
import os
import re
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path

from rheumex.corpora.cases_gold import LIST_FIELDS, RESPONSES, load_case_gold

PRED_FIELD = {"diagnoses": "diseases", "treatments": "treatments", "imaging": "imaging",
              "calcinosis_sites": "calcinosis_sites"}
MESH_FIELD = {"diagnoses": "diagnoses_mesh", "treatments": "treatments_mesh"}
LABEL_OF = {"diagnoses": "DISEASE", "treatments": "TREATMENT", "imaging": "IMAGING",
            "calcinosis_sites": "CALCINOSIS_SITE"}
NO_CASE = "(no case)"


# -- names ---------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _drop_words() -> frozenset:
    from rheumex.pipelines.structure import case_rules

    return frozenset(w.lower() for w in case_rules().raw["name_matching"]["drop_words"])


@lru_cache(maxsize=4096)
def normalise_name(name: str) -> str:
    """The comparable form of an item name: ``"the Left Renal Cysts"`` -> ``"renal cyst"``."""
    from rheumex.pipelines.normalizer import normalize_word

    words = re.findall(r"[^\W_]+", (name or "").lower())
    return " ".join(normalize_word(w) for w in words if w not in _drop_words())


def names_match(gold: str, pred: str, exact_only: bool = False) -> bool:
    """Normalised equality, or (unless ``exact_only``) whole-word containment either way."""
    g, p = normalise_name(gold), normalise_name(pred)
    if not g or not p:
        return False
    if g == p:
        return True
    if exact_only:
        return False
    return f" {g} " in f" {p} " or f" {p} " in f" {g} "


def _items_match(g: tuple[str, str | None], p: dict, exact_only: bool) -> bool:
    gname, gconcept = g
    if gconcept and any(normalise_name(gconcept) == normalise_name(c) for c in p.get("concepts") or ()):
        return True
    return any(names_match(gname, w, exact_only) for w in p["wordings"])


def match_items(gold: list[tuple[str, str | None]], pred: list[dict]) -> tuple[int, int, list[tuple[int, int]]]:
    """One-to-one matching (exact first, then containment). ``gold``: ``(name, concept or
    None)``; ``pred``: ``{"name", "wordings", "concepts"}``. Returns ``(matched gold,
    matched predicted, pairs)``."""
    pairs: list[tuple[int, int]] = []
    used_g: set[int] = set()
    used_p: set[int] = set()
    for exact_only in (True, False):
        for i, g in enumerate(gold):
            if i in used_g:
                continue
            for j, p in enumerate(pred):
                if j not in used_p and _items_match(g, p, exact_only):
                    pairs.append((i, j))
                    used_g.add(i)
                    used_p.add(j)
                    break
    return len(used_g), len(used_p), pairs


# -- predicted rows ----------------------------------------------------------------------
def age_years(age) -> float | None:
    """A table age (``"47"``, ``"4 months"``, ``"10 days"``) or a gold number in years."""
    if age is None or (isinstance(age, float) and age != age):
        return None
    if isinstance(age, (int, float)):
        return round(float(age), 2)
    m = re.match(r"\s*(\d+(?:\.\d+)?)\s*(\w*)", str(age))
    if not m:
        return None
    n, unit = float(m.group(1)), m.group(2).lower()
    if unit.startswith("mo"):
        return round(n / 12, 2)
    if unit.startswith("we"):
        return round(n / 52, 2)
    if unit.startswith("da"):
        return 0.0 if n < 30 else round(n / 365, 2)
    return round(n, 2)


def pred_items(row: dict, field: str, mentions_by_id: dict[str, dict]) -> list[dict]:
    """The predicted items of one list column, each with the wordings and concept names of
    the case's mentions behind it (the row's ``evidence`` ids joined with ``mentions``, grouped
    as :func:`rheumex.rows.case_items` groups them); an item whose mentions are not found
    keeps just its name."""
    from rheumex.rows import case_items

    ms = [mentions_by_id[i] for i in (row.get("evidence") or []) if i in mentions_by_id]
    by_name = {it["name"]: it for it in case_items(ms, LABEL_OF[field])}
    out = []
    for name in row.get(PRED_FIELD[field]) or []:
        it = by_name.get(name)
        out.append({"name": name, "wordings": it["wordings"] if it else [name],
                    "concepts": [it["concept_name"]] if it and it.get("concept_name") else []})
    return out


# -- texts -------------------------------------------------------------------------------
def default_text_dirs() -> list[Path]:
    """Where papers of the case gold that are not in the mention gold are looked up:
    ``$RHEUMEX_CASE_TEXTS`` (``os.pathsep``-separated folders), else the first
    ``shared/docs/hindawi`` folder found in a parent of this package."""
    env = os.environ.get("RHEUMEX_CASE_TEXTS")
    if env:
        return [Path(p) for p in env.split(os.pathsep) if p]
    for parent in Path(__file__).resolve().parents:
        cand = parent / "shared" / "docs" / "hindawi"
        if cand.is_dir():
            return [cand]
    return []


def case_documents(doc_ids: list[str], gold_path: str | None = None, text_dirs: list[Path] | None = None) -> dict[str, dict]:
    """``{doc_id: {"text", "sections"}}`` for the papers of the case gold.

    A paper is taken from the mention gold (``corpora/gold/gold.jsonl``: its text and
    stored sections) or, failing that, from a folder of ``text_dirs`` as
    ``<id>/fulltext.xml`` or ``<id>.xml`` (rendered by
    :func:`rheumex.corpora.render.jats_gold_text`, exactly the text the case gold was
    written on) or ``<id>.txt`` (sections detected). Papers found nowhere are left out."""
    from rheumex.corpora.gold import load_gold
    from rheumex.corpora.render import jats_gold_text
    from rheumex.extract.sections import detect_sections

    want = set(doc_ids)
    out: dict[str, dict] = {}
    for g in load_gold(gold_path, "all"):
        if g["id"] in want and g["meta"].get("sections"):
            out[g["id"]] = {"text": g["text"], "sections": [tuple(s) for s in g["meta"]["sections"]]}
    for did in sorted(want - set(out)):
        for d in (default_text_dirs() if text_dirs is None else text_dirs):
            d = Path(d)
            for xml in (d / did / "fulltext.xml", d / f"{did}.xml"):
                if xml.is_file():
                    text, secs = jats_gold_text(xml)
                    out[did] = {"text": text, "sections": [tuple(s) for s in secs]}
                    break
            if did in out:
                break
            txt = d / f"{did}.txt"
            if txt.is_file():
                text = txt.read_text(encoding="utf-8")
                secs, _meta = detect_sections(text)
                out[did] = {"text": text, "sections": [(s.start, s.end, s.name, s.kind) for s in secs]}
                break
    return out


def predict_cases(docs: dict[str, dict], nlp=None, config: str | None = None) -> dict[str, dict]:
    """Run the pipeline on each paper: ``{doc_id: {"cases": rows, "mentions": rows}}``."""
    from rheumex.extract.document import Document, Section
    from rheumex.pipelines import load_pipeline
    from rheumex.rows import annotate, case_rows, mention_rows

    nlp = nlp or load_pipeline(config)
    out = {}
    for did, d in docs.items():
        sections = [Section(n, k, s, e) for s, e, n, k in d["sections"]]
        doc = annotate(nlp, Document(text=d["text"], sections=sections, source=did))
        ms = mention_rows(doc, did)
        out[did] = {"cases": case_rows(doc, did, ms), "mentions": ms}
    return out


def predictions_from_run(run_dir: Path, docs: dict[str, dict]) -> dict[str, dict]:
    """Case rows of a previous ``rheumex extract`` run, matched to the papers as ``--align``
    matches mention gold (:func:`rheumex.evaluation.align.match_run_documents`): identical
    text, else the PMCID or the paper id in the run's source path (a run over the papers' PDFs
    or XML files). Case fields are names and values, not offsets, so nothing is projected."""
    import pandas as pd

    from rheumex.api import read_results
    from rheumex.evaluation.align import match_run_documents

    r = read_results(run_dir)
    matched = match_run_documents([{"id": did, "text": d["text"], "meta": {}} for did, d in docs.items()], r.documents)

    def cell(v):
        if isinstance(v, list):
            return v
        return None if v is None or pd.isna(v) else v

    def records(df):
        return [{k: cell(v) for k, v in rec.items()} for rec in df.to_dict("records")]

    out = {}
    for did, d in docs.items():
        rid = matched.get(did)
        if rid is None:
            continue
        out[did] = {"cases": records(r.cases[r.cases["doc_id"] == rid]),
                    "mentions": records(r.mentions[r.mentions["doc_id"] == rid])}
    return out


# -- scoring -------------------------------------------------------------------------------
def _prf(tp_g: int, n_g: int, tp_p: int, n_p: int) -> dict:
    p = tp_p / n_p if n_p else 0.0
    r = tp_g / n_g if n_g else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "matched_gold": tp_g, "gold": n_g, "matched_pred": tp_p, "pred": n_p}


def _case_key(row: dict) -> tuple:
    c = str(row.get("case_id"))
    return (not c.isdigit(), int(c) if c.isdigit() else 0, c)


def score_cases(gold_rows: list[dict], preds: dict[str, dict]) -> dict:
    """Per-field scores (see the module docstring); ``preds`` as from :func:`predict_cases`.
    Only papers present in ``preds`` are scored."""
    by_doc: dict[str, list[dict]] = {}
    for g in gold_rows:
        by_doc.setdefault(g["doc_id"], []).append(g)
    papers = right_n = 0
    age_ok = sex_ok = resp_ok = n_cases = 0
    confusion: dict[str, Counter] = {}
    counts = {f: [0, 0, 0, 0] for f in LIST_FIELDS}  # matched gold, gold, matched pred, pred
    per_paper = []
    for did in sorted(by_doc):
        if did not in preds:
            continue
        papers += 1
        gold = sorted([g for g in by_doc[did] if g.get("case_id") is not None], key=_case_key)
        pred = sorted(preds[did]["cases"], key=_case_key)
        mentions = {m["mention_id"]: m for m in preds[did]["mentions"]}
        right_n += len(gold) == len(pred)
        paper = {"doc_id": did, "gold_cases": len(gold), "pred_cases": len(pred), "cases": []}
        for k in range(max(len(gold), len(pred))):
            g = gold[k] if k < len(gold) else None
            p = pred[k] if k < len(pred) else None
            case = {"gold_case": g and g["case_id"], "pred_case": p and p["case_id"]}
            if g is not None:
                n_cases += 1
                pa = age_years(p.get("age")) if p else "missing"
                ps = p.get("sex") if p else "missing"
                pr = p.get("treatment_response") if p else NO_CASE
                a_ok = p is not None and pa == age_years(g.get("age"))
                s_ok = p is not None and ps == g.get("sex")
                r_ok = p is not None and pr == g.get("response")
                age_ok += a_ok
                sex_ok += s_ok
                resp_ok += r_ok
                confusion.setdefault(g["response"], Counter())[pr or "(none)"] += 1
                case.update({"age": [g.get("age"), pa], "sex": [g.get("sex"), ps], "response": [g["response"], pr]})
            for f in LIST_FIELDS:
                gi = []
                if g is not None:
                    mesh = g.get(MESH_FIELD.get(f, ""), None) or [None] * len(g[f])
                    gi = list(zip(g[f], mesh))
                pi = pred_items(p, f, mentions) if p is not None else []
                mg, mp, pairs = match_items(gi, pi)
                c = counts[f]
                c[0] += mg
                c[1] += len(gi)
                c[2] += mp
                c[3] += len(pi)
                matched_g = {i for i, _ in pairs}
                matched_p = {j for _, j in pairs}
                case[f] = {"missed": [gi[i][0] for i in range(len(gi)) if i not in matched_g],
                           "extra": [pi[j]["name"] for j in range(len(pi)) if j not in matched_p]}
            paper["cases"].append(case)
        per_paper.append(paper)
    labels = list(RESPONSES) + [NO_CASE]
    return {
        "papers": papers,
        "gold_cases": n_cases,
        "right_number_of_cases": {"papers": right_n, "rate": round(right_n / papers, 4) if papers else 0.0},
        "age_exact": round(age_ok / n_cases, 4) if n_cases else 0.0,
        "sex_exact": round(sex_ok / n_cases, 4) if n_cases else 0.0,
        "response_accuracy": round(resp_ok / n_cases, 4) if n_cases else 0.0,
        "response_confusion": {"labels": labels,
                               "gold_by_pred": {g: {p: confusion.get(g, Counter()).get(p, 0) for p in labels}
                                                for g in RESPONSES}},
        "fields": {f: _prf(*counts[f]) for f in LIST_FIELDS},
        "per_paper": per_paper,
    }


def format_cases(m: dict) -> str:
    """A plain-text summary of :func:`score_cases` output."""
    lines = [f"cases: {m['papers']} papers, {m['gold_cases']} gold patients",
             f"right number of cases   {m['right_number_of_cases']['papers']}/{m['papers']} = {m['right_number_of_cases']['rate']:.3f}",
             f"age exact               {m['age_exact']:.3f}",
             f"sex exact               {m['sex_exact']:.3f}",
             f"response accuracy       {m['response_accuracy']:.3f}",
             f"{'field':18s} {'P':>6s} {'R':>6s} {'F1':>6s}  {'gold':>5s} {'pred':>5s}"]
    for f, s in m["fields"].items():
        lines.append(f"{f:18s} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f}  {s['gold']:5d} {s['pred']:5d}")
    conf = m["response_confusion"]
    labels = conf["labels"]
    lines.append("response confusion (rows gold, columns predicted):")
    lines.append(" " * 12 + "".join(f"{l[:10]:>11s}" for l in labels))
    for g, row in conf["gold_by_pred"].items():
        lines.append(f"{g[:11]:12s}" + "".join(f"{row[l]:11d}" for l in labels))
    return "\n".join(lines)


def cases_html(m: dict) -> str:
    """The cases section of the HTML evaluation report."""
    esc = html.escape
    rows = "".join(f"<tr><td>{esc(f)}</td><td>{s['precision']:.3f}</td><td>{s['recall']:.3f}</td><td>{s['f1']:.3f}</td>"
                   f"<td>{s['gold']}</td><td>{s['pred']}</td></tr>" for f, s in m["fields"].items())
    labels = m["response_confusion"]["labels"]
    conf = "".join(f"<tr><th>{esc(g)}</th>" + "".join(f"<td>{row[l]}</td>" for l in labels) + "</tr>"
                   for g, row in m["response_confusion"]["gold_by_pred"].items())
    papers = []
    for p in m["per_paper"]:
        bad = [c for c in p["cases"] if any(c.get(f, {}).get("missed") or c.get(f, {}).get("extra") for f in LIST_FIELDS)
               or (c.get("age") and c["age"][0] != c["age"][1])]
        items = "".join(
            f"<li>case {esc(str(c['gold_case']))}/{esc(str(c['pred_case']))}: "
            + "; ".join(f"{esc(f)} missed {esc(', '.join(c[f]['missed']))} extra {esc(', '.join(c[f]['extra']))}"
                        for f in LIST_FIELDS if c.get(f) and (c[f]["missed"] or c[f]["extra"]))
            + (f"; response {esc(str(c['response'][0]))} / {esc(str(c['response'][1]))}" if c.get("response") else "")
            + "</li>" for c in bad)
        papers.append(f"<li>{esc(p['doc_id'])}: {p['gold_cases']} gold, {p['pred_cases']} predicted<ul>{items}</ul></li>")
    return (f"<h2>Cases (split {esc(str(m.get('split')))})</h2>"
            f"<p>{m['papers']} papers, {m['gold_cases']} gold patients. Right number of cases: "
            f"{m['right_number_of_cases']['papers']}/{m['papers']} ({m['right_number_of_cases']['rate']:.3f}); "
            f"age exact {m['age_exact']:.3f}; sex exact {m['sex_exact']:.3f}; response accuracy {m['response_accuracy']:.3f}</p>"
            f"<table><tr><th>field</th><th>P</th><th>R</th><th>F1</th><th>gold</th><th>pred</th></tr>{rows}</table>"
            f"<h3>Response confusion (rows gold, columns predicted)</h3><table><tr><th></th>"
            + "".join(f"<th>{esc(l)}</th>" for l in labels) + f"</tr>{conf}</table>"
            f"<h3>Per paper</h3><ul>{''.join(papers)}</ul>")


def cmd_cases(args) -> int:
    """``rheumex evaluate --cases``: write the "cases" block of metrics.json and report.html."""
    rows = load_case_gold(getattr(args, "case_gold", None), args.split)
    if not rows:
        print(f"rheumex evaluate --cases: no case gold rows in split {args.split!r}", file=sys.stderr)
        return 2
    ids = sorted({r["doc_id"] for r in rows})
    dirs = [Path(p) for p in args.case_texts] if getattr(args, "case_texts", None) else None
    docs = case_documents(ids, args.gold, dirs)
    missing = [i for i in ids if i not in docs]
    if missing:
        print(f"rheumex evaluate --cases: no text for {len(missing)} paper(s) ({', '.join(missing[:5])}...): "
              f"they are not scored; pass --case-texts DIR (a folder of <PMCID>/fulltext.xml, <id>.xml or <id>.txt) "
              f"or set RHEUMEX_CASE_TEXTS", file=sys.stderr)
    preds = predictions_from_run(Path(args.pred), docs) if args.pred else predict_cases(docs, config=args.config)
    unmatched = sorted(set(docs) - set(preds))
    if unmatched:
        print(f"rheumex evaluate --cases: {len(unmatched)} paper(s) not in the run {args.pred} (matched by text, PMCID or file name): "
              f"not scored", file=sys.stderr)
    if not preds:
        print(f"rheumex evaluate --cases: no paper of the case gold (split {args.split!r}) could be scored; "
              f"run `rheumex extract` on the papers (their PDF, XML or text named by PMCID or id) and pass that folder "
              f"as --pred, or leave --pred out to run the pipeline", file=sys.stderr)
        return 2
    m = score_cases(rows, preds)
    m["split"] = args.split
    m["not_scored"] = missing + unmatched
    print(format_cases(m))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    mpath = out / "metrics.json"
    metrics = json.loads(mpath.read_text(encoding="utf-8")) if mpath.exists() else {}
    metrics["cases"] = m
    mpath.write_text(json.dumps(metrics, indent=2), encoding="utf-8")
    page = out / "report.html"
    section = f"<section id='cases'>{cases_html(m)}</section>"
    if page.exists():
        text = page.read_text(encoding="utf-8")
        text = re.sub(r"<section id='cases'>.*?</section>", "", text, flags=re.S)
        text = text.replace("</body>", section + "</body>") if "</body>" in text else text + section
    else:
        text = ("<!doctype html><html><head><meta charset='utf-8'><title>rheumex case evaluation</title><style>"
                "body{font-family:sans-serif;margin:1.5em} table{border-collapse:collapse} td,th{border:1px solid #ccc;padding:2px 6px}"
                f"</style></head><body><h1>rheumex evaluation</h1>{section}</body></html>")
    page.write_text(text, encoding="utf-8")
    print(f"wrote {mpath} (\"cases\" block), {page}", file=sys.stderr)
    return 0
