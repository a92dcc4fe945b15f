"""Who says so: attribution chains for event triggers, found in one pass over a parsed article.

:meth:`AttributionFinder.scan` finds every attribution frame of a document: a reporting verb
and its content ("X said the talks collapsed", "“…,” X told The Independent"), "according to X",
reporting nouns ("Iran's claim that …") and quotations with their speakers. Each frame covers a
range of tokens. :meth:`ArticleAttributions.for_token` returns the chain of a trigger, innermost
source first and the article's own outlet last: for "According to reporting by The Independent,
a source … said the expulsions were connected to …" an event in the complement gets the source
(cue "said") and then The Independent (cue "according to reporting by"). A reporting event is
not attributed by its own frame. Cue lists live in ``data/modality/attribution.yaml`` and
``outlets.yaml``.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml
from spacy.tokens import Doc, Span, Token

from dotterel.errors import DataFileError
from dotterel.records import ActorRef, Attribution

__all__ = ["ArticleAttributions", "AttributionFinder", "speaker_ref"]

#: The cue of the last link of every chain: the outlet that published the article.
PUBLISHED_BY = "published by"
# Curly double, straight double, doubled straight single ('' … '', as some wires print them),
# and curly single quotes around a passage of some length (not apostrophes).
_QUOTES = re.compile(
    r"“([^”\n]{2,}?)”|\"([^\"\n]{2,}?)\"|(?:``|'')([^\n]{2,}?)''"
    r"|(?<![\w’'])‘([^’\n]{8,}?)’(?!\w)"
)
# "“…” ― Name": a quotation signed with a dash.
_SIGNATURE = re.compile(r"\s*[―—]\s*")
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_FIRST_SECOND = frozenset({"i", "we", "you"})
_WH_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})
# Dependents that belong to a cue's verb group when they stand right before it.
_VERB_GROUP = frozenset({"aux", "auxpass", "neg", "advmod"})
# How many tokens may separate a quotation from the verb that introduces it.
_NEAR = 40
_DASHES = frozenset({"-", "--", "—", "–", "―"})


@dataclass(frozen=True, slots=True)
class _Frame:
    """One attribution and the tokens it covers: [start, end) minus ``holes``."""

    link: Attribution
    start: int
    end: int
    holes: tuple[tuple[int, int], ...] = ()
    extra: tuple[Attribution, ...] = ()  # outlet links that follow the speaker's link
    quotes: tuple[Span, ...] = ()  # every quotation the frame reports

    def covers(self, i: int) -> bool:
        return self.start <= i < self.end and not any(a <= i < b for a, b in self.holes)


def _quoting(frame: _Frame, i: int) -> Attribution:
    """The frame's link, showing the quotation that holds token ``i`` when there is one."""
    quote = next((q for q in frame.quotes if q.start <= i < q.end), None)
    if quote is None or frame.link.quote_start == quote.start_char:
        return frame.link
    return dataclasses.replace(
        frame.link, quote=quote.text, quote_start=quote.start_char, quote_end=quote.end_char
    )


class ArticleAttributions:
    """The attribution frames of one document, queried per trigger."""

    def __init__(self, frames: list[_Frame], outlet: str | None) -> None:
        # Innermost first: a smaller content range sits inside a larger one.
        self._frames = sorted(frames, key=lambda f: (f.end - f.start, f.start))
        self.outlet = outlet
        #: Every link found, in document order (the speaker's link of each frame).
        self.attributions: tuple[Attribution, ...] = tuple(
            f.link for f in sorted(frames, key=lambda f: (f.link.cue_start or 0, f.start))
        )

    def for_token(self, trigger: Token) -> tuple[Attribution, ...]:
        """The chain of the event whose head is ``trigger``, innermost source first."""
        chain: list[Attribution] = []
        for frame in self._frames:
            if frame.covers(trigger.i):
                for link in (_quoting(frame, trigger.i), *frame.extra):
                    if link not in chain:
                        chain.append(link)
        if self.outlet:
            chain.append(Attribution(cue=PUBLISHED_BY, outlet=self.outlet))
        return tuple(chain)

    def __len__(self) -> int:
        return len(self._frames)


