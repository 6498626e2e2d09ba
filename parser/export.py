"""Tabular exports of parsed documents: indicators as CSV/Parquet, everything into SQLite.

Why these three: CSV opens anywhere (Excel included, with `bom=True`), Parquet keeps types for
pandas/DuckDB across thousands of resolutions, and SQLite lets a user join documents, articles,
indicators and recipients with plain SQL and no server. All readers work on `Document.to_dict()`
records (`Document`; a converted JSON output is read back with `Document.from_json`), so
outputs and freshly parsed files export the same way.
Writers never leave a half-written file: they write beside the target and rename on close.
"""

from __future__ import annotations

import contextlib
import csv
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import orjson

from .errors import NqparserError
from .model import Document, Indicator, Node

INDICATOR_COLUMNS = (
    "number", "issuer", "province", "date", "year", "group", "parent", "name", "code",
    "value", "low", "high", "unit", "comparator", "direction", "approximate", "baseline",
    "kind", "source", "source_file", "lines", "page", "sha256",
)
# Long form (the default of `nqparser indicators`): one row per value — a table entry with plan,
# estimate and actual columns gives one row per column — with the document's identity.
LONG_COLUMNS = (
    "identity", "number", "issuer", "province", "date", "doc_type", "title", "term",
    "kind", "position", "group", "parent", "name", "code", "nsis",
    "role", "column", "year", "value", "low", "high", "unit", "unit_as_written", "unit_is_canonical",
    "comparator", "direction", "approximate", "baseline",
    "source", "lines", "page", "source_path", "sha256",
)
PARQUET_MISSING = "writing Parquet needs pyarrow: pip install 'nqparser[parquet]' (or write a .csv)"


class ExportError(NqparserError):
    """An export cannot be written (unknown format, missing optional package)."""


# --- rows ----------------------------------------------------------------------------------------

def _groups(doc: Document, targets: bool) -> list[tuple[str, list[Indicator]]]:
    groups = [("indicator", doc.indicators)]
    if targets:
        groups.append(("target", doc.targets))
    return groups


def indicator_rows(doc: Document, *, targets: bool = False,
                   source_file: str | None = None) -> Iterator[dict[str, Any]]:
    """One flat row per indicator (and per prose target when `targets`), document fields repeated."""
    meta = doc.metadata
    common = {
        "number": meta.number,
        "issuer": meta.issuer,
        "province": meta.province,
        "date": meta.date,
        "source_file": source_file or doc.source.path,
        "sha256": doc.source.sha256,
    }
    for kind, records in _groups(doc, targets):
        for ind in records:
            yield {
                **common,
                "year": ind.year,
                "group": ind.group,
                "parent": ind.parent,
                "name": ind.name,
                "code": ind.code,
                "value": ind.value,
                "low": ind.low,
                "high": ind.high,
                "unit": ind.unit,
                "comparator": ind.comparator,
                "direction": ind.direction,
                "approximate": ind.approximate,
                "baseline": ind.baseline,
                "kind": kind,
                "source": ind.source,
                "lines": list(ind.lines),
                "page": ind.page,
            }


