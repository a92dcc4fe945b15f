"""The event store: one SQLite file in WAL mode, one writer and many readers across processes.

Writes come in batches of coded articles; each batch is one transaction holding the article rows
and all their events, so after a crash (even SIGKILL) an article is either fully stored or not at
all, and a resumed run codes exactly the articles that are missing.
"""

from __future__ import annotations

import json
import os
import sqlite3
import uuid
import weakref
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol
from urllib.parse import quote

from dotterel.errors import StoreError
from dotterel.records import Article, Event, Reject
from dotterel.store import plans, queries, schema
from dotterel.store.checkpoint import WRITER_AUTOCHECKPOINT, Checkpointer
from dotterel.store.cluster_methods import ClusterMethods
from dotterel.store.filters import EventFilter
from dotterel.store.rows import batch_rows
from dotterel.store.writes import (
    INSERT_ARTICLE,
    content_hash,
    insert_events,
    insert_rejects,
    next_event_pk,
    translate,
    unique_events,
)

#: The environment variable naming the default store.
STORE_ENV_VAR = "DOTTEREL_STORE"
#: The store used when neither an argument nor ``$DOTTEREL_STORE`` names one.
DEFAULT_STORE_PATH = "dotterel.db"


class CodedLike(Protocol):
    """What :meth:`EventStore.add_coded` needs of a coded article (a ``CodedArticle``)."""

    @property
    def article(self) -> Article: ...
    @property
    def events(self) -> tuple[Event, ...]: ...
    @property
    def reject(self) -> Reject | None: ...


@dataclass(frozen=True)
class WriteCounts:
    """What one :meth:`EventStore.add_coded` call stored."""

    articles: int = 0
    events: int = 0
    rejects: int = 0
    duplicates: int = 0


def store_path(path: str | os.PathLike[str] | None = None) -> str:
    """The store to use: the argument, then ``$DOTTEREL_STORE``, then ``./dotterel.db``."""
    if path:
        return os.fspath(path)
    return os.environ.get(STORE_ENV_VAR) or DEFAULT_STORE_PATH


def _connect_readonly(path: str, timeout: float) -> sqlite3.Connection:
    """A read-only connection; on read-only media, an immutable one.

    A WAL store needs its folder writable even to be read (for the shared-memory file). Where
    the folder cannot be written at all (a read-only mount, an archive), nobody can be writing
    the store either, so it is opened as immutable.
    """
    base = f"file:{quote(os.path.abspath(path))}?mode=ro"
    conn = sqlite3.connect(base, uri=True, timeout=timeout, isolation_level=None)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
        if os.access(os.path.dirname(os.path.abspath(path)), os.W_OK):
            raise
    return sqlite3.connect(base + "&immutable=1", uri=True, timeout=timeout, isolation_level=None)


