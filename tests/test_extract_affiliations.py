"""Affiliation footnotes that a PDF layout puts in the text flow are front matter, not body
(labels.md: author lists and affiliations are not annotated). Lines from shared/docs PDFs
(all CC BY): Datta et al. 2010 (BMC layout), Hindawi case reports PMC4738949, PMC4739210."""
import pytest

from rheumex.extract.pdf import _affiliation_block

ADDRESSES = [
    "1Department of Surgery, University of Calgary, Calgary, Canada",
    "1Department of Medicine, New York-Presbyterian Hospital, Weill Cornell Medical College, New York, NY 10065, USA",
    "Division of Cardiovascular Disease, Department of Medicine, University of Tennessee Medical Center Knoxville,",
    "2 Department of Pathophysiology, School of Medicine, National University of Athens, Athens, Greece",
]
SENTENCES = [
    "Hospital stay was 10 days, uneventful",
    "Department records were reviewed, and the patient was discharged. She did well.",
    "University hospitals see many cases, as reported before.",
]


@pytest.mark.parametrize("text", ADDRESSES)
def test_addresses_are_affiliations(text):
    assert _affiliation_block(text)


@pytest.mark.parametrize("text", SENTENCES[:3])
def test_sentences_are_not(text):
    assert not _affiliation_block(text)


def test_long_blocks_are_not():
    assert not _affiliation_block("Department of Surgery, " + "University of Calgary, " * 20)
