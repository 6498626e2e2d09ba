"""Batch conversion: many files → JSON outputs (or one JSONL stream), in parallel, resumable.

Why a hand-made pool rather than ``ProcessPoolExecutor``: a per-file timeout and a crashed worker
must cost only that file. The executor can neither kill one hung task nor survive a dead worker
(``BrokenProcessPool`` fails every pending future). Here each worker runs one task at a time over
its own pipe, so the parent knows what every worker is doing, kills just the one that overruns or
dies, starts a replacement and goes on. In-flight work is bounded by the number of workers: the
task iterator is consumed lazily, so a 100,000-file folder never sits in memory as futures.

Resumability: outputs are written atomically (``serialize.write_atomic``) and the manifest is an
append-only JSONL log flushed after every file, so a ``kill -9`` leaves only finished outputs and
at most one torn manifest line (ignored on reading). Outputs are not fsync'ed by default (``--fsync``
does): the rename is atomic either way, and only a power cut could lose the newest outputs, which
``--resume`` then redoes. ``--resume`` skips an input whose output
exists and records the same source sha256 and schema version, taken from the manifest or, when
the kill came between writing the output and logging it, from the output JSON itself.

Stopping a worker: the pool sends SIGTERM, waits ``TERM_GRACE`` seconds, then SIGKILL. The worker's
SIGTERM handler kills any LibreOffice conversion it started (``sources.doc.kill_conversions``;
soffice runs in its own process group, which SIGKILL of the worker alone would leave running) and
exits. Workers get SIGTERM too when the parent dies (PR_SET_PDEATHSIG). A .doc conversion is also
given the file's remaining time budget, so LibreOffice normally times out before the worker does.

Test hooks (read only in ``convert_one``, never set them in production):
``NQPARSER_TEST_HANG_ON=<substring>`` makes a matching input hang forever,
``NQPARSER_TEST_CRASH_ON=<substring>`` kills the worker process (SIGKILL) on a matching input,
``NQPARSER_TEST_DELAY=<seconds>`` sleeps before every file (to make a batch slow enough to kill).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import multiprocessing
import multiprocessing.connection as mpc
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from .errors import ParseError
from .model import SCHEMA_VERSION
from .serialize import write_atomic

INPUT_SUFFIXES = (".txt", ".md", ".docx", ".pdf", ".doc", ".htm", ".html")
MANIFEST_NAME = "manifest.jsonl"
STREAM_NAME = "documents.jsonl"
DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_TASKS_PER_WORKER = 2000  # recycle workers now and then so a slow leak cannot grow
TERM_GRACE = 1.0  # seconds a worker has to clean up after SIGTERM before SIGKILL

TEST_HANG_ENV = "NQPARSER_TEST_HANG_ON"
TEST_CRASH_ENV = "NQPARSER_TEST_CRASH_ON"
TEST_DELAY_ENV = "NQPARSER_TEST_DELAY"

OK, FAILED, SKIPPED = "ok", "failed", "skipped"
IGNORED = "ignored"  # a file in a given folder that is not read (unsupported format, hidden): listed, never dropped


# --- tasks and results ---------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Options:
    """Per-file conversion options; picklable, shared by every task of a batch."""

    max_bytes: int | None = None
    max_pages: int | None = None
    max_unzipped_bytes: int | None = None  # DOCX only: cap on what the ZIP may inflate to
    ocr: bool = True  # False: scanned PDF pages are not sent to Tesseract
    indent: bool = True
    return_data: bool = False  # JSONL / indicators: send compact JSON back instead of writing a file
    fsync: bool = False  # flush each output to disk before the rename (slower; power-cut safe)
    timeout: float | None = None  # the per-file budget, handed to slow sub-steps (LibreOffice)
    max_memory: int | None = None  # address-space limit of each worker process (parser/memory.py)
    max_ocr_pages: int | None = None  # PDF pages sent to Tesseract per document (None: the reader's default)


@dataclass(frozen=True, slots=True)
class Task:
    """One input to convert. `known` is (sha256, schema_version) the manifest recorded for it."""

    input: str
    output: str | None
    options: Options = field(default_factory=Options)
    resume: bool = False
    known: tuple[str, str] | None = None
    output_check: tuple[int, str] | None = None  # (size, sha256) of the output the manifest recorded
    refused: str | None = None  # why the plan will not read this input (a symlink leaving the tree)


@dataclass(slots=True)
class Result:
    input: str
    status: str  # ok | failed | skipped
    error: str | None = None
    seconds: float = 0.0
    sha256: str | None = None
    output: str | None = None
    schema_version: str | None = None
    data: bytes | None = None  # compact document JSON when Options.return_data
    output_check: tuple[int, str] | None = None  # (size, sha256) of the output written
    triage: dict[str, Any] | None = None  # parser.triage fields of the document (kind, number, counts…)

    def record(self) -> dict[str, Any]:
        """The manifest line for this result (no document data), with the triage fields; names
        that are not UTF-8 are kept exactly beside a readable form (`names.with_name`)."""
        from .names import readable, with_name

        rec = with_name({}, "input", self.input)
        rec.update({
            "sha256": self.sha256,
            "status": self.status,
            "error": None if self.error is None else readable(self.error),
            "seconds": round(self.seconds, 4),
        })
        with_name(rec, "output", self.output)
        if self.output_check is not None:  # lets --resume tell a torn output from a whole one
            rec["output_size"], rec["output_sha256"] = self.output_check
        rec["schema_version"] = self.schema_version
        rec["time"] = _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")
        rec.update(self.triage or {})
        return rec


class _Timeout(BaseException):
    """Raised by SIGALRM in in-process mode; a BaseException so `except Exception` cannot eat it."""


# --- the per-file function -----------------------------------------------------------------------

def convert_one(task: Task) -> Result:
    """Convert one file; never raises for bad input (the batch must go on), returns a Result.

    Top-level and dependency-free so it pickles to process pools and Dask workers alike.
    """
    start = time.perf_counter()
    path = task.input
    if task.refused is not None:
        return Result(path, FAILED, task.refused, time.perf_counter() - start)
    from .memory import apply_limit, out_of_memory

    apply_limit(task.options.max_memory)
    try:
        _test_hooks(path)
        if task.resume:
            sha = _already_done(task)
            if sha is not None:
                return Result(path, SKIPPED, None, time.perf_counter() - start, sha, task.output, SCHEMA_VERSION,
                              None, task.output_check)
        doc = _parse_within_budget(path, task.options, start)
        sha = doc.source.get("sha256")
        if task.options.return_data:
            data: bytes | None = doc.to_json(indent=False)
            output = task.output
        else:
            if task.output is None:
                raise ValueError("task has no output path")
            payload = doc.to_json(indent=task.options.indent)
            _write_output(task.output, payload, task.options.fsync, path)
            data, output = None, task.output
        from .triage import triage

        check = None if data is not None else (len(payload), hashlib.sha256(payload).hexdigest())
        return Result(path, OK, None, time.perf_counter() - start, sha, output, doc.schema_version, data,
                      check, triage(doc))
    except ParseError as exc:
        error = one_line(exc.reason)
    except MemoryError:  # the worker's --max-memory (or the machine) said no: this file only
        error = out_of_memory(task.options.max_memory)
    except Exception as exc:  # a bug in the parser must cost one file, not the batch
        error = one_line(f"internal error: {type(exc).__name__}: {exc}")
    return Result(path, FAILED, error, time.perf_counter() - start, _file_sha(path), None, None)


def _write_output(output: str, data: bytes, fsync: bool, path: str) -> None:
    """write_atomic, a file-system fault (full disk, read-only folder, name too long) as the
    file's one-line failure rather than an "internal error"."""
    from .fsguard import describe_os_error

    try:
        write_atomic(output, data, fsync=fsync)
    except OSError as exc:
        raise ParseError(f"cannot write the output: {describe_os_error(exc)}", path) from None


