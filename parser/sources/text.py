"""Plain text: decode strictly (UTF-8 with or without BOM), NFC, one SourceLine per line.

Anything that is not UTF-8 is refused with a reason that names what it looks like (UTF-16,
a legacy code page, binary), because a silent wrong decode would corrupt every record.
"""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

from ..errors import ParseError
from ..limits import Limits
from ..model import Format, SourceLine, SourceText
from .files import check_size, read_limited

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# Every byte but the C0 controls that never occur in text: deleting these from a sample leaves
# the suspicious ones to count (a bytes.translate, not a Python loop over characters).
_NOT_CONTROL = bytes(b for b in range(256) if b >= 32 or chr(b) in "\t\r\n\f\v")


def decode_bytes(data: bytes, path: str | None = None) -> str:
    if not data.strip():
        raise ParseError("file is empty", path)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ParseError("text is UTF-16; save it as UTF-8", path)
    if data.startswith(b"%PDF"):
        raise ParseError("content is a PDF; give it a .pdf extension", path)
    if data.startswith(b"PK\x03\x04"):
        raise ParseError("content is a ZIP/DOCX container; give it a .docx extension", path)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ParseError("content is a legacy Word/OLE file; give it a .doc extension", path)
    sample = data[:4096]
    if sample.count(b"\x00") > len(sample) // 8:
        raise ParseError("content is binary (or UTF-16 without BOM), not UTF-8 text", path)
    # Before decoding: random bytes fail UTF-8 too, and "convert it from Windows-1258" would send
    # the user after the wrong cause. Text in any encoding has (almost) no C0 control bytes.
    if len(sample.translate(None, _NOT_CONTROL)) > 32:
        raise ParseError("content is binary, not text", path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(
            f"text is not valid UTF-8 (byte {exc.start}); it may be Windows-1258, TCVN3 or VNI: "
            "convert it to UTF-8",
            path,
        ) from exc


def text_to_source(text: str, *, path: str | None = None, sha256: str | None = None,
                   fmt: Format = "text") -> SourceText:
    """Split text into SourceLines (CRLF, CR, LF, U+2028 and U+2029 all end a line), NFC-normalised."""
    text = unicodedata.normalize("NFC", text)
    if sha256 is None:
        sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    # U+2028/U+2029 (LINE/PARAGRAPH SEPARATOR, from Word and web copies) end a line as well
    parts = (text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
             .split("\n"))
    # Blank lines carry no text; skipping them keeps a file of millions of empty lines cheap.
    # Numbers stay those of the file, so provenance is unchanged.
    if "\f" in text:
        lines = _paged_lines(parts)
    else:
        lines = [SourceLine(t, i) for i, t in enumerate(parts, start=1) if t and not t.isspace()]
    return SourceText(lines=lines, format=fmt, path=path, sha256=sha256, line_count=len(parts))


def _paged_lines(parts: list[str]) -> list[SourceLine]:
    """Lines of a text whose pages are parted by form feeds (`pdftotext` writes one before each
    page): each line knows its page, the form feeds are dropped."""
    lines: list[SourceLine] = []
    page = 1
    for i, t in enumerate(parts, start=1):
        if "\f" in t:
            page += t.count("\f")
            t = t.replace("\f", "")
        if t and not t.isspace():
            lines.append(SourceLine(text=t, number=i, page=page))
    return lines


def read_text_file(path: Path, limits: Limits | None = None) -> SourceText:
    limit = Limits.resolve(limits).max_bytes or DEFAULT_MAX_BYTES
    return text_from_bytes(read_limited(path, limit), str(path), limits)


def text_from_bytes(data: bytes, path: str | None, limits: Limits | None = None) -> SourceText:
    """Strictly decoded UTF-8 bytes as a SourceText (`path` names them; the hash is of the bytes)."""
    check_size(data, Limits.resolve(limits).max_bytes or DEFAULT_MAX_BYTES, path)
    text = decode_bytes(data, path)
    return text_to_source(text, path=path, sha256=hashlib.sha256(data).hexdigest())
