"""Indicator tables: a header row names the columns (STT, name, unit, one value column per year
or role); every row with a figure is an indicator, nested by its STT (A > I > 1, 1.1 under 1).

The rows are a table node's cells, which the tree took from the cleaned document's `Table`
records (clean.clean_document), each with its source line (`table_lines`): a "|" inside a cell
stays in that cell, and an indicator's `raw` writes it escaped (piperows).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import regex

from .. import rules as R
from ..caches import per_grammar, per_line
from ..model import Indicator, Node, Role
from ..piperows import escape_cell
from ..quantities import apply_unit, parse_quantity
from ..rownumbers import DECIMAL_STT_RE, LETTER_STT_RE, NUMBER_STT_RE, roman_stt
from ..runcache import compile_regex
from ..textfold import fold
from .entries import entries_of, entry_vocab, part_lead_end
from .indicator_vocab import ANY_YEAR_RE, canonical_code, direction_of_name
from .indicator_vocab import vocab as _vocab

ROMAN_ONLY_RE = regex.compile(r"^[IVX]+$")  # a section row's number ("II")
LETTER_ITEM_RE = regex.compile(r"^[a-zđ]\)?$")  # a lettered row under a numbered one ("a", "b)")
DIGIT_RE = compile_regex(r"\d")

# --- tables ----------------------------------------------------------------------------------

@dataclass(slots=True)
class _Columns:
    stt: int | None = None
    name: int | None = None
    unit: int | None = None
    values: list[tuple[int, str, str, int | None]] = field(default_factory=list)  # index, header, role, year
    texts: int = 0  # columns of words beside the names (Chủ trì, Thời gian thực hiện …)
    norms: int = 0  # columns of fee or support rates
    targets: bool = False  # the name column is headed "Chỉ tiêu" / "Mục tiêu"


# A header cell is a short label; a longer cell is a data row's text (a sentence holding
# "chỉ tiêu" is no name header).
HEADER_CELL_MAX_CHARS = 80
# The role of the main column, as the indicator's `role`: what its figure is.
INDICATOR_ROLES: dict[str, Role] = {"plan": "target", "estimate": "estimate", "actual": "actual"}
# Which column gives a row's figure when its main column is empty: a plan, then an estimate,
# then a result; a ratio ("So sánh %") never does.
_ROLE_RANK = {"plan": 0, "value": 1, "estimate": 2, "actual": 3}


def _role(folded: str) -> str:
    """plan / estimate / actual / ratio / value, from a value column's folded header. A ratio
    ("So sánh %", "TH/KH") is asked first (it names the columns it compares); an estimate
    ("Ước thực hiện") before an actual ("Thực hiện")."""
    t = _vocab().table
    if t["ratio"].search(folded):
        return "ratio"
    if t["estimate"].search(folded) or t["estimate_short"].search(folded):
        return "estimate"
    if t["actual"].search(folded) or t["actual_short"].search(folded):
        return "actual"
    if t["plan"].search(folded) or t["plan_short"].search(folded):
        return "plan"
    return "value"


def _columns(header: list[str]) -> _Columns | None:
    t = _vocab().table
    if any(len(cell) > HEADER_CELL_MAX_CHARS for cell in header):
        return None
    cols = _Columns()
    for i, cell in enumerate(header):
        f = fold(cell).strip(" .:*")
        if cols.stt is None and t["stt"].search(f):
            cols.stt = i
        elif t["text_column"].search(f):
            cols.texts += 1  # who, when, what output: words, never figures
        elif t["norm_column"].search(f):
            cols.norms += 1  # fee and support rates: norms, never indicators
        elif cols.unit is None and t["unit"].search(f):
            cols.unit = i
        elif cols.name is None and t["name"].search(f) and not ANY_YEAR_RE.search(f):
            cols.name = i
            cols.targets = bool(t["target_name"].search(f))
        elif t["note"].search(f):
            continue
        elif f:
            m = t["year"].search(f)
            cols.values.append((i, cell, _role(f), int(m.group(2) or m.group(1)) if m else None))
    if cols.name is None:
        return None
    # Figures stand right of the row names; a column left of them is a label or a group, not a
    # value (a declaration form whose last column "Nội dung giải trình …" explains the rows is
    # no indicator table: its name column would be the explanations).
    cols.values = [v for v in cols.values if v[0] > cols.name]
    if cols.values or _sentence_table(cols):
        return cols
    return None


def _sentence_table(cols: _Columns) -> bool:
    """A table of targets written as sentences: "TT | Chỉ tiêu | Chủ trì" with "Kinh tế số chiếm
    45% GRDP" in the name cell and the agency beside it. Only under a "Chỉ tiêu" header, with no
    value and no norm column, and with columns of words (who does it) beside the names: a form
    or a fee table is none."""
    return cols.targets and not cols.values and not cols.norms and cols.texts > 0


def _sub_header(header: list[str], below: list[str]) -> list[str] | None:
    """The header read over two rows, or None when `below` is not a second header row.

    Wide tables put a group of columns under one merged cell: "Năm 2023" over "KH | TH",
    "Thực hiện | Kế hoạch" over "2019 | 2020", "Chia ra" over one column per commune. The second
    row holds only such labels (years, role words, units; under "Chia ra" / "Trong đó" any short
    label: the parts); no row number, no name. A merged cell is written once and followed by
    empty cells, so an empty cell above a label takes the label on its left. A second row with
    fewer cells than the first (the cells merged down left out) lines up with the last columns."""
    t = _vocab().table
    top = [c.strip() for c in header]
    # a cell merged down is repeated in the second row by Word readers ("STT" under "STT"): empty
    cells = ["" if k < len(top) and c.strip() == top[k] else c.strip() for k, c in enumerate(below)]
    if sum(1 for c in cells if c) < 2:
        return None
    if len(cells) < len(top):
        cells = _under_merged(top, cells)
    top += [""] * (len(cells) - len(top))
    merged, carry = [], ""
    for upper, lower in zip(top, cells, strict=True):
        if upper:
            carry = upper
        elif lower:
            upper = carry  # under a merged cell
        if not lower:
            merged.append(upper)
            continue
        f = fold(lower).strip(" .:*()")
        parts = bool(upper) and t["split_header"].search(fold(upper).strip(" .:*")) is not None
        if len(lower) > 30 or is_row_number(lower) or not (
                parts or t["year"].search(f) or _role(f) != "value" or t["unit"].search(f)):
            return None
        merged.append(lower if parts else f"{upper} {lower}" if upper and lower != upper else lower)
    return merged


def _under_merged(top: list[str], cells: list[str]) -> list[str]:
    """A short second header row lined up with the columns of the first row's merged cells (a
    label followed by empty cells: "Năm 2025 | |" over "Kế hoạch | Ước thực hiện"), when it has
    as many cells as they span; else with the last columns."""
    spans: list[int] = []  # columns under a merged cell
    for k, cell in enumerate(top):
        if not cell and k > 0 and (top[k - 1] or (spans and spans[-1] == k - 1)):
            if not spans or spans[-1] != k - 1:
                spans.append(k - 1)
            spans.append(k)
    if len(spans) == len(cells):
        placed = [""] * len(top)
        for k, cell in zip(spans, cells, strict=True):
            placed[k] = cell
        return placed
    return [""] * (len(top) - len(cells)) + cells


def _header(rows: list[list[str]]) -> tuple[int, _Columns, list[str]] | None:
    """(index of the first data row, the columns, the header cells) of a table, or None."""
    for i, row in enumerate(rows[:3]):
        cols = _columns(row)
        if cols is None:
            continue
        if i + 1 < len(rows):
            merged = _sub_header(row, rows[i + 1])
            two = _columns(merged) if merged is not None else None
            if two is not None and merged is not None:
                return i + 2, two, merged
        return i + 1, cols, row
    return None


# How short a unit cell is ("%", "Triệu đồng", "Bác sĩ/vạn dân"), and which share of the rows a
# headerless table's columns must fill as their kind says.
UNIT_CELL_MAX_CHARS = 24
HEADERLESS_SHARE = 0.8


def _headerless(rows: list[list[str]]) -> tuple[int, _Columns, list[str]] | None:
    """The columns of a table whose header row is lost (OCR, a scanned page, a table continued
    from the page before): rows of the same width numbered in the first cell, a name in the
    second, figures in the last; a column of short words between them is the unit. The last
    figure column is taken as the plan (the columns before it are earlier years or estimates)."""
    data = [[c.strip() for c in r] for r in rows if any(c.strip() for c in r)]
    if len(data) < 2 or len(data[0]) < 3 or any(len(r) != len(data[0]) for r in data):
        return None
    width = len(data[0])
    figure = [[_is_figure(c) for c in r] for r in data]  # each cell read once

    def share(test: Callable[[str, bool], bool], j: int) -> float:
        return sum(test(r[j], f[j]) for r, f in zip(data, figure, strict=True)) / len(data)

    numbered = share(lambda c, _: bool(c) and is_row_number(c), 0)
    if numbered < 0.5 or share(lambda c, _: not c or is_row_number(c), 0) < 1:
        return None
    if share(lambda c, fig: any(ch.isalpha() for ch in c) and not fig, 1) < 1:
        return None
    figures = [j for j in range(2, width) if share(lambda c, fig: not c or fig, j) >= HEADERLESS_SHARE
               and share(lambda c, _: bool(c), j) >= 0.5]
    if not figures or figures[-1] != width - 1:
        return None
    unit = 2 if 2 not in figures and width > 3 and share(
        lambda c, fig: len(c) <= UNIT_CELL_MAX_CHARS and not fig, 2) >= HEADERLESS_SHARE else None
    if any(j not in figures and j != unit for j in range(2, width)):
        return None  # a column of words beside the names: tasks, not figures
    values: list[tuple[int, str, str, int | None]] = [(j, "", "plan" if j == figures[-1] else "value", None)
                                                      for j in figures]
    return 0, _Columns(stt=0, name=1, unit=unit, values=values), []


def _is_figure(cell: str) -> bool:
    """A cell that is a bare figure ("8,0", "12.000", "1 - 1,5"), no words."""
    if not cell or any(ch.isalpha() for ch in cell):
        return False
    q = parse_quantity(cell)
    return q is not None and (q.value is not None or q.low is not None)


def _main_column(cols: _Columns) -> tuple[int, str, str, int | None]:
    """The latest plan column; without one, the latest other column but a ratio. Among equals a
    total ("Tổng số", "Toàn tỉnh") beats its parts (one column per commune), else the last."""
    total = _vocab().table["total_column"]
    plans = [v for v in cols.values if v[2] == "plan"]
    pool = plans or [v for v in cols.values if v[2] != "ratio"] or cols.values
    return max(pool, key=lambda v: (v[3] or 0, bool(total.search(fold(v[1]).strip(" .:*"))), v[0]))


def _primary(values: list[dict[str, Any]], main: tuple[int, str, str, int | None]) -> dict[str, Any]:
    """The row's figure: its main column's, else the best other column's (a ratio last)."""
    for v in values:
        if v["index"] == main[0]:
            return v
    return min(values, key=lambda v: (_ROLE_RANK.get(v["role"], 9), -(v["year"] or 0)))


