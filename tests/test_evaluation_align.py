"""``rheumex evaluate --pred RUN --align``: mentions found on a converted text (a PDF's) are
projected onto the gold text by a character alignment (``rheumex.evaluation.align``).

Synthetic pairs built from sentences of the shared Hindawi case reports (PMC4735928 and
PMC4745306, CC BY): running heads inserted, line-end hyphens, a caption set elsewhere,
ligatures; exact matches must stay exact."""
import time

import pandas as pd

from rheumex.evaluation.align import align_texts, match_run_documents, project_span, project_spans

GOLD = (
    "Successful Treatment of Secondary Aortoenteric Fistula with a Special Graft\n\n"
    "Abstract\n\n"
    "Aortoenteric fistula is an uncommon but life-threatening cause of gastrointestinal blood loss. "
    "We report a case of a 70-year-old man who presented to the emergency department with an episode of "
    "melena and infection in the left inguinal region.\n\n"
    "2. Case Presentation\n\n"
    "Computed tomography showed a fistula between the graft and the descending colon. "
    "We performed excision of the infected graft and in situ silver acetate coating of prosthetic vascular "
    "graft replacement on the patient.\n\n"
    "Figure 1: Abdominal computed tomography showing air around the left limb of the aortobifemoral graft.\n"
)


def _span(text: str, phrase: str, label: str = "DISEASE", nth: int = 0) -> dict:
    s = -1
    for _ in range(nth + 1):
        s = text.index(phrase, s + 1)
    return {"start": s, "end": s + len(phrase), "label": label}


def _proj(pred: str, sp: dict) -> tuple[int, int] | None:
    return project_span(sp["start"], sp["end"], pred, align_texts(pred, GOLD))


def test_identical_texts_map_every_mention_exactly():
    spans = [_span(GOLD, "Aortoenteric fistula"), _span(GOLD, "Computed tomography", "IMAGING"),
             _span(GOLD, "silver acetate", "TREATMENT")]
    mapped, unmapped = project_spans(spans, GOLD, GOLD)
    assert unmapped == [] and [(m["start"], m["end"]) for m in mapped] == [(s["start"], s["end"]) for s in spans]


def test_running_head_and_page_number_inside_a_sentence():
    pred = GOLD.replace("the left inguinal region.", "the left\n\n2 Case Reports in Vascular Medicine\n\ninguinal region.")
    # a mention that straddles the running head still lands on the gold words, others stay exact
    g = _span(GOLD, "Aortoenteric fistula")
    assert _proj(pred, _span(pred, "Aortoenteric fistula")) == (g["start"], g["end"])
    g2 = _span(GOLD, "Computed tomography", "IMAGING")
    assert _proj(pred, _span(pred, "Computed tomography", "IMAGING")) == (g2["start"], g2["end"])
    # a mention inside the running head itself has no gold counterpart
    assert _proj(pred, _span(pred, "Vascular Medicine")) is None


def test_line_end_hyphens_kept_or_joined_differently():
    pred = GOLD.replace("gastrointestinal", "gastroin- testinal").replace("life-threatening", "lifethreatening")
    pred = pred.replace("prosthetic vascular", "pros-\nthetic vascular")
    for phrase, p_phrase in (("gastrointestinal blood loss", "gastroin- testinal blood loss"),
                             ("prosthetic vascular graft replacement", "pros-\nthetic vascular graft replacement"),
                             ("life-threatening cause", "lifethreatening cause")):
        g = _span(GOLD, phrase)
        assert _proj(pred, _span(pred, p_phrase)) == (g["start"], g["end"]), phrase


