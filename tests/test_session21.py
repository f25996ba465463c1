"""Classes of session 21 (constructed sentences in the pattern of case reports; labels.md and
GUIDELINES: a site keeps its anatomical "of" phrase; a condition whose course a treatment did not
change is present; only what a trigger governs is negated or hypothetical)."""


def ents(nlp, text, label):
    return [e.text for e in nlp(text).ents if e.label_ == label]


def ctx(nlp, text):
    return [(e.text, e._.negated, e._.hypothetical) for e in nlp(text).ents]


def test_an_ordinal_in_the_of_phrase_stays_in_the_site(nlp):
    assert ents(nlp, "Radiographs showed calcification of the distal phalanx of the left first finger.",
                "CALCINOSIS_SITE") == ["distal phalanx of the left first finger"]
    assert ents(nlp, "A calcified nodule was found on the distal phalanx of the right second toe.",
                "CALCINOSIS_SITE") == ["distal phalanx of the right second toe"]
    # a laterality word or ordinal with no anatomy after it is not taken
    assert ents(nlp, "Calcification of the tip of the left was seen.", "CALCINOSIS_SITE") != [
        "tip of the left"]


def test_a_treatment_that_did_not_change_a_condition_leaves_it_present(nlp):
    assert ("calciphylaxis", False, False) in ctx(nlp, "Warfarin did not halt the progression of calciphylaxis.")
    assert ("calcinosis", False, False) in ctx(nlp, "Intralesional steroids have not prevented progression of the calcinosis.")
    assert ("bisphosphonates", False, False) in ctx(nlp, "Her calcinosis did not resolve after bisphosphonates.")
    assert ("colchicine", False, False) in ctx(nlp, "Calcinosis was not controlled by colchicine.")
    # a plain negation still negates
    assert ("calcinosis", True, False) in ctx(nlp, "The patient did not have calcinosis.")


def test_a_backward_trigger_stops_at_the_comma_of_an_opening_phrase(nlp):
    got = ctx(nlp, "After failure of conventional DMARDs, a biologic agent was considered.")
    assert ("DMARDs", False, False) in got and ("biologic agent", False, True) in got
    got = ctx(nlp, "Despite methotrexate, surgery was considered.")
    assert ("methotrexate", False, False) in got and ("surgery", False, True) in got
    # with no opening phrase a list is governed as a whole
    got = ctx(nlp, "Methotrexate, surgery and colchicine were considered.")
    assert all(h for _t, _n, h in got)
