"""The store's SQLite schema: ordered migrations, connection settings and version checks.

Every change to the schema is a new entry appended to :data:`MIGRATIONS`; a store is brought up
to date by applying, in one transaction each, the migrations above its recorded version. Nothing
is ever edited in place, so any older store can be opened by a newer dotterel.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from dotterel.errors import StoreError
from dotterel.store.cluster_schema import CLUSTERS_MIGRATION

_V1 = """
CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL DEFAULT 'running',
    args TEXT NOT NULL DEFAULT '{}',
    counts TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    url TEXT,
    content_hash TEXT NOT NULL,
    title TEXT,
    date TEXT,
    source TEXT,
    language TEXT,
    origin TEXT,
    text TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'coded',
    n_events INTEGER NOT NULL DEFAULT 0,
    ingested_at TEXT NOT NULL,
    run_id TEXT
);
CREATE INDEX articles_content_hash ON articles(content_hash);
CREATE INDEX articles_url ON articles(url);
CREATE INDEX articles_date ON articles(date);

-- One row per event. `data` holds the whole Event as JSON (exactly what Event.to_dict gives);
-- the columns beside it are the normalised values that filters and aggregates use. The view
-- event_view adds the most useful fields of `data` as columns for plain SQL. (Generated
-- columns would be neater, but SQLite evaluates them on every insert, which halves the rate.)
CREATE TABLE events (
    pk INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    article_id TEXT NOT NULL REFERENCES articles(id),
    event_type TEXT NOT NULL,
    mode TEXT,
    status TEXT NOT NULL,
    certainty TEXT NOT NULL,
    quad_code INTEGER NOT NULL,
    date_sort TEXT NOT NULL DEFAULT '',
    date_end TEXT,
    day TEXT,
    week TEXT,
    month TEXT,
    year TEXT,
    actor_code TEXT,
    recipient_code TEXT,
    country TEXT,
    place TEXT COLLATE NOCASE,
    data TEXT NOT NULL
);
CREATE VIEW event_view AS SELECT
    e.*,
    NULLIF(e.date_sort, '') AS date_start,
    json_extract(e.data, '$.date') AS date,
    json_extract(e.data, '$.date_precision') AS date_precision,
    json_extract(e.data, '$.score') AS score,
    json_extract(e.data, '$.actor[0].sector') AS actor_sector,
    json_extract(e.data, '$.recipient[0].sector') AS recipient_sector,
    json_extract(e.data, '$.location.lat') AS lat,
    json_extract(e.data, '$.location.lon') AS lon,
    json_extract(e.data, '$.evidence.sentence') AS sentence,
    json_extract(e.data, '$.evidence.trigger') AS trigger,
    json_extract(e.data, '$.coder_version') AS coder_version
FROM events e;
CREATE INDEX events_article ON events(article_id);
CREATE INDEX events_date ON events(date_sort);
CREATE INDEX events_type_date ON events(event_type, date_sort);
CREATE INDEX events_country_date ON events(country, date_sort);
CREATE INDEX events_place ON events(place);
CREATE INDEX events_month ON events(month, event_type, quad_code);

-- Every participant: role is actor, recipient or disputed_by; position is the order in the event.
CREATE TABLE event_actors (
    event_pk INTEGER NOT NULL REFERENCES events(pk),
    role TEXT NOT NULL,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    code TEXT NOT NULL,
    sector TEXT,
    name TEXT
);
CREATE INDEX event_actors_code ON event_actors(code, role, sector, event_pk);

-- One row per distinct (actor code, recipient code) pair of an event, for dyad aggregates.
CREATE TABLE dyads (
    event_pk INTEGER NOT NULL REFERENCES events(pk),
    actor_code TEXT NOT NULL,
    recipient_code TEXT NOT NULL,
    month TEXT,
    PRIMARY KEY (event_pk, actor_code, recipient_code)
) WITHOUT ROWID;

-- Running totals kept in the same transaction as the events, so the unfiltered dyad and
-- timeline aggregates (what a dashboard shows first) read a few thousand rows, not every event.
-- month is '' for events dated less precisely than a month.
CREATE TABLE dyad_counts (
    actor_code TEXT NOT NULL,
    recipient_code TEXT NOT NULL,
    month TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (actor_code, recipient_code, month)
) WITHOUT ROWID;
CREATE TABLE type_counts (
    month TEXT NOT NULL,
    event_type TEXT NOT NULL,
    quad_code INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (month, event_type, quad_code)
) WITHOUT ROWID;

