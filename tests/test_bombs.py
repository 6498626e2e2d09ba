"""Issue 13, cause 4: values inside a DOCX that cost far more than the ZIP cap can see.

A 2 KB numbering.xml with w:start=2e9 and lowerLetter rendered a 77-million-letter label per
paragraph; lvlText of 100k "%1" multiplied every label; gridSpan/gridBefore of 2e9 sized table
rows by the value. Each is capped where docx.py reads it; each case must finish within a few
seconds with a small document, never a MemoryError or a hang.
"""

from __future__ import annotations

import io
import signal
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from parser.errors import ParseError
from parser.sources.docx import read_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SECONDS = 20


@contextmanager
def alarm(seconds: int = SECONDS) -> Iterator[None]:
    def fail(signum: int, frame: object) -> None:
        raise AssertionError(f"did not finish within {seconds} s")

    old = signal.signal(signal.SIGALRM, fail)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


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
    from parser.sources.docx import MAX_LETTER_COUNTER, format_number

    assert format_number(27, "lowerLetter") == "aa"
    assert len(format_number(MAX_LETTER_COUNTER, "lowerLetter")) == 30
    assert format_number(10**9, "upperLetter") == str(10**9)
