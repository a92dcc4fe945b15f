"""Tests for dotterel.dedup: reports of one event make one cluster; other events stay apart."""

from __future__ import annotations

from datetime import date

import pytest

from dotterel.dedup import (
    Clusterer,
    DedupConfig,
    EventCluster,
    cluster_id,
    date_interval,
    places_compatible,
    recluster,
)
from dotterel.errors import ValidationError
from dotterel.records import ActorRef, Attribution, Event, Evidence, Location

KABUL = Location(text="Kabul", name="Kabul", country_code="AF", lat=34.53, lon=69.17,
                 geonames_id=1138958, resolution="city")  # fmt: skip
KABUL_SUBURB = Location(text="Paghman", name="Paghman", country_code="AF", lat=34.59, lon=68.95,
                        resolution="city")  # fmt: skip
AFGHANISTAN = Location(text="Afghanistan", name="Afghanistan", country_code="AF",
                       lat=33.0, lon=65.0, resolution="country")  # fmt: skip
KANDAHAR = Location(text="Kandahar", name="Kandahar", country_code="AF", lat=31.61, lon=65.71,
                    resolution="city")  # fmt: skip
QUETTA = Location(text="Quetta", name="Quetta", country_code="PK", lat=30.18, lon=67.0,
                  resolution="city")  # fmt: skip


def _event(
    n: int,
    *,
    article: str | None = None,
    event_type: str = "ASSAULT",
    actor: tuple[tuple[str, str | None], ...] = (("UNK", "UAF"),),
    recipient: tuple[tuple[str, str | None], ...] = (("DEU", "CVL"),),
    day: str | None = "2024-05-10",
    precision: str = "day",
    location: Location | None = KABUL,
    status: str = "occurred",
    certainty: str = "reported",
    outlet: str | None = None,
    sentence: str = "Gunmen seized an aid worker.",
) -> Event:
    return Event(
        id=f"ev{n:04d}",
        article_id=article or f"art{n:04d}",
        event_type=event_type,
        mode="abduct",
        contexts=(),
        actor=tuple(ActorRef(text=f"actor {c}", code=c, sector=s) for c, s in actor),
        recipient=tuple(ActorRef(text=f"recipient {c}", code=c, sector=s) for c, s in recipient),
        date=day,
        date_precision=precision if day else "unknown",
        location=location,
        status=status,
        certainty=certainty,
        attribution=(Attribution(cue="said", outlet=outlet),) if outlet else (),
        quad_code=4,
        score=-9.0,
        evidence=Evidence(0, sentence, 0, len(sentence), "seized", 8, 14, "assault.1"),
        coder_version="test",
    )


def _kidnapping_reports(count: int) -> list[Event]:
    """Fifty differently worded reports of one kidnapping, as fifty outlets would code them."""
    variants = [
        {},
        {"day": "2024-05-11", "certainty": "alleged"},
        {"day": "2024-05-11", "precision": "publication"},
        {"actor": (("UNK", None),), "location": AFGHANISTAN},
        {"day": "2024-05-09", "location": KABUL_SUBURB, "certainty": "asserted"},
        {"day": "2024-05", "precision": "month", "location": None},
        {"recipient": (("UNK", "CVL"),), "status": "ongoing"},
        {"day": "2024-05-06", "precision": "week"},
    ]
    return [
        _event(n, outlet=f"outlet{n % 7}", **variants[n % len(variants)])  # type: ignore[arg-type]
        for n in range(count)
    ]


def test_clusterer_many_reports_of_one_kidnapping_make_one_cluster() -> None:
    clusterer = Clusterer()
    reports = _kidnapping_reports(50)
    for event in reports:
        clusterer.add(event)
    clusters = clusterer.clusters()
    assert len(clusters) == 1
    (cluster,) = clusters
    assert cluster.mention_count == 50
    assert len(cluster.article_ids) == 50
    assert cluster.sources == tuple(f"outlet{i}" for i in range(7))
    assert cluster.certainty == "asserted"
    assert cluster.status == "occurred"
    assert cluster.statuses == {"occurred": 44, "ongoing": 6}  # every 8th from 6 is "ongoing"
    assert cluster.recipient_codes == ("DEU",)
    assert cluster.actor_codes == ()
    assert cluster.location == KABUL
    assert (cluster.date_start, cluster.date_end) == ("2024-05-09", "2024-05-11")
    assert cluster.id == cluster_id("ev0000")


