"""Generate a large batch of resolution texts for batch-conversion and memory checks.

Why mutated copies rather than plain copies: identical files would share a sha256 and hide bugs
in resume and deduplication, and a parser benchmark on one file measures caches. Each copy of a
fixture gets its own document number, dates shifted by a random number of days, a few prose
lines dropped or added, and changed figures, deterministically from --seed.

    .venv/bin/python scripts/make_batch.py /tmp/batch10k            # 10,000 files
    .venv/bin/python scripts/make_batch.py /tmp/b -n 200 --bad 3    # plus 3 unreadable files
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "fixtures" / "raw"
PER_FOLDER = 500

NUMBER = re.compile(r"(?<![/\d])\d{1,4}(?=/(?:\d{4}/)?NQ-HĐND)")  # "112/NQ-HĐND", "15/2024/NQ-HĐND"
DATE = re.compile(r"ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})")
DECIMAL = re.compile(r"\b(\d{1,3}),(\d{1,2})\b")  # "8,5" "59,4": Vietnamese decimal comma
PERCENT = re.compile(r"\b(\d{1,2})%")


def mutate(text: str, index: int, rng: random.Random) -> str:
    """One plausible variant of a resolution (new number, dates, figures, a few lines)."""
    text = NUMBER.sub(lambda m: str(1 + (index * 7 + int(m.group(0))) % 999), text, count=2)
    shift = dt.timedelta(days=rng.randint(-400, 400))

    def move(m: re.Match[str]) -> str:
        try:
            day = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))) + shift
        except ValueError:
            return m.group(0)
        return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"

    text = DATE.sub(move, text)
    text = DECIMAL.sub(lambda m: f"{m.group(1)},{rng.randint(0, 9)}" if rng.random() < 0.5 else m.group(0), text)
    text = PERCENT.sub(lambda m: f"{max(1, int(m.group(1)) + rng.randint(-2, 2))}%", text)

    lines = text.split("\n")
    prose = [i for i, line in enumerate(lines) if len(line) > 120 and not line.lstrip().startswith(("**", "Điều"))]
    for i in sorted(rng.sample(prose, min(len(prose), rng.randint(0, 2))), reverse=True):
        del lines[i]
    prose = [i for i, line in enumerate(lines) if len(line) > 120 and not line.lstrip().startswith(("**", "Điều"))]
    for i in sorted(rng.sample(prose, min(len(prose), rng.randint(0, 2))), reverse=True):
        lines[i + 1:i + 1] = ["", f"Tiếp tục rà soát, hoàn thiện các nhiệm vụ bổ sung (bản thử nghiệm số {index})."]
    return "\n".join(lines)


BAD_FILES = [b"", b"\x7fELF\x02\x01\x01\x00" * 600, "Nghị quyết số 1".encode("cp1258", "replace") + b"\xd2\xde"]


def make_batch(out: Path, count: int, *, sources: list[Path], seed: int = 1, bad: int = 0) -> list[Path]:
    """Write `count` mutated copies (+ `bad` unreadable ones) under `out`, 500 per sub-folder."""
    rng = random.Random(seed)
    texts = [(p.stem, p.read_text(encoding="utf-8")) for p in sources]
    if not texts:
        raise SystemExit("no source texts found")
    written = []
    for i in range(count):
        stem, text = texts[i % len(texts)]
        folder = out / f"part-{i // PER_FOLDER:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{i:06d}-{stem}.txt"
        path.write_text(mutate(text, i, rng), encoding="utf-8")
        written.append(path)
    for j in range(bad):
        path = out / "bad" / f"bad-{j:03d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(BAD_FILES[j % len(BAD_FILES)])
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="folder to create (files go into part-NNN/ sub-folders)")
    ap.add_argument("-n", "--count", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--bad", type=int, default=0, help="also write this many unreadable files (empty, binary, cp1258)")
    ap.add_argument("--source", type=Path, action="append",
                    help="source text (repeatable; default: fixtures/raw/*.txt)")
    args = ap.parse_args(argv)
    sources = args.source or sorted(RAW.glob("*.txt"))
    files = make_batch(args.out, args.count, sources=sources, seed=args.seed, bad=args.bad)
    size = sum(p.stat().st_size for p in files)
    print(f"wrote {len(files)} files ({size / 1e6:.1f} MB) to {args.out} from {len(sources)} sources", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
