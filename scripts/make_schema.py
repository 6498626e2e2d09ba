"""Write parser/schema/document.schema.json from the record types; `--check` fails when it is stale.

    python scripts/make_schema.py          # regenerate after changing a record in parser/model.py
    python scripts/make_schema.py --check  # CI and tests/test_schema.py: exit 1 if the file differs
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nqparser import schema

TARGET = Path(__file__).resolve().parents[1] / "parser" / "schema" / schema.SCHEMA_FILE


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="do not write; exit 1 when the file is stale")
    args = ap.parse_args(argv)
    text = schema.render(schema.build())
    current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else None
    if args.check:
        if current != text:
            print(f"{TARGET} is stale: run python scripts/make_schema.py", file=sys.stderr)
            return 1
        print(f"{TARGET.name} is current")
        return 0
    if current != text:
        TARGET.write_text(text, encoding="utf-8")
        print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
