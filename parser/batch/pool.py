"""Running tasks: in this process (SIGALRM timeout) or in a pool of worker processes.

Why a hand-made pool rather than ``ProcessPoolExecutor``: a per-file timeout and a crashed worker
must cost only that file. The executor can neither kill one hung task nor survive a dead worker
(``BrokenProcessPool`` fails every pending future). Here each worker runs one task at a time over
its own pipe, so the parent knows what every worker is doing, kills just the one that overruns or
dies, starts a replacement and goes on. In-flight work is bounded by the number of workers: the
task iterator is consumed lazily, so a 100,000-file folder never sits in memory as futures.

Stopping a worker: the pool sends SIGTERM, waits ``TERM_GRACE`` seconds, then SIGKILL. The worker's
SIGTERM handler kills any LibreOffice conversion it started (``sources.doc.kill_conversions``;
soffice runs in its own process group, which SIGKILL of the worker alone would leave running) and
exits. Workers get SIGTERM too when the parent dies (PR_SET_PDEATHSIG). A .doc conversion is also
given the file's remaining time budget, so LibreOffice normally times out before the worker does.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection as mpc
import os
import signal
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from multiprocessing.context import ForkContext, SpawnContext
from typing import Any

from ..limits import DEFAULT_TIMEOUT
from ..memory import human, mark_worker
from ..pipeline import warm_up
from ..sources.doc import kill_conversions
from .perfile import convert_one, file_sha, timed_out
from .tasks import DEFAULT_MAX_TASKS_PER_WORKER, FAILED, Result, Task

TERM_GRACE = 1.0  # seconds a worker has to clean up after SIGTERM before SIGKILL


class _Timeout(BaseException):
    """Raised by SIGALRM in in-process mode; a BaseException so `except Exception` cannot eat it."""


def run_tasks(tasks: Iterable[Task], *, jobs: int = 1, timeout: float | None = DEFAULT_TIMEOUT,
              max_tasks_per_worker: int = DEFAULT_MAX_TASKS_PER_WORKER) -> Iterator[Result]:
    """Yield one Result per task, in completion order.

    `jobs` <= 1 runs in this process (for debugging): the timeout then uses SIGALRM, which works
    on POSIX in the main thread and interrupts Python code and sleeps, but not one long C call
    (a regex on a huge line); a crash there takes the whole process down.
    """
    if jobs <= 1:
        yield from _run_inline(tasks, timeout)
        return
    pool = WorkerPool(jobs, timeout=timeout, max_tasks_per_worker=max_tasks_per_worker)
    try:
        yield from pool.run(tasks)
    finally:
        pool.close()


def _run_inline(tasks: Iterable[Task], timeout: float | None) -> Iterator[Result]:
    use_alarm = (bool(timeout) and hasattr(signal, "setitimer")
                 and threading.current_thread() is threading.main_thread())

    def on_alarm(signum: int, frame: Any) -> None:
        raise _Timeout

    for task in tasks:
        if not use_alarm:
            yield convert_one(task)
            continue
        assert timeout is not None
        previous = signal.signal(signal.SIGALRM, on_alarm)
        try:
            signal.setitimer(signal.ITIMER_REAL, timeout)
            result = convert_one(task)
        except _Timeout:
            result = timed_out(task, timeout)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        yield result


def _die_with_parent(parent_pid: int) -> None:
    """Linux: have the kernel SIGTERM this worker when the parent dies (e.g. after kill -9).

    SIGTERM rather than SIGKILL so the handler can stop LibreOffice first; a worker busy in one
    long C call exits when it returns.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    if os.getppid() != parent_pid:
        os._exit(0)


def _on_sigterm(signum: int, frame: Any) -> None:
    """Stop the LibreOffice conversion this worker may be waiting on, then exit at once."""
    try:
        kill_conversions()
    finally:
        os._exit(128 + signal.SIGTERM)


def _worker_main(conn: mpc.Connection, parent_conn: mpc.Connection | None, parent_pid: int) -> None:
    """Worker loop: receive a Task, send its Result; None or a closed pipe means stop."""
    if parent_conn is not None:
        parent_conn.close()  # forked copy of the parent's end: keep only ours so EOF is seen
    signal.signal(signal.SIGTERM, _on_sigterm)  # before PDEATHSIG can fire
    _die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    mark_worker()
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        result = convert_one(task)
        try:
            conn.send(result)
        except OSError:
            return
        if (result.error or "").startswith("ran out of memory"):
            return  # a fresh worker for the next file: a failed allocation can leave this one damaged


class _Slot:
    """One worker process and what it is doing."""

    __slots__ = ("conn", "count", "proc", "started", "task")

    def __init__(self, proc: Any, conn: mpc.Connection) -> None:
        self.proc = proc
        self.conn = conn
        self.task: Task | None = None
        self.started = 0.0
        self.count = 0