-- The attribution chain of each event, innermost source first.
CREATE TABLE attributions (
    event_pk INTEGER NOT NULL REFERENCES events(pk),
    position INTEGER NOT NULL,
    cue TEXT NOT NULL,
    speaker_text TEXT,
    speaker_code TEXT,
    speaker_sector TEXT,
    outlet TEXT,
    quote TEXT
);

CREATE TABLE rejects (
    id INTEGER PRIMARY KEY,
    origin TEXT NOT NULL,
    line INTEGER,
    stage TEXT NOT NULL,
    reason TEXT NOT NULL,
    article_id TEXT,
    run_id TEXT,
    created_at TEXT NOT NULL
);
-- The same input failing the same way twice is one reject, so re-running a batch adds nothing.
CREATE UNIQUE INDEX rejects_identity ON rejects(origin, IFNULL(line, -1), stage, reason);
CREATE INDEX rejects_run ON rejects(run_id);

-- Full-text index of evidence sentences. Rows are added by the writer in the same transaction
-- as their events (explicitly: a trigger per row is several times slower for bulk inserts).
CREATE VIRTUAL TABLE evidence_fts USING fts5(
    sentence, content='event_view', content_rowid='pk',
    tokenize='porter unicode61 remove_diacritics 2'
);
"""

# Version 2: fewer B-trees per event, for bulk insert speed. Every index entry and child row costs
# about as much as a whole bare row on the write path, so only what a query needs is kept.
_V2 = """
-- The events of an article are written together with consecutive pks: the article keeps where
-- its run starts, and article lookups read that pk range instead of an index on article_id.
ALTER TABLE articles ADD COLUMN first_event_pk INTEGER;
UPDATE articles SET first_event_pk = (
    SELECT MIN(e.pk) FROM events e WHERE e.article_id = articles.id
) WHERE n_events > 0;
DROP INDEX events_article;
-- Filtered timelines count events directly; unfiltered ones read type_counts.
DROP INDEX events_month;

