"""Document metadata from the preamble, the closing formula and the signature block."""

from __future__ import annotations

from itertools import takewhile

import regex

from .. import roman
from .. import rules as R
from ..caches import per_grammar
from ..clean import ends_mid_phrase, ends_on_function_word
from ..errors import WarningRecord
from ..lines import GRAMMAR, Classified, is_upper
from ..model import Line, Metadata, Signer
from ..numwords import parse_ordinal
from ..runcache import compile_regex
from ..textfold import fold
from .gazetteer import province_of

# "ngày 27 tháng 6 năm 2024" (on the folded text): the adoption date of the closing formula.
# Also written "ngày 15/12/2016" or "15-12-2016".
FOLDED_DATE_RE = compile_regex(
    r"\bngay\s*+(\d{1,2})(?:\s+thang\s+|[/-])(\d{1,2})(?:\s+nam\s+|[/-])(\d{4})\b")
# Unit words that follow "Hội đồng nhân dân" in an issuer, longest first (folded).
UNIT_WORDS = ("thanh pho", "thi tran", "thi xa", "dac khu", "tinh", "huyen", "quan", "phuong", "xa")
# Where the council line's name ends: the term ("KHÓA XIV") or a comma.
# `(?<!\s)\s*+`: the search starts only where a white-space run starts (where the leftmost match
# starts anyway), so a long run before a letter is scanned once, not once per character.
# The 2025 enacting formula names the council before "ban hành" ("Hội đồng nhân dân thành phố Hà
# Nội ban hành Nghị quyết …"): the name ends there too.
COUNCIL_NAME_END_RE = compile_regex(r"(?<!\s)\s*+(?:,|\bkhoa\b|\bky hop\b|\bban hanh\b).*$")
# The issuing body of each header kind, as written in the issuer.
BODY_NAMES = {"council": "Hội đồng nhân dân", "committee": "Ủy ban nhân dân",
              "standing_committee": "Thường trực Hội đồng nhân dân"}
# Unit words that name a province-level unit.
PROVINCE_UNIT_WORDS = ("tinh", "thanh pho")
# A personal name: 2–7 capitalised words, no digits or punctuation but an inner hyphen.
SPACES_RE = compile_regex(r"\s+")
NAME_SEPARATORS_RE = compile_regex(r"[\s\-.]+")  # what parts the words of a name key
NATIONAL_MOTTO_RE = compile_regex(r"\s*cong hoa xa.*$")  # the motto run into a folded issuer line
PERSON_NAME_RE = compile_regex(r"^(?:\p{Lu}[\p{L}]*(?:-\p{Lu}?[\p{L}]+)?\s+){1,6}\p{Lu}[\p{L}]*$")
TITLE_START_RE = compile_regex(r"^(?:về|v/v|quy định|ban hành|thông qua|phê duyệt|sửa đổi|bãi bỏ|điều chỉnh|"
                               r"giao|dự toán|phân bổ|kế hoạch|chương trình|đề án)\b", regex.IGNORECASE)
NATIONAL_BODIES = {"quoc hoi": "Quốc hội", "uy ban thuong vu quoc hoi": "Ủy ban Thường vụ Quốc hội",
                   "chinh phu": "Chính phủ", "hoi dong bau cu quoc gia": "Hội đồng bầu cử quốc gia"}
NUMBER_PREFIX_NQ = {"nq": "Nghị quyết", "qd": "Quyết định", "kh": "Kế hoạch", "bc": "Báo cáo",
                    "ttr": "Tờ trình", "tb": "Thông báo", "gm": "Giấy mời", "nd": "Nghị định", "ct": "Chỉ thị"}


@per_grammar
def _doc_types() -> dict[str, str]:
    return R.load_grammar(GRAMMAR).get("doc_types", {})


# An abbreviated unit word opening an issuer's place: "tp. ", "tp.", "tx " (folded).
UNIT_ABBREVIATION_RE = compile_regex(r"^(\w{1,3})(?:\.\s*+|\s++)(?=\w)")


