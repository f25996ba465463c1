"""Hand-made per-patient case rows (corpora/gold/cases.jsonl), see corpora/CASES.md.

    python -m rheumex.corpora.cases_gold validate [PATH]

Standard library only.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
CASES_PATH = HERE / "gold" / "cases.jsonl"
SPLIT_PATH = HERE / "gold" / "split.tsv"

FIELDS = ("doc_id", "case_id", "age", "sex", "diagnoses", "treatments", "imaging",
          "calcinosis_sites", "response", "outcome", "evidence", "notes")
LIST_FIELDS = ("diagnoses", "treatments", "imaging", "calcinosis_sites")
OPTIONAL_FIELDS = ("diagnoses_mesh", "treatments_mesh", "split")
SEXES = (None, "female", "male")
RESPONSES = ("resolved", "improved", "no response", "worsened", "not stated")
OUTCOMES = (None, "died", "recovered", "discharged", "alive", "lost to follow-up")


def load_splits(path: str | Path | None = None) -> dict[str, str]:
    splits: dict[str, str] = {}
    for line in Path(path or SPLIT_PATH).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        doc_id, split = line.split("\t")[:2]
        splits[doc_id.strip()] = split.strip()
    return splits


def load_case_gold(path: str | Path | None = None, split: str = "all") -> list[dict]:
    """Rows of the case gold, each with its document's `split` joined from split.tsv.

    split: "all", "dev" or "test" (documents missing from split.tsv get split None and
    are returned only with split="all")."""
    splits = load_splits()
    rows = []
    for n, line in enumerate(Path(path or CASES_PATH).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        row["split"] = splits.get(row.get("doc_id"))
        if split == "all" or row["split"] == split:
            rows.append(row)
    return rows


def _is_num(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def validate(rows: list[dict]) -> list[str]:
    """Problems found in the rows (empty list = valid)."""
    problems: list[str] = []
    seen: Counter = Counter()
    docs_with_null: set = set()
    docs_with_cases: set = set()
    for i, row in enumerate(rows, 1):
        where = f"row {i} ({row.get('doc_id')}/{row.get('case_id')})"
        if not isinstance(row.get("doc_id"), str) or not row.get("doc_id"):
            problems.append(f"{where}: doc_id must be a non-empty string")
        case_id = row.get("case_id", "missing")
        if case_id is None:  # a paper with no case
            docs_with_null.add(row.get("doc_id"))
            extra = set(row) - {"doc_id", "case_id", "notes", "split"}
            extra = {k for k in extra if row[k] not in (None, [], "")}
            if extra:
                problems.append(f"{where}: a no-case row carries fields {sorted(extra)}")
            continue
        docs_with_cases.add(row.get("doc_id"))
        for f in FIELDS:
            if f not in row:
                problems.append(f"{where}: missing field {f}")
        unknown = set(row) - set(FIELDS) - set(OPTIONAL_FIELDS)
        if unknown:
            problems.append(f"{where}: unknown fields {sorted(unknown)}")
        if not isinstance(case_id, str) or not case_id.isdigit():
            problems.append(f"{where}: case_id must be a digit string like \"1\"")
        seen[(row.get("doc_id"), case_id)] += 1
        age = row.get("age")
        if age is not None and not (_is_num(age) and 0 <= age < 130):
            problems.append(f"{where}: age must be a number of years or null, got {age!r}")
        if row.get("sex") not in SEXES:
            problems.append(f"{where}: sex {row.get('sex')!r} not in {SEXES}")
        for f in LIST_FIELDS:
            v = row.get(f)
            if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
                problems.append(f"{where}: {f} must be a list of non-empty strings")
            elif len({x.lower() for x in v}) != len(v):
                problems.append(f"{where}: {f} has duplicates")
        for f, base in (("diagnoses_mesh", "diagnoses"), ("treatments_mesh", "treatments")):
            if f in row:
                v = row[f]
                if not isinstance(v, list) or len(v) != len(row.get(base) or []) or \
                        not all(x is None or isinstance(x, str) for x in v):
                    problems.append(f"{where}: {f} must be a list parallel to {base} (str or null)")
        if row.get("response") not in RESPONSES:
            problems.append(f"{where}: response {row.get('response')!r} not in {RESPONSES}")
        if row.get("outcome") not in OUTCOMES:
            problems.append(f"{where}: outcome {row.get('outcome')!r} not in {OUTCOMES}")
        for f in ("evidence", "notes"):
            if f in row and not (row[f] is None or isinstance(row[f], str)):
                problems.append(f"{where}: {f} must be a string or null")
    for key, n in seen.items():
        if n > 1:
            problems.append(f"duplicate (doc_id, case_id) {key} x{n}")
    for doc in docs_with_null & docs_with_cases:
        problems.append(f"{doc}: has both a no-case row and case rows")
    for doc in {r.get("doc_id") for r in rows}:
        ids = sorted(int(r["case_id"]) for r in rows if r.get("doc_id") == doc
                     and isinstance(r.get("case_id"), str) and r["case_id"].isdigit())
        if ids and ids != list(range(1, len(ids) + 1)):
            problems.append(f"{doc}: case_ids are not 1..n: {ids}")
    return problems


def summary(rows: list[dict]) -> dict:
    out: dict = {}
    for split in sorted({r.get("split") or "none" for r in rows}):
        rs = [r for r in rows if (r.get("split") or "none") == split]
        out[split] = {"papers": len({r["doc_id"] for r in rs}),
                      "patients": sum(1 for r in rs if r.get("case_id") is not None)}
    out["all"] = {"papers": len({r["doc_id"] for r in rows}),
                  "patients": sum(1 for r in rows if r.get("case_id") is not None)}
    return out


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in ("validate",):
        print(__doc__.strip())
        return 2
    path = argv[1] if len(argv) > 1 else None
    rows = load_case_gold(path)
    problems = validate(rows)
    for p in problems:
        print("PROBLEM:", p)
    missing = sorted({r["doc_id"] for r in rows if r.get("split") is None})
    if missing:
        print("not in split.tsv:", ", ".join(missing))
    for split, c in summary(rows).items():
        print(f"{split}: {c['papers']} papers, {c['patients']} patients")
    resp = Counter(r.get("response") for r in rows if r.get("case_id") is not None)
    print("response:", dict(sorted(resp.items())))
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
