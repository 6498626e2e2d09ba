"""Issue 13: hostile names, special files, filesystem faults, torn outputs, concurrent runs.

Each test drives `nqparser convert` (or `indicators`) through `parser.cli.main` and asserts one
clear line per problem, a non-zero exit where something failed, and never a traceback or an
"internal error". Tests that need root (mounting a tmpfs) or a POSIX feature skip with a reason.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import orjson
import pytest

from parser.batch import read_manifest
from parser.cli import main

ROOT = Path(__file__).resolve().parent.parent
GOOD = ROOT / "fixtures" / "raw" / "thai-nguyen-2024-h1.txt"


def run(argv: list[str], capsys) -> tuple[int, str]:
    code = main(argv)
    captured = capsys.readouterr()
    err = captured.err
    assert "Traceback" not in err and "internal error" not in err, err
    return code, err


def manifest_lines(path: Path) -> list[dict]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]


# --- cause 2: names that are not UTF-8, or hold newlines and escapes -------------------------------

ODD_NAMES = [b"windows-\xd0\xe9.txt", b"new\nline.txt", b"esc\x1b[31mred.txt", b"sep\xe2\x80\xa8x.txt"]


@pytest.mark.skipif(sys.platform != "linux", reason="byte names need a POSIX file system")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_odd_names_are_kept_and_printed_on_one_line(tmp_path, capsys, jobs):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for raw in ODD_NAMES:
        (Path(os.fsdecode(bytes(inputs) + b"/" + raw))).write_bytes(GOOD.read_bytes())
        (Path(os.fsdecode(bytes(inputs) + b"/empty-" + raw))).write_bytes(b"")
    out = tmp_path / "out"
    code, err = run(["convert", str(inputs), "-o", str(out), "-j", jobs, "-q"], capsys)
    assert code == 1  # the empty ones fail, the batch goes on
    failures = [line for line in err.splitlines() if line.startswith("  ")]
    assert len(failures) == len(ODD_NAMES)
    assert "\x1b" not in err and "\u2028" not in err
    assert "\\x1b" in err and "\\n" in err and "\\xd0\\xe9" in err
    records = read_manifest(out / "manifest.jsonl")
    expected = {os.fsdecode(bytes(inputs) + b"/" + raw) for raw in ODD_NAMES}
    assert {k for k, r in records.items() if r["status"] == "ok"} == expected
    for rec in records.values():
        if rec["status"] == "ok":
            assert os.path.exists(rec["output"])
    code, err = run(["convert", str(inputs), "-o", str(out), "-j", jobs, "--resume", "-q"], capsys)
    assert code == 1
    statuses = [r["status"] for r in manifest_lines(out / "manifest.jsonl")[len(ODD_NAMES) * 2:]]
    assert statuses.count("skipped") == len(ODD_NAMES)


@pytest.mark.skipif(sys.platform != "linux", reason="byte names need a POSIX file system")
def test_show_with_a_non_utf8_name(tmp_path, capsys):
    path = Path(os.fsdecode(bytes(tmp_path) + b"/t\xe0i.txt"))
    path.write_bytes(GOOD.read_bytes())
    assert main([str(path), "--compact"]) == 0
    doc = orjson.loads(capsys.readouterr().out)
    assert os.fsdecode(bytes.fromhex(doc["source"]["path_bytes"])) == str(path)


# --- cause 3: FIFOs and devices behind a .txt name ---------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo") or not os.path.exists("/dev/zero"), reason="needs mkfifo and /dev/zero")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_fifo_and_device_are_reported_not_read(tmp_path, capsys, jobs):
    inputs = tmp_path / "in"
    inputs.mkdir()
    os.mkfifo(inputs / "pipe.txt")
    (inputs / "zero.txt").symlink_to("/dev/zero")
    (inputs / "good.txt").write_bytes(GOOD.read_bytes())
    lone = tmp_path / "lone.txt"
    os.mkfifo(lone)
    out = tmp_path / "out"
    code, err = run(["convert", str(inputs), str(lone), "-o", str(out), "-j", jobs, "--timeout", "5", "-q"],
                    capsys)
    assert code == 1
    failures = [line for line in err.splitlines() if line.startswith("  ")]
    assert len(failures) == 3 and all("not a regular file" in line for line in failures), err
    assert "FIFO" in err and "character device" in err
    records = read_manifest(out / "manifest.jsonl")
    assert records[str(inputs / "good.txt")]["status"] == "ok"
    assert len(records) == 4


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs mkfifo")
def test_parent_never_hashes_a_fifo(tmp_path):
    """After a timeout or a crash the parent hashes the input; on a FIFO that blocked for ever."""
    from parser.batch import _file_sha

    os.mkfifo(tmp_path / "p.txt")
    assert _file_sha(str(tmp_path / "p.txt")) is None
    (tmp_path / "f.txt").write_bytes(b"x")
    assert _file_sha(str(tmp_path / "f.txt"))
