"""PLOVER JSONL: one event per line with the field names of the PLOVER specification.

Two spellings are offered. ``style="plover"`` (the default) follows the JSON field table of the
PLOVER manual, draft 0.8: ``source``/``recipient`` lists of actor objects (``actor_text``,
``code``, ``sector``), ``event``/``mode``/``context`` as lists, ``event_loc`` with GeoNames field
names, ``event_text``, ``quad_code``, ``event_scale``, ``text_info`` and ``cite_info``.
``style="gsr"`` writes the older camel-case names of the PLOVER gold-standard file
(``target``, ``actorText``, ``eventText``, ``eventLoc``, ``publication`` …) for tools built on it.

Everything PLOVER has no field for (status, certainty, attribution chain, evidence offsets,
pattern id, full location, date precision) goes under the one key :data:`EXTENSION_KEY`. Status
and certainty also appear in ``context`` in PLOVER's own vocabulary (``future``, ``negation``,
``hypothetical``, ``historical``) plus ``x-`` tags, as mapped by the ontology.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import IO, Any

from dotterel.dedup import ClusterAssigner
from dotterel.errors import DotterelError, ValidationError
from dotterel.export._common import (
    ArticleLookup,
    actor_dict,
    as_lookup,
    attribution_dict,
    day_span,
    is_division_code,
    iso2,
    iso3,
    location_dict,
    outlet_of,
)
from dotterel.ontology import Ontology, load_ontology
from dotterel.records import Article, Event

#: The key that holds dotterel's own fields in every exported record.
EXTENSION_KEY = "dotterel"
#: The two spellings of :func:`event_to_plover`.
STYLES = ("plover", "gsr")


def _actor(ref: Any, style: str) -> dict[str, Any]:
    out: dict[str, Any] = {"actorText" if style == "gsr" else "actor_text": ref.text}
    out["code"] = ref.code
    if ref.sector:
        out["sector"] = ref.sector
    return out


def _actor_detail(ref: Any) -> dict[str, Any]:
    return {"name": ref.name, "start": ref.start, "end": ref.end, "resolved_by": ref.resolved_by}


def _location(event: Event, style: str) -> dict[str, Any] | None:
    loc = event.location
    if loc is None:
        return None
    out: dict[str, Any] = {"name": loc.name or loc.text}
    cc2 = iso2(loc.country_code)
    if cc2:
        out["country code"] = cc2
    if style == "gsr":
        return out
    if loc.geonames_id is not None:
        out["geonameid"] = loc.geonames_id
    if loc.lat is not None and loc.lon is not None:
        out["latitude"], out["longitude"] = loc.lat, loc.lon
    cc3 = iso3(loc.country_code)
    if cc3:
        out["cc3"] = cc3
    if loc.adm1 and is_division_code(loc.adm1):
        out["admin1 code"] = loc.adm1
    return out


def _contexts(event: Event, ontology: Ontology) -> list[str]:
    try:
        modality = ontology.modality_contexts(
            event.status, event.certainty, historical=event.historical
        )
    except DotterelError:
        modality = ()
    return list(dict.fromkeys((*event.contexts, *modality)))


def _extension(event: Event, cluster_id: str | None) -> dict[str, Any]:
    ev = event.evidence
    ext: dict[str, Any] = {
        "event_id": event.id,
        "article_id": event.article_id,
        "status": event.status,
        "certainty": event.certainty,
        "modality_cues": list(event.modality_cues),
        "date": event.date,
        "date_precision": event.date_precision,
        "date_text": event.date_text,
        "historical": event.historical,
        "attribution": [attribution_dict(a) for a in event.attribution],
        "disputed_by": [actor_dict(a) for a in event.disputed_by],
        "refers_to": event.refers_to,
        "evidence": {
            "sentence_index": ev.sentence_index,
            "start": ev.start,
            "end": ev.end,
            "trigger": ev.trigger,
            "trigger_start": ev.trigger_start,
            "trigger_end": ev.trigger_end,
            "pattern_id": ev.pattern_id,
        },
        "location": location_dict(event.location),
        "source_detail": [_actor_detail(a) for a in event.actor],
        "recipient_detail": [_actor_detail(a) for a in event.recipient],
        "coder_version": event.coder_version,
        "extensions": event.extensions,
    }
    if cluster_id is not None:
        ext["cluster_id"] = cluster_id
    return ext


def event_to_plover(
    event: Event,
    *,
    article: Article | None = None,
    ontology: Ontology | None = None,
    style: str = "plover",
    include_text: bool = True,
    cluster_id: str | None = None,
) -> dict[str, Any]:
    """One event as a PLOVER record (a JSON-ready dict); see the module docstring for styles.

    ``article`` fills the citation (URL, title, outlet, language); ``include_text=False`` leaves
    out the evidence sentence (PLOVER asks for text only where you may redistribute it);
    ``cluster_id`` (from :mod:`dotterel.dedup`) becomes PLOVER's ``link``.
    """
    ontology = ontology or load_ontology()
    span = day_span(event)
    language = (article.language if article else None) or "en"
    outlet = outlet_of(event, article)
    contexts = _contexts(event, ontology)
    record: dict[str, Any] = {"id": event.id, "date": span[0].isoformat() if span else None}
    if style == "gsr":
        record["source"] = [_actor(a, style) for a in event.actor]
        record["target"] = [_actor(a, style) for a in event.recipient]
        record["event"] = event.event_type
        if event.mode:
            record["mode"] = event.mode
        if contexts:
            record["context"] = ", ".join(contexts)
        record["eventText"] = event.evidence.trigger
        loc = _location(event, style)
        if loc:
            record["eventLoc"] = loc
        if include_text:
            record["text"] = event.evidence.sentence
        record["language"] = language
        record["publication"] = outlet
        record["coder"] = "dotterel"
        record["version"] = event.coder_version
    else:
        if span and span[1] != span[0]:
            record["enddate"] = span[1].isoformat()
        record["source"] = [_actor(a, style) for a in event.actor]
        record["recipient"] = [_actor(a, style) for a in event.recipient]
        record["event"] = [event.event_type]
        record["mode"] = [event.mode] if event.mode else []
        record["context"] = contexts
        record["event_text"] = [event.evidence.trigger]
        loc = _location(event, style)
        if loc:
            record["event_loc"] = loc
        record["quad_code"] = event.quad_code
        record["event_scale"] = event.score
        if cluster_id is not None:
            record["link"] = cluster_id
        if include_text:
            record["text"] = event.evidence.sentence
        record["text_info"] = {
            "sequence": event.evidence.sentence_index,
            "start": event.evidence.start,
            "end": event.evidence.end,
        }
        cite: dict[str, Any] = {
            "url": article.url if article else None,
            "title": article.title if article else None,
            "language": language,
            "publication": outlet,
            "coder": f"dotterel {event.coder_version}",
            "codebook": f"plover-dotterel-{ontology.version}",
        }
        record["cite_info"] = {k: v for k, v in cite.items() if v is not None}
        record["coder"] = f"dotterel {event.coder_version}"
    record[EXTENSION_KEY] = _extension(event, cluster_id)
    return record


def write_plover(
    events: Iterable[Event],
    out: IO[str],
    *,
    articles: ArticleLookup | Mapping[str, Article] | None = None,
    ontology: Ontology | None = None,
    style: str = "plover",
    include_text: bool = True,
    clusters: ClusterAssigner | None = None,
) -> int:
    """Write events as PLOVER JSONL to a text stream, one at a time; return how many.

    ``clusters`` is an optional :class:`~dotterel.dedup.ClusterAssigner`: each event is added to it
    and its cluster id written as ``link``.
    """
    if style not in STYLES:
        raise ValidationError(f"unknown PLOVER style {style!r}", hint=f"use one of {STYLES}")
    lookup = as_lookup(articles)
    ontology = ontology or load_ontology()
    count = 0
    for event in events:
        article = lookup(event.article_id)
        cid = (
            clusters.add(event, source=outlet_of(event, article)) if clusters is not None else None
        )
        record = event_to_plover(
            event,
            article=article,
            ontology=ontology,
            style=style,
            include_text=include_text,
            cluster_id=cid,
        )
        out.write(json.dumps(record, ensure_ascii=False))
        out.write("\n")
        count += 1
    return count
