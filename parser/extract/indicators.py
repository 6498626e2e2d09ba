"""Socio-economic indicators: formal lists, their parts, tables, budget totals, and prose targets.

List membership comes from structure and words together (grammars/indicators.toml [lists]):
- a list opens at any heading that says so — a titled node, a bare or capitals line, a lead-in
  ending with ":", the words before the ":" of a run-in paragraph ("Các chỉ tiêu chủ yếu năm 2024
  là: …") —, at the article that adopts a budget estimate, or at a group heading without the
  keyword ("Về kinh tế") whose items mostly pair a name with an amount;
- it is inherited by sub-headings ("a) Về kinh tế:", "I. Kinh tế") until one turns to prose
  (tasks, solutions) or the heading's own level ends; a lead-in line opens it for the siblings
  that follow;
- inside it, every unit (item, inline "(1) … (2) …" item, semicolon part) that pairs a name with
  an amount is an entry (parser/extract/entries.py); amount-less items that head others are
  parents, amount-less lines that head nothing are group headings.
Outside lists, sentences of plan paragraphs ("phấn đấu …") go to `targets`, result sentences
("ước đạt", "thực hiện năm 2023") do not. Tables are read by parser/extract/indicator_tables.py.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import takewhile

import regex

from ..model import Indicator, IndicatorSource, Metadata, Node, Role, Table
from ..quantities import Quantity
from ..textfold import fold
from .entries import (
    LEADING_LABEL_RE,
    Entry,
    amounts,
    entries_of,
    entry_vocab,
    first_unbracketed_colon,
    has_value_verb,
    part_lead_end,
    strip_brackets,
    trim_name,
)
from .indicator_tables import from_table, table_unit
from .indicator_vocab import END_PUNCT, SENTENCE_SPLIT_RE, canonical_code, direction_of_name, has_trigger
from .indicator_vocab import vocab as _vocab
from .inline_items import split_inline_items

# A heading is short: longer lead-ins are sentences that mention indicators in passing.
HEADING_MAX_CHARS = 250
# A bare heading line (no colon, no label) is shorter still.
BARE_HEADING_MAX_CHARS = 160
# A run-in list ("… là: A 5%; B 6%") needs this many named amounts after its colon.
RUN_IN_MIN_ENTRIES = 2
# An amount-less line this short inside a list names the group of the lines after it.
GROUP_LINE_MAX_CHARS = 120
# An amount-less item heading others is a parent entry when it is this short (else prose).
PARENT_MAX_CHARS = 150
# Prose names longer than this are sentences, not names.
NAME_MAX_CHARS = 300
# Names this similar (difflib ratio) with the same figure are one indicator said twice.
SAME_SUBJECT_RATIO = 0.75
# Compare a record with at most this many records of the same figure (a table of 300 "100 %"
# rows must not cost 300 × 300 comparisons).
SAME_FIGURE_CANDIDATES = 50


@dataclass(slots=True)
class _Context:
    path: list[str]
    year: int | None
    in_list: bool = False
    group: str | None = None  # heading of the list or of its current group
    parent: str | None = None  # name of the entry the items below are parts of
    no_targets: bool = False  # under a solutions heading: amounts are means and limits
    objectives: bool = False  # under an objectives heading: listed sub-headings are target lists
    plan: bool = False  # under a heading with a plan word: its paragraphs' figures are targets
    # the year of a list opened by an untitled lead-in or run-in paragraph, as its siblings read on
    list_year: int | None = None


def _label(node: Node) -> str | None:
    if node.kind == "article":
        return f"Điều {node.label}"
    if node.kind in ("chapter", "section", "clause", "point"):
        return node.label
    return None


def _year_of(text: str | None) -> int | None:
    if not text or ("19" not in text and "20" not in text):
        return None  # no year can be named (the fold keeps digits): nothing to fold
    found = _vocab().year.findall(fold(text))
    if not found:
        return None
    start, end = found[-1]
    return int(end or start)  # a period's target year is its end


def _own_year(text: str) -> int | None:
    """The year an entry names, not the one it is compared with ("so với năm 2020")."""
    if "19" not in text and "20" not in text:
        return None  # no year at all: the comparison need not be blanked
    # nor the one of a bracketed aside ("9% (năm 2025 ước đạt 8,2%)")
    return _year_of(_vocab().comparison.sub(" ", strip_brackets(text).lower()))


def extract_indicators(articles: list[Node], metadata: Metadata, tables: list[Table] | None = None,
                       appendix: list[Node] | None = None,
                       header_line: str | None = None) -> tuple[list[Indicator], list[Indicator]]:
    """Indicators from lists and tables, and prose targets, in document order. `header_line` is
    the first line of a header that gave no title (an excerpt's heading, kept out of the body)."""
    indicators: list[Indicator] = []
    targets: list[Indicator] = []
    title = metadata.title or header_line
    default_year = _year_of(title)
    top = _Context(path=[], year=default_year)
    if not any(n.kind == "article" for n in articles):
        articles = _before_page_end(articles)[0]
    if _titles_a_list(title, articles):
        top = replace(top, in_list=True, group=_heading_name(title or ""))
    _walk(articles, top, indicators, targets)
    annexed: list[Indicator] = []
    annex = appendix or []
    for k, node in enumerate(annex):
        if node.table is not None:
            annexed.extend(from_table(node, None, default_year, [], _unit_beside(annex, k)))
    # an annex table that repeats the resolution's own list adds nothing; a prose target that
    # repeats a listed figure is that figure
    indicators.extend(_not_repeating(annexed, indicators))
    targets = _once_each(_not_repeating(_not_past(targets, metadata), indicators))
    return indicators, targets


def _before_page_end(nodes: list[Node]) -> tuple[list[Node], bool]:
    """The nodes before a news page's closing line ("Tin liên quan", "Chia sẻ"), in document order
    at any depth, and whether one was met: the headlines after it are other pages'."""
    page_end = _vocab().page_end
    out: list[Node] = []
    for node in nodes:
        if page_end.search(node.text.strip().lower()):
            return out, True
        if node.children:
            children, ended = _before_page_end(node.children)
            if ended:
                out.append(replace(node, children=children))
                return out, True
        out.append(node)
    return out, False


def _titles_a_list(title: str | None, articles: list[Node]) -> bool:
    """A list copied without its article or lead-in, under a title that is its heading
    ("CÁC CHỈ TIÊU CHỦ YẾU NHIỆM KỲ 2025 - 2030" ⏎ "* Về kinh tế:" ⏎ "1. Tốc độ tăng trưởng …"):
    the body opens in that list."""
    if not title or len(title) > HEADING_MAX_CHARS or any(n.kind == "article" for n in articles):
        return False
    return _is_list_heading(title)


def _not_past(targets: list[Indicator], metadata: Metadata) -> list[Indicator]:
    """The prose targets without those of a year before the document's own ("Năm 2020, tỷ lệ đô
    thị hóa đạt 30%" in a plan adopted in 2024, under its "Mục tiêu" heading): history, not
    a target. Nothing is dropped when the document names no date."""
    when = metadata.adopted_date or metadata.date
    if not when or not when[:4].isdigit():
        return targets
    since = int(when[:4])
    return [t for t in targets if t.year is None or t.year >= since]


def _figure_key(record: Indicator) -> tuple[float | None, float | None, str | None] | None:
    if record.value is None and record.low is None:
        return None
    return (record.value, record.high if record.low is not None else None, record.unit)


def _subject_key(name: str) -> str:
    """A name as `_same_subject` compares it: case-folded, single spaces."""
    return " ".join(name.casefold().split())


def _same_subject(a: str, b: str) -> bool:
    """Two names (`_subject_key`s) of one indicator: equal, one the start of the other, or nearly
    the same words. The cheap upper bounds of difflib's ratio are asked first (exact: ratio never
    exceeds them)."""
    if a == b or a.startswith(b) or b.startswith(a):
        return True
    from difflib import SequenceMatcher  # here: most documents never compare two names (1 ms of import)

    matcher = SequenceMatcher(None, a, b)
    return matcher.real_quick_ratio() >= SAME_SUBJECT_RATIO and matcher.quick_ratio() >= SAME_SUBJECT_RATIO \
        and matcher.ratio() >= SAME_SUBJECT_RATIO


def _not_repeating(records: list[Indicator], kept: list[Indicator]) -> list[Indicator]:
    """`records` without those that give a figure of `kept` again under (nearly) the same name.
    Records are compared only with those of the same figure, so the cost stays near linear."""
    by_figure: dict[tuple[float | None, float | None, str | None], list[str]] = {}
    for k in kept:
        key = _figure_key(k)
        if key is not None:
            by_figure.setdefault(key, []).append(k.name)
    out = []
    for r in records:
        key = _figure_key(r)
        names = by_figure.get(key, []) if key is not None else []
        if names:
            subject = _subject_key(r.name)
            if any(_same_subject(subject, _subject_key(n)) for n in names[:SAME_FIGURE_CANDIDATES]):
                continue
        out.append(r)
    return out


def _once_each(targets: list[Indicator]) -> list[Indicator]:
    """Prose targets that a page states once each: a figure repeated under (nearly) the same name
    ("Lâm Đồng đặt mục tiêu tăng trưởng GRDP năm 2026 đạt 9%" over "… tăng trưởng GRDP đạt 9% trở
    lên") is kept where it is first stated, with the bound the repetition gives it."""
    out: list[Indicator] = []
    by_figure: dict[tuple[float | None, float | None, str | None], list[int]] = {}
    for t in targets:
        key = _figure_key(t)
        if key is not None:
            subject = _subject_key(t.name)
            same = next((i for i in by_figure.get(key, [])[:SAME_FIGURE_CANDIDATES]
                         if _same_subject(subject, _subject_key(out[i].name))), None)
            if same is not None:
                if out[same].comparator == "=" and t.comparator not in (None, "="):
                    out[same] = replace(out[same], comparator=t.comparator)
                continue
            by_figure.setdefault(key, []).append(len(out))
        out.append(t)
    return out


# --- headings ----------------------------------------------------------------------------------------

def _is_list_heading(text: str) -> bool:
    lowered = text.lower()
    v = _vocab()
    if v.budget.search(lowered.strip()):
        return True
    # a report of results ("Kết quả thực hiện các chỉ tiêu năm 2024:") lists no plan figures
    return bool(v.heading.search(lowered)) and not v.mixed.search(lowered) and _role(text) == "target"


def _turns_to_prose(title: str) -> bool:
    lowered = title.lower().strip(END_PUNCT)
    v = _vocab()
    return bool(v.prose_heading.search(lowered)) and not v.heading.search(lowered)


def _heading_name(text: str) -> str:
    return " ".join(text.split()).strip(END_PUNCT + " -–")


def _untitled_opening(text: str) -> tuple[str, str] | None:
    """(group, list content) when an untitled paragraph opens a list: a bare heading line, a
    lead-in ending with ":", or a run-in heading followed by its entries."""
    stripped = text.strip()
    lead, items = split_inline_items(stripped)
    if not lead and len(items) == 1:
        stripped, items = items[0].text, []  # "2. Các chỉ tiêu chủ yếu" that the tree left unlabelled
    colon = first_unbracketed_colon(stripped, HEADING_MAX_CHARS)
    if items and (colon is None or colon > len(lead)):
        if lead and len(lead) <= HEADING_MAX_CHARS and _is_list_heading(lead):
            return _heading_name(lead), stripped[len(lead):]
        return None
    if colon is not None:
        head, content = stripped[:colon], stripped[colon + 1:]
        if not _is_list_heading(head):
            return None
        if not content.strip(END_PUNCT):
            return _heading_name(head), ""
        if _vocab().budget.search(head.lower().strip()) and content.lstrip()[:1].isdigit():
            return None  # "1. Dự toán thu ngân sách …: 5.600.000 triệu đồng, trong đó: …": the total's own figure
        if len(entries_of(content)) >= RUN_IN_MIN_ENTRIES or split_inline_items(content)[1]:
            return _heading_name(head), content
        return None
    if len(stripped) <= BARE_HEADING_MAX_CHARS and _is_list_heading(stripped) \
            and not SENTENCE_SPLIT_RE.search(stripped) and not amounts(stripped):
        return _heading_name(stripped), ""
    return None


def _bare_heading(text: str) -> str | None:
    """The words of a short amount-less line without a closing full stop, its label removed
    ("3. Nhiệm vụ, giải pháp"), or None."""
    stripped = text.strip()
    lead, items = split_inline_items(stripped)
    if not lead and len(items) == 1:
        stripped = items[0].text
    if len(stripped) > BARE_HEADING_MAX_CHARS or stripped.endswith(".") or amounts(stripped):
        return None
    return stripped


def _items_look_listed(node: Node) -> bool:
    """Most of a group heading's items pair a name with an amount ("Về kinh tế:" lists)."""
    items = [c for c in node.children if c.kind in ("item", "point", "clause", "paragraph") and c.text.strip()]
    if len(items) < 2:
        return False
    need = max(2, (len(items) + 1) // 2)  # at least two, and at least half
    named = 0
    for i, c in enumerate(items):  # read until the answer is sure: entries cost
        if any(e.quantity is not None for e in entries_of(c.text)):
            named += 1
            if named >= need:
                return True
        elif named + len(items) - i - 1 < need:
            return False
    return False


def _is_group_line(text: str) -> bool:
    """An amount-less short line inside a list that names the group below ("- Về kinh tế:")."""
    stripped = text.strip()
    return len(stripped) <= GROUP_LINE_MAX_CHARS and not amounts(stripped) and (
        stripped.endswith(":") or bool(_vocab().group_heading.search(stripped.lower())))


# --- the walk ------------------------------------------------------------------------------------------

def _walk(nodes: list[Node], ctx: _Context, indicators: list[Indicator], targets: list[Indicator]) -> None:
    vocab = _vocab()
    scope = ctx  # what flows to the following siblings (a lead-in line opens a list for them)
    taken = 0  # nodes before this index were read as the parts of a lead-in paragraph
    for k, node in enumerate(nodes):
        if k < taken:
            continue  # read already, as the parts of the lead-in paragraph before it
        if node.kind == "quote":
            continue  # quoted amendment wording: the amended text's norms, not this resolution's targets
        if scope.in_list and not node.children and node.kind == "paragraph" and _names_parts(node.text):
            parts = _bullets_after(nodes, k)
            if parts:
                # "(2) Cơ cấu kinh tế:" ⏎ "+ Dịch vụ: 47%" …: the tree keeps bullets beside a
                # paragraph, not under it; read them as its children (a parent entry, see _list_node)
                node = replace(node, children=parts)
                taken = k + 1 + len(parts)
        text = node.text.strip()
        lowered_text = node.text.lower()  # once per node: the furniture and the target words ask it
        if vocab.furniture_filtered.search(lowered_text.strip()) or (text.startswith("(") and text.endswith(")")):
            continue  # page furniture; a bracketed remark ("(Đính kèm các phụ lục 01, 03)")
        label = _label(node)
        path = [*ctx.path, label] if label else list(ctx.path)
        year = _year_of(node.title) or (_year_of(node.text) if node.kind == "article" else None) or scope.year
        if node.table is not None:
            indicators.extend(from_table(node, scope.group, year, path, _unit_beside(nodes, k), in_list=scope.in_list))
            continue
        if not node.children and any(0 <= j < len(nodes) and nodes[j].table is not None for j in (k - 1, k + 1)) \
                and table_unit(text):
            continue  # "Đơn vị tính: triệu đồng" beside a table: the table's unit, no entry
        if node.title is not None:
            _titled(node, scope, path, year, indicators, targets, lowered_text)
            continue
        if not scope.in_list:
            opening = _untitled_opening(text)
            if opening is not None:
                group, content = opening
                listed_year = _year_of(group) or year  # "Các chỉ tiêu chủ yếu đến năm 2030: …"
                opened = _Context(path=path, year=listed_year, in_list=True, group=group)
                if content:
                    _list_text(content, node, opened, path, listed_year, indicators)
                if node.children:
                    _walk(node.children, opened, indicators, targets)
                else:
                    # a lead-in line opens the list of the siblings below it, in its year; a
                    # run-in list is whole, and its year stays its own
                    scope = replace(opened, path=ctx.path, year=listed_year if not content else year,
                                    list_year=listed_year)
                continue
            if not scope.no_targets:
                _prose_targets(node, path, year, targets, scope.plan, lowered_text)
            if scope.year is None and not ctx.path and not node.children and _plan_words(lowered_text) is not None:
                # a page without articles: "Đại hội …, nhiệm kỳ 2025-2030 đã thông qua Nghị quyết với
                # 22 chỉ tiêu chủ yếu." dates the lists after it
                scope = replace(scope, year=_own_year(node.text))
            if node.children:
                # a lead-in with a plan word ("… giám sát các chỉ tiêu về y tế:") makes its items plans;
                # one that announces solutions ("… nhiệm vụ, giải pháp trọng tâm …") makes them means
                lowered = text[: 2 * HEADING_MAX_CHARS].lower()
                no_targets = scope.no_targets or bool(vocab.no_targets.search(lowered))
                plan = not no_targets and (scope.plan or _plan_words(lowered) is not None)
                _walk(node.children, replace(scope, path=path, year=year, plan=plan, no_targets=no_targets),
                      indicators, targets)
            continue
        heading = _bare_heading(text)
        if heading is not None and _turns_to_prose(heading):
            # "3. Nhiệm vụ, giải pháp" left unlabelled by the tree: the list ends here
            no_targets = scope.no_targets or bool(vocab.no_targets.search(heading.lower()))
            scope = replace(scope, in_list=False, group=None, parent=None, no_targets=no_targets)
            if not scope.no_targets:
                _prose_targets(node, path, year, targets, scope.plan, lowered_text)
            if node.children:
                _walk(node.children, replace(scope, path=path, year=year), indicators, targets)
            continue
        if scope.list_year is not None and not node.children and node.kind == "paragraph" \
                and (_lead_year(text) or scope.list_year) < scope.list_year:  # no year: not earlier
            # "Năm 2024, GRDP của tỉnh tăng 8,2%" after "… đề ra các chỉ tiêu cho năm 2025, trong
            # đó: …": a result of an earlier year; the list has ended
            scope = replace(scope, in_list=False, group=None, parent=None, list_year=None)
            continue
        opening = _untitled_opening(text) if not node.children else None
        if opening is not None and opening[1] and not amounts(opening[0]):
            # a new run-in heading inside a list ("… đề ra các chỉ tiêu chủ yếu là: …")
            group, content = opening
            _list_text(content, node, replace(scope, group=group, parent=None), path, _year_of(group) or year,
                       indicators)
            continue
        if opening is not None and not opening[1] and _is_list_heading(opening[0]) and not amounts(opening[0]):
            # a new lead-in of the list inside it ("Đại hội …, nhiệm kỳ 2025-2030 đã thông qua Nghị quyết
            # với 22 chỉ tiêu chủ yếu." under a page title that is a list heading): its group and year
            listed = _year_of(opening[0]) or scope.list_year or year
            scope = replace(scope, group=_heading_name(opening[0]), parent=None, year=listed, list_year=listed)
            continue
        # an item of a list a paragraph above opened is of that list's year
        scope = _list_node(node, scope, path, scope.list_year or year, indicators, targets)


def _unit_beside(nodes: list[Node], k: int) -> str:
    """The unit line beside table node `k` ("Đơn vị tính: triệu đồng" right above it, or right
    below it when no other table follows), else ""."""
    for j in (k - 1, k + 1):
        if 0 <= j < len(nodes) and nodes[j].table is None and not nodes[j].children \
                and (j < k or j + 1 >= len(nodes) or nodes[j + 1].table is None):
            unit = table_unit(nodes[j].text)
            if unit:
                return unit
    return ""


def _titled(node: Node, scope: _Context, path: list[str], year: int | None,
            indicators: list[Indicator], targets: list[Indicator], lowered_text: str) -> None:
    """A heading opens a list, carries the list on, or turns to prose."""
    title = node.title or ""
    vocab = _vocab()
    lowered = title.lower()
    opens = _is_list_heading(title) or (node.kind == "article" and _is_list_heading(node.text[:HEADING_MAX_CHARS]))
    carries = scope.in_list and not _turns_to_prose(title)
    # a group read by its content ("Về kinh tế", a part of "Mục tiêu"), never a heading of tasks
    # or solutions: "2. Nhiệm vụ và giải pháp" lists means with their budgets, not targets
    by_content = not opens and not carries and (scope.objectives or bool(vocab.group_heading.search(lowered.strip()))) \
        and not _turns_to_prose(title) and _items_look_listed(node)
    if carries and not opens and _heads_parts(node, title):
        # "1.3. Cơ cấu kinh tế đến năm 2030:" over "- Dịch vụ: 38%": an entry without a figure,
        # the parent of the items below (as an untitled "Cơ cấu kinh tế:" is, see _list_node)
        name = trim_name(title)
        indicators.append(_indicator(Entry(name, None, None, None, node.text), node, scope, path, year, scope.parent))
        _walk(node.children, replace(scope, path=path, year=year, parent=name), indicators, targets)
        return
    if opens or carries or by_content:
        # "a) Đến năm 2025:" dates its items and leaves them in the group they are in
        group = scope.group if _only_time(title) and scope.in_list else _heading_name(title)
        child = _Context(path=path, year=year, in_list=True, group=group)
    else:
        no_targets = scope.no_targets or bool(vocab.no_targets.search(lowered))
        objectives = scope.objectives or bool(vocab.objective_heading.search(lowered))
        plan = scope.plan or _plan_words(lowered) is not None
        child = _Context(path=path, year=year, no_targets=no_targets, objectives=objectives and not no_targets,
                         plan=plan and not no_targets)
        if not no_targets:
            _prose_targets(node, path, year, targets, scope.plan, lowered_text)
    _walk(node.children, child, indicators, targets)


def _heads_parts(node: Node, title: str) -> bool:
    """A titled lead-in inside a list that names an indicator, not a group: its text ends with
    ":", it holds no figure, and no group, list or prose heading words ("a) Về kinh tế:", "1. Các
    chỉ tiêu về xã hội:", "2. Nhiệm vụ:" stay headings)."""
    return node.text.rstrip().endswith(":") and bool(node.children) and _names_an_indicator(title)


def _only_time(text: str) -> bool:
    """A heading that is only a time ("a) Đến năm 2025:", "- Giai đoạn 2026 - 2030:"): it dates
    the items below and names no indicator."""
    return entry_vocab().temporal_only.match(" ".join(text.lower().split()).strip(END_PUNCT + " ")) is not None


def _names_an_indicator(title: str) -> bool:
    """A short, figure-less heading that is no group, list or prose heading ("Cơ cấu kinh tế")."""
    vocab = _vocab()
    lowered = title.lower().strip()
    if _only_time(title):
        return False
    return len(title) <= PARENT_MAX_CHARS and not amounts(title) and not vocab.group_heading.search(lowered) \
        and not vocab.group_only.search(lowered) and not _is_list_heading(title) and not _turns_to_prose(title)


def _names_parts(text: str) -> bool:
    """An unlabelled paragraph that is an indicator's lead-in ("(2) Cơ cấu kinh tế:"): it ends
    with ":" and names an indicator (see _heads_parts), once its leading "(2)" is set aside."""
    stripped = text.strip()
    if not stripped.endswith(":") or part_lead_end(stripped) == len(stripped):
        return False  # "Trong đó:", "Bao gồm:": the parts of the entry above, which stays their parent
    label = LEADING_LABEL_RE.match(stripped)
    return _names_an_indicator(stripped[label.end():] if label else stripped)


def _bullets_after(nodes: list[Node], k: int) -> list[Node]:
    """The run of bullet items right after node k (its parts, when it is a lead-in)."""
    return list(takewhile(lambda node: node.kind == "item", nodes[k + 1:]))


def _list_node(node: Node, scope: _Context, path: list[str], year: int | None,
               indicators: list[Indicator], targets: list[Indicator]) -> _Context:
    """An untitled node inside a list; returns the scope for the siblings after it."""
    text = node.text.strip()
    if node.kind == "article" and _is_list_heading(text[:HEADING_MAX_CHARS]):
        _walk(node.children, _Context(path=path, year=year, in_list=True, group=_heading_name(text)),
              indicators, targets)
        return scope
    found = _list_text(text, node, scope, path, year, indicators)
    if found:
        head = next((e for e in found if e.parent == scope.parent), found[0])
        if node.children:
            _walk(node.children, replace(scope, path=path, year=year, parent=head.name), indicators, targets)
            group_line = _trailing_group_line(node)
            if group_line is not None:
                return replace(scope, group=group_line, parent=None)
        return replace(scope, group=found[-1].group) if found[-1].group != scope.group else scope
    if node.children:
        if _is_group_line(text) and (_vocab().group_only.search(text.lower())
                                     or _vocab().whole_list_heading.search(text.lower())):
            # "a) Về kinh tế:", or the heading of the whole list inside it ("2. Các chỉ tiêu chủ
            # yếu:" under an article on targets): the group of the items below, no parent entry
            _walk(node.children, replace(scope, path=path, year=year, group=_heading_name(text)), indicators, targets)
            return scope
        if _only_time(text):
            # "- Đến năm 2025:" over "+ Tỷ lệ phòng học kiên cố đạt 85%": the year of the items below
            _walk(node.children, replace(scope, path=path, year=_year_of(text) or year), indicators, targets)
            return scope
        name = trim_name(text)
        if name and len(name) <= PARENT_MAX_CHARS and not SENTENCE_SPLIT_RE.search(text):
            # an amount-less item that heads others: a parent entry ("Cơ cấu kinh tế:")
            parent = _indicator(Entry(name, None, None, None, text), node, scope, path, year, None)
            indicators.append(parent)
            _walk(node.children, replace(scope, path=path, year=year, parent=name), indicators, targets)
        else:
            _walk(node.children, replace(scope, path=path, year=year), indicators, targets)
        return scope
    if part_lead_end(text) == len(text):
        return scope  # "Trong đó:" under an item: the items below are its parts, the parent stays
    if _is_group_line(text):
        return replace(scope, group=_heading_name(text), parent=None)
    return scope


def _trailing_group_line(node: Node) -> str | None:
    """The group line a list item's last child is ("2. Thu nhập … đạt 100 triệu đồng." ⏎ "* Về văn
    hóa - xã hội:" ⏎ "3. …": the tree nests the bulleted line under item 2), the group of the
    items after it."""
    last = node.children[-1]
    text = last.text.strip()
    if last.children or last.kind not in ("paragraph", "item") or not _is_group_line(text) \
            or not _vocab().group_only.search(text.lower().lstrip("*-+• ")):
        return None
    return _heading_name(text)


def _list_text(text: str, node: Node, scope: _Context, path: list[str], year: int | None,
               indicators: list[Indicator]) -> list[Indicator]:
    """Entries of a list paragraph, item by item when it numbers items inline."""
    lead, items = split_inline_items(text)
    if not items and node.kind == "item" and node.label in ("-", "+") and f" {node.label} " in text:
        # "- Tỷ lệ chất thải … đạt 92%. - Tỷ lệ dân cư …": the item's own bullet opens the first of
        # the bullets run into it
        lead, items = split_inline_items(f"{node.label} {text}")
    units: list[str] = []
    group = scope.group
    if not items:
        units.append(text)
    else:
        if lead:
            if amounts(lead):
                units.append(lead)
            else:
                group = _heading_name(lead)
        units.extend(item.text for item in items)
    out: list[Indicator] = []
    for unit in units:
        entries = entries_of(unit)
        if not any(e.quantity is not None for e in entries):
            if len(unit) <= GROUP_LINE_MAX_CHARS:  # "I. Về kinh tế (11 chỉ tiêu)": the group of what follows
                group = _heading_name(unit)
            continue
        made: list[Indicator] = []
        results_heading = group is not None and _role(group) != "target"
        unit_scope = replace(scope, group=group)
        names: list[str | None] = []  # by entry: the name its parts cite (None: a group, no entry)
        shared = _shared_change(unit, entries)
        first_clause = unit.split(";", 1)[0]  # parts after a ";" state their own change
        for e in entries:
            if e.quantity is None and _vocab().group_only.search(e.name.lower()):
                # "Về kinh tế: A đạt 8%; B …": a run-in head that names the group of its parts
                group = _heading_name(e.name)
                unit_scope = replace(unit_scope, group=group)
                names.append(None)
                continue
            owner = names[e.parent] if e.parent is not None and e.parent < len(names) else None
            made.append(_indicator(e, node, unit_scope, path, year, owner or scope.parent))
            if shared and made[-1].direction is None and len(made) > 1 and e.quantity is not None \
                    and e.text.strip() in first_clause and not has_value_verb(_up_to_amount(e.text, e.quantity)):
                made[-1] = replace(made[-1], direction=shared)  # "…, hộ cận nghèo 0,5%": the item's change
            names.append(made[-1].name)
        # a result inside a plan list ("Trong năm qua, huyện đã đạt 12 trên 15 chỉ tiêu") is no entry
        out.extend(m for m in made if results_heading or m.role in (None, "target"))
    indicators.extend(out)
    return out


def _up_to_amount(text: str, q: Quantity) -> str:
    """A part's words up to and including its amount: the verb of its own, if any, stands there
    ("tỷ lệ lao động qua đào tạo đạt 70%"; in "3 xã đạt chuẩn …" the "đạt" is the name's)."""
    at = text.lower().find(q.raw.lower())
    return text[: at + len(q.raw)] if at >= 0 else text


def _shared_change(unit: str, entries: list[Entry]) -> str | None:
    """The change an item opens with, which its later parts share when they state no verb of
    their own ("Giảm tỷ lệ hộ nghèo 0,8%, hộ cận nghèo 0,5%", "Có thêm 10 xã …, 3 xã …")."""
    first = next((e for e in entries if e.quantity is not None), None)
    if first is None or first.quantity is None:
        return None
    by_name = direction_of_name(first.name)
    if by_name is not None:
        return by_name
    q = first.quantity
    start = unit.lstrip(END_PUNCT + " -–+•*").lower()
    lead = entry_vocab().dropped_lead.match(start)  # "Phấn đấu có thêm 2 xã …"
    if lead is not None:
        start = start[lead.end():]
    return q.direction if start.startswith(q.raw.lower()) else None


# --- records -------------------------------------------------------------------------------------------

def _role(text: str) -> Role:
    """"estimate" or "actual" when the words say so (outside brackets: "(dự ước 24.500 tỷ)" is an
    aside of a target), else "target"."""
    v = _vocab()
    lowered = v.comparison.sub(" ", strip_brackets(text).lower())
    if v.estimate.search(lowered):
        return "estimate"
    if v.actual.search(lowered):
        return "actual"
    return "target"


def _indicator(e: Entry, node: Node, scope: _Context, path: list[str], year: int | None,
               parent: str | None, source: IndicatorSource = "list") -> Indicator:
    q: Quantity | None = e.quantity
    direction = q.direction if q else None
    if direction is None and q is not None:
        direction = direction_of_name(e.name)
    return Indicator(
        name=e.name,
        group=scope.group,
        parent=parent,
        value=q.value if q else None,
        low=q.low if q else None,
        high=q.high if q else None,
        unit=q.unit_with_per if q else None,
        comparator=q.comparator if q else None,
        direction=direction,
        approximate=bool(q and q.approximate),
        year=_own_year(e.text) or year,
        baseline=q.baseline if q else None,
        raw=node.text,
        lines=list(node.lines),
        node=list(path),
        source=source,
        code=canonical_code(e.name, parent),
        role=_role(e.text) if q else None,
        note=e.note,
        page=node.page,
    )


# --- prose targets -------------------------------------------------------------------------------------

def _without_plan_word_names(lowered: str) -> str:
    """`lowered` with the names that hold a plan word but state no plan blanked (same offsets)."""
    names = _vocab().plan_word_names
    return names.sub(lambda m: " " * len(m.group()), lowered) if names.search(lowered) else lowered


def _plan_words(lowered: str) -> regex.Match[str] | None:
    """The first plan word ("phấn đấu", "mục tiêu" …) outside programme names."""
    return _vocab().plan_trigger.search(_without_plan_word_names(lowered))


def _last_plan_word(lowered: str, before: int) -> regex.Match[str] | None:
    """The last plan word ending by offset `before` (the first amount): what follows it is the
    target ("Theo kế hoạch năm 2026, tỉnh phấn đấu tăng trưởng GRDP đạt 9%": after "phấn đấu")."""
    last = None
    for m in _vocab().plan_trigger.finditer(_without_plan_word_names(lowered), 0, before):
        last = m
    return last


def _lead_year(sentence: str) -> int | None:
    """The year of the time phrase opening a sentence ("Đến năm 2030, …" → 2030; "Trước đó, trong
    nhiệm kỳ 2020-2025, …" → 2025, after its connective), or None."""
    v = entry_vocab()
    stripped = sentence.strip()
    connective = v.field_lead.match(stripped.lower())
    if connective is not None:
        stripped = stripped[connective.end():]
    lead = v.temporal_lead.match(stripped)
    return _year_of(lead.group()) if lead else None


def _prose_targets(node: Node, path: list[str], year: int | None, targets: list[Indicator],
                   plan: bool, lowered_text: str) -> None:
    """Targets of plan paragraphs: from the first sentence with a plan word on (or from the start
    under a heading that has one), every sentence that names an amount, except results ("ước
    đạt", "thực hiện năm 2023 đạt"). `lowered_text` is the node's text lower-cased (the walk has it)."""
    vocab = _vocab()
    text = node.text
    if not text or len(text) > 20000 or not has_trigger(lowered_text):
        return
    scope = _Context(path=path, year=year)
    paragraph_year = None  # the year a sentence opened with dates the sentences after it
    for sentence in SENTENCE_SPLIT_RE.split(text):
        if len(sentence) > vocab.target_max_chars:
            continue
        paragraph_year = _own_year(sentence) or paragraph_year
        trigger = _plan_words(sentence.lower())
        # a sentence opened by a time phrase naming the plan's year or a later one states a target
        # as a plan word would ("Đến năm 2030, tỷ lệ đô thị hóa đạt 50%" in a plan to 2030); an
        # earlier year opens no plan (a result), nor does any year when the plan's is unknown
        if trigger is None and not plan and not (year is not None and (_lead_year(sentence) or 0) >= year):
            continue  # no plan word yet: what the sentence says is no target, whatever its role
        if _role(sentence) != "target":
            continue  # a result ("ước đạt", "thực hiện năm 2023 đạt"): it opens no plan either
        plan = True
        content = sentence
        if trigger is not None:
            first = amounts(sentence)
            cut = _last_plan_word(sentence.lower(), first[0].span[0]) if first else None
            if cut is not None:
                content = sentence[cut.end():]
                if not entries_of(sentence[cut.end():first[0].span[1]]):
                    # nothing named between the plan word and the first amount: the subject comes
                    # before it ("Thu ngân sách phấn đấu đạt 2.300 tỷ đồng")
                    content = sentence[:cut.start()] + " " + content
        entries = entries_of(content)
        names = [e.name for e in entries]
        for e in entries:
            q = e.quantity
            if len(e.name) > NAME_MAX_CHARS or (q is not None and q.kind == "number"):
                continue  # a bare number in prose is a reference or a count of no unit, rarely a target
            if q is None and not any(x.parent is not None and names[x.parent] == e.name for x in entries):
                continue
            parent = names[e.parent] if e.parent is not None else None
            targets.append(_indicator(e, node, scope, path, _own_year(sentence) or paragraph_year or year, parent,
                                      source="prose"))
