"""Split cleaned lines into zones and build the article tree from label sequences.

Zones: preamble (header, title, bases, considerations) up to "QUYẾT NGHỊ"; the body (articles);
the tail (closing formula, Nơi nhận, signature, anything after). Hierarchy comes from label
kinds and their order — a "3." continues the open clause sequence that reached 2, a "c)" the
points that reached "b)" — never from Markdown heading levels or indentation.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import regex

from . import rules as R
from .caches import per_line
from .errors import WarningRecord
from .model import Line, Node
from .piperows import split_row
from .quotes import QuoteScan, inner_text, is_lead_in, opening_quote
from .textfold import fold

GRAMMAR = "structure"
LABEL_RULES = ("article", "chapter", "division", "subclause", "clause", "section", "point", "dash_item", "plus_item")
PREAMBLE_RULES = (
    "resolve", "legal_basis", "consideration", "doc_number", "doc_number_bare", "place_date", "national_motto",
    "doc_type", "council", "committee", "national_body", "term_session", "salutation", "signer_authority",
    "signer_title",
)
TAIL_RULES = ("recipients_head", "archive", "signer_authority", "signer_title")

# Vietnamese order of lettered points; Word's lowerLetter (with f) is admitted as a neighbour.
VN_LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()
LATIN_LETTERS = "a b c d e f g h i j k l m n o p q r s t u v w x y z".split()
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}

# A label-line text reads as a heading when it ends without sentence punctuation.
SENTENCE_END_RE = regex.compile(r"(?:[.;!?…]|\./\.)\s*$")
# Lead-in sentences end with a colon too ("Nghị quyết này quy định về:"): never headings.
LEAD_IN_RE = regex.compile(r"(?:sau|như sau|dưới đây|gồm|bao gồm|trong đó|cụ thể|về|đối với|sau đây|như)\s*:\s*$",
                           regex.IGNORECASE)
HEADING_MAX_CHARS = 220
COLON_HEADING_MAX_CHARS = 60

RANKS = {"chapter": 0, "division": 0, "article": 1, "section": 2, "clause": 3, "point": 4, "item": 5}
# Deepest a node may sit (the label kinds nest about 12 deep at most): a backstop so no input can
# build a tree that serialisation (orjson stops at 255 levels) or recursion cannot walk.
MAX_DEPTH = 32


@dataclass(slots=True)
class Classified:
    line: Line
    kind: str  # rule id, "table_row" or "text"
    label: str | None = None
    rest: str = ""
    match: regex.Match[str] | None = None


@dataclass(slots=True)
class Segments:
    preamble: list[Classified]
    body: list[Classified]
    tail: list[Classified]
    articles: list[Node]
    warnings: list[WarningRecord] = field(default_factory=list)


def _rest(m: regex.Match[str], text: str) -> str:
    for name in ("rest", "rest2"):
        try:
            start = m.start(name)
        except IndexError:
            continue
        if start >= 0:
            return text[start:m.end(name)].strip()
    return ""


def classify(line: Line, rule_ids: tuple[str, ...]) -> Classified:
    kind, label, rest, match = _classify_text(line.text, rule_ids)
    return Classified(line, kind, label=label, rest=rest, match=match)


_CANDIDATES: dict[tuple[tuple[str, ...], str], tuple[dict[str, R.Rule], tuple[R.Rule, ...]]] = {}
_CANDIDATES_MAX = 65536  # (rule set, first character) pairs kept; a flood of odd characters resets it


def _candidates(rule_ids: tuple[str, ...], first: str) -> tuple[R.Rule, ...]:
    """The rules of a set that a line starting with `first` could match, in priority order.

    Resolved once per (rule set, first character) instead of asking every rule on every line;
    recomputed if the grammar was reloaded (tests that swap grammar folders do)."""
    table = R.rules(GRAMMAR)
    key = (rule_ids, first)
    known = _CANDIDATES.get(key)
    if known is None or known[0] is not table:
        if len(_CANDIDATES) >= _CANDIDATES_MAX:
            _CANDIDATES.clear()
        rules = tuple(rule for rule in (table[rid] for rid in rule_ids) if rule.can_start(first))
        known = _CANDIDATES[key] = (table, rules)
    return known[1]


@per_line(8192)
def _classify_text(text: str, rule_ids: tuple[str, ...]) -> tuple[str, str | None, str, regex.Match[str] | None]:
    """Cached: the zone finders, the cleaner's join checks and the tree builder ask about the
    same lines with the same rule sets."""
    if text.startswith("|"):
        return "table_row", None, text, None
    for rule in _candidates(rule_ids, text[:1]):
        m = rule.match_started(text)
        if m is None:
            continue
        rid = rule.id
        label = None
        if "label" in m.re.groupindex and m.start("label") >= 0:
            label = text[m.start("label"):m.end("label")]
        return rid, label, _rest(m, text), m
    return "text", None, text, None


def starts_with_label(text: str) -> bool:
    """True when a line opens a structural unit; such a line never continues the one before."""
    return _classify_text(text, LABEL_RULES)[0] != "text"


def opens_division(text: str) -> bool:
    """The line opens an article or a chapter ("Điều 2. …", "Chương II")."""
    return _classify_text(text, ("article", "chapter"))[0] != "text"


JOIN_BLOCKERS = (*LABEL_RULES, *PREAMBLE_RULES, "recipients_head", "archive", "closing")


STANDALONE_ANCHORS = ("doc_type", "resolve", "doc_number", "doc_number_bare", "place_date", "national_motto",
                      "signer_title", "recipients_head", "archive", "term_session")


def stands_alone(text: str) -> bool:
    """Anchors that are a whole line by themselves: nothing wraps onto "NGHỊ QUYẾT" or "Số: …"."""
    return _classify_text(text, STANDALONE_ANCHORS)[0] != "text"


# Header and signature anchors: a table holding one lays out the page (header columns, Nơi nhận
# beside the signature) rather than data. Capitals are required where the words also occur in
# data cells ("Chủ tịch", "Nghị quyết").
LAYOUT_ANCHORS = ("national_motto", "council", "committee", "national_body", "doc_number", "place_date", "doc_type",
                  "resolve", "recipients_head", "archive", "signer_authority", "signer_title")
CAPITALS_ONLY_ANCHORS = frozenset({"council", "committee", "national_body", "doc_type", "signer_title"})


def is_layout_anchor(text: str) -> bool:
    kind = _classify_text(text, LAYOUT_ANCHORS)[0]
    return kind != "text" and (kind not in CAPITALS_ONLY_ANCHORS or is_upper(text))


# Label kinds whose text is often put on the next line by PDF and Word conversions ("a)" ⏎ "Text").
BARE_LABEL_RULES = ("point", "clause", "section")
BARE_LABEL_MAX_CHARS = 10  # "XXXVIII.", "Điều 100."


# A wrapped cross-reference can also end on "Điều 1." alone.
REFERENCE_LABEL_RULES = ("article", *BARE_LABEL_RULES)


def is_bare_label(text: str, rule_ids: tuple[str, ...] = BARE_LABEL_RULES) -> bool:
    """A point, clause or section label standing alone ("a)", "đ)", "2.", "III."): its text is on
    the next line, so the cleaner joins them rather than leave an empty node and a paragraph."""
    if len(text) > BARE_LABEL_MAX_CHARS:
        return False
    kind, _label, rest, _match = _classify_text(text, rule_ids)
    return kind != "text" and not rest


def is_page_mark(text: str) -> bool:
    return R.rule(GRAMMAR, "page_mark").match(text) is not None


# The council heads the page in capitals; "Hội đồng nhân dân thành phố …" in running text is a
# sentence going on ("… Tổ đại biểu, đại biểu" ⏎ "Hội đồng nhân dân Thành phố giám sát …").
JOIN_BLOCKERS_IN_CAPITALS = frozenset({"council", "committee"})


def starts_new_line(text: str) -> bool:
    """A label or a structure anchor (Số:, Căn cứ, Nơi nhận, CHỦ TỊCH…) never continues a line."""
    kind = _classify_text(text, JOIN_BLOCKERS)[0]
    return kind != "text" and (kind not in JOIN_BLOCKERS_IN_CAPITALS or is_upper(text))


def is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def roman_value(label: str) -> int:
    total = 0
    for i, ch in enumerate(label):
        v = ROMAN_VALUES[ch]
        nxt = ROMAN_VALUES[label[i + 1]] if i + 1 < len(label) else 0
        total += -v if v < nxt else v
    return total


def next_letters(letter: str) -> set[str]:
    out: set[str] = set()
    for seq in (VN_LETTERS, LATIN_LETTERS):
        if letter in seq:
            i = seq.index(letter)
            if i + 1 < len(seq):
                out.add(seq[i + 1])
    return out


def letter_rank(letter: str) -> int:
    return VN_LETTERS.index(letter) if letter in VN_LETTERS else LATIN_LETTERS.index(letter)


# --- zones ------------------------------------------------------------------------------------

def find_body_start(lines: list[Line]) -> tuple[int, bool]:
    """Index of the first body line and whether a 'QUYẾT NGHỊ' line opened it."""
    resolve = R.rule(GRAMMAR, "resolve")
    article = R.rule(GRAMMAR, "article")
    chapter = R.rule(GRAMMAR, "chapter")
    first_article = None
    first_chapter = None
    for i, line in enumerate(lines):
        if resolve.match(line.text) and not _is_decision_type_line(lines, i, resolve, article):
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
    or numbered clause after the header, else right after the last preamble anchor."""
    last_anchor = -1
    for i, line in enumerate(lines[:80]):
        c = classify(line, (*PREAMBLE_RULES, "recipients_head"))
        if c.kind in ("recipients_head", "signer_authority", "signer_title"):
            break  # the tail has begun: its anchors are not header
        if c.kind not in ("text", "table_row"):  # a data row is no header anchor
            last_anchor = i
    for i in range(last_anchor + 1, len(lines)):
        c = classify(lines[i], ("section", "clause"))
        if c.kind in ("section", "clause") and c.label in ("I", "1"):
            return i
    if last_anchor >= 0 and classify(lines[last_anchor], ("doc_type",)).kind == "doc_type":
        return min(last_anchor + 2, len(lines))  # the title line under "GIẤY MỜI" stays in the header
    return last_anchor + 1


