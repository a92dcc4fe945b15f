"""Which triggers of a sentence make events of their own (dotterel.claims), on our sentences."""

from __future__ import annotations

import pytest

from dotterel.api import make_article

pytestmark = pytest.mark.slow


def _triggers(coder, text: str, event_type: str) -> list[str]:
    events = coder.code_article(make_article(text, date="2024-01-10")).events
    return [e.evidence.trigger.lower() for e in events if e.event_type == event_type]


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Militiamen shelled a village on Tuesday, killing four farmers.", "shelled"),
        ("Troops fired on the crowd outside the stadium, wounding a dozen people.", "fired"),
    ],
)
def test_an_attack_and_what_it_did_are_one_event(coder, text: str, trigger: str) -> None:
    assert _triggers(coder, text, "ASSAULT") == [trigger]


@pytest.mark.parametrize(
    ("text", "triggers"),
    [
        # Two attacks side by side stay two events.
        ("Rebels attacked a convoy and shelled the town.", ["attacked", "shelled"]),
    ],
)
def test_coordinated_attacks_stay_separate_events(coder, text: str, triggers: list[str]) -> None:
    assert sorted(_triggers(coder, text, "ASSAULT")) == sorted(triggers)


@pytest.mark.parametrize(
    ("text", "event_type", "expected"),
    [
        # A measure or group noun passes the check on to what follows "of".
        ("Qatar sent a planeload of medicine to Gaza.", "AID", ["sent"]),
        ("The firm sent a team of lawyers to the hearing.", "AID", []),
    ],
)
def test_object_check_looks_past_measure_and_group_nouns(
    coder, text: str, event_type: str, expected: list[str]
) -> None:
    assert _triggers(coder, text, event_type) == expected


@pytest.mark.parametrize(
    ("text", "event_type", "trigger"),
    [
        # "both sides" is two actors, not a thing: the event stays.
        (
            "Laotian and Thai troops met at the river. Both sides exchanged fire on Tuesday.",
            "ASSAULT",
            "exchanged",
        ),
        (
            "Chad and Niger held talks. The two sides agreed to reopen the border.",
            "AGREE",
            "agreed",
        ),
    ],
)
def test_a_pair_of_sides_is_an_actor(coder, text: str, event_type: str, trigger: str) -> None:
    assert trigger in _triggers(coder, text, event_type)
