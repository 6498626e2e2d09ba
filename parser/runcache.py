"""What a process derives from the package's own files, kept for the next run the way Python keeps
a module's bytecode: compiled patterns and parsed grammar files.

Why: a one-file run (`nqparser FILE`) spent more CPU compiling the grammar's patterns than parsing
the file: `regex` and `re` parse a pattern and assemble its opcodes in Python (50 ms for the rules
a short resolution reaches, 150 ms more for the number grammar's large alternations), and reading
the grammar files with tomllib took 14 ms more. What a compile hands to the C engine (the opcode
list, the group names, a few ints) depends only on the pattern, its flags and the versions of
Python and `regex`, and a grammar file's tables only on its bytes, so both are recorded on a first
run and read back on later ones (a few microseconds a pattern).

`compile_regex` and `compile_re` stand in for `regex.compile` and `re.compile` (same patterns, same
errors); `parsed_toml` for `tomllib.load` of a file (used when the file's bytes are those recorded).
The records live in one file beside this module's bytecode (`__pycache__/patterns.<versions>.bin`,
or under `sys.pycache_prefix`; in the user's cache folder for an install the user cannot write
to), read once per process and written at exit when the process made
something new, unless bytecode is not written (`python -B`, PYTHONDONTWRITEBYTECODE).
`NQPARSER_PATTERN_CACHE` names another file, or `off`. A file that is unreadable, damaged or made
by other versions is ignored (and replaced), so the cache can only save time, never change a result.
"""

from __future__ import annotations

import atexit
import importlib
import marshal
import os
import re
import sys
import threading
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import regex

# The C halves of the two engines, to hand them recorded opcodes (untyped modules).
_sre: Any = importlib.import_module("_sre")
_regex: Any = importlib.import_module("regex._regex")

FORMAT = 1
MAGIC = b"NQPC"
# Past this many records (or bytes) a save keeps only the ones this process used: those of
# grammars that are no longer used (an edited copy in a test) do not pile up.
MAX_ENTRIES = 5000
MAX_BYTES = 32 << 20
ENV = "NQPARSER_PATTERN_CACHE"

# engine, pattern, flags, regex.DEFAULT_VERSION (0 for re); "toml", path, 0, 0; "derived", name, crc, size
Key = tuple[str, str, int, int]

_lock = threading.RLock()
_store: _Store | None = None


