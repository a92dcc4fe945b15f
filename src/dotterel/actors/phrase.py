"""Build the phrase around an actor head: from a dependency parse, or from bare text.

A :class:`Phrase` is what the resolver decides on: the *core* (the head with its determiners,
adjectives, compounds and possessors: "US National Security Adviser John Bolton", "Iran's
ambassador") and its *complements* (prepositional phrases that can carry the actor's identity:
"members *of the Quds Force*", "security forces *in the Netherlands*").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .text import Tok, is_skipped, make_tok, split_token, tokenize

if TYPE_CHECKING:
    from spacy.tokens import Token

#: Prepositions whose object may carry the actor's country or organisation.
COMPLEMENT_PREPS = frozenset(
    {"of", "in", "from", "at", "inside", "within", "across", "throughout", "for", "near", "based"}
)
#: Left dependents that belong to the core of the phrase.
_CORE_LEFT = frozenset(
    {
        "det",
        "amod",
        "compound",
        "nmod",
        "poss",
        "nummod",
        "quantmod",
        "advmod",
        "npadvmod",
        "predet",
        "nn",
        "case",
        "punct",
        "dep",
        "prep",
    }
)
#: Right dependents that still belong to the core ("Hezbollah's" case marker, name parts).
_CORE_RIGHT = frozenset({"case", "compound", "flat", "nummod"})
#: Participles that open a complement in bare text ("refugees fleeing ...", "militants loyal to").
_TEXT_MARKERS = COMPLEMENT_PREPS | {
    "living",
    "fleeing",
    "operating",
    "loyal",
    "close",
    "who",
    "that",
}
DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_MAX_DEPTH = 2


@dataclass(slots=True)
class Phrase:
    """An actor phrase ready for resolution."""

    core: list[Tok]
    #: Position of the head in ``core`` (None when unknown, for bare text: the last token).
    head: int | None
    complements: list[tuple[str, Phrase]] = field(default_factory=list)
    #: Lower-cased determiner of the head ("the", "a"), if any.
    det: str | None = None
    #: The head is a personal pronoun ("it", "they"): resolved only through the article context.
    pronoun: str | None = None
    #: A possessive pronoun in the core ("its ambassador", "their leaders").
    poss_pronoun: str | None = None
    #: Appositions ("Edi Rama, Albania's prime minister").
    appos: list[Phrase] = field(default_factory=list)
    #: Heads coordinated with this one inside a complement ("leaders of Serbia *and Kosovo*").
    conjuncts: list[Phrase] = field(default_factory=list)
    plural: bool = False
    #: Lemma of the head noun (for "the diplomats" -> earlier "Iranian diplomats").
    head_lemma: str | None = None
    #: Character span of the whole phrase in the source text.
    start: int = 0
    end: int = 0
    text: str = ""
    #: Index of the last Doc token of the phrase (-1 for bare text).
    last_i: int = -1

    @property
    def head_tok(self) -> Tok | None:
        if not self.core:
            return None
        return self.core[self.head if self.head is not None else len(self.core) - 1]


def _toks_of(tokens: list[Token]) -> list[Tok]:
    out: list[Tok] = []
    sep = ""
    for t in tokens:
        pieces = split_token(t.text, t.idx)
        for k, (piece, start) in enumerate(pieces):
            if k > 0:
                sep += "-"
            if is_skipped(piece):
                sep += piece
            else:
                out.append(make_tok(piece, start, t.i, t.pos_ == "PROPN", sep, t.ent_type_))
                sep = ""
    return out


def from_token(head: Token, depth: int = 0, extra: tuple[Token, ...] = ()) -> Phrase:
    """The phrase around ``head`` in a parsed Doc (conjoined heads are left to the caller).

    ``extra`` tokens join the core (used to repair a misparse, see :func:`_misparsed_norp`).
    """
    lower = head.lower_
    if head.pos_ == "PRON":
        span = head.doc[head.i : head.i + 1]
        return Phrase(
            [], None, pronoun=lower, start=span.start_char, end=span.end_char, text=head.text
        )
    noun = _misparsed_norp(head) if depth == 0 else None
    if noun is not None:
        return from_token(noun, depth, tuple(t for t in head.subtree if t.i < noun.left_edge.i))
    doc = head.doc
    members: list[Token] = [head, *extra]
    complements: list[tuple[str, Phrase]] = []
    appos: list[Phrase] = []
    det = None
    poss_pronoun = None
    # Subtrees are contiguous in a projective parse: keep index ranges, not token lists.
    ranges: list[tuple[int, int]] = []
    for child in head.children:
        dep = child.dep_
        if child.i < head.i and dep in _CORE_LEFT:
            if dep == "prep":
                continue
            ranges.append((child.left_edge.i, child.right_edge.i + 1))
            if dep == "det":
                det = child.lower_
            elif dep == "poss" and child.tag_ == "PRP$":
                poss_pronoun = child.lower_
        elif child.i > head.i and dep in _CORE_RIGHT:
            ranges.append((child.left_edge.i, child.right_edge.i + 1))
        elif dep == "prep" and child.lower_ in COMPLEMENT_PREPS and depth < _MAX_DEPTH:
            objs = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objs:
                comp = from_token(objs[0], depth + 1)
                comp.conjuncts = [
                    from_token(c, depth + 1) for c in objs[0].conjuncts if c.i > objs[0].i
                ]
                complements.append((child.lower_, comp))
        elif dep == "appos" and depth < _MAX_DEPTH:
            appos.append(from_token(child, depth + 1))
    if depth == 0 and head.dep_ == "appos" and head.head.i != head.i:
        # "Foreign Minister Halima Odeke": the title governs the name it stands beside.
        appos.append(from_token(head.head, _MAX_DEPTH))
    for a, b in ranges:
        members.extend(doc[a:b])
    members.sort(key=lambda t: t.i)
    core = _toks_of(members)
    head_pos = next((k for k, t in enumerate(core) if t.i == head.i), None)
    last_i = members[-1].i
    for _, comp in complements:
        last_i = max(last_i, comp.last_i)
    # Doc.text joins the whole document: slice a span instead, this runs for every actor.
    span = doc[members[0].i : last_i + 1]
    start, end = span.start_char, span.end_char
    text = span.text
    return Phrase(
        core,
        head_pos,
        complements,
        det=det,
        poss_pronoun=poss_pronoun,
        appos=appos,
        plural=head.tag_ in ("NNS", "NNPS"),
        head_lemma=head.lemma_.lower(),
        start=start,
        end=end,
        text=text,
        last_i=last_i,
    )


def _misparsed_norp(head: Token) -> Token | None:
    """The noun of "Danish, French and Dutch envoys" when the parser made "Danish" the head.

    The small English model sometimes reads a coordinated nationality list as a proper noun
    with the real head noun as its apposition; the actor is then that noun.
    """
    if head.ent_type_ != "NORP":
        return None
    for child in head.rights:
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            return child
    return None


def from_text(text: str, match_spans: list[tuple[int, int]] | None = None) -> Phrase:
    """The phrase of bare text: the core runs to the first preposition outside a known name.

    ``match_spans`` are token spans of dictionary hits (names, titles) that must not be cut:
    "Secretary of State", "King Hassan of Morocco" is cut after "Hassan".
    """
    toks = tokenize(text)
    return split_text(toks, text, match_spans or [])


def split_text(toks: list[Tok], text: str, protected: list[tuple[int, int]]) -> Phrase:
    """Cut ``toks`` into core and one complement at the first free marker word."""
    inside = {j for a, b in protected for j in range(a, b)}
    cut = None
    for k, t in enumerate(toks):
        if k > 0 and k not in inside and t.low in _TEXT_MARKERS:
            cut = k
            break
    core = toks if cut is None else toks[:cut]
    det = core[0].low if core and core[0].low in DEFINITE else None
    pronoun = None
    if (
        len(core) == 1
        and core[0].low in _PRONOUNS
        and not (core[0].text.isupper() and len(core[0].text) > 1)
    ):
        pronoun = core[0].low  # "US" is a country, "us" a pronoun
    poss = next((t.low for t in core if t.low in _POSS_PRONOUNS), None)
    complements: list[tuple[str, Phrase]] = []
    if cut is not None and cut + 1 < len(toks):
        rest = toks[cut + 1 :]
        shift = cut + 1
        sub = split_text(rest, text, [(a - shift, b - shift) for a, b in protected if a >= shift])
        complements.append((toks[cut].low, sub))
    head = core[-1] if core else None
    start = toks[0].start if toks else 0
    end = toks[-1].end if toks else 0
    return Phrase(
        core,
        len(core) - 1 if core else None,
        complements,
        det=det,
        pronoun=pronoun,
        poss_pronoun=poss,
        plural=bool(head and head.low.endswith("s") and not head.low.endswith("ss")),
        head_lemma=head.low if head else None,
        start=start,
        end=end,
        text=text[start:end] if toks else text,
    )


_PRONOUNS = frozenset(
    {
        "he",
        "she",
        "it",
        "they",
        "him",
        "her",
        "them",
        "we",
        "us",
        "i",
        "you",
        "himself",
        "herself",
        "itself",
        "themselves",
    }
)
_POSS_PRONOUNS = frozenset({"its", "their", "his", "her"})
