"""Query plans for event pages: match sets kept per process, read newest first.

SQLite's planner does not know how many events an actor code or a full-text query matches, so
for ``actor=USA`` or ``text=ceasefire`` it lists every match, looks each one up and sorts them
all by date to return the newest fifty: 49,000 lookups for a common word, and the list is built
again for every page. Here the matches of each such condition (actors, recipients, dyad ends,
text) are kept in memory as ``(date, pk)`` pairs in date order, built once per process and
store (the server's threads share them; a set is built by one thread while the others wait)
and then extended with the events stored since (events are only ever appended, with growing
pks, and an event's date never changes). A page reads the smallest set newest first, from the
cursor on, asks the other sets about each pk, and asks the events table about the rest of the
filter a chunk of pks at a time: about ``limit`` rows for ``actor=USA``. With one event type or
one country, whose indexes are ordered by date too, that index is walked instead and the sets
are asked about each row.

A set may cover more events than a reader's snapshot (another thread extended it since); the
reader keeps the pks up to its own newest, and reads the page in the same read transaction, so
a page holds exactly the events of its snapshot. The sets need no write access to the store.
"""

from __future__ import annotations

import bisect
import math
import sqlite3
import threading
from collections import OrderedDict
from typing import Any

from dotterel.store.filters import (
    EventFilter,
    _actor_term,
    decode_cursor,
    fts_query,
    role_terms_sql,
    where_clause,
)
from dotterel.store.rows import date_span

#: A set with more matches than this share of the events is built by scanning the date index
#: (which holds every event's date) rather than looking each match up in the events table.
SCAN_SHARE = 0.05
#: Most match sets one process keeps, and most rows in all of them before a new set is added
#: (about 145 bytes each in Python: about 70 MB, plus the newest set).
MAX_SETS = 32
MAX_SET_ROWS = 500_000
#: Most candidate pks one read of a page asks the events table about.
CHUNK = 900