@per_grammar
def _unit_abbreviations() -> dict[str, str]:
    return dict(R.load_grammar("places").get("unit_abbreviations", {}))


@per_grammar
def _provinces() -> list[dict]:
    return R.load_grammar("places").get("province", [])


@per_grammar
def _province_index() -> dict[str, dict]:
    index: dict[str, dict] = {}
    for p in _provinces():
        for name in [p["name"], *p.get("aliases", [])]:
            index[_key(name)] = p
    return index


def _key(name: str) -> str:
    return NAME_SEPARATORS_RE.sub(" ", fold(name)).strip()


def find_province(name: str) -> dict | None:
    return _province_index().get(_key(name))


def sentence_case(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:].lower() if text else text


def format_issuer(rest: str, body: str = BODY_NAMES["council"]) -> tuple[str | None, str | None]:
    """'TỈNH THÁI NGUYÊN' → ('Hội đồng nhân dân tỉnh Thái Nguyên', 'Thái Nguyên')."""
    folded = fold(rest).strip()
    cut = COUNCIL_NAME_END_RE.search(folded)
    motto = folded.find("cong hoa xa")  # a flattened two-column header: the motto follows the name
    if motto > 0 and (cut is None or motto < cut.start()):
        cut = NATIONAL_MOTTO_RE.search(folded)
    end = cut.start() if cut else len(folded)
    name_part = rest.strip()[:end].strip(" ,.")
    folded_part = folded[:end].strip(" ,.")
    abbreviation = UNIT_ABBREVIATION_RE.match(folded_part)
    if abbreviation is not None:
        full = _unit_abbreviations().get(abbreviation.group(1))
        if full is not None:  # "TP. HẢI PHÒNG": "thành phố Hải Phòng"
            name_part = f"{full} {name_part[abbreviation.end():]}"
            folded_part = f"{fold(full)} {folded_part[abbreviation.end():]}"
    for unit in UNIT_WORDS:
        if folded_part.startswith(unit + " "):
            place = name_part[len(unit) + 1:].strip()
            province = find_province(place) if unit in PROVINCE_UNIT_WORDS else None
            unit_text = sentence_case(name_part[: len(unit)]).lower()
            if province is not None:
                form = province.get("form") or f"{province['kind']} {province['name']}"
                return f"{body} {form}", province["name"]
            display = place.title() if is_upper(place) else place
            return f"{body} {unit_text} {display}", None
    return None, None


# A document number token: "15/2024/NQ-HĐND", "/NQ-HĐND". The digit before the first "/" is checked
# by a look-ahead: `[\w.\-]*\d[\w.\-]*/` split a long run of digits at every digit (quadratic).
NUMBER_TOKEN_RE = compile_regex(r"^(?=[\w.\-]*\d)[\w.\-]*+/[\w/.\-]+$|^/[\w/.\-]+$")


# Where a flattened preamble runs its bases into one line: a ";" and the spaces after it.
BASIS_SEPARATOR_RE = compile_regex(r";\s*+")
# A bullet opening a basis ("- Căn cứ …"): not part of its text.
BASIS_BULLET_RE = compile_regex(r"^[-–•+]\s*+")


def _bases_of(text: str) -> tuple[list[str], list[str]]:
    """The bases of a "Căn cứ …" line, and the considerations run in after them: one basis, or
    one per "Căn cứ" a flattened preamble ran into the line ("Căn cứ A; Căn cứ B; Xét Tờ trình …");
    "Căn cứ Luật A; Luật B;" is one basis citing two acts."""
    basis_rule, consideration_rule = R.rule(GRAMMAR, "legal_basis"), R.rule(GRAMMAR, "consideration")
    bases: list[str] = []
    considered: list[str] = []
    for part in BASIS_SEPARATOR_RE.split(BASIS_BULLET_RE.sub("", text.strip())):
        part = part.strip(" ;.,")
        if not part:
            continue
        if considered or (bases and consideration_rule.match(part) is not None):
            considered.append(part)
        elif bases and basis_rule.match(part) is None:
            bases[-1] = f"{bases[-1]}; {part}"
        else:
            bases.append(part)
    return bases, considered


