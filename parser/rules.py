"""Load the declarative rules in `grammars/*.toml` once and compile them.

A grammar file holds vocabularies (plain tables) and `[[rule]]` entries. A rule's pattern may use
shared fragments written `{NAME}` (defined under `[fragments]` in the same file or in
`common.toml`); they are expanded before compiling with the `regex` module. Every rule carries
its own `examples` (must match) and `counterexamples` (must not), which `tests/test_rules.py` runs,
so a user who edits a rule learns at once what it broke.

The folder is found in this order: `$NQPARSER_GRAMMARS`, the data package `nqparser.grammars`
(installed from the top-level `grammars/`), then `grammars/` beside the source folder.
"""

from __future__ import annotations

import importlib.util
import os
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import regex

from .errors import NqparserError
from .textfold import FOLD_HEAD, fold_char, fold_head, fold_prefix

RULE_KEYS = {
    "id", "kind", "pattern", "flags", "examples", "counterexamples", "description", "priority", "match",
    "max_chars", "roles", "capitals_only",
}
# What a rule may be asked for by the line layer (parser/lines.py): `roles = [...]` names them and
# `capitals_only = [...]` the roles for which the rule counts only on a line in capitals.
RULE_ROLES = frozenset({
    "label", "division_opener", "preamble", "tail", "join_blocker", "standalone", "layout_anchor",
    "bare_label", "reference_label", "document_start",
})
FLAG_NAMES = {"IGNORECASE": regex.IGNORECASE, "VERBOSE": regex.VERBOSE, "MULTILINE": regex.MULTILINE}
# `{NAME}` but not the Unicode property classes `\p{Lu}` / `\P{L}` / `\N{…}`.
FRAGMENT_RE = regex.compile(r"(?<!\\[pPN])\{([A-Z][A-Z0-9_]*)\}")


class GrammarError(NqparserError, ValueError):
    """A grammar file is malformed: unknown key, unknown fragment, bad pattern."""


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    kind: str
    pattern: regex.Pattern[str]
    source: str
    examples: tuple[str, ...]
    counterexamples: tuple[str, ...]
    description: str
    priority: int
    folded: bool  # matched against the tone-insensitive fold of the line (see textfold.fold)
    # Longer lines never match: for a rule whose pattern cannot be made linear but whose lines are
    # short by nature (a council line), this bounds its cost on adversarial input.
    max_chars: int | None = None

    # The same pattern with \b and \B spelled as lookarounds, for the partial-match pre-checks:
    # `regex` decides \b at the end of a partial string as if the text ended there ("- các đại
    # biểu " could never be followed by "khóa"), while a lookahead at the end is reported as
    # partial, which is what a sound pre-check needs.
    precheck: regex.Pattern[str] | None = field(default=None, compare=False, repr=False)
    # First character (folded for folded rules) → whether a match can start with it, learnt on
    # first sight by a partial match on that one character; most lines fail most rules right there.
    starts: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    def match(self, text: str) -> regex.Match[str] | None:
        """Match at the start of `text`; folded rules see `fold(text)`, whose offsets are the same.

        Two exact pre-checks skip work on lines that cannot match (tests/test_rules.py compares
        both ways): a partial match (None: no continuation could match) on the first character,
        then, for long lines of folded rules, on the folded head before folding the full prefix.
        """
        if text and not self.can_start(text[0]):
            return None
        return self.match_started(text)

    def can_start(self, ch: str) -> bool:
        """Whether a match can begin with character `ch` (exact; cached per character)."""
        if not ch:
            return True
        first = fold_char(ch) if self.folded else ch
        known = self.starts.get(first)
        if known is None:
            known = self.starts[first] = self.precheck is None or self.precheck.match(first, partial=True) is not None
        return known

    def match_started(self, text: str) -> regex.Match[str] | None:
        """`match` for a line whose first character already passed `can_start`."""
        if self.max_chars is not None and len(text) > self.max_chars:
            return None
        precheck = self.precheck
        if self.folded:
            if precheck is not None and len(text) > FOLD_HEAD and precheck.match(fold_head(text), partial=True) is None:
                return None
            return self.pattern.match(fold_prefix(text))
        return self.pattern.match(text)


# \b and \B outside a character class, not preceded by an escaping backslash.
_WORD_BOUNDARY_RE = regex.compile(r"(?<!\\)((?:\\\\)*)\\([bB])")
_BOUNDARY_AS_LOOKAROUND = {"b": r"(?:(?<=\w)(?!\w)|(?<!\w)(?=\w))", "B": r"(?:(?<=\w)(?=\w)|(?<!\w)(?!\w))"}


def precheck_pattern(pattern: regex.Pattern[str]) -> regex.Pattern[str] | None:
    r"""`pattern` with word boundaries as lookarounds (same matches; sound under partial=True),
    or None when the pattern has a character class holding \b (then no pre-check is made)."""
    source = pattern.pattern
    if regex.search(r"\[[^\]]*\\[bB]", source):
        return None
    rewritten = _WORD_BOUNDARY_RE.sub(lambda m: m.group(1) + _BOUNDARY_AS_LOOKAROUND[m.group(2)], source)
    return regex.compile(rewritten, pattern.flags)


