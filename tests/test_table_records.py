"""Tables travel as records (issue 10, section 2): a reader's `Table` → the cleaned document's
`Table` records, each row citing its source line → the tree's table node → the indicator.

One escaping rule (parser/piperows.py) writes a "|" inside a cell as "\\|" in the row's text
line, whichever reader wrote the row. The regression: a PDF cell holding "|" shifted its row by
one column ("| 1 | Tỷ lệ A \\| B | % | 50 |" read as five cells) and the indicator was lost; a
Markdown row with "\\|" and a one-cell-per-line table with "|" in a cell did the same.
"""

from __future__ import annotations

from pathlib import Path

import nqparser
import pytest
from nqparser.clean import clean_document
from nqparser.model import Cell, Line
from nqparser.piperows import pipe_row, split_cells, split_row
from nqparser.segment import build_tree, classify
from nqparser.sources.docx import read_docx
from nqparser.sources.html import read_html
from nqparser.sources.pdf import read_pdf
from nqparser.sources.text import text_to_source
from pdfbuild import assemble_pdf

ROOT = Path(__file__).resolve().parent.parent
ISSUES = ROOT / "tests" / "data" / "issues"
LAYOUT_DOCX = ROOT / "tests" / "data" / "docx" / "layout.docx"  # scripts/make_docx_fixtures.py

HEADER = ["STT", "Chi tieu", "Don vi tinh", "Ke hoach 2025"]
ROWS = [HEADER, ["1", "Ty le A | B", "%", "50"], ["2", "Ty le ho ngheo", "%", "1,5"]]
PAGE_HEIGHT = 842


# --- the escaping rule ------------------------------------------------------------------------

@pytest.mark.parametrize("cells", [
    ["1", "Tỷ lệ A | B", "%", "50"],
    ["", "x", ""],
    ["a|b|c"],
    ["C:\\", "b"],           # a cell ending in a backslash does not escape the separator after it
    ["a\\|b", "c"],          # a backslash before a pipe in the cell itself
])
def test_a_row_reads_back_as_the_cells_it_was_written_from(cells: list[str]) -> None:
    for blank in ("  ", " "):
        assert split_row(pipe_row(cells, blank=blank)) == cells


def test_a_pipe_in_a_cell_is_written_escaped() -> None:
    assert pipe_row(["1", "A | B", "", "50"]) == "| 1 | A \\| B |  | 50 |"
    assert pipe_row(["1", "A | B", "", "50"], blank=" ") == "| 1 | A \\| B | | 50 |"


@pytest.mark.parametrize(("text", "cells"), [
    ("| a | b |", ["a", "b"]),
    ("||a||", ["a"]),                     # every pipe at either end goes, as str.strip("|")
    ("|", [""]),
    ("| a |  | b |", ["a", "", "b"]),
    ("| a \\| b | c |", ["a | b", "c"]),
    ("|| a \\| b ||", ["a | b"]),
])
def test_split_row(text: str, cells: list[str]) -> None:
    assert split_row(text) == cells


def test_split_cells_keeps_the_empty_cells_at_the_ends() -> None:
    assert split_cells("| a \\| b | c |") == ["", "a | b", "c", ""]


def test_split_row_reads_a_long_escaped_row() -> None:
    row = pipe_row(["a | b"] * 200_000)
    assert len(split_row(row)) == 200_000


# --- PDF: the reader's records to the indicator ------------------------------------------------

def _text_op(x: float, top: float, size: float, text: str) -> bytes:
    s = text.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"BT /F1 %.1f Tf 1 0 0 1 %.2f %.2f Tm (%s) Tj ET" % (size, x, PAGE_HEIGHT - top - 0.8 * size, s)


def _rule_op(x0: float, top0: float, x1: float, top1: float) -> bytes:
    return b"%.2f %.2f m %.2f %.2f l S" % (x0, PAGE_HEIGHT - top0, x1, PAGE_HEIGHT - top1)


def _bordered_table(left: float, top: float, widths: list[float], rows: list[list[str]],
                    row_height: float = 20) -> list[bytes]:
    """A ruled grid (one path per ruling) with each cell's text inside it."""
    xs = [left]
    for w in widths:
        xs.append(xs[-1] + w)
    bottom = top + row_height * len(rows)
    ops = [_rule_op(xs[0], top + r * row_height, xs[-1], top + r * row_height) for r in range(len(rows) + 1)]
    ops += [_rule_op(x, top, x, bottom) for x in xs]
    for r, row in enumerate(rows):
        ops += [_text_op(xs[c] + 3, top + r * row_height + 5, 10, cell) for c, cell in enumerate(row)]
    return ops


