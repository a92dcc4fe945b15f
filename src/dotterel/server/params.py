"""Query parameters shared by the routes: the event filter, and a guard against unknown names.

Every value is bounded in length here and then validated by :class:`EventFilter` itself, so a
bad value is a 400 with the field's name, never a SQL error. A misspelt parameter
(``?actors=USA``) is refused rather than ignored: silently returning every event would mislead.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from dotterel.errors import ValidationError
from dotterel.store import EventFilter

#: Longest value of a short query parameter (codes, type and status lists, ids).
MAX_SHORT = 200
_TEXT = 500

#: A date bound as the API accepts it (shared by every route that filters on dates).
DateQuery = Annotated[str | None, Query(max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD")]
#: The page cursor (shared by every cursor-paged route).
CursorQuery = Annotated[
    str | None, Query(max_length=MAX_SHORT, description="next_cursor of the previous page")
]

Codes = Annotated[
    str | None,
    Query(
        max_length=MAX_SHORT,
        description="Codes, comma-separated (any matches): USA or USA:GOV",
        examples=["USA,GBR:GOV"],
    ),
]


async def event_filter(
    actor: Codes = None,
    recipient: Codes = None,
    dyad: Annotated[
        str | None,
        Query(max_length=MAX_SHORT, description="ACTOR-RECIPIENT, e.g. USA-IRN"),
    ] = None,
    event_type: Annotated[
        str | None,
        Query(
            max_length=MAX_SHORT, description="PLOVER types, comma-separated, e.g. ASSAULT,PROTEST"
        ),
    ] = None,
    mode: Annotated[str | None, Query(max_length=MAX_SHORT, description="PLOVER modes")] = None,
    status: Annotated[
        str | None, Query(max_length=MAX_SHORT, description="e.g. occurred,planned")
    ] = None,
    certainty: Annotated[
        str | None, Query(max_length=MAX_SHORT, description="e.g. asserted,reported")
    ] = None,
    quad_code: Annotated[
        str | None, Query(max_length=20, description="Quad classes 1-4, comma-separated")
    ] = None,
    country: Annotated[
        str | None,
        Query(max_length=MAX_SHORT, description="Country codes of the event location (e.g. UKR)"),
    ] = None,
    place: Annotated[
        str | None, Query(max_length=_TEXT, description="Place name (exact, any case)")
    ] = None,
    date_from: DateQuery = None,
    date_to: DateQuery = None,
    text: Annotated[
        str | None,
        Query(max_length=_TEXT, description='Words in the evidence sentence; "quoted phrases"'),
    ] = None,
    article_id: Annotated[str | None, Query(max_length=MAX_SHORT)] = None,
) -> EventFilter:
    """The :class:`EventFilter` the query parameters describe (validated)."""
    return EventFilter(
        actor=actor,
        recipient=recipient,
        dyad=dyad,
        event_type=event_type,
        mode=mode,
        status=status,
        certainty=certainty,
        # EventFilter parses and checks the comma-separated quad classes itself.
        quad_code=quad_code,  # type: ignore[arg-type]
        country=country,
        place=place,
        date_from=date_from,
        date_to=date_to,
        text=text,
        article_id=article_id,
    )


_ALLOWED: dict[int, frozenset[str]] = {}


def _query_names(dependant: Dependant) -> set[str]:
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def _allowed(route: APIRoute) -> frozenset[str]:
    names = _ALLOWED.get(id(route))
    if names is None:
        names = frozenset(_query_names(route.dependant))
        _ALLOWED[id(route)] = names
    return names


async def strict_query(request: Request) -> None:
    """Refuse query parameters the route does not define, and repeated parameters."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    allowed = _allowed(route)
    seen: set[str] = set()
    for name, _value in request.query_params.multi_items():
        if name not in allowed:
            known = ", ".join(sorted(allowed)) or "none"
            raise ValidationError(
                f"unknown query parameter {name[:40]!r}", hint=f"this route takes: {known}"
            )
        if name in seen:
            raise ValidationError(
                f"query parameter {name!r} is given twice",
                hint="give several values once, comma-separated",
            )
        seen.add(name)
