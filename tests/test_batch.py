"""The batch engine: per-file isolation, timeouts, crashes, manifest, resume, kill -9 recovery."""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest
from hooks import CrashOn, Each, HangOn, cli_command
from nqparser import batch
from nqparser.batch import (
    ConvertConfig,
    InputPlan,
    Options,
    Task,
    convert,
    convert_one,
    read_manifest,
    run_tasks,
)
from nqparser.errors import ParseError
from nqparser.limits import Limits
from nqparser.model import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "fixtures" / "raw"
GOOD = ["thai-nguyen-2024-h1.txt", "bac-giang-2024-h2.txt", "thai-nguyen-2023.txt", "thai-nguyen-2025.txt"]

BAD = {  # name → (bytes, words the reason must contain)
    "empty.txt": (b"", "empty"),
    "binary.txt": (b"\x7fELF\x02\x01\x00\x00" * 512, "binary"),
    "legacy-1258.txt": ("Nghị quyết về kinh tế".encode("cp1258", errors="replace") + b"\xd2\xde", "UTF-8"),
}


def good_files(folder: Path, names: list[str] = GOOD) -> list[Path]:
    """Copies of the text fixtures (tests never read outside the repository)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name in names:
        target = folder / name
        target.write_bytes((RAW / name).read_bytes())
        out.append(target)
    return out


def bad_files(folder: Path) -> dict[str, str]:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (data, _words) in BAD.items():
        (folder / name).write_bytes(data)
    return {name: words for name, (_data, words) in BAD.items()}


def manifest_status(path: Path) -> dict[str, str]:
    return {Path(k).name: v["status"] for k, v in read_manifest(path).items()}


def temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


# --- convert_one -----------------------------------------------------------------------------------

def test_convert_one_ok_writes_the_document(tmp_path):
    src = good_files(tmp_path / "in", GOOD[:1])[0]
    out = tmp_path / "out" / "a.json"
    result = convert_one(Task(str(src), str(out)))
    assert result.status == "ok" and result.error is None
    doc = orjson.loads(out.read_bytes())
    assert doc["schema_version"] == SCHEMA_VERSION == result.schema_version
    assert doc["source"]["sha256"] == result.sha256
    assert result.output == str(out) and result.seconds > 0


@pytest.mark.parametrize("name", sorted(BAD))
def test_convert_one_bad_input_gives_reason_not_exception(tmp_path, name):
    words = bad_files(tmp_path)[name]
    result = convert_one(Task(str(tmp_path / name), str(tmp_path / "x.json")))
    assert result.status == "failed"
    assert words in result.error
    assert not (tmp_path / "x.json").exists()
    assert result.sha256 is not None  # failures are still identified by content


def test_convert_one_internal_error_is_reported(tmp_path, monkeypatch):
    import nqparser.pipeline

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(nqparser.pipeline, "parse_file", boom)
    src = good_files(tmp_path, GOOD[:1])[0]
    result = convert_one(Task(str(src), str(tmp_path / "x.json")))
    assert result.status == "failed"
    assert result.error == "internal error: RuntimeError: boom"


def test_convert_one_return_data_writes_nothing(tmp_path):
    src = good_files(tmp_path, GOOD[:1])[0]
    result = convert_one(Task(str(src), None, Options(return_data=True)))
    assert result.status == "ok"
    assert orjson.loads(result.data)["source"]["path"] == str(src)
    assert list(tmp_path.iterdir()) == [src]


def test_tasks_and_results_pickle(tmp_path):
    task = Task("a.txt", "a.json", Options(Limits(max_bytes=10)), True, ("abc", "1.0"))
    assert pickle.loads(pickle.dumps(task)) == task
    result = convert_one(Task(str(tmp_path / "missing.txt"), None))
    again = pickle.loads(pickle.dumps(result))
    assert (again.status, again.error) == ("failed", "file not found")


# --- planning --------------------------------------------------------------------------------------

def test_plan_mirrors_folders_and_names_stem_clashes(tmp_path):
    root = tmp_path / "in"
    for rel in ["a.txt", "a.md", "b.txt", "sub/a.txt", "sub/deeper/c.docx", ".hidden.txt", ".git/x.txt",
                "~$lock.docx", "notes.json", "out/old.txt"]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x")
    plan = InputPlan([str(root)], outdir=str(root / "out"))
    got = {Path(p.input).relative_to(root).as_posix(): p.relative for p in plan}
    assert got == {
        "a.md": "a.json",  # a fresh folder: the first by naming.FORMAT_ORDER keeps <stem>.json
        "a.txt": "a.txt.json",
        "b.txt": "b.json",
        "sub/a.txt": os.path.join("sub", "a.json"),
        "sub/deeper/c.docx": os.path.join("sub", "deeper", "c.json"),
    }
    assert len(plan.clashes) == 1
    assert plan.count() == 5


def test_plan_of_two_folders_keeps_them_apart(tmp_path):
    for folder in ("2023", "2024"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "nq.txt").write_text("x")
    plan = InputPlan([str(tmp_path / "2023"), str(tmp_path / "2024")])
    assert sorted(p.relative for p in plan) == [os.path.join("2023", "nq.json"), os.path.join("2024", "nq.json")]


# --- running: pool, timeout, crash ---------------------------------------------------------------

def test_pool_survives_hang_and_crash(tmp_path):
    files = good_files(tmp_path / "in")
    hang = tmp_path / "in" / "hang-me.txt"
    crash = tmp_path / "in" / "crash-me.txt"
    hang.write_bytes(files[0].read_bytes())
    crash.write_bytes(files[0].read_bytes())
    options = Options(hook=Each((HangOn("hang-me"), CrashOn("crash-me"))))
    inputs = [hang, crash, *files]
    tasks = [Task(str(p), str(tmp_path / "out" / (p.stem + ".json")), options) for p in inputs]
    started = time.monotonic()
    results = {Path(r.input).name: r for r in run_tasks(tasks, jobs=2, timeout=1.5)}
    assert time.monotonic() - started < 10
    assert results["hang-me.txt"].status == "failed"
    assert results["hang-me.txt"].error == "timed out after 1.5 s"
    assert results["crash-me.txt"].status == "failed"
    assert results["crash-me.txt"].error.startswith("worker crashed")
    assert all(results[p.name].status == "ok" for p in files)
    assert len(results) == len(inputs)


def test_inline_mode_honours_the_timeout(tmp_path):
    files = good_files(tmp_path / "in", GOOD[:1])
    hang = tmp_path / "in" / "hang-me.txt"
    hang.write_bytes(files[0].read_bytes())
    options = Options(hook=HangOn("hang-me"))
    tasks = [Task(str(p), str(tmp_path / (p.stem + ".json")), options) for p in (hang, files[0])]
    results = list(run_tasks(tasks, jobs=1, timeout=0.5))
    assert [r.status for r in results] == ["failed", "ok"]
    assert results[0].error == "timed out after 0.5 s"


def test_pool_consumes_tasks_lazily(tmp_path):
    src = good_files(tmp_path / "in", ["ha-noi-15-2024-quy-dinh.txt"])[0]
    pulled = 0

    def tasks():
        nonlocal pulled
        for i in range(30):
            pulled += 1
            yield Task(str(src), str(tmp_path / "out" / f"{i}.json"))

    stream = run_tasks(tasks(), jobs=2, timeout=30)
    first = next(stream)
    assert first.status == "ok"
    # bounded by the workers: one task each in flight, plus the next one each worker was given
    # before the caller saw the results that freed it
    assert pulled <= 4
    rest = list(stream)
    assert len(rest) == 29 and pulled == 30


# --- whole conversions ---------------------------------------------------------------------------

def config(out: Path, **kw) -> ConvertConfig:
    kw.setdefault("jobs", 2)
    kw.setdefault("limits", Limits(timeout=30))
    return ConvertConfig(outdir=str(out), **kw)


def test_convert_good_and_bad_files(tmp_path):
    good_files(tmp_path / "in")
    reasons = bad_files(tmp_path / "in" / "broken")
    out = tmp_path / "out"
    summary = convert([str(tmp_path / "in")], config(out))
    assert summary.converted == len(GOOD)
    failed = {Path(p).name: reason for p, reason in summary.failures}
    assert set(failed) == set(reasons)
    for name, words in reasons.items():
        assert words in failed[name]
    assert summary.exit_code == 1
    for name in GOOD:
        doc = orjson.loads((out / (Path(name).stem + ".json")).read_bytes())
        assert doc["source"]["path"].endswith(name)
    statuses = manifest_status(out / "manifest.jsonl")
    assert statuses == {**dict.fromkeys(GOOD, "ok"), **dict.fromkeys(reasons, "failed")}
    assert not temporaries(out)
    assert not (out / "broken").exists()  # nothing written for failures


def test_resume_skips_done_and_redoes_changed(tmp_path):
    files = good_files(tmp_path / "in")
    out = tmp_path / "out"
    assert convert([str(tmp_path / "in")], config(out)).converted == len(GOOD)
    changed = files[1]
    changed.write_bytes(changed.read_bytes() + "\nDòng thêm.\n".encode())
    (out / (files[2].stem + ".json")).unlink()  # an output lost since
    summary = convert([str(tmp_path / "in")], config(out, resume=True))
    assert (summary.converted, summary.skipped, summary.failed) == (2, 2, 0)
    statuses = manifest_status(out / "manifest.jsonl")
    assert statuses[changed.name] == "ok" and statuses[files[2].name] == "ok"
    assert statuses[files[0].name] == "skipped" and statuses[files[3].name] == "skipped"
    doc = orjson.loads((out / (changed.stem + ".json")).read_bytes())
    assert doc["source"]["sha256"] == batch.file_sha(str(changed))


def test_resume_without_manifest_reads_the_outputs(tmp_path):
    good_files(tmp_path / "in")
    out = tmp_path / "out"
    convert([str(tmp_path / "in")], config(out))
    (out / "manifest.jsonl").write_bytes(b'{"input": "torn li')  # killed mid-line
    summary = convert([str(tmp_path / "in")], config(out, resume=True))
    assert (summary.converted, summary.skipped) == (0, len(GOOD))
    lines = (out / "manifest.jsonl").read_bytes().splitlines()
    assert len(lines) == len(GOOD)  # the torn line was dropped, not glued to
    assert all(orjson.loads(line)["status"] == "skipped" for line in lines)


def test_resume_redoes_outputs_of_another_schema(tmp_path):
    src = good_files(tmp_path / "in", GOOD[:1])[0]
    out = tmp_path / "out"
    convert([str(src)], config(out, jobs=1))
    target = out / (src.stem + ".json")
    doc = orjson.loads(target.read_bytes())
    doc["schema_version"] = "0.1"
    target.write_bytes(orjson.dumps(doc))
    (out / "manifest.jsonl").unlink()
    summary = convert([str(src)], config(out, jobs=1, resume=True))
    assert (summary.converted, summary.skipped) == (1, 0)


def test_jsonl_stream_and_resume_without_duplicates(tmp_path):
    good_files(tmp_path / "in")
    bad_files(tmp_path / "in")
    out = tmp_path / "out"
    first = convert([str(tmp_path / "in")], config(out, format="jsonl"))
    assert first.converted == len(GOOD)
    stream = out / "documents.jsonl"
    docs = [orjson.loads(line) for line in stream.read_bytes().splitlines()]
    assert sorted(Path(d["source"]["path"]).name for d in docs) == sorted(GOOD)
    with stream.open("ab") as fh:
        fh.write(b'{"schema_version": "1.0", "sou')  # a torn last record
    again = convert([str(tmp_path / "in")], config(out, format="jsonl", resume=True))
    assert (again.converted, again.skipped, again.failed) == (0, len(GOOD), len(BAD))
    assert len(stream.read_bytes().splitlines()) == len(GOOD)


def test_kill_9_midway_then_resume(tmp_path):
    """A real `kill -9` of the CLI: resume finishes the rest, redoes nothing, leaves no partial file."""
    src = tmp_path / "in"
    src.mkdir()
    texts = [(RAW / name).read_bytes() for name in GOOD]
    for i in range(30):
        (src / f"nq-{i:02d}.txt").write_bytes(texts[i % len(texts)] + f"\nBản số {i}.\n".encode())
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    args = ["convert", str(src), "-o", str(out), "-j", "2", "-q"]
    proc = subprocess.Popen(cli_command(0.1, *args), cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    manifest = out / "manifest.jsonl"
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if manifest.exists() and manifest.read_bytes().count(b"\n") >= 8:
            break
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = {k for k, v in read_manifest(manifest).items() if v["status"] == "ok"}
    assert 8 <= len(done_before) < 30

    cmd = [sys.executable, "-m", "nqparser", *args]
    rerun = subprocess.run([*cmd, "--resume"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert rerun.returncode == 0, rerun.stderr
    lines = [orjson.loads(line) for line in manifest.read_bytes().splitlines() if line.strip()]
    second = {r["input"]: r["status"] for r in lines[len(lines) - 30:]}
    assert len(second) == 30
    assert all(second[k] == "skipped" for k in done_before)  # nothing finished was redone
    assert all(v in ("ok", "skipped") for v in second.values())
    outputs = sorted(out.glob("*.json"))
    assert len(outputs) == 30
    for path in outputs:
        assert orjson.loads(path.read_bytes())["schema_version"] == SCHEMA_VERSION
    assert not temporaries(out)


def test_stale_temporaries_are_swept(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".a.json.k2j3h4.tmp").write_text("{half")
    src = good_files(tmp_path / "in", GOOD[:1])[0]
    convert([str(src)], config(out, jobs=1))
    assert not temporaries(out)


# --- Dask ----------------------------------------------------------------------------------------

DASK_SCRIPT = """
import json, sys
from distributed import LocalCluster
from nqparser.batch import ConvertConfig, convert
src, out = sys.argv[1], sys.argv[2]
with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster:
    runs = []
    for resume in (False, True):
        config = ConvertConfig(outdir=out, engine="dask", scheduler=cluster.scheduler_address, resume=resume)
        s = convert([src], config)
        runs.append([s.converted, s.skipped, s.failed])
