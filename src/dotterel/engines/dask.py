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
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pyarrow as pa
import pyarrow.parquet as pq

from dotterel.errors import InputError, ValidationError
from dotterel.export.parquet import read_parquet_events, write_parquet
from dotterel.records import Article, Event, Reject

#: Articles per task: big enough to amortise scheduling, small enough to rebalance.
DEFAULT_BATCH_SIZE = 64
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


class CodedLike(Protocol):
    """What a coder yields per article (``dotterel.coder.CodedArticle``)."""

    @property
    def article(self) -> Article: ...
    @property
    def events(self) -> tuple[Event, ...]: ...
    @property
    def reject(self) -> Reject | None: ...


class CoderLike(Protocol):
    """The part of ``dotterel.coder.Coder`` the engine uses."""

    def code_articles(self, articles: Iterable[Article]) -> Iterator[CodedLike]: ...


#: Builds a coder for a model name on a worker; must be picklable (a module-level function).
CoderFactory = Callable[[str | None], CoderLike]


@dataclass(frozen=True)
class ShardCoded:
    """A coded article rebuilt from shards (satisfies the store's ``CodedLike``)."""

    article: Article
    events: tuple[Event, ...]
    reject: Reject | None = None


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


# -- worker side -----------------------------------------------------------------------------

_CODERS: dict[tuple[Any, str | None], tuple[CoderLike, threading.Lock]] = {}
_CODERS_LOCK = threading.Lock()


def default_coder_factory(model: str | None) -> CoderLike:
    """The real coder (loads the spaCy model once per process)."""
    from dotterel.api import get_coder

    coder: CoderLike = get_coder(model)
    return coder


def worker_coder(
    model: str | None, factory: CoderFactory | None = None
) -> tuple[CoderLike, threading.Lock]:
    """This process's coder for ``model``, built on first use and kept for later tasks.

    The lock serialises use of one coder by several worker threads (a spaCy pipeline is not
    meant to be shared between threads).
    """
    factory = factory or default_coder_factory
    key = (factory, model)
    with _CODERS_LOCK:
        if key not in _CODERS:
            _CODERS[key] = (factory(model), threading.Lock())
        return _CODERS[key]


def _warm(model: str | None, factory: CoderFactory | None) -> bool:
    worker_coder(model, factory)
    return True


def part_name(index: int, articles: Iterable[Article]) -> str:
    """The deterministic name of a batch's shard files."""
    digest = hashlib.sha1("\n".join(a.id for a in articles).encode("utf-8")).hexdigest()[:8]
    return f"part-{index:06d}-{digest}"


def event_month(event: Event) -> str:
    """The month partition of an event: ``YYYY-MM``, or ``unknown`` without a month."""
    if event.date and len(event.date) >= 7:
        return event.date[:7]
    return UNKNOWN_MONTH


def _code_safely(coder: CoderLike, articles: list[Article]) -> list[CodedLike]:
    """Code a batch; if the batch fails as a whole, code article by article (one bad article
    becomes a reject, the rest are kept)."""
    try:
        return list(coder.code_articles(articles))
    except Exception:  # noqa: BLE001 - a coder bug must not lose the whole batch
        out: list[CodedLike] = []
        for article in articles:
            try:
                out.extend(coder.code_articles([article]))
            except Exception as exc:  # noqa: BLE001
                reason = f"{type(exc).__name__}: {exc}"
                reject = Reject(article.origin or article.id, "code", reason, article.id)
                out.append(ShardCoded(article, (), reject))
        return out


def _rejected(article: Article, reason: str) -> ShardCoded:
    return ShardCoded(
        article, (), Reject(article.origin or article.id, "worker", reason, article.id)
    )


def _write_atomic_table(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def code_batch(
    articles: list[Article],
    out_dir: str,
    part: str,
    model: str | None = None,
    factory: CoderFactory | None = None,
) -> dict[str, Any]:
    """The task: code one batch on a worker and write its shard files; return counts only."""
    root = Path(out_dir)
    done = root / DONE_DIR / f"{part}.json"
    if done.is_file():
        return dict(json.loads(done.read_text(encoding="utf-8")), skipped=True)
    coder, lock = worker_coder(model, factory)
    with lock:
        coded = _code_safely(coder, articles)
    return dict(write_part(root, part, coded), skipped=False)


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


def read_input_rejects(shards_dir: str | os.PathLike[str]) -> list[Reject]:
    """The rejects of unreadable inputs recorded in a shard folder."""
    out: list[Reject] = []
    for path in sorted((Path(shards_dir) / REJECTS_DIR).glob("rejects-*.parquet")):
        out.extend(Reject.from_dict(row) for row in pq.read_table(path).to_pylist())
    return out


# -- driver side -----------------------------------------------------------------------------


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


# -- reading and loading shards --------------------------------------------------------------


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
    shards_dir: str | os.PathLike[str], store: Any, *, run_id: str | None = None
) -> Any:
    """Merge every completed part into an ``EventStore`` (one transaction per part).

    Articles the store already holds are skipped, so loading twice (or loading a folder that
    overlaps an earlier ingest) changes nothing. Returns the store's summed ``WriteCounts``.
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
    return total
