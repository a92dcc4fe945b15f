"""Read-only routes under ``/api/v1``: events, one event with its mentions, articles, and the
aggregates the dashboard draws (timeline, dyads, countries, places).

Each route is a thin adapter: parse and validate parameters, call one store (or
:mod:`~dotterel.server.aggregates`) function, shape the JSON. Routes are plain ``def`` so
FastAPI runs them in its thread pool; each thread reads through its own connection.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from dotterel._version import __version__
from dotterel.errors import NotFoundError
from dotterel.records import CERTAINTIES, STATUSES, Event
from dotterel.server import aggregates
from dotterel.server.errors import ERROR_RESPONSES
from dotterel.server.params import CursorQuery, event_filter, strict_query
from dotterel.server.settings import MAX_PAGE
from dotterel.server.stores import StorePool
from dotterel.store import INTERVALS, EventFilter, EventStore

#: PLOVER's four quad classes.
QUAD_CLASSES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
_ID_PATTERN = r"^[A-Za-z0-9_.:\-]{1,128}$"

router = APIRouter(
    prefix="/api/v1", dependencies=[Depends(strict_query)], responses=ERROR_RESPONSES
)

Filter = Annotated[EventFilter, Depends(event_filter)]
Interval = Literal["day", "week", "month", "year"]
RecordId = Annotated[str, Path(pattern=_ID_PATTERN, max_length=128)]


def _record(value: Any) -> Any:
    """The JSON form of a record met while encoding (``Event.to_dict`` and the like)."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def _stdlib_dumps(content: Any) -> bytes:
    return json.dumps(content, ensure_ascii=False, separators=(",", ":"), default=_record).encode(
        "utf-8"
    )


def _fastest_dumps() -> Any:
    # orjson encodes the frozen record dataclasses natively, field by field, as to_dict does,
    # several times faster than building dicts first; the standard library is the fallback.
    try:
        import orjson
    except ImportError:
        return _stdlib_dumps

    def dumps(content: Any) -> bytes:
        try:
            return orjson.dumps(content, default=_record)  # type: ignore[no-any-return]
        except TypeError:  # e.g. integers beyond 64 bits: let the standard library decide
            return _stdlib_dumps(content)

    return dumps


_dumps = _fastest_dumps()


class JSONBody(Response):
    """Compact UTF-8 JSON, serialised once (no per-field re-encoding of large pages).

    Records (events, articles) may be given as they are: they are encoded as their ``to_dict``.
    """

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return _dumps(content)  # type: ignore[no-any-return]


async def pool(request: Request) -> StorePool:
    """The app's store pool."""
    return request.app.state.pool  # type: ignore[no-any-return]


Pool = Annotated[StorePool, Depends(pool)]


def _key(name: str, filters: EventFilter, *extra: Any) -> tuple[Any, ...]:
    return (name, json.dumps(filters.to_dict(), sort_keys=True), *extra)


def _count(p: StorePool, filters: EventFilter) -> int:
    return p.count(_key("count", filters), filters)


def _events(events: Sequence[Event]) -> list[Event]:
    # Encoded by JSONBody exactly as Event.to_dict() (without building the dicts first).
    return list(events)


@router.get("/health", summary="Liveness and store summary")
def health(p: Pool) -> JSONBody:
    """Whether the server can read its store, with row counts."""
    stats = p.cached(("stats",), lambda s: s.stats())
    return JSONBody(
        {
            "status": "ok",
            "version": __version__,
            "schema_version": stats.get("schema_version"),
            "events": stats.get("events", 0),
            "articles": stats.get("articles", 0),
        }
    )


@router.get("/meta", summary="Vocabularies for filters")
def meta(request: Request) -> JSONBody:
    """Event types, statuses, certainties, quad classes and intervals the API accepts."""
    from dotterel.ontology import load_ontology

    ontology = load_ontology()
    return JSONBody(
        {
            "version": __version__,
            "ontology_version": ontology.version,
            "event_types": [
                {"name": t.name, "quad_code": t.quad_code, "description": t.description}
                for t in ontology.event_types.values()
            ],
            "statuses": list(STATUSES),
            "certainties": list(CERTAINTIES),
            "quad_classes": {str(k): v for k, v in QUAD_CLASSES.items()},
            "intervals": list(INTERVALS),
            "countries": aggregates.numeric_to_code(),
            "max_page": MAX_PAGE,
            "ingest": request.app.state.settings.ingest_enabled,
        }
    )


@router.get("/events", summary="Events matching a filter, newest first, cursor-paged")
def list_events(
    p: Pool,
    filters: Filter,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page size")] = 50,
    cursor: CursorQuery = None,
    count: Annotated[bool, Query(description="Also return the number of matching events")] = False,
) -> Response:
    """A page of events and the cursor of the next page (``null`` on the last page)."""
    body = events_body(p, filters, limit=limit, cursor=cursor, count=count)
    return Response(body, media_type="application/json")


_FILTER_PARAMS = tuple(inspect.signature(event_filter).parameters)


