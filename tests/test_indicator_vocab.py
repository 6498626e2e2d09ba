"""Every pattern of grammars/indicators.toml against its own examples and counterexamples: a key
`X` with `X_examples` must find each example (lower-cased, as the extractor reads text) and none
of `X_counterexamples`. A rule without examples is a rule nobody can check."""

from __future__ import annotations

from typing import Any

import pytest
import regex
from nqparser import rules as R

GRAMMAR = R.load_grammar("indicators")


def _cases() -> list[Any]:
    cases = []
    for section, table in GRAMMAR.items():
        if not isinstance(table, dict):
            continue
        for key, value in table.items():
            for suffix, expected in (("_examples", True), ("_counterexamples", False)):
                if key.endswith(suffix) and isinstance(table.get(key[: -len(suffix)]), str):
                    pattern = key[: -len(suffix)]
                    for example in value:
                        cases.append(pytest.param(section, pattern, example, expected,
                                                  id=f"{section}.{pattern}:{example[:30]}"))
    return cases


CASES = _cases()


def test_the_list_and_entry_rules_have_examples() -> None:
    patterns = {(c.values[0], c.values[1]) for c in CASES}
    for key in ("heading", "mixed", "budget", "prose_heading", "group_heading", "group_only", "part_separator",
                "furniture", "objective_heading"):
        assert ("lists", key) in patterns, key
    for key in ("temporal_lead", "head_tail", "comparison"):
        assert ("entries", key) in patterns, key


@pytest.mark.parametrize(("section", "key", "example", "expected"), CASES)
def test_pattern_against_its_example(section: str, key: str, example: str, expected: bool) -> None:
    pattern = regex.compile(GRAMMAR[section][key])
    assert (pattern.search(example.lower()) is not None) is expected
