"""Command-line pieces of triage kept out of cli.py: reading paths from stdin, the summary lines."""

from __future__ import annotations

from typing import Any, TextIO

MAX_IGNORED_SHOWN = 50  # the manifest lists every one; the terminal shows this many


def paths_from_stdin(stream: TextIO) -> list[str]:
    """One path a line (`find … | nqparser convert - -o OUT`); blank lines are skipped, the line
    is otherwise kept as written (names may hold spaces)."""
    return [line.rstrip("\r\n") for line in stream if line.strip()]


def print_triage(summary: Any, out: TextIO, prog: str) -> None:
    """The batch breakdown by kind and the files that were not read (never dropped silently)."""
    tally = summary.tally
    line = tally.line() if tally is not None else ""
    if line:
        print(f"{prog}: {line}", file=out)
    if summary.ignored:
        print_ignored(summary.ignored, out, prog, more="in the manifest")


def print_ignored(ignored: list[tuple[str, str]], out: TextIO, prog: str, *, more: str = "") -> None:
    """'N file(s) not read:' and one 'path: reason' line each (the first MAX_IGNORED_SHOWN)."""
    print(f"{prog}: {len(ignored)} file(s) not read:", file=out)
    for path, reason in ignored[:MAX_IGNORED_SHOWN]:
        print(f"  {path}: {reason}", file=out)
    if len(ignored) > MAX_IGNORED_SHOWN:
        print(f"  … {len(ignored) - MAX_IGNORED_SHOWN} more {more}".rstrip(), file=out)
