"""DOCX reader: WordprocessingML straight from the ZIP with lxml, in reading order.

Why not python-docx's object model: it drops Word automatic numbering ("1.", "a)", "-" live in
numbering.xml, not in the text), skips tables in `doc.paragraphs`, and parses every part of the
package (including the 400 KB stylesWithEffects.xml that python-docx templates carry). Reading
only document.xml, numbering.xml and the styles the document uses with lxml is ~3.5x faster
than a bare python-docx walk (about 6 ms against 23 ms a document on the shared samples, see
bench/bench_docx.py) and lets us resolve numbering, bold and hidden text as Word displays them.

What the reader promises (see `read_docx`):

* One `SourceLine` per non-empty paragraph; `number` is the running 1-based index of the output.
  Locators are 1-based: "paragraph N" (N counts every body-level paragraph, empty ones too, so
  it points into the document), "table T row R cell C paragraph P" for paragraphs of layout
  tables (T counts every table, nested ones included, in document order; C is the position of
  the cell in its row) and "table T row R" for rows of data tables.
* Automatic numbering is resolved and prepended as "label text" (label then one space, whatever
  the level's suffix says, because the segmenter expects "1. Text"). Bullets become "-" ("+"
  when the level text is "+"). Counters run in document order, per list: nums that share an
  abstractNum and carry no `startOverride` continue one list (as Word does); a num with a
  `startOverride` is its own list. A level restarts when a higher level advances (or per
  `lvlRestart`).
* A header or Nơi nhận | signature block typed without a table, its two columns aligned with
  runs of spaces and tabs, is read like a layout table (left column, then right): see
  `_space_columns` and `_aligned_block_end`. Any other run of spaces or tabs becomes one space.
* Soft breaks (`w:br`, `w:cr`) become a space, except in title blocks (centred paragraphs and
  paragraphs in layout-table cells), where they split the paragraph into several lines sharing
  its locator, because "HỘI ĐỒNG NHÂN DÂN<br>TỈNH X" are two header lines. Tabs, no-break spaces
  and runs of spaces become one space; text is NFC-normalised.
* `bold` is True when every run with visible text is bold; run properties are resolved as direct
  formatting > character style chain > paragraph style chain > document defaults (the "toggle"
  semantics of `w:b` across style levels are not modelled). Hidden runs (`w:vanish`) are dropped
  and `w:caps` runs are upper-cased, as Word shows them.
* Tables are "layout" or "data", decided by `_is_layout_table`:
    1. one grid column: layout (a framed paragraph, not a table of values);
    2. a Decree 30 anchor (national motto, "Nơi nhận", "TM."/"KT." signature, "Số:") in a table
       of at most 3 columns: layout;
    3. a first row with a header anchor (STT, Chỉ tiêu, Đơn vị tính, Kế hoạch …): data;
    4. three or more columns: data;
    5. visible borders (direct, from the table style chain, or on most cells): data;
    6. otherwise (borderless, two columns): layout.
  Layout tables are read cell by cell: the whole left column top to bottom, then the next column;
  a row made of one full-width cell cuts the table into bands read separately. Data tables
  become `Table`s and one pipe line per row ("| 1 | GRDP | % | 8,5 |", written by
  `piperows.pipe_row`: "|" in a cell becomes "\\|"; cell paragraphs are joined by a space).
  Merged cells: a horizontally merged cell (gridSpan) keeps its text in its first column and
  leaves the spanned columns empty; a vertically merged cell (vMerge) repeats the text of the
  cell that starts the merge, so each row stands on its own. Rows with no text are dropped.
* Page headers/footers, footnotes, comments, text boxes and embedded objects are not read
  (text boxes are counted in a warning).
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import roman
from ..errors import ParseError, WarningRecord
from ..limits import Limits
from ..lines import holds_layout_anchor, is_header_cell
from ..model import Cell, SourceLine, SourceText, Table
from ..piperows import pipe_row
from .files import check_size, read_limited

DEFAULT_MAX_BYTES = 50 * 1024 * 1024  # the file itself, as for text files
DEFAULT_MAX_UNZIPPED = 200 * 1024 * 1024  # all parts together, as declared and as read
MAX_XML_PART = 64 * 1024 * 1024  # one XML part we parse (lxml trees cost ~5-10x the bytes)
MAX_ZIP_ENTRIES = 10_000

W_MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL_TAG = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")

_OFF = {"0", "false", "off", "none"}
_NO_BORDER = {"nil", "none"}
_BORDER_EDGES = ("top", "left", "bottom", "right", "insideH", "insideV", "start", "end")

# Zero-width characters render as nothing (whitespace runs are collapsed by str.split()).
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_LEVEL_REF = re.compile(r"%([1-9])")
# Space/tab-aligned columns in a body paragraph (see _space_columns).
COLUMN_GAP_SPACES = 6  # a gap this wide (in spaces) separates two columns; sentences use 1-2
_GAP_RE = re.compile(f" {{{COLUMN_GAP_SPACES},}}")
COLUMN_TAB_SPACES = 8  # the spaces one tab counts for
RIGHT_COLUMN_MIN = 24  # the right column starts at least this far in ("Điều 1.<tab>Nội dung" does not)

# Layout-table anchors and data-table header cells: lines.holds_layout_anchor and
# lines.is_header_cell (the rules "layout_cell" and "header_cell" of grammars/structure.toml).


# --------------------------------------------------------------------------- XML helpers


class _Tags:
    """Clark-notation tag names for one WordprocessingML namespace (transitional or strict)."""

    def __getattr__(self, name: str) -> str:
        """Only for the type checker: every tag is set in __init__ (a missing one is a bug)."""
        raise AttributeError(name)

    def __init__(self, ns: str) -> None:
        self.ns = ns
        q = "{" + ns + "}"
        for name in (
            "body p pPr pStyle numPr numId ilvl jc r rPr rStyle t tab ptab br cr noBreakHyphen "
            "softHyphen sym tbl tblPr tblStyle tblBorders tblGrid gridCol tr trPr gridBefore tc tcPr "
            "gridSpan vMerge tcBorders sdt sdtContent customXml hyperlink ins moveTo smartTag "
            "fldSimple dir bdo b caps vanish val type styleId basedOn style default docDefaults "
            "rPrDefault abstractNum abstractNumId num lvl start numFmt lvlText lvlRestart isLgl "
            "lvlOverride startOverride numStyleLink styleLink drawing pict txbxContent altChunk "
            "object"
        ).split():
            setattr(self, name, q + name)
        self.container_runs = frozenset(
            {self.hyperlink, self.ins, self.moveTo, self.smartTag, self.customXml,
             self.fldSimple, self.dir, self.bdo, self.sdt, self.sdtContent}
        )


@lru_cache(maxsize=4)
def _tags(ns: str) -> _Tags:
    return _Tags(ns)


def _xml_parser() -> Any:
    """A parser that never fetches or expands anything (XXE / entity bombs)."""
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
        remove_comments=True, remove_pis=True,
    )


def _attr(el: Any, w: _Tags, name: str = "val") -> str | None:
    if el is None:
        return None
    return el.get(getattr(w, name))


def _on(el: Any, w: _Tags) -> bool | None:
    """Tri-state of a boolean property element: None when absent, else its value."""
    if el is None:
        return None
    val = el.get(w.val)
    return val is None or val.lower() not in _OFF


def _child(el: Any, tag: str) -> Any:
    """First child with `tag`. lxml's find() runs ElementPath in Python (~4 us a call); a plain
    loop over the few children of a w:p, w:pPr or w:rPr is several times faster."""
    for c in el:
        if c.tag == tag:
            return c
    return None


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


# Caps on numbers read from the XML whose cost grows with their value, not with the file size
# (a 2 KB part with w:start=2e9 rendered 77-million-letter labels): Word's own limits.
MAX_LIST_START = 32767  # w:start, w:startOverride (Word refuses more)
MAX_LEVEL_TEXT = 255  # characters of w:lvlText (Word's field holds far fewer)
MAX_GRID_SPAN = 63  # w:gridSpan, w:gridBefore (Word tables have at most 63 columns)
MAX_LETTER_COUNTER = 780  # Word's last letter label (30 z's); a counter past it is shown as a number


def _capped(text: str | None, default: int, cap: int) -> int:
    """_int, clamped to [0, cap]."""
    return max(0, min(_int(text, default), cap))


# --------------------------------------------------------------------------- package access


class _Package:
    """Bounded access to the parts of the ZIP container (zip-bomb and corruption safe)."""

    def __init__(self, zf: zipfile.ZipFile, path: str, max_unzipped: int) -> None:
        self.zf = zf
        self.path = path
        self.remaining = max_unzipped
        self.max_unzipped = max_unzipped
        infos = zf.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise ParseError(f"DOCX has {len(infos)} ZIP entries, over the limit of {MAX_ZIP_ENTRIES}",
                             path)
        declared = sum(i.file_size for i in infos)
        if declared > max_unzipped:
            raise ParseError(
                f"DOCX would decompress to {declared} bytes, over the limit of {max_unzipped} "
                "(possible ZIP bomb)", path)
        self.names = {i.filename for i in infos}
        for info in infos:
            if info.flag_bits & 0x1:
                raise ParseError("DOCX is password-protected", path)

    def read(self, name: str) -> bytes | None:
        """Read one part, stopping as soon as it exceeds the caps whatever its header claims."""
        if name not in self.names:
            return None
        limit = min(self.remaining, MAX_XML_PART)
        try:
            with self.zf.open(name) as fh:
                data = fh.read(limit + 1)
        except RuntimeError as exc:  # zipfile: "File ... is encrypted"
            raise ParseError("DOCX is password-protected", self.path) from exc
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError,
                NotImplementedError) as exc:
            raise ParseError(f"not a valid DOCX (ZIP) file: {name} is corrupt or truncated",
                             self.path) from exc
        if len(data) > limit:
            if limit == MAX_XML_PART:
                raise ParseError(f"{name} is over {MAX_XML_PART} bytes uncompressed", self.path)
            raise ParseError(
                f"DOCX decompresses to more than {self.max_unzipped} bytes (possible ZIP bomb)",
                self.path)
        self.remaining -= len(data)
        return data

    def xml(self, name: str) -> Any:
        data = self.read(name)
        if data is None:
            return None
        return self.parse(data, name)

    def parse(self, data: bytes, name: str) -> Any:
        """Parse XML bytes safely; bad XML becomes a ParseError naming the part."""
        # The whole part, not its head: a long comment or processing instruction first pushed a
        # DOCTYPE past a prefix check (one linear scan, cheap next to the parse).
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            raise ParseError(f"{name} declares a DTD, which Word never writes; refusing it", self.path)
        from lxml import etree

        try:
            return etree.fromstring(data, _xml_parser())
        except etree.XMLSyntaxError as exc:
            raise ParseError(f"corrupt DOCX: {name} is not well-formed XML ({' '.join(str(exc.msg).split())})",
                             self.path) from exc

    def relationships(self, part: str) -> dict[str, str]:
        """Relationship type suffix -> target part name, for `part` ("" for the package)."""
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        root = self.xml(rels_name)
        out: dict[str, str] = {}
        if root is None:
            return out
        for rel in root.iter(REL_TAG):
            if rel.get("TargetMode") == "External":
                continue
            rtype = (rel.get("Type") or "").rsplit("/", 1)[-1]
            target = rel.get("Target") or ""
            if target.startswith("/"):
                name = target.lstrip("/")
            else:
                name = posixpath.normpath(posixpath.join(folder, target))
            out.setdefault(rtype, name)
        return out


# --------------------------------------------------------------------------- styles


@dataclass(slots=True)
class _Style:
    based_on: str | None = None
    run: dict[str, bool] = field(default_factory=dict)  # b / caps / vanish
    jc: str | None = None
    num_id: str | None = None
    ilvl: int | None = None
    borders: dict[str, bool] = field(default_factory=dict)  # table styles: edge -> visible


class _Styles:
    """Paragraph, character and table styles, each parsed only when the document uses it.

    Why lazy: Word and python-docx templates carry 150-300 latent styles (styles.xml of 350 KB
    costs ~10 ms to parse and ~7 ms to walk, most of the time spent on one document), while a
    resolution uses a dozen. The byte scan finds each `<w:style>` element (they never nest) and
    only those reached from the document and their basedOn chains are parsed. Anything unusual
    (another prefix for the namespace, attributes not in double quotes) falls back to parsing
    the whole part.
    """

    def __init__(self, data: bytes | None, w: _Tags, parse: Any) -> None:
        self.w = w
        self._parse = parse  # bytes -> element, raising ParseError on bad XML
        self._elements: dict[str, Any] = {}  # full parse: styleId -> element
        self._spans: dict[str, tuple[int, int]] = {}  # lazy: styleId -> byte span
        self._data = data or b""
        self._wrap = (b"", b"")
        self._styles: dict[str, _Style | None] = {}
        self._resolved: dict[str, _Style] = {}
        self.default_para: str | None = None
        self.default_table: str | None = None
        self.defaults: dict[str, bool] = {}
        if data is None:
            return
        if not self._index(data):
            self._load_tree(parse(data))

    def _index(self, data: bytes) -> bool:
        root = re.search(rb"<(?:([A-Za-z_][\w.\-]*):)?styles\b[^>]*>", data[:8192])
        if root is None:
            return False
        prefix = root.group(1) or b""
        ns = self.w.ns.encode()
        decl = b"xmlns:" + prefix + b'="' + ns + b'"' if prefix else b'xmlns="' + ns + b'"'
        if decl not in root.group(0):
            return False
        pfx = prefix + b":" if prefix else b""
        close_root = b"</" + pfx + b"styles>"
        self._wrap = (root.group(0), close_root)
        start_re = re.compile(rb"<" + re.escape(pfx) + rb"style[\s>/]")
        end_tag = b"</" + pfx + b"style>"
        attr_re = re.compile(rb"\s" + re.escape(pfx) + rb'(styleId|type|default)="([^"&]*)"')
        pos = root.end()
        dd_start = data.find(b"<" + pfx + b"docDefaults", pos)
        if dd_start != -1:
            dd_end = data.find(b"</" + pfx + b"docDefaults>", dd_start)
            if dd_end == -1:
                return False
            dd = self._chunk(dd_start, dd_end + len(pfx) + len(b"</docDefaults>"))
            rpd = _child(dd, self.w.rPrDefault) if dd is not None else None
            if rpd is not None:
                self.defaults = self.run_props(_child(rpd, self.w.rPr))
        for m in start_re.finditer(data, pos):
            gt = data.find(b">", m.start())
            if gt == -1:
                return False
            if data[gt - 1:gt] == b"/":
                continue  # an empty <w:style/>: nothing to inherit
            end = data.find(end_tag, gt)
            if end == -1 or start_re.search(data, gt, end):
                # unclosed, or another style opens before this one ends (they never nest): parse
                # the whole part; searching on from each unclosed tag to a far end tag was O(n²)
                return False
            attrs = {k: v for k, v in attr_re.findall(data[m.start():gt])}
            sid = attrs.get(b"styleId")
            if sid is None:
                return False
            sid_s = sid.decode("utf-8", "replace")
            self._spans.setdefault(sid_s, (m.start(), end + len(end_tag)))
            if attrs.get(b"default") in (b"1", b"true", b"on"):
                if attrs.get(b"type") == b"paragraph":
                    self.default_para = sid_s
                elif attrs.get(b"type") == b"table":
                    self.default_table = sid_s
        return True

    def _chunk(self, start: int, end: int) -> Any:
        root = self._parse(self._wrap[0] + self._data[start:end] + self._wrap[1])
        return root[0] if len(root) else None

    def _load_tree(self, root: Any) -> None:
        w = self.w
        if root is None:
            return
        dd = _child(root, w.docDefaults)
        rpd = _child(dd, w.rPrDefault) if dd is not None else None
        if rpd is not None:
            self.defaults = self.run_props(_child(rpd, w.rPr))
        for st in root.iterchildren(w.style):
            sid = st.get(w.styleId)
            if sid is None:
                continue
            self._elements.setdefault(sid, st)
            if st.get(w.default) in ("1", "true", "on"):
                if st.get(w.type) == "paragraph":
                    self.default_para = sid
                elif st.get(w.type) == "table":
                    self.default_table = sid

    def style(self, sid: str) -> _Style | None:
        """One style's own properties (without inheritance), parsed on first use."""
        if sid in self._styles:
            return self._styles[sid]
        st = self._elements.get(sid)
        if st is None and sid in self._spans:
            st = self._chunk(*self._spans[sid])
        out = None if st is None else self._build(st)
        self._styles[sid] = out
        return out

    def _build(self, st: Any) -> _Style:
        w = self.w
        s = _Style(based_on=_attr(_child(st, w.basedOn), w))
        s.run = self.run_props(_child(st, w.rPr))
        ppr = _child(st, w.pPr)
        if ppr is not None:
            s.jc = _attr(_child(ppr, w.jc), w)
            numpr = _child(ppr, w.numPr)
            if numpr is not None:
                s.num_id = _attr(_child(numpr, w.numId), w)
                ilvl = _attr(_child(numpr, w.ilvl), w)
                s.ilvl = _int(ilvl, 0) if ilvl is not None else None
        tblpr = _child(st, w.tblPr)
        if tblpr is not None:
            s.borders = _border_edges(_child(tblpr, w.tblBorders), w)
        return s

    def run_props(self, rpr: Any) -> dict[str, bool]:
        """The tri-state run properties the reader cares about, as set on one rPr."""
        out: dict[str, bool] = {}
        if rpr is None:
            return out
        w = self.w
        for key, tag in (("b", w.b), ("caps", w.caps), ("vanish", w.vanish)):
            val = _on(_child(rpr, tag), w)
            if val is not None:
                out[key] = val
        return out

    def resolved(self, sid: str | None) -> _Style | None:
        """The style with everything inherited through basedOn merged in (cycles cut)."""
        if sid is None:
            return None
        hit = self._resolved.get(sid)
        if hit is not None:
            return hit
        chain: list[_Style] = []
        seen: set[str] = set()
        cur: str | None = sid
        while cur is not None and cur not in seen:
            style = self.style(cur)
            if style is None:
                break
            seen.add(cur)
            chain.append(style)
            cur = style.based_on
        if not chain:
            return None
        merged = _Style()
        for s in reversed(chain):
            merged.run.update(s.run)
            merged.borders.update(s.borders)
            if s.jc is not None:
                merged.jc = s.jc
            if s.num_id is not None:
                merged.num_id = s.num_id
                merged.ilvl = s.ilvl
            elif s.ilvl is not None:
                merged.ilvl = s.ilvl
        self._resolved[sid] = merged
        return merged


