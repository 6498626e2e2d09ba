"""The one-way pipeline: SourceText → cleaned lines → zones and tree → records → Document."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import caches
from . import rules as R
from .clean import clean_document
from .errors import ParseError, WarningRecord
from .extract.indicators import extract_indicators
from .extract.metadata import extract_metadata, is_signature_mark
from .extract.recipients import extract_recipients
from .limits import Limits, LimitsLike
from .lines import GRAMMAR, Classified, classify
from .model import Document, Source, SourceText
from .segment import appendix_lines, build_appendix, segment
from .sources import read_source, source_from_bytes
from .sources.text import text_to_source
from .textfold import fold

if TYPE_CHECKING:
    import logging


def _debug_log() -> logging.Logger | None:
    """The "nqparser" logger when it takes DEBUG records, else None.

    Why not a module-level logger: importing logging costs a one-file run 2-3 ms, and until some
    code has imported it nobody can have turned the logger's DEBUG on."""
    logging = sys.modules.get("logging")
    if logging is None:
        return None
    log = logging.getLogger("nqparser")
    return log if log.isEnabledFor(logging.DEBUG) else None


def parse_source(source: SourceText) -> Document:
    _refuse_legacy_encoding(source)
    lines = clean_document(source.lines, source.tables).lines  # table rows carry their records' cells
    if not lines:
        raise ParseError("no text found in the document", source.path)
    seg = segment(lines)
    warnings = list(source.warnings) + seg.warnings
    closing = _find_closing(seg.body, seg.tail)
    recipients, archive, used = extract_recipients(seg.tail)
    used_set = set(used)
    signature = [c for i, c in enumerate(seg.tail) if i not in used_set]
    metadata = extract_metadata(seg.preamble, closing, signature, warnings)
    signer_lines = metadata.signer.lines if metadata.signer is not None else []
    appendix = build_appendix(appendix_lines(seg.tail, used, signer_lines, is_signature_mark))
    if metadata.doc_type is None:
        warnings.append(WarningRecord("no_doc_type", "document type not found in the header"))
    # Tables are in the tree already, in place: each row a line whose cells are its record's
    # (clean_document); no second pass over the tables (that would count every table twice).
    header_line = seg.preamble[0].line.text if seg.preamble and metadata.title is None else None
    indicators, targets = extract_indicators(seg.articles, metadata, appendix=appendix, header_line=header_line)
    doc = Document(
        source=Source.named(source.path, format=source.format, sha256=source.sha256,
                            lines=source.line_count or len(source.lines), pages=source.pages,
                            ocr_pages=list(source.ocr_pages)),
        metadata=metadata,
        articles=seg.articles,
        recipients=recipients,
        archive=archive,
        indicators=indicators,
        targets=targets,
        warnings=warnings,
        appendix=appendix,
    )
    log = _debug_log()
    if log is not None:
        log.debug("%s: %s %s, %d article(s), %d indicator(s), %d target(s), %d recipient(s), %d warning(s)",
                  source.path or "<text>", metadata.doc_type or "no type", metadata.number or "no number",
                  len(seg.articles), len(indicators), len(targets), len(recipients), len(warnings))
    return doc


def _refuse_legacy_encoding(source: SourceText) -> None:
    """TCVN3/VNI text read as Unicode parses to nothing; say so instead (parser/legacy.py)."""
    from .legacy import REASONS, SAMPLE_CHARS, legacy_encoding

    head: list[str] = []
    size = 0
    for line in source.lines:
        head.append(line.text)
        size += len(line.text) + 1
        if size >= SAMPLE_CHARS:
            break
    found = legacy_encoding("\n".join(head))
    if found is not None:
        raise ParseError(REASONS[found], source.path)


