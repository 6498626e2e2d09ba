"""Command line: `nqparser FILE`, `nqparser convert`, `nqparser indicators` (wiring only).

The work happens in `parser.batch` (a package: conversion, pool, manifest) and `parser.export` (CSV, Parquet,
SQLite); this module parses arguments, reports progress on stderr and maps outcomes to exit codes:
0 all good, 1 some input failed, 2 usage error (bad arguments, missing optional package).
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
import time
from collections.abc import Callable
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from .errors import ParseError
from .limits import Limits
from .names import shown

if TYPE_CHECKING:  # argparse is imported only when a command line needs it (not `nqparser FILE`)
    import argparse

    from .batch import FileHook, LoadedDocument
    from .export import SqliteStore
    from .model import Document

    Namespace = argparse.Namespace | SimpleNamespace  # parsed arguments (SimpleNamespace: _show_file_only)

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
COMMANDS = ("show", "convert", "indicators", "review")
PROG = "nqparser"


# --- argument parsing ----------------------------------------------------------------------------

def _positive_int(text: str) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def _seconds(text: str) -> float:
    import argparse

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must not be negative (0 means no timeout)")
    return value


def _size(text: str) -> int:
    """Bytes, with an optional K/M/G suffix (powers of 1024)."""
    import argparse

    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    raw = text.strip().upper().removesuffix("B").removesuffix("I")
    factor = units.get(raw[-1:], 1)
    number = raw[:-1] if raw[-1:] in units else raw
    try:
        value = int(float(number) * factor)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 50M)") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be positive: {text!r}")
    return value


def _memory(text: str) -> int | None:
    """--max-memory: a size (e.g. 3G), or 0 for no limit."""
    return None if text.strip() == "0" else _size(text)


def build_parser() -> argparse.ArgumentParser:
    import argparse

    from . import __version__
    from .limits import DEFAULT_TIMEOUT
    from .memory import DEFAULT_MAX_MEMORY, human

    top = argparse.ArgumentParser(
        prog=PROG,
        description="Parse Vietnamese People's Council resolutions (Nghị quyết HĐND) into JSON.",
        epilog="`nqparser FILE` is short for `nqparser show FILE`; `nqparser -` reads text from stdin. "
               "Exit codes: 0 ok, 1 some input failed, 2 usage error.",
    )
    top.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = top.add_subparsers(dest="command", metavar="COMMAND")

    limits = argparse.ArgumentParser(add_help=False)
    limits.add_argument("--max-bytes", type=_size, metavar="SIZE",
                        help="refuse inputs larger than this (e.g. 20M; default: each reader's own limit)")
    limits.add_argument("--max-pages", type=_positive_int, metavar="N",
                        help="refuse PDFs with more pages (default: the PDF reader's own limit)")
    limits.add_argument("--max-unzipped-bytes", type=_size, metavar="SIZE",
                        help="refuse DOCX files that decompress to more than this (ZIP bombs; "
                             "default: 200M or 4x --max-bytes)")
    limits.add_argument("--max-ocr-pages", type=_positive_int, metavar="N",
                        help="send at most N pages of one PDF to Tesseract (default 500; blank pages never "
                             "are); the pages left out are listed in the document's warnings")
    limits.add_argument("--no-ocr", dest="ocr", action="store_false",
                        help="do not run Tesseract on scanned PDF pages (a scanned-only PDF then fails)")
    pool = argparse.ArgumentParser(add_help=False)
    pool.add_argument("-j", "--jobs", type=_positive_int, metavar="N",
                      help="worker processes (default: number of cores). 1 runs in this process, for debugging: "
                           "the timeout then uses SIGALRM and a crash ends the run")
    pool.add_argument("--timeout", type=_seconds, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                      help=f"per-file time limit (default {DEFAULT_TIMEOUT:g}; 0 = none)")
    pool.add_argument("-q", "--quiet", action="store_true", help="no progress, only failures")
    pool.add_argument("-v", "--verbose", action="store_true",
                      help="a line per input (status, seconds, record counts) and the library's log")
    pool.add_argument("--max-memory", type=_memory, default=DEFAULT_MAX_MEMORY, metavar="SIZE",
                      help=f"memory (address space) limit of each worker process (default {human(DEFAULT_MAX_MEMORY)}; "
                           "0 = none; not applied with -j 1); a file over it fails with 'ran out of memory'")
    pool.add_argument("--follow-symlinks", action="store_true",
                      help="read symbolic links that lead out of the input folders (default: report them)")

    show = sub.add_parser("show", parents=[limits], help="print one document as JSON on stdout",
                          description="Print one document as JSON (UTF-8) on stdout. FILE '-' reads stdin.")
    show.add_argument("file", metavar="FILE", help="a .txt/.md/.docx/.pdf/.doc/.htm/.html file, or - for stdin")
    show.add_argument("--compact", action="store_true", help="one line, no indentation")

    conv = sub.add_parser(
        "convert", parents=[limits, pool], help="convert files and folders to JSON",
        description="Convert files and folders (recursively: .txt .md .docx .pdf .doc .htm .html; other and "
                    "hidden files are listed as not read) to JSON under OUTDIR, mirroring their folders. "
                    "Writes OUTDIR/manifest.jsonl. PATH '-' reads the paths from stdin, one a line.",
    )
    conv.add_argument("paths", nargs="+", metavar="PATH")
    conv.add_argument("--require-resolution", action="store_true",
                      help="count documents that are not resolutions (decisions, plans, no type) as failures")
    conv.add_argument("-o", "--output", required=True, metavar="OUTDIR",
                      help="output folder ('-' with --format jsonl: stdout)")
    conv.add_argument("--format", choices=("json", "jsonl"), default="json",
                      help="json: one file per input; jsonl: one line per document in OUTDIR/documents.jsonl")
    conv.add_argument("--resume", action="store_true",
                      help="skip inputs already converted from the same source (sha256) and schema version")
    conv.add_argument("--manifest", metavar="FILE", help="JSONL log of every input (default OUTDIR/manifest.jsonl)")
    conv.add_argument("--engine", choices=("local", "dask"), default="local",
                      help="local process pool, or a Dask cluster (needs nqparser[dask])")
    conv.add_argument("--scheduler", metavar="ADDRESS",
                      help="Dask scheduler address (default: a local cluster)")
    conv.add_argument("--fsync", action="store_true",
                      help="flush every output to disk before renaming it into place (slower; survives a "
                           "power cut, where without it --resume redoes the last outputs)")

    ind = sub.add_parser(
        "indicators", parents=[limits, pool], help="export indicators of many documents to CSV/Parquet/SQLite",
        description="One row per indicator across documents. Inputs: source files, folders, or converted "
                    "JSON/JSONL outputs (a document met twice is counted once).",
    )
    ind.add_argument("paths", nargs="+", metavar="PATH")
    ind.add_argument("-o", "--output", metavar="FILE", help="FILE.csv or FILE.parquet")
    ind.add_argument("--targets", action="store_true", help="also include prose targets (kind=target)")
    ind.add_argument("--db", metavar="FILE.sqlite",
                     help="also load documents, articles, indicators, targets, recipients into SQLite")
    ind.add_argument("--excel", action="store_true", help="CSV with a UTF-8 BOM so Excel shows Vietnamese")
    rev = sub.add_parser("review", parents=[limits], help="write a static HTML page to check one conversion by eye",
                         description="Write one self-contained HTML page: the source lines with every extracted "
                                     "record beside them; clicking a record shows its lines. Loads nothing "
                                     "from the network.")
    rev.add_argument("file", metavar="FILE")
    rev.add_argument("-o", "--output", required=True, metavar="FILE.html")
    ind.add_argument("--wide", action="store_true",
                     help="one row per indicator with its main value only (default: long form, one row per "
                          "value with role, year, value, unit and code)")
    return top


def _normalise_argv(argv: list[str]) -> list[str]:
    """`nqparser FILE [opts]` → `nqparser show FILE [opts]` unless argv starts with a command."""
    if not argv:
        return argv
    first = argv[0]
    if first in COMMANDS or first in ("-h", "--help", "--version"):
        return argv
    return ["show", *argv]


def _show_file_only(argv: list[str]) -> SimpleNamespace | None:
    """The arguments of `nqparser FILE` (one argument, no option), as argparse would parse them,
    or None for any other command line.

    Why: argparse and building the parser cost a one-file run 6-7 ms, a tenth of its CPU.
    tests/test_startup.py checks that the two agree."""
    if len(argv) != 1 or argv[0] in COMMANDS or (argv[0].startswith("-") and argv[0] != "-"):
        return None
    return SimpleNamespace(max_bytes=None, max_pages=None, max_unzipped_bytes=None, max_ocr_pages=None, ocr=True,
                           command="show", file=argv[0], compact=False)


def main(argv: list[str] | None = None, *, hook: FileHook | None = None) -> int:
    """Entry point of the `nqparser` script and `python -m nqparser`.

    `hook` is for tests (tests/hooks.py): `convert` runs it on each input in the worker, first.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    file_only = _show_file_only(argv)
    if file_only is not None:
        return _guarded(lambda: cmd_show(file_only))
    parser = build_parser()
    if not argv:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        args = parser.parse_args(_normalise_argv(argv))
    except SystemExit as exc:  # argparse: 0 after --help, 2 on bad arguments
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    if getattr(args, "verbose", False):  # the library's own log ("nqparser" logger) on stderr
        import logging

        logging.basicConfig(level=logging.DEBUG, stream=sys.stderr, format=f"{PROG}: %(message)s")
        for noisy in ("pdfminer", "pdfplumber", "urllib3", "huggingface_hub", "filelock"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
    return _guarded(lambda: _dispatch(args, parser, hook))


def run() -> NoReturn:
    """The `nqparser` script and `python -m nqparser`: main(), then exit without tearing the
    interpreter down when nothing else runs.

    Why: freeing every module, pattern and grammar table at exit was 9 ms of a one-file run's
    90. The exit handlers (the run cache's save, logging's flush) run first and the streams are
    flushed, so nothing the normal exit would write is lost; with a thread still running, the
    normal exit waits for it as usual."""
    code = main()
    if threading.active_count() > 1:
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):  # a reader that left (`| head`), a closed stream
            pass
        except OSError as exc:  # a full disk under stdout: said, as the normal exit would
            from .fsguard import describe_os_error

            if stream is sys.stdout:
                _err(f"cannot write the output: {describe_os_error(exc)}")
                code = code or EXIT_FAILED
    os._exit(code)


