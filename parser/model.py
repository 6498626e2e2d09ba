"""Record types shared by every stage.

Data flows one way: a reader makes a `SourceText` (lines with provenance), the cleaner makes
`Line`s, the segmenter makes `Node`s, the extractors make records, and `Document` gathers them.
Every record keeps the source line numbers (and page for PDF) so a person can check it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from . import records
from .errors import WarningRecord
from .names import with_name
from .triage import warning_code

SCHEMA_VERSION = "1.0"

# The closed vocabularies of the output. Literal aliases, not enums: the JSON keeps the bare
# strings, and mypy still rejects a misspelt kind. This module is their one home.
Format = Literal["text", "docx", "pdf", "html"]  # what was parsed (.doc is converted: "docx")
NodeKind = Literal["chapter", "division", "article", "section", "clause", "point", "item", "paragraph", "quote"]
IndicatorSource = Literal["list", "table", "prose"]  # where an indicator was read
Role = Literal["target", "estimate", "actual"]  # what the figure is (Indicator.role; None: not said)


@dataclass(frozen=True, slots=True, init=False)
class SourceLine:
    """One physical line as a reader found it.

    `number` is 1-based and is what every record cites: the line number in a text file, the
    running line number of the reader's output for DOCX/PDF (where `locator` says
    "paragraph 12" or "table 1 row 2 cell 0" and PDF lines also carry `page` and `box`).
    """

    text: str
    number: int
    page: int | None = None
    box: tuple[float, float, float, float] | None = None
    locator: str | None = None
    bold: bool = False  # the reader saw the whole line emphasised (a heading hint)

    def __init__(self, text: str, number: int, page: int | None = None,
                 box: tuple[float, float, float, float] | None = None, locator: str | None = None,
                 bold: bool = False) -> None:
        # The frozen dataclass's own __init__ sets each field through object.__setattr__; the
        # slots' descriptors do the same in about half the time, and every line of every input
        # is made here (the frozen __setattr__ still refuses a later change).
        _SET_TEXT(self, text)
        _SET_NUMBER(self, number)
        _SET_PAGE(self, page)
        _SET_BOX(self, box)
        _SET_LOCATOR(self, locator)
        _SET_BOLD(self, bold)


_SET_TEXT, _SET_NUMBER, _SET_PAGE, _SET_BOX, _SET_LOCATOR, _SET_BOLD = (
    vars(SourceLine)[name].__set__ for name in ("text", "number", "page", "box", "locator", "bold"))


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    line: int | None = None  # SourceLine.number of the cell's first line, when it has one


@dataclass(frozen=True, slots=True)
class Table:
    """A data table as rows of cells; `line` is where it sits among the source lines.

    Each row is also one line of the text, written by `piperows.pipe_row`; `row_lines` holds
    that line's number for every row (a cell's own `line` may be older: a DOCX cell merged down
    cites the row the merge starts in). A reader's tables hold the cells as read; the cleaner's
    (`clean.clean_document`) hold them as cleaned, and the tree takes its cells from those.
    """

    rows: tuple[tuple[Cell, ...], ...]
    line: int
    page: int | None = None
    locator: str | None = None
    row_lines: tuple[int, ...] = ()

    def text_rows(self) -> list[list[str]]:
        return [[c.text for c in row] for row in self.rows]


@dataclass(slots=True)
class SourceText:
    """What every reader returns: lines in reading order plus what it learnt on the way."""

    lines: list[SourceLine]
    format: Format
    path: str | None = None
    sha256: str | None = None
    tables: list[Table] = field(default_factory=list)
    warnings: list[WarningRecord] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)
    pages: int | None = None
    line_count: int | None = None  # physical lines in the input (blank ones included)


@dataclass(slots=True)
class Line:
    """A cleaned logical line: text without Markdown noise, joined across page breaks."""

    text: str
    raw: str
    first: int
    last: int
    bold: bool = False
    page: int | None = None
    cells: tuple[Cell, ...] | None = None  # a table row's cells: the row of its cleaned Table record
    # a header row that a Markdown separator row ("|---|---|") follows while rows run above it:
    # a new table begins here, however close the table above it ends
    opens_table: bool = False

    @property
    def span(self) -> list[int]:
        return [self.first, self.last]


@dataclass(slots=True)
class Node:
    """A node of the article tree (article, section, clause, point, item or paragraph)."""

    kind: NodeKind
    label: str | None
    title: str | None
    text: str
    lines: list[int]
    raw: str = ""
    page: int | None = None
    children: list[Node] = field(default_factory=list)
    table: list[list[str]] | None = None  # rows of cells when the node is a table
    table_lines: list[int] | None = None  # source line of each table row
    # page of each table row (PDF; not in the JSON: the rows' records cite it), so that a table
    # running over several pages gives each row's indicator its own page
    table_pages: list[int | None] | None = None
    # last source line of each table row (not in the JSON): a row whose cells wrap over lines (a
    # grid, HTML or cell-per-line table) is cited from its first line to its last
    table_ends: list[int] | None = None


    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "label": self.label,
            "title": self.title,
            "text": self.text,
            "raw": self.raw,
            "lines": list(self.lines),
        }
        if self.page is not None:
            out["page"] = self.page
        if self.table is not None:
            out["table"] = [list(r) for r in self.table]
            out["table_lines"] = list(self.table_lines or [])
        out["children"] = [c.to_dict() for c in self.children]
        return out

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(slots=True)
class Signer:
    authority: str | None
    title: str | None
    name: str | None
    lines: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Metadata:
    doc_type: str | None = None
    number: str | None = None
    issuer: str | None = None
    province: str | None = None
    term: int | None = None
    session: int | None = None
    place: str | None = None
    date: str | None = None
    adopted_date: str | None = None
    title: str | None = None
    legal_bases: list[str] = field(default_factory=list)
    considerations: list[str] = field(default_factory=list)
    legal_basis_lines: list[list[int]] = field(default_factory=list)  # [first, last] of each basis
    consideration_lines: list[list[int]] = field(default_factory=list)
    signer: Signer | None = None
    # field name -> [first, last] source lines, so every value can be checked
    provenance: dict[str, list[int]] = field(default_factory=dict)


@dataclass(slots=True)
class Recipient:
    name: str
    note: str | None
    line: int
    raw: str
    expanded: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Indicator:
    """One socio-economic indicator (or prose target); fields read by the gold scorer."""

    name: str
    group: str | None
    parent: str | None
    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    comparator: str | None
    direction: str | None
    approximate: bool
    year: int | None
    baseline: str | None
    raw: str
    lines: list[int]
    node: list[str]
    source: IndicatorSource
    code: str | None = None
    note: str | None = None
    page: int | None = None
    # What the figure is: "target" (a plan, a goal), "estimate" (an expected result, "ước thực
    # hiện") or "actual" (a result, "thực hiện"); None when neither words nor column say.
    role: Role | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Source:
    """What was read: the "source" object of the output.

    `path_bytes` holds the exact name (hex) when it is not UTF-8 (`names.with_name`); it appears
    in the JSON only then. `get` and `[]` answer as the dict this used to be did.
    """

    path: str | None
    format: Format
    sha256: str | None
    lines: int
    pages: int | None = None
    ocr_pages: list[int] = field(default_factory=list)
    path_bytes: str | None = None

    @classmethod
    def named(cls, path: str | None, **rest: Any) -> Source:
        """A record for the file `path` as the OS gave it (surrogate-escaped names kept exactly)."""
        name = with_name({}, "path", path)
        return cls(path=name["path"], path_bytes=name.get("path_bytes"), **rest)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path}
        if self.path_bytes is not None:
            out["path_bytes"] = self.path_bytes
        out.update(format=self.format, sha256=self.sha256, lines=self.lines, pages=self.pages,
                   ocr_pages=list(self.ocr_pages))
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Source:
        return cls(path=data.get("path"), format=data["format"], sha256=data.get("sha256"), lines=data["lines"],
                   pages=data.get("pages"), ocr_pages=list(data.get("ocr_pages") or []),
                   path_bytes=data.get("path_bytes"))

    def get(self, key: str, default: Any = None) -> Any:
        return self.to_dict().get(key, default)

    def __getitem__(self, key: str) -> Any:
        return self.to_dict()[key]


@dataclass(slots=True)
class Document:
    source: Source
    metadata: Metadata
    articles: list[Node]
    recipients: list[Recipient]
    archive: list[str]
    indicators: list[Indicator] = field(default_factory=list)
    targets: list[Indicator] = field(default_factory=list)
    warnings: list[WarningRecord] = field(default_factory=list)  # serialised as their messages
    appendix: list[Node] = field(default_factory=list)  # tables and text after the signature
    schema_version: str = SCHEMA_VERSION

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """Records again from an output (`to_dict`, or the JSON loaded), so that consumers
        (export, review, the CLI) work on types, not on raw dicts.

        The JSON keeps each warning's message only: it comes back as a WarningRecord whose code
        is recovered from the wording by the table in grammars/triage.toml ("other" where the
        table does not know it), and writes out the same.
        """
        if not isinstance(data, dict):
            raise TypeError(f"a document is a JSON object, not {type(data).__name__}")
        return cls(
            source=Source.from_dict(data["source"]),
            metadata=records.record(Metadata, data["metadata"]),
            articles=[records.record(Node, n) for n in data["articles"]],
            recipients=[records.record(Recipient, r) for r in data["recipients"]],
            archive=list(data["archive"]),
            indicators=[records.record(Indicator, i) for i in data["indicators"]],
            targets=[records.record(Indicator, i) for i in data["targets"]],
            warnings=[WarningRecord(warning_code(str(m)), str(m)) for m in data["warnings"]],
            appendix=[records.record(Node, n) for n in data["appendix"]],
            schema_version=data["schema_version"],
        )

    @classmethod
    def from_json(cls, data: bytes | str) -> Document:
        """`from_dict` of a JSON document (what `to_json` or `nqparser convert` wrote)."""
        import orjson

        return cls.from_dict(orjson.loads(data))

    def to_dict(self) -> dict[str, Any]:
        """Plain dicts and lists all the way down (for callers that edit or inspect the data)."""
        return self._payload(asdict)

    def to_json(self, *, indent: bool = True) -> bytes:
        """The same content as to_dict, serialised by orjson.

        orjson writes dataclasses natively, in field order, exactly as `asdict` would; handing it
        the records themselves halves the cost of an output (asdict deep-copies every value).
        """
        from .serialize import dumps

        return dumps(self._payload(_as_is), indent=indent)

    def _payload(self, record: Any) -> dict[str, Any]:
        return {
            "schema_version": self.schema_version,
            "source": self.source.to_dict(),
            "warnings": [w.message for w in self.warnings],
            "metadata": record(self.metadata),
            "articles": [n.to_dict() for n in self.articles],
            "recipients": [record(r) for r in self.recipients],
            "archive": list(self.archive),
            "indicators": [record(i) for i in self.indicators],
            "targets": [record(i) for i in self.targets],
            "appendix": [n.to_dict() for n in self.appendix],
        }


def _as_is(record: Any) -> Any:
    return record
