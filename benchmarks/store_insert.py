"""Bulk insert rate of the event store, from Event records, with a same-run baseline.

    .venv/bin/python benchmarks/store_insert.py [--articles 5000] [--events 10] [--batch 100]
        [--split] [--sqlite pysqlite3]

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

With ``--split``, the store is written a second time with every statement timed, and the
seconds spent in each (and in building the rows) are printed per event. With ``--sqlite
pysqlite3`` everything runs on the SQLite bundled by the ``pysqlite3-binary`` package (install it
first; it is not a dependency) instead of the one Python was built with, to see what a newer
SQLite changes.

The target is 50,000 events/s.
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if "--sqlite" in sys.argv and "pysqlite3" in sys.argv:
    # Before anything imports sqlite3: the store then runs on pysqlite3's newer SQLite.
    import pysqlite3.dbapi2  # type: ignore[import-not-found]

    sys.modules["sqlite3"] = pysqlite3.dbapi2
    sys.modules["sqlite3.dbapi2"] = pysqlite3.dbapi2

import sqlite3  # noqa: E402

import dotterel.store.store as store_module  # noqa: E402
from dotterel.store import EventStore  # noqa: E402
from dotterel.store import rows as rowmod  # noqa: E402
from dotterel.store.synthetic import synthetic_articles  # noqa: E402

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


class _TimedConnection:
    """A connection whose ``executemany`` adds its seconds to a tally, by statement."""

    def __init__(self, conn: sqlite3.Connection, tally: collections.Counter[str]) -> None:
        self._conn, self._tally = conn, tally

    def executemany(self, sql: str, rows: Any) -> sqlite3.Cursor:
        start = time.perf_counter()
        try:
            return self._conn.executemany(sql, rows)
        finally:
            self._tally[" ".join(sql.split()[:3])] += time.perf_counter() - start

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def split_seconds(batches: list[list[Any]], folder: Path) -> collections.Counter[str]:
    """Seconds per statement (and for building rows) when the batches are written again."""
    tally: collections.Counter[str] = collections.Counter()
    insert, build = store_module.insert_events, store_module.batch_rows

    def timed_insert(conn: sqlite3.Connection, rows: rowmod.BatchRows) -> None:
        insert(_TimedConnection(conn, tally), rows)  # type: ignore[arg-type]

    def timed_build(*args: Any) -> rowmod.BatchRows:
        start = time.perf_counter()
        try:
            return build(*args)
        finally:
            tally["building rows (Python, JSON)"] += time.perf_counter() - start

    store_module.insert_events, store_module.batch_rows = timed_insert, timed_build  # type: ignore[assignment]
    try:
        store = EventStore(folder / "split.db")
        start = time.perf_counter()
        for batch in batches:
            store.add_coded(batch)  # type: ignore[arg-type]
        total = time.perf_counter() - start
        store.close()
    finally:
        store_module.insert_events, store_module.batch_rows = insert, build
    tally["everything else (articles, commits)"] = total - sum(tally.values())
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--events", type=int, default=10, help="events per article")
    parser.add_argument("--batch", type=int, default=100, help="articles per transaction")
    parser.add_argument("--split", action="store_true", help="time each statement too")
    parser.add_argument(
        "--sqlite", choices=("builtin", "pysqlite3"), default="builtin", help="SQLite library"
    )
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
        split = split_seconds(batches, folder) if args.split else None

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
    print(f"SQLite                {sqlite3.sqlite_version} ({args.sqlite})")
    if split is not None:
        total = sum(split.values())
        print(f"split (a second write, {n_events / total:,.0f} events/s): microseconds per event")
        for name, sec in split.most_common():
            print(f"  {sec / n_events * 1e6:6.1f}  {sec / total:4.0%}  {name}")


if __name__ == "__main__":
    main()
