"""DOCX and legacy .doc readers: reading order, numbering, tables, and refusals of bad input.

Fixtures: the shared Thai Nguyen sample (fixtures/raw/docx/) with its expected reading-order text,
and the generated files of tests/data/docx/ (scripts/make_docx_fixtures.py says what is in each).
"""

from __future__ import annotations

import hashlib
import io
import random
import struct
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest
from nqparser.errors import ParseError, WarningRecord
from nqparser.limits import Limits
from nqparser.sources import doc as doc_module
from nqparser.sources import docx as docx_module
from nqparser.sources import read_source
from nqparser.sources.doc import CONVERTED_WARNING, MISSING_SOFFICE, find_soffice, read_doc
from nqparser.sources.docx import format_number, read_docx

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "fixtures" / "raw" / "docx"
DATA = ROOT / "tests" / "data"
GEN = DATA / "docx"
THAINGUYEN = RAW / "thainguyen-112-2024-sample.docx"
NFD = RAW / "nfd-sample.docx"
NUMBERING = GEN / "numbering.docx"
LAYOUT = GEN / "layout.docx"
LEGACY_DOC = GEN / "legacy.doc"


def texts(path: Path) -> list[str]:
    return [line.text for line in read_docx(path).lines]


def unpipe(text: str) -> str:
    """A data-table row as the expected file writes it: cells joined by one space."""
    if text.startswith("|") and text.endswith("|"):
        return " ".join(c.strip() for c in text[1:-1].split("|") if c.strip())
    return text


@pytest.fixture(scope="module")
def thainguyen():
    return read_docx(THAINGUYEN)


# --------------------------------------------------------------------------- reading order


def test_thainguyen_matches_expected_reading_order(thainguyen):
    # The only difference from the expected text: data-table rows come as pipe rows
    # ("| STT | Chỉ tiêu | … |") where the expected file joins the cells with spaces.
    expected = (DATA / "thainguyen-112-2024-sample.expected.txt").read_text("utf-8").splitlines()
    got = [line.text for line in thainguyen.lines]
    assert [unpipe(t) for t in got] == expected
    assert [t for t in got if t != unpipe(t)] == [
        "| STT | Chỉ tiêu | Đơn vị tính | Kế hoạch 2025 |",
        "| 1 | Tốc độ tăng trưởng GRDP | % | 8,5 |",
        "| 2 | GRDP bình quân đầu người | Triệu đồng | 120 |",
        "| 3 | Tỷ lệ đô thị hoá | % | 48,0 |",
        "| 4 | Tỷ lệ hộ nghèo giảm | % | 0,5 |",
    ]


def test_provenance(thainguyen):
    assert [line.number for line in thainguyen.lines] == list(range(1, len(thainguyen.lines) + 1))
    assert thainguyen.format == "docx"
    assert thainguyen.path == str(THAINGUYEN)
    assert thainguyen.sha256 == hashlib.sha256(THAINGUYEN.read_bytes()).hexdigest()
    by_text = {line.text: line.locator for line in thainguyen.lines}
    assert by_text["Số: 112/NQ-HĐND"] == "table 1 row 1 cell 1 paragraph 4"
    assert by_text["NGHỊ QUYẾT"] == "paragraph 2"
    assert by_text["| 1 | Tốc độ tăng trưởng GRDP | % | 8,5 |"] == "table 2 row 2"