def _border_edges(borders: Any, w: _Tags) -> dict[str, bool]:
    out: dict[str, bool] = {}
    if borders is None:
        return out
    for edge in borders:
        if not isinstance(edge.tag, str):
            continue
        name = edge.tag.rsplit("}", 1)[-1]
        if name in _BORDER_EDGES:
            val = (edge.get(w.val) or "nil").lower()
            out[name] = val not in _NO_BORDER
    return out


# --------------------------------------------------------------------------- numbering


@dataclass(frozen=True, slots=True)
class _Level:
    start: int
    fmt: str
    text: str | None
    restart: int | None  # lvlRestart: None = default (restart after any higher level), 0 = never
    legal: bool


@dataclass(slots=True)
class _Num:
    abstract_id: str | None
    starts: dict[int, int]
    levels: dict[int, _Level]


def format_number(n: int, fmt: str) -> str:
    """Render a counter as Word does for the formats seen in official documents.

    lowerLetter follows Word (a … z, aa, bb …), not the Vietnamese point sequence (no đ, f, j,
    w, z skipping): the reader reports what the document displays.
    """
    if fmt in ("lowerLetter", "upperLetter") and 0 < n <= MAX_LETTER_COUNTER:
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman") and 0 < n < 4000:
        numeral = roman.format(n)
        return numeral.lower() if fmt == "lowerRoman" else numeral
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)  # decimal and everything exotic (ordinal text, CJK counting …)


