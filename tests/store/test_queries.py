"""Store queries: filters, keyset pages, dyads, timelines and full-text search."""

from __future__ import annotations

import pytest

from dotterel.errors import ValidationError
from dotterel.store import EventFilter, queries


@pytest.fixture
def loaded(store, make_article, make_event, coded):
    """Six events in three articles with varied actors, dates, places and sentences."""
    a1 = make_article("Ruritania shelled Kessin and Grand Fenwick protested.", id="a1")
    a2 = make_article("Talks in Alderbury.", id="a2")
    a3 = make_article("Old news.", id="a3")
    events = {
        "shell": make_event(a1, index=0),
        "protest": make_event(
            a1,
            index=1,
            event_type="PROTEST",
            actors=(("GRD", "GOV"),),
            recipients=(("RUR", "GOV"),),
            sentence="Grand Fenwick protested against the shelling.",
            certainty="asserted",
            quad=3,
        ),
        "talks": make_event(
            a2,
            index=0,
            event_type="CONSULT",
            actors=(("RUR", "GOV"), ("GRD", "GOV")),
            recipients=(("UNO", None),),
            date="2023-06",
            precision="month",
            place=("Alderbury", "GB"),
            status="planned",
            sentence="Envoys will meet for talks in Alderbury.",
            quad=1,
        ),
        "year": make_event(
            a3, index=0, date="2022", precision="year", place=None, sentence="Shelling in 2022."
        ),
        "undated": make_event(
            a3, index=1, date=None, precision="unknown", recipients=(), sentence="Troops massed."
        ),
        "week": make_event(
            a3, index=2, date="2023-05-29", precision="week", sentence="Raids that week."
        ),
    }
    store.add_coded(
        [
            coded(a1, (events["shell"], events["protest"])),
            coded(a2, (events["talks"],)),
            coded(a3, (events["year"], events["undated"], events["week"])),
        ]
    )
    return store, events


def _names(events, found):
    by_id = {e.id: name for name, e in events.items()}
    return {by_id[e.id] for e in found}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, {"shell", "protest", "talks", "year", "undated", "week"}),
        ({"actor": "GRD"}, {"protest", "talks"}),
        ({"actor": "RUR:GOV"}, {"talks"}),
        ({"actor": "RUR:MIL,GRD:GOV"}, {"shell", "protest", "talks", "year", "undated", "week"}),
        ({"recipient": "UNO"}, {"talks"}),
        ({"dyad": "RUR-GRD"}, {"shell", "year", "week"}),
        ({"dyad": ("GRD", "UNO")}, {"talks"}),
        ({"event_type": "protest"}, {"protest"}),
        ({"event_type": ("CONSULT", "PROTEST")}, {"protest", "talks"}),
        ({"status": "planned"}, {"talks"}),
        ({"certainty": "asserted"}, {"protest"}),
        ({"quad_code": 1}, {"talks"}),
        ({"country": "gb"}, {"talks"}),
        ({"place": "alderbury"}, {"talks"}),
        ({"date_from": "2023-05-04", "date_to": "2023-05-04"}, {"shell", "protest"}),
        ({"date_from": "2023-06"}, {"talks"}),
        ({"date_to": "2023-05-31"}, {"shell", "protest", "year"}),
        ({"date_from": "2022", "date_to": "2022"}, {"year"}),
        ({"date_from": "2023-06-10", "date_to": "2023-06-20"}, set()),
        ({"text": "shell"}, {"shell", "protest", "year"}),
        ({"text": "protesting"}, {"protest"}),
        ({"text": '"grand fenwick" protest'}, {"protest"}),
        ({"text": "talks OR raids"}, set()),
        ({"article_id": "a3"}, {"year", "undated", "week"}),
        ({"actor": "GRD", "event_type": "CONSULT"}, {"talks"}),
    ],
)
def test_query_events_filters(loaded, filters, expected):
    store, events = loaded
    page = store.query_events(EventFilter(**filters), limit=100)
    assert _names(events, page.events) == expected
    assert store.count(EventFilter(**filters)) == len(expected)


@pytest.mark.parametrize("limit", [1, 2, 4])
def test_query_events_pages_cover_everything_once_newest_first(loaded, limit):
    store, events = loaded
    seen, cursor = [], None
    while True:
        page = store.query_events(limit=limit, cursor=cursor)
        seen.extend(page.events)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert sorted(e.id for e in seen) == sorted(e.id for e in events.values())
    starts = [e.date or "" for e in seen]
    assert starts[-1] == ""
    assert [e.id for e in seen] == [e.id for e in store.iter_events(page=limit)]


