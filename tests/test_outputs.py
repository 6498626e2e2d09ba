"""Outputs a data office can trust (issue 12): triage in the manifest and the summary, files not
read listed, --require-resolution, output names independent of siblings, ordered JSONL, stdin paths."""

from __future__ import annotations

import io
import os
from pathlib import Path

import orjson
import pytest
from nqparser.batch import ConvertConfig, InputPlan, Result, convert, in_input_order, read_manifest
from nqparser.cli import main
from nqparser.naming import stem_owner
from nqparser.triage import Tally, kind_of, triage, warning_code

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "fixtures" / "raw"
RESOLUTION = "ha-noi-15-2024-quy-dinh.txt"
OTHERS = ["thai-nguyen-2025.txt", "bac-giang-2024-h2.txt", "thai-nguyen-2023.txt"]


def _decision_text() -> bytes:
    """The resolution fixture with a decision's header: a non-resolution without a number."""
    text = (RAW / RESOLUTION).read_text(encoding="utf-8")
    text = text.replace("NGHỊ QUYẾT\n", "QUYẾT ĐỊNH\n", 1).replace("Số: 15/2024/NQ-HĐND", "Số:     /QĐ-UBND", 1)
    return text.encode("utf-8")


def _batch(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / RESOLUTION).write_bytes((RAW / RESOLUTION).read_bytes())
    (folder / "decision.txt").write_bytes(_decision_text())
    (folder / "notes.xlsx").write_bytes(b"PK\x03\x04 not read")
    (folder / "~$lock.docx").write_bytes(b"lock")
    return folder


@pytest.mark.parametrize(("doc_type", "kind"), [
    ("Nghị quyết", "resolution"), ("NGHỊ QUYẾT", "resolution"), ("Quyết định", "decision"),
    ("Kế hoạch", "plan"), ("Công văn", "other"), (None, "unknown"), ("", "unknown"),
])
def test_kind_of_doc_type(doc_type, kind):
    assert kind_of(doc_type) == kind


@pytest.mark.parametrize(("message", "code"), [
    ("no article (Điều) found", "no_articles"),
    ("line 4: the document number is blank", "blank_number"),
    ("document type not found in the header", "no_doc_type"),
    ("page 3 read by OCR", "ocr_pages"),
    ("line 80: clause 5 follows clause 3", "clause_jump"),
    ("something new", "other"),
])
def test_warning_codes(message, code):
    assert warning_code(message) == code


def test_manifest_rows_carry_triage_fields_and_ignored_files(tmp_path):
    src = _batch(tmp_path / "in")
    out = tmp_path / "out"
    summary = convert([str(src)], ConvertConfig(outdir=str(out), jobs=1))
    records = read_manifest(out / "manifest.jsonl")
    rec = records[str(src / RESOLUTION)]
    assert rec["status"] == "ok"
    assert (rec["kind"], rec["doc_type"], rec["number"]) == ("resolution", "Nghị quyết", "15/2024/NQ-HĐND")
    assert rec["issuer"] == "Hội đồng nhân dân thành phố Hà Nội" and rec["province"] == "Hà Nội"
    assert rec["date"] == "2024-07-04"
    assert rec["articles"] >= 2 and rec["recipients"] >= 1
    assert isinstance(rec["indicators"], int) and isinstance(rec["targets"], int)
    assert rec["warnings"] == [] and rec["warning_codes"] == []
    dec = records[str(src / "decision.txt")]
    assert (dec["kind"], dec["number"]) == ("decision", None)
    assert "blank_number" in dec["warnings"] and "blank_number" in dec["warning_codes"]
    # files not read: in the manifest with the reason, and in the summary
    assert records[str(src / "notes.xlsx")]["status"] == "ignored"
    assert "unsupported format .xlsx" in records[str(src / "notes.xlsx")]["error"]
    assert "lock file" in records[str(src / "~$lock.docx")]["error"]
    assert sorted(os.path.basename(p) for p, _ in summary.ignored) == ["notes.xlsx", "~$lock.docx"]
    assert summary.tally.line() == "1 resolution, 1 decision; 0 without articles; 1 without number"
    assert summary.exit_code == 0


def test_summary_breaks_the_batch_down_and_lists_files_not_read(tmp_path, capsys):
    src = _batch(tmp_path / "in")
    assert main(["convert", str(src), "-o", str(tmp_path / "out"), "-j", "2"]) == 0
    err = capsys.readouterr().err
    assert "1 resolution, 1 decision; 0 without articles; 1 without number" in err
    assert "2 file(s) not read:" in err
    assert f"{src / 'notes.xlsx'}: unsupported format .xlsx" in err


def test_require_resolution_makes_other_documents_failures(tmp_path, capsys):
    src = _batch(tmp_path / "in")
    out = tmp_path / "out"
    assert main(["convert", str(src), "-o", str(out), "-j", "1", "--require-resolution"]) == 1
    err = capsys.readouterr().err
    assert f"{src / 'decision.txt'}: not a resolution (Quyết định)" in err
    assert read_manifest(out / "manifest.jsonl")[str(src / RESOLUTION)]["status"] == "ok"
    # --resume keeps the verdict: the skipped decision still fails, from its manifest triage
    assert main(["convert", str(src), "-o", str(out), "-j", "1", "--require-resolution", "--resume"]) == 1
    assert "not a resolution" in capsys.readouterr().err


def test_tally_line_groups_unnamed_kinds_as_other():
    tally = Tally()
    for kind, number, articles in [("resolution", "1/NQ", 3), ("resolution", None, 0), ("other", None, 0),
                                   ("unknown", "2", 0), ("decision", "3", 2)]:
        tally.add({"kind": kind, "number": number, "articles": articles})
    assert tally.line() == ("2 resolutions, 1 decision, 2 other documents (1 without a type); "
                            "3 without articles; 2 without number")


