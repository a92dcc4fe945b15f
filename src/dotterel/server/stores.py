"""Read-only store connections for the server's worker threads, and a cache of aggregates.

SQLite connections may not be shared between threads, and FastAPI runs plain ``def`` routes in
a thread pool, so each worker thread opens its own read-only :class:`EventStore` once and keeps
it. Aggregates (timelines, dyads, maps) over a million events take a few hundred milliseconds;
they are cached until the store file changes, which a commit by any writer does.

Event counts are exact and cheap to keep up to date instead: events are only ever appended, with
growing pks, so a count remembered with the newest pk it covered is brought up to date by
counting the events stored since (a writer commits every second or so during a batch, which
would otherwise throw every cached count away each second).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from dotterel.store import EventFilter, EventStore

T = TypeVar("T")

#: Aggregate results kept in memory (each is small: a few hundred rows at most).
DEFAULT_CACHE_SIZE = 512


class StorePool:
    """One read-only :class:`EventStore` per thread over the same file."""

    def __init__(self, path: str, *, cache_size: int = DEFAULT_CACHE_SIZE) -> None:
        self.path = path
        self._local = threading.local()
        self._lock = threading.Lock()
        self._opened: list[EventStore] = []
        self._cache: OrderedDict[Hashable, tuple[tuple[int, ...], Any]] = OrderedDict()
        self._cache_size = cache_size
        self._counts: OrderedDict[Hashable, tuple[int, int, tuple[int, int]]] = OrderedDict()
        self._count_locks: dict[Hashable, threading.Lock] = {}

    def get(self) -> EventStore:
        """This thread's store, opened on first use."""
        store: EventStore | None = getattr(self._local, "store", None)
        if store is None:
            store = EventStore(self.path, readonly=True)
            self._local.store = store
            with self._lock:
                self._opened.append(store)
        return store

    def close(self) -> None:
        """Forget every connection the pool opened (at shutdown, when no request runs).

        SQLite refuses to close a connection from a thread other than its owner's, so the
        connections are released to the garbage collector instead, which may free them anywhere.
        """
        with self._lock:
            self._opened.clear()
            self._cache.clear()
            self._counts.clear()
            self._count_locks.clear()
        self._local = threading.local()

    def count(self, key: Hashable, filters: EventFilter) -> int:
        """How many events match ``filters`` now, exactly; ``key`` names the filter.

        The count is remembered with the newest event pk it covered; later calls count only the
        events stored since. One thread counts a filter at a time; the others wait for its
        answer rather than count the same events again. A store file replaced by another is
        counted afresh.
        """
        store = self.get()
        identity = self._identity()
        newest = store.last_event_pk()
        hit = self._counts.get(key)
        if hit is not None and hit[2] == identity and hit[1] >= newest:
            return hit[0]
        with self._lock:
            lock = self._count_locks.setdefault(key, threading.Lock())
        with lock:
            hit = self._counts.get(key)
            if hit is not None and hit[2] == identity and hit[1] >= newest:
                return hit[0]  # counted meanwhile by another thread
            if hit is not None and hit[2] == identity:
                total = hit[0] + store.count(filters, after=hit[1], until=newest)
            else:
                total = store.count(filters, until=newest)
            with self._lock:
                self._counts[key] = (total, newest, identity)
                self._counts.move_to_end(key)
                while len(self._counts) > self._cache_size:
                    old, _ = self._counts.popitem(last=False)
                    self._count_locks.pop(old, None)
        return total

    def _identity(self) -> tuple[int, int]:
        """Device and inode of the store file (a replaced store has new ones)."""
        try:
            st = os.stat(self.path)
        except OSError:
            return (0, 0)
        return (st.st_dev, st.st_ino)

    def signature(self) -> tuple[int, ...]:
        """Changes whenever a writer commits: size and mtime of the store and its WAL file."""
        out: list[int] = []
        for suffix in ("", "-wal"):
            try:
                st = os.stat(self.path + suffix)
            except OSError:
                out.extend((0, 0))
                continue
            out.extend((st.st_size, st.st_mtime_ns))
        return tuple(out)

    def cached(self, key: Hashable, compute: Callable[[EventStore], T]) -> T:
        """``compute(store)``, remembered under ``key`` until the store changes."""
        store = self.get()  # open first: opening may create the WAL file the signature reads
        sig = self.signature()
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None and hit[0] == sig:
                self._cache.move_to_end(key)
                return hit[1]  # type: ignore[no-any-return]
        value = compute(store)
        with self._lock:
            self._cache[key] = (sig, value)
            self._cache.move_to_end(key)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return value


def check_store(path: str) -> dict[str, int]:
    """Open the store read-only once, failing early with a clear error; return its row counts."""
    with EventStore(path, readonly=True) as store:
        return store.stats()
