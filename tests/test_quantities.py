"""The quantity normaliser: table-driven cases from tests/data/quantities.tsv (see its header),
plus the properties a table cannot state: spans, linear time on 1 MB lines, NFD input, the
public dataclass."""

from __future__ import annotations

import dataclasses
import itertools
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from nqparser.numwords import parse_ordinal, words_to_int, words_to_number
from nqparser.quantities import Quantity, apply_unit, find_quantities, parse_quantity, unit_with_per
from nqparser.roman import parse as roman_parse

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data" / "quantities.tsv"

FLOATS = {"value", "low", "high", "total"}
BOOLS = {"approximate", "ambiguous", "factor", "duration"}


def _rows(fn: str) -> list[Any]:
    out = []
    for number, line in enumerate(DATA.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        kind, text, expected = line.split("\t")
        if kind == fn:
            out.append(pytest.param(text, expected, id=f"L{number}:{text[:40]}"))
    return out


def _fields(spec: str) -> dict[str, str]:
    fields = {}
    for item in spec.split("; "):
        key, _, value = item.partition("=")
        fields[key] = value
    return fields


def _check(q: Quantity, spec: str, text: str | None = None) -> None:
    """q must match every field in `spec`; fields not named must hold their defaults."""
    want = _fields(spec)
    defaults = {
        "comparator": None if want.get("kind") in ("date", "ordinal") else "=",
        "unit": "None", "per": "", "direction": "None", "baseline": "None", "date": "None",
        "approximate": "false", "ambiguous": "false", "total": "None", "factor": "false", "duration": "false",
    }
    if text is not None:
        defaults["raw"] = text
    for key, value in {**defaults, **want}.items():
        got = getattr(q, key)
        if key in FLOATS:
            assert got == (None if value == "None" else pytest.approx(float(value), rel=1e-12)), key
        elif key in BOOLS:
            assert got is (value == "true"), key
        elif key == "per":
            assert got == (tuple(value.split(",")) if value else ()), key
        else:
            assert got == (None if value in ("None", None) else value), key


@pytest.mark.parametrize(("text", "expected"), _rows("pq"))
def test_parse_quantity(text: str, expected: str) -> None:
    q = parse_quantity(text)
    if expected == "None":
        assert q is None
    else:
        assert q is not None
        _check(q, expected, text)


@pytest.mark.parametrize(("text", "expected"), _rows("fq"))
def test_find_quantities(text: str, expected: str) -> None:
    found = find_quantities(text)
    specs = [] if expected == "[]" else expected.split(" || ")
    assert [q.raw for q in found] == [_fields(s)["raw"] for s in specs]
    for q, spec in zip(found, specs, strict=True):
        _check(q, spec)
        assert text[q.span[0] : q.span[1]] == q.raw


@pytest.mark.parametrize(("text", "expected"), _rows("w"))
def test_words_to_int(text: str, expected: str) -> None:
    assert words_to_int(text) == (None if expected == "None" else int(expected))


@pytest.mark.parametrize(("text", "expected"), _rows("wn"))
def test_words_to_number(text: str, expected: str) -> None:
    got = words_to_number(text)
    assert got == (None if expected == "None" else pytest.approx(float(expected), rel=1e-12))


@pytest.mark.parametrize(("text", "expected"), _rows("r"))
def test_roman_parse(text: str, expected: str) -> None:
    assert roman_parse(text) == (None if expected == "None" else int(expected))


@pytest.mark.parametrize(("text", "expected"), _rows("o"))
def test_parse_ordinal(text: str, expected: str) -> None:
    assert parse_ordinal(text) == (None if expected == "None" else int(expected))


@pytest.mark.parametrize(("text", "expected"), _rows("au"))
def test_apply_unit(text: str, expected: str) -> None:
    value, unit_text = text.split(" | ")
    got_value, got_unit, got_per = apply_unit(float(value.replace(",", ".")), unit_text)
    want = _fields(expected)
    assert got_value == pytest.approx(float(want["value"]), rel=1e-12)
    assert got_unit == (None if want["unit"] == "None" else want["unit"])
    assert got_per == (want["per"].split(",") if want["per"] else [])


def test_table_has_enough_cases() -> None:
    cases = [ln for ln in DATA.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    assert len(cases) >= 300


# -- what the indicator extractor relies on -------------------------------------------------------


def test_unit_with_per() -> None:
    q = parse_quantity("115 triệu đồng/người/năm")
    assert q is not None and q.unit_with_per == "VND/người/năm"
    assert parse_quantity("8,5%").unit_with_per == "%"  # type: ignore[union-attr]
    assert parse_quantity("11 xã").unit_with_per == "xã"  # type: ignore[union-attr]
    assert parse_quantity("45 triệu đồng/năm").unit_with_per == "VND/năm"  # type: ignore[union-attr]
    assert parse_quantity("từ 7,5 đến 8,0%/năm").unit_with_per == "%/năm"  # type: ignore[union-attr]
    assert parse_quantity("13-14 bác sỹ/vạn dân").unit_with_per == "bác sỹ/vạn dân"  # type: ignore[union-attr]
    assert parse_quantity("12 bác sĩ trên một vạn dân").unit_with_per == "bác sĩ/vạn dân"  # type: ignore[union-attr]
    assert parse_quantity("45 lần/người/năm").unit_with_per == "lần/người/năm"  # type: ignore[union-attr]
    assert parse_quantity("5 chỉ tiêu/1 xã").unit_with_per == "chỉ tiêu/xã"  # type: ignore[union-attr]
    assert unit_with_per(None, ("năm",)) == "/năm"
    assert unit_with_per(None) is None


def test_quantity_is_a_frozen_dataclass_with_to_dict() -> None:
    q = parse_quantity("Tăng 9,5% so với năm 2024")
    assert isinstance(q, Quantity) and dataclasses.is_dataclass(q)
    with pytest.raises(dataclasses.FrozenInstanceError):
        q.value = 1.0  # type: ignore[misc]
    d = q.to_dict()
    assert d["value"] == 9.5 and d["unit"] == "%" and d["direction"] == "increase"
    assert d["baseline"] == "so với năm 2024" and d["per"] == [] and d["span"] == [0, 25]
    assert set(d) == {f.name for f in dataclasses.fields(Quantity)}
    assert dataclasses.replace(q, value=1.0).value == 1.0
    assert q == Quantity(**{f.name: getattr(q, f.name) for f in dataclasses.fields(Quantity)})


# -- robustness -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "1" * 1_000_000,
        "1," * 500_000,
        ("1,234," * 200 + " ") * 830,
        "9" * 15 + "," + "9" * 999_000,
        "1.0" * 333_333,
        " " * 1_000_000,
        "số " + "1" * 1_000_000,
        "Điều " + "1," * 495_000,
        "5/8 xã " * 140_000,
        "1/" * 500_000,
        "1 xã/1 " * 140_000,
        "1 bác sĩ trên một " * 55_000,
        "> 1" * 330_000,
        ">1" * 500_000,
        "≥" * 1_000_000 + "1",
        "vượt dự toán (1 " * 62_000,
        "vượt so với kế hoạch " * 50_000 + "(1 tỷ đồng)",
        "gấp 1 lần " * 100_000,
        "1 tỷ.đ" * 160_000,
        "tăng 5% kế hoạch trở lên " * 40_000,
        "bảy phẩy " * 110_000,
        "hai mươi " * 110_000,
    ],
    ids=["digits", "digit-comma", "comma-runs-spaces", "long-decimals", "dot-zero", "spaces", "so", "label-list",
         "count-of-total", "slashes", "per-one", "per-joiner", "gt-space", "gt-glued", "ge-run", "exceed-bracket",
         "exceed-clause", "factor", "scale-glued-currency", "plan-suffix", "spoken-decimal", "number-words"],
)
def test_megabyte_lines_return(line: str) -> None:
    """Every pattern is linear: pathological 1 MB lines of digits, commas and spaces return (a
    backtracking pattern would not finish). No timing is asserted (CONTRIBUTING)."""
    found = find_quantities(line)
    assert all(line[q.span[0] : q.span[1]] == q.raw for q in found)


