"""Who acts and who is acted on: the role finder through the coder, on sentences we wrote.

Each rule of :mod:`dotterel.roles` and :mod:`dotterel.recipients` has examples here: the
recipient an event must get, and (where the rule guards against one) a recipient it must not.
"""

from __future__ import annotations

import pytest

from dotterel.api import make_article
from dotterel.roles import find_roles

pytestmark = pytest.mark.slow


def _event(coder, text: str, event_type: str, trigger: str):
    events = coder.code_article(make_article(text, date="2024-01-10")).events
    found = [
        e for e in events if e.event_type == event_type and trigger in e.evidence.trigger.lower()
    ]
    got = [(e.event_type, e.evidence.trigger) for e in events]
    assert found, f"no {event_type} at {trigger!r} in {text!r}: got {got}"
    return found[0]


def _codes(refs) -> set[str]:
    return {r.code for r in refs}


@pytest.mark.parametrize(
    ("text", "event_type", "trigger", "recipient"),
    [
        # A date after the verb does not hide the act's target.
        ("Chile on Monday threatened to cut off gas supplies to Argentina.", "THREATEN",
         "threatened", "ARG"),
        # The target of the threatened act's object.
        ("Ghana threatened to break off relations with Togo.", "THREATEN", "threatened", "TGO"),
        ("Peru threatened further measures against Bolivia.", "THREATEN", "threatened", "BOL"),
        # The subject of a threat's condition.
        ("Turkey threatened to halt talks unless Greece withdrew its ships.", "THREATEN",
         "threatened", "GRC"),
        # The content of a warning; the one let or made to act.
        ("Chad warned that police would not tolerate rallies by the Sudanese opposition.",
         "THREATEN", "warned", "SDN"),
        ("The militia refused to allow Kenyan planes to land.", "REJECT", "refused", "KEN"),
        # Whom forces are mobilised against.
        ("Britain mobilised reservists for a possible war against Iraq.", "MOBILIZE", "mobilised",
         "IRQ"),
        # Whom a demand is made of.
        ("Japan on Friday demanded that China release the fishermen.", "REQUEST", "demanded",
         "CHN"),
        ("Kenya demanded the withdrawal of Somali troops.", "REQUEST", "demanded", "SOM"),
        ("Lithuania demanded an apology by Minsk.", "REQUEST", "demanded", "BLR"),
        ("The rebels demanded autonomy from Khartoum.", "REQUEST", "demanded", "SDN"),
        ("Egypt repeated its demand that Ethiopia stop filling the dam.", "REQUEST", "demand",
         "ETH"),
        # A proposal or an act stands for whoever made it.
        ("Pakistan rejected an offer from India.", "REJECT", "rejected", "IND"),
        ("Israel dismissed an appeal from the Egyptian president.", "REJECT", "dismissed", "EGY"),
        ("Argentina is opposed to British exploration in the area.", "REJECT", "opposed", "GBR"),
        # What a protest is against.
        ("Nurses began a hunger strike to demand the resignation of the Kenyan health minister.",
         "PROTEST", "strike", "KEN"),
        ("Farmers blocked roads in protest against France's trade policy.", "PROTEST",
         "blocked", "FRA"),
        ("Students marched in defiance of the Iranian authorities.", "PROTEST", "marched", "IRN"),
        ("Striking Nigerian doctors marched towards the Nigerian parliament.", "PROTEST",
         "marched", "NGA"),
        # Targets left on the verb that carries an event noun.
        ("Japan gave Nepal 5 million dollars of aid.", "AID", "aid", "NPL"),
        ("A Chilean judge opened investigations against three Peruvian officials.", "ACCUSE",
         "investigations", "PER"),
        ("Brazil opened an investigation into Paraguayan smugglers.", "ACCUSE", "investigation",
         "PRY"),
        ("Indian soldiers came under attack near the border.", "ASSAULT", "attack", "IND"),
        ("The Turkish foreign minister arrived in Baghdad for talks.", "CONSULT", "talks", "IRQ"),
        ("The bombings were aimed at Nigerian soldiers.", "ASSAULT", "bombings", "NGA"),
        # The second of two coordinated acts shares the first one's object.
        ("Rebels killed a Malian soldier and wounded two others.", "ASSAULT", "wounded", "MLI"),
        # A place attacked is a target; a facility with an owner stands for the owner.
        ("Gunmen bombed a bakery in Kabul.", "ASSAULT", "bombed", "AFG"),
        ("Militants shelled a camp for Sudanese refugees.", "ASSAULT", "shelled", "SDN"),
        ("Hackers tried to hack into the computers of Latvian border guards.", "COERCE", "hack",
         "LVA"),
        # A right stands for whoever holds it.
        ("The United States defended the right of Israeli troops to respond.", "SUPPORT",
         "defended", "ISR"),
        # A bare past participle: its noun or its clause's subject undergoes it.
        ("Kenyan activists arrested by police in Nairobi were released on Monday.", "COERCE",
         "arrested", "KEN"),
        ("Arrested in May, the Kenyan activist was freed on Monday.", "COERCE", "arrested",
         "KEN"),
        # Named members of a group that is itself no participant.
        ("Leftists were detained, including two Kenyan journalists.", "COERCE",
         "detained", "KEN"),
        # A passive event noun's targets on its verb; a named organisation far away counts.
        ("Warnings were given to the Kenyan police.", "THREATEN", "warnings", "KEN"),
        ("Warnings were given to Amnesty International.", "THREATEN", "warnings", "NGO"),
        # Numbers and prepositional targets of particular patterns.
        ("Thai police arrested five of the Cambodian workers.", "COERCE", "arrested", "KHM"),
        ("Colombian police seized weapons from Venezuelan rebels.", "COERCE", "seized", "VEN"),
        ("Estonia recalled its ambassador from Moscow.", "SANCTION", "recalled", "RUS"),
        ("Armenia withdrew its troops from Azerbaijan.", "RETREAT", "withdrew", "AZE"),
        ("Russia deployed troops in Belarus.", "MOBILIZE", "deployed", "BLR"),
    ],
)  # fmt: skip
def test_find_roles_recipient(coder, text: str, event_type: str, trigger: str, recipient: str):
    event = _event(coder, text, event_type, trigger)
    assert recipient in _codes(event.recipient), event.recipient


