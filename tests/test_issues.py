"""One regression test per bug found on a real document, each with its (trimmed) input file in
tests/data/issues/. The docstring names the corpus document that showed it."""

from __future__ import annotations

from pathlib import Path

import nqparser
import pytest

DATA = Path(__file__).parent / "data" / "issues"


def test_hard_wrapped_web_header_is_rejoined() -> None:
    """hanoi-48-2025 (web Markdown): header, date, title and article headings wrapped at ~60
    characters inside a pipe-table layout; the issuer came out None and the date was lost."""
    doc = nqparser.parse_file(DATA / "wrapped-web-header.md")
    m = doc.metadata
    assert (m.issuer, m.province, m.number) == ("Hội đồng nhân dân thành phố Hà Nội", "Hà Nội", "48/2025/NQ-HĐND")
    assert (m.place, m.date) == ("Hà Nội", "2025-11-26")
    assert m.title == "VỀ ĐỊNH MỨC PHÂN BỔ NGÂN SÁCH"
    assert m.legal_bases == ["Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15"]
    assert doc.articles[0].title == "Phạm vi điều chỉnh, đối tượng áp dụng"


def test_term_and_session_from_the_closing_formula() -> None:
    """hanoi-48-2025: 2025-style resolutions name khóa and kỳ họp only in the closing formula."""
    m = nqparser.parse_file(DATA / "wrapped-web-header.md").metadata
    assert (m.term, m.session, m.adopted_date) == (16, 28, "2025-11-26")


def test_front_matter_skipped_and_number_on_next_line() -> None:
    """vinhlong-21-2025 (scraped page): the site's own "Số hiệu / Loại văn bản: Nghị quyết" table
    came first and was read as the header; the real "Số:" has its number on the next line."""
    doc = nqparser.parse_file(DATA / "front-matter-number-next-line.md")
    m = doc.metadata
    assert m.number == "21/2025/NQ-HĐND"
    assert m.issuer == "Hội đồng nhân dân tỉnh Vĩnh Long"
    assert m.title == "Quy định mức hỗ trợ đối với trẻ em mầm non"
    assert ("lines_before_header", (1, 7)) in [(w.code, w.lines) for w in doc.warnings]


def test_number_and_place_date_on_one_flattened_line() -> None:
    """ubtvqh-1654-2025: a two-column header flattened to "Số: X Hà Nội, ngày …" made the whole
    line the number."""
    m = nqparser.parse_file(DATA / "flattened-number-place-date.txt").metadata
    assert (m.number, m.place, m.date) == ("1654/NQ-UBTVQH15", "Hà Nội", "2025-06-16")


def test_dat_is_not_dat_and_giam_is_not_giam() -> None:
    """Tone-insensitive matching made "đất" (land) trim like "đạt" (reach) and "giám sát" read as
    "giảm" (a decrease); durations ("6 tháng") were taken as prose targets."""
    doc = nqparser.parse_file(DATA / "dat-dat-giam-giam.txt")
    names = {i.name: i for i in doc.indicators}
    assert "Diện tích đất nông nghiệp" in names
    assert names["Diện tích đất nông nghiệp"].value == 250000 and names["Diện tích đất nông nghiệp"].unit == "ha"
    assert names["Tỷ lệ xã được giám sát môi trường"].direction is None
    assert doc.targets == []


def test_many_first_clauses_do_not_nest() -> None:
    """A stress input of 20,000 "1. a" lines built a tree 20,000 deep (quadratic, recursion)."""
    doc = nqparser.parse_text("Điều 1. X\n" + "1. a\n" * 20000)
    assert len(doc.articles[0].children) == 20000
    assert all(not c.children for c in doc.articles[0].children)


def test_chapters_bold_runs_crossref_and_page_marks() -> None:
    """hue-35-2025: "Chương I" ⏎ "QUY ĐỊNH CHUNG" lost its heading; "**Điều 2." ⏎ "Thay thế …**"
    lost the article's heading; a wrapped "… khoản 3" ⏎ "Điều 1." made a false article; the
    2025 enacting formula replaced QUYẾT NGHỊ; quochoi-49: "--- PAGE BREAK ---" became an item."""
    doc = nqparser.parse_file(DATA / "chapters-bold-runs.md")
    chapter = doc.articles[0]
    assert (chapter.kind, chapter.label, chapter.title) == ("chapter", "I", "QUY ĐỊNH CHUNG")
    assert [(a.label, a.title) for a in chapter.children] == [
        ("1", "Phạm vi"), ("2", "Thay thế, bãi bỏ một số từ"), ("3", "Hiệu lực")]
    assert "article_out_of_order" in [w.code for w in doc.warnings]
    texts = [n.text for a in chapter.children for n in a.children]
    assert not any("PAGE BREAK" in t for t in texts)


def test_document_without_articles_keeps_its_tail() -> None:
    """tuangiao-gm-2020 (invitation): signature lines were taken as header anchors, so the title
    swallowed the body and Nơi nhận; the date line with a blank day was not recognised."""
    doc = nqparser.parse_file(DATA / "no-articles-tail.txt")
    m = doc.metadata
    assert (m.doc_type, m.place, m.date) == ("Giấy mời", "Tuần Giáo", None)
    assert m.title == "Họp Thường trực Hội đồng nhân dân huyện mở rộng"
    assert [r.name for r in doc.recipients] == ["Như trên"] and doc.archive == ["VT"]
    # "TM. HỘI ĐỒNG NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH": the council is the authority signed for
    signer = (m.signer.authority, m.signer.title, m.signer.name)
    assert signer == ("TM. Hội đồng nhân dân", "Phó Chủ tịch", "Trần Bình Trọng")


def test_label_alone_on_its_line_takes_the_next_line_as_text() -> None:
    """PDF and Word conversions put "a)" or "1." on a line of its own and the text on the next
    (across a blank line too); the tree had empty points and clauses with the text as a paragraph."""
    doc = nqparser.parse_file(DATA / "bare-point-labels.txt")
    clauses = doc.articles[0].children
    assert [(c.kind, c.label, c.text, c.lines) for c in clauses] == [
        ("clause", "1", "Tập trung thực hiện các giải pháp sau:", [15, 16]),
        ("clause", "2", "Giao Ủy ban nhân dân tỉnh tổ chức thực hiện.", [23, 24]),
    ]
    points = clauses[0].children
    assert [(p.kind, p.label, p.text, p.lines) for p in points] == [
        ("point", "a", "Đẩy mạnh giải ngân vốn đầu tư công;", [17, 18]),
        ("point", "b", "Cải thiện môi trường đầu tư kinh doanh;", [20, 21]),
        ("point", "c", "Bảo đảm an sinh xã hội.", [22, 22]),
    ]
    assert all(not p.children for p in points)
    assert points[0].raw == "a)\nĐẩy mạnh giải ngân vốn đầu tư công;"


def test_annex_after_the_signature_keeps_pipe_per_line_tables() -> None:
    """hanoi-48-2025 (web Markdown): the annex after the signature had its tables written one
    "|" or one cell per line; Document.appendix was empty and the cells were lost. The Nơi nhận
    and signature, laid out the same way, must still give the recipients, archive and signer."""
    doc = nqparser.parse_file(DATA / "annex-pipe-per-line.md")
    assert [r.name for r in doc.recipients] == ["Ủy ban Thường vụ Quốc hội", "Chính phủ"]
    assert doc.archive == ["VT"]
    assert (doc.metadata.signer.title, doc.metadata.signer.name) == ("Chủ tịch", "Phùng Thị Hồng Hà")
    assert [(n.kind, n.text, n.lines) for n in doc.appendix if n.table is None] == [
        ("paragraph", "Phụ lục 01", [55, 56]),
        ("paragraph", "ĐỊNH MỨC PHÂN BỔ CHI NGÂN SÁCH", [58, 58]),
        ("paragraph", "(Kèm theo Nghị quyết số 48/2025/NQ-HĐND ngày 26 tháng 11 năm 2025 của Hội đồng nhân "
                      "dân Thành phố)", [60, 62]),
        ("paragraph", "Trong đó:", [106, 106]),
    ]
    [table] = [n for n in doc.appendix if n.table is not None]
    assert table.table == [
        ["TT", "Nội dung", "Đơn vị tính", "Định mức"],
        ["I", "Cơ quan hành chính", "", ""],
        ["1", "Đơn vị dự toán cấp I", "", ""],
        ["", "Dưới 30 biên chế", "Đồng/biên chế /năm", "95.000.000"],  # first cell merged with the row above
        ["", "Từ biên chế thứ 30 đến dưới 50", "Đồng/biên chế /năm", "92.000.000"],
    ]
    assert table.table_lines == [64, 73, 80, 87, 96] and table.lines == [64, 104]
    # "Định mức" (a spending norm per staff member) is a norm, not an indicator (issue 9,
    # point 9; grammars/indicators.toml [tables] norm_column)
    assert doc.indicators == []


def test_quoted_amendment_text_stays_inside_the_amending_clause() -> None:
    """hue-35-2025: "1. Sửa đổi, bổ sung Điều 7 như sau:" is followed by the new wording in
    quotes, with its own "Điều 7.", khoản and điểm labels; they became clauses of the resolution
    ("clause 4 follows clause 2" warnings, eleven amending clauses scattered). The quotation is
    now one quote node under its clause; an unclosed one (Điều 5 of the source has no closing
    quote) ends before the next amending clause or the resolution's next article, with a warning."""
    doc = nqparser.parse_file(DATA / "quoted-amendment.md")
    article1, article2 = doc.articles
    assert (article2.label, article2.title) == ("2", "Hiệu lực")
    clauses = article1.children
    assert [(c.kind, c.label) for c in clauses] == [("clause", "1"), ("clause", "2"), ("clause", "3"), ("clause", "4")]
    quotes = [c.children for c in clauses]
    assert all(len(q) == 1 and q[0].kind == "quote" for q in quotes)
    q1, q2, q3, q4 = (q[0] for q in quotes)
    # the wording without the outer quote marks, line by line; provenance spans the whole block
    assert q2.text == ("Điều 7. Dự án 2: Quy hoạch, sắp xếp dân cư\n1. Đối tượng hỗ trợ\n"
                       "Theo điểm b khoản 1 phần II Chương trình.\n2. Nội dung hỗ trợ\n"
                       "Theo điểm c khoản 1 phần II Chương trình; thay cụm từ “cấp huyện” bằng “cấp xã”.\n"
                       "3. Cách tính điểm theo Phụ lục II kèm theo Nghị quyết này.")
    assert q2.lines == [39, 49] and q2.raw.startswith("**“Điều 7.") and q2.raw.endswith("này.”.")
    assert [(n.kind, n.lines) for n in q2.children] == [("paragraph", [39, 39]), ("paragraph", [41, 41]),
                                                        ("paragraph", [43, 43]), ("paragraph", [45, 45]),
                                                        ("paragraph", [47, 47]), ("paragraph", [49, 49])]
    assert (q3.text, q3.lines) == ("2. Mức hỗ trợ tối đa 50 triệu đồng/hộ.", [53, 53])  # straight quotes
    # a table inside the quotation stays a table node of the quote
    assert q1.lines == [15, 35]
    assert [n.table for n in q1.children if n.table is not None] == [[["TT", "Địa phương", "Tỷ lệ (%)"],
                                                                      ["1", "Xã Long Quảng", "70"]]]
    assert (q4.text, q4.lines) == ("Điều 9a. Điều khoản chuyển tiếp\nCác dự án đã phê duyệt tiếp tục thực hiện.",
                                   [57, 59])
    assert [(w.code, w.lines) for w in doc.warnings] == [("unclosed_quote", (15,)), ("unclosed_quote", (57,))]
    assert [w.message for w in doc.warnings] == [
        "line 15: quoted amendment text is not closed; it was ended before line 37",
        "line 57: quoted amendment text is not closed; it was ended before line 61",
    ]
    assert doc.indicators == [] and doc.targets == []  # the amended text's norms are not targets


