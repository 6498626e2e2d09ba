"""`nqparser FILE` starts light (issue 14): it reads its one argument without argparse, and a text
file's run imports no module it does not need. No timing here: what is imported is checked."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from nqparser import cli

RAW = Path(__file__).resolve().parent.parent / "fixtures" / "raw" / "thai-nguyen-2025.txt"

# Never needed to parse a text file and print its JSON.
NOT_FOR_A_TEXT_FILE = ("argparse", "logging", "shutil", "nqparser.schema", "nqparser.batch", "nqparser.export",
                       "multiprocessing", "concurrent.futures", "sqlite3", "docx", "pdfplumber", "pypdfium2", "lxml")


@pytest.mark.parametrize("file", ["doc.txt", "-", "thư mục/nghị quyết.md", "", "x-show"])
def test_the_one_argument_reading_agrees_with_argparse(file: str) -> None:
    fast = cli._show_file_only([file])
    assert fast is not None
    assert vars(fast) == vars(cli.build_parser().parse_args(cli._normalise_argv([file])))


@pytest.mark.parametrize("argv", [[], ["show"], ["convert"], ["--help"], ["-h"], ["--version"], ["--compact"],
                                  ["a.txt", "--compact"], ["a.txt", "b.txt"]])
def test_anything_else_goes_to_argparse(argv: list[str]) -> None:
    assert cli._show_file_only(argv) is None


def test_a_text_file_run_imports_only_what_it_needs() -> None:
    code = ("import os, sys\n"
            "from nqparser.cli import main\n"
            "out = os.dup(1); os.dup2(os.open(os.devnull, os.O_WRONLY), 1)\n"
            f"code = main([{str(RAW)!r}])\n"
            "os.dup2(out, 1)\n"
            f"print(code, [m for m in {NOT_FOR_A_TEXT_FILE!r} if m in sys.modules])\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split(None, 1) == ["0", "[]\n"], done.stderr


def test_the_script_exits_without_teardown_and_loses_nothing(tmp_path: Path) -> None:
    """`run()` ends with os._exit: the exit code, the JSON, the one-line error and the run cache
    (written by an exit handler) are all there, and a reader that leaves early is no error."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["NQPARSER_PATTERN_CACHE"] = str(tmp_path / "patterns.bin")
    module = [sys.executable, "-m", "nqparser"]
    done = subprocess.run([*module, str(RAW), "--compact"], capture_output=True, env=env, check=False)
    assert done.returncode == 0 and done.stdout.startswith(b"{") and done.stdout.endswith(b"}\n"), done.stderr
    assert (tmp_path / "patterns.bin").stat().st_size > 0
    missing = subprocess.run([*module, str(tmp_path / "none.txt")], capture_output=True, text=True, env=env)
    assert missing.returncode == 1 and missing.stdout == ""
    assert missing.stderr.count("\n") == 1 and "none.txt" in missing.stderr
    reader = subprocess.Popen([*module, str(RAW)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.read(10)
    reader.stdout.close()  # `nqparser FILE | head -c 10`
    assert reader.wait(timeout=60) == 0
    assert b"Traceback" not in reader.stderr.read()