@pytest.mark.parametrize(
    ("text", "event_type", "trigger", "actor"),
    [
        ("Argentina is opposed to British exploration in the area.", "REJECT", "opposed", "ARG"),
        ("Norway is committed to funding the clinic in Malawi.", "AGREE", "committed", "NOR"),
    ],
)
def test_find_roles_stative_subject_is_actor(coder, text, event_type, trigger, actor) -> None:
    event = _event(coder, text, event_type, trigger)
    assert actor in _codes(event.actor)
    assert actor not in _codes(event.recipient)


@pytest.mark.parametrize(
    ("text", "event_type", "trigger", "not_recipient"),
    [
        # An act with no maker names no participant ("military" gives it no sector).
        ("Jordan and Egypt agreed to hold joint military exercises.", "AGREE", "agreed", "JOR"),
        # What is deployed or withdrawn is the actor's own force.
        ("Russia deployed troops in Belarus.", "MOBILIZE", "deployed", "RUS"),
        ("Armenia withdrew its troops from Azerbaijan.", "RETREAT", "withdrew", "ARM"),
        # Only a coordinated event of the same type lends its object.
        ("Soldiers met Malian officials and killed two others.", "ASSAULT", "killed", "MLI"),
        # A reflexive object is the actor itself.
        ("A Somali suicide bomber blew himself up near the base.", "ASSAULT", "blew", "SOM"),
        # Members named after a group that is a participant do not lend it their country.
        (
            "Ugandan police arrested 12 people, including two Kenyan journalists.",
            "COERCE",
            "arrested",
            "KEN",
        ),
        # A pronoun in a warning's content is mostly a thing.
        (
            "Teachers in Kenya are on strike. The union warned that doctors could join it.",
            "THREATEN",
            "warned",
            "KEN",
        ),
        # The protesters' own demands are not what they protest against.
        ("Algerian students blocked roads to press their demands.", "PROTEST", "blocked", "DZA"),
    ],
)
def test_find_roles_not_recipient(coder, text, event_type, trigger, not_recipient) -> None:
    event = _event(coder, text, event_type, trigger)
    assert not_recipient not in _codes(event.recipient), event.recipient


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        # A participle is an act of its own (coded as REQUEST), not the protest's purpose.
        ("Farmers blocked roads in Lima, demanding the resignation of the Peruvian minister.",
         "blocked"),
    ],
)  # fmt: skip
def test_find_roles_participle_is_no_purpose(coder, text: str, trigger: str) -> None:
    event = _event(coder, text, "PROTEST", trigger)
    assert not event.recipient, event.recipient


@pytest.mark.parametrize(
    ("text", "trigger", "near", "far"),
    [
        # "the envoy" (own argument) ranks before the act's target ("to Serbia").
        ("Croatia threatened the envoy to cut off power to Serbia.", "threatened", "envoy",
         "Serbia"),
        ("Chile on Monday threatened to cut off gas supplies to Argentina.", "threatened",
         "Monday", "Argentina"),
    ],
)  # fmt: skip
def test_find_roles_ranks_far_candidates_below_own_arguments(
    nlp, text: str, trigger: str, near: str, far: str
) -> None:
    from dotterel.patterns import load_patterns

    doc = nlp(text)
    token = next(t for t in doc if t.lower_ == trigger)
    pattern = load_patterns().by_verb[token.lemma_.lower()][0]
    _, recipients = find_roles(token, pattern)
    rank = {h.token.text: h.rank for h in recipients}
    assert far in rank, recipients
    assert rank.get(near, 0) < rank[far]
