"""Tables written as aligned columns in plain text: cells parted by tabs or by runs of spaces.

Word's "Save as plain text" and copy-paste part table cells with tabs; `pdftotext -layout` and
many PDF-to-text converters part them with runs of spaces. Read as prose, a row "1 ⇥ Tốc độ tăng
trưởng GRDP ⇥ % ⇥ 8,5" names an indicator "1 Tốc độ tăng trưởng GRDP %" without its unit. Here
each run of such rows becomes pipe rows with their cells (as the Markdown and PDF tables are),
so the tree and the indicator reader see a table.

What is never a table (the false positives these bounds avoid):
- a label and its text parted by one tab ("1.⇥Tốc độ tăng trưởng", "Điều 1.⇥Phạm vi"): rows
  need three cells or more;
- the two header columns or Nơi nhận beside the signature ("HỘI ĐỒNG NHÂN DÂN⇥⇥CỘNG HÒA …"): two
  cells, and a layout is left to the layout readers;
- a sentence with a double space typed by mistake: space-parted rows need gaps of
  three spaces or more, three rows or more, and a figure in some cell.
"""

from __future__ import annotations

from collections.abc import Callable

from .model import Cell, Line, SourceLine
from .piperows import pipe_row
from .runcache import compile_regex

MIN_CELLS = 3
TAB_MIN_ROWS = 2
SPACE_MIN_ROWS = 3
# A run of three spaces or more inside a line (not at its start).
SPACE_GAP_RE = compile_regex(r"(?<=\S)[ ]{3,}+(?=\S)")
# A cell holding a figure ("8,5", "12.500", "< 2", "95%").
FIGURE_RE = compile_regex(r"\d")


def tab_cells(text: str) -> list[str] | None:
    """The cells of a tab-parted row, or None when the line is no such row."""
    if text.count("\t") < MIN_CELLS - 1 or text.startswith("|"):
        return None
    cells = [c.strip() for c in text.strip("\r\n").split("\t")]
    while cells and not cells[-1]:
        cells.pop()
    # a leading empty cell is kept: a sub-row's STT left empty ("⇥Trong đó: thu nội địa⇥Tỷ
    # đồng⇥12.300") keeps its name in the name column
    return cells if sum(1 for c in cells if c) >= MIN_CELLS else None


def space_cells(text: str) -> list[str] | None:
    """The cells of a space-aligned row, or None when the line is no such row."""
    if "   " not in text or text.lstrip().startswith("|") or "\t" in text:
        return None
    cells = [c.strip() for c in SPACE_GAP_RE.split(text.strip())]
    if len(cells) < MIN_CELLS:
        return None
    # a row indented past an empty first cell (a "Trong đó:" sub-row without its STT) keeps it
    return ["", *cells] if text.startswith("   ") else cells


# A table's section row, two cells: its label ("I", "II", "A") and its words, no figure ("I ␣␣␣
# CHỈ TIÊU KINH TẾ", "II⇥Chỉ tiêu xã hội⇥⇥"). Fewer cells than a row: read only inside a table,
# where it would otherwise end it. Not a number: "2.⇥Các chỉ tiêu xã hội" is the clause heading
# over the next table.
SECTION_LABEL_RE = compile_regex(r"^(?:[IVXLC]{1,6}|[A-ZĐ])\.?$")


def section_row(text: str, split: Callable[[str], list[str] | None]) -> list[str] | None:
    """[label, words] of a section row of a tab- or space-parted table, else None."""
    parts = text.split("\t") if split is tab_cells else SPACE_GAP_RE.split(text.strip())
    cells = [c.strip() for c in parts]
    while cells and not cells[-1]:
        cells.pop()
    if len(cells) != 2 or not SECTION_LABEL_RE.match(cells[0]) or FIGURE_RE.search(cells[1]) \
            or not any(ch.isalpha() for ch in cells[1]):
        return None
    return cells


