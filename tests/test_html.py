"""The HTML reader: the same records as the .docx of the same document; Word's windows-1252 pages
with entities; scripts, styles and navigation dropped; tables as the DOCX reader emits them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from nqparser import ParseError, parse_file
from nqparser.sources.docx import read_docx
from nqparser.sources.html import declared_charset, read_html

ROOT = Path(__file__).resolve().parent.parent
HTM = ROOT / "fixtures" / "raw" / "formats" / "htm"
PAIRS = [  # LibreOffice exports (scripts/make_html_fixtures.py) and the DOCX they came from
    (HTM / "ha-noi-15-2024.htm", ROOT / "fixtures/raw/formats/docx/ha-noi-15-2024.docx"),
    (HTM / "thai-nguyen-2025.htm", ROOT / "fixtures/raw/formats/docx/thai-nguyen-2025.docx"),
    (HTM / "thainguyen-112-2024-sample.htm", ROOT / "fixtures/raw/docx/thainguyen-112-2024-sample.docx"),
]
RECORDS = ("warnings", "metadata", "articles", "recipients", "archive", "indicators", "targets", "appendix")


def _records(path: Path) -> dict:
    doc = parse_file(path).to_dict()
    return {k: doc[k] for k in RECORDS}


@pytest.mark.parametrize(("htm", "docx"), PAIRS, ids=[p[0].stem for p in PAIRS])
def test_html_export_gives_the_records_of_its_docx(htm, docx):
    assert _records(htm) == _records(docx)
    a, b = read_docx(docx), read_html(htm)
    assert [(x.text, x.bold) for x in b.lines] == [(x.text, x.bold) for x in a.lines]
    assert b.tables == a.tables  # the same table rows (cells and their lines) as the DOCX reader


def test_html_made_now_by_libreoffice_matches_its_docx(tmp_path):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice not installed")
    docx = ROOT / "fixtures/raw/docx/thainguyen-112-2024-sample.docx"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "htm", "--outdir", str(tmp_path), str(docx)], check=True, capture_output=True, timeout=180)
    htm = tmp_path / "thainguyen-112-2024-sample.htm"
    assert _records(htm) == _records(docx)
    assert parse_file(htm).source["format"] == "html"


WORD_PAGE = """<html xmlns:o="urn:schemas-microsoft-com:office:office">
<head><meta http-equiv=Content-Type content="text/html; charset=windows-1252">
<title>Ngh&#7883; quy&#7871;t</title>
<style>p.MsoNormal {font-family:"Times New Roman"}</style>
<script>document.write("Điều 99. script text");</script>
</head>
<body lang=EN-US>
<nav><a href="/">Trang ch&#7911;</a> | <a href="/vb">V&#259;n b&#7843;n</a></nav>
<div class="breadcrumb">Trang ch&#7911; &gt; Ngh&#7883; quy&#7871;t</div>
<div class=WordSection1>
<table class=MsoNormalTable border=0>
 <tr><td><p class=MsoNormal align=center><b>H&#7896;I &#272;&#7890;NG NH&#194;N D&#194;N<br>
T&#7880;NH B&#7854;C NINH</b></p>
   <p class=MsoNormal align=center>S&#7889;: 12/NQ-H&#272;ND</p></td>
  <td><p class=MsoNormal align=center><b>C&#7896;NG H&#210;A X&#195; H&#7896;I CH&#7910; NGH&#296;A VI&#7878;T NAM<br>
   &#272;&#7897;c l&#7853;p - T&#7921; do - H&#7841;nh ph&uacute;c</b></p>
   <p class=MsoNormal align=center><i>B&#7855;c Ninh, ng&agrave;y 05 th&aacute;ng 12 n&#259;m 2024</i></p></td></tr>
