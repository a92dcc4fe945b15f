"""Schema migrations and connection settings."""

from __future__ import annotations

import sqlite3
from collections import Counter

import pytest

from dotterel.store import EventFilter, EventStore, schema
from dotterel.store.rows import event_row, periods
from dotterel.store.synthetic import synthetic_articles


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


def test_new_store_gets_large_pages(tmp_path):
    with EventStore(tmp_path / "s.db") as store:
        assert store.conn.execute("PRAGMA page_size").fetchone()[0] == schema.PAGE_SIZE


def test_existing_store_keeps_its_page_size(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA page_size = 4096")
    conn.execute("CREATE TABLE unrelated (x)")
    conn.close()
    with EventStore(path) as store:
        assert store.conn.execute("PRAGMA page_size").fetchone()[0] == 4096
        assert store.stats()["events"] == 0


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


def _write_v1(path, batch):
    """A version 1 store holding ``batch``, written the way version 1 of the writer did."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT)")
    for statement in schema._statements(schema.MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute("INSERT INTO schema_version VALUES (1, '2024-01-01T00:00:00+00:00')")
    conn.execute("BEGIN")
    pk = 0
    dyad_n: Counter = Counter()
    type_n: Counter = Counter()
    for coded in batch:
        a = coded.article
        conn.execute(
            "INSERT INTO articles (id, url, content_hash, title, date, source, language, origin, "
            "text, status, n_events, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                a.id,
                a.url,
                a.id,
                a.title,
                a.date,
                a.source,
                None,
                a.origin,
                a.text,
                "coded",
                len(coded.events),
                "2024-01-01",
            ),
        )
        for event in coded.events:
            pk += 1
            row = event_row(event)
            conn.execute(
                f"INSERT INTO events VALUES ({', '.join('?' * (len(row) + 1))})", (pk, *row)
            )
            conn.execute(
                "INSERT INTO evidence_fts (rowid, sentence) VALUES (?, ?)",
                (pk, event.evidence.sentence),
            )
            for role, refs in (
                ("actor", event.actor),
                ("recipient", event.recipient),
                ("disputed_by", event.disputed_by),
            ):
                for i, ref in enumerate(refs):
                    conn.execute(
                        "INSERT INTO event_actors VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (pk, role, i, ref.text, ref.code, ref.sector, ref.name),
                    )
            month = periods(event.date, event.date_precision).month
            pairs = dict.fromkeys((x.code, y.code) for x in event.actor for y in event.recipient)
            for x, y in pairs:
                conn.execute("INSERT INTO dyads VALUES (?, ?, ?, ?)", (pk, x, y, month))
                dyad_n[(x, y, month or "")] += 1
            type_n[(month or "", event.event_type, event.quad_code)] += 1
            for i, link in enumerate(event.attribution):
                s = link.speaker
                conn.execute(
                    "INSERT INTO attributions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        pk,
                        i,
                        link.cue,
                        s and s.text,
                        s and s.code,
                        s and s.sector,
                        link.outlet,
                        link.quote,
                    ),
                )
    conn.executemany(
        "INSERT INTO dyad_counts VALUES (?, ?, ?, ?)", [(*k, n) for k, n in dyad_n.items()]
    )
    conn.executemany(
        "INSERT INTO type_counts VALUES (?, ?, ?, ?)", [(*k, n) for k, n in type_n.items()]
    )
    conn.execute("COMMIT")
    v1_attributions = sorted(conn.execute("SELECT * FROM attributions").fetchall())
    conn.close()
    return v1_attributions


@pytest.fixture(scope="module")
def v1_and_v2(tmp_path_factory):
    """The same synthetic batch in a migrated version 1 store and in a new store."""
    folder = tmp_path_factory.mktemp("migrate")
    batch = list(synthetic_articles(30, events_per_article=6, seed=3))
    v1_attributions = _write_v1(folder / "v1.db", batch)
    with EventStore(folder / "v2.db") as fresh:
        fresh.add_coded(batch)
    with EventStore(folder / "v1.db") as migrated, EventStore(folder / "v2.db") as fresh:
        yield migrated, fresh, batch, v1_attributions


def test_migrate_v1_reaches_the_current_version(v1_and_v2):
    migrated, _, _, _ = v1_and_v2
    assert migrated.stats()["schema_version"] == schema.SCHEMA_VERSION
    assert migrated.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    migrated.conn.execute("INSERT INTO evidence_fts(evidence_fts) VALUES ('integrity-check')")


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"actor": "USA"},
        {"actor": "RUS:GOV,CHN"},
        {"recipient": "IRN"},
        {"dyad": "USA-RUS"},
        {"event_type": "ASSAULT", "date_from": "2022"},
        {"country": "UA"},
        {"place": "kessin"},
        {"text": "ceasefire talks"},
        {"text": '"border talks"'},
        {"status": "planned", "certainty": "alleged"},
    ],
)
def test_migrated_v1_answers_like_a_new_store(v1_and_v2, filters):
    migrated, fresh, _, _ = v1_and_v2
    f = EventFilter(**filters)
    assert [e.id for e in migrated.iter_events(f, page=7)] == [e.id for e in fresh.iter_events(f)]
    assert migrated.count(f) == fresh.count(f)
    for interval in (None, "month", "year"):
        assert migrated.dyads(f, interval=interval) == fresh.dyads(f, interval=interval)
    assert migrated.timeline(f, by="quad_code") == fresh.timeline(f, by="quad_code")


@pytest.mark.parametrize("index", [0, 7, 29])
def test_migrated_v1_keeps_articles_and_their_events(v1_and_v2, index):
    migrated, _, batch, _ = v1_and_v2
    article = batch[index].article
    assert migrated.get_article(article.id) == article
    assert migrated.article_events(article.id) == list(batch[index].events)
    by_filter = migrated.query_events(EventFilter(article_id=article.id), limit=100).events
    assert {e.id for e in by_filter} == {e.id for e in batch[index].events}


@pytest.mark.parametrize("table", ["attributions"])
def test_migrated_v1_keeps_version_1_rows_as_a_view(v1_and_v2, table):
    migrated, fresh, _, v1_rows = v1_and_v2
    for store in (migrated, fresh):
        rows = sorted(tuple(r) for r in store.conn.execute(f"SELECT * FROM {table}"))
        assert rows == [tuple(r) for r in v1_rows]


@pytest.mark.parametrize("count", ["dyads", "event_actors"])
def test_migrated_v1_child_rows_equal_a_new_store(v1_and_v2, count):
    migrated, fresh, _, _ = v1_and_v2
    sql = f"SELECT * FROM {count} ORDER BY 1, 2, 3"
    assert migrated.conn.execute(sql).fetchall() == fresh.conn.execute(sql).fetchall()
