"""PDF reader: text layer via pypdfium2, bordered tables via pdfplumber, scanned pages via Tesseract.

Why this shape: pdfplumber's own `extract_text()` is ~9 pages/s and interleaves the two-column
header and Nơi nhận/signature blocks line by line. PDFium gives the text in ~1.5 ms a page, in
content-stream order with its own line breaks; we ask it only for the boxes of each word's first
and last character and rebuild the layout ourselves (the whole reader runs ~10x faster than
`extract_text()`; `bench/bench_pdf.py` measures both):

1. words → *segments* (one pdfium text run, or one Tesseract line) → *lines*: segments whose
   baselines agree are one physical line, words sorted by x (a word keeps its characters in
   stream order, so NFD combining marks stay on their base letter);
2. running headers/footers and page numbers are dropped (see `_drop_running_lines`);
3. two-column blocks are found by their gutter (an x-range no word crosses over consecutive lines
   with text on both sides) and emitted left column first, then right; a block that runs to the
   bottom of a page continues with the compatible lines at the top of the next page;
4. a paragraph's visual wrap lines are joined into one SourceLine (see `_should_join`: the next
   line starts at the left margin with no label, and the line before ends so near the right
   margin that the next line's first word could not have fitted), so that a PDF and its DOCX give
   the same lines. A centred line that fills the text width and the centred line below it (a long
   title or council line that wrapped) are joined the same way (`_centred_wrap`). A word cut after
   its hyphen ("20-" + "NQ/TW") is rejoined without a space. A paragraph that runs over a page break is
   joined the same way when the last body line of the page fills it and the first line of the
   next page starts at the left margin in the same type size, with no label (`_page_wrap`): the
   text cleaner only rejoins lines that start lower case, and "Luật …" or "2025 và …" do not.
   Lines are *not* joined inside a column block or into a table: those stay physical lines;
5. bordered tables replace their characters with one pipe-table line per row
   (`| 1 | Tốc độ tăng trưởng GRDP | % | 8,5 |`, locator "page P table T row R", T and R from 1
   on that page, written by `piperows.pipe_row`: a "|" inside a cell is "\\|") and a `Table`
   record. Only pages with enough vector paths to draw a grid are examined; their rulings come
   from PDFium and go to pdfplumber's TableFinder (the cell logic of `extract_tables()`), and
   cells are filled with our own words (see `_find_tables`).

`bold` is read from font names ("…-Bold", "…,Bold", ForceBold flag), sampled on each word's first
character; PDFs whose fonts are renamed ("CIDFont+F2", Microsoft Print to PDF) give no bold.

Scanned pages (no characters) are rendered with pdftoppm and read with Tesseract (TSV, so words
keep their boxes and go through the same layout steps, after deskewing).
"""

from __future__ import annotations

import bisect
import ctypes
import gc
import hashlib
import itertools
import math
import operator
import os
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import ParseError, WarningRecord
from ..limits import Limits
from ..lines import starts_item
from ..model import Cell, SourceLine, SourceText, Table
from ..piperows import pipe_row
from . import pdfchars
from .files import check_size, read_limited
from .gaptables import find_gap_tables

DEFAULT_MAX_BYTES = 200 * 1024 * 1024  # a 500-page scanned PDF is ~150 MB; text PDFs are far smaller
DEFAULT_MAX_PAGES = 5000
DEFAULT_MAX_OCR_PAGES = 500  # textless pages sent to Tesseract per document (~1 s each); the rest are reported
BLANK_RENDER_SCALE = 0.5  # 36 dpi greyscale: ~1 ms a page, enough to see a line of 10 pt text
BLANK_LEVEL = 224  # a render with no pixel darker than this is a blank page (not sent to OCR)
EOF_TAIL_BYTES = 65536  # "%%EOF" must appear this close to the end, else we warn of truncation

# --- geometry; "em" is the page's median word height (loose glyph boxes), so thresholds scale with
# the font. Font sizes reported by PDFium are unreliable (text matrices often carry the scale). ---
BASELINE_TOL_EM = 0.45  # segments whose baselines differ by less are one line (superscripts ~0.33 em)
WORD_GAP_EM = 0.18  # a gap wider than this between two segments' words is a space (not a glued "m2")
DIRECTION_SAMPLE_WORDS = 60  # words whose angle votes on the page's text direction
SEGMENT_SPLIT = 0.5  # inside one PDFium run, a word whose centre moves by more than this fraction
# of its height starts a new segment (PDFium may run separately placed lines together with spaces)
GUTTER_MIN_EM = 1.6  # narrowest gutter between two columns; justified word gaps stay under ~0.8 em
GUTTER_ZONE = (0.3, 0.7)  # the gutter's centre lies in this fraction of the page width (a label
# column "1." + tab + text has its gap at ~0.2)
COLUMN_MIN_EM = 5.0  # each column of a block is at least this wide (else it is a label column)
GUTTER_CORE_EM = 0.5  # a next-page line continues a column block if no word comes within this of
# the block's gutter midline (the next page's column widths differ a little)
CONTINUE_TOL_EM = 0.5  # a next-page left-column line may start this far left of the column
RUN_MIN_SIDED_LINES = 2  # a column block needs this many lines with text left and right of the gutter
RUN_MAX_LINES = 400  # stop growing a column block after this many lines (bounds the work per page)

# --- paragraph joining ---
LEFT_MARGIN_TOL_PT = 2.5  # a line "starts at the left margin" within this distance
MARGIN_CLUSTER_TOL_PT = 1.5  # line ends this close count as the same right margin
MARGIN_SHARED_MAX_EM = 3.0  # ... if they lie within this of the rightmost line end
MARGIN_MIN_LINES = 4  # a page needs this many body lines to have its own margins, else the document's
SPACE_EM = 0.3  # width of the space a wrap would have needed before the next line's first word
RIGHT_SLACK_PT = 1.0  # rounding slack on "the next word would not have fitted"
RAGGED_MAX_EM = 8.0  # a line ending further than this from the right margin always ends its paragraph
CENTRE_TOL_EM = 1.0  # two centred lines of one paragraph have their middles this close
SAME_SIZE_TOL = 0.15  # word heights of two lines of one paragraph differ by less than this fraction
LINE_PITCH_MAX_EM = 2.2  # two wrap lines of one paragraph are never further apart than this
# A line that begins a new item even at the left margin: lines.starts_item (the rule
# "item_start" of grammars/structure.toml).

# --- running headers / footers ---
MARGIN_ZONE = 0.1  # fraction of the page height at the top and at the bottom where they live
REPEAT_MIN_PAGES = 3  # repeated-text detection needs at least this many pages ...
REPEAT_FRACTION = 0.6  # ... and the text at the same place on this fraction of them
REPEAT_Y_TOL_PT = 3.0  # "the same place": tops within this distance
# "12", "- 12 -", "Trang 3", "Trang 3/10", "3 / 10", "Page 2 of 9". Possessive `\s*+` before each
# optional part: two `\s*` around an optional dash split a long white-space run every way (quadratic).
PAGE_NUMBER_RE = re.compile(
    r"^(?:(?:trang|page)\s*+)?[-–—]?\s*+\d{1,4}\s*+[-–—]?(?:\s*+(?:/|của|trên|of)\s*\d{1,4})?$", re.I
)

# --- tables ---
TABLE_MIN_PATHS = 4  # a bordered table needs at least this many vector path objects on the page
TABLE_BOX_TOL_PT = 1.0  # a word whose centre lies this close inside a table belongs to the table
EDGE_AXIS_TOL_PT = 0.5  # a ruling segment this close to horizontal/vertical counts as one
EDGE_MIN_PT = 1.0  # shorter segments are glyph-like decorations, not rulings
FORM_MAX_DEPTH = 4  # nested Form XObjects walked for rulings

# --- OCR ---
OCR_DPI = 300  # Tesseract's accuracy on 12-14 pt text drops below ~250 dpi
PDFTOPPM_TIMEOUT_S = 60
TESSERACT_TIMEOUT_S = 180
OCR_LOW_CONFIDENCE = 70.0  # mean word confidence (%) under which a page's OCR text gets a warning
OCR_MAX_WORKERS = 2  # pages read by Tesseract at once (one core each, OMP_THREAD_LIMIT=1)
DESKEW_MIN_WORDS = 4  # lines with fewer (tall) words do not vote on the scan's tilt
DESKEW_MIN_SLOPE = 0.001  # below ~0.06° the tilt moves nothing by more than a point: leave it
OCR_INSTALL_HINT = "install tesseract-ocr-vie and poppler-utils"

