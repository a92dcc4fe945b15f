"""Who acts and who is acted on: actor and recipient heads from the dependency parse.

Handles active and passive voice (with and without a "by" agent), nominal events ("the
expulsion of two diplomats", "rebukes of Iran by Denmark, France and Netherlands"),
prepositional targets, control and raising chains ("decided to kick out"), coordination (one
head per conjunct, kept in one event), relative clauses, light verbs ("launched an attack") and
stand-in nouns ("the decision by the NATO country", "Tirana's move").

Returns head tokens only; building the phrase and resolving codes is :mod:`dotterel.actors`.
Recipients the trigger's own arguments do not name are looked for further away
(:mod:`dotterel.recipients`) and ranked below them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from spacy.tokens import Token

from dotterel import recipients as far
from dotterel.patterns import Pattern, role_lexicon

_SUBJECT = ("nsubj", "csubj")
_RELATIVE = frozenset({"who", "which", "that", "whom", "whose"})
# Verbs whose object, not subject, controls an xcomp ("urged Iran to stop" -> Iran stops).
_OBJECT_CONTROL = frozenset(
    "urge ask force order persuade allow help call press tell encourage invite pressure compel "
    "permit enable convince instruct authorize authorise warn".split()
)
# Dependencies through which an event inherits its actor from the governing word.
_CLIMB = frozenset({"xcomp", "conj", "advcl", "ccomp", "acl", "relcl", "pcomp"})
_MAX_CLIMB = 6


@dataclass(frozen=True)
class RoleHead:
    """A participant's head token; ``weak`` heads (adjective or compound modifiers of a noun
    trigger, such as "diplomatic" in "diplomatic rebukes") count only if they resolve.

    ``rank`` orders candidates: heads of rank 1 or 2 (found away from the trigger, as in
    "threatened to cut off electricity to Armenia") count only when no head of a lower rank
    turns out to be a participant.
    """

    token: Token
    weak: bool = False
    rank: int = 0
    #: A place or facility attacked or raided ("bombed a bakery"): a target though no actor.
    place: bool = False


def find_roles(
    trigger: Token, pattern: Pattern, *, triggers: Mapping[int, str] | None = None
) -> tuple[tuple[RoleHead, ...], tuple[RoleHead, ...]]:
    """Actor and recipient heads of a trigger; ``triggers`` maps the token indices of the
    sentence's triggers to their event types (a verb coordinated with one of the same type
    shares its object)."""
    if trigger.pos_ == "VERB":
        actors, recipients = _verb_roles(trigger, pattern, triggers or {})
    else:
        actors, recipients = _noun_roles(trigger, pattern)
    actors = _expand(actors)
    recipients = _expand(
        sorted(recipients, key=lambda h: h.rank),
        acts=True,
        places=pattern.event_type in _FORCE_TYPES,
    )
    taken = {h.token.i for h in actors}
    recipients = [h for h in recipients if h.token.i not in taken]
    return tuple(actors), tuple(recipients)


def _verb_roles(
    trigger: Token, pattern: Pattern, triggers: Mapping[int, str]
) -> tuple[list[RoleHead], list[RoleHead]]:
    actors: list[RoleHead] = []
    recipients: list[RoleHead] = []
    objects = set(pattern.objects)
    own_force = pattern.event_type == "MOBILIZE" or (pattern.event_type, pattern.mode) == _WITHDRAW
    if own_force:
        # "deployed troops", "withdrew its troops": what is moved is the actor's own force.
        objects |= {c.lemma_.lower() for c in trigger.children if c.dep_ == "dobj"}
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in trigger.children)
    undergoer = None if own_force else _reduced_passive(trigger)
    if undergoer is not None:
        # "activists arrested by police", "Asked to identify him, the witness ...": a passive
        # participle's noun or clause subject is who undergoes it, not who does it.
        recipients.append(RoleHead(undergoer))
        passive = True
    for child in trigger.children:
        if child.dep_ in _SUBJECT:
            actors.append(RoleHead(child))
        elif child.dep_ == "nsubjpass":
            if child.lemma_.lower() not in objects:
                recipients.append(RoleHead(child))
        elif child.dep_ == "agent":
            actors.extend(RoleHead(p) for p in child.children if p.dep_ == "pobj")
        elif child.dep_ == "dative" and child.pos_ == "ADP":
            # "sent aid to the Philippines": the parser marks the preposition as dative.
            recipients.extend(RoleHead(p) for p in child.children if p.dep_ == "pobj")
        elif child.dep_ in ("dobj", "dative") and child.lemma_.lower() not in objects:
            recipients.append(RoleHead(child))
    # Prepositional targets count alongside the object ("fired tear gas at strikers"): the
    # coder drops whichever of them is no participant at all ("tear gas").
    recipients.extend(_prep_objects(trigger, pattern.recipient_preps))
    # "Leftists were arrested, including Eva Forest": members count if the group does not.
    recipients.extend(RoleHead(t, rank=1) for t in far.prep_objects(trigger, _INCLUDING))
    if objects:
        # "imposed sanctions on Iran": the target hangs off the object noun.
        for child in trigger.children:
            if child.lemma_.lower() in objects:
                recipients.extend(_prep_objects(child, pattern.recipient_preps))
                if child.lemma_.lower() in role_lexicon()["act_nouns"]:
                    # "accepted demands from the rebels", "prevented a rally staged by students"
                    recipients.append(RoleHead(child, rank=1))
    recipients.extend(_verb_fallbacks(trigger, pattern, triggers))
    if not actors and passive and trigger.lemma_.lower() in role_lexicon()["stative_passives"]:
        # "Israel is opposed to French mediation": a state of the subject, not something done
        # to it.
        actors = [h for h in recipients if h.token.dep_ == "nsubjpass"]
        recipients = [h for h in recipients if h.token.dep_ != "nsubjpass"]
    if not actors and trigger.dep_ == "acomp":
        # The same state parsed as an adjectival complement of "be".
        actors = [RoleHead(c) for c in trigger.head.children if c.dep_ in _SUBJECT]
    if not actors and not passive:
        actors = _inherited_actor(trigger)
    elif not actors and passive and trigger.dep_ in ("relcl", "acl"):
        # "diplomats who were expelled": the relative pronoun is the subject; the noun is it.
        recipients = [RoleHead(trigger.head) if _is_relative(h.token) else h for h in recipients]
        if not any(h.rank == 0 for h in recipients):
            recipients.append(RoleHead(trigger.head))
    actors = [RoleHead(trigger.head) if _is_relative(h.token) else h for h in actors]
    return actors, recipients


#: Event types that express a stance towards another act (agree to, refuse to, threaten to).
_STANCE_TYPES = frozenset({"AGREE", "REJECT", "THREATEN"})
#: "were arrested, including two journalists": the named members are recipients too.
_INCLUDING = ("including",)
_SUBJECTS_AND_AUX = frozenset({"nsubj", "nsubjpass", "csubj", "aux", "auxpass"})
_REFLEXIVES = frozenset("himself herself itself themselves ourselves myself yourself".split())


def _reduced_passive(trigger: Token) -> Token | None:
    """The undergoer of a bare past participle: the noun it modifies ("activists arrested by
    police") or the subject of the clause it opens ("Asked to leave, the envoy ...")."""
    if trigger.tag_ not in ("VBN", "VBD") or any(
        c.dep_ in _SUBJECTS_AND_AUX or c.dep_ == "dobj" for c in trigger.children
    ):
        return None
    head = trigger.head
    # The tagger sometimes calls such a participle a past tense; then only a "by" agent shows
    # it is one ("X - shot dead by police -"), not a main verb the parser hung on a noun.
    by = any(c.dep_ == "agent" for c in trigger.children)
    # A noun that heads the sentence is a parse that lost its verb ("Democrats seized upon").
    noun_head = head.pos_ in ("NOUN", "PROPN") and head.dep_ != "ROOT"
    if trigger.dep_ == "acl" and noun_head and (trigger.tag_ == "VBN" or by):
        return head
    if trigger.dep_ != "advcl" or trigger.tag_ != "VBN" or trigger.i > head.i:
        return None
    return next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)


