"""Batch throughput and memory: text docs/s and MB/s at --jobs 1 and 2, DOCX docs/s, PDF pages/s.

Not a test: a script that prints a table and writes its section of bench/RESULTS.md with the
machine it ran on.
Each configuration runs in a fresh child process (this script with --child), through the same
`batch.convert` the CLI uses, so its peak RSS is its own: the child reports its own peak and its
largest worker's (getrusage), and this parent samples the summed RSS of the child's process tree
from /proc every 50 ms (Linux), which is what "memory used by the batch" means in practice.

    .venv/bin/python bench/bench_batch.py                 # 400 replicated seed texts, docx, pdf
    .venv/bin/python bench/bench_batch.py --big 10000     # also the 10,000-file batch at --jobs 2

Columns: "rate" counts the whole run (start-up included); "first result s" is the start-up (imports,
grammar compilation, forking workers, walking the input) until the first file is done; "steady per
job" is the rate from then on, divided by the jobs: the figure a long batch converges to.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RAW = ROOT / "fixtures" / "raw"
SEEDS = ["thai-nguyen-2024-h1.txt", "bac-giang-2024-h2.txt", "thai-nguyen-2023.txt", "thai-nguyen-2025.txt"]
RESULTS = ROOT / "bench" / "RESULTS.md"


# --- child: one measured run ---------------------------------------------------------------------

def cold_child(args: argparse.Namespace) -> int:
    """Convert every text under args.input in this process, forgetting the per-line caches before
    each file: the rate for documents that share no line (replicated seeds repeat most lines)."""
    from nqparser.batch import OK, Options, Task, convert_one
    from nqparser.pipeline import clear_caches, warm_up

    files = sorted(Path(args.input).rglob("*.txt"))
    out = Path(args.out)
    started = time.perf_counter()
    warm_up()
    first = time.perf_counter()
    converted = failed = total_bytes = 0
    for i, path in enumerate(files):
        clear_caches()
        result = convert_one(Task(str(path), str(out / f"{i:05d}.json"), Options()))
        converted += result.status == OK
        failed += result.status != OK
        total_bytes += path.stat().st_size
    seconds = time.perf_counter() - started
    me = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({
        "seconds": seconds, "first_result_seconds": first - started, "steady_seconds": time.perf_counter() - first,
        "results": converted + failed, "steady_count": converted + failed,  # all timed after warm-up
        "cpu_seconds": me.ru_utime + me.ru_stime, "converted": converted, "skipped": 0, "failed": failed,
        "failures": [], "bytes": total_bytes, "pages": 0,
        "rss_self_mb": me.ru_maxrss * (1024 if sys.platform != "darwin" else 1) / 2**20, "rss_worker_mb": 0,
    }))
    return 0


def child(args: argparse.Namespace) -> int:
    """Convert args.input with args.jobs and print a JSON line of figures."""
    if args.cold:
        return cold_child(args)
    from nqparser.batch import ConvertConfig, convert, read_manifest
    from nqparser.limits import Limits

    config = ConvertConfig(outdir=args.out, jobs=args.jobs, limits=Limits(timeout=args.timeout), resume=args.resume)
    marks: list[float] = []  # when the first and the latest result arrived

    def on_result(result: object, summary: object) -> None:
        now = time.perf_counter()
        if marks:
            marks[1:] = [now]
        else:
            marks.extend([now, now])

    started = time.perf_counter()
    summary = convert([args.input], config, on_result=on_result)
    seconds = time.perf_counter() - started
    pages = 0
    total_bytes = 0
    if args.count_pages:
        for rec in read_manifest(Path(args.out) / "manifest.jsonl").values():
            if rec["status"] == "ok":
                doc = json.loads(Path(rec["output"]).read_bytes())
                pages += doc["source"].get("pages") or 0
    for rec in read_manifest(Path(args.out) / "manifest.jsonl").values():
        if rec["status"] == "ok":
            total_bytes += os.path.getsize(rec["input"])
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
    kib = 1024 if sys.platform != "darwin" else 1  # ru_maxrss: KiB on Linux, bytes on macOS
    print(json.dumps({
        "seconds": seconds,
        # start-up (imports, grammar compilation, forking workers, walking the input) until the
        # first result; the steady rate is measured from then on
        "first_result_seconds": marks[0] - started if marks else seconds,
        "steady_seconds": marks[1] - marks[0] if marks else 0.0,
        "results": summary.done,
        "cpu_seconds": cpu,
        "converted": summary.converted,
        "skipped": summary.skipped,
        "failed": summary.failed,
        "failures": summary.failures[:10],
        "bytes": total_bytes,
        "pages": pages,
        "rss_self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * kib / 2**20,
        "rss_worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * kib / 2**20,
    }))
    return 0


# --- parent: orchestration -----------------------------------------------------------------------

def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
    except (OSError, ValueError, IndexError):
        return 0


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                found.extend(int(c) for c in fh.read().split())
    except OSError:
        pass
    return found


def _tree_rss_mb(pid: int) -> float:
    """Summed RSS of pid and its descendants (Linux /proc, cheap: no full /proc scan); 0 elsewhere."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        total += _rss_kb(p)
        stack.extend(_children(p))
    return total / 1024


