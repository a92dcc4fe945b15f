"""Clustering survives a crash: killed half way and resumed, every event is in one cluster."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from dotterel.dedup.synthetic import duplicate_reports
from dotterel.store import EventStore, cluster_rows
from dotterel.store import clusters as cluster_writes
from tests.store.test_clusters import _all_clusters, _in_memory

_CHILD = """
import sys, time
from dotterel.store import EventStore
with EventStore(sys.argv[1]) as store:
    store.update_clusters(step_events=10, progress=lambda n: time.sleep(0.03))
"""


def _snapshot(store: EventStore) -> list[tuple]:
    """Every cluster row (without its time stamp) and every membership."""
    rows = store.conn.execute(
        "SELECT pk, id, mention_count, article_count, source_count, date_start, date_end, "
        "state FROM clusters ORDER BY pk"
    ).fetchall()
    members = store.conn.execute("SELECT event_pk, cluster_pk FROM cluster_members ORDER BY 1")
    keys = store.conn.execute("SELECT * FROM cluster_keys ORDER BY cluster_pk, role, code")
    return [tuple(r) for r in rows] + [tuple(r) for r in members] + [tuple(r) for r in keys]


def _assert_each_event_once(store: EventStore) -> None:
    row = store.conn.execute(
        "SELECT COUNT(*), COUNT(DISTINCT m.event_pk), SUM(m.event_pk IN (SELECT pk FROM events)) "
        "FROM cluster_members m"
    ).fetchone()
    total = store.count()
    assert tuple(row) == (total, total, total)
    mentions = store.conn.execute("SELECT SUM(mention_count) FROM clusters").fetchone()[0]
    assert mentions == total


@pytest.fixture
def articles():
    return list(duplicate_reports(120, mean_reports=4.0, seed=21))


@pytest.mark.parametrize("fail_at", [1, 4])
def test_update_clusters_failing_step_rolls_back_and_resumes(
    monkeypatch, tmp_path, articles, fail_at
):
    with EventStore(tmp_path / "ref.db") as ref:
        ref.add_coded(articles)
        ref.update_clusters(step_events=25)
        expected = _snapshot(ref)
    calls = {"n": 0}
    real_write = cluster_rows.write_states

    def failing_write(*args, **kwargs):
        counts = real_write(*args, **kwargs)  # rows written, then the process "dies"
        calls["n"] += 1
        if calls["n"] == fail_at:
            raise RuntimeError("simulated crash inside the clustering transaction")
        return counts

    with EventStore(tmp_path / "s.db") as store:
        store.add_coded(articles)
        monkeypatch.setattr(cluster_rows, "write_states", failing_write)
        with pytest.raises(RuntimeError):
            store.update_clusters(step_events=25)
        assert store.cluster_progress().watermark == 25 * (fail_at - 1)
        monkeypatch.setattr(cluster_rows, "write_states", real_write)
        store.update_clusters(step_events=25)
        _assert_each_event_once(store)
        assert _snapshot(store) == expected


@pytest.mark.parametrize("rebuild", [False, True])
def test_update_clusters_killed_with_sigkill_resumes_exactly(tmp_path, articles, rebuild):
    path = tmp_path / "s.db"
    with EventStore(tmp_path / "ref.db") as ref:
        ref.add_coded(articles)
        (ref.rebuild_clusters if rebuild else ref.update_clusters)()
        expected = _snapshot(ref)
    with EventStore(path) as store:
        store.add_coded(articles)
        if rebuild:
            with store._write() as conn:
                cluster_writes.start_rebuild(conn, None)
    child = subprocess.Popen([sys.executable, "-c", _CHILD, str(path)])
    try:
        deadline = time.monotonic() + 60
        placed = 0
        while placed < 30 and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.05)
            with sqlite3.connect(path, timeout=30) as conn:
                placed = conn.execute("SELECT COUNT(*) FROM cluster_members").fetchone()[0]
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()
    assert child.returncode == -signal.SIGKILL
    with EventStore(path) as store:
        progress = store.cluster_progress()
        assert 0 < progress.pending < store.count(), "killed half way"
        placed = store.conn.execute("SELECT COUNT(*) FROM cluster_members").fetchone()[0]
        assert placed == store.count() - progress.pending
        store.update_clusters()
        _assert_each_event_once(store)
        assert _snapshot(store) == expected


def _fake_corpus(path, n: int) -> None:
    """Articles the fake coder turns into events, many of them reports of the same attack."""
    import json

    places = ["Kessin", "Arland", "Brevia"]
    lines = []
    for i in range(n):
        day = f"2023-05-{1 + i % 9:02d}"
        text = (
            f"Ruritania attacked {places[i % 3]} at dawn. "
            f"Officials of Corvin protested to Dalmar about item {i}."
        )
        lines.append(json.dumps({"id": f"a{i:03d}", "date": day, "source": f"Outlet {i % 4}",
                                 "text": text}))  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_ingest_killed_with_sigkill_then_resumed_clusters_every_event_once(tmp_path):
    corpus, path = tmp_path / "corpus.jsonl", tmp_path / "s.db"
    _fake_corpus(corpus, 40)
    args = ["ingest", str(corpus), "--store", str(path), "--workers", "1", "--coder", "fake"]
    code = "import sys; from dotterel.cli import main; sys.exit(main(sys.argv[1:]))"
    env = {**os.environ, "DOTTEREL_FAKE_DELAY": "0.05"}
    child = subprocess.Popen([sys.executable, "-c", code, *args, "--batch-size", "2"], env=env)
    try:
        deadline, stored = time.monotonic() + 60, 0
        while stored < 10 and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.05)
            if path.exists():
                with sqlite3.connect(path, timeout=30) as conn:
                    try:
                        stored = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
                    except sqlite3.OperationalError:
                        stored = 0  # the schema is still being created
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()
    assert child.returncode == -signal.SIGKILL
    with EventStore(path, readonly=True) as store:
        assert 0 < store.stats()["articles"] < 40, "killed half way"
    done = subprocess.run([sys.executable, "-c", code, *args], check=False, capture_output=True)
    assert done.returncode == 0, done.stderr
    with EventStore(path, readonly=True) as store:
        assert store.stats()["articles"] == 40
        assert store.cluster_progress().up_to_date
        _assert_each_event_once(store)
        # Clustered partly before the kill and partly after: still exactly one in-memory pass
        # over the stored events in pk order.
        assert {c.id: c for c in _all_clusters(store)} == _in_memory(store)
        assert max(c.mention_count for c in _all_clusters(store)) > 5
