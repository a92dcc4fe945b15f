"""Persisted clusters, the reader side: one cluster, an event's cluster, filtered pages.

Clusters come back as :class:`~dotterel.dedup.EventCluster` records, the same as in-memory
clustering gives, with ``event_ids`` and ``article_ids`` in the order the events were stored.
:class:`StoredClusters` lets the exports label events with stored cluster ids.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from dotterel.dedup import Clusterer, DedupConfig, EventCluster
from dotterel.errors import NotFoundError, ValidationError
from dotterel.records import Event, Location
from dotterel.store.filters import EventFilter, decode_cursor, encode_cursor
from dotterel.store.rows import date_span, row_to_event

#: The largest page :func:`query_clusters` returns.
MAX_CLUSTER_PAGE = 1000
_SELECT = (
    "SELECT c.pk, c.id, c.event_type, c.status, c.certainty, c.date_start, c.date_end, "
    "c.date_precision, c.mention_count, c.state, e.id AS founder FROM clusters c "
    "JOIN events e ON e.pk = c.founding_event_pk"
)
_OF_EVENT = (
    "SELECT c.id FROM events e JOIN cluster_members m ON m.event_pk = e.pk "
    "JOIN clusters c ON c.pk = m.cluster_pk WHERE e.id = ?"
)


@dataclass(frozen=True)
class ClusterFilter:
    """Which clusters to select; set fields combine with AND, a list matches any value.

    ``actor``/``recipient`` are codes (``USA``) the cluster's actors or recipients include;
    ``date_from``/``date_to`` select clusters whose whole reported span lies in the range, as
    for events; ``min_mentions`` keeps the clusters reported at least that many times.
    """

    event_type: str | tuple[str, ...] | None = None
    actor: str | tuple[str, ...] | None = None
    recipient: str | tuple[str, ...] | None = None
    country: str | tuple[str, ...] | None = None
    date_from: str | None = None
    date_to: str | None = None
    min_mentions: int = 1

    def __post_init__(self) -> None:
        # The event filter validates and normalises the fields both share.
        checked = EventFilter(
            event_type=self.event_type,
            actor=self.actor,
            recipient=self.recipient,
            country=self.country,
            date_from=self.date_from,
            date_to=self.date_to,
        )
        for name in ("actor", "recipient"):
            values = getattr(checked, name) or ()
            if any(":" in v for v in values):
                raise ValidationError(
                    f"{name}: clusters are selected by code only", hint="drop the :SECTOR part"
                )
            object.__setattr__(self, name, values or None)
        for name in ("event_type", "country"):
            object.__setattr__(self, name, getattr(checked, name))
        if not isinstance(self.min_mentions, int) or not 1 <= self.min_mentions <= 10**9:
            raise ValidationError("min_mentions: expected a whole number of at least 1")


@dataclass(frozen=True)
class ClusterPage:
    """One page of clusters, newest first, and the cursor of the next page (None at the end)."""

    clusters: tuple[EventCluster, ...]
    next_cursor: str | None


def _record(conn: sqlite3.Connection, row: sqlite3.Row | tuple[Any, ...]) -> EventCluster:
    pk, cid, etype, status, certainty, start, end, precision, mentions, state, founder = row
    data = json.loads(state)
    members = conn.execute(
        "SELECT e.id, e.article_id FROM cluster_members m JOIN events e ON e.pk = m.event_pk "
        "WHERE m.cluster_pk = ? ORDER BY m.event_pk",
        (pk,),
    ).fetchall()
    loc = data.get("location")
    return EventCluster(
        id=cid,
        event_type=etype,
        actor_codes=tuple(sorted(data.get("actors") or {})),
        recipient_codes=tuple(sorted(data.get("recipients") or {})),
        date_start=start,
        date_end=end,
        date_precision=precision,
        location=Location.from_dict(loc) if isinstance(loc, dict) else None,
        mention_count=int(mentions),
        event_ids=tuple(m[0] for m in members),
        article_ids=tuple(dict.fromkeys(m[1] for m in members)),
        sources=tuple(data.get("sources") or ()),
        certainty=certainty,
        status=status,
        statuses={k: int(v) for k, v in (data.get("statuses") or {}).items()},
        founding_event_id=founder,
    )


def get_cluster(conn: sqlite3.Connection, cluster_id: str) -> EventCluster:
    """The cluster with this id; :class:`NotFoundError` if there is none."""
    row = conn.execute(f"{_SELECT} WHERE c.id = ?", (cluster_id,)).fetchone()
    if row is None:
        raise NotFoundError(
            f"no cluster {cluster_id!r} in the store",
            hint="cluster ids change when clusters are rebuilt; look the event up instead",
        )
    return _record(conn, row)


def cluster_of(conn: sqlite3.Connection, event_id: str) -> EventCluster | None:
    """The cluster holding the event, or ``None`` if it is not clustered yet.

    Raises :class:`NotFoundError` when the store has no such event.
    """
    row = conn.execute(_OF_EVENT, (event_id,)).fetchone()
    if row is None:
        if conn.execute("SELECT 1 FROM events WHERE id = ?", (event_id,)).fetchone() is None:
            raise NotFoundError(f"no event {event_id!r} in the store")
        return None
    return get_cluster(conn, row[0])


def cluster_events(
    conn: sqlite3.Connection, cluster_id: str, *, limit: int | None = None
) -> list[Event]:
    """The reports in a cluster, in the order they were stored (at most ``limit``)."""
    row = conn.execute("SELECT pk FROM clusters WHERE id = ?", (cluster_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no cluster {cluster_id!r} in the store")
    sql = (
        "SELECT e.* FROM cluster_members m JOIN events e ON e.pk = m.event_pk "
        "WHERE m.cluster_pk = ? ORDER BY m.event_pk"
    )
    params: list[Any] = [row[0]]
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [row_to_event(r) for r in conn.execute(sql, params)]


def _where(f: ClusterFilter, params: list[Any]) -> list[str]:
    conds: list[str] = []
    for column in ("event_type", "country"):
        values = getattr(f, column)
        if values:
            conds.append(f"c.{column} IN ({', '.join('?' * len(values))})")
            params.extend(values)
    for name, column in (("actor", "actor_codes"), ("recipient", "recipient_codes")):
        codes = getattr(f, name)
        if codes:
            # Codes are stored space-separated: pad both sides so USA never matches USAF.
            terms = [f"instr(' ' || c.{column} || ' ', ?) > 0" for _ in codes]
            conds.append("(" + " OR ".join(terms) + ")")
            params.extend(f" {code} " for code in codes)
    if f.date_from:
        span = date_span(f.date_from)
        assert span is not None  # validated by ClusterFilter
        conds.append("c.date_start >= ?")
        params.append(span[0])
    if f.date_to:
        span = date_span(f.date_to)
        assert span is not None
        conds.append("c.date_start <= ? AND c.date_end <= ?")
        params.extend((span[1], span[1]))
    if f.min_mentions > 1:
        conds.append("c.mention_count >= ?")
        params.append(f.min_mentions)
    return conds


def query_clusters(
    conn: sqlite3.Connection,
    filters: ClusterFilter,
    *,
    limit: int = 100,
    cursor: str | None = None,
) -> ClusterPage:
    """A page of matching clusters, newest first (undated last), with a keyset cursor."""
    if not 1 <= limit <= MAX_CLUSTER_PAGE:
        raise ValidationError(f"limit: expected a number from 1 to {MAX_CLUSTER_PAGE}")
    params: list[Any] = []
    conds = _where(filters, params)
    if cursor:
        start, pk = decode_cursor(cursor)
        if start:
            conds.append(
                "(c.date_start < ? OR (c.date_start = ? AND c.pk < ?) OR c.date_start IS NULL)"
            )
            params.extend((start, start, pk))
        else:
            conds.append("c.date_start IS NULL AND c.pk < ?")
            params.append(pk)
    where = " AND ".join(conds) or "1"
    sql = f"{_SELECT} WHERE {where} ORDER BY c.date_start DESC, c.pk DESC LIMIT ?"
    rows = conn.execute(sql, [*params, limit + 1]).fetchall()
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(rows[-1][5] or "", int(rows[-1][0])) if more else None
    return ClusterPage(tuple(_record(conn, r) for r in rows), next_cursor)


class StoredClusters:
    """Cluster ids read from the store's clusters, for the exports (a ``ClusterAssigner``).

    An event stored after clustering last ran (a batch written during the export) is clustered
    in memory among such events, with ``config``.
    """

    def __init__(self, conn: sqlite3.Connection, config: DedupConfig | None = None) -> None:
        self._conn = conn
        self._seen: dict[str, None] = {}
        self._late = Clusterer(config)

    def add(self, event: Event, *, source: str | None = None) -> str:
        """The id of the stored cluster holding the event."""
        row = self._conn.execute(_OF_EVENT, (event.id,)).fetchone()
        if row is None:
            return self._late.add(event, source=source)
        self._seen[row[0]] = None
        return str(row[0])

    def clusters(self) -> list[EventCluster]:
        """The clusters of the events seen, stored ones first (in the order first seen)."""
        return [get_cluster(self._conn, cid) for cid in self._seen] + self._late.clusters()
