"""File names as the OS gives them, kept losslessly in JSON and shown safely on a terminal.

POSIX names are bytes; Python decodes the ones that are not UTF-8 (common in ZIPs made on
Windows with a Vietnamese code page) with lone surrogates, which no JSON encoder accepts, so one
such name used to kill a whole batch at the manifest write. A name may also hold a newline or a
terminal escape: printed raw it breaks the one-line-per-failure report or repaints the terminal.
"""

from __future__ import annotations

import os
from typing import Any

BYTES_SUFFIX = "_bytes"  # manifest/document key holding the exact name, hex, when it is not UTF-8


def is_clean(name: str) -> bool:
    """True when the name encodes to UTF-8 as is (no surrogate-escaped bytes)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def readable(name: str) -> str:
    """A UTF-8-safe text form: undecodable bytes as \\xNN (lossy; the exact bytes go beside it)."""
    return name if is_clean(name) else os.fsencode(name).decode("utf-8", "backslashreplace")


def with_name(record: dict[str, Any], key: str, name: str | None) -> dict[str, Any]:
    """Put `name` under `key` in a JSON record, plus `key_bytes` (hex) when it is not UTF-8."""
    if name is None or is_clean(name):
        record[key] = name
    else:
        record[key] = readable(name)
        record[key + BYTES_SUFFIX] = os.fsencode(name).hex()
    return record


def name_of(record: dict[str, Any], key: str) -> str | None:
    """The exact name stored by `with_name` (the hex form wins; a bad hex falls back to the text)."""
    exact = record.get(key + BYTES_SUFFIX)
    if isinstance(exact, str):
        try:
            return os.fsdecode(bytes.fromhex(exact))
        except ValueError:
            pass
    value = record.get(key)
    return value if isinstance(value, str) else None


def shown(text: str) -> str:
    """One printable line: undecodable bytes as \\xNN, control and format characters (newline,
    ESC, U+2028) escaped, so a hostile name can neither split a report line nor drive the terminal."""
    out: list[str] = []
    for ch in text:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:
            out.append(f"\\x{code - 0xDC00:02x}")
        elif ch.isprintable():
            out.append(ch)
        else:
            out.append(ch.encode("unicode_escape").decode("ascii"))
    return "".join(out)