def test_wrapped_lines_continuing_with_a_capital_are_rejoined() -> None:
    """hanoi-48-2025, hue-35-2025 (web Markdown hard-wrapped at ~80 characters, the first line of
    each paragraph broken short): sentences broken before a capitalised word stayed split —
    "… Tổ quốc Việt" ⏎ "Nam Thành phố …", "… khoản 5 phần" ⏎ "II Chương trình …", "… đại biểu"
    ⏎ "Hội đồng nhân dân thành phố …" (read as the council header), "“Sở Lao động" ⏎ "Thương
    binh …", and cross-references "… tại Phụ lục" ⏎ "VIII.", "… tại khoản 3" ⏎ "Điều 1." (a false
    article). A paragraph after a blank line and the fields of an e-signature stamp stay apart."""
    doc = nqparser.parse_file(DATA / "wrapped-capital-continuations.md")
    # "Ký bởi:" ⏎ "Email:" skipped, and no article_out_of_order ("'Điều 1' after Điều 2 read as text")
    assert [(w.code, w.lines) for w in doc.warnings] == [("lines_before_header", (1, 2))]
    article1, article2 = doc.articles
    [para] = article1.children
    assert (para.lines, para.text[:60]) == ([20, 22], "Theo khoản 5 phần II Chương trình mục tiêu quốc gia phát tri")
    clauses = article2.children
    assert [(c.label, c.lines) for c in clauses] == [("1", [26, 27]), ("2", [29, 32]), ("3", [34, 36]),
                                                     ("4", [38, 40]), ("5", [42, 44])]
    assert clauses[1].text.endswith("Tổ đại biểu Hội đồng nhân dân và đại biểu Hội đồng nhân dân thành phố trong "
                                    "phạm vi, nhiệm vụ, quyền hạn giám sát việc triển khai thực hiện Nghị quyết.")
    assert clauses[2].text.startswith("Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố phối hợp")
    assert clauses[3].text == ("Thay thế cụm từ “Sở Lao động Thương binh và Xã hội” thành “Sở Nội vụ” tại khoản 1 "
                               "Điều 2 và tại Phụ lục VIII.")
    assert clauses[4].text.endswith("tại khoản 3 Điều 1.")
    assert [(n.kind, n.lines) for n in clauses[4].children] == [("paragraph", [46, 46])]  # after a blank line
    assert not any(c.children for c in clauses[:4])


def test_annex_form_whose_name_column_comes_last_gives_no_indicators() -> None:
    """hdbcqg-40 (.doc): once annexes reached the indicator extractor, a filled-in asset
    declaration form gave indicators named "Giảm do bán" = 100 m2: its last column, "Nội dung
    giải trình …", was taken for the name column and the figures to its left for values. The
    form stays in the appendix as a table, and gives no indicator."""
    doc = nqparser.parse_file(DATA / "annex-declaration-form.md")
    [table] = [n for n in doc.appendix if n.table is not None]
    assert table.table[1][3] == "Giảm do bán"
    assert doc.indicators == []


def test_units_in_value_column_headers_and_remarks_columns() -> None:
    """hanoi-48-2025: the revenue-sharing annex writes its unit in each column header ("NS xã
    (%)") and ends with a remarks column; 258 rows had no unit, and a remark could have been
    read as the figure."""
    doc = nqparser.parse_file(DATA / "annex-header-units.md")
    [ind] = doc.indicators
    assert (ind.name, ind.value, ind.unit, ind.parent) == ("Xã Hòa Lạc", 14.0, "%", "Thuế tài nguyên")
    assert [(v["column"], v["value"], v["unit"]) for v in ind.extra["values"]] == [
        ("NS Trung ương (%)", 68.0, "%"), ("NS Thành phố (%)", 18.0, "%"), ("NS xã (%)", 14.0, "%")]


def test_report_table_rows_are_data_and_letter_roman_number_rows_nest() -> None:
    """dakhoa (generated report PDF, no articles): every data row counted as a header anchor,
    so the body began at row 80 and the table was lost as one paragraph; and rows numbered
    A > I > 1 had no parents. A letter that is also a numeral (C, I) is a letter when it follows
    the letter rows (H → I), a numeral when the next row continues it (I → II)."""
    doc = nqparser.parse_file(DATA / "report-table-letter-roman-rows.md")
    [table] = [n for n in doc.articles if n.table is not None]
    assert len(table.table) == 13
    got = [(i.extra["stt"], i.name, i.parent, i.value, i.unit, i.year) for i in doc.indicators]
    assert got == [
        ("A", "Diện tích đất", None, 11100.0, "ha", 2020),
        ("I", "Đất nông nghiệp", "Diện tích đất", 11100.0, "ha", 2020),
        ("II", "Đất lâm nghiệp", "Diện tích đất", 0.0, "ha", 2020),
        ("B", "Diện tích trồng trọt", None, 950.0, "ha", 2020),
        ("I", "Diện tích cây trồng hằng năm", "Diện tích trồng trọt", 420.0, "ha", 2020),
        ("1", "Lúa vụ đông xuân", "Diện tích cây trồng hằng năm", 110.0, "ha", 2020),
        ("C", "Sản lượng lương thực", None, 2100.0, "tấn", 2020),
        ("H", "Sản lượng thịt", None, 55.0, "tấn", 2020),
        ("I", "Sản lượng thủy sản", None, 12.0, "tấn", 2020),
        ("K", "Tổng số hộ", None, 1230.0, "hộ", 2020),
        ("I", "Hộ dân tộc Kinh", "Tổng số hộ", 710.0, "hộ", 2020),
        ("II", "Hộ dân tộc thiểu số", "Tổng số hộ", 520.0, "hộ", 2020),
    ]
    # the remarks column ("Ghi chú/ Đánh giá") is no value
    assert [v["column"] for v in doc.indicators[0].extra["values"]] == ["KH 2019", "Thực hiện 2019", "Mục tiêu 2020"]


def test_decision_type_line_is_not_the_enacting_formula() -> None:
    """thanhhoa (draft QĐ-HĐND, PDF): a decision's header "QUYẾT ĐỊNH" and its enacting
    "QUYẾT ĐỊNH:" are the same words; the first one opened the body, so the document type and
    the title (broken after "và" before "Hội đồng nhân dân tỉnh …") were lost."""
    doc = nqparser.parse_file(DATA / "decision-type-and-formula.txt")
    assert doc.metadata.doc_type == "Quyết định"
    assert doc.metadata.title == ("Ban hành Bộ tiêu chí đánh giá hiệu quả hoạt động đối với cơ quan Văn phòng "
                                  "Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh Thanh Hóa")
    assert doc.metadata.provenance["title"] == [7, 8]
    assert len(doc.metadata.legal_bases) == 1
    assert [a.label for a in doc.articles] == ["1", "2"]


def test_header_wins_over_the_2025_enacting_formula() -> None:
    """hanoi-63-2025: the header is split over two lines inside a pipe layout; the enacting formula
    "Hội đồng nhân dân thành phố Hà Nội ban hành Nghị quyết …" won and gave the whole sentence as
    issuer, with no province."""
    m = nqparser.parse_file(DATA / "header-over-enacting-formula.md").metadata
    assert (m.issuer, m.province) == ("Hội đồng nhân dân thành phố Hà Nội", "Hà Nội")
    assert m.number == "63/2025/NQ-HĐND"


def test_enacting_formula_names_the_issuer_only_without_a_header() -> None:
    """hanoi-63-2025 without its header: the formula's council, cut before "ban hành"."""
    text = (DATA / "header-over-enacting-formula.md").read_text(encoding="utf-8")
    m = nqparser.parse_text(text.split("Số:", 1)[1], source="no-header.md").metadata
    assert (m.issuer, m.province) == ("Hội đồng nhân dân thành phố Hà Nội", "Hà Nội")


def test_committee_header_is_the_issuer_of_a_plan() -> None:
    """bacninh-kh-144-2025 (KH-UBND): "ỦY BAN NHÂN DÂN" ⏎ "TỈNH BẮC NINH" was skipped as front
    matter; the plan had no issuer and no province."""
    m = nqparser.parse_file(DATA / "committee-header-plan.md").metadata
    assert (m.issuer, m.province, m.doc_type) == ("Ủy ban nhân dân tỉnh Bắc Ninh", "Bắc Ninh", "Kế hoạch")


def test_hand_filled_number_and_day() -> None:
    """tuangiao-gm-2020 (PDF): number and day filled in after signing ("Số: 06 /GM-HĐND",
    "ngày12 tháng"); the "Kính gửi:" line became the title; the term is named only in the text."""
    m = nqparser.parse_file(DATA / "handfilled-number-and-day.txt").metadata
    assert (m.number, m.place, m.date) == ("06/GM-HĐND", "Tuần Giáo", "2020-11-12")
    assert (m.doc_type, m.title) == ("Giấy mời", None)
    assert (m.issuer, m.province, m.term, m.session) == ("Hội đồng nhân dân huyện Tuần Giáo", "Điện Biên", 20, None)


def test_grid_table_recipients_beside_the_signature() -> None:
    """ubtvqh-1654-2025 (pandoc): Nơi nhận and the signature share a grid table whose cells wrap
    over many lines; no recipient, no archive and no signer were found."""
    doc = nqparser.parse_file(DATA / "grid-table-signature.md")
    names = [r.name for r in doc.recipients]
    assert names[:3] == ["Chính phủ", "Ban Tổ chức Trung ương", "Ủy ban TW Mặt trận Tổ quốc Việt Nam"]
    assert names[-1] == "Tỉnh uỷ, HĐND, UBND, Đoàn ĐBQH, Ủy ban MTTQVN tỉnh An Giang"
    assert len(names) == 7 and doc.archive == ["HC", "PLTP"]
    s = doc.metadata.signer
    assert (s.authority, s.title, s.name) == ("TM. Ủy ban Thường vụ Quốc hội", "Chủ tịch", "Trần Thanh Mẫn")


def test_flattened_signer_and_numeric_adopted_date() -> None:
    """phuyen-57-2016 (PDF text in a string): "CHỦ TỊCH     Huỳnh Tấn Việt" on one line gave no
    signer; "thông qua ngày 15/12/2016" gave no adopted date."""
    m = nqparser.parse_file(DATA / "flattened-signer-numeric-adopted-date.txt").metadata
    assert (m.signer.title, m.signer.name) == ("Chủ tịch", "Huỳnh Tấn Việt")
    assert (m.date, m.adopted_date, m.term, m.session) == ("2016-12-16", "2016-12-15", 7, 3)


def test_ocr_doc_type_and_assembly_chairman() -> None:
    """quochoi-49-2017 (OCR): "NGHỊ QUYÉT" came out as "Nghị quyét"; "CHỦ TỊCH QUOC HOI" was no
    signer title."""
    m = nqparser.parse_file(DATA / "ocr-doc-type-and-assembly-signer.md").metadata
    assert m.doc_type == "Nghị quyết"
    assert m.signer.title == "Chủ tịch Quốc hội"


def test_nested_recipient_parts_are_one_recipient() -> None:
    """bacninh-kh-144-2025: "- VP UBND tỉnh:" ⏎ "+ LĐVP, KGVXLinh;" ⏎ "+ Lưu: VT." gave two
    recipients ("VP UBND tỉnh:" and the parts); a recipient wrapped over two lines stays one."""
    doc = nqparser.parse_file(DATA / "nested-recipient-parts.md")
    names = [r.name for r in doc.recipients]
    assert names[-1] == "VP UBND tỉnh: LĐVP, KGVXLinh"
    assert "Báo và Phát thanh, Truyền hình tỉnh, các cơ quan báo chí đóng trên địa bàn tỉnh" in names
    assert len(names) == 12 and doc.archive == ["VT"]
    assert (doc.recipients[0].name, doc.recipients[0].note) == ("VPCP, Bộ KH&CN", "b/c")
    assert (doc.metadata.signer.title, doc.metadata.signer.name) == ("Phó Chủ tịch", "Mai Sơn")


