#!/usr/bin/env python3
"""Write grammars/units.tsv, the gazetteer of districts and communes, from the open dataset of the
PyPI package `vietnamadminunits` (MIT), so that a district or commune issuer gets its province
without the package (and its shapely/geopy/numpy dependencies) at run time.

usage: python scripts/make_gazetteer.py [--source DIR] [--check]

--source: the installed package folder (…/site-packages/vietnamadminunits) or any folder holding its
`data/parser_legacy.json` and `data/parser_from_2025.json`; default: the package importable here.
--check: regenerate in memory and compare with the committed file (exit 1 when they differ); without
a source, only validate the committed file (header, eras, province names), and say so.

The dataset's two files are read as they are: `parser_legacy.json` (63 provinces → districts →
wards, the units in force until 30 June 2025) and `parser_from_2025.json` (34 provinces → wards, from
1 July 2025). Province names are written in the form `grammars/places.toml` gives them, so the
parser's output names a province the same way whichever level the issuer is.

Tab-separated rather than TOML: `pipeline.warm_up()` parses every `grammars/*.toml` at start-up,
and this file is read only when an issuer below province level needs it (a TOML copy also took
~20 ms to parse against ~2 ms for the split lines).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import sys
import tomllib
import unicodedata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "grammars" / "units.tsv"
PLACES = ROOT / "grammars" / "places.toml"
PACKAGE = "vietnamadminunits"
LEGACY, CURRENT = "parser_legacy.json", "parser_from_2025.json"
MERGER_DATE = "2025-07-01"
SEPARATOR = "|"


def _plain(text: str) -> str:
    """A diacritic-free lower-case key without spaces or punctuation (the dataset's own key style)."""
    base = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in base.lower() if ch.isalnum() and not unicodedata.combining(ch))


def _places_names() -> dict[str, str]:
    """Plain key of every province name and alias in places.toml → its canonical name."""
    with PLACES.open("rb") as fh:
        provinces = tomllib.load(fh)["province"]
    names: dict[str, str] = {}
    for p in provinces:
        for name in [p["name"], *p.get("aliases", [])]:
            names.setdefault(_plain(name), p["name"])
    return names


def _province_name(entry: dict[str, Any], places: dict[str, str]) -> str:
    short = entry["provinceShort"]
    try:
        return places[_plain(short)]
    except KeyError:
        raise SystemExit(f"{PACKAGE}: province {short!r} is not in {PLACES.relative_to(ROOT)}") from None


def _short(name: str) -> str:
    """ "Yên Viên (Thị trấn)" → "Yên Viên": the dataset tells apart two units of one name by their
    type in brackets, which the layout here keeps as the key above the name."""
    name = name.strip()
    if name.endswith(")") and " (" in name:
        name = name[: name.rindex(" (")]
    return name


def _is_name(value: Any) -> bool:
    return isinstance(value, str) and value != "" and value == value  # NaN (a district without wards)


def _wards(*tables: dict[str, Any]) -> dict[str, list[str]]:
    """Ward type (lower case) → names, in the dataset's order, from the plain-key table and the table
    of names that differ only by their marks (the dataset keeps those apart: "Phú Thạnh"/"Phú Thành")."""
    out: dict[str, list[str]] = {}
    for table in tables:
        for ward in table.values():
            if not _is_name(ward["ward"]):
                continue
            name = _short(ward["wardShort"])
            if SEPARATOR in name:
                raise SystemExit(f"{PACKAGE}: ward name {name!r} holds the separator {SEPARATOR!r}")
            names = out.setdefault(ward["wardType"].lower(), [])
            if name not in names:
                names.append(name)
    return out


def _row(*cells: str) -> str:
    for cell in cells:
        if "\t" in cell or "\n" in cell:
            raise SystemExit(f"{PACKAGE}: {cell!r} holds a tab or a line break")
    return "\t".join(cells)


def _ward_rows(prefix: tuple[str, ...], wards: dict[str, list[str]]) -> list[str]:
    if not wards:
        return [_row(*prefix, "", "")]  # a district without communes (huyện Hoàng Sa)
    return [_row(*prefix, kind, SEPARATOR.join(names)) for kind, names in wards.items()]