def tab_rows(source: list[SourceLine]) -> list[tuple[int, int, list[SourceLine]]]:
    """Each run of adjacent lines in two tab-parted columns → (first index, index after it, the
    lines as two-cell pipe rows), for the layout reader: a header or a signature block saved as
    plain text keeps its columns parted by tabs ("HỘI ĐỒNG NHÂN DÂN ⇥⇥ CỘNG HÒA …", "- Như Điều
    2; ⇥⇥ CHỦ TỊCH"). Inside a run, a line with no tab holds the left column only ("- Thường trực
    Tỉnh ủy;") and a line that opens with tabs the right one only (⇥⇥⇥ "Nguyễn Văn A")."""
    runs: list[tuple[int, int, list[SourceLine]]] = []
    i = 0
    while i < len(source):
        if _two_columns(source[i].text) is None:
            i += 1
            continue
        end, last_tabbed = i + 1, i
        while end < len(source) and source[end].number == source[end - 1].number + 1 \
                and end - last_tabbed <= LEFT_ONLY_MAX_LINES:
            text = source[end].text
            if "\t" in text:
                if _two_columns(text) is None and _right_only(text) is None:
                    break
                last_tabbed = end
            end += 1
        end = _with_trailing_items(source, last_tabbed + 1)
        rows = [SourceLine(text=pipe_row(_row_cells(sl.text)), number=sl.number, page=sl.page)
                for sl in source[i:end]]
        runs.append((i, end, rows))
        i = end
    return runs


# Lines of the left column alone between two lines of both columns (recipients beside the blank
# space above the signer's name).
LEFT_ONLY_MAX_LINES = 10
# After the last line of both columns, the adjacent list items of the left column go on in it
# (the rest of Nơi nhận below the signer's name).
LIST_ITEM_START_RE = compile_regex(r"^\s*+[-+•]")


def _with_trailing_items(source: list[SourceLine], end: int) -> int:
    """`end` moved past the adjacent list items that follow a layout run (a run otherwise never
    ends on lines of the left column alone: they are the text below it)."""
    while end < len(source) and source[end].number == source[end - 1].number + 1 \
            and LIST_ITEM_START_RE.match(source[end].text) and "\t" not in source[end].text \
            and not SPACE_GAP_LAYOUT_RE.search(source[end].text.strip()):
        end += 1
    return end


def _two_columns(text: str) -> list[str] | None:
    """[left, right] of a line holding text on both sides of its tabs (one run of tabs: three
    cells or more are a data row, see column_tables)."""
    if "\t" not in text or text.startswith(("|", "\t")):
        return None
    cells = [c.strip() for c in TAB_RUN_RE.split(text.strip())]
    return cells if len(cells) == 2 and all(cells) else None


def _right_only(text: str) -> list[str] | None:
    """["", right] of a line that opens with tabs."""
    if not text.startswith("\t") or not text.strip():
        return None
    cells = [c.strip() for c in TAB_RUN_RE.split(text.strip())]
    return ["", cells[0]] if len(cells) == 1 else None


def _row_cells(text: str) -> list[str]:
    return _two_columns(text) or _right_only(text) or [text.strip(), ""]


TAB_RUN_RE = compile_regex(r"\t++")


def space_rows(source: list[SourceLine]) -> list[tuple[int, int, list[SourceLine]]]:
    """As tab_rows, for two columns parted by a run of spaces (`pdftotext -layout`: "HỘI ĐỒNG
    NHÂN DÂN ␣␣␣␣␣ CỘNG HÒA …", "- Như Điều 2; ␣␣␣␣␣ CHỦ TỊCH"). A line of the left column alone
    has no such run; a line of the right one alone starts about where that column does."""
    runs: list[tuple[int, int, list[SourceLine]]] = []
    i = 0
    while i < len(source):
        first = _space_columns(source[i].text)
        if first is None:
            i += 1
            continue
        right_at = first[2]
        end, last_split = i + 1, i
        while end < len(source) and source[end].number == source[end - 1].number + 1 \
                and end - last_split <= LEFT_ONLY_MAX_LINES:
            text = source[end].text
            found = _space_columns(text)
            if found is not None:
                right_at = min(right_at, found[2])
                last_split = end
            elif len(text) - len(text.lstrip(" ")) >= right_at - RIGHT_COLUMN_SLACK:
                last_split = end  # the right column alone ("␣␣␣␣␣␣ Nguyễn Văn A")
            elif SPACE_GAP_LAYOUT_RE.search(text.strip()):
                break  # three columns or more: not a two-column layout
            end += 1
        end = _with_trailing_items(source, last_split + 1)
        rows = [SourceLine(text=pipe_row(_space_row_cells(sl.text, right_at)), number=sl.number, page=sl.page)
                for sl in source[i:end]]
        runs.append((i, end, rows))
        i = end
    return runs


