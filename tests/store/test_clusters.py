"""Persisted clusters: reports of one event become one stored cluster, updated step by step."""

from __future__ import annotations

import json
import sqlite3

import pytest

from dotterel.dedup import Clusterer, DedupConfig, EventCluster, recluster
from dotterel.dedup.synthetic import duplicate_reports
from dotterel.errors import NotFoundError, ValidationError
from dotterel.records import Event
from dotterel.store import EventStore


def _store_reports(store, coded, make_article, make_event, reports) -> list[Event]:
    """One article per report: (source, event overrides). Returns the events in order."""
    out = []
    for n, (source, overrides) in enumerate(reports):
        article = make_article(f"Report number {n} from {source}.", source=source)
        event = make_event(article, **overrides)
        store.add_coded([coded(article, (event,))])
        out.append(event)
    return out


def _all_clusters(store: EventStore) -> list[EventCluster]:
    out: list[EventCluster] = []
    cursor = None
    while True:
        page = store.clusters(limit=7, cursor=cursor)
        out.extend(page.clusters)
        if page.next_cursor is None:
            return out
        cursor = page.next_cursor


def _stored_events(store: EventStore) -> tuple[list[Event], dict[str, str | None]]:
    rows = store.conn.execute("SELECT data FROM events ORDER BY pk").fetchall()
    events = [Event.from_dict(json.loads(r[0])) for r in rows]
    sources = dict(store.conn.execute("SELECT id, source FROM articles").fetchall())
    return events, sources


def _in_memory(store: EventStore) -> dict[str, EventCluster]:
    """What one in-memory Clusterer gives when fed the stored events in pk order."""
    events, sources = _stored_events(store)
    clusterer = Clusterer()
    for event in events:
        clusterer.add(event, source=sources.get(event.article_id))
    return {c.id: c for c in clusterer.clusters()}


def _canonical(cluster: EventCluster) -> EventCluster:
    """The cluster with its member lists sorted (a rebuild stores members in pk order)."""
    return EventCluster.from_dict(
        {
            **cluster.to_dict(),
            "event_ids": sorted(cluster.event_ids),
            "article_ids": sorted(cluster.article_ids),
        }
    )


@pytest.fixture
def reports_store(store, coded):
    """A store of 400 near-duplicate reports of about 100 real-world events."""
    store.add_coded(list(duplicate_reports(100, mean_reports=4.0, seed=3)))
    return store


@pytest.mark.parametrize(
    "reports",
    [
        [
            ("The Herald", {"certainty": "reported"}),
            ("Daily Wire", {"certainty": "alleged", "date": "2023-05-05"}),
            ("Evening Post", {"certainty": "asserted", "date": "2023-05-05",
                              "precision": "publication"}),
        ]
    ],
)  # fmt: skip
def test_update_clusters_three_reports_of_one_kidnapping(
    store, coded, make_article, make_event, reports
):
    events = _store_reports(store, coded, make_article, make_event, reports)
    counts = store.update_clusters()
    assert (counts.events, counts.new_clusters) == (3, 1)
    cluster = store.cluster_of(events[0].id)
    assert cluster is not None
    assert cluster.mention_count == 3
    assert cluster.event_ids == tuple(e.id for e in events)
    assert len(cluster.article_ids) == 3
    assert cluster.sources == ("Daily Wire", "Evening Post", "The Herald")
    assert cluster.certainty == "asserted"
    assert (cluster.date_start, cluster.date_end) == ("2023-05-04", "2023-05-05")
    assert all(store.cluster_of(e.id) == cluster for e in events)


@pytest.mark.parametrize(
    ("second", "why"),
    [
        ({"event_type": "THREATEN", "quad": 3}, "a threat is another event type"),
        ({"status": "threatened"}, "a threatened attack is not the attack"),
        ({"place": ("Kessin", "TR")}, "different countries never merge"),
        ({"date": "2023-05-20"}, "two weeks apart"),
        ({"recipients": (("TUR", "CVL"),)}, "another recipient"),
    ],
)
def test_update_clusters_keeps_different_events_apart(
    store, coded, make_article, make_event, second, why
):
    reports = [("The Herald", {}), ("Daily Wire", second)]
    first, other = _store_reports(store, coded, make_article, make_event, reports)
    store.update_clusters()
    a, b = store.cluster_of(first.id), store.cluster_of(other.id)
    assert a is not None and b is not None
    assert a.id != b.id, why
    assert a.mention_count == b.mention_count == 1


