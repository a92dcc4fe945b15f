"""Persisted clusters, the writer side: new events join stored clusters, step by step.

Each :func:`step` runs inside one write transaction opened by the caller. It takes the next
events (after the watermark, in pk order; during a rebuild, the next in rebuild order), loads
from the store only the clusters those events can join (through ``cluster_keys``, and the
clusters already holding events of the same articles), runs the same
:class:`~dotterel.dedup.Clusterer` as in memory over them, and writes back the clusters that
changed, the new memberships and the new watermark together. A killed process therefore leaves
every event before the watermark in exactly one cluster and none after it, and the next step
goes on from there.

Because the loaded clusters include every cluster an event of the step could join, the result
is exactly what one in-memory :class:`Clusterer` fed all events in the same order would give,
whatever the step size; a rebuild feeds them in :func:`~dotterel.dedup.arrival_key` order and
equals :func:`~dotterel.dedup.recluster`.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from dotterel.dedup import RULES_VERSION, Clusterer, DedupConfig
from dotterel.dedup.rules import Report
from dotterel.errors import ValidationError
from dotterel.store import cluster_rows as rows
from dotterel.store.cluster_schema import cluster_keys
from dotterel.store.schema import now_iso

#: Events placed per write transaction.
DEFAULT_STEP_EVENTS = 1000
# dotterel.dedup.arrival_key in SQL (the tests check that both give the same clusters).
_REBUILD_ORDER = (
    "ORDER BY CASE json_extract(data, '$.date_precision') "
    "WHEN 'day' THEN 0 WHEN 'publication' THEN 1 WHEN 'week' THEN 2 WHEN 'month' THEN 3 "
    "WHEN 'year' THEN 4 ELSE 5 END, date_sort = '', date_sort, article_id, id"
)


@dataclass(frozen=True)
class ClusterProgress:
    """How far the store's clustering has got.

    Every event with ``pk <= watermark`` is in exactly one cluster. While a rebuild runs
    (``rebuild_upto`` set) the clusters hold the first ``rebuild_done`` of ``rebuild_total``
    events in rebuild order.
    """

    watermark: int
    last_event_pk: int
    config: DedupConfig
    rebuild_upto: int | None = None
    rebuild_done: int = 0
    rebuild_total: int = 0
    #: The :data:`~dotterel.dedup.RULES_VERSION` the clusters were made with (0: none yet).
    rules: int = RULES_VERSION

    @property
    def rebuilding(self) -> bool:
        """Whether a rebuild is under way (or was interrupted)."""
        return self.rebuild_upto is not None

    @property
    def pending(self) -> int:
        """Events not yet in a cluster (events are numbered without gaps)."""
        if self.rebuild_upto is not None:
            later = self.last_event_pk - self.rebuild_upto
            return self.rebuild_total - self.rebuild_done + later
        return max(0, self.last_event_pk - self.watermark)

    @property
    def up_to_date(self) -> bool:
        """Whether every stored event is in a cluster."""
        return self.rebuild_upto is None and self.watermark >= self.last_event_pk

    @property
    def current_rules(self) -> bool:
        """Whether the clusters were made with this dotterel's matching rules."""
        return self.rules == RULES_VERSION

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary."""
        return {
            "watermark": self.watermark,
            "last_event_pk": self.last_event_pk,
            "pending": self.pending,
            "up_to_date": self.up_to_date,
            "rebuilding": self.rebuilding,
            "rules": self.rules,
            "current_rules": self.current_rules,
            "config": self.config.to_dict(),
        }


@dataclass(frozen=True)
class ClusterCounts:
    """What one or more clustering steps did."""

    events: int = 0
    new_clusters: int = 0
    grown_clusters: int = 0
    steps: int = 0

    def __add__(self, other: ClusterCounts) -> ClusterCounts:
        return ClusterCounts(
            self.events + other.events,
            self.new_clusters + other.new_clusters,
            self.grown_clusters + other.grown_clusters,
            self.steps + other.steps,
        )


def read_progress(conn: sqlite3.Connection) -> ClusterProgress:
    """The clustering progress, read in one statement (one consistent snapshot)."""
    row = conn.execute(
        "SELECT p.watermark, p.config, p.rebuild_upto, p.rebuild_done, "
        "(SELECT IFNULL(MAX(pk), 0) FROM events), "
        "(SELECT IFNULL(MAX(seq), 0) FROM cluster_rebuild) FROM cluster_progress p"
    ).fetchone()
    watermark, config, upto, done, last, total = tuple(row)
    settings = json.loads(config or "{}")
    started = watermark > 0 or upto is not None
    return ClusterProgress(
        watermark=int(watermark),
        last_event_pk=int(last),
        config=DedupConfig.from_dict(settings),
        rebuild_upto=None if upto is None else int(upto),
        rebuild_done=int(done),
        rebuild_total=int(total),
        # Stores clustered before rules were recorded used version 1.
        rules=int(settings.get("rules", 1)) if started else RULES_VERSION,
    )


def use_config(conn: sqlite3.Connection, config: DedupConfig | None) -> DedupConfig:
    """The settings to cluster with: the stored ones, or ``config`` if no cluster exists yet.

    Inside a write transaction. Changing the settings of existing clusters needs a rebuild.
    """
    progress = read_progress(conn)
    if config is None or config == progress.config:
        return progress.config
    config.check()
    empty = conn.execute("SELECT 1 FROM clusters LIMIT 1").fetchone() is None
    if not empty or progress.rebuilding:
        stored = ", ".join(f"{k}={v}" for k, v in progress.config.to_dict().items())
        raise ValidationError(
            f"the store's clusters were made with other settings ({stored})",
            hint="rebuild them with the new settings: dotterel cluster --rebuild --window-days N",
        )
    _save_config(conn, config)
    return config


def _save_config(conn: sqlite3.Connection, config: DedupConfig) -> None:
    settings = {**config.to_dict(), "rules": RULES_VERSION}
    conn.execute(
        "UPDATE cluster_progress SET config = ?, updated_at = ?",
        (json.dumps(settings, sort_keys=True), now_iso()),
    )


def start_rebuild(conn: sqlite3.Connection, config: DedupConfig | None) -> int:
    """Forget every cluster and queue the stored events in rebuild order; return how many.

    Inside a write transaction. The steps that follow place the queued events; events stored
    meanwhile are clustered after them, from the watermark.
    """
    config = (config or read_progress(conn).config).check()
    for table in ("clusters", "cluster_members", "cluster_keys", "cluster_rebuild"):
        conn.execute(f"DELETE FROM {table}")
    upto = int(conn.execute("SELECT IFNULL(MAX(pk), 0) FROM events").fetchone()[0])
    conn.execute(
        f"INSERT INTO cluster_rebuild (event_pk) SELECT pk FROM events WHERE pk <= ? "
        f"{_REBUILD_ORDER}",
        (upto,),
    )
    conn.execute(
        "UPDATE cluster_progress SET watermark = 0, rebuild_upto = ?, rebuild_done = 0",
        (upto,),
    )
    _save_config(conn, config)
    return upto


def step(conn: sqlite3.Connection, limit: int = DEFAULT_STEP_EVENTS) -> tuple[ClusterCounts, bool]:
    """Place up to ``limit`` pending events; return the counts and whether any remain.

    Inside a write transaction: the placements and the new progress commit together.
    """
    progress = read_progress(conn)
    if progress.rebuild_upto is not None:
        found = conn.execute(
            "SELECT r.seq, e.pk, e.data FROM cluster_rebuild r JOIN events e ON e.pk = r.event_pk "
            "WHERE r.seq > ? ORDER BY r.seq LIMIT ?",
            (progress.rebuild_done, limit),
        ).fetchall()
        if not found:
            conn.execute(
                "UPDATE cluster_progress SET watermark = rebuild_upto, rebuild_upto = NULL, "
                "rebuild_done = 0, updated_at = ?",
                (now_iso(),),
            )
            conn.execute("DELETE FROM cluster_rebuild")
            return ClusterCounts(steps=1), progress.last_event_pk > progress.rebuild_upto
        counts = _place(conn, [(pk, rows.decode_event(data)) for _, pk, data in found], progress)
        conn.execute(
            "UPDATE cluster_progress SET rebuild_done = ?, updated_at = ?",
            (int(found[-1][0]), now_iso()),
        )
        return counts, True
    found = conn.execute(
        "SELECT pk, data FROM events WHERE pk > ? ORDER BY pk LIMIT ?",
        (progress.watermark, limit),
    ).fetchall()
    if not found:
        return ClusterCounts(), False
    if progress.watermark == 0:
        _save_config(conn, progress.config)  # the first clusters: record the rules they follow
    counts = _place(conn, [(pk, rows.decode_event(data)) for pk, data in found], progress)
    last = int(found[-1][0])
    conn.execute("UPDATE cluster_progress SET watermark = ?, updated_at = ?", (last, now_iso()))
    return counts, last < progress.last_event_pk


def _place(
    conn: sqlite3.Connection, events: list[tuple[int, Report]], progress: ClusterProgress
) -> ClusterCounts:
    """Cluster ``events`` (in this order) against the stored clusters and write the result."""
    config = progress.config
    articles = rows.articles(conn, {e.article_id for _, e in events})
    # Incrementally, an article whose first event is past the watermark has nothing clustered.
    floor = None if progress.rebuilding else progress.watermark
    by_article = rows.article_clusters(conn, articles, floor)
    clusterer = Clusterer(config, first_seq=rows.next_cluster_pk(conn))
    wanted: set[int] = set()
    asked: dict[tuple[Any, ...], list[tuple[Any, ...]]] = {}
    for _, event in events:
        interval = clusterer.interval(event)
        if interval is not None:
            wanted |= rows.candidates(conn, event, interval, config, asked)
        else:
            # An undated event can join only clusters holding events of its own article.
            wanted |= by_article.get(event.article_id, set())
    states = rows.load_states(conn, wanted, by_article)
    old_keys = {pk: cluster_keys(state) for pk, state in states.items()}
    for state in states.values():
        clusterer.adopt(state)
    members: list[tuple[int, int]] = []
    touched: dict[str, None] = {}
    founders: dict[str, int] = {}
    for pk, event in events:
        cid = clusterer.add(event, source=articles.get(event.article_id, (None,))[0])
        touched[cid] = None
        founders.setdefault(event.id, pk)
        members.append((pk, clusterer.state(cid).seq))
    written = rows.write_states(conn, clusterer, touched, old_keys, founders, members)
    return ClusterCounts(len(members), *written, 1)
