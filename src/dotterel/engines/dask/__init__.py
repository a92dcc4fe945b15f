"""Coding on a ``dask.distributed`` cluster, writing date-partitioned Parquet shards.

The driver cuts the article stream into batches and submits one task per batch, keeping only a
few tasks in flight so a corpus of any size streams through. Each worker process keeps its
coder (and so its spaCy model) loaded between tasks; only plain records travel: articles to the
worker, a small count summary back. A task writes its results straight into the shard folder::

    SHARDS/events/month=2024-05/part-000012-3f9a0c1e.parquet   events, by event month
    SHARDS/events/month=unknown/part-….parquet                  events without a date
    SHARDS/articles/part-000012-3f9a0c1e.parquet                the batch's articles and rejects
    SHARDS/_done/part-000012-3f9a0c1e.json                      written last: the part is complete
    SHARDS/rejects/rejects-….parquet                            inputs that could not be read

File names depend only on the batch (its position and its article ids), and every file is
written under a temporary name and renamed, so a task that is re-run after a worker died
overwrites its own files: nothing is lost and nothing is doubled. Running the same job again
skips parts that are already done. A batch that keeps killing its workers (Dask gives up with
``KilledWorker``) is split into single articles (``_split/`` remembers it); a single article
that still kills its worker becomes a reject with stage ``worker``. :func:`load_shards`
(``dotterel load SHARDS --store PATH``) merges completed parts into an event store; loading
twice changes nothing.

The package follows that flow: ``shards`` (the folder's layout and how a part is written),
``worker`` (the task and the per-process coder), ``driver`` (:func:`run_dask`, :func:`connect`)
and ``loading`` (reading parts back, :func:`load_shards`).
"""

from __future__ import annotations

from dotterel.engines.dask.driver import DEFAULT_BATCH_SIZE, DaskRunSummary, connect, run_dask
from dotterel.engines.dask.loading import (
    completed_parts,
    iter_shard_events,
    iter_shards,
    load_shards,
    read_input_rejects,
    read_part,
)
from dotterel.engines.dask.shards import (
    ARTICLE_SCHEMA,
    ARTICLES_DIR,
    DONE_DIR,
    EVENTS_DIR,
    REJECT_SCHEMA,
    REJECTS_DIR,
    SPLIT_DIR,
    UNKNOWN_MONTH,
    CodedLike,
    ShardCoded,
    event_month,
    part_name,
    write_input_rejects,
    write_part,
)
from dotterel.engines.dask.worker import (
    CoderFactory,
    CoderLike,
    code_batch,
    default_coder_factory,
    worker_coder,
)

__all__ = [
    "ARTICLE_SCHEMA",
    "ARTICLES_DIR",
    "DEFAULT_BATCH_SIZE",
    "DONE_DIR",
    "EVENTS_DIR",
    "REJECT_SCHEMA",
    "REJECTS_DIR",
    "SPLIT_DIR",
    "UNKNOWN_MONTH",
    "CodedLike",
    "CoderFactory",
    "CoderLike",
    "DaskRunSummary",
    "ShardCoded",
    "code_batch",
    "completed_parts",
    "connect",
    "default_coder_factory",
    "event_month",
    "iter_shard_events",
    "iter_shards",
    "load_shards",
    "part_name",
    "read_input_rejects",
    "read_part",
    "run_dask",
    "worker_coder",
    "write_input_rejects",
    "write_part",
]
