"""One identity per resolution, beside the file hash.

Why: the same resolution arrives as .txt, .docx and .pdf (three sha256s), and numbers repeat across
provinces and years ("112/NQ-HĐND" is eight documents). Issuer + number + date, each normalised,
names one resolution: folded to lower-case ASCII (OCR and typing slip on diacritics: "HDND" for
"HĐND"), whitespace collapsed, the date in ISO form. A document without a number or a date has no
identity and is keyed by its file hash.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from .textfold import fold

if TYPE_CHECKING:
    from .model import Document

SHA_PREFIX = "sha256:"


def _norm(text: str) -> str:
    text = fold(unicodedata.normalize("NFC", text))
    return " ".join(text.replace("\u2013", "-").replace("\u2014", "-").split())


def normalise_number(number: str) -> str:
    """'112/NQ-HĐND' and '112 / NQ - HDND' → '112/nq-hdnd'; leading zeros of the serial dropped."""
    compact = "".join(_norm(number).split())
    serial, sep, rest = compact.partition("/")
    if serial.isdigit():
        serial = str(int(serial))
    return serial + sep + rest


def identity(issuer: str | None, number: str | None, date: str | None) -> str | None:
    """'hoi dong nhan dan tinh thai nguyen|112/nq-hdnd|2024-12-10', or None without number or date."""
    if not number or not date:
        return None
    return f"{_norm(issuer or '')}|{normalise_number(number)}|{date}"


def document_identity(doc: Document) -> str | None:
    """The identity of a document (parsed, or a converted output read back with from_json)."""
    meta = doc.metadata
    return identity(meta.issuer, meta.number, meta.date or meta.adopted_date)


def document_key(doc: Document) -> str:
    """The identity, else 'sha256:<hash>' (a document that cannot be told apart from others)."""
    return document_identity(doc) or SHA_PREFIX + str(doc.source.sha256)
