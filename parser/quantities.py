"""Quantities in Vietnamese resolutions: "Tăng 9,5%", "Dưới 3%", "115 triệu đồng/người/năm".

Why a module of our own: no library reads this domain (see NOTES.md, "Numbers"): percentages with
comparators, ranges whose scale word belongs to both ends, money in base units, Vietnamese vs
English digit grouping, and the many numbers that are *labels* (Điều 3, số 24/NQ-HĐND, COVID-19).

How: every vocabulary lives in `grammars/numbers.toml`; the patterns are assembled from it once
(cached) and compiled with Python's `re` (about twice as fast per call as `regex` here, which
matters at tens of thousands of documents). For each digit run one anchored pattern reads the
number and everything after it (scale, range, unit, "/người/năm", "trở lên", "so với năm 2022");
the few words before it (comparators, tăng/giảm, lead words such as "ngày", "năm", "Điều") are
read in Python. Quantities without digits ("thứ hai mươi ba", "Khóa XIV") are found from a dozen
keywords. Every repetition in the patterns consumes a separator or a fixed word, so matching
stays linear on 1 MB lines.

Shapes beyond "number + unit": a count out of a total ("5/8 chỉ tiêu": value 5, `total` 8), a
factor ("gấp 2,4 lần": `factor`), a duration ("ba năm": `duration`), comparator symbols (">2.300",
"≥ 90%"), "vượt" as an increase over a baseline ("vượt 3% kế hoạch") or as ">" before a bare
amount, and a bracketed amount after "vượt so với dự toán ..." (">" that amount).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from . import numwords, roman, textfold
from .caches import per_grammar, per_line, register_per_line
from .numwords import leading_number, normalize_spelling
from .rules import fragments, load_grammar
from .runcache import compile_re, derived
from .textfold import without_tone

__all__ = ["Quantity", "apply_unit", "find_quantities", "parse_quantity", "unit_with_per"]

_NUMERIC_KINDS = frozenset({"number", "percent", "money", "quantity"})


@dataclass(frozen=True, slots=True)
class Quantity:
    """One quantity found in text; money is in base units (đồng, dollars)."""

    kind: str  # number | percent | money | quantity | ordinal | date | year
    value: float | None
    low: float | None = None
    high: float | None = None
    unit: str | None = None  # canonical ("%", "pp", "VND", "m2") or the counted noun ("xã")
    per: tuple[str, ...] = ()  # ("người", "năm") for "/người/năm"
    scale: str | None = None  # scale word as written ("tỷ", "nghìn tỷ")
    comparator: str | None = "="  # = < <= > >= between; None for dates and ordinals
    approximate: bool = False
    direction: str | None = None  # increase | decrease
    baseline: str | None = None  # "so với năm 2022"
    date: str | None = None  # ISO: 2024-12-10, 2025-06, 2025-Q1, --12-10
    ambiguous: bool = False  # digit grouping could not be decided ("1,500")
    span: tuple[int, int] = (0, 0)
    raw: str = ""
    total: float | None = None  # the whole a count is out of: 8 for "5/8 chỉ tiêu"
    factor: bool = False  # a multiplier: "gấp 2,4 lần", "tăng 0,7 lần"
    duration: bool = False  # a length of time: "ba năm", "06 tháng"

    @property
    def unit_with_per(self) -> str | None:
        """Unit and per-chain as one string, the form the indicator scorer uses: "VND/người/năm"."""
        return unit_with_per(self.unit, self.per)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "value": self.value,
            "low": self.low,
            "high": self.high,
            "unit": self.unit,
            "per": list(self.per),
            "scale": self.scale,
            "comparator": self.comparator,
            "approximate": self.approximate,
            "direction": self.direction,
            "baseline": self.baseline,
            "date": self.date,
            "ambiguous": self.ambiguous,
            "span": list(self.span),
            "raw": self.raw,
            "total": self.total,
            "factor": self.factor,
            "duration": self.duration,
        }


class _QuantityBuilder:
    """Same slots as Quantity, not frozen: built here, then given the Quantity class.

    Why: a frozen dataclass's __init__ calls object.__setattr__ once per field, about 4 µs for
    15 fields; the finder builds one per quantity, which was a fifth of its time."""

    __slots__ = tuple(f for f in Quantity.__slots__)

    def __init__(self, *values: Any) -> None:
        (self.kind, self.value, self.low, self.high, self.unit, self.per, self.scale, self.comparator,
         self.approximate, self.direction, self.baseline, self.date, self.ambiguous, self.span,
         self.raw) = values[:15]
        self.total, self.factor, self.duration = values[15:] if len(values) > 15 else (None, False, False)


def _quantity(*values: Any) -> Quantity:
    """Quantity(*values) without the frozen-dataclass cost (see _QuantityBuilder)."""
    q = _QuantityBuilder(*values)
    object.__setattr__(q, "__class__", Quantity)
    return q  # type: ignore[return-value]


def _simple(
    kind: str, value: float | None, comparator: str | None, span: tuple[int, int], raw: str,
    low: float | None = None, high: float | None = None, date: str | None = None,
) -> Quantity:
    """A date, year or ordinal (no unit, per, scale, direction or hedge)."""
    return _quantity(kind, value, low, high, None, (), None, comparator, False, None, None, date, False, span, raw)


def unit_with_per(unit: str | None, per: tuple[str, ...] | list[str] = ()) -> str | None:
    """ "VND" + ("người", "năm") → "VND/người/năm"; None when there is neither."""
    if not per:
        return unit
    return "/".join([unit or "", *per]) if unit else "/" + "/".join(per)


# ------------------------------------------------------------------------------------------------
# Vocabulary and patterns (built once, on first use, from grammars/numbers.toml)
# ------------------------------------------------------------------------------------------------

_LETTER = r"[^\W\d_]"
_MAX_NUMBER_WORDS = 16
_R = r"(?![^\W_])"  # right boundary: no letter or digit follows (so "ha" never matches in "hai")


def _key(text: str) -> str:
    """Lookup key of a matched word: folded (lower, NFC, new tones), single spaces."""
    return " ".join(normalize_spelling(text).split())


_key_cached = register_per_line(lru_cache(maxsize=8192)(_key))


def _old_tone_variants(word: str, table: dict[str, str]) -> set[str]:
    """The word and its old-tone-placement spelling (khóa → khoá), so raw text matches both."""
    out = {word}
    for old, new in table.items():
        if word.endswith(new) or (new + " ") in word:
            out.add(word.replace(new, old))
    return out


def toneless_aliases(words: set[str], skip: set[str]) -> dict[str, str]:
    """Each spelling of a word with the tone marks of some of its syllables dropped → the word
    ("tối thiểu" → "tôi thiểu", "tối thiêu", "tôi thiêu"), unless it is in `skip` (a word of its
    own or a real word read otherwise); a spelling two words share is left out."""
    out: dict[str, str] = {}
    shared: set[str] = set()
    for word in sorted(words):
        syllables = word.split(" ")
        options = [sorted({s, without_tone(s)}) for s in syllables]
        for combo in itertools.product(*options):
            alias = " ".join(combo)
            if alias == word or alias in skip:
                continue
            if alias in out and out[alias] != word:
                shared.add(alias)
            out[alias] = word
    return {a: w for a, w in out.items() if a not in shared}


_END = ""  # trie key marking the end of a word


def _trie_emit(node: dict[str, Any]) -> str:
    """Regex for a trie node: branch on the next character, longer words before an ending.

    Why a trie: alternatives are tried one by one; sharing prefixes makes a 200-word vocabulary
    cost a few character tests per position instead of 200."""
    alts = []
    for ch in sorted(k for k in node if k != _END):
        piece = r"\s+" if ch == " " else re.escape(ch)
        alts.append(piece + _trie_emit(node[ch]))
    if _END in node:
        alts.append(node[_END])
    if len(alts) == 1:
        return alts[0]
    return "(?:" + "|".join(alts) + ")"


def _alt(
    words: set[str] | list[str] | frozenset[str],
    table: dict[str, str],
    *,
    boundary: str = _R,
    tails: dict[str, str] | None = None,
    reverse: bool = False,
) -> str:
    """Vocabulary entries (and their old-tone spellings) as one trie-shaped group; the longest
    entry wins ("trên dưới" over "trên", "km2" over "km"). Entries ending in a letter or digit
    get `boundary`; `tails` adds a per-word lookahead ("năm" not before a year). With `reverse`
    the entries are spelled backwards, for matching a reversed string (see _left)."""
    root: dict[str, Any] = {}
    for w in words:
        for v in _old_tone_variants(" ".join(w.lower().split()), table):
            node = root
            for ch in v[::-1] if reverse else v:
                node = node.setdefault(ch, {})
            node[_END] = (boundary if v[-1 if not reverse else 0].isalnum() else "") + (tails or {}).get(v, "")
    return "(?:" + _trie_emit(root) + ")" if root else "(?!)"


@dataclass(frozen=True, slots=True)
class _Grammar:
    num: re.Pattern[str]  # at a digit: the number and its right-hand side
    special: re.Pattern[str]  # at a digit followed by / - or a letter: doc numbers, dates, 5G
    lead: re.Pattern[str]  # at a lead word: ngày, năm, giai đoạn, thứ, Khóa, Điều, số, COVID
    words: re.Pattern[str]  # at the start of a number-word run
    right: re.Pattern[str]  # after a number written in words
    head: re.Pattern[str]  # at a line start: numbered headings
    note: re.Pattern[str]  # at "(" or "[": footnotes, phone prefixes
    unit_text: re.Pattern[str]
    scales: dict[str, float]
    currencies: dict[str, str]
    units: dict[str, str]
    prefix_roles: dict[str, tuple[str, str]]  # word → ("cmp", op) | ("hedge", "") | ("dir", d) | ("fill", "")
    suffix: dict[str, str]
    abbreviations: dict[str, str]
    leads: frozenset[str]
    left_words: frozenset[str]
    left_word_ends: frozenset[str]  # last words of the left words of several words ("quân" of "tăng bình quân")
    left_rev: re.Pattern[str]  # left words, matched on the reversed text before a number
    left_groups: tuple[int, ...]  # group numbers of the words nearest-first
    number_words: frozenset[str]
    run_starts: frozenset[str]  # number words a run may start with
    single_word_ok: frozenset[str]
    keywords: tuple[str, ...]
    keyword_re: re.Pattern[str] | None  # all keywords as one alternation, when that is exact
    ordinal_words: dict[str, int]
    noisy_scales: dict[str, float]  # "ty", "tý", "tr": scales only before a currency
    symbols: dict[str, str]  # ">" → ">", "≥" → ">=": comparators written as symbols
    per_split: re.Pattern[str]  # the separators of a per-chain ("/", "/1 ", " trên một ")
    exceed_before: re.Pattern[str]  # "vượt so với dự toán ... (" before a bracketed amount
    factor_unit: str
    factor_base: re.Pattern[str]  # "GRDP" after the "lần" of a factor
    factor_bases: dict[str, str]
    factor_words: dict[str, float]  # "đôi" → 2 after "gấp"
    durations: frozenset[str]
    bare_money_scales: frozenset[str]  # "3.150 tỷ" alone is money in đồng
    canonical: dict[str, str]  # counted nouns returned in one form ("trường học" → "trường")


# The modules whose code assembles the grammar: a run cache record of it is used only while
# their sources are those it was made from.
_ASSEMBLY_CODE = (__file__, numwords.__file__, textfold.__file__)


@per_grammar
def _grammar() -> _Grammar:
    """Every pattern and table, from the run cache when the vocabularies and the code that
    assembles them are those of a run before (see runcache.derived), else assembled."""
    g = load_grammar("numbers")
    frags = fragments("numbers")
    recorded = derived("quantities._grammar", (g, frags), _ASSEMBLY_CODE,
                       lambda: _plain_fields(_assemble_grammar(g, frags)))
    return _Grammar(**{name: _with_patterns(value) for name, value in recorded.items()})


_PATTERN_TAG = "\x00re"  # a compiled pattern in the recorded fields: (tag, source, flags)


def _plain_fields(grammar: _Grammar) -> dict[str, Any]:
    """The grammar's fields with each compiled pattern as its source and flags (marshal takes it)."""
    out: dict[str, Any] = {}
    for name in _Grammar.__slots__:
        value = getattr(grammar, name)
        if isinstance(value, re.Pattern):  # the flags as given ("re" adds UNICODE to a str pattern)
            value = (_PATTERN_TAG, value.pattern, int(value.flags & ~re.UNICODE))
        out[name] = value
    return out


