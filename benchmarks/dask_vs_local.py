"""Dask on local workers against the local runner, on the same articles, in one run.

    .venv/bin/python benchmarks/dask_vs_local.py [--articles N] [--workers 2] [--batch-size 16]

Timings over the same texts:

* ``single``: one process, ``Coder.code_articles`` (the floor every runner must beat);
* ``local``:  the local batch runner (``dotterel.engines.local``) with ``--workers`` processes,
  when that module is installed;
* ``dask``:   ``run_dask`` on a ``LocalCluster`` of ``--workers`` single-threaded processes,
  writing Parquet shards; reported with and without the one-off model load on the workers.

Prints articles/s for each and the ratio of Dask to the local runner (or to one process when
the local runner is missing). Texts: the PolNeAR article files in ../shared/gold/polnear when
present, else the bundled sample articles repeated.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DOTTEREL_SHARED") or REPO.parent / "shared")


def load_articles(limit: int) -> tuple[list[Any], str]:
    """Up to ``limit`` articles and a description of where their texts came from."""
    from dotterel.records import Article

    polnear = SHARED / "gold" / "polnear"
    files = sorted(polnear.glob("*/**/*.txt")) if polnear.is_dir() else []
    texts: list[str] = []
    if files:
        seen: set[str] = set()
        for f in files:
            text = f.read_text(encoding="utf-8", errors="replace")
            if text not in seen:
                seen.add(text)
                texts.append(text)
            if len(texts) >= limit:
                break
        where = f"PolNeAR article texts ({len(texts)} files)"
    else:
        from dotterel.cli.code import sample_articles

        samples = [a.text for a in sample_articles()]
        texts = [samples[i % len(samples)] + f"\n\n({i})" for i in range(limit)]
        where = f"bundled samples repeated ({len(texts)} texts; ../shared absent)"
    articles = [
        Article(id=Article.make_id(t), text=t, date="2016-10-01", source="bench") for t in texts
    ]
    return articles, where


def run_single(articles: list[Any]) -> tuple[float, int]:
    from dotterel.api import get_coder

    coder = get_coder(None)
    list(coder.code_articles(articles[:2]))  # load and warm the model outside the timing
    start = time.perf_counter()
    events = sum(len(c.events) for c in coder.code_articles(articles))
    return time.perf_counter() - start, events


def run_local(articles: list[Any], workers: int, tmp: Path) -> tuple[float, int] | None:
    """The local batch runner on ``workers`` processes, writing into a fresh store."""
    try:
        from dotterel.engines.local import run_items
    except ImportError:
        return None
    from dotterel.store import EventStore

    path = tmp / "local.db"
    start = time.perf_counter()
    run_items(articles, path, workers=workers)
    seconds = time.perf_counter() - start
    with EventStore(path, readonly=True) as store:
        return seconds, store.count()


def run_on_dask(articles: list[Any], workers: int, batch_size: int, tmp: Path) -> tuple[Any, int]:
    from distributed import Client, LocalCluster

    from dotterel.engines.dask import run_dask

    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        summary = run_dask(articles, tmp / "shards", scheduler=client, batch_size=batch_size)
    return summary, summary.events


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args()

    articles, where = load_articles(args.articles)
    words = sum(len(a.text.split()) for a in articles)
    print(f"articles: {len(articles)} ({words} words) from {where}")
    n = len(articles)
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        single_s, single_events = run_single(articles)
        print(f"single process : {n / single_s:7.2f} articles/s  ({single_events} events)")
        local = run_local(articles, args.workers, tmp)
        if local is None:
            print("local runner   : not available (dotterel.engines.local missing)")
        else:
            print(f"local runner   : {n / local[0]:7.2f} articles/s  ({local[1]} events)")
        summary, dask_events = run_on_dask(articles, args.workers, args.batch_size, tmp)
    coding = summary.seconds - summary.preload_seconds
    print(
        f"dask {args.workers} workers: {n / coding:7.2f} articles/s after model load, "
        f"{n / summary.seconds:.2f} with it ({summary.preload_seconds:.1f} s load; "
        f"{dask_events} events)"
    )
    baseline, name = (local[0], "local runner") if local else (single_s, "single process")
    print(f"ratio dask/{name}: {baseline / coding:.2f} (after load), "
          f"{baseline / summary.seconds:.2f} (with load)")  # fmt: skip
    if dask_events != single_events:
        print(f"WARNING: event counts differ (single {single_events}, dask {dask_events})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
