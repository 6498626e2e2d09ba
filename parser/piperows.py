"""How a table row is written as one line of text and read back: the one escaping rule.

Tables travel as `Table` records (model.py) from every reader to the tree and the extractors:

1. a reader (PDF, DOCX and through it .doc and HTML) makes a `Table` per data table, each row
   citing its source line (`row_lines`) and, for PDF, its page, and writes each row as one text
   line with `pipe_row`. The text keeps one line per row, so line numbers, the cleaner's joins
   and the zone finders treat a row as any line and stay as they were;
2. the cleaner (`clean.clean_document`) makes the cleaned document's `Table` records: the rows
   of a reader's table, the Markdown pipe rows of a text input and the rows `pipetables`
   rebuilds. Each row's line carries its record's row (`Line.cells`): the records ride with
   their lines through the zones, quotations and the appendix, with no lookup by line number;
3. the tree (`segment.TreeBuilder._add_table_row`) takes a table node's cells from `Line.cells`,
   and the indicator table reader reads those cells and their row lines from the node.

A row's cells are cleaned with its line, as one text (as before records flowed, so outputs stay
byte for byte what they were), and read back from the cleaned text with `split_row`; should the
cleaning have changed a reader's row's number of cells, its own cells are cleaned one by one.

A "|" inside a cell is written "\\|", the escape Markdown (GFM) uses, and read back as "|"; the
cleaner keeps that escape in a row (elsewhere "\\|" is just "|"). The cells are padded by a
space each side, so a cell that ends in a backslash never escapes the separator after it.
"""

from __future__ import annotations

from collections.abc import Iterable

from .runcache import compile_regex

CELL_PIPE = "\\|"  # a "|" inside a cell, as a row's text writes it
# A separator: a pipe not escaped by a backslash before it.
SEPARATOR_RE = compile_regex(r"(?<!\\)\|")


def escape_cell(text: str) -> str:
    """A cell's text as a row writes it: every "|" escaped."""
    return text.replace("|", CELL_PIPE) if "|" in text else text


def unescape_cell(text: str) -> str:
    return text.replace(CELL_PIPE, "|") if CELL_PIPE in text else text


def pipe_row(cells: Iterable[str], *, blank: str = "  ") -> str:
    """ "| a | b |" from the cells, each escaped and padded by a space; an empty cell is `blank`
    (the PDF reader and the table rebuilder write two spaces, the DOCX reader one)."""
    parts = [f" {escape_cell(c)} " if c else blank for c in cells]
    return "|" + "|".join(parts or [blank]) + "|"


def split_cells(inner: str) -> list[str]:
    """The cells between a row's outer pipes ("a | b \\| c" → ["a", "b | c"]), stripped and unescaped."""
    if CELL_PIPE not in inner:
        return [cell.strip() for cell in inner.split("|")]
    return [unescape_cell(part).strip() for part in SEPARATOR_RE.split(inner)]


def split_row(text: str) -> list[str]:
    """The cells of a pipe row, stripped and unescaped: split at every unescaped "|", the pipes
    at both ends dropped (as many as there are, as `str.strip("|")` does)."""
    text = text.strip()
    if CELL_PIPE not in text:
        return [cell.strip() for cell in text.strip("|").split("|")]
    parts = SEPARATOR_RE.split(text)
    start, end = 0, len(parts)
    while start < end and parts[start] == "":
        start += 1
    while end > start and parts[end - 1] == "":
        end -= 1
    return [unescape_cell(p).strip() for p in parts[start:end]] or [""]