def _with_patterns(value: Any) -> Any:
    if isinstance(value, tuple) and len(value) == 3 and value[0] == _PATTERN_TAG:
        return compile_re(value[1], value[2])
    return value


def _assemble_grammar(g: dict[str, Any], frags: dict[str, str]) -> _Grammar:
    """Assemble every pattern from the vocabularies."""
    tones: dict[str, str] = g["tone_fold"]
    words = g["words"]
    nonq = g["non_quantity"]

    scales = {k: float(v) for k, v in g["scales"].items()}
    currencies = dict(g["currencies"])
    after_scale = dict(g["currencies_after_scale"]["words"])
    not_before = _alt(g["currencies_after_scale"]["not_before"], tones)
    after_scale_alt = _alt(set(after_scale), tones) + r"(?!\s+" + not_before + ")"
    units = dict(g["units"])
    classifiers = frozenset(g["classifiers"]["nouns"])
    pre = g["prefix"]
    roles: dict[str, tuple[str, str]] = {}
    roles.update({w: ("fill", "") for w in pre["fillers"]["words"]})
    roles.update({w: ("hedge", "") for w in pre["hedges"]["words"]})
    roles.update({w: ("dir", d) for w, d in pre["directions"].items()})
    roles.update({w: ("cmp", op) for w, op in pre["comparators"].items()})
    roles.update({w: ("exceed", op) for w, op in pre["exceed"].items()})
    roles.update({w: ("factor", d) for w, d in pre["factors"].items()})
    suffix = {w: op for op, ws in g["suffix"].items() for w in ws}
    joiners = list(g["range"]["joiners"])
    # OCR drops tone marks ("đên", "tối thiêu", "đat"): the comparator, hedge, direction, range
    # and suffix words are also read with any of their tone marks missing (never with another
    # mark: "đất" is no "đạt")
    tolerant = g["tone_tolerant"]
    known = set(roles) | set(suffix) | set(joiners)
    skip = known | set(tolerant["not_read_as"])
    for alias, word in toneless_aliases(known, skip).items():
        if word in roles:
            roles[alias] = roles[word]
        if word in suffix:
            suffix[alias] = suffix[word]
        if word in joiners:
            joiners.append(alias)
    noisy = {k: float(v) for k, v in g["scales_noisy"].items()}
    ordinal_markers = words["ordinal_markers"]["ordinal"]
    roman_markers = words["ordinal_markers"]["roman_after"]

    # -- shared pieces ------------------------------------------------------------------------
    # not inside QH15, 1.5.2, 30/2020/..., COVID-19, SARS-CoV-2
    num_lb = r"(?<![^\W_])(?<!\d[.,/])(?<!" + _LETTER + "-)"
    num = "(?:" + frags["NUMBER"] + r")(?!\d|[.,]\d)"  # the whole digit run or nothing
    year = frags["YEAR"]
    roman_re = "(?-i:(?=[MDCLXVI])" + frags["ROMAN"] + ")" + _R
    docnum = frags["DOCNUM"]
    day = month = r"\d{1,2}"

    digit_words = set(words["digits"]) - {"không"}
    run_starts = digit_words | set(words["tens"]["ten"])
    number_words = (
        set(words["digits"]) | set(words["unit_after_ten"]) | set(words["tens"]["ten"])
        | set(words["tens"]["multiplier"]) | set(words["tens"]["zero"]) | set(words["scales"])
        | set(words["half"]) | set(words["decimal"])
    )

    def word_alt(ws: set[str]) -> str:
        # "năm" before digits is the year ("năm 2025"), never five
        return _alt(ws, tones, boundary="(?!" + _LETTER + ")", tails={"năm": r"(?!\s+\d)"})

    # At most _MAX_NUMBER_WORDS words: the longest number written out ("một nghìn không trăm hai
    # mươi lăm tỷ ...") is shorter, and an unbounded run made every keyword in "hai mươi hai mươi
    # ..." re-read the whole line (cubic on 1 MB).
    wordseq = word_alt(run_starts) + r"(?:\s+" + word_alt(number_words) + "){0," + str(_MAX_NUMBER_WORDS) + "}"

    # -- right-hand side of a number ---------------------------------------------------------
    scale_alt = _alt(set(scales), tones)
    cur_alt = _alt(set(currencies), tones)
    # the noisy spellings first: "5 nghìn ty đồng" is one scale, not "nghìn" and a stray "ty"
    # no word boundary after a scale whose currency is glued on: "120 trđ/người/năm", "50 tỷđ"
    glued_cur = r"(?=" + cur_alt + ")"
    scale = ("(?:" + _alt(set(noisy), tones, boundary="") + r"(?=(?:\.|\s*)" + cur_alt + ")|" + scale_alt
             + "|" + _alt(set(scales), tones, boundary="") + glued_cur + ")")
    unit_sym = _alt(set(units) | set(currencies), tones)
    per_alt = _alt(set(g["per"]["words"]) | classifiers | {u for u in units if u[0].isalpha()}, tones)
    base = g["baseline"]
    plan_alt = _alt(base["plan"], tones)
    suffix_alt = _alt(set(suffix), tones)
    cls_tails = {w: r"(?!\s+" + _alt(after, tones) + ")" for w, after in g["classifiers"]["not_before"].items()}
    cls_alt = _alt(classifiers, tones, tails=cls_tails)
    per_g = g["per"]
    one_alt = _alt(per_g["one"], tones)
    per_join = _alt(per_g["joiners"], tones)
    compound = r"(?:\s+(?P<{n}>\d{{1,3}}(?:[.,]\d{{1,3}})?)\s*(?P<{s}>" + scale.replace("{", "{{").replace(
        "}", "}}") + "))?"
    no_year_after = "".join(f"(?!(?<={w} ){year})" for w in ("đến", "tới"))
    right = (
        # scale word(s): "20.000 tỷ", "1,2 nghìn tỷ", "1 tỷ 200 triệu (500 nghìn)"
        r"(?:\s*(?P<s1>" + scale + ")" + compound.format(n="nm", s="sm") + compound.format(n="nm2", s="sm2")
        + ")?"
        # "396,1 tỷ.đ": a scale glued to its currency by a dot (no space: "5 tỷ. Đồng thời" is no money)
        r"(?(s1)(?:\.(?=" + cur_alt + "))?)"
        # "9.500 tỷ đông": a currency that is a currency only after a scale (its accent lost)
        r"(?:\s*(?P<u1>" + unit_sym + r"|(?(s1)" + after_scale_alt + r"|(?!)))|\s+(?P<c1>" + cls_alt + r"))?"
        # range: "12 - 13 triệu", "từ 7% đến 7,5%", "đến dưới 100"; in "tăng 5% đến 2025" the
        # year after đến/tới is no range end
        r"(?:\s*(?P<j>" + _alt(joiners, tones) + r")\s*(?:(?P<c2>"
        + _alt(g["range"]["second_comparators"], tones) + r")\s+)?(?:\$\s*)?"
        + no_year_after + r"(?P<n2>" + num + r")(?:\s*(?P<s2>" + scale + r"))?)?"
        # a second unit only after a range ("2 - 3 triệu đồng"): "gấp 2 lần năm 2020" is in "lần"
        r"(?:(?(j)|(?(u1)(?!)))\s*(?P<u2>" + unit_sym + r")"
        r"|(?(u1)(?!)|(?(c1)(?(j)|(?!))))\s+(?P<cls>" + cls_alt + r"))?"
        # ^ a noun after the number only if no unit or noun came before ("100% xã", "1.200 căn nhà"),
        #   unless a range repeats it ("88.000 người đến 176.000 người")
        # "/người/năm": only known nouns, so "xã/phường" style lists and "24/7" stay out
        # "/1 xã" is "/xã"; "trên một vạn dân" only before a population base
        r"(?P<per>(?:\s*/\s*(?:" + one_alt + r"\s+)?" + per_alt + r"|\s+" + per_join + r"\s+(?:" + one_alt
        + r"\s+)?" + _alt(per_g["after_joiner"], tones) + r")+)?"
        r"(?:\s+(?P<suf>" + suffix_alt + r"))?"
        r"(?:\s*,?\s+(?P<base>" + r"\s+".join(base["lead"].split())
        # a word of it may end on a period's second year: "so với giai đoạn 2021 - 2025"
        + r"(?:\s+(?!" + _alt(base["stop"], tones) + r")[^\W_](?:[^\W_]|[/\-])*(?:\s*[-–]\s*" + year + r")?){1,"
        + str(int(base["max_words"])) + r"})"
        # "đạt 100% kế hoạch trở lên": a plan word as the baseline, and a "trở lên" after it; only
        # after a unit ("03 Chương trình mục tiêu quốc gia", "2 kế hoạch" are counts), and kept only
        # after a percentage (_from_number)
        # (the plan's owner may stand between: "đạt 100% dự toán huyện giao trở lên")
        r"|(?(u1)|(?(u2)|(?!)))\s+(?P<plan>" + plan_alt + r")(?:(?:\s+" + _LETTER + r"+){0,4}?\s+(?P<suf2>"
        + suffix_alt + r"))?)?"
    )

    glued_units = _alt(set(units) | set(currencies) | set(scales) | set(noisy), tones)
    special_src = "|".join([
        # Legal document numbers: 24/NQ-HĐND, 30/2020/NĐ-CP, 01-NQ/TU, 31/2024/QH15.
        r"(?P<skip_doc>(?<![^\W_])(?<!/)" + docnum + ")",
        r"(?P<date_dmy>(?<![^\W_])(?<![/.,])(?P<a_d>" + day + r")(?P<a_sep>[/-])(?P<a_m>" + month
        + r")(?P=a_sep)(?P<a_y>\d{4})(?!\d))",
        r"(?P<date_text>(?<![^\W_])(?P<c_d>" + day + r")\s+tháng\s+(?P<c_m>" + month
        + r")\s+năm\s+(?P<c_y>\d{4})(?!\d))",
        r"(?P<date_my>(?<![^\W_])(?<![/.,])(?P<g_m>" + month + r")/(?P<f_y>" + year + r")(?!/))",
        # "5/8 chỉ tiêu", "04/09 thôn, làng": a count out of a total (a counted noun must follow;
        # dates and document numbers are matched above)
        r"(?P<count_total>(?<![^\W_])(?<![/.,])(?:" + frags["COUNT_OF_TOTAL"] + r")(?=\s+" + cls_alt + "))",
        # 24/7, 1/3: not quantities of the text
        r"(?P<skip_frac>(?<![^\W_])(?<![/.,])\d{1,6}/\d{1,6}(?![\d/]))",
        # telephone numbers: 0906.229966, 0912 345 678
        r"(?P<skip_phone>(?<![^\W_])0\d{2,3}[.\s]?\d{3}[.\s]?\d{3,4}(?![\d.,]\d))",
        # a number glued to letters that are no unit: 5G, 4G, 3D, 1000người
        r"(?P<skip_glued>(?<![^\W_])\d{1,15}(?!" + glued_units + ")" + _LETTER + r"[^\W_]*)",
    ])

    labels = nonq["labels_before"]
    not_plural = "".join(f"(?<!{re.escape(w)} )" for w in nonq["plural_before"])  # "các loại: 20 ha"
    label_num = r"\d{1,6}(?:\.\d{1,3})*(?-i:[a-zđ])?"
    digital_nouns = "".join(f"(?<!{re.escape(w)} )" for w in nonq["digital_before_so"])
    quarter = r"(?-i:IV|I{1,3})|[1-4]"
    span_lead = _alt(["giai đoạn", "thời kỳ", "nhiệm kỳ", "năm học", "niên khóa", "niên độ",
                      "từ năm", "các năm", "năm", "kỳ", "trong giai đoạn"], tones)
    lead_src = "|".join([
        r"(?P<date_dmy>ngày\s+(?P<a_d>" + day + r")\s*(?P<a_sep>[/-])\s*(?P<a_m>" + month
        + r")\s*(?P=a_sep)\s*(?P<a_y>\d{4})(?!\d))",
        r"(?P<date_text>ngày\s+(?P<b_d>" + day + r")\s+tháng\s+(?P<b_m>" + month
        + r")(?:\s*(?:năm|,)\s*(?P<b_y>\d{4}))?(?!\d))",
        r"(?P<date_dm>ngày\s+(?P<e_d>" + day + r")\s*/\s*(?P<e_m>" + month + r")(?![/\d]))",
        r"(?P<date_my>tháng\s+(?P<f_m>" + month + r")(?:\s*[/-]\s*|\s+năm\s+)(?P<f_y>" + year + "))",
        # "tháng 6" alone: the month (ISO "--06"), never the number 6
        r"(?P<date_mo>tháng\s+(?P<i_m>" + month + r")(?![\d/]|[.,]\d|\s*(?:[/-]|năm)\s*\d))",
        r"(?P<date_q>quý\s+(?P<h_q>" + quarter + r")(?:\s*[/-]\s*|\s+năm\s+)(?P<h_y>" + year + "))",
        r"(?P<ord_q>quý\s+(?P<q>" + quarter + r")(?![^\W_]|/))",
        r"(?P<year_span>" + span_lead + r"\s+(?P<y1>" + year + r")\s*(?:[-–—]|(?:đến|tới)(?:\s+năm)?)\s*"
        r"(?P<y2>" + year + "))",
        r"(?P<year>năm\s+(?P<y>" + year + "))",
        r"(?P<ordinal>" + _alt(ordinal_markers, tones) + r"\s+(?:(?P<od>\d{1,3}(?:\.\d{3})*)(?![\d,])"
        r"|(?P<orom>" + roman_re + r")|(?P<ow>" + wordseq + r"|" + _alt(set(words["ordinal"]), tones) + r")))",
        r"(?P<ord_roman>" + _alt(roman_markers, tones) + r"\s+(?P<rr>" + roman_re + r"))",
        # Điều 3, khoản 2, 3, Phụ lục 1, lớp 4, 8: references, not amounts
        # A label number is bare: "mẫu 1,8%", "các cấp 98%", "loại: 20 ha" are amounts after a
        # noun, so a decimal, a percent sign or a colon before the number rules the label out.
        r"(?P<skip_label>" + not_plural + _alt([w for w in labels if w != "số"], tones) + r"\s*" + label_num
        + r"(?!\d|[.,]\d|\s*%)"
        + r"(?:\s*(?:,|và|hoặc|-)\s*" + label_num + r"(?!\d|[.,]\d|\s*%)){0,30})",  # lists are short
        # "số 24", "Số: 112/NQ-HĐND" (but "tổng số 500 người" is a count)
        # (but "kinh tế số: 3.000 tỷ đồng", "công nghệ số: 500 doanh nghiệp": "số" is "digital", and
        # an amount in a unit or of a counted noun after "số" is no label)
        r"(?P<skip_so>(?<!tổng )(?<!với )(?<!có )(?<!dân )" + digital_nouns + r"số\s*:?\s*(?:" + docnum
        + r"|\d{1,15}(?:[.,/]\d{1,15})*)"
        # "dân số 42%", "số 7,5%": amounts
        r"(?![.,]?\d|\s*%|\s*(?:" + scale_alt + "|" + cur_alt + r")|\s+" + cls_alt + "))",
        # COVID-19, Covid 19
        r"(?P<skip_name>" + _alt(nonq["glued_names"], tones, boundary="") + r"[\s-]*\d+)",
    ])
    head_src = (  # "1. Giao", "## 2.1. Thu", "2 GRDP"; parts of at most two digits ("10.370 USD")
        r"[ \t>#*•+|\-–]*\d{1,3}(?:\.\d{1,2})*(?:\\?[.)](?!\d)"
        r"|(?P<cap>(?=\s+[*_]{0,2}(?-i:[A-ZĐ][^\W\dA-Z_]))))"
    )
    note_src = r"[\[(]\d{1,2}[\])]|\(0\d{1,3}\)\s*\d{3,4}(?:[\s.]\d{3,4}){1,2}"
    unit_text_src = (
        r"\s*(?:(?P<n>\d[\d.,]*)\s*)?(?P<s>" + scale_alt + r")?\s*(?P<u>" + unit_sym + r"|"
        + _alt(classifiers, tones) + r"|[^/]*?)\s*(?P<per>(?:/\s*[^/]+?\s*)*)\s*"
    )

    leads = (
        set(labels) | set(nonq["glued_names"]) | set(ordinal_markers) | set(roman_markers)
        | {"ngày", "tháng", "năm", "quý", "giai đoạn", "thời kỳ", "nhiệm kỳ", "năm học", "niên khóa",
           "niên độ", "từ", "các", "trong", "số", "kỳ"}
    )
    left_words = set(roles) | number_words | leads
    keywords = (  # "năm" and "một" are everywhere and never count alone: runs with them hold "mươi" etc.
        set(ordinal_markers) | set(roman_markers) | {"quý"} | set(words["tens"]["ten"]) | set(words["decimal"])
        | set(words["tens"]["multiplier"]) | set(words["scales"]) | (digit_words - {"năm", "một"})
        | set(g["factor"]["words"])
    )
    all_keywords = tuple(sorted({v for k in keywords for v in _old_tone_variants(k, tones)}))
    # Left words on the reversed text: up to six, nearest first, each at a word start; after an
    # opening bracket or quote the chain stops.
    rev_word = _alt(left_words, tones, reverse=True) + r"(?![^\W_])"
    opener = "(?=[" + re.escape(_OPENERS) + "])"
    level = r"(?P<w6>" + rev_word + ")"
    for k in range(5, 0, -1):
        level = (rf"(?P<w{k}>" + rev_word + rf")(?:(?P<o{k}>" + opener + r")|[ \t\u00a0]+" + level + ")?")
    left_rev = compile_re(r"[ \t:\u00a0]*" + level, re.IGNORECASE)

    flags = re.IGNORECASE
    num_re = compile_re(num_lb + r"(?P<n1>" + num + r")" + right, flags)
    right_re = compile_re(right, flags)
    if tuple(sorted(right_re.groupindex, key=right_re.groupindex.__getitem__)) != _RIGHT_GROUPS:
        raise AssertionError("right-hand pattern groups changed: update _RIGHT_GROUPS")
    return _Grammar(
        num=num_re,
        special=compile_re(special_src, flags),
        lead=compile_re(lead_src, flags),
        words=compile_re(r"(?P<w1>" + wordseq + ")", flags),
        right=right_re,
        head=compile_re(head_src, flags),
        note=compile_re(note_src, flags),
        unit_text=compile_re(unit_text_src, flags),
        scales=scales,
        currencies={**currencies, **after_scale},
        units=units,
        prefix_roles={_key(k): v for k, v in roles.items()},
        suffix={_key(k): v for k, v in suffix.items()},
        abbreviations=dict(g.get("unit_abbreviations", {})),
        leads=frozenset(_key(w) for w in leads),
        left_words=frozenset(_key(w) for w in left_words),
        left_word_ends=frozenset(v.split()[-1] for w in left_words for v in _old_tone_variants(_key(w), tones)
                                 if " " in w.strip()),
        left_rev=left_rev,
        left_groups=tuple(left_rev.groupindex[f"w{k}"] for k in range(1, 7)),
        number_words=frozenset(number_words),
        run_starts=frozenset(run_starts),
        single_word_ok=frozenset(digit_words - {"một", "năm"}) | frozenset(words["tens"]["ten"]),
        keywords=all_keywords,
        keyword_re=_keyword_scanner(all_keywords),
        ordinal_words={**words["digits"], **words["ordinal"]},
        noisy_scales={_key(k): v for k, v in noisy.items()},
        symbols=dict(pre["symbols"]),
        per_split=compile_re(
            r"\s*/\s*(?:" + one_alt + r"\s+)?|\s+" + per_join + r"\s+(?:" + one_alt + r"\s+)?", flags),
        exceed_before=compile_re(
            r"(?<![^\W_])" + _alt(set(pre["exceed"]), tones) + r"(?:\s+" + r"\s+".join(base["lead"].split())
            + r")?\s+" + plan_alt + r"(?:\s+" + _LETTER + r"+){0,6}\s*$", flags),
        factor_unit=g["factor"]["unit"],
        factor_base=compile_re(r"\s+(?P<b>" + _alt(set(g["factor"]["bases"]), tones) + ")", flags),
        factor_bases={_key(k): v for k, v in g["factor"]["bases"].items()},
        factor_words={_key(k): float(v) for k, v in g["factor"]["words"].items()},
        durations=frozenset(g["durations"]["units"]),
        bare_money_scales=frozenset(_key(w) for w in g["money_scales"]["bare"]),
        canonical={_key(k): v for k, v in g["classifiers"]["canonical"].items()},
    )


