"""One time limit for tests that must finish rather than hang (a SIGALRM around a block): the
robustness, bomb and growth tests share it instead of each keeping a copy."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def time_limit(what: str, seconds: int, error: type[BaseException] = AssertionError) -> Iterator[None]:
    """Raise `error` naming `what` when the block runs longer than `seconds` (asserts completion,
    not speed)."""
    def on_alarm(signum: int, frame: object) -> None:
        raise error(f"{what} did not finish within {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
