"""Tone-insensitive folding that keeps offsets.

OCR and hurried typing slip on diacritics ("Noi nhận", "QUYÉT NGHỊ", "CHỦ TICH"), so structure
anchors are matched on a folded copy: every letter mapped to its lower-case base letter (đ → d).
The fold maps each character to exactly one character, so a match's offsets index the original.
"""

from __future__ import annotations

import unicodedata

from .caches import per_line

# Tone marks in canonical decomposition (huyền, sắc, ngã, hỏi, nặng): the one mark a syllable
# carries; the vowel shapes (ă â ê ô ơ ư) and đ are letters, not tones.
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def without_tone(text: str) -> str:
    """The text with its tone marks dropped, its vowel shapes kept ("được" → "đươc"), as OCR
    drops them; unlike `fold`, which keeps no diacritic at all."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in TONE_MARKS))


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    ranges = [(0x41, 0x5A), (0xC0, 0x24F), (0x1E00, 0x1EFF)]
    for lo, hi in ranges:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            base = unicodedata.normalize("NFD", ch)[0].lower()
            if len(base) == 1 and base != ch:
                table[cp] = base
    for ch in "đĐ":
        table[ord(ch)] = "d"
    return table


_TABLE = _build_table()

# The fold as a string indexed by code point, for str.translate: it reads a string by index,
# about twice as fast as it looks a dict up per character (the fold was most of a cheap rule's
# cost). Past its end (the last folded letter) every character maps to itself, as it does with
# the dict (str.translate's LookupError rule).
def _build_translation(table: dict[int, str]) -> str:
    chars = list(map(chr, range(max(table) + 1)))
    for cp, base in table.items():
        chars[cp] = base
    return "".join(chars)


_TRANSLATION = _build_translation(_TABLE)


# Structure anchors are decided near the start of a line ("Nơi nhận", "Điều 3", the closing
# formula within a few hundred characters), so only this many characters are folded; the rest is
# appended as written. Keeps offsets identical and a 5 MB line cheap.
FOLD_PREFIX = 1024


def fold_char(ch: str) -> str:
    """`fold` of one character (a dict lookup: no translate call)."""
    return _TABLE.get(ord(ch), ch)


def fold(text: str) -> str:
    """Lower-case, diacritic-free copy of `text` with identical length and offsets."""
    return text.translate(_TRANSLATION)


@per_line(2048)
def fold_prefix(text: str) -> str:
    """`fold` of the first FOLD_PREFIX characters, the rest unchanged (same length).

    Cached: the segmenter tries a dozen folded rules on the same line.
    """
    if len(text) <= FOLD_PREFIX:
        return text.translate(_TRANSLATION)
    return text[:FOLD_PREFIX].translate(_TRANSLATION) + text[FOLD_PREFIX:]


# The folded rules are anchored at the line start and most lines fail them within a few words, so
# a rule first tries a partial match on the fold of this many characters: when no extension of
# that head could match, the whole line cannot either, and the (slow, per-character) fold of the
# full prefix is skipped. Measured on the seeds: the full fold was a third of segmenting time.
FOLD_HEAD = 48


@per_line(2048)
def fold_head(text: str) -> str:
    """`fold` of the first FOLD_HEAD characters only (for the partial-match pre-check)."""
    return text[:FOLD_HEAD].translate(_TRANSLATION)
