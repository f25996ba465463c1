"""Safe XML parsing: no entity expansion, no DTD or network access.

``defusedxml`` refuses entity declarations (billion laughs), external entities (XXE)
and external DTD loading, so a hostile file can neither blow up memory nor reach the
network. JATS files declare a DOCTYPE with an external DTD identifier; that is allowed
because the DTD is never fetched.

Nesting is bounded too: the tree builder counts open elements while expat parses and stops
at :data:`MAX_DEPTH` levels (real articles, MathML included, stay under about 40), so a
hostile file of a million nested elements is refused in milliseconds instead of building a
tree that every recursive walk (text flattening, serialisation) would overflow on.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from rheumex.extract.errors import ConversionError, UnsafeXML, XMLTooDeep

#: Deepest element nesting accepted (the converters' recursive walks stay far below Python's
#: recursion limit at this depth).
MAX_DEPTH = 200


class _TooDeep(Exception):
    pass


class _DepthLimitedBuilder(ET.TreeBuilder):
    """``TreeBuilder`` that refuses to open an element deeper than ``max_depth``."""

    def __init__(self, max_depth: int) -> None:
        super().__init__()
        self.depth = 0
        self.max_depth = max_depth

    def start(self, tag, attrs):
        self.depth += 1
        if self.depth > self.max_depth:
            raise _TooDeep
        return super().start(tag, attrs)

    def end(self, tag):
        self.depth -= 1
        return super().end(tag)

# HTML named entities that occur in sloppy "XML" exports; mapped to characters so that
# expat does not fail on them (the DTD that would define them is never loaded).
_NAMED = {"nbsp": "\u00a0", "ndash": "\u2013", "mdash": "\u2014", "hellip": "\u2026", "times": "\u00d7",
          "plusmn": "\u00b1", "deg": "\u00b0", "micro": "\u00b5", "ge": "\u2265", "le": "\u2264",
          "rsquo": "\u2019", "lsquo": "\u2018", "rdquo": "\u201d", "ldquo": "\u201c", "alpha": "\u03b1",
          "beta": "\u03b2", "gamma": "\u03b3", "copy": "\u00a9", "reg": "\u00ae", "trade": "\u2122"}
_NAMED_RE = re.compile(rb"&(" + b"|".join(k.encode() for k in _NAMED) + rb");")


def parse_xml(data: bytes, source: str, max_depth: int | None = None) -> ET.Element:
    """Parse XML bytes safely and return the root element.

    Raises:
        UnsafeXML: the file declares entities or external resources.
        XMLTooDeep: elements nested deeper than ``max_depth`` (default :data:`MAX_DEPTH`).
        ConversionError: the XML is not well formed.
    """
    limit = MAX_DEPTH if max_depth is None else max_depth
    has_entity_decl = b"<!ENTITY" in data[:200000]
    if not has_entity_decl:
        data = _NAMED_RE.sub(lambda m: _NAMED[m.group(1).decode()].encode("utf-8"), data)
    try:
        parser = DefusedXMLParser(target=_DepthLimitedBuilder(limit), forbid_dtd=False, forbid_entities=True,
                                  forbid_external=True)
        parser.feed(data)
        return parser.close()
    except _TooDeep:
        raise XMLTooDeep(source, f"XML nested deeper than {limit} levels; refused (a real article is far shallower: "
                                 "check that the file is the article XML)") from None
    except DefusedXmlException as e:
        raise UnsafeXML(source, f"refused unsafe XML ({type(e).__name__}: entity declarations or external references are not allowed)") from None
    except ET.ParseError as e:
        raise ConversionError(source, f"malformed XML: {e}") from None


def local(tag: object) -> str:
    """Tag name without namespace (``{ns}p`` -> ``p``); '' for comments/PIs."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]
