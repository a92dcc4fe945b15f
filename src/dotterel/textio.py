"""Turning raw bytes and strings into text the coder can trust, with specific reasons when not.

Every entry point (``dotterel code``, the ingest readers, the HTTP API) goes through
:func:`decode_bytes` and :func:`check_text`, so a binary file, a broken encoding or a text in
another language gets the same clear message everywhere.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from dotterel.errors import InputError
from dotterel.settings import DEFAULT_MAX_BYTES

# Control characters other than tab, newline and carriage return. They are replaced by spaces
# (same length, so character offsets stay true to the input).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WORD = re.compile(r"[A-Za-z]+")

# The most frequent English function words: an English news text of a few dozen words always
# has many of them; a German, French or Spanish one has almost none.
_ENGLISH_STOPWORDS = frozenset(
    """the of and to a in is was for on that with as by at from it his her he she they their
    be has have had were are been will would said says not but or an this which who after
    over into about than its also more when there while against during""".split()
)
#: Texts with fewer words than this are too short to judge their language.
MIN_WORDS_FOR_LANGUAGE_CHECK = 25


def decode_bytes(
    data: bytes, *, origin: str = "<input>", max_bytes: int = DEFAULT_MAX_BYTES
) -> str:
    """Decode an article's bytes: UTF-8 (with or without BOM) or BOM-marked UTF-16/32.

    Raises :class:`InputError` for oversized, binary or undecodable input, naming the byte
    offset of the first bad byte.
    """
    if len(data) > max_bytes:
        raise InputError(
            f"input is {len(data) / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit",
            hint="split the file into articles, or raise the limit with --max-bytes",
            source=origin,
        )
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"starts with a {encoding} byte-order mark but is not valid {encoding} "
                    f"(byte {exc.start})",
                    hint="re-encode the file as UTF-8",
                    source=origin,
                ) from exc
    if b"\x00" in data[:8192]:
        raise InputError(
            "looks like a binary file (it contains NUL bytes)",
            hint="give dotterel text, HTML, RSS, JSONL or CSV",
            source=origin,
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"is not valid UTF-8 (byte {exc.start})",
            hint="re-encode it as UTF-8, e.g. iconv -f latin1 -t utf-8",
            source=origin,
        ) from exc


def clean_text(text: str) -> str:
    """Replace control characters with spaces, keeping every character offset unchanged."""
    return _CONTROL.sub(" ", text)


def check_text(text: str, *, origin: str = "<input>") -> str:
    """Return the cleaned text, or raise :class:`InputError` when there is nothing to code.

    Rejects empty or whitespace-only text, text that is mostly control or replacement
    characters, and text that is clearly not English (dotterel's patterns are English).
    """
    if not text or not text.strip():
        raise InputError("is empty (no text to code)", source=origin, stage="read")
    bad = sum(1 for ch in text[:20000] if ch == "\ufffd" or _CONTROL.match(ch))
    if bad > 0.1 * min(len(text), 20000):
        raise InputError(
            "looks like binary or corrupted data (many control characters)",
            hint="check the file's encoding",
            source=origin,
        )
    language = guess_language(text)
    if language not in ("en", "unknown"):
        raise InputError(
            f"does not look like English (looks like {language})",
            hint="dotterel codes English text; pass --model with a pipeline for that language "
            "and patterns for it, or translate first",
            source=origin,
            stage="language",
        )
    return clean_text(text)


def guess_language(text: str) -> str:
    """A cheap guess: ``en``, ``unknown`` (too short), ``non-latin`` or ``other``."""
    sample = text[:20000]
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters:
        return "unknown"
    latin = sum(1 for ch in letters if ch.isascii() or "LATIN" in unicodedata.name(ch, ""))
    if latin < 0.5 * len(letters):
        return "non-latin"
    words = [w.lower() for w in _WORD.findall(sample)]
    if len(words) < MIN_WORDS_FOR_LANGUAGE_CHECK:
        return "unknown"
    hits = sum(1 for w in words if w in _ENGLISH_STOPWORDS)
    return "en" if hits >= 0.08 * len(words) else "other"
