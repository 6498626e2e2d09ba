"""The hand-verified facts about the four seed resolutions (tests/data/seed_gold, copied from the
project's gold set) checked field by field: metadata, outline with headings, indicators, recipients.

Names compare after NFC, case folding, old/new tone placement and trimming of end punctuation,
as the gold scorer does; numbers compare exactly (relative 1e-9).
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import nqparser
import pytest
import regex

DATA = Path(__file__).parent / "data" / "seed_gold"
RAW = Path(__file__).resolve().parent.parent / "fixtures" / "raw"
SEEDS = sorted(p.stem for p in DATA.glob("*.json"))
OLD_TONES = {"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "oè": "òe", "oé": "óe",
             "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe", "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy"}
OLD_TONE_RE = regex.compile("(" + "|".join(OLD_TONES) + r")(?!\p{L})", regex.IGNORECASE)


def norm(value) -> str:
    if value is None:
        return ""
    s = unicodedata.normalize("NFC", str(value)).casefold()
    s = OLD_TONE_RE.sub(lambda m: OLD_TONES[m.group(0).lower()], s)
    s = s.replace("²", "2").replace("–", "-").replace("—", "-")
    return regex.sub(r"\s+", " ", s).strip(" \t.;:,")


def same_number(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(a)), abs(float(b)))


def load(stem: str) -> tuple[dict, dict]:
    gold = json.loads((DATA / f"{stem}.json").read_text(encoding="utf-8"))
    doc = json.loads(nqparser.parse_file(RAW / f"{stem}.txt").to_json())
    return gold, doc


def outline(nodes, prefix=()) -> dict:
    out = {}
    for n in nodes:
        path = prefix
        if n["kind"] in ("article", "section", "clause", "point") and n["label"] is not None:
            label = norm(n["label"]).rstrip(")")
            path = (*prefix, f"điều {label}" if n["kind"] == "article" else label)
            out[path] = n["title"]
        out.update(outline(n["children"], path))
    return out


@pytest.mark.parametrize("stem", SEEDS)
def test_metadata(stem: str) -> None:
    gold, doc = load(stem)
    meta = doc["metadata"]
    for key, want in gold["metadata"].items():
        got = meta.get(key)
        if key == "legal_bases":
            assert len(got) == want, f"{stem}: legal_bases {got}"
        elif key == "signer":
            if want is None:
                assert got is None
            else:
                assert norm(got["title"]) == norm(want["title"]) and norm(got["name"]) == norm(want["name"])
        elif isinstance(want, int):
            assert got == want, f"{stem}: {key} want {want!r} got {got!r}"
        else:
            assert norm(got) == norm(want), f"{stem}: {key} want {want!r} got {got!r}"


@pytest.mark.parametrize("stem", SEEDS)
def test_outline_and_headings(stem: str) -> None:
    gold, doc = load(stem)
    want = {tuple(norm(p) for p in g["path"]): g["title"] for g in gold["outline"]}
    got = outline(doc["articles"])
    assert sorted(got) == sorted(want)
    for path, title in want.items():
        assert norm(got[path]) == norm(title), f"{stem} {path}: want {title!r} got {got[path]!r}"


@pytest.mark.parametrize("stem", SEEDS)
def test_recipients_and_archive(stem: str) -> None:
    gold, doc = load(stem)
    assert [(norm(r["name"]), norm(r["note"])) for r in doc["recipients"]] == \
        [(norm(r["name"]), norm(r["note"])) for r in gold["recipients"]]
    assert sorted(norm(a) for a in doc["archive"]) == sorted(norm(a) for a in gold["archive"])


@pytest.mark.parametrize("stem", SEEDS)
def test_indicators(stem: str) -> None:
    gold, doc = load(stem)
    got = {norm(i["name"]): i for i in doc["indicators"]}
    assert len(doc["indicators"]) == len(gold["indicators"]), sorted(got)
    for want in gold["indicators"]:
        key = norm(want["name"])
        assert key in got, f"{stem}: indicator {want['name']!r} missing"
        ind = got[key]
        for field in ("group", "parent", "unit", "comparator", "direction"):
            assert norm(ind[field]) == norm(want[field]), f"{stem} {want['name']!r}.{field}: {ind[field]!r}"
        for field in ("value", "low", "high"):
            if field in want:
                assert same_number(ind[field], want[field]), f"{stem} {want['name']!r}.{field}: {ind[field]!r}"
