#!/usr/bin/env python3
"""Write the same resolution as .txt, .docx and .pdf into fixtures/raw/formats/{txt,docx,pdf}/.

Why: issue 4 asks that one resolution gives equal metadata, outline, indicators and recipients
whatever its format. The three files are emitted from one small document model, so any difference
in the parse is the readers' doing, not the fixture's:

* the model is built from a text fixture (Markdown marks dropped, lines broken by page breaks
  joined, labels split off) plus a few Decree-30 header/signature overrides the text lacks;
* `.txt` is the model re-emitted as plain lines (it differs from the raw fixture: header added,
  Markdown gone), so the three files are the same document;
* `.docx` is written with python-docx in Decree 30 layout: a borderless two-column header table
  (issuer + Số | motto + place/date), centred bold title, and body paragraphs whose labels come
  from **Word automatic numbering** in numbering.xml: upperRoman "%1." sections, decimal "%1."
  clauses, lowerLetter "%1)" points (each list run its own w:num with a startOverride, as
  "Restart numbering" does in Word), "-"/"+" bullets. Word's lowerLetter has no "đ", so a point
  list containing "đ" keeps literal labels throughout; articles ("Điều 1.") are typed, as in
  real resolutions. Nơi nhận | signature is a borderless two-column table;
* `.pdf` is the DOCX converted by headless LibreOffice (own profile dir).

Outputs are made byte-stable (fixed ZIP timestamps; fixed PDF dates, checksum and a content-derived
/ID via qpdf when it is installed), so re-running the script changes nothing unless the model
changes. The PDFs do depend on the LibreOffice version and fonts (without Times New Roman it sets
DejaVu Serif, so lines wrap elsewhere): after regenerating them on another machine, run
scripts/update_golden.py formats/ and review the diff.
The shared Thái Nguyên sample (fixtures/raw/{docx,pdf}/thainguyen-112-2024-sample.*) gets its text
twin here too: tests/data/thainguyen-112-2024-sample.expected.txt with its data-table lines
written as Markdown pipe rows (cells read from the DOCX).

Run: `.venv/bin/python scripts/make_format_fixtures.py` (needs LibreOffice for the PDFs; tests do not).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "fixtures" / "raw"
OUT = RAW / "formats"
SAMPLE_DOCX = RAW / "docx" / "thainguyen-112-2024-sample.docx"
SAMPLE_TEXT = ROOT / "tests" / "data" / "thainguyen-112-2024-sample.expected.txt"
SAMPLE_NAME = "thainguyen-112-2024-sample"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = f'xmlns:w="{W_NS}"'
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)
FIXED_PDF_DATE = b"D:20240101000000"  # same length as LibreOffice's "D:YYYYMMDDhhmmss"

# Body labels of the raw text, tried in this order. Point labels admit the "c." slip of the seed.
ARTICLE_RE = re.compile(r"^(Điều \d+\.)\s*(.*)$")
SECTION_RE = re.compile(r"^([IVX]+)\.\s+(.*)$")
CLAUSE_RE = re.compile(r"^(\d+)\.\s+(.*)$")
POINT_RE = re.compile(r"^([a-zđ])[.)]\s+(.*)$")
DASH_RE = re.compile(r"^-\s+(.*)$")
PLUS_RE = re.compile(r"^\+\s+(.*)$")
PLACE_DATE_RE = re.compile(r"^[^\d,]{2,40}, ngày \d{1,2} tháng \d{1,2} năm \d{4}$")
TERMINAL_RE = re.compile(r"[.;:!?]$|\./\.$")
WORD_LETTERS = "abcdefghijklmnopqrstuvwxyz"  # Word's lowerLetter sequence (no đ)
ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


# --------------------------------------------------------------------------- the model


@dataclass(slots=True)
class Para:
    """One body paragraph: its label as displayed and how Word should produce it."""

    kind: str  # "text" | "article" | "section" | "clause" | "point" | "dash" | "plus"
    text: str  # the text after the label
    label: str | None = None  # "Điều 1.", "I.", "1.", "a)", "-", "+"
    literal: bool = False  # the label is typed text, not Word numbering
    num_id: int | None = None  # Word list instance for numbered kinds

    @property
    def heading(self) -> bool:
        """A short label line without closing punctuation reads (and is set) as a bold heading."""
        return self.kind in ("article", "section", "clause", "point") and bool(self.text) \
            and not TERMINAL_RE.search(self.text) and len(self.text) <= 220

    def line(self) -> str:
        return f"{self.label} {self.text}".strip() if self.label else self.text


@dataclass(slots=True)
class Model:
    name: str
    issuer: list[str]
    number: str
    place_date: str
    doc_type: str
    title: list[str]
    council: list[str]
    preamble: list[str]
    body: list[Para]
    recipients: list[str]  # the "- …" lines after "Nơi nhận:"
    signature: list[str]  # authority, title, name (blank lines only in the DOCX)
    lists: dict[int, str] = field(default_factory=dict)  # num id -> kind


def _strip_markdown(line: str) -> str:
    line = re.sub(r"^\s{0,3}#{1,6}\s*", "", line)
    line = line.replace("*", "")
    line = re.sub(r"^\s*-\s+(?=\+\s)", "", line)  # "  - + Công nghiệp" -> "+ Công nghiệp"
    return " ".join(line.split())


def _logical_lines(text: str) -> list[str]:
    """Markdown-free lines; from the legal bases on, a line starting lower case that follows one
    without closing punctuation continues it (the seeds break sentences at page breaks)."""
    out: list[str] = []
    joining = False  # title lines stay as written: the title is set on several lines on purpose
    for raw in text.splitlines():
        line = _strip_markdown(raw)
        if not line:
            continue
        joining = joining or line.startswith("Căn cứ")
        if joining and out and line[0].islower() and not POINT_RE.match(line) and not TERMINAL_RE.search(out[-1]):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _classify(line: str) -> Para:
    for kind, rx in (("article", ARTICLE_RE), ("section", SECTION_RE), ("clause", CLAUSE_RE),
                     ("point", POINT_RE)):
        m = rx.match(line)
        if m:
            # Sections and clauses end in ".", points in ")" (Decree 30; the seed's "c." slip is
            # not reproduced, Word could not number it); article labels keep their own ".".
            suffix = {"section": ".", "clause": ".", "point": ")"}.get(kind, "")
            return Para(kind, m.group(2), m.group(1) + suffix)
    m = DASH_RE.match(line)
    if m:
        return Para("dash", m.group(1), "-")
    m = PLUS_RE.match(line)
    if m:
        return Para("plus", m.group(1), "+")
    return Para("text", line)


def build_model(name: str, raw_text: str, *, issuer: list[str] | None = None,
                authority: str | None = None) -> Model:
    """Split a resolution's text into header, title, preamble, body, Nơi nhận and signature.

    `issuer` and `authority` supply what a Markdown seed lost (the left header column, "TM. …").
    """
    lines = _logical_lines(raw_text)
    i = 0
    head: list[str] = []
    while not lines[i].startswith("Số:"):
        head.append(lines[i])
        i += 1
    number = lines[i]
    i += 1
    place_date = ""
    while lines[i] != "NGHỊ QUYẾT":
        if PLACE_DATE_RE.match(lines[i]):
            place_date = lines[i]
        i += 1
    doc_type = lines[i]
    i += 1
    title: list[str] = []
    while not lines[i].startswith("HỘI ĐỒNG NHÂN DÂN"):
        title.append(lines[i])
        i += 1
    council: list[str] = []
    while lines[i].isupper():
        council.append(lines[i])
        i += 1
    preamble: list[str] = []
    while lines[i] != "QUYẾT NGHỊ:":
        preamble.append(lines[i])
        i += 1
    i += 1
    body: list[Para] = []
    while not lines[i].startswith("Nơi nhận"):
        body.append(_classify(lines[i]))
        i += 1
    i += 1
    recipients: list[str] = []
    while i < len(lines) and lines[i].startswith("- "):
        recipients.append(lines[i])
        i += 1
    signature = lines[i:]
    if authority and not signature[0].startswith(("TM.", "KT.")):
        signature.insert(0, authority)
    model = Model(name=name, issuer=issuer or [h for h in head if h not in MOTTO], number=number,
                  place_date=place_date, doc_type=doc_type, title=title, council=council,
                  preamble=preamble, body=body, recipients=recipients, signature=signature)
    _assign_lists(model)
    return model


def _word_label(kind: str, n: int) -> str:
    if kind == "section":
        return f"{ROMANS[n - 1]}."
    if kind == "clause":
        return f"{n}."
    return f"{WORD_LETTERS[n - 1]})"


def _assign_lists(model: Model) -> None:
    """Give each run of sections, clauses or points its own Word list, restarting at 1.

    A run starts at "I."/"1."/"a)" and continues while the labels follow Word's sequence. A point
    run containing "đ" (or any label Word cannot produce) keeps literal labels throughout.
    """
    next_id = 11
    runs: list[list[Para]] = []
    open_runs: dict[str, list[Para]] = {}
    for para in model.body:
        if para.kind == "article":
            open_runs.clear()
            continue
        if para.kind not in ("section", "clause", "point"):
            continue
        first = {"section": "I.", "clause": "1.", "point": "a)"}[para.kind]
        if para.label == first or para.kind not in open_runs:
            open_runs[para.kind] = []
            runs.append(open_runs[para.kind])
            if para.kind == "section":
                open_runs.pop("clause", None)
            if para.kind in ("section", "clause"):
                open_runs.pop("point", None)
        open_runs[para.kind].append(para)
    for run in runs:
        kind = run[0].kind
        word = [_word_label(kind, n) for n in range(1, len(run) + 1)]
        if [p.label for p in run] != word:
            for p in run:
                p.literal = True
            continue
        model.lists[next_id] = kind
        for p in run:
            p.num_id = next_id
        next_id += 1


# --------------------------------------------------------------------------- plain text


def to_text(model: Model) -> str:
    """The plain-text twin: header columns in reading order (left, then right), as typed."""
    blocks = [
        [*model.issuer, model.number],
        [*MOTTO, model.place_date],
        [model.doc_type, *model.title],
        model.council,
        model.preamble,
        ["QUYẾT NGHỊ:"],
        [p.line() for p in model.body],
        ["Nơi nhận:", *model.recipients],
        model.signature,
    ]
    return "\n\n".join("\n".join(b) for b in blocks if b) + "\n"


# --------------------------------------------------------------------------- DOCX


def _xml(text: str) -> Any:
    from docx.oxml import parse_xml

    return parse_xml(text)


def _level(fmt: str, text: str, *, ilvl: int = 0, font: str | None = None) -> str:
    rpr = (f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}"/></w:rPr>' if font else "")
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            '<w:pPr><w:ind w:left="0" w:firstLine="567"/></w:pPr>'
            f"{rpr}</w:lvl>")


ABSTRACTS = {  # abstractNumId -> levels; one abstract per list kind, as the brief of issue 4 says
    1: [_level("upperRoman", "%1.")],
    2: [_level("decimal", "%1.")],
    3: [_level("lowerLetter", "%1)")],
    4: [_level("bullet", "-", font="Times New Roman"),
        _level("bullet", "+", ilvl=1, font="Times New Roman")],
}
ABSTRACT_OF = {"section": 1, "clause": 2, "point": 3}
BULLET_NUM = 10


def _add_numbering(document: Any, model: Model) -> None:
    """abstractNums before the nums (schema order); one num per list run, restarting at 1."""
    numbering = document.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    for aid, levels in ABSTRACTS.items():
        numbering.append(_xml(f'<w:abstractNum {NSDECL} w:abstractNumId="{aid}">'
                              f'<w:multiLevelType w:val="hybridMultilevel"/>{"".join(levels)}</w:abstractNum>'))
    numbering.append(_xml(f'<w:num {NSDECL} w:numId="{BULLET_NUM}"><w:abstractNumId w:val="4"/></w:num>'))
    for nid, kind in model.lists.items():
        numbering.append(_xml(
            f'<w:num {NSDECL} w:numId="{nid}"><w:abstractNumId w:val="{ABSTRACT_OF[kind]}"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))


def _set_num(paragraph: Any, num_id: int, ilvl: int = 0) -> None:
    paragraph._p.get_or_add_pPr().append(
        _xml(f'<w:numPr {NSDECL}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def _layout_table(doc: Any, widths_cm: tuple[float, float]) -> Any:
    """A borderless two-column table with fixed column widths (LibreOffice reads w:gridCol)."""
    from docx.shared import Cm

    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    _borderless(table)
    return table


def _borderless(table: Any) -> None:
    table._tbl.tblPr.append(_xml(
        f'<w:tblBorders {NSDECL}><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/>'
        '<w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders>'))


def _cell(cell: Any, lines: list[tuple[str, dict[str, Any]]], width_cm: float) -> None:
    """Fill a layout cell: one centred paragraph per line, each with its own run format."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    cell.width = Cm(width_cm)
    for k, (text, fmt) in enumerate(lines):
        p = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
        p.alignment = fmt.get("align", WD_ALIGN_PARAGRAPH.CENTER)
        p.paragraph_format.space_after = Pt(0)
        p.paragraph_format.first_line_indent = Cm(0)
        if text:
            run = p.add_run(text)
            run.bold = fmt.get("bold", False)
            run.italic = fmt.get("italic", False)
            run.font.size = Pt(fmt.get("size", 13))


