"""Scoring coded events against gold events.

Type scores come from the pairs of :func:`~dotterel.evaluate.matching.match_events`: a matched
pair is a true positive of its type; a miss or the gold side of a confusion is a false negative;
a false alarm or the coded side of a confusion (in a document that annotates that type) is a
false positive. Macro F1 averages the types that occur in the gold.

Everything else is compared on matched pairs only, and only where the gold annotates it:

- actor / recipient **code**: the set of known codes is the same (unknown codes ``UNK`` and
  ``null`` are left out on both sides; a gold ``IGO`` accepts any organisation code);
- actor / recipient **sector**: each gold actor with a sector has a coded actor with the same
  code and sector;
- **participants**: actors and recipients together, ignoring direction;
- **roles** (gold with character offsets, e.g. WikiEvents): a coded participant overlaps the
  gold argument or any mention coreferent with it; precision and recall separately;
- **mode**, **status**, **certainty**, **date**: equal;
- **location**: same country; same place (name, or overlapping span);
- **attribution**: presence agrees (a link that only names the article's own outlet does not
  count); the innermost gold speaker shares a word with a coded speaker; a gold outlet is named
  by a coded link.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from dotterel.evaluate.codes import GENERIC_IGO, known, normalise
from dotterel.evaluate.gold import GoldDocument, GoldEvent, Span
from dotterel.evaluate.matching import Pair, match_events
from dotterel.evaluate.metrics import PRF, Confusion, Ratio, SplitPRF, macro_f1
from dotterel.ontology import load_ontology
from dotterel.records import ActorRef, Event

#: Attribute checks in report order.
ATTRIBUTES = (
    "actor_code",
    "actor_sector",
    "recipient_code",
    "recipient_sector",
    "participants",
    "mode",
    "status",
    "certainty",
    "location_country",
    "location_place",
    "date",
    "attribution",
    "attribution_speaker",
    "attribution_outlet",
)
_STOP = frozenset("a an the of in on at to for and by its his her their from with".split())
_WORD = re.compile(r"[\w'’-]+")


@dataclass
class ErrorItem:
    """One miss, false alarm, confusion or wrong attribute, with the sentence it is in."""

    doc_id: str
    kind: str
    gold_type: str | None
    coded_type: str | None
    trigger: str | None
    sentence: str
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return dict(self.__dict__)


@dataclass
class EventScores:
    """Everything the event scorer counts over one gold set."""

    documents: int = 0
    gold_events: int = 0
    coded_events: int = 0
    rejected: int = 0
    per_type: dict[str, PRF] = field(default_factory=dict)
    attributes: dict[str, Ratio] = field(default_factory=lambda: {a: Ratio() for a in ATTRIBUTES})
    roles: dict[str, SplitPRF] = field(
        default_factory=lambda: {"actor": SplitPRF(), "recipient": SplitPRF()}
    )
    confusion: Confusion = field(default_factory=Confusion)
    status_confusion: Confusion = field(default_factory=Confusion)
    certainty_confusion: Confusion = field(default_factory=Confusion)
    kinds: Counter[str] = field(default_factory=Counter)
    errors: list[ErrorItem] = field(default_factory=list)

    @property
    def micro(self) -> PRF:
        """Counts summed over types."""
        total = PRF()
        for score in self.per_type.values():
            total += score
        return total

    @property
    def macro_f1(self) -> float | None:
        """Mean F1 over the types present in the gold."""
        return macro_f1(self.per_type.values())

    @property
    def type_accuracy(self) -> Ratio:
        """Of the gold events the coder found something at, how many got the right type."""
        matched = sum(self.kinds[k] for k in ("trigger", "sentence", "document"))
        return Ratio(matched, matched + self.kinds["confused"])

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary, per-type table, attributes, confusion matrices and errors."""
        micro = self.micro
        return {
            "documents": self.documents,
            "gold_events": self.gold_events,
            "coded_events": self.coded_events,
            "rejected": self.rejected,
            "micro": micro.to_dict(),
            "macro_f1": None if self.macro_f1 is None else round(self.macro_f1, 4),
            "type_accuracy": self.type_accuracy.to_dict(),
            "per_type": {t: s.to_dict() for t, s in sorted(self.per_type.items())},
            "attributes": {a: r.to_dict() for a, r in self.attributes.items() if r.total},
            "roles": {k: v.to_dict() for k, v in self.roles.items() if v.recall_hits.total},
            "match_kinds": dict(self.kinds),
            "confusion": self.confusion.to_dict(),
            "status_confusion": self.status_confusion.to_dict(),
            "certainty_confusion": self.certainty_confusion.to_dict(),
            "errors": [e.to_dict() for e in self.errors],
        }


