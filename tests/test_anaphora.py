"""Event anaphora: responses to an earlier act and nominal mentions of it, on our sentences."""

from __future__ import annotations

import pytest

from dotterel import anaphora
from dotterel.api import make_article


def _events(coder, text: str):
    return coder.code_article(make_article(text, date="2024-01-10")).events


def _find(events, event_type: str, trigger: str):
    found = [e for e in events if e.event_type == event_type and e.evidence.trigger == trigger]
    assert found, [(e.event_type, e.evidence.trigger) for e in events]
    return found[-1]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "event_type", "trigger", "recipient"),
    [
        # A response takes the earlier act's actors.
        ("Canada imposed sanctions on Bolivian exporters on Monday. Bolivia condemned the "
         "sanctions.", "ACCUSE", "condemned", "CAN"),
        ("Peru accused Chile of spying on Monday. Chile rejected the allegation.", "REJECT",
         "rejected", "PER"),
        ("A court in Lima jailed a newspaper editor for two years. Brazil criticised the ruling.",
         "ACCUSE", "criticised", "PER"),
        ("Rebels attacked a Malian army post. Niger condemned the attack.", "ACCUSE",
         "condemned", None),
        # A nominal mention a response names takes the earlier event's participants.
        ("Canada imposed sanctions on Bolivian exporters on Monday. Bolivia condemned the "
         "sanctions.", "SANCTION", "sanctions", "BOL"),
    ],
)  # fmt: skip
def test_anaphora_response_is_aimed_at_the_earlier_act(
    coder, text: str, event_type: str, trigger: str, recipient: str | None
) -> None:
    event = _find(_events(coder, text), event_type, trigger)
    codes = {r.code for r in event.recipient}
    if recipient is None:
        # The attackers are unknown: the response gets their sector-only ref, no country.
        assert not codes - {"UNK"}, event.recipient
    else:
        assert recipient in codes, event.recipient


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        # No court acted earlier: "the ruling" points at nothing.
        "Police in Lima arrested a newspaper editor. Brazil criticised the ruling.",
    ],
)
def test_anaphora_without_antecedent_adds_nothing(coder, text: str) -> None:
    event = _find(_events(coder, text), "ACCUSE", "criticised")
    assert not event.recipient


@pytest.mark.slow
def test_anaphora_narrative_mention_keeps_its_own_roles(coder) -> None:
    text = "Gunmen attacked a Malian army post. As the attacks continued, residents fled."
    event = _find(_events(coder, text), "ASSAULT", "attacks")
    assert not event.recipient and not event.actor


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "noun", "definite"),
    [
        ("Bolivia condemned the sanctions.", "sanctions", True),
        ("Bolivia condemned these sanctions.", "sanctions", True),
        ("Bolivia condemned new sanctions.", "sanctions", False),
    ],
)
def test_is_definite(nlp, text: str, noun: str, definite: bool) -> None:
    token = next(t for t in nlp(text) if t.text == noun)
    assert anaphora.is_definite(token) is definite


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "trigger", "names"),
    [
        ("Mali blamed it on the rebels.", "blamed", True),
        ("Mali condemned the attack on Tuesday.", "condemned", False),
    ],
)
def test_names_target(nlp, text: str, trigger: str, names: bool) -> None:
    token = next(t for t in nlp(text) if t.text == trigger)
    assert anaphora.names_target(token, ("on", "against")) is names
