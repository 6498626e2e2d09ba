"""Socio-economic indicators: formal lists, "trong đó" parts, tables, and prose targets.

A list opens under a heading such as "Các chỉ tiêu kinh tế" (grammars/indicators.toml); its items
with a quantity become indicators named by the text before the quantity. Items without a value
that head others ("Cơ cấu kinh tế:") are parents. Tables (pipe rows in text, DOCX/PDF tables) are
read by header: name, unit and one value column per year/role. Sentences elsewhere with "phấn
đấu", "mục tiêu", "đạt" and an amount go to `targets`, so the formal list stays precise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

import regex

from .. import rules as R
from ..model import Indicator, Metadata, Node, Table
from ..quantities import Quantity, apply_unit, find_quantities, parse_quantity
from ..segment import roman_value
from ..textfold import fold

AMOUNT_KINDS = {"percent", "money", "quantity", "number"}
YEAR_RE = regex.compile(r"\bnam\s+((?:19|20)\d{2})\b")
ANY_YEAR_RE = regex.compile(r"\b((?:19|20)\d{2})\b")
# A note after the value: "62% (theo Bộ tiêu chí mới)". Only a trailing bracket. `\s*+` before the
# optional mark: `\s*[.;,]?\s*$` tried every split of a trailing white-space run (quadratic).
TRAILING_NOTE_RE = regex.compile(r"^\s*+(\([^()]{1,200}\))\s*+[.;,]?\s*$")
END_PUNCT = " .;,:"
SENTENCE_SPLIT_RE = regex.compile(r"(?<=[.;!?])\s+(?=\p{Lu})")


@dataclass(frozen=True)
class _Vocab:
    heading: regex.Pattern[str]
    tail_words: tuple[str, ...]
    decrease_start: regex.Pattern[str]
    increase_start: regex.Pattern[str]
    part_separator: regex.Pattern[str]
    target_trigger: regex.Pattern[str]
    trigger_words: tuple[str, ...]
    target_window: int
    duration_units: frozenset[str]
    target_max_chars: int
    table: dict[str, regex.Pattern[str]]
    codes: tuple[tuple[str, regex.Pattern[str], regex.Pattern[str] | None], ...]


@cache
def _vocab() -> _Vocab:
    g = R.load_grammar("indicators")
    lists, targets, tables = g["lists"], g["targets"], g["tables"]
    codes = tuple(
        (c["code"], regex.compile(c["name"]), regex.compile(c["parent"]) if c.get("parent") else None)
        for c in g.get("code", [])
    )
    return _Vocab(
        heading=regex.compile(lists["heading"]),
        tail_words=tuple(sorted(lists["name_tail_words"], key=len, reverse=True)),
        decrease_start=regex.compile(lists["decrease_start"]),
        increase_start=regex.compile(lists["increase_start"]),
        part_separator=regex.compile(lists["part_separator"]),
        target_trigger=_whole_words(targets["trigger_words"]),
        trigger_words=tuple(targets["trigger_words"]),
        target_window=int(targets["trigger_window"]),
        duration_units=frozenset(targets["duration_units"]),
        target_max_chars=int(targets["max_chars"]),
        table={k: regex.compile(v) for k, v in tables.items()},
        codes=codes,
    )


def _whole_words(words: list[str]) -> regex.Pattern[str]:
    """Any of `words` as a whole word (longest first, so "phấn đấu đạt" beats "phấn đấu")."""
    ordered = sorted(words, key=len, reverse=True)
    return regex.compile(r"\b(?:" + "|".join(regex.escape(w) for w in ordered) + r")\b")


def _has_trigger(lowered: str) -> bool:
    """A trigger word in lower-cased text: substring tests first, the word-boundary regex only
    when one of them is there."""
    vocab = _vocab()
    return any(w in lowered for w in vocab.trigger_words) and vocab.target_trigger.search(lowered) is not None


def canonical_code(name: str, parent: str | None) -> str | None:
    folded, folded_parent = fold(name), fold(parent or "")
    for code, pattern, parent_pattern in _vocab().codes:
        if parent_pattern is not None and not parent_pattern.search(folded_parent):
            continue
        if pattern.search(folded):
            return code
    return None


# --- context while walking the tree --------------------------------------------------------

@dataclass(slots=True)
class _Context:
    path: list[str]
    group: str | None  # title of the nearest indicator-list heading, None outside lists
    year: int | None
    parent: str | None = None
    parent_entry: Indicator | None = None
    siblings: list[Indicator] = field(default_factory=list)


def _label(node: Node) -> str | None:
    if node.kind == "article":
        return f"Điều {node.label}"
    if node.kind in ("chapter", "section", "clause", "point"):
        return node.label
    return None


def _year_of(text: str | None) -> int | None:
    if not text:
        return None
    years = YEAR_RE.findall(fold(text))
    return int(years[-1]) if years else None


def extract_indicators(articles: list[Node], metadata: Metadata, tables: list[Table] | None = None,
                       appendix: list[Node] | None = None) -> tuple[list[Indicator], list[Indicator]]:
    """Indicators from lists and tables, and prose targets, in document order."""
    indicators: list[Indicator] = []
    targets: list[Indicator] = []
    default_year = _year_of(metadata.title)
    ctx = _Context(path=[], group=None, year=default_year)
    _walk(articles, ctx, indicators, targets)
    for node in appendix or []:
        if node.table is not None:
            indicators.extend(_from_table(node, None, default_year, []))
    return indicators, targets


def _walk(nodes: list[Node], ctx: _Context, indicators: list[Indicator], targets: list[Indicator]) -> None:
    vocab = _vocab()
    for node in nodes:
        if node.kind == "quote":
            continue  # quoted amendment wording: the amended text's norms, not this resolution's targets
        label = _label(node)
        path = [*ctx.path, label] if label else ctx.path
        year = _year_of(node.title) or (_year_of(node.text) if node.kind == "article" else None) or ctx.year
        if node.table is not None:
            indicators.extend(_from_table(node, ctx.group, year, path))
            continue
        if node.title is not None:
            is_list = bool(vocab.heading.search(node.title.lower()))
            child = _Context(path=path, group=node.title if is_list else None, year=year)
            if not is_list:
                _prose_targets(node, path, year, targets)
            _walk(node.children, child, indicators, targets)
            continue
        if ctx.group is not None and node.kind in ("item", "point", "clause", "paragraph"):
            entries = _list_entries(node, ctx, path, year)
            indicators.extend(entries)
            head = entries[0] if entries else None
            if node.children:
                parent_name = head.name if head is not None else ctx.parent
                child = _Context(path=path, group=ctx.group, year=year, parent=parent_name)
                _walk(node.children, child, indicators, targets)
            continue
        _prose_targets(node, path, year, targets)
        if node.children:
            _walk(node.children, _Context(path=path, group=ctx.group, year=year, parent=ctx.parent),
                  indicators, targets)


# --- list entries ----------------------------------------------------------------------------

def _list_entries(node: Node, ctx: _Context, path: list[str], year: int | None) -> list[Indicator]:
    """One entry for the node's main part, one per "trong đó" part (children of the main one)."""
    text = node.text.strip()
    m = _vocab().part_separator.search(text.lower())  # lower() keeps Vietnamese offsets
    parts = [text[: m.start()], text[m.end():]] if m else [text]
    main = _entry(parts[0], node, ctx.group, ctx.parent, path, year)
    if main is None:
        return []
    if main.value is None and main.low is None and not node.children:
        return []  # a sentence without a quantity that heads nothing is not an indicator
    out = [main]
    if len(parts) > 1:
        for piece in regex.split(r";\s*", parts[1]):
            sub = _entry(piece, node, ctx.group, main.name, path, year)
            if sub is not None and (sub.value is not None or sub.low is not None):
                out.append(sub)
    return out


