"""Scorers for the gold sets that are not event lists: quad classes, factuality, attribution
spans, toponyms and event locations. Each takes gold documents and plain predictions, so the
arithmetic is testable without a parser.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from dotterel.evaluate.gold import GoldDocument, Span
from dotterel.evaluate.metrics import PRF, Confusion, Ratio, macro_f1
from dotterel.records import Event, Location

#: Great-circle distance under which a geocoded toponym counts as right (100 miles, the usual
#: threshold in the geoparsing literature).
ACCURACY_KM = 161.0
#: Characters trimmed from both ends of attribution spans before comparing them.
_STRIP = " \t\n\r.,:;\"'“”‘’()[]—–-"
#: Statuses that place an event after the time of writing (MEANTIME TIME=FUTURE).
FUTURE_STATUSES = frozenset({"planned", "future", "threatened", "hypothetical"})
#: Statuses that say the event did not take place (MEANTIME POLARITY=NEG).
NEGATIVE_STATUSES = frozenset({"negated", "aborted"})


# -- quad classes (ConfliBERT) -------------------------------------------------------------


@dataclass
class QuadScores:
    """Sentence-level quad class: the first coded event's class against the gold class."""

    first: Ratio = field(default_factory=Ratio)
    any: Ratio = field(default_factory=Ratio)
    coverage: Ratio = field(default_factory=Ratio)
    confusion: Confusion = field(default_factory=Confusion)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        per_class = self.confusion.per_class(["1", "2", "3", "4"])
        return {
            "accuracy_first_event": self.first.to_dict(),
            "accuracy_any_event": self.any.to_dict(),
            "sentences_with_events": self.coverage.to_dict(),
            "macro_f1": _r(macro_f1(per_class.values())),
            "per_class": {k: v.to_dict() for k, v in per_class.items()},
            "confusion": self.confusion.to_dict(),
        }


def score_quads(docs: Sequence[GoldDocument], coded: Sequence[Sequence[Event]]) -> QuadScores:
    """Compare each sentence's gold quad class with the coded events' quad classes."""
    scores = QuadScores()
    for doc, events in zip(docs, coded, strict=True):
        if doc.label is None:
            continue
        ordered = sorted(events, key=lambda e: e.evidence.trigger_start)
        first = str(ordered[0].quad_code) if ordered else "-"
        scores.first.add(first == doc.label)
        scores.any.add(doc.label in {str(e.quad_code) for e in events})
        scores.coverage.add(bool(events))
        scores.confusion.add(doc.label, first)
    return scores


# -- factuality (MEANTIME) -----------------------------------------------------------------


def to_meantime(status: str, certainty: str) -> dict[str, str]:
    """dotterel's status/certainty as MEANTIME's three factuality dimensions.

    The mapping is the modality stage's own (docs/modality.md, benchmarks/factuality.py):
    polarity NEG for ``negated`` and ``aborted``; time FUTURE for planned, future, threatened
    and hypothetical events; certainty POSSIBLE for ``uncertain``, PROBABLE for ``alleged`` or
    ``disputed``, else CERTAIN.
    """
    if certainty == "uncertain":
        level = "POSSIBLE"
    elif certainty in ("alleged", "disputed"):
        level = "PROBABLE"
    else:
        level = "CERTAIN"
    return {
        "certainty": level,
        "polarity": "NEG" if status in NEGATIVE_STATUSES else "POS",
        "time": "FUTURE" if status in FUTURE_STATUSES else "NON_FUTURE",
    }


@dataclass
class FactualityScores:
    """Per-dimension accuracy and per-class F1 over gold mentions (UNDERSPECIFIED left out)."""

    mentions: int = 0
    unparsed: int = 0
    dimensions: dict[str, Confusion] = field(
        default_factory=lambda: {d: Confusion() for d in ("certainty", "polarity", "time")}
    )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        out: dict[str, Any] = {"mentions": self.mentions, "unparsed": self.unparsed}
        for name, table in self.dimensions.items():
            per_class = table.per_class()
            correct = sum(s.tp for s in per_class.values())
            total = sum(sum(row.values()) for row in table.table.values())
            out[name] = {
                "accuracy": Ratio(correct, total).to_dict(),
                "macro_f1": _r(macro_f1(per_class.values())),
                "per_class": {k: v.to_dict() for k, v in per_class.items()},
                "confusion": table.to_dict(),
            }
        return out


