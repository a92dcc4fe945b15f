"""Synthetic, deterministic coded articles for store benchmarks and load tests.

The records are shaped like real coder output (one to three actors, attributions, places, dates
of mixed precision, sentences of news length) but their words are generated, so they carry no
third-party text. Nothing here is used when coding real articles.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dotterel.records import (
    ActorRef,
    Article,
    Attribution,
    Event,
    Evidence,
    Location,
    Reject,
    event_id,
)

_CODES = (
    "USA RUS CHN IRN ISR UKR GBR FRA DEU TUR SYR IRQ SAU EGY IND PAK AFG NGA ETH SDN "
    "KEN MEX COL VEN BRA ARG JPN PRK KOR PHL IDN MMR YEM LBY MLI NER UNO EUR NAT AFR"
).split()
_SECTORS = (None, "GOV", "MIL", "COP", "OPP", "CVL", "REB", "JUD", "MED")
_TYPES = (
    ("AGREE", 1),
    ("CONSULT", 1),
    ("SUPPORT", 1),
    ("COOPERATE", 2),
    ("AID", 2),
    ("RETREAT", 2),
    ("REQUEST", 1),
    ("ACCUSE", 3),
    ("REJECT", 3),
    ("THREATEN", 3),
    ("PROTEST", 3),
    ("SANCTION", 3),
    ("MOBILIZE", 3),
    ("COERCE", 4),
    ("ASSAULT", 4),
    ("FIGHT", 4),
)
_STATUSES = ("occurred", "occurred", "occurred", "ongoing", "planned", "threatened", "negated")
_CERTAINTIES = ("asserted", "reported", "reported", "alleged", "disputed", "uncertain")
_PLACES = (
    ("Alderbury", "GB", 51.04, -1.73),
    ("Kessin", "DE", 53.84, 12.06),
    ("Varosha", "CY", 35.11, 33.95),
    ("Port Elm", "US", 38.2, -76.3),
    ("Tamsa", "UA", 48.5, 35.0),
    ("Qarat", "IQ", 33.3, 44.4),
    ("Lumo", "KE", -1.3, 36.8),
    ("San Ilo", "CO", 4.6, -74.1),
)
_WORDS = (
    "officials minister forces border talks agreement statement ceasefire troops capital "
    "sanctions envoy council meeting spokesman protesters police convoy aid delegation region "
    "negotiations embassy parliament army militants village port shipment observers"
).split()


@dataclass(frozen=True)
class SyntheticCoded:
    """A coded article as the store receives it (same fields as ``CodedArticle``)."""

    article: Article
    events: tuple[Event, ...]
    reject: Reject | None = None


def _sentence(rng: random.Random, n_words: int) -> str:
    words = [rng.choice(_WORDS) for _ in range(n_words)]
    return (" ".join(words)).capitalize() + "."


def _date(rng: random.Random, base: dt.date) -> tuple[str | None, str]:
    day = base + dt.timedelta(days=rng.randrange(3 * 365))
    roll = rng.random()
    if roll < 0.75:
        return day.isoformat(), "day"
    if roll < 0.85:
        return day.isoformat()[:7], "month"
    if roll < 0.9:
        return day.isoformat()[:4], "year"
    if roll < 0.95:
        return day.isoformat(), "publication"
    return None, "unknown"


def _actor(rng: random.Random, code: str) -> ActorRef:
    sector = rng.choice(_SECTORS)
    text = f"{code.title()} {(sector or 'people').lower()}"
    start = rng.randrange(2000)
    return ActorRef(text, code, sector, None, start, start + len(text), "country")


def synthetic_articles(
    n_articles: int, *, events_per_article: int = 10, seed: int = 7
) -> Iterator[SyntheticCoded]:
    """``n_articles`` coded articles with about ``events_per_article`` events each."""
    rng = random.Random(seed)
    base = dt.date(2021, 1, 1)
    for i in range(n_articles):
        sentences = [_sentence(rng, rng.randrange(12, 30)) for _ in range(events_per_article)]
        text = " ".join(sentences) + f" Reference {seed}-{i}."
        article = Article(
            id=Article.make_id(text),
            text=text,
            title=_sentence(rng, 6),
            date=(base + dt.timedelta(days=rng.randrange(3 * 365))).isoformat(),
            url=f"https://news.example.org/{seed}/{i}",
            source="Example News",
            origin=f"synthetic:{i}",
        )
        events = []
        offset = 0
        for s_index, sentence in enumerate(sentences):
            event_type, quad = rng.choice(_TYPES)
            actors = tuple(_actor(rng, rng.choice(_CODES)) for _ in range(rng.choice((1, 1, 2))))
            recipients = tuple(
                _actor(rng, rng.choice(_CODES)) for _ in range(rng.choice((0, 1, 1)))
            )
            place = rng.choice(_PLACES) if rng.random() < 0.7 else None
            location = (
                Location(place[0], place[0], place[1], None, place[2], place[3], None, "city")
                if place
                else None
            )
            attribution = (
                (Attribution("said", _actor(rng, rng.choice(_CODES)), "Example News"),)
                if rng.random() < 0.6
                else ()
            )
            date, precision = _date(rng, base)
            trigger_start = offset + sentence.index(" ") + 1
            trigger = sentence.split()[1]
            events.append(
                Event(
                    id=event_id(article.id, s_index, trigger_start, event_type),
                    article_id=article.id,
                    event_type=event_type,
                    mode=None,
                    contexts=(),
                    actor=actors,
                    recipient=recipients,
                    date=date,
                    date_precision=precision,
                    location=location,
                    status=rng.choice(_STATUSES),
                    certainty=rng.choice(_CERTAINTIES),
                    attribution=attribution,
                    quad_code=quad,
                    score=round(rng.uniform(-10, 10), 1),
                    evidence=Evidence(
                        s_index,
                        sentence,
                        offset,
                        offset + len(sentence),
                        trigger,
                        trigger_start,
                        trigger_start + len(trigger),
                        f"synthetic.{event_type.lower()}",
                    ),
                    coder_version="synthetic",
                )
            )
            offset += len(sentence) + 1
        yield SyntheticCoded(article, tuple(events))


def build_synthetic_store(
    path: str | os.PathLike[str], n_events: int, *, per_article: int = 10, batch: int = 500
) -> float:
    """Create (replacing any) a store of ``n_events`` synthetic events; returns the seconds taken.

    For benchmarks of the store, the API and the dashboard at scale.
    """
    from dotterel.store.store import EventStore

    target = Path(path)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    with EventStore(target) as store:
        pending = []
        for coded in synthetic_articles(n_events // per_article, events_per_article=per_article):
            pending.append(coded)
            if len(pending) >= batch:
                store.add_coded(pending)
                pending = []
        store.add_coded(pending)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.conn.execute("ANALYZE")
    return time.perf_counter() - start