@pytest.mark.parametrize("step_events", [1, 7, 1000])
def test_update_clusters_equals_one_in_memory_pass(reports_store, step_events):
    reports_store.update_clusters(step_events=step_events)
    stored = {c.id: c for c in _all_clusters(reports_store)}
    assert stored == _in_memory(reports_store)
    assert len(stored) < reports_store.count() * 0.6  # duplicates did merge


@pytest.mark.parametrize("split", [1, 5, 9])
def test_update_clusters_batches_arriving_between_updates(coded, split):
    """Clustering after every batch gives what clustering once at the end gives."""
    articles = list(duplicate_reports(40, mean_reports=3.0, seed=5))
    with EventStore(":memory:") as every, EventStore(":memory:") as once:
        for start in range(0, len(articles), split):
            every.add_coded(articles[start : start + split])
            every.update_clusters(step_events=4)
        once.add_coded(articles)
        once.update_clusters()
        assert _all_clusters(every) == _all_clusters(once)


@pytest.mark.parametrize("step_events", [3, 1000])
def test_rebuild_clusters_equals_recluster_and_repeats(reports_store, step_events):
    events, sources = _stored_events(reports_store)
    expected = {c.id: _canonical(c) for c in recluster(events, sources=sources)}
    reports_store.rebuild_clusters(step_events=step_events)
    first = [_canonical(c) for c in _all_clusters(reports_store)]
    assert {c.id: c for c in first} == expected
    reports_store.rebuild_clusters()
    assert [_canonical(c) for c in _all_clusters(reports_store)] == first
    assert reports_store.cluster_progress().up_to_date


@pytest.mark.parametrize("done", [0, 50, 300])
def test_update_clusters_finishes_an_interrupted_rebuild(reports_store, done):
    reports_store.rebuild_clusters()
    expected = [_canonical(c) for c in _all_clusters(reports_store)]
    with reports_store._write() as conn:
        from dotterel.store import clusters

        clusters.start_rebuild(conn, None)
    reports_store.update_clusters(step_events=10, max_events=done)
    progress = reports_store.cluster_progress()
    assert progress.rebuilding and not progress.up_to_date
    assert progress.pending == reports_store.count() - done
    reports_store.update_clusters(step_events=10)
    assert [_canonical(c) for c in _all_clusters(reports_store)] == expected


def test_update_clusters_after_rebuild_takes_later_events(store, coded):
    articles = list(duplicate_reports(30, seed=8))
    store.add_coded(articles[:10])
    store.rebuild_clusters()
    store.add_coded(articles[10:])
    store.update_clusters()
    members = store.conn.execute("SELECT COUNT(*), COUNT(DISTINCT event_pk) FROM cluster_members")
    assert tuple(members.fetchone()) == (store.count(), store.count())
    assert store.cluster_progress().up_to_date


@pytest.mark.parametrize("window", [5])
def test_update_clusters_refuses_other_settings_once_clustered(reports_store, window):
    reports_store.update_clusters(step_events=50, max_events=50)
    with pytest.raises(ValidationError, match="rebuild"):
        reports_store.update_clusters(config=DedupConfig(window_days=window))
    reports_store.rebuild_clusters(config=DedupConfig(window_days=window))
    assert reports_store.cluster_progress().config.window_days == window
    reports_store.update_clusters()  # the stored settings go on being used


@pytest.mark.parametrize("window", [0, 4])
def test_update_clusters_first_settings_are_kept(store, coded, window):
    store.add_coded(list(duplicate_reports(10, seed=2)))
    store.update_clusters(config=DedupConfig(window_days=window))
    assert store.cluster_progress().config == DedupConfig(window_days=window)


def test_cluster_progress_counts_pending_events(reports_store):
    total = reports_store.count()
    assert reports_store.cluster_progress().pending == total
    reports_store.update_clusters(step_events=25, max_events=100)
    progress = reports_store.cluster_progress()
    assert (progress.watermark, progress.pending, progress.up_to_date) == (100, total - 100, False)


