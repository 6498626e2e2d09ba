"""The progress display names the file in flight and keeps moving while it runs (issue 12), and
`--verbose` / the "nqparser" logger say what each input gave."""

from __future__ import annotations

import io
import logging
import subprocess
import sys
import time
from pathlib import Path

import nqparser
import pytest
from nqparser.cli import Progress

RAW = Path(__file__).resolve().parent.parent / "fixtures" / "raw"


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_names_the_longest_running_input_and_redraws_while_it_runs() -> None:
    term = FakeTerminal()
    progress = Progress(term, quiet=False)
    progress.REDRAW_SECONDS = 0.05
    progress.update(3, 5, 0, force=True)
    progress.sent("/data/in/scan-40-pages.pdf")
    progress.sent("/data/in/second.txt")
    writes_before = term.getvalue().count("\r")
    time.sleep(0.5)  # no result comes back: the timer alone redraws
    assert term.getvalue().count("\r") >= writes_before + 3
    last = term.getvalue().rsplit("\r", 1)[-1]
    assert "3/5" in last and "scan-40-pages.pdf" in last and "second.txt" not in last
    progress.finished("/data/in/scan-40-pages.pdf")
    progress.update(4, 5, 0, force=True)
    assert "second.txt" in term.getvalue().rsplit("\r", 1)[-1]
    progress.finish(5, 5, 0)
    assert term.getvalue().endswith("\n")


def test_without_a_total_the_bar_counts_documents() -> None:
    term = FakeTerminal()
    progress = Progress(term, quiet=False, verb="read")
    progress.update(7, 0, 1, force=True)
    assert "7 document(s)" in term.getvalue() and "failed 1" in term.getvalue()


def test_verbose_convert_prints_a_line_per_input_with_its_counts(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "nqparser", "convert", str(RAW / "thai-nguyen-2025.txt"),
                           "-o", str(tmp_path / "out"), "-v", "-j", "1"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stderr.splitlines() if "thai-nguyen-2025.txt" in line]
    assert any(line.startswith("nqparser: ok: ") and "indicators" in line and " s," in line for line in lines), lines


def test_the_library_logs_each_parse_at_debug_level(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="nqparser"):
        nqparser.parse_file(RAW / "thai-nguyen-2025.txt")
    [record] = [r for r in caplog.records if r.name == "nqparser"]
    assert "thai-nguyen-2025.txt" in record.getMessage() and "indicator(s)" in record.getMessage()