def one_line(reason: str) -> str:
    """Whitespace runs (newlines quoted from libxml2 or an exception) as one space: the failure
    report prints one "path: reason" line per file and the manifest stays greppable."""
    return " ".join(reason.split())


def _test_hooks(path: str) -> None:
    """See the module docstring; only tests set these variables."""
    hang = os.environ.get(TEST_HANG_ENV)
    if hang and hang in path:
        while True:
            time.sleep(3600)
    crash = os.environ.get(TEST_CRASH_ENV)
    if crash and crash in path:
        os.kill(os.getpid(), signal.SIGKILL)
    delay = os.environ.get(TEST_DELAY_ENV)
    if delay:
        time.sleep(float(delay))


def _parse_within_budget(path: str, options: Options, started: float) -> Any:
    """parse_path, with LibreOffice told how much of the per-file timeout is left.

    So a hung .doc conversion is killed by doc.py (process group and all) and reported as such,
    before the pool has to kill the worker.
    """
    if not options.timeout or not path.lower().endswith(".doc"):
        return parse_path(path, options)
    from .sources.doc import conversion_deadline

    with conversion_deadline(time.monotonic() - (time.perf_counter() - started) + options.timeout):
        return parse_path(path, options)


def parse_path(path: str, options: Options) -> Any:
    """parse_file with the batch's limits (shared by `show`, `convert` and `indicators`)."""
    from .fsguard import require_regular
    from .pipeline import parse_file

    require_regular(path)
    return parse_file(path, max_bytes=options.max_bytes, max_pages=options.max_pages, ocr=options.ocr,
                      max_unzipped_bytes=options.max_unzipped_bytes, max_ocr_pages=options.max_ocr_pages)


def _file_sha(path: str) -> str | None:
    """sha256 of a regular file, None for anything else: the parent calls this after a worker
    timed out or died, and must never block on the FIFO or device that stopped the worker."""
    from .fsguard import open_regular

    fd = open_regular(path)
    if fd is None:
        return None
    h = hashlib.sha256()
    try:
        with open(fd, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


def _already_done(task: Task) -> str | None:
    """The input's sha256 when its output is current (same source and schema), else None."""
    if task.output is not None and not os.path.exists(task.output):
        return None
    recorded = task.known
    if task.output is not None and not _output_is_whole(task):
        return None  # emptied or truncated after the run (a power cut without --fsync): redo it
    if recorded is None and task.output is not None:
        recorded = output_identity(task.output)
    if recorded is None or recorded[1] != SCHEMA_VERSION:
        return None
    sha = _file_sha(task.input)
    return sha if sha is not None and sha == recorded[0] else None


def _output_is_whole(task: Task) -> bool:
    """The output is the one the manifest recorded (same size and sha256); without such a record
    (an older manifest, a kill before the log line) it must at least parse as a document."""
    assert task.output is not None
    if task.output_check is None:
        return output_identity(task.output) is not None
    size, digest = task.output_check
    try:
        if os.path.getsize(task.output) != size:
            return False
    except OSError:
        return False
    return _file_sha(task.output) == digest


def output_identity(path: str) -> tuple[str, str] | None:
    """(source sha256, schema_version) read from a document JSON, or None if unreadable."""
    try:
        with open(path, "rb") as fh:
            doc = orjson.loads(fh.read())
        return doc["source"]["sha256"], doc["schema_version"]
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError):
        return None


# --- running tasks: in-process, process pool ------------------------------------------------------

