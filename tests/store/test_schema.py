"""Schema migrations and connection settings."""

from __future__ import annotations

import sqlite3

import pytest

from dotterel.store import EventStore, schema


@pytest.mark.parametrize("opens", [2, 3])
def test_migrate_is_idempotent(tmp_path, opens):
    path = tmp_path / "s.db"
    for _ in range(opens):
        EventStore(path).close()
    conn = sqlite3.connect(path)
    versions = [r[0] for r in conn.execute("SELECT version FROM schema_version")]
    assert versions == list(range(1, schema.SCHEMA_VERSION + 1))


@pytest.mark.parametrize("pragma", ["journal_mode"])
def test_file_store_uses_wal(tmp_path, pragma):
    with EventStore(tmp_path / "s.db") as store:
        assert store.conn.execute(f"PRAGMA {pragma}").fetchone()[0] == "wal"


@pytest.mark.parametrize(
    "table",
    [
        "articles",
        "events",
        "event_view",
        "event_actors",
        "dyads",
        "dyad_counts",
        "type_counts",
        "attributions",
        "rejects",
        "runs",
    ],
)
def test_schema_has_every_table(store, table):
    assert store.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0


@pytest.mark.parametrize("script", list(schema.MIGRATIONS))
def test_migration_statements_are_complete(script):
    statements = schema._statements(script)
    assert statements and all(sqlite3.complete_statement(s + ";") for s in statements)


@pytest.mark.parametrize(
    ("sql", "index"),
    [
        ("SELECT * FROM events WHERE event_type = 'X' ORDER BY date_sort DESC", "events_type"),
        ("SELECT * FROM events ORDER BY date_sort DESC, pk DESC LIMIT 5", "events_date"),
        ("SELECT * FROM dyads WHERE event_pk = 5", "PRIMARY KEY"),
        ("SELECT * FROM dyad_counts WHERE actor_code = 'USA'", "PRIMARY KEY"),
        ("SELECT * FROM event_actors WHERE code = 'USA' AND role = 'actor'", "PRIMARY KEY"),
        ("SELECT * FROM events WHERE country = 'UA' ORDER BY date_sort", "events_country_date"),
        ("SELECT place, COUNT(*) FROM events GROUP BY place", "events_place"),
        ("SELECT * FROM events WHERE id = 'x'", "autoindex_events_1"),
    ],
)
def test_queries_use_indexes(store, sql, index):
    plan = " ".join(str(r[3]) for r in store.conn.execute("EXPLAIN QUERY PLAN " + sql))
    assert index in plan