def test_nfd_input_spans_map_back() -> None:
    text = unicodedata.normalize("NFD", "Tăng 9,5%; Dưới 3%; khoảng 20.000 tỷ đồng")
    found = find_quantities(text)
    assert [q.value for q in found] == [9.5, 3.0, 2e13]
    assert [q.comparator for q in found] == ["=", "<", "="]
    assert all(text[q.span[0] : q.span[1]] == q.raw for q in found)
    assert found[0].direction == "increase" and found[2].approximate


def test_old_tone_placement() -> None:
    assert words_to_int("hai mươi tư") == 24
    q = parse_quantity("KHOÁ XIV")
    assert q is not None and q.kind == "ordinal" and q.value == 14


def test_spans_in_a_long_document_point_into_the_text() -> None:
    sample = ROOT.parent / "shared" / "samples" / "nq_112_2024_long40.expected.txt"
    if not sample.exists():
        pytest.skip("shared samples not present")
    text = sample.read_text(encoding="utf-8")
    found = find_quantities(text)
    assert len(found) > 400
    assert all(text[q.span[0] : q.span[1]] == q.raw for q in found)
    assert all(a.span[1] <= b.span[0] for a, b in itertools.pairwise(found))
    assert not any(q.raw.startswith(("Điều", "số", "Số")) for q in found)


def test_comparator_words_with_a_tone_mark_lost_by_ocr() -> None:
    """OCR drops tone marks: "đên" (đến), "tối thiêu", "đat", "dươi", "trơ lên" still read as the
    range, the comparators and the suffix; a word with another mark is another word ("đất" is no
    "đạt"), and the spellings that are words of their own are left alone ("tạm giam", "đầu tư")."""
    from nqparser.quantities import find_quantities, toneless_aliases

    def read(text: str) -> list[tuple[float | None, float | None, float | None, str | None]]:
        return [(q.value, q.low, q.high, q.comparator) for q in find_quantities(text)]

    assert read("từ 7,0 đên 7,5%") == [(None, 7.0, 7.5, "between")]
    assert read("đạt tối thiêu 30%") == [(30.0, None, None, ">=")]
    assert read("đat 75% trơ lên") == [(75.0, None, None, ">=")]
    assert read("dươi 3%") == [(3.0, None, None, "<")]
    assert read("tạm giam 5 người") == [(5.0, None, None, "=")]
    assert read("vốn đầu tư 5.000 tỷ đồng") == [(5_000_000_000_000.0, None, None, "=")]
    aliases = toneless_aliases({"tối thiểu", "đạt"}, set())
    assert aliases == {"tôi thiểu": "tối thiểu", "tối thiêu": "tối thiểu", "tôi thiêu": "tối thiểu", "đat": "đạt"}