def score_events(
    docs: Sequence[GoldDocument], coded: Sequence[Sequence[Event]], *, rejected: int = 0
) -> EventScores:
    """Score the events coded for each document (``coded[i]`` belongs to ``docs[i]``)."""
    scores = EventScores(documents=len(docs), rejected=rejected)
    for type_name in load_ontology().event_types:
        scores.per_type.setdefault(type_name, PRF())
    for doc, events in zip(docs, coded, strict=True):
        scores.gold_events += len(doc.events)
        scores.coded_events += len(events)
        for pair in match_events(doc, events):
            _count(scores, doc, pair)
    scores.per_type = {t: s for t, s in scores.per_type.items() if s.tp + s.fp + s.fn}
    return scores


def _count(scores: EventScores, doc: GoldDocument, pair: Pair) -> None:
    scores.kinds[pair.kind] += 1
    gold, coded = pair.gold, pair.coded
    if gold is not None:
        scores.per_type.setdefault(gold.event_type, PRF())
    if coded is not None:
        scores.per_type.setdefault(coded.event_type, PRF())
    if pair.matched and gold is not None and coded is not None:
        scores.per_type[gold.event_type].tp += 1
        scores.confusion.add(gold.event_type, coded.event_type)
        _attributes(scores, doc, gold, coded)
        return
    if pair.kind == "unannotated":
        return
    if gold is not None:
        scores.per_type[gold.event_type].fn += 1
    if coded is not None and _counts_as_alarm(doc, coded):
        scores.per_type[coded.event_type].fp += 1
    scores.confusion.add(
        gold.event_type if gold else "-", coded.event_type if coded is not None else "-"
    )
    scores.errors.append(_error(doc, pair.kind, gold, coded))


def _counts_as_alarm(doc: GoldDocument, coded: Event) -> bool:
    return doc.exhaustive and (
        doc.annotated_types is None or coded.event_type in doc.annotated_types
    )


def _attributes(scores: EventScores, doc: GoldDocument, gold: GoldEvent, coded: Event) -> None:
    a = scores.attributes
    for role, gold_refs, coded_refs in (
        ("actor", gold.actor, coded.actor),
        ("recipient", gold.recipient, coded.recipient),
    ):
        if gold_refs is None:
            continue
        if doc.role_spans:
            _roles(scores.roles[role], doc, gold_refs, coded_refs)
            continue
        same = codes(gold_refs) == codes(coded_refs, generic=_generic(gold_refs))
        a[f"{role}_code"].add(same)
        if not same:
            scores.errors.append(
                _error(
                    doc, role, gold, coded, f"gold {_show(gold_refs)} / coded {_show(coded_refs)}"
                )
            )
        for ref in gold_refs:
            if ref.sector and known(ref.code):
                a[f"{role}_sector"].add(_has_sector(ref, coded_refs))
    if gold.actor is not None and gold.recipient is not None:
        if not doc.role_spans:
            everyone = gold.actor + gold.recipient
            a["participants"].add(
                codes(everyone) == codes(coded.actor + coded.recipient, generic=_generic(everyone))
            )
    if gold.mode:
        a["mode"].add(coded.mode == gold.mode)
    if gold.status:
        a["status"].add(coded.status == gold.status)
        scores.status_confusion.add(gold.status, coded.status)
    if gold.certainty:
        a["certainty"].add(coded.certainty == gold.certainty)
        scores.certainty_confusion.add(gold.certainty, coded.certainty)
    if gold.date:
        a["date"].add(coded.date == gold.date)
    _location(a, gold, coded)
    _attribution(a, gold, coded, doc.source)