def _resolution_pdf(rows: list[list[str]]) -> bytes:
    """A one-page resolution (unaccented Helvetica text) whose Điều 1 holds a bordered table."""
    head = ["HOI DONG NHAN DAN", "TINH MAU", "So: 15/NQ-HDND", "NGHI QUYET", "Ve ke hoach nam 2025",
            "QUYET NGHI:", "Dieu 1. Cac chi tieu chu yeu nam 2025"]
    ops = [_text_op(72, 60 + 20 * i, 11, t) for i, t in enumerate(head)]
    ops += _bordered_table(72, 220, [40, 200, 80, 100], rows)
    ops.append(_text_op(72, 220 + 20 * len(rows) + 20, 11, "Dieu 2. Giao Uy ban nhan dan tinh to chuc thuc hien."))
    stream = b"\n".join(ops)
    return assemble_pdf([(b"/MediaBox [0 0 595 %d]" % PAGE_HEIGHT,
                          b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))])


@pytest.fixture(scope="module")
def pipe_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "pdf-cell-with-pipe.pdf"
    path.write_bytes(_resolution_pdf(ROWS))
    return path


def test_pdf_reader_writes_the_row_once_with_the_pipe_escaped(pipe_pdf: Path) -> None:
    source = read_pdf(pipe_pdf)
    (table,) = source.tables
    assert table.text_rows() == ROWS
    assert (table.page, table.locator) == (1, "page 1 table 1")
    lines = {line.number: line for line in source.lines}
    assert [lines[n].locator for n in table.row_lines] == [f"page 1 table 1 row {r}" for r in (1, 2, 3)]
    assert lines[table.row_lines[1]].text == "| 1 | Ty le A \\| B | % | 50 |"


def test_pdf_table_records_reach_the_cleaned_document_with_their_row_lines(pipe_pdf: Path) -> None:
    source = read_pdf(pipe_pdf)
    cleaned = clean_document(source.lines, source.tables)
    (read,), (table,) = source.tables, cleaned.tables
    assert table.row_lines == read.row_lines
    assert (table.page, table.locator) == (read.page, read.locator)
    assert table.text_rows() == ROWS
    rows = [line for line in cleaned.lines if line.first in table.row_lines]
    assert [line.cells for line in rows] == list(table.rows)  # each row line carries its record's row


def test_pdf_cell_with_pipe_keeps_its_row_and_its_indicator(pipe_pdf: Path) -> None:
    doc = nqparser.parse_file(pipe_pdf)
    row_line = read_pdf(pipe_pdf).tables[0].row_lines[1]
    (node,) = [n for a in doc.articles for n in a.walk() if n.table is not None]
    assert node.table == ROWS
    first = doc.indicators[0]
    assert (first.name, first.value, first.unit) == ("Ty le A | B", 50.0, "%")
    assert (first.lines, first.page) == ([row_line, row_line], 1)
    assert first.raw == "1 | Ty le A \\| B | % | 50"
    assert [i.name for i in doc.indicators] == ["Ty le A | B", "Ty le ho ngheo"]


# --- DOCX, .doc, HTML, Markdown -----------------------------------------------------------------

def test_docx_records_reach_the_tree_with_merged_cells_citing_their_start() -> None:
    source = read_docx(LAYOUT_DOCX)
    read = source.tables[0]
    cleaned = clean_document(source.lines, source.tables)
    table = next(t for t in cleaned.tables if t.locator == read.locator)
    assert table.row_lines == read.row_lines
    assert table.text_rows() == read.text_rows()
    assert [c.line for c in table.rows[1]] == [c.line for c in read.rows[1]]  # vMerge: the row it starts in
    doc = nqparser.parse_file(LAYOUT_DOCX)
    budget = next(i for i in doc.indicators if i.name == "Thu | chi ngân sách")
    assert budget.value == 20150.0 and budget.lines == [read.row_lines[3]] * 2


def test_html_cell_with_pipe_is_one_cell(tmp_path: Path) -> None:
    page = ("<html><body><p>Điều 1. Chỉ tiêu</p><table border=1>"
            "<tr><th>STT</th><th>Chỉ tiêu</th><th>Đơn vị tính</th><th>Kế hoạch 2025</th></tr>"
            "<tr><td>1</td><td>Tỷ lệ thu | chi ngân sách</td><td>%</td><td>50</td></tr>"
            "</table></body></html>")
    path = tmp_path / "t.html"
    path.write_text(page, encoding="utf-8")
    source = read_html(path)
    assert source.lines[-1].text == "| 1 | Tỷ lệ thu \\| chi ngân sách | % | 50 |"
    (table,) = clean_document(source.lines, source.tables).tables
    assert table.text_rows()[1] == ["1", "Tỷ lệ thu | chi ngân sách", "%", "50"]
    assert table.row_lines == source.tables[0].row_lines


