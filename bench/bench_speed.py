"""Issue 14's table, row by row: text MB/s and docs/s (cold and warm), whole-process time of one
file, PDF pages/s beside pypdfium2's raw text extraction, and a `--jobs 2` batch with peak RSS.

Not a test: a script that prints Markdown (paste it into bench/RESULTS.md). Every figure is CPU
time (process_time / getrusage), the minimum of several repeats: the machine is shared, and CPU
time is what another process's load disturbs least.

    .venv/bin/python bench/bench_speed.py                  # every row
    .venv/bin/python bench/bench_speed.py --quick          # fewer repeats, a smaller batch
    .venv/bin/python bench/bench_speed.py --only text      # text | process | pdf | batch
    .venv/bin/python bench/bench_speed.py --batch-files 10000

"cold": `pipeline.clear_caches()` before each document (the per-line caches forgotten, grammar kept),
the rate for documents that share no line; "warm": the same document parsed again with the caches
as the previous parse left them. Grammar compilation is paid once before timing (`warm_up`); its
cost shows in the whole-process row instead.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
MARKDOWN = [SHARED / "corpus" / "md", SHARED / "devset" / "inputs"]
PDF = SHARED / "samples" / "nq_112_2024_long40.pdf"
VENV_BIN = Path(sys.executable).parent


def cpu() -> float:
    return time.process_time()


def best_of(repeat: int, fn: Callable[[], object]) -> float:
    """The least CPU time of `repeat` calls of fn."""
    best = float("inf")
    for _ in range(repeat):
        start = cpu()
        fn()
        best = min(best, cpu() - start)
    return best


def child_cpu(cmd: list[str], repeat: int, env: dict[str, str]) -> float:
    """The least CPU time (user + system) of `repeat` runs of cmd as a child process."""
    best = float("inf")
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        best = min(best, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return best


# --- text ----------------------------------------------------------------------------------------

def _files(folders: list[Path], suffixes: tuple[str, ...]) -> list[Path]:
    return sorted(p for folder in folders for p in folder.rglob("*") if p.suffix in suffixes and p.is_file())


def text_rows(repeat: int) -> list[str]:
    from nqparser import parse_text
    from nqparser.pipeline import clear_caches, warm_up

    warm_up()
    rows = ["| set | files | MB | cold MB/s | cold docs/s | warm MB/s | warm docs/s |", "|---|---|---|---|---|---|---|"]
    seed_rate = 0.0
    per_file: list[tuple[float, str, int, float]] = []
    for label, files in (("seeds", _files([SEEDS], (".txt", ".md"))), ("real Markdown", _files(MARKDOWN, (".md",)))):
        texts = [(p, p.read_text(encoding="utf-8")) for p in files]
        cold_total = warm_total = 0.0
        size = sum(len(t.encode()) for _, t in texts)
        for path, text in texts:
            def cold(text: str = text) -> None:
                clear_caches()
                parse_text(text)

            cold_s = best_of(repeat, cold)
            warm_s = best_of(repeat, lambda text=text: parse_text(text))
            cold_total += cold_s
            warm_total += warm_s
            nbytes = len(text.encode())
            per_file.append((cold_s / nbytes if nbytes else 0.0, path.name, nbytes, cold_s))
        mb = size / 1e6
        if label == "seeds":
            seed_rate = mb / cold_total
        rows.append(f"| {label} | {len(texts)} | {mb:.2f} | {mb / cold_total:.2f} | {len(texts) / cold_total:.0f} "
                    f"| {mb / warm_total:.2f} | {len(texts) / warm_total:.0f} |")
    rows += ["", "Slowest five per byte (cold):", "",
             "| file | KB | cold ms | MB/s | × seeds' per-byte cost |", "|---|---|---|---|---|"]
    for per_byte, name, nbytes, seconds in sorted(per_file, reverse=True)[:5]:
        rate = 1e-6 / per_byte if per_byte else 0.0
        rows.append(f"| {name} | {nbytes / 1e3:.0f} | {seconds * 1e3:.1f} | {rate:.2f} | {seed_rate / rate:.1f} |")
    return rows


# --- whole process -------------------------------------------------------------------------------

def _user_install(tmp: Path) -> tuple[Path, Path]:
    """The package installed from its wheel, as `pip install .` gives a user: a venv of its own
    (no pip) whose site folder holds the wheel's files and a .pth naming this venv's site folder
    for the dependencies. Why not this venv's `nqparser`: an editable install loads a path finder
    at every start-up (11 ms of imports a user never pays). Returns (python, nqparser script)."""
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               capture_output=True, text=True, check=True).stdout.strip())
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(ROOT)],
                   check=True, stdout=subprocess.DEVNULL)
    (site / "bench-dependencies.pth").write_text(f"{sysconfig.get_path('purelib')}\n", encoding="utf-8")
    script = venv / "bin" / "nqparser"  # what pip writes for the console script, minus its argv[0] fix-up
    script.write_text(f"#!{python}\nfrom nqparser.cli import run\nrun()\n", encoding="utf-8")
    script.chmod(0o755)
    return python, script


def process_rows(repeat: int) -> list[str]:
    seeds = _files([SEEDS], (".txt", ".md"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as a user runs it
    tmp = Path(tempfile.mkdtemp(prefix="bench-install-"))
    try:
        python, nq = _user_install(tmp)
        for seed in seeds:  # write the .pyc files and the run cache, as a user's first runs do
            subprocess.run([str(nq), str(seed)], stdout=subprocess.DEVNULL, env=env, check=True)
        runs = {
            "`python -c pass`": [str(python), "-c", "pass"],
            "`python -c 'import nqparser.pipeline'` (import only)": [str(python), "-c", "import nqparser.pipeline"],
            "import + compile every rule (`pipeline.warm_up()`)":
                [str(python), "-c", "import nqparser.pipeline as p; p.warm_up()"],
        }
        for seed in seeds:
            runs[f"`nqparser {seed.name}` (import, the rules its lines reach, parse, JSON)"] = [str(nq), str(seed)]
        cold = {**env, "NQPARSER_PATTERN_CACHE": "off"}
        rows = ["Installed from the wheel in a venv of its own (see `_user_install`).", "",
                "| run | CPU ms (min), run cache kept | CPU ms (min), `NQPARSER_PATTERN_CACHE=off` |",
                "|---|---|---|"]
        for label, cmd in runs.items():
            kept, off = child_cpu(cmd, repeat, env), child_cpu(cmd, repeat, cold)
            rows.append(f"| {label} | {kept * 1e3:.0f} | {off * 1e3:.0f} |")
        editable = child_cpu([sys.executable, "-c", "pass"], repeat, env)
        rows += ["", f"(`python -c pass` in this editable checkout's venv: {editable * 1e3:.0f} ms.)"]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return rows


# --- PDF -----------------------------------------------------------------------------------------

def pdf_rows(repeat: int) -> list[str]:
    import pypdfium2 as pdfium
    from nqparser import parse_file
    from nqparser.pipeline import clear_caches, warm_up

    warm_up()
    parse_file(PDF)  # imports the PDF reader

    def raw() -> None:
        doc = pdfium.PdfDocument(str(PDF))
        for page in doc:
            page.get_textpage().get_text_range()
        doc.close()

    def ours() -> None:
        clear_caches()
        parse_file(PDF)

    pages = len(pdfium.PdfDocument(str(PDF)))
    raw_s, ours_s = best_of(repeat, raw), best_of(repeat, ours)
    return ["| reader | pages | CPU ms | pages/s |", "|---|---|---|---|",
            f"| pypdfium2 raw text (get_text_range per page) | {pages} | {raw_s * 1e3:.0f} | {pages / raw_s:.0f} |",
            f"| nqparser parse_file, cold | {pages} | {ours_s * 1e3:.0f} | {pages / ours_s:.0f} |",
            "", f"Ratio to raw: {ours_s / raw_s:.1f}×"]


# --- batch ---------------------------------------------------------------------------------------

def batch_rows(n_files: int) -> list[str]:
    """`nqparser convert` of n_files real documents (seeds and Markdown, replicated with a changed
    first line so no two files are equal) at --jobs 2, as a child: docs/s per CPU second and the
    peak RSS of the children (getrusage of the grandchildren is folded into RUSAGE_CHILDREN)."""
    sources = [p.read_text(encoding="utf-8") for p in _files([SEEDS], (".txt", ".md")) + _files(MARKDOWN, (".md",))]
    tmp = Path(tempfile.mkdtemp(prefix="bench-speed-"))
    try:
        inputs = tmp / "in"
        inputs.mkdir()
        for i in range(n_files):
            text = sources[i % len(sources)]
            suffix = ".md"
            (inputs / f"{i:05d}{suffix}").write_text(f"<!-- copy {i} -->\n" + text, encoding="utf-8")
        size = sum(p.stat().st_size for p in inputs.iterdir())
        cmd = [str(VENV_BIN / "nqparser"), "convert", str(inputs), "-o", str(tmp / "out"), "-q", "-j", "2"]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        wall = time.perf_counter() - wall
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu_s = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        peak_mb = after.ru_maxrss / 1024  # the largest child (parent or a worker), KiB on Linux
        done = len(list((tmp / "out").rglob("*.json")))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return ["| batch | files | MB | ok | wall s | docs/s wall | docs/s per CPU-second | largest process peak RSS MB |",
            "|---|---|---|---|---|---|---|---|",
            f"| convert --jobs 2 | {n_files} | {size / 1e6:.1f} | {done} | {wall:.1f} | {n_files / wall:.0f} "
            f"| {n_files / cpu_s:.0f} | {peak_mb:.0f} |"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer repeats and a 200-file batch")
    ap.add_argument("--only", choices=["text", "process", "pdf", "batch"])
    ap.add_argument("--batch-files", type=int, default=None, help="files in the batch row (default 2000)")
    args = ap.parse_args()
    repeat = 2 if args.quick else 5
    n_files = args.batch_files or (200 if args.quick else 2000)
    sections: list[tuple[str, Callable[[], list[str]]]] = [
        ("text", lambda: text_rows(repeat)),
        ("process", lambda: process_rows(repeat + 2)),
        ("pdf", lambda: pdf_rows(repeat)),
        ("batch", lambda: batch_rows(n_files)),
    ]
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    for name, run in sections:
        if args.only and name != args.only:
            continue
        print(f"### {name}\n")
        print("\n".join(run()))
        print()
    print(f"peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
