"""Reading an input file under a size limit: the one place every reader gets its bytes."""

from __future__ import annotations

from pathlib import Path

from ..errors import ParseError


def check_size(data: bytes, limit: int, name: str | None) -> None:
    """The in-memory twin of read_limited's size check (parse_bytes: the bytes are already read)."""
    if len(data) > limit:
        raise ParseError(f"input is {len(data)} bytes, over the limit of {limit}", name)


def read_limited(path: Path, limit: int) -> bytes:
    """The file's bytes, or a ParseError naming it when it is over `limit` or unreadable."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise ParseError(f"file is {size} bytes, over the limit of {limit}", str(path))
        return path.read_bytes()
    except OSError as exc:
        raise ParseError(f"cannot read file: {exc.strerror}", str(path)) from exc
