"""Per-file hooks the batch tests inject (`Options.hook`, `ConvertConfig.hook`, `cli.main(hook=)`).

Production code reads no test switch from the environment: a test hands one of these to the batch,
which calls it with each input path in the worker, before the file is read. They are instances of
module-level classes, so they pickle into worker processes (forked workers also inherit this module).

`python tests/hooks.py --delay SECONDS ARGS…` runs the command line with a `Delay` hook, for the
tests that kill or race a real `nqparser convert` process.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class HangOn:
    """An input whose path contains `part` never finishes (for timeouts)."""

    part: str

    def __call__(self, path: str) -> None:
        if self.part in path:
            while True:
                time.sleep(3600)


@dataclass(frozen=True)
class CrashOn:
    """An input whose path contains `part` kills its worker process (SIGKILL)."""

    part: str

    def __call__(self, path: str) -> None:
        if self.part in path:
            os.kill(os.getpid(), signal.SIGKILL)


@dataclass(frozen=True)
class Delay:
    """Every input waits `seconds` first (a batch slow enough to kill midway)."""

    seconds: float

    def __call__(self, path: str) -> None:
        time.sleep(self.seconds)


@dataclass(frozen=True)
class Each:
    """Several hooks, in order."""

    hooks: tuple[HangOn | CrashOn | Delay, ...]

    def __call__(self, path: str) -> None:
        for hook in self.hooks:
            hook(path)


def cli_command(delay: float, *args: str) -> list[str]:
    """argv that runs `nqparser ARGS…` in a new process with every input delayed by `delay` s."""
    return [sys.executable, __file__, "--delay", str(delay), *args]


if __name__ == "__main__":
    from nqparser.cli import main

    assert sys.argv[1] == "--delay", "usage: hooks.py --delay SECONDS ARGS…"
    sys.exit(main(sys.argv[3:], hook=Delay(float(sys.argv[2]))))