BOLD_FONT_RE = re.compile(r"bold|black|heavy|semibold|demi", re.I)
FORCE_BOLD_FLAG = 0x40000  # PDF font descriptor flag ForceBold
# A word is a run of non-space characters; pdfium ends its lines with a generated "\r\n".
# A PDFium line-end hyphen (\x02, see below) ends its word: "NQ\x02" is one token, "HĐND" the next.
BREAK_PATTERN = r"[\r\n]+"
WORD_PATTERN = r"[^\s\x00-\x1f]+\x02?|\x02"
TOKEN_RE = re.compile(f"{BREAK_PATTERN}|{WORD_PATTERN}")
# The same tokens apart: no word holds "\r" or "\n", so the words of TOKEN_RE are those of WORD_RE.
WORD_RE = re.compile(WORD_PATTERN)
BREAK_RE = re.compile(BREAK_PATTERN)
_match_start, _match_end, _match_group = re.Match.start, re.Match.end, re.Match.group
_X0, _BASELINE = operator.attrgetter("x0"), operator.attrgetter("baseline")
INVISIBLE_RE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
# A hyphen PDFium believes ends a hyphenated line ("…số 15/2024/NQ-" + "HĐND ngày…"):
# FPDFText_GetUnicode gives "\x02", get_text_range U+FFFE, and PDFium then leaves out the line
# break, so both lines come as one run. The token ends at the hyphen and a new segment starts
# after it, or the two lines would be merged into one and their words interleaved.
PDFIUM_HYPHEN = "\x02"
PDFIUM_HYPHEN_RANGE = "\ufffe"


@dataclass(slots=True)
class _Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    seg: int  # segment id (a pdfium text run or a Tesseract line): words of one segment are in order
    pos: int  # index within the segment
    bold: bool
    char: int = -1  # pdfium index of the first character (for the baseline query); -1 for OCR words
    end: int = -1  # pdfium index of the last character


@dataclass(slots=True)
class _Segment:
    words: list[_Word]
    baseline: float


@dataclass(slots=True)
class _Line:
    words: list[_Word]
    page: int
    baseline: float
    em: float
    text: str = ""
    x0: float = 0.0
    top: float = 0.0
    x1: float = 0.0
    bottom: float = 0.0
    bold: bool = False

    def finish(self) -> _Line:
        """Compute text, box and boldness from the words (sorted by x), in one pass."""
        ws = self.words
        prev = ws[0]
        parts = [prev.text]
        gap = WORD_GAP_EM * self.em
        x0, top, x1, bottom, bold = prev.x0, prev.top, prev.x1, prev.bottom, prev.bold
        for w in ws[1:]:
            if (w.seg == prev.seg and w.pos == prev.pos + 1) or w.x0 - prev.x1 > gap:
                parts.append(" ")
            parts.append(w.text)
            if w.x0 < x0:
                x0 = w.x0
            if w.top < top:
                top = w.top
            if w.x1 > x1:
                x1 = w.x1
            if w.bottom > bottom:
                bottom = w.bottom
            bold = bold and w.bold
            prev = w
        self.text = "".join(parts)
        self.x0, self.top, self.x1, self.bottom, self.bold = x0, top, x1, bottom, bool(bold)
        return self


@dataclass(slots=True)
class _PageTable:
    top: float
    box: tuple[float, float, float, float]
    rows: list[list[str]]
    row_boxes: list[tuple[float, float, float, float]]


@dataclass(slots=True)
class _Page:
    number: int
    width: float
    height: float
    em: float
    lines: list[_Line]
    tables: list[_PageTable] = field(default_factory=list)


@dataclass(slots=True)
class _Columns:
    """A two-column block: every left-column line is emitted before any right-column line."""

    left: list[_Line]
    right: list[_Line]
    gutter: tuple[float, float]
    page: int


# A block is one of: _Line (body text), _PageTable, _Columns.
_Block = Any


# ----------------------------------------------------------------------------------------------
# entry point


def read_pdf(path: Path, limits: Limits | None = None) -> SourceText:
    """Read a PDF into SourceLines in reading order (see the module docstring for the layout rules).

    Raises ParseError for anything that is not a readable PDF: missing, empty, over `limits.max_bytes`
    or `limits.max_pages`, not a PDF, password-protected, damaged or truncated, or scanned with no OCR.
    """
    path = Path(path)
    limits = Limits.resolve(limits)
    data = _read_bytes(path, limits.max_bytes or DEFAULT_MAX_BYTES)
    return pdf_from_bytes(data, str(path), limits, on_disk=True)


def pdf_from_bytes(data: bytes, name: str, limits: Limits | None = None, *, on_disk: bool = False) -> SourceText:
    """read_pdf on bytes already in memory; `name` names them in errors and in the record.

    `on_disk` says `name` is the file the bytes came from, so OCR renders from it; otherwise
    pdftoppm reads the bytes on its standard input.
    """
    limits = Limits.resolve(limits)
    path = Path(name)
    if not on_disk:
        check_size(data, limits.max_bytes or DEFAULT_MAX_BYTES, name)
        if not data or (len(data) < 1024 and not data.strip()):
            raise ParseError("file is empty", name)
    _check_header(data, path)
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise _open_error(exc, path, data) from exc
    try:
        with _gc_paused():
            return _read_document(doc, data, path, limits.max_pages or DEFAULT_MAX_PAGES, limits.ocr,
                                  limits.max_ocr_pages or DEFAULT_MAX_OCR_PAGES, on_disk=on_disk)
    except ParseError:
        raise
    except Exception as exc:  # a PDF we did not foresee must still give one clear error, not a traceback
        raise ParseError(f"PDF could not be read ({type(exc).__name__}: {exc})", str(path)) from exc
    finally:
        doc.close()


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a document is read: its ~600 words a page are tens of
    thousands of young objects, and the collector walked them (and, at each full pass, every
    older object of the process) for ~5% of the reader's time, to find next to nothing. The
    reader makes no reference cycles of its own (no recursive closures, no ctypes.cast, ctypes
    types kept); what is left is pypdfium2's one text buffer type a page (~3 KB), collected once
    the document is read. The collector's state is put back as it was found."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read_bytes(path: Path, limit: int) -> bytes:
    if not path.exists():
        raise ParseError("file not found", str(path))
    if path.is_dir():
        raise ParseError("is a folder, not a file", str(path))
    data = read_limited(path, limit)
    if not data or (len(data) < 1024 and not data.strip()):  # strip() only on tiny files: no copy
        raise ParseError("file is empty", str(path))
    return data


def _check_header(data: bytes, path: Path) -> None:
    """Refuse non-PDFs before PDFium does, with a reason that says what the file looks like."""
    if b"%PDF-" in data[:1024]:
        return
    if data.startswith(b"PK\x03\x04"):
        reason = "not a PDF: content is a ZIP/DOCX container"
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        reason = "not a PDF: content is a legacy Word/OLE file"
    elif data[:5].lower() in (b"<!doc", b"<html"):
        reason = "not a PDF: content is an HTML page"
    else:
        reason = "not a PDF (no %PDF header)"
    raise ParseError(reason, str(path))


def _open_error(exc: Exception, path: Path, data: bytes) -> ParseError:
    """PDFium's load error code → one sentence."""
    import pypdfium2.raw as raw

    code = getattr(exc, "err_code", None)
    if code in (raw.FPDF_ERR_PASSWORD, raw.FPDF_ERR_SECURITY):
        return ParseError("PDF is password-protected", str(path))
    if b"%%EOF" not in data[-EOF_TAIL_BYTES:]:
        return ParseError("PDF is damaged or truncated: it ends without its %%EOF marker", str(path))
    if code == raw.FPDF_ERR_FORMAT:
        return ParseError("PDF is damaged or truncated: PDFium cannot parse its structure", str(path))
    return ParseError(f"PDF is damaged or truncated: {exc}", str(path))


