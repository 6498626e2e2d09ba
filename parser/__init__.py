"""nqparser: Vietnamese People's Council resolutions (NQ-HĐND) → typed JSON.

    >>> import nqparser
    >>> doc = nqparser.parse_file("thai-nguyen-2025.txt")
    >>> doc.metadata.number, len(doc.indicators)
"""

from typing import TYPE_CHECKING, Any

from .errors import NqparserError, ParseError, WarningRecord
from .model import (
    SCHEMA_VERSION,
    Document,
    Format,
    Indicator,
    IndicatorSource,
    Metadata,
    Node,
    NodeKind,
    Recipient,
    Role,
    Signer,
    Source,
)
from .pipeline import parse_bytes, parse_file, parse_text

if TYPE_CHECKING:  # loaded on first use (__getattr__); type checkers see them here
    from .quantities import Quantity, find_quantities, parse_quantity
    from .schema import load_schema, schema_path

__all__ = [
    "SCHEMA_VERSION",
    "Document",
    "Format",
    "Indicator",
    "IndicatorSource",
    "Metadata",
    "Node",
    "NodeKind",
    "NqparserError",
    "ParseError",
    "Quantity",
    "Recipient",
    "Role",
    "Signer",
    "Source",
    "WarningRecord",
    "find_quantities",
    "load_schema",
    "parse_bytes",
    "parse_file",
    "parse_quantity",
    "parse_text",
    "schema_path",
]
__version__ = "0.1.0"

_QUANTITY_NAMES = {"Quantity", "find_quantities", "parse_quantity"}
_SCHEMA_NAMES = {"load_schema", "schema_path"}


def __getattr__(name: str) -> Any:
    """The normaliser and the schema (with json) load on first use, so `import nqparser` stays
    cheap for callers that only parse."""
    if name in _QUANTITY_NAMES:
        from . import quantities

        return getattr(quantities, name)
    if name in _SCHEMA_NAMES or name == "schema":  # `nqparser.schema` was imported with the package
        import importlib

        schema = importlib.import_module(f"{__name__}.schema")  # not `from . import`: it asks __getattr__
        return schema if name == "schema" else getattr(schema, name)
    raise AttributeError(f"module 'nqparser' has no attribute {name!r}")
