"""Entries of one indicator-list item: its text → named amounts, with parent links.

An item holds one indicator ("Tỷ lệ hộ nghèo: dưới 3%"), several ("Sản lượng lúa: 2.961 tấn; Sản
lượng bắp: 14 tấn", "… đạt 98%, khu vực nông thôn đạt 92%"), a parent with parts ("Cơ cấu kinh
tế: nông nghiệp 12,5%; dịch vụ 42,3%", "…, trong đó: …"), or a number-first phrase ("45 xã đạt
chuẩn nông thôn mới"). The text is cut into chunks at separators outside brackets; a chunk
without an amount belongs to the name of the next one (commas inside names never split them),
unless it continues a number-first phrase. Amounts inside brackets are asides ("(8 xã)",
"(Bằng chữ: …)") unless nothing outside holds one. Every word matched here is in
grammars/indicators.toml ([lists], [entries]).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, replace
from itertools import pairwise

import regex

from .. import rules as R
from ..caches import per_grammar, per_line
from ..quantities import Quantity, counted_noun_as_written, find_quantities
from ..runcache import compile_re, compile_regex
from .indicator_vocab import END_PUNCT
from .indicator_vocab import vocab as indicator_vocab
from .words import first_word
from .words import words as words_of

AMOUNT_KINDS = frozenset({"percent", "money", "quantity", "number"})
# Separators that close a chunk: ";" always, "," and sentence ends, " và " between two amounts.
# Only the character is matched here; whether it cuts is decided in `_chunks`.
SEPARATOR_RE = compile_regex(r"[;,]|\.(?=\s++[\p{Lu}\d(])|\s(?:và|hoặc)\s")
# Digits glued to a colon are a clock time or a ratio ("21:49", "ISO 14001:2015"), never amounts.
TIME_NEIGHBOUR_RE = compile_regex(r"\d:\d")
SENTENCE_END_RE = compile_regex(r"\.(?=\s++[\p{Lu}\d(])")
# A list label left at the start of a paragraph (a "5)" the tree did not take as a clause: its
# number broke the sequence): never part of a name. "5 xã" (a count) and "1/2" keep theirs.
LEADING_LABEL_RE = compile_regex(r"^(?:(?:\d{1,3}(?:\.\d{1,2})*[.)/]|[a-zđ]\))\s++(?=\p{Lu})|\(\d{1,3}\)\s++)")
# A label the tree keeps as text, read before any amount: a Roman part with decimals ("II.1.1. Tốc
# độ …": its "1.1" is no figure) and a lower-case Roman item ("(ii) Tỷ lệ …").
COMPOUND_LABEL_STARTS = frozenset("IVX(")
COMPOUND_LABEL_RE = compile_regex(r"^(?:[IVX]{1,5}\.\d{1,2}(?:\.\d{1,2})*\.?|\([ivx]{1,5}\))\s++(?=\p{Lu})")
MEASURE_UNITS_FALLBACK = frozenset({"%", "pp", "VND", "USD"})
# How far before an amount the words that put it in value position are looked for ("… đạt").
LOOK_BEHIND = 60
# Words before an amount that read as a verb opening a number-first phrase, not as a subject.
SHORT_LEAD_WORDS = 3


@dataclass(slots=True)
class Entry:
    """A named amount found in an item; `parent` indexes the entry it is a part of."""

    name: str
    quantity: Quantity | None
    note: str | None
    parent: int | None
    text: str  # the entry's own words, for role and year


@dataclass(frozen=True)
class _EntryVocab:
    dropped_lead: regex.Pattern[str]
    item_label: regex.Pattern[str]
    respectively: regex.Pattern[str]
    respectively_tail: regex.Pattern[str]
    respectively_head: regex.Pattern[str]
    ordered_shares: regex.Pattern[str]
    action_verbs: regex.Pattern[str]
    value_verb_end: regex.Pattern[str]
    aside_lead: regex.Pattern[str]
    running_total_lead: regex.Pattern[str]
    temporal_lead: regex.Pattern[str]
    head_tail: regex.Pattern[str]
    discourse_head: regex.Pattern[str]
    field_lead: regex.Pattern[str]
    reference_end: regex.Pattern[str]
    tail_words: tuple[str, ...]  # longest first, the verbs of holding among them
    held_tail_words: frozenset[str]
    change_tail: regex.Pattern[str]  # "lên", "xuống" closing a name that opens with its change
    level_tail: regex.Pattern[str]  # "lên", "xuống" closing a name (not "trở lên")
    level_lead: regex.Pattern[str]  # "đưa" opening a name that closes on "lên"
    part_separator: regex.Pattern[str]
    bracketed_parts: regex.Pattern[str]
    measure_units: frozenset[str]
    value_verb_start: regex.Pattern[str]
    value_verb_any: regex.Pattern[str]
    action_verbs_end: regex.Pattern[str]
    possessive_end: regex.Pattern[str]
    owner_subject: regex.Pattern[str]
    from_level: regex.Pattern[str]
    from_level_change_verbs: frozenset[str]
    closing_comparator: regex.Pattern[str]  # "trở lên" closing the words after an amount
    closing_comparators: dict[str, str]  # "trở lên" → ">="
    name_fillers: regex.Pattern[str]
    exceed: regex.Pattern[str]
    temporal_only: regex.Pattern[str]
    temporal_tail: regex.Pattern[str]
    name_end_verb: regex.Pattern[str]
    duration_units: frozenset[str]
    age_units: frozenset[str]
    grade_units: frozenset[str]
    count_headings: frozenset[str]


def _words(words: list[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


@per_grammar
def entry_vocab() -> _EntryVocab:
    g = R.load_grammar("indicators")
    e, lists = g["entries"], g["lists"]
    numbers = R.load_grammar("numbers")
    units = numbers.get("units", {})
    suffix = numbers["suffix"]
    return _EntryVocab(
        dropped_lead=compile_regex(r"^(?:(?:" + _words(e["dropped_lead"]) + r")\b\s*+)++"),
        item_label=compile_regex(e["item_label"]),
        respectively=compile_regex(e["respectively"]),
        ordered_shares=compile_regex(e["ordered_shares"], regex.IGNORECASE),
        respectively_head=compile_regex(r"^(?:" + _words(e["respectively_heads"]) + r")\s++"),
        respectively_tail=compile_regex(r"(?<=\S)\s++(?:" + _words(e["respectively_tail_words"]) + r")\b"),
        action_verbs=compile_regex(r"^(?:" + _words(e["action_verbs"]) + r")\b"),
        value_verb_end=compile_regex(r"(?:^|\s|:)(?:" + _words(e["value_verbs"]) + r")\s*+:?\s*+$|:\s*+$"),
        aside_lead=compile_regex(r"^\W*+(?:" + _words(e["aside_lead"]) + r")\b"),
        running_total_lead=compile_regex(r"^\W*+(?:" + _words(e["running_total_lead"]) + r")\b"),
        temporal_lead=compile_regex(e["temporal_lead"]),
        head_tail=compile_regex(e["head_tail"]),
        discourse_head=compile_regex(e["discourse_head"]),
        field_lead=compile_regex(e["field_lead"]),
        reference_end=compile_regex(r"(?:^|\s)(?:" + _words(e["reference_words"]) + r")\s*+$"),
        tail_words=tuple(sorted(lists["name_tail_words"] + lists["name_tail_held_words"], key=len, reverse=True)),
        held_tail_words=frozenset(lists["name_tail_held_words"]),
        change_tail=compile_regex(r"(?:" + lists["decrease_start"] + "|" + lists["increase_start"] + r").*?\s(?:"
                                  + _words(lists["name_tail_change_words"]) + r")$"),
        level_tail=compile_regex(e["level_tail"]),
        level_lead=compile_regex(r"^(?:" + _words(e["level_lead"]) + r")\b"),
        part_separator=compile_regex(lists["part_separator"]),
        bracketed_parts=compile_regex(lists["bracketed_parts"]),
        measure_units=frozenset(units.values()) | MEASURE_UNITS_FALLBACK,
        owner_subject=compile_regex(e["owner_subject"]),
        from_level=compile_regex(e["from_level"], regex.IGNORECASE),
        from_level_change_verbs=frozenset(e["from_level_change_verbs"]),
        closing_comparator=compile_regex(r"(?:^|\s)(" + _words([w for ws in suffix.values() for w in ws]) + r")$",
                                         regex.IGNORECASE),
        closing_comparators={w: op for op, ws in suffix.items() for w in ws},
        possessive_end=compile_regex(r"(?:^|\s)(?:" + _words(e["possessive_verbs"]) + r")$"),
        action_verbs_end=compile_regex(r"(?:^|\s)(?:" + _words(e["action_verbs"] + e["open_name_ends"]) + r")$"),
        value_verb_start=compile_regex(r"^(?:" + _words(e["value_verbs"]) + r")\b"),
        value_verb_any=compile_regex(r"(?<![^\W_])(?:" + _words(e["value_verbs"]) + r")(?![^\W_])"),
        name_fillers=compile_regex(r"^(?:(?:" + _words(e["name_fillers"]) + r")\b\s*+)++"),
        duration_units=frozenset(e["duration_units"]),
        age_units=frozenset(e["age_units"]),
        grade_units=frozenset(e["grade_units"]),
        count_headings=frozenset(e["count_headings"]),
        name_end_verb=compile_regex(r"(?<!\w)(?:" + _words(e["name_end_verbs"]) + r")\b"),
        temporal_only=compile_regex(e["temporal_only"]),
        temporal_tail=compile_regex(e["temporal_tail"]),
        exceed=compile_regex(r"\b(?:" + _words(e["exceed_words"]) + r")\b"),
    )


# --- brackets ----------------------------------------------------------------------------------

# One "(" or ")": the bracket walks below step from one to the next instead of over every character.
BRACKET_RE = compile_re(r"[()]")
COLON_OR_BRACKET_RE = compile_re(r"[():]")


def bracket_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of every outermost round bracket, closer included (nesting counted,
    unbalanced closers ignored, an unclosed bracket running to the end); in text order."""
    spans: list[tuple[int, int]] = []
    if "(" not in text:
        return spans
    depth = opened = 0
    for m in BRACKET_RE.finditer(text):
        i = m.start()
        if text[i] == "(":
            if not depth:
                opened = i
            depth += 1
        elif depth:
            depth -= 1
            if not depth:
                spans.append((opened, i + 1))
    if depth:
        spans.append((opened, len(text)))
    return spans