def _read_document(doc: Any, data: bytes, path: Path, max_pages: int, ocr: bool,
                   max_ocr_pages: int = DEFAULT_MAX_OCR_PAGES, *, on_disk: bool = True) -> SourceText:
    import pypdfium2 as pdfium

    n_pages = len(doc)
    if n_pages == 0:
        raise ParseError("PDF has no pages", str(path))
    if n_pages > max_pages:
        raise ParseError(f"PDF has {n_pages} pages, over the limit of {max_pages}", str(path))
    warnings: list[WarningRecord] = []
    if b"%%EOF" not in data[-EOF_TAIL_BYTES:]:
        warnings.append(WarningRecord("truncated_pdf", "PDF has no end-of-file marker; it may be truncated"))
    read: list[_Page | None] = []
    for index in range(n_pages):
        try:
            read.append(_read_page(doc, index, warnings))
        except pdfium.PdfiumError as exc:
            raise ParseError(f"PDF is damaged or truncated: page {index + 1} cannot be read ({exc})",
                             str(path)) from exc
    textless = [i + 1 for i, page in enumerate(read) if page is None]
    blocked = ("OCR is turned off" if not ocr else _ocr_tools()) if textless else None
    ocr_pages: list[int] = []
    no_text_why = "OCR found no text"
    if textless and blocked is None:
        todo, no_text_why = _ocr_worklist(doc, textless, max_ocr_pages, warnings)
        sizes = {n: _page_size(doc, n - 1) for n in todo}
        workers = max(1, min(OCR_MAX_WORKERS, os.cpu_count() or 1, len(todo)))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            render_from: Path | bytes = path if on_disk else data
            results = list(pool.map(lambda n: _ocr_page(render_from, n, *sizes[n]), todo))
        for n, (page, problem) in zip(todo, results, strict=True):
            read[n - 1] = page
            if page is not None:
                ocr_pages.append(n)
                warnings.append(WarningRecord("ocr_pages", f"page {n} read by OCR"))
            if problem:
                warnings.append(WarningRecord("ocr_failed", f"page {n}: {problem}"))
    elif textless:
        if len(textless) == n_pages:
            if not ocr:
                raise ParseError("PDF has no text layer (scanned) and OCR is turned off", str(path))
            raise ParseError(f"PDF has no text layer (scanned); {blocked} for OCR", str(path))
        warnings.extend(WarningRecord("no_text_layer", f"page {n} has no text layer; {blocked}") for n in textless)
    pages = [page for page in read if page is not None]
    _drop_running_lines(pages)
    lines, out_tables = _assemble(pages)
    if not lines:
        reason = no_text_why if textless else "its pages carry no text"
        raise ParseError(f"PDF has no text: {reason}", str(path))
    return SourceText(lines=lines, format="pdf", path=str(path), sha256=hashlib.sha256(data).hexdigest(),
                      tables=out_tables, warnings=warnings, ocr_pages=ocr_pages, pages=n_pages)


def _ocr_worklist(doc: Any, textless: list[int], limit: int,
                  warnings: list[WarningRecord]) -> tuple[list[int], str]:
    """The textless pages worth sending to Tesseract, and why the document has no text if none is.

    A blank page (no page objects, or a render with nothing dark on it) is skipped: a 5,000-page
    blank PDF took ~70 min of OCR for nothing. At most `limit` pages go to OCR; the others are
    reported by number, so nothing is dropped in silence."""
    blank = [n for n in textless if _is_blank(doc, n - 1)]
    if blank:
        warnings.append(WarningRecord("blank_pages",
                                      f"{len(blank)} blank page(s) not sent to OCR: {_page_list(blank)}"))
    blank_set = set(blank)
    todo = [n for n in textless if n not in blank_set]
    why = "its pages are blank" if not todo else "OCR found no text"
    if len(todo) > limit:
        over = todo[limit:]
        todo = todo[:limit]
        warnings.append(WarningRecord("ocr_page_limit", f"{len(over)} page(s) without a text layer not read: over "
                                      f"the limit of {limit} OCR pages (--max-ocr-pages): {_page_list(over)}"))
        why = f"OCR found no text in the first {limit} pages (--max-ocr-pages)"
    return todo, why


def _page_list(numbers: list[int]) -> str:
    """[1, 2, 3, 7] → '1-3, 7' (a warning stays one short line for thousands of pages)."""
    parts: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(parts[:20]) + (", …" if len(parts) > 20 else "")


_NOT_DARK = bytes(range(BLANK_LEVEL, 256))


def _is_blank(doc: Any, index: int) -> bool:
    """No page objects, or a small greyscale render with no dark pixel: nothing for OCR to read."""
    import pypdfium2.raw as raw

    page = doc[index]
    try:
        if raw.FPDFPage_CountObjects(page.raw) == 0:
            return True
        bitmap = page.render(scale=BLANK_RENDER_SCALE, grayscale=True)
        try:
            data = bytes(bitmap.buffer)
            width, stride = bitmap.width, bitmap.stride
            if stride != width:  # drop the row padding, which holds no pixels
                data = b"".join(data[r * stride:r * stride + width] for r in range(bitmap.height))
        finally:
            bitmap.close()
        return not data.translate(None, _NOT_DARK)
    except Exception:  # a page PDFium cannot render: let OCR try (and report) it
        return False
    finally:
        page.close()


UNREADABLE_SHARE = 0.3  # of a page's visible characters: replacement, control or private-use codes
UNREADABLE_SAMPLE = 20_000  # characters of a page looked at
# Not white space and not readable: U+FFFD, private use, and the C0 controls other than
# \t \n \v \f \r and \x1c-\x1f (white space to Python) and \x02 (PDFium's soft hyphen).
UNREADABLE_RE = re.compile("[\x00\x01\x03-\x08\x0e-\x1b\ue000-\uf8ff\ufffd]")


def _unreadable(text: str) -> bool:
    """A text layer of glyph codes, not letters: Identity-H fonts without ToUnicode come out of
    PDFium as U+FFFD, C0 controls or private-use characters. Counted in C: str.split() parts at
    exactly the characters str.isspace() accepts; most pages have no such code at all."""
    head = text[:UNREADABLE_SAMPLE]
    if UNREADABLE_RE.search(head) is None:
        return False
    visible = sum(map(len, head.split()))
    bad = len(UNREADABLE_RE.findall(head))
    return visible >= 20 and bad > UNREADABLE_SHARE * visible


def _page_size(doc: Any, index: int) -> tuple[float, float]:
    """Displayed (width, height): what pdftoppm renders for OCR, /Rotate applied."""
    page = doc[index]
    try:
        return page.get_size()
    finally:
        page.close()


# ----------------------------------------------------------------------------------------------
# text layer


class _Frame:
    """Maps PDF user space (y up) to reading space: points from the top-left, text running left
    to right.

    `rot` is the direction the page's text runs in user space (0, 90, 180 or 270 degrees), not
    the page's /Rotate: a landscape appendix drawn sideways and turned upright by /Rotate 90 has
    text at 90 degrees, while a portrait page that someone rotated for display still has text at
    0 degrees and reads fine in user space.
    """

    def __init__(self, page: Any, rot: int = 0) -> None:
        left, bottom, right, top = page.get_mediabox()
        self.rot = rot
        self.left, self.bottom, self.right, self.top = left, bottom, right, top
        w, h = right - left, top - bottom
        self.width, self.height = (h, w) if self.rot in (90, 270) else (w, h)
        c_left, c_bottom, c_right, c_top = page.get_cropbox()
        # Text outside the crop box is not shown (a table printed wider than the paper): skip it.
        self.visible = self.box(max(left, c_left), max(bottom, c_bottom), min(right, c_right), min(top, c_top))

    def point(self, x: float, y: float) -> tuple[float, float]:
        rot = self.rot
        if rot == 0:
            return x - self.left, self.top - y
        if rot == 90:
            return y - self.bottom, x - self.left
        if rot == 180:
            return self.right - x, y - self.bottom
        return self.top - y, self.right - x

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        if self.rot == 0:  # the hot path: no corner juggling
            return left - self.left, self.top - top, right - self.left, self.top - bottom
        xa, ya = self.point(left, bottom)
        xb, yb = self.point(right, top)
        return min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb)


def _read_page(doc: Any, index: int, warnings: list[WarningRecord]) -> _Page | None:
    """One page's words → lines, with bordered tables cut out. None when it has no text layer.

    Per word we ask PDFium for two loose character boxes (first and last character) and the text
    object of the first (its font says bold); per segment one character origin (the baseline).
    The word queries go in bulk (see pdfchars), the font name once per text object.
    """
    import pypdfium2.raw as raw

    page = doc[index]
    if raw.FPDFPage_GetAnnotCount(page.raw) > 0:
        # Widgets and stamps show text the page content lacks (a document number and day filled
        # in after signing: "Số: 06 /GM-HĐND"): flattened, their appearance is read like the page.
        if raw.FPDFPage_Flatten(page.raw, raw.FLAT_NORMALDISPLAY) == raw.FLATTEN_SUCCESS:
            page.close()
            page = doc[index]
    textpage = page.get_textpage()
    try:
        tp = textpage.raw
        n = raw.FPDFText_CountChars(tp)
        text = textpage.get_text_range(0, n) if n > 0 else ""
        if len(text) != n:  # characters outside the BMP, or ones pdfium leaves out: one by one
            text = "".join(chr(raw.FPDFText_GetUnicode(tp, i) or 32) for i in range(n))
        if not text.strip():
            return None
        if _unreadable(text):
            warnings.append(WarningRecord("unreadable_text_layer", f"page {index + 1}: text layer is unreadable "
                                          "(fonts without a Unicode map); treated as scanned"))
            return None  # so OCR reads it, rather than 0 articles from glyph codes
        text = text.replace(PDFIUM_HYPHEN_RANGE, PDFIUM_HYPHEN)  # same length: indices hold
        frame = _Frame(page, _text_direction(tp, text))
        layer = _TextLayer(tp, frame)
        segments = layer.segments(text)
        em = _median(layer.heights)
        page_tables: list[_PageTable] = []
        if _has_paths(page):
            page_tables = _find_tables(page, frame, segments, em, index + 1, warnings,
                                       lambda w: _char_xs(tp, frame, w))
        return _build_page(index + 1, frame.width, frame.height, segments, page_tables, em)
    finally:
        textpage.close()
        page.close()


