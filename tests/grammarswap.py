"""A copy of grammars/ that a test may edit, put in use with rules.use_grammar."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from nqparser import rules as R


@contextmanager
def grammar_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Yield a writable copy of the grammar folder; the edits made to it before the first rule is
    read are what the parser sees until the block ends (the Grammar reads its files lazily, and
    use_grammar forgets every value built from the grammar in use before)."""
    folder = tmp_path / "grammars"
    shutil.copytree(R.grammar_dir(), folder)
    with R.use_grammar(R.Grammar(folder)):
        yield folder
