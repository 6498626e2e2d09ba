"""Properties that hold for every input, not just the fixtures (Hypothesis), and linear time on
1 MB adversarial lines for every grammar rule, every module-level regex, the cleaner and the
quantity finder.

Why both: example tests pin what a known input gives; these pin what no input may do (raise
anything but ParseError, cite a line that is not in the input, return a span outside the text,
hang on one long line). A hang fails its test through an alarm instead of hanging CI, and
faulthandler ends the process as a last resort if a C loop ignores the alarm.
"""

from __future__ import annotations

import faulthandler
import importlib
import re
import signal
import string
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import nqparser
import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nqparser import rules as R
from nqparser import textfold
from nqparser.clean import clean_lines, clean_text, cleaning_chain
from nqparser.extract.entries import entries_of
from nqparser.extract.inline_items import split_inline_items
from nqparser.model import Document, SourceLine
from nqparser.quantities import Quantity, find_quantities, parse_quantity

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "fixtures" / "raw"
MB = 1 << 20
GUARD_SECONDS = 20  # per call: generous, it asserts completion, not speed

VN_LOWER = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
VN = VN_LOWER + VN_LOWER.upper()
ALPHABET = VN + string.digits + " .,;:%/()-–+*|#_[]<>&\\\n\t\r\u00a0\u200b\u0301\u0323"
TOKENS = [
    "Điều 1.", "Điều ", "Chương I", "I.", "II.", "1.", "2.", "1.1.", "1.2.1.", "a)", "b)", "đ)", "- ", "+ ", "• ",
    "**", "__", "# ", "> ", "[bookmark: _Toc1]", "<br>", "&nbsp;", "  ", "\\", "|", "| 1 | GRDP | % | 8,5 |",
    "|---|---|", "HỘI ĐỒNG NHÂN DÂN", "TỈNH THÁI NGUYÊN", "Số: 12/NQ-HĐND", "NGHỊ QUYẾT", "QUYẾT NGHỊ:",
    "Căn cứ Luật Tổ chức chính quyền địa phương;", "Xét Tờ trình số 5/TTr-UBND;", "Nơi nhận:", "CHỦ TỊCH",
    "TM. HỘI ĐỒNG NHÂN DÂN", "Nguyễn Văn A", "Nghị quyết này đã được Hội đồng nhân dân tỉnh thông qua",
    "tăng 8,5%", "20.000 tỷ đồng", "1.250.000 triệu đồng", "ngày 10 tháng 12 năm 2024", "quý I/2025",
    "thứ hai mươi ba", "Khóa XIV, kỳ họp thứ 23", "khoảng 3 - 5%", "trên 90%", "≥ 95%", "45 triệu đồng/người/năm",
    "Tốc độ tăng trưởng kinh tế (GRDP)", "Thu ngân sách", ":", ";", ".", "\n", "\n\n", "\r\n",
]

fragments = st.one_of(st.sampled_from(TOKENS), st.text(alphabet=ALPHABET, max_size=16))
resolution_like = st.lists(st.lists(fragments, max_size=8).map("".join), max_size=60).map("\n".join)
any_text = st.one_of(st.text(max_size=400), st.text(alphabet=ALPHABET, max_size=400), resolution_like)
SETTINGS = settings(deadline=None, database=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _fixture_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(RAW.glob("*.txt")) + sorted(RAW.glob("*.md"))]


FIXTURES = _fixture_texts()


@st.composite
def damaged_fixture(draw: st.DrawFn) -> str:
    """A real resolution with lines dropped, repeated, swapped or overwritten (deep code paths)."""
    assert FIXTURES, "fixtures/raw has no .txt/.md files"
    lines = draw(st.sampled_from(FIXTURES)).splitlines()
    for _ in range(draw(st.integers(0, 8))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.integers(0, 4))
        if op == 0:
            del lines[i:i + draw(st.integers(1, 40))]
        elif op == 1:
            lines[i:i] = lines[i:i + draw(st.integers(1, 20))]
        elif op == 2:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == 3:
            lines[i] = draw(resolution_like)
        else:
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
    return "\n".join(lines)


# --- guards ---------------------------------------------------------------------------------------

