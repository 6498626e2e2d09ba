"""Items numbered inside one paragraph: "(1) … (2) …", "1. … 2. …", "I. Về kinh tế … II. …".

Web pages and flattened PDFs run a whole list into one line. A label counts only in sequence (the
number after the last one accepted; a sequence begins at 1, at the very start of the text, or at
a number whose successor follows), so a stray "2." or a decimal never splits a text, and "Điều 2." cross-references are
never labels.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .. import roman
from ..caches import per_line
from ..runcache import compile_re, compile_regex

# "(1) ", "(12) ": not "(GRDP)" nor "(2020)"; not glued to a word before ("Quyết định(1)").
PAREN_LABEL_RE = compile_regex(r"(?<![\w(])\((\d{1,2})\)\s++")
# "1. Tốc độ": after a space or the text start; not a decimal ("8.5"), not "2.1." (a digit follows).
NUMBER_LABEL_RE = compile_regex(r"(?:^|(?<=[\s;:)]))(\d{1,2})\.\s++(?=[\p{L}(\"“])")
# "1.1. Tốc độ …", "2.3. Tỷ lệ …" run into a paragraph (a flattened "Chỉ tiêu kinh tế 1.1. … 1.2. …"):
# after a space or the text start, before a letter; read in sequence as the others are.
DECIMAL_LABEL_RE = compile_regex(r"(?:^|(?<=[\s;:)]))(\d{1,2})\.(\d{1,2})\.\s++(?=[\p{L}(\"“])")
# "II. Về văn hóa": capitals only, so the word "I." of English text and "V." initials are rare.
ROMAN_LABEL_RE = compile_regex(r"(?:^|(?<=[\s;:)]))([IVX]{1,5})\.\s++(?=\p{L})")
# The dot that ends a "1." or "II." label, after a digit or I, V, X: a pre-check for the two patterns
# above (in `re`, which finds the dot by a fast scan). Astral characters too: `regex` knows digits
# past Python's Unicode tables, all of them outside the Basic Multilingual Plane.
LABEL_DOT_RE = compile_re(r"\.(?<=[\dIVX\U00010000-\U0010FFFF]\.)")
# "… đạt 7,5%. - GRDP bình quân …", "Về xã hội: + Tỷ lệ …": a bullet run into the paragraph after
# a sentence end or a colon, before a capital (a portal's flattening of a Word "-"/"+" list). Not a
# range ("7 - 8%": no sentence end before it) nor a dash inside a sentence ("Đảng - Nhà nước").
INLINE_BULLET_RE = compile_regex(r"(?:^|(?<=[.:;!?]))[ \t]*+([-+•–])[ \t]++(?=\p{Lu})")
# A pre-check in `re` (a fast scan): a bullet mark after a sentence end or a colon.
INLINE_BULLET_GATE_RE = compile_re(r"[.:;!?][ \t]*[-+•–][ \t]")
# Inline bullets split a paragraph when at least this many run in it (one may be a stray dash).
INLINE_BULLETS_MIN = 2
# The word before a number that makes it a reference ("Điều 2.", "khoản 3.").
REFERENCE_BEFORE_RE = compile_regex(r"(?:điều|khoản|mục|điểm|chương|phụ lục|số)\s*+$", regex.IGNORECASE)


@dataclass(frozen=True, slots=True)
class InlineItem:
    kind: str  # "paren" | "number" | "decimal" | "roman" | "bullet"
    label: str
    text: str
    start: int  # offset of the item's text in the paragraph


def split_inline_items(text: str) -> tuple[str, list[InlineItem]]:
    """The words before the first label, and the labelled items in order ([] when none)."""
    lead, items = _split_cached(text)
    return lead, list(items)


@per_line(4096)
def _split_cached(text: str) -> tuple[str, tuple[InlineItem, ...]]:
    lead, items = _split(text)
    return lead, tuple(items)


def _split(text: str) -> tuple[str, list[InlineItem]]:
    candidates: list[tuple[int, int, str, int]] = []  # start, text start, kind, number
    for kind, pattern in _label_patterns(text):
        for m in pattern.finditer(text):
            if kind == "roman":
                value = roman.parse(m.group(1))
                if value is None:
                    continue
            elif kind == "decimal":
                value = int(m.group(1)) * DECIMAL_BASE + int(m.group(2))
            else:
                value = int(m.group(1))
            if REFERENCE_BEFORE_RE.search(text[max(0, m.start() - 12): m.start()]):
                continue
            candidates.append((m.start(), m.end(), kind, value))
    candidates.sort()
    present = {(kind, value) for _s, _t, kind, value in candidates}
    last: dict[str, int] = {}
    accepted: list[tuple[int, int, str, int]] = []
    for start, text_start, kind, value in candidates:
        previous = last.get(kind)
        # a sequence begins at 1, at the very start, or where its successor follows ("(7) … (8)")
        begins = (value % DECIMAL_BASE if kind == "decimal" else value) == 1 or start == 0 \
            or (kind, value + 1) in present
        if (previous is None and begins) or (previous is not None and _next_in_sequence(kind, previous, value)):
            last[kind] = value
            accepted.append((start, text_start, kind, value))
    if not accepted or (len(accepted) == 1 and accepted[0][0] != 0):
        return _split_bullets(text)
    items = []
    for i, (_start, text_start, kind, value) in enumerate(accepted):
        end = accepted[i + 1][0] if i + 1 < len(accepted) else len(text)
        label = {"paren": f"({value})", "number": f"{value}.", "roman": _roman_label(text, text_start),
                 "decimal": f"{value // DECIMAL_BASE}.{value % DECIMAL_BASE}."}[kind]
        items.append(InlineItem(kind, label, text[text_start:end].strip(), text_start))
    return text[: accepted[0][0]].strip(), items


# A decimal label "M.N." is read as the number M * DECIMAL_BASE + N (N has at most two digits).
DECIMAL_BASE = 100


def _next_in_sequence(kind: str, previous: int, value: int) -> bool:
    """The label after `previous` in its numbering: n + 1; for decimals "1.2" after "1.1" and
    "2.1" after any "1.n"."""
    if kind != "decimal":
        return value == previous + 1
    if value // DECIMAL_BASE == previous // DECIMAL_BASE:
        return value == previous + 1
    return value // DECIMAL_BASE == previous // DECIMAL_BASE + 1 and value % DECIMAL_BASE == 1


def _split_bullets(text: str) -> tuple[str, list[InlineItem]]:
    """Items run in after sentence ends as "- " or "+ " (one mark throughout), or (text, [])."""
    if INLINE_BULLET_GATE_RE.search(text) is None:
        return text, []  # no bullet after a sentence end ("kinh tế - xã hội" has none): no scan
    found = list(INLINE_BULLET_RE.finditer(text))
    if not found:
        return text, []
    mark = found[0].group(1)
    found = [m for m in found if m.group(1) == mark]
    if len(found) < INLINE_BULLETS_MIN:
        return text, []
    items = []
    for i, m in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(text)
        items.append(InlineItem("bullet", mark, text[m.end():end].strip(), m.end()))
    return text[: found[0].start()].strip(), items


def _label_patterns(text: str) -> list[tuple[str, regex.Pattern[str]]]:
    """The label patterns that can match in `text`: the patterns try every offset, while a
    bracket is found by `in` and a label's dot by one scan that looks for the dot first."""
    patterns = [("paren", PAREN_LABEL_RE)] if "(" in text else []
    if LABEL_DOT_RE.search(text) is not None:
        patterns += [("number", NUMBER_LABEL_RE), ("decimal", DECIMAL_LABEL_RE), ("roman", ROMAN_LABEL_RE)]
    return patterns


def _roman_label(text: str, text_start: int) -> str:
    head = text[:text_start].rstrip()
    return head.rsplit(None, 1)[-1] if head else ""
