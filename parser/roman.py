"""Roman numerals, one implementation for every stage: strict reading and writing, 1..3999.

The shape is the `{ROMAN}` fragment of grammars/common.toml (`{ROMAN_IVX}` is its I..XXXIX part,
the section labels of a resolution); a site that admits a narrower range (the STT column of an
indicator table stops at 399) bounds the value where it reads it.
"""

from __future__ import annotations

from . import rules as R

MAX_VALUE = 3999
MAX_CHARS = 15  # MMMDCCCLXXXVIII, the longest numeral of the range
VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_WRITE = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def parse(text: str, *, upper_only: bool = False) -> int | None:
    """A strictly well-formed numeral ("XIV" → 14, "xiv" → 14); None for "IIII", "VX", "IC",
    "Xiv", "ABC". `upper_only`: an all-lower-case one is not read either.

    The shape is the rule "roman" of grammars/numbers.toml (the `{ROMAN}` fragment)."""
    s = text.strip()
    if not s or len(s) > MAX_CHARS:
        return None
    if not upper_only and s.islower():
        s = s.upper()
    if R.rule("numbers", "roman").match(s) is None:
        return None
    return symbols_value(s)


def symbols_value(label: str) -> int | None:
    """The value of a string of Roman symbols read by the subtractive rule, without checking its
    form (a label a grammar rule already admitted: "III" → 3; "IIII" → 4); None for other letters."""
    total = 0
    for i, ch in enumerate(label):
        v = VALUES.get(ch)
        if v is None:
            return None
        nxt = VALUES.get(label[i + 1], 0) if i + 1 < len(label) else 0
        total += -v if v < nxt else v
    return total


def format(n: int) -> str:
    """1..3999 in upper-case numerals; ValueError outside the range."""
    if not 0 < n <= MAX_VALUE:
        raise ValueError(f"no Roman numeral for {n}")
    out = []
    for value, sym in _WRITE:
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)
