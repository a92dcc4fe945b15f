"""Settings of the HTTP server: which store, where to listen, limits, token and CORS.

Safe defaults: bound to the loopback interface, read-only, CORS closed, ingest disabled until a
token is configured (``--token`` or ``$DOTTEREL_API_TOKEN``).
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from dotterel.errors import ValidationError
from dotterel.records import Event

#: The environment variable holding the ingest token.
TOKEN_ENV_VAR = "DOTTEREL_API_TOKEN"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
#: Largest request body accepted (POST /code, POST /ingest).
DEFAULT_MAX_BODY_BYTES = 1024 * 1024
#: Largest query string accepted; longer URLs are refused before any parsing.
DEFAULT_MAX_QUERY_BYTES = 4096
#: Largest page of events one request may ask for.
MAX_PAGE = 500
#: Tokens shorter than this are refused: a short token is guessable.
MIN_TOKEN_CHARS = 16

#: ``code_text``-like callable used by POST /code (swappable for tests).
CodeText = Callable[..., list[Event]]
#: ``code_articles``-like callable used by POST /ingest (swappable for tests).
CodeArticles = Callable[..., Iterable[Any]]

_LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")


def _default_code_text(text: str, **meta: Any) -> list[Event]:
    from dotterel.api import code_text

    return code_text(text, **meta)


def _default_code_articles(articles: Iterable[Any]) -> Iterable[Any]:
    from dotterel.api import code_articles

    return code_articles(articles)


@dataclass(frozen=True)
class ServerSettings:
    """Everything :func:`~dotterel.server.create_app` needs to know.

    ``allowed_hosts`` guards against DNS rebinding: a server on loopback answers only requests
    addressed to a loopback name. ``None`` derives it from ``host``; ``("*",)`` allows any.
    """

    store: str
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    token: str | None = None
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    max_query_bytes: int = DEFAULT_MAX_QUERY_BYTES
    cors_origins: tuple[str, ...] = ()
    allowed_hosts: tuple[str, ...] | None = None
    code_text: CodeText = field(default=_default_code_text, repr=False)
    code_articles: CodeArticles = field(default=_default_code_articles, repr=False)

    def __post_init__(self) -> None:
        if self.token is not None and len(self.token) < MIN_TOKEN_CHARS:
            raise ValidationError(
                f"the API token is shorter than {MIN_TOKEN_CHARS} characters",
                hint='use a long random token, e.g. python -c "import secrets; '
                'print(secrets.token_urlsafe(32))"',
            )
        if not 1 <= self.port <= 65535:
            raise ValidationError(f"port {self.port} is not between 1 and 65535")
        if self.max_body_bytes < 1024:
            raise ValidationError("max body size must be at least 1024 bytes")
        for origin in self.cors_origins:
            if origin == "*" or not origin.startswith(("http://", "https://")):
                raise ValidationError(
                    f"CORS origin {origin!r} is not an http(s) origin",
                    hint="name each origin allowed to call the API, e.g. http://localhost:3000",
                )

    @property
    def ingest_enabled(self) -> bool:
        """True when POST /api/v1/ingest exists (a token is configured)."""
        return bool(self.token)

    def trusted_hosts(self) -> list[str]:
        """The Host header values the server answers."""
        if self.allowed_hosts is not None:
            return list(self.allowed_hosts)
        if is_loopback(self.host):
            return ["127.0.0.1", "localhost", "::1", "[::1]"]
        return ["*"]

    def url(self) -> str:
        """The address to open in a browser."""
        host = f"[{self.host}]" if ":" in self.host and not self.host.startswith("[") else self.host
        if host in ("0.0.0.0", "[::]"):
            host = "127.0.0.1"
        return f"http://{host}:{self.port}/"


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost."""
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def token_from_env(explicit: str | None = None) -> str | None:
    """The ingest token: the argument, then ``$DOTTEREL_API_TOKEN``; None disables ingest."""
    return explicit or os.environ.get(TOKEN_ENV_VAR) or None


def parse_origins(values: Sequence[str]) -> tuple[str, ...]:
    """CORS origins from repeated or comma-separated options, trailing slashes removed."""
    out: list[str] = []
    for value in values:
        out.extend(v.strip().rstrip("/") for v in value.split(",") if v.strip())
    return tuple(dict.fromkeys(out))