def _entry(text: str, node: Node, group: str | None, parent: str | None, path: list[str],
           year: int | None) -> Indicator | None:
    text = text.strip(END_PUNCT)
    if not text:
        return None
    quantity, name, note = split_name_value(text)
    if not name:
        return None
    direction = quantity.direction if quantity else None
    lowered = name.lower()
    vocab = _vocab()
    if direction is None and quantity is not None:
        if vocab.decrease_start.search(lowered):
            direction = "decrease"
        elif vocab.increase_start.search(lowered):
            direction = "increase"
    return Indicator(
        name=name,
        group=group,
        parent=parent,
        value=quantity.value if quantity else None,
        low=quantity.low if quantity else None,
        high=quantity.high if quantity else None,
        unit=quantity.unit_with_per if quantity else None,
        comparator=quantity.comparator if quantity else None,
        direction=direction,
        approximate=bool(quantity and quantity.approximate),
        year=year,
        baseline=quantity.baseline if quantity else None,
        raw=node.text,
        lines=list(node.lines),
        node=list(path),
        source="list",
        code=canonical_code(name, parent),
        note=note,
        page=node.page,
    )


def split_name_value(text: str) -> tuple[Quantity | None, str, str | None]:
    """Name, value and trailing note of one entry.

    The value is the last amount in the text (names may hold numbers: "trẻ em dưới 5 tuổi");
    when a colon separates name and value, the first amount after it wins.
    """
    quantities = [q for q in find_quantities(text) if (q.kind in AMOUNT_KINDS and q.value is not None)
                  or (q.kind in AMOUNT_KINDS and q.low is not None)]
    if not quantities:
        return None, text.strip(END_PUNCT), None
    colon = text.find(":")
    chosen = None
    if colon >= 0:
        after = [q for q in quantities if q.span[0] > colon]
        if after:
            chosen = after[0]
    if chosen is None:
        chosen = quantities[-1]
    start, end = chosen.span
    name = text[:colon] if 0 <= colon < start and chosen.span[0] > colon else text[:start]
    name = _trim_name(name)
    note = None
    m = TRAILING_NOTE_RE.match(text[end:])
    if m:
        note = m.group(1)
    return chosen, name, note


