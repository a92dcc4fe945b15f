"""Hand-made sample records for the server and browser tests.

Sentences are ours; offsets are computed from them, so highlights in the dashboard line up.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette warns about httpx, which it still uses
    from fastapi.testclient import TestClient

from dotterel.records import ActorRef, Article, Attribution, Event, Evidence, Location, event_id
from dotterel.server import ServerSettings, create_app
from dotterel.store import EventStore

TOKEN = "test-token-0123456789abcdef"
PLACES = {
    "Kessin": ("DEU", 53.84, 12.06),
    "Vienna": ("AUT", 48.21, 16.37),
}


@dataclass(frozen=True)
class Coded:
    """A coded article as the store receives it."""

    article: Article
    events: tuple[Event, ...]
    reject: Any = None


def _ref(text: str, code: str, sector: str | None, article: str, sentence_at: int) -> ActorRef:
    start = article.index(text, sentence_at)
    return ActorRef(text, code, sector, None, start, start + len(text), "country")


def make_event(
    article: Article,
    sentence: str,
    trigger: str,
    event_type: str,
    *,
    actor: tuple[str, str, str | None] | None = None,
    recipient: tuple[str, str, str | None] | None = None,
    place: str | None = None,
    date: str | None = None,
    precision: str = "day",
    status: str = "occurred",
    certainty: str = "reported",
    quad: int = 4,
    said: tuple[str, str] | None = None,
) -> Event:
    """An event whose offsets point into ``article.text``."""
    text = article.text
    at = text.index(sentence)
    t_start = text.index(trigger, at)
    index = text[:at].count(". ")
    location = None
    if place:
        country, lat, lon = PLACES[place]
        p_start = text.index(place, at)
        location = Location(
            place, place, country, None, lat, lon, None, "city", p_start, p_start + len(place)
        )
    attribution: tuple[Attribution, ...] = ()
    if said:
        speaker, cue = said
        s_start = text.index(speaker, at)
        attribution = (
            Attribution(
                cue,
                ActorRef(speaker, "UNK", "GOV", None, s_start, s_start + len(speaker)),
                article.source,
            ),
        )
    return Event(
        id=event_id(article.id, index, t_start, event_type),
        article_id=article.id,
        event_type=event_type,
        mode=None,
        contexts=(),
        actor=(_ref(*actor, text, at),) if actor else (),
        recipient=(_ref(*recipient, text, at),) if recipient else (),
        date=date,
        date_precision=precision,
        location=location,
        status=status,
        certainty=certainty,
        attribution=attribution,
        quad_code=quad,
        score=-5.0 if quad > 2 else 3.0,
        evidence=Evidence(
            index, sentence, at, at + len(sentence), trigger, t_start, t_start + len(trigger), "t1"
        ),
        coder_version="test",
    )


def _article(text: str, date: str, source: str, title: str) -> Article:
    return Article(Article.make_id(text), text, title, date, None, source)


def sample_coded() -> list[Coded]:
    """Four articles, six events; the shelling of Kessin is reported twice."""
    a1 = _article(
        "Ruritanian troops shelled Grand Duchy positions near Kessin on Monday, officials said. "
        "The Grand Duchy's envoy met Ruritanian ministers in Vienna.",
        "2024-03-05",
        "Harbour Gazette",
        "Shelling at Kessin",
    )
    s1, s2 = a1.text.split(". ", 1)
    a2 = _article(
        "Grand Duchy soldiers in Kessin came under fire from Ruritanian artillery, the mayor said.",
        "2024-03-06",
        "Valley Courier",
        "Kessin under fire",
    )
    a3 = _article(
        "Protesters marched against the Ruritanian government in Kessin. "
        "Ruritania threatened sanctions against the Grand Duchy.",
        "2024-04-10",
        "Harbour Gazette",
        "March in Kessin",
    )
    s3, s4 = a3.text.split(". ", 1)
    a4 = _article(
        "Officials denied that Ruritania had sent aid to the rebels.",
        "2023-11-20",
        "Valley Courier",
        "Aid denied",
    )
    rur_mil = ("Ruritanian troops", "RUR", "MIL")
    return [
        Coded(
            a1,
            (
                make_event(
                    a1,
                    s1 + ".",
                    "shelled",
                    "ASSAULT",
                    actor=rur_mil,
                    recipient=("Grand Duchy positions", "GRD", "MIL"),
                    place="Kessin",
                    date="2024-03-04",
                    said=("officials", "said"),
                ),
                make_event(
                    a1,
                    s2,
                    "met",
                    "CONSULT",
                    actor=("envoy", "GRD", "GOV"),
                    recipient=("Ruritanian ministers", "RUR", "GOV"),
                    place="Vienna",
                    date="2024-03-05",
                    certainty="asserted",
                    quad=1,
                ),
            ),
        ),
        Coded(
            a2,
            (
                make_event(
                    a2,
                    a2.text,
                    "fire",
                    "ASSAULT",
                    actor=("Ruritanian artillery", "RUR", "MIL"),
                    recipient=("Grand Duchy soldiers", "GRD", "MIL"),
                    place="Kessin",
                    date="2024-03-04",
                    said=("the mayor", "said"),
                ),
            ),
        ),
        Coded(
            a3,
            (
                make_event(
                    a3,
                    s3 + ".",
                    "marched",
                    "PROTEST",
                    actor=("Protesters", "GRD", "CVL"),
                    recipient=("Ruritanian government", "RUR", "GOV"),
                    place="Kessin",
                    date="2024-04-10",
                    quad=3,
                ),
                make_event(
                    a3,
                    s4,
                    "threatened",
                    "THREATEN",
                    actor=("Ruritania", "RUR", "GOV"),
                    recipient=("Grand Duchy", "GRD", "GOV"),
                    date="2024-04",
                    precision="month",
                    status="threatened",
                    certainty="asserted",
                    quad=3,
                ),
            ),
        ),
        Coded(
            a4,
            (
                make_event(
                    a4,
                    a4.text,
                    "sent",
                    "AID",
                    actor=("Ruritania", "RUR", None),
                    recipient=("rebels", "GRD", "REB"),
                    date="2023-11-20",
                    status="negated",
                    certainty="disputed",
                    quad=2,
                ),
            ),
        ),
    ]


def build_sample_store(path: str) -> str:
    """Write the sample articles into a new store at ``path``."""
    with EventStore(path) as store:
        store.add_coded(sample_coded())
    return path


def make_client(path: str, **settings: Any) -> TestClient:
    """A TestClient over an app serving ``path``."""
    settings.setdefault("allowed_hosts", ("testserver",))
    app = create_app(ServerSettings(store=path, **settings))
    return TestClient(app, raise_server_exceptions=False)
