"""The local batch runner: read sources, code on all cores, write to the store exactly once.

Worker processes each load the coder (and its spaCy model) once, in their initializer, and get
batches of articles; only plain records travel between processes. The main process reads the
sources, skips articles the store already has, and is the store's only writer: every finished
batch is one transaction holding its article rows and all their events. Killing the run at any
moment (even with SIGKILL) therefore leaves whole articles or nothing, and running the same
command again codes exactly the articles that are missing.

A worker that dies (out of memory, a crash in native code) takes its batch with it; the runner
then re-codes the articles of the lost batches one at a time in a fresh pool, and an article
that kills its worker again is stored as rejected (stage ``worker``) so the batch goes on.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass
from typing import Any

from dotterel.coder import CodedArticle
from dotterel.errors import DotterelError, ValidationError
from dotterel.ingest import DEFAULT_TIMEOUT, NOTE_STAGE, FieldMap, read_sources
from dotterel.records import Article, Event, Reject
from dotterel.settings import DEFAULT_MAX_BYTES
from dotterel.store import EventStore

#: Articles per task sent to a worker (and per store transaction).
DEFAULT_BATCH_SIZE = 32
#: Coders the runner can use, by name (``fake`` is the test double).
CODERS = ("dotterel", "fake")

#: What a worker sends back per article: its id, its events, and its reject if any.
Result = tuple[str, tuple[Event, ...], Reject | None]


@dataclass
class RunSummary:
    """What one run did. ``rejects`` excludes notes (articles kept without a bad date)."""

    run_id: str
    store: str
    articles: int = 0
    events: int = 0
    rejects: int = 0
    notes: int = 0
    skipped: int = 0
    seconds: float = 0.0

    @property
    def articles_per_second(self) -> float:
        """Articles coded per second of wall time."""
        return self.articles / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        """The counts as a JSON-ready dict."""
        return {**asdict(self), "articles_per_second": round(self.articles_per_second, 2)}

    def describe(self) -> str:
        """A one-paragraph human summary."""
        return (
            f"coded {self.articles} articles ({self.events} events) in {self.seconds:.1f} s "
            f"({self.articles_per_second:.1f} articles/s); skipped {self.skipped} already in the "
            f"store; {self.rejects} rejects, {self.notes} notes; store: {self.store}"
        )


def make_coder(name: str, model: str | None) -> Any:
    """The coder called ``name`` (see :data:`CODERS`) for ``model``."""
    if name == "fake":
        from dotterel.engines.fake import FakeCoder

        return FakeCoder(model)
    if name == "dotterel":
        from dotterel.coder import Coder

        return Coder(model)
    raise ValidationError(f"unknown coder {name!r}", hint=f"use one of {', '.join(CODERS)}")


# -- worker side -------------------------------------------------------------------------------

_CODER: Any = None
_INIT_ERROR: BaseException | None = None


def _init_worker(coder: str, model: str | None) -> None:
    """Load the coder once per worker process; an error is kept and raised by the first task."""
    global _CODER, _INIT_ERROR
    # Ctrl-C goes to the whole process group; only the main process decides how to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        _CODER = make_coder(coder, model)
    except BaseException as exc:  # noqa: BLE001 - reported to the main process by _code_batch
        _INIT_ERROR = exc


def _code_with(coder: Any, articles: list[Article], batch_size: int) -> list[Result]:
    """Code a batch; if the coder breaks on the batch, code its articles one by one."""
    try:
        coded = list(coder.code_articles(articles, batch_size=batch_size))
        if [c.article.id for c in coded] != [a.id for a in articles]:
            raise RuntimeError("the coder returned a different set of articles")
    except DotterelError:
        raise
    except Exception:  # noqa: BLE001 - isolate the failing article below
        coded = [_code_one(coder, a) for a in articles]
    return [(c.article.id, tuple(c.events), c.reject) for c in coded]


def _code_one(coder: Any, article: Article) -> CodedArticle:
    try:
        return coder.code_article(article)  # type: ignore[no-any-return]
    except DotterelError:
        raise
    except Exception as exc:  # noqa: BLE001 - one bad article never stops a batch
        reason = f"internal error while coding: {type(exc).__name__}: {exc}"[:500]
        reject = Reject(article.origin or article.id, "code", reason, article_id=article.id)
        return CodedArticle(article, (), reject)


def _code_batch(articles: list[Article], batch_size: int) -> list[Result]:
    """The task a worker runs."""
    if _INIT_ERROR is not None:
        raise _INIT_ERROR
    return _code_with(_CODER, articles, batch_size)


# -- main process ------------------------------------------------------------------------------


def _batches(
    items: Iterable[Article | Reject], size: int, on_reject: Callable[[Reject], None]
) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for item in items:
        if isinstance(item, Reject):
            on_reject(item)
            continue
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class _Runner:
    """State of one run: the store, counts, the rejects waiting to be written, progress."""

    def __init__(
        self,
        store: EventStore,
        summary: RunSummary,
        progress: Callable[[int], None] | None,
        cluster: bool = True,
    ) -> None:
        self.store = store
        self.summary = summary
        self.cluster = cluster
        self.progress = progress or (lambda n: None)
        self.pending: list[Reject] = []
        self.inflight: set[str] = set()

    def reject(self, reject: Reject) -> None:
        if reject.stage == NOTE_STAGE:
            self.summary.notes += 1
        else:
            self.summary.rejects += 1
            self.progress(1)
        self.pending.append(reject)
        if len(self.pending) >= 200:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            self.store.add_rejects(self.pending, self.summary.run_id)
            self.pending = []

    def fresh(self, batch: list[Article]) -> list[Article]:
        """The articles of a batch that are neither stored nor being coded."""
        known = self.store.coded_ids(a.id for a in batch) | self.inflight
        out: list[Article] = []
        for article in batch:
            if article.id in known:
                self.summary.skipped += 1
                self.progress(1)
            else:
                known.add(article.id)
                out.append(article)
        self.inflight.update(a.id for a in out)
        return out

    def write(self, articles: list[Article], results: list[Result]) -> None:
        by_id = {a.id: a for a in articles}
        coded = [CodedArticle(by_id[i], events, reject) for i, events, reject in results]
        self.flush()
        counts = self.store.add_coded(coded, self.summary.run_id)
        if self.cluster and counts.events:
            # Its own transaction after the batch's: a crash in between leaves the events
            # waiting past the clustering watermark, and the next update places them.
            self.store.update_clusters()
        self.summary.articles += counts.articles - counts.rejects
        self.summary.events += counts.events
        self.summary.rejects += counts.rejects
        self.summary.skipped += counts.duplicates
        self.inflight.difference_update(by_id)
        self.progress(len(articles))


def run(
    sources: Iterable[str],
    store_path: str | os.PathLike[str] | None = None,
    *,
    workers: int | None = None,
    model: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    fmt: str = "auto",
    fieldmap: FieldMap | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    coder: str = "dotterel",
    progress: Callable[[int], None] | None = None,
    run_args: dict[str, Any] | None = None,
    cluster: bool = True,
) -> RunSummary:
    """Read ``sources``, code every article not yet in the store, and store the results.

    ``workers`` defaults to the number of CPUs; 1 codes in this process. ``progress`` is called
    with the number of articles handled (coded, skipped or rejected) as the run advances.
    ``cluster`` places new events in the store's event clusters after every batch.
    """
    sources = list(sources)
    items = read_sources(sources, fmt=fmt, fieldmap=fieldmap, max_bytes=max_bytes, timeout=timeout)
    return run_items(
        items,
        store_path,
        workers=workers,
        model=model,
        batch_size=batch_size,
        coder=coder,
        progress=progress,
        run_args=run_args or {"sources": sources},
        cluster=cluster,
    )


def run_items(
    items: Iterable[Article | Reject],
    store_path: str | os.PathLike[str] | None = None,
    *,
    workers: int | None = None,
    model: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    coder: str = "dotterel",
    progress: Callable[[int], None] | None = None,
    run_args: dict[str, Any] | None = None,
    cluster: bool = True,
) -> RunSummary:
    """Like :func:`run` over already-read articles and rejects."""
    workers = workers or os.cpu_count() or 1
    if workers < 1 or batch_size < 1:
        raise ValidationError("--workers and --batch-size must be at least 1")
    if coder not in CODERS:
        raise ValidationError(f"unknown coder {coder!r}", hint=f"use one of {', '.join(CODERS)}")
    started = time.perf_counter()
    with EventStore(store_path) as store:
        args = {"workers": workers, "model": model, "batch_size": batch_size, "coder": coder}
        run_id = store.start_run({**(run_args or {}), **args})
        summary = RunSummary(run_id=run_id, store=store.path)
        runner = _Runner(store, summary, progress, cluster)
        status = "failed"
        try:
            batches = (
                fresh
                for batch in _batches(items, batch_size, runner.reject)
                if (fresh := runner.fresh(batch))
            )
            if workers == 1:
                local = make_coder(coder, model)
                for batch in batches:
                    runner.write(batch, _code_with(local, batch, batch_size))
            else:
                _run_pool(runner, batches, workers, coder, model, batch_size)
            runner.flush()
            if cluster:
                store.update_clusters()  # events a crashed or --no-cluster run left waiting
            status = "finished"
        except KeyboardInterrupt:
            status = "interrupted"
            raise
        finally:
            summary.seconds = time.perf_counter() - started
            try:
                runner.flush()
                counts = summary.to_dict()
                for key in ("run_id", "store"):
                    counts.pop(key)
                store.finish_run(run_id, counts, status=status)
            except DotterelError:
                if status == "finished":
                    raise
    return summary


def _pool(workers: int, coder: str, model: str | None) -> ProcessPoolExecutor:
    # spawn: a clean interpreter per worker (no forked locks or SQLite handles), the same on
    # every platform.
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_init_worker,
        initargs=(coder, model),
    )


def _run_pool(
    runner: _Runner,
    batches: Iterator[list[Article]],
    workers: int,
    coder: str,
    model: str | None,
    batch_size: int,
) -> None:
    """Keep at most two batches per worker in flight; write each as it finishes."""
    pool = _pool(workers, coder, model)
    inflight: dict[Future[list[Result]], list[Article]] = {}
    try:
        exhausted = False
        while not exhausted or inflight:
            while not exhausted and len(inflight) < 2 * workers:
                batch = next(batches, None)
                if batch is None:
                    exhausted = True
                    break
                inflight[pool.submit(_code_batch, batch, batch_size)] = batch
            if not inflight:
                break
            done, _ = wait(inflight, return_when=FIRST_COMPLETED)
            lost: list[Article] = []
            for future in done:
                batch = inflight.pop(future)
                try:
                    results = future.result()
                except BrokenProcessPool:
                    lost.extend(batch)
                    continue
                runner.write(batch, results)
            if lost:
                # Every batch in flight died with the pool: re-code them one article at a time.
                for future, batch in inflight.items():
                    future.cancel()
                    lost.extend(batch)
                inflight.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _isolate(runner, lost, workers, coder, model, batch_size)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _isolate(
    runner: _Runner,
    articles: list[Article],
    workers: int,
    coder: str,
    model: str | None,
    batch_size: int,
) -> ProcessPoolExecutor:
    """Code articles one at a time; one that kills its worker is stored as rejected."""
    pool = _pool(workers, coder, model)
    for article in articles:
        try:
            results = pool.submit(_code_batch, [article], batch_size).result()
        except BrokenProcessPool:
            pool.shutdown(wait=False, cancel_futures=True)
            pool = _pool(workers, coder, model)
            reason = "the coding process died on this article (crash or out of memory)"
            reject = Reject(article.origin or article.id, "worker", reason, article_id=article.id)
            results = [(article.id, (), reject)]
        runner.write([article], results)
    return pool
