"""The indicator vocabulary of grammars/indicators.toml, compiled once: list headings, name
endings, target trigger words, table header roles and canonical codes."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .. import rules as R
from ..caches import per_grammar
from ..textfold import fold

YEAR_RE = regex.compile(r"\bnam\s+((?:19|20)\d{2})\b")
ANY_YEAR_RE = regex.compile(r"\b((?:19|20)\d{2})\b")
END_PUNCT = " .;,:"
SENTENCE_SPLIT_RE = regex.compile(r"(?<=[.;!?])\s+(?=\p{Lu})")


@dataclass(frozen=True)
class _Vocab:
    heading: regex.Pattern[str]
    decrease_start: regex.Pattern[str]
    increase_start: regex.Pattern[str]
    target_trigger: regex.Pattern[str]
    trigger_words: tuple[str, ...]
    target_max_chars: int
    table: dict[str, regex.Pattern[str]]
    mixed: regex.Pattern[str]
    budget: regex.Pattern[str]
    prose_heading: regex.Pattern[str]
    group_heading: regex.Pattern[str]
    group_only: regex.Pattern[str]
    objective_heading: regex.Pattern[str]
    furniture: regex.Pattern[str]
    plan_trigger: regex.Pattern[str]
    plan_word_names: regex.Pattern[str]
    estimate: regex.Pattern[str]
    comparison: regex.Pattern[str]
    actual: regex.Pattern[str]
    no_targets: regex.Pattern[str]


@per_grammar
def vocab() -> _Vocab:
    g = R.load_grammar("indicators")
    lists, targets, tables, entries = g["lists"], g["targets"], g["tables"], g["entries"]
    return _Vocab(
        heading=regex.compile(lists["heading"]),
        decrease_start=regex.compile(lists["decrease_start"]),
        increase_start=regex.compile(lists["increase_start"]),
        target_trigger=_whole_words(targets["trigger_words"]),
        trigger_words=tuple(targets["trigger_words"]),
        target_max_chars=int(targets["max_chars"]),
        table={k: regex.compile(v) for k, v in tables.items() if isinstance(v, str)},
        mixed=regex.compile(lists["mixed"]),
        budget=regex.compile(lists["budget"]),
        prose_heading=regex.compile(lists["prose_heading"]),
        group_heading=regex.compile(lists["group_heading"]),
        group_only=regex.compile(lists["group_only"]),
        objective_heading=regex.compile(lists["objective_heading"]),
        furniture=regex.compile(lists["furniture"]),
        plan_trigger=_whole_words(targets["plan_words"]),
        plan_word_names=regex.compile(targets["plan_word_names"]),
        estimate=_whole_words(entries["estimate_words"]),
        comparison=regex.compile(entries["comparison"]),
        actual=_whole_words(entries["actual_words"]),
        no_targets=regex.compile(targets["no_target_headings"]),
    )


@per_grammar
def _codes() -> tuple[tuple[str, regex.Pattern[str], regex.Pattern[str] | None], ...]:
    """The canonical codes' name and parent patterns, apart from `vocab`: ~80 patterns that only
    a document with indicator tables asks about (a cell-table check needs only `vocab().table`)."""
    return tuple(
        (c["code"], regex.compile(c["name"]), regex.compile(c["parent"]) if c.get("parent") else None)
        for c in R.load_grammar("indicators").get("code", [])
    )


def _whole_words(words: list[str]) -> regex.Pattern[str]:
    """Any of `words` as a whole word (longest first, so "phấn đấu đạt" beats "phấn đấu")."""
    ordered = sorted(words, key=len, reverse=True)
    return regex.compile(r"\b(?:" + "|".join(regex.escape(w) for w in ordered) + r")\b")


def has_trigger(lowered: str) -> bool:
    """A trigger word in lower-cased text: substring tests first, the word-boundary regex only
    when one of them is there."""
    v = vocab()
    return any(w in lowered for w in v.trigger_words) and v.target_trigger.search(lowered) is not None


def canonical_code(name: str, parent: str | None) -> str | None:
    folded, folded_parent = fold(name), fold(parent or "")
    for code, pattern, parent_pattern in _codes():
        if parent_pattern is not None and not parent_pattern.search(folded_parent):
            continue
        if pattern.search(folded):
            return code
    return None
