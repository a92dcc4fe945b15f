"""Flat CSV: one row per event, lists joined with ``;``.

Actor and recipient lists are written as parallel columns (``actor_codes``, ``actor_sectors``,
``actor_texts`` …): the n-th item of each belongs to the same participant, and a missing sector
is an empty item (``GOV;;MIL``). A ``;`` inside a value is written as ``,`` so the joins stay
unambiguous. The column list is :data:`CSV_COLUMNS`; ``docs/exports.md`` describes each column.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from typing import IO, Any

from dotterel.dedup import ClusterAssigner
from dotterel.export._common import ArticleLookup, as_lookup, day_span, outlet_of
from dotterel.records import ActorRef, Article, Event

#: The CSV header, in order.
CSV_COLUMNS: tuple[str, ...] = (
    "event_id",
    "article_id",
    "cluster_id",
    "date",
    "date_end",
    "date_precision",
    "date_text",
    "historical",
    "event_type",
    "mode",
    "contexts",
    "quad_code",
    "score",
    "status",
    "certainty",
    "modality_cues",
    "actor_codes",
    "actor_sectors",
    "actor_texts",
    "actor_names",
    "recipient_codes",
    "recipient_sectors",
    "recipient_texts",
    "recipient_names",
    "location_text",
    "location_name",
    "location_country",
    "location_adm1",
    "location_lat",
    "location_lon",
    "location_geonames_id",
    "location_resolution",
    "attribution_speakers",
    "attribution_cues",
    "attribution_outlets",
    "disputed_by",
    "refers_to",
    "trigger",
    "pattern_id",
    "sentence_index",
    "sentence",
    "sentence_start",
    "sentence_end",
    "trigger_start",
    "trigger_end",
    "article_url",
    "article_title",
    "article_date",
    "article_source",
    "coder_version",
)


def _join(values: Iterable[Any]) -> str:
    return ";".join("" if v is None else str(v).replace(";", ",") for v in values)


def _side(prefix: str, refs: tuple[ActorRef, ...]) -> dict[str, str]:
    return {
        f"{prefix}_codes": _join(r.code for r in refs),
        f"{prefix}_sectors": _join(r.sector for r in refs),
        f"{prefix}_texts": _join(r.text for r in refs),
        f"{prefix}_names": _join(r.name for r in refs),
    }


def event_to_row(
    event: Event, *, article: Article | None = None, cluster_id: str | None = None
) -> dict[str, Any]:
    """One event as a flat dict keyed by :data:`CSV_COLUMNS` (``None`` for empty cells)."""
    span = day_span(event)
    loc = event.location
    ev = event.evidence
    row: dict[str, Any] = {
        "event_id": event.id,
        "article_id": event.article_id,
        "cluster_id": cluster_id,
        "date": event.date,
        "date_end": span[1].isoformat() if span else None,
        "date_precision": event.date_precision,
        "date_text": event.date_text,
        "historical": int(event.historical),
        "event_type": event.event_type,
        "mode": event.mode,
        "contexts": _join(event.contexts),
        "quad_code": event.quad_code,
        "score": event.score,
        "status": event.status,
        "certainty": event.certainty,
        "modality_cues": _join(event.modality_cues),
        **_side("actor", event.actor),
        **_side("recipient", event.recipient),
        "location_text": loc.text if loc else None,
        "location_name": loc.name if loc else None,
        "location_country": loc.country_code if loc else None,
        "location_adm1": loc.adm1 if loc else None,
        "location_lat": loc.lat if loc else None,
        "location_lon": loc.lon if loc else None,
        "location_geonames_id": loc.geonames_id if loc else None,
        "location_resolution": loc.resolution if loc else None,
        "attribution_speakers": _join(
            a.speaker.text if a.speaker else None for a in event.attribution
        ),
        "attribution_cues": _join(a.cue for a in event.attribution),
        "attribution_outlets": _join(a.outlet for a in event.attribution),
        "disputed_by": _join(r.text for r in event.disputed_by),
        "refers_to": event.refers_to,
        "trigger": ev.trigger,
        "pattern_id": ev.pattern_id,
        "sentence_index": ev.sentence_index,
        "sentence": ev.sentence,
        "sentence_start": ev.start,
        "sentence_end": ev.end,
        "trigger_start": ev.trigger_start,
        "trigger_end": ev.trigger_end,
        "article_url": article.url if article else None,
        "article_title": article.title if article else None,
        "article_date": article.date if article else None,
        "article_source": outlet_of(event, article),
        "coder_version": event.coder_version,
    }
    return row


def write_csv(
    events: Iterable[Event],
    out: IO[str],
    *,
    articles: ArticleLookup | Mapping[str, Article] | None = None,
    clusters: ClusterAssigner | None = None,
    delimiter: str = ",",
) -> int:
    """Write events as CSV with a header row to a text stream; return how many rows.

    ``clusters`` is an optional :class:`~dotterel.dedup.ClusterAssigner` that fills ``cluster_id``.
    Open files with ``newline=""`` as the :mod:`csv` module expects.
    """
    lookup = as_lookup(articles)
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, delimiter=delimiter)
    writer.writeheader()
    count = 0
    for event in events:
        article = lookup(event.article_id)
        cid = (
            clusters.add(event, source=outlet_of(event, article)) if clusters is not None else None
        )
        writer.writerow(event_to_row(event, article=article, cluster_id=cid))
        count += 1
    return count
