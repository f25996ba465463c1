"""CALCINOSIS_SITE: anatomy coordinated with the calcification noun itself is another finding."""


def sites(nlp, text):
    return [e.text for e in nlp(text).ents if e.label_ == "CALCINOSIS_SITE"]


def test_a_finding_coordinated_with_the_calcification_is_no_site(nlp):
    assert sites(nlp, "An abdominal CT revealed pancreatic calcifications and a dilated pancreatic duct.") == ["pancreatic"]
    # coordinated locations of one calcification stay sites
    assert sites(nlp, "Calcification of the aortic valve and mitral annulus was noted.") == ["aortic valve", "mitral annulus"]


def test_anatomy_described_by_its_own_predicate_is_no_site(nlp):
    # constructed on the pattern of radiology reports: a second clause about another organ
    assert sites(nlp, "The liver showed multiple calcified cysts and the spleen was enlarged.") == ["liver"]
    assert "aorta" not in sites(nlp, "Vascular calcifications were present in the femoral arteries and the aorta was dilated.")
    # the calcification word as the predicate keeps its subject a site
    assert sites(nlp, "The kidneys were calcified.") == ["kidneys"]
