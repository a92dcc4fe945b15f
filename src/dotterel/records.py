"""Plain, frozen, typed records that cross every stage boundary after parsing.

spaCy objects never leave the parsing and claim-finding stages. What the coder hands on, what
worker processes send back, what the store keeps and what the API serves are these records.
Each one round-trips through JSON with :meth:`to_dict` / :meth:`from_dict`.

The key names of :class:`Event` are a stable contract: later stages fill fields in, they do not
rename them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, TypeVar

#: Values of :attr:`Event.status`.
STATUSES = (
    "occurred",
    "ongoing",
    "planned",
    "attempted",
    "aborted",
    "threatened",
    "hypothetical",
    "future",
    "negated",
)
#: Values of :attr:`Event.certainty`, from strongest to weakest.
CERTAINTIES = ("asserted", "reported", "alleged", "disputed", "uncertain")
#: Values of :attr:`Event.date_precision`.
DATE_PRECISIONS = ("day", "week", "month", "year", "publication", "unknown")
#: Code for an actor whose country or organisation could not be resolved.
UNKNOWN_CODE = "UNK"

R = TypeVar("R", bound="_Record")


class _Record:
    """JSON round-tripping shared by all records (nested records and tuples included)."""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; tuples become lists, nested records become dicts."""
        return _plain(self)  # type: ignore[no-any-return]

    def to_json(self) -> str:
        """One line of JSON, keys in field order."""
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls: type[R], data: dict[str, Any]) -> R:
        """Build the record from :meth:`to_dict` output; unknown keys are ignored."""
        kwargs: dict[str, Any] = {}
        for f in dataclasses.fields(cls):  # type: ignore[arg-type]
            if f.name not in data:
                continue
            kwargs[f.name] = _from_plain(_NESTED.get((cls.__name__, f.name)), data[f.name])
        return cls(**kwargs)


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _from_plain(kind: tuple[str, type[Any]] | None, value: Any) -> Any:
    if kind is None:
        return tuple(value) if isinstance(value, list) else value
    shape, record = kind
    if value is None:
        return None
    if shape == "many":
        return tuple(record.from_dict(v) if isinstance(v, dict) else v for v in value)
    return record.from_dict(value) if isinstance(value, dict) else value


@dataclass(frozen=True, slots=True)
class ActorRef(_Record):
    """One actor or recipient as written in the text and as resolved.

    ``code`` is an ISO-3166 alpha-3 country code, an IGO code (``UNO``, ``EUR``, ``NAT`` …) or
    :data:`UNKNOWN_CODE`; ``sector`` a PLOVER sector (``GOV``, ``MIL``, ``COP``, ``OPP``, ``CVL``,
    ``LAB``, ``SPY`` …) or ``None``. ``name`` keeps a person's or organisation's name;
    ``start``/``end`` are character offsets into the article text.
    """

    text: str
    code: str = UNKNOWN_CODE
    sector: str | None = None
    name: str | None = None
    start: int | None = None
    end: int | None = None
    #: How the code was found: ``country``, ``demonym``, ``capital``, ``igo``, ``organisation``,
    #: ``person``, ``coref``, ``sector-only``, ``user``, or ``unresolved``.
    resolved_by: str | None = None


@dataclass(frozen=True, slots=True)
class Location(_Record):
    """Where an event happened, geocoded offline."""

    text: str
    name: str | None = None
    country_code: str | None = None
    adm1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    #: PLOVER resolution level: ``country``, ``region``, ``province``, ``district``, ``city``.
    resolution: str | None = None
    start: int | None = None
    end: int | None = None
    #: How the place was attached: ``sentence``, ``gazetteer``, ``carried`` (from an earlier
    #: sentence of the article), ``dateline``.
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Attribution(_Record):
    """One link of the chain that says who reports an event.

    The chain of an event is ordered from the innermost source outwards: for "a source … told
    The Independent that …" the first link is the source and the second The Independent.
    """

    cue: str
    speaker: ActorRef | None = None
    outlet: str | None = None
    quote: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    quote_start: int | None = None
    quote_end: int | None = None


