"""The embedded event store: SQLite in WAL mode, one writer and many readers across processes.

Open it with :class:`EventStore` (a context manager), select events with an :class:`EventFilter`,
page with keyset cursors, and aggregate with :meth:`EventStore.dyads` and
:meth:`EventStore.timeline`. The default file is ``./dotterel.db`` or ``$DOTTEREL_STORE``.
See ``docs/store.md`` for the schema and guarantees.
"""

from __future__ import annotations

from dotterel.store.cluster_reads import ClusterFilter, ClusterPage
from dotterel.store.clusters import ClusterCounts, ClusterProgress
from dotterel.store.filters import EventFilter
from dotterel.store.queries import (
    INTERVALS,
    TIMELINE_KEYS,
    DyadCount,
    EventPage,
    RunInfo,
    StoredReject,
    TimelineCount,
)
from dotterel.store.schema import SCHEMA_VERSION
from dotterel.store.store import (
    DEFAULT_STORE_PATH,
    STORE_ENV_VAR,
    CodedLike,
    EventStore,
    WriteCounts,
    store_path,
)

__all__ = [
    "DEFAULT_STORE_PATH",
    "INTERVALS",
    "SCHEMA_VERSION",
    "STORE_ENV_VAR",
    "TIMELINE_KEYS",
    "ClusterCounts",
    "ClusterFilter",
    "ClusterPage",
    "ClusterProgress",
    "CodedLike",
    "DyadCount",
    "EventFilter",
    "EventPage",
    "EventStore",
    "RunInfo",
    "StoredReject",
    "TimelineCount",
    "WriteCounts",
    "store_path",
]
