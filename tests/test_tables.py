"""Table shapes of issue 9 (point 6): tables flattened one cell per line, annex tables numbered
1.1 / 1.2, wide tables with a group of columns per year or role, and the header vocabulary of
grammars/indicators.toml [tables]. Each shape has its input in tests/data/issues/, named after it."""

from __future__ import annotations

import time
from pathlib import Path

import nqparser
import pytest
from nqparser.clean import clean_lines, clean_text
from nqparser.extract.indicator_tables import _name_and_unit, _name_as_unit, _role, _sub_header, from_table
from nqparser.extract.indicator_vocab import vocab
from nqparser.model import Node, SourceLine
from nqparser.pipetables import find_cell_tables
from nqparser.textfold import fold

DATA = Path(__file__).parent / "data" / "issues"


def _rows(doc: nqparser.Document) -> list[tuple]:
    return [(i.extra["stt"], i.name, i.value, i.low, i.high, i.unit, i.comparator, i.direction, i.group,
             i.parent, i.role, i.year) for i in doc.indicators]


# --- one cell per line ----------------------------------------------------------------------------

def test_table_flattened_one_cell_per_line_in_the_body() -> None:
    """thuathienhue (web portal, no articles): the page's table came as one cell per line with blank
    lines between and became 60 paragraphs and no indicator. The header (TT | Chỉ tiêu | Kế hoạch
    …) gives three cells a row; group rows "I | Kinh tế" lost their empty cell; unit-only brackets
    in the name become the unit, "(GRDP)" stays; asides after a figure are no values."""
    doc = nqparser.parse_file(DATA / "table-cell-per-line-body.txt")
    [table] = [n for n in doc.articles if n.table is not None]
    assert table.table[0] == ["TT", "Chỉ tiêu", "Kế hoạch năm 2022"]
    assert table.table[1] == ["I", "Kinh tế"]
    assert len(table.table) == 11
    assert [n.text for n in doc.articles if n.table is None][-1] == "Nguồn: Báo cáo của Ủy ban nhân dân tỉnh."
    assert _rows(doc) == [
        ("1", "Tốc độ tăng trưởng tổng sản phẩm (GRDP)", None, 6.5, 7.0, "%", "between", "increase", "Kinh tế",
         None, "target", 2022),
        ("2", "GRDP bình quân đầu người", 75e6, None, None, "VND/người", ">", None, "Kinh tế", None, "target", 2022),
        ("3", "Kim ngạch xuất khẩu", 1.25e9, None, None, "USD", "=", None, "Kinh tế", None, "target", 2022),
        ("4", "Thu ngân sách nhà nước", 8120.5e9, None, None, "VND", "=", None, "Kinh tế", None, "target", 2022),
        ("5", "Bác sĩ/vạn dân", None, 11.0, 12.0, "bác sĩ/vạn dân", "between", None, "Xã hội", None, "target", 2022),
        ("6", "Số xã đạt chuẩn nông thôn mới", None, 5.0, 7.0, "xã", "between", None, "Xã hội", None, "target", 2022),
        ("7", "Tỷ lệ hộ nghèo", 1.2, None, None, "%", "=", None, "Xã hội", None, "target", 2022),
        ("8", "Tỷ lệ che phủ rừng", 52.0, None, None, "%", ">=", None, "Xã hội", None, "target", 2022),
    ]
    assert all(i.source == "table" for i in doc.indicators)
    # each record cites its row's lines, first to last (one cell per line)
    assert [i.lines for i in doc.indicators[:2]] == [[17, 21], [23, 27]]


def _source(texts: list[str], gap: int = 2) -> list[SourceLine]:
    return [SourceLine(text=t, number=1 + gap * k) for k, t in enumerate(texts)]