def bracket_mask(text: str) -> list[bool]:
    """True for every character inside round brackets (nesting counted, unbalanced closers ignored)."""
    mask = [False] * len(text)
    for a, b in bracket_spans(text):
        mask[a:b] = [True] * (b - a)
    return mask


def strip_brackets(text: str) -> str:
    """The text without its bracketed asides (linear: one pass over the brackets)."""
    spans = bracket_spans(text)
    if not spans:
        return text
    out, pos = [], 0
    for a, b in spans:
        out.append(text[pos:a])
        pos = b
    out.append(text[pos:])
    return "".join(out)


def first_unbracketed_colon(text: str, limit: int) -> int | None:
    """The offset of the first ":" outside round brackets in text[:limit], or None."""
    colon = text.find(":", 0, limit)
    if colon < 0 or text.find("(", 0, colon) < 0:
        return colon if colon >= 0 else None
    depth = 0
    for m in COLON_OR_BRACKET_RE.finditer(text, 0, limit):
        ch = m.group()
        if ch == ":":
            if not depth:
                return m.start()
        elif ch == "(":
            depth += 1
        elif depth:
            depth -= 1
    return None


# --- amounts -------------------------------------------------------------------------------------

def amounts(text: str, mask: list[bool] | None = None, quantities: list[Quantity] | None = None) -> list[Quantity]:
    """Quantities that can be an entry's value (in text order): no years, dates, clock times,
    references, durations or list sizes."""
    v = entry_vocab()
    mask = bracket_mask(text) if mask is None else mask
    found = []
    for q in find_quantities(text) if quantities is None else quantities:
        if q.kind not in AMOUNT_KINDS or (q.value is None and q.low is None):
            continue
        s, e = q.span
        around = text[max(0, s - 2): e + 2]
        if TIME_NEIGHBOUR_RE.search(around):
            continue
        if q.kind == "number" and v.reference_end.search(text[max(0, s - 24): s].lower()):
            continue
        if q.kind == "number" and q.low is not None and _year(q.low) and _year(q.high):
            continue  # "2010 - 2015": a period, not a range of amounts
        unit = (q.unit or "").lower()
        before = text[max(0, s - 24): s].lower()
        if q.kind == "quantity" and unit in v.duration_units and not v.value_verb_end.search(before) \
                and not v.value_verb_end.search(_words_before_digits(q.raw)):
            # "trong 5 năm", "kế hoạch 5 năm": a duration, unless it is the value ("Thời gian: 3
            # năm", "Số năm đi học bình quân đạt 10,5 năm": its verb may open the quantity)
            continue
        if q.kind == "money" and not q.scale and (q.value or 0) < 100 and q.low is None:
            continue  # "1 xã đ…" cut mid-word: no figure of a plan is a few đồng
        if unit in v.count_headings:
            continue  # "(11 chỉ tiêu)", "đề ra 25 chỉ tiêu": the size of a list, never one of its figures
        found.append(q)
    if len(found) > 1 and any(_qualifies_name(q, v) for q in found):
        # "90% người từ 60 tuổi trở lên", "trẻ em dưới 5 tuổi … còn 12%", "20 sản phẩm OCOP đạt 3
        # sao": an age bracket or a grade qualifies the name; the other amount is the value
        rest = [q for q in found if not _qualifies_name(q, v)]
        found = rest or found
    return found