# A run of spaces parting two columns of a laid-out page: wider than a justified line's spaces.
SPACE_GAP_LAYOUT_RE = compile_regex(r"(?<=\S)[ ]{4,}+(?=\S)")
# How far left of its column a right-column line may start (centred under a longer line).
RIGHT_COLUMN_SLACK = 12


def _space_columns(text: str) -> tuple[str, str, int] | None:
    """(left, right, where right starts) of a line of two space-parted columns."""
    if "    " not in text or text.lstrip().startswith("|") or "\t" in text:
        return None
    gaps = list(SPACE_GAP_LAYOUT_RE.finditer(text))
    if len(gaps) != 1:
        return None
    gap = gaps[0]
    left, right = text[:gap.start()].strip(), text[gap.end():].strip()
    return (left, right, gap.end()) if left and right else None


def _space_row_cells(text: str, right_at: int) -> list[str]:
    found = _space_columns(text)
    if found is not None:
        return [found[0], found[1]]
    if len(text) - len(text.lstrip(" ")) >= right_at - RIGHT_COLUMN_SLACK:
        return ["", text.strip()]
    return [text.strip(), ""]


def column_tables(source: list[SourceLine], clean: Callable[[str], str]) -> dict[int, tuple[int, list[Line]]]:
    """Index of each run of column rows → (index after it, its pipe rows), `clean` applied to
    every cell. Rows must be adjacent lines (a blank line ends the run)."""
    out: dict[int, tuple[int, list[Line]]] = {}
    for split, min_rows, needs_figure in ((tab_cells, TAB_MIN_ROWS, False), (space_cells, SPACE_MIN_ROWS, True)):
        if split is tab_cells and not any("\t" in sl.text for sl in source):
            continue
        if split is space_cells and not any("   " in sl.text for sl in source):
            continue
        i = 0
        while i < len(source):
            if i in out or (cells := split(source[i].text)) is None:
                i += 1
                continue
            rows = [(source[i], cells)]
            lasts = [source[i].number]  # each row's last line (a wrapped cell goes on below)
            end = i + 1
            while end < len(source) and end not in out and source[end].number == source[end - 1].number + 1:
                more = split(source[end].text) or section_row(source[end].text, split)
                if more is None and split is space_cells:
                    if _continue_cells(rows[-1], source[end].text):
                        lasts[-1] = source[end].number
                        end += 1
                        continue
                    break
                if more is None:
                    break
                rows.append((source[end], more))
                lasts.append(source[end].number)
                end += 1
            if split is space_cells:
                rows, lasts = _aligned_to_header(rows, lasts)
            if len(rows) >= min_rows and (not needs_figure or _has_figures(rows)):
                out[i] = (end, [row_line(sl, cells, clean, last)
                                for (sl, cells), last in zip(rows, lasts, strict=True)])
            i = end
    return out


ALIGNED_MAX_COLUMNS = 40  # wider "tables" are no indicator tables: their rows are left as split


