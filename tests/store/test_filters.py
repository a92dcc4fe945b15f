"""EventFilter validation and normalisation, and safe full-text queries."""

from __future__ import annotations

import pytest

from dotterel.errors import ValidationError
from dotterel.store import EventFilter
from dotterel.store.filters import decode_cursor, encode_cursor, fts_query, where_clause


@pytest.mark.parametrize(
    ("kwargs", "field", "value"),
    [
        ({"actor": "usa, gbr"}, "actor", ("USA", "GBR")),
        ({"actor": "usa:gov"}, "actor", ("USA:GOV",)),
        ({"dyad": "usa-irn"}, "dyad", "USA-IRN"),
        ({"dyad": ("USA:GOV", "IRN")}, "dyad", "USA:GOV-IRN"),
        ({"status": "Occurred,planned"}, "status", ("occurred", "planned")),
        ({"event_type": "assault"}, "event_type", ("ASSAULT",)),
        ({"quad_code": "1,4"}, "quad_code", (1, 4)),
        ({"quad_code": 2}, "quad_code", (2,)),
        ({"country": ""}, "country", None),
        ({"text": "  "}, "text", None),
    ],
)
def test_event_filter_normalises_values(kwargs, field, value):
    assert getattr(EventFilter(**kwargs), field) == value


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"actor": "U"}, "actor"),
        ({"actor": "USA; DROP TABLE events"}, "actor"),
        ({"dyad": "USA"}, "ACTOR-RECIPIENT"),
        ({"status": "happened"}, "status"),
        ({"certainty": "sure"}, "certainty"),
        ({"quad_code": 5}, "quad_code"),
        ({"quad_code": "x"}, "quad_code"),
        ({"date_from": "2023-13"}, "date_from"),
        ({"date_to": "yesterday"}, "date_to"),
        ({"text": "x" * 501}, "text"),
        ({"event_type": "assault!"}, "event_type"),
    ],
)
def test_event_filter_rejects_bad_values_naming_the_field(kwargs, message):
    with pytest.raises(ValidationError, match=message):
        EventFilter(**kwargs)


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("troops", '"troops"'),
        ("troops NEAR border", '"troops" AND "NEAR" AND "border"'),
        ('"grand fenwick" talks', '"grand fenwick" AND "talks"'),
        ("col:umn*", '"col umn"'),
    ],
)
def test_fts_query_quotes_every_term(text, query):
    assert fts_query(text) == query


@pytest.mark.parametrize("text", ["***", '""'])
def test_fts_query_without_words_is_an_error(text):
    with pytest.raises(ValidationError, match="no words"):
        fts_query(text)


@pytest.mark.parametrize(
    "kwargs",
    [{"actor": "USA"}, {"place": "O'Hare'); --"}, {"text": "zebra crossing"}, {"dyad": "USA-IRN"}],
)
def test_where_clause_keeps_values_out_of_sql(kwargs):
    params: list[object] = []
    sql = where_clause(EventFilter(**kwargs), params)
    assert params
    assert all(value.split()[0].upper() not in sql.upper() for value in kwargs.values())


@pytest.mark.parametrize(("date_sort", "pk"), [("", 1), ("2023-05-04", 123456)])
def test_cursor_roundtrips(date_sort, pk):
    assert decode_cursor(encode_cursor(date_sort, pk)) == (date_sort, pk)
