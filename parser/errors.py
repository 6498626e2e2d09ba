"""The library's exceptions: one base class, so a caller can catch everything nqparser raises on
purpose (`except nqparser.errors.NqparserError`) while a bug still surfaces as its own type."""

from __future__ import annotations


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
