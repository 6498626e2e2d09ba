"""Indicator tables: a header row names the columns (STT, name, unit, one value column per year
or role); every row with a figure is an indicator, nested by its STT (A > I > 1, 1.1 under 1).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import regex

from ..model import Indicator, Node
from ..quantities import apply_unit, parse_quantity
from ..segment import roman_value
from ..textfold import fold
from .indicator_vocab import ANY_YEAR_RE, canonical_code
from .indicator_vocab import vocab as _vocab

# --- tables ----------------------------------------------------------------------------------

@dataclass(slots=True)
class _Columns:
    stt: int | None = None
    name: int | None = None
    unit: int | None = None
    values: list[tuple[int, str, str, int | None]] = field(default_factory=list)  # index, header, role, year


def _columns(header: list[str]) -> _Columns | None:
    t = _vocab().table
    cols = _Columns()
    for i, cell in enumerate(header):
        f = fold(cell).strip(" .:")
        if cols.stt is None and t["stt"].search(f):
            cols.stt = i
        elif cols.unit is None and t["unit"].search(f):
            cols.unit = i
        elif cols.name is None and t["name"].search(f) and not ANY_YEAR_RE.search(f):
            cols.name = i
        elif t["note"].search(f):
            continue
        elif f:
            role = "estimate" if t["estimate"].search(f) else "actual" if t["actual"].search(f) else \
                "plan" if t["plan"].search(f) else "value"
            m = t["year"].search(f)
            cols.values.append((i, cell, role, int(m.group(1)) if m else None))
    if cols.name is None:
        return None
    # Figures stand right of the row names; a column left of them is a label or a group, not a
    # value (a declaration form whose last column "Nội dung giải trình …" explains the rows is
    # no indicator table: its name column would be the explanations).
    cols.values = [v for v in cols.values if v[0] > cols.name]
    return cols if cols.values else None


def _main_column(cols: _Columns) -> tuple[int, str, str, int | None]:
    plans = [v for v in cols.values if v[2] == "plan"]
    pool = plans or cols.values
    return max(pool, key=lambda v: (v[3] or 0, v[0]))


def from_table(node: Node, group: str | None, year: int | None, path: list[str]) -> list[Indicator]:
    rows = node.table or []
    lines = node.table_lines or [node.lines[0]] * len(rows)
    header_index = next((i for i, r in enumerate(rows[:3]) if _columns(r) is not None), None)
    if header_index is None:
        return []
    cols = _columns(rows[header_index])
    assert cols is not None
    main = _main_column(cols)
    out: list[Indicator] = []
    parents: dict[str, str] = {}  # STT prefix → row name
    current_group, last_top = group, None
    ranked: list[tuple[int, str]] = []  # rows with figures that may head the rows below, by rank
    last_letter = last_roman = ""
    for r, row in enumerate(rows[header_index + 1:], start=header_index + 1):
        def cell(i: int | None, row: list[str] = row) -> str:
            return row[i].strip() if i is not None and i < len(row) else ""

        name = cell(cols.name)
        if not name:
            continue
        stt = cell(cols.stt)
        unit_text = cell(cols.unit)
        values = []
        for index, header, role, col_year in cols.values:
            q = _table_value(cell(index), unit_text or _header_unit(header))
            if q is not None:
                values.append({"column": header, "role": role, "year": col_year, **q})
        if not values:
            if regex.match(r"^[IVX]+$", stt) or not stt:
                current_group = name  # a section row: "A. CHỈ TIÊU KINH TẾ"
            parents[stt] = name
            last_top = name
            continue
        following = rows[r + 1][cols.stt].strip() if cols.stt is not None and r + 1 < len(rows) \
            and cols.stt < len(rows[r + 1]) else ""
        level = _stt_level(stt, last_letter, following, last_roman)
        if level == _LETTER_LEVEL:
            last_letter, last_roman = stt, ""
        elif level == _ROMAN_LEVEL:
            last_roman = stt
        parent = _table_parent(stt, parents, last_top)
        if parent is None and level is not None:
            # a numbered row under a row with figures of a higher rank ("A | Diện tích đất | Ha |
            # 10.500" then "I | Đất nông nghiệp | …"): that row is its parent
            parent = next((n for lv, n in reversed(ranked) if lv < level), None)
        ranked = [(lv, n) for lv, n in ranked if level is None or lv < level]
        if level is not None:
            ranked.append((level, name))
        primary = next((v for v in values if v["column"] == main[1]), values[0])
        ind = Indicator(
            name=name, group=current_group, parent=parent,
            value=primary["value"], low=primary["low"], high=primary["high"], unit=primary["unit"],
            comparator=primary["comparator"], direction=primary["direction"],
            approximate=primary["approximate"], year=primary["year"] or year, baseline=None,
            raw=" | ".join(row), lines=[lines[r], lines[r]] if r < len(lines) else list(node.lines),
            node=list(path), source="table", code=canonical_code(name, parent), page=node.page,
            extra={"values": values, "unit_text": unit_text, "stt": stt},
        )
        out.append(ind)
        if stt and regex.match(r"^\d+$", stt):
            parents[stt] = name
            last_top = name
    return out


def _header_unit(header: str) -> str:
    """The unit a value column's header gives in brackets ("NS xã (%)"), or ""."""
    m = _vocab().table["header_unit"].search(header.strip())
    return m.group("unit").strip() if m else ""


