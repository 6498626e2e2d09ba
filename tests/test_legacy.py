"""Issue 13, cause 7: TCVN3 and VNI text read as Unicode fails with a message naming them."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from pathlib import Path

import pytest
from nqparser import ParseError, parse_file, parse_text
from nqparser.legacy import legacy_encoding

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = (ROOT / "fixtures" / "raw" / "thai-nguyen-2024-h1.txt").read_text(encoding="utf-8")

# Unicode → TCVN3 (ABC) as the .VnTime font draws it (capitals as their small letters, as in the
# .VnTimeH capitals font, whose codes are those of the small letters)
_TCVN3 = dict(zip(
    "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĐ",
    "µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßãáâä«åèæçé¬êíëìîïóñòô\xadõøö÷ùúýûüþ§", strict=True))
# Unicode → VNI (VNI-Times): a base letter and one or two mark characters
_VNI_TONES = {"\u0300": "ø", "\u0301": "ù", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
_VNI_HATS = {"â": "aâ", "ê": "eâ", "ô": "oâ", "ă": "aê", "ơ": "ô", "ư": "ö", "đ": "ñ", "Đ": "Ñ"}
_VNI_HAT_TONES = {"\u0300": "à", "\u0301": "á", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
_VNI_BREVE_TONES = {"\u0300": "è", "\u0301": "é", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}


def to_tcvn3(text: str) -> str:
    return "".join(_TCVN3.get(ch.lower(), _TCVN3.get(ch, ch)) if ord(ch) > 127 else ch for ch in text)


def to_vni(text: str) -> str:
    out = []
    for ch in text:
        base, *marks = unicodedata.normalize("NFD", ch)
        tone = next((m for m in marks if m in _VNI_TONES), None)
        rest = unicodedata.normalize("NFC", base + "".join(m for m in marks if m != tone))
        if rest.lower() in ("â", "ê", "ô") and tone:
            out.append(rest[0].translate(str.maketrans("âêôÂÊÔ", "aeoAEO")) + _VNI_HAT_TONES[tone])
        elif rest.lower() == "ă" and tone:
            out.append(("a" if rest == "ă" else "A") + _VNI_BREVE_TONES[tone])
        elif rest in _VNI_HATS or rest.lower() in _VNI_HATS:
            out.append(_VNI_HATS.get(rest) or _VNI_HATS[rest.lower()].upper())
            if tone:
                out.append(_VNI_TONES[tone])
        else:
            out.append(rest + (_VNI_TONES[tone] if tone else ""))
    return "".join(out)


def test_converters_look_like_the_legacy_fonts():
    assert to_tcvn3("Hội đồng nhân dân") == "Héi ®ång nh©n d©n"
    assert to_vni("Hội đồng nhân dân") == "Hoäi ñoàng nhaân daân"


@pytest.mark.parametrize(("convert", "name"), [(to_tcvn3, "TCVN3"), (to_vni, "VNI")])
def test_legacy_text_is_refused_by_name(convert, name, tmp_path):
    text = convert(SAMPLE)
    assert legacy_encoding(text) == name
    with pytest.raises(ParseError) as info:
        parse_text(text)
    assert name in info.value.reason and "not Unicode" in info.value.reason
    path = tmp_path / "legacy.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParseError) as info:
        parse_file(path)
    assert name in info.value.reason and info.value.path == str(path)


@pytest.mark.parametrize(("convert", "name"), [(to_tcvn3, "TCVN3"), (to_vni, "VNI")])
def test_docx_in_legacy_fonts_is_refused_by_name(convert, name, tmp_path):
    font = ".VnTime" if name == "TCVN3" else "VNI-Times"
    paras = "".join(
        f'<w:p><w:r><w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}"/></w:rPr><w:t xml:space="preserve">'
        f"{convert(line).replace('&', '&amp;').replace('<', '&lt;')}</w:t></w:r></w:p>"
        for line in SAMPLE.splitlines()[:200])
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w='
                    f'"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{paras}</w:body>'
                    "</w:document>")
    path = tmp_path / "legacy.docx"
    path.write_bytes(buf.getvalue())
    with pytest.raises(ParseError) as info:
        parse_file(path)
    assert name in info.value.reason


def test_unicode_and_foreign_text_are_not_flagged():
    assert legacy_encoding(SAMPLE) is None
    assert legacy_encoding("The council adopted the plan. " * 50) is None
    assert legacy_encoding("Ce conseil a adopté « le plan » — voilà. " * 50) is None
    assert legacy_encoding(SAMPLE.upper()) is None
    assert legacy_encoding("Über die Größe der Städte, Bürger und Ärzte. " * 50) is None


def test_raw_bytes_hint_names_vni():
    from nqparser.sources.text import decode_bytes

    with pytest.raises(ParseError) as info:
        decode_bytes("Héi ®ång".encode("latin-1"))
    assert "TCVN3 or VNI" in info.value.reason
