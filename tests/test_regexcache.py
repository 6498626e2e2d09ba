"""The compiled-pattern cache (parser/regexcache.py) saves time only: a pattern read back from the
file matches exactly as a freshly compiled one, and a damaged, foreign or disabled file is ignored."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import regex
from nqparser import regexcache

RAW = Path(__file__).resolve().parent.parent / "fixtures" / "raw" / "thai-nguyen-2025.txt"

REGEX_CASES = [
    (r"(?P<day>\d{1,2})\s+tháng\s+(?P<month>\d{1,2})", 0),
    (r"\b(?:điều|khoản)\s*+\d+\b", regex.IGNORECASE),
    (r"^\p{Lu}[\p{L} ]{0,20}:", 0),
    (r"(?<![\p{L}\d])(?:ha|km2?|tỷ đồng)(?![\p{L}\d])", regex.IGNORECASE | regex.VERBOSE),
]
RE_CASES = [
    (r"(?P<n>\d+(?:[.,]\d+)*)\s*(?P<u>%|ha|người)", re.IGNORECASE),
    ("[\u00a0\u2000-\u200a]", 0),
    (r"(a)?b(?(1)c|d)?x{2,5}", 0),
]
TEXTS = ["ngày 27 tháng 6 năm 2024", "Điều 3 khoản 2", "Số lượng: 20 ha, 1,5 km2", "DIỆN TÍCH: 40 Tỷ đồng",
         "tăng 12,5% người\u00a0dân", "axxx bxx", ""]


@pytest.fixture
def cache_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    path = tmp_path / "patterns.bin"
    regexcache.reset(path)
    yield path
    regexcache.reset()


def _answers(pattern: regex.Pattern[str] | re.Pattern[str]) -> list[object]:
    out: list[object] = [pattern.pattern, pattern.flags, pattern.groups, dict(pattern.groupindex)]
    for text in TEXTS:
        out.append([(m.span(), m.groups(), m.groupdict()) for m in pattern.finditer(text)])
        out.append(pattern.sub("<>", text))
    return out


def _compile_all() -> list[regex.Pattern[str] | re.Pattern[str]]:
    return ([regexcache.compile_regex(p, f) for p, f in REGEX_CASES]
            + [regexcache.compile_re(p, f) for p, f in RE_CASES])


def _fresh() -> list[regex.Pattern[str] | re.Pattern[str]]:
    return [regex.compile(p, f) for p, f in REGEX_CASES] + [re.compile(p, f) for p, f in RE_CASES]


def test_patterns_read_back_match_as_compiled_ones(cache_file: Path) -> None:
    first = _compile_all()
    regexcache.save()
    assert cache_file.exists()
    regexcache.reset(cache_file)
    again = _compile_all()
    store = regexcache._get_store()
    assert not store.fresh and len(store.used) == len(first)  # every one rebuilt from the file
    expected = [_answers(p) for p in _fresh()]
    assert [_answers(p) for p in first] == expected
    assert [_answers(p) for p in again] == expected


def test_one_object_per_pattern(cache_file: Path) -> None:
    assert regexcache.compile_regex(r"\d+") is regexcache.compile_regex(r"\d+")


def test_a_damaged_or_foreign_file_is_ignored(cache_file: Path) -> None:
    _compile_all()
    regexcache.save()
    data = bytearray(cache_file.read_bytes())
    data[len(data) // 2] ^= 0xFF
    cache_file.write_bytes(bytes(data))
    regexcache.reset(cache_file)
    assert [_answers(p) for p in _compile_all()] == [_answers(p) for p in _fresh()]
    assert len(regexcache._get_store().fresh) == len(REGEX_CASES) + len(RE_CASES)

    regexcache._write(cache_file, {})
    cache_file.write_bytes(cache_file.read_bytes().replace(regexcache.version_tag().encode(), b"x" * 8))
    assert regexcache._read(cache_file) == {}


def test_an_unusable_entry_is_compiled_afresh(cache_file: Path) -> None:
    key = ("regex", r"\w+", 0, int(regex.DEFAULT_VERSION))
    regexcache._write(cache_file, {key: b"not marshal data"})
    regexcache.reset(cache_file)
    assert regexcache.compile_regex(r"\w+").findall("hai mươi") == ["hai", "mươi"]
    assert regexcache._get_store().dropped


def test_bad_patterns_raise_as_the_engines_do(cache_file: Path) -> None:
    with pytest.raises(regex.error):
        regexcache.compile_regex(r"(unclosed")
    with pytest.raises(re.error):
        regexcache.compile_re(r"[unclosed")


def test_nothing_is_written_without_bytecode(cache_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    _compile_all()
    regexcache.save()
    assert not cache_file.exists()


def test_the_environment_names_or_disables_the_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(regexcache.ENV, "off")
    assert regexcache.cache_path() is None
    monkeypatch.setenv(regexcache.ENV, str(tmp_path / "p.bin"))
    assert regexcache.cache_path() == tmp_path / "p.bin"
    monkeypatch.delenv(regexcache.ENV)
    default = regexcache.cache_path()
    assert default is not None and default.parent.name == "__pycache__"


def test_cli_output_is_the_same_with_a_cold_and_a_warm_cache(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env[regexcache.ENV] = str(tmp_path / "patterns.bin")
    cmd = [sys.executable, "-m", "nqparser", str(RAW)]
    cold = subprocess.run(cmd, capture_output=True, env=env, check=True)
    assert (tmp_path / "patterns.bin").exists()
    warm = subprocess.run(cmd, capture_output=True, env=env, check=True)
    assert cold.stdout == warm.stdout and cold.stdout.startswith(b"{")
