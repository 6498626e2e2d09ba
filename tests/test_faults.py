"""Issue 13: hostile names, special files, filesystem faults, torn outputs, concurrent runs.

Each test drives `nqparser convert` (or `indicators`) through `nqparser.cli.main` and asserts one
clear line per problem, a non-zero exit where something failed, and never a traceback or an
"internal error". Tests that need root (mounting a tmpfs) or a POSIX feature skip with a reason.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import orjson
import pytest
from hooks import cli_command
from nqparser.batch import read_manifest
from nqparser.cli import main

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
    code, err = run(["convert", str(inputs), str(lone), "-o", str(out), "-j", jobs, "--timeout", "5", "-q",
                     "--follow-symlinks"], capsys)  # /dev/zero is outside the tree: followed on request
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
    from nqparser.batch import file_sha

    os.mkfifo(tmp_path / "p.txt")
    assert file_sha(str(tmp_path / "p.txt")) is None
    (tmp_path / "f.txt").write_bytes(b"x")
    assert file_sha(str(tmp_path / "f.txt"))


# --- cause 8: file-system faults -----------------------------------------------------------------------

@contextmanager
def tmpfs(folder: Path, options: str) -> Iterator[Path]:
    """A small tmpfs at `folder` (root only; skips where mounting is not allowed)."""
    folder.mkdir(parents=True, exist_ok=True)
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root and mount(8)")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def many_inputs(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"nq-{i:03d}.txt").write_bytes(GOOD.read_bytes())
    return folder


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_full_disk_is_one_line_per_file_then_a_stop(tmp_path, capsys, jobs):
    inputs = many_inputs(tmp_path / "in", 12)
    with tmpfs(tmp_path / "small", "size=96k") as out:
        code, err = run(["convert", str(inputs), "-o", str(out), "-j", jobs, "-q"], capsys)
    assert code == 1
    assert "no space left on the device" in err, err
    for line in err.splitlines():
        assert "no space" not in line or "cannot write" in line


def test_read_only_output_folder(tmp_path, capsys):
    inputs = many_inputs(tmp_path / "in", 2)
    with tmpfs(tmp_path / "ro", "size=1m,ro") as out:
        code, err = run(["convert", str(inputs), "-o", str(out), "-q"], capsys)
    assert code == 1
    assert err.strip().splitlines() == [f"nqparser: stopped: cannot lock the output folder {out}: "
                                        "the file system is read-only"]


def test_manifest_pointing_at_a_folder(tmp_path, capsys):
    inputs = many_inputs(tmp_path / "in", 1)
    code, err = run(["convert", str(inputs), "-o", str(tmp_path / "out"), "--manifest", str(tmp_path)], capsys)
    assert code == 2
    assert "--manifest" in err and "is a folder" in err


@pytest.mark.parametrize("length", [245, 250, 255])
def test_long_names_never_get_a_too_long_temporary(tmp_path, capsys, length):
    """Input names of 245-255 bytes: the output (stem + .json) is written when it fits; the
    temporary name beside it never passes 255 bytes; a name that cannot fit fails with one line."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    stem = "đ" * ((length - 4) // 2) + "x" * ((length - 4) % 2)  # two bytes a letter
    name = stem + ".txt"
    assert len(name.encode()) == length
    (inputs / name).write_bytes(GOOD.read_bytes())
    out = tmp_path / "out"
    code, err = run(["convert", str(inputs), "-o", str(out), "-q"], capsys)
    if len((stem + ".json").encode()) <= 255:
        assert code == 0, err
        assert (out / (stem + ".json")).exists()
    else:
        assert code == 1
        assert "cannot write the output: file name too long" in err
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_full_disk_under_the_manifest_stops_with_one_line(tmp_path, capsys):
    inputs = many_inputs(tmp_path / "in", 3)
    with tmpfs(tmp_path / "full", "size=64k") as small:
        with open(small / "filler", "wb") as fh, contextlib.suppress(OSError):
            fh.write(b"\0" * (1 << 20))
        code, err = run(["convert", str(inputs), "-o", str(tmp_path / "out"), "--manifest",
                         str(small / "manifest.jsonl"), "-q"], capsys)
    assert code == 1
    assert f"nqparser: stopped: cannot write the manifest {small}/manifest.jsonl: no space left on the device" in err


# --- cause 9: --resume never keeps a torn output ---------------------------------------------------------

