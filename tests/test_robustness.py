"""Bad inputs give one clear reason, through `parse_file` and through a whole `nqparser convert` batch.

The inputs live in tests/robustness/inputs/ and are written by tests/robustness/make_inputs.py
(checked byte for byte below); the 10 MB text is built in tmp_path. Each bad input carries the
reason it must give, the same from the library, from `nqparser show` and in a batch's failure
list, where the batch carries on, converts the good files and exits 1. The fuzz targets' Hypothesis
fallback runs briefly here too (atheris runs them for longer; see fuzz/).
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import orjson
import pytest
from nqparser import Document, ParseError, parse_file
from nqparser.batch import read_manifest
from nqparser.cli import main
from timelimit import time_limit

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "tests" / "robustness"
INPUTS = HERE / "inputs"
sys.path.insert(0, str(HERE))
import make_inputs  # noqa: E402

BIG = 10 * 1024 * 1024

# file → the reason (a substring of it) that parse_file and the batch must give.
BAD = {
    "truncated.pdf": "PDF is damaged or truncated: it ends without its %%EOF marker",
    "encrypted.pdf": "PDF is password-protected",
    "html-page.pdf": "not a PDF: content is an HTML page",
    "empty.pdf": "file is empty",
    "no-text-layer.pdf": "PDF has no text layer (scanned) and OCR is turned off",  # with --no-ocr
    "pdf-named.doc": "content is a PDF, not a Word file; give it a .pdf extension",
    "truncated.docx": "not a valid DOCX (ZIP) file (corrupt or truncated)",
    "zip-bomb.docx": "DOCX would decompress to 234883724 bytes, over the limit of 209715200 (possible ZIP bomb)",
    "not-a-zip.docx": "not a valid DOCX (ZIP) file",
    "zip-version-unsupported.docx": "not a valid DOCX (ZIP) file",
    "nul-in-xml.docx": "corrupt DOCX: word/document.xml is not well-formed XML (",
    "nested-tables-300.docx": "corrupt DOCX: word/document.xml is not well-formed XML (Excessive depth",
    "utf16-bom.txt": "text is UTF-16; save it as UTF-8",
    "utf16-no-bom.txt": "content is binary (or UTF-16 without BOM), not UTF-8 text",
    "windows-1258.txt": "text is not valid UTF-8 (byte 4); it may be Windows-1258, TCVN3 or VNI: convert it to UTF-8",
    "binary-junk.txt": "content is binary, not text",
    "empty.txt": "file is empty",
    "whitespace-only.txt": "no text found in the document",
}
GOOD = ["good.txt", "good.docx", "good.pdf", "nested-tables-60.docx", "deep-nesting.txt"]
KWARGS = {"no-text-layer.pdf": {"ocr": False}}
# Open bugs, each found by a fuzz target: the input gives "internal error: …" instead of its reason.
# Strict: the test fails once the bug is fixed, so the entry is removed with the fix.
KNOWN_BUGS: dict[str, str] = {}  # both fuzz finds (zip version 14.8, NUL in XML) are fixed


# The CLI and the batch print reasons on one line whatever the reader says.
CLI_SAFE = {"nul-in-xml.docx"}


def bad_cases(*, cli: bool = False) -> list[Any]:
    def marks(name: str) -> list[Any]:
        if name not in KNOWN_BUGS or (cli and name in CLI_SAFE):
            return []
        return [pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[name])]

    return [pytest.param(name, reason, marks=marks(name)) for name, reason in sorted(BAD.items())]


def guard(what: str, seconds: int = 60) -> AbstractContextManager[None]:
    """Fail instead of hanging CI (asserts completion, not speed)."""
    return time_limit(what, seconds, TimeoutError)


def cited_lines(doc: Document) -> Iterator[int]:
    for root in [*doc.articles, *doc.appendix]:
        for node in root.walk():
            yield from node.lines
            yield from node.table_lines or []
    for rec in [*doc.indicators, *doc.targets]:
        yield from rec.lines
    yield from (r.line for r in doc.recipients)
    for span in doc.metadata.provenance.values():
        yield from span


def assert_provenance(doc: Document) -> None:
    total = doc.source["lines"]
    bad = [n for n in cited_lines(doc) if not 1 <= n <= total]
    assert not bad, f"lines cited outside 1..{total}: {bad[:10]}"


@pytest.fixture(scope="module")
def big_text(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big-10mb.txt"
    path.write_bytes(make_inputs.big_text(BIG))
    return path


# --- the committed inputs -------------------------------------------------------------------------

def test_committed_inputs_are_current():
    built = make_inputs.build()
    committed = {p.name for p in INPUTS.iterdir()}
    assert committed == set(built), "run tests/robustness/make_inputs.py"
    stale = [name for name, data in built.items() if (INPUTS / name).read_bytes() != data]
    assert not stale, f"stale inputs (run tests/robustness/make_inputs.py): {stale}"
    assert set(BAD) | set(GOOD) == set(built)
    assert max(len(d) for d in built.values()) < 200_000  # large inputs are built at test time


# --- the library ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "reason"), bad_cases())
def test_parse_file_gives_the_reason(name: str, reason: str):
    path = INPUTS / name
    with guard(name), pytest.raises(ParseError) as caught:
        parse_file(path, **KWARGS.get(name, {}))
    exc = caught.value
    assert reason in exc.reason
    assert "\n" not in exc.reason
    assert exc.path == str(path)
    assert str(exc) == f"{path}: {exc.reason}"


@pytest.mark.parametrize("name", GOOD)
def test_good_and_odd_inputs_parse(name: str):
    with guard(name):
        doc = parse_file(INPUTS / name)
    assert isinstance(doc, Document)
    assert doc.articles
    assert_provenance(doc)
    doc.to_json()


def test_deep_nesting_stays_shallow():
    """Thousands of "- +" and "1.1.1…" levels: the grammar bounds the depth, no RecursionError."""
    doc = parse_file(INPUTS / "deep-nesting.txt")
    depth = max(_depth(n) for n in doc.articles)
    assert depth <= 8


def _depth(node: Any) -> int:
    return 1 + max((_depth(c) for c in node.children), default=0)


def test_ten_megabyte_text(big_text: Path):
    with guard("10 MB text", seconds=120):
        doc = parse_file(big_text)
    assert doc.source["sha256"] and doc.articles
    assert_provenance(doc)
    with pytest.raises(ParseError) as caught:
        parse_file(big_text, max_bytes=5 * 1024 * 1024)
    assert caught.value.reason == f"file is {BIG} bytes, over the limit of {5 * 1024 * 1024}"


# --- the command line -------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "reason"), bad_cases(cli=True))
def test_show_prints_one_line(name: str, reason: str, capsys):
    path = INPUTS / name
    with guard(name):
        code = main(["show", str(path), "--no-ocr"])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith(f"nqparser: {path}: ")
    assert reason in err


def test_convert_carries_on_past_every_bad_input(tmp_path, big_text, capsys):
    src = tmp_path / "in"
    shutil.copytree(INPUTS, src)
    shutil.copy(big_text, src / big_text.name)
    out = tmp_path / "out"
    with guard("convert", seconds=240):
        code = main(["convert", str(src), "-o", str(out), "-j", "2", "--timeout", "120", "--no-ocr"])
    err = capsys.readouterr().err
    assert code == 1
    failures = err.split("nqparser: failures:\n", 1)[1]
    assert len(failures.splitlines()) == len(BAD), "one line per failed file"
    for name, reason in BAD.items():
        assert f"  {src / name}: " in failures, f"{name} missing from the failure list"
        line = next(x for x in failures.splitlines() if x.startswith(f"  {src / name}: "))
        assert reason in line or (name in KNOWN_BUGS and "internal error" in line), line
    assert f"converted {len(GOOD) + 1}, skipped 0, failed {len(BAD)}" in err
    assert "Traceback" not in err
    records = {Path(k).name: v for k, v in read_manifest(out / "manifest.jsonl").items()}
    assert {k: v["status"] for k, v in records.items()} == {
        **dict.fromkeys(BAD, "failed"), **dict.fromkeys([*GOOD, big_text.name], "ok")}
    for name in [*GOOD, big_text.name]:
        doc = orjson.loads(Path(records[name]["output"]).read_bytes())
        assert doc["source"]["path"] == str(src / name)
    assert (out / "good.txt.json").exists()  # stems shared by good.txt/.docx/.pdf keep their extension
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_convert_limits(tmp_path, big_text, capsys):
    """--max-bytes, --max-pages and --max-unzipped-bytes reach the readers; other files convert."""
    files = [INPUTS / "good.txt", INPUTS / "good.pdf", INPUTS / "good.docx", big_text]
    out = tmp_path / "out"
    code = main(["convert", *map(str, files), "-o", str(out), "-j", "1", "-q",
                 "--max-bytes", "5M", "--max-pages", "2", "--max-unzipped-bytes", "2K"])
    err = capsys.readouterr().err
    assert code == 1
    assert f"  {big_text}: file is {BIG} bytes, over the limit of {5 * 1024 * 1024}" in err
    assert f"  {INPUTS / 'good.pdf'}: PDF has 3 pages, over the limit of 2" in err
    assert f"  {INPUTS / 'good.docx'}: DOCX would decompress to " in err
    assert "over the limit of 2048 (possible ZIP bomb)" in err
    assert "converted 1, skipped 0, failed 3" in err
    done = read_manifest(out / "manifest.jsonl")[str(INPUTS / "good.txt")]
    assert done["status"] == "ok" and Path(done["output"]).exists()

    bomb = INPUTS / "zip-bomb.docx"  # a higher cap lets it through (its zeros are never read)
    assert main(["convert", str(bomb), "-o", str(tmp_path / "out2"), "-j", "1", "-q",
                 "--max-unzipped-bytes", "300M"]) == 0


def test_limit_options_are_documented(capsys):
    assert main(["convert", "--help"]) == 0
    text = capsys.readouterr().out
    for option in ("--max-bytes", "--max-pages", "--max-unzipped-bytes", "--no-ocr", "--fsync", "--timeout"):
        assert option in text


# --- the fuzz targets' fallback -------------------------------------------------------------------

@pytest.mark.parametrize(("target", "examples"), [("fuzz_text", 60), ("fuzz_docx", 60), ("fuzz_pdf", 40)])
def test_fuzz_target_hypothesis_fallback(target: str, examples: int):
    import importlib

    sys.path.insert(0, str(ROOT))
    module = importlib.import_module(f"fuzz.{target}")
    from fuzz._harness import run_hypothesis

    with guard(target, seconds=120):
        run_hypothesis(module.one_input, examples)


# --- issue 13, cause 1: restarted numbering never deepens the tree -----------------------------------

def _restarts(repeats: int) -> str:
    lines = ["NGHỊ QUYẾT", "QUYẾT NGHỊ:", "Điều 1. Thử"]
    for _ in range(repeats):
        lines += ["1. Khoản", "a) Điểm"]
    return "\n".join(lines) + "\n"


def test_restarted_clause_numbering_is_a_sibling_sequence(tmp_path, capsys):
    """"1." after "a)" of an open clause restarts the clauses at their level (was: one level deeper
    per repeat, then 'Recursion limit reached' from to_json outside the error handling)."""
    path = tmp_path / "restarts.txt"
    path.write_text(_restarts(200), encoding="utf-8")
    doc = parse_file(path)
    assert max(_depth(n) for n in doc.articles) == 3
    assert len(doc.articles[0].children) == 200
    assert main([str(path), "--compact"]) == 0
    assert len(capsys.readouterr().out) > 1000


def test_more_than_999_articles(tmp_path):
    """A merged gazette of 1,200 articles: every article is read, the tree stays shallow."""
    text = "NGHỊ QUYẾT\nQUYẾT NGHỊ:\n" + "".join(f"Điều {n}. Nội dung\n1. Khoản\na) Điểm\n" for n in range(1, 1201))
    path = tmp_path / "gazette.txt"
    path.write_text(text, encoding="utf-8")
    with guard("1,200 articles", seconds=60):
        doc = parse_file(path)
    assert len(doc.articles) == 1200
    assert max(_depth(n) for n in doc.articles) == 3
    doc.to_json()


def test_tree_depth_has_a_backstop():
    """Whatever the label rules do, no node is attached deeper than segment.MAX_DEPTH."""
    from nqparser.lines import classify_as
    from nqparser.model import Line
    from nqparser.segment import MAX_DEPTH, TreeBuilder

    builder = TreeBuilder([])
    builder.add(classify_as(Line("Điều 1. X", "Điều 1. X", 1, 1), "label"))
    parent = builder.roots[0]
    for i in range(MAX_DEPTH * 3):  # hand-made descent: each node under the deepest one
        child = builder._node("point", classify_as(Line("a) x", "a) x", i + 2, i + 2), "label"))
        builder._attach(child, len(builder.stack) - 1)
    assert len(builder.stack) <= MAX_DEPTH
    assert parent.children
