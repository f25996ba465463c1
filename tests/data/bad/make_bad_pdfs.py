"""Make the broken PDFs in this folder (standard library only; deterministic output).

* ``encrypted.pdf``: a one-page PDF encrypted with the PDF standard security handler
  (revision 2, RC4 40-bit) under the user password ``secret`` (owner password ``owner``);
  it cannot be opened without the password.
* ``image_only.pdf``: one page holding only a grey-scale image (a synthetic "scan": dark
  bars where lines of text would be), no text layer at all.
* ``truncated.pdf``: the first 40% of the bytes of ``src/rheumex/example/seed.pdf``: the
  objects at the end (page tree, catalog, cross-reference table, trailer) are missing.

Run from anywhere: ``python tests/data/bad/make_bad_pdfs.py``.
"""
from __future__ import annotations

import hashlib
import struct
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED_PDF = HERE.parents[2] / "src" / "rheumex" / "example" / "seed.pdf"

# the 32-byte padding string of the standard security handler (PDF 1.7, 7.6.3.3)
PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for b in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(b ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _pdf(objects: list[bytes], root: int, extra_trailer: bytes = b"") -> bytes:
    """``tools/make_example_pdf.pdf_bytes``, the project's one PDF writer (loaded by file path)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_example_pdf", HERE.parents[2] / "tools" / "make_example_pdf.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.pdf_bytes(objects, root, extra_trailer)


def encrypted_pdf(user: bytes = b"secret", owner: bytes = b"owner") -> bytes:
    doc_id = hashlib.md5(b"rheumex encrypted test file").digest()
    p = -44  # permissions: print/copy etc. as a typical writer sets them (value only matters for the key)
    # algorithm 3 (O entry), revision 2
    okey = hashlib.md5((owner + PAD)[:32]).digest()[:5]
    o_entry = rc4(okey, (user + PAD)[:32])
    # algorithm 2 (file key), revision 2: 40-bit
    key = hashlib.md5((user + PAD)[:32] + o_entry + struct.pack("<i", p) + doc_id).digest()[:5]
    u_entry = rc4(key, PAD)  # algorithm 4

    def obj_key(num: int) -> bytes:
        return hashlib.md5(key + struct.pack("<I", num)[:3] + b"\x00\x00").digest()[:10]

    content = b"BT /F1 14 Tf 72 720 Td (This file is encrypted; the password is needed to read it.) Tj ET"
    stream = rc4(obj_key(4), content)
    title = rc4(obj_key(6), b"Encrypted test file")
    hexs = lambda b: b"<" + b.hex().encode() + b">"  # noqa: E731
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Title " + hexs(title) + b" >>",
        b"<< /Filter /Standard /V 1 /R 2 /O " + hexs(o_entry) + b" /U " + hexs(u_entry) + b" /P %d >>" % p,
    ]
    return _pdf(objects, 1, b"/Info 6 0 R /Encrypt 7 0 R /ID [" + hexs(doc_id) + b" " + hexs(doc_id) + b"] ")


def image_only_pdf() -> bytes:
    w, h = 425, 550  # a 0.5x-scale "scan" of a letter page, 8-bit grey
    rows = []
    for y in range(h):
        line = bytearray([238] * w)  # paper
        if 40 <= y < 510 and (y - 40) % 14 < 7:  # lines of "text"
            block = (y - 40) // 14
            right = w - 40 - (block * 37) % 90
            for x in range(40, right):
                if (x // 6 + block) % 9:  # gaps between "words"
                    line[x] = 40
        rows.append(bytes(line))
    raw = b"".join(rows)
    data = zlib.compress(raw, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>",
        None,
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Filter /FlateDecode /Length %d >>\nstream\n" % (w, h, len(data)) + data + b"\nendstream",
    ]
    content = b"q 612 0 0 792 0 0 cm /Im1 Do Q"
    objects[3] = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
    return _pdf(objects, 1)


def truncated_pdf() -> bytes:
    data = SEED_PDF.read_bytes()
    return data[: int(len(data) * 0.4)]


def main() -> None:
    for name, data in (("encrypted.pdf", encrypted_pdf()), ("image_only.pdf", image_only_pdf()),
                       ("truncated.pdf", truncated_pdf())):
        (HERE / name).write_bytes(data)
        print(f"wrote {HERE / name} ({len(data):,} bytes)")


if __name__ == "__main__":
    main()