def _match(c: Classified) -> regex.Match[str]:
    """The rule match of a line classified by a rule (only "text" and table rows have none)."""
    if c.match is None:
        raise ValueError(f"line {c.line.first}: classified as {c.kind!r} without a match")
    return c.match


def _number_value(c: Classified, preamble: list[Classified], i: int) -> tuple[str, list[int]]:
    """The number after "Số:", or on the next line when a layout put it there ("Số:" ⏎ "35/2025/NQ-HĐND")."""
    m = _match(c)
    value = c.line.text[m.start("value"):m.end("value")] if m.start("value") >= 0 else ""
    value = SPACES_RE.sub("", value.strip(" .;"))  # "06 /GM-HĐND": a number filled in by hand
    if not value and i + 1 < len(preamble):
        nxt = preamble[i + 1].line
        if NUMBER_TOKEN_RE.match(nxt.text.strip(" .;")):
            return nxt.text.strip(" .;"), [c.line.first, nxt.last]
    return value, c.line.span


# Bodies a title names in its second line ("Về việc miễn nhiệm chức danh Phó Chủ tịch" ⏎ "Ủy ban
# nhân dân tỉnh Gia Lai nhiệm kỳ 2021 - 2026") when the issuing body's own line follows in capitals.
TITLE_BODY_KINDS = frozenset({"council", "national_body", "committee", "standing_committee"})


def _issuer_line_below(preamble: list[Classified], i: int) -> bool:
    """The line after preamble[i] is a body's line in capitals (the issuer above the term line):
    preamble[i], in sentence case, is then the title's."""
    if i + 1 >= len(preamble):
        return False
    nxt = preamble[i + 1]
    return nxt.kind in TITLE_BODY_KINDS and is_upper(nxt.line.text)


def _title_lines(preamble: list[Classified], start: int) -> tuple[list[Line], int]:
    out: list[Line] = []
    i = start
    while i < len(preamble):
        c = preamble[i]
        # a title broken after "và"/"của" goes on even onto a line that reads like an anchor in
        # lower case ("… đối với cơ quan Văn phòng Đoàn đại biểu Quốc hội và" ⏎ "Hội đồng nhân
        # dân tỉnh Thanh Hóa"); an anchor in capitals is the next header line
        # in capitals, a title line ending on a function word goes on onto the body it names ("…
        # NĂM 2016 CỦA" ⏎ "HỘI ĐỒNG NHÂN DÂN TỈNH NAM ĐỊNH VỀ …", a fixed-width TVPL copy)
        caps_go_on = bool(out) and is_upper(c.line.text) and is_upper(out[-1].text) \
            and c.kind in TITLE_BODY_KINDS and ends_on_function_word(out[-1].text)
        if c.kind != "text" and not caps_go_on and not (
                out and not is_upper(c.line.text) and c.kind in TITLE_BODY_KINDS
                and (ends_mid_phrase(out[-1].text) or _issuer_line_below(preamble, i))):
            break
        if out and is_upper(c.line.text) and not is_upper(out[-1].text):
            break  # capitals under a sentence-case title: the next header element ("THƯỜNG TRỰC …")
        out.append(c.line)
        i += 1
    return out, i


def _set_place_date(meta: Metadata, text: str, m: regex.Match[str], span: list[int]) -> None:
    """Place and date from a "place_date" match on `text` (its own line, or what a flattened header
    put after the number or the motto); marks and a cell seam ("| Hậu Giang") trimmed."""
    meta.place = text[m.start("place"):m.end("place")].strip(" *_|")
    meta.date = _iso(m.group("year"), m.group("month"), m.group("day") or "")
    meta.provenance["place"] = meta.provenance["date"] = span


