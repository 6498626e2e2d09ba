"""Batch conversion: many files → JSON outputs (or one JSONL stream), in parallel, resumable.

The package reads one way, types first so no module imports a later one:

- `tasks`: per-file `Options`, `Task`, `Result`, the status words and defaults;
- `perfile`: `convert_one` (one input → one output or one failure line) and the resume check;
- `pool`: `run_tasks` in this process or in a `WorkerPool` that kills and replaces one worker;
- `dask_engine`: the same tasks on a Dask cluster;
- `plan`: `InputPlan`, which files and where their outputs go;
- `manifest`: the append-only manifest and JSONL stream;
- `convert`: `convert`, a whole `nqparser convert` run;
- `documents`: `iter_documents` for `nqparser indicators`.

Tests make an input hang, crash its worker or wait by passing a per-file hook
(`Options.hook`, `ConvertConfig.hook`, `cli.main(hook=)`; tests/hooks.py); nothing is read from
the environment.
"""

from ..limits import BATCH_LIMITS, DEFAULT_TIMEOUT, Limits
from .convert import ConvertConfig, Summary, convert, default_jobs, in_input_order, sweep_temporaries
from .dask_engine import DASK_MISSING, EngineUnavailable, require_dask, run_dask
from .documents import DOCUMENT_SUFFIXES, LoadedDocument, iter_documents
from .manifest import read_manifest, scan_stream
from .perfile import convert_one, file_sha, output_identity, parse_path
from .plan import InputPlan, Planned
from .pool import TERM_GRACE, WorkerPool, run_tasks
from .tasks import (
    DEFAULT_MAX_TASKS_PER_WORKER,
    FAILED,
    IGNORED,
    INPUT_SUFFIXES,
    MANIFEST_NAME,
    OK,
    SKIPPED,
    STREAM_NAME,
    FileHook,
    Options,
    Result,
    Task,
    one_line,
)

__all__ = [
    "BATCH_LIMITS",
    "DASK_MISSING",
    "DEFAULT_MAX_TASKS_PER_WORKER",
    "DEFAULT_TIMEOUT",
    "DOCUMENT_SUFFIXES",
    "FAILED",
    "IGNORED",
    "INPUT_SUFFIXES",
    "MANIFEST_NAME",
    "OK",
    "SKIPPED",
    "STREAM_NAME",
    "TERM_GRACE",
    "ConvertConfig",
    "EngineUnavailable",
    "FileHook",
    "InputPlan",
    "Limits",
    "LoadedDocument",
    "Options",
    "Planned",
    "Result",
    "Summary",
    "Task",
    "WorkerPool",
    "convert",
    "convert_one",
    "default_jobs",
    "file_sha",
    "in_input_order",
    "iter_documents",
    "one_line",
    "output_identity",
    "parse_path",
    "read_manifest",
    "require_dask",
    "run_dask",
    "run_tasks",
    "scan_stream",
    "sweep_temporaries",
]
