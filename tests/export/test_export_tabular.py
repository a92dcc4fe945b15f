"""Tests for dotterel.export.tabular: one flat CSV row per event, parallel ;-joined lists."""

from __future__ import annotations

import csv
import io

import pytest

from dotterel.export.tabular import CSV_COLUMNS, event_to_row, write_csv
from dotterel.records import ActorRef, Article, Event


@pytest.mark.parametrize("delimiter", [",", "\t"])
def test_write_csv_has_header_and_one_row_per_event(
    events: list[Event], articles: dict[str, Article], delimiter: str
) -> None:
    out = io.StringIO()
    assert write_csv(events, out, articles=articles, delimiter=delimiter) == len(events)
    rows = list(csv.DictReader(io.StringIO(out.getvalue()), delimiter=delimiter))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["event_id"] for r in rows] == [e.id for e in events]


@pytest.mark.parametrize("index", [0])
def test_event_to_row_joins_participants_in_parallel(events: list[Event], index: int) -> None:
    row = event_to_row(events[index])
    assert row["actor_codes"] == "EST;LVA"
    assert row["actor_sectors"] == "COP;COP"
    assert row["actor_names"] == "Estonian border guard;"
    assert row["recipient_codes"] == "UNK"
    assert row["location_geonames_id"] == 590031


@pytest.mark.parametrize("text", ["Smith; Jones", "a;b;c"])
def test_event_to_row_keeps_joins_unambiguous(events: list[Event], text: str) -> None:
    event = events[0].replace(actor=(ActorRef(text, "GBR"), ActorRef("x", "FRA")))
    row = event_to_row(event)
    assert len(row["actor_texts"].split(";")) == 2


@pytest.mark.parametrize(("index", "end"), [(1, "2024-02-29"), (0, "2024-03-12")])
def test_event_to_row_date_end_spans_precision(events: list[Event], index: int, end: str) -> None:
    assert event_to_row(events[index])["date_end"] == end


@pytest.mark.parametrize(("index", "outlet"), [(1, "Morning Courier"), (2, None)])
def test_event_to_row_without_article_uses_attribution_outlet(
    events: list[Event], index: int, outlet: str | None
) -> None:
    row = event_to_row(events[index])
    assert row["article_source"] == outlet
    assert row["article_url"] is None
