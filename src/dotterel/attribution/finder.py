"""The attribution finder: one pass over a parsed article collecting every attribution frame.

:meth:`AttributionFinder.scan` looks at each token once: a reporting verb and its content ("X
said the talks collapsed", "“…,” X told The Independent"), "according to X", a reporting noun
("Iran's claim that …"), and quotations signed with a dash. For each it finds the speaker, the
cue words and any outlet the speaker addressed or was quoted by, and records a frame. A
reporting event is not attributed by its own frame.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator

from spacy.tokens import Doc, Span, Token

from dotterel.attribution.frames import (
    ArticleAttributions,
    _adjacent_quotes,
    _continued_quotes,
    _find_quotes,
    _Frame,
)
from dotterel.attribution.lexicon import load_attribution_lexicon
from dotterel.attribution.syntax import (
    _according_appos,
    _channel_clause,
    _clause_of,
    _cue_span,
    _has_subject,
    _is_passive,
    _is_question,
    _lemma,
    _mark,
    _np_span,
    _np_text,
    _phrasal,
    _relay,
    _reports_clause,
    speaker_ref,
)
from dotterel.records import ActorRef, Attribution

# "“…” ― Name": a quotation signed with a dash.
_SIGNATURE = re.compile(r"\s*[―—]\s*")
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_FIRST_SECOND = frozenset({"i", "we", "you"})


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
