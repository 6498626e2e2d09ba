"""Legacy Word .doc: convert to .docx with headless LibreOffice, then read it as DOCX.

Why LibreOffice: no maintained pure-Python reader handles the binary Word format's numbering and
tables; LibreOffice's filter does (~1.5 s a file). Each call gets its own temporary profile
(`-env:UserInstallation`), because two soffice runs sharing a profile fail silently, and its own
process group, so a hung conversion is killed whole after the timeout: `soffice` execs oosplash,
which starts soffice.bin, and soffice.bin outlives a killed oosplash.

Nothing may outlive the caller either: the group is killed when the conversion ends any other way
(an exception, SIGALRM in a batch's in-process mode, Ctrl-C), and `kill_conversions()` lets a
batch worker's SIGTERM handler stop it before the worker exits. `conversion_deadline()` shortens
the timeout to what is left of a batch's per-file budget, so LibreOffice is stopped here, with a
clear reason, rather than by the pool killing the worker.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from ..errors import ParseError, WarningRecord
from ..limits import Limits
from ..model import SourceText
from .files import read_limited

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
CONVERT_TIMEOUT = 60.0  # seconds for one conversion, LibreOffice start-up included
MISSING_SOFFICE = (
    "cannot read .doc: install LibreOffice (Debian: libreoffice-writer-nogui) or save the file as .docx"
)
CONVERTED_WARNING = "converted from .doc with LibreOffice"
DEADLINE_MARGIN = 2.0  # seconds kept from a batch budget for reading the converted DOCX
MIN_CONVERT_TIMEOUT = 1.0

_running: dict[int, Path] = {}  # process group → temporary folder of each conversion in progress
_budget = threading.local()  # .deadline: time.monotonic() by which a conversion must be over


@contextlib.contextmanager
def conversion_deadline(deadline: float | None) -> Iterator[None]:
    """Within the block, conversions end by `deadline` (a time.monotonic() value), less a margin.

    Per thread, so Dask tasks sharing a worker process keep their own budgets.
    """
    previous = getattr(_budget, "deadline", None)
    _budget.deadline = deadline
    try:
        yield
    finally:
        _budget.deadline = previous


def _timeout() -> float:
    """CONVERT_TIMEOUT, or what is left of the caller's budget when that is shorter."""
    deadline = getattr(_budget, "deadline", None)
    if deadline is None:
        return CONVERT_TIMEOUT
    left = deadline - time.monotonic() - DEADLINE_MARGIN
    return max(MIN_CONVERT_TIMEOUT, min(CONVERT_TIMEOUT, left))


def kill_conversions() -> None:
    """SIGKILL every LibreOffice process group this process started and remove its temporary folder.

    For a signal handler that is about to `os._exit` (a batch worker told to stop): no waiting.
    """
    for pgid, workdir in list(_running.items()):
        with contextlib.suppress(OSError):
            os.killpg(pgid, signal.SIGKILL)
        shutil.rmtree(workdir, ignore_errors=True)


def find_soffice() -> str | None:
    """The LibreOffice executable on PATH, if any (tests skip without it)."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _convert(soffice: str, src: Path, workdir: Path, timeout: float) -> Path:
    """Run one headless conversion of `src` into `workdir`/out and return the .docx path."""
    outdir = workdir / "out"
    profile = workdir / "profile"
    cmd = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless", "--invisible", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
        "--convert-to", "docx:MS Word 2007 XML",
        "--outdir", str(outdir),
        str(src),
    ]
    env = dict(os.environ, HOME=str(workdir))  # keep LibreOffice's dot-files in the temp dir
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, start_new_session=True)
    _running[proc.pid] = workdir  # the session leader's pid is the group id
    try:
        _out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise ParseError(f"LibreOffice did not convert the .doc within {timeout:.0f} s", None) from None
    except BaseException:  # SIGALRM timeout, Ctrl-C, …: never leave soffice.bin behind
        _kill_group(proc)
        raise
    finally:
        _running.pop(proc.pid, None)
    result = outdir / (src.stem + ".docx")
    if not result.exists():
        detail = err.decode("utf-8", "replace").strip().splitlines()
        tail = f" ({detail[-1][:200]})" if detail else ""
        raise ParseError(f"LibreOffice could not convert the .doc file{tail}", None)
    return result


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """Kill the whole group we started (oosplash and soffice.bin) and reap the launcher."""
    with contextlib.suppress(OSError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(Exception):
        proc.communicate(timeout=5)


def read_doc(path: Path, limits: Limits | None = None) -> SourceText:
    """Read a legacy .doc via a LibreOffice conversion; lines and tables as `read_docx` gives.

    The result keeps format "docx" (that is what was parsed), the original `path` and the
    sha256 of the original bytes, and says in `warnings` that it was converted.
    """
    from .docx import read_docx

    path = Path(path)
    spath = str(path)
    limits = Limits.resolve(limits)
    limit = limits.max_bytes or DEFAULT_MAX_BYTES
    data = read_limited(path, limit)
    if not data.strip(b"\x00 \t\r\n"):
        raise ParseError("file is empty", spath)
    if data.startswith(b"PK\x03\x04"):
        # A .docx saved under a .doc name: read it directly, no conversion needed.
        source = read_docx(path, limits)
        source.warnings.insert(0, WarningRecord("doc_is_docx", "file named .doc is a DOCX (ZIP) file; read as DOCX"))
        return source
    if data.startswith(b"%PDF"):
        raise ParseError("content is a PDF, not a Word file; give it a .pdf extension", spath)

    soffice = find_soffice()
    if soffice is None:
        raise ParseError(MISSING_SOFFICE, spath)
    with tempfile.TemporaryDirectory(prefix="nqparser-doc-") as tmp:
        workdir = Path(tmp)
        src = workdir / "input.doc"  # a plain name: LibreOffice names its output after it
        src.write_bytes(data)
        try:
            converted = _convert(soffice, src, workdir, _timeout())
            source = read_docx(converted, limits)
        except ParseError as exc:
            raise ParseError(exc.reason, spath) from None
        except OSError as exc:
            raise ParseError(f"cannot run LibreOffice: {exc.strerror}", spath) from exc
    source.path = spath
    source.sha256 = hashlib.sha256(data).hexdigest()
    source.warnings.insert(0, WarningRecord("converted_from_doc", CONVERTED_WARNING))
    return source
