"""The review page: static, self-contained HTML with every record linked to its source lines,
checked as written and as rendered by headless Chromium (skipped only where Chromium is missing)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from nqparser import parse_file
from nqparser.cli import main

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "fixtures" / "raw"
CASES = [RAW / "thai-nguyen-2025.txt", RAW / "formats" / "docx" / "thai-nguyen-2025.docx",
         RAW / "formats" / "htm" / "ha-noi-15-2024.htm"]


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def _dump_dom(page: Path, fragment: str = "") -> str:
    browser = _chromium()
    if browser is None:
        pytest.skip("Chromium not installed (Debian: apt-get install chromium)")
    done = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom",
                           page.as_uri() + fragment], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.parametrize("source", CASES, ids=[p.name for p in CASES])
def test_review_page_links_every_record_to_its_lines(tmp_path, source, capsys):
    out = tmp_path / "review.html"
    assert main(["review", str(source), "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    doc = parse_file(source)
    anchors = set(re.findall(r'id="L(\d+)"', page))
    firsts = re.findall(r'data-first="(\d+)"', page)
    assert firsts and set(firsts) <= anchors  # every record points at a line that is on the page
    for ind in doc.indicators:
        assert f'href="#L{ind.lines[0]}"' in page
    assert doc.metadata.number is None or doc.metadata.number in page
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page)  # nothing from the network
    assert "record(s)" in capsys.readouterr().err


def test_review_page_in_headless_chromium(tmp_path):
    out = tmp_path / "review.html"
    assert main(["review", str(CASES[0]), "-o", str(out)]) == 0
    written = out.read_text(encoding="utf-8")
    links = len(re.findall(r'<a class="rec"', written))
    dom = _dump_dom(out)
    assert f'data-ready="{links}"' in dom  # the script ran over every record link
    assert 'id="L40"' in dom and "Tốc độ tăng trưởng kinh tế (GRDP)" in dom
    assert re.search(r'class="line[^"]*\bk-indicator\b[^"]*" id="L40"', dom)  # highlighted as an indicator
    # open with one record selected: its lines are marked active in the rendered DOM
    match = re.search(r'<a class="rec" id="(r\d+)" data-kind="indicator" data-first="(\d+)" data-last="(\d+)"',
                      written)
    assert match
    rid, first, last = match.group(1), int(match.group(2)), int(match.group(3))
    dom = _dump_dom(out, f"#{rid}")
    active = [int(n) for n in re.findall(r'class="[^"]*\bactive\b[^"]*" id="L(\d+)"', dom)]
    assert active and min(active) == first and max(active) <= last


def test_review_of_a_bad_file_names_it(tmp_path, capsys):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    assert main(["review", str(bad), "-o", str(tmp_path / "r.html")]) == 1
    assert str(bad) in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()
