"""The shard folder's layout and how a part is written: file names, schemas, atomic writes.

A part's files are named from the batch alone (:func:`part_name`), events are partitioned by
month (:func:`event_month`), and every file is written under a temporary name and renamed, with
the ``_done`` marker last: a re-run task overwrites its own files and a reader never sees half
a part. Reading the folder back is :mod:`dotterel.engines.dask.loading`.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from dotterel.export.parquet import write_parquet
from dotterel.records import Article, Event, Reject
from dotterel.store import CodedLike

#: Folder names inside a shard directory.
EVENTS_DIR, ARTICLES_DIR, DONE_DIR, SPLIT_DIR = "events", "articles", "_done", "_split"
REJECTS_DIR = "rejects"
#: The month partition of events without a date.
UNKNOWN_MONTH = "unknown"

ARTICLE_SCHEMA = pa.schema(
    [
        pa.field("id", pa.string(), nullable=False),
        ("text", pa.string()),
        ("title", pa.string()),
        ("date", pa.string()),
        ("url", pa.string()),
        ("source", pa.string()),
        ("language", pa.string()),
        ("origin", pa.string()),
        ("reject_stage", pa.string()),
        ("reject_reason", pa.string()),
        ("reject_origin", pa.string()),
        ("reject_line", pa.int64()),
    ],
    metadata={b"dotterel": b"articles/1"},
)


@dataclass(frozen=True)
class ShardCoded:
    """A coded article rebuilt from shards (satisfies the store's ``CodedLike``)."""

    article: Article
    events: tuple[Event, ...]
    reject: Reject | None = None


def part_name(index: int, articles: Iterable[Article]) -> str:
    """The deterministic name of a batch's shard files."""
    digest = hashlib.sha1("\n".join(a.id for a in articles).encode("utf-8")).hexdigest()[:8]
    return f"part-{index:06d}-{digest}"


def event_month(event: Event) -> str:
    """The month partition of an event: ``YYYY-MM``, or ``unknown`` without a month."""
    if event.date and len(event.date) >= 7:
        return event.date[:7]
    return UNKNOWN_MONTH


def _write_atomic_table(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_part(root: Path, part: str, coded: Sequence[CodedLike]) -> dict[str, Any]:
    """Write one part's event shards, article shard and (last) its ``_done`` marker."""
    done = root / DONE_DIR / f"{part}.json"
    by_month: dict[str, list[Event]] = {}
    rows: list[dict[str, Any]] = []
    for item in coded:
        row = item.article.to_dict()
        reject = item.reject
        row.update(
            reject_stage=reject.stage if reject else None,
            reject_reason=reject.reason if reject else None,
            reject_origin=reject.origin if reject else None,
            reject_line=reject.line if reject else None,
        )
        rows.append(row)
        if reject is None:
            for event in item.events:
                by_month.setdefault(event_month(event), []).append(event)
    lookup = {item.article.id: item.article for item in coded}
    for month, events in sorted(by_month.items()):
        path = root / EVENTS_DIR / f"month={month}" / f"{part}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        write_parquet(events, path, articles=lookup)
    _write_atomic_table(
        pa.Table.from_pylist(rows, schema=ARTICLE_SCHEMA), root / ARTICLES_DIR / f"{part}.parquet"
    )
    summary = {
        "part": part,
        "articles": len(coded),
        "events": sum(len(v) for v in by_month.values()),
        "rejects": sum(1 for item in coded if item.reject is not None),
        "months": sorted(by_month),
    }
    done.parent.mkdir(parents=True, exist_ok=True)
    tmp = done.with_name(f".{done.name}.tmp")
    tmp.write_text(json.dumps(summary), encoding="utf-8")
    os.replace(tmp, done)
    return summary


REJECT_SCHEMA = pa.schema(
    [
        pa.field("origin", pa.string(), nullable=False),
        pa.field("stage", pa.string(), nullable=False),
        pa.field("reason", pa.string(), nullable=False),
        ("article_id", pa.string()),
        ("line", pa.int64()),
    ],
    metadata={b"dotterel": b"rejects/1"},
)


def write_input_rejects(root: Path, rejects: Sequence[Reject]) -> Path:
    """Write rejects of unreadable inputs; the name hashes the content, so a rerun overwrites."""
    digest = hashlib.sha1("\n".join(r.to_json() for r in rejects).encode("utf-8")).hexdigest()
    path = root / REJECTS_DIR / f"rejects-{digest[:12]}.parquet"
    rows = [r.to_dict() for r in rejects]
    _write_atomic_table(pa.Table.from_pylist(rows, schema=REJECT_SCHEMA), path)
    return path
