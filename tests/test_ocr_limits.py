"""Issue 13, cause 6: blank pages never reach Tesseract, and OCR work per PDF is capped.

Tesseract is replaced by a counter (these tests are about which pages are sent, not about OCR),
so they run without it installed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from nqparser.errors import ParseError, WarningRecord
from nqparser.limits import Limits
from nqparser.sources import pdf as pdf_module
from nqparser.sources.pdf import read_pdf

sys.path.insert(0, str(Path(__file__).parent))
from pdfbuild import assemble_pdf

A4 = b"/MediaBox [0 0 595 842]"
EMPTY = b"<< /Length 0 >>\nstream\n\nendstream"
WHITE = b"<< /Length 26 >>\nstream\n1 1 1 rg 0 0 595 842 re f\nendstream"  # a white scan, as it were
MARK = b"<< /Length 24 >>\nstream\n0 0 0 rg 72 72 40 8 re f\nendstream"  # something dark: worth OCR


@pytest.fixture
def sent(monkeypatch) -> list[int]:
    pages: list[int] = []
    monkeypatch.setattr(pdf_module, "_ocr_tools", lambda: None)

    def fake_ocr(path, number, width, height):
        pages.append(number)
        return None, "OCR found no text"

    monkeypatch.setattr(pdf_module, "_ocr_page", fake_ocr)
    return pages


def test_blank_pages_are_not_sent_to_ocr(tmp_path, sent):
    path = tmp_path / "blank.pdf"
    path.write_bytes(assemble_pdf([(A4, EMPTY)] * 3000 + [(A4, WHITE)] * 100))
    with pytest.raises(ParseError) as info:
        read_pdf(path)
    assert sent == []
    assert info.value.reason == "PDF has no text: its pages are blank"


def test_ocr_pages_are_capped_and_the_rest_reported(tmp_path, sent):
    path = tmp_path / "marks.pdf"
    text = b"BT /F1 12 Tf 72 720 Td (Dieu 1. Noi dung) Tj ET"
    page = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text)
    path.write_bytes(assemble_pdf([(A4, page)] + [(A4, MARK)] * 12 + [(A4, EMPTY)] * 2))
    source = read_pdf(path, Limits(max_ocr_pages=5))
    assert sent == [2, 3, 4, 5, 6]
    assert WarningRecord("blank_pages", "2 blank page(s) not sent to OCR: 14-15") in source.warnings
    assert WarningRecord("ocr_page_limit", "7 page(s) without a text layer not read: over the limit of 5 OCR pages "
                         "(--max-ocr-pages): 7-13") in source.warnings


def test_max_ocr_pages_is_an_option(tmp_path, capsys):
    from nqparser.cli import main

    assert main(["convert", "--help"]) == 0
    assert "--max-ocr-pages" in capsys.readouterr().out


def test_unreadable_text_layer_goes_to_ocr_with_a_warning(tmp_path, sent):
    """Glyph codes instead of letters (as Identity-H fonts without ToUnicode give): the page is
    treated as scanned and sent to OCR, with a warning, instead of 0 articles in silence."""
    codes = bytes(b for b in range(1, 31) if b not in b"\n\r") * 3
    body = b"BT /F1 12 Tf 72 720 Td (" + codes + b") Tj ET 0 0 0 rg 72 72 40 8 re f"  # a mark: not blank
    stream = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(body), body)
    path = tmp_path / "glyphs.pdf"
    path.write_bytes(assemble_pdf([(A4, stream)]))
    with pytest.raises(ParseError) as info:
        read_pdf(path)
    assert sent == [1]
    assert info.value.reason == "PDF has no text: OCR found no text"
    text = b"BT /F1 12 Tf 72 720 Td (Dieu 1. Noi dung) Tj ET"
    readable = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text)
    path.write_bytes(assemble_pdf([(A4, readable), (A4, stream)]))
    source = read_pdf(path)
    assert sent == [1, 2]
    assert WarningRecord("unreadable_text_layer", "page 2: text layer is unreadable (fonts without a Unicode map); "
                         "treated as scanned") in source.warnings


def test_unreadable_share():
    from nqparser.sources.pdf import _unreadable

    assert _unreadable("\ufffd" * 30 + "abc")
    assert _unreadable("\ue001\ue002" * 20)
    assert not _unreadable("Điều 1. Nội dung \x02 tiếp " * 5)
    assert not _unreadable("\ufffd" * 5)  # too little to judge