@pytest.mark.parametrize(("cells", "rows"), [
    # consecutive lines, no blank between: the same shape
    (["STT", "Nội dung", "Đơn vị tính", "Năm 2025", "1", "Dân số", "người", "1.000", "2", "Số hộ", "hộ", "300"],
     ["| STT | Nội dung | Đơn vị tính | Năm 2025 |", "| 1 | Dân số | người | 1.000 |", "| 2 | Số hộ | hộ | 300 |"]),
    # a row whose value cell is missing: "2" is the next row's number, since a name follows it
    (["TT", "Chỉ tiêu", "Kế hoạch", "1", "Tỷ lệ A", "2", "Tỷ lệ B", "5%"],
     ["| TT | Chỉ tiêu | Kế hoạch |", "| 1 | Tỷ lệ A |", "| 2 | Tỷ lệ B | 5% |"]),
    # a value equal to the next row number stays a value: a row number follows it, not a name
    (["TT", "Chỉ tiêu", "Kế hoạch", "1", "Số trường", "2", "2", "Số trạm", "3"],
     ["| TT | Chỉ tiêu | Kế hoạch |", "| 1 | Số trường | 2 |", "| 2 | Số trạm | 3 |"]),
])
def test_cell_rows_from_the_header_width(cells: list[str], rows: list[str]) -> None:
    for gap in (1, 2):
        source = _source(cells, gap)
        [(start, (end, lines))] = find_cell_tables(source, clean_text).items()
        assert (start, end) == (0, len(cells))
        assert [line.text for line in lines] == rows


@pytest.mark.parametrize("cells", [
    ["STT", "Chỉ tiêu", "Kế hoạch", "1", "Tỷ lệ A", "5%"],  # one row: not a table
    ["STT", "Họ và tên", "Chức vụ", "1", "Nguyễn Văn A", "Trưởng ban", "2", "Trần B", "Phó ban"],  # no name column
    ["TT", "Chỉ tiêu", "1", "Tỷ lệ A", "2", "Tỷ lệ B"],  # no value column after the name
    ["STT", "Chỉ tiêu", "Kế hoạch", "Đây là một đoạn văn bản rất dài " * 5, "1", "a", "b"],  # a paragraph
    ["TT", "Chỉ tiêu", "Kế hoạch", "3", "Tỷ lệ A", "5%", "4", "Tỷ lệ B", "6%"],  # no first row (1, I, A)
])
def test_cell_lines_that_are_not_a_table(cells: list[str]) -> None:
    assert find_cell_tables(_source(cells), clean_text) == {}


def test_cell_table_ends_where_rows_stop() -> None:
    """Rows end at the first cell that cannot start the next row (a full row, then text)."""
    cells = ["TT", "Chỉ tiêu", "Kế hoạch", "1", "Tỷ lệ A", "5%", "2", "Tỷ lệ B", "6%",
             "Giao Ủy ban nhân dân tỉnh tổ chức thực hiện.", "3", "Tỷ lệ C"]
    [(start, (end, lines))] = find_cell_tables(_source(cells), clean_text).items()
    assert (start, end, len(lines)) == (0, 9, 3)
    out = clean_lines(_source(cells))
    assert [line.text for line in out][3:] == ["Giao Ủy ban nhân dân tỉnh tổ chức thực hiện.", "3", "Tỷ lệ C"]


def test_cell_tables_are_found_in_linear_time() -> None:
    """Many header-like lines, none of them a table: every attempt reads a bounded window."""
    def run(repeats: int) -> float:
        cells = ["STT", "Chỉ tiêu", "Kế hoạch", "1", "Tỷ lệ", "5"] * repeats
        source = _source(cells)
        start = time.perf_counter()
        find_cell_tables(source, clean_text)
        return time.perf_counter() - start

    small, large = min(run(2000) for _ in range(2)), min(run(20000) for _ in range(2))
    assert large / max(small, 0.001) < 30


# --- annex tables numbered 1.1 / 1.2 ------------------------------------------------------------

