#!/usr/bin/env python3
"""Rewrite fixtures/expected/*.json from the current parser and print what changed.

usage: python scripts/update_golden.py [NAME_SUBSTRING ...] [--check]

Every changed golden file must be read by eye against its source before it is committed: this
script shows the field-level diff so the review is of the change, not of the whole file.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from golden import expected_path, field_diff, fixture_inputs, render  # noqa: E402


def main(argv: list[str]) -> int:
    check = "--check" in argv
    names = [a for a in argv if not a.startswith("--")]
    changed = 0
    for raw in fixture_inputs():
        if names and not any(n in str(raw) for n in names):
            continue
        target = expected_path(raw)
        actual = render(raw)
        old = json.loads(target.read_text(encoding="utf-8")) if target.exists() else None
        if old == actual:
            continue
        changed += 1
        print(f"== {target.relative_to(ROOT)} {'(new)' if old is None else ''}")
        if old is not None:
            for line in field_diff(old, actual):
                print("   " + line)
        if not check:
            import orjson

            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(orjson.dumps(actual, option=orjson.OPT_INDENT_2) + b"\n")
    print(f"{changed} golden file(s) {'differ' if check else 'written'}")
    return 1 if check and changed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