def _trim_name(name: str) -> str:
    name = name.strip(END_PUNCT + " -")
    words = _vocab().tail_words
    changed = True
    while changed and name:
        changed = False
        lowered = name.lower()
        for word in words:
            if lowered.endswith(" " + word) or lowered == word:
                name = name[: len(name) - len(word)].strip(END_PUNCT + " -")
                changed = True
                break
    return name


# --- tables ----------------------------------------------------------------------------------

@dataclass(slots=True)
class _Columns:
    stt: int | None = None
    name: int | None = None
    unit: int | None = None
    values: list[tuple[int, str, str, int | None]] = field(default_factory=list)  # index, header, role, year


def _columns(header: list[str]) -> _Columns | None:
    t = _vocab().table
    cols = _Columns()
    for i, cell in enumerate(header):
        f = fold(cell).strip(" .:")
        if cols.stt is None and t["stt"].search(f):
            cols.stt = i
        elif cols.unit is None and t["unit"].search(f):
            cols.unit = i
        elif cols.name is None and t["name"].search(f) and not ANY_YEAR_RE.search(f):
            cols.name = i
        elif t["note"].search(f):
            continue
        elif f:
            role = "estimate" if t["estimate"].search(f) else "actual" if t["actual"].search(f) else \
                "plan" if t["plan"].search(f) else "value"
            m = t["year"].search(f)
            cols.values.append((i, cell, role, int(m.group(1)) if m else None))
    if cols.name is None:
        return None
    # Figures stand right of the row names; a column left of them is a label or a group, not a
    # value (a declaration form whose last column "Nội dung giải trình …" explains the rows is
    # no indicator table: its name column would be the explanations).
    cols.values = [v for v in cols.values if v[0] > cols.name]
    return cols if cols.values else None


def _main_column(cols: _Columns) -> tuple[int, str, str, int | None]:
    plans = [v for v in cols.values if v[2] == "plan"]
    pool = plans or cols.values
    return max(pool, key=lambda v: (v[3] or 0, v[0]))