def _dispatch(args: argparse.Namespace, parser: argparse.ArgumentParser, hook: FileHook | None) -> int:
    if args.command == "show":
        return cmd_show(args)
    if args.command == "convert":
        return cmd_convert(args, parser, hook)
    if args.command == "review":
        return cmd_review(args)
    return cmd_indicators(args, parser)


def _guarded(run: Callable[[], int]) -> int:
    """`run()`, with an interrupt, a reader that left, or an unwritable stdout as one line and an exit code."""
    try:
        return run()
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:  # `nqparser x | head`: the reader left, not an error of ours
        _quiet_stdout()
        return EXIT_OK
    except OSError as exc:  # stdout on a full disk (`nqparser x > /dev/full`): one line, no traceback
        from .fsguard import describe_os_error

        _quiet_stdout()
        _err(f"cannot write the output: {describe_os_error(exc)}")
        return EXIT_FAILED


def _err(message: str, stream: TextIO | None = None) -> None:
    print(f"{PROG}: {shown(message)}", file=stream or sys.stderr)


def _quiet_stdout() -> None:
    """After EPIPE, point stdout at /dev/null so the interpreter's final flush stays silent."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


# --- show ----------------------------------------------------------------------------------------

def cmd_show(args: Namespace) -> int:
    from .onefile import one_line

    try:
        doc = _read_stdin(args) if args.file == "-" else _parse_path(args)
        data = doc.to_json(indent=not args.compact)  # inside the guard: serialising can fail too
    except ParseError as exc:
        _err(f"{exc.path}: {one_line(exc.reason)}" if exc.path else one_line(exc.reason))
        return EXIT_FAILED
    except Exception as exc:  # still one line, never a traceback
        _err(f"{args.file}: " + one_line(f"internal error: {type(exc).__name__}: {exc}"))
        return EXIT_FAILED
    sys.stdout.buffer.write(data)
    if args.compact:
        sys.stdout.buffer.write(b"\n")
    sys.stdout.buffer.flush()
    return EXIT_OK


def _parse_path(args: Namespace) -> Document:
    from .onefile import parse_path

    return parse_path(args.file, _limits(args))


def _limits(args: Namespace) -> Limits:
    """The per-file limits of the command line: --max-bytes, --max-pages, --max-unzipped-bytes,
    --max-ocr-pages, --no-ocr, and for the pool commands --timeout (0: none) and --max-memory."""
    return Limits(max_bytes=args.max_bytes, max_pages=args.max_pages, max_unzipped_bytes=args.max_unzipped_bytes,
                  ocr=args.ocr, max_ocr_pages=args.max_ocr_pages, timeout=getattr(args, "timeout", None) or None,
                  max_memory=getattr(args, "max_memory", None))


def _read_stdin(args: Namespace) -> Document:
    """The input piped in, parsed in memory (parse_bytes: text, or DOCX/PDF/HTML by their bytes)."""
    from .pipeline import parse_bytes
    from .sources.text import DEFAULT_MAX_BYTES

    limit = args.max_bytes or DEFAULT_MAX_BYTES
    data = sys.stdin.buffer.read(limit + 1)  # never more than the limit in memory
    if len(data) > limit:
        raise ParseError(f"input is over the limit of {limit} bytes", "<stdin>")
    return parse_bytes(data, name="<stdin>", limits=_limits(args))


# --- progress ------------------------------------------------------------------------------------

def _duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    if seconds >= 60:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds}s"


class Progress:
    """A one-line bar with rate and ETA on a terminal; a plain line every 10 s otherwise.

    The bar names the input that has been running longest and for how long, and a timer redraws
    it while no result comes back (a 40-page OCR would otherwise leave "56/58 ETA 1s" standing
    still); the ETA never promises less than that file has already taken. Without a known total
    (`indicators` reading outputs) it counts documents."""

    WIDTH = 24
    REDRAW_SECONDS = 0.5

    def __init__(self, stream: TextIO, *, quiet: bool, verb: str = "converted") -> None:
        self.stream = stream
        self.quiet = quiet
        self.tty = stream.isatty() and not quiet
        self.verb = verb
        self.started = time.monotonic()
        self.last = self.started
        self.drawn = False
        self.running: dict[str, float] = {}  # input → when it was handed to the workers
        self.counts = (0, 0, 0)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._timer: threading.Thread | None = None

    def sent(self, name: str) -> None:
        with self._lock:
            self.running[name] = time.monotonic()
        if self.tty and self._timer is None:
            self._timer = threading.Thread(target=self._redraw, name="nqparser-progress", daemon=True)
            self._timer.start()

    def finished(self, name: str) -> None:
        with self._lock:
            self.running.pop(name, None)

    def _redraw(self) -> None:
        while not self._stop.wait(self.REDRAW_SECONDS):
            self.update(*self.counts, force=True)

    def line(self, done: int, total: int, failed: int) -> str:
        now = time.monotonic()
        elapsed = max(now - self.started, 1e-6)
        rate = done / elapsed
        fail = f" failed {failed}" if failed else ""
        current = ""
        oldest = next(iter(self.running.items()), None)
        if oldest is not None:
            name, since = oldest
            current = f" · {shown(os.path.basename(name))} {_duration(now - since)}"
        if not total:
            return f"{done} document(s) {rate:6.1f}/s{fail}{current}"
        remaining = (total - done) / rate if rate > 0 and total > done else None
        if remaining is not None and oldest is not None:
            remaining = max(remaining, 1.0)
        eta = _duration(remaining) if remaining is not None else "--"
        pct = 100.0 * done / total
        filled = int(self.WIDTH * done / total)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        return f"[{bar}] {done}/{total} {pct:5.1f}% {rate:6.1f} files/s ETA {eta}{fail}{current}"

    def update(self, done: int, total: int, failed: int, *, force: bool = False) -> None:
        if self.quiet:
            return
        self.counts = (done, total, failed)
        now = time.monotonic()
        with self._lock:
            if self.tty:
                if force or now - self.last >= 0.1:
                    self.stream.write("\r" + self.line(done, total, failed) + "\x1b[K")
                    self.stream.flush()
                    self.drawn = True
                    self.last = now
            elif force or now - self.last >= 10.0:
                self.stream.write(f"{PROG}: {self.verb} {done}/{total or done} ({failed} failed)\n")
                self.stream.flush()
                self.last = now

    def message(self, text: str) -> None:
        """A log line that does not garble the bar."""
        with self._lock:
            if self.tty and self.drawn:
                self.stream.write("\r\x1b[K")
            self.stream.write(text + "\n")
            self.stream.flush()
            self.drawn = False

    def finish(self, done: int, total: int, failed: int) -> None:
        self._stop.set()
        if self._timer is not None:
            self._timer.join(timeout=2)
        with self._lock:
            self.running.clear()
        if self.tty:
            self.update(done, total, failed, force=True)
            self.stream.write("\n")
            self.stream.flush()


def _counts(triage: dict[str, Any] | None) -> str:
    """", 12 articles, 30 indicators, 2 targets, 14 recipients" from a result's triage fields."""
    if not triage:
        return ""
    parts = [f"{triage[k]} {k.removeprefix('n_')}" for k in ("articles", "indicators", "targets", "recipients")
             if isinstance(triage.get(k), int)]
    return (", " + ", ".join(parts)) if parts else ""


