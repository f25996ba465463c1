"""The acronym of a spelled-out acronym name is its short form later in the paper; "CREST"
alone is the syndrome in a paper about scleroderma (abbreviations.tsv, with guard words)."""


def ents(nlp, text):
    return [(e.text, e.label_) for e in nlp(text).ents]


def test_acronym_inside_a_spelled_out_name_is_its_short_form(nlp):
    found = ents(nlp, "Calcinosis cutis, Raynaud phenomenon, esophageal dysmotility, sclerodactyly and "
                      "telangiectasia (CREST) syndrome was diagnosed. CREST is a variant of limited scleroderma.")
    assert found[0][1] == "DISEASE" and found[0][0].endswith("(CREST) syndrome")
    assert ("CREST", "DISEASE") in found[1:]


def test_undefined_crest_needs_a_scleroderma_word(nlp):
    assert ("CREST", "DISEASE") in ents(nlp, "Patients with limited cutaneous systemic sclerosis and CREST often have calcinosis.")
    assert not ents(nlp, "The neural CREST cells and the iliac crest were studied.")


def test_autoantibody_subtypes_and_antisynthetase_syndrome(nlp):
    found = ents(nlp, "She had anti-synthetase syndrome and anti-MDA5 dermatomyositis; anti-Jo-1 myositis was considered.")
    for name in ("anti-synthetase syndrome", "anti-MDA5 dermatomyositis", "anti-Jo-1 myositis"):
        assert (name, "DISEASE") in found, (name, found)
    # an "anti-" drug class is no antibody subtype of a disease
    assert ("arthritis", "DISEASE") in ents(nlp, "Anti-inflammatory drugs were given for arthritis.")