def to_docx(model: Model, path: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), "Times New Roman")
    rfonts.set(qn("w:cs"), "Times New Roman")
    pf = normal.paragraph_format
    pf.space_before, pf.space_after, pf.line_spacing = Pt(0), Pt(6), 1.0
    _add_numbering(doc, model)

    # LibreOffice without Times New Roman sets DejaVu Serif, ~15 % wider: issuer at 12 pt and motto
    # at 11 pt take the room Times takes at 13 pt, so no header line wraps.
    header = _layout_table(doc, (6.0, 10.5))
    left = [(t, {"bold": k == len(model.issuer) - 1, "size": 12}) for k, t in enumerate(model.issuer)]
    _cell(header.cell(0, 0), [*left, ("", {}), (model.number, {})], 6.0)
    _cell(header.cell(0, 1), [(MOTTO[0], {"bold": True, "size": 11}), (MOTTO[1], {"bold": True}),
                              ("", {}), (model.place_date, {"italic": True})], 10.5)

    def centred(lines: list[str], *, space_before: int = 0) -> None:
        """Title blocks: one centred bold paragraph, lines split by soft breaks (as Word users do)."""
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_before = Pt(space_before)
        for k, text in enumerate(lines):
            run = p.add_run(text)
            run.bold = True
            if k < len(lines) - 1:
                run.add_break()

    centred([model.doc_type], space_before=18)
    centred(model.title)
    centred(model.council, space_before=12)
    for text in model.preamble:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        p.paragraph_format.first_line_indent = Cm(1)
        p.add_run(text).italic = True
    centred(["QUYẾT NGHỊ:"], space_before=6)

    for para in model.body:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        p.paragraph_format.first_line_indent = Cm(1)
        bold_all = para.heading or para.kind == "section"
        if para.kind in ("dash", "plus"):
            _set_num(p, BULLET_NUM, 0 if para.kind == "dash" else 1)
        elif para.num_id is not None:
            _set_num(p, para.num_id)
        elif para.label:  # articles and literal lists: the label is typed
            run = p.add_run(para.label + " ")
            run.bold = bold_all or para.kind == "article"
        p.add_run(para.text).bold = bold_all

    doc.add_paragraph().paragraph_format.space_after = Pt(0)
    footer = _layout_table(doc, (7.5, 8.5))
    left_align = {"align": WD_ALIGN_PARAGRAPH.LEFT, "size": 11}
    _cell(footer.cell(0, 0), [("Nơi nhận:", {**left_align, "bold": True, "italic": True, "size": 12}),
                              *[(r, left_align) for r in model.recipients]], 7.5)
    *head, name = model.signature
    _cell(footer.cell(0, 1), [*[(t, {"bold": True, "size": 14}) for t in head], ("", {}), ("", {}),
                              ("", {}), (name, {"bold": True, "size": 14})], 8.5)
    doc.add_paragraph()  # Word always ends the body with a paragraph
    buf = io.BytesIO()
    doc.save(buf)
    _write_stable_zip(buf.getvalue(), path)


