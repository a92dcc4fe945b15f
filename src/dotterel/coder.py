"""The coder: parsed articles in, :class:`~dotterel.records.Event` records out.

One :class:`Coder` per process holds the spaCy pipeline, the patterns, the ontology and the
resolvers; it codes a stream of articles with ``nlp.pipe`` and isolates failures per article.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dotterel import anaphora
from dotterel._version import __version__
from dotterel.actors import ActorResolver
from dotterel.attribution import PUBLISHED_BY, AttributionFinder
from dotterel.claims import Claim, find_claims, iter_sentences
from dotterel.dates import DateResolver
from dotterel.errors import InputError
from dotterel.modality import apply_denials, assess
from dotterel.nlp import load_pipeline, pieces
from dotterel.ontology import load_ontology
from dotterel.participants import inanimate_subject, locate, resolve_heads
from dotterel.patterns import load_patterns
from dotterel.places import PlaceFinder
from dotterel.records import (
    ActorRef,
    Article,
    Attribution,
    Event,
    Evidence,
    Location,
    Reject,
    event_id,
)
from dotterel.settings import (
    DEFAULT_MAX_CHARS,
    DEFAULT_MAX_SENTENCE_TOKENS,
    DEFAULT_PARSE_BATCH,
)
from dotterel.textio import check_text


@dataclass(frozen=True)
class CodedArticle:
    """An article and its events, or the reason it could not be coded."""

    article: Article
    events: tuple[Event, ...]
    reject: Reject | None = None


class Coder:
    """Codes articles into PLOVER events.

    ``model`` names any installed spaCy pipeline (default: the configured English one); pass
    ``nlp`` to reuse a loaded pipeline. ``pattern_files`` and ``actor_dictionaries`` add user
    data over the bundled files.
    """

    def __init__(
        self,
        model: str | None = None,
        *,
        nlp: Language | None = None,
        pattern_files: Sequence[str | Path] = (),
        actor_dictionaries: Sequence[str | Path] = (),
        max_sentence_tokens: int = DEFAULT_MAX_SENTENCE_TOKENS,
        max_chars: int = DEFAULT_MAX_CHARS,
    ) -> None:
        self.nlp = nlp if nlp is not None else load_pipeline(model)
        self.patterns = load_patterns(pattern_files)
        self.ontology = load_ontology()
        self.actors = ActorResolver(actor_dictionaries)
        self.places = PlaceFinder()
        self.dates = DateResolver()
        self.max_sentence_tokens = max_sentence_tokens
        self.max_chars = max_chars
        # The dotterel component itself must not run again inside our own nlp.pipe calls.
        self._disable = [name for name in self.nlp.pipe_names if name == "dotterel"]

    # -- streams of articles -------------------------------------------------------------

    def code_article(self, article: Article) -> CodedArticle:
        """Code one article (see :meth:`code_articles`)."""
        return next(iter(self.code_articles([article])))

    def code_articles(
        self, articles: Iterable[Article], *, batch_size: int = 16
    ) -> Iterator[CodedArticle]:
        """Code a stream of articles in order; a bad article becomes a reject, never an error."""
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= batch_size:
                yield from self._code_batch(batch)
                batch = []
        if batch:
            yield from self._code_batch(batch)

    def _code_batch(self, articles: list[Article]) -> Iterator[CodedArticle]:
        jobs: list[tuple[str, tuple[int, int]]] = []
        offsets: dict[tuple[int, int], int] = {}
        ready: dict[int, CodedArticle] = {}
        for n, article in enumerate(articles):
            try:
                text = check_text(article.text, origin=article.origin or article.id)
            except InputError as exc:
                if not article.text.strip():
                    ready[n] = CodedArticle(article, ())
                else:
                    ready[n] = CodedArticle(article, (), _reject(article, exc.stage, str(exc)))
                continue
            for k, piece in enumerate(pieces(text, self.max_chars)):
                jobs.append((piece.text, (n, k)))
                offsets[(n, k)] = piece.offset
        events: dict[int, list[Event]] = {}
        failed: dict[int, Reject] = {}
        for doc, key in self._parse(jobs, failed, articles):
            n, k = key
            if n in failed:
                continue
            try:
                events.setdefault(n, []).extend(
                    self.code_doc(doc, articles[n], offset=offsets[key], piece=k)
                )
            except Exception as exc:  # noqa: BLE001 - one article must not stop the batch
                failed[n] = _reject(articles[n], "code", f"{type(exc).__name__}: {exc}")
        for n, article in enumerate(articles):
            if n in ready:
                yield ready[n]
            elif n in failed:
                yield CodedArticle(article, (), failed[n])
            else:
                yield CodedArticle(article, tuple(events.get(n, ())))

    def _parse(
        self,
        jobs: list[tuple[str, tuple[int, int]]],
        failed: dict[int, Reject],
        articles: list[Article],
    ) -> Iterator[tuple[Doc, tuple[int, int]]]:
        try:
            yield from self.nlp.pipe(
                jobs, as_tuples=True, disable=self._disable, batch_size=DEFAULT_PARSE_BATCH
            )
            return
        except Exception:  # noqa: BLE001 - retry one by one to find the culprit
            pass
        for text, key in jobs:
            try:
                yield self.nlp(text, disable=self._disable), key
            except Exception as exc:  # noqa: BLE001
                failed[key[0]] = _reject(articles[key[0]], "parse", f"{type(exc).__name__}: {exc}")

    # -- one parsed document ---------------------------------------------------------------

    def code_doc(
        self, doc: Doc, article: Article, *, offset: int = 0, piece: int = 0
    ) -> list[Event]:
        """The events of one parsed document (or one piece of a long article)."""
        context = self.actors.new_context(article.date)
        places = self.places.scan(doc)
        dates = self.dates.scan(doc, article.date)

        def speaker(token: Token) -> ActorRef:
            refs = self.actors.resolve(token, context)
            return refs[0] if refs else ActorRef(token.text)

        attributions = AttributionFinder(resolve_actor=speaker).scan(doc, outlet=article.source)
        events: list[Event] = []
        sentence_base = piece * 1_000_000
        for index, sentence in iter_sentences(iter(doc.sents), self.max_sentence_tokens):
            claims = find_claims(sentence, self.patterns)
            answered = anaphora.responded_nouns(claims)
            # A sentence's PLOVER contexts are the same for every event in it.
            contexts = self.ontology.contexts_for(_lemmas(sentence)) if claims else ()
            for claim in claims:
                actors = resolve_heads(self.actors, claim.actors, context)
                if not actors and inanimate_subject(claim):
                    # "The bridge supports heavy trucks": the verb is not used of an actor.
                    continue
                location = places.for_trigger(claim.trigger)
                recipients = resolve_heads(
                    self.actors,
                    claim.recipients,
                    context,
                    exclude=actors,
                    country=location.country_code if location is not None else None,
                )
                if not recipients:
                    # "Bolivia condemned the sanctions": aimed at whoever imposed them
                    recipients = anaphora.responded_to(
                        claim, self.patterns, sentence_base + index, actors, events
                    )
                if not actors and not recipients and claim.trigger.i in answered:
                    # "the sanctions" after "imposed sanctions": the same event
                    actors, recipients = anaphora.same_event(claim, sentence_base + index, events)
                events.append(
                    self._event(
                        claim,
                        article,
                        sentence_base + index,
                        actors,
                        recipients,
                        attributions.for_token(claim.trigger),
                        location,
                        dates.for_trigger(claim.trigger),
                        contexts,
                    )
                )
        events = apply_denials(doc, events)
        return [_shift(e, offset) for e in events] if offset else events

    def _event(
        self,
        claim: Claim,
        article: Article,
        sentence_index: int,
        actors: tuple[ActorRef, ...],
        recipients: tuple[ActorRef, ...],
        attribution: tuple[Attribution, ...],
        location: Location | None,
        date: object,
        sentence_contexts: tuple[str, ...],
    ) -> Event:
        pattern, trigger, sentence = claim.pattern, claim.trigger, claim.sentence
        modality = assess(trigger)
        event_type, mode = pattern.event_type, pattern.mode
        if modality.retype and modality.retype != event_type:
            event_type, mode = modality.retype, None
        certainty = modality.certainty
        # The article's own publisher closes every chain; only a source inside the text makes
        # the event "reported" rather than the author's own assertion.
        if certainty == "asserted" and any(a.cue != PUBLISHED_BY for a in attribution):
            certainty = "reported"
        if location is not None and location.country_code:
            actors = locate(actors, location.country_code)
            recipients = locate(recipients, location.country_code)
        start, end = _trigger_extent(trigger)
        contexts = tuple(dict.fromkeys(pattern.contexts + sentence_contexts))
        evidence = Evidence(
            sentence_index=sentence_index,
            sentence=sentence.text,
            start=sentence.start_char,
            end=sentence.end_char,
            # From the sentence: `doc.text` is rebuilt on every access (quadratic on long texts).
            trigger=sentence.text[start - sentence.start_char : end - sentence.start_char],
            trigger_start=start,
            trigger_end=end,
            pattern_id=pattern.id,
        )
        return Event(
            id=event_id(article.id, sentence_index, start, event_type),
            article_id=article.id,
            event_type=event_type,
            mode=mode,
            contexts=contexts,
            actor=actors,
            recipient=recipients,
            date=getattr(date, "date", None),
            date_precision=getattr(date, "precision", "unknown"),
            location=location,
            status=modality.status,
            certainty=certainty,
            attribution=attribution,
            quad_code=self.ontology.quad_code(event_type, mode),
            score=self.ontology.score(event_type, mode),
            evidence=evidence,
            coder_version=__version__,
            date_text=getattr(date, "text", None),
            historical=bool(getattr(date, "historical", False)),
            modality_cues=modality.cues,
        )


def _trigger_extent(trigger: Token) -> tuple[int, int]:
    """Character extent of the trigger, with an adjacent particle ("kick out")."""
    start, end = trigger.idx, trigger.idx + len(trigger)
    for child in trigger.children:
        if child.dep_ == "prt" and child.i == trigger.i + 1:
            end = child.idx + len(child)
    return start, end


def _lemmas(sentence: Span) -> list[str]:
    return [t.lemma_.lower() for t in sentence if t.is_alpha]


def _reject(article: Article, stage: str, reason: str) -> Reject:
    return Reject(
        origin=article.origin or article.id, stage=stage, reason=reason, article_id=article.id
    )


def _shift(event: Event, offset: int) -> Event:
    """Move every character offset of an event by ``offset`` (pieces of long articles)."""

    def move(record: object) -> object:
        if record is None or not dataclasses.is_dataclass(record):
            return record
        changes: dict[str, object] = {}
        for f in dataclasses.fields(record):
            value = getattr(record, f.name)
            if f.name in (
                "start",
                "end",
                "trigger_start",
                "trigger_end",
                "cue_start",
                "cue_end",
                "quote_start",
                "quote_end",
            ) and isinstance(value, int):
                changes[f.name] = value + offset
            elif dataclasses.is_dataclass(value):
                changes[f.name] = move(value)
            elif isinstance(value, tuple) and value and dataclasses.is_dataclass(value[0]):
                changes[f.name] = tuple(move(v) for v in value)
        return dataclasses.replace(record, **changes)  # type: ignore[type-var]

    return move(event)  # type: ignore[return-value]