def _iso(year: str, month: str, day: str) -> str | None:
    try:
        y, m, d = int(year), int(month), int(day)
    except ValueError:
        return None
    if not (1 <= m <= 12 and 1 <= d <= 31 and 1900 <= y <= 2100):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def parse_term_session(text: str) -> tuple[int | None, int | None]:
    m = R.rule(GRAMMAR, "term_session_inline").match(text)
    if not m:
        return None, None
    term_raw = text[m.start("term"):m.end("term")]
    term = int(term_raw) if term_raw.isdigit() else roman.parse(term_raw.upper())
    session = None
    if m.start("session") >= 0:
        session = parse_ordinal(_without_session_qualifiers(text[m.start("session"):m.end("session")]))
    return term, session


@per_grammar
def _session_qualifiers() -> tuple[str, ...]:
    words = R.load_grammar(GRAMMAR).get("sessions", {}).get("qualifiers", [])
    return tuple(sorted((fold(w) for w in words), key=len, reverse=True))


def _without_session_qualifiers(session: str) -> str:
    """ "CHUYÊN ĐỀ LẦN THỨ BA" → "THỨ BA": the words that qualify the session, dropped from the
    front (the fold keeps offsets, so the cut is made on the text as written)."""
    session = session.strip()
    changed = True
    while changed:
        changed = False
        folded = fold(session)
        for word in _session_qualifiers():
            if folded.startswith(word) and (len(folded) == len(word) or folded[len(word)] == " "):
                session = session[len(word):].strip()
                changed = True
                break
    return session


