"""One event, many reports: cluster event records that describe the same real-world event.

A kidnapping reported by fifty outlets is one event with fifty mentions, not fifty events (the
failure GDELT is known for). :class:`Clusterer` groups :class:`~dotterel.records.Event` records
incrementally, as articles arrive; :func:`recluster` recomputes every cluster from scratch.

Two reports are taken to describe the same event when all of these hold:

- the same PLOVER event type and the same *status class* (something that happened, something
  intended or threatened, something that did not happen — a threat and the attack it threatens
  are different events);
- compatible actors and recipients: the known (non-``UNK``) country/organisation codes of one
  side are a subset of the other's (so equal codes, a compound actor reported in part, or an
  unresolved actor all match) and, for a shared code, the sectors do not contradict each other
  (``SYR MIL`` attacking ``SYR REB`` is not ``SYR REB`` attacking ``SYR MIL``);
- compatible dates: each report's date is an interval (a day, a week, a month, a year; a
  publication-date fallback reaches a few days back), and the intervals overlap once widened by
  :attr:`DedupConfig.window_days`; a cluster's day-precise span never grows past
  :attr:`DedupConfig.max_span_days`, so a chain of daily clashes does not fuse into one event;
- compatible places: different countries never match; two precise places match within
  :attr:`DedupConfig.place_km`; a country- or region-level place matches any place in it.

Clusters are never merged with each other after the fact, so the result of the incremental
:class:`Clusterer` depends on arrival order; :func:`recluster` feeds events in date order and is
deterministic. Cluster ids are derived from the founding event's id.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from dotterel.errors import ValidationError
from dotterel.records import CERTAINTIES, STATUSES, UNKNOWN_CODE, Event, Location, _Record

#: Which statuses describe the same kind of reality. Reports in different classes never merge.
STATUS_CLASSES: Mapping[str, str] = {
    "occurred": "actual",
    "ongoing": "actual",
    "attempted": "actual",
    "aborted": "actual",
    "planned": "intended",
    "threatened": "intended",
    "future": "intended",
    "hypothetical": "intended",
    "negated": "negated",
}
#: Location resolutions from most to least precise.
_RESOLUTION_RANK = {"city": 0, "district": 1, "province": 2, "region": 3, "country": 4}
_COARSE = {"province", "region", "country"}
_PRECISION_RANK = {"day": 0, "publication": 1, "week": 2, "month": 3, "year": 4, "unknown": 5}
#: Days either side of a report's date within which another report of the same event may fall.
DEFAULT_WINDOW_DAYS = 2
#: Width of an index date bucket, in days.
_BUCKET_DAYS = 7


@dataclass(frozen=True, slots=True)
class DedupConfig:
    """How close two reports must be to count as the same event."""

    #: Days either side of a report's date within which another report may fall.
    window_days: int = DEFAULT_WINDOW_DAYS
    #: Largest span (inclusive days) of a cluster's day-precise dates; default ``2*window+1``.
    max_span_days: int | None = None
    #: A date that fell back to the publication date may lie this many days earlier.
    publication_slack_days: int = 3
    #: Two precise places further apart than this are different places.
    place_km: float = 50.0

    def span_limit(self) -> int:
        """The effective :attr:`max_span_days`."""
        if self.max_span_days is not None:
            return self.max_span_days
        return 2 * self.window_days + 1


@dataclass(frozen=True, slots=True)
class EventCluster(_Record):
    """One real-world event and every report of it.

    ``date_start``/``date_end`` are ISO days bounding the most precise member dates (for dates
    that fell back to publication, the publication days);
    ``certainty`` is the strongest certainty of any report and ``status`` the most frequent
    status (``statuses`` counts them all); ``sources`` are the outlets that reported it.
    """

    id: str
    event_type: str
    actor_codes: tuple[str, ...]
    recipient_codes: tuple[str, ...]
    date_start: str | None
    date_end: str | None
    date_precision: str
    location: Location | None
    mention_count: int
    event_ids: tuple[str, ...]
    article_ids: tuple[str, ...]
    sources: tuple[str, ...]
    certainty: str
    status: str
    statuses: dict[str, int]
    founding_event_id: str

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EventCluster:
        """Build a cluster from :meth:`to_dict` output."""
        values = {f.name: data[f.name] for f in dataclasses.fields(cls) if f.name in data}
        for name in ("actor_codes", "recipient_codes", "event_ids", "article_ids", "sources"):
            values[name] = tuple(values.get(name, ()))
        loc = values.get("location")
        values["location"] = Location.from_dict(loc) if isinstance(loc, dict) else None
        return cls(**values)


def cluster_id(founding_event_id: str) -> str:
    """The deterministic id of the cluster an event founds."""
    return hashlib.sha1(f"cluster:{founding_event_id}".encode()).hexdigest()[:20]


def date_interval(
    value: str | None, precision: str, *, publication_slack_days: int = 3
) -> tuple[date, date] | None:
    """The first and last day an event date may mean, or ``None`` when there is no date.

    ``"2018-03"`` at month precision spans March; a week date is its Monday to Sunday; a
    publication-date fallback may reach ``publication_slack_days`` back.
    """
    if not value:
        return None
    parts = value[:10].split("-")
    try:
        if len(parts) == 1:
            return date(int(parts[0]), 1, 1), date(int(parts[0]), 12, 31)
        year, month = int(parts[0]), int(parts[1])
        if len(parts) == 2:
            last = (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)
            return date(year, month, 1), last
        day = date(year, month, int(parts[2]))
    except ValueError:
        return None
    if precision == "week":
        return day, day + timedelta(days=6)
    if precision == "month":
        return day.replace(day=1), date_interval(value[:7], "month")[1]  # type: ignore[index]
    if precision == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    if precision == "publication":
        return day - timedelta(days=publication_slack_days), day
    return day, day


@dataclass(slots=True)
class _Sides:
    """The known codes of one side and the sectors reported for each code."""

    codes: frozenset[str]
    sectors: dict[str, set[str]]

    @classmethod
    def of(cls, refs: Iterable[Any]) -> _Sides:
        sectors: dict[str, set[str]] = {}
        for ref in refs:
            if ref.code and ref.code != UNKNOWN_CODE:
                bucket = sectors.setdefault(ref.code, set())
                if ref.sector:
                    bucket.add(ref.sector)
        return cls(frozenset(sectors), sectors)

    def compatible(self, other: _Sides) -> bool:
        if not (self.codes <= other.codes or other.codes <= self.codes):
            return False
        for code in self.codes & other.codes:
            mine, theirs = self.sectors[code], other.sectors[code]
            if mine and theirs and not mine & theirs:
                return False
        return True

    def absorb(self, other: _Sides) -> None:
        for code, sectors in other.sectors.items():
            self.sectors.setdefault(code, set()).update(sectors)
        self.codes = frozenset(self.sectors)


@dataclass(slots=True)
class _Cluster:
    """Mutable working state of one cluster inside a :class:`Clusterer`."""

    id: str
    founder: Event
    status_class: str
    actors: _Sides
    recipients: _Sides
    start: date | None
    end: date | None
    precision: str
    location: Location | None
    event_ids: list[str] = field(default_factory=list)
    article_ids: dict[str, None] = field(default_factory=dict)
    sources: dict[str, None] = field(default_factory=dict)
    certainty: int = len(CERTAINTIES)
    statuses: Counter[str] = field(default_factory=Counter)
    keys: set[tuple[Any, ...]] = field(default_factory=set)
    #: Founding order, the last tie-breaker between equally good clusters.
    seq: int = 0

    def freeze(self, publication_slack_days: int = 0) -> EventCluster:
        order = {s: i for i, s in enumerate(STATUSES)}
        start = self.start
        if start is not None and self.precision == "publication":
            # The slack only widens matching: report the publication dates themselves.
            start = min(start + timedelta(days=publication_slack_days), self.end or start)
        status = min(self.statuses, key=lambda s: (-self.statuses[s], order.get(s, 99)))
        return EventCluster(
            id=self.id,
            event_type=self.founder.event_type,
            actor_codes=tuple(sorted(self.actors.codes)),
            recipient_codes=tuple(sorted(self.recipients.codes)),
            date_start=start.isoformat() if start else None,
            date_end=self.end.isoformat() if self.end else None,
            date_precision=self.precision,
            location=self.location,
            mention_count=len(self.event_ids),
            event_ids=tuple(self.event_ids),
            article_ids=tuple(self.article_ids),
            sources=tuple(sorted(self.sources)),
            certainty=CERTAINTIES[min(self.certainty, len(CERTAINTIES) - 1)],
            status=status,
            statuses=dict(sorted(self.statuses.items())),
            founding_event_id=self.founder.id,
        )


def _distance_km(a: Location, b: Location) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))  # type: ignore[arg-type]
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def places_compatible(a: Location | None, b: Location | None, *, place_km: float = 50.0) -> bool:
    """Whether two event locations can be the same place (an unknown place matches any)."""
    if a is None or b is None:
        return True
    if a.country_code and b.country_code and a.country_code != b.country_code:
        return False
    if a.geonames_id is not None and a.geonames_id == b.geonames_id:
        return True
    # A country or region contains the precise places in it; the country check above decided.
    if a.resolution in _COARSE or b.resolution in _COARSE:
        if a.adm1 and b.adm1 and a.resolution != "country" and b.resolution != "country":
            return a.adm1 == b.adm1
        return True
    if None not in (a.lat, a.lon, b.lat, b.lon):
        return _distance_km(a, b) <= place_km
    names = {(loc.name or loc.text).strip().lower() for loc in (a, b)}
    return len(names) == 1


class Clusterer:
    """Incremental clustering: feed events as articles arrive; clusters update in place.

    Candidate clusters are found through an index on (event type, status class, week bucket,
    actor or recipient code), so adding an event costs a few dictionary look-ups, not a pass over
    every cluster. Events without a date only join clusters that already hold an event of their
    own article.
    """

    def __init__(self, config: DedupConfig | None = None) -> None:
        self.config = config or DedupConfig()
        if self.config.window_days < 0 or self.config.place_km < 0:
            raise ValidationError(
                "dedup window and place distance must not be negative",
                hint="use window_days >= 0 and place_km >= 0",
            )
        self._clusters: dict[str, _Cluster] = {}
        self._index: dict[tuple[Any, ...], set[str]] = {}
        self._assigned: dict[str, str] = {}
        self._founded = 0

    def __len__(self) -> int:
        return len(self._clusters)

    def add(self, event: Event, *, source: str | None = None) -> str:
        """Place one event in a cluster (an existing one or a new one); return the cluster id.

        ``source`` is the outlet of the event's article; without it the outermost outlet of the
        event's attribution chain is used. Adding an event id twice changes nothing.
        """
        if event.id in self._assigned:
            return self._assigned[event.id]
        interval = date_interval(
            event.date,
            event.date_precision,
            publication_slack_days=self.config.publication_slack_days,
        )
        actors, recipients = _Sides.of(event.actor), _Sides.of(event.recipient)
        status_class = STATUS_CLASSES.get(event.status, event.status)
        best: tuple[tuple[float, ...], _Cluster] | None = None
        for cid in self._candidates(event, status_class, interval, actors, recipients):
            cluster = self._clusters[cid]
            score = self._match(cluster, event, interval, actors, recipients)
            if score is not None and (best is None or score > best[0]):
                best = (score, cluster)
        if best is None:
            cluster = _Cluster(
                id=cluster_id(event.id),
                founder=event,
                status_class=status_class,
                actors=_Sides(frozenset(), {}),
                recipients=_Sides(frozenset(), {}),
                start=interval[0] if interval else None,
                end=interval[1] if interval else None,
                precision=event.date_precision if interval else "unknown",
                location=event.location,
                seq=self._founded,
            )
            self._founded += 1
            self._clusters[cluster.id] = cluster
        else:
            cluster = best[1]
        self._absorb(cluster, event, interval, actors, recipients, source)
        self._assigned[event.id] = cluster.id
        return cluster.id

    def add_article(self, events: Iterable[Event], *, source: str | None = None) -> list[str]:
        """Add the events of one article; return their cluster ids in order."""
        return [self.add(event, source=source) for event in events]

    def cluster_of(self, event_id: str) -> str | None:
        """The id of the cluster an event was placed in, if it was added."""
        return self._assigned.get(event_id)

    def get(self, cluster_id: str) -> EventCluster:
        """The current state of one cluster."""
        return self._clusters[cluster_id].freeze(self.config.publication_slack_days)

    def clusters(self) -> list[EventCluster]:
        """Every cluster's current state, in founding order."""
        slack = self.config.publication_slack_days
        return [c.freeze(slack) for c in self._clusters.values()]

    def close_before(self, day: str) -> list[EventCluster]:
        """Hand back and forget clusters that ended before ``day`` (an ISO date).

        A long-running feed calls this with a date well behind the news it now receives, so
        memory stays bounded; events added later can no longer join the closed clusters.
        """
        cutoff = date.fromisoformat(day)
        limit = cutoff - timedelta(days=self.config.window_days)
        closed = [c for c in self._clusters.values() if c.end is not None and c.end < limit]
        for cluster in closed:
            for key in cluster.keys:
                self._index.get(key, set()).discard(cluster.id)
            del self._clusters[cluster.id]
            for event_id in cluster.event_ids:
                self._assigned.pop(event_id, None)
        return [c.freeze(self.config.publication_slack_days) for c in closed]

    # -- internals -------------------------------------------------------------------------

    def _candidates(
        self,
        event: Event,
        status_class: str,
        interval: tuple[date, date] | None,
        actors: _Sides,
        recipients: _Sides,
    ) -> Iterator[str]:
        if interval is None:
            yield from sorted(self._index.get(("art", event.article_id), ()))
            return
        head = (event.event_type, status_class)
        window = timedelta(days=self.config.window_days)
        seen: set[str] = set()
        for bucket in _buckets(interval[0] - window, interval[1] + window):
            keys: list[tuple[Any, ...]]
            if actors.codes:
                keys = [("a", *head, bucket, c) for c in (*actors.codes, "*")]
            elif recipients.codes:
                keys = [("r", *head, bucket, c) for c in (*recipients.codes, "*")]
            else:
                keys = [("t", *head, bucket)]
            for key in keys:
                for cid in self._index.get(key, ()):
                    if cid not in seen:
                        seen.add(cid)
                        yield cid

    def _match(
        self,
        cluster: _Cluster,
        event: Event,
        interval: tuple[date, date] | None,
        actors: _Sides,
        recipients: _Sides,
    ) -> tuple[float, ...] | None:
        """A preference score when the event fits the cluster, else ``None``.

        Prefer equal codes, then the closest date, then the same article, then the older
        cluster (so ties never depend on set iteration order).
        """
        if cluster.founder.event_type != event.event_type:
            return None
        if cluster.status_class != STATUS_CLASSES.get(event.status, event.status):
            return None
        gap = 0
        if interval is not None and cluster.start is not None and cluster.end is not None:
            gap = max((interval[0] - cluster.end).days, (cluster.start - interval[1]).days, 0)
            if gap > self.config.window_days:
                return None
            rank = _PRECISION_RANK.get(event.date_precision, 5)
            if rank == _PRECISION_RANK.get(cluster.precision, 5):
                span = (max(cluster.end, interval[1]) - min(cluster.start, interval[0])).days + 1
                widest = max((interval[1] - interval[0]).days, (cluster.end - cluster.start).days)
                if span > max(self.config.span_limit(), widest + 1):
                    return None
        if not (cluster.actors.compatible(actors) and cluster.recipients.compatible(recipients)):
            return None
        if not places_compatible(cluster.location, event.location, place_km=self.config.place_km):
            return None
        exact = int(actors.codes == cluster.actors.codes)
        exact += int(recipients.codes == cluster.recipients.codes)
        same_article = int(event.article_id in cluster.article_ids)
        return (float(exact), float(-gap), float(same_article), float(-cluster.seq))

    def _absorb(
        self,
        cluster: _Cluster,
        event: Event,
        interval: tuple[date, date] | None,
        actors: _Sides,
        recipients: _Sides,
        source: str | None,
    ) -> None:
        before = (cluster.start, cluster.end, cluster.actors.codes, cluster.recipients.codes)
        new_article = event.article_id not in cluster.article_ids
        cluster.actors.absorb(actors)
        cluster.recipients.absorb(recipients)
        if interval is not None:
            rank = _PRECISION_RANK.get(event.date_precision, 5)
            current = _PRECISION_RANK.get(cluster.precision, 5)
            if cluster.start is None or cluster.end is None or rank < current:
                # A more precise report replaces the coarse range instead of widening it.
                cluster.start, cluster.end, cluster.precision = (*interval, event.date_precision)
            elif rank == current:
                cluster.start = min(cluster.start, interval[0])
                cluster.end = max(cluster.end, interval[1])
        if event.location is not None and (
            cluster.location is None
            or _RESOLUTION_RANK.get(event.location.resolution or "", 5)
            < _RESOLUTION_RANK.get(cluster.location.resolution or "", 5)
        ):
            cluster.location = event.location
        cluster.event_ids.append(event.id)
        cluster.article_ids[event.article_id] = None
        outlet = source or next((a.outlet for a in reversed(event.attribution) if a.outlet), None)
        if outlet:
            cluster.sources[outlet] = None
        cluster.certainty = min(cluster.certainty, _certainty_rank(event.certainty))
        cluster.statuses[event.status] += 1
        after = (cluster.start, cluster.end, cluster.actors.codes, cluster.recipients.codes)
        if new_article or after != before:
            self._reindex(cluster)

    def _reindex(self, cluster: _Cluster) -> None:
        head = (cluster.founder.event_type, cluster.status_class)
        keys: set[tuple[Any, ...]] = {("art", aid) for aid in cluster.article_ids}
        if cluster.start is not None and cluster.end is not None:
            for bucket in _buckets(cluster.start, cluster.end):
                keys.add(("t", *head, bucket))
                for role, side in (("a", cluster.actors), ("r", cluster.recipients)):
                    for code in side.codes or {"*"}:
                        keys.add((role, *head, bucket, code))
        for key in cluster.keys - keys:
            self._index.get(key, set()).discard(cluster.id)
        for key in keys - cluster.keys:
            self._index.setdefault(key, set()).add(cluster.id)
        cluster.keys = keys


def _certainty_rank(certainty: str) -> int:
    try:
        return CERTAINTIES.index(certainty)
    except ValueError:
        return len(CERTAINTIES) - 1


def _buckets(start: date, end: date) -> range:
    return range(start.toordinal() // _BUCKET_DAYS, end.toordinal() // _BUCKET_DAYS + 1)


def recluster(
    events: Iterable[Event],
    *,
    sources: Mapping[str, str] | None = None,
    config: DedupConfig | None = None,
) -> list[EventCluster]:
    """Cluster a whole collection from scratch, deterministically.

    Events are taken in order of date (most precise first on the same day), then article and
    event id, so the same collection always yields the same clusters and ids. ``sources`` maps
    article ids to outlet names.
    """
    config = config or DedupConfig()

    def order(event: Event) -> tuple[Any, ...]:
        interval = date_interval(
            event.date, event.date_precision, publication_slack_days=config.publication_slack_days
        )
        first = interval[0].toordinal() if interval else 10**9
        return (first, _PRECISION_RANK.get(event.date_precision, 5), event.article_id, event.id)

    clusterer = Clusterer(config)
    lookup = sources or {}
    for event in sorted(events, key=order):
        clusterer.add(event, source=lookup.get(event.article_id))
    return clusterer.clusters()