def test_annex_rows_numbered_under_a_row_are_its_children() -> None:
    """dongnai-kh-179 / bacninh-kh-144 (annex tables): rows "1.1", "1.2" were named "1.1" (a row
    shifted under merged cells put the STT in the name column) and a task table's "Thời gian thực
    hiện" 2026 - 2030 was read as a value. An STT is never a name, "1.1" rows are children of
    row "1", a task table (who, when, output) and a fee table (Mức thu) give no indicator."""
    doc = nqparser.parse_file(DATA / "table-annex-decimal-stt.md")
    assert len([n for n in doc.appendix if n.table is not None]) == 3
    got = [(i.extra["stt"], i.name, i.value, i.unit, i.parent, i.group, i.role) for i in doc.indicators]
    assert got == [
        ("1", "Cơ cấu kinh tế", None, None, None, "Kinh tế", None),
        ("1.1", "Nông, lâm nghiệp, thủy sản", 18.5, "%", "Cơ cấu kinh tế", "Kinh tế", "target"),
        ("1.2", "Công nghiệp - xây dựng", 35.2, "%", "Cơ cấu kinh tế", "Kinh tế", "target"),
        ("1.3", "Dịch vụ", 46.3, "%", "Cơ cấu kinh tế", "Kinh tế", "target"),
        ("2", "Dân số trung bình", 1.32e6, "người", None, "Kinh tế", "target"),
        ("2.1", "Dân số thành thị", 410e3, "người", "Dân số trung bình", "Kinh tế", "target"),
        ("2.1.1", "Dân số thành thị là nữ", 205e3, "người", "Dân số thành thị", "Kinh tế", "target"),
        ("2.2", "Dân số nông thôn", 910e3, "người", "Dân số trung bình", "Kinh tế", "target"),
    ]
    assert [i.code for i in doc.indicators[:4]] == [
        "economic_structure", "economic_structure_agriculture", "economic_structure_industry_construction",
        "economic_structure_services"]


# --- wide tables ----------------------------------------------------------------------------------

def test_wide_tables_keep_every_column_with_its_role_and_year() -> None:
    """Report tables put results, plans and a ratio side by side ("TH 2023 | KH 2024 | ƯTH 2024 |
    So sánh % | KH 2025"), or a group of columns under a merged cell over two header rows
    ("Thực hiện" over 2018 | 2019; "Năm 2024" over KH | ƯTH). Every column is kept in
    extra["values"] with its role and year; the latest plan column is the main value."""
    doc = nqparser.parse_file(DATA / "table-wide-year-columns.md")
    first = doc.indicators[0]
    assert (first.name, first.value, first.unit, first.role, first.year) == (
        "Tổng sản phẩm trên địa bàn (GRDP)", 60.5e12, "VND", "target", 2025)
    assert [(v["column"], v["role"], v["year"], v["value"], v["unit"]) for v in first.extra["values"]] == [
        ("TH 2023", "actual", 2023, 52.3e12, "VND"), ("KH 2024", "plan", 2024, 56e12, "VND"),
        ("ƯTH 2024", "estimate", 2024, 55.8e12, "VND"), ("So sánh %", "ratio", None, 99.6, "%"),
        ("KH 2025", "plan", 2025, 60.5e12, "VND")]
    # an empty main cell: the row's figure is its other plan column, never the ratio
    third = doc.indicators[2]
    assert (third.name, third.value, third.unit, third.role, third.year) == (
        "Số lượt khách du lịch", 1.2e6, "lượt", "target", 2024)
    # two header rows: the years under "Thực hiện" / "Kế hoạch"
    grain = doc.indicators[3]
    assert (grain.name, grain.value, grain.unit, grain.role, grain.year) == (
        "Sản lượng lương thực", 47000.0, "tấn", "target", 2020)
    assert [(v["column"], v["role"], v["year"]) for v in grain.extra["values"]] == [
        ("Thực hiện 2018", "actual", 2018), ("Thực hiện 2019", "actual", 2019), ("Kế hoạch 2020", "plan", 2020)]
    # two header rows: the roles under each year
    school = doc.indicators[5]
    assert (school.name, school.value, school.role, school.year) == (
        "Tỷ lệ trường đạt chuẩn quốc gia", 75.0, "target", 2024)
    assert [(v["column"], v["role"], v["year"]) for v in school.extra["values"]] == [
        ("Năm 2023 KH", "plan", 2023), ("Năm 2023 TH", "actual", 2023), ("Năm 2024 KH", "plan", 2024),
        ("Năm 2024 ƯTH", "estimate", 2024)]
    assert len(doc.indicators) == 6