@pytest.mark.parametrize("manifest", [True, False])
def test_resume_redoes_torn_outputs(tmp_path, capsys, manifest):
    """Outputs emptied or truncated after the run (a power cut without fsync) are converted again;
    whole ones are skipped. With the manifest: size and sha256; without it: the JSON must parse."""
    inputs = many_inputs(tmp_path / "in", 4)
    out = tmp_path / "out"
    code, _err = run(["convert", str(inputs), "-o", str(out), "-q"], capsys)
    assert code == 0
    rec = manifest_lines(out / "manifest.jsonl")[0]
    assert rec["output_size"] == os.path.getsize(rec["output"]) and len(rec["output_sha256"]) == 64
    (out / "nq-000.json").write_bytes(b"")
    whole = (out / "nq-001.json").read_bytes()
    (out / "nq-001.json").write_bytes(whole[: len(whole) // 2])
    (out / "nq-002.json").write_bytes(whole.replace(b'"', b"'", 1)[:-1] + b" ")  # same size, other bytes
    if not manifest:
        (out / "manifest.jsonl").unlink()
        (out / "nq-002.json").write_bytes(whole)  # whole, parses: kept
    code, _err = run(["convert", str(inputs), "-o", str(out), "--resume", "-q"], capsys)
    assert code == 0
    last = {Path(r["input"]).name: r["status"] for r in manifest_lines(out / "manifest.jsonl")[-4:]}
    assert last["nq-000.txt"] == last["nq-001.txt"] == "ok"
    assert last["nq-002.txt"] == ("ok" if manifest else "skipped")
    assert last["nq-003.txt"] == "skipped"
    assert orjson.loads((out / "nq-001.json").read_bytes())["source"]["sha256"]


# --- cause 10: `indicators` over documents of the wrong shape, --db on a file that is not SQLite ----------

WRONG_SHAPES = {
    "str-indicators.json": {"indicators": "n/a"},
    "list-of-str.json": {"indicators": ["GRDP"]},
    "meta-list.json": {"metadata": []},
    "children-str.json": {"articles": [{"kind": "article", "children": "x"}]},
    "signer-str.json": {"metadata": {"signer": "Nguyễn Văn A"}},
}


def test_indicators_reports_wrong_shaped_documents_and_goes_on(tmp_path, capsys):
    folder = tmp_path / "docs"
    run(["convert", str(GOOD), "-o", str(folder), "-q"], capsys)
    good = orjson.loads((folder / (GOOD.stem + ".json")).read_bytes())
    for name, patch in WRONG_SHAPES.items():
        bad = {**good, "source": {**good["source"], "sha256": name}, **patch}
        (folder / name).write_bytes(orjson.dumps(bad))
    out = tmp_path / "rows.csv"
    code, err = run(["indicators", str(folder), "-o", str(out), "--db", str(tmp_path / "x.sqlite"), "-q"], capsys)
    assert code == 1
    failures = [line for line in err.splitlines() if line.startswith("  ")]
    assert len(failures) == len(WRONG_SHAPES), err
    assert all("document of the wrong shape" in line for line in failures)
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1 + len(good["indicators"])


def test_db_that_is_not_sqlite(tmp_path, capsys):
    db = tmp_path / "notes.sqlite"
    db.write_bytes(b"these are my notes, not a database\n" * 100)
    code, err = run(["indicators", str(GOOD), "--db", str(db), "-q"], capsys)
    assert code == 1
    assert err.strip().splitlines() == [f"nqparser: --db {db}: not a usable SQLite database "
                                        "(file is not a database)"]


# --- cause 11: smaller holes -----------------------------------------------------------------------------

def test_doctype_after_a_long_comment_is_refused(tmp_path):
    import zipfile

    from nqparser.errors import ParseError
    from nqparser.sources.docx import read_docx

    xml = (b'<?xml version="1.0"?><!--' + b"x" * 3000 + b'--><!DOCTYPE d [<!ENTITY a "aaaa">]>'
           b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
           b"<w:p><w:r><w:t>&a;</w:t></w:r></w:p></w:body></w:document>")
    path = tmp_path / "late-dtd.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", xml)
    with pytest.raises(ParseError) as info:
        read_docx(path)
    assert "declares a DTD" in info.value.reason


def test_line_and_paragraph_separators_end_lines():
    from nqparser.sources.text import text_to_source

    source = text_to_source("Điều 1. Một\u20281. Khoản\u2029a) Điểm\nHết")
    assert [line.text for line in source.lines] == ["Điều 1. Một", "1. Khoản", "a) Điểm", "Hết"]
    assert [line.number for line in source.lines] == [1, 2, 3, 4]


def test_a_second_run_into_the_same_folder_stops(tmp_path, capsys):
    from nqparser.fsguard import FolderLock

    inputs = many_inputs(tmp_path / "in", 2)
    out = tmp_path / "out"
    out.mkdir()
    with FolderLock(str(out)):
        code, err = run(["convert", str(inputs), "-o", str(out), "-q"], capsys)
        assert code == 1
        assert "another nqparser run is writing to" in err and err.count("\n") == 1
        assert not (out / "manifest.jsonl").exists()
    code, err = run(["convert", str(inputs), "-o", str(out), "-q"], capsys)  # released: runs
    assert code == 0, err


def test_concurrent_processes_convert_once(tmp_path):
    """Two real `convert` processes started together: one converts, the other stops at the lock."""
    inputs = many_inputs(tmp_path / "in", 3)
    out = tmp_path / "out"
    env = dict(os.environ)
    cmd = cli_command(0.5, "convert", str(inputs), "-o", str(out), "-q", "-j", "1")
    first = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, cwd=ROOT)
    deadline = time.monotonic() + 30
    while not (out / "manifest.jsonl").exists() and time.monotonic() < deadline:  # opened under the lock
        time.sleep(0.05)
    second = subprocess.run(cmd, env=env, capture_output=True, cwd=ROOT, timeout=60)
    first.communicate(timeout=60)
    assert first.returncode == 0
    assert second.returncode == 1
    assert b"another nqparser run is writing to" in second.stderr
    assert len(manifest_lines(out / "manifest.jsonl")) == 3