class MatchSet:
    """The pks matching one condition among the events up to ``covered``, in date order.

    One per condition and store file in a process, shared by its threads: ``order`` and
    ``members`` are replaced or only grown, so a reader may use them without the lock once the
    set covers its snapshot, and keeps the pks up to its own newest.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        #: ``(pk, id)`` of the newest event at the first build: a store replaced by another
        #: under the same path is recognised by it.
        self.anchor: tuple[int, str] = (0, "")
        self.covered = 0
        self.order: list[tuple[str, int]] = []  # (date_sort, pk), oldest first
        self.members: set[int] = set()

    @property
    def size(self) -> int:
        """How many events match (up to ``covered``)."""
        return len(self.order)


_SETS: OrderedDict[tuple[str, str], MatchSet] = OrderedDict()
_SETS_LOCK = threading.Lock()


def match_set_stats() -> tuple[int, int]:
    """How many match sets this process keeps, and how many pks they hold."""
    with _SETS_LOCK:
        return len(_SETS), sum(s.size for s in _SETS.values())


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
        params: list[Any] = []
        match = role_terms_sql(name.removeprefix("dyad_"), terms, params)
        sql = f"SELECT event_pk FROM event_actors WHERE {match} AND event_pk > ? AND event_pk <= ?"
        out[name] = (sql, params)
    if f.text:
        sql = (
            "SELECT rowid FROM evidence_fts WHERE evidence_fts MATCH ? AND rowid > ? AND rowid <= ?"
        )
        out["text"] = (sql, [fts_query(f.text)])
    return out


def clear_match_sets() -> None:
    """Forget every match set of this process (they are built again when needed)."""
    with _SETS_LOCK:
        _SETS.clear()


def _store_key(conn: sqlite3.Connection) -> str:
    """The store's file (a connection's own name for an in-memory store)."""
    for _, name, file in conn.execute("PRAGMA database_list"):
        if name == "main":
            return str(file) or f"memory:{id(conn)}"
    return f"memory:{id(conn)}"


def _fits(conn: sqlite3.Connection, s: MatchSet, newest: int) -> bool:
    """Whether ``s`` was built on the store ``conn`` reads (whose newest pk is ``newest``)."""
    pk, event_id = s.anchor
    if pk == 0:
        return True  # built on no events yet: true of every store
    if pk > newest:
        return False  # this store has fewer events than the set's had when it was built
    row = conn.execute("SELECT id FROM events WHERE pk = ?", (pk,)).fetchone()
    return row is not None and row[0] == event_id


def match_set(conn: sqlite3.Connection, sql: str, params: list[Any], newest: int) -> MatchSet:
    """The set of pks ``sql`` selects, covering at least the events up to ``newest``.

    Built once per process and condition, then extended with the events stored since; one
    thread builds or extends a set at a time and the others wait for it rather than build it
    again. Must run inside the read transaction that then uses the set.
    """
    key = (_store_key(conn), repr((sql, params)))
    with _SETS_LOCK:
        s = _SETS.get(key)
        if s is not None:
            _SETS.move_to_end(key)
    if s is None or not _fits(conn, s, newest):
        fresh = MatchSet()
        with _SETS_LOCK:
            # Another thread may have added it meanwhile; the check is one lookup by pk.
            current = _SETS.get(key)
            if current is not None and current is not s and _fits(conn, current, newest):
                s = current
            else:
                s = _SETS[key] = fresh
                _SETS.move_to_end(key)
                _evict(keep=key)
    with s.lock:
        if s.covered < newest:
            _extend(conn, s, sql, params, newest)
    return s


def _extend(
    conn: sqlite3.Connection, s: MatchSet, sql: str, params: list[Any], newest: int
) -> None:
    """Add the matches among the events ``s.covered < pk <= newest`` (holding ``s.lock``)."""
    # Each match's date comes from the date index in one pass when matches are many, else
    # from a lookup per match.
    many = s.covered == 0 and _share(conn, sql, params, newest) > SCAN_SHARE
    source = "events e INDEXED BY events_date" if many else "events e"
    cur = conn.cursor()
    cur.row_factory = None  # plain tuples, which compare in (date_sort, pk) order
    rows: list[tuple[str, int]] = cur.execute(
        f"SELECT e.date_sort, e.pk FROM {source} WHERE e.pk IN ({sql})",
        (*params, s.covered, newest),
    ).fetchall()
    if s.anchor[0] == 0:
        row = conn.execute("SELECT id FROM events WHERE pk = ?", (newest,)).fetchone()
        if row is not None:
            s.anchor = (newest, str(row[0]))
    # Members first: a reader that sees the new order must find its pks there too. Both
    # runs are sorted, or the new one is short, so the sort is a merge.
    # Many events share a date: one string per date keeps a set near 145 bytes a pk, not 195.
    dates: dict[str, str] = {}
    rows = [(dates.setdefault(date, date), pk) for date, pk in rows]
    s.members.update(pk for _, pk in rows)
    if rows:
        s.order = sorted([*s.order, *rows])
    s.covered = newest


def _share(conn: sqlite3.Connection, sql: str, params: list[Any], newest: int) -> float:
    """The share of the events that ``sql`` selects."""
    n = conn.execute(f"SELECT COUNT(*) FROM ({sql})", (*params, 0, newest)).fetchone()[0]
    return float(n) / max(newest, 1)


def _evict(keep: tuple[str, str]) -> None:
    """Forget the least recently used sets while there are too many or they hold too many
    rows (holding ``_SETS_LOCK``); a thread still reading one keeps its own reference."""
    while len(_SETS) > 1:
        if len(_SETS) <= MAX_SETS and sum(s.size for s in _SETS.values()) < MAX_SET_ROWS:
            return
        oldest = next(iter(_SETS))
        if oldest == keep:
            return
        del _SETS[oldest]


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
        sets = {
            name: match_set(conn, sql, list(params), newest)
            for name, (sql, params) in conditions.items()
        }
        rows = _set_page(conn, filters, sets, newest, columns, limit, cursor)
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
    newest: int,
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
        members = [s.members for s in sets.values()]
        # One set (the usual case) is asked by its own C method: no Python frame per row.
        ask = members[0].__contains__ if len(members) == 1 else None
        conn.create_function(
            "dotterel_in_sets",
            1,
            ask or (lambda pk: all(pk in m for m in members)),
            deterministic=True,
        )
        where += " AND dotterel_in_sets(e.pk)"
        return _page(
            conn, columns, f"events e INDEXED BY {index}", "e", where, params, limit, cursor
        )
    # Read the smallest set newest first; the others are asked about each of its pks, and the
    # events table about the rest of the filter, a chunk of pks at a time.
    first, *others = sorted(sets.values(), key=lambda s: s.size)
    order = first.order  # this reference stays as it is while the set grows
    hi, lo = len(order), 0
    if cursor is not None:
        hi = bisect.bisect_left(order, decode_cursor(cursor))
    if f.date_to:
        span = date_span(f.date_to)
        assert span is not None  # validated in EventFilter
        hi = min(hi, bisect.bisect_right(order, (span[1], math.inf)))
    if f.date_from:
        span = date_span(f.date_from)
        assert span is not None
        lo = bisect.bisect_left(order, (span[0],))
    others_members = [s.members for s in others]
    rows: list[sqlite3.Row] = []
    want = limit + 1
    i = hi
    while i > lo and len(rows) <= limit:
        chunk: list[int] = []
        while i > lo and len(chunk) < want:
            i -= 1
            pk = order[i][1]
            if pk <= newest and all(pk in m for m in others_members):
                chunk.append(pk)
        if chunk:
            marks = ", ".join("?" * len(chunk))
            sql = (
                f"SELECT {columns} FROM events e WHERE e.pk IN ({marks}) AND {where} "
                "ORDER BY e.date_sort DESC, e.pk DESC"
            )
            rows.extend(conn.execute(sql, (*chunk, *params)).fetchall())
        want = min(want * 2, CHUNK)
    return rows[: limit + 1]


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
