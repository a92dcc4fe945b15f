"""Record <-> row conversion and the date spans behind filters and timelines."""

from __future__ import annotations

import dataclasses
import json

import pytest

from dotterel.records import Event
from dotterel.store.rows import EVENT_COLUMNS, date_span, event_json, event_row, periods


@pytest.mark.parametrize(
    ("value", "precision", "span"),
    [
        ("2023-05-04", "day", ("2023-05-04", "2023-05-04")),
        ("2023-05-29", "week", ("2023-05-29", "2023-06-04")),
        ("2024-02", "month", ("2024-02-01", "2024-02-29")),
        ("2023", "year", ("2023-01-01", "2023-12-31")),
        ("2023-05-04", "publication", ("2023-05-04", "2023-05-04")),
        (None, "unknown", None),
        ("2023-02-30", "day", None),
        ("May 2023", "month", None),
    ],
)
def test_date_span_covers_the_precision(value, precision, span):
    assert date_span(value, precision) == span


@pytest.mark.parametrize(
    ("value", "precision", "expected"),
    [
        ("2023-05-04", "day", ("2023-05-04", "2023-05-01", "2023-05", "2023")),
        ("2023-05-29", "week", (None, "2023-05-29", None, "2023")),
        ("2023-12-25", "week", (None, "2023-12-25", "2023-12", "2023")),
        ("2023-06", "month", (None, None, "2023-06", "2023")),
        ("2023", "year", (None, None, None, "2023")),
        (None, "unknown", (None, None, None, None)),
    ],
)
def test_periods_only_name_buckets_the_date_lies_inside(value, precision, expected):
    p = periods(value, precision)
    assert (p.day, p.week, p.month, p.year) == expected


@pytest.mark.parametrize("index", [0, 3])
def test_event_json_equals_to_dict(make_article, make_event, index):
    event = make_event(make_article(), index=index)
    assert json.loads(event_json(event)) == event.to_dict()
    assert Event.from_dict(json.loads(event_json(event))) == event


@pytest.mark.parametrize("field", [f.name for f in dataclasses.fields(Event)])
def test_event_json_keeps_every_event_field(make_article, make_event, field):
    assert field in json.loads(event_json(make_event(make_article())))


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("actor_code", "RUR"),
        ("recipient_code", "GRD"),
        ("country", "GR"),
        ("place", "Kessin"),
        ("date_sort", "2023-05-04"),
        ("date_end", "2023-05-04"),
    ],
)
def test_event_row_normalises_filter_columns(make_article, make_event, column, value):
    row = dict(zip(EVENT_COLUMNS, event_row(make_event(make_article())), strict=True))
    assert row[column] == value