@pytest.mark.parametrize(
    ("path", "left", "right"),
    [
        (THAINGUYEN, ["HỘI ĐỒNG NHÂN DÂN", "TỈNH THÁI NGUYÊN", "Số: 112/NQ-HĐND"],
         ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
          "Thái Nguyên, ngày 10 tháng 12 năm 2024"]),
        (LAYOUT, ["HỘI ĐỒNG NHÂN DÂN", "TỈNH THÁI NGUYÊN", "Số: 7/NQ-HĐND"],
         ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
          "Thái Nguyên, ngày 10 tháng 12 năm 2024"]),
        (THAINGUYEN, ["Nơi nhận:", "- Ủy ban Thường vụ Quốc hội;", "- Chính phủ;",
                      "- Bộ Kế hoạch và Đầu tư;", "- Bộ Tài chính;", "- Thường trực Tỉnh ủy;",
                      "- Thường trực HĐND tỉnh;", "- UBND tỉnh;", "- Ủy ban MTTQ Việt Nam tỉnh;",
                      "- Đại biểu Quốc hội tỉnh;", "- Đại biểu HĐND tỉnh;",
                      "- Các sở, ban, ngành, đoàn thể tỉnh;", "- TT HĐND, UBND các huyện, thành phố;",
                      "- Lưu: VT."],
         ["TM. HỘI ĐỒNG NHÂN DÂN", "CHỦ TỊCH", "Phạm Hoàng Sơn"]),
        (LAYOUT, ["Nơi nhận:", "- Ủy ban Thường vụ Quốc hội;", "- Chính phủ;", "- Lưu: VT."],
         ["TM. HỘI ĐỒNG NHÂN DÂN", "CHỦ TỊCH", "Phạm Hoàng Sơn"]),
    ],
)
def test_layout_tables_read_left_column_then_right(path, left, right):
    got = texts(path)
    start = got.index(left[0])
    assert got[start:start + len(left) + len(right)] == left + right


# --------------------------------------------------------------------------- numbering


def test_numbering_labels_resolved():
    assert texts(NUMBERING) == [
        "Điều 1. Danh sách đánh số tự động",
        "1. Mục một",                      # decimal "%1."
        "a) điểm một",                     # lowerLetter "%2)"
        "b) điểm hai",
        "- gạch đầu dòng",                 # Symbol bullet glyph -> "-"
        "+ dấu cộng",                      # bullet whose lvlText is "+"
        "2. Mục hai",
        "a) điểm sau mục hai",             # restarted: a higher level advanced
        "3. Mục tiếp theo ở danh sách khác cùng mẫu",  # another num, same abstractNum: continues
        "5. Mục bắt đầu từ năm",           # lvlOverride/startOverride 5
        "6. Mục sáu",
        "8. Mục tám",                      # the empty numbered paragraph counted 7, emitted nothing
        "I. Phần một",                     # upperRoman
        "1. Khoản một",
        "1.1. Tiểu khoản",                 # "%2.%3."
        "1.2. Tiểu khoản hai",
        "i) ý nhỏ",                        # lowerRoman
        "II. Phần hai",
        "1. Khoản theo kiểu dáng",         # numPr from the paragraph style
        "2. Khoản đậm theo kiểu dáng kế thừa",  # numPr through the basedOn chain
        "3. Khoản có numPr thiếu ilvl",    # direct numId, ilvl inherited (0)
        "a) điểm một", "b) điểm hai", "c) điểm ba", "d) điểm bốn",
        "e) điểm năm", "f) điểm sáu", "g) điểm bảy",  # Word's letters, not Vietnamese đ
        "Chữ đậm qua kiểu ký tự",
        "Văn bản hiện",                    # hidden run dropped
        "CHỮ HOA QUA ĐỊNH DẠNG",           # w:caps shown as Word shows it
        "Cột thứ hai dòng mềm",            # tab and soft break -> space
    ]


def test_thainguyen_numbering(thainguyen):
    got = [line.text for line in thainguyen.lines]
    for text in ("1. Giao Ủy ban nhân dân tỉnh triển khai thực hiện Nghị quyết.",
                 "a) Ban Kinh tế - Ngân sách giám sát các chỉ tiêu về thu, chi ngân sách;",
                 "- kết quả thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững;",
                 "3. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội "
                 "tuyên truyền, vận động Nhân dân cùng thực hiện Nghị quyết.",
                 "1. Nghị quyết này có hiệu lực từ ngày 20 tháng 12 năm 2024."):
        assert text in got


