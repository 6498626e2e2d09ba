"""The one-file path shared by `nqparser show`, `convert` and `indicators`, kept apart from the
batch package so that parsing one file imports none of its pool, multiprocessing or Dask code."""

from __future__ import annotations

from . import pipeline
from .fsguard import require_regular
from .limits import Limits
from .model import Document


def one_line(reason: str) -> str:
    """Whitespace runs (newlines quoted from libxml2 or an exception) as one space: the failure
    report prints one "path: reason" line per file and the manifest stays greppable."""
    return " ".join(reason.split())


def parse_path(path: str, limits: Limits) -> Document:
    """parse_file of a regular file (never a FIFO or device) with the given limits."""
    require_regular(path)
    return pipeline.parse_file(path, limits=limits)  # looked up at call time: tests replace it
