"""From role heads to the participants of an event: resolve, filter, share and locate.

:mod:`dotterel.roles` finds head tokens, ranked by how near the trigger they are; the actor
resolver turns each into :class:`~dotterel.records.ActorRef` records. The rules here decide
which of those refs are participants: the nearest rank that names one wins; common nouns with
no agent sense drop out, except places attacked; a pronoun for the actor is no recipient; a
sector-only ref shares its coordinated neighbours' country or takes the event's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Token

from dotterel.records import UNKNOWN_CODE, ActorRef
from dotterel.roles import RoleHead

if TYPE_CHECKING:
    from dotterel.actors import ActorResolver
    from dotterel.claims import Claim


def resolve_heads(
    resolver: ActorResolver,
    heads: Sequence[RoleHead],
    context: object,
    *,
    exclude: tuple[ActorRef, ...] = (),
    country: str | None = None,
) -> tuple[ActorRef, ...]:
    """Resolve role heads to refs, nearest rank first; ``exclude`` the event's actors.

    A place or facility attacked ("shelled a displacement camp") is kept as a target and
    takes ``country``, the country where the event happened, when it names no owner.
    """
    out: list[ActorRef] = []
    for rank in sorted({h.rank for h in heads}):
        # Candidates found further from the trigger count only when the nearer ones name no
        # participant ("threatened on Tuesday to cut off power to Armenia").
        if out:
            break
        for head in (h for h in heads if h.rank == rank):
            for ref in resolver.resolve(head.token, context):  # type: ignore[arg-type]
                if head.place and ref.code == UNKNOWN_CODE and not ref.sector:
                    if country:
                        ref = dataclasses.replace(ref, code=country, resolved_by="location")
                elif ref.code == UNKNOWN_CODE and (
                    head.weak or _not_an_actor(head.token, ref) or (rank and _nameless(head, ref))
                ):
                    continue
                if not same(ref, tuple(out)) and not is_actor(ref, exclude):
                    out.append(ref)
    return share_country(out)


def inanimate_subject(claim: Claim) -> bool:
    """True when a verb's own subject is a thing, not an agent ("the parade gathered"), unless
    it is a thing the pattern lets act ("the bomb exploded")."""
    trigger = claim.trigger
    if trigger.pos_ != "VERB":
        return False
    subjects = [c for c in trigger.children if c.dep_ in ("nsubj", "csubj")]
    things = claim.pattern.thing_subjects
    if things and any(s.lemma_.lower() in things for s in subjects):
        return False
    return bool(subjects) and all(
        s.pos_ == "NOUN" and not s.ent_type_ and any(h.token.i == s.i for h in claim.actors)
        for s in subjects
    )


def is_actor(ref: ActorRef, actors: tuple[ActorRef, ...]) -> bool:
    """True when ``ref`` is one of ``actors``, or a pronoun standing for one of them ("press
    their demands"): the same named person or organisation, or for unnamed groups the same
    country and sector."""
    if same(ref, actors):
        return True
    if ref.resolved_by != "coref" or ref.code == UNKNOWN_CODE:
        return False
    for actor in actors:
        if ref.name or actor.name:
            if ref.name == actor.name:
                return True
        elif (actor.code, actor.sector) == (ref.code, ref.sector):
            return True
    return False


def same(ref: ActorRef, others: tuple[ActorRef, ...]) -> bool:
    """True when ``ref`` covers the same text as one of ``others`` with the same code (one
    phrase may stand for several actors: "they", "both governments")."""
    return any(o.start == ref.start and o.end == ref.end and o.code == ref.code for o in others)


def share_country(refs: list[ActorRef]) -> tuple[ActorRef, ...]:
    """In "Iran's ambassador and another diplomat", the second conjunct shares the country.

    Only unresolved refs that do have a sector take the code, and only when every resolved
    ref of the group agrees on one country.
    """
    codes = {r.code for r in refs if r.code != UNKNOWN_CODE}
    if len(codes) != 1 or all(r.code != UNKNOWN_CODE for r in refs):
        return tuple(refs)
    (code,) = codes
    return tuple(
        dataclasses.replace(r, code=code, resolved_by="coordination")
        if r.code == UNKNOWN_CODE and r.sector and r.resolved_by != "coref"
        else r
        for r in refs
    )


def locate(refs: tuple[ActorRef, ...], country: str) -> tuple[ActorRef, ...]:
    """Give sector-only actors ("riot police", "insurgents") the country the event happened in.

    A human coder reads "police beat demonstrators in Kutaisi" as Georgian police. The ref
    says how it was resolved (``resolved_by="location"``) so users can filter these out.
    """
    return tuple(
        dataclasses.replace(r, code=country, resolved_by="location")
        if r.code == UNKNOWN_CODE and r.sector and r.resolved_by not in ("coref",)
        else r
        for r in refs
    )


def _nameless(head: RoleHead, ref: ActorRef) -> bool:
    """A far candidate that is neither a kind of actor nor a named one ("they", "Room 25")."""
    return not ref.sector and head.token.ent_type_ not in ("PERSON", "ORG", "NORP")


def _not_an_actor(head: Token, ref: ActorRef) -> bool:
    """A common noun with no agent sense ("reform", "the facilities") is not a participant."""
    return ref.sector is None and head.pos_ == "NOUN" and not head.ent_type_
