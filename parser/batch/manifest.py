"""The manifest and the JSONL stream: append-only logs that a kill -9 leaves readable.

Outputs are written atomically (``serialize.write_atomic``) and the manifest is an append-only
JSONL log flushed after every file, so a ``kill -9`` leaves only finished outputs and at most one
torn manifest line (ignored on reading, cut off before appending).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from ..names import name_of


def read_manifest(path: str | os.PathLike[str]) -> dict[str, dict[str, Any]]:
    """Last record per input; torn or foreign lines (a kill mid-write) are ignored."""
    records: dict[str, dict[str, Any]] = {}
    try:
        fh = open(path, "rb")
    except OSError:
        return records
    with fh:
        for line in fh:
            try:
                rec = orjson.loads(line)
            except orjson.JSONDecodeError:
                continue
            if isinstance(rec, dict) and isinstance(rec.get("input"), str):
                rec["input"], rec["output"] = name_of(rec, "input"), name_of(rec, "output")
                records[rec["input"]] = rec
    return records


def open_append(path: str | os.PathLike[str], *, fresh: bool) -> BinaryIO:
    """Open a JSONL log for appending; drop a torn last line so the next record starts clean."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    if fresh:
        return open(path, "wb")
    fh = open(path, "a+b")
    end = fh.seek(0, os.SEEK_END)
    pos = end
    while pos > 0:  # walk back to the last newline; everything after it is a torn record
        step = min(pos, 1 << 16)
        fh.seek(pos - step)
        chunk = fh.read(step)
        if pos == end and chunk.endswith(b"\n"):
            break
        cut = chunk.rfind(b"\n")
        if cut >= 0:
            fh.truncate(pos - step + cut + 1)
            break
        pos -= step
    else:
        if end:
            fh.truncate(0)
    fh.seek(0, os.SEEK_END)
    return fh


def scan_stream(path: str | os.PathLike[str]) -> dict[str, tuple[str, str]]:
    """input path → (sha256, schema_version) of documents already in a JSONL stream."""
    found: dict[str, tuple[str, str]] = {}
    try:
        fh = open(path, "rb")
    except OSError:
        return found
    with fh:
        for line in fh:
            try:
                doc = orjson.loads(line)
                name = name_of(doc["source"], "path")
                if name is not None:
                    found[name] = (doc["source"]["sha256"], doc["schema_version"])
            except (orjson.JSONDecodeError, KeyError, TypeError):
                continue
    return found