def _qualifies_name(q: Quantity, v: _EntryVocab) -> bool:
    if q.kind != "quantity":
        return False
    unit = (q.unit or "").lower()
    return unit in v.grade_units or (q.comparator != "=" and unit in v.age_units)


def _words_before_digits(raw: str) -> str:
    """The prefix words a quantity opens with ("đạt tối thiểu " of "đạt tối thiểu 68 năm")."""
    for i, ch in enumerate(raw):
        if ch.isdigit():
            return " " + raw[:i].lower()
    return ""


def _year(v: float | None) -> bool:
    return v is not None and 1900 <= v <= 2100 and v == int(v)


def is_count(q: Quantity) -> bool:
    """A count of things ("45 xã", "01 sàn"), whose unit belongs in a number-first name."""
    return q.kind == "quantity" and bool(q.unit) and q.unit not in entry_vocab().measure_units


# --- chunks --------------------------------------------------------------------------------------

@dataclass(slots=True)
class _Chunk:
    start: int
    end: int
    sentence_end: bool  # the chunk closes a sentence: a number-first phrase stops there
    comma: bool = False  # the chunk ends at a comma: a number-first phrase may go on
    joined: bool = False  # the chunk ends at " và " between two amounts ("12 bác sĩ và 35 giường …")


def _chunks(text: str, mask: list[bool], start: int, end: int, found: list[Quantity],
            spans: list[tuple[int, int]]) -> list[_Chunk]:
    """Split text[start:end] at separators outside brackets and amounts; " và " cuts only right
    after an amount and before another ("… 17,4% và ngành nông … 9,5%"), so "Công nghiệp và xây
    dựng" stays whole. Linear: separators, spans and amounts are each walked once, in order."""
    ends = [q.span[1] for q in found]
    starts = [q.span[0] for q in found]
    out: list[_Chunk] = []
    pos = start
    si = 0  # spans before the separator
    ei = 0  # amounts ending before the separator
    for m in SEPARATOR_RE.finditer(text, start, end):
        i = m.start()
        while si < len(spans) and spans[si][1] <= i:
            si += 1
        if mask[i] or (si < len(spans) and spans[si][0] <= i):
            continue  # inside brackets or inside an amount ("8,5%", "7,5 - 8,0%")
        sep = m.group()
        if sep[0].isspace():
            while ei < len(ends) and ends[ei] <= i:
                ei += 1
            last_end = ends[ei - 1] if ei else -1
            near = last_end > pos and len(text[last_end:i].strip()) <= 10
            following = bisect_left(starts, m.end())
            meets = last_end > pos and following < len(starts) and starts[following] < end \
                and starts[following] - m.end() <= 1  # "90% hộ … văn hóa và 85% thôn …"
            if not (near and following < bisect_left(starts, end)) and not meets:
                continue
        out.append(_Chunk(pos, i, sep == ".", sep == ",", sep[0].isspace()))
        pos = m.end()
    if pos < end:
        out.append(_Chunk(pos, end, True))
    return out


# --- names -----------------------------------------------------------------------------------------

def trim_name(name: str) -> str:
    """The subject as a reader would write it: no separators, no value verbs at its end, no
    leading time phrase or filler verb, one sentence at most."""
    v = entry_vocab()
    name = " ".join(name.split())
    sentences = SENTENCE_END_RE.split(name)
    name = sentences[-1] if sentences else name
    name = name.strip(END_PUNCT + " -–+*•")
    label = LEADING_LABEL_RE.match(name)
    if label:
        name = name[label.end():]
    opened = name.lower()  # before its lead verb goes: "Đưa tỷ lệ đô thị hóa lên 45%" reaches a level
    for _ in range(3):
        lowered = name.lower()
        m = v.temporal_lead.match(name)
        if m and m.end() < len(name):
            name = name[m.end():]
            continue
        m = v.dropped_lead.match(lowered) or v.field_lead.match(lowered)
        if m and m.end() < len(name):
            name = name[m.end():]
            continue
        break
    changed = True
    while changed and name:
        changed = False
        name = name.strip(END_PUNCT + " -–")
        lowered = name.lower()
        for word in v.tail_words:
            # a verb of holding only after a name: "Duy trì 100% xã …" keeps its verb
            if lowered.endswith(" " + word) or (lowered == word and word not in v.held_tail_words):
                name = name[: len(name) - len(word)]
                changed = True
                break
    if v.change_tail.match(name.lower()) or (v.level_lead.match(opened) and v.level_tail.search(name.lower())):
        name = name[: name.rfind(" ")]
    return name.strip(END_PUNCT + " -–")


