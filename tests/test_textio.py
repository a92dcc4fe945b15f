from __future__ import annotations

import codecs

import pytest

from dotterel.errors import InputError
from dotterel.textio import check_text, clean_text, decode_bytes, guess_language

ENGLISH = (
    "The minister said on Tuesday that the government would not change its position on the "
    "border dispute, and that talks with the neighbouring country were expected to resume "
    "after the elections in the spring."
)
GERMAN = (
    "Die Regierung hat am Dienstag erklärt, dass sie ihre Haltung im Grenzstreit nicht ändern "
    "werde und dass die Gespräche mit dem Nachbarland nach den Wahlen im Frühjahr wieder "
    "aufgenommen würden, sagte ein Sprecher in der Hauptstadt gegenüber Journalisten."
)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"plain text", "plain text"),
        (codecs.BOM_UTF8 + "caf\u00e9".encode(), "caf\u00e9"),
        (codecs.BOM_UTF16_LE + "hello".encode("utf-16-le"), "hello"),
        (codecs.BOM_UTF16_BE + "hello".encode("utf-16-be"), "hello"),
    ],
)
def test_decode_bytes_accepts_utf8_and_bom_marked(data: bytes, expected: str) -> None:
    assert decode_bytes(data) == expected


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"caf\xe9 au lait", "not valid UTF-8 (byte 3)"),
        (b"x" * 101, "over the"),
    ],
)
def test_decode_bytes_rejects_with_reason(data: bytes, fragment: str) -> None:
    with pytest.raises(InputError) as info:
        decode_bytes(data, origin="f.txt", max_bytes=100)
    assert fragment in str(info.value)
    assert str(info.value).startswith("f.txt: ")


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_check_text_rejects_empty(text: str) -> None:
    with pytest.raises(InputError, match="empty"):
        check_text(text)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (ENGLISH, "en"),
        (GERMAN, "other"),
        ("Короткий текст на русском языке", "non-latin"),
        ("Too short to tell.", "unknown"),
    ],
)
def test_guess_language(text: str, language: str) -> None:
    assert guess_language(text) == language


@pytest.mark.parametrize("text", [GERMAN])
def test_check_text_rejects_other_languages(text: str) -> None:
    with pytest.raises(InputError, match="does not look like English"):
        check_text(text)


@pytest.mark.parametrize("text", ["a\x00b\x07c\nd"])
def test_clean_text_keeps_offsets(text: str) -> None:
    cleaned = clean_text(text)
    assert len(cleaned) == len(text)
    assert cleaned == "a b c\nd"
