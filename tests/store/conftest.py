"""Tiny hand-made records for the store tests."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

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
from dotterel.store import EventStore


@dataclass(frozen=True)
class Coded:
    """A coded article as the store receives it."""

    article: Article
    events: tuple[Event, ...]
    reject: Reject | None = None


def _make_article(
    text: str = "Ruritania shelled the border town of Kessin.", **meta: str
) -> Article:
    return Article(id=meta.pop("id", Article.make_id(text)), text=text, **meta)


def _make_event(
    article: Article,
    *,
    index: int = 0,
    event_type: str = "ASSAULT",
    actors: tuple[tuple[str, str | None], ...] = (("RUR", "MIL"),),
    recipients: tuple[tuple[str, str | None], ...] = (("GRD", "CVL"),),
    date: str | None = "2023-05-04",
    precision: str = "day",
    place: tuple[str, str] | None = ("Kessin", "GR"),
    status: str = "occurred",
    certainty: str = "reported",
    sentence: str = "Ruritania shelled the border town of Kessin.",
    quad: int = 4,
) -> Event:
    trigger_start = 10 + index
    return Event(
        id=event_id(article.id, index, trigger_start, event_type),
        article_id=article.id,
        event_type=event_type,
        mode=None,
        contexts=("military",),
        actor=tuple(ActorRef(f"{c} people", c, s) for c, s in actors),
        recipient=tuple(ActorRef(f"{c} people", c, s) for c, s in recipients),
        date=date,
        date_precision=precision,
        location=Location(place[0], place[0], place[1], lat=1.5, lon=2.5) if place else None,
        status=status,
        certainty=certainty,
        attribution=(
            Attribution("said", ActorRef("a spokesman", "GRD", "GOV"), outlet="The Herald"),
        ),
        quad_code=quad,
        score=-9.0,
        evidence=Evidence(index, sentence, 0, len(sentence), "shelled", trigger_start, 17, "p1"),
        coder_version="test",
        modality_cues=("said",),
        extensions={"note": "ünïcode"},
    )


@pytest.fixture
def make_article():
    """Build an Article from text (id: the content hash unless given)."""
    return _make_article


@pytest.fixture
def make_event():
    """Build a fully populated Event of an article (keyword overrides)."""
    return _make_event


@pytest.fixture
def coded():
    """The coded-article record class the store accepts."""
    return Coded


@pytest.fixture
def store():
    with EventStore(":memory:") as s:
        yield s


@pytest.fixture
def file_store(tmp_path):
    with EventStore(tmp_path / "events.db") as s:
        yield s
