"""Tests for dotterel.evaluate.scorer: counting on hand-built gold and coded events."""

from __future__ import annotations

import pytest

from dotterel.evaluate.gold import GoldDocument, GoldEvent, Span
from dotterel.evaluate.scorer import score_events
from dotterel.records import ActorRef, Attribution, Location

TEXT = "Ruritania expelled two envoys. Borduria condemned the move. Talks were held in Lisbon."


def span(trigger: str) -> Span:
    start = TEXT.index(trigger)
    return Span(start, start + len(trigger), trigger)


def refs(*items: tuple[str, str | None]) -> tuple[ActorRef, ...]:
    return tuple(ActorRef(text=c, code=c, sector=s) for c, s in items)


def test_score_events_precision_recall_f1(event):
    doc = GoldDocument(
        "d",
        TEXT,
        events=(
            GoldEvent("SANCTION", trigger=span("expelled")),
            GoldEvent("ACCUSE", trigger=span("condemned")),
            GoldEvent("CONSULT", trigger=span("Talks")),
        ),
    )
    coded = [
        event(TEXT, "expelled", "SANCTION"),  # tp SANCTION
        event(TEXT, "condemned", "REJECT"),  # confused: fn ACCUSE, fp REJECT
        event(TEXT, "envoys", "SANCTION", nth=1),  # fp SANCTION (gold already used)
    ]
    s = score_events([doc], [coded])
    assert (s.per_type["SANCTION"].tp, s.per_type["SANCTION"].fp) == (1, 1)
    assert (s.per_type["ACCUSE"].fn, s.per_type["REJECT"].fp, s.per_type["CONSULT"].fn) == (1, 1, 1)
    micro = s.micro
    assert (micro.tp, micro.fp, micro.fn) == (1, 2, 2)
    assert micro.precision == pytest.approx(1 / 3)
    assert micro.recall == pytest.approx(1 / 3)
    assert micro.f1 == pytest.approx(1 / 3)
    # macro over gold types: SANCTION F1 2/3, ACCUSE 0, CONSULT 0
    assert s.macro_f1 == pytest.approx((2 / 3) / 3)
    assert s.confusion.table["ACCUSE"]["REJECT"] == 1
    assert s.confusion.table["CONSULT"]["-"] == 1
    assert s.type_accuracy.value == pytest.approx(1 / 2)
    assert {e.kind for e in s.errors} == {"confused", "miss", "false-alarm"}


def test_score_events_no_gold_no_coded_is_empty():
    s = score_events([GoldDocument("d", TEXT)], [[]])
    assert s.per_type == {} and s.micro.f1 is None and s.macro_f1 is None


@pytest.mark.parametrize(
    ("gold_actor", "coded_actor", "ok"),
    [
        ((("RUR", "GOV"),), (("RUR", "GOV"),), True),
        ((("RUR", None),), (("RUR", "GOV"),), True),
        ((("RUR", None), ("BOR", None)), (("BOR", None), ("RUR", None)), True),
        ((("RUR", None), ("BOR", None)), (("RUR", None),), False),
        ((), (("UNK", None),), True),
        ((), (("RUR", None),), False),
        ((("IGO", None),), (("UNO", None),), True),
        ((("IGO", None),), (("FRA", None),), False),
    ],
)
def test_score_events_actor_code_sets(event, gold_actor, coded_actor, ok):
    doc = GoldDocument(
        "d",
        TEXT,
        events=(GoldEvent("SANCTION", trigger=span("expelled"), actor=refs(*gold_actor)),),
    )
    coded = event(TEXT, "expelled", "SANCTION", actor=coded_actor)
    s = score_events([doc], [[coded]])
    assert s.attributes["actor_code"].correct == int(ok)
    assert s.attributes["actor_code"].total == 1


def test_score_events_sectors_counted_per_gold_actor(event):
    gold = GoldEvent(
        "SANCTION",
        trigger=span("expelled"),
        actor=refs(("RUR", "GOV"), ("BOR", "MIL")),
        recipient=refs(("BOR", None)),
    )
    coded = event(
        TEXT,
        "expelled",
        "SANCTION",
        actor=(("RUR", "GOV"), ("BOR", "GOV")),
        recipient=(("RUR", None),),
    )
    s = score_events([GoldDocument("d", TEXT, events=(gold,))], [[coded]])
    assert (s.attributes["actor_sector"].correct, s.attributes["actor_sector"].total) == (1, 2)
    assert s.attributes["recipient_code"].value == 0.0
    assert s.attributes["recipient_sector"].total == 0
    assert s.attributes["participants"].value == 1.0


