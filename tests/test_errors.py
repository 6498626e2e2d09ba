"""One base class for everything the library raises on purpose, and warnings as records."""

from __future__ import annotations

import nqparser
import orjson
import pytest
from nqparser.batch import EngineUnavailable
from nqparser.errors import ConfigError, NqparserError, ParseError, WarningRecord
from nqparser.export import ExportError
from nqparser.fsguard import BatchWriteError
from nqparser.rules import GrammarError


@pytest.mark.parametrize("error", [ParseError, ConfigError, GrammarError, ExportError, BatchWriteError,
                                   EngineUnavailable])
def test_every_library_error_derives_from_the_base(error):
    assert issubclass(error, NqparserError)


def test_errors_keep_their_older_bases():
    """Callers that caught ValueError or RuntimeError before still do."""
    assert issubclass(GrammarError, ValueError) and issubclass(ConfigError, ValueError)
    assert issubclass(EngineUnavailable, RuntimeError)
    assert nqparser.ParseError is ParseError


def test_a_document_serialises_its_warnings_as_messages():
    doc = nqparser.parse_text("Điều 1. Nội dung\n", source="x.txt")
    assert [w.code for w in doc.warnings] == ["no_doc_type"]
    assert all(isinstance(w, WarningRecord) for w in doc.warnings)
    assert orjson.loads(doc.to_json())["warnings"] == ["document type not found in the header"]
    assert doc.to_dict()["warnings"] == ["document type not found in the header"]


def test_clause_and_point_jumps_are_coded_with_their_line():
    text = ("NGHỊ QUYẾT\nQUYẾT NGHỊ:\nĐiều 1. Nội dung\n1. Một.\n3. Ba.\na) Điểm a.\nc) Điểm c.\n"
            "Điều 2. Hiệu lực\n")
    doc = nqparser.parse_text(text)
    jumps = [(w.code, w.lines) for w in doc.warnings if w.code in ("clause_jump", "point_jump")]
    assert jumps == [("clause_jump", (5,)), ("point_jump", (7,))]