@pytest.mark.parametrize(
    ("second", "why"),
    [
        ({"event_type": "PROTEST"}, "different event type"),
        ({"recipient": (("FRA", "CVL"),)}, "different recipient country"),
        ({"actor": (("PAK", "MIL"),), "recipient": (("DEU", "MIL"),)}, "sector contradicts"),
        ({"day": "2024-05-20"}, "ten days later"),
        ({"location": QUETTA}, "another country"),
        ({"location": KANDAHAR}, "another city far away"),
        ({"status": "threatened"}, "a threat is not the act"),
        ({"status": "negated"}, "a denial of the act"),
        ({"day": "2024-06", "precision": "month"}, "another month"),
    ],
)
def test_clusterer_different_events_stay_apart(second: dict[str, object], why: str) -> None:
    clusterer = Clusterer()
    first = _event(1, actor=(("PAK", "REB"),))
    other = _event(2, **second)  # type: ignore[arg-type]
    assert clusterer.add(first) != clusterer.add(other), why
    assert len(clusterer) == 2


@pytest.mark.parametrize(
    ("second", "why"),
    [
        ({"actor": (("PAK", None),)}, "sector unknown in one report"),
        ({"actor": (("PAK", "REB"), ("AFG", "REB"))}, "compound actor reported in part"),
        ({"actor": (("UNK", None),)}, "actor unresolved"),
        ({"day": "2024-05-12"}, "two days later"),
        ({"day": "2024", "precision": "year", "location": None}, "coarse date contains it"),
        ({"location": AFGHANISTAN}, "country contains the city"),
        ({"location": KABUL_SUBURB}, "within 50 km"),
    ],
)
def test_clusterer_compatible_reports_join(second: dict[str, object], why: str) -> None:
    clusterer = Clusterer()
    first = _event(1, actor=(("PAK", "REB"),))
    assert clusterer.add(first) == clusterer.add(_event(2, **second)), why  # type: ignore[arg-type]


@pytest.mark.parametrize("window", [1, 2, 3])
def test_clusterer_daily_clashes_do_not_chain_into_one_event(window: int) -> None:
    config = DedupConfig(window_days=window)
    clusterer = Clusterer(config)
    for n in range(1, 21):
        clusterer.add(_event(n, day=f"2024-05-{n:02d}"))
    clusters = clusterer.clusters()
    assert len(clusters) > 1
    assert sum(c.mention_count for c in clusters) == 20
    for cluster in clusters:
        start, end = date.fromisoformat(cluster.date_start), date.fromisoformat(cluster.date_end)  # type: ignore[arg-type]
        assert (end - start).days + 1 <= config.span_limit()


@pytest.mark.parametrize("count", [1, 3])
def test_clusterer_adding_an_event_twice_counts_it_once(count: int) -> None:
    clusterer = Clusterer()
    event = _event(1)
    ids = {clusterer.add(event) for _ in range(count + 1)}
    assert len(ids) == 1
    assert clusterer.get(ids.pop()).mention_count == 1


@pytest.mark.parametrize("article", ["artA"])
def test_clusterer_undated_event_joins_only_its_own_article(article: str) -> None:
    clusterer = Clusterer()
    dated = clusterer.add(_event(1, article=article))
    assert clusterer.add(_event(2, article=article, day=None)) == dated
    assert clusterer.add(_event(3, article="artB", day=None)) != dated


@pytest.mark.parametrize("outlet", ["The Daily Example"])
def test_clusterer_source_argument_and_attribution_outlet_are_sources(outlet: str) -> None:
    clusterer = Clusterer()
    cid = clusterer.add(_event(1), source=outlet)
    clusterer.add(_event(2, outlet="Wire Service"))
    assert clusterer.get(cid).sources == ("The Daily Example", "Wire Service")


@pytest.mark.parametrize("cutoff", ["2024-06-01"])
def test_clusterer_close_before_hands_back_old_clusters(cutoff: str) -> None:
    clusterer = Clusterer()
    old = clusterer.add(_event(1))
    recent = clusterer.add(_event(2, day="2024-06-05"))
    closed = clusterer.close_before(cutoff)
    assert [c.id for c in closed] == [old]
    assert [c.id for c in clusterer.clusters()] == [recent]
    assert clusterer.cluster_of("ev0001") is None
    assert clusterer.add(_event(3)) != old


