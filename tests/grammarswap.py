"""A copy of grammars/ that a test may edit, swapped in through NQPARSER_GRAMMARS."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from nqparser import lines
from nqparser import rules as R


def _forget() -> None:
    for cached in (R.load_grammar, R.rules, R.fragments):
        clear = getattr(cached, "cache_clear", None)
        if clear is not None:
            clear()
    lines.clear_cache()


@contextmanager
def grammar_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Yield a writable copy of the grammar folder; the edits made to it before the first rule is
    read are what the parser sees until the block ends."""
    folder = tmp_path / "grammars"
    shutil.copytree(R.grammar_dir(), folder)
    monkeypatch.setenv("NQPARSER_GRAMMARS", str(folder))
    _forget()
    try:
        yield folder
    finally:
        monkeypatch.delenv("NQPARSER_GRAMMARS")
        _forget()
