"""Name classes of session 20 (constructed sentences in the pattern of case reports; labels.md:
keep the words that are part of the name)."""


def ents(nlp, text, label="DISEASE"):
    return [e.text for e in nlp(text).ents if e.label_ == label]


def test_latin_qualifiers_after_a_name_stay_inside_it(nlp):
    assert ents(nlp, "She had calcinosis cutis universalis.") == ["calcinosis cutis universalis"]
    assert ents(nlp, "Biopsy showed morphea profunda.") == ["morphea profunda"]
    assert ents(nlp, "The lesion was panniculitis ossificans.") == ["panniculitis ossificans"]
    # an English word after the name is not taken
    assert ents(nlp, "Calcinosis cutis progressed.") == ["Calcinosis cutis"]
