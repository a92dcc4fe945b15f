"""Fixtures for the server tests: the sample store and TestClients over the API."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dotterel.records import Event
from tests.server.server_records import build_sample_store, make_client, sample_coded

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette warns about httpx, which it still uses
    from fastapi.testclient import TestClient


@pytest.fixture(scope="session")
def sample_events() -> list[Event]:
    """The six sample events."""
    return [e for c in sample_coded() for e in c.events]


@pytest.fixture
def store_path(tmp_path: Path) -> str:
    """A store file holding the sample articles."""
    return build_sample_store(str(tmp_path / "events.db"))


@pytest.fixture
def client_for() -> Any:
    """``client_for(path, **settings)``: a TestClient over an app with those settings."""
    return make_client


@pytest.fixture
def client(store_path: str) -> Iterator[TestClient]:
    """The API over the sample store, read-only, no token."""
    with make_client(store_path) as c:
        yield c
