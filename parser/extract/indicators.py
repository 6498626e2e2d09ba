"""Socio-economic indicators: formal lists, "trong đó" parts, tables, and prose targets.

A list opens under a heading such as "Các chỉ tiêu kinh tế" (grammars/indicators.toml); its items
with a quantity become indicators named by the text before the quantity. Items without a value
that head others ("Cơ cấu kinh tế:") are parents. Tables (pipe rows in text, DOCX/PDF tables) are
read by header: name, unit and one value column per year/role. Sentences elsewhere with "phấn
đấu", "mục tiêu", "đạt" and an amount go to `targets`, so the formal list stays precise.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..model import Indicator, Metadata, Node, Table
from ..quantities import Quantity, find_quantities
from ..textfold import fold
from .indicator_tables import from_table
from .indicator_vocab import (
    AMOUNT_KINDS,
    END_PUNCT,
    SENTENCE_SPLIT_RE,
    TRAILING_NOTE_RE,
    YEAR_RE,
    canonical_code,
    has_trigger,
)
from .indicator_vocab import vocab as _vocab

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
            indicators.extend(from_table(node, None, default_year, []))
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
            indicators.extend(from_table(node, ctx.group, year, path))
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
    if not text or len(text) > 20000 or not has_trigger(text.lower()):
        return
    for sentence in SENTENCE_SPLIT_RE.split(text):
        lowered = sentence.lower()
        if len(sentence) > vocab.target_max_chars or not has_trigger(lowered):
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