def test_resume_keeps_the_recorded_warning_codes(tmp_path):
    src = _batch(tmp_path / "in")
    out = tmp_path / "out"
    convert([str(src)], ConvertConfig(outdir=str(out), jobs=1))
    first = read_manifest(out / "manifest.jsonl")[str(src / "decision.txt")]["warning_codes"]
    convert([str(src)], ConvertConfig(outdir=str(out), jobs=1, resume=True))
    again = read_manifest(out / "manifest.jsonl")[str(src / "decision.txt")]
    assert again["status"] == "skipped" and again["warning_codes"] == first and "no_doc_type" not in first


def test_record_codes_agree_with_the_wording_table():
    """A document read back from JSON has only the messages, coded by grammars/triage.toml; where
    that table knows a message, it must give the code the stage gave the record."""
    from nqparser import parse_file

    issues = RAW.parent.parent / "tests" / "data" / "issues"
    seen = set()
    for path in sorted(p for p in issues.iterdir() if p.suffix in (".txt", ".md")):
        for w in parse_file(path).warnings:
            assert warning_code(w.message) in (w.code, "other"), (path.name, w)
            seen.add(w.code)
    assert {"no_articles", "no_doc_type", "lines_before_header", "unclosed_quote", "blank_number"} <= seen


def test_triage_of_a_loaded_json_equals_triage_of_the_document():
    from nqparser import parse_file

    doc = parse_file(RAW / RESOLUTION)
    assert triage(orjson.loads(doc.to_json())) == triage(doc)


# --- names independent of siblings ---------------------------------------------------------------

def test_adding_a_sibling_never_renames_an_existing_output(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "nq.txt").write_bytes((RAW / RESOLUTION).read_bytes())
    out = tmp_path / "out"
    convert([str(src)], ConvertConfig(outdir=str(out), jobs=1))
    assert sorted(p.name for p in out.glob("*.json")) == ["nq.json"]
    # nq.md would keep <stem>.json in a fresh folder (it comes first by format), but nq.txt has it
    (src / "nq.md").write_bytes((RAW / RESOLUTION).read_bytes())
    summary = convert([str(src)], ConvertConfig(outdir=str(out), jobs=1, resume=True))
    assert sorted(p.name for p in out.glob("*.json")) == ["nq.json", "nq.md.json"]
    assert orjson.loads((out / "nq.json").read_bytes())["source"]["path"] == str(src / "nq.txt")
    assert (summary.skipped, summary.converted) == (1, 1)  # --resume did not redo nq.txt
    records = read_manifest(out / "manifest.jsonl")
    assert records[str(src / "nq.txt")]["status"] == "skipped"


def test_stem_clash_in_a_fresh_folder_is_decided_by_format_not_discovery():
    assert stem_owner(["nq.txt", "nq.pdf", "nq.docx"], None) == "nq.docx"
    assert stem_owner(["nq.pdf", "nq.txt"], None) == "nq.pdf"
    assert stem_owner(["nq.pdf", "nq.docx"], "nq.pdf") == "nq.pdf"  # the existing output's input
    assert stem_owner(["nq.pdf", "nq.docx"], "gone.txt") == "nq.docx"


def test_unique_stems_keep_stem_json(tmp_path):
    for name in ("004_abc.txt", "hdbcqg-40-nq.doc", "x.pdf", "y.htm"):
        (tmp_path / name).write_text("x")
    assert sorted(p.relative for p in InputPlan([str(tmp_path)])) == [
        "004_abc.json", "hdbcqg-40-nq.json", "x.json", "y.json"]


# --- ordered JSONL, paths from stdin -------------------------------------------------------------

def test_in_input_order_reorders_completion_order():
    from collections import deque

    sent = deque(["a", "b", "c", "d"])
    done = [Result(name, "ok") for name in ("c", "a", "d", "b")]
    assert [r.input for r in in_input_order(done, sent)] == ["a", "b", "c", "d"]


def test_jsonl_to_stdout_with_two_jobs_is_in_input_order(tmp_path, capsysbinary):
    src = tmp_path / "in"
    src.mkdir()
    names = ["a.txt", "b.txt", "c.txt", "d.txt"]
    for name in names:
        (src / name).write_bytes((RAW / RESOLUTION).read_bytes())
    # the first input is slow: with completion order it would come out last
    big = (RAW / OTHERS[0]).read_bytes() * 40
    (src / "a.txt").write_bytes(big)
    assert main(["convert", str(src), "-o", "-", "--format", "jsonl", "-j", "2", "-q"]) == 0
    lines = capsysbinary.readouterr().out.splitlines()
    assert [os.path.basename(orjson.loads(line)["source"]["path"]) for line in lines] == names


def test_convert_dash_reads_paths_from_stdin(tmp_path, monkeypatch, capsys):
    src = _batch(tmp_path / "in")
    listing = f"{src / RESOLUTION}\n\n{src / 'decision.txt'}\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(listing))
    out = tmp_path / "out"
    assert main(["convert", "-", "-o", str(out), "-j", "1"]) == 0
    assert sorted(p.name for p in out.glob("*.json")) == ["decision.json", "ha-noi-15-2024-quy-dinh.json"]
    assert "converted 2" in capsys.readouterr().err


def test_indicators_lists_files_not_read(tmp_path, capsys):
    src = _batch(tmp_path / "in")
    assert main(["indicators", str(src), "-o", str(tmp_path / "rows.csv"), "-j", "1"]) == 0
    err = capsys.readouterr().err
    assert "2 file(s) not read:" in err and f"{src / 'notes.xlsx'}: unsupported format .xlsx" in err