@pytest.mark.parametrize(
    ("n", "fmt", "expected"),
    [
        (1, "decimal", "1"), (6, "lowerLetter", "f"), (26, "lowerLetter", "z"),
        (27, "lowerLetter", "aa"), (2, "upperLetter", "B"), (4, "upperRoman", "IV"),
        (9, "lowerRoman", "ix"), (14, "upperRoman", "XIV"), (3, "decimalZero", "03"),
        (5, "none", ""), (7, "ordinalText", "7"),
    ],
)
def test_format_number(n, fmt, expected):
    assert format_number(n, fmt) == expected


# --------------------------------------------------------------------------- emphasis, breaks


@pytest.mark.parametrize(
    ("path", "text", "bold"),
    [
        (THAINGUYEN, "NGHỊ QUYẾT", True),
        (THAINGUYEN, "TỈNH THÁI NGUYÊN", True),
        (THAINGUYEN, "HỘI ĐỒNG NHÂN DÂN", False),  # explicit w:b="0"
        (THAINGUYEN, "| STT | Chỉ tiêu | Đơn vị tính | Kế hoạch 2025 |", True),
        (NUMBERING, "2. Khoản đậm theo kiểu dáng kế thừa", True),  # bold from the paragraph style
        (NUMBERING, "Chữ đậm qua kiểu ký tự", True),  # bold from a character style
        (NUMBERING, "1. Mục một", False),
    ],
)
def test_bold(path, text, bold):
    lines = [line for line in read_docx(path).lines if line.text == text]
    assert lines and lines[0].bold is bold


def test_mixed_bold_paragraph_is_not_bold(thainguyen):
    line = next(x for x in thainguyen.lines if x.text.startswith("Điều 1. Thông qua"))
    assert line.bold is False  # "Điều 1." bold, the rest not


def test_title_block_splits_at_soft_breaks_body_joins():
    source = read_docx(LAYOUT)
    got = [line.text for line in source.lines]
    i = got.index("NGHỊ QUYẾT")
    assert got[i + 1] == "Về thử nghiệm bảng"
    assert source.lines[i].locator == source.lines[i + 1].locator == "paragraph 1"
    assert "Câu có ngắt dòng mềm ở giữa" in got


def test_nfd_input_comes_back_nfc():
    raw = zipfile.ZipFile(NFD).read("word/document.xml").decode("utf-8")
    assert not unicodedata.is_normalized("NFC", raw)  # the fixture really is decomposed
    got = texts(NFD)
    assert got == ["Nơi nhận: Ủy ban nhân dân tỉnh; Khoá XIV, hoà giải"]
    assert all(unicodedata.is_normalized("NFC", t) for t in got)


# --------------------------------------------------------------------------- tables


def test_data_table_in_tables_and_as_pipe_lines(thainguyen):
    assert len(thainguyen.tables) == 1
    table = thainguyen.tables[0]
    assert table.text_rows() == [
        ["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch 2025"],
        ["1", "Tốc độ tăng trưởng GRDP", "%", "8,5"],
        ["2", "GRDP bình quân đầu người", "Triệu đồng", "120"],
        ["3", "Tỷ lệ đô thị hoá", "%", "48,0"],
        ["4", "Tỷ lệ hộ nghèo giảm", "%", "0,5"],
    ]
    assert table.locator == "table 2"
    lines = {line.number: line.text for line in thainguyen.lines}
    assert lines[table.line] == "| STT | Chỉ tiêu | Đơn vị tính | Kế hoạch 2025 |"
    for row in table.rows:
        assert lines[row[0].line] == "| " + " | ".join(c.text for c in row) + " |"


