"""Batch triage: the few facts a clerk sorts a converted folder by, one small dict per document.

Why: a batch of thousands of files mixes resolutions with decisions, plans and reports, and files
without a number or an article tree. The manifest carries these facts per file and the closing
summary counts them, so nobody has to open every JSON to find what needs a second look. The
words that name a kind and the warning codes are data (`grammars/triage.toml`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from . import rules as R
from .caches import per_grammar
from .errors import WarningRecord
from .textfold import fold

GRAMMAR = "triage"
RESOLUTION = "resolution"
UNKNOWN = "unknown"
OTHER = "other"
OTHER_WARNING = "other"

# Manifest fields added by triage, in the order they are written. `warnings` are codes found from
# the wording (grammars/triage.toml), so a document read back from its JSON gets them too;
# `warning_codes` are the records' own codes, known only where the document was just parsed.
FIELDS = ("kind", "doc_type", "number", "issuer", "province", "date", "articles", "indicators", "targets",
          "recipients", "warnings")
RECORDED_FIELDS = (*FIELDS, "warning_codes")


@per_grammar
def _vocab() -> tuple[dict[str, str], list[tuple[str, str]]]:
    """(folded doc_type → kind, [(folded substring, warning code)]) from grammars/triage.toml."""
    data = R.load_grammar(GRAMMAR)
    kinds = {fold(word).strip(): kind for kind, words in data.get("kinds", {}).items() for word in words}
    warnings = [(fold(w["contains"]), w["code"]) for w in data.get("warning", [])]
    return kinds, warnings


def kind_of(doc_type: str | None) -> str:
    """'resolution', 'decision', … from the header's doc_type; 'unknown' when there is none."""
    if not doc_type:
        return UNKNOWN
    kinds, _ = _vocab()
    return kinds.get(" ".join(fold(doc_type).split()), OTHER)


def warning_code(message: str) -> str:
    """The stable code of a warning message ('other' for one the table does not know)."""
    folded = fold(message)
    for needle, code in _vocab()[1]:
        if needle in folded:
            return code
    return OTHER_WARNING


def warning_codes(warnings: Iterable[WarningRecord]) -> list[str]:
    """The records' codes, each once, in the order they first appear (the manifest's `warning_codes`)."""
    return list(dict.fromkeys(w.code for w in warnings))


def _count_articles(nodes: list[Any]) -> int:
    total = 0
    stack = list(nodes)
    while stack:
        node = stack.pop()
        kind = node.get("kind") if isinstance(node, dict) else node.kind
        children = node.get("children", []) if isinstance(node, dict) else node.children
        if kind == "article":
            total += 1
        if kind != "quote":  # articles quoted by an amendment belong to the amended text
            stack.extend(children)
    return total


def triage(doc: Any) -> dict[str, Any]:
    """The triage fields of a `Document` or of its JSON dict (as loaded from an output)."""
    if isinstance(doc, dict):
        meta = doc.get("metadata") or {}
        get = meta.get
        articles, indicators = doc.get("articles") or [], doc.get("indicators") or []
        targets, recipients, warnings = doc.get("targets") or [], doc.get("recipients") or [], doc.get("warnings") or []
    else:
        meta = doc.metadata

        def get(name: str) -> Any:
            return getattr(meta, name)

        articles, indicators, targets = doc.articles, doc.indicators, doc.targets
        recipients, warnings = doc.recipients, doc.warnings
    codes: list[str] = []
    for message in warnings:
        code = warning_code(str(message))
        if code not in codes:
            codes.append(code)
    return {
        "kind": kind_of(get("doc_type")),
        "doc_type": get("doc_type"),
        "number": get("number"),
        "issuer": get("issuer"),
        "province": get("province"),
        "date": get("date"),
        "articles": _count_articles(list(articles)),
        "indicators": len(indicators),
        "targets": len(targets),
        "recipients": len(recipients),
        "warnings": codes,
    }


@dataclass(slots=True)
class Tally:
    """Running counts over a batch, for the closing summary."""

    kinds: Counter[str] = field(default_factory=Counter)
    without_articles: int = 0
    without_number: int = 0
    documents: int = 0

    def add(self, fields: dict[str, Any] | None) -> None:
        if not fields or "kind" not in fields:
            return
        self.documents += 1
        self.kinds[fields["kind"]] += 1
        if not fields.get("articles"):
            self.without_articles += 1
        if not fields.get("number"):
            self.without_number += 1

    def line(self) -> str:
        """E.g. '30 resolutions, 12 decisions, 16 other documents; 19 without articles; 24 without number'."""
        if not self.documents:
            return ""
        named = sorted(((k, n) for k, n in self.kinds.items() if k not in (OTHER, UNKNOWN)),
                       key=lambda kn: (kn[0] != RESOLUTION, -kn[1], kn[0]))  # resolutions first, then by count
        parts = [f"{n} {_plural(k, n)}" for k, n in named]
        rest = self.kinds[OTHER] + self.kinds[UNKNOWN]
        if rest:
            untyped = f" ({self.kinds[UNKNOWN]} without a type)" if self.kinds[UNKNOWN] else ""
            parts.append(f"{rest} other document{'s' if rest != 1 else ''}{untyped}")
        return (", ".join(parts) + f"; {self.without_articles} without articles; "
                f"{self.without_number} without number")


def _plural(kind: str, n: int) -> str:
    return kind if n == 1 else kind + "s"


def require_resolution_error(fields: dict[str, Any] | None) -> str | None:
    """The failure reason under --require-resolution, or None when the document is a resolution."""
    if not fields or "kind" not in fields:
        return None
    if fields["kind"] == RESOLUTION:
        return None
    what = fields.get("doc_type") or "no document type in the header"
    return f"not a resolution ({what})"
