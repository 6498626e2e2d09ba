"""Invariants over every text fixture: each body line belongs to exactly one node, and every
record's `lines` slice back to its text in the original file."""

from __future__ import annotations

from pathlib import Path

import nqparser
import pytest
from nqparser.clean import clean_lines, clean_text
from nqparser.segment import segment
from nqparser.sources.text import read_text_file

RAW = Path(__file__).resolve().parent.parent / "fixtures" / "raw"
TEXT_FIXTURES = sorted(p for p in RAW.glob("*") if p.suffix in (".txt", ".md"))


def _walk(nodes):
    for n in nodes:
        yield n
        yield from _walk(n.children)


def _source_lines(path: Path) -> list[str]:
    return path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").split("\n")


@pytest.mark.parametrize("path", TEXT_FIXTURES, ids=lambda p: p.name)
def test_every_body_line_in_exactly_one_node(path: Path) -> None:
    seg = segment(clean_lines(read_text_file(path).lines))
    body_lines = {n for c in seg.body for n in range(c.line.first, c.line.last + 1)}
    owned: list[int] = []
    for node in _walk(seg.articles):
        if node.kind == "quote":
            continue  # a quotation's span is owned line by line by its children
        rows = node.table_lines if node.table is not None else None
        owned.extend(rows if rows else range(node.lines[0], node.lines[1] + 1))
    blank_gaps = {n for n in body_lines if n not in owned}
    # Lines inside a joined span that were blank in the source (page breaks) are the only gaps.
    source = _source_lines(path)
    assert all(not source[n - 1].strip() for n in blank_gaps), sorted(blank_gaps)[:10]
    assert len(owned) == len(set(owned)), "a line belongs to two nodes"
    assert set(owned) <= body_lines, "a node cites a line outside the body"


@pytest.mark.parametrize("path", TEXT_FIXTURES, ids=lambda p: p.name)
def test_records_point_back_to_their_text(path: Path) -> None:
    import unicodedata

    doc = nqparser.parse_file(path)
    source = [unicodedata.normalize("NFC", clean_text(t)) for t in _source_lines(path)]

    def text_at(first: int, last: int) -> str:
        return " ".join(source[first - 1:last])

    for node in _walk(doc.articles):
        if node.table is None and node.kind != "quote":  # a quote's text is its children's, unquoted
            assert node.text[:40] in text_at(*node.lines), (node.lines, node.text[:40])
    for rec in doc.recipients:
        assert rec.name[:30] in source[rec.line - 1], (rec.line, rec.name)
    for ind in [*doc.indicators, *doc.targets]:
        assert ind.name[:30] in text_at(*ind.lines), (ind.lines, ind.name)
    meta = doc.metadata
    for field, span in meta.provenance.items():
        value = getattr(meta, field)
        if isinstance(value, str) and field not in ("date", "adopted_date", "doc_type", "issuer", "title"):
            assert value in text_at(*span), (field, value, span)
    for basis, span in zip(meta.legal_bases, meta.legal_basis_lines, strict=True):
        assert basis[:40] in text_at(*span)