def find_body_end(lines: list[Line], start: int) -> int:
    """First tail line: Nơi nhận, a signature line, or an unlabelled closing formula."""
    closing = R.rule(GRAMMAR, "closing")
    for i in range(start, len(lines)):
        text = lines[i].text
        kind = _classify_text(text, TAIL_RULES)[0]
        if kind == "recipients_head":
            return i
        if kind in ("signer_authority", "signer_title") and is_upper(text):
            return i
        if closing.match(text) and not text[:1].isdigit():
            return i
    return len(lines)


# --- the tree ---------------------------------------------------------------------------------

class TreeBuilder:
    """A stack of open nodes; each labelled line finds its place by kind and sequence."""

    def __init__(self, warnings: list[WarningRecord]) -> None:
        self.roots: list[Node] = []
        self.stack: list[Node] = []
        self.warnings = warnings
        self.last_article: int | None = None
        self.last_chapter: int | None = None
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

    def _deepest(self, kinds: set[str]) -> int:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].kind in kinds:
                return i
        return -1

    def open_clause_label(self) -> str:
        """The label of the deepest open clause ("" when none is open)."""
        i = self._deepest({"clause"})
        return (self.stack[i].label or "") if i >= 0 else ""

    def _deepest_container(self) -> int:
        """Deepest open node that is not a bullet item (paragraphs and tables attach there)."""
        return self._deepest({"chapter", "division", "article", "section", "clause", "point"})

    # per kind
    def add(self, c: Classified) -> None:
        kind = c.kind
        if kind == "table_row":
            self._add_table_row(c)
            return
        placed = False
        if kind == "article":
            placed = self._place_article(c)
        elif kind == "chapter":
            self._attach(self._node("chapter", c), -1)
            self.last_chapter = chapter_number(c.label or "")
            placed = True
        elif kind == "division":
            self._attach(self._node("division", c), self._deepest({"chapter"}))
            placed = True
        elif kind == "section":
            placed = self._place_section(c)
        elif kind == "clause":
            placed = self._place_clause(c)
        elif kind == "subclause":
            placed = self._place_subclause(c)
        elif kind == "point":
            placed = self._place_point(c)
        elif kind in ("dash_item", "plus_item"):
            placed = self._place_item(c)
        if not placed:
            self._add_paragraph(c)

    def _node(self, kind: str, c: Classified) -> Node:
        return Node(kind=kind, label=c.label, title=None, text=c.rest, lines=c.line.span,
                    raw=c.line.raw, page=c.line.page)

    def _place_article(self, c: Classified) -> bool:
        n = int(c.label or 0)
        if self.last_article is not None and n <= self.last_article:
            # "Điều 1." after Điều 3: a cross-reference wrapped onto its own line, not an article
            self.warnings.append(WarningRecord("article_out_of_order", f"line {c.line.first}: 'Điều {n}' after Điều "
                                               f"{self.last_article} read as text", (c.line.first,)))
            return False
        self.last_article = n
        parent = self._deepest({"chapter", "division"})
        self._attach(self._node("article", c), parent)
        return True

    def _place_section(self, c: Classified) -> bool:
        value = roman_value(c.label or "")
        for i in range(len(self.stack) - 1, -1, -1):
            s = self.stack[i]
            if s.kind == "section" and roman_value(s.label or "") == value - 1:
                self._attach(self._node("section", c), i - 1)
                return True
        if value == 1:
            self._attach(self._node("section", c), self._deepest({"chapter", "article"}))
            return True
        return False

    def _place_clause(self, c: Classified) -> bool:
        n = int(c.label or 0)
        for i in range(len(self.stack) - 1, -1, -1):
            s = self.stack[i]
            if s.kind == "clause" and (s.label or "").isdigit() and int(s.label or 0) == n - 1:
                self._attach(self._node("clause", c), i - 1)
                return True
        if n == 1:
            # A new sequence opens under the nearest article, section or point — never inside
            # another clause, so a run of "1." lines gives siblings, not a tree thousands deep.
            parent = self._deepest({"chapter", "article", "section", "point"})
            outer = self._deepest({"clause"})
            if 0 <= outer < parent:
                # under a point of an open clause sequence: a restarted numbering of the same
                # kind is a new sequence at that clause's level, never a deeper one ("1. a) 1. a)"
                # repeated nested one level per repeat, until serialisation overflowed)
                parent = outer - 1
            self._attach(self._node("clause", c), parent)
            return True
        # A jump (a missing clause in the source): continue the nearest lower sequence.
        for i in range(len(self.stack) - 1, -1, -1):
            s = self.stack[i]
            if s.kind == "clause" and (s.label or "").isdigit() and int(s.label or 0) < n <= int(s.label or 0) + 3:
                self.warnings.append(WarningRecord("clause_jump", f"line {c.line.first}: clause {n} follows clause "
                                                   f"{s.label}", (c.line.first,)))
                self._attach(self._node("clause", c), i - 1)
                return True
        return False

    def _place_subclause(self, c: Classified) -> bool:
        label = c.label or ""
        parent_label, _, last = label.rpartition(".")
        for i in range(len(self.stack) - 1, -1, -1):
            s = self.stack[i]
            if s.kind != "clause":
                continue
            if s.label == parent_label:
                self._attach(self._node("clause", c), i)
                return True
            prefix, _, prev = (s.label or "").rpartition(".")
            if prefix == parent_label and prev.isdigit() and int(prev) + 1 == int(last):
                self._attach(self._node("clause", c), i - 1)
                return True
        if last == "1" and "." not in parent_label:
            # "1.1." with no clause 1 before it (the article numbers its parts decimally): the
            # sequence opens under the nearest article or section, as a clause sequence would
            self._attach(self._node("clause", c), self._deepest({"chapter", "article", "section"}))
            return True
        return False

    def _place_point(self, c: Classified) -> bool:
        letter = c.label or ""
        for i in range(len(self.stack) - 1, -1, -1):
            s = self.stack[i]
            if s.kind == "point" and letter in next_letters(s.label or ""):
                self._attach(self._node("point", c), i - 1)
                return True
        if letter == "a":
            self._attach(self._node("point", c), self._deepest({"chapter", "article", "section", "clause"}))
            return True
        for i in range(len(self.stack) - 1, -1, -1):
            s = self.stack[i]
            if s.kind == "point" and 0 < letter_rank(letter) - letter_rank(s.label or "a") <= 2:
                self.warnings.append(WarningRecord("point_jump", f"line {c.line.first}: point {letter}) follows point "
                                                   f"{s.label})", (c.line.first,)))
                self._attach(self._node("point", c), i - 1)
                return True
        return False

    def _place_item(self, c: Classified) -> bool:
        node = self._node("item", c)
        node.label = "+" if c.kind == "plus_item" else "-"
        container = self._deepest_container()
        if node.label == "+":
            for i in range(len(self.stack) - 1, container, -1):
                if self.stack[i].kind == "item" and self.stack[i].label == "-":
                    self._attach(node, i)
                    return True
        self._attach(node, container)
        return True

    def _add_paragraph(self, c: Classified) -> None:
        top = self.stack[-1] if self.stack else None
        if top is not None and top.kind in ("chapter", "division") and not top.text and not top.children \
                and is_upper(c.line.text):
            # "Chương I" ⏎ "QUY ĐỊNH CHUNG": the capitals line is the chapter's heading
            top.text = c.line.text
            top.raw = f"{top.raw}\n{c.line.raw}"
            top.lines = [top.lines[0], c.line.last]
            self.last_node = top
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
                and c.line.first - last.lines[1] <= 2:
            last.table.append(cells)
            last.table_lines.append(c.line.first)
            _, texts, raws = self.table_parts.setdefault(id(last), (last, [last.text], [last.raw]))
            texts.append(c.line.text)
            raws.append(c.line.raw)
            last.lines = [last.lines[0], c.line.last]
            return
        node = Node(kind="paragraph", label=None, title=None, text=c.line.text, lines=c.line.span,
                    raw=c.line.raw, page=c.line.page, table=[cells], table_lines=[c.line.first])
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
        if c.kind == "article" and self.last_article is not None:
            return int(c.label or 0) == self.last_article + 1
        if c.kind == "chapter" and self.last_chapter is not None and is_upper(c.line.text[:12]):
            return chapter_number(c.label or "") == self.last_chapter + 1
        return False