def test_caption_set_elsewhere_is_still_found():
    cap = "Figure 1: Abdominal computed tomography showing air around the left limb of the aortobifemoral graft.\n"
    body = GOLD.replace(cap, "")
    i = body.index("2. Case Presentation")
    pred = body[:i] + cap + "\n" + body[i:]  # the PDF puts the caption before the section
    g = _span(GOLD, "computed tomography", "IMAGING", nth=0)
    g = _span(GOLD, "Abdominal computed tomography", "IMAGING")
    assert _proj(pred, _span(pred, "Abdominal computed tomography", "IMAGING")) == (g["start"], g["end"])
    g = _span(GOLD, "Computed tomography", "IMAGING")
    assert _proj(pred, _span(pred, "Computed tomography", "IMAGING")) == (g["start"], g["end"])


def test_ligatures_quotes_and_accents_are_normalised():
    gold = "The patient\u2019s fistula was classified as primary; \u00c7i\u00e7ek et al. described it.\n"
    pred = "The patient's \ufb01stula was classi\ufb01ed as primary; C\u00b8ic\u00b8ek et al. described it.\n"
    cmap = align_texts(pred, gold)
    s = pred.index("\ufb01stula")
    assert project_span(s, s + len("\ufb01stula"), pred, cmap) == (gold.index("fistula"), gold.index("fistula") + 7)
    s = pred.index("C\u00b8")
    assert project_span(s, pred.index(" et al"), pred, cmap) == (gold.index("\u00c7"), gold.index(" et al"))


def test_text_only_in_the_prediction_is_unmapped_and_counted():
    pred = GOLD + "\nReferences\n\n[1] J. Smith, Aortoenteric fistula after aneurysm repair, J Vasc Surg, 2001.\n"
    spans = [_span(pred, "Aortoenteric fistula"), _span(pred, "Aortoenteric fistula", nth=1)]
    mapped, unmapped = project_spans(spans, pred, GOLD)
    assert len(mapped) == 1 and len(unmapped) == 1 and unmapped[0]["start"] > len(GOLD)


def test_fifty_thousand_characters_align_in_well_under_a_second():
    import random

    rnd = random.Random(1)
    words = GOLD.split() + [f"w{k}" for k in range(3000)]
    gold = " ".join(rnd.choice(words) for _ in range(8000))
    assert len(gold) > 45000
    ws = gold.split(" ")
    pred = []
    for k, w in enumerate(ws):  # a running head every 400 words, a hyphen every 97
        pred.append(w if k % 97 else w[: len(w) // 2] + "- " + w[len(w) // 2 :])
        if k % 400 == 399:
            pred.append(f"\n\n{k // 400} Case Reports in Surgery\n\n")
    pred = " ".join(pred)
    t0 = time.process_time()  # CPU seconds: other jobs share the machine
    cmap = align_texts(pred, gold)
    assert time.process_time() - t0 < 0.8
    inv = set(cmap.values())
    assert sum(1 for i, c in enumerate(gold) if c.isalnum() and i in inv) / sum(c.isalnum() for c in gold) > 0.99


def test_gold_documents_matched_by_text_doi_pmcid_or_file_name():
    gold = [{"id": "PMC4735928", "text": "A", "meta": {"source": "docs/hindawi/PMC4735928/fulltext.xml"}},
            {"id": "g2", "text": "B", "meta": {"doi": "10.1155/2016/1234567"}},
            {"id": "g3", "text": "C", "meta": {"source": "docs/hindawi/PMC9/fulltext.xml"}},
            {"id": "g4", "text": "same text", "meta": {}},
            {"id": "g5", "text": "E", "meta": {}}]
    docs = pd.DataFrame({"doc_id": ["d1", "d2", "d3", "d4"],
                         "source": ["/x/hindawi/PMC4735928/fulltext.pdf", "/y/paper.pdf", "/z/PMC9/fulltext.pdf", "/t/a.txt"],
                         "doi": [None, "10.1155/2016/1234567", None, None],
                         "text": ["a", "b", "c", "same text"]})
    assert match_run_documents(gold, docs) == {"PMC4735928": "d1", "g2": "d2", "g3": "d3", "g4": "d4"}
