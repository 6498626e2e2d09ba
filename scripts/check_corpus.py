#!/usr/bin/env python3
"""Parse every file of the shared corpus and samples and print one row per file.

usage: python scripts/check_corpus.py [ROOT ...] [--no-ocr]

Why: issue 4's "every file converts without a traceback" is checked by tests/test_corpus.py; this
script is for reading the results by eye. Each row gives format, doc_type, number, issuer, the
counts of articles, indicators and recipients, the warnings and the seconds it took, so a wrong
issuer or a missing article stands out. A ParseError is a row too (its reason in the last column);
any other exception is a bug and is printed with its traceback (exit status 1).
Default roots: /work/shared/corpus and /work/shared/samples.
"""

from __future__ import annotations

import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_ROOTS = (Path("/work/shared/corpus"), Path("/work/shared/samples"))
SUFFIXES = {".md", ".txt", ".pdf", ".doc", ".docx"}
COLUMNS = ("file", "fmt", "doc_type", "number", "issuer", "art", "ind", "rec", "sec", "warnings")


def corpus_files(roots: tuple[Path, ...] | list[Path]) -> list[Path]:
    """Every parseable file under the roots (expected-text twins of the samples are not inputs)."""
    out: list[Path] = []
    for root in roots:
        if root.is_dir():
            out.extend(p for p in sorted(root.rglob("*"))
                       if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.endswith(".expected.txt"))
    return out


def _articles(nodes: list) -> int:
    """Articles anywhere in the tree (they sit under chapters in long documents)."""
    return sum((n.kind == "article") + _articles(n.children) for n in nodes)


def _short(value: object, width: int) -> str:
    text = "-" if value is None else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def row(path: Path, base: Path, *, ocr: bool) -> tuple[list[str], bool]:
    """One table row for `path`; the flag is False when parsing raised something else than ParseError."""
    import nqparser
    from nqparser.errors import ParseError

    name = str(path.relative_to(base)) if path.is_relative_to(base) else str(path)
    start = time.perf_counter()
    try:
        doc = nqparser.parse_file(path, ocr=ocr)
    except ParseError as exc:
        seconds = f"{time.perf_counter() - start:.2f}"
        return [name, path.suffix.lstrip("."), "ParseError", "", "", "", "", "", seconds, exc.reason], True
    except Exception:
        traceback.print_exc()
        seconds = f"{time.perf_counter() - start:.2f}"
        return [name, path.suffix.lstrip("."), "CRASH", "", "", "", "", "", seconds, "see traceback"], False
    seconds = f"{time.perf_counter() - start:.2f}"
    meta = doc.metadata
    warnings = "; ".join(w.message for w in doc.warnings) if doc.warnings else ""
    return [name, doc.source.get("format") or "", _short(meta.doc_type, 12), _short(meta.number, 20),
            _short(meta.issuer, 44), str(_articles(doc.articles)), str(len(doc.indicators)),
            str(len(doc.recipients)), seconds, warnings], True


def main(argv: list[str]) -> int:
    ocr = "--no-ocr" not in argv
    roots = [Path(a) for a in argv if not a.startswith("--")] or list(DEFAULT_ROOTS)
    base = roots[0].parent if len(roots) > 1 else roots[0]
    rows: list[list[str]] = []
    ok = True
    for path in corpus_files(roots):
        r, fine = row(path, base, ocr=ocr)
        rows.append(r)
        ok = ok and fine
    if not rows:
        print("no input files under " + ", ".join(map(str, roots)))
        return 0
    widths = [max(len(COLUMNS[i]), *(len(r[i]) for r in rows)) for i in range(len(COLUMNS) - 1)]
    print(" | ".join(c.ljust(w) for c, w in zip(COLUMNS, widths, strict=False)) + " | warnings")
    print("-+-".join("-" * w for w in widths) + "-+-" + "-" * 8)
    for r in rows:
        print(" | ".join(v.ljust(w) for v, w in zip(r, widths, strict=False)) + " | " + r[-1])
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
