"""The cluster methods of :class:`~dotterel.store.EventStore` (a mixin, kept apart from it).

Writes run in steps, one write transaction each (see :mod:`dotterel.store.clusters`); reads are
single snapshot-consistent queries (see :mod:`dotterel.store.cluster_reads`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from dotterel.dedup import DedupConfig, EventCluster
from dotterel.errors import ValidationError
from dotterel.records import Event
from dotterel.store import cluster_reads, clusters
from dotterel.store.cluster_reads import ClusterFilter, ClusterPage, StoredClusters
from dotterel.store.clusters import DEFAULT_STEP_EVENTS, ClusterCounts, ClusterProgress


class ClusterMethods:
    """Persisted clusters of reports of the same real-world event, as ``EventStore`` methods."""

    if TYPE_CHECKING:
        path: str

        def _read(self) -> AbstractContextManager[sqlite3.Connection]: ...
        def _write(self) -> AbstractContextManager[sqlite3.Connection]: ...

    # -- writes ------------------------------------------------------------------------------

    def update_clusters(
        self,
        *,
        config: DedupConfig | None = None,
        step_events: int = DEFAULT_STEP_EVENTS,
        max_events: int | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> ClusterCounts:
        """Place every event not yet in a cluster (and finish an interrupted rebuild).

        Runs in steps of ``step_events`` events, one transaction each, so it can be killed at
        any moment and resumed. ``config`` applies only to a store without clusters yet; the
        store keeps the settings its clusters were made with. ``max_events`` stops early (after
        the step that reaches it); ``progress`` is called with the events placed per step.
        """
        if step_events < 1:
            raise ValidationError("step_events must be at least 1")
        if config is not None:
            with self._write() as conn:
                clusters.use_config(conn, config)
        total = ClusterCounts()
        more = True
        while more and (max_events is None or total.events < max_events):
            size = (
                step_events if max_events is None else min(step_events, max_events - total.events)
            )
            with self._write() as conn:
                counts, more = clusters.step(conn, size)
            total += counts
            if progress is not None and counts.events:
                progress(counts.events)
        return total

    def rebuild_clusters(
        self,
        *,
        config: DedupConfig | None = None,
        step_events: int = DEFAULT_STEP_EVENTS,
        progress: Callable[[int], None] | None = None,
    ) -> ClusterCounts:
        """Forget every cluster and cluster every stored event again (precise dates first).

        Deterministic: the same events always give the same clusters and ids, those of
        :func:`dotterel.dedup.recluster`. ``config`` (default: the stored settings) becomes the
        store's setting. Interrupted, it is finished by the next :meth:`update_clusters`.
        """
        with self._write() as conn:
            clusters.start_rebuild(conn, config)
        return self.update_clusters(step_events=step_events, progress=progress)

    # -- reads -------------------------------------------------------------------------------

    def cluster_progress(self) -> ClusterProgress:
        """How far clustering has got (watermark, pending events, settings)."""
        with self._read() as conn:
            return clusters.read_progress(conn)

    def clusters(
        self,
        filters: ClusterFilter | None = None,
        *,
        limit: int = 100,
        cursor: str | None = None,
    ) -> ClusterPage:
        """A page of stored clusters, newest first; pass ``page.next_cursor`` for the next."""
        with self._read() as conn:
            return cluster_reads.query_clusters(
                conn, filters or ClusterFilter(), limit=limit, cursor=cursor
            )

    def get_cluster(self, cluster_id: str) -> EventCluster:
        """One stored cluster (:class:`~dotterel.errors.NotFoundError` if unknown)."""
        with self._read() as conn:
            return cluster_reads.get_cluster(conn, cluster_id)

    def cluster_of(self, event_id: str) -> EventCluster | None:
        """The stored cluster holding an event; ``None`` while the event is not clustered."""
        with self._read() as conn:
            return cluster_reads.cluster_of(conn, event_id)

    def cluster_events(self, cluster_id: str, *, limit: int | None = None) -> list[Event]:
        """The reports in a stored cluster, in the order they were stored."""
        with self._read() as conn:
            return cluster_reads.cluster_events(conn, cluster_id, limit=limit)

    def stored_clusters(self, config: DedupConfig | None = None) -> StoredClusters | None:
        """Stored cluster ids for an export, if they are up to date and made with ``config``.

        ``None`` when some events are not clustered yet, or the settings or matching rules
        differ: compute the clusters instead (``dotterel cluster [--rebuild]`` brings the
        store's clusters up to date).
        """
        wanted = config or DedupConfig()
        with self._read() as conn:
            state = clusters.read_progress(conn)
            if not (state.up_to_date and state.current_rules) or state.config != wanted:
                return None
            return StoredClusters(conn, wanted)
