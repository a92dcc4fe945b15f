"""A real ``dotterel serve`` on a free loopback port, and Debian's Chromium driven by Playwright.

Playwright (the Python package) is only the driver: the browser is /usr/bin/chromium, never a
downloaded one. ``bash scripts/install-browser-deps.sh`` installs both.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dotterel.store import EventStore
from dotterel.store.synthetic import synthetic_articles
from tests.server.server_records import build_sample_store

CHROMIUM = "/usr/bin/chromium"
#: Flags for a headless Chromium on a machine with no network but loopback.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPO = Path(__file__).resolve().parents[2]
#: Screenshots land here (git-ignored).
OUTPUT = REPO / "test-output" / "browser"
_MISSING = (
    "the browser tests need Chromium and Playwright: run  bash scripts/install-browser-deps.sh"
)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
            pytest.fail(f"dotterel serve exited with {proc.returncode}:\n{out}")
        try:
            with urllib.request.urlopen(url + "api/v1/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"dotterel serve did not answer at {url} within {timeout:.0f} s")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a ``dotterel serve`` over the sample store plus synthetic events."""
    path = str(tmp_path_factory.mktemp("browser") / "events.db")
    build_sample_store(path)
    with EventStore(path) as store:
        # Older synthetic events (2021-2023) beside the hand-made ones give the charts volume.
        store.add_coded(synthetic_articles(40, events_per_article=5, seed=3))
    port = _free_port()
    cmd = [
        sys.executable,
        "-c",
        "import sys; from dotterel.cli import main; sys.exit(main())",
        "serve",
        "--store",
        path,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    env = {k: v for k, v in os.environ.items() if k != "DOTTEREL_API_TOKEN"}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A persistent Chromium context with a fresh, temporary profile."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(_MISSING)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(_MISSING)
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1400, "height": 1000},
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser_context: Any, server: str) -> Iterator[Any]:
    """A new tab; records console errors and every URL requested, checked after the test."""
    tab = browser_context.new_page()
    tab.errors = []
    tab.requested = []
    tab.on("pageerror", lambda exc: tab.errors.append(str(exc)))
    tab.on("console", lambda m: tab.errors.append(m.text) if m.type == "error" else None)
    tab.on("request", lambda r: tab.requested.append(r.url))
    yield tab
    tab.close()


@pytest.fixture
def screenshot() -> Any:
    """``screenshot(page, name)``: a full-page PNG under test-output/browser/; returns its path."""

    def save(tab: Any, name: str) -> Path:
        OUTPUT.mkdir(parents=True, exist_ok=True)
        path = OUTPUT / f"{name}.png"
        tab.screenshot(path=str(path), full_page=True)
        return path

    return save
