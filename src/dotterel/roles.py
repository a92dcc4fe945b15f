"""Who acts and who is acted on: actor and recipient heads from the dependency parse.

Handles active and passive voice (with and without a "by" agent), nominal events ("the
expulsion of two diplomats", "rebukes of Iran by Denmark, France and Netherlands"),
prepositional targets, control and raising chains ("decided to kick out"), coordination (one
head per conjunct, kept in one event), relative clauses, light verbs ("launched an attack") and
stand-in nouns ("the decision by the NATO country", "Tirana's move").

Returns head tokens only; building the phrase and resolving codes is :mod:`dotterel.actors`.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

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
    trigger, such as "diplomatic" in "diplomatic rebukes") count only if they resolve."""

    token: Token
    weak: bool = False


def find_roles(
    trigger: Token, pattern: Pattern
) -> tuple[tuple[RoleHead, ...], tuple[RoleHead, ...]]:
    """Actor and recipient heads of a trigger."""
    if trigger.pos_ == "VERB":
        actors, recipients = _verb_roles(trigger, pattern)
    else:
        actors, recipients = _noun_roles(trigger, pattern)
    actors = _expand(actors)
    recipients = _expand(recipients)
    taken = {h.token.i for h in actors}
    recipients = [h for h in recipients if h.token.i not in taken]
    return tuple(actors), tuple(recipients)


def _verb_roles(trigger: Token, pattern: Pattern) -> tuple[list[RoleHead], list[RoleHead]]:
    actors: list[RoleHead] = []
    recipients: list[RoleHead] = []
    objects = set(pattern.objects)
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in trigger.children)
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
    if objects:
        # "imposed sanctions on Iran": the target hangs off the object noun.
        for child in trigger.children:
            if child.lemma_.lower() in objects:
                recipients.extend(_prep_objects(child, pattern.recipient_preps))
    if not recipients and pattern.event_type in _STANCE_TYPES:
        # "agreed to provide aid for Romania", "offered to hand over to Britain ...": a stance
        # towards an act is directed at the act's recipient.
        for act in (c for c in trigger.children if c.dep_ == "xcomp" and c.pos_ == "VERB"):
            recipients.extend(_act_recipients(act))
    if not recipients and pattern.event_type == "REQUEST":
        # "demanded that Sudan return the helicopter": whoever is asked is the subject of the
        # demanded clause.
        for clause in (c for c in trigger.children if c.dep_ == "ccomp"):
            recipients.extend(RoleHead(c) for c in clause.children if c.dep_ in _SUBJECT)
    if not actors and not passive:
        actors = _inherited_actor(trigger)
    elif not actors and passive and trigger.dep_ in ("relcl", "acl"):
        # "diplomats who were expelled": the relative pronoun is the subject; the noun is it.
        recipients = [RoleHead(trigger.head) if _is_relative(h.token) else h for h in recipients]
        if not recipients:
            recipients = [RoleHead(trigger.head)]
    actors = [RoleHead(trigger.head) if _is_relative(h.token) else h for h in actors]
    return actors, recipients


#: Event types that express a stance towards another act (agree to, refuse to, threaten to).
_STANCE_TYPES = frozenset({"AGREE", "REJECT", "THREATEN"})


def _act_recipients(act: Token) -> list[RoleHead]:
    """Who an embedded act is directed at: its object, dative or "to/for/with" phrase."""
    out = [RoleHead(c) for c in act.children if c.dep_ in ("dobj", "dative") and c.pos_ != "ADP"]
    out += _prep_objects(act, ("to", "for", "with", "against", "on"))
    for obj in (c for c in act.children if c.dep_ == "dobj"):
        out += _prep_objects(obj, ("to", "for"))
    for dative in (c for c in act.children if c.dep_ == "dative" and c.pos_ == "ADP"):
        out += [RoleHead(p) for p in dative.children if p.dep_ == "pobj"]
    return out


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
    if not [a for a in actors if not a.weak]:
        actors.extend(_light_verb_actor(trigger))
    return actors, recipients


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
    out: list[RoleHead] = []
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            out.extend(RoleHead(p) for p in child.children if p.dep_ == "pobj")
    return out


# Entity types that are never participants ("praised the decision on Wednesday").
_NOT_PARTICIPANTS = frozenset(
    {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"}
)


def _expand(heads: list[RoleHead]) -> list[RoleHead]:
    """Replace stand-ins and quantities by what they stand for; add coordinated conjuncts."""
    lex = role_lexicon()
    out: list[RoleHead] = []
    seen: set[int] = set()
    for head in heads:
        if (
            head.token.ent_type_ in _NOT_PARTICIPANTS
            and head.token.lemma_.lower() not in (lex["quantity_nouns"])
        ):
            continue
        token = _descend(head.token, lex["quantity_nouns"], lex["proxy_nouns"])
        if token is None:
            continue
        for conj in _conjuncts(token):
            if conj.i not in seen:
                seen.add(conj.i)
                out.append(RoleHead(conj, head.weak))
    return out


def _descend(token: Token, quantities: frozenset[str], proxies: frozenset[str]) -> Token | None:
    for _ in range(4):
        lemma = token.lemma_.lower()
        if lemma in quantities or token.lower_ in quantities:
            of = [
                p
                for c in token.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for p in c.children
                if p.dep_ == "pobj"
            ]
            if of:
                token = of[0]
                continue
        if lemma in proxies and token.pos_ == "NOUN":
            owner = _owner(token)
            if not owner:
                return None
            token = owner[0].token
            continue
        break
    return token


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