def test_merged_cells_and_pipes():
    source = read_docx(LAYOUT)
    table = source.tables[0]
    assert table.text_rows() == [
        ["STT", "Chỉ tiêu", "Kế hoạch 2025", ""],          # gridSpan: text once, then empty
        ["STT", "Chỉ tiêu", "Số lượng", "Đơn vị tính"],    # vMerge: repeated from the row above
        ["1", "Tốc độ tăng trưởng GRDP", "8,5", "%"],
        ["2", "Thu | chi ngân sách", "20.150", "tỷ đồng"],  # the empty fifth row is dropped
    ]
    first = table.rows[0][0].line
    assert table.rows[1][0].line == first  # a repeated cell cites the row where it starts
    got = [line.text for line in source.lines]
    assert "| STT | Chỉ tiêu | Kế hoạch 2025 | |" in got
    assert "| 2 | Thu \\| chi ngân sách | 20.150 | tỷ đồng |" in got  # "|" in a cell -> "\\|" (piperows)
    assert table.row_lines[3] == got.index("| 2 | Thu \\| chi ngân sách | 20.150 | tỷ đồng |") + 1


def test_two_column_bordered_table_is_data_borderless_is_layout():
    source = read_docx(LAYOUT)
    assert source.tables[1].text_rows() == [["Tên văn bản", "Nghị quyết thử"], ["Ngày", "01/01/2025"]]
    assert len(source.tables) == 2  # header and signature tables are not data


# --------------------------------------------------------------------------- bad input


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _declare_size(data: bytes, name: bytes, size: int) -> bytes:
    """Rewrite the uncompressed size the central directory declares for one entry."""
    buf = bytearray(data)
    i = buf.find(b"PK\x01\x02")
    while i != -1:
        name_len = struct.unpack_from("<H", buf, i + 28)[0]
        if bytes(buf[i + 46:i + 46 + name_len]) == name:
            struct.pack_into("<I", buf, i + 24, size)
        i = buf.find(b"PK\x01\x02", i + 4)
    return bytes(buf)


