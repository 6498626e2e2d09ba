"""A whole conversion as `nqparser convert` runs it: plan → engine → outputs, manifest, summary.

Resumability: ``--resume`` skips an input whose output exists and records the same source sha256
and schema version, taken from the manifest or, when the kill came between writing the output and
logging it, from the output JSON itself. Outputs are not fsync'ed by default (``--fsync`` does):
the rename is atomic either way, and only a power cut could lose the newest outputs, which
``--resume`` then redoes.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO, ParamSpec, TypeVar

import orjson

from ..fsguard import BatchWriteError, FolderLock, describe_os_error
from ..limits import BATCH_LIMITS, Limits
from ..triage import RECORDED_FIELDS, Tally, require_resolution_error
from .dask_engine import require_dask, run_dask
from .manifest import open_append, read_manifest, scan_stream
from .plan import InputPlan
from .pool import run_tasks
from .tasks import (
    DEFAULT_MAX_TASKS_PER_WORKER,
    FAILED,
    IGNORED,
    MANIFEST_NAME,
    OK,
    SKIPPED,
    STREAM_NAME,
    FileHook,
    Options,
    Result,
    Task,
)


@dataclass(slots=True)
class ConvertConfig:
    outdir: str | None  # None: JSONL to `stream` (stdout)
    format: str = "json"  # json | jsonl
    jobs: int = 1
    resume: bool = False
    manifest: str | None = None  # default OUTDIR/manifest.jsonl; None without OUTDIR: no manifest
    limits: Limits = BATCH_LIMITS  # per file: size, pages, OCR, timeout (the pool's), worker memory
    fsync: bool = False  # fsync every output (the manifest is flushed after every line regardless)
    engine: str = "local"  # local | dask
    scheduler: str | None = None
    max_tasks_per_worker: int = DEFAULT_MAX_TASKS_PER_WORKER
    require_resolution: bool = False  # a document that is not a resolution counts as a failure
    follow_symlinks: bool = False  # read symlinks that leave the input folder (reported otherwise)
    hook: FileHook | None = None  # tests only (tests/hooks.py): run in the worker on each input first


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

    plan = InputPlan(paths, outdir=config.outdir, follow_symlinks=config.follow_symlinks)
    summary = Summary(total=plan.count(), tally=Tally())
    started = time.perf_counter()
    jsonl = config.format == "jsonl"
    options = Options(limits=config.limits, return_data=jsonl, fsync=config.fsync, hook=config.hook)
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
            own_stream = _guarded(f"cannot open {stream_path}", open_append, stream_path, fresh=not config.resume)
            stream = own_stream
        if manifest_path:
            manifest = _guarded(f"cannot open the manifest {manifest_path}", open_append, manifest_path,
                                fresh=not config.resume)
        if on_start is not None:
            on_start(summary)
        if config.engine == "dask":
            results = run_dask(tasks(), scheduler=config.scheduler, timeout=config.limits.timeout)
        else:
            results = run_tasks(tasks(), jobs=config.jobs, timeout=config.limits.timeout,
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
    if not record or "kind" not in record:
        return None
    return {name: record.get(name) for name in RECORDED_FIELDS}


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


_P = ParamSpec("_P")
_T = TypeVar("_T")


def _lock_outdir(outdir: str) -> FolderLock:
    """The output folder's FolderLock, held for the run; a second run stops with one line."""
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


def _guarded(what: str, func: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs) -> _T:
    """Run a write the whole batch depends on; a file-system fault stops it with one line."""
    try:
        return func(*args, **kwargs)
    except OSError as exc:
        raise BatchWriteError(f"{what}: {describe_os_error(exc, name=False)}") from None

