"""How a table row is written as one line of text and read back: the one escaping rule.

Tables travel as `Table` records (model.py), but every stage that works on lines (the cleaner's
joins, the zone finders, line numbers and provenance) sees a table row as one text line, as a
Markdown pipe row: "| 1 | Tốc độ tăng trưởng GRDP | % | 8,5 |". Readers write rows with
`pipe_row`, and whoever needs cells back from a row's text uses `split_row`, so a "|" inside a
cell is written and read the same way everywhere: as "\\|", the escape Markdown (GFM) uses. The
cells around the separators are padded with a space, so a cell that ends in a backslash never
escapes the separator after it.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

CELL_PIPE = "\\|"  # a "|" inside a cell, as a row's text writes it
# A separator: a pipe not escaped by a backslash before it.
SEPARATOR_RE = regex.compile(r"(?<!\\)\|")


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
