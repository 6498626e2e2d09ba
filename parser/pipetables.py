"""Rebuild tables that web converters write one pipe or one cell per line.

Some HTML-to-Markdown converters (the scraped resolutions of hanoi-48-2025 and hue-35-2025) turn
`<td>` into a line holding only "|" followed by the cell's text on lines of its own:

    |            ← row 1 starts (and cell 1)
    TT
    |            ← cell 2
    Nội dung
    |            ← row 1 ends
    |            ← row 2 starts
    1
    ...

The cleaner drops lone pipes as decoration, so every cell became a paragraph of its own and the
table was lost. Here such a block becomes ordinary pipe rows ("| TT | Nội dung |", written by
`piperows.pipe_row`, so a "|" in a cell's text is "\\|"); the cleaner makes them a `Table`
record like any other rows, and the tree and the indicator extractor read its cells.

Where one row ends is not written down: two pipes in a row are either an empty cell or a row
boundary. The block is read as a grid of N columns, N being the longest run of cells separated
by single pipes (those are certainly in one row); a small dynamic programme then chooses, at each
run of pipes, between "same row" and "new row" (and how many empty cells close the old row or
open the new one) so that as many rows as possible have exactly N cells. Merged header cells give
short rows either way; data rows come out aligned.

Blocks holding a header or signature anchor (council, "Số:", national motto, Nơi nhận, CHỦ TỊCH…)
are page-layout tables, not data: they are left alone, so the metadata and recipient extractors
keep reading their lines as before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .extract.indicator_vocab import ANY_YEAR_RE, vocab
from .lines import is_layout_anchor
from .model import Cell, Line, SourceLine
from .piperows import pipe_row
from .rownumbers import DECIMAL_STT_RE, LETTER_STT_RE, NUMBER_STT_RE, roman_stt
from .runcache import compile_regex
from .textfold import fold

Clean = Callable[[str], str]  # the cleaner's per-line function (clean.clean_text)
# A line of pipes only ("|", "| |"): a cell boundary of the layout above.
LONE_PIPES_RE = compile_regex(r"^\s*\|[|\s]*$")
# Tables wider than this, or blocks longer than this, are not read as a grid (keeps the
# programme linear in practice and ignores pipe junk).
MAX_COLUMNS = 16
MAX_BLOCK_LINES = 20000
# The longest single-pipe run is a lower bound of the width: a row whose first cells are empty
# (merged with the row above) is longer. When some row does not fit, up to this many wider grids
# are tried, and the narrowest that every row fits is kept.
EXTRA_COLUMNS = 2
# Costs of the grid choice: a row of other than N cells; a cell beyond column N.
SHORT_ROW_COST = 1
OVERFLOW_COST = 100


def is_lone_pipe(text: str) -> bool:
    return "|" in text and LONE_PIPES_RE.match(text) is not None


@dataclass(slots=True)
class _Group:
    """The text lines of one cell and the pipe lines before it."""

    pipes_before: list[SourceLine]
    lines: list[SourceLine] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Step:
    """How a cell was placed: its column, the previous cell's column, and for a new row how
    many empty cells closed the previous row (None: same row)."""

    cost: int
    column: int
    previous: int
    empty_before_end: int | None


def find_blocks(source: list[SourceLine]) -> list[tuple[int, int]]:
    """(first, last) indices of pipe-per-line blocks: from a lone pipe line, over consecutive
    source lines (no blank between), to the last lone pipe line of that run."""
    blocks: list[tuple[int, int]] = []
    i = 0
    while i < len(source):
        if not is_lone_pipe(source[i].text):
            i += 1
            continue
        j = i
        last_pipe = i
        while j + 1 < len(source) and source[j + 1].number == source[j].number + 1 and j + 1 - i < MAX_BLOCK_LINES:
            j += 1
            if is_lone_pipe(source[j].text):
                last_pipe = j
        if last_pipe > i:
            blocks.append((i, last_pipe))
        i = last_pipe + 1
    return blocks


def rebuild(block: list[SourceLine], clean: Clean) -> list[Line] | None:
    """Pipe rows for a pipe-per-line block, or None when it is a layout table or no grid.

    `clean` is the cleaner's per-line function (passed in: this module is below clean.py)."""
    groups, trailing = _groups(block, clean)
    if len(groups) < 2:
        return None
    shortest = _columns(groups)
    if shortest > MAX_COLUMNS or _is_layout(groups):
        return None
    best: tuple[int, list[_Step]] | None = None
    for columns in range(shortest, min(shortest + EXTRA_COLUMNS, MAX_COLUMNS) + 1):
        cost, chosen = _choose(_place(groups, columns), trailing, columns)
        if best is None or cost < best[0]:
            best = (cost, chosen)
        if cost < OVERFLOW_COST:
            break  # the narrowest grid every row fits in; a wider one would only merge rows
    if best is None:  # no width tried (shortest > MAX_COLUMNS is refused above)
        return None
    return _rows(block, groups, trailing, best[1])


