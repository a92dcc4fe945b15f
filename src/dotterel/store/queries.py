"""Read queries over the store: event pages, dyads, timelines, counts, runs and rejects.

Each function takes an open connection and runs one snapshot-consistent read (SQLite in WAL mode
gives every statement a consistent snapshot even while a batch is being written). Column names
that vary with arguments come from fixed allow-lists; every value is a bound parameter.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from dotterel.errors import NotFoundError, ValidationError
from dotterel.records import ActorRef, Article, Attribution, Event, Evidence, Location, Reject
from dotterel.store import plans
from dotterel.store.filters import EventFilter, encode_cursor, where_clause
from dotterel.store.rows import event_json, row_to_article, row_to_event

#: Calendar buckets for timelines and dyads (an ISO week is named by its Monday).
INTERVALS = ("day", "week", "month", "year")
#: What a timeline can be broken down by.
TIMELINE_KEYS = ("event_type", "quad_code", "status", "certainty", "country")
_ROLLUP_KEYS = ("event_type", "quad_code")
#: The largest page :func:`query_events` returns.
MAX_LIMIT = 10_000


@dataclass(frozen=True)
class EventPage:
    """One page of events, newest first, and the cursor of the next page (None at the end)."""

    events: tuple[Event, ...]
    next_cursor: str | None


@dataclass(frozen=True)
class JSONPage:
    """One page of events as JSON text, each exactly the content of ``Event.to_dict()``."""

    items: tuple[str, ...]
    next_cursor: str | None


def record_shape() -> str:
    """A fingerprint of the field names of :class:`Event` and the records inside it."""
    names = [
        cls.__name__ + ":" + ",".join(f.name for f in dataclasses.fields(cls))
        for cls in (Event, ActorRef, Location, Attribution, Evidence)
    ]
    return hashlib.sha1(";".join(names).encode()).hexdigest()[:16]


#: The record shape of every event stored so far: the records' fields have not changed since
#: the store's first schema. While the records keep this shape, a stored event's JSON is what
#: ``Event.to_dict`` gives and is served as it is. A record that gains a field changes the
#: shape: events stored before lack the field, so they are rebuilt (and the new field filled
#: with its default) until a store migration adds it and this fingerprint is updated.
STORED_SHAPE = "abdf8bc17f14e0cc"
_PASSTHROUGH = record_shape() == STORED_SHAPE


# Aggregates can return tens of thousands of rows: plain slotted dataclasses build four times
# faster than frozen ones, and nothing downstream mutates them.
@dataclass(slots=True)
class DyadCount:
    """How many events an actor code directed at a recipient code (in one period, if asked)."""

    actor: str
    recipient: str
    count: int
    period: str | None = None


@dataclass(slots=True)
class TimelineCount:
    """How many events fell in one period, broken down by ``key`` (None when not broken down)."""

    period: str
    key: str | int | None
    count: int


@dataclass(frozen=True)
class RunInfo:
    """One ingest run: when, with which arguments, and what it did."""

    id: str
    started_at: str
    finished_at: str | None
    status: str
    args: dict[str, Any] = field(default_factory=dict)
    counts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class StoredReject:
    """A reject as kept in the store, with the run that recorded it."""

    id: int
    reject: Reject
    run_id: str | None
    created_at: str


def _check_limit(limit: int | None) -> int | None:
    if limit is None:
        return None
    if not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise ValidationError(f"limit: expected a number from 1 to {MAX_LIMIT}, got {limit!r}")
    return limit


def _check_interval(interval: str) -> str:
    if interval not in INTERVALS:
        raise ValidationError(f"interval: {interval!r} is not one of {', '.join(INTERVALS)}")
    return interval


def get_event(conn: sqlite3.Connection, event_id: str) -> Event:
    """The event with this id; :class:`NotFoundError` if there is none."""
    row = conn.execute("SELECT * FROM events WHERE id = ?", (event_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no event {event_id!r} in the store")
    return row_to_event(row)


def get_article(conn: sqlite3.Connection, article_id: str) -> Article:
    """The article with this id; :class:`NotFoundError` if there is none."""
    row = conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no article {article_id!r} in the store")
    return row_to_article(row)


def article_events(conn: sqlite3.Connection, article_id: str) -> list[Event]:
    """The events of one article in the order the coder gave them (document order)."""
    # An article's events have consecutive pks from first_event_pk: a rowid range, no index.
    rows = conn.execute(
        "SELECT e.* FROM articles a JOIN events e ON e.pk >= a.first_event_pk "
        "AND e.pk < a.first_event_pk + a.n_events WHERE a.id = ? ORDER BY e.pk",
        (article_id,),
    )
    return [row_to_event(r) for r in rows]


def _checked_limit(limit: int) -> int:
    checked = _check_limit(limit)
    assert checked is not None
    return checked


def query_events(
    conn: sqlite3.Connection,
    filters: EventFilter,
    *,
    limit: int = 100,
    cursor: str | None = None,
) -> EventPage:
    """A page of matching events, newest date first (undated last), with keyset pagination.

    Pages stay stable while new events arrive: a cursor names the last event shown, not an
    offset, so nothing is skipped or shown twice.
    """
    limit = _checked_limit(limit)
    rows = plans.page_rows(conn, filters, "e.*", limit=limit, cursor=cursor)
    next_cursor = _next_cursor(rows, limit)
    return EventPage(tuple(row_to_event(r) for r in rows[:limit]), next_cursor)


def query_event_json(
    conn: sqlite3.Connection,
    filters: EventFilter,
    *,
    limit: int = 100,
    cursor: str | None = None,
) -> JSONPage:
    """The page :func:`query_events` gives, as each event's JSON, without rebuilding records.

    The JSON is read as stored (compact, UTF-8 text kept), which is several times cheaper than
    building :class:`Event` records and encoding them again.
    """
    limit = _checked_limit(limit)
    columns = "e.pk, e.date_sort, e.data"
    rows = plans.page_rows(conn, filters, columns, limit=limit, cursor=cursor)
    next_cursor = _next_cursor(rows, limit)
    stored = [r[2] for r in rows[:limit]]
    # The check of _to_dict_json inlined: it runs for every event of every page.
    if _PASSTHROUGH and not any("NaN" in d or "Infinity" in d for d in stored):
        return JSONPage(tuple(stored), next_cursor)
    return JSONPage(tuple(_to_dict_json(d) for d in stored), next_cursor)


def _next_cursor(rows: list[sqlite3.Row], limit: int) -> str | None:
    if len(rows) <= limit:
        return None
    last = rows[limit - 1]
    return encode_cursor(last["date_sort"], last["pk"])


def _to_dict_json(data: str) -> str:
    """Stored event JSON as ``Event.to_dict`` content in strict JSON.

    The standard library's encoder (used for values orjson refuses) writes non-finite floats as
    ``NaN``/``Infinity``, which is not JSON; such events, and all events while the records'
    shape differs from the stored one, are rebuilt and encoded again (non-finite floats become
    null, as orjson encodes them).
    """
    if _PASSTHROUGH and "NaN" not in data and "Infinity" not in data:
        return data
    return event_json(Event.from_dict(json.loads(data, parse_constant=_no_constant)))


def _no_constant(name: str) -> None:
    """``NaN``, ``Infinity`` and ``-Infinity`` in stored JSON are read as null."""
    return None


def count(
    conn: sqlite3.Connection, filters: EventFilter, *, after: int = 0, until: int | None = None
) -> int:
    """How many events match (only those with ``after < pk <= until``, when given)."""
    return plans.count_range(conn, filters, after=after, until=until)


def dyads(
    conn: sqlite3.Connection,
    filters: EventFilter,
    *,
    interval: str | None = None,
    limit: int | None = None,
    rollup: bool = True,
) -> list[DyadCount]:
    """Event counts per (actor code, recipient code) pair, optionally per period; largest first.

    An event with several actors or recipients counts once for each distinct pair of codes.
    With an ``interval``, events whose date is unknown or coarser than the interval are left out.
    Without filters, totals come from the running ``dyad_counts`` table (``rollup=False`` forces
    counting the events themselves, which gives the same answer more slowly).
    """
    limit = _check_limit(limit)
    if interval is not None:
        _check_interval(interval)
    params: list[Any] = []
    order = " ORDER BY n DESC, actor, recipient, period"
    if rollup and filters.is_empty() and interval in (None, "month"):
        if interval is None:
            sql = (
                "SELECT actor_code AS actor, recipient_code AS recipient, NULL AS period, "
                "SUM(n) AS n FROM dyad_counts GROUP BY actor_code, recipient_code"
            )
        else:
            sql = (
                "SELECT actor_code AS actor, recipient_code AS recipient, month AS period, n "
                "FROM dyad_counts WHERE month != ''"
            )
    else:
        period = "NULL" if interval is None else f"e.{interval}"
        where = where_clause(filters, params)
        if interval:
            where += f" AND {period} IS NOT NULL"
        # An event's pairs are in dyads when it has several, else its first actor and recipient.
        sql = (
            "SELECT IFNULL(d.actor_code, e.actor_code) AS actor, "
            f"IFNULL(d.recipient_code, e.recipient_code) AS recipient, {period} AS period, "
            "COUNT(*) AS n FROM events e LEFT JOIN dyads d ON d.event_pk = e.pk "
            f"WHERE e.actor_code IS NOT NULL AND e.recipient_code IS NOT NULL AND {where} "
            "GROUP BY actor, recipient, period"
        )
    sql += order
    if limit:
        sql += " LIMIT ?"
        params.append(limit)
    return [DyadCount(r[0], r[1], int(r[3]), r[2]) for r in conn.execute(sql, params)]


def timeline(
    conn: sqlite3.Connection,
    filters: EventFilter,
    *,
    interval: str = "month",
    by: str | None = "event_type",
    rollup: bool = True,
) -> list[TimelineCount]:
    """Event counts per period (and per ``by`` value), in time order.

    Events whose date is unknown or coarser than the interval are left out; :func:`count` with
    the same filters tells how many events there are in all. Monthly counts by type or quad
    class without filters come from the running ``type_counts`` table.
    """
    column = f"e.{_check_interval(interval)}"
    if by is not None and by not in TIMELINE_KEYS:
        raise ValidationError(f"by: {by!r} is not one of {', '.join(TIMELINE_KEYS)}")
    if rollup and filters.is_empty() and interval == "month" and by in (None, *_ROLLUP_KEYS):
        key = by or "NULL"
        sql = (
            f"SELECT month, {key} AS k, SUM(n) FROM type_counts WHERE month != '' "
            "GROUP BY month, k ORDER BY month, k"
        )
        return [TimelineCount(r[0], r[1], int(r[2])) for r in conn.execute(sql)]
    key = f"e.{by}" if by else "NULL"
    params: list[Any] = []
    where = where_clause(filters, params)
    sql = (
        f"SELECT {column} AS period, {key} AS k, COUNT(*) FROM events e "
        f"WHERE {column} IS NOT NULL AND {where} GROUP BY period, k ORDER BY period, k"
    )
    return [TimelineCount(r[0], r[1], int(r[2])) for r in conn.execute(sql, params)]


def runs(conn: sqlite3.Connection, *, limit: int = 100) -> list[RunInfo]:
    """The most recent runs first."""
    rows = conn.execute(
        "SELECT * FROM runs ORDER BY started_at DESC, rowid DESC LIMIT ?", (_check_limit(limit),)
    )
    return [
        RunInfo(
            r["id"],
            r["started_at"],
            r["finished_at"],
            r["status"],
            json.loads(r["args"]),
            json.loads(r["counts"]),
        )
        for r in rows
    ]


def rejects(
    conn: sqlite3.Connection, *, run_id: str | None = None, limit: int = 1000
) -> list[StoredReject]:
    """Stored rejects in the order recorded, optionally of one run."""
    sql = "SELECT * FROM rejects"
    params: list[Any] = []
    if run_id is not None:
        sql += " WHERE run_id = ?"
        params.append(run_id)
    sql += " ORDER BY id LIMIT ?"
    params.append(_check_limit(limit))
    return [
        StoredReject(
            r["id"],
            Reject(
                origin=r["origin"],
                stage=r["stage"],
                reason=r["reason"],
                article_id=r["article_id"],
                line=r["line"],
            ),
            r["run_id"],
            r["created_at"],
        )
        for r in conn.execute(sql, params)
    ]
