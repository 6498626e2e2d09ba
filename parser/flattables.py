"""Tables whose cells were flattened to single spaces: text copied from a PDF, or `pdftotext`
without `-layout`, writes each row as one line of words:

    STT Chỉ tiêu Đơn vị tính Kế hoạch 2025      ← header: an STT word, a name word, maybe a
    1 Tốc độ tăng trưởng GRDP % 8,5                unit word, then one header per value column
    2 GRDP bình quân đầu người Triệu đồng 120
    II Chỉ tiêu xã hội                          ← a group row: a row number and a name only

Read as prose, the row names an indicator "1 Tốc độ tăng trưởng GRDP %" without its unit. Here
each such table becomes pipe rows with their cells (as the tab- and space-aligned ones do, see
columns.py), so the tree and the indicator reader see a table.

The cells are read from the row's ends: its row number first; its figures last (one per value
column, as many as the header names, each maybe with a sign or a change word before it, "≥ 95",
"giảm 0,5", "7,5 - 8"); when the header has a unit column, the unit is the words right before
the figures from the last one in capitals ("Triệu đồng", "Xã", "%") within UNIT_MAX_WORDS, else
a unit the quantity grammar knows ("triệu đồng", "USD"); the name is what is left.

What is never such a table (the false positives these bounds avoid): a sentence that starts with
"STT" (the header must name a name column and a value column, and be short); rows without a
figure (at least MIN_ROWS rows must end on one); a numbered list below a header of another kind
(the header words are grammars/indicators.toml [tables] flat_header).
"""

from __future__ import annotations

from collections.abc import Callable

from .caches import per_grammar
from .columns import row_line
from .extract.indicator_vocab import vocab
from .model import Line, SourceLine
from .quantities import is_unit_text
from .rules import load_grammar
from .runcache import compile_regex
from .textfold import fold

HEADER_MAX_CHARS = 160
ROW_MAX_CHARS = 400
MIN_ROWS = 2
UNIT_MAX_WORDS = 3
# A row number: "1", "12", "1.1", "I", "XIV", "A" (a letter group row); a lone word, then a space.
ROW_LABEL_RE = compile_regex(r"^(?:\d{1,3}(?:\.\d{1,2}){0,2}\.?|[IVXL]{1,6}\.?|[A-Z]\.?)$")
# A figure as a cell holds it: "8,5", "12.500", "95%", "7,5-8", "≥95" (signs and ranges written
# apart are joined first, see _value_cells).
FIGURE_TOKEN_RE = compile_regex(r"^[<>≥≤]?\d[\d.,]*+(?:[-–÷]\d[\d.,]*+)?[%‰]?$")
SIGNS = frozenset({"<", ">", "≥", "≤", "<=", ">="})
DASHES = frozenset({"-", "–", "÷"})
# The header's value columns part after each year ("Thực hiện 2024 Kế hoạch 2025").
AFTER_YEAR_RE = compile_regex(r"(?<=\b(?:19|20)\d{2}\)?)\s++(?=\S)")


@per_grammar
def _value_words() -> frozenset[str]:
    return frozenset(load_grammar("indicators")["tables"]["flat_value_words"])


def _header(text: str) -> tuple[list[str], bool] | None:
    """(the header's cells, whether it names a unit column), or None when the line is no header."""
    if len(text) > HEADER_MAX_CHARS or "|" in text or "\t" in text:
        return None
    m = vocab().table["flat_header"].match(fold(text))
    if m is None:
        return None
    cells = [text[m.start("stt"):m.end("stt")], text[m.start("name"):m.end("name")]]
    has_unit = m.start("unit") >= 0
    if has_unit:
        cells.append(text[m.start("unit"):m.end("unit")])
    values = [v.strip() for v in AFTER_YEAR_RE.split(text[m.start("values"):].strip()) if v.strip()]
    if not values:
        return None
    return cells + values, has_unit


