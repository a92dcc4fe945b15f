"""FakeCoder: the model-free test double of the coder."""

from __future__ import annotations

import time

import pytest

from dotterel.engines.fake import DELAY_ENV_VAR, FakeCoder
from dotterel.records import Article


def _article(text: str, date: str | None = "2024-04-02") -> Article:
    return Article(id=Article.make_id(text), text=text, date=date, origin="t.txt")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Arland attacked Brevia at dawn. Nothing else happened.",
            [("ASSAULT", "ARL", "BRE", 0)],
        ),
        (
            "The weather was mild. Farmers in Corvin protested. Envoys will meet Dalmar.",
            [("PROTEST", "COR", None, 1), ("CONSULT", "ENV", "DAL", 2)],
        ),
        ("Nothing of note.", []),
    ],
)
def test_fake_coder_one_event_per_keyword_sentence(text, expected):
    coded = FakeCoder().code_article(_article(text))
    got = [
        (
            e.event_type,
            e.actor[0].code if e.actor else None,
            e.recipient[0].code if e.recipient else None,
            e.evidence.sentence_index,
        )
        for e in coded.events
    ]
    assert got == expected
    for e in coded.events:
        ev = e.evidence
        assert text[ev.start : ev.end] == ev.sentence
        assert text[ev.trigger_start : ev.trigger_end] == ev.trigger


@pytest.mark.parametrize("date", ["2024-04-02", None])
def test_fake_coder_is_deterministic_and_dates_from_publication(date):
    article = _article("Arland attacked Brevia.", date)
    first, second = FakeCoder().code_article(article), FakeCoder().code_article(article)
    assert first == second
    assert first.events[0].date == date
    assert first.events[0].date_precision == ("publication" if date else "unknown")


@pytest.mark.parametrize("text", ["FAKE-FAIL Arland attacked Brevia."])
def test_fake_coder_fail_marker_rejects(text):
    coded = FakeCoder().code_article(_article(text))
    assert coded.events == () and coded.reject is not None and coded.reject.stage == "code"


@pytest.mark.parametrize("delay", ["0.05"])
def test_fake_coder_delay_from_environment(monkeypatch, delay):
    monkeypatch.setenv(DELAY_ENV_VAR, delay)
    start = time.perf_counter()
    list(FakeCoder().code_articles([_article("One."), _article("Two.")]))
    assert time.perf_counter() - start >= 2 * float(delay)
