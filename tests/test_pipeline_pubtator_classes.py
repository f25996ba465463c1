"""DISEASE rule classes found by diagnosing the PubTator training splits (issue 14).

Sentences come from our dev documents and from the TRAINING splits of BC5CDR (BioCreative V
CDR corpus, Li et al., Database 2016; free for research use) and NCBI-disease (Doğan et al.,
J Biomed Inform 2014; US Government work, public domain). No development-split text is used.
Each test names the rule and the line of ``corpora/labels.md`` v2 it follows.
"""
import sys
from pathlib import Path


def ents(nlp, text):
    return [(e.text, e.label_) for e in nlp(text).ents]


def sources(nlp, text):
    return {e.text: e._.source for e in nlp(text).ents}


def test_organ_condition_is_a_disease(nlp):
    # MPX1390 (dev): labels.md "pathological condition"; the gold labels "vascular insufficiency"
    found = sources(nlp, "In patients with vascular insufficiency, organisms can enter the soft tissues through a "
                         "cutaneous ulcer, often in the foot, and cause cellulitis, then osteomyelitis.")
    assert found.get("vascular insufficiency") == "rule:organ_condition"
    # BC5CDR training split (PMID 3714122): "<anatomy> damage" is the condition of the organ
    assert ("brain damage", "DISEASE") in ents(nlp, "Mipafox produced brain damage in Long-Evans male rats.")


def test_organ_condition_needs_an_organ(nlp):
    # MPX1539 (dev): "collateral damage" is the idiom, not an organ (disease_organ_nonorgan.txt);
    # "renal function" names no condition; the bare head stays out (disease_exclude.txt)
    found = ents(nlp, "The skull base is the one region where meningiomas can become unresectable because of "
                      "collateral damage to vital structures.")
    assert not any("damage" in t for t, _l in found)
    found = ents(nlp, "Renal function was normal and there was no damage.")
    assert not any(l == "DISEASE" for _t, l in found)


def test_bare_strains_are_lineages_not_injuries(nlp):
    # BC5CDR training split (PMIDs 17854040 and a murine epilepsy abstract): labels.md v2 counts
    # injuries "with their kind"; a bare "strain(s)" is an organism lineage (disease_kind_required.txt)
    found = ents(nlp, "This was an exploratory study to investigate lamivudine-resistant hepatitis B virus (HBV) strains "
                      "in selected HBV carriers.")
    assert not any(t.lower().endswith(("strain", "strains")) for t, _l in found)
    found = ents(nlp, "These data support the hypothesis that mossy fiber sprouting is relevant to seizure development "
                      "in these murine strains.")
    assert not any(t.lower().endswith("strains") for t, _l in found)
    # with its site it stays an injury
    assert ("hamstring strain", "DISEASE") in ents(nlp, "He had a hamstring strain.")


def test_organ_toxicity_words_are_diseases(nlp):
    # BC5CDR training split (gentamicin ototoxicity, ZDV-induced myelotoxicity): "-otoxicity" names
    # a chemically induced organ disorder (labels.md: disorders; our gold labels "nephrotoxicity",
    # "neurotoxicity", "hepatotoxicity"); cytotoxicity and genotoxicity are cell assays, not disorders
    found = ents(nlp, "Nitro-L-arginine methyl ester: a potential protector against gentamicin ototoxicity.")
    assert ("ototoxicity", "DISEASE") in found
    found = ents(nlp, "Vitamin B12 supplementation does not seem useful in preventing ZDV-induced myelotoxicity.")
    assert ("myelotoxicity", "DISEASE") in found
    from rheumex.pipelines.lexicon import iter_lexicon
    from rheumex.pipelines.morphology import _rule

    rule = next(_rule(e) for e in iter_lexicon(["morphology.jsonl"]) if e["source"] == "rule:morphology:organ_toxicity")
    assert rule.matches("cardiotoxicity") and not rule.matches("cytotoxicity") and not rule.matches("genotoxicity")


def _pubtator_benchmark():
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import pubtator

    return pubtator


def _span(text: str, s: str, label: str = "DISEASE") -> dict:
    i = text.index(s)
    return {"start": i, "end": i + len(s), "label": label}


def test_benchmark_maps_conventions_explicitly():
    # benchmarks/pubtator.py --mapped: each mapping is a documented labels.md difference
    pubtator = _pubtator_benchmark()
    text = "Acute hepatitis and chest pain after citrate toxicity with artery calcification."
    def at(s):
        return _span(text, s)
    gold = [{"id": "1", "text": text, "spans": [at("hepatitis"), at("chest pain"), at("toxicity"), at("artery calcification"),
                                                {**at("citrate"), "label": "TREATMENT"}]}]
    pred = [{"id": "1", "text": text, "spans": [at("chest pain")]}]
    g, p, n = pubtator.map_conventions(gold, pred)
    got = sorted(text[s["start"]:s["end"]] for s in g[0]["spans"])
    assert got == ["Acute hepatitis", "calcification", "citrate toxicity"]
    assert p[0]["spans"] == [] and sum(n.values()) == 4


