"""Per-article actor memory: salience and rule-based coreference.

Every actor the resolver finds in an article is remembered as a :class:`Mention` (its code,
kind, number, gender, sentence, grammatical role). Pronouns take the most recent compatible
mention, subjects first; definite descriptions ("the regime", "the NATO country") take the most
salient compatible one, where salience adds up mentions of the same code weighted by role and
decaying with distance. Nothing compatible within the window leaves the actor UNK.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..records import UNKNOWN_CODE, ActorRef
from .entries import Description, PronounRule, query_date
from .lexicon import Lexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: Singular heads that name a body, not a person: "it", not "he" ("the government said it ...").
COLLECTIVE = frozenset(
    {
        "government",
        "administration",
        "ministry",
        "police",
        "military",
        "army",
        "navy",
        "parliament",
        "court",
        "cabinet",
        "authorities",
        "authority",
        "regime",
        "junta",
        "council",
        "committee",
        "union",
        "company",
        "agency",
        "press",
        "media",
        "embassy",
        "presidency",
        "force",
        "group",
        "office",
        "department",
        "service",
        "party",
        "movement",
        "organisation",
        "organization",
        "legislature",
        "assembly",
        "senate",
        "congress",
        "judiciary",
        "bank",
        "firm",
        "mission",
    }
)
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "agent"})
#: Salience lost per sentence of distance: slow, so the article's topic outweighs a passing
#: mention ("the NATO country" is the country the article is about, not the last one named).
_DECAY = 0.85


@dataclass(frozen=True, slots=True)
class Mention:
    """One actor already seen in the article."""

    ref: ActorRef
    #: person | country | igo | organisation | group (plural agent noun) | body (collective one).
    kind: str
    sent: int
    pos: int
    subject: bool
    plural: bool
    gender: str | None
    head_lemma: str | None
    tags: frozenset[str]
    #: Mentions coordinated in one phrase share a group number ("Denmark, France and ...").
    group: int | None = None
    #: Token index of the verb governing the mention: a description or pronoun never takes
    #: a co-argument of its own verb ("US officials praised the NATO country": not USA).
    clause: int = -1
    #: The mention is a direct dependent of that verb (subject, object, agent).
    argument: bool = False


class ArticleActors:
    """The actor state of one article: create one per article with ``new_context``."""

    def __init__(self, lexicon: Lexicon, date: str | None = None) -> None:
        self._lex = lexicon
        #: The article's publication date as given (used for office holders and memberships).
        self.date = date
        self.day = query_date(date)
        self.mentions: list[Mention] = []
        self._done: dict[int, tuple[ActorRef, ...]] = {}
        self._group_sizes: dict[int, int] = defaultdict(int)
        self._doc_id: int | None = None
        self._starts: list[int] = []
        #: Set while the resolver fills in earlier mentions (no nested back-filling).
        self.backfilling = False

    # -- positions ------------------------------------------------------------------------

    def sentence_of(self, token: Token) -> int:
        """The ordinal of the token's sentence in its Doc."""
        doc: Doc = token.doc
        if self._doc_id != id(doc):
            self._doc_id = id(doc)
            self._done.clear()
            self._group_sizes.clear()
            try:
                self._starts = [s.start for s in doc.sents]
            except ValueError:  # no sentence boundaries: one sentence
                self._starts = [0]
        return max(0, bisect.bisect_right(self._starts, token.i) - 1)

    def sentence_start(self, ordinal: int) -> int:
        """The token index where sentence ``ordinal`` starts (clamped to the document)."""
        if not self._starts:
            return 0
        return self._starts[min(max(ordinal, 0), len(self._starts) - 1)]

    def cached(self, token: Token) -> tuple[ActorRef, ...] | None:
        """The refs already resolved for this head (roles may ask twice for one actor)."""
        if self._doc_id != id(token.doc):
            self.sentence_of(token)
        return self._done.get(token.i)

    # -- memory ---------------------------------------------------------------------------

    def remember(
        self,
        token: Token,
        refs: tuple[ActorRef, ...],
        *,
        kinds: list[str],
        plural: bool,
        genders: list[str | None],
        head_lemma: str | None,
        tags: list[frozenset[str]],
        clause: int | None = None,
    ) -> None:
        """Record what ``token`` resolved to, for later pronouns and descriptions."""
        sent = self.sentence_of(token)
        self._done[token.i] = refs
        subject = token.dep_ in _SUBJECT_DEPS or (
            token.dep_ == "conj" and token.head.dep_ in _SUBJECT_DEPS
        )
        group = None
        if len(refs) > 1 or token.dep_ == "conj" or any(c.dep_ == "conj" for c in token.children):
            root = token
            while root.dep_ == "conj" and root.head.i != root.i:
                root = root.head
            group = root.i
        if clause is None:
            clause = clause_of(token)
        if group is not None:
            self._group_sizes[group] += len(refs)
        for ref, kind, gender, tagset in zip(refs, kinds, genders, tags, strict=True):
            if ref.code == UNKNOWN_CODE and ref.sector is None:
                continue
            self.mentions.append(
                Mention(
                    ref,
                    kind,
                    sent,
                    token.i,
                    subject,
                    plural,
                    gender,
                    head_lemma,
                    tagset,
                    group,
                    clause,
                    token.head.i == clause
                    or (token.dep_ in ("pobj", "poss") and token.head.head.i == clause),
                )
            )

    def _window(
        self, sent: int, pos: int, limit: int | None = None, clause: int = -2
    ) -> list[Mention]:
        span = limit if limit is not None else self._lex.max_sentences
        return [
            m
            for m in self.mentions
            if m.ref.code != UNKNOWN_CODE
            and (
                m.sent < sent
                or (m.sent == sent and m.pos < pos and not (m.argument and m.clause == clause))
            )
            and sent - m.sent <= span
        ]

    # -- resolution -----------------------------------------------------------------------

    def pronoun(self, word: str, sent: int, pos: int, clause: int = -2) -> list[Mention]:
        """Antecedents of a pronoun: the most recent compatible mention (its group for "they")."""
        rule: PronounRule | None = self._lex.pronouns.get(word)
        if rule is None:
            return []
        if word.endswith(("self", "selves")):
            clause = -2  # reflexives take their antecedent inside the clause
        found = [m for m in self._window(sent, pos, limit=3, clause=clause) if _fits(m, rule)]
        if not found:
            return []
        best = max(found, key=lambda m: (m.sent, m.subject, m.pos))
        if rule.plural and best.group is not None:
            return [m for m in found if m.group == best.group and m.sent == best.sent]
        return [best]

    def description(
        self, desc: Description, sent: int, pos: int, clause: int = -2
    ) -> Mention | None:
        """The most salient earlier actor a definite description can refer to."""
        found = self.descriptions(desc, sent, pos, clause, 1)
        return found[0] if found else None

    def descriptions(
        self, desc: Description, sent: int, pos: int, clause: int = -2, n: int = 1
    ) -> list[Mention]:
        """The ``n`` most salient distinct earlier actors a description can refer to."""
        scores: dict[str, float] = defaultdict(float)
        latest: dict[str, Mention] = {}
        for m in self._window(sent, pos, clause=clause):
            if not self._compatible(m, desc):
                continue
            # Subjects weigh more; members of a coordinated list share one mention's weight.
            share = self._group_sizes.get(m.group, 1) if m.group is not None else 1
            weight = (2.0 if m.subject else 1.0) / share * _DECAY ** (sent - m.sent)
            key = m.ref.code if desc.refers_to == "country" else f"{m.ref.code}:{m.ref.name}"
            scores[key] += weight
            if key not in latest or (m.sent, m.pos) > (latest[key].sent, latest[key].pos):
                latest[key] = m
        ranked = sorted(scores, key=lambda k: -scores[k])
        return [latest[k] for k in ranked[:n]]

    def latest_with_sector(self, sectors: frozenset[str], sent: int, pos: int) -> str | None:
        """The sector of the latest mention (known code or not) with one of ``sectors``."""
        found = [
            m
            for m in self.mentions
            if m.ref.sector in sectors and (m.sent, m.pos) < (sent, pos) and sent - m.sent <= 3
        ]
        return max(found, key=lambda m: (m.sent, m.pos)).ref.sector if found else None

    def same_head(
        self, lemma: str | None, sector: str | None, sent: int, pos: int
    ) -> Mention | None:
        """ "the diplomats" -> the latest resolved mention with the same head noun."""
        if not lemma:
            return None
        for m in reversed(self._window(sent, pos)):
            if m.head_lemma == lemma and (sector is None or m.ref.sector in (None, sector)):
                return m
        return None

    def _compatible(self, m: Mention, desc: Description) -> bool:
        lex = self._lex
        if desc.refers_to == "country":
            code = m.ref.code
            if code not in lex.country_names:
                return False
            if desc.tag and desc.tag not in lex.country_tags.get(code, ()):
                return False
            if desc.member_of and not lex.is_member(code, desc.member_of, self.day):
                return False
            return not (desc.continent and lex.continent.get(code) != desc.continent)
        if desc.refers_to == "igo":
            return m.kind == "igo" and (not desc.tag or desc.tag in m.tags)
        if desc.refers_to == "organisation":
            if m.kind != "organisation":
                return False
            return desc.antecedent_sector is None or m.ref.sector == desc.antecedent_sector
        if desc.refers_to == "person":
            return m.kind == "person"
        return True


def clause_of(token: Token) -> int:
    """The index of the verb (or root) whose clause holds ``token``."""
    node = token
    for _ in range(40):
        if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
            return node.i
        node = node.head
    return node.i


def _fits(m: Mention, rule: PronounRule) -> bool:
    if m.kind not in rule.refers_to:
        return False
    if m.kind == "person":
        if m.plural:
            return False
        if rule.gender is not None and m.gender is not None and m.gender != rule.gender:
            return False
        return not rule.plural
    if m.kind == "group":
        return rule.plural == m.plural or rule.plural
    if m.kind == "country" and rule.plural:
        return m.group is not None
    if m.kind in ("country", "igo") and not rule.plural:
        return m.group is None
    return True
