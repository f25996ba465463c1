"""CALCINOSIS_SITE classes found by hand-judging unlabelled web calcification case reports (session 19).

The texts are third-party and not copied here; the sentences are constructed in their pattern.
labels.md: one span when a conjunct does not stand alone; laterality stays inside a site; anatomy of
another finding, or what a verb acts on, is no site.
"""


def sites(nlp, text):
    return [e.text for e in nlp(text).ents if e.label_ == "CALCINOSIS_SITE"]


def test_laterality_ordinal_and_position_words_share_one_head(nlp):
    assert sites(nlp, "Calcifications were seen in the left and right knees.") == ["left and right knees"]
    assert sites(nlp, "Calcinosis of the first and second digits of both hands was seen.") == [
        "first and second digits of both hands"]
    assert sites(nlp, "There was calcification in the medial and lateral meniscus.") == ["medial and lateral meniscus"]
    assert sites(nlp, "The bilateral radial and ulnar arteries are grossly calcified.") == ["bilateral radial and ulnar arteries"]


def test_conjuncts_that_stand_alone_stay_apart(nlp):
    assert sites(nlp, "Calcification of the aorta and coronary arteries was seen.") == ["aorta", "coronary arteries"]
    assert sites(nlp, "Calcified lesions in muscle or subcutaneous tissue were seen.") == ["muscle", "subcutaneous tissue"]


def test_anatomy_of_another_finding_before_the_calcification_is_no_site(nlp):
    assert sites(nlp, "CT scan of abdomen showed a dilated pancreatic duct and calcification in the pancreas.") == ["pancreas"]
    # a calcification word before the first anatomy ties it as usual
    assert sites(nlp, "Calcification of the pancreatic duct and calcification in the pancreas were seen.") == [
        "pancreatic duct", "pancreas"]


def test_what_a_verb_acts_on_is_no_site(nlp):
    assert sites(nlp, "The calcified mass compressed the left ventricle.") == []
    assert "heart" not in sites(nlp, "The pericardium was thickened, fibrous and calcified, constricting the heart.")
    # a verb on the calcification noun ties its object
    assert sites(nlp, "Calcification surrounding the left knee was seen.") == ["left knee"]
    assert sites(nlp, "Radiographs showed calcification involving the gluteal area.") == ["gluteal area"]


def test_a_uberon_name_around_curated_anatomy_and_latin_plurals(nlp):
    # "greater trochanter" (UBERON) holds the curated "trochanter": tied like it by the window
    assert sites(nlp, "Calcification lateral to the greater trochanter was seen.") == ["greater trochanter"]
    # Latin plurals looked up singular in UBERON ("menisci" -> "meniscus")
    assert sites(nlp, "There was calcification in the medial and lateral menisci.") == ["medial and lateral menisci"]


def test_a_ct_localiser_view_is_imaging_and_its_region_no_site(nlp):
    doc = nlp("Scanogram abdomen showed multiple calcifications.")
    assert [(e.text, e.label_) for e in doc.ents if e.label_ != "DISEASE"] == [("Scanogram abdomen", "IMAGING")]


def test_a_site_list_goes_on_after_a_bracketed_short_form_or_a_determiner(nlp):
    found = sites(nlp, "Calcification of the aorta (Ao), the iliac arteries and the femoral arteries was seen.")
    assert found == ["aorta", "Ao", "iliac arteries", "femoral arteries"]
    assert sites(nlp, "Calcification was seen in the putamen and the caudate nuclei.") == ["putamen", "caudate nuclei"]


def test_regions_and_compartments(nlp):
    assert "right hypochondrium" in sites(nlp, "Calcification of the gallbladder wall was seen in the right hypochondrium.")
    assert sites(nlp, "Calcification was noted in the prevertebral soft tissues.") == ["prevertebral soft tissues"]
    # GUIDELINES 3: an anatomical "of" phrase naming one location stays inside, with the anatomy naming the part
    assert sites(nlp, "There were foci of calcification in the soft tissue compartment of the arms.") == [
        "soft tissue compartment of the arms"]


def test_surface_and_position_adjectives_of_limbs_and_joints_are_sites_s20(nlp):
    # session 20 (constructed in the pattern of calcinosis case reports)
    assert sites(nlp, "She had calcified nodules on the volar aspects of the fingers and the prepatellar region.") == [
        "volar aspects of the fingers", "prepatellar region"]
    assert sites(nlp, "Calcinosis was seen over the olecranon and in the pretibial area.") == ["olecranon", "pretibial area"]
    # a conjunct with its own part noun, or its own preposition, is a place of its own
    assert sites(nlp, "Calcinosis was present on the dorsal surface of the hands and the plantar aspect of the feet.") == [
        "dorsal surface of the hands", "plantar aspect of the feet"]
    assert sites(nlp, "Calcinosis was present on the posterior surface of the hands and on the lateral aspect of the feet.") == [
        "posterior surface of the hands", "lateral aspect of the feet"]
