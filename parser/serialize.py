"""JSON output: orjson, UTF-8 unescaped, deterministic key order."""

from __future__ import annotations

import hashlib
import itertools
import os
from pathlib import Path
from typing import Any

import orjson


def dumps(obj: Any, *, indent: bool = True) -> bytes:
    option = 0
    if indent:
        option |= orjson.OPT_INDENT_2
    return orjson.dumps(obj, option=option) + (b"\n" if indent else b"")


_temp_names = itertools.count()


def write_atomic(path: str | Path, data: bytes, *, fsync: bool = True, mode: int = 0o644) -> None:
    """Write via a temporary file in the same folder and rename, so readers never see half a file.

    The temporary is `.<name>.<pid>.<n>.tmp`, created exclusively with `mode` (less the umask,
    as for any new file): cheaper than `tempfile.mkstemp` plus chmod, which matters at thousands
    of files a minute. `fsync=False` skips the flush to disk (1-8 ms a file): the rename is still
    atomic, only a power cut could lose the newest outputs, which a batch's --resume redoes.
    """
    path = Path(path)
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    while True:
        tmp = folder / _temp_name(path.name, os.getpid(), next(_temp_names))
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
            break
        except FileExistsError:  # left by a killed process that had the same pid: take the next
            continue
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if fsync:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


NAME_MAX = 255  # bytes in one file name on every file system outputs are written to


def _temp_name(name: str, pid: int, n: int) -> str:
    """`.<name>.<pid>.<n>.tmp`, or, when that would pass NAME_MAX bytes (outputs named after
    inputs of 245-255 bytes), `.<hash>.<ext>.<pid>.<n>.tmp`: still swept as a temporary, never
    refused by the file system for its length."""
    tmp = f".{name}.{pid}.{n}.tmp"
    if len(os.fsencode(tmp)) <= NAME_MAX:
        return tmp
    digest = hashlib.sha1(os.fsencode(name)).hexdigest()[:16]
    ext = os.path.splitext(name)[1] or ".out"
    return f".{digest}{ext}.{pid}.{n}.tmp"
