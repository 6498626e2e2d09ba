"""The line layer: what one cleaned line is, asked the same way by every stage and every reader.

A `[[rule]]` of grammars/structure.toml says which questions it answers (`roles = [...]`): the
labels of the body, the preamble and tail anchors, the lines a join never crosses, the anchors
that stand alone or lay out a page. `[role_order]` spells the order in which a role's rules are
tried (the first that matches names the line), and `capitals_only` the roles for which a rule
counts only on a line in capitals. The cleaner, the table rebuilder, the zone finder, the tree
and the tail extractors all ask here; none keeps a private list of rule ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import regex

from . import rules as R
from .caches import per_grammar, per_line
from .model import Line
from .textfold import fold_prefix

GRAMMAR = "structure"

# Label kinds whose text is often put on the next line by PDF and Word conversions ("a)" ⏎ "Text").
BARE_LABEL_MAX_CHARS = 10  # "XXXVIII.", "Điều 100."


@dataclass(slots=True)
class Classified:
    line: Line
    kind: str  # rule id, "table_row" or "text"
    label: str | None = None
    rest: str = ""
    match: regex.Match[str] | None = None


@dataclass(frozen=True, slots=True)
class Roles:
    """The role tables of one loaded grammar: role → rule ids in order, role → capitals-only ids."""
    order: dict[str, tuple[str, ...]]
    capitals: dict[str, frozenset[str]]


@per_grammar
def roles() -> Roles:
    """The roles of grammars/structure.toml (built again when another grammar is put in use)."""
    return _build_roles(R.load_grammar(GRAMMAR))


def _build_roles(data: dict[str, Any]) -> Roles:
    table = R.rules(GRAMMAR)  # validates `roles` and `capitals_only` of every rule
    members: dict[str, list[str]] = {}
    capitals: dict[str, set[str]] = {}
    for entry in data.get("rule", []):
        for role in entry.get("roles", []):
            members.setdefault(role, []).append(entry["id"])
        for role in entry.get("capitals_only", []):
            capitals.setdefault(role, set()).add(entry["id"])
    spelled = data.get("role_order", {})
    order: dict[str, tuple[str, ...]] = {}
    for role in R.RULE_ROLES:
        ids = members.get(role, [])
        if role in spelled:
            listed = list(spelled[role])
            if sorted(listed) != sorted(ids):
                raise R.GrammarError(f"{GRAMMAR}: [role_order] {role} lists {sorted(listed)} but the rules "
                                     f"playing it are {sorted(ids)}")
            order[role] = tuple(listed)
        else:
            order[role] = tuple(rid for rid in table if rid in ids)  # priority order
    unknown = set(spelled) - R.RULE_ROLES
    if unknown:
        raise R.GrammarError(f"{GRAMMAR}: [role_order] names unknown role(s) {sorted(unknown)}")
    return Roles(order, {role: frozenset(ids) for role, ids in capitals.items()})


def rule_ids(role: str) -> tuple[str, ...]:
    """The rules playing `role`, in the order they are tried."""
    try:
        return roles().order[role]
    except KeyError as exc:
        raise R.GrammarError(f"{GRAMMAR}: unknown role {role!r}") from exc


def capitals_only(role: str) -> frozenset[str]:
    """The rules that play `role` only on a line in capitals."""
    return roles().capitals.get(role, frozenset())


def _rest(m: regex.Match[str], text: str) -> str:
    for name in ("rest", "rest2"):
        try:
            start = m.start(name)
        except IndexError:
            continue
        if start >= 0:
            return text[start:m.end(name)].strip()
    return ""


def classify(line: Line, rule_ids: tuple[str, ...]) -> Classified:
    kind, label, rest, match = _classify_text(line.text, rule_ids)
    return Classified(line, kind, label=label, rest=rest, match=match)


def classify_as(line: Line, role: str) -> Classified:
    """`classify` with the rules of a role."""
    return classify(line, rule_ids(role))


_CANDIDATES: dict[tuple[tuple[str, ...], str], tuple[dict[str, R.Rule], tuple[R.Rule, ...]]] = {}
_CANDIDATES_MAX = 65536  # (rule set, first character) pairs kept; a flood of odd characters resets it


def _candidates(rule_ids: tuple[str, ...], first: str) -> tuple[R.Rule, ...]:
    """The rules of a set that a line starting with `first` could match, in the set's order.

    Resolved once per (rule set, first character) instead of asking every rule on every line;
    recomputed if the grammar was reloaded (tests that swap grammar folders do)."""
    table = R.rules(GRAMMAR)
    key = (rule_ids, first)
    known = _CANDIDATES.get(key)
    if known is None or known[0] is not table:
        if len(_CANDIDATES) >= _CANDIDATES_MAX:
            _CANDIDATES.clear()
        rules = tuple(rule for rule in (table[rid] for rid in rule_ids) if rule.can_start(first))
        known = _CANDIDATES[key] = (table, rules)
    return known[1]


_UNSEEN: Any = object()  # a rule not yet matched against the line


@per_line(8192)
def _matches(text: str) -> dict[R.Rule, regex.Match[str] | None]:
    """The line's match by each rule asked so far, filled as the roles ask: the role sets overlap
    (join_blocker holds nearly every rule; standalone, label, preamble and tail are parts of it),
    so a rule is matched once per line whichever roles ask. Keyed by the Rule object, so a
    reloaded grammar's rules never see another's answers."""
    return {}


@per_line(8192)
def _classify_text(text: str, rule_ids: tuple[str, ...]) -> tuple[str, str | None, str, regex.Match[str] | None]:
    """Cached: the zone finders, the cleaner's join checks and the tree builder ask about the
    same lines with the same rule sets."""
    if text.startswith("|"):
        return "table_row", None, text, None
    return _first_match(text, _candidates(rule_ids, text[:1]))


def _first_match(text: str, rules: tuple[R.Rule, ...]) -> tuple[str, str | None, str, regex.Match[str] | None]:
    """The first of `rules` (candidates for the line's first character) matching `text`."""
    seen = _matches(text)
    folded = None  # fold_prefix(text), made once for the folded rules of the set
    for rule in rules:
        m = seen.get(rule, _UNSEEN)
        if m is _UNSEEN:
            if rule.folded and folded is None:
                folded = fold_prefix(text)
            m = seen[rule] = rule.match_started(text, folded)
        if m is None:
            continue
        rid = rule.id
        label = None
        if "label" in m.re.groupindex and m.start("label") >= 0:
            label = text[m.start("label"):m.end("label")]
        return rid, label, _rest(m, text), m
    return "text", None, text, None


@per_line(16384)
def kind_of(text: str, role: str) -> str:
    """The id of the first rule of `role` matching `text` ("text" when none, "table_row" for a
    pipe row); a capitals-only rule of the role counts only when the line is in capitals.

    Cached by (line, role name): the cleaner asks every line and the tree asks again, and a role
    name hashes at once where a tuple of rule ids is hashed anew on each call."""
    table = roles()
    ids = table.order.get(role)
    if ids is None:
        rule_ids(role)  # raises GrammarError naming the role
    assert ids is not None
    if text.startswith("|"):
        return "table_row"
    rules = _candidates(ids, text[:1])
    if not rules:
        return "text"
    kind = _first_match(text, rules)[0]
    if kind != "text" and kind in table.capitals.get(role, _NONE) and not is_upper(text):
        return "text"
    return kind


_NONE: frozenset[str] = frozenset()


def plays(text: str, role: str) -> bool:
    """Whether some rule of `role` names the line."""
    return kind_of(text, role) != "text"


# --- the questions the stages ask ---------------------------------------------------------------

def starts_with_label(text: str) -> bool:
    """True when a line opens a structural unit; such a line never continues the one before."""
    return plays(text, "label")


def opens_division(text: str) -> bool:
    """The line opens an article or a chapter ("Điều 2. …", "Chương II")."""
    return plays(text, "division_opener")


def stands_alone(text: str) -> bool:
    """Anchors that are a whole line by themselves: nothing wraps onto "NGHỊ QUYẾT" or "Số: …"."""
    return plays(text, "standalone")


def is_layout_anchor(text: str) -> bool:
    """Header and signature anchors: a table holding one lays out the page (header columns, Nơi
    nhận beside the signature) rather than data. Capitals are required where the words also occur
    in data cells ("Chủ tịch", "Nghị quyết")."""
    return plays(text, "layout_anchor")


def is_bare_label(text: str, role: str = "bare_label") -> bool:
    """A point, clause or section label standing alone ("a)", "đ)", "2.", "III."): its text is on
    the next line, so the cleaner joins them rather than leave an empty node and a paragraph.
    With role "reference_label", "Điều 1." too (a wrapped cross-reference ends on it)."""
    if len(text) > BARE_LABEL_MAX_CHARS:
        return False
    kind, _label, rest, _match = _classify_text(text, rule_ids(role))
    return kind != "text" and not rest


def is_page_mark(text: str) -> bool:
    return R.rule(GRAMMAR, "page_mark").match(text) is not None


def is_page_number(text: str) -> bool:
    """A page number printed as such ("- 3 -", "Trang 3/9")."""
    return R.rule(GRAMMAR, "page_number").match(text) is not None


def starts_new_line(text: str) -> bool:
    """A label or a structure anchor (Số:, Căn cứ, Nơi nhận, CHỦ TỊCH…) never continues a line.

    The council heads the page in capitals; "Hội đồng nhân dân thành phố …" in running text is a
    sentence going on (its rule is capitals-only for this role)."""
    return plays(text, "join_blocker")


def is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


# --- the questions the readers ask ------------------------------------------------------------

def starts_item(text: str) -> bool:
    """A PDF line that begins a new item even at the left margin ("1.", "a)", "-", "II.", "Điều 5.",
    "Chương II" alone): the reader never joins it to the line above."""
    return R.rule(GRAMMAR, "item_start").match(text) is not None


def is_part_lead_line(text: str) -> bool:
    """A line that only announces the parts of the item above ("Trong đó:", "Bao gồm:")."""
    return R.rule(GRAMMAR, "part_lead_line").match(text) is not None


def holds_layout_anchor(text: str) -> bool:
    """Upper-cased table text holding a header or signature anchor anywhere (the motto, "NƠI
    NHẬN:", "TM.", "SỐ:" at the start of a cell paragraph): the table lays out the page."""
    return R.rule(GRAMMAR, "layout_cell").pattern.search(text) is not None


def is_header_cell(text: str) -> bool:
    """An upper-cased first-row cell that heads a data table ("STT", "CHỈ TIÊU", "NĂM 2025")."""
    return R.rule(GRAMMAR, "header_cell").match(text) is not None