def _from_level_blanked(text: str) -> str:
    """"giảm từ 2,8% năm 2025 xuống còn 2,2%" read as "giảm xuống còn 2,2%", "Tỷ lệ hộ nghèo từ
    2,8% xuống còn 2,2%" as "Tỷ lệ hộ nghèo còn 2,2%": blanks of the same length, so offsets hold."""
    v = entry_vocab()

    def blank(m: regex.Match[str]) -> str:
        words = text[: m.start()].lower().split()
        if words and (words[-1] in v.from_level_change_verbs or " ".join(words[-2:]) in v.from_level_change_verbs):
            return " " * (m.start("to") - m.start()) + m.group("to")
        return " " * len(m.group())

    return v.from_level.sub(blank, text)


def _without_value_verb(pre: str) -> str:
    """The words before an amount without the value verb closing them ("năm 2026 phấn đấu đạt")."""
    m = entry_vocab().value_verb_end.search(pre.lower())
    return pre[: m.start()] if m else pre


def has_value_verb(text: str) -> bool:
    """Whether a part states a verb of its own ("tỷ lệ lao động qua đào tạo đạt 70%")."""
    return bool(entry_vocab().value_verb_any.search(text.lower()))


def _without_owner(name: str) -> str:
    """A name without the place it opens with ("Huyện", "Toàn xã có …", "Xã phấn đấu …")."""
    m = entry_vocab().owner_subject.match(name.lower())
    return trim_name(name[m.end():]) if m else name


def _clean_post(text: str) -> str:
    """Words after an amount, without its bracketed asides (a stray ")" of a bracketed amount)."""
    return " ".join(strip_brackets(text).split()).strip(END_PUNCT + " -–)")


# --- entries -----------------------------------------------------------------------------------------

def _bracketed_parts_opened(text: str) -> str:
    """`text` with a "(trong đó …)" bracket that holds an amount opened into ", trong đó …"
    ([lists] bracketed_parts; same length: the brackets become a comma and a space)."""
    def opened(m: regex.Match[str]) -> str:
        whole = m.group()
        return f",{whole[1:-1]} " if any(ch.isdigit() for ch in whole) else whole
    return entry_vocab().bracketed_parts.sub(opened, text)


def entries_of(text: str) -> list[Entry]:
    """Every named amount of an item, in order; parts ("trong đó", a parent's colon list) point
    to their parent. (Cached: the walk asks about the same item when it decides list membership
    and again when it reads the entries; callers never change the entries.)"""
    return list(_entries_cached(text))


@per_line(4096)
def _entries_cached(text: str) -> tuple[Entry, ...]:
    return tuple(_entries_of(text))


def _entries_of(text: str) -> list[Entry]:
    v = entry_vocab()
    label = v.item_label.match(text.lower())
    if label is not None:
        text = text[label.end():]  # "Chỉ tiêu 1: Tỷ lệ hộ nghèo …": the number names nothing
    if text[:1] in COMPOUND_LABEL_STARTS:
        compound = COMPOUND_LABEL_RE.match(text)
        if compound is not None:
            text = text[compound.end():]
    if "(" in text:
        text = _bracketed_parts_opened(text)
    if "từ" in text:
        text = _from_level_blanked(text)
    mask = bracket_mask(text)
    quantities = find_quantities(text)
    found = amounts(text, mask, quantities)
    if "lần lượt" in text:
        shared = _respectively(text, mask, found)
        if shared is not None:
            return shared
    if "(" in text and len(found) >= 2:
        ordered = _ordered_shares(text)
        if ordered is not None:
            return ordered
    spans = [q.span for q in quantities]
    first_end = found[0].span[1] if found else len(text) + 1
    lowered = text.lower()
    split_at = None
    end = len(text)
    for m in v.part_separator.finditer(lowered):
        if mask[m.start()]:
            continue
        if ":" not in m.group() and first_end > m.start():
            continue  # "Tổng mức vay …, bao gồm vay để bù đắp bội chi …": part of the name
        if not text[m.end():].strip(END_PUNCT):
            end = m.start()  # "…, gồm:" closing the item: its parts are the items below
            break
        split_at = m
        break
    if split_at is None:
        return _entries(text, mask, found, spans, 0, _before_separator(text, end), None, [])
    out: list[Entry] = []
    main = _entries(text, mask, found, spans, 0, _before_separator(text, split_at.start()), None, out)
    parent = next((i for i in range(len(main) - 1, -1, -1) if main[i].parent is None), None)
    if parent is None and main:
        parent = len(main) - 1
    elif main and main[-1].quantity is not None and text[_before_separator(text, split_at.start()):
                                                         split_at.start()].strip() == ",":
        # "Về xã hội: …; 100% xã đạt chuẩn NTM, trong đó 50% xã …": the parts after the comma are
        # of the item before it, whatever head the items share
        parent = len(main) - 1
    parts_end = _parts_end(text, mask, split_at.start(), split_at.end())
    _entries(text, mask, found, spans, split_at.end(), parts_end, parent, out)
    if parts_end < len(text):  # the items after the one "trong đó" split: siblings again
        _entries(text, mask, found, spans, parts_end + 1, len(text), None, out)
    return out