def _aligned_to_header(rows: list[tuple[SourceLine, list[str]]],
                       lasts: list[int]) -> tuple[list[tuple[SourceLine, list[str]]], list[int]]:
    """Rows of a space-aligned table with fewer cells than its first row, each piece placed in
    the column of the first row it lies under ("⎵⎵ Trong đó: có bằng cấp ⎵⎵⎵⎵⎵ 30 ⎵⎵ 31": no unit,
    so the figures do not shift left into the unit column)."""
    head_line, head = rows[0]
    if not MIN_CELLS <= len(head) <= ALIGNED_MAX_COLUMNS:
        return rows, lasts  # (bounded: each piece is compared with each column)
    spans = [(m.start(), m.end()) for m in CELL_TEXT_RE.finditer(head_line.text)]
    if len(spans) != len(head):
        return rows, lasts
    head = list(head)
    out = [(head_line, head)]
    out_lasts = [lasts[0]]
    in_header = True  # the header's own lines wrapped below it come first
    for (line, cells), last in zip(rows[1:], lasts[1:], strict=True):
        if len([c for c in cells if c]) >= len(head):
            out.append((line, cells))
            out_lasts.append(last)
            in_header = False
            continue
        placed = [""] * len(head)
        pieces = list(CELL_TEXT_RE.finditer(line.text))
        texts = [c for c in cells if c]
        if len(texts) != len(pieces):  # (the cells hold what wrapped below them: keep their text)
            texts = [m.group() for m in pieces]
        for m, piece in zip(pieces, texts, strict=True):
            column = _column_under(spans, m.start(), m.end(), (m.start() + m.end()) // 2)
            placed[column] = f"{placed[column]} {piece}".strip()
        if in_header and not placed[0] and not placed[1] and all(_header_words(c) for c in placed):
            # "Ước thực ⏎ hiện ⏎ năm ⏎ 2025": a header cell wrapped over several lines
            for k, piece in enumerate(placed):
                head[k] = f"{head[k]} {piece}".strip()
            out_lasts[0] = last
            continue
        in_header = False
        out.append((line, placed))
        out_lasts.append(last)
    return out, out_lasts


HEADER_FIGURE_RE = compile_regex(r"\d")
HEADER_YEAR_RE = compile_regex(r"^(?:\(?%\)?|\d{4}(?:\s*+[-–]\s*+\d{4})?)$")


def _header_words(cell: str) -> bool:
    """A header cell's wrapped words: no figure but a year ("2025", "2026-2030") or "(%)"."""
    return not HEADER_FIGURE_RE.search(cell) or all(HEADER_YEAR_RE.match(w) or not HEADER_FIGURE_RE.search(w)
                                                    for w in cell.split())


def _column_under(spans: list[tuple[int, int]], start: int, end: int, middle: int) -> int:
    """The header column a piece at [start, end) lies under: the one it overlaps most, else the
    one whose middle is nearest."""
    best, best_overlap = 0, 0
    for k, (a, b) in enumerate(spans):
        overlap = min(b, end) - max(a, start)
        if overlap > best_overlap:
            best, best_overlap = k, overlap
    if best_overlap > 0:
        return best
    return min(range(len(spans)), key=lambda k: abs((spans[k][0] + spans[k][1]) // 2 - middle))


def _continue_cells(row: tuple[SourceLine, list[str]], text: str) -> bool:
    """A line of a space-aligned table whose text sits under cells of the row above is those
    cells wrapped ("1 ␣ Tốc độ tăng trưởng ␣ % ␣ 8,5" ⏎ "␣␣␣␣␣ GRDP"): appended to them, in
    place; False (nothing changed) when a piece starts under no cell or under the first one."""
    line, cells = row
    starts = [m.start() for m in CELL_TEXT_RE.finditer(line.text)]
    skip = 1 if cells and not cells[0] and len(starts) == len(cells) - 1 else 0  # an empty first cell
    if len(starts) + skip != len(cells) or not text.strip():
        return False
    pieces = [(m.start(), m.group()) for m in CELL_TEXT_RE.finditer(text)]
    placed: list[tuple[int, str]] = []
    for at, piece in pieces:
        column = next((c + skip for c, start in enumerate(starts) if abs(start - at) <= CELL_ALIGN_SLACK), None)
        if column is None or column == 0:
            return False
        placed.append((column, piece))
    for column, piece in placed:
        cells[column] = f"{cells[column]} {piece}".strip()
    return True


# A cell's text in a space-aligned row: words parted by single (or double) spaces.
CELL_TEXT_RE = compile_regex(r"\S++(?:[ ]{1,2}+\S++)*+")
CELL_ALIGN_SLACK = 3


def _has_figures(rows: list[tuple[SourceLine, list[str]]]) -> bool:
    """Most rows hold a figure in a cell after the first (a data table, not aligned prose)."""
    with_figures = sum(1 for _, cells in rows if any(FIGURE_RE.search(c) for c in cells[1:]))
    return with_figures * 2 >= len(rows)


def row_line(sl: SourceLine, cells: list[str], clean: Callable[[str], str], last: int) -> Line:
    """A pipe row of `cells` (each cleaned) read from line `sl`, citing it to line `last`."""
    texts = [clean(c) if c else "" for c in cells]
    return Line(text=pipe_row(texts), raw=sl.text, first=sl.number, last=last, page=sl.page,
                cells=tuple(Cell(t, sl.number) for t in texts))