#: Types whose purpose clause names the target ("opened fire to disperse the crowd").
_FORCE_TYPES = frozenset({"ASSAULT", "COERCE"})
_WITHDRAW = ("RETREAT", "withdraw")


def _verb_fallbacks(
    trigger: Token, pattern: Pattern, triggers: Mapping[int, str]
) -> list[RoleHead]:
    """Recipients a verb leaves elsewhere, ranked below its own arguments."""
    event_type = pattern.event_type
    first: list[Token] = []
    if event_type in _STANCE_TYPES:
        # "agreed to provide aid for Romania", "offered to hand over to Britain ...": a stance
        # towards an act is directed at the act's recipient; so is a warning that an act will
        # come ("warned that police would not tolerate rallies by the group").
        for act in (c for c in trigger.children if c.dep_ == "xcomp" and c.pos_ == "VERB"):
            first += far.act_targets(act)
        if event_type == "THREATEN":
            # A pronoun there is mostly a thing ("warned that doctors could join it").
            for act in (c for c in trigger.children if c.dep_ == "ccomp" and c.pos_ == "VERB"):
                first += [t for t in far.act_targets(act) if t.pos_ != "PRON"]
    elif event_type == "REQUEST":
        first += far.demand_targets(trigger)
    elif event_type == "PROTEST":
        first += far.protest_targets(trigger)
    elif event_type in _FORCE_TYPES:
        first += far.purpose_objects(trigger)
    elif event_type == "MOBILIZE":
        first += far.deployment_places(trigger)
    first += far.object_targets(trigger, pattern.recipient_preps)
    # "killed a soldier and wounded two others": only when the first verb is such an event too
    same_type = triggers.get(trigger.head.i) == event_type
    second = far.conjunct_objects(trigger) if same_type else []
    if event_type == "THREATEN":
        second = far.condition_subjects(trigger) + second
    elif event_type == "REQUEST":
        second = far.demand_sources(trigger) + second
    return [RoleHead(t, rank=1) for t in first] + [RoleHead(t, rank=2) for t in second]


