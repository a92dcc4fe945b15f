"""The FastAPI application: JSON API under ``/api/v1``, the dashboard at ``/``, docs at ``/docs``.

Everything the browser loads comes from this server (the dashboard's scripts, map shapes and
the API docs' Swagger UI are vendored from npm packages), so it works with no internet.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from anyio import to_thread
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles

from dotterel._version import __version__
from dotterel.errors import ValidationError
from dotterel.server import clusters, coding, routes
from dotterel.server.errors import drop_default_422, install_error_handlers
from dotterel.server.fastpath import EventsFastPath, query_spec
from dotterel.server.middleware import GuardMiddleware
from dotterel.server.settings import TOKEN_ENV_VAR, ServerSettings
from dotterel.server.stores import StorePool, check_store

#: The dashboard's static files, shipped inside the package.
DASHBOARD_DIR = Path(__file__).resolve().parent.parent / "dashboard"

log = logging.getLogger("dotterel.server")

#: Threads per process that run the routes (and so read the store).
THREADS = 2
#: Seconds an idle keep-alive connection stays open.
KEEP_ALIVE_SECONDS = 30

_DOCS_HTML = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>dotterel API</title>
<link rel="stylesheet" href="/assets/vendor/swagger-ui/swagger-ui.css">
<link rel="icon" href="/assets/favicon.svg">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/assets/vendor/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/assets/docs.js"></script>
</body>
</html>
"""

_DESCRIPTION = (
    "Query coded PLOVER events: filters, cursor pagination, aggregates for the dashboard, "
    "and coding of posted text. Every error is "
    '`{"error": {"code": ..., "message": ..., "hint": ...}}`. See docs/api.md.'
)


def create_app(settings: ServerSettings, *, fast_path: bool = True) -> FastAPI:
    """The API and dashboard over the store ``settings.store`` (opened read-only).

    ``fast_path=False`` leaves every request to FastAPI (see :mod:`~dotterel.server.fastpath`).
    Fails with :class:`~dotterel.errors.StoreError` when the store cannot be read.
    """
    check_store(settings.store)
    pool = StorePool(settings.store)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Each thread keeps its own connection, page cache and match sets: a few threads
        # keep them warm, where anyio's default of 40 would build each one 40 times.
        to_thread.current_default_thread_limiter().total_tokens = THREADS
        yield
        pool.close()

    app = FastAPI(
        title="dotterel",
        version=__version__,
        description=_DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.pool = pool
    install_error_handlers(app)
    app.include_router(routes.router)
    app.include_router(coding.router)
    app.include_router(clusters.router)
    if settings.ingest_enabled:
        app.include_router(coding.ingest_router)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = drop_default_422(FastAPI.openapi(app))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(_DOCS_HTML)

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(DASHBOARD_DIR / "index.html", media_type="text/html")

    app.mount("/assets", StaticFiles(directory=DASHBOARD_DIR), name="assets")

    events_route = next(
        r for r in routes.router.routes if isinstance(r, APIRoute) and r.name == "list_events"
    )
    spec = query_spec(events_route) if fast_path else None
    if spec is not None:
        # Innermost: the Host check, size limits, CORS and security headers still apply.
        app.add_middleware(
            EventsFastPath, path=events_route.path, spec=spec, answer=routes.events_answer(pool)
        )
    if settings.cors_origins:
        # Opened only on request, to the named origins, and only for reading.
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET"],
            allow_headers=[],
            allow_credentials=False,
        )
    app.add_middleware(
        GuardMiddleware,
        max_body_bytes=settings.max_body_bytes,
        max_query_bytes=settings.max_query_bytes,
        allowed_hosts=settings.trusted_hosts(),
    )
    return app


#: Worker processes ``dotterel serve`` starts by default: one per core, at most four (reads
#: scale across processes; SQLite serves them all from one file).
DEFAULT_WORKERS = max(1, min(4, os.cpu_count() or 1))
#: How the parent passes the settings to worker processes (the token goes in its own variable).
SETTINGS_ENV_VAR = "DOTTEREL_SERVE_SETTINGS"


def settings_to_env(settings: ServerSettings) -> dict[str, str]:
    """Environment variables from which :func:`app_from_env` rebuilds the app in a worker."""
    if (
        settings.code_text is not ServerSettings.code_text
        or settings.code_articles is not ServerSettings.code_articles
    ):
        raise ValidationError(
            "custom coder callables cannot be passed to worker processes",
            hint="serve with one worker (workers=1) to use them",
        )
    data = {
        "store": settings.store,
        "host": settings.host,
        "port": settings.port,
        "max_body_bytes": settings.max_body_bytes,
        "max_query_bytes": settings.max_query_bytes,
        "cors_origins": list(settings.cors_origins),
        "allowed_hosts": None if settings.allowed_hosts is None else list(settings.allowed_hosts),
    }
    env = {SETTINGS_ENV_VAR: json.dumps(data)}
    if settings.token:
        env[TOKEN_ENV_VAR] = settings.token
    return env


def app_from_env() -> FastAPI:
    """The app a worker process serves, built from the settings its parent put in the
    environment (:func:`settings_to_env`)."""
    data = json.loads(os.environ[SETTINGS_ENV_VAR])
    allowed = data.pop("allowed_hosts")
    origins = tuple(data.pop("cors_origins"))
    return create_app(
        ServerSettings(
            **data,
            cors_origins=origins,
            allowed_hosts=None if allowed is None else tuple(allowed),
            token=os.environ.get(TOKEN_ENV_VAR) or None,
        )
    )


def serve(
    settings: ServerSettings,
    *,
    log_level: str = "info",
    app: FastAPI | None = None,
    workers: int = 1,
) -> None:
    """Run the app with uvicorn until interrupted.

    With one worker, ``app`` (or the app built from ``settings``) runs in this process. With
    more, uvicorn starts that many processes that share the listening socket, each building
    its own app from ``settings`` (so ``app`` must not be given).
    """
    import uvicorn

    options: dict[str, Any] = {
        "host": settings.host,
        "port": settings.port,
        "log_level": log_level,
        "server_header": False,
        "proxy_headers": False,
        "access_log": log_level == "debug",
        # Clients that keep a connection open between requests (browsers, load tests) may
        # pause longer than uvicorn's 5 s default; a request sent just as the server closes
        # an idle connection fails on the client side.
        "timeout_keep_alive": KEEP_ALIVE_SECONDS,
    }
    if workers < 1:
        raise ValidationError(f"workers: expected at least 1, got {workers}")
    if workers == 1:
        uvicorn.run(app or create_app(settings), **options)
        return
    if app is not None:
        raise ValidationError("an app object cannot be shared by several worker processes")
    check_store(settings.store)
    os.environ.update(settings_to_env(settings))
    uvicorn.run("dotterel.server.app:app_from_env", factory=True, workers=workers, **options)