class Hang(Exception):
    """A call overran GUARD_SECONDS."""


@contextmanager
def guard(what: str, seconds: int = GUARD_SECONDS) -> Iterator[None]:
    """Fail (not hang) when the block overruns; hard-exit if even the alarm cannot interrupt it."""
    def on_alarm(signum: int, frame: Any) -> None:
        raise Hang(f"{what} did not finish within {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    faulthandler.dump_traceback_later(seconds * 3, exit=True, file=sys.stderr)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# --- the pipeline ---------------------------------------------------------------------------------

def cited_lines(doc: Document) -> Iterator[tuple[str, int]]:
    """Every source line number the document cites, with where it cites it."""
    for part, roots in (("articles", doc.articles), ("appendix", doc.appendix)):
        for root in roots:
            for node in root.walk():
                for n in node.lines:
                    yield f"{part} node {node.label!r}", n
                for n in node.table_lines or []:
                    yield f"{part} table row {node.label!r}", n
    for group, records in (("indicator", doc.indicators), ("target", doc.targets)):
        for rec in records:
            for n in rec.lines:
                yield f"{group} {rec.name!r}", n
    for rec in doc.recipients:
        yield f"recipient {rec.name!r}", rec.line
    for name, span in doc.metadata.provenance.items():
        for n in span:
            yield f"metadata {name}", n
    if doc.metadata.signer is not None:
        for n in doc.metadata.signer.lines:
            yield "signer", n


def assert_provenance(doc: Document, text: str) -> None:
    total = len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    assert doc.source["lines"] == total
    for where, n in cited_lines(doc):
        assert isinstance(n, int) and 1 <= n <= total, f"{where} cites line {n} of {total}"
    for root in [*doc.articles, *doc.appendix]:
        for node in root.walk():
            assert node.lines[0] <= node.lines[-1], f"node {node.label!r} has lines {node.lines}"


def parse_or_refuse(text: str) -> Document | None:
    try:
        doc = nqparser.parse_text(text)
    except nqparser.ParseError as exc:
        assert exc.reason and "\n" not in exc.reason
        return None
    assert isinstance(doc, Document)
    doc.to_json()  # what the CLI does next must not fail either
    return doc


@settings(SETTINGS, max_examples=250)
@given(any_text)
def test_parse_text_gives_a_document_or_parse_error(text: str) -> None:
    doc = parse_or_refuse(text)
    if doc is not None:
        assert_provenance(doc, text)


@settings(SETTINGS, max_examples=80)
@given(damaged_fixture())
def test_damaged_resolutions_keep_provenance(text: str) -> None:
    doc = parse_or_refuse(text)
    if doc is not None:
        assert_provenance(doc, text)


# --- cleaning ---------------------------------------------------------------------------------------

@st.composite
def source_lines(draw: st.DrawFn) -> list[SourceLine]:
    """Lines with increasing numbers and gaps (blank lines skipped by the reader)."""
    texts = draw(st.lists(st.lists(fragments, max_size=6).map("".join), max_size=40))
    number, out = 0, []
    for text in texts:
        number += draw(st.integers(1, 3))
        out.append(SourceLine(text=text, number=number, bold=draw(st.booleans())))
    return out


@settings(SETTINGS, max_examples=300)
@given(source_lines())
def test_cleaning_keeps_provenance(lines: list[SourceLine]) -> None:
    numbers = {sl.number for sl in lines}
    out = clean_lines(lines)
    previous = 0
    for line in out:
        assert line.text and not line.text.isspace()
        assert line.first in numbers and line.last in numbers, (line.first, line.last, sorted(numbers))
        assert previous < line.first <= line.last, "lines out of order or overlapping"
        previous = line.last


@settings(SETTINGS, max_examples=300)
@given(st.one_of(st.text(max_size=300), st.text(alphabet=ALPHABET, max_size=300)))
def test_clean_text_never_raises_and_is_one_line(text: str) -> None:
    cleaned = clean_text(text.replace("\n", " ").replace("\r", " "))
    assert isinstance(cleaned, str)


@settings(SETTINGS, max_examples=500)
@given(st.one_of(st.text(max_size=80), st.text(alphabet=ALPHABET, max_size=80),
                 st.lists(st.sampled_from(["a", "đ", " ", "  ", "-", "- + ", "* ", "**", "__", "#", "\\",
                                           "[bookmark: x]", "<br>", "&amp;", "\t", "\u00a0", "\u200b", "\u2013",
                                           "|", "1."]),
                          max_size=10).map("".join)))
def test_clean_text_shortcut_gives_what_the_chain_gives(text: str) -> None:
    """clean_text strips a line holding none of the characters the chain acts on instead of
    running the chain: the answer must be the chain's."""
    assert clean_text.__wrapped__(text) == cleaning_chain(text)  # type: ignore[attr-defined]


# --- quantities --------------------------------------------------------------------------------------

def assert_spans(text: str, found: list[Quantity]) -> None:
    end = 0
    for q in found:
        a, b = q.span
        assert 0 <= a < b <= len(text), (q.span, len(text))
        assert text[a:b] == q.raw, (text[a:b], q.raw)
        assert a >= end, f"quantities overlap or are out of order at {q.span}"
        end = b


@settings(SETTINGS, max_examples=400)
@given(st.one_of(st.text(max_size=200), st.text(alphabet=ALPHABET, max_size=200),
                 st.lists(fragments, max_size=12).map(" ".join)))
def test_find_quantities_never_raises_and_spans_index_the_input(text: str) -> None:
    found = find_quantities(text)
    assert all(isinstance(q, Quantity) for q in found)
    assert_spans(text, found)
    q = parse_quantity(text)
    assert q is None or isinstance(q, Quantity)
    for q in found:
        q.to_dict()


# --- linear time on 1 MB lines --------------------------------------------------------------------

def repeat_to(unit: str, size: int = MB) -> str:
    return (unit * (size // max(1, len(unit)) + 1))[:size]


ADVERSARIAL = {
    "digits": "1234567890",
    "digits-commas-dots": "1,234.5 ",
    "dots": "1.",
    "commas": ",",
    "spaces": " ",
    "dieu": "Điều ",
    "bookmark": "[bookmark: ",
    "stars": "**a* ",
    "parens": "((((",
    "dash-plus": "- + ",
    "dotted-number": "1.1.1.1.",
    "letters": "nghịquyếtđồngbằngsôngcửulong",
    "pipes": "| 1 | ",
    "percent": "8,5% ",
    "ty-dong": "tỷ đồng ",
    "underscores": "__a_ ",
    "space-thousands": "1 000 ",
    "dot-space-thousands": "1. 000. 000 ",
    "scale-dong": "tỷ đông ",
}


def _rule_cases() -> Iterator[Any]:
    for name in R.all_grammar_names():
        for rule in R.rules(name).values():
            yield pytest.param(rule, id=f"{name}:{rule.id}")


RUNS = {"spaces": " ", "tabs": "\t", "space-dot": " .", "space-comma": " ,", "nbsp": "\u00a0"}


def adversarial_lines(rule: R.Rule) -> Iterator[tuple[str, str]]:
    r"""1 MB lines: the shared units, prefixes of the rule's own examples, each repeated; then each
    example followed by a long run and a stray letter, raw and cleaned.

    Why raw: `Rule.match` is called directly too, not only on lines `clean_text` has collapsed.
    Tails such as `.+?\s*[.;]?\s*$` backtracked quadratically over a raw run of spaces (example +
    40,000 spaces + "x" took ~10 s); the grammars now use possessive quantifiers and look-arounds
    there, and these cases pin it. Cleaned: what the pipeline passes.
    """
    for name, unit in ADVERSARIAL.items():
        yield name, repeat_to(unit)
    for i, example in enumerate(rule.examples):
        for cut in sorted({max(1, len(example) // 2), len(example)}):
            yield f"example {i}[:{cut}]", repeat_to(example[:cut])
    for i, example in enumerate(rule.examples):
        for name in RUNS:
            yield f"example {i} + raw {name} + 'x'", example + raw_run(name)
    for i, example in enumerate(rule.examples[:2]):
        for name in RUNS:
            yield f"example {i} + cleaned {name} + 'x'", f"{clean_text(example)} {cleaned_run(name)}"


@cache
def raw_run(name: str, size: int = MB) -> str:
    r"""A run of `size` characters as a reader may hand it over (not collapsed), then a stray letter
    that makes every `\s*$` tail fail at the very end."""
    return repeat_to(RUNS[name], size) + "x"


@cache
def cleaned_run(name: str) -> str:
    """clean_text of a 1 MB run and a stray letter (cleaning is per line and local, so a rule sees
    the cleaned example, a space, then this)."""
    return clean_text(repeat_to(RUNS[name]) + " x")


@pytest.mark.parametrize("rule", list(_rule_cases()))
def test_rule_is_linear_on_1mb_lines(rule: R.Rule) -> None:
    for name, line in adversarial_lines(rule):
        with guard(f"rule {rule.id} on 1 MB of {name!r}"):
            rule.match(line)
        textfold.fold_prefix.cache_clear()  # it would pin every 1 MB line


# --- growth, not speed ------------------------------------------------------------------------------
#
# A time limit passes a quadratic regex on a fast machine and fails a linear one on a loaded one; the
# ratio of two sizes does neither. Linear is ~10 for 10x the input, quadratic ~100. The bound leaves
# room for cache effects and a busy 2-core machine (best of 3 at each size); the floor keeps timer
# noise on sub-millisecond matches from counting.
GROWTH_BOUND = 30.0
GROWTH_FLOOR_SECONDS = 0.001


def best_of_3(call: Callable[[], Any]) -> float:
    best = float("inf")
    for _ in range(3):
        textfold.fold_prefix.cache_clear()
        textfold.fold_head.cache_clear()
        start = time.process_time()
        call()
        best = min(best, time.process_time() - start)
    return best


def assert_linear_growth(what: str, call: Callable[[str], Any], line_of: Callable[[int], str]) -> None:
    """Time `call` on the 100 KB and the 1 MB line of one construction; fail if it grows ~quadratically."""
    small, large = line_of(MB // 10), line_of(MB)
    with guard(f"{what} on 100 KB"):
        t_small = best_of_3(lambda: call(small))
    with guard(f"{what} on 1 MB", seconds=3 * GUARD_SECONDS):
        t_large = best_of_3(lambda: call(large))
    textfold.fold_prefix.cache_clear()
    ratio = t_large / max(t_small, GROWTH_FLOOR_SECONDS)
    assert ratio < GROWTH_BOUND, f"{what}: {t_small * 1e3:.1f} ms on 100 KB, {t_large * 1e3:.1f} ms on 1 MB"


# The rules whose tails were quadratic on a raw run (example index as in the grammar): each with
# every run kind, since the worst kind differs between the old and the new patterns.
GROWTH_RULES = [("structure", "place_date", 2), ("structure", "term_session", 2),
                ("structure", "term_session_inline", 0), ("structure", "resolve", 2),
                ("structure", "archive", 1)]


@pytest.mark.parametrize("run", sorted(RUNS))
@pytest.mark.parametrize(("grammar", "rule_id", "example"), GROWTH_RULES)
def test_rule_time_grows_linearly(grammar: str, rule_id: str, example: int, run: str) -> None:
    rule = R.rule(grammar, rule_id)
    head = rule.examples[example]
    assert_linear_growth(f"rule {rule_id} on example {example} + raw {run}", rule.match,
                         lambda size: head + raw_run(run, size))


# --- module-level regexes ---------------------------------------------------------------------------

REGEX_MODULES = ("nqparser.clean", "nqparser.segment", "nqparser.numwords", "nqparser.rules",
                 "nqparser.extract.indicators", "nqparser.extract.gazetteer",
                 "nqparser.extract.entries", "nqparser.extract.inline_items", "nqparser.extract.indicator_vocab",
                 "nqparser.extract.metadata", "nqparser.extract.recipients", "nqparser.sources.text",
                 "nqparser.sources.docx", "nqparser.sources.pdf", "nqparser.piperows", "nqparser.rownumbers",
                 "nqparser.ruledtables", "nqparser.columns", "nqparser.pipetables")
# What stands before the run: a letter, a bracketed note (the notes' tails), a digit (page numbers).
REGEX_PREFIXES = ("a", "(a)", "1")
REGEX_UNITS = {**RUNS, "newline": "\n", "digits": "1"}


def _module_regexes() -> dict[str, re.Pattern[str] | regex.Pattern[str]]:
    """Every compiled text pattern bound to a module-level name, and the indicator vocabulary's
    patterns from grammars/indicators.toml (compiled once in `_vocab`)."""
    from nqparser.extract import entries, indicator_vocab
    from nqparser.extract.indicators import _vocab
    from nqparser.extract.recipients import _abbreviation_re

    found: dict[str, re.Pattern[str] | regex.Pattern[str]] = {}
    for module in REGEX_MODULES:
        for key, value in vars(importlib.import_module(module)).items():
            if isinstance(value, (re.Pattern, regex.Pattern)) and isinstance(value.pattern, str):
                found[f"{module}.{key}"] = value
    vocab = _vocab()
    for key in ("heading", "decrease_start", "increase_start", "target_trigger", "mixed",
                "budget", "prose_heading", "group_heading", "group_only", "objective_heading", "furniture",
                "plan_trigger", "plan_word_names", "estimate", "actual", "no_targets", "comparison"):
        found[f"indicators.toml {key}"] = getattr(vocab, key)
    entry_vocab = entries.entry_vocab()
    for key in ("dropped_lead", "action_verbs", "action_verbs_end", "possessive_end", "value_verb_end",
                "value_verb_start", "aside_lead", "temporal_lead", "head_tail", "reference_end", "part_separator",
                "name_fillers", "exceed", "temporal_only", "temporal_tail"):
        found[f"indicators.toml entries.{key}"] = getattr(entry_vocab, key)
    for key, value in vocab.table.items():
        found[f"indicators.toml tables.{key}"] = value
    for code, name, parent in indicator_vocab._codes():
        found[f"indicators.toml code {code}"] = name
        if parent is not None:
            found[f"indicators.toml code {code} parent"] = parent
    found["recipients abbreviations"] = _abbreviation_re()[0]
    return found


MODULE_REGEXES = _module_regexes()


@pytest.mark.parametrize("name", sorted(MODULE_REGEXES))
def test_module_regex_is_linear_on_1mb_raw_runs(name: str) -> None:
    """`search` (which `match` never exceeds) and `sub` (every match, as `findall`/`split` do) on a
    prefix, a raw 1 MB run and a stray letter."""
    pattern = MODULE_REGEXES[name]
    for prefix in REGEX_PREFIXES:
        for unit_name, unit in REGEX_UNITS.items():
            line = prefix + repeat_to(unit) + "x"
            with guard(f"{name}.search on {prefix!r} + 1 MB of {unit_name!r}"):
                pattern.search(line)
            with guard(f"{name}.sub on {prefix!r} + 1 MB of {unit_name!r}"):
                pattern.sub("", line)


# The module-level regexes that were quadratic, with the construction that showed it.
GROWTH_REGEXES = {
    "recipients NOTE_RE": ("nqparser.extract.recipients", "NOTE_RE", "search", "(Báo cáo)", "\t"),
    "recipients TRAILING_RE": ("nqparser.extract.recipients", "TRAILING_RE", "sub", "Sở Tài chính", " "),
    "metadata COUNCIL_NAME_END_RE": ("nqparser.extract.metadata", "COUNCIL_NAME_END_RE", "search", "hoi dong", " "),
    "metadata NUMBER_TOKEN_RE": ("nqparser.extract.metadata", "NUMBER_TOKEN_RE", "match", "NQ", "1"),
    "entries SEPARATOR_RE": ("nqparser.extract.entries", "SEPARATOR_RE", "sub", "8,5", " "),
    "inline NUMBER_LABEL_RE": ("nqparser.extract.inline_items", "NUMBER_LABEL_RE", "sub", "1.", " "),
    "inline PAREN_LABEL_RE": ("nqparser.extract.inline_items", "PAREN_LABEL_RE", "sub", "(1)", " "),
    "pdf PAGE_NUMBER_RE": ("nqparser.sources.pdf", "PAGE_NUMBER_RE", "match", "12", " "),
}


@pytest.mark.parametrize("case", sorted(GROWTH_REGEXES))
def test_module_regex_time_grows_linearly(case: str) -> None:
    module, constant, method, prefix, unit = GROWTH_REGEXES[case]
    pattern = getattr(importlib.import_module(module), constant)
    call = (lambda s: pattern.sub("", s)) if method == "sub" else getattr(pattern, method)
    assert_linear_growth(f"{constant}.{method} on {prefix!r} + raw {unit!r}", call,
                         lambda size: prefix + repeat_to(unit, size) + "x")


STAGES: dict[str, Callable[[str], Any]] = {"clean_text": clean_text, "find_quantities": find_quantities,
                                           "entries_of": entries_of, "split_inline_items": split_inline_items}


@pytest.mark.parametrize("stage", sorted(STAGES))
@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_stage_finishes_on_1mb_lines(stage: str, name: str) -> None:
    line = repeat_to(ADVERSARIAL[name])
    with guard(f"{stage} on 1 MB of {name!r}"):
        result = STAGES[stage](line)
    if stage == "find_quantities":
        assert_spans(line, result)


PIPELINE_LINES = {  # where in a resolution a 1 MB line goes, and what it is made of
    **{f"article:{name}": ("article", name) for name in
       ("dieu", "bookmark", "stars", "dash-plus", "dotted-number", "letters", "pipes")},
    "header:term+spaces": ("header", "KHÓA XVI"),
    "tail:archive+spaces": ("tail", "- Lưu: VT, CTHĐND"),
    "tail:semicolons+signature": ("tail-run", "; CHỦ TỊCH"),
}


def pipeline_text(where: str, what: str) -> str:
    if where == "article":
        line = repeat_to(ADVERSARIAL[what])
    elif where == "tail-run":  # a recipient line of 1 MB of run-in signature candidates
        line, where = "- Chính phủ" + repeat_to(what), "tail"
    else:  # a known anchor, then a raw 1 MB run of spaces: quadratic for its rule if not cleaned
        line = what + repeat_to(" ") + "x"
    head = ["HỘI ĐỒNG NHÂN DÂN", "TỈNH THÁI NGUYÊN", "Số: 12/NQ-HĐND", "NGHỊ QUYẾT"]
    body = ["QUYẾT NGHỊ:", "Điều 1. Mục tiêu", "Điều 2. Tổ chức thực hiện",
            "Nghị quyết này đã được Hội đồng nhân dân tỉnh thông qua ngày 10 tháng 12 năm 2024.",
            "Nơi nhận:", "- Như Điều 2;"]
    lines = {"header": [*head, line, *body], "article": [*head, *body[:2], line, *body[2:]],
             "tail": [*head, *body, line]}[where]
    return "\n".join(lines)


@pytest.mark.parametrize("case", sorted(PIPELINE_LINES))
def test_whole_pipeline_finishes_on_a_1mb_line(case: str) -> None:
    text = pipeline_text(*PIPELINE_LINES[case])
    with guard(f"parse_text with a 1 MB line ({case})", seconds=40):
        doc = parse_or_refuse(text)
    textfold.fold_prefix.cache_clear()
    if doc is not None:
        assert_provenance(doc, text)


@pytest.mark.parametrize("unit", ["khóa 1 kỳ họp a ", "khóa 1 (", "Khóa XIV "])
def test_term_session_inline_is_bounded_by_max_chars(unit: str) -> None:
    """`^.*?\\bkhoa` retries the tail from every "khoa" (16 KB of "khoa 1 ky hop a " took 1.6 s);
    the rule's max_chars keeps such lines out, and real council lines are far shorter."""
    rule = R.rule("structure", "term_session_inline")
    assert rule.max_chars is not None
    assert rule.match("HỘI ĐỒNG NHÂN DÂN TỈNH THÁI NGUYÊN KHÓA XIV, KỲ HỌP THỨ HAI MƯƠI BA")
    for size in (rule.max_chars, MB):
        line = repeat_to(unit, size - 1) + ")"
        with guard(f"term_session_inline on {size} chars of {unit!r}"):
            rule.match(line)
        textfold.fold_prefix.cache_clear()
