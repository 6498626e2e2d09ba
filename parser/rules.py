"""Load the declarative rules in `grammars/*.toml` once and compile them.

A grammar file holds vocabularies (plain tables) and `[[rule]]` entries. A rule's pattern may use
shared fragments written `{NAME}` (defined under `[fragments]` in the same file or in
`common.toml`); they are expanded before compiling with the `regex` module. Every rule carries
its own `examples` (must match) and `counterexamples` (must not), which `tests/test_rules.py` runs,
so a user who edits a rule learns at once what it broke.

A `Grammar` is one folder of such files, read once and compiled lazily (a rule on its first match);
the parser holds one, and the facades `load_grammar`, `rules`, `rule` ask it. The default folder is
found in this order: `$NQPARSER_GRAMMARS` (read once, at first use), the data package
`nqparser.grammars` (installed from the top-level `grammars/`), then `grammars/` beside the source
folder; `use_grammar(Grammar(folder))` puts another in use.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Any

import regex

from .errors import NqparserError
from .runcache import compile_regex, parsed_toml
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
FRAGMENT_RE = compile_regex(r"(?<!\\[pPN])\{([A-Z][A-Z0-9_]*)\}")


# Lines up to this long skip the folded-head pre-check and are matched on their full fold at once:
# the fold is cached per line and shared by every folded rule, while a partial match costs `regex`
# ten times a plain one (measured on place_date: 4.4 µs against 0.3 µs on a 68-character line).
# Longer lines keep the pre-check, which bounds the cost of a rule on adversarial input.
PRECHECK_MIN_CHARS = 400


class GrammarError(NqparserError, ValueError):
    """A grammar file is malformed: unknown key, unknown fragment, bad pattern."""


class Rule:
    """One `[[rule]]` entry. Its pattern (and pre-check) is compiled on first use: most lines never
    reach most rules, so a one-file run compiles only the few its lines ask about."""

    __slots__ = (
        "_expanded",
        "_flags",
        "_needs",
        "_needs_read",
        "_pattern",
        "_precheck",
        "_prechecked",
        "_where",
        "counterexamples",
        "description",
        "examples",
        "folded",
        "id",
        "kind",
        "max_chars",
        "priority",
        "source",
        "starts",
    )

    def __init__(self, *, id: str, kind: str, source: str, expanded: str, flags: int, where: str,
                 examples: tuple[str, ...] = (), counterexamples: tuple[str, ...] = (), description: str = "",
                 priority: int = 100, folded: bool = False, max_chars: int | None = None) -> None:
        self.id = id
        self.kind = kind
        self.source = source
        self.examples = examples
        self.counterexamples = counterexamples
        self.description = description
        self.priority = priority
        # matched against the tone-insensitive fold of the line (see textfold.fold)
        self.folded = folded
        # Longer lines never match: for a rule whose pattern cannot be made linear but whose lines
        # are short by nature (a council line), this bounds its cost on adversarial input.
        self.max_chars = max_chars
        # First character (folded for folded rules) → whether a match can start with it, learnt on
        # first sight by a partial match on that one character; most lines fail most rules there.
        self.starts: dict[str, bool] = {}
        self._expanded = expanded
        self._flags = flags
        self._where = where
        self._pattern: regex.Pattern[str] | None = None
        self._precheck: regex.Pattern[str] | None = None
        self._prechecked = False
        self._needs: tuple[tuple[str, ...], tuple[str, ...]] | None = None  # see _literal_needs
        self._needs_read = False

    def __repr__(self) -> str:
        return f"Rule(id={self.id!r}, kind={self.kind!r}, source={self.source!r})"

    @property
    def pattern(self) -> regex.Pattern[str]:
        """The compiled pattern (fragments expanded), compiled on first use."""
        pattern = self._pattern
        if pattern is None:
            try:
                pattern = self._pattern = compile_regex(self._expanded, self._flags)
            except regex.error as exc:
                raise GrammarError(f"{self._where}: bad pattern {self.source!r}: {exc}") from exc
        return pattern

    @property
    def precheck(self) -> regex.Pattern[str] | None:
        """The same pattern with \\b and \\B spelled as lookarounds, for the partial-match
        pre-checks: `regex` decides \\b at the end of a partial string as if the text ended there
        ("- các đại biểu " could never be followed by "khóa"), while a lookahead at the end is
        reported as partial, which is what a sound pre-check needs. Compiled on first use."""
        if not self._prechecked:
            rewritten = precheck_source(self._expanded)
            if rewritten is None:
                self._precheck = None
            elif rewritten == self._expanded:
                self._precheck = self.pattern  # no word boundary: the pattern is its own pre-check
            else:  # the main pattern stays uncompiled until a line passes the pre-check
                try:
                    self._precheck = compile_regex(rewritten, self._flags)
                except regex.error as exc:
                    raise GrammarError(f"{self._where}: bad pattern {self.source!r}: {exc}") from exc
            self._prechecked = True
        return self._precheck

    def compile(self) -> None:
        """Compile the pattern and its pre-check now (a batch parent does, before forking)."""
        self.pattern  # noqa: B018 - the properties compile
        self.precheck  # noqa: B018
        if not self._needs_read:
            self._needs = self._literal_needs()
            self._needs_read = True

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
            precheck = self.precheck
            known = self.starts[first] = precheck is None or precheck.match(first, partial=True) is not None
        return known

    def match_started(self, text: str, folded: str | None = None) -> regex.Match[str] | None:
        """`match` for a line whose first character already passed `can_start`; `folded` is
        `fold_prefix(text)` when the caller has it (a line is asked by several rules)."""
        if self.max_chars is not None and len(text) > self.max_chars:
            return None
        pattern = self._pattern or self.pattern
        if self.folded:
            if len(text) > PRECHECK_MIN_CHARS and len(text) > FOLD_HEAD:
                precheck = self.precheck
                if precheck is not None and precheck.match(fold_head(text), partial=True) is None:
                    return None
            if folded is None:
                folded = fold_prefix(text)
            if not self._needs_read:
                self._needs = self._literal_needs()
                self._needs_read = True
            needs = self._needs
            if needs is not None:
                starts, holds = needs
                if not folded.startswith(starts):
                    for word in holds:
                        if word in folded:
                            break
                    else:
                        return None  # none of the words every match holds
            return pattern.match(folded)
        return pattern.match(text)

    def _literal_needs(self) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
        """The words a folded line must start with or hold for the pattern to match (see
        `required_literals`), or None. Read only for patterns without flags: IGNORECASE would
        let "s" match "ſ", which the fold keeps."""
        literals = required_literals(self._expanded) if self._flags == 0 else None
        if literals is None:
            return None
        return (tuple(w for w, anchored in literals if anchored), tuple(w for w, anchored in literals if not anchored))


# \b and \B outside a character class, not preceded by an escaping backslash.
_WORD_BOUNDARY_RE = compile_regex(r"(?<!\\)((?:\\\\)*)\\([bB])")
_CLASS_WITH_BOUNDARY_RE = compile_regex(r"\[[^\]]*\\[bB]")
_BOUNDARY_AS_LOOKAROUND = {"b": r"(?:(?<=\w)(?!\w)|(?<!\w)(?=\w))", "B": r"(?:(?<=\w)(?=\w)|(?<!\w)(?!\w))"}


def precheck_source(source: str) -> str | None:
    r"""`source` with word boundaries as lookarounds (same matches; sound under partial=True), or
    None when the pattern has a character class holding \b (then no pre-check is made)."""
    if _CLASS_WITH_BOUNDARY_RE.search(source):
        return None
    return _WORD_BOUNDARY_RE.sub(lambda m: m.group(1) + _BOUNDARY_AS_LOOKAROUND[m.group(2)], source)


def precheck_pattern(pattern: regex.Pattern[str]) -> regex.Pattern[str] | None:
    """The pre-check of a compiled pattern (see `precheck_source`)."""
    rewritten = precheck_source(pattern.pattern)
    return None if rewritten is None else compile_regex(rewritten, pattern.flags)


# What `required_literals` does not read: inline flags and comments ("(?i)" would make the words
# match in any case, "(?x)" make spaces insignificant), conditionals, and escapes that stand for
# more than one character or for a group ("\\x41", "\\1"). Groups, look-arounds and classes are
# read as atoms that hold no literal.
_OPAQUE_RE = compile_regex(r"\(\?(?!P[<=>]|[<:=!>|])|\\[xuU0-9gQE]")


LITERAL_MIN_CHARS = 3


def required_literals(source: str, *, ascii_only: bool = True) -> tuple[tuple[str, bool], ...] | None:
    """For each top-level alternative of `source`, a run of literal text it must hold, with
    whether the run must open the text: a text matching the pattern holds one of them (at its
    start, if anchored). None when some alternative holds no run of LITERAL_MIN_CHARS letters,
    digits or spaces outside its groups, classes and escapes: the pattern can then only be tried.

    An exact pre-filter (`Rule.match_started`, `indicator_vocab.canonical_code`): a substring test
    costs a fraction of a regex search, and most texts match no pattern. The folded rules' words
    are ASCII; with `ascii_only=False` the letters of a flagless pattern on raw text count too
    ("số lượt")."""
    if _OPAQUE_RE.search(source):
        return None
    out: list[tuple[str, bool]] = []
    for alternative in _top_level_alternatives(source):
        best = _longest_run(alternative, ascii_only)
        if best is None:
            return None
        out.append(best)
    return tuple(out)


def _longest_run(alternative: str, ascii_only: bool = True) -> tuple[str, bool] | None:
    """The longest run of literal characters of one alternative that every match holds, and
    whether it opens every match (the alternative starts with "^" and the run)."""
    runs: list[tuple[str, bool]] = []
    run: list[str] = []
    anchored = alternative.startswith("^")
    first = True  # the run being read is the first thing of the alternative (after "^")
    i = 1 if anchored else 0

    def close() -> None:
        nonlocal run, first
        if run:
            runs.append(("".join(run), anchored and first))
        run = []
        first = False

    while i < len(alternative):
        ch = alternative[i]
        if ch in "?*{":
            if run:
                run.pop()  # the character before may be absent
            close()
            if ch == "{":
                end = alternative.find("}", i)
                i = len(alternative) if end < 0 else end + 1
            else:
                i += 1
            continue
        if ch == "+":
            close()
            i += 1
            continue
        if (ch.isascii() or not ascii_only) and (ch.isalnum() or ch == " "):
            run.append(ch)
            i += 1
            continue
        close()
        if ch == "\\":
            i += 2
        elif ch == "[":
            i = _class_end(alternative, i)
        elif ch == "(":
            i = _group_end(alternative, i)
        else:
            i += 1
        if i < len(alternative) and alternative[i] in "?*+{":
            # a quantified group, class or escape: skip the quantifier with it
            if alternative[i] == "{":
                end = alternative.find("}", i)
                i = len(alternative) if end < 0 else end + 1
            else:
                i += 1
            if i < len(alternative) and alternative[i] in "?+":
                i += 1  # lazy or possessive
    close()
    runs = [r for r in runs if len(r[0]) >= LITERAL_MIN_CHARS]
    if not runs:
        return None
    return max(runs, key=lambda r: (len(r[0]), r[1]))


def _class_end(source: str, i: int) -> int:
    """The index after the character class opening at `i`."""
    j = i + 1
    if source[j:j + 1] == "^":
        j += 1
    if source[j:j + 1] == "]":
        j += 1  # a literal "]" first
    while j < len(source) and source[j] != "]":
        j += 2 if source[j] == "\\" else 1
    return j + 1


def _group_end(source: str, i: int) -> int:
    """The index after the group opening at `i`."""
    depth = 0
    j = i
    while j < len(source):
        ch = source[j]
        if ch == "\\":
            j += 2
            continue
        if ch == "[":
            j = _class_end(source, j)
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return j


def _top_level_alternatives(source: str) -> list[str]:
    """`source` split at the "|" outside groups, classes and escapes."""
    parts: list[str] = []
    depth = 0
    in_class = False
    start = i = 0
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if source[i + 1:i + 2] == "]" or source[i + 1:i + 3] == "^]":
                i += 2 if source[i + 1] == "]" else 3  # "[]…]", "[^]…]": a literal "]" first
                continue
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(source[start:i])
            start = i + 1
        i += 1
    parts.append(source[start:])
    return parts


def find_grammar_dir() -> Path:
    """The folder of the default grammar: `$NQPARSER_GRAMMARS` (read once, when the default
    grammar is made), else the data package `nqparser.grammars` (pyproject maps it to the
    repository's top-level grammars/, so a wheel and an editable install both find it without a
    symlink), else grammars/ beside the source folder (a checkout that is not installed)."""
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


class Grammar:
    """A folder of grammar files: each file is read once, its rules are checked and expanded on
    first request, and each rule's pattern is compiled on its first match.

    The parser holds one (`current_grammar()`); `use_grammar(Grammar(folder))` puts another in
    use, for a test or a user's edited copy, without touching environment variables.
    """

    def __init__(self, folder: Path | str | None = None) -> None:
        self.folder = Path(folder) if folder is not None else find_grammar_dir()
        self._data: dict[str, dict[str, Any]] = {}
        self._fragments: dict[str, dict[str, str]] = {}
        self._rules: dict[str, dict[str, Rule]] = {}

    def __repr__(self) -> str:
        return f"Grammar({str(self.folder)!r})"

    def names(self) -> list[str]:
        """The grammar files of the folder, by name (`structure`, `numbers`, …)."""
        return sorted(p.stem for p in self.folder.glob("*.toml"))

    def data(self, name: str) -> dict[str, Any]:
        """The parsed TOML of `<folder>/<name>.toml` (read once)."""
        known = self._data.get(name)
        if known is None:
            path = self.folder / f"{name}.toml"
            try:
                known = parsed_toml(path)  # read back from the last run when the file is unchanged
            except FileNotFoundError as exc:
                raise GrammarError(f"no grammar file {path}") from exc
            except ValueError as exc:
                import tomllib

                if not isinstance(exc, tomllib.TOMLDecodeError):
                    raise
                raise GrammarError(f"{path}: {exc}") from exc
            self._data[name] = known
        return known

    def fragments(self, name: str) -> dict[str, str]:
        """Fragments visible to grammar `name`: common.toml's, overridden by the file's own."""
        merged = self._fragments.get(name)
        if merged is None:
            merged = {}
            for source in ("common", name):
                try:
                    merged.update(self.data(source).get("fragments", {}))
                except GrammarError:
                    if source != "common":
                        raise
            self._fragments[name] = merged
        return merged

    def rules(self, name: str) -> dict[str, Rule]:
        """The `[[rule]]` entries of a grammar, checked and expanded (not yet compiled), keyed by
        id, in priority order. The same dict object for as long as this grammar lives."""
        known = self._rules.get(name)
        if known is None:
            known = self._rules[name] = self._build_rules(name)
        return known

    def rule(self, name: str, rule_id: str) -> Rule:
        try:
            return self.rules(name)[rule_id]
        except KeyError as exc:
            raise GrammarError(f"{name}: no rule {rule_id!r}") from exc

    def compile_all(self) -> None:
        """Read every file and compile every rule now: a batch parent does this before forking
        (the workers inherit the patterns), and it reports any bad pattern at once."""
        for name in self.names():
            for entry in self.rules(name).values():
                entry.compile()

    def _build_rules(self, name: str) -> dict[str, Rule]:
        out: dict[str, Rule] = {}
        frags = self.fragments(name)
        for entry in self.data(name).get("rule", []):
            unknown = set(entry) - RULE_KEYS
            if unknown:
                raise GrammarError(f"{name}: rule {entry.get('id')!r} has unknown keys {sorted(unknown)}")
            if "id" not in entry or "pattern" not in entry:
                raise GrammarError(f"{name}: every rule needs an id and a pattern")
            rid = entry["id"]
            _check_roles(name, entry)
            if rid in out:
                raise GrammarError(f"{name}: duplicate rule id {rid!r}")
            out[rid] = Rule(
                id=rid,
                kind=entry.get("kind", rid),
                source=entry["pattern"],
                expanded=expand(entry["pattern"], frags, where=name),
                flags=_flags(name, entry.get("flags", ())),
                where=name,
                examples=tuple(entry.get("examples", ())),
                counterexamples=tuple(entry.get("counterexamples", ())),
                description=entry.get("description", ""),
                priority=int(entry.get("priority", 100)),
                folded=_match_mode(name, entry) == "folded",
                max_chars=int(entry["max_chars"]) if "max_chars" in entry else None,
            )
        return dict(sorted(out.items(), key=lambda kv: kv[1].priority))


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


def _flags(grammar: str, flags: list[str] | tuple[str, ...]) -> int:
    value = 0
    for flag in flags:
        if flag not in FLAG_NAMES:
            raise GrammarError(f"{grammar}: unknown flag {flag}")
        value |= FLAG_NAMES[flag]
    return value


def compile_pattern(pattern: str, grammar: str, flags: list[str] | tuple[str, ...] = ()) -> regex.Pattern[str]:
    """Compile a pattern written in grammar `grammar`'s terms (fragments, flag names)."""
    value = _flags(grammar, flags)
    source = expand(pattern, fragments(grammar), where=grammar)
    try:
        return compile_regex(source, value)
    except regex.error as exc:
        raise GrammarError(f"{grammar}: bad pattern {pattern!r}: {exc}") from exc


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