FONT_NAME_BYTES = 256
_FontName = ctypes.c_char * FONT_NAME_BYTES  # one type for every page: a ctypes type is a reference cycle


class _TextLayer:
    """Words of one PDFium text page, cut into segments (see `segments`)."""

    def __init__(self, tp: Any, frame: _Frame) -> None:
        self.tp = tp
        self.frame = frame
        self.origin = (ctypes.c_double(), ctypes.c_double())
        # Font queries share one buffer, as PDFium leaves it and the flags untouched for a
        # character without a text object: such a word takes the weight of the word before.
        self.name_buf = _FontName()
        self.flags = ctypes.c_int()
        self.bold_of: dict[int, bool] = {}  # text object → bold
        self.heights: list[float] = []  # of every word read, for the page's em

    def segments(self, text: str) -> list[_Segment]:
        """Words in stream order → segments: a PDFium line break, a jump of the word centre by
        more than SEGMENT_SPLIT of its height, or a line-end hyphen starts a new one. Words whose
        centre lies outside the crop box are not shown, so not read."""
        matches = list(WORD_RE.finditer(text))
        firsts = list(map(_match_start, matches))
        lasts = [end - 1 for end in map(_match_end, matches)]
        boxes = pdfchars.word_boxes(self.tp, firsts, lasts)
        objects = pdfchars.text_objects(self.tp, firsts)
        breaks = [m.start() for m in BREAK_RE.finditer(text)]
        breaks.append(len(text))  # a sentinel after every word
        hyphens = PDFIUM_HYPHEN in text
        frame = self.frame
        upright = frame.rot == 0  # the common case, inlined: this loop runs once per word
        f_left, f_top = frame.left, frame.top
        to_box = frame.box
        v_x0, v_top, v_x1, v_bottom = frame.visible
        split = SEGMENT_SPLIT
        bold_of = self.bold_of
        heights = self.heights
        segments: list[_Segment] = []
        current: list[_Word] = []
        seg = 0
        next_break, b = breaks[0], 0
        p_mid = p_height = 0.0  # the previous word's centre and height
        bold = False  # before any font query the shared buffer names no font
        last_obj = None
        for i0, i1, word, obj, l0, t0, r0, b0, l1, t1, r1, b1 in zip(
                firsts, lasts, map(_match_group, matches), objects,
                boxes[0::8], boxes[1::8], boxes[2::8], boxes[3::8],
                boxes[4::8], boxes[5::8], boxes[6::8], boxes[7::8], strict=True):
            if i0 > next_break:  # a PDFium line break since the last word
                if current:
                    segments.append(self._segment(current))
                    current = []
                    seg += 1
                while next_break < i0:
                    b += 1
                    next_break = breaks[b]
            left = l1 if l1 < l0 else l0
            bottom = b1 if b1 < b0 else b0
            right = r1 if r1 > r0 else r0
            top = t1 if t1 > t0 else t0
            if upright:
                x0, y0, x1, y1 = left - f_left, f_top - top, right - f_left, f_top - bottom
            else:
                x0, y0, x1, y1 = to_box(left, bottom, right, top)
            cx, cy = (x0 + x1) * 0.5, (y0 + y1) * 0.5
            if not (v_x0 <= cx <= v_x1 and v_top <= cy <= v_bottom):
                continue  # outside the crop box: not shown
            height = y1 - y0
            if current:
                shift = cy - p_mid
                limit = split * (height if height > p_height else p_height)
                if shift > limit or -shift > limit:
                    segments.append(self._segment(current))
                    current = []
                    seg += 1
            p_mid, p_height = cy, height
            heights.append(height)
            # A character without a text object leaves PDFium's font buffer as it was: the weight
            # of the word before. Words of one text object (most neighbours) share its weight.
            if obj is not None and obj != last_obj:
                last_obj = obj
                known = bold_of.get(obj)
                if known is None:
                    known = bold_of[obj] = self._font_bold(i0)
                bold = known
            if hyphens and word[-1] == PDFIUM_HYPHEN:
                current.append(_Word(word[:-1] + "-", x0, y0, x1, y1, seg, len(current), bold, i0, i1))
                segments.append(self._segment(current))  # the hyphenated line ends here; PDFium gave no line break
                current = []
                seg += 1
                continue
            current.append(_Word(word, x0, y0, x1, y1, seg, len(current), bold, i0, i1))
        if current:
            segments.append(self._segment(current))
        return segments

    def _font_bold(self, index: int) -> bool:
        """Bold from the font of character `index`: its name, or the ForceBold flag."""
        import pypdfium2.raw as raw

        raw.FPDFText_GetFontInfo(self.tp, index, self.name_buf, FONT_NAME_BYTES, self.flags)
        name, force = self.name_buf.value, self.flags.value & FORCE_BOLD_FLAG
        return bool(BOLD_FONT_RE.search(name.decode("latin-1"))) or bool(force)

    def _segment(self, words: list[_Word]) -> _Segment:
        """A segment's baseline is its first character's origin (else its lowest box bottom)."""
        import pypdfium2.raw as raw

        ox, oy = self.origin
        if raw.FPDFText_GetCharOrigin(self.tp, words[0].char, ox, oy):
            baseline = self.frame.point(ox.value, oy.value)[1]
        else:
            baseline = max(w.bottom for w in words)
        return _Segment(words, baseline)


def _char_xs(tp: Any, frame: _Frame, w: _Word) -> list[tuple[float, float]]:
    """(x0, x1) of each character of `w`, for the rare word that crosses a cell border."""
    import pypdfium2.raw as raw

    rect = raw.FS_RECTF()
    out = []
    for i in range(w.char, w.end + 1):
        raw.FPDFText_GetLooseCharBox(tp, i, rect)
        bx0, _, bx1, _ = frame.box(rect.left, rect.bottom, rect.right, rect.top)
        out.append((bx0, bx1))
    return out


def _text_direction(tp: Any, text: str) -> int:
    """The dominant direction of the page's text in user space, snapped to 0/90/180/270: the
    words among the page's first DIRECTION_SAMPLE_WORDS tokens (line breaks included) vote."""
    tokens = itertools.islice(TOKEN_RE.finditer(text), DIRECTION_SAMPLE_WORDS)
    starts = [i for i in map(_match_start, tokens) if text[i] not in "\r\n"]
    votes = [0, 0, 0, 0]
    for angle in pdfchars.char_angles(tp, starts):
        if angle >= 0:  # PDFium measures clockwise: text running up the page (+y) is 270
            votes[-round(math.degrees(angle) / 90) % 4] += 1
    return 90 * votes.index(max(votes))


def _has_paths(page: Any) -> bool:
    """Cheap test for a bordered table: enough vector path objects to draw a grid."""
    import pypdfium2.raw as raw

    count = 0
    for i in range(raw.FPDFPage_CountObjects(page.raw)):
        if raw.FPDFPageObj_GetType(raw.FPDFPage_GetObject(page.raw, i)) == raw.FPDF_PAGEOBJ_PATH:
            count += 1
            if count >= TABLE_MIN_PATHS:
                return True
    return False


def _build_page(number: int, width: float, height: float, segments: list[_Segment],
                tables: list[_PageTable], em: float | None = None) -> _Page:
    """Cut table words out, then group segments into lines by baseline. `em` is the segments'
    median height when the caller has it (it holds only while no table takes words away)."""
    if tables:
        boxes = [t.box for t in tables]
        kept: list[_Segment] = []
        for s in segments:
            words = [w for w in s.words if not _in_any_box(w, boxes)]
            if words:
                kept.append(_Segment(words, s.baseline))
        segments = kept
    if tables or em is None:
        em = _median_height(segments)
    return _Page(number, width, height, em, _group_lines(segments, em, number), tables)


def _median_height(segments: list[_Segment]) -> float:
    """The page's "em": median word height, so every threshold scales with the type size."""
    return _median([w.bottom - w.top for s in segments for w in s.words])


