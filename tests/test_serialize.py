"""Atomic output files: whole or absent, never half-written, no temporaries left behind."""

from __future__ import annotations

import os
import stat

import pytest
from nqparser.serialize import write_atomic


def test_writes_the_bytes_with_the_umask_applied(tmp_path):
    target = tmp_path / "sub" / "doc.json"
    old = os.umask(0o027)
    try:
        write_atomic(target, b'{"a": 1}\n', fsync=False)
    finally:
        os.umask(old)
    assert target.read_bytes() == b'{"a": 1}\n'
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in target.parent.iterdir()] == ["doc.json"]


def test_replaces_an_existing_file_and_fsyncs_when_asked(tmp_path, monkeypatch):
    synced = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real(fd))[1])
    target = tmp_path / "doc.json"
    target.write_bytes(b"old")
    write_atomic(target, b"new", fsync=True)
    assert target.read_bytes() == b"new"
    assert len(synced) == 1


def test_a_stale_temporary_with_our_name_is_stepped_over(tmp_path, monkeypatch):
    import nqparser.serialize as serialize

    monkeypatch.setattr(serialize, "_temp_names", iter([0, 1]))
    stale = tmp_path / f".doc.json.{os.getpid()}.0.tmp"
    stale.write_bytes(b"left by a killed run")
    write_atomic(tmp_path / "doc.json", b"fresh", fsync=False)
    assert (tmp_path / "doc.json").read_bytes() == b"fresh"
    assert stale.read_bytes() == b"left by a killed run"  # not ours to remove: sweep_temporaries does


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "doc.json"
    target.write_bytes(b"old")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, b"new", fsync=False)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["doc.json"]
