"""Output names that do not depend on which other files are present.

Why: an output's name is what a downstream script (the dev-set scorer, a data office's loader)
joins on, and `--resume` finds finished work by it. Each input gets `<stem>.json`. Only when one
folder holds several inputs with the same stem (nq.pdf, nq.docx) must all but one of them carry
their extension (`nq.docx.json`); the one that keeps `<stem>.json` is

1. the input an existing `<stem>.json` in the output folder was made from (its `source.path`), so
   adding nq.docx beside an already converted nq.pdf never renames nq.pdf's output, and
2. otherwise the first by format in `FORMAT_ORDER` (then by name): a fixed rule, not an order of
   discovery, so two fresh runs over the same files give the same names.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

import orjson

# Which input of a stem clash keeps <stem>.json in a fresh output folder: the format that is
# usually the original (a Word file before its PDF print, text exports last).
FORMAT_ORDER = (".docx", ".doc", ".pdf", ".htm", ".html", ".md", ".txt")


def stem_owner(names: Iterable[str], existing: str | None) -> str:
    """Which of `names` (one folder, one stem) keeps `<stem>.json`; `existing` is the input name an
    output already there was made from, if any."""
    names = list(names)
    if existing is not None:
        for name in names:
            if name == existing:
                return name
        for name in names:
            if name.casefold() == existing.casefold():
                return name

    def rank(name: str) -> tuple[int, str]:
        ext = os.path.splitext(name)[1].lower()
        return (FORMAT_ORDER.index(ext) if ext in FORMAT_ORDER else len(FORMAT_ORDER), name)

    return min(names, key=rank)


def output_source_name(path: str) -> str | None:
    """The base name of the input an existing output JSON records in `source.path`, else None."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    try:
        doc = orjson.loads(data)
        source = doc["source"]["path"]
    except (orjson.JSONDecodeError, KeyError, TypeError):
        return None
    return os.path.basename(source) if isinstance(source, str) else None


def ignored_reason(name: str, suffixes: Iterable[str]) -> str:
    """Why a file found in a walked folder is not read (one short phrase for the manifest)."""
    if name.startswith("~$"):
        return "Office lock file, not read"
    if name.startswith("."):
        return "hidden file, not read"
    ext = os.path.splitext(name)[1].lower()
    known = " ".join(suffixes)
    return f"unsupported format {ext or '(no extension)'}, not read (reads {known})"