class AttributionFinder:
    """Finds attribution frames; ``resolve_actor`` turns a speaker's head token into an actor.

    Without a resolver, speakers are plain :class:`ActorRef` records holding their text.
    """

    def __init__(self, resolve_actor: Callable[[Token], ActorRef] | None = None) -> None:
        self._resolve = resolve_actor
        self._lex = load_attribution_lexicon()

    def scan(self, doc: Doc, *, outlet: str | None = None) -> ArticleAttributions:
        """All attribution frames of ``doc``; ``outlet`` is the article's publisher, if known."""
        text = doc.text  # built on each access: read it once
        quotes = _find_quotes(doc, text)
        frames: list[_Frame] = []
        for token in doc:
            lower = token.lower_
            if lower == "according" and any(c.lower_ == "to" for c in token.children):
                frames.extend(self._according(token))
            elif token.pos_ in ("VERB", "AUX") and _lemma(token) in self._lex.cue_lemmas:
                frames.extend(self._verb(token, quotes))
            elif token.pos_ == "NOUN" and _lemma(token) in self._lex.clause_nouns:
                frames.extend(self._noun(token))
        frames.extend(self._signed(doc, text, quotes))
        frames.extend(_continued_quotes(doc, quotes, frames))
        return ArticleAttributions(frames, outlet)

    # -- frames -------------------------------------------------------------------------------
    def _verb(self, verb: Token, quotes: list[Span]) -> Iterator[_Frame]:
        lex = self._lex
        lemma = _lemma(verb)
        if lemma not in lex.cue_lemmas:
            return
        content = self._content(verb, quotes)
        if content is None:
            return
        start, end, holes, found = content
        speaker_token, outlet_token = self._speaker(verb)
        if speaker_token is None and not found and not _reports_clause(verb):
            return  # "a history of revealing secrets": an object with nobody revealing it
        if speaker_token is not None and speaker_token.lower_ in _FIRST_SECOND:
            if any(q.start <= verb.i < q.end for q in quotes):
                return  # "“I think …,” she said": a hedge inside the quotation, not a source
        link = self._link(verb, speaker_token, found[0] if found else None)
        extra: tuple[Attribution, ...] = ()
        told = self._addressee_outlet(verb)
        if outlet_token is not None:  # "The Times quoted an official as saying"
            extra = (Attribution(cue=link.cue, outlet=_np_text(outlet_token, apposition=False)),)
        elif told is not None:
            extra = (
                Attribution(
                    cue=link.cue,
                    outlet=told,
                    cue_start=link.cue_start,
                    cue_end=link.cue_end,
                ),
            )
        yield _Frame(link, start, end, holes, extra, tuple(found))

    def _content(
        self, verb: Token, quotes: list[Span]
    ) -> tuple[int, int, tuple[tuple[int, int], ...], list[Span]] | None:
        """The token range a reporting verb reports on, its holes, and its quotations."""
        lex = self._lex
        clause = next((c for c in verb.children if c.dep_ in ("ccomp", "parataxis")), None)
        if clause is None and _lemma(verb) in lex.xcomp_verbs:
            clause = next((c for c in verb.children if c.dep_ == "xcomp"), None)
        if clause is None:  # "said in a statement that ...": the clause hangs on the channel
            clause = _channel_clause(verb, lex)
        if clause is None and _lemma(verb) in lex.object_verbs:
            clause = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if clause is None and _is_passive(verb) and _lemma(verb) in lex.object_verbs:
            clause = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        prep = _phrasal(verb, lex) if clause is None else None
        if prep is not None:  # "called for talks": the object of 'for' is the content
            clause = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
        if clause is not None and _is_question(clause) and _lemma(verb) not in lex.question_verbs:
            clause = None  # "does not know what happened" reports nothing
        start = end = None
        holes: tuple[tuple[int, int], ...] = ((verb.i, verb.i + 1),)
        predicate = next((c for c in verb.children if c.dep_ == "oprd"), None)
        target = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if clause is None and predicate is not None and target is not None:
            start, end = target.left_edge.i, predicate.right_edge.i + 1  # "called X a hoax"
        elif clause is not None:
            start, end = clause.left_edge.i, clause.right_edge.i + 1
        elif (
            verb.dep_ in ("parataxis", "ccomp", "advcl")
            and _lemma(verb) in lex.parenthetical
            and _has_subject(verb)
            and not _mark(verb)
            and not any(c.dep_ == "dobj" for c in verb.children)
        ):
            head = verb.head  # "The talks collapsed, he said." / "But, he said, they …"
            start, end = head.left_edge.i, head.right_edge.i + 1
            holes = ((verb.left_edge.i, verb.right_edge.i + 1),)
        adjacent = _adjacent_quotes(verb, quotes)
        for quote in adjacent:
            start = quote.start if start is None else min(start, quote.start)
            end = quote.end if end is None else max(end, quote.end)
        if start is None or end is None:
            return None
        # Scare quotes ("an “explosive” attack") are not what the speaker said.
        inside = [q for q in quotes if start <= q.start < end and len(q) >= 4 and q not in adjacent]
        return start, end, holes, adjacent + inside

    def _according(self, according: Token) -> Iterator[_Frame]:
        to = next(c for c in according.children if c.lower_ == "to")
        source = next((c for c in to.children if c.dep_ == "pobj"), None)
        if source is None:
            return
        lex = self._lex
        cue_end = to
        outlet: str | None = None
        speaker = source
        if _lemma(source) in lex.report_nouns:  # "according to reporting by The Independent"
            by = next((c for c in source.children if c.dep_ == "prep"), None)
            named = next((c for c in by.children if c.dep_ == "pobj"), None) if by else None
            if named is not None and by is not None:
                cue_end, speaker, outlet = by, named, _np_text(named, apposition=False)
        if outlet is None and self._lex.is_outlet(_np_text(source, apposition=False)):
            outlet = _np_text(source, apposition=False)
        relay = _relay(speaker)  # "according to an official quoted by a local newspaper"
        extra: tuple[Attribution, ...] = ()
        if relay is not None:
            verb, medium = relay
            extra = (
                Attribution(
                    cue=f"{verb.lower_} by",
                    speaker=self._actor(medium, apposition=False),
                    outlet=_np_text(medium, apposition=False)
                    if self._lex.is_outlet(_np_text(medium, apposition=False))
                    else None,
                    cue_start=verb.idx,
                    cue_end=verb.idx + len(verb),
                ),
            )
        clause = _clause_of(according)
        phrase_end = max(according.i, _np_span(speaker, apposition=False).end - 1) + 1
        if relay is not None:
            phrase_end = max(phrase_end, relay[1].right_edge.i + 1)
        doc = according.doc
        cue = doc[according.i : cue_end.i + 1]
        link = Attribution(
            cue=cue.text.lower(),
            speaker=self._actor(speaker, apposition=False),
            outlet=outlet,
            cue_start=cue.start_char,
            cue_end=cue.end_char,
        )
        yield _Frame(
            link, clause.left_edge.i, clause.right_edge.i + 1, ((according.i, phrase_end),), extra
        )

    def _noun(self, noun: Token) -> Iterator[_Frame]:
        clause = next(
            (c for c in noun.children if c.dep_ in ("acl", "ccomp") and _mark(c) == "that"), None
        )
        if clause is None or _channel_clause(noun.head.head, self._lex) is not None:
            return  # no content, or "said in a statement that ...", which the verb reports
        speaker = next((c for c in noun.children if c.dep_ == "poss"), None)
        if speaker is None:
            by = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "by"), None)
            speaker = next((c for c in by.children if c.dep_ == "pobj"), None) if by else None
        link = self._link(noun, speaker, None)
        yield _Frame(link, clause.left_edge.i, clause.right_edge.i + 1)

    def _signed(self, doc: Doc, text: str, quotes: list[Span]) -> Iterator[_Frame]:
        """'“…” ― Jane Doe': a quotation signed with a dash and a name."""
        for quote in quotes:
            close = quote.end_char + 1  # past the closing mark
            dash = _SIGNATURE.match(text, close)
            if dash is None or dash.end() == close:
                continue
            marks = dash.group().strip()
            name = doc.char_span(dash.end(), dash.end() + 1, alignment_mode="expand")
            if not marks or name is None or not name[0].is_title:
                continue
            end = name[0].i
            while end + 1 < len(doc) and doc[end + 1].is_title and "\n" not in doc[end].whitespace_:
                end += 1
            speaker = doc[name[0].i : end + 1]
            cue = doc.char_span(
                dash.start() + dash.group().index(marks),
                dash.start() + dash.group().index(marks) + 1,
                alignment_mode="expand",
            )
            if cue is None:
                continue
            link = Attribution(
                cue=marks,
                speaker=ActorRef(speaker.text, start=speaker.start_char, end=speaker.end_char),
                quote=quote.text,
                cue_start=cue.start_char,
                cue_end=cue.end_char,
                quote_start=quote.start_char,
                quote_end=quote.end_char,
            )
            yield _Frame(link, quote.start, quote.end)

    # -- speakers, cues, outlets --------------------------------------------------------------
    def _speaker(self, verb: Token) -> tuple[Token | None, Token | None]:
        """The speaker's head token, and for "X quoted Y as saying" the quoting outlet."""
        if verb.dep_ == "pcomp" and verb.head.lower_ == "as":
            quoting = verb.head.head  # "The Times quoted an official as saying ..."
            quoted = next((c for c in quoting.children if c.dep_ == "dobj"), None)
            outlet = next((c for c in quoting.children if c.dep_ == "nsubj"), None)
            return quoted, outlet
        seen = 0
        node = verb
        while seen < 4:
            seen += 1
            subjects = [c for c in node.children if c.dep_ == "nsubj"]
            # "KABUL - The ministry said": a dateline parsed as a second subject is the farther
            subject = min(subjects, key=lambda c: abs(c.i - node.i)) if subjects else None
            if subject is None and any(c.dep_ == "auxpass" for c in node.children):
                agent = next((c for c in node.children if c.dep_ == "agent"), None)
                subject = (
                    next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
                )
            if subject is not None and subject.lower_ in _RELATIVE and node.dep_ == "relcl":
                return node.head, None
            expletive = (
                subject is not None
                and subject.lower_ == "it"
                and _lemma(node)
                in (
                    "seem",
                    "appear",
                    "be",
                )
            )
            if (
                subject is not None
                and not expletive
                and subject.lower_ not in self._lex.not_speakers
            ):
                return subject, None
            appos = _according_appos(node)
            if appos is not None:
                return appos, None
            if node.dep_ in ("conj", "advcl", "xcomp") and node.head.i != node.i:
                node = node.head  # "..., he said and added that", "..., saying that"
                continue
            break
        return None, None

    def _link(self, cue_token: Token, speaker: Token | None, quote: Span | None) -> Attribution:
        cue = _cue_span(cue_token, self._lex)
        return Attribution(
            cue=cue.text.lower(),
            speaker=self._actor(speaker, stop=cue_token.i) if speaker is not None else None,
            quote=quote.text if quote is not None else None,
            cue_start=cue.start_char,
            cue_end=cue.end_char,
            quote_start=quote.start_char if quote is not None else None,
            quote_end=quote.end_char if quote is not None else None,
        )

    def _actor(self, head: Token, *, apposition: bool = True, stop: int | None = None) -> ActorRef:
        plain = speaker_ref(head, apposition=apposition, stop=stop)
        if self._resolve is None:
            return plain
        ref = self._resolve(head)
        if ref.start is None or ref.end is None:
            ref = dataclasses.replace(ref, start=plain.start, end=plain.end)
        return ref

    def _addressee_outlet(self, verb: Token) -> str | None:
        """'told The Independent', 'said in an interview with CNN': the outlet addressed."""
        candidates = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
        for prep in (c for c in verb.children if c.dep_ == "prep"):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                candidates.append(pobj)
                candidates += [
                    g
                    for p in pobj.children
                    if p.dep_ == "prep"
                    for g in p.children
                    if g.dep_ == "pobj"
                ]
        for token in candidates:
            text = _np_text(token, apposition=False)
            if self._lex.is_outlet(text):
                return text
        return None


