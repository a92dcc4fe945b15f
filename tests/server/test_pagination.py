"""The cursor contract: walking next_cursor returns every matching event once, in order."""

from __future__ import annotations

import pytest

from dotterel.store import EventFilter, EventStore
from dotterel.store.synthetic import synthetic_articles
from tests.server.server_records import make_client


@pytest.fixture(scope="module")
def synthetic_store(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("pages") / "synthetic.db")
    with EventStore(path) as store:
        store.add_coded(synthetic_articles(60, events_per_article=5, seed=11))
    return path


@pytest.fixture(scope="module")
def synthetic_client(synthetic_store):
    with make_client(synthetic_store) as c:
        yield c


def _walk(client, params: dict, limit: int) -> tuple[list[dict], int]:
    items: list[dict] = []
    cursor = None
    pages = 0
    while True:
        query = {**params, "limit": limit, **({"cursor": cursor} if cursor else {})}
        body = client.get("/api/v1/events", params=query).json()
        assert len(body["items"]) <= limit
        items.extend(body["items"])
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            return items, pages
        assert len(body["items"]) == limit  # only the last page may be short


def _order_key(event: dict) -> str:
    return event["date"] or ""


@pytest.mark.parametrize(
    ("params", "limit"),
    [
        ({}, 7),
        ({}, 500),
        ({"event_type": "ASSAULT,PROTEST"}, 3),
        ({"status": "occurred", "date_from": "2022"}, 11),
    ],
)
def test_pagination_walk_returns_every_event_once_in_order(
    synthetic_client, synthetic_store, params, limit
):
    items, pages = _walk(synthetic_client, params, limit)
    ids = [e["id"] for e in items]
    assert len(ids) == len(set(ids))
    total = synthetic_client.get("/api/v1/events", params={**params, "count": "true"}).json()
    assert len(ids) == total["count"]
    with EventStore(synthetic_store, readonly=True) as store:
        expected = [e.id for e in store.iter_events(EventFilter(**params))]
    assert ids == expected
    assert pages == max(1, -(-len(ids) // limit))


def test_pagination_walk_is_newest_first(synthetic_client):
    items, _ = _walk(synthetic_client, {}, 50)
    dated = [e for e in items if e["date"]]
    starts = [e["date"][:10] for e in dated]
    # Events are ordered by the first day their date covers, newest first; undated last.
    assert [s[:4] for s in starts] == sorted((s[:4] for s in starts), reverse=True)
    assert all(e["date"] is None for e in items[len(dated) :])


def test_pagination_cursor_is_stable_while_events_arrive(synthetic_client, synthetic_store):
    first = synthetic_client.get("/api/v1/events", params={"limit": 10}).json()
    with EventStore(synthetic_store) as store:
        store.add_coded(synthetic_articles(2, events_per_article=3, seed=99))
    second = synthetic_client.get(
        "/api/v1/events", params={"limit": 10, "cursor": first["next_cursor"]}
    ).json()
    seen = {e["id"] for e in first["items"]}
    assert not seen & {e["id"] for e in second["items"]}