def measure(input_dir: Path, jobs: int, *, timeout: float = 60, count_pages: bool = False,
            out: Path | None = None, resume: bool = False, kill_after: int = 0, cold: bool = False) -> dict:
    """Run one child conversion and return its figures plus the sampled peak tree RSS.

    With `kill_after`, SIGKILL the child once its manifest has that many lines and return
    {"killed": lines, "seconds": ...} instead (the kill/resume check).
    """
    own_out = out is None
    out = out or Path(tempfile.mkdtemp(prefix="nqbench-out-"))
    cmd = [sys.executable, __file__, "--child", "--input", str(input_dir), "--out", str(out),
           "--jobs", str(jobs), "--timeout", str(timeout)]
    if count_pages:
        cmd.append("--count-pages")
    if resume:
        cmd.append("--resume")
    if cold:
        cmd.append("--cold")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    peak = 0.0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss_mb(proc.pid))
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    if kill_after:
        manifest = out / "manifest.jsonl"
        lines = 0
        while proc.poll() is None and lines < kill_after:
            time.sleep(0.1)
            if manifest.exists():
                lines = manifest.read_bytes().count(b"\n")
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        stop.set()
        sampler.join()
        if proc.stdout is not None:
            proc.stdout.close()
        return {"killed": manifest.read_bytes().count(b"\n"), "seconds": time.perf_counter() - started,
                "rss_tree_mb": peak, "partial_tmp": len(list(out.rglob("*.tmp")))}
    stdout, _ = proc.communicate()
    stop.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"benchmark child failed: {cmd}")
    figures = json.loads(stdout.strip().splitlines()[-1])
    figures["rss_tree_mb"] = peak
    if own_out:
        shutil.rmtree(out, ignore_errors=True)
    return figures


def replicate(files: list[Path], copies: int, folder: Path) -> Path:
    """`copies` files cycling over `files` (mutated texts via make_batch, exact copies otherwise)."""
    folder.mkdir(parents=True, exist_ok=True)
    if all(f.suffix == ".txt" for f in files):
        sys.path.insert(0, str(ROOT / "scripts"))
        from make_batch import make_batch

        make_batch(folder, copies, sources=files, seed=7)
    else:
        for i in range(copies):
            src = files[i % len(files)]
            shutil.copyfile(src, folder / f"{i:05d}-{src.name}")
    return folder


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "commit": _commit(),
        "cpu": cpu,
        "cores": str(cores),
        "memory": _memory(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "outputs": "written atomically, not fsync'ed (the `convert` default; --fsync adds 1-8 ms a file)",
        "load average before the run (other work on the machine)": _loadavg(),
    }


