"""Fuzz target: bytes as a .txt file, and as a string, through the whole pipeline.

    .venv/bin/pip install atheris                        # optional: coverage-guided fuzzing
    mkdir -p /tmp/corpus-text
    .venv/bin/python fuzz/fuzz_text.py -max_total_time=120 -timeout=20 /tmp/corpus-text fixtures/raw
    .venv/bin/python fuzz/fuzz_text.py --hypothesis 2000  # without atheris (what the tests run, briefly)
    .venv/bin/python fuzz/fuzz_text.py --replay crash-…   # re-run inputs a fuzzer saved

Crash = anything but a Document (that serialises) or a ParseError; libFuzzer saves it as crash-*.
fixtures/raw makes a good seed corpus: atheris starts from real resolutions and damages them.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fuzz._harness import Reader, TempFile, check, instrumented, main

_file = TempFile(".txt")


def one_input(data: bytes) -> None:
    """The bytes as a file (decoding and refusals), then, when they decode, as text."""
    from nqparser import parse_file, parse_text

    check(lambda: parse_file(_file.write(data)))
    r = Reader(data[:1])
    text = data.decode("utf-8", errors="replace" if r.int(2) else "ignore")
    check(lambda: parse_text(text))


if __name__ == "__main__":
    with instrumented():
        import nqparser.pipeline  # noqa: F401
    raise SystemExit(main(one_input))
