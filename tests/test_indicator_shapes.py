"""Indicator list shapes as data: each tests/data/issues/indicators-*.{txt,md} input has an
`.expected.tsv` beside it, written by hand and read line by line, listing every record the parser
must give (indicators, then targets) in order: name, value, low, high, unit, comparator, parent,
and, where a ninth column is written, direction (a file about directions writes it on every row),
and where a tenth is, the target year.
A shape that recurs across provinces gets a file of its own (issue "Indicators on real documents")."""

from __future__ import annotations

from pathlib import Path

import nqparser
import pytest

DATA = Path(__file__).parent / "data" / "issues"
CASES = sorted(p for p in DATA.glob("indicators-*") if not p.name.endswith(".expected.tsv"))


def _cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value)


def _expected(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def test_every_shape_input_has_its_expectation() -> None:
    assert len(CASES) >= 10
    for case in CASES:
        assert case.with_suffix(".expected.tsv").exists(), case.name


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_shape(case: Path) -> None:
    doc = nqparser.parse_file(case)
    got = [[kind, r.name, _cell(r.value), _cell(r.low), _cell(r.high), _cell(r.unit), _cell(r.comparator),
            _cell(r.parent), _cell(r.direction), _cell(r.year)]
           for kind, records in (("indicators", doc.indicators), ("targets", doc.targets)) for r in records]
    expected = _expected(case.with_suffix(".expected.tsv"))
    assert [row[:len(want)] for row, want in zip(got, expected, strict=False)] == expected
    assert len(got) == len(expected)


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_shape_records_know_their_lines(case: Path) -> None:
    doc = nqparser.parse_file(case)
    lines = case.read_text(encoding="utf-8").splitlines()
    for record in [*doc.indicators, *doc.targets]:
        first, last = record.lines
        assert 1 <= first <= last <= len(lines)
        # the record's name (or its value's digits) is printed on its source lines
        source = " ".join(lines[first - 1: last]).lower()
        assert record.name.lower().split()[0] in source, (record.name, first, last)
