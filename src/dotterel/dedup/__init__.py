"""One event, many reports: cluster event records that describe the same real-world event.

A kidnapping reported by fifty outlets is one event with fifty mentions, not fifty events (the
failure GDELT is known for). :class:`Clusterer` groups :class:`~dotterel.records.Event` records
incrementally, as articles arrive; :func:`recluster` recomputes every cluster from scratch. The
event store keeps clusters persistently and updates them as batches arrive
(:mod:`dotterel.store.clusters`), with the same rules.

Two reports are taken to describe the same event when all of these hold:

- the same PLOVER event type and the same *status class* (something that happened, something
  intended or threatened, something that did not happen — a threat and the attack it threatens
  are different events);
- compatible actors and recipients: the known (non-``UNK``) country/organisation codes of one
  side are a subset of the other's (so equal codes, a compound actor reported in part, or an
  unresolved actor all match) and, for a shared code, the sectors do not contradict each other
  (``SYR MIL`` attacking ``SYR REB`` is not ``SYR REB`` attacking ``SYR MIL``);
- compatible dates: each report's date is an interval (a day, a week, a month, a year; a
  publication-date fallback reaches a few days back), and the intervals overlap once widened by
  :attr:`DedupConfig.window_days`; a cluster's day-precise span never grows past
  :attr:`DedupConfig.max_span_days`, so a chain of daily clashes does not fuse into one event;
- compatible places: different countries never match; two precise places match within
  :attr:`DedupConfig.place_km`; a country- or region-level place matches any place in it;
- something in common beyond compatibility when the reports come from different articles: a
  known actor or recipient code, a place more precise than a region, or the same evidence
  sentence (a wire story). Unknowns match anything, so without this a report with no known
  participant and no place would join any event of its type in the window.

Clusters are never merged with each other after the fact, so the result of the incremental
:class:`Clusterer` depends on arrival order; :func:`recluster` feeds events in a fixed order
(precise dates first, then by date) and is deterministic. Cluster ids are derived from the
founding event's id.
"""

from __future__ import annotations

from dotterel.dedup.clusterer import ClusterAssigner, Clusterer, arrival_key, recluster
from dotterel.dedup.rules import (
    DEFAULT_WINDOW_DAYS,
    PRECISION_RANK,
    RULES_VERSION,
    STATUS_CLASSES,
    DedupConfig,
    Report,
    Sides,
    cluster_id,
    date_interval,
    places_compatible,
    status_class,
)
from dotterel.dedup.state import ClusterState, EventCluster

__all__ = [
    "DEFAULT_WINDOW_DAYS",
    "PRECISION_RANK",
    "RULES_VERSION",
    "STATUS_CLASSES",
    "ClusterAssigner",
    "ClusterState",
    "Clusterer",
    "DedupConfig",
    "EventCluster",
    "Report",
    "Sides",
    "arrival_key",
    "cluster_id",
    "date_interval",
    "places_compatible",
    "recluster",
    "status_class",
]
