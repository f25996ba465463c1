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


def test_title_with_a_full_stop_over_a_byline():
    # sjogren-epigenetics-review-frontgenet-hal.pdf (HAL cover page, CC BY), converted to text
    text = ("The contribution of epigenetics in Sjögren’s Syndrome.\n\n"
            "Orsia D Konsta, Yosra Thabet, Christelle Le Dantec, Wesley H Brooks,\n\n"
            "Athanasios G Tzioufas, Jacques-Olivier Pers, Yves Renaudineau\n\n"
            "To cite this version:\n\nHAL Id: hal-00987664\n\n"
            "Abstract\n\nSjögren's syndrome is an autoimmune epithelitis.\n")
    _sections, meta = detect_sections(text)
    assert meta.title == "The contribution of epigenetics in Sjögren’s Syndrome."


def test_article_type_label_between_title_and_byline_and_numbered_affiliations():
    # bmc_trials_2015_16-2_drug_monitoring_protocol.html (BMC Trials, CC BY), saved as text
    text = ("Effectiveness of a computerized drug-monitoring program to detect and prevent adverse drug events and "
            "medication non-adherence in outpatient ambulatory care: study protocol of a randomized controlled trial\n\n"
            "Study protocol\n\n"
            "Alan J Forster1234*, Tobias E Erlanger56, Alison Jennings1, Claudine Auger78, David Buckeridge56, "
            "Carl van Walraven134 and Robyn Tamblyn569\n\n"
            "1 Clinical Epidemiology Program, Ottawa Hospital Research Institute, 1053 Carling Avenue, Ottawa, ON K1Y 4E9, "
            "Canada\n\n"
            "Abstract\n\nMedications are an effective intervention for managing health problems.\n")
    _sections, meta = detect_sections(text)
    assert meta.title.startswith("Effectiveness of a computerized drug-monitoring program")


# PMC4736012 (Hindawi, CC BY; shared/docs/hindawi), its plain-text conversion: a body sentence
# starting "Table 2 shows" is no caption, and after a real caption the text goes on in the
# section the caption interrupted (it used to belong to no section at all)
_FLOATS = """Introduction

Bowel preparation is needed before capsule endoscopy.

Table 2 shows many studies regarding bowel preparation with comparison of PEG versus clear liquid diet.

Table 1: Studies of PEG bowel preparation.

Two-liter PEG solution bowel preparation is similar to that of 4 liters of PEG in DY, SBVQ, and CR of VCE.

Conclusion

Bowel preparation improves the diagnostic yield.
"""


def test_a_sentence_about_a_table_is_body_and_the_body_goes_on_after_a_caption():
    sections, _ = detect_sections(_FLOATS)
    kinds = [(s.kind, _FLOATS[s.start:s.end].split("\n")[0][:20]) for s in sections]
    assert ("caption", "Table 1: Studies of") in [(k, t.strip()) for k, t in kinds]
    assert not any(k == "caption" and t.startswith("Table 2 shows") for k, t in kinds)
    after = _FLOATS.index("Two-liter")
    owner = [s for s in sections if s.start <= after < s.end]
    assert owner and owner[0].kind == "body" and owner[0].name == "Introduction"


def test_a_lone_first_line_over_the_first_heading_is_the_title_of_a_text(tmp_path):
    # plain text in sentence case: before, the title stayed in a "Body" section and the cases table
    # lost the title's diagnoses (CASES.md 4)
    f = tmp_path / "case.txt"
    f.write_text("Calcinosis in two sisters with juvenile dermatomyositis\n\nAbstract\n\nWe describe two patients.\n\n"
                 "Case report\n\nA 12-year-old girl had calcinosis.\n", encoding="utf-8")
    from rheumex.extract import convert

    d = convert(f)
    assert d.sections[0].kind == "title" and d.metadata.title == "Calcinosis in two sisters with juvenile dermatomyositis"
