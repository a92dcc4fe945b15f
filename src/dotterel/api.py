"""The Python API: code text or articles in one call.

>>> import dotterel
>>> events = dotterel.code_text("Estonia expelled two Russian diplomats.", date="2024-03-14")
>>> events[0].event_type
'SANCTION'
"""

from __future__ import annotations

import datetime as dt
import email.utils
import functools
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from dotterel.errors import InputError, ValidationError
from dotterel.records import Article, Event

_ARTICLE_KEYS = ("id", "text", "title", "date", "url", "source", "language", "origin")


@functools.lru_cache(maxsize=4)
def get_coder(model: str | None = None) -> Any:
    """The process-wide :class:`~dotterel.coder.Coder` for ``model`` (loaded on first use)."""
    from dotterel.coder import Coder

    return Coder(model)


def normalise_date(value: object, *, field: str = "date") -> str | None:
    """An ISO ``YYYY-MM-DD`` date from a date, datetime, ISO string or RFC 2822 string.

    Raises :class:`ValidationError` for a value that is not a date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    import dateparser

    parsed = dateparser.parse(text, languages=["en"], settings={"STRICT_PARSING": False})
    if parsed is None:
        raise ValidationError(f"{field} {text!r} is not a date", hint="use YYYY-MM-DD")
    return parsed.date().isoformat()


def make_article(data: Article | str | Mapping[str, Any], **meta: Any) -> Article:
    """Normalise a text, a dict or an :class:`Article` (plus keyword metadata) into an Article."""
    if isinstance(data, Article):
        if not meta:
            return data
        fields = data.to_dict()
    elif isinstance(data, str):
        fields = {"text": data}
    elif isinstance(data, Mapping):
        fields = dict(data)
    else:
        raise InputError(f"cannot code a {type(data).__name__}: pass text, a dict or an Article")
    fields.update({k: v for k, v in meta.items() if v is not None})
    text = fields.get("text")
    if not isinstance(text, str):
        raise InputError("an article needs a `text` string")
    date = normalise_date(fields.get("date"))
    url = fields.get("url") or None
    article_id = fields.get("id") or Article.make_id(text, url)
    return Article(
        id=str(article_id),
        text=text,
        title=fields.get("title"),
        date=date,
        url=url,
        source=fields.get("source"),
        language=fields.get("language"),
        origin=fields.get("origin"),
    )


def code_text(
    text: str,
    *,
    date: str | dt.date | None = None,
    source: str | None = None,
    url: str | None = None,
    title: str | None = None,
    model: str | None = None,
) -> list[Event]:
    """Code one text into events. ``date`` is the publication date that relative dates use.

    Empty text gives no events; binary or non-English text raises :class:`InputError`.
    """
    article = make_article(text, date=date, source=source, url=url, title=title)
    coded = get_coder(model).code_article(article)
    if coded.reject is not None:
        raise InputError(coded.reject.reason, stage=coded.reject.stage)
    return list(coded.events)


def code_articles(
    articles: Iterable[Article | str | Mapping[str, Any]],
    *,
    model: str | None = None,
    batch_size: int = 16,
) -> Iterator[Any]:
    """Code many articles in one stream; yields :class:`~dotterel.coder.CodedArticle` records.

    A bad article yields a record with ``reject`` set; the stream goes on.
    """
    coder = get_coder(model)
    return coder.code_articles((make_article(a) for a in articles), batch_size=batch_size)  # type: ignore[no-any-return]
