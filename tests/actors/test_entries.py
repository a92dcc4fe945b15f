"""Date-ranged roles, date normalisation and code/sector validation."""

from __future__ import annotations

import datetime as dt

import pytest

from dotterel.actors.entries import Entry, Role, check_code, check_sector, norm_date, query_date
from dotterel.errors import DataFileError


@pytest.mark.parametrize(
    ("value", "end", "expected"),
    [
        ("2013", False, "2013-01-01"),
        ("2013", True, "2013-12-31"),
        ("2013-08", False, "2013-08-01"),
        ("2013-08", True, "2013-08-31"),
        ("2013-08-03", True, "2013-08-03"),
        (dt.date(2017, 1, 20), False, "2017-01-20"),
        (None, False, None),
    ],
)
def test_norm_date_widens_partial_dates(value: object, end: bool, expected: str | None) -> None:
    assert norm_date(value, "test", end=end) == expected


@pytest.mark.parametrize("value", ["20 January 2017", "2017/01/20", "17-01-20"])
def test_norm_date_rejects_other_formats(value: str) -> None:
    with pytest.raises(DataFileError, match="YYYY"):
        norm_date(value, "test")


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("2018-03", "2018-03-01"),
        ("2018-03-07T10:00:00Z", "2018-03-07"),
        ("March 2018", None),
        (None, None),
    ],
)
def test_query_date_takes_article_dates(date: str | None, expected: str | None) -> None:
    assert query_date(date) == expected


_PERSON = Entry(
    "person",
    "USA",
    None,
    "Donald Trump",
    roles=(
        Role("USA", "GOV", "2017-01-20", "2021-01-20"),
        Role("USA", "GOV", "2025-01-20", None),
    ),
)
_GROUP = Entry(
    "organisation",
    "AFG",
    "REB",
    "Taliban",
    roles=(Role("AFG", "GOV", "1996-09-27", "2001-11-13"), Role("AFG", "GOV", "2021-08-15", None)),
)


@pytest.mark.parametrize(
    ("entry", "date", "expected"),
    [
        (_PERSON, "2018-06-01", ("USA", "GOV")),
        (_PERSON, "2022-06-01", ("USA", "CVL")),
        (_PERSON, "2010-06-01", ("USA", None)),
        (_PERSON, "2025-02-01", ("USA", "GOV")),
        (_PERSON, None, ("USA", "GOV")),
        (_GROUP, "2000-01-01", ("AFG", "GOV")),
        (_GROUP, "2010-01-01", ("AFG", "REB")),
        (_GROUP, "2023-01-01", ("AFG", "GOV")),
    ],
)
def test_entry_at_picks_the_role_of_the_date(
    entry: Entry, date: str | None, expected: tuple[str, str | None]
) -> None:
    assert entry.at(date) == expected


@pytest.mark.parametrize("code", ["IR", "irn", "IRAN", 3, None])
def test_check_code_rejects_malformed_codes(code: object) -> None:
    with pytest.raises(DataFileError, match="three capital letters"):
        check_code(code, "test")


def test_check_sector_names_the_valid_codes() -> None:
    assert check_sector("GOV", "test") == "GOV"
    assert check_sector(None, "test") is None
    with pytest.raises(DataFileError, match="unknown sector 'GOVT'"):
        check_sector("GOVT", "test")


@pytest.mark.parametrize(("alias", "sector"), [("ELI", "CVL"), ("HLH", "MED"), ("INS", "REB")])
def test_check_sector_maps_cameo_aliases_through_the_ontology(alias: str, sector: str) -> None:
    assert check_sector(alias, "test") == sector
