"""Reading a shard folder back: completed parts, their coded articles, and loading a store.

Only parts whose ``_done`` marker exists are read, one part at a time, so memory stays flat
however large the folder. :func:`load_shards` (``dotterel load SHARDS --store PATH``) merges
them into an event store, skipping articles it already holds, so loading twice changes nothing,
and then places the new events in the store's event clusters.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow.parquet as pq

from dotterel.engines.dask.shards import (
    ARTICLE_SCHEMA,
    ARTICLES_DIR,
    DONE_DIR,
    EVENTS_DIR,
    REJECTS_DIR,
    ShardCoded,
)
from dotterel.errors import InputError
from dotterel.export.parquet import read_parquet_events
from dotterel.records import Article, Event, Reject

if TYPE_CHECKING:
    from dotterel.store import EventStore, WriteCounts


def read_input_rejects(shards_dir: str | os.PathLike[str]) -> list[Reject]:
    """The rejects of unreadable inputs recorded in a shard folder."""
    out: list[Reject] = []
    for path in sorted((Path(shards_dir) / REJECTS_DIR).glob("rejects-*.parquet")):
        out.extend(Reject.from_dict(row) for row in pq.read_table(path).to_pylist())
    return out


def completed_parts(shards_dir: str | os.PathLike[str]) -> list[str]:
    """The names of the parts whose ``_done`` marker exists, in order."""
    root = Path(shards_dir)
    if not (root / DONE_DIR).is_dir():
        raise InputError(
            "not a dotterel shard folder (no _done/ inside)",
            source=str(root),
            hint="give the folder written by `dotterel ingest --engine dask`",
        )
    return sorted(p.stem for p in (root / DONE_DIR).glob("part-*.json"))


def read_part(shards_dir: str | os.PathLike[str], part: str) -> list[ShardCoded]:
    """The coded articles of one completed part, with their events and rejects."""
    root = Path(shards_dir)
    events: dict[str, list[Event]] = {}
    for path in sorted((root / EVENTS_DIR).glob(f"month=*/{part}.parquet")):
        for event in read_parquet_events(path):
            events.setdefault(event.article_id, []).append(event)
    out: list[ShardCoded] = []
    table = pq.read_table(root / ARTICLES_DIR / f"{part}.parquet", schema=ARTICLE_SCHEMA)
    for row in table.to_pylist():
        reject = None
        if row["reject_stage"] is not None:
            reject = Reject(
                origin=row["reject_origin"] or row["id"],
                stage=row["reject_stage"],
                reason=row["reject_reason"] or "",
                article_id=row["id"],
                line=row["reject_line"],
            )
        article = Article.from_dict(row)
        out.append(ShardCoded(article, tuple(events.get(article.id, ())), reject))
    return out


def iter_shards(shards_dir: str | os.PathLike[str]) -> Iterator[ShardCoded]:
    """Every coded article in a shard folder, part by part (memory: one part at a time)."""
    for part in completed_parts(shards_dir):
        yield from read_part(shards_dir, part)


def iter_shard_events(shards_dir: str | os.PathLike[str]) -> Iterator[Event]:
    """Every event in a shard folder (for exporting straight from shards)."""
    for coded in iter_shards(shards_dir):
        yield from coded.events


def load_shards(
    shards_dir: str | os.PathLike[str],
    store: EventStore,
    *,
    run_id: str | None = None,
    cluster: bool = True,
) -> WriteCounts:
    """Merge every completed part into an ``EventStore`` (one transaction per part).

    Articles the store already holds are skipped, so loading twice (or loading a folder that
    overlaps an earlier ingest) changes nothing. ``cluster`` then places the loaded events (and
    any an earlier write left waiting) in the store's event clusters, as ``dotterel ingest``
    does; without it ``dotterel cluster`` catches up later. Returns the store's summed
    ``WriteCounts``.
    """
    from dotterel.store import WriteCounts

    total = WriteCounts()
    for part in completed_parts(shards_dir):
        counts = store.add_coded(read_part(shards_dir, part), run_id)
        total = WriteCounts(
            total.articles + counts.articles,
            total.events + counts.events,
            total.rejects + counts.rejects,
            total.duplicates + counts.duplicates,
        )
    inputs = read_input_rejects(shards_dir)
    if inputs:
        added = store.add_rejects(inputs, run_id)
        total = WriteCounts(total.articles, total.events, total.rejects + added, total.duplicates)
    if cluster:
        # In steps of their own after the parts' commits: a crash in between leaves the events
        # waiting past the clustering watermark, and the next update places them.
        store.update_clusters()
    return total
