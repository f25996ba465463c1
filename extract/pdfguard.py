"""Bounded decoding of PDF streams: a decompression bomb is refused, never inflated.

pdfminer.six decodes a stream whole the first time it is read (``zlib.decompress`` in
``PDFStream.decode``), so a 7 KB PDF whose FlateDecode stream inflates to 4 GB takes a
worker to 4.5 GB before any check can run, and the error the user then sees is "no text
layer". This module replaces the decoders that ``PDFStream.decode`` calls (FlateDecode and
its corrupted-stream fallback, LZWDecode, RunLengthDecode, CCITTFaxDecode) with versions
that count what they produce and stop as soon as

* one decoding step of one stream passes ``max_stream_bytes`` (:data:`LIMITS`, 64 MB), or
* all the streams of one document together pass ``max_document_bytes`` (256 MB),

before inflating any further: zlib output is produced in slices of at most the bytes still
allowed (``decompressobj().decompress(data, max_length)``), LZW and RunLength output is
counted as it is produced. Each step of a filter chain (``[/FlateDecode /FlateDecode]``)
is capped on its own, which is how a few kilobytes reach gigabytes.

Use :func:`guarded` around a converter (``convert_pdf = guarded(convert_pdf)``): it gives
every document its own budget and, when a stream was refused, raises
:class:`~rheumex.extract.errors.DecompressionBomb` ("decompressed PDF stream larger than
64 MB (zip bomb?)") whatever pdfminer or the converter made of the aborted read (a
skipped page, "no text layer", "corrupt PDF"). Outside :func:`guarded` the per-stream cap
still applies to every pdfminer read in the process once this module is imported.
Images are not decoded by pdfminer's text extraction, so large scans do not count.
"""
from __future__ import annotations

import contextvars
import functools
import io
import zlib
from dataclasses import dataclass
from typing import Callable, TypeVar

from rheumex.extract.errors import DecompressionBomb

MB = 1024 * 1024


@dataclass(frozen=True)
class GuardLimits:
    """Decoded-size limits, in bytes. ``max_stream_bytes``: one decoding step of one stream;
    ``max_document_bytes``: everything one document decodes."""

    max_stream_bytes: int = 64 * MB
    max_document_bytes: int = 256 * MB


#: The limits :func:`guarded` applies (replace it to change them, e.g. in a test).
LIMITS = GuardLimits()

_SLICE = 4 * MB  # zlib output is produced in slices of at most this many bytes


class _Budget:
    """What one document may still decode; remembers the first refusal."""

    def __init__(self, source: str, limits: GuardLimits) -> None:
        self.source = source
        self.limits = limits
        self.used = 0
        self.error: DecompressionBomb | None = None

    def allowance(self) -> int:
        """Bytes the next decoding step may produce before it is refused."""
        if self.error is not None:
            raise self.error  # the document is already refused: stop reading it at once
        return min(self.limits.max_stream_bytes, self.limits.max_document_bytes - self.used)

    def refuse(self, produced: int) -> DecompressionBomb:
        if produced > self.limits.max_stream_bytes:
            reason = f"decompressed PDF stream larger than {_mb(self.limits.max_stream_bytes)} MB (zip bomb?)"
        else:
            reason = (f"decompressed PDF streams larger than {_mb(self.limits.max_document_bytes)} MB "
                      "in total (zip bomb?)")
        self.error = DecompressionBomb(self.source, reason)
        return self.error

    def spend(self, n: int) -> None:
        self.used += n


def _mb(n: int) -> str:
    return f"{n / MB:g}"


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("rheumex_pdf_budget", default=None)


def _current() -> _Budget:
    b = _BUDGET.get()
    return b if b is not None else _Budget("<pdf>", LIMITS)  # outside guarded(): per-stream cap only


class _Counter:
    """Counts the output of one decoding step against the budget."""

    def __init__(self) -> None:
        self.budget = _current()
        self.allowed = self.budget.allowance()
        self.total = 0

    def add(self, n: int) -> None:
        self.total += n
        if self.total > self.allowed:
            raise self.budget.refuse(self.total)

    def done(self) -> None:
        self.budget.spend(self.total)


def inflate(data: bytes) -> bytes:
    """``zlib.decompress(data)`` that never produces more than the budget allows.

    Raises:
        DecompressionBomb: the output would pass the stream or document limit.
        zlib.error: as ``zlib.decompress`` does (corrupt or truncated data).
    """
    c = _Counter()
    d = zlib.decompressobj()
    out: list[bytes] = []
    buf = data
    while True:
        chunk = d.decompress(buf, min(_SLICE, c.allowed - c.total + 1))
        c.add(len(chunk))
        out.append(chunk)
        buf = d.unconsumed_tail
        if d.eof or (not buf and not chunk):
            break
    if not d.eof:
        raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
    c.done()
    return b"".join(out)