# --- convert -------------------------------------------------------------------------------------

def cmd_convert(args: argparse.Namespace, parser: argparse.ArgumentParser, hook: FileHook | None = None) -> int:
    from .batch import ConvertConfig, EngineUnavailable, InputPlan, convert, default_jobs
    from .fsguard import BatchWriteError

    if args.paths == ["-"]:
        from .triage_cli import paths_from_stdin

        args.paths = paths_from_stdin(sys.stdin)
        if not args.paths:
            return _usage(parser, "convert -: no paths on stdin")
    to_stdout = args.output == "-"
    if to_stdout and args.format != "jsonl":
        return _usage(parser, "-o - (stdout) needs --format jsonl")
    if to_stdout and args.resume and not args.manifest:
        return _usage(parser, "--resume with -o - needs --manifest FILE")
    missing = InputPlan(args.paths).missing()
    if missing:
        return _usage(parser, "no such file or folder: " + ", ".join(missing))
    if not to_stdout and os.path.exists(args.output) and not os.path.isdir(args.output):
        return _usage(parser, f"-o {args.output} exists and is not a folder")
    if args.manifest and os.path.isdir(args.manifest):
        return _usage(parser, f"--manifest {args.manifest} is a folder; give a file name")
    config = ConvertConfig(
        outdir=None if to_stdout else args.output,
        format=args.format,
        jobs=args.jobs or default_jobs(),
        resume=args.resume,
        manifest=args.manifest,
        limits=_limits(args),
        fsync=args.fsync,
        engine=args.engine,
        scheduler=args.scheduler,
        require_resolution=args.require_resolution,
        follow_symlinks=args.follow_symlinks,
        hook=hook,
    )
    progress = Progress(sys.stderr, quiet=args.quiet)
    said_clash = False

    def on_start(summary: Any) -> None:
        if not args.quiet:
            engine = "dask" if args.engine == "dask" else f"{config.jobs} job{'s' if config.jobs > 1 else ''}"
            progress.message(f"{PROG}: {summary.total} input(s), {engine}")
            if not summary.total:
                progress.message(f"{PROG}: no .txt .md .docx .pdf .doc .htm .html files found in "
                                 f"{shown(' '.join(args.paths))}")

    def on_result(result: Any, summary: Any) -> None:
        nonlocal said_clash
        if summary.clashes and not said_clash and not args.quiet:
            said_clash = True
            progress.message(f"{PROG}: of inputs sharing a name in one folder, all but one are written as "
                             f"<name>.<ext>.json (e.g. {shown(summary.clashes[0])})")
        progress.finished(result.input)
        if result.status == "failed":
            progress.message(f"{PROG}: failed: {shown(result.input)}: {shown(result.error or '')}")
        elif args.verbose:
            progress.message(f"{PROG}: {result.status}: {shown(result.input)} ({result.seconds:.2f} s"
                             f"{_counts(result.triage)})")
        progress.update(summary.done, summary.total, summary.failed)

    stream = sys.stdout.buffer if to_stdout else None
    try:
        summary = convert(args.paths, config, on_result=on_result, on_start=on_start, stream=stream,
                          on_send=progress.sent)
    except EngineUnavailable as exc:
        _err(str(exc))
        return EXIT_USAGE
    except BatchWriteError as exc:  # the output folder, manifest or stream cannot be written
        progress.message(f"{PROG}: stopped: {shown(str(exc))}")
        return EXIT_FAILED
    progress.finish(summary.done, summary.total, summary.failed)
    _print_summary(summary, args.quiet)
    return summary.exit_code