def _opens_amendment(body: list[Classified], i: int) -> bool:
    """body[i] is an amending sentence and the next line opens its quotation."""
    # the quote test first: it reads one character, is_lead_in folds the whole line
    return i + 1 < len(body) and opening_quote(body[i + 1].line.text) is not None and is_lead_in(body[i].line.text)


def chapter_number(label: str) -> int:
    """'III' → 3, '2' → 2 (chapters are numbered either way)."""
    if label.isdigit():
        return int(label)
    upper = label.upper()
    return roman_value(upper) if upper and all(ch in ROMAN_VALUES for ch in upper) else 0


# "Miền núi: Cơ sở giáo dục …": a short term, a colon, then its content on the same line (run-in).
RUN_IN_RE = regex.compile(r"^[^:]{1,60}:[ \t]*+\S")
# What a heading's content cannot start with: a lower-case word goes on with the label line's
# sentence ("… để xác định:" ⏎ "mức trợ cấp …"); so does a number after a label line ending on a
# word that needs one ("… tại các Điều:" ⏎ "3, 4, 5 …"), but not under "Thời gian:" ⏎ "14 giờ".
CONTINUATION_START_RE = regex.compile(r"^\p{Ll}")
DIGIT_START_RE = regex.compile(r"^\d")


def assign_titles(nodes: list[Node]) -> None:
    """A label line is a heading when it is short, has no closing punctuation and content below."""
    run_in = any(n.kind in RANKS and RUN_IN_RE.match(n.text or "") for n in nodes)
    for node in nodes:
        if node.kind in RANKS and node.kind != "item" and node.children and node.text:
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
    from .clean import ends_mid_phrase

    first = node.children[0]
    if first.kind != "paragraph" or first.table is not None:
        return False
    if CONTINUATION_START_RE.match(first.text):
        return True
    return bool(DIGIT_START_RE.match(first.text)) and ends_mid_phrase(node.text.rstrip(" :"))


