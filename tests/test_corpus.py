"""Every file of the shared corpus and samples parses to a Document or one ParseError (issue 4).

Real documents of many kinds (Markdown from web pages, OCR text, .doc, .docx, text and scanned
PDFs) must never end in a traceback. The corpus lives outside the repository (/work/shared): the
test skips when it is absent, and skips .doc files when LibreOffice is not installed. What the
parses contain is read by eye with scripts/check_corpus.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nqparser
import pytest
from nqparser.errors import ParseError

SHARED = Path("/work/shared")
ROOTS = (SHARED / "corpus", SHARED / "samples")
SUFFIXES = {".md", ".txt", ".pdf", ".doc", ".docx"}


def corpus_files() -> list[Path]:
    """The inputs; the samples' *.expected.txt are reading-order twins, not documents."""
    out: list[Path] = []
    for root in ROOTS:
        if root.is_dir():
            out.extend(p for p in sorted(root.rglob("*"))
                       if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.endswith(".expected.txt"))
    return out


FILES = corpus_files()


@pytest.mark.skipif(not FILES, reason=f"no shared corpus under {SHARED}")
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_file_gives_a_document_or_one_parse_error(path: Path) -> None:
    if path.suffix.lower() == ".doc" and not (shutil.which("soffice") or shutil.which("libreoffice")):
        pytest.skip("LibreOffice (soffice) is not installed: .doc cannot be converted")
    # OCR of a whole scanned PDF takes ~20 s; scripts/check_corpus.py runs it, tests/test_pdf.py
    # reads a scanned page. Here the scanned sample must fail cleanly with OCR turned off.
    scanned = ".scanned." in path.name
    try:
        doc = nqparser.parse_file(path, ocr=not scanned)
    except ParseError as exc:
        assert exc.reason and exc.path == str(path)
        assert not scanned or exc.reason == "PDF has no text layer (scanned) and OCR is turned off"
        return
    assert not scanned, "a scanned PDF parsed with OCR turned off"
    assert isinstance(doc, nqparser.Document)
    assert doc.source["path"] == str(path)
    assert doc.to_json()  # serialisable too: the CLI writes it
