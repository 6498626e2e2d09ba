"""Every grammar rule against its own examples and counterexamples (table-driven)."""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nqparser import rules as R


def _cases():
    for name in R.all_grammar_names():
        for rule in R.rules(name).values():
            for ex in rule.examples:
                yield pytest.param(rule, ex, True, id=f"{name}:{rule.id}:+{ex[:30]}")
            for ex in rule.counterexamples:
                yield pytest.param(rule, ex, False, id=f"{name}:{rule.id}:-{ex[:30]}")


@pytest.mark.parametrize(("rule", "text", "should_match"), list(_cases()))
def test_rule_examples(rule: R.Rule, text: str, should_match: bool) -> None:
    assert bool(rule.match(text)) is should_match


def test_every_grammar_loads() -> None:
    names = R.all_grammar_names()
    assert "structure" in names
    R.current_grammar().compile_all()  # rules compile lazily; this compiles every pattern


def test_unknown_rule_key_is_rejected(tmp_path) -> None:
    (tmp_path / "structure.toml").write_text('[[rule]]\nid = "x"\npattern = "a"\nbogus = 1\n')
    with R.use_grammar(R.Grammar(tmp_path)), pytest.raises(R.GrammarError, match="unknown keys"):
        R.rules("structure")


def test_a_bad_pattern_is_reported_when_compiled(tmp_path) -> None:
    (tmp_path / "structure.toml").write_text('[[rule]]\nid = "x"\npattern = "a("\n')
    grammar = R.Grammar(tmp_path)
    with pytest.raises(R.GrammarError, match="bad pattern"):
        grammar.compile_all()


def test_use_grammar_swaps_and_restores(tmp_path) -> None:
    (tmp_path / "structure.toml").write_text('[[rule]]\nid = "x"\npattern = "a"\n')
    before = R.rules("structure")
    assert R.rules("structure") is before  # the same object while the grammar is unchanged
    with R.use_grammar(R.Grammar(tmp_path)) as grammar:
        assert R.grammar_dir() == tmp_path == grammar.folder
        assert list(R.rules("structure")) == ["x"]
    assert R.rules("structure") is before


# --- the partial-match pre-check of folded rules ---------------------------------------------------

def _folded_rules() -> list[R.Rule]:
    return [rule for name in R.all_grammar_names() for rule in R.rules(name).values() if rule.folded]


@cache
def _fixture_lines() -> list[str]:
    """Every cleaned line of the text fixtures, and each rule example stretched past FOLD_HEAD."""
    from pathlib import Path

    from nqparser.clean import clean_lines
    from nqparser.sources.text import text_to_source

    root = Path(__file__).resolve().parent.parent / "fixtures" / "raw"
    lines: list[str] = []
    for path in sorted(root.rglob("*.txt")):
        source = text_to_source(path.read_text(encoding="utf-8"))
        lines.extend(line.text for line in clean_lines(source.lines))
    for rule in _folded_rules():
        for ex in (*rule.examples, *rule.counterexamples):
            lines += [ex, ex + " " + "chữ tiếp theo " * 8, ex + "." * 80, "   " + ex]
    return lines


def _signature(m) -> tuple | None:
    return None if m is None else (m.span(), m.groups())


def test_fold_by_string_table_is_the_fold_by_code_point() -> None:
    """textfold translates through a string indexed by code point (faster than its dict); every
    character, surrogates included, folds as the dict says (itself where the dict has no entry)."""
    from nqparser import textfold

    everything = "".join(map(chr, range(0x110000)))
    assert textfold.fold(everything) == everything.translate(textfold._TABLE)
    assert all(textfold.fold_char(ch) == textfold.fold(ch) for ch in "AĐđỆ–“z😀")


@pytest.mark.parametrize("rule", _folded_rules(), ids=lambda r: r.id)
def test_head_precheck_never_changes_a_match(rule: R.Rule, monkeypatch) -> None:
    """Rule.match skips the full fold when a partial match on the folded head fails; that must be
    exact: the same span and groups as matching the full fold, on every fixture line (the
    pre-check asked of every line, not only of those longer than PRECHECK_MIN_CHARS)."""
    from nqparser.textfold import FOLD_HEAD, fold_prefix

    monkeypatch.setattr(R, "PRECHECK_MIN_CHARS", 0)
    lines = _fixture_lines()
    assert sum(len(t) > FOLD_HEAD for t in lines) > 500  # the pre-check path is exercised
    for text in lines:
        assert _signature(rule.match(text)) == _signature(rule.pattern.match(fold_prefix(text))), text


_PIECES = sorted({w for rule in _folded_rules() for ex in rule.examples for w in ex.split()} | {" ", "  ", ".", "…"})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=40))
def test_head_precheck_on_shuffled_example_words(words: list[str]) -> None:
    """Lines made of the rules' own words in any order, most longer than the folded head."""
    from nqparser.textfold import fold_prefix

    text = " ".join(words)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(R, "PRECHECK_MIN_CHARS", 0)
        for rule in _folded_rules():
            assert _signature(rule.match(text)) == _signature(rule.pattern.match(fold_prefix(text)))


def test_head_precheck_is_exact_wherever_the_head_is_cut(monkeypatch) -> None:
    """The pre-check must hold for a head cut at any offset, in particular right after a space
    before a word the rule needs (`regex` judges \\b at the end of a partial string as the end of
    the text, so the pre-check patterns spell \\b as lookarounds)."""
    from nqparser import textfold

    texts = ["- Các đại biểu HĐND tỉnh Khóa XIV;", "Hội đồng nhân dân tỉnh Thái Nguyên khóa XIV, kỳ họp thứ 22"]
    texts += [ex for rule in _folded_rules() for ex in (*rule.examples, *rule.counterexamples)]
    expected = {(rule.id, t): _signature(rule.pattern.match(textfold.fold_prefix(t)))
                for rule in _folded_rules() for t in texts}
    assert any(sig is not None for sig in expected.values())
    monkeypatch.setattr(R, "PRECHECK_MIN_CHARS", 0)
    for head in range(1, 61):
        monkeypatch.setattr(textfold, "FOLD_HEAD", head)
        monkeypatch.setattr(R, "FOLD_HEAD", head)
        textfold.fold_head.cache_clear()
        for rule in _folded_rules():
            rule.starts.clear()
            for t in texts:
                assert _signature(rule.match(t)) == expected[(rule.id, t)], (rule.id, head, t)
    textfold.fold_head.cache_clear()


def test_literal_pre_filter_of_folded_rules() -> None:
    """A folded rule whose every match holds a word skips lines without it, with the same answer
    as its pattern (the pre-check tests above compare every fixture line both ways)."""
    from nqparser.textfold import fold_prefix

    rule = R.rule("structure", "place_date")
    # "ngay" is in both branches (the date in words, "tháng … năm", and in figures, "10/12/2025");
    # "thang" only in the first, so it is not required
    assert rule._literal_needs() == ((), ("ngay",))
    for text in ["Hà Nội, ngày 05 tháng 7 năm 2025", "Hà Nội, ngày 05 THÁNG 7 năm 2025", "Hà Nội, ngày 05 tháng7 năm",
                 "Hà Nội, ngày 05/7/2025", "Hà Nội, 05/7/2025"]:
        assert _signature(rule.match(text)) == _signature(rule.pattern.match(fold_prefix(text)))
    assert rule.match("Hà Nội, ngày 05 năm 2025") is None
    assert rule.match("Hà Nội, 05/7/2025") is None  # no "ngày": skipped by the pre-filter, as the pattern says