def test_article_label_split_inside_bold() -> None:
    """hue-36-2025: "**Điều" ⏎ "2. Quy định …**" was read as a clause 2 of Điều 1 (Điều 2, 3 lost);
    "**NGHỊ" ⏎ "QUYẾT**" took the title in capitals below it into the document type; an article
    line wholly in bold is its heading even when it ends "như sau:"."""
    doc = nqparser.parse_file(DATA / "split-article-label-in-bold.md")
    assert [a.label for a in doc.articles] == ["1", "2", "3"]
    assert [c.label for c in doc.articles[1].children if c.kind == "clause"] == ["1", "2"]
    assert doc.articles[2].title == "Hỗ trợ học phí"
    assert doc.articles[1].title.endswith("từ năm học 2025 - 2026 như sau")  # wholly bold: its heading
    assert doc.articles[0].children[0].title == "Phạm vi điều chỉnh"
    m = doc.metadata
    assert (m.doc_type, m.issuer, m.province) == ("Nghị quyết", "Hội đồng nhân dân thành phố Huế", "Huế")
    assert m.title == "QUY ĐỊNH VỀ CHÍNH SÁCH HỌC PHÍ, HỖ TRỢ HỌC PHÍ TRÊN ĐỊA BÀN THÀNH PHỐ HUẾ TỪ NĂM HỌC 2025 - 2026"


def test_clause_glued_after_a_full_stop() -> None:
    """hanoi-63-2025: "… không để xảy ra tiêu cực.2. Giao Thường trực …" (no line break, no space)
    hid clause 2 of Điều 9 inside clause 1; only the next number of the open sequence is cut, so
    a decimal ("1.2.") or a later number stays text."""
    doc = nqparser.parse_file(DATA / "clause-glued-after-full-stop.md")
    art9, art10 = doc.articles
    assert [c.label for c in art9.children] == ["1", "2", "3"]
    assert art9.children[0].text.endswith("không để xảy ra tiêu cực.")
    assert art9.children[1].text.startswith("Giao Thường trực Hội đồng nhân dân Thành phố")
    assert [c.label for c in art10.children] == ["1", "2"]
    assert art10.children[1].text.endswith("Tỷ lệ 1.2. Mức 2025.")


def test_lead_ins_and_run_in_labels_are_not_headings() -> None:
    """hanoi-63, hanoi-73, hue-36 (2025): a lead-in ending ":" ("… có trách nhiệm:", "… trong các
    trường hợp:"), a label line whose sentence goes on below ("… để xác định:" ⏎ "mức …"), and a
    "Term:" among run-in "Term: content" siblings were given titles; noun-phrase headings stay."""
    doc = nqparser.parse_file(DATA / "lead-ins-and-run-in-labels.txt")
    titles = {(a.label, c.label): c.title for a in doc.articles for c in a.children if c.kind == "clause"}
    assert titles[("1", "1")] is None and titles[("1", "3")] is None
    assert titles[("2", "2")] == "Hệ số trợ cấp xã hội hằng tháng"
    assert titles[("2", "3")] is None
    point_b = doc.articles[1].children[1].children[1]
    assert (point_b.label, point_b.title) == ("b", None)
    assert [titles[("3", n)] for n in "123"] == [None, None, None]
    assert titles[("3", "4")] == "Thời gian" and titles[("3", "5")] == "Các thành viên"


def test_closing_formula_without_nay_across_emphasis() -> None:
    """2023-style closings read "Nghị quyết đã được …" (no "này"), here broken across two
    emphasised lines: term, session and adopted date were lost."""
    m = nqparser.parse_file(DATA / "closing-formula-variants.md").metadata
    assert (m.term, m.session, m.adopted_date) == (10, 12, "2023-12-08")


def test_pipe_table_recipients_beside_the_signature() -> None:
    """Word → Markdown: Nơi nhận and the signature side by side in a pipe table, one row per line
    (recipient and signature lines interleaved cell by cell); neither block was found."""
    doc = nqparser.parse_file(DATA / "pipe-table-recipients-beside-signature.md")
    assert [r.name for r in doc.recipients] == ["Ủy ban Thường vụ Quốc hội", "Chính phủ", "Bộ Tài chính"]
    assert doc.archive == ["VT", "CTHĐND"]
    s = doc.metadata.signer
    assert (s.authority, s.title, s.name) == ("TM. Hội đồng nhân dân", "Chủ tịch", "Nguyễn Văn A")


def test_pipe_table_header() -> None:
    """Word → Markdown: the two header columns in a pipe table, one row per line; no issuer, number
    or date was found, and "QUYẾT NGHỊ:" right under the title was read as part of it."""
    m = nqparser.parse_file(DATA / "pipe-table-header.md").metadata
    assert (m.issuer, m.province, m.number) == ("Hội đồng nhân dân tỉnh Vĩnh Long", "Vĩnh Long", "21/2025/NQ-HĐND")
    assert (m.place, m.date, m.title) == ("Vĩnh Long", "2025-12-10", "QUY ĐỊNH MỨC HỖ TRỢ")


def test_decimal_labels_below_the_clause_or_the_article() -> None:
    """phuyen-57-2016: "2.1." and "2.2." sit under clause 2 ("Tổng chi … Trong đó:") with their
    points; "1.1." with no clause 1 before it opens its sequence under the article (it was text)."""
    doc = nqparser.parse_file(DATA / "decimal-labels-below-clause.txt")
    art1, art2 = doc.articles
    assert [(c.kind, c.label) for c in art1.children] == [("clause", "1.1"), ("clause", "1.2")]
    assert art1.children[1].children[0].label == "a"
    clause2 = art2.children[1]
    assert [c.label for c in clause2.children] == ["2.1", "2.2"]
    assert clause2.children[0].children[0].label == "a"


def test_division_between_chapter_and_article() -> None:
    """"Mục 1" ⏎ "PHẠM VI" inside a chapter is the level between Chương and Điều, not text."""
    doc = nqparser.parse_file(DATA / "division-between-chapter-and-article.txt")
    chapter1, chapter2 = doc.articles
    assert [(d.kind, d.label, d.title) for d in chapter1.children] == [
        ("division", "1", "PHẠM VI"), ("division", "2", "ĐỐI TƯỢNG")]
    assert [a.label for d in chapter1.children for a in d.children] == ["1", "2"]
    assert [(a.kind, a.label) for a in chapter2.children] == [("article", "3")]


def test_word_segmented_text_reads_as_plain_text() -> None:
    """NLP corpora store resolutions word-segmented ("Hội_đồng nhân_dân", "Điều 1 .", "a )"):
    no label, anchor or name was found. Detected per document and read as the plain text."""
    doc = nqparser.parse_file(DATA / "word-segmented.txt")
    m = doc.metadata
    assert (m.issuer, m.province, m.number, m.date) == (
        "Hội đồng nhân dân tỉnh Thái Nguyên", "Thái Nguyên", "112/NQ-HĐND", "2024-12-10")
    assert (m.term, m.session, m.doc_type) == (14, 23, "Nghị quyết")
    assert m.title == "Về nhiệm vụ phát triển kinh tế - xã hội năm 2025"
    assert (m.signer.title, m.signer.name) == ("Chủ tịch", "Phạm Hoàng Sơn")
    art1 = doc.articles[0]
    assert (art1.label, art1.title) == ("1", "Mục tiêu tổng quát")
    assert [c.label for c in art1.children] == ["1", "2"]
    assert art1.children[1].children[0].text == "Chi xây dựng cơ bản tập trung;"
    assert [r.name for r in doc.recipients] == ["Thường trực Tỉnh ủy"] and doc.archive == ["VT", "CTHĐND"]


def test_snake_case_does_not_make_text_segmented() -> None:
    """A few "_" words (a file name, an e-mail) in plain text leave it as written."""
    text = "NGHỊ QUYẾT\nQUYẾT NGHỊ:\nĐiều 1. Xem tệp bao_cao_2024.pdf tại trang web.\n"
    doc = nqparser.parse_text(text)
    assert doc.articles[0].title is None and "bao_cao_2024.pdf" in doc.articles[0].text


def _widget_pdf() -> bytes:
    """One page whose number is shown by a signature widget's appearance, not by the page content
    (as in tuangiao-gm-2020, where "06" and the day were stamped in after signing)."""
    content = b"BT /F1 12 Tf 100 700 Td (So:          /GM-HDND) Tj ET\nBT /F1 12 Tf 100 650 Td (GIAY MOI) Tj ET"
    appearance = b"BT /F1 12 Tf 1 3 Td (06) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [6 0 R] >> >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
        b"/Contents 5 0 R /Annots [6 0 R] >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (signature1) /F 4 /Rect [128 697 146 714] /P 4 0 R "
        b"/AP << /N 7 0 R >> >>",
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 18 17] /Resources << /Font << /F1 3 0 R >> >> "
        b"/Length %d >>\nstream\n%s\nendstream" % (len(appearance), appearance),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_pdf_widget_text_is_read(tmp_path: Path) -> None:
    """tuangiao-gm-2020 (PDF): the number and the day live in widget appearances; the reader saw
    "Số: /GM-HĐND" and "ngày tháng 11" (blank)."""
    path = tmp_path / "widget.pdf"
    path.write_bytes(_widget_pdf())
    doc = nqparser.parse_file(path)
    assert doc.metadata.number == "06/GM-HDND"


def test_page_number_after_a_page_break_is_dropped() -> None:
    """quochoi-49-2017 (OCR): "--- PAGE BREAK ---" ⏎ "3" (the next page's number) cut a clause in
    two; its first half became a heading."""
    doc = nqparser.parse_file(DATA / "page-number-after-page-break.md")
    clause = doc.articles[0].children[3]
    assert clause.label == "4" and clause.title is None
    assert "tiền đọc tài liệu phát sinh trong năm 2018" in clause.text


def test_grid_table_header() -> None:
    """pandoc: the two header columns in a grid table, cells wrapped and rows apart ("+---+"
    between them), one row a character wider than its border: each cell is read whole, a row
    border ends it, so "TỈNH VĨNH LONG" does not run on into "Số: …"."""
    m = nqparser.parse_file(DATA / "grid-table-header.md").metadata
    assert (m.issuer, m.province, m.number) == ("Hội đồng nhân dân tỉnh Vĩnh Long", "Vĩnh Long", "21/2025/NQ-HĐND")
    assert (m.place, m.date) == ("Vĩnh Long", "2025-12-10")


def test_national_body_heads_the_document() -> None:
    """nd-335-2025 (PDF): "CHÍNH PHỦ" above "Số:" was skipped as front matter (no issuer), and
    "PHÓ THỦ TƯỚNG" was no signer title."""
    doc = nqparser.parse_file(DATA / "national-body-header.txt")
    assert "lines_before_header" not in [w.code for w in doc.warnings]
    s = doc.metadata.signer
    assert (doc.metadata.issuer, s.authority, s.title, s.name) == (
        "Chính phủ", "TM. Chính phủ", "Phó Thủ tướng", "Phạm Thị Thanh Trà")


def test_term_and_session_line_variants() -> None:
    """The KHÓA line with the term of office between ("NHIỆM KỲ 2021 - 2026") lost the term, and a
    session qualified "CHUYÊN ĐỀ LẦN THỨ BA" lost the session (NOTES: "kỳ họp chuyên đề lần thứ
    Ba" → 3)."""
    m = nqparser.parse_file(DATA / "term-session-variants.txt").metadata
    assert (m.term, m.session) == (10, 3)


