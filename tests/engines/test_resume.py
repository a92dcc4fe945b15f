"""Crash safety: SIGKILL a running ingest, run it again, and every article is coded exactly once."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import dotterel
from dotterel.engines.fake import DELAY_ENV_VAR, FakeCoder
from dotterel.records import Article

MAIN = "import sys; from dotterel.cli import main; sys.exit(main(sys.argv[1:]))"
SENTENCES = [
    "Arland attacked Brevia near the river.",
    "Officials in Corvin protested to Dalmar.",
    "The harvest was good this year.",
    "Envoys from Esken will meet Farrow.",
]


def _corpus(path: Path, n: int) -> dict[str, int]:
    """Write n articles; return the number of events the fake coder finds in each."""
    coder = FakeCoder()
    expected = {}
    with path.open("w") as fh:
        for i in range(n):
            text = f"Report {i}. " + " ".join(SENTENCES[(i + k) % 4] for k in range(i % 3 + 1))
            fh.write(json.dumps({"id": f"art-{i:04d}", "text": text}) + "\n")
            expected[f"art-{i:04d}"] = len(coder.code_article(Article(id="x", text=text)).events)
    return expected


def _ingest(corpus: Path, db: Path, log: Path, delay: str | None) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    src = str(Path(dotterel.__file__).resolve().parents[1])
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    env.pop(DELAY_ENV_VAR, None)
    if delay:
        env[DELAY_ENV_VAR] = delay
    args = ["ingest", str(corpus), "--store", str(db), "--workers", "2", "--batch-size", "4"]
    return subprocess.Popen(
        [sys.executable, "-c", MAIN, *args, "--coder", "fake", "--no-progress"],
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, so the kill reaches the workers too
    )


def _stored(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


@pytest.mark.slow
@pytest.mark.timeout(600)
@pytest.mark.parametrize(("n", "kill_after"), [(240, 24)])
def test_ingest_sigkill_then_resume_codes_every_article_exactly_once(tmp_path, n, kill_after):
    corpus, db = tmp_path / "corpus.jsonl", tmp_path / "events.db"
    expected = _corpus(corpus, n)
    first = _ingest(corpus, db, tmp_path / "first.log", delay="0.05")
    deadline = time.monotonic() + 300
    while _stored(db) < kill_after:
        assert first.poll() is None, (tmp_path / "first.log").read_text()
        assert time.monotonic() < deadline, "the first run made no progress"
        time.sleep(0.05)
    os.killpg(first.pid, signal.SIGKILL)
    assert first.wait(timeout=60) == -signal.SIGKILL
    at_kill = _stored(db)
    assert kill_after <= at_kill < n, "the kill must land mid-way"

    second = _ingest(corpus, db, tmp_path / "second.log", delay=None)
    assert second.wait(timeout=300) == 0, (tmp_path / "second.log").read_text()
    assert f"skipped {at_kill} already in the store" in (tmp_path / "second.log").read_text()

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.execute("INSERT INTO evidence_fts(evidence_fts) VALUES ('integrity-check')")
    ids = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY id")]
    assert ids == sorted(expected)
    per_article = dict(
        conn.execute("SELECT article_id, COUNT(*) FROM events GROUP BY article_id").fetchall()
    )
    assert {a: per_article.get(a, 0) for a in expected} == expected
    noted = dict(conn.execute("SELECT id, n_events FROM articles").fetchall())
    assert noted == expected
    total = conn.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM events").fetchone()
    assert total == (sum(expected.values()), sum(expected.values()))
    orphans = conn.execute(
        "SELECT COUNT(*) FROM event_actors WHERE event_pk NOT IN (SELECT pk FROM events)"
    ).fetchone()[0]
    assert orphans == 0
    statuses = [r[0] for r in conn.execute("SELECT status FROM runs ORDER BY started_at, rowid")]
    assert statuses == ["running", "finished"]
    conn.close()
