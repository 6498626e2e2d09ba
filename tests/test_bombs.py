"""Issue 13, cause 4: values inside a DOCX that cost far more than the ZIP cap can see.

A 2 KB numbering.xml with w:start=2e9 and lowerLetter rendered a 77-million-letter label per
paragraph; lvlText of 100k "%1" multiplied every label; gridSpan/gridBefore of 2e9 sized table
rows by the value. Each is capped where docx.py reads it; each case must finish within a few
seconds with a small document, never a MemoryError or a hang.
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
import zlib
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from nqparser.errors import ParseError
from nqparser.sources.docx import read_docx
from timelimit import time_limit

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SECONDS = 20


def alarm(seconds: int = SECONDS) -> AbstractContextManager[None]:
    return time_limit("the read", seconds)


def docx(body: str, numbering: str | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body>{body}'
                                         "</w:body></w:document>")
        if numbering is not None:
            zf.writestr("word/numbering.xml", f'<?xml version="1.0"?><w:numbering xmlns:w="{W}">{numbering}'
                                              "</w:numbering>")
    return buf.getvalue()


def numbered(fmt: str, start: str, text: str, paragraphs: int = 20) -> bytes:
    numbering = (f'<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="{start}"/>'
                 f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl></w:abstractNum>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>')
    para = ('<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
            "<w:r><w:t>Nội dung</w:t></w:r></w:p>")
    return docx(para * paragraphs, numbering)


def read(tmp_path: Path, data: bytes) -> list[str]:
    path = tmp_path / "bomb.docx"
    path.write_bytes(data)
    with alarm():
        try:
            source = read_docx(path)
        except ParseError:
            return []
    return [line.text for line in source.lines]


@pytest.mark.parametrize("fmt", ["lowerLetter", "upperLetter", "decimal", "lowerRoman"])
def test_huge_list_start_is_capped(tmp_path, fmt):
    lines = read(tmp_path, numbered(fmt, "2000000000", "%1)"))
    assert sum(len(t) for t in lines) < 200_000


def test_start_override_is_capped(tmp_path):
    data = numbered("lowerLetter", "1", "%1)").replace(
        b'<w:abstractNumId w:val="0"/></w:num>',
        b'<w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="2000000000"/>'
        b"</w:lvlOverride></w:num>")
    lines = read(tmp_path, data)
    assert sum(len(t) for t in lines) < 200_000


def test_long_level_text_is_capped(tmp_path):
    lines = read(tmp_path, numbered("decimal", "1", "%1" * 100_000, paragraphs=200))
    assert sum(len(t) for t in lines) < 200_000


@pytest.mark.parametrize("attr", ["gridSpan", "gridBefore"])
def test_huge_grid_values_are_capped(tmp_path, attr):
    cell = "<w:tc>{pr}<w:p><w:r><w:t>ô</w:t></w:r></w:p></w:tc>"
    if attr == "gridSpan":
        row = "<w:tr>" + cell.format(pr='<w:tcPr><w:gridSpan w:val="2000000000"/></w:tcPr>') * 3 + "</w:tr>"
    else:
        row = ('<w:tr><w:trPr><w:gridBefore w:val="2000000000"/></w:trPr>' + cell.format(pr="") * 3 + "</w:tr>")
    body = "<w:p><w:r><w:t>Điều 1. Bảng</w:t></w:r></w:p><w:tbl>" + row * 50 + "</w:tbl>"
    lines = read(tmp_path, docx(body))
    assert sum(len(t) for t in lines) < 200_000


def test_letter_labels_stay_short():
    from nqparser.sources.docx import MAX_LETTER_COUNTER, format_number

    assert format_number(27, "lowerLetter") == "aa"
    assert len(format_number(MAX_LETTER_COUNTER, "lowerLetter")) == 30
    assert format_number(10**9, "upperLetter") == str(10**9)


# --- the per-worker memory limit (--max-memory) ------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent


def convert_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`nqparser convert` in a fresh interpreter: the workers fork from a small parent, as in use."""
    return subprocess.run([sys.executable, "-m", "nqparser", "convert", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS as Linux applies it")
def test_a_file_over_the_memory_limit_fails_alone(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    article = "Điều {n}. Nội dung điều khoản số {n} tăng 8,5%\n1. Khoản một 20.000 tỷ đồng\na) Điểm\n"
    body = "".join(article.format(n=n) for n in range(1, 9000)) * 20
    (inputs / "big.txt").write_text("NGHỊ QUYẾT\nQUYẾT NGHỊ:\n" + body, encoding="utf-8")
    (inputs / "small.txt").write_bytes((ROOT / "fixtures" / "raw" / "thai-nguyen-2024-h1.txt").read_bytes())
    done = convert_cli(str(inputs), "-o", str(tmp_path / "out"), "-j", "2", "--max-memory", "200M", cwd=tmp_path)
    assert done.returncode == 1
    assert f"  {inputs / 'big.txt'}: ran out of memory (limit 200 MB)" in done.stderr.splitlines()
    assert "converted 1," in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS as Linux applies it")
def test_pdf_content_stream_bomb_costs_only_its_worker(tmp_path):
    """1 MB of PDF whose page content inflates to 400 MB: pdfium aborts at the limit, the pool
    reports that worker and goes on."""
    sys.path.insert(0, str(Path(__file__).parent))
    from pdfbuild import assemble_pdf

    inputs = tmp_path / "in"
    inputs.mkdir()
    packer = zlib.compressobj(9)
    chunk = b"BT /F1 12 Tf 72 720 Td (x) Tj ET\n" * 30000
    data = b"".join(packer.compress(chunk) for _ in range(400_000_000 // len(chunk))) + packer.flush()
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    (inputs / "bomb.pdf").write_bytes(assemble_pdf([(b"/MediaBox [0 0 595 842]", stream)]))
    (inputs / "small.txt").write_bytes((ROOT / "fixtures" / "raw" / "thai-nguyen-2024-h1.txt").read_bytes())
    done = convert_cli(str(inputs), "-o", str(tmp_path / "out"), "-j", "2", "--max-memory", "300M", cwd=tmp_path)
    assert done.returncode == 1
    failure = [line for line in done.stderr.splitlines() if line.startswith("  ")]
    assert len(failure) == 1 and "bomb.pdf" in failure[0] and "out of memory (limit 300 MB)" in failure[0], done.stderr
    assert "converted 1," in done.stderr


def test_memory_sizes_read_and_shown():
    from nqparser.cli import _memory
    from nqparser.memory import human, out_of_memory

    assert _memory("0") is None and _memory("3G") == 3 << 30
    assert human(3 << 30) == "3 GB" and human(1536 << 20) == "1.5 GB" and human(512 << 20) == "512 MB"
    assert out_of_memory(3 << 30) == "ran out of memory (limit 3 GB)"
