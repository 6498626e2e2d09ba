"""Fuzz target: a small valid PDF with flipped, overwritten, inserted or cut bytes, and numbers changed.

    .venv/bin/pip install atheris                        # optional: coverage-guided fuzzing
    mkdir -p /tmp/corpus-pdf
    .venv/bin/python fuzz/fuzz_pdf.py -max_total_time=120 -timeout=20 /tmp/corpus-pdf
    .venv/bin/python fuzz/fuzz_pdf.py --hypothesis 500   # without atheris (what the tests run, briefly)
    .venv/bin/python fuzz/fuzz_pdf.py --replay crash-…   # re-run inputs a fuzzer saved

The fuzzer's bytes are choices, not the PDF: which base (fixtures/raw/pdf/*.pdf when present, and
a tiny PDF made in code), which mutations where. Number edits (/Count, /Length, xref offsets,
object numbers) reach deeper into PDFium and pdfplumber than random bytes. OCR is off (a
scanned-looking page must fail fast, not run Tesseract) and pages are capped at 20.
Crash = anything but a Document or a ParseError.
"""

from __future__ import annotations

import re
import sys
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fuzz._harness import ROOT, Reader, TempFile, check, instrumented, main, mutate_bytes

_file = TempFile(".pdf")
_NUMBER = re.compile(rb"\d+")
INTERESTING = [b"0", b"1", b"-1", b"2147483647", b"4294967296", b"99999999999999999999", b"3.4e38", b"-0"]


@cache
def bases() -> list[bytes]:
    sys.path.insert(0, str(ROOT / "tests" / "robustness"))
    from make_inputs import tiny_pdf

    found = [tiny_pdf(2), tiny_pdf(1, compress=False)]
    found += [p.read_bytes() for p in sorted((ROOT / "fixtures" / "raw" / "pdf").glob("*.pdf"))
              if p.stat().st_size < 200_000]
    return found


def mutate(data: bytes, r: Reader) -> bytes:
    """Number edits and byte damage, as the fuzzer's bytes choose."""
    out = data
    for _ in range(r.int(4)):
        numbers = [m.span() for m in _NUMBER.finditer(out, r.int(len(out)))][:64]
        if not numbers:
            break
        a, b = r.pick(numbers)
        value = r.pick(INTERESTING) if r.int(2) else str(r.int(1 << 32)).encode()
        out = out[:a] + value + out[b:]
    if r.int(4):
        out = mutate_bytes(out, r)
    return out


def one_input(data: bytes) -> None:
    from nqparser import parse_file

    r = Reader(data)
    pdf = mutate(r.pick(bases()), r)
    check(lambda: parse_file(_file.write(pdf), max_pages=20, ocr=False))


if __name__ == "__main__":
    with instrumented():
        import nqparser.pipeline
        import nqparser.sources.pdf  # noqa: F401
    raise SystemExit(main(one_input))