_LETTER_LEVEL, _ROMAN_LEVEL, _NUMBER_LEVEL = 0, 1, 2
# Canonical Roman numerals up to 399 (so "IIIII" or "XXXXX", seen in generated report PDFs, are
# letter rows, not numerals); letter rows may repeat their letter (A … Z, AA, BBB, …).
ROMAN_STT_RE = regex.compile(r"^(?=[IVXLC])C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})\.?$")
LETTER_STT_RE = regex.compile(r"^([A-ZĐ])\1{0,5}\.?$")
NUMBER_STT_RE = regex.compile(r"^\d{1,3}\.?$")


def _stt_level(stt: str, last_letter: str, following: str = "", last_roman: str = "") -> int | None:
    """Rank of a row number in the usual table outline A > I > 1, or None for other numbers.

    A letter that is also a Roman numeral (C, L, V, X, I) is a letter when it follows the previous
    letter row (B → C), unless it continues the Roman rows or the next row is its Roman successor
    (H, then I, then II: I and II are numerals)."""
    if NUMBER_STT_RE.match(stt):
        return _NUMBER_LEVEL
    if ROMAN_STT_RE.match(stt) and (not _next_letter(last_letter, stt) or _roman_successor(stt, following)
                                    or _roman_successor(last_roman, stt)):
        return _ROMAN_LEVEL
    if LETTER_STT_RE.match(stt):
        return _LETTER_LEVEL
    return None


def _roman_successor(stt: str, following: str) -> bool:
    a, b = stt.rstrip("."), following.rstrip(".")
    return bool(a and b and ROMAN_STT_RE.match(a) and ROMAN_STT_RE.match(b)) and roman_value(b) == roman_value(a) + 1


def _next_letter(previous: str, stt: str) -> bool:
    """`stt` continues the letter rows after `previous` (B → C, WWWW → XXXXX)."""
    a, b = previous.rstrip("."), stt.rstrip(".")
    return bool(a and b and LETTER_STT_RE.match(a) and LETTER_STT_RE.match(b)) and ord(b[0]) == ord(a[0]) + 1


def _table_parent(stt: str, parents: dict[str, str], last_top: str | None) -> str | None:
    if "." in stt:
        return parents.get(stt.rsplit(".", 1)[0])
    # bullets, lettered rows, and rows with no number at all under a numbered one ("1 | Thuế
    # tài nguyên" then "| Xã Hòa Lạc | 68 | …") belong to the last top row
    if not stt or stt in ("-", "+", "*") or regex.match(r"^[a-zđ]\)?$", stt):
        return last_top
    return None


def _table_value(text: str, unit_text: str) -> dict[str, Any] | None:
    text = text.strip()
    if not text or text in ("-", "…", "..."):
        return None
    q = parse_quantity(text)
    if q is None or (q.value is None and q.low is None):
        return None
    unit = q.unit_with_per
    value, low, high = q.value, q.low, q.high
    if unit is None and unit_text:
        scaled = [apply_unit(v, unit_text) if v is not None else None for v in (value, low, high)]
        value, low, high = (s[0] if s else None for s in scaled)
        first = next(s for s in scaled if s)
        unit = first[1] if not first[2] else f"{first[1]}/{'/'.join(first[2])}"
    return {"value": value, "low": low, "high": high, "unit": unit, "comparator": q.comparator,
            "direction": q.direction, "approximate": q.approximate}


