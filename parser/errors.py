"""The one exception type the library raises for input it cannot parse."""

from __future__ import annotations


class ParseError(Exception):
    """An input could not be read or parsed.

    `path` names the file (None for in-memory text) and `reason` says why in one sentence, so a
    batch can report "file: reason" and carry on with the rest.
    """

    def __init__(self, reason: str, path: str | None = None) -> None:
        self.reason = reason
        self.path = path
        super().__init__(f"{path}: {reason}" if path else reason)
