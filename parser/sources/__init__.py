"""Readers: one per input format, each returning the same `SourceText`.

`read_source(path)` picks the reader by extension (and magic bytes), importing heavy libraries
(python-docx, pdfplumber) only when a file of that kind arrives.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ParseError
from ..limits import Limits
from ..model import SourceText

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}


def read_source(path: str | Path, limits: Limits | None = None) -> SourceText:
    """Read any supported file under `limits` (every reader takes the same record and reads the
    fields that concern its format: pages and OCR for PDF, the ZIP-bomb cap for DOCX)."""
    path = Path(path)
    if not path.exists():
        raise ParseError("file not found", str(path))
    if path.is_dir():
        raise ParseError("is a folder, not a file", str(path))
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from .docx import read_docx

        return read_docx(path, limits)
    if suffix == ".pdf":
        from .pdf import read_pdf

        return read_pdf(path, limits)
    if suffix in (".htm", ".html"):
        from .html import read_html

        return read_html(path, limits)
    if suffix == ".doc":
        from .doc import read_doc

        return read_doc(path, limits)
    from .text import read_text_file

    return read_text_file(path, limits)
