"""Event anaphora: a definite event noun that points back at an earlier event of the article.

"Canada and Australia imposed sanctions on five firms. Myanmar's junta condemned the
sanctions." "Condemned the sanctions" is directed at whoever imposed them: a response
(:data:`RESPONSES`) to an earlier act takes that act's actors as its recipients. Likewise
"rejected the allegation" (the accuser), "criticised the ruling" (the court), "condemned the
attempted coup" (the plotters). The second "sanctions", a nominal mention of the same event,
takes the first one's participants when its own sentence names none; only when a response
names it, since narrative mentions ("as the attacks continued") often mean the series.

The antecedent is the latest event of the :data:`WINDOW` sentences before, of a type
the noun can name: the types of the patterns it triggers, ACCUSE for "claim" or "allegation",
any event by a court for "ruling" or "verdict".
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from dotterel.claims import Claim
from dotterel.participants import is_actor
from dotterel.patterns import PatternSet, role_lexicon
from dotterel.records import UNKNOWN_CODE, ActorRef, Event

#: Determiners that make a noun point back ("the sanctions", "this attack").
DEFINITE = frozenset({"the", "this", "these", "that", "those"})
#: How many sentences back an antecedent may lie.
WINDOW = 3
#: Prepositions through which a response names what it responds to ("support for the decision").
_RESPONSE_PREPS = frozenset({"for", "to", "against", "over", "at", "of", "on"})
_WHEN = frozenset({"DATE", "TIME"})
#: Stands for "any event whose actor is a court".
_BY_A_COURT = "JUD"
#: Event types that respond to another act (condemn, reject, welcome, accept it).
RESPONSES = frozenset({"ACCUSE", "REJECT", "SUPPORT", "CONCEDE"})


def is_definite(noun: Token) -> bool:
    """True for a common noun with a definite or demonstrative determiner."""
    return noun.pos_ == "NOUN" and any(
        c.dep_ == "det" and c.lower_ in DEFINITE for c in noun.children
    )


def responded_to(
    claim: Claim,
    patterns: PatternSet,
    sentence: int,
    actors: tuple[ActorRef, ...],
    earlier: Sequence[Event],
) -> tuple[ActorRef, ...]:
    """Whoever did the earlier act a response names ("condemned the sanctions"), unless the
    response names its target itself ("blamed it on the rebels")."""
    if claim.pattern.event_type not in RESPONSES:
        return ()
    if names_target(claim.trigger, claim.pattern.recipient_preps):
        return ()
    for noun in referred_acts(claim.trigger):
        types = named_types(noun, patterns)
        found = antecedent(types, earlier, sentence, not_by=actors)
        if found is not None:
            return tuple(r for r in found.actor if not is_actor(r, actors))
    return ()


def same_event(
    claim: Claim, sentence: int, earlier: Sequence[Event]
) -> tuple[tuple[ActorRef, ...], tuple[ActorRef, ...]]:
    """The participants of the earlier event a nominal mention repeats, or none."""
    types = frozenset({claim.pattern.event_type})
    found = antecedent(types, earlier, sentence)
    return (found.actor, found.recipient) if found is not None else ((), ())


def responded_nouns(claims: Sequence[Claim]) -> set[int]:
    """Indices of the definite nouns that the responses among ``claims`` answer."""
    return {
        noun.i
        for claim in claims
        if claim.pattern.event_type in RESPONSES
        and not names_target(claim.trigger, claim.pattern.recipient_preps)
        for noun in referred_acts(claim.trigger)
    }


def names_target(trigger: Token, preps: Sequence[str]) -> bool:
    """True when a prepositional target follows the trigger ("blamed it on the far right")."""
    return any(
        p.ent_type_ not in _WHEN
        for c in trigger.children
        if c.dep_ == "prep" and c.lower_ in preps
        for p in c.children
        if p.dep_ == "pobj"
    )


def referred_acts(trigger: Token) -> list[Token]:
    """Definite nouns a response is directed at: its object, passive subject or prepositional
    object ("condemned the sanctions", "the attack was condemned", "support for the move")."""
    found = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")]
    found += [
        p
        for c in trigger.children
        if c.dep_ == "prep" and c.lower_ in _RESPONSE_PREPS
        for p in c.children
        if p.dep_ == "pobj"
    ]
    return [t for t in found if is_definite(t)]


def named_types(noun: Token, patterns: PatternSet) -> frozenset[str]:
    """The event types ``noun`` can name ("sanctions" -> SANCTION); empty when none."""
    lex = role_lexicon()
    lemma = noun.lemma_.lower()
    if lemma in lex["accusation_nouns"] or noun.lower_ in lex["accusation_nouns"]:
        return frozenset({"ACCUSE"})
    if lemma in lex["ruling_nouns"]:
        return frozenset({_BY_A_COURT})
    found = patterns.by_noun.get(lemma, ()) or patterns.by_noun.get(noun.lower_, ())
    return frozenset(p.event_type for p in found)


def antecedent(
    types: frozenset[str],
    earlier: Sequence[Event],
    sentence_index: int,
    *,
    not_by: Sequence[ActorRef] | None = None,
) -> Event | None:
    """The latest event of ``earlier`` (in text order) of one of ``types``, in the
    :data:`WINDOW` sentences before ``sentence_index``, with participants. With ``not_by`` (a
    response: aimed at someone else), one with actors other than those.

    The sentence itself is left out: a definite noun there mostly names a different event
    ("called her vote for the war a mistake, but noted that he supported the invasion").
    """
    if not types:
        return None
    avoid = {r.code for r in not_by or () if r.code != UNKNOWN_CODE}
    for event in reversed(earlier):
        if sentence_index - event.evidence.sentence_index > WINDOW:
            return None
        if event.evidence.sentence_index == sentence_index or not _of_type(event, types):
            continue
        if not_by is None and (event.actor or event.recipient):
            return event
        if not_by is not None and event.actor and not avoid & {r.code for r in event.actor}:
            return event
    return None


def _of_type(event: Event, types: frozenset[str]) -> bool:
    if _BY_A_COURT in types:
        return any(r.sector == "JUD" for r in event.actor)
    return event.event_type in types
