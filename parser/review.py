"""A review page: one static HTML file showing a document's source lines with every extracted
record beside them, so a person can check a conversion by eye.

Why static and self-contained: the page is opened from a file share or attached to a ticket, often
offline; it loads nothing from the network (inline CSS and a few lines of inline script), and
without script it still works: every record is a link to its first source line (`#L12`) and the
lines a record came from are highlighted from the start. With script, clicking a record scrolls to
its lines and marks the whole span.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .limits import Limits
from .model import Document, Indicator, Node

KINDS = ("metadata", "article", "indicator", "target", "recipient")

_CSS = """
body{margin:0;font:14px/1.45 system-ui,sans-serif;color:#1b1b1b}
header{padding:8px 16px;background:#24364b;color:#fff}
header h1{font-size:16px;margin:0}
header p{margin:2px 0 0;font-size:12px;opacity:.85}
main{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);height:calc(100vh - 52px)}
#source,#records{overflow:auto;padding:8px 12px}
#source{border-right:1px solid #ccc;font-size:13px}
.line{display:flex;gap:8px;white-space:pre-wrap;border-left:4px solid transparent;padding-left:4px}
.line .no{color:#888;min-width:3.5em;text-align:right;user-select:none}
.line.k-metadata{background:#eef4ff}.line.k-article{border-left-color:#9aa9bd}
.line.k-indicator{background:#eafbea}.line.k-target{background:#fff6e0}.line.k-recipient{background:#f6ecff}
.line.active{outline:2px solid #e25d00;background:#ffe3cf}
section{margin-bottom:14px}h2{font-size:14px;margin:10px 0 4px;border-bottom:1px solid #ddd}
a.rec{color:inherit;text-decoration:none;display:block;padding:1px 4px;border-radius:3px}
a.rec:hover{background:#f0f0f0}a.rec .at{color:#888;font-size:11px;margin-left:6px}
table{border-collapse:collapse;width:100%;font-size:12.5px}td,th{border-bottom:1px solid #eee;padding:2px 4px;
text-align:left;vertical-align:top}th{background:#fafafa}
ul.outline{margin:0;padding-left:16px}.warn{color:#a33}
"""

_JS = """
(function(){
  function mark(first,last){
    document.querySelectorAll('.line.active').forEach(function(el){el.classList.remove('active');});
    var target=null;
    for(var n=first;n<=last;n++){var el=document.getElementById('L'+n);
      if(el){el.classList.add('active'); if(!target){target=el;}}}
    if(target){target.scrollIntoView({block:'center'});}
  }
  document.querySelectorAll('a.rec').forEach(function(a){
    a.addEventListener('click',function(ev){
      var first=+a.dataset.first,last=+(a.dataset.last||a.dataset.first);
      if(first){ev.preventDefault(); mark(first,last); history.replaceState(null,'','#L'+first);}
    });
  });
  // a link to a record (review.html#r12) opens with that record selected
  if(location.hash.indexOf('#r')===0){var rec=document.getElementById(location.hash.slice(1)); if(rec){rec.click();}}
  document.body.dataset.ready=String(document.querySelectorAll('a.rec').length);
})();
"""


def _e(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _span(lines: Iterable[Any] | None) -> tuple[int | None, int | None]:
    values = [n for n in (lines or []) if isinstance(n, int)]
    return (min(values), max(values)) if values else (None, None)


class _Page:
    """Collects records (for the right panel) and which source lines each kind covers."""

    def __init__(self) -> None:
        self.covered: dict[int, set[str]] = {}
        self.count = 0

    def record(self, kind: str, label: str, lines: Iterable[Any] | None, detail: str = "") -> str:
        """A record link; its lines get the kind's highlight."""
        first, last = _span(lines)
        self.count += 1
        rid = f"r{self.count}"
        if first is None or last is None:
            return f'<span class="rec" id="{rid}" data-kind="{kind}">{label}{detail}</span>'
        for n in range(first, last + 1):
            self.covered.setdefault(n, set()).add(kind)
        at = f"{first}" if first == last else f"{first}–{last}"
        return (f'<a class="rec" id="{rid}" data-kind="{kind}" data-first="{first}" data-last="{last}" '
                f'href="#L{first}">{label}{detail}<span class="at">line {at}</span></a>')


def _outline(page: _Page, nodes: list[Node]) -> str:
    items = []
    for node in nodes:
        if node.kind == "paragraph" and not node.children:
            continue
        label = " ".join(x for x in (node.kind, node.label) if x)
        title = node.title or (node.text or "")[:80]
        link = page.record("article", f"<b>{_e(label)}</b> {_e(title)}", node.lines)
        children = _outline(page, node.children)
        items.append(f"<li>{link}{children}</li>")
    return f'<ul class="outline">{"".join(items)}</ul>' if items else ""


def _value(ind: Indicator) -> str:
    if ind.value is not None:
        value = f"{ind.value:g}"
    elif ind.low is not None or ind.high is not None:
        value = f"{ind.low}–{ind.high}"
    else:
        value = ""
    comparator = ind.comparator
    return f"{comparator + ' ' if comparator and comparator not in ('=', 'between') else ''}{value}"


def _indicator_table(page: _Page, kind: str, records: list[Indicator]) -> str:
    if not records:
        return "<p>none</p>"
    rows = ["<tr><th>name</th><th>value</th><th>unit</th><th>code</th><th>role</th><th>year</th></tr>"]
    for ind in records:
        link = page.record(kind, _e(ind.name), ind.lines)
        rows.append(f"<tr><td>{link}</td><td>{_e(_value(ind))}</td><td>{_e(ind.unit)}</td>"
                    f"<td>{_e(ind.code)}</td><td>{_e(ind.role)}</td><td>{_e(ind.year)}</td></tr>")
    return f"<table>{''.join(rows)}</table>"


def render_review(doc: Document, lines: list[tuple[int, str]]) -> str:
    """The page for a document (parsed, or read back with `Document.from_json`) and its source
    lines [(number, text)]."""
    page = _Page()
    meta = doc.metadata
    provenance = meta.provenance
    meta_items = []
    for name in ("doc_type", "number", "issuer", "province", "term", "session", "place", "date", "adopted_date",
                 "title"):
        value = getattr(meta, name)
        if value is not None:
            meta_items.append(page.record("metadata", f"<b>{name}</b>: {_e(value)}", provenance.get(name)))
    signer = meta.signer
    if signer is not None:
        parts = (signer.authority, signer.title, signer.name)
        text = ", ".join(_e(part) for part in parts if part)
        meta_items.append(page.record("metadata", f"<b>signer</b>: {text}", signer.lines))
    recipients = [page.record("recipient", _e(r.name), [r.line]) for r in doc.recipients]
    sections = [
        ("Metadata", "".join(meta_items) or "<p>none</p>"),
        ("Articles", _outline(page, doc.articles) or "<p>none</p>"),
        (f"Indicators ({len(doc.indicators)})", _indicator_table(page, "indicator", doc.indicators)),
        (f"Targets ({len(doc.targets)})", _indicator_table(page, "target", doc.targets)),
        (f"Recipients ({len(recipients)})", "".join(recipients) or "<p>none</p>"),
        ("Warnings", "".join(f'<p class="warn">{_e(w.message)}</p>' for w in doc.warnings) or "<p>none</p>"),
    ]
    source_html = []
    for number, text in lines:
        kinds = sorted(page.covered.get(number, ()))
        cls = " ".join(["line", *(f"k-{k}" for k in kinds)])
        source_html.append(f'<div class="{cls}" id="L{number}"><span class="no">{number}</span>'
                           f'<span class="text">{_e(text)}</span></div>')
    source = doc.source
    title = meta.number or Path(str(source.path or "document")).name
    records_html = "".join(f'<section><h2>{name}</h2>{body}</section>' for name, body in sections)
    return (
        "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
        f"<title>Review: {_e(title)}</title><style>{_CSS}</style></head><body>"
        f"<header><h1>{_e(meta.doc_type or 'Document')} {_e(meta.number or '')}</h1>"
        f"<p>{_e(source.path)} · {_e(source.format)} · {len(lines)} lines · "
        f"{page.count} records</p></header>"
        f'<main><div id="source">{"".join(source_html)}</div><div id="records">{records_html}</div></main>'
        f"<script>{_JS}</script></body></html>\n"
    )


def review_file(path: str, output: str, *, limits: Limits | None = None) -> int:
    """Parse `path` and write its review page to `output` atomically; returns the number of records."""
    from .errors import ParseError
    from .pipeline import parse_source
    from .serialize import write_atomic
    from .sources import read_source

    source = read_source(path, limits)
    try:
        doc = parse_source(source)
    except ParseError as exc:
        raise ParseError(exc.reason, exc.path or str(path)) from exc
    text = render_review(doc, [(line.number, line.text) for line in source.lines])
    write_atomic(output, text.encode("utf-8"))
    return text.count('class="rec"')
