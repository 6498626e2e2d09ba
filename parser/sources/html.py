"""HTML input (.htm, .html): Word's "Save as Web Page", LibreOffice exports, legal-portal pages.

Why lxml's HTML parser rather than regexes or the text reader: these files declare their charset
(Word writes windows-1252 and spells every Vietnamese letter as an entity), nest paragraphs in
tables and lists, and carry scripts, styles and site navigation that are not the document. lxml
(libxml2) recovers from the tag soup, resolves entities and gives a tree to walk.

Why the DOCX reader's emitter: an HTML rendering must give the same records as the .docx of the
same document, so the tree is turned into the DOCX reader's own paragraphs and tables
(`docx._Para`, `docx._TableInfo`) and emitted by `docx._Emitter` — the same header/signature
layout tables read column by column, the same data tables as pipe rows plus `Table`s, the same
line numbers. List numbering (`<ol>`, `<li value>`) becomes the label Word would show ("1.",
"a)"), as the DOCX reader does with numbering.xml.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import roman
from ..errors import ParseError, WarningRecord
from ..limits import Limits
from ..model import SourceText
from .files import check_size, read_limited

DEFAULT_MAX_BYTES = 50 * 1024 * 1024

# Not the document: code, styling, forms and the site furniture of portal pages.
DROP_TAGS = frozenset({
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "iframe", "object", "embed",
    "svg", "canvas", "form", "button", "select", "textarea", "input", "nav", "header", "footer", "aside", "menu",
})
DROP_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "menu", "menubar", "toolbar"})
# class/id tokens of site furniture; whole tokens only, so "content-menu-item" inside a document
# body (rare) is not dropped by a substring.
DROP_TOKENS = frozenset({"menu", "nav", "navbar", "navigation", "breadcrumb", "breadcrumbs", "sidebar",
                         "footer", "header", "share", "social", "cookie", "banner", "advert", "ads"})
BLOCK_TAGS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "dl", "ul", "ol", "blockquote", "pre",
    "address", "center", "section", "article", "main", "body", "html", "hr", "figure", "figcaption", "caption",
    "table", "tr", "td", "th",
})
BULLETS = ("-", "+")  # a bullet list, and one nested in it: the dashes Vietnamese documents type
_SPACES = str.maketrans("\r\n\t\f", "    ")
BOLD_TAGS = frozenset({"b", "strong", "h1", "h2", "h3", "h4", "h5", "h6"})

_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]{0,200}\?>")
_WEIGHT = re.compile(r"font-weight\s*:\s*([a-z0-9]+)", re.IGNORECASE)
_ALIGN_CENTER = re.compile(r"text-align\s*:\s*center", re.IGNORECASE)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all", re.IGNORECASE)
_BORDER = re.compile(r"border(?:-[a-z]+)?\s*:\s*([^;]*)", re.IGNORECASE)
_NO_BORDER = re.compile(r"^\s*(?:none|0|0[a-z]*|hidden)(?:\s|$)", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The codec a page declares (BOM, then <meta charset> / http-equiv in its first 8 KB)."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    m = _CHARSET.search(data[:8192])
    if not m:
        return None
    name = m.group(1).decode("ascii").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(data: bytes, path: str) -> tuple[str, list[WarningRecord]]:
    """Text of the page by its declared charset; undeclared: UTF-8, else windows-1252 (Word's default)."""
    warnings: list[WarningRecord] = []
    charset = declared_charset(data)
    if charset is not None:
        text = data.decode(charset, errors="replace")
        if "\ufffd" in text:
            warnings.append(WarningRecord("html_charset_invalid",
                                          f"HTML is not valid {charset} as declared; unreadable bytes replaced"))
        return text, warnings
    try:
        return data.decode("utf-8"), warnings
    except UnicodeDecodeError:
        warnings.append(WarningRecord("html_charset_guessed",
                                      "HTML declares no charset and is not UTF-8: read as windows-1252"))
        return data.decode("cp1252", errors="replace"), warnings


def _tag(el: Any) -> str | None:
    tag = el.tag
    if not isinstance(tag, str):
        return None  # comment, processing instruction (Word's conditional comments)
    return tag.rsplit(":", 1)[-1].lower() if ":" in tag else tag.lower()


def _dropped(el: Any, tag: str) -> bool:
    if tag in DROP_TAGS:
        return True
    style = el.get("style")
    if style and _HIDDEN.search(style):
        return True
    if el.get("hidden") is not None or (el.get("role") or "").lower() in DROP_ROLES:
        return True
    tokens = set((el.get("class") or "").lower().split()) | {(el.get("id") or "").lower()}
    return bool(tokens & DROP_TOKENS)


def _bold(el: Any, tag: str, inherited: bool) -> bool:
    style = el.get("style")
    if style:
        m = _WEIGHT.search(style)
        if m:
            value = m.group(1).lower()
            if value in ("bold", "bolder") or (value.isdigit() and int(value) >= 600):
                return True
            if value in ("normal", "lighter") or value.isdigit():
                return False
    return inherited or tag in BOLD_TAGS


def _centered(el: Any, tag: str, inherited: bool) -> bool:
    if tag == "center" or (el.get("align") or "").lower() == "center":
        return True
    style = el.get("style")
    return bool(style and _ALIGN_CENTER.search(style)) or inherited


def _list_label(kind: str, n: int) -> str:
    """The label Word shows for item n of a list: "1." "a)" "A." "I." "i." or "-" for bullets."""
    if kind == "1":
        return f"{n}."
    if kind in ("a", "A"):
        letters = ""
        while n > 0:
            n, r = divmod(n - 1, 26)
            letters = chr(ord("a") + r) + letters
        return f"{letters})" if kind == "a" else f"{letters.upper()}."
    if kind in ("i", "I"):
        numeral = roman.format(n) if 0 < n <= roman.MAX_VALUE else ""
        return f"{numeral.lower()}." if kind == "i" else f"{numeral}."
    return kind if kind in BULLETS else "-"


@dataclass(slots=True)
class _List:
    kind: str  # "1" "a" "A" "i" "I", or a bullet ("-", "+" when nested) for <ul>
    counter: int


@dataclass(slots=True)
class _Buffer:
    """Inline text of the paragraph being read."""

    parts: list[tuple[str, bool]] = field(default_factory=list)
    centered: bool = False


class _Walker:
    """Turns an lxml HTML tree into the DOCX reader's paragraphs and tables."""

    def __init__(self) -> None:
        self.table_count = 0

    def blocks(self, container: Any, *, in_cell: bool) -> list[Any]:
        items: list[Any] = []
        buf = _Buffer()
        lists: list[_List] = []
        pending: list[str | None] = [None]  # the label of the list item whose first paragraph is next
        count = [0]

        def flush() -> None:
            para = self._paragraph(buf, count[0] + 1, split=in_cell or buf.centered, label=pending[0])
            buf.parts.clear()
            buf.centered = False
            if para is not None:
                count[0] += 1
                pending[0] = None
                items.append(para)

        def text(value: str | None, bold: bool, centered: bool, *, brk: bool = False) -> None:
            """Append inline text; source newlines are spaces in HTML, only <br> breaks a line."""
            if value:
                if not brk:
                    value = value.translate(_SPACES)
                if not buf.parts:
                    buf.centered = centered
                buf.parts.append((value, bold))

        def visit(el: Any, bold: bool, centered: bool) -> None:
            tag = _tag(el)
            if tag is None or _dropped(el, tag):
                return
            if tag == "br":
                text("\n", bold, centered, brk=True)
                return
            if tag == "table":
                flush()
                items.append(self.table(el))
                return
            here_bold = _bold(el, tag, bold)
            here_center = _centered(el, tag, centered)
            block = tag in BLOCK_TAGS
            if block:
                flush()
            pushed = False
            if tag in ("ol", "ul"):
                nested = any(lst.kind in BULLETS for lst in lists)
                kind = BULLETS[nested] if tag == "ul" else (el.get("type") or "1")
                start = _int(el.get("start"), 1)
                lists.append(_List(kind if kind in ("1", "a", "A", "i", "I", *BULLETS) else "1", start - 1))
                pushed = True
            elif tag == "li":
                if lists:
                    current = lists[-1]
                    current.counter = _int(el.get("value"), current.counter + 1)
                    pending[0] = _list_label(current.kind, current.counter)
                else:
                    pending[0] = "-"
            text(el.text, here_bold, here_center)
            for child in el:
                visit(child, here_bold, here_center)
                text(child.tail, here_bold, here_center)
            if block:
                flush()
            if pushed:
                lists.pop()

        root_bold = _bold(container, _tag(container) or "", False)
        root_center = _centered(container, _tag(container) or "", False)
        text(container.text, root_bold, root_center)
        for child in container:
            visit(child, root_bold, root_center)
            text(child.tail, root_bold, root_center)
        flush()
        return items

    @staticmethod
    def _paragraph(buf: _Buffer, index: int, *, split: bool, label: str | None) -> Any:
        from .docx import _normalise, _Para

        visible = [(t, b) for t, b in buf.parts if t.strip()]
        if not visible:
            return None
        raw = "".join(t for t, _b in buf.parts)
        if split:
            lines = [t for t in (_normalise(x) for x in raw.split("\n")) if t]
        else:
            lines = [_normalise(raw.replace("\n", " "))]
        if not lines or not lines[0]:
            return None
        if label:
            lines[0] = f"{label} {lines[0]}"
        return _Para(lines=lines, bold=all(b for _t, b in visible), index=index)

    def table(self, tbl: Any) -> Any:
        from .docx import _TableCell, _TableInfo

        self.table_count += 1
        info = _TableInfo(index=self.table_count, rows=[], ncols=0, bordered=_bordered_attr(tbl))
        spanning: dict[int, tuple[int, int]] = {}  # grid column → (rows still covered, span) of a rowspan
        bordered_cells = total = 0
        for tr in _rows(tbl):
            row: list[Any] = []
            col = position = 0
            started: dict[int, tuple[int, int]] = {}

            def covered(row: list[Any] = row) -> None:
                """Continuation cells (DOCX vMerge) where a cell of a row above spans down."""
                nonlocal col, position
                while col in spanning:
                    span = spanning[col][1]
                    position += 1
                    row.append(_TableCell(items=[], col=col, span=span, vmerge="continue", position=position))
                    col += span

            for td in tr:
                tag = _tag(td)
                if tag not in ("td", "th") or _dropped(td, tag):
                    continue
                covered()
                span = max(1, _int(td.get("colspan"), 1))
                down = max(1, _int(td.get("rowspan"), 1))
                position += 1
                total += 1
                if _cell_bordered(td):
                    bordered_cells += 1
                items = self.blocks(td, in_cell=True)
                row.append(_TableCell(items=items, col=col, span=span, vmerge="restart" if down > 1 else None,
                                      position=position))
                if down > 1:
                    started[col] = (down - 1, span)
                col += span
            for c in sorted(spanning):  # covered columns after the row's last cell
                if c >= col:
                    col = c
                    covered()
            for c, (left, span) in list(spanning.items()):
                if left <= 1:
                    del spanning[c]
                else:
                    spanning[c] = (left - 1, span)
            spanning.update(started)
            if row:
                info.rows.append(row)
                info.ncols = max(info.ncols, col)
                info.max_cells = max(info.max_cells, len(row))
        info.bordered = info.bordered or (total > 0 and bordered_cells * 2 > total)
        return info


def _rows(tbl: Any) -> list[Any]:
    """The table's own rows (inside thead/tbody/tfoot or direct), not those of nested tables."""
    out = []
    for child in tbl:
        tag = _tag(child)
        if tag == "tr":
            out.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            out.extend(c for c in child if _tag(c) == "tr")
    return out


def _bordered_attr(tbl: Any) -> bool:
    border = tbl.get("border")
    if border is not None and border.strip() not in ("", "0"):
        return True
    return _cell_bordered(tbl)


def _cell_bordered(el: Any) -> bool:
    style = el.get("style") or ""
    return any(not _NO_BORDER.match(m.group(1)) for m in _BORDER.finditer(style))


def _int(text: str | None, default: int) -> int:
    try:
        return int(str(text).strip()) if text is not None else default
    except ValueError:
        return default


def read_html(path: Path, limits: Limits | None = None) -> SourceText:
    """Read an .htm/.html file into lines in reading order, with data tables, as DOCX does."""
    path = Path(path)
    data = read_limited(path, Limits.resolve(limits).max_bytes or DEFAULT_MAX_BYTES)
    return html_from_bytes(data, str(path), limits)


def html_from_bytes(data: bytes, spath: str, limits: Limits | None = None) -> SourceText:
    """read_html on bytes already in memory (`spath` names them in errors and in the record)."""
    import lxml.etree
    import lxml.html

    from .docx import _Emitter

    check_size(data, Limits.resolve(limits).max_bytes or DEFAULT_MAX_BYTES, spath)
    if not data.strip(b"\x00 \t\r\n"):
        raise ParseError("file is empty", spath)
    if data.startswith(b"%PDF"):
        raise ParseError("content is a PDF, not HTML; give it a .pdf extension", spath)
    if data.startswith(b"PK\x03\x04"):
        raise ParseError("content is a ZIP (DOCX?) file, not HTML; give it a .docx extension", spath)
    text, warnings = decode_html(data, spath)
    text = unicodedata.normalize("NFC", _XML_DECL.sub("", text, count=1))
    try:
        # huge_tree: without it libxml2 silently drops everything nested deeper than 256 levels
        root = lxml.html.document_fromstring(text, parser=lxml.html.HTMLParser(huge_tree=True))
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ParseError(f"not a readable HTML page ({exc})", spath) from exc
    body = root.find("body")
    if body is None:
        body = root
    walker = _Walker()
    emitter = _Emitter()
    try:
        emitter.items(walker.blocks(body, in_cell=False), None)
    except RecursionError:
        raise ParseError("HTML nests elements too deeply to read (hundreds of levels)", spath) from None
    if not emitter.lines:
        warnings.append(WarningRecord("empty_body", "HTML has no text in its body"))
    return SourceText(lines=emitter.lines, format="html", path=spath, sha256=hashlib.sha256(data).hexdigest(),
                      tables=emitter.tables, warnings=warnings)