def row_raw(row: list[str]) -> str:
    """A row's cells as an indicator's `raw`: joined by " | ", a "|" inside a cell escaped
    (piperows), so the cells can be told apart."""
    raw = " | ".join(row)
    if raw.count("|") == len(row) - 1:
        return raw  # no cell holds a "|" (the usual case): nothing to escape
    return " | ".join(escape_cell(c) for c in row)


TWO_FIGURES_RE = compile_regex(r"^(\S+)\s++(\S+)$")  # "74  32": a cell holding two paragraphs' figures


def _parts_split(rows: list[list[str]], lines: list[int], first_row: int,
                 cols: _Columns) -> tuple[list[list[str]], list[int]]:
    """Rows whose cells hold two paragraphs run together, the second a part of the first ("Tỷ lệ
    lao động qua đào tạo  Trong đó: có bằng cấp, chứng chỉ" | "74  32"), as two rows: the
    indicator and its part (they were one record under the merged name, the part lost)."""
    if cols.name is None:
        return rows, lines
    separator = entry_vocab().part_separator
    out_rows, out_lines = list(rows[:first_row]), list(lines[:first_row])
    changed = False
    for r in range(first_row, len(rows)):
        row = rows[r]
        name = row[cols.name] if cols.name < len(row) else ""
        m = separator.search(name.lower())
        pair = None
        if m is not None and m.start() > 0:
            figures = [TWO_FIGURES_RE.match(row[i].strip()) if i < len(row) and row[i].strip() else None
                       for i, *_ in cols.values]
            filled = [f for i, f in zip((v[0] for v in cols.values), figures, strict=True)
                      if i < len(row) and row[i].strip()]
            if filled and all(f is not None and _is_figure(f.group(1)) and _is_figure(f.group(2)) for f in filled):
                top, part = list(row), [""] * len(row)
                top[cols.name], part[cols.name] = name[: m.start()].strip(), name[m.start():].strip()
                if cols.unit is not None and cols.unit < len(row):
                    part[cols.unit] = row[cols.unit]
                for (i, *_), f in zip(cols.values, figures, strict=True):
                    if f is not None:
                        top[i], part[i] = f.group(1), f.group(2)
                pair = (top, part)
        if pair is None:
            out_rows.append(row)
            out_lines.append(lines[r] if r < len(lines) else lines[-1])
            continue
        changed = True
        out_rows.extend(pair)
        out_lines.extend([lines[r], lines[r]] if r < len(lines) else [lines[-1]] * 2)
    return (out_rows, out_lines) if changed else (rows, lines)


