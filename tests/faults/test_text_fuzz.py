"""Fuzzing the text path with hypothesis: any text gives events whose offsets point into it,
or a clear :class:`InputError` / reject, never another exception."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dotterel.api import code_text
from dotterel.errors import InputError
from dotterel.records import Article, Event
from dotterel.textio import clean_text

# Words that make the coder's patterns, roles, dates, places and attribution fire, so the
# fuzzer reaches past the parser; mixed with arbitrary characters and whitespace.
_VOCABULARY = (
    "Russia Ukraine Kenya Nairobi police troops protesters minister government rebels army "
    "attacked shelled protested met accused threatened agreed denied arrested fired said "
    "reportedly allegedly not will may on Monday in March 2024 yesterday the a of to and "
    "\u201c \u201d \" ' ( ) , . ; : ? ! - \u2014 \n \n\n \t \u00a0 \u200b \ufeff \x00 \x07 \ufffd"
).split(" ")
_WORDS = st.one_of(
    st.sampled_from(_VOCABULARY),
    st.text(max_size=8),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=4),
)
_CLAUSE = st.tuples(
    st.sampled_from(["Russian troops", "Kenyan police", "The minister", "Rebels", "Ukraine"]),
    st.sampled_from(["attacked", "shelled", "accused", "met", "threatened", "did not attack"]),
    st.sampled_from(["the village", "protesters in Nairobi", "Moscow", "the army", ""]),
    st.lists(_WORDS, max_size=6).map(" ".join),
).map(lambda parts: " ".join(parts) + ".")
TEXTS = st.one_of(
    st.text(max_size=300),
    st.lists(_WORDS, max_size=120).map(" ".join),
    st.lists(st.one_of(_CLAUSE, _WORDS), min_size=1, max_size=12).map(" ".join),
)


def _assert_offsets(event: Event, text: str) -> None:
    # Control characters become spaces before coding; offsets stay true to the input.
    clean = clean_text(text)
    ev = event.evidence
    assert 0 <= ev.start <= ev.trigger_start < ev.trigger_end <= ev.end <= len(text)
    assert clean[ev.trigger_start : ev.trigger_end] == ev.trigger
    assert clean[ev.start : ev.end] == ev.sentence


@pytest.mark.slow
@pytest.mark.parametrize("date", [None, "2024-03-05"])
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=TEXTS)
def test_code_text_any_text_gives_events_or_input_error(nlp, date, text):
    try:
        events = code_text(text, date=date)
    except InputError as exc:
        assert exc.message  # a reason, not an empty error
        return
    for event in events:
        _assert_offsets(event, text)


@pytest.mark.slow
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(texts=st.lists(TEXTS, min_size=1, max_size=4))
def test_code_articles_any_batch_codes_each_article_or_rejects_it(coder, texts):
    articles = [Article(id=f"a{i}", text=t, origin=f"fuzz:{i}") for i, t in enumerate(texts)]
    coded = list(coder.code_articles(articles, batch_size=len(articles)))
    assert [c.article.id for c in coded] == [a.id for a in articles]
    for item in coded:
        if item.reject is not None:
            assert item.events == () and item.reject.reason and item.reject.stage
            assert item.reject.article_id == item.article.id
        for event in item.events:
            assert event.article_id == item.article.id
            _assert_offsets(event, item.article.text)
