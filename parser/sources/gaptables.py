"""Tables of a scanned page, read from the gaps between OCR words.

A scanned page has no drawn rules for pdfplumber to find, and Tesseract returns a table row as
one line of words ("1  Tốc độ tăng trưởng  %  8,5"); joined with single spaces its cells ran into
one another and the row read as a sentence. A table is recognised here only where a header line
names its columns (every cell a header word: "STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch 2025",
the first one the STT column), and it goes on while each next line either opens a row with a row
number in that first column or continues the row above without one (a wrapped cell, "GRDP").
A vertical rule read as a "|" word is a cell break too.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from ..extract.indicator_vocab import vocab
from ..lines import is_header_cell
from ..rownumbers import DECIMAL_STT_RE, LETTER_STT_RE, NUMBER_STT_RE, roman_stt
from ..textfold import fold

CELL_GAP_EM = 1.6  # a gap this wide between two words parts cells (justified word gaps stay under ~0.8 em)
MIN_COLUMNS = 3
MIN_ROWS = 2


class WordLike(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def x0(self) -> float: ...
    @property
    def x1(self) -> float: ...


class LineLike(Protocol):
    """A page line of the PDF reader (sources/pdf.py `_Line`), read only."""

    @property
    def words(self) -> Sequence[WordLike]: ...
    @property
    def em(self) -> float: ...
    @property
    def x0(self) -> float: ...
    @property
    def top(self) -> float: ...
    @property
    def x1(self) -> float: ...
    @property
    def bottom(self) -> float: ...


@dataclass(slots=True)
class GapTable:
    """Rows of cell texts, each row's box, the table's box and the page lines it replaces."""

    rows: list[list[str]]
    row_boxes: list[tuple[float, float, float, float]]
    box: tuple[float, float, float, float]
    line_indices: list[int]


def _cells(line: LineLike) -> list[tuple[float, float, str]]:
    """(x0, x1, text) of each cell: words parted by a wide gap or by a "|" rule."""
    words = sorted(line.words, key=lambda w: w.x0)
    cells: list[tuple[float, float, list[str]]] = []
    gap = CELL_GAP_EM * line.em
    prev_x1: float | None = None
    broken = True
    for w in words:
        if w.text.strip() == "|":
            broken = True
            prev_x1 = w.x1
            continue
        if broken or prev_x1 is None or w.x0 - prev_x1 >= gap:
            cells.append((w.x0, w.x1, [w.text]))
        else:
            cells[-1] = (cells[-1][0], w.x1, [*cells[-1][2], w.text])
        broken = False
        prev_x1 = w.x1
    return [(x0, x1, " ".join(ws)) for x0, x1, ws in cells]


def _is_row_number(text: str) -> bool:
    t = text.strip()
    return bool(NUMBER_STT_RE.match(t) or DECIMAL_STT_RE.match(t) or LETTER_STT_RE.match(t)) \
        or roman_stt(t) is not None


def _is_header(cells: list[tuple[float, float, str]]) -> bool:
    return len(cells) >= MIN_COLUMNS and all(is_header_cell(text.upper().rstrip(": ")) for _, _, text in cells) \
        and _is_stt(cells[0][2])


def _is_stt(text: str) -> bool:
    """The row-number column's header (grammars/indicators.toml [tables] stt)."""
    return vocab().table["stt"].search(fold(text).lower()) is not None


def find_gap_tables(lines: Sequence[LineLike]) -> list[GapTable]:
    """Every table a header line opens (see the module docstring), in page order."""
    found: list[GapTable] = []
    i = 0
    while i < len(lines):
        head = _cells(lines[i])
        if not _is_header(head):
            i += 1
            continue
        # a cell belongs to the column whose span holds its start: columns part in the middle of
        # the gaps between header cells (a header is centred, a name cell starts further left)
        bounds = [float("-inf")] + [(a[1] + b[0]) / 2 for a, b in itertools.pairwise(head)]

        rows: list[list[str]] = [[text for _, _, text in head]]
        boxes = [_box(lines[i])]
        taken = [i]
        j = i + 1
        while j < len(lines):
            cells = _cells(lines[j])
            cols = [_column(x0, bounds) for x0, _, _ in cells]
            if not cells:
                break
            opens = cols[0] == 0 and _is_row_number(cells[0][2]) and len(cells) >= 2
            # a wrapped cell stays inside its column; a paragraph after the table runs across them
            goes_on = cols[0] > 0 and len(rows) > 1 and all(
                k + 1 >= len(bounds) or x1 <= bounds[k + 1] for k, (_, x1, _) in zip(cols, cells, strict=True))
            if not (opens or goes_on) or len(set(cols)) != len(cols):
                break
            if opens:
                rows.append([""] * len(head))
                boxes.append(_box(lines[j]))
            row = rows[-1]
            for k, (_, _, text) in zip(cols, cells, strict=True):
                row[k] = f"{row[k]} {text}".strip()
            boxes[-1] = _union(boxes[-1], _box(lines[j]))
            taken.append(j)
            j += 1
        if len(rows) - 1 >= MIN_ROWS:
            box = boxes[0]
            for b in boxes[1:]:
                box = _union(box, b)
            found.append(GapTable(rows, boxes, box, taken))
            i = j
        else:
            i += 1
    return found


def _column(x0: float, bounds: list[float]) -> int:
    """Index of the last column whose left bound is at or left of x0 (bounds ascend)."""
    return bisect.bisect_right(bounds, x0) - 1


def _box(line: LineLike) -> tuple[float, float, float, float]:
    return (line.x0, line.top, line.x1, line.bottom)


Box = tuple[float, float, float, float]


def _union(a: Box, b: Box) -> Box:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
