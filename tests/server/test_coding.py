"""POST /code (codes without storing) and POST /ingest (only with a token)."""

from __future__ import annotations

from typing import Any

import pytest

from dotterel.records import Article
from dotterel.store import EventStore
from tests.server.server_records import TOKEN, Coded, make_event


def _fake_code_text(text: str, **meta: Any) -> list:
    """A stand-in coder: one ASSAULT per text, triggered by its first word."""
    article = Article(Article.make_id(text), text, meta.get("title"), meta.get("date"))
    return [make_event(article, text, text.split()[0], "ASSAULT", date=meta.get("date"))]


def _fake_code_articles(articles: list[dict]) -> list[Coded]:
    out = []
    for a in articles:
        article = Article(a.get("id") or Article.make_id(a["text"]), a["text"], None, a.get("date"))
        out.append(Coded(article, (make_event(article, a["text"], a["text"].split()[0], "AID"),)))
    return out


@pytest.fixture
def coding_client(store_path, client_for):
    with client_for(
        store_path, code_text=_fake_code_text, code_articles=_fake_code_articles, token=TOKEN
    ) as c:
        yield c


def test_code_returns_events_and_stores_nothing(coding_client, store_path):
    response = coding_client.post(
        "/api/v1/code", json={"text": "Shelling hit the town.", "date": "2024-05-01"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["stored"] is False
    assert [(e["event_type"], e["date"]) for e in body["events"]] == [("ASSAULT", "2024-05-01")]
    with EventStore(store_path, readonly=True) as store:
        assert store.count() == 6


def test_code_rejects_text_over_field_limit(coding_client):
    # Under the 1 MiB body limit but over the field's 1,000,000 characters.
    response = coding_client.post("/api/v1/code", json={"text": "x" * 1_000_001})
    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith("text:")


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"authorization": "Bearer wrong-token-wrong-token"},
        {"authorization": f"Basic {TOKEN}"},
        {"authorization": TOKEN},
        {"authorization": f"Bearer {TOKEN}x"},
    ],
)
def test_ingest_refuses_missing_or_wrong_token(coding_client, headers):
    response = coding_client.post(
        "/api/v1/ingest", json={"articles": [{"text": "Aid arrived."}]}, headers=headers
    )
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"
    assert response.headers["www-authenticate"] == "Bearer"


def test_ingest_with_token_codes_and_stores(coding_client, store_path):
    articles = [{"text": "Aid arrived in the valley."}, {"text": "Convoys brought food."}]
    headers = {"authorization": f"Bearer {TOKEN}"}
    first = coding_client.post("/api/v1/ingest", json={"articles": articles}, headers=headers)
    again = coding_client.post("/api/v1/ingest", json={"articles": articles}, headers=headers)
    # The sample store's six events were waiting for clustering: the first ingest places them too.
    assert first.json() == {
        "articles": 2,
        "events": 2,
        "rejects": 0,
        "duplicates": 0,
        "clustered": 6 + 2,
    }
    assert again.json() == {
        "articles": 0,
        "events": 0,
        "rejects": 0,
        "duplicates": 2,
        "clustered": 0,
    }
    assert coding_client.get("/api/v1/events", params={"event_type": "AID"}).json()["items"]
    assert coding_client.get("/api/v1/meta").json()["ingest"] is True


def _code_as_shelling(articles: list[dict]) -> list[Coded]:
    """A stand-in coder: every article reports Ruritania shelling Kessin on its date."""
    out = []
    for a in articles:
        article = Article(Article.make_id(a["text"]), a["text"], None, a["date"], None, a["source"])
        event = make_event(
            article,
            a["text"],
            "shelled",
            "ASSAULT",
            actor=("Ruritania", "RUR", None),
            place="Kessin",
            date=a["date"],
        )
        out.append(Coded(article, (event,)))
    return out


@pytest.mark.parametrize(
    "sources", [("North Star", "South Wind"), ("North Star", "South Wind", "East Gate")]
)
def test_ingest_places_new_events_in_clusters(tmp_path, client_for, sources):
    reports = len(sources)
    path = str(tmp_path / "new.db")
    EventStore(path).close()
    articles = [
        {"text": f"Ruritania shelled Kessin, report {n}.", "date": "2024-05-06", "source": s}
        for n, s in enumerate(sources)
    ]
    headers = {"authorization": f"Bearer {TOKEN}"}
    with client_for(path, code_articles=_code_as_shelling, token=TOKEN) as c:
        posted = c.post("/api/v1/ingest", json={"articles": articles}, headers=headers).json()
        listed = c.get("/api/v1/clusters").json()
    assert (posted["events"], posted["clustered"]) == (reports, reports)
    assert listed["up_to_date"] is True
    assert [(x["event_type"], x["mention_count"]) for x in listed["items"]] == [
        ("ASSAULT", reports)
    ]
    assert sorted(listed["items"][0]["sources"]) == sorted(sources)
    with EventStore(path, readonly=True) as store:
        assert store.cluster_progress().pending == 0
        assert all(store.cluster_of(e.id) is not None for e in store.iter_events())


@pytest.mark.parametrize(
    "body",
    [
        {"articles": []},
        {"articles": [{"text": "x"}] * 101},
        {"articles": [{"id": "a b", "text": "x"}]},
    ],
)
def test_ingest_validates_body(coding_client, body):
    response = coding_client.post(
        "/api/v1/ingest", json=body, headers={"authorization": f"Bearer {TOKEN}"}
    )
    assert response.status_code == 400


def test_ingest_absent_without_token(client):
    response = client.post("/api/v1/ingest", json={"articles": [{"text": "Aid arrived."}]})
    assert response.status_code == 404
    assert "/api/v1/ingest" not in client.get("/openapi.json").json()["paths"]


@pytest.mark.slow
def test_code_with_the_real_coder(client):
    response = client.post(
        "/api/v1/code",
        json={"text": "Estonia expelled two Russian diplomats on Tuesday.", "date": "2024-03-14"},
    )
    assert response.status_code == 200
    events = response.json()["events"]
    assert events and events[0]["event_type"] == "SANCTION"
    assert events[0]["evidence"]["trigger"] == "expelled"