def _wholly_bold(raw: str) -> bool:
    """The whole source of a label line in Markdown bold ("**Điều" ⏎ "2. … như sau:**"), the
    way an article heading is set; "**Điều 1.** Thông qua …" (the label alone bold) is not."""
    raw = raw.strip()
    return raw.startswith("**") and raw.endswith("**") and "**" not in raw[2:-2]


# A clause label glued after a full stop ("… không để xảy ra tiêu cực.2. Giao Thường trực …",
# "năm 2026. 2. Giao …"): the stop follows a letter or a closing bracket/quote, or a digit and then
# a space, so decimals ("1.2. Tài nguyên") and dates are not cut; a capital must follow the label.
GLUED_CLAUSE_RE = regex.compile(
    r"(?:(?<=[\p{Ll})”\"][.;])[ \t]*+|(?<=\d[.;])[ \t]++)(\d{1,2})\.[ \t]*+(?=\p{Lu})")


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
    for m in GLUED_CLAUSE_RE.finditer(text):
        if int(m.group(1)) == expected:
            head, tail = text[:m.start()], text[m.start():].strip()
            first = classify(replace(c.line, text=head), LABEL_RULES)
            second = classify(replace(c.line, text=tail), LABEL_RULES)
            if second.kind == "clause":
                return [first, second]
    return [c]