@pytest.mark.parametrize(("header", "role"), [
    ("Thực hiện 2019", "target"), ("Ước thực hiện 2024", "estimate"), ("Ước TH năm 2021", "estimate"),
])
def test_role_is_the_main_column_role(header: str, role: str) -> None:
    """A table with one value column: its role is the record's (plan → target); a result table
    ("Thực hiện") gives "actual"."""
    expected = {"Thực hiện 2019": "actual"}.get(header, role)
    node = Node(kind="paragraph", label=None, title=None, text="", lines=[1, 3],
                table=[["STT", "Chỉ tiêu", "ĐVT", header], ["1", "Tỷ lệ hộ nghèo", "%", "2,5"]], table_lines=[1, 2])
    [ind] = from_table(node, None, None, [])
    assert (ind.role, ind.value, ind.unit) == (expected, 2.5, "%")


def test_sub_header_is_only_labels() -> None:
    assert _sub_header(["STT", "Chỉ tiêu", "Thực hiện", "", "Kế hoạch"], ["", "", "2019", "2020", "2021"]) == [
        "STT", "Chỉ tiêu", "Thực hiện 2019", "Thực hiện 2020", "Kế hoạch 2021"]
    # shorter: the merged-down cells left out
    assert _sub_header(["STT", "Chỉ tiêu", "Thực hiện", "Kế hoạch"], ["2019", "2020"]) == [
        "STT", "Chỉ tiêu", "Thực hiện 2019", "Kế hoạch 2020"]
    assert _sub_header(["STT", "Chỉ tiêu", "Kế hoạch 2024"], ["1", "Tỷ lệ hộ nghèo", "2,5"]) is None
    assert _sub_header(["STT", "Chỉ tiêu", "Kế hoạch 2024"], ["", "", "2,5"]) is None


# --- name cells -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("cell", "name", "unit"), [
    ("GRDP bình quân đầu người (USD/người)", "GRDP bình quân đầu người", "USD/người"),
    ("Kim ngạch xuất khẩu (triệu USD)", "Kim ngạch xuất khẩu", "triệu USD"),
    ("Tổng vốn đầu tư toàn xã hội(Tỷ đồng)", "Tổng vốn đầu tư toàn xã hội", "Tỷ đồng"),
    ("Tỷ lệ lao động qua đào tạo (%)", "Tỷ lệ lao động qua đào tạo", "%"),
    ("Lực lượng lao động (người)", "Lực lượng lao động", "người"),
    ("Tốc độ tăng trưởng tổng sản phẩm (GRDP)", "Tốc độ tăng trưởng tổng sản phẩm (GRDP)", ""),
    ("Tỷ lệ nhà máy sử dụng nền tảng số (MES)", "Tỷ lệ nhà máy sử dụng nền tảng số (MES)", ""),
    ("Cơ cấu kinh tế (theo giá hiện hành)", "Cơ cấu kinh tế (theo giá hiện hành)", ""),
    ("(%)", "(%)", ""),
    ("Tỷ lệ %)", "Tỷ lệ %)", ""),
])
def test_unit_only_brackets_leave_the_name(cell: str, name: str, unit: str) -> None:
    assert _name_and_unit(cell) == (name, unit)


