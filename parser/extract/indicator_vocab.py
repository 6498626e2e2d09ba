"""The indicator vocabulary of grammars/indicators.toml, compiled once: list headings, name
endings, target trigger words, table header roles and canonical codes."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import regex

from .. import rules as R
from ..caches import per_grammar, per_line
from ..runcache import compile_re, compile_regex
from ..textfold import fold

ANY_YEAR_RE = compile_regex(r"\b((?:19|20)\d{2})\b")
END_PUNCT = " .;,:"
SENTENCE_SPLIT_RE = compile_regex(r"(?<=[.;!?])\s+(?=\p{Lu})")


def _whole_words(words: list[str]) -> regex.Pattern[str]:
    """Any of `words` as a whole word (longest first, so "phấn đấu đạt" beats "phấn đấu")."""
    ordered = sorted(words, key=len, reverse=True)
    return compile_regex(r"\b(?:" + "|".join(regex.escape(w) for w in ordered) + r")\b")


class _Compiled:
    """A `_Vocab` pattern built from `[section] key` on first access, then kept on the instance:
    a document without lists or targets (most lines of most runs) never compiles theirs."""

    def __init__(self, section: str, key: str, build: Callable[[Any], Any] = compile_regex) -> None:
        self.section, self.key, self.build = section, key, build
        self.name = key

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: _Vocab | None, owner: type | None = None) -> Any:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.build(obj.grammar[self.section][self.key])
        return value


class Prefiltered:
    """A flagless vocabulary pattern searched only in a text that holds one of the words every
    match holds (`rules.required_literals`): a substring test costs a fraction of the search, and
    the walk asks every paragraph, most of which hold none ("lượt xem", "về đầu trang" …)."""

    __slots__ = ("holds", "pattern", "starts")

    def __init__(self, source: str) -> None:
        self.pattern = compile_regex(source)
        literals = R.required_literals(source, ascii_only=False)
        self.starts = tuple(w for w, anchored in literals if anchored) if literals is not None else ()
        self.holds = tuple(w for w, anchored in literals if not anchored) if literals is not None else None

    def search(self, text: str) -> regex.Match[str] | None:
        if self.holds is not None and not text.startswith(self.starts) and not any(w in text for w in self.holds):
            return None
        return self.pattern.search(text)


class _Patterns(Mapping[str, regex.Pattern[str]]):
    """The `[tables]` patterns by key, each compiled on first lookup."""

    def __init__(self, sources: dict[str, str]) -> None:
        self._sources = sources
        self._compiled: dict[str, regex.Pattern[str]] = {}

    def __getitem__(self, key: str) -> regex.Pattern[str]:
        pattern = self._compiled.get(key)
        if pattern is None:
            pattern = self._compiled[key] = compile_regex(self._sources[key])
        return pattern

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)


class _Vocab:
    """The indicator vocabulary; each pattern compiled on first use."""

    heading = _Compiled("lists", "heading")
    decrease_start = _Compiled("lists", "decrease_start")
    increase_start = _Compiled("lists", "increase_start")
    decrease_end = _Compiled("lists", "decrease_end")
    increase_end = _Compiled("lists", "increase_end")
    target_trigger = _Compiled("targets", "trigger_words", _whole_words)
    mixed = _Compiled("lists", "mixed")
    budget = _Compiled("lists", "budget")
    prose_heading = _Compiled("lists", "prose_heading")
    group_heading = _Compiled("lists", "group_heading")
    group_only = _Compiled("lists", "group_only")
    whole_list_heading = _Compiled("lists", "whole_list_heading")
    objective_heading = _Compiled("lists", "objective_heading")
    furniture = _Compiled("lists", "furniture")
    page_end = _Compiled("lists", "page_end")
    plan_trigger = _Compiled("targets", "plan_words", _whole_words)
    plan_word_names = _Compiled("targets", "plan_word_names")
    estimate = _Compiled("entries", "estimate_words", _whole_words)
    comparison = _Compiled("entries", "comparison")
    actual = _Compiled("entries", "actual_words", _whole_words)
    no_targets = _Compiled("targets", "no_target_headings")
    year = _Compiled("targets", "year")
    furniture_filtered = _Compiled("lists", "furniture", Prefiltered)  # asked of every paragraph

    def __init__(self, grammar: dict[str, Any]) -> None:
        self.grammar = grammar
        self.trigger_words: tuple[str, ...] = tuple(grammar["targets"]["trigger_words"])
        self.target_max_chars = int(grammar["targets"]["max_chars"])
        self.table: Mapping[str, regex.Pattern[str]] = _Patterns(
            {k: v for k, v in grammar["tables"].items() if isinstance(v, str)})

    def compile_all(self) -> None:
        """Compile every pattern now (`pipeline.warm_up`, before a batch forks its workers)."""
        for name, value in vars(type(self)).items():
            if isinstance(value, _Compiled):
                getattr(self, name)
        for key in self.table:
            self.table[key]


@per_grammar
def vocab() -> _Vocab:
    return _Vocab(R.load_grammar("indicators"))


@per_grammar
def _codes() -> tuple[tuple[str, regex.Pattern[str], regex.Pattern[str] | None], ...]:
    """The canonical codes' name and parent patterns, apart from `vocab`: ~80 patterns that only
    a document with indicator tables asks about (a cell-table check needs only `vocab().table`)."""
    return tuple(
        (c["code"], compile_regex(c["name"]), compile_regex(c["parent"]) if c.get("parent") else None)
        for c in R.load_grammar("indicators").get("code", [])
    )


@per_grammar
def _code_literals() -> tuple[tuple[tuple[str, bool], ...] | None, ...]:
    """For each code of `_codes()`, the literal words its name pattern must hold (see
    `rules.required_literals`), or None when the pattern has no such words (then it is always tried)."""
    return tuple(R.required_literals(pattern.pattern) for _, pattern, _ in _codes())


_CodeRow = tuple[str, regex.Pattern[str], regex.Pattern[str] | None, tuple[str, ...] | None, tuple[str, ...]]


@per_grammar
def _code_table() -> tuple[_CodeRow, ...]:
    """`_codes()` with each code's literals split for the tests `canonical_code` makes: the
    words a name must start with (None: no pre-filter) and the words it may hold anywhere."""
    out: list[_CodeRow] = []
    for (code, pattern, parent), literals in zip(_codes(), _code_literals(), strict=True):
        if literals is None:
            out.append((code, pattern, parent, None, ()))
        else:
            out.append((code, pattern, parent, tuple(w for w, anchored in literals if anchored),
                        tuple(w for w, anchored in literals if not anchored)))
    return tuple(out)


def _literal_trie(words: list[str]) -> str:
    """Literal words as one pattern that branches on each next character: `re` tries a long
    alternation word by word at every offset, a trie a character or two."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if "" in node:
            alts.append("")
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(root)