@pytest.mark.parametrize(
    ("filters", "check"),
    [
        ({"event_type": "ASSAULT"}, lambda c: c.event_type == "ASSAULT"),
        ({"actor": "USA"}, lambda c: "USA" in c.actor_codes),
        ({"recipient": "TUR,SYR"}, lambda c: {"TUR", "SYR"} & set(c.recipient_codes)),
        ({"country": "KE"}, lambda c: c.location is not None and c.location.country_code == "KE"),
        ({"min_mentions": 4}, lambda c: c.mention_count >= 4),
        ({"date_from": "2022-06", "date_to": "2022-08"},
         lambda c: "2022-06-01" <= c.date_start and c.date_end <= "2022-08-31"),
    ],
)  # fmt: skip
def test_clusters_filters_select_matching_clusters(reports_store, filters, check):
    from dotterel.store.cluster_reads import ClusterFilter

    reports_store.update_clusters()
    everything = _all_clusters(reports_store)
    page = reports_store.clusters(ClusterFilter(**filters), limit=1000)
    assert page.clusters and page.next_cursor is None
    assert all(check(c) for c in page.clusters)
    assert {c.id for c in page.clusters} == {c.id for c in everything if check(c)}


def test_clusters_pages_are_newest_first_and_complete(reports_store):
    reports_store.update_clusters()
    pages = _all_clusters(reports_store)
    assert len({c.id for c in pages}) == len(pages)
    assert len(pages) == reports_store.conn.execute("SELECT COUNT(*) FROM clusters").fetchone()[0]
    starts = [c.date_start or "" for c in pages]
    assert starts == sorted(starts, reverse=True)


@pytest.mark.parametrize(
    "filters", [{"actor": "USA:GOV"}, {"event_type": "bad type"}, {"min_mentions": 0}]
)
def test_cluster_filter_refuses_bad_values(filters):
    from dotterel.store.cluster_reads import ClusterFilter

    with pytest.raises(ValidationError):
        ClusterFilter(**filters)


def test_cluster_reads_unknown_and_unclustered(store, coded, make_article, make_event):
    (event,) = _store_reports(store, coded, make_article, make_event, [("The Herald", {})])
    assert store.cluster_of(event.id) is None
    with pytest.raises(NotFoundError):
        store.cluster_of("no-such-event")
    with pytest.raises(NotFoundError):
        store.get_cluster("no-such-cluster")
    store.update_clusters()
    cluster = store.cluster_of(event.id)
    assert cluster is not None
    assert store.cluster_events(cluster.id) == [event]


@pytest.mark.parametrize("late", [True, False])
def test_stored_clusters_only_when_up_to_date(reports_store, late):
    reports_store.update_clusters()
    if late:
        reports_store.add_coded([next(duplicate_reports(1, seed=99))])
    assigner = reports_store.stored_clusters()
    assert (assigner is None) is late
    assert reports_store.stored_clusters(DedupConfig(window_days=9)) is None


def test_version_2_store_migrates_and_clusters_its_events(tmp_path):
    from dotterel.store import schema

    path = tmp_path / "old.db"
    with EventStore(path) as store:
        store.add_coded(list(duplicate_reports(20, seed=4)))
        n_events = store.count()
    conn = sqlite3.connect(path, isolation_level=None)
    for table in ("clusters", "cluster_members", "cluster_keys", "cluster_progress",
                  "cluster_rebuild"):  # fmt: skip
        conn.execute(f"DROP TABLE {table}")
    conn.execute("DELETE FROM schema_version WHERE version > 2")
    conn.close()
    with EventStore(path) as store:
        assert store.stats()["schema_version"] == schema.SCHEMA_VERSION
        assert store.cluster_progress().pending == n_events
        assert store.update_clusters().events == n_events


@pytest.mark.parametrize("step_events", [0, -3])
def test_update_clusters_refuses_empty_steps(store, step_events):
    with pytest.raises(ValidationError):
        store.update_clusters(step_events=step_events)


def test_clusters_made_with_older_rules_are_not_used_until_rebuilt(reports_store):
    from dotterel.dedup import RULES_VERSION

    reports_store.update_clusters()
    assert reports_store.cluster_progress().rules == RULES_VERSION
    with reports_store._write() as conn:
        # As a store clustered by a dotterel that did not record its rules.
        conn.execute("UPDATE cluster_progress SET config = '{}'")
    progress = reports_store.cluster_progress()
    assert progress.up_to_date and not progress.current_rules
    assert reports_store.stored_clusters() is None
    reports_store.rebuild_clusters()
    assert reports_store.cluster_progress().current_rules
    assert reports_store.stored_clusters() is not None
