"""Bulk insert rate of the event store, from Event records, with a same-run baseline.

    .venv/bin/python benchmarks/store_insert.py [--articles 5000] [--events 10] [--batch 100]

Synthetic coded articles (``dotterel.store.synthetic``: realistic field sizes, generated words)
are built in memory first (not timed), then written with ``EventStore.add_coded`` in
transactions of ``--batch`` articles to a fresh store in a temporary folder. The figure is
events per second, end to end from records (serialisation, articles, events, participants,
dyads, running totals, full-text index, indexes, commits); the rate including the final
checkpoint (closing the store) is printed beside it. Also printed:

* the split between preparing rows in Python and executing the SQL;
* a baseline measured in the same run: the rate of the simplest possible insert (three
  columns, no index) on this machine, which shows how fast the machine is at the moment;
* a floor measured in the same run: events/s when storing nothing but each event's JSON
  row with its id index (no filter columns, no other index, no full-text index), the least
  any store that keeps whole events must do.

The target is 50,000 events/s.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import tempfile
import time
from pathlib import Path

from dotterel.store import EventStore
from dotterel.store import rows as rowmod
from dotterel.store.synthetic import synthetic_articles

TARGET = 50_000


def baseline_rows_per_second(n: int, folder: Path) -> float:
    """Rows/s of a bare three-column insert in one transaction (the machine's floor)."""
    conn = sqlite3.connect(folder / "baseline.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT, c TEXT)")
    data = [(i, "x" * 150, "abc") for i in range(1, n + 1)]
    start = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO t VALUES (?, ?, ?)", data)
    conn.execute("COMMIT")
    seconds = time.perf_counter() - start
    conn.close()
    return n / seconds


def prepare_seconds(batches: list[list[object]]) -> float:
    """Time to turn the records into row tuples (the Python half of add_coded)."""
    start = time.perf_counter()
    for batch in batches:
        rowmod.batch_rows((e for c in batch for e in c.events), 1)  # type: ignore[attr-defined]
    return time.perf_counter() - start


def floor_events_per_second(batches: list[list[object]], folder: Path) -> float:
    """Events/s storing only (pk, id, JSON) per event, with the id index, same batches."""
    conn = sqlite3.connect(folder / "floor.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("CREATE TABLE e (pk INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, data TEXT)")
    n = 0
    start = time.perf_counter()
    for batch in batches:
        rows = [
            (n + i, e.id, rowmod.event_json(e))
            for i, e in enumerate((e for c in batch for e in c.events), 1)  # type: ignore[attr-defined]
        ]
        n += len(rows)
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO e VALUES (?, ?, ?)", rows)
        conn.execute("COMMIT")
    conn.close()
    return n / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--events", type=int, default=10, help="events per article")
    parser.add_argument("--batch", type=int, default=100, help="articles per transaction")
    args = parser.parse_args()

    print(f"generating {args.articles} articles x {args.events} events (not timed) ...")
    coded = list(synthetic_articles(args.articles, events_per_article=args.events))
    n_events = sum(len(c.events) for c in coded)
    batches = [coded[i : i + args.batch] for i in range(0, len(coded), args.batch)]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")

    with tempfile.TemporaryDirectory(prefix="dotterel-bench-") as tmp:
        folder = Path(tmp)
        floor = baseline_rows_per_second(n_events, folder)
        least = floor_events_per_second(batches, folder)
        store = EventStore(folder / "events.db")
        start = time.perf_counter()
        for batch in batches:
            store.add_coded(batch)
        seconds = time.perf_counter() - start
        store.close()  # the last checkpoint: every page is in the database file
        closed = time.perf_counter() - start
        size = os.path.getsize(folder / "events.db")
        prep = prepare_seconds(batches)

    rate = n_events / seconds
    print(
        f"events written        {n_events:,} in {len(batches)} transactions "
        f"of {args.batch} articles"
    )
    print(f"bulk insert           {rate:,.0f} events/s ({seconds:.2f} s)")
    print(f"  with final checkpoint {n_events / closed:,.0f} events/s ({closed:.2f} s)")
    print(f"  preparing rows      {prep:.2f} s ({prep / seconds:.0%} of the time)")
    sql = max(seconds - prep, 1e-9)
    print(f"  SQL and commits     {sql:.2f} s ({n_events / sql:,.0f} events/s)")
    print(f"store size            {size / 1e6:.0f} MB ({size / n_events:.0f} bytes/event)")
    print(f"baseline (same run)   {floor:,.0f} bare 3-column rows/s")
    print(f"floor (same run)      {least:,.0f} events/s storing only JSON + id per event")
    print(f"ratio to baseline     {rate / floor:.3f} events per bare row")
    print(f"ratio to floor        {rate / least:.2f}")
    print(f"ratio to target       {rate / TARGET:.2f} of {TARGET:,} events/s")
    print(f"load average (1 min)  {load:.2f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