def _usage(parser: argparse.ArgumentParser, message: str) -> int:
    _err(message)
    print(f"run '{PROG} --help' for usage", file=sys.stderr)
    return EXIT_USAGE


def _print_summary(summary: Any, quiet: bool) -> None:
    rate = summary.converted / summary.seconds if summary.seconds > 0 else 0.0
    if not quiet or summary.failures:
        print(f"{PROG}: converted {summary.converted}, skipped {summary.skipped}, failed {summary.failed} "
              f"in {_duration(summary.seconds)} ({rate:.1f} files/s)", file=sys.stderr)
    if not quiet:
        from .triage_cli import print_triage

        print_triage(summary, sys.stderr, PROG)
    if summary.failures:
        print(f"{PROG}: failures:", file=sys.stderr)
        for path, reason in summary.failures:
            print(f"  {shown(path)}: {shown(reason)}", file=sys.stderr)


# --- review --------------------------------------------------------------------------------------

def cmd_review(args: argparse.Namespace) -> int:
    from .onefile import one_line
    from .review import review_file

    try:
        records = review_file(args.file, args.output, limits=_limits(args))
    except ParseError as exc:
        _err(f"{exc.path or args.file}: {one_line(exc.reason)}")
        return EXIT_FAILED
    except OSError as exc:
        _err(f"{args.output}: cannot write: {exc.strerror}")
        return EXIT_FAILED
    print(f"{PROG}: {records} record(s) → {args.output}", file=sys.stderr)
    return EXIT_OK


