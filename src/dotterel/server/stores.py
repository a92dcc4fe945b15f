"""Read-only store connections for the server's worker threads, and a cache of aggregates.

SQLite connections may not be shared between threads, and FastAPI runs plain ``def`` routes in
a thread pool, so each worker thread opens its own read-only :class:`EventStore` once and keeps
it. Aggregates (counts, timelines, dyads, maps) over a million events take a few hundred
milliseconds; they are cached until the store file changes, which a commit by any writer does.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from dotterel.store import EventStore

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
        self._local = threading.local()

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
