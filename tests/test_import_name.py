"""The library is imported as `nqparser` (issue 10): `import nqparser` works from anywhere, and a
user's own `parser.py` beside their script can no longer shadow it (it used to: the package was
imported as `parser`, and `import parser` picked the user's file)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nqparser
import pytest

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


def test_a_wheel_install_finds_its_grammars(tmp_path: Path) -> None:
    """Built and unpacked as pip installs it (no editable finder, no checkout beside it), the
    package carries grammars/ as nqparser.grammars and reads them from there (no symlink needed)."""
    root = Path(__file__).resolve().parent.parent
    src = tmp_path / "src"  # a copy, so the build leaves nothing in the checkout
    for name in ("parser", "grammars"):
        shutil.copytree(root / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(root / name, src / name)
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(src)],
                           capture_output=True, text=True)
    if built.returncode and "No matching distribution" in built.stderr:
        pytest.skip("no package index to fetch the build backend from")
    assert built.returncode == 0, built.stderr
    [wheel] = tmp_path.glob("nqparser-*.whl")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        zf.extractall(site)
    assert "nqparser/grammars/structure.toml" in names and "nqparser/rules.py" in names
    code = ("import nqparser, nqparser.rules as R; "
            "print(nqparser.__file__); print(R.grammar_dir()); "
            f"print(nqparser.parse_file({str(RAW)!r}).metadata.number)")
    env = {k: v for k, v in os.environ.items() if k != "NQPARSER_GRAMMARS"}
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                          env={**env, "PYTHONPATH": str(site)})
    assert done.returncode == 0, done.stderr
    module, grammars, number = done.stdout.splitlines()
    assert Path(module).is_relative_to(site) and Path(grammars) == site / "nqparser" / "grammars"
    assert number == "112/NQ-HĐND"
