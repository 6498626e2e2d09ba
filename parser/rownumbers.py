"""The row numbers of a table's STT column ("1", "1.2.", "II", "B."), read by the table rebuilder
and the indicator-table extractor alike (one module, so the cleaner need not reach into extract)."""

from __future__ import annotations

from . import roman
from .runcache import compile_regex

# Canonical Roman numerals up to 399 (so "IIIII" or "XXXXX", seen in generated report PDFs, are
# letter rows, not numerals; "D" and "M" rows are letters); letter rows may repeat their letter
# (A … Z, AA, BBB, …).
ROMAN_STT_MAX = 399
LETTER_STT_RE = compile_regex(r"^([A-ZĐ])\1{0,5}\.?$")
NUMBER_STT_RE = compile_regex(r"^\d{1,3}\.?$")
# "1.1", "2.3.1", "1.2.": a row numbered under row "1"
DECIMAL_STT_RE = compile_regex(r"^\d{1,3}(?:\.\d{1,3}){1,3}\.?$")


def roman_stt(text: str) -> int | None:
    """The value of a Roman row number ("IV", "XII."), upper case, I..CCCXCIX; None otherwise."""
    t = text[:-1] if text.endswith("\n") else text
    core = t[:-1] if t.endswith(".") else t
    if not core or core != core.strip():
        return None
    value = roman.parse(core, upper_only=True)
    return value if value is not None and value <= ROMAN_STT_MAX else None