def _keyword_scanner(keywords: tuple[str, ...]) -> re.Pattern[str] | None:
    """One alternation finding every keyword in a single scan (instead of a str.find loop per
    keyword), or None when that would not be exact: it is when every keyword is letters only
    (so no keyword whole-word hit can begin inside another match) and none is a prefix of another
    (so the one alternative that matches at a position is the only candidate there)."""
    if not keywords or not all(k.isalpha() for k in keywords):
        return None
    if any(a != b and b.startswith(a) for a in keywords for b in keywords):
        return None
    return compile_re("|".join(re.escape(k) for k in sorted(keywords, key=len, reverse=True)))


def _scaled(v: float, scale: str | None, g: _Grammar) -> float:
    """v × scale, rounded where binary floats blur it: 524,8 tỷ is 524800000000, not
    524799999999.99994 (inputs carry at most six decimals, scales are powers of ten)."""
    mult = _scale_value(scale, g)
    return round(v * mult, max(0, 6 - len(str(int(mult))) + 1))


def _scale_value(text: str | None, g: _Grammar) -> float:
    if not text:
        return 1.0
    key = _key_cached(text)
    return g.scales.get(key) or g.noisy_scales.get(key, 1.0)


# ------------------------------------------------------------------------------------------------
# Digits
# ------------------------------------------------------------------------------------------------


