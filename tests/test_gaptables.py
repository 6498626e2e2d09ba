"""Tables of a scanned page read from word gaps (parser/sources/gaptables.py), on hand-placed words."""

from __future__ import annotations

from dataclasses import dataclass, field

from nqparser.sources.gaptables import find_gap_tables

EM = 10.0


@dataclass
class Word:
    text: str
    x0: float
    x1: float


@dataclass
class Line:
    words: list[Word]
    top: float
    em: float = EM
    x0: float = field(init=False)
    x1: float = field(init=False)
    bottom: float = field(init=False)

    def __post_init__(self) -> None:
        self.x0, self.x1, self.bottom = self.words[0].x0, self.words[-1].x1, self.top + EM


def line(top: float, *cells: tuple[float, str]) -> Line:
    """Words of each cell from its x0, 6 points a character, one space (0.5 em) between words."""
    words = []
    for x0, text in cells:
        x = x0
        for token in text.split():
            words.append(Word(token, x, x + 6 * len(token)))
            x += 6 * len(token) + 5
    return Line(words, top)


HEADER = line(0, (80, "STT"), (140, "Chỉ tiêu"), (330, "Đơn vị tính"), (430, "Kế hoạch 2025"))


def test_rows_wrapped_cells_and_rules_read_as_ocr_gives_them() -> None:
    lines = [line(-20, (80, "Điều 3. Hiệu lực thi hành")), HEADER,
             line(20, (85, "1"), (120, "Tốc độ tăng trưởng"), (345, "%"), (455, "8,5")),
             line(32, (150, "GRDP")),  # the name cell wrapped: no row number, inside a later column
             line(44, (85, "2"), (120, "GRDP bình quân đầu"), (335, "Triệu đồng"), (455, "120")),
             line(70, (80, "Nơi nhận:"), (330, "TM. HỘI ĐỒNG NHÂN DÂN"))]
    (table,) = find_gap_tables(lines)
    assert table.rows == [["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch 2025"],
                          ["1", "Tốc độ tăng trưởng GRDP", "%", "8,5"],
                          ["2", "GRDP bình quân đầu", "Triệu đồng", "120"]]
    assert table.line_indices == [1, 2, 3, 4]
    assert table.box == (80, 0, 506, 44 + EM) and len(table.row_boxes) == 3  # the header reaches 506


def test_a_rule_read_as_a_word_parts_cells() -> None:
    """A vertical rule Tesseract reads as "|" parts two cells however narrow the gap beside it."""
    from nqparser.sources.gaptables import _cells

    assert [text for _, _, text in _cells(line(0, (85, "2"), (120, "bình quân đầu | Triệu đồng")))] == [
        "2", "bình quân đầu", "Triệu đồng"]


def test_no_table_without_a_header_of_column_names_or_without_rows() -> None:
    row = line(20, (85, "1"), (120, "Tốc độ tăng trưởng"), (345, "%"), (455, "8,5"))
    second = line(32, (85, "2"), (120, "Tỷ lệ đô thị hoá"), (345, "%"), (455, "48,0"))
    # a label line and its text are two cells, no header
    assert find_gap_tables([line(0, (80, "1."), (140, "Giao Ủy ban nhân dân tỉnh")), row, second]) == []
    # the first column is no STT column
    not_stt = line(0, (80, "Chỉ tiêu"), (330, "Đơn vị tính"), (430, "Kế hoạch 2025"))
    assert find_gap_tables([not_stt, row, second]) == []
    # a header followed by one row only, then prose
    prose = line(44, (80, "Nghị quyết này có hiệu lực từ ngày ký."))
    assert find_gap_tables([HEADER, row, prose]) == []


def test_a_paragraph_after_the_table_is_no_wrapped_cell() -> None:
    """A line without a row number continues a row only inside one column: an indented paragraph
    after the table runs across the columns and ends it."""
    rows = [line(20, (85, "1"), (120, "Tốc độ tăng trưởng"), (345, "%"), (455, "8,5")),
            line(32, (85, "2"), (120, "Tỷ lệ đô thị hoá"), (345, "%"), (455, "48,0"))]
    paragraph = line(44, (125, "Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết này."))
    (table,) = find_gap_tables([HEADER, *rows, paragraph])
    assert table.line_indices == [0, 1, 2] and table.rows[-1] == ["2", "Tỷ lệ đô thị hoá", "%", "48,0"]
