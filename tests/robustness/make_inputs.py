"""Write the bad inputs of tests/test_robustness.py into tests/robustness/inputs/.

Why generated: each file is built from a few lines of code, so what is wrong with it is written
down here rather than hidden in a binary blob, and the set can be rebuilt byte for byte
(`test_committed_inputs_are_current` checks that). Everything is made from scratch (a tiny PDF,
a tiny DOCX), not cut from fixtures/, so fixture edits never change these files. Large inputs
(the 10 MB text) are not committed: tests build them in tmp_path with the functions below.

    .venv/bin/python tests/robustness/make_inputs.py          # rewrite tests/robustness/inputs/
    .venv/bin/python tests/robustness/make_inputs.py --check  # exit 1 if a committed file differs
"""

from __future__ import annotations

import argparse
import io
import random
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # tests/pdfbuild.py when run as a script
from pdfbuild import assemble_pdf  # noqa: E402

INPUTS = HERE / "inputs"
ZIP_TIME = (2024, 1, 1, 0, 0, 0)  # fixed timestamps: the files must be reproducible

RESOLUTION = """HỘI ĐỒNG NHÂN DÂN
TỈNH THÁI NGUYÊN
Số: 12/NQ-HĐND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Thái Nguyên, ngày 10 tháng 12 năm 2024
NGHỊ QUYẾT
Về kế hoạch phát triển kinh tế - xã hội năm 2025
HỘI ĐỒNG NHÂN DÂN TỈNH THÁI NGUYÊN
KHÓA XIV, KỲ HỌP THỨ HAI MƯƠI BA
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
QUYẾT NGHỊ:
Điều 1. Mục tiêu
1. Tốc độ tăng trưởng kinh tế (GRDP) đạt 8,5%.
2. Thu ngân sách nhà nước trên địa bàn đạt 20.000 tỷ đồng.
Điều 2. Tổ chức thực hiện
Nghị quyết này đã được Hội đồng nhân dân tỉnh thông qua ngày 10 tháng 12 năm 2024.
CHỦ TỊCH
Nguyễn Văn A
"""


# --- base documents ------------------------------------------------------------------------------

def tiny_pdf(pages: int = 3, *, encrypt: bool = False, compress: bool = True, text: bool = True) -> bytes:
    """A valid PDF of `pages` pages of Helvetica text (ASCII only: WinAnsi has no Vietnamese).

    `encrypt` adds a Standard security handler whose user password is not empty (made-up O/U
    entries), so no reader can open it without one. Streams are Flate-compressed by default, so a
    truncation lands inside compressed data, as in real files. `text=False` draws only a grey box
    on each page, as a scan without a text layer looks to a PDF reader.
    """
    pages_out = []
    for page in range(pages):
        ops = [b"BT /F1 11 Tf 1 0 0 1 72 %d Tm (Dieu %d. Noi dung %d: tang truong 8,5%%.) Tj ET"
               % (760 - 16 * k, page + 1, k) for k in range(40)]
        if not text:
            ops = [b"0.5 g 72 72 451 698 re f"]
        stream = b"\n".join(ops)
        if compress:
            data = zlib.compress(stream, 9)
            body = b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(data), data)
        else:
            body = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)
        pages_out.append((b"/MediaBox [0 0 595 842]", body))
    return assemble_pdf(pages_out, encrypt=encrypt)


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def document_xml(body: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>').encode()


def paragraphs(text: str) -> str:
    return "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{_escape(line)}</w:t></w:r></w:p>"
                   for line in text.splitlines())


