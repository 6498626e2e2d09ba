"""Vietnamese word boundaries, for the counted noun after a bare number.

"tối thiểu 05 kịch bản ứng dụng dữ liệu", "ít nhất 20 tập dữ liệu mở", "01 sàn giao dịch":
the unit is the first *word* of the phrase, and a Vietnamese word is one to three syllables that
spaces do not mark. underthesea's word segmentation decides it ("kịch bản" | "ứng dụng", "tập" |
"dữ liệu"); it is imported on the first entry that needs it (about 0.3 s once), never at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache


@cache
def _segmenter() -> Callable[[str], list[str]]:
    from underthesea import word_tokenize  # heavy: loaded only when a bare count needs its noun

    return word_tokenize


@lru_cache(maxsize=4096)
def words(phrase: str) -> tuple[str, ...]:
    """The words of a short phrase, in order (syllables of one word joined by a space)."""
    return tuple(w for w in _segmenter()(phrase) if w.strip())


def first_word(phrase: str) -> str:
    found = words(phrase)
    return found[0] if found else ""
