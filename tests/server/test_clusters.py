"""The cluster routes and stored mentions: the sample store's two shelling reports are one
real-world event."""

from __future__ import annotations

import pytest

from dotterel.server import aggregates
from dotterel.store import EventStore


@pytest.fixture
def clustered(store_path):
    with EventStore(store_path) as store:
        store.update_clusters()
    return store_path


@pytest.fixture
def api(clustered, client_for):
    with client_for(clustered) as c:
        yield c


def _shelling(sample_events):
    return next(e for e in sample_events if e.event_type == "ASSAULT")


def test_clusters_lists_real_world_events(api, sample_events):
    body = api.get("/api/v1/clusters").json()
    assert set(body) == {"items", "next_cursor", "limit", "up_to_date"}
    assert body["up_to_date"] is True and body["next_cursor"] is None
    assert sum(c["mention_count"] for c in body["items"]) == len(sample_events)
    shelling = [c for c in body["items"] if c["event_type"] == "ASSAULT"]
    assert [c["mention_count"] for c in shelling] == [2]
    assert len(shelling[0]["sources"]) == 2


@pytest.mark.parametrize(
    ("params", "types"),
    [
        ({"min_mentions": 2}, ["ASSAULT"]),
        ({"event_type": "AID"}, ["AID"]),
        ({"event_type": "ASSAULT", "country": "DEU"}, ["ASSAULT"]),
        ({"event_type": "ASSAULT", "country": "AUT"}, []),
    ],
)
def test_clusters_filters(api, params, types):
    body = api.get("/api/v1/clusters", params=params).json()
    assert [c["event_type"] for c in body["items"]] == types


def test_clusters_pages_with_cursor(api):
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 1, **({"cursor": cursor} if cursor else {})}
        body = api.get("/api/v1/clusters", params=params).json()
        seen += [c["id"] for c in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    everything = [c["id"] for c in api.get("/api/v1/clusters").json()["items"]]
    assert seen == everything


@pytest.mark.parametrize(
    "params",
    [{"min_mentions": 0}, {"actor": "USA:GOV"}, {"limit": 0}, {"cursor": "nonsense"}, {"x": 1}],
)
def test_clusters_refuses_bad_parameters(api, params):
    response = api.get("/api/v1/clusters", params=params)
    assert response.status_code == 400
    assert set(response.json()["error"]) >= {"code", "message"}


def test_cluster_detail_has_its_reports(api, sample_events):
    shelling = _shelling(sample_events)
    listed = api.get("/api/v1/clusters", params={"event_type": "ASSAULT"}).json()["items"][0]
    body = api.get(f"/api/v1/clusters/{listed['id']}").json()
    assert body["cluster"] == listed
    assert shelling.id in {m["id"] for m in body["mentions"]}
    assert len(body["mentions"]) == 2


@pytest.mark.parametrize("cluster_id", ["0123456789abcdef0123"])
def test_cluster_detail_unknown_is_404(api, cluster_id):
    response = api.get(f"/api/v1/clusters/{cluster_id}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_clusters_not_up_to_date_before_clustering(client):
    body = client.get("/api/v1/clusters").json()
    assert body["items"] == [] and body["up_to_date"] is False


@pytest.mark.parametrize("cluster_first", [True, False])
def test_event_mentions_read_stored_clusters(store_path, sample_events, cluster_first):
    if cluster_first:
        with EventStore(store_path) as store:
            store.update_clusters()
    with EventStore(store_path, readonly=True) as store:
        cluster, members, method = aggregates.event_mentions_with_method(
            store, _shelling(sample_events)
        )
    assert method == ("stored" if cluster_first else "computed")
    assert cluster.mention_count == 2
    assert len({m.article_id for m in members}) == 2
