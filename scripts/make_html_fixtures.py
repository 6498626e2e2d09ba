"""Write fixtures/raw/formats/htm/*.htm: LibreOffice's HTML export of the DOCX fixtures.

The HTML reader must give the same records as the .docx of the same document
(tests/test_html.py); these exports are that pair. Run again after changing a DOCX fixture:
    python scripts/make_html_fixtures.py
Needs LibreOffice (`soffice`) on PATH.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "fixtures/raw/formats/docx/ha-noi-15-2024.docx",
           ROOT / "fixtures/raw/formats/docx/thai-nguyen-2025.docx",
           ROOT / "fixtures/raw/docx/thainguyen-112-2024-sample.docx"]
TARGET = ROOT / "fixtures/raw/formats/htm"


def export_htm(docx: Path, folder: Path) -> Path:
    """`soffice --headless --convert-to htm` with a private profile; returns the .htm path."""
    with tempfile.TemporaryDirectory(prefix="nqparser-lo-") as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "htm",
                        "--outdir", str(folder), str(docx)], check=True, capture_output=True, timeout=120)
    return folder / (docx.stem + ".htm")


def main() -> int:
    if shutil.which("soffice") is None:
        print("soffice not found: install LibreOffice", file=sys.stderr)
        return 1
    TARGET.mkdir(parents=True, exist_ok=True)
    for docx in SOURCES:
        print(export_htm(docx, TARGET).relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
