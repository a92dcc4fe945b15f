"""Where the recipient is when the trigger's own arguments do not name one.

Many events name their target away from the trigger: in the act a stance is about ("threatened
to cut off electricity to Armenia"), in what a demand asks for ("demanded the withdrawal of
Serbian forces", "demanded an admission by Moscow"), in a protest's purpose ("staged a hunger
strike to protest the governor's decision", "in protest against the reforms"), in a condition
("unless Iraq accepts"), in the object's own target ("threatened further action against
Russia"), or on the verb that carries an event noun ("gave Chad 5 million dollars of aid",
"opened investigations against 28 officials", "came under attack").

The functions here return candidate head tokens only. :mod:`dotterel.roles` ranks them below
the trigger's own arguments: the coder looks at them only when none of those names an actor.
"""

from __future__ import annotations

from spacy.tokens import Token

from dotterel.patterns import role_lexicon

#: Prepositions through which an act's object names whom the act is aimed at ("relations with
#: Russia", "restrictions against German goods", "electricity to the republic").
OBJECT_PREPS = ("against", "on", "upon", "with", "to", "for", "toward", "towards", "at")
#: Of a demanded act, the ones who would do it or undergo it ("the withdrawal of Serbian
#: forces", "an admission by Moscow", "a truce with the rebels").
_DEMAND_PREPS = ("of", "by", "with")
#: Of a protest's purpose, its target ("disapproval of", "demands ... from", "anger at").
_PURPOSE_PREPS = ("against", "at", "over", "toward", "towards", "for", "with", "from", "of", "to")
_CONDITIONS = frozenset({"if", "unless"})
_CAUSATIVES = frozenset({"allow", "let", "permit", "help", "enable", "force", "make", "order"})
_SUBJECTS = ("nsubj", "csubj")
_QUANTITY_ENTS = frozenset({"MONEY", "QUANTITY", "CARDINAL"})


def prep_objects(token: Token, preps: tuple[str, ...] | frozenset[str]) -> list[Token]:
    """The objects of ``token``'s prepositions named in ``preps``."""
    return [
        p
        for c in token.children
        if c.dep_ == "prep" and c.lower_ in preps
        for p in c.children
        if p.dep_ == "pobj"
    ]


def act_targets(act: Token) -> list[Token]:
    """Whom an embedded act is directed at: its object, dative or prepositional target.

    "agreed to provide aid for Romania", "threatened to break relations with Russia".
    """
    out = [c for c in act.children if c.dep_ in ("dobj", "dative") and c.pos_ != "ADP"]
    out += prep_objects(act, ("to", "for", "with", "against", "on"))
    if act.lemma_.lower() in _CAUSATIVES:
        # "refused to allow UN planes to land": the one let or made to act
        out += [
            s for c in act.children if c.dep_ == "ccomp" for s in c.children if s.dep_ == "nsubj"
        ]
    for obj in (c for c in act.children if c.dep_ == "dobj"):
        out += prep_objects(obj, OBJECT_PREPS)
    for dative in (c for c in act.children if c.dep_ == "dative" and c.pos_ == "ADP"):
        out += [p for p in dative.children if p.dep_ == "pobj"]
    return out


def object_targets(verb: Token, preps: tuple[str, ...] = ()) -> list[Token]:
    """The target of the verb's object noun ("threatened further action against Russia"; with
    ``preps`` ("from",) also "seized weapons from the rebels")."""
    wanted = OBJECT_PREPS + preps
    return [t for obj in verb.children if obj.dep_ == "dobj" for t in prep_objects(obj, wanted)]


def demand_targets(verb: Token) -> list[Token]:
    """Whom a demand is made of: the subject of the demanded clause, or the doer or undergoer
    of the demanded act ("demanded that Sudan return", "demanded the resignation of the prime
    minister", "demanded an admission by Moscow")."""
    out = [s for c in verb.children if c.dep_ == "ccomp" for s in c.children if s.dep_ in _SUBJECTS]
    acts = [c for c in verb.children if c.dep_ == "dobj"]
    acts += prep_objects(verb, ("for",))  # "called for the removal of"
    for act in acts:
        out += [c for c in act.children if c.dep_ == "poss"]
        out += prep_objects(act, _DEMAND_PREPS)
        out += _acl_agents(act)
    if not any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        out += prep_objects(verb, ("by",))  # "demanded an apology by Minsk", parsed on the verb
    return out


