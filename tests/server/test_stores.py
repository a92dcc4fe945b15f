"""Per-thread read-only stores, and the aggregate cache that a writer's commit invalidates."""

from __future__ import annotations

import threading

import pytest

from dotterel.errors import StoreError
from dotterel.server.stores import StorePool, check_store
from dotterel.store import EventFilter, EventStore
from dotterel.store.synthetic import synthetic_articles
from tests.server.server_records import sample_coded


def test_stores_one_connection_per_thread(store_path):
    pool = StorePool(store_path)
    mine = pool.get()
    assert pool.get() is mine
    other: list[EventStore] = []
    thread = threading.Thread(target=lambda: other.append(pool.get()))
    thread.start()
    thread.join()
    assert other[0] is not mine
    assert other[0].readonly and mine.readonly


def test_stores_cache_until_the_store_changes(store_path):
    pool = StorePool(store_path)
    calls = []

    def count(store: EventStore) -> int:
        calls.append(1)
        return store.count()

    assert pool.cached("n", count) == 6
    assert pool.cached("n", count) == 6
    assert len(calls) == 1
    with EventStore(store_path) as writer:
        writer.add_coded(synthetic_articles(1, events_per_article=2, seed=5))
    assert pool.cached("n", count) == 8
    assert len(calls) == 2


def test_stores_cache_is_bounded(store_path):
    pool = StorePool(store_path, cache_size=3)
    for i in range(10):
        pool.cached(("k", i), lambda s, i=i: i)
    assert len(pool._cache) == 3  # noqa: SLF001 - the bound is the point of the test


def test_stores_writes_are_refused(store_path):
    pool = StorePool(store_path)
    with pytest.raises(StoreError):
        pool.get().add_coded(sample_coded())


@pytest.mark.parametrize("name", ["absent.db", "folder/absent.db"])
def test_stores_check_store_missing(tmp_path, name):
    with pytest.raises(StoreError, match="there is no store"):
        check_store(str(tmp_path / name))


def test_stores_api_sees_new_events(client, store_path):
    before = client.get("/api/v1/timeline", params={"by": "none", "interval": "year"}).json()
    with EventStore(store_path) as writer:
        writer.add_coded(synthetic_articles(3, events_per_article=2, seed=8))
    after = client.get("/api/v1/timeline", params={"by": "none", "interval": "year"}).json()
    assert after["total"] == before["total"] + 6


def test_stores_count_counts_only_new_events(store_path, monkeypatch):
    pool = StorePool(store_path)
    assert pool.count("all", EventFilter()) == 6
    calls: list[dict] = []
    real = EventStore.count

    def spy(self, filters=None, **bounds):
        calls.append(bounds)
        return real(self, filters, **bounds)

    monkeypatch.setattr(EventStore, "count", spy)
    assert pool.count("all", EventFilter()) == 6
    assert calls == []  # nothing new: remembered
    newest = pool.get().last_event_pk()
    with EventStore(store_path) as writer:
        writer.add_coded(synthetic_articles(2, events_per_article=3, seed=4))
    assert pool.count("all", EventFilter()) == 12
    assert calls == [{"after": newest, "until": newest + 6}]


@pytest.mark.parametrize(
    "params", [{"text": "shelled"}, {"actor": "RUR"}, {"status": "occurred", "date_from": "2024"}]
)
def test_stores_count_stays_exact_as_events_arrive(store_path, params):
    pool = StorePool(store_path)
    filters = EventFilter(**params)
    for seed in range(3):
        with EventStore(store_path) as writer:
            writer.add_coded(synthetic_articles(3, events_per_article=4, seed=20 + seed))
            expected = writer.count(filters)
        assert pool.count(("k", seed % 2), filters) == expected


def test_stores_count_once_for_concurrent_requests(store_path, monkeypatch):
    pool = StorePool(store_path)
    started = threading.Event()
    release = threading.Event()
    calls = []
    real = EventStore.count

    def slow(self, filters=None, **bounds):
        calls.append(1)
        started.set()
        release.wait(5)
        return real(self, filters, **bounds)

    monkeypatch.setattr(EventStore, "count", slow)
    results: list[int] = []
    threads = [
        threading.Thread(target=lambda: results.append(pool.count("k", EventFilter())))
        for _ in range(4)
    ]
    for t in threads:
        t.start()
    started.wait(5)
    release.set()
    for t in threads:
        t.join()
    assert results == [6, 6, 6, 6]
    assert len(calls) == 1
