"""Rules on resolved participants (no model needed)."""

from __future__ import annotations

import pytest

from dotterel.participants import is_actor, resolve_heads
from dotterel.records import ActorRef
from dotterel.roles import RoleHead

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
        # Named people: the pronoun's antecedent decides, not the country and sector.
        (ActorRef("her", "USA", None, name="Clinton", start=40, end=43, resolved_by="coref"),
         (ActorRef("Trump", "USA", None, name="Trump", start=0, end=5),), False),
        (ActorRef("his", "USA", None, name="Trump", start=40, end=43, resolved_by="coref"),
         (ActorRef("Trump", "USA", None, name="Trump", start=0, end=5),), True),
        # An unresolved pronoun proves nothing.
        (ActorRef("it", "UNK", None, start=40, end=42, resolved_by="coref"), (EGYPT,), False),
    ],
)  # fmt: skip
def test_is_actor_recognises_the_actor_itself(ref, actors, expected) -> None:
    assert is_actor(ref, actors) is expected


class _Token:
    """Just what the participant rules read of a spaCy token."""

    def __init__(self, text: str, pos: str = "PROPN", ent: str = "GPE") -> None:
        self.text, self.pos_, self.ent_type_ = text, pos, ent


class _Resolver:
    """A test double of the actor resolver: one fixed ref per token text."""

    def __init__(self, refs: dict[str, ActorRef]) -> None:
        self.refs = refs

    def resolve(self, token, context=None):
        return (self.refs[token.text],)


_REFS = {
    "Monday": ActorRef("Monday", "UNK", None, start=10, end=16, resolved_by="unresolved"),
    "Peru": ActorRef("Peru", "PER", None, start=20, end=24, resolved_by="country"),
    "Chile": ActorRef("Chile", "CHL", None, start=30, end=35, resolved_by="country"),
    "camp": ActorRef("a camp", "UNK", None, start=40, end=46, resolved_by="unresolved"),
    "they": ActorRef("they", "UNK", None, start=50, end=54, resolved_by="unresolved"),
}


@pytest.mark.parametrize(
    ("heads", "expected"),
    [
        # The nearer rank wins when it names a participant ...
        ([("Peru", 0), ("Chile", 1)], ["PER"]),
        # ... and the farther one counts when it does not.
        ([("camp", 0), ("Chile", 1)], ["CHL"]),
        # A far candidate needs a code, a sector or a name.
        ([("they", 1)], []),
    ],
)
def test_resolve_heads_takes_the_nearest_rank_with_a_participant(heads, expected) -> None:
    tokens = {"camp": _Token("camp", "NOUN", ""), "they": _Token("they", "PRON", "")}
    role_heads = [RoleHead(tokens.get(t) or _Token(t), rank=r) for t, r in heads]
    refs = resolve_heads(_Resolver(_REFS), role_heads, None)
    assert [r.code for r in refs] == expected


@pytest.mark.parametrize(("country", "code"), [("SDN", "SDN"), (None, "UNK")])
def test_resolve_heads_keeps_a_place_attacked(country: str | None, code: str) -> None:
    head = RoleHead(_Token("camp", "NOUN", ""), place=True)
    refs = resolve_heads(_Resolver(_REFS), [head], None, country=country)
    assert [r.code for r in refs] == [code]
