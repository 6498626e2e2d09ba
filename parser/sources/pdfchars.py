"""Bulk character queries on a PDFium text page, for the PDF reader's hot loop.

Why: the reader needs, for every word, the loose boxes of its first and last character and the
text object of its first character. Asked one word at a time through pypdfium2's bindings, each
answer costs a Python loop turn, a ctypes conversion of every argument and four struct field
reads. Here each query is one `map` over the page's words (the loop runs in C), every box is
written to its own slot of one float array, and the array comes back as one list.

The functions are re-typed from pypdfium2's (which stay as they are): no declared argument types,
so ctypes passes the handle, an int and a byref slot without a conversion call each; and as
`PYFUNCTYPE`, so the GIL is not dropped and retaken around a call of a few hundred nanoseconds.
Together that halves the cost of a call. The values are exactly those of
`FPDFText_GetLooseCharBox` and `FPDFText_GetTextObject`.
"""

from __future__ import annotations

import ctypes
from collections import deque
from functools import cache
from itertools import repeat
from typing import Any

RECT_FLOATS = 4  # FS_RECTF: left, top, right, bottom (c_float each)
RECT_BYTES = RECT_FLOATS * ctypes.sizeof(ctypes.c_float)


def _address(ptr: Any) -> int:
    value = ctypes.cast(ptr, ctypes.c_void_p).value
    return value or 0


def _untyped(restype: Any, fn: Any) -> Any:
    """`fn` (a pypdfium2 function) called with the GIL held and without argument conversion:
    arguments must be ctypes objects or ints that fit a C int."""
    return ctypes.PYFUNCTYPE(restype)(_address(fn))  # no argtypes: every argument passes as it is


@cache
def _functions() -> tuple[Any, Any, Any]:
    import pypdfium2.raw as raw

    return (_untyped(ctypes.c_int, raw.FPDFText_GetLooseCharBox),
            _untyped(ctypes.c_void_p, raw.FPDFText_GetTextObject),
            _untyped(ctypes.c_float, raw.FPDFText_GetCharAngle))


@cache
def _float_array(size: int) -> Any:
    """The ctypes type of `size` floats, kept: a ctypes type dropped is a reference cycle left for
    the garbage collector, and sizes are powers of two, so there are few."""
    return ctypes.c_float * size


def word_boxes(tp: Any, firsts: list[int], lasts: list[int]) -> list[float]:
    """Loose boxes of each word's first and last character on text page `tp` (pypdfium2's
    FPDF_TEXTPAGE pointer: a ctypes pointer passes without conversion), flat: for word k the floats
    [8k:8k+4] are the first character's (left, top, right, bottom) and [8k+4:8k+8] the last's."""
    n = len(firsts)
    if not n:
        return []
    loose_box = _functions()[0]
    floats = 2 * RECT_FLOATS * n
    out = _float_array(1 << (floats - 1).bit_length())()
    step = 2 * RECT_BYTES
    slots = map(ctypes.byref, repeat(out), range(0, step * n, step))
    deque(map(loose_box, repeat(tp), firsts, slots), maxlen=0)
    slots = map(ctypes.byref, repeat(out), range(RECT_BYTES, step * n, step))
    deque(map(loose_box, repeat(tp), lasts, slots), maxlen=0)
    return out[:floats]


def text_objects(tp: Any, indices: list[int]) -> list[int | None]:
    """The text object (an address; None for a character PDFium generated) of each character."""
    text_object = _functions()[1]
    return list(map(text_object, repeat(tp), indices))


def char_angles(tp: Any, indices: list[int]) -> list[float]:
    """FPDFText_GetCharAngle of each character (radians, clockwise; -1 on failure)."""
    char_angle = _functions()[2]
    return list(map(char_angle, repeat(tp), indices))
