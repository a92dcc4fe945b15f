"""Per-thread read-only stores, and the aggregate cache that a writer's commit invalidates."""

from __future__ import annotations

import threading

import pytest

from dotterel.errors import StoreError
from dotterel.server.stores import StorePool, check_store
from dotterel.store import EventStore
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
