"""The HTTP API and web dashboard (``dotterel serve``).

:func:`create_app` builds the FastAPI app over a store opened read-only; :func:`serve` runs it
with uvicorn. See ``docs/api.md`` for the routes, the error shape and pagination.
"""

from __future__ import annotations

from dotterel.server.app import DASHBOARD_DIR, create_app, serve
from dotterel.server.settings import (
    DEFAULT_HOST,
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_PORT,
    TOKEN_ENV_VAR,
    ServerSettings,
)

__all__ = [
    "DASHBOARD_DIR",
    "DEFAULT_HOST",
    "DEFAULT_MAX_BODY_BYTES",
    "DEFAULT_PORT",
    "TOKEN_ENV_VAR",
    "ServerSettings",
    "create_app",
    "serve",
]
