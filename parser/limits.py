"""What one input may cost: the per-file limits every reader, the pipeline, the batch and the CLI share.

Why one record: the same six limits used to be re-declared as keyword arguments in every
signature on the way from the CLI to the readers, and a limit added in one place was easily
dropped in another (the review command never passed `max_unzipped_bytes` on). `Limits.resolve`
accepts None, a dict or an instance, as pdfplumber's `TableSettings.resolve` does, so callers can
write `parse_file(path, limits={"max_pages": 20})` without importing this module.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from .errors import ConfigError

DEFAULT_TIMEOUT = 60.0  # seconds; a batch's per-file budget unless --timeout says otherwise (BATCH_LIMITS)


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-input limits; None means "the reader's own default" (see each reader's DEFAULT_*).

    Frozen and picklable: one instance is shared by every task of a batch and sent to workers.
    """

    max_bytes: int | None = None  # input file size
    max_pages: int | None = None  # PDF pages
    max_unzipped_bytes: int | None = None  # DOCX: what the ZIP may inflate to (ZIP bombs)
    ocr: bool = True  # False: scanned PDF pages are not sent to Tesseract (reported in warnings)
    max_ocr_pages: int | None = None  # PDF pages sent to Tesseract per document
    timeout: float | None = None  # per-file seconds in a batch (None: none); parse_file itself has no clock
    max_memory: int | None = None  # address-space limit of a batch worker (parser/memory.py); None: none

    def __post_init__(self) -> None:
        """A wrong value is a ConfigError naming the field, not a TypeError deep inside a reader."""
        for name in ("max_bytes", "max_pages", "max_unzipped_bytes", "max_ocr_pages", "max_memory"):
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
                raise ConfigError(f"limit {name} must be a whole number of at least 1 or None, not {value!r}")
        if not isinstance(self.ocr, bool):
            raise ConfigError(f"limit ocr must be True or False, not {self.ocr!r}")
        timeout = self.timeout
        if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0):
            raise ConfigError(f"limit timeout must be a positive number of seconds or None, not {timeout!r}")

    @classmethod
    def resolve(cls, limits: Limits | Mapping[str, Any] | None = None) -> Limits:
        """An instance from None (the defaults), a mapping of field names, or an instance (as is).

        An unknown key is a ConfigError naming it and the known ones, not a silently ignored typo.
        """
        if limits is None:
            return cls()
        if isinstance(limits, cls):
            return limits
        if isinstance(limits, Mapping):
            known = cls.names()
            unknown = sorted(str(k) for k in limits if k not in known)
            if unknown:
                raise ConfigError(f"unknown limit(s) {', '.join(unknown)}; known: {', '.join(known)}")
            return cls(**limits)
        raise ConfigError(f"limits must be None, a dict or a Limits, not {type(limits).__name__}")

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """The field names, in declaration order."""
        return tuple(f.name for f in fields(cls))


LimitsLike = Limits | Mapping[str, Any] | None  # what `Limits.resolve` accepts
BATCH_LIMITS = Limits(timeout=DEFAULT_TIMEOUT)  # a batch's defaults: the readers' own limits, 60 s per file
