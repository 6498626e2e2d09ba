"""Every grammar rule against its own examples and counterexamples (table-driven)."""

from __future__ import annotations

import pytest

from parser import rules as R


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
    for name in names:
        R.rules(name)


def test_unknown_rule_key_is_rejected(tmp_path, monkeypatch) -> None:
    (tmp_path / "structure.toml").write_text('[[rule]]\nid = "x"\npattern = "a"\nbogus = 1\n')
    monkeypatch.setenv("NQPARSER_GRAMMARS", str(tmp_path))
    R.load_grammar.cache_clear()
    R.rules.cache_clear()
    R.fragments.cache_clear()
    try:
        with pytest.raises(R.GrammarError, match="unknown keys"):
            R.rules("structure")
    finally:
        R.load_grammar.cache_clear()
        R.rules.cache_clear()
        R.fragments.cache_clear()
