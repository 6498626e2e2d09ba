"""One Roman implementation: strict reading and writing over 1..3999."""

from __future__ import annotations

import pytest
from nqparser import roman
from nqparser.rownumbers import roman_stt


@pytest.mark.parametrize(("text", "value"), [
    ("I", 1), ("IV", 4), ("IX", 9), ("XIV", 14), ("XL", 40), ("XC", 90), ("CD", 400), ("MMXXV", 2025),
    ("MMMCMXCIX", 3999), ("xiv", 14), (" XX ", 20),
])
def test_parse(text: str, value: int) -> None:
    assert roman.parse(text) == value


@pytest.mark.parametrize("text", ["", "IIII", "VX", "IC", "XIIII", "MMMM", "Xiv", "ABC", "I I", "IL"])
def test_parse_rejects(text: str) -> None:
    assert roman.parse(text) is None


def test_upper_only() -> None:
    assert roman.parse("xiv", upper_only=True) is None
    assert roman.parse("XIV", upper_only=True) == 14


def test_round_trip_over_the_range() -> None:
    for n in range(1, roman.MAX_VALUE + 1):
        assert roman.parse(roman.format(n)) == n


@pytest.mark.parametrize("n", [0, -1, 4000])
def test_format_outside_the_range(n: int) -> None:
    with pytest.raises(ValueError):
        roman.format(n)


def test_symbols_value_reads_admitted_labels() -> None:
    assert roman.symbols_value("III") == 3
    assert roman.symbols_value("IIII") == 4  # no form check: the grammar rule admitted the label
    assert roman.symbols_value("") == 0
    assert roman.symbols_value("IZ") is None


def test_row_numbers_stop_at_399() -> None:
    assert roman_stt("IV.") == 4 and roman_stt("CCCXCIX") == 399
    assert roman_stt("CD") is None and roman_stt("D") is None and roman_stt("iv") is None
    assert roman_stt("IIIII") is None and roman_stt(" I") is None
