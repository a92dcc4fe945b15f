"""Finding the place mentions of a parsed article: :class:`PlaceFinder`.

Mentions come from two sources:

- the NER's ``GPE``, ``LOC`` and ``FAC`` spans ("Khuzestan" followed by "province" is geocoded
  as the province);
- a gazetteer pass over runs of proper nouns the NER left out or mislabelled, accepted only
  with evidence that they name a place: "the city/town/village/province of X", "X
  province/governorate/district/…", or the object of a locative preposition ("in X") that the
  gazetteer knows as a first-level division or a town of some size in one of the article's
  countries. The small English model, for one, does not tag "Ahvaz" as a place.

All mentions of an article are geocoded together (:meth:`Geocoder.geocode_many`), with the
countries that the article's demonyms point to ("Iranian", "Albanian") as a prior. The
article's countries are then ranked by salience: mentions count once each (demonyms half), and
mentions in the first two sentences twice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from dotterel.places.articles import ArticlePlaces, Mention
from dotterel.places.gazetteer import CITY, COUNTRY, DEMONYM, DIVISION_WORDS
from dotterel.places.geocoder import Geocoder
from dotterel.records import Location

#: NER labels whose spans are place mentions.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: NER labels a proper-noun run may carry and still be checked against the gazetteer.
_RELABELLED = frozenset({"", "ORG", "PERSON", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT"})
#: Prepositions whose object is where something is or happens.
LOCATIVE_PREPS = frozenset(
    "in at near outside inside across around throughout within into onto on along off over "
    "towards toward nearby beyond between amid among".split()
)
_PLACE_NOUNS = frozenset(
    "city town village province region district county governorate state port "
    "suburb suburbs outskirts area municipality neighbourhood neighborhood enclave island".split()
)
_VAGUE_PLACE_NOUNS = frozenset({"area", "neighbourhood", "neighborhood", "enclave"})
# A town found only by the "in X" pattern must be at least this big, or lie in one of the
# article's countries; otherwise person and company names would turn into hamlets.
_MIN_POPULATION = 20_000
_MIN_PERSON_POPULATION = 100_000
_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z.'\- ]{1,40}?[A-Z.])(?:,\s*(?P<outer>[A-Z][A-Za-z.' ]{1,30}?))?"
    r"\s*(?:\([^)\n]{1,40}\))?\s*(?:-{1,2}|\u2014|\u2013)\s"
)


class PlaceFinder:
    """Finds and geocodes the place mentions of a parsed article."""

    def __init__(self, geocoder: Geocoder | None = None) -> None:
        self.geocoder = geocoder or Geocoder()

    def scan(self, doc: Doc) -> ArticlePlaces:
        """All place mentions of ``doc``, geocoded, and the article's countries by salience."""
        dateline_match = _DATELINE.match(doc[:40].text) if len(doc) else None
        dateline_end = dateline_match.end() if dateline_match else 0
        spans = self._ner_spans(doc)
        taken = {i for span, _q, _v in spans for i in range(span.start, span.end)}
        spans += self._gazetteer_spans(doc, taken)
        # The dateline's words are the dateline's place, not mentions of their own.
        spans = [item for item in spans if item[0].start_char >= dateline_end]
        spans.sort(key=lambda item: item[0].start)
        demonyms = self._demonym_countries(doc)
        prior = _rank(demonyms, {})
        found = self.geocoder.geocode_many([query for _s, query, _v in spans], countries=prior)
        mentions: list[Mention] = []
        for (span, _query, via), loc in zip(spans, found, strict=True):
            if loc is None:
                if via != "ner":
                    continue
                loc = Location(text=span.text)
            mentions.append(
                Mention(
                    span=span,
                    location=_at(loc, span, "gazetteer" if via == "gazetteer" else "sentence"),
                )
            )
        sentences = list(doc.sents)
        countries = _rank(demonyms, _salience(sentences, mentions))
        dateline = self._dateline(doc, dateline_match, countries) if dateline_match else None
        return ArticlePlaces(doc, mentions, countries, dateline, sentences)

    def _ner_spans(self, doc: Doc) -> list[tuple[Span, str, str]]:
        spans = []
        for ent in doc.ents:
            if ent.label_ not in PLACE_LABELS:
                continue
            span = ent
            if span[0].lower_ == "the" and len(span) > 1:
                span = span[1:]
            query = span.text
            after = doc[span.end] if span.end < len(doc) else None
            if after is not None and after.lower_ in DIVISION_WORDS:
                query = f"{span.text} {after.lower_}"
            spans.append((span, query, "ner"))
        return spans

    def _gazetteer_spans(self, doc: Doc, taken: set[int]) -> list[tuple[Span, str, str]]:
        spans = []
        run: list[int] = []
        for token in doc:
            if _proper(token) and token.i not in taken and len(run) < 4:
                run.append(token.i)
                continue
            if run:
                spans.extend(self._run_span(doc[run[0] : run[-1] + 1]))
            run = [token.i] if _proper(token) and token.i not in taken else []
        if run:
            spans.extend(self._run_span(doc[run[0] : run[-1] + 1]))
        return spans

    def _run_span(self, span: Span) -> list[tuple[Span, str, str]]:
        if any(t.ent_type_ not in _RELABELLED for t in span):
            return []
        query = self._gazetteer_query(span)
        return [(span, query, "gazetteer")] if query is not None else []

    def _gazetteer_query(self, span: Span) -> str | None:
        """What to geocode for a proper-noun run, or None when nothing says it is a place."""
        doc = span.doc
        before = doc[span.start - 2 : span.start] if span.start >= 2 else None
        after = doc[span.end] if span.end < len(doc) else None
        if before is not None and before[1].lower_ == "of" and before[0].lower_ in _PLACE_NOUNS:
            word = before[0].lower_
            # "city of X" keeps only towns, "province of X" only divisions (see Geocoder).
            return f"{word} of {span.text}" if word not in _VAGUE_PLACE_NOUNS else span.text
        if after is not None and after.lower_ in DIVISION_WORDS and after.pos_ == "NOUN":
            return f"{span.text} {after.lower_}"
        root = span.root
        if root.dep_ != "pobj" or root.head.lower_ not in LOCATIVE_PREPS:
            return None
        found = self.geocoder.candidates(span.text)
        if not found or found[0].flag == DEMONYM:
            return None
        best = found[0]
        g = self.geocoder.gazetteer
        # The NER takes some towns for people ("in Tabriz"); only big ones are let through.
        person = any(t.ent_type_ == "PERSON" for t in span)
        smallest = _MIN_PERSON_POPULATION if person else _MIN_POPULATION
        if best.kind == CITY and g.city_pop[best.row] < smallest:
            return None
        return span.text

    def _demonym_countries(self, doc: Doc) -> dict[str, float]:
        counts: dict[str, float] = {}
        codes: dict[str, str | None] = {}
        for ent in doc.ents:
            if ent.label_ != "NORP":
                continue
            if ent.text not in codes:
                found = self.geocoder.candidates(ent.text)
                best = found[0] if found and found[0].kind == COUNTRY else None
                codes[ent.text] = self.geocoder.gazetteer.country_a3[best.row] if best else None
            code = codes[ent.text]
            if code is not None:
                counts[code] = counts.get(code, 0.0) + 0.5
        return counts

    def _dateline(
        self, doc: Doc, match: re.Match[str], countries: Sequence[str]
    ) -> Location | None:
        place = match.group("place").strip().title()
        outer = match.group("outer")
        query = f"{place}, {outer}" if outer else place
        loc = self.geocoder.geocode(query, countries=countries)
        if loc is None:
            return None
        span = doc.char_span(match.start("place"), match.end("place"), alignment_mode="expand")
        return _at(loc, span, "dateline")


def _proper(token: Token) -> bool:
    return token.tag_ in ("NNP", "NNPS") and token.is_alpha and token.text[:1].isupper()


def _at(loc: Location, span: Span | None, source: str) -> Location:
    """The location with its place in the text and how it was found."""
    if span is None:
        return replace(loc, source=source)
    return replace(loc, text=span.text, start=span.start_char, end=span.end_char, source=source)


def _salience(sentences: Sequence[Span], mentions: Sequence[Mention]) -> dict[str, float]:
    first_sentences = {s.start for s in sentences[:2]}
    scores: dict[str, float] = {}
    for mention in mentions:
        code = mention.location.country_code
        if not code:
            continue
        weight = 2.0 if mention.span.sent.start in first_sentences else 1.0
        scores[code] = scores.get(code, 0.0) + weight
    return scores


def _rank(*tallies: dict[str, float]) -> tuple[str, ...]:
    total: dict[str, float] = {}
    for tally in tallies:
        for code, value in tally.items():
            total[code] = total.get(code, 0.0) + value
    return tuple(sorted(total, key=lambda c: -total[c]))
