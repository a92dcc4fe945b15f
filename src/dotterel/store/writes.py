"""The write path: rows for a batch of coded articles, and SQLite errors turned into advice.

Everything here runs inside one transaction opened by :class:`~dotterel.store.EventStore`.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable
from typing import Any

from dotterel.errors import StoreError
from dotterel.records import Article, Event, Reject
from dotterel.store.rows import (
    EVENT_COLUMNS,
    actor_rows,
    attribution_rows,
    dyad_rows,
    event_row,
    periods,
)

_INSERT_EVENT = (
    f"INSERT INTO events (pk, {', '.join(EVENT_COLUMNS)}) "
    f"VALUES ({', '.join('?' * (len(EVENT_COLUMNS) + 1))})"
)
# Positions in an events row (pk first, then EVENT_COLUMNS).
_MONTH, _TYPE, _QUAD = (1 + EVENT_COLUMNS.index(c) for c in ("month", "event_type", "quad_code"))
INSERT_ARTICLE = (
    "INSERT OR IGNORE INTO articles (id, url, content_hash, title, date, source, language, "
    "origin, text, status, n_events, ingested_at, run_id) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
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


def insert_events(conn: sqlite3.Connection, events: list[Event]) -> None:
    if not events:
        return
    first = int(conn.execute("SELECT IFNULL(MAX(pk), 0) FROM events").fetchone()[0]) + 1
    event_rows: list[tuple[Any, ...]] = []
    actors: list[tuple[Any, ...]] = []
    dyads: list[tuple[Any, ...]] = []
    attributions: list[tuple[Any, ...]] = []
    for pk, event in enumerate(events, start=first):
        p = periods(event.date, event.date_precision)
        event_rows.append((pk, *event_row(event, p)))
        actors.extend(actor_rows(pk, event))
        dyads.extend(dyad_rows(pk, event, p))
        attributions.extend(attribution_rows(pk, event))
    conn.executemany(_INSERT_EVENT, event_rows)
    conn.executemany(
        "INSERT INTO evidence_fts (rowid, sentence) VALUES (?, ?)",
        [(pk, event.evidence.sentence) for pk, event in enumerate(events, start=first)],
    )
    conn.executemany(
        "INSERT INTO event_actors (event_pk, role, position, text, code, sector, name) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        actors,
    )
    conn.executemany("INSERT INTO dyads VALUES (?, ?, ?, ?)", dyads)
    pairs = Counter((a, r, month or "") for _, a, r, month in dyads)
    conn.executemany(
        "INSERT INTO dyad_counts VALUES (?, ?, ?, ?) ON CONFLICT (actor_code, recipient_code, "
        "month) DO UPDATE SET n = n + excluded.n",
        [(*key, n) for key, n in pairs.items()],
    )
    types = Counter((row[_MONTH] or "", row[_TYPE], row[_QUAD]) for row in event_rows)
    conn.executemany(
        "INSERT INTO type_counts VALUES (?, ?, ?, ?) ON CONFLICT (month, event_type, quad_code) "
        "DO UPDATE SET n = n + excluded.n",
        [(*key, n) for key, n in types.items()],
    )
    conn.executemany(
        "INSERT INTO attributions (event_pk, position, cue, speaker_text, speaker_code, "
        "speaker_sector, outlet, quote) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        attributions,
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
