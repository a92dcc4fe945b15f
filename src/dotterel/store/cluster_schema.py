"""Schema version 3: the store keeps clusters of reports of the same real-world event.

The tables are written by :mod:`dotterel.store.clusters` and read by
:mod:`dotterel.store.cluster_reads`; ``docs/store.md`` documents them. The candidate index
(``cluster_keys``) is what lets a new event find the few clusters it can join with a handful of
B-tree seeks, whatever the size of the store.
"""

from __future__ import annotations

from typing import Any

from dotterel.dedup import ClusterState

CLUSTERS_MIGRATION = """
-- One row per real-world event. date_start/date_end are the days reported (for dates that fell
-- back to publication, the publication days); state holds what matching needs to go on later
-- (participants with sectors, the matching span, location, outlets, statuses) as JSON.
CREATE TABLE clusters (
    pk INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    event_type TEXT NOT NULL,
    status_class TEXT NOT NULL,
    status TEXT NOT NULL,
    certainty TEXT NOT NULL,
    date_start TEXT,
    date_end TEXT,
    date_precision TEXT NOT NULL,
    country TEXT,
    place TEXT COLLATE NOCASE,
    actor_codes TEXT NOT NULL DEFAULT '',
    recipient_codes TEXT NOT NULL DEFAULT '',
    mention_count INTEGER NOT NULL,
    article_count INTEGER NOT NULL,
    source_count INTEGER NOT NULL,
    founding_event_pk INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    state TEXT NOT NULL
);
CREATE INDEX clusters_date ON clusters(date_start);

-- Every clustered event is in exactly one cluster.
CREATE TABLE cluster_members (
    event_pk INTEGER PRIMARY KEY,
    cluster_pk INTEGER NOT NULL
);
CREATE INDEX cluster_members_cluster ON cluster_members(cluster_pk, event_pk);

-- Where a new event looks for clusters to join: one row per (role, code) of a dated cluster,
-- role 'a' (an actor code, '*' when it has none), 'r' (the same for recipients) or 't' (any).
-- start_day/end_day are the matching span as day numbers (proleptic ordinals); span_class
-- groups clusters by span length so that a date-window search is one bounded range per class.
CREATE TABLE cluster_keys (
    event_type TEXT NOT NULL,
    status_class TEXT NOT NULL,
    role TEXT NOT NULL,
    code TEXT NOT NULL,
    span_class INTEGER NOT NULL,
    start_day INTEGER NOT NULL,
    cluster_pk INTEGER NOT NULL,
    end_day INTEGER NOT NULL,
    PRIMARY KEY (event_type, status_class, role, code, span_class, start_day, cluster_pk)
) WITHOUT ROWID;

-- How far clustering has got. Every event with pk <= watermark is in exactly one cluster, and
-- it moves in the same transaction as the clusters it describes. While a rebuild runs,
-- rebuild_upto is the last event pk it covers and rebuild_done how many events of
-- cluster_rebuild (the events in rebuild order) it has placed.
CREATE TABLE cluster_progress (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    watermark INTEGER NOT NULL,
    config TEXT NOT NULL,
    rebuild_upto INTEGER,
    rebuild_done INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT
);
INSERT INTO cluster_progress (id, watermark, config) VALUES (1, 0, '{}');
CREATE TABLE cluster_rebuild (
    seq INTEGER PRIMARY KEY,
    event_pk INTEGER NOT NULL
);
"""

#: Upper bounds (days) of the span classes; longer spans fall in one last class. With the
#: default settings day, week and publication dates give class 0, months 1 and years 2.
SPAN_CLASS_DAYS = (8, 40, 400)
#: The lowest day number (a lower bound for the last, unbounded span class).
_FIRST_DAY = -(10**9)

#: A ``cluster_keys`` row without its cluster: (type, status class, role, code, class, start, end).
Key = tuple[str, str, str, str, int, int, int]


def span_class(days: int) -> int:
    """The span class of a span of ``days`` inclusive days."""
    for k, limit in enumerate(SPAN_CLASS_DAYS):
        if days <= limit:
            return k
    return len(SPAN_CLASS_DAYS)


def cluster_keys(state: ClusterState) -> set[Key]:
    """The ``cluster_keys`` rows of a cluster (none when it has no date)."""
    if state.start is None or state.end is None:
        return set()
    start, end = state.start.toordinal(), state.end.toordinal()
    k = span_class(end - start + 1)
    head = (state.event_type, state.status_class)
    keys: set[Key] = {(*head, "t", "", k, start, end)}
    for role, side in (("a", state.actors), ("r", state.recipients)):
        for code in side.codes or ("*",):
            keys.add((*head, role, code, k, start, end))
    return keys


def candidate_query(
    event_type: str,
    kind: str,
    role: str,
    codes: tuple[str, ...],
    first: int,
    last: int,
) -> tuple[str, list[Any]]:
    """SQL and parameters for the clusters whose span meets the days ``first`` to ``last``.

    One bounded range per span class: a cluster of class *k* that ends on or after ``first``
    starts no earlier than ``first - SPAN_CLASS_DAYS[k] + 1``.
    """
    marks = ", ".join("?" * len(codes))
    one = (
        "SELECT cluster_pk FROM cluster_keys WHERE event_type = ? AND status_class = ? "
        f"AND role = ? AND code IN ({marks}) AND span_class = ? "
        "AND start_day BETWEEN ? AND ? AND end_day >= ?"
    )
    parts: list[str] = []
    params: list[Any] = []
    for k in range(len(SPAN_CLASS_DAYS) + 1):
        lowest = first - SPAN_CLASS_DAYS[k] + 1 if k < len(SPAN_CLASS_DAYS) else _FIRST_DAY
        parts.append(one)
        params.extend((event_type, kind, role, *codes, k, lowest, last, first))
    return " UNION ALL ".join(parts), params