def run_tasks(tasks: Iterable[Task], *, jobs: int = 1, timeout: float | None = DEFAULT_TIMEOUT,
              max_tasks_per_worker: int = DEFAULT_MAX_TASKS_PER_WORKER) -> Iterator[Result]:
    """Yield one Result per task, in completion order.

    `jobs` <= 1 runs in this process (for debugging): the timeout then uses SIGALRM, which works
    on POSIX in the main thread and interrupts Python code and sleeps, but not one long C call
    (a regex on a huge line); a crash there takes the whole process down.
    """
    if jobs <= 1:
        yield from _run_inline(tasks, timeout)
        return
    pool = WorkerPool(jobs, timeout=timeout, max_tasks_per_worker=max_tasks_per_worker)
    try:
        yield from pool.run(tasks)
    finally:
        pool.close()


def _timed_out(task: Task, timeout: float) -> Result:
    return Result(task.input, FAILED, f"timed out after {timeout:g} s", timeout, _file_sha(task.input))


def _run_inline(tasks: Iterable[Task], timeout: float | None) -> Iterator[Result]:
    use_alarm = (bool(timeout) and hasattr(signal, "setitimer")
                 and threading.current_thread() is threading.main_thread())

    def on_alarm(signum: int, frame: Any) -> None:
        raise _Timeout

    for task in tasks:
        if not use_alarm:
            yield convert_one(task)
            continue
        assert timeout is not None
        previous = signal.signal(signal.SIGALRM, on_alarm)
        try:
            signal.setitimer(signal.ITIMER_REAL, timeout)
            result = convert_one(task)
        except _Timeout:
            result = _timed_out(task, timeout)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        yield result


def _die_with_parent(parent_pid: int) -> None:
    """Linux: have the kernel SIGTERM this worker when the parent dies (e.g. after kill -9).

    SIGTERM rather than SIGKILL so the handler can stop LibreOffice first; a worker busy in one
    long C call exits when it returns.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    if os.getppid() != parent_pid:
        os._exit(0)


def _on_sigterm(signum: int, frame: Any) -> None:
    """Stop the LibreOffice conversion this worker may be waiting on, then exit at once."""
    try:
        from .sources.doc import kill_conversions

        kill_conversions()
    finally:
        os._exit(128 + signal.SIGTERM)


def _worker_main(conn: mpc.Connection, parent_conn: mpc.Connection | None, parent_pid: int) -> None:
    """Worker loop: receive a Task, send its Result; None or a closed pipe means stop."""
    if parent_conn is not None:
        parent_conn.close()  # forked copy of the parent's end: keep only ours so EOF is seen
    signal.signal(signal.SIGTERM, _on_sigterm)  # before PDEATHSIG can fire
    _die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    from .memory import mark_worker

    mark_worker()
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        result = convert_one(task)
        try:
            conn.send(result)
        except OSError:
            return
        if (result.error or "").startswith("ran out of memory"):
            return  # a fresh worker for the next file: a failed allocation can leave this one damaged


class _Slot:
    """One worker process and what it is doing."""

    __slots__ = ("conn", "count", "proc", "started", "task")

    def __init__(self, proc: Any, conn: mpc.Connection) -> None:
        self.proc = proc
        self.conn = conn
        self.task: Task | None = None
        self.started = 0.0
        self.count = 0


class WorkerPool:
    """Processes that each convert one file at a time; any of them can be killed and replaced."""

    def __init__(self, jobs: int, *, timeout: float | None = DEFAULT_TIMEOUT,
                 max_tasks_per_worker: int = DEFAULT_MAX_TASKS_PER_WORKER) -> None:
        method = "fork" if sys.platform.startswith("linux") else "spawn"
        self._ctx = multiprocessing.get_context(method)
        if method == "fork":
            from .pipeline import warm_up

            warm_up()  # compiled once here, inherited by every worker (and every replacement)
        self.timeout = timeout
        self.max_tasks = max(1, max_tasks_per_worker)
        self.replaced = 0
        self._slots = [self._start() for _ in range(max(1, jobs))]

    def _start(self) -> _Slot:
        parent_conn, child_conn = self._ctx.Pipe(duplex=True)
        fork = self._ctx.get_start_method() == "fork"
        proc = self._ctx.Process(target=_worker_main, name="nqparser-worker", daemon=True,
                                 args=(child_conn, parent_conn if fork else None, os.getpid()))
        proc.start()
        child_conn.close()
        return _Slot(proc, parent_conn)

    @staticmethod
    def _terminate(proc: Any) -> None:
        """SIGTERM (the worker stops LibreOffice and exits), then SIGKILL after TERM_GRACE."""
        with contextlib.suppress(Exception):
            proc.terminate()
        proc.join(timeout=TERM_GRACE)
        if proc.is_alive():
            with contextlib.suppress(Exception):
                proc.kill()
            proc.join()

    def _replace(self, slot: _Slot, *, kill: bool) -> None:
        """Stop the slot's worker (terminated, or asked to exit) and put a fresh one in its place."""
        if kill:
            self._terminate(slot.proc)
        else:
            with contextlib.suppress(OSError):
                slot.conn.send(None)
            slot.proc.join(timeout=5)
            if slot.proc.is_alive():
                self._terminate(slot.proc)
        slot.conn.close()
        fresh = self._start()
        slot.proc, slot.conn, slot.task, slot.count = fresh.proc, fresh.conn, None, 0
        self.replaced += 1

    def _send(self, slot: _Slot, task: Task) -> None:
        if slot.count >= self.max_tasks:
            self._replace(slot, kill=False)
        for _attempt in range(3):
            try:
                if not slot.proc.is_alive():
                    raise BrokenPipeError
                slot.conn.send(task)
                break
            except OSError:  # the idle worker died: replace it and try again
                self._replace(slot, kill=True)
        else:
            raise RuntimeError("cannot start conversion workers")
        slot.task = task
        slot.started = time.monotonic()

    def run(self, tasks: Iterable[Task]) -> Iterator[Result]:
        source = iter(tasks)
        exhausted = False

        def fill() -> None:
            """Give every idle worker its next task."""
            nonlocal exhausted
            for slot in self._slots:
                if slot.task is None and not exhausted:
                    task = next(source, None)
                    if task is None:
                        exhausted = True
                        return
                    self._send(slot, task)

        while True:
            fill()
            busy = [s for s in self._slots if s.task is not None]
            if not busy:
                return
            wait = None
            if self.timeout:
                now = time.monotonic()
                wait = max(0.0, min(s.started + self.timeout for s in busy) - now) + 0.01
            ready = set(mpc.wait([s.conn for s in busy] + [s.proc.sentinel for s in busy], timeout=wait))
            now = time.monotonic()
            finished: list[Result] = []
            for slot in busy:
                task = slot.task
                assert task is not None
                if slot.conn in ready or slot.proc.sentinel in ready:
                    result = self._receive(slot)
                    if result is not None:
                        finished.append(result)
                elif self.timeout and now - slot.started >= self.timeout:
                    self._replace(slot, kill=True)
                    finished.append(_timed_out(task, self.timeout))
            # New work goes out before the caller writes the manifest and the progress line, so
            # workers do not sit idle while the parent handles their results.
            fill()
            yield from finished

    def _receive(self, slot: _Slot) -> Result | None:
        """The worker's result, or a 'worker crashed' failure if it died; None if nothing yet."""
        task = slot.task
        assert task is not None
        result: Result | None = None
        try:
            if slot.conn.poll():
                result = slot.conn.recv()
        except (EOFError, OSError):
            result = None
        if result is not None:
            slot.task = None
            slot.count += 1
            return result
        if slot.proc.is_alive():
            return None
        slot.proc.join()
        code = slot.proc.exitcode
        if code is not None and code < 0:
            try:
                how = f"killed by {signal.Signals(-code).name}"
            except ValueError:
                how = f"signal {-code}"
        else:
            how = f"exit code {code}"
        if task.options.max_memory and code in (-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGBUS):
            from .memory import human

            how += f"): probably ran out of memory (limit {human(task.options.max_memory)}"  # C code aborts on it
        self._replace(slot, kill=True)
        return Result(task.input, FAILED, f"worker crashed ({how})", time.monotonic() - slot.started,
                      _file_sha(task.input))

    def close(self) -> None:
        """Ask idle workers to stop, terminate busy ones (a closing batch does not wait for a hang)."""
        for slot in self._slots:
            if slot.task is None:
                with contextlib.suppress(OSError):
                    slot.conn.send(None)
            else:
                with contextlib.suppress(Exception):
                    slot.proc.terminate()
        deadline = time.monotonic() + 5
        for slot in self._slots:
            slot.proc.join(timeout=max(0.0, deadline - time.monotonic()))
            if slot.proc.is_alive():
                slot.proc.kill()
                slot.proc.join()
            slot.conn.close()


