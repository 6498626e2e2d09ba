"""Split cleaned lines into zones and build the article tree from label sequences.

Zones: preamble (header, title, bases, considerations) up to "QUYẾT NGHỊ"; the body (articles);
the tail (closing formula, Nơi nhận, signature, anything after). Hierarchy comes from label
kinds and their order — a "3." continues the open clause sequence that reached 2, a "c)" the
points that reached "b)" — never from Markdown heading levels or indentation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

import regex

from . import rules as R
from .clean import ends_mid_phrase, ends_on_function_word
from .errors import WarningRecord
from .levels import Placement, chapter_number, deepest, level_of, levels, next_letters
from .lines import (
    GRAMMAR,
    Classified,
    capitals_only,
    classify,
    classify_as,
    is_part_lead_line,
    is_upper,
    kind_of,
    rule_ids,
)
from .model import Line, Node, NodeKind
from .piperows import split_row
from .quotes import QuoteScan, inner_text, is_lead_in, opening_quote
from .runcache import compile_regex
from .textfold import fold

# A label-line text reads as a heading when it ends without sentence punctuation.
SENTENCE_END_RE = compile_regex(r"(?:[.;!?…]|\./\.)\s*$")
# Lead-in sentences end with a colon too ("Nghị quyết này quy định về:"): never headings.
LEAD_IN_RE = compile_regex(r"(?:sau|như sau|dưới đây|gồm|bao gồm|trong đó|cụ thể|về|đối với|sau đây|như)\s*:\s*$",
                           regex.IGNORECASE)
HEADING_MAX_CHARS = 220
COLON_HEADING_MAX_CHARS = 60

# Deepest a node may sit (the label kinds nest about 12 deep at most): a backstop so no input can
# build a tree that serialisation (orjson stops at 255 levels) or recursion cannot walk.
MAX_DEPTH = 32


@dataclass(slots=True)
class Segments:
    preamble: list[Classified]
    body: list[Classified]
    tail: list[Classified]
    articles: list[Node]
    warnings: list[WarningRecord] = field(default_factory=list)


# --- zones ------------------------------------------------------------------------------------

def find_body_start(lines: list[Line]) -> tuple[int, bool]:
    """Index of the first body line and whether a 'QUYẾT NGHỊ' line opened it."""
    resolve = R.rule(GRAMMAR, "resolve")
    article = R.rule(GRAMMAR, "article")
    chapter = R.rule(GRAMMAR, "chapter")
    first_article = None
    first_chapter = None
    for i, line in enumerate(lines):
        if resolve.match(line.text) and _reads_as_formula(line.text) \
                and not _is_decision_type_line(lines, i, resolve, article):
            return i + 1, True
        if first_chapter is None and chapter.match(line.text) and is_upper(line.text[:12]):
            first_chapter = i
        if first_article is None and article.match(line.text):
            first_article = i
            break
    if first_article is not None:
        # "Chương I" right before the first article opens the body too
        if first_chapter is not None and first_article - first_chapter <= 3:
            return first_chapter, False
        return first_article, False
    return _start_without_articles(lines), False


def _reads_as_formula(text: str) -> bool:
    """The bare enacting words are printed in capitals or end with a colon ("QUYẾT NGHỊ:",
    "Quyết nghị:"); a lone "Quyết định" in sentence case is a table cell read one per line
    ("Sản phẩm | Quyết định" of a plan's task table) or a form's field, and opening the body
    there dropped everything above it."""
    if not R.rule(GRAMMAR, "bare_formula").match(text):
        return True
    return is_upper(text) or text.rstrip().endswith(":")


def _is_decision_type_line(lines: list[Line], i: int, resolve: R.Rule, article: R.Rule) -> bool:
    """A bare "QUYẾT ĐỊNH" (no colon) that heads a decision, its title below, while the enacting
    "QUYẾT ĐỊNH:" comes later, before the first article (a decision's header and formula are the
    same words; thanhhoa's title was lost to the body)."""
    if fold(lines[i].text).strip() != "quyet dinh":
        return False
    for j in range(i + 1, len(lines)):  # by index: a slice copied the rest of the list per such line
        line = lines[j]
        if article.match(line.text):
            return False
        if resolve.match(line.text):
            return True
    return False


def _start_without_articles(lines: list[Line]) -> int:
    """Documents without articles (plans, reports): the body starts at the first Roman section
    (whatever its number) or clause "1." after the header, else right after the last preamble
    anchor. A text with no header anchor at all (an excerpt, a news page) keeps only its first line
    out of the body."""
    last_anchor = -1
    header_ids = (*rule_ids("preamble"), "recipients_head")  # one tuple: the classifier's caches key on it
    for i, line in enumerate(lines[:80]):
        c = classify(line, header_ids)
        if c.kind in ("recipients_head", "signer_authority", "signer_title"):
            break  # the tail has begun: its anchors are not header
        if (c.kind in capitals_only("layout_anchor") and not is_upper(line.text)) \
                or (c.kind == "resolve" and not _reads_as_formula(line.text)):
            continue  # "Quyết định" as a table cell read one per line is no header line
        if c.kind not in ("text", "table_row"):  # a data row is no header anchor
            last_anchor = i
    for i in range(last_anchor + 1, len(lines)):
        c = classify(lines[i], ("section", "clause"))
        # any Roman section: an excerpt copied from a plan often begins at its "II." or "III."
        if (c.kind == "section" and c.rest) or (c.kind == "clause" and c.label == "1"):
            # an excerpt without a header: only its first line may be a title; the lines below
            # it are body (a page's lead paragraph, a heading over the list, its group lines),
            # and so is a first line that is the lead-in of the list ("Các chỉ tiêu … năm 2025:")
            if last_anchor < 0:
                return 0 if i == 1 and lines[0].text.rstrip().endswith(":") else min(1, i)
            return i
    if last_anchor >= 0 and classify(lines[last_anchor], ("doc_type",)).kind == "doc_type":
        return min(last_anchor + 2, len(lines))  # the title line under "GIẤY MỜI" stays in the header
    return last_anchor + 1


# A personal name closing an archive line it was flattened onto ("- Lưu: VT. Nguyễn Văn A").
RUN_IN_NAME_RE = compile_regex(r"(?<=\.)\s++(?P<name>\p{Lu}\p{Ll}*+(?:\s++\p{Lu}\p{Ll}*+){1,5})\s*+$")
_SIGNATURE_KINDS = ("signer_authority", "signer_title")
RUN_IN_SIGNATURE_MAX_CHARS = 80  # "TM. HỘI ĐỒNG NHÂN DÂN", "KT. CHỦ TỊCH": short (and 1 MB lines stay linear)


def split_run_in_signature(lines: list[Line]) -> list[Line]:
    """Tail lines with the Nơi nhận column and the signature column flattened onto one line (a
    two-column page copied row by row: "Nơi nhận: TM. HỘI ĐỒNG NHÂN DÂN", "- Chính phủ; CHỦ TỊCH",
    "- Lưu: VT. Nguyễn Văn A"), each cut where the signature part begins: after the "Nơi nhận:",
    a ";" or the archive's closing ".", when what follows is a signature anchor in capitals (or,
    after one was cut, the archive's trailing name). Both parts keep the line's numbers; the
    signature parts follow the Nơi nhận block (after its archive line), as a reader sees them."""
    out: list[Line] = []
    signature: list[Line] = []  # the cut-off parts, placed after the block
    cut_any = False
    for line in lines:
        text = line.text
        cut = None
        if ";" in text or text[:1] in "Nn":
            head = R.rule(GRAMMAR, "recipients_head").match(text)
            starts = [head.start("rest")] if head is not None and head.start("rest") > 0 else []
            starts += [i + 1 for i in range(max(0, len(text) - RUN_IN_SIGNATURE_MAX_CHARS), len(text))
                       if text[i] == ";"]
            for p in starts:
                rest = text[p:].strip()
                if rest and len(rest) <= RUN_IN_SIGNATURE_MAX_CHARS and is_upper(rest) \
                        and kind_of(rest, "tail") in _SIGNATURE_KINDS:
                    cut = p
                    break
        if cut is None and cut_any and kind_of(text, "tail") == "archive":
            m = RUN_IN_NAME_RE.search(text)
            cut = m.start("name") if m else None
        if cut is not None:
            cut_any = True
            out.append(replace(line, text=text[:cut].rstrip()))
            signature.append(replace(line, text=text[cut:].strip()))
        else:
            out.append(line)
        if signature and kind_of(out[-1].text, "tail") == "archive":
            out.extend(signature)  # the block ends at its archive line
            signature = []
    return out + signature


def find_body_end(lines: list[Line], start: int) -> int:
    """First tail line: Nơi nhận, a signature line, or an unlabelled closing formula."""
    closing = R.rule(GRAMMAR, "closing")
    for i in range(start, len(lines)):
        text = lines[i].text
        kind = kind_of(text, "tail")
        if kind == "recipients_head":
            return i
        if kind in ("signer_authority", "signer_title") and is_upper(text):
            return i
        found = closing.match(text)
        if found and not found.group("mark"):  # a numbered or marked closing is a clause
            return i
    return len(lines)


# --- the tree ---------------------------------------------------------------------------------

class TreeBuilder:
    """A stack of open nodes; each labelled line finds its place by kind and sequence."""

    def __init__(self, warnings: list[WarningRecord]) -> None:
        self.roots: list[Node] = []
        self.stack: list[Node] = []
        self.warnings = warnings
        self.placement = Placement(warnings)  # where labels go: the [[level]] entries of structure.toml
        self.last_node: Node | None = None  # the node the latest line made or joined
        # a table node's row texts and raws, joined once by finish_tables (joining at every row
        # made a table of n rows cost n² characters of copying)
        self.table_parts: dict[int, tuple[Node, list[str], list[str]]] = {}

    # placement helpers
    def _attach(self, node: Node, parent_index: int) -> None:
        """Attach under stack[parent_index] (-1: a root) and make the node the deepest open one."""
        self.last_node = node
        if parent_index >= MAX_DEPTH - 1:
            parent_index = MAX_DEPTH - 2  # a sibling of the deepest node allowed, never deeper
        if parent_index < 0:
            self.roots.append(node)
            self.stack = [node]
        else:
            self.stack[parent_index].children.append(node)
            del self.stack[parent_index + 1:]
            self.stack.append(node)

    def _deepest(self, kinds: set[str] | frozenset[str]) -> int:
        return deepest(self.stack, kinds)

    def open_clause_label(self) -> str:
        """The label of the deepest open clause ("" when none is open)."""
        i = self._deepest({"clause"})
        return (self.stack[i].label or "") if i >= 0 else ""

    def _deepest_container(self) -> int:
        """Deepest open node that is not a bullet item (paragraphs and tables attach there)."""
        return self._deepest(levels().containers)

    def add(self, c: Classified) -> None:
        """Place a classified line: a table row, a labelled node where its level puts it, else a
        paragraph."""
        if c.kind == "table_row":
            self._add_table_row(c)
            return
        level = level_of(c.kind)
        if level is not None:
            container = self._deepest_container()
            parent = self.placement.place(level, c.label or "", c.line.first, self.stack, container)
            if parent is not None:
                node = self._node(level.kind, c)
                if level.bullet:
                    node.label = level.bullet
                self._attach(node, parent)
                return
        self._add_paragraph(c)

    def _node(self, kind: NodeKind, c: Classified) -> Node:
        return Node(kind=kind, label=c.label, title=None, text=c.rest, lines=c.line.span,
                    raw=c.line.raw, page=c.line.page)

    def _join_top(self, top: Node, c: Classified, text: str) -> None:
        """The line joins the open node `top`, whose text becomes `text`."""
        top.text = text
        top.raw = f"{top.raw}\n{c.line.raw}"
        top.lines = [top.lines[0], c.line.last]
        self.last_node = top

    def _add_paragraph(self, c: Classified) -> None:
        top = self.stack[-1] if self.stack else None
        if top is not None and top.kind in levels().heading_below and not top.text and not top.children \
                and is_upper(c.line.text):
            # "Chương I" ⏎ "QUY ĐỊNH CHUNG": the capitals line is the chapter's heading
            self._join_top(top, c, c.line.text)
            return
        if top is not None and top.kind == "item" and not top.children and is_part_lead_line(c.line.text):
            # "- Tổng giá trị sản xuất … đạt 12.000 tỷ đồng." ⏎ "Trong đó:" ⏎ "+ Trồng trọt: …": the
            # line is the item's, and the bullets below stay its parts
            self._join_top(top, c, f"{top.text} {c.line.text.strip()}")
            return
        node = Node(kind="paragraph", label=None, title=None, text=c.line.text, lines=c.line.span,
                    raw=c.line.raw, page=c.line.page)
        self.last_node = node
        parent = self._deepest_container()
        if parent < 0:
            self.roots.append(node)
            return
        self.stack[parent].children.append(node)
        del self.stack[parent + 1:]

    def _add_table_row(self, c: Classified) -> None:
        """Consecutive pipe rows form one table node (rows of cells, each row's source line).

        The cells are the row's Table record (`Line.cells`, set by clean.clean_document); a line
        made without one (a caller's own Lines) is read with the same rule (piperows.split_row)."""
        cells = [cell.text for cell in c.line.cells] if c.line.cells is not None else split_row(c.line.text)
        parent = self._deepest_container()
        siblings = self.stack[parent].children if parent >= 0 else self.roots
        last = siblings[-1] if siblings else None
        if last is not None and last.table is not None and last.table_lines is not None \
                and c.line.first - last.lines[1] <= 2 and not c.line.opens_table:
            last.table.append(cells)
            last.table_lines.append(c.line.first)
            if last.table_ends is not None:
                last.table_ends.append(c.line.last)
            if last.table_pages is not None:
                last.table_pages.append(c.line.page)
            _, texts, raws = self.table_parts.setdefault(id(last), (last, [last.text], [last.raw]))
            texts.append(c.line.text)
            raws.append(c.line.raw)
            last.lines = [last.lines[0], c.line.last]
            return
        node = Node(kind="paragraph", label=None, title=None, text=c.line.text, lines=c.line.span,
                    raw=c.line.raw, page=c.line.page, table=[cells], table_lines=[c.line.first],
                    table_pages=[c.line.page], table_ends=[c.line.last])
        siblings.append(node)
        if parent >= 0:
            del self.stack[parent + 1:]


    def finish_tables(self) -> None:
        """Give every table node the text and raw of all its rows (one join per table)."""
        for node, texts, raws in self.table_parts.values():
            node.text = "\n".join(texts)
            node.raw = "\n".join(raws)
        self.table_parts.clear()

    # quoted amendment wording
    def add_quote(self, body: list[Classified], start: int, opening: str) -> int:
        """Keep the quotation opening at body[start] as one quote node under the amending node
        (the line before it); return the index of the first body line after it.

        An unclosed quotation must not swallow the document: it ends before the next amending
        sentence that opens a quotation of its own, before the resolution's own next article or
        chapter, or at the end of the body, with a warning."""
        scan = QuoteScan.start(opening)
        end, closed = len(body), False
        for j in range(start, len(body)):
            if j > start and (self._resumes_resolution(body[j]) or _opens_amendment(body, j)):
                end = j
                break
            if scan.closes_at(body[j].line.text):
                end, closed = j + 1, True
                break
        block = body[start:end]
        if not closed:
            where = f"before line {body[end].line.first}" if end < len(body) else "at the end of the body"
            first = block[0].line.first
            self.warnings.append(WarningRecord("unclosed_quote", f"line {first}: quoted amendment text is not "
                                               f"closed; it was ended {where}", (first,)))
        inner = TreeBuilder([])
        for c in block:
            inner.add(classify(c.line, ()))
        inner.finish_tables()
        node = Node(kind="quote", label=None, title=None,
                    text=inner_text([c.line.text for c in block], opening, closed),
                    raw="\n".join(c.line.raw for c in block), lines=[block[0].line.first, block[-1].line.last],
                    page=block[0].line.page, children=inner.roots)
        lead = self.last_node
        if lead is not None and lead.kind != "paragraph" and any(n is lead for n in self.stack):
            lead.children.append(node)
        else:
            parent = self._deepest_container()
            (self.stack[parent].children if parent >= 0 else self.roots).append(node)
        return end

    def _resumes_resolution(self, c: Classified) -> bool:
        """The resolution's own next article or chapter (not a label of the quoted text)."""
        last = self.placement.last
        if c.kind == "article" and "article" in last:
            return int(c.label or 0) == last["article"] + 1
        if c.kind == "chapter" and "chapter" in last and is_upper(c.line.text[:12]):
            return chapter_number(c.label or "") == last["chapter"] + 1
        return False


def _opens_amendment(body: list[Classified], i: int) -> bool:
    """body[i] is an amending sentence and the next line opens its quotation."""
    # the quote test first: it reads one character, is_lead_in folds the whole line
    return i + 1 < len(body) and opening_quote(body[i + 1].line.text) is not None and is_lead_in(body[i].line.text)


# "Miền núi: Cơ sở giáo dục …": a short term, a colon, then its content on the same line (run-in).
RUN_IN_RE = compile_regex(r"^[^:]{1,60}:[ \t]*+\S")
# What a heading's content cannot start with: a lower-case word goes on with the label line's
# sentence ("… để xác định:" ⏎ "mức trợ cấp …"); so does a number after a label line ending on a
# word that needs one ("… tại các Điều:" ⏎ "3, 4, 5 …"), but not under "Thời gian:" ⏎ "14 giờ".
CONTINUATION_START_RE = compile_regex(r"^\p{Ll}")
DIGIT_START_RE = compile_regex(r"^\d")


def assign_titles(nodes: list[Node]) -> None:
    """A label line is a heading when it is short, has no closing punctuation and content below."""
    known = levels()
    run_in = any(n.kind in known.kinds and RUN_IN_RE.match(n.text or "") for n in nodes)
    for node in nodes:
        if node.kind in known.containers and node.children and node.text:
            text = node.text.strip()
            if _reads_as_heading(text, node, run_in):
                node.title = text.rstrip(" :").strip()
        assign_titles(node.children)


def _reads_as_heading(text: str, node: Node, run_in_siblings: bool = False) -> bool:
    """`run_in_siblings`: a sibling reads "Term: content" on one line, so a "Term:" among them
    is the same run-in item with its content wrapped below ("1. Đô thị:" ⏎ "Cơ sở …")."""
    if SENTENCE_END_RE.search(text) or len(text) > HEADING_MAX_CHARS:
        return False
    if RUN_IN_RE.match(text) or _continued_below(node):
        return False
    if text.endswith(":"):
        if node.kind == "article" and _wholly_bold(node.raw):
            return True  # the article's name set as its heading, "… như sau:" and all
        if LEAD_IN_RE.search(text) or R.rule(GRAMMAR, "lead_in").match(text):
            return False
        if run_in_siblings and not any(c.label for c in node.children):
            return False  # its own content is text only, as in the run-in items beside it
        return len(text) <= COLON_HEADING_MAX_CHARS
    return True


def _continued_below(node: Node) -> bool:
    """The first thing under the label line is a paragraph that goes on with its sentence."""
    first = node.children[0]
    if first.kind != "paragraph" or first.table is not None:
        return False
    if CONTINUATION_START_RE.match(first.text):
        return True
    if DIGIT_START_RE.match(first.text) and ends_mid_phrase(node.text.rstrip(" :")):
        return True
    # "1. Doanh nghiệp … đáp ứng tiêu chí tại" ⏎ "Mục 1 Chương II Nghị định số …": a label line
    # ending on a function word goes on below, whatever the next line starts with
    return ends_on_function_word(node.text.rstrip(" :"))


def _wholly_bold(raw: str) -> bool:
    """The whole source of a label line in Markdown bold ("**Điều" ⏎ "2. … như sau:**"), the
    way an article heading is set; "**Điều 1.** Thông qua …" (the label alone bold) is not."""
    raw = raw.strip()
    return raw.startswith("**") and raw.endswith("**") and "**" not in raw[2:-2]


# A clause label glued after a full stop ("… không để xảy ra tiêu cực.2. Giao Thường trực …",
# "năm 2026. 2. Giao …"): the stop follows a letter or a closing bracket/quote, or a digit and then
# a space, so decimals ("1.2. Tài nguyên") and dates are not cut; a capital must follow the label.
GLUED_CLAUSE_RE = compile_regex(
    r"(?:(?<=[\p{Ll})”\"][.;])[ \t]*+|(?<=\d[.;])[ \t]++)(\d{1,2})\.[ \t]*+(?=\p{Lu})")


def _reclassified(c: Classified, text: str) -> Classified:
    """A part of a line split at a glued label, classified again by the label rules."""
    return classify_as(replace(c.line, text=text), "label")


def _split_glued_clause(c: Classified, builder: TreeBuilder) -> list[Classified]:
    """The line as two when it holds the label of the next clause of the open sequence glued
    after a sentence: only that number is taken, so "… đạt 95%. 3. Tỷ lệ" inside a list of
    values that is not the next clause stays text."""
    text = c.line.text
    if "." not in text[2:]:
        return [c]
    # "1. Giao … tiêu cực.2. Giao …": a clause line looks for its own next number
    current = (c.label or "") if c.kind == "clause" else builder.open_clause_label()
    if not current.isdigit():
        return [c]
    expected = int(current) + 1
    if f"{expected}." not in text:
        return [c]  # the label's digits ("3." or "03.") are nowhere: no scan of the line
    for m in GLUED_CLAUSE_RE.finditer(text):
        if int(m.group(1)) == expected:
            head, tail = text[:m.start()], text[m.start():].strip()
            first, second = _reclassified(c, head), _reclassified(c, tail)
            if second.kind == "clause":
                # "1. … 2. … 3. …" run into one line: the rest may hold the next one too
                return [first, *_split_glued_clause(second, builder)]
    return [c]


# A point label glued after a clause's end ("… theo chuẩn của tỉnh;b) Hộ mới thoát nghèo …; c) …"):
# a ")" label only (an "a." is too often an initial), after a letter or bracket and ";" or ".".
GLUED_POINT_RE = compile_regex(r"(?<=[\p{Ll})”\"][.;])[ \t]*+([a-zđ])\)[ \t]*+(?=\p{Lu})")


# Where a next article may be glued after a sentence ("… thực hiện Nghị quyết này.Điều 4. Hiệu lực
# thi hành"): a stop after a letter or bracket, then a capital.
GLUED_SENTENCE_RE = compile_regex(r"(?<=[\p{Ll})”\"][.;])[ \t]*+(?=\p{Lu})")


def _split_glued_article(c: Classified, builder: TreeBuilder) -> list[Classified]:
    """A line as two when the label of the next article is glued after its last sentence."""
    if "." not in c.line.text and ";" not in c.line.text:
        return [c]
    last = builder.placement.last.get("article")
    if last is None:
        return [c]
    text = c.line.text
    expected = str(last + 1)
    if f" {expected}" not in text:
        return [c]  # the next article's number is nowhere after a blank: no scan of the line
    article = R.rule(GRAMMAR, "article")
    for m in GLUED_SENTENCE_RE.finditer(text):
        if not article.can_start(text[m.end()]):
            continue
        found = article.match(text[m.end(): m.end() + GLUED_LABEL_LOOK])  # a prefix: linear on long lines
        if found is not None and found.group("label") == expected:
            return [_reclassified(c, text[:m.start()]), _reclassified(c, text[m.end():])]
    return [c]


# How much of the text after a sentence end is asked whether it opens the next article.
GLUED_LABEL_LOOK = 120


def _split_glued_points(c: Classified) -> list[Classified]:
    """A point's line as several when the next points of its sequence are run into it."""
    if c.kind != "point" or ")" not in c.line.text[2:]:
        return [c]
    text = c.line.text
    expected = next_letters(c.label or "")
    for m in GLUED_POINT_RE.finditer(text):
        if m.group(1) in expected:
            head, tail = text[:m.start()], text[m.start():].strip()
            second = _reclassified(c, tail)
            if second.kind == "point":
                return [_reclassified(c, head), *_split_glued_points(second)]
    return [c]


# The kinds of line a next label may be glued into.
GLUE_KINDS = frozenset({"text", "clause", "point"})


def _unglued(c: Classified, builder: TreeBuilder) -> Iterator[Classified]:
    """The line's units once next clauses, points and articles glued into it are split off, in
    order. A generator: a glued article is looked for only after the units before it are placed,
    since the article expected next depends on them."""
    for part in _split_glued_clause(c, builder) if c.kind in GLUE_KINDS else [c]:
        for piece in _split_glued_points(part):
            yield from (_split_glued_article(piece, builder) if piece.kind in GLUE_KINDS else [piece])


def build_tree(body: list[Classified], warnings: list[WarningRecord]) -> list[Node]:
    builder = TreeBuilder(warnings)
    builder.placement.note_sequence([(c.kind, c.line.first, c.label or "") for c in body if c.label is not None])
    i = 0
    while i < len(body):
        c = body[i]
        for unit in _unglued(c, builder):
            builder.add(unit)
        i += 1
        if _opens_amendment(body, i - 1):
            i = builder.add_quote(body, i, opening_quote(body[i].line.text) or "")
    builder.finish_tables()
    assign_titles(builder.roots)
    return builder.roots


FRONT_MATTER_SCAN = 400


def find_document_start(lines: list[Line], body_start: int) -> int:
    """Index of the document's first header line, skipping web-page front matter.

    Scraped pages put site boilerplate and their own metadata table ("Số hiệu:", "Loại văn bản:
    Nghị quyết") before the document. The header starts at the first council, committee or
    national body line in capitals ("CHÍNH PHỦ"), national motto or "Số:" line — but only when a
    document-type line follows it; otherwise (a seed that opens with "NGHỊ QUYẾT" before the
    council line) nothing is skipped.
    """
    limit = min(body_start, FRONT_MATTER_SCAN)
    for i in range(limit):
        c = classify_as(lines[i], "document_start")
        if c.kind == "text" or (c.kind in capitals_only("document_start") and not is_upper(lines[i].text)):
            continue
        if i == 0:
            return 0
        doc_type = R.rule(GRAMMAR, "doc_type")
        if any(doc_type.match(lines[j].text) for j in range(i, limit)):
            return i
        return 0
    return 0


def segment(lines: list[Line]) -> Segments:
    warnings: list[WarningRecord] = []
    start, _ = find_body_start(lines)
    doc_start = find_document_start(lines, start)
    if doc_start:
        first, last = lines[0].first, lines[doc_start - 1].last
        warnings.append(WarningRecord("lines_before_header", f"skipped {doc_start} line(s) before the document "
                                      f"header (lines {first}-{last})", (first, last)))
        lines = lines[doc_start:]
        start -= doc_start
    end = find_body_end(lines, start)
    preamble = [classify_as(line, "preamble") for line in lines[:start]]
    # a decision's bare "QUYẾT ĐỊNH" left in the header (see _is_decision_type_line) is its type
    # (only that one: "QUYẾT NGHỊ:" ending a preamble without bases stays the formula, not a title line)
    preamble = [_as_doc_type(c) for c in preamble]
    body = [classify_as(line, "label") for line in lines[start:end]]
    tail_ids = (*rule_ids("tail"), "closing")
    tail = [classify(line, tail_ids) for line in split_run_in_signature(lines[end:])]
    if not any(c.kind == "article" for c in body):
        warnings.append(WarningRecord("no_articles", "no article (Điều) found"))
    articles = build_tree(body, warnings)
    return Segments(preamble, body, tail, articles, warnings)


def _as_doc_type(c: Classified) -> Classified:
    if c.kind != "resolve":
        return c
    typed = classify(c.line, ("doc_type",))
    return typed if typed.kind == "doc_type" else c


def appendix_start(tail: list[Classified], used: list[int], signer_lines: list[int]) -> int:
    """Index of the first tail line after the Nơi nhận block and the signature.

    What follows them (annexes: "Phụ lục", their tables and text) is not part of the signature;
    with neither block found nothing is taken, so a tail that is all layout stays as it was.
    """
    last = max(used, default=-1)
    signed = set(signer_lines)
    for i, c in enumerate(tail):
        if c.line.first in signed:
            last = max(last, i)
    return last + 1 if last >= 0 else len(tail)


# Tail kinds that belong to the signature or the delivery list, never to the appendix.
SIGNATURE_KINDS = frozenset({"closing", "recipients_head", "archive", "signer_authority", "signer_title"})


def appendix_lines(tail: list[Classified], used: list[int], signer_lines: list[int],
                   is_signature_mark: Callable[[str], bool]) -> list[Classified]:
    """The tail lines the appendix holds: all after the Nơi nhận block and the signature, and any
    line before them that is neither (a table printed after an unnumbered closing formula, an
    annex heading a PDF's reading order put above the signature). Those were dropped silently."""
    start = appendix_start(tail, used, signer_lines)
    skip, signed = set(used), set(signer_lines)
    before = [c for i, c in enumerate(tail[:start])
              if i not in skip and c.line.first not in signed and c.kind not in SIGNATURE_KINDS
              and not is_signature_mark(c.line.text)]
    return before + tail[start:]


def build_appendix(lines: list[Classified]) -> list[Node]:
    """Annex content as flat paragraphs and tables (pipe rows), each citing its source lines.

    Labels are not read here: an annex numbers its own parts ("A.", "I.", "1.") independently of
    the resolution, and reading them as clauses would report false numbering jumps."""
    return build_tree([classify(c.line, ()) for c in lines], [])