def _median(heights: list[float]) -> float:
    """The median of the positive heights (a height > 0 iff bottom > top), else 12 pt."""
    positive = sorted([h for h in heights if h > 0])
    return positive[len(positive) // 2] if positive else 12.0


def _in_any_box(w: _Word, boxes: list[tuple[float, float, float, float]]) -> bool:
    cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
    tol = TABLE_BOX_TOL_PT
    return any(b[0] - tol <= cx <= b[2] + tol and b[1] - tol <= cy <= b[3] + tol for b in boxes)


def _group_lines(segments: list[_Segment], em: float, page: int) -> list[_Line]:
    """Segments whose baselines agree (within BASELINE_TOL_EM) form one physical line."""
    tol = BASELINE_TOL_EM * em
    lines: list[_Line] = []
    group: list[_Segment] = []
    ref = 0.0
    ref_size = 0
    for s in sorted(segments, key=_BASELINE):
        if group and abs(s.baseline - ref) <= tol:
            group.append(s)
            if len(s.words) > ref_size:  # the longest segment sets the line's baseline
                ref, ref_size = s.baseline, len(s.words)
            continue
        if group:
            lines.append(_make_line(group, ref, em, page))
        group, ref, ref_size = [s], s.baseline, len(s.words)
    if group:
        lines.append(_make_line(group, ref, em, page))
    return lines


def _make_line(group: list[_Segment], baseline: float, em: float, page: int) -> _Line:
    # Text drawn twice a little offset ("fake bold") needs no care here: PDFium drops the copy.
    words = sorted(group[0].words if len(group) == 1 else [w for s in group for w in s.words], key=_X0)
    return _Line(words, page, baseline, em).finish()


# ----------------------------------------------------------------------------------------------
# tables


def _box(bbox: tuple[float, ...]) -> tuple[float, float, float, float]:
    """pdfplumber's (x0, top, x1, bottom), typed as the four floats a box is."""
    x0, top, x1, bottom = bbox
    return (x0, top, x1, bottom)


def _path_edges(page: Any, frame: _Frame) -> list[dict[str, Any]]:
    """Horizontal and vertical ruling segments of the page's painted vector paths, as pdfplumber
    edges (x0, x1, top, bottom in displayed points). Form XObjects are walked with their matrix."""
    import pypdfium2.raw as raw

    collector = _EdgeCollector(frame)
    collector.walk([raw.FPDFPage_GetObject(page.raw, i) for i in range(raw.FPDFPage_CountObjects(page.raw))],
                   (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), 0)
    return collector.edges


class _EdgeCollector:
    """Walks page objects for ruling segments. A class, not nested functions: a recursive closure
    is a reference cycle, which would keep each page's edges until the collector ran."""

    def __init__(self, frame: _Frame) -> None:
        import pypdfium2.raw as raw

        self.frame = frame
        self.edges: list[dict[str, Any]] = []
        self.fx, self.fy = ctypes.c_float(), ctypes.c_float()
        self.fill, self.stroke = ctypes.c_int(), ctypes.c_int()
        self.m = raw.FS_MATRIX()

    def add(self, p: tuple[float, float], q: tuple[float, float]) -> None:
        (x0, y0), (x1, y1) = self.frame.point(*p), self.frame.point(*q)
        if abs(y0 - y1) <= EDGE_AXIS_TOL_PT and abs(x1 - x0) >= EDGE_MIN_PT:
            top, (left, right) = (y0 + y1) / 2, sorted((x0, x1))
            self.edges.append({"object_type": "pdfium_edge", "orientation": "h", "x0": left, "x1": right,
                               "top": top, "bottom": top, "width": right - left, "height": 0.0})
        elif abs(x0 - x1) <= EDGE_AXIS_TOL_PT and abs(y1 - y0) >= EDGE_MIN_PT:
            x, (top, bottom) = (x0 + x1) / 2, sorted((y0, y1))
            self.edges.append({"object_type": "pdfium_edge", "orientation": "v", "x0": x, "x1": x,
                               "top": top, "bottom": bottom, "width": 0.0, "height": bottom - top})

    def walk(self, objects: list[Any], parent: tuple[float, ...], depth: int) -> None:
        import pypdfium2.raw as raw

        m, fx, fy, fill, stroke = self.m, self.fx, self.fy, self.fill, self.stroke
        for obj in objects:
            kind = raw.FPDFPageObj_GetType(obj)
            if kind not in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM):
                continue
            raw.FPDFPageObj_GetMatrix(obj, m)
            a, b, c, d, e, f = m.a, m.b, m.c, m.d, m.e, m.f
            pa, pb, pc, pd, pe, pf = parent
            mat = (a * pa + b * pc, a * pb + b * pd, c * pa + d * pc, c * pb + d * pd,
                   e * pa + f * pc + pe, e * pb + f * pd + pf)
            if kind == raw.FPDF_PAGEOBJ_FORM:
                if depth < FORM_MAX_DEPTH:
                    self.walk([raw.FPDFFormObj_GetObject(obj, i) for i in range(raw.FPDFFormObj_CountObjects(obj))],
                              mat, depth + 1)
                continue
            if raw.FPDFPath_GetDrawMode(obj, fill, stroke) and not fill.value and not stroke.value:
                continue  # neither filled nor stroked: draws nothing
            start = cur = None
            for k in range(raw.FPDFPath_CountSegments(obj)):
                seg = raw.FPDFPath_GetPathSegment(obj, k)
                raw.FPDFPathSegment_GetPoint(seg, fx, fy)
                x, y = fx.value, fy.value
                pt = (mat[0] * x + mat[2] * y + mat[4], mat[1] * x + mat[3] * y + mat[5])
                kind_seg = raw.FPDFPathSegment_GetType(seg)
                if kind_seg == raw.FPDF_SEGMENT_MOVETO or cur is None:
                    start = cur = pt
                    continue
                if kind_seg == raw.FPDF_SEGMENT_LINETO:
                    self.add(cur, pt)
                cur = pt
                if raw.FPDFPathSegment_GetClose(seg) and start is not None:
                    self.add(cur, start)
                    cur = start