class EventStore(ClusterMethods):
    """The event database. Use as a context manager; reads never block behind a writing batch.

    ``EventStore(path)`` creates or migrates the store and may write; ``readonly=True`` opens an
    existing store for reading only (what the API and dashboard use). ``":memory:"`` gives a
    private in-memory store for tests.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        readonly: bool = False,
        timeout: float = 30.0,
    ) -> None:
        self.path = store_path(path)
        self.readonly = readonly
        memory = self.path == ":memory:"
        self._checkpointer: Checkpointer | None = None
        self._background_checkpoints = not readonly and not memory
        try:
            if readonly:
                if memory or not Path(self.path).is_file():
                    raise StoreError(
                        f"there is no store at {self.path}",
                        hint="create one with: dotterel ingest SOURCE --store " + self.path,
                    )
                conn = _connect_readonly(self.path, timeout)
            else:
                if not memory and not Path(self.path).parent.is_dir():
                    raise StoreError(
                        f"the folder of the store {self.path} does not exist",
                        hint="create the folder first or choose another --store",
                    )
                conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
            conn.row_factory = sqlite3.Row
            self._conn = conn
            if memory:
                conn.execute("PRAGMA busy_timeout = 30000")
            else:
                schema.configure(conn, readonly=readonly)
            if readonly:
                version = schema.stored_version(conn)
                schema.check_version(version, self.path)
                if version < schema.SCHEMA_VERSION:
                    raise StoreError(
                        f"the store {self.path} has the older schema version {version}",
                        hint="open it once for writing (any dotterel ingest) to migrate it",
                    )
            else:
                schema.migrate(conn, self.path)
        except sqlite3.Error as exc:
            raise translate(exc, self.path) from exc

    # -- lifecycle ---------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection (idempotent); the last writer's close checkpoints the WAL."""
        checkpointer = getattr(self, "_checkpointer", None)
        if checkpointer is not None:
            checkpointer.close()
            self._checkpointer = None
        conn = getattr(self, "_conn", None)
        if conn is not None:
            conn.close()
            self._conn = None  # type: ignore[assignment]

    def __enter__(self) -> EventStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def conn(self) -> sqlite3.Connection:
        """The underlying connection (for read-only SQL by advanced users)."""
        if self._conn is None:
            raise StoreError(f"the store {self.path} is closed")
        return self._conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; everything in it commits together or not at all."""
        if self.readonly:
            raise StoreError(
                f"the store {self.path} was opened read-only", hint="open it without readonly=True"
            )
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise translate(exc, self.path) from exc
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise translate(exc, self.path) from exc
            raise
        self._after_commit()

    def _after_commit(self) -> None:
        """Hand the checkpoint of what was just committed to the background thread."""
        if not self._background_checkpoints:
            return
        if self._checkpointer is None:
            self._checkpointer = Checkpointer(os.path.abspath(self.path))
            # The writer's own automatic checkpoint stays, higher, as a backstop.
            self.conn.execute(f"PRAGMA wal_autocheckpoint = {WRITER_AUTOCHECKPOINT}")
            weakref.finalize(self, self._checkpointer.close)
        self._checkpointer.poke()

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        try:
            yield self.conn
        except sqlite3.Error as exc:
            raise translate(exc, self.path) from exc

    # -- writes ------------------------------------------------------------------------------

    def start_run(self, args: Mapping[str, Any] | None = None) -> str:
        """Record the start of an ingest run; returns its id."""
        run_id = uuid.uuid4().hex[:16]
        with self._write() as conn:
            conn.execute(
                "INSERT INTO runs (id, started_at, args) VALUES (?, ?, ?)",
                (run_id, schema.now_iso(), json.dumps(dict(args or {}), default=str)),
            )
        return run_id

    def finish_run(
        self, run_id: str, counts: Mapping[str, Any], *, status: str = "finished"
    ) -> None:
        """Record the end of a run with its counts (a run left ``running`` was interrupted)."""
        with self._write() as conn:
            conn.execute(
                "UPDATE runs SET finished_at = ?, status = ?, counts = ? WHERE id = ?",
                (schema.now_iso(), status, json.dumps(dict(counts), default=str), run_id),
            )

    def add_coded(self, batch: Iterable[CodedLike], run_id: str | None = None) -> WriteCounts:
        """Store a batch of coded articles in one transaction; already stored articles are skipped.

        An article and its events commit together. An article whose ``reject`` is set is stored
        with status ``rejected`` and its reject, so a resumed run does not retry it.
        """
        now = schema.now_iso()
        n_dupes = 0
        articles: list[tuple[Any, ...]] = []
        rejects: list[Reject] = []
        events: list[Event] = []
        with self._write() as conn:
            batch = list(batch)
            # Inside the write lock: nobody else can store these articles meanwhile.
            seen = _stored_ids(conn, [coded.article.id for coded in batch])
            first = pk = next_event_pk(conn)
            for coded in batch:
                article = coded.article
                if article.id in seen:
                    n_dupes += 1
                    continue
                seen.add(article.id)
                kept = unique_events(article, coded.events) if coded.reject is None else []
                articles.append(
                    (
                        article.id,
                        article.url,
                        content_hash(article.text),
                        article.title,
                        article.date,
                        article.source,
                        article.language,
                        article.origin,
                        article.text,
                        "rejected" if coded.reject is not None else "coded",
                        len(kept),
                        pk if kept else None,
                        now,
                        run_id,
                    )
                )
                if coded.reject is not None:
                    rejects.append(coded.reject)
                events.extend(kept)
                pk += len(kept)
            conn.executemany(INSERT_ARTICLE, articles)
            n_rejects = insert_rejects(conn, rejects, run_id, now)
            insert_events(conn, batch_rows(events, first))
        return WriteCounts(len(articles), len(events), n_rejects, n_dupes)

    def add_reject(self, reject: Reject, run_id: str | None = None) -> bool:
        """Record one reject; False if the same reject (origin, line, stage, reason) is known."""
        return self.add_rejects([reject], run_id) == 1

    def add_rejects(self, rejects: Iterable[Reject], run_id: str | None = None) -> int:
        """Record rejects in one transaction; returns how many were new."""
        with self._write() as conn:
            return insert_rejects(conn, rejects, run_id, schema.now_iso())

    # -- reads -------------------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        """True when the article is stored (coded or rejected by the coder)."""
        with self._read() as conn:
            row = conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row is not None

    def coded_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of these article ids are already stored."""
        with self._read() as conn:
            return _stored_ids(conn, ids)

    def get_event(self, event_id: str) -> Event:
        """The event with this id (:class:`~dotterel.errors.NotFoundError` if unknown)."""
        with self._read() as conn:
            return queries.get_event(conn, event_id)

    def get_article(self, article_id: str) -> Article:
        """The article with this id (:class:`~dotterel.errors.NotFoundError` if unknown)."""
        with self._read() as conn:
            return queries.get_article(conn, article_id)

    def article_events(self, article_id: str) -> list[Event]:
        """The events of one article in document order."""
        with self._read() as conn:
            return queries.article_events(conn, article_id)

    def query_events(
        self,
        filters: EventFilter | None = None,
        *,
        limit: int = 100,
        cursor: str | None = None,
    ) -> queries.EventPage:
        """A page of matching events, newest first; pass ``page.next_cursor`` for the next one."""
        with self._read() as conn:
            return queries.query_events(conn, filters or EventFilter(), limit=limit, cursor=cursor)

    def iter_events(
        self, filters: EventFilter | None = None, *, page: int = 1000
    ) -> Iterator[Event]:
        """Every matching event, newest first, fetched page by page."""
        cursor: str | None = None
        while True:
            result = self.query_events(filters, limit=page, cursor=cursor)
            yield from result.events
            if result.next_cursor is None:
                return
            cursor = result.next_cursor

    def query_event_json(
        self,
        filters: EventFilter | None = None,
        *,
        limit: int = 100,
        cursor: str | None = None,
    ) -> queries.JSONPage:
        """The page :meth:`query_events` gives, as each event's JSON (``Event.to_dict``)."""
        with self._read() as conn:
            return queries.query_event_json(
                conn, filters or EventFilter(), limit=limit, cursor=cursor
            )

    def count(
        self, filters: EventFilter | None = None, *, after: int = 0, until: int | None = None
    ) -> int:
        """How many events match; with ``after``/``until``, only those with pks in that range."""
        with self._read() as conn:
            return queries.count(conn, filters or EventFilter(), after=after, until=until)

    def last_event_pk(self) -> int:
        """The pk of the newest stored event (0 when empty); pks only grow as events arrive."""
        with self._read() as conn:
            return plans.last_pk(conn)

    def dyads(
        self,
        filters: EventFilter | None = None,
        *,
        interval: str | None = None,
        limit: int | None = None,
    ) -> list[queries.DyadCount]:
        """Event counts per (actor, recipient) code pair, optionally per period."""
        with self._read() as conn:
            return queries.dyads(conn, filters or EventFilter(), interval=interval, limit=limit)

    def timeline(
        self,
        filters: EventFilter | None = None,
        *,
        interval: str = "month",
        by: str | None = "event_type",
    ) -> list[queries.TimelineCount]:
        """Event counts per period and ``by`` value (``event_type``, ``quad_code`` …)."""
        with self._read() as conn:
            return queries.timeline(conn, filters or EventFilter(), interval=interval, by=by)

    def search(
        self, text: str, *, limit: int = 100, cursor: str | None = None
    ) -> queries.EventPage:
        """Events whose evidence sentence contains all the words (full-text, stemmed)."""
        return self.query_events(EventFilter(text=text), limit=limit, cursor=cursor)

    def runs(self, *, limit: int = 100) -> list[queries.RunInfo]:
        """Recent ingest runs, newest first."""
        with self._read() as conn:
            return queries.runs(conn, limit=limit)

    def rejects(
        self, *, run_id: str | None = None, limit: int = 1000
    ) -> list[queries.StoredReject]:
        """Stored rejects, oldest first, optionally of one run."""
        with self._read() as conn:
            return queries.rejects(conn, run_id=run_id, limit=limit)

    def stats(self) -> dict[str, int]:
        """Row counts: articles, events, rejects, runs, and the schema version."""
        with self._read() as conn:
            counts = {
                table: int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
                for table in ("articles", "events", "rejects", "runs")
            }
            counts["schema_version"] = schema.stored_version(conn)
        return counts


def _stored_ids(conn: sqlite3.Connection, ids: Iterable[str]) -> set[str]:
    """The subset of article ids present in the store (queried 500 at a time)."""
    wanted = list(dict.fromkeys(ids))
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        sql = f"SELECT id FROM articles WHERE id IN ({', '.join('?' * len(chunk))})"
        found.update(r[0] for r in conn.execute(sql, chunk))
    return found
