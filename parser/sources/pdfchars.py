"""Bulk character queries on a PDFium text page, for the PDF reader's hot loop.

Why: the reader needs, for every word, the loose boxes of its first and last character and the
text object of its first character. Asked one word at a time through pypdfium2's bindings, each
answer costs a Python loop turn, a ctypes argument conversion to a struct pointer and four struct
field reads. Here each query is one `map` over the words (the loop runs in C), every box is
written to its own slot of one float array by address, and the array comes back as one list.
The values are exactly those of `FPDFText_GetLooseCharBox` and `FPDFText_GetTextObject`.
"""

from __future__ import annotations

import ctypes
from collections import deque
from functools import cache
from itertools import repeat
from typing import Any

RECT_FLOATS = 4  # FS_RECTF: left, top, right, bottom (c_float each)
RECT_BYTES = RECT_FLOATS * ctypes.sizeof(ctypes.c_float)


@cache
def _functions() -> tuple[Any, Any]:
    """GetLooseCharBox and GetTextObject re-typed to take and give plain addresses (ints), which
    ctypes converts faster than typed pointers; pypdfium2's own function objects are left as
    they are."""
    import pypdfium2.raw as raw

    def address(fn: Any) -> int:
        value = ctypes.cast(fn, ctypes.c_void_p).value
        assert value is not None
        return value

    void_p, c_int = ctypes.c_void_p, ctypes.c_int
    loose_box = ctypes.CFUNCTYPE(c_int, void_p, c_int, void_p)(address(raw.FPDFText_GetLooseCharBox))
    text_object = ctypes.CFUNCTYPE(void_p, void_p, c_int)(address(raw.FPDFText_GetTextObject))
    return loose_box, text_object


def handle(textpage_raw: Any) -> int:
    """The address behind pypdfium2's FPDF_TEXTPAGE pointer."""
    value = ctypes.cast(textpage_raw, ctypes.c_void_p).value
    return value or 0


def word_boxes(tp: int, firsts: list[int], lasts: list[int]) -> list[float]:
    """Loose boxes of each word's first and last character, flat: for word k the floats
    [8k:8k+4] are the first character's (left, top, right, bottom) and [8k+4:8k+8] the last's."""
    n = len(firsts)
    if not n:
        return []
    loose_box, _ = _functions()
    out = (ctypes.c_float * (2 * RECT_FLOATS * n))()
    base = ctypes.addressof(out)
    step = 2 * RECT_BYTES
    deque(map(loose_box, repeat(tp), firsts, range(base, base + step * n, step)), maxlen=0)
    deque(map(loose_box, repeat(tp), lasts, range(base + RECT_BYTES, base + step * n, step)), maxlen=0)
    return out[:]


def text_objects(tp: int, indices: list[int]) -> list[int | None]:
    """The text object (an address; None for a character PDFium generated) of each character."""
    _, text_object = _functions()
    return list(map(text_object, repeat(tp), indices))
