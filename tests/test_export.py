"""Indicator exports (CSV, Parquet) and the SQLite store, from converted JSON and from sources."""

from __future__ import annotations

import csv
import sqlite3
import sys
from pathlib import Path

import orjson
import pytest
from nqparser import Document, Indicator, Metadata, Source, parse_file
from nqparser.cli import main
from nqparser.export import (
    INDICATOR_COLUMNS,
    PARQUET_MISSING,
    ExportError,
    SqliteStore,
    indicator_rows,
    open_table_writer,
)
from nqparser.records import record

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "fixtures" / "raw"


def indicator(name: str, value: float | None, *, source: str = "list", **kw) -> dict:
    base = {"name": name, "group": "Các chỉ tiêu kinh tế", "parent": None, "value": value, "low": None,
            "high": None, "unit": "%", "comparator": None, "direction": None, "approximate": False,
            "year": 2025, "baseline": None, "raw": f"{name}: {value}%", "lines": [37, 37],
            "node": ["2", "I", "2", "a"], "source": source, "code": None, "note": None, "page": None, "extra": {}}
    base.update(kw)
    return base


def documents(tmp_path: Path) -> list[Path]:
    """Two converted documents with known indicators (real parses, records filled in by hand)."""
    out = []
    for name, records, targets in [
        ("thai-nguyen-2025.txt",
         [indicator("Tốc độ tăng trưởng kinh tế (GRDP)", 8.5, code="GRDP"),
          indicator("Công nghiệp, xây dựng", 59.4, parent="Cơ cấu kinh tế"),
          indicator("Tỷ lệ thất nghiệp ở thành thị", None, high=3.0, comparator="<", source="table")],
         [indicator("Giảm tỷ lệ hộ nghèo", 1.0, comparator=">=", direction="decrease", source="prose")]),
        ("ha-noi-15-2024-quy-dinh.txt",
         [indicator("Tỷ lệ che phủ rừng", 46.0, comparator=">=", lines=[76])],
         []),
    ]:
        doc = parse_file(RAW / name).to_dict()
        doc["indicators"], doc["targets"] = records, targets
        path = tmp_path / "json" / (Path(name).stem + ".json")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(orjson.dumps(doc))
        out.append(path)
    return out


def test_indicator_rows_repeat_document_fields():
    doc = Document(Source(path="a.txt", format="text", sha256="ab", lines=40),
                   Metadata(number="1/NQ-HĐND", issuer="HĐND tỉnh X", province="X", date="2024-12-10"),
                   articles=[], recipients=[], archive=[],
                   indicators=[record(Indicator, indicator("A", 1.0))],
                   targets=[record(Indicator, indicator("B", 2.0, source="prose"))])
    rows = list(indicator_rows(doc))
    assert len(rows) == 1
    assert rows[0]["number"] == "1/NQ-HĐND" and rows[0]["name"] == "A" and rows[0]["kind"] == "indicator"
    assert rows[0]["source"] == "list" and rows[0]["source_file"] == "a.txt"
    both = list(indicator_rows(doc, targets=True, source_file="b.json"))
    assert [r["kind"] for r in both] == ["indicator", "target"]
    assert {r["source_file"] for r in both} == {"b.json"}
    assert set(rows[0]) == set(INDICATOR_COLUMNS)


def test_indicators_csv_from_converted_json(tmp_path, capsys):
    paths = documents(tmp_path)
    target = tmp_path / "rows.csv"
    assert main(["indicators", *map(str, paths), "-o", str(target), "-j", "1", "--wide"]) == 0
    with target.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["name"] for r in rows] == ["Tốc độ tăng trưởng kinh tế (GRDP)", "Công nghiệp, xây dựng",
                                         "Tỷ lệ thất nghiệp ở thành thị", "Tỷ lệ che phủ rừng"]
    assert list(rows[0]) == list(INDICATOR_COLUMNS)
    first = rows[0]
    assert (first["number"], first["province"], first["value"], first["unit"], first["code"]) == (
        "112/NQ-HĐND", "Thái Nguyên", "8.5", "%", "GRDP")
    assert first["lines"] == "37;37" and first["source_file"] == str(paths[0])
    assert rows[2]["source"] == "table" and rows[2]["high"] == "3.0" and rows[2]["value"] == ""
    assert rows[1]["parent"] == "Cơ cấu kinh tế"

    assert main(["indicators", str(tmp_path / "json"), "-o", str(target), "--targets", "-q", "--wide"]) == 0
    with target.open(encoding="utf-8", newline="") as fh:
        kinds = [r["kind"] for r in csv.DictReader(fh)]
    assert kinds.count("target") == 1 and len(kinds) == 5
    assert not list(tmp_path.glob(".*.tmp"))