def _number(s: str, scaled: bool = False) -> tuple[float, bool]:
    """Digit string → (value, ambiguous). Vietnamese writes 1.250.000,5; converted text may write
    1,250,000.5. The grouping decides: several equal separators are thousands; a dot with three
    digits after is thousands ("1.500" = 1500); a lone comma with three digits ("1,500") is
    ambiguous: decimal after a scale word or a 0 ("245,814 tỷ", "0,500"), else thousands."""
    has_dot = "." in s
    has_comma = "," in s
    if not has_dot and not has_comma:
        return float(s), False
    if has_dot and has_comma:
        if s.rfind(",") > s.rfind("."):  # 1.250,5
            return float(s.replace(".", "").replace(",", ".")), False
        return float(s.replace(",", "")), False  # 1,250.5
    sep = "." if has_dot else ","
    parts = s.split(sep)
    head, tail = parts[0], parts[-1]
    if len(parts) > 2:  # 1.250.000 / 1,250,000 (a last short group is decimals: 1.250.5)
        if len(tail) == 3:
            return float("".join(parts)), False
        return float("".join(parts[:-1]) + "." + tail), False
    if len(tail) != 3 or len(head) > 3 or head == "0":  # 8,5  1.5  12345.678  0,500
        # "2.5", "7.5%": English decimals in a Vietnamese text (where "." groups thousands), or a
        # slip for "2,5": the value is read as written and flagged
        return float(head + "." + tail), sep == "." and len(tail) <= 2
    if sep == ".":  # 1.500 in Vietnamese text is 1500
        return float(head + tail), False
    if scaled:  # 245,814 tỷ đồng
        return float(head + "." + tail), True
    return float(head + tail), True  # 730,000 (English grouping), flagged