def row_span(node: Node, lines: list[int], r: int) -> list[int]:
    """The source lines of row `r`, first to last (a row whose cells wrap over lines: a grid,
    HTML or cell-per-line table, a wrapped space-aligned row)."""
    if r >= len(lines):
        return list(node.lines)
    ends = node.table_ends
    last = ends[r] if ends is not None and r < len(ends) and len(ends) == len(lines) else lines[r]
    return [lines[r], max(lines[r], last)]


def row_page(node: Node, r: int) -> int | None:
    """The page of row `r` of a table node: a PDF table runs over several pages, and each row
    keeps its own (the node's page is that of its first row)."""
    pages = node.table_pages
    return pages[r] if pages is not None and r < len(pages) and pages[r] is not None else node.page


def table_unit(text: str) -> str:
    """The unit a line gives the table beside it ("Đơn vị tính: triệu đồng"), else ""."""
    m = _vocab().table["unit_line"].match(fold(text.strip()))
    return text.strip()[m.start("unit"): m.end("unit")].strip() if m else ""


def from_table(node: Node, group: str | None, year: int | None, path: list[str],
               default_unit: str = "", *, in_list: bool = False) -> list[Indicator]:
    """The table's indicator rows; `default_unit` (from a unit line beside the table) is the unit
    of a figure that has none of its own, its row's or its column header's. A table without a
    header row is read only `in_list` (under a heading of indicators): elsewhere numbered rows
    with figures are as often projects or fees."""
    rows = node.table or []
    lines = node.table_lines or [node.lines[0]] * len(rows)
    found = _header(rows) or (_headerless(rows) if in_list else None)
    if found is None:
        return []
    first_row, cols, _ = found
    if not cols.values:
        return _sentence_rows(rows[first_row:], first_row, cols, node, lines, group, year, path)
    main = _main_column(cols)
    rows, lines = _parts_split(rows, lines, first_row, cols)
    out: list[Indicator] = []
    parents: dict[str, str] = {}  # STT prefix → row name
    current_group, last_top = group, None
    ranked: list[tuple[int, str]] = []  # rows with figures that may head the rows below, by rank
    last_letter = last_roman = ""
    # each value column's unit from its header, read once for the table
    column_units = [_header_unit(header) or ("%" if role == "ratio" else "") for _, header, role, _ in cols.values]
    for r, row in enumerate(rows[first_row:], start=first_row):
        def cell(i: int | None, row: list[str] = row) -> str:
            return row[i].strip() if i is not None and i < len(row) else ""

        name = cell(cols.name).lstrip(NAME_BULLETS)  # "- Nông, lâm nghiệp", "+ Thu nội địa": the bullet of a sub-row
        if not name and _spans_the_row(row, cols.stt):
            # "| I. CHỈ TIÊU KINH TẾ | | | |": a section row merged across the table, its text in
            # the first cell (as Word-to-Markdown converters write a merged row)
            current_group = _without_label(cell(cols.stt))
            continue
        if not name or is_row_number(name):
            continue  # an STT is never a name (a row shifted under merged cells)
        stt = cell(cols.stt).rstrip(".")
        name, name_unit = _name_and_unit(name)
        # "Trong đó: có bằng cấp, chứng chỉ": a part of the row above, named without the lead
        part = part_lead_end(name)
        part_of = None
        if part is not None and part < len(name):
            name = name[part:]
            part_of = out[-1].name if out else None
        elif part is not None:  # a "Trong đó:" row alone: the rows below are parts of the one above
            if out:
                last_top = out[-1].name
            continue
        unit_text = cell(cols.unit) or name_unit
        values = []
        for (index, header, role, col_year), column_unit in zip(cols.values, column_units, strict=True):
            q = _table_value(cell(index), column_unit if role == "ratio" else unit_text or column_unit or default_unit)
            if q is not None:
                values.append({"column": header, "role": role, "year": col_year, "index": index, **q})
        if main[2] == "plan" and cell(main[0]) in NO_FIGURE_MARKS:
            values = []  # "Kế hoạch 2026: -": no target this year; the estimate beside it is none either
        following = rows[r + 1][cols.stt].strip() if cols.stt is not None and r + 1 < len(rows) \
            and cols.stt < len(rows[r + 1]) else ""
        if not values:
            if ROMAN_ONLY_RE.match(stt) or LETTER_STT_RE.match(stt) or not stt:
                current_group = _without_label(name)  # a section row: "II | Xã hội", "A | KINH TẾ"
            elif (NUMBER_STT_RE.match(stt) or DECIMAL_STT_RE.match(stt)) and following.startswith(stt + "."):
                # a numbered row heading its "1.1", "1.2" rows ("1 | Cơ cấu kinh tế | % |"): an
                # indicator without a figure, the parent of the rows below
                out.append(_heading_row(name, current_group, _table_parent(stt, parents, last_top),
                                        row, lines, r, node, path, year, unit_text, stt))
            parents[stt] = name
            last_top = name
            continue
        level = _stt_level(stt, last_letter, following, last_roman)
        if level == _LETTER_LEVEL:
            last_letter, last_roman = stt, ""
        elif level == _ROMAN_LEVEL:
            last_roman = stt
        parent = part_of or _table_parent(stt, parents, last_top)
        if parent is None and level is not None:
            # a numbered row under a row with figures of a higher rank ("A | Diện tích đất | Ha |
            # 10.500" then "I | Đất nông nghiệp | …"): that row is its parent
            parent = next((n for lv, n in reversed(ranked) if lv < level), None)
        ranked = [(lv, n) for lv, n in ranked if level is None or lv < level]
        if level is not None:
            ranked.append((level, name))
        primary = _primary(values, main)
        unit = primary["unit"]
        if unit is None and not unit_text:
            unit = _name_as_unit(name)
            for v in values:
                if v["unit"] is None and v["role"] != "ratio":
                    v["unit"] = unit
        for v in values:
            del v["index"]
        ind = Indicator(
            name=name, group=current_group, parent=parent,
            value=primary["value"], low=primary["low"], high=primary["high"], unit=unit,
            comparator=primary["comparator"], direction=primary["direction"] or direction_of_name(name),
            approximate=primary["approximate"], year=primary["year"] or year, baseline=None,
            raw=row_raw(row), lines=row_span(node, lines, r),
            node=list(path), source="table", code=canonical_code(name, parent), page=row_page(node, r),
            extra={"values": values, "unit_text": unit_text, "stt": stt},
            role=INDICATOR_ROLES.get(primary["role"]),
        )
        out.append(ind)
        if stt and (NUMBER_STT_RE.match(stt) or DECIMAL_STT_RE.match(stt)):
            parents[stt] = name
            if "." not in stt:
                last_top = name
    return out


