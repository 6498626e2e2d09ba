"""Turn reader lines into clean logical lines, keeping the map back to the source.

Conversions from Word/PDF/web leave Markdown marks, bookmarks, HTML superscripts, odd spaces and
dashes, and sentences broken across page breaks. Each step below is a named function over one
line (or over the line list, for joins), so a bug points at one step. No step reaches back into
the reader: a `Line` knows its first and last source line and that is all provenance needs.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import regex

from .caches import per_grammar, per_line
from .columns import column_tables, row_line, space_rows, tab_rows
from .flattables import flat_tables
from .htmltables import find_html_tables
from .lines import (
    is_bare_label,
    is_layout_anchor,
    is_page_mark,
    is_page_number,
    kind_of,
    opens_division,
    stands_alone,
    starts_new_line,
)
from .model import Cell, Line, SourceLine, Table
from .piperows import split_cells, split_row
from .pipetables import find_blocks, find_cell_tables, rebuild
from .ruledtables import find_ruled_tables
from .rules import load_grammar
from .runcache import compile_re, compile_regex
from .textfold import fold

# "[bookmark: _Hlk107906890]" left by docx→text converters; never part of the text.
BOOKMARK_RE = compile_regex(r"\[bookmark:[^\[\]\n]{0,200}\]")
# <sup>2</sup> (m<sup>2</sup>) → "²"; other superscripts keep their text.
SUP_RE = compile_regex(r"<sup>([^<]{0,20})</sup>", regex.IGNORECASE)
SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
# Any other short HTML tag (<br>, <u>, </span>): dropped, <br> becomes a space.
BR_RE = compile_regex(r"<br\s*/?>", regex.IGNORECASE)
TAG_RE = compile_regex(r"</?[A-Za-z][A-Za-z0-9]{0,10}(?:\s[^<>]{0,200})?/?>")
# HTML character references left in scraped text ("7,0&nbsp;&ndash; 7,5%", "KH&amp;CN"): only
# complete ones with their ";", so "KH&CN" and "Bộ KH&ĐT" are never touched. One that stands for
# "|" stays as written: in a pipe row it would split a cell.
ENTITY_RE = compile_regex(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Markdown heading marks; their level says nothing about the structure.
HEADING_RE = compile_regex(r"^[ \t]{0,3}#{1,6}(?:[ \t]+|$)")
# Markdown escapes such as "1\." or "\-" from web converters, and pandoc's "\%", "\$", "\@",
# "\^" …: CommonMark lets a backslash escape any ASCII punctuation character.
ESCAPE_RE = compile_regex(r"\\([!-/:-@\[-`{-~])")
# In a table row "\|" is a "|" inside a cell (piperows): it stays escaped, so the row's text
# still says where its cells end.
ROW_ESCAPE_RE = compile_regex(r"\\([!-/:-@\[-`{}~])")
# Emphasis marks. Every "*" goes (plain str.replace, linear and fast) except inside the footnote
# marks "(*)", "(**)", which legal text uses; "__" goes only at a word edge, so snake_case stays.
FOOTNOTE_SAFE_STAR_RE = compile_regex(r"(?<!\()\*+(?!\))")
UNDERSCORE_EMPHASIS_RE = compile_regex(r"(?<![\w])_{2,3}|_{2,3}(?![\w])")
# Single-underscore italics of html2text and turndown ("_Căn cứ Luật …;_", "_Hà Nội, ngày …_"):
# a "_" that opens a word after no letter or closes one before none goes, each on its own (no
# pairing, so linear); "nq_112" and a blank "____/NQ-HĐND" stay.
SINGLE_UNDERSCORE_EMPHASIS_RE = compile_regex(r"(?<![\w])_(?=[^\s_])|(?<=[^\s_])_(?![\w])")
# Nested Markdown list markers "  - + Công nghiệp" / "  - Chính phủ" / "* item".
MD_BULLET_RE = compile_regex(r"^[-*](?:[ \t]+)(?=[-+•][ \t])")
MD_STAR_BULLET_RE = compile_regex(r"^\*[ \t]+")
# Spaces of every width, tabs and zero-width marks. These plain character classes use the
# standard library's `re`, which scans them about twice as fast as `regex` (measured on the
# seeds); most lines have none, so one scan for either kind decides whether to substitute.
_SPACES = "\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_ZERO_WIDTHS = "\u200b-\u200d\u2060\ufeff\u00ad"
SPACE_RE = compile_re(f"[{_SPACES}]")
ZERO_WIDTH_RE = compile_re(f"[{_ZERO_WIDTHS}]")
ODD_SPACE_RE = compile_re(f"[{_SPACES}{_ZERO_WIDTHS}]")
MULTISPACE_RE = compile_re(r" {2,}")
DASH_RE = compile_re(r"[\u2010-\u2015\u2212\u2e3a\u2e3b]")
# Lines that are only rules or decoration ("-----", "___", "* * *").
RULE_LINE_RE = compile_regex(r"^[-_=*~.·\s]{3,}$")
# A Markdown table separator row |---|:---:|.
TABLE_SEPARATOR_RE = compile_regex(r"^\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*\|?$")

# Joining across page breaks: the next line starts lower case and is not a point label "a)".
LOWER_START_RE = compile_regex(r"^\p{Ll}")
POINT_LABEL_RE = compile_regex(r"^[a-zđ][.)](?:\s|$)")
TERMINAL_RE = compile_regex(r"[.;:!?…]\s*$|\./\.\s*$")


def strip_bookmarks(text: str) -> str:
    return BOOKMARK_RE.sub("", text) if "[bookmark" in text else text


def replace_html(text: str) -> str:
    """Tags dropped (<br> a space, <sup> digits as superscripts), then character references
    read (after the tags, so a written "&lt;b&gt;" stays text)."""
    if "<" in text:
        text = SUP_RE.sub(lambda m: m.group(1).translate(SUPERSCRIPTS), text)
        text = BR_RE.sub(" ", text)
        text = TAG_RE.sub("", text)
    if "&" in text:
        text = ENTITY_RE.sub(_entity_text, text)
    return text


def _entity_text(m: regex.Match[str]) -> str:
    import html  # here: entities are rare outside HTML input (1 ms of import)

    text = html.unescape(m.group(0))
    return m.group(0) if "|" in text else text


def normalise_spaces(text: str) -> str:
    if not text.isascii():
        if ODD_SPACE_RE.search(text):
            text = ZERO_WIDTH_RE.sub("", SPACE_RE.sub(" ", text))
    elif "\t" in text:
        text = text.replace("\t", " ")
    if "  " in text:
        text = MULTISPACE_RE.sub(" ", text)
    return text.strip()


def normalise_dashes(text: str) -> str:
    return text if text.isascii() else DASH_RE.sub("-", text)


def strip_markdown(text: str) -> tuple[str, int]:
    """Remove heading marks, escapes and emphasis; return the text and the count of ** marks."""
    if text[:4].lstrip().startswith("#"):
        text = HEADING_RE.sub("", text)
    if "\\" in text:
        text = (ROW_ESCAPE_RE if text.lstrip("*_ ").startswith("|") else ESCAPE_RE).sub(r"\1", text)
    stars = text.count("**") + text.count("__")
    if "*" in text:
        text = FOOTNOTE_SAFE_STAR_RE.sub("", text) if "(*" in text else text.replace("*", "")
    if "_" in text:
        if "__" in text:
            text = UNDERSCORE_EMPHASIS_RE.sub("", text)
        text = SINGLE_UNDERSCORE_EMPHASIS_RE.sub("", text)
    return text, stars


def normalise_bullets(text: str) -> str:
    """'- + Công nghiệp' → '+ Công nghiệp'; '* item' → '- item' (Markdown list markup)."""
    if text[:1] not in ("-", "*"):
        return text
    text = MD_BULLET_RE.sub("", text)
    if text.startswith("* "):
        text = MD_STAR_BULLET_RE.sub("- ", text)
    return text


# Every character some step of clean_text acts on (besides two spaces in a row and a bullet
# mark at the start): a line holding none of them only needs its ends stripped. Most lines of
# plain text hold none, and one scan in C is cheaper than the chain's seven steps.
_CLEANED_CHARS_RE = compile_re(f"[\\[<&#\\\\*_{_SPACES}{_ZERO_WIDTHS}\u2010-\u2015\u2212\u2e3a\u2e3b]")


@per_line(8192)
def clean_text(raw: str) -> str:
    """The per-line cleaning chain, without provenance (used by tests and the extractors).

    Cached: half the calls on a document with tables clean a line cleaned already (the page
    furniture pre-pass, then the table finders, then the line loop ask about the same lines)."""
    if "  " not in raw and _CLEANED_CHARS_RE.search(raw) is None:
        text = raw.strip()  # what the chain gives such a line (tests/test_properties.py checks)
        return normalise_bullets(text) if text[:1] in ("-", "*") else text
    return cleaning_chain(raw)


def cleaning_chain(raw: str) -> str:
    """Every step of clean_text, in order, whatever the line holds."""
    text = strip_bookmarks(raw)
    text = replace_html(text)
    text = normalise_spaces(text)
    text, _ = strip_markdown(text)
    text = normalise_dashes(text)
    if "  " in text or text[:1] == " " or text[-1:] == " ":
        text = normalise_spaces(text)
    return normalise_bullets(text)


def _is_bold(raw: str, in_bold: bool) -> tuple[bool, bool]:
    """Whole-line emphasis from Markdown marks; returns (line is bold, bold still open after it)."""
    if not in_bold and "**" not in raw and "__" not in raw:
        return False, False
    body = HEADING_RE.sub("", strip_bookmarks(raw)).strip()
    starts = in_bold or body.startswith(("**", "__"))
    opens_after = _bold_open_after(body, in_bold)
    ends = body.endswith(("**", "__")) or opens_after
    return (starts and ends and bool(body.strip("*_ "))), opens_after


# A run of two or more emphasis marks, with the characters on either side (CommonMark reads
# whether a run opens or closes from them).
STRONG_RUN_RE = compile_regex(r"(?<=(.?))(?:\*{2,}+|_{2,}+)(?=(.?))")


def _bold_open_after(body: str, in_bold: bool) -> bool:
    """Whether bold is still open after the line: a run of marks closes an open bold only after a
    non-space ("… học phí**"), and opens one only before a non-space that is no punctuation
    unless a space or punctuation comes before it (CommonMark's flanking rules). Counting every
    "**" toggled the state at two italic runs side by side ("*Thành phố Huế**, ngày …*"), and
    without blank lines to reset it every line after read as one bold run."""
    for m in STRONG_RUN_RE.finditer(body):
        before, after = m.group(1), m.group(2)
        if in_bold:
            in_bold = not (before and not before.isspace())
        else:
            in_bold = bool(after) and not after.isspace() and (
                not _is_punctuation(after) or not before or before.isspace() or _is_punctuation(before))
    return in_bold


def _is_punctuation(ch: str) -> bool:
    return not ch.isalnum() and not ch.isspace()


# Hard-wrapped text (OCR, some web converters) breaks every paragraph at a fixed width. It is
# recognised by a cap on line length and by most long lines ending mid-sentence; then adjacent
# lines are joined into paragraphs unless the next one opens a unit. Measured on the corpus:
# OCR'd and pandoc Markdown have max ≤ 84 chars and 64 % of long lines unfinished; the seeds and
# fixtures have longer lines or ≤ 20 % unfinished.
WRAP_MAX_P95 = 110  # 95th percentile of line length (a few long boilerplate lines are tolerated)
WRAP_LONG_LINE = 55
WRAP_UNFINISHED_SHARE = 0.4
WRAP_FILL = 0.6  # a wrapped line fills at least this share of the width; shorter ones are headings
# A lone table pipe or a rule line ("-------") ends a paragraph in web Markdown layouts.
SEPARATOR_ONLY_RE = compile_regex(r"^[|\s]+$")
# Web converters break the first line of every paragraph short (the first-line indent), so in
# hard-wrapped text the first line of a paragraph continues whatever its length ("3. Đề nghị Ủy
# ban Mặt trận Tổ quốc Việt" ⏎ "Nam Thành phố phối hợp …") — unless the next line is a field of
# a key/value block ("Ký bởi: …" ⏎ "Email: …" in an e-signature stamp).
FIELD_LABEL_RE = compile_regex(r"^\p{Lu}[\p{L} ]{0,20}:")
# A page number on a line of its own ("3", "- 3 -"), read only right after a page-break mark.
PAGE_NUMBER_RE = compile_regex(r"^(?:-[ \t]*+)?\d{1,4}(?:[ \t]*+-)?$")
DIGIT_START_RE = compile_regex(r"^\d")
# Two trailing spaces are a Markdown hard break (the line goes on in the same paragraph), but
# some converters and copy-pastes pad every line with them; where at least this share of the
# lines ends so, the spaces say nothing and are ignored (a trailing "\\" still counts).
PADDED_SHARE = 0.5
PADDED_MIN_LINES = 5
# Double-spaced text: at least this share of the gaps between lines hold a blank line.
DOUBLE_SPACED_SHARE = 0.9
DOUBLE_SPACED_MIN_LINES = 8
# In hard-wrapped text a line that ends a list member (";" or ",") and a next line that starts
# in lower case without a label are one paragraph broken at the width: "… đạt 7,5% trở lên;" ⏎
# "tổng sản phẩm … đạt 47,32 triệu đồng;" (a new member of a list starts with its own label).
WRAP_LIST_END_RE = compile_regex(r"[;,]\s*$")
# … and a label's colon at the end of a line with its figure opening the next: "… được cứng hóa
# đến năm 2025:" ⏎ "80%. II. Về văn hóa …", "Nông - Lâm nghiệp:" ⏎ "17,5%, giảm …".
WRAP_COLON_END_RE = compile_regex(r":\s*$")


# Word-segmented text (NLP corpora store these documents so): the syllables of a word joined by
# "_" ("Hội_đồng nhân_dân") and punctuation set apart by spaces ("Điều 2 .", "a ) Nội_dung").
SEGMENTED_WORD_RE = compile_regex(r"\p{L}_\p{L}")
SEGMENTED_SHARE = 0.03  # of the words; plain text has next to none (snake_case in a URL, a code)
SEGMENTED_MIN_WORDS = 5
# A space before closing punctuation ("Điều 2 ." "tỉnh ;" "a )") or after an opening bracket.
# `(?<=\S)[ \t]++`: a run is tried once, from its start; "- " (a bullet) is never touched because
# the mark must be one of the closing ones.
SPACED_CLOSING_RE = compile_regex(r"(?<=\S)[ \t]++(?=[.,;:!?)\]%”](?:\s|$|[.,;:/)]))")
SPACED_OPENING_RE = compile_regex(r"(?<=[(\[“])[ \t]++")
SEGMENT_JOIN_RE = compile_regex(r"(?<=\p{L})_(?=\p{L})")


def is_word_segmented(source: list[SourceLine]) -> bool:
    """Most multi-syllable words carry "_": such text is read as plain text (see unsegment)."""
    words = joined = 0
    for sl in source:
        words += sl.text.count(" ") + 1
        if "_" in sl.text:
            joined += len(SEGMENTED_WORD_RE.findall(sl.text))
    return joined >= SEGMENTED_MIN_WORDS and joined >= SEGMENTED_SHARE * words


def unsegment(text: str) -> str:
    """'Điều 2 . Chi đầu_tư phát_triển ;' → 'Điều 2. Chi đầu tư phát triển;'."""
    if "_" in text:
        text = SEGMENT_JOIN_RE.sub(" ", text)
    text = SPACED_CLOSING_RE.sub("", text)
    return SPACED_OPENING_RE.sub("", text)


def blank_line_gap(source: list[SourceLine]) -> int:
    """How many blank lines part two paragraphs: 1, or 2 in double-spaced text.

    Some converters write a blank line after every line, wrapped lines of one paragraph
    included; there a single blank line says nothing and only a wider gap parts paragraphs.
    Text whose paragraphs are whole lines parted by blank lines reads the same either way,
    since joining still needs a sign of continuation (see _joins)."""
    # Markdown table rows cannot be parted by a blank line: their gaps say nothing
    gaps = [b.number - a.number - 1 for a, b in itertools.pairwise(source)
            if not (a.text.lstrip().startswith("|") and b.text.lstrip().startswith("|"))]
    if len(gaps) < DOUBLE_SPACED_MIN_LINES:
        return 1
    parted = sum(1 for g in gaps if g >= 1)
    return 2 if parted >= DOUBLE_SPACED_SHARE * len(gaps) else 1


def pads_every_line(source: list[SourceLine]) -> bool:
    """Most lines end in two spaces: padding by the converter, not Markdown hard breaks."""
    texts = [sl.text for sl in source if not sl.text.lstrip().startswith("|")]
    padded = sum(1 for t in texts if t.endswith("  "))
    return padded >= PADDED_MIN_LINES and padded >= PADDED_SHARE * len(texts)


def wrap_width(source: list[SourceLine]) -> int | None:
    """The width text was broken at, or None when paragraphs are whole lines."""
    texts = [sl.text.strip() for sl in source if not sl.text.lstrip().startswith("|")]
    if len(texts) < 8:
        return None
    lengths = sorted(len(t) for t in texts)
    p95 = lengths[int(len(lengths) * 0.95)]
    if p95 > WRAP_MAX_P95:
        return None
    long_lines = [t for t in texts if len(t) >= WRAP_LONG_LINE]
    if len(long_lines) < 5:
        return None
    unfinished = sum(1 for t in long_lines if t[-1:] not in ".;:!?")
    return p95 if unfinished >= WRAP_UNFINISHED_SHARE * len(long_lines) else None


@dataclass(slots=True)
class CleanText:
    """The cleaned document: its logical lines and its data tables.

    A table row stays one line of `lines` (so line numbers, joins and zones treat it as any
    line) and that line's `cells` is the row of its record in `tables`: the tree and the
    indicator reader take cells from there, never by splitting the text again.
    """

    lines: list[Line]
    tables: list[Table] = field(default_factory=list)


def clean_document(source: Iterable[SourceLine], tables: Sequence[Table] = ()) -> CleanText:
    """Clean the lines (see clean_lines) and make a `Table` record of every run of table rows.

    `tables` are the reader's records (PDF, DOCX, HTML): they say which rows are one table, its
    page and locator, and how many cells each row has. The cells are cleaned as their row line
    is (one cleaning for the text and its cells) and read back with `piperows.split_row`;
    should the cleaning have changed the number of cells, the reader's cells are cleaned one by
    one instead. Markdown pipe rows of a text input and the tables `pipetables` rebuilds become
    records the same way.
    """
    lines = clean_lines(source)
    return CleanText(lines, _table_records(lines, tables))


# Rows at most this many source lines apart are one table (a blank line between rows in Markdown),
# as the tree joins them into one table node.
TABLE_ROW_GAP = 2


def _opens_a_table(before: Line, row: Line, separator: str) -> bool:
    """A Markdown separator row under a pipe row that follows other rows closely: that row is
    the header of a second table (two tables parted by one blank line read as one)."""
    return row.text.startswith("|") and before.text.startswith("|") and row.first - before.last <= TABLE_ROW_GAP \
        and TABLE_SEPARATOR_RE.match(separator) is not None


def _table_records(lines: list[Line], tables: Sequence[Table]) -> list[Table]:
    """Give every table row line its cells and group consecutive rows into Table records."""
    read: dict[int, tuple[Table, int]] = {}  # a reader's row line → (its table, row index)
    for table in tables:
        numbers = table.row_lines or tuple(row[0].line or table.line for row in table.rows)
        read.update((n, (table, r)) for r, n in enumerate(numbers))
    out: list[Table] = []
    run: list[Line] = []
    origin: Table | None = None
    for line in lines:
        found = read.get(line.first) if line.first == line.last else None
        row = line.text.startswith("|")
        if run and (not row or (found[0] if found else None) is not origin
                    or line.first - run[-1].last > TABLE_ROW_GAP or line.opens_table):
            out.append(_table_record(run, origin))
            run = []
        if not row:
            continue
        origin = found[0] if found else None
        if line.cells is None:
            line.cells = _row_cells(line, found)
        run.append(line)
    if run:
        out.append(_table_record(run, origin))
    return out


def _row_cells(line: Line, found: tuple[Table, int] | None) -> tuple[Cell, ...]:
    texts = split_row(line.text)
    if found is None:
        return tuple(Cell(t, line.first) for t in texts)
    table, r = found
    record = table.rows[r]
    if len(texts) != len(record):
        texts = [clean_text(c.text) for c in record]
    return tuple(Cell(t, c.line or line.first) for t, c in zip(texts, record, strict=True))


def _table_record(run: list[Line], origin: Table | None) -> Table:
    return Table(rows=tuple(line.cells or () for line in run), line=run[0].first,
                 page=origin.page if origin is not None else run[0].page,
                 locator=origin.locator if origin is not None else None,
                 row_lines=tuple(line.first for line in run))


def clean_lines(source: Iterable[SourceLine]) -> list[Line]:
    """Clean every line, drop blanks and decoration, then join broken lines.

    Joined parts are collected in lists and concatenated once, so a file of a million wrapped
    lines stays linear. Table rows stay one line each (see clean_document for their records).
    """
    source, turns = drop_page_furniture([sl for sl in source if sl.text and not sl.text.isspace()])
    segmented = is_word_segmented(source)
    width = wrap_width(source)
    break_marks: tuple[str, ...] = ("\\",) if pads_every_line(source) else ("  ", "\\")
    paragraph_gap = blank_line_gap(source)
    tables = _grid_layout_tables(source)
    for found in (find_html_tables(source, clean_text), _grid_data_tables(source),
                  find_ruled_tables(source, clean_text), _pipe_layout_tables(source), _tab_layout_tables(source),
                  _space_layout_tables(source), _pipe_per_line_tables(source), _cell_per_line_tables(source),
                  column_tables(source, clean_text), flat_tables(source, clean_text)):
        covered = {k for start, (end, _) in tables.items() for k in range(start, end)}
        tables.update((k, v) for k, v in found.items() if k not in covered)
    resume = 0  # index of the first source line after a rebuilt table
    out: list[Line] = []
    parts: list[str] = []  # text parts of out[-1] still being joined
    raws: list[str] = []
    in_bold = False
    pending_break = False  # previous line ended with a Markdown hard break ("  " or "\\")
    previous_number = None
    boundary = True  # nothing may join onto the previous line (start, blank line, separator)
    after_blank = False  # out[-1] opened a Markdown paragraph (a blank line before it)
    for index, sl in enumerate(source):
        if index < resume:
            continue
        if index in tables:
            # a table written one pipe or cell per line: its rows replace the lines
            resume, rows = tables[index]
            _flush(out, parts, raws)
            out.extend(rows)
            parts, raws = [], []
            previous_number = source[resume - 1].number
            in_bold = pending_break = False
            boundary = True
            continue
        raw = sl.text
        text = clean_text(unsegment(raw) if segmented else raw)
        # a page turn (a mark, a page number, a form feed) is no paragraph end, whatever the blank
        # lines around it: whether the text goes on is for the join rules to say
        blank_before = index not in turns and previous_number is not None \
            and sl.number > previous_number + paragraph_gap
        if blank_before:
            in_bold = pending_break = False  # a blank line between: a new Markdown paragraph
            boundary = True
        previous_number = sl.number
        bold_open = in_bold  # the previous line left ** open: this one is the same run of bold
        bold, in_bold = _is_bold(raw, in_bold)
        hard_break = raw.endswith(break_marks) and bool(text)
        if text.endswith("\\"):
            text = text[:-1].rstrip()
        if not text or (text[0] in _DECORATION_STARTS and _is_decoration(text)):
            if len(out) >= 2 and len(parts) == 1 and _opens_a_table(out[-2], out[-1], text):
                out[-1].opens_table = True
            pending_break = False
            boundary = True
            continue
        soft_wrap = width is not None and not boundary and bool(parts) and (
            len(parts[-1]) >= WRAP_FILL * width or bold_open or ends_mid_phrase(parts[-1])
            or (after_blank and len(parts) == 1 and not FIELD_LABEL_RE.match(text)))
        # Markdown bold cannot span paragraphs: a run of ** still open joins whatever the width or
        # the punctuation ("**Điều 2." ⏎ "Thay thế … Nghị quyết**").
        bold_run = bold_open and not boundary and bool(parts) and not _opens_unit(text, raw)
        # The first line of a wrapped Markdown paragraph ending on a colon ("**5. Sở Y tế:**" ⏎
        # "Chủ trì, …"): the paragraph goes on, as a colon inside it would.
        colon_wrap = soft_wrap and after_blank and len(parts) == 1 and parts[0].endswith(":") \
            and not _opens_unit(text, raw)
        if parts and not _joined_stands_alone(parts) and (
                bold_run or colon_wrap or _joins(parts[-1], raws[-1], text, raw, pending_break, soft_wrap,
                                                  len(parts) == 1)):
            parts.append(text)
            raws.append(raw)
            last = out[-1]
            last.last = sl.number
            last.bold = last.bold and (bold or sl.bold)
        else:
            _flush(out, parts, raws)
            out.append(Line(text=text, raw=raw, first=sl.number, last=sl.number, bold=bold or sl.bold,
                            page=sl.page))
            parts, raws = [text], [raw]
            after_blank = blank_before
        pending_break = hard_break
        boundary = False
    _flush(out, parts, raws)
    return out


# A pandoc grid table border: "+----+:---:+" (":" marks alignment, "=" the header rule).
GRID_BORDER_RE = compile_regex(r"^\+(?:[-=:]++\+)+$")
GRID_MAX_LINES = 400  # a layout grid (header, Nơi nhận beside the signature) is one page at most
GRID_DATA_MAX_LINES = 20_000  # a data grid: an annex of indicators runs over pages


def _grid_layout_tables(source: list[SourceLine]) -> dict[int, tuple[int, list[Line]]]:
    """Index of each pandoc grid table that lays out the page → (index after it, its lines).

    Pandoc writes a two-column page layout (Nơi nhận on the left, the signature on the right) as
    a grid table whose cells wrap over many lines: read row by row, each line holds half a
    recipient and half a signature. Here each cell is read down its column instead, left column
    first; a cell line ending in "\\" is a hard break, any other continues on the next line (a
    recipient wrapped in its cell). Grids without a layout anchor are data and are left alone.
    """
    if not any(sl.text.startswith("+") for sl in source):
        return {}
    return _layout_blocks(source, lambda t: GRID_BORDER_RE.match(t) is not None, lambda t: t[:1] in ("|", "+"),
                          _grid_lines)


def _layout_blocks(source: list[SourceLine], starts: Callable[[str], bool], goes_on: Callable[[str], bool],
                   read: Callable[[list[SourceLine]], list[Line] | None],
                   max_lines: int = GRID_MAX_LINES) -> dict[int, tuple[int, list[Line]]]:
    """Each run of lines that `starts` opens and `goes_on` continues (stripped texts, at most
    GRID_MAX_LINES) → (index after it, `read`'s lines), for the runs `read` takes as page layout."""
    out: dict[int, tuple[int, list[Line]]] = {}
    i = 0
    while i < len(source):
        if not starts(source[i].text.strip()):
            i += 1
            continue
        end = i + 1
        while end < len(source) and end - i < max_lines and goes_on(source[end].text.strip()):
            end += 1
        lines = read(source[i:end])
        if lines is not None:
            out[i] = (end, lines)
        i = end
    return out


# A Markdown table row holding two or more cells on one line: "| Nơi nhận: | TM. HỘI ĐỒNG NHÂN DÂN |".
PIPE_ROW_RE = compile_regex(r"^\|(?:[^|\n]*+\|){2,}$")


def _pipe_layout_tables(source: list[SourceLine]) -> dict[int, tuple[int, list[Line]]]:
    """Index of each Markdown pipe table that lays out the page → (index after it, its lines).

    Word converters put Nơi nhận and the signature (or the two header columns) side by side in a
    table, one row per line: row by row a recipient and a signature line alternate, and neither
    block is found. Read column by column instead, each cell a line; data tables are left alone.
    """
    def is_row(text: str) -> bool:
        return text[:1] == "|" and PIPE_ROW_RE.match(text) is not None

    if not any(sl.text.lstrip().startswith("|") for sl in source):
        return {}
    return _layout_blocks(source, is_row, is_row, _pipe_block_lines)


def _tab_layout_tables(source: list[SourceLine]) -> dict[int, tuple[int, list[Line]]]:
    """The page layout of a text saved from Word: the header's or the signature's two columns
    parted by tabs on each line, read column by column as the pipe layouts are."""
    return _column_layouts(source, tab_rows) if any("\t" in sl.text for sl in source) else {}


def _space_layout_tables(source: list[SourceLine]) -> dict[int, tuple[int, list[Line]]]:
    """The page layout of `pdftotext -layout` output: the two columns parted by a run of spaces,
    read column by column as the pipe layouts are."""
    return _column_layouts(source, space_rows) if any("    " in sl.text for sl in source) else {}


def _column_layouts(source: list[SourceLine],
                    runs: Callable[[list[SourceLine]], list[tuple[int, int, list[SourceLine]]]],
                    ) -> dict[int, tuple[int, list[Line]]]:
    """The runs of two-column lines that `runs` finds (as pipe rows) which read as page layout,
    each cell line keeping the source line it came from as its raw text."""
    out: dict[int, tuple[int, list[Line]]] = {}
    for first, end, rows in runs(source):
        lines = _pipe_block_lines(rows)
        if lines is not None:
            for line, raw in zip(lines, _raws(lines, source[first:end]), strict=True):
                line.raw = raw
            out[first] = (end, lines)
    return out


def _raws(lines: list[Line], block: list[SourceLine]) -> list[str]:
    """Each cell line's raw text: the source line that holds the cell (both columns)."""
    by_number = {sl.number: sl.text for sl in block}
    return [by_number.get(line.first, line.raw) for line in lines]


def _pipe_block_lines(block: list[SourceLine]) -> list[Line] | None:
    rows = [(sl, split_cells(sl.text.strip()[1:-1])) for sl in block]
    rows = [(sl, cells) for sl, cells in rows if not TABLE_SEPARATOR_RE.match(sl.text.strip())]
    if not rows or len({len(cells) for _, cells in rows}) != 1:
        return None
    # most pipe tables are data: count anchors on the cells with their emphasis stripped before
    # paying for the full cleaning of every cell
    rough = sum(1 for _, cells in rows for cell in cells for piece in _paragraphs(cell)
                if is_layout_anchor(piece.strip("*_ \\")))
    if rough < LAYOUT_MIN_ANCHORS:
        return None
    lines: list[Line] = []
    for c in range(len(rows[0][1])):
        for sl, cells in rows:
            for piece in _paragraphs(cells[c]):
                text = clean_text(piece)
                if text and not _is_decoration(text):
                    lines.append(Line(text=text, raw=piece, first=sl.number, last=sl.number, bold=False,
                                      page=sl.page))
    anchors = sum(1 for line in lines if is_layout_anchor(line.text))
    return lines if anchors >= LAYOUT_MIN_ANCHORS else None


# Where a cell's paragraphs were flattened onto one line, each in its own emphasis: "**CHỦ TỊCH**
# *(Đã ký)* **Vũ Xuân Cường**", "**CỘNG HÒA …** **Độc lập - Tự do - Hạnh phúc**" (a run of marks
# closing right after a word, white space, a run opening right before one).
PARAGRAPH_SEAM_RE = compile_regex(r"(?<=[^\s*_][*_]{1,3}+)\s++(?=[*_]{1,3}+[^\s*_])")


def _paragraphs(cell: str) -> list[str]:
    """A layout cell's paragraphs (one, unless emphasis marks show where they were flattened)."""
    if not cell:
        return []
    return PARAGRAPH_SEAM_RE.split(cell) if "*" in cell or "_" in cell else [cell]


def _grid_data_tables(source: list[SourceLine]) -> dict[int, tuple[int, list[Line]]]:
    """Index of each pandoc grid table of data → (index after it, one pipe row per grid row).
    A cell wraps over the lines between two borders; each cell's lines are joined ("Tốc độ tăng
    trưởng tổng sản ⏎ phẩm trên địa bàn (GRDP)", "Triệu ⏎ đồng"). (Layout grids are read above.)"""
    if not any(sl.text.startswith("+") for sl in source):
        return {}
    return _layout_blocks(source, lambda t: GRID_BORDER_RE.match(t) is not None, lambda t: t[:1] in ("|", "+"),
                          _grid_rows, GRID_DATA_MAX_LINES)


def _grid_rows(block: list[SourceLine]) -> list[Line] | None:
    """The rows of a well-formed grid as pipe rows citing their lines, or None."""
    border = block[0].text.strip()
    cuts = [k for k, ch in enumerate(border) if ch == "+"]
    if len(cuts) < 3 or len(block) < 3:
        return None
    out: list[Line] = []
    pieces: list[list[str]] = [[] for _ in cuts[1:]]
    first: SourceLine | None = None
    last = block[0]
    for sl in block[1:]:
        row = sl.text.strip()
        if GRID_BORDER_RE.match(row):
            if first is not None:
                out.append(row_line(first, [clean_text(" ".join(p)) for p in pieces], clean_text, last.number))
            pieces, first = [[] for _ in cuts[1:]], None
            continue
        cells = _grid_cells(row, border, cuts)
        if cells is None:
            return None
        first = first or sl
        last = sl
        for c, value in enumerate(cells):
            if value:
                pieces[c].append(value[:-1] if value.endswith("\\") else value)
    return out if len(out) >= 2 else None


def _grid_cells(row: str, border: str, cuts: list[int]) -> list[str] | None:
    """The cells of a grid line between two borders: cut where the border has "+" when the line is
    as wide, else split at its "|" when it has as many (widths off: decomposed accents); None for
    a line of another shape."""
    if len(row) == len(border) and all(row[k] in "|+" for k in cuts):
        return [row[a + 1:b].strip() for a, b in itertools.pairwise(cuts)]
    if row.startswith("|") and row.endswith("|") and row.count("|") == len(cuts):
        return [c.strip() for c in row[1:-1].split("|")]
    return None


# A data table may hold one anchor-like cell ("Chủ tịch" in a list of members); a layout holds two
# or more (Nơi nhận and TM./CHỦ TỊCH; the council and the motto).
LAYOUT_MIN_ANCHORS = 2


def _grid_lines(block: list[SourceLine]) -> list[Line] | None:
    """The cells of a layout grid as lines, column by column; None for a data grid or a block
    that is not a well-formed grid (rows of another width)."""
    border = block[0].text.strip()
    cuts = [k for k, ch in enumerate(border) if ch == "+"]
    columns: list[list[tuple[SourceLine, str | None]]] = [[] for _ in cuts[1:]]
    for sl in block[1:]:
        row = sl.text.strip()
        if GRID_BORDER_RE.match(row):
            for column in columns:
                column.append((sl, None))  # a row ends: so does every cell's paragraph
            continue
        cells = _grid_cells(row, border, cuts)
        if cells is None:
            return None
        for c, value in enumerate(cells):
            columns[c].append((sl, value))
    lines: list[Line] = []
    for column in columns:
        parts: list[tuple[SourceLine, str]] = []
        for sl, cell in column:
            if cell is None:
                if parts:
                    lines.append(_joined(parts))
                parts = []
                continue
            core = cell.rstrip("*_ ")  # "***Nơi nhận:\\***": the break inside the emphasis
            hard = core.endswith("\\")
            text = clean_text(core[:-1] + cell[len(core):] if hard else cell)
            if text:
                parts.append((sl, text))
            if (hard or not cell) and parts:
                lines.append(_joined(parts))
                parts = []
        if parts:
            lines.append(_joined(parts))
    lines = [line for line in lines if not _is_decoration(line.text)]
    if not any(is_layout_anchor(line.text) for line in lines):
        return None
    return lines


def _joined(parts: list[tuple[SourceLine, str]]) -> Line:
    first, last = parts[0][0], parts[-1][0]
    return Line(text=" ".join(t for _, t in parts), raw="\n".join(sl.text for sl, _ in parts),
                first=first.number, last=last.number, bold=False, page=first.page)


JOINED_ANCHOR_MAX_CHARS = 40  # "NGHỊ QUYẾT", "Số: 35/2025/NQ-HĐND": anchors that stand alone are short


def _joined_stands_alone(parts: list[str]) -> bool:
    """A line already joined from parts ("**NGHỊ" ⏎ "QUYẾT**") that now reads as an anchor standing
    alone takes nothing more (the title below it in capitals is not the same line)."""
    if len(parts) < 2 or sum(len(p) for p in parts) > JOINED_ANCHOR_MAX_CHARS:
        return False
    return stands_alone(" ".join(parts))


def _pipe_per_line_tables(source: list[SourceLine]) -> dict[int, tuple[int, list[Line]]]:
    """Index of each pipe-per-line data table's first line → (index after it, its pipe rows)."""
    if not any(sl.text.startswith("|") for sl in source):
        return {}
    tables: dict[int, tuple[int, list[Line]]] = {}
    for first, last in find_blocks(source):
        rows = rebuild(source[first:last + 1], clean_text)
        if rows:
            tables[first] = (last + 1, rows)
    return tables


def _cell_per_line_tables(source: list[SourceLine]) -> dict[int, tuple[int, list[Line]]]:
    """Tables flattened to one cell per line (no pipes): their rows, as for pipe-per-line ones."""
    return find_cell_tables(source, clean_text)


# What a decoration line can start with: a cheap test before its three patterns.
_DECORATION_STARTS = frozenset("-_=*~.·|:+ \t")


def _is_decoration(text: str) -> bool:
    """A rule line, a table separator row, a lone bullet mark or lone pipes: no text of its own."""
    return bool(RULE_LINE_RE.match(text) or TABLE_SEPARATOR_RE.match(text) or text in ("-", "+")
                or SEPARATOR_ONLY_RE.match(text))


# Signs that never open a line of their own: a line starting with one goes on with the figure above.
UNIT_SIGNS = frozenset("%‰")


def _joins(prev_text: str, prev_raw: str, text: str, raw: str, hard_break: bool, soft_wrap: bool,
           opens_unit: bool = True) -> bool:
    """Does this line continue the previous one? `opens_unit`: the previous line began its unit
    (a bare label that ended a wrapped reference, "… tại khoản 3" ⏎ "Điều 1.", has its text)."""
    if len(prev_text) <= LABEL_WORD_MAX_CHARS and _completes_label_word(prev_text, text):
        return True
    if text[:1] in UNIT_SIGNS and prev_text[-1:].isdigit():
        return True  # "… bảo hiểm y tế đạt 95" ⏎ "%.": a justified PDF broke the space before the sign
    if opens_unit and _is_bare_label(prev_text):
        return not _opens_unit(text, raw)
    if _completes_numberless_reference(prev_text, text):
        return True
    if soft_wrap and _wrapped_member(prev_text, text) and not _opens_unit(text, raw):
        return True
    if hard_break or (soft_wrap and not TERMINAL_RE.search(prev_text[-8:])):
        if _completes_reference(prev_text, text):
            return True
        if not _opens_unit(text, raw) and not prev_text.startswith("|") and not _is_heading_mark(prev_raw):
            if not stands_alone(prev_text):
                return True
    return _continues(prev_text, text)


def _wrapped_member(prev_text: str, text: str) -> bool:
    """In hard-wrapped text: a list member or a label's figure broken at the width (see
    WRAP_LIST_END_RE, WRAP_COLON_END_RE); the caller checks that the line opens no unit."""
    tail = prev_text[-4:]
    if WRAP_LIST_END_RE.search(tail):
        return LOWER_START_RE.match(text) is not None and not POINT_LABEL_RE.match(text)
    return WRAP_COLON_END_RE.search(tail) is not None and DIGIT_START_RE.match(text) is not None


LABEL_WORD_MAX_CHARS = 8  # "Chương", "Điều": a longer line is never a lone label word


@per_grammar
def _label_words() -> frozenset[str]:
    return frozenset(fold(w) for w in load_grammar("structure")["joins"]["label_words"])


def _completes_label_word(prev_text: str, text: str) -> bool:
    """ "Điều" ⏎ "2. Quy định mức học phí …": the number and name of an article broken from its
    label word (a line break inside "**…**"); read apart, "2." became a clause of the article above."""
    if fold(prev_text).strip() not in _label_words():
        return False
    return opens_division(f"{prev_text} {text}")


def _is_bare_label(text: str) -> bool:
    if len(text) > 10 or text[-1:] not in (".", ")"):
        return False  # cheap pre-check before the rules: "a)", "2.", "III." (lines.BARE_LABEL_MAX_CHARS)
    return is_bare_label(text)


@per_grammar
def _figure_lead_end_re() -> regex.Pattern[str]:
    """A line ending on the lead word of a date or figure, or on a comma (see [joins] figure_lead_words)."""
    words = sorted(load_grammar("structure")["joins"]["figure_lead_words"], key=len, reverse=True)
    return compile_regex(r"(?:(?<![\p{L}\d])(?:" + "|".join(regex.escape(w) for w in words) + r")|,)\s*$",
                         regex.IGNORECASE)


def _completes_reference(prev_text: str, text: str) -> bool:
    """ "… tại khoản 3" ⏎ "Điều 1.": a bare label after a line ending in a reference word is the
    rest of the cross-reference (checked only where the text is hard-wrapped)."""
    if len(text) > 10 or text[-1:] not in (".", ")") or _reference_end_re().search(fold(prev_text[-40:])) is None:
        return False
    return is_bare_label(text, "reference_label")


def _completes_numberless_reference(prev_text: str, text: str) -> bool:
    """ "… quy định tại khoản 1 Điều" ⏎ "4. Mức hỗ trợ …": a line ending on a reference word without
    its number goes on with the number the next line opens with, in any layout (read apart, "4."
    became a clause that the real clauses 2 and 3 then followed out of order)."""
    if not text[:1].isdigit() or _numberless_reference_end_re().search(fold(prev_text[-20:])) is None:
        return False
    return NUMBER_LABEL_START_RE.match(text) is not None


# A number label at a line's start ("4. Mức hỗ trợ", "12)"), the rest of a reference above it.
NUMBER_LABEL_START_RE = compile_regex(r"^\d{1,3}(?:\.\d{1,3})*[.)]?(?:\s|$)")


def _longest_first(words: Iterable[str]) -> str:
    """An alternation of the words, escaped, the longest first (so a word never loses to its prefix)."""
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


@per_grammar
def _numberless_reference_end_re() -> regex.Pattern[str]:
    """A line ending on a reference word with no number after it ("… tại khoản 1 Điều")."""
    joins = load_grammar("structure")["joins"]
    words = _longest_first(fold(w) for w in joins["reference_words"])
    leads = _longest_first(fold(w) for w in joins["reference_leads"])
    # after a lead ("tại Điều") or a reference with its number ("khoản 1 Điều"): "quan điểm",
    # "địa điểm" end a heading on the same word
    return compile_regex(r"(?<![\p{L}\d])(?:(?:" + leads + r")\s+|(?:" + words + r")\s+[\da-z]{1,4}\s+)(?:"
                         + words + r")\s*$")


@per_grammar
def _reference_end_re() -> regex.Pattern[str]:
    """A line ending on a reference word, maybe followed by its number or letter ("khoản 3")."""
    words = sorted((fold(w) for w in load_grammar("structure")["joins"]["reference_words"]), key=len, reverse=True)
    return compile_regex(r"(?<![\p{L}\d])(?:" + "|".join(regex.escape(w) for w in words)
                         + r")(?:\s+[\da-z]{1,4})?\s*$")


def drop_page_furniture(source: list[SourceLine]) -> tuple[list[SourceLine], set[int]]:
    """The lines without page-break marks and page numbers, and the indices (in the lines kept)
    of the lines that open a new page: a mark or a page number was dropped before them, or a form
    feed changed the page. Done before the tables are found, so a page break inside a table
    written one cell per line leaves it whole."""
    kept: list[SourceLine] = []
    turns: set[int] = set()
    after_mark = False  # the line before was a page-break mark: a bare number now is its page's
    dropped = False  # the line before was furniture: this one opens a page
    for index, sl in enumerate(source):
        raw = sl.text
        if len(raw) <= PAGE_FURNITURE_MAX_CHARS and raw.lstrip(" \t*_#\\")[:1] in PAGE_FURNITURE_STARTS:
            text = clean_text(raw)
            if _is_page_furniture(text, source, index, after_mark):
                # only a mark's number follows it: after a page number, a bare number is text
                # again (a table's row number read one cell per line, "4" ⏎ "\f2" ⏎ "9")
                after_mark = _is_page_mark(text)
                dropped = True
                continue
        if dropped or (kept and sl.page is not None and kept[-1].page is not None and sl.page != kept[-1].page):
            turns.add(len(kept))
        after_mark = dropped = False
        kept.append(sl)
    return kept, turns


# What a page-break mark or page number can start with, and how long it can be: cheap tests
# before the rules.
PAGE_FURNITURE_STARTS = frozenset("-Tt0123456789")
PAGE_FURNITURE_MAX_CHARS = 60


def _is_page_furniture(text: str, source: list[SourceLine], index: int, after_page_mark: bool) -> bool:
    """A page-break mark, a page number written as such ("- 3 -", "Trang 3/9"), or a bare number
    on the line after a mark or on either side of a form feed (where the page changes)."""
    if _is_page_mark(text) or _is_page_number(text):
        return True
    if not PAGE_NUMBER_RE.match(text):
        return False
    if after_page_mark:
        return True  # the next page's number under the mark ("--- PAGE BREAK ---" ⏎ "3")
    page = source[index].page
    if page is None:
        return False
    # beside a form feed, and the number is that page's (a cover page may go unnumbered): a row
    # number of a table read one cell per line is no page number
    digits = "".join(ch for ch in text if ch.isdigit())
    if int(digits) not in (page, page - 1):
        return False
    before = source[index - 1].page if index > 0 else page
    after = source[index + 1].page if index + 1 < len(source) else page
    return before != page or after != page


def _is_page_number(text: str) -> bool:
    if len(text) > 16 or not (text[:1] == "-" or text[:1] in "Tt"):
        return False
    return is_page_number(text)


def _is_page_mark(text: str) -> bool:
    if not text.startswith("--"):
        return False
    return is_page_mark(text)


@per_grammar
def _continuation_words() -> frozenset[str]:
    return frozenset(load_grammar("structure")["joins"]["continuation_words"])


def ends_on_function_word(text: str) -> bool:
    """The text ends on a function word no heading or title ends on ("… tiêu chí tại", "… NĂM
    2016 CỦA"; [joins] heading_cannot_end, matched with its tones)."""
    return _function_word_end_re().search(text.lower()) is not None


@per_grammar
def _function_word_end_re() -> regex.Pattern[str]:
    words = _longest_first(load_grammar("structure")["joins"]["heading_cannot_end"])
    return compile_regex(r"(?<![\p{L}\d])(?:" + words + r")$")


def ends_mid_phrase(text: str) -> bool:
    """The line ends on a word that needs a continuation ("thuộc", "của", "Điều")."""
    last = text.rsplit(" ", 1)[-1].lower()
    return last in _continuation_words()


def _is_heading_mark(raw: str) -> bool:
    return raw[:4].lstrip().startswith("#")


# "(3) Tỷ lệ lao động …": a bracketed item number before a capital opens an item (not a structure
# label, but never the rest of a wrapped line: "b) Các chỉ tiêu về xã hội" ⏎ "(3) …" ends on "hội",
# a word that a wrapped council name goes on from).
PAREN_ITEM_START_RE = compile_regex(r"^\(\d{1,2}\)[ \t]++\p{Lu}")


def _opens_unit(text: str, raw: str) -> bool:
    """A label, a table row, a Markdown heading or a structure anchor starts a line of its own."""
    if text.startswith("|") or _is_heading_mark(raw):
        return True
    if text[:1] == "(" and PAREN_ITEM_START_RE.match(text):
        return True
    return starts_new_line(text)


def _flush(out: list[Line], parts: list[str], raws: list[str]) -> None:
    if out and len(parts) > 1:
        out[-1].text = " ".join(parts)
        out[-1].raw = "\n".join(raws)


def _continues(prev_text: str, text: str) -> bool:
    """A line broken at a page break or by wrapping, whatever the document's layout:
    - it starts lower case and the previous one has no end mark;
    - both are capitals (a header or title wrapped: "HỘI ĐỒNG NHÂN" ⏎ "DÂN");
    - the previous ends with "ngày/tháng/năm/số" and this one starts with a digit.
    Labels and anchors never continue (checked by the caller for the last two cases)."""
    if prev_text.startswith("|") or text.startswith("|") or TERMINAL_RE.search(prev_text[-8:]):
        return False
    if LOWER_START_RE.match(text):
        return not POINT_LABEL_RE.match(text)
    caps_wrap = _all_caps(prev_text) and _all_caps(text)
    date_wrap = DIGIT_START_RE.match(text) is not None and _figure_lead_end_re().search(prev_text[-40:]) is not None
    if caps_wrap or date_wrap:
        if not starts_new_line(text):
            return not stands_alone(prev_text)
        return caps_wrap and _wraps_into_anchor(prev_text, text)
    return False


def _wraps_into_anchor(prev_text: str, text: str) -> bool:
    """A header name wrapped where its tail is itself a name: "ỦY BAN THƯỜNG VỤ" ⏎ "QUỐC HỘI"
    (the Standing Committee's header, two lines in every layout). The capitals line above
    anchors nothing, and the two read as one line are the same kind of anchor as the tail."""
    kind = kind_of(text, "join_blocker")
    return kind_of(prev_text, "join_blocker") == "text" and kind_of(f"{prev_text} {text}", "join_blocker") == kind


def _all_caps(text: str) -> bool:
    """At least two letters, all capitals (str.isupper first: most lines fail it at once)."""
    head = text[:200]
    return head.isupper() and sum(1 for c in head if c.isalpha()) >= 2
