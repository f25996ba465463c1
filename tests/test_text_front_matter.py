"""Front matter of plain text (a converted PDF saved as text): a sentence-case title over a byline,
the byline and affiliations kept out of the abstract. The front matter is copied from the
Wiley Cancer Medicine 2018 article (CC BY; /work/shared/docs/pdf-more, converted to text;
not in the gold), the rest of the text shortened."""
from rheumex.extract.sections import _looks_like_authors, detect_sections

FRONT = (
    "Cancer Medicine\n\nORIGINAL RESEARCH\n\nOpen Access\n\n"
    "Meta-analysis of whole-brain radiotherapy plus temozolomide compared with whole-brain radiotherapy for the "
    "treatment of brain metastases from non-small-cell lung cancer\n\n"
    "Yong Xin1,a, WenWen Guo1,a, Chun Sheng Yang2,a, Qian Huang1, Pei Zhang1, Long Zhen Zhang1 & Guan Jiang3\n\n"
    "1Department of Radiotherapy, Affiliated Hospital of Xuzhou Medical University, Xuzhou, Jiangsu 221002, China "
    "2Department of Dermatology, Affiliated Huai'an Hospital of Xuzhou Medical University, Huai'an, Jiangsu 223002, "
    "China 3Department of Dermatology, Affiliated Hospital of Xuzhou Medical University, Xuzhou, Jiangsu 221002, China\n\n"
    "Keywords\n\nbrain metastases, NSCLC, radiotherapy, TMZ\n\n"
    "Abstract\n\nThe aim of this meta-analysis was to compare the efficiency of whole-brain radiotherapy (WBRT) plus "
    "temozolomide (TMZ) with WBRT for the treatment of brain metastases.\n\n"
    "Introduction\n\nLung cancer is the most common malignant tumor worldwide.\n"
)


def test_sentence_case_title_over_a_byline():
    sections, meta = detect_sections(FRONT)
    assert meta.title.startswith("Meta-analysis of whole-brain radiotherapy") and meta.title.endswith("lung cancer")
    title = [s for s in sections if s.kind == "title"]
    assert len(title) == 1 and FRONT[title[0].start:title[0].end] == meta.title


def test_byline_and_affiliations_are_not_the_abstract():
    sections, _meta = detect_sections(FRONT)
    abstracts = [FRONT[s.start:s.end] for s in sections if s.kind == "abstract"]
    assert abstracts and all(a.startswith("Abstract") for a in abstracts)
    other = [FRONT[s.start:s.end] for s in sections if s.kind == "other"]
    assert any("Yong Xin1,a" in o and "1Department of Radiotherapy" in o for o in other)


def test_byline_shape():
    assert _looks_like_authors("Yong Xin1,a, WenWen Guo1,a, Chun Sheng Yang2,a, Qian Huang1, Pei Zhang1, Long Zhen Zhang1 & Guan Jiang3")
    assert _looks_like_authors("John A. Smith, Mary Jones and Peter Brown")
    # a title with commas is no byline
    assert not _looks_like_authors("Calcinosis, Raynaud's phenomenon, esophageal dysmotility and telangiectasia")
    assert not _looks_like_authors("Brain metastases, NSCLC, radiotherapy, TMZ")
