"""Write the small DOCX fixtures of tests/test_docx.py into tests/data/docx/.

Why generated: each fixture exercises one DOCX mechanism the reader must resolve (Word automatic
numbering in numbering.xml, style-inherited numbering, layout vs data tables, merged cells),
and a script documents exactly what is inside. Run: `.venv/bin/python scripts/make_docx_fixtures.py`.
With LibreOffice on PATH it also writes `legacy.doc` (the layout fixture saved as Word 97).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "docx"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = f'xmlns:w="{W_NS}"'


def _xml(text: str) -> Any:
    from docx.oxml import parse_xml

    return parse_xml(text)


def _level(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{extra}'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>'
    )


def _add_numbering(document: Any, abstracts: dict[int, list[str]], nums: dict[int, str]) -> None:
    """Append abstractNum definitions (before the first num, as the schema wants) and nums."""
    numbering = document.part.numbering_part.element
    first_num = numbering.find(f"{{{W_NS}}}num")
    for aid, levels in abstracts.items():
        el = _xml(f'<w:abstractNum {NSDECL} w:abstractNumId="{aid}">'
                  f'<w:multiLevelType w:val="hybridMultilevel"/>{"".join(levels)}</w:abstractNum>')
        if first_num is not None:
            first_num.addprevious(el)
        else:
            numbering.append(el)
    for nid, body in nums.items():
        numbering.append(_xml(f'<w:num {NSDECL} w:numId="{nid}">{body}</w:num>'))


def _numbered(document: Any, text: str, num_id: int | None, ilvl: int | None = 0,
              style: str | None = None) -> Any:
    para = document.add_paragraph(text, style=style)
    if num_id is not None:
        ilvl_xml = f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
        para._p.get_or_add_pPr().append(
            _xml(f'<w:numPr {NSDECL}>{ilvl_xml}<w:numId w:val="{num_id}"/></w:numPr>'))
    return para


def _borderless(table: Any) -> None:
    tblpr = table._tbl.tblPr
    tblpr.append(_xml(
        f'<w:tblBorders {NSDECL}><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/>'
        '<w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders>'))


def _cell_lines(cell: Any, lines: list[str], *, center: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    cell.paragraphs[0].text = lines[0]
    paras = [cell.paragraphs[0]]
    for line in lines[1:]:
        paras.append(cell.add_paragraph(line))
    if center:
        for p in paras:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER


def make_numbering(path: Path) -> None:
    """Word automatic numbering in every form the reader resolves."""
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE

    doc = Document()
    _add_numbering(
        doc,
        {
            9001: [
                _level(0, "decimal", "%1."),
                _level(1, "lowerLetter", "%2)"),
                _level(2, "bullet", "\uf0b7"),  # a Symbol-font bullet glyph
                _level(3, "bullet", "+"),
            ],
            9002: [
                _level(0, "upperRoman", "%1."),
                _level(1, "decimal", "%2."),
                _level(2, "decimal", "%2.%3."),
                _level(3, "lowerRoman", "%4)"),
            ],
            9003: [_level(0, "decimal", "%1.")],
            9004: [_level(0, "lowerLetter", "%1)")],
        },
        {
            9101: '<w:abstractNumId w:val="9001"/>',
            9102: '<w:abstractNumId w:val="9001"/>'
                  '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride>',
            9103: '<w:abstractNumId w:val="9002"/>',
            9104: '<w:abstractNumId w:val="9003"/>',
            9105: '<w:abstractNumId w:val="9004"/>',
            9106: '<w:abstractNumId w:val="9001"/>',  # same list as 9101: continues its counters
        },
    )
    styles = doc.styles
    clause = styles.add_style("Khoan", WD_STYLE_TYPE.PARAGRAPH)
    clause.base_style = styles["Normal"]
    clause.element.get_or_add_pPr().append(
        _xml(f'<w:numPr {NSDECL}><w:ilvl w:val="0"/><w:numId w:val="9104"/></w:numPr>'))
    bold_clause = styles.add_style("KhoanDam", WD_STYLE_TYPE.PARAGRAPH)
    bold_clause.base_style = clause  # numbering and everything else inherited through basedOn
    bold_clause.font.bold = True
    strong = styles.add_style("Dam", WD_STYLE_TYPE.CHARACTER)
    strong.font.bold = True

    doc.add_paragraph("Điều 1. Danh sách đánh số tự động")
    _numbered(doc, "Mục một", 9101, 0)
    _numbered(doc, "điểm một", 9101, 1)
    _numbered(doc, "điểm hai", 9101, 1)
    _numbered(doc, "gạch đầu dòng", 9101, 2)
    _numbered(doc, "dấu cộng", 9101, 3)
    _numbered(doc, "Mục hai", 9101, 0)
    _numbered(doc, "điểm sau mục hai", 9101, 1)  # restarts at a) after a higher level advanced
    _numbered(doc, "Mục tiếp theo ở danh sách khác cùng mẫu", 9106, 0)
    _numbered(doc, "Mục bắt đầu từ năm", 9102, 0)
    _numbered(doc, "Mục sáu", 9102, 0)
    doc.add_paragraph("")  # empty: skipped, line numbers stay consecutive
    _numbered(doc, "", 9102, 0)  # numbered but empty: counts (Word shows 7.), no line
    _numbered(doc, "Mục tám", 9102, 0)
    _numbered(doc, "Phần một", 9103, 0)
    _numbered(doc, "Khoản một", 9103, 1)
    _numbered(doc, "Tiểu khoản", 9103, 2)
    _numbered(doc, "Tiểu khoản hai", 9103, 2)
    _numbered(doc, "ý nhỏ", 9103, 3)
    _numbered(doc, "Phần hai", 9103, 0)
    _numbered(doc, "Khoản theo kiểu dáng", None, style="Khoan")
    _numbered(doc, "Khoản đậm theo kiểu dáng kế thừa", None, style="KhoanDam")
    _numbered(doc, "Khoản có numPr thiếu ilvl", 9104, None)
    for word in ("một", "hai", "ba", "bốn", "năm", "sáu", "bảy"):
        _numbered(doc, f"điểm {word}", 9105, 0)  # Word's lowerLetter: a … g, no đ

    para = doc.add_paragraph()
    para.add_run("Chữ đậm qua kiểu ký tự", style="Dam")
    para = doc.add_paragraph()
    run = para.add_run("Văn bản ")
    run = para.add_run("ẨN ")
    run.font.hidden = True
    para.add_run("hiện")
    para = doc.add_paragraph()
    run = para.add_run("chữ hoa qua định dạng")
    run.font.all_caps = True
    para = doc.add_paragraph()
    para.add_run("Cột\tthứ hai")
    para.add_run().add_break()
    para.add_run("dòng mềm")
    doc.save(path)


def make_layout(path: Path) -> None:
    """Decree 30 layout: borderless header and signature tables around a bordered data table."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = Document()
    _add_numbering(doc, {9001: [_level(0, "decimal", "%1."), _level(1, "lowerLetter", "%2)")]},
                   {9101: '<w:abstractNumId w:val="9001"/>'})

    header = doc.add_table(rows=1, cols=2)
    _borderless(header)
    _cell_lines(header.cell(0, 0), ["HỘI ĐỒNG NHÂN DÂN", "TỈNH THÁI NGUYÊN", "", "Số: 7/NQ-HĐND"],
                center=True)
    _cell_lines(header.cell(0, 1), ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                    "Độc lập - Tự do - Hạnh phúc", "",
                                    "Thái Nguyên, ngày 10 tháng 12 năm 2024"], center=True)
    for run in header.cell(0, 1).paragraphs[0].runs:
        run.bold = True

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("NGHỊ QUYẾT").bold = True
    title.add_run().add_break()
    title.add_run("Về thử nghiệm bảng").bold = True
    doc.add_paragraph("Điều 1. Nội dung")
    _numbered(doc, "Giao Ủy ban nhân dân tỉnh", 9101, 0)
    _numbered(doc, "Chỉ tiêu:", 9101, 0)
    _numbered(doc, "tăng trưởng", 9101, 1)
    body = doc.add_paragraph("Câu có ngắt dòng")
    body.add_run().add_break()
    body.add_run("mềm ở giữa")

    data = doc.add_table(rows=5, cols=4)
    data.style = doc.styles["Table Grid"]
    rows = [
        ["STT", "Chỉ tiêu", "Kế hoạch 2025", ""],
        ["", "", "Số lượng", "Đơn vị tính"],
        ["1", "Tốc độ tăng trưởng GRDP", "8,5", "%"],
        ["2", "Thu | chi ngân sách", "20.150", "tỷ đồng"],
        ["", "", "", ""],  # an empty row: dropped
    ]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if value:
                data.cell(r, c).text = value
    for cell in data.rows[0].cells:
        for p in cell.paragraphs:
            for run in p.runs:
                run.bold = True
    data.cell(0, 2).merge(data.cell(0, 3))  # gridSpan
    data.cell(0, 0).merge(data.cell(1, 0))  # vMerge
    data.cell(0, 1).merge(data.cell(1, 1))

    doc.add_paragraph("Điều 2. Bảng hai cột có khung")
    boxed = doc.add_table(rows=2, cols=2)
    boxed.style = doc.styles["Table Grid"]
    boxed.cell(0, 0).text = "Tên văn bản"
    boxed.cell(0, 1).text = "Nghị quyết thử"
    boxed.cell(1, 0).text = "Ngày"
    boxed.cell(1, 1).text = "01/01/2025"

    doc.add_paragraph("Nghị quyết này có hiệu lực từ ngày ký./.")
    footer = doc.add_table(rows=1, cols=2)
    _borderless(footer)
    _cell_lines(footer.cell(0, 0), ["Nơi nhận:", "- Ủy ban Thường vụ Quốc hội;", "- Chính phủ;",
                                    "- Lưu: VT."])
    _cell_lines(footer.cell(0, 1), ["TM. HỘI ĐỒNG NHÂN DÂN", "CHỦ TỊCH", "", "Phạm Hoàng Sơn"],
                center=True)
    # Word always ends the body with a paragraph; without it LibreOffice's .doc export merges
    # the last table's cells into paragraphs.
    doc.add_paragraph("")
    doc.save(path)


def make_doc(docx_path: Path, doc_path: Path) -> bool:
    """Save a copy as Word 97 .doc with LibreOffice, for the .doc reader's test."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("soffice not found: legacy.doc not written", file=sys.stderr)
        return False
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "legacy.docx"
        shutil.copyfile(docx_path, src)
        subprocess.run(
            [soffice, f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}", "--headless",
             "--convert-to", "doc:MS Word 97", "--outdir", tmp, str(src)],
            check=True, capture_output=True, timeout=120,
        )
        shutil.copyfile(Path(tmp) / "legacy.doc", doc_path)
    return True


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    make_numbering(OUT / "numbering.docx")
    make_layout(OUT / "layout.docx")
    make_doc(OUT / "layout.docx", OUT / "legacy.doc")
    for p in sorted(OUT.iterdir()):
        print(p.relative_to(ROOT), p.stat().st_size)


if __name__ == "__main__":
    main()
