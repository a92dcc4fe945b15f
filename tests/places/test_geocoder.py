"""Geocoder: countries, capitals, regions, divisions, ambiguous names in context."""

from __future__ import annotations

import pytest

from dotterel.places import GEOCODER_NAME, Geocoder
from dotterel.places.gazetteer import fold


@pytest.fixture(scope="module")
def geocoder() -> Geocoder:
    return Geocoder()


@pytest.mark.parametrize(
    ("name", "code", "resolution"),
    [
        ("Albania", "ALB", "country"),
        ("the Netherlands", "NLD", "country"),
        ("U.S.", "USA", "country"),
        ("Britain", "GBR", "country"),
        ("Ivory Coast", "CIV", "country"),
        ("Kosovo", "XKX", "country"),
        ("Tehran", "IRN", "city"),
        ("Tirana", "ALB", "city"),
        ("Kiev", "UKR", "city"),
        ("Canberra", "AUS", "city"),
        ("Bavaria", "DEU", "province"),
        ("Khuzestan province", "IRN", "province"),
        ("Calif.", "USA", "province"),
        ("southwest Iran", "IRN", "country"),
        ("northern Syria", "SYR", "country"),
        ("Turkish", "TUR", "country"),
    ],
)
def test_geocode_finds_country_code_and_resolution(geocoder, name, code, resolution):
    loc = geocoder.geocode(name)
    assert loc is not None
    assert (loc.country_code, loc.resolution) == (code, resolution)
    assert loc.lat is not None and loc.lon is not None


@pytest.mark.parametrize(
    ("name", "canonical", "code"),
    [
        ("the Balkans", "the Balkans", None),
        ("Europe", "Europe", None),
        ("the Middle East", "the Middle East", None),
        ("the Gulf", "the Gulf", None),
        ("Sahel", "the Sahel", None),
        ("Darfur", "Darfur", "SDN"),
    ],
)
def test_geocode_resolves_project_regions(geocoder, name, canonical, code):
    loc = geocoder.geocode(name)
    assert loc is not None
    assert (loc.name, loc.country_code, loc.resolution) == (canonical, code, "region")


@pytest.mark.parametrize(
    ("name", "countries", "code", "adm1"),
    [
        ("Paris", (), "FRA", "Ile-de-France"),
        ("Paris", ("USA",), "USA", "Texas"),
        ("Georgia", (), "GEO", None),
        ("Georgia", ("USA",), "USA", "Georgia"),
        ("Tripoli", (), "LBY", None),
        ("Tripoli", ("LBN",), "LBN", None),
        ("Santiago", (), "CHL", None),
        ("Santiago", ("DOM",), "DOM", None),
    ],
)
def test_geocode_uses_article_countries_for_ambiguous_names(geocoder, name, countries, code, adm1):
    loc = geocoder.geocode(name, countries=countries)
    assert loc is not None and loc.country_code == code
    if adm1 is not None:
        assert loc.adm1 == adm1


@pytest.mark.parametrize(
    ("name", "context", "adm1"),
    [
        ("Alexandria", {"countries": ["USA"]}, "Virginia"),
        ("Alexandria", {"countries": ["USA"], "adm1": ["Louisiana"]}, "Louisiana"),
        ("Alexandria, Louisiana", {}, "Louisiana"),
    ],
)
def test_geocode_uses_nearby_divisions(geocoder, name, context, adm1):
    loc = geocoder.geocode(name, **context)
    assert loc is not None
    assert (loc.country_code, loc.adm1, loc.resolution) == ("USA", adm1, "city")


@pytest.mark.parametrize("name", ["Ahvaz", "Ahwaz"])
def test_geocode_fills_every_location_field(geocoder, name):
    loc = geocoder.geocode(name)
    assert loc is not None
    assert loc.text == name
    assert (loc.name, loc.country_code, loc.adm1, loc.resolution) == (
        "Ahvaz",
        "IRN",
        "Khuzestan",
        "city",
    )
    assert loc.geonames_id == 144448
    assert abs(loc.lat - 31.32) < 0.1 and abs(loc.lon - 48.68) < 0.1


@pytest.mark.parametrize("name", ["Qwzxtplk", "", "the"])
def test_geocode_returns_none_for_unknown_names(geocoder, name):
    assert geocoder.geocode(name) is None


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Columbus", "Dublin", "Franklin County", "Ohio"], ("USA", "Ohio")),
        (["Dublin", "Cork", "Galway"], ("IRL", None)),
        (["Shiraz", "Tabriz"], ("IRN", "Fars")),
    ],
)
def test_geocode_many_reads_names_in_the_light_of_each_other(geocoder, names, expected):
    found = geocoder.geocode_many(names)
    first = found[0]
    assert first is not None and first.country_code == expected[0]
    if expected[1] is not None:
        assert first.adm1 == expected[1]


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("The Hague", "hague"),
        ("U.S.", "us"),
        ("Khūzestān", "khuzestan"),
        ("St.  Louis", "st louis"),
    ],
)
def test_fold_normalises_names(name, key):
    assert fold(name) == key


@pytest.mark.parametrize("attribute", ["name"])
def test_geocoder_has_a_versioned_name(attribute):
    assert getattr(Geocoder, attribute) == GEOCODER_NAME == "dotterel.geocoder.v1"
