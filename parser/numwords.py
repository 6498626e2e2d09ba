"""Vietnamese number words, Roman numerals and ordinals → int.

Resolutions spell numbers in words in their headers ("Kỳ họp thứ hai mươi ba", "Khóa XIV") and
sometimes in the body ("mười lăm xã"). The vocabulary (digit words, mốt/tư/lăm/linh/lẻ variants,
scale words) lives in `grammars/numbers.toml`; this module holds only the grammar of how the
words combine, which is fixed by the language.

All functions are strict: they return None unless the *whole* input is a number, so a caller can
try them on any phrase without false positives ("mười năm" is "ten years", not 15).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex

from .caches import per_grammar
from .roman import parse as roman_parse
from .rules import load_grammar
from .runcache import compile_regex

__all__ = ["leading_number", "normalize_spelling", "parse_ordinal", "words_to_int", "words_to_number"]

# Old tone placement on open syllables (hoà, thuỷ, khoá) → new (hòa, thủy, khóa). Only at the end
# of a word: "hoàng", "khoảng" keep their mark on the main vowel in both styles. Not after "q":
# "quý" is already right ("qu" is one consonant). Length-preserving, so spans stay valid.
_OLD_TONE_RE = compile_regex(r"(?<!q)(?:o[àáảãạèéẻẽẹ]|u[ỳýỷỹỵ])(?!\p{L})", regex.IGNORECASE)
_SPACES_RE = compile_regex(r"\s+")
_DIGITS_RE = compile_regex(r"\d{1,6}")


@dataclass(frozen=True, slots=True)
class _Vocab:
    digits: dict[str, int]
    unit_after_ten: dict[str, int]
    ten: frozenset[str]
    multiplier: frozenset[str]
    zero: frozenset[str]
    hundred: str
    scales: dict[str, int]  # above a hundred: nghìn, triệu, tỷ, ...
    half: frozenset[str]
    decimal: frozenset[str]
    ordinal: dict[str, int]
    ordinal_markers: frozenset[str]
    tone_fold: dict[str, str]


@per_grammar
def _vocab() -> _Vocab:
    """Read the number vocabulary once (lazily, so importing the package never touches disk)."""
    words = load_grammar("numbers")["words"]
    tens = words["tens"]
    scales = {k: int(v) for k, v in words["scales"].items()}
    hundred = next(k for k, v in scales.items() if v == 100)
    del scales[hundred]
    return _Vocab(
        digits=dict(words["digits"]),
        unit_after_ten=dict(words["unit_after_ten"]),
        ten=frozenset(tens["ten"]),
        multiplier=frozenset(tens["multiplier"]),
        zero=frozenset(tens["zero"]),
        hundred=hundred,
        scales=scales,
        half=frozenset(words["half"]),
        decimal=frozenset(words["decimal"]),
        ordinal=dict(words["ordinal"]),
        ordinal_markers=frozenset(words["ordinal_markers"]["ordinal"]),
        tone_fold=dict(load_grammar("numbers")["tone_fold"]),
    )


def normalize_spelling(text: str) -> str:
    """Lower-case, NFC, new tone placement; diacritics kept (textfold.fold strips them).
    Length-preserving for NFC input (spans stay valid)."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = text.lower()
    if _OLD_TONE_RE.search(text) is None:
        return text
    table = _vocab().tone_fold
    return _OLD_TONE_RE.sub(lambda m: table.get(m.group(0), m.group(0)), text)


_fold_word = lru_cache(maxsize=4096)(normalize_spelling)  # the same few number words recur in every run


def _tokens(text: str) -> list[str]:
    return _SPACES_RE.split(normalize_spelling(text).strip())


def _group(tokens: list[str], i: int, v: _Vocab) -> tuple[int, int] | None:
    """A number below 1000 starting at tokens[i] → (value, next index), or None."""
    n = len(tokens)
    start = i
    value = 0
    if i + 1 < n and tokens[i] in v.digits and tokens[i + 1] == v.hundred:
        value = v.digits[tokens[i]] * 100
        i += 2
        if i < n and tokens[i] in v.zero:  # một trăm linh năm = 105
            if i + 1 < n and v.digits.get(tokens[i + 1], 0) > 0:
                return value + v.digits[tokens[i + 1]], i + 2
            return None
    elif start > 0 and i < n and tokens[i] in v.zero:  # after a scale: hai nghìn lẻ một = 2001
        if i + 1 < n and v.digits.get(tokens[i + 1], 0) > 0:
            return v.digits[tokens[i + 1]], i + 2
        return None
    if i < n and tokens[i] in v.ten:  # mười, mười lăm
        value += 10
        i += 1
        if i < n and tokens[i] in v.unit_after_ten and tokens[i] != "mốt":
            value += v.unit_after_ten[tokens[i]]
            i += 1
        return value, i
    if i + 1 < n and v.digits.get(tokens[i], 0) > 0 and tokens[i + 1] in v.multiplier:
        value += v.digits[tokens[i]] * 10  # hai mươi, ba chục
        i += 2
        if i < n and tokens[i] in v.unit_after_ten:  # hai mươi mốt / tư / lăm
            value += v.unit_after_ten[tokens[i]]
            i += 1
        return value, i
    if i > start:  # "hai trăm" alone; a bare digit after trăm needs linh/lẻ
        return value, i
    if i < n and tokens[i] in v.digits:
        return v.digits[tokens[i]], i + 1
    return None


