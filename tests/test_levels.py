"""The hierarchy as data: generic placement from the [[level]] entries of structure.toml."""

from __future__ import annotations

import pytest
from grammarswap import grammar_copy
from nqparser import levels
from nqparser import rules as R
from nqparser.errors import WarningRecord
from nqparser.lines import classify_as
from nqparser.model import Line, Node
from nqparser.segment import build_tree


def _tree(texts: list[str]) -> tuple[list[tuple], list[WarningRecord]]:
    body = [classify_as(Line(t, t, i + 1, i + 1), "label") for i, t in enumerate(texts)]
    warnings: list[WarningRecord] = []
    return _shape(build_tree(body, warnings)), warnings


def _shape(nodes: list[Node]) -> list[tuple]:
    return [(n.kind, n.label, _shape(n.children)) if n.children else (n.kind, n.label) for n in nodes]


def test_number_sequence_siblings_and_restart() -> None:
    shape, _ = _tree(["Điều 1. A", "1. x", "2. y", "a) p", "1. z"])
    article = shape[0]
    assert [c[:2] for c in article[2]] == [("clause", "1"), ("clause", "2"), ("clause", "1")]


def test_number_jump_is_bridged_with_a_warning() -> None:
    shape, warnings = _tree(["Điều 1. A", "1. x", "3. y"])
    assert [c[:2] for c in shape[0][2]] == [("clause", "1"), ("clause", "3")]
    assert [w.code for w in warnings] == ["clause_jump"]


def test_roman_sequence() -> None:
    shape, _ = _tree(["Điều 1. A", "I. Một", "1. x", "II. Hai", "III. Ba"])
    assert [c[:2] for c in shape[0][2]] == [("section", "I"), ("section", "II"), ("section", "III")]
    assert shape[0][2][0][2] == [("clause", "1")]


def test_letter_sequence_in_vietnamese_order() -> None:
    shape, warnings = _tree(["Điều 1. A", "1. x", "a) p", "b) q", "c) r", "d) s", "đ) t", "e) u", "g) v"])
    points = shape[0][2][0][2]
    assert [p[1] for p in points] == ["a", "b", "c", "d", "đ", "e", "g"]
    assert not warnings


def test_word_latin_neighbour_is_admitted() -> None:
    shape, warnings = _tree(["Điều 1. A", "a) p", "b) q", "c) r", "d) s", "e) t", "f) u"])
    assert [p[1] for p in shape[0][2]] == ["a", "b", "c", "d", "e", "f"]
    assert not warnings


def test_decimal_sequence_nests_under_its_number() -> None:
    shape, _ = _tree(["Điều 1. A", "1. x", "1.1. y", "1.2. z", "2. w"])
    clauses = shape[0][2]
    assert clauses[0] == ("clause", "1", [("clause", "1.1"), ("clause", "1.2")])
    assert clauses[1] == ("clause", "2")


def test_increasing_article_out_of_order_is_text() -> None:
    shape, warnings = _tree(["Điều 1. A", "Điều 3. B", "Điều 1."])
    assert [n[:2] for n in shape] == [("article", "1"), ("article", "3")]
    assert shape[1][2] == [("paragraph", None)]
    assert [w.code for w in warnings] == ["article_out_of_order"]


def test_bullets_nest_plus_under_dash() -> None:
    shape, _ = _tree(["Điều 1. A", "- x", "+ y", "- z"])
    assert shape[0][2] == [("item", "-", [("item", "+")]), ("item", "-")]


def test_levels_read_from_toml() -> None:
    known = levels.levels()
    assert known.kinds == {"chapter", "division", "article", "section", "clause", "point", "item"}
    assert "item" not in known.containers
    assert known.by_rule["subclause"].kind == "clause"


def _append(folder, text: str) -> None:
    path = folder / "structure.toml"
    path.write_text(path.read_text("utf-8") + text, "utf-8")


def _edit(folder, old: str, new: str) -> None:
    path = folder / "structure.toml"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


NEW_LEVEL = '''
[[rule]]
id = "paren_clause"
kind = "subitem"
roles = ["label"]
pattern = '^\\((?P<label>\\d{1,2})\\)[ \\t]*(?P<rest>.*)$'
examples = ["(1) Một"]
counterexamples = ["1) Một"]

[[level]]
rule = "paren_clause"
follows = "number"
parents = ["point"]
'''


def test_a_level_added_by_a_toml_edit(tmp_path, monkeypatch) -> None:
    with grammar_copy(tmp_path, monkeypatch) as folder:
        _edit(folder, "\n[[level]]\n", NEW_LEVEL + "\n[[level]]\n")
        _edit(folder, 'label = ["article",', 'label = ["paren_clause", "article",')
        shape, _ = _tree(["Điều 1. A", "1. x", "a) p", "(1) m", "(2) n", "b) q"])
        point_a = shape[0][2][0][2][0]
        assert point_a == ("point", "a", [("subitem", "1"), ("subitem", "2")])
        assert shape[0][2][0][2][1] == ("point", "b")
    assert "subitem" not in levels.levels().kinds


def test_level_of_an_unknown_rule_is_rejected(tmp_path, monkeypatch) -> None:
    with grammar_copy(tmp_path, monkeypatch) as folder:
        _append(folder, '\n[[level]]\nrule = "no_such_rule"\nfollows = "number"\n')
        with pytest.raises(R.GrammarError, match="names no rule"):
            levels.levels()


def test_unknown_follows_is_rejected(tmp_path, monkeypatch) -> None:
    with grammar_copy(tmp_path, monkeypatch) as folder:
        _edit(folder, 'follows = "roman"', 'follows = "greek"')
        with pytest.raises(R.GrammarError, match="follows"):
            levels.levels()
