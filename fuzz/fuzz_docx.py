"""Fuzz target: small valid DOCX files with their ZIP members damaged, at the XML or the byte level.

    .venv/bin/pip install atheris                        # optional: coverage-guided fuzzing
    mkdir -p /tmp/corpus-docx
    .venv/bin/python fuzz/fuzz_docx.py -max_total_time=120 -timeout=20 /tmp/corpus-docx
    .venv/bin/python fuzz/fuzz_docx.py --hypothesis 500  # without atheris (what the tests run, briefly)
    .venv/bin/python fuzz/fuzz_docx.py --replay crash-…  # re-run inputs a fuzzer saved

The fuzzer's bytes are choices: a base document (tests/data/docx/*.docx with numbering and layout
tables, a tiny DOCX made in code), then edits of its members: XML edits (delete, duplicate or
move an element, set an attribute to an odd value: "-1", "999999999", "%1", "restart", …) that
keep the XML well-formed and so reach numbering, styles and table logic; byte damage; a member
replaced or dropped. Sometimes the rebuilt ZIP itself is damaged. Members are stored, not
deflated, so an iteration costs the parse, not zlib.
Crash = anything but a Document or a ParseError.
"""

from __future__ import annotations

import io
import sys
import zipfile
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fuzz._harness import ROOT, Reader, TempFile, check, instrumented, main, mutate_bytes

_file = TempFile(".docx")
# Members the reader looks at; the rest of a real package only slows each iteration down.
READ = ("[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels",
        "word/styles.xml", "word/numbering.xml")
ODD_VALUES = ["-1", "0", "1", "2", "9", "999999999", "99999999999999999999", "", "abc", "%1", "%9",
              "%1.%2.%3.%4.%5.%6.%7.%8.%9", "restart", "continue", "nil", "none", "single", "bullet",
              "decimal", "upperRoman", "lowerLetter", "true", "false", "center", "both", "5000", "1.5",
              "\u0000", "Điều", "+"]


@cache
def bases() -> list[dict[str, bytes]]:
    """Each base as {member: bytes}, keeping only the members the reader reads."""
    sys.path.insert(0, str(ROOT / "tests" / "robustness"))
    from make_inputs import nested_tables_docx, tiny_docx

    blobs = [tiny_docx(), nested_tables_docx(4)]
    blobs += [p.read_bytes() for p in sorted((ROOT / "tests" / "data" / "docx").glob("*.docx"))]
    out = []
    for blob in blobs:
        with zipfile.ZipFile(io.BytesIO(blob)) as zf:
            out.append({n: zf.read(n) for n in zf.namelist() if n in READ})
    return out


def mutate_xml(data: bytes, r: Reader) -> bytes:
    """Element-level edits that keep the XML well-formed (so the reader's logic, not lxml, is hit)."""
    from lxml import etree

    try:
        root = etree.fromstring(data)
    except etree.XMLSyntaxError:
        return mutate_bytes(data, r)
    elements = list(root.iter())
    for _ in range(1 + r.int(6)):
        if len(elements) < 2:
            break
        el = elements[r.int(len(elements))]
        op = r.int(5)
        parent = el.getparent()
        if op == 0 and parent is not None:
            parent.remove(el)
            elements = list(root.iter())
        elif op == 1 and parent is not None:
            from copy import deepcopy

            for _ in range(1 + r.int(8)):
                parent.insert(parent.index(el), deepcopy(el))
            elements = list(root.iter())
        elif op == 2 and parent is not None:
            target = elements[r.int(len(elements))]
            if el not in target.iterancestors() and target is not el:
                parent.remove(el)
                target.append(el)
                elements = list(root.iter())
        elif op == 3:
            names = list(el.attrib) or [f"{{{el.nsmap.get('w', '')}}}val" if el.nsmap.get("w") else "val"]
            el.set(r.pick(names), r.pick(ODD_VALUES).replace("\u0000", ""))
        else:
            el.text = r.pick(ODD_VALUES).replace("\u0000", "") * (1 + r.int(4))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def build(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def one_input(data: bytes) -> None:
    from nqparser import parse_file

    r = Reader(data)
    members = dict(r.pick(bases()))
    for _ in range(1 + r.int(3)):
        name = r.pick(sorted(members) or ["word/document.xml"])
        op = r.int(8)
        if op < 5:
            members[name] = mutate_xml(members.get(name, b""), r)
        elif op == 5:
            members[name] = mutate_bytes(members.get(name, b""), r)
        elif op == 6:
            members[name] = r.bytes(2048)
        else:
            members.pop(name, None)
    blob = build(members)
    if r.int(8) == 0:
        blob = mutate_bytes(blob, r)
    check(lambda: parse_file(_file.write(blob)))


if __name__ == "__main__":
    with instrumented():
        import nqparser.pipeline
        import nqparser.sources.docx  # noqa: F401
    raise SystemExit(main(one_input))
