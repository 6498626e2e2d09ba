"""The compiled-pattern cache (parser/runcache.py) saves time only: a pattern read back from the
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
from nqparser import runcache

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
    runcache.reset(path)
    yield path
    runcache.reset()


def _answers(pattern: regex.Pattern[str] | re.Pattern[str]) -> list[object]:
    out: list[object] = [pattern.pattern, pattern.flags, pattern.groups, dict(pattern.groupindex)]
    for text in TEXTS:
        out.append([(m.span(), m.groups(), m.groupdict()) for m in pattern.finditer(text)])
        out.append(pattern.sub("<>", text))
    return out


def _compile_all() -> list[regex.Pattern[str] | re.Pattern[str]]:
    return ([runcache.compile_regex(p, f) for p, f in REGEX_CASES]
            + [runcache.compile_re(p, f) for p, f in RE_CASES])


def _fresh() -> list[regex.Pattern[str] | re.Pattern[str]]:
    return [regex.compile(p, f) for p, f in REGEX_CASES] + [re.compile(p, f) for p, f in RE_CASES]


def test_patterns_read_back_match_as_compiled_ones(cache_file: Path) -> None:
    first = _compile_all()
    runcache.save()
    assert cache_file.exists()
    runcache.reset(cache_file)
    again = _compile_all()
    store = runcache._get_store()
    assert not store.fresh and len(store.used) == len(first)  # every one rebuilt from the file
    expected = [_answers(p) for p in _fresh()]
    assert [_answers(p) for p in first] == expected
    assert [_answers(p) for p in again] == expected


def test_one_object_per_pattern(cache_file: Path) -> None:
    assert runcache.compile_regex(r"\d+") is runcache.compile_regex(r"\d+")


def test_a_damaged_or_foreign_file_is_ignored(cache_file: Path) -> None:
    _compile_all()
    runcache.save()
    data = bytearray(cache_file.read_bytes())
    data[len(data) // 2] ^= 0xFF
    cache_file.write_bytes(bytes(data))
    runcache.reset(cache_file)
    assert [_answers(p) for p in _compile_all()] == [_answers(p) for p in _fresh()]
    assert len(runcache._get_store().fresh) == len(REGEX_CASES) + len(RE_CASES)

    runcache._write(cache_file, {})
    cache_file.write_bytes(cache_file.read_bytes().replace(runcache.version_tag().encode(), b"x" * 8))
    assert runcache._read(cache_file) == {}


def test_an_unusable_entry_is_compiled_afresh(cache_file: Path) -> None:
    key = ("regex", r"\w+", 0, int(regex.DEFAULT_VERSION))
    runcache._write(cache_file, {key: b"not marshal data"})
    runcache.reset(cache_file)
    assert runcache.compile_regex(r"\w+").findall("hai mươi") == ["hai", "mươi"]
    assert runcache._get_store().dropped


def test_bad_patterns_raise_as_the_engines_do(cache_file: Path) -> None:
    with pytest.raises(regex.error):
        runcache.compile_regex(r"(unclosed")
    with pytest.raises(re.error):
        runcache.compile_re(r"[unclosed")


def test_nothing_is_written_without_bytecode(cache_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    _compile_all()
    runcache.save()
    assert not cache_file.exists()


def test_the_environment_names_or_disables_the_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(runcache.ENV, "off")
    assert runcache.cache_path() is None
    monkeypatch.setenv(runcache.ENV, str(tmp_path / "p.bin"))
    assert runcache.cache_path() == tmp_path / "p.bin"
    monkeypatch.delenv(runcache.ENV)
    default = runcache.cache_path()
    assert default is not None and default.parent.name == "__pycache__"


def test_cli_output_is_the_same_with_a_cold_and_a_warm_cache(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env[runcache.ENV] = str(tmp_path / "patterns.bin")
    cmd = [sys.executable, "-m", "nqparser", str(RAW)]
    cold = subprocess.run(cmd, capture_output=True, env=env, check=True)
    assert (tmp_path / "patterns.bin").exists()
    warm = subprocess.run(cmd, capture_output=True, env=env, check=True)
    assert cold.stdout == warm.stdout and cold.stdout.startswith(b"{")


def test_a_grammar_file_is_read_back_only_while_its_bytes_are_the_same(cache_file: Path, tmp_path: Path) -> None:
    import tomllib

    toml = tmp_path / "g.toml"
    toml.write_text('[words]\nlist = ["một", "hai"]\nn = 3\nx = 1.5\nok = true\n', encoding="utf-8")
    first = runcache.parsed_toml(toml)
    runcache.save()
    runcache.reset(cache_file)
    again = runcache.parsed_toml(toml)
    assert again == first == tomllib.loads(toml.read_text(encoding="utf-8"))
    assert ("toml", str(toml), 0, 0) in runcache._get_store().used
    toml.write_text('[words]\nlist = ["ba"]\n', encoding="utf-8")
    assert runcache.parsed_toml(toml) == {"words": {"list": ["ba"]}}
    toml.write_text("[words\n", encoding="utf-8")
    with pytest.raises(tomllib.TOMLDecodeError):
        runcache.parsed_toml(toml)


def test_an_install_the_user_cannot_write_to_keeps_the_file_in_the_user_cache(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(runcache.ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(runcache, "_writable", lambda folder: False)
    monkeypatch.setattr(runcache, "version_tag", lambda: "no-such-versions")  # no file beside the bytecode
    path = runcache.cache_path()
    assert path is not None and path.parent == tmp_path / "nqparser" and path.name.startswith("patterns.")


def test_a_derived_value_is_read_back_only_for_the_same_inputs_and_code(cache_file: Path, tmp_path: Path) -> None:
    code = tmp_path / "builder.py"
    code.write_text("def build(): ...\n", encoding="utf-8")
    builds: list[int] = []

    def build() -> dict[str, object]:
        builds.append(1)
        return {"pattern": "(?:a|b)", "words": frozenset({"một", "hai"}), "scale": 1.5, "groups": (1, 2)}

    first = runcache.derived("test.value", {"words": ["một", "hai"]}, (str(code),), build)
    runcache.save()
    runcache.reset(cache_file)
    again = runcache.derived("test.value", {"words": ["một", "hai"]}, (str(code),), build)
    assert again == first and len(builds) == 1 and isinstance(again["groups"], tuple)
    runcache.derived("test.value", {"words": ["một", "ba"]}, (str(code),), build)  # the vocabulary changed
    assert len(builds) == 2
    code.write_text("def build(): return 2\n", encoding="utf-8")  # the code that builds it changed
    runcache.derived("test.value", {"words": ["một", "hai"]}, (str(code),), build)
    assert len(builds) == 3
    runcache.derived("test.value", {"words": ["một"]}, (str(tmp_path / "gone.py"),), build)  # no source: built
    assert len(builds) == 4


def test_the_number_grammar_read_back_is_the_assembled_one(cache_file: Path) -> None:
    from nqparser import quantities
    from nqparser.caches import clear_per_grammar

    g, frags = quantities.load_grammar("numbers"), quantities.fragments("numbers")
    assembled = quantities._plain_fields(quantities._assemble_grammar(g, frags))
    clear_per_grammar()
    quantities._grammar()  # assembles and records
    runcache.save()
    runcache.reset(cache_file)
    clear_per_grammar()
    read_back = quantities._grammar()
    assert ("derived", "quantities._grammar") in {k[:2] for k in runcache._get_store().used}
    assert quantities._plain_fields(read_back) == assembled
    assert [q.value for q in quantities.find_quantities("đạt 8,5% và 20.000 tỷ đồng")] == [8.5, 20000e9]
    clear_per_grammar()
