"""Documents for `indicators`: converted outputs (.json, .jsonl) read back into records
(`Document.from_dict`), sources parsed in the pool."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import orjson

from ..docshape import shape_error
from ..errors import ParseError
from ..fsguard import require_regular
from ..limits import BATCH_LIMITS, Limits
from ..model import Document
from .plan import InputPlan
from .pool import run_tasks
from .tasks import INPUT_SUFFIXES, MANIFEST_NAME, OK, Options, Task

DOCUMENT_SUFFIXES = (".json", ".jsonl")


@dataclass(slots=True)
class LoadedDocument:
    path: str
    doc: Document | None
    error: str | None = None
    duplicate: bool = False  # same sha256 as a document already yielded: not exported again


def iter_documents(paths: Iterable[str], *, jobs: int = 1, limits: Limits = BATCH_LIMITS,
                   ignored: list[tuple[str, str]] | None = None,
                   follow_symlinks: bool = False) -> Iterator[LoadedDocument]:
    """Documents from converted outputs (.json, .jsonl streams) and source files (parsed in the pool).

    A document met twice (its source and its JSON, or two copies) is yielded once, by sha256.
    Files of the folders that are not read are appended to `ignored` as (path, reason).
    """
    plan = InputPlan(paths, suffixes=INPUT_SUFFIXES + DOCUMENT_SUFFIXES, follow_symlinks=follow_symlinks)
    sources: list[str] = []
    seen: set[str] = set()

    def fresh(doc: Document) -> bool:
        sha = doc.source.sha256
        if sha is None:
            return True
        if sha in seen:
            return False
        seen.add(sha)
        return True

    for planned in plan:
        path = planned.input
        if planned.refused is not None:
            yield LoadedDocument(path, None, planned.refused)
            continue
        suffix = os.path.splitext(path)[1].lower()
        if suffix not in DOCUMENT_SUFFIXES:
            sources.append(path)
            continue
        if suffix == ".jsonl" and os.path.basename(path) == MANIFEST_NAME:
            continue
        for item in _load_json_documents(path):
            if item.doc is not None and not fresh(item.doc):
                item = LoadedDocument(item.path, None, None, duplicate=True)
            yield item
    if ignored is not None:
        ignored.extend(plan.ignored)
    if not sources:
        return
    options = Options(limits=limits, return_data=True)
    for result in run_tasks((Task(p, None, options) for p in sources), jobs=jobs, timeout=limits.timeout):
        if result.status != OK or result.data is None:
            yield LoadedDocument(result.input, None, result.error or "not converted")
            continue
        doc = Document.from_json(result.data)
        yield LoadedDocument(result.input, doc) if fresh(doc) else LoadedDocument(result.input, None, duplicate=True)


def _is_document(obj: Any) -> bool:
    return isinstance(obj, dict) and "schema_version" in obj and isinstance(obj.get("source"), dict)


def _checked(where: str, obj: dict[str, Any]) -> LoadedDocument:
    """A document, or its failure when a part has the wrong type (reported, the export goes on)."""
    error = shape_error(obj)
    if error is not None:
        return LoadedDocument(where, None, f"document of the wrong shape: {error}")
    try:
        doc = Document.from_dict(obj)
    except KeyError as exc:
        return LoadedDocument(where, None, f"document of the wrong shape: no {exc.args[0]!r}")
    except (TypeError, ValueError, AttributeError) as exc:
        return LoadedDocument(where, None, f"document of the wrong shape: {exc}")
    return LoadedDocument(where, doc)


def _load_json_documents(path: str) -> Iterator[LoadedDocument]:

    try:
        require_regular(path)  # read here, in the parent: a FIFO named .json would block it for ever
    except ParseError as exc:
        yield LoadedDocument(path, None, exc.reason)
        return
    try:
        with open(path, "rb") as fh:
            if path.lower().endswith(".jsonl"):
                for number, line in enumerate(fh, start=1):
                    if not line.strip():
                        continue
                    try:
                        obj = orjson.loads(line)
                    except orjson.JSONDecodeError:
                        yield LoadedDocument(f"{path}:{number}", None, "line is not valid JSON")
                        continue
                    if _is_document(obj):
                        yield _checked(f"{path}:{number}", obj)
                    else:
                        yield LoadedDocument(f"{path}:{number}", None, "not an nqparser document")
                return
            obj = orjson.loads(fh.read())
    except OSError as exc:
        yield LoadedDocument(path, None, f"cannot read file: {exc.strerror}")
        return
    except orjson.JSONDecodeError:
        yield LoadedDocument(path, None, "file is not valid JSON")
        return
    if _is_document(obj):
        yield _checked(path, obj)
    else:
        yield LoadedDocument(path, None, "not an nqparser document (no schema_version/source)")

