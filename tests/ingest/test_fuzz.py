"""Readers never raise on arbitrary input: they yield articles or rejects (hypothesis)."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dotterel.ingest import FieldMap, canonical_url
from dotterel.ingest.documents import read_feed, read_text
from dotterel.ingest.tabular import read_csv, read_jsonl
from dotterel.records import Article, Reject

LIMIT = 100_000


def _stream(data: bytes) -> io.BufferedReader:
    return io.BufferedReader(io.BytesIO(data))


@pytest.mark.parametrize("reader", ["text"])
@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=2000))
def test_read_text_any_bytes_gives_one_article_or_reject(reader, data):
    items = list(read_text(data, origin="f", max_bytes=LIMIT))
    assert isinstance(items[0], (Article, Reject))
    assert all(isinstance(i, Reject) for i in items[1:])


@pytest.mark.parametrize("reader", [read_jsonl, read_csv])
@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=2000) | st.text(max_size=500).map(str.encode))
def test_tabular_readers_never_raise(reader, data):
    items = list(reader(_stream(data), origin="c", fieldmap=FieldMap(), max_bytes=LIMIT))
    assert all(isinstance(i, (Article, Reject)) for i in items)


@pytest.mark.parametrize(
    "wrap", [b"<rss><channel><item><description>%s</description></item></channel></rss>"]
)
@settings(max_examples=100, deadline=None)
@given(body=st.text(max_size=300))
def test_read_feed_never_raises(wrap, body):
    data = wrap.replace(b"%s", body.encode("utf-8", "surrogatepass"))
    items = list(read_feed(data, origin="f.xml", max_bytes=LIMIT))
    assert items and all(isinstance(i, (Article, Reject)) for i in items)


@pytest.mark.parametrize("scheme", ["http://", "https://", ""])
@settings(max_examples=200, deadline=None)
@given(rest=st.text(max_size=80))
def test_canonical_url_never_raises_and_is_idempotent(scheme, rest):
    once = canonical_url(scheme + rest)
    assert once is None or canonical_url(once) == once