class _Numbering:
    """numbering.xml plus the running counters of every list, advanced in document order."""

    def __init__(self, root: Any, w: _Tags, styles: _Styles) -> None:
        self.w = w
        self.styles = styles
        self.abstracts: dict[str, dict[int, _Level]] = {}
        self.abstract_style_link: dict[str, str] = {}  # abstractNum -> style id (numStyleLink)
        self.style_levels: dict[str, tuple[str, int]] = {}  # pStyle -> (abstractNumId, ilvl)
        self.nums: dict[str, _Num] = {}
        self.counters: dict[tuple[str, str], dict[int, int]] = {}
        if root is None:
            return
        for an in root.iterchildren(w.abstractNum):
            aid = an.get(w.abstractNumId)
            if aid is None:
                continue
            link = _attr(_child(an, w.numStyleLink), w)
            if link:
                self.abstract_style_link[aid] = link
            levels: dict[int, _Level] = {}
            for lvl in an.iterchildren(w.lvl):
                ilvl = _int(lvl.get(w.ilvl), 0)
                levels[ilvl] = self._level(lvl)
                pstyle = _attr(_child(lvl, w.pStyle), w)
                if pstyle:
                    self.style_levels[pstyle] = (aid, ilvl)
            self.abstracts[aid] = levels
        for num in root.iterchildren(w.num):
            nid = num.get(w.numId)
            if nid is None:
                continue
            n = _Num(abstract_id=_attr(_child(num, w.abstractNumId), w), starts={}, levels={})
            for ov in num.iterchildren(w.lvlOverride):
                ilvl = _int(ov.get(w.ilvl), 0)
                so = _attr(_child(ov, w.startOverride), w)
                if so is not None:
                    n.starts[ilvl] = _capped(so, 1, MAX_LIST_START)
                lvl = _child(ov, w.lvl)
                if lvl is not None:
                    n.levels[ilvl] = self._level(lvl)
            self.nums[nid] = n

    def _level(self, lvl: Any) -> _Level:
        w = self.w
        restart = _attr(_child(lvl, w.lvlRestart), w)
        lvl_text = _attr(_child(lvl, w.lvlText), w)
        return _Level(
            start=_capped(_attr(_child(lvl, w.start), w), 0, MAX_LIST_START),  # ECMA-376: no w:start means 0
            fmt=_attr(_child(lvl, w.numFmt), w) or "decimal",
            text=None if lvl_text is None else lvl_text[:MAX_LEVEL_TEXT],
            restart=_int(restart, 1) if restart is not None else None,
            legal=_on(_child(lvl, w.isLgl), w) or False,
        )

    def _abstract_levels(self, aid: str | None) -> tuple[str | None, dict[int, _Level]]:
        """Follow numStyleLink (abstractNum -> style -> num -> abstractNum) once or twice."""
        for _ in range(3):
            if aid is None:
                return None, {}
            link = self.abstract_style_link.get(aid)
            if not link or self.abstracts.get(aid):
                return aid, self.abstracts.get(aid, {})
            style = self.styles.resolved(link)
            num = self.nums.get(style.num_id) if style and style.num_id else None
            if num is None:
                return aid, self.abstracts.get(aid, {})
            aid = num.abstract_id
        return aid, self.abstracts.get(aid or "", {})

    def label(self, num_id: str, ilvl: int) -> str | None:
        """Advance the list counter for one numbered paragraph and return its visible label."""
        num = self.nums.get(num_id)
        if num is None:
            return None
        aid, levels = self._abstract_levels(num.abstract_id)
        if num.levels:
            levels = {**levels, **num.levels}
        lvl = levels.get(ilvl)
        if lvl is None:
            return None
        key = ("num", num_id) if num.starts or num.levels else ("abstract", aid or num_id)
        state = self.counters.setdefault(key, {})

        def start(i: int) -> int:
            if i in num.starts:
                return num.starts[i]
            lv = levels.get(i)
            return lv.start if lv else 1

        state[ilvl] = state[ilvl] + 1 if ilvl in state else start(ilvl)
        for deeper in [d for d in state if d > ilvl]:
            lv = levels.get(deeper)
            restart = lv.restart if lv else None
            if restart is None or (restart != 0 and ilvl < restart):
                del state[deeper]
        if lvl.fmt == "bullet":
            return "+" if (lvl.text or "").strip() == "+" else "-"
        if lvl.text is None:
            return None

        def repl(m: re.Match[str]) -> str:
            i = int(m.group(1)) - 1
            lv = levels.get(i)
            value = state.get(i, start(i))
            fmt = "decimal" if (lvl.legal and lv and lv.fmt != "bullet") else (lv.fmt if lv else "decimal")
            return format_number(value, fmt)

        text = _LEVEL_REF.sub(repl, lvl.text).strip()
        return text or None


