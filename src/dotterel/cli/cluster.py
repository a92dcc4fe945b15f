"""``dotterel cluster`` (bring the store's event clusters up to date, or rebuild them) and
``dotterel clusters`` (list them)."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from dotterel.cli.options import json_summary_option, progress_option, store_option
from dotterel.dedup import DedupConfig
from dotterel.store import EventStore
from dotterel.store.cluster_reads import ClusterFilter
from dotterel.store.clusters import DEFAULT_STEP_EVENTS


@contextmanager
def _bar(enabled: bool, total: int) -> Iterator[Callable[[int], None] | None]:
    if not enabled or total <= 0:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    columns = (BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True)) as bar:
        task = bar.add_task("cluster", total=total)
        yield lambda n: bar.advance(task, n)


@click.command("cluster")
@store_option
@click.option(
    "--rebuild",
    is_flag=True,
    help="Forget every cluster and cluster all events again (deterministic).",
)
@click.option(
    "--window-days",
    type=click.IntRange(min=0),
    default=None,
    help="Days either side of a report's date within which reports merge (default: the "
    "store's setting, 2 for a new store); changing it needs --rebuild.",
)
@click.option(
    "--step",
    type=click.IntRange(min=1),
    default=DEFAULT_STEP_EVENTS,
    show_default=True,
    help="Events placed per transaction.",
)
@click.option("--status", "status_only", is_flag=True, help="Only show how far clustering is.")
@progress_option
@json_summary_option
def cluster_command(
    store: str | None,
    rebuild: bool,
    window_days: int | None,
    step: int,
    status_only: bool,
    progress: bool | None,
    as_json: bool,
) -> None:
    """Group the store's events into real-world events (one cluster per event, many reports).

    Ingest and load keep clusters up to date as batches arrive; this command catches up after
    an ingest with --no-cluster or an interrupted run, and --rebuild recomputes every cluster
    from scratch, deterministically. Safe to interrupt: the next run goes on where it stopped.
    """
    config = None if window_days is None else DedupConfig(window_days=window_days)
    started = time.perf_counter()
    with EventStore(store) as db:
        if status_only:
            state = db.cluster_progress()
            click.echo(json.dumps(state.to_dict()) if as_json else _describe_progress(state))
            return
        show = sys.stderr.isatty() if progress is None else progress
        with _bar(show, db.count() if rebuild else db.cluster_progress().pending) as advance:
            if rebuild:
                counts = db.rebuild_clusters(config=config, step_events=step, progress=advance)
            else:
                counts = db.update_clusters(config=config, step_events=step, progress=advance)
        seconds = time.perf_counter() - started
        total = int(db.conn.execute("SELECT COUNT(*) FROM clusters").fetchone()[0])
        events = db.cluster_progress().last_event_pk
    out = {
        "store": db.path,
        "clustered": counts.events,
        "new_clusters": counts.new_clusters,
        "clusters": total,
        "seconds": round(seconds, 2),
    }
    if as_json:
        click.echo(json.dumps(out))
        return
    click.echo(
        f"clustered {counts.events} events in {seconds:.1f} s; the store now holds {events} "
        f"events in {total} clusters; store: {db.path}"
    )


def _describe_progress(state: Any) -> str:
    settings = ", ".join(f"{k}={v}" for k, v in state.config.to_dict().items())
    where = "up to date" if state.up_to_date else f"{state.pending} events waiting"
    if state.rebuilding:
        where += " (a rebuild is under way or was interrupted: run dotterel cluster)"
    elif not state.current_rules:
        where += (
            f" (made with older matching rules, version {state.rules}: run dotterel "
            "cluster --rebuild)"
        )
    return f"clusters: {where}; settings: {settings}"


@click.command("clusters")
@store_option
@click.option("--type", "event_type", default=None, help="PLOVER event type(s), comma-separated.")
@click.option("--actor", default=None, help="Actor code(s) the cluster's actors include.")
@click.option("--recipient", default=None, help="Recipient code(s), as --actor.")
@click.option("--country", default=None, help="Country code of the cluster's place.")
@click.option("--from", "date_from", default=None, help="Earliest date (YYYY[-MM[-DD]]).")
@click.option("--to", "date_to", default=None, help="Latest date; clusters lie wholly inside.")
@click.option(
    "--min-mentions", type=click.IntRange(min=1), default=1, show_default=True,
    help="Only clusters reported at least this many times.",
)  # fmt: skip
@click.option(
    "--limit",
    type=click.IntRange(1, 1000),
    default=50,
    show_default=True,
    help="Clusters per page.",
)
@click.option("--cursor", default=None, help="Continue after a previous page.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "jsonl"]),
    default="table",
    help="table: one line per cluster; jsonl: whole cluster records.",
)
def clusters_command(
    store: str | None,
    event_type: str | None,
    actor: str | None,
    recipient: str | None,
    country: str | None,
    date_from: str | None,
    date_to: str | None,
    min_mentions: int,
    limit: int,
    cursor: str | None,
    fmt: str,
) -> None:
    """List the store's event clusters, newest first: one row per real-world event."""
    filters = ClusterFilter(
        event_type=event_type,
        actor=actor,
        recipient=recipient,
        country=country,
        date_from=date_from,
        date_to=date_to,
        min_mentions=min_mentions,
    )
    with EventStore(store, readonly=True) as db:
        page = db.clusters(filters, limit=limit, cursor=cursor)
        if not db.cluster_progress().up_to_date:
            click.echo("note: some events are not clustered yet (run dotterel cluster)", err=True)
    for c in page.clusters:
        if fmt == "jsonl":
            click.echo(json.dumps(c.to_dict(), ensure_ascii=False))
            continue
        span = c.date_start if c.date_start == c.date_end else f"{c.date_start}..{c.date_end}"
        place = (c.location.name or c.location.text) if c.location else "-"
        click.echo(
            f"{c.id}  {span or '-':23}  {c.event_type:9}  {'+'.join(c.actor_codes) or '-'} -> "
            f"{'+'.join(c.recipient_codes) or '-'}  {place}  mentions={c.mention_count} "
            f"sources={len(c.sources)} certainty={c.certainty}"
        )
    if page.next_cursor:
        click.echo(f"more: --cursor {page.next_cursor}", err=True)


def register(group: click.Group) -> None:
    """Add ``cluster`` and ``clusters`` to the ``dotterel`` group."""
    group.add_command(cluster_command)
    group.add_command(clusters_command)
