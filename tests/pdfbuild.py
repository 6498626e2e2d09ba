"""Assemble a minimal PDF file from page content streams (shared by tests/test_pdf.py and
tests/robustness/make_inputs.py): one Helvetica/WinAnsi font, no compression of the structure,
an optional Standard security handler."""

from __future__ import annotations

HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def assemble_pdf(pages: list[tuple[bytes, bytes]], *, encrypt: bool = False) -> bytes:
    """`pages`: for each page its extra page attributes (b"/MediaBox [0 0 595 842]") and the body
    of its content stream object (b"<< /Length 5 >>\\nstream\\n…\\nendstream").

    `encrypt` adds a Standard security handler whose user password is not empty (made-up O/U
    entries), so no reader can open the file without one.
    """
    objects: dict[int, bytes] = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 3: HELVETICA}
    kids = []
    number = 4
    for attributes, stream in pages:
        objects[number + 1] = stream
        objects[number] = (b"<< /Type /Page /Parent 2 0 R %s /Resources << /Font << /F1 3 0 R >> >> "
                           b"/Contents %d 0 R >>" % (attributes, number + 1))
        kids.append(number)
        number += 2
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    trailer = b""
    if encrypt:
        objects[number] = (b"<< /Filter /Standard /V 1 /R 2 /P -3904 /O <" + b"ab" * 32 + b"> /U <"
                           + b"cd" * 32 + b"> >>")
        file_id = b"<" + b"0123456789abcdef" * 2 + b">"
        trailer = b" /Encrypt %d 0 R /ID [%s %s]" % (number, file_id, file_id)
        number += 1
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for i in range(1, number):
        offsets[i] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (i, objects[i])
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % number
    out += b"".join(b"%010d 00000 n \n" % offsets[i] for i in range(1, number))
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (number, trailer, xref)
    return bytes(out)
