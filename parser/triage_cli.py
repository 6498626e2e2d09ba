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
        print(f"{prog}: {len(summary.ignored)} file(s) not read:", file=out)
        for path, reason in summary.ignored[:MAX_IGNORED_SHOWN]:
            print(f"  {path}: {reason}", file=out)
        if len(summary.ignored) > MAX_IGNORED_SHOWN:
            print(f"  … {len(summary.ignored) - MAX_IGNORED_SHOWN} more in the manifest", file=out)
