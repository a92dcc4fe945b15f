"""Actor codes as the scorer compares them."""

from __future__ import annotations

import pytest

from dotterel.evaluate.codes import normalise


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("JAP", "JPN"),
        ("itl", "ITA"),
        (" VTN ", "VNM"),
        ("KSV", "XKX"),
        ("KOS", "XKX"),
        ("JPN", "JPN"),
        ("FRA", "FRA"),
    ],
)
def test_normalise_maps_legacy_country_codes(code, expected):
    assert normalise(code, generic_igo=False) == expected


@pytest.mark.parametrize(
    ("code", "generic", "expected"),
    [("NATO", True, "IGO"), ("NATO", False, "NATO"), ("NGO", True, "NGO")],
)
def test_normalise_generic_igo(code, generic, expected):
    assert normalise(code, generic_igo=generic) == expected
