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


def _make_dumps() -> Any:
    """A compact JSON encoder that keeps non-ASCII text as is and encodes records.

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


def event_row(event: Event, p: Periods | None = None) -> tuple[Any, ...]:
    """The ``events`` row of an event, in :data:`EVENT_COLUMNS` order."""
    p = p if p is not None else periods(event.date, event.date_precision)
    loc = event.location
    return (
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
        p.month,
        p.year,
        event.actor[0].code if event.actor else None,
        event.recipient[0].code if event.recipient else None,
        loc.country_code.upper() if loc is not None and loc.country_code else None,
        (loc.name or loc.text) if loc is not None else None,
        event_json(event),
    )


def actor_rows(pk: int, event: Event) -> list[tuple[Any, ...]]:
    """``event_actors`` rows: every actor, recipient and denier with its role and position."""
    rows = []
    for role, refs in (
        ("actor", event.actor),
        ("recipient", event.recipient),
        ("disputed_by", event.disputed_by),
    ):
        for position, ref in enumerate(refs):
            rows.append((pk, role, position, ref.text, ref.code, ref.sector, ref.name))
    return rows


def dyad_rows(pk: int, event: Event, p: Periods | None = None) -> list[tuple[Any, ...]]:
    """``dyads`` rows: one per distinct (actor code, recipient code) pair of the event."""
    if not event.actor or not event.recipient:
        return []
    p = p if p is not None else periods(event.date, event.date_precision)
    if len(event.actor) == 1 and len(event.recipient) == 1:
        return [(pk, event.actor[0].code, event.recipient[0].code, p.month)]
    pairs = dict.fromkeys((a.code, r.code) for a in event.actor for r in event.recipient)
    return [(pk, a, r, p.month) for a, r in pairs]


def attribution_rows(pk: int, event: Event) -> list[tuple[Any, ...]]:
    """``attributions`` rows, innermost source first."""
    rows = []
    for position, link in enumerate(event.attribution):
        speaker = link.speaker
        rows.append(
            (
                pk,
                position,
                link.cue,
                speaker.text if speaker else None,
                speaker.code if speaker else None,
                speaker.sector if speaker else None,
                link.outlet,
                link.quote,
            )
        )
    return rows


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
