"""Tests for dotterel.evaluate.tasks: quad classes, factuality, spans, toponyms, places."""

from __future__ import annotations

import pytest

from dotterel.evaluate.gold import (
    GoldAttribution,
    GoldDocument,
    GoldEventLocation,
    GoldFactuality,
    GoldToponym,
    Span,
)
from dotterel.evaluate.tasks import (
    haversine_km,
    score_attributions,
    score_event_locations,
    score_factuality,
    score_quads,
    score_toponyms,
    span_prf,
    to_meantime,
)
from dotterel.records import Location

TEXT = "Ruritania expelled two envoys. Borduria condemned the move. Talks were held in Lisbon."


def test_score_quads_first_and_any(event):
    docs = [
        GoldDocument("a", TEXT, label="4"),
        GoldDocument("b", TEXT, label="3"),
        GoldDocument("c", TEXT, label="1"),
    ]
    coded = [
        [event(TEXT, "expelled", "SANCTION", quad=4), event(TEXT, "condemned", "ACCUSE", quad=3)],
        [event(TEXT, "expelled", "SANCTION", quad=4), event(TEXT, "condemned", "ACCUSE", quad=3)],
        [],
    ]
    s = score_quads(docs, coded)
    assert (s.first.correct, s.any.correct, s.coverage.correct) == (1, 2, 2)
    assert s.confusion.table["1"]["-"] == 1
    assert s.to_dict()["per_class"]["4"]["precision"] == 0.5


@pytest.mark.parametrize(
    ("status", "certainty", "expected"),
    [
        ("occurred", "asserted", ("CERTAIN", "POS", "NON_FUTURE")),
        ("negated", "reported", ("CERTAIN", "NEG", "NON_FUTURE")),
        ("planned", "asserted", ("CERTAIN", "POS", "FUTURE")),
        ("hypothetical", "asserted", ("CERTAIN", "POS", "FUTURE")),
        ("aborted", "alleged", ("PROBABLE", "NEG", "NON_FUTURE")),
        ("occurred", "alleged", ("PROBABLE", "POS", "NON_FUTURE")),
        ("occurred", "uncertain", ("POSSIBLE", "POS", "NON_FUTURE")),
    ],
)
def test_to_meantime_mapping(status, certainty, expected):
    got = to_meantime(status, certainty)
    assert (got["certainty"], got["polarity"], got["time"]) == expected


def test_score_factuality_skips_underspecified_and_unparsed():
    facts = (
        GoldFactuality(Span(10, 18, "expelled"), "CERTAIN", "POS", "NON_FUTURE"),
        GoldFactuality(Span(40, 49, "condemned"), "UNDERSPECIFIED", "NEG", "FUTURE"),
        GoldFactuality(Span(60, 65, "Talks"), "CERTAIN", "POS", "NON_FUTURE"),
    )
    doc = GoldDocument("d", TEXT, factuality=facts)
    preds = [[to_meantime("occurred", "asserted"), to_meantime("occurred", "asserted"), None]]
    s = score_factuality([doc], preds).to_dict()
    assert s["unparsed"] == 1
    assert s["certainty"]["accuracy"] == {"correct": 1, "total": 1, "value": 1.0}
    assert s["polarity"]["accuracy"]["value"] == 0.5
    assert s["time"]["per_class"]["FUTURE"]["recall"] == 0.0


@pytest.mark.parametrize(
    ("exact", "expected"),
    [(True, (1, 1, 1)), (False, (2, 0, 0))],
)
def test_span_prf_exact_and_overlap(exact, expected):
    gold = [Span(0, 9, "Ruritania"), Span(31, 39, "Borduria")]
    found = [Span(0, 9, "Ruritania"), Span(31, 49, "Borduria condemned")]
    prf = span_prf(gold, found, exact=exact)
    assert (prf.tp, prf.fp, prf.fn) == expected


def test_score_attributions_cues_and_sources():
    doc = GoldDocument(
        "d",
        TEXT,
        attributions=(
            GoldAttribution(cue=Span(40, 49, "condemned"), source=Span(31, 39, "Borduria")),
        ),
    )
    s = score_attributions([doc], [[(Span(40, 49, "condemned"), None)]])
    assert s.cue_exact.f1 == 1.0 and s.source_overlap.recall == 0.0


def test_haversine_km_known_distance():
    # Paris to London is about 344 km
    assert haversine_km(48.8566, 2.3522, 51.5074, -0.1278) == pytest.approx(344, abs=3)


def test_score_toponyms_accuracy_within_161_km():
    doc = GoldDocument(
        "d",
        "Lisbon and Porto and Nowhere",
        source="tiny",
        toponyms=(
            GoldToponym(Span(0, 6, "Lisbon"), lat=38.72, lon=-9.14),
            GoldToponym(Span(11, 16, "Porto"), lat=41.15, lon=-8.61),
            GoldToponym(Span(21, 28, "Nowhere")),  # no coordinates: not scored
        ),
    )
    places = [[Location("Lisbon", lat=38.7, lon=-9.1), Location("Porto", lat=38.7, lon=-9.1), None]]
    s = score_toponyms([doc], places, [[Span(0, 6, "Lisbon")]]).to_dict()["tiny"]
    assert s["accuracy_161km"] == {"correct": 1, "total": 2, "value": 0.5}
    assert s["detection"]["recall"] == pytest.approx(1 / 3, abs=1e-4)


@pytest.mark.parametrize(
    ("gold_places", "found", "outcome"),
    [
        ((Span(79, 85, "Lisbon"),), Location("Lisbon", start=79, end=85), "right"),
        ((Span(79, 85, "Lisbon"),), Location("Lisbon"), "right"),
        ((Span(79, 85, "Lisbon"),), Location("Porto", start=0, end=5), "wrong"),
        ((Span(79, 85, "Lisbon"),), None, "missed"),
        ((), Location("Lisbon"), "spurious"),
        ((), None, "correct-none"),
    ],
)
def test_score_event_locations_outcomes(gold_places, found, outcome):
    doc = GoldDocument(
        "d", TEXT, event_locations=(GoldEventLocation(Span(71, 75, "held"), gold_places),)
    )
    s = score_event_locations([doc], [found])
    assert s.outcomes == {outcome: 1}


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [("said: “We", 0, 5, "said"), ("  — officials,", 0, 14, "officials"), ("...", 0, 3, None)],
)
def test_trim_strips_spaces_and_punctuation(text, start, end, expected):
    from dotterel.evaluate.tasks import trim

    got = trim(text, Span(start, end, text[start:end]))
    assert (got.text if got else None) == expected
