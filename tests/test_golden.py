"""Every fixture in fixtures/raw against its reviewed golden JSON, with a field-level diff."""

from __future__ import annotations

import json

import pytest
from golden import expected_path, field_diff, fixture_inputs, render

FIXTURES = fixture_inputs()


@pytest.mark.parametrize("raw", FIXTURES, ids=[str(p.name) for p in FIXTURES])
def test_golden(raw) -> None:
    expected_file = expected_path(raw)
    assert expected_file.exists(), f"no golden file {expected_file}; run scripts/update_golden.py and review it"
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    actual = render(raw)
    diffs = list(field_diff(expected, actual))
    if diffs:
        shown = "\n  ".join(diffs[:40])
        more = f"\n  … and {len(diffs) - 40} more" if len(diffs) > 40 else ""
        pytest.fail(f"{raw.name} differs from {expected_file.name}:\n  {shown}{more}\n"
                    "If the change is right, run scripts/update_golden.py and review the diff.")