def extract_metadata(preamble: list[Classified], closing: Classified | None,
                     signature: list[Classified], warnings: list[WarningRecord]) -> Metadata:
    meta = Metadata()
    prov = meta.provenance
    council_lines: list[Classified] = []
    i = 0
    while i < len(preamble):
        c = preamble[i]
        text = c.line.text
        if c.kind == "doc_number_bare" and meta.number is None:
            meta.number = c.line.text[_match(c).start("value"):_match(c).end("value")]
            prov["number"] = c.line.span
        elif c.kind == "doc_number" and meta.number is None:
            value, span = _number_value(c, preamble, i)
            if value and not value.startswith("/"):
                meta.number = value
                prov["number"] = span
            else:
                warnings.append(WarningRecord("blank_number", f"line {c.line.first}: the document number is blank",
                                              (c.line.first,)))
            rest = text[_match(c).start("rest"):].strip() if _match(c).start("rest") >= 0 else ""
            pd = R.rule(GRAMMAR, "place_date").match(rest) if rest else None
            if pd and meta.date is None:  # "Số: 1654/NQ-UBTVQH15 Hà Nội, ngày 16 tháng 6 năm 2025"
                _set_place_date(meta, rest, pd, c.line.span)
        elif c.kind == "national_motto" and meta.date is None and _match(c).start("rest") >= 0:
            rest = text[_match(c).start("rest"):].strip()
            pd = R.rule(GRAMMAR, "place_date").match(rest)
            if pd:  # "CỘNG HÒA … Độc lập - Tự do - Hạnh phúc An Giang, ngày 06 tháng 12 năm 2024"
                _set_place_date(meta, rest, pd, c.line.span)
        elif c.kind == "place_date" and meta.date is None:
            _set_place_date(meta, text, _match(c), c.line.span)
        elif c.kind == "doc_type_title" and meta.doc_type is None:
            m = _match(c)
            meta.doc_type = _doc_types().get(fold(m.group("value")), sentence_case(m.group("value")))
            prov["doc_type"] = c.line.span
            title = m.group("title")
            lines, j = _title_lines(preamble, i + 1)  # the title may go on below
            meta.title = " ".join([sentence_case(title) if is_upper(title) else title,
                                   *(line.text for line in lines)]).strip()
            prov["title"] = [c.line.first, lines[-1].last if lines else c.line.last]
            i = j
            continue
        elif c.kind == "doc_type" and meta.doc_type is None:
            meta.doc_type = _doc_types().get(fold(text[_match(c).start("value"):_match(c).end("value")]),
                                             sentence_case(text))
            prov["doc_type"] = c.line.span
            lines, j = _title_lines(preamble, i + 1)
            if lines:
                meta.title = " ".join(line.text for line in lines).strip()
                prov["title"] = [lines[0].first, lines[-1].last]
            i = j
            continue
        elif c.kind in BODY_NAMES:
            council_lines.append(c)
        elif c.kind == "national_body" and meta.issuer is None:
            meta.issuer = NATIONAL_BODIES.get(SPACES_RE.sub(" ", fold(text)).strip())
            prov["issuer"] = c.line.span
        elif c.kind == "term_session" and meta.term is None:
            meta.term, meta.session = parse_term_session(text)
            prov["term"] = c.line.span
        elif c.kind == "legal_basis":
            bases, considered = _bases_of(text)
            for basis in bases:
                meta.legal_bases.append(basis)
                meta.legal_basis_lines.append(c.line.span)
            for consideration in considered:  # "…; Xét Tờ trình …" run into the line: cited by its line too
                meta.considerations.append(consideration)
                meta.consideration_lines.append(c.line.span)
        elif c.kind == "consideration":
            meta.considerations.append(text.rstrip(" ;.,"))
            meta.consideration_lines.append(c.line.span)
        i += 1

    _issuer_from_council(meta, council_lines, preamble)
    if meta.province is None and meta.place and meta.issuer and meta.issuer.startswith(tuple(BODY_NAMES.values())):
        place_province = find_province(meta.place)  # "Gia Lai, ngày …" under a commune's header
        meta.province = place_province["name"] if place_province else None
    if meta.doc_type is None and meta.number:
        kind = fold(meta.number).split("/")[-1].split("-")[0] if "/" in meta.number else ""
        meta.doc_type = NUMBER_PREFIX_NQ.get(kind)
    if meta.title is None:
        _title_fallback(meta, preamble)
    if closing is not None:
        _from_closing(meta, closing)
    body = next((b for b in BODY_NAMES.values() if (meta.issuer or "").startswith(b + " ")), None)
    if meta.province is None and meta.issuer and body:  # a district or commune: the gazetteer
        header = [c.line.text for c in takewhile(lambda c: c.kind not in ("legal_basis", "consideration"), preamble)]
        meta.province = province_of(meta.issuer[len(body) + 1:], meta.date or meta.adopted_date, meta.place, header)
    if meta.term is None:
        _term_from_preamble_text(meta, preamble)
    meta.signer = extract_signer(signature)
    return meta


# Which header line names the issuer first: the Standing Committee's (it issues in the council's
# name, and its header also prints the council), then the council's, then the committee's.
_ISSUER_RANK = {"standing_committee": 0, "council": 1, "committee": 2}


def _issuer_order(council_lines: list[Classified]) -> list[Classified]:
    """Header lines (capitals) first, the council's before the committee's, the lower one first
    (the council line above the bases has the full name, term and session); running text (the
    2025 enacting formula "Hội đồng nhân dân tỉnh … ban hành Nghị quyết …") only after them, so it
    names the issuer only where no header does. A committee is an issuer only in the header."""
    headers = [c for c in reversed(council_lines) if is_upper(c.line.text)]
    headers.sort(key=lambda c: _ISSUER_RANK.get(c.kind, len(_ISSUER_RANK)))
    formulas = [c for c in reversed(council_lines) if not is_upper(c.line.text) and c.kind == "council"]
    return headers + formulas


