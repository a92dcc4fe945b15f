"""Synthetic near-duplicate reports with a known truth, for clustering tests and benchmarks.

Each generated real-world event is reported by one or more articles, the way outlets report a
story: the same event with a date a day off or only the publication date or month known, an
actor left unresolved, a sector missing, the place given as the country or not at all, and
varying certainty. Every event record carries the index of the real-world event it reports in
``extensions["truth"]``. Names and words are generated; nothing here codes real text.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass

from dotterel.records import ActorRef, Article, Event, Evidence, Location, event_id
from dotterel.store.synthetic import SyntheticCoded

_TYPES = (
    ("ASSAULT", 4),
    ("FIGHT", 4),
    ("COERCE", 4),
    ("PROTEST", 3),
    ("THREATEN", 3),
    ("ACCUSE", 3),
    ("SANCTION", 3),
    ("CONSULT", 1),
    ("AID", 2),
    ("MOBILIZE", 3),
)
_CODES = ("USA RUS CHN IRN ISR UKR TUR SYR IRQ EGY IND PAK AFG NGA ETH SDN KEN COL MEX YEM").split()
_SECTORS = ("GOV", "MIL", "COP", "REB", "CVL", "OPP")
# (name, country, lat, lon): towns 20 km apart and 300 km apart in some countries.
_PLACES = (
    ("Almora", "TR", 39.90, 32.80),
    ("Belen", "TR", 40.05, 32.95),
    ("Corvin", "TR", 38.40, 35.50),
    ("Dasta", "SY", 35.10, 36.70),
    ("Erun", "SY", 33.50, 36.30),
    ("Fallow", "IQ", 33.30, 44.40),
    ("Gerra", "KE", -1.30, 36.80),
    ("Hollis", "KE", -0.10, 34.75),
    ("Istra", "CO", 4.60, -74.10),
    ("Jorvik", "UA", 50.45, 30.50),
    ("Kaven", "UA", 50.30, 30.70),
    ("Lomar", "NG", 9.05, 7.50),
)
_COUNTRY_NAMES = {"TR": "Turkey", "SY": "Syria", "IQ": "Iraq", "KE": "Kenya", "CO": "Colombia",
                  "UA": "Ukraine", "NG": "Nigeria"}  # fmt: skip
_CERTAINTIES = ("asserted", "reported", "reported", "alleged", "uncertain")


@dataclass(frozen=True)
class _World:
    """One real-world event."""

    index: int
    event_type: str
    quad: int
    actor: tuple[str, str | None]
    recipient: tuple[str, str | None] | None
    day: dt.date
    place: tuple[str, str, float, float] | None
    intended: bool


def _world(rng: random.Random, index: int, start: dt.date, days: int) -> _World:
    event_type, quad = rng.choice(_TYPES)
    recipient = (rng.choice(_CODES), rng.choice(_SECTORS)) if rng.random() < 0.7 else None
    return _World(
        index=index,
        event_type=event_type,
        quad=quad,
        actor=(rng.choice(_CODES), rng.choice(_SECTORS)),
        recipient=recipient,
        day=start + dt.timedelta(days=rng.randrange(days)),
        place=rng.choice(_PLACES) if rng.random() < 0.9 else None,
        intended=rng.random() < 0.1,
    )


def _ref(rng: random.Random, side: tuple[str, str | None]) -> ActorRef:
    code, sector = side
    roll = rng.random()
    if roll < 0.12:
        code, sector = "UNK", None
    elif roll < 0.22:
        sector = None
    text = f"{code.title()} {(sector or 'side').lower()}"
    return ActorRef(text, code, sector)


def _report(rng: random.Random, world: _World, published: dt.date) -> dict[str, object]:
    """The fields of one report of ``world`` in an article published on ``published``."""
    roll = rng.random()
    if roll < 0.65:
        date, precision = world.day.isoformat(), "day"
    elif roll < 0.8:
        date, precision = (world.day + dt.timedelta(days=rng.choice((-1, 1)))).isoformat(), "day"
    elif roll < 0.9:
        date, precision = published.isoformat(), "publication"
    else:
        date, precision = world.day.isoformat()[:7], "month"
    location = None
    if world.place is not None and rng.random() < 0.85:
        name, country, lat, lon = world.place
        if rng.random() < 0.12:
            country_name = _COUNTRY_NAMES[country]
            location = Location(country_name, country_name, country, resolution="country")
        else:
            location = Location(name, name, country, lat=lat, lon=lon, resolution="city")
    statuses = ("threatened", "planned") if world.intended else ("occurred", "occurred", "ongoing")
    return {
        "actor": (_ref(rng, world.actor),),
        "recipient": (_ref(rng, world.recipient),) if world.recipient else (),
        "date": date,
        "date_precision": precision,
        "location": location,
        "status": rng.choice(statuses),
        "certainty": rng.choice(_CERTAINTIES),
    }


def duplicate_reports(
    n_events: int,
    *,
    mean_reports: float = 4.0,
    per_article: int = 5,
    days: int = 365,
    outlets: int = 40,
    seed: int = 11,
) -> Iterator[SyntheticCoded]:
    """Articles reporting ``n_events`` real-world events about ``mean_reports`` times each.

    Articles come in publication order (a report is published zero to two days after the
    event), each from one of ``outlets`` outlets and holding up to ``per_article`` reports.
    """
    rng = random.Random(seed)
    start = dt.date(2022, 1, 1)
    extra = max(mean_reports - 1.0, 1e-9)
    reports: list[tuple[dt.date, float, _World]] = []
    for index in range(n_events):
        world = _world(rng, index, start, days)
        count = 1 + int(rng.expovariate(1.0 / extra)) if mean_reports > 1 else 1
        for _ in range(count):
            reports.append((world.day + dt.timedelta(days=rng.randrange(3)), rng.random(), world))
    reports.sort(key=lambda r: (r[0], r[1]))
    for number, first in enumerate(range(0, len(reports), per_article)):
        chunk = reports[first : first + per_article]
        published = chunk[0][0]
        text = f"Synthetic report {seed}-{number} of {len(chunk)} events."
        article = Article(
            id=Article.make_id(text),
            text=text,
            date=published.isoformat(),
            source=f"Outlet {rng.randrange(outlets)}",
            url=f"https://reports.example.org/{seed}/{number}",
        )
        events = []
        for position, (_, _, world) in enumerate(chunk):
            fields = _report(rng, world, published)
            trigger = "struck"
            events.append(
                Event(
                    id=event_id(article.id, position, position, world.event_type),
                    article_id=article.id,
                    event_type=world.event_type,
                    mode=None,
                    contexts=(),
                    quad_code=world.quad,
                    score=-5.0,
                    evidence=Evidence(position, text, 0, len(text), trigger, 0, 6, "synthetic"),
                    coder_version="synthetic",
                    attribution=(),
                    extensions={"truth": world.index},
                    **fields,  # type: ignore[arg-type]
                )
            )
        yield SyntheticCoded(article, tuple(events))