@pytest.mark.parametrize(("name", "unit"), [
    ("Bác sỹ/vạn dân", "bác sỹ/vạn dân"), ("Giường bệnh/vạn dân", "giường bệnh/vạn dân"),
    ("Phấn đấu xã đạt chuẩn nông thôn mới", "xã"), ("Số trường đạt chuẩn quốc gia", "trường"),
    ("Tỷ lệ hộ nghèo", None), ("Tốc độ tăng trưởng GRDP", None), ("Xã/phường/thị trấn 2025", None),
    ("Xã/phường/thị trấn", None), ("Lít/người/ngày", "lít/người/ngày"),
])
def test_name_gives_the_unit_when_no_cell_does(name: str, unit: str | None) -> None:
    assert _name_as_unit(name) == unit


# --- the [tables] vocabulary, with its examples ----------------------------------------------------

@pytest.mark.parametrize(("key", "matches", "misses"), [
    ("plan_short", ["KH 2024", "KH năm 2025", "Dự toán 2025", "Năm 2024 KH"], ["Khu vực", "TT", "Thời hạn"]),
    ("estimate_short", ["ƯTH 2024", "UTH 2024", "Dự ước 2024"], ["Ước", "Thực hiện"]),
    ("actual_short", ["TH 2023", "TH năm 2023", "Năm 2023 TH"], ["Thời hạn", "Thực hiện", "STT"]),
    ("ratio", ["So sánh %", "So sánh (%)", "TH/KH (%)", "% so KH", "Tỷ lệ thực hiện", "UTH/KH"],
     ["NS xã (%)", "Kế hoạch 2025", "Tỷ lệ"]),
    ("text_column", ["Đơn vị thực hiện", "Cơ quan chủ trì", "Chủ trì", "Phối hợp", "Thời gian thực hiện",
                     "Thời hạn hoàn thành", "Tiến độ", "Sản phẩm đầu ra", "Nhiệm vụ, giải pháp"],
     ["Đơn vị tính", "Đơn vị", "Kế hoạch 2025", "Thực hiện 2024"]),
    ("norm_column", ["Mức thu", "Mức thu học phí", "Mức phí", "Lệ phí", "Mức hỗ trợ", "Mức chi", "Mức trợ cấp",
                     "Hệ số", "Định mức", "Đơn giá", "Giá", "Giá (đồng)", "Mức giá"],
     ["Giá trị 2024", "Phi nông nghiệp", "Kế hoạch 2025", "Chi tiêu"]),
    ("count_lead", ["Phấn đấu xã đạt chuẩn", "Số trường đạt chuẩn", "Tổng số hộ", "Có thêm xã"],
     ["Sông suối", "Tỷ lệ hộ nghèo"]),
])
def test_table_vocabulary(key: str, matches: list[str], misses: list[str]) -> None:
    pattern = vocab().table[key]
    for text in matches:
        assert pattern.search(fold(text).strip(" .:*")), f"{key} should match {text!r}"
    for text in misses:
        assert not pattern.search(fold(text).strip(" .:*")), f"{key} should not match {text!r}"


@pytest.mark.parametrize(("header", "role"), [
    ("KH 2024", "plan"), ("Kế hoạch 2020", "plan"), ("Mục tiêu 2020", "plan"), ("Dự toán 2025", "plan"),
    ("ƯTH 2024", "estimate"), ("Ước thực hiện 2024", "estimate"), ("Ước TH năm 2021", "estimate"),
    ("TH 2023", "actual"), ("Thực hiện 2019", "actual"), ("So sánh %", "ratio"), ("TH/KH (%)", "ratio"),
    ("Năm 2024", "value"), ("NS xã (%)", "value"),
])
def test_column_roles(header: str, role: str) -> None:
    assert _role(fold(header).strip(" .:*")) == role


@pytest.mark.parametrize(("cell", "comparator"), [(">2.300", ">"), ("≥ 95", ">="), ("<5", "<"), ("≤ 3%", "<="),
                                                  ("2.300", "=")])
def test_sign_before_a_cell_figure(cell: str, comparator: str) -> None:
    node = Node(kind="paragraph", label=None, title=None, text="", lines=[1, 2],
                table=[["STT", "Chỉ tiêu", "Kế hoạch"], ["1", "Số xã", cell]], table_lines=[1, 2])
    [ind] = from_table(node, None, None, [])
    assert ind.comparator == comparator


