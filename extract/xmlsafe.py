"""Safe XML parsing: no entity expansion, no DTD or network access.

``defusedxml`` refuses entity declarations (billion laughs), external entities (XXE)
and external DTD loading, so a hostile file can neither blow up memory nor reach the
network. JATS files declare a DOCTYPE with an external DTD identifier; that is allowed
because the DTD is never fetched.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from rheumex.extract.errors import ConversionError, UnsafeXML

# HTML named entities that occur in sloppy "XML" exports; mapped to characters so that
# expat does not fail on them (the DTD that would define them is never loaded).
_NAMED = {"nbsp": "\u00a0", "ndash": "\u2013", "mdash": "\u2014", "hellip": "\u2026", "times": "\u00d7",
          "plusmn": "\u00b1", "deg": "\u00b0", "micro": "\u00b5", "ge": "\u2265", "le": "\u2264",
          "rsquo": "\u2019", "lsquo": "\u2018", "rdquo": "\u201d", "ldquo": "\u201c", "alpha": "\u03b1",
          "beta": "\u03b2", "gamma": "\u03b3", "copy": "\u00a9", "reg": "\u00ae", "trade": "\u2122"}
_NAMED_RE = re.compile(rb"&(" + b"|".join(k.encode() for k in _NAMED) + rb");")


def parse_xml(data: bytes, source: str) -> ET.Element:
    """Parse XML bytes safely and return the root element.

    Raises:
        UnsafeXML: the file declares entities or external resources.
        ConversionError: the XML is not well formed.
    """
    has_entity_decl = b"<!ENTITY" in data[:200000]
    if not has_entity_decl:
        data = _NAMED_RE.sub(lambda m: _NAMED[m.group(1).decode()].encode("utf-8"), data)
    try:
        return fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as e:
        raise UnsafeXML(source, f"refused unsafe XML ({type(e).__name__}: entity declarations or external references are not allowed)") from None
    except ET.ParseError as e:
        raise ConversionError(source, f"malformed XML: {e}") from None


def local(tag: object) -> str:
    """Tag name without namespace (``{ns}p`` -> ``p``); '' for comments/PIs."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]
