"""A cluster of reports: its public record (:class:`EventCluster`) and its working state.

:class:`ClusterState` is what matching needs to know about a cluster (its type, status class,
participants, date span, place) plus running totals (mentions, articles, outlets, certainty,
statuses). It turns into JSON and back, so the store can keep a cluster between runs and load
only the few clusters a new batch of events can join.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from dotterel.dedup.rules import (
    PRECISION_RANK,
    Report,
    Sides,
    certainty_rank,
    more_precise_place,
)
from dotterel.records import CERTAINTIES, STATUSES, Location, _Record

_STATUS_ORDER = {s: i for i, s in enumerate(STATUSES)}
#: Evidence sentence keys a cluster keeps (enough for the copies of a wire story).
MAX_TEXTS = 32
_LOCATION_FIELDS = tuple(f.name for f in dataclasses.fields(Location))
_LOCATION_KEYS = frozenset(_LOCATION_FIELDS)


def _location_dict(location: Location | None) -> dict[str, Any] | None:
    # Location holds only plain values: this is to_dict() without its generic walk.
    if location is None:
        return None
    return {name: getattr(location, name) for name in _LOCATION_FIELDS}


def location_from_dict(data: dict[str, Any]) -> Location:
    """``Location.from_dict`` without its generic walk when the keys are its fields."""
    if data.keys() <= _LOCATION_KEYS:
        return Location(**data)
    return Location.from_dict(data)


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


@dataclass(slots=True)
class ClusterState:
    """Mutable working state of one cluster.

    ``mention_count`` and ``article_count`` are totals; ``event_ids`` and ``article_ids`` list
    the members this working set knows, which is every member for a cluster built in memory
    and, for a cluster loaded from the store, only what matching needs (the members added since
    it was loaded, and the articles of the batch being clustered).
    """

    id: str
    event_type: str
    founding_event_id: str
    status_class: str
    actors: Sides
    recipients: Sides
    start: date | None
    end: date | None
    precision: str
    location: Location | None
    #: Founding order, the last tie-breaker between equally good clusters.
    seq: int = 0
    mention_count: int = 0
    article_count: int = 0
    event_ids: list[str] = field(default_factory=list)
    article_ids: dict[str, None] = field(default_factory=dict)
    sources: dict[str, None] = field(default_factory=dict)
    certainty: int = len(CERTAINTIES)
    statuses: Counter[str] = field(default_factory=Counter)
    #: Keys of the evidence sentences of its reports (the first :data:`MAX_TEXTS`).
    texts: set[str] = field(default_factory=set)
    #: Keys of the in-memory index this cluster is filed under.
    keys: set[tuple[Any, ...]] = field(default_factory=set)

    def absorb(
        self,
        event: Report,
        interval: tuple[date, date] | None,
        actors: Sides,
        recipients: Sides,
        source: str | None,
        text: str,
    ) -> bool:
        """Add one report (``text``: its :func:`text_key`); return whether what the index
        files the cluster under changed."""
        before = (self.start, self.end, self.actors.codes, self.recipients.codes)
        new_article = event.article_id not in self.article_ids
        self.actors.absorb(actors)
        self.recipients.absorb(recipients)
        if interval is not None:
            rank = PRECISION_RANK.get(event.date_precision, 5)
            current = PRECISION_RANK.get(self.precision, 5)
            if self.start is None or self.end is None or rank < current:
                # A more precise report replaces the coarse range instead of widening it.
                self.start, self.end, self.precision = (*interval, event.date_precision)
            elif rank == current:
                self.start = min(self.start, interval[0])
                self.end = max(self.end, interval[1])
        if more_precise_place(event.location, self.location):
            self.location = event.location
        self.event_ids.append(event.id)
        self.mention_count += 1
        if new_article:
            self.article_ids[event.article_id] = None
            self.article_count += 1
        outlet = source or next((a.outlet for a in reversed(event.attribution) if a.outlet), None)
        if outlet:
            self.sources[outlet] = None
        self.certainty = min(self.certainty, certainty_rank(event.certainty))
        self.statuses[event.status] += 1
        if len(self.texts) < MAX_TEXTS:
            self.texts.add(text)
        after = (self.start, self.end, self.actors.codes, self.recipients.codes)
        return new_article or after != before

    def display_span(self, publication_slack_days: int) -> tuple[str | None, str | None]:
        """The reported date span: for publication dates, the publication days themselves."""
        start = self.start
        if start is not None and self.precision == "publication":
            # The slack only widens matching: report the publication dates themselves.
            start = min(start + timedelta(days=publication_slack_days), self.end or start)
        return (
            start.isoformat() if start else None,
            self.end.isoformat() if self.end else None,
        )

    def top_status(self) -> str:
        """The most frequent status (ties go to the earlier one in ``STATUSES``)."""
        if not self.statuses:
            return ""
        return min(self.statuses, key=lambda s: (-self.statuses[s], _STATUS_ORDER.get(s, 99)))

    def certainty_name(self) -> str:
        """The strongest certainty of any report."""
        return CERTAINTIES[min(self.certainty, len(CERTAINTIES) - 1)]

    def freeze(self, publication_slack_days: int = 0) -> EventCluster:
        """The public record of this cluster (members as known to this working set)."""
        start, end = self.display_span(publication_slack_days)
        return EventCluster(
            id=self.id,
            event_type=self.event_type,
            actor_codes=tuple(sorted(self.actors.codes)),
            recipient_codes=tuple(sorted(self.recipients.codes)),
            date_start=start,
            date_end=end,
            date_precision=self.precision,
            location=self.location,
            mention_count=self.mention_count,
            event_ids=tuple(self.event_ids),
            article_ids=tuple(self.article_ids),
            sources=tuple(sorted(self.sources)),
            certainty=self.certainty_name(),
            status=self.top_status(),
            statuses=dict(sorted(self.statuses.items())),
            founding_event_id=self.founding_event_id,
        )

    def to_json(self) -> dict[str, Any]:
        """What matching needs to resume from later (not the member lists), JSON-ready."""
        return {
            "actors": self.actors.to_json(),
            "recipients": self.recipients.to_json(),
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "precision": self.precision,
            "location": _location_dict(self.location),
            "sources": sorted(self.sources),
            "certainty": self.certainty,
            "statuses": dict(sorted(self.statuses.items())),
            "texts": sorted(self.texts),
        }

    @classmethod
    def from_json(
        cls,
        data: Mapping[str, Any],
        *,
        id: str,
        event_type: str,
        founding_event_id: str,
        status_class: str,
        seq: int,
        mention_count: int,
        article_count: int,
    ) -> ClusterState:
        """A state stored by :meth:`to_json` with the columns kept beside it."""
        loc = data.get("location")
        start, end = data.get("start"), data.get("end")
        return cls(
            id=id,
            event_type=event_type,
            founding_event_id=founding_event_id,
            status_class=status_class,
            actors=Sides.from_json(data.get("actors") or {}),
            recipients=Sides.from_json(data.get("recipients") or {}),
            start=date.fromisoformat(start) if start else None,
            end=date.fromisoformat(end) if end else None,
            precision=str(data.get("precision") or "unknown"),
            location=location_from_dict(loc) if isinstance(loc, dict) else None,
            seq=seq,
            mention_count=mention_count,
            article_count=article_count,
            sources=dict.fromkeys(data.get("sources") or ()),
            certainty=int(data.get("certainty", len(CERTAINTIES))),
            statuses=Counter(data.get("statuses") or {}),
            texts=set(data.get("texts") or ()),
        )
