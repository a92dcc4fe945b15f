"""Token normalisation and keys shared by the dictionaries and the parsed text."""

from __future__ import annotations

import pytest

from dotterel.actors.text import (
    demonym_plural,
    is_acronym,
    key_of,
    normalise,
    pluralize,
    tokenize,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("U.S.", "us"), ("Élysée", "elysee"), ("Iran’s", "iran's"), ("St.", "st"), ("...", "...")],
)
def test_normalise_folds_case_accents_and_stops(text: str, expected: str) -> None:
    assert normalise(text) == expected


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("al-Qaeda", ["al", "Qaeda"]),
        ("the U.S.-led coalition", ["the", "U.S.", "led", "coalition"]),
        ("Iran's ambassador", ["Iran", "ambassador"]),
        ("Kurdistan Workers' Party", ["Kurdistan", "Workers", "Party"]),
        ("NATO-member Norway", ["NATO", "member", "Norway"]),
        ("Denmark, France and Italy", ["Denmark", "France", "and", "Italy"]),
    ],
)
def test_tokenize_splits_like_the_parser_and_drops_punctuation(
    text: str, pieces: list[str]
) -> None:
    assert [t.text for t in tokenize(text)] == pieces


def test_tokenize_records_dropped_separators_and_offsets() -> None:
    text = "Iran's envoy, Danish officials"
    toks = tokenize(text)
    assert [t.sep for t in toks] == ["", "'s", ",", ""]
    assert all(text[t.start : t.end] == t.text for t in toks)


@pytest.mark.parametrize(
    ("name", "ci", "cs"),
    [
        ("the Netherlands", ("netherlands",), ("Netherlands",)),
        ("U.N.", ("un",), ("UN",)),
        ("People's Mujahedin", ("people", "mujahedin"), ("People", "Mujahedin")),
    ],
)
def test_key_of_drops_leading_article(name: str, ci: tuple[str, ...], cs: tuple[str, ...]) -> None:
    assert key_of(name) == (ci, cs)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("US", True),
        ("U.N.", True),
        ("IRGC", True),
        ("LeT", True),
        ("MEPs", True),
        ("MI6", True),
        ("Hamas", False),
        ("the UN", False),
        ("Amnesty International", False),
    ],
)
def test_is_acronym(name: str, expected: bool) -> None:
    assert is_acronym(name) is expected


@pytest.mark.parametrize(
    ("term", "plural"),
    [
        ("official", "officials"),
        ("policeman", "policemen"),
        ("secretary of state", "secretaries of state"),
        ("intelligence agent", "intelligence agents"),
        ("militia", "militias"),
        ("police", "police"),
        ("businesswoman", "businesswomen"),
        ("refugee", "refugees"),
    ],
)
def test_pluralize_inflects_the_head_word(term: str, plural: str) -> None:
    assert pluralize(term) == plural


@pytest.mark.parametrize(
    ("demonym", "plural"),
    [
        ("Iranian", "Iranians"),
        ("Iraqi", "Iraqis"),
        ("Chinese", None),
        ("British", None),
        ("Dutch", None),
        ("Swiss", None),
    ],
)
def test_demonym_plural(demonym: str, plural: str | None) -> None:
    assert demonym_plural(demonym) == plural
