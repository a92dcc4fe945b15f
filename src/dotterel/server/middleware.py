"""ASGI middleware: Host check, request size limits and security headers on every response.

The Host check stops DNS rebinding (a web page whose domain is made to resolve to 127.0.0.1
reading the local API through the visitor's browser). Size limits are enforced before FastAPI
reads a body, on the declared ``Content-Length`` and again on the bytes actually received (a
chunked upload cannot slip past the declared size).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dotterel.server.errors import error_body

#: The dashboard and docs load scripts, styles and data only from this server.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
_SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
)


async def _send_error(send: Send, status: int, code: str, message: str, hint: str) -> None:
    body = json.dumps(error_body(code, message, hint)).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
                *_SECURITY_HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class GuardMiddleware:
    """Refuse unknown Host headers (400), query strings over ``max_query_bytes`` (414) and
    bodies over ``max_body_bytes`` (413); add security headers to every response."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int,
        max_query_bytes: int,
        allowed_hosts: Sequence[str] = ("*",),
    ) -> None:
        self.app = app
        self.max_body = max_body_bytes
        self.max_query = max_query_bytes
        self.any_host = "*" in allowed_hosts
        self.hosts = frozenset(h.lower() for h in allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if not self.any_host and _host(scope) not in self.hosts:
            await _send_error(
                send,
                400,
                "invalid_host",
                "this server does not answer for that Host name",
                "open the address the server printed when it started",
            )
            return
        if len(scope.get("query_string", b"")) > self.max_query:
            await _send_error(
                send,
                414,
                "too_large",
                f"the query string is over {self.max_query} bytes",
                "use fewer or shorter filter values",
            )
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_body:
            await _send_error(send, 413, "too_large", self._body_message(), self._body_hint())
            return
        received = 0
        started = False
        refused = False

        async def limited_receive() -> Message:
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    # Answer 413 now and tell the app the client left: frameworks turn an
                    # exception raised here into their own 400, so raising would not do.
                    refused = True
                    if not started:
                        await _send_error(
                            send, 413, "too_large", self._body_message(), self._body_hint()
                        )
                    return {"type": "http.disconnect"}
            return message

        async def secure_send(message: Message) -> None:
            nonlocal started
            if refused:
                return  # the 413 has been sent; whatever the app answers after is dropped
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend(h for h in _SECURITY_HEADERS if h[0] not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, limited_receive, secure_send)

    def _body_message(self) -> str:
        return f"the request body is over the {self.max_body:,} byte limit"

    def _body_hint(self) -> str:
        return "send less text per request, or start the server with a larger --max-body"


def _host(scope: Scope) -> str:
    """The Host header without its port, lower-cased (``[::1]`` keeps its brackets)."""
    for name, value in scope.get("headers", []):
        if name.lower() == b"host":
            host = value.decode("latin-1").strip().lower()
            if host.startswith("["):
                return host.split("]", 1)[0] + "]"
            return host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return ""


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
