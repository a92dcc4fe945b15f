"""Serving with several worker processes: the settings travel to each worker intact."""

from __future__ import annotations

import pytest

from dotterel.errors import ValidationError
from dotterel.server import ServerSettings
from dotterel.server.app import (
    SETTINGS_ENV_VAR,
    THREADS,
    app_from_env,
    serve,
    settings_to_env,
)
from dotterel.server.settings import TOKEN_ENV_VAR
from tests.server.server_records import make_client


@pytest.mark.parametrize(
    "settings",
    [
        {},
        {"token": "t" * 20, "cors_origins": ("http://localhost:3000",), "port": 9001},
        {"allowed_hosts": ("example.org",), "max_body_bytes": 4096, "max_query_bytes": 100},
    ],
)
def test_app_settings_travel_to_workers(store_path, monkeypatch, settings):
    original = ServerSettings(store=store_path, **settings)
    env = settings_to_env(original)
    assert (TOKEN_ENV_VAR in env) == bool(original.token)
    assert original.token is None or original.token not in env[SETTINGS_ENV_VAR]
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    if not original.token:
        monkeypatch.delenv(TOKEN_ENV_VAR, raising=False)
    assert app_from_env().state.settings == original


def test_app_workers_refuse_custom_coders(store_path):
    settings = ServerSettings(store=store_path, code_text=lambda text, **meta: [])
    with pytest.raises(ValidationError, match="one worker"):
        settings_to_env(settings)


@pytest.mark.parametrize("workers", [0, -1])
def test_app_serve_refuses_no_workers(store_path, workers):
    with pytest.raises(ValidationError, match="workers"):
        serve(ServerSettings(store=store_path), workers=workers)


def test_app_routes_run_on_a_few_threads(store_path):
    from anyio import to_thread

    with make_client(store_path) as client:
        assert client.get("/api/v1/health").status_code == 200
        tokens = client.portal.call(lambda: to_thread.current_default_thread_limiter().total_tokens)
    assert tokens == THREADS
