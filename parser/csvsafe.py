"""Spreadsheet-safe CSV cells for `indicators --excel`.

Why: Excel and LibreOffice run a cell that starts with = + - @ (or a tab or carriage return) as
a formula, so text from an untrusted document ("=HYPERLINK(...)", "- Tăng 5%") could execute or
mangle on opening. With --excel such text cells get a leading apostrophe, which the spreadsheet
shows as text and hides; numbers are left alone (a negative value is a number, not a formula).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_rows(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for row in rows:
        yield {key: safe_cell(value) for key, value in row.items()}