def _groups(block: list[SourceLine], clean: Clean) -> tuple[list[_Group], list[SourceLine]]:
    """Split the block into cells (consecutive text lines) with the pipes before each."""
    groups: list[_Group] = []
    pipes: list[SourceLine] = []
    for sl in block:
        if is_lone_pipe(sl.text):
            pipes.extend([sl] * sl.text.count("|"))
            continue
        text = clean(sl.text)
        if not text or _is_rule(text):
            continue  # "** **", "-------": no content, like an empty cell
        if pipes or not groups:
            groups.append(_Group(pipes_before=pipes))
            pipes = []
        groups[-1].lines.append(sl)
        groups[-1].texts.append(text)
    return groups, pipes


def _is_rule(text: str) -> bool:
    return len(text) >= 3 and not text.strip("-_=*~. ")


def _is_layout(groups: list[_Group]) -> bool:
    """A page-layout table (header columns, Nơi nhận beside the signature), not data."""
    for g in groups:
        if any(is_layout_anchor(t) for t in g.texts) or is_layout_anchor(" ".join(g.texts)):
            return True
    return False


def _columns(groups: list[_Group]) -> int:
    """The longest run of cells separated by single pipes: they share a row for certain, so the
    grid has at least this many columns."""
    best = run = 1
    for g in groups[1:]:
        run = run + 1 if len(g.pipes_before) == 1 else 1
        best = max(best, run)
    return best


def _row_cost(length: int, columns: int) -> int:
    if length > columns:
        return OVERFLOW_COST * (length - columns)
    return 0 if length == columns else SHORT_ROW_COST


def _place(groups: list[_Group], columns: int) -> list[dict[int, _Step]]:
    """For each cell, the cheapest placement ending in each column (dynamic programme)."""
    first = min(len(groups[0].pipes_before), columns)
    steps: list[dict[int, _Step]] = [{first: _Step(0, first, 0, None)}]
    for g in groups[1:]:
        k = len(g.pipes_before)
        current: dict[int, _Step] = {}
        for m, prev in steps[-1].items():
            same = m + k
            if same <= columns:
                _keep(current, _Step(prev.cost, same, m, None))
            if k < 2:
                continue
            # k pipes = e1 empty cells closing row, its end pipe, e2 empty cells, the new cell's pipe
            for e2 in range(min(k - 2, columns - 1), -1, -1):
                e1 = k - 2 - e2
                if m + e1 > columns:
                    continue
                _keep(current, _Step(prev.cost + _row_cost(m + e1, columns), e2 + 1, m, e1))
        if not current:  # more pipes than any grid admits: close the row, drop the extra empties
            m, prev = min(steps[-1].items(), key=lambda kv: kv[1].cost)
            e1 = max(0, columns - m)
            current[1] = _Step(prev.cost + OVERFLOW_COST, 1, m, min(e1, max(0, k - 2)))
        steps.append(current)
    return steps


def _keep(current: dict[int, _Step], step: _Step) -> None:
    old = current.get(step.column)
    if old is None or step.cost < old.cost:
        current[step.column] = step


def _choose(steps: list[dict[int, _Step]], trailing: list[SourceLine], columns: int) -> tuple[int, list[_Step]]:
    """The cheapest placement's cost and steps, walked back from the last cell (whose row the
    trailing pipes close)."""
    closing = max(0, len(trailing) - 1)
    total = {m: s.cost + _row_cost(m + closing, columns) for m, s in steps[-1].items()}
    column = min(total, key=lambda m: (total[m], m))
    cost = total[column]
    chosen: list[_Step] = []
    for i in range(len(steps) - 1, -1, -1):
        step = steps[i][column]
        chosen.append(step)
        column = step.previous
    chosen.reverse()
    return cost, chosen


def _rows(block: list[SourceLine], groups: list[_Group], trailing: list[SourceLine],
          chosen: list[_Step]) -> list[Line]:
    """One pipe row per table row, citing the source lines from its first to its last pipe."""
    index = {id(sl): n for n, sl in enumerate(block)}
    rows: list[Line] = []
    cells: list[Cell] = [Cell("")] * (chosen[0].column - 1)
    start = groups[0].pipes_before[0]
    for g, step in zip(groups, chosen, strict=True):
        k = len(g.pipes_before)
        if step.empty_before_end is None:
            if g is not groups[0]:
                cells.extend([Cell("")] * (k - 1))
        else:
            e1 = step.empty_before_end
            cells.extend([Cell("")] * e1)
            end = g.pipes_before[min(e1, k - 1)]
            rows.append(_row_line(block, index, cells, start, end))
            start = g.pipes_before[min(e1 + 1, k - 1)]
            cells = [Cell("")] * (step.column - 1)
        cells.append(Cell(" ".join(g.texts), g.lines[0].number))
    cells.extend([Cell("")] * max(0, len(trailing) - 1))
    end = trailing[-1] if trailing else groups[-1].lines[-1]
    rows.append(_row_line(block, index, cells, start, end))
    return rows


