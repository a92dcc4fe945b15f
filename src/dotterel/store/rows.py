"""Conversion between records and table rows, and the date spans behind filters and timelines.

An :class:`~dotterel.records.Event` is kept whole as JSON in the ``data`` column (the content of
``Event.to_dict``), so it reads back exactly as written, fields added to the records later
included. The normalised columns beside it (first actor, country, date span …) exist only for
filtering and aggregation, and are derived here from the record.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import functools
import json
import json.encoder
import operator
import re
import sqlite3
from collections.abc import Callable, Iterable
from typing import Any

from dotterel.records import ActorRef, Article, Attribution, Event, Evidence, Location

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")

#: Columns of ``events`` written by :func:`event_row`, in order (after ``pk``).
EVENT_COLUMNS = (
    "id",
    "article_id",
    "event_type",
    "mode",
    "status",
    "certainty",
    "quad_code",
    "date_sort",
    "date_end",
    "day",
    "week",
    "month",
    "year",
    "actor_code",
    "recipient_code",
    "country",
    "place",
    "data",
)


# Field names and a C-level getter per record class: a record becomes a dict in one call.
_RECORDS = {
    cls: (names, operator.attrgetter(*names))
    for cls in (Event, ActorRef, Location, Attribution, Evidence)
    for names in [tuple(f.name for f in dataclasses.fields(cls))]
}


def _default(value: Any) -> Any:
    """Records become dicts (the content of ``to_dict``); the C encoder recurses into them."""
    spec = _RECORDS.get(type(value))
    if spec is not None:
        return dict(zip(spec[0], spec[1](value), strict=True))
    if hasattr(value, "to_dict"):
        return value.to_dict()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _make_stdlib_dumps() -> Callable[[Any], str]:
    """A compact JSON encoder from the standard library that keeps non-ASCII text and records.

    Reusing one C encoder avoids building a new one per call, which dominates the cost of
    encoding small objects; the public ``json`` encoder is the fallback.
    """
    fallback = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_default).encode
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return fallback
    try:
        chunks = make(
            None, _default, json.encoder.encode_basestring, None, ":", ",", False, False, True
        )

        def dumps(value: Any) -> str:
            return "".join(chunks(value, 0))

        probe = {"a": [1, "é", None, 1.5, (2, 3)]}
        if dumps(probe) != fallback(probe):
            return fallback
    except TypeError:
        return fallback
    return dumps


stdlib_dumps = _make_stdlib_dumps()


def _make_dumps() -> Callable[[Any], str]:
    """The fastest encoder available: orjson when installed, else :data:`stdlib_dumps`.

    Encoding the event is the largest Python cost of a bulk insert; orjson encodes the frozen
    record dataclasses natively, several times faster, with the same output (compact, UTF-8
    kept, fields in order). Anything it refuses (a set or a huge integer in ``extensions``)
    goes through the standard library instead.
    """
    try:
        import orjson
    except ImportError:
        return stdlib_dumps
    encode = orjson.dumps

    def dumps(value: Any) -> str:
        try:
            return encode(value).decode()
        except TypeError:  # orjson.JSONEncodeError is a TypeError
            return stdlib_dumps(value)

    return dumps


_dumps = _make_dumps()


def event_json(event: Event) -> str:
    """The event as one line of compact JSON (the ``data`` column): ``Event.to_dict`` content."""
    return str(_dumps(event))


@dataclasses.dataclass(frozen=True, slots=True)
class Periods:
    """The span an event date covers and the calendar buckets it falls wholly inside."""

    start: str | None = None
    end: str | None = None
    day: str | None = None
    week: str | None = None
    month: str | None = None
    year: str | None = None


def date_span(value: str | None, precision: str | None = None) -> tuple[str, str] | None:
    """First and last day covered by an ISO date cut to its precision, or None if unreadable.

    ``"2018-03"`` covers 2018-03-01 … 2018-03-31; a week-precision date is its Monday and
    covers seven days.
    """
    if not value:
        return None
    try:
        if m := _DAY.match(value):
            first = dt.date(int(m[1]), int(m[2]), int(m[3]))
            last = first + dt.timedelta(days=6) if precision == "week" else first
            return first.isoformat(), last.isoformat()
        if m := _MONTH.match(value):
            year, month = int(m[1]), int(m[2])
            last_day = calendar.monthrange(year, month)[1]
            return dt.date(year, month, 1).isoformat(), dt.date(year, month, last_day).isoformat()
        if m := _YEAR.match(value):
            return f"{m[1]}-01-01", f"{m[1]}-12-31"
    except ValueError:
        return None
    return None


@functools.lru_cache(maxsize=8192)
def periods(value: str | None, precision: str | None = None) -> Periods:
    """The buckets (day, ISO week by its Monday, month, year) an event date lies wholly inside."""
    span = date_span(value, precision)
    if span is None:
        return Periods()
    start, end = span
    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    monday_first = first - dt.timedelta(days=first.weekday())
    monday_last = last - dt.timedelta(days=last.weekday())
    return Periods(
        start=start,
        end=end,
        day=start if start == end else None,
        week=monday_first.isoformat() if monday_first == monday_last else None,
        month=start[:7] if start[:7] == end[:7] else None,
        year=start[:4] if start[:4] == end[:4] else None,
    )


@dataclasses.dataclass(slots=True)
class BatchRows:
    """Every row a batch of events adds, ready for ``executemany``."""

    #: ``events`` rows: pk, then :data:`EVENT_COLUMNS`.
    events: list[tuple[Any, ...]]
    #: ``evidence_fts`` rows: (pk, evidence sentence).
    texts: list[tuple[int, str]]
    #: ``event_actors`` rows: (code, role, sector or '', pk).
    actors: list[tuple[str, str, str, int]]
    #: ``dyads`` rows: (pk, actor code, recipient code), only for events with several pairs.
    dyads: list[tuple[int, str, str]]
    #: Increments of ``dyad_counts``: (actor code, recipient code, month or '') → events.
    dyad_counts: dict[tuple[str, str, str], int]
    #: Increments of ``type_counts``: (month or '', event type, quad class) → events.
    type_counts: dict[tuple[str, str, int], int]


def batch_rows(events: Iterable[Event], first_pk: int) -> BatchRows:
    """The rows of events numbered from ``first_pk``: one pass, no per-row helper calls.

    This loop is the Python half of a bulk insert, so it is written flat: attribute reads into
    locals, tuples built in place, counters as plain dicts.
    """
    dumps, span = _dumps, periods
    rows: list[tuple[Any, ...]] = []
    texts: list[tuple[int, str]] = []
    actors: list[tuple[str, str, str, int]] = []
    dyads: list[tuple[int, str, str]] = []
    dyad_n: dict[tuple[str, str, str], int] = {}
    type_n: dict[tuple[str, str, int], int] = {}
    pk = first_pk
    for event in events:
        p = span(event.date, event.date_precision)
        month = p.month
        actor, recipient, loc = event.actor, event.recipient, event.location
        a0 = actor[0].code if actor else None
        r0 = recipient[0].code if recipient else None
        if loc is None:
            country = place = None
        else:
            country = loc.country_code.upper() if loc.country_code else None
            place = loc.name or loc.text
        rows.append(
            (
                pk,
                event.id,
                event.article_id,
                event.event_type,
                event.mode,
                event.status,
                event.certainty,
                event.quad_code,
                p.start or "",
                p.end,
                p.day,
                p.week,
                month,
                p.year,
                a0,
                r0,
                country,
                place,
                dumps(event),
            )
        )
        texts.append((pk, event.evidence.sentence))
        for ref in actor:
            actors.append((ref.code, "actor", ref.sector or "", pk))
        for ref in recipient:
            actors.append((ref.code, "recipient", ref.sector or "", pk))
        for ref in event.disputed_by:
            actors.append((ref.code, "disputed_by", ref.sector or "", pk))
        m = month or ""
        if a0 is not None and r0 is not None:
            if len(actor) == 1 and len(recipient) == 1:
                pairs: Iterable[tuple[str, str]] = ((a0, r0),)
            else:
                pairs = dict.fromkeys((a.code, r.code) for a in actor for r in recipient)
                if len(pairs) > 1:
                    dyads.extend((pk, a, r) for a, r in pairs)
            for a, r in pairs:
                key = (a, r, m)
                dyad_n[key] = dyad_n.get(key, 0) + 1
        tkey = (m, event.event_type, event.quad_code)
        type_n[tkey] = type_n.get(tkey, 0) + 1
        pk += 1
    return BatchRows(rows, texts, actors, dyads, dyad_n, type_n)


def event_row(event: Event) -> tuple[Any, ...]:
    """The ``events`` row of one event, in :data:`EVENT_COLUMNS` order (without the pk)."""
    return batch_rows((event,), 1).events[0][1:]


def row_to_event(row: sqlite3.Row) -> Event:
    """Rebuild the :class:`Event` stored in an ``events`` row."""
    return Event.from_dict(json.loads(row["data"]))


def row_to_article(row: sqlite3.Row) -> Article:
    """Rebuild the :class:`Article` stored in an ``articles`` row."""
    return Article(
        id=row["id"],
        text=row["text"],
        title=row["title"],
        date=row["date"],
        url=row["url"],
        source=row["source"],
        language=row["language"],
        origin=row["origin"],
    )