def _sentence_rows(rows: list[list[str]], offset: int, cols: _Columns, node: Node, lines: list[int],
                   group: str | None, year: int | None, path: list[str]) -> list[Indicator]:
    """One entry per target sentence of a "TT | Chỉ tiêu | Chủ trì" table, read like a list item
    (name before the amount). Such annexes often repeat the body's list: each entry is
    source="table", so a repeat of a body entry can be told apart (and dropped) by the caller."""
    out: list[Indicator] = []
    current_group = group
    for r, row in enumerate(rows, start=offset):
        name_cell = row[cols.name].strip() if cols.name is not None and cols.name < len(row) else ""
        stt = row[cols.stt].strip().rstrip(".") if cols.stt is not None and cols.stt < len(row) else ""
        if not name_cell or is_row_number(name_cell):
            continue
        found = entries_of(name_cell)
        entries = [e for e in found if e.quantity is not None]
        if not entries:
            if not stt or roman_stt(stt) is not None or LETTER_STT_RE.match(stt):
                current_group = _without_label(name_cell)  # "I. Kinh tế số", "A | KINH TẾ SỐ"
            continue
        names = [e.name for e in found]
        for e in entries:
            q = e.quantity
            assert q is not None
            parent = names[e.parent] if e.parent is not None else None
            out.append(Indicator(
                name=e.name, group=current_group, parent=parent, value=q.value, low=q.low,
                high=q.high, unit=q.unit_with_per, comparator=q.comparator,
                direction=q.direction, approximate=q.approximate, year=year,
                baseline=q.baseline, raw=name_cell,
                lines=row_span(node, lines, r), node=list(path),
                source="table", code=canonical_code(e.name, parent), note=e.note, page=row_page(node, r),
                extra={"values": [], "unit_text": "", "stt": stt}, role="target",
            ))
    return out