def test_benchmark_classifies_errors():
    pubtator = _pubtator_benchmark()
    text = "acute hepatitis and renal failure with cirrhosis; rat strains"
    def sp(s):
        return _span(text, s)
    gold = [{"id": "1", "text": text, "spans": [sp("hepatitis"), sp("renal failure"), sp("cirrhosis")]}]
    pred = [{"id": "1", "text": text, "spans": [sp("acute hepatitis"), sp("failure"), sp("strains")]}]
    rows = pubtator.classify_errors(gold, pred)
    assert sorted(r["class"] for r in rows) == ["missed", "spurious", "too_long", "too_short"]


def test_disease_words_in_institution_and_instrument_names(nlp):
    # labels.md v2 (organisations, programmes, trials, guidelines) and GUIDELINES 8.5 (instrument
    # names); BC5CDR training split (an asenapine trial abstract) and GUIDELINES' own examples
    found = ents(nlp, "On the Positive and Negative Syndrome Scale positive subscale, all treatments were superior to "
                      "placebo with LOCF and MMRM.")
    assert not any(l == "DISEASE" for _t, l in found)
    found = ents(nlp, "Primer on the rheumatic diseases. 12th ed. Atlanta, GA: Arthritis Foundation; 2001.")
    assert ("rheumatic diseases", "DISEASE") in found and ("Arthritis", "DISEASE") not in found
    assert ents(nlp, "Disease activity was scored with the Systemic Lupus Erythematosus Disease Activity Index.") == []
    # a disease name in a title keeps its label
    assert ("Calcinosis Cutis", "DISEASE") in ents(nlp, "Calcinosis Cutis in Juvenile Dermatomyositis: a Case Report")


def test_anti_words_are_no_diseases(nlp):
    # BC5CDR training split (PMID 20196116): "Antituberculosis therapy" names a therapy, not a disease
    found = ents(nlp, "Antituberculosis therapy-induced acute liver failure: magnitude, profile, prognosis, and predictors of outcome.")
    assert ("Antituberculosis", "DISEASE") not in found and ("acute liver failure", "DISEASE") in found


def test_experimental_is_no_part_of_the_name(nlp):
    # BC5CDR training split (PMID 10193204): an experimental thrombosis is a model of thrombosis
    found = ents(nlp, "The present study was undertaken to investigate the effects of TET and FAN on the experimental "
                      "thrombosis induced by collagen plus epinephrine (EP) in mice.")
    assert ("thrombosis", "DISEASE") in found


def test_modes_of_inheritance_stay_in_the_name(nlp):
    # labels.md "keep modifiers that are part of the name"; our dev gold keeps "Autosomal recessive
    # polycystic disease", "autosomal recessive disorder" (MPX2326, PMC4736312); NCBI-disease training
    # split: "X-linked thrombocytopenia", "autosomal dominant retinitis pigmentosa"
    assert ("Autosomal Recessive Osteopetrosis", "DISEASE") in ents(
        nlp, "Elster et al. Autosomal Recessive Osteopetrosis: Bone Marrow Imaging.")  # MPX1186 (dev)
    from rheumex.pipelines.resolver import _data_lines

    mods = {l.split("\t")[0] for l in _data_lines("entity_modifiers.tsv") if l.endswith("\tdisease")}
    assert {"x-linked", "autosomal", "dominant", "recessive"} <= mods


def test_generic_processes_are_no_diseases(nlp):
    # labels.md: no generic process words ("inflammation"); the "-genesis" processes of MeSH
    # (carcinogenesis, tumorigenesis) are no named disease (mesh_disease_stoplist.txt). NCBI-disease training split.
    found = ents(nlp, "This directly implicates beta-catenin/LEF misregulation as the major cause of hair matrix cell "
                      "tumorigenesis in humans.")
    assert not any("tumorigenesis" in t for t, _l in found)


