"""Small hand-built events and articles shared by the export tests (sentences written by us)."""

from __future__ import annotations

import pytest

from dotterel.records import ActorRef, Article, Attribution, Event, Evidence, Location, event_id

SENTENCE_1 = "Border guards from Estonia and Latvia detained two smugglers near Narva on Tuesday."
SENTENCE_2 = "Protesters reportedly blocked the main road into the capital last month."
SENTENCE_3 = "The United Nations; a donor group said it would send food aid."


def make_events() -> list[Event]:
    """Three events covering compound actors, coarse dates, missing places and modality."""
    first = Event(
        id=event_id("art-1", 0, 45, "COERCE"),
        article_id="art-1",
        event_type="COERCE",
        mode="arrest",
        contexts=("crime",),
        actor=(
            ActorRef("Estonia", "EST", "COP", name="Estonian border guard", start=19, end=26),
            ActorRef("Latvia", "LVA", "COP", start=31, end=37, resolved_by="country"),
        ),
        recipient=(ActorRef("two smugglers", "UNK", "CRM", start=47, end=60),),
        date="2024-03-12",
        date_precision="day",
        location=Location(
            "Narva",
            "Narva",
            "EE",
            adm1="14",
            lat=59.38,
            lon=28.19,
            geonames_id=590031,
            resolution="city",
            start=66,
            end=71,
            source="sentence",
        ),  # fmt: skip
        status="occurred",
        certainty="asserted",
        attribution=(),
        quad_code=4,
        score=-5.0,
        evidence=Evidence(0, SENTENCE_1, 0, len(SENTENCE_1), "detained", 38, 46, "coerce.arrest"),
        coder_version="0.1.0",
        date_text="on Tuesday",
        extensions={"note": "first"},
    )
    second = Event(
        id=event_id("art-2", 2, 24, "PROTEST"),
        article_id="art-2",
        event_type="PROTEST",
        mode="obstruct",
        contexts=(),
        actor=(ActorRef("Protesters", "UNK", "CVL"),),
        recipient=(),
        date="2024-02",
        date_precision="month",
        location=None,
        status="occurred",
        certainty="reported",
        attribution=(
            Attribution("reportedly", None, outlet="Morning Courier", cue_start=11, cue_end=21),
        ),
        quad_code=4,
        score=-6.5,
        evidence=Evidence(2, SENTENCE_2, 300, 300 + len(SENTENCE_2), "blocked", 322, 329, "p.1"),
        coder_version="0.1.0",
        modality_cues=("reportedly",),
    )
    third = Event(
        id=event_id("art-2", 3, 50, "AID"),
        article_id="art-2",
        event_type="AID",
        mode=None,
        contexts=("humanitarian",),
        actor=(ActorRef("The United Nations", "IGO", None, name="United Nations"),),
        recipient=(),
        date="2024-03-20",
        date_precision="publication",
        location=Location("Chad", "Chad", "TCD", resolution="country", lat=15.0, lon=19.0),
        status="planned",
        certainty="alleged",
        attribution=(
            Attribution("said", ActorRef("a donor group", "UNK", "SOC"), quote="it would send"),
        ),
        quad_code=2,
        score=7.0,
        evidence=Evidence(3, SENTENCE_3, 400, 400 + len(SENTENCE_3), "send", 450, 454, "aid.1"),
        coder_version="0.1.0",
        historical=True,
        refers_to=first.id,
    )
    return [first, second, third]


def make_articles() -> dict[str, Article]:
    return {
        "art-1": Article(
            id="art-1",
            text="",
            title="Smugglers held",
            date="2024-03-13",
            url="https://news.example/smugglers",
            source="Baltic Ledger",
            language="en",
        ),  # fmt: skip
        "art-2": Article(id="art-2", text="", title=None, date="2024-03-20", url=None),
    }


@pytest.fixture
def events() -> list[Event]:
    return make_events()


@pytest.fixture
def articles() -> dict[str, Article]:
    return make_articles()