NO_FIGURE_MARKS = frozenset({"-", "–", "—", "x", "X", "/", "..."})  # a cell that says "no figure"
NAME_BULLETS = "-+•*–− \t"  # what a name cell may open with that is no part of the name


def _spans_the_row(row: list[str], stt: int | None) -> bool:
    """A row whose only text is a long first cell: a merged row (a heading), not a data row."""
    if stt is None or stt >= len(row):
        return False
    first = row[stt].strip()
    return len(first) > 6 and not is_row_number(first) and any(ch.isalpha() for ch in first) \
        and not any(c.strip() for i, c in enumerate(row) if i != stt)


def _without_label(text: str) -> str:
    """A group row's name without its own number: "I. Kinh tế số" → "Kinh tế số"."""
    head, _, rest = text.partition(" ")
    return rest.strip() if rest and is_row_number(head) else text


def _heading_row(name: str, group: str | None, parent: str | None, row: list[str], lines: list[int], r: int,
                 node: Node, path: list[str], year: int | None, unit_text: str, stt: str) -> Indicator:
    return Indicator(
        name=name, group=group, parent=parent, value=None, low=None, high=None, unit=None,
        comparator=None, direction=None, approximate=False, year=year, baseline=None,
        raw=row_raw(row), lines=row_span(node, lines, r),
        node=list(path), source="table", code=canonical_code(name, parent), page=row_page(node, r),
        extra={"values": [], "unit_text": unit_text, "stt": stt},
    )


