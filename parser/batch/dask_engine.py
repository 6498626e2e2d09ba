"""The Dask engine: `convert_one` mapped over a cluster (dask.distributed, an optional extra)."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import NqparserError
from ..limits import DEFAULT_TIMEOUT
from .perfile import convert_one, timed_out
from .tasks import FAILED, Result, Task

DASK_MISSING = "the Dask engine needs dask.distributed: pip install 'nqparser[dask]'"


class EngineUnavailable(NqparserError, RuntimeError):
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
                        yield timed_out(task, timeout)
                        submit()
    finally:
        if own:
            client.close()