@pytest.mark.parametrize("limit", [2])
def test_query_events_cursor_stable_when_events_arrive(
    loaded, limit, make_article, make_event, coded
):
    store, events = loaded
    first = store.query_events(limit=limit)
    late = make_article("Late article.", id="late")
    store.add_coded([coded(late, (make_event(late, date="2023-05-30"),))])
    rest = store.query_events(limit=100, cursor=first.next_cursor)
    ids = [e.id for e in first.events] + [e.id for e in rest.events]
    assert len(ids) == len(set(ids)) == len(events)


@pytest.mark.parametrize("cursor", ["garbage", "W10", "WyJhIiwgIngiXQ"])
def test_query_events_rejects_foreign_cursor(loaded, cursor):
    store, _ = loaded
    with pytest.raises(ValidationError, match="cursor"):
        store.query_events(cursor=cursor)


@pytest.mark.parametrize("limit", [0, 10_001])
def test_query_events_rejects_bad_limit(loaded, limit):
    store, _ = loaded
    with pytest.raises(ValidationError, match="limit"):
        store.query_events(limit=limit)


@pytest.mark.parametrize(
    ("interval", "expected"),
    [
        (
            None,
            {
                ("RUR", "GRD", None): 3,
                ("GRD", "RUR", None): 1,
                ("RUR", "UNO", None): 1,
                ("GRD", "UNO", None): 1,
            },
        ),
        (
            "month",
            {
                ("RUR", "GRD", "2023-05"): 1,
                ("GRD", "RUR", "2023-05"): 1,
                ("RUR", "UNO", "2023-06"): 1,
                ("GRD", "UNO", "2023-06"): 1,
            },
        ),
        ("year", {("RUR", "GRD", "2022"): 1}),
    ],
)
def test_dyads_count_code_pairs(loaded, interval, expected):
    store, _ = loaded
    rows = store.dyads(interval=interval)
    got = {(d.actor, d.recipient, d.period): d.count for d in rows}
    if interval == "year":
        assert got[("RUR", "GRD", "2022")] == 1
        assert ("RUR", "GRD", "2023") in got
    else:
        assert got == expected
    assert [d.count for d in rows] == sorted((d.count for d in rows), reverse=True)


@pytest.mark.parametrize("interval", [None, "month"])
def test_dyads_running_totals_equal_counting_events(loaded, interval):
    store, _ = loaded
    fast = queries.dyads(store.conn, EventFilter(), interval=interval)
    slow = queries.dyads(store.conn, EventFilter(), interval=interval, rollup=False)
    assert fast == slow and fast


@pytest.mark.parametrize("by", [None, "event_type", "quad_code"])
def test_timeline_running_totals_equal_counting_events(loaded, by):
    store, _ = loaded
    fast = queries.timeline(store.conn, EventFilter(), by=by)
    slow = queries.timeline(store.conn, EventFilter(), by=by, rollup=False)
    assert fast == slow and fast


@pytest.mark.parametrize(("filters", "total"), [({"actor": "GRD"}, 3), ({"status": "planned"}, 2)])
def test_dyads_respect_filters(loaded, filters, total):
    store, _ = loaded
    assert sum(d.count for d in store.dyads(EventFilter(**filters))) == total


@pytest.mark.parametrize(
    ("interval", "by", "expected"),
    [
        (
            "month",
            "event_type",
            {("2023-05", "ASSAULT"): 1, ("2023-05", "PROTEST"): 1, ("2023-06", "CONSULT"): 1},
        ),
        ("month", "quad_code", {("2023-05", 4): 1, ("2023-05", 3): 1, ("2023-06", 1): 1}),
        ("week", None, {("2023-05-01", None): 2, ("2023-05-29", None): 1}),
        ("year", None, {("2022", None): 1, ("2023", None): 4}),
        ("day", "status", {("2023-05-04", "occurred"): 2}),
    ],
)
def test_timeline_counts_events_inside_each_period(loaded, interval, by, expected):
    store, _ = loaded
    rows = store.timeline(interval=interval, by=by)
    assert {(t.period, t.key): t.count for t in rows} == expected
    assert [t.period for t in rows] == sorted(t.period for t in rows)


@pytest.mark.parametrize(("interval", "by"), [("decade", "event_type"), ("month", "data")])
def test_timeline_rejects_unknown_interval_or_key(loaded, interval, by):
    store, _ = loaded
    with pytest.raises(ValidationError):
        store.timeline(interval=interval, by=by)


@pytest.mark.parametrize(("text", "n"), [("envoys", 1), ("NOT AND", 0), ('"troops', 1)])
def test_search_neutralises_query_operators(loaded, text, n):
    store, _ = loaded
    assert len(store.search(text).events) == n
