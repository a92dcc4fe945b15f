from __future__ import annotations

import json

import pytest

from dotterel.records import (
    ActorRef,
    Article,
    Attribution,
    Event,
    Evidence,
    Location,
    event_id,
)


def _event() -> Event:
    return Event(
        id=event_id("a1", 0, 10, "SANCTION"),
        article_id="a1",
        event_type="SANCTION",
        mode="expel",
        contexts=("diplomatic",),
        actor=(ActorRef("Estonia", "EST", "GOV", start=0, end=7),),
        recipient=(ActorRef("two Russian diplomats", "RUS", "GOV"),),
        date="2024-03-13",
        date_precision="day",
        location=Location("Tallinn", "Tallinn", "EST", lat=59.4, lon=24.7),
        status="occurred",
        certainty="reported",
        attribution=(Attribution("said", ActorRef("the ministry"), outlet="Baltic Ledger"),),
        quad_code=4,
        score=-5.2,
        evidence=Evidence(0, "Estonia expelled ...", 0, 20, "expelled", 8, 16, "sanction.expel"),
        coder_version="0.1.0",
        disputed_by=(ActorRef("Moscow", "RUS", "GOV"),),
    )


@pytest.mark.parametrize("event", [_event()])
def test_event_round_trips_through_json(event: Event) -> None:
    again = Event.from_dict(json.loads(event.to_json()))
    assert again == event


@pytest.mark.parametrize("event", [_event()])
def test_event_to_dict_has_stable_keys(event: Event) -> None:
    keys = set(event.to_dict())
    required = {
        "id",
        "article_id",
        "event_type",
        "mode",
        "contexts",
        "actor",
        "recipient",
        "date",
        "date_precision",
        "location",
        "status",
        "certainty",
        "attribution",
        "quad_code",
        "score",
        "evidence",
        "coder_version",
    }
    assert required <= keys
    assert set(event.to_dict()["evidence"]) == {
        "sentence_index",
        "sentence",
        "start",
        "end",
        "trigger",
        "trigger_start",
        "trigger_end",
        "pattern_id",
    }


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (("a1", 0, 5, "ASSAULT"), ("a1", 0, 5, "ASSAULT"), True),
        (("a1", 0, 5, "ASSAULT"), ("a1", 0, 6, "ASSAULT"), False),
        (("a1", 0, 5, "ASSAULT"), ("a2", 0, 5, "ASSAULT"), False),
    ],
)
def test_event_id_is_deterministic(a: tuple, b: tuple, same: bool) -> None:
    assert (event_id(*a) == event_id(*b)) is same


@pytest.mark.parametrize(
    ("text", "url", "other_text", "other_url", "same"),
    [
        ("Some text.", None, "Some   text.", None, True),
        ("Some text.", "https://x.example/a", "Other text.", "https://x.example/a", True),
        ("Some text.", None, "Other text.", None, False),
    ],
)
def test_article_make_id_uses_url_else_content(text, url, other_text, other_url, same) -> None:
    assert (Article.make_id(text, url) == Article.make_id(other_text, other_url)) is same


@pytest.mark.parametrize(
    "text",
    [
        "",
        "one",
        "  two  words \n",
        "word " * 300_000,
        ("a" * (1 << 20)) + " tail",
        ("x " * ((1 << 20) // 2)) + "end of text",
        "first\n" + ("abc" * 500_000) + "\tlast ",
    ],
)
def test_normalised_hash_equals_hash_of_joined_words(text: str) -> None:
    import hashlib

    from dotterel.records import normalised_hash

    assert normalised_hash(text) == hashlib.sha1(" ".join(text.split()).encode()).hexdigest()
