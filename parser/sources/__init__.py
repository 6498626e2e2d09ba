"""Readers: one per input format, each returning the same `SourceText`.

`read_source(path)` picks the reader by extension (and magic bytes), importing heavy libraries
(python-docx, pdfplumber) only when a file of that kind arrives.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ParseError
from ..model import SourceText

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}


def read_source(path: str | Path, *, max_bytes: int | None = None, max_pages: int | None = None,
                ocr: bool = True, max_unzipped_bytes: int | None = None,
                max_ocr_pages: int | None = None) -> SourceText:
    """Read any supported file; `max_pages` and `ocr` apply to PDF only, `max_unzipped_bytes`
    (the ZIP-bomb cap) to DOCX only."""
    path = Path(path)
    if not path.exists():
        raise ParseError("file not found", str(path))
    if path.is_dir():
        raise ParseError("is a folder, not a file", str(path))
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from .docx import read_docx

        return read_docx(path, max_bytes=max_bytes, max_unzipped_bytes=max_unzipped_bytes)
    if suffix == ".pdf":
        from .pdf import read_pdf

        return read_pdf(path, max_bytes=max_bytes, max_pages=max_pages, ocr=ocr, max_ocr_pages=max_ocr_pages)
    if suffix in (".htm", ".html"):
        from .html import read_html

        return read_html(path, max_bytes=max_bytes)
    if suffix == ".doc":
        from .doc import read_doc

        return read_doc(path, max_bytes=max_bytes)
    from .text import read_text_file

    return read_text_file(path, max_bytes=max_bytes)