# ------------------------------------------------------------------------------------------------
# Building quantities from matches
# ------------------------------------------------------------------------------------------------

_LEFT_SEPS = " \t:\u00a0"
_OPENERS = "*_(\"“‘'[«"


def _left(text: str, lo: int, s: int, g: _Grammar) -> list[tuple[int, str]]:
    """The known words right before offset `s` (at most six, back to `lo`), leftmost first, as
    (start, folded word): comparators, hedges, tăng/giảm, lead words (ngày, năm, Điều, số, ...).

    Words are separated by spaces; a colon may only follow a lead word ("Số: 112", not "Dân số:
    1.300.081"); nothing before an opening bracket or quote belongs to the chain ("(tăng 5%)").
    The last three words before `s` decide the answer unless the chain uses all three, so it is
    cached on them: the same few phrases ("đạt trên", "giai đoạn", "ngày") precede most numbers."""
    if s <= lo:
        return []
    c = text[s - 1]
    if not (c.isalpha() or c in _LEFT_SEPS):
        return []
    seg = text[max(lo, s - 48) : s]
    parts = seg.rsplit(None, 3)
    if len(parts) == 4:
        tail = seg[len(parts[0]) :]
        rel = _left_rel(tail)
        stop = len(tail) + rel[0][0] if rel else len(tail)  # where the chain starts in the tail
        if stop > len(tail) - len(tail.lstrip()):  # the chain stops inside the three words
            before = tail[:stop].split()
            # unless the word it stops at ends a left word cut by the tail ("bình | quân hằng
            # năm 12%": "tăng bình quân" begins before it)
            if not before or _key_cached(before[-1]) not in g.left_word_ends:
                return [(s + off, key) for off, key in rel]
    return [(s + off, key) for off, key in _left_rel(text[lo:s])]


@per_line(4096)
def _left_rel(seg: str) -> tuple[tuple[int, str], ...]:
    """_left on a segment ending where the number starts; offsets are negative, from its end."""
    g = _grammar()
    rev = seg[::-1]
    m = g.left_rev.match(rev)
    if m is None:
        return ()
    out: list[tuple[int, str]] = []
    for idx in g.left_groups:
        a, b = m.span(idx)
        if a < 0:
            break
        out.append((-b, _key_cached(seg[len(seg) - b : len(seg) - a])))
    if ":" in rev[: m.start(g.left_groups[0])]:  # "Số: 112" reads on, "Dân số: 1.300.081" does not
        if out[0][1] not in g.leads:
            return ()
        del out[1:]
    out.reverse()
    return tuple(out)


def _prefix(chain: list[tuple[int, str]], g: _Grammar) -> list[tuple[int, str]]:
    """The trailing words of `chain` that qualify a number: comparators, hedges, tăng/giảm."""
    k = len(chain)
    roles = g.prefix_roles
    while k > 0 and chain[k - 1][1] in roles:
        k -= 1
    return chain[k:]


# Capture groups of the right-hand side, in pattern order (checked when the grammar is built).
_RIGHT_GROUPS = ("s1", "nm", "sm", "nm2", "sm2", "u1", "c1", "j", "c2", "n2", "s2", "u2", "cls", "per", "suf", "base",
                 "plan", "suf2")


def _from_number(
    text: str, m: re.Match[str], prefix: list[tuple[int, str]], g: _Grammar,
    words_value: float | None = None, start: int = 0,
    symbol: tuple[int, str] | None = None, total: float | None = None,
) -> Quantity:
    """A number (digits in group n1, or `words_value` read from words starting at `start`) with
    its prefix words and the right-hand side captured in `m` (scale, range, unit, per, ...).

    Reads all groups with one m.groups() call: this function runs once per quantity."""
    if words_value is None:
        n1, s1, nm, sm, nm2, sm2, u1, c1, j, _c2, n2, s2, u2, cls, per_text, suf, base, plan, suf2 = m.groups()
        start = m.start(1)
        v1, ambiguous = _number(n1, bool(s1 or s2))
    else:
        s1, nm, sm, nm2, sm2, u1, c1, j, _c2, n2, s2, u2, cls, per_text, suf, base, plan, suf2 = m.groups()
        n1, v1, ambiguous = None, words_value, False
    unit = None
    kind = "number"
    k = start
    while k > 0 and text[k - 1] == " ":
        k -= 1
    if k > 0 and text[k - 1] == "$":  # $500, US$ 10
        unit, kind = "USD", "money"
        start = k - 3 if text[max(0, k - 3) : k - 1].upper() == "US" else k - 1
    if symbol is not None and symbol[0] < start:
        start = symbol[0]
    if prefix:
        start = prefix[0][0]
    # the first end's scale, or the second's when only it has one ("12 - 13 triệu")
    sc = s1 or (s2 if j else None)
    value = _scaled(v1, sc, g) if sc else v1
    if nm and s1:  # 1 tỷ 200 triệu (500 nghìn)
        value += _scaled(_number(nm)[0], sm, g)
        if nm2:
            value += _scaled(_number(nm2)[0], sm2, g)
    low = high = None
    if j:
        v2, amb2 = _number(n2, bool(s1 or s2))
        ambiguous = ambiguous or amb2
        s2v = s2 or s1
        low, high = value, _scaled(v2, s2v, g) if s2v else v2
    u = u2 or u1
    if u:
        key = _key_cached(u)
        cur = g.currencies.get(key)
        if cur is not None:
            unit, kind = cur, "money"
        else:
            unit = g.units.get(key, key)
            kind = "percent" if unit in ("%", "pp") else "quantity"
    elif cls or c1:
        key = _key_cached(cls or c1)
        unit, kind = g.canonical.get(key, key), "quantity"
    elif sc and _key_cached(sc) in g.bare_money_scales:
        unit, kind = "VND", "money"  # "thu ngân sách đạt 3.150 tỷ": news leaves out "đồng"
    per = tuple(_key_cached(p) for p in g.per_split.split(per_text)[1:]) if per_text else ()
    end = m.end()
    if plan and kind != "percent":  # "245,814 tỷ đồng dự toán chi ...": the noun money is of, no baseline
        end = m.start("plan")
        while text[end - 1].isspace():
            end -= 1
        plan = suf2 = None

    comparator = "="
    approximate = False
    direction = None
    exceed = factor = by_factor = False  # by_factor: the direction is only that of a "gấp"
    if prefix:
        roles = g.prefix_roles
        for _, w in prefix:
            role, arg = roles[w]
            if role == "cmp":
                comparator, exceed = arg, False  # the nearest comparator wins ("từ trên 10%")
            elif role == "exceed":
                comparator, exceed = arg, True
            elif role == "hedge":
                approximate = True
            elif role == "dir":
                direction, by_factor = arg, False
            elif role == "factor":  # "tăng gấp 3 lần" keeps the direction of its "tăng"
                by_factor = direction is None or by_factor
                direction, factor = direction or arg, True
    if symbol is not None:
        comparator, exceed = symbol[1], False
    if exceed and (base or plan):  # "vượt 7,5% so với dự toán": 7.5% more than the baseline
        comparator, direction = "=", direction or "increase"
    if j:
        comparator = "between"
    if suf or suf2:
        comparator = g.suffix[_key_cached(suf2 or suf)]
    if unit == g.factor_unit and kind == "quantity":
        factor = factor or direction is not None  # "tăng 0,7 lần so với năm 2015"
        if factor and not (per_text or suf or base or plan):
            bm = g.factor_base.match(text, end)  # "gấp 30 lần GRDP"
            if bm is not None:
                unit = unit + " " + g.factor_bases[_key_cached(bm.group("b"))]
                end = bm.end()
                if by_factor:  # "gấp 30 lần GRDP": a level measured in GRDP, no change
                    direction = None
    duration = kind == "quantity" and unit in g.durations
    scale = s1 or s2
    if (
        j and kind == "number" and not scale and n1 is not None
        and n1.isdigit() and n2.isdigit() and 1800 <= v1 < v2 <= 2199
    ):
        kind = "year"  # a bare "2021 - 2025" is a year span
    return _quantity(
        kind,
        None if j else value,
        low,
        high,
        unit,
        per,
        " ".join(scale.split()) if scale else None,
        comparator,
        approximate,
        direction,
        " ".join((base or plan).split()) if base or plan else None,
        None,
        ambiguous,
        (start, end),
        text[start:end],
        total,
        factor,
        duration,
    )


_TOKEN = compile_re(r"\S+")


def _words_value(run: str, offset: int, g: _Grammar) -> tuple[float, int, bool] | None:
    """Longest leading part of a number-word run that is a number ("hai mươi năm" → 20, "bảy phẩy
    hai" → 7.2).

    Returns (value, end offset in the text, single-word) or None."""
    toks = [(t.group(), t.end()) for t in _TOKEN.finditer(run)]
    got = leading_number([t for t, _ in toks])
    if got is None:
        return None
    value, n = got
    single = n == 1
    if single and _key_cached(toks[0][0]) not in g.single_word_ok:
        return None  # "một" (an article) and "năm" (year) never count alone
    return value, offset + toks[n - 1][1], single