def _find_closing(body: list[Classified], tail: list[Classified]) -> Classified | None:
    rule = R.rule(GRAMMAR, "closing")
    for c in tail:
        if c.kind == "closing":
            return c
    for c in reversed(body):
        if rule.match(c.line.text):
            return classify(c.line, ("closing",))
    inside = R.rule(GRAMMAR, "closing_inside")
    for c in body[-CLOSING_INSIDE_LINES:][::-1]:
        m = inside.pattern.search(fold(c.line.text))  # folded: the offsets are the text's
        if m is not None:
            # "Điều 3. Nghị quyết này đã được … thông qua ngày …": the formula from where it starts
            return Classified(replace(c.line, text=c.line.text[m.start():]), "closing")
    return None


# How many of the last body lines may hold a closing formula run into their text.
CLOSING_INSIDE_LINES = 6


def parse_text(text: str, *, source: str | None = None) -> Document:
    """Parse a resolution given as a string (Markdown noise and all)."""
    return parse_source(text_to_source(text, path=source))


def parse_file(path: str | Path, *, limits: LimitsLike = None, max_bytes: int | None = None,
               max_pages: int | None = None, ocr: bool | None = None, max_unzipped_bytes: int | None = None,
               max_ocr_pages: int | None = None) -> Document:
    """Parse a .txt/.md, .docx, .pdf or .doc file; raises ParseError naming the file and the reason.

    `limits` (a `nqparser.limits.Limits` or a dict of its fields) bounds what the input may cost:
    `max_bytes` the input size, `max_pages` a PDF's pages, `max_unzipped_bytes` what a DOCX may
    inflate to (ZIP bombs); `ocr=False` skips Tesseract on scanned pages (they are reported in
    `warnings`); `max_ocr_pages` caps the pages of one PDF sent to Tesseract (blank ones never are).
    The same five may be given as keywords (the documented API); a keyword given wins over `limits`.
    """
    path = Path(path)
    resolved = _limits(limits, max_bytes=max_bytes, max_pages=max_pages, ocr=ocr,
                       max_unzipped_bytes=max_unzipped_bytes, max_ocr_pages=max_ocr_pages)
    source = read_source(path, resolved)
    try:
        return parse_source(source)
    except ParseError as exc:
        if exc.path is None:
            raise ParseError(exc.reason, str(path)) from exc
        raise


def parse_bytes(data: bytes, *, name: str | None = None, limits: LimitsLike = None, max_bytes: int | None = None,
                max_pages: int | None = None, ocr: bool | None = None, max_unzipped_bytes: int | None = None,
                max_ocr_pages: int | None = None) -> Document:
    """Parse an input held in memory (stdin, an upload) without writing it to a file.

    The reader is chosen by `name`'s suffix, else by the bytes (PDF, DOCX, HTML, else UTF-8
    text); `name` is what the document's `source.path` and every error call it ("<bytes>"
    when none is given). Limits as for
    parse_file (`max_bytes` is checked against `len(data)`). A legacy .doc needs parse_file.
    """
    resolved = _limits(limits, max_bytes=max_bytes, max_pages=max_pages, ocr=ocr,
                       max_unzipped_bytes=max_unzipped_bytes, max_ocr_pages=max_ocr_pages)
    source = source_from_bytes(data, name, resolved)
    try:
        return parse_source(source)
    except ParseError as exc:
        if exc.path is None:
            raise ParseError(exc.reason, name or "<bytes>") from exc
        raise


def _limits(limits: LimitsLike, **given: Any) -> Limits:
    """`limits` resolved, with every keyword that was given (not None) put over it."""
    return replace(Limits.resolve(limits), **{k: v for k, v in given.items() if v is not None})


def warm_up() -> None:
    """Compile every grammar rule and build every grammar vocabulary now instead of on the first
    document.

    A batch calls it in the parent before forking workers: they inherit the compiled patterns
    (copy-on-write) instead of each compiling its own, and no file's timeout pays for it.
    """
    R.current_grammar().compile_all()
    caches.fill_per_grammar()


def clear_caches() -> None:
    """Forget the per-line caches (line classification, folds, number-word keys) but keep the
    compiled grammars.

    For measurement: replicated benchmark documents repeat most lines, and cached answers would
    make them look faster than documents that share no line.
    """
    caches.clear_per_line()
