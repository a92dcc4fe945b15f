"""The adapters read the team's copies of the public gold sets (skipped without ../shared)."""

from __future__ import annotations

import pytest

from dotterel.evaluate.formats import load_gold

pytestmark = pytest.mark.shared


@pytest.mark.parametrize(
    ("fmt", "documents", "minimum_items"),
    [
        ("plover-gsr", 322, 322),
        ("wikievents", 20, 150),
        ("meantime", 60, 900),
        ("polnear", 84, 2000),
        ("geoparsing", 935, 8000),
        ("conflibert", 1349, 0),
        ("petrarch", 500, 450),
    ],
)
def test_shared_gold_loads(shared, monkeypatch, fmt, documents, minimum_items):
    monkeypatch.setenv("DOTTEREL_SHARED", str(shared))
    gold = load_gold("shared", fmt)
    assert len(gold.documents) >= documents
    items = sum(
        len(d.events) + len(d.factuality) + len(d.attributions) + len(d.toponyms)
        for d in gold.documents
    )
    assert items >= minimum_items


def test_shared_event_location_limit(shared, monkeypatch):
    monkeypatch.setenv("DOTTEREL_SHARED", str(shared))
    gold = load_gold("shared", "event-location", limit=50)
    assert len(gold.documents) == 50
    assert all(d.event_locations[0].verb.text for d in gold.documents)
