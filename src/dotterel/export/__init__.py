"""Exports: PLOVER JSONL, flat CSV, typed Parquet and a CAMEO / GDELT-style table.

Every writer streams: it takes any iterable of :class:`~dotterel.records.Event` (a store query,
a file, a generator) and writes as it goes, so a million events never sit in memory at once.
:func:`export_events` picks the writer by format name; ``docs/exports.md`` documents every field.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from dotterel.dedup import ClusterAssigner, Clusterer, DedupConfig
from dotterel.errors import InputError, ValidationError
from dotterel.export._common import ArticleLookup, cached_lookup
from dotterel.export.gdelt import EXTRA_COLUMNS, GDELT_COLUMNS, write_gdelt
from dotterel.export.parquet import SCHEMA, read_parquet_events, write_parquet
from dotterel.export.plover import EXTENSION_KEY, STYLES, event_to_plover, write_plover
from dotterel.export.tabular import CSV_COLUMNS, event_to_row, write_csv
from dotterel.ontology import Ontology
from dotterel.records import Article, Event

#: The export formats, as named on the command line.
FORMATS = ("plover", "csv", "parquet", "gdelt")

__all__ = [
    "CSV_COLUMNS",
    "EXTENSION_KEY",
    "EXTRA_COLUMNS",
    "FORMATS",
    "GDELT_COLUMNS",
    "SCHEMA",
    "STYLES",
    "ArticleLookup",
    "cached_lookup",
    "event_to_plover",
    "event_to_row",
    "export_events",
    "read_event_file",
    "read_parquet_events",
    "write_csv",
    "write_gdelt",
    "write_parquet",
    "write_plover",
]


@contextlib.contextmanager
def _text_out(out: str | os.PathLike[str] | IO[str]) -> Iterator[IO[str]]:
    if not isinstance(out, (str, os.PathLike)):
        yield out
        return
    if str(out) == "-":
        yield sys.stdout
        return
    target = Path(out)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as handle:
            yield handle
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def export_events(
    events: Iterable[Event],
    out: str | os.PathLike[str] | IO[str],
    fmt: str,
    *,
    articles: ArticleLookup | Mapping[str, Article] | None = None,
    dedup: bool | DedupConfig | ClusterAssigner = False,
    ontology: Ontology | None = None,
    plover_style: str = "plover",
    include_text: bool = True,
    delimiter: str | None = None,
    header: bool = True,
    gdelt_extras: bool = False,
) -> int:
    """Write events in one of :data:`FORMATS` to a path (``-`` for stdout) or text stream.

    ``articles`` supplies article metadata (URL, outlet, title, language) by article id.
    ``dedup`` clusters events into real-world events as they stream (``True`` for the default
    :class:`~dotterel.dedup.DedupConfig`): PLOVER gets ``link``, CSV and Parquet ``cluster_id``,
    and the GDELT table one row per cluster with its mention counts. Files are written under a
    temporary name and renamed when complete. Returns the number of records (GDELT: rows).
    """
    if fmt not in FORMATS:
        raise ValidationError(f"unknown export format {fmt!r}", hint=f"use one of {FORMATS}")
    clusters: ClusterAssigner | None
    if isinstance(dedup, DedupConfig):
        clusters = Clusterer(dedup)
    elif isinstance(dedup, bool):
        clusters = Clusterer() if dedup else None
    else:
        clusters = dedup  # a Clusterer, or the store's clusters (EventStore.stored_clusters)
    if fmt == "parquet":
        if not isinstance(out, (str, os.PathLike)) or str(out) == "-":
            raise ValidationError(
                "Parquet needs a file to write to", hint="give --out FILE.parquet"
            )
        return write_parquet(events, out, articles=articles, clusters=clusters)
    with _text_out(out) as handle:
        if fmt == "plover":
            return write_plover(
                events,
                handle,
                articles=articles,
                ontology=ontology,
                style=plover_style,
                include_text=include_text,
                clusters=clusters,
            )
        if fmt == "csv":
            return write_csv(
                events, handle, articles=articles, clusters=clusters, delimiter=delimiter or ","
            )
        return write_gdelt(
            events,
            handle,
            articles=articles,
            ontology=ontology,
            clusters=clusters,
            delimiter=delimiter or "\t",
            header=header,
            extras=gdelt_extras,
        )


def read_event_file(path: str | os.PathLike[str]) -> Iterator[Event]:
    """Stream events from a JSONL file of event records (one ``Event.to_dict()`` a line), a
    Parquet file written by dotterel, or a shard folder written by the Dask engine."""
    source = Path(path)
    if source.is_dir():
        from dotterel.engines.dask import iter_shard_events

        yield from iter_shard_events(source)
        return
    if source.suffix == ".parquet":
        yield from read_parquet_events(source)
        return
    try:
        handle = open(source, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot open {source}: {exc.strerror}", source=str(source)) from None
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                data: Any = json.loads(line)
                if not isinstance(data, dict):
                    raise TypeError("not a JSON object")
                # Accept a coded-article line ({"events": [...]}) as well as a bare event.
                if "events" in data and "event_type" not in data:
                    yield from (Event.from_dict(e) for e in data["events"])
                else:
                    yield Event.from_dict(data)
            except (ValueError, TypeError, KeyError) as exc:
                raise InputError(
                    f"line is not an event record ({exc})",
                    source=str(source),
                    line=number,
                    hint="give JSONL with one event (as written by dotterel code) per line",
                ) from None
