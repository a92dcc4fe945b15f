"""The own gold set and the bundled samples: they load, and they cover what they promise."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from dotterel.evaluate.formats import load_gold
from dotterel.ontology import load_ontology
from dotterel.records import CERTAINTIES, STATUSES, Article


@pytest.fixture(scope="module")
def gold():
    return load_gold("builtin", "dotterel")


def test_gold_set_has_at_least_forty_articles(gold):
    assert len(gold.documents) >= 40
    assert len({d.id for d in gold.documents}) == len(gold.documents)


@pytest.mark.parametrize("event_type", sorted(load_ontology().event_types))
def test_gold_set_covers_every_event_type(gold, event_type):
    assert any(e.event_type == event_type for d in gold.documents for e in d.events)


@pytest.mark.parametrize("status", STATUSES)
def test_gold_set_covers_every_status(gold, status):
    assert any(e.status == status for d in gold.documents for e in d.events)


@pytest.mark.parametrize("certainty", CERTAINTIES)
def test_gold_set_covers_every_certainty(gold, certainty):
    assert any(e.certainty == certainty for d in gold.documents for e in d.events)


@pytest.mark.parametrize(
    "check",
    [
        "compound actors",
        "nested attribution with an outlet",
        "passive without agent",
        "negation",
        "articles without events",
        "relative dates",
    ],
)
def test_gold_set_covers_hard_cases(gold, check):
    events = [e for d in gold.documents for e in d.events]
    found = {
        "compound actors": any(len(e.actor or ()) > 1 for e in events),
        "nested attribution with an outlet": any(
            a.speaker and a.outlet for e in events for a in e.attribution or ()
        ),
        "passive without agent": any(e.actor == () and e.recipient for e in events),
        "negation": any(e.status == "negated" for e in events),
        "articles without events": any(not d.events for d in gold.documents),
        "relative dates": sum(1 for e in events if e.date) >= 40,
    }[check]
    assert found


def test_gold_set_modes_and_sectors_are_in_the_ontology(gold):
    ontology = load_ontology()
    for doc in gold.documents:
        for e in doc.events:
            ontology.check(e.event_type, e.mode, ())
            for ref in (e.actor or ()) + (e.recipient or ()):
                assert ref.sector is None or ontology.canonical_sector(ref.sector) == ref.sector


def test_samples_load_as_articles():
    text = (resources.files("dotterel") / "data" / "samples" / "samples.jsonl").read_text("utf-8")
    records = [json.loads(line) for line in text.splitlines() if line.strip()]
    articles = [Article.from_dict(r) for r in records]
    assert 10 <= len(articles) <= 12
    assert len({a.id for a in articles}) == len(articles)
    for article, record in zip(articles, records, strict=True):
        assert record["version"] == "1"
        assert article.date and article.source and "example.org" in (article.url or "")
        assert article.text.count(". ") >= 3