def _issuer_rest(preamble: list[Classified], k: int) -> str:
    """The name after the body words of header line `k` ("TỈNH THÁI NGUYÊN"), else that of the
    line below: a text line ("HỘI ĐỒNG NHÂN DÂN" ⏎ "TỈNH …"), or the council's own line under a
    lone "THƯỜNG TRỰC"."""
    c = preamble[k]
    m = _match(c)
    rest = c.line.text[m.start("rest"):].strip() if m.start("rest") >= 0 else ""
    if rest or k + 1 >= len(preamble):
        return rest
    below = preamble[k + 1]
    if c.kind == "standing_committee" and below.kind == "council":
        return _issuer_rest(preamble, k + 1)
    return below.line.text if below.kind == "text" else ""


def _issuer_from_council(meta: Metadata, council_lines: list[Classified], preamble: list[Classified]) -> None:
    index = {id(c): k for k, c in enumerate(preamble)}
    for c in _issuer_order(council_lines):
        text = c.line.text
        if not is_upper(text) and meta.issuer is not None:
            continue
        rest = _issuer_rest(preamble, index[id(c)])
        issuer, province = format_issuer(rest, BODY_NAMES[c.kind])
        if issuer and meta.issuer is None:
            meta.issuer, meta.province = issuer, province
            meta.provenance["issuer"] = c.line.span
        elif province and meta.province is None and is_upper(text) and meta.issuer not in NATIONAL_BODIES.values():
            # a district or commune issuer under a province-level header line ("UBND TỈNH GIA LAI"
            # above "HỘI ĐỒNG NHÂN DÂN HUYỆN CHƯ PĂH"): the province printed there
            meta.province = province
        if meta.term is None:
            term, session = parse_term_session(text)
            if term is not None:
                meta.term, meta.session = term, session
                meta.provenance["term"] = c.line.span


def _title_fallback(meta: Metadata, preamble: list[Classified]) -> None:
    for c in preamble:
        if c.kind == "text" and TITLE_START_RE.match(c.line.text):
            meta.title = c.line.text
            meta.provenance["title"] = c.line.span
            return


# Term and session inside running text (the closing formula): "khóa XVI, Kỳ họp thứ 28 thông qua".
FOLDED_TERM_RE = compile_regex(
    r"\bkhoa\s+([ivxlc]+|\d+)\b(?:\s*+,?\s*+nhiem ky\s++\d{4}\s*+-\s*+\d{4})?"
    r"(?:\s*+,?\s*+ky hop\b(?:\s+(?:chuyen de|bat thuong))?(?:\s+lan)?\s+(thu\b.{1,60}))?"
)


def _leading_ordinal(words: str) -> int | None:
    """The ordinal at the start of running words: "thứ mười chín thông qua" → 19."""
    tokens = words.split()
    best = None
    for n in range(2, min(len(tokens), 7) + 1):
        value = parse_ordinal(" ".join(tokens[:n]).strip(" ,.;()"))
        if value is not None:
            best = value
    return best


def _from_closing(meta: Metadata, closing: Classified) -> None:
    folded = fold(closing.line.text)
    m = FOLDED_DATE_RE.search(folded)
    if m:
        meta.adopted_date = _iso(m.group(3), m.group(2), m.group(1))
        meta.provenance["adopted_date"] = closing.line.span
    t = FOLDED_TERM_RE.search(folded) if meta.term is None or meta.session is None else None
    if t is None:
        return
    term = int(t.group(1)) if t.group(1).isdigit() else roman.parse(t.group(1).upper())
    # the fold keeps offsets: read the ordinal words as written ("thứ mười chín")
    session = _leading_ordinal(closing.line.text[t.start(2):t.end(2)]) if t.group(2) else None
    if meta.term is None:
        meta.term, meta.session = term, session
        meta.provenance["term"] = closing.line.span
    elif session is not None and term == meta.term:
        # "KHÓA XVIII, NHIỆM KỲ 2021 - 2026" ⏎ "KỲ HỌP THỨ MƯỜI BỐN", "… KỲ HỌP THỨ 14 - KỲ HỌP
        # CHUYÊN ĐỀ": the header gave the term only; the formula of the same term has the session
        meta.session = session