def docx(parts: dict[str, bytes]) -> bytes:
    """A ZIP with the given parts (plus the two package parts), deflated, fixed timestamps."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        base = {"[Content_Types].xml": CONTENT_TYPES.encode(), "_rels/.rels": PACKAGE_RELS.encode()}
        for name, data in {**base, **parts}.items():
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data, compresslevel=9)
    return buf.getvalue()


def tiny_docx() -> bytes:
    """A valid DOCX holding the sample resolution, one paragraph per line."""
    return docx({"word/document.xml": document_xml(paragraphs(RESOLUTION))})


def zip_bomb_docx(member_mb: int = 16, copies: int = 14) -> bytes:
    """A valid small DOCX plus `copies` central-directory entries that all point at one member of
    `member_mb` MB of zeros (the overlapping-entry ZIP bomb): ~16 KB on disk, and honestly
    `copies * member_mb` MB (224 MB by default, over the 200 MB cap) when every entry is inflated.
    """
    zeros = b"\0" * (member_mb << 20)
    base = docx({"word/document.xml": document_xml(paragraphs(RESOLUTION)), "word/media/zeros.bin": zeros})
    eocd = base.rindex(b"PK\x05\x06")
    (_sig, _disk, _cd_disk, _n_disk, n_total, cd_size, cd_offset, _comment) = struct.unpack(
        "<IHHHHIIH", base[eocd:eocd + 22])
    central = base[cd_offset:cd_offset + cd_size]
    start = central.index(b"word/media/zeros.bin") - 46  # the record's fixed part is 46 bytes
    name_len, extra_len, comment_len = struct.unpack("<HHH", central[start + 28:start + 34])
    record = central[start:start + 46 + name_len + extra_len + comment_len]
    central += record * (copies - 1)
    n_total += copies - 1
    tail = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, n_total, n_total, len(central), cd_offset, 0)
    return base[:cd_offset] + central + tail


def nested_tables_docx(depth: int) -> bytes:
    """Tables nested `depth` deep (a table in the only cell of a table, …) around one paragraph."""
    inner = paragraphs("Điều 1. Nội dung trong bảng lồng nhau sâu.")
    for _ in range(depth):
        inner = f"<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid><w:tr><w:tc>{inner}<w:p/></w:tc></w:tr></w:tbl>"
    return docx({"word/document.xml": document_xml(paragraphs(RESOLUTION) + inner)})


def big_text(size: int = 10 * 1024 * 1024) -> bytes:
    """Exactly `size` bytes: the sample resolution with 1 MB prose lines inside Article 1.

    Long lines rather than many short ones: they are the hard case for per-line regexes, and
    the file still parses in about a second, so the test measures robustness, not throughput.
    """
    head, tail = RESOLUTION.split("Điều 2. ")
    prose = "Tiếp tục đẩy mạnh cải cách hành chính, tăng trưởng 8,5% so với năm 2024, thu 20.000 tỷ đồng; "
    line = (prose * ((1 << 20) // len(prose.encode()))).encode()
    closing = ("\nĐiều 2. " + tail).encode()
    lines = [head.encode()]
    total = len(lines[0]) + len(closing)
    while total + len(line) + 1 <= size:
        lines.append(line)
        total += len(line) + 1
    data = b"\n".join(lines)
    return data + b" " * (size - len(data) - len(closing)) + closing


# --- the bad inputs ------------------------------------------------------------------------------

def _truncated_pdf() -> bytes:
    data = tiny_pdf()
    return data[: len(data) * 55 // 100]


def _html_as_pdf() -> bytes:
    return (b"<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head>"
            b"<body><h1>Kh\xc3\xb4ng t\xc3\xacm th\xe1\xba\xa5y trang</h1></body></html>\n")


def _deep_items() -> bytes:
    """Thousands of bullet and number levels: the tree must stay shallow and the parse linear."""
    head, tail = RESOLUTION.split("Điều 2. ")
    lines = head.splitlines()
    for i in range(1, 2001):
        lines.append(("- " if i % 2 else "+ ") * (1 + i % 12) + f"Mục {i}: {i % 97},5%;")
        lines.append(".".join(["1"] * (1 + i % 12)) + f". Mục con {i}")
    lines.append("- + " * 5000 + "Kết thúc.")
    lines.append("1." * 5000 + " Kết thúc.")
    lines.append("Điều 2. " + tail)
    return "\n".join(lines).encode()


def _zip_version_unsupported() -> bytes:
    """A valid DOCX whose central directory asks for ZIP version 14.8 (found by fuzz/fuzz_docx.py):
    zipfile raises NotImplementedError, which read_docx must turn into a ParseError."""
    data = bytearray(tiny_docx())
    record = data.index(b"PK\x01\x02")
    data[record + 6:record + 8] = (148).to_bytes(2, "little")  # "version needed to extract"
    return bytes(data)


def _nul_in_xml() -> bytes:
    """word/document.xml holding a NUL byte (found by fuzz/fuzz_docx.py): libxml2's message for it
    carries a newline, which must not reach the one-line reason."""
    return docx({"word/document.xml": document_xml(paragraphs(RESOLUTION)).replace(b"<w:body>", b"<w:body>\0")})


def _junk() -> bytes:
    return random.Random(5).randbytes(4096)


BAD_INPUTS: dict[str, Callable[[], bytes]] = {
    "truncated.pdf": _truncated_pdf,
    "encrypted.pdf": lambda: tiny_pdf(1, encrypt=True),
    "html-page.pdf": _html_as_pdf,
    "empty.pdf": lambda: b"",
    "no-text-layer.pdf": lambda: tiny_pdf(1, text=False),
    "pdf-named.doc": lambda: tiny_pdf(1),
    "truncated.docx": lambda: tiny_docx()[: len(tiny_docx()) // 2],
    "zip-bomb.docx": zip_bomb_docx,
    "not-a-zip.docx": lambda: RESOLUTION.encode(),
    "zip-version-unsupported.docx": _zip_version_unsupported,
    "nul-in-xml.docx": _nul_in_xml,
    "nested-tables-300.docx": lambda: nested_tables_docx(300),
    "utf16-bom.txt": lambda: RESOLUTION.encode("utf-16"),
    "utf16-no-bom.txt": lambda: RESOLUTION.encode("utf-16-le"),
    "windows-1258.txt": lambda: RESOLUTION.encode("cp1258", errors="replace"),
    "binary-junk.txt": _junk,
    "empty.txt": lambda: b"",
    "whitespace-only.txt": lambda: b" \t\r\n" * 256 + "\u3000\u00a0".encode() * 8,
    "deep-nesting.txt": _deep_items,
}
GOOD_INPUTS: dict[str, Callable[[], bytes]] = {
    "good.txt": lambda: RESOLUTION.encode(),
    "good.docx": tiny_docx,
    "good.pdf": lambda: tiny_pdf(3),
    "nested-tables-60.docx": lambda: nested_tables_docx(60),
}


def build() -> dict[str, bytes]:
    return {name: make() for name, make in {**BAD_INPUTS, **GOOD_INPUTS}.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="compare with the committed files, write nothing")
    args = ap.parse_args(argv)
    files = build()
    if args.check:
        stale = [n for n, data in files.items() if not (INPUTS / n).exists() or (INPUTS / n).read_bytes() != data]
        for name in stale:
            print(f"stale: {name}", file=sys.stderr)
        return 1 if stale else 0
    INPUTS.mkdir(exist_ok=True)
    for name, data in files.items():
        (INPUTS / name).write_bytes(data)
    print(f"wrote {len(files)} files ({sum(map(len, files.values())) / 1024:.0f} KB) to {INPUTS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