def _parts_end(text: str, mask: list[bool], start: int, end: int) -> int:
    """Where the parts after a "trong đó" end: at the next ";" when it follows a comma inside an
    item of a sentence that lists its items with ";" ("…; tỷ lệ lao động qua đào tạo đạt 75%, trong
    đó có bằng cấp, chứng chỉ đạt 40%; có 3 bác sĩ …"), else at the end: a "trong đó" that opens a
    sentence or follows the main part's ";" heads the ";" parts ("… 8.962 tỷ đồng. Trong đó, ngành
    nông nghiệp …; ngành công nghiệp …", "… 396,1 tỷ.đ; Trong đó: Dịch vụ …; Công nghiệp …")."""
    if text[_before_separator(text, start):start].strip() != ",":
        return len(text)
    sentence = 0
    for m in SENTENCE_END_RE.finditer(text, 0, start):
        sentence = m.end()
    if not any(ch == ";" and not mask[i] for i, ch in enumerate(text[sentence:start], start=sentence)):
        return len(text)
    for i in range(end, len(text)):
        if text[i] == ";" and not mask[i]:
            return i
    return len(text)


def _before_separator(text: str, i: int) -> int:
    """Where the main part ends: before the spaces and the one mark ("," ";" ".") ahead of "trong đó"."""
    j = i
    while j > 0 and text[j - 1].isspace():
        j -= 1
    if j > 0 and text[j - 1] in ",;.:":
        j -= 1
    return j


