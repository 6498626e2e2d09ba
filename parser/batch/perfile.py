"""The per-file function: one input → one output (or one failure line), and the resume check."""

from __future__ import annotations

import hashlib
import os
import time

import orjson

from .. import onefile
from ..errors import ParseError
from ..fsguard import describe_os_error, open_regular
from ..memory import apply_limit, out_of_memory
from ..model import SCHEMA_VERSION, Document
from ..serialize import write_atomic
from ..sources.doc import conversion_deadline
from ..triage import triage, warning_codes
from .tasks import FAILED, OK, SKIPPED, Options, Result, Task, one_line


def convert_one(task: Task) -> Result:
    """Convert one file; never raises for bad input (the batch must go on), returns a Result.

    Top-level and dependency-free so it pickles to process pools and Dask workers alike.
    """
    start = time.perf_counter()
    path = task.input
    if task.refused is not None:
        return Result(path, FAILED, task.refused, time.perf_counter() - start)
    apply_limit(task.options.limits.max_memory)
    try:
        if task.options.hook is not None:
            task.options.hook(path)
        if task.resume:
            sha = _already_done(task)
            if sha is not None:
                return Result(path, SKIPPED, None, time.perf_counter() - start, sha, task.output, SCHEMA_VERSION,
                              None, task.output_check)
        doc = _parse_within_budget(path, task.options, start)
        sha = doc.source.sha256
        if task.options.return_data:
            data: bytes | None = doc.to_json(indent=False)
            output = task.output
        else:
            if task.output is None:
                raise ValueError("task has no output path")
            payload = doc.to_json(indent=task.options.indent)
            _write_output(task.output, payload, task.options.fsync, path)
            data, output = None, task.output
        check = None if data is not None else (len(payload), hashlib.sha256(payload).hexdigest())
        return Result(path, OK, None, time.perf_counter() - start, sha, output, doc.schema_version, data,
                      check, {**triage(doc), "warning_codes": warning_codes(doc.warnings)})
    except ParseError as exc:
        error = one_line(exc.reason)
    except MemoryError:  # the worker's --max-memory (or the machine) said no: this file only
        error = out_of_memory(task.options.limits.max_memory)
    except Exception as exc:  # a bug in the parser must cost one file, not the batch
        error = one_line(f"internal error: {type(exc).__name__}: {exc}")
    return Result(path, FAILED, error, time.perf_counter() - start, file_sha(path), None, None)


def _write_output(output: str, data: bytes, fsync: bool, path: str) -> None:
    """write_atomic, a file-system fault (full disk, read-only folder, name too long) as the
    file's one-line failure rather than an "internal error"."""
    try:
        write_atomic(output, data, fsync=fsync)
    except OSError as exc:
        raise ParseError(f"cannot write the output: {describe_os_error(exc)}", path) from None


def _parse_within_budget(path: str, options: Options, started: float) -> Document:
    """parse_path, with LibreOffice told how much of the per-file timeout is left.

    So a hung .doc conversion is killed by doc.py (process group and all) and reported as such,
    before the pool has to kill the worker.
    """
    timeout = options.limits.timeout
    if not timeout or not path.lower().endswith(".doc"):
        return parse_path(path, options)
    with conversion_deadline(time.monotonic() - (time.perf_counter() - started) + timeout):
        return parse_path(path, options)


def parse_path(path: str, options: Options) -> Document:
    """parse_file with the batch's limits (shared by `show`, `convert` and `indicators`)."""
    return onefile.parse_path(path, options.limits)


def file_sha(path: str) -> str | None:
    """sha256 of a regular file, None for anything else: the parent calls this after a worker
    timed out or died, and must never block on the FIFO or device that stopped the worker."""
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
    sha = file_sha(task.input)
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
    return file_sha(task.output) == digest


def output_identity(path: str) -> tuple[str, str] | None:
    """(source sha256, schema_version) read from a document JSON, or None if unreadable."""
    try:
        with open(path, "rb") as fh:
            doc = orjson.loads(fh.read())
        return doc["source"]["sha256"], doc["schema_version"]
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError):
        return None


def timed_out(task: Task, timeout: float) -> Result:
    """The failure of a task its engine stopped waiting for."""
    return Result(task.input, FAILED, f"timed out after {timeout:g} s", timeout, file_sha(task.input))