def _from_table(node: Node, group: str | None, year: int | None, path: list[str]) -> list[Indicator]:
    rows = node.table or []
    lines = node.table_lines or [node.lines[0]] * len(rows)
    header_index = next((i for i, r in enumerate(rows[:3]) if _columns(r) is not None), None)
    if header_index is None:
        return []
    cols = _columns(rows[header_index])
    assert cols is not None
    main = _main_column(cols)
    out: list[Indicator] = []
    parents: dict[str, str] = {}  # STT prefix → row name
    current_group, last_top = group, None
    ranked: list[tuple[int, str]] = []  # rows with figures that may head the rows below, by rank
    last_letter = last_roman = ""
    for r, row in enumerate(rows[header_index + 1:], start=header_index + 1):
        def cell(i: int | None, row: list[str] = row) -> str:
            return row[i].strip() if i is not None and i < len(row) else ""

        name = cell(cols.name)
        if not name:
            continue
        stt = cell(cols.stt)
        unit_text = cell(cols.unit)
        values = []
        for index, header, role, col_year in cols.values:
            q = _table_value(cell(index), unit_text or _header_unit(header))
            if q is not None:
                values.append({"column": header, "role": role, "year": col_year, **q})
        if not values:
            if regex.match(r"^[IVX]+$", stt) or not stt:
                current_group = name  # a section row: "A. CHỈ TIÊU KINH TẾ"
            parents[stt] = name
            last_top = name
            continue
        following = rows[r + 1][cols.stt].strip() if cols.stt is not None and r + 1 < len(rows) \
            and cols.stt < len(rows[r + 1]) else ""
        level = _stt_level(stt, last_letter, following, last_roman)
        if level == _LETTER_LEVEL:
            last_letter, last_roman = stt, ""
        elif level == _ROMAN_LEVEL:
            last_roman = stt
        parent = _table_parent(stt, parents, last_top)
        if parent is None and level is not None:
            # a numbered row under a row with figures of a higher rank ("A | Diện tích đất | Ha |
            # 10.500" then "I | Đất nông nghiệp | …"): that row is its parent
            parent = next((n for lv, n in reversed(ranked) if lv < level), None)
        ranked = [(lv, n) for lv, n in ranked if level is None or lv < level]
        if level is not None:
            ranked.append((level, name))
        primary = next((v for v in values if v["column"] == main[1]), values[0])
        ind = Indicator(
            name=name, group=current_group, parent=parent,
            value=primary["value"], low=primary["low"], high=primary["high"], unit=primary["unit"],
            comparator=primary["comparator"], direction=primary["direction"],
            approximate=primary["approximate"], year=primary["year"] or year, baseline=None,
            raw=" | ".join(row), lines=[lines[r], lines[r]] if r < len(lines) else list(node.lines),
            node=list(path), source="table", code=canonical_code(name, parent), page=node.page,
            extra={"values": values, "unit_text": unit_text, "stt": stt},
        )
        out.append(ind)
        if stt and regex.match(r"^\d+$", stt):
            parents[stt] = name
            last_top = name
    return out


def _header_unit(header: str) -> str:
    """The unit a value column's header gives in brackets ("NS xã (%)"), or ""."""
    m = _vocab().table["header_unit"].search(header.strip())
    return m.group("unit").strip() if m else ""


_LETTER_LEVEL, _ROMAN_LEVEL, _NUMBER_LEVEL = 0, 1, 2
# Canonical Roman numerals up to 399 (so "IIIII" or "XXXXX", seen in generated report PDFs, are
# letter rows, not numerals); letter rows may repeat their letter (A … Z, AA, BBB, …).
ROMAN_STT_RE = regex.compile(r"^(?=[IVXLC])C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})\.?$")
LETTER_STT_RE = regex.compile(r"^([A-ZĐ])\1{0,5}\.?$")
NUMBER_STT_RE = regex.compile(r"^\d{1,3}\.?$")