def _noun_roles(trigger: Token, pattern: Pattern) -> tuple[list[RoleHead], list[RoleHead]]:
    lex = role_lexicon()
    actors: list[RoleHead] = []
    recipients: list[RoleHead] = []
    preps = set(pattern.recipient_preps) | lex["noun_recipient_preps"]
    for child in trigger.children:
        if child.dep_ == "poss":
            actors.append(RoleHead(child))
        elif child.dep_ in ("amod", "compound", "nmod") and child.pos_ in ("ADJ", "PROPN"):
            actors.append(RoleHead(child, weak=True))
        elif child.dep_ == "prep":
            word = child.lower_
            pobjs = [p for p in child.children if p.dep_ == "pobj"]
            if word == "by":
                actors.extend(RoleHead(p) for p in pobjs)
            elif word == "of":
                (actors if pattern.of_role == "actor" else recipients).extend(
                    RoleHead(p) for p in pobjs
                )
            elif word == "between" and pobjs:
                actors.append(RoleHead(pobjs[0]))
            elif word in preps:
                recipients.extend(RoleHead(p) for p in pobjs)
    holder = far.under_holder(trigger)
    if holder is not None:
        # "officers came under attack", "was put under investigation by prosecutors"
        recipients += [
            RoleHead(c) for c in holder.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")
        ]
        actors += [RoleHead(p) for p in far.prep_objects(holder, ("by",))]
        actors += [RoleHead(p) for c in holder.children if c.dep_ == "agent" for p in c.children]
    elif not [a for a in actors if not a.weak]:
        actors.extend(_light_verb_actor(trigger))
    recipients += _noun_fallbacks(trigger, pattern.event_type, frozenset(pattern.recipient_preps))
    return actors, recipients


