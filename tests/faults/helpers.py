"""Helpers for the fault tests: store consistency checks and running the CLI in a subprocess."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import dotterel

#: Runs the CLI the way the console script does.
CLI = "import sys; from dotterel.cli import main; sys.exit(main(sys.argv[1:]))"


def cli_env(**extra: str) -> dict[str, str]:
    """The environment for a CLI subprocess: this checkout's sources first on the path."""
    env = dict(os.environ)
    src = str(Path(dotterel.__file__).resolve().parents[1])
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def run_cli(*args: str, timeout: float = 120, **env: str) -> subprocess.CompletedProcess[str]:
    """``dotterel ARGS`` in a fresh interpreter (bounded in time)."""
    return subprocess.run(
        [sys.executable, "-c", CLI, *args],
        env=cli_env(**env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def check_consistent(path: Path | str) -> None:
    """Assert the store is a consistent SQLite database: pages and indexes, the full-text index,
    references between tables, and the per-article and running event counts all agree."""
    # Read-write: FTS5's integrity check is spelled as an INSERT (it writes nothing).
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        # FTS5's own check raises when the index and the events disagree.
        conn.execute("INSERT INTO evidence_fts(evidence_fts) VALUES ('integrity-check')")
        orphans = conn.execute(
            "SELECT COUNT(*) FROM events WHERE article_id NOT IN (SELECT id FROM articles)"
        ).fetchone()[0]
        assert orphans == 0
        miscounted = conn.execute(
            "SELECT COUNT(*) FROM articles a WHERE n_events != "
            "(SELECT COUNT(*) FROM events e WHERE e.article_id = a.id)"
        ).fetchone()[0]
        assert miscounted == 0
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if "type_counts" in tables:
            stored, counted = conn.execute(
                "SELECT (SELECT COUNT(*) FROM events), (SELECT IFNULL(SUM(n), 0) FROM type_counts)"
            ).fetchone()
            assert stored == counted
    finally:
        conn.close()


def store_bytes(path: Path | str) -> bytes:
    """The raw bytes of the store and its write-ahead log (to look for leaked content)."""
    out = b""
    for suffix in ("", "-wal"):
        file = Path(f"{path}{suffix}")
        if file.exists():
            out += file.read_bytes()
    return out
