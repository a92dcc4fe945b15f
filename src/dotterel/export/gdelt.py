"""A CAMEO / GDELT-style event table for people who already have GDELT tooling.

The columns are the 61 columns of the GDELT 2.0 event table (:data:`GDELT_COLUMNS`), in GDELT's
order, so positional readers work; columns we have nothing for are empty. ``docs/exports.md``
says what fills each one. By default a PLOVER event with compound participants becomes one row
per (actor, recipient) pair, as CAMEO coders did. With a :class:`~dotterel.dedup.ClusterAssigner`,
each row is one *real-world event* (a cluster) and ``NumMentions``, ``NumSources`` and
``NumArticles`` count its reports — what GDELT's columns were meant to count.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, date, datetime
from typing import IO, Any

from dotterel.dedup import ClusterAssigner
from dotterel.errors import DotterelError
from dotterel.export._common import (
    ArticleLookup,
    as_lookup,
    country_name,
    day_span,
    fips,
    is_country,
    is_division_code,
    iso2,
    outlet_of,
)
from dotterel.ontology import Ontology, load_ontology
from dotterel.records import UNKNOWN_CODE, ActorRef, Article, Event

_ACTOR_COLUMNS = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
_GEO_COLUMNS = (
    "Type",
    "FullName",
    "CountryCode",
    "ADM1Code",
    "ADM2Code",
    "Lat",
    "Long",
    "FeatureID",
)
#: The GDELT 2.0 event table header, in GDELT's column order.
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR_COLUMNS),
    *(f"Actor2{c}" for c in _ACTOR_COLUMNS),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO_COLUMNS),
    *(f"Actor2Geo_{c}" for c in _GEO_COLUMNS),
    *(f"ActionGeo_{c}" for c in _GEO_COLUMNS),
    "DATEADDED",
    "SOURCEURL",
)
#: dotterel columns appended after the GDELT ones when ``extras=True``.
EXTRA_COLUMNS: tuple[str, ...] = (
    "DotterelEventID",
    "DotterelClusterID",
    "ArticleID",
    "PloverEventType",
    "PloverMode",
    "Status",
    "Certainty",
    "DatePrecision",
)
#: Events in the first this many sentences count as GDELT "root" (lead paragraph) events.
ROOT_SENTENCES = 3
_HEX = re.compile(r"[0-9a-f]+")
_US_STATE_LEVEL = {"province", "region"}
_CITY_LEVEL = {"city", "district"}


def global_event_id(key: str) -> int:
    """A positive 60-bit integer id (GDELT ids are integers) from a dotterel id string.

    A hex id (every dotterel event and cluster id) keeps its first 15 digits, so the number can
    be traced back; any other key is hashed first.
    """
    if len(key) >= 15 and _HEX.fullmatch(key):
        digest = key
    else:
        digest = hashlib.sha1(key.encode("utf-8")).hexdigest()
    return int(digest[:15], 16)


def cameo_codes(event: Event, ontology: Ontology) -> tuple[str, str, str]:
    """(EventCode, EventBaseCode, EventRootCode) via the ontology's CAMEO crosswalk.

    A bare root such as ``"17"`` is written ``"170"`` (CAMEO's "not specified below").
    """
    try:
        code = ontology.cameo_code(event.event_type, event.mode)
    except DotterelError:
        try:
            code = ontology.cameo_code(event.event_type)
        except DotterelError:
            return "", "", ""
    full = code + "0" if len(code) == 2 else code
    return full, full[:3], full[:2]


def _actor(prefix: str, ref: ActorRef | None) -> dict[str, Any]:
    cells: dict[str, Any] = {f"{prefix}{c}": "" for c in _ACTOR_COLUMNS}
    if ref is None:
        return cells
    known = ref.code if ref.code and ref.code != UNKNOWN_CODE else ""
    cells[f"{prefix}Code"] = known + (ref.sector or "")
    cells[f"{prefix}Name"] = (ref.name or ref.text).upper()
    if is_country(known):
        cells[f"{prefix}CountryCode"] = known
    elif known:
        cells[f"{prefix}KnownGroupCode"] = known
    cells[f"{prefix}Type1Code"] = ref.sector or ""
    return cells


def _action_geo(event: Event) -> dict[str, Any]:
    cells: dict[str, Any] = {f"ActionGeo_{c}": "" for c in _GEO_COLUMNS}
    loc = event.location
    if loc is None:
        return cells
    country = fips(loc.country_code)
    us = iso2(loc.country_code) == "US"
    if loc.resolution == "country":
        kind = 1
    elif loc.resolution in _US_STATE_LEVEL:
        kind = 2 if us else 5
    elif loc.resolution in _CITY_LEVEL or (loc.lat is not None and loc.resolution is None):
        kind = 3 if us else 4
    else:
        kind = 0
    # GDELT's full name is "place, division, country"; Location.adm1 holds a division name
    # (or, from other geocoders, a code, which only fits ADM1Code).
    division = loc.adm1 if loc.adm1 and not is_division_code(loc.adm1) else None
    adm1_code = loc.adm1 if loc.adm1 and is_division_code(loc.adm1) else ""
    parts = [loc.name or loc.text, division, country_name(loc.country_code)]
    name = ", ".join(dict.fromkeys(p for p in parts if p))
    cells.update(
        {
            "ActionGeo_Type": kind or "",
            "ActionGeo_FullName": name,
            "ActionGeo_CountryCode": country or "",
            "ActionGeo_ADM1Code": (country or "") + (adm1_code if kind != 1 else ""),
            "ActionGeo_Lat": "" if loc.lat is None else round(loc.lat, 4),
            "ActionGeo_Long": "" if loc.lon is None else round(loc.lon, 4),
            "ActionGeo_FeatureID": "" if loc.geonames_id is None else loc.geonames_id,
        }
    )
    return cells


def _dates(day: date | None) -> dict[str, Any]:
    if day is None:
        return {"SQLDATE": "", "MonthYear": "", "Year": "", "FractionDate": ""}
    return {
        "SQLDATE": day.strftime("%Y%m%d"),
        "MonthYear": day.strftime("%Y%m"),
        "Year": day.year,
        "FractionDate": round(day.year + day.timetuple().tm_yday / 365, 4),
    }


def event_to_gdelt_rows(
    event: Event,
    *,
    article: Article | None = None,
    ontology: Ontology | None = None,
    date_added: str = "",
    counts: tuple[int, int, int] = (1, 1, 1),
    row_key: str | None = None,
    cluster_id: str | None = None,
    first_day: date | None = None,
) -> Iterator[dict[str, Any]]:
    """The GDELT rows of one event: one per (actor, recipient) pair.

    ``counts`` fills (NumMentions, NumSources, NumArticles); ``row_key`` (default the event id)
    seeds GLOBALEVENTID; ``first_day`` overrides the date (a cluster's first day).
    """
    ontology = ontology or load_ontology()
    code, base, root = cameo_codes(event, ontology)
    span = day_span(event)
    day = first_day or (span[0] if span else None)
    url = (article.url if article else None) or outlet_of(event, article) or ""
    actors: list[ActorRef | None] = list(event.actor) or [None]
    recipients: list[ActorRef | None] = list(event.recipient) or [None]
    key = row_key or event.id
    common: dict[str, Any] = {
        **_dates(day),
        "IsRootEvent": int(event.evidence.sentence_index < ROOT_SENTENCES),
        "EventCode": code,
        "EventBaseCode": base,
        "EventRootCode": root,
        "QuadClass": event.quad_code,
        "GoldsteinScale": event.score,
        "NumMentions": counts[0],
        "NumSources": counts[1],
        "NumArticles": counts[2],
        "AvgTone": "",
        **{f"Actor{n}Geo_{c}": "" for n in (1, 2) for c in _GEO_COLUMNS},
        **_action_geo(event),
        "DATEADDED": date_added,
        "SOURCEURL": url,
        "DotterelEventID": event.id,
        "DotterelClusterID": cluster_id or "",
        "ArticleID": event.article_id,
        "PloverEventType": event.event_type,
        "PloverMode": event.mode or "",
        "Status": event.status,
        "Certainty": event.certainty,
        "DatePrecision": event.date_precision,
    }
    for i, actor in enumerate(actors):
        for j, recipient in enumerate(recipients):
            pair_key = key if i == j == 0 else f"{key}:{i}:{j}"
            yield {
                "GLOBALEVENTID": global_event_id(pair_key),
                **common,
                **_actor("Actor1", actor),
                **_actor("Actor2", recipient),
            }


def write_gdelt(
    events: Iterable[Event],
    out: IO[str],
    *,
    articles: ArticleLookup | Mapping[str, Article] | None = None,
    ontology: Ontology | None = None,
    clusters: ClusterAssigner | None = None,
    delimiter: str = "\t",
    header: bool = True,
    extras: bool = False,
    date_added: datetime | None = None,
) -> int:
    """Write a GDELT-style table to a text stream; return how many rows.

    Without ``clusters`` rows stream out as events arrive. With a
    :class:`~dotterel.dedup.ClusterAssigner`, every event is clustered first and one row set per
    cluster is written at the end (memory grows with the number of clusters, not events).
    """
    lookup = as_lookup(articles)
    ontology = ontology or load_ontology()
    stamp = (date_added or datetime.now(UTC)).strftime("%Y%m%d%H%M%S")
    columns = GDELT_COLUMNS + (EXTRA_COLUMNS if extras else ())
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    if header:
        writer.writerow(columns)
    count = 0
    if clusters is None:
        for event in events:
            for row in event_to_gdelt_rows(
                event, article=lookup(event.article_id), ontology=ontology, date_added=stamp
            ):
                writer.writerow([row[c] for c in columns])
                count += 1
        return count
    founders: dict[str, tuple[Event, Article | None]] = {}
    for event in events:
        article = lookup(event.article_id)
        cid = clusters.add(event, source=outlet_of(event, article))
        founders.setdefault(cid, (event, article))
    for cluster in clusters.clusters():
        if cluster.id not in founders:
            continue  # clustered before this export began
        event, article = founders[cluster.id]
        first = date.fromisoformat(cluster.date_start) if cluster.date_start else None
        counts = (cluster.mention_count, max(1, len(cluster.sources)), len(cluster.article_ids))
        for row in event_to_gdelt_rows(
            event,
            article=article,
            ontology=ontology,
            date_added=stamp,
            counts=counts,
            row_key=cluster.id,
            cluster_id=cluster.id,
            first_day=first,
        ):
            writer.writerow([row[c] for c in columns])
            count += 1
    return count
