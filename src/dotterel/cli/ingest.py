"""``dotterel ingest``: code files, folders, feeds and corpora into an event store."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from dotterel.cli.options import (
    json_summary_option,
    model_option,
    progress_option,
    store_option,
)
from dotterel.errors import ValidationError
from dotterel.ingest import DEFAULT_TIMEOUT, FORMATS, FieldMap, estimate_total, read_sources
from dotterel.settings import DEFAULT_MAX_BYTES
from dotterel.store import EventStore, store_path


@contextmanager
def progress_bar(enabled: bool, total: int | None) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr with articles/s and ETA, or nothing when disabled."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        Task,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task: Task) -> Text:
            speed = task.finished_speed or task.speed
            return Text(f"{speed:.1f} articles/s" if speed else "- articles/s")

    columns = [
        TextColumn("ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    ]
    with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
        task = bar.add_task("ingest", total=total)
        yield lambda n: bar.advance(task, n)


@click.command("ingest")
@click.argument("sources", nargs=-1, required=True)
@store_option
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: all CPUs); 1 codes in this process.",
)
@model_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="auto",
    show_default=True,
    help="Input format; auto guesses from the file name, then the first bytes.",
)
@click.option("--field-id", default=None, help="JSONL/CSV field holding the article id [id].")
@click.option("--field-text", default=None, help="JSONL/CSV field holding the text [text].")
@click.option("--field-title", default=None, help="JSONL/CSV field holding the title [title].")
@click.option(
    "--field-date", default=None, help="JSONL/CSV field holding the publication date [date]."
)
@click.option("--field-url", default=None, help="JSONL/CSV field holding the URL [url].")
@click.option("--field-source", default=None, help="JSONL/CSV field holding the outlet [source].")
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=None,
    help="Articles per task and per store transaction.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Largest article accepted.",
)
@click.option(
    "--timeout",
    type=float,
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help="Seconds to wait for a feed or page URL.",
)
@progress_option
@json_summary_option
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="local: this machine's cores; dask: a dask.distributed cluster writing Parquet shards.",
)
@click.option(
    "--scheduler", default=None, help="Dask scheduler address (default: a local cluster)."
)
@click.option(
    "--shards",
    default=None,
    type=click.Path(file_okay=False),
    help="Shard folder for --engine dask.",
)
@click.option(
    "--load/--no-load",
    default=True,
    show_default=True,
    help="With --engine dask, merge the shards into --store afterwards.",
)
@click.option(
    "--cluster/--no-cluster",
    default=True,
    show_default=True,
    help="Place new events in the store's event clusters after every batch (a later "
    "dotterel cluster catches up after --no-cluster).",
)
@click.option(
    "--nice",
    type=click.IntRange(0, 19),
    default=0,
    show_default=True,
    help="Lower this run's CPU priority (as nice(1); its workers inherit it), so that a server "
    "or dashboard on the same machine stays responsive while it codes.",
)
@click.option("--coder", type=click.Choice(["dotterel", "fake"]), default="dotterel", hidden=True)
def ingest_command(
    sources: tuple[str, ...],
    store: str | None,
    workers: int | None,
    model: str | None,
    fmt: str,
    field_id: str | None,
    field_text: str | None,
    field_title: str | None,
    field_date: str | None,
    field_url: str | None,
    field_source: str | None,
    batch_size: int | None,
    max_bytes: int,
    timeout: float,
    progress: bool | None,
    as_json: bool,
    engine: str,
    scheduler: str | None,
    shards: str | None,
    load: bool,
    cluster: bool,
    nice: int,
    coder: str,
) -> None:
    """Code SOURCES (files, folders, globs, feed or page URLs, - for stdin) into the store.

    Articles already in the store are skipped, so an interrupted run resumes where it stopped.
    Unreadable inputs and articles that cannot be coded are recorded as rejects with the stage
    and reason; the run goes on.
    """
    fieldmap = FieldMap.from_options(
        id=field_id,
        text=field_text,
        title=field_title,
        date=field_date,
        url=field_url,
        source=field_source,
    )
    path = store_path(store)
    show = sys.stderr.isatty() if progress is None else progress
    lower_priority(nice)
    if engine == "dask":
        _ingest_dask(
            sources,
            path,
            fmt,
            fieldmap,
            max_bytes,
            timeout,
            model,
            batch_size,
            scheduler,
            shards,
            load,
            coder,
            as_json,
            cluster,
        )
        return
    from dotterel.engines.local import DEFAULT_BATCH_SIZE, run

    total = estimate_total(sources, fmt) if show else None
    with progress_bar(show, total) as advance:
        summary = run(
            list(sources),
            path,
            workers=workers,
            model=model,
            batch_size=batch_size or DEFAULT_BATCH_SIZE,
            fmt=fmt,
            fieldmap=fieldmap,
            max_bytes=max_bytes,
            timeout=timeout,
            coder=coder,
            progress=advance,
            run_args={"sources": list(sources), "format": fmt, "fields": fieldmap.names()},
            cluster=cluster,
        )
    click.echo(json.dumps(summary.to_dict()) if as_json else summary.describe())


def lower_priority(increment: int) -> None:
    """Raise this process's niceness by ``increment``; worker processes started later inherit it.

    Coding is CPU-bound batch work; at a higher niceness the kernel gives the CPU to interactive
    processes first (a server answering requests), and to the coder whenever they are idle, so
    a run alone on the machine is not slowed. Where the platform has no ``nice`` it is ignored.
    """
    if increment and hasattr(os, "nice"):
        os.nice(increment)


def _ingest_dask(
    sources: tuple[str, ...],
    path: str,
    fmt: str,
    fieldmap: FieldMap,
    max_bytes: int,
    timeout: float,
    model: str | None,
    batch_size: int | None,
    scheduler: str | None,
    shards: str | None,
    load: bool,
    coder: str,
    as_json: bool,
    cluster: bool = True,
) -> None:
    from dotterel.engines.dask import DEFAULT_BATCH_SIZE, load_shards, run_dask

    if not shards:
        raise ValidationError(
            "--engine dask needs --shards DIR", hint="a folder every worker can write to"
        )
    factory: Any = None
    if coder == "fake":
        from dotterel.engines.fake import fake_coder_factory

        factory = fake_coder_factory
    items = read_sources(sources, fmt=fmt, fieldmap=fieldmap, max_bytes=max_bytes, timeout=timeout)
    result = run_dask(
        items,
        shards,
        scheduler=scheduler,
        model=model,
        batch_size=batch_size or DEFAULT_BATCH_SIZE,
        coder_factory=factory,
    )
    out: dict[str, Any] = {
        "shards": os.fspath(shards),
        "articles": result.articles,
        "events": result.events,
        "rejects": result.rejects,
        "seconds": round(result.seconds, 2),
    }
    if load:
        with EventStore(path) as store:
            run_id = store.start_run({"sources": list(sources), "engine": "dask", "shards": shards})
            counts = load_shards(shards, store, run_id=run_id, cluster=cluster)
            store.finish_run(
                run_id, {"loaded_articles": counts.articles, "loaded_events": counts.events}
            )
        out.update(store=path, loaded_articles=counts.articles, loaded_events=counts.events)
    if as_json:
        click.echo(json.dumps(out))
    else:
        click.echo(", ".join(f"{k}: {v}" for k, v in out.items()))


def register(group: click.Group) -> None:
    """Add ``dotterel ingest`` to the CLI."""
    group.add_command(ingest_command)
