"""Every read-only route of the API over the small sample store."""

from __future__ import annotations

import pytest

from dotterel.records import Event
from dotterel.store import EventStore


def _types(body: dict) -> list[str]:
    return [e["event_type"] for e in body["items"]]


def test_health_reports_store_counts(client):
    body = client.get("/api/v1/health").json()
    assert body["status"] == "ok"
    assert (body["events"], body["articles"]) == (6, 4)


def test_meta_lists_vocabularies(client):
    body = client.get("/api/v1/meta").json()
    assert "ASSAULT" in [t["name"] for t in body["event_types"]]
    assert "occurred" in body["statuses"] and "disputed" in body["certainties"]
    assert body["countries"]["276"] == "DEU"
    assert body["ingest"] is False


def test_events_newest_first_with_count(client):
    body = client.get("/api/v1/events", params={"count": "true"}).json()
    assert body["count"] == 6
    assert body["next_cursor"] is None
    dates = [e["date"] for e in body["items"]]
    assert dates[:2] == ["2024-04-10", "2024-04"]
    assert dates[-1] == "2023-11-20"


def test_events_items_round_trip_as_events(client, sample_events):
    items = client.get("/api/v1/events").json()["items"]
    by_id = {e.id: e for e in sample_events}
    assert {i["id"] for i in items} == set(by_id)
    for item in items:
        assert Event.from_dict(item) == by_id[item["id"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"event_type": "ASSAULT"}, ["ASSAULT", "ASSAULT"]),
        ({"event_type": "assault,protest"}, ["PROTEST", "ASSAULT", "ASSAULT"]),
        ({"actor": "GRD"}, ["PROTEST", "CONSULT"]),
        ({"actor": "RUR:MIL"}, ["ASSAULT", "ASSAULT"]),
        ({"recipient": "GRD:REB"}, ["AID"]),
        ({"dyad": "GRD-RUR"}, ["PROTEST", "CONSULT"]),
        ({"status": "negated"}, ["AID"]),
        ({"certainty": "asserted"}, ["THREATEN", "CONSULT"]),
        ({"quad_code": "1,2"}, ["CONSULT", "AID"]),
        ({"country": "AUT"}, ["CONSULT"]),
        ({"place": "kessin"}, ["PROTEST", "ASSAULT", "ASSAULT"]),
        ({"date_from": "2024-03", "date_to": "2024-03"}, ["CONSULT", "ASSAULT", "ASSAULT"]),
        ({"date_to": "2023"}, ["AID"]),
        ({"text": "artillery"}, ["ASSAULT"]),
        ({"text": "sanctions", "certainty": "asserted"}, ["THREATEN"]),
    ],
)
def test_events_filters(client, params, expected):
    body = client.get("/api/v1/events", params=params).json()
    assert _types(body) == expected


def test_event_detail_has_evidence_article_and_mentions(client, sample_events):
    shelling = next(e for e in sample_events if e.event_type == "ASSAULT")
    body = client.get(f"/api/v1/events/{shelling.id}").json()
    assert body["event"]["evidence"]["trigger"] in ("shelled", "fire")
    assert body["article"]["source"] in ("Harbour Gazette", "Valley Courier")
    assert "text" not in body["article"]
    # Two outlets reported the same shelling: one cluster, two mentions.
    assert body["cluster"]["mention_count"] == 2
    assert {m["event_type"] for m in body["mentions"]} == {"ASSAULT"}
    assert len({m["article_id"] for m in body["mentions"]}) == 2
    assert body["mentions_method"] == "computed"


def test_event_detail_reads_stored_clusters(store_path, client_for, sample_events):
    with EventStore(store_path) as store:
        store.update_clusters()
    shelling = next(e for e in sample_events if e.event_type == "ASSAULT")
    with client_for(store_path) as c:
        body = c.get(f"/api/v1/events/{shelling.id}").json()
    assert body["mentions_method"] == "stored"
    assert body["cluster"]["mention_count"] == 2
    assert len({m["article_id"] for m in body["mentions"]}) == 2


def test_event_detail_single_mention(client, sample_events):
    aid = next(e for e in sample_events if e.event_type == "AID")
    body = client.get(f"/api/v1/events/{aid.id}").json()
    assert body["cluster"]["mention_count"] == 1
    assert [m["id"] for m in body["mentions"]] == [aid.id]


def test_article_with_text_and_events_in_order(client, sample_events):
    first = sample_events[0]
    body = client.get(f"/api/v1/articles/{first.article_id}").json()
    assert body["article"]["text"].startswith("Ruritanian troops shelled")
    assert [e["event_type"] for e in body["events"]] == ["ASSAULT", "CONSULT"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {("RUR", "GRD"): 4, ("GRD", "RUR"): 2}),
        ({"event_type": "ASSAULT"}, {("RUR", "GRD"): 2}),
    ],
)
def test_dyads_counts(client, params, expected):
    body = client.get("/api/v1/dyads", params=params).json()
    assert {(d["actor"], d["recipient"]): d["count"] for d in body["items"]} == expected


def test_dyads_by_period(client):
    body = client.get("/api/v1/dyads", params={"interval": "month", "actor": "GRD"}).json()
    assert {(d["period"], d["count"]) for d in body["items"]} == {("2024-03", 1), ("2024-04", 1)}


@pytest.mark.parametrize(
    ("params", "expected", "left_out"),
    [
        (
            {"interval": "month", "by": "quad_code"},
            {("2023-11", 2): 1, ("2024-03", 1): 1, ("2024-03", 4): 2, ("2024-04", 3): 2},
            0,
        ),
        (
            {"interval": "day", "by": "none"},
            {
                ("2023-11-20", None): 1,
                ("2024-03-04", None): 2,
                ("2024-03-05", None): 1,
                ("2024-04-10", None): 1,
            },
            1,
        ),
        ({"interval": "year", "event_type": "PROTEST"}, {("2024", "PROTEST"): 1}, 0),
    ],
)
def test_timeline_counts_and_left_out(client, params, expected, left_out):
    body = client.get("/api/v1/timeline", params=params).json()
    assert {(i["period"], i["key"]): i["count"] for i in body["items"]} == expected
    assert body["left_out"] == left_out
    assert body["total"] == sum(expected.values()) + left_out


def test_countries_counts_with_numeric_codes(client):
    body = client.get("/api/v1/countries").json()
    assert body["items"] == [
        {"country": "DEU", "count": 3, "name": "Germany", "iso_numeric": "276"},
        {"country": "AUT", "count": 1, "name": "Austria", "iso_numeric": "040"},
    ]
    assert body["unlocated"] == 2


def test_places_counts(client):
    body = client.get("/api/v1/places", params={"limit": 1}).json()
    assert body["items"] == [
        {"place": "Kessin", "country": "DEU", "lat": 53.84, "lon": 12.06, "count": 3}
    ]