def _commit() -> str:
    """The commit measured, marked '+changes' when the work tree differs from it."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "n/a"
    return f"{head}+changes" if head and dirty else head or "n/a"


def _memory() -> str:
    try:
        with open("/proc/meminfo") as fh:
            kib = int(fh.readline().split()[1])
        return f"{kib / 2**20:.0f} GiB"
    except (OSError, ValueError, IndexError):
        return "n/a"


def _loadavg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def _row(label: str, fig: dict | None, unit: str = "docs/s", jobs: int = 1) -> list[str]:
    if fig is None:
        return [label, "n/a", "", "", "", "", "", "", "", ""]
    count = fig["pages"] if unit == "pages/s" else fig["converted"]
    rate = count / fig["seconds"]
    per_cpu = count / fig["cpu_seconds"] if fig["cpu_seconds"] else 0.0
    steady = ""
    if unit == "docs/s" and fig.get("steady_seconds"):
        count = fig.get("steady_count", fig["results"] - 1)  # results after the first one
        steady = f"{count / fig['steady_seconds'] / jobs:.1f}"
    return [label, f"{rate:.1f} {unit}", f"{rate / jobs:.1f}", steady, f"{fig.get('first_result_seconds', 0):.2f}",
            f"{per_cpu:.1f}",
            f"{fig['bytes'] / 2**20 / fig['seconds']:.2f}",
            f"{fig['converted']}/{fig['failed']}", f"{fig['rss_self_mb']:.0f} / {fig['rss_worker_mb']:.0f}",
            f"{fig['rss_tree_mb']:.0f}"]


def _with_section(results: str, section: str) -> str:
    """`results` (bench/RESULTS.md) with its batch section replaced by `section` (appended when
    it has none): the file also holds bench_speed.py's runs, which a batch run must not erase."""
    title = section.split("\n", 1)[0]
    start = results.find(title)
    if start < 0:
        return results.rstrip("\n") + "\n\n" + section if results else section
    end = results.find("\n# ", start + len(title))
    return results[:start] + section.rstrip("\n") + ("\n\n" + results[end + 1:] if end >= 0 else "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--input", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    ap.add_argument("--count-pages", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--resume", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--cold", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--jobs", type=int, default=1, help=argparse.SUPPRESS)
    ap.add_argument("--timeout", type=float, default=60, help=argparse.SUPPRESS)
    ap.add_argument("--docs", type=int, default=400, help="replicated seed texts per text run (default 400)")
    ap.add_argument("--big", type=int, default=0, help="also run an N-file batch at --jobs 2 (e.g. 10000)")
    ap.add_argument("--kill-resume", action="store_true",
                    help="with --big: also kill -9 a --jobs 2 run halfway, then --resume it")
    ap.add_argument("--no-write", action="store_true", help="print only, do not write bench/RESULTS.md")
    args = ap.parse_args(argv)
    if args.child:
        return child(args)

    info = machine()
    tmp = Path(tempfile.mkdtemp(prefix="nqbench-"))
    rows: list[list[str]] = []
    notes: list[str] = []
    try:
        seeds = [RAW / s for s in SEEDS if (RAW / s).exists()]
        texts = replicate(seeds, args.docs, tmp / "text")
        measure(texts, 1)  # warm the page cache and .pyc files
        one = measure(texts, 1)
        two = measure(texts, 2)
        rows.append(_row(f"text, {args.docs} docs, --jobs 1", one))
        rows.append(_row(f"text, {args.docs} docs, --jobs 2", two, jobs=2))
        cold = measure(texts, 1, cold=True)
        rows.append(_row(f"text, {args.docs} docs, 1 process, per-line caches cleared before each", cold))
        speedup = (two["converted"] / two["seconds"]) / (one["converted"] / one["seconds"])
        notes.append(f"text scaling 1 → 2 jobs: ×{speedup:.2f} (wall clock; only meaningful on an idle machine)")
        steady = ((two["results"] - 1) / two["steady_seconds"]) / ((one["results"] - 1) / one["steady_seconds"])
        notes.append(f"text scaling 1 → 2 jobs, steady (after the first result): ×{steady:.2f}")

        docx_files = sorted((RAW / "docx").glob("*.docx"))
        if (ROOT / "parser" / "sources" / "docx.py").exists() and docx_files:
            folder = replicate(docx_files, 40, tmp / "docx")
            rows.append(_row(f"DOCX, {40} docs, --jobs 1", measure(folder, 1)))
        else:
            rows.append(_row("DOCX", None))
        pdf_files = sorted((RAW / "pdf").glob("*.pdf"))
        if (ROOT / "parser" / "sources" / "pdf.py").exists() and pdf_files:
            folder = replicate(pdf_files, max(10, len(pdf_files)), tmp / "pdf")
            rows.append(_row("PDF, --jobs 1", measure(folder, 1, count_pages=True), unit="pages/s"))
        else:
            rows.append(_row("PDF (no fixtures/raw/pdf)", None))

        if args.big:
            folder = replicate(seeds + sorted(set(RAW.glob("*.txt")) - set(seeds)), args.big, tmp / "big")
            big = measure(folder, 2, timeout=60)
            rows.append(_row(f"text, {args.big} files, --jobs 2", big, jobs=2))
            notes.append(f"{args.big}-file batch: converted {big['converted']}, skipped {big['skipped']}, "
                         f"failed {big['failed']} in {big['seconds']:.1f} s; failures: {big['failures'][:3]}")
            if args.kill_resume:
                out = tmp / "big-out"
                killed = measure(folder, 2, out=out, kill_after=args.big // 2)
                after = measure(folder, 2, out=out, resume=True)
                redone = after["converted"] - (args.big - (killed["killed"] - big["failed"]))
                rows.append(_row(f"text, {args.big} files, --jobs 2 --resume after kill -9", after, jobs=2))
                notes.append(
                    f"kill -9 after {killed['killed']} manifest lines ({killed['seconds']:.1f} s, "
                    f"{killed['partial_tmp']} half-written temporary left); --resume: converted {after['converted']}, "
                    f"skipped {after['skipped']}, failed {after['failed']} in {after['seconds']:.1f} s; "
                    f"finished files converted again: {max(0, redone)}; "
                    f"temporaries left: {len(list(out.rglob('*.tmp')))}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    header = ["run", "rate (wall clock)", "per job", "steady per job", "first result s", "per CPU-second",
              "MB/s", "ok/failed",
              "peak RSS MB parent / largest worker", "peak RSS MB all processes"]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for r in [header, *rows]:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))
    for note in notes:
        print(note)
    info["load average after the run"] = _loadavg()
    print("load average before / after:", info["load average before the run (other work on the machine)"], "/",
          info["load average after the run"])
    if not args.no_write:
        lines = ["# Batch benchmark (bench/bench_batch.py)", ""]
        lines += [f"- {k}: {v}" for k, v in info.items()]
        lines += ["", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        lines += [""] + [f"- {n}" for n in notes]
        lines += ["", "Targets: text ≥ 200 docs/s per core; near-linear scaling to 2 jobs; "
                  "peak RSS < 300 MB for a 10,000-file batch.", ""]
        RESULTS.write_text(_with_section(RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "",
                                         "\n".join(lines)), encoding="utf-8")
        print(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
