"""The coder's own rules on resolved participants (no model needed)."""

from __future__ import annotations

import pytest

from dotterel.coder import _is_actor
from dotterel.records import ActorRef

POLICE = ActorRef("Egyptian police", "EGY", "COP", start=0, end=15, resolved_by="demonym")
EGYPT = ActorRef("Egypt", "EGY", None, start=0, end=5, resolved_by="country")


@pytest.mark.parametrize(
    ("ref", "actors", "expected"),
    [
        # The very same phrase.
        (POLICE, (POLICE,), True),
        # A pronoun standing for the actor ("their demands", "blew themselves up").
        (ActorRef("their", "EGY", "COP", start=40, end=45, resolved_by="coref"), (POLICE,), True),
        # A pronoun for someone else of the same country.
        (ActorRef("them", "EGY", "CVL", start=40, end=44, resolved_by="coref"), (POLICE,), False),
        # A named phrase of the same country and sector is another participant.
        (ActorRef("Cairo police", "EGY", "COP", start=40, end=52, resolved_by="capital"),
         (POLICE,), False),
        # An unresolved pronoun proves nothing.
        (ActorRef("it", "UNK", None, start=40, end=42, resolved_by="coref"), (EGYPT,), False),
    ],
)  # fmt: skip
def test_is_actor_recognises_the_actor_itself(ref, actors, expected) -> None:
    assert _is_actor(ref, actors) is expected