# --- planning inputs -----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Planned:
    """An input and where its output goes, relative to the output folder."""

    input: str
    relative: str  # e.g. "2024/q1/nq-12.json" or "a.txt.json" when a.txt and a.pdf share a folder
    refused: str | None = None  # set for a symlink leaving the input folder (reported, not read)


def _is_hidden(name: str) -> bool:
    return name.startswith(".") or name.startswith("~$")  # dot-files and Office lock files


class InputPlan:
    """Files to convert from a list of files and folders, with collision-free output names.

    Outputs mirror each input's path relative to the common folder of the arguments (for a single
    folder: that folder), so equal names in different sub-folders never collide. An input's output
    is <stem>.json; when inputs share a stem in one folder (a.txt, a.pdf) one of them keeps
    <stem>.json and the others are written as <stem>.<ext>.json (`clashes` lists them). Which one
    keeps it never changes when a file is added: the input an existing <stem>.json in `outdir`
    was made from, else the first by format (`naming.stem_owner`). Folders are walked lazily, one
    directory at a time, in sorted order. Files of a walked folder that are not read are listed in
    `ignored` with the reason (filled while iterating).
    """

    def __init__(self, paths: Iterable[str], *, outdir: str | None = None,
                 suffixes: Iterable[str] = INPUT_SUFFIXES, ext: str = ".json",
                 follow_symlinks: bool = False) -> None:
        self.paths = [str(p) for p in paths]
        self.follow_symlinks = follow_symlinks
        self.refused: dict[str, str] = {}  # path → reason, filled while walking
        self.suffixes = tuple(s.lower() for s in suffixes)
        self.ext = ext
        self.clashes: list[str] = []
        self.ignored: list[tuple[str, str]] = []
        self._collect = False
        self.outdir = outdir
        self._skip_dirs = set()
        if outdir is not None:
            self._skip_dirs = {os.path.abspath(outdir), os.path.realpath(outdir)}
        roots = []
        for p in self.paths:
            absolute = os.path.abspath(p)
            roots.append(absolute if os.path.isdir(p) else os.path.dirname(absolute))
        self.base = os.path.commonpath(roots) if roots else os.getcwd()

    def missing(self) -> list[str]:
        return [p for p in self.paths if not os.path.exists(p)]

    def _walk(self, top: str) -> Iterator[tuple[str, list[str]]]:
        root = os.path.realpath(top)
        visited: set[str] = set()  # real folders walked: following links must not loop
        for dirpath, dirnames, filenames in os.walk(top, followlinks=self.follow_symlinks):
            real = os.path.realpath(dirpath)
            if real in visited:
                dirnames[:] = []
                continue
            visited.add(real)
            hidden = sorted(d for d in dirnames if _is_hidden(d))
            dirnames[:] = sorted(
                d for d in dirnames
                if not _is_hidden(d) and os.path.abspath(os.path.join(dirpath, d)) not in self._skip_dirs
                and os.path.realpath(os.path.join(dirpath, d)) not in self._skip_dirs
            )
            names = sorted(f for f in filenames
                           if not _is_hidden(f) and os.path.splitext(f)[1].lower() in self.suffixes)
            if self._collect:
                from .naming import ignored_reason

                self.ignored.extend((os.path.join(dirpath, d), "hidden folder, not read") for d in hidden)
                self.ignored.extend((os.path.join(dirpath, f), ignored_reason(f, self.suffixes))
                                    for f in sorted(filenames) if f not in names)
            for f in names:
                self._admit(os.path.join(dirpath, f), root)  # a refused one stays listed, to be reported
            if not self.follow_symlinks:  # os.walk does not enter linked folders: say so for outside ones
                outside = [d for d in dirnames if not self._admit(os.path.join(dirpath, d), root)]
                dirnames[:] = [d for d in dirnames if d not in outside]
                names = sorted(names + outside)
            if names:
                yield dirpath, names

    def _admit(self, path: str, root: str) -> bool:
        """False for a symlink leaving `root` (recorded in `refused` unless links are followed)."""
        if not os.path.islink(path):
            return True
        target = os.path.realpath(path)
        if target == root or target.startswith(root.rstrip(os.sep) + os.sep) or self.follow_symlinks:
            return True
        self.refused[path] = (f"symbolic link leaving the input folder (to {target}); "
                              "not followed (use --follow-symlinks)")
        return False

    def count(self) -> int:
        """How many inputs there are (a cheap listing pass, for progress and ETA)."""
        return sum(len(names) for _folder, names in self._entries())

    def _entries(self) -> Iterator[tuple[str, list[str]]]:
        """(folder, names) groups: explicit files grouped by folder first, then walked folders."""
        files: dict[str, list[str]] = {}
        for p in self.paths:
            if os.path.exists(p) and not os.path.isdir(p):  # a FIFO named here is reported, not dropped
                folder, name = os.path.split(p)
                group = files.setdefault(folder, [])
                if name not in group:
                    group.append(name)
        yield from files.items()
        for p in self.paths:
            if os.path.isdir(p):
                yield from self._walk(p)

    def __iter__(self) -> Iterator[Planned]:
        from .naming import stem_owner

        seen: set[str] = set()
        claimed: set[str] = set()
        self.ignored = []
        self._collect = True
        for folder, names in self._entries():
            stems: dict[str, int] = {}
            for name in names:
                key = os.path.splitext(name)[0].casefold()
                stems[key] = stems.get(key, 0) + 1
            reldir = os.path.relpath(os.path.abspath(folder) if folder else os.getcwd(), self.base)
            for name in names:
                path = os.path.join(folder, name)
                absolute = os.path.abspath(path)
                if absolute in seen:  # a file given directly and also inside a given folder
                    continue
                seen.add(absolute)
                stem = os.path.splitext(name)[0]
                out = stem + self.ext
                if stems[stem.casefold()] > 1 and stem_owner(
                        [n for n in names if os.path.splitext(n)[0].casefold() == stem.casefold()],
                        self._existing(os.path.join(reldir, out))) != name:
                    out = name + self.ext
                    if len(self.clashes) < 20:
                        self.clashes.append(path)
                rel = os.path.normpath(os.path.join(reldir, out))
                n = 2
                while rel.casefold() in claimed:  # only reachable with odd argument mixes
                    rel = os.path.normpath(os.path.join(reldir, f"{name}.{n}{self.ext}"))
                    n += 1
                claimed.add(rel.casefold())
                yield Planned(str(Path(path)), rel, self.refused.get(path))
        self._collect = False

    def _existing(self, rel: str) -> str | None:
        """The input file name an output already in `outdir` was made from (keeps names stable)."""
        if self.outdir is None:
            return None
        from .naming import output_source_name

        return output_source_name(os.path.join(self.outdir, rel))


