"""The province of district- and commune-level issuers from the gazetteer grammars/units.tsv
(issue 11, "Province for every issuer level"): lookups by name and date, narrowed by the header
where a name recurs across provinces; one regression input per shape in tests/data/issues/; the
generated file's --check."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import nqparser
import pytest
from nqparser import rules as R
from nqparser.extract.gazetteer import marked_key, plain_key, province_of
from nqparser.rules import GrammarError
from timelimit import time_limit

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data" / "issues"
SCRIPT = ROOT / "scripts" / "make_gazetteer.py"

# (unit as in the issuer, document date, place of the date line, header lines, expected province)
LOOKUPS = [
    # one district of that name in the country (tuangiao-gm-2020: "Điện Biên" is not printed)
    ("huyện Tuần Giáo", "2020-11-12", "Tuần Giáo", [], "Điện Biên"),
    ("huyện Tuần Giáo", None, None, [], "Điện Biên"),  # no date: districts exist only before the merger
    ("huyen Tuan Giao", "2020-11-12", None, [], "Điện Biên"),  # text that lost its marks
    ("huyện Tuần Giáo", "2025-08-01", None, [], None),  # no districts after 1 July 2025
    # a district of a centrally-run city
    ("quận Ba Đình", "2024-05-10", None, [], "Hà Nội"),
    # a city under a province
    ("thành phố Điện Biên Phủ", "2023-03-01", None, [], "Điện Biên"),
    # a name in ten provinces: the upper line, the title or nothing decides
    ("huyện Châu Thành", "2022-12-15", "Châu Thành", ["TỈNH TIỀN GIANG", "HỘI ĐỒNG NHÂN DÂN HUYỆN CHÂU THÀNH"],
     "Tiền Giang"),
    ("huyện Châu Thành", "2022-12-15", None, ["Về kế hoạch năm 2023 huyện Châu Thành, tỉnh Bến Tre"], "Bến Tre"),
    ("huyện Châu Thành", "2022-12-15", "Châu Thành", ["HỘI ĐỒNG NHÂN DÂN", "HUYỆN CHÂU THÀNH"], None),
    # a pre-merger commune: its name is in several provinces, its district's line above decides
    ("xã Tam Hiệp", "2023-12-20", None, ["UBND HUYỆN CHÂU THÀNH", "HỘI ĐỒNG NHÂN DÂN XÃ TAM HIỆP"], "Tiền Giang"),
    ("xã Tam Hiệp", "2023-12-20", None, ["HỘI ĐỒNG NHÂN DÂN", "XÃ TAM HIỆP"], None),
    ("xã Quài Cang", "2019-07-10", None, [], "Điện Biên"),
    # the place of the date line names the commune's district ("Tuần Giáo, ngày …")
    ("xã Tam Hiệp", "2023-12-20", "Châu Thành", [], "Tiền Giang"),
    # a 2025 commune: the province after the merger (Bình Định joined Gia Lai)
    ("phường Quy Nhơn", "2025-12-19", None, [], "Gia Lai"),
    ("thành phố Quy Nhơn", "2024-12-19", None, [], "Bình Định"),
    # one name, two eras, two provinces: the date decides, no date leaves it open
    ("phường Lê Đại Hành", "2024-06-01", None, [], "Hà Nội"),
    ("phường Lê Đại Hành", "2025-09-01", None, [], "Hải Phòng"),
    ("phường Lê Đại Hành", None, None, [], None),
    # tone marks tell apart what the fold merges: "Thanh Trì" (Hà Nội), "Thạnh Trị" (Vĩnh Long)
    ("xã Thanh Trì", "2025-09-01", None, [], "Hà Nội"),
    ("xã Thạnh Trị", "2025-09-01", None, [], "Vĩnh Long"),
    ("xa Thanh Tri", "2025-09-01", None, [], None),
    # old and new tone placement; Huế is named Thừa Thiên Huế before it became a city (2025-01-01)
    ("thị xã Hương Thuỷ", "2024-06-01", None, [], "Thừa Thiên Huế"),
    ("thị xã Hương Thủy", "2025-03-01", None, [], "Huế"),
    # a town that became a city keeps its province under the old unit word
    ("thị xã Điện Biên Phủ", "2010-01-01", None, [], "Điện Biên"),
    # not a unit the gazetteer knows
    ("tỉnh Không Có", "2024-01-01", None, [], None),
    ("huyện Không Có", "2024-01-01", None, [], None),
]


@pytest.mark.parametrize(("unit", "date", "place", "header", "expected"), LOOKUPS)
def test_province_of_a_unit(unit: str, date: str | None, place: str | None, header: list[str],
                            expected: str | None) -> None:
    assert province_of(unit, date, place, header) == expected


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Hoà Bình", "Hòa Bình", True),
    ("Thuỷ Nguyên", "Thủy Nguyên", True),
    ("PHÚ THẠNH", "Phú Thạnh", True),
    ("Phú Thạnh", "Phú Thành", False),
    ("Phường 01", "Phường 1", True),
])
def test_marked_key_ignores_tone_placement_only(a: str, b: str, same: bool) -> None:
    assert (marked_key(a) == marked_key(b)) is same
    assert plain_key(a) == plain_key(b)


# (regression input, issuer, province)
DOCUMENTS = [
    ("district-province-from-gazetteer.txt", "Hội đồng nhân dân huyện Tuần Giáo", "Điện Biên"),
    ("district-name-in-many-provinces.txt", "Hội đồng nhân dân huyện Châu Thành", None),
    ("district-name-in-many-provinces-title.txt", "Hội đồng nhân dân huyện Châu Thành", "Bến Tre"),
    ("commune-province-from-district-line.txt", "Hội đồng nhân dân xã Tam Hiệp", "Tiền Giang"),
    ("commune-after-merger-province.txt", "Hội đồng nhân dân phường Quy Nhơn", "Gia Lai"),
    ("commune-before-merger-province.txt", "Hội đồng nhân dân xã Quài Cang", "Điện Biên"),
]


@pytest.mark.parametrize(("name", "issuer", "province"), DOCUMENTS)
def test_province_of_a_district_or_commune_document(name: str, issuer: str, province: str | None) -> None:
    """tuangiao-gm-2020 had issuer "Hội đồng nhân dân huyện Tuần Giáo" and no province: district
    and commune headers do not print it. Each input is one way a header shows (or hides) it."""
    m = nqparser.parse_file(DATA / name).metadata
    assert (m.issuer, m.province) == (issuer, province)


def test_gazetteer_is_read_only_for_an_issuer_below_province_level() -> None:
    """The 226 KB file costs ~20-45 ms to read and index: a process that parses province-level
    documents never reads it, nor does the batch's warm-up (which parses every grammars/*.toml)."""
    code = ("import nqparser; from nqparser.extract import gazetteer as g; from nqparser import pipeline\n"
            "pipeline.warm_up()\n"
            "m = nqparser.parse_text('HỘI ĐỒNG NHÂN DÂN\\nTỈNH ĐIỆN BIÊN\\nNGHỊ QUYẾT\\nVề X\\nĐiều 1. Y').metadata\n"
            "print(m.province, g.gazetteer.cache_info().currsize)\n"
            "m = nqparser.parse_text('HỘI ĐỒNG NHÂN DÂN\\nHUYỆN TUẦN GIÁO\\nNGHỊ QUYẾT\\nVề X\\nĐiều 1. Y').metadata\n"
            "print(m.province, g.gazetteer.cache_info().currsize)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["Điện Biên 0", "Điện Biên 1"]


@pytest.mark.parametrize("run", [" ", "a", "0", "ạ", "-", "huyện Tuần Giáo "])
def test_lookup_finishes_on_1mb_lines(run: str) -> None:
    """A 1 MB issuer name and header line (the header is read up to EVIDENCE_CHARS per line)."""
    line = run * ((1 << 20) // len(run)) + "x"
    with time_limit(f"province_of on 1 MB of {run!r}", 5):
        assert province_of("huyện " + line, "2020-01-01", line, [line, "HUYỆN " + line]) is None
        assert province_of("huyện Châu Thành", "2020-01-01", line, [line] * 3) is None


def _script() -> ModuleType:  # the generator, imported from scripts/ (not a package)
    spec = importlib.util.spec_from_file_location("make_gazetteer", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_file_is_current() -> None:
    """`make_gazetteer.py --check` regenerates units.tsv from vietnamadminunits where that package
    is importable and compares; elsewhere (CI) it validates the committed file on its own."""
    done = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "is up to date" in done.stdout or "validated grammars/units.tsv" in done.stdout


def test_generated_file_names_its_source_and_licence() -> None:
    make = _script()
    text = (ROOT / "grammars" / "units.tsv").read_text(encoding="utf-8")
    assert make.validate(text) == []
    assert "Copyright (c) 2025 Tran Ngoc Minh Hieu" in text
    unlicensed = text.replace("Permission is hereby granted", "")
    assert make.validate(unlicensed) == ["the MIT licence notice of the source is missing"]
    renamed = text.replace("\nafter\tHuế\t", "\nafter\tThừa Thiên - Huế city\t")
    assert make.validate(renamed) == ["after: 'Thừa Thiên - Huế city' is not a places.toml name"]
    short = text + "before\tĐiện Biên\thuyện\n"
    last = len(text.splitlines()) + 1
    assert make.validate(short) == [f"line {last}: not a row of the layout: 'before\\tĐiện Biên\\thuyện'"]


def test_a_damaged_gazetteer_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "units.tsv").write_text("merger_date\t2025-07-01\nbefore\tĐiện Biên\thuyện\n", encoding="utf-8")
    with R.use_grammar(R.Grammar(tmp_path)), \
            pytest.raises(GrammarError, match=r"units.tsv, line 2: not a row of the gazetteer's layout"):
        province_of("huyện Tuần Giáo", None)