def score_factuality(
    docs: Sequence[GoldDocument], predicted: Sequence[Sequence[dict[str, str] | None]]
) -> FactualityScores:
    """``predicted[i][j]`` is :func:`to_meantime` output for mention j of doc i (or ``None``)."""
    scores = FactualityScores()
    for doc, preds in zip(docs, predicted, strict=True):
        for gold, pred in zip(doc.factuality, preds, strict=True):
            scores.mentions += 1
            if pred is None:
                scores.unparsed += 1
                continue
            for dim, table in scores.dimensions.items():
                wanted = getattr(gold, dim)
                if wanted != "UNDERSPECIFIED":
                    table.add(wanted, pred[dim])
    return scores


# -- attribution spans (PolNeAR) -----------------------------------------------------------


@dataclass
class AttributionScores:
    """Cue and source span precision/recall/F1, exact and overlapping."""

    cue_exact: PRF = field(default_factory=PRF)
    cue_overlap: PRF = field(default_factory=PRF)
    source_exact: PRF = field(default_factory=PRF)
    source_overlap: PRF = field(default_factory=PRF)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {k: v.to_dict() for k, v in self.__dict__.items()}


def score_attributions(
    docs: Sequence[GoldDocument],
    predicted: Sequence[Sequence[tuple[Span, Span | None]]],
) -> AttributionScores:
    """``predicted[i]`` lists (cue, source) spans found in doc i.

    As in benchmarks/attribution.py, every span is trimmed of surrounding whitespace and
    punctuation before comparison, and cue and source spans are compared as sets (a source
    that speaks twice is one source span).
    """
    scores = AttributionScores()
    for doc, preds in zip(docs, predicted, strict=True):
        text = doc.text
        gold_cues = _span_set(text, [a.cue for a in doc.attributions])
        gold_sources = _span_set(text, [a.source for a in doc.attributions if a.source])
        cues = _span_set(text, [p[0] for p in preds])
        sources = _span_set(text, [p[1] for p in preds if p[1] is not None])
        scores.cue_exact += span_prf(gold_cues, cues, exact=True)
        scores.cue_overlap += span_prf(gold_cues, cues, exact=False)
        scores.source_exact += span_prf(gold_sources, sources, exact=True)
        scores.source_overlap += span_prf(gold_sources, sources, exact=False)
    return scores


def trim(text: str, span: Span) -> Span | None:
    """``span`` without surrounding whitespace and punctuation (``None`` if nothing is left)."""
    start, end = span.start, span.end
    while start < end and text[start] in _STRIP:
        start += 1
    while end > start and text[end - 1] in _STRIP:
        end -= 1
    return Span(start, end, text[start:end]) if start < end else None


def _span_set(text: str, spans: Sequence[Span]) -> list[Span]:
    trimmed = {t for t in (trim(text, s) for s in spans) if t is not None}
    return sorted(trimmed, key=lambda s: (s.start, s.end))


def span_prf(gold: Sequence[Span], predicted: Sequence[Span], *, exact: bool) -> PRF:
    """One-to-one span matching (exact bounds, or any overlap), greedy in text order."""
    used: set[int] = set()
    tp = 0
    for p in predicted:
        for n, g in enumerate(gold):
            if n in used:
                continue
            if (g.start, g.end) == (p.start, p.end) if exact else g.overlaps(p):
                used.add(n)
                tp += 1
                break
    return PRF(tp=tp, fp=len(predicted) - tp, fn=len(gold) - tp)


# -- toponyms (geoparsing) -----------------------------------------------------------------


