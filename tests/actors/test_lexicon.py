"""The bundled actor data: versions, valid codes, coverage, and the compiled lookups."""

from __future__ import annotations

import pytest
import yaml

from dotterel.actors.lexicon import BUNDLED_FILES, DATA_DIR, Lexicon, bundled_documents
from dotterel.actors.text import key_of, tokenize


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return Lexicon.load(dict(bundled_documents()))


@pytest.mark.parametrize("name", BUNDLED_FILES)
def test_bundled_file_has_a_version(name: str) -> None:
    docs = dict(bundled_documents())
    assert str(docs[name]["version"]).strip()


def _yaml(name: str) -> dict:
    return yaml.safe_load((DATA_DIR / name).read_text("utf-8"))


def test_every_un_member_but_two_has_a_demonym() -> None:
    generated = _yaml("countries.yaml")["countries"]
    curated = _yaml("country_names.yaml")["countries"]
    missing = {
        row["code"]
        for row in generated
        if row["un_member"] and not (curated.get(row["code"]) or {}).get("demonyms")
    }
    # Congo-Brazzaville and Dominica share their demonym with a bigger neighbour (Congolese,
    # Dominican): left out on purpose, see country_names.yaml.
    assert missing == {"COG", "DMA"}


def test_organisation_and_people_codes_are_known(lex: Lexicon) -> None:
    rows = _yaml("organisations.yaml")["organisations"] + _yaml("people.yaml")["people"]
    for row in rows:
        codes = {row["code"], *(r.get("code", row["code"]) for r in row.get("roles") or ())}
        for code in codes:
            assert lex.family(code) != "unknown", (row["name"], code)


def test_igo_members_are_countries(lex: Lexicon) -> None:
    for igo, members in lex.members.items():
        for country in members:
            assert lex.family(country) == "country", (igo, country)


def test_places_table_keys_match_the_tokenizer() -> None:
    rows = dict(bundled_documents())["places.tsv"]["rows"]
    for row in rows[::40]:
        assert row["key"] == " ".join(key_of(row["name"])[1]), row["name"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("US", [("country", "USA")]),
        ("us", []),
        ("Amnesty International", [("ngo", "NGO")]),
        ("Ahvaz", [("place", "IRN")]),
        ("ahvaz", []),
        ("Brussels", [("capital", "BEL"), ("igo", "EUR")]),
    ],
)
def test_match_entities_respects_case_for_acronyms_and_places(
    lex: Lexicon, text: str, expected: list[tuple[str, str]]
) -> None:
    found = [(e.kind, e.code) for m in lex.match_entities(tokenize(text)) for e in m.entries]
    assert sorted(found) == sorted(expected)


def test_match_entities_takes_the_longest_name(lex: Lexicon) -> None:
    toks = tokenize("the Islamic Revolutionary Guard Corps")
    (match,) = lex.match_entities(toks)
    assert (match.start, match.end) == (1, 5)


@pytest.mark.parametrize(
    ("text", "sector", "tier"),
    [
        ("security forces", "COP", "strong"),
        ("forces", "MIL", "weak"),
        ("officials", "GOV", "weak"),
        ("rebels", "REB", "override"),
        ("secretaries of state", "GOV", "strong"),
        ("policemen", "COP", "strong"),
    ],
)
def test_match_sectors_longest_term_and_tier(
    lex: Lexicon, text: str, sector: str, tier: str
) -> None:
    toks = tokenize(text)
    (hit,) = lex.match_sectors(toks)
    assert (hit[0], hit[1], hit[2].sector, hit[2].tier) == (0, len(toks), sector, tier)


@pytest.mark.parametrize(
    ("country", "igo", "date", "member"),
    [
        ("FIN", "NAT", "2022-06-01", False),
        ("FIN", "NAT", "2023-06-01", True),
        ("GBR", "EUR", "2019-06-01", True),
        ("GBR", "EUR", "2021-06-01", False),
        ("GBR", "EUR", None, False),
        ("IRN", "NAT", None, False),
    ],
)
def test_is_member_follows_accession_and_exit(
    lex: Lexicon, country: str, igo: str, date: str | None, member: bool
) -> None:
    assert lex.is_member(country, igo, date) is member