# -- helpers ----------------------------------------------------------------------------------
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


def _find_quotes(doc: Doc, text: str) -> list[Span]:
    """Quoted passages (the text inside the marks) as token spans, in document order."""
    spans = []
    for match in _QUOTES.finditer(text):
        group = next(g for g in range(1, 5) if match.group(g) is not None)
        span = doc.char_span(match.start(group), match.end(group), alignment_mode="expand")
        if span is not None and len(span):
            spans.append(span)
    return spans


def _adjacent_quotes(verb: Token, quotes: list[Span]) -> list[Span]:
    """'“…,” she said' / 'she said: “…”': quotations right next to the reporting clause.

    Only punctuation and the verb's own words (its subject, auxiliaries, "reporters") may
    stand between the quotation and the verb.
    """
    doc = verb.doc
    own: set[int] | None = None
    found = []
    for quote in quotes:
        if quote.start > verb.i + _NEAR:
            break
        if len(quote) < 3 or quote.start <= verb.i < quote.end or verb.i - quote.end > _NEAR:
            continue
        if own is None:
            clausal = {
                t.i
                for c in verb.children
                if c.dep_ in ("ccomp", "xcomp", "parataxis", "advcl")
                for t in c.subtree
            }
            own = {t.i for t in verb.subtree} - clausal
        between = doc[quote.end : verb.i] if quote.end <= verb.i else doc[verb.i + 1 : quote.start]
        if all(t.is_punct or t.is_space or t.i in own for t in between):
            found.append(quote)
    return found


