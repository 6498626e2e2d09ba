"""CI runs every reader: under CI=true the optional tools the readers need must be present, so
their tests run rather than skip (`.ci/run` installs them)."""

from __future__ import annotations

import os

import pytest
from nqparser.sources.doc import find_soffice

IN_CI = os.environ.get("CI", "").lower() in ("true", "1", "yes")


@pytest.mark.skipif(not IN_CI, reason="only meaningful under CI=true (.ci/run installs LibreOffice)")
def test_ci_runs_the_doc_tests():
    """test_docx.py's .doc tests skip without soffice; in CI that would hide the .doc reader."""
    assert find_soffice() is not None, "LibreOffice (soffice) missing in CI: the .doc tests were skipped"
