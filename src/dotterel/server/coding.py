"""Routes that run the coder: ``POST /code`` (never stores) and ``POST /ingest`` (token only).

``/ingest`` exists only when a token is configured; it compares the bearer token in constant
time and writes through its own short-lived writable store, one request at a time, keeping the
store's event clusters up to date.
"""

from __future__ import annotations

import hmac
import threading
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request
from pydantic import BaseModel, ConfigDict, Field

from dotterel.errors import AuthError
from dotterel.server.errors import ERROR_RESPONSES, ErrorBody
from dotterel.server.params import strict_query
from dotterel.server.routes import JSONBody
from dotterel.server.settings import ServerSettings
from dotterel.store import EventStore

#: Most articles one ingest request may carry.
MAX_INGEST_ARTICLES = 100

router = APIRouter(
    prefix="/api/v1", dependencies=[Depends(strict_query)], responses=ERROR_RESPONSES
)
ingest_router = APIRouter(
    prefix="/api/v1",
    dependencies=[Depends(strict_query)],
    responses={
        **ERROR_RESPONSES,
        401: {"model": ErrorBody, "description": "Missing or wrong bearer token"},
    },
)
_write_lock = threading.Lock()

_Meta = Annotated[str | None, Field(max_length=500)]


class CodeRequest(BaseModel):
    """Text to code, with optional publication metadata."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(max_length=1_000_000, description="The article or sentence to code")
    date: Annotated[str | None, Field(max_length=40, description="Publication date")] = None
    source: _Meta = None
    url: _Meta = None
    title: _Meta = None


class ArticleIn(CodeRequest):
    """One article to code and store."""

    id: Annotated[str | None, Field(max_length=128, pattern=r"^[A-Za-z0-9_.:\-]+$")] = None


class IngestRequest(BaseModel):
    """Articles to code and store."""

    model_config = ConfigDict(extra="forbid")

    articles: list[ArticleIn] = Field(min_length=1, max_length=MAX_INGEST_ARTICLES)


async def settings(request: Request) -> ServerSettings:
    """The app's settings."""
    return request.app.state.settings  # type: ignore[no-any-return]


Settings = Annotated[ServerSettings, Depends(settings)]


@router.post("/code", summary="Code posted text into events without storing them")
def code(body: CodeRequest, s: Settings) -> JSONBody:
    """The events of the text, as the coder returns them; nothing is written."""
    meta = body.model_dump(exclude={"text"}, exclude_none=True)
    events = s.code_text(body.text, **meta)
    return JSONBody({"events": [e.to_dict() for e in events], "stored": False})


async def require_token(
    s: Settings,
    authorization: Annotated[str | None, Header(max_length=1000)] = None,
) -> None:
    """Accept only ``Authorization: Bearer <token>`` with the configured token."""
    expected = (s.token or "").encode()
    scheme, _, given = (authorization or "").partition(" ")
    # compare_digest runs in time independent of where the strings differ.
    ok = scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), expected)
    if not expected or not ok:
        raise AuthError(
            "this route needs the server's API token",
            hint="send the header: Authorization: Bearer <token>",
        )


@ingest_router.post(
    "/ingest",
    summary="Code articles and store them (only with a configured token)",
    dependencies=[Depends(require_token)],
)
def ingest(body: IngestRequest, s: Settings) -> JSONBody:
    """Code the articles, add them to the store and place their events in its clusters.

    Articles already stored are skipped. ``clustered`` counts the events placed in clusters:
    this request's, and any an earlier write left waiting.
    """
    articles: list[dict[str, Any]] = [a.model_dump(exclude_none=True) for a in body.articles]
    coded = list(s.code_articles(articles))
    with _write_lock, EventStore(s.store) as store:
        counts = store.add_coded(coded)
        # In steps of their own after the articles' commit, as `dotterel ingest` does: a crash
        # in between leaves the events waiting past the watermark for the next update.
        placed = store.update_clusters()
    return JSONBody(
        {
            "articles": counts.articles,
            "events": counts.events,
            "rejects": counts.rejects,
            "duplicates": counts.duplicates,
            "clustered": placed.events,
        }
    )
