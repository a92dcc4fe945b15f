"""Finding event triggers in a parsed sentence: which token fires which pattern.

A :class:`Claim` is a trigger token, the pattern it fired, and the head tokens of its actors and
recipients as :mod:`dotterel.roles` finds them. Claims hold spaCy tokens and never leave the
coder; :mod:`dotterel.coder` turns them into :class:`~dotterel.records.Event` records.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from dotterel import roles
from dotterel.patterns import Pattern, PatternSet, role_lexicon

_VERB_POS = frozenset({"VERB"})
_NOUN_POS = frozenset({"NOUN"})
# Verbs whose xcomp is the content of a refusal ("refused to meet"): the refusal is the event.
_REFUSAL_PATTERNS = frozenset({"reject.reject"})


@dataclass(frozen=True)
class Claim:
    """One trigger in one sentence, with its participants' head tokens."""

    trigger: Token
    pattern: Pattern
    sentence: Span
    actors: tuple[roles.RoleHead, ...]
    recipients: tuple[roles.RoleHead, ...]


def find_claims(sentence: Span, patterns: PatternSet) -> list[Claim]:
    """All claims in one sentence, one per trigger token, in text order."""
    fired: dict[int, Pattern] = {}
    for token in sentence:
        pattern = match_token(token, patterns)
        if pattern is not None:
            fired[token.i] = pattern
    _drop_redundant(fired, sentence)
    claims = []
    types = {i: p.event_type for i, p in fired.items()}
    for i, pattern in sorted(fired.items()):
        token = sentence.doc[i]
        actors, recipients = roles.find_roles(token, pattern, triggers=types)
        claims.append(Claim(token, pattern, sentence, actors, recipients))
    return claims


def match_token(token: Token, patterns: PatternSet) -> Pattern | None:
    """The most specific pattern that fires on ``token``, or ``None``.

    Specificity counts what the match needed: a required object, a longer multi-word phrase,
    a transitivity constraint. Ties go to the pattern listed first.
    """
    lemma = token.lemma_.lower()
    best: tuple[int, Pattern] | None = None
    if token.pos_ in _VERB_POS and token.dep_ != "amod":
        # An adjectival participle ("the alleged plot") modifies; it is not an event.
        if lemma not in patterns.by_verb and token.lower_ in patterns.verb_forms:
            lemma = patterns.verb_forms[token.lower_]
        for pattern in patterns.by_verb.get(lemma, ()):
            length = _verb_match_length(token, pattern, lemma)
            if length and _verb_constraints_hold(token, pattern):
                score = (4 if pattern.objects else 0) + 2 * (length - 1)
                score += pattern.transitive is not None
                if best is None or score > best[0]:
                    best = (score, pattern)
    elif token.pos_ in _NOUN_POS and token.dep_ != "compound":
        candidates = patterns.by_noun.get(lemma, ()) or patterns.by_noun.get(token.lower_, ())
        for pattern in candidates:
            length = _noun_match_length(token, pattern)
            if length and _stopped(token, pattern):
                continue
            if length and (best is None or 2 * (length - 1) > best[0]):
                best = (2 * (length - 1), pattern)
    return best[1] if best else None


def _verb_match_length(token: Token, pattern: Pattern, lemma: str) -> int:
    """Words in the longest of the pattern's verb phrases that match here (0: none)."""
    longest = 0
    for phrase in pattern.verbs:
        if _first(phrase, token, lemma) and _phrase_follows(token, phrase):
            longest = max(longest, phrase.count(" ") + 1)
    return longest


def _stopped(token: Token, pattern: Pattern) -> bool:
    """True when the trigger has a child the pattern excludes ("called the decision unfair")."""
    return bool(pattern.not_with) and any(c.dep_ in pattern.not_with for c in token.children)


def _verb_constraints_hold(token: Token, pattern: Pattern) -> bool:
    if _stopped(token, pattern):
        return False
    objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass", "attr")]
    # "provide Ukraine with weapons": the thing given is the object of "with".
    objects += [
        gc
        for c in token.children
        if c.dep_ == "prep" and c.lower_ == "with"
        for gc in c.children
        if gc.dep_ == "pobj"
    ]
    containers = role_lexicon()["object_containers"]
    objects += [
        gc
        for o in objects
        if o.lemma_.lower() in containers or o.lower_ in containers
        for c in o.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for gc in c.children
        if gc.dep_ == "pobj"
    ]
    object_lemmas = {o.lemma_.lower() for o in objects} | {o.lower_ for o in objects}
    if pattern.objects and not object_lemmas & set(pattern.objects):
        return False
    if pattern.not_objects and object_lemmas & set(pattern.not_objects):
        return False
    has_dobj = any(c.dep_ == "dobj" for c in token.children) or _is_passive(token)
    if pattern.transitive is True and not has_dobj:
        return False
    if pattern.transitive is False and has_dobj:
        return False
    return True