def test_name_unit_helpers_are_linear_on_long_cells() -> None:
    long = "a" * 1_000_000 + " (" + "b" * 1_000_000 + ")"
    start = time.perf_counter()
    _name_and_unit(long)
    _name_and_unit(" " * 1_000_000 + ")")
    _name_as_unit("/" * 1_000_000)
    assert time.perf_counter() - start < 2.0


# --- targets written in the name cell ------------------------------------------------------------

def test_targets_written_as_sentences_in_a_chi_tieu_column() -> None:
    """bacninh-kh-144 (annex "TT | Chỉ tiêu | Chủ trì"): the targets are sentences in the name
    cell, the other column names the agency; the table gave nothing, and the STEM target that
    appears only there was lost. Each sentence with an amount is read like a list item; group
    rows lose their own number; a "Nội dung" task table stays no indicator table."""
    doc = nqparser.parse_file(DATA / "table-targets-as-sentences.md")
    got = [(i.extra["stt"], i.name, i.value, i.unit, i.comparator, i.group, i.role, i.source) for i in doc.indicators]
    assert got == [
        ("1", "Tỷ trọng kinh tế số", 35.0, "%", "=", "Kinh tế số", "target", "table"),
        ("2", "Tỷ lệ doanh nghiệp nhỏ và vừa sử dụng nền tảng số", 70.0, "%", ">=", "Kinh tế số", "target", "table"),
        ("1", "Tỷ lệ người dân có chữ ký số cá nhân", 60.0, "%", "=", "Xã hội số", "target", "table"),
    ]


def test_fee_and_form_tables_give_no_indicator() -> None:
    """Norm columns (Mức thu, Định mức, Hệ số) and forms: no indicator, also in sentence mode."""
    for header, row in [
        (["STT", "Nội dung", "Đơn vị tính", "Mức thu"], ["1", "Xe có trọng tải dưới 5 tấn", "đồng/lượt", "20.000"]),
        (["STT", "Chỉ tiêu", "Hệ số"], ["1", "Trẻ em dưới 4 tuổi", "5,0"]),
        (["STT", "Chỉ tiêu", "Mức hỗ trợ", "Cơ quan thực hiện"], ["1", "Hộ nghèo có 3 người", "500.000", "UBND xã"]),
    ]:
        node = Node(kind="paragraph", label=None, title=None, text="", lines=[1, 2], table=[header, row],
                    table_lines=[1, 2])
        assert from_table(node, None, None, []) == [], header


# --- linear time ----------------------------------------------------------------------------------

def _table_module_regexes() -> dict[str, object]:
    """The compiled patterns of the two table modules (tests/test_properties.py covers the other
    modules and grammars/indicators.toml [tables])."""
    import importlib

    import regex

    found = {}
    for module in ("nqparser.extract.indicator_tables", "nqparser.pipetables"):
        for key, value in vars(importlib.import_module(module)).items():
            if isinstance(value, regex.Pattern):
                found[f"{module}.{key}"] = value
    return found


