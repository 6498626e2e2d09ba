"""Legacy Vietnamese encodings (TCVN3/ABC, VNI) read as if they were Unicode.

Why: provincial archives before ~2005 are typed in TCVN3 fonts (.VnTime, .VnArial …) or VNI
fonts (VNI-Times …), which put Vietnamese letters on Latin-1 code points. Opened as Unicode,
"Hội đồng nhân dân" reads "Héi ®ång nh©n d©n" (TCVN3) or "Hoäi ñoàng nhaân daân" (VNI): no
rule matches, and the document used to "convert" with 0 articles and no word about why.
Detected by character statistics: such text has (almost) none of the letters only Unicode
Vietnamese uses (U+1EA0-U+1EF9, ă đ ơ ư) and many of the Latin-1 symbols the legacy fonts
draw as letters. Converting is left to tools built for it (UniKey, the vendors' converters).
"""

from __future__ import annotations

import itertools
import re

from .runcache import compile_re

SAMPLE_CHARS = 200_000  # enough to decide; the rest of a 50 MB file is not scanned
MIN_LETTERS = 100  # below this, no verdict (a short note, a title)
UNICODE_SHARE = 0.02  # real Vietnamese: ~10-15% of letters are U+1Exx or ă đ ơ ư
LEGACY_SHARE = 0.02  # share of legacy marks among letters that names the encoding
MIN_DISTINCT_MARKS = 4

# TCVN3 puts à á ả ã ạ ă â ê ô ơ đ Đ (the commonest letters) on these; VNI never uses them.
TCVN3_MARKS = frozenset("µ¸¶·¹¨©ª«¬®§")
# VNI writes tone and vowel marks as a second character from these; Vietnamese Unicode never has them.
VNI_MARKS = frozenset("øûïäåëüöñæîÑ")
_UNICODE_ONLY = frozenset("ăđơưĂĐƠƯ")


# Letters only Unicode Vietnamese has: counted in C first, so ordinary documents pass at once.
_UNICODE_ONLY_RE = compile_re("[\u1ea0-\u1ef9\u0103\u0111\u01a1\u01b0\u0102\u0110\u01a0\u01af]")


def _has_more_than(pattern: re.Pattern[str], text: str, count: int) -> bool:
    """Whether `pattern` occurs more than `count` times in `text`: the scan stops at the first
    occurrence past the count (a Vietnamese document gets there within its first pages, where
    counting every occurrence in the 200 KB sample built a list of them all)."""
    return next(itertools.islice(pattern.finditer(text), count, None), None) is not None


def legacy_encoding(text: str) -> str | None:
    """'TCVN3' or 'VNI' when `text` is legacy-font Vietnamese read as Unicode, else None."""
    sample = text[:SAMPLE_CHARS]
    if _has_more_than(_UNICODE_ONLY_RE, sample, int(UNICODE_SHARE * len(sample))):
        return None  # more Unicode-only letters than the share allows even if every character were a letter
    letters = unicode_letters = tcvn = vni = 0
    seen: set[str] = set()
    for ch in sample:
        if ch.isalpha():
            letters += 1
        if "\u1ea0" <= ch <= "\u1ef9" or ch in _UNICODE_ONLY:
            unicode_letters += 1
        elif ch in TCVN3_MARKS:
            tcvn += 1
            seen.add(ch)
        elif ch in VNI_MARKS:
            vni += 1
            seen.add(ch)
    if letters < MIN_LETTERS or unicode_letters > UNICODE_SHARE * letters:
        return None
    # several different marks, not one symbol repeated (French « », German ä ö ü)
    if tcvn >= LEGACY_SHARE * letters and len(seen & TCVN3_MARKS) >= MIN_DISTINCT_MARKS:
        return "TCVN3"
    if vni >= LEGACY_SHARE * letters and len(seen & VNI_MARKS) >= MIN_DISTINCT_MARKS:
        return "VNI"
    return None


REASONS = {
    "TCVN3": "text is in the legacy TCVN3 (ABC) encoding (fonts .VnTime, .VnArial …), not Unicode; "
             "convert it to Unicode (e.g. with UniKey's converter) and try again",
    "VNI": "text is in the legacy VNI encoding (fonts VNI-Times …), not Unicode; "
           "convert it to Unicode (e.g. with UniKey's converter) and try again",
}
