"""Small dependency-parse helpers shared by the status walk and denial linking.

They read one token and its children (lemma, particles, marks, determiners, negative arguments,
"before being stopped", the frame noun of a purpose clause) and never walk far, so the rules in
:mod:`dotterel.modality.status` and :mod:`dotterel.modality.denials` read as decisions rather
than as tree plumbing.
"""

from __future__ import annotations

from spacy.tokens import Token

from dotterel.modality.lexicon import Lexicon

_VERBAL = frozenset({"VERB", "AUX"})
_NOMINAL = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_ORDINALS = frozenset({"first", "second", "third", "last", "only", "next", "latest"})


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _keys(token: Token) -> tuple[str, ...]:
    """Lookup keys of a verb: with each particle first ("call off"), then the lemma."""
    lemma = _lemma(token)
    particles = tuple(f"{lemma} {c.lower_}" for c in token.children if c.dep_ == "prt")
    return (*particles, lemma)


def _lookup(table: dict[str, str] | frozenset[str], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        if key in table:
            return table[key] if isinstance(table, dict) else key
    return None


def _phrase(token: Token) -> str:
    particles = [c.lower_ for c in token.children if c.dep_ == "prt"]
    return " ".join([token.lower_, *particles])


def _has_to(token: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def _ordinal(noun: Token) -> bool:
    """'the first model to be built': an infinitive after an ordinal or superlative is factual."""
    return any(
        c.dep_ == "amod" and (c.tag_ == "JJS" or c.lower_ in _ORDINALS) for c in noun.children
    )


def _mark(token: Token) -> str:
    return next((c.lower_ for c in token.children if c.dep_ == "mark"), "")


def _det(token: Token) -> str:
    det = next((c.lower_ for c in token.children if c.dep_ == "det"), "")
    return f"{det} " if det else ""


def _is_negative(argument: Token, lex: Lexicon) -> bool:
    if argument.lower_ in lex.negative_arguments:
        return True
    return any(c.dep_ == "det" and c.lower_ in lex.negative_determiners for c in argument.children)


def _or_coordinated(conjunct: Token) -> bool:
    """'did not attack or kill': negation distributes over 'or' / 'nor', not over 'and'."""
    return any(c.dep_ == "cc" and c.lower_ in ("or", "nor") for c in conjunct.head.children)


def _before_cut(before: Token, lex: Lexicon) -> str | None:
    """'before being stopped': the words that say the event was cut short."""
    for child in before.children:
        if child.dep_ in ("pcomp", "pobj") and _lemma(child) in lex.aborted_before:
            return before.doc[before.i : child.i + 1].text.lower()
    return None


def _frame_for_purpose(node: Token, head: Token, lex: Lexicon) -> Token | None:
    """'foiled a plot to bomb' parsed with 'to bomb' on the verb: find the frame noun."""
    candidates = [c for c in head.children if c.dep_ in ("dobj", "nsubjpass") and c.i < node.i]
    if head.dep_ == "relcl":
        candidates.append(head.head)
    for noun in candidates:
        if _lemma(noun) in lex.frame_status:
            return noun
    return None
