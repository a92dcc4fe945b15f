"""One error shape for every failure: dotterel errors, validation, unknown routes, crashes."""

from __future__ import annotations

import pytest

from dotterel.errors import StoreError
from dotterel.server import errors as server_errors


def assert_error_shape(response, status: int, code: str) -> dict:
    """The body is exactly {"error": {"code", "message", "hint"}} with the expected code."""
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "hint"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]


@pytest.mark.parametrize(
    ("url", "status", "code", "fragment"),
    [
        ("/api/v1/events?limit=0", 400, "invalid_request", "limit"),
        ("/api/v1/events?limit=501", 400, "invalid_request", "limit"),
        ("/api/v1/events?limit=ten", 400, "invalid_request", "limit"),
        ("/api/v1/events?status=happened", 400, "invalid_request", "status"),
        ("/api/v1/events?certainty=sure", 400, "invalid_request", "certainty"),
        ("/api/v1/events?actor=U%20S", 400, "invalid_request", "actor"),
        ("/api/v1/events?dyad=USA", 400, "invalid_request", "dyad"),
        ("/api/v1/events?quad_code=5", 400, "invalid_request", "quad_code"),
        ("/api/v1/events?date_from=2024-13-01", 400, "invalid_request", "date_from"),
        ("/api/v1/events?date_from=yesterday", 400, "invalid_request", "date_from"),
        ("/api/v1/events?text=%22%22", 400, "invalid_request", "text"),
        ("/api/v1/events?cursor=not-a-cursor", 400, "invalid_request", "cursor"),
        ("/api/v1/events?count=maybe", 400, "invalid_request", "count"),
        ("/api/v1/events?actors=USA", 400, "invalid_request", "actors"),
        ("/api/v1/events?actor=USA&actor=IRN", 400, "invalid_request", "twice"),
        ("/api/v1/events?event_type=" + "A" * 201, 400, "invalid_request", "event_type"),
        ("/api/v1/timeline?interval=decade", 400, "invalid_request", "interval"),
        ("/api/v1/timeline?by=actor", 400, "invalid_request", "by"),
        ("/api/v1/dyads?limit=100000", 400, "invalid_request", "limit"),
        ("/api/v1/places?limit=0", 400, "invalid_request", "limit"),
        ("/api/v1/events/no%20such", 400, "invalid_request", "event_id"),
        ("/api/v1/events/abcdef0123", 404, "not_found", "abcdef0123"),
        ("/api/v1/articles/abcdef0123", 404, "not_found", "abcdef0123"),
        ("/api/v1/nothing", 404, "not_found", "/api/v1/nothing"),
        ("/assets/nothing.js", 404, "not_found", "nothing"),
        ("/api/v1/ingest", 404, "not_found", "ingest"),
    ],
)
def test_errors_share_one_shape(client, url, status, code, fragment):
    error = assert_error_shape(client.get(url), status, code)
    assert fragment in error["message"]


@pytest.mark.parametrize("method", ["delete", "put", "patch"])
def test_errors_wrong_method(client, method):
    response = getattr(client, method)("/api/v1/events")
    assert_error_shape(response, 405, "method_not_allowed")


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({}, "text"),
        ({"text": 5}, "text"),
        ({"text": "x", "colour": "red"}, "colour"),
        ({"text": "x", "date": "x" * 41}, "date"),
    ],
)
def test_errors_invalid_body(client, body, fragment):
    error = assert_error_shape(client.post("/api/v1/code", json=body), 400, "invalid_request")
    assert fragment in error["message"]


def test_errors_malformed_json(client):
    response = client.post(
        "/api/v1/code", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert_error_shape(response, 400, "invalid_request")


def test_errors_unexpected_exception_hides_internals(store_path, client_for, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("secret internal detail /etc/passwd")

    monkeypatch.setattr("dotterel.store.EventStore.query_event_json", explode)
    with client_for(store_path) as c:
        response = c.get("/api/v1/events")
    error = assert_error_shape(response, 500, "internal")
    assert "secret" not in response.text and "Traceback" not in response.text
    assert error["hint"] == "see the server log"


def test_errors_dotterel_error_uses_its_status_and_hint(store_path, client_for, monkeypatch):
    def unavailable(*args, **kwargs):
        raise StoreError("the store is locked", hint="wait for the ingest to finish")

    monkeypatch.setattr("dotterel.store.EventStore.query_event_json", unavailable)
    with client_for(store_path) as c:
        error = assert_error_shape(c.get("/api/v1/events"), 503, "store_unavailable")
    assert (error["message"], error["hint"]) == (
        "the store is locked",
        "wait for the ingest to finish",
    )


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        (server_errors.RequestTooLargeError("big"), "too_large"),
        (StoreError("x"), "store_unavailable"),
    ],
)
def test_errors_code_of(exc, code):
    assert server_errors.code_of(exc) == code