def _write_stable_zip(data: bytes, path: Path) -> None:
    """Rewrite the package with fixed timestamps so the file only changes when its content does."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z",
                              body)
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(zi, body)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())


# --------------------------------------------------------------------------- PDF


def to_pdf(docx_files: list[Path], outdir: Path) -> None:
    """Convert with headless LibreOffice (own profile, so a running soffice does not interfere)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("soffice not found: install LibreOffice to (re)generate the PDF fixtures")
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="nqparser-fmt-") as tmp:
        subprocess.run(
            [soffice, f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}", "--headless",
             "--norestore", "--convert-to", "pdf", "--outdir", tmp, *map(str, docx_files)],
            check=True, capture_output=True, timeout=300,
        )
        for docx_file in docx_files:
            produced = Path(tmp) / (docx_file.stem + ".pdf")
            _stabilise_pdf(produced, outdir / produced.name)


def _stabilise_pdf(src: Path, dst: Path) -> None:
    """Fixed creation date, DocChecksum and /ID (same lengths, so offsets hold), then with qpdf a
    content-derived /ID: LibreOffice writes a new date, checksum and random /ID on every run."""
    data = re.sub(rb"D:\d{14}", FIXED_PDF_DATE, src.read_bytes())
    data = re.sub(rb"(/DocChecksum /)[0-9A-F]{32}", rb"\g<1>" + b"0" * 32, data)
    zero_id = b"<" + b"0" * 32 + b">"
    data = re.sub(rb"(/ID\s*\[\s*)<[0-9A-Fa-f]{32}>(\s*)<[0-9A-Fa-f]{32}>",
                  rb"\g<1>" + zero_id + rb"\g<2>" + zero_id, data)
    src.write_bytes(data)
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        shutil.copyfile(src, dst)
        return
    subprocess.run([qpdf, "--deterministic-id", str(src), str(dst)], check=True, capture_output=True)


