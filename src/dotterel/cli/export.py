"""``dotterel export`` (events as PLOVER JSONL, CSV, Parquet or a GDELT-style table) and
``dotterel load`` (merge Dask shards into a store)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import click

from dotterel.cli.options import store_option
from dotterel.cli.query import build_filter as build_store_filter
from dotterel.cli.query import event_filter_options
from dotterel.dedup import DEFAULT_WINDOW_DAYS, ClusterAssigner, DedupConfig
from dotterel.errors import ValidationError
from dotterel.export import FORMATS, STYLES, cached_lookup, export_events, read_event_file


def build_filter(values: dict[str, Any]) -> Any:
    """An ``EventFilter`` from the ``filter_*`` options that were given (``None`` if none)."""
    if not any(v for k, v in values.items() if k.startswith("filter_")):
        return None
    return build_store_filter(values)


@contextlib.contextmanager
def _open_events(store: str | None, input_path: str | None, filters: Any) -> Iterator[Any]:
    """Yield (events, article lookup, store or None) from a store or an event file."""
    if input_path:
        if filters is not None:
            raise ValidationError(
                "filters apply to a store, not to --input",
                hint="load the file into a store first (dotterel load), or drop the filters",
            )
        yield read_event_file(input_path), None, None
        return
    from dotterel.store import EventStore

    with EventStore(store, readonly=True) as db:
        yield db.iter_events(filters), cached_lookup(db.get_article), db


def _dedup_with(db: Any, config: DedupConfig) -> DedupConfig | ClusterAssigner:
    """The store's clusters when they are up to date with these settings, else the settings
    (the clusters are then computed during the export)."""
    stored = db.stored_clusters(config) if db is not None else None
    if stored is None:
        if db is not None:
            progress = db.cluster_progress()
            why = (
                "some events are not clustered yet: dotterel cluster places them"
                if not progress.up_to_date
                else "the store's clusters use other settings or older matching rules"
            )
            click.echo(f"dedup: computing clusters ({why})", err=True)
        return config
    click.echo("dedup: using the store's clusters", err=True)
    return stored  # type: ignore[no-any-return]


@click.command("export")
@store_option
@click.option(
    "--input",
    "input_path",
    default=None,
    type=click.Path(exists=True),
    help="Export from a JSONL file (dotterel code output), a Parquet file or a Dask shard "
    "folder instead of a store.",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="plover", show_default=True)
@click.option("--out", default="-", show_default=True, help="Output file; - is standard output.")
@event_filter_options
@click.option(
    "--dedup/--no-dedup",
    default=False,
    show_default=True,
    help="Cluster reports of the same real-world event (GDELT: one row per event); uses the "
    "store's clusters when they are up to date, else computes them.",
)
@click.option(
    "--window-days",
    type=click.IntRange(min=0),
    default=DEFAULT_WINDOW_DAYS,
    show_default=True,
    help="Days either side of a report's date within which --dedup merges reports.",
)
@click.option(
    "--plover-style",
    type=click.Choice(STYLES),
    default="plover",
    show_default=True,
    help="plover: field names of the PLOVER 0.8 manual; gsr: those of the PLOVER gold file.",
)
@click.option("--no-text", is_flag=True, help="Leave evidence sentences out of PLOVER records.")
@click.option("--delimiter", default=None, help="Field separator for csv (,) and gdelt (tab).")
@click.option("--no-header", is_flag=True, help="gdelt: no header line, as GDELT's own files.")
@click.option("--gdelt-extras", is_flag=True, help="gdelt: append dotterel's own columns.")
def export_command(
    store: str | None,
    input_path: str | None,
    fmt: str,
    out: str,
    dedup: bool,
    window_days: int,
    plover_style: str,
    no_text: bool,
    delimiter: str | None,
    no_header: bool,
    gdelt_extras: bool,
    **filters: Any,
) -> None:
    """Export events as PLOVER JSONL, CSV, Parquet or a GDELT-style table.

    Events come from the store (all of them, or those the filters select) or from --input.
    The output streams, so exports of any size run in constant memory (except --dedup, which
    keeps one small record per real-world event). See docs/exports.md for every field.
    """
    if store and input_path:
        raise ValidationError("give --store or --input, not both")
    if delimiter == "\\t":
        delimiter = "\t"
    with _open_events(store, input_path, build_filter(filters)) as (events, articles, db):
        config = DedupConfig(window_days=window_days)
        count = export_events(
            events,
            out,
            fmt,
            articles=articles,
            dedup=_dedup_with(db, config) if dedup else False,
            plover_style=plover_style,
            include_text=not no_text,
            delimiter=delimiter,
            header=not no_header,
            gdelt_extras=gdelt_extras,
        )
    unit = "rows" if fmt == "gdelt" else "events"
    click.echo(f"wrote {count} {unit} to {'standard output' if out == '-' else out}", err=True)


@click.command("load")
@click.argument("shards", type=click.Path(exists=True, file_okay=False))
@store_option
@click.option(
    "--cluster/--no-cluster",
    default=True,
    show_default=True,
    help="Place the loaded events in the store's event clusters.",
)
def load_command(shards: str, store: str | None, cluster: bool) -> None:
    """Merge Parquet shards written by the Dask engine into an event store.

    Only complete parts are loaded (a part is complete when its _done marker exists), each in
    one transaction. Articles already in the store are skipped, so loading again, or loading
    a folder that a crashed run left half done, never doubles anything.
    """
    import dataclasses

    from dotterel.engines.dask import load_shards
    from dotterel.store import EventStore

    with EventStore(store) as db:
        run_id = db.start_run({"command": "load", "shards": shards})
        counts = load_shards(shards, db, run_id=run_id, cluster=cluster)
        db.finish_run(run_id, dataclasses.asdict(counts))
    click.echo(
        f"loaded {counts.articles} articles, {counts.events} events, {counts.rejects} rejects "
        f"into {db.path} ({counts.duplicates} articles were already there)",
        err=True,
    )


def register(group: click.Group) -> None:
    """Add ``export`` and ``load`` to the ``dotterel`` group."""
    group.add_command(export_command)
    group.add_command(load_command)
