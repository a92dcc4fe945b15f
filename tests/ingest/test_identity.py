"""Article identity: canonical URLs, content hashes and date notes."""

from __future__ import annotations

import datetime as dt

import pytest

from dotterel.ingest import NOTE_STAGE, build_article, canonical_url
from dotterel.records import Article, Reject


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTPS://News.Example.COM/a/b?utm_source=x&id=3#top", "https://news.example.com/a/b?id=3"),
        ("http://example.com:80", "http://example.com/"),
        ("https://example.com:8443/x", "https://example.com:8443/x"),
        ("https://example.com/x?b=2&a=1&fbclid=zz", "https://example.com/x?a=1&b=2"),
        ("https://example.com/Case/Path", "https://example.com/Case/Path"),
        ("file:///tmp/a.html", "file:///tmp/a.html"),
        ("  ", None),
        (None, None),
    ],
)
def test_canonical_url(url, canonical):
    assert canonical_url(url) == canonical


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ({"url": "https://ex.org/s?utm_medium=rss"}, {"url": "HTTPS://EX.ORG/s#comments"}),
        ({}, {"title": "Another title"}),
    ],
)
def test_build_article_same_article_same_id(first, second):
    text = "The council of Pellmark voted to close the mine."
    a = next(build_article(text, origin="a", **first))
    b = next(
        build_article("The council of  Pellmark voted to close the mine.", origin="b", **second)
    )
    assert a.id == b.id


@pytest.mark.parametrize("given", ["doc-17", 17])
def test_build_article_keeps_given_id(given):
    article = next(build_article("Text.", origin="corpus.jsonl", line=4, article_id=given))
    assert (article.id, article.origin) == (str(given), "corpus.jsonl:4")


@pytest.mark.parametrize(
    ("date", "iso"),
    [
        ("2024-03-14", "2024-03-14"),
        ("2024-03-14T10:22:00Z", "2024-03-14"),
        ("Thu, 14 Mar 2024 10:22:00 +0000", "2024-03-14"),
        (dt.date(2024, 3, 14), "2024-03-14"),
    ],
)
def test_build_article_normalises_dates(date, iso):
    items = list(build_article("Text.", origin="x", date=date))
    assert [type(i) for i in items] == [Article]
    assert items[0].date == iso


@pytest.mark.parametrize(
    ("date", "reason"),
    [("not a date at all", "unreadable date"), ("2999-01-01", "lies in the future")],
)
def test_build_article_bad_date_kept_without_date_and_noted(date, reason):
    article, note = build_article("Text.", origin="x", line=2, date=date)
    assert isinstance(article, Article) and article.date is None
    assert isinstance(note, Reject)
    assert (note.stage, note.line, note.article_id) == (NOTE_STAGE, 2, article.id)
    assert reason in note.reason