# The council named with its term inside running text ("… kỳ họp thứ 13, HĐND huyện khóa XX, …"):
# at most five words between the council and "khóa" (its unit and place name).
FOLDED_COUNCIL_TERM_RE = compile_regex(
    r"\b(?:hdnd|hoi dong nhan dan)(?:\s++[^\W\d_]++){0,5}?\s++khoa\s++([ivxlc]++|\d++)\b")


def _term_from_preamble_text(meta: Metadata, preamble: list[Classified]) -> None:
    """Last resort for letters and invitations that have neither a KHÓA line nor a closing formula:
    the term of the council named in the text before the body. Never from the legal bases, which
    cite other councils' resolutions; the session stays unknown (a session named there is the
    letter's subject, not its own)."""
    for c in preamble:
        if c.kind != "text":
            continue
        m = FOLDED_COUNCIL_TERM_RE.search(fold(c.line.text))
        if m:
            raw = m.group(1)
            meta.term = int(raw) if raw.isdigit() else roman.parse(raw.upper())
            meta.provenance["term"] = c.line.span
            return


@per_grammar
def _signature_vocab() -> tuple[dict[str, str], dict[str, str], tuple[str, ...]]:
    g = R.load_grammar("recipients")
    return g["signer_titles"], g["authorities"], tuple(g["signature_marks"]["folded"])


def is_signature_mark(text: str) -> bool:
    """A converter's mark in place of the signature ("(Đã ký)", "[daky]"): no content of its own."""
    return SPACES_RE.sub(" ", fold(text)).strip().lower() in _signature_vocab()[2]


def _authority_text(label: str, rest: str) -> str:
    titles, authorities, _ = _signature_vocab()
    key = SPACES_RE.sub(" ", fold(rest)).strip(" .")
    body = authorities.get(key) or titles.get(key) or (sentence_case(rest) if is_upper(rest) else rest)
    return f"{label.upper()}. {body}"


def _fold_key(text: str) -> str:
    return SPACES_RE.sub(" ", fold(text)).strip(" .")


def _split_flat_title(rest: str) -> tuple[str, str | None]:
    """ "HỘI ĐỒNG NHÂN DÂN CHỦ TỊCH" (the two signature lines flattened into one) → the body signed
    for and the signer's title; "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" → ("CHỦ TỊCH", "pho chu tich"). A rest
    that is a known authority or title as a whole is left as it is."""
    titles, authorities, _ = _signature_vocab()
    key = _fold_key(rest)
    if key in authorities or key in titles:
        return rest, None
    words = rest.split()
    for n in range(min(3, len(words) - 1), 0, -1):
        tail = _fold_key(" ".join(words[-n:]))
        head = " ".join(words[:-n])
        if tail in titles and (_fold_key(head) in authorities or _fold_key(head) in titles):
            return head, tail
    return rest, None


def _second_authority(rest: str) -> tuple[int, str] | None:
    """Where a second authority line ("KT. CHỦ TỊCH …") starts inside the rest of a first one,
    and that line's own rest, or None."""
    rule = R.rule(GRAMMAR, "signer_authority")
    for ws in SPACES_RE.finditer(rest):
        tail = rest[ws.end():]
        m = rule.match(tail)
        if m is not None and m.start("label") >= 0:
            return ws.start(), tail[m.start("rest"):m.end("rest")].strip()
    return None


def _peel_name(rest: str) -> tuple[str, str | None]:
    """ "HỘI ĐỒNG NHÂN DÂN CHỦ TỊCH Vũ Xuân Cường" → ("HỘI ĐỒNG NHÂN DÂN CHỦ TỊCH", "Vũ Xuân Cường"):
    a name in title case after the capitals of a flattened signature block, else (rest, None)."""
    words = rest.split()
    n = 0
    while n < len(words) - 1 and words[-1 - n][:1].isupper() and not words[-1 - n].isupper():
        n += 1  # the run of title-case words at the end
    if n < 2:
        return rest, None
    head, tail = " ".join(words[:-n]), " ".join(words[-n:])
    if is_upper(head) and PERSON_NAME_RE.match(tail):
        return head, tail
    return rest, None