def test_markdown_pipe_table_is_a_record_citing_its_file_lines() -> None:
    text = ("Điều 1. Chỉ tiêu\n\n| STT | Chỉ tiêu | Đơn vị tính | Kế hoạch 2025 |\n|---|---|---|---|\n"
            "| 1 | **Tỷ lệ A \\| B** | % | 50 |\n")
    (table,) = clean_document(text_to_source(text).lines).tables
    assert table.row_lines == (3, 5)  # the separator row is no row
    assert table.locator is None and table.page is None
    assert table.text_rows() == [["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch 2025"], ["1", "Tỷ lệ A | B", "%", "50"]]
    assert [c.line for c in table.rows[1]] == [5, 5, 5, 5]


def test_the_tree_takes_cells_from_the_record_not_from_the_text() -> None:
    row = Line(text="| a \\| b | c |", raw="", first=4, last=4, cells=(Cell("a | b", 4), Cell("c", 4)))
    bare = Line(text="| d \\| e | f |", raw="", first=5, last=5)  # a caller's own line: same rule
    (node,) = build_tree([classify(row, ()), classify(bare, ())], [])
    assert node.table == [["a | b", "c"], ["d | e", "f"]]
    assert node.table_lines == [4, 5]


def _expected(path: Path) -> list[list[str]]:
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def test_markdown_and_cell_per_line_tables_with_a_pipe_in_a_cell() -> None:
    """tests/data/issues/table-cell-with-pipe.md: "\\|" in a Markdown row and "|" on a cell line
    of a table written one cell per line; the expected records are written by hand beside it."""
    doc = nqparser.parse_file(ISSUES / "table-cell-with-pipe.md")
    got = [[i.name, f"{i.value:g}", i.unit or "-", str(i.lines[0]), i.raw] for i in doc.indicators]
    assert got == _expected(ISSUES / "table-cell-with-pipe.expected.tsv")
    assert doc.targets == []


def test_two_markdown_tables_apart_are_two_records() -> None:
    text = "| a | b |\n| 1 | 2 |\n\n\n\n| c | d |\n"
    tables = clean_document(text_to_source(text).lines).tables
    assert [t.row_lines for t in tables] == [(1, 2), (6,)]
    assert [t.text_rows() for t in tables] == [[["a", "b"], ["1", "2"]], [["c", "d"]]]


def _page(ops: list[bytes]) -> tuple[bytes, bytes]:
    stream = b"\n".join(ops)
    return (b"/MediaBox [0 0 595 %d]" % PAGE_HEIGHT, b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))


def test_a_table_over_two_pages_gives_each_row_its_page(tmp_path: Path) -> None:
    """corpus dakhoa-bc-ubnd-chitieu-ktxh-2019-2020.pdf: a table running over nine pages gave all
    its 260 indicators page 1 (the table node's page); each row's indicator now cites the page of
    its own row."""
    head = ["HOI DONG NHAN DAN", "TINH MAU", "So: 15/NQ-HDND", "NGHI QUYET", "Ve ke hoach nam 2025",
            "QUYET NGHI:", "Dieu 1. Cac chi tieu chu yeu nam 2025"]
    first = [_text_op(72, 60 + 20 * i, 11, t) for i, t in enumerate(head)]
    first += _bordered_table(72, 700, [40, 200, 80, 100], [HEADER, ["1", "Ty le ho ngheo", "%", "1,5"],
                                                            ["2", "Ty le lao dong qua dao tao", "%", "70"]])
    second = _bordered_table(72, 60, [40, 200, 80, 100], [["3", "Ty le che phu rung", "%", "42"],
                                                          ["4", "Ty le do thi hoa", "%", "35"]])
    second.append(_text_op(72, 120, 11, "Dieu 2. Giao Uy ban nhan dan tinh to chuc thuc hien."))
    path = tmp_path / "table-over-two-pages.pdf"
    path.write_bytes(assemble_pdf([_page(first), _page(second)]))
    doc = nqparser.parse_file(path)
    found = [(i.name, i.value, i.page) for i in doc.indicators]
    assert found == [("Ty le ho ngheo", 1.5, 1), ("Ty le lao dong qua dao tao", 70, 1),
                     ("Ty le che phu rung", 42, 2), ("Ty le do thi hoa", 35, 2)]
    lines = {sl.number: sl.page for sl in read_pdf(path).lines}
    assert all(lines[i.lines[0]] == i.page for i in doc.indicators)