def test_indicators_deduplicate_source_and_output(tmp_path, capsys):
    paths = documents(tmp_path)
    target = tmp_path / "rows.csv"
    # the same document as JSON and as its source: counted once (by sha256)
    assert main(["indicators", str(paths[1]), str(RAW / "ha-noi-15-2024-quy-dinh.txt"), "-o", str(target)]) == 0
    with target.open(encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == 1
    err = capsys.readouterr().err
    assert "1 document(s), 1 duplicate(s) by sha256 skipped" in err


def test_indicators_report_bad_inputs(tmp_path, capsys):
    paths = documents(tmp_path)
    (tmp_path / "json" / "other.json").write_bytes(b'{"hello": 1}')
    (tmp_path / "json" / "torn.json").write_bytes(b'{"schema_version": ')
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    target = tmp_path / "rows.csv"
    code = main(["indicators", str(tmp_path / "json"), str(empty), "-o", str(target), "-j", "1"])
    err = capsys.readouterr().err
    assert code == 1
    assert "other.json: not an nqparser document" in err
    assert "torn.json: file is not valid JSON" in err
    assert f"{empty}: file is empty" in err
    with target.open(encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == 4  # the good documents still exported
    assert paths


def test_sqlite_is_idempotent_and_queryable(tmp_path, capsys):
    paths = documents(tmp_path)
    db = tmp_path / "nq.sqlite"
    args = ["indicators", *map(str, paths), "--db", str(db), "-j", "1", "-q"]
    assert main(args) == 0
    with SqliteStore(db) as store:
        first = store.counts()
    assert first["documents"] == 2 and first["indicators"] == 4 and first["targets"] == 1
    assert first["articles"] > 10 and first["recipients"] > 0
    assert main(args) == 0
    with SqliteStore(db) as store:
        assert store.counts() == first

    con = sqlite3.connect(db)
    try:
        (count,) = con.execute(
            "SELECT count(*) FROM indicators i JOIN documents d ON d.id = i.document "
            "WHERE d.province = 'Thái Nguyên' AND i.value > 50").fetchone()
        assert count == 1
        # every child article points at an article of the same document; roots have no parent
        orphans = con.execute(
            "SELECT count(*) FROM articles a LEFT JOIN articles p ON p.id = a.parent_id "
            "WHERE a.parent_id IS NOT NULL AND (p.id IS NULL OR p.document != a.document)").fetchone()[0]
        assert orphans == 0
        paths_ = [r[0] for r in con.execute("SELECT path FROM articles WHERE depth = 0 AND part = 'articles'")]
        assert "2" in paths_
        deep = con.execute("SELECT a.path, p.path FROM articles a JOIN articles p ON p.id = a.parent_id "
                           "WHERE a.depth = 2 LIMIT 1").fetchone()
        assert deep[0].startswith(deep[1] + "/")
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"indicators_name", "articles_document", "recipients_document"} <= names
    finally:
        con.close()


def test_sqlite_replaces_a_documents_rows(tmp_path):
    doc = Document.from_json(documents(tmp_path)[0].read_bytes())
    db = tmp_path / "nq.sqlite"
    with SqliteStore(db) as store:
        store.load(doc)
        doc.indicators = doc.indicators[:1]
        store.load(doc)
        counts = store.counts()
    assert counts["documents"] == 1 and counts["indicators"] == 1


def test_sources_parsed_on_the_fly(tmp_path, capsys):
    db = tmp_path / "nq.sqlite"
    assert main(["indicators", str(RAW / "thai-nguyen-2025.txt"), str(RAW / "ha-noi-15-2024-quy-dinh.txt"),
                 "--db", str(db), "-o", str(tmp_path / "rows.csv"), "-j", "2", "--wide"]) == 0
    with SqliteStore(db) as store:
        assert store.counts()["documents"] == 2
    assert (tmp_path / "rows.csv").read_text(encoding="utf-8").startswith(",".join(INDICATOR_COLUMNS))


def test_parquet_missing_pyarrow_is_clear(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ExportError) as info:
        open_table_writer(str(tmp_path / "rows.parquet"))
    assert str(info.value) == PARQUET_MISSING
    assert not list(tmp_path.iterdir())


def test_parquet_types(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    paths = documents(tmp_path)
    target = tmp_path / "rows.parquet"
    assert main(["indicators", *map(str, paths), "-o", str(target), "--targets", "-q"]) == 0
    table = pq.read_table(target)
    assert table.num_rows == 5
    assert str(table.schema.field("value").type) == "double"
    assert table.column("lines").to_pylist()[0] == [37, 37]
    assert table.column("name").to_pylist()[0] == "Tốc độ tăng trưởng kinh tế (GRDP)"


def test_excel_csv_has_bom(tmp_path):
    paths = documents(tmp_path)
    target = tmp_path / "rows.csv"
    assert main(["indicators", str(paths[0]), "-o", str(target), "--excel", "-q"]) == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbfidentity,number,")  # long form by default


# --- long form (issue 12): every value column of a table is a row ---------------------------------

def test_long_rows_keep_every_value_column():
    from nqparser.export import LONG_COLUMNS, long_rows

    doc = parser_doc("dak-lak-2026-chi-tieu-bang.md")
    rows = list(long_rows(doc))
    assert all(list(r) == list(LONG_COLUMNS) or set(r) == set(LONG_COLUMNS) for r in rows)
    entries = [i for i in doc.indicators if i.extra.get("values")]
    assert entries, "the fixture has table entries with several value columns"
    expected = sum(len(i.extra["values"]) for i in entries) + sum(
        1 for i in doc.indicators if not i.extra.get("values"))
    assert len(rows) == expected
    grdp = [r for r in rows if r["name"] == "Tốc độ tăng trưởng GRDP"]
    assert [(r["role"], r["year"], r["value"], r["low"], r["high"], r["unit"], r["code"]) for r in grdp] == [
        ("estimate", 2025, 7.2, None, None, "%", "grdp_growth"),
        ("plan", 2026, None, 8.0, 8.5, "%", "grdp_growth"),
    ]
    per_capita = [r for r in rows if r["code"] == "grdp_per_capita"]
    assert {r["unit"] for r in per_capita} == {"VND/người/năm"}  # one canonical unit per code
    assert {r["unit_as_written"] for r in per_capita} == {"VND"} and all(r["unit_is_canonical"] for r in per_capita)
    first = rows[0]
    assert first["identity"] and first["source_path"].endswith("dak-lak-2026-chi-tieu-bang.md")
    assert first["doc_type"] and first["province"]


def test_long_form_parquet_is_typed(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    target = tmp_path / "long.parquet"
    assert main(["indicators", str(RAW / "dak-lak-2026-chi-tieu-bang.md"), "-o", str(target), "-q", "-j", "1"]) == 0
    table = pq.read_table(target)
    types = {f.name: str(f.type) for f in table.schema}
    assert types["value"] == "double" and types["year"] == "int64" and types["unit_is_canonical"] == "bool"
    assert types["lines"] == "list<element: int64>" and types["position"] == "int64"
    assert set(table.column("role").to_pylist()) >= {"estimate", "plan"}


def parser_doc(name: str) -> Document:
    return parse_file(RAW / name)


# --- one record per resolution (issue 12) ---------------------------------------------------------

FORMATS = ROOT / "fixtures" / "raw" / "formats"


def test_a_txt_docx_pdf_trio_is_one_documents_row(tmp_path):
    trio = [FORMATS / "txt" / "thai-nguyen-2025.txt", FORMATS / "docx" / "thai-nguyen-2025.docx",
            FORMATS / "pdf" / "thai-nguyen-2025.pdf"]
    db = tmp_path / "nq.sqlite"
    assert main(["indicators", *map(str, trio), "--db", str(db), "-j", "1", "-q"]) == 0
    assert main(["indicators", *map(str, trio), "--db", str(db), "-j", "1", "-q"]) == 0  # idempotent
    con = sqlite3.connect(db)
    try:
        rows = con.execute("SELECT id, identity, format, source_path FROM documents").fetchall()
        assert len(rows) == 1
        key, ident, fmt, path = rows[0]
        assert key == ident and "112/nq-hdnd" in ident and ident.endswith("|2024-12-10")
        assert fmt == "docx" and path == str(trio[1])  # the records of the best-structured file
        files = con.execute("SELECT format, source_path FROM files WHERE document = ? ORDER BY format",
                            (key,)).fetchall()
        assert files == [("docx", str(trio[1])), ("pdf", str(trio[2])), ("text", str(trio[0]))]
        # README's query: one row per resolution, by number and province
        (n,) = con.execute("SELECT count(*) FROM documents WHERE number = '112/NQ-HĐND' AND province = 'Thái Nguyên'"
                           ).fetchone()
        assert n == 1
        (orphans,) = con.execute("SELECT count(*) FROM indicators WHERE document NOT IN (SELECT id FROM documents)"
                                 ).fetchone()
        assert orphans == 0
    finally:
        con.close()


def test_identity_normalises_issuer_number_and_date():
    from nqparser.identity import document_key, identity

    a = identity("Hội đồng nhân dân tỉnh Thái Nguyên", "112/NQ-HĐND", "2024-12-10")
    assert a == identity("HỘI ĐỒNG NHÂN DÂN  TỈNH THÁI NGUYÊN", "112 / NQ-HDND", "2024-12-10")
    assert a == identity("Hội đồng nhân dân tỉnh Thái Nguyên", "0112/NQ-HĐND", "2024-12-10")
    assert a != identity("Hội đồng nhân dân tỉnh Bắc Giang", "112/NQ-HĐND", "2024-12-10")
    assert identity("x", None, "2024-01-01") is None and identity("x", "1/NQ", None) is None
    anonymous = Document(Source(path=None, format="text", sha256="ab", lines=1), Metadata(), [], [], [])
    assert document_key(anonymous) == "sha256:ab"


def test_source_path_is_the_original_input_not_the_json(tmp_path):
    paths = documents(tmp_path)
    db = tmp_path / "nq.sqlite"
    assert main(["indicators", str(paths[0]), "--db", str(db), "-q"]) == 0
    con = sqlite3.connect(db)
    try:
        original = orjson.loads(paths[0].read_bytes())["source"]["path"]
        assert con.execute("SELECT source_path FROM documents").fetchone()[0] == original
        assert con.execute("SELECT loaded_from FROM files").fetchone()[0] == str(paths[0])
    finally:
        con.close()
