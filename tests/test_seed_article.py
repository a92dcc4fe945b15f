"""The flagship example: what the coder must get right on the seed article in ../shared.

The article is third-party text and never enters the repository; these tests read it from
../shared/examples and skip when that folder is absent.
"""

from __future__ import annotations

import pytest

from dotterel.api import make_article

pytestmark = [pytest.mark.slow, pytest.mark.shared]

PUBLICATION_DATE = "2018-12-20"


@pytest.fixture(scope="module")
def events(shared, coder):
    path = shared / "examples" / "seed-article.txt"
    if not path.is_file():
        pytest.skip("../shared/examples/seed-article.txt is absent")
    article = make_article(path.read_text(encoding="utf-8"), date=PUBLICATION_DATE)
    return coder.code_article(article).events


def _codes(refs) -> set[str]:
    return {r.code for r in refs}


def _find(events, event_type, trigger_words, **want):
    found = []
    for e in events:
        if e.event_type != event_type:
            continue
        if not any(w in e.evidence.trigger.lower() for w in trigger_words):
            continue
        if "actor" in want and not want["actor"] <= _codes(e.actor):
            continue
        if "recipient" in want and not want["recipient"] <= _codes(e.recipient):
            continue
        found.append(e)
    return found


@pytest.mark.parametrize(
    ("event_type", "triggers", "want"),
    [
        ("SANCTION", ("kick out", "expel"), {"actor": {"ALB"}, "recipient": {"IRN"}}),
        ("ACCUSE", ("rebuke",), {"actor": {"DNK", "FRA", "NLD"}, "recipient": {"IRN"}}),
        ("SUPPORT", ("praised",), {"actor": {"USA"}, "recipient": {"ALB"}}),
        ("SUPPORT", ("thanked",), {"actor": {"USA"}, "recipient": {"ALB"}}),
        ("REJECT", ("denied",), {"actor": {"IRN"}}),
        ("PROTEST", ("strike",), {"actor": {"IRN"}}),
        ("COERCE", ("arrest",), {}),
    ],
)
def test_seed_required_events(events, event_type, triggers, want) -> None:
    assert _find(events, event_type, triggers, **want), (
        f"no {event_type} {want} on {triggers}: "
        + "; ".join(
            f"{e.event_type} {sorted(_codes(e.actor))}->{sorted(_codes(e.recipient))} "
            f"{e.evidence.trigger!r}"
            for e in events
            if e.event_type == event_type
        )
    )


def test_seed_compound_actor_is_one_event(events) -> None:
    rebukes = _find(events, "ACCUSE", ("rebuke",))
    assert len(rebukes) == 1
    assert {"DNK", "FRA", "NLD"} <= _codes(rebukes[0].actor)


def test_seed_strikers_are_iranian_labour(events) -> None:
    (strike,) = _find(events, "PROTEST", ("strike",))
    assert any(a.code == "IRN" and a.sector == "LAB" for a in strike.actor)


def test_seed_strike_is_in_ahvaz(events) -> None:
    (strike,) = _find(events, "PROTEST", ("strike",))
    assert strike.location is not None
    assert strike.location.country_code == "IRN"
    assert "ahvaz" in (strike.location.name or strike.location.text).lower()


def test_seed_plot_is_not_an_occurred_attack(events) -> None:
    attacks = [e for e in events if e.event_type == "ASSAULT" and "2018-03" == e.date]
    assert attacks, "the aborted March 2018 scheme is missing or undated"
    assert all(e.status in ("planned", "aborted", "attempted") for e in attacks)
    assert all(e.certainty in ("alleged", "disputed", "reported") for e in attacks)


def test_seed_praise_is_dated_wednesday(events) -> None:
    (praise,) = _find(events, "SUPPORT", ("praised",))
    assert praise.date == "2018-12-19"
    assert praise.date_precision == "day"


def test_seed_future_attack(events) -> None:
    future = [e for e in events if e.event_type == "ASSAULT" and e.status == "future"]
    assert future
