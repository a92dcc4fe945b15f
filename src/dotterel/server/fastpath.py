"""A shortcut for ``GET /api/v1/events``, the request a dashboard sends most.

FastAPI resolves a route's parameters one by one, in Python, on every request: for the events
route's seventeen query parameters that took more time than reading and sending the page
(profiled under 50 concurrent clients: about 60 % of the server's time). This ASGI middleware
answers the requests it can check completely itself, with the route's own declared limits
(read from the route at start-up, so there is one source of truth), and the same body function
as the route. Anything it is not sure of (an unknown or repeated parameter, a value outside the
simple forms below, a value the filter refuses, any error while reading) goes to FastAPI
unchanged, which answers it the usual way, error shape included. A test checks that both paths
answer every request alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import annotated_types
from anyio import to_thread
from fastapi.routing import APIRoute
from starlette.datastructures import QueryParams
from starlette.types import ASGIApp, Receive, Scope, Send

#: Boolean spellings answered here; pydantic accepts more, which FastAPI then handles.
_BOOLEANS = {"true": True, "false": False, "1": True, "0": False}
_DIGITS = re.compile(r"^[0-9]{1,6}$")
_KINDS: dict[Any, str] = {str | None: "str", str: "str", int: "int", bool: "bool"}


@dataclass(frozen=True)
class Param:
    """One query parameter: its kind (``str``, ``int`` or ``bool``), limits and default."""

    kind: str
    default: Any
    max_length: int | None = None
    ge: int | None = None
    le: int | None = None

    def parse(self, raw: str) -> tuple[bool, Any]:
        """``(True, value)`` when ``raw`` is surely valid, else ``(False, None)``."""
        if self.kind == "str":
            ok = self.max_length is None or len(raw) <= self.max_length
            return ok, raw if ok else None
        if self.kind == "bool":
            return (True, _BOOLEANS[raw]) if raw in _BOOLEANS else (False, None)
        if not _DIGITS.match(raw):
            return False, None
        value = int(raw)
        ok = (self.ge is None or value >= self.ge) and (self.le is None or value <= self.le)
        return ok, value if ok else None


def query_spec(route: APIRoute) -> dict[str, Param] | None:
    """The route's query parameters (its dependencies' included), or None if one has a type
    or a constraint this module does not check."""
    fields = []
    stack = [route.dependant]
    while stack:
        dependant = stack.pop()
        fields.extend(dependant.query_params)
        stack.extend(dependant.dependencies)
    spec: dict[str, Param] = {}
    for field in fields:
        info = field.field_info
        kind = _KINDS.get(info.annotation)
        if kind is None:
            return None
        limits: dict[str, int] = {}
        for rule in info.metadata:
            if isinstance(rule, annotated_types.MaxLen) and kind == "str":
                limits["max_length"] = rule.max_length
            elif isinstance(rule, annotated_types.Ge) and kind == "int":
                limits["ge"] = int(rule.ge)  # type: ignore[call-overload]
            elif isinstance(rule, annotated_types.Le) and kind == "int":
                limits["le"] = int(rule.le)  # type: ignore[call-overload]
            else:
                return None
        spec[field.alias] = Param(kind, info.default, **limits)
    return spec


class EventsFastPath:
    """Answer ``GET path`` with ``answer(arguments)`` when every query parameter is surely
    valid; pass everything else to ``app``."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        path: str,
        spec: dict[str, Param],
        answer: Callable[[dict[str, Any]], bytes],
    ) -> None:
        self.app = app
        self.path = path
        self.spec = spec
        self.answer = answer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] != self.path:
            await self.app(scope, receive, send)
            return
        arguments = self.arguments(scope.get("query_string", b""))
        body = None
        if arguments is not None:
            try:
                body = await to_thread.run_sync(self.answer, arguments)
            except Exception:  # noqa: BLE001 - FastAPI answers it again, with its error shape
                body = None
        if body is None:
            await self.app(scope, receive, send)
            return
        headers = [
            (b"content-length", str(len(body)).encode()),
            (b"content-type", b"application/json"),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def arguments(self, query_string: bytes) -> dict[str, Any] | None:
        """Every parameter's value (defaults filled in), or None to leave it to FastAPI."""
        # Parsed exactly as Starlette parses it for FastAPI.
        given = QueryParams(query_string.decode("latin-1")).multi_items()
        values: dict[str, Any] = {}
        for name, raw in given:
            param = self.spec.get(name)
            if param is None or name in values:
                return None
            ok, values[name] = param.parse(raw)
            if not ok:
                return None
        for name, param in self.spec.items():
            values.setdefault(name, param.default)
        return values
