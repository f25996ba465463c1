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


def test_bare_nouns_sharing_a_location_phrase_are_one_site(nlp):
    # MPX2305 and MPX2112 (dev gold after the session-17 agreement study; GUIDELINES 7.9)
    assert sites(nlp, "Sheet-like calcinosis was present in the area of the hips and shoulders.") == ["hips and shoulders"]
    assert sites(nlp, "The calcific deposits occur most commonly at humerus or femur.") == ["humerus or femur"]
    # a conjunct with its own modifier stays apart
    assert sites(nlp, "Radiographs showed calcinosis of the left elbow and both knees.") == ["left elbow", "both knees"]


def test_every_item_of_a_longer_site_list_is_a_site_of_its_own(nlp):
    # session 18 (constructed from the pattern of seed-jkra-2007 and MPX2275 dev gold lists): the
    # items of a list of three or more stay apart, and a conjunct the parser hangs on the
    # calcification noun still counts after a site
    found = [e.text for e in nlp("Calcinosis involving the hands, elbows and knees was painful.").ents
             if e.label_ == "CALCINOSIS_SITE"]
    assert found == ["hands", "elbows", "knees"]
    found = [e.text for e in nlp("Calcinosis of the hands, wrists and elbows was seen.").ents if e.label_ == "CALCINOSIS_SITE"]
    assert found == ["hands", "wrists", "elbows"]


def test_deposits_of_calcium_anchor_a_site(nlp):
    # session 18: "deposits of calcium" is "calcium deposits" written with "of" (GUIDELINES 3 DISEASE)
    found = [(e.text, e.label_) for e in nlp("Biopsy showed deposits of calcium in the dermis.").ents]
    assert ("deposits of calcium", "DISEASE") in found and ("dermis", "CALCINOSIS_SITE") in found
