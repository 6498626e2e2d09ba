"""What can go wrong: the library's exceptions, with one base class so a caller can catch
everything nqparser raises on purpose (`except nqparser.errors.NqparserError`) while a bug still
surfaces as its own type; and the warning record for what did not stop a document."""

from __future__ import annotations

from dataclasses import dataclass


class NqparserError(Exception):
    """Base of every error the library raises for bad input, bad configuration or a failed write."""


class ParseError(NqparserError):
    """An input could not be read or parsed.

    `path` names the file (None for in-memory text) and `reason` says why in one sentence, so a
    batch can report "file: reason" and carry on with the rest.
    """

    def __init__(self, reason: str, path: str | None = None) -> None:
        self.reason = reason
        self.path = path
        super().__init__(f"{path}: {reason}" if path else reason)


class ConfigError(NqparserError, ValueError):
    """A setting the caller gave is not one the library knows (an unknown limit, a wrong type)."""


@dataclass(frozen=True, slots=True)
class WarningRecord:
    """Something the parser worked around: the document is still produced, and says so.

    Stages return these rather than bare sentences so that tests and the batch manifest
    (`warning_codes`) match the stable `code`, never a substring of the wording. The document's
    JSON keeps listing the `message` alone in `warnings` (the output format is unchanged).
    `lines` are the source lines it points at (a span: its first and last; none for a file- or
    page-level note).
    """

    code: str
    message: str
    lines: tuple[int, ...] = ()

    def __str__(self) -> str:
        return self.message
