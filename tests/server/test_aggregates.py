"""The server's own aggregates: countries, places and an event's mentions."""

from __future__ import annotations

import pytest

from dotterel.records import Article
from dotterel.server import aggregates
from dotterel.store import EventFilter, EventStore
from tests.server.server_records import PLACES, make_event


@pytest.mark.parametrize(
    ("code", "name", "numeric"),
    [
        ("DEU", "Germany", "276"),
        ("DE", "Germany", "276"),
        ("aut", "Austria", "040"),
        ("XYZ", None, None),
    ],
)
def test_aggregates_country_info(code, name, numeric):
    assert aggregates.country_info(code) == (name, numeric)


def test_aggregates_numeric_to_code_covers_the_map():
    table = aggregates.numeric_to_code()
    assert table["804"] == "UKR" and table["840"] == "USA"
    assert len(table) > 200


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (EventFilter(), [("Kessin", 3), ("Vienna", 1)]),
        (EventFilter(event_type="CONSULT"), [("Vienna", 1)]),
        (EventFilter(status="negated"), []),
    ],
)
def test_aggregates_place_counts(store_path, filters, expected):
    with EventStore(store_path, readonly=True) as store:
        rows = aggregates.place_counts(store, filters)
    assert [(r.place, r.count) for r in rows] == expected
    for r in rows:
        assert (r.country, r.lat, r.lon) == PLACES[r.place]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (EventFilter(), [("DEU", 3), ("AUT", 1)]),
        (EventFilter(actor="GRD"), [("AUT", 1), ("DEU", 1)]),
    ],
)
def test_aggregates_country_counts(store_path, filters, expected):
    with EventStore(store_path, readonly=True) as store:
        rows = aggregates.country_counts(store, filters)
    assert [(r.country, r.count) for r in rows] == expected


def test_aggregates_place_limit_checked(store_path):
    with EventStore(store_path, readonly=True) as store, pytest.raises(Exception, match="limit"):
        aggregates.place_counts(store, EventFilter(), limit=0)


def _report(text: str, date: str, trigger: str, status: str = "occurred"):
    article = Article(Article.make_id(text), text, None, date, None, "Outlet " + text[:5])
    return article, make_event(
        article,
        text,
        trigger,
        "ASSAULT",
        actor=("Ruritanian artillery", "RUR", "MIL"),
        recipient=("Grand Duchy soldiers", "GRD", "MIL"),
        place="Kessin",
        date=date,
        status=status,
    )


@pytest.mark.parametrize(
    ("other_date", "other_status", "same"),
    [
        ("2024-03-05", "occurred", True),  # a day later: the same shelling
        ("2024-03-20", "occurred", False),  # two weeks later: another one
        ("2024-03-04", "threatened", False),  # a threat is not the attack
    ],
)
def test_aggregates_event_mentions(tmp_path, other_date, other_status, same):
    from tests.server.server_records import Coded

    a1, e1 = _report(
        "Ruritanian artillery hit Grand Duchy soldiers in Kessin.", "2024-03-04", "hit"
    )
    a2, e2 = _report(
        "Ruritanian artillery shelled Grand Duchy soldiers near Kessin.",
        other_date,
        "shelled",
        other_status,
    )
    path = str(tmp_path / "m.db")
    with EventStore(path) as store:
        store.add_coded([Coded(a1, (e1,)), Coded(a2, (e2,))])
        cluster, mentions = aggregates.event_mentions(store, e1)
    assert e1.id in cluster.event_ids
    assert ([m.id for m in mentions] == [e1.id, e2.id]) is same
    assert cluster.mention_count == (2 if same else 1)
