"""Latency of the HTTP API's routes over a store of 1,000,000 synthetic events.

    .venv/bin/python benchmarks/api_latency.py [--events 1000000] [--path /tmp/...] [--rebuild]

Builds (once; reused while it exists, unless ``--rebuild``) a store of synthetic coded
articles (``dotterel.store.synthetic``, ten events each), then sends each request of a
dashboard session through the app in-process (FastAPI's TestClient: routing, validation,
store query, JSON encoding; no socket). Every request runs once cold, then ``--runs`` times;
the cold time, median and worst warm times are printed. Aggregates are cached by the server
until the store changes, so their warm times show the cache; the cold column shows the query.
The baseline, measured in the same run, is ``GET /api/v1/health`` (the fixed cost of a request).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import warnings
from pathlib import Path

from dotterel.server import ServerSettings, create_app
from dotterel.store import EventStore
from dotterel.store.synthetic import build_synthetic_store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

DEFAULT_PATH = Path(tempfile.gettempdir()) / "dotterel-serve-bench" / "events-1m.db"


def build(path: Path, n_events: int) -> None:
    """Create the store from synthetic articles."""
    seconds = build_synthetic_store(path, n_events)
    print(f"built {n_events:,} events in {seconds:.0f} s", flush=True)


def measure(client: TestClient, url: str, runs: int) -> tuple[float, float, float]:
    """Cold, median warm and worst warm milliseconds of GET ``url`` (must answer 200)."""
    times = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code} {response.text[:200]}")
    return times[0], statistics.median(times[1:]), max(times[1:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--path", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if args.rebuild or not args.path.exists():
        build(args.path, args.events)
    with EventStore(args.path):
        pass  # a store kept from an older dotterel is migrated (the server opens it read-only)
    app = create_app(ServerSettings(store=str(args.path), allowed_hosts=("testserver",)))
    with TestClient(app) as client:
        total = client.get("/api/v1/health").json()["events"]
        page = client.get("/api/v1/events?limit=50").json()
        deep = page["next_cursor"]
        for _ in range(200):  # 200 pages in: a cursor 10,000 events deep
            deep = client.get(f"/api/v1/events?limit=50&cursor={deep}").json()["next_cursor"]
        event_id = page["items"][0]["id"]
        urls = [
            "/api/v1/health",
            "/api/v1/events?limit=50",
            "/api/v1/events?limit=50&count=true",
            "/api/v1/events?limit=500",
            f"/api/v1/events?limit=50&cursor={deep}",
            "/api/v1/events?limit=50&event_type=ASSAULT&actor=USA",
            "/api/v1/events?limit=50&text=ceasefire%20convoy&count=true",
            "/api/v1/events?limit=50&country=UA&date_from=2022-03&date_to=2022-05&count=true",
            f"/api/v1/events/{event_id}",
            "/api/v1/timeline?interval=month&by=event_type",
            "/api/v1/timeline?interval=week&by=quad_code&actor=USA",
            "/api/v1/dyads?limit=40",
            "/api/v1/dyads?limit=40&event_type=PROTEST",
            "/api/v1/countries",
            "/api/v1/places?limit=1000",
        ]
        print(f"store: {args.path} ({total:,} events); {args.runs} warm runs per request")
        print(f"{'request':<82} {'cold ms':>8} {'p50 ms':>8} {'max ms':>8}")
        base = None
        for url in urls:
            cold, p50, worst = measure(client, url, args.runs)
            base = base if base is not None else p50
            shown = url if len(url) <= 80 else url[:77] + "..."
            print(f"{shown:<82} {cold:8.1f} {p50:8.1f} {worst:8.1f}")
        print(f"baseline (health, p50): {base:.1f} ms")


if __name__ == "__main__":
    main()