class WorkerPool:
    """Processes that each convert one file at a time; any of them can be killed and replaced."""

    def __init__(self, jobs: int, *, timeout: float | None = DEFAULT_TIMEOUT,
                 max_tasks_per_worker: int = DEFAULT_MAX_TASKS_PER_WORKER) -> None:
        fork = sys.platform.startswith("linux")
        self._ctx: ForkContext | SpawnContext = (multiprocessing.get_context("fork") if fork
                                                 else multiprocessing.get_context("spawn"))
        if fork:
            warm_up()  # compiled once here, inherited by every worker (and every replacement)
        self.timeout = timeout
        self.max_tasks = max(1, max_tasks_per_worker)
        self.replaced = 0
        self._slots = [self._start() for _ in range(max(1, jobs))]

    def _start(self) -> _Slot:
        parent_conn, child_conn = self._ctx.Pipe(duplex=True)
        fork = self._ctx.get_start_method() == "fork"
        proc = self._ctx.Process(target=_worker_main, name="nqparser-worker", daemon=True,
                                 args=(child_conn, parent_conn if fork else None, os.getpid()))
        proc.start()
        child_conn.close()
        return _Slot(proc, parent_conn)

    @staticmethod
    def _terminate(proc: Any) -> None:
        """SIGTERM (the worker stops LibreOffice and exits), then SIGKILL after TERM_GRACE."""
        with contextlib.suppress(Exception):
            proc.terminate()
        proc.join(timeout=TERM_GRACE)
        if proc.is_alive():
            with contextlib.suppress(Exception):
                proc.kill()
            proc.join()

    def _replace(self, slot: _Slot, *, kill: bool) -> None:
        """Stop the slot's worker (terminated, or asked to exit) and put a fresh one in its place."""
        if kill:
            self._terminate(slot.proc)
        else:
            with contextlib.suppress(OSError):
                slot.conn.send(None)
            slot.proc.join(timeout=5)
            if slot.proc.is_alive():
                self._terminate(slot.proc)
        slot.conn.close()
        fresh = self._start()
        slot.proc, slot.conn, slot.task, slot.count = fresh.proc, fresh.conn, None, 0
        self.replaced += 1

    def _send(self, slot: _Slot, task: Task) -> None:
        if slot.count >= self.max_tasks:
            self._replace(slot, kill=False)
        for _attempt in range(3):
            try:
                if not slot.proc.is_alive():
                    raise BrokenPipeError
                slot.conn.send(task)
                break
            except OSError:  # the idle worker died: replace it and try again
                self._replace(slot, kill=True)
        else:
            raise RuntimeError("cannot start conversion workers")
        slot.task = task
        slot.started = time.monotonic()

    def run(self, tasks: Iterable[Task]) -> Iterator[Result]:
        source = iter(tasks)
        exhausted = False

        def fill() -> None:
            """Give every idle worker its next task."""
            nonlocal exhausted
            for slot in self._slots:
                if slot.task is None and not exhausted:
                    task = next(source, None)
                    if task is None:
                        exhausted = True
                        return
                    self._send(slot, task)

        while True:
            fill()
            busy = [s for s in self._slots if s.task is not None]
            if not busy:
                return
            wait = None
            if self.timeout:
                now = time.monotonic()
                wait = max(0.0, min(s.started + self.timeout for s in busy) - now) + 0.01
            ready = set(mpc.wait([s.conn for s in busy] + [s.proc.sentinel for s in busy], timeout=wait))
            now = time.monotonic()
            finished: list[Result] = []
            for slot in busy:
                task = slot.task
                assert task is not None
                if slot.conn in ready or slot.proc.sentinel in ready:
                    result = self._receive(slot)
                    if result is not None:
                        finished.append(result)
                elif self.timeout and now - slot.started >= self.timeout:
                    self._replace(slot, kill=True)
                    finished.append(timed_out(task, self.timeout))
            # New work goes out before the caller writes the manifest and the progress line, so
            # workers do not sit idle while the parent handles their results.
            fill()
            yield from finished

    def _receive(self, slot: _Slot) -> Result | None:
        """The worker's result, or a 'worker crashed' failure if it died; None if nothing yet."""
        task = slot.task
        assert task is not None
        result: Result | None = None
        try:
            if slot.conn.poll():
                result = slot.conn.recv()
        except (EOFError, OSError):
            result = None
        if result is not None:
            slot.task = None
            slot.count += 1
            return result
        if slot.proc.is_alive():
            return None
        slot.proc.join()
        code = slot.proc.exitcode
        if code is not None and code < 0:
            try:
                how = f"killed by {signal.Signals(-code).name}"
            except ValueError:
                how = f"signal {-code}"
        else:
            how = f"exit code {code}"
        memory = task.options.limits.max_memory
        if memory and code in (-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGBUS):  # C code aborts on it
            how += f"): probably ran out of memory (limit {human(memory)}"
        self._replace(slot, kill=True)
        return Result(task.input, FAILED, f"worker crashed ({how})", time.monotonic() - slot.started,
                      file_sha(task.input))

    def close(self) -> None:
        """Ask idle workers to stop, terminate busy ones (a closing batch does not wait for a hang)."""
        for slot in self._slots:
            if slot.task is None:
                with contextlib.suppress(OSError):
                    slot.conn.send(None)
            else:
                with contextlib.suppress(Exception):
                    slot.proc.terminate()
        deadline = time.monotonic() + 5
        for slot in self._slots:
            slot.proc.join(timeout=max(0.0, deadline - time.monotonic()))
            if slot.proc.is_alive():
                slot.proc.kill()
                slot.proc.join()
            slot.conn.close()

