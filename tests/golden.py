"""Golden-file helpers shared by tests/test_golden.py and scripts/update_golden.py."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "fixtures" / "raw"
EXPECTED = ROOT / "fixtures" / "expected"
INPUT_SUFFIXES = {".txt", ".md", ".docx", ".pdf"}


def fixture_inputs() -> list[Path]:
    return sorted(p for p in RAW.rglob("*") if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES)


def expected_path(raw: Path) -> Path:
    return EXPECTED / raw.relative_to(RAW).with_suffix(".json")


def render(raw: Path) -> dict[str, Any]:
    """Parse a fixture the way the golden files were made: path relative to the repository."""
    import nqparser

    doc = nqparser.parse_file(raw.relative_to(ROOT))
    return json.loads(doc.to_json())


def field_diff(expected: Any, actual: Any, path: str = "") -> Iterator[str]:
    """Readable differences, one line per field: `articles[1].children[0].title: 'A' → 'B'`."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in expected.keys() | actual.keys():
            sub = f"{path}.{key}" if path else key
            if key not in actual:
                yield f"{sub}: missing (expected {_short(expected[key])})"
            elif key not in expected:
                yield f"{sub}: unexpected {_short(actual[key])}"
            else:
                yield from field_diff(expected[key], actual[key], sub)
    elif isinstance(expected, list) and isinstance(actual, list):
        for i in range(max(len(expected), len(actual))):
            sub = f"{path}[{i}]"
            if i >= len(actual):
                yield f"{sub}: missing (expected {_short(expected[i])})"
            elif i >= len(expected):
                yield f"{sub}: unexpected {_short(actual[i])}"
            else:
                yield from field_diff(expected[i], actual[i], sub)
    elif expected != actual:
        yield f"{path}: {_short(expected)} → {_short(actual)}"


def _short(value: Any, limit: int = 120) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"
