"""The FastAPI application: JSON API under ``/api/v1``, the dashboard at ``/``, docs at ``/docs``.

Everything the browser loads comes from this server (the dashboard's scripts, map shapes and
the API docs' Swagger UI are vendored from npm packages), so it works with no internet.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

from dotterel._version import __version__
from dotterel.server import clusters, coding, routes
from dotterel.server.errors import drop_default_422, install_error_handlers
from dotterel.server.middleware import GuardMiddleware
from dotterel.server.settings import ServerSettings
from dotterel.server.stores import StorePool, check_store

#: The dashboard's static files, shipped inside the package.
DASHBOARD_DIR = Path(__file__).resolve().parent.parent / "dashboard"

log = logging.getLogger("dotterel.server")

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


def create_app(settings: ServerSettings) -> FastAPI:
    """The API and dashboard over the store ``settings.store`` (opened read-only).

    Fails with :class:`~dotterel.errors.StoreError` when the store cannot be read.
    """
    check_store(settings.store)
    pool = StorePool(settings.store)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
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


def serve(settings: ServerSettings, *, log_level: str = "info", app: FastAPI | None = None) -> None:
    """Run the app (built from ``settings`` unless given) with uvicorn until interrupted."""
    import uvicorn

    app = app or create_app(settings)
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_level=log_level,
        server_header=False,
        proxy_headers=False,
        access_log=log_level == "debug",
    )