def _entries(text: str, mask: list[bool], found: list[Quantity], spans: list[tuple[int, int]], start: int,
             end: int, parent: int | None, out: list[Entry]) -> list[Entry]:
    """Entries of text[start:end], appended to `out` (indices in `parent` refer to `out`)."""
    v = entry_vocab()
    starts = [q.span[0] for q in found]
    here = found[bisect_left(starts, start): bisect_left(starts, end)]
    chunks = _chunks(text, mask, start, end, here, spans)
    chunk_qs = _assign(here, chunks)
    pending: int | None = None  # start of chunks whose words name the next amount
    pending_amounts = False  # those chunks hold amounts of their own (a name with numbers)
    open_entry: Entry | None = None  # a number-first phrase that goes on after a comma
    head: int | None = None  # index of a parent announced by "HEAD: part value; part value"
    bare: list[tuple[Quantity, _Chunk]] = []  # counts without a name before " và " (their rate follows)
    for ci, chunk in enumerate(chunks):
        qs = _chunk_amounts(text, mask, chunk_qs[ci], chunk)
        if not qs:
            if open_entry is not None:
                words = _clean_post(text[chunk.start: chunk.end])
                if words:
                    open_entry.name = f"{open_entry.name}, {words}"
                if not chunk.comma:
                    open_entry = None
                continue
            words = text[chunk.start:chunk.end].strip().lower()
            if (chunk.sentence_end and not words.endswith(":")) or (not chunk.comma and not chunk.sentence_end):
                pending = None  # a sentence or ";" part without an amount names nothing after it
                pending_amounts = False
            elif v.aside_lead.match(words):
                continue  # "bằng năm 2015": the aside of the value before
            elif pending is None:
                pending = chunk.start
            continue
        if pending is not None and pending_amounts and v.aside_lead.match(text[chunk.start:chunk.end].strip().lower()):
            # "15 trang trại, 55 gia trại, tăng 20 … so với năm 2015": bare counts, then an aside
            pending, pending_amounts = None, False
            continue
        seg_start = pending if pending is not None else chunk.start
        goes_on = chunk.comma and ci + 1 < len(chunks) \
            and not _chunk_amounts(text, mask, chunk_qs[ci + 1], chunks[ci + 1])
        chosen, mode = _choose(text, seg_start, chunk, qs, goes_on)
        if chosen is None:
            if ci + 1 < len(chunks) and _chunk_amounts(text, mask, chunk_qs[ci + 1], chunks[ci + 1]):
                if pending is None:
                    pending = chunk.start
                pending_amounts = True
                continue
            if pending is not None and pending_amounts:
                pending = None  # amounts that named nothing ("15 trang trại, 55 gia trại, tăng 20 …")
                pending_amounts = False
                continue
            chosen, mode = qs[-1], "value"
            lead = trim_name(text[seg_start: chosen.span[0]])
            post = _clean_post(text[chosen.span[1]: chunk.end])
            if pending is None and lead and len(lead.split()) <= SHORT_LEAD_WORDS and len(post.split()) >= 2 \
                    and chosen.direction is None and chosen.baseline is None \
                    and not v.aside_lead.match(chosen.raw.lower()) and not v.aside_lead.match(lead.lower()) \
                    and not v.aside_lead.match(post.lower()):
                mode = "inside"  # "Giữ vững 100% xã đạt chuẩn …": a verb we do not list, then the phrase
        pending = None
        pending_amounts = False
        open_entry = None
        pre = text[seg_start: chosen.span[0] + _name_part_of(chosen)]
        exceed = v.exceed.search(pre.lower()) if mask[chosen.span[0]] else None
        if exceed:
            if chosen.comparator == "=":
                chosen = replace(chosen, comparator=">")
            pre = pre[: exceed.start()]
        # "HEAD: name value" — the words before the first colon head the parts after it
        colon = _first_colon(pre, mask, seg_start)
        if colon is not None:
            head_text = pre[:colon]
            rest = pre[colon + 1:]
            if trim_name(rest) and not amounts(head_text):
                head_name = _head_name(head_text)
                if head_name:
                    out.append(Entry(head_name, None, None, parent, head_text))
                    head = len(out) - 1
                pre = rest  # "Phấn đấu đến năm 2025: GRDP … đạt …": the time phrase names nothing
        owner = head if head is not None else parent
        post = _clean_post(text[chosen.span[1]: chunk.end])
        closing = v.closing_comparator.search(post) if post and not any(ch.isdigit() for ch in post) else None
        if closing is not None:
            # "30 đảng viên mới trở lên", "3% tổng số đảng viên trở lên": the bound of the amount,
            # after the noun it counts or the total it is a share of, is no part of the name
            if chosen.comparator == "=":
                chosen = replace(chosen, comparator=v.closing_comparators[" ".join(closing.group(1).lower().split())])
            post = post[: closing.start()].rstrip(END_PUNCT + " ")
        if mode == "inside":
            chosen = _counted(chosen, post)
            lead = _without_owner(trim_name(_without_time(pre)))
            if v.possessive_end.search(" ".join(lead.lower().split())):
                lead = ""  # "có 4/5 trường học đạt chuẩn", "có thêm 10 xã đạt chuẩn NTM"
            unit = counted_noun_as_written(chosen) if is_count(chosen) else ""
            if unit and post.lower().startswith(unit.lower()):
                unit = ""  # "01 sàn giao dịch …": the phrase already begins with what it counts
            name = " ".join(p for p in (lead, unit, post) if p)
            if not lead and not unit and v.temporal_only.match(post.lower()) and out \
                    and out[-1].quantity is not None:
                # "… đạt 40% vào năm 2026 và 45% vào năm 2030": the second figure's subject is the first's
                subject = v.temporal_tail.sub("", out[-1].name).strip(END_PUNCT + " ")
                name = trim_name(f"{subject} {post}") if subject else name
            if not post and not lead:
                continue  # "15 trang trại": a bare count names nothing
            entry = Entry(name, chosen, _note(text, chosen, chunk), owner, text[seg_start: chunk.end])
            out.append(entry)
            if chunk.comma:
                open_entry = entry
            continue
        name = _trim_before(pre, chosen)
        bare_pre = " ".join(pre.lower().split()).strip(END_PUNCT)
        without_owner = _without_owner(name)
        owned = bool(post and (v.possessive_end.search(bare_pre) or (name and not without_owner)))
        name = without_owner
        if owned:
            name = ""  # "tỉnh … có ít nhất 20 tập dữ liệu mở …": the counted phrase is the name
        if owned or (name and not v.value_verb_end.search(pre.lower()) and (
                (v.action_verbs.match(name.lower()) and len(name.split()) <= 6)
                or v.action_verbs_end.search(bare_pre))):
            # "thành lập mới 44.000 doanh nghiệp", "phát triển từ 05 bộ dữ liệu mở …"
            chosen = _counted(chosen, post)
            unit = counted_noun_as_written(chosen) if is_count(chosen) else ""
            if unit and (post.lower().startswith(unit.lower())
                         or (not post and f" {unit.lower()} " in f" {name.lower()} ")):
                unit = ""  # "Số doanh nghiệp thành lập mới 1.200 doanh nghiệp": named already
            name = " ".join(p for p in (name, unit, post) if p)
            if post and chunk.comma:
                open_entry = Entry(name, chosen, _note(text, chosen, chunk), owner, text[seg_start: chunk.end])
                out.append(open_entry)
                continue
        elif post and chosen.kind == "number" and len(post.split()) <= 3 and len(words_of(post)) == 1:
            chosen = _counted(chosen, post)  # "Đàn lợn: 3.000 con"
        if not name and is_count(chosen) and not post and (chosen.per or chunk.joined):
            # "12 bác sĩ và 35 giường bệnh trên 1 vạn dân": one subject, two rates, each named
            # by what it counts per the shared base
            if chunk.joined:
                bare.append((chosen, chunk))
                continue
            for q0, c0 in [*bare, (chosen, chunk)]:
                q0 = q0 if q0.per else replace(q0, per=chosen.per)
                out.append(Entry(q0.unit_with_per or "", q0, None, owner, text[c0.start: c0.end]))
            bare = []
            continue
        bare = []
        said = name or " ".join(_without_value_verb(pre).split()).strip(END_PUNCT + " ")  # "năm 2026 phấn đấu"
        if said and v.temporal_only.match(said.lower()) and out and out[-1].quantity is not None:
            # "… đến năm 2025 đạt 50%, đến năm 2030 đạt 70%": the second figure's subject is the first's
            subject = v.temporal_tail.sub("", out[-1].name).strip(END_PUNCT + " ")
            name = trim_name(f"{subject} {said}") if subject else name  # "…, năm 2026 phấn đấu đạt …"
        if not name or (v.aside_lead.match(pre.strip().lower()) and (
                not trim_name(_after_aside(pre)) or qs[0] is not chosen)) \
                or (out and out[-1].quantity is not None and v.running_total_lead.match(pre.strip().lower())):
            continue  # "tăng 8,53% so với năm 2023", "tương đương 3,7% GDP", "nâng tổng số … lên 52": an aside
        out.append(Entry(name, chosen, _note(text, chosen, chunk), owner, text[seg_start: chunk.end]))
    return out


# Where the subjects of a "lần lượt" phrase part: commas and "và" outside brackets. `(?<!\s)`:
# a try starts only where a white-space run starts, so a long run is scanned once, not once per
# character.
SUBJECT_SPLIT_RE = compile_regex(r",\s*+|(?<!\s)\s++và\s++")


def _respectively(text: str, mask: list[bool], found: list[Quantity]) -> list[Entry] | None:
    """"Số bác sĩ và số giường bệnh … lần lượt đạt 12 bác sĩ và 35 giường": one entry per value,
    named by the subject in the same place, when the subjects and the values are as many (2 or
    more) and nothing but the values follows; else None (read as any other item)."""
    m = entry_vocab().respectively.search(text.lower())
    if m is None or mask[m.start()]:
        return None
    values = [q for q in found if q.span[1] > m.end() and q.span[0] >= m.start() and not mask[q.span[0]]]
    if len(values) < 2 or _clean_post(text[values[-1].span[1]:]).strip(END_PUNCT + " "):
        return None
    between = [text[a.span[1]:b.span[0]].strip() for a, b in pairwise(values)]
    if any(gap not in (",", "và", ", và") for gap in between):
        return None
    subject = text[:m.start()]
    parts, last = [], 0
    for sep in SUBJECT_SPLIT_RE.finditer(subject):
        if not mask[sep.start()]:
            parts.append(subject[last:sep.start()])
            last = sep.end()
    parts.append(subject[last:])
    names = [trim_name(p) for p in parts]
    if len(names) != len(values) or not all(names):
        return None
    names = _shared_words_given(names)
    return [Entry(name, q, None, None, text) for name, q in zip(names, values, strict=True)]