def _row_line(block: list[SourceLine], index: dict[int, int], cells: list[Cell], start: SourceLine,
              end: SourceLine) -> Line:
    """A row's line, its cells attached (their text as cleaned, each citing its first line)."""
    lo, hi = index[id(start)], index[id(end)]
    raw = "\n".join(sl.text for sl in block[lo:hi + 1])
    return Line(text=pipe_row(c.text for c in cells), raw=raw, first=start.number, last=end.number,
                page=start.page, cells=tuple(cells))


# --- tables flattened to one cell per line -----------------------------------------------------
#
# Web pages copied as text write every `<td>` on a line of its own, mostly with a blank line
# between cells, and leave no pipe at all:
#
#     Stt                      ← header: an STT cell, then a name cell ("Chỉ tiêu …"),
#     Chỉ tiêu chủ yếu           then the value headers, until the first row number
#     Ước TH năm 2021
#     I                        ← a group row: a row number and a name, its empty cells lost
#     Kinh tế
#     1                        ← a data row: row number, name, values
#     Tốc độ tăng trưởng …
#     tăng 7,4 - 8,4%
#
# The header says how many cells a row has (N). A row is at most N cells; it ends early where
# the next cell is the next row number (1 → 2, I → II, or a restart at 1 / I / A, "1.1") and the
# cell after that is a name (starts with a letter), since a value is followed by a row number,
# never by a name. The table ends at the first cell that cannot start a row after a full one,
# at a long cell, or at a gap of blank lines longer than N empty cells would leave. Only the
# shape is read: the header words come from grammars/indicators.toml [tables].

# Header cells are short labels; a longer line is text, not a header.
CELL_HEADER_MAX_CHARS = 80
# A cell longer than this is a paragraph of text: the table ends before it.
CELL_MAX_CHARS = 400
# A header needs an STT cell and a name cell; data needs this many rows.
CELL_TABLE_MIN_ROWS = 2
# First letters of an STT header cell as written (grammars/indicators.toml [tables] stt: "stt",
# "tt", "số tt", "số thứ tự"); widen this when that pattern gains a word with another initial.
STT_INITIALS = frozenset("sStT")
# The name header cell is among the first cells of the header (STT, then the name; some tables put
# a code column between them).
NAME_HEADER_REACH = 3


def find_cell_tables(source: list[SourceLine], clean: Clean) -> dict[int, tuple[int, list[Line]]]:
    """Index of each one-cell-per-line table's header line → (index after it, its pipe rows).

    `source` holds the non-blank lines (their numbers keep the blank gaps); `clean` is the
    cleaner's per-line function. One pass: a failed attempt reads at most a header and a row past
    where it started, and a table found is skipped as a whole."""
    stt_re = vocab().table["stt"]
    tables: dict[int, tuple[int, list[Line]]] = {}
    i, n = 0, len(source)
    while i < n:
        text = source[i].text
        # cheap tests first: an STT header cell is short and starts with S or T ("Stt", "TT",
        # "**STT**", "Số TT", "Số thứ tự"); only then is it cleaned and matched
        if len(text) > 40 or "|" in text or text.lstrip(" *_#")[:1] not in STT_INITIALS \
                or not stt_re.search(fold(clean(text)).strip(" .:*")):
            i += 1
            continue
        found = _cell_table(source, i, clean)
        if found is None:
            i += 1
            continue
        end, rows = found
        tables[i] = (end, rows)
        i = end
    return tables


@dataclass(slots=True)
class _Cell:
    text: str
    lines: list[SourceLine]  # every line of the cell (more than one where it was wrapped)
    end: int  # the index in `source` after its last line

    @property
    def line(self) -> SourceLine:
        """The cell's first line (what its Cell record cites)."""
        return self.lines[0]