def is_row_number(text: str) -> bool:
    """A row number cell ("1", "1.1", "2.3.1", "IV", "B"), never a name."""
    s = text.strip()
    return bool(NUMBER_STT_RE.match(s) or DECIMAL_STT_RE.match(s) or roman_stt(s) is not None
                or LETTER_STT_RE.match(s))


# The longest bracket closing a name cell that may hold a unit ("(triệu đồng/người)").
NAME_UNIT_MAX_CHARS = 40


def _name_and_unit(name: str) -> tuple[str, str]:
    """The name without a closing bracket that holds only a unit, and that unit.

    "(USD/người)", "(triệu USD)", "(Tỷ đồng)", "(%)", "(người)" are units: the bracket read
    after a figure is one quantity with a unit, nothing left over. "(GRDP)", "(MES)", "(theo
    giá hiện hành)" are not, and stay in the name. (String search from the end, no pattern: a
    name cell can be long.)"""
    text = name.rstrip()
    if not text.endswith(")"):
        return name, ""
    start = text.rfind("(", max(0, len(text) - NAME_UNIT_MAX_CHARS - 2))
    inner = text[start + 1:-1].strip() if start > 0 else ""
    if not inner or "(" in inner or ")" in inner:
        return name, ""
    probe = "1 " + inner.lower()
    q = parse_quantity(probe)
    if q is None or q.unit is None or q.span != (0, len(probe)):
        return name, ""
    return text[:start].rstrip(), inner


@per_grammar
def _per_words() -> frozenset[str]:
    """What a value may be per (grammars/numbers.toml [per]): "vạn dân", "người", "năm" …"""
    return frozenset(w.lower() for w in R.load_grammar("numbers")["per"]["words"])