# The dash between the parts of an ordered list of shares ([entries] ordered_shares).
ORDERED_SEPARATOR_RE = compile_regex(r"(?<!\s)(?:\s++[-–]\s++|\s*+[-–]\s*+(?=\d))")


def _ordered_shares(text: str) -> list[Entry] | None:
    """A head, its parts in a bracket and their figures after it in order ("(nông nghiệp -
    công nghiệp, xây dựng - dịch vụ): 20% - 35% - 45%"): the head and one part per figure, when
    the parts and the figures are as many (three or more); else None."""
    m = entry_vocab().ordered_shares.match(text.strip())
    if m is None:
        return None
    items = [trim_name(p) for p in ORDERED_SEPARATOR_RE.split(m.group("items"))]
    figures = [f.strip() for f in ORDERED_SEPARATOR_RE.split(m.group("values"))]
    if len(items) != len(figures) or len(items) < 3 or not all(items):
        return None
    unit = "%" if figures[-1].endswith("%") else ""
    quantities = [find_quantities(f if f.endswith("%") or not unit else f + "%") for f in figures]
    if not all(len(q) == 1 for q in quantities):
        return None
    head = trim_name(m.group("head"))
    out = [Entry(head, None, None, None, text)]
    out.extend(Entry(item, q[0], None, 0, text) for item, q in zip(items, quantities, strict=True))
    return out


# A subject of a "lần lượt" phrase after the first is a bare item ("tiểu học", "mẫu giáo") when it
# is at most this many words.
BARE_ITEM_MAX_WORDS = 4


def _shared_words_given(names: list[str]) -> list[str]:
    """Subjects that are bare items ("Tỷ lệ trường mầm non", "tiểu học", "trung học cơ sở đạt
    chuẩn quốc gia") each with the head of the first and the tail of the last ("Tỷ lệ trường …
    đạt chuẩn quốc gia"); subjects that are whole names ("Số bác sĩ", "số giường bệnh …") as
    they are. The head is the first subject without its last words, as many as the second
    subject's item has."""
    last = names[-1]
    cut = entry_vocab().respectively_tail.search(last)
    item_last, tail = (last[:cut.start()], last[cut.start():].strip()) if cut else (last, "")
    items = [*names[1:-1], item_last]
    first_words = names[0].split()
    lowered = [w.lower() for w in first_words]
    second = items[0].split()
    if second[0].lower() in lowered[:2]:
        return names  # whole names ("số giường bệnh …" repeats the head word "số")
    if len([w for w in second if any(ch.isalnum() for ch in w)]) > BARE_ITEM_MAX_WORDS \
            or len(first_words) <= len(second):
        # items of unequal length ("Tỷ trọng nông nghiệp, công nghiệp - xây dựng, dịch vụ"): the
        # head is a measure word the first subject opens with, else the subjects are whole names
        head_m = entry_vocab().respectively_head.match(names[0].lower())
        if head_m is None or head_m.end() >= len(names[0]):
            return names
        head, first_item = names[0][:head_m.end()].strip(), names[0][head_m.end():].strip()
        return [" ".join(w for w in (head, item, tail) if w) for item in (first_item, *items)]
    # the second item opens with a word of the first one's item ("Tỷ lệ hộ nghèo, hộ cận nghèo"):
    # the head ends before that word; else the two items are as long
    at = next((i for i in range(len(lowered) - 1, 1, -1) if lowered[i] == second[0].lower()),
              len(first_words) - len(second))
    head, first_item = " ".join(first_words[:at]), " ".join(first_words[at:])
    return [" ".join(w for w in (head, item, tail) if w) for item in (first_item, *items)]


def part_lead_end(text: str) -> int | None:
    """Where a leading "Trong đó:" / "Gồm:" ends (the text after it is a part of the item before),
    or None."""
    m = entry_vocab().part_separator.match(text.lower())
    return m.end() if m is not None else None


def _without_time(text: str) -> str:
    """`text` (spaces collapsed) without a leading time phrase ("Đến năm 2030, ", "Hằng năm, "),
    "" when it is only one ("Mỗi năm" before "giảm 1,5 - 2% tỷ lệ hộ nghèo")."""
    joined = " ".join(text.split())
    lead = entry_vocab().temporal_lead
    when = lead.match(joined)
    if when is None and joined and lead.fullmatch(joined.rstrip(END_PUNCT) + ","):
        return ""
    return joined[when.end():] if when else joined


def _trim_before(pre: str, q: Quantity) -> str:
    """`trim_name` of the words before an amount whose text opens with a value verb ("ổn định ở
    mức 52%": the reader took "ở mức"): the verb is put back for the trim, so a tail that ends on
    it ("ổn định ở mức", "duy trì ở mức") goes whole."""
    name = trim_name(pre)
    verb = entry_vocab().name_end_verb.match(q.raw.lower())
    if verb is None or not name:
        return name
    longer = trim_name(pre + " " + q.raw[: verb.end()])
    return longer if longer and len(longer) < len(name) else name


def _name_part_of(q: Quantity) -> int:
    """How many characters at the start of an amount's text belong to the name: the quantity
    reader takes "bình quân hằng năm" and "tăng trưởng … đạt" as its prefix ("Tốc độ tăng trưởng
    bình quân hằng năm đạt 8,5%" is named "Tốc độ tăng trưởng bình quân hằng năm")."""
    v = entry_vocab()
    raw = q.raw.lower()
    cut = 0
    for m in v.name_end_verb.finditer(raw):
        cut = m.start()
    if cut:
        return cut
    filler = v.name_fillers.match(raw)
    return filler.end() if filler else 0


