"""A faster reader of PDF page content streams for pdfminer's page interpreter.

pdfminer's ``PDFContentParser`` reads a content stream a token at a time through a state
machine of bound methods over 4 kB buffers; on the 49 Hindawi PDFs that parser was more than
half of :func:`rheumex.extract.convert`'s time (``benchmarks/e2e.py``; issue 17: rheumex with
one worker at most 1.25x bare pdfminer ``extract_text``). :class:`FastPageInterpreter` reads
the same streams with one regular expression over the whole decoded content and dispatches the
operators through a cached table, producing the same operands and operators as
``PDFContentParser.nextobject`` (numbers, strings, names, arrays, dictionaries, ``true`` and
``false``, keywords; the same quirks: "--5" is -5, an odd hex digit is its own byte, an unknown
escape drops both characters).

Anything unusual sends the whole call back to pdfminer's own parser before a single operator
has run, so the result never depends on this module getting a rare case right: inline images
(``BI``/``ID``/``EI``), names with ``#`` escapes, strings with an octal escape above 255, and
brackets or dictionaries that do not nest. ``tests/test_pdf_content.py`` checks the object
stream against ``PDFContentParser`` on constructed and real content streams.
"""
from __future__ import annotations

import re
from typing import Any, Sequence

from pdfminer import settings
from pdfminer.pdfinterp import PDFInterpreterError, PDFPageInterpreter
from pdfminer.pdftypes import stream_value
from pdfminer.psparser import KWD, LIT, PSKeyword, choplist, keyword_name, literal_name


class _Fallback(Exception):
    """The content holds something this reader leaves to pdfminer's parser."""


# One alternation per token kind pdfminer's _parse_main dispatches on; the order matters only
# where two could start at one place ("<<" before "<", ">>" before ">").
_TOKEN = re.compile(
    rb"(?P<ws>[ \t\n\r\x0b\x0c\x00]+)"  # pdfminer skips \s and NUL bytes between tokens
    rb"|(?P<num>[-+](?:[0-9]+(?:\.[0-9]*)?|\.[0-9]*)?|[0-9]+(?:\.[0-9]*)?|\.[0-9]*)"  # "1.2.3" -> 1.2, .3
    rb"|(?P<kw>[A-Za-z][^#/%\[\]()<>{}\s]*)"  # keywords: a letter, then up to a delimiter
    rb"|/(?P<lit>[^#/%\[\]()<>{}\s]*)(?P<hash>#)?"  # names ("#" escapes: left to pdfminer)
    rb"|\((?P<str>[^()\\]*)\)"  # a string without escapes or nested parentheses
    rb"|(?P<cstr>\()"  # any other string
    rb"|(?P<dopen><<)|(?P<dclose>>>)"
    rb"|<(?P<hex>[0-9a-fA-F \t\n\r\x0b\x0c]*)"  # a hex string, up to the first other byte
    rb"|(?P<gt>>)"  # a lone ">": nothing
    rb"|%(?P<comment>[^\r\n]*)"
    rb"|(?P<other>.)",  # any other byte is a one-byte keyword ("[", "]", "{", "}", "'", '"', ")")
    re.S,
)
_HEX_PAIR = re.compile(rb"[0-9a-fA-F]{2}|.", re.S)
_SPACE = re.compile(rb"\s")
_ESC = {b"b": 8, b"t": 9, b"n": 10, b"f": 12, b"r": 13, b"(": 40, b")": 41, b"\\": 92}
_INLINE = frozenset({b"BI", b"ID", b"EI"})
_KW_ARRAY_BEGIN, _KW_ARRAY_END = KWD(b"["), KWD(b"]")
_KW_PROC_BEGIN, _KW_PROC_END = KWD(b"{"), KWD(b"}")


def _string(data: bytes, i: int) -> tuple[bytes, int]:
    """A literal string starting after its "(" at ``i``: (bytes, position after the closing ")")."""
    out = bytearray()
    depth = 1
    n = len(data)
    while i < n:
        c = data[i]
        if c == 0x5C:  # backslash
            i += 1
            if i >= n:
                break
            e = data[i:i + 1]
            if e in b"01234567":
                j = i
                while j < n and j - i < 3 and data[j] in b"01234567":
                    j += 1
                code = int(data[i:j], 8)
                if code > 255:
                    raise _Fallback("octal escape above 255")
                out.append(code)
                i = j
                continue
            if e in _ESC:
                out.append(_ESC[e])
            elif e == b"\r" and data[i + 1:i + 2] == b"\n":
                i += 1  # a line continuation "\\\r\n"
            i += 1  # any other escaped byte is dropped with its backslash (as pdfminer does)
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if not depth:
                return bytes(out), i + 1
        out.append(c)
        i += 1
    raise _Fallback("unterminated string")


