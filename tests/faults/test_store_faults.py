"""Faults around the store: a full disk, a read-only store, two writers at once.

Each runs the real ``dotterel ingest`` in a subprocess and then checks that the store is
consistent and that re-running codes exactly the missing articles. A full disk and read-only
media are real file systems (a size-limited tmpfs, a read-only bind mount) when this process may
mount them (root, as in CI); otherwise SQLite itself is made to fail the same way
(``PRAGMA max_page_count``, ``PRAGMA query_only``) so the test still runs.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from dotterel.store import EventStore
from tests.faults.helpers import CLI, check_consistent, cli_env, run_cli

# The CLI with the runner's store wrapped so SQLite refuses to grow it past FAULT_MAX_PAGES
# pages (disk full) or to write at all (FAULT_QUERY_ONLY: a read-only store).
_PATCHED_CLI = """
import os, sys
import dotterel.engines.local as local
from dotterel.store import EventStore

class Faulty(EventStore):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if os.environ.get("FAULT_MAX_PAGES"):
            self.conn.execute(f"PRAGMA max_page_count = {int(os.environ['FAULT_MAX_PAGES'])}")
        if os.environ.get("FAULT_QUERY_ONLY"):
            self.conn.execute("PRAGMA query_only = 1")

local.EventStore = Faulty
from dotterel.cli import main
sys.exit(main(sys.argv[1:]))
"""
TEXT = "Arland attacked Brevia near the river. Corvin protested to Dalmar about the dam. " * 8
#: Events the fake coder finds in each article of the corpus (two per repetition of TEXT).
EVENTS_PER_ARTICLE = 16


def _corpus(path: Path, n: int, prefix: str = "a") -> list[str]:
    ids = [f"{prefix}{i:04d}" for i in range(n)]
    path.write_text("".join(json.dumps({"id": i, "text": f"{TEXT}Item {i}."}) + "\n" for i in ids))
    return ids


def _ingest(corpus: Path, db: Path, *extra: str, patched: bool = False, **env: str):
    args = ["ingest", str(corpus), "--store", str(db), "--coder", "fake", "--workers", "1"]
    args += ["--batch-size", "8", "--no-progress", *extra]
    if not patched:
        return run_cli(*args, **env)
    return subprocess.run(
        [sys.executable, "-c", _PATCHED_CLI, *args],
        env=cli_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _ids(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY id")]
    finally:
        conn.close()


def _mount(*args: str) -> bool:
    if os.geteuid() != 0:
        return False
    done = subprocess.run(["mount", *args], capture_output=True, text=True, check=False)
    return done.returncode == 0


@contextlib.contextmanager
def _tmpfs(folder: Path, size: str) -> Iterator[bool]:
    """A tmpfs of ``size`` on ``folder`` (True), or nothing when mounting is not allowed."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder))
    if not mounted:
        warnings.warn("cannot mount a tmpfs here: simulating a full disk in SQLite", stacklevel=2)
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.mark.timeout(180)
@pytest.mark.parametrize(("n", "size"), [(300, "2m")])
def test_disk_full_is_a_clear_error_and_the_rerun_resumes(tmp_path, n, size):
    corpus, folder = tmp_path / "corpus.jsonl", tmp_path / "small"
    ids = _corpus(corpus, n)
    db = folder / "events.db"
    with _tmpfs(folder, size) as real:
        if real:
            first = _ingest(corpus, db)
        else:
            EventStore(db).close()
            conn = sqlite3.connect(db)
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
            conn.close()
            first = _ingest(corpus, db, patched=True, FAULT_MAX_PAGES=str(pages + 40))
        assert first.returncode == 5, first.stderr
        assert f"the disk holding {db} is full; the last batch was rolled back" in first.stderr
        assert "free some space and run the same command again" in first.stderr
        assert "Traceback" not in first.stderr
        check_consistent(db)
        kept = _ids(db)
        assert 0 < len(kept) < n and len(kept) % 8 == 0  # whole batches only
        if real:
            assert _mount("-o", "remount,size=64m", str(folder))
        second = _ingest(corpus, db)
        assert second.returncode == 0, second.stderr
        assert f"skipped {len(kept)} already in the store" in second.stdout
        assert _ids(db) == ids
        check_consistent(db)
        conn = sqlite3.connect(db)
        per_article = conn.execute("SELECT COUNT(*) FROM events GROUP BY article_id").fetchall()
        statuses = [r[0] for r in conn.execute("SELECT status FROM runs ORDER BY started_at")]
        conn.close()
        assert {r[0] for r in per_article} == {EVENTS_PER_ARTICLE}  # each exactly once
        assert statuses == ["failed", "finished"]


