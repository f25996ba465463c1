"""BioC XML / BioC JSON input (``extract/bioc_input.py``).

The fixtures are a CC BY Hindawi article (``tests/data/pdf-jats/PMC4745336.xml``) written as
BioC in the layout of PMC's BioC API by ``tools/jats_to_bioc.py``; the JATS conversion of
the same article is the reference for the text.
"""
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from rheumex.extract.convert import convert, detect_format
from rheumex.extract.errors import ConversionError, UnsupportedFormat
from rheumex.inputs import expand_inputs

DATA = Path(__file__).parent / "data"
XML = DATA / "bioc" / "PMC4745336.bioc.xml"
JSON = DATA / "bioc" / "PMC4745336.bioc.json"


def _words(doc, kinds):
    return Counter(re.findall(r"\w+", " ".join(doc.text[s.start:s.end] for s in doc.sections if s.kind in kinds).lower()))


@pytest.mark.parametrize("path", [XML, JSON], ids=["xml", "json"])
def test_bioc_metadata_and_sections_match_the_jats(path):
    doc = convert(path)
    jats = convert(DATA / "pdf-jats" / "PMC4745336.xml")
    assert doc.format == "bioc"
    m = doc.metadata
    assert m.title == jats.metadata.title and m.doi == "10.1155/2016/4257180"
    assert m.year == 2016 and m.journal == "Scientifica" and m.pmcid == "PMC4745336"
    assert m.authors == ["Usman Aishat", "Ayinde Olubunmi"]
    body = [s.name for s in doc.sections if s.kind == "body"]
    assert body[0] == "1. Introduction" and "4. Discussions" in body
    assert _words(doc, {"body"}) == _words(jats, {"body"})  # every body word, no more
    assert _words(doc, {"abstract"}) == _words(jats, {"abstract"}) - Counter(["abstract"])  # JATS adds the heading
    refs = [s for s in doc.sections if s.kind == "references"]
    assert len(refs) == 1 and "UNAIDS" in doc.section_text(refs[0])
    assert not any("UNAIDS Global Facts" in doc.section_text(s) for s in doc.sections if s.kind == "body")
    assert any(s.kind == "back" and "Conflict" in s.name for s in doc.sections)
    assert sum(s.kind == "caption" for s in doc.sections) == 5  # the five table captions


def test_pmc_json_service_list_of_collections_is_read():
    obj = json.loads(JSON.read_text(encoding="utf-8"))
    doc = convert(json.dumps([obj]).encode(), source="pmc.json")
    assert doc.metadata.doi == "10.1155/2016/4257180"


def test_several_documents_and_non_bioc_json_are_refused_with_the_reason(tmp_path):
    obj = json.loads(JSON.read_text(encoding="utf-8"))
    obj["documents"] = obj["documents"] * 2
    with pytest.raises(ConversionError, match="holds 2 documents"):
        convert(json.dumps(obj).encode(), source="two.json")
    with pytest.raises(UnsupportedFormat, match="not a BioC collection"):
        detect_format(b'{"a": 1}', "meta.json")
    # in a folder, other JSON (download metadata) is a skipped row, BioC JSON an input
    (tmp_path / "paper.json").write_bytes(JSON.read_bytes())
    (tmp_path / "eupmc_result.json").write_text('{"hitCount": 1}')
    items = {i.path.name: i for i in expand_inputs([tmp_path])}
    assert items["paper.json"].skipped is None and items["paper.json"].error is None
    assert "not a BioC collection" in items["eupmc_result.json"].skipped


def test_hostile_bioc_xml_is_refused_by_the_safe_parser():
    from rheumex.extract.errors import UnsafeXML, XMLTooDeep

    bomb = (b'<?xml version="1.0"?><!DOCTYPE collection [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
            b"<collection><document><id>x</id><passage><offset>0</offset><text>&b;</text></passage></document></collection>")
    with pytest.raises(UnsafeXML):
        convert(bomb, source="bomb.xml")
    with pytest.raises(XMLTooDeep):
        convert(b"<collection>" + b"<a>" * 1000 + b"</a>" * 1000 + b"</collection>", source="deep.xml")
