"""The province of a district- or commune-level issuer, from the gazetteer `grammars/units.tsv`.

A district's or commune's header rarely prints its province ("HỘI ĐỒNG NHÂN DÂN" ⏎ "HUYỆN TUẦN
GIÁO"), so the province is looked up among the units in force at the document's date: the
districts and their communes until 30 June 2025, the communes of the 34 provinces from 1 July 2025
(both when the date is unknown). Names recur across provinces ("huyện Châu Thành" is in ten):
then the header's own words decide (the upper line "UBND TỈNH X" or "UBND HUYỆN Y", a province or
district named in the title, the place of the date line), and where nothing decides the province
stays unknown rather than guessed.

Names are compared with their tone marks first, wherever the tone sits ("Hoà"/"Hòa",
"Thuỷ"/"Thủy"), so that "Phú Thạnh" and "Phú Thành" of one district stay apart, then through the
tone-insensitive fold for text that lost its marks. The file (226 KB) is read on the first such
issuer only, never for a province-level one.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from typing import Any, NamedTuple

from .. import rules as R
from ..caches import per_grammar_on_demand
from ..runcache import compile_regex
from ..textfold import TONE_MARKS, fold

GAZETTEER = "units.tsv"
SYLLABLE_RE = compile_regex(r"[\p{L}\p{M}\p{N}]++")
LEADING_ZEROS_RE = compile_regex(r"(?<!\d)0++(?=\d)")  # "Phường 01" is "Phường 1"
NOT_NAME_RE = compile_regex(r"[^\p{L}\p{N}]++")
NOT_NAME_OR_BAR_RE = compile_regex(r"[^\p{L}\p{N}|]++")
# Header lines are short; a title naming its province does so within this many characters.
EVIDENCE_CHARS = 1024
# The longest unit word and name are under 40 characters: a longer text (a flattened line) is none.
MAX_UNIT_CHARS = 100
# The header, the place and date line and the title stand in a document's first lines.
MAX_HEADER_LINES = 40


class Unit(NamedTuple):
    """One district or commune of the gazetteer, in one era."""

    province: str
    kind: str  # the unit word as the data writes it: "huyện", "thị xã", "xã", "đặc khu"
    name: str
    level: str  # "district" or "commune"
    era: str  # "before" or "after" the merger date
    district: tuple[str, str] | None  # (kind, name) of a pre-merger commune's district


def _syllables(text: str) -> list[str]:
    return list(SYLLABLE_RE.findall(LEADING_ZEROS_RE.sub("", unicodedata.normalize("NFD", text.lower()))))


def marked_key(text: str) -> str:
    """Lower case without spaces or punctuation, each syllable's tone moved after its letters:
    "Hoà Bình" and "Hòa Bình" → the same key, "Phú Thạnh" and "Phú Thành" → two keys."""
    out = []
    for syllable in _syllables(text):
        tones = "".join(ch for ch in syllable if ch in TONE_MARKS)
        letters = "".join(ch for ch in syllable if ch not in TONE_MARKS)
        out.append(unicodedata.normalize("NFC", letters) + tones[:1])
    return "".join(out)


def plain_key(text: str) -> str:
    """`fold` (no marks, lower case) without spaces or punctuation: "Cư M'gar" → "cumgar"."""
    return str(NOT_NAME_RE.sub("", LEADING_ZEROS_RE.sub("", fold(unicodedata.normalize("NFC", text)))))


def _plain_keys(names: str) -> list[str]:
    """`plain_key` of each name of a "|"-joined list, in one pass over the list (index build time)."""
    folded = str(LEADING_ZEROS_RE.sub("", fold(unicodedata.normalize("NFC", names))))
    return str(NOT_NAME_OR_BAR_RE.sub("", folded)).split("|")


def _words(text: str) -> str:
    """Folded words separated by single spaces, padded, for whole-word containment tests."""
    return " " + " ".join(SYLLABLE_RE.findall(fold(text))) + " "


@dataclass(frozen=True, slots=True)
class Gazetteer:
    merger_date: str
    units: dict[str, list[Unit]]  # plain_key(name) → units of that name, every level and era
    kinds: dict[str, str]  # folded unit word → level, longest first


@per_grammar_on_demand
def gazetteer() -> Gazetteer:
    """Read and index units.tsv once, when the first issuer below province level asks (a .tsv,
    not a .toml: `pipeline.warm_up` parses every grammars/*.toml at start-up)."""
    path = R.grammar_dir() / GAZETTEER
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise R.GrammarError(f"no gazetteer file {path}") from exc
    units: dict[str, list[Unit]] = {}
    kinds: dict[str, str] = {}
    values: dict[str, str] = {}

    def add(names: str, kind: str, level: str, era: str, province: str, district: tuple[str, str] | None) -> None:
        kinds[" ".join(fold(kind).split())] = level
        for key, name in zip(_plain_keys(names), names.split("|"), strict=True):
            units.setdefault(key, []).append(Unit(province, kind, name, level, era, district))

    seen: set[tuple[str, str, str]] = set()
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("#"):
            continue
        match line.split("\t"):
            case ["before", province, district_kind, district, ward_kind, names]:
                if (province, district_kind, district) not in seen:
                    seen.add((province, district_kind, district))
                    add(district, district_kind, "district", "before", province, None)
                if names:
                    add(names, ward_kind, "commune", "before", province, (district_kind, district))
            case ["after", province, ward_kind, names]:
                add(names, ward_kind, "commune", "after", province, None)
            case [key, value]:
                values[key] = value
            case _:
                raise R.GrammarError(f"{path}, line {number}: not a row of the gazetteer's layout")
    if "merger_date" not in values:
        raise R.GrammarError(f"{path}: no merger_date row")
    ordered = dict(sorted(kinds.items(), key=lambda kv: -len(kv[0])))
    return Gazetteer(values["merger_date"], units, ordered)


def split_unit(unit: str) -> tuple[str, str] | None:
    """ "huyện Tuần Giáo" → ("huyen", "Tuần Giáo"): the folded unit word the gazetteer knows and
    the name after it; None when the text does not start with one."""
    text = " ".join(unit.split())
    folded = fold(text)
    for kind in gazetteer().kinds:
        if folded.startswith(kind + " ") and len(text) > len(kind) + 1:
            return kind, text[len(kind) + 1:].strip(" ,.")
    return None


def _eras(date: str | None, merger_date: str) -> frozenset[str]:
    if not date:
        return frozenset({"before", "after"})
    return frozenset({"before" if date < merger_date else "after"})


def _named(unit: Unit, header: str, place: str | None) -> bool:
    """The header names the unit's province ("tỉnh Điện Biên") or district ("huyện Tuần Giáo"), or
    the date line's place (its `plain_key`) is one of them ("Tuần Giáo, ngày …")."""
    province = _places().get(unit.province, {})
    names = [unit.province, *province.get("aliases", [])]
    needles = [_words(f"{province.get('kind', '')} {name}") for name in names]
    bare = [plain_key(name) for name in names]
    if unit.district is not None:
        needles.append(_words(" ".join(unit.district)))
        bare.append(plain_key(unit.district[1]))
    return any(n in header for n in needles) or (place is not None and place in bare)


@per_grammar_on_demand
def _places() -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in R.load_grammar("places").get("province", [])}


def _name_at(province: str, date: str | None) -> str:
    """The province's name at `date`: a unit created later ("Huế", a centrally-run city since
    2025-01-01) is named as the unit it replaced ("Thừa Thiên Huế") for an earlier document."""
    entry = _places().get(province, {})
    since = entry.get("since")
    if not date or not since or date >= since:
        return province
    for p in _places().values():
        if p.get("merged_into") == province and p.get("until", "") >= date:
            return str(p["name"])
    return province


def province_of(unit: str, date: str | None, place: str | None = None, header: Iterable[str] = ()) -> str | None:
    """The province of the district or commune `unit` ("huyện Tuần Giáo", "xã Ia Ly") at the
    document's ISO `date`, when one province fits; `place` (the date line's) and the `header`
    lines narrow a name that several provinces have. None when unknown or still ambiguous."""
    split = split_unit(unit) if len(unit) <= MAX_UNIT_CHARS else None
    if split is None:
        return None
    kind, name = split
    g = gazetteer()
    level, eras = g.kinds[kind], _eras(date, g.merger_date)
    found = [u for u in g.units.get(plain_key(name), ()) if u.level == level and u.era in eras]
    # the unit word as printed first; a town may have become a city ("thị xã" → "thành phố")
    found = [u for u in found if fold(u.kind) == kind] or found
    marked = marked_key(name)
    found = [u for u in found if marked_key(u.name) == marked] or found
    if len({u.province for u in found}) > 1:
        words = "".join(_words(line[:EVIDENCE_CHARS]) for line in islice(header, MAX_HEADER_LINES))
        place_key = plain_key(place) if place and len(place) <= MAX_UNIT_CHARS else None
        found = [u for u in found if _named(u, words, place_key)]
    provinces = {u.province for u in found}
    return _name_at(provinces.pop(), date) if len(provinces) == 1 else None