def test_score_events_modality_date_location(event):
    gold = GoldEvent(
        "CONSULT",
        mode="visit",
        trigger=span("Talks"),
        status="occurred",
        certainty="reported",
        date="2024-03-13",
        location=Location(text="Lisbon", name="Lisbon", country_code="PRT"),
    )
    coded = event(
        TEXT,
        "Talks",
        "CONSULT",
        mode="phone",
        status="occurred",
        certainty="asserted",
        date="2024-03-13",
        location=Location(text="Lisbon", name="Lisbon", country_code="PRT"),
    )
    s = score_events([GoldDocument("d", TEXT, events=(gold,))], [[coded]])
    a = s.attributes
    assert (a["mode"].value, a["status"].value, a["certainty"].value, a["date"].value) == (
        0.0,
        1.0,
        0.0,
        1.0,
    )
    assert a["location_country"].value == 1.0 and a["location_place"].value == 1.0
    assert s.certainty_confusion.table["reported"]["asserted"] == 1


@pytest.mark.parametrize(
    ("coded_links", "presence", "speaker", "outlet"),
    [
        ((), 0, 0, 0),
        ((Attribution(cue="told", speaker=ActorRef(text="police sources")),), 1, 1, 0),
        ((Attribution(cue="told", outlet="The Tigris Times"),), 1, 0, 1),
    ],
)
def test_score_events_attribution(event, coded_links, presence, speaker, outlet):
    gold = GoldEvent(
        "SANCTION",
        trigger=span("expelled"),
        attribution=(
            Attribution(
                cue="", speaker=ActorRef(text="senior police officials"), outlet="Tigris Times"
            ),
        ),
    )
    coded = event(TEXT, "expelled", "SANCTION", attribution=coded_links)
    a = score_events([GoldDocument("d", TEXT, events=(gold,))], [[coded]]).attributes
    assert a["attribution"].correct == presence
    assert a["attribution_speaker"].correct == speaker
    assert a["attribution_outlet"].correct == outlet


def test_score_events_roles_use_spans_and_coreference(event):
    # gold actor "Ruritania" (0-9), coreferent with "the move" mention is not; recipient "envoys"
    actor_span = span("Ruritania")
    pronoun = span("Borduria")  # stands in for a coreferent mention of the gold actor
    gold = GoldEvent(
        "SANCTION",
        trigger=span("expelled"),
        actor=(ActorRef(text="Ruritania", start=actor_span.start, end=actor_span.end),),
        recipient=(ActorRef(text="envoys", start=23, end=29),),
    )
    doc = GoldDocument(
        "d", TEXT, events=(gold,), clusters=((actor_span, pronoun),), role_spans=True
    )
    coded = event(TEXT, "expelled", "SANCTION")
    coded = coded.replace(
        actor=(ActorRef(text="Borduria", code="BOR", start=pronoun.start, end=pronoun.end),),
        recipient=(ActorRef(text="two", code="UNK", start=19, end=22),),
    )
    s = score_events([doc], [[coded]])
    assert s.roles["actor"].recall_hits.value == 1.0
    assert s.roles["actor"].precision_hits.value == 1.0
    assert s.roles["recipient"].recall_hits.value == 0.0
    assert s.attributes["actor_code"].total == 0  # span-annotated gold is scored as roles


def test_score_events_unannotated_types_do_not_lower_precision(event):
    doc = GoldDocument(
        "d", TEXT, events=(GoldEvent("SANCTION", trigger=span("expelled")),), exhaustive=False
    )
    coded = [event(TEXT, "expelled", "SANCTION"), event(TEXT, "condemned", "ACCUSE")]
    s = score_events([doc], [coded])
    assert s.micro.precision == 1.0 and s.kinds["unannotated"] == 1


def test_score_events_own_outlet_link_is_not_attribution(event):
    gold = GoldEvent("SANCTION", trigger=span("expelled"), attribution=())
    own = Attribution(cue="published by", outlet="Baltic Ledger")
    coded = event(TEXT, "expelled", "SANCTION", attribution=(own,))
    doc = GoldDocument("d", TEXT, source="Baltic Ledger", events=(gold,))
    assert score_events([doc], [[coded]]).attributes["attribution"].value == 1.0