def _parse(tokens: list[str], v: _Vocab) -> int | None:
    """Whole token list as one number; scales stack ("hai mươi nghìn tỷ" = 2e13)."""
    terms: list[tuple[int, int]] = []  # (value, scale), scales strictly decreasing
    pending: int | None = None
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        scale = v.scales.get(tok)
        if scale is not None:
            if pending is None and not (terms and terms[-1][1] < scale):
                return None  # a scale with no number before it ("triệu", "tỷ tỷ")
            value = pending or 0
            while terms and terms[-1][1] < scale:  # "một nghìn hai trăm tỷ" = 1200 tỷ
                value += terms.pop()[0]
            if value == 0 or (terms and terms[-1][1] <= scale):
                return None
            i += 1
            if i < n and tokens[i] in v.half:  # một triệu rưỡi
                terms.append((value * scale + scale // 2, scale))
                i += 1
            else:
                terms.append((value * scale, scale))
            pending = None
            continue
        if pending is not None:
            return None  # two groups with no scale between them: "hai ba"
        got = _group(tokens, i, v)
        if got is None:
            return None
        pending, i = got
        if i < n and tokens[i] in v.half and tokens[i - 1] == v.hundred:  # trăm rưỡi = 150
            pending += 50
            i += 1
    if not terms and pending is None:
        return None
    return sum(t[0] for t in terms) + (pending or 0)


def words_to_int(text: str) -> int | None:
    """Vietnamese number words → int ("hai mươi mốt" → 21); None unless the whole text is one."""
    tokens = _tokens(text)
    if not tokens or tokens == [""]:
        return None
    return _parse(tokens, _vocab())


def words_to_number(text: str) -> float | None:
    """Number words with an optional spoken decimal point → float ("bảy phẩy hai" → 7.2).

    Why apart from words_to_int: the part after "phẩy" is read digit by digit ("ba phẩy không
    năm" = 3.05) or as one number ("bảy phẩy hai mươi lăm" = 7.25), which words_to_int rejects."""
    tokens = _tokens(text)
    if not tokens or tokens == [""]:
        return None
    return _number_of(tokens, _vocab())


def leading_number(words: list[str]) -> tuple[float, int] | None:
    """The longest leading run of `words` that is one number, as (value, how many words).

    Why: a finder holds a run of number words and wants its longest number ("hai mươi năm" → 20,
    2 words); folding once and trying the slices is what keeps that cheap per run."""
    v = _vocab()
    tokens = [_fold_word(w) for w in words]
    if len(tokens) > 1 and len(set(tokens)) == 1:
        tokens = tokens[:1]  # "mười mười ...": a word repeated is no number beyond its first
    for n in range(len(tokens), 0, -1):
        value = _number_of(tokens[:n], v)
        if value is not None:
            return value, n
    return None


def _number_of(tokens: list[str], v: _Vocab) -> float | None:
    """words_to_number on folded tokens."""
    cut = next((i for i, t in enumerate(tokens) if t in v.decimal), None)
    if cut is None:
        whole = _parse(tokens, v)
        return None if whole is None else float(whole)
    whole = _parse(tokens[:cut], v)
    fraction = _fraction_digits(tokens[cut + 1 :], v)
    if whole is None or fraction is None:
        return None
    return float(f"{whole}.{fraction}")


def _fraction_digits(tokens: list[str], v: _Vocab) -> str | None:
    """The digits after a spoken decimal point: one word per digit, or one number read whole."""
    if not tokens:
        return None
    if len(tokens) > 1 and all(t in v.digits or t in v.unit_after_ten for t in tokens):
        # "hai lăm" = 25: the spoken unit forms stand for their digit too
        return "".join(str(v.digits.get(t, v.unit_after_ten.get(t, 0))) for t in tokens)
    value = _parse(tokens, v)
    return None if value is None else str(value)


def parse_ordinal(text: str) -> int | None:
    """An ordinal with or without "thứ": "thứ mười chín" → 19, "thứ 18", "thứ nhất", "thứ XX"."""
    v = _vocab()
    raw = _SPACES_RE.sub(" ", text.strip())
    tokens = _tokens(raw)
    if tokens and tokens[0] in v.ordinal_markers:
        tokens = tokens[1:]
        raw = raw.split(" ", 1)[1] if " " in raw else ""
    if not tokens or tokens == [""]:
        return None
    if len(tokens) == 1:
        tok = tokens[0]
        if _DIGITS_RE.fullmatch(tok):
            return int(tok)
        if tok in v.ordinal:  # nhất, nhì, tư
            return v.ordinal[tok]
        roman = roman_parse(raw)
        if roman is not None:
            return roman
    return _parse(tokens, v)
