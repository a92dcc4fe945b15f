"""Cost of the store's incremental event clustering, how much duplicates shrink, and how far
incremental clustering agrees with a from-scratch rebuild.

    .venv/bin/python benchmarks/cluster_incremental.py [--events 100000] [--kind both]
        [--folder /tmp/dotterel-bench] [--rebuild-stores] [--tail 20000] [--no-memory]

Two kinds of synthetic store (built once, kept in ``--folder``, not timed):

* ``random``: ``dotterel.store.synthetic`` articles (ten events each, random types, actors,
  places and dates over three years): few true duplicates, the worst case for look-ups;
* ``dupes``: ``dotterel.dedup.synthetic.duplicate_reports``: real-world events reported about
  four times each, with the usual drift (a day off, publication or month dates, unresolved
  actors, places given as the country), each report knowing its true event.

Printed per store (wall time, and this process's CPU time, which other load moves less):

* ``whole``: ``update_clusters`` over every event in pk order (steps of 1,000): µs per event;
* ``ingest-like``: the last ``--tail`` events placed in steps of 320 (a 32-article batch)
  after all earlier events are clustered: µs per event with a full store of clusters;
* ``rebuild``: ``rebuild_clusters`` from scratch (date order): µs per event;
* baseline in the same run: one in-memory ``Clusterer`` over the same events in the same order
  (CPU µs per event), and the ratio of CPU times (``--no-memory`` skips it for large stores);
* events, clusters and the shrink factor; for ``dupes`` the pair agreement (precision, recall,
  F1, adjusted Rand) of incremental and of rebuild against the truth, and of incremental
  against rebuild.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path
from typing import Any

from dotterel.dedup import Clusterer
from dotterel.dedup.compare import pair_agreement
from dotterel.dedup.synthetic import duplicate_reports
from dotterel.records import Event
from dotterel.store import EventStore
from dotterel.store.synthetic import synthetic_articles

INGEST_STEP = 320


def build(path: Path, kind: str, n_events: int) -> float:
    """Write a store of about ``n_events`` events, unclustered; returns seconds."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    source: Any = (
        synthetic_articles(n_events // 10, events_per_article=10)
        if kind == "random"
        else duplicate_reports(n_events // 4, mean_reports=4.0, days=365 * 3)
    )
    start = time.perf_counter()
    with EventStore(path) as store:
        pending = []
        for coded in source:
            pending.append(coded)
            if len(pending) >= 500:
                store.add_coded(pending)
                pending = []
        store.add_coded(pending)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return time.perf_counter() - start


def assignments(store: EventStore) -> dict[int, int]:
    """Event pk → cluster pk."""
    return dict(store.conn.execute("SELECT event_pk, cluster_pk FROM cluster_members"))


def truth(store: EventStore) -> dict[int, int]:
    """Event pk → index of the real-world event it reports (``dupes`` stores)."""
    sql = "SELECT pk, json_extract(data, '$.extensions.truth') FROM events"
    return {pk: t for pk, t in store.conn.execute(sql) if t is not None}


def reset(store: EventStore) -> None:
    """Forget every cluster (so the incremental run starts from nothing)."""
    with store._write() as conn:
        for table in ("clusters", "cluster_members", "cluster_keys", "cluster_rebuild"):
            conn.execute(f"DELETE FROM {table}")
        conn.execute("UPDATE cluster_progress SET watermark = 0, rebuild_upto = NULL")


def in_memory_seconds(store: EventStore) -> tuple[float, int]:
    """The same events through one in-memory Clusterer in pk order (decoding not timed)."""
    sources = dict(store.conn.execute("SELECT id, source FROM articles"))
    events = [
        Event.from_dict(json.loads(d))
        for (d,) in store.conn.execute("SELECT data FROM events ORDER BY pk")
    ]
    clusterer = Clusterer()
    start = time.process_time()
    for event in events:
        clusterer.add(event, source=sources.get(event.article_id))
    return time.process_time() - start, len(clusterer)


def agreement_line(name: str, a: dict[int, int], b: dict[int, int]) -> str:
    r = pair_agreement(a, b)
    return (
        f"  {name:28} precision {r.precision:.4f}  recall {r.recall:.4f}  F1 {r.f1:.4f}  "
        f"adjusted Rand {r.adjusted_rand:.4f}"
    )


def timed(fn: Any) -> tuple[float, float]:
    """Wall and CPU seconds of ``fn()`` (CPU time barely moves with other load on the machine)."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def per_event(seconds: tuple[float, float], n: int) -> str:
    wall, cpu = seconds
    return f"{wall / max(n, 1) * 1e6:7.1f} µs/event wall, {cpu / max(n, 1) * 1e6:7.1f} CPU"


def run(path: Path, kind: str, tail: int, memory: bool) -> None:
    with EventStore(path) as store:
        n = store.count()
        reset(store)
        print(f"\n== {kind}: {path.name}, {n:,} events")
        placed = n - tail
        whole = timed(lambda: store.update_clusters(max_events=max(0, placed)))
        before = store.conn.execute("SELECT COUNT(*) FROM clusters").fetchone()[0]
        tail_s = timed(lambda: store.update_clusters(step_events=INGEST_STEP))
        n_clusters = store.conn.execute("SELECT COUNT(*) FROM clusters").fetchone()[0]
        print(f"whole (steps of 1,000):      {per_event(whole, placed)} ({placed:,} events)")
        print(
            f"ingest-like (steps of {INGEST_STEP}):  {per_event(tail_s, tail)} "
            f"(the last {tail:,} events, {before:,} clusters already stored)"
        )
        incremental = assignments(store)
        print(f"clusters: {n_clusters:,} for {n:,} events (shrink {n / n_clusters:.2f}x)")
        if memory:
            seconds, mem_clusters = in_memory_seconds(store)
            per = seconds / n * 1e6
            store_per = (whole[1] + tail_s[1]) / n * 1e6
            print(
                f"baseline, in-memory Clusterer: {per:7.1f} µs/event CPU ({mem_clusters:,} "
                f"clusters); store / in-memory (CPU) = {store_per / per:.2f}"
            )
        rebuild = timed(store.rebuild_clusters)
        rebuilt = assignments(store)
        r_clusters = store.conn.execute("SELECT COUNT(*) FROM clusters").fetchone()[0]
        print(
            f"rebuild (precise first):     {per_event(rebuild, n)} "
            f"({rebuild[0]:.0f} s; {r_clusters:,} clusters, shrink {n / r_clusters:.2f}x)"
        )
        print("pair agreement:")
        print(agreement_line("incremental vs rebuild", rebuilt, incremental))
        if kind == "dupes":
            known = truth(store)
            print(agreement_line("incremental vs truth", known, incremental))
            print(agreement_line("rebuild vs truth", known, rebuilt))
            print(
                f"  true events: {len(set(known.values())):,} "
                f"(shrink {n / len(set(known.values())):.2f}x)"
            )
        size = path.stat().st_size / 1e6
        print(f"store file {size:.0f} MB; peak RSS {peak_mb():.0f} MB")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--kind", choices=("random", "dupes", "both"), default="both")
    parser.add_argument("--folder", default="/tmp/dotterel-bench")
    parser.add_argument("--rebuild-stores", action="store_true")
    parser.add_argument("--tail", type=int, default=20_000)
    parser.add_argument("--no-memory", action="store_true", help="skip the in-memory baseline")
    args = parser.parse_args()
    kinds = ("random", "dupes") if args.kind == "both" else (args.kind,)
    for kind in kinds:
        path = Path(args.folder) / f"cluster_{kind}_{args.events}.db"
        if args.rebuild_stores or not path.exists():
            seconds = build(path, kind, args.events)
            print(f"built {path} in {seconds:.0f} s (not part of the figures)")
        run(path, kind, min(args.tail, args.events // 2), not args.no_memory)


if __name__ == "__main__":
    main()
