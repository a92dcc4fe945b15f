"""When two reports can describe the same real-world event: settings, dates, places, participants.

These are the pure matching rules behind :class:`~dotterel.dedup.Clusterer` and the store's
persisted clusters; nothing here keeps state.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any, Protocol

from dotterel.errors import ValidationError
from dotterel.records import CERTAINTIES, UNKNOWN_CODE, Location


class _Participant(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def sector(self) -> str | None: ...


class _Source(Protocol):
    @property
    def outlet(self) -> str | None: ...


class _Evidence(Protocol):
    @property
    def sentence(self) -> str: ...


class Report(Protocol):
    """What clustering reads of an event: an :class:`~dotterel.records.Event`, or a lighter
    record with the same fields (the store decodes only these)."""

    @property
    def id(self) -> str: ...
    @property
    def article_id(self) -> str: ...
    @property
    def event_type(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def certainty(self) -> str: ...
    @property
    def date(self) -> str | None: ...
    @property
    def date_precision(self) -> str: ...
    @property
    def actor(self) -> Sequence[_Participant]: ...
    @property
    def recipient(self) -> Sequence[_Participant]: ...
    @property
    def location(self) -> Location | None: ...
    @property
    def attribution(self) -> Sequence[_Source]: ...
    @property
    def evidence(self) -> _Evidence: ...


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
RESOLUTION_RANK: Mapping[str, int] = {
    "city": 0,
    "district": 1,
    "province": 2,
    "region": 3,
    "country": 4,
}
_COARSE = {"province", "region", "country"}
#: Date precisions from most to least precise.
PRECISION_RANK: Mapping[str, int] = {
    "day": 0,
    "publication": 1,
    "week": 2,
    "month": 3,
    "year": 4,
    "unknown": 5,
}
#: Days either side of a report's date within which another report of the same event may fall.
DEFAULT_WINDOW_DAYS = 2
#: Version of the matching rules; the store records it beside its clusters, and clusters made
#: with other rules are not used as they are (2: reports of other articles need an anchor).
RULES_VERSION = 2
#: Widths (days) of the in-memory index's date buckets, one per level: a cluster is filed at the
#: first level where its span covers at most a few buckets, so a year-long cluster takes a few
#: entries rather than fifty-three.
BUCKET_DAYS = (7, 91, 1461)


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

    def check(self) -> DedupConfig:
        """Return the config, or raise :class:`ValidationError` if a setting is out of range."""
        if self.window_days < 0 or self.place_km < 0 or self.publication_slack_days < 0:
            raise ValidationError(
                "dedup window, publication slack and place distance must not be negative",
                hint="use window_days >= 0, publication_slack_days >= 0 and place_km >= 0",
            )
        return self

    def to_dict(self) -> dict[str, Any]:
        """The settings as a JSON-ready dict (kept in the store beside its clusters)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DedupConfig:
        """Settings from :meth:`to_dict` output; missing keys take their defaults."""
        names = {"window_days", "max_span_days", "publication_slack_days", "place_km"}
        return cls(**{k: v for k, v in data.items() if k in names})


def status_class(status: str) -> str:
    """The kind of reality a status describes (``actual``, ``intended``, ``negated``)."""
    return STATUS_CLASSES.get(status, status)


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


def text_key(sentence: str) -> str:
    """A short key of an evidence sentence, the same for copies that differ only in case and
    spacing (a wire story printed by several outlets)."""
    normal = " ".join(sentence.lower().split())
    return hashlib.blake2b(normal.encode(), digest_size=8).hexdigest()


def same_precise_place(a: Location | None, b: Location | None, *, place_km: float = 50.0) -> bool:
    """Whether both places are known below region level and can be the same place."""
    if a is None or b is None or a.resolution in _COARSE or b.resolution in _COARSE:
        return False
    return places_compatible(a, b, place_km=place_km)


def more_precise_place(new: Location | None, current: Location | None) -> bool:
    """Whether ``new`` should replace ``current`` as a cluster's location."""
    if new is None:
        return False
    if current is None:
        return True
    rank = RESOLUTION_RANK.get(new.resolution or "", 5)
    return rank < RESOLUTION_RANK.get(current.resolution or "", 5)


@dataclass(slots=True)
class Sides:
    """The known codes of one side (actors or recipients) and the sectors reported per code."""

    codes: frozenset[str]
    sectors: dict[str, set[str]]

    @classmethod
    def of(cls, refs: Iterable[Any]) -> Sides:
        """The known (non-``UNK``) codes and sectors of some :class:`ActorRef` records."""
        sectors: dict[str, set[str]] = {}
        for ref in refs:
            if ref.code and ref.code != UNKNOWN_CODE:
                bucket = sectors.setdefault(ref.code, set())
                if ref.sector:
                    bucket.add(ref.sector)
        return cls(frozenset(sectors), sectors)

    @classmethod
    def empty(cls) -> Sides:
        """A side with no known code."""
        return cls(frozenset(), {})

    def compatible(self, other: Sides) -> bool:
        """One side's codes are a subset of the other's, and no shared code's sectors clash."""
        if not (self.codes <= other.codes or other.codes <= self.codes):
            return False
        for code in self.codes & other.codes:
            mine, theirs = self.sectors[code], other.sectors[code]
            if mine and theirs and not mine & theirs:
                return False
        return True

    def absorb(self, other: Sides) -> None:
        """Add the codes and sectors of another report of the same side."""
        for code, sectors in other.sectors.items():
            self.sectors.setdefault(code, set()).update(sectors)
        self.codes = frozenset(self.sectors)

    def to_json(self) -> dict[str, list[str]]:
        """``{code: [sectors]}``, sorted, for storage."""
        return {code: sorted(self.sectors[code]) for code in sorted(self.sectors)}

    @classmethod
    def from_json(cls, data: Mapping[str, Iterable[str]]) -> Sides:
        """The side stored by :meth:`to_json`."""
        sectors = {code: set(values) for code, values in data.items()}
        return cls(frozenset(sectors), sectors)


def certainty_rank(certainty: str) -> int:
    """Position in :data:`~dotterel.records.CERTAINTIES` (0 is the strongest)."""
    try:
        return CERTAINTIES.index(certainty)
    except ValueError:
        return len(CERTAINTIES) - 1


def bucket_level(start: date, end: date) -> int:
    """The index level a span is filed at (see :data:`BUCKET_DAYS`)."""
    days = (end - start).days + 1
    for level, width in enumerate(BUCKET_DAYS[:-1]):
        if days <= 4 * width:
            return level
    return len(BUCKET_DAYS) - 1


def buckets(start: date, end: date, level: int = 0) -> range:
    """The in-memory index's buckets of one level that a date span touches."""
    width = BUCKET_DAYS[level]
    return range(start.toordinal() // width, end.toordinal() // width + 1)