def _name_as_unit(name: str) -> str | None:
    """The unit a name gives when no cell does: a rate written as the name ("Bác sỹ/vạn dân",
    "Giường bệnh/vạn dân": the name is the unit) or a counted noun at its start ("Phấn đấu xã
    đạt chuẩn nông thôn mới" | 07 - 09: xã)."""
    if "/" in name:  # a rate, or a list of nouns ("Xã/phường/thị trấn"): never a counted noun
        if len(name) > 40 or DIGIT_RE.search(name):
            return None
        head, *tails = (part.strip() for part in name.split("/"))
        if head and len(head.split()) <= 3 and all(t.lower() in _per_words() for t in tails):
            return name[:1].lower() + name[1:]
        return None
    folded = fold(name)
    m = _vocab().table["count_lead"].match(folded)
    rest = name[m.end():] if m else name
    probe = "1 " + rest[:60].lower()
    q = parse_quantity(probe)
    if q is not None and q.span[0] == 0 and q.kind == "quantity" and q.unit is not None \
            and q.unit not in ("%",) and q.value == 1:
        return q.unit_with_per
    return None


def _header_unit(header: str) -> str:
    """The unit a value column's header gives in brackets ("NS xã (%)"), or ""."""
    m = _vocab().table["header_unit"].search(header.strip())
    return m.group("unit").strip() if m else ""


_LETTER_LEVEL, _ROMAN_LEVEL, _NUMBER_LEVEL = 0, 1, 2


def _stt_level(stt: str, last_letter: str, following: str = "", last_roman: str = "") -> int | None:
    """Rank of a row number in the usual table outline A > I > 1, or None for other numbers.

    A letter that is also a Roman numeral (C, L, V, X, I) is a letter when it follows the previous
    letter row (B → C), unless it continues the Roman rows or the next row is its Roman successor
    (H, then I, then II: I and II are numerals)."""
    if NUMBER_STT_RE.match(stt):
        return _NUMBER_LEVEL
    if roman_stt(stt) is not None and (not _next_letter(last_letter, stt) or _roman_successor(stt, following)
                                    or _roman_successor(last_roman, stt)):
        return _ROMAN_LEVEL
    if LETTER_STT_RE.match(stt):
        return _LETTER_LEVEL
    return None


def _roman_successor(stt: str, following: str) -> bool:
    a, b = stt.rstrip("."), following.rstrip(".")
    if not (a and b):
        return False
    va, vb = roman_stt(a), roman_stt(b)
    return va is not None and vb is not None and vb == va + 1


def _next_letter(previous: str, stt: str) -> bool:
    """`stt` continues the letter rows after `previous` (B → C, WWWW → XXXXX)."""
    a, b = previous.rstrip("."), stt.rstrip(".")
    return bool(a and b and LETTER_STT_RE.match(a) and LETTER_STT_RE.match(b)) and ord(b[0]) == ord(a[0]) + 1


def _table_parent(stt: str, parents: dict[str, str], last_top: str | None) -> str | None:
    if "." in stt:
        return parents.get(stt.rsplit(".", 1)[0])
    # bullets, lettered rows, and rows with no number at all under a numbered one ("1 | Thuế
    # tài nguyên" then "| Xã Hòa Lạc | 68 | …") belong to the last top row
    if not stt or stt in ("-", "+", "*") or LETTER_ITEM_RE.match(stt):
        return last_top
    return None


# A sign before a cell's figure, as the comparator it writes (">2.300" is more than 2,300).
_SIGNS = {"≥": ">=", "≤": "<="}


@per_line(4096)
def _table_value(text: str, unit_text: str) -> dict[str, Any] | None:
    """A cell's figure read with its column's unit. Cached (a table repeats its figures and
    its unit column), so the dict is shared: callers copy it, never change it."""
    text = text.strip()
    if not text or text in ("-", "…", "..."):
        return None
    q = parse_quantity(text)
    if q is None or (q.value is None and q.low is None):
        return None
    comparator = q.comparator
    sign = _vocab().table["cell_sign"].match(text[: q.span[0]]) if q.span[0] and comparator in (None, "=") else None
    if sign is not None:
        comparator = _SIGNS.get(sign.group("sign"), sign.group("sign"))
    unit = q.unit_with_per
    value, low, high = q.value, q.low, q.high
    if unit is None and unit_text:
        scaled = [apply_unit(v, unit_text) if v is not None else None for v in (value, low, high)]
        value, low, high = (s[0] if s else None for s in scaled)
        first = next(s for s in scaled if s)
        unit = first[1] if not first[2] else f"{first[1]}/{'/'.join(first[2])}"
    return {"value": value, "low": low, "high": high, "unit": unit, "comparator": comparator,
            "direction": q.direction, "approximate": q.approximate}


