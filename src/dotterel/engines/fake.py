"""A test double of :class:`dotterel.coder.Coder` that needs no spaCy model.

``FakeCoder`` ("dotterel.fake.v1") codes one event per sentence that contains a keyword
("attacked" → ASSAULT, "protested" → PROTEST …), with the nearest capitalised words before and
after the keyword as actor and recipient. It is deterministic, fast, and can be slowed down
(``delay=`` or ``$DOTTEREL_FAKE_DELAY`` seconds per article) or made to reject an article (text
containing ``FAKE-FAIL``) or to crash its process (text containing ``FAKE-CRASH``), which is
what the batch runner's crash and resume tests need. Never use it for real data.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterable, Iterator

from dotterel.coder import CodedArticle
from dotterel.records import ActorRef, Article, Event, Evidence, Reject, event_id

#: The registered name of this coder.
NAME = "dotterel.fake.v1"
#: Environment variable: seconds to sleep per article (to make runs slow enough to kill).
DELAY_ENV_VAR = "DOTTEREL_FAKE_DELAY"
#: An article containing this marker is rejected at stage ``code``.
FAIL_MARKER = "FAKE-FAIL"
#: An article containing this marker kills the process coding it (as a segfault would).
CRASH_MARKER = "FAKE-CRASH"

# keyword stem → (event type, quad class, score)
KEYWORDS: dict[str, tuple[str, int, float]] = {
    "attack": ("ASSAULT", 4, -9.0),
    "shell": ("ASSAULT", 4, -9.0),
    "protest": ("PROTEST", 3, -6.0),
    "sanction": ("SANCTION", 3, -5.0),
    "accuse": ("ACCUSE", 3, -4.0),
    "threat": ("THREATEN", 3, -7.0),
    "meet": ("CONSULT", 1, 1.0),
    "talks": ("CONSULT", 1, 1.0),
    "aid": ("AID", 2, 7.0),
    "agree": ("AGREE", 1, 4.0),
}
_SENTENCE = re.compile(r"[^.!?]+[.!?]*")
_WORD = re.compile(r"[A-Za-z][\w'-]*")


def _code(word: str) -> str:
    return re.sub(r"[^A-Z]", "", word.upper())[:3].ljust(3, "X")


class FakeCoder:
    """Deterministic keyword coder with the same interface as :class:`dotterel.coder.Coder`."""

    def __init__(self, model: str | None = None, *, delay: float | None = None) -> None:
        self.model = model
        env = os.environ.get(DELAY_ENV_VAR)
        self.delay = delay if delay is not None else float(env) if env else 0.0

    def code_article(self, article: Article) -> CodedArticle:
        """Code one article (one event per keyword sentence)."""
        if self.delay:
            time.sleep(self.delay)
        if CRASH_MARKER in article.text:
            os._exit(70)  # noqa: SLF001 - simulate a hard crash (no cleanup, like a segfault)
        if FAIL_MARKER in article.text:
            reject = Reject(
                origin=article.origin or article.id,
                stage="code",
                reason=f"the text contains {FAIL_MARKER}",
                article_id=article.id,
            )
            return CodedArticle(article, (), reject)
        events = []
        for index, match in enumerate(_SENTENCE.finditer(article.text)):
            event = self._event(article, index, match.group(), match.start())
            if event is not None:
                events.append(event)
        return CodedArticle(article, tuple(events), None)

    def code_articles(
        self, articles: Iterable[Article], *, batch_size: int = 16
    ) -> Iterator[CodedArticle]:
        """Code a stream of articles in order."""
        for article in articles:
            yield self.code_article(article)

    def _event(self, article: Article, index: int, sentence: str, offset: int) -> Event | None:
        words = [(m.group(), m.start()) for m in _WORD.finditer(sentence)]
        for position, (word, start) in enumerate(words):
            stem = next((k for k in KEYWORDS if word.lower().startswith(k)), None)
            if stem is None:
                continue
            event_type, quad, score = KEYWORDS[stem]
            before = [w for w, _ in words[:position] if w[0].isupper()]
            after = [w for w, _ in words[position + 1 :] if w[0].isupper()]
            actor = (ActorRef(before[-1], _code(before[-1])),) if before else ()
            recipient = (ActorRef(after[0], _code(after[0])),) if after else ()
            trigger_start = offset + start
            text = sentence.strip()
            lead = len(sentence) - len(sentence.lstrip())
            return Event(
                id=event_id(article.id, index, trigger_start, event_type),
                article_id=article.id,
                event_type=event_type,
                mode=None,
                contexts=(),
                actor=actor,
                recipient=recipient,
                date=article.date,
                date_precision="publication" if article.date else "unknown",
                location=None,
                status="occurred",
                certainty="asserted",
                attribution=(),
                quad_code=quad,
                score=score,
                evidence=Evidence(
                    sentence_index=index,
                    sentence=text,
                    start=offset + lead,
                    end=offset + lead + len(text),
                    trigger=word,
                    trigger_start=trigger_start,
                    trigger_end=trigger_start + len(word),
                    pattern_id=f"fake.{stem}",
                ),
                coder_version=NAME,
            )
        return None


def fake_coder_factory(model: str | None = None) -> FakeCoder:
    """A :class:`FakeCoder` (module-level, so it pickles into worker processes)."""
    return FakeCoder(model)