# --- the manifest --------------------------------------------------------------------------------

def read_manifest(path: str | os.PathLike[str]) -> dict[str, dict[str, Any]]:
    """Last record per input; torn or foreign lines (a kill mid-write) are ignored."""
    from .names import name_of

    records: dict[str, dict[str, Any]] = {}
    try:
        fh = open(path, "rb")
    except OSError:
        return records
    with fh:
        for line in fh:
            try:
                rec = orjson.loads(line)
            except orjson.JSONDecodeError:
                continue
            if isinstance(rec, dict) and isinstance(rec.get("input"), str):
                rec["input"], rec["output"] = name_of(rec, "input"), name_of(rec, "output")
                records[rec["input"]] = rec
    return records


def _open_append(path: str | os.PathLike[str], *, fresh: bool) -> BinaryIO:
    """Open a JSONL log for appending; drop a torn last line so the next record starts clean."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    if fresh:
        return open(path, "wb")
    fh = open(path, "a+b")
    end = fh.seek(0, os.SEEK_END)
    pos = end
    while pos > 0:  # walk back to the last newline; everything after it is a torn record
        step = min(pos, 1 << 16)
        fh.seek(pos - step)
        chunk = fh.read(step)
        if pos == end and chunk.endswith(b"\n"):
            break
        cut = chunk.rfind(b"\n")
        if cut >= 0:
            fh.truncate(pos - step + cut + 1)
            break
        pos -= step
    else:
        if end:
            fh.truncate(0)
    fh.seek(0, os.SEEK_END)
    return fh


def scan_stream(path: str | os.PathLike[str]) -> dict[str, tuple[str, str]]:
    """input path → (sha256, schema_version) of documents already in a JSONL stream."""
    from .names import name_of

    found: dict[str, tuple[str, str]] = {}
    try:
        fh = open(path, "rb")
    except OSError:
        return found
    with fh:
        for line in fh:
            try:
                doc = orjson.loads(line)
                found[name_of(doc["source"], "path")] = (doc["source"]["sha256"], doc["schema_version"])
            except (orjson.JSONDecodeError, KeyError, TypeError):
                continue
    return found


# --- a whole conversion --------------------------------------------------------------------------

@dataclass(slots=True)
class ConvertConfig:
    outdir: str | None  # None: JSONL to `stream` (stdout)
    format: str = "json"  # json | jsonl
    jobs: int = 1
    timeout: float | None = DEFAULT_TIMEOUT
    resume: bool = False
    manifest: str | None = None  # default OUTDIR/manifest.jsonl; None without OUTDIR: no manifest
    max_bytes: int | None = None
    max_pages: int | None = None
    max_unzipped_bytes: int | None = None
    ocr: bool = True
    fsync: bool = False  # fsync every output (the manifest is flushed after every line regardless)
    engine: str = "local"  # local | dask
    scheduler: str | None = None
    max_tasks_per_worker: int = DEFAULT_MAX_TASKS_PER_WORKER
    require_resolution: bool = False  # a document that is not a resolution counts as a failure
    follow_symlinks: bool = False  # read symlinks that leave the input folder (reported otherwise)
    max_memory: int | None = None  # per worker (parser/memory.py); None: no limit
    max_ocr_pages: int | None = None


@dataclass(slots=True)
class Summary:
    total: int = 0
    converted: int = 0
    skipped: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    clashes: list[str] = field(default_factory=list)
    ignored: list[tuple[str, str]] = field(default_factory=list)  # (path, reason) of files not read
    tally: Any = None  # parser.triage.Tally: documents by kind, without articles, without number

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def done(self) -> int:
        return self.converted + self.skipped + self.failed

    @property
    def exit_code(self) -> int:
        return 1 if self.failures else 0


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def sweep_temporaries(outdir: str) -> int:
    """Remove half-written temporaries that a killed run left behind (`.<name>.json.XXXX.tmp`)."""
    removed = 0
    if not os.path.isdir(outdir):
        return 0
    for dirpath, _dirs, files in os.walk(outdir):
        for name in files:
            if name.startswith(".") and name.endswith(".tmp") and (".json." in name or ".jsonl." in name):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(dirpath, name))
                    removed += 1
    return removed


def convert(paths: Iterable[str], config: ConvertConfig, *,
            on_result: Callable[[Result, Summary], None] | None = None,
            on_start: Callable[[Summary], None] | None = None,
            stream: BinaryIO | None = None,
            on_send: Callable[[str], None] | None = None) -> Summary:
    """Convert files and folders as `nqparser convert` does; returns the counts and failures.
    `on_send` hears each input as it is handed to the workers (a progress display names the ones
    still running).

    json: one file per input under `outdir`. jsonl: one compact line per document, appended to
    `outdir/documents.jsonl` or written to `stream` when `outdir` is None.
    """
    if config.engine == "dask":
        require_dask()  # before anything is opened or truncated
    from .triage import Tally, require_resolution_error

    plan = InputPlan(paths, outdir=config.outdir, follow_symlinks=config.follow_symlinks)
    summary = Summary(total=plan.count(), tally=Tally())
    started = time.perf_counter()
    jsonl = config.format == "jsonl"
    options = Options(max_bytes=config.max_bytes, max_pages=config.max_pages,
                      max_unzipped_bytes=config.max_unzipped_bytes, ocr=config.ocr, return_data=jsonl,
                      fsync=config.fsync, timeout=config.timeout, max_memory=config.max_memory,
                      max_ocr_pages=config.max_ocr_pages)
    manifest_path = config.manifest
    if manifest_path is None and config.outdir is not None:
        manifest_path = os.path.join(config.outdir, MANIFEST_NAME)
    known = read_manifest(manifest_path) if (config.resume and manifest_path) else {}
    stream_path = None
    in_stream: dict[str, tuple[str, str]] = {}
    lock = None
    if config.outdir is not None:
        _guarded(f"cannot create the output folder {config.outdir}", os.makedirs, config.outdir, exist_ok=True)
        lock = _lock_outdir(config.outdir)  # before the sweep, which would delete a running batch's temporaries
        sweep_temporaries(config.outdir)
        if jsonl:
            stream_path = os.path.join(config.outdir, STREAM_NAME)
            if config.resume:
                in_stream = scan_stream(stream_path)

    sent: deque[str] = deque()  # inputs handed to the engine, in plan order (for in_input_order)

    def tasks() -> Iterator[Task]:
        for planned in plan:
            sent.append(planned.input)
            if on_send is not None:
                on_send(planned.input)
            if planned.refused is not None:
                yield Task(planned.input, None, options, refused=planned.refused)
                continue
            if jsonl:
                yield Task(planned.input, None, options, config.resume, in_stream.get(planned.input))
                continue
            output = os.path.join(config.outdir or ".", planned.relative)
            rec = known.get(planned.input)
            mark = None
            check = None
            if rec and rec.get("status") in (OK, SKIPPED) and rec.get("output") == output and rec.get("sha256"):
                mark = (rec["sha256"], rec.get("schema_version") or "")
                check = _recorded_check(rec)
            yield Task(planned.input, output, options, config.resume, mark, check)

    own_stream = None
    manifest = None
    try:
        if stream_path is not None:
            own_stream = _guarded(f"cannot open {stream_path}", _open_append, stream_path, fresh=not config.resume)
            stream = own_stream
        if manifest_path:
            manifest = _guarded(f"cannot open the manifest {manifest_path}", _open_append, manifest_path,
                                fresh=not config.resume)
        if on_start is not None:
            on_start(summary)
        if config.engine == "dask":
            results = run_dask(tasks(), scheduler=config.scheduler, timeout=config.timeout)
        else:
            results = run_tasks(tasks(), jobs=config.jobs, timeout=config.timeout,
                                max_tasks_per_worker=config.max_tasks_per_worker)
        if jsonl:  # a stream is read line by line: its order must not depend on which worker finished first
            results = in_input_order(results, sent)
        for result in results:
            if result.status == SKIPPED and result.triage is None:
                result.triage = _recorded_triage(known.get(result.input))
            if result.status in (OK, SKIPPED):
                summary.tally.add(result.triage)
                reason = require_resolution_error(result.triage) if config.require_resolution else None
                if reason is not None:
                    result.status, result.error = FAILED, reason
            if result.status == OK:
                if result.data is not None and stream is not None:
                    _guarded(f"cannot write {stream_path or 'the output stream'}", _append_line, stream,
                             result.data)
                    result.output = stream_path or "-"
                summary.converted += 1
            elif result.status == SKIPPED:
                summary.skipped += 1
            else:
                summary.failures.append((result.input, result.error or "unknown error"))
            result.data = None
            if manifest is not None:
                _guarded(f"cannot write the manifest {manifest_path}", _append_line, manifest,
                         orjson.dumps(result.record()))
            summary.clashes = plan.clashes
            summary.seconds = time.perf_counter() - started
            if on_result is not None:
                on_result(result, summary)
        summary.ignored = list(plan.ignored)
        if manifest is not None:
            for path, reason in summary.ignored:
                manifest.write(orjson.dumps(Result(path, IGNORED, reason).record()) + b"\n")
            manifest.flush()
    finally:
        for fh in (own_stream, manifest):
            if fh is not None:
                with contextlib.suppress(OSError):  # a full disk fails the close's flush too
                    fh.close()
        if lock is not None:
            lock.release()
    summary.clashes = plan.clashes
    summary.seconds = time.perf_counter() - started
    return summary


def _recorded_triage(record: dict[str, Any] | None) -> dict[str, Any] | None:
    """The triage fields a manifest line kept for an input that --resume does not redo."""
    from .triage import FIELDS

    if not record or "kind" not in record:
        return None
    return {name: record.get(name) for name in FIELDS}


def in_input_order(results: Iterable[Result], sent: deque[str]) -> Iterator[Result]:
    """Results re-ordered to the order their inputs were sent in (`sent`, filled as tasks go out;
    each input gives exactly one result, and a result only comes back after its task went out).

    Finished results wait while an earlier input is still being converted; the wait is bounded by
    the per-file timeout, the buffer by what the workers finish meanwhile.
    """
    waiting: dict[str, list[Result]] = {}
    for result in results:
        waiting.setdefault(result.input, []).append(result)
        while sent and waiting.get(sent[0]):
            ready = waiting[sent[0]].pop(0)
            if not waiting[sent[0]]:
                del waiting[sent[0]]
            sent.popleft()
            yield ready
    for rest in waiting.values():  # nothing should be left; never drop a result if it is
        yield from rest


def _lock_outdir(outdir: str) -> Any:
    """The output folder's FolderLock, held for the run; a second run stops with one line."""
    from .fsguard import FolderLock

    return _guarded(f"cannot lock the output folder {outdir}", FolderLock(outdir).acquire)


