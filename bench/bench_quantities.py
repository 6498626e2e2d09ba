"""Throughput of `find_quantities`: quantities/s over a real resolution, plus peak memory.

A script, not a test (CONTRIBUTING: benchmarks print figures, they never assert timings).
Usage: .venv/bin/python bench/bench_quantities.py [FILE ...] [--repeat N]
Without FILE it reads ../shared/samples/nq_112_2024_long40.expected.txt beside the repository,
and falls back to the repository fixtures when that folder is missing.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nqparser.quantities import find_quantities  # noqa: E402 - after the path tweak

DEFAULT = ROOT.parent / "shared" / "samples" / "nq_112_2024_long40.expected.txt"


def _inputs(paths: list[str]) -> list[Path]:
    if paths:
        return [Path(p) for p in paths]
    if DEFAULT.exists():
        return [DEFAULT]
    fixtures = sorted((ROOT / "fixtures" / "raw").glob("*.txt")) + sorted((ROOT / "fixtures").glob("**/*.md"))
    if not fixtures:
        sys.exit(f"no input: {DEFAULT} is missing and fixtures/ has no .txt/.md files")
    return fixtures


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in _inputs(args.files)]
    chars = sum(len(t) for t in texts)

    find_quantities("warm up: 8,5% và 20.000 tỷ đồng")  # compile the grammar outside the timing
    found = sum(len(find_quantities(t)) for t in texts)
    lines = [line for t in texts for line in t.splitlines()]

    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(args.repeat):
        for t in texts:
            find_quantities(t)
    whole, whole_cpu = time.perf_counter() - t0, time.process_time() - c0

    t0 = time.perf_counter()
    for _ in range(args.repeat):
        for line in lines:
            find_quantities(line)
    per_line = time.perf_counter() - t0

    tracemalloc.start()
    for t in texts:
        find_quantities(t)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    n = found * args.repeat
    print(f"input: {len(texts)} file(s), {chars:,} chars, {found} quantities per pass, {args.repeat} passes")
    print(f"whole text : {n / whole:,.0f} quantities/s  ({chars * args.repeat / whole / 1e6:.2f} MB/s); "
          f"{n / whole_cpu:,.0f}/s of process CPU time (steadier on a busy machine)")
    print(f"line by line: {n / per_line:,.0f} quantities/s")
    print(f"peak memory (tracemalloc, one pass): {peak / 1024:,.0f} KiB")


if __name__ == "__main__":
    main()