def long_rows(doc: Document, *, targets: bool = False,
              source_file: str | None = None) -> Iterator[dict[str, Any]]:
    """One row per indicator value (LONG_COLUMNS): every table column of an entry (`extra.values`:
    plan, estimate, actual…) is a row of its own, so no value column is lost; an entry without
    column values is one row. Units are reported in the code's canonical unit where compatible
    (`parser.codes`), the unit as written beside it."""
    from .codes import canonical_unit, code_table
    from .identity import document_identity

    meta = doc.metadata
    common = {
        "identity": document_identity(doc),
        "number": meta.number,
        "issuer": meta.issuer,
        "province": meta.province,
        "date": meta.date,
        "doc_type": meta.doc_type,
        "title": meta.title,
        "term": meta.term,
        # the original input, not the JSON a document may have been loaded from
        "source_path": doc.source.path or source_file,
        "sha256": doc.source.sha256,
    }
    codes = code_table()
    for kind, records in _groups(doc, targets):
        for position, ind in enumerate(records, start=1):
            code = ind.code
            info = codes.get(code or "")
            base = {
                **common, "kind": kind, "position": position, "group": ind.group,
                "parent": ind.parent, "name": ind.name, "code": code,
                "nsis": info.nsis if info else None, "baseline": ind.baseline,
                "source": ind.source, "lines": list(ind.lines), "page": ind.page,
            }
            # a table entry's columns (plan, estimate, actual…) are dicts in `extra`; else the entry itself
            values = (ind.extra or {}).get("values") or [{**asdict(ind), "column": None}]
            for v in values:
                unit, canonical = canonical_unit(code, v.get("unit"))
                yield {
                    **base,
                    "role": v.get("role") or ind.role,
                    "column": v.get("column"),
                    "year": v.get("year") if v.get("year") is not None else ind.year,
                    "value": v.get("value"), "low": v.get("low"), "high": v.get("high"),
                    "unit": unit, "unit_as_written": v.get("unit"), "unit_is_canonical": canonical,
                    "comparator": v.get("comparator"), "direction": v.get("direction"),
                    "approximate": v.get("approximate"),
                }


# --- writers -------------------------------------------------------------------------------------

class _AtomicFile:
    """A temporary file beside `path`, renamed over it on commit, removed on abort."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
        os.close(fd)
        self.tmp = tmp

    def commit(self) -> None:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self.tmp, 0o666 & ~umask)  # mkstemp makes 0600; a shared export should not be private
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        with contextlib.suppress(OSError):
            os.unlink(self.tmp)


class CsvWriter:
    """Indicator rows as UTF-8 CSV; `lines` joined with ';' (e.g. "37;38")."""

    def __init__(self, path: str | os.PathLike[str], *, bom: bool = False,
                 columns: tuple[str, ...] = INDICATOR_COLUMNS) -> None:
        self._file = _AtomicFile(path)
        self._fh = open(self._file.tmp, "w", encoding="utf-8-sig" if bom else "utf-8", newline="")
        self._writer = csv.DictWriter(self._fh, fieldnames=columns, extrasaction="ignore")
        self._writer.writeheader()
        self.rows = 0

    def write(self, rows: Iterable[dict[str, Any]]) -> None:
        for row in rows:
            out = dict(row)
            out["lines"] = ";".join(str(n) for n in row.get("lines") or [])
            self._writer.writerow(out)
            self.rows += 1

    def close(self, *, commit: bool = True) -> None:
        self._fh.close()
        if commit:
            self._file.commit()
        else:
            self._file.abort()


class ParquetWriter:
    """Indicator rows as Parquet with real types (`lines` is a list of ints), written in batches."""

    BATCH = 50_000

    def __init__(self, path: str | os.PathLike[str], *, columns: tuple[str, ...] = INDICATOR_COLUMNS) -> None:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError as exc:
            raise ExportError(PARQUET_MISSING) from exc
        self._pa, self._pq = pa, pq
        string, f64, i64 = pa.string(), pa.float64(), pa.int64()
        types = {"year": i64, "value": f64, "low": f64, "high": f64, "approximate": pa.bool_(),
                 "lines": pa.list_(i64), "page": i64, "term": i64, "position": i64,
                 "unit_is_canonical": pa.bool_()}
        self.schema = pa.schema([(c, types.get(c, string)) for c in columns])
        self._file = _AtomicFile(path)
        self._writer = pq.ParquetWriter(self._file.tmp, self.schema)
        self._buffer: list[dict[str, Any]] = []
        self.rows = 0

    def write(self, rows: Iterable[dict[str, Any]]) -> None:
        for row in rows:
            self._buffer.append(row)
            self.rows += 1
            if len(self._buffer) >= self.BATCH:
                self._flush()

    def _flush(self) -> None:
        if self._buffer:
            self._writer.write_table(self._pa.Table.from_pylist(self._buffer, schema=self.schema))
            self._buffer = []

    def close(self, *, commit: bool = True) -> None:
        if commit:
            self._flush()
        self._writer.close()
        if commit:
            self._file.commit()
        else:
            self._file.abort()


def open_table_writer(path: str, *, bom: bool = False,
                      columns: tuple[str, ...] = INDICATOR_COLUMNS) -> CsvWriter | ParquetWriter:
    """A writer chosen by the file's extension (.csv, .parquet/.pq); `columns` LONG_COLUMNS or
    INDICATOR_COLUMNS (wide)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return CsvWriter(path, bom=bom, columns=columns)
    if suffix in (".parquet", ".pq"):
        return ParquetWriter(path, columns=columns)
    raise ExportError(f"cannot tell the format of {path!r}: name it .csv or .parquet")