def _value_cells(words: list[str], count: int) -> tuple[list[str], int]:
    """The last `count` figures of a row's words (fewer when the row has fewer: they fill the
    last columns) and the index of the first word they took."""
    cells: list[str] = []
    i = len(words)
    words_before = _value_words()
    while i > 0 and len(cells) < count:
        j = i - 1
        if not FIGURE_TOKEN_RE.match(words[j]):
            break
        # "7,5 - 8": a range written apart
        if j >= 2 and words[j - 1] in DASHES and FIGURE_TOKEN_RE.match(words[j - 2]):
            j -= 2
        if j >= 1 and (words[j - 1] in SIGNS or words[j - 1].lower() in words_before):
            j -= 1
        cells.insert(0, " ".join(words[j:i]))
        i = j
    return cells, i


def _unit_start(words: list[str], end: int) -> int:
    """Where the unit begins among words[:end] (the words before the figures); `end` when the
    row writes no unit."""
    low = max(1, end - UNIT_MAX_WORDS)  # the name keeps one word at least
    for k in range(end - 1, low - 1, -1):
        word = words[k]
        if word in ("%", "‰") or (word[:1].isupper() and word[1:2].islower()):
            return k
    for k in range(low, end):
        if is_unit_text(" ".join(words[k:end])):
            return k
    return end


def _row_cells(text: str, width: int, has_unit: bool) -> list[str] | None:
    """The cells of a row under a header of `width` cells, or None when the line is no row."""
    words = text.split()
    if len(words) < 2 or len(text) > ROW_MAX_CHARS or not ROW_LABEL_RE.match(words[0]):
        return None
    values_count = width - (3 if has_unit else 2)
    values, first_value = _value_cells(words[1:], values_count)
    rest = words[1:1 + first_value]
    if not rest:
        return None
    unit = ""
    if has_unit and values:
        at = _unit_start(rest, len(rest))
        rest, unit = rest[:at], " ".join(rest[at:])
    cells = [words[0].rstrip("."), " ".join(rest)]
    if has_unit:
        cells.append(unit)
    return cells + [""] * (values_count - len(values)) + values


def flat_tables(source: list[SourceLine], clean: Callable[[str], str]) -> dict[int, tuple[int, list[Line]]]:
    """Index of each single-space table's header line → (index after it, its pipe rows)."""
    out: dict[int, tuple[int, list[Line]]] = {}
    i = 0
    while i < len(source):
        head = source[i].text.lstrip()
        found = _header(head.strip()) if head[:1] in "STst" else None
        if found is None:
            i += 1
            continue
        header, has_unit = found
        rows: list[tuple[SourceLine, list[str]]] = []
        texts: list[str] = []  # each row's text, wrapped lines joined
        lasts: list[int] = []  # each row's last line
        end = i + 1
        while end < len(source) and source[end].number == source[end - 1].number + 1:
            text = source[end].text.strip()
            cells = _row_cells(text, len(header), has_unit)
            if cells is None and rows and not rows[-1][1][-1] and text[:1].islower():
                # a name wrapped before its figures: "2 GRDP bình quân đầu người (giá hiện" ⏎
                # "hành) Triệu đồng 120"
                joined = _row_cells(f"{texts[-1]} {text}", len(header), has_unit)
                if joined is not None:
                    rows[-1] = (rows[-1][0], joined)
                    texts[-1] = f"{texts[-1]} {text}"
                    lasts[-1] = source[end].number
                    end += 1
                    continue
            if cells is None:
                break
            rows.append((source[end], cells))
            texts.append(text)
            lasts.append(source[end].number)
            end += 1
        if sum(1 for _, cells in rows if cells[-1]) < MIN_ROWS:
            i += 1
            continue
        out[i] = (end, [row_line(source[i], header, clean, source[i].number)]
                  + [row_line(sl, cells, clean, last) for (sl, cells), last in zip(rows, lasts, strict=True)])
        i = end
    return out
