"""DOCX reader throughput: documents per second and peak memory.

Usage: `.venv/bin/python bench/bench_docx.py [--repeat N] [--rounds K] [--compare]`.
Reads the shared samples (../shared/samples/*.docx next to the repo) or, when that folder is
missing, the repository's DOCX fixtures. `--compare` also times a bare python-docx walk
(`Document()` + `iter_inner_content()` text only, no numbering), the alternative that was
rejected for speed.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nqparser.sources.docx import read_docx  # noqa: E402


def sample_files() -> list[Path]:
    shared = ROOT.parent / "shared" / "samples"
    files = sorted(shared.glob("*.docx")) if shared.is_dir() else []
    if not files:
        files = sorted((ROOT / "fixtures" / "raw" / "docx").glob("*.docx"))
        files += sorted((ROOT / "tests" / "data" / "docx").glob("*.docx"))
    return files


def python_docx_walk(path: Path) -> int:
    import docx

    document = docx.Document(str(path))
    count = 0
    for block in document.iter_inner_content():
        if hasattr(block, "text"):
            count += bool(block.text)
        else:
            for row in block.rows:
                for cell in row.cells:
                    count += bool(cell.text)
    return count


def timed(label: str, files: list[Path], repeat: int, rounds: int, func) -> float:
    """Best and median of `rounds` timings of `repeat` passes (shared machines are noisy)."""
    for path in files:  # warm-up: imports, page cache
        func(path)
    rates = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(repeat):
            for path in files:
                func(path)
        rates.append(repeat * len(files) / (time.perf_counter() - start))
    best, median = max(rates), statistics.median(rates)
    print(f"{label}: {repeat * len(files)} documents x {rounds} rounds: best {best:.1f} docs/s "
          f"({1000 / best:.2f} ms/doc), median {median:.1f} docs/s")
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--compare", action="store_true", help="also time a python-docx walk")
    args = parser.parse_args()
    files = sample_files()
    if not files:
        sys.exit("no DOCX files found")
    lines = sum(len(read_docx(p).lines) for p in files)
    print(f"{len(files)} files ({lines} lines per pass): " + ", ".join(p.name for p in files))
    timed("nqparser read_docx (lxml)", files, args.repeat, args.rounds, read_docx)
    if args.compare:
        timed("python-docx walk (no numbering)", files, args.repeat, args.rounds, python_docx_walk)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    print(f"peak RSS: {peak_kb / 1024:.1f} MB")


if __name__ == "__main__":
    main()
