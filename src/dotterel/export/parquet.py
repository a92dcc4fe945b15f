"""Parquet: a typed schema that mirrors :class:`~dotterel.records.Event`, written in row groups.

Nested records stay nested (``actor`` is a list of structs, ``location`` a struct), so nothing is
lost and the file reads back into the same events with :func:`read_parquet_events`. A few
derived columns make analysis easy without unnesting: ``date_start``/``date_end`` (typed dates
spanning the event date's precision), ``cluster_id`` and the article's URL, title, date, outlet
and language. ``extensions`` is a JSON string. The Dask engine writes its shards with the same
schema.

Files are written to a temporary name and renamed when complete, so a reader never sees half a
file.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from dotterel.dedup import ClusterAssigner
from dotterel.errors import InputError
from dotterel.export._common import ArticleLookup, as_lookup, day_span, event_dict, outlet_of
from dotterel.records import Article, Event

#: Rows per row group: large enough for good compression, small enough to stream.
DEFAULT_ROW_GROUP_SIZE = 50_000

_ACTOR = pa.struct(
    [
        ("text", pa.string()),
        ("code", pa.string()),
        ("sector", pa.string()),
        ("name", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("resolved_by", pa.string()),
    ]
)
_LOCATION = pa.struct(
    [
        ("text", pa.string()),
        ("name", pa.string()),
        ("country_code", pa.string()),
        ("adm1", pa.string()),
        ("lat", pa.float64()),
        ("lon", pa.float64()),
        ("geonames_id", pa.int64()),
        ("resolution", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("source", pa.string()),
    ]
)
_ATTRIBUTION = pa.struct(
    [
        ("cue", pa.string()),
        ("speaker", _ACTOR),
        ("outlet", pa.string()),
        ("quote", pa.string()),
        ("cue_start", pa.int32()),
        ("cue_end", pa.int32()),
        ("quote_start", pa.int32()),
        ("quote_end", pa.int32()),
    ]
)
_EVIDENCE = pa.struct(
    [
        ("sentence_index", pa.int32()),
        ("sentence", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("trigger", pa.string()),
        ("trigger_start", pa.int32()),
        ("trigger_end", pa.int32()),
        ("pattern_id", pa.string()),
    ]
)

#: Columns that hold :class:`Event` fields, in record order.
EVENT_FIELDS = pa.schema(
    [
        pa.field("id", pa.string(), nullable=False),
        pa.field("article_id", pa.string(), nullable=False),
        ("event_type", pa.string()),
        ("mode", pa.string()),
        ("contexts", pa.list_(pa.string())),
        ("actor", pa.list_(_ACTOR)),
        ("recipient", pa.list_(_ACTOR)),
        ("date", pa.string()),
        ("date_precision", pa.string()),
        ("location", _LOCATION),
        ("status", pa.string()),
        ("certainty", pa.string()),
        ("attribution", pa.list_(_ATTRIBUTION)),
        ("quad_code", pa.int8()),
        ("score", pa.float64()),
        ("evidence", _EVIDENCE),
        ("coder_version", pa.string()),
        ("date_text", pa.string()),
        ("historical", pa.bool_()),
        ("disputed_by", pa.list_(_ACTOR)),
        ("modality_cues", pa.list_(pa.string())),
        ("refers_to", pa.string()),
        ("extensions", pa.string()),
    ]
)
#: Derived columns added after the event fields.
EXTRA_FIELDS = pa.schema(
    [
        ("date_start", pa.date32()),
        ("date_end", pa.date32()),
        ("cluster_id", pa.string()),
        ("article_url", pa.string()),
        ("article_title", pa.string()),
        ("article_date", pa.string()),
        ("article_source", pa.string()),
        ("language", pa.string()),
    ]
)
#: The full schema of an event Parquet file.
SCHEMA = pa.schema([*EVENT_FIELDS, *EXTRA_FIELDS], metadata={b"dotterel": b"events/1"})


def event_to_parquet_row(
    event: Event, *, article: Article | None = None, cluster_id: str | None = None
) -> dict[str, Any]:
    """One event as a dict that matches :data:`SCHEMA`."""
    row = event_dict(event)
    row["extensions"] = json.dumps(event.extensions, ensure_ascii=False, sort_keys=True)
    span = day_span(event)
    row["date_start"], row["date_end"] = span if span else (None, None)
    row["cluster_id"] = cluster_id
    row["article_url"] = article.url if article else None
    row["article_title"] = article.title if article else None
    row["article_date"] = article.date if article else None
    row["article_source"] = outlet_of(event, article)
    row["language"] = article.language if article else None
    return row


def write_parquet(
    events: Iterable[Event],
    path: str | os.PathLike[str],
    *,
    articles: ArticleLookup | Mapping[str, Article] | None = None,
    clusters: ClusterAssigner | None = None,
    row_group_size: int = DEFAULT_ROW_GROUP_SIZE,
    compression: str = "zstd",
) -> int:
    """Write events to a Parquet file in row groups of ``row_group_size``; return how many.

    Only one row group is held in memory at a time. ``clusters`` is an optional
    :class:`~dotterel.dedup.ClusterAssigner` that fills ``cluster_id``.
    """
    target = Path(path)
    # Unique per process and thread: a Dask task re-run beside a straggler writes the same name.
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    lookup = as_lookup(articles)
    count = 0
    rows: list[dict[str, Any]] = []
    try:
        with pq.ParquetWriter(tmp, SCHEMA, compression=compression) as writer:
            for event in events:
                article = lookup(event.article_id)
                cid = (
                    clusters.add(event, source=outlet_of(event, article))
                    if clusters is not None
                    else None
                )
                rows.append(event_to_parquet_row(event, article=article, cluster_id=cid))
                if len(rows) >= row_group_size:
                    writer.write_table(pa.Table.from_pylist(rows, schema=SCHEMA))
                    count += len(rows)
                    rows = []
            if rows or count == 0:
                writer.write_table(pa.Table.from_pylist(rows, schema=SCHEMA))
                count += len(rows)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return count


def row_to_event(row: dict[str, Any]) -> Event:
    """Rebuild an :class:`Event` from a row of :data:`SCHEMA` (derived columns are ignored)."""
    data = {name: row.get(name) for name in EVENT_FIELDS.names}
    raw = data.get("extensions")
    data["extensions"] = json.loads(raw) if isinstance(raw, str) and raw else {}
    for name in ("contexts", "actor", "recipient", "attribution", "disputed_by", "modality_cues"):
        if data.get(name) is None:
            data[name] = []
    return Event.from_dict(data)


def read_parquet_events(
    path: str | os.PathLike[str], *, batch_size: int = 10_000
) -> Iterator[Event]:
    """Stream the events of a file written by :func:`write_parquet`, batch by batch."""
    try:
        handle = pq.ParquetFile(path)
    except (OSError, pa.ArrowInvalid) as exc:
        raise InputError(
            f"cannot read Parquet events: {exc}",
            source=str(path),
            hint="give a file written by dotterel export --format parquet or the Dask engine",
        ) from None
    missing = set(EVENT_FIELDS.names) - set(handle.schema_arrow.names)
    if missing:
        raise InputError(
            f"not a dotterel event file: columns {sorted(missing)} are missing",
            source=str(path),
        )
    with handle:
        for batch in handle.iter_batches(batch_size=batch_size, columns=EVENT_FIELDS.names):
            for row in batch.to_pylist():
                yield row_to_event(row)