def _noun_fallbacks(trigger: Token, event_type: str, preps: frozenset[str]) -> list[RoleHead]:
    """Recipients an event noun leaves on the verb that carries it or in its clause."""
    found = far.carrier_targets(trigger, preps) + far.aimed_at(trigger)
    if event_type == "REQUEST":
        found += far.clause_subjects(trigger)
    elif event_type == "PROTEST":
        found += far.protest_targets(trigger)
    elif event_type == "CONSULT":
        found += far.destinations(trigger)
    return [RoleHead(t, rank=1) for t in found]


def _light_verb_actor(noun: Token) -> list[RoleHead]:
    """The actor of an event noun from the verb that carries it ("X launched an attack")."""
    lex = role_lexicon()
    head = noun.head
    if noun.dep_ == "dobj" and head.lemma_.lower() in lex["light_verbs"]:
        subjects = [RoleHead(c) for c in head.children if c.dep_ in _SUBJECT]
        if subjects:
            return [RoleHead(head.head) if _is_relative(s.token) else s for s in subjects]
        return _inherited_actor(head)
    # "the attempt the regime has mounted": the relative clause's subject did it.
    for child in noun.children:
        if child.dep_ == "relcl":
            subj = [c for c in child.children if c.dep_ in _SUBJECT and not _is_relative(c)]
            if subj:
                return [RoleHead(subj[0])]
    return []


def _inherited_actor(token: Token) -> list[RoleHead]:
    """Climb control, coordination and clause links to the nearest subject."""
    current = token
    for _ in range(_MAX_CLIMB):
        dep, head = current.dep_, current.head
        if head is current or dep not in _CLIMB:
            return []
        if dep == "relcl":
            return [RoleHead(head)]
        if dep == "acl" and head.pos_ in ("NOUN", "PROPN"):
            # "the decision by X to expel": the noun's owner acts; a noun without one ends
            # the climb rather than borrowing an unrelated clause's subject.
            return _owner(head)
        if dep == "xcomp" and head.lemma_.lower() in _OBJECT_CONTROL:
            objs = [c for c in head.children if c.dep_ in ("dobj", "dative")]
            if objs:
                return [RoleHead(objs[0])]
        if head.pos_ in ("VERB", "AUX"):
            subjects = [c for c in head.children if c.dep_ in _SUBJECT]
            if dep == "conj":
                subjects += [c for c in head.children if c.dep_ == "nsubjpass"]
            if subjects:
                return [RoleHead(head.head) if _is_relative(s) else RoleHead(s) for s in subjects]
            agents = [p for c in head.children if c.dep_ == "agent" for p in c.children]
            if agents:
                return [RoleHead(a) for a in agents if a.dep_ == "pobj"]
        current = head
    return []


def _owner(noun: Token) -> list[RoleHead]:
    """Who a stand-in noun belongs to: "Tirana's move", "the decision by the NATO country"."""
    for child in noun.children:
        if child.dep_ == "poss":
            return [RoleHead(child)]
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("by", "of"):
            pobjs = [p for p in child.children if p.dep_ == "pobj"]
            if pobjs:
                return [RoleHead(pobjs[0])]
    for child in noun.children:
        if child.dep_ in ("amod", "compound") and child.ent_type_ in ("NORP", "GPE", "ORG"):
            return [RoleHead(child, weak=True)]
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in role_lexicon()["light_verbs"]:
        # "took the decision to expel": whoever took it. Not for other verbs: in "foiled a
        # plot to bomb", the one who foiled did not plot.
        return [RoleHead(c) for c in noun.head.children if c.dep_ in _SUBJECT] or (
            _inherited_actor(noun.head)
        )
    if noun.dep_ == "pobj" and noun.head.dep_ == "agent":
        return []
    return []