# --------------------------------------------------------------------------- document walk


@dataclass(slots=True)
class _Para:
    lines: list[str]  # usually one; title blocks split at soft breaks
    bold: bool
    index: int  # 1-based position among the paragraphs of its container
    columns: tuple[str, str, int] | None = None  # space/tab-aligned (left, right, right's column)


@dataclass(slots=True)
class _TableCell:
    items: list[Any]  # _Para | _TableInfo
    col: int  # first grid column
    span: int
    vmerge: str | None  # "restart" | "continue" | None
    position: int  # 1-based position in the row


@dataclass(slots=True)
class _TableInfo:
    index: int
    rows: list[list[_TableCell]]
    ncols: int  # grid columns (cells can span several)
    bordered: bool
    max_cells: int = 0  # most cells in one row: the columns a reader sees


def _space_columns(raw: str) -> tuple[str, str, int] | None:
    """(left, right, column where right starts) when a body paragraph lays out two columns with
    spaces and tabs.

    Documents typed without tables align the Decree 30 header ("ỦY BAN NHÂN DÂN      CỘNG HÒA XÃ
    HỘI …") and the Nơi nhận | signature block with runs of spaces and tabs. A tab counts as
    COLUMN_TAB_SPACES spaces (its stops are the paragraph's, unknown here). The widest gap of at
    least COLUMN_GAP_SPACES splits the line, so blank fields inside a column ("Số:      /UBND-NC",
    "ngày      tháng 12") stay in it. A line pushed right by a long indent alone
    ("                  Đỗ Tấn Sương") is right-only: ("", text, indent). Whether the columns are
    used is decided by `_aligned_block_end`, for runs anchored on a header or signature line.
    """
    if "\t" not in raw and " " * COLUMN_GAP_SPACES not in raw:
        return None  # the common case: no gap and no long indent (an indent is a run of spaces)
    text = raw.replace("\n", " ").replace("\t", " " * COLUMN_TAB_SPACES)
    body = text.strip()
    if not body:
        return None
    indent = len(text) - len(text.lstrip())
    best = max(_GAP_RE.finditer(body), key=lambda m: len(m.group()), default=None)
    if best is not None:
        left, right = _normalise(body[:best.start()]), _normalise(body[best.end():])
        return (left, right, indent + best.end()) if left and right else None
    if indent >= RIGHT_COLUMN_MIN:
        return ("", _normalise(body), indent)
    return None


