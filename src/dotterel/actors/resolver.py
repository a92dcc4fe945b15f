"""The actor resolver (``dotterel.actors.v1``) and its test double.

``resolve(head, context)`` builds the phrase around an actor head from the parse, resolves it
from the dictionaries and, through the per-article context, resolves pronouns and definite
descriptions. ``resolve_text(text)`` does the same for a bare phrase, without a parse or an
article.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..records import UNKNOWN_CODE, ActorRef
from .coref import COLLECTIVE, ArticleActors, Mention, clause_of
from .decide import Candidate, Decision, decide
from .entries import query_date
from .lexicon import Lexicon, bundled_lexicon
from .phrase import Phrase, from_token, split_text
from .text import tokenize
from .userdict import merge_user_dictionaries

if TYPE_CHECKING:
    from spacy.tokens import Token


#: Dependencies of nouns that can be actors; their heads are resolved before a coreference.
_ARGUMENT_DEPS = frozenset(
    {"nsubj", "nsubjpass", "dobj", "iobj", "dative", "pobj", "agent", "attr", "appos", "conj"}
)


@functools.lru_cache(maxsize=1)
def _shared_bundled() -> Lexicon:
    return bundled_lexicon()


class ActorResolver:
    """Resolve actor heads to ISO alpha-3 / IGO codes and PLOVER sectors, offline.

    ``dictionaries`` are user YAML/CSV files merged over the bundled data (see
    :mod:`dotterel.actors.userdict`); a name they define replaces the bundled one.
    """

    #: The registered name of this implementation.
    name = "dotterel.actors.v1"

    def __init__(self, dictionaries: Sequence[str | Path] = ()) -> None:
        if dictionaries:
            self.lexicon = bundled_lexicon()
            merge_user_dictionaries(self.lexicon, list(dictionaries))
        else:
            self.lexicon = _shared_bundled()

    def new_context(self, date: str | None = None) -> ArticleActors:
        """Fresh per-article state; ``date`` (the publication date) picks office holders."""
        return ArticleActors(self.lexicon, date)

    def resolve(self, head: Token, context: ArticleActors | None = None) -> tuple[ActorRef, ...]:
        """The actor(s) headed by ``head``; UNK with the text kept when nothing fits."""
        if context is not None:
            done = context.cached(head)
            if done is not None:
                return done
        day = context.day if context is not None else None
        phrase = from_token(head)
        decision = decide(phrase, self.lexicon, day)
        self._share_conj_sector(head, decision, day)
        if context is not None and decision.choices:
            _choose_by_context(decision, context, context.sentence_of(head), head.i)
        if context is not None and decision.needs is not None:
            # Antecedents must be known: resolve the nouns before this one that nobody asked
            # about yet ("Iranian leaders ... their support"), once each.
            self._backfill(head, context, 4 if decision.needs == "description" else 1)
        sent = context.sentence_of(head) if context is not None else 0
        clause = clause_of(head) if context is not None else -2
        # A possessive may point at its own clause's subject ("the mullahs ... their efforts").
        binding = -2 if head.tag_ == "PRP$" else clause
        refs, kinds, genders, tags = self._finish(
            phrase, decision, context, (sent, head.i, binding), day, ""
        )
        if context is not None:
            context.remember(
                head,
                refs,
                kinds=kinds,
                plural=phrase.plural,
                genders=genders,
                head_lemma=phrase.head_lemma,
                tags=tags,
                clause=clause,
            )
        return refs

    def _share_conj_sector(self, head: Token, d: Decision, day: str | None) -> None:
        """A bare demonym parsed as the head of "Sierra Leonean and Liberian refugees" takes
        the sector of the noun it is coordinated with."""
        if not d.candidates or any(
            c.sector is not None or c.resolved_by != "demonym" or c.coref_kind == "group"
            for c in d.candidates
        ):
            return
        noun = next((c for c in head.children if c.dep_ == "conj" and c.pos_ == "NOUN"), None)
        if noun is None:
            return
        sector = decide(from_token(noun, 1), self.lexicon, day).sector
        if sector is not None:
            d.candidates = [_sectored(c, sector) for c in d.candidates]

    def _backfill(self, head: Token, context: ArticleActors, sentences: int) -> None:
        if context.backfilling:
            return
        context.backfilling = True
        try:
            first = context.sentence_start(context.sentence_of(head) - sentences)
            for token in head.doc[first : head.i]:
                if (
                    token.pos_ in ("NOUN", "PROPN")
                    and token.dep_ in _ARGUMENT_DEPS
                    and context.cached(token) is None
                    and self._may_be_actor(token)
                ):
                    self.resolve(token, context)
        finally:
            context.backfilling = False

    def _may_be_actor(self, token: Token) -> bool:
        """Cheap test before back-filling: a proper noun, or a word the dictionaries know
        heading or modifying the noun ("strength", "efforts", "homes" are skipped)."""
        if token.pos_ == "PROPN":
            return True
        lex = self.lexicon
        for t in (token, *token.lefts):
            if lex.starts_name(t.text) or lex.starts_sector(t.lower_):
                return True
        return False

    def resolve_text(self, text: str, *, date: str | None = None) -> ActorRef:
        """Resolve a bare actor phrase ("Iranian intelligence agents"); no parse, no context."""
        stripped = text.strip()
        if len(stripped) == 3 and stripped.isupper() and stripped in self.lexicon.country_names:
            return ActorRef(text, stripped, None, resolved_by="country")
        toks = tokenize(text)
        protected = [(m.start, m.end) for m in self.lexicon.match_entities(toks)]
        protected += [(a, b) for a, b, _ in self.lexicon.match_sectors(toks)]
        phrase = split_text(toks, text, protected)
        day = query_date(date)
        decision = decide(phrase, self.lexicon, day, text)
        refs, *_ = self._finish(phrase, decision, None, (0, 0, -2), day, text)
        ref = refs[0]
        return ActorRef(text, ref.code, ref.sector, ref.name, resolved_by=ref.resolved_by)

    def family(self, code: str) -> str:
        """The code family: ``country``, ``igo``, ``ngo``, ``img`` or ``unknown``."""
        return self.lexicon.family(code)

    # -- internals ------------------------------------------------------------------------

    def _finish(
        self,
        phrase: Phrase,
        d: Decision,
        ctx: ArticleActors | None,
        where: tuple[int, int, int],
        day: str | None,
        source: str,
    ) -> tuple[tuple[ActorRef, ...], list[str], list[str | None], list[frozenset[str]]]:
        """Refs from the decision, else from the article context, else UNK.

        ``where`` is (sentence ordinal, token index, clause verb index) of the head.
        """
        if not d.candidates and phrase.appos:
            for appos in phrase.appos:
                ad = decide(appos, self.lexicon, day, source)
                if ad.candidates:
                    d.candidates = [_named(c, d.name, d.sector) for c in ad.candidates]
                    break
        if d.candidates:
            if d.candidates[0].sector is None and phrase.appos:
                extra = decide(phrase.appos[0], self.lexicon, day, source)
                sector = extra.sector or (extra.candidates[0].sector if extra.candidates else None)
                d.candidates = [_sectored(c, sector) for c in d.candidates]
            kind = self._group_kind(phrase, d)
            refs = tuple(self._ref(phrase, c) for c in d.candidates)
            kinds = [c.coref_kind if kind is None else kind for c in d.candidates]
            return refs, kinds, [c.gender for c in d.candidates], [c.tags for c in d.candidates]
        found = self._from_context(phrase, d, ctx, where)
        if found:
            refs = tuple(
                ActorRef(
                    phrase.text,
                    m.ref.code,
                    sector,
                    m.ref.name if _keeps_name(phrase, d) else d.name,
                    phrase.start,
                    phrase.end,
                    "coref",
                )
                for m, sector in found
            )
            kinds = [self._found_kind(phrase, d, m) for m, _ in found]
            return refs, kinds, [m.gender for m, _ in found], [m.tags for m, _ in found]
        sector = (d.description.sector if d.description is not None else None) or d.sector
        by = "sector-only" if sector else "unresolved"
        ref = ActorRef(phrase.text, UNKNOWN_CODE, sector, d.name, phrase.start, phrase.end, by)
        return (ref,), [self._plain_kind(phrase, None)], [None], [frozenset()]

    def _from_context(
        self, phrase: Phrase, d: Decision, ctx: ArticleActors | None, where: tuple[int, int, int]
    ) -> list[tuple[Mention, str | None]]:
        if ctx is None:
            return []
        sent, pos, clause = where
        if d.needs == "pronoun" and phrase.pronoun is not None:
            return [(m, m.ref.sector) for m in ctx.pronoun(phrase.pronoun, sent, pos, clause)]
        if d.needs == "description" and d.description is not None:
            if d.description.pair_only and not d.dual:
                return []
            found = ctx.descriptions(d.description, sent, pos, clause, 2 if d.dual else 1)
            if d.dual and len(found) < 2:
                return []  # "both governments" with one candidate: not a guess
            # A pair ("the two parties") is whoever the antecedents are, not what the noun
            # alone would say (a party is PTY, a side nothing).
            sector = d.description.sector or (None if d.description.pair_only else d.sector)
            if sector is None and d.description.refers_to != "country":
                return [(m, m.ref.sector) for m in found]
            return [(m, sector) for m in found]
        if d.needs == "poss" and phrase.poss_pronoun is not None:
            return [(m, _poss_sector(d, m)) for m in ctx.pronoun(phrase.poss_pronoun, sent, pos)]
        if d.needs == "definite":
            m = ctx.same_head(phrase.head_lemma, d.sector, sent, pos)
            if m is not None:
                return [(m, m.ref.sector)]
        return []

    def _ref(self, phrase: Phrase, c: Candidate) -> ActorRef:
        if c.text is not None:
            return ActorRef(c.text, c.code, c.sector, c.name, c.start, c.end, c.resolved_by)
        return ActorRef(
            phrase.text, c.code, c.sector, c.name, phrase.start, phrase.end, c.resolved_by
        )

    def _group_kind(self, phrase: Phrase, d: Decision) -> str | None:
        """An agent noun heads the phrase ("Iranian diplomats"): a group, a body or a person."""
        head = phrase.head_tok
        if head is None or d.sector is None:
            return None
        if any(c.coref_kind == "person" for c in d.candidates):
            return None
        return self._plain_kind(phrase, None)

    def _found_kind(self, phrase: Phrase, d: Decision, m: Mention) -> str:
        """What a coreferent mention counts as for later pronouns."""
        if phrase.pronoun is not None:
            return m.kind
        if phrase.plural:
            return "group"  # "the mullahs" ... "their efforts"
        if d.description is not None and d.description.refers_to in ("country", "igo"):
            return d.description.refers_to
        return self._plain_kind(phrase, m)

    def _plain_kind(self, phrase: Phrase, m: Mention | None) -> str:
        lemma = phrase.head_lemma or ""
        if phrase.plural:
            return "group"
        if lemma in COLLECTIVE:
            return "body"
        if m is not None and m.kind in ("country", "igo", "organisation"):
            return m.kind
        return "person"


def _keeps_name(phrase: Phrase, d: Decision) -> bool:
    """A pronoun or an organisation description stands for the named antecedent itself."""
    if phrase.pronoun is not None:
        return True
    return d.description is not None and d.description.refers_to in (
        "organisation",
        "igo",
        "person",
    )


def _choose_by_context(d: Decision, ctx: ArticleActors, sent: int, pos: int) -> None:
    """ "officers" after "Kenyan police" are police: the latest actor with one of the
    ambiguous noun's sectors, within three sentences, picks the sector."""
    latest = ctx.latest_with_sector(d.choices, sent, pos)
    if latest is None or latest == d.sector:
        return
    old = d.sector
    d.sector = latest
    d.candidates = [_sectored(c, latest) if c.sector == old else c for c in d.candidates]


