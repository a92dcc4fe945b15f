"""Server settings and the ``dotterel serve`` command's checks before it listens."""

from __future__ import annotations

import pytest

from dotterel.cli import main
from dotterel.errors import ValidationError
from dotterel.server.settings import (
    ServerSettings,
    is_loopback,
    parse_origins,
    token_from_env,
)


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", True),
        ("127.8.0.2", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("192.168.1.4", False),
        ("example.org", False),
    ],
)
def test_settings_is_loopback(host, expected):
    assert is_loopback(host) is expected


@pytest.mark.parametrize(
    ("host", "hosts"),
    [
        ("127.0.0.1", ["127.0.0.1", "localhost", "::1", "[::1]"]),
        ("0.0.0.0", ["*"]),
    ],
)
def test_settings_trusted_hosts_follow_bind_address(host, hosts):
    assert ServerSettings(store="x.db", host=host).trusted_hosts() == hosts


@pytest.mark.parametrize(
    "kwargs",
    [
        {"token": "short"},
        {"port": 0},
        {"max_body_bytes": 10},
        {"cors_origins": ("*",)},
        {"cors_origins": ("localhost:3000",)},
    ],
)
def test_settings_refuses_unsafe_values(kwargs):
    with pytest.raises(ValidationError):
        ServerSettings(store="x.db", **kwargs)


@pytest.mark.parametrize(
    ("host", "url"),
    [
        ("127.0.0.1", "http://127.0.0.1:8765/"),
        ("::1", "http://[::1]:8765/"),
        ("0.0.0.0", "http://127.0.0.1:8765/"),
    ],
)
def test_settings_url(host, url):
    assert ServerSettings(store="x.db", host=host).url() == url


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (
            ("http://a.example/", "http://b.example,http://a.example"),
            ("http://a.example", "http://b.example"),
        ),
        ((), ()),
    ],
)
def test_settings_parse_origins(values, expected):
    assert parse_origins(values) == expected


def test_settings_token_from_env(monkeypatch):
    monkeypatch.setenv("DOTTEREL_API_TOKEN", "from-the-environment-1234")
    assert token_from_env() == "from-the-environment-1234"
    assert token_from_env("explicit-token-0123456789") == "explicit-token-0123456789"
    monkeypatch.delenv("DOTTEREL_API_TOKEN")
    assert token_from_env() is None


def test_serve_missing_store_fails_before_listening(tmp_path, capsys):
    code = main(["serve", "--store", str(tmp_path / "absent.db"), "--port", "1"])
    assert code == 5
    err = capsys.readouterr().err
    assert "there is no store at" in err and "absent.db" in err


def test_serve_short_token_refused(store_path, capsys):
    code = main(["serve", "--store", store_path, "--token", "abc"])
    assert code == 2
    assert "token" in capsys.readouterr().err


def test_serve_help_lists_options(capsys):
    assert main(["serve", "--help"]) == 0
    out = capsys.readouterr().out
    for option in ("--store", "--host", "--port", "--token", "--max-body", "--cors-origin"):
        assert option in out
