"""Standard modality names added to the curated IMAGING list in session 17 (sources/imaging.tsv)."""


def ents(nlp, text):
    return [(e.text, e.label_) for e in nlp(text).ents]


def test_modality_names(nlp):
    found = ents(nlp, "Multidetector CT and cone-beam CT were compared with duplex ultrasound and endoscopic ultrasound. "
                      "An orthopantomogram and MIBG scintigraphy were obtained; transvaginal ultrasound showed a mass.")
    for name in ("Multidetector CT", "cone-beam CT", "duplex ultrasound", "endoscopic ultrasound", "orthopantomogram",
                 "MIBG scintigraphy", "transvaginal ultrasound"):
        assert (name, "IMAGING") in found, (name, found)


def test_grafts_and_flaps_are_treatments(nlp):
    found = ents(nlp, "The defect was covered with a skin graft. A split-thickness skin graft healed well. A free flap was raised.")
    for name in ("skin graft", "split-thickness skin graft", "free flap"):
        assert (name, "TREATMENT") in found, (name, found)
    # a drug before "pulse therapy" keeps its own name (GUIDELINES 3: "Augmentin therapy" -> "Augmentin")
    found = ents(nlp, "Steroid pulse therapy and methylprednisolone pulse therapy were given.")
    assert ("Steroid pulse therapy", "TREATMENT") in found and ("methylprednisolone", "TREATMENT") in found
    assert ("pulse therapy", "TREATMENT") not in found
