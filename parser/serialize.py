"""JSON output: orjson, UTF-8 unescaped, deterministic key order."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import orjson


def dumps(obj: Any, *, indent: bool = True) -> bytes:
    option = 0
    if indent:
        option |= orjson.OPT_INDENT_2
    return orjson.dumps(obj, option=option) + (b"\n" if indent else b"")


def write_atomic(path: str | Path, data: bytes, *, fsync: bool = True, mode: int = 0o644) -> None:
    """Write via a temporary file in the same folder and rename, so readers never see half a file.

    `fsync=False` skips the flush to disk (1-8 ms a file): the rename is still atomic, only a
    power cut could lose the newest outputs, which a batch's --resume redoes.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if fsync:
                os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