def test_abbreviated_header_and_flattened_signature_lines() -> None:
    """Headers written "HĐND TỈNH …" gave no issuer; "Số 57/NQ-HĐND" (no colon) no number; PDF
    text that flattens "KT. CHỦ TỊCH" and "PHÓ CHỦ TỊCH" (or "TM. HỘI ĐỒNG NHÂN DÂN" and "CHỦ
    TỊCH") onto one line gave no signer title."""
    m = nqparser.parse_file(DATA / "abbreviated-header-flat-signature.txt").metadata
    assert (m.issuer, m.province, m.number) == ("Hội đồng nhân dân tỉnh Quảng Nam", "Quảng Nam", "57/NQ-HĐND")
    assert (m.signer.authority, m.signer.title, m.signer.name) == ("TM. Ủy ban nhân dân", "Phó Chủ tịch", "Mai Sơn")
    flat = nqparser.parse_text("NGHỊ QUYẾT\nQUYẾT NGHỊ:\nĐiều 1. Thông qua.\n"
                             "TM. HỘI ĐỒNG NHÂN DÂN CHỦ TỊCH\nNguyễn Văn A\n")
    s = flat.metadata.signer
    assert (s.authority, s.title, s.name) == ("TM. Hội đồng nhân dân", "Chủ tịch", "Nguyễn Văn A")


def test_province_of_a_district_or_commune_issuer_where_printed() -> None:
    """District and commune councils got no province even where the page prints it: on a
    province-level header line above the council's, or as the place of the date line. Where it is
    not printed (tuangiao-gm-2020: "Tuần Giáo, ngày …"), the gazetteer gives it (test_gazetteer.py)."""
    m = nqparser.parse_file(DATA / "district-province-from-header.txt").metadata
    assert (m.issuer, m.province) == ("Hội đồng nhân dân huyện Chư Păh", "Gia Lai")
    m = nqparser.parse_file(DATA / "commune-province-from-place.txt").metadata
    assert (m.issuer, m.province) == ("Hội đồng nhân dân xã Ia Ly", "Gia Lai")
    assert nqparser.parse_file(DATA / "handfilled-number-and-day.txt").metadata.province == "Điện Biên"


def test_lines_padded_with_two_spaces_are_not_hard_breaks() -> None:
    """binhdinh thesis excerpt, re-saved by a converter that pads every line with two spaces: read
    as Markdown hard breaks, the spaces glued the list heading onto the paragraph above it and
    the heading ("Các chỉ tiêu … chủ yếu") that makes the items indicators was lost."""
    doc = nqparser.parse_file(DATA / "lines-padded-with-two-spaces.txt")
    assert [(i.name, i.value, i.group) for i in doc.indicators] == [
        ("Tốc độ tăng giá trị sản xuất", 8.5, "Các chỉ tiêu kinh tế chủ yếu năm 2025"),
        ("Thu nhập bình quân đầu người", 65_000_000, "Các chỉ tiêu kinh tế chủ yếu năm 2025"),
        ("Tỷ lệ hộ nghèo", 2, "Các chỉ tiêu kinh tế chủ yếu năm 2025"),
    ]


def test_hard_wrapped_list_members_stay_one_paragraph() -> None:
    """phutho-18-2019 (portal text hard-wrapped at ~80 columns): a line ending a list member (";")
    or a label's colon, followed by a lower-case member or the figure, began a paragraph of its
    own, so the members lost the "Các chỉ tiêu chủ yếu" lead and came out as prose targets."""
    doc = nqparser.parse_file(DATA / "hard-wrapped-list-members.txt")
    found = [(i.name, i.value, i.unit) for i in doc.indicators]
    assert found == [
        ("tốc độ tăng trưởng kinh tế", 7.5, "%"),
        ("tổng sản phẩm bình quân đầu người", 52_000_000, "VND"),
        ("tổng vốn đầu tư toàn xã hội", 31_000_000_000_000, "VND"),
        ("tỷ lệ xã có đường giao thông nông thôn được cứng hóa", 85, "%"),
        ("tỷ lệ lao động qua đào tạo", 72, "%"),
        ("tỷ lệ dân số nông thôn được dùng nước hợp vệ sinh", 98, "%"),
        ("số bác sĩ trên một vạn dân", 11, "bác sĩ"),
    ]
    assert doc.targets == []
    assert {i.lines[0] for i in doc.indicators} == {10}


def test_table_cell_quyet_dinh_does_not_open_the_body() -> None:
    """dongnai-kh-179 re-saved one table cell per line (as docx-to-text converters write tables):
    the task table's "Sản phẩm" cell "Quyết định" matched the enacting formula, the body opened
    after it and every section above it was lost."""
    doc = nqparser.parse_file(DATA / "table-cells-one-per-line-formula-word.txt")
    assert [(a.kind, a.label) for a in doc.articles] == [("section", "I"), ("section", "II"), ("section", "III")]
    assert [(t.name, t.value) for t in doc.targets] == [
        ("Tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến", 80),
        ("Tỷ lệ dân số trưởng thành có chữ ký số cá nhân", 40),
    ]
    assert doc.metadata.doc_type == "Kế hoạch"


def test_double_spaced_text_joins_wrapped_lines() -> None:
    """Dev-set resolutions re-saved double-spaced (a blank line after every line, wrapped lines of
    one paragraph included): each blank line ended a paragraph, so wrapped clauses lost their
    second half to loose paragraphs and the closing formula lost its date."""
    doc = nqparser.parse_file(DATA / "double-spaced-wrapped-lines.txt")
    single = nqparser.parse_text((DATA / "double-spaced-wrapped-lines.txt").read_text(encoding="utf-8")
                                 .replace("\n\n", "\n"))
    assert doc.metadata.adopted_date == "2026-07-10"
    assert doc.metadata.legal_bases == single.metadata.legal_bases
    assert len(doc.metadata.legal_bases) == 1 and doc.metadata.legal_bases[0].endswith("ngày 25 tháng 6 năm 2015")
    shape = [[(c.kind, c.label, c.text) for c in a.children] for a in doc.articles]
    assert shape == [[(c.kind, c.label, c.text) for c in a.children] for a in single.articles]
    assert [len(a.children) for a in doc.articles] == [2, 1, 0]


def test_article_reference_wrapped_to_a_line_start_is_no_article() -> None:
    """vinhlong-21-2025 hard-wrapped at 80 columns: "… theo quy định tại" ⏎ "Điều 75 Nghị định số
    145/2020/NĐ-CP." opened an article 75, and Điều 2 and 3 after it were dropped as out of order."""
    doc = nqparser.parse_file(DATA / "article-reference-at-line-start.txt")
    assert [(a.label, a.title) for a in doc.articles] == [
        ("1", "Phạm vi điều chỉnh"), ("2", "Mức hỗ trợ"), ("3", "Tổ chức thực hiện")]
    assert doc.articles[0].children[-1].text == "Điều 75 Nghị định số 145/2020/NĐ-CP."
    # the article rule itself reads "Điều 75 Nghị định …" as a reference (REFERENCE_GOES_ON in
    # structure.toml), so the placement has no out-of-sequence label to warn about
    assert doc.warnings == []


def test_an_excerpt_that_skips_articles_keeps_them() -> None:
    """The rule above needs the next article to go on from the last one: an excerpt that jumps
    from Điều 1 to Điều 5 and goes on with Điều 6 keeps Điều 5."""
    doc = nqparser.parse_text("QUYẾT NGHỊ:\nĐiều 1. Phạm vi\nNội dung.\nĐiều 5. Hiệu lực\nNội dung.\n"
                              "Điều 6. Thi hành\nNội dung.\n")
    assert [a.label for a in doc.articles] == ["1", "5", "6"]


def test_html_character_references_in_scraped_text() -> None:
    """Portal text scraped with its HTML character references ("7,0&nbsp;&ndash; 7,5%",
    "KH&amp;CN"): the heading's "chỉ tiêu" and every range were unreadable, no indicator came out."""
    doc = nqparser.parse_file(DATA / "html-character-references.txt")
    found = [(i.name, i.value, i.low, i.high, i.comparator) for i in doc.indicators]
    assert found == [
        ("Tốc độ tăng trưởng kinh tế bình quân", None, 7.0, 7.5, "between"),
        ("Tỷ lệ doanh nghiệp ứng dụng KH&CN", 60, None, None, "="),
        ("Thu nhập bình quân đầu người", 90_000_000, None, None, "="),
        ('Tỷ lệ hộ nghèo (theo chuẩn "đa chiều")', 1, None, None, "<"),
    ]
    assert {i.group for i in doc.indicators} == {"Các chỉ tiêu chủ yếu giai đoạn 2026 - 2030"}


def test_character_references_that_are_not_complete_stay() -> None:
    """Only complete references with their ";" are read: "KH&CN", "Bộ KH&ĐT" stay; one that stands
    for "|" stays written, since in a pipe row it would split a cell; a written "&lt;b&gt;" is text."""
    from nqparser.clean import clean_text

    assert clean_text("Sở KH&CN và Bộ KH&ĐT") == "Sở KH&CN và Bộ KH&ĐT"
    assert clean_text("| a &#124; b |") == "| a &#124; b |"
    assert clean_text("&lt;b&gt; x") == "<b> x"


def test_tab_separated_table_and_header_from_word_plain_text() -> None:
    """A resolution saved by Word as plain text: table cells and the header's two columns are
    parted by tabs. Read as prose, each row named an indicator "1 Tốc độ … %" with no unit, and
    the council line was glued to the national motto (issuer None)."""
    doc = nqparser.parse_file(DATA / "table-tab-separated.txt")
    assert doc.metadata.issuer == "Hội đồng nhân dân tỉnh Mẫu Sơn"
    assert (doc.metadata.number, doc.metadata.date) == ("40/NQ-HĐND", "2025-12-09")
    found = [(i.name, i.value, i.unit, i.comparator, i.group, i.lines) for i in doc.indicators]
    assert found == [
        ("Tốc độ tăng trưởng kinh tế (GRDP)", 8.5, "%", "=", "Các chỉ tiêu kinh tế", [13, 13]),
        ("Thu ngân sách nhà nước trên địa bàn", 12_500_000_000_000, "VND", "=", "Các chỉ tiêu kinh tế", [14, 14]),
        ("Tổng vốn đầu tư toàn xã hội", 31_000_000_000_000, "VND", "=", "Các chỉ tiêu kinh tế", [15, 15]),
        ("Tỷ lệ hộ nghèo", 2, "%", "<", "Các chỉ tiêu xã hội", [18, 18]),
        ("Số bác sĩ trên một vạn dân", 12, "bác sĩ", "=", "Các chỉ tiêu xã hội", [19, 19]),
    ]
    # "Điều 1.⇥Các chỉ tiêu …" and "1.⇥Các chỉ tiêu kinh tế": a label and its text, no table
    assert [(a.label, a.title) for a in doc.articles] == [("1", "Các chỉ tiêu chủ yếu năm 2026"),
                                                          ("2", "Tổ chức thực hiện")]
    assert [c.label for c in doc.articles[0].children] == ["1", "2"]


def test_space_aligned_table_from_pdf_to_text() -> None:
    """An annex table as `pdftotext -layout` writes it (columns parted by runs of spaces): the
    header row was glued to the first row and no row had its unit."""
    doc = nqparser.parse_file(DATA / "table-space-aligned.txt")
    found = [(i.name, i.value, i.low, i.high, i.unit, i.lines) for i in doc.indicators]
    assert found == [
        ("Tốc độ tăng trưởng kinh tế bình quân", None, 8, 8.5, "%/năm", [5, 5]),
        ("GRDP bình quân đầu người", 150_000_000, None, None, "VND", [6, 6]),
        ("Tỷ lệ đô thị hóa", 45, None, None, "%", [7, 7]),
        ("Tỷ lệ che phủ rừng", 41.5, None, None, "%", [8, 8]),
    ]


