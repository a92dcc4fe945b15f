"""The write path: rows for a batch of coded articles, and SQLite errors turned into advice.

Everything here runs inside one transaction opened by :class:`~dotterel.store.EventStore`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from dotterel.errors import StoreError
from dotterel.records import Article, Event, Reject
from dotterel.store.rows import EVENT_COLUMNS, BatchRows

_INSERT_EVENT = (
    f"INSERT INTO events (pk, {', '.join(EVENT_COLUMNS)}) "
    f"VALUES ({', '.join('?' * (len(EVENT_COLUMNS) + 1))})"
)
INSERT_ARTICLE = (
    "INSERT INTO articles (id, url, content_hash, title, date, source, language, origin, text, "
    "status, n_events, first_event_pk, ingested_at, run_id) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_REJECT = (
    "INSERT OR IGNORE INTO rejects (origin, line, stage, reason, article_id, run_id, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)


def content_hash(text: str) -> str:
    """The hash of an article's whitespace-normalised text (same basis as ``Article.make_id``)."""
    return Article.make_id(text)


def translate(exc: sqlite3.Error, path: str) -> StoreError:
    """A :class:`StoreError` that says what went wrong with the store and what to do."""
    msg = str(exc).lower()
    if "locked" in msg or "busy" in msg:
        return StoreError(
            f"the store {path} is locked by another writer",
            hint="wait for the other dotterel ingest to finish, or use another --store",
        )
    if "readonly" in msg or "read-only" in msg:
        return StoreError(
            f"the store {path} is read-only",
            hint="check the file and folder permissions, or open it with readonly=True",
        )
    if "full" in msg:
        return StoreError(
            f"the disk holding {path} is full; the last batch was rolled back",
            hint="free some space and run the same command again (it resumes)",
        )
    if "not a database" in msg or "malformed" in msg:
        return StoreError(
            f"{path} is not a usable dotterel store ({exc})",
            hint="point --store at a dotterel store or a new file name",
        )
    if "unable to open" in msg:
        return StoreError(
            f"cannot open the store {path}",
            hint="check that the folder exists and is writable",
        )
    return StoreError(f"store error on {path}: {exc}")


def unique_events(article: Article, events: Iterable[Event]) -> list[Event]:
    """The article's events with duplicate ids dropped; refuses events of another article."""
    seen: dict[str, Event] = {}
    for event in events:
        if event.article_id != article.id:
            raise StoreError(
                f"event {event.id} names article {event.article_id}, not {article.id}",
                hint="this is a bug in the coder: please report it",
            )
        seen.setdefault(event.id, event)
    return list(seen.values())


def next_event_pk(conn: sqlite3.Connection) -> int:
    """The pk the next stored event gets (events of a batch are numbered consecutively)."""
    return int(conn.execute("SELECT IFNULL(MAX(pk), 0) FROM events").fetchone()[0]) + 1


def insert_events(conn: sqlite3.Connection, rows: BatchRows) -> None:
    """Write a batch's rows: one ``executemany`` per table, every row built beforehand."""
    if not rows.events:
        return
    conn.executemany(_INSERT_EVENT, rows.events)
    conn.executemany("INSERT INTO evidence_fts (rowid, sentence) VALUES (?, ?)", rows.texts)
    # The same code, role and sector twice in one event is one row: filters only ask "any?".
    conn.executemany(
        "INSERT OR IGNORE INTO event_actors (code, role, sector, event_pk) VALUES (?, ?, ?, ?)",
        rows.actors,
    )
    if rows.dyads:
        conn.executemany(
            "INSERT INTO dyads (event_pk, actor_code, recipient_code) VALUES (?, ?, ?)", rows.dyads
        )
    conn.executemany(
        "INSERT INTO dyad_counts VALUES (?, ?, ?, ?) ON CONFLICT (actor_code, recipient_code, "
        "month) DO UPDATE SET n = n + excluded.n",
        [(*key, n) for key, n in rows.dyad_counts.items()],
    )
    conn.executemany(
        "INSERT INTO type_counts VALUES (?, ?, ?, ?) ON CONFLICT (month, event_type, quad_code) "
        "DO UPDATE SET n = n + excluded.n",
        [(*key, n) for key, n in rows.type_counts.items()],
    )


def insert_rejects(
    conn: sqlite3.Connection, rejects: Iterable[Reject], run_id: str | None, now: str
) -> int:
    new = 0
    for r in rejects:
        cur = conn.execute(
            _INSERT_REJECT, (r.origin, r.line, r.stage, r.reason, r.article_id, run_id, now)
        )
        new += cur.rowcount
    return new