@pytest.mark.parametrize("name", sorted(_table_module_regexes()))
def test_table_regexes_grow_linearly_on_long_runs(name: str) -> None:
    pattern = _table_module_regexes()[name]

    def cost(size: int) -> float:
        """search and match on runs of the characters a row number is made of."""
        start = time.perf_counter()
        for unit in (" ", "1.", "I", "A", "|", "1", "\t"):
            line = "1" + (unit * (size // len(unit))) + "x"
            pattern.search(line)
            pattern.match(line)
        return time.perf_counter() - start

    small, large = cost(100_000), cost(1_000_000)
    assert large / max(small, 0.001) < 30, f"{name}: {small * 1e3:.1f} ms on 100 KB, {large * 1e3:.1f} ms on 1 MB"


def test_report_table_columns_keep_their_roles() -> None:
    """dakhoa (generated report PDF, corpus): "KH 2019 | Thực hiện 2019 | Ghi chú/ Đánh giá |
    Mục tiêu 2020": "KH" is a plan (it was read as a plain value), the remarks column is no
    value, the latest plan is the main one."""
    doc = nqparser.parse_file(DATA / "report-table-letter-roman-rows.md")
    first = doc.indicators[0]
    assert [(v["column"], v["role"], v["year"]) for v in first.extra["values"]] == [
        ("KH 2019", "plan", 2019), ("Thực hiện 2019", "actual", 2019), ("Mục tiêu 2020", "plan", 2020)]
    assert (first.value, first.role, first.year) == (11100.0, "target", 2020)


def test_one_column_per_commune_under_chia_ra() -> None:
    """Wide tables with a group of columns per commune: "Tổng số | Chia ra" over "Xã … | Xã …".
    Every commune column is kept; the total is the main value (not the last commune)."""
    doc = nqparser.parse_file(DATA / "table-columns-per-commune.md")
    rice = doc.indicators[0]
    assert (rice.name, rice.value, rice.unit, rice.role) == ("Diện tích lúa", 1200.0, "ha", None)
    assert [(v["column"], v["value"]) for v in rice.extra["values"]] == [
        ("Tổng số", 1200.0), ("Xã Hòa Lạc", 500.0), ("Xã Yên Bình", 400.0), ("Xã Tiến Xuân", 300.0)]
    assert [(i.name, i.value) for i in doc.indicators] == [("Diện tích lúa", 1200.0), ("Sản lượng lương thực", 7300.0)]


@pytest.mark.parametrize(("key", "matches", "misses"), [
    ("split_header", ["Chia ra", "Trong đó", "Gồm", "Bao gồm"], ["Tổng số", "Kế hoạch"]),
    ("total_column", ["Tổng số", "Tổng cộng", "Tổng", "Cộng", "Toàn tỉnh", "Toàn huyện", "Toàn thành phố",
                      "Tổng số (ha)"], ["Tổng thu", "Tổng sản phẩm", "Cộng đồng", "Xã Hòa Lạc"]),
    ("target_name", ["Chỉ tiêu", "Các chỉ tiêu", "Mục tiêu"], ["Nội dung", "Danh mục"]),
])
def test_table_vocabulary_parts(key: str, matches: list[str], misses: list[str]) -> None:
    test_table_vocabulary(key, matches, misses)


def test_a_long_table_is_built_in_linear_time() -> None:
    """Every row appended its text to the table node's (n² characters copied for n rows: 40,000
    rows took 23 s); rows are now joined once per table."""
    def run(n: int) -> float:
        rows = "\n".join(f"| {i} | Chỉ tiêu số {i} | % | {i},5 |" for i in range(1, n + 1))
        start = time.perf_counter()
        doc = nqparser.parse_text("| STT | Chỉ tiêu | ĐVT | Kế hoạch 2025 |\n" + rows)
        elapsed = time.perf_counter() - start
        [table] = [node for node in doc.articles if node.table is not None]
        assert len(table.table) == n + 1 and table.text.count("\n") == n and len(doc.indicators) == n
        return elapsed

    small, large = run(2000), run(20000)
    assert large / max(small, 0.001) < 30


@pytest.mark.parametrize("stt", ["Stt", "TT", "**STT**", "Số TT", "Số thứ tự", "STT."])
def test_every_stt_header_word_opens_a_cell_table(stt: str) -> None:
    """The cheap first-letter test of find_cell_tables lets every STT header of the grammar through."""
    cells = [stt, "Chỉ tiêu", "Kế hoạch", "1", "Tỷ lệ A", "5%", "2", "Tỷ lệ B", "6%"]
    assert assert_stt_matches(stt)
    assert list(find_cell_tables(_source(cells), clean_text)) == [0]


def assert_stt_matches(stt: str) -> bool:
    return vocab().table["stt"].search(fold(clean_text(stt)).strip(" .:*")) is not None
