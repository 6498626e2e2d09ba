"""Quoted amendment wording: where it opens and where it closes.

A resolution that amends an earlier one writes the new wording in quotes after an amending
clause ("1. Sửa đổi, bổ sung Điều 7 như sau:" ⏎ "“Điều 7. …" … "… Nghị quyết này.”."). The quoted
lines carry their own "Điều", khoản and điểm labels, which belong to the amended text, not to the
resolution; the segmenter keeps them together as one quote node. These functions only read text
(the vocabulary is `[amendments]` in grammars/structure.toml); segment.py places the node.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .caches import per_grammar
from .rules import load_grammar
from .runcache import compile_regex
from .textfold import fold


@dataclass(frozen=True, slots=True)
class _Vocab:
    endings: tuple[str, ...]  # folded lead-in endings ("nhu sau:")
    ending_reach: int  # characters from the line end that can hold an ending
    verbs: regex.Pattern[str]  # folded amendment verbs, whole words
    quotes: dict[str, str]  # opening → closing quote
    tails: tuple[str, ...]  # what may follow the closing quote, longest first


@per_grammar
def _vocab() -> _Vocab:
    g = load_grammar("structure")["amendments"]
    verbs = sorted((fold(v) for v in g["verbs"]), key=len, reverse=True)
    return _Vocab(
        endings=tuple(fold(e) for e in g["lead_in_endings"]),
        ending_reach=max((len(e) for e in g["lead_in_endings"]), default=0),
        verbs=compile_regex(r"(?<![\p{L}\d])(?:" + "|".join(regex.escape(v) for v in verbs) + r")(?![\p{L}\d])"),
        quotes=dict(g["quotes"]),
        tails=tuple(sorted(g["closing_tails"], key=len, reverse=True)),
    )


def is_lead_in(text: str) -> bool:
    """An amending sentence that announces quoted wording ("… được sửa đổi như sau:")."""
    v = _vocab()
    text = text.rstrip()
    if not fold(text[-v.ending_reach:]).endswith(v.endings):  # cheap: most lines end otherwise
        return False
    return v.verbs.search(fold(text)) is not None


def opening_quote(text: str) -> str | None:
    """The quote character a line opens with, if any."""
    first = text[:1]
    return first if first in _vocab().quotes else None


@dataclass(slots=True)
class QuoteScan:
    """Follows one quotation line by line and says at which line it closes.

    Curly quotes are counted (opened minus closed), so quoted phrases inside the block ("thay
    cụm từ “A” bằng “B”") do not close it; straight quotes close themselves and are counted by
    parity. The block closes at the first line that ends with the closing quote (maybe followed
    by ".", ";", "./.") once nothing opened inside is still open.
    """

    opening: str
    closing: str
    depth: int = 0

    @classmethod
    def start(cls, opening: str) -> QuoteScan:
        return cls(opening=opening, closing=_vocab().quotes[opening])

    def closes_at(self, text: str) -> bool:
        """Feed the next line of the block; True when the quotation ends on it."""
        if self.opening == self.closing:
            self.depth = (self.depth + text.count(self.opening)) % 2
        else:
            self.depth += text.count(self.opening) - text.count(self.closing)
        return self.depth <= 0 and self.ends_with_closing(text)

    def ends_with_closing(self, text: str) -> bool:
        return strip_closing(text, self.closing) is not None


def strip_closing(text: str, closing: str) -> str | None:
    """The line without its closing quote and what follows it (".", ";", "./."), or None when
    it does not end with the closing quote."""
    body = text.rstrip()
    for tail in _vocab().tails:
        if body.endswith(tail) and body[:-len(tail)].rstrip().endswith(closing):
            body = body[:-len(tail)].rstrip()
            break
    if not body.endswith(closing):
        return None
    return body[:-len(closing)].rstrip()


def inner_text(texts: list[str], opening: str, closed: bool) -> str:
    """The quoted wording itself: the lines joined by newlines, without the outer quote marks
    (the closing one only when the block was closed)."""
    lines = list(texts)
    if lines and lines[0].startswith(opening):
        lines[0] = lines[0][len(opening):].lstrip()
    if closed and lines:
        stripped = strip_closing(lines[-1], _vocab().quotes[opening])
        if stripped is not None:
            lines[-1] = stripped
    return "\n".join(lines)
