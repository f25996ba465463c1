"""No mention is made inside skipped sections (references, back matter), whichever rule made it.

labels.md: the references/bibliography, author lists and page furniture are not annotated. The
resolver filtered its lexicon and name candidates by section, but rules that run after that filter
(MR sequence runs, "US", locative adjectives) and the document memory did not, so a reference such as
ref. 66 of Tsampras et al., Diagnostics 2023 (MDPI, CC BY 4.0; shared/docs/
mdpi-diagnostics-cmr-hypertensive-heart-review-layoutref.pdf) still gave an IMAGING mention.
"""
from rheumex.extract.document import Document, Section
from rheumex.rows import annotate

BODY = ("Late gadolinium enhancement and diffusion-weighted imaging showed myocardial fibrosis in "
        "patients with hypertensive heart disease.\n\n")
BACK = "Conflicts of Interest: The authors study hypertensive heart disease and declare no conflicts.\n\n"
REFS = ("References\n\n66. Wu, L.-M.; Wu, R. Fibrosis quantification in Hypertensive Heart Disease with LVH and "
        "Non-LVH: Findings from T1 mapping and Contrast-free Cardiac Diffusion-weighted imaging. Sci. Rep. "
        "2017, 7, 559.\n")


def _document() -> Document:
    text = BODY + BACK + REFS
    b, k = len(BODY), len(BODY) + len(BACK)
    return Document(text=text, sections=[Section("Results", "body", 0, b), Section("Conflicts of Interest", "back", b, k),
                                         Section("References", "references", k, len(text))])


def test_no_mention_in_references_or_back_matter(nlp):
    document = _document()
    doc = annotate(nlp, document)
    body_end = len(BODY)
    assert any(e.label_ == "IMAGING" for e in doc.ents if e.end_char <= body_end)
    assert any(e.label_ == "DISEASE" and e.text.lower() == "hypertensive heart disease" for e in doc.ents)
    late = [(e.text, e.label_, e._.source) for e in doc.ents if e.start_char >= body_end]
    assert late == []


def test_include_references_annotates_the_reference_list(nlp):
    document = _document()
    doc = annotate(nlp, document, include_references=True)
    refs_start = len(BODY) + len(BACK)
    assert any(e.start_char >= refs_start for e in doc.ents)
    assert not [e for e in doc.ents if len(BODY) <= e.start_char < refs_start]  # back matter stays out


def test_names_after_an_institution_unit_are_no_mentions(nlp):
    """labels.md v2 (organisation names) and "do not annotate affiliations": "Department of Surgery"
    (the affiliation footnote of Datta et al., World J Emerg Surg 2010, CC BY; shared/docs/
    bmc-dvt-prophylaxis-trauma-sysreview-layoutref.pdf, glued marker as pdfminer reads it) is no
    TREATMENT, "Division of Infectious Diseases" no DISEASE; the same words as therapy still are."""
    def ents(text):
        return [(e.text, e.label_) for e in nlp(text).ents]

    assert ents("1Department of Surgery, University of Calgary, Calgary, Canada") == []
    assert ("tuberculosis", "DISEASE") in ents("She was referred to the Division of Infectious Diseases for tuberculosis.")
    assert not [t for t, _ in ents("She was referred to the Division of Infectious Diseases for tuberculosis.") if "Diseases" in t]
    assert ("Surgery", "TREATMENT") in ents("Surgery was performed under general anaesthesia.")
    assert ("prednisone", "TREATMENT") in ents("A course of prednisone was started.")


def test_reference_titles_do_not_decide_how_the_paper_writes_names(nlp):
    """A brand is a capitalised word the paper never writes in lower case ("Essure device"); reference
    lists lower-case titles ("... with essure hysteroscopic sterilization"), so they do not count.
    Lines from Lora Alcantara et al., Case Rep Obstet Gynecol 2016 (Hindawi, CC BY; PMC4745314)."""
    body = ("Approximately two years after the successful placement of the Essure device, the patient presented "
            "with lower abdominal pain.\n\n")
    refs = ("References\n\n[1] T. G. Hobson, J. M. Berman, and M. P. Diamond, \u201cAnalysis of adverse events with essure "
            "hysteroscopic sterilization reported to the Manufacturer and User Facility Device Experience database,\u201d 2014.\n")
    text = body + refs
    document = Document(text=text, sections=[Section("Case", "body", 0, len(body)),
                                             Section("References", "references", len(body), len(text))])
    assert ("Essure device", "TREATMENT") in [(e.text, e.label_) for e in annotate(nlp, document).ents]