@dataclass(frozen=True, slots=True)
class Evidence(_Record):
    """Where in the article the event was read, and what fired."""

    sentence_index: int
    sentence: str
    start: int
    end: int
    trigger: str
    trigger_start: int
    trigger_end: int
    pattern_id: str


@dataclass(frozen=True, slots=True)
class Event(_Record):
    """One coded event: PLOVER type, participants, place, time, modality and evidence."""

    id: str
    article_id: str
    event_type: str
    mode: str | None
    contexts: tuple[str, ...]
    actor: tuple[ActorRef, ...]
    recipient: tuple[ActorRef, ...]
    date: str | None
    date_precision: str
    location: Location | None
    status: str
    certainty: str
    attribution: tuple[Attribution, ...]
    quad_code: int
    score: float
    evidence: Evidence
    coder_version: str
    #: Text of the date expression the date came from, if any.
    date_text: str | None = None
    #: True when the event date lies well before publication.
    historical: bool = False
    #: Who denies the event, when ``certainty`` is ``disputed``.
    disputed_by: tuple[ActorRef, ...] = ()
    #: Words that set the status or certainty ("alleged", "denied", "aborted" …).
    modality_cues: tuple[str, ...] = ()
    #: The event this one reacts to or denies, when linked (an :attr:`id`).
    refers_to: str | None = None
    extensions: dict[str, Any] = field(default_factory=dict)

    def replace(self, **changes: Any) -> Event:
        """A copy with some fields changed (records are frozen)."""
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True, slots=True)
class Article(_Record):
    """One input document, normalised once at the entry point."""

    id: str
    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None
    language: str | None = None
    #: Where the article came from (file path, feed URL, corpus line).
    origin: str | None = None

    @staticmethod
    def make_id(text: str, url: str | None = None) -> str:
        """A deterministic id: the canonical URL's hash if known, else the content hash.

        The content hash ignores differences in white space. It is computed chunk by chunk, so
        a 50 MB article does not need a whitespace-normalised copy of itself in memory.
        """
        if url:
            return hashlib.sha1(url.strip().lower().encode("utf-8")).hexdigest()[:16]
        return normalised_hash(text)[:16]


@dataclass(frozen=True, slots=True)
class Reject(_Record):
    """An input that could not be coded: which one, at what stage, and why."""

    origin: str
    stage: str
    reason: str
    article_id: str | None = None
    line: int | None = None


_NESTED: dict[tuple[str, str], tuple[str, type[Any]]] = {
    ("Event", "actor"): ("many", ActorRef),
    ("Event", "recipient"): ("many", ActorRef),
    ("Event", "location"): ("one", Location),
    ("Event", "attribution"): ("many", Attribution),
    ("Event", "evidence"): ("one", Evidence),
    ("Event", "disputed_by"): ("many", ActorRef),
    ("Attribution", "speaker"): ("one", ActorRef),
}


_HASH_CHUNK = 1 << 20


def normalised_hash(text: str) -> str:
    """SHA-1 of ``" ".join(text.split())``, without building that string for long texts."""
    digest = hashlib.sha1()
    pending = ""
    first = True
    for start in range(0, len(text), _HASH_CHUNK):
        chunk = pending + text[start : start + _HASH_CHUNK]
        words = chunk.split()
        last = start + _HASH_CHUNK >= len(text)
        # A word cut by the chunk boundary waits for the rest of itself.
        pending = words.pop() if words and not last and not chunk[-1].isspace() else ""
        if words:
            digest.update(((" " if not first else "") + " ".join(words)).encode("utf-8"))
            first = False
    if pending:
        digest.update(((" " if not first else "") + pending).encode("utf-8"))
    return digest.hexdigest()


def event_id(article_id: str, sentence_index: int, trigger_start: int, event_type: str) -> str:
    """The deterministic id of an event: same article, trigger and type give the same id."""
    basis = f"{article_id}:{sentence_index}:{trigger_start}:{event_type}"
    return hashlib.sha1(basis.encode("utf-8")).hexdigest()[:20]
