"""Cluster state: stored as JSON and adopted back, it matches as it did in memory."""

from __future__ import annotations

import pytest

from dotterel.dedup import Clusterer, ClusterState, recluster
from dotterel.dedup.synthetic import duplicate_reports
from dotterel.records import Event


def _events(n_events: int, seed: int) -> list[Event]:
    return [e for coded in duplicate_reports(n_events, seed=seed) for e in coded.events]


def _roundtrip(state: ClusterState) -> ClusterState:
    restored = ClusterState.from_json(
        state.to_json(),
        id=state.id,
        event_type=state.event_type,
        founding_event_id=state.founding_event_id,
        status_class=state.status_class,
        seq=state.seq,
        mention_count=state.mention_count,
        article_count=state.article_count,
    )
    restored.article_ids.update(state.article_ids)
    return restored


@pytest.mark.parametrize("seed", [1, 2])
def test_cluster_state_round_trips_through_json(seed):
    clusterer = Clusterer()
    for event in _events(30, seed):
        clusterer.add(event)
    for cluster in clusterer.clusters():
        state = clusterer.state(cluster.id)
        restored = _roundtrip(state)
        restored.event_ids.extend(state.event_ids)
        assert restored.freeze(3) == state.freeze(3)


@pytest.mark.parametrize("split", [10, 50])
def test_adopted_states_continue_like_one_clusterer(split):
    """Clustering the first events, storing the states and adopting them into a new
    Clusterer for the rest gives the clusters of one Clusterer over everything."""
    events = _events(40, 5)
    whole = Clusterer()
    for event in events:
        whole.add(event)
    first = Clusterer()
    for event in events[:split]:
        first.add(event)
    second = Clusterer(first_seq=len(first))
    for cluster in first.clusters():
        second.adopt(_roundtrip(first.state(cluster.id)))
    for event in events[split:]:
        second.add(event)
    expected = {c.id: (c.mention_count, c.sources, c.certainty) for c in whole.clusters()}
    got = {c.id: (c.mention_count, c.sources, c.certainty) for c in second.clusters()}
    assert got == expected


@pytest.mark.parametrize("n_events", [60])
def test_duplicate_reports_carry_their_truth_and_shrink(n_events):
    events = _events(n_events, 9)
    truths = {e.extensions["truth"] for e in events}
    assert truths == set(range(n_events))
    assert len(events) > 2 * n_events
    assert n_events * 0.8 <= len(recluster(events)) <= n_events * 1.3
