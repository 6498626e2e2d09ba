"""Canonical codes: coverage on the hand-verified gold names, every code's examples, one unit per code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from nqparser import rules as R
from nqparser.codes import canonical_unit, code_table
from nqparser.extract.indicator_vocab import canonical_code

ROOT = Path(__file__).resolve().parent.parent
NAMES = ROOT / "tests" / "data" / "gold_indicator_names.tsv"
SHARED = ROOT.parent / "shared"
GOLD_DIRS = [SHARED / "devset" / "gold", SHARED / "gold"]
GOAL = 0.90


def _names() -> list[dict[str, str]]:
    lines = [line.rstrip("\n") for line in NAMES.read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]


def _coverage(rows: list[dict[str, str]]) -> tuple[float, list[str]]:
    standard = [r for r in rows if r["standard"] == "1"]
    missed = [r["name"] for r in standard if canonical_code(r["name"], r["parent"] or None) is None]
    return 1 - len(missed) / len(standard), missed


def test_codes_cover_the_standard_indicators_of_the_gold():
    coverage, missed = _coverage(_names())
    assert coverage >= GOAL, f"coverage {coverage:.3f} < {GOAL}; missed: {missed}"


def test_committed_names_are_the_gold_names():
    """The committed list is the gold's indicator names (skipped where ../shared is absent)."""
    if not all(d.is_dir() for d in GOLD_DIRS):
        pytest.skip("../shared gold not present")
    live = []
    for folder in GOLD_DIRS:
        for path in sorted(folder.glob("*.json")):
            for ind in json.loads(path.read_text(encoding="utf-8")).get("indicators", []):
                live.append((ind.get("name") or "", ind.get("parent") or ""))
    assert sorted(live) == sorted((r["name"], r["parent"]) for r in _names())


def _examples() -> list[tuple[str, str]]:
    return [(entry["code"], name) for entry in R.load_grammar("indicators").get("code", [])
            for name in entry.get("examples", [])]


@pytest.mark.parametrize(("code", "name"), _examples())
def test_code_examples_get_their_code(code, name):
    assert canonical_code(name, None) == code or any(
        canonical_code(name, parent) == code for parent in ("Cơ cấu kinh tế", "Tổng sản phẩm"))


def _counterexamples() -> list[tuple[str, str]]:
    return [(entry["code"], name) for entry in R.load_grammar("indicators").get("code", [])
            for name in entry.get("counterexamples", [])]


@pytest.mark.parametrize(("code", "name"), _counterexamples())
def test_code_counterexamples_do_not_get_it(code, name):
    assert canonical_code(name, None) != code


def test_every_code_has_exactly_one_canonical_unit():
    for entry in R.load_grammar("indicators").get("code", []):
        assert isinstance(entry.get("unit"), str) and entry["unit"], entry["code"]
    units: dict[str, set[str]] = {}
    for entry in R.load_grammar("indicators").get("code", []):
        units.setdefault(entry["code"], set()).add(entry["unit"])
    assert {code: u for code, u in units.items() if len(u) > 1} == {}
    assert set(code_table()) == set(units)


@pytest.mark.parametrize(("code", "unit", "expected"), [
    ("grdp_per_capita", "VND", ("VND/người/năm", True)),
    ("grdp_per_capita", "VND/người", ("VND/người/năm", True)),
    ("grdp_per_capita", "USD/người", ("USD/người", False)),  # no guessed exchange rate
    ("grdp_growth", "%/năm", ("%", True)),
    ("hospital_beds_per_10000", "giường bệnh/vạn dân", ("giường/vạn dân", True)),
    ("doctors_per_10000", "bác sỹ/vạn dân", ("bác sĩ/vạn dân", True)),
    ("budget_revenue", "%", ("%", False)),
    (None, "ha", ("ha", False)),
])
def test_canonical_unit(code, unit, expected):
    assert canonical_unit(code, unit) == expected
