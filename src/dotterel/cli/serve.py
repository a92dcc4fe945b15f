"""``dotterel serve``: the HTTP API and web dashboard over a store."""

from __future__ import annotations

import click

from dotterel.server.settings import (
    DEFAULT_HOST,
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_PORT,
    TOKEN_ENV_VAR,
    ServerSettings,
    is_loopback,
    parse_origins,
    token_from_env,
)
from dotterel.store import store_path


@click.command("serve")
@click.option(
    "--store",
    "store",
    type=click.Path(dir_okay=False),
    default=None,
    help="The event store to serve (default: $DOTTEREL_STORE or ./dotterel.db). Opened read-only.",
)
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Interface to listen on.")
@click.option(
    "--port", default=DEFAULT_PORT, show_default=True, type=int, help="Port to listen on."
)
@click.option(
    "--token",
    default=None,
    help=f"Enable POST /api/v1/ingest behind this bearer token (or set ${TOKEN_ENV_VAR}).",
)
@click.option(
    "--max-body",
    default=DEFAULT_MAX_BODY_BYTES,
    show_default=True,
    type=int,
    help="Largest request body in bytes.",
)
@click.option(
    "--cors-origin",
    "cors_origins",
    multiple=True,
    help="Allow this web origin to read the API from a browser (repeatable). Closed by default.",
)
@click.option(
    "--workers",
    default=None,
    type=click.IntRange(1, 64),
    help="Server processes (default: one per core, at most 4).",
)
@click.option("--log-level", default="info", show_default=True, help="uvicorn log level.")
def serve_command(
    store: str | None,
    host: str,
    port: int,
    token: str | None,
    max_body: int,
    cors_origins: tuple[str, ...],
    workers: int | None,
    log_level: str,
) -> None:
    """Serve the JSON API (/api/v1), the dashboard (/) and the API docs (/docs)."""
    from dotterel.server import create_app, serve
    from dotterel.server.app import DEFAULT_WORKERS

    settings = ServerSettings(
        store=store_path(store),
        host=host,
        port=port,
        token=token_from_env(token),
        max_body_bytes=max_body,
        cors_origins=parse_origins(cors_origins),
    )
    app = create_app(settings)  # fails here, before any message, if the store is unreadable
    if not is_loopback(host):
        click.echo(
            f"warning: listening on {host}: anyone who can reach this machine can read the store",
            err=True,
        )
    click.echo(f"dotterel dashboard: {settings.url()}  (API docs: {settings.url()}docs)", err=True)
    if settings.ingest_enabled:
        click.echo("ingest enabled: POST /api/v1/ingest with the bearer token", err=True)
    workers = workers or DEFAULT_WORKERS
    serve(settings, log_level=log_level, app=app if workers == 1 else None, workers=workers)


def register(group: click.Group) -> None:
    """Add ``serve`` to the ``dotterel`` command group."""
    group.add_command(serve_command)