def build_tree(body: list[Classified], warnings: list[WarningRecord]) -> list[Node]:
    builder = TreeBuilder(warnings)
    i = 0
    while i < len(body):
        c = body[i]
        for part in _split_glued_clause(c, builder) if c.kind in ("text", "clause", "point") else [c]:
            builder.add(part)
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
        c = classify(lines[i], ("council", "committee", "national_body", "national_motto", "doc_number"))
        if c.kind == "text" or (c.kind in CAPITALS_ONLY_ANCHORS and not is_upper(lines[i].text)):
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
    preamble = [classify(line, PREAMBLE_RULES) for line in lines[:start]]
    # a decision's bare "QUYẾT ĐỊNH" left in the header (see _is_decision_type_line) is its type
    # (only that one: "QUYẾT NGHỊ:" ending a preamble without bases stays the formula, not a title line)
    preamble = [_as_doc_type(c) for c in preamble]
    body = [classify(line, LABEL_RULES) for line in lines[start:end]]
    tail = [classify(line, (*TAIL_RULES, "closing")) for line in lines[end:]]
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


def build_appendix(lines: list[Classified]) -> list[Node]:
    """Annex content as flat paragraphs and tables (pipe rows), each citing its source lines.

    Labels are not read here: an annex numbers its own parts ("A.", "I.", "1.") independently of
    the resolution, and reading them as clauses would report false numbering jumps."""
    return build_tree([classify(c.line, ()) for c in lines], [])