def _normalise(text: str) -> str:
    """Collapse every run of Unicode whitespace (tabs, no-break spaces) to one space, NFC.

    Most paragraphs need nothing, and the split/join (or a regex sub) costs ~10 us on a long
    Vietnamese paragraph, so first check cheaply whether anything needs doing.
    """
    # isprintable() is False exactly for tabs, newlines, no-break and other Unicode spaces and
    # format characters (zero-width, soft hyphen): one C-speed scan instead of a regex.
    if "  " in text or not text.isprintable():
        text = " ".join(_ZERO_WIDTH.sub("", text).split())
    elif text[:1].isspace() or text[-1:].isspace():
        text = text.strip()
    return unicodedata.normalize("NFC", text)


class _Reader:
    def __init__(self, w: _Tags, styles: _Styles, numbering: _Numbering) -> None:
        self.w = w
        self.styles = styles
        self.numbering = numbering
        self.table_count = 0
        self.textboxes = 0
        self.alt_chunks = 0
        self._flag_cache: dict[tuple[str, str | None], tuple[bool, bool, bool]] = {}

    # -- block level ---------------------------------------------------------------------

    def blocks(self, container: Any, *, in_layout_cell: bool) -> list[Any]:
        """Paragraphs and tables of a body or cell, in document order (sdt/customXml opened)."""
        w = self.w
        items: list[Any] = []
        count = 0
        stack = [iter(container)]
        while stack:
            child = next(stack[-1], None)
            if child is None:
                stack.pop()
                continue
            tag = child.tag
            if tag == w.p:
                count += 1
                para = self.paragraph(child, count, split_breaks=in_layout_cell)
                if para is not None:
                    items.append(para)
            elif tag == w.tbl:
                items.append(self.table(child))
            elif tag in (w.sdt, w.sdtContent, w.customXml):
                stack.append(iter(child))
            elif tag == w.altChunk:
                self.alt_chunks += 1
        return items

    def table(self, tbl: Any) -> _TableInfo:
        w = self.w
        self.table_count += 1
        info = _TableInfo(index=self.table_count, rows=[], ncols=0, bordered=False)
        grid = _child(tbl, w.tblGrid)
        grid_cols = len(grid.findall(w.gridCol)) if grid is not None else 0
        cells_with_borders = 0
        total_cells = 0
        for tr in _children(tbl, w.tr, w):
            col = _capped(_attr(_find2(tr, w.trPr, w.gridBefore), w), 0, MAX_GRID_SPAN)
            row: list[_TableCell] = []
            for pos, tc in enumerate(_children(tr, w.tc, w), start=1):
                tcpr = _child(tc, w.tcPr)
                span = max(1, _capped(_attr(_child(tcpr, w.gridSpan) if tcpr is not None else None, w), 1,
                                      MAX_GRID_SPAN))
                vm_el = _child(tcpr, w.vMerge) if tcpr is not None else None
                vmerge = None
                if vm_el is not None:
                    vmerge = "restart" if vm_el.get(w.val) == "restart" else "continue"
                if tcpr is not None and any(_border_edges(_child(tcpr, w.tcBorders), w).values()):
                    cells_with_borders += 1
                total_cells += 1
                # Split at soft breaks (layout cells read as title blocks); data cells join
                # their lines with a space again in _cell_text.
                items = self.blocks(tc, in_layout_cell=True)
                row.append(_TableCell(items=items, col=col, span=span, vmerge=vmerge, position=pos))
                col += span
            info.rows.append(row)
            info.ncols = max(info.ncols, col)
            info.max_cells = max(info.max_cells, len(row))
        if info.ncols == 0:
            info.ncols = grid_cols
        info.bordered = self._table_borders(tbl) or (
            total_cells > 0 and cells_with_borders * 2 > total_cells)
        return info

    def _table_borders(self, tbl: Any) -> bool:
        w = self.w
        tblpr = _child(tbl, w.tblPr)
        style_id = _attr(_child(tblpr, w.tblStyle), w) if tblpr is not None else None
        style = self.styles.resolved(style_id or self.styles.default_table)
        edges = dict(style.borders) if style else {}
        if tblpr is not None:
            edges.update(_border_edges(_child(tblpr, w.tblBorders), w))
        return any(edges.values())

    # -- paragraph level -----------------------------------------------------------------

    def paragraph(self, p: Any, index: int, *, split_breaks: bool) -> _Para | None:
        w = self.w
        styles = self.styles
        first = p[0] if len(p) else None
        ppr = first if first is not None and first.tag == w.pPr else None
        style_id = jc = None
        numpr = None
        if ppr is not None:
            for c in ppr:  # one pass over pPr instead of three lookups
                tag = c.tag
                if tag == w.pStyle:
                    style_id = c.get(w.val)
                elif tag == w.numPr:
                    numpr = c
                elif tag == w.jc:
                    jc = c.get(w.val)
        pstyle = styles.resolved(style_id or styles.default_para)
        if jc is None and pstyle is not None:
            jc = pstyle.jc
        split = split_breaks or jc == "center"

        label = self._label(numpr, pstyle, style_id) if numpr is not None or (
            pstyle is not None and pstyle.num_id is not None) else None

        parts: list[str] = []
        bold_all = True
        visible = False
        pkey = style_id or styles.default_para or ""
        rpr_tag = w.rPr
        for r in self._runs(p):
            text = self._run_text(r)
            if not text:
                continue
            first = r[0] if len(r) else None
            rpr = first if first is not None and first.tag == rpr_tag else None
            bold, caps, vanish = self._run_flags(rpr, pkey, pstyle)
            if vanish:
                continue
            if caps:
                text = text.upper()
            parts.append(text)
            if not visible or bold_all:
                if not text.isspace():
                    visible = True
                    if not bold:
                        bold_all = False
        if not visible:
            return None  # an empty (or only numbered) paragraph: nothing to read
        raw = "".join(parts)
        columns = None
        if split:
            lines = [t for t in (_normalise(x) for x in raw.split("\n")) if t]
        else:
            lines = [_normalise(raw.replace("\n", " "))]
            if label is None:
                columns = _space_columns(raw)
        if not lines or not lines[0]:
            return None
        if label:
            lines[0] = f"{unicodedata.normalize('NFC', label)} {lines[0]}"
        return _Para(lines=lines, bold=bold_all, index=index, columns=columns)

    def _label(self, numpr: Any, pstyle: _Style | None, style_id: str | None) -> str | None:
        w = self.w
        num_id: str | None = None
        ilvl: int | None = None
        if numpr is not None:
            num_id = _attr(_child(numpr, w.numId), w)
            ilvl_s = _attr(_child(numpr, w.ilvl), w)
            ilvl = _int(ilvl_s, 0) if ilvl_s is not None else None
        if pstyle is not None:
            if num_id is None:
                num_id = pstyle.num_id
            if ilvl is None:
                ilvl = pstyle.ilvl
        if num_id is None or num_id == "0":
            return None
        if ilvl is None:
            sid = style_id or self.styles.default_para
            linked = self.numbering.style_levels.get(sid) if sid else None
            ilvl = linked[1] if linked else 0
        return self.numbering.label(num_id, ilvl)

    def _runs(self, p: Any) -> list[Any]:
        """Runs of a paragraph, descending into hyperlinks, insertions, fields and controls.

        Deleted text (w:del, w:moveFrom) is skipped, as Word shows the document without it.
        """
        r_tag = self.w.r
        containers = self.w.container_runs
        out: list[Any] = []
        for child in p:
            tag = child.tag
            if tag == r_tag:
                out.append(child)
            elif tag in containers:
                out.extend(self._runs(child))
        return out

    def _run_text(self, r: Any) -> str:
        w = self.w
        t_tag = w.t
        rpr_tag = w.rPr
        out: list[str] = []
        for c in r:
            tag = c.tag
            if tag == t_tag:
                text = c.text
                if text:
                    out.append(text)
            elif tag == rpr_tag:
                continue
            elif tag == w.tab or tag == w.ptab:
                out.append("\t")  # a space once normalised; a column gap for _space_columns
            elif tag == w.br:
                kind = c.get(w.type)
                out.append(" " if kind in ("page", "column") else "\n")
            elif tag == w.cr:
                out.append("\n")
            elif tag == w.noBreakHyphen:
                out.append("-")
            elif tag in (w.drawing, w.pict) or (isinstance(tag, str) and tag.endswith("}AlternateContent")):
                if any(True for _ in c.iter(w.txbxContent)):
                    self.textboxes += 1
        return out[0] if len(out) == 1 else "".join(out)

    def _style_flags(self, pkey: str, rstyle: str | None, pstyle: _Style | None
                     ) -> tuple[bool, bool, bool]:
        """(bold, caps, hidden) from defaults, paragraph style and character style, cached."""
        key = (pkey, rstyle)
        hit = self._flag_cache.get(key)
        if hit is None:
            props = dict(self.styles.defaults)
            if pstyle is not None:
                props.update(pstyle.run)
            cstyle = self.styles.resolved(rstyle) if rstyle else None
            if cstyle is not None:
                props.update(cstyle.run)
            hit = (props.get("b", False), props.get("caps", False), props.get("vanish", False))
            self._flag_cache[key] = hit
        return hit

    def _run_flags(self, rpr: Any, pkey: str, pstyle: _Style | None) -> tuple[bool, bool, bool]:
        """Effective b/caps/vanish: direct > character style > paragraph style > defaults."""
        if rpr is None:
            return self._style_flags(pkey, None, pstyle)
        w = self.w
        bold = caps = vanish = None
        rstyle = None
        for c in rpr:
            tag = c.tag
            if tag == w.b:
                v = c.get(w.val)
                bold = v is None or v.lower() not in _OFF
            elif tag == w.caps:
                v = c.get(w.val)
                caps = v is None or v.lower() not in _OFF
            elif tag == w.vanish:
                v = c.get(w.val)
                vanish = v is None or v.lower() not in _OFF
            elif tag == w.rStyle:
                rstyle = c.get(w.val)
        base = self._style_flags(pkey, rstyle, pstyle)
        return (base[0] if bold is None else bold, base[1] if caps is None else caps,
                base[2] if vanish is None else vanish)


