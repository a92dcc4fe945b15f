"""Readers for whole-document inputs: plain text files, HTML pages and RSS/Atom feeds.

Every reader returns articles or :class:`~dotterel.records.Reject` records with a specific
reason; none raises for bad input, so one broken file never stops a batch.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

from dotterel.errors import InputError
from dotterel.ingest.identity import build_article
from dotterel.records import Article, Reject
from dotterel.textio import decode_bytes

# trafilatura and feedparser log every odd page at WARNING; the reject records say it better.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


def _decode(data: bytes, origin: str, max_bytes: int) -> str | Reject:
    try:
        text = decode_bytes(data, origin=origin, max_bytes=max_bytes)
    except InputError as exc:
        return Reject(origin=origin, stage=exc.stage, reason=_reason(exc))
    if not text.strip():
        return Reject(origin=origin, stage="read", reason="is empty (no text to code)")
    return text


def _reason(exc: InputError) -> str:
    return exc.message + (f" ({exc.hint})" if exc.hint else "")


def read_text(data: bytes, *, origin: str, max_bytes: int) -> Iterator[Article | Reject]:
    """One article from a plain-text document."""
    text = _decode(data, origin, max_bytes)
    if isinstance(text, Reject):
        yield text
        return
    yield from build_article(text, origin=origin)


def read_html(
    data: bytes, *, origin: str, max_bytes: int, url: str | None = None
) -> Iterator[Article | Reject]:
    """One article from an HTML page: its main text, title, date, outlet and URL (trafilatura)."""
    text = _decode(data, origin, max_bytes)
    if isinstance(text, Reject):
        yield text
        return
    import trafilatura

    try:
        doc: Any = trafilatura.bare_extraction(
            text, url=url, with_metadata=True, include_comments=False, include_tables=False
        )
    except (ValueError, TypeError, RecursionError, MemoryError) as exc:
        yield Reject(origin=origin, stage="read", reason=f"cannot parse the HTML page ({exc})")
        return
    body = getattr(doc, "text", None) if doc is not None else None
    if (not body or not body.strip()) and _too_deep(text):
        # lxml stops reading below its depth limit, so trafilatura sees an empty page; the
        # plain-text reader has no such limit (scripts and styles are still dropped).
        body = html_to_text(text)
        if len(body) < MIN_FALLBACK_CHARS:
            reason = (
                "no main text found in the HTML page (its tags nest more than "
                f"{PARSER_MAX_DEPTH} levels deep)"
            )
            yield Reject(origin=origin, stage="read", reason=reason)
            return
    if not body or not body.strip():
        yield Reject(origin=origin, stage="read", reason="no main text found in the HTML page")
        return
    yield from build_article(
        body,
        origin=origin,
        title=getattr(doc, "title", None),
        date=getattr(doc, "date", None),
        url=getattr(doc, "url", None) or url,
        source=getattr(doc, "sitename", None) or getattr(doc, "hostname", None),
    )


#: libxml2's HTML parser (under trafilatura) ignores everything nested deeper than this.
PARSER_MAX_DEPTH = 255
#: A too-deep page read as plain text must give at least this much text to be an article.
MIN_FALLBACK_CHARS = 40
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(/?)>")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


def _too_deep(html: str) -> bool:
    """True when the page's tags nest deeper than :data:`PARSER_MAX_DEPTH` (approximately:
    unclosed ``<p>`` or ``<li>`` count as open)."""
    depth = 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.groups()
        if self_closing or name.lower() in _VOID:
            continue
        depth += -1 if closing else 1
        if depth > PARSER_MAX_DEPTH:
            return True
    return False


class _TextOnly(HTMLParser):
    """Text of an HTML fragment (feed summaries), without scripts and styles."""

    _SKIP = frozenset({"script", "style", "template", "noscript", "title"})
    _BREAK = frozenset({"p", "br", "div", "li", "h1", "h2", "h3", "h4", "tr", "blockquote"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BREAK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1
        elif tag in self._BREAK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, paragraphs separated by blank lines."""
    parser = _TextOnly()
    parser.feed(fragment)
    parser.close()
    text = "".join(parser.parts)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _unsafe_xml(data: bytes) -> str | None:
    """Why an XML document must not be parsed (entity declarations, external entities), if so."""
    import defusedxml.ElementTree as safe_et
    from defusedxml import DefusedXmlException

    try:
        safe_et.fromstring(data)
    except DefusedXmlException as exc:
        return (
            f"the XML declares entities ({type(exc).__name__}); refused as a possible "
            "entity-expansion or external-entity attack"
        )
    except Exception:  # noqa: BLE001 - malformed XML is left to feedparser's lenient parser
        return None
    return None


def _entry_date(entry: Any) -> str | None:
    # dict.get bypasses feedparser's deprecated key aliases (and their warnings).
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = dict.get(entry, key)
        if value:
            try:
                return dt.date(value.tm_year, value.tm_mon, value.tm_mday).isoformat()
            except (ValueError, AttributeError):
                continue
    for key in ("published", "updated", "created"):
        if dict.get(entry, key):
            return str(dict.get(entry, key))
    return None


def read_feed(data: bytes, *, origin: str, max_bytes: int) -> Iterator[Article | Reject]:
    """One article per RSS/Atom item, from the text the feed carries (linked pages are not
    fetched). Items are numbered from 1 in the rejects' ``line``."""
    if len(data) > max_bytes:
        yield Reject(origin=origin, stage="read", reason="the feed is over the size limit")
        return
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        yield Reject(origin=origin, stage="read", reason="looks like a binary file (NUL bytes)")
        return
    unsafe = _unsafe_xml(data)
    if unsafe:
        yield Reject(origin=origin, stage="read", reason=unsafe)
        return
    import feedparser

    parsed = feedparser.parse(data)
    entries = list(parsed.get("entries") or [])
    if not entries:
        problem = parsed.get("bozo_exception")
        reason = f"not a readable RSS/Atom feed ({problem})" if problem else "the feed has no items"
        yield Reject(origin=origin, stage="read", reason=reason)
        return
    outlet = (parsed.get("feed") or {}).get("title")
    for number, entry in enumerate(entries, start=1):
        html = ""
        if entry.get("content"):
            html = " ".join(str(c.get("value", "")) for c in entry["content"])
        html = html or str(entry.get("summary") or entry.get("description") or "")
        text = html_to_text(html)
        if not text:
            yield Reject(origin=origin, stage="read", reason="the item has no text", line=number)
            continue
        yield from build_article(
            text,
            origin=origin,
            line=number,
            title=entry.get("title"),
            date=_entry_date(entry),
            url=entry.get("link"),
            source=outlet,
        )
