"""EventStore: writes, exactly-once articles, errors, snapshots and lookups."""

from __future__ import annotations

import sqlite3
import time

import pytest

from dotterel.errors import NotFoundError, StoreError
from dotterel.records import Reject
from dotterel.store import EventFilter, EventStore, schema


@pytest.fixture
def sample(make_article, make_event, coded):
    def build(text: str = "Ruritania shelled Kessin.", n_events: int = 2):
        article = make_article(text, title="Shelling", date="2023-05-05", source="Herald")
        return coded(article, tuple(make_event(article, index=i) for i in range(n_events)))

    return build


@pytest.mark.parametrize("n_events", [1, 3])
def test_add_coded_roundtrips_events_and_article(store, n_events, sample):
    item = sample(n_events=n_events)
    counts = store.add_coded([item], run_id="r1")
    assert (counts.articles, counts.events, counts.duplicates) == (1, n_events, 0)
    for event in item.events:
        assert store.get_event(event.id) == event
    assert store.get_article(item.article.id) == item.article
    assert store.article_events(item.article.id) == list(item.events)


@pytest.mark.parametrize("times", [2, 3])
def test_add_coded_same_article_again_changes_nothing(store, times, sample):
    item = sample()
    for _ in range(times - 1):
        store.add_coded([item])
    before = store.stats()
    counts = store.add_coded([item, item])
    assert counts.articles == 0 and counts.duplicates == 2
    assert store.stats() == before


@pytest.mark.parametrize("stage", ["code", "language"])
def test_add_coded_rejected_article_is_stored_with_its_reject(store, stage, make_article, coded):
    article = make_article("Texte en français.")
    reject = Reject(origin="a.txt", stage=stage, reason="not English", article_id=article.id)
    counts = store.add_coded([coded(article, (), reject)])
    assert (counts.articles, counts.events, counts.rejects) == (1, 0, 1)
    assert store.has_article(article.id)
    assert [r.reject for r in store.rejects()] == [reject]


@pytest.mark.parametrize("position", [0, 1])
def test_add_coded_bad_batch_rolls_back_entirely(
    store, position, sample, make_article, make_event, coded
):
    good = sample("A good article.")
    other = make_article("Another article.")
    wrong = make_event(other, index=5)
    bad = coded(make_article("Bad article."), (wrong,))
    batch = [good, bad] if position else [bad, good]
    with pytest.raises(StoreError, match="names article"):
        store.add_coded(batch)
    assert store.stats()["articles"] == 0 and store.stats()["events"] == 0


@pytest.mark.parametrize("n", [3, 1200])
def test_coded_ids_returns_the_stored_subset(store, n, sample):
    stored = [sample(f"Article number {i}.", 1) for i in range(3)]
    store.add_coded(stored)
    ids = [c.article.id for c in stored] + [f"missing-{i}" for i in range(n)]
    assert store.coded_ids(ids) == {c.article.id for c in stored}


@pytest.mark.parametrize("line", [None, 7])
def test_add_reject_is_idempotent(store, line):
    reject = Reject(origin="corpus.jsonl", stage="read", reason="invalid JSON", line=line)
    assert store.add_reject(reject, run_id="r1") is True
    assert store.add_reject(reject, run_id="r2") is False
    assert len(store.rejects()) == 1


@pytest.mark.parametrize("status", ["finished", "failed"])
def test_runs_record_start_and_finish(store, status):
    run_id = store.start_run({"sources": ["a.txt"], "workers": 2})
    assert store.runs()[0].status == "running"
    store.finish_run(run_id, {"articles": 3}, status=status)
    run = store.runs()[0]
    assert (run.id, run.status, run.args["workers"], run.counts) == (
        run_id,
        status,
        2,
        {"articles": 3},
    )


@pytest.mark.parametrize("method", ["get_event", "get_article"])
def test_get_unknown_id_raises_not_found(store, method):
    with pytest.raises(NotFoundError, match="no "):
        getattr(store, method)("nope")


@pytest.mark.parametrize("write", ["add_reject", "start_run"])
def test_readonly_store_refuses_writes(tmp_path, write):
    path = tmp_path / "s.db"
    EventStore(path).close()
    with EventStore(path, readonly=True) as ro:
        args = (Reject("x", "read", "y"),) if write == "add_reject" else ()
        with pytest.raises(StoreError, match="read-only"):
            getattr(ro, write)(*args)