def content_objects(data: bytes) -> list[Any]:
    """The top-level objects of a page's decoded content, in order, as pdfminer's
    ``PDFContentParser.nextobject`` yields them: operands (int, float, bool, bytes,
    ``PSLiteral``, list, dict) and operators (``PSKeyword``). Raises :class:`_Fallback` for
    content this reader leaves to pdfminer."""
    out: list[Any] = []
    stack: list[tuple[str, list]] = []  # open arrays ("a"), dictionaries ("d"), procedures ("p")
    cur = out
    pos, n = 0, len(data)
    match = _TOKEN.match
    while pos < n:
        m = match(data, pos)
        kind = m.lastgroup
        end = m.end()
        if kind == "ws" or kind == "comment":
            pos = end
            continue
        if kind == "num":
            s = m.group("num")
            try:
                cur.append(float(s) if b"." in s else int(s))
            except ValueError:
                pass  # "-", ".", "+.": no token (as pdfminer)
        elif kind == "kw":
            s = m.group("kw")
            if s == b"true":
                cur.append(True)
            elif s == b"false":
                cur.append(False)
            elif s in _INLINE:
                raise _Fallback("inline image")
            else:
                cur.append(KWD(s))
        elif kind == "hash":  # the name ran into a "#" escape (the last group matched)
            raise _Fallback("name with # escape")
        elif kind == "lit":
            s = m.group("lit")
            try:
                cur.append(LIT(str(s, "utf-8")))
            except UnicodeDecodeError:
                cur.append(LIT(s))
        elif kind == "str":
            cur.append(m.group("str"))
        elif kind == "cstr":
            s, end = _string(data, end)
            cur.append(s)
        elif kind == "hex":
            if end >= n:
                raise _Fallback("unterminated hex string")
            cur.append(_HEX_PAIR.sub(lambda h: bytes((int(h.group(0), 16),)), _SPACE.sub(b"", m.group("hex"))))
            # the byte that ended the hex string is read next as a token of its own
        elif kind == "gt":
            pass
        elif kind == "dopen":
            stack.append(("d", cur))
            cur = []
        elif kind == "dclose":
            if not stack or stack[-1][0] != "d" or len(cur) % 2:
                raise _Fallback("unbalanced dictionary")
            d = {literal_name(k): v for (k, v) in choplist(2, cur) if v is not None}
            cur = stack.pop()[1]
            cur.append(d)
        else:  # "other": one byte
            kw = KWD(m.group("other"))
            if kw is _KW_ARRAY_BEGIN or kw is _KW_PROC_BEGIN:
                stack.append(("a" if kw is _KW_ARRAY_BEGIN else "p", cur))
                cur = []
            elif kw is _KW_ARRAY_END or kw is _KW_PROC_END:
                if not stack or stack[-1][0] != ("a" if kw is _KW_ARRAY_END else "p"):
                    raise _Fallback("unbalanced brackets")
                done = cur
                cur = stack.pop()[1]
                cur.append(done)
            else:
                cur.append(kw)
        pos = end
    if stack:
        raise _Fallback("unclosed array or dictionary")
    return out


class FastPageInterpreter(PDFPageInterpreter):
    """``PDFPageInterpreter`` whose :meth:`execute` reads content with :func:`content_objects`
    (falling back to pdfminer's parser, see the module docstring). Form XObjects get the same
    class (pdfminer's ``dup``)."""

    def execute(self, streams: Sequence[object]) -> None:
        valid = []
        self.stream_ids.clear()
        for obj in streams:  # the circular-reference guard of PDFPageInterpreter.execute
            stream = stream_value(obj)
            if stream.objid is None or stream.objid in self.parent_stream_ids:
                return super().execute(streams)  # pdfminer logs and skips these: let it
            valid.append(stream)
            self.stream_ids.add(stream.objid)
        try:
            objects = content_objects(b"".join(s.get_data() for s in valid))
        except _Fallback:
            return super().execute(streams)
        table = _operators(type(self))
        push = self.push
        for obj in objects:
            if obj.__class__ is not PSKeyword:
                push(obj)
                continue
            op = table.get(obj)
            if op is None:
                op = table[obj] = _operator(type(self), obj)
            func, nargs = op
            if func is None:
                if settings.STRICT:
                    raise PDFInterpreterError(f"Unknown operator: {keyword_name(obj)!r}")
                continue
            if nargs:
                args = self.pop(nargs)
                if len(args) == nargs:
                    func(self, *args)
            else:
                func(self)


_TABLES: dict[type, dict] = {}


def _operators(cls: type) -> dict:
    t = _TABLES.get(cls)
    if t is None:
        t = _TABLES[cls] = {}
    return t


def _operator(cls: type, kw: PSKeyword) -> tuple[Any, int]:
    """(unbound ``do_...`` method or None, its argument count) for an operator keyword."""
    name = keyword_name(kw)
    method = "do_" + name.replace("*", "_a").replace('"', "_w").replace("'", "_q")
    func = getattr(cls, method, None)
    if func is None:
        return None, 0
    return func, func.__code__.co_argcount - 1