@pytest.mark.timeout(120)
@pytest.mark.parametrize("n", [20])
def test_read_only_store_is_a_clear_error_and_stays_intact(tmp_path, n):
    corpus, more = tmp_path / "corpus.jsonl", tmp_path / "more.jsonl"
    _corpus(corpus, n)
    _corpus(more, n, prefix="b")
    source, view = tmp_path / "rw", tmp_path / "ro"
    source.mkdir()
    view.mkdir()
    assert _ingest(corpus, source / "events.db").returncode == 0
    before = (source / "events.db").read_bytes()
    real = _mount("--bind", str(source), str(view)) and _mount("-o", "remount,bind,ro", str(view))
    try:
        if real:
            done = _ingest(more, view / "events.db")
            # On read-only media SQLite cannot even create the WAL's shared-memory file.
            expected = ("read-only", "cannot open the store")
        else:
            done = _ingest(more, source / "events.db", patched=True, FAULT_QUERY_ONLY="1")
            expected = ("read-only",)
        assert done.returncode == 5, done.stderr
        assert any(e in done.stderr for e in expected), done.stderr
        assert "Traceback" not in done.stderr
        if real:
            # Reading still works on read-only media (the store opens as immutable).
            with EventStore(view / "events.db", readonly=True) as ro:
                assert ro.count(None) == n * EVENTS_PER_ARTICLE
                assert len(list(ro.iter_events())) == n * EVENTS_PER_ARTICLE
    finally:
        if real:
            subprocess.run(["umount", "-l", str(view)], check=False)
    assert (source / "events.db").read_bytes() == before
    check_consistent(source / "events.db")
    assert len(_ids(source / "events.db")) == n


@pytest.mark.timeout(180)
@pytest.mark.parametrize(("n", "delay"), [(200, "0.03")])
def test_two_writers_at_once_store_every_article_exactly_once(tmp_path, n, delay):
    corpus, db = tmp_path / "corpus.jsonl", tmp_path / "events.db"
    ids = _corpus(corpus, n)
    EventStore(db).close()
    args = ["ingest", str(corpus), "--store", str(db), "--coder", "fake", "--workers", "1"]
    args += ["--batch-size", "4", "--no-progress", "--json"]
    env = cli_env(DOTTEREL_FAKE_DELAY=delay)
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", CLI, *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = [w.communicate(timeout=150) for w in writers]
    for writer, (_, err) in zip(writers, results, strict=True):
        assert writer.returncode == 0, err
    summaries = [json.loads(out) for out, _ in results]
    # Together they stored each article once. Which writer stores how many depends on the
    # scheduler (a loser's copies are ignored as duplicates), so only the sum is fixed.
    assert sum(s["articles"] for s in summaries) == n
    assert _ids(db) == ids
    check_consistent(db)
    conn = sqlite3.connect(db)
    # The two runs really overlapped: each started before the other finished.
    runs = conn.execute("SELECT started_at, finished_at FROM runs ORDER BY started_at").fetchall()
    assert len(runs) == 2 and runs[1][0] < runs[0][1]
    total, distinct = conn.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM events").fetchone()
    conn.close()
    assert total == distinct == EVENTS_PER_ARTICLE * n


@pytest.mark.timeout(60)
@pytest.mark.parametrize("n", [12])
def test_second_writer_blocked_too_long_gets_a_clear_error(tmp_path, monkeypatch, n):
    from dotterel.engines import local
    from dotterel.errors import StoreError

    corpus, db = tmp_path / "corpus.jsonl", tmp_path / "events.db"
    _corpus(corpus, n)
    EventStore(db).close()

    class Impatient(EventStore):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.conn.execute("PRAGMA busy_timeout = 200")

    monkeypatch.setattr(local, "EventStore", Impatient)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer in the middle of a long batch
    try:
        with pytest.raises(StoreError, match="locked by another writer") as info:
            local.run([str(corpus)], db, workers=1, coder="fake")
        assert "wait for the other dotterel ingest" in str(info.value)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    check_consistent(db)
    summary = local.run([str(corpus)], db, workers=1, coder="fake")
    assert summary.articles == n
    check_consistent(db)