# --- SQLite --------------------------------------------------------------------------------------

_INDICATOR_FIELDS = """
    id INTEGER PRIMARY KEY,
    document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT, group_name TEXT, parent TEXT, code TEXT,
    value REAL, low REAL, high REAL, unit TEXT, comparator TEXT, direction TEXT,
    approximate INTEGER, year INTEGER, baseline TEXT, raw TEXT, note TEXT,
    source TEXT, first_line INTEGER, last_line INTEGER, lines TEXT, node TEXT, page INTEGER,
    extra TEXT
"""

SQLITE_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    identity TEXT,
    sha256 TEXT,
    schema_version TEXT, source_path TEXT, format TEXT, source_lines INTEGER, pages INTEGER,
    doc_type TEXT, number TEXT, issuer TEXT, province TEXT, term INTEGER, session INTEGER,
    place TEXT, date TEXT, adopted_date TEXT, year INTEGER, title TEXT,
    signer_name TEXT, signer_title TEXT,
    legal_bases TEXT, considerations TEXT, archive TEXT, warnings TEXT, provenance TEXT
);
CREATE TABLE IF NOT EXISTS files (
    sha256 TEXT PRIMARY KEY,
    document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    source_path TEXT, format TEXT, source_lines INTEGER, pages INTEGER, schema_version TEXT, loaded_from TEXT
);
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES articles(id),
    part TEXT NOT NULL,
    path TEXT NOT NULL,
    depth INTEGER NOT NULL,
    position INTEGER NOT NULL,
    kind TEXT, label TEXT, title TEXT, text TEXT,
    first_line INTEGER, last_line INTEGER, page INTEGER, table_rows TEXT
);
CREATE TABLE IF NOT EXISTS indicators ({_INDICATOR_FIELDS});
CREATE TABLE IF NOT EXISTS targets ({_INDICATOR_FIELDS});
CREATE TABLE IF NOT EXISTS recipients (
    id INTEGER PRIMARY KEY,
    document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT, note TEXT, line INTEGER, raw TEXT, expanded TEXT
);
CREATE INDEX IF NOT EXISTS documents_number ON documents(number);
CREATE INDEX IF NOT EXISTS documents_sha256 ON documents(sha256);
CREATE INDEX IF NOT EXISTS files_document ON files(document);
CREATE INDEX IF NOT EXISTS documents_province_date ON documents(province, date);
CREATE INDEX IF NOT EXISTS documents_source_path ON documents(source_path);
CREATE INDEX IF NOT EXISTS articles_document ON articles(document);
CREATE INDEX IF NOT EXISTS articles_parent ON articles(parent_id);
CREATE INDEX IF NOT EXISTS indicators_document ON indicators(document);
CREATE INDEX IF NOT EXISTS indicators_name ON indicators(name);
CREATE INDEX IF NOT EXISTS indicators_group ON indicators(group_name);
CREATE INDEX IF NOT EXISTS indicators_code ON indicators(code);
CREATE INDEX IF NOT EXISTS targets_document ON targets(document);
CREATE INDEX IF NOT EXISTS targets_name ON targets(name);
CREATE INDEX IF NOT EXISTS recipients_document ON recipients(document);
CREATE INDEX IF NOT EXISTS recipients_name ON recipients(name);
"""
DOCUMENT_COLUMNS = (
    "id", "identity", "sha256", "schema_version", "source_path", "format", "source_lines", "pages", "doc_type",
    "number", "issuer", "province", "term", "session", "place", "date", "adopted_date", "year", "title",
    "signer_name", "signer_title", "legal_bases", "considerations", "archive", "warnings", "provenance",
)
SQLITE_USER_VERSION = 2  # 2: one documents row per resolution (id = identity), its files in `files`
CHILD_TABLES = ("articles", "indicators", "targets", "recipients")
# Whose records a resolution's row holds when it came as several files: the best-structured
# format first (Word, then HTML, then a PDF text layer, then text or Markdown exports).
FORMAT_RANK = {"docx": 0, "html": 1, "pdf": 2, "text": 3}


def _json(value: Any) -> str | None:
    if value is None:
        return None
    return orjson.dumps(value).decode("utf-8")


def _span(lines: Iterable[int] | None) -> tuple[int | None, int | None]:
    values = [n for n in (lines or []) if isinstance(n, int)]
    return (min(values), max(values)) if values else (None, None)


def _year(date: str | None) -> int | None:
    if isinstance(date, str) and len(date) >= 4 and date[:4].isdigit():
        return int(date[:4])
    return None


class SqliteStore:
    """Documents and their parts in one SQLite file, one transaction per document.

    One `documents` row per resolution: its `id` is the identity (issuer + number + date,
    normalised: `parser.identity`), or 'sha256:<hash>' for a document without number or date.
    Every file of it (the .txt, .docx and .pdf of one resolution) is a `files` row; the records
    (articles, indicators, targets, recipients) are those of its best file by FORMAT_RANK (the
    last loaded among equals). Idempotent: re-running over the same inputs leaves the same rows.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(path))
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = NORMAL")
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, SQLITE_USER_VERSION):
            raise ExportError(f"{path}: database layout {version} is not {SQLITE_USER_VERSION}; use a new file")
        self.db.executescript(SQLITE_SCHEMA)
        self.db.execute(f"PRAGMA user_version = {SQLITE_USER_VERSION}")
        self.db.commit()
        self.documents = 0

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def counts(self) -> dict[str, int]:
        """Rows per table (for reports and tests)."""
        return {t: self.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("documents", "files", *CHILD_TABLES)}

    def _drop_document(self, key: str) -> None:
        for table in CHILD_TABLES:
            self.db.execute(f"DELETE FROM {table} WHERE document = ?", (key,))
        self.db.execute("DELETE FROM files WHERE document = ?", (key,))
        self.db.execute("DELETE FROM documents WHERE id = ?", (key,))

    def load(self, doc: Document, *, source_file: str | None = None) -> str:
        """Add this file to its resolution's row (made if new); returns the document id.

        `source_file` is where the document was read from (a converted JSON); `source_path` stays
        the original input recorded in the document.
        """
        from .identity import document_identity, document_key

        source = doc.source
        sha = source.sha256
        if not sha:
            raise ExportError("document has no source sha256")
        key = document_key(doc)
        meta = doc.metadata
        signer = meta.signer
        rank = FORMAT_RANK.get(source.format or "", len(FORMAT_RANK))
        with self.db:  # one transaction: a crash leaves the old rows or the new ones
            before = self.db.execute("SELECT document FROM files WHERE sha256 = ?", (sha,)).fetchone()
            if before is not None and before[0] != key:  # the file now reads as another resolution
                self.db.execute("DELETE FROM files WHERE sha256 = ?", (sha,))
                self._reattach_or_drop(before[0])
            file_row = (sha, key, source.path or source_file, source.format, source.lines,
                        source.pages, doc.schema_version, source_file)
            current = self.db.execute("SELECT format, sha256 FROM documents WHERE id = ?", (key,)).fetchone()
            if current is not None and current[1] != sha and \
                    FORMAT_RANK.get(current[0] or "", len(FORMAT_RANK)) < rank:
                self.db.execute("INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?,?,?)", file_row)
                self.documents += 1
                return key  # a better-structured file of this resolution holds the records
            for table in CHILD_TABLES:
                self.db.execute(f"DELETE FROM {table} WHERE document = ?", (key,))
            row = (key, document_identity(doc), sha, doc.schema_version, source.path or source_file,
                   source.format, source.lines, source.pages,
                   meta.doc_type, meta.number, meta.issuer, meta.province,
                   meta.term, meta.session, meta.place, meta.date,
                   meta.adopted_date, _year(meta.date), meta.title,
                   signer.name if signer else None, signer.title if signer else None,
                   _json(meta.legal_bases), _json(meta.considerations),
                   _json(doc.archive), _json([w.message for w in doc.warnings]), _json(meta.provenance))
            if current is None:
                self.db.execute(f"INSERT INTO documents VALUES ({','.join('?' * len(row))})", row)
            else:  # UPDATE, not REPLACE: a REPLACE deletes the row and cascades to its other files
                self.db.execute(f"UPDATE documents SET {', '.join(c + ' = ?' for c in DOCUMENT_COLUMNS[1:])} "
                                "WHERE id = ?", (*row[1:], key))
            self.db.execute("INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?,?,?)", file_row)
            self._load_nodes(key, "articles", doc.articles)
            self._load_nodes(key, "appendix", doc.appendix)
            for table in ("indicators", "targets"):
                self.db.executemany(
                    f"INSERT INTO {table} (document, position, name, group_name, parent, code, value, low,"
                    " high, unit, comparator, direction, approximate, year, baseline, raw, note, source,"
                    " first_line, last_line, lines, node, page, extra)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    [(key, i, r.name, r.group, r.parent, r.code,
                      r.value, r.low, r.high, r.unit, r.comparator,
                      r.direction, _bool(r.approximate), r.year, r.baseline,
                      r.raw, r.note, r.source, *_span(r.lines),
                      _json(r.lines), _json(r.node), r.page,
                      _json(r.extra or None))
                     for i, r in enumerate(doc.indicators if table == "indicators" else doc.targets, start=1)],
                )
            self.db.executemany(
                "INSERT INTO recipients (document, position, name, note, line, raw, expanded)"
                " VALUES (?,?,?,?,?,?,?)",
                [(key, i, r.name, r.note, r.line, r.raw, _json(r.expanded))
                 for i, r in enumerate(doc.recipients, start=1)],
            )
        self.documents += 1
        return key

    def _reattach_or_drop(self, key: str) -> None:
        """After a file left resolution `key`: drop the row if no file is left. Its records stay those
        of the file that left until one of the remaining files is loaded again (no source here)."""
        if self.db.execute("SELECT 1 FROM files WHERE document = ? LIMIT 1", (key,)).fetchone() is None:
            self._drop_document(key)

    def _load_nodes(self, sha: str, part: str, nodes: list[Node]) -> None:
        """Flatten the tree depth-first; `path` is the labels from the root ('2/I/2/a'), '#n' if none."""
        stack: list[tuple[Node, int | None, str, int, int]] = [
            (node, None, "", 0, i) for i, node in reversed(list(enumerate(nodes, start=1)))
        ]
        while stack:
            node, parent_id, parent_path, depth, position = stack.pop()
            label = node.label
            step = label if label and label not in ("-", "+", "*", "•") else f"#{position}"
            path = f"{parent_path}/{step}" if parent_path else step
            first, last = _span(node.lines)
            cursor = self.db.execute(
                "INSERT INTO articles (document, parent_id, part, path, depth, position, kind, label, title,"
                " text, first_line, last_line, page, table_rows) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (sha, parent_id, part, path, depth, position, node.kind, label, node.title,
                 node.text, first, last, node.page, _json(node.table)),
            )
            for i, child in reversed(list(enumerate(node.children, start=1))):
                stack.append((child, cursor.lastrowid, path, depth + 1, i))


def _bool(value: Any) -> int | None:
    return None if value is None else int(bool(value))
