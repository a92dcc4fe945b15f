"""Article identity and metadata normalisation shared by every reader.

An article is identified by its canonical URL when it has one (tracking parameters, fragments,
default ports and host case removed), else by the hash of its whitespace-normalised text, so the
same article ingested twice, from a feed and from a saved page alike, gets the same id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from dotterel.api import normalise_date
from dotterel.errors import ValidationError
from dotterel.records import Article, Reject

#: Reject stage of a note: the article is kept (and coded) but something about it was dropped.
NOTE_STAGE = "date"

# Query parameters that only track the reader; they never change which article a URL names.
_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "hsa_", "__hs", "_hs")
_TRACKING_KEYS = frozenset(
    """fbclid gclid dclid gclsrc msclkid yclid igshid twclid ttclid li_fat_id ref ref_src ref_url
    referrer cmpid ocid icid ncid sr_share smid smtyp cid s_cid mbid rss_id at_medium at_campaign
    at_custom1 at_custom2 at_custom3 at_custom4 spm vero_id wt_mc wt_zmc _ga _gl _openstat
    share share_source from partner taid""".split()
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str | None) -> str | None:
    """The URL that identifies an article: lower-case scheme and host, no default port, no
    fragment, tracking parameters dropped and the rest sorted. Non-web strings pass unchanged.
    """
    if not url or not url.strip():
        return None
    raw = url.strip()
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError:
        return raw
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return raw
    host = parts.hostname.lower().rstrip(".")
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    if parts.username:
        host = f"{parts.username}@{host}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in _TRACKING_KEYS and not k.lower().startswith(_TRACKING_PREFIXES)
    ]
    path = parts.path or "/"
    return urlunsplit((scheme, host, path, urlencode(sorted(query)), ""))


def build_article(
    text: str,
    *,
    origin: str,
    line: int | None = None,
    article_id: str | None = None,
    title: str | None = None,
    date: object = None,
    url: str | None = None,
    source: str | None = None,
    today: dt.date | None = None,
) -> Iterator[Article | Reject]:
    """The article, followed by a note (a :class:`Reject` at stage ``date``) when its date was
    unreadable or in the future and had to be dropped."""
    canonical = canonical_url(url)
    ident = str(article_id).strip() if article_id not in (None, "") else None
    ident = ident or Article.make_id(text, canonical)
    note: str | None = None
    try:
        iso = normalise_date(date)
    except (ValidationError, ValueError, OverflowError):
        iso = None
        note = f"unreadable date {str(date)[:80]!r}: article kept without a date"
    limit = (today or dt.date.today()) + dt.timedelta(days=1)
    if iso is not None and dt.date.fromisoformat(iso) > limit:
        note = f"publication date {iso} lies in the future: article kept without a date"
        iso = None
    yield Article(
        id=ident,
        text=text,
        title=_clean(title),
        date=iso,
        url=canonical,
        source=_clean(source),
        origin=origin if line is None else f"{origin}:{line}",
    )
    if note:
        yield Reject(origin=origin, stage=NOTE_STAGE, reason=note, article_id=ident, line=line)


def _clean(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None