def _find_tables(page: Any, frame: _Frame, segments: list[_Segment], em: float, number: int,
                 warnings: list[WarningRecord], char_xs: Any) -> list[_PageTable]:
    """Bordered tables: pdfplumber's table finder run on the rulings PDFium gives, cells filled
    with our own words.

    pdfplumber's `extract_tables()` spends ~200 ms a page re-parsing the content stream with
    pdfminer; handing its TableFinder the edges directly keeps its cell logic at ~10 ms a page,
    and the cell text is then normalised exactly like the rest of the page.
    """
    edges = _path_edges(page, frame)
    h = [e for e in edges if e["orientation"] == "h"]
    v = [e for e in edges if e["orientation"] == "v"]
    if len(h) < 2 or len(v) < 2:
        return []
    try:
        from pdfplumber.table import TableFinder

        settings = {"vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                    "explicit_vertical_lines": v, "explicit_horizontal_lines": h}
        # explicit lines only: TableFinder never reads the page, so none is given
        finder = TableFinder(None, settings)  # type: ignore[arg-type]
        found = [(_box(t.bbox), [(_box(r.bbox), list(r.cells)) for r in t.rows]) for t in finder.tables]
    except Exception as exc:  # a grid pdfplumber cannot resolve must not lose the page's text
        warnings.append(WarningRecord("table_detection_failed",
                                      f"page {number}: table detection failed ({type(exc).__name__}); read as text"))
        return []
    words = [w for s in segments for w in s.words]
    out: list[_PageTable] = []
    for box, rows in found:
        inside = [w for w in words if _in_any_box(w, [box])]
        texts: list[list[str]] = []
        boxes: list[tuple[float, float, float, float]] = []
        for row_box, cells in rows:
            row_words = [w for w in inside if row_box[1] <= (w.top + w.bottom) / 2 <= row_box[3]]
            borders = sorted({c[2] for c in cells if c is not None})[:-1]
            row_words = [piece for w in row_words for piece in _split_at(w, borders, char_xs)]
            texts.append([_cell_text(cell, row_words, em, number) for cell in cells])
            boxes.append(row_box)
        pairs = [(t, b) for t, b in zip(texts, boxes, strict=True) if any(t)]
        if len(pairs) < 2 or max(len(t) for t, _ in pairs) < 2:
            continue  # a framed paragraph or a page border, not a data table
        out.append(_PageTable(top=box[1], box=box, rows=[t for t, _ in pairs], row_boxes=[b for _, b in pairs]))
    return out


def _split_at(w: _Word, borders: list[float], char_xs: Any) -> list[_Word]:
    """Split a word that runs across a cell border (text with no space between two cells, or
    overflowing its cell) by where each character's centre falls, as pdfplumber would."""
    cuts = [x for x in borders if w.x0 + TABLE_BOX_TOL_PT < x < w.x1 - TABLE_BOX_TOL_PT]
    if not cuts or w.char < 0 or w.end - w.char + 1 != len(w.text):
        return [w]
    pieces: dict[int, list[tuple[str, float, float]]] = {}
    for ch, (x0, x1) in zip(w.text, char_xs(w), strict=True):
        slot = sum(1 for x in cuts if (x0 + x1) / 2 > x)
        pieces.setdefault(slot, []).append((ch, x0, x1))
    if len(pieces) < 2:
        return [w]
    return [_Word("".join(c for c, _, _ in chars), chars[0][1], w.top, chars[-1][2], w.bottom, w.seg,
                  w.pos, w.bold, -1, -1) for _, chars in sorted(pieces.items())]


def _cell_text(cell: tuple[float, float, float, float] | None, words: list[_Word], em: float,
               page: int) -> str:
    """The words whose centre lies in the cell, as lines in reading order joined by spaces."""
    if cell is None:  # covered by a merged cell
        return ""
    x0, top, x1, bottom = cell
    mine = [w for w in words if x0 <= (w.x0 + w.x1) / 2 <= x1 and top <= (w.top + w.bottom) / 2 <= bottom]
    if not mine:
        return ""
    by_seg: dict[int, list[_Word]] = {}
    for w in mine:
        by_seg.setdefault(w.seg, []).append(w)
    segments = [_Segment(ws, max(w.bottom for w in ws)) for ws in by_seg.values()]
    text = " ".join(line.text for line in _group_lines(segments, em, page))
    return _clean(text)


# ----------------------------------------------------------------------------------------------
# OCR


@cache
def _ocr_tools() -> str | None:
    """None when OCR can run; otherwise why not (one sentence)."""
    if not shutil.which("tesseract") or not shutil.which("pdftoppm"):
        return OCR_INSTALL_HINT
    try:
        langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,
                               timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return OCR_INSTALL_HINT
    if "vie" not in (langs.stdout + langs.stderr).split():
        return "tesseract has no Vietnamese data; install tesseract-ocr-vie"
    return None


def _ocr_page(path: Path | bytes, number: int, width: float, height: float) -> tuple[_Page | None, str | None]:
    """Render one page with pdftoppm and read it with Tesseract (`path` may be the PDF's bytes:
    pdftoppm then reads them on stdin, "-").

    Returns (page, None), (page, caution) when Tesseract was unsure, or (None, problem).
    """
    env = dict(os.environ, OMP_THREAD_LIMIT="1")  # Tesseract's own threads fight our page workers
    try:
        png = subprocess.run(
            ["pdftoppm", "-r", str(OCR_DPI), "-f", str(number), "-l", str(number), "-png",
             "-" if isinstance(path, bytes) else str(path)],
            input=path if isinstance(path, bytes) else None,
            capture_output=True, timeout=PDFTOPPM_TIMEOUT_S, check=False)
        if png.returncode != 0 or not png.stdout:
            return None, "OCR failed (pdftoppm could not render the page)"
        tsv = subprocess.run(["tesseract", "-", "-", "-l", "vie", "tsv"], input=png.stdout,
                             capture_output=True, timeout=TESSERACT_TIMEOUT_S, env=env, check=False)
    except subprocess.TimeoutExpired:
        return None, "OCR timed out"
    except OSError as exc:
        return None, f"OCR failed ({exc.strerror})"
    if tsv.returncode != 0:
        return None, f"OCR failed (tesseract exit status {tsv.returncode})"
    segments, confidence = _parse_tsv(tsv.stdout.decode("utf-8", "replace"))
    if not segments:
        return None, "OCR found no text"
    page = _build_page(number, width, height, segments, [])
    tables = [_PageTable(top=t.box[1], box=t.box, rows=t.rows, row_boxes=t.row_boxes)
              for t in find_gap_tables(page.lines)]
    if tables:  # no drawn rules to find: the tables the word gaps show (sources/gaptables.py)
        page = _build_page(number, width, height, segments, tables)
    if confidence is not None and confidence < OCR_LOW_CONFIDENCE:
        return page, f"read by OCR with low confidence ({confidence:.0f}%); check its text"
    return page, None


def _parse_tsv(tsv: str) -> tuple[list[_Segment], float | None]:
    """Tesseract TSV words (level 5) → segments, one per Tesseract line, in points."""
    scale = 72.0 / OCR_DPI
    by_line: dict[tuple[str, str, str], list[_Word]] = {}
    confs: list[float] = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        try:
            left, top, width, height = (int(c) for c in cols[6:10])
            conf = float(cols[10])
        except ValueError:
            continue
        if conf >= 0:
            confs.append(conf)
        key = (cols[2], cols[3], cols[4])
        words = by_line.setdefault(key, [])
        seg = list(by_line).index(key) if not words else words[0].seg
        words.append(_Word(cols[11].strip(), left * scale, top * scale, (left + width) * scale,
                           (top + height) * scale, seg, len(words), False))
    _deskew([w for words in by_line.values() for w in words], list(by_line.values()))
    segments = []
    for words in by_line.values():
        bottoms = sorted(w.bottom for w in words)
        segments.append(_Segment(words, bottoms[len(bottoms) // 2]))
    return segments, (sum(confs) / len(confs) if confs else None)


def _deskew(words: list[_Word], lines: list[list[_Word]]) -> None:
    """Rotate OCR word boxes so that text lines are level.

    A scan tilted by half a degree moves the left margin by ~6 pt from top to bottom of the page,
    more than the margin and gutter tolerances allow. The tilt is the median slope of the word
    bottoms along Tesseract's lines (words shorter than half the median height, such as "-" or
    ".", sit off the baseline and are ignored).
    """
    heights = sorted(w.bottom - w.top for w in words)
    if not heights:
        return
    tall = heights[len(heights) // 2] / 2
    slopes = []
    for line in lines:
        pts = [((w.x0 + w.x1) / 2, w.bottom) for w in line if w.bottom - w.top >= tall]
        if len(pts) < DESKEW_MIN_WORDS:
            continue
        mx = sum(x for x, _ in pts) / len(pts)
        my = sum(y for _, y in pts) / len(pts)
        var = sum((x - mx) ** 2 for x, _ in pts)
        if var > 0:
            slopes.append(sum((x - mx) * (y - my) for x, y in pts) / var)
    if not slopes:
        return
    slope = sorted(slopes)[len(slopes) // 2]
    if abs(slope) < DESKEW_MIN_SLOPE:
        return
    cos, sin = 1 / (1 + slope * slope) ** 0.5, slope / (1 + slope * slope) ** 0.5
    cx = sum(w.x0 + w.x1 for w in words) / (2 * len(words))
    cy = sum(w.top + w.bottom for w in words) / (2 * len(words))
    for w in words:
        x, y = (w.x0 + w.x1) / 2 - cx, (w.top + w.bottom) / 2 - cy
        nx, ny = cx + x * cos + y * sin, cy - x * sin + y * cos
        hw, hh = (w.x1 - w.x0) / 2, (w.bottom - w.top) / 2
        w.x0, w.x1, w.top, w.bottom = nx - hw, nx + hw, ny - hh, ny + hh


# ----------------------------------------------------------------------------------------------
# running headers / footers


def _drop_running_lines(pages: list[_Page]) -> None:
    """Drop page numbers in the top/bottom margin zones, and text repeated at the same place.

    Repeated text is compared with digits masked ("Trang 3" = "Trang 7") and must sit apart from
    the body (a gap of at least one em to its neighbours), so that identical paragraphs which
    happen to open several pages are kept.
    """
    zone_lines: list[tuple[_Page, _Line]] = []
    for page in pages:
        top_zone, bottom_zone = MARGIN_ZONE * page.height, (1 - MARGIN_ZONE) * page.height
        kept = []
        by_top = _VerticalIndex(page.lines)
        for line in page.lines:
            in_zone = line.bottom <= top_zone or line.top >= bottom_zone
            if in_zone and PAGE_NUMBER_RE.match(line.text.strip()):
                continue
            kept.append(line)
            if in_zone and by_top.isolated(line, page.em):
                zone_lines.append((page, line))
        page.lines = kept
    if len(pages) < REPEAT_MIN_PAGES:
        return
    need = max(REPEAT_MIN_PAGES, REPEAT_FRACTION * len(pages))
    groups: dict[str, list[tuple[_Page, _Line]]] = {}
    for page, line in zone_lines:
        groups.setdefault(re.sub(r"\d+", "#", line.text), []).append((page, line))
    drop: set[int] = set()
    for occ in groups.values():
        if len({p.number for p, _ in occ}) < need:
            continue
        tops = sorted(o[1].top for o in occ)  # counted by bisection: comparing every pair was O(n²)
        best = max(occ, key=lambda o: bisect.bisect_right(tops, o[1].top + REPEAT_Y_TOL_PT)
                   - bisect.bisect_left(tops, o[1].top - REPEAT_Y_TOL_PT))
        members = [o for o in occ if abs(o[1].top - best[1].top) <= REPEAT_Y_TOL_PT]
        if len({p.number for p, _ in members}) >= need:
            drop.update(id(line) for _, line in members)
    if drop:
        for page in pages:
            page.lines = [line for line in page.lines if id(line) not in drop]


def _isolated(line: _Line, lines: list[_Line], em: float) -> bool:
    gaps = [max(other.top - line.bottom, line.top - other.bottom) for other in lines if other is not line]
    return not gaps or min(gaps) >= em


class _VerticalIndex:
    """A page's lines sorted by top, with running maxima of their bottoms, to ask `_isolated` of a
    line in O(log n) (comparing each margin-zone line with every line of the page was quadratic)."""

    def __init__(self, lines: list[_Line]) -> None:
        ordered = sorted(lines, key=lambda ln: ln.top)
        self.tops = [ln.top for ln in ordered]
        # best[k]: the two lowest-reaching lines (largest bottom) among ordered[:k + 1]
        self.best: list[tuple[_Line, _Line | None]] = []
        first: _Line | None = None
        second: _Line | None = None
        for ln in ordered:
            if first is None or ln.bottom > first.bottom:
                first, second = ln, first
            elif second is None or ln.bottom > second.bottom:
                second = ln
            self.best.append((first, second))

    def isolated(self, line: _Line, em: float) -> bool:
        """As `_isolated(line, lines, em)`: another line is within `em` when its top is above
        line.bottom + em and its bottom below line.top - em; the lines of the first condition are
        a prefix of the order, and the prefix's two deepest bottoms settle the second."""
        k = bisect.bisect_left(self.tops, line.bottom + em)
        if k == 0:
            return True
        first, second = self.best[k - 1]
        other = second if first is line else first
        return other is None or other.bottom <= line.top - em


# ----------------------------------------------------------------------------------------------
# columns


def _intervals(line: _Line) -> list[tuple[float, float]]:
    return [(w.x0, w.x1) for w in line.words]


def _merge(a: list[tuple[float, float]], b: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Union of two interval lists, as sorted disjoint intervals."""
    out: list[list[float]] = []
    for x0, x1 in sorted(a + b):
        if out and x0 <= out[-1][1]:
            out[-1][1] = max(out[-1][1], x1)
        else:
            out.append([x0, x1])
    return [(x0, x1) for x0, x1 in out]


def _gaps(union: list[tuple[float, float]], em: float) -> list[tuple[float, float]]:
    return [(a[1], b[0]) for a, b in itertools.pairwise(union) if b[0] - a[1] >= GUTTER_MIN_EM * em]


def _in_zone(gap: tuple[float, float], width: float) -> bool:
    mid = (gap[0] + gap[1]) / 2
    return GUTTER_ZONE[0] * width <= mid <= GUTTER_ZONE[1] * width


def _split(line: _Line, mid: float) -> tuple[_Line | None, _Line | None]:
    left = [w for w in line.words if (w.x0 + w.x1) / 2 < mid]
    right = [w for w in line.words if (w.x0 + w.x1) / 2 >= mid]
    if not left or not right:
        return (line, None) if left else (None, line)
    return (_Line(left, line.page, line.baseline, line.em).finish(),
            _Line(right, line.page, line.baseline, line.em).finish())


def _columns_from(run: list[_Line], gutter: tuple[float, float], page: int) -> _Columns:
    mid = (gutter[0] + gutter[1]) / 2
    cols = _Columns([], [], gutter, page)
    _add_to_columns(cols, run, mid)
    return cols


def _add_to_columns(cols: _Columns, lines: list[_Line], mid: float) -> None:
    for line in lines:
        left, right = _split(line, mid)
        if left is not None:
            cols.left.append(left)
        if right is not None:
            cols.right.append(right)


def _accept_run(run: list[_Line], union: list[tuple[float, float]], em: float,
                width: float) -> tuple[int, _Columns] | None:
    """A run of lines is a two-column block when exactly one gutter separates text on both sides.

    Returns (number of leading lines to emit before the block, block). Two gutters or more mean a
    borderless table: kept as lines. Leading lines that lie wholly above the other column (a date
    line above "Nơi nhận | TM. HỘI ĐỒNG NHÂN DÂN") are emitted before the block.
    """
    gaps = _gaps(union, em)
    if len(gaps) != 1 or not _in_zone(gaps[0], width):
        return None
    mid = (gaps[0][0] + gaps[0][1]) / 2
    lead = 0
    left_lines = [line for line in run if line.x0 < mid]
    right_lines = [line for line in run if line.x1 > mid]
    if not left_lines or not right_lines:
        return None
    left_top, right_top = left_lines[0].top, right_lines[0].top
    for line in run:
        one_left, one_right = line.x1 <= mid, line.x0 >= mid
        if (one_left and line.bottom <= right_top) or (one_right and line.bottom <= left_top):
            lead += 1
        else:
            break
    body = run[lead:]
    left_x0 = [w.x0 for line in body for w in line.words if (w.x0 + w.x1) / 2 < mid]
    right_x1 = [w.x1 for line in body for w in line.words if (w.x0 + w.x1) / 2 >= mid]
    if not left_x0 or not right_x1:
        return None
    if min(gaps[0][0] - min(left_x0), max(right_x1) - gaps[0][1]) < COLUMN_MIN_EM * em:
        return None
    two_sided = sum(1 for line in body if line.x0 < mid < line.x1)
    n_left = sum(1 for line in body if line.x0 < mid)
    n_right = sum(1 for line in body if line.x1 > mid)
    if two_sided >= RUN_MIN_SIDED_LINES or (n_left >= 2 and n_right >= 2):
        return lead, _columns_from(body, gaps[0], run[0].page)
    return None


def _blocks_gutters(line: _Line, em: float, width: float) -> bool:
    """True when no column block can contain `line`: it spans the gutter zone and none of its own
    gaps is wide enough and reaches into the zone (a union of lines only narrows gaps). Most body
    lines are such blockers; testing this first spares the interval merging."""
    lo, hi = GUTTER_ZONE[0] * width, GUTTER_ZONE[1] * width
    if line.x0 > lo or line.x1 < hi:
        return False
    need = GUTTER_MIN_EM * em
    words = line.words
    end = words[0].x1  # of the word before
    for k in range(1, len(words)):
        w = words[k]
        if w.x0 - end >= need and w.x0 > lo and end < hi:
            return False
        end = w.x1
    return True


def _find_columns(lines: list[_Line], em: float, width: float) -> list[_Block]:
    """Greedy: grow a run while the union of its words keeps a gutter; accept it or move on."""
    out: list[_Block] = []
    blocker = [_blocks_gutters(line, em, width) for line in lines]
    i = 0
    while i < len(lines):
        if blocker[i]:
            out.append(lines[i])
            i += 1
            continue
        union = _intervals(lines[i])
        j = i
        while j + 1 < len(lines) and j - i < RUN_MAX_LINES and not blocker[j + 1]:
            merged = _merge(union, _intervals(lines[j + 1]))
            if not any(_in_zone(g, width) for g in _gaps(merged, em)):
                break
            union = merged
            j += 1
        accepted = _accept_run(lines[i:j + 1], union, em, width) if j > i else None
        if accepted is None:
            out.append(lines[i])
            i += 1
            continue
        lead, cols = accepted
        out.extend(lines[i:i + lead])
        out.append(cols)
        i = j + 1
    return out


def _continues(line: _Line, cols: _Columns, mid: float, half: float) -> bool:
    """Does a next-page line continue `cols`: no word near the gutter midline, and each side
    within its column (a footnote rule or a body line starting left of the column is not)."""
    if any(w.x0 < mid + half and w.x1 > mid - half for w in line.words):
        return False
    left, right = _split(line, mid)
    if left is not None and cols.left and left.x0 < min(c.x0 for c in cols.left) - CONTINUE_TOL_EM * line.em:
        return False
    if right is not None and cols.right:
        centre = (right.x0 + right.x1) / 2
        if not min(c.x0 for c in cols.right) <= centre <= max(c.x1 for c in cols.right):
            return False
    return True


def _page_blocks(page: _Page, carry: _Columns | None) -> list[_Block]:
    """Lines and tables of one page in reading order, two-column runs gathered into _Columns.

    `carry` is the column block that ended the previous page: this page's leading lines that no
    word carries across its gutter continue it (Nơi nhận and signature crossing a page break).
    """
    items: list[Any] = sorted([*page.lines, *page.tables], key=lambda it: it.top)
    i = 0
    if carry is not None:
        g0, g1 = carry.gutter
        mid, half = (g0 + g1) / 2, GUTTER_CORE_EM * page.em
        cont: list[_Line] = []
        while i < len(items) and isinstance(items[i], _Line) and _continues(items[i], carry, mid, half):
            cont.append(items[i])
            i += 1
        _add_to_columns(carry, cont, mid)
    blocks: list[_Block] = []
    run: list[_Line] = []
    for it in items[i:]:
        if isinstance(it, _Line):
            run.append(it)
            continue
        blocks.extend(_find_columns(run, page.em, page.width))
        run = []
        blocks.append(it)
    blocks.extend(_find_columns(run, page.em, page.width))
    return blocks


# ----------------------------------------------------------------------------------------------
# paragraphs and numbering


def _margins(lines: list[_Line]) -> tuple[float, float] | None:
    """(left, right) edges of the text block.

    Left: the smallest x0 (nothing sits left of the body once page numbers are gone). Right: the
    largest x1 that at least two lines share (justified lines end at the same x; a single line
    overflowing the margin must not hide it), else the largest x1 (ragged-right text).
    """
    if not lines:
        return None
    right = sorted((ln.x1 for ln in lines), reverse=True)
    near = right[0] - MARGIN_SHARED_MAX_EM * lines[0].em  # a shared end far inside is a coincidence
    shared = next((a for a, b in itertools.pairwise(right) if a - b <= MARGIN_CLUSTER_TOL_PT and b >= near),
                  right[0])
    return min(ln.x0 for ln in lines), shared


def _should_join(prev: _Line, nxt: _Line, margins: tuple[float, float]) -> bool:
    """Is `nxt` the visual wrap of `prev`'s paragraph?

    Yes when `nxt` starts at the left margin, carries no label ("1.", "a)", "-", "Điều 5"), sits
    one line below, and `prev` ends so close to the right margin that `nxt`'s first word would
    not have fitted after it (this holds for justified and for ragged-right text alike).
    """
    left, right = margins
    em = prev.em
    if nxt.page != prev.page or not 0 < nxt.baseline - prev.baseline <= LINE_PITCH_MAX_EM * em:
        return False
    if abs(nxt.x0 - left) > LEFT_MARGIN_TOL_PT:
        return _centred_wrap(prev, nxt, margins)
    return _fills_line(prev, nxt, right) and not starts_item(nxt.text)


def _fills_line(prev: _Line, nxt: _Line, right: float) -> bool:
    """`prev` ends so near the right margin that `nxt`'s first word could not have followed it."""
    em = prev.em
    room = right - prev.x1
    if room > RAGGED_MAX_EM * em:
        return False
    first = nxt.words[0]
    return room < (first.x1 - first.x0) + SPACE_EM * em + RIGHT_SLACK_PT


def _page_wrap(prev: _Line, prev_margins: tuple[float, float], nxt: _Line,
               margins: tuple[float, float]) -> bool:
    """Does `nxt`, the first line of a page, continue `prev`, the last body line of the page before?

    The same test as `_should_join` without the line pitch, plus the same type size (word
    heights within SAME_SIZE_TOL), so that a footnote closing one page does not swallow the body
    text that opens the next.
    """
    if nxt.page != prev.page + 1 or abs(nxt.x0 - margins[0]) > LEFT_MARGIN_TOL_PT:
        return False
    a, b = _word_height(prev), _word_height(nxt)
    if abs(a - b) > SAME_SIZE_TOL * max(a, b):
        return False
    return _fills_line(prev, nxt, prev_margins[1]) and not starts_item(nxt.text)


def _word_height(line: _Line) -> float:
    """Median word height: PDFium's loose boxes span the font's ascent and descent, so this is
    the type size whatever the letters."""
    heights = sorted(w.bottom - w.top for w in line.words)
    return heights[len(heights) // 2]


def _centred_wrap(prev: _Line, nxt: _Line, margins: tuple[float, float]) -> bool:
    """Is centred `nxt` the wrap of a centred `prev` that filled the line (a long title, or
    "HỘI ĐỒNG NHÂN DÂN TỈNH … KHÓA XIV," + "KỲ HỌP THỨ …")?

    Yes when both share a middle and a weight, `prev` left less free width (both sides together)
    than `nxt`'s first word needs, `prev` does not end a sentence or a lead-in ("." or ":"), and
    `nxt` carries no label. Short centred lines ("NGHỊ QUYẾT", "QUYẾT NGHỊ:", a title set on two
    lines on purpose) leave much room, so they are never joined.
    """
    left, right = margins
    em = prev.em
    if abs((prev.x0 + prev.x1) - (nxt.x0 + nxt.x1)) / 2 > CENTRE_TOL_EM * em or prev.bold != nxt.bold:
        return False
    first = nxt.words[0]
    free = max(0.0, prev.x0 - left) + max(0.0, right - prev.x1)
    if free >= (first.x1 - first.x0) + SPACE_EM * em + 2 * RIGHT_SLACK_PT:  # slack on both sides
        return False
    if prev.text.rstrip().endswith((".", ":")):
        return False
    return not starts_item(nxt.text)


def _assemble(pages: list[_Page]) -> tuple[list[SourceLine], list[Table]]:
    """Blocks of every page → numbered SourceLines and Tables."""
    per_page: list[tuple[_Page, list[_Block]]] = []
    carry: _Columns | None = None
    for page in pages:
        blocks = _page_blocks(page, carry)
        carry = blocks[-1] if blocks and isinstance(blocks[-1], _Columns) else None
        per_page.append((page, blocks))
    body_all = [b for _, blocks in per_page for b in blocks if isinstance(b, _Line)]
    doc_margins = _margins(body_all) if len(body_all) >= MARGIN_MIN_LINES else None

    out = _Emitter()
    paragraph: list[_Line] = []  # may run on from the page before (see _page_wrap)
    last_margins: tuple[float, float] | None = None
    for page, blocks in per_page:
        body = [b for b in blocks if isinstance(b, _Line)]
        margins = _margins(body) if len(body) >= MARGIN_MIN_LINES else doc_margins
        table_no = 0
        for k, block in enumerate(blocks):
            if isinstance(block, _Line):
                if paragraph and margins:
                    prev = paragraph[-1]
                    if prev.page == page.number:
                        join = _should_join(prev, block, margins)
                    else:
                        join = k == 0 and last_margins is not None and _page_wrap(prev, last_margins, block, margins)
                    if join:
                        paragraph.append(block)
                        continue
                out.paragraph(paragraph)
                paragraph = [block]
                continue
            out.paragraph(paragraph)
            paragraph = []
            if isinstance(block, _PageTable):
                table_no += 1
                out.table(block, page.number, table_no)
            else:
                for line in (*block.left, *block.right):
                    out.paragraph([line])
        last_margins = margins
    out.paragraph(paragraph)
    return out.lines, out.tables


class _Emitter:
    """Numbers SourceLines 1.. and builds Table records as blocks are emitted."""

    def __init__(self) -> None:
        self.lines: list[SourceLine] = []
        self.tables: list[Table] = []

    def paragraph(self, parts: list[_Line]) -> None:
        if not parts:
            return
        text = _clean(_join_wraps([p.text for p in parts]))
        if not text:
            return
        here = [p for p in parts if p.page == parts[0].page]  # page and box: where the line starts
        if len(here) == 1:
            box = (here[0].x0, here[0].top, here[0].x1, here[0].bottom)
        else:
            box = (min(p.x0 for p in here), min(p.top for p in here),
                   max(p.x1 for p in here), max(p.bottom for p in here))
        self.lines.append(SourceLine(text=text, number=len(self.lines) + 1, page=parts[0].page,
                                     box=_round_box(box), bold=all(p.bold for p in parts)))

    def table(self, table: _PageTable, page: int, table_no: int) -> None:
        rows: list[tuple[Cell, ...]] = []
        numbers: list[int] = []
        first = len(self.lines) + 1
        for r, (cells, box) in enumerate(zip(table.rows, table.row_boxes, strict=False), start=1):
            number = len(self.lines) + 1
            self.lines.append(SourceLine(text=pipe_row(cells), number=number, page=page,
                                         box=_round_box(box), locator=f"page {page} table {table_no} row {r}"))
            rows.append(tuple(Cell(text=c, line=number) for c in cells))
            numbers.append(number)
        self.tables.append(Table(rows=tuple(rows), line=first, page=page,
                                 locator=f"page {page} table {table_no}", row_lines=tuple(numbers)))


def _join_wraps(parts: list[str]) -> str:
    """Join wrap lines with a space, except after a hyphen that ends a word ("20-" + "NQ/TW",
    "2021-" + "2025"): the layout broke the line there and the text has no space. A dash that
    stands alone ("kinh tế -" + "xã hội") keeps its space."""
    out = parts[0] if parts else ""
    for part in parts[1:]:
        tail = out.rstrip()
        glued = len(tail) > 1 and tail[-1] == "-" and not tail[-2].isspace()
        out = (tail if glued else out + " ") + part
    return out


def _clean(text: str) -> str:
    """NFC, invisible characters out, white space runs as one space, stripped.

    Most lines are printable with single spaces: then only U+0020 can be white space (every
    other white space and invisible character is unprintable) and there is nothing to do but
    strip. Otherwise str.split() parts at exactly what `\\s` matches."""
    text = unicodedata.normalize("NFC", text)
    if text.isprintable() and "  " not in text:
        return text.strip(" ")
    return " ".join(INVISIBLE_RE.sub("", text).split())


def _round_box(box: tuple[float, ...]) -> tuple[float, float, float, float]:
    return round(float(box[0]), 2), round(float(box[1]), 2), round(float(box[2]), 2), round(float(box[3]), 2)
