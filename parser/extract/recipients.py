"""The Nơi nhận block: one recipient per line, the "Lưu:" archive apart, abbreviations expanded."""

from __future__ import annotations

import regex

from .. import rules as R
from ..caches import per_grammar
from ..lines import GRAMMAR, Classified, is_upper
from ..model import Recipient
from ..runcache import compile_regex

# The dash of a list item, with a stray single quote OCR reads from a speck beside it ("-'TT HĐND";
# no recipient's name starts with one; a double quote may open a newspaper's name and stays).
BULLET_RE = compile_regex(r"^[-+•·▪*]\s*(?:['‘’`´]\s*)?")
# A closing note in brackets: "(Báo cáo)", "(để b/c)", "(đ/b)". Only the last bracket counts.
# Linear on a raw white-space run: `(?<!\s)` starts the search only at the start of a run (where the
# leftmost match starts anyway) instead of re-scanning the run from each of its characters, and
# `\s*+` before the optional mark stops `\s*[;.,]?\s*$` from trying every split of a trailing run.
NOTE_RE = compile_regex(r"(?<!\s)\s*+\(([^()]{1,60})\)\s*+[;.,]?\s*$")
# Trailing punctuation. `(?<![\s;.,])`: a run that does not reach the end is tried once, from its
# start, not from every character in it (`sub` on a long run of spaces before a letter was quadratic).
ARCHIVE_SEPARATOR_RE = compile_regex(r"[,;]")
PIECE_SEPARATOR_RE = compile_regex(r";\s*(?=\S)")
TRAILING_RE = compile_regex(r"(?<![\s;.,])[\s;.,]++$")
# "Văn phòng: Tỉnh ủy, Ủy ban nhân dân tỉnh" — a shared prefix before a colon.
SHARED_PREFIX_RE = compile_regex(r"^(?P<prefix>[^:]{2,60}?)\s*:\s*(?P<items>.+)$")


@per_grammar
def _abbreviation_re() -> tuple[regex.Pattern[str], dict[str, str]]:
    table: dict[str, str] = R.load_grammar("recipients")["abbreviations"]
    keys = sorted(table, key=len, reverse=True)
    # Whole words only: "TT" inside "TTr" or a name is not expanded; "TT." eats its dot.
    pattern = compile_regex(r"(?<![\p{L}\d])(?:" + "|".join(regex.escape(k) for k in keys) + r")(?![\p{L}\d])")
    return pattern, table


def expand_abbreviations(text: str) -> str:
    pattern, table = _abbreviation_re()
    return pattern.sub(lambda m: table[m.group(0)], text)


def expand_recipient(name: str) -> list[str]:
    """Shared-prefix lists become one entry per item; abbreviations are written out."""
    m = SHARED_PREFIX_RE.match(name)
    if m:
        prefix = m.group("prefix").strip()
        items = [p.strip() for p in m.group("items").split(",") if p.strip()]
        return [expand_abbreviations(f"{prefix} {item}") for item in items]
    return [expand_abbreviations(name)]


def split_recipient(text: str) -> tuple[str, str | None]:
    body = BULLET_RE.sub("", text.strip())
    note = None
    m = NOTE_RE.search(body)
    if m:
        note = m.group(1).strip()
        body = body[: m.start()]
    return TRAILING_RE.sub("", body).strip(), note


def split_archive(rest: str) -> list[str]:
    return [p.strip(" .;") for p in ARCHIVE_SEPARATOR_RE.split(rest) if p.strip(" .;")]


def _archive_rest(piece: str) -> str | None:
    """The entries of a "Lưu: VT" piece of a one-line Nơi nhận (its bullet dropped), else None."""
    text = piece.strip()
    m = R.rule(GRAMMAR, "archive").match(text)  # folded: the offsets are those of the text
    return None if m is None else text[m.start("rest"):m.end("rest")]


def extract_recipients(tail: list[Classified]) -> tuple[list[Recipient], list[str], list[int]]:
    """Recipients, archive entries, and the indices of tail lines the block used."""
    recipients: list[Recipient] = []
    archive: list[str] = []
    used: list[int] = []
    start = next((i for i, c in enumerate(tail) if c.kind == "recipients_head"), None)
    if start is None:
        return recipients, archive, used
    used.append(start)
    head_rest = tail[start].rest
    for piece in PIECE_SEPARATOR_RE.split(head_rest) if head_rest else []:
        # "Nơi nhận: A; B; C" written on one line, maybe ending with its "Lưu: VT."
        stored = _archive_rest(piece)
        if stored is not None:
            archive.extend(split_archive(stored))
            continue
        _add(recipients, piece, tail[start])
    parent: Recipient | None = None  # "- VP UBND tỉnh:" whose parts follow as "+" lines
    for i in range(start + 1, len(tail)):
        c = tail[i]
        text = c.line.text
        if c.kind in ("signer_authority", "signer_title", "recipients_head") and is_upper(text):
            break
        if c.kind == "archive":
            archive.extend(split_archive(c.rest))
            used.append(i)
            continue
        if archive and not BULLET_RE.match(text):
            break  # the block ends with "Lưu:"; what follows is the signature or an appendix
        if not BULLET_RE.match(text) and recipients and not recipients[-1].raw.rstrip().endswith((";", ".")):
            last = recipients[-1]
            last.raw = f"{last.raw} {text}"
            last.name, last.note = split_recipient(last.raw)
            last.expanded = expand_recipient(last.name)
            used.append(i)
            continue
        if not BULLET_RE.match(text) and is_upper(text):
            break
        if parent is not None and text.startswith("+"):
            _add_part(parent, text)
            used.append(i)
            continue
        _add(recipients, text, c)
        parent = recipients[-1] if recipients and recipients[-1].raw.rstrip().endswith(":") else None
        used.append(i)
    return recipients, archive, used


def _add_part(parent: Recipient, text: str) -> None:
    """ "- VP UBND tỉnh:" ⏎ "+ LĐVP, KGVX;": the office and its parts are one recipient
    ("VP UBND tỉnh: LĐVP, KGVX"), not a recipient named by a colon and a stray list."""
    name, note = split_recipient(text)
    if not name:
        return
    joiner = " " if parent.name.endswith(":") else ", "
    parent.name = f"{parent.name}{joiner}{name}"
    parent.raw = f"{parent.raw}\n{text}"
    parent.note = parent.note or note
    parent.expanded = expand_recipient(parent.name)


def _add(recipients: list[Recipient], text: str, c: Classified) -> None:
    name, note = split_recipient(text)
    if name:
        recipients.append(Recipient(name=name, note=note, line=c.line.first, raw=text,
                                    expanded=expand_recipient(name)))