def _title_and_name(text: str) -> tuple[str, str] | None:
    """ "CHỦ TỊCH     Huỳnh Tấn Việt" (one line of PDF text) → ("chu tich", "Huỳnh Tấn Việt"): the
    title in capitals, the name in title case (a name in capitals cannot be told from the title)."""
    m = R.rule(GRAMMAR, "signer_title_name").match(text)
    if m is None:
        return None
    title, name = text[m.start("value"):m.end("value")], text[m.start("name"):].strip(" .*_")
    if not is_upper(title) or is_upper(name) or not PERSON_NAME_RE.match(name):
        return None
    return SPACES_RE.sub(" ", fold(title)).strip(), name


def extract_signer(signature: list[Classified]) -> Signer | None:
    """TM./KT. authority, title (CHỦ TỊCH, PHÓ CHỦ TỊCH) and the name below them."""
    titles, _, marks = _signature_vocab()
    authority = title = name = None
    lines: list[int] = []
    seen_title = False
    for c in signature:
        text = c.line.text
        if c.kind == "signer_authority" and authority is None:
            m = _match(c)
            label = text[m.start("label"):m.end("label")]
            rest = text[m.start("rest"):m.end("rest")].strip()
            rest, flat_name = _peel_name(rest)
            if flat_name is not None and name is None:
                name = flat_name  # "TM. HỘI ĐỒNG NHÂN DÂN CHỦ TỊCH Vũ Xuân Cường": one flattened line
            second = _second_authority(rest)
            if second is not None:
                # "TM. HỘI ĐỒNG NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH": two signature lines flattened
                authority = _authority_text(label, rest[:second[0]].strip())
                _, flat_title = _split_flat_title(second[1])
                if flat_title is not None:
                    title = titles.get(flat_title, sentence_case(flat_title))
                    seen_title = True
                lines.append(c.line.first)
                continue
            rest, flat_title = _split_flat_title(rest)
            authority = _authority_text(label, rest)
            lines.append(c.line.first)
            if label.lower() == "kt":
                title = None  # "KT. CHỦ TỊCH" is followed by "PHÓ CHỦ TỊCH"
            if flat_title is not None and (label.lower() != "kt" or flat_title != _fold_key(rest)):
                title = titles.get(flat_title, sentence_case(flat_title))
                seen_title = True
        elif c.kind == "signer_authority" and title is None:
            # "TM. ỦY BAN NHÂN DÂN" ⏎ "KT. CHỦ TỊCH PHÓ CHỦ TỊCH": the second line flattened
            m = _match(c)
            _, flat_title = _split_flat_title(text[m.start("rest"):m.end("rest")].strip())
            if flat_title is not None:
                title = titles.get(flat_title, sentence_case(flat_title))
                lines.append(c.line.first)
                seen_title = True
        elif c.kind == "signer_title" and is_upper(text) and title is None:
            key = SPACES_RE.sub(" ", fold(text)).strip()
            title = titles.get(key, sentence_case(text))
            lines.append(c.line.first)
            seen_title = True
        elif title is None and name is None and (title_name := _title_and_name(text)) is not None:
            key, name = title_name
            title = titles.get(key, sentence_case(key))
            lines.append(c.line.first)
            seen_title = True
        elif (seen_title or authority) and name is None:
            candidate = text.strip(" .*_")
            if fold(candidate) in marks or candidate.startswith(("(", "[")):
                continue
            if PERSON_NAME_RE.match(candidate):
                name = candidate.title() if is_upper(candidate) else candidate
                lines.append(c.line.first)
    if authority is None and title is None:
        return None
    return Signer(authority=authority, title=title, name=name, lines=sorted(lines))