def grammar_dir() -> Path:
    """The folder of the grammar files: the data package `nqparser.grammars` (pyproject maps it to
    the repository's top-level grammars/, so a wheel and an editable install both find it without
    a symlink), else grammars/ beside the source folder (a checkout that is not installed)."""
    env = os.environ.get("NQPARSER_GRAMMARS")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent
    spec = importlib.util.find_spec(f"{__package__}.grammars")
    found = list(spec.submodule_search_locations or []) if spec is not None else []
    for candidate in [*map(Path, found), here.parent / "grammars"]:
        if (candidate / "structure.toml").exists():
            return candidate
    raise GrammarError(f"grammar folder not found beside {here}; set NQPARSER_GRAMMARS")


@cache
def load_grammar(name: str) -> dict[str, Any]:
    """The parsed TOML of `grammars/<name>.toml` (cached: read once per process)."""
    path = grammar_dir() / f"{name}.toml"
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        raise GrammarError(f"no grammar file {path}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise GrammarError(f"{path}: {exc}") from exc


@cache
def fragments(name: str) -> dict[str, str]:
    """Fragments visible to grammar `name`: common.toml's, overridden by the file's own."""
    merged: dict[str, str] = {}
    for source in ("common", name):
        try:
            merged.update(load_grammar(source).get("fragments", {}))
        except GrammarError:
            if source != "common":
                raise
    return merged


def expand(pattern: str, frags: dict[str, str], *, where: str = "") -> str:
    """Replace `{NAME}` by its fragment, recursively (fragments may use fragments)."""
    for _ in range(10):
        def repl(m: regex.Match[str]) -> str:
            key = m.group(1)
            if key not in frags:
                raise GrammarError(f"{where}: unknown fragment {{{key}}}")
            return frags[key]

        new = FRAGMENT_RE.sub(repl, pattern)
        if new == pattern:
            return new
        pattern = new
    raise GrammarError(f"{where}: fragments nest too deeply")


def compile_pattern(pattern: str, grammar: str, flags: list[str] | tuple[str, ...] = ()) -> regex.Pattern[str]:
    value = 0
    for flag in flags:
        if flag not in FLAG_NAMES:
            raise GrammarError(f"{grammar}: unknown flag {flag}")
        value |= FLAG_NAMES[flag]
    source = expand(pattern, fragments(grammar), where=grammar)
    try:
        return regex.compile(source, value)
    except regex.error as exc:
        raise GrammarError(f"{grammar}: bad pattern {pattern!r}: {exc}") from exc


@cache
def rules(name: str) -> dict[str, Rule]:
    """The `[[rule]]` entries of a grammar, compiled, keyed by id, in priority order."""
    out: dict[str, Rule] = {}
    entries = load_grammar(name).get("rule", [])
    for entry in entries:
        unknown = set(entry) - RULE_KEYS
        if unknown:
            raise GrammarError(f"{name}: rule {entry.get('id')!r} has unknown keys {sorted(unknown)}")
        if "id" not in entry or "pattern" not in entry:
            raise GrammarError(f"{name}: every rule needs an id and a pattern")
        rid = entry["id"]
        _check_roles(name, entry)
        if rid in out:
            raise GrammarError(f"{name}: duplicate rule id {rid!r}")
        pattern = compile_pattern(entry["pattern"], name, entry.get("flags", ()))
        out[rid] = Rule(
            id=rid,
            kind=entry.get("kind", rid),
            pattern=pattern,
            source=entry["pattern"],
            examples=tuple(entry.get("examples", ())),
            counterexamples=tuple(entry.get("counterexamples", ())),
            description=entry.get("description", ""),
            priority=int(entry.get("priority", 100)),
            folded=_match_mode(name, entry) == "folded",
            max_chars=int(entry["max_chars"]) if "max_chars" in entry else None,
            precheck=precheck_pattern(pattern),
        )
    return dict(sorted(out.items(), key=lambda kv: kv[1].priority))


def _check_roles(name: str, entry: dict[str, Any]) -> None:
    """`roles` and `capitals_only` name known roles; capitals_only only roles the rule plays."""
    roles = entry.get("roles", [])
    caps = entry.get("capitals_only", [])
    for key, names in (("roles", roles), ("capitals_only", caps)):
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise GrammarError(f"{name}: rule {entry['id']!r}: {key} must be a list of role names")
        unknown = set(names) - RULE_ROLES
        if unknown:
            raise GrammarError(f"{name}: rule {entry['id']!r}: unknown role(s) {sorted(unknown)} in {key}")
    if set(caps) - set(roles):
        raise GrammarError(f"{name}: rule {entry['id']!r}: capitals_only names roles it does not play")


def _match_mode(name: str, entry: dict[str, Any]) -> str:
    mode = entry.get("match", "text")
    if mode not in ("text", "folded"):
        raise GrammarError(f"{name}: rule {entry['id']!r}: match must be 'text' or 'folded'")
    return mode


def rule(name: str, rule_id: str) -> Rule:
    try:
        return rules(name)[rule_id]
    except KeyError as exc:
        raise GrammarError(f"{name}: no rule {rule_id!r}") from exc


def all_grammar_names() -> list[str]:
    return sorted(p.stem for p in grammar_dir().glob("*.toml"))