def _stt_level(stt: str, last_letter: str, following: str = "", last_roman: str = "") -> int | None:
    """Rank of a row number in the usual table outline A > I > 1, or None for other numbers.

    A letter that is also a Roman numeral (C, L, V, X, I) is a letter when it follows the previous
    letter row (B → C), unless it continues the Roman rows or the next row is its Roman successor
    (H, then I, then II: I and II are numerals)."""
    if NUMBER_STT_RE.match(stt):
        return _NUMBER_LEVEL
    if ROMAN_STT_RE.match(stt) and (not _next_letter(last_letter, stt) or _roman_successor(stt, following)
                                    or _roman_successor(last_roman, stt)):
        return _ROMAN_LEVEL
    if LETTER_STT_RE.match(stt):
        return _LETTER_LEVEL
    return None


def _roman_successor(stt: str, following: str) -> bool:
    a, b = stt.rstrip("."), following.rstrip(".")
    return bool(a and b and ROMAN_STT_RE.match(a) and ROMAN_STT_RE.match(b)) and roman_value(b) == roman_value(a) + 1


def _next_letter(previous: str, stt: str) -> bool:
    """`stt` continues the letter rows after `previous` (B → C, WWWW → XXXXX)."""
    a, b = previous.rstrip("."), stt.rstrip(".")
    return bool(a and b and LETTER_STT_RE.match(a) and LETTER_STT_RE.match(b)) and ord(b[0]) == ord(a[0]) + 1


def _table_parent(stt: str, parents: dict[str, str], last_top: str | None) -> str | None:
    if "." in stt:
        return parents.get(stt.rsplit(".", 1)[0])
    # bullets, lettered rows, and rows with no number at all under a numbered one ("1 | Thuế
    # tài nguyên" then "| Xã Hòa Lạc | 68 | …") belong to the last top row
    if not stt or stt in ("-", "+", "*") or regex.match(r"^[a-zđ]\)?$", stt):
        return last_top
    return None


def _table_value(text: str, unit_text: str) -> dict[str, Any] | None:
    text = text.strip()
    if not text or text in ("-", "…", "..."):
        return None
    q = parse_quantity(text)
    if q is None or (q.value is None and q.low is None):
        return None
    unit = q.unit_with_per
    value, low, high = q.value, q.low, q.high
    if unit is None and unit_text:
        scaled = [apply_unit(v, unit_text) if v is not None else None for v in (value, low, high)]
        value, low, high = (s[0] if s else None for s in scaled)
        first = next(s for s in scaled if s)
        unit = first[1] if not first[2] else f"{first[1]}/{'/'.join(first[2])}"
    return {"value": value, "low": low, "high": high, "unit": unit, "comparator": q.comparator,
            "direction": q.direction, "approximate": q.approximate}


# --- prose targets ---------------------------------------------------------------------------

def _target_amount(sentence: str, lowered: str) -> Quantity | None:
    """The first amount with a trigger word shortly before it; durations never count."""
    vocab = _vocab()
    opens_with_trigger = vocab.target_trigger.match(lowered.lstrip()) is not None
    for q in find_quantities(sentence):
        if q.kind not in ("percent", "money", "quantity") or (q.value is None and q.low is None):
            continue
        if q.kind == "quantity" and (q.unit or "").lower() in vocab.duration_units:
            continue
        start = q.span[0]
        window = lowered[max(0, start - vocab.target_window): q.span[1]]
        if opens_with_trigger or vocab.target_trigger.search(window):
            return q
    return None


def _prose_targets(node: Node, path: list[str], year: int | None, targets: list[Indicator]) -> None:
    vocab = _vocab()
    text = node.text
    if not text or len(text) > 20000 or not _has_trigger(text.lower()):
        return
    for sentence in SENTENCE_SPLIT_RE.split(text):
        lowered = sentence.lower()
        if len(sentence) > vocab.target_max_chars or not _has_trigger(lowered):
            continue
        q = _target_amount(sentence, lowered)
        if q is None:
            continue
        name = sentence.strip(END_PUNCT)
        targets.append(Indicator(
            name=name, group=None, parent=None, value=q.value, low=q.low, high=q.high,
            unit=q.unit_with_per, comparator=q.comparator, direction=q.direction,
            approximate=q.approximate, year=_year_of(sentence) or year, baseline=q.baseline,
            raw=sentence, lines=list(node.lines), node=list(path), source="prose",
            code=canonical_code(name, None), page=node.page,
        ))
