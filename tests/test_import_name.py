"""The library is imported as `nqparser` (issue 10): `import nqparser` works from anywhere, and a
user's own `parser.py` beside their script can no longer shadow it (it used to: the package was
imported as `parser`, and `import parser` picked the user's file)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nqparser

RAW = Path(__file__).resolve().parent.parent / "fixtures" / "raw" / "thai-nguyen-2025.txt"


def test_public_api_under_nqparser() -> None:
    assert {"parse_text", "parse_file", "parse_quantity", "find_quantities", "Document", "Quantity",
            "ParseError"} <= set(nqparser.__all__)


def test_a_parser_py_beside_the_script_does_not_shadow_the_library(tmp_path: Path) -> None:
    (tmp_path / "parser.py").write_text("raise SystemExit('the user parser.py was imported')\n", encoding="utf-8")
    script = tmp_path / "use.py"
    script.write_text(f"import nqparser\nprint(nqparser.parse_file({str(RAW)!r}).metadata.number)\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "112/NQ-HĐND"


def test_python_dash_m_nqparser(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "nqparser", "--version"], cwd=tmp_path, capture_output=True,
                          text=True)
    assert done.returncode == 0 and done.stdout.startswith("nqparser ")
