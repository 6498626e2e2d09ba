"""Tables whose columns a dashed rule marks: pandoc's simple and multiline tables.

Pandoc's Markdown and plain-text writers (the commonest DOCX-to-text converter) write a table
whose cells fit on one line as a *simple* table and one with wrapped cells as a *multiline*
table. The rule under the header says where each column starts; a multiline table has a
border above and below and a blank line after each row:

      -----------------------------------------------------------   ← border (multiline only)
      STT     Chỉ tiêu             Đơn vị tính    Kế hoạch 2025
      ------- -------------------- -------------- ---------------   ← column rule
      1       Tốc độ tăng          %              8,5
              trưởng GRDP                                           ← the cell wrapped
                                                                    ← blank: the row ends
      2       GRDP bình quân       Triệu đồng     120
              đầu người
      -----------------------------------------------------------   ← border

Read as prose the rules were dropped as decoration and every row became a paragraph ("1 Tốc độ
tăng % 8,5 trưởng GRDP"); here the block becomes pipe rows with their cells, each cell the text
under its column on every line of the row. A table without a header opens and closes with the
column rule. Blocks holding a header or signature anchor are page layout, not data, and are left
to the layout readers.

What is never such a table (the false positives these bounds avoid): a rule of one dash run
("-----", a separator), and a line of short dash runs inside prose ("-- --"): a column rule has
two runs of at least COLUMN_RULE_MIN_DASHES dashes.
"""

from __future__ import annotations

from collections.abc import Callable

from .lines import is_layout_anchor
from .model import Cell, Line, SourceLine
from .piperows import pipe_row
from .runcache import compile_regex

Clean = Callable[[str], str]

COLUMN_RULE_MIN_DASHES = 3
# Two dash runs or more parted by spaces, nothing else: where each column starts.
COLUMN_RULE_RE = compile_regex(r"^[ ]*+-{3,}+(?:[ ]++-{3,}+)++[ ]*+$")
# One dash run across the table: the border of a multiline table.
BORDER_RE = compile_regex(r"^[ ]*+-{3,}+[ ]*+$")
DASH_RUN_RE = compile_regex(r"-++")
# A header of more lines than this, or a table of more lines, is not read (bounds the scans).
MAX_HEADER_LINES = 6
MAX_TABLE_LINES = 5000


def find_ruled_tables(source: list[SourceLine], clean: Clean) -> dict[int, tuple[int, list[Line]]]:
    """Index of each ruled table's first line → (index after it, its pipe rows)."""
    out: dict[int, tuple[int, list[Line]]] = {}
    if not any("---" in sl.text for sl in source):
        return out
    i = taken = 0  # `taken`: the index after the last table kept (a header reaches above its rule)
    while i < len(source):
        text = source[i].text
        if "-" not in text[:8] or COLUMN_RULE_RE.match(text) is None:
            i += 1
            continue
        found = _table_at(source, i, clean)
        if found is None:
            i += 1
            continue
        first, end, rows = found
        if first >= taken:
            out[first] = (end, rows)
            taken = end
        i = end
    return out


def _adjacent(source: list[SourceLine], a: int, b: int) -> bool:
    """Lines a and b (indices, a < b) are next to each other in the file (no blank between)."""
    return source[b].number == source[a].number + 1


def _table_at(source: list[SourceLine], rule: int, clean: Clean) -> tuple[int, int, list[Line]] | None:
    """The table whose column rule is source[rule]: (its first index, index after it, rows)."""
    starts = [m.start() for m in DASH_RUN_RE.finditer(source[rule].text)]
    header, first, bordered = _header(source, rule)
    rows: list[list[SourceLine]] = []
    k = rule + 1
    if bordered or not header:
        # multiline (rows parted by blank lines) up to its border, or a headerless table up to
        # its closing column rule: without that closing line this is no table
        closing = BORDER_RE if bordered else COLUMN_RULE_RE
        multiline = bordered or _row_gaps(source, rule)
        while k < len(source) and k - rule <= MAX_TABLE_LINES and closing.match(source[k].text) is None:
            if rows and multiline and _adjacent(source, k - 1, k):
                rows[-1].append(source[k])
            else:
                rows.append([source[k]])
            k += 1
        if k >= len(source) or not rows:
            return None
        end = k + 1
    else:
        # simple: one row per line, up to the first blank line
        while k < len(source) and _adjacent(source, k - 1, k) and COLUMN_RULE_RE.match(source[k].text) is None:
            rows.append([source[k]])
            k += 1
        end = k
        if not rows:
            return None
    table = ([header] if header else []) + rows
    cells = [_cells(lines, starts, clean) for lines in table]
    if any(is_layout_anchor(c) for row in cells for c in row if c):
        return None  # the page's layout (header columns, Nơi nhận beside the signature)
    out = [_row_line(lines, row_cells) for lines, row_cells in zip(table, cells, strict=True)]
    return first, end, out


def _header(source: list[SourceLine], rule: int) -> tuple[list[SourceLine], int, bool]:
    """The header lines above the column rule, the table's first index, and whether a border
    opens it (a multiline table). No header: the rule opens the table."""
    k = rule
    while k > 0 and rule - k < MAX_HEADER_LINES and _adjacent(source, k - 1, k):
        if BORDER_RE.match(source[k - 1].text):
            return source[k:rule], k - 1, True
        k -= 1
    if rule - k == 1:
        return source[k:rule], k, False  # one line right above the rule: a simple table's header
    return [], rule, False


def _row_gaps(source: list[SourceLine], rule: int) -> bool:
    """A headerless table's rows are parted by blank lines (multiline) when its first row is."""
    k = rule + 1
    while k + 1 < len(source) and _adjacent(source, k, k + 1):
        if COLUMN_RULE_RE.match(source[k + 1].text):
            return False  # reached the closing rule with no blank: one line per row
        k += 1
    return True


def _cells(lines: list[SourceLine], starts: list[int], clean: Clean) -> list[str]:
    """Each column's text on every line of the row, joined: a column runs from its rule's start
    to the next one's (the first from the line's start)."""
    spans = list(zip([0, *starts[1:]], [*starts[1:], None], strict=True))
    parts: list[list[str]] = [[] for _ in starts]
    for sl in lines:
        for c, (a, b) in enumerate(spans):
            piece = sl.text[a:b].strip()
            if piece:
                parts[c].append(piece)
    return [clean(" ".join(p)) if p else "" for p in parts]


def _row_line(lines: list[SourceLine], cells: list[str]) -> Line:
    first = lines[0]
    return Line(text=pipe_row(cells), raw="\n".join(sl.text for sl in lines), first=first.number,
                last=lines[-1].number, page=first.page, cells=tuple(Cell(t, first.number) for t in cells))
