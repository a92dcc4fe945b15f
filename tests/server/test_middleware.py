"""Request limits, Host check, security headers and CORS (closed unless configured)."""

from __future__ import annotations

import pytest


def test_middleware_body_over_limit_declared(client):
    big = "x" * (1024 * 1024 + 10)
    response = client.post("/api/v1/code", json={"text": big})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


def test_middleware_body_over_limit_streamed(client):
    # No Content-Length: a chunked body is counted as it arrives.
    def chunks():
        for _ in range(20):
            yield b"x" * 65536

    response = client.post(
        "/api/v1/code", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


def test_middleware_body_limit_is_configurable(store_path, client_for):
    with client_for(store_path, max_body_bytes=2048) as c:
        response = c.post("/api/v1/code", json={"text": "y" * 3000})
    assert response.status_code == 413


def test_middleware_query_string_over_limit(client):
    response = client.get("/api/v1/events", params={"text": "word " * 1000})
    assert response.status_code == 414
    assert response.json()["error"]["code"] == "too_large"


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("127.0.0.1:8765", 200),
        ("localhost", 200),
        ("[::1]:8765", 200),
        ("attacker.example", 400),
        ("127.0.0.1.attacker.example:8765", 400),
    ],
)
def test_middleware_host_check_on_loopback(store_path, client_for, host, status):
    # allowed_hosts=None: derived from the loopback bind address.
    with client_for(store_path, allowed_hosts=None) as c:
        response = c.get("/api/v1/health", headers={"host": host})
    assert response.status_code == status
    if status == 400:
        assert response.json()["error"]["code"] == "invalid_host"


@pytest.mark.parametrize("url", ["/api/v1/health", "/", "/api/v1/missing"])
def test_middleware_security_headers(client, url):
    headers = client.get(url).headers
    assert headers["x-content-type-options"] == "nosniff"
    assert "default-src 'self'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"


def test_middleware_cors_closed_by_default(client):
    response = client.get("/api/v1/events", headers={"origin": "http://evil.example"})
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers
    preflight = client.options(
        "/api/v1/events",
        headers={"origin": "http://evil.example", "access-control-request-method": "GET"},
    )
    assert "access-control-allow-origin" not in preflight.headers


def test_middleware_cors_opened_for_named_origin_only(store_path, client_for):
    with client_for(store_path, cors_origins=("http://localhost:3000",)) as c:
        ok = c.get("/api/v1/health", headers={"origin": "http://localhost:3000"})
        other = c.get("/api/v1/health", headers={"origin": "http://evil.example"})
    assert ok.headers["access-control-allow-origin"] == "http://localhost:3000"
    assert "access-control-allow-origin" not in other.headers
