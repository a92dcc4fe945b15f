"""Pairing coded events with gold events, one document at a time.

The rule, in order of preference (each pair used once, closest triggers first):

1. **trigger**: same event type and the coded trigger overlaps the gold trigger;
2. **sentence**: same event type and the gold trigger lies in the coded event's sentence;
3. **document**: same event type, for gold events without a trigger (sentence-level sets such as
   PETRARCH and ConfliBERT, where a document is one sentence);
4. **confused**: a different type at an overlapping trigger (or, failing that, in the same
   sentence / trigger-less document); this counts as a miss of the gold type and a false alarm
   of the coded type, and fills the confusion matrix.

What is left is a **miss** (gold only) or a **false alarm** (coded only). In documents that do
not annotate every event (:attr:`GoldDocument.exhaustive` false, or a coded type outside
:attr:`GoldDocument.annotated_types`), leftover coded events are **unannotated** and not scored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dotterel.evaluate.gold import GoldDocument, GoldEvent
from dotterel.records import Event

#: Kinds of :class:`Pair`, best first.
KINDS = ("trigger", "sentence", "document", "confused", "miss", "false-alarm", "unannotated")


@dataclass(frozen=True, slots=True)
class Pair:
    """A gold event and a coded event judged to be the same (either may be missing)."""

    kind: str
    gold: GoldEvent | None
    coded: Event | None

    @property
    def matched(self) -> bool:
        """True when both sides are present and of the same type."""
        return self.kind in ("trigger", "sentence", "document")


def match_events(doc: GoldDocument, coded: Sequence[Event]) -> list[Pair]:
    """Pair the gold events of ``doc`` with the events coded from its text."""
    pairs: list[Pair] = []
    gold_left = list(range(len(doc.events)))
    coded_left = list(range(len(coded)))
    for same_type in (True, False):
        candidates = []
        for g in gold_left:
            for c in coded_left:
                rank = _rank(doc.events[g], coded[c], same_type)
                if rank is not None:
                    candidates.append((rank, g, c))
        candidates.sort()
        used_g: set[int] = set()
        used_c: set[int] = set()
        for (tier, _distance), g, c in candidates:
            if g in used_g or c in used_c:
                continue
            used_g.add(g)
            used_c.add(c)
            kind = ("trigger", "sentence", "document")[tier] if same_type else "confused"
            pairs.append(Pair(kind, doc.events[g], coded[c]))
        gold_left = [g for g in gold_left if g not in used_g]
        coded_left = [c for c in coded_left if c not in used_c]
    pairs.extend(Pair("miss", doc.events[g], None) for g in gold_left)
    for c in coded_left:
        event = coded[c]
        counted = doc.exhaustive and (
            doc.annotated_types is None or event.event_type in doc.annotated_types
        )
        pairs.append(Pair("false-alarm" if counted else "unannotated", None, event))
    return pairs


def _rank(gold: GoldEvent, coded: Event, same_type: bool) -> tuple[int, int] | None:
    """(tier, distance) when the two may pair, lower is better; ``None`` when they may not."""
    if (gold.event_type == coded.event_type) != same_type:
        return None
    ev = coded.evidence
    if gold.trigger is None:
        return (2, 0)
    g_start, g_end = gold.trigger.start, gold.trigger.end
    distance = abs(g_start - ev.trigger_start)
    if g_start < ev.trigger_end and ev.trigger_start < g_end:
        return (0, distance)
    if ev.start <= g_start < ev.end:
        return (1, distance)
    return None
