"""The hierarchy as data: where a labelled line goes in the tree, from the `[[level]]` entries of
grammars/structure.toml.

A level names its label rule, the node kind it makes, how the next label follows the one before
("number" 1 2 3, "roman" I II III, "letter" a b c d đ e g … (Word's Latin neighbour f admitted),
"decimal" 1.1 1.2 under 1, "increasing" any larger number, "any", "bullet") and the node kinds
under which a new sequence opens. Placement is one rule for every level: continue the open
sequence (a sibling of the predecessor), else open a new one under the deepest allowed parent,
else bridge a small gap with a warning; what finds no place is a paragraph.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, cast

from . import roman
from . import rules as R
from .caches import per_grammar
from .errors import WarningRecord
from .model import Node, NodeKind

GRAMMAR = "structure"
FOLLOWS = frozenset({"number", "roman", "letter", "decimal", "increasing", "any", "bullet"})
LEVEL_KEYS = frozenset({
    "rule", "kind", "follows", "parents", "restart_at_own_level", "jump", "jump_warning", "jump_message",
    "out_of_order_warning", "out_of_order_message", "skip_ahead_warning", "skip_ahead_message", "bullet",
    "nests_under", "heading_below", "opens_excerpt", "description",
})

# Vietnamese order of lettered points; Word's lowerLetter (with f) is admitted as a neighbour.
VN_LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()
LATIN_LETTERS = "a b c d e f g h i j k l m n o p q r s t u v w x y z".split()


@dataclass(frozen=True, slots=True)
class Level:
    rule: str  # the label rule that opens it
    kind: NodeKind  # the node kind it makes (several rules may make one kind: clause and subclause)
    follows: str
    parents: tuple[str, ...] = ()  # node kinds a new sequence opens under; none: a root
    restart_at_own_level: bool = False  # a restarted "1." under a deeper level stays a sibling
    jump: int = 0  # the largest gap bridged (with jump_warning) when no predecessor is open
    jump_warning: str = ""
    jump_message: str = ""  # "{value}", "{previous}"
    out_of_order_warning: str = ""  # "increasing": a label not above the last is read as text
    out_of_order_message: str = ""
    # "increasing": a label that skips ahead while the next label of the level goes on from the
    # last one is read as text (a cross-reference wrapped to a line start: Điều 1, Điều 75, Điều 2)
    skip_ahead_warning: str = ""
    skip_ahead_message: str = ""
    bullet: str = ""  # "bullet": the node's label
    nests_under: str = ""  # "bullet": nests under an open bullet with this label
    heading_below: bool = False  # a capitals line right below an empty node is its heading
    # the body's very first node may be of any number: an excerpt copied from its "II." on
    opens_excerpt: bool = False

    @property
    def container(self) -> bool:
        """Paragraphs and tables attach under it (bullets hold only their own line)."""
        return self.follows != "bullet"


@dataclass(frozen=True, slots=True)
class Levels:
    by_rule: dict[str, Level]
    kinds: frozenset[str]  # every labelled node kind
    containers: frozenset[str]
    heading_below: frozenset[str]


@per_grammar
def levels() -> Levels:
    """The levels of grammars/structure.toml (built again when another grammar is put in use)."""
    return _build(R.load_grammar(GRAMMAR))


def _build(data: dict[str, Any]) -> Levels:
    table = R.rules(GRAMMAR)
    by_rule: dict[str, Level] = {}
    for entry in data.get("level", []):
        unknown = set(entry) - LEVEL_KEYS
        if unknown:
            raise R.GrammarError(f"{GRAMMAR}: level {entry.get('rule')!r} has unknown keys {sorted(unknown)}")
        rid = entry.get("rule")
        if rid not in table:
            raise R.GrammarError(f"{GRAMMAR}: level names no rule of the grammar: {rid!r}")
        if entry.get("follows") not in FOLLOWS:
            raise R.GrammarError(f"{GRAMMAR}: level {rid!r}: follows must be one of {sorted(FOLLOWS)}")
        if rid in by_rule:
            raise R.GrammarError(f"{GRAMMAR}: two levels for rule {rid!r}")
        fields = {k: v for k, v in entry.items() if k != "description"}
        # A level may reuse a kind ("Mục" → division, "2.1." → clause). A kind of its own is data
        # too, but it is a new value in the output: add it to model.NodeKind and regenerate the
        # schema (scripts/make_schema.py), or the outputs stop validating (tests/test_schema.py).
        fields["kind"] = cast(NodeKind, entry.get("kind", table[rid].kind))
        fields["parents"] = tuple(entry.get("parents", ()))
        by_rule[rid] = Level(**fields)
    kinds = frozenset(level.kind for level in by_rule.values())
    for level in by_rule.values():
        if set(level.parents) - kinds:
            raise R.GrammarError(f"{GRAMMAR}: level {level.rule!r}: parents {sorted(set(level.parents) - kinds)} "
                                 "are no level's kind")
    return Levels(by_rule, kinds,
                  frozenset(level.kind for level in by_rule.values() if level.container),
                  frozenset(level.kind for level in by_rule.values() if level.heading_below))


def level_of(rule_id: str) -> Level | None:
    return levels().by_rule.get(rule_id)


# --- sequences ----------------------------------------------------------------------------------

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


def chapter_number(label: str) -> int:
    """'III' → 3, '2' → 2 (chapters are numbered either way)."""
    if label.isdigit():
        return int(label)
    return roman.symbols_value(label.upper()) or 0


def value_of(follows: str, label: str) -> int:
    """The number a label stands for in its sequence (0 when it has none)."""
    if follows in ("number", "increasing"):
        return int(label or 0)
    if follows == "roman":
        return roman.symbols_value(label) or 0
    if follows == "any":
        return chapter_number(label)
    return 0


# --- placement ----------------------------------------------------------------------------------

class Placement:
    """Where each labelled line goes, given the stack of open nodes (root first).

    `place` returns the index in the stack of the node to attach under (-1: a root), or None when
    the label finds no place (the line is then a paragraph)."""

    def __init__(self, warnings: list[WarningRecord]) -> None:
        self.warnings = warnings
        self.last: dict[str, int] = {}  # rule id → value of its latest placed label
        # (rule id, line) of a label → the label of the next line of that rule in the body, for
        # the levels with a skip_ahead_warning (see note_sequence)
        self.next_label: dict[tuple[str, int], str] = {}
        self.placed_any = False  # a labelled node is in the tree (see Level.opens_excerpt)

    def note_sequence(self, labelled: list[tuple[str, int, str]]) -> None:
        """The body's labelled lines (rule id, line, label) in order, so that a label can be
        checked against the next one of its level (skip_ahead_warning)."""
        by_rule: dict[str, list[tuple[int, str]]] = {}
        for rule_id, line, label in labelled:
            level = level_of(rule_id)
            if level is not None and (level.skip_ahead_warning or (level.jump and level.follows == "number")):
                by_rule.setdefault(rule_id, []).append((line, label))
        for rule_id, seq in by_rule.items():
            for (line, _), (_, nxt) in itertools.pairwise(seq):
                self.next_label[(rule_id, line)] = nxt

    def place(self, level: Level, label: str, line: int, stack: list[Node], container: int) -> int | None:
        where = self._place(level, label, line, stack, container)
        if where is not None:
            self.placed_any = True
        return where

    def _place(self, level: Level, label: str, line: int, stack: list[Node], container: int) -> int | None:
        follows = level.follows
        if follows == "bullet":
            return self._bullet(level, stack, container)
        if follows == "decimal":
            return self._decimal(level, label, stack)
        if follows == "letter":
            return self._letter(level, label, line, stack)
        value = value_of(follows, label)
        if follows == "increasing":
            last = self.last.get(level.rule)
            if last is not None and value <= last:
                self._warn(level.out_of_order_warning, level.out_of_order_message, line, value, last)
                return None
            if level.skip_ahead_warning and self._skips_ahead(level, value, line, last):
                self._warn(level.skip_ahead_warning, level.skip_ahead_message, line, value, last)
                return None
            self.last[level.rule] = value
            return deepest(stack, level.parents)
        if follows == "any":
            self.last[level.rule] = value
            return deepest(stack, level.parents)
        return self._counted(level, value, line, stack)

    def _counted(self, level: Level, value: int, line: int, stack: list[Node]) -> int | None:
        """number and roman sequences: 1 2 3 / I II III."""
        for i in range(len(stack) - 1, -1, -1):
            s = stack[i]
            if s.kind == level.kind and self._value(level, s.label) == value - 1:
                return i - 1
        if value == 1:
            parent = deepest(stack, level.parents)
            if level.restart_at_own_level:
                # under a deeper level of an open sequence of the same kind, a restarted numbering
                # is a new sequence at that sequence's level, never a deeper one ("1. a) 1. a)"
                # repeated nested one level per repeat, until serialisation overflowed)
                outer = deepest(stack, (level.kind,))
                if 0 <= outer < parent:
                    parent = outer - 1
            return parent
        if level.opens_excerpt and not stack and not self.placed_any:
            return deepest(stack, level.parents)  # nothing above it in the body: an excerpt begins here
        if level.jump:
            for i in range(len(stack) - 1, -1, -1):
                s = stack[i]
                prev = self._value(level, s.label)
                if s.kind == level.kind and prev is not None and prev < value <= prev + level.jump:
                    nxt = self.next_label.get((level.rule, line))
                    if nxt is not None and self._value(level, nxt) == prev + 1:
                        # "… thôn 4 và Tổ dân phố" ⏎ "5. Công trình cấp IV …" inside clause 2, the real
                        # "3." next: a number wrapped to a line start, not a clause
                        return None
                    self._warn(level.jump_warning, level.jump_message, line, value, s.label)
                    return i - 1
        return None

    def _skips_ahead(self, level: Level, value: int, line: int, last: int | None) -> bool:
        """Above the next number while the very next label of the level is that number: an
        excerpt's real gap (1, 5, 6) is kept, a wrapped reference (1, 75, 2) is not."""
        expected = 1 if last is None else last + 1
        nxt = self.next_label.get((level.rule, line))
        return value > expected and nxt is not None and value_of(level.follows, nxt) == expected

    @staticmethod
    def _value(level: Level, label: str | None) -> int | None:
        """A sibling's place in the sequence; None for a label of another numbering (a "1.1")."""
        text = label or ""
        if level.follows == "number":
            return int(text) if text.isdigit() else None
        return roman.symbols_value(text) or 0

    def _letter(self, level: Level, letter: str, line: int, stack: list[Node]) -> int | None:
        for i in range(len(stack) - 1, -1, -1):
            s = stack[i]
            if s.kind == level.kind and letter in next_letters(s.label or ""):
                return i - 1
        if letter == "a":
            return deepest(stack, level.parents)
        if level.jump:
            for i in range(len(stack) - 1, -1, -1):
                s = stack[i]
                if s.kind == level.kind and 0 < letter_rank(letter) - letter_rank(s.label or "a") <= level.jump:
                    self._warn(level.jump_warning, level.jump_message, line, letter, s.label)
                    return i - 1
        return None

    @staticmethod
    def _decimal(level: Level, label: str, stack: list[Node]) -> int | None:
        """1.1 under 1, 1.2 after 1.1, 1.2.1 under 1.2."""
        parent_label, _, last = label.rpartition(".")
        for i in range(len(stack) - 1, -1, -1):
            s = stack[i]
            if s.kind != level.kind:
                continue
            if s.label == parent_label:
                return i
            prefix, _, prev = (s.label or "").rpartition(".")
            if prefix == parent_label and prev.isdigit() and int(prev) + 1 == int(last):
                return i - 1
        if last == "1" and "." not in parent_label:
            # "1.1." with no 1 before it (the article numbers its parts decimally): the sequence
            # opens under the nearest allowed parent, as a sequence of its own would
            return deepest(stack, level.parents)
        return None

    @staticmethod
    def _bullet(level: Level, stack: list[Node], container: int) -> int:
        if level.nests_under:
            for i in range(len(stack) - 1, container, -1):
                if stack[i].kind == level.kind and stack[i].label == level.nests_under:
                    return i
        return container

    def _warn(self, code: str, message: str, line: int, value: object, previous: object) -> None:
        if code:
            self.warnings.append(WarningRecord(code, f"line {line}: " + message.format(value=value, previous=previous),
                                               (line,)))


def deepest(stack: list[Node], kinds: tuple[str, ...] | frozenset[str] | set[str]) -> int:
    """Index of the deepest open node of one of `kinds` (-1: none)."""
    for i in range(len(stack) - 1, -1, -1):
        if stack[i].kind in kinds:
            return i
    return -1
