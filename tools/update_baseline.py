"""Write ``evaluation/baseline.json`` from a ``rheumex evaluate`` metrics file.

    rheumex evaluate --split dev --out eval-dev --bootstrap 0
    python tools/update_baseline.py eval-dev/metrics.json

Run it in the same commit as the change that moves dev quality on purpose.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "evaluation" / "baseline.json"


def _r(d: dict) -> dict:
    return {k: round(d[k], 4) for k in ("precision", "recall", "f1")}


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    m = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    old = json.loads(OUT.read_text(encoding="utf-8"))
    new = {
        "about": old["about"],
        "split": m["split"],
        "n_documents": m["n_documents"],
        "tolerance": old["tolerance"],
        "strict": {"micro": _r(m["strict"]["micro"]),
                   "per_label": {k: _r(v) for k, v in m["strict"]["per_label"].items()}},
        "lenient": {"micro": _r(m["lenient"]["micro"])},
    }
    OUT.write_text(json.dumps(new, indent=2) + "\n", encoding="utf-8")
    print(f"baseline: strict micro F1 {old['strict']['micro']['f1']} -> {new['strict']['micro']['f1']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
