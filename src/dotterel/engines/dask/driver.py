"""The driver side: stream articles to a Dask cluster in batches and tally what comes back.

:func:`run_dask` cuts the article stream into batches, keeps only a few tasks in flight so a
corpus of any size streams through, re-runs a batch whose worker keeps dying as single articles
(remembered under ``_split/``), and turns an article that still kills its worker into a reject
with stage ``worker``. :func:`connect` reaches a scheduler or starts a local cluster.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dotterel.engines.dask.shards import (
    DONE_DIR,
    SPLIT_DIR,
    part_name,
    write_input_rejects,
    write_part,
)
from dotterel.engines.dask.worker import CoderFactory, _rejected, _warm, code_batch
from dotterel.errors import ValidationError
from dotterel.records import Article, Reject

#: Articles per task: big enough to amortise scheduling, small enough to rebalance.
DEFAULT_BATCH_SIZE = 64


@dataclass
class DaskRunSummary:
    """What a :func:`run_dask` call did."""

    out_dir: str
    parts: int = 0
    skipped_parts: int = 0
    articles: int = 0
    events: int = 0
    rejects: int = 0
    seconds: float = 0.0
    #: Part of ``seconds`` spent loading coders on the workers before the first batch.
    preload_seconds: float = 0.0
    months: set[str] = field(default_factory=set)

    @property
    def articles_per_second(self) -> float:
        """Coding throughput over the whole run."""
        return self.articles / self.seconds if self.seconds else 0.0


def _batches(
    items: Iterable[Article | Reject], size: int, rejects: list[Reject]
) -> Iterator[list[Article]]:
    """Batches of articles; rejects met on the way (unreadable inputs) go to ``rejects``."""
    batch: list[Article] = []
    for item in items:
        if isinstance(item, Reject):
            rejects.append(item)
            continue
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def connect(scheduler: Any = None, *, workers: int = 2, timeout: float = 10.0) -> Any:
    """A ``distributed.Client``: to ``scheduler`` (an address such as ``tcp://host:8786``), or
    to a new local cluster of ``workers`` single-threaded processes when it is ``None``/"local".

    A :class:`distributed.Client` passed in is returned as is.
    """
    from distributed import Client, LocalCluster

    if isinstance(scheduler, Client):
        return scheduler
    if scheduler in (None, "", "local"):
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        return Client(cluster)
    try:
        return Client(scheduler, timeout=timeout)
    except (OSError, TimeoutError) as exc:
        raise ValidationError(
            f"cannot reach the Dask scheduler at {scheduler} ({exc})",
            hint="start one with `dask scheduler` and workers with `dask worker ADDRESS`, "
            "or check --scheduler",
        ) from None


def run_dask(
    articles: Iterable[Article | Reject],
    out_dir: str | os.PathLike[str],
    *,
    scheduler: Any = None,
    model: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    max_in_flight: int | None = None,
    retries: int = 2,
    coder_factory: CoderFactory | None = None,
    progress: Callable[[dict[str, Any]], None] | None = None,
    preload: bool = True,
    workers: int = 2,
) -> DaskRunSummary:
    """Code articles on a Dask cluster into Parquet shards under ``out_dir``.

    ``scheduler`` is an address, a ``distributed.Client``, or ``None`` for a local cluster of
    ``workers`` single-threaded processes. At most ``max_in_flight`` batches (default: twice
    the cluster's threads) are submitted at once, so the article stream is read lazily. A task
    whose worker dies is re-run by Dask on another worker; a task that raises is retried
    ``retries`` times.
    ``articles`` may carry :class:`Reject` records for inputs that could not be read (as
    ``dotterel.ingest.read_sources`` yields them): they are written to ``rejects/`` and loaded
    with the rest. ``progress`` is called with each finished part's counts. With ``preload``
    every worker loads its coder before the first batch (workers that join later load on first
    use).
    """
    from distributed import KilledWorker, as_completed

    if batch_size < 1:
        raise ValidationError("batch size must be at least 1")
    root = Path(out_dir)
    (root / DONE_DIR).mkdir(parents=True, exist_ok=True)
    client = connect(scheduler, workers=workers)
    owns_client = client is not scheduler
    summary = DaskRunSummary(out_dir=str(root))
    started = time.perf_counter()
    try:
        if preload:
            client.run(_warm, model, coder_factory)
            summary.preload_seconds = time.perf_counter() - started
        threads = sum(client.nthreads().values()) or 1
        limit = max_in_flight or 2 * threads
        pending = as_completed()
        inflight: dict[str, tuple[str, list[Article]]] = {}
        queue: list[tuple[str, list[Article]]] = []
        input_rejects: list[Reject] = []
        batches = enumerate(_batches(articles, batch_size, input_rejects))

        def split(part: str, batch: list[Article]) -> None:
            # Remember the split so a later run goes straight to the single articles and never
            # writes the whole batch beside them.
            marker = root / SPLIT_DIR / f"{part}.json"
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.write_text(json.dumps([a.id for a in batch]), encoding="utf-8")
            queue.extend((f"{part}-{k:03d}", [a]) for k, a in enumerate(batch))

        def submit_next() -> bool:
            while not queue:
                try:
                    index, batch = next(batches)
                except StopIteration:
                    return False
                part = part_name(index, batch)
                if (root / SPLIT_DIR / f"{part}.json").is_file():
                    split(part, batch)
                    continue
                queue.append((part, batch))
            part, batch = queue.pop(0)
            future = client.submit(
                code_batch,
                batch,
                str(root),
                part,
                model,
                coder_factory,
                key=f"dotterel-{part}",
                retries=retries,
                pure=False,
            )
            inflight[future.key] = (part, batch)
            pending.add(future)
            return True

        for _ in range(limit):
            if not submit_next():
                break

        def record(result: dict[str, Any]) -> None:
            summary.parts += 1
            summary.skipped_parts += int(result.get("skipped", False))
            summary.articles += int(result["articles"])
            summary.events += int(result["events"])
            summary.rejects += int(result["rejects"])
            summary.months.update(result["months"])
            if progress is not None:
                progress(result)

        suspects: list[tuple[str, list[Article]]] = []
        for future in pending:
            part, batch = inflight.pop(future.key)
            try:
                result = future.result()
            except KilledWorker:
                # Something keeps killing workers (a crash in native code, memory). Dask blames
                # every task that was on the dying worker, so re-run the batch's articles one by
                # one, and an article still blamed alone once nothing else runs.
                future.release()
                if len(batch) > 1:
                    split(part, batch)
                else:
                    suspects.append((part, batch))
                submit_next()
                continue
            future.release()
            record(result)
            submit_next()
        for part, batch in suspects:
            alone = client.submit(
                code_batch, batch, str(root), part, model, coder_factory,
                key=f"dotterel-{part}-alone", retries=retries, pure=False,
            )  # fmt: skip
            try:
                result = alone.result()
            except KilledWorker:
                reason = "the worker coding this article died repeatedly"
                result = write_part(root, part, [_rejected(batch[0], reason)])
            alone.release()
            record(result)
        if input_rejects:
            write_input_rejects(root, input_rejects)
            summary.rejects += len(input_rejects)
    finally:
        summary.seconds = time.perf_counter() - started
        if owns_client:
            cluster = client.cluster
            client.close()
            if cluster is not None:
                cluster.close()
    return summary
