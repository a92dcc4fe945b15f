"""Parse helpers of the attribution finder: speakers' noun phrases, cue spans, clause shapes.

A speaker is a noun phrase cut to what names the source ("According to X, a source … said"
hangs the speaker on X; a dateline "SEOUL -" is not part of it); a cue is a verb group with its
particle and channel ("has also said", "called for", "said in a statement"). These helpers read
one token's neighbourhood so that :mod:`dotterel.attribution.finder` reads as rules.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from dotterel.attribution.lexicon import AttributionLexicon
from dotterel.records import ActorRef

_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_WH_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})
# Dependents that belong to a cue's verb group when they stand right before it.
_VERB_GROUP = frozenset({"aux", "auxpass", "neg", "advmod"})
_DASHES = frozenset({"-", "--", "—", "–", "―"})


def speaker_ref(head: Token, *, apposition: bool = True, stop: int | None = None) -> ActorRef:
    """A plain :class:`ActorRef` for a speaker's head token: its whole noun phrase.

    ``stop`` is a token index the phrase must not reach (the cue of "a letter that says").
    """
    span = _np_span(head, apposition=apposition, stop=stop)
    return ActorRef(text=span.text, start=span.start_char, end=span.end_char)


def _np_span(head: Token, *, apposition: bool = True, stop: int | None = None) -> Span:
    """The noun phrase of ``head`` ("Ruslan Trad, a researcher …"), trimmed of punctuation.

    Without ``apposition`` the phrase stops before a comma and what follows it (for
    "According to X, a source … said", where the parser hangs the speaker on X).
    """
    doc = head.doc
    left, right = head.left_edge.i, head.right_edge.i
    for token in doc[left : head.i]:  # "SEOUL - North Korea": leave the dateline out
        if token.text in _DASHES or "\n" in token.whitespace_:
            left = token.i + 1
    for child in head.children:
        if child.i <= head.i:
            continue
        if not apposition and (
            child.dep_ in ("appos", "punct", "relcl") or (child.dep_ == "acl" and _relay(head))
        ):
            right = min(right, child.left_edge.i - 1)
        if stop is not None and child.left_edge.i <= stop <= child.right_edge.i:
            right = min(right, child.left_edge.i - 1)
    right = max(right, head.i)
    while right > head.i and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    while left < head.i and (doc[left].is_punct or doc[left].is_space):
        left += 1
    return doc[left : right + 1]


def _np_text(head: Token, *, apposition: bool = True) -> str:
    return _np_span(head, apposition=apposition).text


def _cue_span(token: Token, lex: AttributionLexicon) -> Span:
    """The cue's verb group ("has also said", "called for") plus a channel ("in a statement")."""
    doc = token.doc
    start = end = token.i
    group = {c.i for c in token.children if c.dep_ in _VERB_GROUP and c.lower_ != "to"}
    while start - 1 in group:
        start -= 1
    phrasal = _phrasal(token, lex) if token.pos_ != "NOUN" else None
    for child in token.children:
        if child.i != end + 1:
            continue
        if child.dep_ == "prt" or (phrasal is not None and child.i == phrasal.i):
            end = child.i
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "on", "via") and child.i > end:
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None and _lemma(pobj) in lex.channels and child.i <= end + 3:
                end = pobj.i
    return doc[start : end + 1]


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _phrasal(verb: Token, lex: AttributionLexicon) -> Token | None:
    """The particle or preposition that makes ``verb`` a reporting verb ("called for")."""
    lemma = _lemma(verb)
    for child in verb.children:
        if child.dep_ in ("prt", "prep") and f"{lemma} {child.lower_}" in lex.phrasal:
            return child
    return None


def _channel_clause(verb: Token, lex: AttributionLexicon) -> Token | None:
    """'said in a statement that …': the that-clause the parser hung on the channel noun."""
    if _lemma(verb) not in lex.cue_lemmas:
        return None
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("in", "on", "via"):
            continue
        for pobj in prep.children:
            if pobj.dep_ == "pobj" and _lemma(pobj) in lex.channels:
                for clause in pobj.children:
                    if clause.dep_ in ("acl", "ccomp", "relcl") and _mark(clause) == "that":
                        return clause
    return None


def _is_question(clause: Token) -> bool:
    """An embedded question: 'what happened', 'whether they left', 'if it works'."""
    first = clause.left_edge
    return first.tag_ in _WH_TAGS or _mark(clause) in ("whether", "if")


def _reports_clause(verb: Token) -> bool:
    return any(c.dep_ in ("ccomp", "parataxis", "xcomp") for c in verb.children)


def _relay(head: Token) -> tuple[Token, Token] | None:
    """'an official quoted by a local newspaper': the relaying verb and who relayed."""
    for acl in head.children:
        if acl.dep_ == "acl" and _lemma(acl) in ("quote", "cite", "interview"):
            for agent in acl.children:
                if agent.dep_ == "agent":
                    medium = next((g for g in agent.children if g.dep_ == "pobj"), None)
                    if medium is not None:
                        return acl, medium
    return None


def _is_passive(token: Token) -> bool:
    return any(c.dep_ == "auxpass" for c in token.children)


def _has_subject(token: Token) -> bool:
    return any(c.dep_ in _SUBJECTS for c in token.children)


def _mark(token: Token) -> str:
    return next((c.lower_ for c in token.children if c.dep_ == "mark"), "")


def _clause_of(token: Token) -> Token:
    """The verb (or root) whose clause ``token`` modifies."""
    node = token.head
    while node.pos_ not in ("VERB", "AUX") and node.head.i != node.i:
        node = node.head
    return node


def _according_appos(verb: Token) -> Token | None:
    """'According to X, a source … said': the parser hangs the speaker on X as an apposition."""
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "according"):
        for token in prep.subtree:
            if token.dep_ == "appos" and token.i < verb.i:
                return token
    return None