@dataclass
class ToponymScores:
    """Geocoding accuracy within :data:`ACCURACY_KM` per corpus, and toponym detection."""

    accuracy: dict[str, Ratio] = field(default_factory=lambda: defaultdict(Ratio))
    answered: dict[str, Ratio] = field(default_factory=lambda: defaultdict(Ratio))
    errors_km: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    detection: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        out: dict[str, Any] = {}
        for corpus in sorted(self.accuracy):
            km = sorted(self.errors_km[corpus])
            out[corpus] = {
                "accuracy_161km": self.accuracy[corpus].to_dict(),
                "answered": self.answered[corpus].to_dict(),
                "median_error_km": round(km[len(km) // 2], 1) if km else None,
            }
            if corpus in self.detection:
                out[corpus]["detection"] = self.detection[corpus].to_dict()
        return out


def score_toponyms(
    docs: Sequence[GoldDocument],
    geocoded: Sequence[Sequence[Location | None]],
    detected: Sequence[Sequence[Span]] | None = None,
) -> ToponymScores:
    """``geocoded[i][j]`` is the place found for gold toponym j of doc i; ``detected[i]`` the
    toponym spans found in doc i (optional)."""
    scores = ToponymScores()
    for n, (doc, places) in enumerate(zip(docs, geocoded, strict=True)):
        corpus = doc.source or "all"
        for gold, place in zip(doc.toponyms, places, strict=True):
            if gold.lat is None or gold.lon is None:
                continue
            ok_coords = place is not None and place.lat is not None and place.lon is not None
            scores.answered[corpus].add(ok_coords)
            if not ok_coords:
                scores.accuracy[corpus].add(False)
                continue
            assert place is not None and place.lat is not None and place.lon is not None
            km = haversine_km(gold.lat, gold.lon, place.lat, place.lon)
            scores.errors_km[corpus].append(km)
            scores.accuracy[corpus].add(km <= ACCURACY_KM)
        if detected is not None:
            scores.detection[corpus] += span_prf(
                [t.span for t in doc.toponyms], detected[n], exact=False
            )
    return scores


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


# -- event locations -----------------------------------------------------------------------


@dataclass
class EventLocationScores:
    """Attachment of a place to an event word: right place, wrong place, none, spurious."""

    outcomes: Counter[str] = field(default_factory=Counter)

    @property
    def prf(self) -> PRF:
        """tp = right place; fp = wrong or spurious place; fn = wrong or missing place."""
        o = self.outcomes
        return PRF(tp=o["right"], fp=o["wrong"] + o["spurious"], fn=o["wrong"] + o["missed"])

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        total = sum(self.outcomes.values())
        right = self.outcomes["right"] + self.outcomes["correct-none"]
        return {
            "sentences": total,
            "outcomes": dict(self.outcomes),
            "accuracy": Ratio(right, total).to_dict(),
            "attachment": self.prf.to_dict(),
        }


def score_event_locations(
    docs: Sequence[GoldDocument], predicted: Sequence[Location | None]
) -> EventLocationScores:
    """``predicted[i]`` is the place attached to the event word of doc i (or ``None``)."""
    scores = EventLocationScores()
    for doc, place in zip(docs, predicted, strict=True):
        gold = doc.event_locations[0].locations if doc.event_locations else ()
        if not gold:
            scores.outcomes["spurious" if place is not None else "correct-none"] += 1
        elif place is None:
            scores.outcomes["missed"] += 1
        else:
            scores.outcomes["right" if _same_place(gold, place) else "wrong"] += 1
    return scores


def _same_place(gold: Sequence[Span], place: Location) -> bool:
    if place.start is not None and place.end is not None:
        found = Span(place.start, place.end, place.text)
        return any(g.overlaps(found) for g in gold)
    names = {n.casefold() for n in (place.text, place.name) if n}
    return any(
        g.text.casefold() in names or any(n in g.text.casefold() for n in names) for g in gold
    )


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