@pytest.mark.parametrize("name", ["missing.db", "sub/missing.db"])
def test_readonly_missing_store_says_how_to_create_one(tmp_path, name):
    with pytest.raises(StoreError, match="no store at .*dotterel ingest"):
        EventStore(tmp_path / name, readonly=True)


@pytest.mark.parametrize("readonly", [False, True])
def test_newer_schema_version_is_refused(tmp_path, readonly):
    path = tmp_path / "s.db"
    EventStore(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_version VALUES (?, 'later')", (schema.SCHEMA_VERSION + 1,))
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer than this dotterel knows"):
        EventStore(path, readonly=readonly)


@pytest.mark.parametrize("content", [b"hello, not sqlite" * 200])
def test_not_a_database_is_a_clear_error(tmp_path, content):
    path = tmp_path / "s.db"
    path.write_bytes(content)
    with pytest.raises(StoreError, match="not a usable dotterel store"):
        EventStore(path)


@pytest.mark.parametrize("timeout", [0.1])
def test_second_writer_gets_locked_error(tmp_path, timeout, sample):
    path = tmp_path / "s.db"
    with EventStore(path) as first, EventStore(path, timeout=timeout) as second:
        first.conn.execute("PRAGMA busy_timeout = 100")
        second.conn.execute("PRAGMA busy_timeout = 100")
        first.conn.execute("BEGIN IMMEDIATE")
        with pytest.raises(StoreError, match="locked by another writer"):
            second.add_coded([sample()])
        first.conn.execute("ROLLBACK")
        assert second.add_coded([sample()]).articles == 1


@pytest.mark.parametrize("events", [400])
def test_disk_full_rolls_back_and_says_so(file_store, events, sample):
    file_store.add_coded([sample("First article.")])
    before = file_store.stats()
    pages = file_store.conn.execute("PRAGMA page_count").fetchone()[0]
    file_store.conn.execute(f"PRAGMA max_page_count = {pages + 2}")
    big = sample("A very long article. " * 2000, n_events=events)
    with pytest.raises(StoreError, match="disk .* is full.*rolled back"):
        file_store.add_coded([big])
    assert file_store.stats() == before


@pytest.mark.parametrize("n_articles", [5])
def test_reader_sees_consistent_snapshot_while_batch_writes(tmp_path, n_articles, sample):
    path = tmp_path / "s.db"
    seen: list[dict[str, int]] = []
    with EventStore(path) as writer, EventStore(path, readonly=True) as reader:

        def batch():
            for i in range(n_articles):
                yield sample(f"Article {i}.", 2)
                seen.append(reader.stats())

        # Also read while the writer's statements run, every few thousand SQLite instructions.
        writer.conn.set_progress_handler(lambda: seen.append(reader.stats()) and 0, 100)
        writer.add_coded(batch())
        writer.conn.set_progress_handler(None, 0)
        assert len(seen) > n_articles
        assert all(s["articles"] == 0 and s["events"] == 0 for s in seen)
        after = reader.stats()
    assert (after["articles"], after["events"]) == (n_articles, 2 * n_articles)


@pytest.mark.parametrize("batches", [3])
def test_checkpoints_run_in_the_background_and_stop_on_close(tmp_path, batches, sample):
    path = tmp_path / "s.db"
    store = EventStore(path)
    for i in range(batches):
        store.add_coded([sample(f"Article {i}.", 3)])
    checkpointer = store._checkpointer
    assert checkpointer is not None
    deadline = time.monotonic() + 10
    while checkpointer.checkpoints == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    checkpointer.close()  # waits for the checkpoint in progress, if any
    assert checkpointer.checkpoints >= 1 and checkpointer.errors == 0
    frames = store.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    assert frames[1] == frames[2]  # everything in the WAL is in the database file
    store.close()
    assert not checkpointer._thread.is_alive()
    with EventStore(path, readonly=True) as reader:
        assert reader.stats()["events"] == 3 * batches


@pytest.mark.parametrize("sector", ["MIL", None])
def test_add_coded_accepts_an_actor_named_twice(store, make_article, make_event, coded, sector):
    article = make_article()
    event = make_event(article, actors=(("RUR", sector), ("RUR", sector)))
    assert store.add_coded([coded(article, (event,))]).events == 1
    assert store.count(EventFilter(actor=f"RUR:{sector}" if sector else "RUR")) == 1
