"""Date resolution against a fixed publication date (Wednesday 17 October 2018)."""

from __future__ import annotations

from datetime import date

import pytest

from dotterel.dates import HISTORICAL_DAYS, DateResolver, EventDate, resolve

PUB = date(2018, 10, 17)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("on Wednesday", "2018-10-17", "day"),
        ("Monday", "2018-10-15", "day"),
        ("Thursday night", "2018-10-11", "day"),
        ("last Wednesday", "2018-10-10", "day"),
        ("next Tuesday", "2018-10-23", "day"),
        ("yesterday", "2018-10-16", "day"),
        ("last night", "2018-10-16", "day"),
        ("today", "2018-10-17", "day"),
        ("earlier this week", "2018-10-15", "week"),
        ("last week", "2018-10-08", "week"),
        ("two weeks ago", "2018-10-01", "week"),
        ("last month", "2018-09", "month"),
        ("earlier this month", "2018-10", "month"),
        ("in recent months", "2018-10", "month"),
        ("March 2018", "2018-03", "month"),
        ("late March", "2018-03", "month"),
        ("November", "2017-11", "month"),
        ("in the past year", "2018", "year"),
        ("last year", "2017", "year"),
        ("three years ago", "2015", "year"),
        ("mid-2016", "2016", "year"),
        ("July 4, 2018", "2018-07-04", "day"),
        ("Dec. 10", "2017-12-10", "day"),
    ],
)
def test_resolve_past_expressions(text, expected, precision):
    found = resolve(text, PUB)
    assert found is not None
    assert (found.date, found.precision, found.text) == (expected, precision, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Friday", "2018-10-19"), ("Wednesday", "2018-10-24"), ("November", "2018-11")],
)
def test_resolve_future_clauses_look_ahead(text, expected):
    found = resolve(text, PUB, future=True)
    assert found is not None and found.date == expected


@pytest.mark.parametrize("text", ["annual", "three years", "50-year-old", "the 1990s", "decades"])
def test_resolve_ignores_durations(text):
    assert resolve(text, PUB) is None


@pytest.mark.parametrize(
    ("text", "historical"),
    [("March 2018", True), ("last month", False), ("last year", True), ("yesterday", False)],
)
def test_resolve_marks_dates_well_before_publication_historical(text, historical):
    found = resolve(text, PUB)
    assert found is not None and found.historical is historical
    assert HISTORICAL_DAYS == 30


@pytest.mark.parametrize(
    ("text", "expected"),
    [("March 2018", "2018-03"), ("July 4, 2018", "2018-07-04"), ("on Wednesday", None)],
)
def test_resolve_without_publication_date_keeps_only_absolute_dates(text, expected):
    found = resolve(text, None)
    assert (found.date if found else None) == expected


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "trigger", "publication", "expected"),
    [
        (
            "Police arrested two activists on Tuesday, officials said on Thursday.",
            "arrested",
            "2018-10-17",
            EventDate("2018-10-16", "day", "Tuesday", False),
        ),
        (
            "Police arrested two activists on Tuesday, officials said on Thursday.",
            "said",
            "2018-10-17",
            EventDate("2018-10-11", "day", "Thursday", False),
        ),
        (
            "The ministers will meet on Friday.",
            "meet",
            "2018-10-17",
            EventDate("2018-10-19", "day", "Friday", False),
        ),
        (
            "The ministers met on Friday.",
            "met",
            "2018-10-17",
            EventDate("2018-10-12", "day", "Friday", False),
        ),
        (
            "They foiled an aborted March 2018 plot against exiles.",
            "plot",
            "2018-10-17",
            EventDate("2018-03", "month", "March 2018", True),
        ),
        (
            "Protesters blocked the main road.",
            "blocked",
            "2018-10-17",
            EventDate("2018-10-17", "publication", None, False),
        ),
        (
            "Protesters blocked the main road on Monday.",
            "blocked",
            None,
            EventDate(None, "unknown", None, False),
        ),
    ],
)
def test_for_trigger_takes_the_nearest_date_or_the_publication_date(
    nlp, text, trigger, publication, expected
):
    doc = nlp(text)
    token = next(t for t in doc if t.text == trigger)
    assert DateResolver().scan(doc, publication).for_trigger(token) == expected
