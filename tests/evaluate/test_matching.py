"""Tests for dotterel.evaluate.matching: how coded events pair with gold events."""

from __future__ import annotations

import pytest

from dotterel.evaluate.gold import GoldDocument, GoldEvent, Span
from dotterel.evaluate.matching import match_events

TEXT = "Ruritania expelled two envoys. Borduria condemned the move. Talks were held in Lisbon."


def gold(event_type: str, trigger: str | None) -> GoldEvent:
    span = None
    if trigger is not None:
        start = TEXT.index(trigger)
        span = Span(start, start + len(trigger), trigger)
    return GoldEvent(event_type=event_type, trigger=span)


@pytest.mark.parametrize(
    ("gold_trigger", "coded_trigger", "kind"),
    [
        ("expelled", "expelled", "trigger"),
        ("expelled two envoys", "envoys", "trigger"),
        ("expelled", "envoys", "sentence"),
        (None, "envoys", "document"),
    ],
)
def test_match_events_same_type_tiers(event, gold_trigger, coded_trigger, kind):
    doc = GoldDocument("d", TEXT, events=(gold("SANCTION", gold_trigger),))
    pairs = match_events(doc, [event(TEXT, coded_trigger, "SANCTION")])
    assert [p.kind for p in pairs] == [kind]
    assert pairs[0].matched


def test_match_events_other_sentence_is_miss_and_false_alarm(event):
    doc = GoldDocument("d", TEXT, events=(gold("SANCTION", "expelled"),))
    pairs = match_events(doc, [event(TEXT, "condemned", "SANCTION")])
    assert sorted(p.kind for p in pairs) == ["false-alarm", "miss"]


def test_match_events_wrong_type_at_trigger_is_confused(event):
    doc = GoldDocument("d", TEXT, events=(gold("ACCUSE", "condemned"),))
    pairs = match_events(doc, [event(TEXT, "condemned", "REJECT")])
    assert [p.kind for p in pairs] == ["confused"]
    assert not pairs[0].matched


def test_match_events_prefers_overlap_over_sentence(event):
    doc = GoldDocument("d", TEXT, events=(gold("ACCUSE", "condemned"), gold("ACCUSE", "the move")))
    coded = [event(TEXT, "the move", "ACCUSE"), event(TEXT, "condemned", "ACCUSE")]
    pairs = match_events(doc, coded)
    assert [p.kind for p in pairs] == ["trigger", "trigger"]
    assert all(p.gold.trigger.text.split()[-1] in p.coded.evidence.trigger for p in pairs)


def test_match_events_each_side_used_once(event):
    doc = GoldDocument("d", TEXT, events=(gold("SANCTION", "expelled"),))
    coded = [event(TEXT, "expelled", "SANCTION"), event(TEXT, "envoys", "SANCTION")]
    kinds = sorted(p.kind for p in match_events(doc, coded))
    assert kinds == ["false-alarm", "trigger"]


@pytest.mark.parametrize(
    ("exhaustive", "annotated", "coded_type", "kind"),
    [
        (False, None, "CONSULT", "unannotated"),
        (True, frozenset({"SANCTION"}), "CONSULT", "unannotated"),
        (True, frozenset({"CONSULT"}), "CONSULT", "false-alarm"),
        (True, None, "CONSULT", "false-alarm"),
    ],
)
def test_match_events_leftovers_in_partial_gold(event, exhaustive, annotated, coded_type, kind):
    doc = GoldDocument("d", TEXT, exhaustive=exhaustive, annotated_types=annotated)
    pairs = match_events(doc, [event(TEXT, "Talks", coded_type)])
    assert [p.kind for p in pairs] == [kind]


def test_match_events_no_coded_events_all_missed():
    doc = GoldDocument("d", TEXT, events=(gold("SANCTION", "expelled"), gold("ACCUSE", None)))
    assert [p.kind for p in match_events(doc, [])] == ["miss", "miss"]
