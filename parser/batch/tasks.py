"""The batch's records: per-file options, a task, its result, and the status words.

Types first, so every other module of the package imports from here and none from another's
later stage: tasks → perfile → pool / dask_engine → plan, manifest → convert, documents.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from ..limits import Limits
from ..names import readable, with_name
from ..onefile import one_line as one_line  # re-exported: the batch modules import it from here

INPUT_SUFFIXES = (".txt", ".md", ".docx", ".pdf", ".doc", ".htm", ".html")
MANIFEST_NAME = "manifest.jsonl"
STREAM_NAME = "documents.jsonl"
DEFAULT_MAX_TASKS_PER_WORKER = 2000  # recycle workers now and then so a slow leak cannot grow

# Called with each input path in the worker, before the file is read: how tests make one input
# hang, crash its worker or wait (tests/hooks.py). It travels inside the task, so it must pickle:
# a module-level function or an instance of a module-level class. Production passes none.
FileHook = Callable[[str], None]

Status = Literal["ok", "failed", "skipped", "ignored"]  # a manifest line's "status"
OK: Status = "ok"
FAILED: Status = "failed"
SKIPPED: Status = "skipped"
# IGNORED: a file in a given folder that is not read (unsupported format, hidden): listed, never dropped
IGNORED: Status = "ignored"


@dataclass(frozen=True, slots=True)
class Options:
    """Per-file conversion options; picklable, shared by every task of a batch."""

    limits: Limits = field(default_factory=Limits)  # what the file may cost; `timeout` is handed to LibreOffice
    indent: bool = True
    return_data: bool = False  # JSONL / indicators: send compact JSON back instead of writing a file
    fsync: bool = False  # flush each output to disk before the rename (slower; power-cut safe)
    hook: FileHook | None = None  # tests only: run on each input before it is read


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
    status: Status
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