print(json.dumps(runs))
"""


def test_dask_engine_on_a_local_cluster(tmp_path):
    """Runs in a child process so Dask's threads never share a process with forking workers."""
    pytest.importorskip("distributed")
    good_files(tmp_path / "in")
    bad_files(tmp_path / "in")
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-c", DASK_SCRIPT, str(tmp_path / "in"), str(out)], cwd=ROOT,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)), capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr[-2000:]
    first, again = orjson.loads(proc.stdout.strip().splitlines()[-1])
    assert first == [len(GOOD), 0, len(BAD)]
    assert again == [0, len(GOOD), len(BAD)]
    assert manifest_status(out / "manifest.jsonl")[GOOD[0]] == "skipped"


def test_dask_missing_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(batch.EngineUnavailable, match=r"nqparser\[dask\]"):
        list(batch.run_dask([Task("a.txt", None)], scheduler=None))


def test_dask_missing_fails_before_touching_the_manifest(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.jsonl").write_bytes(b'{"input": "a.txt", "status": "ok"}\n')
    monkeypatch.setitem(sys.modules, "distributed", None)
    src = good_files(tmp_path / "in", GOOD[:1])[0]
    with pytest.raises(batch.EngineUnavailable):
        convert([str(src)], config(out, engine="dask"))
    assert (out / "manifest.jsonl").read_bytes() == b'{"input": "a.txt", "status": "ok"}\n'


# --- LibreOffice never outlives a stopped worker -------------------------------------------------

FAKE_SOFFICE = """#!/bin/sh
# Stands in for LibreOffice: a launcher whose child hangs, as oosplash starts soffice.bin.
sleep 300 &
echo $! >> "$NQPARSER_FAKE_SOFFICE_PIDS"
echo $$ >> "$NQPARSER_FAKE_SOFFICE_PIDS"
wait
"""


def _alive(pid: int) -> bool:
    """Running (not gone, not a zombie waiting for a reaper)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def _all_dead(pids: list[int], within: float = 5.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not any(_alive(p) for p in pids):
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def hanging_soffice(tmp_path, monkeypatch):
    """A fake `soffice` on PATH that never finishes; yields (a .doc input, the pid file)."""
    if not sys.platform.startswith("linux"):
        pytest.skip("checks processes through /proc")
    bindir = tmp_path / "bin"
    bindir.mkdir()
    script = bindir / "soffice"
    script.write_text(FAKE_SOFFICE)
    script.chmod(0o755)
    pids = tmp_path / "soffice.pids"
    pids.write_text("")
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setenv("NQPARSER_FAKE_SOFFICE_PIDS", str(pids))
    doc = tmp_path / "in" / "old.doc"
    doc.parent.mkdir()
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00WordDocument" * 64)
    yield doc, pids
    for pid in [int(x) for x in pids.read_text().split()]:  # never leave a sleeper behind
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def _pids(path: Path) -> list[int]:
    return [int(x) for x in path.read_text().split()]


def test_killed_worker_takes_libreoffice_with_it(hanging_soffice):
    """No per-file budget given: the pool's timeout stops the worker, whose SIGTERM handler
    kills the soffice process group (SIGKILL of the worker alone would orphan it)."""
    doc, pids = hanging_soffice
    started = time.monotonic()
    [result] = run_tasks([Task(str(doc), str(doc.with_suffix(".json")))], jobs=2, timeout=1.5)
    assert result.error == "timed out after 1.5 s"
    assert time.monotonic() - started < 1.5 + batch.TERM_GRACE + 3
    assert len(_pids(pids)) == 2
    assert _all_dead(_pids(pids))


def test_doc_conversion_gets_the_remaining_budget(hanging_soffice):
    """With the budget passed on, LibreOffice is stopped by doc.py first, with its own reason."""
    doc, pids = hanging_soffice
    options = Options(Limits(timeout=4.0))
    [result] = run_tasks([Task(str(doc), str(doc.with_suffix(".json")), options)], jobs=2, timeout=4.0)
    assert result.status == "failed"
    assert result.error in ("LibreOffice did not convert the .doc within 2 s",  # 4 s budget - 2 s margin
                            "LibreOffice did not convert the .doc within 1 s")  # a slow worker start
    assert _all_dead(_pids(pids))


def test_inline_timeout_kills_libreoffice(hanging_soffice):
    """--jobs 1: SIGALRM interrupts the wait for soffice; its group must go too."""
    doc, pids = hanging_soffice
    [result] = run_tasks([Task(str(doc), str(doc.with_suffix(".json")))], jobs=1, timeout=1.0)
    assert result.error == "timed out after 1 s"
    assert _all_dead(_pids(pids))


# --- options reach parse_file --------------------------------------------------------------------

def test_limits_go_straight_to_the_reader(tmp_path, monkeypatch):
    import nqparser.pipeline

    seen = []

    def spy(path, limits):
        seen.append(limits)
        raise ParseError("stop here", str(path))

    monkeypatch.setattr(nqparser.pipeline, "read_source", spy)
    src = good_files(tmp_path, GOOD[:1])[0]
    limits = Limits(max_bytes=5, max_pages=3, max_unzipped_bytes=7, ocr=False, max_ocr_pages=9, timeout=8.0)
    result = convert_one(Task(str(src), None, Options(limits, return_data=True)))
    assert result.error == "stop here"
    assert seen == [limits]


def test_outputs_are_fsynced_only_when_asked(tmp_path, monkeypatch):
    calls = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (calls.append(fd), real(fd))[1])
    good_files(tmp_path / "in", GOOD[:2])
    convert([str(tmp_path / "in")], config(tmp_path / "out", jobs=1))
    assert calls == []
    convert([str(tmp_path / "in")], config(tmp_path / "out2", jobs=1, fsync=True))
    assert len(calls) == 2
