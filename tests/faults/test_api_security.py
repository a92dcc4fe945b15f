"""The HTTP API is safe: strict validation of every parameter, SQL only with bound parameters,
no file-system access outside the dashboard assets, a constant-time token check, CORS closed,
and error bodies without stack traces or server paths."""

from __future__ import annotations

import asyncio
import hmac
import os
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dotterel.server import DASHBOARD_DIR, ServerSettings, create_app, stores
from dotterel.server import coding as server_coding
from tests.server.server_records import TOKEN, build_sample_store, make_client

#: Every GET route with query parameters, and the string parameters it takes.
FILTERS = (
    "actor recipient dyad event_type mode status certainty quad_code country place date_from "
    "date_to text article_id"
).split()
ROUTES = {
    "/api/v1/events": [*FILTERS, "cursor", "limit", "count"],
    "/api/v1/dyads": [*FILTERS, "interval", "limit"],
    "/api/v1/timeline": [*FILTERS, "interval", "by"],
    "/api/v1/countries": FILTERS,
    "/api/v1/places": [*FILTERS, "limit"],
}
INJECTIONS = [
    "' OR '1'='1",
    "USA' OR 1=1 --",
    '" OR ""="',
    "1; DROP TABLE events; --",
    "USA') UNION SELECT sql FROM sqlite_master --",
    "x' AND (SELECT load_extension('evil')) --",
    "%' OR id LIKE '%",
    "ASSAULT*",
    "NEAR(a b) OR c*",
    "text:shelled",
    "\\'; ATTACH DATABASE '/tmp/x.db' AS x; --",
]
BAD_VALUES = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\u202e\u0000",
    "\ud7ff\ufffd",
    "9" * 40,
    "-1",
    "1e309",
    "NaN",
    "../../etc/passwd",
    "%00",
    "😀" * 30,
    "A" * 600,
]
#: What an error body must never reveal.
LEAKS = ("Traceback", 'File "', "site-packages", "sqlite3.", "OperationalError", ".py")


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The server tests' sample store (four articles, six events)."""
    return build_sample_store(str(tmp_path_factory.mktemp("api") / "events.db"))


@pytest.fixture(scope="module")
def client(sample_store: str) -> Iterator[Any]:
    """The API over the sample store, no token, default settings."""
    with make_client(sample_store) as c:
        yield c


def assert_safe_error(response: Any, *statuses: int, secrets: tuple[str, ...] = ()) -> None:
    """An error in the one shape, with one of ``statuses``, revealing nothing internal."""
    assert response.status_code in statuses, (response.status_code, response.text[:300])
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "hint"}
    for leak in (*LEAKS, *secrets):
        assert leak not in response.text, (leak, response.text[:300])
    assert "access-control-allow-origin" not in response.headers


@pytest.mark.parametrize("route", sorted(ROUTES))
@pytest.mark.parametrize("payload", INJECTIONS)
def test_api_sql_injection_is_a_validation_error_or_no_match(client, route, payload):
    for name in ROUTES[route]:
        response = client.get(route, params={name: payload})
        if response.status_code == 200:
            items = response.json().get("items", [])
            assert items == [], (route, name, payload)
        else:
            assert_safe_error(response, 400)


@pytest.mark.parametrize("route", sorted(ROUTES))
@pytest.mark.parametrize("value", BAD_VALUES)
def test_api_every_parameter_validated_never_500(client, route, value):
    for name in ROUTES[route]:
        response = client.get(route, params={name: value})
        if response.status_code != 200:
            assert_safe_error(response, 400, 414)


class _Recorder:
    """A connection proxy that records the text of every statement."""

    def __init__(self, conn: sqlite3.Connection, log: list[str]) -> None:
        self._conn, self._log = conn, log

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._log.append(sql)
        return self._conn.execute(sql, *args)

    def executemany(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._log.append(sql)
        return self._conn.executemany(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


@pytest.mark.parametrize("marker", ["zq'injected\"marker"])
def test_api_values_never_enter_sql_text(sample_store, monkeypatch, marker):
    statements: list[str] = []
    base = stores.EventStore

    class Recording(base):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._conn = _Recorder(self._conn, statements)  # type: ignore[assignment]

    monkeypatch.setattr(stores, "EventStore", Recording)
    with make_client(sample_store) as c:
        for route in ROUTES:
            for name in ("place", "text", "article_id"):
                assert c.get(route, params={name: marker}).status_code == 200
        for path in ("/api/v1/events/", "/api/v1/articles/"):
            assert c.get(path + "zqmarker0123").status_code == 404
    assert len(statements) > 10
    assert not [s for s in statements if "zq" in s or "marker" in s]


def _raw_get(app: Any, raw_path: bytes) -> tuple[int, bytes]:
    """GET a raw, unnormalised path through the ASGI app (HTTP clients clean up ``..``)."""
    from urllib.parse import unquote_to_bytes

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": unquote_to_bytes(raw_path).decode("utf-8", "replace"),
        "raw_path": raw_path,
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 1234),
        "server": ("testserver", 80),
    }
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, body


