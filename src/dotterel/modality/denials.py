"""Denials: link a denial event to the events of the article it denies, and mark them disputed.

"Iranian officials denied any plot" is itself an event; :func:`apply_denials` finds what its
trigger denies (a clause, an accusation, an involvement, or an event family such as a plot)
and marks the matching events of the same article ``disputed``, recording who disputes them.
It runs after every event of an article is coded, because a denial often comes sentences after
what it denies.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Token

from dotterel.modality.lexicon import Lexicon, load_lexicon
from dotterel.modality.syntax import _NOMINAL, _VERBAL, _keys, _lemma, _lookup
from dotterel.records import ActorRef, Event


def apply_denials(doc: Doc, events: Sequence[Event]) -> list[Event]:
    """Mark the events that a denial in the same article denies as ``disputed``.

    ``events`` are one article's events in document order, with evidence offsets into ``doc``.
    A denial event ("Iranian officials denied any plot") marks each denied event
    ``certainty="disputed"``, adds the denier to ``disputed_by`` and the denial's verb to
    ``modality_cues``, and points its own ``refers_to`` at the first denied event. Returns new
    records in the same order; events that nothing denies come back unchanged.
    """
    lex = load_lexicon()
    out = list(events)
    triggers = [_trigger_token(doc, event) for event in out]
    for index, token in enumerate(triggers):
        if token is None:
            continue
        targets = _denied_targets(token, lex)
        if not targets:
            continue
        denier = out[index].actor or _subject_ref(token)
        denied = [
            other
            for other, trigger in enumerate(triggers)
            if other != index
            and trigger is not None
            and _is_denied(token, targets, out[other], trigger, denier, lex)
        ]
        for other in denied:
            event = out[other]
            out[other] = event.replace(
                certainty="disputed",
                disputed_by=tuple(dict.fromkeys((*event.disputed_by, *denier))),
                modality_cues=tuple(dict.fromkeys((*event.modality_cues, token.lower_))),
            )
        if denied and out[index].refers_to is None:
            out[index] = out[index].replace(refers_to=out[denied[0]].id)
    return out


def _trigger_token(doc: Doc, event: Event) -> Token | None:
    ev = event.evidence
    span = doc.char_span(ev.trigger_start, ev.trigger_end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _denied_targets(token: Token, lex: Lexicon) -> list[tuple[str, Token]]:
    """What a denial trigger denies: ('clause' | 'accusation' | 'involvement' | 'event', token)."""
    den = lex.denial
    if _lookup(den.verbs, _keys(token)) is not None:
        heads = [c for c in token.children if c.dep_ in ("dobj", "ccomp", "xcomp", "nsubjpass")]
    elif token.pos_ in _NOMINAL and _lemma(token) in den.nouns:
        heads = [
            g
            for c in token.children
            if c.dep_ in ("prep", "acl", "ccomp")
            for g in ([c] if c.dep_ != "prep" else [x for x in c.children if x.dep_ == "pobj"])
        ]
    else:
        return []
    heads += [c for h in heads for c in h.conjuncts]
    targets: list[tuple[str, Token]] = []
    for head in heads:
        lemma = _lemma(head)
        if head.pos_ in _VERBAL or head.dep_ in ("ccomp", "xcomp"):
            targets.append(("clause", head))
        elif lemma in den.accusation:
            targets.append(("accusation", head))
        elif lemma in den.involvement:
            targets.append(("involvement", head))
        elif _lemma(token) == "deny" and lemma in lex.refusal_objects:
            continue  # "denied the request" is a refusal, not a denial
        elif lemma in den.family_of or _lemma(token) in ("deny", "denial"):
            targets.append(("event", head))
    return targets


def _is_denied(
    denial: Token,
    targets: list[tuple[str, Token]],
    event: Event,
    trigger: Token,
    denier: Sequence[ActorRef],
    lex: Lexicon,
) -> bool:
    den = lex.denial
    if _lookup(den.verbs, _keys(trigger)) is not None or event.status == "negated":
        return False  # another denial, or something the text already says did not happen
    lemma = _lemma(trigger)
    for kind, head in targets:
        inside = head.left_edge.i <= trigger.i <= head.right_edge.i
        if kind == "clause" and inside:
            return True
        if kind in ("accusation", "involvement"):
            complements = [c for c in head.children if c.dep_ in ("acl", "ccomp", "prep", "relcl")]
            if any(c.left_edge.i <= trigger.i <= c.right_edge.i for c in complements):
                return True
            if trigger.sent.start == denial.sent.start:
                continue  # "denied involvement and vowed to respond": not the denied act
            named = [g for c in complements for g in c.children if g.dep_ == "pobj"]
            families = {den.family_of.get(_lemma(g), _lemma(g)) for g in named}
            if families:  # "involvement in the bombing": events of that kind
                if den.family_of.get(lemma, lemma) in families and _compatible(denier, event.actor):
                    return True
            elif _overlaps(denier, event.actor):  # "denied the accusations": what it is accused of
                return True
        if kind in ("event", "clause"):
            family = den.family_of.get(_lemma(head), _lemma(head))
            if trigger.i == head.i:
                return True
            same = den.family_of.get(lemma, lemma) == family
            # A denied plot covers the violent acts still being planned or stopped, or any act
            # the text itself calls part of a plot; not every unrealised act of the article
            # ("attempting to intimidate the demonstrators" is no plot).
            unrealised = (
                family in den.unrealised
                and event.status in ("planned", "aborted", "attempted", "threatened")
                and (
                    event.event_type == "ASSAULT"
                    or any(den.family_of.get(c, c) == family for c in event.modality_cues)
                )
            )
            if (same or unrealised) and _compatible(denier, event.actor):
                return True
    return False


def _words(refs: Iterable[ActorRef]) -> set[str]:
    return {w.lower() for ref in refs for w in ref.text.split() if len(w) > 3}


def _codes(refs: Iterable[ActorRef]) -> set[str]:
    return {ref.code for ref in refs if ref.code != "UNK"}


def _overlaps(denier: Sequence[ActorRef], actors: Sequence[ActorRef]) -> bool:
    """The denier is one of the event's actors (same code, or shared words when unresolved)."""
    if _codes(denier) and _codes(actors):
        return bool(_codes(denier) & _codes(actors))
    return bool(_words(denier) & _words(actors))


def _compatible(denier: Sequence[ActorRef], actors: Sequence[ActorRef]) -> bool:
    """Nothing says the event is someone else's: no actor, or an overlapping one."""
    if not denier or not actors:
        return True
    if _codes(denier) and _codes(actors):
        return bool(_codes(denier) & _codes(actors))
    return _overlaps(denier, actors) or not (_codes(denier) or _codes(actors))


def _subject_ref(token: Token) -> tuple[ActorRef, ...]:
    subject = next((c for c in token.children if c.dep_ in ("nsubj", "poss")), None)
    if subject is None:
        return ()
    span = token.doc[subject.left_edge.i : subject.i + 1]
    return (ActorRef(text=span.text, start=span.start_char, end=span.end_char),)