# --- indicators ----------------------------------------------------------------------------------

def cmd_indicators(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    import sqlite3

    from .batch import InputPlan, default_jobs, iter_documents
    from .export import INDICATOR_COLUMNS, LONG_COLUMNS, ExportError, SqliteStore, open_table_writer

    if not args.output and not args.db:
        return _usage(parser, "give -o FILE.csv|FILE.parquet and/or --db FILE.sqlite")
    missing = InputPlan(args.paths).missing()
    if missing:
        return _usage(parser, "no such file or folder: " + ", ".join(missing))
    writer = store = None
    try:
        columns = INDICATOR_COLUMNS if args.wide else LONG_COLUMNS
        writer = open_table_writer(args.output, bom=args.excel, columns=columns) if args.output else None
        store = SqliteStore(args.db) if args.db else None
    except (ExportError, OSError) as exc:
        if writer is not None:
            writer.close(commit=False)
        _err(str(exc))
        return EXIT_USAGE
    except sqlite3.Error as exc:  # --db names a file that is not SQLite (or is damaged)
        if writer is not None:
            writer.close(commit=False)
        _err(f"--db {args.db}: not a usable SQLite database ({exc})")
        return EXIT_FAILED
    failures: list[tuple[str, str]] = []
    documents = duplicates = 0
    progress = Progress(sys.stderr, quiet=args.quiet, verb="read")
    committed = False
    ignored: list[tuple[str, str]] = []
    try:
        for item in iter_documents(args.paths, jobs=args.jobs or default_jobs(), limits=_limits(args),
                                   ignored=ignored, follow_symlinks=args.follow_symlinks):
            if item.duplicate:
                duplicates += 1
                continue
            if item.doc is None:
                failures.append((item.path, item.error or "unknown error"))
                progress.message(f"{PROG}: failed: {shown(item.path)}: {shown(item.error or '')}")
                continue
            error = _export_one(item, writer, store, targets=args.targets, excel=args.excel, wide=args.wide)
            if error is not None:
                failures.append((item.path, error))
                progress.message(f"{PROG}: failed: {shown(item.path)}: {shown(error)}")
                continue
            documents += 1
            if not args.quiet:  # no total is known while outputs are read: a running count
                progress.update(documents, 0, len(failures))
        committed = True
    finally:
        if writer is not None:
            writer.close(commit=committed)
        if store is not None:
            store.close()
    if not args.quiet or failures:
        parts = [f"{documents} document(s)"]
        if duplicates:
            parts.append(f"{duplicates} duplicate(s) by sha256 skipped")
        if writer is not None:
            parts.append(f"{writer.rows} row(s) → {args.output}")
        if args.db:
            parts.append(f"loaded into {args.db}")
        print(f"{PROG}: " + ", ".join(parts) + f", failed {len(failures)}", file=sys.stderr)
    for path, reason in failures:
        print(f"  {shown(path)}: {shown(reason)}", file=sys.stderr)
    if ignored and not args.quiet:
        from .triage_cli import print_ignored

        print_ignored(ignored, sys.stderr, PROG)
    return EXIT_FAILED if failures else EXIT_OK


def _export_one(item: LoadedDocument, writer: Any, store: SqliteStore | None, *, targets: bool, excel: bool = False,
                wide: bool = False) -> str | None:
    """Rows and SQLite load of one document; a document that still breaks them (a shape the
    check did not foresee) is that document's failure, not the export's. Rows are built before
    anything is written and the SQLite load is one transaction, so nothing half-exported stays."""
    import sqlite3

    from .export import ExportError, indicator_rows, long_rows
    from .onefile import one_line

    if item.doc is None:
        return item.error or "not read"
    try:
        make_rows = indicator_rows if wide else long_rows  # long form: one row per value column
        rows = list(make_rows(item.doc, targets=targets, source_file=item.path))
        if store is not None:
            store.load(item.doc, source_file=item.path)
    except (ExportError, sqlite3.Error, AttributeError, TypeError, ValueError, KeyError) as exc:
        return one_line(f"document of the wrong shape: {exc}")
    if writer is not None:
        if excel:  # formula-looking text neutralised (parser/csvsafe.py)
            from .csvsafe import safe_rows

            rows = list(safe_rows(rows))
        writer.write(rows)
    return None
