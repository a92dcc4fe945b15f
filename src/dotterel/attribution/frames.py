"""Attribution frames, the per-trigger chains they add up to, and the quotations they report.

A frame is one attribution (a :class:`~dotterel.records.Attribution` link) and the token range
its content covers, minus holes such as the reporting clause itself. :class:`ArticleAttributions`
holds one document's frames and answers, for any trigger token, the chain of sources around it:
innermost first, the article's own outlet (:data:`PUBLISHED_BY`) last.

Quotations come in several typographies (curly, straight, doubled single quotes as some wires
print them); a quotation belongs to the reporting verb right next to it ("“…,” she said"), and
one standing alone after a quoted speaker's sentence continues that speaker's frame.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from dotterel.records import Attribution

#: The cue of the last link of every chain: the outlet that published the article.
PUBLISHED_BY = "published by"
# Curly double, straight double, doubled straight single ('' … '', as some wires print them),
# and curly single quotes around a passage of some length (not apostrophes).
_QUOTES = re.compile(
    r"“([^”\n]{2,}?)”|\"([^\"\n]{2,}?)\"|(?:``|'')([^\n]{2,}?)''"
    r"|(?<![\w’'])‘([^’\n]{8,}?)’(?!\w)"
)
# How many tokens may separate a quotation from the verb that introduces it.
_NEAR = 40


@dataclass(frozen=True, slots=True)
class _Frame:
    """One attribution and the tokens it covers: [start, end) minus ``holes``."""

    link: Attribution
    start: int
    end: int
    holes: tuple[tuple[int, int], ...] = ()
    extra: tuple[Attribution, ...] = ()  # outlet links that follow the speaker's link
    quotes: tuple[Span, ...] = ()  # every quotation the frame reports

    def covers(self, i: int) -> bool:
        return self.start <= i < self.end and not any(a <= i < b for a, b in self.holes)


def _quoting(frame: _Frame, i: int) -> Attribution:
    """The frame's link, showing the quotation that holds token ``i`` when there is one."""
    quote = next((q for q in frame.quotes if q.start <= i < q.end), None)
    if quote is None or frame.link.quote_start == quote.start_char:
        return frame.link
    return dataclasses.replace(
        frame.link, quote=quote.text, quote_start=quote.start_char, quote_end=quote.end_char
    )


class ArticleAttributions:
    """The attribution frames of one document, queried per trigger."""

    def __init__(self, frames: list[_Frame], outlet: str | None) -> None:
        # Innermost first: a smaller content range sits inside a larger one.
        self._frames = sorted(frames, key=lambda f: (f.end - f.start, f.start))
        self.outlet = outlet
        #: Every link found, in document order (the speaker's link of each frame).
        self.attributions: tuple[Attribution, ...] = tuple(
            f.link for f in sorted(frames, key=lambda f: (f.link.cue_start or 0, f.start))
        )

    def for_token(self, trigger: Token) -> tuple[Attribution, ...]:
        """The chain of the event whose head is ``trigger``, innermost source first."""
        chain: list[Attribution] = []
        for frame in self._frames:
            if frame.covers(trigger.i):
                for link in (_quoting(frame, trigger.i), *frame.extra):
                    if link not in chain:
                        chain.append(link)
        if self.outlet:
            chain.append(Attribution(cue=PUBLISHED_BY, outlet=self.outlet))
        return tuple(chain)

    def __len__(self) -> int:
        return len(self._frames)


def _find_quotes(doc: Doc, text: str) -> list[Span]:
    """Quoted passages (the text inside the marks) as token spans, in document order."""
    spans = []
    for match in _QUOTES.finditer(text):
        group = next(g for g in range(1, 5) if match.group(g) is not None)
        span = doc.char_span(match.start(group), match.end(group), alignment_mode="expand")
        if span is not None and len(span):
            spans.append(span)
    return spans


def _adjacent_quotes(verb: Token, quotes: list[Span]) -> list[Span]:
    """'“…,” she said' / 'she said: “…”': quotations right next to the reporting clause.

    Only punctuation and the verb's own words (its subject, auxiliaries, "reporters") may
    stand between the quotation and the verb.
    """
    doc = verb.doc
    own: set[int] | None = None
    found = []
    for quote in quotes:
        if quote.start > verb.i + _NEAR:
            break
        if len(quote) < 3 or quote.start <= verb.i < quote.end or verb.i - quote.end > _NEAR:
            continue
        if own is None:
            clausal = {
                t.i
                for c in verb.children
                if c.dep_ in ("ccomp", "xcomp", "parataxis", "advcl")
                for t in c.subtree
            }
            own = {t.i for t in verb.subtree} - clausal
        between = doc[quote.end : verb.i] if quote.end <= verb.i else doc[verb.i + 1 : quote.start]
        if all(t.is_punct or t.is_space or t.i in own for t in between):
            found.append(quote)
    return found


def _continued_quotes(doc: Doc, quotes: list[Span], frames: list[_Frame]) -> list[_Frame]:
    """A quotation standing alone right after a quoted speaker's sentence is the same speaker's."""
    out: list[_Frame] = []
    quoted = [f for f in frames if f.link.quote is not None]
    for quote in quotes:
        if len(quote) < 5 or any(f.covers(quote.start) for f in frames):
            continue
        before = [f for f in quoted if f.end <= quote.start and quote.start - f.end < 60]
        if not before:
            continue
        last = max(before, key=lambda f: f.end)
        link = dataclasses.replace(
            last.link,
            quote=quote.text,
            quote_start=quote.start_char,
            quote_end=quote.end_char,
        )
        out.append(_Frame(link, quote.start, quote.end, (), last.extra))
    return out