@pytest.mark.parametrize("seed_order", [list(range(50)), list(reversed(range(50)))])
def test_recluster_is_independent_of_input_order(seed_order: list[int]) -> None:
    reports = _kidnapping_reports(50)
    clusters = recluster([reports[i] for i in seed_order])
    baseline = recluster(reports)
    assert clusters == baseline
    assert [c.mention_count for c in clusters] == [50]


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (("2024-05-10",), ("2024-05-10", "2024-05-10")),
        (("2024-05-10", "2024-05-11"), ("2024-05-10", "2024-05-11")),
    ],
)
def test_cluster_of_publication_dates_reports_publication_days(
    days: tuple[str, ...], expected: tuple[str, str]
) -> None:
    clusterer = Clusterer()
    for n, day in enumerate(days):
        cid = clusterer.add(_event(n, day=day, precision="publication"))
    cluster = clusterer.get(cid)
    assert (cluster.date_start, cluster.date_end) == expected


@pytest.mark.parametrize("count", [12])
def test_recluster_uses_source_mapping(count: int) -> None:
    reports = [_event(n) for n in range(count)]
    sources = {e.article_id: f"paper{n % 3}" for n, e in enumerate(reports)}
    (cluster,) = recluster(reports, sources=sources)
    assert cluster.sources == ("paper0", "paper1", "paper2")


@pytest.mark.parametrize("count", [8])
def test_event_cluster_round_trips_through_dict(count: int) -> None:
    (cluster,) = recluster(_kidnapping_reports(count))
    assert EventCluster.from_dict(cluster.to_dict()) == cluster


@pytest.mark.parametrize(
    ("value", "precision", "expected"),
    [
        ("2024-05-10", "day", ("2024-05-10", "2024-05-10")),
        ("2024-05-06", "week", ("2024-05-06", "2024-05-12")),
        ("2024-02", "month", ("2024-02-01", "2024-02-29")),
        ("2024-12", "month", ("2024-12-01", "2024-12-31")),
        ("2024", "year", ("2024-01-01", "2024-12-31")),
        ("2024-05-10", "publication", ("2024-05-07", "2024-05-10")),
        ("2024-13-40", "day", None),
        (None, "unknown", None),
    ],
)
def test_date_interval_spans_the_precision(
    value: str | None, precision: str, expected: tuple[str, str] | None
) -> None:
    got = date_interval(value, precision)
    assert (None if got is None else (got[0].isoformat(), got[1].isoformat())) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (KABUL, None, True),
        (KABUL, KABUL_SUBURB, True),
        (KABUL, KANDAHAR, False),
        (KABUL, QUETTA, False),
        (AFGHANISTAN, KANDAHAR, True),
        (Location(text="Town A"), Location(text="town a "), True),
        (Location(text="Town A"), Location(text="Town B"), False),
    ],
)
def test_places_compatible_by_country_distance_and_name(
    a: Location, b: Location | None, expected: bool
) -> None:
    assert places_compatible(a, b) is expected


@pytest.mark.parametrize("config", [DedupConfig(window_days=-1), DedupConfig(place_km=-5)])
def test_clusterer_rejects_negative_settings(config: DedupConfig) -> None:
    with pytest.raises(ValidationError):
        Clusterer(config)


_BARE = {"actor": (("UNK", None),), "recipient": (), "location": None}


@pytest.mark.parametrize(
    ("both", "second", "joins", "why"),
    [
        ({}, {}, False, "nothing known in common across articles"),
        ({}, {"article": "art0001"}, True, "the same article"),
        ({}, {"sentence": "  gunmen SEIZED an aid   worker."}, True, "a wire copy"),
        ({"location": KABUL}, {}, True, "the same precise place"),
        ({"location": AFGHANISTAN}, {}, False, "only the same country"),
        ({"recipient": (("DEU", None),)}, {}, True, "a shared recipient code"),
    ],
)
def test_clusterer_other_articles_must_share_an_anchor(
    both: dict[str, object], second: dict[str, object], joins: bool, why: str
) -> None:
    clusterer = Clusterer()
    first = _event(1, **{**_BARE, **both})  # type: ignore[arg-type]
    fields = {**_BARE, **both, "sentence": "Armed men took a foreign doctor.", **second}
    other = _event(2, **fields)  # type: ignore[arg-type]
    assert (clusterer.add(first) == clusterer.add(other)) is joins, why