def _recorded_check(rec: dict[str, Any]) -> tuple[int, str] | None:
    """(size, sha256) of the output as a manifest record gives them, if it gives both."""
    size, digest = rec.get("output_size"), rec.get("output_sha256")
    if isinstance(size, int) and isinstance(digest, str):
        return size, digest
    return None


def _append_line(fh: BinaryIO, data: bytes) -> None:
    fh.write(data + b"\n")
    fh.flush()


def _guarded(what: str, func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a write the whole batch depends on; a file-system fault stops it with one line."""
    from .fsguard import BatchWriteError, describe_os_error

    try:
        return func(*args, **kwargs)
    except OSError as exc:
        raise BatchWriteError(f"{what}: {describe_os_error(exc, name=False)}") from None


# --- documents for `indicators` ------------------------------------------------------------------

DOCUMENT_SUFFIXES = (".json", ".jsonl")


@dataclass(slots=True)
class LoadedDocument:
    path: str
    doc: dict[str, Any] | None
    error: str | None = None
    duplicate: bool = False  # same sha256 as a document already yielded: not exported again


def iter_documents(paths: Iterable[str], *, jobs: int = 1, timeout: float | None = DEFAULT_TIMEOUT,
                   max_bytes: int | None = None, max_pages: int | None = None,
                   max_unzipped_bytes: int | None = None, ocr: bool = True,
                   ignored: list[tuple[str, str]] | None = None, follow_symlinks: bool = False,
                   max_memory: int | None = None, max_ocr_pages: int | None = None) -> Iterator[LoadedDocument]:
    """Documents from converted outputs (.json, .jsonl streams) and source files (parsed in the pool).

    A document met twice (its source and its JSON, or two copies) is yielded once, by sha256.
    Files of the folders that are not read are appended to `ignored` as (path, reason).
    """
    plan = InputPlan(paths, suffixes=INPUT_SUFFIXES + DOCUMENT_SUFFIXES, follow_symlinks=follow_symlinks)
    sources: list[str] = []
    seen: set[str] = set()

    def fresh(doc: dict[str, Any]) -> bool:
        sha = (doc.get("source") or {}).get("sha256")
        if sha is None:
            return True
        if sha in seen:
            return False
        seen.add(sha)
        return True

    for planned in plan:
        path = planned.input
        if planned.refused is not None:
            yield LoadedDocument(path, None, planned.refused)
            continue
        suffix = os.path.splitext(path)[1].lower()
        if suffix not in DOCUMENT_SUFFIXES:
            sources.append(path)
            continue
        if suffix == ".jsonl" and os.path.basename(path) == MANIFEST_NAME:
            continue
        for item in _load_json_documents(path):
            if item.doc is not None and not fresh(item.doc):
                item = LoadedDocument(item.path, None, None, duplicate=True)
            yield item
    if ignored is not None:
        ignored.extend(plan.ignored)
    if not sources:
        return
    options = Options(max_bytes=max_bytes, max_pages=max_pages, max_unzipped_bytes=max_unzipped_bytes, ocr=ocr,
                      return_data=True, timeout=timeout, max_memory=max_memory, max_ocr_pages=max_ocr_pages)
    for result in run_tasks((Task(p, None, options) for p in sources), jobs=jobs, timeout=timeout):
        if result.status != OK or result.data is None:
            yield LoadedDocument(result.input, None, result.error or "not converted")
            continue
        doc = orjson.loads(result.data)
        yield LoadedDocument(result.input, doc) if fresh(doc) else LoadedDocument(result.input, None, duplicate=True)


def _is_document(obj: Any) -> bool:
    return isinstance(obj, dict) and "schema_version" in obj and isinstance(obj.get("source"), dict)


def _checked(where: str, obj: dict[str, Any]) -> LoadedDocument:
    """A document, or its failure when a part has the wrong type (reported, the export goes on)."""
    from .docshape import shape_error

    error = shape_error(obj)
    if error is not None:
        return LoadedDocument(where, None, f"document of the wrong shape: {error}")
    return LoadedDocument(where, obj)


def _load_json_documents(path: str) -> Iterator[LoadedDocument]:
    from .fsguard import require_regular

    try:
        require_regular(path)  # read here, in the parent: a FIFO named .json would block it for ever
    except ParseError as exc:
        yield LoadedDocument(path, None, exc.reason)
        return
    try:
        with open(path, "rb") as fh:
            if path.lower().endswith(".jsonl"):
                for number, line in enumerate(fh, start=1):
                    if not line.strip():
                        continue
                    try:
                        obj = orjson.loads(line)
                    except orjson.JSONDecodeError:
                        yield LoadedDocument(f"{path}:{number}", None, "line is not valid JSON")
                        continue
                    if _is_document(obj):
                        yield _checked(f"{path}:{number}", obj)
                    else:
                        yield LoadedDocument(f"{path}:{number}", None, "not an nqparser document")
                return
            obj = orjson.loads(fh.read())
    except OSError as exc:
        yield LoadedDocument(path, None, f"cannot read file: {exc.strerror}")
        return
    except orjson.JSONDecodeError:
        yield LoadedDocument(path, None, "file is not valid JSON")
        return
    if _is_document(obj):
        yield _checked(path, obj)
    else:
        yield LoadedDocument(path, None, "not an nqparser document (no schema_version/source)")


# --- Dask ----------------------------------------------------------------------------------------

DASK_MISSING = "the Dask engine needs dask.distributed: pip install 'nqparser[dask]'"


class EngineUnavailable(RuntimeError):
    """An optional engine's package is not installed."""


def require_dask() -> None:
    """Fail early, with the install hint, when dask.distributed is missing."""
    try:
        import distributed  # noqa: F401
    except ImportError as exc:
        raise EngineUnavailable(DASK_MISSING) from exc


def run_dask(tasks: Iterable[Task], *, scheduler: str | None, timeout: float | None = DEFAULT_TIMEOUT,
             window: int | None = None, client: Any = None) -> Iterator[Result]:
    """Map `convert_one` over a Dask cluster, a bounded window of tasks at a time.

    Outputs are written by the Dask workers, so OUTDIR must be on a filesystem they share.
    A task over the timeout is reported failed and cancelled, but Dask cannot kill the worker
    thread running it: a truly hung parse keeps that thread busy until the worker restarts.
    """
    try:
        from distributed import Client, wait
    except ImportError as exc:
        raise EngineUnavailable(DASK_MISSING) from exc
    own = client is None
    if own:
        client = Client(scheduler) if scheduler else Client(processes=True, dashboard_address=None)
    try:
        if window is None:
            window = max(4, 4 * sum(client.nthreads().values()))
        source = iter(tasks)
        pending: dict[Any, tuple[Task, float]] = {}

        def submit() -> None:
            task = next(source, None)
            if task is not None:
                pending[client.submit(convert_one, task, pure=False)] = (task, time.monotonic())

        for _ in range(window):
            submit()
        while pending:
            wait_for = None
            if timeout:
                oldest = min(started for _task, started in pending.values())
                wait_for = max(0.01, oldest + timeout - time.monotonic())
            try:
                done, _rest = wait(list(pending), timeout=wait_for, return_when="FIRST_COMPLETED")
            except TimeoutError:
                done = set()
            for future in done:
                task, _started = pending.pop(future)
                try:
                    result = future.result()
                except Exception as exc:
                    result = Result(task.input, FAILED, f"worker crashed ({type(exc).__name__}: {exc})")
                yield result
                submit()
            if timeout:
                now = time.monotonic()
                for future, (task, started) in list(pending.items()):
                    if now - started >= timeout:
                        del pending[future]
                        future.cancel()
                        yield _timed_out(task, timeout)
                        submit()
    finally:
        if own:
            client.close()
