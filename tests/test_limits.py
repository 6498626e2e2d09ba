"""`Limits`: one record of per-input limits, resolved from None, a dict or an instance, and carried
unchanged from the command line and the public API to the readers."""

from __future__ import annotations

from pathlib import Path

import nqparser
import nqparser.pipeline
import nqparser.sources
import pytest
from nqparser.cli import main
from nqparser.errors import ConfigError, NqparserError, ParseError
from nqparser.limits import BATCH_LIMITS, DEFAULT_TIMEOUT, Limits

ROOT = Path(__file__).resolve().parent.parent
TEXT = ROOT / "fixtures" / "raw" / "ha-noi-15-2024-quy-dinh.txt"


def test_resolve_none_gives_the_defaults():
    limits = Limits.resolve(None)
    assert limits == Limits()
    assert (limits.max_bytes, limits.max_pages, limits.ocr, limits.timeout) == (None, None, True, None)


def test_resolve_dict_sets_the_named_fields():
    limits = Limits.resolve({"max_pages": 20, "ocr": False})
    assert limits == Limits(max_pages=20, ocr=False)


def test_resolve_instance_is_returned_as_is():
    limits = Limits(max_bytes=1000)
    assert Limits.resolve(limits) is limits


def test_resolve_unknown_key_names_it():
    with pytest.raises(ConfigError, match=r"unknown limit\(s\) max_page; known: max_bytes, max_pages") as info:
        Limits.resolve({"max_page": 3})
    assert isinstance(info.value, NqparserError) and isinstance(info.value, ValueError)


def test_resolve_wrong_type_is_a_clear_error():
    with pytest.raises(ConfigError, match="not list"):
        Limits.resolve([("max_pages", 3)])  # type: ignore[arg-type]


@pytest.mark.parametrize(("given", "reason"), [
    ({"max_pages": "20"}, "limit max_pages must be a whole number of at least 1 or None, not '20'"),
    ({"max_bytes": 0}, "limit max_bytes must be a whole number"),
    ({"max_ocr_pages": True}, "limit max_ocr_pages must be a whole number"),
    ({"ocr": "no"}, "limit ocr must be True or False, not 'no'"),
    ({"timeout": -1}, "limit timeout must be a positive number of seconds or None, not -1"),
])
def test_a_wrong_value_names_the_limit(given, reason):
    with pytest.raises(ConfigError, match=reason):
        Limits.resolve(given)


def test_batch_defaults_keep_the_per_file_timeout():
    assert BATCH_LIMITS == Limits(timeout=DEFAULT_TIMEOUT) and BATCH_LIMITS.timeout == 60.0


def test_parse_file_takes_limits_and_the_documented_keywords():
    with pytest.raises(ParseError, match="over the limit of 100"):
        nqparser.parse_file(TEXT, limits={"max_bytes": 100})
    with pytest.raises(ParseError, match="over the limit of 100"):
        nqparser.parse_file(TEXT, max_bytes=100)
    with pytest.raises(ParseError, match="over the limit of 200"):  # a keyword wins over `limits`
        nqparser.parse_file(TEXT, limits=Limits(max_bytes=100), max_bytes=200)
    assert nqparser.parse_file(TEXT, limits={"max_bytes": 10_000_000}).metadata.number


FLAGS = ["--max-bytes", "7M", "--max-pages", "9", "--max-unzipped-bytes", "11M", "--max-ocr-pages", "3", "--no-ocr"]
FROM_FLAGS = {"max_bytes": 7 * 1024 * 1024, "max_pages": 9, "max_unzipped_bytes": 11 * 1024 * 1024,
              "max_ocr_pages": 3, "ocr": False}


def _spy(monkeypatch, target) -> list[Limits]:
    seen: list[Limits] = []
    real = nqparser.sources.read_source

    def spy(path, limits=None):
        seen.append(limits)
        return real(path, limits)

    monkeypatch.setattr(target, "read_source", spy)
    return seen


@pytest.mark.parametrize(("argv", "extra"), [
    (["show", str(TEXT)], {}),
    (["convert", str(TEXT), "-j", "1", "-q", "--timeout", "12", "--max-memory", "0"], {"timeout": 12.0}),
    (["convert", str(TEXT), "-j", "1", "-q", "--timeout", "0"], {"timeout": None, "max_memory": 3 * 1024 ** 3}),
])
def test_cli_limits_reach_the_reader(argv, extra, tmp_path, monkeypatch, capsys):
    seen = _spy(monkeypatch, nqparser.pipeline)
    if argv[0] == "convert":
        argv = [*argv, "-o", str(tmp_path / "out")]
    assert main([*argv, *FLAGS]) == 0
    assert seen == [Limits(**FROM_FLAGS, **extra)]


def test_review_limits_reach_the_reader(tmp_path, monkeypatch):
    seen = _spy(monkeypatch, nqparser.sources)
    assert main(["review", str(TEXT), "-o", str(tmp_path / "page.html"), *FLAGS]) == 0
    assert seen == [Limits(**FROM_FLAGS)]
