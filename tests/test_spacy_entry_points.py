"""spaCy entry points (issue 18 item 15): a saved rheumex pipeline loads with plain
``spacy.load(dir)`` in a fresh Python that never imports rheumex itself."""
import json
import subprocess
import sys
import textwrap

LOAD = textwrap.dedent("""
    import json, sys
    import spacy
    assert "rheumex" not in sys.modules
    nlp = spacy.load(sys.argv[1])
    doc = nlp(open(sys.argv[2], encoding="utf-8").read())
    print(json.dumps({"pipes": nlp.pipe_names,
                      "ents": [[e.start_char, e.end_char, e.label_, e._.concept_id, e._.negated] for e in doc.ents]}))
""")


def test_saved_pipeline_loads_with_spacy_load_in_a_fresh_process(nlp, data_dir, tmp_path):
    saved = tmp_path / "rheumex-pipeline"
    nlp.to_disk(saved)
    seed = data_dir / "seed.txt"
    expected = [[e.start_char, e.end_char, e.label_, e._.concept_id, e._.negated] for e in nlp(seed.read_text(encoding="utf-8")).ents]
    r = subprocess.run([sys.executable, "-c", LOAD, str(saved), str(seed)], capture_output=True, text=True,
                       timeout=600, cwd=tmp_path, check=False)
    assert r.returncode == 0, r.stderr[-2000:]
    got = json.loads(r.stdout.strip().splitlines()[-1])
    assert got["pipes"] == nlp.pipe_names
    assert len(expected) > 30 and got["ents"] == expected
