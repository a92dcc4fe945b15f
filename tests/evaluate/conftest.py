"""Builders for hand-made coded events and gold documents (no parser involved)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest

from dotterel.records import ActorRef, Attribution, Event, Evidence, Location


def make_event(
    text: str,
    trigger: str,
    event_type: str,
    *,
    actor: Sequence[tuple[str, str | None]] = (),
    recipient: Sequence[tuple[str, str | None]] = (),
    mode: str | None = None,
    status: str = "occurred",
    certainty: str = "asserted",
    location: Location | None = None,
    date: str | None = None,
    attribution: Sequence[Attribution] = (),
    quad: int = 1,
    nth: int = 1,
) -> Event:
    """A coded event whose trigger is the ``nth`` occurrence of ``trigger`` in ``text``.

    Its sentence is the stretch of ``text`` between the full stops around the trigger.
    """
    start = -1
    for _ in range(nth):
        start = text.index(trigger, start + 1)
    s_start = text.rfind(". ", 0, start) + 2 if text.rfind(". ", 0, start) >= 0 else 0
    s_end = text.find(". ", start)
    s_end = len(text) if s_end < 0 else s_end + 1
    return Event(
        id=f"e{start}{event_type}",
        article_id="a",
        event_type=event_type,
        mode=mode,
        contexts=(),
        actor=tuple(ActorRef(text=c, code=c, sector=s) for c, s in actor),
        recipient=tuple(ActorRef(text=c, code=c, sector=s) for c, s in recipient),
        date=date,
        date_precision="day" if date else "publication",
        location=location,
        status=status,
        certainty=certainty,
        attribution=tuple(attribution),
        quad_code=quad,
        score=0.0,
        evidence=Evidence(
            sentence_index=0,
            sentence=text[s_start:s_end],
            start=s_start,
            end=s_end,
            trigger=trigger,
            trigger_start=start,
            trigger_end=start + len(trigger),
            pattern_id="test",
        ),
        coder_version="test",
    )


class StubCoder:
    """Returns prepared events per article id, the way ``Coder.code_articles`` would."""

    def __init__(self, events: dict[str, list[Event]]) -> None:
        self.events = events

    def code_articles(self, articles: Any, *, batch_size: int = 16) -> Any:
        for article in articles:
            yield _Result(tuple(self.events.get(article.id, ())), None)


class _Result:
    def __init__(self, events: tuple[Event, ...], reject: Any) -> None:
        self.events = events
        self.reject = reject


@pytest.fixture
def event() -> Callable[..., Event]:
    """The :func:`make_event` builder."""
    return make_event


@pytest.fixture
def stub_coder() -> type[StubCoder]:
    """The :class:`StubCoder` class."""
    return StubCoder
