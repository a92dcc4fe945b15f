"""Running dotterel's own parts over gold texts: the coder for event sets, and the modality,
attribution and place finders for the specialised sets.

Each function returns plain predictions in document order for the scorers in
:mod:`dotterel.evaluate.scorer` and :mod:`dotterel.evaluate.tasks`. The parts are imported
lazily so ``dotterel eval --format dotterel`` needs only the coder.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator, Sequence
from typing import Any, Protocol

from spacy.language import Language
from spacy.tokens import Doc, Token

from dotterel.errors import DotterelError
from dotterel.evaluate.gold import GoldDocument, Span
from dotterel.evaluate.tasks import to_meantime
from dotterel.records import Article, Event, Location

#: A quotation in straight or curly double quotes.
_QUOTED = re.compile(r"“[^”\n]{2,}?”|\"[^\"\n]{2,}?\"")
#: Documents handed to ``nlp.pipe`` at once.
BATCH_SIZE = 32


class ArticleCoder(Protocol):
    """What the evaluation needs of a coder (``dotterel.coder.Coder`` or a test double)."""

    def code_articles(self, articles: Any, *, batch_size: int = ...) -> Iterator[Any]:
        """Yield one result with ``events`` and ``reject`` per article, in order."""
        ...


def code_documents(
    docs: Sequence[GoldDocument], coder: ArticleCoder
) -> tuple[list[list[Event]], int]:
    """The events coded for each document, and how many documents were rejected."""
    coded: list[list[Event]] = []
    rejected = 0
    articles: list[Article] = [d.article() for d in docs]
    for result in coder.code_articles(articles):
        coded.append(list(result.events))
        rejected += result.reject is not None
    return coded, rejected


def make_coder(model: str | None) -> ArticleCoder:
    """dotterel's coder for ``model`` (a spaCy pipeline name or path)."""
    coder_module = _require("dotterel.coder", "the event coder")
    coder: ArticleCoder = coder_module.Coder(model)
    return coder


def assess_factuality(
    docs: Sequence[GoldDocument], nlp: Language
) -> list[list[dict[str, str] | None]]:
    """MEANTIME-style labels from :func:`dotterel.modality.assess` for each gold mention."""
    modality = _require("dotterel.modality", "the modality assessor")
    out: list[list[dict[str, str] | None]] = []
    for gold, doc in zip(docs, _parse(nlp, docs), strict=True):
        preds: list[dict[str, str] | None] = []
        for fact in gold.factuality:
            token = head_token(doc, fact.span)
            if token is None:
                preds.append(None)
                continue
            found = modality.assess(token)
            preds.append(to_meantime(found.status, found.certainty))
        out.append(preds)
    return out


def find_attributions(
    docs: Sequence[GoldDocument], nlp: Language
) -> list[list[tuple[Span, Span | None]]]:
    """Cue and source spans found by :class:`dotterel.attribution.AttributionFinder`.

    PolNeAR does not annotate attributions nested inside quotations, so cues found inside a
    quotation are left out (as benchmarks/attribution.py does).
    """
    attribution = _require("dotterel.attribution", "the attribution finder")
    finder = attribution.AttributionFinder()
    out: list[list[tuple[Span, Span | None]]] = []
    for gold, doc in zip(docs, _parse(nlp, docs), strict=True):
        found = finder.scan(doc, outlet=gold.source)
        pairs: list[tuple[Span, Span | None]] = []
        quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(gold.text)]
        for link in _all_links(found):
            if link.cue_start is None or link.cue_end is None:
                continue
            if any(s < link.cue_start < e for s, e in quoted):
                continue
            cue = Span(link.cue_start, link.cue_end, link.cue)
            speaker = link.speaker
            source = None
            if speaker is not None and speaker.start is not None and speaker.end is not None:
                source = Span(speaker.start, speaker.end, speaker.text)
            pairs.append((cue, source))
        out.append(sorted(set(pairs), key=lambda p: p[0].start))
    return out


def geocode_toponyms(
    docs: Sequence[GoldDocument], nlp: Language | None = None
) -> tuple[list[list[Location | None]], list[list[Span]] | None]:
    """Geocode each gold toponym with :class:`dotterel.places.Geocoder`.

    With ``nlp`` and a :class:`~dotterel.places.PlaceFinder` available, the article's countries
    (from its own place mentions) guide the geocoder, as in the coder, and the mentions found
    are returned for detection scores.
    """
    places = _require("dotterel.places", "the geocoder")
    geocoder = places.Geocoder()
    finder = (
        places.PlaceFinder(geocoder) if nlp is not None and hasattr(places, "PlaceFinder") else None
    )
    geocoded: list[list[Location | None]] = []
    detected: list[list[Span]] | None = [] if finder is not None else None
    parsed = (
        _parse(nlp, docs) if finder is not None and nlp is not None else iter([None] * len(docs))
    )
    for gold, doc in zip(docs, parsed, strict=True):
        countries: Sequence[str] = ()
        if finder is not None and doc is not None and detected is not None:
            scanned = finder.scan(doc)
            countries = scanned.countries
            detected.append(
                [
                    Span(m.start, m.end, m.text)
                    for m in scanned.mentions
                    if m.start is not None and m.end is not None
                ]
            )
        names = [t.span.text for t in gold.toponyms]
        if hasattr(geocoder, "geocode_many"):
            # The document's names resolve together, each the others' context, as the places
            # stage does for an article.
            geocoded.append(list(geocoder.geocode_many(names, countries=countries)))
        else:
            geocoded.append([geocoder.geocode(name, countries=countries) for name in names])
    return geocoded, detected


def attach_event_locations(docs: Sequence[GoldDocument], nlp: Language) -> list[Location | None]:
    """The place :class:`dotterel.places.PlaceFinder` attaches to each gold event word."""
    places = _require("dotterel.places", "the place finder")
    if not hasattr(places, "PlaceFinder"):
        raise DotterelError(
            "the place finder (dotterel.places.PlaceFinder) is not available in this version",
            hint="event-location evaluation needs it",
        )
    finder = places.PlaceFinder()
    out: list[Location | None] = []
    for gold, doc in zip(docs, _parse(nlp, docs), strict=True):
        token = head_token(doc, gold.event_locations[0].verb) if gold.event_locations else None
        out.append(finder.scan(doc).for_trigger(token) if token is not None else None)
    return out


def head_token(doc: Doc, span: Span) -> Token | None:
    """The syntactic head of the tokens covering ``span`` (``None`` if it covers none)."""
    found = doc.char_span(span.start, span.end, alignment_mode="expand")
    if found is None or not len(found):
        return None
    return found.root


def _parse(nlp: Language | None, docs: Sequence[GoldDocument]) -> Iterator[Doc]:
    assert nlp is not None
    disable = [name for name in nlp.pipe_names if name == "dotterel"]
    yield from nlp.pipe((d.text for d in docs), batch_size=BATCH_SIZE, disable=disable)


def _all_links(found: Any) -> list[Any]:
    """Every attribution link an ``ArticleAttributions`` holds, whatever it calls them."""
    for name in ("attributions", "links", "all"):
        value = getattr(found, name, None)
        if value is not None:
            items = value() if callable(value) else value
            flat: list[Any] = []
            for item in items:
                flat.extend(item if isinstance(item, (list, tuple)) else [item])
            return flat
    raise DotterelError(
        "the attribution finder exposes no list of attributions",
        hint="ArticleAttributions needs an `attributions` attribute for evaluation",
    )


def _require(module: str, what: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise DotterelError(
            f"{what} ({module}) is not available in this version of dotterel: {exc}",
            hint="this gold format cannot be scored until it is",
        ) from None
