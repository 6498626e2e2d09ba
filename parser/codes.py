"""The canonical-code table of grammars/indicators.toml ([[code]]) as data: each code's one
canonical unit and national statistical indicator code, and units brought to the canonical one.

Why: a code is only comparable across provinces when its figures are in one unit. Resolutions
write the same GRDP per capita as "VND", "VND/người" or "VND/người/năm" (money is already in base
units, so only the label differs) and the per-10,000 ratios as "giường" or "giường bệnh/vạn dân".
Exports relabel compatible units to the canonical one and keep the unit as written beside it; an
incompatible unit (USD against VND, a growth % against an amount) is kept and flagged, never
converted with a guessed factor.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import rules as R
from .caches import per_grammar


@dataclass(frozen=True, slots=True)
class CodeInfo:
    code: str
    unit: str | None
    nsis: str | None  # code in the national statistical indicator system, where recorded
    unit_aliases: tuple[str, ...] = ()


@per_grammar
def code_table() -> dict[str, CodeInfo]:
    """code → CodeInfo, from every [[code]] entry (a code may have several name patterns)."""
    table: dict[str, CodeInfo] = {}
    for entry in R.load_grammar("indicators").get("code", []):
        code = entry["code"]
        if code not in table:
            table[code] = CodeInfo(code, entry.get("unit"), entry.get("nsis") or None,
                                   tuple(entry.get("unit_aliases", ())))
    return table


def _base(unit: str) -> str:
    return unit.split("/", 1)[0].strip().casefold()


def canonical_unit(code: str | None, unit: str | None) -> tuple[str | None, bool]:
    """(unit to report, whether it is the code's canonical unit).

    Compatible: the same unit; a listed alias; "%/năm" for "%"; the same currency or counted thing
    with or without its per-part ("VND" and "VND/người" for "VND/người/năm"). Values never change:
    money is already in base units and a relabel is not a conversion.
    """
    info = code_table().get(code or "")
    if info is None or info.unit is None or unit is None:
        return unit, info is not None and info.unit == unit
    canonical = info.unit
    if unit == canonical or unit in info.unit_aliases:
        return canonical, True
    if _base(unit) == _base(canonical) and (unit.startswith(canonical) or canonical.startswith(unit)
                                            or "/" not in unit or "/" not in canonical):
        return canonical, True
    return unit, False
