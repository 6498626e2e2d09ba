"""Guards around the file system: what may be read as an input, and faults said in one line.

Why a module of its own: the batch, the CLI and the readers all open files, and every one of
them must refuse the same things (a FIFO or a device behind a .txt name blocks or never ends)
and word the same faults (a full disk, a read-only folder) the same way.
"""

from __future__ import annotations

import errno
import os
import stat

from .errors import NqparserError, ParseError

# What a non-regular file is called in the failure line.
_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def file_kind(mode: int) -> str:
    for test, name in _KINDS:
        if test(mode):
            return name
    return "a special file"


def require_regular(path: str) -> None:
    """Raise ParseError unless `path` (after symlinks) is a regular file.

    Checked with stat before any open: opening a FIFO without a writer blocks for ever, and
    /dev/zero never ends, whatever the reader's size limit says it read so far."""
    try:
        st = os.stat(path)
    except OSError:
        return  # missing or unreadable: the reader says so in its own words
    if not stat.S_ISREG(st.st_mode):
        raise ParseError(f"is {file_kind(st.st_mode)}, not a regular file (only regular files are read)", path)


def open_regular(path: str) -> int | None:
    """A read-only descriptor on `path` if it is a regular file, else None (never blocks: O_NONBLOCK
    makes opening a FIFO return at once, and fstat then tells what was opened)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            return fd
    except OSError:
        pass
    os.close(fd)
    return None


_REASONS = {
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.ENAMETOOLONG: "file name too long",
    errno.EISDIR: "is a folder",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.ENOENT: "no such file or folder",
    errno.EIO: "input/output error",
}


def describe_os_error(exc: OSError, *, name: bool = True) -> str:
    """One short phrase for an OSError, naming the file it was about when the error says so
    (`name=False` where the caller's sentence names it already)."""
    reason = _REASONS.get(exc.errno or 0) or (exc.strerror or type(exc).__name__).rstrip(".")
    return f"{reason} ({exc.filename})" if exc.filename and name else reason


class BatchWriteError(NqparserError):
    """The batch cannot write what it must (the output folder, the manifest, the stream): it stops
    with this one line instead of a traceback; per-file output faults fail only that file."""


def name_max(folder: str) -> int:
    """The longest file name (bytes) the folder's file system takes; 255 where it cannot say."""
    try:
        return int(os.pathconf(folder, "PC_NAME_MAX"))
    except (OSError, ValueError, AttributeError):
        return 255


LOCK_NAME = ".nqparser.lock"


class FolderLock:
    """An exclusive lock on an output folder for one `convert` run.

    Two runs into one folder did all the work twice, and each one's start swept the other's
    half-written temporaries. flock(2) is released by the kernel when the holder dies, so a
    kill -9 never leaves a stale lock; where flock is missing (Windows) nothing is locked."""

    def __init__(self, folder: str) -> None:
        self.path = os.path.join(folder, LOCK_NAME)
        self._fd: int | None = None

    def acquire(self) -> FolderLock:
        try:
            import fcntl
        except ImportError:
            return self
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise BatchWriteError(f"another nqparser run is writing to {os.path.dirname(self.path) or '.'} "
                                  f"(it holds {LOCK_NAME}); wait for it or choose another folder") from None
        except OSError:  # a file system without flock (some NFS mounts): run unlocked, as before
            os.close(fd)
            return self
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the flock; the file stays (removing it would race)
            self._fd = None

    def __enter__(self) -> FolderLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
