"""Readers: one per input format, each returning the same `SourceText`.

`read_source(path)` picks the reader by extension (and magic bytes), importing heavy libraries
(python-docx, pdfplumber) only when a file of that kind arrives.
"""

from __future__ import annotations

from pathlib import Path, PurePath

from ..errors import ParseError
from ..limits import Limits
from ..model import SourceText

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}
HTML_STARTS = (b"<!doctype html", b"<html")


def sniff(data: bytes, name: str | None = None) -> str:
    """The reader for bytes: by `name`'s suffix when it has a known one, else by the content
    (PDF header, ZIP container, HTML start; anything else is text, whose decoder names what
    it is when it is not UTF-8)."""
    suffix = PurePath(name).suffix.lower() if name else ""
    if suffix in (".docx", ".pdf", ".doc"):
        return suffix[1:]
    if suffix in (".htm", ".html"):
        return "html"
    if suffix in TEXT_SUFFIXES - {""}:
        return "text"
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if data[:64].lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith(HTML_STARTS):
        return "html"
    return "text"


def source_from_bytes(data: bytes, name: str | None = None, limits: Limits | None = None) -> SourceText:
    """Read bytes already in memory (stdin, an upload) under `limits`, as read_source reads a file;
    without a `name` the record and the errors call them "<bytes>"."""
    kind = sniff(data, name)
    shown = name if name is not None else "<bytes>"
    if kind == "docx":
        from .docx import docx_from_bytes

        return docx_from_bytes(data, shown, limits)
    if kind == "pdf":
        from .pdf import pdf_from_bytes

        return pdf_from_bytes(data, shown, limits)
    if kind == "html":
        from .html import html_from_bytes

        return html_from_bytes(data, shown, limits)
    if kind == "doc":
        raise ParseError("a legacy .doc is converted by LibreOffice from a file: use parse_file", name)
    from .text import text_from_bytes

    return text_from_bytes(data, shown, limits)


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
