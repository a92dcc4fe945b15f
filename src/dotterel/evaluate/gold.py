"""The common in-memory form every gold set is read into, whatever its file format.

An adapter (one module per format in :mod:`dotterel.evaluate.formats`) turns a gold file into a
:class:`GoldSet` of :class:`GoldDocument` records. A document carries its text and publication
date plus whichever kinds of labels its format has: events, factuality labels, attribution
spans, toponyms or event-location links. Fields a format does not annotate are ``None`` so the
scorer knows to skip them rather than count them wrong.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from dotterel.records import ActorRef, Article, Attribution, Location

#: What a gold set measures; selects the scorer.
TASKS = ("events", "quad", "factuality", "attribution", "toponyms", "event-location")
#: Environment variable naming the shared gold folder (default: ``../shared`` beside the repo).
SHARED_ENV_VAR = "DOTTEREL_SHARED"

_SENTENCE_BREAK = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)]))\s+(?=[\"'“‘(]?[A-Z0-9])|\n+")


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of a document's text by character offsets."""

    start: int
    end: int
    text: str

    def overlaps(self, other: Span) -> bool:
        """True when the two spans share at least one character."""
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One annotated event. ``None`` in a field means "this gold set does not annotate it"."""

    event_type: str
    mode: str | None = None
    actor: tuple[ActorRef, ...] | None = None
    recipient: tuple[ActorRef, ...] | None = None
    trigger: Span | None = None
    status: str | None = None
    certainty: str | None = None
    attribution: tuple[Attribution, ...] | None = None
    location: Location | None = None
    date: str | None = None
    #: The gold file's own label before mapping (e.g. ``DISAPPROVE``, CAMEO ``"173"``).
    original: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """A PolNeAR-style attribution: who (source) says (cue) what (content)."""

    cue: Span
    source: Span | None = None
    content: Span | None = None


@dataclass(frozen=True, slots=True)
class GoldToponym:
    """A place name in the text with the place it refers to."""

    span: Span
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    name: str | None = None
    country: str | None = None


@dataclass(frozen=True, slots=True)
class GoldFactuality:
    """MEANTIME-style factuality of one event mention."""

    span: Span
    certainty: str
    polarity: str
    time: str


@dataclass(frozen=True, slots=True)
class GoldEventLocation:
    """An event word and the place(s) where that event happened (none when empty)."""

    verb: Span
    locations: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """One gold text and its labels, in the form the scorers read."""

    id: str
    text: str
    date: str | None = None
    source: str | None = None
    title: str | None = None
    events: tuple[GoldEvent, ...] = ()
    #: True when every event in the text is annotated, so unmatched coded events are false
    #: alarms; False for sets that annotate one event per sentence (PLOVER, PETRARCH GSR).
    exhaustive: bool = True
    #: A sentence-level class (ConfliBERT's CAMEO quad class as ``"1"``..``"4"``).
    label: str | None = None
    #: Coreference clusters of argument mentions (WikiEvents): a coded actor that overlaps any
    #: mention of the cluster holding a gold argument counts as that argument.
    clusters: tuple[tuple[Span, ...], ...] = ()
    #: True when gold participants are text spans (WikiEvents): they are scored as roles by
    #: overlap, not by actor code.
    role_spans: bool = False
    #: When set, coded events of other types are not counted as false alarms (the set does not
    #: annotate them).
    annotated_types: frozenset[str] | None = None
    attributions: tuple[GoldAttribution, ...] = ()
    toponyms: tuple[GoldToponym, ...] = ()
    factuality: tuple[GoldFactuality, ...] = ()
    event_locations: tuple[GoldEventLocation, ...] = ()

    def article(self) -> Article:
        """The document as the coder's input record."""
        return Article(
            id=self.id, text=self.text, title=self.title, date=self.date, source=self.source
        )

    def sentence_at(self, offset: int) -> str:
        """The sentence around ``offset``, cut with a simple punctuation rule (for reports)."""
        start, end = 0, len(self.text)
        for m in _SENTENCE_BREAK.finditer(self.text):
            if m.end() <= offset:
                start = m.end()
            elif m.start() >= offset:
                end = m.start()
                break
        return self.text[start:end].strip()


@dataclass(frozen=True, slots=True)
class GoldSet:
    """A loaded gold set: its documents and how to score them."""

    name: str
    format: str
    task: str
    documents: tuple[GoldDocument, ...]
    #: Where the gold came from and how it was mapped (printed in reports).
    notes: tuple[str, ...] = field(default=())
    #: How the gold types intentions: ``"dotterel"`` (the act, with its status) or
    #: ``"plover"`` (PLOVER's convention: "will send aid" is AGREE; see
    #: :mod:`dotterel.plover_view`). Coded events are viewed the same way before scoring.
    convention: str = "dotterel"

    @property
    def n_events(self) -> int:
        """The number of gold events over all documents."""
        return sum(len(d.events) for d in self.documents)


def shared_dir() -> Path | None:
    """The team's shared folder (``$DOTTEREL_SHARED`` or ``../shared`` beside the repo), if any."""
    explicit = os.environ.get(SHARED_ENV_VAR)
    candidates = [Path(explicit)] if explicit else []
    candidates.append(Path(__file__).resolve().parents[3] / ".." / "shared")
    for path in candidates:
        if path.is_dir():
            return path.resolve()
    return None


def builtin_gold_path() -> Path | None:
    """The own gold set of a source checkout (``gold/dotterel_gold.jsonl``), if present."""
    path = Path(__file__).resolve().parents[3] / "gold" / "dotterel_gold.jsonl"
    return path if path.is_file() else None


def find_span(text: str, needle: str, near: int = 0) -> Span | None:
    """The occurrence of ``needle`` in ``text`` closest to ``near`` (or ``None``)."""
    best: int | None = None
    start = text.find(needle)
    while start >= 0:
        if best is None or abs(start - near) < abs(best - near):
            best = start
        start = text.find(needle, start + 1)
    if best is None:
        return None
    return Span(best, best + len(needle), needle)
