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

import dataclasses
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple

from dotterel.dedup import Clusterer, ClusterState, DedupConfig, Sides, status_class
from dotterel.dedup.rules import Report
from dotterel.errors import ValidationError
from dotterel.records import Location
from dotterel.store.cluster_schema import Key, candidate_query, cluster_keys
from dotterel.store.schema import now_iso

#: Events placed per write transaction.
DEFAULT_STEP_EVENTS = 1000
_CHUNK = 500
_REBUILD_ORDER = (
    "ORDER BY date_sort = '', date_sort, CASE json_extract(data, '$.date_precision') "
    "WHEN 'day' THEN 0 WHEN 'publication' THEN 1 WHEN 'week' THEN 2 WHEN 'month' THEN 3 "
    "WHEN 'year' THEN 4 ELSE 5 END, article_id, id"
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

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary."""
        return {
            "watermark": self.watermark,
            "last_event_pk": self.last_event_pk,
            "pending": self.pending,
            "up_to_date": self.up_to_date,
            "rebuilding": self.rebuilding,
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
    return ClusterProgress(
        watermark=int(watermark),
        last_event_pk=int(last),
        config=DedupConfig.from_dict(json.loads(config or "{}")),
        rebuild_upto=None if upto is None else int(upto),
        rebuild_done=int(done),
        rebuild_total=int(total),
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
    conn.execute(
        "UPDATE cluster_progress SET config = ?, updated_at = ?",
        (json.dumps(config.to_dict(), sort_keys=True), now_iso()),
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
        rows = conn.execute(
            "SELECT r.seq, e.pk, e.data FROM cluster_rebuild r JOIN events e ON e.pk = r.event_pk "
            "WHERE r.seq > ? ORDER BY r.seq LIMIT ?",
            (progress.rebuild_done, limit),
        ).fetchall()
        if not rows:
            conn.execute(
                "UPDATE cluster_progress SET watermark = rebuild_upto, rebuild_upto = NULL, "
                "rebuild_done = 0, updated_at = ?",
                (now_iso(),),
            )
            conn.execute("DELETE FROM cluster_rebuild")
            return ClusterCounts(steps=1), progress.last_event_pk > progress.rebuild_upto
        counts = _place(conn, [(pk, _event(data)) for _, pk, data in rows], progress)
        conn.execute(
            "UPDATE cluster_progress SET rebuild_done = ?, updated_at = ?",
            (int(rows[-1][0]), now_iso()),
        )
        return counts, True
    rows = conn.execute(
        "SELECT pk, data FROM events WHERE pk > ? ORDER BY pk LIMIT ?",
        (progress.watermark, limit),
    ).fetchall()
    if not rows:
        return ClusterCounts(), False
    counts = _place(conn, [(pk, _event(data)) for pk, data in rows], progress)
    last = int(rows[-1][0])
    conn.execute("UPDATE cluster_progress SET watermark = ?, updated_at = ?", (last, now_iso()))
    return counts, last < progress.last_event_pk


class _Ref(NamedTuple):
    code: str
    sector: str | None


class _Source(NamedTuple):
    outlet: str | None


class _Report(NamedTuple):
    """The fields of a stored event that clustering reads (decoding whole events costs 3x)."""

    id: str
    article_id: str
    event_type: str
    status: str
    certainty: str
    date: str | None
    date_precision: str
    actor: tuple[_Ref, ...]
    recipient: tuple[_Ref, ...]
    location: Location | None
    attribution: tuple[_Source, ...]


def _codecs() -> tuple[Any, Any]:
    """JSON decoder and encoder: orjson's when installed (several times faster)."""
    try:
        import orjson
    except ImportError:
        return json.loads, lambda v: json.dumps(v, ensure_ascii=False, separators=(",", ":"))
    return orjson.loads, lambda v: orjson.dumps(v).decode()


_decode, _encode = _codecs()


_LOCATION_FIELDS = frozenset(f.name for f in dataclasses.fields(Location))


def _location(data: dict[str, Any]) -> Location:
    if data.keys() <= _LOCATION_FIELDS:
        return Location(**data)
    return Location.from_dict(data)


def _event(data: str) -> Report:
    d = _decode(data)
    loc = d.get("location")
    return _Report(
        d["id"],
        d["article_id"],
        d["event_type"],
        d["status"],
        d["certainty"],
        d.get("date"),
        d.get("date_precision") or "unknown",
        tuple(_Ref(a.get("code") or "", a.get("sector")) for a in d.get("actor") or ()),
        tuple(_Ref(a.get("code") or "", a.get("sector")) for a in d.get("recipient") or ()),
        _location(loc) if isinstance(loc, dict) else None,
        tuple(_Source(a.get("outlet")) for a in d.get("attribution") or ()),
    )


def _place(
    conn: sqlite3.Connection, events: list[tuple[int, Report]], progress: ClusterProgress
) -> ClusterCounts:
    """Cluster ``events`` (in this order) against the stored clusters and write the result."""
    config = progress.config
    articles = _articles(conn, {e.article_id for _, e in events})
    # Incrementally, an article whose first event is past the watermark has nothing clustered.
    floor = None if progress.rebuilding else progress.watermark
    by_article = _article_clusters(conn, articles, floor)
    wanted: set[int] = set().union(*by_article.values()) if by_article else set()
    clusterer = Clusterer(config, first_seq=_next_cluster_pk(conn))
    asked: set[tuple[Any, ...]] = set()
    for _, event in events:
        interval = clusterer.interval(event)
        if interval is not None:
            wanted |= _candidates(conn, event, interval, config, asked)
    states = _load(conn, wanted, by_article)
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
    return _write(conn, clusterer, touched, old_keys, founders, members)


def _articles(
    conn: sqlite3.Connection, ids: Iterable[str]
) -> dict[str, tuple[str | None, int | None, int]]:
    """Article id → (outlet, first event pk, number of events)."""
    out: dict[str, tuple[str | None, int | None, int]] = {}
    wanted = list(ids)
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        sql = (
            "SELECT id, source, first_event_pk, n_events FROM articles "
            f"WHERE id IN ({', '.join('?' * len(chunk))})"
        )
        for aid, source, first, n in conn.execute(sql, chunk):
            out[aid] = (source, first, int(n or 0))
    return out


def _article_clusters(
    conn: sqlite3.Connection,
    articles: dict[str, tuple[str | None, int | None, int]],
    floor: int | None,
) -> dict[str, set[int]]:
    """The clusters already holding events of each article (its events have consecutive pks)."""
    out: dict[str, set[int]] = {}
    for aid, (_, first, n) in articles.items():
        if first is None or n <= 0 or (floor is not None and first > floor):
            continue
        found = {
            int(r[0])
            for r in conn.execute(
                "SELECT cluster_pk FROM cluster_members WHERE event_pk BETWEEN ? AND ?",
                (first, first + n - 1),
            )
        }
        if found:
            out[aid] = found
    return out


def _candidates(
    conn: sqlite3.Connection,
    event: Report,
    interval: tuple[date, date],
    config: DedupConfig,
    asked: set[tuple[Any, ...]],
) -> set[int]:
    """Stored clusters of the event's type and status class near its date, sharing a code."""
    actors, recipients = Sides.of(event.actor), Sides.of(event.recipient)
    if actors.codes:
        role, codes = "a", (*sorted(actors.codes), "*")
    elif recipients.codes:
        role, codes = "r", (*sorted(recipients.codes), "*")
    else:
        role, codes = "t", ("",)
    window = timedelta(days=config.window_days)
    first = (interval[0] - window).toordinal()
    last = (interval[1] + window).toordinal()
    question = (event.event_type, status_class(event.status), role, codes, first, last)
    if question in asked:
        return set()
    asked.add(question)
    sql, params = candidate_query(*question)
    return {int(r[0]) for r in conn.execute(sql, params)}


def _load(
    conn: sqlite3.Connection, pks: set[int], by_article: dict[str, set[int]]
) -> dict[int, ClusterState]:
    """Stored clusters as working states, knowing which of the step's articles they hold."""
    states: dict[int, ClusterState] = {}
    wanted = sorted(pks)
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        sql = (
            "SELECT c.pk, c.id, c.event_type, c.status_class, c.mention_count, "
            "c.article_count, c.state, e.id FROM clusters c "
            "JOIN events e ON e.pk = c.founding_event_pk "
            f"WHERE c.pk IN ({', '.join('?' * len(chunk))})"
        )
        for pk, cid, etype, kind, mentions, n_articles, state, founder in conn.execute(sql, chunk):
            states[pk] = ClusterState.from_json(
                json.loads(state),
                id=cid,
                event_type=etype,
                founding_event_id=founder,
                status_class=kind,
                seq=pk,
                mention_count=mentions,
                article_count=n_articles,
            )
    for aid, held in by_article.items():
        for pk in held:
            if pk in states:
                states[pk].article_ids[aid] = None
    return states


def _next_cluster_pk(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT IFNULL(MAX(pk), 0) FROM clusters").fetchone()[0]) + 1


def _write(
    conn: sqlite3.Connection,
    clusterer: Clusterer,
    touched: dict[str, None],
    old_keys: dict[int, set[Key]],
    founders: dict[str, int],
    members: list[tuple[int, int]],
) -> ClusterCounts:
    now = now_iso()
    slack = clusterer.config.publication_slack_days
    inserts: list[tuple[Any, ...]] = []
    updates: list[tuple[Any, ...]] = []
    gone: list[tuple[Any, ...]] = []
    added: list[tuple[Any, ...]] = []
    for cid in touched:
        state = clusterer.state(cid)
        start, end = state.display_span(slack)
        loc = state.location
        values = (
            state.status_class,
            state.top_status(),
            state.certainty_name(),
            start,
            end,
            state.precision,
            loc.country_code.upper() if loc is not None and loc.country_code else None,
            (loc.name or loc.text) if loc is not None else None,
            " ".join(sorted(state.actors.codes)),
            " ".join(sorted(state.recipients.codes)),
            state.mention_count,
            state.article_count,
            len(state.sources),
            now,
            _encode(state.to_json()),
        )
        before = old_keys.get(state.seq)
        if before is None:
            founder = founders[state.founding_event_id]
            inserts.append((state.seq, state.id, state.event_type, *values, founder))
            before = set()
        else:
            updates.append((*values, state.seq))
        keys = cluster_keys(state)
        gone.extend((*k[:6], state.seq) for k in before - keys)
        added.extend((*k[:6], state.seq, k[6]) for k in keys - before)
    conn.executemany(
        "INSERT INTO clusters (pk, id, event_type, status_class, status, certainty, date_start, "
        "date_end, date_precision, country, place, actor_codes, recipient_codes, mention_count, "
        "article_count, source_count, updated_at, state, founding_event_pk) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        inserts,
    )
    conn.executemany(
        "UPDATE clusters SET status_class = ?, status = ?, certainty = ?, date_start = ?, "
        "date_end = ?, date_precision = ?, country = ?, place = ?, actor_codes = ?, "
        "recipient_codes = ?, mention_count = ?, article_count = ?, source_count = ?, "
        "updated_at = ?, state = ? WHERE pk = ?",
        updates,
    )
    conn.executemany(
        "DELETE FROM cluster_keys WHERE event_type = ? AND status_class = ? AND role = ? "
        "AND code = ? AND span_class = ? AND start_day = ? AND cluster_pk = ?",
        gone,
    )
    conn.executemany(
        "INSERT INTO cluster_keys (event_type, status_class, role, code, span_class, start_day, "
        "cluster_pk, end_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        added,
    )
    conn.executemany("INSERT INTO cluster_members (event_pk, cluster_pk) VALUES (?, ?)", members)
    return ClusterCounts(len(members), len(inserts), len(updates), 1)