def demand_sources(verb: Token) -> list[Token]:
    """Whom something is demanded from ("demanded autonomy from Serbian authorities")."""
    out = prep_objects(verb, ("from",))
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        out += prep_objects(obj, ("from",))
    return out


def deployment_places(verb: Token) -> list[Token]:
    """Where forces are sent or built up, or whom against ("strengthened its forces in
    Lebanon", "mobilised reservists for a war against Iraq")."""
    anchors = (verb, *(c for c in verb.children if c.dep_ == "dobj"))
    out = [p for t in anchors for p in prep_objects(t, ("in", "into", "near", "along", "inside"))]
    for purpose in (p for t in anchors for p in prep_objects(t, ("for",))):
        out += prep_objects(purpose, ("against", "on", "with"))
    return out


def purpose_objects(verb: Token) -> list[Token]:
    """The object of a use of force's purpose ("opened fire to disperse the protesters")."""
    return [
        o
        for c in verb.children
        if c.dep_ in ("advcl", "xcomp")
        and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        for o in c.children
        if o.dep_ == "dobj"
    ]


def clause_subjects(noun: Token) -> list[Token]:
    """The subject of the clause a demand noun introduces ("its demand that Israel ease")."""
    clauses = [c for c in noun.children if c.dep_ in ("acl", "ccomp") and _has_that(c)]
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    if noun.dep_ in ("dobj", "pobj") and head.pos_ == "VERB":
        # The parser often hangs the "that" clause on the verb: "insisted on its demands that".
        clauses += [c for c in head.children if c.dep_ == "ccomp" and c.i > noun.i and _has_that(c)]
    return [s for c in clauses for s in c.children if s.dep_ in _SUBJECTS]


def protest_targets(trigger: Token) -> list[Token]:
    """What a protest is against: "in protest against X", "in defiance of X", or the object of
    its purpose ("staged a hunger strike to protest X", "blocked roads to demand X")."""
    lex = role_lexicon()
    anchors = [trigger]
    if trigger.pos_ == "NOUN" and trigger.dep_ in ("dobj", "nsubj") and trigger.head.pos_ == "VERB":
        anchors.append(trigger.head)  # "staged rallies against X", "began a strike to demand"
    if trigger.pos_ == "VERB":
        anchors += [c for c in trigger.children if c.dep_ == "dobj"]  # "blocked roads in protest"
    out: list[Token] = []
    for anchor in anchors:
        out += prep_objects(anchor, ("against",))
        for pobj in prep_objects(anchor, ("in",)):
            if pobj.lemma_.lower() in lex["protest_frames"]:
                out += prep_objects(pobj, ("against", "of", "at", "over", "to"))
        for clause in anchor.children:
            if clause.dep_ in ("advcl", "xcomp", "acl") and _is_purpose(clause):
                out += _purpose_targets(clause)
    return out


def condition_subjects(verb: Token) -> list[Token]:
    """The subject of a threat's condition ("... unless Baghdad accepts its terms")."""
    clauses = [c for c in verb.children if c.dep_ == "advcl"]
    for act in (c for c in verb.children if c.dep_ == "xcomp"):
        clauses += [c for c in act.children if c.dep_ == "advcl"]
    return [
        s
        for c in clauses
        if any(m.dep_ == "mark" and m.lower_ in _CONDITIONS for m in c.children)
        for s in c.children
        if s.dep_ in _SUBJECTS
    ]


def conjunct_objects(verb: Token) -> list[Token]:
    """The object of the verb this one is coordinated with ("met X and discussed trade")."""
    if verb.dep_ != "conj" or verb.head.pos_ != "VERB":
        return []
    return [c for c in verb.head.children if c.dep_ == "dobj"]