# --------------------------------------------------------------------------- the documents


def models() -> list[Model]:
    hanoi = build_model("ha-noi-15-2024", (RAW / "ha-noi-15-2024-quy-dinh.txt").read_text("utf-8"))
    thai = build_model("thai-nguyen-2025", (RAW / "thai-nguyen-2025.txt").read_text("utf-8"),
                       issuer=["HỘI ĐỒNG NHÂN DÂN", "TỈNH THÁI NGUYÊN"],
                       authority="TM. HỘI ĐỒNG NHÂN DÂN")
    return [hanoi, thai]


def sample_text() -> str:
    """The sample's text twin: the expected reading order, data-table lines as pipe rows."""
    from docx import Document

    lines = SAMPLE_TEXT.read_text("utf-8").splitlines()
    pipes: dict[str, str] = {}
    for table in Document(str(SAMPLE_DOCX)).tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells]
            pipes[" ".join(cells)] = "| " + " | ".join(cells) + " |"
    return "\n".join(pipes.get(line, line) for line in lines) + "\n"


def main() -> None:
    docx_files: list[Path] = []
    for model in models():
        (OUT / "txt").mkdir(parents=True, exist_ok=True)
        (OUT / "txt" / f"{model.name}.txt").write_text(to_text(model), "utf-8")
        target = OUT / "docx" / f"{model.name}.docx"
        to_docx(model, target)
        docx_files.append(target)
    (OUT / "txt" / f"{SAMPLE_NAME}.txt").write_text(sample_text(), "utf-8")
    to_pdf(docx_files, OUT / "pdf")
    for p in sorted(OUT.rglob("*")):
        if p.is_file():
            print(p.relative_to(ROOT), p.stat().st_size)


if __name__ == "__main__":
    main()
