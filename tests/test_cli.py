"""The command line: implicit `show`, stdin → stdout, convert's exit codes and reports."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from hooks import HangOn
from nqparser.cli import Progress, main

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "fixtures" / "raw"
GOOD = "thai-nguyen-2025.txt"
SMALL = "ha-noi-15-2024-quy-dinh.txt"
ENV = dict(os.environ, PYTHONPATH=str(ROOT))


def run_module(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "nqparser", *args], cwd=ROOT, env=ENV, input=stdin,
                          capture_output=True, timeout=60)


def test_python_m_parser_file_prints_unescaped_json():
    proc = run_module(str(RAW / GOOD))
    assert proc.returncode == 0, proc.stderr
    assert "Nghị quyết".encode() in proc.stdout or "HĐND".encode() in proc.stdout  # UTF-8, not \\u escapes
    assert b"\\u1ecb" not in proc.stdout.lower()
    doc = orjson.loads(proc.stdout)
    assert doc["source"]["path"].endswith(GOOD)
    assert doc["metadata"]["number"] == "112/NQ-HĐND"


def test_stdin_to_stdout_matches_the_file():
    data = (RAW / GOOD).read_bytes()
    proc = run_module("-", "--compact", stdin=data)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count(b"\n") == 1
    from_stdin = orjson.loads(proc.stdout)
    from_file = orjson.loads(run_module(str(RAW / GOOD)).stdout)
    assert from_stdin["source"]["path"] == "<stdin>"
    assert from_stdin["source"]["sha256"] == from_file["source"]["sha256"]
    assert from_stdin["metadata"] == from_file["metadata"]


def test_show_bad_input_is_one_line_exit_1(tmp_path, capsys):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    assert main([str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.strip() == f"nqparser: {bad}: file is empty"
    assert main([str(tmp_path / "nope.txt")]) == 1
    assert "file not found" in capsys.readouterr().err


def test_show_subcommand_and_implicit_form_agree(capsys):
    assert main(["show", str(RAW / SMALL), "--compact"]) == 0
    explicit = capsys.readouterr().out
    assert main([str(RAW / SMALL), "--compact"]) == 0
    assert capsys.readouterr().out == explicit


@pytest.mark.parametrize("argv", [
    [],
    ["convert", "-o", "x"],  # no PATH
    ["convert", "/definitely/not/here", "-o", "x"],
    ["convert", str(RAW / SMALL), "-o", "-"],  # stdout needs jsonl
    ["convert", str(RAW / SMALL), "-o", "x", "--jobs", "0"],
    ["convert", str(RAW / SMALL), "-o", "x", "--timeout", "soon"],
    ["indicators", str(RAW / SMALL)],  # neither -o nor --db
    ["indicators", str(RAW / SMALL), "-o", "rows.xlsx"],
])
def test_usage_errors_exit_2(argv, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    assert capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_help_exits_0(capsys):
    assert main(["--help"]) == 0
    assert "convert" in capsys.readouterr().out
    assert main(["convert", "--help"]) == 0
    assert "--resume" in capsys.readouterr().out


def test_convert_folder_reports_failures_and_exits_1(tmp_path, capsys):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / GOOD).write_bytes((RAW / GOOD).read_bytes())
    (src / "sub" / SMALL).write_bytes((RAW / SMALL).read_bytes())
    (src / "sub" / "empty.txt").write_bytes(b"   \n")
    (src / "legacy.txt").write_bytes("Nghị quyết".encode("cp1258", errors="replace") + b"\xd2")
    (src / ".hidden.txt").write_bytes(b"")
    out = tmp_path / "out"
    code = main(["convert", str(src), "-o", str(out), "-j", "2"])
    err = capsys.readouterr().err
    assert code == 1
    assert "converted 2, skipped 0, failed 2" in err
    assert f"{src / 'sub' / 'empty.txt'}: file is empty" in err
    assert f"{src / 'legacy.txt'}: text is not valid UTF-8" in err
    assert f"{src / '.hidden.txt'}: hidden file, not read" in err  # listed, never dropped silently
    assert (out / "thai-nguyen-2025.json").exists()
    assert (out / "sub" / "ha-noi-15-2024-quy-dinh.json").exists()
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]

    code = main(["convert", str(src), "-o", str(out), "-j", "1", "--resume", "-q"])
    err = capsys.readouterr().err
    assert code == 1
    assert "converted 0, skipped 2, failed 2" in err


def test_convert_all_good_exits_0_and_names_clashes_once(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "nq.txt").write_bytes((RAW / SMALL).read_bytes())
    (src / "nq.md").write_bytes((RAW / SMALL).read_bytes())
    (src / "other.md").write_bytes((RAW / SMALL).read_bytes())
    out = tmp_path / "out"
    assert main(["convert", str(src), "-o", str(out), "-j", "1"]) == 0
    err = capsys.readouterr().err
    assert err.count("<name>.<ext>.json") == 1
    assert sorted(p.name for p in out.glob("*.json")) == ["nq.json", "nq.txt.json", "other.json"]


def test_convert_jsonl_to_stdout(tmp_path, capsysbinary):
    assert main(["convert", str(RAW / SMALL), str(RAW / GOOD), "-o", "-", "--format", "jsonl", "-j", "1", "-q"]) == 0
    lines = capsysbinary.readouterr().out.splitlines()
    assert sorted(Path(orjson.loads(line)["source"]["path"]).name for line in lines) == sorted([SMALL, GOOD])


def test_convert_timeout_option(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "ok.txt").write_bytes((RAW / SMALL).read_bytes())
    (src / "stuck.txt").write_bytes((RAW / SMALL).read_bytes())
    argv = ["convert", str(src), "-o", str(tmp_path / "out"), "-j", "2", "--timeout", "1"]
    assert main(argv, hook=HangOn("stuck")) == 1
    err = capsys.readouterr().err
    assert f"{src / 'stuck.txt'}: timed out after 1 s" in err
    assert (tmp_path / "out" / "ok.json").exists()


def test_progress_bar_line():
    class Tty:
        def __init__(self):
            self.text = ""

        def isatty(self):
            return True

        def write(self, s):
            self.text += s

        def flush(self):
            pass

    stream = Tty()
    bar = Progress(stream, quiet=False)  # type: ignore[arg-type]
    bar.update(5, 10, 1, force=True)
    assert "5/10" in stream.text and " 50.0%" in stream.text and "ETA" in stream.text and "failed 1" in stream.text
    bar.finish(10, 10, 1)
    assert stream.text.endswith("\n")


@pytest.mark.parametrize(("argv", "reason"), [
    (["--max-pages", "1"], "PDF has 3 pages, over the limit of 1"),
    (["--max-bytes", "1K"], "over the limit of 1024"),
])
def test_limits_reach_the_readers(argv, reason, tmp_path, capsys):
    pdf = RAW / "pdf" / "thainguyen-112-2024-sample.pdf"
    if not pdf.exists():
        pytest.skip("PDF fixture not present")
    out = tmp_path / "out"
    assert main(["convert", str(pdf), "-o", str(out), "-j", "1", *argv]) == 1
    err = capsys.readouterr().err
    assert f"{pdf}: " in err and reason in err
    assert main(["convert", str(pdf), "-o", str(out), "-j", "1", "--max-pages", "3", "--max-bytes", "10M"]) == 0


def test_convert_fsync_flag(tmp_path, monkeypatch):
    """Outputs are fsync'ed only with --fsync (the manifest is flushed, never fsync'ed, either way)."""
    calls = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (calls.append(fd), real(fd))[1])
    assert main(["convert", str(RAW / SMALL), "-o", str(tmp_path / "a"), "-j", "1", "-q"]) == 0
    assert calls == []
    assert main(["convert", str(RAW / SMALL), "-o", str(tmp_path / "b"), "-j", "1", "-q", "--fsync"]) == 0
    assert len(calls) == 1
    assert (tmp_path / "b" / "ha-noi-15-2024-quy-dinh.json").exists()
