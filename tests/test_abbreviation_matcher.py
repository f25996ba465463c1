"""The bounded parenthesis matcher (pipelines/abbreviation_matcher.py) finds exactly the
matches scispaCy's filter keeps from its open ``( + )`` matcher, so the detector's
abbreviations do not change."""
from spacy.matcher import Matcher

from rheumex.pipelines.abbreviation_matcher import MAX_INSIDE, bounded_matcher

# real sentences: the seed paper (tests/data/seed.txt) and dev documents
SENTENCES = [
    "Microscopic findings showing fat necrosis with calcification (H&E stain ×40) (A) and vacuolar interface "
    "dermatitis with necrotic keratinocytes (H&E stain×200) (B). Case 1.",
    "11. Whyte MP. Extraskeleta (ectopic) calcification and ossification. In: Favus MJ, Christakos S, Kleerekoper M, "
    "Shane E, Gagel R, Langman CB, Stewart AF, editors. Primer on the metabolic bone diseases and disorders of mineral "
    "metabolism. 2nd ed. New York: Raven Press; 1993. pp. 386-395.",
    # dev documents PMC4738949 (nested brackets) and PMC4745278
    "Volumetric computed tomography (CT) showed a filling defect in the left lower lobe segmental pulmonary artery "
    "(Figures 1(a) and 1(b)).",
    "Essential thrombocythemia (ET), together with polycythemia vera (PV), and primary myelofibrosis (PMF) are subtypes "
    "of the clinically and pathologically related Philadelphia chromosome-negative myeloproliferative neoplasms (MPN).",
]


def _open_matcher(nlp) -> Matcher:
    m = Matcher(nlp.vocab)
    m.add("parenthesis", [[{"ORTH": "("}, {"OP": "+"}, {"ORTH": ")"}]])
    return m


def test_bounded_matcher_keeps_the_filtered_matches_in_order(nlp, data_dir):
    texts = SENTENCES + [(data_dir / "seed.txt").read_text(encoding="utf-8")]
    bounded, open_ = bounded_matcher(nlp), _open_matcher(nlp)
    for text in texts:
        doc = nlp.make_doc(text)
        kept = [m for m in open_(doc) if (m[2] - 1) - (m[1] + 1) <= MAX_INSIDE]  # scispaCy's filter_matches cut
        assert list(bounded(doc)) == kept


def test_pipeline_detector_uses_it_and_finds_the_definitions(nlp):
    from rheumex.pipelines.abbreviation_matcher import ParenthesisMatches, ShortFormMatcher

    det = nlp.get_pipe("abbreviation_detector")
    # session 10: the bounded pattern's matches found from the ORTH column (tests/test_throughput_s10.py)
    assert isinstance(det.matcher, ParenthesisMatches) and isinstance(det.global_matcher, ShortFormMatcher)
    found = {a["short_text"]: a["long_text"] for a in nlp(SENTENCES[2])._.abbreviations}
    assert found["CT"] == "computed tomography"
    found = {a["short_text"]: a["long_text"] for a in nlp(SENTENCES[3])._.abbreviations}
    assert found["ET"] == "Essential thrombocythemia" and found["PMF"] == "primary myelofibrosis"
