"""parse_bytes: an input held in memory parses as the same file on disk does, under the same
limits, with one clear error for bytes that are no document; the CLI's stdin goes through it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nqparser
import orjson
import pytest
from nqparser.sources import sniff

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "fixtures" / "raw"
SAMPLES = [
    RAW / "thai-nguyen-2025.txt",
    RAW / "formats" / "htm" / "thai-nguyen-2025.htm",
    RAW / "docx" / "thainguyen-112-2024-sample.docx",
    RAW / "pdf" / "thainguyen-112-2024-sample.pdf",
]


def _same(a: nqparser.Document, b: nqparser.Document) -> None:
    assert a.to_json() == b.to_json()


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.suffix)
def test_bytes_with_the_name_parse_as_the_file(path: Path) -> None:
    _same(nqparser.parse_bytes(path.read_bytes(), name=str(path)), nqparser.parse_file(path))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.suffix)
def test_bytes_without_a_name_are_sniffed(path: Path) -> None:
    doc = nqparser.parse_bytes(path.read_bytes())
    from_file = nqparser.parse_file(path).to_dict()
    got = doc.to_dict()
    assert got["source"]["path"] == "<bytes>"
    assert got["source"]["sha256"] == from_file["source"]["sha256"]
    assert got["metadata"] == from_file["metadata"] and got["indicators"] == from_file["indicators"]


def test_sniffing() -> None:
    assert sniff(b"%PDF-1.7 ...") == "pdf"
    assert sniff(b"PK\x03\x04...") == "docx"
    assert sniff(b"\xef\xbb\xbf  <!DOCTYPE html><html>") == "html"
    assert sniff(b"NGHI QUYET") == "text"
    assert sniff(b"%PDF-1.7", "a.txt") == "text"  # a known suffix wins, as for files


def test_limits_are_honoured() -> None:
    data = SAMPLES[0].read_bytes()
    with pytest.raises(nqparser.ParseError, match="over the limit"):
        nqparser.parse_bytes(data, name="x.txt", max_bytes=100)
    with pytest.raises(nqparser.ParseError, match="over the limit"):
        nqparser.parse_bytes(SAMPLES[2].read_bytes(), limits={"max_bytes": 100})
    with pytest.raises(nqparser.ParseError, match="pages, over the limit"):
        nqparser.parse_bytes(SAMPLES[3].read_bytes(), limits={"max_pages": 1})


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "empty"),
    (b"\x00\x01\x02" * 400, "binary"),
    (b"PK\x03\x04 not really a zip", "not a valid DOCX"),
    (b"%PDF-1.7 truncated", "PDF"),
    ("Nghị quyết".encode("utf-16"), "UTF-16"),
])
def test_bad_bytes_give_a_clear_error(data: bytes, reason: str) -> None:
    with pytest.raises(nqparser.ParseError, match=reason) as info:
        nqparser.parse_bytes(data, name="upload")
    assert info.value.path == "upload"


def test_cli_stdin_writes_no_temporary_file() -> None:
    pdf = SAMPLES[3]
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, TMPDIR=tmp, PYTHONUTF8="1")
        proc = subprocess.run([sys.executable, "-m", "nqparser", "-", "--compact"], input=pdf.read_bytes(),
                              capture_output=True, env=env, cwd=ROOT, timeout=120)
        assert os.listdir(tmp) == []
    assert proc.returncode == 0, proc.stderr
    doc = orjson.loads(proc.stdout)
    from_file = nqparser.parse_file(pdf).to_dict()
    assert doc["source"]["path"] == "<stdin>" and doc["source"]["format"] == "pdf"
    assert doc["articles"] == from_file["articles"] and doc["indicators"] == from_file["indicators"]


@pytest.mark.skipif(not (shutil.which("tesseract") and shutil.which("pdftoppm")), reason="needs tesseract and pdftoppm")
def test_scanned_pdf_bytes_are_read_by_ocr_from_stdin() -> None:
    scanned = ROOT / "tests" / "data" / "pdf" / "scanned-sample.pdf"
    doc = nqparser.parse_bytes(scanned.read_bytes(), name=str(scanned))
    assert doc.source.ocr_pages  # pdftoppm rendered the pages from the bytes on its stdin ("-")
    assert doc.to_json() == nqparser.parse_file(scanned).to_json()
