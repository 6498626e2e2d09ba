"""Tables flattened to single spaces (parser/flattables.py): what is read as a table, and what is not."""

from __future__ import annotations

from nqparser.flattables import flat_tables
from nqparser.model import SourceLine


def _tables(text: str) -> dict[int, list[list[str]]]:
    source = [SourceLine(line, n) for n, line in enumerate(text.splitlines(), 1)]
    return {i: [[c.text for c in line.cells or ()] for line in rows]
            for i, (_, rows) in flat_tables(source, lambda t: t).items()}


def test_rows_are_read_from_their_ends() -> None:
    found = _tables("STT Chỉ tiêu Đơn vị tính Thực hiện 2024 Kế hoạch 2025\n"
                    "1 Thu nhập bình quân đầu người Triệu đồng 60 65\n"
                    "2 Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng % 12 < 11\n"
                    "3 Kim ngạch xuất khẩu USD 1.200\n")
    assert found == {0: [
        ["STT", "Chỉ tiêu", "Đơn vị tính", "Thực hiện 2024", "Kế hoạch 2025"],
        ["1", "Thu nhập bình quân đầu người", "Triệu đồng", "60", "65"],
        ["2", "Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng", "%", "12", "< 11"],  # "5" stays in the name
        ["3", "Kim ngạch xuất khẩu", "USD", "", "1.200"],  # a unit the grammar knows; one figure: the last column
    ]}


def test_a_header_without_a_unit_column() -> None:
    found = _tables("TT Nội dung Kế hoạch 2025\n1 Số xã đạt chuẩn nông thôn mới 12\n2 Số hộ thoát nghèo 300\n")
    assert found[0][1:] == [["1", "Số xã đạt chuẩn nông thôn mới", "12"], ["2", "Số hộ thoát nghèo", "300"]]


def test_what_is_no_flattened_table() -> None:
    assert _tables("STT Chỉ tiêu\n1 Tốc độ tăng trưởng 7\n2 Thu ngân sách 100\n") == {}  # no value column
    assert _tables("STT Họ và tên Chức vụ Năm 2025\n1 Nguyễn Văn A 1970\n2 Trần Thị B 1980\n") == {}
    # one row with a figure is no table; a row that is no row ends it
    assert _tables("STT Chỉ tiêu Kế hoạch 2025\n1 Tốc độ tăng trưởng 7\nGiao Ủy ban nhân dân 2\n") == {}


def test_a_long_line_after_a_header_stays_cheap() -> None:
    row = "1 " + "chỉ tiêu " * 120_000 + "5"
    assert _tables("STT Chỉ tiêu Kế hoạch 2025\n" + row + "\n") == {}


def test_a_name_wrapped_before_its_figures_is_one_row() -> None:
    source = [SourceLine(line, n) for n, line in enumerate([
        "STT Chỉ tiêu Đơn vị tính Kế hoạch 2025", "1 Tốc độ tăng trưởng kinh tế % 8",
        "2 GRDP bình quân đầu người (giá hiện", "hành) Triệu đồng 120", "3 Tỷ lệ lao động qua đào tạo % 70"], 1)]
    rows = flat_tables(source, lambda t: t)[0][1]
    assert [[c.text for c in r.cells or ()] for r in rows[2:]] == [
        ["2", "GRDP bình quân đầu người (giá hiện hành)", "Triệu đồng", "120"],
        ["3", "Tỷ lệ lao động qua đào tạo", "%", "70"]]
    assert [(r.first, r.last) for r in rows] == [(1, 1), (2, 2), (3, 4), (5, 5)]
