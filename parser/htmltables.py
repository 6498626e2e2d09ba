"""HTML tables inside Markdown or text: pandoc's GFM writer, and Markdown converters generally,
write a table with merged cells as an HTML `<table>` block, its rows and cells one tag per line.
Read line by line, each tag was a paragraph and the table was lost.

Each block from a line opening `<table` to the line that closes it is parsed with lxml (already a
dependency: the HTML reader) and becomes one pipe row per `<tr>`, cited to the lines of that row.
A cell spanning columns (`colspan`) is followed by empty cells; one spanning rows (`rowspan`) leaves
its column empty in the rows below, as a merged cell reads in the other table readers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .columns import row_line
from .model import Line, SourceLine
from .runcache import compile_re

TABLE_OPEN_RE = compile_re(r"^\s*<table\b", re.IGNORECASE)
TABLE_CLOSE_RE = compile_re(r"</table\s*>", re.IGNORECASE)
MAX_TABLE_LINES = 20_000  # a block that does not close within this is left as text
MAX_SPAN = 50  # colspan/rowspan beyond this are typing slips, not layout
MAX_COLUMNS = 60


def find_html_tables(source: list[SourceLine], clean: Callable[[str], str]) -> dict[int, tuple[int, list[Line]]]:
    """Index of each HTML table block → (index after it, its rows as pipe lines)."""
    if not any("<table" in sl.text or "<TABLE" in sl.text for sl in source):
        return {}
    out: dict[int, tuple[int, list[Line]]] = {}
    i = 0
    while i < len(source):
        if not TABLE_OPEN_RE.match(source[i].text):
            i += 1
            continue
        end = i
        while end < len(source) and end - i < MAX_TABLE_LINES and not TABLE_CLOSE_RE.search(source[end].text):
            end += 1
        if end >= len(source):
            break  # no table closes below: nothing more to read (and no rescan per opening line)
        if end - i >= MAX_TABLE_LINES:
            i = end  # left as text
            continue
        rows = _rows(source[i:end + 1], clean)
        if rows:
            out[i] = (end + 1, rows)
        i = end + 1
    return out


def _rows(block: list[SourceLine], clean: Callable[[str], str]) -> list[Line]:
    """The block's `<tr>` rows as pipe lines, each citing the lines from its `<tr>` to the next."""
    import lxml.etree
    import lxml.html

    text = "\n".join(sl.text for sl in block)
    try:
        table = lxml.html.fragment_fromstring(text, parser=lxml.html.HTMLParser(huge_tree=True))
    except (lxml.etree.ParserError, ValueError):
        return []
    trs = [tr for tr in table.iter("tr") if _table_of(tr) is table]
    if len(trs) < 2:
        return []
    by_offset = {k + 1: sl for k, sl in enumerate(block)}  # lxml counts the block's lines from 1
    pending: dict[int, int] = {}  # column → rows it is still merged down over
    lines: list[Line] = []
    for r, tr in enumerate(trs):
        cells = _cells(tr, pending)
        if not any(cells):
            continue
        first = by_offset.get(tr.sourceline or 1, block[0])
        nxt = trs[r + 1].sourceline if r + 1 < len(trs) else len(block)
        last = by_offset.get(max((nxt or 1) - 1, tr.sourceline or 1), first)
        lines.append(row_line(first, cells, clean, last.number))
    return lines


def _table_of(el: Any) -> Any:
    """The nearest enclosing table (rows of a table nested in a cell belong to that one)."""
    parent = el.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _cells(tr: Any, pending: dict[int, int]) -> list[str]:
    """A row's cell texts, columns merged down from above left empty and spans expanded."""
    out: list[str] = []
    for cell in tr:
        if cell.tag not in ("td", "th"):
            continue
        while pending.get(len(out), 0) > 0:  # a cell merged down from a row above stands here
            pending[len(out)] -= 1
            out.append("")
        text = " ".join(cell.text_content().split())
        span = min(_int(cell.get("colspan")), MAX_SPAN)
        down = min(_int(cell.get("rowspan")), MAX_SPAN)
        for k in range(span):
            if down > 1:
                pending[len(out)] = down - 1
            out.append(text if k == 0 else "")
        if len(out) >= MAX_COLUMNS:
            break
    while pending.get(len(out), 0) > 0 and len(out) < MAX_COLUMNS:
        pending[len(out)] -= 1
        out.append("")
    return out


def _int(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1