def _valid_date(y: int | None, mo: int, d: int | None = None) -> bool:
    if not 1 <= mo <= 12:
        return False
    if d is not None and not 1 <= d <= 31:
        return False
    return y is None or 1800 <= y <= 2199


def _from_lead(m: re.Match[str], text: str, g: _Grammar) -> Quantity | None:
    """A lead/special match that is no plain number: a date, a year, an ordinal, or a label to
    skip (None)."""
    name = m.lastgroup
    start, end = m.span()
    if name is None or name.startswith("skip"):
        return None
    raw = text[start:end]
    if name.startswith("date"):
        return _date(m, name, text)
    if name == "year":
        return _simple("year", float(m.group("y")), "=", (start, end), raw)
    if name == "year_span":
        y1, y2 = float(m.group("y1")), float(m.group("y2"))
        return _simple("year", None, "between", (start, end), raw, y1, y2)
    if name == "ord_q":
        return _simple("ordinal", float(_quarter(m.group("q"))), None, (start, end), raw)
    value: int | None
    if name == "ord_roman":
        value = roman.parse(m.group("rr"))
    elif m.group("od") is not None:
        value = int(m.group("od").replace(".", ""))
    elif m.group("orom") is not None:
        value = roman.parse(m.group("orom"))
    else:
        word = m.group("ow")
        got = _words_value(word, 0, g) if " " in word.strip() else None
        if got is not None:
            end = m.start("ow") + got[1]
            raw = text[start:end]
            value = int(got[0])
        else:
            value = g.ordinal_words.get(_key_cached(word.split()[0]))
    if value is None:
        return None
    return _simple("ordinal", float(value), None, (start, end), raw)


def _date(m: re.Match[str], name: str, text: str) -> Quantity | None:
    """A date match → Quantity(kind="date") with an ISO date; None when day/month are invalid."""
    start, end = m.span()
    gd = m.groupdict()
    if name == "date_q":
        iso = f"{gd['h_y']}-Q{_quarter(gd['h_q'])}"
    else:
        mo_s = next(gd[k] for k in ("a_m", "b_m", "c_m", "e_m", "f_m", "g_m", "i_m") if gd.get(k))
        d = next((gd[k] for k in ("a_d", "b_d", "c_d", "e_d") if gd.get(k)), None)
        y = next((gd[k] for k in ("a_y", "b_y", "c_y", "f_y") if gd.get(k)), None)
        mo = int(mo_s)
        yi = int(y) if y else None
        di = int(d) if d else None
        if not _valid_date(yi, mo, di):
            return None
        if di is None:
            iso = f"{yi:04d}-{mo:02d}" if yi is not None else f"--{mo:02d}"
        elif yi is None:
            iso = f"--{mo:02d}-{di:02d}"
        else:
            iso = f"{yi:04d}-{mo:02d}-{di:02d}"
    return _simple("date", None, None, (start, end), text[start:end], date=iso)


def _quarter(q: str) -> int:
    return int(q) if q.isdigit() else (roman.parse(q.upper()) or 0)


# ------------------------------------------------------------------------------------------------
# Public API
# ------------------------------------------------------------------------------------------------


