"""Tone-insensitive folding that keeps offsets.

OCR and hurried typing slip on diacritics ("Noi nhận", "QUYÉT NGHỊ", "CHỦ TICH"), so structure
anchors are matched on a folded copy: every letter mapped to its lower-case base letter (đ → d).
The fold maps each character to exactly one character, so a match's offsets index the original.
"""

from __future__ import annotations

import unicodedata


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


def fold(text: str) -> str:
    """Lower-case, diacritic-free copy of `text` with identical length and offsets."""
    return text.translate(_TABLE)
