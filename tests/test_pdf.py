"""PDF reader: reading order, columns, tables, running headers, NFC, OCR and every refusal.

Real inputs: the Thái Nguyên sample that LibreOffice made from the DOCX (fixtures/raw/pdf), its
30-page variant, a scanned copy and an NFD-encoded PDF. Layout corner cases use tiny PDFs written
by `make_pdf` below (Helvetica, WinAnsi text), so each test shows exactly what is on the page.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from nqparser.errors import ParseError, WarningRecord
from nqparser.limits import Limits
from nqparser.lines import starts_item
from nqparser.model import SourceText
from nqparser.sources import pdf as pdfmod
from nqparser.sources.pdf import read_pdf
from pdfbuild import assemble_pdf

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "fixtures/raw/pdf/thainguyen-112-2024-sample.pdf"
NFD_SAMPLE = ROOT / "fixtures/raw/pdf/nfd-sample.pdf"
EXPECTED = ROOT / "tests/data/thainguyen-112-2024-sample.expected.txt"
DATA = ROOT / "tests/data/pdf"
SCANNED = DATA / "scanned-sample.pdf"
LONG = DATA / "long-sample.pdf"
ENCRYPTED = DATA / "encrypted-sample.pdf"  # qpdf --encrypt secret secret 256 of the sample


# ------------------------------------------------------------------------------------------------
# helpers


def make_pdf(pages: list[list[tuple[float, float, float, str]]], *, size: tuple[float, float] = (595, 842),
             sideways: bool = False, encrypt: bool = False) -> bytes:
    """A minimal PDF: each page a list of (x, top, font size, text), points from the top-left.

    `sideways` draws the text at 90 degrees on a portrait page and sets /Rotate 90, the way a
    landscape appendix is usually produced: the viewer shows it upright on a landscape page of
    size (height, width). `encrypt` adds a Standard security handler whose user password is not
    empty (random O/U entries), so no reader can open it without a password.
    """
    width, height = size
    built = []
    for items in pages:
        ops = []
        for x, top, fsize, text in items:
            s = text.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
            if sideways:  # displayed (x, top) on the landscape page → user space of the portrait page
                matrix = b"0 1 -1 0 %.2f %.2f" % (top + 0.8 * fsize, x)
            else:
                matrix = b"1 0 0 1 %.2f %.2f" % (x, height - top - 0.8 * fsize)
            ops.append(b"BT /F1 %.1f Tf %s Tm (%s) Tj ET" % (fsize, matrix, s))
        stream = b"\n".join(ops)
        built.append((b"/MediaBox [0 0 %.2f %.2f] /Rotate %d" % (width, height, 90 if sideways else 0),
                      b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)))
    return assemble_pdf(built, encrypt=encrypt)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def texts(path: Path) -> list[str]:
    return [line.text for line in read_pdf(path).lines]


def as_plain(line) -> str:
    """A pipe-table row as the expected file writes it: cells joined by spaces."""
    if line.locator and " table " in line.locator:
        return " ".join(cell.strip() for cell in line.text.strip("| ").split(" | "))
    return line.text


def combine(tmp_path: Path, name: str, parts: list[tuple[Path, list[int]]]) -> Path:
    """A new PDF made of pages (0-based) taken from other PDFs."""
    import pypdfium2 as pdfium

    out = pdfium.PdfDocument.new()
    for src, pages in parts:
        out.import_pages(pdfium.PdfDocument(src), pages)
    path = tmp_path / name
    out.save(path)
    return path


@pytest.fixture(scope="module")
def sample():
    return read_pdf(SAMPLE)


# ------------------------------------------------------------------------------------------------
# the real sample


def test_sample_matches_expected_reading_order(sample) -> None:
    # Line for line, with one difference of representation: the table rows are pipe lines
    # ("| 1 | Tốc độ tăng trưởng GRDP | % | 8,5 |") where the expected file separates cells by spaces.
    expected = EXPECTED.read_text(encoding="utf-8").splitlines()
    assert [as_plain(line) for line in sample.lines] == expected


def test_sample_metadata(sample) -> None:
    assert sample.format == "pdf"
    assert sample.pages == 3
    assert sample.path == str(SAMPLE)
    assert sample.sha256 == hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    assert sample.warnings == []
    assert sample.ocr_pages == []


def test_provenance_numbers_pages_and_boxes(sample) -> None:
    assert [line.number for line in sample.lines] == list(range(1, len(sample.lines) + 1))
    for line in sample.lines:
        assert line.page in (1, 2, 3)
        x0, top, x1, bottom = line.box
        assert 0 <= x0 < x1 <= 595.3 and 0 <= top < bottom <= 841.9
    by_text = {line.text: line for line in sample.lines}
    assert by_text["NGHỊ QUYẾT"].page == 1
    assert by_text["Phạm Hoàng Sơn"].page == 3
    assert by_text["TM. HỘI ĐỒNG NHÂN DÂN"].page == 2


@pytest.mark.parametrize(("text", "bold"), [
    ("NGHỊ QUYẾT", True),
    ("QUYẾT NGHỊ:", True),
    ("Điều 2. Tổ chức thực hiện", True),
    ("TM. HỘI ĐỒNG NHÂN DÂN", True),
    ("Số: 112/NQ-HĐND", False),
    ("1. Giao Ủy ban nhân dân tỉnh triển khai thực hiện Nghị quyết.", False),
    ("- Chính phủ;", False),
])
def test_bold_from_font_names(sample, text: str, bold: bool) -> None:
    (line,) = [ln for ln in sample.lines if ln.text == text]
    assert line.bold is bold


def test_header_columns_are_not_interleaved(sample) -> None:
    head = [line.text for line in sample.lines[:6]]
    assert head == ["HỘI ĐỒNG NHÂN DÂN", "TỈNH THÁI NGUYÊN", "Số: 112/NQ-HĐND",
                    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                    "Thái Nguyên, ngày 10 tháng 12 năm 2024"]


def test_recipients_and_signature_across_a_page_break(sample) -> None:
    lines = [line.text for line in sample.lines]
    start = lines.index("Nơi nhận:")
    block = lines[start:]
    assert block[-3:] == ["TM. HỘI ĐỒNG NHÂN DÂN", "CHỦ TỊCH", "Phạm Hoàng Sơn"]
    recipients = block[1:-3]
    assert len(recipients) == 13 and all(r.startswith("- ") for r in recipients)
    assert recipients[-1] == "- Lưu: VT."
    assert not any("TM." in r or "CHỦ TỊCH" in r or "Phạm" in r for r in recipients)


def test_table_rows_replace_the_table_text(sample) -> None:
    (table,) = sample.tables
    assert table.page == 2 and table.locator == "page 2 table 1"
    assert table.text_rows() == [
        ["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch 2025"],
        ["1", "Tốc độ tăng trưởng GRDP", "%", "8,5"],
        ["2", "GRDP bình quân đầu người", "Triệu đồng", "120"],
        ["3", "Tỷ lệ đô thị hoá", "%", "48,0"],
        ["4", "Tỷ lệ hộ nghèo giảm", "%", "0,5"],
    ]
    rows = [line for line in sample.lines if line.locator and "table" in line.locator]
    assert [r.locator for r in rows] == [f"page 2 table 1 row {i}" for i in range(1, 6)]
    assert rows[1].text == "| 1 | Tốc độ tăng trưởng GRDP | % | 8,5 |"
    assert table.line == rows[0].number
    assert [row[0].line for row in table.rows] == [r.number for r in rows]
    others = " ".join(line.text for line in sample.lines if line not in rows)
    assert "Triệu đồng" not in others and "48,0" not in others  # not emitted twice


def test_table_cells_agree_with_pdfplumber_extract_tables(sample) -> None:
    import pdfplumber

    with pdfplumber.open(SAMPLE) as pdf:
        (theirs,) = pdf.pages[1].extract_tables()
    norm = [[re.sub(r"\s+", " ", unicodedata.normalize("NFC", c or "")).strip() for c in row] for row in theirs]
    assert sample.tables[0].text_rows() == norm


def test_nfd_text_comes_out_nfc() -> None:
    raw = NFD_SAMPLE.read_bytes()
    st = read_pdf(NFD_SAMPLE)
    assert [line.text for line in st.lines] == ["Nơi nhận: Ủy ban nhân dân tỉnh; Khoá XIV, hoà giải"]
    assert unicodedata.is_normalized("NFC", st.lines[0].text)
    assert len(raw) > 0


def test_long_sample_joins_wraps_but_not_across_pages() -> None:
    st = read_pdf(LONG)
    # 340 lines in the DOCX's reading order + 12 paragraphs split by a page break
    assert st.pages == 30 and len(st.lines) == 352
    by_text = {line.text: line for line in st.lines}
    # A paragraph wrapped over 4 lines on one page is one SourceLine ...
    assert ("1. Tiếp tục thực hiện có hiệu quả các chương trình, đề án, dự án trọng điểm của tỉnh giai "
            "đoạn 2021 - 2025; huy động tối đa nguồn lực xã hội hoá, bảo đảm tiến độ giải ngân vốn đầu tư "
            "công đạt trên 95% kế hoạch; tăng cường công tác quản lý đất đai, tài nguyên, khoáng sản và bảo "
            "vệ môi trường (nội dung 1.1).") in by_text
    # ... but one broken by a page break stays two lines (the cleaner rejoins it).
    index = [line.text for line in st.lines].index(
        "3. Tiếp tục thực hiện có hiệu quả các chương trình, đề án, dự án trọng điểm của tỉnh giai "
        "đoạn 2021 - 2025; huy động tối đa nguồn lực xã hội hoá, bảo đảm tiến")
    first, second = st.lines[index], st.lines[index + 1]
    assert second.text.startswith("độ giải ngân vốn đầu tư công") and second.page == first.page + 1
    # Nơi nhận and signature on the last page: all recipients, then the signature.
    assert [line.text for line in st.lines[-3:]] == ["TM. HỘI ĐỒNG NHÂN DÂN", "CHỦ TỊCH", "Phạm Hoàng Sơn"]


# ------------------------------------------------------------------------------------------------
# layout rules on small made-up pages


# Five list items: each starts with a label, so none is taken for the wrap of the one before.
BODY = [(85, 300 + 20 * i, 12, f"- Body item {i} of the page text, long enough to look real;") for i in range(5)]


def test_page_numbers_and_running_headers_are_dropped(tmp_path: Path) -> None:
    pages = []
    for n in range(1, 5):
        items = [(200, 30, 9, "Nghi quyet so 112/NQ-HDND ngay 10/12/2024"), *BODY, (290, 800, 10, str(n))]
        if n == 2:
            items.append((260, 780, 10, f"Trang {n}/4"))
        pages.append(items)
    lines = texts(write(tmp_path, "running.pdf", make_pdf(pages)))
    assert len(lines) == 4 * 5
    assert not any(t.isdigit() or t.startswith(("Trang", "Nghi quyet so")) for t in lines)


def test_text_repeated_inside_the_body_is_kept(tmp_path: Path) -> None:
    # The same line at the same place on every page, but it is body text (no gap to its
    # neighbours): not a running header.
    first = "1. Tiep tuc thuc hien co hieu qua cac chuong trinh"
    pages = [[(85, 70, 12, first), *[(85, 85 + 15 * i, 12, f"{i + 2}. Muc {i}") for i in range(3)]]
             for _ in range(4)]
    lines = texts(write(tmp_path, "repeat.pdf", make_pdf(pages)))
    assert lines.count(first) == 4 and len(lines) == 16


def test_two_column_block_is_emitted_column_by_column(tmp_path: Path) -> None:
    page = [(85, 100, 12, "Noi nhan:"), (330, 100, 12, "TM. HOI DONG NHAN DAN"),
            (85, 116, 12, "- Chinh phu;"), (380, 116, 12, "CHU TICH"),
            (85, 132, 12, "- Bo Tai chinh;"),
            (85, 148, 12, "- Luu: VT."), (370, 160, 12, "Nguyen Van A")]
    assert texts(write(tmp_path, "cols.pdf", make_pdf([page]))) == [
        "Noi nhan:", "- Chinh phu;", "- Bo Tai chinh;", "- Luu: VT.",
        "TM. HOI DONG NHAN DAN", "CHU TICH", "Nguyen Van A"]


def test_label_and_tabbed_text_is_not_a_column_block(tmp_path: Path) -> None:
    page = [(113, 100, 12, "1."), (157, 100, 12, "Giao Uy ban nhan dan tinh trien khai."),
            (113, 120, 12, "2."), (157, 120, 12, "Giao Thuong truc Hoi dong nhan dan tinh.")]
    assert texts(write(tmp_path, "labels.pdf", make_pdf([page]))) == [
        "1. Giao Uy ban nhan dan tinh trien khai.", "2. Giao Thuong truc Hoi dong nhan dan tinh."]


def test_borderless_table_with_several_gutters_stays_row_by_row(tmp_path: Path) -> None:
    rows = [("STT", "Chi tieu", "Don vi", "Ke hoach"), ("1", "GRDP", "%", "8,5"), ("2", "Thu ngan sach", "ty", "20")]
    page = [(x, 100 + 16 * r, 11, cell) for r, row in enumerate(rows) for x, cell in zip((85, 140, 330, 460), row,
                                                                                          strict=True)]
    assert texts(write(tmp_path, "borderless.pdf", make_pdf([page]))) == [
        "STT Chi tieu Don vi Ke hoach", "1 GRDP % 8,5", "2 Thu ngan sach ty 20"]


@pytest.mark.parametrize("offset", [0.3, 1.0])
def test_text_drawn_twice_as_fake_bold_is_read_once(tmp_path: Path, offset: float) -> None:
    page = [(250, 100, 14, "NGHI QUYET"), (250 + offset, 100, 14, "NGHI QUYET"), (85, 130, 12, "Can cu Luat")]
    assert texts(write(tmp_path, "fakebold.pdf", make_pdf([page]))) == ["NGHI QUYET", "Can cu Luat"]


def test_sideways_landscape_page_reads_upright(tmp_path: Path) -> None:
    page = [(85, 100, 12, "PHU LUC"), (85, 120, 12, "Bang chi tieu nam 2025"),
            (85, 140, 12, "Noi nhan:"), (500, 140, 12, "TM. HOI DONG")]
    st = read_pdf(write(tmp_path, "sideways.pdf", make_pdf([page], sideways=True)))
    assert [line.text for line in st.lines] == ["PHU LUC", "Bang chi tieu nam 2025", "Noi nhan: TM. HOI DONG"]
    assert st.lines[0].box[0] == pytest.approx(85, abs=2)


def test_page_rotated_for_display_reads_the_same(tmp_path: Path, sample) -> None:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(SAMPLE)
    for page in doc:
        page.set_rotation(90)
    path = tmp_path / "rotated.pdf"
    doc.save(path)
    assert [line.text for line in read_pdf(path).lines] == [line.text for line in sample.lines]


# ------------------------------------------------------------------------------------------------
# refusals: one clear ParseError each, never another exception


def _truncated(tmp_path: Path) -> Path:
    return write(tmp_path, "truncated.pdf", SAMPLE.read_bytes()[:30000])


@pytest.mark.parametrize(("make", "kwargs", "reason"), [
    (lambda t: ENCRYPTED, {}, "PDF is password-protected"),
    (lambda t: write(t, "enc.pdf", make_pdf([BODY], encrypt=True)), {}, "PDF is password-protected"),
    (_truncated, {}, "PDF is damaged or truncated: it ends without its %%EOF marker"),
    (lambda t: write(t, "damaged.pdf", b"%PDF-1.7\n1 0 obj garbage\n%%EOF\n"), {},
     "PDF is damaged or truncated: PDFium cannot parse its structure"),
    (lambda t: write(t, "text.pdf", "Nghị quyết số 112\n".encode()), {}, "not a PDF (no %PDF header)"),
    (lambda t: write(t, "word.pdf", b"PK\x03\x04" + b"\x00" * 100), {}, "not a PDF: content is a ZIP/DOCX container"),
    (lambda t: write(t, "empty.pdf", b""), {}, "file is empty"),
    (lambda t: t / "missing.pdf", {}, "file not found"),
    (lambda t: t, {}, "is a folder, not a file"),
    (lambda t: SAMPLE, {"max_bytes": 1000}, "file is 61587 bytes, over the limit of 1000"),
    (lambda t: SAMPLE, {"max_pages": 2}, "PDF has 3 pages, over the limit of 2"),
    (lambda t: write(t, "blank.pdf", make_pdf([[]])), {"ocr": False},
     "PDF has no text layer (scanned) and OCR is turned off"),
])
def test_bad_input_gives_one_parse_error(tmp_path: Path, make, kwargs, reason: str) -> None:
    path = make(tmp_path)
    with pytest.raises(ParseError) as info:
        read_pdf(path, Limits(**kwargs))
    assert info.value.reason == reason
    assert info.value.path == str(path)


def test_owner_password_only_pdf_is_read(tmp_path: Path) -> None:
    # Encrypted with an empty user password (only printing/copying restricted): readers open it.
    if not shutil.which("qpdf"):
        pytest.skip("qpdf not installed")
    path = tmp_path / "owner.pdf"
    subprocess.run(["qpdf", "--encrypt", "", "owner", "256", "--", str(SAMPLE), str(path)], check=True)
    assert len(read_pdf(path).lines) == 60


# ------------------------------------------------------------------------------------------------
# scanned pages


def test_scanned_pdf_without_ocr_tools_is_refused(monkeypatch) -> None:
    monkeypatch.setattr(pdfmod, "_ocr_tools", lambda: pdfmod.OCR_INSTALL_HINT)
    with pytest.raises(ParseError) as info:
        read_pdf(SCANNED)
    assert info.value.reason == ("PDF has no text layer (scanned); install tesseract-ocr-vie and "
                                 "poppler-utils for OCR")


def test_scanned_page_without_ocr_tools_warns_and_the_rest_parses(tmp_path: Path, monkeypatch, sample) -> None:
    monkeypatch.setattr(pdfmod, "_ocr_tools", lambda: pdfmod.OCR_INSTALL_HINT)
    mixed = combine(tmp_path, "mixed.pdf", [(SAMPLE, [0, 1, 2]), (SCANNED, [0])])
    st = read_pdf(mixed)
    hint = "page 4 has no text layer; install tesseract-ocr-vie and poppler-utils"
    assert st.warnings == [WarningRecord("no_text_layer", hint)]
    assert st.ocr_pages == [] and st.pages == 4
    assert [line.text for line in st.lines] == [line.text for line in sample.lines]


def _ocr_ready() -> bool:
    if not (shutil.which("tesseract") and shutil.which("pdftoppm")):
        return False
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, check=False)
    return "vie" in (langs.stdout + langs.stderr).split()


@pytest.mark.skipif(not _ocr_ready(), reason="needs tesseract with Vietnamese data (tesseract-ocr-vie) and pdftoppm")
def test_scanned_page_is_read_by_ocr(tmp_path: Path) -> None:
    first = combine(tmp_path, "scan-p1.pdf", [(SCANNED, [0])])
    st = read_pdf(first)
    assert st.ocr_pages == [1]
    assert st.warnings == [WarningRecord("ocr_pages", "page 1 read by OCR")]
    lines = [line.text for line in st.lines]
    expected = EXPECTED.read_text(encoding="utf-8").splitlines()
    assert lines[:10] == expected[:10]  # header columns in order, title, council, session
    assert all(line.page == 1 and line.box is not None for line in st.lines)


@pytest.mark.skipif(not _ocr_ready(), reason="needs tesseract with Vietnamese data (tesseract-ocr-vie) and pdftoppm")
def test_scanned_table_without_rules_is_read_from_the_word_gaps(tmp_path: Path) -> None:
    """The scanned page's table has no drawn rules for pdfplumber: its rows came out as sentences
    ("1 Tốc độ tăng trưởng % 8,5" ⏎ "GRDP"); the word gaps give the same cells as the text layer."""
    st = read_pdf(combine(tmp_path, "scan-p2.pdf", [(SCANNED, [1])]))
    text_layer = read_pdf(combine(tmp_path, "text-p2.pdf", [(SAMPLE, [1])]))
    def cells(source: SourceText) -> list[list[list[str]]]:
        return [[[cell.text for cell in row] for row in table.rows] for table in source.tables]

    assert cells(st) == cells(text_layer) == [[
        ["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch 2025"], ["1", "Tốc độ tăng trưởng GRDP", "%", "8,5"],
        ["2", "GRDP bình quân đầu người", "Triệu đồng", "120"], ["3", "Tỷ lệ đô thị hoá", "%", "48,0"],
        ["4", "Tỷ lệ hộ nghèo giảm", "%", "0,5"]]]


# ------------------------------------------------------------------------------------------------
# the label guard of paragraph joining


@pytest.mark.parametrize(("start", "is_label"), [
    ("1. Giao Ủy ban", True), ("1.2. Chỉ tiêu", True), ("2) Tỷ lệ", True), ("a) Ban Kinh tế", True),
    ("đ) Tỷ lệ", True), ("- Chính phủ;", True), ("+ Thu nội địa", True), ("• Mục tiêu", True),
    ("I. TỔNG HỢP", True), ("Điều 5. Tổ chức thực hiện", True), ("Chương II", True), ("PHỤ LỤC I", True),
    # wrap lines that merely start with a number or a reference: joined to the line before
    ("2015; Luật sửa đổi", False), ("2024./.", False), ("2.500 tỷ đồng", False), ("nghèo:", False),
    ("Điều 14 Nghị định này.", False), ("Phụ lục II ban hành kèm theo", False), ("XIV, Kỳ họp thứ 24", False),
])
def test_label_guard(start: str, is_label: bool) -> None:
    assert starts_item(start) is is_label


# ------------------------------------------------------------------------------------------------
# wraps that the DOCX of the same document does not have (issue 4: same records from every format)


def test_line_ending_in_a_pdfium_hyphen_is_not_merged_with_the_next(tmp_path: Path) -> None:
    # PDFium marks "NQ-" at a line end as a hyphen (U+FFFE / \x02) and gives no line break after
    # it: both lines came as one run and their words were interleaved by x.
    lines = ["Tap trung thuc hien cac nhiem vu theo Nghi quyet so 15/2024/NQ-",
             "HDND ngay 16 thang 6 nam 2023 cua Ban Chap hanh Trung uong ve tiep tuc",
             "doi moi phat trien va nang cao hieu qua kinh te tap the trong giai doan moi."]
    path = write(tmp_path, "hyphen.pdf", make_pdf([[(72, 100 + 16 * i, 12, t) for i, t in enumerate(lines)]]))
    assert texts(path) == lines


@pytest.mark.parametrize(("parts", "joined"), [
    (["Nghị quyết số 20-", "NQ/TW ngày 16"], "Nghị quyết số 20-NQ/TW ngày 16"),  # cut after its hyphen
    (["giai đoạn 2021-", "2025"], "giai đoạn 2021-2025"),
    (["phát triển kinh tế -", "xã hội"], "phát triển kinh tế - xã hội"),  # a dash standing alone
    (["Căn cứ Luật", "Tổ chức"], "Căn cứ Luật Tổ chức"),
    (["-", "Chính phủ"], "- Chính phủ"),
])
def test_wrap_lines_join_with_a_space_except_after_a_word_hyphen(parts: list[str], joined: str) -> None:
    assert pdfmod._join_wraps(parts) == joined


# ------------------------------------------------------------------------------------------------
# the fast paths give what the plain per-character code gave (issue 14)


def test_bulk_character_queries_agree_with_pdfium_one_by_one() -> None:
    # pdfchars re-types three PDFium functions to call them in bulk; the values must be exactly
    # those of pypdfium2's own bindings, character by character.
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw
    from nqparser.sources import pdfchars

    doc = pdfium.PdfDocument(SAMPLE)
    page = doc[1]
    textpage = page.get_textpage()
    tp = textpage.raw
    n = raw.FPDFText_CountChars(tp)
    firsts = list(range(0, n, 3))
    lasts = [min(i + 2, n - 1) for i in firsts]
    boxes = pdfchars.word_boxes(tp, firsts, lasts)
    rect = raw.FS_RECTF()
    for k, (i, j) in enumerate(zip(firsts, lasts, strict=True)):
        for offset, index in ((0, i), (4, j)):
            assert raw.FPDFText_GetLooseCharBox(tp, index, rect)
            assert boxes[8 * k + offset:8 * k + offset + 4] == [rect.left, rect.top, rect.right, rect.bottom]
    objects = pdfchars.text_objects(tp, firsts)
    assert objects == [ctypes.cast(raw.FPDFText_GetTextObject(tp, i), ctypes.c_void_p).value for i in firsts]
    assert any(obj is None for obj in objects) and any(obj is not None for obj in objects)  # spaces PDFium made
    assert pdfchars.char_angles(tp, firsts) == [raw.FPDFText_GetCharAngle(tp, i) for i in firsts]
    assert pdfchars.word_boxes(tp, [], []) == []
    textpage.close()
    page.close()
    doc.close()


def test_word_without_a_text_object_takes_the_weight_of_the_word_before(tmp_path: Path) -> None:
    # FPDFText_GetFontInfo leaves its buffer and flags untouched for a character PDFium made up,
    # so the reader that asked it word by word gave such a word the weight of the word before.
    # The reader that asks per text object keeps that rule.
    import pypdfium2 as pdfium

    path = write(tmp_path, "three.pdf", make_pdf([[(72, 100, 12, "Alpha"), (160, 100, 12, "Beta"),
                                                  (250, 100, 12, "Gamma")]]))
    doc = pdfium.PdfDocument(path)
    page = doc[0]
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    starts = [text.index(word) for word in ("Alpha", "Beta", "Gamma")]

    class Layer(pdfmod._TextLayer):
        def _font_bold(self, index: int) -> bool:
            return index == starts[0]  # only Alpha's font is bold

    real = pdfmod.pdfchars.text_objects
    try:
        pdfmod.pdfchars.text_objects = lambda tp, indices: [None if i == starts[1] else obj
                                                            for i, obj in zip(indices, real(tp, indices), strict=True)]
        layer = Layer(textpage.raw, pdfmod._Frame(page))
        words = [w for s in layer.segments(text) for w in s.words]
    finally:
        pdfmod.pdfchars.text_objects = real
        textpage.close()
        page.close()
        doc.close()
    assert [(w.text, w.bold) for w in words] == [("Alpha", True), ("Beta", True), ("Gamma", False)]


def test_reading_leaves_the_garbage_collector_as_it_was() -> None:
    import gc

    assert gc.isenabled()
    read_pdf(SAMPLE)
    assert gc.isenabled()
    with pytest.raises(ParseError, match="over the limit"):  # raised inside the paused part
        read_pdf(SAMPLE, Limits(max_pages=1))
    assert gc.isenabled()
    gc.disable()
    try:
        read_pdf(SAMPLE)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_reading_makes_no_reference_cycles_of_its_own() -> None:
    # The collector is paused while a document is read, so the reader must not leave cycles
    # (a recursive closure once kept every table page's ruling edges alive). pypdfium2's text
    # buffer type (a ctypes array type, one a page) is the only cyclic garbage left.
    import gc

    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        read_pdf(SAMPLE)  # page 2 holds a bordered table
        gc.collect()
        kinds = {type(obj).__name__ for obj in gc.garbage}
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert kinds <= {"PyCArrayType", "StgDict", "tuple", "getset_descriptor", "dict"}, kinds
    names = {obj.__name__ for obj in gc.garbage if isinstance(obj, type)}
    assert not names or all(name.startswith("c_ushort_Array") for name in names)


UNREADABLE_CASES = ["", "abc", "\ufffd" * 30, "\ufffd" * 6 + "a" * 14, "\ufffd" * 7 + "a" * 14, "\x01\x02" * 20,
                    "\ue000 " * 30, "\x1c\x1d\x1e\x1f" * 10 + "\x03" * 20, "\u00a0\u3000" * 10 + "\uf8ff" * 21,
                    "\uf900" * 40, "\x0e\x1b\x1c" * 15, "x" * 19 + "\ufffd" * 19, "a" * 20_000 + "\ufffd" * 100]


@pytest.mark.parametrize("text", UNREADABLE_CASES)
def test_unreadable_counts_as_the_character_loop_did(text: str) -> None:
    def by_loop(text: str) -> bool:
        visible = bad = 0
        for ch in text[:20_000]:
            if ch.isspace():
                continue
            visible += 1
            code = ord(ch)
            if ch == "\ufffd" or (code < 32 and ch not in "\t\n\r\x0b\x0c\x02") or 0xE000 <= code <= 0xF8FF:
                bad += 1
        return visible >= 20 and bad > 0.3 * visible

    assert pdfmod._unreadable(text) is by_loop(text)


def test_unreadable_classes_every_control_and_space_as_the_loop_did() -> None:
    # Every C0 and Latin-1 character, the Unicode spaces and the edges of the private-use area, 13
    # times among 27 letters: unreadable exactly when the character is bad and not white space.
    for code in [*range(0x00, 0x100), 0x1680, *range(0x2000, 0x2030), 0x205F, 0x3000, 0xE000, 0xF8FF, 0xFFFD]:
        ch = chr(code)
        bad = ch == "\ufffd" or (code < 32 and ch not in "\t\n\r\x0b\x0c\x02" and not ch.isspace()) \
            or 0xE000 <= code <= 0xF8FF
        assert pdfmod._unreadable(ch * 13 + "a" * 27) is (bad and not ch.isspace()), hex(code)


@pytest.mark.parametrize("text", ["", " a  b ", "Điều 1.\u00a0Phạm vi", "e\u0301 x", "a\u200bb", "soft\u00adhyphen",
                                  "tab\there", "line\u2028sep", " ", "\ufeffNghị quyết", "a\x1cb", "plain text"])
def test_clean_matches_collapse_and_strip(text: str) -> None:
    expected = re.sub(r"\s+", " ", pdfmod.INVISIBLE_RE.sub("", unicodedata.normalize("NFC", text))).strip()
    assert pdfmod._clean(text) == expected
