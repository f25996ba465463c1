"""Standard modality names added to the curated IMAGING list in session 17 (sources/imaging.tsv)."""


def ents(nlp, text):
    return [(e.text, e.label_) for e in nlp(text).ents]


def test_modality_names(nlp):
    found = ents(nlp, "Multidetector CT and cone-beam CT were compared with duplex ultrasound and endoscopic ultrasound. "
                      "An orthopantomogram and MIBG scintigraphy were obtained; transvaginal ultrasound showed a mass.")
    for name in ("Multidetector CT", "cone-beam CT", "duplex ultrasound", "endoscopic ultrasound", "orthopantomogram",
                 "MIBG scintigraphy", "transvaginal ultrasound"):
        assert (name, "IMAGING") in found, (name, found)
