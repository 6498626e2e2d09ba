"""The shape an nqparser document JSON must have before `indicators` exports it.

Why: converted outputs are files anyone can edit or truncate by hand; one document of the wrong
shape ("indicators": "n/a", a list of strings) used to abort the whole export with a traceback.
Checked once when the document is read, so the export reports it by name and goes on.
"""

from __future__ import annotations

from typing import Any

# part → the type every entry must have (None: the part itself is an object)
_LISTS_OF_OBJECTS = ("articles", "appendix", "recipients", "indicators", "targets")
_LISTS = ("warnings", "archive")
_OBJECTS = ("metadata", "source")


def shape_error(doc: dict[str, Any]) -> str | None:
    """Why `doc` cannot be exported (one phrase), or None when its parts have the right types."""
    for key in _OBJECTS:
        if doc.get(key) is not None and not isinstance(doc[key], dict):
            return f"'{key}' is not an object"
    for key in (*_LISTS_OF_OBJECTS, *_LISTS):
        value = doc.get(key)
        if value is not None and not isinstance(value, list):
            return f"'{key}' is not a list"
    for key in _LISTS_OF_OBJECTS:
        for i, item in enumerate(doc.get(key) or [], start=1):
            if not isinstance(item, dict):
                return f"'{key}' entry {i} is not an object"
            if key in ("articles", "appendix"):
                error = _node_error(item, f"{key} entry {i}")
                if error:
                    return error
    meta = doc.get("metadata") or {}
    if meta.get("signer") is not None and not isinstance(meta["signer"], dict):
        return "'metadata.signer' is not an object"
    return None


def _node_error(node: dict[str, Any], where: str) -> str | None:
    """Walk a node tree without recursion (a hand-made file may nest without bound)."""
    stack = [(node, where)]
    while stack:
        current, at = stack.pop()
        children = current.get("children")
        if children is None:
            continue
        if not isinstance(children, list):
            return f"'{at}': 'children' is not a list"
        for j, child in enumerate(children, start=1):
            if not isinstance(child, dict):
                return f"'{at}': child {j} is not an object"
            stack.append((child, f"{at}/{j}"))
    return None