def _noun_match_length(token: Token, pattern: Pattern) -> int:
    lemma = token.lemma_.lower()
    longest = 0
    for phrase in pattern.nouns:
        words = phrase.split()
        if words[-1] not in (lemma, token.lower_):
            continue
        if len(words) == 1:
            longest = max(longest, 1)
            continue
        before = [t.lower_ for t in token.doc[max(token.i - len(words) + 1, 0) : token.i]]
        if before == words[:-1]:
            longest = max(longest, len(words))
    return longest


def _first(phrase: str, token: Token, lemma: str) -> bool:
    first = phrase.split(" ", 1)[0]
    return first in (lemma, token.lower_)


def _phrase_follows(token: Token, phrase: str) -> bool:
    """True when the rest of a multi-word verb follows the verb inside its own subtree."""
    rest = phrase.split()[1:]
    if not rest:
        return True
    subtree_end = token.right_edge.i
    window = token.doc[token.i + 1 : min(subtree_end, token.i + 6) + 1]
    pos = 0
    for t in window:
        if pos < len(rest) and rest[pos] in (t.lower_, t.lemma_.lower()):
            if pos == 0 and t.dep_ == "prep" and _object_between(token, t):
                # "called his counterpart on Monday" is no "call on": a prepositional verb
                # keeps its preposition before the object (a particle may follow it: "called
                # the march off").
                return False
            pos += 1
    return pos == len(rest)


def _object_between(verb: Token, later: Token) -> bool:
    return any(c.dep_ == "dobj" and verb.i < c.i < later.i for c in verb.children)


def _is_passive(token: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children)


def _drop_redundant(fired: dict[int, Pattern], sentence: Span) -> None:
    """Remove triggers that restate another trigger of the same sentence.

    - the object noun of a verb pattern that required it ("imposed sanctions": one event);
    - the xcomp of a refusal ("refused to meet": PLOVER codes the refusal, REJECT);
    - the participle telling what an attack did ("shelled the camp, killing nine": one attack).
    """
    doc = sentence.doc
    for i, pattern in list(fired.items()):
        token = doc[i]
        head = fired.get(token.head.i)
        if (
            pattern.event_type == "ASSAULT"
            and token.tag_ == "VBG"
            and token.dep_ == "advcl"
            and head is not None
            and head.event_type == "ASSAULT"
            and token.head.i != i
        ):
            del fired[i]
            continue
        if pattern.objects:
            for child in token.children:
                if child.i in fired and child.dep_ in ("dobj", "nsubjpass", "pobj", "attr"):
                    del fired[child.i]
            for prep in (c for c in token.children if c.dep_ == "prep"):
                for pobj in prep.children:
                    if pobj.i in fired and pobj.lemma_.lower() in pattern.objects:
                        del fired[pobj.i]
        if pattern.id in _REFUSAL_PATTERNS:
            for child in token.children:
                if child.dep_ == "xcomp" and child.i in fired:
                    del fired[child.i]
    # A light verb that also matched a pattern of its own yields to the event noun it governs
    # only when that noun is a trigger of the same type ("launched an attack": not two events).
    light = role_lexicon()["light_verbs"]
    for i, pattern in list(fired.items()):
        token = doc[i]
        if token.lemma_.lower() not in light or pattern.objects:
            continue
        for child in token.children:
            other = fired.get(child.i)
            if (
                child.dep_ == "dobj"
                and other is not None
                and other.event_type == pattern.event_type
            ):
                fired.pop(i, None)


def iter_sentences(doc_sents: Iterator[Span], max_tokens: int) -> Iterator[tuple[int, Span]]:
    """Sentences with their index, skipping run-ons longer than ``max_tokens`` tokens."""
    for index, sent in enumerate(doc_sents):
        if len(sent) <= max_tokens:
            yield index, sent