def _prep_objects(token: Token, preps: tuple[str, ...]) -> list[RoleHead]:
    return [RoleHead(p) for p in far.prep_objects(token, preps)]


# Entity types that are never participants ("praised the decision on Wednesday").
_NOT_PARTICIPANTS = frozenset(
    {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"}
)


def _expand(heads: list[RoleHead], *, acts: bool = False, places: bool = False) -> list[RoleHead]:
    """Replace stand-ins and quantities by what they stand for; add coordinated conjuncts.

    With ``acts``, a noun naming an act or a proposal stands for whoever made it ("rejected
    an offer from Kabul" -> Kabul); such a noun with no maker is no participant. With
    ``places``, a facility stands for its owner ("a camp for Congolese refugees") or, with
    none named, is kept as a target place ("shelled a displacement camp").
    """
    lex = role_lexicon()
    out: list[RoleHead] = []
    seen: set[int] = set()
    for head in heads:
        if (
            head.token.ent_type_ in _NOT_PARTICIPANTS
            and head.token.lemma_.lower() not in (lex["quantity_nouns"])
            and not (head.token.ent_type_ == "CARDINAL" and _of_object(head.token))
        ):
            continue
        token = _descend(head.token, lex, acts)
        if token is None or token.lower_ in _REFLEXIVES:
            continue  # "blew himself up": the actor itself
        if places and token.pos_ == "NOUN" and _in(token, lex["facility_nouns"]):
            token = _facility_owner(token) or token
        group = _conjuncts(token)
        # "Leftists were arrested, including Eva Forest": the members named count when the
        # group itself names no participant.
        members = [c for t in group for m in far.prep_objects(t, _INCLUDING) for c in _conjuncts(m)]
        for conj, rank in [(t, head.rank) for t in group] + [(m, head.rank + 1) for m in members]:
            if conj.i not in seen:
                seen.add(conj.i)
                place = places and _in(conj, lex["facility_nouns"])
                out.append(RoleHead(conj, head.weak, rank, place))
    return out


def _descend(token: Token, lex: Mapping[str, frozenset[str]], acts: bool) -> Token | None:
    quantities = lex["quantity_nouns"]
    for _ in range(4):
        lemma = token.lemma_.lower()
        if lemma in quantities or token.lower_ in quantities or token.ent_type_ == "CARDINAL":
            of = _of_object(token)
            if of is not None:
                token = of
                continue
        if lemma in lex["proxy_nouns"] and token.pos_ == "NOUN":
            owner = _owner(token)
            if not owner:
                return None
            token = owner[0].token
            continue
        if acts and lemma in lex["act_nouns"] and token.pos_ == "NOUN":
            maker = far.owner_of_act(token)
            if maker is None:
                return None
            token = maker
            continue
        break
    return token


def _in(token: Token, words: frozenset[str]) -> bool:
    return token.lemma_.lower() in words or token.lower_ in words


def _facility_owner(token: Token) -> Token | None:
    """Whose a facility is: "the offices of the ministry", "a camp for Congolese refugees"."""
    for child in token.children:
        if child.dep_ == "poss":
            return child
    found = far.prep_objects(token, ("of", "for"))
    return found[0] if found else None


def _of_object(token: Token) -> Token | None:
    found = far.prep_objects(token, ("of",))
    return found[0] if found else None


def _conjuncts(token: Token) -> list[Token]:
    out = [token]
    stack = [c for c in token.children if c.dep_ == "conj"]
    while stack:
        t = stack.pop(0)
        if t.pos_ in ("NOUN", "PROPN", "PRON") or t.ent_type_:
            out.append(t)
            stack.extend(c for c in t.children if c.dep_ == "conj")
    return out


def _is_relative(token: Token) -> bool:
    return token.lower_ in _RELATIVE and token.tag_ in ("WP", "WDT", "WP$")