def test_description_words_do_not_open_a_parsed_name(nlp):
    # BC5CDR training split (PMIDs of the bupivacaine, sulphasalazine, simvastatin-ezetimibe and
    # amphotericin abstracts): the noun-phrase rule of the base parse took time-course, extent,
    # certainty and evaluation words into the name; labels.md "keep modifiers that are part of the
    # name" ("severe pancreatitis" -> "pancreatitis"): name_qualitative_words.txt lists them
    cases = [
        # session 24: "neurological deficit" itself is a sign (labels.md; disease_exclude.txt), so the
        # same sentence pattern is checked with a disease head
        ("A transient acute kidney injury following intrathecal injection of 1% hyperbaric bupivacaine "
         "for unilateral spinal anaesthesia.", "acute kidney injury"),
        ("Three infants, born of two mothers with inflammatory bowel disease who received treatment with "
         "sulphasalazine throughout pregnancy, were found to have major congenital anomalies.", "congenital anomalies"),
        ("Clinicians should be aware of potential hepatotoxicity with simvastatin-ezetimibe especially in "
         "elderly patients.", "hepatotoxicity"),
        ("Recurrent reversible acute renal failure from amphotericin.", "acute renal failure"),
    ]
    for text, name in cases:
        found = ents(nlp, text)
        assert (name, "DISEASE") in found, (text, found)


def test_class_noun_in_apposition_ends_its_own_name(nlp):
    # NCBI-disease training split (ATM and HFE abstracts): the parse makes the class name a modifier
    # of the name after it; labels.md "spans are minimal noun phrases": two names
    # (disease_class_nouns.txt, resolver _class_noun_cut)
    found = ents(nlp, "Mutations in the ATM gene are responsible for the autosomal recessive disorder "
                      "ataxia-telangiectasia (A-T) (MIM 208900).")
    assert ("autosomal recessive disorder", "DISEASE") in found and ("ataxia-telangiectasia", "DISEASE") in found, found
    found = ents(nlp, "HFE is the protein product of the gene mutated in the autosomal recessive disease "
                      "hereditary hemochromatosis.")
    assert ("hereditary hemochromatosis", "DISEASE") in found, found
    assert not any(t.startswith("autosomal recessive disease ") for t, _l in found), found


def test_nationality_words_are_no_part_of_the_name(nlp):
    # NCBI-disease training split (choroideremia, Tay-Sachs and phenylketonuria abstracts): the parse
    # took the population into the name; labels.md "spans are minimal noun phrases", "keep modifiers
    # that are part of the name": the nationality is not (name_population_words.txt)
    cases = [
        ("Haplotype and multipoint linkage analysis in Finnish choroideremia families.", "choroideremia"),
        ("From data collected in a North American Tay-Sachs disease (TSD) heterozygote screening program, the TSD "
         "carrier frequency among 46, 304 Jewish individuals was found to be.", "Tay-Sachs disease"),
        ("Haplotype analysis of the phenylalanine hydroxylase gene in Turkish phenylketonuria families.", "phenylketonuria"),
    ]
    for text, name in cases:
        found = ents(nlp, text)
        assert (name, "DISEASE") in found, (text, found)


def test_spaced_age_of_onset_stays_with_onset(nlp):
    # BC5CDR and NCBI-disease training splits: "early"/"late" are time words that end a parsed name, which
    # left half a modifier ("onset migraine"); an age of onset is part of the name as in "adult-onset
    # epilepsy" (disease_onset_words.txt), spaced or hyphenated
    found = ents(nlp, "No early onset migraine was observed.")
    assert ("early onset migraine", "DISEASE") in found, found
    found = ents(nlp, "To study this dosage effect, we characterized two PAX6 mutations in a family segregating aniridia "
                      "and a milder syndrome consisting of congenital cataracts and late onset corneal dystrophy.")
    assert ("late onset corneal dystrophy", "DISEASE") in found, found


def test_benchmark_scores_a_chosen_config(tmp_path, monkeypatch):
    # benchmarks/pubtator.py --config rules|base|PATH: the chosen config with its lexicon files
    # swapped for the train-only build (the build itself is stubbed here: an empty disease.jsonl)
    pubtator = _pubtator_benchmark()

    def fake_build(cmd, **kw):
        out = Path(cmd[cmd.index("--out") + 1])
        out.mkdir(parents=True, exist_ok=True)
        (out / "disease.jsonl").write_text("", encoding="utf-8")

    monkeypatch.setattr(pubtator.subprocess, "run", fake_build)
    rules = Path(pubtator.train_only_config(tmp_path, tag="r", config="rules")).read_text(encoding="utf-8")
    base = Path(pubtator.train_only_config(tmp_path, tag="b", config="base")).read_text(encoding="utf-8")
    assert '"parser"' not in rules.split("[components]")[0] and '"parser"' in base.split("[components]")[0]
    lex = str(tmp_path / "lexiconr" / "disease.jsonl")
    assert lex in rules and str(tmp_path / "lexiconb" / "disease.jsonl") in base
