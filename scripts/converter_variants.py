#!/usr/bin/env python3
"""Re-save the dev-set texts the way other converters write them, and score every variant.

The dev set scores 1.000 on the files as they came; the unseen documents come through other
converters. Each variant below keeps the meaning and changes only the shape a converter gives
(double spacing, padded lines, hard wrapping at 80 columns, tables as tabs, aligned columns or
pandoc multiline tables, page furniture of PDF-to-text output, HTML character references …). A
variant that scores lower than the files as they came points at a rule that reads the converter,
not the document.

usage: scripts/converter_variants.py [--shared ../shared] [--only NAME ...] [--keep DIR]

Needs `nqparser` on PATH (or in .venv) and shared/ beside the repository (not shipped).
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unicodedata
from collections.abc import Callable
from pathlib import Path

from nqparser.textfold import without_tone

ROOT = Path(__file__).resolve().parent.parent


def double_spaced(t: str) -> str:
    """A blank line after every line (pipe-table rows kept together, as a table cannot hold one)."""
    lines = t.split("\n")
    out: list[str] = []
    for i, line in enumerate(lines):
        out.append(line)
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if not (line.lstrip().startswith("|") and nxt.lstrip().startswith("|")):
            out.append("")
    return "\n".join(out)


def padded(t: str) -> str:
    return "\n".join(line + "  " if line.strip() else line for line in t.split("\n"))


def wrapped(t: str) -> str:
    out: list[str] = []
    for line in t.split("\n"):
        if len(line) > 90 and not line.lstrip().startswith("|"):
            out.extend(textwrap.wrap(line, 80, break_long_words=False, break_on_hyphens=False))
        else:
            out.append(line)
    return "\n".join(out)


def _cells(line: str) -> list[str]:
    inner = line.strip().removeprefix("|").removesuffix("|")
    return [c.strip() for c in re.split(r"(?<!\\)\|", inner)]


def _is_separator(line: str) -> bool:
    return re.fullmatch(r"\s*\|?(\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*\|?\s*", line) is not None


def _tables_as(t: str, join: Callable[[list[str]], str]) -> str:
    """Pipe tables re-written by `join`; a grid table's rows (between "+---+" borders) are left."""
    out: list[str] = []
    in_grid = False
    for line in t.split("\n"):
        if line.lstrip().startswith("+"):
            in_grid = True
        elif not line.lstrip().startswith("|"):
            in_grid = False
        if not in_grid and line.lstrip().startswith("|") and line.count("|") >= 3:
            if not _is_separator(line):
                out.append(join(_cells(line)))
        else:
            out.append(line)
    return "\n".join(out)


def pandoc_multiline(t: str) -> str:
    """Pipe tables as pandoc writes a table with wrapped cells: borders, the header, a rule of
    dash runs marking the columns, each row's cells wrapped within their column and a blank
    line after each row."""
    out: list[str] = []
    block: list[str] = []
    for line in [*t.split("\n"), ""]:
        if line.lstrip().startswith("|") and line.count("|") >= 3:
            block.append(line)
            continue
        if block:
            # a grid table's rows (between "+---+" borders) are not a pipe table: left as they are
            grid = line.lstrip().startswith("+") or (out and out[-1].lstrip().startswith("+"))
            out.extend(block if grid else _multiline_table(block))
            block = []
        out.append(line)
    return "\n".join(out[:-1])


def _multiline_table(block: list[str]) -> list[str]:
    has_header = len(block) > 1 and _is_separator(block[1])
    rows = [_cells(line) for line in block if not _is_separator(line)]
    n = max(len(r) for r in rows)
    rows = [r + [""] * (n - len(r)) for r in rows]
    widths = [min(max(3, max(len(r[c]) for r in rows)), 22) for c in range(n)]

    def lines_of(row: list[str]) -> list[str]:
        wrapped_cells = [textwrap.wrap(c, w, break_long_words=False) or [""] for c, w in zip(row, widths, strict=True)]
        height = max(len(w) for w in wrapped_cells)
        return ["  " + " ".join(w[k].ljust(width) if k < len(w) else " " * width
                                for w, width in zip(wrapped_cells, widths, strict=True)).rstrip()
                for k in range(height)]

    border = "  " + "-" * (sum(widths) + n - 1)
    rule = "  " + " ".join("-" * w for w in widths)
    out = [border]
    body = rows
    if has_header:
        out += [*lines_of(rows[0]), rule]
        body = rows[1:]
    else:
        out = [rule]
    for k, row in enumerate(body):
        out += lines_of(row)
        if k + 1 < len(body):
            out.append("")
    out.append(border if has_header else rule)
    return out


def tabs(t: str) -> str:
    return _tables_as(t, "\t".join)