@per_grammar
def _code_filter() -> tuple[re.Pattern[str], tuple[_CodeRow, ...]]:
    """One pattern that matches a folded name holding any code's literal words (a start word at
    its start, a held word anywhere), and the codes that have no such words. Most names hold
    none: those are tried on the few unfiltered codes only, not on the ~80 prefilters one by one."""
    table = _code_table()
    starts = {w for row in table if row[3] for w in row[3]}
    holds = {w for row in table for w in row[4]}
    alternatives = [r"^" + _literal_trie(sorted(starts))] if starts else []
    if holds:
        alternatives.append(_literal_trie(sorted(holds)))
    pattern = compile_re("|".join(alternatives) if alternatives else "(?!)")
    return pattern, tuple(row for row in table if row[3] is None)


def has_trigger(lowered: str) -> bool:
    """A trigger word in lower-cased text: the words are found by substring search, and the
    word-boundary pattern is matched only where one of them stands (every match of the pattern
    starts at one), not searched for across the whole paragraph."""
    v = vocab()
    pattern = v.target_trigger
    for word in v.trigger_words:
        i = lowered.find(word)
        while i >= 0:
            if pattern.match(lowered, i) is not None:
                return True
            i = lowered.find(word, i + 1)
    return False


@per_line(4096)
def canonical_code(name: str, parent: str | None) -> str | None:
    """The grammar's code for an indicator name under its parent, or None. Cached: a table's
    rows and the body's list name the same indicators again."""
    folded = fold(name)
    folded_parent: str | None = None  # folded when a code asks about the parent
    literals, unfiltered = _code_filter()
    rows = _code_table() if literals.search(folded) else unfiltered
    for code, pattern, parent_pattern, starts, holds in rows:
        if starts is not None and not folded.startswith(starts):
            for word in holds:
                if word in folded:
                    break
            else:
                continue  # none of the words the pattern needs: it cannot match
        if parent_pattern is not None:
            if folded_parent is None:
                folded_parent = fold(parent or "")
            if not parent_pattern.search(folded_parent):
                continue
        if pattern.search(folded):
            return code
    return None


def direction_of_name(name: str) -> str | None:
    """The direction a name reports when its value gives none: a name opening or ending on its
    change ("Giảm tỷ lệ hộ nghèo", "Tỷ lệ hộ nghèo giảm bình quân/năm"); lists and tables alike."""
    v = vocab()
    lowered = name.lower()
    if v.decrease_start.search(lowered) or v.decrease_end.search(lowered):
        return "decrease"
    if v.increase_start.search(lowered) or v.increase_end.search(lowered):
        return "increase"
    return None
