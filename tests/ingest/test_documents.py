"""Text, HTML and RSS/Atom readers: articles out, specific rejects for bad input."""

from __future__ import annotations

import codecs

import pytest

from dotterel.ingest.documents import html_to_text, read_feed, read_html, read_text
from dotterel.records import Article, Reject

TEXT = "The harbour authority of Wexmoor suspended all ferry traffic on Tuesday."
LIMIT = 1_000_000


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode(),
        codecs.BOM_UTF8 + TEXT.encode(),
        TEXT.encode("utf-16"),
    ],
)
def test_read_text_decodes_utf8_and_bom_marked_text(data):
    (article,) = read_text(data, origin="a.txt", max_bytes=LIMIT)
    assert isinstance(article, Article)
    assert (article.text, article.origin) == (TEXT, "a.txt")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("Caf\u00e9 d\u00e9cid\u00e9".encode("latin-1"), "not valid UTF-8"),
        (b"x" * 200, "limit"),
    ],
)
def test_read_text_rejects_with_specific_reason(data, reason):
    (reject,) = read_text(data, origin="bad.txt", max_bytes=100)
    assert isinstance(reject, Reject)
    assert reject.origin == "bad.txt" and reason in reject.reason


PAGE = """<!doctype html><html><head>
<title>Ferries halted | Wexmoor Gazette</title>
<meta property="og:site_name" content="Wexmoor Gazette">
<meta property="og:url" content="https://gazette.example/ferries?utm_source=feed">
<meta property="article:published_time" content="2024-02-06T08:00:00Z">
<script>var tracking = "do not read me";</script>
</head><body><nav>Home | World | Sport</nav><article><h1>Ferries halted</h1>
<p>The harbour authority of Wexmoor suspended all ferry traffic on Tuesday after a strike by
dock workers entered its third day.</p>
<p>Union leaders said they would meet the port's owners on Thursday to discuss pay and the
new shift rota, which workers say was imposed without consultation.</p>
<p>Passengers were told to travel through the northern terminal at Castlebay instead.</p>
</article><footer>Copyright notice</footer></body></html>"""


@pytest.mark.parametrize("page", [PAGE])
def test_read_html_extracts_main_text_and_metadata(page):
    items = list(read_html(page.encode(), origin="ferries.html", max_bytes=LIMIT))
    article = items[0]
    assert isinstance(article, Article)
    assert "suspended all ferry traffic" in article.text
    assert "do not read me" not in article.text and "Copyright" not in article.text
    assert article.date == "2024-02-06"
    assert article.url == "https://gazette.example/ferries"
    assert article.source == "Wexmoor Gazette"
    assert article.title and "Ferries halted" in article.title


@pytest.mark.parametrize(
    ("page", "reason"),
    [
        ("<html><body><script>only()</script></body></html>", "no main text"),
        ("<div>" * 5000 + "deep" + "</div>" * 5000, "no main text"),
    ],
)
def test_read_html_without_text_is_rejected(page, reason):
    items = list(read_html(page.encode(), origin="p.html", max_bytes=LIMIT))
    assert isinstance(items[-1], Reject) and reason in items[-1].reason


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Wexmoor Wire</title>
<item><title>Strike spreads</title><link>https://wire.example/1?utm_campaign=rss</link>
<pubDate>Wed, 07 Feb 2024 09:30:00 GMT</pubDate>
<description>&lt;p&gt;Dock workers in &lt;b&gt;Castlebay&lt;/b&gt; joined the strike.&lt;/p&gt;
</description></item>
<item><title>Empty</title><link>https://wire.example/2</link><description></description></item>
<item><title>Talks</title><link>https://wire.example/3</link><pubDate>someday</pubDate>
<description>Union leaders met the port owners.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Gazette</title>
<entry><title>Vote</title><link href="https://gazette.example/vote"/>
<updated>2024-02-08T12:00:00Z</updated>
<content type="html">&lt;p&gt;The council voted to reopen the terminal.&lt;/p&gt;</content></entry>
</feed>"""


@pytest.mark.parametrize("feed", [RSS])
def test_read_feed_items_become_articles(feed):
    items = list(read_feed(feed.encode(), origin="wire.xml", max_bytes=LIMIT))
    articles = [i for i in items if isinstance(i, Article)]
    rejects = [i for i in items if isinstance(i, Reject)]
    assert [a.title for a in articles] == ["Strike spreads", "Talks"]
    first = articles[0]
    assert first.text == "Dock workers in Castlebay joined the strike."
    assert (first.date, first.url, first.source) == (
        "2024-02-07",
        "https://wire.example/1",
        "Wexmoor Wire",
    )
    assert [(r.line, r.stage) for r in rejects] == [(2, "read"), (3, "date")]


@pytest.mark.parametrize("feed", [ATOM])
def test_read_feed_reads_atom(feed):
    (article,) = read_feed(feed.encode(), origin="g.atom", max_bytes=LIMIT)
    assert article.text == "The council voted to reopen the terminal."
    assert article.date == "2024-02-08"


BOMB = """<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<rss><channel><item><description>&lol2;</description></item></channel></rss>"""
EXTERNAL = """<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<rss><channel><item><description>&x;</description></item></channel></rss>"""


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (BOMB.encode(), "entity-expansion"),
        (EXTERNAL.encode(), "entity-expansion"),
        (b"<rss><channel><item><title>cut", "no text"),
        (b"just some words", "feed"),
        (b"\x00\x01binary", "binary"),
    ],
)
def test_read_feed_rejects_unsafe_or_broken_feeds(data, reason):
    items = list(read_feed(data, origin="f.xml", max_bytes=LIMIT))
    assert len(items) == 1 and isinstance(items[0], Reject)
    assert reason in items[0].reason


@pytest.mark.parametrize(
    ("fragment", "text"),
    [
        ("<p>One.</p><p>Two &amp; three.</p>", "One.\n\nTwo & three."),
        ("a<script>bad()</script>b<style>x{}</style>", "ab"),
        ("plain", "plain"),
    ],
)
def test_html_to_text(fragment, text):
    assert html_to_text(fragment) == text