def _poss_sector(d: Decision, m: Mention) -> str | None:
    """ "its leaders": a generic noun takes the sector of the organisation it belongs to."""
    if d.tier in (None, "weak") and m.kind == "organisation" and m.ref.sector is not None:
        return m.ref.sector
    return d.sector


def _named(c: Candidate, name: str | None, sector: str | None) -> Candidate:
    sector = sector or c.sector
    return Candidate(c.code, sector, name or c.name, c.resolved_by, c.coref_kind, c.gender, c.tags)


def _sectored(c: Candidate, sector: str | None) -> Candidate:
    return Candidate(
        c.code,
        sector,
        c.name,
        c.resolved_by,
        c.coref_kind,
        c.gender,
        c.tags,
        c.text,
        c.start,
        c.end,
    )


class StaticActorResolver:
    """Test double: a fixed mapping from phrase text to :class:`ActorRef`, same methods.

    ``resolve(head)`` looks up the text of the head's subtree, then the head's own text;
    unknown texts come back as UNK with the text kept.
    """

    name = "dotterel.actors.static"

    def __init__(
        self, actors: Mapping[str, ActorRef | tuple[str, str | None]] | None = None
    ) -> None:
        self._actors: dict[str, ActorRef] = {}
        for text, value in (actors or {}).items():
            ref = value if isinstance(value, ActorRef) else ActorRef(text, value[0], value[1])
            self._actors[text.lower()] = ref

    def new_context(self, date: str | None = None) -> ArticleActors:
        """A context object (unused by the double, present so callers need no branches)."""
        return ArticleActors(Lexicon(), date)

    def resolve(self, head: Token, context: ArticleActors | None = None) -> tuple[ActorRef, ...]:
        """The mapped ref for the head's phrase, or UNK."""
        span = head.doc[head.left_edge.i : head.right_edge.i + 1]
        for text in (span.text, head.text):
            ref = self._actors.get(text.lower())
            if ref is not None:
                return (
                    ActorRef(
                        text,
                        ref.code,
                        ref.sector,
                        ref.name,
                        span.start_char,
                        span.end_char,
                        ref.resolved_by,
                    ),
                )
        return (
            ActorRef(
                span.text, UNKNOWN_CODE, None, None, span.start_char, span.end_char, "unresolved"
            ),
        )

    def resolve_text(self, text: str, *, date: str | None = None) -> ActorRef:
        """The mapped ref for ``text``, or UNK."""
        ref = self._actors.get(text.strip().lower())
        if ref is None:
            return ActorRef(text, UNKNOWN_CODE, None, resolved_by="unresolved")
        return ActorRef(text, ref.code, ref.sector, ref.name, resolved_by=ref.resolved_by)
