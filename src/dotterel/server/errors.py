"""The API's one error shape, and the handlers that turn every failure into it.

Every error response is ``{"error": {"code": ..., "message": ..., "hint": ...}}``: dotterel's
own errors (by their ``http_status``), FastAPI's validation errors, unknown routes and methods,
and unexpected exceptions (logged on the server, never shown: no stack trace leaves it).
"""

from __future__ import annotations

import logging
import os
import re
from typing import Any, overload

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from dotterel.errors import (
    AuthError,
    DataFileError,
    DotterelError,
    InputError,
    ModelNotFoundError,
    NotFoundError,
    StoreError,
    ValidationError,
)

log = logging.getLogger("dotterel.server")


class RequestTooLargeError(InputError):
    """A request body or query string is over the server's limit."""

    http_status = 413


#: Stable machine-readable codes, most specific class first.
_CODES: tuple[tuple[type[DotterelError], str], ...] = (
    (RequestTooLargeError, "too_large"),
    (NotFoundError, "not_found"),
    (ValidationError, "invalid_request"),
    (AuthError, "unauthorized"),
    (ModelNotFoundError, "model_unavailable"),
    (StoreError, "store_unavailable"),
    (InputError, "invalid_input"),
    (DataFileError, "data_file"),
)
_STATUS_CODES = {
    400: "invalid_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    414: "too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
}


class ErrorDetail(BaseModel):
    """What went wrong (``message``) and what to do (``hint``), with a stable ``code``."""

    code: str
    message: str
    hint: str | None


class ErrorBody(BaseModel):
    """The body of every error response."""

    error: ErrorDetail


#: OpenAPI description of the error responses every API route may give.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in (
        (400, "Invalid, unknown or repeated parameter, or bad Host header"),
        (404, "No such event, article or route"),
        (413, "Request body too large"),
        (414, "Query string too long"),
        (500, "Unexpected failure (details only in the server log)"),
        (503, "Store or model unavailable"),
    )
}


def drop_default_422(schema: dict[str, Any]) -> dict[str, Any]:
    """Remove FastAPI's automatic 422 responses: validation errors here are 400 in the one
    error shape, and the schema should say so (API fuzzers check responses against it)."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            operation.get("responses", {}).pop("422", None)
    components = schema.get("components", {}).get("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    return schema


def error_body(code: str, message: str, hint: str | None = None) -> dict[str, Any]:
    """The JSON body of every error response."""
    return {"error": {"code": code, "message": message, "hint": hint}}


def error_response(
    status: int, code: str, message: str, hint: str | None = None, **headers: str
) -> JSONResponse:
    """A JSON error response in the one shape."""
    return JSONResponse(error_body(code, message, hint), status_code=status, headers=headers)


def code_of(exc: DotterelError) -> str:
    """The machine-readable code of a dotterel error."""
    for cls, code in _CODES:
        if isinstance(exc, cls):
            return code
    return "error"


async def _dotterel_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DotterelError)
    status = exc.http_status
    if status >= 500:
        # A store or model failure: the message is ours and safe to show, but log it too.
        log.warning("%s %s failed: %s", request.method, request.url.path, exc)
    message, hint = exc.message, exc.hint
    if isinstance(exc, InputError) and exc.source:
        message = f"{exc.source}: {message}"
    if status >= 500:
        # Store and model errors name files on the server; clients get the file name only.
        store = getattr(getattr(request.app.state, "settings", None), "store", None)
        message, hint = hide_paths(message, store), hide_paths(hint, store)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    return error_response(status, code_of(exc), message, hint, **headers)


# An absolute path: slash-separated segments not preceded by a word, a dot, a colon (URLs)
# or another slash.
_ABS_PATH = re.compile(r"(?<![\w.:/~-])(?:/[^\s/'\"`,;:()]+)+/?")


@overload
def hide_paths(text: str, known: str | None = None) -> str: ...
@overload
def hide_paths(text: None, known: str | None = None) -> None: ...
def hide_paths(text: str | None, known: str | None = None) -> str | None:
    """``text`` with ``known`` (a path, even one with spaces) and every other absolute file
    path replaced by its last part (``/srv/a/x.db`` → ``x.db``), so error bodies do not reveal
    the server's folders."""
    if not text:
        return text
    if known:
        for form in sorted({known, os.path.abspath(known)}, key=len, reverse=True):
            text = text.replace(form, os.path.basename(form.rstrip("/")))
    return _ABS_PATH.sub(lambda m: m.group().rstrip("/").rsplit("/", 1)[-1] or "/", text)


def _location(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("query", "path", "body", "header")]
    return ".".join(parts) or "request"


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = []
    for err in exc.errors()[:10]:
        problems.append(f"{_location(tuple(err.get('loc', ())))}: {err.get('msg', 'invalid')}")
    message = "; ".join(problems) or "the request is not valid"
    return error_response(
        400, "invalid_request", message, "see /docs or docs/api.md for the accepted values"
    )


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _STATUS_CODES.get(exc.status_code, "error")
    if exc.status_code == 404:
        message, hint = f"no such route: {request.url.path}", "the API lives under /api/v1"
    elif exc.status_code == 405:
        message, hint = f"{request.method} is not allowed on {request.url.path}", None
    else:
        message, hint = str(exc.detail), None
    headers = dict(exc.headers or {})
    return error_response(exc.status_code, code, message, hint, **headers)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    # The traceback goes to the server log only; the client learns nothing about internals.
    log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(
        500, "internal", "the server failed to answer this request", "see the server log"
    )


def install_error_handlers(app: FastAPI) -> None:
    """Route every failure through the one error shape."""
    app.add_exception_handler(DotterelError, _dotterel_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