def _continued_quotes(doc: Doc, quotes: list[Span], frames: list[_Frame]) -> list[_Frame]:
    """A quotation standing alone right after a quoted speaker's sentence is the same speaker's."""
    out: list[_Frame] = []
    quoted = [f for f in frames if f.link.quote is not None]
    for quote in quotes:
        if len(quote) < 5 or any(f.covers(quote.start) for f in frames):
            continue
        before = [f for f in quoted if f.end <= quote.start and quote.start - f.end < 60]
        if not before:
            continue
        last = max(before, key=lambda f: f.end)
        link = dataclasses.replace(
            last.link,
            quote=quote.text,
            quote_start=quote.start_char,
            quote_end=quote.end_char,
        )
        out.append(_Frame(link, quote.start, quote.end, (), last.extra))
    return out


# -- lexicon ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class AttributionLexicon:
    """The attribution cue lists and the outlet table, as sets."""

    version: str
    clause_verbs: frozenset[str]
    xcomp_verbs: frozenset[str]
    question_verbs: frozenset[str]
    object_verbs: frozenset[str]
    phrasal: frozenset[str]
    clause_nouns: frozenset[str]
    channels: frozenset[str]
    report_nouns: frozenset[str]
    unnamed_sources: frozenset[str]
    not_speakers: frozenset[str]
    outlet_names: frozenset[str]
    outlet_words: frozenset[str]
    outlet_nouns: tuple[str, ...]
    parenthetical: frozenset[str]

    @functools.cached_property
    def cue_lemmas(self) -> frozenset[str]:
        """Every verb lemma that can start a frame."""
        phrasal = {p.split()[0] for p in self.phrasal}
        verbs = self.clause_verbs | self.xcomp_verbs | self.question_verbs | self.object_verbs
        return verbs | phrasal

    def is_outlet(self, phrase: str) -> bool:
        """A news outlet by name, or a capitalised phrase with a news word ('Tehran Times')."""
        words = phrase.split()
        if words and words[0].lower() == "the":
            words = words[1:]
        if not words:
            return False
        lowered = " ".join(words).lower()
        if lowered in self.outlet_names or any(
            lowered.endswith(noun) for noun in self.outlet_nouns
        ):
            return True
        capitalised = all(w[:1].isupper() or w.lower() in ("of", "and", "&") for w in words)
        return capitalised and len(words) <= 5 and any(w in self.outlet_words for w in words)


