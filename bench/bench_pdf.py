"""Benchmark the PDF reader: pages/s and peak memory, beside pypdfium2's raw text extraction and
pdfplumber's extract_text.

Usage: .venv/bin/python bench/bench_pdf.py [file.pdf] [--repeat N] [--no-pdfplumber]

Without a file it reads the 30-page sample (../shared/samples/nq_112_2024_long40.pdf, else the copy
in tests/data/pdf, else the 3-page fixture). The first read is reported apart ("cold": it pays for
importing pypdfium2 and, on a page with a table, pdfplumber); the figure to quote is the median of
the warm runs, in wall-clock time and in CPU time (which a busy shared machine disturbs less).
"x raw" is read_pdf's CPU time over that of pypdfium2 opening the file and taking each page's
text with get_text_range (the floor any PDFium-based reader pays), both timed in this run and
interleaved, least of the repeats for each, as bench_speed.py does for issue 14's row.
Peak RSS is the whole process's, so it is printed before the pdfplumber run and after it.
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

CANDIDATES = [
    ROOT.parent / "shared/samples/nq_112_2024_long40.pdf",
    ROOT / "tests/data/pdf/long-sample.pdf",
    ROOT / "fixtures/raw/pdf/thainguyen-112-2024-sample.pdf",
]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def raw_text(path: Path) -> None:
    """What any PDFium-based reader pays: open the file, load each page's text, take it."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    for page in doc:
        page.get_textpage().get_text_range()
    doc.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdf", nargs="?", type=Path)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--no-pdfplumber", action="store_true", help="skip the comparison run")
    args = ap.parse_args()
    path = args.pdf or next(p for p in CANDIDATES if p.exists())

    from nqparser.sources.pdf import read_pdf

    t0 = time.perf_counter()
    st = read_pdf(path)
    cold = time.perf_counter() - t0
    pages = st.pages or 0
    times, cpu, raw_cpu = [], [], []
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        read_pdf(path)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        c0 = time.process_time()
        raw_text(path)
        raw_cpu.append(time.process_time() - c0)
    warm = statistics.median(times)
    warm_cpu = statistics.median(cpu)
    print(f"file: {path} ({pages} pages, {len(st.lines)} lines, {len(st.tables)} tables)")
    print(f"read_pdf cold: {cold * 1000:.0f} ms ({pages / cold:.1f} pages/s)")
    print(f"read_pdf warm: median {warm * 1000:.0f} ms over {args.repeat} runs, best {min(times) * 1000:.0f} ms "
          f"-> {pages / warm:.1f} pages/s (best {pages / min(times):.1f})")
    print(f"read_pdf warm CPU time: median {warm_cpu * 1000:.0f} ms -> {pages / warm_cpu:.1f} pages/s "
          "(CPU time: less disturbed by other jobs on the machine)")
    print(f"pypdfium2 raw text (get_text_range per page): least CPU {min(raw_cpu) * 1000:.0f} ms -> "
          f"{pages / min(raw_cpu):.0f} pages/s; read_pdf least CPU {min(cpu) * 1000:.0f} ms = "
          f"{min(cpu) / min(raw_cpu):.1f}x raw")
    print(f"peak RSS after read_pdf: {peak_rss_mb():.0f} MB")

    if not args.no_pdfplumber:
        import pdfplumber

        t0, c0 = time.perf_counter(), time.process_time()
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
        plumber, plumber_cpu = time.perf_counter() - t0, time.process_time() - c0
        print(f"pdfplumber extract_text: {plumber * 1000:.0f} ms ({pages / plumber:.1f} pages/s; CPU "
              f"{pages / plumber_cpu:.1f} pages/s; columns interleaved) -> read_pdf is "
              f"{plumber_cpu / warm_cpu:.1f}x faster in CPU time")
        print(f"peak RSS after pdfplumber: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