@pytest.mark.parametrize(
    "template",
    [
        "/assets/{rel}",
        "/assets/{rel_encoded}",
        "/assets/{rel_double}",
        "/assets/vendor/{rel}",
        "/assets/%2e%2e/server/app.py",
        "/assets/../server/app.py",
        "/assets/..%5cserver%5capp.py",
        "/assets//etc/passwd",
        "/assets/%2fetc%2fpasswd",
        "/api/v1/articles/..%2F..%2Fetc%2Fpasswd",
        "/api/v1/events/..%2F..%2F{rel_encoded}",
        "/api/v1/articles/{rel_encoded}",
        "/{rel}",
        "/docs/{rel}",
    ],
)
def test_api_no_file_outside_the_dashboard_assets(sample_store, tmp_path, template):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-FILE-CONTENT-815")
    rel = os.path.relpath(secret, DASHBOARD_DIR)
    path = template.format(
        rel=rel,
        rel_encoded=rel.replace("/", "%2F"),
        rel_double=rel.replace("/", "%252F").replace(".", "%2e"),
    )
    app = create_app(ServerSettings(store=sample_store, allowed_hosts=("testserver",)))
    status, body = _raw_get(app, path.encode())
    assert status in (400, 404, 405), (path, status)
    assert b"SECRET-FILE-CONTENT" not in body
    assert b"import " not in body and b"root:" not in body
    assert b"Traceback" not in body


@pytest.mark.parametrize("asset", ["index.html", "favicon.svg", "style.css"])
def test_api_dashboard_assets_are_served(client, asset):
    response = client.get(f"/assets/{asset}")
    assert response.status_code == 200
    assert response.content == (DASHBOARD_DIR / asset).read_bytes()


@pytest.mark.parametrize(
    ("token", "headers", "status"),
    [
        (None, {"authorization": f"Bearer {TOKEN}"}, 404),  # no token configured: no route
        (TOKEN, {}, 401),
        (TOKEN, {"authorization": "Bearer " + TOKEN[:-1] + "x"}, 401),
        (TOKEN, {"authorization": "Bearer " + TOKEN + "x"}, 401),
        (TOKEN, {"authorization": f"Basic {TOKEN}"}, 401),
        (TOKEN, {"authorization": "Bearer"}, 401),
        (TOKEN, {"authorization": b"Bearer " + "é".encode() * 20}, 401),
    ],
)
def test_api_ingest_token_required(sample_store, token, headers, status):
    body = {"articles": [{"text": "Ruritania shelled Kessin."}]}
    settings: dict[str, Any] = {"token": token} if token else {}
    with make_client(sample_store, **settings) as c:
        response = c.post("/api/v1/ingest", json=body, headers=headers)
    assert_safe_error(response, status, secrets=(TOKEN,))
    if status == 401:
        assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("given", ["wrong-token-0123456789", TOKEN])
def test_api_ingest_token_compared_in_constant_time(sample_store, monkeypatch, given):
    calls: list[tuple[bytes, bytes]] = []
    compare = hmac.compare_digest

    def recording(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return compare(a, b)

    monkeypatch.setattr(server_coding.hmac, "compare_digest", recording)
    with make_client(sample_store, token=TOKEN, code_articles=lambda articles: iter(())) as c:
        response = c.post(
            "/api/v1/ingest",
            json={"articles": [{"text": "Ruritania shelled Kessin."}]},
            headers={"authorization": f"Bearer {given}"},
        )
    assert calls == [(given.encode(), TOKEN.encode())]
    assert response.status_code == (200 if given == TOKEN else 401)


@pytest.mark.parametrize(
    ("method", "url", "kwargs"),
    [
        ("GET", "/api/v1/events", {}),
        ("GET", "/api/v1/events?limit=0", {}),
        ("GET", "/api/v1/nothing", {}),
        ("POST", "/api/v1/code", {"json": {"nope": 1}}),
        ("OPTIONS", "/api/v1/events", {"headers": {"access-control-request-method": "GET"}}),
        ("DELETE", "/api/v1/events", {}),
    ],
)
def test_api_cors_closed_by_default(client, method, url, kwargs):
    headers = {"origin": "http://evil.example", **kwargs.pop("headers", {})}
    response = client.request(method, url, headers=headers, **kwargs)
    assert not any(h.startswith("access-control-") for h in response.headers)


@pytest.mark.parametrize("route", ["/api/v1/code", "/api/v1/ingest"])
@pytest.mark.parametrize("size", [1024 * 1024 + 1, 8 * 1024 * 1024])
def test_api_oversized_bodies_refused(sample_store, route, size):
    with make_client(sample_store, token=TOKEN) as c:
        response = c.post(
            route,
            content=b'{"text": "' + b"a" * size + b'"}',
            headers={"content-type": "application/json", "authorization": f"Bearer {TOKEN}"},
        )
    assert_safe_error(response, 413)
    assert response.json()["error"]["code"] == "too_large"


@pytest.mark.parametrize("fault", ["locked", "missing"])
def test_api_store_failures_do_not_reveal_server_paths(tmp_path, monkeypatch, fault):
    (tmp_path / "secret-folder").mkdir()
    path = build_sample_store(str(tmp_path / "secret-folder" / "events.db"))
    with make_client(path) as c:
        if fault == "missing":
            for suffix in ("", "-wal", "-shm"):
                Path(path + suffix).unlink(missing_ok=True)
            c.app.state.pool.close()
        else:
            from dotterel.errors import StoreError

            def locked(*args: Any, **kwargs: Any) -> Any:
                raise StoreError(f"the store {path} is locked by another writer", hint=None)

            monkeypatch.setattr("dotterel.store.EventStore.query_event_json", locked)
        response = c.get("/api/v1/events")
    assert_safe_error(response, 503, secrets=(str(tmp_path), "secret-folder"))


def test_api_error_messages_name_no_server_paths(client):
    for url in ("/api/v1/events?limit=x", "/api/v1/nothing", "/api/v1/events/abcdef0123"):
        text = client.get(url).text
        assert not re.search(r"/(tmp|work|home|usr|root)/", text), text