@functools.cache
def load_attribution_lexicon() -> AttributionLexicon:
    """The bundled attribution and outlet lists, read once per process."""
    cues, outlets = _read("attribution.yaml"), _read("outlets.yaml")
    try:
        return AttributionLexicon(
            version=str(cues["version"]),
            clause_verbs=_set(cues["clause_verbs"]),
            xcomp_verbs=_set(cues["xcomp_verbs"]),
            question_verbs=_set(cues["question_verbs"]),
            object_verbs=_set(cues["object_verbs"]),
            phrasal=_set(cues["phrasal"]),
            clause_nouns=_set(cues["clause_nouns"]),
            channels=_set(cues["channels"]),
            report_nouns=_set(cues["report_nouns"]),
            unnamed_sources=_set(cues["unnamed_sources"]),
            not_speakers=_set(cues["not_speakers"]),
            outlet_names=_set(outlets["names"]),
            outlet_words=frozenset(str(w) for w in outlets["words"]),
            outlet_nouns=tuple(str(n).lower() for n in outlets["nouns"]),
            parenthetical=_set(cues["parenthetical_verbs"]),
        )
    except (KeyError, TypeError) as exc:
        raise DataFileError(
            f"attribution lexicon is missing {exc}",
            hint="compare src/dotterel/data/modality/attribution.yaml with docs/modality.md",
        ) from exc


def _set(words: list[Any]) -> frozenset[str]:
    return frozenset(str(w).lower() for w in words)


def _read(name: str) -> dict[str, Any]:
    path = resources.files("dotterel") / "data" / "modality" / name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(f"cannot read {name}: {exc}", hint="reinstall dotterel") from exc
    if not isinstance(data, dict) or "version" not in data:
        raise DataFileError(f"{name} has no version", hint="add `version:` at the top")
    return data