def test_aligned_prose_is_no_table() -> None:
    """What the column readers leave alone: a label and its text parted by a tab, a sentence
    with a double space, a two-column line that holds no layout anchor."""
    from nqparser.clean import clean_lines
    from nqparser.model import SourceLine

    texts = ["1.\tTốc độ tăng trưởng kinh tế đạt 8%;", "2.\tTỷ lệ hộ nghèo giảm 1%.",
             "Các chỉ tiêu trên được giao  cho các sở theo dõi.", "Ghi chú:   số liệu   ước tính năm 2025."]
    lines = clean_lines([SourceLine(text=t, number=n) for n, t in enumerate(texts, start=1)])
    assert [line.text for line in lines] == ["1. Tốc độ tăng trưởng kinh tế đạt 8%;", "2. Tỷ lệ hộ nghèo giảm 1%.",
                                             "Các chỉ tiêu trên được giao cho các sở theo dõi.",
                                             "Ghi chú: số liệu ước tính năm 2025."]


def test_per_mille_and_values_held_steady() -> None:
    """Birth and population growth rates are written in per mille ("0,2‰", "10 phần nghìn"): the
    unit was lost. "… duy trì ổn định ở mức 47%" kept the verb phrase in the name. A number-first
    phrase "Duy trì 100% xã …" keeps its verb, as the dev-set gold names it."""
    doc = nqparser.parse_file(DATA / "indicators-per-mille-and-held-steady.txt")
    assert [(i.name, i.value, i.unit, i.comparator, i.direction) for i in doc.indicators] == [
        ("Tỷ suất sinh thô", 0.2, "‰", "=", "decrease"),
        ("Tỷ lệ tăng dân số tự nhiên", 10, "‰", "<", None),
        ("Tỷ lệ che phủ rừng", 47, "%", "=", None),
        ("Tỷ lệ dân số đô thị được cấp nước sạch", 100, "%", "=", None),
        ("Duy trì xã đạt Bộ tiêu chí quốc gia về y tế", 100, "%", "=", None),
    ]


def test_the_parts_of_one_item_in_a_semicolon_list() -> None:
    """"…; tỷ lệ lao động qua đào tạo đạt 75%, trong đó có bằng cấp, chứng chỉ đạt 40%; có 3 bác sĩ
    …": every item after the "trong đó" became a part of the trained-labour rate. Where the
    sentence lists its items with ";" and the "trong đó" follows a comma, the parts end at the next
    one; a "Trong đó" opening a sentence or following the main part's ";" keeps all its ";" parts."""
    doc = nqparser.parse_file(DATA / "indicators-parts-of-one-item-in-a-semicolon-list.txt")
    assert [(i.name, i.parent, i.value) for i in doc.indicators][-3:] == [
        ("tỷ lệ lao động qua đào tạo", None, 75),
        ("có bằng cấp, chứng chỉ", "tỷ lệ lao động qua đào tạo", 40),
        ("bác sĩ/vạn dân", None, 3),
    ]
    assert len(doc.indicators) == 8
    sentence = nqparser.parse_text(
        "Các chỉ tiêu chủ yếu năm 2024 là: tổng giá trị sản xuất đạt 8.962 tỷ đồng. Trong đó, ngành nông"
        " nghiệp 3.621 tỷ đồng; ngành công nghiệp 3.671 tỷ đồng; ngành dịch vụ 1.669 tỷ đồng.")
    assert [(i.name, i.parent) for i in sentence.indicators] == [
        ("tổng giá trị sản xuất", None), ("ngành nông nghiệp", "tổng giá trị sản xuất"),
        ("ngành công nghiệp", "tổng giá trị sản xuất"), ("ngành dịch vụ", "tổng giá trị sản xuất")]
    after_semicolon = nqparser.parse_text(
        "1. Về kinh tế:\n- Tổng giá trị sản xuất đạt: 396,1 tỷ đồng, tăng 0,7 lần so với năm 2015; Trong đó:"
        " Dịch vụ: 225,3 tỷ đồng; Công nghiệp: 101,3 tỷ đồng.\n- Tổng vốn đầu tư đạt: 187,2 tỷ đồng.")
    assert [(i.name, i.parent) for i in after_semicolon.indicators] == [
        ("Tổng giá trị sản xuất", None), ("Dịch vụ", "Tổng giá trị sản xuất"),
        ("Công nghiệp", "Tổng giá trị sản xuất"), ("Tổng vốn đầu tư", None)]


def test_an_excerpt_that_opens_at_a_later_roman_section() -> None:
    """A plan copied from its "II. CÁC CHỈ TIÊU CHỦ YẾU" on: the body waited for a section "I." or
    a clause "1.", so the heading went to the header and its eight items gave no indicator."""
    doc = nqparser.parse_file(DATA / "excerpt-that-opens-at-section-ii.txt")
    assert [(n.kind, n.label, n.title) for n in doc.articles] == [("section", "II", "CÁC CHỈ TIÊU CHỦ YẾU")]
    assert [c.label for c in doc.articles[0].children] == [str(n) for n in range(1, 9)]
    assert [(i.name, i.value, i.comparator) for i in doc.indicators][:3] == [
        ("Tốc độ tăng trưởng kinh tế bình quân giai đoạn 2026 - 2030", 10, ">="),
        ("Tỷ lệ thất nghiệp ở khu vực thành thị", 3, "<"), ("tỷ trọng kinh tế số", 30, ">=")]
    assert {i.group for i in doc.indicators} == {"CÁC CHỈ TIÊU CHỦ YẾU"} and len(doc.indicators) == 11


def test_an_excerpt_that_opens_at_a_later_clause() -> None:
    """A list copied from its "2. Các chỉ tiêu chủ yếu:" on: a clause sequence had to begin at
    "1.", so "2.", "3.", "4." were paragraphs and "4. Chỉ tiêu về môi trường" (no colon) did not
    name the group of its items. And a figure wrapped after its verb ("… đô thị đạt" ⏎ "95%.")
    was a paragraph of its own: the item above had no value."""
    doc = nqparser.parse_file(DATA / "excerpt-that-opens-at-clause-2.txt")
    assert [(n.kind, n.label) for n in doc.articles] == [("clause", "2"), ("clause", "3"), ("clause", "4")]
    assert [(i.name, i.value, i.group) for i in doc.indicators if i.lines[0] >= 4] == [
        ("Tỷ lệ thu gom rác thải sinh hoạt đô thị", 95, "Chỉ tiêu về môi trường"),
        ("Tỷ lệ dân cư nông thôn được sử dụng nước hợp vệ sinh", 98, "Chỉ tiêu về môi trường"),
        ("nước sạch theo quy chuẩn", 60, "Chỉ tiêu về môi trường")]
    assert doc.indicators[7].lines == [4, 6]  # the wrapped item, its figure included
    assert [i.group for i in doc.indicators[:7]] == ["Các chỉ tiêu chủ yếu"] * 4 + ["Các chỉ tiêu về xã hội"] * 3


def test_table_rows_numbered_with_letters_name_their_group() -> None:
    """"A | KINH TẾ", "B | XÃ HỘI": figure-less rows numbered with capital letters head the rows
    below as Roman ones do; their rows were all grouped under the table's title."""
    doc = nqparser.parse_file(DATA / "indicators-table-letter-group-rows.md")
    assert [(i.name, i.group) for i in doc.indicators] == [
        ("Tốc độ tăng trưởng GRDP bình quân", "KINH TẾ"), ("GRDP bình quân đầu người", "KINH TẾ"),
        ("Tỷ lệ hộ nghèo", "XÃ HỘI")]


def test_items_that_open_with_a_time_or_a_change() -> None:
    """"Đến năm 2030 có 100% xã …" kept its time phrase in the name (the comma after it was
    required); "Tăng thêm 5.000 lao động có việc làm mới" gave no entry at all (a figure that
    carries its change was taken for an aside, which only follows another figure)."""
    doc = nqparser.parse_file(DATA / "indicators-item-opens-with-change.txt")
    assert [(i.name, i.value, i.unit, i.direction, i.year) for i in doc.indicators] == [
        ("xã đạt chuẩn nông thôn mới", 100, "%", None, 2030),
        ("lao động có việc làm mới mỗi năm", 5000, "lao động", "increase", 2030),  # the lead-in's year
        ("xã đạt chuẩn nông thôn mới kiểu mẫu", 3, "xã", "increase", 2030),
        ("Số trang trại", 150, "trang trại", None, 2030),  # not the year it is compared with
    ]


def test_page_numbers_and_form_feeds_of_pdf_to_text_output() -> None:
    """Text from `pdftotext` keeps its page furniture: a form feed before each page, the page
    number at the top ("2"), or printed as "- 3 -" / "Trang 3/4". Each was read as text: it cut
    the clause it fell in (and "2" became part of an indicator's name)."""
    doc = nqparser.parse_file(DATA / "page-numbers-from-pdf-to-text.txt")
    clauses = doc.articles[0].children
    assert [(c.label, c.lines, c.page) for c in clauses] == [("1", [7, 11], 1), ("2", [12, 12], 2), ("3", [13, 15], 2)]
    assert clauses[0].text.endswith("chuyển tiếp và các dự án khởi công mới là 4.500 tỷ đồng.")
    assert clauses[2].text.endswith("giao thông, thủy lợi, y tế và giáo dục.")
    assert [c.text for c in doc.articles[1].children] == ["Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết này."]
    assert [(i.value, i.page) for i in doc.indicators] == [(4_500_000_000_000, 1), (95, 2), (40, 2)]


def test_a_row_number_beside_a_form_feed_is_kept_unless_it_is_the_page_number() -> None:
    """A bare number next to a form feed is taken for the page number only when it is that page's
    number; a table's row number there ("14") stays."""
    from nqparser.clean import drop_page_furniture
    from nqparser.sources.text import text_to_source

    lines = text_to_source("Tỷ lệ A\n14\n\f2\nTỷ lệ B\n").lines
    kept, turns = drop_page_furniture(lines)
    assert [(sl.text, sl.page) for sl in kept] == [("Tỷ lệ A", 1), ("14", 1), ("Tỷ lệ B", 2)]
    assert turns == {2}


def test_double_spaced_text_with_a_table_is_still_double_spaced() -> None:
    """Markdown table rows are never parted by a blank line, so their gaps do not count when
    deciding whether a text is double-spaced (hue-36 re-saved double-spaced: its fee table made
    the text read as single-spaced and a wrapped article heading lost its second line)."""
    from nqparser.clean import blank_line_gap
    from nqparser.sources.text import text_to_source

    prose = "\n\n".join(f"Dòng thứ {n} của một đoạn văn bản." for n in range(12))
    table = "\n".join(f"| {n} | Tỷ lệ {n} | {n}% |" for n in range(12))
    assert blank_line_gap(text_to_source(prose + "\n\n" + table + "\n\n" + prose).lines) == 2
    assert blank_line_gap(text_to_source(prose.replace("\n\n", "\n") + "\n" + table).lines) == 1


def test_article_label_with_its_tone_mark_lost_by_ocr() -> None:
    """hanoi-73 with tone marks dropped as OCR drops them: "Điêu 3." was read as text, so its
    clauses went on under Điều 2 (clauses 4 and 5 there, article 3 missing)."""
    doc = nqparser.parse_file(DATA / "article-label-ocr-lost-tone.txt")
    assert [(a.label, a.title, [c.label for c in a.children]) for a in doc.articles] == [
        ("1", "Phạm vi điều chỉnh", [None]), ("2", "Mức hỗ trợ", ["1", "2"]), ("3", "Tổ chức thực hiện", [None])]