# --- the grammar in use ------------------------------------------------------------------------

_current: Grammar | None = None


def current_grammar() -> Grammar:
    """The grammar the parser uses: the default folder's, made on first call."""
    global _current
    if _current is None:
        _current = Grammar()
    return _current


default_grammar = current_grammar


class use_grammar:  # a function in use: `with use_grammar(Grammar(folder)):`
    """Put `grammar` in use: at once (a setter), and until the `with` block ends if used as a
    context manager (then the previous one comes back). Either way the values built from the
    previous grammar and the per-line answers are forgotten."""

    def __init__(self, grammar: Grammar) -> None:
        global _current
        self._previous = _current
        _current = grammar
        _forget()

    def __enter__(self) -> Grammar:
        assert _current is not None
        return _current

    def __exit__(self, *exc: object) -> None:
        global _current
        _current = self._previous
        _forget()


def _forget() -> None:
    from . import caches

    caches.clear_per_grammar()
    caches.clear_per_line()


# --- facades: callers name a grammar file and a rule, the grammar in use answers ----------------

def grammar_dir() -> Path:
    """The folder of the grammar in use."""
    return current_grammar().folder


def load_grammar(name: str) -> dict[str, Any]:
    """The parsed TOML of `grammars/<name>.toml` (read once per grammar)."""
    return current_grammar().data(name)


def fragments(name: str) -> dict[str, str]:
    """Fragments visible to grammar `name`: common.toml's, overridden by the file's own."""
    return current_grammar().fragments(name)


def rules(name: str) -> dict[str, Rule]:
    """The `[[rule]]` entries of a grammar keyed by id, in priority order; the same dict object
    while the grammar in use is unchanged (segment.py notices a swap by its identity).

    Asked once per classified line, hence the direct lookup before the method call."""
    grammar = _current if _current is not None else current_grammar()
    known = grammar._rules.get(name)
    return known if known is not None else grammar.rules(name)


def rule(name: str, rule_id: str) -> Rule:
    return current_grammar().rule(name, rule_id)


def all_grammar_names() -> list[str]:
    return current_grammar().names()
