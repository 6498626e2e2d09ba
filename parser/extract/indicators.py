"""Socio-economic indicators (issue 3): list items, "trong đó" parts, tables, prose targets."""

from __future__ import annotations

from ..model import Indicator, Metadata, Node, Table


def extract_indicators(articles: list[Node], metadata: Metadata,
                       tables: list[Table]) -> tuple[list[Indicator], list[Indicator]]:
    return [], []
