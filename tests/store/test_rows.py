"""Record <-> row conversion and the date spans behind filters and timelines."""

from __future__ import annotations

import dataclasses
import json

import pytest

from dotterel.records import Event
from dotterel.store.rows import (
    EVENT_COLUMNS,
    batch_rows,
    date_span,
    event_json,
    event_row,
    periods,
    stdlib_dumps,
)


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


@pytest.mark.parametrize("index", [0, 2])
def test_stdlib_encoder_writes_what_the_fast_one_does(make_article, make_event, index):
    event = make_event(make_article(), index=index)
    assert json.loads(stdlib_dumps(event)) == json.loads(event_json(event)) == event.to_dict()


@pytest.mark.parametrize("extension", [{1, 2}, 2**70])
def test_event_json_falls_back_for_values_the_fast_encoder_refuses(
    make_article, make_event, extension
):
    event = make_event(make_article()).replace(extensions={"x": extension})
    if isinstance(extension, set):
        with pytest.raises(TypeError):
            event_json(event)
    else:
        assert json.loads(event_json(event))["extensions"] == {"x": extension}


@pytest.mark.parametrize(
    ("actors", "recipients", "dyad_rows", "counted"),
    [
        ((("RUR", "MIL"),), (("GRD", None),), [], {("RUR", "GRD")}),
        ((("RUR", "MIL"), ("RUR", "GOV")), (("GRD", None),), [], {("RUR", "GRD")}),
        (
            (("RUR", "MIL"), ("GRD", "GOV")),
            (("UNO", None),),
            [("RUR", "UNO"), ("GRD", "UNO")],
            {("RUR", "UNO"), ("GRD", "UNO")},
        ),
        ((("RUR", "MIL"),), (), [], set()),
    ],
)
def test_batch_rows_keeps_dyad_rows_only_for_events_with_several_pairs(
    make_article, make_event, actors, recipients, dyad_rows, counted
):
    event = make_event(make_article(), actors=actors, recipients=recipients)
    rows = batch_rows([event], 5)
    assert rows.dyads == [(5, a, r) for a, r in dyad_rows]
    assert {(a, r) for a, r, _ in rows.dyad_counts} == counted
    assert all(n == 1 for n in rows.dyad_counts.values())


@pytest.mark.parametrize("first", [1, 40])
def test_batch_rows_numbers_events_and_lists_every_participant(make_article, make_event, first):
    article = make_article()
    events = [make_event(article, index=i) for i in range(3)]
    rows = batch_rows(events, first)
    assert [r[0] for r in rows.events] == list(range(first, first + 3))
    assert [r[0] for r in rows.texts] == list(range(first, first + 3))
    assert rows.actors[:2] == [("RUR", "actor", "MIL", first), ("GRD", "recipient", "CVL", first)]
    assert sum(rows.type_counts.values()) == 3