-- Participants as one covering B-tree (the filters only ask: which events have this code in
-- this role, with this sector?). sector is '' when unknown; the names stay in events.data.
CREATE TABLE event_actors_v2 (
    code TEXT NOT NULL,
    role TEXT NOT NULL,
    sector TEXT NOT NULL DEFAULT '',
    event_pk INTEGER NOT NULL,
    PRIMARY KEY (code, role, sector, event_pk)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_actors_v2 (code, role, sector, event_pk)
    SELECT code, role, IFNULL(sector, ''), event_pk FROM event_actors;
DROP TABLE event_actors;
ALTER TABLE event_actors_v2 RENAME TO event_actors;

-- Most events have at most one (actor code, recipient code) pair, which events.actor_code and
-- events.recipient_code already hold. Only events with two or more distinct pairs get rows here,
-- one per pair; dyad queries take an event's pairs from here when it has any.
CREATE TABLE dyads_v2 (
    event_pk INTEGER NOT NULL,
    actor_code TEXT NOT NULL,
    recipient_code TEXT NOT NULL,
    PRIMARY KEY (event_pk, actor_code, recipient_code)
) WITHOUT ROWID;
INSERT INTO dyads_v2 (event_pk, actor_code, recipient_code)
    SELECT event_pk, actor_code, recipient_code FROM dyads
    WHERE event_pk IN (SELECT event_pk FROM dyads GROUP BY event_pk HAVING COUNT(*) > 1);
DROP TABLE dyads;
ALTER TABLE dyads_v2 RENAME TO dyads;

-- No query reads attribution rows: the chain lives in events.data, and this view keeps the
-- version 1 columns for plain SQL.
DROP TABLE attributions;
CREATE VIEW attributions AS SELECT
    e.pk AS event_pk,
    CAST(j.key AS INTEGER) AS position,
    json_extract(j.value, '$.cue') AS cue,
    json_extract(j.value, '$.speaker.text') AS speaker_text,
    json_extract(j.value, '$.speaker.code') AS speaker_code,
    json_extract(j.value, '$.speaker.sector') AS speaker_sector,
    json_extract(j.value, '$.outlet') AS outlet,
    json_extract(j.value, '$.quote') AS quote
FROM events e, json_each(e.data, '$.attribution') j;

-- The full-text index without its per-row size table (columnsize=0), which only bm25 ranking
-- reads and which cost one more B-tree entry per event. Rebuilt from the events.
DROP TABLE evidence_fts;
CREATE VIRTUAL TABLE evidence_fts USING fts5(
    sentence, content='event_view', content_rowid='pk',
    tokenize='porter unicode61 remove_diacritics 2', columnsize=0
);
INSERT INTO evidence_fts(evidence_fts) VALUES ('rebuild');
"""

#: Page size of new stores, in bytes.
PAGE_SIZE = 16384

#: Ordered schema migrations: entry *i* brings a store from version *i* to version *i + 1*.
MIGRATIONS: tuple[str, ...] = (_V1, _V2, CLUSTERS_MIGRATION)
#: The schema version this dotterel writes.
SCHEMA_VERSION = len(MIGRATIONS)


def now_iso() -> str:
    """The current UTC time as an ISO string, second precision."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def configure(conn: sqlite3.Connection, *, readonly: bool) -> None:
    """Connection settings: WAL for concurrent readers, NORMAL sync, generous caches.

    ``synchronous=NORMAL`` in WAL mode keeps the database consistent after a crash or SIGKILL;
    only an operating-system crash or power loss can roll back the last committed batches, which
    a resumed run then codes again.
    """
    conn.execute("PRAGMA busy_timeout = 30000")
    if not readonly and _is_new(conn):
        # Pages of 16 KiB hold a dozen events each instead of two or three: bulk inserts write
        # about twice as fast. The page size is fixed when the first table is created, so only
        # new stores get it; older stores keep theirs (``VACUUM`` would convert them).
        conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
    conn.execute("PRAGMA cache_size = -65536")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA mmap_size = 268435456")
    if not readonly:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StoreError(
                f"cannot switch the store to WAL mode (got {mode!r})",
                hint="put the store on a local file system that supports shared memory",
            )
        conn.execute("PRAGMA synchronous = NORMAL")
        # Checkpoint every ~40 MB of WAL instead of 4 MB: bulk batches rewrite the same index
        # pages many times, and each checkpoint copies a page once however often it changed.
        conn.execute("PRAGMA wal_autocheckpoint = 10000")
        conn.execute("PRAGMA journal_size_limit = 67108864")


def _is_new(conn: sqlite3.Connection) -> bool:
    """Whether the database is still empty (no table yet, so its page size can change)."""
    return conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0] == 0


def stored_version(conn: sqlite3.Connection) -> int:
    """The schema version recorded in the store; 0 for a new, empty database."""
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if not has_table:
        return 0
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def check_version(version: int, path: str) -> None:
    """Refuse stores written by a newer dotterel, whose schema this one cannot know."""
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"the store {path} has schema version {version}, newer than this dotterel knows "
            f"({SCHEMA_VERSION})",
            hint="upgrade dotterel (pip install -U dotterel) or use another --store",
        )


def migrate(conn: sqlite3.Connection, path: str) -> int:
    """Apply the pending migrations, each in its own transaction; return the final version."""
    version = stored_version(conn)
    check_version(version, path)
    if version == 0:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_version "
                "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
            conn.execute("COMMIT")
        except BaseException:
            # A failed COMMIT (a full disk) may already have ended the transaction.
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    for target in range(version + 1, SCHEMA_VERSION + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another writer may have migrated while this one waited for the lock.
            if stored_version(conn) >= target:
                conn.execute("COMMIT")
                continue
            for statement in _statements(MIGRATIONS[target - 1]):
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_version(version, applied_at) VALUES (?, ?)",
                (target, now_iso()),
            )
            conn.execute("COMMIT")
        except BaseException:
            # A failed COMMIT (a full disk) may already have ended the transaction.
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return SCHEMA_VERSION


def _statements(script: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies whole."""
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--") and not buffer.strip():
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