def counted_noun_as_written(q: Quantity) -> str:
    """The noun a count counts as the text writes it ("sản phẩm OCOP", "Trường học"), for a
    name that opens with it; the unit, which is folded and canonical ("sản phẩm ocop",
    "trường"), where the quantity's text does not end with that noun."""
    unit = q.unit or ""
    raw = q.raw.rstrip()
    last_digit = max((i for i, ch in enumerate(raw) if ch.isdigit()), default=-1)
    written = raw[last_digit + 1:].strip()
    key = _key(written)
    if written and _grammar().canonical.get(key, key) == unit:
        return written
    return unit


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in running text, left to right, with spans into `text`.

    Labels (Điều 3, khoản 2, số 24/NQ-HĐND, 31/2024/QH15, COVID-19, 5G, 24/7, numbered headings)
    are skipped. Input that is not NFC is normalised and spans are mapped back.

    Why anchors: trying every pattern at every offset is ~20x slower. Nearly all quantities hold
    a digit, so each digit run is an anchor; those written only in letters (thứ hai mươi ba,
    Khóa XIV, mười lăm xã) all hold one of a dozen keywords, found with str.find."""
    if not text:
        return []
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        return _find_non_nfc(text)
    if SPACE_DIGITS_RE.search(text) and SPACE_GROUPED_RE.search(text):
        return _find_space_grouped(text)
    if ". 0" in text and DOT_SPACE_GROUPED_RE.search(text):
        return _find_dot_space_grouped(text)
    if ", " in text and "%" in text and COMMA_SPACE_DECIMAL_RE.search(text):
        return _find_comma_space_decimal(text)
    if OCR_DIGIT_GATE_RE.search(text) is not None:
        return _find_ocr_letter_digits(text)
    return _find(text)


# OCR reads 1 as "l" or "I" and 0 as "O" inside a figure ("đạt l0%", "4l%", "I00%", "l,5%",
# "6O,5%"): a token of digits and those letters, holding a digit, right before a percent sign.
# (Only before "%": "4O triệu" could be a code, "I" a Roman numeral, "l" a word.)
OCR_DIGIT_GATE_RE = compile_re(r"[lIO][\d,.]|\d[lIO]")
OCR_LETTER_FIGURE_RE = compile_re(r"(?<![\w.,])(?=[lIO]{0,5}\d|[lI][.,]\d)[lIO\d]{1,6}(?:[.,][lIO\d]{1,3})?(?=\s?%)")
OCR_DIGITS = str.maketrans("lIO", "110")


def _find_ocr_letter_digits(text: str) -> list[Quantity]:
    """Read each such figure with its letters as digits (same length: spans and raw stay the text's)."""
    fixed = OCR_LETTER_FIGURE_RE.sub(lambda m: m.group().translate(OCR_DIGITS), text)
    if fixed == text:
        return _find(text)
    return _mapped_back(_find(fixed), list(range(len(text) + 1)), text)


# A decimal comma a portal copy or OCR followed by a space, before a percent ("tăng 8, 5%", "đạt
# 7, 5 - 8%"): read as "8,5%". Only one or two digits after the space and a percent right after
# (or a range to one), and not inside a list of numbers ("1, 2, 5%", "các năm 2024, 25%").
COMMA_SPACE_DECIMAL_RE = compile_re(r"(?<![\d.,/])(?<!\d, )\d{1,3},[ \u00a0](?=\d{1,2}(?:[ \u00a0]?%|[ \u00a0]?[-–]"
                                    r"[ \u00a0]?\d{1,3}(?:,\d{1,2})?[ \u00a0]?%))")


def _find_comma_space_decimal(text: str) -> list[Quantity]:
    """Read each such number without its space, spans mapped back to `text` (one pass: linear)."""
    pieces: list[str] = []
    starts: list[int] = []  # original offset of each character kept
    last = 0
    for m in COMMA_SPACE_DECIMAL_RE.finditer(text):
        cut = m.end() - 1  # the space after the comma
        pieces.append(text[last:cut])
        starts.extend(range(last, cut))
        last = cut + 1
    pieces.append(text[last:])
    starts.extend(range(last, len(text) + 1))
    return _mapped_back(_find("".join(pieces)), starts, text)


# Thousands whose dots OCR or a converter followed by a space ("20. 000 tỷ đồng", "1. 250. 000
# triệu đồng"). Read so only when a group after a ". " opens with 0, which no sentence or number
# can start with: "đạt 95. 100 hộ …" stays two numbers, as its reading is unsure.
DOT_SPACE_GROUPED_RE = compile_re(r"(?<![\d.,/])[1-9]\d{0,2}(?:\.[ \u00a0]?\d{3})*\.[ \u00a0]0\d{2}"
                                  r"(?:\.[ \u00a0]?\d{3})*(?![\d/]|[.,]\d)")


def _find_dot_space_grouped(text: str) -> list[Quantity]:
    """Read dot-space grouped thousands as dot-grouped ones: the spaces inside each such number
    are dropped and every quantity's span is mapped back to `text` (one pass: linear)."""
    pieces: list[str] = []
    starts: list[int] = []  # original offset of each character kept
    last = 0
    for m in DOT_SPACE_GROUPED_RE.finditer(text):
        pieces.append(text[last:m.start()])
        starts.extend(range(last, m.start()))
        for i in range(m.start(), m.end()):
            if not text[i].isspace():
                pieces.append(text[i])
                starts.append(i)
        last = m.end()
    pieces.append(text[last:])
    starts.extend(range(last, len(text) + 1))
    return _mapped_back(_find("".join(pieces)), starts, text)


# Thousands grouped by spaces, as Word and PDF converters write them ("20 000 tỷ đồng", "1 250 000
# người"): a first group of 1-3 digits (no leading 0: "0912 345 678" is a telephone) and groups of
# exactly three, not glued to other digits or separators ("2024 500" and "1.5 000" are not numbers).
SPACE_GROUPED_RE = compile_re(
    r"(?<![\d.,/])(?<!\d[ \u00a0\u202f])(?:[1-9]\d{0,2}|0)(?:[ \u00a0\u202f]\d{3})+(?![\d.,/])")

# What every space-grouped number holds: a quick, exact pre-check (the pattern above opens with
# look-behinds, which `re` tries at every offset; this one starts at a digit).
SPACE_DIGITS_RE = compile_re(r"\d[ \u00a0\u202f]\d{3}")


def _find_space_grouped(text: str) -> list[Quantity]:
    """Read space-grouped thousands as dot-grouped ones: the separators are replaced one for one,
    so spans hold in `text`; each quantity's raw text is taken back from `text`."""
    chars = list(text)
    for m in SPACE_GROUPED_RE.finditer(text):
        for i in range(m.start(), m.end()):
            if not chars[i].isdigit():
                chars[i] = "."
    return [_replace(q, raw=text[q.span[0]: q.span[1]]) for q in _find("".join(chars))]


def _find(text: str) -> list[Quantity]:
    g = _grammar()
    out: list[Quantity] = []
    pos = 0
    for run in _DIGIT_RUN.finditer(text):
        p = run.start()
        if p < pos:
            continue
        q, end = _at_digit(text, p, pos, g)
        if q is not None:
            out.append(q)
        pos = end if end > p else run.end()
    if not text.isascii():
        extra = _keyword_quantities(text, out, g)
        if extra:
            out = _merge(out, extra)
    return out


def _merge(digit_pass: list[Quantity], letter_pass: list[Quantity]) -> list[Quantity]:
    """Both lists in text order; a letter-led quantity replaces the digit-pass ones inside it
    ("quý I/2025" over "2025"). Linear: both lists are sorted and do not overlap otherwise."""
    out: list[Quantity] = []
    k = 0
    for q in letter_pass:
        a, b = q.span
        while k < len(digit_pass) and digit_pass[k].span[0] < a:
            out.append(digit_pass[k])
            k += 1
        while k < len(digit_pass) and digit_pass[k].span[1] <= b:
            k += 1  # covered by q
        out.append(q)
    out.extend(digit_pass[k:])
    return out


# A digit run with its separators, so "1,2,3,..." or "1.5.2" is one anchor, not thousands.
_DIGIT_RUN = compile_re(r"\d+(?:[.,]\d+)*")
_HEAD_CHARS = " \t>#*•+|-–"


def _at_digit(text: str, p: int, floor: int, g: _Grammar) -> tuple[Quantity | None, int]:
    """The quantity at a digit run starting at `p` (None for a label) and where it ends."""
    line_start = text.rfind("\n", max(0, p - 12), p) + 1  # bounded: 1 MB lines stay linear
    if (line_start or p < 12) and floor <= line_start and not text[line_start:p].strip(_HEAD_CHARS):
        hm = g.head.match(text, line_start)
        if hm is not None and not (hm.group("cap") is not None and _counts(text, p, g)):
            return None, hm.end()  # "1. Giao", "2 GRDP"; but "03 Chương trình" is a count
    if p > floor and text[p - 1] in "([":
        nm = g.note.match(text, p - 1)
        if nm is not None:
            return None, nm.end()
    symbol = _symbol_before(text, p, floor, g)
    left_end = symbol[0] if symbol is not None else p
    chain = _left(text, max(floor, left_end - 48), left_end, g)
    if chain and symbol is None:
        leads = g.leads
        for st, key in chain:
            if key in leads:
                lm = g.lead.match(text, st)
                if lm is not None and lm.end() > p:
                    return _from_lead(lm, text, g), lm.end()
    m = g.num.match(text, p)
    if m is None:  # inside a word (QH15) or a digit run that is no number ("1.5.2")
        sm = g.special.match(text, p)
        return (_from_lead(sm, text, g), sm.end()) if sm is not None else (None, p)
    after = m.end("n1")
    c = text[after : after + 1]
    if (c and (c in "/-" or c.isalpha() or (c == " " and text[after + 1 : after + 6].lower() == "tháng"))) or (
        text[p] == "0" and after - p > 3  # a leading 0 and four digits or more: a phone number?
    ):
        sm = g.special.match(text, p)  # 24/NQ-HĐND, 10/12/2024, 6/2025, 5/8 chỉ tiêu, 24/7, 5G
        if sm is not None:
            if sm.lastgroup == "count_total":
                return _count_of_total(text, sm, _prefix(chain, g), symbol, g)
            return _from_lead(sm, text, g), sm.end()
    if symbol is None and p > floor and text[p - 1] == "(" and _exceeded_before(text, p - 1, floor, g):
        symbol = (p, ">")  # "vượt so với dự toán Trung ương giao (6.193 tỷ đồng)": more than the amount
    return _from_number(text, m, _prefix(chain, g), g, symbol=symbol), m.end()


_SYMBOL_BEFORE_OK = " \t\u00a0([|:;,"  # what may stand before a comparator symbol
_EXCEED_WINDOW = 80  # characters read back from a bracket for an exceed clause (bounded: linear)


def _symbol_before(text: str, p: int, floor: int, g: _Grammar) -> tuple[int, str] | None:
    """A comparator symbol right before the number at `p` (">2.300", "≥ 90%"), as (start, op).

    Not after a letter or digit ("m<sup>2</sup>", "a>5"); a ">" opening a line and followed by a
    space is a Markdown quote marker ("> 5 xã đạt chuẩn")."""
    k = p
    while k > floor and p - k < 2 and text[k - 1] == " ":
        k -= 1
    for width in (2, 1):
        s = k - width
        if s < floor:
            continue
        op = g.symbols.get(text[s:k])
        if op is None:
            continue
        if s > 0 and text[s - 1] not in _SYMBOL_BEFORE_OK and text[s - 1] != "\n":
            return None
        if width == 1 and text[s] == ">" and k < p:
            nl = text.rfind("\n", max(0, s - 12), s)
            if (nl >= 0 or s <= 12) and not text[nl + 1 : s].strip(" \t>"):
                return None
        return s, op
    return None


def _exceeded_before(text: str, k: int, floor: int, g: _Grammar) -> bool:
    """Whether the bracket at `k` follows an exceed clause with no amount of its own ("vượt so với
    dự toán Trung ương giao (6.193 tỷ đồng)"): the bracketed amount is the baseline exceeded."""
    return g.exceed_before.search(text, max(floor, k - _EXCEED_WINDOW), k) is not None


def _count_of_total(
    text: str, sm: re.Match[str], prefix: list[tuple[int, str]], symbol: tuple[int, str] | None, g: _Grammar,
) -> tuple[Quantity | None, int]:
    """ "5/8 chỉ tiêu", "có 4/5 Trường học": the count (5) of a counted noun out of a total (8).

    A larger numerator is no share of a whole ("24/7 ngày"), so it stays a skipped label."""
    n, d = (int(part) for part in sm.group("count_total").split("/"))
    rm = g.right.match(text, sm.end())
    if n > d or rm is None or rm.group("j") is not None or not (rm.group("c1") or rm.group("u1") or rm.group("cls")):
        return None, sm.end()
    q = _from_number(text, rm, prefix, g, words_value=float(n), start=sm.start(), symbol=symbol, total=float(d))
    return q, rm.end()


def _counts(text: str, p: int, g: _Grammar) -> bool:
    """Whether the number at `p` is followed by a classifier noun ("03 Chương trình")."""
    m = g.num.match(text, p)
    return m is not None and bool(m.group("cls") or m.group("c1"))


def _keyword_quantities(text: str, found: list[Quantity], g: _Grammar) -> list[Quantity]:
    """Quantities written only in letters, outside the spans already found: ordinals ("thứ hai
    mươi ba", "thứ nhất"), Roman terms ("Khóa XIV"), "quý II", number words ("mười lăm xã")."""
    lower = text.lower()
    if len(lower) != len(text):  # a rare character changed length when lowered
        return []
    hits: list[int] = []
    if g.keyword_re is not None:
        for m in g.keyword_re.finditer(lower):
            i, e = m.span()
            if (i == 0 or not lower[i - 1].isalpha()) and not lower[e : e + 1].isalpha():
                hits.append(i)
    else:
        for kw in g.keywords:
            i = lower.find(kw)
            while i >= 0:
                after = lower[i + len(kw) : i + len(kw) + 1]
                if (i == 0 or not lower[i - 1].isalpha()) and not after.isalpha():
                    hits.append(i)
                i = lower.find(kw, i + 1)
        hits.sort()
    if not hits:
        return []
    taken = [q.span for q in found]
    out: list[Quantity] = []
    floor = 0
    ti = 0
    for p in hits:
        if p < floor:
            continue
        while ti < len(taken) and taken[ti][1] <= p:
            ti += 1
        if ti < len(taken) and taken[ti][0] <= p:
            continue  # inside a quantity of the digit pass ("20.000 tỷ")
        q = _at_keyword(text, p, max(floor, taken[ti - 1][1] if ti else 0), g)
        if q is not None and _fits(q.span, taken, ti):
            out.append(q)
            floor = q.span[1]
    return out


def _fits(span: tuple[int, int], taken: list[tuple[int, int]], ti: int) -> bool:
    """A keyword quantity may swallow digit-pass quantities whole ("quý I/2025" over "2025"),
    never cut one in two."""
    a, b = span
    while ti < len(taken) and taken[ti][0] < b:
        if taken[ti][1] > b or taken[ti][0] < a:
            return False
        ti += 1
    return True


def _at_keyword(text: str, p: int, floor: int, g: _Grammar) -> Quantity | None:
    """The letter-only quantity around keyword offset `p`, if any."""
    chain = _left(text, max(floor, p - 60), p, g) if p > floor else []
    if chain and g.prefix_roles.get(chain[-1][1], ("",))[0] == "factor":
        q = _factor_word(text, p, chain, g)
        if q is not None:
            return q
    leads = g.leads
    for st, key in [*chain, (p, "")]:
        if not key or key in leads:
            lm = g.lead.match(text, st)
            if lm is not None and lm.end() > p and lm.lastgroup in ("ordinal", "ord_roman", "ord_q", "date_q"):
                return _from_lead(lm, text, g)
    # a number-word run starts at the leftmost number word before the keyword
    k = len(chain)
    while k > 0 and chain[k - 1][1] in g.number_words:
        k -= 1
    for i in range(k, len(chain) + 1):
        st = chain[i][0] if i < len(chain) else p
        if i < len(chain) and chain[i][1] not in g.run_starts:
            continue
        wm = g.words.match(text, st)
        if wm is None or wm.end() <= p:
            continue
        got = _words_value(wm.group("w1"), st, g)
        if got is None:
            continue
        value, core_end, single = got
        rm = g.right.match(text, core_end)
        if rm is None or rm.group("j") is not None:
            continue  # a range after words ("hai mươi - 30") is left alone
        if single and not (rm.group("u1") or rm.group("u2") or rm.group("cls") or rm.group("c1") or rm.group("s1")):
            continue  # "hai" alone: Hai Bà Trưng, "ba" (father); a lone word needs a unit
        return _from_number(text, rm, _prefix(chain[:i], g), g, words_value=value, start=st)
    return None


def _factor_word(text: str, p: int, chain: list[tuple[int, str]], g: _Grammar) -> Quantity | None:
    """A multiplier in words right after "gấp" ("gấp đôi năm 2020" = 2 times, "tăng gấp rưỡi"),
    read as "gấp 2 lần" is."""
    for word, value in g.factor_words.items():
        end = p + len(word)
        if _key_cached(text[p:end]) == word and not text[end : end + 1].isalpha():
            rm = g.right.match(text, end)
            if rm is None or rm.group("j") is not None:
                return None
            if rm.group("s1") or rm.group("u1") or rm.group("c1"):  # "gấp đôi năm 2020": no unit
                rm = g.right.match(text, end, end)
                if rm is None:
                    return None
            q = _from_number(text, rm, _prefix(chain, g), g, words_value=value, start=p)
            if q.unit is None:
                q = _replace(q, kind="quantity", unit=g.factor_unit, factor=True)
            return q
    return None


_COMBINING = compile_re(r".[\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+", re.DOTALL)


def _find_non_nfc(text: str) -> list[Quantity]:
    """find_quantities on the NFC form, spans mapped back to the original characters.

    Only the clusters holding combining marks are normalised (NFD input from some DOCX/PDF
    tools), each mapped as a block, so the cost stays that of a few C calls per cluster."""
    pieces: list[str] = []
    norm_at: list[int] = [0]  # breakpoints: NFC offset norm_at[i] is original offset orig_at[i]
    orig_at: list[int] = [0]
    inside: list[bool] = [False]  # whether the stretch after breakpoint i is one normalised cluster
    last = npos = 0
    for m in _COMBINING.finditer(text):
        a, b = m.span()
        pieces.append(text[last:a])
        npos += a - last
        norm = unicodedata.normalize("NFC", m.group())
        pieces.append(norm)
        norm_at += [npos, npos + len(norm)]
        orig_at += [a, b]
        inside += [True, False]
        npos += len(norm)
        last = b
    pieces.append(text[last:])
    norm_text = "".join(pieces)
    if not unicodedata.is_normalized("NFC", norm_text):  # singletons such as U+212B: rare, slow path
        return _find_non_nfc_by_char(text)

    def orig(n: int, end: bool) -> int:
        i = bisect_right(norm_at, n) - 1
        if inside[i] and n > norm_at[i]:  # inside a cluster: widen to the whole cluster
            return orig_at[i + 1] if end else orig_at[i]
        return orig_at[i] + (n - norm_at[i])

    out = []
    for q in find_quantities(norm_text):
        a, b = orig(q.span[0], False), orig(q.span[1], True)
        out.append(_replace(q, span=(a, b), raw=text[a:b]))
    return out


def _find_non_nfc_by_char(text: str) -> list[Quantity]:
    """Like _find_non_nfc, normalising every character on its own (any non-NFC input)."""
    starts: list[int] = []  # original offset of each NFC character
    pieces: list[str] = []
    i, n = 0, len(text)
    while i < n:  # a base character and the combining marks that follow it
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        norm = unicodedata.normalize("NFC", text[i:j])
        pieces.append(norm)
        starts.extend([i] * len(norm))
        i = j
    starts.append(n)
    return _mapped_back(find_quantities("".join(pieces)), starts, text)


def _mapped_back(found: list[Quantity], starts: list[int], text: str) -> list[Quantity]:
    """Quantities found in a rewritten copy of `text`, with spans and raw text of `text`:
    `starts[i]` is the offset in `text` of the copy's character i (one more entry for its end)."""
    out = []
    for q in found:
        a, b = starts[q.span[0]], starts[q.span[1]]
        out.append(_replace(q, span=(a, b), raw=text[a:b]))
    return out


def _replace(q: Quantity, **changes: Any) -> Quantity:
    fields = {f: getattr(q, f) for f in Quantity.__slots__}
    fields.update(changes)
    return Quantity(**fields)


def parse_quantity(text: str) -> Quantity | None:
    """The main quantity of a short phrase (an indicator value "Tăng 9%", a table cell "8,5").

    The first amount wins over dates, years and ordinals ("Giai đoạn 2021-2025: tăng 7%" → 7%);
    None when the phrase holds no quantity ("Điều 3", "COVID-19")."""
    found = find_quantities(text)
    if not found:
        return None
    for q in found:
        if q.kind in _NUMERIC_KINDS:
            return q
    return found[0]


def apply_unit(value: float, unit_text: str) -> tuple[float, str | None, list[str]]:
    """Apply a table column's unit to a bare cell value → (value in base units, unit, per).

    "Triệu đồng", 120 → (1.2e8, "VND", []); "%" → "%"; "Tỷ đồng/năm" → ("VND", ["năm"]);
    "Người" → "người"; "Ha" → "ha"; "1.000 tấn" → ×1000 "tấn". Parentheses and a leading
    "ĐVT:" are ignored. An unknown unit is returned folded (lower case) as written."""
    reading = _unit_reading(unit_text)
    if reading is None:
        return value, None, []
    mult, unit, per = reading
    if mult == 1.0:
        return value, unit, list(per)
    return round(value * mult, max(0, 7 - len(str(int(mult))))), unit, list(per)  # 1,2 tỷ: 1200000000


_UNIT_LEAD_RE = compile_re(r"^(?:đvt|đơn\s+vị\s+tính|đơn\s+vị)\s*:\s*", re.IGNORECASE)


def _unit_match(unit_text: str, g: _Grammar) -> re.Match[str] | None:
    t = unicodedata.normalize("NFC", unit_text).strip().strip("()[]").strip()
    t = _UNIT_LEAD_RE.sub("", t)
    t = g.abbreviations.get(_key_cached(t), t)
    return g.unit_text.fullmatch(t) if t else None


def is_unit_text(unit_text: str) -> bool:
    """Whether the text is a unit the grammar knows ("triệu đồng", "USD", "%", "ha", "nghìn
    tấn"): a scale, a currency or a unit word; `apply_unit` also takes unknown words as written."""
    g = _grammar()
    m = _unit_match(unit_text, g)
    if m is None:
        return False
    u = _key_cached(m.group("u")) if m.group("u") else ""
    return u in g.currencies or u in g.units or (not u and bool(m.group("s")))


@per_line(512)
def _unit_reading(unit_text: str) -> tuple[float, str | None, tuple[str, ...]] | None:
    """(multiplier, unit, per) of a column's unit text, or None when it reads as no unit.
    Cached: a table applies its one unit column to every cell."""
    g = _grammar()
    m = _unit_match(unit_text, g)
    if m is None:
        return None
    mult = _number(m.group("n"))[0] if m.group("n") else 1.0
    mult *= _scale_value(m.group("s"), g)
    u = _key_cached(m.group("u")) if m.group("u") else ""
    per = tuple(_key_cached(p) for p in m.group("per").split("/")[1:] if p.strip())
    unit: str | None
    if u in g.currencies:
        unit = g.currencies[u]
    elif u in g.units:
        unit = g.units[u]
    else:
        unit = u or None
    return mult, unit, per