def _location(a: dict[str, Ratio], gold: GoldEvent, coded: Event) -> None:
    loc, got = gold.location, coded.location
    if loc is None:
        return
    if loc.country_code:
        a["location_country"].add(got is not None and got.country_code == loc.country_code)
    if loc.start is not None and loc.end is not None:
        hit = got is not None and got.start is not None and got.end is not None
        a["location_place"].add(hit and Span(loc.start, loc.end, "").overlaps(_span(got)))
    elif loc.name:
        names = {n.casefold() for n in (got.name, got.text) if n} if got is not None else set()
        wanted = loc.name.casefold()
        a["location_place"].add(any(wanted in n or n in wanted for n in names))


def _attribution(a: dict[str, Ratio], gold: GoldEvent, coded: Event, outlet: str | None) -> None:
    if gold.attribution is None:
        return
    # The link naming the article's own outlet is implicit in the gold (see GUIDELINES.md).
    own = (outlet or "").casefold()
    links = [x for x in coded.attribution if x.speaker or (x.outlet or "").casefold() != own]
    a["attribution"].add(bool(gold.attribution) == bool(links))
    speakers = [link.speaker.text for link in gold.attribution if link.speaker]
    if speakers:
        wanted = words(speakers[0])
        a["attribution_speaker"].add(
            any(link.speaker and wanted & words(link.speaker.text) for link in links)
        )
    outlets = [link.outlet for link in gold.attribution if link.outlet]
    if outlets:
        coded_outlets = [link.outlet.casefold() for link in links if link.outlet]
        a["attribution_outlet"].add(
            any(o.casefold() in c or c in o.casefold() for o in outlets for c in coded_outlets)
        )


def _roles(
    score: SplitPRF, doc: GoldDocument, gold: Sequence[ActorRef], coded: Sequence[ActorRef]
) -> None:
    gold_spans = [_expand(doc, _span(r)) for r in gold if r.start is not None and r.end is not None]
    coded_spans = [_span(r) for r in coded if r.start is not None and r.end is not None]
    for alternatives in gold_spans:
        score.recall_hits.add(any(s.overlaps(c) for s in alternatives for c in coded_spans))
    for c in coded_spans:
        score.precision_hits.add(any(s.overlaps(c) for alts in gold_spans for s in alts))


def _expand(doc: GoldDocument, span: Span) -> list[Span]:
    for cluster in doc.clusters:
        if any(m.start == span.start and m.end == span.end for m in cluster):
            return [span, *cluster]
    return [span]


def codes(refs: Sequence[ActorRef], *, generic: bool = False) -> set[str]:
    """The known codes of ``refs``, normalised for comparison."""
    return {normalise(r.code, generic) for r in refs if known(r.code)}


def words(text: str) -> set[str]:
    """Content words of ``text``, case-folded."""
    return {w for w in _WORD.findall(text.casefold()) if w not in _STOP}


def _generic(refs: Sequence[ActorRef]) -> bool:
    return any(r.code == GENERIC_IGO for r in refs)


def _has_sector(ref: ActorRef, coded: Sequence[ActorRef]) -> bool:
    ontology = load_ontology()
    wanted = ontology.canonical_sector(ref.sector or "") or ref.sector
    generic = ref.code == GENERIC_IGO
    for c in coded:
        if normalise(c.code, generic) == normalise(ref.code, generic) and c.sector:
            if (ontology.canonical_sector(c.sector) or c.sector) == wanted:
                return True
    return False


def _span(ref: Any) -> Span:
    return Span(ref.start, ref.end, getattr(ref, "text", ""))


def _show(refs: Sequence[ActorRef]) -> str:
    return ",".join(f"{r.code}/{r.sector}" if r.sector else r.code for r in refs) or "none"


def _error(
    doc: GoldDocument,
    kind: str,
    gold: GoldEvent | None,
    coded: Event | None,
    detail: str = "",
) -> ErrorItem:
    if coded is not None:
        sentence, trigger = coded.evidence.sentence, coded.evidence.trigger
    elif gold is not None and gold.trigger is not None:
        sentence, trigger = doc.sentence_at(gold.trigger.start), gold.trigger.text
    else:
        sentence, trigger = doc.text[:300], None
    if gold is not None and gold.trigger is not None and kind != "false-alarm":
        trigger = gold.trigger.text if coded is None else f"{gold.trigger.text} / {trigger}"
    return ErrorItem(
        doc_id=doc.id,
        kind=kind,
        gold_type=gold.event_type if gold else None,
        coded_type=coded.event_type if coded is not None else None,
        trigger=trigger,
        sentence=" ".join(sentence.split()),
        detail=detail,
    )
