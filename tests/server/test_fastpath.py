"""The shortcut for GET /api/v1/events answers exactly as the FastAPI route does."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fastapi.routing import APIRoute

from dotterel.records import Event
from dotterel.server import ServerSettings, create_app, routes
from dotterel.server.fastpath import EventsFastPath, query_spec
from dotterel.store import EventStore
from tests.server.server_records import sample_coded

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

QUERIES = [
    "",
    "limit=2",
    "limit=2&count=true",
    "limit=500&count=false",
    "limit=050&count=1",
    "count=0",
    "actor=RUR&count=true",
    "actor=rur:mil,GRD",
    "recipient=GRD:REB",
    "dyad=GRD-RUR",
    "event_type=assault,protest&date_from=2024-03",
    "text=artillery",
    "text=%22came+under%22",
    "place=kessin",
    "quad_code=1,2",
    "actor=",
    "text=%20",
    # Refused, by FastAPI or by the filter, or forms the shortcut leaves to FastAPI:
    "limit=0",
    "limit=501",
    "limit=abc",
    "limit=",
    "limit=%2B5",
    "limit=99999999999999999999",
    "count=maybe",
    "count=yes",
    "count=TRUE",
    "actors=RUR",
    "actor=RUR&actor=GRD",
    "actor=R!R",
    "text=" + "x" * 501,
    "text=%22%22",
    "cursor=not-a-cursor",
    "date_from=2024-13",
    "quad_code=5",
    "dyad=RUR",
    "place=" + quote("Kessin ünïcode"),
]


@pytest.fixture(scope="module")
def clients(tmp_path_factory) -> Iterator[tuple[TestClient, TestClient]]:
    path = str(tmp_path_factory.mktemp("fast") / "events.db")
    with EventStore(path) as store:
        store.add_coded(sample_coded())
    settings = ServerSettings(store=path, allowed_hosts=("testserver",))
    fast = TestClient(create_app(settings), raise_server_exceptions=False)
    slow = TestClient(create_app(settings, fast_path=False), raise_server_exceptions=False)
    with fast, slow:
        yield fast, slow


def _events_route() -> APIRoute:
    return next(r for r in routes.router.routes if getattr(r, "name", "") == "list_events")


@pytest.mark.parametrize("query", QUERIES)
def test_fastpath_answers_as_the_route(clients, query):
    fast, slow = clients
    a, b = fast.get("/api/v1/events?" + query), slow.get("/api/v1/events?" + query)
    assert (a.status_code, a.content, dict(a.headers)) == (
        b.status_code,
        b.content,
        dict(b.headers),
    )


def test_fastpath_pages_through_cursors_as_the_route(clients):
    fast, slow = clients
    cursor = ""
    for _ in range(10):
        a = fast.get("/api/v1/events?limit=2" + cursor)
        assert a.content == slow.get("/api/v1/events?limit=2" + cursor).content
        if a.json()["next_cursor"] is None:
            return
        cursor = "&cursor=" + a.json()["next_cursor"]
    pytest.fail("the pages did not end")


@pytest.mark.parametrize(
    ("query", "taken"),
    [
        (b"limit=2&count=true&actor=RUR", True),
        (b"", True),
        (b"limit=abc", False),
        (b"count=yes", False),
        (b"actor=A&actor=B", False),
        (b"unknown=1", False),
        (b"text=" + b"x" * 501, False),
    ],
)
def test_fastpath_takes_only_what_it_can_check(query, taken):
    spec = query_spec(_events_route())
    assert spec is not None
    shortcut = EventsFastPath(None, path="/api/v1/events", spec=spec, answer=lambda v: b"")  # type: ignore[arg-type]
    values = shortcut.arguments(query)
    assert (values is not None) == taken
    if values is not None:
        assert set(values) == set(spec)


def test_fastpath_spec_has_every_parameter_and_its_limits():
    spec = query_spec(_events_route())
    assert spec is not None
    assert {"limit", "cursor", "count", "actor", "text", "article_id"} <= set(spec)
    assert (spec["limit"].ge, spec["limit"].le, spec["limit"].default) == (1, 500, 50)
    assert spec["text"].max_length == 500


def test_fastpath_spec_refuses_types_it_does_not_check():
    dyads = next(r for r in routes.router.routes if getattr(r, "name", "") == "dyads")
    assert query_spec(dyads) is None  # interval is a Literal


def test_fastpath_serves_stored_json_as_to_dict(tmp_path):
    path = str(tmp_path / "events.db")
    coded = sample_coded()[0]
    event = coded.events[0].replace(
        extensions={"note": "Ærøskøbing – 東京 ✓", "nested": {"n": [1, 2.5, None, True]}}
    )
    with EventStore(path) as store:
        store.add_coded([type(coded)(coded.article, (event,))])
    settings = ServerSettings(store=path, allowed_hosts=("testserver",))
    with TestClient(create_app(settings)) as client:
        response = client.get("/api/v1/events")
    assert response.headers["content-type"] == "application/json"
    (item,) = response.json()["items"]
    assert item == event.to_dict()
    assert Event.from_dict(item) == event
    assert "Ærøskøbing – 東京".encode() in response.content  # UTF-8, not \\u escapes
