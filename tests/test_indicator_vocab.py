"""Every pattern of grammars/indicators.toml against its own examples and counterexamples: a key
`X` with `X_examples` must find each example (lower-cased, as the extractor reads text) and none
of `X_counterexamples`. A rule without examples is a rule nobody can check."""

from __future__ import annotations

from typing import Any

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st
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


def test_required_literals_reads_the_leading_words() -> None:
    from nqparser.rules import required_literals

    assert required_literals(r"gia tri xuat khau|^xuat khau") == (("gia tri xuat khau", False), ("xuat khau", True))
    assert required_literals(r"\bbhxh\b|bao hiem") == (("bhxh", False), ("bao hiem", False))
    assert required_literals(r"boi chi\S* ngan sach") == ((" ngan sach", False),)  # the longest run
    assert required_literals(r"nuoc sa?ch") == (("nuoc s", False),)
    assert required_literals(r"abcd+e") == (("abcd", False),)
    assert required_literals(r"abcd{2}") == (("abc", False),)
    assert required_literals(r"abc{2}") is None  # "ab": shorter than LITERAL_MIN_CHARS
    assert required_literals(r"(?:a|b)cde") == (("cde", False),)  # after a group: anywhere
    assert required_literals(r"^(?:nganh )?dich vu") == (("dich vu", False),)
    assert required_literals(r"^tong muc vay\b") == (("tong muc vay", True),)
    assert required_literals(r"t[yi] le ho") == ((" le ho", False),)
    assert required_literals(r"x(?:a|b)|abcd") is None  # one alternative without a literal
    assert required_literals(r"(?i)abcd") is None  # inline flags: not read
    assert required_literals(r"\x41bcd") is None  # a multi-character escape: not read
    assert required_literals(r"(?P<place>[^,]{2,40}?)\s*+,\s*ngay\s*+thang") == (("thang", False),)
    assert required_literals(r"^\p{Lu}{2,}abc(?=\s)") == (("abc", False),)
    assert required_literals(r"(?#a comment)abcd") is None


def test_required_literals_reads_vietnamese_words_when_asked() -> None:
    from nqparser.rules import required_literals

    source = r"\bsố lượt (?:đọc|xem)\b|\bvề đầu trang\b|^bản in"
    assert required_literals(source) is None  # the folded rules' default: ASCII runs only
    assert required_literals(source, ascii_only=False) == (
        ("số lượt ", False), ("về đầu trang", False), ("bản in", True))


@pytest.mark.parametrize(("section", "key", "example", "expected"),
                         [c for c in CASES if c.values[:2] == ("lists", "furniture")])
def test_prefiltered_pattern_finds_what_the_pattern_finds(section: str, key: str, example: str,
                                                          expected: bool) -> None:
    from nqparser.extract.indicator_vocab import Prefiltered

    checked = Prefiltered(GRAMMAR[section][key])
    for text in (example.lower(), f"xin chào {example.lower()} nhé", example):
        assert (checked.search(text) is None) is (checked.pattern.search(text) is None)


def test_code_literals_never_skip_a_matching_name() -> None:
    """The pre-filter of canonical_code is exact: every name any code's pattern finds (the codes'
    examples, and every indicator name of the fixtures and seeds) passes that code's literals."""
    from pathlib import Path

    from nqparser import parse_text
    from nqparser.extract import indicator_vocab as iv
    from nqparser.textfold import fold

    names = [ex for c in R.load_grammar("indicators").get("code", []) for ex in c.get("examples", [])]
    root = Path(__file__).resolve().parent.parent / "fixtures" / "raw"
    for path in sorted(root.rglob("*.txt"))[:40]:
        names += [i.name for i in parse_text(path.read_text(encoding="utf-8")).indicators]
    assert len(names) > 100
    checked = 0
    for (_code, pattern, _parent), literals in zip(iv._codes(), iv._code_literals(), strict=True):
        if literals is None:
            continue
        for name in names:
            folded = fold(name)
            if pattern.search(folded):
                checked += 1
                assert any(folded.startswith(w) if a else w in folded for w, a in literals), (pattern.pattern, name)
    assert checked > 20


def _codes_unfiltered(name: str, parent: str | None) -> str | None:
    from nqparser.extract import indicator_vocab as iv
    from nqparser.textfold import fold

    folded, folded_parent = fold(name), fold(parent or "")
    for code, pattern, parent_pattern in iv._codes():
        if parent_pattern is not None and not parent_pattern.search(folded_parent):
            continue
        if pattern.search(folded):
            return code
    return None


def _code_words() -> list[str]:
    words = {w for c in R.load_grammar("indicators").get("code", []) for ex in c.get("examples", [])
             for w in ex.split()}
    return sorted(words | {"tỷ", "tỉ", "lệ", "ngành", "(GRDP)", "/", ",", "-"})


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_code_words()), min_size=1, max_size=12),
       st.one_of(st.none(), st.lists(st.sampled_from(_code_words()), min_size=1, max_size=6)))
def test_canonical_code_pre_filter_is_exact(words: list[str], parent: list[str] | None) -> None:
    """Names made of the codes' own example words: the pre-filtered lookup finds what trying
    every pattern finds."""
    from nqparser.extract.indicator_vocab import canonical_code

    name, parent_name = " ".join(words), (" ".join(parent) if parent else None)
    assert canonical_code(name, parent_name) == _codes_unfiltered(name, parent_name)


_TRIGGER_PIECES = [*GRAMMAR["targets"]["trigger_words"], " ", "x", "đ", "ạt", ",", "1"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_TRIGGER_PIECES), max_size=12))
def test_has_trigger_is_the_pattern_searched(pieces: list[str]) -> None:
    """has_trigger matches the pattern only where a trigger word stands: the same answer as
    searching the whole text, words glued to letters or not."""
    from nqparser.extract.indicator_vocab import has_trigger, vocab

    text = "".join(pieces)
    assert has_trigger(text) is (vocab().target_trigger.search(text) is not None)