def test_place_and_date_written_in_figures() -> None:
    """Portal and converted text write the header's date in figures ("Mẫu Sơn, ngày 10/12/2025"):
    place and date came out None."""
    m = nqparser.parse_file(DATA / "place-date-in-figures.txt").metadata
    assert (m.place, m.date, m.number) == ("Mẫu Sơn", "2025-12-10", "12/2025/NQ-HĐND")


def test_recipients_on_one_line_end_with_the_archive() -> None:
    """A flattened tail writes Nơi nhận on one line: its last piece "- Lưu: VT, KTNS." was read
    as a recipient instead of the archive."""
    doc = nqparser.parse_file(DATA / "recipients-on-one-line-with-archive.txt")
    assert [r.name for r in doc.recipients] == ["Như Điều 2", "Thường trực Tỉnh ủy"]
    assert doc.archive == ["VT", "KTNS"]


def test_signature_block_saved_with_tab_parted_columns() -> None:
    """Word's plain text keeps Nơi nhận beside the signature, the columns parted by tabs; a
    recipient with nothing on its right has no tab, the signer's name no left column. The block
    was read line by line: one recipient, no archive, no signer name."""
    doc = nqparser.parse_file(DATA / "signature-block-tab-parted.txt")
    assert [r.name for r in doc.recipients] == ["Như Điều 2", "Thường trực Tỉnh ủy"]
    assert doc.archive == ["VT"]
    signer = doc.metadata.signer
    assert signer is not None and (signer.title, signer.name) == ("Chủ tịch", "Nguyễn Văn A")
    assert (doc.metadata.issuer, doc.metadata.date) == ("Hội đồng nhân dân tỉnh Mẫu Sơn", "2025-12-09")


def test_page_layout_of_pdftotext_output() -> None:
    """`pdftotext -layout` keeps the header's and the signature's two columns side by side,
    parted by runs of spaces: the issuer was lost, "TM. HỘI ĐỒNG NHÂN DÂN" became a recipient
    and the signer's name was glued to the archive ("VT. Nguyễn Văn A")."""
    doc = nqparser.parse_file(DATA / "layout-from-pdftotext.txt")
    m = doc.metadata
    assert (m.issuer, m.number, m.place, m.date) == ("Hội đồng nhân dân tỉnh Mẫu Sơn", "40/NQ-HĐND", "Mẫu Sơn",
                                                     "2025-12-09")
    assert m.signer is not None and (m.signer.title, m.signer.name) == ("Chủ tịch", "Nguyễn Văn A")
    assert [r.name for r in doc.recipients] == ["Như Điều 2", "Thường trực Tỉnh ủy"]
    assert doc.archive == ["VT"]
    assert [a.label for a in doc.articles] == ["1", "2"]


def test_pdftotext_layout_of_a_resolution_reads_as_its_pdf() -> None:
    """shared/samples/nq_112_2024_thainguyen.pdf through `pdftotext -layout`: the table's cells
    wrap onto lines of their own ("Tốc độ tăng trưởng" ⏎ "GRDP") and the signer's name sits beside
    the eighth recipient. The table gave no indicator, Nơi nhận one recipient and no archive, the
    signer no name; now the text reads as the PDF does."""
    doc = nqparser.parse_file(DATA / "pdftotext-layout-wrapped-table-and-signature.txt")
    table = [(i.name, i.value, i.unit) for i in doc.indicators if i.source == "table"]
    assert table == [("Tốc độ tăng trưởng GRDP", 8.5, "%"), ("GRDP bình quân đầu người", 120_000_000, "VND"),
                     ("Tỷ lệ đô thị hoá", 48, "%"), ("Tỷ lệ hộ nghèo giảm", 0.5, "%")]
    assert len(doc.indicators) == 10 and len(doc.recipients) == 12 and doc.archive == ["VT"]
    assert doc.recipients[-1].name == "TT HĐND, UBND các huyện, thành phố"
    signer = doc.metadata.signer
    assert signer is not None and (signer.title, signer.name) == ("Chủ tịch", "Phạm Hoàng Sơn")


def test_a_bare_number_after_a_page_number_is_a_row_number() -> None:
    """Only a page-break mark's next line may be its page's bare number: after a page number
    ("\\f2" beside the form feed), a bare "3" is the next row's number of a table written one cell
    per line (thuathienhue's table re-saved with form feeds lost every row after a page turn)."""
    doc = nqparser.parse_file(DATA / "page-number-before-a-row-number-of-a-cell-table.txt")
    found = [(i.name, i.value, i.page) for i in doc.indicators]
    assert found == [("Tỷ lệ hộ nghèo", 1.5, 1), ("Bác sỹ/vạn dân", None, 1), ("Giường bệnh/vạn dân", None, 2),
                     ("Tỷ lệ dân số sử dụng nước sạch", 94, 2), ("Tỷ lệ che phủ rừng", 57, 3)]


def test_a_wrapped_cell_of_a_cell_per_line_table_is_one_cell() -> None:
    """In a table written one cell per line with blank lines between the cells, a line right
    below a cell's line is that cell wrapped at the converter's width (thuathienhue's table
    wrapped at 80 columns lost its last two rows)."""
    doc = nqparser.parse_file(DATA / "cell-per-line-table-with-a-wrapped-cell.txt")
    found = [(i.name, i.value, i.unit) for i in doc.indicators]
    assert found == [
        ("Tỷ lệ hộ nghèo", 1.5, "%"),
        ("Tỉ lệ khu công nghiệp đang hoạt động có hệ thống xử lý nước thải tập trung đạt tiêu chuẩn môi trường",
         100, "%"),
        ("Tỉ lệ che phủ rừng ổn định", None, "%"),
    ]
    assert (doc.indicators[2].low, doc.indicators[2].high) == (57, 57.5)
    assert doc.indicators[1].raw.startswith("2 | Tỉ lệ khu công nghiệp") and doc.indicators[1].lines == [15, 20]


def test_pandoc_multiline_table_is_a_table() -> None:
    """pandoc's Markdown and plain writers put a table with wrapped cells between borders, its
    columns marked by the rule under the header and its rows parted by blank lines: read as
    prose, each row was a paragraph ("1 Tốc độ tăng \\% 8,2 trưởng GRDP") and the rules were
    dropped as decoration."""
    doc = nqparser.parse_file(DATA / "pandoc-multiline-table.md")
    table = doc.articles[0].children[0]
    assert table.kind == "paragraph" and table.lines == [6, 16]
    assert [(i.name, i.value, i.unit, i.lines) for i in doc.indicators] == [
        ("Tốc độ tăng trưởng GRDP", 8.2, "%", [9, 10]),  # each row's lines, first to last
        ("Thu nhập bình quân đầu người", 98_000_000, "VND", [12, 13]),
        ("Tỷ lệ che phủ rừng", 57.5, "%", [15, 16]),
    ]
    assert {i.year for i in doc.indicators} == {2026}  # the header "Kế hoạch ⏎ 2026" is one cell


def test_pandoc_simple_table_is_a_table() -> None:
    """pandoc's simple table: a header line, the column rule, one row per line, a blank line."""
    doc = nqparser.parse_file(DATA / "pandoc-simple-table.txt")
    assert [(i.name, i.value, i.unit, i.source) for i in doc.indicators] == [
        ("Tỷ lệ hộ nghèo", 1.2, "%", "table"),
        ("Tỷ lệ dân số tham gia BHYT", 95.5, "%", "table"),
        ("Số bác sỹ trên vạn dân", 13, "bác sỹ", "table"),
    ]


def test_ruled_tables_without_a_header_and_rules_that_are_no_table() -> None:
    """A headerless ruled table opens and closes with its column rule; one dash run, or a column
    rule that no closing rule follows, is left as it was."""
    from nqparser.clean import clean_text
    from nqparser.ruledtables import find_ruled_tables
    from nqparser.sources.text import text_to_source

    rule = "  ---- ------------ -----\n"
    headerless = rule + "  1    Tỷ lệ A      5%\n  2    Tỷ lệ B      7%\n" + rule
    found = find_ruled_tables(text_to_source(headerless).lines, clean_text)
    assert [row.text for row in found[0][1]] == ["| 1 | Tỷ lệ A | 5% |", "| 2 | Tỷ lệ B | 7% |"]
    for text in ("Đoạn một.\n\n-----------\n\nĐoạn hai.\n", "  ---- ------\n  1    Tỷ lệ A\n\nĐoạn hai.\n"):
        assert find_ruled_tables(text_to_source(text).lines, clean_text) == {}


def test_pandoc_escapes_any_ascii_punctuation() -> None:
    """CommonMark lets a backslash escape any ASCII punctuation; pandoc writes "\\%" and "\\$"."""
    from nqparser.clean import clean_text

    assert clean_text("tăng 8,5\\% so với \\$ 2025") == "tăng 8,5% so với $ 2025"
    assert clean_text("| 1 | a \\| b | 8\\% |") == "| 1 | a \\| b | 8% |"


def test_standing_committee_header_on_two_lines() -> None:
    """Every layout prints the Standing Committee's header on two lines, "ỦY BAN THƯỜNG VỤ" ⏎
    "QUỐC HỘI"; the tail alone names the National Assembly, so the issuer was "Quốc hội"."""
    doc = nqparser.parse_file(DATA / "standing-committee-header-on-two-lines.txt")
    m = doc.metadata
    assert (m.issuer, m.number, m.provenance["issuer"]) == ("Ủy ban Thường vụ Quốc hội", "1700/NQ-UBTVQH15", [1, 2])
    assert m.title == "VỀ VIỆC SẮP XẾP CÁC ĐƠN VỊ HÀNH CHÍNH CẤP XÃ CỦA TỈNH MẪU NĂM 2025"


def test_a_capitals_line_joins_an_anchor_only_into_the_same_anchor() -> None:
    """The wrap into an anchor needs a capitals line that anchors nothing above a tail that, read
    with it, is the same kind of anchor: a document type, a council or the motto above "QUỐC HỘI"
    stays a line of its own."""
    from nqparser.clean import clean_lines
    from nqparser.sources.text import text_to_source

    def lines(text: str) -> list[str]:
        return [line.text for line in clean_lines(text_to_source(text).lines)]

    assert lines("ỦY BAN THƯỜNG VỤ\nQUỐC HỘI\n") == ["ỦY BAN THƯỜNG VỤ QUỐC HỘI"]
    assert lines("HỘI ĐỒNG BẦU CỬ\nQUỐC GIA\n") == ["HỘI ĐỒNG BẦU CỬ QUỐC GIA"]
    for text in ("NGHỊ QUYẾT\nQUỐC HỘI\n", "ĐỘC LẬP - TỰ DO - HẠNH PHÚC\nQUỐC HỘI\n", "BAN CHẤP HÀNH\nQUỐC HỘI\n",
                 "HỘI ĐỒNG NHÂN DÂN TỈNH A\nQUỐC HỘI\n"):
        assert len(lines(text)) == 2, text


def test_italic_runs_side_by_side_do_not_open_bold() -> None:
    """Two italic runs side by side ("*Tỉnh Mẫu**, ngày …*") print "**" that neither opens nor
    closes bold (CommonMark's flanking rules); counting it toggled the bold state, and without
    blank lines to reset it every later line joined the one above."""
    doc = nqparser.parse_file(DATA / "italic-runs-side-by-side-without-blank-lines.md")
    first, second = doc.articles
    assert (first.text, [child.text for child in first.children]) == (
        "Phạm vi điều chỉnh", ["Nghị quyết này quy định mức hỗ trợ học phí cho học sinh."])
    assert [(clause.label, clause.lines) for clause in second.children] == [("1", [17, 17]), ("2", [18, 18])]
    assert (doc.metadata.place, doc.metadata.adopted_date, doc.metadata.session) == ("Tỉnh Mẫu", "2025-12-10", 5)