def inflate_corrupted(data: bytes) -> bytes:
    """pdfminer's ``decompress_corrupted`` (inflate a stream with a bad checksum byte by
    byte, keeping what decodes), bounded like :func:`inflate`."""
    c = _Counter()
    d = zlib.decompressobj()
    out: list[bytes] = []
    f = io.BytesIO(data)
    i = 0
    buffer = f.read(1)
    try:
        while buffer:
            chunk = d.decompress(buffer, c.allowed - c.total + 1)
            c.add(len(chunk))
            out.append(chunk)
            while d.unconsumed_tail:  # one input byte made more output than the slice
                buffer = d.unconsumed_tail
                chunk = d.decompress(buffer, c.allowed - c.total + 1)
                c.add(len(chunk))
                out.append(chunk)
            buffer = f.read(1)
            i += 1
    except zlib.error:
        if i < len(data) - 3:  # not in the trailing checksum: really corrupt
            raise
    c.done()
    return b"".join(out)


def lzw_decode(data: bytes) -> bytes:
    """pdfminer's ``lzwdecode``, with its output counted as it is produced."""
    from pdfminer.lzw import LZWDecoder

    c = _Counter()
    out: list[bytes] = []
    for chunk in LZWDecoder(io.BytesIO(data)).run():
        c.add(len(chunk))
        out.append(chunk)
    c.done()
    return b"".join(out)


def rl_decode(data: bytes) -> bytes:
    """pdfminer's ``rldecode``; the decoded size is read from the run lengths first."""
    from pdfminer.runlength import rldecode

    c = _Counter()
    i, n = 0, len(data)
    while i < n:
        length = data[i]
        if length == 128:
            break
        if length < 128:
            c.add(length + 1)
            i += length + 2
        else:
            c.add(257 - length)
            i += 2
    out = rldecode(data)
    c.done()
    return out


def ccitt_decode(data: bytes, params: dict) -> bytes:
    """pdfminer's ``ccittfaxdecode`` (pure Python, image data only), output size checked."""
    from pdfminer.ccitt import ccittfaxdecode

    c = _Counter()
    out = ccittfaxdecode(data, params)
    c.add(len(out))
    c.done()
    return out


class _BoundedZlib:
    """Stands in for the ``zlib`` module inside ``pdfminer.pdftypes``: ``decompress`` is bounded."""

    error = zlib.error

    @staticmethod
    def decompress(data: bytes, *args, **kwargs) -> bytes:
        return inflate(data)

    def __getattr__(self, name: str):
        return getattr(zlib, name)


_INSTALLED = False


def install() -> None:
    """Put the bounded decoders into ``pdfminer.pdftypes`` (once per process; idempotent)."""
    global _INSTALLED
    if _INSTALLED:
        return
    import pdfminer.pdftypes as pdftypes

    for name in ("zlib", "decompress_corrupted", "lzwdecode", "rldecode", "ccittfaxdecode"):
        if not hasattr(pdftypes, name):
            raise RuntimeError(f"pdfminer.six {getattr(__import__('pdfminer'), '__version__', '?')} has no "
                               f"pdftypes.{name}; rheumex.extract.pdfguard needs updating for this version")
    pdftypes.zlib = _BoundedZlib()
    pdftypes.decompress_corrupted = inflate_corrupted
    pdftypes.lzwdecode = lzw_decode
    pdftypes.rldecode = rl_decode
    pdftypes.ccittfaxdecode = ccitt_decode
    _INSTALLED = True


F = TypeVar("F", bound=Callable)


def guarded(convert: F) -> F:
    """Wrap a PDF converter ``convert(data, source, ...)``: each call gets its own decoding
    budget (:data:`LIMITS`), and a refused stream raises
    :class:`~rheumex.extract.errors.DecompressionBomb` naming the file, whatever the
    converter did with the aborted read."""

    @functools.wraps(convert)
    def wrapper(data: bytes, source: str = "<bytes>", *args, **kwargs):
        install()
        budget = _Budget(source, LIMITS)
        token = _BUDGET.set(budget)
        try:
            result = convert(data, source, *args, **kwargs)
        except Exception:
            if budget.error is not None:
                raise budget.error from None
            raise
        finally:
            _BUDGET.reset(token)
        if budget.error is not None:  # the converter carried on without the refused stream
            raise budget.error
        return result

    return wrapper  # type: ignore[return-value]


install()