def _cell_table(source: list[SourceLine], start: int, clean: Clean) -> tuple[int, list[Line]] | None:
    t = vocab().table
    n = len(source)
    # Cells parted by blank lines (the header's first two are): a line right below a cell's line,
    # with no blank between, is the same cell wrapped at the converter's width (pandoc and the
    # text browsers wrap long paragraphs), not the next cell.
    spaced = start + 1 < n and source[start + 1].number > source[start].number + 1

    def cell(k: int) -> _Cell | None:
        if k >= n or "|" in source[k].text:
            return None
        end = k + 1
        if spaced:
            while end < n and source[end].number == source[end - 1].number + 1 and "|" not in source[end].text:
                end += 1
        text = " ".join(clean(sl.text) for sl in source[k:end]).strip()
        return _Cell(text, source[k:end], end) if text else None

    # the header: STT, then labels up to the first row number
    header: list[_Cell] = []
    k = start
    while k < n and len(header) <= MAX_COLUMNS:
        c = cell(k)
        if c is None or len(c.text) > CELL_HEADER_MAX_CHARS:
            return None
        if header and row_label(c.text) is not None:
            break
        header.append(c)
        k = c.end
    names = [j for j, c in enumerate(header[1:NAME_HEADER_REACH + 1], start=1)
             if t["name"].search(fold(c.text)) and not ANY_YEAR_RE.search(c.text)]
    if not names or len(header) > MAX_COLUMNS or names[0] == len(header) - 1 or k >= n:
        return None  # no name column, or no value column after it
    columns = len(header)
    max_gap = 2 * columns + 2  # blank lines between two cells: N empty cells at most
    rows: list[list[_Cell]] = [header]
    seen: dict[str, int] = {}  # the last row number of each kind
    end = k
    while k < n:
        first = cell(k)
        if first is None or first.line.number - rows[-1][-1].lines[-1].number > max_gap \
                or not _may_follow(seen, first.text):
            break
        row = [first]
        k = first.end
        while k < n and len(row) < columns:
            c = cell(k)
            if c is None or len(c.text) > CELL_MAX_CHARS or c.line.number - row[-1].lines[-1].number > max_gap:
                break
            if len(row) >= 2 and _may_follow({**seen, **dict(row_labels(first.text))}, c.text):
                after = cell(c.end)
                if after is not None and after.text[:1].isalpha() and row_label(after.text) is None:
                    break  # the next row's number, then its name
            row.append(c)
            k = c.end
        if len(row) < 2:
            break  # a row number with nothing after it: not this table's row
        rows.append(row)
        _see(seen, first.text)
        end = k
    if len(rows) - 1 < CELL_TABLE_MIN_ROWS:
        return None
    if _is_layout([_Group(pipes_before=[], lines=[sl for c in r for sl in c.lines], texts=[c.text for c in r])
                   for r in rows]):
        return None
    return end, _cell_rows(rows)


def _cell_rows(rows: list[list[_Cell]]) -> list[Line]:
    """One pipe row per table row. A row cites its cells' lines and the blank lines after them
    up to the next row (its empty cells sat there), so the rows stay one table for the tree."""
    out: list[Line] = []
    for r, row in enumerate(rows):
        first, last = row[0].line.number, row[-1].lines[-1].number
        if r + 1 < len(rows):
            last = max(last, rows[r + 1][0].line.number - 2)
        raw = "\n".join(sl.text for c in row for sl in c.lines)
        out.append(Line(text=pipe_row(c.text for c in row), raw=raw, first=first, last=last, page=row[0].line.page,
                        cells=tuple(Cell(c.text, c.line.number) for c in row)))
    return out


def row_labels(text: str) -> list[tuple[str, int]]:
    """Every reading of a row number cell as (kind, value): "number" 1, 2 …; "decimal" 1.1,
    2.3.1 (value: its last part); "roman" I, II …; "letter" A, B …. A letter that is also a
    numeral ("I", "C") has both readings; anything else has none."""
    s = text.strip()
    if not s or len(s) > 12:
        return []
    if NUMBER_STT_RE.match(s):
        return [("number", int(s.rstrip(".")))]
    if DECIMAL_STT_RE.match(s):
        return [("decimal", int(s.rstrip(".").rsplit(".", 1)[1]))]
    out: list[tuple[str, int]] = []
    value = roman_stt(s)
    if value is not None:
        out.append(("roman", value))
    if LETTER_STT_RE.match(s):
        out.append(("letter", ord(s[0]) - ord("A") + 1))
    return out


def row_label(text: str) -> tuple[str, int] | None:
    """The first reading of a row number cell (see row_labels), or None."""
    labels = row_labels(text)
    return labels[0] if labels else None


def _may_follow(seen: dict[str, int], text: str) -> bool:
    """`text` can number the next row, given the last row number of each kind so far: a first
    number of any kind (a new group: 1, I, A), a decimal (x.1 under row x), or the successor of
    the last number of its kind (6 → 7 after the group row II)."""
    for kind, value in row_labels(text):
        if value == 1 or kind == "decimal" or seen.get(kind, -1) + 1 == value:
            return True
    return False


def _see(seen: dict[str, int], text: str) -> None:
    for kind, value in row_labels(text):
        seen[kind] = value