def carrier_targets(noun: Token, preps: frozenset[str]) -> list[Token]:
    """Targets an event noun leaves on the verb that carries it ("gave Chad 5 million dollars
    of aid", "opened investigations against 28 officials", "sent aid to the Philippines")."""
    token, head = noun, noun.head
    if noun.dep_ == "pobj" and head.lower_ == "of" and _is_quantity(head.head):
        token, head = head.head, head.head.head  # "70 million dollars of aid"
    if token.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB":
        # "engaged in ethnic cleansing ... against the Albanian population"
        return [p for p in prep_objects(head.head, preps) if p.head is not head]
    if token.dep_ not in ("dobj", "nsubjpass") or head.pos_ != "VERB":
        return []  # "warnings were given to the police" as "gave warnings to the police"
    out = [c for c in head.children if c.dep_ == "dative" and c.pos_ != "ADP"]
    out += [p for c in head.children if c.dep_ == "dative" for p in c.children if p.dep_ == "pobj"]
    return out + prep_objects(head, preps)


def aimed_at(noun: Token) -> list[Token]:
    """What an event noun is aimed at: "bombings targeted at the military", "attacks, which
    seemed to be aimed at civilians", "the explosion targeted a bakery"."""
    aims = role_lexicon()["aim_verbs"]
    out: list[Token] = []
    if noun.dep_ == "nsubj" and noun.head.lemma_.lower() in aims:
        out += [c for c in noun.head.children if c.dep_ == "dobj"]
    if noun.dep_ == "nsubjpass" and noun.head.lemma_.lower() in aims:
        out += prep_objects(noun.head, ("at", "against", "on"))
    for clause in (c for c in noun.children if c.dep_ in ("acl", "relcl")):
        for verb in (clause, *(c for c in clause.children if c.dep_ in ("xcomp", "ccomp"))):
            if verb.lemma_.lower() in aims:
                out += prep_objects(verb, ("at", "against", "on"))
    return out


def under_holder(noun: Token) -> Token | None:
    """The verb of "came under attack", "was put under investigation", or ``None``."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ != "under" or prep.head.pos_ not in ("VERB", "AUX"):
        return None
    return prep.head


def destinations(noun: Token) -> list[Token]:
    """Whom a visit or meeting is with: where its traveller went ("arrived in Manila for a
    two-day visit") or whom its host received ("hosted the Japanese premier for talks")."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in ("for", "on"):
        return []
    verb = prep.head
    if verb.lemma_.lower() in role_lexicon()["travel_verbs"]:
        return prep_objects(verb, ("in", "to"))
    return [c for c in verb.children if c.dep_ == "dobj"] if verb.pos_ == "VERB" else []


def owner_of_act(noun: Token) -> Token | None:
    """Who made a proposal or did an act: "an offer from Kabul", "Serbia's suppression of",
    "crimes committed by the militia", "a Senegalese peace plan"."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
    found = prep_objects(noun, ("by", "from")) or _acl_agents(noun)
    if found:
        return found[0]
    for child in noun.children:
        if child.dep_ in ("amod", "compound") and child.ent_type_ in ("NORP", "GPE", "ORG"):
            return child
    return None


def _purpose_targets(clause: Token) -> list[Token]:
    out = [c for c in clause.children if c.dep_ in ("dobj", "dative") and c.pos_ != "ADP"]
    out += demand_targets(clause)
    out += prep_objects(clause, ("against", "at", "on", "upon"))
    for obj in (c for c in clause.children if c.dep_ == "dobj"):
        out += prep_objects(obj, _PURPOSE_PREPS)
    return out


def _is_purpose(clause: Token) -> bool:
    """An infinitive of protest or demand: "to protest", "to demand", "to press"."""
    if clause.pos_ != "VERB" or clause.lemma_.lower() not in role_lexicon()["protest_purposes"]:
        return False
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)


def _acl_agents(noun: Token) -> list[Token]:
    """Agents of a participle on a noun: "crimes committed by Croat forces"."""
    return [
        p
        for acl in noun.children
        if acl.dep_ == "acl"
        for agent in acl.children
        if agent.dep_ == "agent"
        for p in agent.children
        if p.dep_ == "pobj"
    ]


def _has_that(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)


def _is_quantity(token: Token) -> bool:
    return token.pos_ in ("NOUN", "NUM") and (
        token.ent_type_ in _QUANTITY_ENTS
        or token.lemma_.lower() in role_lexicon()["quantity_nouns"]
    )