def test_bold_state_follows_the_flanking_rules() -> None:
    """A run closes an open bold only after a non-space, and opens one only before a non-space."""
    from nqparser.clean import _bold_open_after

    assert _bold_open_after("**Điều 2. Tổ chức thực hiện", False)
    assert not _bold_open_after("**Điều 2.** Tổ chức", False)
    assert not _bold_open_after("*Tỉnh Mẫu**, ngày 10 tháng 12 năm 2025*", False)
    assert not _bold_open_after("**5. Sở Y tế:****", False)
    assert _bold_open_after("tiếp theo ** và", True)  # a run between spaces neither opens nor closes
    assert not _bold_open_after("Nghị quyết**", True)


def test_wrapped_markdown_paragraph_goes_on_after_a_colon() -> None:
    """In a hard-wrapped Markdown document, a paragraph's first line ending on a colon ("**2. Sở
    Tài chính:**" ⏎ "**Chủ trì, …") goes on, as a colon inside the line would; the clause lost
    its text to a paragraph of its own."""
    doc = nqparser.parse_file(DATA / "markdown-paragraph-goes-on-after-a-colon.md")
    clauses = doc.articles[0].children
    assert [(clause.label, clause.lines, clause.children) for clause in clauses] == [
        ("1", [3, 5], []), ("2", [7, 10], []), ("3", [12, 15], []), ("4", [17, 19], [])]
    assert clauses[1].text.startswith("Sở Tài chính: Chủ trì, phối hợp với các sở, ngành liên quan")


def test_ocr_mark_before_the_closing_formula() -> None:
    """OCR read the closing clause's "2." as "z„": the formula still gives the adoption date, and,
    as a numbered closing would, stays in the last article with the lines after it."""
    doc = nqparser.parse_file(DATA / "ocr-mark-before-the-closing-formula.txt")
    assert (doc.metadata.adopted_date, doc.metadata.provenance["adopted_date"]) == ("2024-12-10", [16, 16])
    texts = [child.text for child in doc.articles[-1].children[0].children]
    assert texts[0].startswith("z„ Nghị quyết này đã được") and texts[1:] == [
        "STT Chỉ tiêu Đơn vị tính Kế hoạch 2025", "1 Tốc độ tăng trưởng % 8,5"]


def test_text_between_the_closing_formula_and_recipients_is_kept() -> None:
    """An unnumbered closing formula ends the body; what followed it before Nơi nhận (a table, a
    paragraph) was neither signature nor appendix and was dropped without a word. It is kept in
    the appendix; the signature's own lines and marks stay out."""
    doc = nqparser.parse_file(DATA / "text-between-the-closing-formula-and-recipients.txt")
    assert [(node.lines, node.text) for node in doc.appendix] == [
        ([11, 11], "STT Chỉ tiêu Đơn vị Kế hoạch"), ([12, 12], "1 Tốc độ tăng trưởng % 8,5"),
        ([13, 13], "Một đoạn văn lạ ở đây.")]
    assert doc.metadata.adopted_date == "2024-12-10" and doc.metadata.signer is not None
    assert [r.name for r in doc.recipients] == ["UBND tỉnh"]
    signed = nqparser.parse_text("Điều 1. Nội dung.\nNghị quyết này đã được Hội đồng nhân dân tỉnh Mẫu thông qua ngày"
                                 " 10 tháng 12 năm 2024.\nNơi nhận:\n- UBND tỉnh;\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n"
                                 "(Đã ký)\nNguyễn Văn A\n")
    assert signed.appendix == []


def test_ocr_quote_after_a_recipient_dash() -> None:
    """OCR reads a speck beside a list dash as a single quote ("-'TT HĐND, …"); no recipient's name
    starts with one, while a double quote inside a name (a newspaper's) stays."""
    doc = nqparser.parse_file(DATA / "ocr-quote-after-a-recipient-dash.txt")
    assert [(r.name, r.line) for r in doc.recipients] == [
        ("Chính phủ", 4), ("TT HĐND, UBND các huyện, thành phố", 5), ("Sở Tài chính", 6), ('Báo "Nhân dân"', 7)]


def test_standing_committee_is_the_issuer() -> None:
    """A resolution of the council's Standing Committee ("THƯỜNG TRỰC" over "HỘI ĐỒNG NHÂN DÂN"
    over "TỈNH …", its enacting line "THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN TỈNH …"): the "THƯỜNG TRỰC"
    line was skipped as text before the header and the issuer read as the council."""
    doc = nqparser.parse_file(DATA / "standing-committee-issuer.txt")
    assert doc.metadata.issuer == "Thường trực Hội đồng nhân dân tỉnh Quảng Ngãi"
    assert doc.metadata.province == "Quảng Ngãi"
    assert doc.metadata.number == "45/NQ-TTHĐND"
    assert not [w for w in doc.warnings if w.code == "lines_before_header"]
    assert [r.name for r in doc.recipients] == ["Thường trực Tỉnh ủy"]
    one_line = (DATA / "standing-committee-issuer.txt").read_text(encoding="utf-8").replace(
        "THƯỜNG TRỰC\nHỘI ĐỒNG NHÂN DÂN\nTỈNH QUẢNG NGÃI\n", "THƯỜNG TRỰC HĐND TỈNH QUẢNG NGÃI\n")
    assert nqparser.parse_text(one_line).metadata.issuer == "Thường trực Hội đồng nhân dân tỉnh Quảng Ngãi"


def test_recipients_and_signature_flattened_onto_shared_lines() -> None:
    """A two-column page (Nơi nhận left, signature right) copied row by row puts both on each line:
    "Nơi nhận: TM. HỘI ĐỒNG NHÂN DÂN", "- Ủy ban Thường vụ Quốc hội; CHỦ TỊCH", "- Lưu: VT.
    Nguyễn Văn A". The signature words were read as recipients and the name as an archive mark."""
    path = DATA / "recipients-and-signature-flattened-onto-shared-lines.txt"
    doc = nqparser.parse_file(path)
    assert [r.name for r in doc.recipients] == ["Ủy ban Thường vụ Quốc hội", "Chính phủ", "Bộ Tài chính"]
    assert doc.archive == ["VT"]
    signer = doc.metadata.signer
    assert signer is not None
    assert (signer.authority, signer.title, signer.name) == ("TM. Hội đồng nhân dân", "Chủ tịch", "Nguyễn Văn A")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[signer.lines[0] - 1].startswith("Nơi nhận:")  # each part keeps its line's number
    assert lines[signer.lines[-1] - 1].startswith("- Lưu: VT.")


def test_two_markdown_tables_one_blank_line_apart_are_two_tables() -> None:
    """Rows a blank line apart are one table (some converters space every row), but a Markdown
    separator row under a row that follows others opens a second table: its header was read as
    a data row of the first."""
    doc = nqparser.parse_file(DATA / "indicators-two-tables-one-blank-line-apart.md")
    tables = [n for n in doc.articles[0].children if n.table is not None]
    assert [t.table[0][-1] for t in tables] == ["Năm 2025", "Giai đoạn 2026-2030"]
    assert [t.table_lines for t in tables] == [[6, 8, 9], [11, 13]]


def test_layout_table_cells_whose_paragraphs_were_flattened() -> None:
    """A Word layout table converted to pipe rows with each cell's paragraphs run together, each in
    its own emphasis ("**CHỦ TỊCH** *(Đã ký)* **Vũ Xuân Cường**"): the signature cell anchored nothing, the
    table was read as data, and the signer and the recipients were lost. Each emphasised run is
    now a line of the cell."""
    doc = nqparser.parse_file(DATA / "layout-table-cells-with-flattened-paragraphs.md")
    assert doc.metadata.signer is not None
    signer = doc.metadata.signer
    assert (signer.authority, signer.title, signer.name) == ("TM. Hội đồng nhân dân", "Chủ tịch", "Vũ Xuân Cường")
    assert (doc.metadata.issuer, doc.metadata.province) == ("Hội đồng nhân dân tỉnh Lào Cai", "Lào Cai")
    assert [r.name for r in doc.recipients] == ["UBTVQH, Chính phủ", "VPQH, VPCTN, VPCP"]
    assert doc.archive == ["VT"] and doc.appendix == []
    assert (doc.metadata.number, doc.metadata.place, doc.metadata.date) == ("30/NQ-HĐND", "Lào Cai", "2024-12-06")


def test_group_bullet_nested_under_the_item_above_groups_the_items_after_it() -> None:
    """"* Về văn hóa - xã hội:" between items 2 and 3 of a "1." list: the tree nests the bulleted
    line under item 2; it is the group of items 3 and 4 (they kept "Về kinh tế")."""
    doc = nqparser.parse_file(DATA / "indicators-excerpt-list-under-its-title-with-group-bullets.txt")
    assert [r.group for r in doc.indicators] == ["Về kinh tế", "Về kinh tế", "Về văn hóa - xã hội",
                                                 "Về văn hóa - xã hội"]


def test_table_section_row_merged_across_the_table_groups_the_rows_below() -> None:
    """"| I. CHỈ TIÊU KINH TẾ | | | |": a merged section row whose text sits in the STT cell."""
    doc = nqparser.parse_file(DATA / "indicators-table-bullets-in-name-cells-and-merged-group-rows.md")
    assert [r.group for r in doc.indicators] == ["CHỈ TIÊU KINH TẾ"] * 4 + ["CHỈ TIÊU XÃ HỘI"]


def test_section_rows_of_space_and_tab_tables_group_their_rows() -> None:
    """Two-cell section rows ("I ␣␣ CHỈ TIÊU KINH TẾ", "II⇥Chỉ tiêu xã hội⇥⇥") inside tables read
    as columns of text: they group the rows below instead of ending the table."""
    spaced = nqparser.parse_file(DATA / "indicators-space-table-section-rows-and-sub-rows.txt")
    assert [r.group for r in spaced.indicators] == ["CHỈ TIÊU KINH TẾ"] * 3 + ["CHỈ TIÊU XÃ HỘI"] * 2
    tabbed = nqparser.parse_file(DATA / "indicators-tab-table-section-rows-with-trailing-tabs.txt")
    assert [r.group for r in tabbed.indicators] == ["Chỉ tiêu kinh tế", "Chỉ tiêu xã hội", "Chỉ tiêu xã hội"]


def test_space_table_header_wrapped_over_lines_is_one_header() -> None:
    doc = nqparser.parse_file(DATA / "indicators-space-table-header-wrapped-over-lines.txt")
    table = next(n for n in doc.articles if n.table is not None)
    assert table.table[0] == ["STT", "Chỉ tiêu", "Đơn vị tính", "Ước thực hiện năm 2025", "Kế hoạch năm 2026",
                              "So sánh KH/ƯTH (%)"]
    assert [r.extra["values"][0]["year"] for r in doc.indicators] == [2025, 2025, 2025]


def test_html_table_in_markdown_is_a_table() -> None:
    """pandoc -t gfm writes a table with merged cells as HTML: rows cite the lines of their <tr>."""
    doc = nqparser.parse_file(DATA / "indicators-html-table-in-markdown.md")
    table = next(n for n in doc.articles if n.table is not None)
    assert table.table[:2] == [["STT", "Chỉ tiêu", "Đơn vị tính", "Năm 2025", "", "Kế hoạch năm 2026"],
                               ["", "", "", "Kế hoạch", "Ước thực hiện", ""]]
    assert table.table_lines == [5, 12, 18, 26]
    columns = [(v["column"], v["role"], v["year"]) for v in doc.indicators[0].extra["values"]]
    assert columns == [("Năm 2025 Kế hoạch", "plan", 2025), ("Năm 2025 Ước thực hiện", "estimate", 2025),
                       ("Kế hoạch năm 2026", "plan", 2026)]
    assert doc.articles[-1].text == "Nguồn: Báo cáo của Ủy ban nhân dân tỉnh."


