"""nqparser: Vietnamese People's Council resolutions (NQ-HĐND) → typed JSON.

    >>> import nqparser
    >>> doc = nqparser.parse_file("thai-nguyen-2025.txt")
    >>> doc.metadata.number, len(doc.indicators)
"""

from .errors import ParseError
from .model import Document
from .pipeline import parse_file, parse_text

__all__ = [
    "Document",
    "ParseError",
    "Quantity",
    "find_quantities",
    "parse_file",
    "parse_quantity",
    "parse_text",
]
__version__ = "0.1.0"

_QUANTITY_NAMES = {"Quantity", "find_quantities", "parse_quantity"}


def __getattr__(name: str):
    """The normaliser loads on first use, so `import nqparser` stays cheap for text-only callers."""
    if name in _QUANTITY_NAMES:
        from . import quantities

        return getattr(quantities, name)
    raise AttributeError(f"module 'nqparser' has no attribute {name!r}")