def _assign(found: list[Quantity], chunks: list[_Chunk]) -> list[list[Quantity]]:
    """The amounts of each chunk (both in text order: one pass)."""
    out: list[list[Quantity]] = [[] for _ in chunks]
    ci = 0
    for q in found:
        while ci < len(chunks) and chunks[ci].end <= q.span[0]:
            ci += 1
        if ci < len(chunks) and chunks[ci].start <= q.span[0]:
            out[ci].append(q)
    return out


def _chunk_amounts(text: str, mask: list[bool], qs: list[Quantity], chunk: _Chunk) -> list[Quantity]:
    """The chunk's amounts outside brackets; a bracketed one only when nothing outside holds an
    amount and the bracket closes the chunk ("… vượt dự toán Trung ương giao (6.193 tỷ đồng)")."""
    outside = [q for q in qs if not mask[q.span[0]]]
    if outside or not qs:
        return outside
    last = qs[-1]
    if not strip_brackets(text[last.span[1]: chunk.end]).strip(END_PUNCT + " )"):
        return [last]
    return []


def _counted(q: Quantity, post: str) -> Quantity:
    """A bare number before a noun phrase counts that phrase's first word ("05 kịch bản ứng dụng
    dữ liệu" → 5 kịch bản); a count already read with its noun is kept."""
    if q.kind != "number" or q.unit or q.scale or not post or not post[0].isalpha():
        return q
    noun = first_word(post)
    if not noun or len(noun.split()) > 3:
        return q
    return replace(q, kind="quantity", unit=noun)


def _after_aside(pre: str) -> str:
    m = entry_vocab().aside_lead.match(pre.strip().lower())
    return pre.strip()[m.end():] if m else pre


def _choose(text: str, seg_start: int, chunk: _Chunk, qs: list[Quantity],
            goes_on: bool = False) -> tuple[Quantity | None, str]:
    """The amount that is the entry's value, and how the name reads around it.

    "value": the amount closes the entry or follows a value verb or a colon (names may hold
    numbers: "trẻ em 6 tuổi vào lớp 1 đạt 100%"). "inside": a number-first phrase or one opened by
    an action verb, named by the words around the amount. None: the amounts belong to the name."""
    v = entry_vocab()
    if not _clean_post(text[qs[-1].span[1]: chunk.end]):
        return qs[-1], "value"  # only the last amount can close the chunk
    for q in qs:
        before = text[max(seg_start, q.span[0] - LOOK_BEHIND): q.span[0]].lower()
        raw = q.raw.lower()
        filler = v.name_fillers.match(raw)
        if v.value_verb_end.search(before) or (
                trim_name(before) and v.value_verb_start.match(raw[filler.end():] if filler else raw)):
            return q, "value"
    q = qs[0]
    # "đến năm 2026 có 90% hộ …", "Đến năm 2030, 100% xã …", "Hằng năm, 100% xã …": the time
    # names nothing (read with its comma, which ends the phrase)
    lead = text[seg_start: q.span[0]]
    colon = lead.rfind(":")  # "Về quốc phòng: Hằng năm, 100% xã …": the head names no amount
    lead = _without_time(lead[colon + 1:]).strip(END_PUNCT + " -–+").lower()
    post = _clean_post(text[q.span[1]: chunk.end])
    if lead and v.action_verbs.match(lead) and len(lead.split()) <= 6:
        return q, "inside"
    # number-first: "95% hộ sử dụng nước hợp vệ sinh", "10 xã đạt chuẩn NTM"; not an aside
    # ("tăng 20 trang trại so với năm 2015") nor a bare count ("15 trang trại")
    if not lead and q.direction is None and q.baseline is None and not v.aside_lead.match(q.raw.lower()) \
            and (len(post.split()) >= 3 - is_count(q) or (goes_on and bool(post))):
        return q, "inside"  # (cut by a comma, the phrase goes on: "85% thôn, tổ dân phố đạt …")
    # an item that opens with its change: "Tăng thêm 5.000 lao động có việc làm mới" (an aside
    # comes after a figure: "150 trang trại, tăng 20 trang trại so với năm 2015")
    # (or a ";" list item: "…đạt 70%; có thêm 10 xã đạt chuẩn NTM")
    opens_item = not text[:q.span[0]].strip(END_PUNCT + " -–+•*") or (
        not text[chunk.start:q.span[0]].strip(END_PUNCT + " -–+•*") and text[:chunk.start].rstrip().endswith(";"))
    if not lead and q.direction is not None and q.baseline is None and opens_item \
            and not indicator_vocab().comparison.search(post.lower()) and len(post.split()) >= 3 - is_count(q):
        return q, "inside"
    return None, ""


def _first_colon(pre: str, mask: list[bool], offset: int) -> int | None:
    i = pre.find(":")
    while i >= 0 and mask[offset + i]:
        i = pre.find(":", i + 1)
    return i if i >= 0 else None


def _head_name(head_text: str) -> str:
    """A parent heading without its closing verb phrase ("… chuyển dịch như sau"); "" for a
    time phrase alone ("Phấn đấu đến năm 2025: …" announces no parent)."""
    v = entry_vocab()
    name = trim_name(head_text)
    m = v.head_tail.search(name.lower())
    if m:
        name = name[: m.start()]
    name = name.strip(END_PUNCT + " -–")
    if v.temporal_lead.match(name.lower() + ", ") or v.discourse_head.match(name.lower()):
        return ""  # "Phấn đấu đến năm 2025: …", "Cụ thể: …" announce no parent
    return name


def _note(text: str, q: Quantity, chunk: _Chunk) -> str | None:
    """A bracketed note right after the value ("62% (theo Bộ tiêu chí mới)")."""
    after = text[q.span[1]: chunk.end].lstrip()
    if after.startswith("("):
        depth = 0
        for i, ch in enumerate(after):
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
                if depth == 0:
                    return after[: i + 1]
    return None
