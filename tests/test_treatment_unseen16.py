"""TREATMENT procedure classes found on the 13 MedPix teaching cases added to the dev gold in
session 16 (measured fresh before any rule was written: TREATMENT F1 0.732). Sentences are
copied from those dev gold texts (named in each test), abridged.
"""


def ents(nlp, text):
    return [(e.text, e.label_) for e in nlp(text).ents]


def test_guidance_stays_in_the_procedure_name(nlp):
    # MPX2608 (empyema), Treatment & Follow Up and Disease Discussion
    found = ents(nlp, "The patient underwent image guided drainage and chest tube placement by interventional radiology.")
    assert ("image guided drainage", "TREATMENT") in found and ("chest tube placement", "TREATMENT") in found
    found = ents(nlp, "The therapeutic armamentarium consists of image-guided percutaneous catheter drainage and a variety "
                      "of surgical drainage procedures, including video-assisted thoracic surgery (VATS).")
    assert ("image-guided percutaneous catheter drainage", "TREATMENT") in found
    assert ("video-assisted thoracic surgery", "TREATMENT") in found


def test_centesis_procedures_are_treatments_but_not_glued_keywords(nlp):
    # MPX2608: "Thoracentesis plays a critical role in the management of pleural effusions"
    found = ents(nlp, "Thoracentesis plays a critical role in the management of pleural effusions.")
    assert ("Thoracentesis", "TREATMENT") in found
    # amniocentesis is a diagnostic test (labels.md: diagnostic procedures are not TREATMENT);
    # a run of glued keywords ending in -centesis is no word
    found = ents(nlp, "Amniocentesis was offered. Keywords: empyemaeffusionthoracentesis")
    assert not any(label == "TREATMENT" for _, label in found)


def test_procedure_nouns_after_their_object_and_approach_words(nlp):
    # MPX1432 (sacral insufficiency fracture), Treatment & Follow Up
    found = ents(nlp, "This can be accomplished with anterior pelvic fixation methods or retrograde sacral pinning.")
    assert ("anterior pelvic fixation", "TREATMENT") in found and ("retrograde sacral pinning", "TREATMENT") in found
    # MPX1677 (coarctation of the aorta), Disease Discussion
    found = ents(nlp, "The current trend is to try transcatheter balloon dilation before surgery in older children. "
                      "The patient needed repeat surgery.")
    assert ("transcatheter balloon dilation", "TREATMENT") in found and ("repeat surgery", "TREATMENT") in found
    # MPX1321 (coarctation of the aorta): "expandable endovascular stents"
    assert ("expandable endovascular stents", "TREATMENT") in ents(nlp, "Options include expandable endovascular stents.")


def test_developmental_anomaly_word_forms_are_diseases(nlp):
    # DISEASE word forms met on the same new dev documents: MPX1610 (pulmonary sequestration),
    # "Also included in the category of thoracic anomalies are: pulmonary agenesis ... pulmonary aplasia";
    # MPX2527 (macrodystrophia lipomatosa), differential "macrodactyly"
    found = ents(nlp, "Also included in the category of thoracic anomalies are: pulmonary agenesis, pulmonary aplasia "
                      "and macrodactyly.")
    for name in ("pulmonary agenesis", "pulmonary aplasia", "macrodactyly"):
        assert (name, "DISEASE") in found
    assert not ents(nlp, "The pathogenesis of osteogenesis is discussed.")  # processes, not diseases