</table>
<p class=MsoNormal align=center><b>NGH&#7882; QUY&#7870;T</b></p>
<p class=MsoNormal align=center><b>V&#7873; k&#7871; ho&#7841;ch ph&aacute;t tri&#7875;n kinh t&#7871;
- x&atilde; h&#7897;i n&#259;m 2025</b></p>
<p class=MsoNormal><b>&#272;i&#7873;u 1.</b> C&aacute;c ch&#7881; ti&ecirc;u ch&#7911; y&#7871;u:</p>
<p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='mso-list:Ignore'>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span><![endif]>T&#7889;c
&#273;&#7897; t&#259;ng tr&#432;&#7903;ng GRDP &#273;&#7841;t 8,5%.</p>
<p class=MsoNormal style='display:none'>hidden text</p>
<p class=MsoNormal><b>&#272;i&#7873;u 2.</b> Ngh&#7883; quy&#7871;t c&oacute;
hi&#7879;u l&#7921;c t&#7915; ng&agrave;y k&yacute;.</p>
</div>
<footer>Li&ecirc;n h&#7879; | B&#7843;n quy&#7873;n</footer>
</body></html>
"""


def test_word_page_in_windows_1252_with_entities(tmp_path):
    path = tmp_path / "nq-12.htm"
    path.write_bytes(WORD_PAGE.replace("Điều 99", "Dieu 99").encode("cp1252"))
    assert declared_charset(path.read_bytes()) == "cp1252"
    source = read_html(path)
    texts = [line.text for line in source.lines]
    assert texts[:4] == ["HỘI ĐỒNG NHÂN DÂN", "TỈNH BẮC NINH", "Số: 12/NQ-HĐND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert "1. Tốc độ tăng trưởng GRDP đạt 8,5%." in texts  # Word's typed list label, &nbsp; folded
    joined = "\n".join(texts)
    for dropped in ("script", "Trang chủ", "hidden text", "Bản quyền", "Normal"):
        assert dropped not in joined
    doc = parse_file(path)
    assert doc.metadata.number == "12/NQ-HĐND" and doc.metadata.date == "2024-12-05"
    assert doc.metadata.doc_type == "Nghị quyết"
    assert [a.label for a in doc.articles if a.kind == "article"] == ["1", "2"]
    assert doc.indicators and doc.indicators[0].value == 8.5


def test_utf8_page_without_declaration_and_a_data_table_with_rowspan(tmp_path):
    page = ("<html><body><p>Điều 1. Chỉ tiêu</p><table border=1>"
            "<tr><th>STT</th><th>Chỉ tiêu</th><th>Đơn vị tính</th><th>Kế hoạch 2025</th></tr>"
            "<tr><td rowspan=2>1</td><td>Tốc độ tăng trưởng GRDP</td><td>%</td><td>8,5</td></tr>"
            "<tr><td>Tỷ lệ hộ nghèo giảm</td><td>%</td><td>0,5</td></tr></table></body></html>")
    path = tmp_path / "t.html"
    path.write_text(page, encoding="utf-8")
    source = read_html(path)
    assert [line.text for line in source.lines][1:] == [
        "| STT | Chỉ tiêu | Đơn vị tính | Kế hoạch 2025 |",
        "| 1 | Tốc độ tăng trưởng GRDP | % | 8,5 |",
        "| 1 | Tỷ lệ hộ nghèo giảm | % | 0,5 |",
    ]
    (table,) = source.tables
    assert [c.line for c in table.rows[2]] == [3, 4, 4, 4]  # the merged cell cites the row it starts in


@pytest.mark.parametrize(("data", "words"), [
    (b"", "empty"), (b"   \n", "empty"), (b"%PDF-1.4 x", "PDF"), (b"PK\x03\x04 x", "DOCX"),
])
def test_bad_html_inputs_raise_a_parse_error_naming_the_file(tmp_path, data, words):
    path = tmp_path / "bad.htm"
    path.write_bytes(data)
    with pytest.raises(ParseError) as info:
        parse_file(path)
    assert words in info.value.reason and info.value.path == str(path)


def test_deep_nesting_is_read_or_refused_never_silently_dropped(tmp_path):
    ok = tmp_path / "nested.htm"
    ok.write_text("<html><body>" + "<div>" * 300 + "Điều 1. Nội dung" + "</div>" * 300 + "</body></html>",
                  encoding="utf-8")
    assert [line.text for line in read_html(ok).lines] == ["Điều 1. Nội dung"]  # past libxml2's 256 levels
    deep = tmp_path / "deep.htm"
    deep.write_text("<html><body>" + "<span>" * 5000 + "Điều 1. x" + "</span>" * 5000 + "</body></html>",
                    encoding="utf-8")
    with pytest.raises(ParseError) as info:
        read_html(deep)
    assert "too deeply" in info.value.reason