def _children(el: Any, tag: str, w: _Tags) -> Iterator[Any]:
    """Children with `tag`, looking through content controls and custom XML wrappers."""
    stack = [iter(el)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        if child.tag == tag:
            yield child
        elif child.tag in (w.sdt, w.sdtContent, w.customXml):
            stack.append(iter(child))


def _find2(el: Any, a: str, b: str) -> Any:
    first = _child(el, a)
    return _child(first, b) if first is not None else None


# --------------------------------------------------------------------------- classification


def _cell_text(cell: _TableCell) -> str:
    return " ".join(_flat_text(cell.items))


def _flat_text(items: list[Any]) -> list[str]:
    out: list[str] = []
    for it in items:
        if isinstance(it, _Para):
            out.append(" ".join(it.lines))
        else:
            for row in it.rows:
                for cell in row:
                    out.extend(_flat_text(cell.items))
    return [t for t in out if t]


def _is_layout_table(table: _TableInfo) -> bool:
    """Layout (header / signature block) or data table; the rules are in the module docstring."""
    if table.ncols <= 1 or table.max_cells <= 1:
        return True
    cell_lines: list[str] = []
    for row in table.rows:
        for cell in row:
            for it in cell.items:
                if isinstance(it, _Para):
                    cell_lines.extend(it.lines)
    text = "\n".join(cell_lines).upper()
    if table.max_cells <= 3 and holds_layout_anchor(text):
        return not _first_row_is_header(table)
    if _first_row_is_header(table):
        return False
    if table.max_cells >= 3:
        return False
    return not table.bordered


def _first_row_is_header(table: _TableInfo) -> bool:
    if not table.rows:
        return False
    texts = [_cell_text(c).upper().rstrip(":") for c in table.rows[0]]
    hits = sum(1 for t in texts if t and is_header_cell(t))
    return hits >= 2 or (hits >= 1 and len(texts) >= 3)


# --------------------------------------------------------------------------- emission


class _Emitter:
    """Turns the walked tree into numbered SourceLines and Tables, in reading order."""

    def __init__(self) -> None:
        self.lines: list[SourceLine] = []
        self.tables: list[Table] = []

    def add(self, text: str, locator: str, bold: bool) -> int:
        number = len(self.lines) + 1
        self.lines.append(SourceLine(text=text, number=number, locator=locator, bold=bold))
        return number

    def items(self, items: list[Any], prefix: str | None) -> None:
        i = 0
        while i < len(items):
            it = items[i]
            if isinstance(it, _Para):
                end = _aligned_block_end(items, i) if prefix is None else i
                if end > i:
                    self.aligned_block(items[i:end])
                    i = end
                    continue
                loc = f"{prefix} paragraph {it.index}" if prefix else f"paragraph {it.index}"
                for text in it.lines:
                    self.add(text, loc, it.bold)
            else:
                self.table(it)
            i += 1

    def aligned_block(self, paras: list[_Para]) -> None:
        """A space/tab-aligned two-column block, read like a layout table: left column, then right."""
        rights: list[tuple[str, _Para]] = []
        for para in paras:
            left, right, _ = para.columns or (para.lines[0], "", 0)
            if left:
                self.add(left, f"paragraph {para.index}", para.bold)
            if right:
                rights.append((right, para))
        for text, para in rights:
            self.add(text, f"paragraph {para.index}", para.bold)

    def table(self, table: _TableInfo) -> None:
        if _is_layout_table(table):
            self.layout_table(table)
        else:
            self.data_table(table)

    def layout_table(self, table: _TableInfo) -> None:
        bands: list[list[int]] = []
        current: list[int] = []
        for r, row in enumerate(table.rows):
            full_width = len(row) == 1 and row[0].span >= table.ncols
            if full_width:
                if current:
                    bands.append(current)
                    current = []
                bands.append([r])
            else:
                current.append(r)
        if current:
            bands.append(current)
        for band in bands:
            for col in range(table.ncols):
                for r in band:
                    for cell in table.rows[r]:
                        if cell.col == col:
                            prefix = f"table {table.index} row {r + 1} cell {cell.position}"
                            self.items(cell.items, prefix)

    def data_table(self, table: _TableInfo) -> None:
        rows: list[tuple[Cell, ...]] = []
        numbers: list[int] = []  # the line of each row
        first_line: int | None = None
        above: dict[int, tuple[str, int | None]] = {}  # grid column -> (text, line) of merge start
        for r, row in enumerate(table.rows):
            texts: list[str] = [""] * table.ncols
            origin: list[int | None] = [None] * table.ncols
            bold_all = True
            any_text = False
            for cell in row:
                if cell.col >= table.ncols:
                    continue
                if cell.vmerge == "continue" and cell.col in above:
                    text, line = above[cell.col]
                    origin[cell.col] = line
                else:
                    text = _cell_text(cell)
                    if text:
                        any_text = True
                        for it in cell.items:
                            if isinstance(it, _Para) and not it.bold:
                                bold_all = False
                texts[cell.col] = text
            if not any_text:
                continue
            number = self.add(pipe_row(texts, blank=" "), f"table {table.index} row {r + 1}", bold_all)
            if first_line is None:
                first_line = number
            for cell in row:
                if cell.col < table.ncols and cell.vmerge != "continue":
                    above[cell.col] = (texts[cell.col], number)
            rows.append(tuple(Cell(text=t, line=origin[i] or number) for i, t in enumerate(texts)))
            numbers.append(number)
        if rows and first_line is not None:
            self.tables.append(Table(rows=tuple(rows), line=first_line, locator=f"table {table.index}",
                                     row_lines=tuple(numbers)))


def _aligned_block_end(items: list[Any], start: int) -> int:
    """End (exclusive) of a space/tab-aligned two-column block starting at items[start], or start.

    The block must open with a two-sided line carrying a Decree 30 anchor (the motto, "Số:",
    "Nơi nhận:", "TM."/"KT."/"TL.") on either side, as for layout tables. It goes on over
    aligned lines (two-sided or right-only) and, below "Nơi nhận:", over the recipient lines that
    have no right part ("- Chủ tịch UBND tỉnh;").
    """
    first = items[start]
    if not isinstance(first, _Para) or not first.columns or not first.columns[0]:
        return start
    left, right, column = first.columns
    if column < RIGHT_COLUMN_MIN or not (holds_layout_anchor(left.upper()) or holds_layout_anchor(right.upper())):
        return start
    recipients = left.upper().startswith("NƠI NHẬN")
    end = start + 1
    while end < len(items):
        it = items[end]
        if not isinstance(it, _Para) or len(it.lines) != 1:
            break
        if it.columns is not None and it.columns[2] >= RIGHT_COLUMN_MIN:
            end += 1
        elif recipients and it.columns is None and it.lines[0].startswith(("- ", "+ ")):
            end += 1
        else:
            break
    return end


# --------------------------------------------------------------------------- entry point


def _check_container(data: bytes, path: str) -> None:
    """Name what a non-ZIP file is, so the user knows what to do with it."""
    if not data.strip(b"\x00 \t\r\n"):
        raise ParseError("file is empty", path)
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_PACKAGE in data:
            raise ParseError("DOCX is password-protected", path)
        raise ParseError("content is a legacy Word (.doc) file, not DOCX; give it a .doc extension",
                         path)
    if data.startswith(b"%PDF"):
        raise ParseError("content is a PDF, not DOCX; give it a .pdf extension", path)
    if not data.startswith(b"PK"):
        raise ParseError("not a valid DOCX (ZIP) file", path)


def read_docx(path: Path, limits: Limits | None = None) -> SourceText:
    """Read a .docx into lines in reading order, with numbering labels and data tables.

    `limits.max_bytes` caps the file (default 50 MB); `limits.max_unzipped_bytes` caps what the ZIP may
    decompress to (default 200 MB, or 4x `max_bytes` when that is larger) so a ZIP bomb is
    refused before it is inflated.
    """
    path = Path(path)
    limits = Limits.resolve(limits)
    data = read_limited(path, limits.max_bytes or DEFAULT_MAX_BYTES)
    return docx_from_bytes(data, str(path), limits)


def docx_from_bytes(data: bytes, spath: str, limits: Limits | None = None) -> SourceText:
    """read_docx on bytes already in memory (`spath` names them in errors and in the record)."""
    limits = Limits.resolve(limits)
    limit = limits.max_bytes or DEFAULT_MAX_BYTES
    check_size(data, limit, spath)
    _check_container(data, spath)
    unzipped_cap = limits.max_unzipped_bytes or max(DEFAULT_MAX_UNZIPPED, 4 * limit)

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise ParseError("not a valid DOCX (ZIP) file (corrupt or truncated)", spath) from exc
    with zf:
        pkg = _Package(zf, spath, unzipped_cap)
        main = pkg.relationships("").get("officeDocument") or "word/document.xml"
        if main not in pkg.names:
            if "word/document.xml" in pkg.names:
                main = "word/document.xml"
            elif "content.xml" in pkg.names:
                raise ParseError("content is an OpenDocument (.odt) file, not DOCX", spath)
            else:
                raise ParseError("missing word/document.xml: not a Word document", spath)
        root = pkg.xml(main)
        ns = root.tag[1:].split("}", 1)[0] if isinstance(root.tag, str) and root.tag.startswith("{") else ""
        if not root.tag.endswith("}document") or not ns:
            raise ParseError(f"{main} is not a WordprocessingML document", spath)
        w = _tags(ns)
        rels = pkg.relationships(main)
        folder = posixpath.dirname(main)
        styles_name = rels.get("styles") or posixpath.join(folder, "styles.xml")
        styles_data = pkg.read(styles_name)
        numbering_root = pkg.xml(rels.get("numbering") or posixpath.join(folder, "numbering.xml"))

    styles = _Styles(styles_data, w, lambda data: pkg.parse(data, styles_name))
    numbering = _Numbering(numbering_root, w, styles)
    reader = _Reader(w, styles, numbering)
    body = _child(root, w.body)
    items = reader.blocks(body, in_layout_cell=False) if body is not None else []
    emitter = _Emitter()
    emitter.items(items, None)

    warnings: list[WarningRecord] = []
    if reader.textboxes:
        warnings.append(WarningRecord("not_read_parts", f"{reader.textboxes} text box(es) not read"))
    if reader.alt_chunks:
        warnings.append(WarningRecord("not_read_parts",
                                      f"{reader.alt_chunks} embedded document chunk(s) (altChunk) not read"))
    if not emitter.lines:
        warnings.append(WarningRecord("empty_body", "DOCX has no text in its body"))
    return SourceText(
        lines=emitter.lines,
        format="docx",
        path=spath,
        sha256=hashlib.sha256(data).hexdigest(),
        tables=emitter.tables,
        warnings=warnings,
    )
