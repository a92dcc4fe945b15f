"""Tokens as the actor dictionaries see them: normalised, punctuation dropped, keyed as tuples.

Dictionary names and article text must be cut into tokens the same way, or "al-Qaeda" in a
dictionary would never meet ``al - Qaeda`` in a parsed Doc. Both go through spaCy's English
tokenizer (a blank pipeline: no model needed), then through :func:`split_token`, which also
splits what the tokenizer keeps whole ("U.S.-led" -> "U.S.", "led").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokenizer import Tokenizer

#: Tokens never matched against dictionaries (possessive markers and dashes).
_SKIP = {"'s", "'", "’s", "’", "s'", "-", "–", "—", "/"}
_PLAIN = re.compile(r"^[A-Za-z]+(?: [A-Za-z]+)*$")
#: Words joining coordinated names ("Hungarian and Romanian").
CONJUNCTIONS = frozenset({"and", "or", "&", "nor", "plus", "both", "as", "well"})


@dataclass(frozen=True, slots=True)
class Tok:
    """One token of a phrase, with what matching needs and where it sits in the text."""

    text: str
    #: Lower-cased, accents and full stops removed ("U.S." -> "us", "Élysée" -> "elysee").
    low: str
    #: Full stops removed, case kept: the key for acronyms ("U.S." -> "US").
    cased: str
    start: int
    end: int
    #: Index of the spaCy token this piece came from (-1 for text without a Doc).
    i: int = -1
    #: Proper noun: from the parse when there is one, else from capitalisation.
    propn: bool = False
    #: Punctuation or possessive marker dropped just before this token ("," "'s" "-").
    sep: str = ""
    #: spaCy entity label of the token ("" without a parse).
    ent: str = ""

    @property
    def name_like(self) -> bool:
        """Can be part of a personal or organisation name ("Friday" is a PROPN too)."""
        return self.propn and self.ent in ("", "PERSON", "ORG")


@functools.lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """Lower-case, strip accents and full stops, straighten apostrophes."""
    text = text.replace("’", "'").replace("‘", "'")
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    stripped = text.replace(".", "")
    return (stripped or text).lower()


def cased_form(text: str) -> str:
    """The case-sensitive key of a token: full stops removed, apostrophes straightened."""
    stripped = text.replace(".", "").replace("’", "'")
    return stripped or text


def split_token(text: str, start: int) -> list[tuple[str, int]]:
    """Split a token on inner hyphens the tokenizer kept ("U.S.-led", "NATO-member")."""
    if "-" not in text or len(text) < 3:
        return [(text, start)]
    pieces: list[tuple[str, int]] = []
    offset = start
    for piece in text.split("-"):
        if piece:
            pieces.append((piece, offset))
        offset += len(piece) + 1
    return pieces


def is_skipped(text: str) -> bool:
    """Punctuation and possessive markers that never take part in a dictionary key."""
    if text in _SKIP:
        return True
    return not any(c.isalnum() for c in text)


def make_tok(
    text: str, start: int, i: int = -1, propn: bool | None = None, sep: str = "", ent: str = ""
) -> Tok:
    """A :class:`Tok` from its surface text; ``propn`` defaults to "starts with a capital"."""
    if propn is None:
        propn = text[:1].isupper()
    low, cased = normalise(text), cased_form(text)
    return Tok(text, low, cased, start, start + len(text), i, propn, sep, ent)


@functools.lru_cache(maxsize=1)
def _tokenizer() -> Tokenizer:
    import spacy

    return spacy.blank("en").tokenizer


def tokenize(text: str) -> list[Tok]:
    """Cut free text into :class:`Tok` pieces the way a parsed Doc is cut (skips punctuation)."""
    toks: list[Tok] = []
    if _PLAIN.match(text):
        # Plain words and single spaces: the tokenizer would only split on the spaces.
        start = 0
        for i, word in enumerate(text.split(" ")):
            toks.append(make_tok(word, start, i))
            start += len(word) + 1
        return toks
    sep = ""
    for t in _tokenizer()(text):
        pieces = split_token(t.text, t.idx)
        for k, (piece, start) in enumerate(pieces):
            if k > 0:
                sep += "-"
            if is_skipped(piece):
                sep += piece
            else:
                toks.append(make_tok(piece, start, t.i, None, sep))
                sep = ""
    return toks


def key_of(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The (case-insensitive, case-sensitive) keys of a dictionary name.

    A leading "the" is dropped: "the Netherlands" and "Netherlands" are one key, and a
    determiner in the text never has to be part of a match.
    """
    toks = tokenize(text)
    if len(toks) > 1 and toks[0].low == "the":
        toks = toks[1:]
    return tuple(t.low for t in toks), tuple(t.cased for t in toks)


def is_acronym(text: str) -> bool:
    """True for names matched only with their capitals: "US", "IRGC", "U.N.", "LeT", "MEPs".

    Every token must be all capitals (digits allowed) or carry two capitals or more.
    """
    toks = tokenize(text)
    if not toks:
        return False
    for t in toks:
        letters = [c for c in t.cased if c.isalpha()]
        if not letters:
            continue
        upper = sum(c.isupper() for c in letters)
        if upper < 2 and not (upper == len(letters)):
            return False
    return True


_IRREGULAR_PLURALS = {
    "man": "men",
    "woman": "women",
    "child": "children",
    "person": "people",
    "police": "police",
    "staff": "staff",
    "personnel": "personnel",
    "clergy": "clergy",
    "military": "military",
    "media": "media",
    "press": "press",
    "public": "public",
    "people": "peoples",
    "faithful": "faithful",
    "chief": "chiefs",
    "mujahideen": "mujahideen",
    "mujahedin": "mujahedin",
    "paramilitaries": "paramilitaries",
    "schoolchildren": "schoolchildren",
    "idp": "idps",
}


def pluralize(term: str) -> str:
    """The plural of an agent noun or title, inflecting the head word.

    The head is the word before "of" when there is one ("secretary of state" -> "secretaries
    of state"), else the last word ("intelligence agent" -> "intelligence agents").
    """
    words = term.split(" ")
    idx = words.index("of") - 1 if "of" in words[1:] else len(words) - 1
    words[idx] = _plural_word(words[idx])
    return " ".join(words)


def _plural_word(word: str) -> str:
    low = word.lower()
    if low in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[low]
    if low.endswith("man") and not low.endswith("human"):
        return word[:-3] + "men"
    if low.endswith("woman"):
        return word[:-5] + "women"
    if low.endswith("y") and len(low) > 1 and low[-2] not in "aeiou":
        return word[:-1] + "ies"
    if low.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def demonym_plural(word: str) -> str | None:
    """The people-plural of a demonym ("Iranian" -> "Iranians"), None when it has none.

    Demonyms in -ese, -ish, -ch, -ss (Chinese, British, Dutch, Swiss) do not take an -s.
    """
    low = word.lower()
    if low.endswith(("ese", "ish", "ch", "ss", "sh", "ois", "ais")):
        return None
    return word + "s"
