"""A memory ceiling for each batch worker, so one hostile file can cost only itself.

Why RLIMIT_AS in the worker: a 4 MB PDF whose content stream inflates to 4 GB, or a DOCX whose
values slip past every cap, would otherwise grow one worker until the machine swaps or the OOM
killer picks a random victim (the parent, another worker). With the limit, the allocation fails
inside that worker: Python raises MemoryError (reported "ran out of memory (limit 3 GB)"), and a
C library that aborts instead kills only that worker, which the pool reports and replaces.
The parent never sets it on itself: `-j 1` runs in-process and is unlimited.
"""

from __future__ import annotations

DEFAULT_MAX_MEMORY = 3 << 30  # bytes of address space per worker (the readers need < 1 GB)

_applied: int | None = None
_in_worker = False


def mark_worker() -> None:
    """Called once in a worker process: only workers take the limit."""
    global _in_worker
    _in_worker = True


def apply_limit(limit: int | None) -> None:
    """Let a worker's address space grow by at most `limit` bytes from what it holds when the limit
    is set (RLIMIT_AS; once per value; a no-op where unsupported)."""
    global _applied
    if not _in_worker or not limit or limit == _applied:
        return
    try:
        import resource
    except ImportError:  # Windows: no rlimits
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    # The limit is on growth: a worker forked from a large process (a library caller, a test
    # run) inherits that process's address space, and an absolute ceiling would fail its first file.
    ceiling = _address_space() + limit
    value = ceiling if hard == resource.RLIM_INFINITY else min(ceiling, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (value, hard))
    except (ValueError, OSError):
        return
    _applied = limit


def _address_space() -> int:
    """Bytes of address space this process holds now (Linux /proc; 0 where it cannot be read)."""
    try:
        import os

        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def human(limit: int) -> str:
    """3221225472 → '3 GB', 1610612736 → '1.5 GB', 536870912 → '512 MB'."""
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if limit >= size:
            value = limit / size
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{limit} bytes"


def out_of_memory(limit: int | None) -> str:
    """The failure line for a file that hit the limit."""
    return f"ran out of memory (limit {human(limit)})" if limit else "ran out of memory"
