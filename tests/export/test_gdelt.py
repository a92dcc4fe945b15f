"""Tests for dotterel.export.gdelt: GDELT 2.0 columns, CAMEO codes, geo fields, per-cluster rows."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from dotterel.dedup import Clusterer
from dotterel.export.gdelt import (
    EXTRA_COLUMNS,
    GDELT_COLUMNS,
    cameo_codes,
    event_to_gdelt_rows,
    global_event_id,
    write_gdelt,
)
from dotterel.ontology import load_ontology
from dotterel.records import Article, Event

DOCS = Path(__file__).resolve().parents[2] / "docs" / "exports.md"


def _documented_columns(heading: str) -> list[str]:
    text = DOCS.read_text(encoding="utf-8")
    section = text.split(heading, 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([A-Za-z0-9_]+)` \|", section, flags=re.M)


@pytest.mark.parametrize("heading", ["## GDELT-style table"])
def test_gdelt_header_matches_documented_columns(heading: str) -> None:
    assert tuple(_documented_columns(heading)) == GDELT_COLUMNS


@pytest.mark.parametrize("heading", ["## CSV"])
def test_csv_header_matches_documented_columns(heading: str) -> None:
    from dotterel.export.tabular import CSV_COLUMNS

    assert tuple(_documented_columns(heading)) == CSV_COLUMNS


@pytest.mark.parametrize("count", [61])
def test_gdelt_columns_are_the_gdelt_2_event_table(count: int) -> None:
    assert len(GDELT_COLUMNS) == count == len(set(GDELT_COLUMNS))
    assert GDELT_COLUMNS[:2] == ("GLOBALEVENTID", "SQLDATE")
    assert GDELT_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")


@pytest.mark.parametrize(
    ("event_type", "mode", "expected"),
    [
        ("COERCE", "arrest", None),
        ("PROTEST", None, ("140", "140", "14")),
        ("AID", None, ("070", "070", "07")),
    ],
)
def test_cameo_codes_come_from_the_crosswalk(
    events: list[Event], event_type: str, mode: str | None, expected: tuple[str, ...] | None
) -> None:
    ontology = load_ontology()
    code, base, root = cameo_codes(events[0].replace(event_type=event_type, mode=mode), ontology)
    if expected is None:
        crosswalk = ontology.cameo_code(event_type, mode)
        expected = (crosswalk.ljust(3, "0"), crosswalk.ljust(3, "0")[:3], crosswalk[:2])
    assert (code, base, root) == expected


@pytest.mark.parametrize("index", [0])
def test_event_to_gdelt_rows_one_row_per_actor_pair(
    events: list[Event], articles: dict[str, Article], index: int
) -> None:
    rows = list(event_to_gdelt_rows(events[index], article=articles["art-1"]))
    assert [r["Actor1Code"] for r in rows] == ["ESTCOP", "LVACOP"]
    assert [r["Actor1CountryCode"] for r in rows] == ["EST", "LVA"]
    assert {r["Actor2Code"] for r in rows} == {"CRM"}
    assert len({r["GLOBALEVENTID"] for r in rows}) == 2
    row = rows[0]
    assert row["SQLDATE"] == "20240312" and row["MonthYear"] == "202403" and row["Year"] == 2024
    assert row["QuadClass"] == 4 and row["GoldsteinScale"] == -5.0
    assert row["ActionGeo_Type"] == 4
    assert row["ActionGeo_CountryCode"] == "EN"  # FIPS for Estonia
    assert row["ActionGeo_ADM1Code"] == "EN14"
    assert row["ActionGeo_FullName"] == "Narva, Estonia"
    assert row["ActionGeo_FeatureID"] == 590031
    assert row["SOURCEURL"] == "https://news.example/smugglers"
    assert row["IsRootEvent"] == 1


@pytest.mark.parametrize(
    ("adm1", "code", "full_name"),
    [("14", "EN14", "Narva, Estonia"), ("Ida-Viru", "EN", "Narva, Ida-Viru, Estonia")],
)
def test_event_to_gdelt_rows_division_code_or_name(
    events: list[Event], adm1: str, code: str, full_name: str
) -> None:
    loc = events[0].location
    assert loc is not None
    event = events[0].replace(location=type(loc)(**{**loc.to_dict(), "adm1": adm1}))
    row = next(event_to_gdelt_rows(event))
    assert (row["ActionGeo_ADM1Code"], row["ActionGeo_FullName"]) == (code, full_name)


@pytest.mark.parametrize(("index", "group", "geo_type"), [(2, "IGO", 1)])
def test_event_to_gdelt_rows_known_groups_and_country_places(
    events: list[Event], index: int, group: str, geo_type: int
) -> None:
    (row,) = event_to_gdelt_rows(events[index])
    assert row["Actor1KnownGroupCode"] == group and row["Actor1CountryCode"] == ""
    assert row["ActionGeo_Type"] == geo_type and row["ActionGeo_CountryCode"] == "CD"
    assert row["IsRootEvent"] == 0


@pytest.mark.parametrize("key", ["afee53b14b53aeeac392", "not-hex:1:0"])
def test_global_event_id_is_a_positive_int64(key: str) -> None:
    value = global_event_id(key)
    assert 0 < value < 2**63
    assert value == global_event_id(key)


@pytest.mark.parametrize(("header", "extras"), [(True, False), (False, False), (True, True)])
def test_write_gdelt_layout(
    events: list[Event], articles: dict[str, Article], header: bool, extras: bool
) -> None:
    out = io.StringIO()
    stamp = datetime(2024, 4, 1, 12, 0, 0, tzinfo=UTC)
    n = write_gdelt(events, out, articles=articles, header=header, extras=extras, date_added=stamp)
    lines = list(csv.reader(io.StringIO(out.getvalue()), delimiter="\t"))
    width = len(GDELT_COLUMNS) + (len(EXTRA_COLUMNS) if extras else 0)
    assert all(len(line) == width for line in lines)
    assert len(lines) == n + int(header)
    body = lines[1:] if header else lines
    assert {line[GDELT_COLUMNS.index("DATEADDED")] for line in body} == {"20240401120000"}


@pytest.mark.parametrize("reports", [50])
def test_write_gdelt_with_clusterer_counts_mentions(
    events: list[Event], articles: dict[str, Article], reports: int
) -> None:
    kidnapping = events[0].replace(actor=events[0].actor[:1])
    copies = [kidnapping.replace(id=f"{n:020x}", article_id=f"art-{n}") for n in range(reports)]
    outlets = {
        f"art-{n}": Article(id=f"art-{n}", text="", source=f"paper{n % 5}") for n in range(reports)
    }
    out = io.StringIO()
    rows = write_gdelt(copies + events[1:], out, articles=outlets, clusters=Clusterer())
    table = list(csv.DictReader(io.StringIO(out.getvalue()), delimiter="\t"))
    assert rows == len(table) == 3
    first = table[0]
    assert (first["NumMentions"], first["NumSources"], first["NumArticles"]) == ("50", "5", "50")