DOC_XML = (b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
           b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p></w:body></w:document>')


def _bad_inputs() -> list[tuple[str, bytes, dict, str]]:
    good = THAINGUYEN.read_bytes()
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    return [
        ("empty", b"", {}, "file is empty"),
        ("not-zip", b"Ngh\xe1\xbb\x8b quy\xe1\xba\xbft, plain text", {}, "not a valid DOCX (ZIP) file"),
        ("truncated", good[: len(good) // 2], {}, "not a valid DOCX (ZIP) file"),
        ("pdf", b"%PDF-1.7\n", {}, "content is a PDF"),
        ("encrypted", ole + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64, {},
         "DOCX is password-protected"),
        ("legacy-doc", ole + b"WordDocument", {}, "legacy Word (.doc)"),
        ("no-document", _zip({"[Content_Types].xml": b"<Types/>"}), {}, "missing word/document.xml"),
        ("bad-xml", _zip({"word/document.xml": b"<w:document><w:body>"}), {},
         "not well-formed XML"),
        ("dtd", _zip({"word/document.xml": b'<!DOCTYPE d [<!ENTITY a "aaaa">]><d>&a;</d>'}), {},
         "declares a DTD"),
        ("zip-bomb", _zip({"word/document.xml": DOC_XML + b" " * 3_000_000}),
         {"max_unzipped_bytes": 1_000_000}, "possible ZIP bomb"),
        ("declared-bomb", _declare_size(_zip({"word/document.xml": DOC_XML}), b"word/document.xml",
                                        3_000_000_000), {}, "possible ZIP bomb"),
        ("lying-header", _declare_size(_zip({"word/document.xml": DOC_XML + b" " * 5000}),
                                       b"word/document.xml", 10), {}, "corrupt or truncated"),
        ("too-big", good, {"max_bytes": 1000}, "over the limit of 1000"),
    ]


@pytest.mark.parametrize(("name", "data", "kwargs", "reason"), _bad_inputs(),
                         ids=[case[0] for case in _bad_inputs()])
def test_bad_input_gives_one_clear_parse_error(tmp_path, name, data, kwargs, reason):
    path = tmp_path / f"{name}.docx"
    path.write_bytes(data)
    with pytest.raises(ParseError) as info:
        read_docx(path, Limits(**kwargs))
    assert reason in info.value.reason
    assert info.value.path == str(path)
    assert "\n" not in str(info.value)


def test_parse_file_passes_the_unzipped_cap_to_the_docx_reader(tmp_path):
    """The library call has the same ZIP-bomb cap as the CLI (`--max-unzipped-bytes`)."""
    from nqparser import parse_file

    path = tmp_path / "bomb.docx"
    path.write_bytes(_zip({"word/document.xml": DOC_XML + b" " * 3_000_000}))
    with pytest.raises(ParseError, match="possible ZIP bomb"):
        parse_file(path, max_unzipped_bytes=1_000_000)


def test_mutated_files_raise_parse_error_or_read(tmp_path):
    """Random byte flips in the ZIP and in document.xml: a ParseError or a result, never a traceback."""
    rnd = random.Random(7)
    original = THAINGUYEN.read_bytes()
    parts = {n: zipfile.ZipFile(THAINGUYEN).read(n) for n in zipfile.ZipFile(THAINGUYEN).namelist()}
    path = tmp_path / "mutated.docx"
    for i in range(60):
        if i % 2:
            data = bytearray(original)
            for _ in range(rnd.randint(1, 20)):
                data[rnd.randrange(len(data))] = rnd.randrange(256)
            path.write_bytes(bytes(data))
        else:
            xml = bytearray(parts["word/document.xml"])
            for _ in range(rnd.randint(1, 5)):
                xml[rnd.randrange(len(xml))] = rnd.choice(b'<>/"= w')
            path.write_bytes(_zip({**parts, "word/document.xml": bytes(xml)}))
        try:
            read_docx(path)
        except ParseError as exc:
            assert "\n" not in str(exc)


@pytest.mark.parametrize("path", [THAINGUYEN, NUMBERING, LAYOUT, NFD])
def test_lazy_style_index_matches_full_parse(path, monkeypatch):
    lazy = read_docx(path)
    monkeypatch.setattr(docx_module._Styles, "_index", lambda self, data: False)
    full = read_docx(path)
    assert (full.lines, full.tables) == (lazy.lines, lazy.tables)


def test_missing_file_via_read_source(tmp_path):
    with pytest.raises(ParseError, match="file not found"):
        read_source(tmp_path / "absent.docx")


def test_read_source_dispatches_docx():
    assert read_source(THAINGUYEN).lines[0].text == "HỘI ĐỒNG NHÂN DÂN"


def test_heavy_libraries_imported_lazily():
    code = ("import sys, nqparser.sources.docx, nqparser.sources.doc; "
            "print('lxml' in sys.modules, 'docx' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.split() == ["False", "False"]


# --------------------------------------------------------------------------- legacy .doc


def test_doc_without_libreoffice_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(doc_module, "find_soffice", lambda: None)
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(ParseError) as info:
        read_doc(path)
    assert info.value.reason == MISSING_SOFFICE


def test_doc_that_is_really_docx_is_read_directly(tmp_path, monkeypatch):
    monkeypatch.setattr(doc_module, "find_soffice", lambda: None)
    path = tmp_path / "misnamed.doc"
    path.write_bytes(LAYOUT.read_bytes())
    source = read_doc(path)
    assert source.lines[0].text == "HỘI ĐỒNG NHÂN DÂN"
    assert source.warnings[0].code == "doc_is_docx"


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) not installed")
def test_doc_converted_with_libreoffice():
    source = read_doc(LEGACY_DOC)
    assert source.warnings[0] == WarningRecord("converted_from_doc", CONVERTED_WARNING)
    assert source.format == "docx"
    assert source.path == str(LEGACY_DOC)
    assert source.sha256 == hashlib.sha256(LEGACY_DOC.read_bytes()).hexdigest()
    assert [line.text for line in source.lines] == texts(LAYOUT)
    assert [t.text_rows() for t in source.tables] == [t.text_rows() for t in read_docx(LAYOUT).tables]


# --------------------------------------------------------------------------- space/tab-aligned columns


def _aligned_docx(tmp_path: Path, paragraphs: list[str]) -> Path:
    """A DOCX whose header and signature are laid out with spaces and tabs, not tables (as in
    shared/corpus/docx/lamdong-cv-giao-5689-ctmtqg.docx)."""
    from docx import Document

    doc = Document()
    for text in paragraphs:
        para = doc.add_paragraph()
        for k, part in enumerate(text.split("\t")):
            if k:
                para.add_run().add_tab()
            para.add_run(part)
    path = tmp_path / "aligned.docx"
    doc.save(path)
    return path


def test_space_and_tab_aligned_header_and_signature_are_read_as_columns(tmp_path):
    path = _aligned_docx(tmp_path, [
        "      ỦY BAN NHÂN DÂN            CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "       TỈNH LÂM ĐỒNG\t                          Độc lập - Tự do - Hạnh phúc",
        "     Số:             /UBND-NC                       Lâm Đồng, ngày         tháng 12 năm 2025     ",
        "Điều 1.\tNội dung có tab sau nhãn",  # no anchor: a body line stays whole
        "Họ và tên:\t\t\tNguyễn Văn A",
        "Nơi nhận:     \t    TL. CHỦ TỊCH",
        "- Như trên; \t          CHÁNH VĂN PHÒNG",
        "- Chủ tịch UBND tỉnh;",
        "- Lưu: VT, NC.",
        "                                                                                 Đỗ Tấn Sương",
    ])
    assert texts(path) == [
        "ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", "Số: /UBND-NC",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Lâm Đồng, ngày tháng 12 năm 2025",
        "Điều 1. Nội dung có tab sau nhãn",
        "Họ và tên: Nguyễn Văn A",
        "Nơi nhận:", "- Như trên;", "- Chủ tịch UBND tỉnh;", "- Lưu: VT, NC.",
        "TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "Đỗ Tấn Sương",
    ]


def test_word_table_header_merged_down_and_across(tmp_path: Path) -> None:
    """A two-row Word header: "STT", "Chỉ tiêu", "Đơn vị tính" and "Kế hoạch năm 2026" merged down,
    "Năm 2025" merged across "Kế hoạch | Ước thực hiện". The reader repeats a cell merged down in
    the second row; it was read as a data row ("Chỉ tiêu" 2026 "đơn vị tính")."""
    import docx  # python-docx, a core dependency

    document = docx.Document()
    document.add_paragraph("CÁC CHỈ TIÊU CHỦ YẾU KẾ HOẠCH PHÁT TRIỂN KINH TẾ - XÃ HỘI NĂM 2026")
    rows = [["STT", "Chỉ tiêu", "Đơn vị tính", "Năm 2025", "", "Kế hoạch năm 2026"],
            ["", "", "", "Kế hoạch", "Ước thực hiện", ""],
            ["1", "Tốc độ tăng trưởng GRDP", "%", "8", "8,2", "8-8,5"],
            ["2", "GRDP bình quân đầu người", "Triệu đồng", "90", "92", "100"]]
    table = document.add_table(rows=len(rows), cols=6)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    table.cell(0, 3).merge(table.cell(0, 4)).text = "Năm 2025"
    for c in (0, 1, 2, 5):
        table.cell(0, c).merge(table.cell(1, c)).text = rows[0][c]
    path = tmp_path / "merged-header.docx"
    document.save(str(path))
    import nqparser

    doc = nqparser.parse_file(path)
    assert [(r.name, r.value, r.low, r.high, r.unit, r.year) for r in doc.indicators] == [
        ("Tốc độ tăng trưởng GRDP", None, 8.0, 8.5, "%", 2026),
        ("GRDP bình quân đầu người", 100_000_000.0, None, None, "VND", 2026),
    ]
    columns = [(v["column"], v["role"], v["year"]) for v in doc.indicators[0].extra["values"]]
    assert columns == [("Năm 2025 Kế hoạch", "plan", 2025), ("Năm 2025 Ước thực hiện", "estimate", 2025),
                       ("Kế hoạch năm 2026", "plan", 2026)]