def render(source: Path, version: str, notice: str) -> str:
    """The text of units.tsv from the dataset in `source` (its `data/` folder or itself)."""
    data = source / "data" if (source / "data" / LEGACY).exists() else source
    legacy = json.loads((data / LEGACY).read_text(encoding="utf-8"))
    current = json.loads((data / CURRENT).read_text(encoding="utf-8"))
    places = _places_names()
    lines = [
        "# Districts and communes of Viet Nam under each province, before and after the 1 July 2025",
        "# merger: the gazetteer that gives a district- or commune-level issuer its province",
        "# (parser/extract/gazetteer.py). GENERATED by scripts/make_gazetteer.py: do not edit by hand.",
        "#",
        f"# Source: the dataset of the Python package {PACKAGE} {version}",
        "# (https://github.com/tranngocminhhieu/vietnamadminunits), files data/parser_legacy.json (63",
        "# provinces, districts and wards in force until 30 June 2025) and data/parser_from_2025.json",
        "# (34 provinces and their wards from 1 July 2025). Units dissolved before that snapshot (communes",
        "# merged in 2019-2025) are not listed. Province names are those of grammars/places.toml.",
        "#",
        "# Licence of the source data (MIT):",
        *[f"#   {line}".rstrip() for line in notice.strip().splitlines()],
        "#",
        "# Rows, tab-separated: `source` and `merger_date` (units in force before it are `before`), then",
        "#   before  <province>  <district type>  <district>  <ward type>  <name|name|…>",
        "#   after   <province>  <ward type>  <name|name|…>",
        _row("source", f"{PACKAGE} {version}"),
        _row("merger_date", MERGER_DATE),
    ]
    districts = legacy["DICT_PROVINCE_DISTRICT"]
    wards_plain = legacy["DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED"]
    wards_marked = legacy["DICT_PROVINCE_DISTRICT_WARD_ACCENTED"]
    for key, entry in legacy["DICT_PROVINCE"].items():
        province = _province_name(entry, places)
        for dkey, district in districts[key].items():
            prefix = ("before", province, district["districtType"].lower(), _short(district["districtShort"]))
            lines += _ward_rows(prefix, _wards(wards_plain[key].get(dkey, {}),
                                               wards_marked.get(key, {}).get(dkey, {})))
    for key, entry in current["DICT_PROVINCE"].items():
        lines += _ward_rows(("after", _province_name(entry, places)),
                            _wards(current["DICT_PROVINCE_WARD_NO_ACCENTED"][key],
                                   current["DICT_PROVINCE_WARD_ACCENTED"].get(key, {})))
    return "\n".join(lines) + "\n"


def _find_source(given: str | None) -> Path | None:
    if given:
        return Path(given)
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _distribution(source: Path) -> tuple[str, str]:
    """The package's version and licence notice, from its dist-info beside `source`."""
    for dist in importlib.metadata.distributions(path=[str(source.parent)]):
        if dist.metadata["Name"] == PACKAGE:
            licences = [f for f in dist.files or [] if f.name.upper().startswith("LICEN")]
            if not licences:
                raise SystemExit(f"{PACKAGE} {dist.version}: no licence file in its dist-info")
            return dist.version, licences[0].read_text(encoding="utf-8")
    raise SystemExit(f"{source}: no {PACKAGE} dist-info beside it (version and licence unknown)")


def validate(text: str) -> list[str]:
    """Problems of a units.tsv text that need no source to see: header, rows, eras, province names."""
    problems = []
    if "Permission is hereby granted" not in text or "Copyright (c)" not in text:
        problems.append("the MIT licence notice of the source is missing")
    values: dict[str, str] = {}
    provinces: dict[str, set[str]] = {"before": set(), "after": set()}
    widths = {"source": 2, "merger_date": 2, "before": 6, "after": 4}
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("#"):
            continue
        cells = line.split("\t")
        if widths.get(cells[0]) != len(cells):
            problems.append(f"line {number}: not a row of the layout: {line[:60]!r}")
        elif cells[0] in provinces:
            provinces[cells[0]].add(cells[1])
        else:
            values[cells[0]] = cells[1]
    if not values.get("source", "").startswith(PACKAGE + " "):
        problems.append("`source` does not name the package and version")
    if values.get("merger_date") != MERGER_DATE:
        problems.append(f"merger_date is not {MERGER_DATE}")
    known = set(_places_names().values())
    for era, count in (("before", 63), ("after", 34)):
        if len(provinces[era]) != count:
            problems.append(f"{era}: {len(provinces[era])} provinces, expected {count}")
        problems += [f"{era}: {p!r} is not a places.toml name" for p in sorted(provinces[era] - known)]
    return problems


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", help=f"the {PACKAGE} package folder (default: the importable one)")
    ap.add_argument("--check", action="store_true", help="compare with the committed file, write nothing")
    args = ap.parse_args(argv)
    source = _find_source(args.source)
    if source is None and not args.check:
        print(f"{PACKAGE} is not importable here: pass --source", file=sys.stderr)
        return 2
    if source is None:
        problems = validate(TARGET.read_text(encoding="utf-8"))
        for p in problems:
            print(f"{TARGET.relative_to(ROOT)}: {p}")
        print(f"{PACKAGE} not found: validated {TARGET.relative_to(ROOT)} without regenerating it")
        return 1 if problems else 0
    text = render(source, *_distribution(source))
    problems = validate(text)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    if args.check:
        same = TARGET.exists() and TARGET.read_text(encoding="utf-8") == text
        print(f"{TARGET.relative_to(ROOT)} {'is up to date' if same else 'differs from its source'}")
        return 0 if same else 1
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)} ({len(text.encode()):,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