def test_symlinks_leaving_the_input_tree_are_reported(tmp_path, capsys):
    inputs = many_inputs(tmp_path / "in", 1)
    outside = many_inputs(tmp_path / "elsewhere", 2)
    (inputs / "link.txt").symlink_to(outside / "nq-000.txt")
    (inputs / "linked-folder").symlink_to(outside, target_is_directory=True)
    (inputs / "inside.txt").symlink_to(inputs / "nq-000.txt")  # stays in the tree: read
    (inputs / "loop").symlink_to(inputs, target_is_directory=True)  # a cycle, for --follow-symlinks
    out = tmp_path / "out"
    code, err = run(["convert", str(inputs), "-o", str(out), "-q"], capsys)
    assert code == 1
    failures = sorted(line for line in err.splitlines() if line.startswith("  "))
    assert len(failures) == 2 and all("symbolic link leaving the input folder" in f for f in failures), err
    assert {Path(r["input"]).name: r["status"] for r in read_manifest(out / "manifest.jsonl").values()} == {
        "nq-000.txt": "ok", "inside.txt": "ok", "link.txt": "failed", "linked-folder": "failed"}
    code, err = run(["convert", str(inputs), "-o", str(tmp_path / "out2"), "-q", "--follow-symlinks"], capsys)
    assert code == 0, err
    names = sorted(Path(r).name for r in read_manifest(tmp_path / "out2" / "manifest.jsonl"))
    assert names == ["inside.txt", "link.txt", "nq-000.txt", "nq-000.txt", "nq-001.txt"]


def test_excel_csv_neutralises_formula_cells(tmp_path, capsys):
    import csv

    source = ROOT / "tests" / "data" / "issues" / "indicators-budget-totals.txt"
    folder = tmp_path / "docs"
    run(["convert", str(source), "-o", str(folder), "-q"], capsys)
    doc_path = folder / (source.stem + ".json")
    doc = orjson.loads(doc_path.read_bytes())
    assert len(doc["indicators"]) >= 4
    doc["indicators"][0]["name"] = '=HYPERLINK("http://x","y")'
    doc["indicators"][1]["name"] = "@SUM(A1)"
    doc["indicators"][2]["unit"] = "+1"
    doc["indicators"][3]["name"] = "-2+3"
    doc_path.write_bytes(orjson.dumps(doc))
    for excel, prefix in ((True, "'"), (False, "")):
        out = tmp_path / f"rows-{excel}.csv"
        code, _err = run(["indicators", str(doc_path), "-o", str(out), "-q", *(["--excel"] if excel else [])],
                         capsys)
        assert code == 0
        rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
        assert rows[0]["name"] == prefix + '=HYPERLINK("http://x","y")'
        assert rows[1]["name"] == prefix + "@SUM(A1)"
        assert rows[2]["unit"] == prefix + "+1"
        assert rows[3]["name"] == prefix + "-2+3"
        if excel:
            assert not any(v.startswith(("=", "+", "-", "@")) for row in rows for v in row.values() if v)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs mkfifo")
def test_indicators_never_opens_a_fifo_named_json(tmp_path, capsys):
    os.mkfifo(tmp_path / "doc.json")
    os.mkfifo(tmp_path / "docs.jsonl")
    code, err = run(["indicators", str(tmp_path), "-o", str(tmp_path / "rows.csv"), "-q"], capsys)
    assert code == 1
    failures = [line for line in err.splitlines() if line.startswith("  ")]
    assert len(failures) == 2 and all("not a regular file" in line for line in failures), err


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_show_onto_a_full_disk_is_one_line(tmp_path):
    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-m", "nqparser", str(GOOD)], stdout=full, stderr=subprocess.PIPE,
                              cwd=ROOT, timeout=120)
    assert done.returncode == 1
    assert done.stderr.decode().strip() == "nqparser: cannot write the output: no space left on the device"