def compile_regex(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """`regex.compile(pattern, flags)`, from the recorded opcodes when a run before compiled it."""
    built: regex.Pattern[str] = _get_store().compile(("regex", pattern, int(flags), int(regex.DEFAULT_VERSION)))
    return built


def compile_re(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, from the recorded opcodes when a run before compiled it."""
    built: re.Pattern[str] = _get_store().compile(("re", pattern, int(flags), 0))
    return built


def parsed_toml(path: Path) -> dict[str, Any]:
    """`tomllib.load` of the file at `path` (same errors), from the record when its bytes are the same."""
    raw = path.read_bytes()
    key: Key = ("toml", str(path), 0, 0)
    store = _get_store()
    found, data = _read_back(store, key, raw)
    if found and isinstance(data, dict):
        return data
    import tomllib  # only when the file changed or was never read: its import costs 3 ms

    data = tomllib.loads(raw.decode())
    if store.writes():
        try:
            store.record(key, marshal.dumps((raw, data)))
        except ValueError:  # a date or time in the file: marshal does not take it
            pass
    return data


def _read_back(store: _Store, key: Key, proof: bytes) -> tuple[bool, Any]:
    """(True, value) when the record under `key` is (proof, value) with the same proof bytes
    (the file's bytes, a derived value's recipe); (False, None) otherwise."""
    blob = store.recorded.get(key)
    if blob is None:
        return False, None
    try:
        recorded_proof, value = marshal.loads(blob)
    except Exception:  # a damaged entry: built again and recorded anew
        return False, None
    if recorded_proof != proof:
        return False, None
    store.used.add(key)
    return True, value


def version_tag() -> str:
    """What the recorded opcodes depend on: the interpreter and its `re` engine, `regex`, this format."""
    return (f"{sys.implementation.cache_tag}-{sys.hexversion:x}-sre{_sre.MAGIC}-regex{regex.__version__}"
            f"-{_regex.MAGIC}-f{FORMAT}")


def cache_path() -> Path | None:
    """The cache file: $NQPARSER_PATTERN_CACHE (`off`: none), else beside this module's bytecode,
    else (an install this user cannot write to) in the user's cache folder."""
    named = os.environ.get(ENV)
    if named is not None:
        return None if named.strip().lower() in ("", "0", "off", "no", "false") else Path(named)
    try:
        import importlib.util

        bytecode = Path(importlib.util.cache_from_source(__file__))
    except (NotImplementedError, ValueError):  # no cache_tag: this interpreter keeps no bytecode
        return None
    name = f"patterns.{version_tag()}.bin"
    if _writable(bytecode.parent) or (bytecode.parent / name).exists():
        return bytecode.parent / name
    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(home) / "nqparser" / name


def _writable(folder: Path) -> bool:
    """Whether files can be made in `folder` (or in the nearest folder above it that exists)."""
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    return os.access(folder, os.W_OK)


class _Store:
    """The recorded compile arguments of one cache file, and the patterns built from them."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.recorded: dict[Key, bytes] = _read(path) if path is not None else {}
        self.fresh: dict[Key, bytes] = {}  # compiled by this process, not yet in the file
        self.used: set[Key] = set()
        self.built: dict[Key, Any] = {}  # one pattern object per key, as the engines' own caches give
        self.dropped = False  # an entry was unusable: the file is rewritten without it

    def compile(self, key: Key) -> Any:
        pattern = self.built.get(key)
        if pattern is not None:
            return pattern
        with _lock:
            pattern = self.built.get(key)
            if pattern is None:
                pattern = self.built[key] = self._rebuild(key) or self._compile_and_record(key)
        return pattern

    def _rebuild(self, key: Key) -> Any:
        blob = self.recorded.get(key)
        if blob is None:
            return None
        try:
            pattern = _BUILDERS[key[0]](marshal.loads(blob))
        except Exception:  # an entry from a damaged file: compile afresh and record again
            del self.recorded[key]
            self.dropped = True
            return None
        self.used.add(key)
        return pattern

    def _compile_and_record(self, key: Key) -> Any:
        engine, source, flags, _ = key
        if not self.writes():  # nothing would keep the record: compile as the engine does
            return regex.compile(source, flags) if engine == "regex" else re.compile(source, flags)
        pattern, args = _RECORDERS[engine](source, flags)
        if args is not None:
            self.record(key, args)
        return pattern

    def writes(self) -> bool:
        """Whether what this process compiles is written to the file (checked at each use:
        `sys.dont_write_bytecode` may be set after import)."""
        return self.path is not None and not sys.dont_write_bytecode

    def record(self, key: Key, blob: bytes) -> None:
        """Keep `blob` for the file, written at exit."""
        if self.writes():
            with _lock:
                self.fresh[key] = blob
                self.used.add(key)
            _save_at_exit()

    def save(self) -> None:
        """Merge what this process compiled into the file (re-read: another process may have
        added to it meanwhile) and write it whole, atomically."""
        if self.path is None or not (self.fresh or self.dropped) or sys.dont_write_bytecode:
            return
        entries = _read(self.path)
        entries.update(self.fresh)
        if len(entries) > MAX_ENTRIES or sum(map(len, entries.values())) > MAX_BYTES:
            entries = {k: v for k, v in entries.items() if k in self.used}
            entries.update(self.fresh)
        _write(self.path, entries)
        self.recorded.update(self.fresh)
        self.fresh.clear()
        self.dropped = False


def _get_store() -> _Store:
    global _store
    store = _store
    if store is None:
        with _lock:
            if _store is None:
                _store = _Store(cache_path())
            store = _store
    return store


_save_registered = False


def _save_at_exit() -> None:
    global _save_registered
    if not _save_registered:
        _save_registered = True
        atexit.register(save)


def save() -> None:
    """Write the patterns compiled so far to the cache file now (also done at exit)."""
    store = _store
    if store is not None:
        with _lock:
            try:
                store.save()
            except OSError:  # a read-only install, a full disk: the next run compiles again
                pass


def reset(path: Path | None = None) -> None:
    """Forget the patterns built in this process and read the cache file again (for tests)."""
    global _store
    with _lock:
        _store = _Store(path if path is not None else cache_path())


def derived(name: str, inputs: Any, code: tuple[str, ...], build: Callable[[], Any]) -> Any:
    """`build()`, a value marshal takes, from the record of a run before when `inputs` (the grammar
    tables it reads, any value marshal takes) and the source files `code` (the modules whose
    functions build it) are byte for byte those recorded.

    Why: the number grammar assembles its patterns from the vocabularies (tries of every word
    and its old-tone spellings): 10 ms of a one-file run, the same on every run."""
    store = _get_store()
    try:
        recipe = marshal.dumps((inputs, tuple(Path(f).read_bytes() for f in code)), 2)
    except (OSError, ValueError):  # a module without its source, a value marshal does not take
        return build()
    key: Key = ("derived", name, zlib.crc32(recipe), len(recipe))
    found, value = _read_back(store, key, recipe)
    if found:
        return value
    value = build()
    if store.writes():
        try:
            store.record(key, marshal.dumps((recipe, value), 2))
        except ValueError:
            pass
    return value


# --- the file ----------------------------------------------------------------------------------

def _read(path: Path) -> dict[Key, bytes]:
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    head = len(MAGIC) + 4
    body = memoryview(data)[head:]
    if data[:len(MAGIC)] != MAGIC or int.from_bytes(data[len(MAGIC):head], "little") != zlib.crc32(body):
        return {}
    try:
        tag, entries = marshal.loads(body)
    except (EOFError, ValueError, TypeError):
        return {}
    return entries if tag == version_tag() and isinstance(entries, dict) else {}


def _write(path: Path, entries: dict[Key, bytes]) -> None:
    from .serialize import write_atomic  # at exit only: a run that writes nothing never imports orjson

    body = marshal.dumps((version_tag(), entries))
    write_atomic(path, MAGIC + zlib.crc32(body).to_bytes(4, "little") + body, fsync=False)


# --- recording what an engine hands to its C part ------------------------------------------------

class _Recorder:
    """Stands in for an engine's C module while one pattern compiles, keeping the arguments of
    its `compile` call (any other attribute is the module's own)."""

    def __init__(self, real: Any) -> None:
        self._real = real
        self._thread = threading.get_ident()
        self.args: tuple[Any, ...] | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def compile(self, *args: Any) -> Any:
        if self.args is None and threading.get_ident() == self._thread:
            self.args = args
        return self._real.compile(*args)


def _plain(value: Any) -> Any:
    """The value with flag enums as ints, so that marshal takes it."""
    if isinstance(value, int):
        return int(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    return value


def _recorded(module: Any, attribute: str, compile_it: Callable[[], Any]) -> tuple[Any, tuple[Any, ...] | None]:
    """Compile with `module.attribute` (the engine's C module) replaced by a recorder."""
    real = getattr(module, attribute)
    recorder = _Recorder(real)
    setattr(module, attribute, recorder)
    try:
        pattern = compile_it()
    finally:
        setattr(module, attribute, real)
    return pattern, recorder.args


def _record_regex(source: str, flags: int) -> tuple[regex.Pattern[str], bytes | None]:
    from regex import _main

    pattern, args = _recorded(_main, "_regex", lambda: regex.compile(source, flags, cache_pattern=False))
    if args is None or args[5] or (pattern.flags & regex.LOCALE):  # named lists, locale: not recorded
        return pattern, None
    return pattern, _checked(args, pattern, _build_regex)


def _record_re(source: str, flags: int) -> tuple[re.Pattern[str], bytes | None]:
    _compiler = importlib.import_module("re._compiler")
    if flags & re.DEBUG:
        return re.compile(source, flags), None
    pattern, args = _recorded(_compiler, "_sre", lambda: _compiler.compile(source, flags))
    if args is None or (pattern.flags & re.LOCALE):
        return pattern, None
    return pattern, _checked(args, pattern, _build_re)


def _checked(args: tuple[Any, ...], pattern: Any, build: Callable[[Any], Any]) -> bytes | None:
    """The arguments as marshal bytes, if they rebuild the same pattern (else None: not recorded)."""
    try:
        blob = marshal.dumps(_plain(args))
        again = build(marshal.loads(blob))
    except Exception:
        return None
    same = (again.pattern, again.flags, again.groups, again.groupindex) == (
        pattern.pattern, pattern.flags, pattern.groups, pattern.groupindex)
    return blob if same else None


def _build_regex(args: Any) -> Any:
    return _regex.compile(*args)


def _build_re(args: Any) -> Any:
    return _sre.compile(*args)


_BUILDERS: dict[str, Callable[[Any], Any]] = {"regex": _build_regex, "re": _build_re}
_RECORDERS: dict[str, Callable[[str, int], tuple[Any, bytes | None]]] = {"regex": _record_regex, "re": _record_re}
