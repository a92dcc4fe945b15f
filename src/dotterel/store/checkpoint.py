"""Checkpoints on a background thread, so the writer does not wait for the disk.

In WAL mode each commit appends pages to the ``-wal`` file; a *checkpoint* copies them into the
database file and syncs both to disk. When the writer's connection does that itself (SQLite's
automatic checkpoint), every few batches the writer stops for the sync, which on the development
machine was a quarter of the bulk insert time. SQLite allows a checkpoint to run on another
connection while the writer goes on (https://www.sqlite.org/wal.html#application_initiated_checkpoints),
so a :class:`Checkpointer` thread does it on its own connection. The sqlite3 module releases the
GIL while SQLite works, so the writer keeps preparing rows meanwhile.

Nothing about durability changes: a checkpoint is crash-safe whoever runs it, and a process killed
mid-checkpoint leaves the WAL to be copied by the next connection. The writer keeps SQLite's own
automatic checkpoint at :data:`WRITER_AUTOCHECKPOINT` pages as a backstop, so the WAL stays
bounded even if this thread falls behind or fails.
"""

from __future__ import annotations

import sqlite3
import threading
import time

#: The writer's own automatic checkpoint (pages, ~160 MB of WAL): only reached when the
#: background thread falls behind.
WRITER_AUTOCHECKPOINT = 40_000
#: Shortest pause between two background checkpoints (seconds), so that one checkpoint and one
#: pair of disk syncs serve several batches.
MIN_INTERVAL = 0.2


class Checkpointer:
    """A daemon thread that checkpoints the store after commits, at most every ``interval`` s.

    Call :meth:`poke` after each commit and :meth:`close` before closing the writer.
    """

    def __init__(self, path: str, *, interval: float = MIN_INTERVAL) -> None:
        self.path = path
        self.interval = interval
        self.checkpoints = 0
        self.errors = 0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="dotterel-checkpoint", daemon=True)
        self._thread.start()

    def poke(self) -> None:
        """Ask for a checkpoint soon (cheap; pokes between two checkpoints coalesce)."""
        self._wake.set()

    def close(self) -> None:
        """Stop the thread after its current checkpoint (idempotent)."""
        if not self._stop.is_set():
            self._stop.set()
            self._wake.set()
        if self._thread is not threading.current_thread():
            self._thread.join()

    def _run(self) -> None:
        try:
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=5.0)
        except sqlite3.Error:
            self.errors += 1
            return
        try:
            while True:
                self._wake.wait()
                if self._stop.is_set():
                    return
                self._wake.clear()
                started = time.monotonic()
                try:
                    # PASSIVE never waits for readers or the writer: it copies what it can.
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                    self.checkpoints += 1
                except sqlite3.Error:
                    # Busy or failed: the next poke retries, and the writer's own automatic
                    # checkpoint still bounds the WAL.
                    self.errors += 1
                pause = self.interval - (time.monotonic() - started)
                if pause > 0:
                    self._stop.wait(pause)
        finally:
            conn.close()
