"""Query plans for event pages: match sets kept per connection, read newest first.

SQLite's planner does not know how many events an actor code or a full-text query matches, so
for ``actor=USA`` or ``text=ceasefire`` it lists every match, looks each one up and sorts them
all by date to return the newest fifty: 49,000 lookups for a common word, and the list is built
again for every page. Here the matches of each such condition (actors, recipients, dyad ends,
text) are kept in a temporary table of the connection, ordered by date, built once and then
extended with the events stored since (events are only ever appended, with growing pks, and an
event's date never changes). A page then reads the smallest set newest first, from the cursor
on, and keeps the rows that meet the other conditions: about ``limit`` rows for ``actor=USA``.
With one event type or one country, whose indexes are ordered by date too, that index is walked
instead and the sets are asked about each row.

Building a set, extending it and reading the page happen in one read transaction, so the sets
hold exactly the events of the page's snapshot. Temporary tables live in the connection's own
memory (``temp_store = MEMORY``) and need no write access to the store.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from dotterel.store.filters import (
    EventFilter,
    _actor_term,
    decode_cursor,
    fts_query,
    where_clause,
)
from dotterel.store.rows import date_span

#: A set with more matches than this share of the events is built by scanning the date index
#: (which holds every event's date) rather than looking each match up in the events table.
SCAN_SHARE = 0.05
#: Most match sets one connection keeps, and most rows in all of them before a new set is
#: built (about 40 bytes each with the date index: 40 MB at most, plus the newest set).
MAX_SETS = 32
MAX_SET_ROWS = 1_000_000
_REGISTRY = "temp.dotterel_match_sets"


@dataclass(frozen=True)
class MatchSet:
    """The pks matching one condition, kept in the temporary table ``table``."""

    table: str
    size: int


def last_pk(conn: sqlite3.Connection) -> int:
    """The pk of the newest stored event (0 when there is none)."""
    return int(conn.execute("SELECT IFNULL(MAX(pk), 0) FROM events").fetchone()[0])


def set_conditions(f: EventFilter) -> dict[str, tuple[str, list[Any]]]:
    """The filter's set conditions: name → (SELECT of matching pks, its parameters).

    Each SELECT takes two more parameters, the pk range ``(after, until]`` to list.
    """
    out: dict[str, tuple[str, list[Any]]] = {}
    roles = [("actor", f.actor_terms("actor")), ("recipient", f.actor_terms("recipient"))]
    if f.dyad:
        left, right = str(f.dyad).split("-")
        roles += [
            ("dyad_actor", [_actor_term("dyad", left)]),
            ("dyad_recipient", [_actor_term("dyad", right)]),
        ]
    for name, terms in roles:
        if not terms:
            continue
        role = name.removeprefix("dyad_")
        alternatives: list[str] = []
        params: list[Any] = []
        for code, sector in terms:
            params.extend((code, role))
            if sector:
                params.append(sector)
                alternatives.append("(code = ? AND role = ? AND sector = ?)")
            else:
                alternatives.append("(code = ? AND role = ?)")
        sql = (
            f"SELECT event_pk FROM event_actors WHERE ({' OR '.join(alternatives)}) "
            "AND event_pk > ? AND event_pk <= ?"
        )
        out[name] = (sql, params)
    if f.text:
        sql = (
            "SELECT rowid FROM evidence_fts WHERE evidence_fts MATCH ? AND rowid > ? AND rowid <= ?"
        )
        out["text"] = (sql, [fts_query(f.text)])
    return out


def _registry(conn: sqlite3.Connection) -> None:
    conn.execute(
        f"CREATE TABLE IF NOT EXISTS {_REGISTRY} (key TEXT PRIMARY KEY, name TEXT NOT NULL, "
        "covered INTEGER NOT NULL, size INTEGER NOT NULL, used INTEGER NOT NULL)"
    )


def match_set(conn: sqlite3.Connection, sql: str, params: list[Any], newest: int) -> MatchSet:
    """The set of pks ``sql`` selects among events up to ``newest``, built or brought up to date.

    Must run inside the read transaction that then uses the set.
    """
    key = repr((sql, params))
    row = conn.execute(
        f"SELECT name, covered, size FROM {_REGISTRY} WHERE key = ?", (key,)
    ).fetchone()
    used = conn.execute(f"SELECT IFNULL(MAX(used), 0) + 1 FROM {_REGISTRY}").fetchone()[0]
    if row is None:
        _evict(conn)
        name = f"temp.dotterel_set_{used}"  # unique: `used` grows past every kept set's
        # Keyed by pk (membership tests), with an index in date order (pages read from it).
        conn.execute(f"CREATE TABLE {name} (pk INTEGER PRIMARY KEY, date_sort TEXT NOT NULL)")
        conn.execute(f"CREATE INDEX {name}_date ON {name.removeprefix('temp.')} (date_sort)")
        covered = size = 0
    else:
        name, covered, size = row
        if covered > newest:  # the store was replaced by an older one: start again
            conn.execute(f"DELETE FROM {name}")
            covered = size = 0
    if covered < newest:
        # Each match's date comes from the date index in one pass when matches are many, else
        # from a lookup per match.
        many = covered == 0 and _share(conn, sql, params, newest) > SCAN_SHARE
        source = "events e INDEXED BY events_date" if many else "events e"
        cur = conn.execute(
            f"INSERT OR IGNORE INTO {name} (pk, date_sort) "
            f"SELECT e.pk, e.date_sort FROM {source} WHERE e.pk IN ({sql})",
            (*params, covered, newest),
        )
        size += max(cur.rowcount, 0)
        covered = newest
    conn.execute(
        f"INSERT OR REPLACE INTO {_REGISTRY} (key, name, covered, size, used) "
        "VALUES (?, ?, ?, ?, ?)",
        (key, name, covered, size, used),
    )
    return MatchSet(name, size)


def _share(conn: sqlite3.Connection, sql: str, params: list[Any], newest: int) -> float:
    """The share of the events that ``sql`` selects."""
    n = conn.execute(f"SELECT COUNT(*) FROM ({sql})", (*params, 0, newest)).fetchone()[0]
    return float(n) / max(newest, 1)


def _evict(conn: sqlite3.Connection) -> None:
    """Drop the least recently used sets while there are too many or they hold too many rows."""
    while True:
        n, rows = conn.execute(f"SELECT COUNT(*), IFNULL(SUM(size), 0) FROM {_REGISTRY}").fetchone()
        if n < MAX_SETS and rows < MAX_SET_ROWS:
            return
        key, name = conn.execute(
            f"SELECT key, name FROM {_REGISTRY} ORDER BY used LIMIT 1"
        ).fetchone()
        conn.execute(f"DROP TABLE {name}")
        conn.execute(f"DELETE FROM {_REGISTRY} WHERE key = ?", (key,))


def page_rows(
    conn: sqlite3.Connection,
    filters: EventFilter,
    columns: str,
    *,
    limit: int,
    cursor: str | None,
) -> list[sqlite3.Row]:
    """Up to ``limit + 1`` rows of matching events, newest first, after ``cursor``."""
    conditions = set_conditions(filters)
    if not conditions or filters.place or filters.article_id:
        # No sets, or so few events that listing and sorting them is cheapest.
        params: list[Any] = []
        where = where_clause(filters, params)
        return _page(conn, columns, "events e", "e", where, params, limit, cursor)
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")
    try:
        newest = last_pk(conn)  # the transaction's snapshot starts here
        _registry(conn)
        sets = {
            name: match_set(conn, sql, list(params), newest)
            for name, (sql, params) in conditions.items()
        }
        rows = _set_page(conn, filters, sets, columns, limit, cursor)
        if own:
            conn.execute("COMMIT")
        return rows
    except BaseException:
        if own and conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _set_page(
    conn: sqlite3.Connection,
    f: EventFilter,
    sets: dict[str, MatchSet],
    columns: str,
    limit: int,
    cursor: str | None,
) -> list[sqlite3.Row]:
    params: list[Any] = []
    where = where_clause(f, params, set_tables={k: "" for k in sets})  # sets handled here
    if (f.event_type and len(f.event_type) == 1) or (f.country and len(f.country) == 1):
        # That index is ordered by date within the value: walk it, asking each set.
        index = "events_type_date" if f.event_type and len(f.event_type) == 1 else None
        index = index or "events_country_date"
        for s in sets.values():
            where += f" AND e.pk IN (SELECT pk FROM {s.table})"
        return _page(
            conn, columns, f"events e INDEXED BY {index}", "e", where, params, limit, cursor
        )
    # Read the smallest set newest first; the others are asked about each of its rows.
    first, *others = sorted(sets.values(), key=lambda s: s.size)
    for s in others:
        where += f" AND d.pk IN (SELECT pk FROM {s.table})"
    # The date range again on the set's own dates, so that the read starts and stops there.
    for value, op in ((f.date_from, ">="), (f.date_to, "<=")):
        if value:
            span = date_span(value)
            assert span is not None  # validated in EventFilter
            where += f" AND d.date_sort {op} ?"
            params.append(span[0] if op == ">=" else span[1])
    # CROSS JOIN keeps the set as the outer loop, so its order serves the ORDER BY.
    source = f"{first.table} d INDEXED BY {first.table.removeprefix('temp.')}_date "
    source += "CROSS JOIN events e ON e.pk = d.pk"
    return _page(conn, columns, source, "d", where, params, limit, cursor)


def _page(
    conn: sqlite3.Connection,
    columns: str,
    source: str,
    order: str,
    where: str,
    params: list[Any],
    limit: int,
    cursor: str | None,
) -> list[sqlite3.Row]:
    """The page's rows, ordered by ``order``'s ``(date_sort, pk)``, newest first."""
    if cursor is not None:
        date_sort, pk = decode_cursor(cursor)
        where += f" AND ({order}.date_sort, {order}.pk) < (?, ?)"
        params = [*params, date_sort, pk]
    sql = (
        f"SELECT {columns} FROM {source} WHERE {where} "
        f"ORDER BY {order}.date_sort DESC, {order}.pk DESC LIMIT ?"
    )
    return conn.execute(sql, (*params, limit + 1)).fetchall()


def _text_count(conn: sqlite3.Connection, query: str, after: int, until: int | None) -> int:
    sql = "SELECT COUNT(*) FROM evidence_fts WHERE evidence_fts MATCH ? AND rowid > ?"
    params: list[Any] = [query, after]
    if until is not None:
        sql += " AND rowid <= ?"
        params.append(until)
    return int(conn.execute(sql, params).fetchone()[0])


def count_range(
    conn: sqlite3.Connection, filters: EventFilter, *, after: int = 0, until: int | None = None
) -> int:
    """How many events with ``after < pk <= until`` match (``until=None``: no upper bound).

    A full-text query alone is counted in the full-text index, whose rows are the events'.
    """
    if filters.text and EventFilter(text=filters.text) == filters:
        return _text_count(conn, fts_query(filters.text), after, until)
    params: list[Any] = []
    where = where_clause(filters, params, after=after, until=until)
    if after:
        where += " AND e.pk > ?"
        params.append(after)
    if until is not None:
        where += " AND e.pk <= ?"
        params.append(until)
    return int(conn.execute(f"SELECT COUNT(*) FROM events e WHERE {where}", params).fetchone()[0])
