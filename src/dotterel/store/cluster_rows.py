"""The rows clustering reads and writes: stored events decoded for matching, the clusters a
step's events can join, and the changed clusters written back.

Every function runs inside the write transaction of one :func:`dotterel.store.clusters.step`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any, NamedTuple

from dotterel.dedup import Clusterer, ClusterState, DedupConfig, Sides, status_class
from dotterel.dedup.rules import Report
from dotterel.dedup.state import location_from_dict
from dotterel.records import Location
from dotterel.store.cluster_schema import Key, candidate_query, cluster_keys
from dotterel.store.schema import now_iso

_CHUNK = 500


class _Ref(NamedTuple):
    code: str
    sector: str | None


class _Source(NamedTuple):
    outlet: str | None


class _Evidence(NamedTuple):
    sentence: str


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
    evidence: _Evidence


def _codecs() -> tuple[Any, Any]:
    """JSON decoder and encoder: orjson's when installed (several times faster)."""
    try:
        import orjson
    except ImportError:
        return json.loads, lambda v: json.dumps(v, ensure_ascii=False, separators=(",", ":"))
    return orjson.loads, lambda v: orjson.dumps(v).decode()


_decode, _encode = _codecs()


def decode_event(data: str) -> Report:
    """The fields of a stored event (its ``data`` JSON) that clustering reads."""
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
        location_from_dict(loc) if isinstance(loc, dict) else None,
        tuple(_Source(a.get("outlet")) for a in d.get("attribution") or ()),
        _Evidence((d.get("evidence") or {}).get("sentence") or ""),
    )


def articles(
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


def article_clusters(
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


def candidates(
    conn: sqlite3.Connection,
    event: Report,
    interval: tuple[date, date],
    config: DedupConfig,
    asked: dict[tuple[Any, ...], list[tuple[Any, ...]]],
) -> set[int]:
    """Stored clusters the event may join: same type and status class, a span within the date
    window, sharing a code (``cluster_keys``), and then, read from the cluster rows, codes
    that are a subset or superset of the event's on both sides and no other country.

    The second filter only drops clusters matching would refuse anyway, before their state is
    loaded: a year-precision event meets every cluster of its type in the year.
    """
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
    found = asked.get(question)
    if found is None:
        sql, params = candidate_query(*question)
        found = conn.execute(
            f"SELECT pk, actor_codes, recipient_codes, country FROM clusters WHERE pk IN ({sql})",
            params,
        ).fetchall()
        asked[question] = found
    loc = event.location
    country = loc.country_code.upper() if loc is not None and loc.country_code else None
    mine_a, mine_r = actors.codes, recipients.codes
    out: set[int] = set()
    for pk, actor_codes, recipient_codes, their_country in found:
        if country and their_country and country != their_country:
            continue
        theirs = frozenset(actor_codes.split())
        if not (theirs <= mine_a or mine_a <= theirs):
            continue
        theirs = frozenset(recipient_codes.split())
        if not (theirs <= mine_r or mine_r <= theirs):
            continue
        out.add(int(pk))
    return out


def load_states(
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


def next_cluster_pk(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT IFNULL(MAX(pk), 0) FROM clusters").fetchone()[0]) + 1


def write_states(
    conn: sqlite3.Connection,
    clusterer: Clusterer,
    touched: dict[str, None],
    old_keys: dict[int, set[Key]],
    founders: dict[str, int],
    members: list[tuple[int, int]],
) -> tuple[int, int]:
    """Write the touched clusters, their candidate keys and the memberships; return how many
    clusters were founded and how many grew."""
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
    return len(inserts), len(updates)
