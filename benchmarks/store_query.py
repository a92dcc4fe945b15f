"""Query times over a store of 1,000,000 synthetic events (dyad-by-month must take ≤ 1 s).

    .venv/bin/python benchmarks/store_query.py [--events 1000000] [--path /tmp/...] [--rebuild]

Builds (once; reused while it exists, migrated if older, unless ``--rebuild``) a store of
synthetic coded articles (``dotterel.store.synthetic``, ten events each) through
``EventStore.add_coded``, reporting the build time, then times the aggregates and pages the
dashboard and API need. Each query runs once cold and three more times; the best warm time and
the cold time are printed. The headline is the dyad-by-month aggregate over every event,
against the 1 s budget.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dotterel.store import EventFilter, EventStore, queries
from dotterel.store.synthetic import synthetic_articles

BUDGET = 1.0
DEFAULT_PATH = Path(tempfile.gettempdir()) / "dotterel-bench" / "events-1m.db"


def build(path: Path, n_events: int, per_article: int = 10, batch: int = 500) -> float:
    """Create the store; returns seconds spent (generation included, reported separately)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    n_articles = n_events // per_article
    generated = 0.0
    start = time.perf_counter()
    with EventStore(path) as store:
        pending = []
        t = time.perf_counter()
        for coded in synthetic_articles(n_articles, events_per_article=per_article, seed=11):
            pending.append(coded)
            if len(pending) >= batch:
                generated += time.perf_counter() - t
                store.add_coded(pending)
                pending = []
                t = time.perf_counter()
        generated += time.perf_counter() - t
        store.add_coded(pending)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.conn.execute("ANALYZE")
    total = time.perf_counter() - start
    writing = total - generated
    print(
        f"built {n_events:,} events in {total:.0f} s: generating records {generated:.0f} s, "
        f"storing {writing:.0f} s ({n_events / writing:,.0f} events/s)"
    )
    return total


def timed(label: str, query: Callable[[], Any], runs: int = 3) -> float:
    """Print and return the best warm time of ``query``."""
    start = time.perf_counter()
    result = query()
    cold = time.perf_counter() - start
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        query()
        best = min(best, time.perf_counter() - start)
    size = len(result) if hasattr(result, "__len__") else result
    if hasattr(result, "events"):
        size = len(result.events)
    print(f"{label:<48} {best * 1000:8.0f} ms  (cold {cold * 1000:.0f} ms, {size} rows)")
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--path", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()

    if args.rebuild or not args.path.exists():
        build(args.path, args.events)
    else:
        # A store kept from an older dotterel is migrated in place before it is timed.
        EventStore(args.path).close()
    with EventStore(args.path, readonly=True) as store:
        stats = store.stats()
        size = sum(
            os.path.getsize(f"{args.path}{s}")
            for s in ("", "-wal")
            if os.path.exists(f"{args.path}{s}")
        )
        gigabytes = size / 1e9
        print(
            f"store: {stats['events']:,} events, {stats['articles']:,} articles, {gigabytes:.1f} GB"
        )
        everything = EventFilter()
        headline = timed(
            "dyads by month, all events", lambda: store.dyads(everything, interval="month")
        )
        timed(
            "dyads by month, all events, counting events",
            lambda: queries.dyads(store.conn, everything, interval="month", rollup=False),
        )
        timed("dyads, all events", lambda: store.dyads(everything))
        timed(
            "dyads by month, country=UA",
            lambda: store.dyads(EventFilter(country="UA"), interval="month"),
        )
        timed("timeline by month x event type", lambda: store.timeline(everything))
        timed(
            "timeline by week x quad class",
            lambda: store.timeline(everything, interval="week", by="quad_code"),
        )
        timed("events page, actor=USA (100)", lambda: store.query_events(EventFilter(actor="USA")))
        timed(
            "events page, dyad=RUS-UKR, 2022 (100)",
            lambda: store.query_events(
                EventFilter(dyad="RUS-UKR", date_from="2022", date_to="2022")
            ),
        )
        timed(
            "count ASSAULT in 2022",
            lambda: store.count(
                EventFilter(event_type="ASSAULT", date_from="2022", date_to="2022")
            ),
        )
        timed("full-text 'ceasefire talks' (100)", lambda: store.search("ceasefire talks"))
        first = store.query_events(limit=100)
        timed(
            "events page 2 by cursor (100)",
            lambda: store.query_events(limit=100, cursor=first.next_cursor),
        )
    verdict = "within" if headline <= BUDGET else "OVER"
    print(
        f"dyad-by-month aggregate: {headline:.3f} s, {verdict} the {BUDGET:.0f} s budget "
        f"(ratio {headline / BUDGET:.2f})"
    )
    print(f"load average (1 min) {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
