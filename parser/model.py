"""Record types shared by every stage.

Data flows one way: a reader makes a `SourceText` (lines with provenance), the cleaner makes
`Line`s, the segmenter makes `Node`s, the extractors make records, and `Document` gathers them.
Every record keeps the source line numbers (and page for PDF) so a person can check it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .errors import WarningRecord

SCHEMA_VERSION = "1.0"


@dataclass(frozen=True, slots=True)
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
    format: str  # "text" | "docx" | "pdf"
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

    @property
    def span(self) -> list[int]:
        return [self.first, self.last]


@dataclass(slots=True)
class Node:
    """A node of the article tree (article, section, clause, point, item or paragraph)."""

    kind: str
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

    def walk(self):
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
    source: str  # "list" | "table" | "prose"
    code: str | None = None
    note: str | None = None
    page: int | None = None
    # What the figure is: "target" (a plan, a goal), "estimate" (an expected result, "ước thực
    # hiện") or "actual" (a result, "thực hiện"); None when neither words nor column say.
    role: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Document:
    source: dict[str, Any]
    metadata: Metadata
    articles: list[Node]
    recipients: list[Recipient]
    archive: list[str]
    indicators: list[Indicator] = field(default_factory=list)
    targets: list[Indicator] = field(default_factory=list)
    warnings: list[WarningRecord] = field(default_factory=list)  # serialised as their messages
    appendix: list[Node] = field(default_factory=list)  # tables and text after the signature
    schema_version: str = SCHEMA_VERSION

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
            "source": dict(self.source),
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