def _outline_paths(nodes: list, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], str | None]]:
    """(label path, title) of every article, section, clause and point, as score.py reads them."""
    out = []
    for node in nodes:
        path = prefix
        if node.kind in ("article", "section", "clause", "point"):
            path = (*prefix, f"Điều {node.label}" if node.kind == "article" else node.label)
            out.append((path, node.title))
        out.extend(_outline_paths(node.children, path))
    return out


def test_references_wrapped_to_line_starts_open_nothing() -> None:
    """"… tiêu chí tại" ⏎ "Mục 1 Chương II Nghị định số …" closed Điều 2 (a division), and "… tại khoản
    1 Điều" ⏎ "4. Mức hỗ trợ tối đa …" opened a clause 4 that dropped the real 2 and 3; the clause
    whose line ends on "tại" is run-in text, no heading."""
    doc = nqparser.parse_file(DATA / "outline-references-wrapped-to-line-starts.txt")
    assert _outline_paths(doc.articles) == [
        (("Điều 1",), "Phạm vi điều chỉnh"), (("Điều 2",), "Đối tượng áp dụng"),
        (("Điều 2", "1"), None), (("Điều 2", "2"), None), (("Điều 2", "3"), None),
        (("Điều 3",), "Mức hỗ trợ"), (("Điều 3", "1"), None), (("Điều 3", "2"), None), (("Điều 3", "3"), None),
        (("Điều 4",), "Tổ chức thực hiện")]
    assert doc.articles[2].children[0].text.endswith(
        "khoản 1 Điều 4. Mức hỗ trợ tối đa 50 triệu đồng/doanh nghiệp/năm.")


def test_article_label_alone_above_its_title() -> None:
    """"Điều 1." ⏎ "Phạm vi điều chỉnh" (a PDF text box, a Word line break): one heading, as "1." ⏎
    "Phạm vi điều chỉnh" is for a clause."""
    doc = nqparser.parse_file(DATA / "outline-article-label-alone-above-its-title.txt")
    assert [(a.label, a.title) for a in doc.articles] == [
        ("1", "Phạm vi điều chỉnh"), ("2", "Mức chi"), ("3", "Tổ chức thực hiện")]
    assert [c.label for c in doc.articles[1].children] == ["1", "2"]


def test_article_labels_with_a_dash_and_ocr_slips() -> None:
    """Older acts write "Điều 1- …" and "Điều 2 - Tên"; OCR reads "Điều" as "Điểu" or "ĐIÈU". Missed,
    their clauses became roots or restarted under the article before."""
    dashed = nqparser.parse_file(DATA / "outline-article-labels-with-a-dash.txt")
    assert [(a.label, a.title) for a in dashed.articles] == [("1", None), ("2", "Tổ chức thực hiện"), ("3", None)]
    assert [[c.label for c in a.children] for a in dashed.articles] == [["1", "2"], ["1", "2"], []]
    ocr = nqparser.parse_file(DATA / "outline-ocr-slips-in-the-article-word.txt")
    assert [(a.label, a.title) for a in ocr.articles] == [
        ("1", None), ("2", "Mục tiêu, nhiệm vụ năm 2020"), ("3", "Tổ chức thực hiện")]
    assert [[c.label for c in a.children] for a in ocr.articles] == [[], ["1", "2"], ["1", "2"]]


@pytest.mark.parametrize(("name", "expected"), [
    # "Điều 3. Nghị quyết này đã được … thông qua ngày …" on the article's line (no KHÓA line above)
    ("metadata-closing-formula-inside-the-last-article.md", {"adopted_date": "2024-12-11", "term": 10, "session": 18}),
    # "2. Nghị quyết này có hiệu lực từ ngày 01/01/2025. Nghị quyết này đã được … thông qua ngày …"
    ("metadata-closing-formula-after-the-entry-into-force.txt",
     {"adopted_date": "2024-12-10", "term": 16, "session": 25}),
    # html2text / turndown italics: "_Thanh Hóa, ngày 12 tháng 7 năm 2024_", "_Căn cứ …;_"
    ("metadata-single-underscore-italics.md", {"place": "Thanh Hóa", "date": "2024-07-12", "legal_bases": 3}),
    # "KHÓA XVIII, NHIỆM KỲ 2021 - 2026" ⏎ "KỲ HỌP THỨ MƯỜI BỐN": the session from the closing formula
    ("metadata-session-on-its-own-line.txt", {"term": 18, "session": 14}),
    ("metadata-type-and-title-on-one-line.txt",
     {"doc_type": "Nghị quyết", "title": "Về nhiệm vụ phát triển kinh tế - xã hội năm 2025"}),
    ("metadata-number-spaced-around-its-dash.txt", {"number": "61/NQ-HĐND"}),
    # "Số: 19/NQ-HĐND | Hậu Giang, ngày …" (a table row flattened by html2text)
    ("metadata-place-after-a-cell-seam.md", {"place": "Hậu Giang", "date": "2024-12-05"}),
    ("metadata-motto-and-date-on-one-line.txt", {"place": "An Giang", "date": "2024-12-06"}),
    ("metadata-issuer-with-tp-abbreviation.txt",
     {"issuer": "Hội đồng nhân dân thành phố Hải Phòng", "province": "Hải Phòng"}),
    # a title wrapped onto a body's name, the issuer's line in capitals below it
    ("metadata-title-wrapped-onto-a-body-name.txt", {
        "title": "Về việc miễn nhiệm chức danh Phó Chủ tịch Ủy ban nhân dân tỉnh Gia Lai nhiệm kỳ 2021 - 2026",
        "issuer": "Hội đồng nhân dân tỉnh Gia Lai"}),
    ("metadata-title-wrapped-onto-the-council-name.txt", {
        "title": "Về việc thành lập Đoàn giám sát chuyên đề năm 2024 Hội đồng nhân dân tỉnh Quảng Ngãi",
        "issuer": "Thường trực Hội đồng nhân dân tỉnh Quảng Ngãi"}),
    # a TVPL capitals title wrapped after "CỦA" onto the council it names
    ("metadata-capitals-title-wrapped-after-cua.md", {
        "title": "BÃI BỎ NGHỊ QUYẾT SỐ 25/2016/NQ-HĐND NGÀY 09 THÁNG 12 NĂM 2016 CỦA HỘI ĐỒNG NHÂN DÂN TỈNH NAM ĐỊNH"
                 " VỀ CHÍNH SÁCH HỖ TRỢ PHÁT TRIỂN NÔNG NGHIỆP",
        "issuer": "Hội đồng nhân dân tỉnh Nam Định", "term": 19}),
    # "- Căn cứ …;" under a Kế hoạch's title: bases, not more title
    ("metadata-bulleted-legal-bases.txt", {"legal_bases": 2, "title": (
        "Triển khai thực hiện Nghị quyết số 58/NQ-HĐND ngày 10 tháng 12 năm 2023 của Hội đồng nhân dân tỉnh")}),
    # "Căn cứ A; Căn cứ B; Căn cứ C; Xét Tờ trình …" on one line: three bases and a consideration
    ("metadata-legal-bases-run-into-one-line.txt", {"legal_bases": 3, "considerations": [
        "Xét Tờ trình số 190/TTr-UBND ngày 25 tháng 11 năm 2024 của Ủy ban nhân dân tỉnh"]}),
])
def test_metadata_of_converter_and_layout_shapes(name: str, expected: dict) -> None:
    """Header and closing shapes of converters and short resolutions, each read as printed."""
    meta = nqparser.parse_file(DATA / name).metadata
    got = {k: (len(meta.legal_bases) if k == "legal_bases" else getattr(meta, k)) for k in expected}
    assert got == expected


def test_a_consideration_run_into_a_basis_line_cites_that_line() -> None:
    """The considerations and their lines are parallel lists, whichever line a consideration is on."""
    meta = nqparser.parse_file(DATA / "metadata-legal-bases-run-into-one-line.txt").metadata
    assert len(meta.consideration_lines) == len(meta.considerations) == 1
    assert meta.consideration_lines[0] == meta.legal_basis_lines[-1]


def test_single_underscore_italics_keep_recipients() -> None:
    doc = nqparser.parse_file(DATA / "metadata-single-underscore-italics.md")
    assert [r.name for r in doc.recipients] == ["Ủy ban Thường vụ Quốc hội", "Chính phủ"] and doc.archive == ["VT"]


def test_number_wrapped_to_a_line_start_inside_a_clause() -> None:
    """"… qua địa bàn thôn 4 và Tổ dân phố" ⏎ "5. Công trình cấp IV …" inside clause 2 was a clause 5
    (a jump within 3), and the real 3 and 4 after it were dropped as out of order: a jump whose next
    clause label is the expected number is text."""
    doc = nqparser.parse_file(DATA / "outline-number-wrapped-to-a-line-start-inside-a-clause.txt")
    assert [(c.label, c.title) for c in doc.articles[0].children] == [
        ("1", "Mục tiêu đầu tư"), ("2", "Quy mô đầu tư"), ("3", "Tổng mức đầu tư"), ("4", "Thời gian thực hiện")]
    assert any(p.text.startswith("5. Công trình") for p in doc.articles[0].children[1].children)


@pytest.mark.parametrize(("name", "title", "signer"), [
    ("signature-flattened-onto-one-line.txt", "Chủ tịch", "Vũ Xuân Cường"),  # "TM. HỘI ĐỒNG NHÂN DÂN CHỦ TỊCH Vũ …"
    ("signature-two-authorities-on-one-line.txt", "Phó Chủ tịch", "Giàng Thị Dung"),  # "TM. … KT. CHỦ TỊCH PHÓ …"
    ("signature-kt-title-and-name-on-one-line.txt", "Phó Chủ tịch", "Giàng Thị Dung"),  # "KT. CHỦ TỊCH PHÓ …"
])
def test_signature_block_flattened_onto_one_line(name: str, title: str, signer: str) -> None:
    """A signature block a copy flattened into one line: the title and the name in title case after
    the capitals, and a second authority line run into the first."""
    meta = nqparser.parse_file(DATA / name).metadata
    assert meta.signer is not None and (meta.signer.title, meta.signer.name) == (title, signer)


def test_points_labelled_with_a_slash() -> None:
    """"1/ …" ⏎ "a/ …" (older acts, invitations): the points were read as the clause's text."""
    doc = nqparser.parse_file(DATA / "outline-points-labelled-with-a-slash.txt")
    assert _outline_paths(doc.articles) == [
        (("Điều 1",), "Mức hỗ trợ"), (("Điều 1", "1"), "Hỗ trợ phát triển trồng trọt"),
        (("Điều 1", "1", "a"), None), (("Điều 1", "1", "b"), None),
        (("Điều 1", "2"), "Hỗ trợ phát triển chăn nuôi"), (("Điều 1", "2", "a"), None), (("Điều 1", "2", "b"), None),
        (("Điều 2",), "Tổ chức thực hiện")]


def test_labels_glued_after_sentences() -> None:
    """Flattened copies run labels into the sentence before: "…;b) …; c) …" (points), "1. … 2. … 3. …"
    (only the first glued clause was split) and "… Nghị quyết này.Điều 4. Hiệu lực thi hành"."""
    doc = nqparser.parse_file(DATA / "outline-labels-glued-after-sentences.txt")
    assert _outline_paths(doc.articles) == [
        (("Điều 1",), "Đối tượng áp dụng"), (("Điều 1", "1"), "Hộ gia đình, cá nhân sau đây được hỗ trợ"),
        (("Điều 1", "1", "a"), None), (("Điều 1", "1", "b"), None), (("Điều 1", "1", "c"), None),
        (("Điều 1", "2"), None), (("Điều 2",), "Mức hỗ trợ"),
        (("Điều 2", "1"), None), (("Điều 2", "2"), None), (("Điều 2", "3"), None),
        (("Điều 3",), "Tổ chức thực hiện"), (("Điều 4",), "Hiệu lực thi hành")]