def events_answer(p: StorePool) -> Callable[[dict[str, Any]], bytes]:
    """``GET /events`` as a function of its parameters' values, for the fast path."""

    def answer(values: dict[str, Any]) -> bytes:
        # event_filter hands each parameter to EventFilter under the same name.
        filters = EventFilter(**{name: values[name] for name in _FILTER_PARAMS})
        return events_body(
            p, filters, limit=values["limit"], cursor=values["cursor"], count=values["count"]
        )

    return answer


def events_body(
    p: StorePool, filters: EventFilter, *, limit: int, cursor: str | None, count: bool
) -> bytes:
    """The JSON body of ``GET /events`` (also answered by :mod:`~dotterel.server.fastpath`)."""
    page = p.get().query_event_json(filters, limit=limit, cursor=cursor)
    # The events' stored JSON is spliced in as it is: it is already Event.to_dict() content.
    tail: dict[str, Any] = {"next_cursor": page.next_cursor, "limit": limit}
    if count:
        tail["count"] = _count(p, filters)
    return ('{"items":[' + ",".join(page.items) + "]," + _dumps(tail).decode()[1:]).encode()


@router.get("/events/{event_id}", summary="One event with its evidence and every mention")
def get_event(p: Pool, event_id: RecordId) -> JSONBody:
    """The event, its article's metadata, and all reports of the same real-world event."""
    store = p.get()
    event = store.get_event(event_id)
    cluster, mentions, method = aggregates.event_mentions_with_method(store, event)
    return JSONBody(
        {
            "event": event.to_dict(),
            "article": _article_meta(store, event.article_id),
            "cluster": cluster.to_dict(),
            "mentions": _events(mentions),
            "mentions_method": method,
        }
    )


def _article_meta(store: EventStore, article_id: str) -> dict[str, Any] | None:
    try:
        article = store.get_article(article_id)
    except NotFoundError:
        return None
    data = article.to_dict()
    data.pop("text", None)
    return data


@router.get("/articles/{article_id}", summary="One article with its text and events")
def get_article(p: Pool, article_id: RecordId) -> JSONBody:
    """The stored article (text included) and its events in document order."""
    store = p.get()
    article = store.get_article(article_id)
    return JSONBody(
        {"article": article.to_dict(), "events": _events(store.article_events(article_id))}
    )


@router.get("/dyads", summary="Event counts per actor → recipient pair")
def dyads(
    p: Pool,
    filters: Filter,
    interval: Annotated[Interval | None, Query(description="Also split by period")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
) -> JSONBody:
    """The largest dyads first; an event with several parties counts once per pair."""
    rows = p.cached(
        _key("dyads", filters, interval, limit),
        lambda s: s.dyads(filters, interval=interval, limit=limit),
    )
    items = [
        {"actor": d.actor, "recipient": d.recipient, "count": d.count, "period": d.period}
        for d in rows
    ]
    return JSONBody({"interval": interval, "items": items})


@router.get("/timeline", summary="Event counts per period and type or quad class")
def timeline(
    p: Pool,
    filters: Filter,
    interval: Annotated[Interval, Query()] = "month",
    by: Annotated[
        Literal["event_type", "quad_code", "status", "certainty", "country", "none"], Query()
    ] = "event_type",
) -> JSONBody:
    """Counts in time order. Events dated less precisely than ``interval`` are counted in
    ``left_out``, not spread over periods."""
    key = None if by == "none" else by
    rows = p.cached(
        _key("timeline", filters, interval, key),
        lambda s: s.timeline(filters, interval=interval, by=key),
    )
    total = _count(p, filters)
    shown = sum(r.count for r in rows)
    items = [{"period": r.period, "key": r.key, "count": r.count} for r in rows]
    return JSONBody(
        {
            "interval": interval,
            "by": by,
            "items": items,
            "total": total,
            "left_out": total - shown,
        }
    )


@router.get("/countries", summary="Event counts per location country")
def countries(p: Pool, filters: Filter) -> JSONBody:
    """Counts by the country of the event location, with ISO numeric codes for map shapes."""
    rows = p.cached(_key("countries", filters), lambda s: aggregates.country_counts(s, filters))
    total = _count(p, filters)
    items = [
        {"country": r.country, "count": r.count, "name": r.name, "iso_numeric": r.iso_numeric}
        for r in rows
    ]
    return JSONBody(
        {"items": items, "total": total, "unlocated": total - sum(r.count for r in rows)}
    )


@router.get("/places", summary="Event counts per geocoded place")
def places(
    p: Pool,
    filters: Filter,
    limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
) -> JSONBody:
    """The busiest places first, with their coordinates."""
    rows = p.cached(
        _key("places", filters, limit), lambda s: aggregates.place_counts(s, filters, limit=limit)
    )
    items = [
        {"place": r.place, "country": r.country, "lat": r.lat, "lon": r.lon, "count": r.count}
        for r in rows
    ]
    return JSONBody({"items": items})
