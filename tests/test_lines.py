"""The line layer: roles read from structure.toml, classification per role, capitals_only."""

from __future__ import annotations

import pytest
from grammarswap import grammar_copy
from nqparser import lines
from nqparser import rules as R
from nqparser.model import Line


def test_every_role_has_rules_in_order() -> None:
    for role in R.RULE_ROLES:
        ids = lines.rule_ids(role)
        assert ids, role
        assert len(set(ids)) == len(ids), role
        assert set(ids) <= set(R.rules("structure")), role


def test_roles_come_from_the_rules() -> None:
    data = R.load_grammar("structure")
    for entry in data["rule"]:
        for role in entry.get("roles", []):
            assert entry["id"] in lines.rule_ids(role)


def test_label_order_is_the_spelled_order() -> None:
    assert lines.rule_ids("label")[:3] == ("article", "chapter", "division")
    assert lines.rule_ids("bare_label") == ("article", "point", "clause", "section")


@pytest.mark.parametrize(("text", "role", "kind"), [
    ("Điều 2. Tổ chức thực hiện", "label", "article"),
    ("Chương II", "label", "chapter"),
    ("a) Các chỉ tiêu", "label", "point"),
    ("1.1. Mục tiêu", "label", "subclause"),
    ("- Thu ngân sách", "label", "dash_item"),
    ("| 1 | Tỷ lệ |", "label", "table_row"),
    ("Căn cứ Luật Tổ chức chính quyền địa phương", "preamble", "legal_basis"),
    ("Nơi nhận:", "tail", "recipients_head"),
    ("Thông qua kết quả", "label", "text"),
])
def test_kind_of(text: str, role: str, kind: str) -> None:
    assert lines.kind_of(text, role) == kind
    assert lines.classify_as(Line(text, text, 1, 1), role).kind == kind


def test_the_role_questions() -> None:
    assert lines.starts_with_label("3. Giao Ủy ban")
    assert lines.opens_division("Điều 3. Hiệu lực") and not lines.opens_division("3. Giao")
    assert lines.stands_alone("NGHỊ QUYẾT") and not lines.stands_alone("Điều 3. Hiệu lực")
    assert lines.is_bare_label("đ)") and lines.is_bare_label("III.") and lines.is_bare_label("Điều 1.")
    assert lines.is_bare_label("Điều 1.", "reference_label")
    assert lines.is_page_mark("--- PAGE BREAK ---")
    assert lines.starts_new_line("Số: 12/NQ-HĐND")


def test_capitals_only() -> None:
    assert "council" in lines.capitals_only("join_blocker")
    assert "signer_title" in lines.capitals_only("layout_anchor")
    assert "signer_title" not in lines.capitals_only("standalone")
    # the council heads a page in capitals; in running text the sentence goes on
    assert lines.starts_new_line("HỘI ĐỒNG NHÂN DÂN TỈNH BẮC NINH")
    assert not lines.starts_new_line("Hội đồng nhân dân tỉnh Bắc Ninh")
    assert lines.is_layout_anchor("CHỦ TỊCH") and not lines.is_layout_anchor("Chủ tịch")
    assert lines.stands_alone("Chủ tịch")  # not capitals-only for that role


def test_reader_rules() -> None:
    assert lines.starts_item("Mục 1") and not lines.starts_item("2.500 tỷ đồng")
    assert lines.holds_layout_anchor("DANH SÁCH\nNƠI NHẬN:") and not lines.holds_layout_anchor("SỐ LƯỢNG")
    assert lines.is_header_cell("CHỈ TIÊU") and not lines.is_header_cell("CHỈ TIÊU KINH TẾ")


def _edit(folder, old: str, new: str) -> None:
    path = folder / "structure.toml"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_unknown_role_is_rejected(tmp_path, monkeypatch) -> None:
    with grammar_copy(tmp_path, monkeypatch) as folder:
        _edit(folder, 'id = "archive"\nroles = [', 'id = "archive"\nroles = ["no_such_role", ')
        with pytest.raises(R.GrammarError, match="unknown role"):
            R.rules("structure")


def test_capitals_only_must_name_a_played_role(tmp_path, monkeypatch) -> None:
    with grammar_copy(tmp_path, monkeypatch) as folder:
        _edit(folder, 'id = "archive"\n', 'id = "archive"\ncapitals_only = ["label"]\n')
        with pytest.raises(R.GrammarError, match="does not play"):
            R.rules("structure")


def test_role_order_must_match_the_rules(tmp_path, monkeypatch) -> None:
    with grammar_copy(tmp_path, monkeypatch) as folder:
        _edit(folder, 'id = "lead_in"\n', 'id = "lead_in"\nroles = ["label"]\n')
        with pytest.raises(R.GrammarError, match="role_order"):
            lines.rule_ids("label")


def test_a_role_given_by_toml_edit(tmp_path, monkeypatch) -> None:
    """capitals_only is data: making the archive line capitals-only for join_blocker is one edit."""
    assert lines.starts_new_line("Lưu: văn thư, các ban.")
    with grammar_copy(tmp_path, monkeypatch) as folder:
        _edit(folder, 'id = "archive"\n', 'id = "archive"\ncapitals_only = ["join_blocker"]\n')
        assert not lines.starts_new_line("Lưu: văn thư, các ban.")
        assert lines.starts_new_line("LƯU: VĂN THƯ, CÁC BAN.")
    assert lines.starts_new_line("Lưu: văn thư, các ban.")