def aligned(t: str) -> str:
    return _tables_as(t, lambda cells: "   ".join(c.ljust(12) for c in cells).rstrip())


def _paged(t: str, mark: Callable[[int], list[str]]) -> str:
    out: list[str] = []
    page = 1
    for n, line in enumerate(t.split("\n"), start=1):
        out.append(line)
        if n % 35 == 0 and not line.lstrip().startswith("|"):
            page += 1
            out.extend(mark(page))
    return "\n".join(out)


def ocr_tones(t: str) -> str:
    """OCR that loses the tone mark of one word in twelve (never inside a table row)."""
    rnd = random.Random(7)
    out: list[str] = []
    for line in t.split("\n"):
        if line.lstrip().startswith("|"):
            out.append(line)
            continue
        out.append(" ".join(without_tone(w) if rnd.random() < 1 / 12 else w for w in line.split(" ")))
    return "\n".join(out)


VARIANTS: dict[str, Callable[[str], str]] = {
    "as-is": lambda t: t,
    "crlf": lambda t: t.replace("\r\n", "\n").replace("\n", "\r\n"),
    "nfd": lambda t: unicodedata.normalize("NFD", t),
    "nbsp": lambda t: "".join("\u00a0" if c == " " and random.Random(hash(t) + i).random() < 0.15 else c
                              for i, c in enumerate(t)),
    "no-emphasis": lambda t: re.sub(r"(?m)^#{1,6}\s+", "", re.sub(r"\*\*|__", "", t)),
    "double-spaced": double_spaced,
    "padded": padded,
    "wrapped-80": wrapped,
    "tables-as-tabs": tabs,
    "tables-aligned": aligned,
    "pandoc-multiline": pandoc_multiline,
    "form-feeds": lambda t: _paged(t, lambda p: ["\f" + str(p)]),
    "page-numbers": lambda t: _paged(t, lambda p: ["", f"- {p} -", ""]),
    "html-entities": lambda t: t if "|" in t else t.replace("\u00a0", "&nbsp;").replace(" - ", " &ndash; "),
    "en-dash-bullets": lambda t: re.sub(r"(?m)^(\s*)- ", "\\1– ", t),
    "percent-spaced": lambda t: re.sub(r"(\d)%", r"\1 %", t),
    # pandoc's Markdown lists: "1.  text", "-   text", points indented under their clause
    "pandoc-lists": lambda t: re.sub(r"(?m)^([a-zđ]\)) ", r"    \1  ", re.sub(r"(?m)^(\d{1,2}\.|-) ", r"\1   ", t)),
    "ocr-tones": ocr_tones,
    # a Markdown writer's escapes of a leading list mark or label: "\- text", "1\. text"
    "escaped-marks": lambda t: re.sub(r"(?m)^(\d{1,2})\. ", r"\1\\. ", re.sub(r"(?m)^([-+]) ", r"\\\1 ", t)),
}


def nqparser_command() -> list[str]:
    local = ROOT / ".venv" / "bin" / "nqparser"
    if local.exists():
        return [str(local)]
    found = shutil.which("nqparser")
    if found is None:
        sys.exit("nqparser not found: install the package first")
    return [found]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--only", nargs="*", default=None, help="variant names (default: all)")
    ap.add_argument("--keep", type=Path, default=None, help="write inputs and outputs here and keep them")
    args = ap.parse_args(argv)
    inputs = args.shared / "devset" / "inputs"
    gold = args.shared / "devset" / "gold"
    score = args.shared / "gold" / "score.py"
    if not inputs.is_dir():
        sys.exit(f"{inputs}: the dev set is not there (it is not shipped with the package)")
    work = args.keep or Path(tempfile.mkdtemp(prefix="nqparser-variants-"))
    names = args.only or list(VARIANTS)
    texts = [p for p in sorted(inputs.iterdir()) if p.suffix in (".txt", ".md")]
    print(f"{len(texts)} text inputs of {inputs} (DOCX/PDF/DOC inputs are not varied)")
    for name in names:
        make = VARIANTS[name]
        src, out = work / "in" / name, work / "out" / name
        src.mkdir(parents=True, exist_ok=True)
        for p in texts:
            (src / p.name).write_text(make(p.read_text(encoding="utf-8")), encoding="utf-8", newline="")
        subprocess.run([*nqparser_command(), "convert", str(src), "-o", str(out), "-q"], check=False)
        result = subprocess.run([sys.executable, str(score), str(out), str(gold), "--with-targets"],
                                capture_output=True, text=True, check=False)
        overall = next((line for line in result.stdout.splitlines() if line.startswith("overall")), "no score")
        print(f"{name:16} {overall}")
    if args.keep is None:
        shutil.rmtree(work)
    else:
        print(f"inputs and outputs kept in {work}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
